/* ocoplabel — the thermal printer side of render, batch and calibrate: the printer options, the profile they make, the job sent. */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const printer_opts_help = N_(
	/* TRANSLATORS: the printer options of `ocoplabel render --help`, batch and calibrate: keep the option names
	 * and their arguments, and the descriptions starting at the 24th character */
	"Thermal printers (TSPL: Xprinter, TSC; ZPL: Zebra):\n"
	"      --printer-profile NAME  printer settings from templates/printers/ (default\n"
	"                       xprinter-203 for tspl, zebra-203 for zpl; 'ocoplabel templates' lists them)\n"
	"      --printer-codes  the printer draws the QR code and the EAN bars itself\n"
	"                       (smaller jobs); default: the whole label as an image\n"
	"      --darkness N     override the profile's darkness (TSPL 1-15, ZPL 1-30)\n"
	"      --speed N        override the profile's speed, inches per second\n"
	"      --printer DEST   send the job to DEST: a CUPS queue ('ocoplabel printers'),\n"
	"                       socket://HOST[:PORT] (port 9100) or a device such as\n"
	"                       /dev/usb/lp0; with -o the file is written too\n"
	"      --timeout S      give up on a printer that does not answer in S seconds (10)\n");

int is_printer_format(ocop_format f) { return f == OCOP_FORMAT_TSPL || f == OCOP_FORMAT_ZPL; }

int parse_offset(const char *s, double limit, double *x, double *y)
{
	char *end, *end2;
	*x = strtod(s, &end);
	if (end == s || *end != ',')
		return -1;
	*y = strtod(end + 1, &end2);
	if (end2 == end + 1 || *end2 || !(*x >= -limit && *x <= limit) || !(*y >= -limit && *y <= limit))
		return -1;
	return 0;
}

/* --timeout value: seconds, more than 0 and at most 3600; 0 or -1 */
static int parse_timeout(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || !(v > 0 && v <= 3600))
		return -1;
	*out = v;
	return 0;
}

int parse_printer_opt(const char *cmd, int opt, const char *arg, printer_opts *po)
{
	char *end;
	switch (opt) {
	case PO_PROFILE: po->profile_name = arg; break;
	case PO_CODES: po->codes = 1; break;
	case PO_DARKNESS: {
		long v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 1 || v > 30)
			return usage_error(cmd, "--darkness: '%s' is not a darkness (TSPL 1 to 15, ZPL 1 to 30)", arg);
		po->darkness = (int)v;
		break;
	}
	case PO_SPEED: {
		double v = strtod(arg, &end);
		if (end == arg || *end || !(v >= 1 && v <= 14))
			return usage_error(cmd, "--speed: '%s' is not a speed in inches per second (1 to 14)", arg);
		po->speed = v;
		break;
	}
	case PO_PRINTER: po->dest = arg; break;
	case PO_OFFSET:
		if (parse_offset(arg, 20, &po->offset_x, &po->offset_y) < 0)
			return usage_error(cmd, "--offset: '%s' is not X,Y in millimetres (each -20 to 20)", arg);
		po->have_offset = 1;
		break;
	case PO_TIMEOUT:
		if (parse_timeout(arg, &po->timeout) < 0)
			return usage_error(cmd, "--timeout: '%s' is not a number of seconds (0.1 to 3600)", arg);
		break;
	default: return usage_error(cmd, "%s", _("invalid option"));
	}
	return 0;
}

