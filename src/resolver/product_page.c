/* ocoplabel — the product page a phone opens from the QR code: one row of the product file as HTML (Vietnamese, mobile first, no script), and the not-found and bad-link pages. */
#include "resolver.h"
#include <stdlib.h>
#include <string.h>

/* The page's style, inline so that a static host needs no second file; the policy allows exactly it. */
static const char css[] =
	":root{--ink:#1b1f23;--soft:#5b636b;--line:#dde1e5;--ok:#1b6e3a;--bad:#b3261e;--mark:#b71c1c;--gold:#f2a900}"
	"*{box-sizing:border-box}"
	"body{margin:0;background:#f4f5f6;color:var(--ink);font:17px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
	"'Noto Sans',sans-serif}"
	"main{max-width:40rem;margin:0 auto;background:#fff;min-height:100vh;padding:1.25rem 1.1rem 2rem}"
	"header{display:flex;align-items:center;gap:.9rem}"
	"header svg{flex:none;width:4.5rem;height:4.5rem}"
	".kicker{margin:0;font-weight:600;letter-spacing:.02em;color:var(--mark)}"
	".stars{margin:0;font-size:1.5rem;line-height:1.1;color:var(--gold);letter-spacing:.08em}"
	".stars .off{color:var(--line)}"
	".rating{margin:0;color:var(--soft);font-size:.95rem}"
	"h1{font-size:1.6rem;line-height:1.25;margin:1rem 0 .25rem}"
	".producer{margin:0 0 1rem;color:var(--soft)}"
	".producer b{color:var(--ink);font-weight:600}"
	".note{border-left:4px solid var(--bad);background:#fdecea;padding:.6rem .8rem;margin:0 0 1rem}"
	"section{border-top:1px solid var(--line);padding-top:.6rem;margin-top:1rem}"
	"h2{font-size:1rem;text-transform:uppercase;letter-spacing:.04em;color:var(--soft);margin:.2rem 0 .4rem}"
	"dl{margin:0;display:grid;grid-template-columns:minmax(7.5rem,38%) 1fr;gap:.35rem .8rem}"
	"dt{color:var(--soft)}dd{margin:0;overflow-wrap:anywhere}"
	".code{font-family:ui-monospace,'Noto Sans Mono',monospace;font-size:1.05rem;font-weight:600}"
	".ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:700}"
	"ul{margin:0;padding-left:1.2rem}li{margin:.25rem 0}"
	"a{color:#0b57d0}"
	"footer{margin-top:1.6rem;font-size:.85rem;color:var(--soft);overflow-wrap:anywhere}"
	"@media (max-width:22rem){dl{grid-template-columns:1fr}dt{margin-top:.3rem}}";

static char *csp_text;

static void csp_once(void)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)css, sizeof css - 1);
	guint8 digest[32];
	gsize n = sizeof digest;
	g_checksum_get_digest(c, digest, &n);
	g_checksum_free(c);
	char *b64 = g_base64_encode(digest, n);
	csp_text = g_strdup_printf("default-src 'none'; style-src 'sha256-%s'; img-src data:; base-uri 'none'; "
	                           "form-action 'none'",
	                           b64);
	g_free(b64);
}

const char *ocop_page_csp(void)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, (GThreadFunc)(void (*)(void))csp_once, NULL);
	return csp_text;
}

/* text as HTML: escaped, line breaks kept */
static void text(GString *o, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': g_string_append(o, "&amp;"); break;
		case '<': g_string_append(o, "&lt;"); break;
		case '>': g_string_append(o, "&gt;"); break;
		case '"': g_string_append(o, "&quot;"); break;
		case '\'': g_string_append(o, "&#39;"); break;
		case '\r': break;
		case '\n': g_string_append(o, "<br>"); break;
		default: g_string_append_c(o, *p);
		}
	}
}

static void head(GString *o, const char *title, const char *linkset)
{
	g_string_append(o, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                   "<meta http-equiv=\"Content-Security-Policy\" content=\"");
	text(o, ocop_page_csp());
	g_string_append(o, "\">\n<title>");
	text(o, title);
	g_string_append(o, "</title>\n");
	if (linkset) {
		g_string_append(o, "<link rel=\"linkset\" type=\"application/linkset+json\" href=\"");
		text(o, linkset);
		g_string_append(o, "\">\n");
	}
	g_string_append_printf(o, "<style>%s</style>\n</head>\n<body>\n<main>\n", css);
}

