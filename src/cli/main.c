/* ocoplabel — the command-line tool, a thin client of the public libocoplabel API: the command table and dispatch, render and templates. */
#include "cli.h"
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_render[] =
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
	"  -t, --template NAME  template name or file (default " DEFAULT_TEMPLATE ")\n"
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
	"  -q, --quiet          do not print warnings\n"
	"  -h, --help           show this help\n"
	"\n"
	PRINTER_OPTS_HELP
	"      --offset X,Y     move the label X mm right and Y mm down (see 'calibrate')\n"
	"\n"
	"Exit status: 0 label written, 1 invalid record (each error printed as\n"
	"FIELD: message), 2 usage error or a file that cannot be read or written.\n";

static const char usage_templates[] =
	"Usage: ocoplabel templates\n"
	"\n"
	"List the label templates, sheet layouts and printer profiles found on\n"
	"OCOPLABEL_TEMPLATE_PATH\n"
	"and in the installed template directory, with their size and description.\n";

static void print_diags(const ocop_diags *d, int quiet) { print_diags_prefixed(d, "", quiet); }

static int exit_for(int err)
{
	return err == OCOP_EREJECTED ? EXIT_INVALID : EXIT_USAGE;
}

static int cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "dpi", required_argument, NULL, 'd' },
		{ "logo", required_argument, NULL, 'l' },
		{ "today", required_argument, NULL, 'T' },
		{ "resolver", required_argument, NULL, 'R' },
		{ "qr-ec", required_argument, NULL, 'E' },
		{ "qr-min-module", required_argument, NULL, 'M' },
		{ "thermal", no_argument, NULL, 'H' },
		{ "mono", no_argument, NULL, 'B' },
		{ "bwr", required_argument, NULL, 'W' },
		PRINTER_OFFSET_LONGOPT,
		PRINTER_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *tname = DEFAULT_TEMPLATE;
	printer_opts po = { .timeout = 10 };
	int quiet = 0, c, rc = EXIT_OK, err = 0;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ocop_record *rec = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_diags *d = NULL;
	unsigned char *buf = NULL;

	while ((c = getopt_long(argc, argv, "o:t:f:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 't': tname = optarg; break;
		case 'f':
			if (parse_format(optarg, &ro.format) < 0)
				return usage_error("render ", "unknown format '%s' (pdf, png, svg, tspl or zpl)", optarg);
			break;
		case 'd':
			if (parse_dpi(optarg, &ro.dpi) < 0)
				return usage_error("render ", "--dpi: '%s' is not a resolution from 72 to 2400", optarg);
			break;
		case 'l': ro.logo = optarg; break;
		case 'T': ro.today = optarg; break;
		case 'R':
		case 'E':
		case 'M':
		case 'H':
		case 'B':
		case 'W':
			if (parse_qr_opt("render ", c == 'R' ? "resolver" : c == 'E' ? "qr-ec" : c == 'M' ? "qr-min-module" :
			                 c == 'H' ? "thermal" : c == 'B' ? "mono" : "bwr", optarg, &ro))
				return EXIT_USAGE;
			break;
		PRINTER_OPT_CASES:
			if (parse_printer_opt("render ", c, optarg, &po))
				return EXIT_USAGE;
			break;
		case 'q': quiet = 1; break;
		case 'h': return command_help(argv[0]);
		default: return usage_error("render ", "%s", "invalid option");
		}
	}
	if (!out && !po.dest)
		return usage_error("render ", "%s", "no output file: give -o OUT.pdf, OUT.png, OUT.svg, OUT.tspl or OUT.zpl, "
		                   "or --printer DEST");
	if (out && strcmp(out, "-") == 0 && ro.format == OCOP_FORMAT_AUTO)
		return usage_error("render ", "%s", "-o - needs --format pdf, png, svg, tspl or zpl");
	if (optind >= argc)
		return usage_error("render ", "%s", "no fields given (KEY=VALUE...)");

	if (ocop_record_new(&rec) < 0)
		goto fail;
	for (int i = optind; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			rc = usage_error("render ", "'%s' is not KEY=VALUE", argv[i]);
			goto done;
		}
		char key[129];
		size_t kl = (size_t)(eq - argv[i]);
		if (kl >= sizeof key) {
			rc = usage_error("render ", "field name too long in '%s'", argv[i]);
			goto done;
		}
		memcpy(key, argv[i], kl);
		key[kl] = '\0';
		if ((err = ocop_record_set(rec, key, eq + 1, -1)) < 0) {
			fprintf(stderr, "%s\n", ocop_error_last());
			rc = EXIT_INVALID;
			goto done;
		}
		if (!ocop_field_is_known(key) && !quiet)
			fprintf(stderr, "warning: %s: not a known field; kept for templates that use {%s}\n", key, key);
	}
	/* the format decides the checks (pixels per QR module), so take it from the name now */
	const char *dot = out ? strrchr(out, '.') : NULL;
	if (ro.format == OCOP_FORMAT_AUTO && dot && !strchr(dot, '/')) {
		char ext[8] = "";
		for (size_t i = 0; dot[i + 1] && i + 1 < sizeof ext; i++)
			ext[i] = (char)tolower((unsigned char)dot[i + 1]);
		parse_format(ext, &ro.format);
	}
	if ((rc = printer_setup("render ", &po, &ro)) != EXIT_OK)
		goto done;
	if (ro.format == OCOP_FORMAT_AUTO) {
		fprintf(stderr, "%s: %s: cannot tell the format; name the file .pdf, .png, .svg, .tspl or .zpl\n", prog, out);
		rc = EXIT_USAGE;
		goto done;
	}
	if (po.dest && !is_printer_format(ro.format)) {
		rc = usage_error("render ", "%s", "--printer sends TSPL or ZPL jobs; print a PDF with your system's print dialog or lp");
		goto done;
	}
	if ((err = ocop_template_find(&t, tname)) < 0)
		goto fail;
	if ((err = ocop_renderer_new(&r, t, &ro)) < 0)
		goto fail;
	/* the record rules, the trace URL and the QR code's fit, all reported together */
	err = ocop_renderer_check(&d, r, rec);
	if (err == OCOP_EINVAL)
		goto fail;
	print_diags(d, quiet);
	if (err == OCOP_EREJECTED) {
		fprintf(stderr, "%s: label not written: %zu error%s in the record\n", prog, ocop_diags_errors(d),
		        ocop_diags_errors(d) == 1 ? "" : "s");
		rc = EXIT_INVALID;
		goto done;
	}
	size_t len = 0;
	if (!out || strcmp(out, "-") == 0) {
		if ((err = ocop_renderer_render_mem(&buf, &len, r, rec)) < 0)
			goto fail;
		if (out && (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)) {
			fprintf(stderr, "%s: cannot write to standard output\n", prog);
			rc = EXIT_USAGE;
			goto done;
		}
	} else if ((err = ocop_renderer_render_file(r, rec, out)) < 0) {
		goto fail;
	}
	if (!quiet)
		print_diags(ocop_renderer_diags(r), quiet);
	/* the label goes to the printer once it was made whole */
	if (po.dest)
		rc = buf ? send_job_mem(po.dest, buf, len, po.timeout, quiet) : send_job_file(po.dest, out, po.timeout, quiet);
	goto done;
