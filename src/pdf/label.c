/* ocoplabel — a label's plan as PDF operators: texts as glyphs of embedded fonts, codes as 1-bit image masks and rectangles, marks as Type 3 glyphs. */
#include "pdf.h"
#include <string.h>

static void rect(GString *o, double x, double y, double w, double h)
{
	ocop_pdf_num(o, x), ocop_pdf_num(o, y), ocop_pdf_num(o, w), ocop_pdf_num(o, h);
	g_string_append(o, "re ");
}

static int glyph_runs(ocop_pdf *pdf, ocop_pdf_content *c, const ocop_glyph_runs *rs)
{
	for (int i = 0; i < rs->n; i++) {
		const ocop_glyph_run *g = &rs->v[i];
		if (!g->n_glyphs)
			continue;
		ocop_pdf_font *f = ocop_pdf_font_of(pdf, g->font, NULL);
		if (!f)
			return OCOP_ERENDER;
		cairo_matrix_t size;
		cairo_scaled_font_get_font_matrix(g->font, &size);
		ocop_pdf_show(c, f, &size, g->glyphs, g->n_glyphs, g->utf8, g->n_bytes, g->clusters, g->n_clusters, g->flags);
	}
	return 0;
}

/* glyphs of a path font (size 1: font units are mm), with the text they stand for (one byte a glyph, or one
 * text for one glyph) */
static int path_glyphs(ocop_pdf *pdf, ocop_pdf_content *c, cairo_font_face_t *face, const cairo_glyph_t *g, int n, const char *utf8)
{
	ocop_pdf_font *f = ocop_pdf_font_of(pdf, NULL, face);
	if (!f)
		return OCOP_ERENDER;
	cairo_matrix_t unit;
	cairo_matrix_init_identity(&unit);
	cairo_text_cluster_t cl[64];
	int nc = ocop_path_clusters(utf8, n, cl, (int)G_N_ELEMENTS(cl));
	ocop_pdf_show(c, f, &unit, g, n, nc ? utf8 : NULL, nc ? (int)strlen(utf8) : 0, cl, nc, 0);
	return 0;
}

/* one operation per element kind, all with this signature (the table below) */
#define ELEM_OPS(name) \
	static int name(ocop_pdf *pdf, ocop_pdf_content *c, ocop_renderer *r, const ocop_plan *p, const ocop_plan_item *it)

ELEM_OPS(text_ops)
{
	GString *o = c->ops;
	(void)r, (void)p;
	const ocop_plan_text *pt = &it->u.text;
	if (pt->layout)
		return ocop_set_error(OCOP_ERENDER, "a text of the label was not detached for the PDF");
	if (!pt->ink_inside) { /* ink beyond the box: cut at its edges, as in every other output */
		g_string_append(o, "q ");
		rect(o, it->x, it->y, it->w, it->h);
		g_string_append(o, "W n\n");
	}
	int err = glyph_runs(pdf, c, &pt->runs);
	if (!pt->ink_inside)
		g_string_append(o, "Q\n");
	return err;
}

/* a matrix code's modules: one 1-bit image mask (dark = 1 paints) scaled without interpolation, in hex */
static void modules(GString *o, const unsigned char *dark, int cols, int rows, double x, double y, double m)
{
	g_string_append(o, "q ");
	ocop_pdf_num(o, cols * m), g_string_append(o, "0 0 "), ocop_pdf_num(o, -rows * m);
	ocop_pdf_num(o, x), ocop_pdf_num(o, y + rows * m);
	/* NOTR: PDF syntax (an inline image) */
	g_string_append_printf(o, "cm\nBI /W %d /H %d /IM true /D [1 0] /F /AHx ID\n", cols, rows);
	static const char hex[] = "0123456789ABCDEF";
	for (int r = 0; r < rows; r++) {
		const unsigned char *row = dark + (size_t)r * (size_t)cols;
		for (int c = 0; c < cols; c += 8) {
			unsigned byte = 0;
			for (int k = 0; k < 8; k++)
				byte = byte << 1 | (c + k < cols && row[c + k]);
			g_string_append_c(o, hex[byte >> 4]);
			g_string_append_c(o, hex[byte & 15]);
		}
		g_string_append_c(o, '\n');
	}
	g_string_append(o, ">\nEI Q\n");
}

ELEM_OPS(qr_ops)
{
	GString *o = c->ops;
	(void)pdf, (void)r;
	if (!p->native_codes) /* (native: the printer draws it) */
		modules(o, it->u.qr.dark, it->u.qr.width, it->u.qr.width, it->u.qr.x, it->u.qr.y, it->u.qr.module);
	return 0;
}

ELEM_OPS(dm_ops)
{
	GString *o = c->ops;
	(void)pdf, (void)r, (void)p;
	modules(o, it->u.dm.dark, it->u.dm.cols, it->u.dm.rows, it->u.dm.x, it->u.dm.y, it->u.dm.module);
	return 0;
}

