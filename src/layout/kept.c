/* ocoplabel — values kept by key between labels in two generations, only once they come back (laid-out texts, shaped lines); a set of them shared by a document's threads. */
#include "text.h"
#include <string.h>

#define SEEN_WAYS 8 /* hashes of keys not kept, per set (comes_back) */

/* A table that the renderers of several threads keep copies of their values in (the lock held for any use) */
struct ocop_kept_shared {
	GMutex lock;
	ocop_kept k;
};

/* One per document drawn on several threads: per template element, its texts' table and its lines' */
struct ocop_kept_set {
	int refs; /* atomic: taken by the thread that makes the renderers, dropped by each worker as it ends */
	size_t n;
	ocop_kept_shared *texts, *lines;
};

/* Two generations, a bounded approximation of least-recently-used: a value found in the old one moves to
 * the new one; when the new one is full it becomes the old one (the old one is dropped). Values that come
 * back within max to 2 x max different ones stay kept (a cycle of 300 producers emptied a single table
 * before any came back). */
static void keep_now(ocop_kept *k, char *key, void *v)
{
	if (!k->now)
		k->now = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, k->free);
	if (g_hash_table_size(k->now) >= k->max) {
		if (k->old)
			g_hash_table_destroy(k->old);
		k->old = k->now;
		k->now = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, k->free);
	}
	g_hash_table_insert(k->now, key, v);
}

void ocop_kept_init(ocop_kept *k, guint max, guint seen, GDestroyNotify free_value, ocop_kept_shared *shared,
                    ocop_kept_copy copy)
{
	while (seen & (seen - 1)) /* (sets found by the hash's bits: a power of two, at least a set) */
		seen &= seen - 1;
	seen = MAX(seen, SEEN_WAYS);
	*k = (ocop_kept){ .max = max, .seen_max = seen, .free = free_value, .shared = shared, .copy = copy };
	if (shared) {
		g_mutex_lock(&shared->lock);
		if (!shared->k.max) /* (the first renderer to use it sets it up like its own) */
			shared->k = (ocop_kept){ .max = max, .seen_max = seen, .free = free_value };
		g_mutex_unlock(&shared->lock);
	}
}

static void *find_here(ocop_kept *k, const char *key)
{
	void *v = k->now ? g_hash_table_lookup(k->now, key) : NULL;
	gpointer old_key = NULL;
	if (!v && k->old && g_hash_table_steal_extended(k->old, key, &old_key, &v))
		keep_now(k, old_key, v);
	return v;
}

void *ocop_kept_find(ocop_kept *k, const char *key)
{
	void *v = find_here(k, key);
	if (!v && k->shared) {
		/* another thread's: it came back there, so it is kept here at once */
		g_mutex_lock(&k->shared->lock);
		void *sv = find_here(&k->shared->k, key);
		v = sv ? k->copy(sv) : NULL;
		g_mutex_unlock(&k->shared->lock);
		if (v)
			keep_now(k, g_strdup(key), v);
	}
	return v;
}

/* Whether key (its hash h) was added among the last seen_max keys added but not kept; it is now. The hashes
 * are kept in sets of SEEN_WAYS (2 x seen_max slots, each with when it was added), not one ring of seen_max
 * scanned whole: scanning 2,048 at every value added took more time than laying out a lot's text. A key that
 * comes back within seen_max / 2 others is found 999 times in 1,000, at seen_max 19 in 20 (Poisson tails of
 * 2 and 4 to a set); the ring found all of these. None later: kept then, it would be dropped before it came
 * back again (a file of 2,000 lots repeated filled the tables with them). */
static bool comes_back(ocop_kept *k, guint h)
{
	guint n_sets = 2 * k->seen_max / SEEN_WAYS;
	if (!k->seen)
		k->seen = g_new0(guint, 2 * 2 * k->seen_max);
	h = h ? h : 1; /* (0: an empty slot) */
	guint *set = k->seen + (((h * 2654435761u) >> 8) & (n_sets - 1)) * SEEN_WAYS * 2;
	for (int i = 0; i < SEEN_WAYS; i++)
		if (set[2 * i] == h && k->n_seen - set[2 * i + 1] < k->seen_max)
			return true;
	memmove(set + 2, set, (SEEN_WAYS - 1) * 2 * sizeof *set); /* (the set's oldest leaves it) */
	set[0] = h;
	set[1] = ++k->n_seen;
	return false;
}

/* Kept only when it comes back: a value new on every row (a lot with its dates, a serial) is made once and
 * dropped by the caller, instead of filling the tables with values that never return. */
bool ocop_kept_add(ocop_kept *k, const char *key, void *v)
{
	guint h = g_str_hash(key);
	if (k->shared) {
		g_mutex_lock(&k->shared->lock);
		void *c;
		if (comes_back(&k->shared->k, h) && (c = k->copy(v)) != NULL)
			keep_now(&k->shared->k, g_strdup(key), c);
		g_mutex_unlock(&k->shared->lock);
	}
	if (!comes_back(k, h))
		return false;
	keep_now(k, g_strdup(key), v);
	return true;
}

void ocop_kept_clear(ocop_kept *k)
{
	if (k->now)
		g_hash_table_destroy(k->now);
	if (k->old)
		g_hash_table_destroy(k->old);
	g_free(k->seen);
	k->now = k->old = NULL;
	k->seen = NULL;
	k->n_seen = 0;
}

ocop_kept_set *ocop_kept_set_new(const ocop_renderer *r)
{
	ocop_kept_set *s = g_new0(ocop_kept_set, 1);
	s->refs = 1;
	s->n = r->t->n_elems;
	s->texts = g_new0(ocop_kept_shared, s->n ? s->n : 1);
	s->lines = g_new0(ocop_kept_shared, s->n ? s->n : 1);
	for (size_t i = 0; i < s->n; i++) {
		g_mutex_init(&s->texts[i].lock);
		g_mutex_init(&s->lines[i].lock);
	}
	return s;
}

void ocop_kept_set_free(ocop_kept_set *s)
{
	if (!s || !g_atomic_int_dec_and_test(&s->refs))
		return;
	for (size_t i = 0; i < s->n; i++) {
		ocop_kept_clear(&s->texts[i].k);
		ocop_kept_clear(&s->lines[i].k);
		g_mutex_clear(&s->texts[i].lock);
		g_mutex_clear(&s->lines[i].lock);
	}
	g_free(s->texts);
	g_free(s->lines);
	g_free(s);
}

void ocop_renderer_share_kept(ocop_renderer *r, ocop_kept_set *s)
{
	if (s)
		g_atomic_int_inc(&s->refs);
	ocop_kept_set_free(r->kept);
	r->kept = s;
}

ocop_kept_shared *ocop_kept_shared_of(const ocop_renderer *r, size_t index, bool lines)
{
	if (!r->kept || index >= r->kept->n)
		return NULL;
	return lines ? &r->kept->lines[index] : &r->kept->texts[index];
}
