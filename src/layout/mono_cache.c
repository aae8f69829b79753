/* ocoplabel — 1-bit text: a layout's glyphs drawn apart (text_mono.c), each glyph's mask kept per renderer and painted again; likewise the EAN digits of a raster. */
#include "text.h"
#include <stdint.h>
#include <string.h>

/* The cache of glyphs drawn apart (ocop_renderer::mono_glyphs): a glyph of several
 * pieces is drawn as a mask made from its outline, the scaled font, the matrix and
 * its exact place in device space; the same glyph of the same font at the same place
 * (a producer, an address, a caption that repeat on every label of a roll, each label
 * drawn at the same origin) gets the same mask, so it is made once. The key holds
 * every input of glyph_apart (exact doubles: no rounding of the sub-dot phase), so a
 * mask from the cache is the one glyph_apart would make: the output does not depend
 * on what the cache holds (nor on the thread, for --jobs). */
typedef struct mono_key {
	cairo_scaled_font_t *sf; /* referenced while cached: the pointer is not reused */
	cairo_font_face_t *face; /* or a path font's face (ocop_mono_show_outline), referenced likewise */
	const void *tag;         /* or what ocop_mono_show_drawn() draws (a template element) */
	unsigned long glyph;
	double ctm[6];
	double x, y;
} mono_key;

typedef struct mono_entry {
	mono_key k;
	ocop_mono_mask m; /* s NULL and not empty: drawn directly (an unusual glyph), nothing to reuse */
} mono_entry;

#define MONO_CACHE_MAX 8192               /* glyphs kept per renderer ... */
#define MONO_CACHE_BYTES (4 * 1024 * 1024) /* ... and bytes of their masks; emptied when either is reached */

struct ocop_mono_cache {
	GHashTable *t; /* mono_key -> mono_entry (the key is the entry's first member) */
	size_t bytes;  /* of the masks held */
	const double *clip; /* while a layout is shown: its clip in device dots (x0, y0, x1, y1), or NULL */
};

static guint mono_hash(gconstpointer p)
{
	const mono_key *k = p;
	uint64_t h = (uint64_t)k->glyph * 0x9e3779b97f4a7c15u ^ (uintptr_t)k->sf >> 4 ^ (uintptr_t)k->face >> 4 ^
	             (uintptr_t)k->tag >> 4;
	/* the matrix and the place a word at a time (a byte at a time was 2 % of a TSPL roll) */
	const double *d[] = { &k->ctm[0], &k->ctm[1], &k->ctm[2], &k->ctm[3], &k->ctm[4], &k->ctm[5], &k->x, &k->y };
	for (size_t i = 0; i < G_N_ELEMENTS(d); i++) {
		uint64_t w;
		memcpy(&w, d[i], sizeof w);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	return (guint)(h ^ h >> 32);
}

static gboolean mono_equal(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(mono_key)) == 0; }

static void mono_entry_free(gpointer p)
{
	mono_entry *e = p;
	if (e->m.s)
		cairo_surface_destroy(e->m.s);
	if (e->k.sf)
		cairo_scaled_font_destroy(e->k.sf);
	if (e->k.face)
		cairo_font_face_destroy(e->k.face);
	g_free(e);
}

void ocop_mono_cache_free(ocop_mono_cache *cache)
{
	if (cache) {
		g_hash_table_destroy(cache->t);
		g_free(cache);
	}
}

/* The key of a glyph at user (x, y) under cr's matrix. */
static void key_of(mono_key *k, cairo_t *cr, cairo_scaled_font_t *sf, cairo_font_face_t *face, unsigned long glyph,
                   double x, double y)
{
	memset(k, 0, sizeof *k); /* padding compared by memcmp */
	k->sf = sf;
	k->face = face;
	k->glyph = glyph;
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	k->ctm[0] = m.xx, k->ctm[1] = m.yx, k->ctm[2] = m.xy, k->ctm[3] = m.yy, k->ctm[4] = m.x0, k->ctm[5] = m.y0;
	k->x = x, k->y = y;
}

/* Paints the mask kept for k: true when done (a mask, or nothing to draw); *found: k's entry, or NULL. */
static bool paint_kept(cairo_t *cr, ocop_mono_cache **cache, const mono_key *k, mono_entry **found)
{
	if (!*cache) {
		*cache = g_new0(ocop_mono_cache, 1);
		(*cache)->t = g_hash_table_new_full(mono_hash, mono_equal, NULL, mono_entry_free);
	}
	mono_entry *e = g_hash_table_lookup((*cache)->t, k);
	*found = e;
	if (e && e->m.s) {
		ocop_mask_paint(cr, e->m.s, e->m.bx, e->m.by, (*cache)->clip, NULL);
		return true;
	}
	return e && e->m.empty;
}

/* m's mask cut to the dots it paints (a dot of coverage 0 changes nothing): smaller to keep and to paint, and
 * more often inside the dots a text's clip covers whole (ocop_mask_paint()'s straight path) */
