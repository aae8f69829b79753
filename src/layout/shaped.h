/* ocoplabel — inside layout: texts as shaped glyphs in Pango units, kept without Pango objects (runs.c), unwrapped
 * texts composed of lines shaped one paragraph at a time (lines.c), values kept between labels (kept.c); not installed. */
#ifndef OCOP_LAYOUT_SHAPED_H
#define OCOP_LAYOUT_SHAPED_H

#include "layout.h"
#include <pango/pangocairo.h>

/* kept.c: values by key (strings), in two generations of at most max each, added only once they come back;
 * behind them, optionally, a table shared with the renderers of other threads (a copy of each value) */
typedef struct ocop_kept_shared ocop_kept_shared;
typedef void *(*ocop_kept_copy)(const void *v); /* a copy for another thread, or NULL: v stays this thread's */
typedef struct ocop_kept {
	GHashTable *now, *old;
	guint max, seen_max;
	guint *seen;  /* (hash, n_seen when added) of keys added but not kept, in sets (kept.c) */
	guint n_seen; /* keys added but not kept */
	GDestroyNotify free;
	ocop_kept_shared *shared; /* or NULL */
	ocop_kept_copy copy;
} ocop_kept;
/* shared: the table of r's kept set for element index (lines: its lines' table), or NULL */
void ocop_kept_init(ocop_kept *k, guint max, guint seen, GDestroyNotify free_value, ocop_kept_shared *shared,
                    ocop_kept_copy copy);
ocop_kept_shared *ocop_kept_shared_of(const ocop_renderer *r, size_t index, bool lines);
/* The value kept for key (here, or a copy of the shared table's, kept here from now on), or NULL */
void *ocop_kept_find(ocop_kept *k, const char *key);
/* v, made for key (not found), kept (true) when key comes back; else (false) it stays the caller's. A copy
 * goes to the shared table when key comes back there (from any thread). */
bool ocop_kept_add(ocop_kept *k, const char *key, void *v);
void ocop_kept_clear(ocop_kept *k);

/* One font run of a shaped text: the glyphs as Pango shaped them (empty and unknown ones included), the run's
 * logical left and baseline in Pango units from the text's top-left, and its bytes of the text with the
 * clusters of the glyphs that are drawn. */
typedef struct ocop_shaped_run {
	cairo_scaled_font_t *font; /* a reference */
	int x, baseline;
	PangoGlyphInfo *glyphs;
	int n_glyphs;
	int offset, length;
	cairo_text_cluster_t *clusters;
	int n_clusters;
	cairo_text_cluster_flags_t flags;
} ocop_shaped_run;

/* One line: bytes [start, start + len) of the text, its logical left edge and its baseline (Pango units) */
typedef struct ocop_shaped_line {
	int start, len, x, baseline;
} ocop_shaped_line;

/* A laid-out text as pango_layout_get_extents() and its iterator give it; reference-counted (g_atomic_rc_box),
 * shared by a renderer's caches and its plans, read-only once made. */
struct ocop_shaped {
	char *text;
	int len;
	PangoRectangle ink, log;
	int n_runs, n_lines;
	ocop_shaped_run *runs;
	ocop_shaped_line *lines;
};

/* runs.c */
ocop_shaped *ocop_shaped_from_layout(PangoLayout *l);
/* The lines of l (*n of them), g_malloc'ed */
ocop_shaped_line *ocop_layout_lines(PangoLayout *l, int *n);
ocop_shaped *ocop_shaped_ref(ocop_shaped *s);
void ocop_shaped_unref(ocop_shaped *s); /* NULL-safe */
/* The glyphs of s drawn with its top-left at (x0, y0) mm, as ocop_runs_take() takes them from a layout */
void ocop_shaped_place(ocop_glyph_runs *out, const ocop_shaped *s, double x0, double y0);

/* lines.c: text (no line breaks but paragraph ends, no right-to-left script) laid out unwrapped in e's box at
 * the largest size in 0.1 pt steps that fits, one paragraph at a time, each kept in r's cache of element
 * index's lines: the same glyphs, places and extents as one layout of the whole text (fit.c). Returns the
 * text shaped (*size_pt its size), or NULL when it is not such a text or fits at no size (lay it out whole). */
ocop_shaped *ocop_lines_fit(ocop_renderer *r, const ocop_elem *e, size_t index, const char *text, const GArray *nobreak,
                            double *size_pt);

#endif
