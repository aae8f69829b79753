/* ocoplabel — the traceability URL carried by the QR code: a given URL checked and made ASCII, or a GS1 Digital Link built and parsed. */
#include "core.h"
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/* ---- GS1 Digital Link ---- */

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

/* the key qualifiers of AI 01, in the order of the path (GS1 Digital Link 1.2); what: for messages, translated there */
static const struct { const char *ai, *field, *what; } quals[] = {
	{ "22", "variant", N_("a consumer product variant (AI 22)") },
	{ "10", "lot", N_("a lot number (AI 10)") },
	{ "21", "serial", N_("a serial number (AI 21)") },
};

static int link_defaults(ocop_link_options *o, int *year_now, const ocop_link_options *in)
{
	ocop_link_options d = OCOP_LINK_OPTIONS_INIT;
	*o = d;
	if (in && in->version == 1) /* a version 1 struct ends before today */
		memcpy(o, in, offsetof(ocop_link_options, today));
	else if (in)
		*o = *in;
	if (ocop_check_version(OCOP_VERSIONED_LINK, o->version) < 0)
		return OCOP_EINVAL;
	int err = ocop_gs1_year_now(year_now, o->today);
	if (err < 0)
		return err;
	if (!o->resolver || !*o->resolver)
		/* NOTR: GS1's global resolver */
		o->resolver = "https://id.gs1.org";
	if (!o->growing_area_key)
		o->growing_area_key = "vt";
	if (!o->packing_facility_key)
		o->packing_facility_key = "csdg";
	if (*o->growing_area_key && !key_ok(o->growing_area_key))
		return ocop_set_error_at(OCOP_EINVAL, "growing_area_key", OCOP_CODE_CHARSET, "'%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit",
		                      o->growing_area_key);
	if (*o->packing_facility_key && !key_ok(o->packing_facility_key))
		return ocop_set_error_at(OCOP_EINVAL, "packing_facility_key", OCOP_CODE_CHARSET, "'%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit",
		                      o->packing_facility_key);
	return 0;
}

