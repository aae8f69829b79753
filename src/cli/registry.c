/* ocoplabel — the registry command: the runs, serials and scans on record, for a clerk and for scripts (tab-separated, stable columns), voiding labels, an export for a spreadsheet. */
#include "cli.h"
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const usage_registry = N_(
	/* TRANSLATORS: `ocoplabel registry --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as in the English. */
	"Usage: ocoplabel registry runs [--limit N]\n"
	"       ocoplabel registry show RUN\n"
	"       ocoplabel registry serials GTIN [--lot LOT]\n"
	"       ocoplabel registry void RUN [--serials A-B] [--gtin GTIN [--lot LOT]] --reason TEXT\n"
	"       ocoplabel registry scans GTIN[/LOT[/SERIAL]] | LINK [--limit N]\n"
	"       ocoplabel registry export [runs|serials|scans] [-o FILE.csv|FILE.xlsx]\n"
	"       ocoplabel registry epcis [RUN...] [-o FILE.jsonld]\n"
	"       ocoplabel registry epcis [RUN...] --capture URL [--capture-token-file FILE]\n"
	"       ocoplabel registry captures\n"
	"\n"
	"The registry records every serialised batch run (when, the product file and its\n"
	"SHA-256, the template, the output, the counts, who), the serial numbers each run\n"
	"took, every label issued with its state (issued, voided), and the scans of the\n"
	"labels' QR codes that `ocoplabel serve --registry` answered.\n"
	"Listings are tab-separated with a header line; their columns keep their order\n"
	"(new ones come last), for scripts.\n"
	"\n"
	"  runs              the runs, the newest first\n"
	"  show RUN          one run: its details, the numbers it took, its labels by state\n"
	"  serials GTIN      the labels of a GTIN (and lot) with their state and run\n"
	"  void RUN          void the labels of a run (misprinted, damaged, scrapped): all,\n"
	"                    or --serials A-B (numbers) of --gtin and --lot; a voided\n"
	"                    label's page warns whoever scans it\n"
	"  scans ...         the scans of a GTIN, a lot or one label, the newest first\n"
	"  export            the serials (default), the runs or the scans for a\n"
	"                    spreadsheet: an Excel workbook (-o FILE.xlsx) or CSV\n"
	"                    (UTF-8 with a BOM)\n"
	"  epcis [RUN...]    the runs (default: every run whose output was written) as\n"
	"                    an EPCIS 2.0 document (JSON-LD): one commissioning event a\n"
	"                    run and lot, one decommissioning event for voided labels\n"
	"  captures          the documents sent to an EPCIS repository, and what became\n"
	"                    of them\n"
	"\n"
	"  --registry R      an SQLite FILE or postgresql://USER@HOST/DB (default:\n"
	"                    $OCOPLABEL_REGISTRY, else registry.sqlite in the user's\n"
	"                    data folder)\n"
	"  --lot LOT, --gtin GTIN, --serials A-B, --reason TEXT, --limit N\n"
	"  -o, --output FILE the export's file (default: standard output)\n"
	"  --capture URL     send the EPCIS document to the repository URL (POST\n"
	"                    URL/capture) and wait for its capture job; recorded as\n"
	"                    accepted only when the repository says it was captured\n"
	"  --capture-token-file FILE  a bearer token for the repository, the file's\n"
	"                    first line\n"
	"  --capture-timeout S  seconds to wait for an answer (default 30)\n"
	"  --capture-wait S  seconds to wait for the capture job (default 300)\n"
	"\n"
	"Exit status: 0 done, 2 a usage error or a registry that cannot be read or\n"
	"written (the message says which and why).\n");

typedef struct reg_opts {
	const char *where, *lot, *gtin, *serials, *reason, *out;
	size_t limit;
	registry_epcis_opts epcis;
} reg_opts;

/* a table, tab-separated with its header; values with a tab or line break have them as spaces */
static void print_table(FILE *fp, const ocop_registry_table *t)
{
	size_t cols = ocop_registry_table_columns(t);
	for (size_t c = 0; c < cols; c++)
		fprintf(fp, "%s%s", c ? "\t" : "", ocop_registry_table_column(t, c));
	fputc('\n', fp);
	for (size_t r = 0; r < ocop_registry_table_rows(t); r++) {
		for (size_t c = 0; c < cols; c++) {
			if (c)
				fputc('\t', fp);
			for (const char *v = ocop_registry_table_value(t, r, c); *v; v++)
				fputc(*v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v, fp);
		}
		fputc('\n', fp);
	}
}

static int list(ocop_registry *reg, ocop_registry_list_kind kind, const ocop_registry_filter *f, const char *csv,
                bool to_csv)
{
	ocop_registry_table *t = NULL;
	if (ocop_registry_list(&t, reg, kind, f) < 0)
		return lib_error(EXIT_USAGE);
	int rc = EXIT_OK;
	if (to_csv && ocop_registry_table_save(t, csv ? csv : "-") < 0)
		rc = lib_error(EXIT_USAGE);
	else if (!to_csv)
		print_table(stdout, t);
	ocop_registry_table_free(t);
	return rc;
}

