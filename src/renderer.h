/* ocoplabel — the render stage's own declarations: the renderer, fonts, glyph fonts, fitting, elements (not installed). */
#ifndef OCOP_RENDERER_H
#define OCOP_RENDERER_H

#include "plan.h"
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>

typedef struct _RsvgHandle RsvgHandle;

/* What a renderer keeps per template element between labels. */
typedef struct ocop_elem_cache {
	GHashTable *texts;    /* TEXT: expanded text + no-break ranges -> ocop_fitted */
	PangoLayout *word;    /* MARK: the word OCOP, laid out once */
	double word_x, word_y;
} ocop_elem_cache;

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
	int qr_ec;
	ocop_qr qr;
	ocop_elem_cache *ec;  /* per template element, same index */
	double vector_dpi;    /* the printer grid that PDF and SVG codes are placed on */
	ocop_glyphs *glyphs;  /* a document's glyph fonts (a reference, read-only), or NULL */
	ocop_glyphs *own;     /* this renderer's, made on demand */
	ocop_printer_language lang; /* TSPL or ZPL: the renderer makes print jobs (1-bit, at printer.dpi) */
	ocop_printer_profile printer; /* the printer's settings (lang only) */
};

/* Dots per mm of the grid that code edges sit on: the raster's (px_per_mm > 0), else the printer's. */
double ocop_grid_of(const ocop_renderer *r, double px_per_mm);
/* mm rounded to whole dots of grid */
static inline double ocop_snap(double grid, double mm) { return round(mm * grid) / grid; }

/* fonts.c */
int ocop_fonts_setup(ocop_renderer *r);
void ocop_fonts_release(ocop_renderer *r);
/* A layout in r's context with the font family at size_pt. */
PangoLayout *ocop_font_layout(ocop_renderer *r, const char *family, bool bold, double size_pt);
void ocop_font_set_size(PangoLayout *l, double size_pt);
/* Height of a capital letter of the font at 1 pt, in mm. */
double ocop_cap_height_mm(ocop_renderer *r, const char *family, bool bold);

/* logo.c */
int ocop_logo_load(ocop_renderer *r, const char *path);
void ocop_logo_release(ocop_renderer *r);

/* fit.c: text laid out in e's box at the largest size in 0.1 pt steps that fits. */
typedef struct ocop_fitted {
	PangoLayout *l;
	double size_pt;
	bool shortened;
	int n_lines;
	ocop_plan_line *lines; /* relative to the layout's top-left */
} ocop_fitted;
/* A mandatory text that does not fit at its smallest size is an error (OCOP_EINVALID,
 * "FIELD: message", the field from rec and url); other texts are shortened with a warning. */
int ocop_fit_text(ocop_fitted **out, ocop_renderer *r, const ocop_elem *e, const char *text, GArray *nobreak,
                  const ocop_record *rec, const char *url);
void ocop_fitted_free(ocop_fitted *f);

/* glyphs.c: cairo user fonts whose glyphs are filled outlines (Type 3 fonts in PDF). */
#define OCOP_PATH_GLYPHS 128
#define OCOP_PATH_GLYPH_PARTS 3
typedef struct ocop_path_font {
	double pad;           /* mm around a glyph's origin that holds its outline */
	bool have[OCOP_PATH_GLYPHS];
	double adv[OCOP_PATH_GLYPHS];
	cairo_path_t *path[OCOP_PATH_GLYPHS][OCOP_PATH_GLYPH_PARTS]; /* filled one by one (nonzero) */
} ocop_path_font;
/* A context whose path, taken with ocop_path_take(), is in mm relative to (x0, y0). */
cairo_t *ocop_path_begin(double x0, double y0);
cairo_path_t *ocop_path_take(cairo_t *cr);
/* Shows glyphs of a path font (utf8: the text they stand for, or NULL). */
void ocop_path_font_show(cairo_t *cr, cairo_font_face_t *face, const cairo_glyph_t *g, int n, const char *utf8);

/* The human-readable digits of an EAN element at one module size: every character made. */
struct ocop_ean_font {
	double X;             /* module size (mm) */
	double em, digit_top, digit_h;
	double baseline;      /* mm below the layout's top: the glyphs' origin */
	ocop_path_font *pf;   /* glyph = ASCII code; advances of every character shown, outlines where have[] */
	cairo_font_face_t *face; /* owns pf */
	bool shows[OCOP_PATH_GLYPHS]; /* the characters it can show ('0'..'9', '>') */
};
/* The digits of element elem at module X: from r's document glyphs, else r's own (made now). */
const ocop_ean_font *ocop_glyphs_ean(ocop_renderer *r, size_t elem, double X);
/* The outline of character ch of f (made now in r's own fonts when it is not yet). */
const cairo_path_t *ocop_ean_outline(ocop_renderer *r, const ocop_ean_font *f, unsigned char ch);
/* The font face of MARK/STARS element elem whose glyph n is the badge or star row with n stars, or
 * NULL (draw outlines instead): from r's document glyphs, else r's own (made now). */
cairo_font_face_t *ocop_glyphs_badge(ocop_renderer *r, size_t elem, int n);
void ocop_glyphs_release_own(ocop_renderer *r);

/* layout.c */
int ocop_layout_check_template(ocop_renderer *r);

/* elem_text.c */
int ocop_text_plan(ocop_renderer *r, ocop_plan_item *it, const ocop_record *rec, const char *url);
void ocop_text_paint(cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it);
void ocop_text_release(ocop_plan_item *it);

/* elem_badge.c: the OCOP mark (MARK) and the star row (STARS) */
void ocop_badge_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec);
void ocop_stars_plan(ocop_plan_item *it, const ocop_record *rec);
void ocop_badge_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan_item *it, bool type3);
void ocop_stars_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan_item *it, bool type3);
void ocop_badge_release(ocop_plan_item *it);
/* The outlines of MARK/STARS element e with n stars into glyph n of pf. */
void ocop_badge_outline(ocop_renderer *r, const ocop_elem *e, int n, ocop_path_font *pf);

/* elem_qr.c */
/* Whether the QR of url fits element e with whole-dot modules of grid; the error says by how much the URL is too long. */
int ocop_qr_check(ocop_renderer *r, const ocop_elem *e, const char *url, double grid, const ocop_qr **out);
int ocop_qr_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const char *url);
int ocop_qr_paint(cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it);
void ocop_qr_plan_release(ocop_plan_item *it);

/* elem_ean.c */
/* The EAN module for element e with n modules (quiet zones included) on grid; OCOP_EENCODE "ELEMENT: ..." when none. */
int ocop_ean_module(const ocop_renderer *r, const ocop_elem *e, int n, double grid, double *out);
int ocop_ean_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec);
void ocop_ean_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3);

/* raster.c: plan p painted 1-bit at its px_per_mm, moved by (dx, dy) dots (cut at the label's edges) */
int ocop_raster_plan(ocop_bitmap *out, ocop_renderer *r, const ocop_plan *p, long dx, long dy);

/* elem_rule.c: LINE and BOX */
void ocop_rule_plan(ocop_plan_item *it);
void ocop_rule_paint(cairo_t *cr, const ocop_plan_item *it);

#endif
