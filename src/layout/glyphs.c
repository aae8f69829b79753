/* ocoplabel — glyph fonts: EAN digits, the badge and the star rows as cairo user fonts (Type 3 in PDF), kept per element and module size. */
#include "text.h"
#include <string.h>

/* A cairo user font whose glyphs are filled outlines: in PDF it becomes a
 * Type 3 font, so each outline is written once per document and each use is a
 * glyph in a text string. (cairo 1.16 cannot reuse a form XObject: every use
 * adds a duplicate key to the page's resources.) Font units are mm at size 1;
 * glyph indices are small integers chosen by the user. Owned by its font
 * face, so a PDF still open can draw them after the renderer dropped them. */
static const cairo_user_data_key_t path_font_key;

static void path_font_free(void *p)
{
	ocop_path_font *pf = p;
	for (int i = 0; i < OCOP_PATH_GLYPHS; i++)
		for (int k = 0; k < OCOP_PATH_GLYPH_PARTS; k++)
			if (pf->path[i][k])
				cairo_path_destroy(pf->path[i][k]);
	g_free(pf);
}

static cairo_status_t path_font_render(cairo_scaled_font_t *sf, unsigned long glyph, cairo_t *cr, cairo_text_extents_t *ext)
{
	ocop_path_font *pf = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &path_font_key);
	if (pf && glyph < OCOP_PATH_GLYPHS && pf->have[glyph]) {
		for (int k = 0; k < OCOP_PATH_GLYPH_PARTS && pf->path[glyph][k]; k++) {
			cairo_append_path(cr, pf->path[glyph][k]);
			cairo_fill(cr);
		}
		ext->x_advance = pf->adv[glyph];
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Font extents that hold every glyph: cairo's PDF surface clips glyphs to
 * extents estimated from them (the defaults, one unit up and none down, cut
 * the outlines). */
static cairo_status_t path_font_init(cairo_scaled_font_t *sf, cairo_t *cr, cairo_font_extents_t *ext)
{
	(void)cr;
	ocop_path_font *pf = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &path_font_key);
	double pad = pf ? pf->pad : 1;
	ext->ascent = pad;
	ext->descent = pad;
	ext->height = 2 * pad;
	ext->max_x_advance = pad;
	ext->max_y_advance = 0;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_font_face_t *path_font_new(double pad, ocop_path_font **out)
{
	ocop_path_font *pf = g_new0(ocop_path_font, 1);
	pf->pad = pad;
	cairo_font_face_t *face = cairo_user_font_face_create();
	cairo_user_font_face_set_init_func(face, path_font_init);
	cairo_user_font_face_set_render_glyph_func(face, path_font_render);
	if (cairo_font_face_set_user_data(face, &path_font_key, pf, path_font_free) != CAIRO_STATUS_SUCCESS)
		path_font_free(pf); /* out of memory: the face is in error and draws nothing */
	*out = pf;
	return face;
}

const ocop_path_font *ocop_path_font_of(cairo_font_face_t *face)
{
	return face ? cairo_font_face_get_user_data(face, &path_font_key) : NULL;
}

cairo_t *ocop_path_begin(double x0, double y0)
{
	/* through a fine scale, so that cairo's fixed-point coordinates lose nothing */
	cairo_surface_t *tmp = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(tmp);
	cairo_surface_destroy(tmp);
	cairo_scale(cr, 1024, 1024);
	cairo_translate(cr, -x0, -y0);
	return cr;
}

cairo_path_t *ocop_path_take(cairo_t *cr)
{
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	cairo_identity_matrix(cr);
	cairo_scale(cr, 1024, 1024);
	cairo_path_t *p = cairo_copy_path(cr);
	cairo_new_path(cr);
	cairo_set_matrix(cr, &m);
	return p;
}

int ocop_path_clusters(const char *utf8, int n, cairo_text_cluster_t *cl, int max)
{
	int len = utf8 ? (int)strlen(utf8) : 0;
	if (utf8 && n == 1 && max >= 1) {
		cl[0] = (cairo_text_cluster_t){ len, 1 };
		return 1;
	}
	if (!utf8 || len != n || n > max)
		return 0;
	for (int i = 0; i < n; i++)
		cl[i] = (cairo_text_cluster_t){ 1, 1 }; /* one byte, one glyph */
	return n;
}

void ocop_path_font_show(cairo_t *cr, cairo_font_face_t *face, const cairo_glyph_t *g, int n, const char *utf8)
{
	cairo_save(cr);
	cairo_set_font_face(cr, face);
	cairo_set_font_size(cr, 1); /* font units: mm */
	cairo_text_cluster_t cl[64];
	int nc = ocop_path_clusters(utf8, n, cl, (int)G_N_ELEMENTS(cl));
	if (nc)
		cairo_show_text_glyphs(cr, utf8, -1, g, n, cl, nc, 0);
	else
		cairo_show_glyphs(cr, g, n);
	cairo_restore(cr);
}

/* ---- EAN digits ---- */

static const char ean_chars[] = "0123456789>";

/* A layout of character ch of f. */
static PangoLayout *ean_char_layout(ocop_renderer *r, const ocop_ean_font *f, unsigned char ch)
{
	char txt[2] = { (char)ch, 0 };
	PangoLayout *l = ocop_font_layout(r, r->t->mono_font, false, f->em * 72 / 25.4);
	pango_layout_set_text(l, txt, 1);
	return l;
}

/* The outline of character ch of f, made now when it is not yet: the
 * outlines of a renderer's own fonts are made on first use (each takes a
 * scratch cairo surface, and SVG output numbers its ids by every surface the
 * process made, so making them when the old renderer did keeps SVG files as
 * they were); a document's fonts have every outline already. */
static void ean_outline_make(ocop_renderer *r, ocop_ean_font *f, unsigned char ch)
{
	PangoLayout *l = ean_char_layout(r, f, ch);
	/* the outline from the baseline, as in a font: PDF viewers clip Type 3
	 * glyphs that hang below their origin */
	cairo_t *cr = ocop_path_begin(0, 0);
	cairo_move_to(cr, 0, -f->baseline);
	pango_cairo_layout_path(cr, l);
	f->pf->path[ch][0] = ocop_path_take(cr);
	cairo_destroy(cr);
	g_object_unref(l);
	f->pf->have[ch] = true;
}

const cairo_path_t *ocop_ean_outline(ocop_renderer *r, const ocop_ean_font *f, unsigned char ch)
{
	if (ch >= OCOP_PATH_GLYPHS)
		return NULL;
	if (!f->pf->have[ch])
		ean_outline_make(r, (ocop_ean_font *)f, ch); /* (only r's own fonts lack outlines) */
	return f->pf->path[ch][0];
}

/* The digits for module size X: OCR-B, about 8.3 modules high (2.75 mm at
 * X = 0.33 mm), each group of six no wider than its 42 modules. The advance
 * of every character they can show is known from the start; with outlines,
 * every outline is made too, and the font never changes after. */
static ocop_ean_font *ean_font_new(ocop_renderer *r, double X, bool outlines)
{
	ocop_ean_font *g = g_new0(ocop_ean_font, 1);
	g->X = X;
	double em = 11.5 * X; /* font size in mm; OCR-B digits are ~0.7 em high */
	PangoLayout *l = ocop_font_layout(r, r->t->mono_font, false, em * 72 / 25.4);
	pango_layout_set_text(l, "000000", -1);
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	double gw = (double)log.width / PANGO_SCALE;
	if (gw > 40 * X) {
		em *= 40 * X / gw;
		ocop_font_set_size(l, em * 72 / 25.4);
		pango_layout_get_extents(l, &ink, &log);
	}
	g->baseline = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	g_object_unref(l);
	g->em = em;
	g->digit_top = (double)ink.y / PANGO_SCALE;
	g->digit_h = (double)ink.height / PANGO_SCALE;
	g->face = path_font_new(2 * em, &g->pf);
	for (const char *c = ean_chars; *c; c++) {
		unsigned char ch = (unsigned char)*c;
		PangoLayout *cl = ean_char_layout(r, g, ch);
		pango_layout_get_extents(cl, NULL, &log);
		g_object_unref(cl);
		g->pf->adv[ch] = (double)log.width / PANGO_SCALE;
		g->shows[ch] = true;
		if (outlines)
			ean_outline_make(r, g, ch);
	}
	return g;
}

static void ean_font_free(void *p)
{
	ocop_ean_font *g = p;
	if (g && g->face)
		cairo_font_face_destroy(g->face); /* (the outlines go with the face) */
	g_free(g);
}

/* ---- the store ---- */

typedef struct glyph_elem {
	GPtrArray *ean;       /* EAN: ocop_ean_font, one per module size */
	cairo_font_face_t *badge; /* MARK, STARS: glyph n = n stars */
	ocop_path_font *badge_pf;
	int badge_max;        /* glyphs 0..badge_max are made */
} glyph_elem;

struct ocop_glyphs {
	int refs;             /* atomic: a worker drops its renderer's as it ends, beside the others */
	size_t n_elems;
	glyph_elem *el;
};

static ocop_glyphs *store_new(size_t n)
{
	ocop_glyphs *g = g_new0(ocop_glyphs, 1);
	g->refs = 1;
	g->n_elems = n;
	g->el = g_new0(glyph_elem, n ? n : 1);
	return g;
}

void ocop_glyphs_free(ocop_glyphs *g)
{
	if (!g || !g_atomic_int_dec_and_test(&g->refs))
		return;
	for (size_t i = 0; i < g->n_elems; i++) {
		if (g->el[i].ean)
			g_ptr_array_free(g->el[i].ean, TRUE);
		if (g->el[i].badge)
			cairo_font_face_destroy(g->el[i].badge);
	}
	g_free(g->el);
	g_free(g);
}

static const ocop_ean_font *store_ean(const ocop_glyphs *g, size_t elem, double X)
{
	GPtrArray *a = g && elem < g->n_elems ? g->el[elem].ean : NULL;
	for (guint i = 0; a && i < a->len; i++) {
		const ocop_ean_font *f = g_ptr_array_index(a, i);
		if (f->X == X)
			return f;
	}
	return NULL;
}

static const ocop_ean_font *store_add_ean(ocop_renderer *r, ocop_glyphs *g, size_t elem, double X, bool outlines)
{
	const ocop_ean_font *f = store_ean(g, elem, X);
	if (f)
		return f;
	if (!g->el[elem].ean)
		g->el[elem].ean = g_ptr_array_new_with_free_func(ean_font_free);
	ocop_ean_font *nf = ean_font_new(r, X, outlines);
	g_ptr_array_add(g->el[elem].ean, nf);
	return nf;
}

/* Glyphs 0..n of element elem (drawn as one glyph by its class's outlines) made in g. */
void ocop_glyphs_make_badge(ocop_renderer *r, ocop_glyphs *g, size_t elem, int n)
{
	glyph_elem *ge = &g->el[elem];
	const ocop_elem *e = &r->t->elems[elem];
	if (!ge->badge) {
		ge->badge = path_font_new(e->w + e->h, &ge->badge_pf);
		ge->badge_max = -1;
	}
	for (int k = ge->badge_max + 1; k <= n; k++)
		ocop_element_class_of(e->kind)->outline(r, e, k, ge->badge_pf);
	ge->badge_max = MAX(ge->badge_max, n);
}

void ocop_glyphs_make_ean(ocop_renderer *r, ocop_glyphs *g, size_t elem, double X)
{
	store_add_ean(r, g, elem, X, true);
}

int ocop_glyphs_new(ocop_glyphs **out, ocop_renderer *r)
{
	const ocop_template *t = r->t;
	ocop_glyphs *g = store_new(t->n_elems);
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_element_class *c = ocop_element_class_of(t->elems[i].kind);
		if (c->glyphs)
			c->glyphs(r, g, i);
	}
	*out = g;
	return 0;
}

