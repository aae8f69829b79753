/* ocoplabel — the web address a QR code carries: an absolute http(s) URL, checked and made ASCII. */
#include "core.h"
#include <string.h>

int ocop_url_check(char **out, const char *url)
{
	*out = NULL;
	const char *rest;
	if (g_ascii_strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (g_ascii_strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_URL, "'%s' is not an absolute web address; it must start with https:// or http://", url);
	size_t hostlen = strcspn(rest, "/?#");
	if (hostlen == 0)
		return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_URL, "'%s' has no host name after the scheme", url);
	for (size_t i = 0; i < hostlen; i++) {
		unsigned char c = (unsigned char)rest[i];
		if (!(g_ascii_isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c >= 0x80))
			return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_URL, "'%s': the host name contains '%c'", url, c);
	}
	if (rest[0] == '.' || rest[0] == ':' )
		return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_URL, "'%s' has no host name after the scheme", url);
	GString *s = g_string_sized_new(strlen(url) + 16);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			long pos = g_utf8_pointer_to_offset(url, (const char *)p) + 1;
			g_string_free(s, TRUE);
			return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_URL, "'%s' contains a space at character %ld; write it as %%20", url, pos);
		}
		if (*p < 0x20 || *p == 0x7f) {
			g_string_free(s, TRUE);
			return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_URL, "'%s' contains a control character", url);
		}
		if (*p >= 0x80)
			g_string_append_printf(s, "%%%02X", *p);
		else
			g_string_append_c(s, (char)*p);
	}
	if (s->len > 2000) {
		char n[32];
		ocop_format_count(n, sizeof n, s->len);
		g_string_free(s, TRUE);
		return ocop_set_error_at(OCOP_EREJECTED, NULL, OCOP_CODE_TOO_LONG, "the URL is %s characters long; at most 2000 fit in a QR code on a label", n);
	}
	*out = g_string_free(s, FALSE);
	return 0;
}
