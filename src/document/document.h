/* ocoplabel — document: labels numbered, serialised and placed on pages (sheets N-up or one per page) or as files, drawn by worker threads in order (not installed). */
#ifndef OCOP_DOCUMENT_H
#define OCOP_DOCUMENT_H

#include "pdf.h"
#include "render.h"

/* filename.c: a file name safe on any file system (g_malloc'ed) */
char *ocop_safe_name(const char *in);
/* pattern with {field} from rec and {n} as n, zero-padded to 5 digits (g_malloc'ed) */
char *ocop_name_expand(const char *pattern, const ocop_record *rec, unsigned long n);
/* the safe file name of label n without the extension ext (".png"), which a pattern may give (g_malloc'ed) */
char *ocop_name_stem(const char *pattern, const ocop_record *rec, unsigned long n, const char *ext);

/* pages.c: the pages of a PDF document (sheets N-up, or one label per page) */
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
/* where the pages are drawn: cairo's PDF surface (cr), or the PDF writer (pdf) */
typedef struct ocop_page_target { cairo_t *cr; ocop_pdf *pdf; } ocop_page_target;
/* the outline (proofs) of the label whose corner is at (x, y) */
void ocop_pages_outline(const ocop_pages *p, const ocop_page_target *t, double x, double y);
int ocop_pages_advance(ocop_pages *p, const ocop_page_target *t); /* the label is placed: next position or page */
int ocop_pages_finish(ocop_pages *p, const ocop_page_target *t);  /* crop marks and the end of an open page */

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
	ocop_plan *plan;           /* PDF by cairo: the label laid out and detached (painted on the page by the placing thread) */
	ocop_pdf_content *content; /* PDF by the writer: the label's operators (placed on the page by the placing thread) */
	GByteArray *bytes;         /* PNG/SVG: the file */
	int err;                   /* drawing failed: OCOP_EREJECTED (text does not fit) or another code */
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
	ocop_kept_set *kept;       /* texts fitted by any worker, found by all */
	ocop_mono_store *masks;    /* 1-bit glyph masks drawn by any worker, copied by all */
	ocop_pdf *pdf;             /* PDF by the writer: it (its fonts shared by the workers) */
	GThread **threads;
	bool ending;               /* the workers are told to end (ocop_pipeline_end) */
	GAsyncQueue *todo;
	GMutex lock;
	GCond cond;
	ocop_job *waiting;         /* the job the placing thread waits for (its worker wakes it), under lock */
	ocop_job **ring;           /* jobs in flight, in order */
	size_t ring_cap;
	unsigned long submitted, placed;
	size_t hint;               /* the bytes of the last label drawn in the placing thread */
	ocop_place_fn place;
	void *owner;
} ocop_pipeline;
int ocop_pipeline_start(ocop_pipeline *p, ocop_renderer *r, ocop_format fmt, int jobs, ocop_place_fn place, void *owner);
/* Takes rec and url (rec NULL: OCOP_ENOMEM); may place older jobs first. */
int ocop_pipeline_submit(ocop_pipeline *p, ocop_record *rec, char *url, long copies, long tag, unsigned long number,
                         const ocop_row_ref *ref);
int ocop_pipeline_drain(ocop_pipeline *p);   /* every job in flight placed */
/* After the drain: the workers told to end, so that they free their renderers (and the last one the shared sets)
 * while the caller finishes its file; ocop_pipeline_stop() waits for them */
void ocop_pipeline_end(ocop_pipeline *p);
void ocop_pipeline_stop(ocop_pipeline *p);   /* workers ended (their warnings merged), unplaced jobs dropped */
void ocop_pipeline_free(ocop_pipeline *p);   /* safe on a zeroed pipeline */
/* A PDF job's label painted on cr (its top-left at cr's origin), in the placing thread. */
int ocop_pipeline_paint(ocop_pipeline *p, cairo_t *cr, const ocop_job *jb);
int ocop_pipeline_prepare(ocop_pipeline *p, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags);
int ocop_pipeline_layout(ocop_pipeline *p, const ocop_record *rec, const char *url, double px_per_mm);
void ocop_pipeline_pdf_metadata(ocop_pipeline *p, cairo_surface_t *pdf, const char *title);
/* The PDF writer for the pipeline's labels, on s (w x h mm pages): false when cairo must draw them instead (*out
 * NULL); else *out (check ocop_pdf_error()) */
bool ocop_pipeline_pdf_writer(ocop_pipeline *p, ocop_pdf **out, ocop_sink *s, double w, double h, const char *title);
/* A PDF job's label (its operators, made by a worker) placed on the open page with its corner at (x, y), in the
 * placing thread; or written once as a form for its copies (the form's object number, or a negative code). */
int ocop_pipeline_pdf_place(ocop_pipeline *p, ocop_job *jb, double x, double y);
int ocop_pipeline_pdf_form(ocop_pipeline *p, ocop_job *jb);
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

#endif
