/* ocoplabel — the HTTP API's endpoints: fields, templates, printers, check, label, batch, rows, report, print. */
#include "serve.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

const char *serve_format_name(ocop_format f);

/* request parameters that are options, not record fields */
static const char *const option_keys[] = {
	"template", "format", "dpi", "today", "printer_profile", "printer_codes", "printer", "timeout", "copies",
	"worksheet", "skip_hidden", "sheet", "first", "serialize", "serial_start", "serial_format", "file", "token", NULL,
};

static bool is_option(const char *k)
{
	for (const char *const *o = option_keys; *o; o++)
		if (strcmp(*o, k) == 0)
			return true;
	return false;
}

/* ---- replies ---- */

void serve_reply_header(serve_reply *r, const char *name, const char *value)
{
	if (!r->headers)
		r->headers = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(r->headers, g_strdup(name));
	g_ptr_array_add(r->headers, g_strdup(value));
}

void serve_reply_json(serve_reply *r, unsigned status, JsonBuilder *b)
{
	JsonGenerator *g = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	gsize len;
	r->body = json_generator_to_data(g, &len);
	r->len = len;
	r->status = status;
	r->type = "application/json; charset=utf-8";
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
}

void serve_reply_error(serve_reply *r, unsigned status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "error");
	json_builder_add_string_value(b, m);
	json_builder_end_object(b);
	g_free(m);
	serve_reply_json(r, status, b);
}

static void add_str(JsonBuilder *b, const char *k, const char *v)
{
	json_builder_set_member_name(b, k);
	json_builder_add_string_value(b, v ? v : "");
}

static void add_int(JsonBuilder *b, const char *k, long long v)
{
	json_builder_set_member_name(b, k);
	json_builder_add_int_value(b, v);
}

/* diagnostics of one severity as an array of {field, code, message} */
static void add_diags(JsonBuilder *b, const char *name, const ocop_diags *d, ocop_severity sev)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (size_t i = 0; d && i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != sev)
			continue;
		json_builder_begin_object(b);
		add_str(b, "field", x->field);
		add_str(b, "code", x->code);
		add_str(b, "message", x->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

/* ---- the record of a request ---- */

/* The record from the parameters that are not options; false with a 400 reply. */
static bool record_of(const serve_params *p, ocop_record **rec, serve_reply *out)
{
	if (ocop_record_new(rec) < 0) {
		serve_reply_error(out, 500, "%s", ocop_error_last());
		return false;
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, p->values);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (is_option(k) || !*(const char *)v)
			continue;
		if (ocop_record_set(*rec, k, v, -1) < 0) {
			/* a value the record cannot hold at all (not UTF-8, too long): the field's error */
			JsonBuilder *b = json_builder_new();
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "errors");
			json_builder_begin_array(b);
			json_builder_begin_object(b);
			add_str(b, "field", ocop_error_field());
			add_str(b, "code", ocop_error_code());
			add_str(b, "message", ocop_error_message());
			json_builder_end_object(b);
			json_builder_end_array(b);
			json_builder_end_object(b);
			serve_reply_json(out, 422, b);
			ocop_record_free(*rec);
			*rec = NULL;
			return false;
		}
	}
	return true;
}

/* The request's renderer (its template in *t, its format in *fmt when asked); NULL with the reply. */
static ocop_renderer *renderer_of(const serve_params *p, ocop_format fallback, const ocop_template **t,
                                  ocop_format *fmt, serve_reply *out)
{
	serve_render_spec s;
	char *error = NULL;
	if (!serve_render_spec_from(&s, p, fallback, &error)) {
		serve_reply_error(out, 400, "%s", error);
		g_free(error);
		return NULL;
	}
	if (fmt)
		*fmt = s.format;
	ocop_renderer *r = serve_renderer(&s, t);
	if (!r)
		serve_reply_error(out, ocop_error_code() && strcmp(ocop_error_code(), OCOP_CODE_NOT_FOUND) == 0 ? 400 : 500, "%s",
		                  ocop_error_last());
	return r;
}

