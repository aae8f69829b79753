/* ocoplabel tests — GS1 Digital Link: records to exact URLs, CSET 82 and percent-encoding, parsing back (GS1's reference vectors and date window), QR sizing. */
#include "core.h" /* ocop_qr_capacity */
#include "testutil.h"
#include <qrencode.h>
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
		/* 7: the ends of GS1's window in 2026, and day 00 as the parser keeps it */
		/* 7 */ { { "gtin", "8936012345674", "production_date", "01/01/1977", "expiry_date", "31/12/2076", NULL }, NULL,
			  "https://id.gs1.org/01/08936012345674?11=770101&17=761231" },
		/* 8 */ { { "gtin", "8936012345674", "production_date", "00/02/2026", "expiry_date", "00/12/2028", NULL }, NULL,
			  "https://id.gs1.org/01/08936012345674?11=260200&17=281200" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_record *r = rec_of(rows[i].kv);
		ocop_link_options o = OCOP_LINK_OPTIONS_INIT;
		o.resolver = rows[i].resolver;
		o.today = "2026-11-29";
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
		/* 8: dates the two digits of year would read back in another century (GS1 window 1977-2076 in 2026) */
		/* 8 */ { { "production_date", "31/12/1976", NULL }, "production_date: '31/12/1976' cannot go into a Digital Link: its two-digit "
		          "year (YYMMDD) is read as a year from 1977 to 2076 (GS1's window around 2026)", "date" },
		/* 9 */ { { "expiry_date", "2077-01-01", NULL }, "expiry_date: '01/01/2077' cannot go into a Digital Link", "date" },
		/* 10 */ { { "expiry_date", "00/13/2026", NULL }, "expiry_date: '00/13/2026' is not a date (dd/mm/yyyy)", "date" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *base[] = { "gtin", "8936012345674", NULL };
		r = rec_of(base);
		ocop_link_options bo = OCOP_LINK_OPTIONS_INIT;
		bo.today = "2026-11-29";
		for (int k = 0; bad[i].kv[k]; k += 2) {
			if (strcmp(bad[i].kv[k], "resolver") == 0)
				bo.resolver = bad[i].kv[k + 1];
			else
				ocop_record_set(r, bad[i].kv[k], bad[i].kv[k + 1], -1);
		}
		u = NULL;
		CHECK(ocop_link_build(&u, r, &bo) == OCOP_EREJECTED && !u, "bad row %zu accepted", i);
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
		/* 2 */ { "https://id.gs1.org/01/0893601234567X", "'0893601234567X': the GTIN after /01/ must be 14 digits" },
		/* 3 */ { "https://id.gs1.org/01/08936012345675", "'08936012345675': wrong GTIN check digit: the last digit should be 4 (08936012345674)" },
		/* 4 */ { "https://id.gs1.org/01/08936012345674/21/5/10/L1", "unexpected path segment '/10' after the GTIN" },
		/* 5 */ { "https://id.gs1.org/01/08936012345674/10/%zz", "the value of /10/ is badly percent-encoded" },
		/* 6 */ { "https://id.gs1.org/01/08936012345674?17=261332", "17=261332 is not a date (YYMMDD)" },
		/* 7 */ { "https://id.gs1.org/01/08936012345674?x%zz=1", "query part 'x%zz=1' is badly percent-encoded" },
		/* 8 */ { "https://id.gs1.org/01/08936012345674/10/a%00b", "badly percent-encoded" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_record *r = NULL;
		CHECK(ocop_link_parse(&r, rows[i].url, NULL) == OCOP_EPARSE && !r, "row %zu parsed", i);
		CHECK(strstr(ocop_error_last(), rows[i].msg), "row %zu: %s", i, ocop_error_last());
	}
	/* day 00 kept as written; other attributes kept under their key; the resolver path */
	ocop_record *r = NULL;
	CHECK(ocop_link_parse(&r, "http://a.vn/x/y/01/00000089360125?17=260200&4300=x%2Fy#frag", NULL) == 0, "%s", ocop_error_last());
	CHECK_STR(ocop_record_get(r, "expiry_date"), "00/02/2026", "day 00");
	CHECK_STR(ocop_record_get(r, "gtin"), "89360125", "GTIN-8");
	CHECK_STR(ocop_record_get(r, "4300"), "x/y", "other attribute");
	CHECK_STR(ocop_record_get(r, "resolver"), "http://a.vn/x/y", "resolver with a path");
	ocop_record_free(r);
	/* the GS1 century window: 49 years back, 50 ahead of the year of today */
	ocop_link_options o = OCOP_LINK_OPTIONS_INIT;
	o.today = "2026-11-29";
	r = NULL;
	ocop_link_parse(&r, "https://id.gs1.org/01/08936012345674?17=991231", &o);
	CHECK_STR(r ? ocop_record_get(r, "expiry_date") : NULL, "31/12/1999", "century window");
	ocop_record_free(r);
	/* a version 1 options struct (no today) is still read */
	struct { int version; const char *resolver, *ga, *pf; } v1 = { 1, NULL, "puc", NULL };
	r = NULL;
	CHECK(ocop_link_parse(&r, "https://id.gs1.org/01/08936012345674?puc=A1", (const ocop_link_options *)(void *)&v1) == 0,
	      "version 1 options: %s", ocop_error_last());
	CHECK_STR(r ? ocop_record_get(r, "growing_area") : NULL, "A1", "version 1 options");
	ocop_record_free(r);
	o.today = "29/02/2027";
	CHECK(ocop_link_parse(&r, "https://id.gs1.org/01/08936012345674", &o) == OCOP_EINVAL, "a bad today");
	CHECK_STR(ocop_error_last(), "today: '29/02/2027' is not a date (yyyy-mm-dd)", "a bad today");
}

/* The fields of r as "key=value\n" lines, in the record's order (resolver, gtin, the path, then the query). */
static char *fields_of(const ocop_record *r)
{
	GString *s = g_string_new("");
	for (size_t i = 0; r && i < ocop_record_count(r); i++) {
		const char *k, *v;
		ocop_record_field(&k, &v, r, i);
		g_string_append_printf(s, "%s=%s\n", k, v);
	}
	return g_string_free(s, FALSE);
}

/*
 * GS1's reference parser: the Digital Link parse vectors of gs1/gs1-syntax-engine, src/c-lib/dl.c
 * (test_dl_parseDLuri, commit 02539aec), transcribed as test data: each URI and whether the reference accepts
 * it under its default options; "vN" is the vector's place in that list of 99. Where it accepts, the element
 * string it gives is written here as our fields (^01…22…^10…^21… as gtin, variant, lot, serial; 17 as
 * expiry_date, the century by GS1's window around 2026). Where it refuses, our exact message.
 *
 * 34 of the 99 are within our keys (path 01 with 22, 10, 21; query 11, 17 and keys that are not AIs, or no
 * AI at all) and are all here. 65 are left out:
 * - 23 have another primary key (00, 253, 401, 414, 8004, 8018): v9-v13, v27-v29, v42-v49, v68, v69, v86-v90;
 * - 14 run with options that are not the default (convenience alphas v31-v33; zero-suppressed GTINs v34, v36,
 *   v38, v71, v72, v78, v80, v82, v84; unknown AIs permitted v98, v99);
 * - 28 have 01 with other AIs (235, 3103, 3922, 89, 98, 99): v41, v50-v65, v77, v79, v81, v83, v85, v92-v97.
 * Their rules that reach our keys (a trailing slash, singletons, duplicates, '+' in path and query, empty
 * values, all-digit keys) are in test_parse_rules() with our own URIs.
 */
static void test_gs1_vectors(void)
{
	static const struct { const char *v, *url; int ret; const char *want; } rows[] = {
		/* 0 */ { "v1", "", OCOP_EPARSE, "'' is not an http:// or https:// address" },
		/* 1 */ { "v2", "ftp://", OCOP_EPARSE, "'ftp://' is not an http:// or https:// address" },
		/* 2 */ { "v3", "http://", OCOP_EPARSE, "'http://' has no host name" },
		/* 3 */ { "v4", "http:///", OCOP_EPARSE, "'http:///' has no host name" },
		/* 4 */ { "v5", "http://a", OCOP_EPARSE, "'http://a' is not a GS1 Digital Link: no /01/{GTIN} in its path" },
		/* 5 */ { "v6", "http://a/", OCOP_EPARSE, "'http://a/' is not a GS1 Digital Link: no /01/{GTIN} in its path" },
		/* 6 */ { "v7", "http://a/b", OCOP_EPARSE, "'http://a/b' is not a GS1 Digital Link: no /01/{GTIN} in its path" },
		/* 7 */ { "v8", "http://a/b/", OCOP_EPARSE, "'http://a/b/' is not a GS1 Digital Link: no /01/{GTIN} in its path" },
		/* 8 */ { "v14", "https://00/006141411234567890", OCOP_EPARSE,
		          "'https://00/006141411234567890' is not a GS1 Digital Link: no /01/{GTIN} in its path" },
		/* 9 */ { "v15", "https://a/01/12312312312333", 0, "resolver=https://a\ngtin=12312312312333\n" },
		/* 10 */ { "v16", "https://xn--fsq.xn--0zwm56d/01/12312312312333", 0, "resolver=https://xn--fsq.xn--0zwm56d\ngtin=12312312312333\n" },
		/* 11 */ { "v17", "https://a./01/12312312312333", 0, "resolver=https://a.\ngtin=12312312312333\n" },
		/* 12 */ { "v18", "https://a:65535/01/12312312312333", 0, "resolver=https://a:65535\ngtin=12312312312333\n" },
		/* 13 */ { "v19", "https://192.0.2.1/01/12312312312333", 0, "resolver=https://192.0.2.1\ngtin=12312312312333\n" },
		/* 14 */ { "v20", "https://3232235777/01/12312312312333", 0, "resolver=https://3232235777\ngtin=12312312312333\n" },
		/* 15 */ { "v21", "https://0300.0250.01.01/01/12312312312333", 0, "resolver=https://0300.0250.01.01\ngtin=12312312312333\n" },
		/* 16 */ { "v22", "https://0xC0.0xA8.0x01.0x01/01/12312312312333", 0, "resolver=https://0xC0.0xA8.0x01.0x01\ngtin=12312312312333\n" },
		/* 17 */ { "v23", "https://[2001:db8::1]/01/12312312312333", 0, "resolver=https://[2001:db8::1]\ngtin=12312312312333\n" },
		/* 18 */ { "v24", "https://[fe80::1%25lo]/01/12312312312333", OCOP_EPARSE,
		           "'https://[fe80::1%25lo]/01/12312312312333': the host name contains '%'" },
		/* 19 */ { "v25", "https://$a/006141411234567890", OCOP_EPARSE, "'https://$a/006141411234567890': the host name contains '$'" },
		/* 20 */ { "v26", "https://a$/006141411234567890", OCOP_EPARSE, "'https://a$/006141411234567890': the host name contains '$'" },
		/* 21 */ { "v30", "https://a/gtin/12312312312333", OCOP_EPARSE,
		           "'https://a/gtin/12312312312333' is not a GS1 Digital Link: no /01/{GTIN} in its path" },
		/* 22 */ { "v35", "https://a/01/2112345678900", OCOP_EPARSE,
		           "'2112345678900': the GTIN after /01/ must be 14 digits; write this 13-digit GTIN with leading zeros: 02112345678900" },
		/* 23 */ { "v37", "https://a/01/416000336108", OCOP_EPARSE,
		           "'416000336108': the GTIN after /01/ must be 14 digits; write this 12-digit GTIN with leading zeros: 00416000336108" },
		/* 24 */ { "v39", "https://a/01/02345673", OCOP_EPARSE,
		           "'02345673': the GTIN after /01/ must be 14 digits; write this 8-digit GTIN with leading zeros: 00000002345673" },
		/* 25 */ { "v40", "https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ", 0,
		           "resolver=https://a\ngtin=12312312312333\nvariant=TEST\nlot=ABC\nserial=XYZ\n" },
		/* 26 */ { "v66", "https://a/01/12312312312333/22/test/10/abc/21/xyz#", 0,
		           "resolver=https://a\ngtin=12312312312333\nvariant=test\nlot=abc\nserial=xyz\n" },
		/* 27 */ { "v67", "https://a/01/12312312312333/22/test/10/abc/21/xyz#fragment", 0,
		           "resolver=https://a\ngtin=12312312312333\nvariant=test\nlot=abc\nserial=xyz\n" },
		/* 28 */ { "v70", "https://id.gs1.org/01/09520123456788", 0, "resolver=https://id.gs1.org\ngtin=9520123456788\n" },
		/* 29 */ { "v73", "https://id.gs1.org/01/09520123456788/22/2A", 0, "resolver=https://id.gs1.org\ngtin=9520123456788\nvariant=2A\n" },
		/* 30 */ { "v74", "https://id.gs1.org/01/09520123456788/10/ABC123", 0, "resolver=https://id.gs1.org\ngtin=9520123456788\nlot=ABC123\n" },
		/* 31 */ { "v75", "https://id.gs1.org/01/09520123456788/21/12345", 0, "resolver=https://id.gs1.org\ngtin=9520123456788\nserial=12345\n" },
		/* 32 */ { "v76", "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426", 0,
		           "resolver=https://id.gs1.org\ngtin=9520123456788\nlot=ABC1\nserial=12345\nexpiry_date=26/04/2018\n" },
		/* 33 */ { "v91", "https://example.com/01/09520123456788?10=ABC123", OCOP_EPARSE,
		           "'https://example.com/01/09520123456788?10=ABC123': AI 10 belongs in the path, as /10/{value} after the GTIN "
		           "(in the order 22, 10, 21), not in the query" },
	};
	ocop_link_options o = OCOP_LINK_OPTIONS_INIT;
	o.today = "2026-11-29";
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_record *r = NULL;
		int ret = ocop_link_parse(&r, rows[i].url, &o);
		CHECK(ret == rows[i].ret, "row %zu (%s) %s: returned %d, want %d: %s", i, rows[i].v, rows[i].url, ret, rows[i].ret,
		      ret ? ocop_error_last() : "");
		char ctx[48];
		snprintf(ctx, sizeof ctx, "row %zu (%s)", i, rows[i].v);
		if (ret == 0) {
			char *got = fields_of(r);
			CHECK_STR(got, rows[i].want, ctx);
			g_free(got);
		} else {
			CHECK(!r, "%s: a record on failure", ctx);
			CHECK_STR(ocop_error_last(), rows[i].want, ctx);
		}
		ocop_record_free(r);
	}
}

