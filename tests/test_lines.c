/* ocoplabel tests — unwrapped texts laid out one line at a time (src/layout/lines.c) against one Pango layout of the whole text: the same size, place, extents, lines and glyphs, for every alignment; texts kept for a document's threads (kept.c). */
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

/* The shared kept set: two renderers of one document, each on its own thread */
typedef struct lay_out {
	ocop_renderer *r;
	const ocop_record *rec;
	const char *url;
	double px_per_mm;
	unsigned flags;
	ocop_plan *plan;
	int err;
} lay_out;

static gpointer lay_out_main(gpointer data)
{
	lay_out *lo = data;
	lo->err = ocop_render_layout(&lo->plan, lo->r, lo->rec, lo->url, lo->px_per_mm, lo->flags);
	return NULL;
}

static ocop_plan *lay_out_on_thread(ocop_renderer *r, const ocop_record *rec, const char *url, double px_per_mm,
                                    unsigned flags)
{
	lay_out lo = { r, rec, url, px_per_mm, flags, NULL, 0 };
	g_thread_join(g_thread_new("test", lay_out_main, &lo));
	CHECK(lo.err == 0, "laid out: %s", ocop_error_last());
	return lo.plan;
}

static const ocop_plan_text *item_text(const ocop_plan *p, size_t i)
{
	return p && i < p->n_items && p->items[i].present ? &p->items[i].u.text : NULL;
}

/* What one renderer fitted, the other takes from the set (the same glyphs, not fitted again), and the lines
 * of an unwrapped text too; a Pango layout (a gray raster's plan) stays with the thread that made it. */
static void test_shared(void)
{
	static const char ini[] = "[label]\nwidth=60\nheight=40\nfont=Noto Sans\n\n"
	                          "[element name]\ntype=text\ntext={name} — {producer}\nx=2\ny=2\nwidth=30\nheight=8\nsize=9\n"
	                          "min_size=4.8\nwrap=true\n\n"
	                          "[element lot]\ntype=text\nwrap=false\ntext=Số lô: {lot}\\nKL tịnh: {net_quantity}\n"
	                          "x=2\ny=12\nwidth=30\nheight=8\nsize=6\nmin_size=4.8\n";
	ocop_template *t = NULL;
	ocop_renderer *a = NULL, *b = NULL;
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = OCOP_FORMAT_PDF;
	o.today = "2026-11-29";
	CHECK(ocop_template_load_data(&t, ini, strlen(ini), "t.ini") == 0, "template: %s", ocop_error_last());
	if (!t)
		return;
	CHECK(ocop_renderer_new(&a, t, &o) == 0 && ocop_renderer_clone(&b, a) == 0, "renderers: %s", ocop_error_last());
	CHECK(a && b && b->fc == a->fc && b->fontmap != a->fontmap, "b shares a's fontconfig set-up, not its font map");
	ocop_kept_set *set = ocop_kept_set_new(a);
	ocop_renderer_share_kept(a, set);
	ocop_renderer_share_kept(b, set);
	ocop_kept_set_free(set); /* (the renderers hold it) */
	ocop_record *rec[2];
	char *url[2] = { NULL, NULL };
	const char *const kv[] = { T_VALID_FIELDS_KV };
	for (int k = 0; k < 2; k++) {
		ocop_record_new(&rec[k]);
		for (size_t i = 0; i + 1 < G_N_ELEMENTS(kv); i += 2)
			ocop_record_set(rec[k], kv[i], kv[i + 1], -1);
		ocop_record_set(rec[k], "lot", k ? "L00002" : "L00001", -1);
		ocop_record_set(rec[k], "net_quantity", "50 g", -1);
		CHECK(ocop_renderer_prepare(a, rec[k], 0, &url[k], NULL) == 0, "record %d: %s", k, ocop_error_last());
	}
	/* a fits both texts twice on its thread (the second time, they come back: kept, and copied to the set) */
	ocop_plan *pa = NULL, *pb, *ga = NULL, *gb;
	for (int pass = 0; pass < 2; pass++) {
		ocop_plan_free(pa);
		ocop_plan_free(ga);
		pa = lay_out_on_thread(a, rec[0], url[0], 0, OCOP_PLAN_RUNS);
		ga = lay_out_on_thread(a, rec[0], url[0], 8, 0);
	}
	/* b, on another thread, first a lot it has not seen: that line is laid out, the quantity's is taken from a */
	pb = lay_out_on_thread(b, rec[1], url[1], 0, OCOP_PLAN_RUNS);
	const ocop_plan_text *lot = item_text(pb, 1);
	CHECK(lot && lot->shaped && strstr(lot->shaped->text, "L00002"), "b lays out the new lot");
	CHECK(b->ec[1].lines.now && g_hash_table_size(b->ec[1].lines.now) == 1, "b keeps the line it took from a");
	/* then a's record: it takes both texts, the very glyphs a fitted */
	ocop_plan_free(pb);
	pb = lay_out_on_thread(b, rec[0], url[0], 0, OCOP_PLAN_RUNS);
	for (size_t i = 0; i < 2; i++) {
		const ocop_plan_text *x = item_text(pa, i), *y = item_text(pb, i);
		CHECK(x && y && x->shaped && x->shaped == y->shaped, "element %zu: b takes the glyphs a fitted", i);
		CHECK(x && y && x->x == y->x && x->y == y->y && x->size_pt == y->size_pt && x->n_lines == y->n_lines,
		      "element %zu: the same place and size", i);
	}
	CHECK(b->ec[0].texts.now && g_hash_table_size(b->ec[0].texts.now) == 1, "b keeps what it took");
	/* a layout is not shared: b's gray plan has its own, in b's context */
	gb = lay_out_on_thread(b, rec[0], url[0], 8, 0);
	const ocop_plan_text *gx = item_text(ga, 0), *gy = item_text(gb, 0);
	CHECK(gx && gy && gx->layout && gy->layout && gx->layout != gy->layout &&
	      pango_layout_get_context(gy->layout) == b->pctx, "b lays out its own Pango layout");
	ocop_plan_free(pa);
	ocop_plan_free(pb);
	ocop_plan_free(ga);
	ocop_plan_free(gb);
	ocop_renderer_free(a); /* (the glyphs b holds outlive a) */
	for (int k = 0; k < 2; k++) {
		free(url[k]);
		ocop_record_free(rec[k]);
	}
	ocop_renderer_free(b);
	ocop_template_free(t);
}

