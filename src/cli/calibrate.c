/* ocoplabel — the calibrate command: a calibration label sent to the printer (or written to a file, whole or not at all). */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const usage_calibrate = N_(
	/* TRANSLATORS: `ocoplabel calibrate --help`. Keep the command, the option names, their arguments and the
	 * examples as they are, and {PRINTER_OPTIONS} (the program fills it in); the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel calibrate --printer DEST [--printer-profile NAME] [OPTIONS]\n"
	"       ocoplabel calibrate -o FILE.tspl|FILE.zpl [--printer-profile NAME] [OPTIONS]\n"
	"\n"
	"Print a calibration label on a thermal printer: millimetre rulers along the\n"
	"top and left edges, a box on the label's edge, and the offset and gap in use.\n"
	"If the box is cut off on the left, raise X; on the top, raise Y; if it sits\n"
	"inside the label, lower them. Read the distance off the rulers, then print\n"
	"with --offset X,Y (or write it into your copy of the profile) and calibrate\n"
	"again until the box sits on the edge.\n"
	"\n"
	"Options:\n"
	"  -t, --template NAME  the label size of this template (default product-100x70)\n"
	"      --size WxH       the label size in mm instead, e.g. 50x30\n"
	"  -f, --format FMT     tspl or zpl (default: the profile's language)\n"
	"      --dpi N          override the profile's resolution\n"
	"      --offset X,Y     the offset to try, mm\n"
	"  -o, --output FILE    also (or only) write the job to FILE\n"
	"  -q, --quiet          print only errors\n"
	"  -h, --help           show this help\n"
	"\n"
	"{PRINTER_OPTIONS}\n"
	"\n"
	"Exit status: 0 printed (or written), 2 usage error, a printer that cannot be\n"
	"reached or a file that cannot be written.\n");

int cmd_calibrate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "size", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "dpi", required_argument, NULL, 'd' },
		PRINTER_OFFSET_LONGOPT,
		{ "output", required_argument, NULL, 'o' },
		PRINTER_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tname = DEFAULT_TEMPLATE, *out = NULL;
	double w = 0, h = 0;
	int quiet = 0, c;
	printer_opts po = { .timeout = 10 };
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	while ((c = getopt_long(argc, argv, "t:f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 't': tname = optarg; break;
		case 'S': {
			char *end, *end2;
			w = strtod(optarg, &end);
			h = *end == 'x' ? strtod(end + 1, &end2) : 0;
			if (end == optarg || *end != 'x' || end2 == end + 1 || *end2 || !(w >= 20 && w <= 300) || !(h >= 15 && h <= 300))
				return usage_error("calibrate", "--size: '%s' is not WxH in mm (20 to 300 by 15 to 300)", optarg);
			break;
		}
		case 'f':
			if (parse_format(optarg, &ro.format) < 0 || !is_printer_format(ro.format))
				return usage_error("calibrate", "--format: '%s' is not tspl or zpl", optarg);
			break;
		case 'd':
			if (parse_dpi(optarg, &ro.dpi) < 0)
				return usage_error("calibrate", "--dpi: '%s' is not a resolution from 72 to 2400", optarg);
			break;
		case 'o': out = optarg; break;
		PRINTER_OPT_CASES:
			if (parse_printer_opt("calibrate", c, optarg, &po))
				return EXIT_USAGE;
			break;
		case 'q': quiet = 1; break;
		case 'h': return command_help(argv[0]);
		default: return usage_error("calibrate", "%s", _("invalid option"));
		}
	}
	if (optind < argc)
		return usage_error("calibrate", "unexpected argument '%s'", argv[optind]);
	if (!po.dest && !out)
		return usage_error("calibrate", "%s", _("give --printer DEST (or -o FILE.tspl or FILE.zpl)"));
	if (out && ro.format == OCOP_FORMAT_AUTO) {
		const char *dot = strrchr(out, '.');
		if (dot && (strcmp(dot, ".tspl") == 0 || strcmp(dot, ".zpl") == 0))
			parse_format(dot + 1, &ro.format);
	}
	if (ro.format == OCOP_FORMAT_AUTO && !po.profile_name)
		po.profile_name = DEFAULT_TSPL_PROFILE;
	int rc = printer_setup("calibrate", &po, &ro, NULL);
	if (rc != EXIT_OK)
		return rc;
	if (w == 0) {
		ocop_template *t = NULL;
		if (ocop_template_find(&t, tname) < 0)
			return lib_error(EXIT_USAGE);
		w = ocop_template_width_mm(t);
		h = ocop_template_height_mm(t);
		ocop_template_free(t);
	}
	if (out) {
		if (ocop_printer_calibration_file(out, &po.profile, w, h) < 0)
			return lib_error(EXIT_USAGE);
		if (!quiet)
			printf(_("calibration label for %s (%g x %g mm) written to %s\n"), po.profile.name, w, h, out);
	}
	if (po.dest) {
		unsigned char *job = NULL;
		size_t len = 0;
		if (ocop_printer_calibration(&job, &len, &po.profile, w, h) < 0)
			return lib_error(EXIT_USAGE);
		rc = send_job_mem(po.dest, job, len, po.timeout, quiet);
		free(job);
	}
	return rc;
}
