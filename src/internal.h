/* ocoplabel — declarations shared between the library's modules (not installed). */
#ifndef OCOP_INTERNAL_H
#define OCOP_INTERNAL_H

#include "ocoplabel/ocoplabel.h"
#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <cairo.h>

/* error.c */
int ocop_set_error(int code, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* record.c: diagnostics */
ocop_diags *ocop_diags_alloc(void);
void ocop_diags_add(ocop_diags *d, ocop_severity sev, const char *field, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void ocop_diags_add_all(ocop_diags *d, const ocop_diags *from);
/* An error from a "FIELD: message" text (as ocop_error_last() has them); field "label" without one. */
void ocop_diags_add_error_message(ocop_diags *d, const char *msg);
/* A copy of src (values as they are), or NULL when out of memory. */
ocop_record *ocop_record_copy(const ocop_record *src);

/* record.c: dates */
bool ocop_parse_date(const char *s, GDate *out);

/* validate.c */
/* EAN check digit of the first n-1 digits of d (n = 8, 12+1, 13, 14). */
int ocop_gtin_check_digit(const char *digits, size_t n_without_check);

/* trace.c */
/* Checks an absolute http(s) URL and percent-encodes non-ASCII bytes; *out is g_malloc()ed. */
int ocop_trace_check_url(char **out, const char *url);
/* OCOP_EINVALID unless v is at most 20 characters of GS1 CSET 82; the message is "FIELD: ..." */
int ocop_cset82_check(const char *field, const char *what, const char *v);
/* 0 when k can be a Digital Link data-attribute key (short, URL-safe, not all digits) */
int ocop_link_key_check(const char *k);
/* ocop_trace_url() with the template's resolver replaced by resolver when not NULL */
int ocop_trace_url_with(char **out, const ocop_template *t, const ocop_record *rec, const char *resolver);

/* symbols.c: geometry without drawing */
typedef struct ocop_qr {
	int width;            /* modules per side, without quiet zone */
	int version;
	unsigned char *dark;  /* width*width, 1 = dark */
} ocop_qr;
int ocop_qr_encode(ocop_qr *out, const char *payload, int ec_level);
void ocop_qr_release(ocop_qr *q);
/* Bytes of 8-bit data that a QR code of this version (1..40) holds at ec_level (0 L .. 3 H). */
int ocop_qr_capacity(int version, int ec_level);

typedef struct ocop_bar { float x, w; bool guard; } ocop_bar; /* in modules from the left edge of the left quiet zone */
typedef struct ocop_bartext { float x; int align; char text[16]; } ocop_bartext; /* align: -1 left, 0 centre, 1 right */
typedef struct ocop_ean {
	int total_modules;    /* quiet zones included: 113 for EAN-13, 81 for EAN-8 */
	int n_bars;
	ocop_bar bars[64];
	int n_texts;
	ocop_bartext texts[4];
} ocop_ean;
int ocop_ean_encode(ocop_ean *out, const char *gtin);

/* template.c */
typedef enum ocop_elem_kind {
	OCOP_ELEM_TEXT, OCOP_ELEM_MARK, OCOP_ELEM_STARS, OCOP_ELEM_QR, OCOP_ELEM_EAN, OCOP_ELEM_LINE, OCOP_ELEM_BOX
} ocop_elem_kind;

typedef struct ocop_elem {
	char *id;             /* group name without "element " */
	ocop_elem_kind kind;
	double x, y, w, h;    /* mm */
	char *text;           /* text template with {placeholders}; \n separates lines */
	char *font;           /* family, NULL = template default */
	bool bold;
	bool wrap;            /* TEXT: wrap lines to the width (else each line is kept whole) */
	int align;            /* -1 left, 0 centre, 1 right */
	double size, min_size;/* pt */
	int valign;           /* -1 top, 0 middle, 1 bottom */
	double stroke;        /* mm, LINE/BOX/MARK */
	char *image;          /* MARK: image file (absolute, resolved against the template dir) */
	int qr_ec;            /* QR: 0 L, 1 M, 2 Q, 3 H */
	double min_module;    /* QR: smallest printable module, mm */
	double module;        /* EAN: X-dimension in mm; 0 = from magnification or the box width */
	double bar_height;    /* EAN: bar height in mm; 0 = nominal (22.85 mm x magnification) as room allows */
	double bwr;           /* EAN: bar width reduction, mm (or % of X when bwr_percent) */
	bool bwr_percent;
	bool light_margin;    /* EAN: print the '>' light-margin indicator */
	int mandatory;        /* TEXT: 1 when the text is mandatory label content (Decree 43: >= 1.2 mm letters) */
} ocop_elem;

struct ocop_template {
	char *name, *description, *path, *dir, *resolver, *font, *mono_font;
	char *growing_area_key, *packing_facility_key; /* Digital Link query keys ("" leaves the code out) */
	bool thermal;         /* profile=thermal: EAN-13 down to 75 % magnification allowed */
	double width, height;
	size_t n_elems;
	ocop_elem *elems;
};

/* text.c: placeholder expansion. When nobreak is given it receives pairs of
 * byte offsets (int start, end) of values that must not wrap inside. */
char *ocop_expand(const char *tmpl, const ocop_record *r, const char *trace_url, GArray *nobreak);
/* The placeholder of tmpl whose value in r is the longest, in characters: the field to name when
 * the expanded text does not fit its box ("{producer}\n{address}" with a long address: address).
 * NULL when no placeholder has a value (then name the element); g_malloc'ed. */
char *ocop_text_blame(const char *tmpl, const ocop_record *r, const char *trace_url);
/* text on one line for a message: each line break as " / ", cut after max characters with "…"; g_malloc'ed. */
char *ocop_text_oneline(const char *text, long max);

/* output.c: a byte sink (file or memory) and atomic file writing */
typedef struct ocop_sink {
	FILE *fp;             /* file sink, or NULL */
	GByteArray *mem;      /* memory sink, or NULL */
	int err;              /* errno of the first failed write */
	ocop_write_fn fn;     /* callback sink when fp and mem are NULL */
	void *closure;
} ocop_sink;
int ocop_sink_write(ocop_sink *s, const void *data, size_t len);
/* cairo_write_func_t over an ocop_sink */
cairo_status_t ocop_cairo_write(void *closure, const unsigned char *data, unsigned int len);

typedef struct ocop_tmpfile {
	char *path, *tmp;
	ocop_sink sink;
} ocop_tmpfile;
int ocop_tmpfile_open(ocop_tmpfile *f, const char *path);
/* OCOP_EIO for errno e on output path: "PATH: the folder 'DIR' does not exist; create it with mkdir -p DIR"
 * when path's folder is missing, else "PATH: WHAT: strerror(e)". */
int ocop_output_error(const char *path, const char *what, int e);
int ocop_tmpfile_commit(ocop_tmpfile *f);   /* flush, fsync, rename; unlinks on failure */
void ocop_tmpfile_abort(ocop_tmpfile *f);   /* unlink the temporary file; safe after commit */

/* Writes a cairo image as 8-bit grayscale PNG (or 1-bit, threshold 50 %, when
 * mono) with pHYs for dpi: RGB24, or with ink an A8 image of ink coverage
 * (0 white, 255 black). */
int ocop_png_write(ocop_sink *s, const unsigned char *data, int width, int height, int stride, bool ink, double dpi,
                   bool mono);

/* template.c: top-left corner (mm) of position pos (0-based, row-major) of a sheet */
void ocop_sheet_cell(const ocop_sheet *s, int pos, double *x, double *y);
/* template.c: the page border (mm) that the sheet's printer cannot print (printable_margin, default 4) */
double ocop_sheet_printable_margin(const ocop_sheet *s);
/* Ink keeps this far (mm) from every edge of a built-in template's label: cut lines wander that much. */
#define OCOP_INK_MARGIN_MM 1.0

/* render.c, layout.c, paint_cairo.c, glyphs.c: the pieces that documents reuse */
const ocop_template *ocop_renderer_template(const ocop_renderer *r);
const ocop_render_options *ocop_renderer_options(const ocop_renderer *r);
/* Validates rec, builds its trace URL (*url, malloc'ed) and checks that its QR
 * fits at px_per_mm (0 = vector). Errors and warnings go to *diags when given.
 * Returns 0 or OCOP_EINVALID (row errors) or another code (fatal). */
int ocop_renderer_prepare(ocop_renderer *r, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags);
/* layout.c: the plan of a prepared record (url from ocop_renderer_prepare) at px_per_mm (0 = vector);
 * out may be NULL to check the layout only (nothing is drawn). Returns 0, OCOP_EINVALID
 * ("FIELD: message") for a label that cannot be made (mandatory text too long), or another code. */
typedef struct ocop_plan ocop_plan;
int ocop_render_layout(ocop_plan **out, ocop_renderer *r, const ocop_record *rec, const char *url, double px_per_mm);
void ocop_plan_free(ocop_plan *p);
/* Lays out and draws a prepared record with its top-left corner at the user-space origin (mm); cr not NULL. */
int ocop_render_draw(ocop_renderer *r, cairo_t *cr, const ocop_record *rec, const char *url, double px_per_mm);
/* One label as a whole PDF, SVG or PNG file into sink. */
int ocop_render_to_sink(ocop_renderer *r, const ocop_record *rec, const char *url, ocop_format fmt, ocop_sink *sink);
/* A renderer with the same template and options, for another thread. */
int ocop_renderer_clone(ocop_renderer **out, const ocop_renderer *r);
/* glyphs.c: the Type 3 glyph fonts (EAN digits, badge, stars) of a PDF document, keyed by
 * element and module size, made complete for every label r can draw (EAN-13 and EAN-8 alike)
 * and read-only after: renderers on several threads draw with the same fonts, so the PDF does
 * not depend on which thread drew a label. Reference-counted. */
typedef struct ocop_glyphs ocop_glyphs;
int ocop_glyphs_new(ocop_glyphs **out, ocop_renderer *r);
void ocop_glyphs_free(ocop_glyphs *g); /* drops one reference; NULL-safe */
/* r draws PDF labels with g (r takes a reference; NULL: its own glyph fonts again). */
void ocop_renderer_use_glyphs(ocop_renderer *r, ocop_glyphs *g);
/* The warnings of src added to dst (once each). */
void ocop_renderer_merge_warnings(ocop_renderer *dst, const ocop_renderer *src);
/* Adds a warning to the renderer's diagnostics, once per (field, message). */
void ocop_renderer_warn(ocop_renderer *r, const char *field, const char *msg);
void ocop_pdf_metadata(cairo_surface_t *s, const ocop_renderer *r, const char *title);

/* text_mono.c: draws layout l at the current point, as pango_cairo_show_layout does, for 1-bit
 * output: the pieces of each glyph (base letter, marks) kept at least one white dot apart. */
typedef struct _PangoLayout PangoLayout;
#define OCOP_MONO_MARK_SHIFT 4 /* dots a mark may move */
void ocop_mono_show_layout(cairo_t *cr, PangoLayout *l);

/* document.c: a file name safe on any file system (g_malloc'ed) */
char *ocop_safe_name(const char *in);

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

/* reader.c: a reader over an open stream (fmemopen for the fuzzer); takes fp; opts already checked */
int ocop_reader_open_fp(ocop_reader **out, FILE *fp, const char *path, const ocop_reader_options *opts);

/* template.c: a template from bytes; path names it in messages and resolves relative images */
int ocop_template_load_data(ocop_template **out, const char *data, size_t len, const char *path);

#endif