static char *tail(GString *o)
{
	g_string_append(o, "</main>\n</body>\n</html>\n");
	return g_string_free(o, FALSE);
}

/* The OCOP mark: a roundel with the word and the stars (n of 5 filled). */
static void mark(GString *o, int n)
{
	static const char star[] = "0,-10 2.5,-3.4 9.5,-3.1 4,1.3 5.9,8.1 0,4.2 -5.9,8.1 -4,1.3 -9.5,-3.1 -2.5,-3.4";
	g_string_append_printf(o, "<header>\n<svg viewBox=\"0 0 100 100\" role=\"img\" aria-label=\"OCOP %d sao\">"
	                          "<circle cx=\"50\" cy=\"50\" r=\"48\" fill=\"#b71c1c\"/>"
	                          "<circle cx=\"50\" cy=\"50\" r=\"42\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2\"/>"
	                          "<text x=\"50\" y=\"52\" text-anchor=\"middle\" font-family=\"sans-serif\" "
	                          "font-weight=\"700\" font-size=\"25\" fill=\"#fff\">OCOP</text>",
	                       n);
	for (int i = 0; i < 5; i++)
		g_string_append_printf(o, "<polygon transform=\"translate(%d 72) scale(.62)\" points=\"%s\" fill=\"%s\"/>",
		                       26 + 12 * i, star, i < n ? "#f2a900" : "#e57373");
	g_string_append(o, "</svg>\n<div>\n<p class=\"kicker\">Sản phẩm OCOP</p>\n<p class=\"stars\" aria-hidden=\"true\">");
	for (int i = 0; i < 5; i++)
		g_string_append(o, i < n ? "★" : "<span class=\"off\">★</span>");
	g_string_append_printf(o, "</p>\n<p class=\"rating\">Đạt hạng %d sao</p>\n</div>\n</header>\n", n);
}

static void row_open(GString *o, const char *label)
{
	g_string_append(o, "<dt>");
	text(o, label);
	g_string_append(o, "</dt><dd>");
}

/* one fact: its label and its value as text (class "code" for codes); nothing when the value is empty */
static void fact(GString *o, const char *label, const char *value, bool code)
{
	if (!value || !*value)
		return;
	row_open(o, label);
	if (code)
		g_string_append(o, "<span class=\"code\">");
	text(o, value);
	g_string_append(o, code ? "</span></dd>\n" : "</dd>\n");
}

/* the name of a field on the page, in words (the field table's label: "Ngày sản xuất", not "NSX") */
static const char *label_of(const char *field)
{
	const ocop_field *f = ocop_field_find(field);
	return f ? f->label : field;
}

static bool date_of(const ocop_record *r, const char *field, GDate *out)
{
	const char *v = ocop_record_get(r, field);
	return v && ocop_parse_date(v, out);
}

static void certificate(GString *o, const ocop_record *r, const GDate *today)
{
	const char *no = ocop_record_get(r, "ocop_cert_no"), *date = ocop_record_get(r, "ocop_cert_date");
	if (!no && !date)
		return;
	g_string_append(o, "<section>\n<h2>Chứng nhận OCOP</h2>\n<dl>\n");
	fact(o, label_of("ocop_cert_no"), no, true);
	fact(o, label_of("ocop_cert_date"), date, false);
	GDate cert, until;
	if (date_of(r, "ocop_cert_date", &cert)) {
		ocop_cert_until(&until, &cert);
		char b[16];
		ocop_date_format(b, &until);
		row_open(o, "Hiệu lực đến");
		if (g_date_compare(today, &until) >= 0)
			g_string_append_printf(o, "%s <span class=\"bad\">ĐÃ HẾT HẠN</span></dd>\n", b);
		else
			g_string_append_printf(o, "%s <span class=\"ok\">còn hiệu lực</span></dd>\n", b);
	}
	g_string_append(o, "</dl>\n</section>\n");
}

