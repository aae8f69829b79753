/* ocoplabel — the url command: the traceability URL a label would carry, and Digital Links parsed back into fields. */
#include "cli.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const usage_url = N_(
	/* TRANSLATORS: `ocoplabel url --help`. Keep the command, the option names, their arguments and the
	 * examples as they are, and {LINK_FIELDS} (the program fills it in); the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel url [OPTIONS] KEY=VALUE...\n"
	"       ocoplabel url --parse [OPTIONS] URL\n"
	"\n"
	"Print the traceability URL that a label for these fields would carry: the\n"
	"given trace_url (checked, non-ASCII percent-encoded) or the GS1 Digital Link\n"
	"\n"
	"  RESOLVER/01/{GTIN-14}[/22/{variant}][/10/{lot}][/21/{serial}]\n"
	"      ?11={production YYMMDD}&17={expiry YYMMDD}&vt={growing_area}&csdg={packing_facility}\n"
	"\n"
	"Only the fields that go into the URL are needed: {LINK_FIELDS}, trace_url.\n"
	"\n"
	"With --parse, print the fields of a Digital Link as KEY=VALUE lines:\n"
	"resolver, {LINK_FIELDS}, then any other query attribute.\n"
	"\n"
	"Options:\n"
	"  -t, --template NAME  take the resolver and query keys from this template\n"
	"                       (default product-100x70)\n"
	"      --resolver URL   resolver base URL (default: the template's)\n"
	"      --parse          parse URL instead of building one\n"
	"      --today DATE     read and write two-digit years (YYMMDD) in GS1's window\n"
	"                       around DATE's year (yyyy-mm-dd) instead of today's\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 printed, 1 a field or URL that breaks a rule, 2 usage error.\n");

/* What the options ask for. */
typedef struct url_args {
	const char *tname, *today;
	int parse;
	ocop_render_options ro; /* --resolver, checked as render checks it */
} url_args;

/* The options into a; EXIT_OK, -1 after --help, or EXIT_USAGE after a message. */
static int parse_options(url_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "resolver", required_argument, NULL, 'R' },
		{ "parse", no_argument, NULL, 'P' },
		{ "today", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': a->tname = optarg; break;
		case 'R':
			if (parse_qr_opt("url", "resolver", optarg, &a->ro))
				return EXIT_USAGE;
			break;
		case 'P': a->parse = 1; break;
		case 'T': a->today = optarg; break;
		case 'h': command_help(argv[0]); return -1;
		default: return usage_error("url", "%s", _("invalid option"));
		}
	}
	if (optind >= argc)
		return usage_error("url", "%s", a->parse ? _("give the URL to parse") : _("no fields given (KEY=VALUE...)"));
	if (a->parse && optind + 1 != argc)
		return usage_error("url", "%s", _("--parse takes one URL"));
	return EXIT_OK;
}

/* --parse: the link's fields as KEY=VALUE lines, those of the link in its order first. */
static int print_link_fields(const char *url, const ocop_link_options *lo)
{
	ocop_record *rec = NULL;
	int err = ocop_link_parse(&rec, url, lo);
	if (err < 0) {
		ocop_record_free(rec);
		return lib_error(err == OCOP_EINVAL ? EXIT_USAGE : EXIT_INVALID); /* EINVAL: a bad --today */
	}
	const char *order[33] = { "resolver" };
	order[1 + link_fields(order + 1, 31)] = NULL;
	for (int i = 0; order[i]; i++) {
		const char *v = ocop_record_get(rec, order[i]);
		if (v)
			printf("%s=%s\n", order[i], v);
	}
	for (size_t i = 0; i < ocop_record_count(rec); i++) {
		const char *k, *v;
		ocop_record_field(&k, &v, rec, i);
		int known = 0;
		for (int j = 0; order[j]; j++)
			known = known || strcmp(order[j], k) == 0;
		if (!known)
			printf("%s=%s\n", k, v);
	}
	ocop_record_free(rec);
	return EXIT_OK;
}

/* The URL of the fields: their trace_url checked, or the Digital Link built. */
static int print_url(char *const *args, int n, const ocop_template *t, const ocop_link_options *lo)
{
	ocop_record *rec = NULL;
	char *url = NULL;
	const field_args how = { .cmd = "url" };
	int rc = parse_fields(&rec, args, n, &how);
	if (rc == EXIT_OK) {
		int err = ocop_record_get(rec, "trace_url") ? ocop_trace_url(&url, t, rec) : ocop_link_build(&url, rec, lo);
		if (err < 0)
			rc = lib_error(err == OCOP_EINVAL ? EXIT_USAGE : EXIT_INVALID); /* EINVAL: a bad --today */
		else
			printf("%s\n", url);
	}
	free(url);
	ocop_record_free(rec);
	return rc;
}

int cmd_url(int argc, char **argv)
{
	url_args a = { .tname = DEFAULT_TEMPLATE, .ro = OCOP_RENDER_OPTIONS_INIT };
	int rc = parse_options(&a, argc, argv);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	ocop_template *t = NULL;
	if (ocop_template_find(&t, a.tname) < 0)
		return lib_error(EXIT_USAGE);
	/* the template's resolver and query keys, unless the command line says otherwise */
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	ocop_template_link_options(&lo, t);
	if (a.ro.resolver)
		lo.resolver = a.ro.resolver;
	lo.today = a.today;
	rc = a.parse ? print_link_fields(argv[optind], &lo) : print_url(argv + optind, argc - optind, t, &lo);
	ocop_template_free(t);
	return rc;
}