/* ---- GET /api/fields ---- */

static const char *kind_name(ocop_field_kind k)
{
	switch (k) {
	case OCOP_FIELD_TEXT: return "text";
	case OCOP_FIELD_CODE: return "code";
	case OCOP_FIELD_DATE: return "date";
	case OCOP_FIELD_GS1: return "gs1";
	case OCOP_FIELD_NUMBER: return "number";
	case OCOP_FIELD_URL: return "url";
	case OCOP_FIELD_CHOICE: return "choice";
	}
	return "text";
}

static void add_field(JsonBuilder *b, const ocop_field *f)
{
	json_builder_begin_object(b);
	add_str(b, "name", f->name);
	add_str(b, "heading", f->heading);
	add_str(b, "label", f->label);
	add_str(b, "label_en", f->label_en);
	add_str(b, "what", f->description);
	json_builder_set_member_name(b, "required");
	json_builder_add_boolean_value(b, f->required);
	add_str(b, "kind", kind_name(f->kind));
	add_int(b, "max_length", f->max_length);
	json_builder_set_member_name(b, "choices");
	json_builder_begin_array(b);
	for (const char *const *c = f->choices; c && *c; c++)
		json_builder_add_string_value(b, *c);
	json_builder_end_array(b);
	json_builder_end_object(b);
}

/* "fields": the record fields, for forms; "columns": the product-file columns that are not (copies) */
static void api_fields(const serve_params *p, serve_reply *out)
{
	(void)p;
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	for (int column = 0; column <= 1; column++) {
		json_builder_set_member_name(b, column ? "columns" : "fields");
		json_builder_begin_array(b);
		for (size_t i = 0; i < ocop_field_count(); i++) {
			const ocop_field *f = ocop_field_get(i);
			if (!f->column_only == !column)
				add_field(b, f);
		}
		json_builder_end_array(b);
	}
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
}

/* ---- GET /api/templates ---- */

static char *base_name(const char *path)
{
	char *b = g_path_get_basename(path);
	if (g_str_has_suffix(b, ".ini"))
		b[strlen(b) - 4] = 0;
	return b;
}

static void api_templates(const serve_params *p, serve_reply *out)
{
	(void)p;
	char **paths = NULL, **sheets = NULL, **profiles = NULL;
	if (ocop_template_list(&paths) < 0 || ocop_sheet_list(&sheets) < 0 || ocop_printer_profile_list(&profiles) < 0) {
		serve_reply_error(out, 500, "%s", ocop_error_last());
		goto done;
	}
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "templates");
	json_builder_begin_array(b);
	for (char **t = paths; *t; t++) {
		ocop_template *tp;
		if (ocop_template_load(&tp, *t) < 0)
			continue;
		char *name = base_name(*t);
		json_builder_begin_object(b);
		add_str(b, "name", name);
		json_builder_set_member_name(b, "width_mm");
		json_builder_add_double_value(b, ocop_template_width_mm(tp));
		json_builder_set_member_name(b, "height_mm");
		json_builder_add_double_value(b, ocop_template_height_mm(tp));
		add_str(b, "description", ocop_template_description(tp));
		json_builder_end_object(b);
		g_free(name);
		ocop_template_free(tp);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "sheets");
	json_builder_begin_array(b);
	for (char **s = sheets; *s; s++) {
		ocop_sheet *sp;
		if (ocop_sheet_load(&sp, *s) < 0)
			continue;
		char *name = base_name(*s);
		json_builder_begin_object(b);
		add_str(b, "name", name);
		add_int(b, "labels", ocop_sheet_positions(sp));
		add_str(b, "description", ocop_sheet_description(sp));
		add_str(b, "template", ocop_sheet_template(sp));
		json_builder_end_object(b);
		g_free(name);
		ocop_sheet_free(sp);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "printer_profiles");
	json_builder_begin_array(b);
	for (char **s = profiles; *s; s++) {
		ocop_printer_profile pp;
		if (ocop_printer_profile_load(&pp, *s) < 0)
			continue;
		char *name = base_name(*s);
		json_builder_begin_object(b);
		add_str(b, "name", name);
		add_str(b, "language", pp.language == OCOP_PRINTER_ZPL ? "zpl" : "tspl");
		add_int(b, "dpi", pp.dpi);
		add_str(b, "description", pp.description);
		json_builder_end_object(b);
		g_free(name);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
done:
	ocop_strv_free(paths);
	ocop_strv_free(sheets);
	ocop_strv_free(profiles);
}

