/* ocoplabel — glyph runs: a laid-out text as the glyphs and clusters cairo draws, kept without Pango, so that another thread can draw it. */
#include "text.h"
#include <pango/pangocairo.h>
#include <string.h>

/* What pango_cairo_show_layout() draws, taken once, in Pango units: each run's scaled font, its logical x and
 * its line's baseline, its glyphs as Pango shaped them, and its text with the clusters of the glyphs drawn, as
 * PangoCairo's renderer builds them for a surface that keeps text (PDF). Glyphs Pango leaves out (empty, or a
 * character no font has) are counted in no cluster. */
ocop_shaped *ocop_shaped_from_layout(PangoLayout *l)
{
	ocop_shaped *s = g_atomic_rc_box_new0(ocop_shaped);
	const char *text = pango_layout_get_text(l);
	s->len = (int)strlen(text);
	s->text = g_strndup(text, (gsize)s->len);
	pango_layout_get_extents(l, &s->ink, &s->log);
	s->lines = ocop_layout_lines(l, &s->n_lines);
	GArray *runs = g_array_new(FALSE, TRUE, sizeof(ocop_shaped_run));
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
		const PangoGlyphString *gs = run->glyphs;
		ocop_shaped_run g = { .x = logical.x, .baseline = pango_layout_iter_get_baseline(it), .n_glyphs = gs->num_glyphs,
		                      .offset = run->item->offset, .length = run->item->length };
		g.glyphs = g_memdup2(gs->glyphs, sizeof *gs->glyphs * (gsize)(gs->num_glyphs ? gs->num_glyphs : 1));
		g.flags = run->item->analysis.level % 2 ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0;
		/* clusters, in the run's visual order like its glyphs, counting the glyphs drawn */
		GArray *cl = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
		PangoGlyphItemIter ci;
		for (gboolean more = pango_glyph_item_iter_init_start(&ci, (PangoGlyphItem *)run, text); more;
		     more = pango_glyph_item_iter_next_cluster(&ci)) {
			int lo = MIN(ci.start_glyph, ci.end_glyph), hi = MAX(ci.start_glyph, ci.end_glyph);
			if (ci.start_glyph > ci.end_glyph) /* backward: start_glyph is the last glyph + 1 from the end */
				lo = ci.end_glyph + 1, hi = ci.start_glyph + 1;
			int n = 0;
			for (int k = lo; k < hi && k < gs->num_glyphs; k++)
				n += gs->glyphs[k].glyph != PANGO_GLYPH_EMPTY && !(gs->glyphs[k].glyph & PANGO_GLYPH_UNKNOWN_FLAG);
			cairo_text_cluster_t c = { ci.end_index - ci.start_index, n };
			g_array_append_val(cl, c);
		}
		g.n_clusters = (int)cl->len;
		g.clusters = (cairo_text_cluster_t *)g_array_free(cl, FALSE);
		g.font = cairo_scaled_font_reference(sf);
		g_array_append_val(runs, g);
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	s->n_runs = (int)runs->len;
	s->runs = (ocop_shaped_run *)g_array_free(runs, FALSE);
	return s;
}

ocop_shaped_line *ocop_layout_lines(PangoLayout *l, int *n)
{
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(ocop_shaped_line));
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		ocop_shaped_line sl = { line->start_index, line->length, log.x, pango_layout_iter_get_baseline(it) };
		g_array_append_val(lines, sl);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*n = (int)lines->len;
	return (ocop_shaped_line *)g_array_free(lines, FALSE);
}

ocop_shaped *ocop_shaped_ref(ocop_shaped *s)
{
	return g_atomic_rc_box_acquire(s);
}

static void shaped_clear(gpointer p)
{
	ocop_shaped *s = p;
	for (int i = 0; i < s->n_runs; i++) {
		cairo_scaled_font_destroy(s->runs[i].font);
		g_free(s->runs[i].glyphs);
		g_free(s->runs[i].clusters);
	}
	g_free(s->runs);
	g_free(s->lines);
	g_free(s->text);
}

void ocop_shaped_unref(ocop_shaped *s)
{
	if (s)
		g_atomic_rc_box_release_full(s, shaped_clear);
}

/* Each run at its logical x on its baseline, each glyph at its advance plus its offsets (label mm), as
 * PangoCairo places them. */
void ocop_shaped_place(ocop_glyph_runs *out, const ocop_shaped *s, double x0, double y0)
{
	out->n = s->n_runs;
	out->v = g_new0(ocop_glyph_run, s->n_runs ? s->n_runs : 1);
	for (int r = 0; r < s->n_runs; r++) {
		const ocop_shaped_run *sr = &s->runs[r];
		ocop_glyph_run *g = &out->v[r];
		double bx = x0 + (double)sr->x / PANGO_SCALE, by = y0 + (double)sr->baseline / PANGO_SCALE;
		g->glyphs = g_new(cairo_glyph_t, sr->n_glyphs ? sr->n_glyphs : 1);
		int xpos = 0;
		for (int i = 0; i < sr->n_glyphs; i++) {
			const PangoGlyphInfo *gi = &sr->glyphs[i];
			if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
				g->glyphs[g->n_glyphs++] = (cairo_glyph_t){ gi->glyph, bx + (double)(xpos + gi->geometry.x_offset) / PANGO_SCALE,
				                                            by + (double)gi->geometry.y_offset / PANGO_SCALE };
			xpos += gi->geometry.width;
		}
		g->utf8 = g_strndup(s->text + sr->offset, (gsize)sr->length);
		g->n_bytes = sr->length;
		g->flags = sr->flags;
		g->n_clusters = sr->n_clusters;
		g->clusters = g_memdup2(sr->clusters, sizeof *sr->clusters * (gsize)(sr->n_clusters ? sr->n_clusters : 1));
		g->font = cairo_scaled_font_reference(sr->font);
	}
}

void ocop_runs_take(ocop_glyph_runs *out, PangoLayout *l, double x0, double y0)
{
	ocop_shaped *s = ocop_shaped_from_layout(l);
	ocop_shaped_place(out, s, x0, y0);
	ocop_shaped_unref(s);
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