fail:
	fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
	if (r && !quiet)
		print_diags(ocop_renderer_diags(r), quiet);
	rc = exit_for(err);
done:
	free(buf);
	ocop_diags_free(d);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_record_free(rec);
	return rc;
}

static int cmd_templates(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return command_help(argv[0]);
	if (argc > 1)
		return usage_error("templates ", "unexpected argument '%s'", argv[1]);
	char **paths = NULL, **sheets = NULL, **printers = NULL;
	if (ocop_template_list(&paths) < 0 || ocop_sheet_list(&sheets) < 0 || ocop_printer_profile_list(&printers) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		ocop_strv_free(paths);
		ocop_strv_free(sheets);
		return EXIT_USAGE;
	}
	int rc = EXIT_OK;
	if (!paths[0])
		fprintf(stderr, "%s: no templates found (set OCOPLABEL_TEMPLATE_PATH or run 'meson install')\n", prog);
	else
		printf("Label templates (-t):\n");
	for (char **p = paths; *p; p++) {
		ocop_template *t = NULL;
		if (ocop_template_load(&t, *p) < 0) {
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = EXIT_USAGE;
			continue;
		}
		printf("  %-18s %5.0f x %-4.0f mm  %s\n", ocop_template_name(t), ocop_template_width_mm(t),
		       ocop_template_height_mm(t), ocop_template_description(t));
		ocop_template_free(t);
	}
	if (sheets[0])
		printf("\nSheet layouts (--sheet):\n");
	for (char **p = sheets; *p; p++) {
		ocop_sheet *s = NULL;
		if (ocop_sheet_load(&s, *p) < 0) {
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = EXIT_USAGE;
			continue;
		}
		printf("  %-18s %3d label%s   %s (template %s)\n", ocop_sheet_name(s), ocop_sheet_positions(s),
		       ocop_sheet_positions(s) == 1 ? " " : "s", ocop_sheet_description(s), ocop_sheet_template(s));
		ocop_sheet_free(s);
	}
	if (printers[0])
		printf("\nPrinter profiles (--printer-profile):\n");
	for (char **p = printers; *p; p++) {
		ocop_printer_profile pr;
		if (ocop_printer_profile_load(&pr, *p) < 0) {
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = EXIT_USAGE;
			continue;
		}
		printf("  %-18s %-4s %3d dpi  %s\n", pr.name, ocop_printer_language_name(pr.language), pr.dpi, pr.description);
	}
	ocop_strv_free(paths);
	ocop_strv_free(sheets);
	ocop_strv_free(printers);
	return rc;
}

