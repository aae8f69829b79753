/* ocoplabel example — batch labels onto A4 3x8 decal sheets: from an array of records, and streamed from a product file. */
#include <ocoplabel/ocoplabel.h>
#include <stdio.h>
#include <stdlib.h>

/* Part 1: records the program already holds, e.g. from its own database. */
static const char *const products[][8] = {
	/* name, producer, address, stars, gtin, growing_area, packing_facility, lot */
	{ "Na dai Đông Triều", "HTX Na dai Đông Triều", "Xã An Sinh, thị xã Đông Triều, tỉnh Quảng Ninh", "4",
	  "8936012346206", "VN-QNOR-0063", "VN-QNPH-009", "ND2608" },
	{ "Chè Đường Hoa", "HTX Chè Đường Hoa", "Xã Đường Hoa, huyện Hải Hà, tỉnh Quảng Ninh", "3",
	  "8936012346213", "VN-QNOR-0071", "VN-QNPH-002", "CH2611" },
	/* a typing error in the barcode: this record is skipped and counted */
	{ "Sâm đất Vân Đồn", "HTX Sâm đất Vân Đồn", "Xã Quan Lạn, huyện Vân Đồn, tỉnh Quảng Ninh", "3",
	  "8936012346231", "VN-QNOR-0082", "VN-QNPH-007", "SD2611" },
	{ "Bánh gật gù Đầm Hà", "HTX Bánh gật gù Đầm Hà", "Xã Quảng Lâm, huyện Đầm Hà, tỉnh Quảng Ninh", "3",
	  "8936012346220", "VN-QNOR-0078", "VN-QNPH-004", "BG2611" },
};
static const char *const columns[] = { "name", "producer", "address", "stars", "gtin", "growing_area", "packing_facility", "lot" };
#define N_PRODUCTS (sizeof products / sizeof products[0])
#define N_COLUMNS (sizeof columns / sizeof columns[0])

static int from_array(ocop_renderer *r, const ocop_sheet *sheet, const char *path)
{
	ocop_record *recs[N_PRODUCTS] = { NULL };
	ocop_document *doc = NULL;
	size_t rejected = 0;
	int err = 0;
	for (size_t i = 0; i < N_PRODUCTS && err == 0; i++) {
		if ((err = ocop_record_new(&recs[i])) < 0)
			break;
		for (size_t c = 0; c < N_COLUMNS && err == 0; c++)
			err = ocop_record_set(recs[i], columns[c], products[i][c], -1);
	}
	if (err < 0)
		goto done;

	ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
	o.sheet = sheet;
	o.title = "OCOP Quảng Ninh";
	if ((err = ocop_document_open(&doc, r, path, &o)) < 0)
		goto done;
	/* one label of each record; an invalid record is skipped and counted */
	if ((err = ocop_document_add_records(&rejected, doc, (const ocop_record *const *)recs, N_PRODUCTS)) < 0)
		goto done;
	if (rejected > 0)
		fprintf(stderr, "%zu record(s) rejected; the last: %s\n", rejected, ocop_error_last());
	if ((err = ocop_document_commit(doc)) < 0) /* the PDF appears at path only now */
		goto done;
	printf("%s: %lu label(s) on %lu page(s), %zu rejected\n", path, ocop_document_labels(doc), ocop_document_pages(doc), rejected);
done:
	if (err < 0)
		fprintf(stderr, "%s\n", ocop_error_last());
	ocop_document_free(doc); /* without a commit, nothing is left at path */
	for (size_t i = 0; i < N_PRODUCTS; i++)
		ocop_record_free(recs[i]);
	return err;
}

/* Part 2: a product file read row by row; memory does not grow with its length. */
static int from_file(ocop_renderer *r, const ocop_sheet *sheet, const char *csv, const char *path)
{
	ocop_reader *reader = NULL;
	ocop_record *rec = NULL;
	ocop_document *doc = NULL;
	unsigned long rows = 0, rejected = 0;
	int err, rc;
	if ((err = ocop_record_new(&rec)) < 0 || (err = ocop_reader_open(&reader, csv, NULL)) < 0)
		goto done;
	ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
	o.sheet = sheet;
	if ((err = ocop_document_open(&doc, r, path, &o)) < 0)
		goto done;
	while ((rc = ocop_reader_next(rec, reader)) != 0) {
		rows++;
		if (rc == OCOP_EPARSE) { /* a malformed row: "FILE:LINE: FIELD: message"; go on */
			fprintf(stderr, "%s\n", ocop_error_last());
			rejected++;
			continue;
		}
		if (rc < 0) {
			err = rc;
			goto done;
		}
		ocop_diags *diags = NULL;
		err = ocop_document_add(&diags, doc, rec, ocop_reader_copies(reader));
		for (size_t i = 0; i < ocop_diags_count(diags); i++) {
			const ocop_diag *d = ocop_diags_get(diags, i);
			fprintf(stderr, "%s:%zu: %s%s: %s\n", csv, ocop_reader_line(reader),
			        d->severity == OCOP_SEVERITY_WARNING ? "warning: " : "", d->field, d->message);
		}
		ocop_diags_free(diags);
		if (err == OCOP_EREJECTED) { /* the row is reported and skipped */
			rejected++;
			err = 0;
		} else if (err < 0) {
			goto done;
		}
	}
	if ((err = ocop_document_commit(doc)) < 0)
		goto done;
	printf("%s: %lu label(s) on %lu page(s) from %lu row(s), %lu rejected\n", path, ocop_document_labels(doc),
	       ocop_document_pages(doc), rows, rejected);
done:
	if (err < 0)
		fprintf(stderr, "%s\n", ocop_error_last());
	ocop_document_free(doc);
	ocop_reader_free(reader);
	ocop_record_free(rec);
	return err;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s ARRAY.pdf PRODUCTS.pdf [PRODUCTS.csv [TODAY]]\n", argv[0]);
		return 2;
	}
	const char *csv = argc > 3 ? argv[3] : "examples/quangninh-products.csv";
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PDF;
	ro.today = argc > 4 ? argv[4] : NULL; /* OCOP certificates are checked against this date; NULL: today */
	/* the sheet names the template that fits its positions */
	int err = ocop_sheet_find(&sheet, "a4-3x8");
	if (err == 0)
		err = ocop_template_find(&t, ocop_sheet_template(sheet));
	if (err == 0)
		err = ocop_renderer_new(&r, t, &ro);
	if (err < 0)
		fprintf(stderr, "%s\n", ocop_error_last());
	/* one renderer serves both documents, one after the other */
	if (err == 0)
		err = from_array(r, sheet, argv[1]);
	if (err == 0)
		err = from_file(r, sheet, csv, argv[2]);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	return err == 0 ? 0 : 1;
}