/* A table keeps a value once its key comes back, a key added once never; keys that come back within
 * seen_max others are found as the table's sets allow (kept.c): the key kinds a file has, table-driven. */
static void test_kept(void)
{
	static const struct {
		const char *what;
		int recurring, unique; /* keys added per round: a cycle of recurring ones, each before a new one */
		int rounds, kept_after_2; /* kept after the second round, at least */
		bool lots_again;          /* the new ones come again in the next round (a file repeated) */
	} cases[] = {
		{ "lots, new on every row", 0, 10000, 1, 0, false },
		{ "300 producers in a cycle", 300, 0, 3, 300, false },
		{ "300 producers, each with a new lot", 300, 300, 3, 299, false },
		{ "512 producers, each with a new lot", 512, 512, 3, 490, false },
		{ "2,000 lots, again after 1,999 others: never kept", 0, 2000, 3, 0, true },
		{ "1,000 producers in a cycle, each again after 999 others", 1000, 0, 2, 950, false },
	};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		ocop_kept k;
		ocop_kept_init(&k, 512, 1024, g_free, NULL, NULL);
		int kept = 0, added_twice = 0, fresh = 0;
		char key[64];
		for (int round = 0; round < cases[c].rounds; round++)
			for (int i = 0; i < MAX(cases[c].recurring, cases[c].unique); i++) {
				if (i < cases[c].recurring) {
					snprintf(key, sizeof key, "Hợp tác xã %d", i);
					if (!ocop_kept_find(&k, key)) {
						char *v = g_strdup(key);
						bool now = ocop_kept_add(&k, key, v);
						if (!now)
							g_free(v);
						added_twice += round > 0 && !now;
						kept += now && round == 1;
					}
				}
				if (i < cases[c].unique) {
					snprintf(key, sizeof key, "L%d-%05d", cases[c].lots_again ? 0 : round, i);
					char *v = g_strdup(key);
					CHECK(!ocop_kept_find(&k, key), "%s: %s found before it was added", cases[c].what, key);
					if (ocop_kept_add(&k, key, v))
						fresh++;
					else
						g_free(v);
				}
			}
		CHECK(fresh == 0, "%s: %d keys kept that did not come back within 1,024 others", cases[c].what, fresh);
		CHECK(kept >= cases[c].kept_after_2, "%s: %d kept in the second round, not %d", cases[c].what, kept,
		      cases[c].kept_after_2);
		int found = 0;
		for (int i = 0; i < cases[c].recurring; i++) {
			snprintf(key, sizeof key, "Hợp tác xã %d", i);
			found += ocop_kept_find(&k, key) != NULL;
		}
		if (cases[c].recurring <= 512) /* (all of them when a generation holds them) */
			CHECK(found == cases[c].recurring, "%s: %d of %d found after round %d", cases[c].what, found,
			      cases[c].recurring, cases[c].rounds);
		if (cases[c].recurring == 0)
			CHECK(k.now == NULL, "%s: a table", cases[c].what);
		printf("# %s: %d kept in round 2, %d added again\n", cases[c].what, kept, added_twice);
		ocop_kept_clear(&k);
	}
}

int main(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
		for (int a = 0; a < 3; a++)
			for (int v = 0; v < 3; v++)
				test_row(i, a, v);
	test_shared();
	test_kept();
	return t_done("test_lines");
}
