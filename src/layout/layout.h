/* ocoplabel — layout: the renderer's state, templates, the plan of a record, glyph fonts of a document; what other folders use of layout (not installed). */
#ifndef OCOP_LAYOUT_H
#define OCOP_LAYOUT_H

#include "plan.h"
#include <math.h>

/* the libraries of layout alone (text.h has their headers) */
typedef struct _RsvgHandle RsvgHandle;
typedef struct _FcConfig FcConfig;
typedef struct _PangoFontMap PangoFontMap;
typedef struct _PangoContext PangoContext;
typedef struct ocop_elem_cache ocop_elem_cache;
typedef struct ocop_kept_set ocop_kept_set;

typedef struct ocop_mono_cache ocop_mono_cache; /* mono_cache.c: 1-bit glyph masks kept (bounded) */
typedef struct ocop_mono_store ocop_mono_store; /* mono_cache.c: and shared by a document's renderers */

struct ocop_renderer {
	const ocop_template *t;
	ocop_render_options opts; /* logo, today, resolver: see below; dpi is never 0 */
	char *logo_path;
	cairo_surface_t *logo_png;
	RsvgHandle *logo_svg;
	FcConfig *fc;
	PangoFontMap *fontmap;
	PangoContext *pctx;
	ocop_diags *diags;
	GHashTable *warned;   /* keys of warnings already given, so each is given once */
	/* the last QR encoded: checking a record and drawing it encode once */
	char *qr_url;
	ocop_qr_ec qr_ec;
	ocop_qr qr;
	ocop_elem_cache *ec;  /* per template element, same index */
	double vector_dpi;    /* the printer grid that PDF and SVG codes are placed on */
	ocop_glyphs *glyphs;  /* a document's glyph fonts (a reference, read-only), or NULL */
	ocop_glyphs *own;     /* this renderer's, made on demand */
	ocop_printer_language lang; /* TSPL or ZPL: the renderer makes print jobs (1-bit, at printer.dpi) */
	ocop_printer_profile printer; /* the printer's settings (lang only) */
	ocop_mono_cache *mono_glyphs; /* 1-bit text: glyphs drawn apart, by font, glyph and device place (mono_cache.c) */
	ocop_kept_set *kept;  /* texts kept with other threads' renderers (a reference), or NULL */
	cairo_surface_t *raster; /* paint/raster.c: the last label's dot image, cleared for the next, or NULL */
};

/* Dots per mm of the grid that code edges sit on: the raster's (px_per_mm > 0), else the printer's. */
double ocop_grid_of(const ocop_renderer *r, double px_per_mm);
/* mm rounded to whole dots of grid */
static inline double ocop_snap(double grid, double mm) { return round(mm * grid) / grid; }

/* layout.c: the renderer's layout state for its template: fonts, caches, the template's geometry checked
 * for r's output (each class's check), the logo (NULL: the built-in mark, or the template's image); from: a
 * renderer of the same template and options (a clone's), whose fontconfig set-up r shares and whose checks stand */
int ocop_layout_setup(ocop_renderer *r, const char *logo, const ocop_renderer *from);
void ocop_layout_release(ocop_renderer *r);     /* NULL-safe parts; the renderer itself is the caller's */

/* glyphs.c */
/* A glyph font whose glyphs are filled outlines (glyphs.c): a cairo user font, a Type 3 font in PDF.
 * Font units are mm at size 1; glyph indices are small integers chosen by the user. */
#define OCOP_PATH_GLYPHS 128
#define OCOP_PATH_GLYPH_PARTS 3
typedef struct ocop_path_font {
	double pad;           /* mm around a glyph's origin that holds its outline */
	bool have[OCOP_PATH_GLYPHS];
	double adv[OCOP_PATH_GLYPHS];
	cairo_path_t *path[OCOP_PATH_GLYPHS][OCOP_PATH_GLYPH_PARTS]; /* filled one by one (nonzero) */
} ocop_path_font;
/* the outlines of path font face, NULL when face is not one */
const ocop_path_font *ocop_path_font_of(cairo_font_face_t *face);
/* the clusters of n glyphs of a path font that stand for utf8 (one text for one glyph, or a byte a glyph) in
 * cl[0..max): their count, 0 when there are none (no text, or not one of those) */
int ocop_path_clusters(const char *utf8, int n, cairo_text_cluster_t *cl, int max);
/* The human-readable digits of an EAN element at one module size: every character made. */
struct ocop_ean_font {
	double X;             /* module size (mm) */
	double em, digit_top, digit_h;
	double baseline;      /* mm below the layout's top: the glyphs' origin */
	ocop_path_font *pf;   /* glyph = ASCII code; advances of every character shown, outlines where have[] */
	cairo_font_face_t *face; /* owns pf */
	bool shows[OCOP_PATH_GLYPHS]; /* the characters it can show ('0'..'9', '>') */
};
/* The font face of element elem (drawn as one glyph: its class has an outline) whose glyph n is the
 * element with n stars, or NULL (draw outlines instead): from r's document glyphs, else r's own (made now). */
