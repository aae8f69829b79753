/* ocoplabel — values kept by key between labels in two generations, only once they come back (laid-out texts, shaped lines). */
#include "text.h"

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

void ocop_kept_init(ocop_kept *k, guint max, guint seen, GDestroyNotify free_value)
{
	*k = (ocop_kept){ .max = max, .seen_max = seen, .free = free_value };
}

void *ocop_kept_find(ocop_kept *k, const char *key)
{
	void *v = k->now ? g_hash_table_lookup(k->now, key) : NULL;
	gpointer old_key = NULL;
	if (!v && k->old && g_hash_table_steal_extended(k->old, key, &old_key, &v))
		keep_now(k, old_key, v);
	return v;
}

/* Kept only when it comes back (a key seen before, among the last seen_max added but not kept): a value new
 * on every row (a lot with its dates, a serial) is made once and dropped by the caller, instead of filling
 * the tables with values that never return. */
bool ocop_kept_add(ocop_kept *k, const char *key, void *v)
{
	guint h = g_str_hash(key);
	bool back = false;
	if (!k->seen)
		k->seen = g_new0(guint, k->seen_max);
	for (guint i = 0; i < MIN(k->n_seen, k->seen_max) && !back; i++)
		back = k->seen[i] == h;
	if (!back) {
		k->seen[k->n_seen++ % k->seen_max] = h;
		return false;
	}
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
