/* ocoplabel — inside layout: fonts, text fitting, placeholders, 1-bit text and glyph fonts (pango, fontconfig, cairo); for src/layout alone (not installed). */
#ifndef OCOP_LAYOUT_TEXT_H
#define OCOP_LAYOUT_TEXT_H

#include "shaped.h"
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

/* What a renderer keeps per template element between labels (ocop_renderer::ec). */
struct ocop_elem_cache {
	ocop_kept texts;      /* TEXT: expanded text + no-break ranges (+ "runs") -> ocop_fitted (elem_text.c) */
	ocop_kept lines;      /* TEXT, unwrapped: size + paragraph + no-break ranges -> its line, ocop_shaped (lines.c) */
	PangoLayout *word;    /* MARK: the word OCOP, laid out once */
	double word_x, word_y;
};

/* fonts.c: the renderer's private fontconfig set-up, pango context and font metrics */
int ocop_fonts_setup(ocop_renderer *r, const ocop_renderer *from); /* from: see ocop_layout_setup */
void ocop_fonts_release(ocop_renderer *r);
/* A layout in r's context with the font family at size_pt. */
PangoLayout *ocop_font_layout(ocop_renderer *r, const char *family, bool bold, double size_pt);
void ocop_font_set_size(PangoLayout *l, double size_pt);
/* Height of a capital letter of the font at 1 pt, in mm. */
double ocop_cap_height_mm(ocop_renderer *r, const char *family, bool bold);

/* fit.c: the Pango alignment of e's lines */
static inline PangoAlignment ocop_text_align(const ocop_elem *e)
{ return e->align < 0 ? PANGO_ALIGN_LEFT : e->align > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER; }
/* fit.c: the values of a text (nobreak: pairs of byte offsets, from ocop_expand) kept whole on l's lines */
void ocop_text_keep_whole(PangoLayout *l, const GArray *nobreak);
/* fit.c: a layout's extents within a box w mm wide: no line wider, glyphs at most 0.25 mm outside it */
bool ocop_text_fits_width(const PangoRectangle *ink, const PangoRectangle *log, double w);
/* ... and no taller than h mm */
bool ocop_text_fits(const PangoRectangle *ink, const PangoRectangle *log, double w, double h);
/* fit.c: the search for the size of a text that does not fit at e->size: try(ctx, tenths) lays it out at that
 * size and says whether it fits (and keeps it); the first guess for an unwrapped text from its extents at
 * e->size (*known_bad: a size known not to fit). */
typedef bool (*ocop_fit_try)(void *ctx, int tenths);
int ocop_fit_guess_unwrapped(const ocop_elem *e, const PangoRectangle *ink, const PangoRectangle *log, long n_chars,
                             int n_lines, int *known_bad);
int ocop_fit_search(const ocop_elem *e, int guess, int known_bad, ocop_fit_try try, void *ctx);
/* fit.c: text laid out in e's box at the largest size in 0.1 pt steps that fits. */
typedef struct ocop_fitted {
	PangoLayout *l;       /* NULL when shaped is given: laid out for a plan of glyph runs (OCOP_PLAN_RUNS) */
	ocop_shaped *shaped;  /* for a plan of glyph runs: the text shaped (from l, or one line at a time) */
	double size_pt;
	bool shortened;
	bool unwrapped;       /* laid out with no width: its lines are aligned by the caller */
	int n_lines;
	ocop_plan_line *lines; /* relative to the layout's top-left */
} ocop_fitted;
/* A mandatory text that does not fit at its smallest size is an error (OCOP_EREJECTED,
 * "FIELD: message", the field from rec and url); other texts are shortened with a warning.
 * runs: for a plan of glyph runs (shaped, no layout; an unwrapped text one line at a time, lines.c). */
int ocop_fit_text(ocop_fitted **out, ocop_renderer *r, const ocop_elem *e, size_t index, const char *text,
                  GArray *nobreak, const ocop_record *rec, const char *url, bool runs);
