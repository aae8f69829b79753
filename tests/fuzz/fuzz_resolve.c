/* ocoplabel fuzz target — the resolver: a request target (the first line of the input) and an Accept
 * header (the second) against a fixed index whose product name holds markup. No answer may carry a
 * script element (every value of the link and the file is escaped), and every answer is one of the
 * statuses the resolver documents. */
#include "ocoplabel/ocoplabel.h"
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ocop_products *index_once(void)
{
	static ocop_products *p;
	if (p)
		return p;
	char path[] = "/tmp/fuzz-resolve-XXXXXX";
	int fd = mkstemp(path);
	static const char csv[] =
		"name,producer,address,stars,gtin,growing_area,packing_facility,lot,expiry_date,ocop_cert_date,trace_url,"
		"gs1:recipeInfo\n"
		"T<script>x</script>,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2028,15/03/2025,"
		"https://t.example/a,https://r.example/b\n"
		"T2,HTX,Ba Chẽ,4,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2605,01/05/2028,15/03/2022,,\n"
		"M,HTX,Bình Liêu,3,8936012346114,VN-QNOR-0031,VN-QNPH-005,,,,,\n";
	if (fd < 0 || write(fd, csv, sizeof csv - 1) != (ssize_t)(sizeof csv - 1))
		abort();
	close(fd);
	const char *paths[] = { path };
	if (ocop_products_load(&p, paths, 1, NULL) != 0)
		abort();
	unlink(path);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ocop_products *p = index_once();
	char *in = g_strndup((const char *)data, size);
	char *nl = strchr(in, '\n');
	const char *accept = NULL;
	if (nl) {
		*nl = 0;
		accept = nl + 1;
	}
	ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
	o.today = "2026-12-03";
	static const char *const methods[] = { "GET", "HEAD", "OPTIONS", "POST" };
	ocop_response *r = NULL;
	if (ocop_resolve(&r, p, methods[size % 4], in, "h.example", accept, &o) != 0)
		abort();
	unsigned st = ocop_response_status(r);
	if (st != 200 && st != 204 && st != 307 && st != 400 && st != 404 && st != 405)
		abort();
	size_t len = ocop_response_body_size(r);
	const char *b = ocop_response_body(r);
	char *low = g_ascii_strdown(b, (gssize)len);
	if (strstr(low, "<script"))
		abort();
	g_free(low);
	for (size_t i = 0; i < ocop_response_header_count(r); i++) {
		const char *n, *v;
		ocop_response_header(&n, &v, r, i);
		if (strpbrk(v, "\r\n")) /* no header splitting through the link */
			abort();
	}
	ocop_response_free(r);
	g_free(in);
	return 0;
}
