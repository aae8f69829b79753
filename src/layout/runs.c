/* ocoplabel — glyph runs: a laid-out text as the glyphs and clusters cairo draws, kept without Pango, so that another thread can draw it. */
#include "text.h"
#include <pango/pangocairo.h>
#include <string.h>

/* What pango_cairo_show_layout() draws, taken once: each run's scaled font, its glyphs at label mm (the run
 * at its logical x, on its line's baseline; each glyph at its advance plus its offsets) and the run's text
 * with its clusters, as PangoCairo's renderer builds them for a surface that keeps text (PDF). Glyphs
 * Pango leaves out (empty, or a character no font has) are left out here too. */
void ocop_runs_take(ocop_glyph_runs *out, PangoLayout *l, double x0, double y0)
{
	memset(out, 0, sizeof *out);
	GArray *runs = g_array_new(FALSE, TRUE, sizeof(ocop_glyph_run));
	const char *text = pango_layout_get_text(l);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
		if (!sf)
			continue;
		PangoRectangle logical;
		pango_layout_iter_get_run_extents(it, NULL, &logical);
		double bx = x0 + (double)logical.x / PANGO_SCALE, by = y0 + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		const PangoGlyphString *gs = run->glyphs;
		ocop_glyph_run g = { 0 };
		g.glyphs = g_new(cairo_glyph_t, gs->num_glyphs ? gs->num_glyphs : 1);
		/* the glyph each glyph of the run became (-1: left out) */
		int *kept = g_new(int, gs->num_glyphs ? gs->num_glyphs : 1);
		int xpos = 0;
		for (int i = 0; i < gs->num_glyphs; i++) {
			const PangoGlyphInfo *gi = &gs->glyphs[i];
			kept[i] = -1;
			if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
				kept[i] = g.n_glyphs;
				g.glyphs[g.n_glyphs++] = (cairo_glyph_t){ gi->glyph, bx + (double)(xpos + gi->geometry.x_offset) / PANGO_SCALE,
				                                          by + (double)gi->geometry.y_offset / PANGO_SCALE };
			}
			xpos += gi->geometry.width;
		}
		g.utf8 = g_strndup(text + run->item->offset, (gsize)run->item->length);
		g.n_bytes = run->item->length;
		g.flags = run->item->analysis.level % 2 ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0;
		/* clusters, in the run's visual order like its glyphs */
		GArray *cl = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
		PangoGlyphItemIter ci;
		for (gboolean more = pango_glyph_item_iter_init_start(&ci, (PangoGlyphItem *)run, text); more;
		     more = pango_glyph_item_iter_next_cluster(&ci)) {
			int lo = MIN(ci.start_glyph, ci.end_glyph), hi = MAX(ci.start_glyph, ci.end_glyph);
			if (ci.start_glyph > ci.end_glyph) /* backward: start_glyph is the last glyph + 1 from the end */
				lo = ci.end_glyph + 1, hi = ci.start_glyph + 1;
			int n = 0;
			for (int k = lo; k < hi && k < gs->num_glyphs; k++)
				n += kept[k] >= 0;
			cairo_text_cluster_t c = { ci.end_index - ci.start_index, n };
			g_array_append_val(cl, c);
		}
		g_free(kept);
		g.n_clusters = (int)cl->len;
		g.clusters = (cairo_text_cluster_t *)g_array_free(cl, FALSE);
		g.font = cairo_scaled_font_reference(sf);
		g_array_append_val(runs, g);
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	out->n = (int)runs->len;
	out->v = (ocop_glyph_run *)g_array_free(runs, FALSE);
}

void ocop_runs_detach(PangoLayout **l, ocop_glyph_runs *out, double x0, double y0)
{
	if (!*l)
		return;
	ocop_runs_take(out, *l, x0, y0);
	g_object_unref(*l);
	*l = NULL;
}

void ocop_runs_show(cairo_t *cr, const ocop_glyph_runs *rs)
{
	for (int i = 0; i < rs->n; i++) {
		const ocop_glyph_run *g = &rs->v[i];
		if (!g->n_glyphs)
			continue;
		cairo_set_scaled_font(cr, g->font);
		if (g->n_clusters)
			cairo_show_text_glyphs(cr, g->utf8, g->n_bytes, g->glyphs, g->n_glyphs, g->clusters, g->n_clusters, g->flags);
		else
			cairo_show_glyphs(cr, g->glyphs, g->n_glyphs);
	}
}

void ocop_runs_clear(ocop_glyph_runs *rs)
{
	for (int i = 0; i < rs->n; i++) {
		ocop_glyph_run *g = &rs->v[i];
		cairo_scaled_font_destroy(g->font);
		g_free(g->glyphs);
		g_free(g->utf8);
		g_free(g->clusters);
	}
	g_free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}