void ocop_fitted_free(ocop_fitted *f);
void *ocop_fitted_copy(const void *f); /* (an ocop_kept_copy: a fitted text of glyphs; NULL for one with a layout) */

/* glyphs.c: cairo user fonts whose glyphs are filled outlines (Type 3 fonts in PDF). */
/* A context whose path, taken with ocop_path_take(), is in mm relative to (x0, y0). */
cairo_t *ocop_path_begin(double x0, double y0);
cairo_path_t *ocop_path_take(cairo_t *cr);
/* Shows glyphs of a path font (utf8: the text they stand for, or NULL). */
void ocop_path_font_show(cairo_t *cr, cairo_font_face_t *face, const cairo_glyph_t *g, int n, const char *utf8);

/* The digits of element elem at module X: from r's document glyphs, else r's own (made now). */
const ocop_ean_font *ocop_glyphs_ean(ocop_renderer *r, size_t elem, double X);
/* The outline of character ch of f (made now in r's own fonts when it is not yet). */
const cairo_path_t *ocop_ean_outline(ocop_renderer *r, const ocop_ean_font *f, unsigned char ch);
void ocop_glyphs_release_own(ocop_renderer *r);
/* For the classes' glyphs operation: glyphs 0..n of element elem (its class's outlines), or the digits of
 * an EAN element at module X, made with every outline in g. */
void ocop_glyphs_make_badge(ocop_renderer *r, ocop_glyphs *g, size_t elem, int n);
void ocop_glyphs_make_ean(ocop_renderer *r, ocop_glyphs *g, size_t elem, double X);

/* placeholders.c: placeholder expansion. When nobreak is given it receives pairs of
 * byte offsets (int start, end) of values that must not wrap inside. */
char *ocop_expand(const char *tmpl, const ocop_record *r, const char *trace_url, GArray *nobreak);
/* The placeholder of tmpl whose value in r is the longest, in characters: the field to name when
 * the expanded text does not fit its box ("{producer}\n{address}" with a long address: address).
 * NULL when no placeholder has a value (then name the element); g_malloc'ed. */
char *ocop_text_blame(const char *tmpl, const ocop_record *r, const char *trace_url);
/* text on one line for a message: each line break as " / ", cut after max characters with "…"; g_malloc'ed. */
char *ocop_text_oneline(const char *text, long max);

/* text_mono.c: a glyph drawn for 1-bit output: its pieces (base letter, marks) kept apart by at least one white dot. */
#define OCOP_MONO_MARK_SHIFT 4 /* dots a mark may move, up or down */
#define OCOP_MONO_MARK_HEIGHT 0.6 /* a mark is shorter than this part of its letter (the second f of ff is not) */
/* What ocop_mono_glyph_apart() painted: an A8 mask at device (bx, by) (1-bit for a glyph of pieces moved
 * apart, the anti-aliased coverage of its fill for a glyph of one piece), or nothing (empty). */
typedef struct ocop_mono_mask {
	cairo_surface_t *s;
	int bx, by;
	bool empty;
} ocop_mono_mask;
/* Fills glyph g, its pieces moved apart. When it paints a mask and out is given, *out receives that mask
 * (a new reference), or empty when the glyph has no outline. */
void ocop_mono_glyph_apart(cairo_t *cr, cairo_glyph_t g, ocop_mono_mask *out);
/* masks.c: a context drawing into a new w x h A8 mask whose dot (0, 0) is cr's device dot (bx, by), with cr's
 * matrix, fill rule, anti-aliasing and tolerance; then its mask painted on cr there (*out, if given, gets a
 * reference) */
cairo_t *ocop_mask_begin(cairo_t *cr, int w, int h, int bx, int by);
/* Can ink be set straight into cr's target: an A8 image (a raster label's ink coverage) whose pixels are the
 * device dots, opaque ink drawn OVER? *box (x0, y0, x1, y1): the dots there that the clip covers whole (the clip:
 * clip, a device rectangle, when the caller knows it is exactly that; else cr's, if one rectangle). */
