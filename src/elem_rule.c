/* ocoplabel — line and box elements: a stroke of the template's width, planned and painted. */
#include "renderer.h"

void ocop_rule_plan(ocop_plan_item *it)
{
	it->u.rule.stroke = it->e->stroke;
	it->u.rule.box = it->kind == OCOP_ELEM_BOX;
	it->present = true;
}

void ocop_rule_paint(cairo_t *cr, const ocop_plan_item *it)
{
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
}