/* ---- GET /api/printers ---- */

static void api_printers(const serve_params *p, serve_reply *out)
{
	(void)p;
	ocop_printer_queue *q = NULL;
	size_t n = 0;
	int err = ocop_printers_list(&q, &n);
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "printers");
	json_builder_begin_array(b);
	for (size_t i = 0; err == 0 && i < n; i++) {
		json_builder_begin_object(b);
		add_str(b, "name", q[i].name);
		add_str(b, "state", q[i].state);
		json_builder_set_member_name(b, "accepting");
		json_builder_add_boolean_value(b, q[i].accepting);
		add_str(b, "uri", q[i].device_uri);
		add_str(b, "description", q[i].info);
		json_builder_set_member_name(b, "default");
		json_builder_add_boolean_value(b, q[i].is_default);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	if (err < 0)
		add_str(b, "error", ocop_error_last());
	json_builder_end_object(b);
	if (err == 0)
		ocop_printers_free(q, n);
	serve_reply_json(out, 200, b);
}

/* ---- POST /api/check and /api/label ---- */

static void api_check(const serve_params *p, serve_reply *out)
{
	ocop_record *rec = NULL;
	const ocop_template *t;
	ocop_renderer *r = renderer_of(p, OCOP_FORMAT_PDF, &t, NULL, out);
	if (!r || !record_of(p, &rec, out))
		return;
	ocop_diags *d = NULL;
	int err = ocop_renderer_check(&d, r, rec);
	if (err < 0 && err != OCOP_EREJECTED) {
		serve_reply_error(out, 500, "%s", ocop_error_last());
		ocop_record_free(rec);
		return;
	}
	char *url = NULL;
	if (err == 0)
		ocop_trace_url(&url, t, rec);
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, err == 0);
	add_diags(b, "errors", d, OCOP_SEVERITY_ERROR);
	add_diags(b, "warnings", d, OCOP_SEVERITY_WARNING);
	if (url)
		add_str(b, "url", url);
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
	free(url);
	ocop_diags_free(d);
	ocop_record_free(rec);
}

static const char *content_type(ocop_format f)
{
	switch (f) {
	case OCOP_FORMAT_PNG: return "image/png";
	case OCOP_FORMAT_SVG: return "image/svg+xml";
	case OCOP_FORMAT_TSPL: return "application/vnd.ocoplabel.tspl";
	case OCOP_FORMAT_ZPL: return "application/vnd.ocoplabel.zpl";
	default: return "application/pdf";
	}
}

/* The label of the request's record into *buf; false with the reply (422 for an invalid record). */
static bool label_bytes(const serve_params *p, unsigned char **buf, size_t *len, ocop_format *fmt, serve_reply *out)
{
	ocop_record *rec = NULL;
	const ocop_template *t;
	ocop_renderer *r = renderer_of(p, OCOP_FORMAT_PDF, &t, fmt, out);
	if (!r || !record_of(p, &rec, out))
		return false;
	ocop_diags *d = NULL;
	int err = ocop_renderer_check(&d, r, rec);
	if (err == OCOP_EREJECTED) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		add_diags(b, "errors", d, OCOP_SEVERITY_ERROR);
		add_diags(b, "warnings", d, OCOP_SEVERITY_WARNING);
		json_builder_end_object(b);
		serve_reply_json(out, 422, b);
	} else if (err < 0 || (err = ocop_renderer_render_mem(buf, len, r, rec)) < 0) {
		serve_reply_error(out, err == OCOP_EREJECTED ? 422 : 500, "%s", ocop_error_last());
	}
	ocop_diags_free(d);
	ocop_record_free(rec);
	return err == 0;
}