int printer_setup(const char *cmd, printer_opts *po, ocop_render_options *ro, const ocop_template *t)
{
	int printer = is_printer_format(ro->format);
	if (!printer && ro->format == OCOP_FORMAT_AUTO && (po->profile_name || po->dest))
		printer = 1; /* the format comes from the profile */
	if (!printer) {
		if (po->profile_name || po->codes || po->darkness || po->speed || po->have_offset || po->dest)
			return usage_error(cmd, "%s", _("--printer-profile, --printer-codes, --darkness, --speed and --printer "
			                                "are for thermal printer jobs: give --format tspl or zpl (or -o NAME.tspl, NAME.zpl)"));
		return 0;
	}
	/* the profile named, else the template's own (a thermal label's printer) when it speaks the format asked
	 * for, else the format's default */
	const char *name = po->profile_name;
	if (!name && ocop_template_printer(t) && ocop_printer_profile_find(&po->profile, ocop_template_printer(t)) == 0) {
		ocop_format f = po->profile.language == OCOP_PRINTER_ZPL ? OCOP_FORMAT_ZPL : OCOP_FORMAT_TSPL;
		if (ro->format == OCOP_FORMAT_AUTO || ro->format == f)
			name = ocop_template_printer(t);
	}
	if (!name)
		name = ro->format == OCOP_FORMAT_ZPL ? DEFAULT_ZPL_PROFILE : ro->format == OCOP_FORMAT_TSPL ? DEFAULT_TSPL_PROFILE : NULL;
	if (!name)
		return usage_error(cmd, "%s", _("--printer needs the printer's language: give --format tspl or zpl, or "
		                                "--printer-profile NAME (the thermal templates name their printer)"));
	if (ocop_printer_profile_find(&po->profile, name) < 0)
		return lib_error(EXIT_USAGE);
	ocop_format lang_fmt = po->profile.language == OCOP_PRINTER_ZPL ? OCOP_FORMAT_ZPL : OCOP_FORMAT_TSPL;
	if (ro->format == OCOP_FORMAT_AUTO)
		ro->format = lang_fmt;
	if (ro->format != lang_fmt) {
		fprintf(stderr, _("%s: printer profile %s is for %s printers; give --format %s or a %s profile\n"), prog, name,
		        ocop_printer_language_name(po->profile.language), lang_fmt == OCOP_FORMAT_ZPL ? "zpl" : "tspl",
		        ro->format == OCOP_FORMAT_ZPL ? "ZPL" : "TSPL");
		return EXIT_USAGE;
	}
	/* the command line's overrides, checked against the language as a profile file is */
	if (ro->dpi != 0)
		po->profile.dpi = (int)ro->dpi;
	if (po->darkness)
		po->profile.darkness = po->darkness;
	if (po->speed != 0)
		po->profile.speed = po->speed;
	if (po->have_offset) {
		po->profile.offset_x = po->offset_x;
		po->profile.offset_y = po->offset_y;
	}
	if (ocop_printer_profile_check(&po->profile) < 0) {
		fprintf(stderr, _("%s: printer profile %s: %s\n"), prog, name, ocop_error_last());
		return EXIT_USAGE;
	}
	ro->printer = &po->profile;
	ro->printer_codes = po->codes;
	return 0;
}

int send_job_file(const char *dest, const char *path, double timeout, int quiet)
{
	ocop_send_options o = OCOP_SEND_OPTIONS_INIT;
	o.timeout = timeout;
	if (ocop_send_file(dest, path, &o) < 0)
		return lib_error(EXIT_USAGE);
	struct stat st;
	char n[32];
	if (!quiet && stat(path, &st) == 0)
		fprintf(stderr, _("%s: sent %s bytes to %s\n"), prog, ocop_format_count(n, sizeof n, (unsigned long long)st.st_size),
		        dest);
	return EXIT_OK;
}

int send_job_mem(const char *dest, const unsigned char *data, size_t len, double timeout, int quiet)
{
	ocop_send_options o = OCOP_SEND_OPTIONS_INIT;
	o.timeout = timeout;
	if (ocop_send_mem(dest, data, len, &o) < 0)
		return lib_error(EXIT_USAGE);
	char n[32];
	if (!quiet)
		fprintf(stderr, _("%s: sent %s bytes to %s\n"), prog, ocop_format_count(n, sizeof n, len), dest);
	return EXIT_OK;
}
