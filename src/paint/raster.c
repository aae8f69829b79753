/* ocoplabel — the label raster: a plan painted at the printer's dots, as gray rows (PNG) or a 1-bit image (print jobs). */
#include "paint.h"
#include <stdlib.h>
#include <string.h>

void ocop_raster_gray_row(const unsigned char *line, int width, bool ink, unsigned char *row)
{
	if (ink) {
		/* A8 ink coverage: 0 white, 255 black */
		for (int x = 0; x < width; x++)
			row[x] = (unsigned char)(255 - line[x]);
		return;
	}
	const uint32_t *src = (const uint32_t *)line;
	for (int x = 0; x < width; x++) {
		uint32_t px = src[x];
		/* ITU-R BT.601 luma in 16-bit fixed point (vectorises) */
		row[x] = (unsigned char)((((px >> 16) & 255) * 19595u + ((px >> 8) & 255) * 38470u + (px & 255) * 7471u +
		                          32768u) >> 16);
	}
}

/* The top bit of each of 8 bytes, the first byte's as the most significant bit: 8 pixels in one step. */
static inline unsigned top_bits8(const unsigned char *p)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
	uint64_t v;
	memcpy(&v, p, 8);
	v = (v >> 7) & 0x0101010101010101u;
	return (unsigned)((v * 0x8040201008040201u) >> 56); /* byte i's bit to bit 7 - i, no carries */
#else
	unsigned b = 0;
	for (int i = 0; i < 8; i++)
		b |= (unsigned)(p[i] >> 7) << (7 - i);
	return b;
#endif
}

/* Packs a row of bytes by their top bit (set: 1, else 0; flipped when invert), 8 pixels per byte, most
 * significant first; the unused bits of the last byte are 0. in and out may be the same buffer: byte x/8
 * is written after bytes x..x+7 are read. */
static void pack_top_bits(const unsigned char *in, int width, unsigned char *out, bool invert)
{
	unsigned flip = invert ? 0xffu : 0;
	int x = 0;
	for (; x + 8 <= width; x += 8)
		out[x / 8] = (unsigned char)(top_bits8(in + x) ^ flip);
	if (x < width) {
		unsigned b = 0;
		for (int i = 0; x + i < width; i++)
			b |= ((unsigned)(in[x + i] >> 7) ^ (flip & 1)) << (7 - i);
		out[x / 8] = (unsigned char)b;
	}
}

void ocop_raster_pack_row(const unsigned char *gray, int width, unsigned char *out, bool black_is_one)
{
	/* threshold at 50 %, no dithering: black is gray < 128, its top bit clear */
	pack_top_bits(gray, width, out, black_is_one);
}

void ocop_bitmap_release(ocop_bitmap *b)
{
	g_free(b->bits);
	b->bits = NULL;
}

/* A w x h image of format f, all 0: the renderer's last one cleared when it is the same, else a new one kept for
 * the next. (A new 150 KB image for every label came from the top of the heap, which glibc gave back to the
 * system and took again: its pages faulted in again, and with --jobs every core's TLB flushed.) */
static cairo_surface_t *dot_image(ocop_renderer *r, cairo_format_t f, int w, int h)
{
	cairo_surface_t *s = r->raster;
	if (s && cairo_image_surface_get_format(s) == f && cairo_image_surface_get_width(s) == w &&
	    cairo_image_surface_get_height(s) == h) {
		cairo_surface_flush(s);
		memset(cairo_image_surface_get_data(s), 0, (size_t)cairo_image_surface_get_stride(s) * (size_t)h);
		cairo_surface_mark_dirty(s);
		return cairo_surface_reference(s);
	}
	if (s)
		cairo_surface_destroy(s);
	r->raster = NULL;
	s = cairo_image_surface_create(f, w, h);
	if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
		r->raster = cairo_surface_reference(s);
	return s;
}

int ocop_raster_plan(ocop_bitmap *out, ocop_renderer *r, const ocop_plan *p, long dx, long dy)
{
	memset(out, 0, sizeof *out);
	double px = p->px_per_mm;
	int w = (int)lround(p->width * px), h = (int)lround(p->height * px);
	bool color = r->logo_png || r->logo_svg;
	cairo_surface_t *s = dot_image(r, color ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_A8, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return ocop_set_error(OCOP_ENOMEM, "cannot create the %s x %s dot image of the label",
		                      ocop_format_count((char[32]){ 0 }, 32, (unsigned long long)MAX(w, 0)),
		                      ocop_format_count((char[32]){ 0 }, 32, (unsigned long long)MAX(h, 0)));
	}
	cairo_t *cr = cairo_create(s);
	if (color) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
	}
	/* the printer's offset in whole dots: the label moves on the paper, its image is cut at the edges */
	cairo_translate(cr, (double)dx, (double)dy);
	cairo_scale(cr, px, px);
	int err = ocop_paint_cairo(r, cr, p);
	cairo_destroy(cr);
	if (err == 0) {
		cairo_surface_flush(s);
		out->width = w;
		out->height = h;
		out->stride = (w + 7) / 8;
		out->bits = g_try_malloc0((size_t)out->stride * (size_t)h + (size_t)w);
		if (!out->bits) {
			err = ocop_set_error(OCOP_ENOMEM, "out of memory for the label image");
		} else {
			const unsigned char *data = cairo_image_surface_get_data(s);
			int stride = cairo_image_surface_get_stride(s);
			/* the last w bytes are the gray row being packed */
			unsigned char *gray = out->bits + (size_t)out->stride * (size_t)h;
			for (int y = 0; y < h; y++) {
				unsigned char *row = out->bits + (size_t)y * (size_t)out->stride;
				if (color) {
					ocop_raster_gray_row(data + (size_t)y * (size_t)stride, w, false, gray);
					ocop_raster_pack_row(gray, w, row, true);
				} else {
					/* A8 ink: black where the coverage is at least 128 (gray 255 - a below 128), its top bit */
					pack_top_bits(data + (size_t)y * (size_t)stride, w, row, false);
				}
			}
		}
	}
	cairo_surface_destroy(s);
	if (err < 0)
		ocop_bitmap_release(out);
	return err;
}
