/* ocoplabel — inside the reader: the row sources behind it (CSV text, XLSX and ODS worksheets), the workbook container, the checks across rows; for src/reader alone (not installed). */
#ifndef OCOP_ROWS_H
#define OCOP_ROWS_H

#include "reader.h"

/* The size limits of product files, one table for the readers and the docs (README "Limits"). */
#define OCOP_MAX_FIELD_BYTES (64 * 1024)       /* one CSV field or one cell's text */
#define OCOP_MAX_COLUMNS 1024                  /* columns of a row */
#define OCOP_MAX_ROW_BYTES (1024 * 1024)       /* one CSV row */
#define OCOP_WB_MAX_FILE (512LL << 20)         /* a workbook file */
#define OCOP_WB_MAX_ENTRIES 10000              /* members of its zip container */
#define OCOP_WB_MAX_SHEET (1LL << 30)          /* one worksheet part (XLSX sheetN.xml, ODS content.xml), uncompressed */
#define OCOP_WB_MAX_STRINGS_PART (64LL << 20)  /* the shared-strings part (XLSX), uncompressed */
#define OCOP_WB_MAX_STRINGS 2000000            /* strings in it */
#define OCOP_WB_MAX_STRINGS_TEXT (48LL << 20)  /* their text, kept in memory */
#define OCOP_WB_MAX_SMALL_PART (16LL << 20)    /* any other part read (workbook, relationships, styles, manifest) */
#define OCOP_WB_MAX_RATIO 200                  /* uncompressed / compressed size of a part over 1 MiB */
#define OCOP_WB_MAX_TOTAL (2LL << 30)          /* all parts read, uncompressed */
#define OCOP_WB_MAX_ROWS 1048576               /* rows of a worksheet, repeated rows counted (Excel's and LibreOffice's) */

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
/* xlsx.c, ods.c: the container is already open (workbook.c); they take it */
typedef struct ocop_zip ocop_zip;
int ocop_xlsx_open(ocop_rows **out, ocop_zip *z, const ocop_reader_options *opts);
int ocop_ods_open(ocop_rows **out, ocop_zip *z, const ocop_reader_options *opts);

/* xlsx.c, for both workbooks: the sheet named or numbered by want (first when NULL), or -1; the
 * names as "'A', 'B'"; the error for a sheet that is not there */
int ocop_pick_sheet(char **names, const char *want);
char *ocop_sheet_list_text(char **names);
int ocop_no_such_sheet(const char *path, char **names, const char *want);
/* xlsx.c: an ISO 8601 date (2026-11-01, 2026-11-01T10:00:00) as dd/mm/yyyy, or NULL */
char *ocop_iso_date(const char *v);

/* workbook.c: the zip container and its parts, with the limits above */
int ocop_zip_open(ocop_zip **out, FILE *fp, const char *path);
void ocop_zip_free(ocop_zip *z);
const char *ocop_zip_path(const ocop_zip *z);
bool ocop_zip_has(ocop_zip *z, const char *name);
/* A part's whole bytes (limit: OCOP_WB_MAX_SMALL_PART), NUL-terminated. */
int ocop_zip_read(ocop_zip *z, const char *name, char **data, size_t *len);
/* A part opened to be read in pieces (its size within limit, its compression ratio, the total, encryption
 * checked first): the bytes read (0 at its end, -1 when it cannot be read), then closed. One at a time. */
int ocop_zip_stream(ocop_zip *z, const char *name, long long limit);
long ocop_zip_stream_read(ocop_zip *z, void *buf, size_t len);
void ocop_zip_stream_close(ocop_zip *z);
const char *ocop_zip_part(const ocop_zip *z);   /* the part open, for messages */
/* uncompressed bytes of the current part read so far, scaled to the file's size (progress) */
long long ocop_zip_offset(const ocop_zip *z);

/* xml.c: an XML part as a stream of nodes: an element's start (with its attributes; empty when it has
 * no content, and then no end follows), its end, and text (BLANK: white space only; SPACE: white space
 * under xml:space="preserve"). Comments and processing instructions are skipped and nothing read is
 * kept but the node at hand; a text is kept to OCOP_XML_MAX_TEXT bytes, the rest dropped (a cell that
 * long is refused anyway). A DTD or an entity reference is refused. */
#define OCOP_XML_MAX_TEXT (OCOP_MAX_FIELD_BYTES + 1)
typedef struct ocop_xml ocop_xml;
typedef enum ocop_xml_type { OCOP_XML_START, OCOP_XML_END, OCOP_XML_TEXT, OCOP_XML_BLANK, OCOP_XML_SPACE } ocop_xml_type;
int ocop_xml_open(ocop_xml **out, ocop_zip *z, const char *name, long long limit);
/* The next node: 1, 0 at the end, or an error naming the part (OCOP_EPARSE). */
int ocop_xml_next(ocop_xml *x);
void ocop_xml_free(ocop_xml *x);                 /* closes the part too; NULL-safe */
/* A part that fails while its rows are read: the error as OCOP_EIO (reading cannot go on), not a
 * row's OCOP_EPARSE. */
int ocop_xml_fatal(int rc);
ocop_xml_type ocop_xml_type_of(const ocop_xml *x);
int ocop_xml_depth(const ocop_xml *x);           /* 0 for the root element */
bool ocop_xml_empty(const ocop_xml *x);
const char *ocop_xml_name(const ocop_xml *x);    /* the local name (no prefix) */
const char *ocop_xml_ns(const ocop_xml *x);      /* the namespace URI, or "" */
const char *ocop_xml_text(const ocop_xml *x);    /* a text node's text */
/* an attribute by local name, in namespace ns (NULL: any), g_malloc'ed; NULL when absent */
char *ocop_xml_attr_ns(const ocop_xml *x, const char *local, const char *ns);
char *ocop_xml_attr(const ocop_xml *x, const char *local);

/* A cell's problem as the row's error (once: *err keeps the first): "FILE:ROW: FIELD: cell E5: ..." */
int ocop_cell_problem(const ocop_rows *s, size_t col, size_t line, int *err, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
/* "E5" for 0-based column 4, row 5 */
void ocop_cell_name(char *buf, size_t size, size_t col, size_t row);
/* 0-based column and the row of a reference such as "E5"; false when it is not one */
bool ocop_cell_ref(const char *ref, size_t *col, size_t *row);
/* OCOP_ELIMIT for a row with values past OCOP_WB_MAX_ROWS (a repeat count that would hand out one row
 * billions of times): reading stops */
int ocop_too_many_rows(const ocop_rows *s, size_t line);
/* dd/mm/yyyy of a day count from 1970-01-01 (false when out of range: years 1 to 9999) */
bool ocop_date_text(char *buf, size_t size, long long days);

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
