/* ocoplabel — the check and batch commands: every row of a product file, validated, reported, rendered. */
#include "cli.h"
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char usage_check[] =
	"Usage: ocoplabel check [OPTIONS] PRODUCTS.csv\n"
	"\n"
	"Validate every row of a product file without rendering. Each problem is\n"
	"printed as FILE:LINE: FIELD: message (LINE is where the row starts; the\n"
	"header is line 1), then a summary: N rows, M valid, K rejected.\n"
	"The rows are checked as 'batch' would check them with the same options:\n"
	"the record rules, the traceability URL, and that the QR code fits the\n"
	"template at the output resolution.\n"
	"\n"
	"Options:\n"
	"  -t, --template NAME  template name or file (default: the sheet's, or " DEFAULT_TEMPLATE ")\n"
	"  -s, --sheet NAME     sheet layout whose template to check against\n"
	"  -f, --format FMT     pdf, png or svg (default pdf)\n"
	"      --dpi N          PNG resolution (default 300); PDF: printer resolution (203)\n"
	"      --resolver URL, --qr-ec LEVEL, --qr-min-module MM, --thermal   as for batch\n"
	"      --separator C    ',' or ';' (default: detected from the header line)\n"
	"      --report FILE    write one CSV line per rejected row (line, field,\n"
	"                       message, name) for fixing the file in a spreadsheet\n"
	"      --today DATE     check OCOP certificates against DATE (yyyy-mm-dd)\n"
	"  -q, --quiet          do not print warnings or the summary\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 all rows valid, 1 some rows rejected, 2 the file cannot be\n"
	"read or its header is unusable.\n";

const char usage_batch[] =
	"Usage: ocoplabel batch [OPTIONS] PRODUCTS.csv -o OUT.pdf\n"
	"       ocoplabel batch [OPTIONS] PRODUCTS.csv -o FOLDER --format png|svg\n"
	"\n"
	"Render a label for every valid row of a product file (CSV: comma or\n"
	"semicolon, UTF-8 with or without BOM, a header row with field names or\n"
	"Vietnamese headings such as 'Tên sản phẩm', 'Mã vạch', 'Số lượng').\n"
	"Rejected rows are reported as FILE:LINE: FIELD: message and skipped.\n"
	"Output appears only when the run succeeds: it is written under a hidden\n"
	"temporary name and renamed at the end.\n"
	"\n"
	"Output:\n"
	"  -o, --output OUT       a PDF file, or a folder for --format png or svg;\n"
	"                         '-' writes the PDF to standard output (e.g. | lp)\n"
	"  -f, --format FMT       pdf, png or svg (default: pdf for OUT.pdf)\n"
	"  -t, --template NAME    label template (default: the sheet's, or " DEFAULT_TEMPLATE ")\n"
	"  -s, --sheet NAME       place labels N-up on sheets: a4-3x8, a4-2x4, a4-1x1\n"
	"                         or a sheet file; without it, one label per page\n"
	"      --first K          start at position K of the first sheet (1 = top left;\n"
	"                         for a sheet already partly used)\n"
	"      --outline          draw thin grey outlines around the labels (proofs)\n"
	"      --crop-marks       draw crop marks at the label corners\n"
	"      --offset X,Y       shift the sheet content by X,Y mm (printer calibration)\n"
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
	"      --separator C      ',' or ';' (default: detected from the header line)\n"
	"      --strict           write nothing if any row is rejected\n"
	"      --jobs N           draw labels in N threads (default: the number of\n"
	"                         processors); the output is the same for any N\n"
	"      --shard K/N        render only the K-th of N equal parts of the rows, with\n"
	"                         file numbers and serials as in the whole run (to split\n"
	"                         a run across machines)\n"
	"      --report FILE      write one CSV line per rejected row (line, field,\n"
	"                         message, name) for fixing the file in a spreadsheet\n"
	"      --today DATE       check OCOP certificates against DATE (yyyy-mm-dd)\n"
	"  -q, --quiet            no progress bar, warnings or summary\n"
	"  -h, --help             show this help\n"
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

