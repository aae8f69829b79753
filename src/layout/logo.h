/* ocoplabel — inside layout: the logo image in place of the built-in OCOP mark (logo.c; not installed). */
#ifndef OCOP_LAYOUT_LOGO_H
#define OCOP_LAYOUT_LOGO_H

#include "layout.h"

/* r's logo from path: a PNG (cairo), or an SVG (librsvg, loaded when the first one is read) */
int ocop_logo_load(ocop_renderer *r, const char *path);
void ocop_logo_release(ocop_renderer *r);
/* its size in its own pixels (an SVG without one: 100 x 100) */
void ocop_logo_size(const ocop_renderer *r, double *w, double *h);
/* drawn with its top-left at (x, y), its w x h pixels scaled by scale (the caller saves and restores cr) */
void ocop_logo_paint(ocop_renderer *r, cairo_t *cr, double x, double y, double w, double h, double scale);

#endif