static void api_label(const serve_params *p, serve_reply *out)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	ocop_format fmt;
	if (!label_bytes(p, &buf, &len, &fmt, out))
		return;
	out->status = 200;
	out->type = content_type(fmt);
	out->body = g_memdup2(buf, len);
	out->len = len;
	free(buf);
	char *disp = g_strdup_printf("inline; filename=\"label.%s\"", serve_format_name(fmt));
	serve_reply_header(out, "Content-Disposition", disp);
	g_free(disp);
}

/* ---- product files: /api/batch, /api/rows, /api/report ---- */

/* rejected rows of the last runs, as JSON, by id */
#define REPORTS_KEPT 32
static GMutex reports_lock;
static struct {
	unsigned long id;
	gint64 at;
	char *json;
} reports[REPORTS_KEPT];
static unsigned long reports_next = 1;

static unsigned long report_keep(char *json)
{
	g_mutex_lock(&reports_lock);
	unsigned long id = reports_next++;
	int slot = (int)(id % REPORTS_KEPT);
	g_free(reports[slot].json);
	reports[slot].id = id;
	reports[slot].at = g_get_monotonic_time();
	reports[slot].json = json;
	g_mutex_unlock(&reports_lock);
	return id;
}

typedef struct batch_ctx {
	JsonBuilder *problems;
} batch_ctx;

static void on_rejected(void *data, const ocop_batch_row *row)
{
	batch_ctx *c = data;
	for (size_t i = 0; i < ocop_diags_count(row->diags); i++) {
		const ocop_diag *x = ocop_diags_get(row->diags, i);
		if (x->severity != OCOP_SEVERITY_ERROR)
			continue;
		json_builder_begin_object(c->problems);
		add_int(c->problems, "row", (long long)row->line);
		add_str(c->problems, "field", x->field);
		add_str(c->problems, "code", x->code);
		add_str(c->problems, "message", x->message);
		json_builder_end_object(c->problems);
	}
}

static bool flag(const serve_params *p, const char *k)
{
	const char *v = serve_param(p, k);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0);
}

static bool number(const serve_params *p, const char *k, long lo, long hi, long *out, serve_reply *reply)
{
	const char *v = serve_param(p, k);
	if (!v || !*v)
		return true;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < lo || n > hi) {
		serve_reply_error(reply, 400, "%s: '%s' is not a number from %ld to %ld", k, v, lo, hi);
		return false;
	}
	*out = n;
	return true;
}

static char *zip_folder(const char *folder, const char *path);

/* Runs the batch of the uploaded file into a temporary file; on success the reply's fd is the
 * document (or, with to_path, its path is returned and the reply is left for the caller). */