int ocop_link_build(char **out, const ocop_record *rec, const ocop_link_options *opts)
{
	if (!out || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_link_build: NULL argument");
	*out = NULL;
	ocop_link_options o;
	int year_now, err = link_defaults(&o, &year_now, opts);
	if (err < 0)
		return err;
	char *base = NULL;
	if ((err = ocop_url_check(&base, o.resolver)) < 0)
		return ocop_set_error_at(err, "resolver", ocop_error_code(), "%s", ocop_error_message());
	if (strpbrk(base, "?#")) {
		err = ocop_set_error_at(OCOP_EREJECTED, "resolver", OCOP_CODE_URL, "'%s' must not have a query or fragment (? or #)",
		                        o.resolver);
		g_free(base);
		return err;
	}
	/* a path segment "01" in the resolver would be read back as the GTIN's key */
	const char *path = strchr(strstr(base, "//") + 2, '/');
	for (const char *p = path; p && *p; p = strchr(p + 1, '/'))
		if (strncmp(p, "/01", 3) == 0 && (p[3] == '/' || p[3] == '\0')) {
			err = ocop_set_error_at(OCOP_EREJECTED, "resolver", OCOP_CODE_URL, "'%s' has a path segment /01, which a reader would take for the "
			                     "GTIN's key", o.resolver);
			g_free(base);
			return err;
		}
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		base[--bl] = '\0';
	const char *gtin = ocop_record_get(rec, "gtin");
	size_t gl = gtin ? strlen(gtin) : 0;
	if (!gtin) {
		g_free(base);
		return ocop_set_error_at(OCOP_EREJECTED, "gtin", OCOP_CODE_REQUIRED,
		                         "a GTIN is needed for the Digital Link (8, 12, 13 or 14 digits)");
	}
	if (!ocop_all_digits(gtin) || !ocop_gtin_length_ok(gl)) {
		g_free(base);
		return ocop_set_error_at(OCOP_EREJECTED, "gtin", !ocop_all_digits(gtin) ? OCOP_CODE_DIGITS : OCOP_CODE_LENGTH,
		                         "'%s' is needed for the Digital Link (8, 12, 13 or 14 digits)", gtin);
	}
	if ((err = ocop_gtin_check("gtin", gtin)) < 0) {
		g_free(base);
		return err;
	}
	GString *s = g_string_new(base);
	g_free(base);
	g_string_append_printf(s, "/01/%014llu", (unsigned long long)g_ascii_strtoull(gtin, NULL, 10));
	for (size_t i = 0; i < G_N_ELEMENTS(quals); i++) {
		const char *v = ocop_record_get(rec, quals[i].field);
		if (!v)
			continue;
		if ((err = ocop_cset82_check(quals[i].field, _(quals[i].what), v)) < 0) {
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
		int r = ocop_gs1_yymmdd(d6, v, year_now);
		if (r < 0) {
			g_string_free(s, TRUE);
			if (r == -1)
				return ocop_set_error_at(OCOP_EREJECTED, dates[i].field, OCOP_CODE_DATE, "'%s' is not a date (dd/mm/yyyy)", v);
			return ocop_set_error_at(OCOP_EREJECTED, dates[i].field, OCOP_CODE_DATE,
			                         "'%s' cannot go into a Digital Link: its two-digit year (YYMMDD) is read as a year "
			                         "from %d to %d (GS1's window around %d)",
			                         v, year_now - 49, year_now + 50, year_now);
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
	/* what is written must read back: a resolver the parser refuses (its host, its path) is refused here,
	 * with the parser's reason, rather than printed in a QR code no phone can follow */
	ocop_record *back = NULL;
	if ((err = ocop_link_parse(&back, s->str, opts)) < 0) {
		char *why = g_strdup(ocop_error_message());
		err = ocop_set_error_at(OCOP_EREJECTED, "resolver", OCOP_CODE_URL, "'%s' gives a Digital Link that does not read "
		                        "back (%s)", o.resolver, why);
		g_free(why);
		g_string_free(s, TRUE);
		return err;
	}
	ocop_record_free(back);
	*out = strdup(s->str);
	g_string_free(s, TRUE);
	return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
}

/* Percent-decodes src[0..n); NULL when an escape is malformed or the result has a NUL. In a query '+' is a
 * space, as GS1's reference parser reads it; in the path it is a '+'. */
static char *unpct(const char *src, size_t n, bool query)
{
	GString *s = g_string_sized_new(n);
	for (size_t i = 0; i < n; i++) {
		if (src[i] != '%') {
			g_string_append_c(s, query && src[i] == '+' ? ' ' : src[i]);
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

/* a field of the record that the link itself sets, which a query attribute of the same name would overwrite */
static bool link_field(const char *k)
{
	static const char *const own[] = { "resolver", "gtin", "variant", "lot", "serial", "production_date",
		                           "expiry_date", "growing_area", "packing_facility" };
	for (size_t i = 0; i < G_N_ELEMENTS(own); i++)
		if (strcmp(k, own[i]) == 0)
			return true;
	return false;
}

/* The path value of quals[q] (raw[0..n) as written): decoded, CSET 82, at most 20 characters, set in rec. */
static int path_value(ocop_record *rec, size_t q, const char *url, const char *raw)
{
	if (!*raw)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the value of /%s/ is empty", url, quals[q].ai);
	char *v = unpct(raw, strlen(raw), false);
	if (!v)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the value of /%s/ is badly percent-encoded", url,
		                         quals[q].ai);
	int err = 0;
	if (!g_utf8_validate(v, -1, NULL)) {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the value of /%s/ is not text", url, quals[q].ai);
	} else if (ocop_cset82_check(quals[q].field, _(quals[q].what), v) < 0) {
		/* the words of the builder, with the parser's return code */
		char *m = g_strdup(ocop_error_message()), *c = g_strdup(ocop_error_code());
		err = ocop_set_error_at(OCOP_EPARSE, quals[q].field, c, "%s", m);
		g_free(m);
		g_free(c);
	} else if (ocop_record_set(rec, quals[q].field, v, -1) < 0) {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the value of /%s/ is not text", url, quals[q].ai);
	}
	g_free(v);
	return err;
}

/* One key=value of the query: key decoded, raw the value as written. */
static int query_param(ocop_record *rec, const ocop_link_options *o, int year_now, const char *url, const char *key,
                       const char *raw, size_t rawlen, const char *pair, size_t pairlen)
{
	char *val = unpct(raw, rawlen, true), date[11], msg[160];
	const char *field = key, *value = val;
	int err = 0;
	if (ocop_all_digits(key)) {
		/* a GS1 Application Identifier */
		size_t q = 0;
		while (q < G_N_ELEMENTS(quals) && strcmp(key, quals[q].ai) != 0)
			q++;
		if (rawlen == 0) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': AI %s in the query has an empty value", url, key);
		} else if (!val) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': query part '%.*s' is badly percent-encoded", url,
			                        (int)pairlen, pair);
		} else if (strcmp(key, "01") == 0) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': AI 01 appears twice: in the path and in the query", url);
		} else if (q < G_N_ELEMENTS(quals) && ocop_record_get(rec, quals[q].field)) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': AI %s appears twice: in the path and in the query", url, key);
		} else if (q < G_N_ELEMENTS(quals)) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK,
			                        "'%s': AI %s belongs in the path, as /%s/{value} after the GTIN (in the order 22, 10, 21), not in the query",
			                        url, key, key);
		} else {
			field = strcmp(key, "11") == 0 ? "production_date" : strcmp(key, "17") == 0 ? "expiry_date" : key;
			int r = field != key ? 0 : ocop_gs1_ai_check(key, val, msg, sizeof msg);
			if (ocop_record_get(rec, field))
				err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': AI %s appears twice in the query", url, key);
			else if (field != key && !ocop_gs1_from_yymmdd(date, val, year_now))
				err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DATE, "'%s': %s=%.*s is not a date (YYMMDD)", url, key, (int)rawlen, raw);
			else if (r < 0)
				err = r;
			else if (r == 1)
				err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK,
				                        "'%s': query key '%s' is all digits, but no GS1 Application Identifier is %s; a key that is "
				                        "not an AI must have a non-digit",
				                        url, key, key);
			else if (r == 2)
				err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': %s=%.*s breaks GS1's rules for AI %s (zint: %s)", url, key,
				                        (int)rawlen, raw, key, msg);
			if (field != key)
				value = date;
		}
	} else {
		/* an attribute that is not an AI (GS1's reference keeps them without reading them) */
		if (*o->growing_area_key && strcmp(key, o->growing_area_key) == 0)
			field = "growing_area";
		else if (*o->packing_facility_key && strcmp(key, o->packing_facility_key) == 0)
			field = "packing_facility";
		else if (link_field(key))
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK,
			                        "'%s': query key '%s' is the name of a field the link itself gives; it cannot be kept as an attribute",
			                        url, key);
	}
	if (err == 0 && (!val || ocop_record_set(rec, field, value, -1) < 0))
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': query part '%.*s' is badly percent-encoded", url,
		                        (int)pairlen, pair);
	g_free(val);
	return err;
}

