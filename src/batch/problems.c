/* ocoplabel — the problems of a run as a person reads them: in row order (a label refused while it was drawn
 * comes after the rows checked ahead of it), a warning that many rows share word for word given once with the
 * count of the others, and a bound on what is kept. */
#include "batch.h"
#include <string.h>

typedef struct entry {
	ocop_problem pub;     /* strings owned */
	size_t order;         /* arrival: problems of one line keep the order they came in */
} entry;

struct ocop_problems {
	GArray *items;        /* entry */
	GHashTable *groups;   /* "field\x1fcode\x1fmessage" of a warning -> its index + 1 in items */
	size_t max, dropped;
	bool group, sorted;
};

ocop_problems *ocop_problems_new(size_t max, int group)
{
	ocop_problems *p = g_new0(ocop_problems, 1);
	p->items = g_array_new(FALSE, TRUE, sizeof(entry));
	p->groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	p->max = max;
	p->group = group != 0;
	p->sorted = true;
	return p;
}

void ocop_problems_add(ocop_problems *p, size_t line, const ocop_diags *d)
{
	for (size_t i = 0; p && i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		char *key = NULL;
		if (p->group && x->severity == OCOP_SEVERITY_WARNING) {
			key = g_strjoin("\x1f", x->field, x->code, x->message, NULL);
			gsize at = GPOINTER_TO_SIZE(g_hash_table_lookup(p->groups, key));
			if (at) {
				ocop_problem *first = &g_array_index(p->items, entry, at - 1).pub;
				first->repeats++;
				if (line > first->last_line)
					first->last_line = line;
				if (line < first->line) {
					first->line = line;
					p->sorted = false;
				}
				g_free(key);
				continue;
			}
		}
		if (p->max && p->items->len >= p->max) {
			p->dropped++;
			g_free(key);
			continue;
		}
		entry it = { { line, x->severity, g_strdup(x->field), g_strdup(x->code), g_strdup(x->message), 0, line },
			     p->items->len };
		if (p->items->len > 0 && line < g_array_index(p->items, entry, p->items->len - 1).pub.line)
			p->sorted = false;
		g_array_append_val(p->items, it);
		if (key)
			g_hash_table_insert(p->groups, key, GSIZE_TO_POINTER((gsize)p->items->len));
	}
}

/* by line; problems of one line in the order they came */
static int by_line(gconstpointer a, gconstpointer b)
{
	const entry *x = a, *y = b;
	if (x->pub.line != y->pub.line)
		return x->pub.line < y->pub.line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static void sort(ocop_problems *p)
{
	if (p->sorted)
		return;
	g_array_sort(p->items, by_line);
	p->sorted = true;
	/* the groups' indices moved: find them again */
	g_hash_table_remove_all(p->groups);
	for (guint i = 0; p->group && i < p->items->len; i++) {
		const ocop_problem *x = &g_array_index(p->items, entry, i).pub;
		if (x->severity == OCOP_SEVERITY_WARNING)
			g_hash_table_insert(p->groups, g_strjoin("\x1f", x->field, x->code, x->message, NULL),
			                    GSIZE_TO_POINTER((gsize)i + 1));
	}
}

size_t ocop_problems_count(ocop_problems *p)
{
	if (!p)
		return 0;
	sort(p);
	return p->items->len;
}

const ocop_problem *ocop_problems_get(ocop_problems *p, size_t i)
{
	if (!p)
		return NULL;
	sort(p);
	return i < p->items->len ? &g_array_index(p->items, entry, i).pub : NULL;
}

size_t ocop_problems_dropped(const ocop_problems *p) { return p ? p->dropped : 0; }

void ocop_problems_free(ocop_problems *p)
{
	if (!p)
		return;
	for (guint i = 0; i < p->items->len; i++) {
		ocop_problem *it = &g_array_index(p->items, entry, i).pub;
		g_free((char *)it->field);
		g_free((char *)it->code);
		g_free((char *)it->message);
	}
	g_array_free(p->items, TRUE);
	g_hash_table_destroy(p->groups);
	g_free(p);
}