typedef struct run {
	const char *input;
	ocop_reader_options rdo;
	ocop_renderer *r;
	ocop_document *doc;
	int quiet;
	int print_warnings;
	/* report */
	const char *report_path;
	char *report_tmp;
	FILE *report;
	char sep;
	/* counts */
	unsigned long rows, valid, rejected, labels, total_labels;
	/* --shard: the data rows (1-based) row_first+1 .. row_end are this part's */
	unsigned long row_first, row_end;
	long last_late;           /* line of the last row refused while drawing */
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

static void progress_update(run *R)
{
	if (!R->progress)
		return;
	double t = since(&R->start);
	if (t < 0.5 || since(&R->last) < 0.1)
		return;
	clock_gettime(CLOCK_MONOTONIC, &R->last);
	unsigned long done = R->labels, total = R->total_labels > done ? R->total_labels : done;
	double rate = done / t;
	double frac = total ? (double)done / total : 0;
	char bar[26];
	int filled = (int)(frac * 24);
	for (int i = 0; i < 24; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[24] = '\0';
	double left = rate > 0 ? (total - done) / rate : 0;
	fprintf(stderr, "\r\033[K%lu/%lu labels [%s] %3.0f%%  %.0f/s  %d:%02d left", done, total, bar, frac * 100, rate,
	        (int)left / 60, (int)left % 60);
	fflush(stderr);
	R->shown = 1;
}

/* ---- the report of rejected rows ---- */

static void csv_field(FILE *fp, const char *s, char sep)
{
	if (!strpbrk(s, "\"\r\n") && !strchr(s, sep)) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static int report_open(run *R)
{
	if (!R->report_path)
		return 0;
	size_t n = strlen(R->report_path) + 16;
	R->report_tmp = malloc(n);
	if (!R->report_tmp)
		return -1;
	snprintf(R->report_tmp, n, "%s.tmp%ld", R->report_path, (long)getpid());
	R->report = fopen(R->report_tmp, "wx");
	if (!R->report) {
		int e = errno;
		/* a missing folder: say which, and how to make it (as the library does for outputs) */
		const char *slash = strrchr(R->report_path, '/');
		struct stat st;
		char dir[4096];
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - R->report_path) : 0, R->report_path);
		int plain = 1;
		for (const char *p = dir; *p; p++)
			plain = plain && (isalnum((unsigned char)*p) || strchr("/._-+,:@%", *p));
		if (e == ENOENT && slash && slash != R->report_path && stat(dir, &st) != 0)
			fprintf(stderr, "%s: %s: the folder '%s' does not exist; create it with mkdir -p %s%s%s\n", prog,
			        R->report_path, dir, plain ? "" : "'", dir, plain ? "" : "'");
		else
			fprintf(stderr, "%s: %s: cannot write the report: %s\n", prog, R->report_path, strerror(e));
		free(R->report_tmp);
		R->report_tmp = NULL;
		return -1;
	}
	/* a BOM so that Excel reads the UTF-8; CRLF as Excel writes */
	fprintf(R->report, "\xEF\xBB\xBFline%cfield%cmessage%cname\r\n", R->sep, R->sep, R->sep);
	return 0;
}

static void report_row(run *R, size_t line, const char *fields, const char *messages, const char *name)
{
	if (!R->report)
		return;
	fprintf(R->report, "%zu%c", line, R->sep);
	csv_field(R->report, fields, R->sep);
	fputc(R->sep, R->report);
	csv_field(R->report, messages, R->sep);
	fputc(R->sep, R->report);
	csv_field(R->report, name ? name : "", R->sep);
	fputs("\r\n", R->report);
}

/* Closes the report; on success renames it into place, otherwise deletes it. */
static int report_close(run *R, int keep)
{
	if (!R->report)
		return 0;
	int bad = ferror(R->report);
	int e = 0;
	if (fclose(R->report) != 0 || bad)
		e = errno ? errno : EIO;
	R->report = NULL;
	if (keep && !e && rename(R->report_tmp, R->report_path) != 0)
		e = errno;
	if (!keep || e)
		unlink(R->report_tmp);
	free(R->report_tmp);
	R->report_tmp = NULL;
	if (keep && e) {
		fprintf(stderr, "%s: %s: cannot write the report: %s\n", prog, R->report_path, strerror(e));
		return -1;
	}
	return 0;
}

/* ---- rows ---- */

static void grow(char **acc, const char *sep, const char *s)
{
	size_t a = *acc ? strlen(*acc) : 0, n = a + strlen(sep) + strlen(s) + 1;
	char *p = realloc(*acc, n);
	if (!p)
		return;
	if (a)
		strcat(p, sep);
	else
		*p = '\0';
	strcat(p, s);
	*acc = p;
}

/* A row the reader could not parse: its message is "FILE:LINE: FIELD: message". */
static void row_unreadable(run *R, ocop_reader *rd, const ocop_record *rec)
{
	const char *msg = ocop_error_last();
	progress_clear(R);
	fprintf(stderr, "%s\n", msg);
	/* the part after "FILE:LINE: " */
	const char *rest = msg;
	size_t plen = strlen(R->input);
	if (strncmp(rest, R->input, plen) == 0 && rest[plen] == ':') {
		const char *p = strstr(rest + plen + 1, ": ");
		if (p)
			rest = p + 2;
	}
	const char *colon = strstr(rest, ": ");
	char field[64] = "row";
	if (colon && (size_t)(colon - rest) < sizeof field) {
		memcpy(field, rest, (size_t)(colon - rest));
		field[colon - rest] = '\0';
		rest = colon + 2;
	}
	report_row(R, ocop_reader_line(rd), field, rest, ocop_record_get(rec, "name"));
}

static void row_rejected(run *R, ocop_reader *rd, const ocop_record *rec, const ocop_diags *d)
{
	char prefix[4096];
	snprintf(prefix, sizeof prefix, "%s:%zu: ", R->input, ocop_reader_line(rd));
	progress_clear(R);
	print_diags_prefixed(d, prefix, !R->print_warnings);
	char *fields = NULL, *msgs = NULL;
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != OCOP_SEVERITY_ERROR)
			continue;
		grow(&fields, ", ", x->field);
		grow(&msgs, "; ", x->message);
	}
	report_row(R, ocop_reader_line(rd), fields ? fields : "", msgs ? msgs : "", ocop_record_get(rec, "name"));
	free(fields);
	free(msgs);
}

