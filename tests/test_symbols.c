/* ocoplabel tests — symbol geometry (EAN bars against an independent encoder, QR sizes), trace URLs, placeholders. */
#include "text.h" /* QR and EAN geometry; placeholders */
#include "testutil.h"
#include <math.h>
#include <stdlib.h>

/* An independent EAN-13/EAN-8 module string ('1' dark), built from the
 * GS1 L/G/R tables, to compare with the bars that zint's geometry gives. */
static const char *const L[10] = { "0001101", "0011001", "0010011", "0111101", "0100011",
                                   "0110001", "0101111", "0111011", "0110111", "0001011" };
static const char *const PARITY[10] = { "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                        "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL" };

static void code(char *out, int digit, char set)
{
	for (int i = 0; i < 7; i++) {
		char c = L[digit][i];
		if (set == 'R')
			c = c == '1' ? '0' : '1';
		else if (set == 'G')
			c = L[digit][6 - i] == '1' ? '0' : '1'; /* G = reversed R */
		out[i] = c;
	}
}

static void ean_modules(char *out, const char *d)
{
	size_t n = strlen(d);
	char *p = out;
	memcpy(p, "101", 3), p += 3;
	if (n == 13) {
		for (int i = 0; i < 6; i++, p += 7)
			code(p, d[1 + i] - '0', PARITY[d[0] - '0'][i]);
		memcpy(p, "01010", 5), p += 5;
		for (int i = 0; i < 6; i++, p += 7)
			code(p, d[7 + i] - '0', 'R');
	} else {
		for (int i = 0; i < 4; i++, p += 7)
			code(p, d[i] - '0', 'L');
		memcpy(p, "01010", 5), p += 5;
		for (int i = 0; i < 4; i++, p += 7)
			code(p, d[4 + i] - '0', 'R');
	}
	memcpy(p, "101", 3), p += 3;
	*p = '\0';
}

static void test_ean(void)
{
	static const char *const gtins[] = { "8936012345674", "8936012345681", "8936012345698", "4006381333931", "89360125", "96385074" };
	for (size_t i = 0; i < sizeof gtins / sizeof gtins[0]; i++) {
		const char *g = gtins[i];
		bool ean8 = strlen(g) == 8;
		ocop_ean e;
		CHECK(ocop_ean_encode(&e, g) == 0, "encode %s: %s", g, ocop_error_last());
		int qz_left = ean8 ? 7 : 11, symbol = ean8 ? 67 : 95, qz_right = 7;
		CHECK(e.total_modules == qz_left + symbol + qz_right, "%s: %d modules", g, e.total_modules);
		char want[100], got[100];
		ean_modules(want, g);
		memset(got, '0', (size_t)symbol);
		got[symbol] = '\0';
		int guards = 0;
		for (int b = 0; b < e.n_bars; b++) {
			int x = (int)lroundf(e.bars[b].x) - qz_left, w = (int)lroundf(e.bars[b].w);
			CHECK(fabsf(e.bars[b].x - roundf(e.bars[b].x)) < 1e-4f, "%s: bar on whole modules", g);
			CHECK(x >= 0 && x + w <= symbol, "%s: bar %d inside the symbol, quiet zones kept", g, b);
			for (int k = 0; k < w && x + k < symbol && x + k >= 0; k++)
				got[x + k] = '1';
			guards += e.bars[b].guard;
		}
		CHECK_STR(got, want, g);
		CHECK(guards == 6, "%s: 6 guard bars, got %d", g, guards);
		/* the human-readable text is the number itself */
		char joined[32] = "";
		for (int t = 0; t < e.n_texts; t++)
			g_strlcat(joined, e.texts[t].text, sizeof joined);
		CHECK_STR(joined, g, "hrt");
	}
	ocop_ean e;
	CHECK(ocop_ean_encode(&e, "8936012345675") == OCOP_EENCODE, "bad check digit refused by zint too");
}

static void test_qr(void)
{
	static const struct { const char *s; ocop_qr_ec ec; int version; } t[] = {
		/* 0 */ { "https://id.gs1.org/01/08936012345674", OCOP_QR_EC_M, 3 },
		/* 1 */ { "https://id.gs1.org/01/08936012345674", OCOP_QR_EC_L, 3 }, /* 36 bytes: V2-L holds 32 */
		/* 2 */ { "https://id.gs1.org/01/08936012345674", OCOP_QR_EC_H, 5 }, /* V4-H holds 34 */
		/* 3 */ { "https://truyxuat.quangninh.gov.vn/01/08936012345674/10/TH2611?17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003", OCOP_QR_EC_M, 6 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ocop_qr q;
		CHECK(ocop_qr_encode(&q, t[i].s, t[i].ec) == 0, "qr %zu", i);
		CHECK(q.version == t[i].version && q.width == 17 + 4 * t[i].version, "row %zu: version %d width %d", i, q.version, q.width);
		/* finder pattern at top-left: 7x7 ring */
		CHECK(q.dark[0] && q.dark[6] && q.dark[6 * q.width] && !q.dark[1 * q.width + 1] && q.dark[3 * q.width + 3], "row %zu finder", i);
		ocop_qr_release(&q);
	}
	ocop_qr q;
	CHECK(ocop_qr_encode(&q, "https://x.vn/s\xc3\xa0", OCOP_QR_EC_M) == OCOP_EENCODE, "non-ASCII refused");
	char *huge = malloc(4000);
	memset(huge, 'a', 3999);
	huge[3999] = '\0';
	CHECK(ocop_qr_encode(&q, huge, OCOP_QR_EC_H) == OCOP_EENCODE, "too long for a QR code");
	/* the version found from the length alone is the one encoding gives, at every length and level */
	int bad = 0;
	for (int ec = OCOP_QR_EC_L; ec <= OCOP_QR_EC_H; ec++)
		for (size_t len = 1; len <= 3000; len += len < 400 ? 1 : 37) {
			huge[len] = '\0';
			int v = ocop_qr_version_for(len, (ocop_qr_ec)ec);
			if (ocop_qr_encode(&q, huge, (ocop_qr_ec)ec) == 0) {
				bad += v != q.version;
				ocop_qr_release(&q);
			} else {
				bad += v != 0;
			}
			huge[len] = 'a';
		}
	CHECK(bad == 0, "ocop_qr_version_for differs from the encoder at %d lengths", bad);
	free(huge);
}

static void test_trace(void)
{
	ocop_template *t = NULL;
	CHECK(ocop_template_find(&t, "small-70x37") == 0, "template");
	ocop_record *r = NULL;
	ocop_record_new(&r);
	static const struct { const char *gtin, *url, *want; } rows[] = {
		/* 0 */ { "8936012345674", NULL, "https://id.gs1.org/01/08936012345674" },
		/* 1 */ { "89360125", NULL, "https://id.gs1.org/01/00000089360125" },
		/* 2 */ { "8936012345674", "https://truyxuat.vn/sản-phẩm?id=1", "https://truyxuat.vn/s%E1%BA%A3n-ph%E1%BA%A9m?id=1" },
		/* 3 */ { "8936012345674", "HTTP://Example.VN/A%20B", "HTTP://Example.VN/A%20B" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_record_clear(r);
		ocop_record_set(r, "gtin", rows[i].gtin, -1);
		if (rows[i].url)
			ocop_record_set(r, "trace_url", rows[i].url, -1);
		char *u = NULL;
		CHECK(ocop_trace_url(&u, t, r) == 0, "row %zu: %s", i, ocop_error_last());
		CHECK_STR(u, rows[i].want, "trace");
		free(u);
	}
	ocop_record_set(r, "trace_url", "https://a.vn/x y", -1);
	char *u = NULL;
	CHECK(ocop_trace_url(&u, t, r) == OCOP_EREJECTED && u == NULL, "bad url");
	CHECK_STR(ocop_error_last(), "trace_url: 'https://a.vn/x y' contains a space at character 15; write it as %20", "bad url msg");
	ocop_record_free(r);
	ocop_template_free(t);
}

static void test_expand(void)
{
	ocop_record *r = NULL;
	ocop_record_new(&r);
	ocop_record_set(r, "gtin", "8936012345674", -1);
	ocop_record_set(r, "lot", "L-01", -1);
	ocop_record_set(r, "vung", "Ba Chẽ", -1);
	static const struct { const char *tmpl, *want; } t[] = {
		/* 0 */ { "Số lô: {lot}\nNSX: {production_date}\nHSD: {expiry_date}", "Số lô: L-01" },
		/* 1 */ { "Xuất xứ: {origin}", "Xuất xứ: Việt Nam" },
		/* 2 */ { "{gtin14} {{x}}", "08936012345674 {x}" },
		/* 3 */ { "Vùng: {vung}\nfixed line", "Vùng: Ba Chẽ\nfixed line" },
		/* 4 */ { "{ lot }/{unknown}", "L-01/" },
		/* 5 */ { "{url}{trace_url}", "https://t" },
		/* 6 */ { "open { brace", "open { brace" },
	};
	GArray *nb = g_array_new(FALSE, FALSE, sizeof(int));
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *s = ocop_expand(t[i].tmpl, r, "https://t", nb);
		char ctx[16];
		snprintf(ctx, sizeof ctx, "row %zu", i);
		CHECK_STR(s, t[i].want, ctx);
		g_free(s);
	}
	/* codes and numbers are kept whole: row 0's lot is a no-break range */
	char *s = ocop_expand("Số lô: {lot}", r, "u", nb);
	CHECK(nb->len == 2 && strncmp(s + g_array_index(nb, int, 0), "L-01", 4) == 0 && g_array_index(nb, int, 1) == (int)strlen(s), "nobreak range");
	g_free(s);
	g_array_free(nb, TRUE);
	ocop_record_free(r);
}

/* Whether the bytes of `what` in s lie inside one no-break range of nb. */
static bool kept(const char *s, const GArray *nb, const char *what)
{
	const char *at = strstr(s, what);
	int from = at ? (int)(at - s) : -1, to = from + (int)strlen(what);
	for (guint i = 0; at && i + 1 < nb->len; i += 2)
		if (g_array_index(nb, int, i) <= from && g_array_index(nb, int, i + 1) >= to)
			return true;
	return false;
}

/* Wrapping that reads well: a number stays with the word after it, a line of
 * four or more words never ends with its last word alone; other spaces break. */
static void test_keep_together(void)
{
	ocop_record *r = NULL;
	ocop_record_new(&r);
	static const struct { const char *name, *kept1, *kept2, *breaks; } t[] = {
		/* 0 */ { "Trà túi lọc (20 × 2,5 g)", "2,5 g)", "20 ×", "túi lọc" },
		/* 1 */ { "Quét mã để truy xuất nguồn gốc", "nguồn gốc", "nguồn gốc", "để truy" },
		/* 2 */ { "Miến dong 500 g", "500 g", "500 g", "Miến dong" },
		/* 3 */ { "Chứng nhận 15/03/2025", NULL, NULL, "Chứng nhận" }, /* three words: no lone first word made */
		/* 4 */ { "Rượu ba kích 29,5% vol", "29,5% vol", "29,5% vol", "Rượu ba" },
	};
	GArray *nb = g_array_new(FALSE, FALSE, sizeof(int));
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ocop_record_set(r, "name", t[i].name, -1);
		char *s = ocop_expand("{name}", r, "u", nb);
		CHECK(!t[i].kept1 || kept(s, nb, t[i].kept1), "row %zu: '%s' kept together", i, t[i].kept1);
		CHECK(!t[i].kept2 || kept(s, nb, t[i].kept2), "row %zu: '%s' kept together", i, t[i].kept2);
		CHECK(!kept(s, nb, t[i].breaks), "row %zu: '%s' may break", i, t[i].breaks);
		g_free(s);
	}
	g_array_free(nb, TRUE);
	ocop_record_free(r);
}

/* The field named when a text does not fit: the placeholder with the longest value; and texts on one line. */
static void test_blame(void)
{
	ocop_record *r = NULL;
	ocop_record_new(&r);
	ocop_record_set(r, "producer", "HTX Miến dong Bình Liêu", -1);
	ocop_record_set(r, "address", "Thôn Khe Tâm, xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh", -1);
	ocop_record_set(r, "lot", "L-01", -1);
	static const struct { const char *tmpl, *want; } t[] = {
		/* 0 */ { "{producer}\n{address}", "address" },
		/* 1 */ { "{address}\n{producer}", "address" },
		/* 2 */ { "Số lô: {lot}", "lot" },
		/* 3 */ { "{ producer } {lot}", "producer" },
		/* 4 */ { "HSD: {expiry_date}", NULL },     /* no value: the caller names the element */
		/* 5 */ { "{{address}} {lot}", "lot" },     /* an escaped brace is not a placeholder */
		/* 6 */ { "fixed text", NULL },
		/* 7 */ { "{lot}{trace_url}", "trace_url" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *f = ocop_text_blame(t[i].tmpl, r, "https://id.gs1.org/01/08936012345674");
		char ctx[16];
		snprintf(ctx, sizeof ctx, "blame %zu", i);
		if (t[i].want)
			CHECK_STR(f, t[i].want, ctx);
		else
			CHECK(f == NULL, "[%s] got %s, want NULL", ctx, f);
		g_free(f);
	}
	static const struct { const char *text; long max; const char *want; } o[] = {
		/* 0 */ { "HTX Trà\nThôn Khe Tâm", 100, "HTX Trà / Thôn Khe Tâm" },
		/* 1 */ { "Thôn Khe Tâm", 4, "Thôn…" },
		/* 2 */ { "Thôn", 4, "Thôn" },
		/* 3 */ { "", 4, "" },
	};
	for (size_t i = 0; i < sizeof o / sizeof o[0]; i++) {
		char *s = ocop_text_oneline(o[i].text, o[i].max);
		char ctx[16];
		snprintf(ctx, sizeof ctx, "oneline %zu", i);
		CHECK_STR(s, o[i].want, ctx);
		g_free(s);
	}
	ocop_record_free(r);
}

int main(void)
{
	test_ean();
	test_qr();
	test_trace();
	test_expand();
	test_keep_together();
	test_blame();
	return t_done("test_symbols");
}
