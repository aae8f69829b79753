/* ocoplabel fuzz target — the web server's request parameters without HTTP: a JSON body
 * (serve_params_from_json: the depth check before json-glib parses, the members as parameters, the
 * parameter limit) or form fields set one by one (serve_param_set, as the form, multipart and query
 * readers of request.c do), then what the endpoints read from them before any label is drawn: the
 * renderer's spec (template, format, dpi, today, printer profile), the record (serve_record_of) and the
 * printer a request may name.
 *
 * The input: a first byte whose low bit says which (0: the rest is a JSON body; 1: the rest is form
 * fields, a "key=value" per line, a line without '=' a key with an empty value), then the rest.
 *
 * What must hold: a parse that fails says why and one that succeeds does not; no request holds more than
 * serve_limit.params parameters, and a field past them is refused only at the limit; every reply the
 * server would send (its errors, a record's 422) is valid UTF-8 (JSON is). */
#include "api.h"
#include "http.h" /* serve_work_stop */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void stop(void)
{
	serve_work_stop(0);
	serve_teardown();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	serve_config cfg = { .listen = "127.0.0.1", .port = 8080, .max_upload = 32768, .threads = 1,
	                     .template_name = "product-100x70", .today = "2026-06-01", .max_labels = 20 };
	if (serve_setup(&cfg) != 0)
		abort();
	atexit(stop);
	return 0;
}

/* a reply as the server would send it: JSON, valid UTF-8 */
static void check_reply(serve_reply *r)
{
	if (r->body && !g_utf8_validate(r->body, (gssize)r->len, NULL))
		abort();
	g_free(r->body);
	if (r->headers)
		g_ptr_array_free(r->headers, TRUE);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

/* form fields, a "key=value" per line; false when one was refused (the request's parameters are full) */
static bool fields(serve_params *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		const char *eq = memchr(s + i, '=', e - i);
		const char *kend = eq ? eq : s + e;
		char *k = g_strndup(s + i, (gsize)(kend - (s + i)));
		char *v = eq ? g_strndup(eq + 1, (gsize)(s + e - (eq + 1))) : g_strdup("");
		guint had = g_hash_table_size(p->values);
		bool known = g_hash_table_contains(p->values, k);
		if (!serve_param_set(p, k, v)) {
			/* refused only when full, and only a new key */
			if (had < (guint)serve_limit.params || known)
				abort();
			return false;
		}
		i = e + 1;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	serve_params p;
	serve_params_init(&p);
	serve_reply r = { .fd = -1 };
	bool ok;
	if (data[0] & 1) {
		ok = fields(&p, s, n);
	} else {
		char *e = NULL;
		ok = serve_params_from_json(&p, s, n, &e);
		if (ok != !e)
			abort();
		if (e)
			serve_reply_error(&r, 400, "%s", e);
		check_reply(&r);
		g_free(e);
	}
	if (g_hash_table_size(p.values) > (guint)serve_limit.params)
		abort();
	if (ok) {
		serve_render_spec spec;
		char *e = NULL;
		if (!serve_render_spec_from(&spec, &p, OCOP_FORMAT_PDF, &e))
			serve_reply_error(&r, 400, "%s", e);
		check_reply(&r);
		g_free(e);
		ocop_record *rec = NULL;
		if (serve_record_of(&p, &rec, &r))
			ocop_record_free(rec);
		check_reply(&r);
		const char *printer = serve_param(&p, "printer");
		if (printer)
			(void)serve_printer_allowed(printer);
		(void)serve_flag(&p, "serialize");
	}
	serve_params_clear(&p);
	return 0;
}
