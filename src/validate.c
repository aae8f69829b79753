/* ocoplabel — the record rules: required fields, stars, GTIN check digits, codes, dates, certificate validity. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OCOP_CERT_MONTHS 36
#define OCOP_CERT_WARN_DAYS 90

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

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!g_ascii_isdigit(*s))
			return false;
	return true;
}

/* "8.93601E+12" or "8,93601E+12": a long number as a spreadsheet shows it in a General cell */
static bool scientific(const char *v)
{
	const char *p = v;
	if (!g_ascii_isdigit(*p))
		return false;
	while (g_ascii_isdigit(*p))
		p++;
	if (*p == '.' || *p == ',') {
		p++;
		while (g_ascii_isdigit(*p))
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+')
		p++;
	if (!g_ascii_isdigit(*p))
		return false;
	while (g_ascii_isdigit(*p))
		p++;
	return *p == '\0';
}

static void check_text(ocop_diags *d, const ocop_record *r, const char *field, const char *what, long max)
{
	const char *v = ocop_record_get(r, field);
	if (!v) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, field, "%s is required", what);
		return;
	}
	long n = g_utf8_strlen(v, -1);
	if (n > max)
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, field, "%s is %ld characters long; at most %ld are allowed",
		               what, n, max);
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c) && c != '\n') {
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, field, "%s contains a control character (U+%04X) at character %ld",
			               what, c, g_utf8_pointer_to_offset(v, p) + 1);
			break;
		}
	}
}

static void check_stars(ocop_diags *d, const ocop_record *r)
{
	const char *v = ocop_record_get(r, "stars");
	if (!v) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "stars", "the OCOP star rating is required (3, 4 or 5)");
		return;
	}
	if (strlen(v) == 1 && v[0] >= '1' && v[0] <= '2') {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "stars",
		               "%s-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark", v);
		return;
	}
	if (!(strlen(v) == 1 && v[0] >= '3' && v[0] <= '5'))
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "stars", "'%s' is not a star rating; write 3, 4 or 5", v);
}

static void check_gtin(ocop_diags *d, const ocop_record *r)
{
	const char *v = ocop_record_get(r, "gtin");
	if (!v) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "gtin", "the barcode number (GTIN, 13 digits) is required");
		return;
	}
	if (!all_digits(v) && scientific(v)) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "gtin",
		               "'%s' is the barcode number turned into a number in scientific notation by Excel, and its last "
		               "digits are lost; format the column as Text (or type an apostrophe before the number, as in "
		               "'8936012346107) and type the 13 digits again", v);
		return;
	}
	if (!all_digits(v)) {
		for (const char *p = v; *p; p = g_utf8_next_char(p))
			if (!g_ascii_isdigit(*p)) {
				char ch[8] = { 0 };
				g_unichar_to_utf8(g_utf8_get_char(p), ch);
				ocop_diags_add(d, OCOP_SEVERITY_ERROR, "gtin",
				               "'%s' must be digits only; found '%s' at character %ld", v, ch,
				               g_utf8_pointer_to_offset(v, p) + 1);
				return;
			}
	}
	size_t n = strlen(v);
	if (n == 12) {
		int c = ocop_gtin_check_digit(v, 12);
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "gtin",
		               "'%s' has 12 digits; an EAN-13 needs 13: with its check digit it is %s%d", v, v, c);
		return;
	}
	if (n != 13 && n != 8) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "gtin",
		               "'%s' has %zu digits; an EAN-13 has 13 digits (or 8 for EAN-8)", v, n);
		return;
	}
	int c = ocop_gtin_check_digit(v, n - 1);
	if (v[n - 1] - '0' != c) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "gtin",
		               "wrong check digit in '%s': the last digit should be %d (%.*s%d)", v, c, (int)(n - 1), v, c);
		return;
	}
	if (n == 13 && strncmp(v, "893", 3) != 0)
		ocop_diags_add(d, OCOP_SEVERITY_WARNING, "gtin",
		               "'%s' does not start with 893, the GS1 prefix of Viet Nam", v);
}

static void check_code(ocop_diags *d, const ocop_record *r, const char *field, const char *what)
{
	const char *v = ocop_record_get(r, field);
	if (!v) {
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, field, "the %s is required (e.g. VN-QNOR-0012)", what);
		return;
	}
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		if (!g_ascii_isalnum(*p) && *p != '-') {
			char ch[8] = { 0 };
			g_unichar_to_utf8(g_utf8_get_char(p), ch);
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, field,
			               "the %s '%s' may contain only letters A-Z, digits and '-'; found '%s' at character %ld",
			               what, v, ch, g_utf8_pointer_to_offset(v, p) + 1);
			return;
		}
	}
	size_t n = strlen(v);
	if (n < 3 || n > 32)
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, field,
		               "the %s '%s' has %zu characters; it must have 3 to 32", what, v, n);
}

