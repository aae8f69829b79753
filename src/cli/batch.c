/* ocoplabel — the check and batch commands: options parsed, the library's batch job run, its findings printed. */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char usage_check[] =
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
	"  -t, --template NAME  template name or file (default: the sheet's, or " DEFAULT_TEMPLATE ")\n"
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
	"  -q, --quiet          do not print warnings or the summary\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 all rows valid, 1 some rows rejected, 2 the file cannot be\n"
	"read or its header is unusable.\n";

const char usage_batch[] =
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
	"  -t, --template NAME    label template (default: the sheet's, or " DEFAULT_TEMPLATE ")\n"
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
	"                         Digital Link and printed); serials run on across rows\n"
	"      --serial-start N   the first serial (default 1); the summary gives the\n"
	"                         next one, to continue in another run\n"
	"      --serial-format F  e.g. %06d or HTX-%08d (default %d); at most 20 characters\n"
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
	"      --report FILE      write one CSV line per rejected row (line, field,\n"
	"                         message, name) for fixing the file in a spreadsheet;\n"
	"                         a FILE ending in .xlsx: an Excel workbook of the\n"
	"                         rows with the bad cells highlighted\n"
	"      --today DATE       check OCOP certificates against DATE (yyyy-mm-dd)\n"
	"  -q, --quiet            no progress bar, warnings or summary\n"
	"  -h, --help             show this help\n"
	"\n"
	PRINTER_OPTS_HELP
	"\n"
	"Exit status: 0 every row rendered, 1 some rows rejected (the others are\n"
	"written unless --strict), 2 usage error or a file that cannot be read or\n"
	"written (nothing is written), 130 interrupted (nothing is written).\n";

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* What the callbacks print with. */
typedef struct run {
	const char *input;
	int quiet;
	/* progress */
	int progress;
	struct timespec start, last;
	int shown;
} run;

static double since(const struct timespec *a)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_clear(run *R)
{
	if (R->shown) {
		fputs("\r\033[K", stderr);
		R->shown = 0;
	}
}

/* The progress callback: stops the run on a signal; draws the bar on a terminal. */
static int on_progress(void *data, const ocop_batch_progress *p)
{
	run *R = data;
	if (interrupted)
		return 1;
	if (!R->progress || p->checking)
		return 0;
	double t = since(&R->start);
	if (t < 0.5 || since(&R->last) < 0.1)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &R->last);
	unsigned long done = p->labels;
	/* the share done: of the labels when the run knows how many, else of the file read */
	double frac = p->total_labels ? (double)done / (double)(p->total_labels > done ? p->total_labels : done)
	                              : p->fraction > 0 ? p->fraction : 0;
	double rate = done / t;
	char bar[26];
	int filled = (int)(frac * 24);
	for (int i = 0; i < 24; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[24] = '\0';
	double left = frac > 0 ? t * (1 - frac) / frac : 0;
	if (p->total_labels)
		fprintf(stderr, "\r\033[K%lu/%lu labels [%s] %3.0f%%  %.0f/s  %d:%02d left", done,
		        p->total_labels > done ? p->total_labels : done, bar, frac * 100, rate, (int)left / 60, (int)left % 60);
	else
		fprintf(stderr, "\r\033[K%lu labels [%s] %3.0f%%  %.0f/s  %d:%02d left", done, bar, frac * 100, rate,
		        (int)left / 60, (int)left % 60);
	fflush(stderr);
	R->shown = 1;
	return 0;
}

/* "FILE:LINE: " */
static void prefix_of(char *buf, size_t size, const run *R, size_t line)
{
	snprintf(buf, size, "%s:%zu: ", R->input, line);
}

static void on_rejected(void *data, const ocop_batch_row *row)
{
	run *R = data;
	char prefix[4096];
	prefix_of(prefix, sizeof prefix, R, row->line);
	progress_clear(R);
	print_diags_prefixed(row->diags, prefix, R->quiet);
}

