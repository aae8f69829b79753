/* ocoplabel — the templates command: the label templates, sheet layouts and printer profiles it finds. */
#include "cli.h"
#include <string.h>

const char *const usage_templates = N_(
	/* TRANSLATORS: `ocoplabel templates --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel templates\n"
	"       ocoplabel templates --check TEMPLATE [--pos] [--dpi N] [--thermal]\n"
	"\n"
	"List the label templates, sheet layouts and printer profiles found on\n"
	"OCOPLABEL_TEMPLATE_PATH\n"
	"and in the installed template directory, with their size and description.\n"
	"\n"
	"With --check, check one template (a name or a file) with the rules of the\n"
	"automatic layout: the renderer's checks at the printer's dots, a label of a\n"
	"typical product, boxes 1 mm from the edges, codes clear of other elements, and\n"
	"whether its QR code is ready for retail POS scanners (GS1: modules of 0.396 to\n"
	"0.990 mm, an EAN-13 beside it).\n"
	"\n"
	"Options:\n"
	"  --check TEMPLATE   the template to check\n"
	"  --pos              being ready for POS scanners is required (an error if not)\n"
	"  --dpi N            the printer's resolution (default: the template's printer\n"
	"                     profile's, else 203)\n"
	"  --thermal          a thermal printer (EAN-13 down to 75 %)\n"
	"\n"
	"Exit status: 0 no errors, 1 the template breaks a rule, 2 usage error.\n");

/* Each list's entries are loaded one by one: one that cannot be read is reported and the others still listed.
 * EXIT_OK, or EXIT_USAGE when one could not be read. */
static int list_templates(char **paths)
{
	int rc = EXIT_OK;
	if (!paths[0])
		fprintf(stderr, _("%s: no templates found (set OCOPLABEL_TEMPLATE_PATH or run 'meson install')\n"), prog);
	else
		printf("%s", _("Label templates (-t):\n"));
	for (char **p = paths; *p; p++) {
		ocop_template *t = NULL;
		if (ocop_template_load(&t, *p) < 0) {
			rc = lib_error(EXIT_USAGE);
			continue;
		}
		printf("  %-18s %5.0f x %-4.0f mm  %s\n", ocop_template_name(t), ocop_template_width_mm(t),
		       ocop_template_height_mm(t), ocop_template_description(t));
		ocop_template_free(t);
	}
	return rc;
}

static int list_sheets(char **sheets)
{
	int rc = EXIT_OK;
	if (sheets[0])
		printf("%s", _("\nSheet layouts (--sheet):\n"));
	for (char **p = sheets; *p; p++) {
		ocop_sheet *s = NULL;
		if (ocop_sheet_load(&s, *p) < 0) {
			rc = lib_error(EXIT_USAGE);
			continue;
		}
		int n = ocop_sheet_positions(s);
		printf("  %-18s ", ocop_sheet_name(s));
		/* TRANSLATORS: a sheet layout of `ocoplabel templates`: "24 labels   A4, 3 x 8 labels (template
		 * small-70x37)"; the singular as wide as the plural, so that the descriptions line up */
		printf(ocop_ngettext("%3d label    %s (template %s)\n", "%3d labels   %s (template %s)\n", (unsigned long)n), n,
		       ocop_sheet_description(s), ocop_sheet_template(s));
		ocop_sheet_free(s);
	}
	return rc;
}

static int list_printers(char **printers)
{
	int rc = EXIT_OK;
	if (printers[0])
		printf("%s", _("\nPrinter profiles (--printer-profile):\n"));
	for (char **p = printers; *p; p++) {
		ocop_printer_profile pr;
		if (ocop_printer_profile_load(&pr, *p) < 0) {
			rc = lib_error(EXIT_USAGE);
			continue;
		}
		printf("  %-18s %-4s %3d dpi  %s\n", pr.name, ocop_printer_language_name(pr.language), pr.dpi, pr.description);
	}
	return rc;
}

/* --check TEMPLATE [--pos] [--dpi N] [--thermal]: the findings, then whether it is ready for POS scanners */
static int check_template(int argc, char **argv)
{
	ocop_template_check_options o = OCOP_TEMPLATE_CHECK_OPTIONS_INIT;
	const char *name = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--pos") == 0)
			o.pos = 1;
		else if (strcmp(argv[i], "--thermal") == 0)
			o.thermal = 1;
		else if (strcmp(argv[i], "--dpi") == 0 && i + 1 < argc) {
			if (parse_dpi(argv[++i], &o.dpi) < 0)
				return usage_error("templates", _("--dpi: '%s' is not a resolution from 72 to 2400"), argv[i]);
		} else
			return usage_error("templates", _("unexpected argument '%s'"), argv[i]);
	}
	if (!name)
		return usage_error("templates", "%s", _("--check needs a template (a name or a file)"));
	ocop_template *t = NULL;
	if (ocop_template_find(&t, name) < 0)
		return lib_error(EXIT_USAGE);
	ocop_diags *d = NULL;
	int err = ocop_template_check(&d, t, &o);
	if (err < 0 && err != OCOP_EREJECTED) {
		ocop_template_free(t);
		return lib_error(EXIT_USAGE);
	}
	print_diags(d, NULL, 0, 0);
	int pos_ready = 1;
	for (size_t i = 0; i < ocop_diags_count(d); i++)
		if (strcmp(ocop_diags_get(d, i)->code, OCOP_CODE_NOT_POS) == 0)
			pos_ready = 0;
	size_t errors = ocop_diags_errors(d), warnings = ocop_diags_count(d) - errors;
	/* TRANSLATORS: the summary of `ocoplabel templates --check`: "my-label: 0 errors, 2 warnings" */
	printf(ocop_ngettext("%s: %zu error, ", "%s: %zu errors, ", (unsigned long)errors), ocop_template_name(t), errors);
	printf(ocop_ngettext("%zu warning\n", "%zu warnings\n", (unsigned long)warnings), warnings);
	printf("%s\n", pos_ready ? _("POS-ready: yes (its QR code meets GS1's X-dimension for retail POS scanners)")
	                          : _("POS-ready: no"));
	ocop_diags_free(d);
	ocop_template_free(t);
	return errors ? EXIT_INVALID : EXIT_OK;
}

int cmd_templates(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return command_help(argv[0]);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--check") == 0)
			return check_template(argc, argv);
	if (argc > 1)
		return usage_error("templates", "unexpected argument '%s'", argv[1]);
	char **paths = NULL, **sheets = NULL, **printers = NULL;
	int rc = EXIT_USAGE;
	if (ocop_template_list(&paths) < 0 || ocop_sheet_list(&sheets) < 0 || ocop_printer_profile_list(&printers) < 0) {
		lib_error(EXIT_USAGE);
	} else {
		int rt = list_templates(paths), rs = list_sheets(sheets), rp = list_printers(printers);
		rc = rt != EXIT_OK ? rt : rs != EXIT_OK ? rs : rp;
	}
	ocop_strv_free(paths);
	ocop_strv_free(sheets);
	ocop_strv_free(printers);
	return rc;
}
