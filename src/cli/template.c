/* ocoplabel — the template command: `template new` lays out a template for any label size (the library's automatic layout) and writes it. */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdbool.h>
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
	"\n"
	"A sheet of labels (decal paper for an office printer):\n"
	"  --sheet COLSxROWS      also write NAME-sheet.ini: a page of COLS x ROWS labels;\n"
	"                         the layout keeps its ink inside the printable area\n"
	"  --page A4|A5|WxH       the page (default A4, 210x297 mm)\n"
	"  --margins LEFT,TOP     page edge to the first label, mm (default: centred)\n"
	"  --pitch X,Y            one label's edge to the next one's, mm (default: the\n"
	"                         label's size, no gaps)\n"
	"  --printable-margin MM  the page border the printer leaves white (default 4)\n"
	"\n"
	"A roll of die-cut labels (thermal printer):\n"
	"  --roll                 also write NAME-printer.ini: the printer profile (given,\n"
	"                         else xprinter-203) with the roll's gap; the template\n"
	"                         uses it\n"
	"  --gap MM               the gap between labels on the roll, 0 to 30 mm\n"
	"  --columns N            labels across the roll (only 1: the print jobs place\n"
	"                         one label across)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Example:\n"
	"  ocoplabel template new honey-40x30 --size 40x30 --printer-profile xprinter-203 \\\n"
	"      --for products.csv\n"
	"  ocoplabel batch products.csv -t ./honey-40x30.ini -o labels.pdf\n"
	"  ocoplabel template new decal-99x57 --size 99x57 --sheet 2x5 --page A4\n"
	"  ocoplabel batch products.csv --sheet ./decal-99x57-sheet.ini \\\n"
	"      -t ./decal-99x57.ini -o sheets.pdf\n"
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

/* "A,B" in mm */
static int parse_pair(const char *s, double *a, double *b)
{
	char *end = NULL;
	*a = g_ascii_strtod(s, &end);
	if (end == s || *end != ',')
		return -1;
	const char *p = end + 1;
	*b = g_ascii_strtod(p, &end);
	return end == p || *end || !(*a >= 0) || !(*b >= 0) ? -1 : 0;
}

/* the name of a file beside the template's: "dir/NAME.ini" -> "dir/NAME-SUFFIX.ini" */
static char *beside(const char *path, const char *suffix)
{
	size_t n = strlen(path) - (g_str_has_suffix(path, ".ini") ? 4 : 0);
	return g_strdup_printf("%.*s-%s.ini", (int)n, path, suffix);
}

/* the sheet file for the template named name (--sheet): written, loaded back as batch loads it, and the edges
 * the layout keeps for its outer labels' ink to stay in the printable area; path NULL when it was refused */
static int write_sheet(char **path, const char *tpath, const char *name, ocop_sheet_spec *sp, double edge[4])
{
	*path = NULL;
	char *base = g_path_get_basename(name);
	if (g_str_has_suffix(base, ".ini"))
		base[strlen(base) - 4] = '\0';
	sp->template_name = base;
	char *text = NULL;
	int err = ocop_sheet_write(&text, sp);
	g_free(base);
	if (err < 0)
		return lib_error(EXIT_USAGE);
	char *p = beside(tpath, "sheet");
	ocop_sheet *sh = NULL;
	if (ocop_file_write(p, text, strlen(text)) < 0 || ocop_sheet_load(&sh, p) < 0 || ocop_sheet_edges(sh, edge) < 0) {
		free(text);
		g_free(p);
		return lib_error(EXIT_USAGE);
	}
	ocop_sheet_free(sh);
	free(text);
	*path = p;
	return EXIT_OK;
}

