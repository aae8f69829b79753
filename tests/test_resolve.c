/* ocoplabel tests — the resolver as a table: request (method, target, Accept, resolver) to status, type and the exact Location; the index's problems; the page's escaping of a link's own values; the language of the answer (options version 2's accept_language, version 1 still read, the caller's thread language given back); the answers made ahead (ocop_resolver_prepare()) equal those made at the scan, and are found kept.
 * The Vietnamese answers need the catalogue: the build's po/ (after po/vi.po has the resolver's texts), or OCOPLABEL_LOCALEDIR. */
#include "ocoplabel/ocoplabel.h"
#include <glib.h>
#include "resolver.h" /* ocop_products_answers(), ocop_answers_bytes(): what ocop_resolver_prepare() kept */
#include "testutil.h"
#include <stdlib.h>
#include <unistd.h>

static const char csv[] =
	"name,producer,address,stars,gtin,growing_area,packing_facility,lot,variant,production_date,expiry_date,"
	"ocop_cert_date,trace_url\n"
	"Trà,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,,01/11/2026,01/11/2028,15/03/2025,\n"
	"Trà,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2605,,01/05/2026,01/05/2028,15/03/2025,\n"
	"Trà,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2605,,01/05/2026,01/05/2028,15/03/2025,\n"
	"Miến,HTX,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,,V1,,,,https://trace.example.vn/m\n"
	"Sai,HTX,Vân Đồn,3,8936012346100,VN-QNOR-0047,VN-QNPH-007,,,,,,\n";

static GString *problems;
static char path[] = "/tmp/test-resolve-XXXXXX";

static void on_problem(void *data, const char *path, size_t line, const ocop_diag *d)
{
	(void)data;
	(void)path;
	g_string_append_printf(problems, "%zu: %s: %s: %s\n", line, d->field, d->code, d->message);
}

static ocop_products *load_file(char *path)
{
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, csv, sizeof csv - 1) == (ssize_t)(sizeof csv - 1), "temporary file");
	close(fd);
	problems = g_string_new(NULL);
	ocop_products_options o = OCOP_PRODUCTS_OPTIONS_INIT;
	o.problem = on_problem;
	ocop_products *p = NULL;
	const char *paths[] = { path };
	CHECK(ocop_products_load(&p, paths, 1, &o) == 0, "load: %s", ocop_error_last());
	CHECK(ocop_products_changed(p) == 0, "unchanged after loading");
	unlink(path);
	CHECK(ocop_products_changed(p) == 1, "a file gone is a change");
	return p;
}

static ocop_products *load(void) { return load_file(path); }

static void test_index(const ocop_products *p)
{
	CHECK(ocop_products_count(p) == 3, "rows %zu", ocop_products_count(p));
	CHECK(ocop_products_gtins(p) == 2, "gtins %zu", ocop_products_gtins(p));
	char *want = g_strdup_printf("4: lot: duplicate_lot: GTIN 8936012346107, lot TH2605 is also on %s:3; the page "
	                             "shows that row\n"
	                             "6: gtin: check_digit: the row has no page: wrong check digit in '8936012346100': "
	                             "the last digit should be 7 (8936012346107)\n",
	                             path);
	CHECK_STR(problems->str, want, "problems");
	g_free(want);
}