static void row_warnings(run *R, ocop_reader *rd, const ocop_diags *d)
{
	if (!R->print_warnings || ocop_diags_count(d) == 0)
		return;
	char prefix[4096];
	snprintf(prefix, sizeof prefix, "%s:%zu: ", R->input, ocop_reader_line(rd));
	progress_clear(R);
	print_diags_prefixed(d, prefix, 0);
}

/* COUNT: rows and labels of the shard, unchecked; PRESHARD: labels of the valid
 * rows before the shard (silently); CHECK: validate; RENDER: draw. */
enum pass_kind { PASS_COUNT, PASS_PRESHARD, PASS_CHECK, PASS_RENDER };

/* A row refused while its label was drawn (mandatory text too long), reported
 * by the document in row order, possibly after the row was counted valid. */
static void late_rejected(void *data, long line, const ocop_record *rec, const ocop_diags *d)
{
	run *R = data;
	char prefix[4096];
	snprintf(prefix, sizeof prefix, "%s:%ld: ", R->input, line);
	progress_clear(R);
	print_diags_prefixed(d, prefix, 1);
	if (line != R->last_late) {
		R->last_late = line;
		R->valid--;
		R->rejected++;
		const ocop_diag *x = ocop_diags_get(d, 0);
		report_row(R, (size_t)line, x ? x->field : "", x ? x->message : "", ocop_record_get(rec, "name"));
	}
}

