/* ocoplabel — the traceability URL carried by the QR code: a given URL checked and made ASCII, or a GS1 Digital Link built and parsed. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ocop_trace_check_url(char **out, const char *url)
{
	*out = NULL;
	const char *rest;
	if (g_ascii_strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (g_ascii_strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return ocop_set_error(OCOP_EINVALID, "'%s' is not an absolute web address; it must start with https:// or http://", url);
	size_t hostlen = strcspn(rest, "/?#");
	if (hostlen == 0)
		return ocop_set_error(OCOP_EINVALID, "'%s' has no host name after the scheme", url);
	for (size_t i = 0; i < hostlen; i++) {
		unsigned char c = (unsigned char)rest[i];
		if (!(g_ascii_isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c >= 0x80))
			return ocop_set_error(OCOP_EINVALID, "'%s': the host name contains '%c'", url, c);
	}
	if (rest[0] == '.' || rest[0] == ':' )
		return ocop_set_error(OCOP_EINVALID, "'%s' has no host name after the scheme", url);
	GString *s = g_string_sized_new(strlen(url) + 16);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			long pos = g_utf8_pointer_to_offset(url, (const char *)p) + 1;
			g_string_free(s, TRUE);
			return ocop_set_error(OCOP_EINVALID, "'%s' contains a space at character %ld; write it as %%20", url, pos);
		}
		if (*p < 0x20 || *p == 0x7f) {
			g_string_free(s, TRUE);
			return ocop_set_error(OCOP_EINVALID, "'%s' contains a control character", url);
		}
		if (*p >= 0x80)
			g_string_append_printf(s, "%%%02X", *p);
		else
			g_string_append_c(s, (char)*p);
	}
	if (s->len > 2000) {
		size_t n = s->len;
		g_string_free(s, TRUE);
		return ocop_set_error(OCOP_EINVALID, "the URL is %zu characters long; at most 2000 fit in a QR code on a label", n);
	}
	*out = g_string_free(s, FALSE);
	return 0;
}

/* ---- GS1 Digital Link ---- */

#define OCOP_GS1_MAX_AI 20

static const char cset82_specials[] = "!\"%&'()*+,-./:;<=>?_";

int ocop_cset82_check(const char *field, const char *what, const char *v)
{
	long pos = 0;
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		pos++;
		unsigned char c = (unsigned char)*p;
		if (c < 0x80 && (g_ascii_isalnum(c) || (c && strchr(cset82_specials, c))))
			continue;
		char bad[8] = { 0 };
		if (c == ' ')
			strcpy(bad, "a space");
		else {
			gunichar u = g_utf8_get_char_validated(p, -1);
			if (u == (gunichar)-1 || u == (gunichar)-2 || u < 0x20 || u == 0x7f)
				g_snprintf(bad, sizeof bad, "0x%02X", c);
			else
				g_unichar_to_utf8(u, bad + 1), bad[0] = '\'', strcat(bad, "'");
		}
		return ocop_set_error(OCOP_EINVALID,
		                      "%s: '%s' has %s at position %ld; GS1 allows only A-Z a-z 0-9 and %s in %s", field, v, bad,
		                      pos, cset82_specials, what);
	}
	if (pos > OCOP_GS1_MAX_AI)
		return ocop_set_error(OCOP_EINVALID, "%s: '%s' is %ld characters; GS1 allows at most %d in %s", field, v, pos,
		                      OCOP_GS1_MAX_AI, what);
	return 0;
}

/* Appends v percent-encoded: only A-Z a-z 0-9 - . _ stay literal (GS1 Digital Link 1.2, 7.4). */
static void pct(GString *s, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (g_ascii_isalnum(*p) || *p == '-' || *p == '.' || *p == '_')
			g_string_append_c(s, (char)*p);
		else
			g_string_append_printf(s, "%%%02X", *p);
	}
}

