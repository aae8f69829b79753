/* ocoplabel — a product file's labels: /api/batch (a PDF or printer job, a zip of PNG or SVG files), the run shared with /api/print, and /api/report (the rejected rows of a recent run). */
#include "api.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* ---- product files: /api/batch, /api/rows, /api/report ---- */

/* rejected rows of the last runs, as JSON, by id; their messages in the language of the run's request */
#define REPORTS_KEPT 32
static GMutex reports_lock;
static struct {
	unsigned long id;
	gint64 at;
	char *json;
	const char *lang;          /* "vi" or "en" (static) */
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
	reports[slot].lang = ocop_language(); /* the run's request's, which its messages are in */
	g_mutex_unlock(&reports_lock);
	return id;
}

typedef struct batch_ctx {
	JsonBuilder *problems;
	unsigned long listed, more;  /* problems listed; those left out past serve_limit.problems */
} batch_ctx;

static void on_rejected(void *data, const ocop_batch_row *row)
{
	batch_ctx *c = data;
	for (size_t i = 0; i < ocop_diags_count(row->diags); i++) {
		const ocop_diag *x = ocop_diags_get(row->diags, i);
		if (x->severity != OCOP_SEVERITY_ERROR)
			continue;
		if (c->listed >= (unsigned long)serve_limit.problems) {
			c->more++;
			continue;
		}
		c->listed++;
		json_builder_begin_object(c->problems);
		serve_json_int(c->problems, "row", (long long)row->line);
		serve_json_str(c->problems, "field", x->field);
		serve_json_str(c->problems, "code", x->code);
		serve_json_str(c->problems, "message", x->message);
		json_builder_end_object(c->problems);
	}
}

bool serve_flag(const serve_params *p, const char *k)
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

/* The serials' pattern for the library: serial_prefix and serial_digits (the page's two inputs: HTX and
 * 6 make "HTX%06d", a '%' of the prefix kept as text), or serial_format as given; *format NULL for the
 * default. The first serial (start) is made to see that the prefix suits. false: the reply says why. */
static bool serial_pattern(const serve_params *p, long start, char **format, serve_reply *out)
{
	const char *prefix = serve_param(p, "serial_prefix"), *given = serve_param(p, "serial_format");
	const char *digits_text = serve_param(p, "serial_digits");
	*format = NULL;
	if ((!prefix || !*prefix) && (!digits_text || !*digits_text)) {
		*format = given && *given ? g_strdup(given) : NULL;
		return true;
	}
	if (given && *given) {
		serve_reply_error(out, 400, "serial_format: give either serial_format or serial_prefix and serial_digits");
		return false;
	}
	long digits = 0;
	if (!number(p, "serial_digits", 0, 20, &digits, out))
		return false;
	prefix = prefix ? prefix : "";
	long chars = (long)g_utf8_strlen(prefix, -1);
	if (chars + digits > 20) {
		serve_reply_error(out, 400, "serial_prefix: '%s' and %ld digits make %ld characters; a serial has at most 20",
		                  prefix, digits, chars + digits);
		return false;
	}
	GString *f = g_string_new(NULL);
	for (const char *c = prefix; *c; c++)
		g_string_append(f, *c == '%' ? "%%" : (char[]){ *c, 0 });
	if (digits)
		g_string_append_printf(f, "%%0%ldd", digits);
	else
		g_string_append(f, "%d");
	char first[64];
	if (ocop_serial_format(first, sizeof first, f->str, start > 0 ? (unsigned long long)start : 1) < 0) {
		serve_reply_error(out, 400, "serial_prefix: %s", ocop_error_last());
		g_string_free(f, TRUE);
		return false;
	}
	*format = g_string_free(f, FALSE);
	return true;
}

/* Runs the batch of the uploaded file into a temporary file; on success the reply's fd is the
 * document (or, with to_path, its path is returned and the reply is left for the caller). */