static void trim(ocop_mono_mask *m)
{
	if (!m->s || cairo_image_surface_get_format(m->s) != CAIRO_FORMAT_A8)
		return;
	cairo_surface_flush(m->s);
	const unsigned char *d = cairo_image_surface_get_data(m->s);
	int w = cairo_image_surface_get_width(m->s), h = cairo_image_surface_get_height(m->s),
	    st = cairo_image_surface_get_stride(m->s);
	int x0 = w, y0 = h, x1 = -1, y1 = -1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (d[y * st + x])
				x0 = MIN(x0, x), x1 = MAX(x1, x), y0 = MIN(y0, y), y1 = MAX(y1, y);
	if (x1 < 0) { /* nothing to paint */
		cairo_surface_destroy(m->s);
		*m = (ocop_mono_mask){ NULL, 0, 0, true };
		return;
	}
	if (x0 == 0 && y0 == 0 && x1 == w - 1 && y1 == h - 1)
		return;
	cairo_surface_t *t = cairo_image_surface_create(CAIRO_FORMAT_A8, x1 - x0 + 1, y1 - y0 + 1);
	if (cairo_surface_status(t) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(t);
		return;
	}
	cairo_surface_flush(t);
	unsigned char *td = cairo_image_surface_get_data(t);
	int tst = cairo_image_surface_get_stride(t);
	for (int y = y0; y <= y1; y++)
		memcpy(td + (size_t)(y - y0) * (size_t)tst, d + (size_t)y * (size_t)st + x0, (size_t)(x1 - x0 + 1));
	cairo_surface_mark_dirty(t);
	cairo_surface_destroy(m->s);
	m->s = t;
	m->bx += x0;
	m->by += y0;
}

/* Keeps e (its key's font referenced), the cache emptied first when it is full. */
static void keep(ocop_mono_cache *c, mono_entry *e)
{
	trim(&e->m);
	size_t bytes = e->m.s ? (size_t)cairo_image_surface_get_stride(e->m.s) * (size_t)cairo_image_surface_get_height(e->m.s)
	                      : 0;
	if (g_hash_table_size(c->t) >= MONO_CACHE_MAX || c->bytes + bytes > MONO_CACHE_BYTES) {
		g_hash_table_remove_all(c->t);
		c->bytes = 0;
	}
	if (e->k.sf)
		cairo_scaled_font_reference(e->k.sf);
	if (e->k.face)
		cairo_font_face_reference(e->k.face);
	g_hash_table_add(c->t, e);
	c->bytes += bytes;
}

/* glyph_apart through the cache (NULL: no cache). */
static void glyph_apart_cached(cairo_t *cr, cairo_scaled_font_t *sf, cairo_glyph_t g, ocop_mono_cache **cache)
{
	if (!cache) {
		ocop_mono_glyph_apart(cr, g, NULL);
		return;
	}
	mono_key k;
	key_of(&k, cr, sf, NULL, g.index, g.x, g.y);
	mono_entry *e;
	if (paint_kept(cr, cache, &k, &e))
		return;
	if (e) { /* an unusual glyph: drawn as it is, each time */
		ocop_mono_glyph_apart(cr, g, NULL);
		return;
	}
	e = g_new0(mono_entry, 1);
	e->k = k;
	ocop_mono_glyph_apart(cr, g, &e->m);
	keep(*cache, e);
}

void ocop_mono_show_outline(cairo_t *cr, cairo_font_face_t *face, unsigned long glyph, const cairo_path_t *path,
                            double x, double y, ocop_mono_cache **cache)
{
	mono_key k;
	key_of(&k, cr, NULL, face, glyph, x, y);
	mono_entry *e;
	if (paint_kept(cr, cache, &k, &e))
		return;
	if (e) { /* (not made by this function: never kept without a mask) */
		ocop_mono_outline(cr, path, x, y, NULL);
		return;
	}
	e = g_new0(mono_entry, 1);
	e->k = k;
	ocop_mono_outline(cr, path, x, y, &e->m);
	keep(*cache, e);
}

void ocop_mono_show_shaped(cairo_t *cr, const ocop_shaped *s, const double *clip, ocop_mono_cache **cache)
{
	double x0, y0;
	cairo_get_current_point(cr, &x0, &y0);
	double dev[4];
	if (clip && cache && *cache) {
		/* the box in device dots (a raster's matrix only scales and moves) */
		dev[0] = clip[0], dev[1] = clip[1], dev[2] = clip[0] + clip[2], dev[3] = clip[1] + clip[3];
		cairo_user_to_device(cr, &dev[0], &dev[1]);
		cairo_user_to_device(cr, &dev[2], &dev[3]);
		cairo_matrix_t m;
		cairo_get_matrix(cr, &m);
		(*cache)->clip = m.xy == 0 && m.yx == 0 && dev[0] < dev[2] && dev[1] < dev[3] ? dev : NULL;
	}
	cairo_new_path(cr);
	for (int r = 0; r < s->n_runs; r++) {
		const ocop_shaped_run *run = &s->runs[r];
		double x = x0 + (double)run->x / PANGO_SCALE;
		double y = y0 + (double)run->baseline / PANGO_SCALE;
		cairo_save(cr);
		cairo_set_scaled_font(cr, run->font);
		for (int i = 0; i < run->n_glyphs; i++) {
			const PangoGlyphInfo *gi = &run->glyphs[i];
			if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
				glyph_apart_cached(cr, run->font, (cairo_glyph_t){ gi->glyph, x + (double)gi->geometry.x_offset / PANGO_SCALE,
				                                                   y + (double)gi->geometry.y_offset / PANGO_SCALE }, cache);
			x += (double)gi->geometry.width / PANGO_SCALE;
		}
		cairo_restore(cr);
	}
	if (cache && *cache)
		(*cache)->clip = NULL;
}

void ocop_mono_show_drawn(cairo_t *cr, const void *tag, unsigned long n, ocop_draw_fn draw, const void *data,
                          double x, double y, double w, double h, ocop_mono_cache **cache)
{
	mono_key k;
	key_of(&k, cr, NULL, NULL, n, 0, 0);
	k.tag = tag;
	mono_entry *e;
	if (paint_kept(cr, cache, &k, &e))
		return;
	if (e) { /* (never kept without a mask) */
		ocop_mono_drawn(cr, draw, data, x, y, w, h, NULL);
		return;
	}
	e = g_new0(mono_entry, 1);
	e->k = k;
	ocop_mono_drawn(cr, draw, data, x, y, w, h, &e->m);
	keep(*cache, e);
}
