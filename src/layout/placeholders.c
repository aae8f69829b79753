/* ocoplabel — expanding {placeholders} of template text (lines whose placeholders are all empty are dropped), and naming the field to blame when it does not fit. */
#include "text.h"
#include <string.h>

static const char *lookup(const ocop_record *r, const char *key, const char *trace_url, char *buf, size_t bufsz)
{
	if (strcmp(key, "trace_url") == 0)
		return trace_url;
	if (strcmp(key, "origin") == 0)
		return ocop_record_origin(r);
	if (strcmp(key, "gtin14") == 0) {
		const char *g = ocop_record_get(r, "gtin");
		if (!g)
			return NULL;
		g_snprintf(buf, bufsz, "%014llu", (unsigned long long)g_ascii_strtoull(g, NULL, 10));
		return buf;
	}
	return ocop_record_get(r, key);
}

/* Values that must not wrap inside themselves: codes, numbers, dates. */
static bool keep_whole(const char *key)
{
	/* the field table says which fields may wrap; extra fields may, placeholders of our own may not */
	const ocop_field *f = ocop_field_find(key);
	if (f)
		return !f->wrap;
	return strcmp(key, "gtin14") == 0;
}

static void nobreak_add(GArray *nobreak, const char *text, const char *from, const char *to)
{
	int rg[2] = { (int)(from - text), (int)(to - text) };
	g_array_append_vals(nobreak, rg, 2);
}

/* The end of the word at p (the next space, line break or end). */
static const char *word_end(const char *p)
{
	while (*p && *p != ' ' && *p != '\n')
		p++;
	return p;
}

/* Where wrapping would read badly: a number is kept with the word after it
 * ("25 g", "500 ml"), and the last word of a line of text with the word before
 * it when both are short, so no line ends with a word standing alone
 * ("g)", "xuất"). */
static void keep_together(const char *text, GArray *nobreak)
{
	for (const char *p = text; *p; p++)
		if (g_ascii_isdigit(*p) && (p == text || !g_ascii_isalnum(p[-1])) && p[1] != '\0') {
			const char *q = p;
			while (g_ascii_isdigit(*q) || ((*q == ',' || *q == '.') && g_ascii_isdigit(q[1])))
				q++;
			if (*q == ' ' && q[1] && q[1] != ' ' && q[1] != '\n')
				nobreak_add(nobreak, text, p, word_end(q + 1));
			p = q - 1;
		}
	const char *line = text;
	for (;;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		const char *last = end; /* the start of the line's last word, and of the one before */
		while (last > line && last[-1] != ' ')
			last--;
		int words = 1; /* (a line of two or three words would only move its lone word to the front) */
		for (const char *q = line; q < end; q++)
			words += *q == ' ' && q + 1 < end && q[1] != ' ';
		if (words >= 4 && last < end) {
			const char *prev = last - 1;
			while (prev > line && prev[-1] != ' ')
				prev--;
			if (g_utf8_strlen(prev, end - prev) <= 20)
				nobreak_add(nobreak, text, prev, end);
		}
		if (!*end)
			break;
		line = end + 1;
	}
}

char *ocop_expand(const char *tmpl, const ocop_record *r, const char *trace_url, GArray *nobreak)
{
	if (nobreak)
		g_array_set_size(nobreak, 0);
	GString *out = g_string_new(NULL);
	GArray *ranges = g_array_new(FALSE, FALSE, sizeof(int));
	char **lines = g_strsplit(tmpl, "\n", -1);
	for (int li = 0; lines[li]; li++) {
		GString *line = g_string_new(NULL);
		int n_ph = 0, n_filled = 0;
		for (const char *p = lines[li]; *p;) {
			if (p[0] == '{' && p[1] == '{') {
				g_string_append_c(line, '{');
				p += 2;
				continue;
			}
			if (p[0] == '}' && p[1] == '}') {
				g_string_append_c(line, '}');
				p += 2;
				continue;
			}
			const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
			if (!close) {
				g_string_append_c(line, *p++);
				continue;
			}
			char *key = g_strndup(p + 1, (gsize)(close - p - 1));
			char buf[32];
			const char *v = lookup(r, g_strstrip(key), trace_url, buf, sizeof buf);
			n_ph++;
			if (v && *v) {
				n_filled++;
				if (keep_whole(key)) {
					int rg[2] = { (int)line->len, (int)(line->len + strlen(v)) };
					g_array_append_vals(ranges, rg, 2);
				}
				g_string_append(line, v);
			}
			g_free(key);
			p = close + 1;
		}
		if (n_ph == 0 || n_filled > 0) {
			if (out->len)
				g_string_append_c(out, '\n');
			if (nobreak)
				for (guint i = 0; i < ranges->len / 2; i++) {
					int rg[2] = { g_array_index(ranges, int, i * 2) + (int)out->len,
					              g_array_index(ranges, int, i * 2 + 1) + (int)out->len };
					g_array_append_vals(nobreak, rg, 2);
				}
			g_string_append_len(out, line->str, (gssize)line->len);
		}
		g_array_set_size(ranges, 0);
		g_string_free(line, TRUE);
	}
	g_strfreev(lines);
	g_array_free(ranges, TRUE);
	if (nobreak)
		keep_together(out->str, nobreak);
	return g_string_free(out, FALSE);
}

char *ocop_text_blame(const char *tmpl, const ocop_record *r, const char *trace_url)
{
	char *best = NULL;
	long best_len = 0;
	for (const char *p = tmpl; p && *p;) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			p += 2;
			continue;
		}
		const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			p++;
			continue;
		}
		char *key = g_strndup(p + 1, (gsize)(close - p - 1));
		char buf[32];
		const char *v = lookup(r, g_strstrip(key), trace_url, buf, sizeof buf);
		long n = v ? g_utf8_strlen(v, -1) : 0;
		if (n > best_len) {
			g_free(best);
			best = key;
			best_len = n;
		} else {
			g_free(key);
		}
		p = close + 1;
	}
	return best;
}

char *ocop_text_oneline(const char *text, long max)
{
	GString *s = g_string_new(NULL);
	long n = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		if (n == max) {
			g_string_append(s, "…");
			break;
		}
		if (*p == '\n')
			g_string_append(s, " / ");
		else
			g_string_append_unichar(s, g_utf8_get_char(p));
		n++;
	}
	return g_string_free(s, FALSE);
}