static bool run_batch(const serve_params *p, serve_reply *out, char **to_path, ocop_format *fmt_out,
                      ocop_batch_counts *counts, unsigned long *report_id)
{
	if (!p->file_path) {
		serve_reply_error(out, 400, "%s", "file: give the product file (CSV, XLSX or ODS) as the form's file field");
		return false;
	}
	const ocop_template *t;
	serve_render_spec s;
	char *error = NULL;
	if (!serve_render_spec_from(&s, p, OCOP_FORMAT_PDF, &error)) {
		serve_reply_error(out, 400, "%s", error);
		g_free(error);
		return false;
	}
	bool files = s.format == OCOP_FORMAT_PNG || s.format == OCOP_FORMAT_SVG; /* a folder, sent as a zip */
	ocop_sheet *sheet = NULL;
	const char *sheet_name = serve_param(p, "sheet");
	if (sheet_name && *sheet_name) {
		if (strchr(sheet_name, '/') || ocop_sheet_find(&sheet, sheet_name) < 0) {
			serve_reply_error(out, 400, "sheet: %s", strchr(sheet_name, '/') ? "give a sheet layout's name" :
			                  ocop_error_last());
			return false;
		}
		if (!serve_param(p, "template") || !*serve_param(p, "template"))
			s.template_name = ocop_sheet_template(sheet);
	}
	ocop_renderer *r = serve_renderer(&s, &t);
	if (!r) {
		serve_reply_error(out, 400, "%s", ocop_error_last());
		ocop_sheet_free(sheet);
		return false;
	}
	long first = 0, copies = 0, serial_start = 0;
	if (!number(p, "first", 1, 1000, &first, out) || !number(p, "copies", 1, OCOP_COPIES_MAX, &copies, out) ||
	    !number(p, "serial_start", 1, 2000000000L, &serial_start, out)) {
		ocop_sheet_free(sheet);
		return false;
	}
	ocop_batch_options bo = OCOP_BATCH_OPTIONS_INIT;
	bo.reader.worksheet = serve_param(p, "worksheet") && *serve_param(p, "worksheet") ? serve_param(p, "worksheet") : NULL;
	bo.reader.skip_hidden = flag(p, "skip_hidden");
	bo.reader.default_copies = copies;
	bo.document.format = s.format;
	bo.document.sheet = sheet;
	bo.document.first = (int)first;
	bo.document.serialize = flag(p, "serialize");
	bo.document.serial_start = (unsigned long long)serial_start;
	bo.document.serial_format = serve_param(p, "serial_format") && *serve_param(p, "serial_format") ?
	                            serve_param(p, "serial_format") : NULL;
	bo.document.title = p->file_name;
	bo.document.jobs = 1; /* the server's threads are the parallelism */
	batch_ctx c = { json_builder_new() };
	json_builder_begin_array(c.problems);
	bo.rejected = on_rejected;
	bo.payload = &c;
	char *path = g_strdup_printf("%s/doc-%p-%ld.%s", serve_tmpdir(), (void *)g_thread_self(), (long)g_get_real_time(),
	                             files ? "zip" : serve_format_name(s.format));
	char *folder = files ? g_strdup_printf("%s.d", path) : NULL;
	ocop_batch *b = NULL;
	int err = ocop_batch_new(&b, r, p->file_path, &bo);
	if (err == 0)
		err = ocop_batch_run(b, files ? folder : path);
	char *zip_error = files && err == 0 ? zip_folder(folder, path) : NULL;
	if (folder)
		serve_remove_folder(folder);
	g_free(folder);
	json_builder_end_array(c.problems);
	JsonNode *problems = json_builder_get_root(c.problems);
	g_object_unref(c.problems);
	bool ok = false;
	if (b)
		*counts = *ocop_batch_get_counts(b);
	if (zip_error) {
		serve_reply_error(out, 500, "%s", zip_error);
		g_free(zip_error);
	} else if (err < 0 && !(b && counts->written)) {
		unsigned status = err == OCOP_EPARSE || err == OCOP_ELIMIT || err == OCOP_EINVAL || err == OCOP_ENOENT ? 400 : 500;
		if (b && counts->valid == 0 && counts->rows > 0)
			status = 422;
		serve_reply_error(out, status, "%s", ocop_error_last());
	} else {
		/* the rejected rows, kept for /api/report/ID */
		JsonBuilder *rb = json_builder_new();
		json_builder_begin_object(rb);
		add_int(rb, "rows", (long long)counts->rows);
		add_int(rb, "valid", (long long)counts->valid);
		add_int(rb, "rejected", (long long)counts->rejected);
		json_builder_set_member_name(rb, "problems");
		json_builder_add_value(rb, json_node_copy(problems));
		json_builder_end_object(rb);
		JsonGenerator *g = json_generator_new();
		JsonNode *root = json_builder_get_root(rb);
		json_generator_set_root(g, root);
		*report_id = report_keep(json_generator_to_data(g, NULL));
		json_node_unref(root);
		g_object_unref(g);
		g_object_unref(rb);
		*fmt_out = s.format;
		*to_path = path;
		path = NULL;
		ok = true;
	}
	json_node_unref(problems);
	ocop_batch_free(b);
	ocop_sheet_free(sheet);
	if (path)
		unlink(path);
	g_free(path);
	return ok;
}

