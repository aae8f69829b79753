/* ocoplabel tests — GS1 Digital Link: records to exact URLs, CSET 82 and percent-encoding, parsing back, QR sizing. */
#include "internal.h"
#include "testutil.h"
#include <stdlib.h>

static ocop_record *rec_of(const char *const *kv)
{
	ocop_record *r = NULL;
	ocop_record_new(&r);
	for (int i = 0; kv[i]; i += 2)
		ocop_record_set(r, kv[i], kv[i + 1], -1);
	return r;
}

static void test_build(void)
{
	static const struct { const char *kv[20]; const char *resolver, *want; } rows[] = {
		/* 0 */ { { "gtin", "8936012345674", NULL }, NULL, "https://id.gs1.org/01/08936012345674" },
		/* 1 */ { { "gtin", "89360125", NULL }, NULL, "https://id.gs1.org/01/00000089360125" },
		/* 2 */ { { "gtin", "8936012345674", "lot", "TH2611", "serial", "000041", "production_date", "01/11/2026",
			    "expiry_date", "2028-11-01", "growing_area", "VN-QNOR-0012", "packing_facility", "VN-QNPH-003", NULL },
			  "https://truyxuat.quangninh.gov.vn",
			  "https://truyxuat.quangninh.gov.vn/01/08936012345674/10/TH2611/21/000041?11=261101&17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003" },
		/* 3: every CSET 82 special character, in path order 22, 10, 21 */
		/* 3 */ { { "gtin", "8936012345674", "serial", "AZaz09-._", "lot", "!\"%&'()*+,-./:;<", "variant", "=>?_", NULL }, NULL,
			  "https://id.gs1.org/01/08936012345674/22/%3D%3E%3F_/10/%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C/21/AZaz09-._" },
		/* 4: a lot with / and % */
		/* 4 */ { { "gtin", "8936012345674", "lot", "L/1%", NULL }, NULL, "https://id.gs1.org/01/08936012345674/10/L%2F1%25" },
		/* 5: resolver with a path and a trailing slash; codes with characters to encode */
		/* 5 */ { { "gtin", "8936012345674", "growing_area", "VN/QN 12", "packing_facility", "A&B=C", NULL },
			  "https://example.vn/dl/", "https://example.vn/dl/01/08936012345674?vt=VN%2FQN%2012&csdg=A%26B%3DC" },
		/* 6: only the expiry date */
		/* 6 */ { { "gtin", "8936012345674", "expiry_date", "31/12/2030", NULL }, NULL,
			  "https://id.gs1.org/01/08936012345674?17=301231" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_record *r = rec_of(rows[i].kv);
		ocop_link_options o = OCOP_LINK_OPTIONS_INIT;
		o.resolver = rows[i].resolver;
		char *u = NULL, ctx[32];
		CHECK(ocop_link_build(&u, r, &o) == 0, "row %zu: %s", i, ocop_error_last());
		snprintf(ctx, sizeof ctx, "build row %zu", i);
		CHECK_STR(u, rows[i].want, ctx);
		/* parse it back: every field as given */
		ocop_record *back = NULL;
		CHECK(ocop_link_parse(&back, u ? u : "", &o) == 0, "parse row %zu: %s", i, ocop_error_last());
		for (int k = 0; back && rows[i].kv[k]; k += 2) {
			const char *want = ocop_record_get(r, rows[i].kv[k]);
			snprintf(ctx, sizeof ctx, "round trip row %zu %s", i, rows[i].kv[k]);
			CHECK_STR(ocop_record_get(back, rows[i].kv[k]), want, ctx);
		}
		free(u);
		ocop_record_free(back);
		ocop_record_free(r);
	}

	/* configurable keys; an empty key leaves the code out */
	const char *kv[] = { "gtin", "8936012345674", "growing_area", "VN-1", "packing_facility", "PH-2", NULL };
	ocop_record *r = rec_of(kv);
	ocop_link_options o = OCOP_LINK_OPTIONS_INIT;
	o.growing_area_key = "puc";
	o.packing_facility_key = "";
	char *u = NULL;
	ocop_link_build(&u, r, &o);
	CHECK_STR(u, "https://id.gs1.org/01/08936012345674?puc=VN-1", "custom keys");
	free(u);
	o.growing_area_key = "12";
	CHECK(ocop_link_build(&u, r, &o) == OCOP_EINVAL, "a numeric key is a GS1 AI, refused");
	ocop_record_free(r);

	static const struct { const char *kv[8]; const char *msg, *code; } bad[] = {
		/* 0 */ { { "lot", "Lô 1", NULL }, "lot: 'Lô 1' has 'ô' at position 2; GS1 allows only A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_ in a lot number (AI 10)", "charset" },
		/* 1 */ { { "lot", "A B", NULL }, "lot: 'A B' has a space at position 2", "charset" },
		/* 2 */ { { "serial", "123456789012345678901", NULL }, "serial: '123456789012345678901' is 21 characters; GS1 allows at most 20 in a serial number (AI 21)", "too_long" },
		/* 3 */ { { "lot", "a#b", NULL }, "lot: 'a#b' has '#' at position 2", "charset" },
		/* 4 */ { { "gtin", "8936012345675", NULL }, "gtin: wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)", "check_digit" },
		/* 5 */ { { "expiry_date", "32/13/2026", NULL }, "expiry_date: '32/13/2026' is not a date (dd/mm/yyyy)", "date" },
		/* 6: found by fuzz_link: a resolver whose path has /01 would not parse back */
		/* 6 */ { { "resolver", "https://a.vn/x/01/y", NULL }, "resolver: 'https://a.vn/x/01/y' has a path segment /01, which a reader would take for the GTIN's key", "url" },
		/* 7 */ { { "resolver", "https://a.vn/01", NULL }, "resolver: 'https://a.vn/01' has a path segment /01", "url" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *base[] = { "gtin", "8936012345674", NULL };
		r = rec_of(base);
		ocop_link_options bo = OCOP_LINK_OPTIONS_INIT;
		for (int k = 0; bad[i].kv[k]; k += 2) {
			if (strcmp(bad[i].kv[k], "resolver") == 0)
				bo.resolver = bad[i].kv[k + 1];
			else
				ocop_record_set(r, bad[i].kv[k], bad[i].kv[k + 1], -1);
		}
		u = NULL;
		CHECK(ocop_link_build(&u, r, &bo) == OCOP_EINVALID && !u, "bad row %zu accepted", i);
		CHECK(strncmp(ocop_error_last(), bad[i].msg, strlen(bad[i].msg)) == 0, "bad row %zu: %s", i, ocop_error_last());
		/* the error object: the field apart (the text before ": ") and the code */
		CHECK(strncmp(bad[i].msg, ocop_error_field(), strlen(ocop_error_field())) == 0 && *ocop_error_field() &&
		      bad[i].msg[strlen(ocop_error_field())] == ':', "bad row %zu: field '%s'", i, ocop_error_field());
		CHECK_STR(ocop_error_code(), bad[i].code, "bad row code");
		ocop_record_free(r);
	}
}

static void test_parse_errors(void)
{
	static const struct { const char *url, *msg; } rows[] = {
		/* 0 */ { "ftp://id.gs1.org/01/08936012345674", "is not an http:// or https:// address" },
		/* 1 */ { "https://id.gs1.org/product/8936012345674", "no /01/{GTIN} in its path" },
		/* 2 */ { "https://id.gs1.org/01/0893601234567X", "must be 8, 12, 13 or 14 digits" },
		/* 3 */ { "https://id.gs1.org/01/08936012345675", "'08936012345675': wrong GTIN check digit: the last digit should be 4 (08936012345674)" },
		/* 4 */ { "https://id.gs1.org/01/08936012345674/21/5/10/L1", "unexpected path segment '/10' after the GTIN" },
		/* 5 */ { "https://id.gs1.org/01/08936012345674/10/%zz", "the value of /10/ is empty or badly percent-encoded" },
		/* 6 */ { "https://id.gs1.org/01/08936012345674?17=261332", "17=261332 is not a date (YYMMDD)" },
		/* 7 */ { "https://id.gs1.org/01/08936012345674?x", "query part 'x' has no '='" },
		/* 8 */ { "https://id.gs1.org/01/08936012345674/10/a%00b", "badly percent-encoded" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_record *r = NULL;
		CHECK(ocop_link_parse(&r, rows[i].url, NULL) == OCOP_EPARSE && !r, "row %zu parsed", i);
		CHECK(strstr(ocop_error_last(), rows[i].msg), "row %zu: %s", i, ocop_error_last());
	}
	/* day 00: the last day of the month; other attributes kept under their key; the resolver path */
	ocop_record *r = NULL;
	CHECK(ocop_link_parse(&r, "http://a.vn/x/y/01/00000089360125?17=260200&4300=x%2Fy#frag", NULL) == 0, "%s", ocop_error_last());
	CHECK_STR(ocop_record_get(r, "expiry_date"), "28/02/2026", "day 00");
	CHECK_STR(ocop_record_get(r, "gtin"), "89360125", "GTIN-8");
	CHECK_STR(ocop_record_get(r, "4300"), "x/y", "other attribute");
	CHECK_STR(ocop_record_get(r, "resolver"), "http://a.vn/x/y", "resolver with a path");
	ocop_record_free(r);
	/* the GS1 century window: 50 years back, 49 ahead of this year */
	r = NULL;
	ocop_link_parse(&r, "https://id.gs1.org/01/08936012345674?17=991231", NULL);
	CHECK_STR(r ? ocop_record_get(r, "expiry_date") : NULL, "31/12/1999", "century window");
	ocop_record_free(r);
}

static void test_qr_sizing(void)
{
	/* the capacity libqrencode reports matches ISO/IEC 18004 (8-bit, versions 1, 6, 7, 40) */
	CHECK(ocop_qr_capacity(1, 1) == 14 && ocop_qr_capacity(6, 1) == 106 && ocop_qr_capacity(7, 1) == 122 &&
	      ocop_qr_capacity(40, 0) == 2953 && ocop_qr_capacity(40, 3) == 1273,
	      "capacities %d %d %d %d %d", ocop_qr_capacity(1, 1), ocop_qr_capacity(6, 1), ocop_qr_capacity(7, 1),
	      ocop_qr_capacity(40, 0), ocop_qr_capacity(40, 3));

	ocop_template *t = NULL;
	ocop_template_find(&t, "small-70x37");
	const char *kv[] = { T_VALID_FIELDS_KV, NULL };
	ocop_record *r = rec_of(kv);
	GString *url = g_string_new("https://truyxuat.quangninh.gov.vn/a?");
	while (url->len < 150)
		g_string_append(url, "x");
	ocop_record_set(r, "trace_url", url->str, -1);
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = OCOP_FORMAT_PDF;
	o.today = "2026-11-29";
	ocop_renderer *rr = NULL;
	ocop_renderer_new(&rr, t, &o);
	ocop_diags *d = NULL;
	/* 150 characters at M need version 8 (49 modules + 8 quiet = 57): 18.5/57 = 0.32 mm, fits */
	CHECK(ocop_renderer_check(&d, rr, r) == 0, "150 characters fit: %s", ocop_error_last());
	ocop_diags_free(d);
	/* with 0.35 mm modules: 18.5/0.35 = 52 modules - 8 = 44 -> version 6 holds 106 at M: 44 too many */
	ocop_renderer_free(rr);
	o.qr_min_module = 0.35;
	ocop_renderer_new(&rr, t, &o);
	d = NULL;
	CHECK(ocop_renderer_check(&d, rr, r) == OCOP_EINVALID, "too long for 0.35 mm modules");
	const ocop_diag *x = ocop_diags_get(d, 0);
	CHECK(x && strcmp(x->field, "trace_url") == 0 &&
	      strcmp(x->message, "the URL is too long for this label: 150 characters, but a QR code in the 18.5 mm box of "
	                         "element 'qr' with modules of at least 0.35 mm holds at most 106 (version 6, error "
	                         "correction M), 44 too many; shorten the URL (resolver, lot, codes), lower the error "
	                         "correction or use a larger label") == 0,
	      "message: %s", x ? x->message : "(none)");
	ocop_diags_free(d);
	/* the same at L: version 6 holds 134, still 16 too many; rendering refuses too, nothing drawn */
	ocop_renderer_free(rr);
	o.qr_ec = OCOP_QR_EC_L;
	ocop_renderer_new(&rr, t, &o);
	unsigned char *buf = NULL;
	size_t len = 0;
	CHECK(ocop_renderer_render_mem(&buf, &len, rr, r) == OCOP_EINVALID && !buf, "render refuses");
	CHECK(strstr(ocop_error_last(), "holds at most 134 (version 6, error correction L), 16 too many"), "%s", ocop_error_last());
	ocop_renderer_free(rr);
	g_string_free(url, TRUE);
	ocop_record_free(r);
	ocop_template_free(t);
}

static void test_serial_format(void)
{
	static const struct { const char *fmt; unsigned long long n; int err; const char *want; } rows[] = {
		/* 0 */ { "%d", 41, 0, "41" },
		/* 1 */ { "%06d", 41, 0, "000041" },
		/* 2 */ { "HTX-%08d", 7, 0, "HTX-00000007" },
		/* 3 */ { "%6d", 41, 0, "000041" },          /* no spaces in CSET 82: zeros */
		/* 4 */ { "A%%%d", 5, 0, "A%5" },
		/* 5 */ { "%d-%d", 5, OCOP_EINVAL, NULL },
		/* 6 */ { "lot", 5, OCOP_EINVAL, NULL },
		/* 7 */ { "%s", 5, OCOP_EINVAL, NULL },
		/* 8 */ { "Lô%d", 5, OCOP_EINVALID, NULL },
		/* 9 */ { "%021d", 5, OCOP_EINVAL, NULL },       /* width over 20 */
		/* 11 */ { "AB%020d", 5, OCOP_EINVALID, NULL },  /* 22 characters */
		/* 10 */ { "%d", 18446744073709551615ull, 0, "18446744073709551615" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char buf[32] = "";
		int err = ocop_serial_format(buf, sizeof buf, rows[i].fmt, rows[i].n);
		CHECK(err == rows[i].err, "row %zu: %d (%s)", i, err, ocop_error_last());
		if (rows[i].want)
			CHECK_STR(buf, rows[i].want, "serial");
	}
}

int main(void)
{
	test_build();
	test_parse_errors();
	test_qr_sizing();
	test_serial_format();
	return t_done("test_link");
}
