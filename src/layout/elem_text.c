/* ocoplabel — text elements: placeholders expanded, fitted to the box (cached per element), placed, painted with pango. */
#include "text.h"
#include <math.h>
#include <string.h>

#define TEXT_CACHE_MAX 512 /* laid-out texts kept per element and generation (two generations) */
#define TEXT_SEEN_MAX 1024 /* texts laid out once whose return is watched for (their hashes) */

static const char *const text_keys[] = { "mandatory", NULL };

static void text_load(ocop_kf *c, const char *g, const ocop_template *t, ocop_elem *e)
{
	(void)t;
	if (!e->text || !*e->text) {
		ocop_kf_error(c, g, "text", "%s", _("missing (the text to print, with {placeholders})"));
		return;
	}
	/* mandatory content (Decree 43): a text that prints a field the table marks so, unless the template says otherwise */
	bool m = false;
	for (size_t i = 0; i < ocop_field_count() && !m; i++) {
		const ocop_field *f = ocop_field_get(i);
		char *ph = g_strdup_printf("{%s}", f->name);
		m = f->mandatory_text && strstr(e->text, ph) != NULL;
		g_free(ph);
	}
	e->mandatory = ocop_kf_bool(c, g, "mandatory", m);
}

/* Mandatory text keeps letters of 1.2 mm (Decree 43/2017 for food). */
static int text_check(ocop_renderer *r, const ocop_elem *e)
{
	const ocop_template *t = r->t;
	if (!e->mandatory)
		return 0;
	double cap = ocop_cap_height_mm(r, e->font ? e->font : t->font, e->bold);
	if (cap > 0 && e->min_size * cap < 1.2 - 1e-6)
		return ocop_set_error(OCOP_EINVAL, "%s: [element %s] min_size %g pt gives capital letters %.2f mm high; "
		                      "mandatory text needs at least 1.2 mm (Decree 43/2017), so min_size %.1f pt or more",
		                      t->path, e->id, e->min_size, e->min_size * cap, ceil(1.2 / cap * 10) / 10);
	return 0;
}

/* Lays out text element e (ocop_fit_text), or takes the layout from the
 * element's cache: the same text in the same box lays out the same, and
 * producers, addresses and names repeat across a product file. */
static int text_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)p;
	const ocop_elem *e = it->e;
	ocop_plan_text *pt = &it->u.text;
	GArray *nobreak = g_array_new(FALSE, FALSE, sizeof(int));
	char *text = ocop_expand(e->text, rec, url, nobreak);
	if (!*text) {
		g_array_free(nobreak, TRUE);
		g_free(text);
		return 0;
	}
	ocop_elem_cache *c = &r->ec[it->index];
	if (!c->texts.max)
		ocop_kept_init(&c->texts, TEXT_CACHE_MAX, TEXT_SEEN_MAX, (GDestroyNotify)ocop_fitted_free,
		               ocop_kept_shared_of(r, it->index, false), ocop_fitted_copy);
	GString *key = g_string_new(text);
	for (guint i = 0; i < nobreak->len; i++)
		g_string_append_printf(key, "\x1f%d", g_array_index(nobreak, int, i));
	if (p->runs)
		g_string_append(key, "\x1eruns"); /* (laid out for a plan of glyph runs: no layout kept) */
	ocop_fitted *f = ocop_kept_find(&c->texts, key->str);
	ocop_fitted *single = NULL; /* laid out for this label only (not kept) */
	int err = 0;
	if (!f && (err = ocop_fit_text(&f, r, e, it->index, text, nobreak, rec, url, p->runs)) == 0 &&
	    !ocop_kept_add(&c->texts, key->str, f))
		single = f;
	g_string_free(key, TRUE);
	g_array_free(nobreak, TRUE);
	g_free(text);
	if (err < 0)
		return err;
	PangoRectangle ink, log;
	if (f->shaped)
		ink = f->shaped->ink, log = f->shaped->log;
	else
		pango_layout_get_extents(f->l, &ink, &log);
	double th = (double)log.height / PANGO_SCALE;
	double y = e->y, x = e->x;
	if (f->unwrapped) {
		/* unwrapped: align the block ourselves */
		double tw = (double)log.width / PANGO_SCALE;
		x += e->align < 0 ? 0 : e->align > 0 ? e->w - tw : (e->w - tw) / 2;
		x -= (double)log.x / PANGO_SCALE;
	}
	if (e->valign == 0)
		y += (e->h - th) / 2;
	else if (e->valign > 0)
		y += e->h - th;
	if (f->shaped) {
		pt->shaped = ocop_shaped_ref(f->shaped);
		pt->text = f->shaped->text;
	} else {
		pt->layout = g_object_ref(f->l);
		pt->text = pango_layout_get_text(f->l);
	}
	pt->x = x;
	pt->y = y;
	pt->size_pt = f->size_pt;
	pt->shortened = f->shortened;
	/* pango's ink box holds every glyph's outline (rounded outwards to its units) */
	pt->ink_inside = x + (double)ink.x / PANGO_SCALE >= it->x && y + (double)ink.y / PANGO_SCALE >= it->y &&
	                 x + (double)(ink.x + ink.width) / PANGO_SCALE <= it->x + it->w &&
	                 y + (double)(ink.y + ink.height) / PANGO_SCALE <= it->y + it->h;
	pt->n_lines = f->n_lines;
	pt->lines = g_new(ocop_plan_line, f->n_lines ? f->n_lines : 1);
	for (int i = 0; i < f->n_lines; i++) {
		pt->lines[i] = f->lines[i];
		pt->lines[i].x += x;
		pt->lines[i].baseline += y;
	}
	ocop_fitted_free(single); /* (the plan holds its own reference to the layout or the glyphs) */
	it->present = true;
	return 0;
}