static void test_answers(const ocop_products *p)
{
	static const struct {
		const char *method, *target, *accept, *resolver;
		unsigned status;
		const char *type, *location; /* NULL: no Location */
	} rows[] = {
		/* 0 */ { "GET", "/01/08936012346107/10/TH2611?17=281101", NULL, NULL, 307, "text/html; charset=utf-8",
		          "http://h.example/p/01/08936012346107/10/TH2611?17=281101" },
		/* 1: a GTIN-13 written in the path is not a Digital Link */
		/* 1 */ { "GET", "/01/8936012346107", NULL, NULL, 400, "text/html; charset=utf-8", NULL },
		/* 2 */ { "GET", "/p/01/08936012346107/10/TH2611", NULL, NULL, 200, "text/html; charset=utf-8", NULL },
		/* 3 */ { "HEAD", "/p/01/08936012346107", NULL, NULL, 200, "text/html; charset=utf-8", NULL },
		/* 4 */ { "GET", "/01/08936012346107?linkType=linkset", NULL, NULL, 200, "application/linkset+json", NULL },
		/* 5 */ { "GET", "/01/08936012346107", "text/html, application/linkset+json;q=0.9", NULL, 200,
		          "application/linkset+json", NULL },
		/* 6: JSON and not a page: the linkset too */
		/* 6 */ { "GET", "/01/08936012346107", "application/json", NULL, 200, "application/linkset+json", NULL },
		/* 7 */ { "GET", "/01/08936012346107", "text/html,application/json", NULL, 307, "text/html; charset=utf-8",
		          "http://h.example/p/01/08936012346107" },
		/* 8 */ { "GET", "/01/08936012346114/22/V1?linkType=gs1%3Atraceability&a=1", NULL, NULL, 307,
		          "text/html; charset=utf-8", "https://trace.example.vn/m?linkType=gs1%3Atraceability&a=1" },
		/* 9 */ { "GET", "/01/08936012346114?linkType=gs1:recipeInfo", NULL, NULL, 404, "text/html; charset=utf-8", NULL },
		/* 10 */ { "GET", "/01/08936012346121", NULL, NULL, 404, "text/html; charset=utf-8", NULL },
		/* 11 */ { "POST", "/01/08936012346107", NULL, NULL, 405, "text/plain; charset=utf-8", NULL },
		/* 12 */ { "OPTIONS", "/01/08936012346107", NULL, NULL, 204, "text/plain", NULL },
		/* 13 */ { "GET", "/.well-known/gs1resolver", NULL, NULL, 200, "application/json", NULL },
		/* 14: a CR LF in a caller's target would split the headers written back */
		/* 14 */ { "GET", "/01/08936012346107?a=\r\nSet-Cookie:x", NULL, NULL, 400, "text/html; charset=utf-8", NULL },
		/* 15 */ { "GET", "/01/08936012346107/10/Lô", NULL, NULL, 400, "text/html; charset=utf-8", NULL },
		/* 16: a resolver with a path: its links and pages are under it; other paths are not its links */
		/* 16 */ { "GET", "/qr/01/08936012346107/10/TH2605/", NULL, "https://example.vn/qr", 307,
		           "text/html; charset=utf-8", "https://example.vn/qr/p/01/08936012346107/10/TH2605" },
		/* 17 */ { "GET", "/qr/p/01/08936012346107/10/TH2605", NULL, "https://example.vn/qr/", 200,
		           "text/html; charset=utf-8", NULL },
		/* 18 */ { "GET", "/01/08936012346107", NULL, "https://example.vn/qr", 404, "text/html; charset=utf-8", NULL },
		/* 19 */ { "GET", "/01/08936012346107/10/TH2611/21/7?linkType=gs1:pip&vt=X", NULL, NULL, 307,
		           "text/html; charset=utf-8", "http://h.example/p/01/08936012346107/10/TH2611/21/7?vt=X" },
		/* 20: row 3's page by GET: its whole body, not the HEAD's kept answer */
		/* 20 */ { "GET", "/p/01/08936012346107", NULL, NULL, 200, "text/html; charset=utf-8", NULL },
	};
	/* twice: the second time the pages and redirects come from the answers kept (answers.c) */
	for (size_t k = 0; k < 2 * sizeof rows / sizeof rows[0]; k++) {
		size_t i = k % (sizeof rows / sizeof rows[0]);
		ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
		o.resolver = rows[i].resolver;
		o.today = "2026-12-03";
		ocop_response *r = NULL;
		CHECK(ocop_resolve(&r, p, rows[i].method, rows[i].target, "h.example", rows[i].accept, &o) == 0, "row %zu: %s", i,
		      ocop_error_last());
		CHECK(ocop_response_status(r) == rows[i].status, "row %zu: status %u", i, ocop_response_status(r));
		CHECK_STR(ocop_response_type(r), rows[i].type, "type");
		const char *loc = NULL;
		for (size_t h = 0; h < ocop_response_header_count(r); h++) {
			const char *n, *v;
			ocop_response_header(&n, &v, r, h);
			if (strcmp(n, "Location") == 0)
				loc = v;
		}
		if (rows[i].location)
			CHECK_STR(loc ? loc : "(none)", rows[i].location, "Location");
		else
			CHECK(loc == NULL, "row %zu: Location %s", i, loc);
		size_t len = ocop_response_body_size(r);
		CHECK((len == 0) == (strcmp(rows[i].method, "HEAD") == 0 || rows[i].status == 307 || rows[i].status == 204),
		      "row %zu: body of %zu bytes", i, len);
		ocop_response_free(r);
	}
}

