/* ocoplabel — the web server behind `ocoplabel serve`: its requests, parameters and endpoints (internal to the program). */
#ifndef OCOP_SERVE_H
#define OCOP_SERVE_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <microhttpd.h>
#include <ocoplabel/ocoplabel.h>
#include <stdbool.h>

typedef struct serve_config {
	const char *listen;        /* address, default 127.0.0.1 */
	unsigned port;             /* 0: any free port */
	const char *token;         /* NULL: none (loopback only) */
	unsigned long long max_upload;
	unsigned threads;
	const char *template_name; /* the default template */
	const char *today;         /* --today, for tests */
	const char *const *products; /* --products: the product files whose Digital Links it answers */
	size_t n_products;
	const char *resolver;      /* --resolver: the address the labels carry (NULL: this host's) */
} serve_config;

/* A request's parameters: form fields (urlencoded or multipart), a JSON object's members, or the
 * query; an uploaded "file" as a temporary file. */
typedef struct serve_params {
	GHashTable *values;        /* char* -> char* */
	char *file_path;           /* the uploaded file, in the server's temporary folder, or NULL */
	char *file_name;           /* its name as sent */
	unsigned long long file_size;
} serve_params;

typedef struct serve_request serve_request;

/* A response to queue: status, content type, body (taken), extra headers. */
typedef struct serve_reply {
	unsigned status;
	const char *type;
	char *body;                /* g_malloc'ed, or NULL */
	size_t len;
	int fd;                    /* a file to send instead of body (closed after), or -1 */
	unsigned long long fd_len;
	GPtrArray *headers;        /* "Name", "value" pairs (g_free'd) */
} serve_reply;

/* server.c */
int serve_run(const serve_config *cfg);
const serve_config *serve_get_config(void);
/* the folder for uploads and documents being made */
const char *serve_tmpdir(void);
/* a folder and the files in it (one level) */
void serve_remove_folder(const char *folder);

/* params.c */
void serve_params_init(serve_params *p);
void serve_params_clear(serve_params *p);
const char *serve_param(const serve_params *p, const char *key);
/* JSON object members as parameters; false with a message for anything else */
bool serve_params_from_json(serve_params *p, const char *data, size_t len, char **error);

/* api.c: one endpoint per path; NULL when the path is not an endpoint */
typedef void (*serve_handler)(const serve_params *p, serve_reply *out);
serve_handler serve_api_route(const char *method, const char *path, bool *method_ok);
void serve_reply_json(serve_reply *r, unsigned status, JsonBuilder *b);
void serve_reply_error(serve_reply *r, unsigned status, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void serve_reply_header(serve_reply *r, const char *name, const char *value);

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
/* A renderer owned by the calling thread's cache (valid until its next call); NULL with the error object set. */
ocop_renderer *serve_renderer(const serve_render_spec *s, const ocop_template **t);
void serve_renderers_thread_free(void);

/* pages.c: the resolver of --products (product pages, linksets, /.well-known/gs1resolver) */
int serve_pages_start(const serve_config *c);   /* reads the product files; -1 after a message */
void serve_pages_stop(void);
bool serve_pages_active(void);
/* a path the resolver answers (a Digital Link or a page, or the description file) */
bool serve_pages_path(const char *url);
/* the answer to a request: target is the request line's path and query, still percent-encoded */
void serve_pages_answer(const char *method, const char *target, const char *host, const char *accept, serve_reply *out);

/* assets.c (compiled resources) */
GBytes *serve_asset(const char *path, const char **type);

#endif
