/* ocoplabel — inside the reader: a workbook's container, its XML parts as a stream of nodes, and what the XLSX and ODS sheets share (cells, dates); for workbook.c, xml.c, xlsx.c and ods.c (not installed). */
#ifndef OCOP_WORKBOOK_H
#define OCOP_WORKBOOK_H

#include "rows.h"

/* xlsx.c, for both workbooks: the sheet named or numbered by want (first when NULL), or -1; the
 * names as "'A', 'B'"; the error for a sheet that is not there */
int ocop_pick_sheet(char **names, const char *want);
char *ocop_sheet_list_text(char **names);
int ocop_no_such_sheet(const char *path, char **names, const char *want);
/* xlsx.c: an ISO 8601 date (2026-11-01, 2026-11-01T10:00:00) as dd/mm/yyyy, or NULL */
char *ocop_iso_date(const char *v);

/* workbook.c: the zip container and its parts, with the limits of rows.h */
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

/* "E5" for 0-based column 4, row 5 */
void ocop_cell_name(char *buf, size_t size, size_t col, size_t row);
/* A cell's problem as the row's error (once: *err keeps the first): "FILE:ROW: FIELD: cell E5: ..." */
int ocop_cell_problem(const ocop_rows *s, size_t col, size_t line, int *err, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
/* 0-based column and the row of a reference such as "E5"; false when it is not one */
bool ocop_cell_ref(const char *ref, size_t *col, size_t *row);
/* OCOP_ELIMIT for a row with values past OCOP_WB_MAX_ROWS (a repeat count that would hand out one row
 * billions of times): reading stops */
int ocop_too_many_rows(const ocop_rows *s, size_t line);
/* dd/mm/yyyy of a day count from 1970-01-01 (false when out of range: years 1 to 9999) */
bool ocop_date_text(char *buf, size_t size, long long days);

#endif
