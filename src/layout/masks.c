/* ocoplabel — coverage masks of a raster: an outline or a drawing made once as an A8 mask at its exact device place, painted (and kept by mono_cache.c). */
#include "text.h"
#include <stdint.h>
#include <math.h>
#include <string.h>

/* A context drawing into a new w x h A8 mask whose dot (0, 0) is cr's device dot (bx, by),
 * with cr's matrix, fill rule, anti-aliasing and tolerance: a fill gives the coverage it gives on cr. */
cairo_t *ocop_mask_begin(cairo_t *cr, int w, int h, int bx, int by)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
	cairo_t *m = cairo_create(s);
	cairo_surface_destroy(s);
	cairo_matrix_t mat;
	cairo_get_matrix(cr, &mat);
	mat.x0 -= bx;
	mat.y0 -= by;
	cairo_set_matrix(m, &mat);
	cairo_set_antialias(m, cairo_get_antialias(cr));
	cairo_set_fill_rule(m, cairo_get_fill_rule(cr));
	cairo_set_tolerance(m, cairo_get_tolerance(cr));
	return m;
}

bool ocop_a8_writable(cairo_t *cr, const double *clip, int box[4])
{
	cairo_surface_t *t = cairo_get_target(cr);
	double r, g, b, a;
	if (cairo_surface_get_type(t) != CAIRO_SURFACE_TYPE_IMAGE || cairo_image_surface_get_format(t) != CAIRO_FORMAT_A8 ||
	    cairo_get_operator(cr) != CAIRO_OPERATOR_OVER ||
	    cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a) != CAIRO_STATUS_SUCCESS || a != 1)
		return false;
	double ox, oy, sx, sy;
	cairo_surface_get_device_offset(t, &ox, &oy);
	cairo_surface_get_device_scale(t, &sx, &sy);
	if (ox != 0 || oy != 0 || sx != 1 || sy != 1) /* (device dots are the image's pixels) */
		return false;
	double c[4];
	if (clip) {
		memcpy(c, clip, sizeof c);
	} else {
		cairo_save(cr);
		cairo_identity_matrix(cr);
		cairo_rectangle_list_t *cl = cairo_copy_clip_rectangle_list(cr);
		cairo_restore(cr);
		bool one = cl->status == CAIRO_STATUS_SUCCESS && cl->num_rectangles == 1;
		if (one) {
			const cairo_rectangle_t *rc = &cl->rectangles[0];
			c[0] = rc->x, c[1] = rc->y, c[2] = rc->x + rc->width, c[3] = rc->y + rc->height;
		}
		cairo_rectangle_list_destroy(cl);
		if (!one)
			return false;
	}
	/* the dots the clip covers whole (a margin for cairo's fixed-point edges), inside the image */
	box[0] = MAX(0, (int)ceil(c[0] + 1.0 / 128)), box[1] = MAX(0, (int)ceil(c[1] + 1.0 / 128));
	box[2] = MIN(cairo_image_surface_get_width(t), (int)floor(c[2] - 1.0 / 128));
	box[3] = MIN(cairo_image_surface_get_height(t), (int)floor(c[3] - 1.0 / 128));
	return box[0] < box[2] && box[1] < box[3];
}

void ocop_mask_paint(cairo_t *cr, cairo_surface_t *s, int bx, int by, const double *clip, ocop_mono_mask *out)
{
	int box[4];
	if (cairo_image_surface_get_format(s) == CAIRO_FORMAT_A8 && ocop_a8_writable(cr, clip, box) && bx >= box[0] &&
	    by >= box[1] && bx + cairo_image_surface_get_width(s) <= box[2] && by + cairo_image_surface_get_height(s) <= box[3]) {
		/* what pixman does for OVER of opaque ink through an A8 mask onto A8: d = m + d * (255 - m) / 255, its
		 * division rounded as pixman rounds it (exact for m = 0 and m = 255); in 16 bits, so that the compiler
		 * can do many dots at once */
		cairo_surface_t *t = cairo_get_target(cr);
		cairo_surface_flush(t);
		unsigned char *dst = cairo_image_surface_get_data(t), *src = cairo_image_surface_get_data(s);
		int ds = cairo_image_surface_get_stride(t), ss = cairo_image_surface_get_stride(s);
		int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
		for (int y = 0; y < h; y++) {
			unsigned char *restrict d = dst + (size_t)(by + y) * (size_t)ds + bx;
			const unsigned char *restrict m = src + (size_t)y * (size_t)ss;
			for (int x = 0; x < w; x++) {
				uint16_t t8 = (uint16_t)(d[x] * (255 - m[x]) + 0x80);
				d[x] = (unsigned char)(m[x] + (uint16_t)((uint16_t)((t8 >> 8) + t8) >> 8));
			}
		}
		cairo_surface_mark_dirty(t);
	} else {
		cairo_save(cr);
		cairo_identity_matrix(cr);
		cairo_mask_surface(cr, s, bx, by);
		cairo_restore(cr);
	}
	if (out)
		*out = (ocop_mono_mask){ cairo_surface_reference(s), bx, by, false };
}

