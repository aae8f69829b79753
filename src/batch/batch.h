/* ocoplabel — batch: the batch job's report of rejected rows: one interface (report.c), a CSV file (report_csv.c)
 * or an Excel workbook (report_xlsx.c) by the report file's name (not installed). */
#ifndef OCOP_BATCH_H
#define OCOP_BATCH_H

#include "document.h"
#include "reader.h"
#include "registry.h"

typedef struct ocop_report ocop_report;

/* Opens the report at path under a hidden temporary name beside it: a workbook when the name ends in
 * .xlsx (any case), else CSV with separator sep. The product file's columns (headings and fields) are
 * taken from rd now; rd may be freed afterwards. Returns 0, or OCOP_EIO ("PATH: cannot write the
 * report: ...", or the folder that does not exist). */
int ocop_report_open(ocop_report **out, const char *path, char sep, const ocop_reader *rd);

/* One rejected row: its line, the fields and messages of its error diagnostics, and (a workbook)
 * its cells. values: the row's text per column of the product file as read (ocop_reader_value()),
 * ocop_reader_columns() of them; or NULL to take each column's value from row->record by its field
 * (a row refused after the reader moved on; "" where the record has none). Returns 0, or the first
 * failure (OCOP_ELIMIT: more rows than a worksheet holds), which later rows and the commit return
 * again. */
int ocop_report_row(ocop_report *r, const ocop_batch_row *row, const char *const *values);

/* Writes the report and renames it into place; on failure nothing is left (OCOP_EIO "PATH: cannot
 * write the report: ...", or the failure of a row). Call once; then only ocop_report_free(). */
int ocop_report_commit(ocop_report *r);

/* Frees r; a report not committed is removed (no file left). NULL-safe. */
void ocop_report_free(ocop_report *r);

/* ---- for the two kinds ---- */

typedef struct ocop_report_kind {
	int (*row)(ocop_report *r, const ocop_batch_row *row, const char *const *values);
	int (*commit)(ocop_report *r);
	void (*free)(ocop_report *r);
} ocop_report_kind;

/* The first member of each kind's report. */
struct ocop_report {
	const ocop_report_kind *kind;
};

int ocop_report_csv_open(ocop_report **out, const char *path, char sep, const ocop_reader *rd);
int ocop_report_xlsx_open(ocop_report **out, const char *path, char sep, const ocop_reader *rd);

/* The row's errors as the report gives them: their fields ("row" for none) joined by ", " into
 * fields, their messages by "; " into msgs. */
void ocop_report_problems(const ocop_diags *d, GString *fields, GString *msgs);

/* serials.c: a run on the registry (the batch options' registry). Begun before the labels are drawn: the run
 * recorded and, serialised, its numbers taken (per GTIN and lot when the registry numbers; the rows' own
 * numbers by position with a serial_start, refused when one is on record). */
typedef struct ocop_regrun ocop_regrun;
int ocop_regrun_begin(ocop_regrun **out, const ocop_batch_options *o, const char *input, const char *name,
                      const char *template_name, const char *output, unsigned long long base_serial);
/* the first serial of a row: the registry's next of its GTIN and lot when it numbers (0: a row with no GTIN,
 * which its checks reject), else positional (also for rr NULL) */
unsigned long long ocop_regrun_first(ocop_regrun *rr, const ocop_record *rec, long copies, unsigned long long positional);
/* a row added to the document; a row refused while drawing (voided if already issued) */
void ocop_regrun_added(ocop_regrun *rr, const ocop_row_ref *ref, const ocop_record *rec);
void ocop_regrun_refused(ocop_regrun *rr, unsigned long index);
/* the labels of the rows added recorded as issued, before the document is committed */
int ocop_regrun_issue(ocop_regrun *rr);
/* the end: done (status 0) or failed (its labels voided with the error's message); returns status */
int ocop_regrun_end(ocop_regrun *rr, int status, const ocop_batch_counts *c);
void ocop_regrun_free(ocop_regrun *rr);

#endif