/* One command of `ocoplabel COMMAND`. */
typedef struct cli_command {
	const char *name;
	const char *summary; /* its line under "Commands:" of `ocoplabel --help` */
	const char *usage;   /* `ocoplabel help NAME` and `NAME --help`, through print_usage; NULL: the tool's */
	int (*fn)(int argc, char **argv);
} cli_command;

static int cmd_help(int argc, char **argv);

/* The one list of the commands: --help's "Commands:", help NAME, NAME --help and the unknown-command
 * message are all made from it, in this order. */
static const cli_command commands[] = {
	{ "render", "render one label from KEY=VALUE fields", usage_render, cmd_render },
	{ "batch", "render every row of a product file (CSV, XLSX, ODS) to a PDF or a folder", usage_batch, cmd_batch },
	{ "url", "print the traceability URL of a label, or parse a Digital Link", usage_url, cmd_url },
	{ "check", "validate a product file (CSV, XLSX, ODS) without rendering", usage_check, cmd_check },
	{ "templates", "list the installed label templates", usage_templates, cmd_templates },
	{ "printers", "list the printer queues (CUPS)", usage_printers, cmd_printers },
	{ "calibrate", "print a calibration label on a thermal printer (offset, gap)", usage_calibrate, cmd_calibrate },
	{ "serve", "the web page for clerks, the HTTP label service and the QR codes' pages", usage_serve, cmd_serve },
	{ "site", "write the pages behind the QR codes as static files for a web host", usage_site, cmd_site },
	{ "help", "show help for a command", NULL, cmd_help },
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void print_main_usage(void)
{
	fputs("Usage: ocoplabel COMMAND [OPTIONS]\n"
	      "\n"
	      "Make printable OCOP traceability labels (PDF, PNG, SVG, and TSPL or ZPL jobs\n"
	      "for thermal printers) with the OCOP mark, star rating, QR code and EAN-13.\n"
	      "\n"
	      "Commands:\n",
	      stdout);
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Options:\n"
	      "  -h, --help     show this help\n"
	      "  -V, --version  show the version\n"
	      "\n"
	      "Run 'ocoplabel COMMAND --help' for the options of a command.\n",
	      stdout);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* "unknown command 'X' (commands: render, batch, ..., help)" */
static int unknown_command(const char *name)
{
	char msg[512];
	size_t n = (size_t)snprintf(msg, sizeof msg, "unknown command '%%s' (commands: ");
	for (size_t i = 0; i < N_COMMANDS && n < sizeof msg; i++)
		n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s", commands[i].name, i + 1 < N_COMMANDS ? ", " : ")");
	return usage_error(NULL, msg, name);
}

int command_help(const char *name)
{
	const cli_command *c = find_command(name);
	if (c && c->usage)
		print_usage(c->usage, stdout);
	else
		print_main_usage();
	return EXIT_OK;
}

/* help [COMMAND] */
static int cmd_help(int argc, char **argv)
{
	if (argc < 2)
		return command_help(argv[0]);
	if (!find_command(argv[1]))
		return unknown_command(argv[1]);
	return command_help(argv[1]);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(NULL, "%s", "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
		return command_help("help");
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("ocoplabel %s\n", ocop_version());
		return EXIT_OK;
	}
	const cli_command *c = find_command(cmd);
	if (!c)
		return unknown_command(cmd);
	return c->fn(argc - 1, argv + 1);
}
