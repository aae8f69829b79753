/* ocoplabel — the template command: `template new` lays out a template for any label size (the library's automatic layout) and writes it. */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const usage_template = N_(
	/* TRANSLATORS: `ocoplabel template --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as in the English. */
	"Usage: ocoplabel template new NAME --size WxH [OPTIONS]\n"
	"\n"
	"Lay out a label template for any size from 25x20 mm to A5 (148x210 mm): the\n"
	"OCOP mark and stars, name, producer and address, the two codes, lot and dates,\n"
	"net quantity and origin, the QR code and the EAN-13, arranged by the label's\n"
	"shape and kept to the label rules at the printer's dots (whole-dot code modules,\n"
	"EAN-13 at 80-200 %, text of 1.2 mm letters, ink 1 mm from the edges). When\n"
	"nothing fits it says which element and the smallest size that would hold it.\n"
	"\n"
	"Options:\n"
	"  --size WxH             the label's width and height in mm, e.g. 58x40\n"
	"  --dpi N                the printer's resolution (default: the profile's, else 203)\n"
	"  --printer-profile P    the thermal printer profile it is for (ocoplabel\n"
	"                         templates lists them): its dpi; EAN-13 down to 75 %\n"
	"  --thermal              a thermal printer without a profile (EAN-13 down to 75 %)\n"
	"  --for FILE             size the text and the QR code for the longest values of\n"
	"                         a product file (CSV, XLSX, ODS)\n"
	"  --pos                  a 2D code that retail POS scanners read (GS1: modules of\n"
	"                         0.396 to 0.990 mm), with the EAN-13 beside it\n"
	"  --no-ean               no EAN-13 (a service, which has no GTIN)\n"
	"  --datamatrix           a Data Matrix where no readable QR code fits\n"
	"  --today DATE           check the products' certificates against DATE (yyyy-mm-dd)\n"
	"  -o, --output FILE      write the template here (default NAME.ini; - prints it)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Example:\n"
	"  ocoplabel template new honey-40x30 --size 40x30 --printer-profile xprinter-203 \\\n"
	"      --for products.csv\n"
	"  ocoplabel batch products.csv -t ./honey-40x30.ini -o labels.pdf\n"
	"\n"
	"Exit status: 0 written, 1 nothing fits this size, 2 usage error.\n");

/* "WxH" in mm (x or ×) */
static int parse_size(const char *s, double *w, double *h)
{
	char *end = NULL;
	*w = g_ascii_strtod(s, &end);
	if (end == s)
		return -1;
	if (*end == 'x' || *end == 'X')
		end++;
	else if (strncmp(end, "×", strlen("×")) == 0)
		end += strlen("×");
	else
		return -1;
	const char *p = end;
	*h = g_ascii_strtod(p, &end);
	return end == p || *end || !(*w > 0) || !(*h > 0) ? -1 : 0;
}

static int cmd_template_new(int argc, char **argv)
{
	enum { O_SIZE = 1, O_DPI, O_PROFILE, O_THERMAL, O_FOR, O_POS, O_NO_EAN, O_DM, O_TODAY };
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, O_SIZE }, { "dpi", required_argument, NULL, O_DPI },
		{ "printer-profile", required_argument, NULL, O_PROFILE }, { "thermal", no_argument, NULL, O_THERMAL },
		{ "for", required_argument, NULL, O_FOR }, { "pos", no_argument, NULL, O_POS },
		/* NOTR: option names */
		{ "no-ean", no_argument, NULL, O_NO_EAN }, { "datamatrix", no_argument, NULL, O_DM },
		{ "today", required_argument, NULL, O_TODAY },
		{ "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	ocop_template_auto_options o = OCOP_TEMPLATE_AUTO_OPTIONS_INIT;
	double w = 0, h = 0;
	const char *output = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case O_SIZE:
			if (parse_size(optarg, &w, &h) < 0)
				return usage_error("template", _("--size: '%s' is not WIDTHxHEIGHT in mm, e.g. 58x40"), optarg);
			break;
		case O_DPI:
			if (parse_dpi(optarg, &o.dpi) < 0)
				return usage_error("template", _("--dpi: '%s' is not a resolution from 72 to 2400"), optarg);
			break;
		case O_PROFILE: o.printer = optarg; break;
		case O_THERMAL: o.thermal = 1; break;
		case O_FOR: o.products = optarg; break;
		case O_POS: o.pos = 1; break;
		case O_NO_EAN: o.no_ean = 1; break;
		case O_DM: o.datamatrix = 1; break;
		case O_TODAY: o.today = optarg; break;
		case 'o': output = optarg; break;
		case 'h': return command_help("template");
		default: return usage_error("template", "%s", _("invalid option"));
		}
	}
	if (optind >= argc)
		return usage_error("template", "%s", _("give the new template's NAME"));
	if (optind + 1 < argc)
		return usage_error("template", _("unexpected argument '%s'"), argv[optind + 1]);
	if (w == 0)
		return usage_error("template", "%s", _("give the label's size with --size WxH (mm)"));
	const char *name = argv[optind];
	char *text = NULL;
	int err = ocop_template_auto(&text, w, h, &o);
	if (err < 0)
		return lib_error(err == OCOP_EREJECTED ? EXIT_INVALID : EXIT_USAGE);
	char *path = output ? g_strdup(output) : g_str_has_suffix(name, ".ini") ? g_strdup(name) : g_strconcat(name, ".ini", NULL);
	int rc = EXIT_OK;
	if (strcmp(path, "-") == 0) {
		if (fputs(text, stdout) < 0 || fflush(stdout) != 0) {
			fprintf(stderr, _("%s: cannot write %s: %s\n"), prog, path, g_strerror(errno));
			rc = EXIT_USAGE;
		}
	} else if (ocop_file_write(path, text, strlen(text)) < 0) {
		rc = lib_error(EXIT_USAGE);
	} else {
		printf(_("%s: a %gx%g mm template; use it with -t %s%s\n"), path, w, h, strchr(path, '/') ? "" : "./", path);
	}
	free(text);
	g_free(path);
	return rc;
}

int cmd_template(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return argc < 2 ? usage_error("template", "%s", _("give a subcommand: new")) : command_help(argv[0]);
	if (strcmp(argv[1], "new") != 0)
		return usage_error("template", _("unknown subcommand '%s' (subcommands: new)"), argv[1]);
	return cmd_template_new(argc - 1, argv + 1);
}