/* Our keys under the rules GS1's reference applies in the vectors left out above (the vector named is the one
 * whose rule the row takes), and GS1's date rules. */
static void test_parse_rules(void)
{
	static const struct { const char *today, *url; int ret; const char *want; } rows[] = {
		/* 0: v46, a trailing slash */
		/* 0 */ { NULL, "https://a/01/12312312312333/", OCOP_EPARSE, "'https://a/01/12312312312333/': the path ends in a slash; it must end with a value" },
		/* 1 */ { NULL, "https://a/01/12312312312333/10/L1/", OCOP_EPARSE, "'https://a/01/12312312312333/10/L1/': the path ends in a slash; it must end with a value" },
		/* 2: v47, an empty query; v53, extra separators */
		/* 2 */ { NULL, "https://a/01/12312312312333?", 0, "resolver=https://a\ngtin=12312312312333\n" },
		/* 3 */ { NULL, "https://a/01/12312312312333?&&&17=261231&&&vt=A1&&", 0,
		          "resolver=https://a\ngtin=12312312312333\nexpiry_date=31/12/2026\ngrowing_area=A1\n" },
		/* 4: v58-v62, parameters without '=' are accepted and not kept; an empty key too */
		/* 4 */ { NULL, "https://a/01/12312312312333?singleton1&17=261231&singleton2&csdg=P-1&=x&17", 0,
		          "resolver=https://a\ngtin=12312312312333\nexpiry_date=31/12/2026\npacking_facility=P-1\n" },
		/* 5: v54-v57, keys that are not AIs are kept; an empty one is not set */
		/* 5 */ { NULL, "https://a/01/12312312312333?unknown=666&vt=&11=260101", 0,
		          "resolver=https://a\ngtin=12312312312333\nunknown=666\nproduction_date=01/01/2026\n" },
		/* 6: v64, '+' is a '+' in the path; v65, a space in the query */
		/* 6 */ { NULL, "https://a/01/12312312312333/22/ABC+123?vt=VN+1&x=a%2Bb", 0,
		          "resolver=https://a\ngtin=12312312312333\nvariant=ABC+123\ngrowing_area=VN 1\nx=a+b\n" },
		/* 7 */ { NULL, "https://a/01/12312312312333?17=261231+", OCOP_EPARSE, "'https://a/01/12312312312333?17=261231+': 17=261231+ is not a date (YYMMDD)" },
		/* 8: v51, an empty AI value; an empty path value */
		/* 8 */ { NULL, "https://a/01/12312312312333?17=", OCOP_EPARSE, "'https://a/01/12312312312333?17=': AI 17 in the query has an empty value" },
		/* 9 */ { NULL, "https://a/01/12312312312333/10//21/X", OCOP_EPARSE, "'https://a/01/12312312312333/10//21/X': the value of /10/ is empty" },
		/* 10 */ { NULL, "https://a/01/12312312312333/10/", OCOP_EPARSE, "'https://a/01/12312312312333/10/': the value of /10/ is empty" },
		/* 11: v52, an all-digit key that is no AI; v77, one that is (kept, its value checked) */
		/* 11 */ { NULL, "https://a/01/12312312312333?999=faux", OCOP_EPARSE,
		           "'https://a/01/12312312312333?999=faux': query key '999' is all digits, but no GS1 Application Identifier is 999; "
		           "a key that is not an AI must have a non-digit" },
		/* 12 */ { NULL, "https://a/01/12312312312333?3103=000195", 0, "resolver=https://a\ngtin=12312312312333\n3103=000195\n" },
		/* 13 */ { NULL, "https://a/01/12312312312333?3103=19", OCOP_EPARSE,
		           "'https://a/01/12312312312333?3103=19': 3103=19 breaks GS1's rules for AI 3103 (zint: Invalid data length for AI (3103))" },
		/* 14: v93-v95, duplicate AIs */
		/* 14 */ { NULL, "https://a/01/12312312312333?17=261231&17=261231", OCOP_EPARSE,
		           "'https://a/01/12312312312333?17=261231&17=261231': AI 17 appears twice in the query" },
		/* 15 */ { NULL, "https://a/01/12312312312333/10/L1?10=L1", OCOP_EPARSE,
		           "'https://a/01/12312312312333/10/L1?10=L1': AI 10 appears twice: in the path and in the query" },
		/* 16 */ { NULL, "https://a/01/12312312312333?01=12312312312333", OCOP_EPARSE,
		           "'https://a/01/12312312312333?01=12312312312333': AI 01 appears twice: in the path and in the query" },
		/* 17: v91, a qualifier in the query */
		/* 17 */ { NULL, "https://a/01/12312312312333/21/S?22=V", OCOP_EPARSE,
		           "'https://a/01/12312312312333/21/S?22=V': AI 22 belongs in the path, as /22/{value} after the GTIN (in the order 22, 10, 21), not in the query" },
		/* 18: v44, AI values by their format: at most 20 characters of CSET 82 */
		/* 18 */ { NULL, "https://a/01/12312312312333/10/123456789012345678901", OCOP_EPARSE,
		           "lot: '123456789012345678901' is 21 characters; GS1 allows at most 20 in a lot number (AI 10)" },
		/* 19 */ { NULL, "https://a/01/12312312312333/21/L%C3%B4", OCOP_EPARSE,
		           "serial: 'Lô' has 'ô' at position 2; GS1 allows only A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_ in a serial number (AI 21)" },
		/* 20 */ { NULL, "https://a/01/12312312312333/22/A%20B", OCOP_EPARSE,
		           "variant: 'A B' has a space at position 2; GS1 allows only A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_ in a consumer product variant (AI 22)" },
		/* 21 */ { NULL, "https://a/01/12312312312333/10/12345678901234567890", 0, "resolver=https://a\ngtin=12312312312333\nlot=12345678901234567890\n" },
		/* 22: a query key that would overwrite a field of the link */
		/* 22 */ { NULL, "https://a/01/12312312312333?gtin=1", OCOP_EPARSE,
		           "'https://a/01/12312312312333?gtin=1': query key 'gtin' is the name of a field the link itself gives; it cannot be kept as an attribute" },
		/* 23: GS1 General Specifications 7.12: in 2026, YY 76 is 2076 and 77 is 1977 */
		/* 23 */ { "2026-11-29", "https://a/01/12312312312333?11=770101&17=761231", 0,
		           "resolver=https://a\ngtin=12312312312333\nproduction_date=01/01/1977\nexpiry_date=31/12/2076\n" },
		/* 24: in 2060, YY 10 is 2110 (diff -50) and 11 is 2011 */
		/* 24 */ { "2060-01-01", "https://a/01/12312312312333?11=110101&17=101231", 0,
		           "resolver=https://a\ngtin=12312312312333\nproduction_date=01/01/2011\nexpiry_date=31/12/2110\n" },
		/* 25: in 1999, YY 49 is 2049 and 50 is 1950 */
		/* 25 */ { "1999-06-30", "https://a/01/12312312312333?11=500101&17=491231", 0,
		           "resolver=https://a\ngtin=12312312312333\nproduction_date=01/01/1950\nexpiry_date=31/12/2049\n" },
		/* 26: day 00 (AI 11 and 17) kept as written, in any month */
		/* 26 */ { "2026-11-29", "https://a/01/12312312312333?11=260200&17=281200", 0,
		           "resolver=https://a\ngtin=12312312312333\nproduction_date=00/02/2026\nexpiry_date=00/12/2028\n" },
		/* 27 */ { "2026-11-29", "https://a/01/12312312312333?17=281300", OCOP_EPARSE, "'https://a/01/12312312312333?17=281300': 17=281300 is not a date (YYMMDD)" },
		/* 28: 29 February only in leap years, by the century the window gives (2028 yes; 2027, 2100 no) */
		/* 28 */ { "2026-11-29", "https://a/01/12312312312333?17=280229", 0, "resolver=https://a\ngtin=12312312312333\nexpiry_date=29/02/2028\n" },
		/* 29 */ { "2026-11-29", "https://a/01/12312312312333?17=270229", OCOP_EPARSE, "'https://a/01/12312312312333?17=270229': 17=270229 is not a date (YYMMDD)" },
		/* 30 */ { "2060-01-01", "https://a/01/12312312312333?17=000229", OCOP_EPARSE, "'https://a/01/12312312312333?17=000229': 17=000229 is not a date (YYMMDD)" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_link_options o = OCOP_LINK_OPTIONS_INIT;
		o.today = rows[i].today ? rows[i].today : "2026-11-29";
		ocop_record *r = NULL;
		int ret = ocop_link_parse(&r, rows[i].url, &o);
		CHECK(ret == rows[i].ret, "rule row %zu %s: returned %d, want %d: %s", i, rows[i].url, ret, rows[i].ret, ret ? ocop_error_last() : "");
		char ctx[32];
		snprintf(ctx, sizeof ctx, "rule row %zu", i);
		if (ret == 0) {
			char *got = fields_of(r);
			CHECK_STR(got, rows[i].want, ctx);
			g_free(got);
		} else {
			CHECK_STR(ocop_error_last(), rows[i].want, ctx);
		}
		ocop_record_free(r);
	}
	/* the field apart in the error object of a bad path value */
	ocop_record *r = NULL;
	ocop_link_parse(&r, "https://a/01/12312312312333/10/123456789012345678901", NULL);
	CHECK_STR(ocop_error_field(), "lot", "field of a bad lot");
	CHECK_STR(ocop_error_code(), "too_long", "code of a bad lot");
}

/* The longest 8-bit payload that libqrencode fits in a version at a level: the reference for the table */
static int encoder_capacity(int version, QRecLevel level)
{
	char *buf = g_malloc(3000);
	int lo = 0, hi = 2953;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		memset(buf, 'a', (size_t)mid);
		buf[mid] = '\0';
		QRcode *q = QRcode_encodeString8bit(buf, version, level);
		bool fits = q && q->version <= version;
		QRcode_free(q);
		if (fits)
			lo = mid;
		else
			hi = mid - 1;
	}
	g_free(buf);
	return lo;
}

