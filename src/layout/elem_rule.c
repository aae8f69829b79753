/* ocoplabel — line and box elements: a stroke of the template's width, planned and painted. */
#include "layout.h"

static int rule_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)r, (void)p, (void)rec, (void)url;
	it->u.rule.stroke = it->e->stroke;
	it->u.rule.box = it->kind == OCOP_ELEM_BOX;
	it->present = true;
	return 0;
}

static int rule_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	(void)r, (void)p, (void)type3;
	const ocop_plan_rule *ru = &it->u.rule;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, ru->stroke);
	if (ru->box)
		cairo_rectangle(cr, it->x + ru->stroke / 2, it->y + ru->stroke / 2, it->w - ru->stroke, it->h - ru->stroke);
	else {
		cairo_move_to(cr, it->x, it->y);
		cairo_line_to(cr, it->x + it->w, it->y + it->h);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
	return 0;
}

const ocop_element_class ocop_line_class = {
	.name = "line",
	.thin = true,
	.plan = rule_plan,
	.paint = rule_paint,
};

const ocop_element_class ocop_box_class = {
	.name = "box",
	.plan = rule_plan,
	.paint = rule_paint,
};
