/* ocoplabel — the HTTP API: its routes, the status of each library error, replies in JSON, and the endpoints that describe (fields, templates, printers). */
#include "api.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* request parameters that are options, not record fields */
static const char *const option_keys[] = {
	"template", "format", "dpi", "today", "printer_profile", "printer_codes", "printer", "timeout", "copies",
	"worksheet", "skip_hidden", "sheet", "first", "serialize", "serial_start", "serial_format",
	"serial_prefix", "serial_digits", "file", "token",
	"lang", NULL,
};

bool serve_is_option(const char *k)
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
	/* NOTR: a MIME type */
	r->type = "application/json; charset=utf-8";
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
}

void serve_reply_error(serve_reply *r, unsigned status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = g_strdup_vprintf(_(fmt), ap); /* in the request's language */
	va_end(ap);
	/* a 500 is the server's own fault: the operator reads it in the log */
	if (status == 500)
		/* NOTR: a line of the server's log */
		fprintf(stderr, "ocoplabel serve: 500: %s\n", m);
	/* a value of the request quoted in the message need not be UTF-8 (a form's %FF); JSON is: such bytes
	 * become U+FFFD, as in the library's messages */
	char *u = g_utf8_make_valid(m, -1);
	g_free(m);
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "error");
	json_builder_add_string_value(b, u);
	json_builder_end_object(b);
	g_free(u);
	serve_reply_json(r, status, b);
}

void serve_json_str(JsonBuilder *b, const char *k, const char *v)
{
	json_builder_set_member_name(b, k);
	json_builder_add_string_value(b, v ? v : "");
}

void serve_json_int(JsonBuilder *b, const char *k, long long v)
{
	json_builder_set_member_name(b, k);
	json_builder_add_int_value(b, v);
}