static void test_qr_sizing(void)
{
	/* the table of capacities (ISO/IEC 18004, byte mode) is what libqrencode fits, every version and level; and
	 * the version for a payload's length is the smallest that holds it */
	static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };
	for (int v = 1; v <= 40; v++)
		for (int e = 0; e < 4; e++) {
			int want = encoder_capacity(v, levels[e]), got = ocop_qr_capacity(v, (ocop_qr_ec)(OCOP_QR_EC_L + e));
			CHECK(got == want, "version %d, level %d: %d bytes, libqrencode fits %d", v, e, got, want);
			CHECK(ocop_qr_version_for((size_t)want, (ocop_qr_ec)(OCOP_QR_EC_L + e)) == v &&
			      ocop_qr_version_for((size_t)want + 1, (ocop_qr_ec)(OCOP_QR_EC_L + e)) == (v < 40 ? v + 1 : 0),
			      "version %d, level %d: the version for %d and %d bytes", v, e, want, want + 1);
		}
	/* the capacity libqrencode reports matches ISO/IEC 18004 (8-bit, versions 1, 6, 7, 40) */
	CHECK(ocop_qr_capacity(1, OCOP_QR_EC_M) == 14 && ocop_qr_capacity(6, OCOP_QR_EC_M) == 106 &&
	      ocop_qr_capacity(7, OCOP_QR_EC_M) == 122 && ocop_qr_capacity(40, OCOP_QR_EC_L) == 2953 &&
	      ocop_qr_capacity(40, OCOP_QR_EC_H) == 1273,
	      "capacities %d %d %d %d %d", ocop_qr_capacity(1, OCOP_QR_EC_M), ocop_qr_capacity(6, OCOP_QR_EC_M),
	      ocop_qr_capacity(7, OCOP_QR_EC_M), ocop_qr_capacity(40, OCOP_QR_EC_L), ocop_qr_capacity(40, OCOP_QR_EC_H));

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
	CHECK(ocop_renderer_check(&d, rr, r) == OCOP_EREJECTED, "too long for 0.35 mm modules");
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
	CHECK(ocop_renderer_render_mem(&buf, &len, rr, r) == OCOP_EREJECTED && !buf, "render refuses");
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
		/* 8 */ { "Lô%d", 5, OCOP_EREJECTED, NULL },
		/* 9 */ { "%021d", 5, OCOP_EINVAL, NULL },       /* width over 20 */
		/* 11 */ { "AB%020d", 5, OCOP_EREJECTED, NULL },  /* 22 characters */
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
	test_gs1_vectors();
	test_parse_rules();
	test_qr_sizing();
	test_serial_format();
	return t_done("test_link");
}