ELEM_OPS(ean_ops)
{
	GString *o = c->ops;
	const ocop_plan_ean *pe = &it->u.ean;
	/* one rectangle per fill, as the cairo painter (elem_ean.c says why) */
	for (int i = 0; i < (p->native_codes ? 0 : pe->n_bars); i++) {
		double left, right;
		ocop_ean_bar_edges(p, pe, i, &left, &right);
		rect(o, left, pe->y, right - left, pe->bars[i].guard ? pe->guard_h : pe->bar_h);
		g_string_append(o, "f\n");
	}
	cairo_glyph_t glyphs[64];
	char utf8[65];
	int n = ocop_ean_glyphs(r, pe, glyphs, utf8);
	return n ? path_glyphs(pdf, c, pe->font->face, glyphs, n, utf8) : 0;
}

/* the mark or a star row: glyph n of the element's Type 3 font (the rating's drawing) */
static int badge_ops(ocop_pdf *pdf, ocop_pdf_content *c, ocop_renderer *r, const ocop_plan_item *it, int n)
{
	cairo_font_face_t *face = ocop_glyphs_badge(r, it->index, n);
	if (!face)
		return ocop_set_error(OCOP_ENOMEM, "out of memory for the OCOP mark's glyphs");
	cairo_glyph_t g = { (unsigned long)n, it->x, it->y };
	char text[OCOP_BADGE_TEXT];
	return path_glyphs(pdf, c, face, &g, 1, ocop_badge_text(it, n, text));
}

ELEM_OPS(mark_ops)
{
	(void)p;
	if (it->u.badge.logo)
		return ocop_set_error(OCOP_ERENDER, "a logo image is drawn by cairo, not the PDF writer");
	return badge_ops(pdf, c, r, it, it->u.badge.n_stars);
}

ELEM_OPS(stars_ops)
{
	(void)p;
	return it->u.stars.n > 0 ? badge_ops(pdf, c, r, it, it->u.stars.n) : 0;
}

ELEM_OPS(rule_ops)
{
	GString *o = c->ops;
	(void)pdf, (void)r, (void)p;
	const ocop_plan_rule *ru = &it->u.rule;
	g_string_append(o, "q ");
	ocop_pdf_num(o, ru->stroke);
	g_string_append(o, "w ");
	if (ru->box) {
		rect(o, it->x + ru->stroke / 2, it->y + ru->stroke / 2, it->w - ru->stroke, it->h - ru->stroke);
	} else {
		ocop_pdf_num(o, it->x), ocop_pdf_num(o, it->y), g_string_append(o, "m ");
		ocop_pdf_num(o, it->x + it->w), ocop_pdf_num(o, it->y + it->h), g_string_append(o, "l ");
	}
	g_string_append(o, "S Q\n");
	return 0;
}

/* the kinds' operations, by kind (layout/elements.c has their other stages) */
typedef int (*elem_ops_fn)(ocop_pdf *pdf, ocop_pdf_content *c, ocop_renderer *r, const ocop_plan *p, const ocop_plan_item *it);
static const elem_ops_fn ops_of[OCOP_ELEM_KINDS] = {
	[OCOP_ELEM_TEXT] = text_ops, [OCOP_ELEM_MARK] = mark_ops, [OCOP_ELEM_STARS] = stars_ops,
	[OCOP_ELEM_QR] = qr_ops, [OCOP_ELEM_EAN] = ean_ops, [OCOP_ELEM_DATAMATRIX] = dm_ops,
	[OCOP_ELEM_LINE] = rule_ops, [OCOP_ELEM_BOX] = rule_ops,
};

bool ocop_pdf_can_draw(const ocop_renderer *r)
{
	if (r->logo_png || r->logo_svg) /* a logo image: cairo draws it (PNG, or SVG through librsvg) */
		return false;
	for (size_t i = 0; i < r->t->n_elems; i++)
		if (r->t->elems[i].kind >= OCOP_ELEM_KINDS || !ops_of[r->t->elems[i].kind])
			return false;
	return true;
}

int ocop_pdf_label(ocop_pdf *pdf, ocop_pdf_content *c, ocop_renderer *r, const ocop_plan *p)
{
	GString *o = c->ops;
	size_t start = o->len;
	guint sites = c->sites->len;
	/* nothing outside the label's rectangle, on white */
	rect(o, 0, 0, p->width, p->height);
	g_string_append(o, "W n 1 g ");
	rect(o, 0, 0, p->width, p->height);
	g_string_append(o, "f 0 g\n");
	int err = 0;
	for (size_t i = 0; i < p->n_items && err == 0; i++) {
		const ocop_plan_item *it = &p->items[i];
		if (!it->present)
			continue;
		if (it->kind >= OCOP_ELEM_KINDS || !ops_of[it->kind])
			err = ocop_set_error(OCOP_ERENDER, "element kind %d has no PDF operators", (int)it->kind);
		else
			err = ops_of[it->kind](pdf, c, r, p, it);
	}
	if (err < 0) { /* nothing of a label that failed */
		g_string_truncate(o, start);
		g_array_set_size(c->sites, sites);
	}
	return err;
}
