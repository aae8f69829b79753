/* ocoplabel — the options of check and batch: one table of them, each with the field it sets or the function that reads it. */
#include "batchcmd.h"
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct batch_option batch_option;
/* Reads the option's argument into o: 0, -1 after --help, or EXIT_USAGE after a message. */
typedef int (*option_fn)(batch_opts *o, const batch_option *def, const char *arg);
struct batch_option {
	const char *name;
	int has_arg;
	int key;        /* getopt's value: the short option's letter, a PO_ printer option, or 0 for one of its own */
	int batch_only; /* check refuses it */
	enum { SET_FLAG, SET_TEXT, PARSE } how;
	size_t field;   /* SET_FLAG: the int set to 1; SET_TEXT: the string set to the argument */
	option_fn parse;
};

static int opt_format(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	if (parse_format(arg, &o->ro.format) < 0)
		return usage_error(o->cmd, "unknown format '%s' (pdf, png, svg, tspl or zpl)", arg);
	return 0;
}

static int opt_dpi(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	if (parse_dpi(arg, &o->ro.dpi) < 0)
		return usage_error(o->cmd, "--dpi: '%s' is not a resolution from 72 to 2400", arg);
	return 0;
}

static int opt_separator(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	if (strcmp(arg, ",") != 0 && strcmp(arg, ";") != 0)
		return usage_error(o->cmd, "--separator: '%s' is not ',' or ';'", arg);
	o->rdo.separator = arg[0];
	return 0;
}

static int opt_worksheet(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	if (!*arg)
		return usage_error(o->cmd, "--worksheet: '%s' is empty: give a sheet's name or number", arg);
	o->rdo.worksheet = arg;
	return 0;
}

static int opt_first(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < 1 || v > 1000)
		return usage_error(o->cmd, "--first: '%s' is not a label position (1 = top left)", arg);
	o->dopt.first = (int)v;
	return 0;
}

/* sheets: the document's offset; a thermal printer's job: the profile's (checked there, +-20 mm) */
static int opt_offset(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	double x, y;
	if (parse_offset(arg, 50, &x, &y) < 0)
		return usage_error(o->cmd, "--offset: '%s' is not X,Y in millimetres (each -50 to 50)", arg);
	o->dopt.offset_x = o->po.offset_x = x;
	o->dopt.offset_y = o->po.offset_y = y;
	o->have_offset = 1;
	return 0;
}

static int opt_copies(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	/* NOTR: a note to the programmer */
	_Static_assert(OCOP_COPIES_MAX == 1000000, "the message below names the limit");
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < 1 || v > OCOP_COPIES_MAX)
		return usage_error(o->cmd, "--copies: '%s' is not a number of labels (1 to 1000000)", arg);
	o->rdo.default_copies = v;
	return 0;
}

/* --resolver, --qr-ec, --qr-min-module, --thermal, --mono, --bwr: as render reads them */
static int opt_qr(batch_opts *o, const batch_option *def, const char *arg)
{
	return parse_qr_opt(o->cmd, def->name, arg, &o->ro) ? EXIT_USAGE : 0;
}

static int opt_jobs(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < 1 || v > 256)
		return usage_error(o->cmd, "--jobs: '%s' is not a number of threads (1 to 256)", arg);
	o->dopt.jobs = (int)v;
	return 0;
}

static int opt_shard(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	char *end, *end2;
	unsigned long k = strtoul(arg, &end, 10), n = 0;
	end2 = end;
	if (end != arg && *end == '/')
		n = strtoul(end + 1, &end2, 10);
	if (arg[0] == '-' || end == arg || *end != '/' || *end2 || n < 1 || n > 100000 || k < 1 || k > n)
		return usage_error(o->cmd, "--shard: '%s' is not K/N with 1 <= K <= N (e.g. 2/4)", arg);
	o->shard_k = k;
	o->shard_n = n;
	return 0;
}

static int opt_max_labels(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	if (end == arg || *end || arg[0] == '-' || v == 0 || v > 1000000000ULL)
		return usage_error(o->cmd, "--max-labels: '%s' is not a number of labels (1 to 1000000000)", arg);
	o->max_labels = (unsigned long)v;
	return 0;
}

static int opt_serial_start(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	if (end == arg || *end || arg[0] == '-' || v == 0)
		return usage_error(o->cmd, "--serial-start: '%s' is not a serial number (1 or more)", arg);
	o->dopt.serial_start = v;
	o->have_serial_opt = 1;
	return 0;
}

static int opt_serial_format(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	o->dopt.serial_format = arg;
	o->have_serial_opt = 1;
	return 0;
}

static int opt_printer(batch_opts *o, const batch_option *def, const char *arg)
{
	return parse_printer_opt(o->cmd, def->key, arg, &o->po) ? EXIT_USAGE : 0;
}

static int opt_diagnostics(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def;
	return parse_diagnostics(o->cmd, arg) ? EXIT_USAGE : 0;
}

static int opt_help(batch_opts *o, const batch_option *def, const char *arg)
{
	(void)def, (void)arg;
	command_help(o->cmd);
	return -1;
}

