/* ocoplabel — whole-dot rectangles of a raster (the QR code's modules) set straight in its A8 image, without cairo's fill. */
#include "text.h"
#include <math.h>
#include <string.h>

/* Where cairo would fill exactly the dots inside each rectangle (no anti-aliasing, every edge on a whole
 * device dot, no clip but the image's edges), setting them is the same image: an A8 target (ink coverage, a
 * raster label of ocoplabel's), a matrix that only scales and moves, and edges within 1/1000 of a dot of
 * whole dots. Anything else goes through cairo_rectangle() and one cairo_fill(). */
void ocop_dots_fill(cairo_t *cr, const double (*rects)[4], int n)
{
	cairo_surface_t *s = cairo_get_target(cr);
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	bool direct = cairo_surface_get_type(s) == CAIRO_SURFACE_TYPE_IMAGE &&
	              cairo_image_surface_get_format(s) == CAIRO_FORMAT_A8 && m.xy == 0 && m.yx == 0 && m.xx > 0 &&
	              m.yy > 0 && cairo_get_antialias(cr) == CAIRO_ANTIALIAS_NONE &&
	              cairo_get_operator(cr) == CAIRO_OPERATOR_OVER;
	double sx, sy, sw, sh;
	if (direct) {
		/* the clip, in device dots: the whole image, or the rectangles are drawn by cairo */
		cairo_save(cr);
		cairo_identity_matrix(cr);
		cairo_clip_extents(cr, &sx, &sy, &sw, &sh);
		cairo_restore(cr);
		int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
		cairo_rectangle_list_t *cl = cairo_copy_clip_rectangle_list(cr);
		direct = cl->status == CAIRO_STATUS_SUCCESS && cl->num_rectangles == 1 && sx <= 0 && sy <= 0 && sw >= w &&
		         sh >= h;
		cairo_rectangle_list_destroy(cl);
		/* the source: opaque black ink */
		double r, g, b, a;
		direct = direct && cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a) == CAIRO_STATUS_SUCCESS && a == 1;
	}
	int dev[4];
	for (int i = 0; direct && i < n; i++) {
		double v[4] = { rects[i][0] * m.xx + m.x0, rects[i][1] * m.yy + m.y0, (rects[i][0] + rects[i][2]) * m.xx + m.x0,
			            (rects[i][1] + rects[i][3]) * m.yy + m.y0 };
		for (int k = 0; k < 4; k++)
			if (fabs(v[k] - round(v[k])) > 1e-3)
				direct = false;
	}
	if (!direct) {
		for (int i = 0; i < n; i++)
			cairo_rectangle(cr, rects[i][0], rects[i][1], rects[i][2], rects[i][3]);
		cairo_fill(cr);
		return;
	}
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s), w = cairo_image_surface_get_width(s),
	    h = cairo_image_surface_get_height(s);
	for (int i = 0; i < n; i++) {
		dev[0] = (int)lround(rects[i][0] * m.xx + m.x0);
		dev[1] = (int)lround(rects[i][1] * m.yy + m.y0);
		dev[2] = (int)lround((rects[i][0] + rects[i][2]) * m.xx + m.x0);
		dev[3] = (int)lround((rects[i][1] + rects[i][3]) * m.yy + m.y0);
		int x0 = MAX(dev[0], 0), x1 = MIN(dev[2], w), y0 = MAX(dev[1], 0), y1 = MIN(dev[3], h);
		for (int y = y0; y < y1 && x0 < x1; y++)
			memset(data + (size_t)y * (size_t)stride + x0, 0xff, (size_t)(x1 - x0));
	}
	cairo_surface_mark_dirty(s);
}