bool ocop_a8_writable(cairo_t *cr, const double *clip, int box[4]);
/* Paints A8 mask s on cr at device (bx, by) with cr's source; *out (if given) gets a reference. clip: cr's clip
 * when the caller knows it is exactly that device rectangle (x0, y0, x1, y1), else NULL. */
void ocop_mask_paint(cairo_t *cr, cairo_surface_t *s, int bx, int by, const double *clip, ocop_mono_mask *out);
void ocop_mask_end(cairo_t *cr, cairo_t *m, int bx, int by, ocop_mono_mask *out);
/* Fills path (user space, moved by x, y) as the anti-aliased coverage of one mask; *out as above. The same
 * dots as filling it on cr. */
void ocop_mono_outline(cairo_t *cr, const cairo_path_t *path, double x, double y, ocop_mono_mask *out);
/* dots.c: a matrix code's modules (dark: rows x cols, 1 = dark; m mm, top-left x0, y0) in black: a raster's runs
 * on the grid's dots, else one 1-bit stencil mask. OCOP_ENOMEM when its image cannot be made. */
int ocop_modules_paint(cairo_t *cr, const unsigned char *dark, int cols, int rows, double x0, double y0, double m,
                       double grid, bool raster);
/* runs.c: the glyphs of l drawn with its top-left at (x0, y0), kept (ocop_runs_clear() frees them); drawn on cr
 * as pango_cairo_show_layout() would (the source is cr's) */
void ocop_runs_take(ocop_glyph_runs *out, PangoLayout *l, double x0, double y0);
/* A plan item's layout *l (if any) replaced by its glyphs: taken into out, the layout dropped, *l NULL */
void ocop_runs_detach(PangoLayout **l, ocop_glyph_runs *out, double x0, double y0);
void ocop_runs_show(cairo_t *cr, const ocop_glyph_runs *rs);
void ocop_runs_clear(ocop_glyph_runs *rs);
/* Paints what draw(cr, data) draws inside the user-space box (x, y, w, h) as the anti-aliased coverage of
 * one mask; *out as above. The same dots as drawing it on cr where nothing is drawn yet. */
typedef void (*ocop_draw_fn)(cairo_t *cr, const void *data);
void ocop_mono_drawn(cairo_t *cr, ocop_draw_fn draw, const void *data, double x, double y, double w, double h,
                     ocop_mono_mask *out);
/* mono_cache.c: cache: the renderer's glyphs already drawn apart (*cache made on first use; NULL: none) */
/* clip: the user-space box (x, y, w, h) that cr is clipped to, or NULL when it may be another */
/* Draws shaped text s at the current point, as pango_cairo_show_layout() draws its layout, each glyph apart */
void ocop_mono_show_shaped(cairo_t *cr, const ocop_shaped *s, const double *clip, ocop_mono_cache **cache);
/* Glyph `glyph` of a path font (face; outline path) filled at user (x, y), its mask kept in the cache:
 * the EAN digits of a raster, at the same places on every label. */
void ocop_mono_show_outline(cairo_t *cr, cairo_font_face_t *face, unsigned long glyph, const cairo_path_t *path,
                            double x, double y, ocop_mono_cache **cache);
/* ocop_mono_drawn() through the cache, kept under (tag, n) at cr's matrix: an element the same on every
 * label of a raster at the same place (the OCOP mark, the stars of a rating); tag lives as long as the cache */
void ocop_mono_show_drawn(cairo_t *cr, const void *tag, unsigned long n, ocop_draw_fn draw, const void *data,
                          double x, double y, double w, double h, ocop_mono_cache **cache);
void ocop_mono_cache_free(ocop_mono_cache *cache);

#endif