bool serve_run_batch(const serve_params *p, serve_reply *out, char **to_path, ocop_format *fmt_out,
                      ocop_batch_counts *counts, unsigned long *report_id)
{
	if (!p->file_path) {
		serve_reply_error(out, 400, "file: give the product file (CSV, XLSX or ODS) as the form's file field");
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
			serve_reply_error(out, 400, "sheet: %s", strchr(sheet_name, '/') ? _("give a sheet layout's name") :
			                  ocop_error_last());
			return false;
		}
		if (!serve_param(p, "template") || !*serve_param(p, "template"))
			s.template_name = ocop_sheet_template(sheet);
	}
	ocop_renderer *r = NULL;
	int rerr = serve_renderer(&r, &s, &t);
	if (rerr < 0) {
		serve_reply_failure(out, rerr, p);
		ocop_sheet_free(sheet);
		return false;
	}
	long first = 0, copies = 0, serial_start = 0;
	if (!number(p, "first", 1, 1000, &first, out) || !number(p, "copies", 1, OCOP_COPIES_MAX, &copies, out) ||
	    !number(p, "serial_start", 1, 2000000000L, &serial_start, out)) {
		ocop_sheet_free(sheet);
		return false;
	}
	char *serial_format = NULL;
	if (!serial_pattern(p, serial_start, &serial_format, out)) {
		ocop_sheet_free(sheet);
		return false;
	}
	ocop_batch_options bo = OCOP_BATCH_OPTIONS_INIT;
	bo.reader.worksheet = serve_param(p, "worksheet") && *serve_param(p, "worksheet") ? serve_param(p, "worksheet") : NULL;
	bo.reader.skip_hidden = serve_flag(p, "skip_hidden");
	bo.reader.default_copies = copies;
	bo.reader.name = p->file_name; /* messages name the clerk's file, not the server's copy */
	bo.max_labels = serve_get_config()->max_labels;
	bo.cancelled = serve_cancelled;
	bo.document.format = s.format;
	bo.document.max_bytes = (unsigned long long)serve_limit.output;
	bo.document.sheet = sheet;
	bo.document.first = (int)first;
	bo.document.serialize = serve_flag(p, "serialize");
	bo.document.serial_start = (unsigned long long)serial_start;
	bo.document.serial_format = serial_format;
	bo.document.title = p->file_name;
	bo.document.jobs = 1; /* the server's threads are the parallelism */
	/* with --registry, a serialised batch without a first number continues each product's serials, and every
	 * run is on record with the clerk's name the page sends */
	bo.registry = serve_registry();
	bo.clerk = serve_param(p, "clerk") && *serve_param(p, "clerk") ? serve_param(p, "clerk") : NULL;
	long long run_id = 0;
	bo.run_id = &run_id;
	batch_ctx c = { json_builder_new(), 0, 0 };
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
	/* the rejected rows, for the answer and for /api/report/ID */
	JsonBuilder *rb = json_builder_new();
	json_builder_begin_object(rb);
	serve_json_int(rb, "rows", (long long)counts->rows);
	serve_json_int(rb, "valid", (long long)counts->valid);
	serve_json_int(rb, "rejected", (long long)counts->rejected);
	serve_json_int(rb, "more_problems", (long long)c.more);
	json_builder_set_member_name(rb, "problems");
	json_builder_add_value(rb, json_node_copy(problems));
	if (zip_error) {
		json_builder_end_object(rb);
		g_object_unref(rb);
		serve_reply_error(out, 500, "%s", zip_error);
		g_free(zip_error);
	} else if (err < 0) {
		json_builder_end_object(rb);
		g_object_unref(rb);
		serve_reply_failure(out, err, p);
	} else if (!counts->written) {
		/* no label to make: every row rejected (or none): 422 with the rows' problems */
		serve_json_str(rb, "error", counts->rows ? _("no row of the file can be printed: see the problems") :
		                                       _("the file has no product rows"));
		json_builder_end_object(rb);
		serve_reply_json(out, 422, rb);
	} else {
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
		serve_capture_run(run_id); /* with --capture: its events to the EPCIS repository */
	}
	json_node_unref(problems);
	ocop_batch_free(b);
	ocop_sheet_free(sheet);
	g_free(serial_format);
	if (path)
		unlink(path);
	g_free(path);
	return ok;
}

