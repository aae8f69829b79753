/* ocoplabel — the resolver's answers kept in memory: a page, linkset or redirect made once per reading of the product files and per day, bounded in bytes, least recently used out first. */
#include "resolver.h"
#include <string.h>

/* An answer is a pure function of the reading and of the request's key (answer_key() in resolve.c: method,
 * target, root, Accept, language, today, link keys). Answers of the registry are never kept: they count scans. */
typedef struct kept {
	char *key;
	ocop_response *r;
	size_t bytes;
	GList link; /* in the recency queue; data = this */
} kept;

struct ocop_answers {
	GMutex lock;
	GHashTable *by_key; /* key -> kept* (owned) */
	GQueue recent;      /* most recent first */
	size_t bytes, max_bytes;
	unsigned day;       /* the day (Julian) of the answers kept; 0: none yet */
};

static void kept_free(gpointer p)
{
	kept *k = p;
	g_free(k->key);
	ocop_response_free(k->r);
	g_free(k);
}

ocop_answers *ocop_answers_new(size_t max_bytes)
{
	ocop_answers *a = g_new0(ocop_answers, 1);
	g_mutex_init(&a->lock);
	a->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, kept_free);
	g_queue_init(&a->recent);
	a->max_bytes = max_bytes;
	return a;
}

void ocop_answers_free(ocop_answers *a)
{
	if (!a)
		return;
	g_hash_table_destroy(a->by_key);
	g_mutex_clear(&a->lock);
	g_free(a);
}

ocop_response *ocop_answers_get(ocop_answers *a, const char *key)
{
	if (!a || !key)
		return NULL;
	g_mutex_lock(&a->lock);
	kept *k = g_hash_table_lookup(a->by_key, key);
	ocop_response *copy = NULL;
	if (k) {
		g_queue_unlink(&a->recent, &k->link);
		g_queue_push_head_link(&a->recent, &k->link);
		copy = ocop_response_copy(k->r);
	}
	g_mutex_unlock(&a->lock);
	return copy;
}

void ocop_answers_today(ocop_answers *a, unsigned day)
{
	if (!a)
		return;
	g_mutex_lock(&a->lock);
	if (a->day != day) {
		/* (the queue's links are inside the answers the table frees) */
		g_queue_init(&a->recent);
		g_hash_table_remove_all(a->by_key);
		a->bytes = 0;
		a->day = day;
	}
	g_mutex_unlock(&a->lock);
}

size_t ocop_answers_bytes(ocop_answers *a)
{
	g_mutex_lock(&a->lock);
	size_t n = a->bytes;
	g_mutex_unlock(&a->lock);
	return n;
}

size_t ocop_answers_max(const ocop_answers *a) { return a->max_bytes; }

void ocop_answers_put(ocop_answers *a, const char *key, const ocop_response *r)
{
	if (!a || !key || !r)
		return;
	size_t bytes = ocop_response_bytes(r) + strlen(key) + sizeof(kept);
	if (bytes > a->max_bytes / 8)
		return; /* one answer never takes more than an eighth */
	ocop_response *copy = ocop_response_copy(r);
	g_mutex_lock(&a->lock);
	if (!g_hash_table_contains(a->by_key, key)) {
		kept *k = g_new0(kept, 1);
		k->key = g_strdup(key);
		k->r = copy;
		k->bytes = bytes;
		k->link.data = k;
		copy = NULL;
		g_hash_table_insert(a->by_key, k->key, k);
		g_queue_push_head_link(&a->recent, &k->link);
		a->bytes += bytes;
		while (a->bytes > a->max_bytes && a->recent.tail) {
			kept *old = a->recent.tail->data;
			g_queue_unlink(&a->recent, &old->link);
			a->bytes -= old->bytes;
			g_hash_table_remove(a->by_key, old->key);
		}
	}
	g_mutex_unlock(&a->lock);
	ocop_response_free(copy); /* another thread kept the same answer first */
}
