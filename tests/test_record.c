/* ocoplabel tests — record fields, normalisation and every validation rule with its exact message. */
#include "core.h" /* diagnostics, error setters, check digits */
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
	const char *code;       /* the diagnostic's code */
} row;

static const row rows[] = {
	/* 0 */ { { { NULL } }, 0, NULL, NULL, NULL },
	/* 1 */ { { { "name", "" } }, OCOP_SEVERITY_ERROR, "name", "the product name is required", "required" },
	/* 2 */ { { { "producer", "  " } }, OCOP_SEVERITY_ERROR, "producer", "the producer (cooperative or enterprise) is required", "required" },
	/* 3 */ { { { "address", "" } }, OCOP_SEVERITY_ERROR, "address", "the producer's address is required", "required" },
	/* 4 */ { { { "stars", "2" } }, OCOP_SEVERITY_ERROR, "stars", "2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark", "not_certified" },
	/* 5 */ { { { "stars", "1" } }, OCOP_SEVERITY_ERROR, "stars", "1-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark", "not_certified" },
	/* 6 */ { { { "stars", "6" } }, OCOP_SEVERITY_ERROR, "stars", "'6' is not a star rating; write 3, 4 or 5", "stars" },
	/* 7 */ { { { "stars", "năm" } }, OCOP_SEVERITY_ERROR, "stars", "'năm' is not a star rating; write 3, 4 or 5", "stars" },
	/* 8 */ { { { "stars", "" } }, OCOP_SEVERITY_ERROR, "stars", "the OCOP star rating is required (3, 4 or 5)", "required" },
	/* 9 */ { { { "stars", "3" } }, 0, NULL, NULL, NULL },
	/* 10 */ { { { "gtin", "8936012345675" } }, OCOP_SEVERITY_ERROR, "gtin", "wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)", "check_digit" },
	/* 11 */ { { { "gtin", "893601234567" } }, OCOP_SEVERITY_ERROR, "gtin", "'893601234567' has 12 digits; an EAN-13 needs 13: with its check digit it is 8936012345674", "no_check_digit" },
	/* 12 */ { { { "gtin", "893601234" } }, OCOP_SEVERITY_ERROR, "gtin", "'893601234' has 9 digits; an EAN-13 has 13 digits (or 8 for EAN-8)", "length" },
	/* 13 */ { { { "gtin", "89360123456X4" } }, OCOP_SEVERITY_ERROR, "gtin", "'89360123456X4' must be digits only; found 'X' at character 12", "digits" },
	/* 14 */ { { { "gtin", "" } }, OCOP_SEVERITY_ERROR, "gtin", "the barcode number (GTIN, 13 digits) is required", "required" },
	/* 15 */ { { { "gtin", "4006381333931" } }, OCOP_SEVERITY_WARNING, "gtin", "'4006381333931' does not start with 893, the GS1 prefix of Viet Nam", "gs1_prefix" },
	/* 16 */ { { { "gtin", "96385074" } }, 0, NULL, NULL, NULL }, /* a valid EAN-8; the 893 advice is for EAN-13 */
	/* 17 */ { { { "gtin", "89360125" } }, 0, NULL, NULL, NULL },
	/* 18 */ { { { "gtin", "89360120" } }, OCOP_SEVERITY_ERROR, "gtin", "wrong check digit in '89360120': the last digit should be 5 (89360125)", "check_digit" },
	/* 19 */ { { { "growing_area", "VN QNOR 12" } }, OCOP_SEVERITY_ERROR, "growing_area", "the growing-area code 'VN QNOR 12' may contain only letters A-Z, digits and '-'; found ' ' at character 3", "charset" },
	/* 20 */ { { { "growing_area", "VN-QNÔR-12" } }, OCOP_SEVERITY_ERROR, "growing_area", "the growing-area code 'VN-QNÔR-12' may contain only letters A-Z, digits and '-'; found 'Ô' at character 6", "charset" },
	/* 21 */ { { { "packing_facility", "VN" } }, OCOP_SEVERITY_ERROR, "packing_facility", "the packing-facility code 'VN' has 2 characters; it must have 3 to 32", "length" },
	/* 22 */ { { { "packing_facility", "" } }, OCOP_SEVERITY_ERROR, "packing_facility", "the packing-facility code is required (e.g. VN-QNPH-003)", "required" },
	/* 23 */ { { { "growing_area", "VN-QNOR-0012345678901234567890123" } }, OCOP_SEVERITY_ERROR, "growing_area", "the growing-area code 'VN-QNOR-0012345678901234567890123' has 33 characters; it must have 3 to 32", "length" },
	/* 24 */ { { { "production_date", "2026-11-01" }, { "expiry_date", "31/10/2026" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date 31/10/2026 is before the production date 01/11/2026", "date_order" },
	/* 25 */ { { { "production_date", "31/02/2026" } }, OCOP_SEVERITY_ERROR, "production_date", "the production date '31/02/2026' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd", "date" },
	/* 26 */ { { { "expiry_date", "1/11/26" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '1/11/26' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd", "date" },
	/* 27 */ { { { "ocop_cert_date", "2023-11-29" } }, OCOP_SEVERITY_ERROR, "ocop_cert_date", "the OCOP certificate of 29/11/2023 expired on 29/11/2026 (valid 36 months); the product must be re-rated before it may carry the OCOP mark", "expired" },
	/* 28 */ { { { "ocop_cert_date", "2023-11-30" } }, OCOP_SEVERITY_WARNING, "ocop_cert_date", "the OCOP certificate expires on 30/11/2026, in 1 days", "expires_soon" },
	/* 29 */ { { { "ocop_cert_date", "15/03/2025" } }, 0, NULL, NULL, NULL },
	/* 30 */ { { { "ocop_cert_date", "2027-01-01" } }, OCOP_SEVERITY_ERROR, "ocop_cert_date", "the OCOP certificate date 01/01/2027 is in the future", "future" },
	/* 31 */ { { { "trace_url", "ftp://x.vn/a" } }, OCOP_SEVERITY_ERROR, "trace_url", "'ftp://x.vn/a' is not an absolute web address; it must start with https:// or http://", "url" },
	/* 32 */ { { { "trace_url", "https://x.vn/a b" } }, OCOP_SEVERITY_ERROR, "trace_url", "'https://x.vn/a b' contains a space at character 15; write it as %20", "url" },
	/* 33 */ { { { "trace_url", "https:///a" } }, OCOP_SEVERITY_ERROR, "trace_url", "'https:///a' has no host name after the scheme", "url" },
	/* 34 */ { { { "trace_url", "https://truyxuat.vn/sản-phẩm" } }, 0, NULL, NULL, NULL },
	/* 35 */ { { { "origin", "VN" } }, OCOP_SEVERITY_ERROR, "origin", "'VN' is an abbreviation; write the country name in full, e.g. Việt Nam", "abbreviation" },
	/* 36 */ { { { "production_date", "2026-12-25" } }, OCOP_SEVERITY_WARNING, "production_date", "the production date 25/12/2026 is in the future", "future" },
	/* 37 */ { { { "name", "Trà\x01" } }, OCOP_SEVERITY_ERROR, "name", "the product name contains a control character (U+0001) at character 4", "control_char" },
	/* 38 */ { { { "origin", "Nga" } }, 0, NULL, NULL, NULL },
	/* 39 */ { { { "origin", "USA" } }, OCOP_SEVERITY_ERROR, "origin", "'USA' is an abbreviation; write the country name in full, e.g. Việt Nam", "abbreviation" },
	/* what a spreadsheet makes of dates and long numbers */
	/* 40 */ { { { "production_date", "01/13/2026" } }, OCOP_SEVERITY_ERROR, "production_date", "the production date '01/13/2026' looks like month/day order (there is no month 13); write the day first, dd/mm/yyyy: 13/01/2026", "month_first" },
	/* 41 */ { { { "production_date", "45962" } }, OCOP_SEVERITY_ERROR, "production_date", "the production date '45962' looks like an Excel date number: it would be 01/11/2025; format the column as Date (dd/mm/yyyy) or as Text in Excel and save the file again", "date_number" },
	/* 42 */ { { { "production_date", "2026-11-01 00:00:00" }, { "expiry_date", "01/11/2027 00:00" } }, 0, NULL, NULL, NULL },
	/* 43 */ { { { "expiry_date", "2027-11-01T00:00:00" } }, 0, NULL, NULL, NULL },
	/* 44 */ { { { "expiry_date", "2027-11-01 08:30:00" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '2027-11-01 08:30:00' has a time of day (08:30:00); write the date only: 01/11/2027", "date_time" },
	/* 45 */ { { { "expiry_date", "13/01/2027 00:00:01" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '13/01/2027 00:00:01' has a time of day (00:00:01); write the date only: 13/01/2027", "date_time" },
	/* 46 */ { { { "expiry_date", "01/13/2027 00:00" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '01/13/2027 00:00' looks like month/day order (there is no month 13); write the day first, dd/mm/yyyy: 13/01/2027", "month_first" },
	/* 47 */ { { { "expiry_date", "2027-11-01X00:00" } }, OCOP_SEVERITY_ERROR, "expiry_date", "the expiry date '2027-11-01X00:00' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd", "date" },
	/* 48 */ { { { "gtin", "8.93601E+12" } }, OCOP_SEVERITY_ERROR, "gtin", "'8.93601E+12' is the barcode number turned into a number in scientific notation by Excel, and its last digits are lost; format the column as Text (or type an apostrophe before the number, as in '8936012346107) and type the 13 digits again", "scientific" },
	/* 49 */ { { { "gtin", "8,93601e12" } }, OCOP_SEVERITY_ERROR, "gtin", "'8,93601e12' is the barcode number turned into a number in scientific notation by Excel, and its last digits are lost; format the column as Text (or type an apostrophe before the number, as in '8936012346107) and type the 13 digits again", "scientific" },
	/* 50 */ { { { "gtin", "8.9E" } }, OCOP_SEVERITY_ERROR, "gtin", "'8.9E' must be digits only; found '.' at character 2", "digits" },
	/* packaged goods (a net quantity) without their dates: Decree 43 */
	/* 51 */ { { { "net_quantity", "500 g" } }, OCOP_SEVERITY_WARNING, "production_date", "no production date (NSX) and no expiry date (HSD): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave them out only for goods that are not food", "decree43" },
	/* 52 */ { { { "net_quantity", "500 g" }, { "production_date", "20/10/2026" } }, OCOP_SEVERITY_WARNING, "expiry_date", "no expiry date (HSD): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave it out only for goods that are not food", "decree43" },
	/* 53 */ { { { "net_quantity", "500 g" }, { "expiry_date", "20/10/2027" } }, OCOP_SEVERITY_WARNING, "production_date", "no production date (NSX): a packaged food must show its production and expiry dates (Decree 43/2017/ND-CP); leave it out only for goods that are not food", "decree43" },
	/* 54 */ { { { "net_quantity", "500 g" }, { "production_date", "20/10/2026" }, { "expiry_date", "20/10/2027" } }, 0, NULL, NULL, NULL },
	/* product groups (Decision 148/QD-TTg): any case and accents, English names; what each needs */
	/* 55 */ { { { "product_group", "thuc pham" }, { "ingredients", "Trà" } }, 0, NULL, NULL, NULL },
	/* 56 */ { { { "product_group", "Đồ ăn" } }, OCOP_SEVERITY_ERROR, "product_group", "'Đồ ăn' is not an OCOP product group; write one of the six: Thực phẩm, Đồ uống, Thảo dược, Thủ công mỹ nghệ, Sinh vật cảnh, Dịch vụ du lịch cộng đồng", "choice" },
	/* 57 */ { { { "product_group", "drinks" } }, OCOP_SEVERITY_WARNING, "ingredients", "no ingredients (Thành phần): the label of a food or drink must list them (Decree 43/2017/ND-CP, amended by Decree 111/2021/ND-CP); give them in the ingredients column and print them, e.g. with the back label back-100x70", "decree43" },
	/* 58 */ { { { "product_group", "THỦ CÔNG MỸ NGHỆ" }, { "net_quantity", "1 chiếc" } }, 0, NULL, NULL, NULL },
	/* 59 */ { { { "product_group", "du lich cong dong" }, { "gtin", "" } }, OCOP_SEVERITY_ERROR, "trace_url", "a community tourism service has no barcode number (GTIN), so its QR code needs a trace_url: the web address of its traceability page", "required" },
	/* 60 */ { { { "product_group", "Dịch vụ du lịch cộng đồng" }, { "gtin", "" }, { "trace_url", "https://qn.check.net.vn/dl/1" } }, 0, NULL, NULL, NULL },
	/* 61 */ { { { "product_group", "tourism" } }, 0, NULL, NULL, NULL }, /* a GTIN, when it has one, is checked as usual */
	/* 62 */ { { { "product_group", "Sinh vật cảnh" }, { "gtin", "" } }, OCOP_SEVERITY_ERROR, "gtin", "the barcode number (GTIN, 13 digits) is required", "required" },
	/* 63 */ { { { "product_group", "thảo dược" }, { "net_quantity", "100 g" } }, 0, NULL, NULL, NULL }, /* herbs: no date warning */
	/* GS1 element strings of the Digital Link, and the new text fields */
	/* 64 */ { { { "lot", "TH 26" } }, OCOP_SEVERITY_ERROR, "lot", "'TH 26' has a space at position 3; GS1 allows only A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_ in a lot number (AI 10)", "charset" },
	/* 65 */ { { { "variant", "123456789012345678901" } }, OCOP_SEVERITY_ERROR, "variant", "'123456789012345678901' is 21 characters; GS1 allows at most 20 in a consumer product variant (AI 22)", "too_long" },
	/* 66 */ { { { "lot", "Lô 26/11 (sáng)" }, { "trace_url", "https://x.vn/a" } }, 0, NULL, NULL, NULL }, /* printed only */
	/* 67 */ { { { "warnings", "Không\x07 dùng" } }, OCOP_SEVERITY_ERROR, "warnings", "the text of the warnings contains a control character (U+0007) at character 6", "control_char" },
	/* 68 */ { { { "ocop_cert_no", "1234/QĐ-UBND" }, { "instructions", "Dùng ngay.\nBảo quản lạnh." } }, 0, NULL, NULL, NULL },
	/* star ratings as clerks write them */
	/* 69 */ { { { "stars", "5 sao" } }, 0, NULL, NULL, NULL },
	/* 70 */ { { { "stars", "4 Sao" } }, 0, NULL, NULL, NULL },
	/* 71 */ { { { "stars", "★★★" } }, 0, NULL, NULL, NULL },
	/* 72 */ { { { "stars", "5★" } }, 0, NULL, NULL, NULL },
	/* 73 */ { { { "stars", "2 sao" } }, OCOP_SEVERITY_ERROR, "stars", "2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark", "not_certified" },
	/* 74 */ { { { "stars", "5 sao vàng" } }, OCOP_SEVERITY_ERROR, "stars", "'5 sao vàng' is not a star rating; write 3, 4 or 5", "stars" },
	/* goods past their expiry date (HSD): a warning (a strict batch refuses them) */
	/* 75 */ { { { "production_date", "2025-01-01" }, { "expiry_date", "28/11/2026" } }, OCOP_SEVERITY_WARNING, "expiry_date", "the expiry date (HSD) 28/11/2026 has passed: goods past it may not be sold; correct the date or leave the row out (batch --strict refuses it)", "expired" },
	/* 76 */ { { { "expiry_date", "29/11/2026" } }, 0, NULL, NULL, NULL }, /* the last day it may be sold */
	/* the traceability fields of Circular 02/2024 */
	/* 77 */ { { { "gln", "8936012340006" }, { "standard", "TCVN 7975:2008; TCCS 01:2024/HTX" }, { "image", "anh/tra.JPG" } }, 0, NULL, NULL, NULL },
	/* 78 */ { { { "gln", "8936012340007" } }, OCOP_SEVERITY_ERROR, "gln", "the GLN '8936012340007' ends in 7; its check digit is 6", "check_digit" },
	/* 79 */ { { { "gln", "893601234000" } }, OCOP_SEVERITY_ERROR, "gln", "the GLN '893601234000' has 12 digits; a GLN has 13, the last a check digit", "length" },
	/* 80 */ { { { "gln", "89360-1234000" } }, OCOP_SEVERITY_ERROR, "gln", "the GLN '89360-1234000' must be digits only; found '-' at character 6", "digits" },
	/* 81 */ { { { "image", "../ảnh/tra.jpg" } }, OCOP_SEVERITY_ERROR, "image", "the product image '../ảnh/tra.jpg' is outside the product file's folder; put the photo beside the product file (or in a folder under it) and write its name, e.g. anh/tra-hoa-vang.jpg", "outside" },
	/* 82 */ { { { "image", "/etc/passwd" } }, OCOP_SEVERITY_ERROR, "image", "the product image '/etc/passwd' is outside the product file's folder; put the photo beside the product file (or in a folder under it) and write its name, e.g. anh/tra-hoa-vang.jpg", "outside" },
	/* 83 */ { { { "image", "tra.pdf" } }, OCOP_SEVERITY_ERROR, "image", "the product image 'tra.pdf' is not a photo file a page can show; give a .jpg, .jpeg, .png or .webp file", "image" },
	/* 84 */ { { { "image", "http://example.vn/tra.jpg" } }, OCOP_SEVERITY_ERROR, "image", "the product image 'http://example.vn/tra.jpg' is a web address that is not https; write an https address or the name of a file beside the product file", "url" },
	/* 85 */ { { { "image", "https://example.vn/anh/tra.jpg" } }, 0, NULL, NULL, NULL },
	/* 86 */ { { { "harvest_date", "20/10/2026" }, { "packing_date", "19/10/2026" } }, OCOP_SEVERITY_ERROR, "packing_date", "the packing date 19/10/2026 is before the harvest date 20/10/2026", "date_order" },
	/* 87 */ { { { "harvest_date", "31/02/2026" } }, OCOP_SEVERITY_ERROR, "harvest_date", "the harvest date '31/02/2026' is not a date; write dd/mm/yyyy (e.g. 25/12/2026) or yyyy-mm-dd", "date" },
	/* 88 */ { { { "packing_date", "01/12/2026" } }, OCOP_SEVERITY_WARNING, "packing_date", "the packing date 01/12/2026 is in the future", "future" },
	/* 89 */ { { { "harvest_date", "2026-10-20" }, { "packing_date", "22/10/2026" } }, 0, NULL, NULL, NULL },
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
				CHECK_STR(x->code, r->code, ctx);
			}
			CHECK(err == (r->severity == OCOP_SEVERITY_ERROR ? OCOP_EREJECTED : 0), "[%s] return %d", ctx, err);
			if (err == OCOP_EREJECTED) {
				char want[512];
				snprintf(want, sizeof want, "%s: %s", r->field, r->message);
				CHECK_STR(ocop_error_last(), want, ctx);
				CHECK_STR(ocop_error_field(), r->field, ctx);
				CHECK_STR(ocop_error_code(), r->code, ctx);
				CHECK_STR(ocop_error_message(), r->message, ctx);
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
	CHECK(ocop_record_validate(&d, rec, &vo) == OCOP_EREJECTED, "invalid");
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

/* The error object: the field and the code apart from the message; messages of any length stay whole
 * and valid UTF-8 on one line (a 1,024-byte buffer used to cut them inside a character, advice lost). */
static void test_error_object(void)
{
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = TODAY;
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
		ocop_record_set(rec, base[i][0], base[i][1], -1);
	GString *v = g_string_new(NULL);
	for (int i = 0; i < 700; i++)
		g_string_append(v, "ẽ"); /* 3 bytes each: a message of more than 2 KiB */
	ocop_record_set(rec, "gtin", v->str, -1);
	CHECK(ocop_record_validate(NULL, rec, &vo) == OCOP_EREJECTED, "long gtin invalid");
	/* the value quoted is cut at 60 characters: a 60,000-character cell does not make a 60,000-character message */
	GString *q = g_string_new(NULL);
	for (int i = 0; i < 60; i++)
		g_string_append(q, "ẽ");
	char *want = g_strdup_printf("'%s…' must be digits only; found 'ẽ' at character 1", q->str);
	g_string_free(q, TRUE);
	char *want_full = g_strdup_printf("gtin: %s", want);
	CHECK_STR(ocop_error_last(), want_full, "long value cut in the message");
	CHECK_STR(ocop_error_message(), want, "long value cut in the message without field");
	CHECK_STR(ocop_error_field(), "gtin", "field");
	CHECK_STR(ocop_error_code(), "digits", "code");
	CHECK(g_utf8_validate(ocop_error_last(), -1, NULL), "valid UTF-8");
	g_free(want);
	g_free(want_full);
	g_string_free(v, TRUE);

	/* one line: line breaks as " / "; bytes that are not UTF-8 and control characters as U+FFFD */
	static const struct { const char *in, *out; } lines[] = {
		/* 0 */ { "a\nb", "a / b" },
		/* 1 */ { "a\r\nb\rc", "a / b / c" },
		/* 2 */ { "a\tb", "a b" },
		/* 3 */ { "x\xffy", "x\xef\xbf\xbdy" },
		/* 4 */ { "x\x01y\x7f", "x\xef\xbf\xbdy\xef\xbf\xbd" },
		/* 5 */ { "Trà \xe1\xba", "Trà \xef\xbf\xbd\xef\xbf\xbd" }, /* a character cut short: each byte */
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char ctx[16];
		snprintf(ctx, sizeof ctx, "line %zu", i);
		CHECK(ocop_set_error_at(OCOP_EREJECTED, "name", "x", "%s", lines[i].in) == OCOP_EREJECTED, "returns the error");
		CHECK_STR(ocop_error_message(), lines[i].out, ctx);
		ocop_diags *d = ocop_diags_alloc();
		ocop_diags_addc(d, OCOP_SEVERITY_WARNING, "name", "x", "%s", lines[i].in);
		CHECK_STR(ocop_diags_get(d, 0)->message, lines[i].out, ctx);
		ocop_diags_free(d);
	}
	/* without a field or a code of its own: the message alone, the generic code of the error number */
	ocop_set_error(OCOP_EIO, "%s", "out.pdf: disk full");
	CHECK_STR(ocop_error_last(), "out.pdf: disk full", "no field");
	CHECK_STR(ocop_error_field(), "", "no field: field");
	CHECK_STR(ocop_error_code(), "io", "generic code");
	ocop_set_error(OCOP_ETIMEOUT, "%s", "no answer from socket://127.0.0.1:9 within 10 s");
	CHECK_STR(ocop_error_code(), "timeout", "generic code of OCOP_ETIMEOUT");
	CHECK_STR(ocop_strerror(OCOP_ETIMEOUT), "timed out", "strerror of OCOP_ETIMEOUT");
	/* a place before the field: in the whole text only */
	ocop_set_error_where(OCOP_EPARSE, "p.csv:7", "copies", "copies", "'x' is not a number");
	CHECK_STR(ocop_error_last(), "p.csv:7: copies: 'x' is not a number", "where");
	CHECK_STR(ocop_error_message(), "'x' is not a number", "where: message");
	/* an argument that is the error object itself */
	ocop_set_error_at(OCOP_EINVAL, ocop_error_field(), ocop_error_code(), "again: %s", ocop_error_message());
	CHECK_STR(ocop_error_last(), "copies: again: 'x' is not a number", "self");
	ocop_error_clear();
	CHECK_STR(ocop_error_last(), "", "cleared");
	CHECK_STR(ocop_error_code(), "", "cleared code");
	/* record_set's errors name their field and code */
	CHECK(ocop_record_set(rec, "address", "X\xc3 Thanh", -1) == OCOP_EUTF8, "bad utf8");
	CHECK_STR(ocop_error_field(), "address", "utf8 field");
	CHECK_STR(ocop_error_code(), "utf8", "utf8 code");
	/* a diagnostic list is never NULL; a diagnostic made without a code has "other" */
	ocop_diags *d = ocop_diags_alloc();
	CHECK(d != NULL, "alloc");
	ocop_diags_add(d, OCOP_SEVERITY_WARNING, NULL, "%s", "m");
	CHECK_STR(ocop_diags_get(d, 0)->code, "other", "generic diag code");
	CHECK_STR(ocop_diags_get(d, 0)->field, "", "no field");
	ocop_diags_free(d);
	ocop_record_free(rec);
}

/* The field table: every name once, headings matched without case and accents, limits and kinds. */
static void test_fields(void)
{
	CHECK(ocop_field_count() >= 22, "count");
	for (size_t i = 0; i < ocop_field_count(); i++) {
		const ocop_field *f = ocop_field_get(i);
		CHECK(ocop_field_find(f->name) == f, "find %s", f->name);
		CHECK(f->headings && (!*f->heading || strcmp(f->headings[0], f->heading) == 0), "%s: first heading", f->name);
		for (const char *const *h = f->headings; *h; h++)
			CHECK_STR(ocop_field_for_heading(*h), f->name, *h);
		CHECK_STR(ocop_field_for_heading(f->name), f->name, f->name);
		CHECK(*f->description, "%s: description", f->name);
	}
	CHECK(ocop_field_get(ocop_field_count()) == NULL && ocop_field_find("vung") == NULL, "out of range");
	static const struct { const char *heading, *field; } h[] = {
		/* 0 */ { "THÀNH PHẦN", "ingredients" },
		/* 1 */ { "huong dan su dung, bao quan", "instructions" },
		/* 2 */ { " Cảnh  báo ", "warnings" },
		/* 3 */ { "Nhóm sản phẩm", "product_group" },
		/* 4 */ { "so giay chung nhan", "ocop_cert_no" },
		/* 5 */ { "product group", "product_group" },
		/* what clerks type (issue 26) */
		/* 6 */ { "Ngày cấp", "ocop_cert_date" },
		/* 7 */ { "NGÀY CẤP OCOP", "ocop_cert_date" },
		/* 8 */ { "Số QĐ", "ocop_cert_no" },
		/* 9 */ { "Hạn dùng", "expiry_date" },
		/* 10 */ { "Trọng lượng", "net_quantity" },
		/* 11 */ { "HTX", "producer" },
		/* 12 */ { "Mã vùng trồng", "growing_area" },
	};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
		CHECK_STR(ocop_field_for_heading(h[i].heading), h[i].field, h[i].heading);
	/* a heading that is not a field but holds one's words: the reader's warning names the field */
	static const struct { const char *heading, *field; } near[] = {
		/* 0 */ { "Ngày cấp GCN OCOP (dd/mm/yyyy)", "ocop_cert_date" },
		/* 1 */ { "Hạn sử dụng (HSD)", "expiry_date" },
		/* 2 */ { "Số lô sản xuất / ca", "lot" },
		/* 3 */ { "Mã số vùng trồng được cấp", "growing_area" },
		/* 4 */ { "Ghi chú", NULL },
		/* 5 */ { "Loại bao bì", NULL },          /* "Lô" is a word, not a part of one */
		/* 6 */ { "Hạng mục kiểm tra khác", NULL }, /* one short word in a long heading: not enough */
		/* 7 */ { "Ngày cấp", NULL },              /* a heading of the field itself: not "near" */
	};
	for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
		CHECK_STR(ocop_field_near_heading(near[i].heading) ? ocop_field_near_heading(near[i].heading) : "(none)",
		          near[i].field ? near[i].field : "(none)", near[i].heading);
	const ocop_field *f = ocop_field_find("gtin");
	CHECK(f->required && f->kind == OCOP_FIELD_NUMBER && strcmp(f->gs1_ai, "01") == 0 && !f->wrap, "gtin");
	f = ocop_field_find("ingredients");
	CHECK(!f->required && f->mandatory_text && f->wrap && f->max_length == 1000, "ingredients");
	f = ocop_field_find("copies");
	CHECK(f->column_only && f->max_value == OCOP_COPIES_MAX && !ocop_field_is_known("copies"), "copies");
	CHECK(ocop_field_is_known("serial") && ocop_field_is_known("variant") && ocop_field_is_known("ocop_cert_no"), "known");

	/* product_group stored as the canonical Vietnamese name */
	static const struct { const char *in, *out; } g[] = {
		/* 0 */ { "thuc pham", "Thực phẩm" },
		/* 1 */ { "ĐỒ UỐNG", "Đồ uống" },
		/* 2 */ { "Thao duoc", "Thảo dược" },
		/* 3 */ { "handicrafts", "Thủ công mỹ nghệ" },
		/* 4 */ { "sinh-vat-canh", "Sinh vật cảnh" },
		/* 5 */ { "dịch vụ du lịch cộng đồng", "Dịch vụ du lịch cộng đồng" },
		/* 6 */ { "Du lịch", "Dịch vụ du lịch cộng đồng" },
		/* 7 */ { "Đồ ăn", "Đồ ăn" }, /* unknown: kept, and refused by validation */
	};
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
		ocop_record_set(rec, "product_group", g[i].in, -1);
		CHECK_STR(ocop_record_get(rec, "product_group"), g[i].out, g[i].in);
	}
	ocop_record_free(rec);
}

/* a record of many fields (a web form with thousands of keys): each found, replaced and removed
 * as in a small one, in the order first set (past 32 fields the record keeps an index) */
static void test_many_fields(void)
{
	ocop_record *r = NULL;
	ocop_record_new(&r);
	char k[32], v[32];
	for (int i = 0; i < 1000; i++) {
		g_snprintf(k, sizeof k, "x%d", i);
		g_snprintf(v, sizeof v, "v%d", i);
		ocop_record_set(r, k, v, -1);
	}
	for (int i = 0; i < 1000; i += 3) { /* every third removed, every fifth replaced */
		g_snprintf(k, sizeof k, "x%d", i);
		ocop_record_set(r, k, "", -1);
	}
	for (int i = 0; i < 1000; i += 5) {
		g_snprintf(k, sizeof k, "x%d", i);
		ocop_record_set(r, k, "new", -1);
	}
	size_t want = 0;
	int bad = 0;
	for (int i = 0; i < 1000; i++) {
		g_snprintf(k, sizeof k, "x%d", i);
		g_snprintf(v, sizeof v, "v%d", i);
		const char *got = ocop_record_get(r, k), *exp = i % 5 == 0 ? "new" : i % 3 == 0 ? NULL : v;
		want += exp != NULL;
		bad += g_strcmp0(got, exp) != 0;
	}
	CHECK(bad == 0, "%d of 1000 fields wrong", bad);
	CHECK(ocop_record_count(r) == want, "count %zu, want %zu", ocop_record_count(r), want);
	const char *name = NULL, *value = NULL;
	CHECK(ocop_record_field(&name, &value, r, 0) == 0 && strcmp(name, "x1") == 0 && strcmp(value, "v1") == 0,
	      "the first field kept its place: %s=%s", name, value);
	ocop_record_clear(r);
	CHECK(ocop_record_count(r) == 0 && !ocop_record_get(r, "x1"), "cleared");
	ocop_record_set(r, "x1", "again", -1);
	CHECK_STR(ocop_record_get(r, "x1"), "again", "set after clearing");
	ocop_record_free(r);
}

int main(void)
{
	test_error_object();
	test_fields();
	test_rows();
	test_many_errors();
	test_check_digits();
	test_set();
	test_many_fields();
	return t_done("test_record");
}