/* a link's own values on the page: the unknown lot in the note, escaped */
static void test_escaping(const ocop_products *p)
{
	ocop_response *r = NULL;
	CHECK(ocop_resolve(&r, p, "GET", "/p/01/08936012346107/10/%3Cb%3E%26", NULL, NULL, NULL) == 0, "resolve");
	const char *b = ocop_response_body(r);
	CHECK(strstr(b, "Số lô &lt;b&gt;&amp; trên nhãn không có") != NULL, "the lot escaped in the note");
	CHECK(strstr(b, "<b>&") == NULL, "no markup of the link");
	ocop_response_free(r);
	ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
	o.today = "20261203";
	CHECK(ocop_resolve(&r, p, "GET", "/", NULL, NULL, &o) == OCOP_EINVAL, "a bad today");
	CHECK(ocop_resolve(&r, p, "GET", "/", "a/b", NULL, NULL) == OCOP_EINVAL, "a Host with a slash");
}

/* the value of header name of r, or NULL */
static const char *header_of(const ocop_response *r, const char *name)
{
	for (size_t h = 0; h < ocop_response_header_count(r); h++) {
		const char *n, *v;
		ocop_response_header(&n, &v, r, h);
		if (strcmp(n, name) == 0)
			return v;
	}
	return NULL;
}

/* target answered with Accept-Language al (options version 2): the answer, its body NUL-terminated in *body */
static ocop_response *ask(const ocop_products *p, const char *target, const char *al, char **body)
{
	ocop_resolver_options o;
	CHECK(ocop_resolver_options_init(&o, OCOP_RESOLVER_OPTIONS_VERSION) == 0 && o.version == 3 && !o.accept_language && !o.registry,
	      "options version 3");
	o.today = "2026-12-03";
	o.accept_language = al;
	ocop_response *r = NULL;
	CHECK(ocop_resolve(&r, p, "GET", target, "h.example", NULL, &o) == 0, "%s [%s]: %s", target, al, ocop_error_last());
	*body = g_strndup(ocop_response_body(r), ocop_response_body_size(r));
	return r;
}