/* a value of the link that the file does not have, or has otherwise: said, never hidden */
static void mismatch(GString *o, const char *what, const char *on_label, const char *in_file)
{
	g_string_append(o, "<p class=\"note\">");
	text(o, what);
	g_string_append(o, " trên nhãn (");
	text(o, on_label);
	if (in_file) {
		g_string_append(o, ") khác với danh sách của chủ thể (");
		text(o, in_file);
		g_string_append(o, ").</p>\n");
	} else {
		g_string_append(o, ") không có trong danh sách của chủ thể.</p>\n");
	}
}

static void notes(GString *o, const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec, *l = s->link;
	if (s->lot_unknown) {
		g_string_append(o, "<p class=\"note\">Số lô ");
		text(o, ocop_record_get(l, "lot"));
		g_string_append(o, " trên nhãn không có trong danh sách của chủ thể: dưới đây là thông tin chung của "
		                   "sản phẩm. Hãy hỏi người bán hoặc chủ thể sản phẩm.</p>\n");
		return;
	}
	if (!s->lot_facts)
		return;
	/* codes and dates carried by the link, against the row's */
	static const char *const checked[] = { "growing_area", "packing_facility", "production_date", "expiry_date" };
	for (size_t i = 0; i < G_N_ELEMENTS(checked); i++) {
		const char *on = ocop_record_get(l, checked[i]), *in = ocop_record_get(r, checked[i]);
		if (on && g_strcmp0(on, in) != 0)
			mismatch(o, label_of(checked[i]), on, in);
	}
}

static void trace(GString *o, const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec;
	bool show_lot = s->lot_facts;
	g_string_append(o, "<section>\n<h2>Truy xuất nguồn gốc</h2>\n<dl>\n");
	fact(o, label_of("growing_area"), ocop_record_get(r, "growing_area"), true);
	fact(o, label_of("packing_facility"), ocop_record_get(r, "packing_facility"), true);
	if (show_lot) {
		fact(o, label_of("lot"), ocop_record_get(r, "lot"), true);
		fact(o, label_of("serial"), ocop_record_get(s->link, "serial"), true);
		fact(o, label_of("production_date"), ocop_record_get(r, "production_date"), false);
		GDate exp;
		const char *e = ocop_record_get(r, "expiry_date");
		if (e && date_of(r, "expiry_date", &exp) && g_date_compare(&s->today, &exp) > 0) {
			row_open(o, label_of("expiry_date"));
			text(o, e);
			g_string_append(o, " <span class=\"bad\">ĐÃ HẾT HẠN SỬ DỤNG</span></dd>\n");
		} else {
			fact(o, label_of("expiry_date"), e, false);
		}
	}
	g_string_append(o, "</dl>\n</section>\n");
}

static void product(GString *o, const ocop_record *r)
{
	static const char *const fields[] = { "net_quantity", "origin", "ingredients", "instructions", "warnings",
		                              "product_group", "variant" };
	g_string_append(o, "<section>\n<h2>Thông tin sản phẩm</h2>\n<dl>\n");
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		/* the origin as the label prints it: Việt Nam unless the row says otherwise */
		const char *v = strcmp(fields[i], "origin") == 0 ? ocop_record_origin(r) : ocop_record_get(r, fields[i]);
		fact(o, label_of(fields[i]), v, false);
	}
	fact(o, label_of("gtin"), ocop_record_get(r, "gtin"), true);
	g_string_append(o, "</dl>\n</section>\n");
}

