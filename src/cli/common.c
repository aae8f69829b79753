/* ocoplabel — what several commands share: usage messages and texts, formats, KEY=VALUE fields. */
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

/* NOTR: the formats' names on the command line */
static const struct { const char *name; ocop_format fmt; } formats[] = {
	{ "pdf", OCOP_FORMAT_PDF }, { "png", OCOP_FORMAT_PNG }, { "svg", OCOP_FORMAT_SVG },
	{ "tspl", OCOP_FORMAT_TSPL }, { "zpl", OCOP_FORMAT_ZPL },
};

const char *format_name(ocop_format f)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (formats[i].fmt == f)
			return formats[i].name;
	return "pdf";
}

int parse_format(const char *s, ocop_format *out)
{
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
