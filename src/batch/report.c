/* ocoplabel — the report of rejected rows: its kind chosen by the file's name (.xlsx a workbook, else CSV), calls passed on. */
#include "batch.h"
#include <string.h>

int ocop_report_open(ocop_report **out, const char *path, char sep, const ocop_reader *rd)
{
	*out = NULL;
	size_t n = strlen(path);
	if (n >= 5 && g_ascii_strcasecmp(path + n - 5, ".xlsx") == 0)
		return ocop_report_xlsx_open(out, path, sep, rd);
	return ocop_report_csv_open(out, path, sep, rd);
}

int ocop_report_row(ocop_report *r, const ocop_batch_row *row, const char *const *values)
{
	return r->kind->row(r, row, values);
}

int ocop_report_commit(ocop_report *r)
{
	return r->kind->commit(r);
}

void ocop_report_free(ocop_report *r)
{
	if (r)
		r->kind->free(r);
}

/* A problem's field as the reports name it, in the thread's language (ocop_field_title: a field of the table
 * by its name, the whole row or label by those words; the key in English); no field is the whole row. */
static const char *field_shown(const char *key)
{
	return ocop_field_title(*key ? key : "row");
}

void ocop_report_problems(const ocop_diags *d, GString *fields, GString *msgs)
{
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != OCOP_SEVERITY_ERROR)
			continue;
		g_string_append_printf(fields, "%s%s", fields->len ? ", " : "", field_shown(x->field));
		g_string_append_printf(msgs, "%s%s", msgs->len ? "; " : "", x->message);
	}
}
