/* ocoplabel — the check command: every row of a product file checked as batch would check it, nothing rendered. */
#include "batchcmd.h"
#include <ctype.h>
#include <getopt.h>

const char *const usage_check = N_(
	/* TRANSLATORS: `ocoplabel check --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel check [OPTIONS] PRODUCTS\n"
	"\n"
	"Validate every row of a product file (CSV, Excel .xlsx or LibreOffice .ods)\n"
	"without rendering. Each problem is printed as FILE:LINE: FIELD: message\n"
	"(LINE is where the row starts, the header being line 1; in a workbook the\n"
	"row number the spreadsheet shows, and the message names the cell), then a\n"
	"summary: N rows, M valid, K rejected.\n"
	"The rows are checked as 'batch' would check them with the same options:\n"
	"the record rules, the traceability URL, and that the QR code fits the\n"
	"template at the output resolution.\n"
	"\n"
	"Options:\n"
	"  -t, --template NAME  template name or file (default: the sheet's, or product-100x70)\n"
	"  -s, --sheet NAME     sheet layout whose template to check against\n"
	"  -f, --format FMT     pdf, png, svg, tspl or zpl (default pdf); tspl and zpl check\n"
	"                       at the printer profile's dpi (--printer-profile NAME)\n"
	"      --dpi N          PNG resolution (default 300); PDF: printer resolution (203)\n"
	"      --resolver URL, --qr-ec LEVEL, --qr-min-module MM, --thermal   as for batch\n"
	"      --separator C    CSV: ',' or ';' (default: detected from the header line)\n"
	"      --worksheet NAME|N  workbooks (.xlsx, .ods): the sheet to read, by name or\n"
	"                       number (default: the first)\n"
	"      --skip-hidden    workbooks: leave out hidden and filtered rows\n"
	"      --report FILE    write one CSV line per rejected row (line, field,\n"
	"                       message, name) for fixing the file in a spreadsheet;\n"
	"                       a FILE ending in .xlsx: an Excel workbook of the rows\n"
	"                       with the bad cells highlighted\n"
	"      --today DATE     check OCOP certificates against DATE (yyyy-mm-dd)\n"
	"      --max-labels N   the most labels the file may ask for (default 2000000)\n"
	"      --diagnostics json  errors and warnings as JSON lines on standard error,\n"
	"                       their keys and codes the same in every language\n"
	"  -q, --quiet          do not print warnings or the summary\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 all rows valid, 1 some rows rejected, 2 the file cannot be\n"
	"read or its header is unusable.\n");

int cmd_check(int argc, char **argv)
{
	batch_opts o = BATCH_OPTS_INIT("check");
	int rc = parse_batch_opts(&o, argc, argv);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (o.ro.format == OCOP_FORMAT_AUTO)
		o.ro.format = OCOP_FORMAT_PDF;
	run R = { .input = argv[optind], .quiet = o.quiet };
	diag_file = R.input;
	if (same_file(o.report, R.input))
		return usage_error("check", "--report %s is the product file itself; the product file is never written", o.report);
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_batch *b = NULL;
	if ((rc = batch_setup(&o, &sheet, &t, &r)) != EXIT_OK)
		goto done;
	catch_signals();
	ocop_batch_options bo = job_options(&o, &R);
	int err = ocop_batch_new(&b, r, R.input, &bo);
	if (err == 0)
		err = ocop_batch_check(b);
	run_problems(&R); /* in row order, once every row is checked */
	const ocop_batch_counts *c = ocop_batch_get_counts(b);
	if (err < 0 && err != OCOP_ECANCELED) {
		rc = lib_error(EXIT_USAGE);
		goto done;
	}
	if (err != 0) {
		fprintf(stderr, _("%s: interrupted\n"), prog);
		rc = EXIT_INTERRUPTED;
	} else {
		if (!o.quiet) {
			print_counts(stdout, c);
			/* what batch with the same options would draw: a row valid for one layout may not fit another */
			char fmt[8] = { 0 };
			for (size_t i = 0; i + 1 < sizeof fmt && format_name(o.ro.format)[i]; i++)
				fmt[i] = (char)toupper((unsigned char)format_name(o.ro.format)[i]);
			if (sheet)
				printf(_("checked for the template %s on the sheet %s, %s for %g dpi\n"), ocop_template_name(t),
				       ocop_sheet_name(sheet), fmt, ocop_renderer_target_dpi(r));
			else
				printf(_("checked for the template %s, %s for %g dpi (choose yours with -t or --sheet, as for batch)\n"),
				       ocop_template_name(t), fmt, ocop_renderer_target_dpi(r));
		}
		rc = c->rejected ? EXIT_INVALID : EXIT_OK;
	}
	renderer_warnings(r, o.quiet);
done:
	ocop_batch_free(b);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	return rc;
}
