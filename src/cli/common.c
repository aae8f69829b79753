/* ocoplabel — what several commands share: messages and exit statuses, usage texts, options, KEY=VALUE fields. */
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *prog = "ocoplabel";

int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, _(fmt), arg);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'ocoplabel %s%s--help' for more information.\n"), cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

int lib_error(int rc)
{
	fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
	return rc;
}

int exit_for(int err)
{
	return err == OCOP_EREJECTED ? EXIT_INVALID : EXIT_USAGE;
}

void print_diags_prefixed(const ocop_diags *d, const char *prefix, int quiet)
{
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		/* an empty field: the problem is the row (or the label) as a whole */
		const char *sep = *x->field ? ": " : "";
		if (x->severity == OCOP_SEVERITY_ERROR)
			fprintf(stderr, "%s%s%s%s\n", prefix, x->field, sep, x->message);
		else if (!quiet)
			fprintf(stderr, "%swarning: %s%s%s\n", prefix, x->field, sep, x->message);
	}
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
		fprintf(fp, "  %-17s %s%s\n", f->name, f->description,
		        f->required && strcmp(f->name, "gtin") == 0 ? " (required; optional for tourism)"
		        : f->required                                ? " (required)"
		                                                     : "");
	}
	const ocop_field *g = ocop_field_find("product_group");
	fputs("product_group is one of:", fp);
	for (size_t i = 0; g->choices[i]; i++)
		fprintf(fp, "%s %s", i ? "," : "", g->choices[i]);
	fputs(" (case and accents do not matter).\n", fp);
}

void print_usage(const char *text, FILE *fp)
{
	/* {FIELDS} (a line of its own) and {LINK_FIELDS} come from the library's field table */
	for (const char *p = text; *p;) {
		if (strncmp(p, "{FIELDS}\n", 9) == 0) {
			print_fields(fp);
			p += 9;
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
			fprintf(stderr, "%s%s\n", how->bare_errors ? "" : "ocoplabel: ", ocop_error_last());
			return EXIT_INVALID;
		}
		if (how->warn_unknown && !ocop_field_is_known(key))
			fprintf(stderr, "warning: %s: not a known field; kept for templates that use {%s}\n", key, key);
		free(key);
	}
	return EXIT_OK;
}

int write_file_atomic(const char *path, const unsigned char *data, size_t len)
{
	/* under a temporary name in the same folder, synced, then renamed: never a partial file at path */
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	if (!tmp)
		return -1;
	const char *slash = strrchr(path, '/');
	snprintf(tmp, n, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path, slash ? slash + 1 : path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: cannot write: %s\n", prog, path, strerror(errno));
		free(tmp);
		return -1;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int err = done < len ? errno : 0;
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err) {
		fprintf(stderr, "%s: %s: cannot write: %s\n", prog, path, strerror(err ? err : EIO));
		unlink(tmp);
	}
	free(tmp);
	return err ? -1 : 0;
}
