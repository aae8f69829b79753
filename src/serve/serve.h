/* ocoplabel — the web server behind `ocoplabel serve`: its options, limits, parameters and replies (internal to
 * the program). The HTTP layer is in http.h, the endpoints in api.h. */
#ifndef OCOP_SERVE_H
#define OCOP_SERVE_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <microhttpd.h>
#include <ocoplabel/ocoplabel.h>
#include <stdbool.h>

/* the words a person reads, in the request's language (set on the thread that answers it: request.c, work.c):
 * _() where a text is used, N_() in a table; serve_reply_error() translates its format itself */
#define _(s) ocop_gettext(s)
#define N_(s) (s)

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
	unsigned long max_labels;  /* --max-labels: labels of one request, rows x copies */
	const char *const *printers; /* --printer: the printers a request may name besides this computer's CUPS queues */
	size_t n_printers;
	const char *registry;      /* --registry: scans logged and verdicts answered by the resolver (NULL: none) */
	unsigned scan_alert;       /* --scan-alert: the page warns past this many scans (0: the library's 20) */
	long pages_ahead;          /* --pages-ahead: products whose pages are made when the files are read (-1: all) */
	const char *templates;     /* --templates: where the page's designer saves (NULL: the user's data folder) */
	const char *capture;       /* --capture: the EPCIS repository each page batch on the registry is sent to */
	const char *capture_token; /* its bearer token (--capture-token-file), or NULL */
} serve_config;

/* The server's limits, from the library's one table (ocop_limit_value, `ocoplabel limits`), read once
 * when it starts (serve_limits_read) and read-only after. */
typedef struct serve_limits {
	long long output, json_depth, params, problems, cell_chars, buffered, per_client, connections;
	long long head_seconds, request_seconds, print_timeout, print_seconds, stop_seconds;
} serve_limits;
extern serve_limits serve_limit;
void serve_limits_read(void);

/* A request's parameters: form fields (urlencoded or multipart), a JSON object's members, or the
 * query; an uploaded "file" as a temporary file. */
typedef struct serve_params {
	GHashTable *values;        /* char* -> char* */
	char *file_path;           /* the uploaded file, in the server's temporary folder, or NULL */
	char *file_name;           /* its name as sent */
	unsigned long long file_size;
} serve_params;


/* A response to queue: status, content type, body (taken), extra headers. */
typedef struct serve_reply {
	unsigned status;
	const char *type;
	char *body;                /* g_malloc'ed, or NULL */
	size_t len;
	int fd;                    /* a file to send instead of body (closed after), or -1 */
	unsigned long long fd_len;
	GPtrArray *headers;        /* "Name", "value" pairs (g_free'd) */
	bool any_language;         /* the same in every language (the page's files) or with its own language headers
	                              (the resolver's answers): no Content-Language and Vary of the request's language */
} serve_reply;

/* an endpoint: the reply to a request's parameters */
typedef void (*serve_handler)(const serve_params *p, serve_reply *out);

/* work.c, for handlers (the batch job's cancelled callback): 1 when the client of the calling worker's request
 * has gone away or the server is stopping. */
int serve_cancelled(void *payload);

/* server.c */
int serve_run(const serve_config *cfg);
/* What serve_run sets up before it listens and undoes after: the configuration (cfg's arrays and
 * strings are kept, not copied), the limits, the token, the product pages, the temporary folder, the
 * guard and the workers; 0, or 2 after a message. serve_teardown after serve_work_stop and the
 * daemon's stop (the fuzzer uses both, with a daemon of serve_daemon_start and no socket). */
int serve_setup(const serve_config *cfg);
void serve_teardown(void);
const serve_config *serve_get_config(void);
/* the folder for uploads and documents being made */
const char *serve_tmpdir(void);
/* a folder and the files in it (one level) */
void serve_remove_folder(const char *folder);

/* params.c */
void serve_params_init(serve_params *p);
void serve_params_clear(serve_params *p);
const char *serve_param(const serve_params *p, const char *key);
/* A parameter set (replacing one of the same key): false when the request already has
 * serve_limit.params of them (a form of 160,000 keys is refused, not looked through) */
bool serve_param_set(serve_params *p, char *key, char *value);
/* JSON object members as parameters; false with a message for anything else: a body over
 * serve_limit.json_depth levels deep (found before it is parsed: json-glib's parser recurses) or with
 * more members than parameters are allowed */
bool serve_params_from_json(serve_params *p, const char *data, size_t len, char **error);

/* assets.c (compiled resources) */
GBytes *serve_asset(const char *path, const char **type);

#endif