static int parse_run(const char *arg, long long *run)
{
	char *end;
	*run = arg ? strtoll(arg, &end, 10) : 0;
	if (!arg || end == arg || *end || *run < 1)
		return usage_error("registry", "'%s' is not a run's number (ocoplabel registry runs lists them)",
		                   arg ? arg : "");
	return EXIT_OK;
}

/* show RUN: the run as "key: value" lines, the numbers it took, its labels counted by state */
static int show(ocop_registry *reg, long long run)
{
	ocop_registry_filter f = { .run = run };
	ocop_registry_table *t = NULL;
	if (ocop_registry_list(&t, reg, OCOP_REGISTRY_RUNS, &f) < 0)
		return lib_error(EXIT_USAGE);
	if (ocop_registry_table_rows(t) == 0) {
		ocop_registry_table_free(t);
		fprintf(stderr, _("%s: there is no run %lld in %s\n"), prog, run, ocop_registry_name(reg));
		return EXIT_USAGE;
	}
	for (size_t c = 0; c < ocop_registry_table_columns(t); c++)
		printf("%s\t%s\n", ocop_registry_table_column(t, c), ocop_registry_table_value(t, 0, c));
	ocop_registry_table_free(t);
	putchar('\n');
	int rc = list(reg, OCOP_REGISTRY_BLOCKS, &f, NULL, false);
	if (rc != EXIT_OK || ocop_registry_list(&t, reg, OCOP_REGISTRY_SERIALS, &f) < 0)
		return rc != EXIT_OK ? rc : lib_error(EXIT_USAGE);
	unsigned long issued = 0, voided = 0, other = 0;
	for (size_t r = 0; r < ocop_registry_table_rows(t); r++) {
		const char *st = ocop_registry_table_value(t, r, 5);
		*(strcmp(st, "issued") == 0 ? &issued : strcmp(st, "voided") == 0 ? &voided : &other) += 1;
	}
	ocop_registry_table_free(t);
	/* NOTR: the states as the registry keeps them */
	printf("\nissued\t%lu\nvoided\t%lu\nactivated\t%lu\n", issued, voided, other);
	return EXIT_OK;
}

/* GTIN[/LOT[/SERIAL]] or a Digital Link into the filter (strings owned by rec) */
static int parse_item(const char *arg, ocop_registry_filter *f, ocop_record **rec, char **parts)
{
	if (strstr(arg, "/01/")) {
		if (ocop_link_parse(rec, arg, NULL) < 0)
			return lib_error(EXIT_USAGE);
		f->gtin = ocop_record_get(*rec, "gtin");
		f->lot = ocop_record_get(*rec, "lot");
		f->serial = ocop_record_get(*rec, "serial");
		return EXIT_OK;
	}
	*parts = g_strdup(arg);
	char *lot = strchr(*parts, '/'), *serial = lot ? strrchr(lot + 1, '/') : NULL;
	if (lot)
		*lot++ = 0;
	if (serial)
		*serial++ = 0;
	f->gtin = *parts;
	f->lot = lot;
	f->serial = serial;
	return EXIT_OK;
}

static int do_void(ocop_registry *reg, long long run, const reg_opts *o)
{
	unsigned long long a = 0, b = 0;
	if (o->serials) {
		char *end, *end2;
		a = strtoull(o->serials, &end, 10);
		b = *end == '-' ? strtoull(end + 1, &end2, 10) : a;
		if (end == o->serials || (*end && (*end != '-' || *end2)) || a == 0 || b < a)
			return usage_error("registry", "--serials: '%s' is not A-B, two serial numbers", o->serials);
	}
	if (!o->reason || !*o->reason)
		return usage_error("registry", "%s", _("void needs --reason: why the labels are not to be used"));
	unsigned long n = 0;
	if (ocop_registry_void(&n, reg, run, o->gtin, o->lot, a, b, o->reason) < 0)
		return lib_error(EXIT_USAGE);
	char count[32];
	printf(ocop_ngettext("%s label of run %lld voided\n", "%s labels of run %lld voided\n", n),
	       ocop_format_count(count, sizeof count, n), run);
	return EXIT_OK;
}