/* One pass over the file. Returns EXIT_OK, or EXIT_USAGE / EXIT_INTERRUPTED when the run must stop. */
static int pass(run *R, enum pass_kind kind)
{
	ocop_reader *rd = NULL;
	ocop_record *rec = NULL;
	int rc = EXIT_OK, n;
	if (ocop_reader_open(&rd, R->input, &R->rdo) < 0 || ocop_record_new(&rec) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		ocop_reader_free(rd);
		return EXIT_USAGE;
	}
	R->sep = ocop_reader_separator(rd);
	R->rows = R->valid = R->rejected = R->labels = 0;
	unsigned long idx = 0; /* data rows read, for --shard */
	while ((n = ocop_reader_next(rd, rec)) != 0) {
		if (interrupted) {
			rc = EXIT_INTERRUPTED;
			break;
		}
		idx++;
		if (kind == PASS_PRESHARD ? idx > R->row_first : R->row_end && idx > R->row_end)
			break;
		if (kind == PASS_PRESHARD) {
			if (n == 1 && ocop_renderer_check(NULL, R->r, rec) == 0)
				R->labels += (unsigned long)ocop_reader_copies(rd);
			continue;
		}
		if (idx <= R->row_first)
			continue;
		if (n < 0 && n != OCOP_EPARSE) {
			progress_clear(R);
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = EXIT_USAGE;
			break;
		}
		R->rows++;
		if (n == OCOP_EPARSE) {
			R->rejected++;
			if (kind != PASS_COUNT)
				row_unreadable(R, rd, rec);
			continue;
		}
		long copies = ocop_reader_copies(rd);
		if (kind == PASS_COUNT) {
			R->total_labels += (unsigned long)copies;
			continue;
		}
		/* the reader's warnings that need other rows (a GTIN of another product, the file's date order) */
		row_warnings(R, rd, ocop_reader_diags(rd));
		ocop_diags *d = NULL;
		int err = kind == PASS_CHECK ? ocop_renderer_check(&d, R->r, rec)
		                             : ocop_document_add_tagged(R->doc, rec, copies, (long)ocop_reader_line(rd), &d);
		if (err == OCOP_EINVALID) {
			R->rejected++;
			row_rejected(R, rd, rec, d);
		} else if (err < 0) {
			progress_clear(R);
			if (err == OCOP_EIO) /* the output, not this row */
				fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			else
				fprintf(stderr, "%s: %s:%zu: %s\n", prog, R->input, ocop_reader_line(rd), ocop_error_last());
			ocop_diags_free(d);
			rc = EXIT_USAGE;
			break;
		} else {
			R->valid++;
			R->labels += (unsigned long)copies;
			row_warnings(R, rd, d);
		}
		ocop_diags_free(d);
		progress_update(R);
	}
	progress_clear(R);
	ocop_record_free(rec);
	ocop_reader_free(rd);
	return rc;
}

/* "1 row, 1 valid, 0 rejected" / "12 rows, ..." */
static void print_counts(FILE *fp, const run *R)
{
	fprintf(fp, "%lu row%s, %lu valid, %lu rejected\n", R->rows, R->rows == 1 ? "" : "s", R->valid, R->rejected);
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

static int spool_write(void *closure, const unsigned char *data, size_t len)
{
	return fwrite(data, 1, len, closure) == len ? 0 : -1;
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

static void renderer_warnings(run *R)
{
	if (R->r && !R->quiet)
		print_diags_prefixed(ocop_renderer_diags(R->r), "", 0);
}

/* Opens the product file once before anything is written: an unusable file
 * stops the run here, and its separator is the report's. */
static int probe_input(run *R)
{
	ocop_reader *probe = NULL;
	if (ocop_reader_open(&probe, R->input, &R->rdo) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		return -1;
	}
	R->sep = ocop_reader_separator(probe);
	/* about the header: columns that are not fields */
	if (R->print_warnings) {
		char prefix[4096];
		snprintf(prefix, sizeof prefix, "%s:1: ", R->input);
		print_diags_prefixed(ocop_reader_diags(probe), prefix, 0);
	}
	ocop_reader_free(probe);
	return 0;
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

/* Options shared by check and batch. */
typedef struct opts {
	const char *out, *tname, *sname, *report, *today, *logo, *pattern;
	ocop_render_options ro;
	ocop_document_options dopt;
	ocop_reader_options rdo;
	int quiet, strict, have_offset, have_serial_opt;
	unsigned long shard_k, shard_n;
} opts;

enum {
	O_DPI = 256, O_SEP, O_REPORT, O_TODAY, O_STRICT, O_FIRST, O_OUTLINE, O_CROP, O_OFFSET, O_PATTERN,
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
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* options that only batch has */
	static const int batch_only[] = { 'o', O_STRICT, O_FIRST, O_OUTLINE, O_CROP, O_OFFSET, O_PATTERN, O_OVERWRITE,
		                          O_LOGO, O_COPIES, O_SERIALIZE, O_SERIAL_START, O_SERIAL_FORMAT, O_SHARD, O_JOBS, 0 };
	const char *cmd = batch ? "batch " : "check ";
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
				return usage_error(cmd, "unknown format '%s' (pdf, png or svg)", optarg);
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
			double x = strtod(optarg, &end), y = 0;
			char *end2 = end;
			if (end != optarg && *end == ',')
				y = strtod(end + 1, &end2);
			if (end == optarg || *end != ',' || end2 == end + 1 || *end2 || !(x >= -50 && x <= 50) || !(y >= -50 && y <= 50))
				return usage_error(cmd, "--offset: '%s' is not X,Y in millimetres (each -50 to 50)", optarg);
			o->dopt.offset_x = x;
			o->dopt.offset_y = y;
			o->have_offset = 1;
			break;
		}
		case O_PATTERN: o->pattern = optarg; break;
		case O_OVERWRITE: o->dopt.overwrite = 1; break;
		case O_LOGO: o->ro.logo = optarg; break;
		case O_COPIES: {
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000000)
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
		case 'h': fputs(batch ? usage_batch : usage_check, stdout); return -1;
		default: return usage_error(cmd, "%s", "invalid option");
		}
	}
	if (optind + 1 != argc)
		return usage_error(cmd, "%s", optind >= argc ? "give one product file (CSV)" : "give only one product file");
	return EXIT_OK;
}

