/* ocoplabel tests — unwrapped texts laid out one line at a time (src/layout/lines.c) against one Pango layout of the whole text: the same size, place, extents, lines and glyphs, for every alignment. */
#include "render.h" /* ocop_renderer_prepare */
#include "text.h"   /* ocop_render_layout, ocop_shaped */
#include "testutil.h"
#include <stdlib.h>

/* Texts as a template writes them (\n: a paragraph end) in a box w x h mm at size..min_size pt; lines: whether
 * it is laid out one line at a time, its lines kept (otherwise whole, by Pango, in both plans). */
static const struct {
	const char *text;
	double w, h, size, min_size;
	bool bold, lines;
} rows[] = {
	/* 0 */ { "Số lô: L00000\\nNSX: 01/01/2026\\nHSD: 01/01/2028\\nKL tịnh: 50 g\\nXuất xứ: Quảng Ninh", 25, 13.4, 5.5, 4.8, false, true },
	/* 1: shrunk to fit the width */ { "Mã số vùng trồng: VN-QNOR-0012\\nMã số CSĐG: VN-QNPH-003", 30, 6, 9, 3, false, true },
	/* 2: shrunk to fit the height */ { "A\\nB\\nC\\nD\\nE\\nF", 40, 8, 12, 2, true, true },
	/* 3: empty lines */ { "Trà hoa vàng\\n\\nBa Chẽ\\n", 40, 20, 8, 4.8, false, true },
	/* 4: fonts of fallback */ { "Giá: 50.000 ₫ — 5 ℃\\n№ 12 • “ngon”", 40, 10, 7, 4.8, false, true },
	/* 5: bold, one line */ { "(21) 1234567890", 18.5, 2.7, 5.5, 4.8, true, true },
	/* 6: decomposed marks (NFD) */ { "Tra\xcc\x80 hoa va\xcc\x80ng\\nBa Che\xcc\x83", 40, 10, 8, 4.8, false, true },
	/* 7: a mark opens a line: whole */ { "a\\n\xcc\x81" "b", 40, 10, 8, 4.8, false, false },
	/* 8: right to left: whole */ { "שלום עולם\\n2026", 40, 10, 8, 4.8, false, false },
	/* 9: a tab: whole */ { "a\\tb\\nc", 40, 10, 8, 4.8, false, false },
	/* 10: another script: whole */ { "茶 trà\\nABC", 40, 10, 8, 4.8, false, false },
	/* 11: fits at no size: its lines tried, then shortened whole */
	{ "Một dòng rất dài không thể nào vừa được hộp nhỏ này", 10, 3, 8, 6, false, true },
	/* 12: spaces around */ { "\\s\\sa\\s\\n\\s", 10, 5, 8, 4.8, false, true },
	/* 13: widths of whole pixels (a hyphen is 1024 units at 8.8 pt): Pango rounds a centred line's offset */
	{ "--\\n-", 40, 10, 8.8, 4.8, false, true },
};

static const char *const aligns[] = { "left", "center", "right" };
static const char *const valigns[] = { "top", "middle", "bottom" };

static const ocop_plan_text *text_of(const ocop_plan *p)
{
	for (size_t i = 0; p && i < p->n_items; i++)
		if (p->items[i].kind == OCOP_ELEM_TEXT && p->items[i].present)
			return &p->items[i].u.text;
	return NULL;
}

static bool same_rect(const PangoRectangle *a, const PangoRectangle *b)
{
	return a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height;
}

/* The glyphs of two shaped texts, run by run; "" when they are the same, else what differs */
static const char *differ(const ocop_shaped *a, const ocop_shaped *b)
{
	if (strcmp(a->text, b->text) != 0)
		return "text";
	if (!same_rect(&a->ink, &b->ink))
		return "ink extents";
	if (!same_rect(&a->log, &b->log))
		return "logical extents";
	if (a->n_lines != b->n_lines)
		return "line count";
	for (int i = 0; i < a->n_lines; i++)
		if (memcmp(&a->lines[i], &b->lines[i], sizeof a->lines[i]) != 0)
			return "a line";
	if (a->n_runs != b->n_runs)
		return "run count";
	for (int i = 0; i < a->n_runs; i++) {
		const ocop_shaped_run *x = &a->runs[i], *y = &b->runs[i];
		if (cairo_scaled_font_get_font_face(x->font) != cairo_scaled_font_get_font_face(y->font))
			return "a run's font";
		if (x->x != y->x || x->baseline != y->baseline)
			return "a run's place";
		if (x->offset != y->offset || x->length != y->length || x->flags != y->flags)
			return "a run's text";
		if (x->n_glyphs != y->n_glyphs)
			return "a run's glyph count";
		for (int g = 0; g < x->n_glyphs; g++)
			if (x->glyphs[g].glyph != y->glyphs[g].glyph ||
			    memcmp(&x->glyphs[g].geometry, &y->glyphs[g].geometry, sizeof x->glyphs[g].geometry) != 0)
				return "a glyph";
		if (x->n_clusters != y->n_clusters || memcmp(x->clusters, y->clusters, sizeof *x->clusters * (size_t)x->n_clusters) != 0)
			return "a run's clusters";
	}
	return "";
}

