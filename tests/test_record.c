/* ocoplabel tests — record fields, normalisation and every validation rule with its exact message. */
#include "internal.h"
#include "testutil.h"
#include <stdlib.h>

#define TODAY "2026-11-29"

/* A valid base record; each table row changes or removes fields. */
static const char *const base[][2] = {
	T_VALID_FIELDS,
};

typedef struct row {
	const char *set[3][2];  /* field, value ("" removes it) */
	int severity;           /* 0: no diagnostic expected */
	const char *field;
	const char *message;
} row;

static const row rows[] = {
	/* 0 */ { { { NULL } }, 0, NULL, NULL },
	/* 1 */ { { { "name", "" } }, OCOP_SEVERITY_ERROR, "name", "the product name is required" },
	/* 2 */ { { { "producer", "  " } }, OCOP_SEVERITY_ERROR, "producer", "the producer (cooperative or enterprise) is required" },
	/* 3 */ { { { "address", "" } }, OCOP_SEVERITY_ERROR, "address", "the producer's address is required" },
	/* 4 */ { { { "stars", "2" } }, OCOP_SEVERITY_ERROR, "stars", "2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark" },
	/* 5 */ { { { "stars", "1" } }, OCOP_SEVERITY_ERROR, "stars", "1-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark" },
	/* 6 */ { { { "stars", "6" } }, OCOP_SEVERITY_ERROR, "stars", "'6' is not a star rating; write 3, 4 or 5" },
	/* 7 */ { { { "stars", "năm" } }, OCOP_SEVERITY_ERROR, "stars", "'năm' is not a star rating; write 3, 4 or 5" },
	/* 8 */ { { { "stars", "" } }, OCOP_SEVERITY_ERROR, "stars", "the OCOP star rating is required (3, 4 or 5)" },
	/* 9 */ { { { "stars", "3" } }, 0, NULL, NULL },
	/* 10 */ { { { "gtin", "8936012345675" } }, OCOP_SEVERITY_ERROR, "gtin", "wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)" },
	/* 11 */ { { { "gtin", "893601234567" } }, OCOP_SEVERITY_ERROR, "gtin", "'893601234567' has 12 digits; an EAN-13 needs 13: with its check digit it is 8936012345674" },
	/* 12 */ { { { "gtin", "893601234" } }, OCOP_SEVERITY_ERROR, "gtin", "'893601234' has 9 digits; an EAN-13 has 13 digits (or 8 for EAN-8)" },
	/* 13 */ { { { "gtin", "89360123456X4" } }, OCOP_SEVERITY_ERROR, "gtin", "'89360123456X4' must be digits only; found 'X' at character 12" },
	/* 14 */ { { { "gtin", "" } }, OCOP_SEVERITY_ERROR, "gtin", "the barcode number (GTIN, 13 digits) is required" },
	/* 15 */ { { { "gtin", "4006381333931" } }, OCOP_SEVERITY_WARNING, "gtin", "'4006381333931' does not start with 893, the GS1 prefix of Viet Nam" },
	/* 16 */ { { { "gtin", "96385074" } }, 0, NULL, NULL }, /* a valid EAN-8; the 893 advice is for EAN-13 */
	/* 17 */ { { { "gtin", "89360125" } }, 0, NULL, NULL },
	/* 18 */ { { { "gtin", "89360120" } }, OCOP_SEVERITY_ERROR, "gtin", "wrong check digit in '89360120': the last digit should be 5 (89360125)" },
	/* 19 */ { { { "growing_area", "VN QNOR 12" } }, OCOP_SEVERITY_ERROR, "growing_area", "the growing-area code 'VN QNOR 12' may contain only letters A-Z, digits and '-'; found ' ' at character 3" },
	/* 20 */ { { { "growing_area", "VN-QNÔR-12" } }, OCOP_SEVERITY_ERROR, "growing_area", "the growing-area code 'VN-QNÔR-12' may contain only letters A-Z, digits and '-'; found 'Ô' at character 6" },
	/* 21 */ { { { "packing_facility", "VN" } }, OCOP_SEVERITY_ERROR, "packing_facility", "the packing-facility code 'VN' has 2 characters; it must have 3 to 32" },
	/* 22 */ { { { "packing_facility", "" } }, OCOP_SEVERITY_ERROR, "packing_facility", "the packing-facility code is required (e.g. VN-QNOR-0012)" },
	/* 23 */ { { { "growing_area", "VN-QNOR-0012345678901234567890123" } }, OCOP_SEVERITY_ERROR, "growing_area", "the growing-area code 'VN-QNOR-0012345678901234567890123' has 33 characters; it must have 3 to 32" },
	/* 24 */ { { { "production_date", "2026-11-01" }, { "expiry_date", "31/10/2026" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date 31/10/2026 is before the production date 01/11/2026" },
	/* 25 */ { { { "production_date", "31/02/2026" } }, OCOP_SEVERITY_ERROR, "production_date", "the production date '31/02/2026' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd" },
	/* 26 */ { { { "expiry_date", "1/11/26" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '1/11/26' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd" },
	/* 27 */ { { { "ocop_cert_date", "2023-11-29" } }, OCOP_SEVERITY_ERROR, "ocop_cert_date", "the OCOP certificate of 29/11/2023 expired on 29/11/2026 (valid 36 months); the product must be re-rated before it may carry the OCOP mark" },
	/* 28 */ { { { "ocop_cert_date", "2023-11-30" } }, OCOP_SEVERITY_WARNING, "ocop_cert_date", "the OCOP certificate expires on 30/11/2026, in 1 days" },
	/* 29 */ { { { "ocop_cert_date", "15/03/2025" } }, 0, NULL, NULL },
	/* 30 */ { { { "ocop_cert_date", "2027-01-01" } }, OCOP_SEVERITY_ERROR, "ocop_cert_date", "the OCOP certificate date 01/01/2027 is in the future" },
	/* 31 */ { { { "trace_url", "ftp://x.vn/a" } }, OCOP_SEVERITY_ERROR, "trace_url", "'ftp://x.vn/a' is not an absolute web address; it must start with https:// or http://" },
	/* 32 */ { { { "trace_url", "https://x.vn/a b" } }, OCOP_SEVERITY_ERROR, "trace_url", "'https://x.vn/a b' contains a space at character 15; write it as %20" },
	/* 33 */ { { { "trace_url", "https:///a" } }, OCOP_SEVERITY_ERROR, "trace_url", "'https:///a' has no host name after the scheme" },
	/* 34 */ { { { "trace_url", "https://truyxuat.vn/sản-phẩm" } }, 0, NULL, NULL },
	/* 35 */ { { { "origin", "VN" } }, OCOP_SEVERITY_ERROR, "origin", "'VN' is an abbreviation; write the country name in full, e.g. Việt Nam" },
	/* 36 */ { { { "production_date", "2026-12-25" } }, OCOP_SEVERITY_WARNING, "production_date", "the production date 25/12/2026 is in the future" },
	/* 37 */ { { { "name", "Trà\x01" } }, OCOP_SEVERITY_ERROR, "name", "the product name contains a control character (U+0001) at character 4" },
	/* 38 */ { { { "origin", "Nga" } }, 0, NULL, NULL },
	/* 39 */ { { { "origin", "USA" } }, OCOP_SEVERITY_ERROR, "origin", "'USA' is an abbreviation; write the country name in full, e.g. Việt Nam" },
	/* what a spreadsheet makes of dates and long numbers */
	/* 40 */ { { { "production_date", "01/13/2026" } }, OCOP_SEVERITY_ERROR, "production_date", "the production date '01/13/2026' looks like month/day order (there is no month 13); write the day first, dd/mm/yyyy: 13/01/2026" },
	/* 41 */ { { { "production_date", "45962" } }, OCOP_SEVERITY_ERROR, "production_date", "the production date '45962' looks like an Excel date number: it would be 01/11/2025; format the column as Date (dd/mm/yyyy) or as Text in Excel and save the file again" },
	/* 42 */ { { { "production_date", "2026-11-01 00:00:00" }, { "expiry_date", "01/11/2027 00:00" } }, 0, NULL, NULL },
	/* 43 */ { { { "expiry_date", "2027-11-01T00:00:00" } }, 0, NULL, NULL },
	/* 44 */ { { { "expiry_date", "2027-11-01 08:30:00" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '2027-11-01 08:30:00' has a time of day (08:30:00); write the date only: 01/11/2027" },
	/* 45 */ { { { "expiry_date", "13/01/2027 00:00:01" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '13/01/2027 00:00:01' has a time of day (00:00:01); write the date only: 13/01/2027" },
	/* 46 */ { { { "expiry_date", "01/13/2027 00:00" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '01/13/2027 00:00' looks like month/day order (there is no month 13); write the day first, dd/mm/yyyy: 13/01/2027" },
	/* 47 */ { { { "expiry_date", "2027-11-01X00:00" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '2027-11-01X00:00' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd" },
	/* 48 */ { { { "gtin", "8.93601E+12" } }, OCOP_SEVERITY_ERROR, "gtin", "'8.93601E+12' is the barcode number turned into a number in scientific notation by Excel, and its last digits are lost; format the column as Text (or type an apostrophe before the number, as in '8936012346107) and type the 13 digits again" },
	/* 49 */ { { { "gtin", "8,93601e12" } }, OCOP_SEVERITY_ERROR, "gtin", "'8,93601e12' is the barcode number turned into a number in scientific notation by Excel, and its last digits are lost; format the column as Text (or type an apostrophe before the number, as in '8936012346107) and type the 13 digits again" },
	/* 50 */ { { { "gtin", "8.9E" } }, OCOP_SEVERITY_ERROR, "gtin", "'8.9E' must be digits only; found '.' at character 2" },
	/* packaged goods (a net quantity) without their dates: Decree 43 */
	/* 51 */ { { { "net_quantity", "500 g" } }, OCOP_SEVERITY_WARNING, "production_date", "no production date (NSX) and no expiry date (HSD): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave them out only for goods that are not food" },
	/* 52 */ { { { "net_quantity", "500 g" }, { "production_date", "20/10/2026" } }, OCOP_SEVERITY_WARNING, "expiry_date", "no expiry date (HSD): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave it out only for goods that are not food" },
	/* 53 */ { { { "net_quantity", "500 g" }, { "expiry_date", "20/10/2027" } }, OCOP_SEVERITY_WARNING, "production_date", "no production date (NSX): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave it out only for goods that are not food" },
	/* 54 */ { { { "net_quantity", "500 g" }, { "production_date", "20/10/2026" }, { "expiry_date", "20/10/2027" } }, 0, NULL, NULL },
};

static ocop_record *make(const row *r)
{
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
		ocop_record_set(rec, base[i][0], base[i][1], -1);
	for (int i = 0; i < 3 && r->set[i][0]; i++)
		ocop_record_set(rec, r->set[i][0], r->set[i][1], -1);
	return rec;
}

static void test_rows(void)
{
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = TODAY;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const row *r = &rows[i];
		ocop_record *rec = make(r);
		ocop_diags *d = NULL;
		int err = ocop_record_validate(&d, rec, &vo);
		char ctx[32];
		snprintf(ctx, sizeof ctx, "row %zu", i);
		if (r->severity == 0) {
			CHECK(err == 0 && ocop_diags_count(d) == 0, "[%s] expected no diagnostics, got %zu (%s)", ctx,
			      ocop_diags_count(d), ocop_diags_count(d) ? ocop_diags_get(d, 0)->message : "");
		} else {
			CHECK(ocop_diags_count(d) == 1, "[%s] expected 1 diagnostic, got %zu", ctx, ocop_diags_count(d));
			const ocop_diag *x = ocop_diags_get(d, 0);
			if (x) {
				CHECK((int)x->severity == r->severity, "[%s] severity %d, want %d", ctx, x->severity, r->severity);
				CHECK_STR(x->field, r->field, ctx);
				CHECK_STR(x->message, r->message, ctx);
			}
			CHECK(err == (r->severity == OCOP_SEVERITY_ERROR ? OCOP_EINVALID : 0), "[%s] return %d", ctx, err);
			if (err == OCOP_EINVALID) {
				char want[512];
				snprintf(want, sizeof want, "%s: %s", r->field, r->message);
				CHECK_STR(ocop_error_last(), want, ctx);
			}
		}
		ocop_diags_free(d);
		ocop_record_free(rec);
	}
}

/* Several errors at once: all are reported, each with its field, in field order. */
static void test_many_errors(void)
{
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	ocop_record_set(rec, "name", "Miến dong Bình Liêu", -1);
	ocop_record_set(rec, "stars", "2", -1);
	ocop_record_set(rec, "gtin", "893601234567", -1);
	ocop_diags *d = NULL;
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = TODAY;
	CHECK(ocop_record_validate(&d, rec, &vo) == OCOP_EINVALID, "invalid");
	static const char *const fields[] = { "producer", "address", "stars", "gtin", "growing_area", "packing_facility" };
	CHECK(ocop_diags_count(d) == 6, "6 errors, got %zu", ocop_diags_count(d));
	CHECK(ocop_diags_errors(d) == 6, "6 errors");
	for (size_t i = 0; i < 6 && i < ocop_diags_count(d); i++)
		CHECK_STR(ocop_diags_get(d, i)->field, fields[i], "many");
	ocop_diags_free(d);
	ocop_record_free(rec);
}

/* Check digits of real-shaped GTINs (computed independently of the library). */
static void test_check_digits(void)
{
	static const struct { const char *data; int check; } t[] = {
		/* 0 */ { "893601234567", 4 },
		/* 1 */ { "893601234568", 1 },
		/* 2 */ { "893601234569", 8 },
		/* 3 */ { "893500000001", 4 },
		/* 4 */ { "893123456789", 7 },
		/* 5 */ { "400638133393", 1 },
		/* 6 */ { "9638507", 4 },   /* EAN-8 */
		/* 7 */ { "0000000000000", 0 }, /* GTIN-14 of zeros */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int c = ocop_gtin_check_digit(t[i].data, strlen(t[i].data));
		CHECK(c == t[i].check, "check digit of %s = %d, want %d", t[i].data, c, t[i].check);
	}
}

static void test_set(void)
{
	ocop_record *rec = NULL;
	CHECK(ocop_record_new(&rec) == 0, "new");
	/* NFD input is stored as NFC */
	const char *nfd = "Tra\xcc\x80 hoa va\xcc\x80ng Ba Che\xcc\x83";
	CHECK(ocop_record_set(rec, "name", nfd, -1) == 0, "set nfd");
	CHECK_STR(ocop_record_get(rec, "name"), "Trà hoa vàng Ba Chẽ", "nfc");
	/* trimmed, codes upper-cased, dates normalised */
	ocop_record_set(rec, "growing_area", "  vn-qnor-0012 ", -1);
	CHECK_STR(ocop_record_get(rec, "growing_area"), "VN-QNOR-0012", "upper");
	ocop_record_set(rec, "expiry_date", "2027-03-05", -1);
	CHECK_STR(ocop_record_get(rec, "expiry_date"), "05/03/2027", "date iso");
	ocop_record_set(rec, "production_date", "5/3/2026", -1);
	CHECK_STR(ocop_record_get(rec, "production_date"), "05/03/2026", "date short d/m");
	ocop_record_set(rec, "production_date", "2026-03-05 00:00:00", -1);
	CHECK_STR(ocop_record_get(rec, "production_date"), "05/03/2026", "date with a midnight time");
	/* broken UTF-8 and NUL bytes are refused, naming the field and byte */
	CHECK(ocop_record_set(rec, "address", "X\xc3 Thanh", -1) == OCOP_EUTF8, "bad utf8");
	CHECK_STR(ocop_error_last(), "address: not valid UTF-8 at byte 2 (save the file as UTF-8)", "utf8 msg");
	CHECK(ocop_record_set(rec, "address", "ab\0cd", 5) == OCOP_EUTF8, "nul");
	CHECK_STR(ocop_error_last(), "address: contains a NUL byte at byte 3", "nul msg");
	CHECK(ocop_record_get(rec, "address") == NULL, "unchanged after error");
	/* empty value removes; unknown fields are kept */
	ocop_record_set(rec, "vung", "Ba Chẽ", -1);
	CHECK_STR(ocop_record_get(rec, "vung"), "Ba Chẽ", "extra");
	CHECK(!ocop_field_is_known("vung") && ocop_field_is_known("gtin"), "known");
	ocop_record_set(rec, "vung", "", -1);
	CHECK(ocop_record_get(rec, "vung") == NULL, "removed");
	CHECK(ocop_record_count(rec) == 4, "count %zu", ocop_record_count(rec));
	char *big = malloc(70000);
	memset(big, 'a', 70000);
	CHECK(ocop_record_set(rec, "name", big, 70000) == OCOP_ELIMIT, "limit");
	free(big);
	ocop_record_clear(rec);
	CHECK(ocop_record_count(rec) == 0, "clear");
	ocop_record_free(rec);
	ocop_record_free(NULL);
	ocop_diags_free(NULL);
	CHECK(ocop_record_new(NULL) == OCOP_EINVAL, "null out");
}

int main(void)
{
	test_rows();
	test_many_errors();
	test_check_digits();
	test_set();
	return t_done("test_record");
}