/* Why v is not a date, when it is something a spreadsheet makes of one; NULL otherwise. g_malloc'ed. */
static char *date_trouble(const char *v, const char *what)
{
	unsigned a, b, y;
	char tail;
	GDate g;
	char *msg = NULL;
	/* the date without a time of day after it */
	const char *sep = strpbrk(v, " T");
	char *core = sep && sep > v && strchr(sep, ':') ? g_strndup(v, (gsize)(sep - v)) : g_strdup(v);
	size_t n = strlen(core);
	if (sep && ocop_parse_date(core, &g)) {
		msg = g_strdup_printf("%s '%s' has a time of day (%s); write the date only: %02u/%02u/%04u", what, v, sep + 1,
		                      g_date_get_day(&g), g_date_get_month(&g), g_date_get_year(&g));
	} else if (sscanf(core, "%2u/%2u/%4u%c", &a, &b, &y, &tail) == 3 && a >= 1 && a <= 12 && b > 12 &&
	           strlen(strrchr(core, '/') + 1) == 4 && g_date_valid_dmy((GDateDay)b, (GDateMonth)a, (GDateYear)y)) {
		msg = g_strdup_printf("%s '%s' looks like month/day order (there is no month %u); write the day first, "
		                      "dd/mm/yyyy: %02u/%02u/%04u", what, v, b, b, a, y);
	} else if (n == 5 && strspn(core, "0123456789") == n) {
		/* a date cell saved as its number: days since 30/12/1899 (the 1900 date system of Excel and LibreOffice) */
		g_date_clear(&g, 1);
		g_date_set_dmy(&g, 30, G_DATE_DECEMBER, 1899);
		g_date_add_days(&g, (guint)atoi(core));
		msg = g_strdup_printf("%s '%s' looks like an Excel date number: it would be %02u/%02u/%04u; format the "
		                      "column as Date (dd/mm/yyyy) or as Text in Excel and save the file again",
		                      what, v, g_date_get_day(&g), g_date_get_month(&g), g_date_get_year(&g));
	}
	g_free(core);
	return msg;
}

static bool get_date(ocop_diags *d, const ocop_record *r, const char *field, const char *what, GDate *out)
{
	const char *v = ocop_record_get(r, field);
	if (!v)
		return false;
	if (!ocop_parse_date(v, out)) {
		char *why = date_trouble(v, what);
		if (why)
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, field, "%s", why);
		else
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, field,
			               "%s '%s' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd", what, v);
		g_free(why);
		return false;
	}
	return true;
}

static void fmt_date(char buf[16], const GDate *d)
{
	g_snprintf(buf, 16, "%02u/%02u/%04u", g_date_get_day(d), g_date_get_month(d), g_date_get_year(d));
}

static int today_date(GDate *out, const char *today)
{
	if (today) {
		if (!ocop_parse_date(today, out))
			return ocop_set_error(OCOP_EINVAL, "today: '%s' is not a date (yyyy-mm-dd)", today);
		return 0;
	}
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	g_date_clear(out, 1);
	g_date_set_dmy(out, (GDateDay)tm.tm_mday, (GDateMonth)(tm.tm_mon + 1), (GDateYear)(tm.tm_year + 1900));
	return 0;
}

