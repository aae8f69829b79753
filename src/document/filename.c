/* ocoplabel — file names of labels: patterns with {field} and {n}, made safe for any file system. */
#include "document.h"
#include <string.h>

#define OCOP_MAX_NAME_BYTES 200

static bool reserved_name(const char *s)
{
	/* Windows device names, with or without an extension */
	static const char *const dev[] = { "CON", "PRN", "AUX", "NUL", NULL };
	size_t n = strcspn(s, ".");
	for (int i = 0; dev[i]; i++)
		if (n == 3 && g_ascii_strncasecmp(s, dev[i], 3) == 0)
			return true;
	return n == 4 && (g_ascii_strncasecmp(s, "COM", 3) == 0 || g_ascii_strncasecmp(s, "LPT", 3) == 0) &&
	       s[3] >= '1' && s[3] <= '9';
}

/* A name safe on any file system: no separators, control or reserved
 * characters, no leading dot or space, no trailing dot or space, not a device
 * name, at most OCOP_MAX_NAME_BYTES bytes (cut on a character boundary). */
char *ocop_safe_name(const char *in)
{
	GString *s = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		unsigned char c = *p;
		if (c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c))
			c = '_';
		g_string_append_c(s, (char)c);
	}
	char *v = g_string_free(s, FALSE);
	if (!g_utf8_validate(v, -1, NULL)) {
		char *fixed = g_utf8_make_valid(v, -1);
		g_free(v);
		v = fixed;
	}
	char *nfc = g_utf8_normalize(v, -1, G_NORMALIZE_NFC);
	g_free(v);
	v = nfc ? nfc : g_strdup("label");
	char *start = v;
	while (*start == '.' || *start == ' ')
		start++;
	size_t len = strlen(start);
	if (len > OCOP_MAX_NAME_BYTES) {
		len = OCOP_MAX_NAME_BYTES;
		while (len > 0 && ((unsigned char)start[len] & 0xC0) == 0x80)
			len--;
	}
	while (len > 0 && (start[len - 1] == '.' || start[len - 1] == ' '))
		len--;
	char *out = len ? g_strndup(start, len) : g_strdup("label");
	g_free(v);
	if (reserved_name(out)) {
		char *p = g_strconcat("_", out, NULL);
		g_free(out);
		out = p;
	}
	return out;
}

char *ocop_name_expand(const char *pattern, const ocop_record *rec, unsigned long n)
{
	GString *s = g_string_new(NULL);
	for (const char *p = pattern; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			g_string_append_c(s, *p++);
			continue;
		}
		char *key = g_strndup(p + 1, (gsize)(close - p - 1));
		if (strcmp(key, "n") == 0)
			g_string_append_printf(s, "%05lu", n);
		else {
			const char *v = ocop_record_get(rec, key);
			if (v)
				g_string_append(s, v);
		}
		g_free(key);
		p = close + 1;
	}
	return g_string_free(s, FALSE);
}

char *ocop_name_stem(const char *pattern, const ocop_record *rec, unsigned long n, const char *ext)
{
	char *raw = ocop_name_expand(pattern, rec, n);
	char *stem = ocop_safe_name(raw);
	g_free(raw);
	/* the extension is added by the caller: one given in the pattern is not doubled */
	size_t len = strlen(stem), el = strlen(ext);
	if (len > el && g_ascii_strcasecmp(stem + len - el, ext) == 0)
		stem[len - el] = '\0';
	return stem;
}
