/* ocoplabel — the OCOP mark (ring, word, stars, or a logo image) and the star row: geometry, plan, paint. */
#include "logo.h"
#include "text.h"
#include <stdlib.h>
#include <string.h>

typedef struct badge {
	double side, cx, cy, rad, ring;
	double sw, sh;        /* star row size */
} badge;

static badge badge_geometry(const ocop_elem *e)
{
	badge b;
	b.side = MIN(e->w, e->h);
	b.cx = e->x + e->w / 2;
	b.cy = e->y + e->h / 2;
	b.rad = b.side / 2;
	b.ring = MAX(b.side * 0.06, 0.2);
	b.sw = b.side * 0.62;
	b.sh = b.side * 0.17;
	return b;
}

/* A row of n stars centred in (x,y,w,h), each as large as fits with a 20 % gap. */
static void star_row(ocop_plan_stars *s, int n, double x, double y, double w, double h, int align)
{
	memset(s, 0, sizeof *s);
	n = CLAMP(n, 0, (int)G_N_ELEMENTS(s->cx));
	s->n = n;
	if (n <= 0)
		return;
	double pitch = MIN(h * 1.05, w / n);
	double radius = pitch / 2 / 1.1;
	double total = pitch * n;
	double x0 = align < 0 ? x : align > 0 ? x + w - total : x + (w - total) / 2;
	s->radius = radius;
	s->cy = y + h / 2 + radius * 0.1;
	for (int i = 0; i < n; i++)
		s->cx[i] = x0 + pitch * (i + 0.5);
}

static void star_path(cairo_t *cr, double cx, double cy, double radius)
{
	for (int i = 0; i < 10; i++) {
		double a = -G_PI / 2 + i * G_PI / 5;
		double rr = (i % 2) ? radius * 0.382 : radius;
		double x = cx + rr * cos(a), y = cy + rr * sin(a);
		if (i == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_close_path(cr);
}

static void star_row_path(cairo_t *cr, const ocop_plan_stars *s)
{
	for (int i = 0; i < s->n; i++)
		star_path(cr, s->cx[i], s->cy, s->radius);
}

/* The stars of the badge of element e. */
static void badge_stars(ocop_plan_stars *s, const ocop_elem *e, int n)
{
	badge b = badge_geometry(e);
	star_row(s, n, b.cx - b.sw / 2, b.cy + b.side * 0.08, b.sw, b.sh, 0);
}

/* The word OCOP of the badge, scaled to 66 % of the diameter, laid out once
 * per element: its layout and where its top-left goes. */
static PangoLayout *badge_word(ocop_renderer *r, size_t index, double *x, double *y)
{
	const ocop_elem *e = &r->t->elems[index];
	ocop_elem_cache *c = &r->ec[index];
	if (!c->word) {
		badge b = badge_geometry(e);
		PangoLayout *l = ocop_font_layout(r, r->t->font, true, 10);
		pango_layout_set_text(l, "OCOP", -1);
		PangoRectangle ink;
		pango_layout_get_extents(l, &ink, NULL);
		double want_w = b.side * 0.66;
		double k = want_w / ((double)ink.width / PANGO_SCALE);
		ocop_font_set_size(l, 10 * k);
		pango_layout_get_extents(l, &ink, NULL);
		double tw = (double)ink.width / PANGO_SCALE, th = (double)ink.height / PANGO_SCALE;
		double ty = b.cy - th * 0.85;
		c->word = l;
		c->word_x = b.cx - tw / 2 - (double)ink.x / PANGO_SCALE;
		c->word_y = ty - (double)ink.y / PANGO_SCALE;
	}
	*x = c->word_x;
	*y = c->word_y;
	return c->word;
}

static void badge_outline(ocop_renderer *r, const ocop_elem *e, int n, ocop_path_font *pf)
{
	/* the badge (MARK) or star row (STARS) with n stars as one glyph; origin at the element's corner */
	cairo_t *cr = ocop_path_begin(e->x, e->y);
	ocop_plan_stars s;
	int k = 0;
	if (e->kind == OCOP_ELEM_MARK) {
		badge b = badge_geometry(e);
		/* the ring as the area between two circles: a fill equal to the stroke */
		cairo_arc(cr, b.cx, b.cy, b.rad, 0, 2 * G_PI);
		cairo_new_sub_path(cr);
		cairo_arc_negative(cr, b.cx, b.cy, b.rad - b.ring, 2 * G_PI, 0);
		pf->path[n][k++] = ocop_path_take(cr);
		double wx, wy;
		PangoLayout *l = badge_word(r, (size_t)(e - r->t->elems), &wx, &wy);
		cairo_move_to(cr, wx, wy);
		pango_cairo_layout_path(cr, l);
		pf->path[n][k++] = ocop_path_take(cr);
		badge_stars(&s, e, n);
	} else {
		star_row(&s, n, e->x, e->y, e->w, e->h, e->align);
	}
	star_row_path(cr, &s);
	pf->path[n][k++] = ocop_path_take(cr);
	cairo_destroy(cr);
	pf->adv[n] = e->w;
	pf->have[n] = true;
}

static int badge_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)url;
	const ocop_elem *e = it->e;
	ocop_plan_badge *b = &it->u.badge;
	it->present = true;
	b->n_stars = ocop_record_stars(rec);
	if (r->logo_png || r->logo_svg) {
		double iw, ih;
		ocop_logo_size(r, &iw, &ih);
		double s = MIN(e->w / iw, e->h / ih);
		b->logo = true;
		b->logo_w = iw;
		b->logo_h = ih;
		b->logo_scale = s;
		b->logo_x = e->x + (e->w - iw * s) / 2;
		b->logo_y = e->y + (e->h - ih * s) / 2;
		return 0;
	}
	badge g = badge_geometry(e);
	b->cx = g.cx;
	b->cy = g.cy;
	b->rad = g.rad;
	b->ring = g.ring;
	b->side = g.side;
	b->word = g_object_ref(badge_word(r, it->index, &b->word_x, &b->word_y));
	badge_stars(&b->stars, e, b->n_stars);
	/* In 1-bit output a star under 8 dots high prints as a dot: the badge
	 * then keeps its ring and word, and the stars element shows the rating. */
	b->stars_shown = !(p->mono && p->px_per_mm > 0 && g.sh * p->px_per_mm < 8);
	return 0;
}

