/* ocoplabel — layout: a record and a template become a plan (every element placed, text fitted, codes on the dot grid) through the element table; a template's geometry checked for an output. */
#include "logo.h"
#include "text.h"
#include <stdlib.h>
#include <string.h>

double ocop_grid_of(const ocop_renderer *r, double px_per_mm)
{
	return px_per_mm > 0 ? px_per_mm : r->vector_dpi / 25.4;
}

void ocop_renderer_warn(ocop_renderer *r, const char *field, const char *code, const char *msg)
{
	char *key = g_strconcat(field, "\n", msg, NULL);
	if (g_hash_table_contains(r->warned, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(r->warned, key);
	ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, field, code, "%s", msg);
}

/* every element's geometry checked for r's output (each class's check) */
static int check_template(ocop_renderer *r)
{
	const ocop_template *t = r->t;
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_element_class *c = ocop_element_class_of(t->elems[i].kind);
		int err = c->check ? c->check(r, &t->elems[i]) : 0;
		if (err < 0)
			return err;
	}
	return 0;
}

int ocop_layout_setup(ocop_renderer *r, const char *logo, const ocop_renderer *from)
{
	const ocop_template *t = r->t;
	r->ec = g_new0(ocop_elem_cache, t->n_elems ? t->n_elems : 1);
	int err = ocop_fonts_setup(r, from);
	if (err == 0 && !from) /* (not a clone's: its origin checked the template with the same fonts) */
		err = check_template(r);
	for (size_t i = 0; !logo && i < t->n_elems; i++)
		if (t->elems[i].kind == OCOP_ELEM_MARK && t->elems[i].image)
			logo = t->elems[i].image;
	if (err == 0 && logo && (err = ocop_logo_load(r, logo)) == 0)
		r->logo_path = g_strdup(logo);
	return err;
}

void ocop_layout_release(ocop_renderer *r)
{
	for (size_t i = 0; r->ec && i < r->t->n_elems; i++) {
		if (r->ec[i].word)
			g_object_unref(r->ec[i].word);
		ocop_kept_clear(&r->ec[i].texts);
		ocop_kept_clear(&r->ec[i].lines);
	}
	g_free(r->ec);
	r->ec = NULL;
	ocop_kept_set_free(r->kept);
	r->kept = NULL;
	ocop_mono_cache_free(r->mono_glyphs);
	r->mono_glyphs = NULL;
	ocop_glyphs_release_own(r);
	ocop_fonts_release(r);
	ocop_logo_release(r);
	g_free(r->logo_path);
	r->logo_path = NULL;
	g_free(r->qr_url);
	r->qr_url = NULL;
	ocop_qr_release(&r->qr);
}

void ocop_plan_free(ocop_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_items; i++) {
		const ocop_element_class *c = ocop_element_class_of(p->items[i].kind);
		if (c->release)
			c->release(&p->items[i]);
	}
	g_free(p->items);
	g_free(p);
}

void ocop_plan_detach(ocop_plan *p)
{
	for (size_t i = 0; p && i < p->n_items; i++) {
		const ocop_element_class *c = ocop_element_class_of(p->items[i].kind);
		if (c->detach && p->items[i].present)
			c->detach(&p->items[i]);
	}
}

int ocop_render_layout(ocop_plan **out, ocop_renderer *r, const ocop_record *rec, const char *url, double px_per_mm,
                       unsigned flags)
{
	if (out)
		*out = NULL;
	const ocop_template *t = r->t;
	ocop_plan *p = g_new0(ocop_plan, 1);
	p->width = t->width;
	p->height = t->height;
	p->px_per_mm = px_per_mm;
	p->grid = ocop_grid_of(r, px_per_mm);
	p->mono = r->opts.mono != 0;
	p->runs = (flags & OCOP_PLAN_RUNS) || (p->mono && px_per_mm > 0); /* (1-bit text is drawn glyph by glyph) */
	p->n_items = t->n_elems;
	p->items = g_new0(ocop_plan_item, t->n_elems ? t->n_elems : 1);
	for (size_t i = 0; i < t->n_elems; i++) {
		ocop_plan_item *it = &p->items[i];
		it->e = &t->elems[i];
		it->kind = it->e->kind;
		it->index = i;
		it->x = it->e->x;
		it->y = it->e->y;
		it->w = it->e->w;
		it->h = it->e->h;
	}
	int err = 0;
	/* the kinds that may refuse a label (mandatory text that does not fit) first: a label that
	 * cannot be made is refused before anything else, whatever the order of the elements */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < t->n_elems && err == 0; i++) {
			const ocop_element_class *c = ocop_element_class_of(p->items[i].kind);
			if (c->first == (pass == 0) && c->plan)
				err = c->plan(r, p, &p->items[i], rec, url);
		}
	if (err < 0 || !out)
		ocop_plan_free(p);
	else
		*out = p;
	return err;
}