#define FLAG(NAME, KEY, ONLY, FIELD) { NAME, no_argument, KEY, ONLY, SET_FLAG, offsetof(batch_opts, FIELD), NULL }
#define TEXT(NAME, KEY, ONLY, FIELD) { NAME, required_argument, KEY, ONLY, SET_TEXT, offsetof(batch_opts, FIELD), NULL }
#define WITH(NAME, HAS_ARG, KEY, ONLY, FN) { NAME, HAS_ARG, KEY, ONLY, PARSE, 0, FN }
/* In the order getopt_long is given them: it names the candidates of an ambiguous abbreviation in this order. */
static const batch_option options[] = {
	TEXT("output", 'o', 1, out),
	TEXT("template", 't', 0, tname),
	TEXT("sheet", 's', 0, sname),
	WITH("format", required_argument, 'f', 0, opt_format),
	WITH("dpi", required_argument, 0, 0, opt_dpi),
	WITH("separator", required_argument, 0, 0, opt_separator),
	WITH("worksheet", required_argument, 0, 0, opt_worksheet),
	/* NOTR: an option's name */
	FLAG("skip-hidden", 0, 0, rdo.skip_hidden),
	TEXT("report", 0, 0, report),
	TEXT("today", 0, 0, ro.today),
	FLAG("strict", 0, 1, strict),
	WITH("first", required_argument, 0, 1, opt_first),
	FLAG("outline", 0, 1, dopt.outline),
	/* NOTR: an option's name */
	FLAG("crop-marks", 0, 1, dopt.crop_marks),
	WITH("offset", required_argument, 0, 1, opt_offset),
	/* NOTR: an option's name */
	TEXT("name-pattern", 0, 1, pattern),
	FLAG("overwrite", 0, 1, dopt.overwrite),
	TEXT("logo", 0, 1, ro.logo),
	WITH("copies", required_argument, 0, 1, opt_copies),
	WITH("resolver", required_argument, 0, 0, opt_qr),
	WITH("qr-ec", required_argument, 0, 0, opt_qr),
	WITH("qr-min-module", required_argument, 0, 0, opt_qr),
	WITH("shard", required_argument, 0, 1, opt_shard),
	WITH("jobs", required_argument, 0, 1, opt_jobs),
	/* NOTR: an option's name */
	WITH("max-labels", required_argument, 0, 0, opt_max_labels),
	WITH("thermal", no_argument, 0, 0, opt_qr),
	WITH("mono", no_argument, 0, 0, opt_qr),
	WITH("bwr", required_argument, 0, 0, opt_qr),
	FLAG("serialize", 0, 1, dopt.serialize),
	/* NOTR: an option's name */
	WITH("serial-start", required_argument, 0, 1, opt_serial_start),
	/* NOTR: an option's name */
	WITH("serial-format", required_argument, 0, 1, opt_serial_format),
	TEXT("registry", 0, 1, registry),
	/* NOTR: an option's name */
	FLAG("no-registry", 0, 1, no_registry),
	TEXT("clerk", 0, 1, clerk),
	/* NOTR: an option's name */
	WITH("printer-profile", required_argument, PO_PROFILE, 0, opt_printer),
	/* NOTR: an option's name */
	WITH("printer-codes", no_argument, PO_CODES, 0, opt_printer),
	WITH("darkness", required_argument, PO_DARKNESS, 0, opt_printer),
	WITH("speed", required_argument, PO_SPEED, 0, opt_printer),
	WITH("printer", required_argument, PO_PRINTER, 1, opt_printer),
	WITH("timeout", required_argument, PO_TIMEOUT, 1, opt_printer),
	WITH("diagnostics", required_argument, 0, 0, opt_diagnostics),
	FLAG("quiet", 'q', 0, quiet),
	WITH("help", no_argument, 'h', 0, opt_help),
};
enum { N_OPTIONS = sizeof options / sizeof options[0] };

/* getopt's value of options[i] */
static int key_of(size_t i) { return options[i].key ? options[i].key : 256 + (int)i; }

int parse_batch_opts(batch_opts *o, int argc, char **argv)
{
	static struct option longopts[N_OPTIONS + 1];
	for (size_t i = 0; i < N_OPTIONS; i++)
		longopts[i] = (struct option){ options[i].name, options[i].has_arg, NULL, key_of(i) };
	int c;
	while ((c = getopt_long(argc, argv, "o:t:s:f:qh", longopts, NULL)) != -1) {
		const batch_option *def = NULL;
		for (size_t i = 0; i < N_OPTIONS && !def; i++)
			if (key_of(i) == c)
				def = &options[i];
		if (!def)
			return usage_error(o->cmd, "%s", _("invalid option"));
		if (def->batch_only && strcmp(o->cmd, "batch") != 0)
			return usage_error(o->cmd, "option '%s' belongs to 'ocoplabel batch'", argv[optind - 1]);
		if (def->how == SET_FLAG)
			*(int *)((char *)o + def->field) = 1;
		else if (def->how == SET_TEXT)
			*(const char **)((char *)o + def->field) = optarg;
		else if ((c = def->parse(o, def, optarg)) != 0)
			return c;
	}
	if (optind + 1 != argc)
		return usage_error(o->cmd, "%s", optind >= argc ? _("give one product file (CSV, .xlsx or .ods)") : _("give only one product file"));
	return EXIT_OK;
}
