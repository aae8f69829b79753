/* ocoplabel fuzz target — the product-file reader and record validation on arbitrary bytes. */
#include "reader.h" /* ocop_reader_open_fp */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	/* fmemopen needs a writable buffer it may not modify when opened "rb"; copy to be safe */
	char *copy = g_memdup2(data, size);
	FILE *fp = fmemopen(copy, size, "rb");
	if (!fp) {
		g_free(copy);
		return 0;
	}
	ocop_reader_options o = OCOP_READER_OPTIONS_INIT;
	ocop_reader *r = NULL;
	if (ocop_reader_open_fp(&r, fp, "fuzz.csv", &o) == 0) {
		ocop_record *rec = NULL;
		ocop_record_new(&rec);
		ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
		vo.today = "2026-11-29";
		int n;
		for (int rows = 0; rows < 10000 && (n = ocop_reader_next(rec, r)) != 0; rows++) {
			if (n < 0 && n != OCOP_EPARSE)
				break;
			if (n == OCOP_EPARSE) {
				/* a row that cannot be read: one error diagnostic with a field and a code, one line of UTF-8 */
				const ocop_diags *e = ocop_reader_diags(r);
				const ocop_diag *x = ocop_diags_get(e, 0);
				if (ocop_diags_errors(e) != 1 || !*x->field || !*x->code || !g_utf8_validate(x->message, -1, NULL) ||
				    strchr(x->message, '\n') || !g_utf8_validate(ocop_error_last(), -1, NULL) ||
				    strchr(ocop_error_last(), '\n'))
					abort();
			}
			if (n == 1) {
				ocop_diags *d = NULL;
				ocop_record_validate(&d, rec, &vo);
				ocop_diags_free(d);
				(void)ocop_reader_copies(r);
				/* the warnings that need other rows (GTINs, the file's date order) */
				const ocop_diags *w = ocop_reader_diags(r);
				for (size_t i = 0; i < ocop_diags_count(w); i++)
					(void)strlen(ocop_diags_get(w, i)->message);
			}
		}
		ocop_record_free(rec);
		ocop_reader_free(r); /* closes fp */
	} else {
		/* on failure the reader has closed fp already */
	}
	g_free(copy);
	return 0;
}
