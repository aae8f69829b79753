/* ocoplabel — the GS1 rules that record validation and the Digital Link share: check digits, GTIN lengths, CSET 82, YYMMDD dates. */
#include "internal.h"
#include <string.h>
#include <time.h>

static const char cset82_specials[] = "!\"%&'()*+,-./:;<=>?_";

int ocop_gtin_check_digit(const char *d, size_t n)
{
	/* weights 3,1,3,... from the rightmost data digit */
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int w = ((n - i) % 2 == 1) ? 3 : 1;
		sum += (d[i] - '0') * w;
	}
	return (10 - sum % 10) % 10;
}

bool ocop_all_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!g_ascii_isdigit(*s))
			return false;
	return true;
}

bool ocop_gtin_length_ok(size_t n) { return n == 8 || n == 12 || n == 13 || n == 14; }

int ocop_gtin_check(const char *field, const char *gtin)
{
	size_t n = strlen(gtin);
	int c = ocop_gtin_check_digit(gtin, n - 1);
	if (gtin[n - 1] - '0' == c)
		return 0;
	/* the same words wherever a GTIN is checked, so that url, check and render say the same */
	return ocop_set_error_at(OCOP_EINVALID, field, OCOP_CODE_CHECK_DIGIT,
	                         "wrong check digit in '%s': the last digit should be %d (%.*s%d)", gtin, c, (int)(n - 1),
	                         gtin, c);
}

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
		return ocop_set_error_at(OCOP_EINVALID, field, OCOP_CODE_CHARSET,
		                         "'%s' has %s at position %ld; GS1 allows only A-Z a-z 0-9 and %s in %s", v, bad, pos,
		                         cset82_specials, what);
	}
	if (pos > OCOP_GS1_MAX_AI)
		return ocop_set_error_at(OCOP_EINVALID, field, OCOP_CODE_TOO_LONG,
		                         "'%s' is %ld characters; GS1 allows at most %d in %s", v, pos, OCOP_GS1_MAX_AI, what);
	return 0;
}

bool ocop_gs1_yymmdd(char out[7], const char *date)
{
	GDate d;
	if (!date || !ocop_parse_date(date, &d))
		return false;
	g_snprintf(out, 7, "%02u%02u%02u", g_date_get_year(&d) % 100, g_date_get_month(&d), g_date_get_day(&d));
	return true;
}

bool ocop_gs1_from_yymmdd(char out[11], const char *v)
{
	/* the century by the GS1 sliding window around this year */
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