static void badge_release(ocop_plan_item *it)
{
	if (it->u.badge.word)
		g_object_unref(it->u.badge.word);
	ocop_runs_clear(&it->u.badge.word_runs);
}

static void badge_detach(ocop_plan_item *it)
{
	ocop_plan_badge *b = &it->u.badge;
	ocop_runs_detach(&b->word, &b->word_runs, b->word_x, b->word_y);
}

static int stars_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)r, (void)p, (void)url;
	const ocop_elem *e = it->e;
	star_row(&it->u.stars, ocop_record_stars(rec), e->x, e->y, e->w, e->h, e->align);
	it->present = true;
	return 0;
}

/* PDF: the badge or star row with n stars as one glyph of the element's glyph font;
 * false when there is none (then the outlines are filled). */
static bool show_glyph(ocop_renderer *r, cairo_t *cr, const ocop_plan_item *it, int n)
{
	cairo_font_face_t *face = ocop_glyphs_badge(r, it->index, n);
	if (!face)
		return false;
	cairo_glyph_t g = { (unsigned long)n, it->x, it->y };
	char text[OCOP_BADGE_TEXT];
	ocop_path_font_show(cr, face, &g, 1, ocop_badge_text(it, n, text));
	return true;
}

const char *ocop_badge_text(const ocop_plan_item *it, int n, char buf[OCOP_BADGE_TEXT])
{
	if (it->kind == OCOP_ELEM_MARK)
		return "OCOP";
	buf[0] = 0;
	for (int i = 0; i < n && i < OCOP_PATH_GLYPHS; i++)
		strcat(buf, "\u2605");
	return n ? buf : NULL;
}

/* The built-in badge drawn with cr's source: the ring, the word OCOP and the stars. */
static void badge_draw(cairo_t *cr, const void *data)
{
	const ocop_plan_badge *b = data;
	cairo_arc(cr, b->cx, b->cy, b->rad - b->ring / 2, 0, 2 * G_PI);
	cairo_set_line_width(cr, b->ring);
	cairo_stroke(cr);
	if (b->word) {
		cairo_move_to(cr, b->word_x, b->word_y);
		pango_cairo_show_layout(cr, b->word);
	} else {
		ocop_runs_show(cr, &b->word_runs); /* a detached plan */
	}
	if (b->stars_shown) {
		star_row_path(cr, &b->stars);
		cairo_fill(cr);
	}
}

static void stars_draw(cairo_t *cr, const void *data)
{
	star_row_path(cr, data);
	cairo_fill(cr);
}

/* draw() through a mask kept per place and rating, over the element's box and 1 mm around it (a ring's
 * stroke is centred on its edge) */
static void drawn_kept(ocop_renderer *r, cairo_t *cr, const ocop_plan_item *it, int n, ocop_draw_fn draw, const void *data)
{
	ocop_mono_show_drawn(cr, it->e, (unsigned long)n, draw, data, it->x - 1, it->y - 1, it->w + 2, it->h + 2,
	                     &r->mono_glyphs);
}

static int badge_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	const ocop_plan_badge *b = &it->u.badge;
	cairo_save(cr);
	if (b->logo) {
		ocop_logo_paint(r, cr, b->logo_x, b->logo_y, b->logo_w, b->logo_h, b->logo_scale);
		cairo_restore(cr);
		return 0;
	}
	/* The built-in badge: a ring, the word OCOP and the star count. */
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (type3 && show_glyph(r, cr, it, b->n_stars)) {
		cairo_restore(cr);
		return 0;
	}
	if (p->px_per_mm > 0) /* a raster: the same at the same place on every label of a rating (mono_cache.c) */
		drawn_kept(r, cr, it, b->n_stars, badge_draw, b);
	else
		badge_draw(cr, b);
	cairo_restore(cr);
	return 0;
}

static int stars_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	int n = it->u.stars.n;
	if (type3) {
		if (n > 0 && !show_glyph(r, cr, it, n))
			stars_draw(cr, &it->u.stars);
	} else if (p->px_per_mm > 0) {
		drawn_kept(r, cr, it, n, stars_draw, &it->u.stars);
	} else {
		stars_draw(cr, &it->u.stars);
	}
	cairo_restore(cr);
	return 0;
}

/* every rating a record may have, as glyphs of the element's font */
static void badge_glyphs(ocop_renderer *r, ocop_glyphs *g, size_t index) { ocop_glyphs_make_badge(r, g, index, 5); }

const ocop_element_class ocop_mark_class = {
	.name = "mark",
	.plan = badge_plan,
	.release = badge_release,
	.detach = badge_detach,
	.paint = badge_paint,
	.glyphs = badge_glyphs,
	.outline = badge_outline,
};

const ocop_element_class ocop_stars_class = {
	.name = "stars",
	.plan = stars_plan,
	.paint = stars_paint,
	.glyphs = badge_glyphs,
	.outline = badge_outline,
};
