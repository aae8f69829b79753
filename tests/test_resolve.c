/* ocoplabel tests — the resolver as a table: request (method, target, Accept, resolver) to status, type and the exact Location; the index's problems; the page's escaping of a link's own values. */
#include "ocoplabel/ocoplabel.h"
#include <glib.h>
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

static ocop_products *load(void)
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
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
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

int main(void)
{
	ocop_products *p = load();
	test_index(p);
	test_answers(p);
	test_escaping(p);
	ocop_products_free(p);
	g_string_free(problems, TRUE);
	return t_done("test_resolve");
}