void ocop_renderer_use_glyphs(ocop_renderer *r, ocop_glyphs *g)
{
	if (g)
		g_atomic_int_inc(&g->refs);
	ocop_glyphs_free(r->glyphs);
	r->glyphs = g;
}

void ocop_glyphs_release_own(ocop_renderer *r)
{
	ocop_glyphs_free(r->own);
	ocop_glyphs_free(r->glyphs);
	r->own = r->glyphs = NULL;
}

const ocop_ean_font *ocop_glyphs_ean(ocop_renderer *r, size_t elem, double X)
{
	const ocop_ean_font *f = store_ean(r->glyphs, elem, X);
	if (f)
		return f;
	if (!r->own)
		r->own = store_new(r->t->n_elems);
	return store_add_ean(r, r->own, elem, X, false);
}

cairo_font_face_t *ocop_glyphs_badge(ocop_renderer *r, size_t elem, int n)
{
	if (n < 0 || n >= OCOP_PATH_GLYPHS)
		return NULL;
	const ocop_glyphs *g = r->glyphs;
	if (g && elem < g->n_elems && g->el[elem].badge && n <= g->el[elem].badge_max)
		return g->el[elem].badge;
	if (!r->own)
		r->own = store_new(r->t->n_elems);
	ocop_glyphs_make_badge(r, r->own, elem, n);
	return r->own->el[elem].badge;
}
