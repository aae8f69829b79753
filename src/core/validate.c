/* ocoplabel — the record rules: required fields and limits from the field table, stars, GTINs, codes, dates, product groups, certificate validity. */
#include "core.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OCOP_CERT_WARN_DAYS 90

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

#define ERR OCOP_SEVERITY_ERROR
#define WARN OCOP_SEVERITY_WARNING

static void check_text(ocop_diags *d, const ocop_record *r, const char *field)
{
	const ocop_field *f = ocop_field_find(field);
	const char *what = ocop_field_what(f);
	const char *v = ocop_record_get(r, field);
	if (!v) {
		ocop_diags_addc(d, ERR, field, OCOP_CODE_REQUIRED, "%s is required", what);
		return;
	}
	/* counts as the language writes them (1.000 in Vietnamese) */
	char b1[32], b2[32];
	long n = g_utf8_strlen(v, -1);
	if (f->max_length && n > f->max_length)
		ocop_diags_addc(d, ERR, field, OCOP_CODE_TOO_LONG, "%s is %s characters long; at most %s are allowed", what,
		                ocop_format_count(b1, sizeof b1, (unsigned long long)n),
		                ocop_format_count(b2, sizeof b2, (unsigned long long)f->max_length));
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c) && c != '\n') {
			ocop_diags_addc(d, ERR, field, OCOP_CODE_CONTROL, "%s contains a control character (U+%04X) at character %s",
			                what, c, ocop_format_count(b1, sizeof b1, (unsigned long long)g_utf8_pointer_to_offset(v, p) + 1));
			break;
		}
	}
}

static void check_stars(ocop_diags *d, const ocop_record *r)
{
	const ocop_field *f = ocop_field_find("stars");
	const char *v = ocop_record_get(r, "stars");
	if (!v) {
		ocop_diags_addc(d, ERR, "stars", OCOP_CODE_REQUIRED, "the OCOP star rating is required (3, 4 or 5)");
		return;
	}
	if (strlen(v) == 1 && v[0] >= '1' && v[0] < '0' + f->min_value) {
		ocop_diags_addc(d, ERR, "stars", OCOP_CODE_NOT_CERTIFIED,
		                "%s-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark", v);
		return;
	}
	char q[OCOP_QUOTE_SIZE];
	if (!(strlen(v) == 1 && v[0] >= '0' + f->min_value && v[0] <= '0' + f->max_value))
		ocop_diags_addc(d, ERR, "stars", OCOP_CODE_STARS, "'%s' is not a star rating; write 3, 4 or 5", ocop_quote(q, v));
}

/* The last error (a rule of gs1.c) as an error of the record. */
static void add_error(ocop_diags *d)
{
	ocop_diags_addc(d, ERR, ocop_error_field(), ocop_error_code(), "%s", ocop_error_message());
}

static void check_gtin(ocop_diags *d, const ocop_record *r, bool optional)
{
	const char *v = ocop_record_get(r, "gtin");
	if (!v) {
		if (!optional)
			ocop_diags_addc(d, ERR, "gtin", OCOP_CODE_REQUIRED, "the barcode number (GTIN, 13 digits) is required");
		return;
	}
	char q[OCOP_QUOTE_SIZE];
	if (!ocop_all_digits(v) && scientific(v)) {
		ocop_diags_addc(d, ERR, "gtin", OCOP_CODE_SCIENTIFIC,
		                "'%s' is the barcode number turned into a number in scientific notation by Excel, and its last "
		                "digits are lost; format the column as Text (or type an apostrophe before the number, as in "
		                "'8936012346107) and type the 13 digits again", ocop_quote(q, v));
		return;
	}
	if (!ocop_all_digits(v)) {
		for (const char *p = v; *p; p = g_utf8_next_char(p))
			if (!g_ascii_isdigit(*p)) {
				char ch[8] = { 0 };
				g_unichar_to_utf8(g_utf8_get_char(p), ch);
				ocop_diags_addc(d, ERR, "gtin", OCOP_CODE_DIGITS, "'%s' must be digits only; found '%s' at character %ld",
				                ocop_quote(q, v), ch, g_utf8_pointer_to_offset(v, p) + 1);
				return;
			}
	}
	size_t n = strlen(v);
	if (n == 12) {
		int c = ocop_gtin_check_digit(v, 12);
		ocop_diags_addc(d, ERR, "gtin", OCOP_CODE_NO_CHECK_DIGIT,
		                "'%s' has 12 digits; an EAN-13 needs 13: with its check digit it is %s%d", v, v, c);
		return;
	}
	if (n != 13 && n != 8) {
		ocop_diags_addc(d, ERR, "gtin", OCOP_CODE_LENGTH, "'%s' has %zu digits; an EAN-13 has 13 digits (or 8 for EAN-8)",
		                ocop_quote(q, v), n);
		return;
	}
	if (ocop_gtin_check("gtin", v) < 0) {
		add_error(d);
		return;
	}
	if (n == 13 && strncmp(v, "893", 3) != 0)
		ocop_diags_addc(d, WARN, "gtin", OCOP_CODE_PREFIX, "'%s' does not start with 893, the GS1 prefix of Viet Nam", v);
}

