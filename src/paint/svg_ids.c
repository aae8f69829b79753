/* ocoplabel — SVG output made reproducible: cairo names the images of an SVG file after a
 * counter shared by the whole process ("image25", "surface19"), so the same label gets other
 * names after other labels were drawn, and different ones on each run when threads draw at
 * once. This renumbers them in the order they appear in the file. */
#include "paint.h"

#include <string.h>

typedef struct id_map {
	GHashTable *ids;      /* "image25" -> number given */
	unsigned next;
} id_map;

/* The length of a cairo id at s ("image" or "surface" and digits), 0 when there is none. */
static size_t id_at(const char *s, size_t n, size_t *prefix)
{
	static const char *const names[] = { "image", "surface" };
	for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
		size_t p = strlen(names[k]), i = p;
		if (n < p + 1 || memcmp(s, names[k], p) != 0)
			continue;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == p || (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))))
			return 0;
		*prefix = p;
		return i;
	}
	return 0;
}

GByteArray *ocop_svg_renumber(const unsigned char *data, size_t len)
{
	GByteArray *out = g_byte_array_sized_new((guint)len + 64);
	id_map m[2] = { { g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), 1 },
	                { g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), 1 } };
	const char *s = (const char *)data;
	size_t i = 0, copied = 0;
	while (i < len) {
		/* an id is named after 'id="' or referenced after '#' */
		size_t start = 0;
		if (s[i] == '#')
			start = i + 1;
		else if (i + 4 <= len && memcmp(s + i, "id=\"", 4) == 0)
			start = i + 4;
		if (!start) {
			i++;
			continue;
		}
		size_t prefix = 0, n = id_at(s + start, len - start, &prefix);
		if (!n) {
			i = start;
			continue;
		}
		id_map *map = &m[prefix == 5 ? 0 : 1];
		char *key = g_strndup(s + start, n);
		gpointer v = g_hash_table_lookup(map->ids, key);
		if (!v) {
			v = GUINT_TO_POINTER(map->next++);
			g_hash_table_insert(map->ids, key, v);
		} else
			g_free(key);
		char num[16];
		int w = g_snprintf(num, sizeof num, "%u", GPOINTER_TO_UINT(v));
		g_byte_array_append(out, data + copied, (guint)(start + prefix - copied));
		g_byte_array_append(out, (const guint8 *)num, (guint)w);
		i = copied = start + n;
	}
	g_byte_array_append(out, data + copied, (guint)(len - copied));
	g_hash_table_destroy(m[0].ids);
	g_hash_table_destroy(m[1].ids);
	return out;
}
