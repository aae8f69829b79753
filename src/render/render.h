/* ocoplabel — render: the renderer handle and one label out, in any format; what documents reuse of them (not installed). */
#ifndef OCOP_RENDER_H
#define OCOP_RENDER_H

#include "printer.h"

/* render.c */
const ocop_template *ocop_renderer_template(const ocop_renderer *r);
const ocop_render_options *ocop_renderer_options(const ocop_renderer *r);
/* A renderer with the same template and options, for another thread. */
int ocop_renderer_clone(ocop_renderer **out, const ocop_renderer *r);
/* The warnings of src added to dst (once each). */
void ocop_renderer_merge_warnings(ocop_renderer *dst, const ocop_renderer *src);
/* Frees what r made for drawing (its fonts, caches and dot image; its shares of a document's sets); its
 * warnings stay. A worker's renderer, on its own thread as it ends; ocop_renderer_free() frees the rest. */
void ocop_renderer_release_drawing(ocop_renderer *r);

/* output.c */
/* The format a file name's extension names (.pdf, .png, .svg, .tspl, .zpl, any case), else AUTO. */
ocop_format ocop_format_from_path(const char *path);
/* Validates rec, builds its trace URL (*url, malloc'ed) and checks that every element takes it at
 * px_per_mm (0 = vector; its QR fits). Errors and warnings go to *diags when given.
 * Returns 0 or OCOP_EREJECTED (row errors) or another code (fatal). */
int ocop_renderer_prepare(ocop_renderer *r, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags);
/* Lays out and draws a prepared record with its top-left corner at the user-space origin (mm); cr not NULL. */
int ocop_render_draw(ocop_renderer *r, cairo_t *cr, const ocop_record *rec, const char *url, double px_per_mm);
/* One prepared label as a whole PDF, SVG, PNG file or print job into sink: the format's painter or writer. */
int ocop_render_to_sink(ocop_renderer *r, const ocop_record *rec, const char *url, ocop_format fmt, ocop_sink *sink);

#endif
