/* ocoplabel fuzz targets — fuzz input as "key=value" lines set into a record. */
#ifndef OCOP_FUZZ_FIELDS_H
#define OCOP_FUZZ_FIELDS_H

#include "core.h" /* the record, and ocop_url_check for fuzz_link */
#include <string.h>

static inline void fuzz_fields(ocop_record *r, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != '\n')
			e++;
		const char *eq = memchr(s + i, '=', e - i);
		if (eq && eq > s + i) {
			char *k = g_strndup(s + i, (gsize)(eq - (s + i)));
			ocop_record_set(r, k, eq + 1, (long)(e - (size_t)(eq + 1 - s)));
			g_free(k);
		}
		i = e + 1;
	}
}

#endif
