/* ocoplabel — problems out: the library's error and a row's diagnostics on standard error, as text or as JSON
 * lines (--diagnostics), and the exit status they mean. */
#include "cli.h"
#include <glib.h>
#include <stdlib.h>
#include <string.h>

diag_format diag_mode = DIAG_TEXT;
const char *diag_file;

int parse_diagnostics(const char *cmd, const char *arg)
{
	/* NOTR: the values of --diagnostics */
	if (strcmp(arg, "text") == 0)
		diag_mode = DIAG_TEXT;
	else if (strcmp(arg, "json") == 0)
		diag_mode = DIAG_JSON;
	else
		return usage_error(cmd, "--diagnostics: '%s' is not text or json", arg);
	return 0;
}

/* v as a JSON string (bytes that are not UTF-8 as U+FFFD), or null */
static void json_string(GString *out, const char *v)
{
	if (!v) {
		g_string_append(out, "null");
		return;
	}
	char *valid = g_utf8_make_valid(v, -1);
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)valid; *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			g_string_append_printf(out, "\\u%04x", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	g_string_append_c(out, '"');
	g_free(valid);
}

/* The cell a workbook row's message names at its head, "cell E5: " (the reader's words, src/reader/reader.c,
 * in the user's language or in English): "E5" into buf, or NULL. */
static const char *cell_of(const char *message, char *buf, size_t size)
{
	/* NOTR: the reader's prefix of a message about a workbook cell; looked up in the catalogue as it is */
	static const char cell_prefix[] = "cell %s: ";
	const char *forms[] = { ocop_gettext(cell_prefix), cell_prefix };
	for (size_t i = 0; i < 2; i++) {
		const char *arg = strstr(forms[i], "%s");
		if (!arg)
			continue;
		size_t pre = (size_t)(arg - forms[i]);
		if (strncmp(message, forms[i], pre) != 0)
			continue;
		const char *p = message + pre, *q = p;
		while (*q >= 'A' && *q <= 'Z')
			q++;
		const char *letters_end = q;
		while (*q >= '0' && *q <= '9')
			q++;
		if (letters_end == p || q == letters_end || (size_t)(q - p) >= size || strncmp(q, arg + 2, strlen(arg + 2)) != 0)
			continue;
		memcpy(buf, p, (size_t)(q - p));
		buf[q - p] = '\0';
		return buf;
	}
	return NULL;
}

/* One problem as a JSON object on a line of standard error: its keys and codes never change with the language
 * (line 0: none). */
static void print_json(const char *file, size_t line, int severity, const char *field, const char *code,
                       const char *message)
{
	char cell[24];
	GString *s = g_string_new(NULL);
	/* NOTR: JSON keys */
	g_string_append(s, "{\"file\":");
	json_string(s, file);
	if (line)
		g_string_append_printf(s, ",\"line\":%zu", line);
	else
		g_string_append(s, ",\"line\":null");
	/* NOTR: a JSON key */
	g_string_append(s, ",\"cell\":");
	json_string(s, cell_of(message, cell, sizeof cell));
	/* NOTR: a JSON key and its values */
	g_string_append(s, severity == OCOP_SEVERITY_ERROR ? ",\"severity\":\"error\",\"field\":" : ",\"severity\":\"warning\",\"field\":");
	json_string(s, field && *field ? field : NULL);
	/* NOTR: a JSON key */
	g_string_append(s, ",\"code\":");
	json_string(s, code);
	/* NOTR: a JSON key */
	g_string_append(s, ",\"message\":");
	json_string(s, message);
	g_string_append(s, "}\n");
	fputs(s->str, stderr);
	g_string_free(s, TRUE);
}

/* "FILE:LINE" or "FILE:LINE: ..." or "FILE" or "FILE: ..." at the head of s, for the product file: its line
 * (or 0) into *line; whether s starts so */
static int names_product_file(const char *s, size_t *line)
{
	size_t dl = diag_file ? strlen(diag_file) : 0;
	*line = 0;
	if (!diag_file || strncmp(s, diag_file, dl) != 0 || (s[dl] != '\0' && s[dl] != ':'))
		return 0;
	if (s[dl] == ':') {
		size_t digits = strspn(s + dl + 1, "0123456789");
		if (digits && (s[dl + 1 + digits] == '\0' || s[dl + 1 + digits] == ':'))
			*line = (size_t)strtoull(s + dl + 1, NULL, 10);
	}
	return 1;
}

/* The library's last error as a JSON object: its file and line from where it says the problem is (the product
 * file and a line of it, or another file it names), or from the head of its message. */
