/* ocoplabel — the product record: named, normalised UTF-8 fields, and the typed values others read (stars, origin). */
#include "core.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>


struct ocop_record {
	GPtrArray *names;   /* char*, owned */
	GPtrArray *values;  /* char*, owned */
	GHashTable *index;  /* name -> position + 1, once there are more than INDEX_AFTER fields; else NULL */
};

/* A record of a product has about 20 fields, found fastest by a scan; a program that sets thousands
 * (a web form with 160,000 keys) would make every set a scan of all of them: past this many an index. */
#define INDEX_AFTER 32

static void index_added(ocop_record *r);

int ocop_record_new(ocop_record **out)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_record_new: out is NULL");
	*out = NULL;
	ocop_record *r = calloc(1, sizeof *r);
	if (!r)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	r->names = g_ptr_array_new_with_free_func(g_free);
	r->values = g_ptr_array_new_with_free_func(g_free);
	*out = r;
	return 0;
}

ocop_record *ocop_record_copy(const ocop_record *src)
{
	/* the values are already checked and normalised: copied as they are */
	ocop_record *r = NULL;
	if (ocop_record_new(&r) < 0)
		return NULL;
	for (guint i = 0; i < src->names->len; i++) {
		g_ptr_array_add(r->names, g_strdup(g_ptr_array_index(src->names, i)));
		g_ptr_array_add(r->values, g_strdup(g_ptr_array_index(src->values, i)));
		index_added(r);
	}
	return r;
}

static void drop_index(ocop_record *r)
{
	if (r->index)
		g_hash_table_destroy(r->index);
	r->index = NULL;
}

void ocop_record_free(ocop_record *r)
{
	if (!r)
		return;
	drop_index(r);
	g_ptr_array_free(r->names, TRUE);
	g_ptr_array_free(r->values, TRUE);
	free(r);
}

void ocop_record_clear(ocop_record *r)
{
	if (!r)
		return;
	drop_index(r);
	g_ptr_array_set_size(r->names, 0);
	g_ptr_array_set_size(r->values, 0);
}

static int find_field(const ocop_record *r, const char *field)
{
	if (r->index)
		return GPOINTER_TO_INT(g_hash_table_lookup(r->index, field)) - 1;
	for (guint i = 0; i < r->names->len; i++)
		if (strcmp(g_ptr_array_index(r->names, i), field) == 0)
			return (int)i;
	return -1;
}

/* a field added: indexed once the record has more than INDEX_AFTER fields (the keys are the names) */
static void index_added(ocop_record *r)
{
	guint n = r->names->len;
	if (!r->index && n > INDEX_AFTER) {
		r->index = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint i = 0; i + 1 < n; i++)
			g_hash_table_insert(r->index, g_ptr_array_index(r->names, i), GINT_TO_POINTER((int)i + 1));
	}
	if (r->index)
		g_hash_table_insert(r->index, g_ptr_array_index(r->names, n - 1), GINT_TO_POINTER((int)n));
}

const char *ocop_record_origin(const ocop_record *r)
{
	const char *o = ocop_record_get(r, "origin");
	/* NOTR: the default origin a label prints (labels are in Vietnamese) */
	return o ? o : "Việt Nam";
}

/* A star rating as clerks write it: "5 sao", "5 Sao", "5 stars", "5★", "5 *", "★★★★★" -> "5"; NULL when v is
 * not one of those (a plain "5" needs nothing; anything else is left for the rules to name) */
static char *stars_written(const char *v)
{
	const char *p = v;
	if (g_ascii_isdigit(*p) && !g_ascii_isdigit(p[1])) {
		char digit = *p++;
		while (*p == ' ')
			p++;
		static const char *const words[] = { "sao", "stars", "star", "\u2605", "\u2606", "*", "\u2b50" };
		for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
			if (g_ascii_strcasecmp(p, words[i]) == 0)
				return g_strndup(&digit, 1);
		return NULL;
	}
	/* as many black stars as the rating */
	long n = 0;
	for (; *p; p = g_utf8_next_char(p), n++)
		if (g_utf8_get_char(p) != 0x2605)
			return NULL;
	return n >= 1 && n <= 9 ? g_strdup_printf("%ld", n) : NULL;
}

/* Whether [b, e) is in NFC already, as most values are: every character below U+0300 or a precomposed letter of
 * U+1E00-U+1EFF (Vietnamese), none of which is a combining mark, is decomposed by NFC or combines with the
 * character before it. */
static bool nfc_already(const char *b, const char *e)
{
	for (const char *p = b; p < e; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c >= 0x300 && (c < 0x1e00 || c > 0x1eff))
			return false;
	}
	return true;
}

