/* ocoplabel — the batch command: a label for every valid row of a product file, to a PDF, a folder, a job or a printer. */
#include "batchcmd.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const usage_batch = N_(
	/* TRANSLATORS: `ocoplabel batch --help`. Keep the command, the option names, their arguments and the
	 * examples as they are, and {PRINTER_OPTIONS} (the program fills it in); the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel batch [OPTIONS] PRODUCTS -o OUT.pdf\n"
	"       ocoplabel batch [OPTIONS] PRODUCTS -o FOLDER --format png|svg\n"
	"       ocoplabel batch [OPTIONS] PRODUCTS -o OUT.tspl|OUT.zpl\n"
	"       ocoplabel batch [OPTIONS] PRODUCTS --printer DEST [--printer-profile NAME]\n"
	"\n"
	"Render a label for every valid row of a product file: CSV (comma or\n"
	"semicolon, UTF-8 with or without BOM) or a workbook (Excel .xlsx, LibreOffice\n"
	"or Calc .ods; the kind is read from the file itself), with a header row of\n"
	"field names or Vietnamese headings such as 'Tên sản phẩm', 'Mã vạch', 'Số lượng'.\n"
	"Rejected rows are reported as FILE:LINE: FIELD: message and skipped.\n"
	"Output appears only when the run succeeds: it is written under a hidden\n"
	"temporary name and renamed at the end.\n"
	"\n"
	"Output:\n"
	"  -o, --output OUT       a PDF file, a TSPL or ZPL print job (one for the roll),\n"
	"                         or a folder for --format png or svg; '-' writes the\n"
	"                         PDF or job to standard output (e.g. | lp)\n"
	"  -f, --format FMT       pdf, png, svg, tspl or zpl (default: from OUT's name)\n"
	"  -t, --template NAME    label template (default: the sheet's, or product-100x70)\n"
	"  -s, --sheet NAME       place labels N-up on sheets: a4-3x8, a4-2x4, a4-1x1\n"
	"                         or a sheet file; without it, one label per page\n"
	"      --first K          start at position K of the first sheet (1 = top left;\n"
	"                         for a sheet already partly used)\n"
	"      --outline          draw thin grey outlines around the labels (proofs)\n"
	"      --crop-marks       draw crop marks at the label corners\n"
	"      --offset X,Y       shift the sheet content, or a TSPL/ZPL label, by X,Y mm\n"
	"                         (printer calibration; see 'ocoplabel calibrate')\n"
	"      --dpi N            PNG resolution (default 300); PDF: printer resolution (203)\n"
	"      --name-pattern P   file names for png/svg, with {field} and {n}\n"
	"                         (default {n}: 00001.png, 00002.png, ...)\n"
	"      --overwrite        allow a folder that already has files\n"
	"      --logo FILE        PNG or SVG image to print instead of the OCOP badge\n"
	"      --resolver URL     GS1 Digital Link resolver (default: the template's)\n"
	"      --qr-ec LEVEL      QR error correction L, M, Q or H (default: the template's)\n"
	"      --qr-min-module MM smallest printable QR module (default 0.25 mm)\n"
	"      --thermal          thermal printer: EAN-13 modules down to 75 % allowed\n"
	"      --mono             PNG: 1-bit black and white (thermal printers)\n"
	"      --bwr W            EAN bar width reduction: mm (0.02mm) or % of the module (8%)\n"
	"\n"
	"Rows:\n"
	"      --copies N         labels per row when the file has no copies / 'Số lượng'\n"
	"                         column or the cell is empty (default 1)\n"
	"      --serialize        one serial number per label (GS1 AI 21, in the QR code's\n"
	"                         Digital Link and printed): the next free serials of\n"
	"                         each GTIN and lot in the registry\n"
	"      --serial-start N   the first serial, run on across rows; one already in\n"
	"                         the registry is an error\n"
	"      --serial-format F  e.g. %06d or HTX-%08d (default %d); at most 20 characters\n"
	"      --registry R       the registry of runs and serials: an SQLite FILE or\n"
	"                         postgresql://USER@HOST/DB (default: $OCOPLABEL_REGISTRY,\n"
	"                         else registry.sqlite in the user's data folder); used\n"
	"                         by serialised runs, and by every run when named\n"
	"      --no-registry      record nothing; serials from 1 or --serial-start\n"
	"      --clerk NAME       who prints, for the registry (default: the login name)\n"
	"      --separator C      CSV: ',' or ';' (default: detected from the header line)\n"
	"      --worksheet NAME|N workbooks (.xlsx, .ods): the sheet to read, by name or\n"
	"                         number (default: the first)\n"
	"      --skip-hidden      workbooks: leave out hidden and filtered rows\n"
	"      --strict           write nothing if any row is rejected\n"
	"      --jobs N           draw labels in N threads (default: the number of\n"
	"                         processors); the output is the same for any N\n"
	"      --shard K/N        render only the K-th of N equal parts of the rows, with\n"
	"                         file numbers and serials as in the whole run (to split\n"
	"                         a run across machines)\n"
	"      --max-labels N     the most labels the run may make, all rows and copies\n"
	"                         counted (default 2000000; `ocoplabel limits`)\n"
	"      --report FILE      write one CSV line per rejected row (line, field,\n"
	"                         message, name) for fixing the file in a spreadsheet;\n"
	"                         a FILE ending in .xlsx: an Excel workbook of the\n"
	"                         rows with the bad cells highlighted\n"
	"      --today DATE       check OCOP certificates against DATE (yyyy-mm-dd)\n"
	"      --diagnostics json errors and warnings as JSON lines on standard error,\n"
	"                         their keys and codes the same in every language\n"
	"  -q, --quiet            no progress bar, warnings or summary\n"
	"  -h, --help             show this help\n"
	"\n"
	"{PRINTER_OPTIONS}\n"
	"\n"
	"Exit status: 0 every row rendered, 1 some rows rejected (the others are\n"
	"written unless --strict), 2 usage error or a file that cannot be read or\n"
	"written (nothing is written), 130 interrupted (nothing is written).\n");

/* One run: its options and what they settle. */
typedef struct job {
	batch_opts o;
	const char *input;
	int to_stdout;         /* -o - */
	ocop_format name_fmt;  /* the format the output's name gives */
	const char *target;    /* where the run writes: -o, or a temporary job for --printer alone */
	char *tmpdir, *tmpjob; /* that temporary job */
	ocop_registry *reg;    /* the registry, or NULL */
	long long run_id;      /* the run's number in it */
} job;

