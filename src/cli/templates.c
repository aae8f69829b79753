/* ocoplabel — the templates command: the label templates, sheet layouts and printer profiles it finds. */
#include "cli.h"
#include <string.h>

const char *const usage_templates = N_(
	/* TRANSLATORS: `ocoplabel templates --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel templates\n"
	"\n"
	"List the label templates, sheet layouts and printer profiles found on\n"
	"OCOPLABEL_TEMPLATE_PATH\n"
	"and in the installed template directory, with their size and description.\n");

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

int cmd_templates(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return command_help(argv[0]);
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
