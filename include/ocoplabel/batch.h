/* ocoplabel — a batch job: every row of a product file checked, numbered and placed in a document, with a report of the rejected rows. */
#ifndef OCOPLABEL_BATCH_H
#define OCOPLABEL_BATCH_H

#include "ocoplabel/common.h"
#include "ocoplabel/document.h"
#include "ocoplabel/reader.h"
#include "ocoplabel/record.h"
#include "ocoplabel/registry.h"
#include "ocoplabel/render.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A batch job: what `ocoplabel batch` and `ocoplabel check` do, as one
 * library object. It reads a product file (see reader.h) once, checks every
 * row, numbers the labels, renders the valid rows into a document (a PDF
 * file, a PDF stream or a folder of PNG/SVG files, see document.h), writes a
 * report of the rejected rows, counts, and tells the caller about each step
 * through callbacks. A run with `strict` reads the file twice (every row
 * checked before anything is drawn); a run with `shards` reads it once more,
 * cheaply, for its number of rows.
 *
 * Numbering: the labels of a row are numbered by the row's position in the
 * file. Its first label's running number ({n} in file names) is the
 * document's first_number (default 1) plus the copies of every data row
 * before it, and so is its first serial (from serial_start) when
 * serialised. A rejected row keeps its numbers, which no label then uses:
 * the numbers of a run have gaps where rows were rejected, and a part of a
 * run (see shards) numbers its labels as the whole run does without looking
 * at the rows before it.
 *
 * A job uses its renderer exclusively while it runs (one thread at a time);
 * its callbacks are called in the thread that runs it, in row order.
 */
typedef struct ocop_batch ocop_batch;

/** A row of the product file, as the callbacks see it. */
typedef struct ocop_batch_row {
	size_t line;                  /**< physical line where the row starts (1 = the header) */
	unsigned long index;          /**< 1-based position among the file's data rows; 0 for the header */
	const ocop_record *record;    /**< its fields as far as they could be read; NULL for the header */
	long copies;                  /**< labels the row asks for */
	unsigned long first_number;   /**< running number ({n}) of its first label */
	unsigned long long first_serial; /**< serialised runs: serial number of its first label; else 0 */
	/** The rejected callback: the row's errors (field, message; a row the
	 *  reader could not read may have an empty field: the row as a whole)
	 *  and its other warnings. The warnings callback: its warnings. */
	const ocop_diags *diags;
} ocop_batch_row;

/**
 * The problems of a run for people (a command line's list, a page's): in
 * row order, whatever order they were found in (a label refused while it
 * was drawn comes after the rows checked ahead of it), and, when grouped, a
 * warning that several rows share word for word (a certificate that expires
 * in 86 days on 250 rows) kept once with the number of the other rows.
 * Errors are never grouped: every rejected row is listed. Fill it from the
 * rejected and warnings callbacks with each row's line and diagnostics.
 */
typedef struct ocop_problems ocop_problems;
typedef struct ocop_problem {
	size_t line;             /**< the row's line (the first of a group); 0: not a row's (the template, a font) */
	ocop_severity severity;
	const char *field;       /**< as the diagnostic's: a key, never translated */
	const char *code;
	const char *message;     /**< in the language of the thread that made the diagnostic */
	size_t repeats;          /**< a grouped warning: the other rows that have it */
	size_t last_line;        /**< ... and the last of them */
} ocop_problem;
/** A list that keeps at most @p max problems (0: no bound; past it they are
 *  only counted), grouping repeated warnings when @p group is non-zero. */
OCOP_API ocop_problems *ocop_problems_new(size_t max, int group);
/** Adds the diagnostics of the row at @p line (0: of no row). */
OCOP_API void ocop_problems_add(ocop_problems *p, size_t line, const ocop_diags *d);
/** The problems kept, in row order (read them once the run is over). */
OCOP_API size_t ocop_problems_count(ocop_problems *p);
OCOP_API const ocop_problem *ocop_problems_get(ocop_problems *p, size_t i);
/** Problems past the bound, counted but not kept. */
OCOP_API size_t ocop_problems_dropped(const ocop_problems *p);
OCOP_API void ocop_problems_free(ocop_problems *p);

/** One label placed in the document. */
typedef struct ocop_batch_label {
	size_t line;                  /**< the row's line */
	unsigned long index;          /**< the row's position among the data rows */
	unsigned long number;         /**< the label's running number ({n}) */
	const char *serial;           /**< its serial (serialised runs), else NULL */
	const ocop_record *record;    /**< the record drawn (with its serial) */
} ocop_batch_label;

