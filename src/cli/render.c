/* ocoplabel — the render command: one label from KEY=VALUE fields, to a file, standard output or a printer. */
#include "cli.h"
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char *const usage_render = N_(
	/* TRANSLATORS: `ocoplabel render --help`. Keep the command, the option names, their arguments and the
	 * examples as they are, and {FIELDS}, {PRINTER_OPTIONS} (the program fills them in); the descriptions
	 * in one column, as in the English. */
	"Usage: ocoplabel render [OPTIONS] -o OUT.{pdf,png,svg,tspl,zpl} KEY=VALUE...\n"
	"       ocoplabel render [OPTIONS] --printer DEST [--printer-profile NAME] KEY=VALUE...\n"
	"\n"
	"Render one label. Fields (KEY=VALUE):\n"
	"{FIELDS}\n"
	"Dates as dd/mm/yyyy or yyyy-mm-dd. The Digital Link (the default trace_url) is\n"
	"RESOLVER/01/GTIN-14[/22/VARIANT][/10/LOT][/21/SERIAL]?11=..&17=..&vt=..&csdg=..;\n"
	"lot, serial and variant in it: at most 20 of A-Z a-z 0-9 !\"%&'()*+,-./:;<=>?_\n"
	"Other keys are kept and can be used as {KEY} in a template.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE    output file; the format follows its extension (.pdf,\n"
	"                       .png, .svg, .tspl, .zpl); '-' writes to standard output\n"
	"  -t, --template NAME  template name or file (default product-100x70)\n"
	"  -f, --format FMT     pdf, png, svg, tspl or zpl (overrides the extension)\n"
	"      --dpi N          PNG resolution in dots per inch (default 300); for PDF\n"
	"                       and SVG the printer resolution the codes are made for\n"
	"                       (203); TSPL and ZPL: the printer's (the profile's)\n"
	"      --logo FILE      PNG or SVG image to print instead of the OCOP badge\n"
	"      --today DATE     check the OCOP certificate against DATE (yyyy-mm-dd)\n"
	"                       instead of today\n"
	"      --resolver URL   GS1 Digital Link resolver (default: the template's)\n"
	"      --qr-ec LEVEL    QR error correction L, M, Q or H (default: the template's, M)\n"
	"      --qr-min-module MM  smallest printable QR module (default 0.25 mm)\n"
	"      --thermal        thermal printer: EAN-13 modules down to 75 % allowed\n"
	"      --mono           PNG: 1-bit black and white (thermal printers)\n"
	"      --bwr W          EAN bar width reduction for ink spread: mm (0.02mm) or % (8%)\n"
	"      --diagnostics json  errors and warnings as JSON lines on standard error,\n"
	"                       their keys and codes the same in every language\n"
	"  -q, --quiet          do not print warnings\n"
	"  -h, --help           show this help\n"
	"\n"
	"{PRINTER_OPTIONS}\n"
	"      --offset X,Y     move the label X mm right and Y mm down (see 'calibrate')\n"
	"\n"
	"Exit status: 0 label written, 1 invalid record (each error printed as\n"
	"FIELD: message), 2 usage error or a file that cannot be read or written.\n");

/* What the options ask for. */
typedef struct render_args {
	const char *out, *tname;
	int quiet;
	printer_opts po;
	ocop_render_options ro;
} render_args;

/* The options into a; EXIT_OK, -1 after --help, or EXIT_USAGE after a message. */
static int parse_options(render_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "dpi", required_argument, NULL, 'd' },
		{ "logo", required_argument, NULL, 'l' },
		{ "today", required_argument, NULL, 'T' },
		{ "resolver", required_argument, NULL, 'R' },
		/* NOTR: options' names */
		{ "qr-ec", required_argument, NULL, 'E' },
		/* NOTR: an option's name */
		{ "qr-min-module", required_argument, NULL, 'M' },
		{ "thermal", no_argument, NULL, 'H' },
		{ "mono", no_argument, NULL, 'B' },
		{ "bwr", required_argument, NULL, 'W' },
		{ "diagnostics", required_argument, NULL, 'D' },
		PRINTER_OFFSET_LONGOPT,
		PRINTER_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, idx;
	while ((c = getopt_long(argc, argv, "o:t:f:qh", longopts, &idx)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 't': a->tname = optarg; break;
		case 'f':
			if (parse_format(optarg, &a->ro.format) < 0)
				return usage_error("render", "unknown format '%s' (pdf, png, svg, tspl or zpl)", optarg);
			break;
		case 'd':
			if (parse_dpi(optarg, &a->ro.dpi) < 0)
				return usage_error("render", "--dpi: '%s' is not a resolution from 72 to 2400", optarg);
			break;
		case 'l': a->ro.logo = optarg; break;
		case 'T': a->ro.today = optarg; break;
		case 'R': case 'E': case 'M': case 'H': case 'B': case 'W':
			if (parse_qr_opt("render", longopts[idx].name, optarg, &a->ro))
				return EXIT_USAGE;
			break;
		PRINTER_OPT_CASES:
			if (parse_printer_opt("render", c, optarg, &a->po))
				return EXIT_USAGE;
			break;
		case 'D':
			if (parse_diagnostics("render", optarg))
				return EXIT_USAGE;
			break;
		case 'q': a->quiet = 1; break;
		case 'h': command_help(argv[0]); return -1;
		default: return usage_error("render", "%s", _("invalid option"));
		}
	}
	if (!a->out && !a->po.dest)
		return usage_error("render", "%s", _("no output file: give -o OUT.pdf, OUT.png, OUT.svg, OUT.tspl or OUT.zpl, "
		                                     "or --printer DEST"));
	if (a->out && strcmp(a->out, "-") == 0 && a->ro.format == OCOP_FORMAT_AUTO)
		return usage_error("render", "%s", _("-o - needs --format pdf, png, svg, tspl or zpl"));
	if (optind >= argc)
		return usage_error("render", "%s", _("no fields given (KEY=VALUE...)"));
	return EXIT_OK;
}