/* the printer profile for a roll (--roll): the chosen profile with the roll's gap, written beside the template */
static int write_roll_profile(char **path, const char *tpath, const char *from, double gap)
{
	*path = NULL;
	ocop_printer_profile pp = OCOP_PRINTER_PROFILE_INIT;
	char *text = NULL;
	if (ocop_printer_profile_find(&pp, from) < 0)
		return lib_error(EXIT_USAGE);
	if (gap >= 0) {
		pp.media = gap > 0 ? OCOP_MEDIA_GAP : OCOP_MEDIA_CONTINUOUS;
		pp.gap = gap;
		/* NOTR: the written profile's description (a file's text, in English as the shipped profiles') */
		g_snprintf(pp.description, sizeof pp.description, "%s, a roll with a %g mm gap", pp.name, gap);
	}
	if (ocop_printer_profile_write(&text, &pp) < 0)
		return lib_error(EXIT_USAGE);
	char *p = beside(tpath, "printer");
	ocop_printer_profile back = OCOP_PRINTER_PROFILE_INIT;
	int err = ocop_file_write(p, text, strlen(text));
	free(text);
	if (err < 0 || ocop_printer_profile_load(&back, p) < 0) {
		g_free(p);
		return lib_error(EXIT_USAGE);
	}
	/* the template names it by a path that has a slash, as ocop_printer_profile_find() loads a file */
	*path = strchr(p, '/') ? p : g_strconcat("./", p, NULL);
	if (*path != p)
		g_free(p);
	return EXIT_OK;
}

