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

/* error.c: the thread-local error object. The full text is "[WHERE: ][FIELD: ]message"; every part
 * is made valid UTF-8 on one line. ocop_set_error() has no field and the generic code of err. */
int ocop_set_error(int err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int ocop_set_error_at(int err, const char *field, const char *code, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* where: a place before the field in the full text ("FILE:LINE"), not part of the message; NULL for none */
int ocop_set_error_where(int err, const char *where, const char *field, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(5, 6);
int ocop_set_error_va(int err, const char *where, const char *field, const char *code, const char *fmt, va_list ap)
	G_GNUC_PRINTF(5, 0);
/* the error object from a diagnostic (its field, code and message) */
int ocop_set_error_diag(int err, const char *where, const ocop_diag *d);
/* s (len bytes, or -1) as valid UTF-8 on one line: bad bytes and control characters U+FFFD, line breaks " / "; g_malloc'ed */
char *ocop_oneline_utf8(const char *s, gssize len);

/* record.c: diagnostics. ocop_diags_alloc() never returns NULL (GLib aborts when memory runs out). */
ocop_diags *ocop_diags_alloc(void);
/* a diagnostic with code OCOP_CODE_OTHER (the lead gives the remaining callers codes after the merge) */
void ocop_diags_add(ocop_diags *d, ocop_severity sev, const char *field, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void ocop_diags_addc(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(5, 6);
void ocop_diags_addv(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, va_list ap)
	G_GNUC_PRINTF(5, 0);
/* prefix (e.g. "cell E5: ") before the message of each diagnostic about field */
void ocop_diags_prefix_field(ocop_diags *d, const char *field, const char *prefix);
/* The calling thread's error object as an error: its field ("label" without one), code and message. */
void ocop_diags_add_last_error(ocop_diags *d);
/* A copy of src (values as they are), or NULL when out of memory. */
ocop_record *ocop_record_copy(const ocop_record *src);

/* fields.c: the field table (fields.h) */
/* the field in a message, e.g. "the product name" */
const char *ocop_field_what(const ocop_field *f);
/* s folded for comparing headings and choices: lower case, no accents, đ as d, runs of space, '_', '-' as one space */
char *ocop_fold(const char *s);
/* the canonical choice of f (OCOP_FIELD_CHOICE) that value names, or NULL */
const char *ocop_field_choice(const ocop_field *f, const char *value);
/* "name (Tên sản phẩm), producer (Chủ thể), ..." of names (NULL-terminated), or with or_heading "name or Tên sản phẩm, ..." */
void ocop_field_list(GString *s, const char *const *names, bool or_heading);

/* record.c: the country of origin a label and a page show: the record's, else Việt Nam (the field's default) */
const char *ocop_record_origin(const ocop_record *r);

/* elem_badge.c: the rating of rec (0 when absent) */
int ocop_record_stars(const ocop_record *rec);

/* record.c: dates */
bool ocop_parse_date(const char *s, GDate *out);
/* dd/mm/yyyy of d into buf (16 bytes) */
void ocop_date_format(char buf[16], const GDate *d);
/* today: the date of today (yyyy-mm-dd or dd/mm/yyyy), NULL for the local date; OCOP_EINVAL (field "today") */
int ocop_today(GDate *out, const char *today);
/* an OCOP certificate is valid for 36 months from its date (Decision 148/QĐ-TTg); until: the day it ends */
#define OCOP_CERT_MONTHS 36
void ocop_cert_until(GDate *until, const GDate *cert);

/* gs1.c: the GS1 rules shared by validate.c and trace.c (neither calls the other) */
#define OCOP_GS1_MAX_AI 20          /* characters of an AI 10, 21 or 22 value */
#define OCOP_EAN_X_NOMINAL_MM 0.330 /* the EAN-13 X-dimension at 100 % magnification */
/* EAN check digit of the first n digits of d (n = 7, 12, 13). */
int ocop_gtin_check_digit(const char *digits, size_t n_without_check);
/* s is one or more ASCII digits */
bool ocop_all_digits(const char *s);
/* n is the length of a GTIN: 8, 12, 13 or 14 */
bool ocop_gtin_length_ok(size_t n);
/* 0, or OCOP_EINVALID (error object: field, OCOP_CODE_CHECK_DIGIT) when the last digit of gtin (all digits) is wrong */
int ocop_gtin_check(const char *field, const char *gtin);
/* 0, or OCOP_EINVALID (error object: field, code OCOP_CODE_CHARSET or OCOP_CODE_TOO_LONG) unless v is at
 * most 20 characters of GS1 CSET 82; what names the value in the message ("a lot number (AI 10)") */
int ocop_cset82_check(const char *field, const char *what, const char *v);
/* the year of today (yyyy-mm-dd or dd/mm/yyyy; NULL for the local date); OCOP_EINVAL (field "today") when unreadable */
int ocop_gs1_year_now(int *year, const char *today);
/* YYMMDD of a date ocop_parse_date() reads, or of 00/mm/yyyy (day 00); -1 when it is not a date, -2 when its
 * year is outside year_now-49 ... year_now+50, which two digits of year cannot carry (GS1 Gen. Specs 7.12) */
int ocop_gs1_yymmdd(char out[7], const char *date, int year_now);
/* dd/mm/yyyy of a GS1 YYMMDD: the century by the GS1 window around year_now, day 00 kept as 00/mm/yyyy;
 * false when invalid */
bool ocop_gs1_from_yymmdd(char out[11], const char *v, int year_now);
/* symbols.c: 0 when value is valid for the GS1 AI ai (zint's copy of GS1's AI table); 1 when no AI is ai;
 * 2 when the value breaks the AI's format, with zint's words in msg; OCOP_ENOMEM */
int ocop_gs1_ai_check(const char *ai, const char *value, char *msg, size_t msglen);

/* uri.c: checks an absolute http(s) URL and percent-encodes non-ASCII bytes; *out is g_malloc()ed.
 * On failure OCOP_EINVALID with the error object's code OCOP_CODE_URL or OCOP_CODE_TOO_LONG and no field. */
int ocop_url_check(char **out, const char *url);

/* trace.c */
/* 0 when k can be a Digital Link data-attribute key (short, URL-safe, not all digits) */
int ocop_link_key_check(const char *k);
/* ocop_trace_url() with the template's resolver replaced by resolver when not NULL, and today (yyyy-mm-dd)
 * fixing the GS1 date window (ocop_link_options.today) */
int ocop_trace_url_with(char **out, const ocop_template *t, const ocop_record *rec, const char *resolver, const char *today);

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

/* output.c: a byte sink (file, memory or callback) */
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

/* png.c: writes a cairo image as 8-bit grayscale PNG (or 1-bit, threshold 50 %, when
 * mono) with pHYs for dpi: RGB24, or with ink an A8 image of ink coverage
 * (0 white, 255 black). */
int ocop_png_write(ocop_sink *s, const unsigned char *data, int width, int height, int stride, bool ink, double dpi,
                   bool mono);
/* output.c: formatted text into a sink (print-job commands) */
int ocop_sink_printf(ocop_sink *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* raster.c: a row of cairo image data (RGB24, or A8 ink coverage when ink) as 8-bit gray, 0 black;
 * gray packed 1 bit per pixel, thresholded at 50 % (black_is_one: 1 black, else 1 white). */
void ocop_raster_gray_row(const unsigned char *line, int width, bool ink, unsigned char *row);
void ocop_raster_pack_row(const unsigned char *gray, int width, unsigned char *out, bool black_is_one);
/* A 1-bit image: rows of stride bytes, most significant bit leftmost, 1 = black (a printed dot). */
typedef struct ocop_bitmap {
	int width, height, stride;
	unsigned char *bits;
} ocop_bitmap;
void ocop_bitmap_release(ocop_bitmap *b);

/* printjob.c: print jobs in a printer language (the renderer's: TSPL or ZPL) */
/* The settings sent before the first label (TSPL: SIZE, GAP, ...; ZPL: darkness). */
int ocop_printjob_begin(ocop_renderer *r, ocop_sink *s);
/* One prepared label (url from ocop_renderer_prepare), printed copies times (the printer's own count). */
int ocop_printjob_label(ocop_renderer *r, const ocop_record *rec, const char *url, long copies, ocop_sink *s);
/* The renderer's printer language, or OCOP_PRINTER_ANY when it makes no print jobs. */
ocop_printer_language ocop_renderer_language(const ocop_renderer *r);

/* atomic.c: output that appears whole or not at all: a file or a folder written under a hidden
 * temporary name next to the target, synced, renamed into place at commit. */
typedef struct ocop_tmpfile {
	char *path, *tmp;
	const char *what;     /* for messages: "cannot write" unless opened with ocop_tmpfile_open_as() */
	ocop_sink sink;       /* writes go to the temporary file */
} ocop_tmpfile;
int ocop_tmpfile_open(ocop_tmpfile *f, const char *path);
/* ocop_tmpfile_open() whose failure message says what (e.g. "cannot write the report") */
int ocop_tmpfile_open_as(ocop_tmpfile *f, const char *path, const char *what);
int ocop_tmpfile_commit(ocop_tmpfile *f);   /* flush, fsync, rename; unlinks on failure */
void ocop_tmpfile_abort(ocop_tmpfile *f);   /* unlink the temporary file; safe after commit and on a zeroed one */
/* OCOP_EIO for errno e on output path: "PATH: the folder 'DIR' does not exist; create it with mkdir -p DIR"
 * when path's folder is missing, else "PATH: WHAT: strerror(e)". */
int ocop_output_error(const char *path, const char *what, int e);
typedef struct ocop_tmpdir {
	char *dir;            /* the target folder */
	char *stage;          /* the hidden staging folder beside it */
	bool replace_into;    /* the target has files: ours are moved in one by one at commit */
} ocop_tmpdir;
/* A staging folder for path (a trailing slash names the folder); a target with files is refused unless overwrite. */
int ocop_tmpdir_open(ocop_tmpdir *t, const char *path, bool overwrite);
/* Writes file name (created, never replaced) in the staging folder: 0, or -errno (-EEXIST when it exists). */
int ocop_tmpdir_write(ocop_tmpdir *t, const char *name, const unsigned char *data, size_t len);
int ocop_tmpdir_commit(ocop_tmpdir *t);     /* syncfs, then one rename (or a rename per file into a folder with files) */
void ocop_tmpdir_abort(ocop_tmpdir *t);     /* removes the staging folder; safe after commit and on a zeroed one */
/* Removes a staging folder and everything in it (links are removed, never followed). */
void ocop_remove_stage(const char *dir);

/* template.c: top-left corner (mm) of position pos (0-based, row-major) of a sheet */
void ocop_sheet_cell(const ocop_sheet *s, int pos, double *x, double *y);
/* template.c: the page border (mm) that the sheet's printer cannot print (printable_margin, default 4) */
double ocop_sheet_printable_margin(const ocop_sheet *s);
/* Ink keeps this far (mm) from every edge of a built-in template's label: cut lines wander that much. */
#define OCOP_INK_MARGIN_MM 1.0

/* render.c, layout.c, paint_cairo.c, glyphs.c: the pieces that documents reuse */
const ocop_template *ocop_renderer_template(const ocop_renderer *r);
/* The format a file name's extension names (.pdf, .png, .svg, .tspl, .zpl, any case), else AUTO. */
ocop_format ocop_format_from_path(const char *path);
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
void ocop_renderer_warn(ocop_renderer *r, const char *field, const char *code, const char *msg);
void ocop_pdf_metadata(cairo_surface_t *s, const ocop_renderer *r, const char *title);

/* text_mono.c: draws layout l at the current point, as pango_cairo_show_layout does, for 1-bit
 * output: the pieces of each glyph (base letter, marks) kept at least one white dot apart. */
typedef struct _PangoLayout PangoLayout;
#define OCOP_MONO_MARK_SHIFT 4 /* dots a mark may move */
void ocop_mono_show_layout(cairo_t *cr, PangoLayout *l);

/* svg_ids.c: a copy of the SVG file data with cairo's process-wide image and surface ids
 * ("image25", "#surface19") renumbered from 1 in the order they appear: the same label gives
 * the same bytes whatever was drawn before it or in other threads. */
GByteArray *ocop_svg_renumber(const unsigned char *data, size_t len);

/* datadir.c: the folder with templates/ and fonts/: the installed one (OCOP_DATADIR), or the
 * source tree when the library runs uninstalled from its build folder. Never NULL. */
const char *ocop_datadir(void);

/* filename.c: a file name safe on any file system (g_malloc'ed) */
char *ocop_safe_name(const char *in);
/* pattern with {field} from rec and {n} as n, zero-padded to 5 digits (g_malloc'ed) */
char *ocop_name_expand(const char *pattern, const ocop_record *rec, unsigned long n);
/* the safe file name of label n without the extension ext (".png"), which a pattern may give (g_malloc'ed) */
char *ocop_name_stem(const char *pattern, const ocop_record *rec, unsigned long n, const char *ext);

/* sheetpage.c: the pages of a PDF document (sheets N-up, or one label per page) */
#define OCOP_MAX_OFFSET_MM 50.0
typedef struct ocop_pages {
	const ocop_sheet *sheet;   /* NULL: one label per page of the label's size */
	double lw, lh;             /* label size, mm */
	double dx, dy;             /* label offset inside its position (centred) */
	double ox, oy;             /* calibration offset, mm */
	double grid;               /* printer dots per mm: label corners go on a dot */
	int first;                 /* 1-based position of the first label on the first page */
	bool outline, crop_marks;
	int pos;                   /* next position on the open page */
	bool page_open;
	unsigned char *placed;     /* which positions of the open page got a label */
	unsigned long pages;       /* pages started */
} ocop_pages;
/* Checks the sheet options of o for template t (OCOP_EINVAL); *warning (g_malloc'ed or NULL) when the
 * sheet's labels reach into the border its printer leaves white. */
int ocop_pages_init(ocop_pages *p, const ocop_sheet *sh, const ocop_template *t, const ocop_document_options *o,
                    double dpi, char **warning);
void ocop_pages_release(ocop_pages *p);
void ocop_pages_size(const ocop_pages *p, double *w, double *h); /* page size, mm */
void ocop_pages_next(ocop_pages *p, double *x, double *y);        /* corner of the next label (a page started when needed) */
void ocop_pages_outline(const ocop_pages *p, cairo_t *cr);        /* its outline (proofs), in the label's space */
void ocop_pages_advance(ocop_pages *p, cairo_t *cr);              /* the label is placed: next position or page */
void ocop_pages_finish(ocop_pages *p, cairo_t *cr);               /* crop marks and the end of an open page */

/* pipeline.c: records drawn by worker threads (or inline), handed back in submission order.
 * Every call that documents make into the renderer is in pipeline.c. */
/* The row of a product file that a record comes from (the batch job), carried with its labels. */
typedef struct ocop_row_ref {
	unsigned long index;       /* 1-based data row; 0: none */
	size_t line;
	long copies;
	unsigned long first_number;
	unsigned long long first_serial;
} ocop_row_ref;
typedef struct ocop_job {
	ocop_record *rec;
	char *url;
	long copies, tag;
	unsigned long number;      /* {n} of the first label; 0: numbered when placed */
	ocop_row_ref ref;          /* zero when not from a batch row */
	cairo_surface_t *rs;       /* PDF: the label as a recording */
	GByteArray *bytes;         /* PNG/SVG: the file */
	int err;                   /* drawing failed: OCOP_EINVALID (text does not fit) or another code */
	char *msg;                 /* its error text (ocop_error_last() of the drawing thread) */
	ocop_diags *diags;         /* and the same as a diagnostic, with field and code */
	bool done;
} ocop_job;
/* Places a drawn job (or reports its refusal); called in the submitting thread, in order. */
typedef int (*ocop_place_fn)(void *owner, ocop_job *jb);
typedef struct ocop_pipeline {
	ocop_renderer *r;
	ocop_format fmt;
	int jobs;
	ocop_renderer **workers;
	ocop_glyphs *glyphs;       /* PDF: the document's Type 3 glyph fonts, shared read-only by every renderer */
	GThread **threads;
	GAsyncQueue *todo;
	GMutex lock;
	GCond cond;
	ocop_job **ring;           /* jobs in flight, in order */
	size_t ring_cap;
	unsigned long submitted, placed;
	ocop_place_fn place;
	void *owner;
} ocop_pipeline;
int ocop_pipeline_start(ocop_pipeline *p, ocop_renderer *r, ocop_format fmt, int jobs, ocop_place_fn place, void *owner);
/* Takes rec and url (rec NULL: OCOP_ENOMEM); may place older jobs first. */
int ocop_pipeline_submit(ocop_pipeline *p, ocop_record *rec, char *url, long copies, long tag, unsigned long number,
                         const ocop_row_ref *ref);
int ocop_pipeline_drain(ocop_pipeline *p);   /* every job in flight placed */
void ocop_pipeline_stop(ocop_pipeline *p);   /* workers ended (their warnings merged), unplaced jobs dropped */
void ocop_pipeline_free(ocop_pipeline *p);   /* safe on a zeroed pipeline */
int ocop_pipeline_prepare(ocop_pipeline *p, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags);
int ocop_pipeline_layout(ocop_pipeline *p, const ocop_record *rec, const char *url, double px_per_mm);
void ocop_pipeline_pdf_metadata(ocop_pipeline *p, cairo_surface_t *pdf, const char *title);
/* A TSPL or ZPL job's settings, before its first label. */
int ocop_pipeline_job_begin(ocop_pipeline *p, ocop_sink *s);

/* document.c: what the batch job needs beyond the public API */
#define OCOP_MAX_COPIES OCOP_COPIES_MAX
/* A label refused while drawing (instead of the options' rejected callback), and each label placed
 * with its running number {n}; rec is the label's record (a unit's, with its serial). In order. */
typedef void (*ocop_refused_fn)(void *data, const ocop_row_ref *ref, const ocop_record *rec, const ocop_diags *d);
typedef void (*ocop_placed_fn)(void *data, const ocop_row_ref *ref, const ocop_record *rec, unsigned long number);
void ocop_document_set_hooks(ocop_document *doc, ocop_refused_fn refused, ocop_placed_fn placed, void *data);
/* ocop_document_add() for a row: its labels are numbered from ref->first_number and, when
 * serialised, ref->first_serial; ref is handed back to the hooks. */
int ocop_document_add_at(ocop_document *doc, const ocop_record *rec, long copies, const ocop_row_ref *ref,
                         ocop_diags **diags);

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
/* reader.c: bytes of the file read so far (for progress), or -1 */
long long ocop_reader_offset(const ocop_reader *r);
/* reader.c: for a workbook, "cell E5: " before the messages in d about a field of the last row's cells */
void ocop_reader_annotate(const ocop_reader *r, ocop_diags *d);

/* template.c: a template from bytes; path names it in messages and resolves relative images */
int ocop_template_load_data(ocop_template **out, const char *data, size_t len, const char *path);

#endif