/* The output and its format: -o, -o - or --printer; the format given, or the one its name gives. */
static int settle_output(job *j)
{
	batch_opts *o = &j->o;
	if (!o->out && !o->po.dest)
		return usage_error("batch", "%s", _("no output: give -o OUT.pdf, -o OUT.tspl or OUT.zpl, -o FOLDER with "
		                      "--format png or svg, or --printer DEST"));
	j->to_stdout = o->out && strcmp(o->out, "-") == 0;
	if (j->to_stdout) {
		if (o->ro.format != OCOP_FORMAT_AUTO && o->ro.format != OCOP_FORMAT_PDF && !is_printer_format(o->ro.format))
			return usage_error("batch", "%s", _("-o - writes one PDF or print job to standard output; PNG and SVG labels "
			                      "are one file each: give -o FOLDER"));
		if (isatty(STDOUT_FILENO))
			return usage_error("batch", "%s", _("-o - writes a PDF or print job to standard output, which is a terminal "
			                      "here; pipe it (| lp) or redirect it (> labels.pdf)"));
		if (o->po.dest)
			return usage_error("batch", "%s", _("give either -o - or --printer DEST"));
		if (o->ro.format == OCOP_FORMAT_AUTO && !o->po.profile_name)
			o->ro.format = OCOP_FORMAT_PDF;
	}
	j->name_fmt = !o->out ? OCOP_FORMAT_AUTO : j->to_stdout ? o->ro.format : file_format(o->out);
	if (o->ro.format == OCOP_FORMAT_AUTO && j->name_fmt != OCOP_FORMAT_AUTO)
		o->ro.format = j->name_fmt;
	if (o->ro.format == OCOP_FORMAT_AUTO && !o->po.profile_name && !o->po.dest)
		return usage_error("batch", "cannot tell the output format of '%s': name it .pdf, .tspl or .zpl, or give "
		                   "--format png or svg for a folder", o->out);
	return EXIT_OK;
}

