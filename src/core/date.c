/* ocoplabel — dates as product files write them (dd/mm/yyyy, yyyy-mm-dd), today, and how long an OCOP certificate runs. */
#include "core.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A time of day that is exactly midnight, as spreadsheets write it after a date. */
static bool midnight(const char *t)
{
	return strcmp(t, "00:00") == 0 || strcmp(t, "00:00:00") == 0;
}

bool ocop_parse_date(const char *s, GDate *out)
{
	unsigned d, m, y;
	char tail, date[16];
	if (!s)
		return false;
	/* "2026-11-01 00:00:00", as Excel and LibreOffice export a date cell that has a time format */
	const char *sep = strpbrk(s, " T");
	if (sep) {
		if ((size_t)(sep - s) >= sizeof date || !midnight(sep + 1) || (*sep == 'T' && !strchr(s, '-')))
			return false;
		memcpy(date, s, (size_t)(sep - s));
		date[sep - s] = '\0';
		s = date;
	}
	if (sscanf(s, "%2u/%2u/%4u%c", &d, &m, &y, &tail) == 3 && strlen(s) >= 8 && strlen(s) <= 10) {
		/* dd/mm/yyyy: 4-digit year only, so 01/02/23 is not silently year 23 */
		const char *last = strrchr(s, '/');
		if (strlen(last + 1) != 4)
			return false;
	} else if (sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && strlen(s) == 10) {
		/* ISO yyyy-mm-dd */
	} else {
		return false;
	}
	for (const char *p = s; *p; p++)
		if (!g_ascii_isdigit(*p) && *p != '/' && *p != '-')
			return false;
	if (y < 1900 || y > 2999 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return false;
	g_date_clear(out, 1);
	g_date_set_dmy(out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
	return true;
}

void ocop_date_format(char buf[16], const GDate *d)
{
	g_snprintf(buf, 16, "%02u/%02u/%04u", g_date_get_day(d), g_date_get_month(d), g_date_get_year(d));
}

int ocop_today(GDate *out, const char *today)
{
	if (today) {
		if (!ocop_parse_date(today, out))
			return ocop_set_error_at(OCOP_EINVAL, "today", OCOP_CODE_DATE, "'%s' is not a date (yyyy-mm-dd)", today);
		return 0;
	}
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	g_date_clear(out, 1);
	g_date_set_dmy(out, (GDateDay)tm.tm_mday, (GDateMonth)(tm.tm_mon + 1), (GDateYear)(tm.tm_year + 1900));
	return 0;
}

void ocop_cert_until(GDate *until, const GDate *cert)
{
	*until = *cert;
	g_date_add_months(until, OCOP_CERT_MONTHS);
}
