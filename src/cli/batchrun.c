/* ocoplabel — what a check or batch run prints as it goes (progress, rejected rows, counts), and the renderer both set up. */
#include "batchcmd.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

void catch_signals(void)
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

static double since(const struct timespec *a)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

void progress_clear(run *R)
{
	if (R->shown) {
		fputs("\r\033[K", stderr);
		R->shown = 0;
	}
}

/* "120/500 labels [#####...] 24%  80/s  0:04 left", over the line before */
static void draw_bar(const ocop_batch_progress *p, double t)
{
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
	char n[32], total[32];
	ocop_format_count(n, sizeof n, done);
	fputs("\r\033[K", stderr); /* back to the line's start, the line rubbed out */
	if (p->total_labels)
		/* TRANSLATORS: the progress bar: "120/500 labels [#####...]  24%  80/s  0:04 left" (labels per second,
		 * minutes:seconds still to go) */
		fprintf(stderr, _("%s/%s labels [%s] %3.0f%%  %.0f/s  %d:%02d left"), n,
		        ocop_format_count(total, sizeof total, p->total_labels > done ? p->total_labels : done), bar, frac * 100,
		        rate, (int)left / 60, (int)left % 60);
	else
		fprintf(stderr, _("%s labels [%s] %3.0f%%  %.0f/s  %d:%02d left"), n, bar, frac * 100, rate, (int)left / 60,
		        (int)left % 60);
	fflush(stderr);
}

/* The job asks before each label: a signal stops it within that label. */
static int on_cancelled(void *data)
{
	(void)data;
	return interrupted;
}

/* The progress callback: draws the bar on a terminal, at most ten times a second. */
static int on_progress(void *data, const ocop_batch_progress *p)
{
	run *R = data;
	if (!R->progress || p->checking)
		return 0;
	double t = since(&R->start);
	if (t < 0.5 || since(&R->last) < 0.1)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &R->last);
	draw_bar(p, t);
	R->shown = 1;
	return 0;
}

/* A row's problems, kept to be printed in row order when the run is over (a label refused while drawn is
 * reported after rows checked ahead of it); without the warnings when quiet */
static void on_rejected(void *data, const ocop_batch_row *row)
{
	run *R = data;
	ocop_problems_add(R->problems, row->line, row->diags);
}

static void on_warnings(void *data, const ocop_batch_row *row)
{
	run *R = data;
	if (!R->quiet)
		ocop_problems_add(R->problems, row->line, row->diags);
}

void run_problems(run *R)
{
	progress_clear(R);
	print_problems(R->problems, R->input, R->quiet);
	ocop_problems_free(R->problems);
	R->problems = NULL;
}

ocop_batch_options job_options(const batch_opts *o, run *R)
{
	ocop_batch_options bo = OCOP_BATCH_OPTIONS_INIT;
	bo.reader = o->rdo;
	bo.report = o->report;
	bo.progress = on_progress;
	bo.cancelled = on_cancelled;
	bo.max_labels = o->max_labels ? o->max_labels : (unsigned long)ocop_limit_value("run_labels");
	bo.rejected = on_rejected;
	bo.warnings = on_warnings;
	bo.payload = R;
	/* JSON: every problem on its own line (programs count them); for people, repeated warnings once */
	R->problems = ocop_problems_new(100000, diag_mode == DIAG_TEXT);
	return bo;
}

int batch_setup(batch_opts *o, ocop_sheet **sheet, ocop_template **t, ocop_renderer **r)
{
	if (o->sname && ocop_sheet_find(sheet, o->sname) < 0)
		return lib_error(EXIT_USAGE);
	const char *tname = o->tname ? o->tname : *sheet ? ocop_sheet_template(*sheet) : DEFAULT_TEMPLATE;
	if (ocop_template_find(t, tname) < 0)
		return lib_error(EXIT_USAGE);
	int rc = printer_setup(o->cmd, &o->po, &o->ro, *t);
	if (rc != EXIT_OK)
		return rc;
	if (ocop_renderer_new(r, *t, &o->ro) < 0)
		return lib_error(EXIT_USAGE);
	return EXIT_OK;
}

int same_file(const char *path, const char *input)
{
	struct stat a, b;
	return path && stat(path, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void print_counts(FILE *fp, const ocop_batch_counts *c)
{
	char rows[32], valid[32], rejected[32];
	/* TRANSLATORS: the summary of check and batch: "12 rows, 10 valid, 2 rejected" */
	fprintf(fp, ocop_ngettext("%s row, %s valid, %s rejected\n", "%s rows, %s valid, %s rejected\n", c->rows),
	        ocop_format_count(rows, sizeof rows, c->rows), ocop_format_count(valid, sizeof valid, c->valid),
	        ocop_format_count(rejected, sizeof rejected, c->rejected));
}

void renderer_warnings(const ocop_renderer *r, int quiet)
{
	if (r && !quiet)
		print_diags(ocop_renderer_diags(r), NULL, 0, 0);
}

int registry_setup(const batch_opts *o, ocop_registry **reg)
{
	*reg = NULL;
	if (o->no_registry)
		return EXIT_OK;
	const char *env = getenv("OCOPLABEL_REGISTRY");
	char *where = o->registry ? strdup(o->registry)
	            : o->dopt.serialize || (env && *env) ? ocop_registry_default() : NULL;
	if (!where)
		return EXIT_OK;
	int err = ocop_registry_open(reg, where, NULL);
	free(where);
	return err < 0 ? lib_error(EXIT_USAGE) : EXIT_OK;
}

void registry_summary(FILE *fp, const batch_opts *o, const ocop_registry *reg, long long run)
{
	if (!reg || !run)
		return;
	/* TRANSLATORS: "recorded as run 12 in /home/a/.local/share/ocoplabel/registry.sqlite" */
	fprintf(fp, _("recorded as run %lld in %s\n"), run, ocop_registry_name(reg));
	if (o->dopt.serialize && !o->dopt.serial_start)
		fprintf(fp, _("serials: the next free ones of each GTIN and lot; ocoplabel registry show %lld lists them\n"),
		        run);
}
