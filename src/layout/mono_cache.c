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
	ocop_mono_store *shared; /* the masks of the document's other renderers (a reference), or NULL */
};

/* The glyph masks that a document's renderers on several threads share (--jobs): a glyph one worker drew apart
 * is copied by the others instead of drawn again (two workers drew each of a roll's 5,960 glyph masks, one each).
 * The store's masks are only ever copied, under its lock; a renderer paints its own copy, as two threads must
 * not paint from one cairo surface at once. A glyph's key names its scaled font, which cairo gives to every
 * thread that asks for the same font face, matrices and options: a key another thread made can be equal. */
struct ocop_mono_store {
	GMutex lock;
	GHashTable *t; /* as a cache's; its entries' masks are not painted */
	size_t bytes;
	size_t copies; /* handed out */
	int refs; /* atomic: taken by the thread that starts the workers, dropped by each worker as it ends */
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

static GHashTable *mono_table(void) { return g_hash_table_new_full(mono_hash, mono_equal, NULL, mono_entry_free); }

static ocop_mono_cache *cache_new(void)
{
	ocop_mono_cache *c = g_new0(ocop_mono_cache, 1);
	c->t = mono_table();
	return c;
}

void ocop_mono_cache_free(ocop_mono_cache *cache)
{
	if (cache) {
		g_hash_table_destroy(cache->t);
		ocop_mono_store_free(cache->shared);
		g_free(cache);
	}
}

ocop_mono_store *ocop_mono_store_new(void)
{
	ocop_mono_store *s = g_new0(ocop_mono_store, 1);
	g_mutex_init(&s->lock);
	s->t = mono_table();
	s->refs = 1;
	return s;
}

void ocop_mono_store_free(ocop_mono_store *s)
{
	if (!s || !g_atomic_int_dec_and_test(&s->refs))
		return;
	g_hash_table_destroy(s->t);
	g_mutex_clear(&s->lock);
	g_free(s);
}

size_t ocop_mono_store_count(ocop_mono_store *s, size_t *copies)
{
	g_mutex_lock(&s->lock);
	size_t n = g_hash_table_size(s->t);
	if (copies)
		*copies = s->copies;
	g_mutex_unlock(&s->lock);
	return n;
}

void ocop_renderer_share_masks(ocop_renderer *r, ocop_mono_store *s)
{
	if (!r->mono_glyphs)
		r->mono_glyphs = cache_new();
	if (s)
		g_atomic_int_inc(&s->refs);
	ocop_mono_store_free(r->mono_glyphs->shared);
	r->mono_glyphs->shared = s;
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
	if (!*cache)
		*cache = cache_new();
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

/* Adds e (its key's font referenced) to table t holding *bytes of masks, emptied first when it is full. */
static void table_add(GHashTable *t, size_t *bytes, mono_entry *e)
{
	size_t n = e->m.s ? (size_t)cairo_image_surface_get_stride(e->m.s) * (size_t)cairo_image_surface_get_height(e->m.s) : 0;
	if (g_hash_table_size(t) >= MONO_CACHE_MAX || *bytes + n > MONO_CACHE_BYTES) {
		g_hash_table_remove_all(t);
		*bytes = 0;
	}
	if (e->k.sf)
		cairo_scaled_font_reference(e->k.sf);
	if (e->k.face)
		cairo_font_face_reference(e->k.face);
	g_hash_table_add(t, e);
	*bytes += n;
}

/* Keeps e, its mask trimmed first. */
static void keep(ocop_mono_cache *c, mono_entry *e)
{
	trim(&e->m);
	table_add(c->t, &c->bytes, e);
}

/* A copy of entry e, its mask in an image of its own (NULL when one cannot be made). */
static mono_entry *entry_copy(const mono_entry *e)
{
	mono_entry *c = g_new0(mono_entry, 1);
	*c = *e;
	if (!e->m.s)
		return c;
	int w = cairo_image_surface_get_width(e->m.s), h = cairo_image_surface_get_height(e->m.s);
	c->m.s = cairo_image_surface_create(cairo_image_surface_get_format(e->m.s), w, h);
	if (cairo_surface_status(c->m.s) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_stride(c->m.s) !=
	                                                                cairo_image_surface_get_stride(e->m.s)) {
		cairo_surface_destroy(c->m.s);
		g_free(c);
		return NULL;
	}
	cairo_surface_flush(c->m.s);
	memcpy(cairo_image_surface_get_data(c->m.s), cairo_image_surface_get_data(e->m.s),
	       (size_t)cairo_image_surface_get_stride(e->m.s) * (size_t)h);
	cairo_surface_mark_dirty(c->m.s);
	return c;
}

/* The store's copy of key k's entry (a new entry for the caller), or NULL. */
static mono_entry *store_find(ocop_mono_store *s, const mono_key *k)
{
	g_mutex_lock(&s->lock);
	const mono_entry *e = g_hash_table_lookup(s->t, k);
	mono_entry *c = e ? entry_copy(e) : NULL;
	s->copies += c != NULL;
	g_mutex_unlock(&s->lock);
	return c;
}

/* A copy of kept entry e put in the store, unless another thread put one there first. */
static void store_put(ocop_mono_store *s, const mono_entry *e)
{
	mono_entry *c = entry_copy(e);
	if (!c)
		return;
	g_mutex_lock(&s->lock);
	if (!g_hash_table_contains(s->t, &c->k)) {
		table_add(s->t, &s->bytes, c);
		c = NULL;
	}
	g_mutex_unlock(&s->lock);
	if (c) { /* its key holds no reference yet */
		c->k.sf = NULL, c->k.face = NULL;
		mono_entry_free(c);
	}
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
	ocop_mono_store *shared = (*cache)->shared;
	if (shared && (e = store_find(shared, &k))) { /* drawn apart by another thread: its mask is the same */
		table_add((*cache)->t, &(*cache)->bytes, e);
		if (!paint_kept(cr, cache, &k, &e)) /* (painted as a mask kept here is) */
			ocop_mono_glyph_apart(cr, g, NULL);
		return;
	}
	e = g_new0(mono_entry, 1);
	e->k = k;
	ocop_mono_glyph_apart(cr, g, &e->m);
	keep(*cache, e);
	if (shared)
		store_put(shared, e);
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