/* g_ptr_array_sort's function gets pointers to the array's elements, not the strings */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of folder (one level) into a new zip at path, in name order (the labels' {n}: row order);
   NULL, or a message. */
static char *zip_folder(const char *folder, const char *path)
{
	int zerr = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
	if (!za)
		return g_strdup_printf(_("cannot make the zip of the labels (libzip error %d)"), zerr);
	GDir *d = g_dir_open(folder, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while (d && (n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	char *err = NULL;
	for (guint i = 0; i < names->len && !err; i++) {
		char *f = g_build_filename(folder, (char *)g_ptr_array_index(names, i), NULL);
		zip_source_t *src = zip_source_file(za, f, 0, -1);
		if (!src || zip_file_add(za, g_ptr_array_index(names, i), src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			err = g_strdup_printf(_("cannot add %s to the zip: %s"), (char *)g_ptr_array_index(names, i),
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
		err = g_strdup_printf(_("cannot write the zip: %s"), zip_strerror(za));
		zip_discard(za);
		unlink(path);
	}
	return err;
}

void serve_count_headers(serve_reply *out, const ocop_batch_counts *c, unsigned long id)
{
	char v[64];
	g_snprintf(v, sizeof v, "%lu", c->rows);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "X-Ocoplabel-Rows", v);
	g_snprintf(v, sizeof v, "%lu", c->valid);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "X-Ocoplabel-Valid", v);
	g_snprintf(v, sizeof v, "%lu", c->rejected);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "X-Ocoplabel-Rejected", v);
	g_snprintf(v, sizeof v, "%lu", c->labels);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "X-Ocoplabel-Labels", v);
	g_snprintf(v, sizeof v, "/api/report/%lu", id);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "X-Ocoplabel-Report", v);
}

void serve_api_batch(const serve_params *p, serve_reply *out)
{
	char *path = NULL;
	ocop_format fmt = OCOP_FORMAT_PDF;
	ocop_batch_counts c = { 0 };
	unsigned long id = 0;
	if (!serve_run_batch(p, out, &path, &fmt, &c, &id))
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
	out->type = zipped ? "application/zip" : serve_content_type(fmt);
	out->fd = fd;
	out->fd_len = (unsigned long long)st.st_size;
	serve_count_headers(out, &c, id);
	/* NOTR: an HTTP header's value */
	char *stem = serve_upload_stem(p); /* san-pham-thang-12.xlsx: san-pham-thang-12-labels.pdf */
	char *disp = g_strdup_printf("attachment; filename=\"%s-labels.%s\"", stem, zipped ? "zip" : serve_format_name(fmt));
	free(stem);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "Content-Disposition", disp);
	g_free(disp);
}

/* "san-pham-thang-12.xlsx" -> "san-pham-thang-12": an uploaded file's name for the names of what is made of it,
 * folded to ASCII (ocop_download_name) */
char *serve_upload_stem(const serve_params *p)
{
	char *base = g_path_get_basename(p->file_name && *p->file_name ? p->file_name : "labels");
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	char *stem = ocop_download_name(base, NULL);
	g_free(base);
	return stem; /* free() */
}

void serve_api_report(const serve_params *p, serve_reply *out)
{
	const char *ids = serve_param(p, "id");
	char *end;
	unsigned long id = ids ? strtoul(ids, &end, 10) : 0;
	char *json = NULL;
	const char *lang = NULL;
	g_mutex_lock(&reports_lock);
	int slot = (int)(id % REPORTS_KEPT);
	if (ids && !*end && id && reports[slot].id == id && reports[slot].json &&
	    g_get_monotonic_time() - reports[slot].at < 600 * G_USEC_PER_SEC) {
		json = g_strdup(reports[slot].json);
		lang = reports[slot].lang;
	}
	g_mutex_unlock(&reports_lock);
	if (!json) {
		serve_reply_error(out, 404, "no such report (reports are kept for the last %d runs, 10 minutes)", REPORTS_KEPT);
		return;
	}
	out->status = 200;
	/* NOTR: a MIME type */
	out->type = "application/json; charset=utf-8";
	out->body = json;
	out->len = strlen(json);
	/* its messages were made by the run, in the language of the run's request: that is the report's language,
	 * whatever this request's (docs/HTTP.md) */
	serve_reply_header(out, "Content-Language", lang);
}