/* Paints the mask of m (from ocop_mask_begin) on cr at device (bx, by); *out (if given) gets a reference. */
void ocop_mask_end(cairo_t *cr, cairo_t *m, int bx, int by, ocop_mono_mask *out)
{
	cairo_surface_t *s = cairo_surface_reference(cairo_get_target(m));
	cairo_destroy(m);
	cairo_surface_flush(s);
	ocop_mask_paint(cr, s, bx, by, NULL, out);
	cairo_surface_destroy(s);
}

void ocop_mono_drawn(cairo_t *cr, ocop_draw_fn draw, const void *data, double x, double y, double w, double h,
                     ocop_mono_mask *out)
{
	double px[4] = { x, x + w, x, x + w }, py[4] = { y, y, y + h, y + h };
	double dx0 = G_MAXDOUBLE, dy0 = G_MAXDOUBLE, dx1 = -G_MAXDOUBLE, dy1 = -G_MAXDOUBLE;
	for (int i = 0; i < 4; i++) {
		cairo_user_to_device(cr, &px[i], &py[i]);
		dx0 = MIN(dx0, px[i]), dy0 = MIN(dy0, py[i]), dx1 = MAX(dx1, px[i]), dy1 = MAX(dy1, py[i]);
	}
	int bx = (int)floor(dx0), by = (int)floor(dy0);
	int mw = (int)ceil(dx1) - bx, mh = (int)ceil(dy1) - by;
	if (mw <= 0 || mh <= 0) {
		if (out)
			out->empty = true;
		return;
	}
	cairo_t *mc = ocop_mask_begin(cr, mw, mh, bx, by);
	cairo_set_source(mc, cairo_get_source(cr));
	cairo_set_line_cap(mc, cairo_get_line_cap(cr));
	cairo_set_line_join(mc, cairo_get_line_join(cr));
	draw(mc, data);
	ocop_mask_end(cr, mc, bx, by, out);
}

void ocop_mono_outline(cairo_t *cr, const cairo_path_t *path, double x, double y, ocop_mono_mask *out)
{
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_translate(cr, x, y);
	cairo_append_path(cr, path);
	double x0, y0, x1, y1;
	cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
	double px[4] = { x0, x1, x0, x1 }, py[4] = { y0, y0, y1, y1 };
	double dx0 = G_MAXDOUBLE, dy0 = G_MAXDOUBLE, dx1 = -G_MAXDOUBLE, dy1 = -G_MAXDOUBLE;
	for (int i = 0; i < 4; i++) {
		cairo_user_to_device(cr, &px[i], &py[i]);
		dx0 = MIN(dx0, px[i]), dy0 = MIN(dy0, py[i]), dx1 = MAX(dx1, px[i]), dy1 = MAX(dy1, py[i]);
	}
	cairo_new_path(cr);
	cairo_restore(cr);
	if (x1 <= x0 || y1 <= y0) {
		if (out)
			out->empty = true;
		return;
	}
	/* a dot around the ink: the coverage of every edge inside the mask */
	int bx = (int)floor(dx0) - 1, by = (int)floor(dy0) - 1;
	int w = (int)ceil(dx1) + 1 - bx, h = (int)ceil(dy1) + 1 - by;
	cairo_t *mc = ocop_mask_begin(cr, w, h, bx, by);
	cairo_translate(mc, x, y);
	cairo_append_path(mc, path);
	cairo_fill(mc);
	ocop_mask_end(cr, mc, bx, by, out);
}