static void on_warnings(void *data, const ocop_batch_row *row)
{
	run *R = data;
	if (R->quiet)
		return;
	char prefix[4096];
	prefix_of(prefix, sizeof prefix, R, row->line);
	progress_clear(R);
	print_diags_prefixed(row->diags, prefix, 0);
}

/* "1 row, 1 valid, 0 rejected" / "12 rows, ..." */
static void print_counts(FILE *fp, const ocop_batch_counts *c)
{
	fprintf(fp, "%lu row%s, %lu valid, %lu rejected\n", c->rows, c->rows == 1 ? "" : "s", c->valid, c->rejected);
}

/* The length of a folder name without its trailing slashes ("labels/" is labels). */
static size_t folder_len(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	return n;
}

/* -o -: the PDF is spooled to an unlinked temporary file and copied to standard
 * output only when the run succeeds, so a failed run sends nothing down the pipe. */
static int spool_open(FILE **out)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/.ocoplabel-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || unlink(path) != 0 || !(*out = fdopen(fd, "w+b"))) {
		fprintf(stderr, "%s: %s: cannot make a temporary file for standard output: %s\n", prog, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int spool_write(void *payload, const unsigned char *data, size_t len)
{
	return fwrite(data, 1, len, payload) == len ? 0 : -1;
}

static int spool_copy(FILE *spool, FILE *to)
{
	char buf[65536];
	size_t n;
	if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(spool) || fflush(to) != 0 ? -1 : 0;
}

static void renderer_warnings(const ocop_renderer *r, int quiet)
{
	if (r && !quiet)
		print_diags_prefixed(ocop_renderer_diags(r), "", 0);
}

/* Options shared by check and batch. */
typedef struct opts {
	const char *out, *tname, *sname, *report, *today, *logo, *pattern;
	ocop_render_options ro;
	ocop_document_options dopt;
	ocop_reader_options rdo;
	int quiet, strict, have_offset, have_serial_opt;
	unsigned long shard_k, shard_n;
	printer_opts po;
} opts;

enum {
	O_DPI = 256, O_SEP, O_WORKSHEET, O_SKIP_HIDDEN, O_REPORT, O_TODAY, O_STRICT, O_FIRST, O_OUTLINE, O_CROP, O_OFFSET, O_PATTERN,
	O_OVERWRITE, O_LOGO, O_COPIES, O_RESOLVER, O_QREC, O_QRMIN, O_SERIALIZE, O_SERIAL_START, O_SERIAL_FORMAT,
	O_THERMAL, O_MONO, O_BWR, O_SHARD, O_JOBS
};

static int parse_opts(opts *o, int argc, char **argv, int batch)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, 't' },
		{ "sheet", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "dpi", required_argument, NULL, O_DPI },
		{ "separator", required_argument, NULL, O_SEP },
		{ "worksheet", required_argument, NULL, O_WORKSHEET },
		{ "skip-hidden", no_argument, NULL, O_SKIP_HIDDEN },
		{ "report", required_argument, NULL, O_REPORT },
		{ "today", required_argument, NULL, O_TODAY },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "first", required_argument, NULL, O_FIRST },
		{ "outline", no_argument, NULL, O_OUTLINE },
		{ "crop-marks", no_argument, NULL, O_CROP },
		{ "offset", required_argument, NULL, O_OFFSET },
		{ "name-pattern", required_argument, NULL, O_PATTERN },
		{ "overwrite", no_argument, NULL, O_OVERWRITE },
		{ "logo", required_argument, NULL, O_LOGO },
		{ "copies", required_argument, NULL, O_COPIES },
		{ "resolver", required_argument, NULL, O_RESOLVER },
		{ "qr-ec", required_argument, NULL, O_QREC },
		{ "qr-min-module", required_argument, NULL, O_QRMIN },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "thermal", no_argument, NULL, O_THERMAL },
		{ "mono", no_argument, NULL, O_MONO },
		{ "bwr", required_argument, NULL, O_BWR },
		{ "serialize", no_argument, NULL, O_SERIALIZE },
		{ "serial-start", required_argument, NULL, O_SERIAL_START },
		{ "serial-format", required_argument, NULL, O_SERIAL_FORMAT },
		PRINTER_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* options that only batch has */
	static const int batch_only[] = { 'o', O_STRICT, O_FIRST, O_OUTLINE, O_CROP, O_OFFSET, O_PATTERN, O_OVERWRITE,
		                          O_LOGO, O_COPIES, O_SERIALIZE, O_SERIAL_START, O_SERIAL_FORMAT, O_SHARD, O_JOBS,
		                          PO_PRINTER, PO_TIMEOUT, 0 };
	const char *cmd = batch ? "batch" : "check";
	int c, idx;
	while ((c = getopt_long(argc, argv, "o:t:s:f:qh", longopts, &idx)) != -1) {
		for (int i = 0; !batch && batch_only[i]; i++)
			if (c == batch_only[i])
				return usage_error(cmd, "option '%s' belongs to 'ocoplabel batch'", argv[optind - 1]);
		char *end;
		switch (c) {
		case 'o': o->out = optarg; break;
		case 't': o->tname = optarg; break;
		case 's': o->sname = optarg; break;
		case 'f':
			if (parse_format(optarg, &o->ro.format) < 0)
				return usage_error(cmd, "unknown format '%s' (pdf, png, svg, tspl or zpl)", optarg);
			break;
		case O_DPI:
			if (parse_dpi(optarg, &o->ro.dpi) < 0)
				return usage_error(cmd, "--dpi: '%s' is not a resolution from 72 to 2400", optarg);
			break;
		case O_SEP:
			if (strcmp(optarg, ",") != 0 && strcmp(optarg, ";") != 0)
				return usage_error(cmd, "--separator: '%s' is not ',' or ';'", optarg);
			o->rdo.separator = optarg[0];
			break;
		case O_WORKSHEET:
			if (!*optarg)
				return usage_error(cmd, "--worksheet: '%s' is empty: give a sheet's name or number", optarg);
			o->rdo.worksheet = optarg;
			break;
		case O_SKIP_HIDDEN: o->rdo.skip_hidden = 1; break;
		case O_REPORT: o->report = optarg; break;
		case O_TODAY: o->ro.today = optarg; break;
		case O_STRICT: o->strict = 1; break;
		case O_FIRST: {
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000)
				return usage_error(cmd, "--first: '%s' is not a label position (1 = top left)", optarg);
			o->dopt.first = (int)v;
			break;
		}
		case O_OUTLINE: o->dopt.outline = 1; break;
		case O_CROP: o->dopt.crop_marks = 1; break;
		case O_OFFSET: {
			/* sheets: the document's offset; a thermal printer's job: the profile's (checked there, +-20 mm) */
			double x, y;
			if (parse_offset(optarg, 50, &x, &y) < 0)
				return usage_error(cmd, "--offset: '%s' is not X,Y in millimetres (each -50 to 50)", optarg);
			o->dopt.offset_x = o->po.offset_x = x;
			o->dopt.offset_y = o->po.offset_y = y;
			o->have_offset = 1;
			break;
		}
		PRINTER_OPT_CASES:
			if (parse_printer_opt(cmd, c, optarg, &o->po))
				return EXIT_USAGE;
			break;
		case O_PATTERN: o->pattern = optarg; break;
		case O_OVERWRITE: o->dopt.overwrite = 1; break;
		case O_LOGO: o->ro.logo = optarg; break;
		case O_COPIES: {
			_Static_assert(OCOP_COPIES_MAX == 1000000, "the message below names the limit");
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > OCOP_COPIES_MAX)
				return usage_error(cmd, "--copies: '%s' is not a number of labels (1 to 1000000)", optarg);
			o->rdo.default_copies = v;
			break;
		}
		case O_RESOLVER:
		case O_QREC:
		case O_QRMIN:
		case O_THERMAL:
		case O_MONO:
		case O_BWR:
			if (parse_qr_opt(cmd, c == O_RESOLVER ? "resolver" : c == O_QREC ? "qr-ec" : c == O_QRMIN ? "qr-min-module" :
			                 c == O_THERMAL ? "thermal" : c == O_MONO ? "mono" : "bwr", optarg, &o->ro))
				return EXIT_USAGE;
			break;
		case O_SERIALIZE: o->dopt.serialize = 1; break;
		case O_JOBS: {
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 256)
				return usage_error(cmd, "--jobs: '%s' is not a number of threads (1 to 256)", optarg);
			o->dopt.jobs = (int)v;
			break;
		}
		case O_SHARD: {
			unsigned long k = strtoul(optarg, &end, 10), n = 0;
			char *end2 = end;
			if (end != optarg && *end == '/')
				n = strtoul(end + 1, &end2, 10);
			if (optarg[0] == '-' || end == optarg || *end != '/' || *end2 || n < 1 || n > 100000 || k < 1 || k > n)
				return usage_error(cmd, "--shard: '%s' is not K/N with 1 <= K <= N (e.g. 2/4)", optarg);
			o->shard_k = k;
			o->shard_n = n;
			break;
		}
		case O_SERIAL_START: {
			unsigned long long v = strtoull(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-' || v == 0)
				return usage_error(cmd, "--serial-start: '%s' is not a serial number (1 or more)", optarg);
			o->dopt.serial_start = v;
			o->have_serial_opt = 1;
			break;
		}
		case O_SERIAL_FORMAT: o->dopt.serial_format = optarg; o->have_serial_opt = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': command_help(argv[0]); return -1;
		default: return usage_error(cmd, "%s", "invalid option");
		}
	}
	if (optind + 1 != argc)
		return usage_error(cmd, "%s", optind >= argc ? "give one product file (CSV, .xlsx or .ods)" : "give only one product file");
	return EXIT_OK;
}