static bool key_ok(const char *k)
{
	/* a data-attribute key that is not a GS1 AI: short, URL-safe, with a non-digit */
	size_t n = strlen(k);
	bool nondigit = false;
	if (n == 0 || n > 16)
		return false;
	for (const char *p = k; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
		nondigit = nondigit || !g_ascii_isdigit(*p);
	}
	return nondigit;
}

int ocop_link_key_check(const char *k) { return key_ok(k) ? 0 : -1; }

static int link_defaults(ocop_link_options *o, const ocop_link_options *in)
{
	ocop_link_options d = OCOP_LINK_OPTIONS_INIT;
	*o = in ? *in : d;
	if (o->version != OCOP_LINK_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_link_options: unknown version %d", o->version);
	if (!o->resolver || !*o->resolver)
		o->resolver = "https://id.gs1.org";
	if (!o->growing_area_key)
		o->growing_area_key = "vt";
	if (!o->packing_facility_key)
		o->packing_facility_key = "csdg";
	if (*o->growing_area_key && !key_ok(o->growing_area_key))
		return ocop_set_error(OCOP_EINVAL, "growing_area_key: '%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit",
		                      o->growing_area_key);
	if (*o->packing_facility_key && !key_ok(o->packing_facility_key))
		return ocop_set_error(OCOP_EINVAL, "packing_facility_key: '%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit",
		                      o->packing_facility_key);
	return 0;
}

/* YYMMDD of a stored dd/mm/yyyy date */
static bool yymmdd(char out[7], const char *date)
{
	GDate d;
	if (!date || !ocop_parse_date(date, &d))
		return false;
	g_snprintf(out, 7, "%02u%02u%02u", g_date_get_year(&d) % 100, g_date_get_month(&d), g_date_get_day(&d));
	return true;
}

int ocop_link_build(char **out, const ocop_record *rec, const ocop_link_options *opts)
{
	if (!out || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_link_build: NULL argument");
	*out = NULL;
	ocop_link_options o;
	int err = link_defaults(&o, opts);
	if (err < 0)
		return err;
	char *base = NULL;
	if ((err = ocop_trace_check_url(&base, o.resolver)) < 0) {
		char *m = g_strdup(ocop_error_last());
		ocop_set_error(err, "resolver: %s", m);
		g_free(m);
		return err;
	}
	if (strpbrk(base, "?#")) {
		err = ocop_set_error(OCOP_EINVALID, "resolver: '%s' must not have a query or fragment (? or #)", o.resolver);
		g_free(base);
		return err;
	}
	/* a path segment "01" in the resolver would be read back as the GTIN's key */
	const char *path = strchr(strstr(base, "//") + 2, '/');
	for (const char *p = path; p && *p; p = strchr(p + 1, '/'))
		if (strncmp(p, "/01", 3) == 0 && (p[3] == '/' || p[3] == '\0')) {
			err = ocop_set_error(OCOP_EINVALID, "resolver: '%s' has a path segment /01, which a reader would take for the "
			                     "GTIN's key", o.resolver);
			g_free(base);
			return err;
		}
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		base[--bl] = '\0';
	const char *gtin = ocop_record_get(rec, "gtin");
	size_t gl = gtin ? strlen(gtin) : 0;
	bool digits = gl > 0;
	for (size_t i = 0; i < gl; i++)
		digits = digits && g_ascii_isdigit(gtin[i]);
	if (!gtin || !digits || (gl != 8 && gl != 12 && gl != 13 && gl != 14)) {
		g_free(base);
		return ocop_set_error(OCOP_EINVALID, "gtin: %s%s%s is needed for the Digital Link (8, 12, 13 or 14 digits)",
		                      gtin ? "'" : "", gtin ? gtin : "a GTIN", gtin ? "'" : "");
	}
	int check = ocop_gtin_check_digit(gtin, gl - 1);
	if (check != gtin[gl - 1] - '0') {
		g_free(base);
		/* the words of the record rules (validate.c), so that url and render say the same */
		return ocop_set_error(OCOP_EINVALID, "gtin: wrong check digit in '%s': the last digit should be %d (%.*s%d)",
		                      gtin, check, (int)(gl - 1), gtin, check);
	}
	static const struct { const char *ai, *field, *what; } quals[] = {
		{ "22", "variant", "a consumer product variant (AI 22)" },
		{ "10", "lot", "a lot number (AI 10)" },
		{ "21", "serial", "a serial number (AI 21)" },
	};
	GString *s = g_string_new(base);
	g_free(base);
	g_string_append_printf(s, "/01/%014llu", (unsigned long long)g_ascii_strtoull(gtin, NULL, 10));
	for (size_t i = 0; i < G_N_ELEMENTS(quals); i++) {
		const char *v = ocop_record_get(rec, quals[i].field);
		if (!v)
			continue;
		if ((err = ocop_cset82_check(quals[i].field, quals[i].what, v)) < 0) {
			g_string_free(s, TRUE);
			return err;
		}
		g_string_append_printf(s, "/%s/", quals[i].ai);
		pct(s, v);
	}
	char sep = '?';
	static const struct { const char *ai, *field; } dates[] = { { "11", "production_date" }, { "17", "expiry_date" } };
	for (size_t i = 0; i < G_N_ELEMENTS(dates); i++) {
		const char *v = ocop_record_get(rec, dates[i].field);
		char d6[7];
		if (!v)
			continue;
		if (!yymmdd(d6, v)) {
			g_string_free(s, TRUE);
			return ocop_set_error(OCOP_EINVALID, "%s: '%s' is not a date (dd/mm/yyyy)", dates[i].field, v);
		}
		g_string_append_printf(s, "%c%s=%s", sep, dates[i].ai, d6);
		sep = '&';
	}
	const struct { const char *key, *field; } codes[] = {
		{ o.growing_area_key, "growing_area" }, { o.packing_facility_key, "packing_facility" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
		const char *v = ocop_record_get(rec, codes[i].field);
		if (!v || !*codes[i].key)
			continue;
		g_string_append_printf(s, "%c%s=", sep, codes[i].key);
		pct(s, v);
		sep = '&';
	}
	*out = strdup(s->str);
	g_string_free(s, TRUE);
	return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
}

/* Percent-decodes src[0..n); NULL when an escape is malformed or the result has a NUL. */
static char *unpct(const char *src, size_t n)
{
	GString *s = g_string_sized_new(n);
	for (size_t i = 0; i < n; i++) {
		if (src[i] != '%') {
			g_string_append_c(s, src[i]);
			continue;
		}
		if (i + 2 >= n) {
			g_string_free(s, TRUE);
			return NULL;
		}
		int hi = g_ascii_xdigit_value(src[i + 1]), lo = g_ascii_xdigit_value(src[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			g_string_free(s, TRUE);
			return NULL;
		}
		g_string_append_c(s, (char)(hi * 16 + lo));
		i += 2;
	}
	return g_string_free(s, FALSE);
}

/* dd/mm/yyyy of a GS1 YYMMDD, the century by the GS1 sliding window around this year. */
static bool from_yymmdd(char out[11], const char *v)
{
	if (strlen(v) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (!g_ascii_isdigit(v[i]))
			return false;
	int yy = (v[0] - '0') * 10 + (v[1] - '0'), mm = (v[2] - '0') * 10 + (v[3] - '0'), dd = (v[4] - '0') * 10 + (v[5] - '0');
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int cur = tm.tm_year + 1900, cy = cur % 100, century = cur - cy;
	int diff = yy - cy;
	if (diff >= 51)
		century -= 100;
	else if (diff <= -50)
		century += 100;
	int year = century + yy;
	if (mm < 1 || mm > 12)
		return false;
	if (dd == 0) /* GS1: day 00 means the last day of the month */
		dd = g_date_get_days_in_month((GDateMonth)mm, (GDateYear)year);
	if (!g_date_valid_dmy((GDateDay)dd, (GDateMonth)mm, (GDateYear)year))
		return false;
	g_snprintf(out, 11, "%02d/%02d/%04d", dd, mm, year);
	return true;
}

int ocop_link_parse(ocop_record **out, const char *url, const ocop_link_options *opts)
{
	if (!out || !url)
		return ocop_set_error(OCOP_EINVAL, "ocop_link_parse: NULL argument");
	*out = NULL;
	ocop_link_options o;
	int err = link_defaults(&o, opts);
	if (err < 0)
		return err;
	const char *rest;
	if (g_ascii_strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (g_ascii_strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return ocop_set_error(OCOP_EPARSE, "'%s' is not an http:// or https:// address", url);
	size_t hostlen = strcspn(rest, "/?#");
	if (hostlen == 0)
		return ocop_set_error(OCOP_EPARSE, "'%s' has no host name", url);
	size_t pathlen = strcspn(rest + hostlen, "?#");
	const char *path = rest + hostlen, *query = path[pathlen] == '?' ? path + pathlen + 1 : NULL;
	size_t querylen = query ? strcspn(query, "#") : 0;
	char *pathcopy = g_strndup(path, pathlen);
	char **seg = g_strsplit(pathcopy, "/", -1);
	g_free(pathcopy);
	int nseg = (int)g_strv_length(seg);
	ocop_record *rec = NULL;
	GString *resolver = NULL;
	if ((err = ocop_record_new(&rec)) < 0)
		goto done;
	/* the primary key: the first "01" segment followed by a GTIN */
	int k = -1;
	for (int i = 0; i + 1 < nseg && k < 0; i++)
		if (strcmp(seg[i], "01") == 0)
			k = i;
	if (k < 0) {
		err = ocop_set_error(OCOP_EPARSE, "'%s' is not a GS1 Digital Link: no /01/{GTIN} in its path", url);
		goto done;
	}
	resolver = g_string_new_len(url, (gssize)(rest - url + (gssize)hostlen));
	for (int i = 1; i < k; i++)
		if (*seg[i])
			g_string_append_printf(resolver, "/%s", seg[i]);
	ocop_record_set(rec, "resolver", resolver->str, -1);
	const char *g = seg[k + 1];
	size_t gl = strlen(g);
	bool digits = gl == 14 || gl == 13 || gl == 12 || gl == 8;
	for (size_t i = 0; digits && i < gl; i++)
		digits = g_ascii_isdigit(g[i]);
	if (!digits) {
		err = ocop_set_error(OCOP_EPARSE, "'%s': the GTIN after /01/ must be 8, 12, 13 or 14 digits", g);
		goto done;
	}
	int check = ocop_gtin_check_digit(g, gl - 1);
	if (check != g[gl - 1] - '0') {
		err = ocop_set_error(OCOP_EPARSE, "'%s': wrong GTIN check digit: the last digit should be %d (%.*s%d)", g, check,
		                     (int)(gl - 1), g, check);
		goto done;
	}
	/* 14 digits with leading zeros: the EAN-13 or EAN-8 printed under the bars */
	const char *gshort = g;
	if (gl == 14 && strncmp(g, "000000", 6) == 0)
		gshort = g + 6;
	else if (gl == 14 && g[0] == '0')
		gshort = g + 1;
	ocop_record_set(rec, "gtin", gshort, -1);
	static const struct { const char *ai, *field; } quals[] = { { "22", "variant" }, { "10", "lot" }, { "21", "serial" } };
	size_t next = 0;
	for (int i = k + 2; i < nseg; i += 2) {
		if (!*seg[i] && i == nseg - 1)
			break; /* a trailing slash */
		size_t q = next;
		while (q < G_N_ELEMENTS(quals) && strcmp(seg[i], quals[q].ai) != 0)
			q++;
		if (q == G_N_ELEMENTS(quals) || i + 1 >= nseg) {
			err = ocop_set_error(OCOP_EPARSE, "'%s': unexpected path segment '/%s' after the GTIN (a Digital Link may have "
			                     "/22, /10 and /21, in this order, each with a value)", url, seg[i]);
			goto done;
		}
		char *v = unpct(seg[i + 1], strlen(seg[i + 1]));
		if (!v || !*v) {
			g_free(v);
			err = ocop_set_error(OCOP_EPARSE, "'%s': the value of /%s/ is empty or badly percent-encoded", url, seg[i]);
			goto done;
		}
		err = ocop_record_set(rec, quals[q].field, v, -1);
		g_free(v);
		if (err < 0) {
			err = ocop_set_error(OCOP_EPARSE, "'%s': the value of /%s/ is not text", url, seg[i]);
			goto done;
		}
		next = q + 1;
	}
	/* data attributes */
	for (size_t i = 0; query && i < querylen;) {
		size_t n = strcspn(query + i, "&#");
		if (n > querylen - i)
			n = querylen - i;
		const char *pair = query + i, *eq = memchr(pair, '=', n);
		i += n + 1;
		if (n == 0)
			continue;
		if (!eq) {
			err = ocop_set_error(OCOP_EPARSE, "'%s': query part '%.*s' has no '='", url, (int)n, pair);
			goto done;
		}
		char *key = unpct(pair, (size_t)(eq - pair)), *val = unpct(eq + 1, (size_t)(pair + n - eq - 1));
		const char *field = NULL;
		char date[11];
		const char *value = val;
		if (key && strcmp(key, "11") == 0)
			field = "production_date";
		else if (key && strcmp(key, "17") == 0)
			field = "expiry_date";
		else if (key && *o.growing_area_key && strcmp(key, o.growing_area_key) == 0)
			field = "growing_area";
		else if (key && *o.packing_facility_key && strcmp(key, o.packing_facility_key) == 0)
			field = "packing_facility";
		else
			field = key;
		if (val && (strcmp(field ? field : "", "production_date") == 0 || strcmp(field ? field : "", "expiry_date") == 0)) {
			if (!from_yymmdd(date, val)) {
				err = ocop_set_error(OCOP_EPARSE, "'%s': %s=%s is not a date (YYMMDD)", url, key, val);
				g_free(key);
				g_free(val);
				goto done;
			}
			value = date;
		}
		if (!key || !val || !*key || ocop_record_set(rec, field, value, -1) < 0) {
			err = ocop_set_error(OCOP_EPARSE, "'%s': query part '%.*s' is badly percent-encoded", url, (int)n, pair);
			g_free(key);
			g_free(val);
			goto done;
		}
		g_free(key);
		g_free(val);
	}
	*out = rec;
	rec = NULL;
done:
	if (resolver)
		g_string_free(resolver, TRUE);
	g_strfreev(seg);
	ocop_record_free(rec);
	return err;
}

int ocop_trace_url_with(char **out, const ocop_template *t, const ocop_record *rec, const char *resolver)
{
	if (!out || !t || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_trace_url: NULL argument");
	*out = NULL;
	const char *given = ocop_record_get(rec, "trace_url");
	if (given) {
		char *g = NULL;
		int err = ocop_trace_check_url(&g, given);
		if (err < 0) {
			char *msg = g_strdup(ocop_error_last());
			ocop_set_error(err, "trace_url: %s", msg);
			g_free(msg);
			return err;
		}
		*out = strdup(g);
		g_free(g);
		return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	lo.resolver = resolver && *resolver ? resolver : t->resolver;
	lo.growing_area_key = t->growing_area_key;
	lo.packing_facility_key = t->packing_facility_key;
	return ocop_link_build(out, rec, &lo);
}

int ocop_trace_url(char **out, const ocop_template *t, const ocop_record *rec)
{
	return ocop_trace_url_with(out, t, rec, NULL);
}
