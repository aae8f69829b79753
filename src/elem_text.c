/* ocoplabel — text elements: placeholders expanded, fitted to the box (cached per element), placed, painted with pango. */
#include "renderer.h"

#define TEXT_CACHE_MAX 256 /* laid-out texts kept per element */

/* Lays out text element e (ocop_fit_text), or takes the layout from the
 * element's cache: the same text in the same box lays out the same, and
 * producers, addresses and names repeat across a product file. */
int ocop_text_plan(ocop_renderer *r, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
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
	GString *key = g_string_new(text);
	for (guint i = 0; i < nobreak->len; i++)
		g_string_append_printf(key, "\x1f%d", g_array_index(nobreak, int, i));
	ocop_fitted *f = c->texts ? g_hash_table_lookup(c->texts, key->str) : NULL;
	int err = 0;
	if (f) {
		g_string_free(key, TRUE);
	} else if ((err = ocop_fit_text(&f, r, e, text, nobreak, rec, url)) == 0) {
		if (!c->texts)
			c->texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)ocop_fitted_free);
		if (g_hash_table_size(c->texts) >= TEXT_CACHE_MAX)
			g_hash_table_remove_all(c->texts);
		g_hash_table_insert(c->texts, g_string_free(key, FALSE), f);
	} else {
		g_string_free(key, TRUE);
	}
	g_array_free(nobreak, TRUE);
	g_free(text);
	if (err < 0)
		return err;
	PangoLayout *l = f->l;
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	double th = (double)log.height / PANGO_SCALE;
	double y = e->y, x = e->x;
	if (pango_layout_get_width(l) < 0) {
		/* unwrapped: align the block ourselves */
		double tw = (double)log.width / PANGO_SCALE;
		x += e->align < 0 ? 0 : e->align > 0 ? e->w - tw : (e->w - tw) / 2;
		x -= (double)log.x / PANGO_SCALE;
	}
	if (e->valign == 0)
		y += (e->h - th) / 2;
	else if (e->valign > 0)
		y += e->h - th;
	pt->layout = g_object_ref(l);
	pt->text = pango_layout_get_text(l);
	pt->x = x;
	pt->y = y;
	pt->size_pt = f->size_pt;
	pt->shortened = f->shortened;
	pt->n_lines = f->n_lines;
	pt->lines = g_new(ocop_plan_line, f->n_lines ? f->n_lines : 1);
	for (int i = 0; i < f->n_lines; i++) {
		pt->lines[i] = f->lines[i];
		pt->lines[i].x += x;
		pt->lines[i].baseline += y;
	}
	it->present = true;
	return 0;
}

void ocop_text_release(ocop_plan_item *it)
{
	if (it->u.text.layout)
		g_object_unref(it->u.text.layout);
	g_free(it->u.text.lines);
}

void ocop_text_paint(cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it)
{
	const ocop_plan_text *pt = &it->u.text;
	cairo_save(cr);
	bool mono = p->mono && p->px_per_mm > 0;
	double room = mono ? OCOP_MONO_MARK_SHIFT / p->px_per_mm : 0; /* marks moved apart may leave the box a little */
	cairo_rectangle(cr, it->x, it->y - room, it->w, it->h + 2 * room);
	cairo_clip(cr);
	cairo_move_to(cr, pt->x, pt->y);
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (mono)
		ocop_mono_show_layout(cr, pt->layout); /* marks kept apart in black and white */
	else
		pango_cairo_show_layout(cr, pt->layout);
	cairo_restore(cr);
}