static void test_row(size_t i, int align, int valign)
{
	char *ini = g_strdup_printf("[label]\nwidth=60\nheight=40\nfont=Noto Sans\n\n[element t]\ntype=text\nwrap=false\n"
	                            "text=%s\nx=2\ny=3\nwidth=%g\nheight=%g\nsize=%g\nmin_size=%g\nbold=%s\nalign=%s\nvalign=%s\n",
	                            rows[i].text, rows[i].w, rows[i].h, rows[i].size, rows[i].min_size,
	                            rows[i].bold ? "true" : "false", aligns[align], valigns[valign]);
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_record *rec = NULL;
	char *url = NULL;
	ocop_plan *whole = NULL, *lines = NULL;
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = OCOP_FORMAT_PDF;
	o.today = "2026-11-29";
	CHECK(ocop_template_load_data(&t, ini, strlen(ini), "t.ini") == 0, "row %zu: template: %s", i, ocop_error_last());
	CHECK(t && ocop_renderer_new(&r, t, &o) == 0, "row %zu: renderer: %s", i, ocop_error_last());
	ocop_record_new(&rec);
	const char *const kv[] = { T_VALID_FIELDS_KV };
	for (size_t k = 0; k + 1 < G_N_ELEMENTS(kv); k += 2)
		ocop_record_set(rec, kv[k], kv[k + 1], -1);
	if (r && ocop_renderer_prepare(r, rec, 0, &url, NULL) == 0) {
		CHECK(ocop_render_layout(&whole, r, rec, url, 0, 0) == 0, "row %zu: whole: %s", i, ocop_error_last());
		/* twice: laid out, then from the lines kept (the second time a line comes back it is kept) */
		for (int pass = 0; pass < 3; pass++) {
			ocop_plan_free(lines);
			lines = NULL;
			CHECK(ocop_render_layout(&lines, r, rec, url, 0, OCOP_PLAN_RUNS) == 0, "row %zu: lines: %s", i, ocop_error_last());
		}
	}
	const ocop_plan_text *a = text_of(whole), *b = text_of(lines);
	CHECK(a && a->layout && b && b->shaped && !b->layout, "row %zu %s %s: a layout and a shaped text", i, aligns[align], valigns[valign]);
	if (a && a->layout && b && b->shaped) {
		ocop_shaped *s = ocop_shaped_from_layout(a->layout);
		const char *d = differ(s, b->shaped);
		CHECK(*d == 0, "row %zu %s %s: %s differs", i, aligns[align], valigns[valign], d);
		CHECK(a->x == b->x && a->y == b->y && a->size_pt == b->size_pt && a->shortened == b->shortened &&
		      a->ink_inside == b->ink_inside && a->n_lines == b->n_lines,
		      "row %zu %s %s: place %g,%g size %g vs %g,%g size %g", i, aligns[align], valigns[valign], a->x, a->y,
		      a->size_pt, b->x, b->y, b->size_pt);
		for (int k = 0; k < a->n_lines && a->n_lines == b->n_lines; k++)
			CHECK(memcmp(&a->lines[k], &b->lines[k], sizeof a->lines[k]) == 0, "row %zu: line %d", i, k);
		ocop_shaped_unref(s);
	}
	/* laid out one line at a time when it can be: its lines are kept by the renderer */
	CHECK((r && r->ec[0].lines.now != NULL) == rows[i].lines, "row %zu: laid out %s", i, rows[i].lines ? "by lines" : "whole");
	ocop_plan_free(whole);
	ocop_plan_free(lines);
	free(url);
	ocop_record_free(rec);
	ocop_renderer_free(r);
	ocop_template_free(t);
	g_free(ini);
}

int main(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
		for (int a = 0; a < 3; a++)
			for (int v = 0; v < 3; v++)
				test_row(i, a, v);
	return t_done("test_lines");
}