static int parse_opts(reg_opts *o, int argc, char **argv)
{
	/* NOTR: the options' names */
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, 'r' }, { "lot", required_argument, NULL, 'l' },
		{ "gtin", required_argument, NULL, 'g' },     { "serials", required_argument, NULL, 's' },
		{ "reason", required_argument, NULL, 'R' },   { "limit", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },   { "help", no_argument, NULL, 'h' },
		{ "capture", required_argument, NULL, 'C' },
		/* NOTR: an option's name */
		{ "capture-token-file", required_argument, NULL, 'T' },
		/* NOTR: an option's name */
		{ "capture-timeout", required_argument, NULL, 't' },
		/* NOTR: an option's name */
		{ "capture-wait", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->where = optarg; break;
		case 'l': o->lot = optarg; break;
		case 'g': o->gtin = optarg; break;
		case 's': o->serials = optarg; break;
		case 'R': o->reason = optarg; break;
		case 'o': o->out = optarg; break;
		case 'C': o->epcis.capture = optarg; break;
		case 'T': o->epcis.token_file = optarg; break;
		case 't':
		case 'w': {
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-' || v == 0 || v > 86400)
				return usage_error("registry", "'%s' is not a number of seconds (1 to 86400)", optarg);
			*(c == 't' ? &o->epcis.timeout : &o->epcis.wait) = (unsigned)v;
			break;
		}
		case 'n':
			o->limit = strtoul(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-')
				return usage_error("registry", "--limit: '%s' is not a number of rows", optarg);
			break;
		case 'h': command_help("registry"); return -1;
		default: return usage_error("registry", "%s", _("invalid option"));
		}
	}
	return EXIT_OK;
}

int cmd_registry(int argc, char **argv)
{
	reg_opts o = { 0 };
	int rc = parse_opts(&o, argc, argv);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	const char *sub = optind < argc ? argv[optind] : NULL, *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	/* NOTR: the subcommands */
	static const char *const subs[] = { "runs", "show", "serials", "void", "scans", "export", "epcis", "captures", NULL };
	bool known = false;
	for (size_t i = 0; sub && subs[i]; i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!sub)
		return usage_error("registry", "%s", _("give a subcommand: runs, show, serials, void, scans, export, epcis or captures"));
	if (!known)
		return usage_error("registry", "unknown subcommand '%s'", sub);
	bool needs_arg = strcmp(sub, "show") == 0 || strcmp(sub, "serials") == 0 || strcmp(sub, "void") == 0 ||
	                 strcmp(sub, "scans") == 0;
	bool epcis = strcmp(sub, "epcis") == 0;
	if (needs_arg && !arg)
		return usage_error("registry", "'%s' needs an argument", sub);
	if (!epcis && optind + (needs_arg || strcmp(sub, "export") == 0 ? 2 : 1) < argc)
		return usage_error("registry", "unexpected argument '%s'", argv[argc - 1]);
	long long run = 0;
	if ((strcmp(sub, "show") == 0 || strcmp(sub, "void") == 0) && (rc = parse_run(arg, &run)) != EXIT_OK)
		return rc;
	ocop_registry_list_kind export_kind = OCOP_REGISTRY_SERIALS;
	if (strcmp(sub, "export") == 0 && arg) {
		if (strcmp(arg, "runs") == 0)
			export_kind = OCOP_REGISTRY_RUNS;
		else if (strcmp(arg, "scans") == 0)
			export_kind = OCOP_REGISTRY_SCANS;
		else if (strcmp(arg, "serials") != 0)
			return usage_error("registry", "export: '%s' is not runs, serials or scans", arg);
	}
	char *where = o.where ? strdup(o.where) : ocop_registry_default();
	if (!where)
		return usage_error("registry", "%s", _("OCOPLABEL_REGISTRY is 'none': give --registry"));
	ocop_registry *reg = NULL;
	int err = ocop_registry_open(&reg, where, NULL);
	free(where);
	if (err < 0)
		return lib_error(EXIT_USAGE);
	ocop_registry_filter f = { .limit = o.limit, .gtin = o.gtin, .lot = o.lot };
	ocop_record *rec = NULL;
	char *parts = NULL;
	o.epcis.out = o.out;
	if (strcmp(sub, "runs") == 0)
		rc = list(reg, OCOP_REGISTRY_RUNS, &f, NULL, false);
	else if (epcis)
		rc = registry_epcis(reg, argv + optind + 1, argc - optind - 1, &o.epcis);
	else if (strcmp(sub, "captures") == 0)
		rc = list(reg, OCOP_REGISTRY_CAPTURES, &f, NULL, false);
	else if (strcmp(sub, "show") == 0)
		rc = show(reg, run);
	else if (strcmp(sub, "serials") == 0) {
		f.gtin = arg;
		rc = list(reg, OCOP_REGISTRY_SERIALS, &f, NULL, false);
	} else if (strcmp(sub, "void") == 0)
		rc = do_void(reg, run, &o);
	else if (strcmp(sub, "scans") == 0) {
		if ((rc = parse_item(arg, &f, &rec, &parts)) == EXIT_OK)
			rc = list(reg, OCOP_REGISTRY_SCANS, &f, NULL, false);
	} else
		rc = list(reg, export_kind, &f, o.out, true);
	ocop_record_free(rec);
	g_free(parts);
	ocop_registry_free(reg);
	return rc;
}