/* The files of folder (one level) into a new zip at path, in name order; NULL, or a message. */
static char *zip_folder(const char *folder, const char *path)
{
	int zerr = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
	if (!za)
		return g_strdup_printf("cannot make the zip of the labels (libzip error %d)", zerr);
	GDir *d = g_dir_open(folder, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while (d && (n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0);
	char *err = NULL;
	for (guint i = 0; i < names->len && !err; i++) {
		char *f = g_build_filename(folder, (char *)g_ptr_array_index(names, i), NULL);
		zip_source_t *src = zip_source_file(za, f, 0, -1);
		if (!src || zip_file_add(za, g_ptr_array_index(names, i), src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			err = g_strdup_printf("cannot add %s to the zip: %s", (char *)g_ptr_array_index(names, i),
			                      zip_strerror(za));
		}
		g_free(f);
	}
	g_ptr_array_free(names, TRUE);
	if (err) {
		zip_discard(za);
		unlink(path);
		return err;
	}
	if (zip_close(za) < 0) {
		err = g_strdup_printf("cannot write the zip: %s", zip_strerror(za));
		zip_discard(za);
		unlink(path);
	}
	return err;
}

static void count_headers(serve_reply *out, const ocop_batch_counts *c, unsigned long id)
{
	char v[64];
	g_snprintf(v, sizeof v, "%lu", c->rows);
	serve_reply_header(out, "X-Ocoplabel-Rows", v);
	g_snprintf(v, sizeof v, "%lu", c->valid);
	serve_reply_header(out, "X-Ocoplabel-Valid", v);
	g_snprintf(v, sizeof v, "%lu", c->rejected);
	serve_reply_header(out, "X-Ocoplabel-Rejected", v);
	g_snprintf(v, sizeof v, "%lu", c->labels);
	serve_reply_header(out, "X-Ocoplabel-Labels", v);
	g_snprintf(v, sizeof v, "/api/report/%lu", id);
	serve_reply_header(out, "X-Ocoplabel-Report", v);
}

static void api_batch(const serve_params *p, serve_reply *out)
{
	char *path = NULL;
	ocop_format fmt = OCOP_FORMAT_PDF;
	ocop_batch_counts c = { 0 };
	unsigned long id = 0;
	if (!run_batch(p, out, &path, &fmt, &c, &id))
		return;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unlink(path); /* the open descriptor keeps it until the reply is sent */
	g_free(path);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		serve_reply_error(out, 500, "cannot read the document back: %s", g_strerror(errno));
		return;
	}
	bool zipped = fmt == OCOP_FORMAT_PNG || fmt == OCOP_FORMAT_SVG;
	out->status = 200;
	out->type = zipped ? "application/zip" : content_type(fmt);
	out->fd = fd;
	out->fd_len = (unsigned long long)st.st_size;
	count_headers(out, &c, id);
	char *disp = g_strdup_printf("attachment; filename=\"labels.%s\"", zipped ? "zip" : serve_format_name(fmt));
	serve_reply_header(out, "Content-Disposition", disp);
	g_free(disp);
}

static void api_report(const serve_params *p, serve_reply *out)
{
	const char *ids = serve_param(p, "id");
	char *end;
	unsigned long id = ids ? strtoul(ids, &end, 10) : 0;
	char *json = NULL;
	g_mutex_lock(&reports_lock);
	int slot = (int)(id % REPORTS_KEPT);
	if (ids && !*end && id && reports[slot].id == id && reports[slot].json &&
	    g_get_monotonic_time() - reports[slot].at < 600 * G_USEC_PER_SEC)
		json = g_strdup(reports[slot].json);
	g_mutex_unlock(&reports_lock);
	if (!json) {
		serve_reply_error(out, 404, "no such report (reports are kept for the last %d runs, 10 minutes)", REPORTS_KEPT);
		return;
	}
	out->status = 200;
	out->type = "application/json; charset=utf-8";
	out->body = json;
	out->len = strlen(json);
}

#define ROWS_LISTED 2000

static void api_rows(const serve_params *p, serve_reply *out)
{
	if (!p->file_path) {
		serve_reply_error(out, 400, "%s", "file: give the product file (CSV, XLSX or ODS) as the form's file field");
		return;
	}
	const ocop_template *t;
	ocop_renderer *r = renderer_of(p, OCOP_FORMAT_PDF, &t, NULL, out);
	if (!r)
		return;
	ocop_reader_options o = OCOP_READER_OPTIONS_INIT;
	o.worksheet = serve_param(p, "worksheet") && *serve_param(p, "worksheet") ? serve_param(p, "worksheet") : NULL;
	o.skip_hidden = flag(p, "skip_hidden");
	ocop_reader *rd = NULL;
	if (ocop_reader_open(&rd, p->file_path, &o) < 0) {
		/* the reader names the uploaded temporary file: say the file's own name */
		const char *m = ocop_error_last();
		const char *tail = g_str_has_prefix(m, p->file_path) ? m + strlen(p->file_path) : m;
		serve_reply_error(out, 400, "%s%s", p->file_name ? p->file_name : "file", tail);
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
	unsigned long rows = 0, valid = 0, rejected = 0;
	int n;
	while ((n = ocop_reader_next(rec, rd)) != 0) {
		if (n < 0 && n != OCOP_EPARSE)
			break;
		rows++;
		ocop_diags *d = NULL;
		const ocop_diags *shown = ocop_reader_diags(rd);
		if (n == 1) {
			ocop_renderer_check(&d, r, rec);
			shown = d;
		}
		bool bad = ocop_diags_errors(shown) > 0;
		bad ? rejected++ : valid++;
		if (rows <= ROWS_LISTED) {
			json_builder_begin_object(b);
			add_int(b, "row", (long long)ocop_reader_line(rd));
			json_builder_set_member_name(b, "values");
			json_builder_begin_array(b);
			for (size_t i = 0; i < nc; i++)
				json_builder_add_string_value(b, ocop_reader_value(rd, i));
			json_builder_end_array(b);
			add_diags(b, "problems", shown, OCOP_SEVERITY_ERROR);
			add_diags(b, "warnings", shown, OCOP_SEVERITY_WARNING);
			json_builder_end_object(b);
		}
		ocop_diags_free(d);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "counts");
	json_builder_begin_object(b);
	add_int(b, "rows", (long long)rows);
	add_int(b, "valid", (long long)valid);
	add_int(b, "rejected", (long long)rejected);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "truncated");
	json_builder_add_boolean_value(b, rows > ROWS_LISTED);
	json_builder_end_object(b);
	ocop_record_free(rec);
	ocop_reader_free(rd);
	serve_reply_json(out, 200, b);
}

/* ---- POST /api/print ---- */

static void api_print(const serve_params *p, serve_reply *out)
{
	const char *dest = serve_param(p, "printer");
	if (!dest || !*dest) {
		serve_reply_error(out, 400, "%s", "printer: give a CUPS queue, socket://HOST[:PORT] or a device");
		return;
	}
	/* a printer takes its own language: the printer profile's (TSPL without one), whatever the page's
	 * download format is */
	const char *prof = serve_param(p, "printer_profile");
	ocop_printer_profile pp;
	const char *lang = "tspl";
	if (prof && *prof && !strchr(prof, '/') && ocop_printer_profile_find(&pp, prof) == 0)
		lang = pp.language == OCOP_PRINTER_ZPL ? "zpl" : "tspl";
	g_hash_table_replace(p->values, g_strdup("format"), g_strdup(lang));
	ocop_send_options so = { .version = OCOP_SEND_OPTIONS_VERSION, .timeout = 10, .title = "ocoplabel" };
	const char *to = serve_param(p, "timeout");
	if (to && *to)
		so.timeout = g_ascii_strtod(to, NULL);
	JsonBuilder *b;
	long labels = 1;
	int err;
	unsigned long long sent;
	const char *f = serve_param(p, "format");
	if (strcmp(f, "tspl") != 0 && strcmp(f, "zpl") != 0) {
		serve_reply_error(out, 400, "format: printers take tspl or zpl jobs; print a PDF from the browser");
		return;
	}
	if (p->file_path) {
		char *path = NULL;
		ocop_format fmt;
		ocop_batch_counts c = { 0 };
		unsigned long id = 0;
		if (!run_batch(p, out, &path, &fmt, &c, &id))
			return;
		struct stat st;
		sent = stat(path, &st) == 0 ? (unsigned long long)st.st_size : 0;
		err = ocop_send_file(dest, path, &so);
		unlink(path);
		g_free(path);
		labels = (long)c.labels;
		count_headers(out, &c, id);
	} else {
		unsigned char *buf = NULL;
		size_t len = 0;
		ocop_format fmt;
		if (!label_bytes(p, &buf, &len, &fmt, out))
			return;
		if (fmt != OCOP_FORMAT_TSPL && fmt != OCOP_FORMAT_ZPL) {
			free(buf);
			serve_reply_error(out, 400, "format: printers take tspl or zpl jobs; print a PDF from the browser");
			return;
		}
		sent = len;
		err = ocop_send_mem(dest, buf, len, &so);
		free(buf);
	}
	if (err < 0) {
		serve_reply_error(out, 502, "%s", ocop_error_last());
		return;
	}
	b = json_builder_new();
	json_builder_begin_object(b);
	add_int(b, "sent", (long long)sent);
	add_str(b, "printer", dest);
	add_int(b, "labels", labels);
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
}

/* ---- the routes ---- */

static const struct {
	const char *method, *path;
	serve_handler h;
} routes[] = {
	{ "GET", "/api/fields", api_fields },     { "GET", "/api/templates", api_templates },
	{ "GET", "/api/printers", api_printers }, { "POST", "/api/check", api_check },
	{ "POST", "/api/label", api_label },      { "POST", "/api/batch", api_batch },
	{ "POST", "/api/rows", api_rows },        { "POST", "/api/print", api_print },
	{ "GET", "/api/report/", api_report },
};

serve_handler serve_api_route(const char *method, const char *path, bool *method_ok)
{
	*method_ok = false;
	for (size_t i = 0; i < G_N_ELEMENTS(routes); i++) {
		bool prefix = g_str_has_suffix(routes[i].path, "/");
		if (prefix ? g_str_has_prefix(path, routes[i].path) && path[strlen(routes[i].path)] &&
		                 strspn(path + strlen(routes[i].path), "0123456789") == strlen(path + strlen(routes[i].path))
		           : strcmp(path, routes[i].path) == 0) {
			if (strcmp(method, routes[i].method) == 0) {
				*method_ok = true;
				return routes[i].h;
			}
			return routes[i].h; /* the path exists: 405 */
		}
	}
	return NULL;
}
