/* ocoplabel — documents of many labels: a multi-page PDF (one label per page or N-up sheets) or a folder of PNG/SVG files. */
#ifndef OCOPLABEL_DOCUMENT_H
#define OCOPLABEL_DOCUMENT_H

#include "ocoplabel/common.h"
#include "ocoplabel/record.h"
#include "ocoplabel/render.h"
#include "ocoplabel/sheet.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A document being written: labels are added one by one and the output
 * appears only when the document is committed. Until then a PDF is written
 * under a hidden temporary name in the target's folder, and PNG or SVG files
 * go to a hidden temporary folder next to the target folder; freeing an
 * uncommitted document deletes them. So a failed or interrupted run never
 * leaves a partial PDF or a half-filled folder that looks complete.
 *
 * Memory hardly grows with the number of labels (cairo keeps a small record
 * per PDF page and label, about 0.3 KB). A document uses its
 * renderer exclusively: one thread at a time.
 */
typedef struct ocop_document ocop_document;

/** Options of a document. Initialise with OCOP_DOCUMENT_OPTIONS_INIT or
 *  ocop_document_options_init(); every default is zero. */
typedef struct ocop_document_options {
	int version;            /**< OCOP_DOCUMENT_OPTIONS_VERSION */
	/** PDF: one file. PNG or SVG: one file per label in a folder. AUTO:
	 *  PDF when the path ends in ".pdf", else the renderer's format. */
	ocop_format format;
	/** PDF only: place labels N-up on the pages of this sheet layout (which
	 *  must outlive the document); NULL puts one label on each page of the
	 *  label's own size (roll printers). */
	const ocop_sheet *sheet;
	int first;              /**< sheets: 1-based position of the first label on the first page (0 or 1: the start) */
	int outline;            /**< sheets: draw a thin grey outline around each label (proofs) */
	int crop_marks;         /**< sheets: draw crop marks at label corners, where no label is */
	double offset_x;        /**< sheets: shift everything right by this many mm (printer calibration, -50..50) */
	double offset_y;        /**< sheets: shift everything down by this many mm (-50..50) */
	/** PNG/SVG: file name pattern with {field} placeholders and {n} (the
	 *  label's running number, zero-padded to 5 digits); NULL means "{n}".
	 *  Names are made safe for any file system and the format's extension is
	 *  added when missing; a name already used gets "-2", "-3", ... */
	const char *name_pattern;
	/** PNG/SVG: allow a target folder that already has files (files of the
	 *  same name are replaced at commit; others are left). 0 refuses. */
	int overwrite;
	const char *title;      /**< PDF title metadata, or NULL (bytes that are not UTF-8 become U+FFFD) */
	/** Serialise: every label gets its own serial number (GS1 AI 21) in its
	 *  Digital Link and as the field "serial" for the template; serials run
	 *  on across records in the order they are added. Records must then have
	 *  neither a serial nor a trace_url of their own. */
	int serialize;
	unsigned long long serial_start; /**< the first serial number (0 means 1) */
	/** printf-like: literal text (GS1 CSET 82) and one %d, %0Nd or %Nd
	 *  (N up to 20; %Nd pads with zeros too, as spaces are not allowed);
	 *  "%%" is a literal percent. NULL means "%d". */
	const char *serial_format;
	/** Running number of the first label, used by {n} in file names (0
	 *  means 1); the labels placed are numbered on from it in order. A part
	 *  of a run numbers its files as the whole run with it (the batch job of
	 *  batch.h does so by row position). */
	unsigned long first_number;
	/** Threads that draw labels while the caller adds the next ones (0 or
	 *  1: none, everything in the calling thread). Each thread has its own
	 *  copy of the renderer; PDF labels are drawn as recordings (sharing one
	 *  set of Type 3 glyph fonts) and placed on the pages in order by the
	 *  calling thread. The output is byte for byte the same for any number. */
	int jobs;
	/** Called, in the thread that adds or commits and in the order the
	 *  records were added, for a record refused while it is drawn (its
	 *  mandatory text does not fit its box at the smallest size): @p tag as
	 *  given to ocop_document_add_tagged() for that record (0 for
	 *  ocop_document_add()), the record, and the error. With jobs > 1 this
	 *  can happen after ocop_document_add() returned 0, up to the commit.
	 *  NULL: such a refusal is returned as OCOP_EREJECTED by that add or a
	 *  later one instead; one found by ocop_document_commit() is not
	 *  reported (the label is left out), so give a callback when jobs > 1. */
	void (*rejected)(void *payload, long tag, const ocop_record *rec, const ocop_diags *diags);
	void *payload;          /**< passed to rejected and cancelled unchanged */
	/* version 2 */
	/** Called between labels (before each label is placed or its copies
	 *  are counted, in the thread that adds or commits); a non-zero return
	 *  stops the document: the call that is adding or committing returns
	 *  OCOP_ECANCELED, the document is unusable (free it) and nothing is
	 *  left at the target. For a signal (Ctrl-C) or a client that has gone.
	 *  NULL: never stopped. */
	int (*cancelled)(void *payload);
	/** The most bytes the output may take (a PDF or print job file or
	 *  stream; a folder's files together): the label that would pass it
	 *  stops the document with OCOP_ELIMIT, nothing left at the target.
	 *  0: no limit. A server sets it per request (its temporary disk). */
	unsigned long long max_bytes;
} ocop_document_options;

