/* ocoplabel — paint: plans drawn by cairo (PDF, SVG, images), PNG files, 1-bit label rasters, reproducible SVG ids (not installed). */
#ifndef OCOP_PAINT_H
#define OCOP_PAINT_H

#include "layout.h"

/* cairo.c: draws plan p on cr, its top-left corner at the user-space origin (mm): each element by its class */
int ocop_paint_cairo(ocop_renderer *r, cairo_t *cr, const ocop_plan *p);
/* the PDF's dates, creator, subject (the printer grid of its codes) and title */
void ocop_pdf_metadata(cairo_surface_t *s, const ocop_renderer *r, const char *title);
/* what ocop_pdf_metadata() writes: the creation date ("YYYY-MM-DDTHH:MM:SSZ") and the subject */
void ocop_pdf_facts(const ocop_renderer *r, char date[32], char subject[96]);
#define OCOP_PDF_CREATOR "ocoplabel " OCOP_VERSION_STRING
/* cairo_write_func_t over an ocop_sink */
cairo_status_t ocop_cairo_write(void *sink, const unsigned char *data, unsigned int len);

/* png.c: writes a cairo image as 8-bit grayscale PNG (or 1-bit, threshold 50 %, when
 * mono) with pHYs for dpi: RGB24, or with ink an A8 image of ink coverage
 * (0 white, 255 black). */
int ocop_png_write(ocop_sink *s, const unsigned char *data, int width, int height, int stride, bool ink, double dpi,
                   bool mono);

/* raster.c: a row of cairo image data (RGB24, or A8 ink coverage when ink) as 8-bit gray, 0 black;
 * gray packed 1 bit per pixel, thresholded at 50 % (black_is_one: 1 black, else 1 white). */
void ocop_raster_gray_row(const unsigned char *line, int width, bool ink, unsigned char *row);
void ocop_raster_pack_row(const unsigned char *gray, int width, unsigned char *out, bool black_is_one);
/* A 1-bit image: rows of stride bytes, most significant bit leftmost, 1 = black (a printed dot). */
typedef struct ocop_bitmap {
	int width, height, stride;
	unsigned char *bits;
} ocop_bitmap;
void ocop_bitmap_release(ocop_bitmap *b);
/* plan p painted 1-bit at its px_per_mm, moved by (dx, dy) dots (cut at the label's edges) */
int ocop_raster_plan(ocop_bitmap *out, ocop_renderer *r, const ocop_plan *p, long dx, long dy);

/* svg_ids.c: a copy of the SVG file data with cairo's process-wide image and surface ids
 * ("image25", "#surface19") renumbered from 1 in the order they appear: the same label gives
 * the same bytes whatever was drawn before it or in other threads. */
GByteArray *ocop_svg_renumber(const unsigned char *data, size_t len);

#endif
