/* ocoplabel — the web server's endpoints: the /api paths (one file per group) and the resolver's pages. */
#ifndef OCOP_SERVE_API_H
#define OCOP_SERVE_API_H

#include "serve.h"

/* api.c: one endpoint per path; NULL when the path is not an endpoint; *slow when it runs on a worker */
serve_handler serve_api_route(const char *method, const char *path, bool *method_ok, bool *slow);
/* The HTTP status of a library error: the client's mistake 4xx, the server's own fault 5xx (one table) */
unsigned serve_status_of(int err);
/* The reply of a library error err, with its status (serve_status_of) and the error object's message
 * (the uploaded file named by its name, never by the server's temporary path) */
void serve_reply_failure(serve_reply *r, int err, const serve_params *p);
void serve_reply_json(serve_reply *r, unsigned status, JsonBuilder *b);
void serve_reply_error(serve_reply *r, unsigned status, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void serve_reply_header(serve_reply *r, const char *name, const char *value);
void serve_json_str(JsonBuilder *b, const char *k, const char *v);
void serve_json_int(JsonBuilder *b, const char *k, long long v);
/* diagnostics of one severity as an array of {field, code, message} */
void serve_json_diags(JsonBuilder *b, const char *name, const ocop_diags *d, ocop_severity sev);
/* members "errors" and "warnings": d's problems of each severity */
void serve_json_diag_members(JsonBuilder *b, const ocop_diags *d);
/* a parameter that is an option of the request, not a field of its record */
bool serve_is_option(const char *k);
bool serve_flag(const serve_params *p, const char *k);
const char *serve_format_name(ocop_format f);

/* api_label.c: /api/check, /api/label; the record and renderer of a request (false/NULL with the reply) */
bool serve_record_of(const serve_params *p, ocop_record **rec, serve_reply *out);
ocop_renderer *serve_renderer_of(const serve_params *p, ocop_format fallback, const ocop_template **t, ocop_format *fmt,
                                 serve_reply *out);
const char *serve_content_type(ocop_format f);
/* The label of the request's record into *buf; false with the reply (422 for an invalid record). */
bool serve_label_bytes(const serve_params *p, unsigned char **buf, size_t *len, ocop_format *fmt, serve_reply *out);
void serve_api_check(const serve_params *p, serve_reply *out);
void serve_api_label(const serve_params *p, serve_reply *out);

/* api_batch.c: /api/batch, /api/report; the run of an uploaded product file (false with the reply; on
 * success its document's path in *to_path) */
bool serve_run_batch(const serve_params *p, serve_reply *out, char **to_path, ocop_format *fmt_out,
                     ocop_batch_counts *counts, unsigned long *report_id);
void serve_count_headers(serve_reply *out, const ocop_batch_counts *c, unsigned long id);
void serve_api_batch(const serve_params *p, serve_reply *out);
void serve_api_report(const serve_params *p, serve_reply *out);
/* the uploaded file's name as a download's stem ("Sản phẩm tháng 12.xlsx": san-pham-thang-12); free() it */
char *serve_upload_stem(const serve_params *p);

/* api_rows.c: /api/rows (the file's table and problems), /api/rejected (the rejected rows' workbook) */
void serve_api_rows(const serve_params *p, serve_reply *out);
void serve_api_rejected(const serve_params *p, serve_reply *out);
/* a run's problems for people (ocop_problems: row order, repeated warnings grouped) as "problems" and
 * "more_problems" members */
void serve_json_problems(JsonBuilder *b, ocop_problems *list);

/* api_print.c: /api/print; whether a request may name printer dest (a CUPS queue, or one of --printer) */
void serve_api_print(const serve_params *p, serve_reply *out);
bool serve_printer_allowed(const char *dest);

/* api_template.c: the page's designer: /api/template/auto, /check, /preview, /save */
void serve_api_template_auto(const serve_params *p, serve_reply *out);
void serve_api_template_check(const serve_params *p, serve_reply *out);
void serve_api_template_preview(const serve_params *p, serve_reply *out);
void serve_api_template_save(const serve_params *p, serve_reply *out);

/* renderers.c: a renderer for (template, options), kept per worker thread */
typedef struct serve_render_spec {
	const char *template_name;
	ocop_format format;
	double dpi;
	const char *today;
	const char *profile;       /* a printer profile for TSPL and ZPL (default by language) */
	int printer_codes;
} serve_render_spec;
/* The spec from request parameters; false with a message (400). */
bool serve_render_spec_from(serve_render_spec *s, const serve_params *p, ocop_format fallback, char **error);
/* A renderer owned by the calling thread's cache (valid until its next call) in *out: 0, or the library's
 * error (a template, profile or option the request names). */
int serve_renderer(ocop_renderer **out, const serve_render_spec *s, const ocop_template **t);
void serve_renderers_thread_free(void);

/* pages.c: the resolver of --products (product pages, linksets, /.well-known/gs1resolver) */
int serve_pages_start(const serve_config *c);   /* reads the product files; -1 after a message */
void serve_pages_stop(void);
/* the registry of --registry (NULL: none): it numbers and records the serials of the page's batches too */
ocop_registry *serve_registry(void);

/* capture.c: each page batch on the registry sent to the EPCIS repository of --capture, by a thread of its
 * own (the clerk never waits for it) */
void serve_capture_start(void);
void serve_capture_run(long long run); /* a run whose output was written */
void serve_capture_stop(void);
/* SIGHUP: the product files read again now, changed or not (a file rewritten within its modification time's
 * resolution, a file put back); a failed reading keeps the last good one and says why */
void serve_pages_reload(void);
bool serve_pages_active(void);
/* a path the resolver answers (a Digital Link or a page, or the description file) */
bool serve_pages_path(const char *url);
/* the answer to a request: target is the request line's path and query, still percent-encoded; accept_language
 * the request's Accept-Language (the pages' language), or NULL */
/* client: the peer's address (a loopback peer's X-Real-IP, when it sends one: a proxy's client), user_agent its
 * User-Agent, for the registry's scans (only a /24 or /48 and a kind of browser are kept) */
void serve_pages_answer(const char *method, const char *target, const char *host, const char *accept,
                        const char *accept_language, const struct sockaddr *client, const char *real_ip,
                        const char *user_agent, serve_reply *out);

#endif
