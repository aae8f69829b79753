/* ocoplabel — the traceability URL carried by the QR code: checked, ASCII-only, or built from the resolver. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

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

int ocop_trace_url(char **out, const ocop_template *t, const ocop_record *rec)
{
	if (!out || !t || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_trace_url: NULL argument");
	*out = NULL;
	const char *given = ocop_record_get(rec, "trace_url");
	char *g = NULL;
	if (given) {
		int err = ocop_trace_check_url(&g, given);
		if (err < 0) {
			char *msg = g_strdup(ocop_error_last());
			ocop_set_error(err, "trace_url: %s", msg);
			g_free(msg);
			return err;
		}
	} else {
		const char *gtin = ocop_record_get(rec, "gtin");
		if (!gtin || (strlen(gtin) != 13 && strlen(gtin) != 8))
			return ocop_set_error(OCOP_EINVALID, "gtin: needed to build the trace URL");
		const char *base = t->resolver;
		size_t bl = strlen(base);
		while (bl > 0 && base[bl - 1] == '/')
			bl--;
		/* GTIN-14: the EAN-13 (or EAN-8) padded with leading zeros */
		g = g_strdup_printf("%.*s/01/%014llu", (int)bl, base, (unsigned long long)g_ascii_strtoull(gtin, NULL, 10));
	}
	*out = strdup(g);
	g_free(g);
	return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
}