int ocop_record_validate(ocop_diags **out, const ocop_record *r, const ocop_validate_options *opts)
{
	if (out)
		*out = NULL;
	if (!r)
		return ocop_set_error(OCOP_EINVAL, "ocop_record_validate: record is NULL");
	ocop_validate_options defaults = OCOP_VALIDATE_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != OCOP_VALIDATE_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_validate_options: unknown version %d", opts->version);
	GDate today;
	int err = today_date(&today, opts->today);
	if (err < 0)
		return err;

	ocop_diags *d = ocop_diags_alloc();
	if (!d)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");

	check_text(d, r, "name", "the product name", 200);
	check_text(d, r, "producer", "the producer (cooperative or enterprise)", 200);
	check_text(d, r, "address", "the producer's address", 300);
	check_stars(d, r);
	check_gtin(d, r);
	check_code(d, r, "growing_area", "growing-area code");
	check_code(d, r, "packing_facility", "packing-facility code");

	const char *url = ocop_record_get(r, "trace_url");
	if (url) {
		char *enc = NULL;
		if (ocop_trace_check_url(&enc, url) < 0)
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, "trace_url", "%s", ocop_error_last());
		g_free(enc);
	}

	static const struct { const char *f, *what; long max; } optional[] = {
		{ "lot", "the lot number", 40 },
		{ "net_quantity", "the net quantity", 40 },
		{ "origin", "the origin", 60 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(optional); i++)
		if (ocop_record_get(r, optional[i].f) && (strcmp(optional[i].f, "lot") != 0 || url))
			check_text(d, r, optional[i].f, optional[i].what, optional[i].max);
	/* Values that go into the GS1 Digital Link: CSET 82, at most 20 characters.
	 * A lot is printed as text when the record brings its own trace_url. */
	static const struct { const char *f, *what; } gs1[] = {
		{ "lot", "a lot number (AI 10)" }, { "serial", "a serial number (AI 21)" }, { "variant", "a consumer product variant (AI 22)" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(gs1); i++) {
		const char *v = ocop_record_get(r, gs1[i].f);
		if (v && (strcmp(gs1[i].f, "lot") != 0 || !url) && ocop_cset82_check(gs1[i].f, gs1[i].what, v) < 0) {
			const char *m = ocop_error_last();
			size_t fl = strlen(gs1[i].f);
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, gs1[i].f, "%s", strncmp(m, gs1[i].f, fl) == 0 && m[fl] == ':' ? m + fl + 2 : m);
		}
	}

	const char *origin = ocop_record_get(r, "origin");
	bool abbrev = origin && strlen(origin) >= 2 && strlen(origin) <= 3;
	for (const char *p = origin; abbrev && *p; p++)
		abbrev = g_ascii_isupper(*p) || *p == '.';
	if (abbrev)
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "origin",
		               "'%s' is an abbreviation; write the country name in full, e.g. Việt Nam", origin);

	GDate prod, exp, cert;
	bool has_prod = get_date(d, r, "production_date", "the production date", &prod);
	bool has_exp = get_date(d, r, "expiry_date", "the expiry date", &exp);
	char b1[16], b2[16];
	if (has_prod && has_exp && g_date_compare(&exp, &prod) < 0) {
		fmt_date(b1, &exp);
		fmt_date(b2, &prod);
		ocop_diags_add(d, OCOP_SEVERITY_ERROR, "expiry_date",
		               "the expiry date %s is before the production date %s", b1, b2);
	}
	/* Decree 43/2017/ND-CP: a packaged food shows its production and expiry dates. There is no
	 * product group yet: a net quantity marks packaged goods, food for most OCOP products. */
	const char *no_prod = ocop_record_get(r, "production_date") ? NULL : "no production date (NSX)";
	const char *no_exp = ocop_record_get(r, "expiry_date") ? NULL : "no expiry date (HSD)";
	if (ocop_record_get(r, "net_quantity") && (no_prod || no_exp))
		ocop_diags_add(d, OCOP_SEVERITY_WARNING, no_prod ? "production_date" : "expiry_date",
		               "%s%s%s: a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); "
		               "leave %s out only for goods that are not food", no_prod ? no_prod : "", no_prod && no_exp ? " and " : "",
		               no_exp ? no_exp : "", no_prod && no_exp ? "them" : "it");
	if (has_prod && g_date_compare(&prod, &today) > 0) {
		fmt_date(b1, &prod);
		ocop_diags_add(d, OCOP_SEVERITY_WARNING, "production_date", "the production date %s is in the future", b1);
	}
	if (get_date(d, r, "ocop_cert_date", "the OCOP certificate date", &cert)) {
		GDate until = cert;
		g_date_add_months(&until, OCOP_CERT_MONTHS);
		fmt_date(b1, &cert);
		fmt_date(b2, &until);
		if (g_date_compare(&cert, &today) > 0) {
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, "ocop_cert_date",
			               "the OCOP certificate date %s is in the future", b1);
		} else if (g_date_compare(&today, &until) >= 0) {
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, "ocop_cert_date",
			               "the OCOP certificate of %s expired on %s (valid 36 months); the product must be re-rated before it may carry the OCOP mark",
			               b1, b2);
		} else if (g_date_days_between(&today, &until) <= OCOP_CERT_WARN_DAYS) {
			ocop_diags_add(d, OCOP_SEVERITY_WARNING, "ocop_cert_date",
			               "the OCOP certificate expires on %s, in %d days", b2,
			               g_date_days_between(&today, &until));
		}
	}

	err = 0;
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity == OCOP_SEVERITY_ERROR) {
			err = ocop_set_error(OCOP_EINVALID, "%s: %s", x->field, x->message);
			break;
		}
	}
	if (out)
		*out = d;
	else
		ocop_diags_free(d);
	return err;
}