cairo_font_face_t *ocop_glyphs_badge(ocop_renderer *r, size_t elem, int n);
/* The Type 3 glyph fonts (EAN digits, badge, stars) of a PDF document, keyed by element and module
 * size, made complete for every label r can draw (each class's glyphs operation) and read-only after:
 * renderers on several threads draw with the same fonts, so the PDF does not depend on which thread
 * drew a label. Reference-counted. */
int ocop_glyphs_new(ocop_glyphs **out, ocop_renderer *r);
void ocop_glyphs_free(ocop_glyphs *g); /* drops one reference; NULL-safe */
/* r draws PDF labels with g (r takes a reference; NULL: its own glyph fonts again). */
void ocop_renderer_use_glyphs(ocop_renderer *r, ocop_glyphs *g);
/* kept.c: the texts that a document's renderers on several threads lay out, kept once for all of them: a
 * renderer finds there what another fitted, so a producer's name is fitted once a document, not once a thread.
 * Only what holds no Pango object (a thread's own) is shared: the glyphs of plans of runs. Reference-counted. */
ocop_kept_set *ocop_kept_set_new(const ocop_renderer *r);
void ocop_kept_set_free(ocop_kept_set *s); /* drops one reference; NULL-safe */
/* r keeps its texts in s too (r takes a reference), from before it lays out any */
void ocop_renderer_share_kept(ocop_renderer *r, ocop_kept_set *s);
/* mono_cache.c: the 1-bit glyph masks of a document's renderers, each drawn once for all of them (likewise) */
ocop_mono_store *ocop_mono_store_new(void);
void ocop_mono_store_free(ocop_mono_store *s); /* drops one reference; NULL-safe */
size_t ocop_mono_store_count(ocop_mono_store *s, size_t *copies); /* masks held; *copies: handed out */
void ocop_renderer_share_masks(ocop_renderer *r, ocop_mono_store *s);

/* elem_ean.c: pe's human-readable characters as glyphs of its path font (glyph = ASCII code, each outline made)
 * and the text they stand for; their count */
int ocop_ean_glyphs(ocop_renderer *r, const ocop_plan_ean *pe, cairo_glyph_t g[64], char utf8[65]);
/* elem_badge.c: what the glyph of a mark, or of a star row of n stars, stands for in search and copy: the word
 * OCOP, the stars (in buf), or NULL */
#define OCOP_BADGE_TEXT (OCOP_PATH_GLYPHS * 3 + 1)
const char *ocop_badge_text(const ocop_plan_item *it, int n, char buf[OCOP_BADGE_TEXT]);
/* elem_ean.c: the left and right edges (mm) that bar i of pe is filled between in p's output (the ink
 * spread reduction and, in vector output, the rasteriser's gain taken off) */
void ocop_ean_bar_edges(const ocop_plan *p, const ocop_plan_ean *pe, int i, double *left, double *right);

/* layout.c: the plan of a prepared record (url from ocop_renderer_prepare) at px_per_mm (0 = vector);
 * out may be NULL to check the layout only (nothing is drawn). Returns 0, OCOP_EREJECTED
 * ("FIELD: message") for a label that cannot be made (mandatory text too long), or another code.
 * OCOP_PLAN_RUNS: the caller detaches the plan (its texts need no Pango layout: glyphs only, lines.c). */
#define OCOP_PLAN_RUNS 1u
int ocop_render_layout(ocop_plan **out, ocop_renderer *r, const ocop_record *rec, const char *url, double px_per_mm,
                       unsigned flags);
void ocop_plan_free(ocop_plan *p);
/* p made drawable by any thread (a document's placing thread) while its renderer goes on laying out other
 * labels: the Pango objects it held are dropped, their glyphs kept (element detach operations). */
void ocop_plan_detach(ocop_plan *p);
/* Adds a warning to the renderer's diagnostics, once per (field, message). */
void ocop_renderer_warn(ocop_renderer *r, const char *field, const char *code, const char *msg);

/* measure.c: the height (mm) that text template tmpl, expanded for rec, needs at size_pt in the label's font in a
 * box width_mm wide, wrapped between words as fit.c wraps it (values kept whole); 0 for no text, -1 when a word or
 * value is wider than the box; *widest (may be NULL): its widest line. For the automatic layout (autolayout/). */
double ocop_text_need(double *widest, ocop_renderer *r, const char *tmpl, bool bold, double size_pt, double width_mm,
                      const ocop_record *rec, const char *url);

/* template.c: a template from bytes; path names it in messages and resolves relative images */
int ocop_template_load_data(ocop_template **out, const char *data, size_t len, const char *path);

#endif