/** Version 2 added cancelled and max_bytes; version 1 structs are still read. */
#define OCOP_DOCUMENT_OPTIONS_VERSION 2
/** The defaults: every member zero (or NULL) but the version, so a struct
 *  zeroed with memset or ``= { .version = OCOP_DOCUMENT_OPTIONS_VERSION }``
 *  is the same. */
#define OCOP_DOCUMENT_OPTIONS_INIT { .version = OCOP_DOCUMENT_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_DOCUMENT_OPTIONS_VERSION), for callers that cannot use the macro.
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_document_options_init(ocop_document_options *opts, int version);

/**
 * Formats serial number @p n with @p format (see
 * ocop_document_options.serial_format) into @p buf.
 * @return 0; OCOP_EINVAL for a bad format; OCOP_EREJECTED when the serial is
 *         longer than 20 characters or has characters outside GS1 CSET 82
 *         (the message shows it); OCOP_ELIMIT when @p size is too small.
 */
OCOP_API int ocop_serial_format(char *buf, size_t size, const char *format, unsigned long long n);

/**
 * Starts a document at @p path: a PDF file, or a folder for PNG/SVG.
 * @return 0; OCOP_EINVAL for bad options (an unknown version, a sheet with
 *         PNG or SVG, a label larger than the sheet's positions, first out
 *         of range, first, outline, crop marks or offsets without a sheet,
 *         offsets beyond 50 mm, jobs out of 0 to 256, a bad serial format
 *         or a first serial that does not fit it); OCOP_EIO when the target
 *         cannot be written (its folder missing: the message says how to
 *         make it), is not a regular file (PDF) or a folder (PNG/SVG), or
 *         the folder already has files and overwrite is 0; OCOP_ENOMEM.
 */
OCOP_API int ocop_document_open(ocop_document **out, ocop_renderer *r, const char *path, const ocop_document_options *opts);

/**
 * Starts a PDF document written through @p write (see ocop_write_fn in
 * render.h), for a web service or a pipe. The bytes go out as they are made,
 * so on failure the receiver holds a partial document and must discard it.
 * @return as ocop_document_open(); OCOP_EINVAL also for a NULL @p write or a
 *         PNG/SVG format (those documents are folders).
 */
OCOP_API int ocop_document_open_stream(ocop_document **out, ocop_renderer *r, ocop_write_fn write, void *payload,
                                       const ocop_document_options *opts);

/**
 * Validates @p rec and adds @p copies labels of it (0 to 1000000; 0 adds
 * nothing).
 * @param out    receives the record's errors and warnings (free with
 *               ocop_diags_free()); may be NULL.
 * @return 0; OCOP_EREJECTED when the record is rejected (nothing is added;
 *         the document stays usable), also for an earlier record refused
 *         while drawing when there is no rejected callback; OCOP_EIO when
 *         writing fails (the document is then unusable: free it);
 *         OCOP_ELIMIT when a serial would pass 20 characters (unusable too);
 *         OCOP_EINVAL for a NULL argument, copies out of range, or a failed
 *         or committed document; OCOP_ENOMEM.
 */
OCOP_API int ocop_document_add(ocop_diags **out, ocop_document *doc, const ocop_record *rec, long copies);

/** ocop_document_add() with a caller's @p tag (e.g. the line of the row)
 *  handed back to the rejected callback of the options for this record. */
OCOP_API int ocop_document_add_tagged(ocop_diags **out, ocop_document *doc, const ocop_record *rec, long copies, long tag);

/**
 * Adds one label of each of the @p n records @p recs[0] .. @p recs[n-1], in
 * order: a batch from an array, for callers that hold their records in
 * memory (to read a product file, loop over ocop_reader_next() and
 * ocop_document_add() instead). A record that fails validation is skipped
 * and counted; use ocop_document_add() one by one when you need each
 * record's diagnostics.
 * @param recs      the records (none of them NULL); not modified, not kept.
 *                  May be NULL when @p n is 0.
 * @param rejected  receives the number of records skipped as invalid, also
 *                  when a later error stops the batch; may be NULL.
 * @return 0 when every record was added or skipped (when some were
 *         skipped, ocop_error_last() is "record I: FIELD: message" for the
 *         last of them, I counting from 0); the first error other
 *         than OCOP_EREJECTED stops the batch and is returned: OCOP_EIO (the
 *         document is then unusable), OCOP_EINVAL (a NULL argument or
 *         record, or a failed or finished document), OCOP_ELIMIT,
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_document_add_records(size_t *rejected, ocop_document *doc, const ocop_record *const *recs, size_t n);

/**
 * Places the labels still being drawn, finishes the document and puts it in
 * place (syncs and renames the temporary PDF or folder). After a failure
 * nothing is left at the target.
 * @return 0; OCOP_EIO naming the path and the reason; OCOP_EINVAL when no
 *         label was placed (nothing is written) or the document failed or
 *         was committed before; OCOP_ERENDER; the error of a label that
 *         could not be drawn.
 */
OCOP_API int ocop_document_commit(ocop_document *doc);

/** Frees @p doc; an uncommitted document's temporary output is deleted. NULL-safe. */
OCOP_API void ocop_document_free(ocop_document *doc);

/** Labels placed so far (with jobs > 1, labels still being drawn are not yet counted). */
OCOP_API unsigned long ocop_document_labels(const ocop_document *doc);

/** Pages (PDF) started or files (PNG/SVG) written so far. */
OCOP_API unsigned long ocop_document_pages(const ocop_document *doc);

/** The serial number the next label would get (serialised documents). */
OCOP_API unsigned long long ocop_document_next_serial(const ocop_document *doc);

#ifdef __cplusplus
}
#endif
#endif
