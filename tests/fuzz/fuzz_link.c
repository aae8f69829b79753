/* ocoplabel fuzz target — record validation, the Digital Link builder, and the Digital Link parser. */
#include "fields.h"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	ocop_record *r = NULL;
	ocop_record_new(&r);
	fuzz_fields(r, s, size);
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = "2026-11-29";
	ocop_diags *d = NULL;
	ocop_record_validate(&d, r, &vo);
	ocop_diags_free(d);
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	lo.today = "2026-11-29";
	const char *res = ocop_record_get(r, "resolver");
	if (res)
		lo.resolver = res;
	char *url = NULL;
	if (ocop_link_build(&url, r, &lo) == 0) {
		/* what is built parses back to the same fields */
		ocop_record *back = NULL;
		if (ocop_link_parse(&back, url, &lo) != 0)
			abort();
		static const char *const f[] = { "lot", "serial", "variant", "growing_area", "packing_facility", NULL };
		for (int i = 0; f[i]; i++) {
			const char *a = ocop_record_get(r, f[i]), *b = ocop_record_get(back, f[i]);
			if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
				abort();
		}
		ocop_record_free(back);
		free(url);
	}
	char *enc = NULL;
	char *z = g_strndup(s, size);
	if (ocop_url_check(&enc, z) == 0)
		g_free(enc);
	ocop_record *p = NULL;
	if (ocop_link_parse(&p, z, NULL) == 0)
		ocop_record_free(p);
	g_free(z);
	ocop_record_free(r);
	return 0;
}
