/* ocoplabel — the name a file is downloaded or saved as, made of a product's name and lot or of an uploaded file's name: Vietnamese folded to ASCII, dashes. */
#include "util.h"
#include <stdlib.h>
#include <string.h>

/* text folded to ASCII letters and digits (đ d, ắ a, Ø O), every other run of characters one dash, none at either
 * end; lower case when asked */
static void fold(GString *out, const char *text, int lower)
{
	if (!text || !*text)
		return;
	char *valid = g_utf8_make_valid(text, -1);
	/* g_str_to_ascii knows no đ/Đ (a letter of its own, not a d with a mark) */
	GString *d = g_string_new(valid);
	g_string_replace(d, "đ", "d", 0);
	g_string_replace(d, "Đ", "D", 0);
	char *ascii = g_str_to_ascii(d->str, "C");
	g_string_free(d, TRUE);
	g_free(valid);
	int dash = out->len > 0;
	for (const char *c = ascii; *c; c++) {
		if (g_ascii_isalnum(*c)) {
			if (dash && out->len > 0)
				g_string_append_c(out, '-');
			dash = 0;
			g_string_append_c(out, lower ? g_ascii_tolower(*c) : *c);
		} else {
			dash = 1;
		}
	}
	g_free(ascii);
}

char *ocop_download_name(const char *name, const char *lot)
{
	GString *s = g_string_new(NULL);
	fold(s, name, 1);
	fold(s, lot, 0);
	if (s->len > 80) { /* a file name a clerk can read; cut at a dash when there is one */
		g_string_truncate(s, 80);
		char *dash = strrchr(s->str, '-');
		if (dash && dash - s->str > 40)
			g_string_truncate(s, (gsize)(dash - s->str));
	}
	char *r = strdup(s->len ? s->str : "label");
	g_string_free(s, TRUE);
	return r;
}