int ocop_link_parse(ocop_record **out, const char *url, const ocop_link_options *opts)
{
	if (!out || !url)
		return ocop_set_error(OCOP_EINVAL, "ocop_link_parse: NULL argument");
	*out = NULL;
	ocop_link_options o;
	int year_now, err = link_defaults(&o, &year_now, opts);
	if (err < 0)
		return err;
	const char *rest;
	if (g_ascii_strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (g_ascii_strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s' is not an http:// or https:// address", url);
	size_t hostlen = strcspn(rest, "/?#");
	if (hostlen == 0)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s' has no host name", url);
	/* GS1's reference refuses these in a domain (an IPv6 zone "%25lo" among them) */
	size_t bad = strcspn(rest, "_~@!$&'()*+,;=%");
	if (bad < hostlen)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the host name contains '%c'", url, rest[bad]);
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
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s' is not a GS1 Digital Link: no /01/{GTIN} in its path", url);
		goto done;
	}
	resolver = g_string_new_len(url, (gssize)(rest - url + (gssize)hostlen));
	for (int i = 1; i < k; i++)
		if (*seg[i])
			g_string_append_printf(resolver, "/%s", seg[i]);
	ocop_record_set(rec, "resolver", resolver->str, -1);
	const char *g = seg[k + 1];
	size_t gl = strlen(g);
	if (gl != 14 || !ocop_all_digits(g)) {
		/* GS1's reference, by default, takes no zero-suppressed GTIN in /01/ */
		if (ocop_all_digits(g) && ocop_gtin_length_ok(gl))
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK,
			                        "'%s': the GTIN after /01/ must be 14 digits; write this %zu-digit GTIN with leading zeros: %.*s%s", g,
			                        gl, (int)(14 - gl), "000000", g);
		else
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the GTIN after /01/ must be 14 digits", g);
		goto done;
	}
	int check = ocop_gtin_check_digit(g, gl - 1);
	if (check != g[gl - 1] - '0') {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_CHECK_DIGIT, "'%s': wrong GTIN check digit: the last digit should be %d (%.*s%d)", g, check,
		                     (int)(gl - 1), g, check);
		goto done;
	}
	/* 14 digits with leading zeros: the EAN-13 or EAN-8 printed under the bars */
	const char *gshort = g;
	if (strncmp(g, "000000", 6) == 0)
		gshort = g + 6;
	else if (g[0] == '0')
		gshort = g + 1;
	ocop_record_set(rec, "gtin", gshort, -1);
	size_t next = 0;
	for (int i = k + 2; i < nseg; i += 2) {
		if (!*seg[i] && i == nseg - 1) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': the path ends in a slash; it must end with a value", url);
			goto done;
		}
		size_t q = next;
		while (q < G_N_ELEMENTS(quals) && strcmp(seg[i], quals[q].ai) != 0)
			q++;
		if (q == G_N_ELEMENTS(quals) || i + 1 >= nseg) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': unexpected path segment '/%s' after the GTIN (a Digital Link may have "
			                     "/22, /10 and /21, in this order, each with a value)", url, seg[i]);
			goto done;
		}
		if ((err = path_value(rec, q, url, seg[i + 1])) < 0)
			goto done;
		next = q + 1;
	}
	/* data attributes */
	for (size_t i = 0; query && i < querylen;) {
		size_t n = strcspn(query + i, "&#");
		if (n > querylen - i)
			n = querylen - i;
		const char *pair = query + i, *eq = memchr(pair, '=', n);
		i += n + 1;
		/* empty parts ("&&") and parameters without '=' are skipped, as GS1's reference does */
		if (n == 0 || !eq)
			continue;
		char *key = unpct(pair, (size_t)(eq - pair), true);
		if (!key) {
			err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_DIGITAL_LINK, "'%s': query part '%.*s' is badly percent-encoded", url, (int)n, pair);
			goto done;
		}
		if (*key)
			err = query_param(rec, &o, year_now, url, key, eq + 1, (size_t)(pair + n - eq - 1), pair, n);
		g_free(key);
		if (err < 0)
			goto done;
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

int ocop_link_trace_url(char **out, const ocop_record *rec, const ocop_link_options *lo)
{
	*out = NULL;
	const char *given = ocop_record_get(rec, "trace_url");
	if (!given)
		return ocop_link_build(out, rec, lo);
	char *g = NULL;
	int err = ocop_url_check(&g, given);
	if (err < 0)
		return ocop_set_error_at(err, "trace_url", ocop_error_code(), "%s", ocop_error_message());
	*out = strdup(g);
	g_free(g);
	return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
}