/* The options that apply to some outputs only: sheets, file names, serials. */
static int check_layout(batch_opts *o)
{
	/* a thermal printer's offset is the profile's; the sheet checks below are for sheets */
	int printer_job = is_printer_format(o->ro.format) || o->ro.format == OCOP_FORMAT_AUTO;
	if (printer_job) {
		if (o->sname)
			return usage_error("batch", "%s", _("--sheet is for sheet printers; TSPL and ZPL printers print on rolls, "
			                      "one label after another: leave out --sheet"));
		o->po.have_offset = o->have_offset;
		o->have_offset = 0;
		o->dopt.offset_x = o->dopt.offset_y = 0;
	}
	if (o->ro.format != OCOP_FORMAT_PDF && !printer_job && o->sname)
		return usage_error("batch", "%s", _("--sheet applies to PDF output; PNG and SVG give one file per label"));
	if ((o->ro.format == OCOP_FORMAT_PDF || printer_job) && (o->pattern || o->dopt.overwrite))
		return usage_error("batch", "%s", _("--name-pattern and --overwrite apply to --format png or svg"));
	if (!o->sname && (o->dopt.first || o->dopt.outline || o->dopt.crop_marks || o->have_offset))
		return usage_error("batch", "%s", _("--first, --outline, --crop-marks and --offset need --sheet (or a TSPL or "
		                      "ZPL job, for --offset)"));
	if (o->have_serial_opt && !o->dopt.serialize)
		return usage_error("batch", "%s", _("--serial-start and --serial-format need --serialize"));
	if (o->dopt.serialize) {
		char buf[32];
		if (ocop_serial_format(buf, sizeof buf, o->dopt.serial_format ? o->dopt.serial_format : "%d",
		                       o->dopt.serial_start ? o->dopt.serial_start : 1) < 0)
			return usage_error("batch", "%s", ocop_error_last());
	}
	return EXIT_OK;
}

