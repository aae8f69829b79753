/* ocoplabel — what several commands share: messages, exit statuses, diagnostics (text or JSON), usage texts, KEY=VALUE fields. */
#include "cli.h"
#include <glib.h>
#include <stdlib.h>
#include <string.h>

const char *prog = "ocoplabel";

int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, _(fmt), arg);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'ocoplabel %s%s--help' for more information.\n"), cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

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

void print_diags(const ocop_diags *d, const char *file, size_t line, int quiet)
{
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != OCOP_SEVERITY_ERROR && quiet)
			continue;
		if (diag_mode == DIAG_JSON) {
			print_json(file, line, x->severity, x->field, x->code, x->message);
			continue;
		}
		if (file)
			fprintf(stderr, "%s:%zu: ", file, line);
		/* an empty field: the problem is the row (or the label) as a whole */
		const char *sep = *x->field ? ": " : "";
		if (x->severity == OCOP_SEVERITY_ERROR)
			fprintf(stderr, "%s%s%s\n", ocop_field_title(x->field), sep, x->message);
		else
			/* TRANSLATORS: a warning about a field: "warning: gtin: message" (the field's name, then its message) */
			fprintf(stderr, _("warning: %s%s%s\n"), ocop_field_title(x->field), sep, x->message);
	}
}

void print_warning(const char *field, const char *code, const char *message)
{
	if (diag_mode == DIAG_JSON)
		print_json(NULL, 0, OCOP_SEVERITY_WARNING, field, code, message);
	else
		fprintf(stderr, _("warning: %s%s%s\n"), ocop_field_title(field), ": ", message);
}

void put_padded(FILE *fp, const char *s, int width)
{
	fputs(s, fp);
	for (long n = g_utf8_strlen(s, -1); n < width; n++)
		fputc(' ', fp);
}

size_t link_fields(const char *out[], size_t max)
{
	static const char *const ais[] = { "01", "22", "10", "21", "11", "17" };
	size_t n = 0;
	for (size_t a = 0; a < sizeof ais / sizeof ais[0]; a++)
		for (size_t i = 0; i < ocop_field_count() && n < max; i++)
			if (strcmp(ocop_field_get(i)->gs1_ai, ais[a]) == 0)
				out[n++] = ocop_field_get(i)->name;
	for (size_t i = 0; i < ocop_field_count() && n < max; i++)
		if (ocop_field_get(i)->kind == OCOP_FIELD_CODE)
			out[n++] = ocop_field_get(i)->name;
	return n;
}

/* The record fields of the table for --help: "  name              product name (required)". */
static void print_fields(FILE *fp)
{
	for (size_t i = 0; i < ocop_field_count(); i++) {
		const ocop_field *f = ocop_field_get(i);
		if (f->column_only)
			continue;
		fprintf(fp, "  %-17s %s%s\n", f->name, _(f->description),
		        f->required && strcmp(f->name, "gtin") == 0 ? _(" (required; optional for tourism)")
		        : f->required                                ? _(" (required)")
		                                                     : "");
	}
	const ocop_field *g = ocop_field_find("product_group");
	fputs(_("product_group is one of:"), fp);
	for (size_t i = 0; g->choices[i]; i++)
		fprintf(fp, "%s %s", i ? "," : "", g->choices[i]);
	fputs(_(" (case and accents do not matter).\n"), fp);
}

void print_usage(const char *text, FILE *fp)
{
	/* {FIELDS} and {PRINTER_OPTIONS} (lines of their own) and {LINK_FIELDS} come from the library's field table
	 * and the printer options' text */
	for (const char *p = _(text); *p;) {
		if (strncmp(p, "{FIELDS}\n", 9) == 0) {
			print_fields(fp);
			p += 9;
		} else if (strncmp(p, "{PRINTER_OPTIONS}\n", 18) == 0) {
			fputs(_(printer_opts_help), fp);
			p += 18;
		} else if (strncmp(p, "{LINK_FIELDS}", 13) == 0) {
			const char *names[32];
			size_t n = link_fields(names, 32);
			for (size_t i = 0; i < n; i++)
				fprintf(fp, "%s%s", i ? ", " : "", names[i]);
			p += 13;
		} else {
			fputc(*p++, fp);
		}
	}
}

