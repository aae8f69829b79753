/* ocoplabel — the GS1 rules that record validation and the Digital Link share: check digits, GTIN lengths, CSET 82, YYMMDD dates. */
#include "core.h"
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
	return ocop_set_error_at(OCOP_EREJECTED, field, OCOP_CODE_CHECK_DIGIT,
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
		char bad[32] = { 0 };
		if (c == ' ')
			g_strlcpy(bad, _("a space"), sizeof bad);
		else {
			gunichar u = g_utf8_get_char_validated(p, -1);
			if (u == (gunichar)-1 || u == (gunichar)-2 || u < 0x20 || u == 0x7f)
				g_snprintf(bad, sizeof bad, "0x%02X", c);
			else
				g_unichar_to_utf8(u, bad + 1), bad[0] = '\'', strcat(bad, "'");
		}
		return ocop_set_error_at(OCOP_EREJECTED, field, OCOP_CODE_CHARSET,
		                         "'%s' has %s at position %ld; GS1 allows only A-Z a-z 0-9 and %s in %s", v, bad, pos,
		                         cset82_specials, what);
	}
	if (pos > OCOP_GS1_MAX_AI)
		return ocop_set_error_at(OCOP_EREJECTED, field, OCOP_CODE_TOO_LONG,
		                         "'%s' is %ld characters; GS1 allows at most %d in %s", v, pos, OCOP_GS1_MAX_AI, what);
	return 0;
}

int ocop_gs1_year_now(int *year, const char *today)
{
	GDate d;
	if (today) {
		if (!ocop_parse_date(today, &d))
			return ocop_set_error_at(OCOP_EINVAL, "today", OCOP_CODE_DATE, "'%s' is not a date (yyyy-mm-dd)", today);
		*year = g_date_get_year(&d);
		return 0;
	}
	/* the local date, as validation reads "today" */
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	*year = tm.tm_year + 1900;
	return 0;
}

/* "00/mm/yyyy": a date whose day GS1 leaves out (YYMM00), as the parser keeps it */
static bool day00(const char *s, unsigned *month, unsigned *year)
{
	if (strlen(s) != 10 || strncmp(s, "00/", 3) != 0 || s[5] != '/')
		return false;
	for (int i = 3; i < 10; i++)
		if (i != 5 && !g_ascii_isdigit(s[i]))
			return false;
	*month = (unsigned)((s[3] - '0') * 10 + (s[4] - '0'));
	*year = (unsigned)g_ascii_strtoull(s + 6, NULL, 10);
	return *month >= 1 && *month <= 12;
}

int ocop_gs1_yymmdd(char out[7], const char *date, int year_now)
{
	GDate d;
	unsigned day = 0, month, year;
	if (!date)
		return -1;
	if (!day00(date, &month, &year)) {
		if (!ocop_parse_date(date, &d))
			return -1;
		day = g_date_get_day(&d), month = g_date_get_month(&d), year = g_date_get_year(&d);
	}
	/* two digits of year read back by the GS1 window (General Specifications 7.12): year_now-49 ... year_now+50 */
	if ((int)year < year_now - 49 || (int)year > year_now + 50)
		return -2;
	g_snprintf(out, 7, "%02u%02u%02u", year % 100, month, day);
	return 0;
}

bool ocop_gs1_from_yymmdd(char out[11], const char *v, int year_now)
{
	if (strlen(v) != 6 || !ocop_all_digits(v))
		return false;
	int yy = (v[0] - '0') * 10 + (v[1] - '0'), mm = (v[2] - '0') * 10 + (v[3] - '0'), dd = (v[4] - '0') * 10 + (v[5] - '0');
	/* GS1 General Specifications 7.12: YY - (year_now mod 100) >= 51 is the last century, <= -50 the next */
	int cy = year_now % 100, century = year_now - cy, diff = yy - cy;
	if (diff >= 51)
		century -= 100;
	else if (diff <= -50)
		century += 100;
	int year = century + yy;
	if (mm < 1 || mm > 12)
		return false;
	/* day 00 (AI 11 and 17: the day is not given) is kept as written: 00/mm/yyyy */
	if (dd != 0 && !g_date_valid_dmy((GDateDay)dd, (GDateMonth)mm, (GDateYear)year))
		return false;
	g_snprintf(out, 11, "%02d/%02d/%04d", dd, mm, year);
	return true;
}