/* The files named: a one-file output named for its format; neither it nor the report the product file. */
static int check_names(const job *j)
{
	const batch_opts *o = &j->o;
	if (o->out && !j->to_stdout && (o->ro.format == OCOP_FORMAT_PDF || is_printer_format(o->ro.format)) &&
	    j->name_fmt != o->ro.format) {
		const char *ext = o->ro.format == OCOP_FORMAT_PDF ? "pdf" : o->ro.format == OCOP_FORMAT_TSPL ? "tspl" : "zpl";
		fprintf(stderr, _("%s: %s output goes to a file named .%s, not '%s'\n"), prog,
		        o->ro.format == OCOP_FORMAT_PDF ? "PDF" : o->ro.format == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL", ext, o->out);
		return EXIT_USAGE;
	}
	if (same_file(o->report, j->input) || (o->out && !j->to_stdout && same_file(o->out, j->input)))
		return usage_error("batch", "%s is the product file itself; the product file is never written",
		                   same_file(o->report, j->input) ? o->report : o->out);
	if (o->report && o->out && strcmp(o->report, o->out) == 0)
		return usage_error("batch", "--report %s is the output too; give them different names", o->report);
	return EXIT_OK;
}

/* The job's options: the callbacks, the document, its title, the threads. */
static ocop_batch_options batch_options(const job *j, run *R, const ocop_sheet *sheet, const char *title)
{
	ocop_batch_options bo = job_options(&j->o, R);
	bo.document = j->o.dopt;
	bo.document.format = j->o.ro.format;
	bo.document.sheet = sheet;
	bo.document.name_pattern = j->o.pattern;
	if (bo.document.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		bo.document.jobs = n > 1 ? (int)(n > 64 ? 64 : n) : 1;
	}
	bo.document.title = title;
	bo.strict = j->o.strict;
	bo.shard = j->o.shard_k;
	bo.shards = j->o.shard_n;
	bo.registry = j->reg;
	bo.clerk = j->o.clerk;
	bo.destination = j->o.po.dest;
	bo.run_id = (long long *)&j->run_id;
	return bo;
}

/* The PDF's title: the product file's name without its extension, so that the same products as CSV, .xlsx
 * or .ods give the same document. */
static char *title_of(const char *input)
{
	const char *base = strrchr(input, '/');
	char *title = strdup(base ? base + 1 : input);
	char *dot = title ? strrchr(title, '.') : NULL;
	if (dot && dot != title)
		*dot = 0;
	return title;
}

/* The length of a folder name without its trailing slashes ("labels/" is labels). */
static size_t folder_len(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	return n;
}

static const char *language_name(ocop_format f) { return f == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL"; }

/* The summary of a run that succeeded; with -o - standard output is the PDF, so it goes to standard error. */
static void print_summary(const job *j, const ocop_batch_counts *c)
{
	const batch_opts *o = &j->o;
	FILE *sum = j->to_stdout ? stderr : stdout;
	char n1[32], n2[32], labels[32];
	ocop_format_count(labels, sizeof labels, c->labels);
	const char *out = j->to_stdout ? _("standard output") : o->out;
	if (o->shard_n)
		fprintf(sum, _("shard %lu/%lu: rows %s to %s, labels from number %lu\n"), o->shard_k, o->shard_n,
		        ocop_format_count(n1, sizeof n1, c->first_row), ocop_format_count(n2, sizeof n2, c->last_row),
		        c->first_number);
	print_counts(sum, c);
	if (!c->written)
		fputs(o->strict && c->rejected ? _("no labels written (--strict)\n")
		      : c->rows == 0           ? _("no labels written (the file has no product rows)\n")
		                               : _("no labels written\n"),
		      sum);
	else if (o->ro.format == OCOP_FORMAT_PDF) {
		char pages[64];
		ocop_format_count(n1, sizeof n1, c->pages);
		/* TRANSLATORS: the pages of "3 labels on 1 page written to labels.pdf" */
		snprintf(pages, sizeof pages, ocop_ngettext("%s page", "%s pages", c->pages), n1);
		/* TRANSLATORS: "3 labels on 1 page written to labels.pdf": the labels, the pages ("1 page"), the file */
		fprintf(sum, ocop_ngettext("%s label on %s written to %s\n", "%s labels on %s written to %s\n", c->labels),
		        labels, pages, out);
	} else if (is_printer_format(o->ro.format) && o->out)
		/* TRANSLATORS: "12 labels written to roll.tspl as a TSPL job" (the printer language: TSPL or ZPL) */
		fprintf(sum, ocop_ngettext("%s label written to %s as a %s job\n", "%s labels written to %s as a %s job\n",
		                           c->labels),
		        labels, out, language_name(o->ro.format));
	else if (is_printer_format(o->ro.format)) /* --printer without -o: the job is only sent */
		fprintf(sum, ocop_ngettext("%s label made as a %s job\n", "%s labels made as a %s job\n", c->labels), labels,
		        language_name(o->ro.format));
	else if (o->ro.format == OCOP_FORMAT_PNG)
		fprintf(sum, ocop_ngettext("%s label written to %.*s/ as a PNG file\n", "%s labels written to %.*s/ as PNG files\n",
		                           c->labels),
		        labels, (int)folder_len(o->out), o->out);
	else
		fprintf(sum, ocop_ngettext("%s label written to %.*s/ as an SVG file\n", "%s labels written to %.*s/ as SVG files\n",
		                           c->labels),
		        labels, (int)folder_len(o->out), o->out);
	if (o->report)
		fprintf(sum, ocop_ngettext("%s rejected row listed in %s\n", "%s rejected rows listed in %s\n", c->rejected),
		        ocop_format_count(n1, sizeof n1, c->rejected), o->report);
	registry_summary(sum, o, j->reg, j->run_id);
	if (c->written && o->dopt.serialize && (!j->reg || o->dopt.serial_start)) {
		/* the serials as --serial-start takes them: digits alone */
		if (c->next_serial - 1 == c->first_serial)
			fprintf(sum, _("serial %llu; continue with --serial-start %llu\n"), c->first_serial, c->next_serial);
		else
			fprintf(sum, _("serials %llu to %llu; continue with --serial-start %llu\n"), c->first_serial,
			        c->next_serial - 1, c->next_serial);
	}
}

/* The run's exit status from the job's: what it printed, and the output written whole (or deleted). */
static int run_status(const job *j, ocop_batch *b, int err, FILE *spool, const ocop_renderer *r)
{
	const ocop_batch_counts *c = ocop_batch_get_counts(b);
	int rc = EXIT_OK;
	if (err < 0 && err != OCOP_ECANCELED) {
		rc = lib_error(EXIT_USAGE);
	} else if (err != 0) {
		rc = EXIT_INTERRUPTED;
	} else if (c->written && j->to_stdout && spool_copy(spool, stdout) < 0) {
		fprintf(stderr, _("%s: cannot write to standard output: %s\n"), prog, strerror(errno));
		rc = EXIT_USAGE;
	}
	renderer_warnings(r, j->o.quiet);
	if (rc == EXIT_INTERRUPTED) {
		fprintf(stderr, _("%s: interrupted; nothing was written\n"), prog);
	} else if (rc == EXIT_OK) {
		if (!j->o.quiet)
			print_summary(j, c);
		if (c->rejected || !c->written)
			rc = EXIT_INVALID;
	}
	/* the job goes to the printer only when it was written whole */
	if (j->o.po.dest && (rc == EXIT_OK || rc == EXIT_INVALID) && c && c->written) {
		int src = send_job_file(j->o.po.dest, j->target, j->o.po.timeout, j->o.quiet);
		if (src != EXIT_OK)
			rc = src;
	}
	return rc;
}

/* The sheet, template and renderer made, the job run, its output committed or deleted. */
static int run_job(job *j)
{
	run R = { .input = j->input, .quiet = j->o.quiet };
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_batch *b = NULL;
	char *title = NULL;
	FILE *spool = NULL;
	int rc = batch_setup(&j->o, &sheet, &t, &r);
	if (rc != EXIT_OK)
		goto done;
	/* --printer without -o: the job is written whole to a temporary file first, then sent */
	j->target = j->o.out;
	if (!j->o.out) {
		if (temp_job(&j->tmpdir, &j->tmpjob, j->o.ro.format) < 0) {
			rc = EXIT_USAGE;
			goto done;
		}
		j->target = j->tmpjob;
	}
	if ((rc = registry_setup(&j->o, &j->reg)) != EXIT_OK)
		goto done;
	catch_signals();
	title = title_of(j->input);
	ocop_batch_options bo = batch_options(j, &R, sheet, title);
	if (j->to_stdout && spool_open(&spool) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	/* no bar between the lines of JSON */
	R.progress = !j->o.quiet && diag_mode == DIAG_TEXT && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &R.start);
	R.last = R.start;
	int err = ocop_batch_new(&b, r, j->input, &bo);
	if (err == 0)
		err = j->to_stdout ? ocop_batch_run_stream(b, spool_write, spool) : ocop_batch_run(b, j->target);
	run_problems(&R); /* in row order, once the run is over */
	rc = run_status(j, b, err, spool, r);
done:
	if (j->tmpjob) {
		unlink(j->tmpjob);
		rmdir(j->tmpdir);
	}
	free(j->tmpjob);
	free(j->tmpdir);
	ocop_problems_free(R.problems);
	ocop_batch_free(b); /* deletes the output unless it was committed */
	ocop_registry_free(j->reg);
	if (spool)
		fclose(spool);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	free(title);
	return rc;
}

int cmd_batch(int argc, char **argv)
{
	job j = { .o = BATCH_OPTS_INIT("batch") };
	int rc = parse_batch_opts(&j.o, argc, argv);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	j.input = diag_file = argv[optind];
	if ((rc = settle_output(&j)) != EXIT_OK || (rc = check_layout(&j.o)) != EXIT_OK || (rc = check_names(&j)) != EXIT_OK)
		return rc;
	return run_job(&j);
}