/* the other lots of the product, each a link to its page */
static void lots(GString *o, const ocop_page_subject *s)
{
	GString *items = g_string_new(NULL);
	for (guint i = 0; i < s->rows->len; i++) {
		const ocop_product_row *x = g_ptr_array_index(s->rows, i);
		const char *lot = ocop_record_get(x->rec, "lot");
		if (!lot || (x == s->row && s->lot_facts))
			continue;
		ocop_record *k = ocop_record_copy(x->rec);
		char *url = NULL;
		ocop_link_options lo = *s->keys;
		lo.resolver = s->root;
		/* the lot's page: its link without the query */
		for (const char *const *f = (const char *const[]){ "serial", "production_date", "expiry_date", "growing_area",
		                                                     "packing_facility", "trace_url", NULL };
		     *f; f++)
			ocop_record_set(k, *f, "", 0);
		if (k && ocop_link_build(&url, k, &lo) == 0) {
			char *q = strchr(url, '?');
			if (q)
				*q = 0;
			char *page = ocop_page_url(s->root, url + strlen(s->root));
			g_string_append(items, "<li><a href=\"");
			text(items, page);
			g_free(page);
			g_string_append(items, "\">Lô ");
			text(items, lot);
			g_string_append(items, "</a>");
			const char *nsx = ocop_record_get(x->rec, "production_date");
			if (nsx) {
				g_string_append(items, " — NSX ");
				text(items, nsx);
			}
			g_string_append(items, "</li>\n");
		}
		free(url);
		ocop_record_free(k);
	}
	if (items->len)
		g_string_append_printf(o, "<section>\n<h2>%s</h2>\n<ul>\n%s</ul>\n</section>\n",
		                       s->lot_facts && ocop_record_get(s->row->rec, "lot") ? "Các lô khác" : "Các lô của sản phẩm",
		                       items->str);
	g_string_free(items, TRUE);
}

char *ocop_page_product(const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec;
	const char *name = ocop_record_get(r, "name");
	int stars = ocop_record_stars(r);
	GString *o = g_string_new(NULL);
	char *title = stars >= 3 && stars <= 5 ? g_strdup_printf("%s — OCOP %d sao", name ? name : "Sản phẩm", stars)
	                                      : g_strdup(name ? name : "Sản phẩm");
	char *canonical = g_strconcat(s->root, s->path, NULL);
	char *linkset = g_strdup_printf("%s?linkType=linkset", canonical);
	head(o, title, linkset);
	g_free(title);
	g_free(linkset);
	if (stars >= 3 && stars <= 5)
		mark(o, stars);
	g_string_append(o, "<h1>");
	text(o, name ? name : "");
	g_string_append(o, "</h1>\n<p class=\"producer\"><b>");
	text(o, ocop_record_get(r, "producer") ? ocop_record_get(r, "producer") : "");
	g_string_append(o, "</b>");
	const char *addr = ocop_record_get(r, "address");
	if (addr) {
		g_string_append(o, "<br>");
		text(o, addr);
	}
	g_string_append(o, "</p>\n");
	notes(o, s);
	certificate(o, r, &s->today);
	trace(o, s);
	product(o, r);
	lots(o, s);
	g_string_append(o, "<footer>\n<p>Mã truy xuất (GS1 Digital Link): <a href=\"");
	text(o, canonical);
	g_string_append(o, "\">");
	text(o, canonical);
	g_free(canonical);
	g_string_append(o, "</a></p>\n<p>Thông tin do chủ thể sản phẩm cung cấp trong danh sách sản phẩm OCOP. Trang "
	                   "tạo bởi ocoplabel.</p>\n</footer>\n");
	return tail(o);
}

char *ocop_page_not_found(const char *what, const char *detail)
{
	GString *o = g_string_new(NULL);
	head(o, what, NULL);
	g_string_append(o, "<h1>");
	text(o, what);
	g_string_append(o, "</h1>\n<p>Trang truy xuất này không có thông tin về <span class=\"code\">");
	text(o, detail ? detail : "");
	g_string_append(o, "</span>.</p>\n<p>Nếu mã này in trên một sản phẩm OCOP, hãy báo cho người bán hoặc cơ quan quản "
	                   "lý OCOP của tỉnh.</p>\n");
	return tail(o);
}

char *ocop_page_bad_link(const char *reason)
{
	GString *o = g_string_new(NULL);
	head(o, "Mã truy xuất không hợp lệ", NULL);
	g_string_append(o, "<h1>Mã truy xuất không hợp lệ</h1>\n<p>Đường dẫn này không phải là một GS1 Digital Link mà "
	                   "trang có thể đọc:</p>\n<p class=\"note\">");
	text(o, reason ? reason : "");
	g_string_append(o, "</p>\n");
	return tail(o);
}