static void json_error(void)
{
	const char *full = ocop_error_last(), *msg = ocop_error_message(), *field = ocop_error_field();
	size_t fl = strlen(full), ml = strlen(msg);
	/* what comes before the message: "WHERE: " and "FIELD: " (the field as the language names it) */
	size_t head = fl >= ml && strcmp(full + fl - ml, msg) == 0 ? fl - ml : 0;
	if (*field) {
		const char *shown = ocop_field_title(field);
		size_t sl = strlen(shown);
		if (head >= sl + 2 && strncmp(full + head - sl - 2, shown, sl) == 0 && strncmp(full + head - 2, ": ", 2) == 0)
			head -= sl + 2;
	}
	if (head >= 2 && strncmp(full + head - 2, ": ", 2) == 0)
		head -= 2;
	char *where = g_strndup(full, head);
	size_t line = 0;
	char *file = NULL;
	if (names_product_file(*where ? where : msg, &line)) {
		file = g_strdup(diag_file);
	} else {
		/* another file: where the error says it is ("FILE: [label] width"), or a file that exists named at the
		 * head of the message (a template's "./my.ini: [label] width: ...") */
		const char *head_of = *where ? where : msg, *colon = strstr(head_of, ": ");
		file = colon ? g_strndup(head_of, (gsize)(colon - head_of)) : g_strdup(head_of);
		if (!*where && !g_file_test(file, G_FILE_TEST_IS_REGULAR))
			g_clear_pointer(&file, g_free);
	}
	print_json(file, line, OCOP_SEVERITY_ERROR, field, ocop_error_code(), msg);
	g_free(file);
	g_free(where);
}

int lib_error(int rc)
{
	if (diag_mode == DIAG_JSON)
		json_error();
	else
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
	return rc;
}

int exit_for(int err)
{
	return err == OCOP_EREJECTED ? EXIT_INVALID : EXIT_USAGE;
}

/* One problem: "FILE:LINE: [warning: ]FIELD: message", or its JSON object */
static void print_one(const char *file, size_t line, int severity, const char *field, const char *code,
                      const char *message)
{
	if (diag_mode == DIAG_JSON) {
		print_json(file, line, severity, field, code, message);
		return;
	}
	if (file)
		fprintf(stderr, "%s:%zu: ", file, line);
	/* an empty field: the problem is the row (or the label) as a whole */
	const char *sep = *field ? ": " : "";
	if (severity == OCOP_SEVERITY_ERROR)
		fprintf(stderr, "%s%s%s\n", ocop_field_title(field), sep, message);
	else
		/* TRANSLATORS: a warning about a field: "warning: gtin: message" (the field's name, then its message) */
		fprintf(stderr, _("warning: %s%s%s\n"), ocop_field_title(field), sep, message);
}

void print_diags(const ocop_diags *d, const char *file, size_t line, int quiet)
{
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != OCOP_SEVERITY_ERROR && quiet)
			continue;
		print_one(file, line, x->severity, x->field, x->code, x->message);
	}
}

void print_problems(ocop_problems *p, const char *file, int quiet)
{
	for (size_t i = 0; i < ocop_problems_count(p); i++) {
		const ocop_problem *x = ocop_problems_get(p, i);
		if (x->severity != OCOP_SEVERITY_ERROR && quiet)
			continue;
		print_one(x->line ? file : NULL, x->line, x->severity, x->field, x->code, x->message);
		if (x->repeats > 0) {
			char n[32];
			/* TRANSLATORS: after a warning that several rows share word for word: "  ... and 249 more rows,
			 * up to line 3001" */
			fprintf(stderr, ocop_ngettext("  ... and %s more row with the same warning, line %zu\n",
			                              "  ... and %s more rows with the same warning, up to line %zu\n", x->repeats),
			        ocop_format_count(n, sizeof n, x->repeats), x->last_line);
		}
	}
	if (ocop_problems_dropped(p) > 0) {
		char n[32];
		fprintf(stderr, _("... and %s more problems not listed (--report FILE lists every rejected row)\n"),
		        ocop_format_count(n, sizeof n, ocop_problems_dropped(p)));
	}
}

void print_warning(const char *field, const char *code, const char *message)
{
	if (diag_mode == DIAG_JSON)
		print_json(NULL, 0, OCOP_SEVERITY_WARNING, field, code, message);
	else
		fprintf(stderr, _("warning: %s%s%s\n"), ocop_field_title(field), ": ", message);
}