int ocop_record_set(ocop_record *r, const char *field, const char *value, long len)
{
	if (!r || !field || !value)
		return ocop_set_error(OCOP_EINVAL, "ocop_record_set: NULL argument");
	size_t flen = strlen(field);
	if (flen == 0 || flen > OCOP_MAX_FIELD_NAME || !g_utf8_validate(field, (gssize)flen, NULL))
		return ocop_set_error(OCOP_EINVAL, "field name is empty, too long or not UTF-8");
	size_t n = len < 0 ? strlen(value) : (size_t)len;
	char b1[32], b2[32];
	if (n > OCOP_MAX_VALUE)
		return ocop_set_error_at(OCOP_ELIMIT, field, OCOP_CODE_LIMIT, "value is %s bytes; at most %s are allowed",
		                         ocop_format_count(b1, sizeof b1, n), ocop_format_count(b2, sizeof b2, OCOP_MAX_VALUE));
	const char *end = NULL;
	if (!g_utf8_validate_len(value, n, &end)) {
		if (end && (size_t)(end - value) < n && *end == '\0')
			return ocop_set_error_at(OCOP_EUTF8, field, OCOP_CODE_NUL, "contains a NUL byte at byte %zu",
			                         (size_t)(end - value) + 1);
		return ocop_set_error_at(OCOP_EUTF8, field, OCOP_CODE_UTF8, "not valid UTF-8 at byte %zu (save the file as UTF-8)",
		                         (size_t)(end - value) + 1);
	}
	/* trim ASCII and Unicode white space on both ends */
	const char *b = value, *e = value + n;
	while (b < e && g_unichar_isspace(g_utf8_get_char(b)))
		b = g_utf8_next_char(b);
	while (e > b) {
		const char *prev = g_utf8_find_prev_char(b, e);
		if (!prev || !g_unichar_isspace(g_utf8_get_char(prev)))
			break;
		e = prev;
	}
	int idx = find_field(r, field);
	if (b == e) {
		if (idx >= 0) {
			drop_index(r); /* the later fields move: indexed again when the record grows past INDEX_AFTER */
			g_ptr_array_remove_index(r->names, (guint)idx);
			g_ptr_array_remove_index(r->values, (guint)idx);
		}
		return 0;
	}
	char *v = nfc_already(b, e) ? g_strndup(b, (gsize)(e - b)) : g_utf8_normalize(b, e - b, G_NORMALIZE_NFC);
	if (!v)
		return ocop_set_error_at(OCOP_EUTF8, field, OCOP_CODE_UTF8, "cannot normalise text");
	const ocop_field *fd = ocop_field_find(field);
	const char *choice = fd && fd->kind == OCOP_FIELD_CHOICE ? ocop_field_choice(fd, v) : NULL;
	if (choice) {
		g_free(v);
		v = g_strdup(choice);
	} else if (fd && fd->kind == OCOP_FIELD_CODE) {
		char *up = g_ascii_strup(v, -1);
		g_free(v);
		v = up;
	} else if (fd && strcmp(fd->name, "stars") == 0) {
		char *digit = stars_written(v);
		if (digit) {
			g_free(v);
			v = digit;
		}
	} else if (fd && fd->kind == OCOP_FIELD_DATE) {
		GDate d;
		if (ocop_parse_date(v, &d)) {
			g_free(v);
			v = g_strdup_printf("%02u/%02u/%04u", g_date_get_day(&d), g_date_get_month(&d),
			                    g_date_get_year(&d));
		}
	}
	if (idx >= 0) {
		g_free(r->values->pdata[idx]);
		r->values->pdata[idx] = v;
	} else {
		g_ptr_array_add(r->names, g_strdup(field));
		g_ptr_array_add(r->values, v);
		index_added(r);
	}
	return 0;
}

const char *ocop_record_get(const ocop_record *r, const char *field)
{
	if (!r || !field)
		return NULL;
	int i = find_field(r, field);
	return i < 0 ? NULL : g_ptr_array_index(r->values, i);
}

size_t ocop_record_count(const ocop_record *r) { return r ? r->names->len : 0; }

int ocop_record_field(const char **name, const char **value, const ocop_record *r, size_t i)
{
	if (!r || i >= r->names->len)
		return ocop_set_error(OCOP_EINVAL, "field index %zu out of range", i);
	if (name)
		*name = g_ptr_array_index(r->names, i);
	if (value)
		*value = g_ptr_array_index(r->values, i);
	return 0;
}

int ocop_record_stars(const ocop_record *rec)
{
	const char *s = rec ? ocop_record_get(rec, "stars") : NULL;
	return s ? atoi(s) : 0;
}
