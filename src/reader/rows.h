/* ocoplabel — inside the reader: the row sources behind it (CSV text, XLSX and ODS worksheets), the workbook container, the checks across rows; for src/reader alone (not installed). */
#ifndef OCOP_ROWS_H
#define OCOP_ROWS_H

#include "reader.h"

/* The size limits of product files: util/bounds.h */

/* What a cell held. CSV cells are all text. */
typedef enum {
	OCOP_CELL_EMPTY,
	OCOP_CELL_TEXT,
	OCOP_CELL_NUMBER,   /* text: the number as stored ("8936001000010", "1.25", "1E-3") */
	OCOP_CELL_DATE,     /* text: dd/mm/yyyy */
	OCOP_CELL_BOOL,     /* text: TRUE or FALSE */
	OCOP_CELL_ERROR,    /* text: the error value (#N/A, #DIV/0!) */
	OCOP_CELL_NO_VALUE, /* a formula without a saved result; text: the formula */
} ocop_cell_kind;

/* One row as a source hands it over: text and kind per column (0-based), its number. */
typedef struct ocop_row {
	GPtrArray *text;   /* char* per column; columns a row skips are "" */
	GByteArray *kind;  /* ocop_cell_kind per column */
	size_t line;       /* CSV: the physical line where the row starts; workbooks: the row number */
	bool hidden;       /* workbooks: a hidden or filtered row */
	int nul_col;       /* CSV: 1-based column of a NUL byte, or 0 */
	bool bom;          /* CSV: the row starts with a byte-order mark */
} ocop_row;

/* A problem of a row (or of the header) as the error object: "FILE:LINE: FIELD: message", with the
 * field (none when NULL) and code; returns err */
int ocop_rows_error(const char *path, size_t line, int err, const char *field, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(6, 7);
void ocop_row_clear(ocop_row *row);
/* No cell with any text */
bool ocop_row_blank(const ocop_row *row);
/* Sets column col (growing the row with empty cells); takes text. */
void ocop_row_set(ocop_row *row, size_t col, ocop_cell_kind kind, char *text);

typedef struct ocop_rows ocop_rows;
typedef struct ocop_rows_ops {
	/* 1 a row, 0 the end, OCOP_EPARSE a row that cannot be read (error object set with FILE:LINE;
	 * reading goes on), another negative code when reading cannot go on. row->line is set in
	 * every case. */
	int (*next)(ocop_rows *s, ocop_row *row);
	/* back to the row after the header (for a second pass) */
	int (*rewind)(ocop_rows *s);
	/* bytes of the file consumed so far, for progress, or -1 */
	long long (*offset)(const ocop_rows *s);
	void (*free)(ocop_rows *s);
} ocop_rows_ops;

struct ocop_rows {
	const ocop_rows_ops *ops;
	char *path;
	/* workbooks: the sheet read and all sheets, for messages; NULL for CSV */
	char *sheet;
	char **sheets;
	char sep;          /* CSV: the separator */
	bool workbook;
	int n_cols;        /* set by the reader after the header: CSV uses it in its messages */
	char **cols;       /* the reader's columns (borrowed), for messages */
};

/* Opens the row source for path by its content: a zip holding [Content_Types].xml (XLSX) or
 * mimetype (ODS), a Compound File (an encrypted workbook, or .xls: refused with a message), or
 * CSV text. fp is taken (closed on failure too). */
int ocop_rows_open(ocop_rows **out, FILE *fp, const char *path, const ocop_reader_options *opts);
void ocop_rows_free(ocop_rows *s);

/* csv.c */
int ocop_csv_open(ocop_rows **out, FILE *fp, const char *path, char separator);
/* xlsx.c, ods.c: a workbook's sheet, over its container (workbook.h) */
typedef struct ocop_zip ocop_zip;
int ocop_xlsx_open(ocop_rows **out, ocop_zip *z, const ocop_reader_options *opts);
int ocop_ods_open(ocop_rows **out, ocop_zip *z, const ocop_reader_options *opts);
/* rowcheck.c: checks across the rows of a product file (the reader's warnings) */
typedef struct ocop_rowcheck ocop_rowcheck;
ocop_rowcheck *ocop_rowcheck_new(void);
void ocop_rowcheck_free(ocop_rowcheck *c);
/* Before the rows are handed out: a date value of the file, for the order of day and month. */
void ocop_rowcheck_scan_date(ocop_rowcheck *c, const char *value, size_t line);
/* A warning into d when value (of a date field) could be day/month or month/day and the file's
 * other dates are month first only. */
void ocop_rowcheck_date(ocop_rowcheck *c, const char *field, const char *value, ocop_diags *d);
/* A warning into d when rec's GTIN was the GTIN of a product of another name on an earlier line. */
void ocop_rowcheck_row(ocop_rowcheck *c, const ocop_record *rec, size_t line, ocop_diags *d);

#endif
