/* ocoplabel — the report of rejected rows as CSV: a line per row (line, field, message, name), UTF-8 with a BOM, CRLF, the product file's separator. */
#include "batch.h"
#include <string.h>

typedef struct csv_report {
	ocop_report base;
	ocop_tmpfile f;
	char sep;
} csv_report;

static void csv_field(ocop_sink *s, const char *v, char sep)
{
	if (!strpbrk(v, "\"\r\n") && !strchr(v, sep)) {
		ocop_sink_write(s, v, strlen(v));
		return;
	}
	GString *q = g_string_new("\"");
	for (; *v; v++) {
		if (*v == '"')
			g_string_append_c(q, '"');
		g_string_append_c(q, *v);
	}
	g_string_append_c(q, '"');
	ocop_sink_write(s, q->str, q->len);
	g_string_free(q, TRUE);
}

/* One line: the row's errors (fields joined by ", ", messages by "; ") and its name. Write errors
 * stay in the sink and come back at the commit. */
static int csv_row(ocop_report *base, const ocop_batch_row *row, const char *const *values)
{
	(void)values;
	csv_report *r = (csv_report *)base;
	GString *fields = g_string_new(NULL), *msgs = g_string_new(NULL);
	ocop_report_problems(row->diags, fields, msgs);
	char *line = g_strdup_printf("%zu%c", row->line, r->sep);
	ocop_sink *s = &r->f.sink;
	ocop_sink_write(s, line, strlen(line));
	csv_field(s, fields->str, r->sep);
	ocop_sink_write(s, &r->sep, 1);
	csv_field(s, msgs->str, r->sep);
	ocop_sink_write(s, &r->sep, 1);
	const char *name = row->record ? ocop_record_get(row->record, "name") : NULL;
	csv_field(s, name ? name : "", r->sep);
	ocop_sink_write(s, "\r\n", 2);
	g_free(line);
	g_string_free(fields, TRUE);
	g_string_free(msgs, TRUE);
	return 0;
}

static int csv_commit(ocop_report *base)
{
	return ocop_tmpfile_commit(&((csv_report *)base)->f);
}

static void csv_free(ocop_report *base)
{
	csv_report *r = (csv_report *)base;
	ocop_tmpfile_abort(&r->f);
	g_free(r);
}

static const ocop_report_kind csv_kind = { csv_row, csv_commit, csv_free };

int ocop_report_csv_open(ocop_report **out, const char *path, char sep, const ocop_reader *rd)
{
	(void)rd;
	csv_report *r = g_new0(csv_report, 1);
	r->base.kind = &csv_kind;
	r->sep = sep;
	int err = ocop_tmpfile_open_as(&r->f, path, _("cannot write the report"));
	if (err < 0) {
		g_free(r);
		return err;
	}
	/* a BOM so that Excel reads the UTF-8; CRLF as Excel writes. The headings in the thread's language (in
	 * English line,field,message,name, as scripts have always read them) */
	const char *head[] = { C_("a column of the CSV report", "line"), C_("a column of the CSV report", "field"),
		               C_("a column of the CSV report", "message"), C_("a column of the CSV report", "name") };
	ocop_sink *s = &r->f.sink;
	ocop_sink_write(s, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < G_N_ELEMENTS(head); i++) {
		if (i)
			ocop_sink_write(s, &sep, 1);
		csv_field(s, head[i], sep);
	}
	ocop_sink_write(s, "\r\n", 2);
	*out = &r->base;
	return 0;
}