/* Whether path names the same file as the product file (so writing it would modify the input). */
static int same_file(const char *path, const char *input)
{
	struct stat a, b;
	return path && stat(path, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Loads the sheet and template and makes the renderer. */
static int setup(opts *o, ocop_sheet **sheet, ocop_template **t, ocop_renderer **r)
{
	if (o->sname && ocop_sheet_find(sheet, o->sname) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		return EXIT_USAGE;
	}
	int rc = printer_setup(o->out ? "batch" : "check", &o->po, &o->ro);
	if (rc != EXIT_OK)
		return rc;
	const char *tname = o->tname ? o->tname : *sheet ? ocop_sheet_template(*sheet) : DEFAULT_TEMPLATE;
	if (ocop_template_find(t, tname) < 0 || ocop_renderer_new(r, *t, &o->ro) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The job's options with the callbacks that print. */
static ocop_batch_options job_options(const opts *o, run *R)
{
	ocop_batch_options bo = OCOP_BATCH_OPTIONS_INIT;
	bo.reader = o->rdo;
	bo.report = o->report;
	bo.progress = on_progress;
	bo.rejected = on_rejected;
	bo.warnings = on_warnings;
	bo.payload = R;
	return bo;
}

int cmd_check(int argc, char **argv)
{
	opts o = { .ro = OCOP_RENDER_OPTIONS_INIT, .dopt = OCOP_DOCUMENT_OPTIONS_INIT, .rdo = OCOP_READER_OPTIONS_INIT };
	int rc = parse_opts(&o, argc, argv, 0);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (o.ro.format == OCOP_FORMAT_AUTO)
		o.ro.format = OCOP_FORMAT_PDF;
	run R = { .input = argv[optind], .quiet = o.quiet };
	if (same_file(o.report, R.input))
		return usage_error("check", "--report %s is the product file itself; the product file is never written", o.report);
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_batch *b = NULL;
	if ((rc = setup(&o, &sheet, &t, &r)) != EXIT_OK)
		goto done;
	catch_signals();
	ocop_batch_options bo = job_options(&o, &R);
	int err = ocop_batch_new(&b, r, R.input, &bo);
	if (err == 0)
		err = ocop_batch_check(b);
	const ocop_batch_counts *c = ocop_batch_get_counts(b);
	if (err < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		rc = EXIT_USAGE;
		goto done;
	}
	if (err > 0) {
		fprintf(stderr, "%s: interrupted\n", prog);
		rc = EXIT_INTERRUPTED;
	} else {
		if (!o.quiet)
			print_counts(stdout, c);
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

/* The one-file format a name's extension gives, in any case (X.PDF too), in its last component: PDF, TSPL,
 * ZPL, else AUTO (a folder of PNG or SVG files, or no format). */
static ocop_format file_format(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return OCOP_FORMAT_AUTO;
	return strcasecmp(dot, ".pdf") == 0    ? OCOP_FORMAT_PDF
	       : strcasecmp(dot, ".tspl") == 0 ? OCOP_FORMAT_TSPL
	       : strcasecmp(dot, ".zpl") == 0  ? OCOP_FORMAT_ZPL
	                                       : OCOP_FORMAT_AUTO;
}

/* A temporary job file for --printer without -o: TMPDIR/ocoplabel-XXXXXX/job.EXT; *dir to remove after. */
static int temp_job(char **dir, char **path, ocop_format f)
{
	const char *tmp = getenv("TMPDIR");
	size_t n = strlen(tmp && *tmp ? tmp : "/tmp") + 32;
	*dir = malloc(n);
	*path = malloc(n + 16);
	if (!*dir || !*path)
		return -1;
	snprintf(*dir, n, "%s/ocoplabel-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(*dir)) {
		fprintf(stderr, "%s: cannot make a temporary folder for the print job in %s: %s\n", prog,
		        tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(*dir);
		*dir = NULL;
		return -1;
	}
	snprintf(*path, n + 16, "%s/job.%s", *dir, f == OCOP_FORMAT_ZPL ? "zpl" : "tspl");
	return 0;
}

int cmd_batch(int argc, char **argv)
{
	opts o = { .ro = OCOP_RENDER_OPTIONS_INIT, .dopt = OCOP_DOCUMENT_OPTIONS_INIT, .rdo = OCOP_READER_OPTIONS_INIT };
	int rc = parse_opts(&o, argc, argv, 1);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.out && !o.po.dest)
		return usage_error("batch", "%s", "no output: give -o OUT.pdf, -o OUT.tspl or OUT.zpl, -o FOLDER with "
		                   "--format png or svg, or --printer DEST");
	int to_stdout = o.out && strcmp(o.out, "-") == 0;
	if (to_stdout) {
		if (o.ro.format != OCOP_FORMAT_AUTO && o.ro.format != OCOP_FORMAT_PDF && !is_printer_format(o.ro.format))
			return usage_error("batch", "%s", "-o - writes one PDF or print job to standard output; PNG and SVG labels "
			                   "are one file each: give -o FOLDER");
		if (isatty(STDOUT_FILENO))
			return usage_error("batch", "%s", "-o - writes a PDF or print job to standard output, which is a terminal "
			                   "here; pipe it (| lp) or redirect it (> labels.pdf)");
		if (o.po.dest)
			return usage_error("batch", "%s", "give either -o - or --printer DEST");
		if (o.ro.format == OCOP_FORMAT_AUTO && !o.po.profile_name)
			o.ro.format = OCOP_FORMAT_PDF;
	}
	ocop_format name_fmt = !o.out ? OCOP_FORMAT_AUTO : to_stdout ? o.ro.format : file_format(o.out);
	if (o.ro.format == OCOP_FORMAT_AUTO && name_fmt != OCOP_FORMAT_AUTO)
		o.ro.format = name_fmt;
	if (o.ro.format == OCOP_FORMAT_AUTO && !o.po.profile_name && !o.po.dest)
		return usage_error("batch", "cannot tell the output format of '%s': name it .pdf, .tspl or .zpl, or give "
		                   "--format png or svg for a folder", o.out);
	/* a thermal printer's offset is the profile's; the sheet checks below are for sheets */
	int printer_job = is_printer_format(o.ro.format) || o.ro.format == OCOP_FORMAT_AUTO;
	if (printer_job) {
		if (o.sname)
			return usage_error("batch", "%s", "--sheet is for sheet printers; TSPL and ZPL printers print on rolls, "
			                   "one label after another: leave out --sheet");
		o.po.have_offset = o.have_offset;
		o.have_offset = 0;
		o.dopt.offset_x = o.dopt.offset_y = 0;
	}
	if (o.ro.format != OCOP_FORMAT_PDF && !printer_job && o.sname)
		return usage_error("batch", "%s", "--sheet applies to PDF output; PNG and SVG give one file per label");
	if ((o.ro.format == OCOP_FORMAT_PDF || printer_job) && (o.pattern || o.dopt.overwrite))
		return usage_error("batch", "%s", "--name-pattern and --overwrite apply to --format png or svg");
	if (!o.sname && (o.dopt.first || o.dopt.outline || o.dopt.crop_marks || o.have_offset))
		return usage_error("batch", "%s", "--first, --outline, --crop-marks and --offset need --sheet (or a TSPL or "
		                   "ZPL job, for --offset)");
	if (o.have_serial_opt && !o.dopt.serialize)
		return usage_error("batch", "%s", "--serial-start and --serial-format need --serialize");
	if (o.dopt.serialize) {
		char buf[32];
		if (ocop_serial_format(buf, sizeof buf, o.dopt.serial_format ? o.dopt.serial_format : "%d",
		                       o.dopt.serial_start ? o.dopt.serial_start : 1) < 0)
			return usage_error("batch", "%s", ocop_error_last());
	}
	if (o.out && !to_stdout && (o.ro.format == OCOP_FORMAT_PDF || is_printer_format(o.ro.format)) &&
	    name_fmt != o.ro.format) {
		const char *ext = o.ro.format == OCOP_FORMAT_PDF ? "pdf" : o.ro.format == OCOP_FORMAT_TSPL ? "tspl" : "zpl";
		fprintf(stderr, "%s: %s output goes to a file named .%s, not '%s'\n", prog,
		        o.ro.format == OCOP_FORMAT_PDF ? "PDF" : o.ro.format == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL", ext, o.out);
		return EXIT_USAGE;
	}

	run R = { .input = argv[optind], .quiet = o.quiet };
	if (same_file(o.report, R.input) || (o.out && !to_stdout && same_file(o.out, R.input)))
		return usage_error("batch", "%s is the product file itself; the product file is never written",
		                   same_file(o.report, R.input) ? o.report : o.out);
	if (o.report && o.out && strcmp(o.report, o.out) == 0)
		return usage_error("batch", "--report %s is the output too; give them different names", o.report);
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_batch *b = NULL;
	char *title = NULL, *tmpdir = NULL, *tmpjob = NULL;
	FILE *spool = NULL;
	if ((rc = setup(&o, &sheet, &t, &r)) != EXIT_OK)
		goto done;
	/* --printer without -o: the job is written whole to a temporary file first, then sent */
	const char *target = o.out;
	if (!o.out) {
		if (temp_job(&tmpdir, &tmpjob, o.ro.format) < 0) {
			rc = EXIT_USAGE;
			goto done;
		}
		target = tmpjob;
	}
	catch_signals();
	ocop_batch_options bo = job_options(&o, &R);
	bo.document = o.dopt;
	bo.document.format = o.ro.format;
	bo.document.sheet = sheet;
	bo.document.name_pattern = o.pattern;
	if (bo.document.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		bo.document.jobs = n > 1 ? (int)(n > 64 ? 64 : n) : 1;
	}
	const char *base = strrchr(R.input, '/');
	/* the PDF's title: the product file's name without its extension, so that the same products as
	 * CSV, .xlsx or .ods give the same document */
	title = strdup(base ? base + 1 : R.input);
	char *dot = title ? strrchr(title, '.') : NULL;
	if (dot && dot != title)
		*dot = 0;
	bo.document.title = title;
	bo.strict = o.strict;
	bo.shard = o.shard_k;
	bo.shards = o.shard_n;
	if (to_stdout && spool_open(&spool) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	R.progress = !o.quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &R.start);
	R.last = R.start;
	int err = ocop_batch_new(&b, r, R.input, &bo);
	if (err == 0)
		err = to_stdout ? ocop_batch_run_stream(b, spool_write, spool) : ocop_batch_run(b, target);
	progress_clear(&R);
	const ocop_batch_counts *c = ocop_batch_get_counts(b);
	if (err < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		rc = EXIT_USAGE;
	} else if (err > 0) {
		rc = EXIT_INTERRUPTED;
	} else if (c->written && to_stdout && spool_copy(spool, stdout) < 0) {
		fprintf(stderr, "%s: cannot write to standard output: %s\n", prog, strerror(errno));
		rc = EXIT_USAGE;
	}
	renderer_warnings(r, o.quiet);
	if (rc == EXIT_INTERRUPTED) {
		fprintf(stderr, "%s: interrupted; nothing was written\n", prog);
	} else if (rc == EXIT_OK) {
		if (!o.quiet) {
			/* with -o - standard output is the PDF: the summary goes to standard error */
			FILE *sum = to_stdout ? stderr : stdout;
			if (o.shard_n)
				fprintf(sum, "shard %lu/%lu: rows %lu to %lu, labels from number %lu\n", o.shard_k, o.shard_n,
				        c->first_row, c->last_row, c->first_number);
			print_counts(sum, c);
			if (!c->written)
				fprintf(sum, "no labels written%s\n", o.strict && c->rejected ? " (--strict)" : c->rows == 0 ? " (the file has no product rows)" : "");
			else if (o.ro.format == OCOP_FORMAT_PDF)
				fprintf(sum, "%lu label%s on %lu page%s written to %s\n", c->labels, c->labels == 1 ? "" : "s", c->pages,
				        c->pages == 1 ? "" : "s", to_stdout ? "standard output" : o.out);
			else if (is_printer_format(o.ro.format) && o.out)
				fprintf(sum, "%lu label%s written to %s as a %s job\n", c->labels, c->labels == 1 ? "" : "s",
				        to_stdout ? "standard output" : o.out, o.ro.format == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL");
			else if (is_printer_format(o.ro.format)) /* --printer without -o: the job is only sent */
				fprintf(sum, "%lu label%s made as a %s job\n", c->labels, c->labels == 1 ? "" : "s",
				        o.ro.format == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL");
			else
				fprintf(sum, "%lu label%s written to %.*s/ as %s%s file%s\n", c->labels, c->labels == 1 ? "" : "s",
				        (int)folder_len(o.out), o.out,
				        c->labels != 1 ? "" : o.ro.format == OCOP_FORMAT_PNG ? "a " : "an ",
				        o.ro.format == OCOP_FORMAT_PNG ? "PNG" : "SVG", c->labels == 1 ? "" : "s");
			if (o.report)
				fprintf(sum, "%lu rejected row%s listed in %s\n", c->rejected, c->rejected == 1 ? "" : "s", o.report);
			if (c->written && o.dopt.serialize) {
				if (c->next_serial - 1 == c->first_serial)
					fprintf(sum, "serial %llu; continue with --serial-start %llu\n", c->first_serial, c->next_serial);
				else
					fprintf(sum, "serials %llu to %llu; continue with --serial-start %llu\n", c->first_serial,
					        c->next_serial - 1, c->next_serial);
			}
		}
		if (c->rejected || !c->written)
			rc = EXIT_INVALID;
	}
	/* the job goes to the printer only when it was written whole */
	if (o.po.dest && (rc == EXIT_OK || rc == EXIT_INVALID) && c && c->written) {
		int src = send_job_file(o.po.dest, target, o.po.timeout, o.quiet);
		if (src != EXIT_OK)
			rc = src;
	}
done:
	if (tmpjob) {
		unlink(tmpjob);
		rmdir(tmpdir);
	}
	free(tmpjob);
	free(tmpdir);
	ocop_batch_free(b); /* deletes the output unless it was committed */
	if (spool)
		fclose(spool);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	free(title);
	return rc;
}
