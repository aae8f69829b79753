/* ocoplabel — a product file read for the clerk: /api/rows (its table and its problems in row order, identical warnings grouped) and /api/rejected (the rejected rows as a workbook). */
#include "api.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* POST /api/rejected: the rejected rows of a product file as a workbook (its rows under the file's headings, the
 * bad cells marked with their messages), as `ocoplabel batch --report FILE.xlsx` writes it; every row checked as
 * /api/batch would, nothing drawn */
void serve_api_rejected(const serve_params *p, serve_reply *out)
{
	if (!p->file_path) {
		serve_reply_error(out, 400, "file: give the product file (CSV, XLSX or ODS) as the form's file field");
		return;
	}
	serve_render_spec s;
	char *error = NULL;
	if (!serve_render_spec_from(&s, p, OCOP_FORMAT_PDF, &error)) {
		serve_reply_error(out, 400, "%s", error);
		g_free(error);
		return;
	}
	const char *sheet_name = serve_param(p, "sheet");
	ocop_sheet *sheet = NULL;
	if (sheet_name && *sheet_name) {
		if (strchr(sheet_name, '/') || ocop_sheet_find(&sheet, sheet_name) < 0) {
			serve_reply_error(out, 400, "sheet: %s", strchr(sheet_name, '/') ? _("give a sheet layout's name") :
			                  ocop_error_last());
			return;
		}
		if (!serve_param(p, "template") || !*serve_param(p, "template"))
			s.template_name = ocop_sheet_template(sheet);
	}
	const ocop_template *t;
	ocop_renderer *r = NULL;
	int err = serve_renderer(&r, &s, &t);
	if (err < 0) {
		serve_reply_failure(out, err, p);
		ocop_sheet_free(sheet);
		return;
	}
	ocop_batch_options bo = OCOP_BATCH_OPTIONS_INIT;
	bo.reader.worksheet = serve_param(p, "worksheet") && *serve_param(p, "worksheet") ? serve_param(p, "worksheet") : NULL;
	bo.reader.skip_hidden = serve_flag(p, "skip_hidden");
	bo.reader.name = p->file_name;
	bo.max_labels = serve_get_config()->max_labels;
	bo.cancelled = serve_cancelled;
	bo.document.sheet = sheet;
	bo.document.jobs = 1;
	/* NOTR: a temporary file's name */
	char *path = g_strdup_printf("%s/rejected-%p-%ld.xlsx", serve_tmpdir(), (void *)g_thread_self(),
	                             (long)g_get_real_time());
	bo.report = path;
	ocop_batch *b = NULL;
	err = ocop_batch_new(&b, r, p->file_path, &bo);
	if (err == 0)
		err = ocop_batch_check(b);
	int fd = -1;
	struct stat st;
	if (err < 0) {
		serve_reply_failure(out, err, p);
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		serve_reply_error(out, 500, "cannot read the workbook back: %s", g_strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	} else {
		out->status = 200;
		/* NOTR: a MIME type */
		out->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		out->fd = fd;
		out->fd_len = (unsigned long long)st.st_size;
		serve_count_headers(out, ocop_batch_get_counts(b), 0);
		char *stem = serve_upload_stem(p);
		/* NOTR: an HTTP header's value */
		char *disp = g_strdup_printf("attachment; filename=\"%s-rejected.xlsx\"", stem);
		/* NOTR: an HTTP header */
		serve_reply_header(out, "Content-Disposition", disp);
		g_free(disp);
		free(stem);
	}
	unlink(path); /* an open descriptor keeps it until the reply is sent */
	g_free(path);
	ocop_batch_free(b);
	ocop_sheet_free(sheet);
}

/* "problems": [{"row", "severity", "field", "code", "message", "repeats", "last_row"}, ...] in row order (a
 * warning of several rows once, with the number of the others and the last of them), "more_problems" */
void serve_json_problems(JsonBuilder *b, ocop_problems *list)
{
	json_builder_set_member_name(b, "problems");
	json_builder_begin_array(b);
	size_t n = list ? ocop_problems_count(list) : 0;
	for (size_t i = 0; i < n; i++) {
		const ocop_problem *x = ocop_problems_get(list, i);
		json_builder_begin_object(b);
		serve_json_int(b, "row", (long long)x->line);
		/* NOTR: JSON values */
		serve_json_str(b, "severity", x->severity == OCOP_SEVERITY_ERROR ? "error" : "warning");
		serve_json_str(b, "field", x->field);
		serve_json_str(b, "code", x->code);
		serve_json_str(b, "message", x->message);
		if (x->repeats) {
			serve_json_int(b, "repeats", (long long)x->repeats);
			serve_json_int(b, "last_row", (long long)x->last_line);
		}
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	serve_json_int(b, "more_problems", list ? (long long)ocop_problems_dropped(list) : 0);
}

#define ROWS_LISTED 2000
#define TABLE_BYTES (8 << 20) /* the text of the rows listed; the rest are counted */

/* a cell as the table shows it: at most serve_limit.cell_chars characters, then "…" */
static char *cell(const char *v)
{
	char *valid = g_utf8_make_valid(v ? v : "", -1); /* a CSV cell is shown as read, bad bytes and all */
	if (g_utf8_strlen(valid, -1) <= serve_limit.cell_chars)
		return valid;
	char *end = g_utf8_offset_to_pointer(valid, (glong)serve_limit.cell_chars);
	*end = '\0';
	char *shown = g_strconcat(valid, "…", NULL);
	g_free(valid);
	return shown;
}

void serve_api_rows(const serve_params *p, serve_reply *out)
{
	if (!p->file_path) {
		serve_reply_error(out, 400, "file: give the product file (CSV, XLSX or ODS) as the form's file field");
		return;
	}
	const ocop_template *t;
	ocop_renderer *r = serve_renderer_of(p, OCOP_FORMAT_PDF, &t, NULL, out);
	if (!r)
		return;
	ocop_reader_options o = OCOP_READER_OPTIONS_INIT;
	o.worksheet = serve_param(p, "worksheet") && *serve_param(p, "worksheet") ? serve_param(p, "worksheet") : NULL;
	o.skip_hidden = serve_flag(p, "skip_hidden");
	o.name = p->file_name; /* messages name the clerk's file, not the server's copy */
	ocop_reader *rd = NULL;
	int err = ocop_reader_open(&rd, p->file_path, &o);
	if (err < 0) {
		serve_reply_failure(out, err, p);
		return;
	}
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	size_t nc = ocop_reader_columns(rd);
	json_builder_set_member_name(b, "header");
	json_builder_begin_array(b);
	for (size_t i = 0; i < nc; i++)
		json_builder_add_string_value(b, ocop_reader_heading(rd, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "fields");
	json_builder_begin_array(b);
	for (size_t i = 0; i < nc; i++)
		json_builder_add_string_value(b, ocop_reader_column_field(rd, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "rows");
	json_builder_begin_array(b);
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	/* the problems for people, as the command line lists them: row order, a warning several rows share kept once
	 * with their count (ocop_problems, batch.h) */
	ocop_problems *list = ocop_problems_new((size_t)serve_limit.problems, 1);
	unsigned long rows = 0, valid = 0, rejected = 0;
	size_t shown_bytes = 0; /* the table's text so far: rows past TABLE_BYTES are counted, not listed */
	bool cut = false;
	/* read no further than a request may print: a 1 KB .ods repeating a row a million times would
	 * hold a worker for minutes (a row of long cells takes a millisecond) */
	unsigned long max_rows = serve_get_config()->max_labels;
	bool too_many = false;
	int n;
	while ((n = ocop_reader_next(rec, rd)) != 0) {
		if (n < 0 && n != OCOP_EPARSE)
			break; /* the file breaks off: its error is the answer (below) */
		if (serve_cancelled(NULL)) {
			n = OCOP_ECANCELED;
			break;
		}
		if (rows >= max_rows) {
			too_many = true;
			break;
		}
		rows++;
		ocop_diags *d = NULL;
		const ocop_diags *shown = ocop_reader_diags(rd);
		if (n == 1) {
			ocop_renderer_check(&d, r, rec);
			shown = d;
		}
		if (list)
			ocop_problems_add(list, ocop_reader_line(rd), shown);
		bool bad = ocop_diags_errors(shown) > 0;
		bad ? rejected++ : valid++;
		cut = cut || rows > ROWS_LISTED || shown_bytes > TABLE_BYTES;
		if (!cut) {
			json_builder_begin_object(b);
			serve_json_int(b, "row", (long long)ocop_reader_line(rd));
			json_builder_set_member_name(b, "values");
			json_builder_begin_array(b);
			for (size_t i = 0; i < nc; i++) {
				char *v = cell(ocop_reader_value(rd, i));
				shown_bytes += strlen(v);
				json_builder_add_string_value(b, v);
				g_free(v);
			}
			json_builder_end_array(b);
			serve_json_diags(b, "problems", shown, OCOP_SEVERITY_ERROR);
			serve_json_diags(b, "warnings", shown, OCOP_SEVERITY_WARNING);
			json_builder_end_object(b);
		}
		ocop_diags_free(d);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "counts");
	json_builder_begin_object(b);
	serve_json_int(b, "rows", (long long)rows);
	serve_json_int(b, "valid", (long long)valid);
	serve_json_int(b, "rejected", (long long)rejected);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "truncated");
	json_builder_add_boolean_value(b, cut);
	serve_json_problems(b, list);
	json_builder_end_object(b);
	ocop_problems_free(list);
	ocop_record_free(rec);
	ocop_reader_free(rd);
	if (n == OCOP_ECANCELED) {
		g_object_unref(b);
		serve_reply_error(out, 503, "stopped: the server is stopping");
		return;
	}
	if (too_many) {
		g_object_unref(b);
		char n[32];
		ocop_format_count(n, sizeof n, max_rows);
		serve_reply_error(out, 413, "%s: the file has more than %s rows; one request makes at most %s labels (the "
		                  "server's --max-labels)", p->file_name ? p->file_name : "file", n, n);
		return;
	}
	if (n < 0 && n != OCOP_EPARSE) {
		/* a sheet that breaks half-way is not a table with the rows it had: the file's error */
		g_object_unref(b);
		serve_reply_failure(out, n, p);
		return;
	}
	serve_reply_json(out, 200, b);
}