/** Where a run is, for a progress display. */
typedef struct ocop_batch_progress {
	int checking;                 /**< 1 in a check pass (ocop_batch_check(), the first pass of a strict run) */
	unsigned long rows;           /**< rows read in this pass */
	unsigned long labels;         /**< labels of the valid rows so far in this pass */
	unsigned long total_labels;   /**< labels the pass will make at most, when known (a strict run's
	                                   second pass, a shard); 0 when not known */
	double fraction;              /**< share of the file read, 0 to 1; -1 when not known */
} ocop_batch_progress;

/** What a job did; see ocop_batch_get_counts(). */
typedef struct ocop_batch_counts {
	unsigned long rows;           /**< data rows of the run (of its part, with shards) */
	unsigned long valid, rejected;/**< rows rendered (or checked valid) and rows rejected */
	unsigned long labels;         /**< labels placed in the document */
	unsigned long pages;          /**< PDF pages or PNG/SVG files */
	int written;                  /**< 1 when the document was committed (it exists at its target) */
	unsigned long first_row, last_row; /**< the data rows of the run's part (1-based; the whole file without shards) */
	unsigned long first_number;   /**< running number of the part's first label */
	/** Serialised runs: the serial of the part's first label, and the one
	 *  after the numbers of its last row (to continue in another run). */
	unsigned long long first_serial, next_serial;
} ocop_batch_counts;

/** Options of a batch job. Initialise with OCOP_BATCH_OPTIONS_INIT or ocop_batch_options_init(). */
typedef struct ocop_batch_options {
	int version;                  /**< OCOP_BATCH_OPTIONS_VERSION */
	/** How the product file is read (separator, default copies). A zeroed
	 *  member (version 0) means the defaults. */
	ocop_reader_options reader;
	/** The document (format, sheet, first position, outline, crop marks,
	 *  offsets, name pattern, overwrite, title, serialisation, first_number,
	 *  jobs). Its rejected callback must be NULL: the job reports refusals
	 *  through its own. A zeroed member (version 0) means the defaults. */
	ocop_document_options document;
	/** Check every row first and write nothing when any is rejected. */
	int strict;
	/** Render only part @p shard (1 to @p shards) of @p shards equal parts
	 *  of the data rows, numbered as in the whole run; 0 and 0: the whole file. */
	unsigned long shard, shards;
	/** A CSV file with one line per rejected row (line, field, message,
	 *  name; UTF-8 with a BOM, CRLF, the product file's separator), or,
	 *  for a name ending in .xlsx (any case), an Excel workbook: one row
	 *  per rejected row with its line, its values as text under the
	 *  product file's headings, its bad cells highlighted with a note of
	 *  their messages (the first 10,000 notes), its fields and messages;
	 *  up to 1,048,575 rows (more: OCOP_ELIMIT). Written atomically when
	 *  the run finishes; NULL for none. */
	const char *report;
	/** Called before each row of each pass. A non-zero return stops the
	 *  run: nothing is written and the run returns that value (use a
	 *  positive one, e.g. 1 on SIGINT). NULL: no progress. */
	int (*progress)(void *payload, const ocop_batch_progress *progress);
	/** Called for each rejected row: a row the reader could not read, a row
	 *  with errors, or a row refused while drawing (its text does not fit;
	 *  with jobs > 1 this comes later, but still in row order). */
	void (*rejected)(void *payload, const ocop_batch_row *row);
	/** Called for the warnings of the header (row index 0, line 1) and of
	 *  each row that has some: the reader's (those that need other rows)
	 *  and then validation's, in up to two calls. Not called again for the
	 *  rows of a strict run's second pass. */
	void (*warnings)(void *payload, const ocop_batch_row *row);
	/** Called for each label placed in the document, in order. */
	void (*placed)(void *payload, const ocop_batch_label *label);
	void *payload;                /**< passed to every callback unchanged */
	/* version 3 */
	/** Called before each row and between the labels of a row (its
	 *  copies); a non-zero return stops the run within that label: it
	 *  returns OCOP_ECANCELED and leaves nothing (no output, no report).
	 *  Use it for Ctrl-C and for a client that has gone. NULL: never. */
	int (*cancelled)(void *payload);
	/** The most labels the run may make, all rows and their copies
	 *  counted (the part's, with shards): a row that would pass it stops
	 *  the run with OCOP_ELIMIT before it is drawn, nothing written. 0: no
	 *  limit. A server sets it per request, a command line per run. */
	unsigned long max_labels;
	/* version 4 */
	/** A registry (registry.h) that records the run: when, the product file and its SHA-256, the
	 *  template, the output, the counts, who. A serialised run (document.serialize) with no
	 *  serial_start takes the next free serials of each GTIN and lot from it (each row's labels
	 *  numbered on from the serials its GTIN and lot had before, not by the row's position); with a
	 *  serial_start it takes the numbers given, and one already on record is an error (OCOP_EREJECTED,
	 *  code "serial_taken") before anything is drawn. Its labels are recorded as issued just before the
	 *  output is committed; when the commit fails the run is recorded failed and those labels voided.
	 *  A run that fails before then records nothing issued: the numbers it took stay on record with
	 *  the failed run and are never given again. Not with shards when the registry numbers (OCOP_EINVAL).
	 *  A failure of the registry fails the run (OCOP_EIO) and nothing is written. NULL: none. */
	ocop_registry *registry;
	/** Who ran it, for the registry: a clerk's name; NULL: the OS user. */
	const char *clerk;
	/** The output as the registry records it (a printer's name); NULL: the output path, or "stream". */
	const char *destination;
	/** The run's number in the registry, set by the run (0 without a registry or before it is recorded). */
	long long *run_id;
} ocop_batch_options;

