/* ocoplabel example — the complete program of docs/API.md: a record, its checks, and one label streamed to a file. */
#include <ocoplabel/ocoplabel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ocop_write_fn: the bytes of the label arrive here as they are made. */
static int write_to_file(void *payload, const unsigned char *data, size_t len)
{
	return fwrite(data, 1, len, payload) == len ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *path = argc == 2 ? argv[1] : "", *dot = strrchr(path, '.');
	ocop_render_options opts = OCOP_RENDER_OPTIONS_INIT;
	opts.format = !dot ? OCOP_FORMAT_AUTO
	            : strcmp(dot, ".pdf") == 0 ? OCOP_FORMAT_PDF
	            : strcmp(dot, ".png") == 0 ? OCOP_FORMAT_PNG
	            : strcmp(dot, ".svg") == 0 ? OCOP_FORMAT_SVG : OCOP_FORMAT_AUTO;
	if (opts.format == OCOP_FORMAT_AUTO) {
		fprintf(stderr, "usage: %s LABEL.pdf|LABEL.png|LABEL.svg\n", argv[0]);
		return 2;
	}
	opts.dpi = 300;              /* PNG only */
	opts.today = "2026-11-29";   /* the certificate date is checked against this; NULL: today */

	ocop_record *rec = NULL;
	ocop_diags *diags = NULL;
	ocop_template *tpl = NULL;
	ocop_renderer *r = NULL;
	char *url = NULL;
	FILE *out = NULL;
	int err, status = 2;

	/* 1. A record: named UTF-8 fields, normalised as they are set. */
	static const char *const fields[][2] = {
		{ "name", "Trà hoa vàng Ba Chẽ" },
		{ "producer", "HTX Trà hoa vàng Ba Chẽ" },
		{ "address", "Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh" },
		{ "stars", "5" },
		{ "gtin", "8936012346107" },
		{ "growing_area", "VN-QNOR-0012" },
		{ "packing_facility", "VN-QNPH-003" },
		{ "lot", "TH2611" },
		{ "production_date", "01/11/2026" },
		{ "expiry_date", "2028-11-01" },        /* stored as 01/11/2028 */
		{ "ocop_cert_date", "15/03/2025" },
	};
	if ((err = ocop_record_new(&rec)) < 0)
		goto done;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if ((err = ocop_record_set(rec, fields[i][0], fields[i][1], -1)) < 0)
			goto done;

	/* 2. A template, and a renderer that binds it to fonts and options. */
	if ((err = ocop_template_find(&tpl, "small-70x37")) < 0)
		goto done;
	if ((err = ocop_renderer_new(&r, tpl, &opts)) < 0)
		goto done;

	/* 3. Every check that rendering makes, with all findings at once. */
	err = ocop_renderer_check(&diags, r, rec);
	for (size_t i = 0; i < ocop_diags_count(diags); i++) {
		const ocop_diag *d = ocop_diags_get(diags, i);
		fprintf(stderr, "%s: %s: %s\n", d->severity == OCOP_SEVERITY_ERROR ? "error" : "warning", d->field, d->message);
	}
	if (err == OCOP_EREJECTED) {
		status = 1;              /* the record is wrong, not the program */
		goto done;
	}
	if (err < 0)
		goto done;

	/* 4. The GS1 Digital Link that the QR code carries. */
	if ((err = ocop_trace_url(&url, tpl, rec)) < 0)
		goto done;
	printf("%s\n", url);

	/* 5. The label, streamed: nothing is written unless every check passes. */
	if (!(out = fopen(path, "wb"))) {
		perror(path);
		goto done;
	}
	err = ocop_renderer_render_stream(r, rec, write_to_file, out);
	if (fclose(out) != 0 && err == 0)
		perror(path);
	else if (err == 0)
		status = 0;
	if (status != 0)
		remove(path);            /* a partial file is of no use */
done:
	if (err < 0 && status == 2)
		fprintf(stderr, "%s: %s\n", ocop_strerror(err), ocop_error_last());
	free(url);
	ocop_diags_free(diags);
	ocop_renderer_free(r);
	ocop_template_free(tpl);
	ocop_record_free(rec);
	return status;
}
