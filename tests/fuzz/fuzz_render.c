/* ocoplabel fuzz target — the whole render of one record ("key=value" lines) to PNG or PDF in memory. */
#include "fields.h"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static ocop_template *tpl;
static ocop_renderer *png, *pdf;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	/* a thermal template: whole-dot codes at a low, fast resolution */
	if (ocop_template_find(&tpl, "thermal-50x30") < 0) {
		fprintf(stderr, "fuzz_render: %s (set OCOPLABEL_TEMPLATE_PATH)\n", ocop_error_last());
		abort();
	}
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = OCOP_FORMAT_PNG;
	o.dpi = 100;
	o.today = "2026-11-29";
	o.creation_time = 0;
	if (ocop_renderer_new(&png, tpl, &o) < 0)
		abort();
	o.format = OCOP_FORMAT_PDF;
	if (ocop_renderer_new(&pdf, tpl, &o) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 4096)
		return 0;
	/* a valid record that the input's lines change: most inputs draw a whole label */
	static const char *const base[] = { "name", "Trà hoa vàng Ba Chẽ", "producer", "HTX Trà hoa vàng Ba Chẽ", "address",
		"Xã Thanh Lâm, Ba Chẽ", "stars", "5", "gtin", "8936012345674", "growing_area", "VN-QNOR-0012",
		"packing_facility", "VN-QNPH-003", NULL };
	ocop_record *r = NULL;
	ocop_record_new(&r);
	for (int k = 0; base[k] && (data[0] & 2); k += 2)
		ocop_record_set(r, base[k], base[k + 1], -1);
	fuzz_fields(r, (const char *)data + 1, size - 1);
	unsigned char *out = NULL;
	size_t len = 0;
	if (ocop_renderer_render_mem(&out, &len, data[0] & 1 ? pdf : png, r) == 0 && len == 0)
		abort();
	free(out);
	ocop_record_free(r);
	return 0;
}