static void test_language(const ocop_products *p)
{
	static const char page[] = "/p/01/08936012346107/10/TH2611";
	/* Accept-Language to the language of the page: q-values weighed, Vietnamese when it names neither */
	static const struct { const char *al, *lang; } picks[] = {
		{ NULL, "vi" }, { "", "vi" }, { "vi", "vi" }, { "en", "en" }, { "en-US,en;q=0.9", "en" },
		{ "vi-VN,vi;q=0.9,en-US;q=0.8", "vi" }, { "fr", "vi" }, { "fr-FR,fr;q=0.9,en;q=0.5", "en" },
		{ "vi;q=0.4, en;q=0.8", "en" }, { "*", "vi" }, { "en;q=0", "vi" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(picks); i++) {
		char *b;
		ocop_response *r = ask(p, page, picks[i].al, &b);
		char *html = g_strdup_printf("<html lang=\"%s\">", picks[i].lang);
		CHECK(ocop_response_status(r) == 200, "[%s] status %u", picks[i].al, ocop_response_status(r));
		CHECK(strstr(b, html) != NULL, "[%s]: %s", picks[i].al, html);
		CHECK_STR(header_of(r, "Content-Language"), picks[i].lang, "Content-Language");
		CHECK_STR(header_of(r, "Vary"), "Accept, Accept-Language", "a page's Vary");
		g_free(html);
		g_free(b);
		ocop_response_free(r);
	}

	/* the English page: the words, the fields' English names, ISO dates; the file's values as they are */
	char *b;
	ocop_response *r = ask(p, page, "en", &b);
	static const char *const en[] = {
		"<title>Trà — OCOP 5 stars</title>", "aria-label=\"OCOP 5 stars\"", "<p class=\"kicker\">OCOP product</p>",
		"<p class=\"rating\">Rated 5 stars</p>", "<h2>OCOP certificate</h2>", "<dt>OCOP certificate date</dt><dd>2025-03-15</dd>",
		"<dt>Valid until</dt><dd>2028-03-15 <span class=\"ok\">valid</span></dd>", "<h2>Traceability</h2>",
		"<dt>Growing-area code</dt><dd><span class=\"code\">VN-QNOR-0012</span></dd>",
		"<dt>Lot number</dt><dd><span class=\"code\">TH2611</span></dd>", "<dt>Production date</dt><dd>2026-11-01</dd>",
		"<dt>Origin</dt><dd>Viet Nam</dd>", "<h2>Other lots</h2>", ">Lot TH2605</a> — produced 2026-05-01</li>",
		"<p>Traceability code (GS1 Digital Link): <a href=\"http://h.example/01/08936012346107/10/TH2611\">",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(en); i++)
		CHECK(strstr(b, en[i]) != NULL, "the English page lacks %s", en[i]);
	CHECK(strstr(b, "Chứng nhận") == NULL && strstr(b, "Số lô") == NULL, "no Vietnamese words on the English page");
	g_free(b);
	ocop_response_free(r);

	/* the Vietnamese page as it always was (the catalogue's words) */
	r = ask(p, page, "vi", &b);
	static const char *const vi[] = {
		"<title>Trà — OCOP 5 sao</title>", "<p class=\"kicker\">Sản phẩm OCOP</p>", "<p class=\"rating\">Đạt hạng 5 sao</p>",
		"<h2>Chứng nhận OCOP</h2>", "<dt>Ngày chứng nhận</dt><dd>15/03/2025</dd>",
		"<dt>Hiệu lực đến</dt><dd>15/03/2028 <span class=\"ok\">còn hiệu lực</span></dd>", "<h2>Truy xuất nguồn gốc</h2>",
		"<dt>Ngày sản xuất</dt><dd>01/11/2026</dd>", "<dt>Xuất xứ</dt><dd>Việt Nam</dd>", "<h2>Các lô khác</h2>",
		">Lô TH2605</a> — NSX 01/05/2026</li>", "<p>Mã truy xuất (GS1 Digital Link): <a href=",
		"<p>Thông tin do chủ thể sản phẩm cung cấp trong danh sách sản phẩm OCOP. Trang tạo bởi ocoplabel.</p>",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(vi); i++)
		CHECK(strstr(b, vi[i]) != NULL, "the Vietnamese page lacks %s (is the catalogue there?)", vi[i]);
	g_free(b);
	ocop_response_free(r);

	/* a 400: the parser's reason in the request's language; its English words as they always were */
	r = ask(p, "/01/123", "en", &b);
	CHECK(ocop_response_status(r) == 400, "400");
	CHECK(strstr(b, "<h1>Invalid traceability code</h1>") != NULL, "the English 400 page");
	CHECK(strstr(b, "<p class=\"note\">&#39;123&#39;: the GTIN after /01/ must be 14 digits</p>") != NULL,
	      "the reason in English: %s", b);
	CHECK_STR(header_of(r, "Content-Language"), "en", "the 400's language");
	CHECK_STR(header_of(r, "Vary"), "Accept-Language", "the 400's Vary");
	g_free(b);
	ocop_response_free(r);
	r = ask(p, "/01/123", "vi", &b);
	CHECK(strstr(b, "<html lang=\"vi\">") && strstr(b, "<h1>Mã truy xuất không hợp lệ</h1>"), "the Vietnamese 400 page");
	CHECK_STR(header_of(r, "Content-Language"), "vi", "the 400's language");
	g_free(b);
	ocop_response_free(r);
	/* a 404 and the linkset: their words in the request's language */
	r = ask(p, "/01/08936012346121", "en", &b);
	CHECK(ocop_response_status(r) == 404 && strstr(b, "<h1>Product not found</h1>"), "the English 404 page");
	CHECK_STR(header_of(r, "Vary"), "Accept-Language", "the 404's Vary");
	g_free(b);
	ocop_response_free(r);
	r = ask(p, "/01/08936012346107/10/TH2611?linkType=linkset", "en", &b);
	CHECK(strstr(b, "\"itemDescription\":\"Trà, lot TH2611\"") && strstr(b, "\"title\":\"Product information: Trà\"") &&
	          strstr(b, "\"hreflang\":[\"vi\",\"en\"]"),
	      "the English linkset: %s", b);
	CHECK_STR(header_of(r, "Vary"), "Accept, Accept-Language", "the linkset's Vary");
	g_free(b);
	ocop_response_free(r);
	/* a redirect is the same in either language */
	r = ask(p, "/01/08936012346107", "en", &b);
	CHECK(ocop_response_status(r) == 307, "307");
	CHECK_STR(header_of(r, "Vary"), "Accept", "the redirect's Vary");
	CHECK(header_of(r, "Content-Language") == NULL, "no Content-Language on a redirect");
	g_free(b);
	ocop_response_free(r);

	/* a version 1 struct (no accept_language member: never read) answers in Vietnamese */
	typedef struct { int version; const char *resolver; const ocop_link_options *link; const char *today, *name; } v1;
	v1 *old = g_new0(v1, 1);
	old->version = 1;
	old->today = "2026-12-03";
	CHECK(ocop_resolve(&r, p, "GET", page, "h.example", NULL, (const ocop_resolver_options *)old) == 0, "version 1: %s",
	      ocop_error_last());
	CHECK_STR(header_of(r, "Content-Language"), "vi", "version 1: Vietnamese");
	ocop_response_free(r);
	g_free(old);
	ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
	o.version = 4;
	CHECK(ocop_resolve(&r, p, "GET", page, "h.example", NULL, &o) == OCOP_EINVAL, "version 4 refused");
	CHECK_STR(ocop_error_last(), "ocop_resolver_options: unknown version 4 (this library has versions 1 to 3; initialise "
	                             "the options with OCOP_RESOLVER_OPTIONS_INIT or ocop_resolver_options_init())",
	          "version 4");

	/* the caller's thread language comes back: its own choice, or the process's (here C: English) */
	static const char *const callers[] = { "en", "vi", NULL };
	for (size_t i = 0; i < G_N_ELEMENTS(callers); i++) {
		CHECK(ocop_language_set(callers[i]) == 0, "set %s", callers[i]);
		static const char *const asked[] = { "vi", "en", NULL };
		for (size_t k = 0; k < G_N_ELEMENTS(asked); k++) {
			r = ask(p, page, asked[k], &b);
			CHECK_STR(ocop_language(), callers[i] ? callers[i] : "en", "the caller's language after the call");
			g_free(b);
			ocop_response_free(r);
		}
	}
	/* an error ocop_resolve() returns is in the caller's language, whatever the request's */
	ocop_language_set("en");
	o = (ocop_resolver_options)OCOP_RESOLVER_OPTIONS_INIT;
	o.today = "20261203";
	o.accept_language = "vi";
	CHECK(ocop_resolve(&r, p, "GET", page, NULL, NULL, &o) == OCOP_EINVAL, "a bad today");
	CHECK_STR(ocop_error_last(), "today: '20261203' is not a date (yyyy-mm-dd)", "the error in the caller's language");
	ocop_language_set(NULL);
}

/* GET target as a phone's browser asks it: status, Location and body, into one string */
static char *phone(const ocop_products *p, const char *target, const ocop_resolver_options *o)
{
	ocop_response *r = NULL;
	CHECK(ocop_resolve(&r, p, "GET", target, NULL, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	                   o) == 0, "%s: %s", target, ocop_error_last());
	if (!r)
		return g_strdup("");
	const char *loc = "";
	for (size_t h = 0; h < ocop_response_header_count(r); h++) {
		const char *n, *v;
		ocop_response_header(&n, &v, r, h);
		if (strcmp(n, "Location") == 0)
			loc = v;
	}
	char *s = g_strdup_printf("%u %s %.*s", ocop_response_status(r), loc, (int)ocop_response_body_size(r),
	                          ocop_response_body(r));
	ocop_response_free(r);
	return s;
}

/* ocop_resolver_prepare(): the answers a phone's scans ask for, made ahead and kept; the same as made at the
 * scan; none without the resolver's address or after a stop; max_products. (The row whose label carries
 * another site's trace_url has nothing of ours made for it but its product's page.) */
static void test_ahead(void)
{
	char path_a[] = "/tmp/test-resolve-a-XXXXXX", path_b[] = "/tmp/test-resolve-b-XXXXXX";
	g_string_free(problems, TRUE);
	ocop_products *a = load_file(path_a);
	g_string_free(problems, TRUE);
	ocop_products *b = load_file(path_b);
	ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
	o.today = "2026-12-03";
	CHECK(ocop_resolver_prepare(a, &o, 0, NULL) == 0, "without the resolver's address: nothing");
	o.resolver = "https://truyxuat.example.vn";
	int stop = 1;
	CHECK(ocop_resolver_prepare(a, &o, 0, &stop) == 0, "stopped: nothing");
	CHECK(ocop_answers_bytes(ocop_products_answers(a)) == 0, "nothing kept");
	CHECK(ocop_resolver_prepare(a, &o, 1, NULL) == 1, "max_products 1: one product");
	size_t one = ocop_answers_bytes(ocop_products_answers(a));
	CHECK(ocop_resolver_prepare(a, &o, 0, NULL) == 2, "both products: %s", ocop_error_last());
	size_t all = ocop_answers_bytes(ocop_products_answers(a));
	CHECK(one > 0 && all > one, "kept: %zu then %zu bytes", one, all);
	/* the links as the labels of the rows carry them (lot and codes), and each product's own, then their pages:
	 * found kept (nothing more is kept), the same as a reading without them makes */
	static const char *const targets[] = {
		"/01/08936012346107/10/TH2611?11=261101&17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003",
		"/p/01/08936012346107/10/TH2611?11=261101&17=281101&vt=VN-QNOR-0012&csdg=VN-QNPH-003",
		"/01/08936012346107/10/TH2605?11=260501&17=280501&vt=VN-QNOR-0012&csdg=VN-QNPH-003",
		"/p/01/08936012346107/10/TH2605?11=260501&17=280501&vt=VN-QNOR-0012&csdg=VN-QNPH-003",
		"/01/08936012346107", "/p/01/08936012346107", "/01/08936012346114", "/p/01/08936012346114",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
		char *x = phone(a, targets[i], &o), *y = phone(b, targets[i], &o);
		CHECK(strcmp(x, y) == 0, "%s: made ahead [%.80s] at the scan [%.80s]", targets[i], x, y);
		CHECK(g_str_has_prefix(x, strstr(targets[i], "/p/") ? "200 " : "307 "), "%s: %.60s", targets[i], x);
		g_free(x);
		g_free(y);
	}
	CHECK(ocop_answers_bytes(ocop_products_answers(a)) == all, "the scans found them kept (%zu bytes, were %zu)",
	      ocop_answers_bytes(ocop_products_answers(a)), all);
	/* a lot not in the file is made at its scan */
	char *m = phone(a, "/01/08936012346107/10/ZZ1", &o);
	CHECK(ocop_answers_bytes(ocop_products_answers(a)) > all, "an unknown lot: made at its scan");
	g_free(m);
	/* the next day (serve makes them again after midnight): the answers of the day before are dropped, as a
	 * page shows its dates valid or expired as of its day, and today's are made in the room they took */
	o.today = "2026-12-04";
	CHECK(ocop_resolver_prepare(a, &o, 0, NULL) == 2, "made ahead again the next day");
	CHECK(ocop_answers_bytes(ocop_products_answers(a)) == all, "the next day's answers alone: %zu bytes, were %zu",
	      ocop_answers_bytes(ocop_products_answers(a)), all);
	m = phone(a, "/p/01/08936012346107", &o);
	CHECK(ocop_answers_bytes(ocop_products_answers(a)) == all, "found kept the next day");
	g_free(m);
	/* a request of a new day drops them too */
	o.today = "2026-12-05";
	m = phone(a, "/01/08936012346107", &o);
	size_t next = ocop_answers_bytes(ocop_products_answers(a));
	CHECK(next > 0 && next < one, "the day before's answers dropped at a request: %zu bytes kept", next);
	g_free(m);
	ocop_products_free(a);
	ocop_products_free(b);
}

/* A file of n products, each its own GTIN-13 (check digit made) */
static ocop_products *load_many(int n)
{
	char tmpl[] = "/tmp/test-resolve-many-XXXXXX";
	int fd = mkstemp(tmpl);
	GString *c = g_string_new("name,producer,address,stars,gtin,growing_area,packing_facility,lot,production_date,"
	                          "expiry_date,ocop_cert_date\n");
	for (int i = 0; i < n; i++) {
		char g[14];
		g_snprintf(g, sizeof g, "8936012%05d", i);
		int sum = 0;
		for (int k = 0; k < 12; k++)
			sum += (g[k] - '0') * (k % 2 ? 3 : 1);
		g[12] = (char)('0' + (10 - sum % 10) % 10);
		g[13] = 0;
		g_string_append_printf(c, "Trà số %d,HTX Trà hoa vàng Ba Chẽ,\"Xã Thanh Lâm, huyện Ba Chẽ\",5,%s,VN-QNOR-0012,"
		                       "VN-QNPH-003,L%05d,01/11/2026,01/11/2028,15/03/2025\n", i, g, i);
	}
	CHECK(fd >= 0 && write(fd, c->str, c->len) == (ssize_t)c->len, "temporary file");
	close(fd);
	g_string_free(c, TRUE);
	ocop_products *p = NULL;
	const char *paths[] = { tmpl };
	CHECK(ocop_products_load(&p, paths, 1, NULL) == 0, "load: %s", ocop_error_last());
	unlink(tmpl);
	return p;
}

/* More products than half of resolver_cache_bytes holds: made ahead until the room is full, and as many the
 * next day (the day before's answers do not take today's room) */
static void test_ahead_room(void)
{
	ocop_products *p = load_many(4000);
	ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
	o.resolver = "https://truyxuat.example.vn";
	o.today = "2026-12-03";
	int n = ocop_resolver_prepare(p, &o, 0, NULL);
	size_t bytes = ocop_answers_bytes(ocop_products_answers(p)), room = ocop_limit_value("resolver_cache_bytes") / 2;
	CHECK(n > 500 && n < 4000, "some products made ahead, not all: %d", n);
	CHECK(bytes >= room && bytes < room + room / 100, "up to half of resolver_cache_bytes: %zu bytes", bytes);
	o.today = "2026-12-04";
	CHECK(ocop_resolver_prepare(p, &o, 0, NULL) == n, "the next day, as many");
	ocop_products_free(p);
}

int main(void)
{
	ocop_products *p = load();
	test_index(p);
	test_answers(p);
	test_escaping(p);
	test_language(p);
	ocop_products_free(p);
	test_ahead();
	test_ahead_room();
	g_string_free(problems, TRUE);
	return t_done("test_resolve");
}