/* a code of each kind as the Department of Plant Protection gives them: the example each message shows */
static const struct {
	const char *field, *example;
} code_examples[] = {
	{ "growing_area", /* NOTR: a code */ "VN-QNOR-0012" },
	{ "packing_facility", /* NOTR: a code */ "VN-QNPH-003" },
};

static void check_code(ocop_diags *d, const ocop_record *r, const char *field)
{
	const ocop_field *f = ocop_field_find(field);
	const char *what = ocop_field_what(f);
	const char *v = ocop_record_get(r, field);
	const char *example = code_examples[0].example;
	for (size_t i = 0; i < G_N_ELEMENTS(code_examples); i++)
		if (strcmp(code_examples[i].field, field) == 0)
			example = code_examples[i].example;
	if (!v) {
		ocop_diags_addc(d, ERR, field, OCOP_CODE_REQUIRED, "the %s is required (e.g. %s)", what, example);
		return;
	}
	char q[OCOP_QUOTE_SIZE];
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		if (!g_ascii_isalnum(*p) && *p != '-') {
			char ch[8] = { 0 };
			g_unichar_to_utf8(g_utf8_get_char(p), ch);
			ocop_diags_addc(d, ERR, field, OCOP_CODE_CHARSET,
			                "the %s '%s' may contain only letters A-Z, digits and '-'; found '%s' at character %ld", what,
			                ocop_quote(q, v), ch, g_utf8_pointer_to_offset(v, p) + 1);
			return;
		}
	}
	size_t n = strlen(v);
	if (n < 3 || n > (size_t)f->max_length)
		ocop_diags_addc(d, ERR, field, OCOP_CODE_LENGTH, "the %s '%s' has %zu characters; it must have 3 to %ld", what,
		                ocop_quote(q, v), n, f->max_length);
}

/* The group of r when it names one of the six (ocop_record_set() stored its canonical name), else NULL. */
static const char *group_of(const ocop_record *r)
{
	const char *v = ocop_record_get(r, "product_group");
	const ocop_field *f = ocop_field_find("product_group");
	for (size_t i = 0; v && f->choices[i]; i++)
		if (strcmp(v, f->choices[i]) == 0)
			return f->choices[i];
	return NULL;
}

static void check_group(ocop_diags *d, const ocop_record *r)
{
	const char *v = ocop_record_get(r, "product_group");
	if (!v || group_of(r))
		return;
	const ocop_field *f = ocop_field_find("product_group");
	GString *all = g_string_new(NULL);
	for (size_t i = 0; f->choices[i]; i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "", f->choices[i]);
	char q[OCOP_QUOTE_SIZE];
	ocop_diags_addc(d, ERR, "product_group", OCOP_CODE_CHOICE,
	                "'%s' is not an OCOP product group; write one of the six: %s", ocop_quote(q, v), all->str);
	g_string_free(all, TRUE);
}

/* Why v is not a date, when it is something a spreadsheet makes of one; NULL otherwise. g_malloc'ed. */
static char *date_trouble(const char *v, const char *what, const char **code)
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
		*code = OCOP_CODE_DATE_TIME;
		msg = g_strdup_printf(_("%s '%s' has a time of day (%s); write the date only: %02u/%02u/%04u"), what, v, sep + 1,
		                      g_date_get_day(&g), g_date_get_month(&g), g_date_get_year(&g));
	} else if (sscanf(core, "%2u/%2u/%4u%c", &a, &b, &y, &tail) == 3 && a >= 1 && a <= 12 && b > 12 &&
	           strlen(strrchr(core, '/') + 1) == 4 && g_date_valid_dmy((GDateDay)b, (GDateMonth)a, (GDateYear)y)) {
		*code = OCOP_CODE_MONTH_FIRST;
		msg = g_strdup_printf(_("%s '%s' looks like month/day order (there is no month %u); write the day first, "
		                      "dd/mm/yyyy: %02u/%02u/%04u"), what, v, b, b, a, y);
	} else if (n == 5 && strspn(core, "0123456789") == n) {
		/* a date cell saved as its number: days since 30/12/1899 (the 1900 date system of Excel and LibreOffice) */
		g_date_clear(&g, 1);
		g_date_set_dmy(&g, 30, G_DATE_DECEMBER, 1899);
		g_date_add_days(&g, (guint)atoi(core));
		*code = OCOP_CODE_DATE_NUMBER;
		msg = g_strdup_printf(_("%s '%s' looks like an Excel date number: it would be %02u/%02u/%04u; format the "
		                      "column as Date (dd/mm/yyyy) or as Text in Excel and save the file again"),
		                      what, v, g_date_get_day(&g), g_date_get_month(&g), g_date_get_year(&g));
	}
	g_free(core);
	return msg;
}

