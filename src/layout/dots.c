/* ocoplabel — a matrix code's modules (QR, Data Matrix) painted: whole-dot runs set straight in a raster's A8 image, one 1-bit stencil mask in vector output. */
#include "text.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

/* rects (x, y, width, height in user space) filled without anti-aliasing. Where cairo would fill exactly the
 * dots inside each rectangle (every edge on a whole device dot, each inside the dots the clip covers whole),
 * setting them is the same image: a target ink can be set in straight (ocop_a8_writable()), a matrix that only
 * scales and moves, and edges within 1/1000 of a dot of whole dots. Anything else goes through
 * cairo_rectangle() and one cairo_fill(). */
static void dots_fill(cairo_t *cr, const double (*rects)[4], int n)
{
	cairo_surface_t *s = cairo_get_target(cr);
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	int box[4];
	bool direct = m.xy == 0 && m.yx == 0 && m.xx > 0 && m.yy > 0 && cairo_get_antialias(cr) == CAIRO_ANTIALIAS_NONE &&
	              ocop_a8_writable(cr, NULL, box);
	int(*dev)[4] = direct ? g_malloc(sizeof *dev * (size_t)(n ? n : 1)) : NULL;
	for (int i = 0; direct && i < n; i++) {
		double v[4] = { rects[i][0] * m.xx + m.x0, rects[i][1] * m.yy + m.y0, (rects[i][0] + rects[i][2]) * m.xx + m.x0,
			            (rects[i][1] + rects[i][3]) * m.yy + m.y0 };
		for (int k = 0; k < 4; k++) {
			if (fabs(v[k] - round(v[k])) > 1e-3)
				direct = false;
			dev[i][k] = (int)lround(v[k]);
		}
		/* its dots in the image, all inside the clip's whole dots */
		int x0 = MAX(dev[i][0], 0), y0 = MAX(dev[i][1], 0);
		int x1 = MIN(dev[i][2], cairo_image_surface_get_width(s)), y1 = MIN(dev[i][3], cairo_image_surface_get_height(s));
		if (x0 < x1 && y0 < y1 && (x0 < box[0] || y0 < box[1] || x1 > box[2] || y1 > box[3]))
			direct = false;
	}
	if (!direct) {
		g_free(dev);
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
		int x0 = MAX(dev[i][0], 0), x1 = MIN(dev[i][2], w), y0 = MAX(dev[i][1], 0), y1 = MIN(dev[i][3], h);
		for (int y = y0; y < y1 && x0 < x1; y++)
			memset(data + (size_t)y * (size_t)stride + x0, 0xff, (size_t)(x1 - x0));
	}
	g_free(dev);
	cairo_surface_mark_dirty(s);
}

int ocop_modules_paint(cairo_t *cr, const unsigned char *dark, int cols, int rows, double x0, double y0, double m,
                       double grid, bool raster)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (raster) {
		/* runs of modules merged horizontally, every edge on the pixel grid (crisp modules, exact overall
		 * size), no anti-aliasing */
		cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
		double(*runs)[4] = g_malloc(sizeof *runs * (size_t)rows * (size_t)(cols / 2 + 1)); /* at most cols/2+1 a row */
		int n = 0;
		for (int y = 0; y < rows; y++)
			for (int x = 0; x < cols;) {
				if (!dark[y * cols + x]) {
					x++;
					continue;
				}
				int x1 = x;
				while (x1 < cols && dark[y * cols + x1])
					x1++;
				double left = ocop_snap(grid, x0 + x * m), right = ocop_snap(grid, x0 + x1 * m);
				double top = ocop_snap(grid, y0 + y * m), bottom = ocop_snap(grid, y0 + (y + 1) * m);
				runs[n][0] = left, runs[n][1] = top, runs[n][2] = right - left, runs[n][3] = bottom - top;
				n++;
				x = x1;
			}
		dots_fill(cr, (const double(*)[4])runs, n);
		g_free(runs);
		cairo_restore(cr);
		return 0;
	}
	/* vector: a 1-bit stencil mask scaled without interpolation; in PDF one small /ImageMask instead of
	 * hundreds of path operators */
	cairo_surface_t *a1 = cairo_image_surface_create(CAIRO_FORMAT_A1, cols, rows);
	if (cairo_surface_status(a1) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(a1);
		cairo_restore(cr);
		return ocop_set_error(OCOP_ENOMEM, "out of memory for a code's image of %d x %d modules", cols, rows);
	}
	cairo_surface_flush(a1);
	unsigned char *bits = cairo_image_surface_get_data(a1);
	int stride = cairo_image_surface_get_stride(a1);
	for (int y = 0; y < rows; y++) {
		uint32_t *row = (uint32_t *)(bits + (size_t)y * (size_t)stride);
		for (int x = 0; x < cols; x++)
			if (dark[y * cols + x])
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
				row[x / 32] |= 1u << (x % 32);
#else
				row[x / 32] |= 1u << (31 - x % 32);
#endif
	}
	cairo_surface_mark_dirty(a1);
	cairo_translate(cr, x0, y0);
	cairo_scale(cr, m, m);
	cairo_pattern_t *pat = cairo_pattern_create_for_surface(a1);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
	cairo_mask(cr, pat);
	cairo_pattern_destroy(pat);
	cairo_surface_destroy(a1);
	cairo_restore(cr);
	return 0;
}