static int cmd_template_new(int argc, char **argv)
{
	enum { O_SIZE = 1, O_DPI, O_PROFILE, O_THERMAL, O_FOR, O_POS, O_NO_EAN, O_DM, O_TODAY, O_SHEET, O_PAGE, O_MARGINS,
	       O_PITCH, O_PM, O_ROLL, O_GAP, O_COLUMNS };
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, O_SIZE }, { "dpi", required_argument, NULL, O_DPI },
		{ "printer-profile", required_argument, NULL, O_PROFILE }, { "thermal", no_argument, NULL, O_THERMAL },
		{ "for", required_argument, NULL, O_FOR }, { "pos", no_argument, NULL, O_POS },
		/* NOTR: option names */
		{ "no-ean", no_argument, NULL, O_NO_EAN }, { "datamatrix", no_argument, NULL, O_DM },
		{ "today", required_argument, NULL, O_TODAY }, { "sheet", required_argument, NULL, O_SHEET },
		{ "page", required_argument, NULL, O_PAGE }, { "margins", required_argument, NULL, O_MARGINS },
		/* NOTR: option names */
		{ "pitch", required_argument, NULL, O_PITCH },
		/* NOTR: an option name */
		{ "printable-margin", required_argument, NULL, O_PM },
		{ "roll", no_argument, NULL, O_ROLL }, { "gap", required_argument, NULL, O_GAP },
		{ "columns", required_argument, NULL, O_COLUMNS },
		{ "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	ocop_template_auto_options o = OCOP_TEMPLATE_AUTO_OPTIONS_INIT;
	double w = 0, h = 0;
	const char *output = NULL;
	ocop_sheet_spec sp = OCOP_SHEET_SPEC_INIT;
	sp.page_width = 210, sp.page_height = 297, sp.centred = 1;
	bool sheet = false, roll = false, sheet_opts = false, roll_opts = false;
	double gap = -1, cols, rows;
	long across = 1;
	char *end;
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
		case O_SHEET:
			if (parse_size(optarg, &cols, &rows) < 0 || cols != floor(cols) || rows != floor(rows) || cols > 1000 || rows > 1000)
				return usage_error("template", _("--sheet: '%s' is not COLUMNSxROWS, e.g. 2x5"), optarg);
			sp.columns = (int)cols, sp.rows = (int)rows, sheet = true;
			break;
		case O_PAGE:
			sheet_opts = true;
			if (g_ascii_strcasecmp(optarg, "A4") == 0)
				sp.page_width = 210, sp.page_height = 297;
			else if (g_ascii_strcasecmp(optarg, "A5") == 0)
				sp.page_width = 148, sp.page_height = 210;
			else if (parse_size(optarg, &sp.page_width, &sp.page_height) < 0)
				return usage_error("template", _("--page: '%s' is not A4, A5 or WIDTHxHEIGHT in mm"), optarg);
			break;
		case O_MARGINS:
			sheet_opts = true;
			sp.centred = 0;
			if (parse_pair(optarg, &sp.left, &sp.top) < 0)
				return usage_error("template", _("--margins: '%s' is not LEFT,TOP in mm, e.g. 6,10.5"), optarg);
			break;
		case O_PITCH:
			sheet_opts = true;
			if (parse_pair(optarg, &sp.column_pitch, &sp.row_pitch) < 0)
				return usage_error("template", _("--pitch: '%s' is not X,Y in mm, e.g. 101.6,57"), optarg);
			break;
		case O_PM:
			sheet_opts = true;
			sp.printable_margin = g_ascii_strtod(optarg, &end);
			if (end == optarg || *end || !(sp.printable_margin >= 0 && sp.printable_margin <= 50))
				return usage_error("template", _("--printable-margin: '%s' is not 0 to 50 mm"), optarg);
			if (sp.printable_margin == 0)
				sp.printable_margin = 0.001; /* 0 in the spec is the loader's default */
			break;
		case O_ROLL: roll = true; break;
		case O_GAP:
			roll_opts = true;
			gap = g_ascii_strtod(optarg, &end);
			if (end == optarg || *end || !(gap >= 0 && gap <= 30))
				return usage_error("template", _("--gap: '%s' is not 0 to 30 mm"), optarg);
			break;
		case O_COLUMNS:
			roll_opts = true;
			across = strtol(optarg, &end, 10);
			if (end == optarg || *end || across < 1 || across > 10)
				return usage_error("template", _("--columns: '%s' is not a number of labels across, 1 to 10"), optarg);
			break;
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
	if (sheet && roll)
		return usage_error("template", "%s", _("--sheet and --roll: a template is for a sheet or for a roll, not both"));
	if (sheet_opts && !sheet)
		return usage_error("template", "%s", _("--page, --margins, --pitch and --printable-margin are for --sheet"));
	if (roll_opts && !roll)
		return usage_error("template", "%s", _("--gap and --columns are for --roll"));
	if (across > 1) {
		fprintf(stderr, _("%s: template: --columns %ld: labels %ld across a roll are not supported: the TSPL and ZPL jobs "
		                  "that ocoplabel writes place one label across (make a template as wide as the roll, or use "
		                  "--columns 1)\n"), prog, across, across);
		return EXIT_USAGE;
	}
	const char *name = argv[optind];
	char *path = output ? g_strdup(output) : g_str_has_suffix(name, ".ini") ? g_strdup(name) : g_strconcat(name, ".ini", NULL);
	if ((sheet || roll) && strcmp(path, "-") == 0) {
		g_free(path);
		return usage_error("template", "%s", _("--sheet and --roll write files beside the template: give -o FILE, not -"));
	}
	char *extra = NULL, *text = NULL;
	int rc = EXIT_OK;
	if (sheet) {
		sp.label_width = w, sp.label_height = h;
		rc = write_sheet(&extra, path, name, &sp, o.edge_mm);
	} else if (roll) {
		rc = write_roll_profile(&extra, path, o.printer ? o.printer : "xprinter-203", gap);
		o.printer = extra;
	}
	if (rc != EXIT_OK) {
		g_free(path);
		return rc;
	}
	int err = ocop_template_auto(&text, w, h, &o);
	if (err < 0) {
		rc = lib_error(err == OCOP_EREJECTED ? EXIT_INVALID : EXIT_USAGE);
		if (sheet && err == OCOP_EREJECTED)
			fprintf(stderr, _("%s: on this sheet the elements keep %g, %g, %g and %g mm from the label's left, top, right "
			                  "and bottom edges, so that the outer labels' ink stays inside the page's printable area "
			                  "(--printable-margin, default 4 mm); the size above is for those distances\n"),
			        prog, MAX(1.5, o.edge_mm[0]), MAX(1.5, o.edge_mm[1]), MAX(1.5, o.edge_mm[2]), MAX(1.5, o.edge_mm[3]));
		if (extra)
			g_unlink(extra); /* the sheet or profile of a template that was not made */
		g_free(extra);
		g_free(path);
		return rc;
	}
	if (strcmp(path, "-") == 0) {
		if (fputs(text, stdout) < 0 || fflush(stdout) != 0) {
			fprintf(stderr, _("%s: cannot write %s: %s\n"), prog, path, g_strerror(errno));
			rc = EXIT_USAGE;
		}
	} else if (ocop_file_write(path, text, strlen(text)) < 0) {
		rc = lib_error(EXIT_USAGE);
	} else {
		printf(_("%s: a %gx%g mm template; use it with -t %s%s\n"), path, w, h, strchr(path, '/') ? "" : "./", path);
		if (sheet)
			printf(_("%s: a page of %d x %d labels; use it with --sheet %s%s\n"), extra, sp.columns, sp.rows,
			       strchr(extra, '/') ? "" : "./", extra);
		else if (roll)
			printf(_("%s: the printer profile for the roll, which the template names\n"), extra);
	}
	free(text);
	g_free(extra);
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