/* diagnostics of one severity as an array of {field, code, message} */
void serve_json_diags(JsonBuilder *b, const char *name, const ocop_diags *d, ocop_severity sev)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (size_t i = 0; d && i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != sev)
			continue;
		json_builder_begin_object(b);
		serve_json_str(b, "field", x->field);
		serve_json_str(b, "code", x->code);
		serve_json_str(b, "message", x->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

void serve_json_diag_members(JsonBuilder *b, const ocop_diags *d)
{
	serve_json_diags(b, "errors", d, OCOP_SEVERITY_ERROR);
	serve_json_diags(b, "warnings", d, OCOP_SEVERITY_WARNING);
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
	serve_json_str(b, "name", f->name);
	serve_json_str(b, "heading", f->heading);
	serve_json_str(b, "label", f->label);
	serve_json_str(b, "label_en", f->label_en);
	serve_json_str(b, "what", _(f->description)); /* in the request's language */
	json_builder_set_member_name(b, "required");
	json_builder_add_boolean_value(b, f->required);
	serve_json_str(b, "kind", kind_name(f->kind));
	serve_json_int(b, "max_length", f->max_length);
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
		serve_json_str(b, "name", name);
		json_builder_set_member_name(b, "width_mm");
		json_builder_add_double_value(b, ocop_template_width_mm(tp));
		json_builder_set_member_name(b, "height_mm");
		json_builder_add_double_value(b, ocop_template_height_mm(tp));
		serve_json_str(b, "description", ocop_template_description(tp));
		/* a thermal template's printer: its jobs' profile and the grid its preview is drawn at */
		ocop_printer_profile pp;
		const char *own = ocop_template_printer(tp);
		if (own && ocop_printer_profile_find(&pp, own) == 0) {
			serve_json_str(b, "printer", own);
			serve_json_str(b, "language", pp.language == OCOP_PRINTER_ZPL ? "zpl" : "tspl");
			serve_json_int(b, "dpi", pp.dpi ? pp.dpi : 203);
		}
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
		serve_json_str(b, "name", name);
		serve_json_int(b, "labels", ocop_sheet_positions(sp));
		serve_json_str(b, "description", ocop_sheet_description(sp));
		serve_json_str(b, "template", ocop_sheet_template(sp));
		/* a template fits the sheet when it is no larger than its labels (the page says so before a run) */
		json_builder_set_member_name(b, "label_width_mm");
		json_builder_add_double_value(b, ocop_sheet_label_width_mm(sp));
		json_builder_set_member_name(b, "label_height_mm");
		json_builder_add_double_value(b, ocop_sheet_label_height_mm(sp));
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
		serve_json_str(b, "name", name);
		serve_json_str(b, "language", pp.language == OCOP_PRINTER_ZPL ? "zpl" : "tspl");
		serve_json_int(b, "dpi", pp.dpi);
		serve_json_str(b, "description", pp.description);
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
		serve_json_str(b, "name", q[i].name);
		serve_json_str(b, "state", q[i].state);
		json_builder_set_member_name(b, "accepting");
		json_builder_add_boolean_value(b, q[i].accepting);
		serve_json_str(b, "uri", q[i].device_uri);
		serve_json_str(b, "description", q[i].info);
		json_builder_set_member_name(b, "default");
		json_builder_add_boolean_value(b, q[i].is_default);
		json_builder_end_object(b);
	}
	/* the printers the operator allows besides the queues (serve --printer) */
	const serve_config *cfg = serve_get_config();
	for (size_t i = 0; i < cfg->n_printers; i++) {
		json_builder_begin_object(b);
		serve_json_str(b, "name", cfg->printers[i]);
		serve_json_str(b, "state", "");
		json_builder_set_member_name(b, "accepting");
		json_builder_add_boolean_value(b, TRUE);
		serve_json_str(b, "uri", cfg->printers[i]);
		serve_json_str(b, "description",
		               g_str_has_prefix(cfg->printers[i], "socket://") ? _("network label printer") : _("printer device"));
		json_builder_set_member_name(b, "default");
		json_builder_add_boolean_value(b, FALSE);
		json_builder_set_member_name(b, "configured");
		json_builder_add_boolean_value(b, TRUE);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	if (err < 0)
		serve_json_str(b, "error", ocop_error_last());
	json_builder_end_object(b);
	if (err == 0)
		ocop_printers_free(q, n);
	serve_reply_json(out, 200, b);
}

/* ---- the routes ---- */

/* slow: a product file or a printer, answered by a worker while the connection is suspended (work.c) */
static const struct {
	const char *method, *path;
	serve_handler h;
	bool slow;
} routes[] = {
	{ "GET", "/api/fields", api_fields, false },       { "GET", "/api/templates", api_templates, false },
	{ "GET", "/api/printers", api_printers, false },   { "POST", "/api/check", serve_api_check, false },
	{ "POST", "/api/label", serve_api_label, false },  { "POST", "/api/batch", serve_api_batch, true },
	{ "POST", "/api/rows", serve_api_rows, true },     { "POST", "/api/print", serve_api_print, true },
	{ "POST", "/api/rejected", serve_api_rejected, true }, { "GET", "/api/report/", serve_api_report, false },
	{ "POST", "/api/template/auto", serve_api_template_auto, true },
	{ "POST", "/api/template/check", serve_api_template_check, false },
	{ "POST", "/api/template/preview", serve_api_template_preview, false },
	{ "POST", "/api/template/save", serve_api_template_save, false },
};

serve_handler serve_api_route(const char *method, const char *path, bool *method_ok, bool *slow)
{
	*method_ok = false;
	*slow = false;
	for (size_t i = 0; i < G_N_ELEMENTS(routes); i++) {
		bool prefix = g_str_has_suffix(routes[i].path, "/");
		if (prefix ? g_str_has_prefix(path, routes[i].path) && path[strlen(routes[i].path)] &&
		                 strspn(path + strlen(routes[i].path), "0123456789") == strlen(path + strlen(routes[i].path))
		           : strcmp(path, routes[i].path) == 0) {
			*slow = routes[i].slow;
			if (strcmp(method, routes[i].method) == 0) {
				*method_ok = true;
				return routes[i].h;
			}
			return routes[i].h; /* the path exists: 405 */
		}
	}
	return NULL;
}

/* ---- statuses ---- */

/* What each library error means for the client: its own mistake (4xx) or the server's fault (5xx). A
 * printer's failures are the gateway's (api_print.c). */
static const struct {
	int err;
	unsigned status;
} statuses[] = {
	{ OCOP_EINVAL, 400 },     /* a parameter out of range, an unknown name */
	{ OCOP_EPARSE, 400 },     /* a product file, workbook or template that cannot be read */
	{ OCOP_EUTF8, 400 },      /* text that is not UTF-8 */
	{ OCOP_ENOENT, 400 },     /* a template, sheet or profile the request names that is not there */
	{ OCOP_EREJECTED, 422 },  /* a record or row that breaks a rule */
	{ OCOP_EENCODE, 422 },    /* a code that cannot be made for the record in its box */
	{ OCOP_ELIMIT, 413 },     /* over a limit (ocoplabel limits) */
	{ OCOP_ECANCELED, 503 },  /* the server is stopping (a client that has gone gets no answer) */
	{ OCOP_ETIMEOUT, 504 },
	{ OCOP_ENOMEM, 503 },
	{ OCOP_EIO, 500 },        /* the server's own disk */
	{ OCOP_EFONT, 500 },
	{ OCOP_ERENDER, 500 },
};

unsigned serve_status_of(int err)
{
	for (size_t i = 0; i < G_N_ELEMENTS(statuses); i++)
		if (statuses[i].err == err)
			return statuses[i].status;
	return 500;
}

void serve_reply_failure(serve_reply *r, int err, const serve_params *p)
{
	unsigned status = serve_status_of(err);
	/* a workbook whose XML breaks (or is refused) while its rows are read: the reader stops with OCOP_EIO,
	 * since reading cannot go on, and the workbook's code; the upload's fault, not the server's disk */
	if (err == OCOP_EIO && g_strcmp0(ocop_error_code(), OCOP_CODE_WORKBOOK) == 0)
		status = 400;
	const char *m = ocop_error_last();
	/* never the server's own paths: the upload by the clerk's name for it, the temporary folder left out */
	GString *s = g_string_new(m);
	if (p && p->file_path && p->file_name)
		g_string_replace(s, p->file_path, p->file_name, 0);
	if (serve_tmpdir())
		g_string_replace(s, serve_tmpdir(), "…", 0);
	serve_reply_error(r, status, "%s", s->str);
	g_string_free(s, TRUE);
}
