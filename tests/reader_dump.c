/* ocoplabel tests: a product file as the library reads it, one JSON line per row (for comparing with what a workbook's writer put in it). */
#include <ocoplabel/ocoplabel.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void json_str(GString *o, const char *s)
{
	g_string_append_c(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_printf(o, "\\%c", *p);
		else if (*p < 0x20)
			g_string_append_printf(o, "\\u%04x", *p);
		else
			g_string_append_c(o, (char)*p);
	}
	g_string_append_c(o, '"');
}

/* reader_dump FILE [WORKSHEET [skip-hidden]]: {"header": [...], "sheet": ...} then per row
 * {"row": N, "hidden": b, "values": {heading: text}} or {"row": N, "error": {field, code, message}};
 * a file that cannot be opened: {"refused": message, "code": code} and exit status 2 */
int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	ocop_reader_options o = OCOP_READER_OPTIONS_INIT;
	o.worksheet = argc > 2 && *argv[2] ? argv[2] : NULL;
	o.skip_hidden = argc > 3 && strcmp(argv[3], "skip-hidden") == 0;
	ocop_reader *r;
	GString *out = g_string_new(NULL);
	if (ocop_reader_open(&r, argv[1], &o) < 0) {
		g_string_append(out, "{\"refused\": ");
		json_str(out, ocop_error_last());
		g_string_append(out, ", \"code\": ");
		json_str(out, ocop_error_code());
		g_string_append(out, "}\n");
		fputs(out->str, stdout);
		g_string_free(out, TRUE);
		return 2;
	}
	g_string_append(out, "{\"sheet\": ");
	json_str(out, ocop_reader_sheet(r) ? ocop_reader_sheet(r) : "");
	g_string_append(out, ", \"header\": [");
	for (size_t i = 0; i < ocop_reader_columns(r); i++) {
		if (i)
			g_string_append(out, ", ");
		json_str(out, ocop_reader_heading(r, i));
	}
	g_string_append(out, "]}\n");
	ocop_record *rec;
	ocop_record_new(&rec);
	int n;
	while ((n = ocop_reader_next(rec, r)) != 0) {
		g_string_append_printf(out, "{\"row\": %zu, ", ocop_reader_line(r));
		if (n < 0) {
			const ocop_diags *d = ocop_reader_diags(r);
			const ocop_diag *x = d && ocop_diags_count(d) ? ocop_diags_get(d, 0) : NULL;
			g_string_append(out, "\"error\": {\"field\": ");
			json_str(out, x ? x->field : "");
			g_string_append(out, ", \"code\": ");
			json_str(out, x ? x->code : "");
			g_string_append(out, ", \"message\": ");
			json_str(out, x ? x->message : ocop_error_last());
			g_string_append(out, "}}\n");
			if (n != -5) /* not a row error: reading stopped */
				break;
			continue;
		}
		g_string_append_printf(out, "\"hidden\": %s, \"values\": {", ocop_reader_row_hidden(r) ? "true" : "false");
		bool first = true;
		for (size_t i = 0; i < ocop_reader_columns(r); i++) {
			const char *v = ocop_reader_value(r, i);
			if (!v || !*v || !*ocop_reader_heading(r, i))
				continue;
			if (!first)
				g_string_append(out, ", ");
			first = false;
			json_str(out, ocop_reader_heading(r, i));
			g_string_append(out, ": ");
			json_str(out, v);
		}
		g_string_append(out, "}}\n");
	}
	ocop_record_free(rec);
	ocop_reader_free(r);
	fputs(out->str, stdout);
	g_string_free(out, TRUE);
	return 0;
}