/** Version 4 added registry, clerk, destination and run_id; version 3 structs are still read. Version 3 added
 *  cancelled and max_labels; its document member grew (document options version 2), so a version 2
 *  struct is laid out otherwise and is refused. */
#define OCOP_BATCH_OPTIONS_VERSION 4
/** The defaults: everything zero or NULL but the versions. A struct zeroed
 *  with memset and given its version is the same. */
#define OCOP_BATCH_OPTIONS_INIT                                                                    \
	{ .version = OCOP_BATCH_OPTIONS_VERSION, .reader = OCOP_READER_OPTIONS_INIT,                   \
	  .document = OCOP_DOCUMENT_OPTIONS_INIT }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_BATCH_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_batch_options_init(ocop_batch_options *opts, int version);

/**
 * Makes a job over the product file @p input with renderer @p r (which must
 * outlive the job; its format is the check's and, with a document format of
 * AUTO, the document's). Nothing is read yet.
 * @param opts  options (copied; the strings they point to must outlive the
 *              job), or NULL for the defaults.
 * @return 0; OCOP_EINVAL for a NULL argument, an unknown version, a shard
 *         out of range, a report path equal to @p input, or a document
 *         rejected callback; OCOP_ENOMEM.
 */
OCOP_API int ocop_batch_new(ocop_batch **out, ocop_renderer *r, const char *input, const ocop_batch_options *opts);

/**
 * Checks every row as ocop_batch_run() would (the record rules, the trace
 * URL, that the QR code fits and the texts fit, at the renderer's format and
 * resolution), writes the report, draws and writes nothing else.
 * @return 0 when every row was read (rejected rows are counted, see
 *         ocop_batch_get_counts()); OCOP_ENOENT / OCOP_EIO / OCOP_EPARSE
 *         when the file cannot be read or its header is unusable (the
 *         message is the reader's); OCOP_EIO for the report; the progress
 *         callback's non-zero value; OCOP_EINVAL when the job already ran.
 */
OCOP_API int ocop_batch_check(ocop_batch *b);

/**
 * Runs the job into a document at @p output (a PDF file, or a folder for
 * PNG/SVG; see ocop_document_open()). The output and the report appear only
 * when the run succeeds; a failed or stopped run leaves nothing.
 * @return 0 when the run finished: the valid rows are written (when there
 *         was any label to write, and unless a strict run had rejected
 *         rows: see written in the counts), rejected rows counted and
 *         reported; the file errors of ocop_batch_check(); the errors of
 *         ocop_document_open() (OCOP_EINVAL for options that do not fit,
 *         OCOP_EIO); OCOP_ELIMIT when a serial of the run would pass 20
 *         characters ("the run needs N serials from F: the last one is too
 *         long: ..."); OCOP_EIO when writing fails; another code for a row
 *         that cannot be handled (the message starts "FILE:LINE: ");
 *         the progress callback's non-zero value; OCOP_EINVAL when the job
 *         already ran.
 */
OCOP_API int ocop_batch_run(ocop_batch *b, const char *output);

/**
 * ocop_batch_run() into a PDF written through @p write (see
 * ocop_document_open_stream()), for a web service or a pipe. The bytes go
 * out as they are made: after a failure the receiver holds a partial PDF and
 * must discard it.
 */
OCOP_API int ocop_batch_run_stream(ocop_batch *b, ocop_write_fn write, void *payload);

/** What the job did so far (after a run: in total). Owned by @p b; never NULL for a non-NULL @p b. */
OCOP_API const ocop_batch_counts *ocop_batch_get_counts(const ocop_batch *b);

/** Frees @p b. NULL-safe. */
OCOP_API void ocop_batch_free(ocop_batch *b);

#ifdef __cplusplus
}
#endif
#endif
