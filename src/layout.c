/* ocoplabel — layout: a record and a template become a plan (every element placed, text fitted, codes on the dot grid); the Decree 43 and GS1 checks of a template's geometry. */
#include "renderer.h"
#include <stdlib.h>
#include <string.h>

double ocop_grid_of(const ocop_renderer *r, double px_per_mm)
{
	return px_per_mm > 0 ? px_per_mm : r->vector_dpi / 25.4;
}

/* Mandatory text keeps letters of 1.2 mm (Decree 43/2017 for food); EAN-13
 * modules within the GS1 range for this output. */
int ocop_layout_check_template(ocop_renderer *r)
{
	const ocop_template *t = r->t;
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_elem *e = &t->elems[i];
		if (e->kind == OCOP_ELEM_TEXT && e->mandatory) {
			double cap = ocop_cap_height_mm(r, e->font ? e->font : t->font, e->bold);
			if (cap > 0 && e->min_size * cap < 1.2 - 1e-6)
				return ocop_set_error(OCOP_EINVAL, "%s: [element %s] min_size %g pt gives capital letters %.2f mm high; "
				                      "mandatory text needs at least 1.2 mm (Decree 43/2017), so min_size %.1f pt or more",
				                      t->path, e->id, e->min_size, e->min_size * cap, ceil(1.2 / cap * 10) / 10);
		}
		if (e->kind == OCOP_ELEM_EAN) {
			double X;
			int err = ocop_ean_module(r, e, 113, ocop_grid_of(r, r->opts.format == OCOP_FORMAT_PNG ? r->opts.dpi / 25.4 : 0), &X);
			if (err < 0) {
				char *m = g_strdup(ocop_error_last());
				err = ocop_set_error(OCOP_EINVAL, "%s: [element %s] %s", t->path, e->id, strchr(m, ':') ? strchr(m, ':') + 2 : m);
				g_free(m);
				return err;
			}
		}
	}
	return 0;
}

int ocop_renderer_prepare(ocop_renderer *r, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags)
{
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = r->opts.today;
	ocop_diags *d = NULL;
	*url = NULL;
	int err = ocop_record_validate(&d, rec, &vo);
	if (err == 0) {
		err = ocop_trace_url_with(url, r->t, rec, r->opts.resolver, r->opts.today);
		if (err == OCOP_EINVALID)
			ocop_diags_add_last_error(d);
	}
	for (size_t i = 0; err == 0 && i < r->t->n_elems; i++) {
		const ocop_elem *e = &r->t->elems[i];
		const ocop_qr *q;
		if (e->kind == OCOP_ELEM_QR && ocop_qr_check(r, e, *url, ocop_grid_of(r, px_per_mm), &q) < 0) {
			char *m = g_strdup(ocop_error_last()); /* not an argument of the call that overwrites it */
			ocop_diags_addc(d, OCOP_SEVERITY_ERROR, "trace_url", OCOP_CODE_DOES_NOT_FIT, "%s", m);
			err = ocop_set_error_at(OCOP_EINVALID, "trace_url", OCOP_CODE_DOES_NOT_FIT, "%s", m);
			g_free(m);
		}
	}
	if (err < 0) {
		free(*url);
		*url = NULL;
	}
	if (diags)
		*diags = d;
	else
		ocop_diags_free(d);
	return err;
}

void ocop_plan_free(ocop_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_items; i++) {
		ocop_plan_item *it = &p->items[i];
		switch (it->kind) {
		case OCOP_ELEM_TEXT: ocop_text_release(it); break;
		case OCOP_ELEM_MARK: ocop_badge_release(it); break;
		case OCOP_ELEM_QR: ocop_qr_plan_release(it); break;
		default: break;
		}
	}
	g_free(p->items);
	g_free(p);
}

int ocop_render_layout(ocop_plan **out, ocop_renderer *r, const ocop_record *rec, const char *url, double px_per_mm)
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
	/* every text first: a label that cannot be made (mandatory text that does not
	 * fit) is refused before anything else, whatever the order of the elements */
	for (size_t i = 0; i < t->n_elems && err == 0; i++)
		if (p->items[i].kind == OCOP_ELEM_TEXT)
			err = ocop_text_plan(r, &p->items[i], rec, url);
	for (size_t i = 0; i < t->n_elems && err == 0; i++) {
		ocop_plan_item *it = &p->items[i];
		switch (it->kind) {
		case OCOP_ELEM_TEXT: break;
		case OCOP_ELEM_MARK: ocop_badge_plan(r, p, it, rec); break;
		case OCOP_ELEM_STARS: ocop_stars_plan(it, rec); break;
		case OCOP_ELEM_QR: err = ocop_qr_plan(r, p, it, url); break;
		case OCOP_ELEM_EAN: err = ocop_ean_plan(r, p, it, rec); break;
		case OCOP_ELEM_LINE:
		case OCOP_ELEM_BOX: ocop_rule_plan(it); break;
		}
	}
	if (err < 0 || !out)
		ocop_plan_free(p);
	else
		*out = p;
	return err;
}
