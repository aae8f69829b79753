/* ocoplabel — the site command: the pages behind the labels' QR codes written as static files for a web host. */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const usage_site = N_(
	/* TRANSLATORS: `ocoplabel site --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel site FILE... -o DIR --resolver URL [OPTIONS]\n"
	"\n"
	"Write the pages behind the labels' QR codes as static files for any web\n"
	"host: for each product of the product files (CSV, XLSX, ODS) and each of its\n"
	"lots, a page a phone shows (Vietnamese, no script) and its GS1 linkset, and\n"
	"the resolver description /.well-known/gs1resolver. The web host's rewrite\n"
	"rules (nginx, Apache) are in docs/RESOLVER.md; an .htaccess for Apache is\n"
	"written too. 'ocoplabel serve --products FILE' answers the same links itself.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR     the folder to write: new or empty, or an earlier export\n"
	"                       (replaced whole, in one step)\n"
	"      --resolver URL   the address the labels' QR codes carry (as given to\n"
	"                       render and batch), e.g. https://truyxuat.example.vn\n"
	"  -t, --template NAME  the template the labels were made with: its query keys\n"
	"                       (default product-100x70)\n"
	"      --worksheet NAME|N  the worksheet of a workbook (default the first)\n"
	"      --skip-hidden    leave out hidden and filtered rows of a workbook\n"
	"      --name TEXT      the resolver's name in its description (default ocoplabel)\n"
	"      --today DATE     show certificates and expiry dates as of DATE (yyyy-mm-dd)\n"
	"  -q, --quiet          no warnings about rows\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 written, 2 a file that cannot be read or a folder that cannot be written\n"
	"(nothing is written).\n");

static void on_problem(void *data, const char *path, size_t line, const ocop_diag *d)
{
	if (*(int *)data && d->severity == OCOP_SEVERITY_WARNING)
		return;
	fprintf(stderr, "%s:%zu: ", path, line);
	if (d->severity == OCOP_SEVERITY_WARNING)
		/* TRANSLATORS: a warning about a field of a row: "warning: gtin: message" */
		fprintf(stderr, _("warning: %s: %s\n"), ocop_field_title(d->field), d->message);
	else
		fprintf(stderr, "%s: %s\n", ocop_field_title(d->field), d->message);
}

/* The product files read into a resolver index, each row problem printed "FILE:LINE: [warning: ]FIELD:
 * message" (warnings unless quiet); EXIT_OK, or EXIT_USAGE after the message of a file that cannot be read. */
static int load_products(ocop_products **out, const char *const *paths, size_t n, const ocop_reader_options *ro, int quiet)
{
	static int quiet_flag;
	quiet_flag = quiet;
	ocop_products_options po = OCOP_PRODUCTS_OPTIONS_INIT;
	po.reader = ro;
	po.problem = on_problem;
	po.payload = &quiet_flag;
	if (ocop_products_load(out, paths, n, &po) < 0)
		return lib_error(EXIT_USAGE);
	return EXIT_OK;
}

int cmd_site(int argc, char **argv)
{
	enum { O_RESOLVER = 256, O_WORKSHEET, O_HIDDEN, O_NAME, O_TODAY };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' }, { "resolver", required_argument, NULL, O_RESOLVER },
		{ "template", required_argument, NULL, 't' }, { "worksheet", required_argument, NULL, O_WORKSHEET },
		/* NOTR: an option's name */
		{ "skip-hidden", no_argument, NULL, O_HIDDEN }, { "name", required_argument, NULL, O_NAME },
		{ "today", required_argument, NULL, O_TODAY }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *tname = DEFAULT_TEMPLATE;
	ocop_reader_options ro = OCOP_READER_OPTIONS_INIT;
	ocop_resolver_options so = OCOP_RESOLVER_OPTIONS_INIT;
	int quiet = 0, c;
	while ((c = getopt_long(argc, argv, "o:t:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case O_RESOLVER:
			if (strncasecmp(optarg, "https://", 8) != 0 && strncasecmp(optarg, "http://", 7) != 0)
				return usage_error("site", "--resolver: '%s' must start with https:// or http://", optarg);
			so.resolver = optarg;
			break;
		case 't': tname = optarg; break;
		case O_WORKSHEET: ro.worksheet = optarg; break;
		case O_HIDDEN: ro.skip_hidden = 1; break;
		case O_NAME: so.name = optarg; break;
		case O_TODAY: so.today = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': return command_help(argv[0]);
		default: return usage_error("site", "%s", _("invalid option"));
		}
	}
	if (optind >= argc)
		return usage_error("site", "%s", _("no product file given"));
	if (!out)
		return usage_error("site", "%s", _("no output folder: give -o DIR"));
	if (!so.resolver)
		return usage_error("site", "%s", _("give the address the labels' QR codes carry: --resolver URL (as given to "
		                      "render and batch)"));
	ocop_template *t = NULL;
	if (ocop_template_find(&t, tname) < 0)
		return lib_error(EXIT_USAGE);
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	ocop_template_link_options(&lo, t);
	so.link = &lo;
	ocop_products *p = NULL;
	int rc = load_products(&p, (const char *const *)argv + optind, (size_t)(argc - optind), &ro, quiet);
	if (rc == EXIT_OK) {
		ocop_site_stats st;
		if (ocop_site_export(&st, p, out, &so) < 0) {
			rc = lib_error(EXIT_USAGE);
		} else {
			char pages[32], linksets[32], products[32], skipped[32];
			printf(_("%s pages and %s linksets of %s products written to %s\n"),
			       ocop_format_count(pages, sizeof pages, st.pages), ocop_format_count(linksets, sizeof linksets, st.linksets),
			       ocop_format_count(products, sizeof products, ocop_products_gtins(p)), out);
			if (st.skipped)
				printf(_("%s lots left out: a lot with '/' cannot be a folder on a web host (ocoplabel serve "
				         "answers them)\n"),
				       ocop_format_count(skipped, sizeof skipped, st.skipped));
		}
	}
	ocop_products_free(p);
	ocop_template_free(t);
	return rc;
}