/* The format and the printer: the format decides the checks (pixels per QR module), so it is taken from
 * the file's name before anything is drawn. EXIT_OK or EXIT_USAGE after a message. */
static int settle_format(render_args *a, const ocop_template *t)
{
	const char *dot = a->out ? strrchr(a->out, '.') : NULL;
	if (a->ro.format == OCOP_FORMAT_AUTO && dot && !strchr(dot, '/')) {
		char ext[8] = "";
		for (size_t i = 0; dot[i + 1] && i + 1 < sizeof ext; i++)
			ext[i] = (char)tolower((unsigned char)dot[i + 1]);
		parse_format(ext, &a->ro.format);
	}
	int rc = printer_setup("render", &a->po, &a->ro, t);
	if (rc != EXIT_OK)
		return rc;
	if (a->ro.format == OCOP_FORMAT_AUTO) {
		fprintf(stderr, _("%s: %s: cannot tell the format; name the file .pdf, .png, .svg, .tspl or .zpl\n"), prog, a->out);
		return EXIT_USAGE;
	}
	if (a->po.dest && !is_printer_format(a->ro.format))
		return usage_error("render", "%s", _("--printer sends TSPL or ZPL jobs; print a PDF with your system's print dialog or lp"));
	return EXIT_OK;
}

/* The label checked, then written to the file, to standard output, or to memory for the printer (*buf).
 * EXIT_OK; EXIT_INVALID or EXIT_USAGE after a message; or the library's error (< 0) for the caller to print. */
static int render_label(const render_args *a, ocop_renderer *r, const ocop_record *rec, unsigned char **buf, size_t *len)
{
	/* the record rules, the trace URL and the QR code's fit, all reported together */
	ocop_diags *d = NULL;
	int err = ocop_renderer_check(&d, r, rec);
	if (err == OCOP_EINVAL) {
		ocop_diags_free(d);
		return err;
	}
	print_diags(d, NULL, 0, a->quiet);
	if (err == OCOP_EREJECTED) {
		size_t n = ocop_diags_errors(d);
		const char *fmt = ocop_ngettext("%s: label not written: %zu error in the record\n", "%s: label not written: %zu errors in the record\n", n);
		fprintf(stderr, fmt, prog, n);
		ocop_diags_free(d);
		return EXIT_INVALID;
	}
	ocop_diags_free(d);
	if (a->out && strcmp(a->out, "-") != 0)
		return ocop_renderer_render_file(r, rec, a->out);
	if ((err = ocop_renderer_render_mem(buf, len, r, rec)) < 0)
		return err;
	if (a->out && (fwrite(*buf, 1, *len, stdout) != *len || fflush(stdout) != 0)) {
		fprintf(stderr, _("%s: cannot write to standard output\n"), prog);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cmd_render(int argc, char **argv)
{
	render_args a = { .tname = DEFAULT_TEMPLATE, .po = { .timeout = 10 }, .ro = OCOP_RENDER_OPTIONS_INIT };
	int rc = parse_options(&a, argc, argv);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	ocop_record *rec = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	const field_args how = { .cmd = "render", .limit_key = 1, .bare_errors = 1, .warn_unknown = !a.quiet };
	if ((rc = parse_fields(&rec, argv + optind, argc - optind, &how)) != EXIT_OK)
		goto done;
	/* the template first: a thermal label names its printer, which may settle the format */
	int err = ocop_template_find(&t, a.tname);
	if (err < 0) {
		rc = lib_error(exit_for(err));
		goto done;
	}
	if ((rc = settle_format(&a, t)) != EXIT_OK)
		goto done;
	err = ocop_renderer_new(&r, t, &a.ro);
	if (err == 0)
		err = render_label(&a, r, rec, &buf, &len);
	if (err < 0) {
		rc = lib_error(exit_for(err));
		if (r && !a.quiet)
			print_diags(ocop_renderer_diags(r), NULL, 0, 0);
		goto done;
	}
	if ((rc = err) != EXIT_OK)
		goto done;
	if (!a.quiet)
		print_diags(ocop_renderer_diags(r), NULL, 0, 0);
	/* the label goes to the printer once it was made whole */
	if (a.po.dest)
		rc = buf ? send_job_mem(a.po.dest, buf, len, a.po.timeout, a.quiet)
		         : send_job_file(a.po.dest, a.out, a.po.timeout, a.quiet);
done:
	free(buf);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_record_free(rec);
	return rc;
}