int parse_format(const char *s, ocop_format *out)
{
	static const struct { const char *name; ocop_format fmt; } formats[] = {
		{ "pdf", OCOP_FORMAT_PDF }, { "png", OCOP_FORMAT_PNG }, { "svg", OCOP_FORMAT_SVG },
		{ "tspl", OCOP_FORMAT_TSPL }, { "zpl", OCOP_FORMAT_ZPL },
	};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(s, formats[i].name) == 0) {
			*out = formats[i].fmt;
			return 0;
		}
	return -1;
}

int parse_dpi(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= 72 && v <= 2400))
		return -1;
	*out = v;
	return 0;
}

int parse_qr_opt(const char *cmd, const char *name, const char *arg, ocop_render_options *ro)
{
	if (strcmp(name, "resolver") == 0) {
		if (strncmp(arg, "https://", 8) != 0 && strncmp(arg, "http://", 7) != 0)
			return usage_error(cmd, "--resolver: '%s' must start with https:// or http://", arg);
		ro->resolver = arg;
	} else if (strcmp(name, "thermal") == 0) {
		ro->thermal = 1;
	} else if (strcmp(name, "mono") == 0) {
		ro->mono = 1;
	} else if (strcmp(name, "bwr") == 0) {
		char *end;
		double v = strtod(arg, &end);
		int pct = strcmp(end, "%") == 0;
		if (end == arg || !(pct || strcmp(end, "mm") == 0 || *end == '\0') || !(v >= 0) || (pct ? v > 50 : v > 0.2))
			return usage_error(cmd, "--bwr: '%s' is not a bar width reduction in mm (0 to 0.2, e.g. 0.02mm) or %% of the module (e.g. 8%%)", arg);
		ro->bwr = v;
		ro->bwr_unit = pct ? OCOP_BWR_PERCENT : OCOP_BWR_MM;
	/* NOTR: an option's name */
	} else if (strcmp(name, "qr-ec") == 0) {
		const char *lv = "LMQH";
		const char *p = strlen(arg) == 1 ? strchr(lv, arg[0] & ~0x20) : NULL;
		if (!p)
			return usage_error(cmd, "--qr-ec: '%s' is not L, M, Q or H", arg);
		ro->qr_ec = OCOP_QR_EC_L + (int)(p - lv);
	} else {
		char *end;
		double v = strtod(arg, &end);
		if (end == arg || *end || !(v >= 0.1 && v <= 5))
			return usage_error(cmd, "--qr-min-module: '%s' is not a size in mm from 0.1 to 5", arg);
		ro->qr_min_module = v;
	}
	return 0;
}

/* the longest field name the library takes (record.c) */
enum { FIELD_NAME_MAX = 128 };

int parse_fields(ocop_record **out, char *const *args, int n, const field_args *how)
{
	if (ocop_record_new(out) < 0)
		return lib_error(EXIT_USAGE);
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(args[i], '=');
		if (!eq || eq == args[i])
			return usage_error(how->cmd, "'%s' is not KEY=VALUE", args[i]);
		size_t kl = (size_t)(eq - args[i]);
		if (how->limit_key && kl > FIELD_NAME_MAX)
			return usage_error(how->cmd, "field name too long in '%s'", args[i]);
		char *key = strndup(args[i], kl);
		int err = key ? ocop_record_set(*out, key, eq + 1, -1) : OCOP_ENOMEM;
		if (err < 0) {
			free(key);
			if (diag_mode == DIAG_JSON)
				lib_error(0);
			else
				fprintf(stderr, "%s%s\n", how->bare_errors ? "" : "ocoplabel: ", ocop_error_last());
			return EXIT_INVALID;
		}
		if (how->warn_unknown && !ocop_field_is_known(key)) {
			char *m = g_strdup_printf(_("not a known field; kept for templates that use {%s}"), key);
			print_warning(key, OCOP_CODE_UNKNOWN_COLUMN, m);
			g_free(m);
		}
		free(key);
	}
	return EXIT_OK;
}