/* Whether path names the same file as the product file (so writing it would modify the input). */
static int same_file(const char *path, const char *input)
{
	struct stat a, b;
	return path && stat(path, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Loads the sheet and template and makes the renderer. */
static int setup(run *R, opts *o, ocop_sheet **sheet, ocop_template **t)
{
	if (o->sname && ocop_sheet_find(sheet, o->sname) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		return EXIT_USAGE;
	}
	const char *tname = o->tname ? o->tname : *sheet ? ocop_sheet_template(*sheet) : DEFAULT_TEMPLATE;
	if (ocop_template_find(t, tname) < 0 || ocop_renderer_new(&R->r, *t, &o->ro) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	opts o = { .ro = OCOP_RENDER_OPTIONS_INIT, .dopt = OCOP_DOCUMENT_OPTIONS_INIT, .rdo = OCOP_READER_OPTIONS_INIT };
	int rc = parse_opts(&o, argc, argv, 0);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (o.ro.format == OCOP_FORMAT_AUTO)
		o.ro.format = OCOP_FORMAT_PDF;
	run R = { .input = argv[optind], .rdo = o.rdo, .quiet = o.quiet, .print_warnings = !o.quiet,
		  .report_path = o.report };
	if (same_file(o.report, R.input))
		return usage_error("check ", "--report %s is the product file itself; the product file is never written", o.report);
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	if ((rc = setup(&R, &o, &sheet, &t)) != EXIT_OK)
		goto done;
	catch_signals();
	if (probe_input(&R) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	if (report_open(&R) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	rc = pass(&R, PASS_CHECK);
	if (report_close(&R, rc == EXIT_OK) < 0 && rc == EXIT_OK)
		rc = EXIT_USAGE;
	if (rc == EXIT_OK || rc == EXIT_INVALID) {
		if (!o.quiet)
			print_counts(stdout, &R);
		if (rc == EXIT_OK && R.rejected)
			rc = EXIT_INVALID;
	} else if (rc == EXIT_INTERRUPTED) {
		fprintf(stderr, "%s: interrupted\n", prog);
	}
	renderer_warnings(&R);
done:
	report_close(&R, 0);
	ocop_renderer_free(R.r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	return rc;
}

int cmd_batch(int argc, char **argv)
{
	opts o = { .ro = OCOP_RENDER_OPTIONS_INIT, .dopt = OCOP_DOCUMENT_OPTIONS_INIT, .rdo = OCOP_READER_OPTIONS_INIT };
	int rc = parse_opts(&o, argc, argv, 1);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.out)
		return usage_error("batch ", "%s", "no output: give -o OUT.pdf, or -o FOLDER with --format png or svg");
	int to_stdout = strcmp(o.out, "-") == 0;
	if (to_stdout) {
		if (o.ro.format != OCOP_FORMAT_AUTO && o.ro.format != OCOP_FORMAT_PDF)
			return usage_error("batch ", "%s", "-o - writes one PDF to standard output; PNG and SVG labels are one file "
			                   "each: give -o FOLDER");
		if (isatty(STDOUT_FILENO))
			return usage_error("batch ", "%s", "-o - writes a PDF to standard output, which is a terminal here; pipe it "
			                   "(| lp) or redirect it (> labels.pdf)");
		o.ro.format = OCOP_FORMAT_PDF;
	}
	const char *dot = strrchr(o.out, '.');
	int is_pdf_name = to_stdout || (dot && strcmp(dot, ".pdf") == 0 && !strchr(dot, '/'));
	if (o.ro.format == OCOP_FORMAT_AUTO) {
		if (!is_pdf_name)
			return usage_error("batch ", "cannot tell the output format of '%s': name it .pdf, or give --format png or svg for a folder", o.out);
		o.ro.format = OCOP_FORMAT_PDF;
	}
	if (o.ro.format != OCOP_FORMAT_PDF && o.sname)
		return usage_error("batch ", "%s", "--sheet applies to PDF output; PNG and SVG give one file per label");
	if (o.ro.format == OCOP_FORMAT_PDF && (o.pattern || o.dopt.overwrite))
		return usage_error("batch ", "%s", "--name-pattern and --overwrite apply to --format png or svg");
	if (!o.sname && (o.dopt.first || o.dopt.outline || o.dopt.crop_marks || o.have_offset))
		return usage_error("batch ", "%s", "--first, --outline, --crop-marks and --offset need --sheet");
	if (o.have_serial_opt && !o.dopt.serialize)
		return usage_error("batch ", "%s", "--serial-start and --serial-format need --serialize");
	if (o.dopt.serialize) {
		char buf[32];
		if (ocop_serial_format(buf, sizeof buf, o.dopt.serial_format ? o.dopt.serial_format : "%d",
		                       o.dopt.serial_start ? o.dopt.serial_start : 1) < 0)
			return usage_error("batch ", "%s", ocop_error_last());
	}
	if (o.ro.format == OCOP_FORMAT_PDF && !is_pdf_name)
		return usage_error("batch ", "PDF output goes to a file named .pdf, not '%s'", o.out);

	run R = { .input = argv[optind], .rdo = o.rdo, .quiet = o.quiet, .print_warnings = !o.quiet,
		  .report_path = o.report };
	if (same_file(o.report, R.input) || (!to_stdout && same_file(o.out, R.input)))
		return usage_error("batch ", "%s is the product file itself; the product file is never written",
		                   same_file(o.report, R.input) ? o.report : o.out);
	if (o.report && strcmp(o.report, o.out) == 0)
		return usage_error("batch ", "--report %s is the output too; give them different names", o.report);
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	char *title = NULL;
	FILE *spool = NULL;
	if ((rc = setup(&R, &o, &sheet, &t)) != EXIT_OK)
		goto done;
	catch_signals();
	if (probe_input(&R) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	R.row_end = (unsigned long)-1;
	if (o.shard_n) {
		/* this part's rows; labels (and serials) numbered as in the whole run */
		if ((rc = pass(&R, PASS_COUNT)) != EXIT_OK)
			goto done;
		unsigned long rows = R.rows;
		R.row_first = (unsigned long)((unsigned long long)rows * (o.shard_k - 1) / o.shard_n);
		R.row_end = (unsigned long)((unsigned long long)rows * o.shard_k / o.shard_n);
		R.total_labels = 0;
		if (R.row_first > 0 && (rc = pass(&R, PASS_PRESHARD)) != EXIT_OK)
			goto done;
		o.dopt.first_number = R.labels + 1;
		if (o.dopt.serialize)
			o.dopt.serial_start = (o.dopt.serial_start ? o.dopt.serial_start : 1) + R.labels;
		R.labels = 0;
	}
	o.dopt.format = o.ro.format;
	o.dopt.sheet = sheet;
	o.dopt.name_pattern = o.pattern;
	if (o.dopt.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		o.dopt.jobs = n > 1 ? (int)(n > 64 ? 64 : n) : 1;
	}
	o.dopt.rejected = late_rejected;
	o.dopt.rejected_data = &R;
	const char *base = strrchr(R.input, '/');
	title = strdup(base ? base + 1 : R.input);
	o.dopt.title = title;
	if (to_stdout && spool_open(&spool) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	if (to_stdout ? ocop_document_open_stream(&R.doc, R.r, spool_write, spool, &o.dopt) < 0
	              : ocop_document_open(&R.doc, R.r, o.out, &o.dopt) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		rc = EXIT_USAGE;
		goto done;
	}
	if (report_open(&R) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	R.progress = !o.quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &R.start);
	R.last = R.start;
	if (o.strict) {
		/* every row checked before anything is drawn */
		int progress = R.progress;
		R.progress = 0;
		rc = pass(&R, PASS_CHECK);
		R.progress = progress;
		if (rc != EXIT_OK)
			goto finish;
		if (R.rejected) {
			rc = EXIT_INVALID;
			goto finish;
		}
		R.total_labels = R.labels;
		R.print_warnings = 0; /* already printed */
	} else if (R.progress || o.dopt.serialize) {
		R.total_labels = 0;
		rc = pass(&R, PASS_COUNT);
		if (rc != EXIT_OK)
			goto finish;
	}
	if (o.dopt.serialize && R.total_labels > 0) {
		/* every serial of the run must fit before anything is drawn */
		char buf[32];
		unsigned long long first = o.dopt.serial_start ? o.dopt.serial_start : 1;
		if (ocop_serial_format(buf, sizeof buf, o.dopt.serial_format ? o.dopt.serial_format : "%d",
		                       first + R.total_labels - 1) < 0) {
			fprintf(stderr, "%s: the run needs %lu serials from %llu: the last one is too long: %s\n", prog,
			        R.total_labels, first, ocop_error_last());
			rc = EXIT_USAGE;
			goto finish;
		}
	}
	rc = pass(&R, PASS_RENDER);
	if (rc == EXIT_OK && o.strict && R.rejected)
		rc = EXIT_INVALID;
	/* labels still being drawn are placed by the commit (which reports late refusals first) */
	if (rc == EXIT_OK && R.labels > 0) {
		int err = ocop_document_commit(R.doc);
		/* OCOP_EINVAL with no labels: every row was refused while drawing; nothing to write */
		if (err < 0 && !(err == OCOP_EINVAL && ocop_document_labels(R.doc) == 0)) {
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = EXIT_USAGE;
		} else if (err == 0 && to_stdout && spool_copy(spool, stdout) < 0) {
			fprintf(stderr, "%s: cannot write to standard output: %s\n", prog, strerror(errno));
			rc = EXIT_USAGE;
		}
	}
finish:
	if (report_close(&R, rc == EXIT_OK || rc == EXIT_INVALID) < 0 && rc == EXIT_OK)
		rc = EXIT_USAGE;
	renderer_warnings(&R);
	if (rc == EXIT_INTERRUPTED) {
		fprintf(stderr, "%s: interrupted; nothing was written\n", prog);
	} else if (rc == EXIT_OK || rc == EXIT_INVALID) {
		unsigned long labels = ocop_document_labels(R.doc), pages = ocop_document_pages(R.doc);
		int written = labels > 0 && (rc == EXIT_OK || !o.strict);
		if (!o.quiet) {
			/* with -o - standard output is the PDF: the summary goes to standard error */
			FILE *sum = to_stdout ? stderr : stdout;
			if (o.shard_n)
				fprintf(sum, "shard %lu/%lu: rows %lu to %lu, labels from number %lu\n", o.shard_k, o.shard_n,
				        R.row_first + 1, R.row_end, o.dopt.first_number);
			print_counts(sum, &R);
			if (!written)
				fprintf(sum, "no labels written%s\n", o.strict && R.rejected ? " (--strict)" : R.rows == 0 ? " (the file has no product rows)" : "");
			else if (o.ro.format == OCOP_FORMAT_PDF)
				fprintf(sum, "%lu label%s on %lu page%s written to %s\n", labels, labels == 1 ? "" : "s", pages,
				        pages == 1 ? "" : "s", to_stdout ? "standard output" : o.out);
			else
				fprintf(sum, "%lu label%s written to %.*s/ as %s%s file%s\n", labels, labels == 1 ? "" : "s",
				        (int)folder_len(o.out), o.out,
				        labels != 1 ? "" : o.ro.format == OCOP_FORMAT_PNG ? "a " : "an ",
				        o.ro.format == OCOP_FORMAT_PNG ? "PNG" : "SVG", labels == 1 ? "" : "s");
			if (o.report)
				fprintf(sum, "%lu rejected row%s listed in %s\n", R.rejected, R.rejected == 1 ? "" : "s", o.report);
			if (written && o.dopt.serialize) {
				unsigned long long first = o.dopt.serial_start ? o.dopt.serial_start : 1;
				unsigned long long next = ocop_document_next_serial(R.doc);
				if (next - 1 == first)
					fprintf(sum, "serial %llu; continue with --serial-start %llu\n", first, next);
				else
					fprintf(sum, "serials %llu to %llu; continue with --serial-start %llu\n", first, next - 1, next);
			}
		}
		if (rc == EXIT_OK && R.rejected)
			rc = EXIT_INVALID;
		if (!written && rc == EXIT_OK)
			rc = EXIT_INVALID;
	}
done:
	report_close(&R, 0);
	ocop_document_free(R.doc); /* deletes the output unless it was committed */
	if (spool)
		fclose(spool);
	ocop_renderer_free(R.r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	free(title);
	return rc;
}
