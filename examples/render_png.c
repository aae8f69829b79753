/* ocoplabel example — validate a record, render one label to PNG in memory, write it, report errors. */
#include <ocoplabel/ocoplabel.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "label.png";
	ocop_record *rec = NULL;
	ocop_template *tpl = NULL;
	ocop_renderer *r = NULL;
	ocop_diags *diags = NULL;
	unsigned char *png = NULL;
	size_t len = 0;
	int err, status = 1;

	if ((err = ocop_record_new(&rec)) < 0)
		goto done;
	ocop_record_set(rec, "name", "Ruốc hàu Vân Đồn", -1);
	ocop_record_set(rec, "producer", "Công ty TNHH Thương mại Vân Đồn Xanh", -1);
	ocop_record_set(rec, "address", "Xã Hạ Long, huyện Vân Đồn, tỉnh Quảng Ninh", -1);
	ocop_record_set(rec, "stars", "3", -1);
	ocop_record_set(rec, "gtin", "8936012345698", -1);
	ocop_record_set(rec, "growing_area", "VN-QNOR-0047", -1);
	ocop_record_set(rec, "packing_facility", "VN-QNPH-007", -1);

	/* Every problem of the record, each with its field. */
	err = ocop_record_validate(&diags, rec, NULL);
	for (size_t i = 0; i < ocop_diags_count(diags); i++) {
		const ocop_diag *d = ocop_diags_get(diags, i);
		fprintf(stderr, "%s: %s: %s\n", d->severity == OCOP_SEVERITY_ERROR ? "error" : "warning", d->field, d->message);
	}
	if (err < 0)
		goto done;

	if ((err = ocop_template_find(&tpl, "small-70x37")) < 0)
		goto done;
	ocop_render_options opts = OCOP_RENDER_OPTIONS_INIT;
	opts.format = OCOP_FORMAT_PNG;
	opts.dpi = 300;
	if ((err = ocop_renderer_new(&r, tpl, &opts)) < 0)
		goto done;
	if ((err = ocop_renderer_render_mem(&png, &len, r, rec)) < 0)
		goto done;

	FILE *f = fopen(out, "wb");
	if (!f || fwrite(png, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", out);
		goto done;
	}
	printf("wrote %s (%zu bytes) with libocoplabel %s\n", out, len, ocop_version());
	status = 0;
done:
	if (err < 0)
		fprintf(stderr, "ocoplabel: %s (%s)\n", ocop_error_last(), ocop_strerror(err));
	free(png);
	ocop_diags_free(diags);
	ocop_renderer_free(r);
	ocop_template_free(tpl);
	ocop_record_free(rec);
	return status;
}
