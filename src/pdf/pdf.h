/* ocoplabel — pdf: the PDF writer of documents: labels' plans written as PDF operators, pages, fonts embedded once (not installed). */
#ifndef OCOP_PDF_H
#define OCOP_PDF_H

#include "layout.h"

/* A PDF written page by page to a sink: each page's operators deflated and written when the page ends;
 * what the pages share (fonts, the page tree, the document's information) written at the end. Nothing
 * is kept per label and a few bytes per page, so a document of any length takes the same memory.
 * User space is mm from the page's top-left corner, y down (as cairo's in paint/). */
typedef struct ocop_pdf ocop_pdf;

typedef struct ocop_pdf_info {
	const char *title;    /* UTF-8, or NULL */
	const char *creator, *subject;
	const char *created;  /* "YYYY-MM-DDTHH:MM:SSZ" (ocop_pdf_facts()) */
} ocop_pdf_info;

/* A label's operators, made by any thread (a document's worker): its fonts named by placeholders, which the
 * placing thread numbers in the order it places them (the same PDF for any number of workers). */
typedef struct ocop_pdf_font ocop_pdf_font;
typedef struct ocop_pdf_content {
	GString *ops;
	GArray *sites;        /* ocop_pdf_site: where a font's name is in ops */
} ocop_pdf_content;
typedef struct ocop_pdf_site { size_t at; ocop_pdf_font *font; } ocop_pdf_site;
ocop_pdf_content *ocop_pdf_content_new(void);
void ocop_pdf_content_free(ocop_pdf_content *c);

/* file.c */
/* A PDF of pages w x h mm on s (nothing written until its first page ends: its header then). */
int ocop_pdf_new(ocop_pdf **out, ocop_sink *s, double w_mm, double h_mm, const ocop_pdf_info *info);
/* 0, or the writer's first failure (a sink that failed: OCOP_EIO, s->err says why) */
int ocop_pdf_error(const ocop_pdf *pdf);
/* The operators of the open page (a page is opened on first use). */
GString *ocop_pdf_ops(ocop_pdf *pdf);
/* The open page written (nothing when none is open); a negative code when the sink fails (s->err). */
int ocop_pdf_page_end(ocop_pdf *pdf);
/* The open page, the fonts, the page tree, the information and the cross-reference table written. */
int ocop_pdf_finish(ocop_pdf *pdf);
void ocop_pdf_free(ocop_pdf *pdf);
/* for fonts.c, cid.c and type3.c: a new object number; an object's bytes (its number from ocop_pdf_object(), body
 * without "obj"/"endobj"); a stream object of data, deflated when deflate */
int ocop_pdf_object(ocop_pdf *pdf);
int ocop_pdf_write_object(ocop_pdf *pdf, int obj, const char *body, size_t len);
int ocop_pdf_write_stream(ocop_pdf *pdf, int obj, const char *dict, const void *data, size_t len, bool deflate);
/* In the placing thread: content c drawn on the open page with its origin at (x, y); written as a form (its
 * object number, or a negative code) whose box is w x h mm, and a form drawn with its corner at (x, y). */
int ocop_pdf_place(ocop_pdf *pdf, ocop_pdf_content *c, double x, double y);
int ocop_pdf_form(ocop_pdf *pdf, ocop_pdf_content *c, double w, double h);
void ocop_pdf_form_draw(ocop_pdf *pdf, int form, double x, double y);
/* v with at most 4 decimals, no exponent, trailing zeros dropped; then a space */
void ocop_pdf_num(GString *s, double v);
/* a PDF text string: (ASCII) or <FEFF...> UTF-16BE */
void ocop_pdf_text_string(GString *s, const char *utf8);

/* fonts.c: the document's fonts. A TrueType or OpenType face (a glyph run's) is embedded once, subset to
 * the glyphs used, as a CID font with the text each glyph stands for; a path font (layout's glyphs.c) as
 * a Type 3 font whose glyphs are its outlines. */
typedef struct ocop_pdf_fonts ocop_pdf_fonts;
ocop_pdf_fonts *ocop_pdf_fonts_new(void);
void ocop_pdf_fonts_free(ocop_pdf_fonts *f);
ocop_pdf_fonts *ocop_pdf_fonts_get(ocop_pdf *pdf); /* (file.c) the document's */
/* The font of scaled font sf (a glyph run's) or of path font face, added on first use; NULL when its file
 * cannot be read (ocop_error_last() says why). Any thread. */
ocop_pdf_font *ocop_pdf_font_of(ocop_pdf *pdf, cairo_scaled_font_t *sf, cairo_font_face_t *face);
/* Shows glyphs g[0..n) of font at size (a font matrix: mm per font unit) with the text each stands for
 * (utf8 and clusters as cairo_show_text_glyphs() takes them, or NULL). Any thread. */
void ocop_pdf_show(ocop_pdf_content *c, ocop_pdf_font *font, const cairo_matrix_t *size, const cairo_glyph_t *g, int n,
                   const char *utf8, int n_bytes, const cairo_text_cluster_t *clusters, int n_clusters,
                   cairo_text_cluster_flags_t flags);
/* font's number in the document (its name: /F and three digits), given on its first placing (the placing thread) */
int ocop_pdf_font_number(ocop_pdf *pdf, ocop_pdf_font *font);
/* The fonts' objects, and the dictionary (obj) that names them: every page's and form's /Font. */
int ocop_pdf_fonts_write(ocop_pdf_fonts *f, ocop_pdf *pdf, int resources);

/* label.c: can the writer draw r's labels (else cairo draws them: a logo image in place of the mark) */
bool ocop_pdf_can_draw(const ocop_renderer *r);
/* Label plan p of renderer r (its glyph fonts) as the operators of c, its top-left corner at the origin,
 * nothing outside its own rectangle. Any thread (r its own). */
int ocop_pdf_label(ocop_pdf *pdf, ocop_pdf_content *c, ocop_renderer *r, const ocop_plan *p);

#endif