static void text_release(ocop_plan_item *it)
{
	if (it->u.text.layout)
		g_object_unref(it->u.text.layout);
	ocop_shaped_unref(it->u.text.shaped);
	ocop_runs_clear(&it->u.text.runs);
	g_free(it->u.text.lines);
}

static void text_detach(ocop_plan_item *it)
{
	ocop_plan_text *pt = &it->u.text;
	ocop_runs_detach(&pt->layout, &pt->runs, pt->x, pt->y);
	if (pt->shaped) {
		ocop_shaped_place(&pt->runs, pt->shaped, pt->x, pt->y);
		ocop_shaped_unref(pt->shaped);
		pt->shaped = NULL;
	}
	pt->text = NULL; /* (it was the layout's or the glyphs') */
}

static int text_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	(void)type3;
	const ocop_plan_text *pt = &it->u.text;
	cairo_save(cr);
	bool mono = p->mono && p->px_per_mm > 0;
	double room = mono ? OCOP_MONO_MARK_SHIFT / p->px_per_mm : 0; /* marks moved apart may leave the box a little */
	/* In a raster the clip's edge shades the dots it crosses, so it stays; in PDF or SVG a clip that cuts
	 * no ink is only work for every reader (and for cairo: one clip per text of every label). */
	double box[4] = { it->x, it->y - room, it->w, it->h + 2 * room };
	bool clipped = p->px_per_mm > 0 || !pt->ink_inside;
	if (clipped) {
		cairo_rectangle(cr, box[0], box[1], box[2], box[3]);
		cairo_clip(cr);
	}
	cairo_move_to(cr, pt->x, pt->y);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* a 1-bit plan holds its texts' glyphs (plan.h: runs); a plan of glyphs for cairo's vectors is detached
	 * before it is painted */
	if (mono)
		ocop_mono_show_shaped(cr, pt->shaped, clipped ? box : NULL, &r->mono_glyphs); /* marks kept apart */
	else if (pt->layout)
		pango_cairo_show_layout(cr, pt->layout);
	else
		ocop_runs_show(cr, &pt->runs); /* a detached plan: the same glyphs, no Pango */
	cairo_restore(cr);
	return 0;
}

const ocop_element_class ocop_text_class = {
	.name = "text",
	.first = true,
	.keys = text_keys,
	.load = text_load,
	.check = text_check,
	.plan = text_plan,
	.release = text_release,
	.detach = text_detach,
	.paint = text_paint,
};