bool ocop_validate_date(ocop_diags *d, const ocop_record *r, const char *field, GDate *out)
{
	const char *what = ocop_field_what(ocop_field_find(field));
	const char *v = ocop_record_get(r, field);
	if (!v)
		return false;
	if (!ocop_parse_date(v, out)) {
		const char *code = OCOP_CODE_DATE;
		char *why = date_trouble(v, what, &code);
		if (why)
			ocop_diags_addc(d, ERR, field, code, "%s", why);
		else
			ocop_diags_addc(d, ERR, field, OCOP_CODE_DATE,
			                "%s '%s' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd", what,
			                ocop_quote((char[OCOP_QUOTE_SIZE]){ 0 }, v));
		g_free(why);
		return false;
	}
	return true;
}

static void fmt_date(char buf[16], const GDate *d) { ocop_date_format(buf, d); }

int ocop_record_validate(ocop_diags **out, const ocop_record *r, const ocop_validate_options *opts)
{
	if (out)
		*out = NULL;
	if (!r)
		return ocop_set_error(OCOP_EINVAL, "ocop_record_validate: record is NULL");
	ocop_validate_options defaults = OCOP_VALIDATE_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (ocop_check_version(OCOP_VERSIONED_VALIDATE, opts->version) < 0)
		return OCOP_EINVAL;
	GDate today;
	int err = ocop_today(&today, opts->today);
	if (err < 0)
		return err;

	ocop_diags *d = ocop_diags_alloc();

	/* the product group decides what the label must carry: tourism services have no barcode,
	 * food and drink list their ingredients and dates (Decree 43/2017/ND-CP) */
	const char *group = group_of(r);
	bool tourism = group && strcmp(group, OCOP_GROUP_TOURISM) == 0;
	bool food = !group || strcmp(group, OCOP_GROUP_FOOD) == 0 || strcmp(group, OCOP_GROUP_DRINK) == 0;

	check_text(d, r, "name");
	check_text(d, r, "producer");
	check_text(d, r, "address");
	check_stars(d, r);
	check_gtin(d, r, tourism);
	check_code(d, r, "growing_area");
	check_code(d, r, "packing_facility");
	check_group(d, r);

	const char *url = ocop_record_get(r, "trace_url");
	if (url) {
		char *enc = NULL;
		if (ocop_url_check(&enc, url) < 0)
			ocop_diags_addc(d, ERR, "trace_url", ocop_error_code(), "%s", ocop_error_message());
		g_free(enc);
	} else if (tourism && !ocop_record_get(r, "gtin")) {
		ocop_diags_addc(d, ERR, "trace_url", OCOP_CODE_REQUIRED,
		                "a community tourism service has no barcode number (GTIN), so its QR code needs a trace_url: the "
		                "web address of its traceability page");
	}

	/* the optional text fields, with their limits from the field table; a lot is text only when the
	 * record brings its own trace_url (else it goes into the GS1 Digital Link, below) */
	for (size_t i = 0; i < ocop_field_count(); i++) {
		const ocop_field *f = ocop_field_get(i);
		bool text = f->kind == OCOP_FIELD_TEXT || (f->kind == OCOP_FIELD_GS1 && strcmp(f->name, "lot") == 0 && url);
		if (text && !f->required && ocop_record_get(r, f->name))
			check_text(d, r, f->name);
	}
	/* Values that go into the GS1 Digital Link: CSET 82, at most 20 characters. */
	for (size_t i = 0; i < ocop_field_count(); i++) {
		const ocop_field *f = ocop_field_get(i);
		const char *v = ocop_record_get(r, f->name);
		if (f->kind != OCOP_FIELD_GS1 || !v || (strcmp(f->name, "lot") == 0 && url))
			continue;
		const char *what = ocop_field_what(f);
		/* "a lot number (AI 10)" ("the " is English: a translation's `what` has no article to drop) */
		char *a = g_strdup_printf(_("a %s (AI %s)"), g_str_has_prefix(what, "the ") ? what + 4 : what, f->gs1_ai);
		if (ocop_cset82_check(f->name, a, v) < 0)
			add_error(d);
		g_free(a);
	}

	const char *origin = ocop_record_get(r, "origin");
	bool abbrev = origin && strlen(origin) >= 2 && strlen(origin) <= 3;
	for (const char *p = origin; abbrev && *p; p++)
		abbrev = g_ascii_isupper(*p) || *p == '.';
	if (abbrev)
		ocop_diags_addc(d, ERR, "origin", OCOP_CODE_ABBREVIATION,
		                "'%s' is an abbreviation; write the country name in full, e.g. Việt Nam", origin);

	GDate prod, exp, cert;
	bool has_prod = ocop_validate_date(d, r, "production_date", &prod);
	bool has_exp = ocop_validate_date(d, r, "expiry_date", &exp);
	char b1[16], b2[16];
	bool order = has_prod && has_exp && g_date_compare(&exp, &prod) < 0;
	if (order) {
		fmt_date(b1, &exp);
		fmt_date(b2, &prod);
		ocop_diags_addc(d, ERR, "expiry_date", OCOP_CODE_DATE_ORDER,
		                "the expiry date %s is before the production date %s", b1, b2);
	}
	/* Decree 43/2017/ND-CP: a packaged food shows its production and expiry dates. Without a product
	 * group, a net quantity marks packaged goods, food for most OCOP products. */
	bool packaged = food && ocop_record_get(r, "net_quantity");
	bool no_prod = !ocop_record_get(r, "production_date"), no_exp = !ocop_record_get(r, "expiry_date");
	if (packaged && no_prod && no_exp)
		ocop_diags_addc(d, WARN, "production_date", OCOP_CODE_DECREE43,
		                "no production date (NSX) and no expiry date (HSD): a packaged food must show its production and "
		                "expiry dates (Decree 43/2017/ND-CP); leave them out only for goods that are not food");
	else if (packaged && no_prod)
		ocop_diags_addc(d, WARN, "production_date", OCOP_CODE_DECREE43,
		                "no production date (NSX): a packaged food must show its production and expiry dates "
		                "(Decree 43/2017/ND-CP); leave it out only for goods that are not food");
	else if (packaged && no_exp)
		ocop_diags_addc(d, WARN, "expiry_date", OCOP_CODE_DECREE43,
		                "no expiry date (HSD): a packaged food must show its production and expiry dates "
		                "(Decree 43/2017/ND-CP); leave it out only for goods that are not food");
	if (group && food && !ocop_record_get(r, "ingredients"))
		ocop_diags_addc(d, WARN, "ingredients", OCOP_CODE_DECREE43,
		                "no ingredients (Thành phần): the label of a food or drink must list them (Decree 43/2017/ND-CP, "
		                "amended by Decree 111/2021/ND-CP); give them in the ingredients column and print them, e.g. "
		                "with the back label back-100x70");
	/* goods past their HSD may not be sold: a label for them is a mistake in the file, or an old row */
	if (has_exp && !order && g_date_compare(&exp, &today) < 0) {
		fmt_date(b1, &exp);
		ocop_diags_addc(d, WARN, "expiry_date", OCOP_CODE_EXPIRED,
		                "the expiry date (HSD) %s has passed: goods past it may not be sold; correct the date or leave "
		                "the row out (batch --strict refuses it)", b1);
	}
	if (has_prod && g_date_compare(&prod, &today) > 0) {
		fmt_date(b1, &prod);
		ocop_diags_addc(d, WARN, "production_date", OCOP_CODE_FUTURE, "the production date %s is in the future", b1);
	}
	ocop_validate_trace(d, r, &today);
	if (ocop_validate_date(d, r, "ocop_cert_date", &cert)) {
		GDate until;
		ocop_cert_until(&until, &cert);
		fmt_date(b1, &cert);
		fmt_date(b2, &until);
		if (g_date_compare(&cert, &today) > 0) {
			ocop_diags_addc(d, ERR, "ocop_cert_date", OCOP_CODE_FUTURE, "the OCOP certificate date %s is in the future", b1);
		} else if (g_date_compare(&today, &until) >= 0) {
			ocop_diags_addc(d, ERR, "ocop_cert_date", OCOP_CODE_EXPIRED,
			                "the OCOP certificate of %s expired on %s (valid 36 months); the product must be re-rated "
			                "before it may carry the OCOP mark", b1, b2);
		} else if (g_date_days_between(&today, &until) <= OCOP_CERT_WARN_DAYS) {
			ocop_diags_addc(d, WARN, "ocop_cert_date", OCOP_CODE_EXPIRES_SOON, "the OCOP certificate expires on %s, in %d days",
			                b2, g_date_days_between(&today, &until));
		}
	}

	err = 0;
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity == OCOP_SEVERITY_ERROR) {
			err = ocop_set_error_diag(OCOP_EREJECTED, NULL, x);
			break;
		}
	}
	if (out)
		*out = d;
	else
		ocop_diags_free(d);
	return err;
}
