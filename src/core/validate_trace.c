/* ocoplabel — the record rules of the traceability fields (Circular 02/2024/TT-BKHCN): the product image, the stages' dates, the GLN of the packing site. */
#include "core.h"
#include <string.h>

#define ERR OCOP_SEVERITY_ERROR
#define WARN OCOP_SEVERITY_WARNING

static void check_gln(ocop_diags *d, const ocop_record *r)
{
	const char *v = ocop_record_get(r, "gln");
	if (!v)
		return;
	char q[OCOP_QUOTE_SIZE];
	for (const char *p = v; *p; p = g_utf8_next_char(p))
		if (!g_ascii_isdigit(*p)) {
			char ch[8] = { 0 };
			g_unichar_to_utf8(g_utf8_get_char(p), ch);
			ocop_diags_addc(d, ERR, "gln", OCOP_CODE_DIGITS, "the GLN '%s' must be digits only; found '%s' at character %ld",
			                ocop_quote(q, v), ch, g_utf8_pointer_to_offset(v, p) + 1);
			return;
		}
	size_t n = strlen(v);
	if (n != 13) {
		ocop_diags_addc(d, ERR, "gln", OCOP_CODE_LENGTH, "the GLN '%s' has %zu digits; a GLN has 13, the last a check digit",
		                ocop_quote(q, v), n);
		return;
	}
	int c = ocop_gtin_check_digit(v, 12);
	if (v[12] - '0' != c)
		ocop_diags_addc(d, ERR, "gln", OCOP_CODE_CHECK_DIGIT, "the GLN '%s' ends in %c; its check digit is %d", v, v[12], c);
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && g_ascii_strcasecmp(s + n - m, suffix) == 0;
}

int ocop_image_name_check(const char *v)
{
	if (strstr(v, "://")) {
		if (g_ascii_strncasecmp(v, "https://", 8) != 0)
			return ocop_set_error_at(OCOP_EREJECTED, "image", OCOP_CODE_URL,
			                         "the product image '%s' is a web address that is not https; write an https address "
			                         "or the name of a file beside the product file", v);
		char *enc = NULL;
		int err = ocop_url_check(&enc, v);
		g_free(enc);
		if (err < 0)
			return ocop_set_error_at(OCOP_EREJECTED, "image", OCOP_CODE_URL, "the product image '%s' is not a web address a "
			                         "page can show", v);
		return 0;
	}
	bool outside = g_path_is_absolute(v) || v[0] == '/' || v[0] == '\\' || v[0] == '~' || (g_ascii_isalpha(v[0]) && v[1] == ':');
	char **parts = g_regex_split_simple("[/\\\\]", v, 0, 0);
	for (size_t i = 0; parts[i]; i++)
		if (strcmp(parts[i], "..") == 0)
			outside = true;
	g_strfreev(parts);
	if (outside)
		return ocop_set_error_at(OCOP_EREJECTED, "image", OCOP_CODE_OUTSIDE,
		                         "the product image '%s' is outside the product file's folder; put the photo beside the "
		                         "product file (or in a folder under it) and write its name, e.g. anh/tra-hoa-vang.jpg", v);
	if (!has_suffix_ci(v, ".jpg") && !has_suffix_ci(v, ".jpeg") && !has_suffix_ci(v, ".png") && !has_suffix_ci(v, ".webp"))
		return ocop_set_error_at(OCOP_EREJECTED, "image", OCOP_CODE_IMAGE,
		                         "the product image '%s' is not a photo file a page can show; give a .jpg, .jpeg, .png or "
		                         ".webp file", v);
	return 0;
}

void ocop_validate_trace(ocop_diags *d, const ocop_record *r, const GDate *today)
{
	check_gln(d, r);
	const char *img = ocop_record_get(r, "image");
	if (img && ocop_image_name_check(img) < 0)
		ocop_diags_addc(d, ERR, "image", ocop_error_code(), "%s", ocop_error_message());

	GDate harvest, packing;
	bool has_h = ocop_validate_date(d, r, "harvest_date", &harvest);
	bool has_p = ocop_validate_date(d, r, "packing_date", &packing);
	char b1[16], b2[16];
	if (has_h && has_p && g_date_compare(&packing, &harvest) < 0) {
		ocop_date_format(b1, &packing);
		ocop_date_format(b2, &harvest);
		ocop_diags_addc(d, ERR, "packing_date", OCOP_CODE_DATE_ORDER, "the packing date %s is before the harvest date %s",
		                b1, b2);
	}
	if (has_h && g_date_compare(&harvest, today) > 0) {
		ocop_date_format(b1, &harvest);
		ocop_diags_addc(d, WARN, "harvest_date", OCOP_CODE_FUTURE, "the harvest date %s is in the future", b1);
	}
	if (has_p && g_date_compare(&packing, today) > 0) {
		ocop_date_format(b1, &packing);
		ocop_diags_addc(d, WARN, "packing_date", OCOP_CODE_FUTURE, "the packing date %s is in the future", b1);
	}
}
