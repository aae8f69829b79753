/* ocoplabel — what the check and batch commands share: their options, and what a run prints as it goes. */
#ifndef OCOP_BATCHCMD_H
#define OCOP_BATCHCMD_H

#include "cli.h"
#include <time.h>

/* batchopt.c: the options of check and batch (check refuses those only batch has) */
typedef struct batch_opts {
	const char *cmd; /* "check" or "batch" */
	const char *out, *tname, *sname, *report, *pattern;
	ocop_render_options ro;
	ocop_document_options dopt;
	ocop_reader_options rdo;
	int quiet, strict, have_offset, have_serial_opt;
	unsigned long shard_k, shard_n;
	unsigned long max_labels; /* 0: the run's default (ocop_limit_value("run_labels")) */
	printer_opts po;
	const char *registry, *clerk; /* --registry, --clerk */
	int no_registry;
} batch_opts;
#define BATCH_OPTS_INIT(CMD) \
	{ .cmd = CMD, .ro = OCOP_RENDER_OPTIONS_INIT, .dopt = OCOP_DOCUMENT_OPTIONS_INIT, .rdo = OCOP_READER_OPTIONS_INIT }
/* The options into o, and one product file left at argv[optind]; EXIT_OK, -1 after --help, or EXIT_USAGE
 * after a message. */
int parse_batch_opts(batch_opts *o, int argc, char **argv);

/* batchrun.c: what the job's callbacks print with */
typedef struct run {
	const char *input;
	int quiet;
	int progress; /* draw the progress bar */
	struct timespec start, last;
	int shown;
	ocop_problems *problems; /* the rows' problems, printed in row order when the run is over (print_problems) */
} run;
/* SIGINT, SIGTERM and SIGHUP stop the run at the next label (the job's cancelled callback asks). */
void catch_signals(void);
/* The job's options with the callbacks that print. */
ocop_batch_options job_options(const batch_opts *o, run *R);
/* The run's problems in row order (and frees them), unless there are none. */
void run_problems(run *R);
/* Rubs out the progress bar, so that a message starts on a clean line. */
void progress_clear(run *R);
/* Loads the sheet and template and makes the renderer; EXIT_OK, or EXIT_USAGE after a message. */
int batch_setup(batch_opts *o, ocop_sheet **sheet, ocop_template **t, ocop_renderer **r);
/* The registry of a run: --registry; else, for a serialised run or with OCOPLABEL_REGISTRY set, the default
 * one (ocop_registry_default()); none with --no-registry. *reg NULL: none. EXIT_OK, or EXIT_USAGE after a
 * message. */
int registry_setup(const batch_opts *o, ocop_registry **reg);
/* What the summary says of a run on record: its number, the registry. */
void registry_summary(FILE *fp, const batch_opts *o, const ocop_registry *reg, long long run);
/* Whether path names the same file as the product file (so writing it would modify the input). */
int same_file(const char *path, const char *input);
/* "1 row, 1 valid, 0 rejected" / "12 rows, ..." */
void print_counts(FILE *fp, const ocop_batch_counts *c);
/* The renderer's own warnings (a logo, a font), unless quiet. */
void renderer_warnings(const ocop_renderer *r, int quiet);

/* batchout.c: where batch's output goes */
/* -o -: the output is spooled to an unlinked temporary file and copied to standard output only when the run
 * succeeds, so a failed run sends nothing down the pipe. 0, or -1 after a message. */
int spool_open(FILE **out);
/* the job's stream callback into the spool */
int spool_write(void *payload, const unsigned char *data, size_t len);
/* The spool copied to; 0 or -1. */
int spool_copy(FILE *spool, FILE *to);
/* The one-file format a name's extension gives, in any case (X.PDF too), in its last component: PDF, TSPL,
 * ZPL, else AUTO (a folder of PNG or SVG files, or no format). */
ocop_format file_format(const char *path);
/* A temporary job file for --printer without -o: TMPDIR/ocoplabel-XXXXXX/job.EXT; *dir to remove after.
 * 0, or -1 (after a message when the folder cannot be made). */
int temp_job(char **dir, char **path, ocop_format f);

#endif
