/* ocoplabel example — a product file through the library's batch job: onto A4 3x8 sheets, rejected rows reported, a report file, counts. */
#include <ocoplabel/ocoplabel.h>
#include <stdio.h>
#include <string.h>

/* What the callbacks print with. */
typedef struct context {
	const char *csv;
	unsigned long placed;
} context;

/* Each rejected row: its line and its errors (a row the reader could not read may have no field). */
static void on_rejected(void *data, const ocop_batch_row *row)
{
	const context *c = data;
	for (size_t i = 0; i < ocop_diags_count(row->diags); i++) {
		const ocop_diag *d = ocop_diags_get(row->diags, i);
		if (d->severity == OCOP_SEVERITY_ERROR)
			printf("%s:%zu: rejected: %s%s%s\n", c->csv, row->line, d->field, *d->field ? ": " : "", d->message);
	}
}

/* Each label placed: its running number and, in serialised runs, its serial. */
static void on_placed(void *data, const ocop_batch_label *label)
{
	context *c = data;
	if (c->placed++ < 2)
		printf("label %lu from line %zu: serial %s\n", label->number, label->line, label->serial ? label->serial : "-");
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s PRODUCTS.csv OUT.pdf REPORT.csv [TODAY]\n", argv[0]);
		return 2;
	}
	context ctx = { argv[1], 0 };
	ocop_sheet *sheet = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_batch *job = NULL;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PDF;
	ro.today = argc > 4 ? argv[4] : NULL; /* OCOP certificates are checked against this date; NULL: today */
	int err = ocop_sheet_find(&sheet, "a4-3x8");
	if (err == 0)
		err = ocop_template_find(&t, ocop_sheet_template(sheet));
	if (err == 0)
		err = ocop_renderer_new(&r, t, &ro);
	if (err == 0) {
		ocop_batch_options o = OCOP_BATCH_OPTIONS_INIT;
		o.document.sheet = sheet;
		o.document.serialize = 1;              /* one serial per label, numbered by the row's position */
		o.document.serial_format = "QN%05d";
		o.report = argv[3];                    /* one CSV line per rejected row */
		o.rejected = on_rejected;
		o.placed = on_placed;
		o.payload = &ctx;
		err = ocop_batch_new(&job, r, argv[1], &o);
	}
	if (err == 0)
		err = ocop_batch_run(job, argv[2]);    /* the PDF and the report appear only now */
	if (err == 0) {
		const ocop_batch_counts *c = ocop_batch_get_counts(job);
		printf("%lu rows, %lu valid, %lu rejected; %lu label(s) on %lu page(s)%s; serials %llu to %llu\n", c->rows, c->valid,
		       c->rejected, c->labels, c->pages, c->written ? "" : " (nothing written)", c->first_serial,
		       c->next_serial - 1);
	} else {
		fprintf(stderr, "%s\n", ocop_error_last());
	}
	ocop_batch_free(job);
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_sheet_free(sheet);
	return err == 0 ? 0 : 1;
}
