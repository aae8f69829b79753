/* ocoplabel — the web server: libmicrohttpd's thread pool, the checks every request passes (host, origin, token, size, path), request bodies, replies, a clean stop. */
#include "serve.h"
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static serve_config config;
static char *tmpdir;
static char **allowed_hosts; /* Host headers that name this server (loopback mode) */

const serve_config *serve_get_config(void) { return &config; }
const char *serve_tmpdir(void) { return tmpdir; }

#define MAX_VALUE (64 * 1024)

struct serve_request {
	char *target;              /* the request target as sent (path and query, percent-encoded) */
	bool started;              /* the first call of the handler is past */
	bool page;                 /* the resolver answers it */
	bool refused;              /* a reply was queued before the body: ignore the rest */
	bool json;                 /* an application/json body */
	unsigned long long got;    /* body bytes so far */
	GString *body;             /* a JSON body */
	struct MHD_PostProcessor *pp;
	serve_params params;
	FILE *file;                /* the upload being written */
	char *bad;                 /* a problem found while reading the body (400) */
	bool too_big;
};

static void request_free(serve_request *rq)
{
	if (!rq)
		return;
	if (rq->pp)
		MHD_destroy_post_processor(rq->pp);
	if (rq->file)
		fclose(rq->file);
	if (rq->body)
		g_string_free(rq->body, TRUE);
	serve_params_clear(&rq->params);
	g_free(rq->bad);
	g_free(rq->target);
	g_free(rq);
}

static enum MHD_Result queue(struct MHD_Connection *c, serve_reply *r)
{
	struct MHD_Response *resp;
	if (r->fd >= 0)
		resp = MHD_create_response_from_fd64(r->fd_len, r->fd);
	else
		resp = MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"", r->body ? MHD_RESPMEM_MUST_FREE
		                                                                                       : MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (r->fd < 0 && r->body)
		r->body = NULL; /* owned by the response */
	MHD_add_response_header(resp, "Content-Type", r->type ? r->type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	bool own_csp = false, own_cache = false;
	for (guint i = 0; r->headers && i + 1 < r->headers->len; i += 2) {
		const char *n = g_ptr_array_index(r->headers, i);
		own_csp = own_csp || g_ascii_strcasecmp(n, "Content-Security-Policy") == 0;
		own_cache = own_cache || g_ascii_strcasecmp(n, "Cache-Control") == 0;
		MHD_add_response_header(resp, n, g_ptr_array_index(r->headers, i + 1));
	}
	/* the page's and the API's policy, unless the reply has its own (the resolver's pages) */
	if (!own_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (!own_csp)
		MHD_add_response_header(resp, "Content-Security-Policy",
		                        "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
		                        "connect-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result reply_now(struct MHD_Connection *c, serve_reply *r)
{
	enum MHD_Result ok = queue(c, r);
	g_free(r->body);
	if (r->headers)
		g_ptr_array_free(r->headers, TRUE);
	return ok;
}

static enum MHD_Result error_now(struct MHD_Connection *c, unsigned status, const char *msg)
{
	serve_reply r = { .fd = -1 };
	serve_reply_error(&r, status, "%s", msg);
	return reply_now(c, &r);
}

/* ---- the checks before anything is read ---- */

static bool host_ok(struct MHD_Connection *c)
{
	if (config.token)
		return true; /* the token decides: a page elsewhere does not have it */
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (!host)
		return false;
	for (char **h = allowed_hosts; *h; h++)
		if (g_ascii_strcasecmp(host, *h) == 0)
			return true;
	return false;
}

static bool origin_ok(struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	if (!origin)
		return true; /* not a browser's cross-site request (curl, another program) */
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (!host || !g_str_has_prefix(origin, "http://"))
		return false;
	return g_ascii_strcasecmp(origin + 7, host) == 0;
}

static bool token_ok(struct MHD_Connection *c)
{
	if (!config.token)
		return true;
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (auth && g_str_has_prefix(auth, "Bearer ") && strcmp(auth + 7, config.token) == 0)
		return true;
	return false;
}

/* ---- the body ---- */

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	serve_request *rq = cls;
	if (!key)
		return MHD_YES;
	if (strcmp(key, "file") == 0 && filename) {
		if (!rq->params.file_path) {
			rq->params.file_path = g_strdup_printf("%s/upload-XXXXXX", tmpdir);
			int fd = g_mkstemp(rq->params.file_path);
			rq->file = fd >= 0 ? fdopen(fd, "wb") : NULL;
			if (!rq->file) {
				rq->bad = g_strdup_printf("cannot keep the upload: %s", g_strerror(errno));
				return MHD_NO;
			}
			rq->params.file_name = g_strdup(filename);
		}
		if (size && fwrite(data, 1, size, rq->file) != size) {
			rq->bad = g_strdup_printf("cannot keep the upload: %s", g_strerror(errno));
			return MHD_NO;
		}
		rq->params.file_size += size;
		return MHD_YES;
	}
	const char *old = off == 0 ? NULL : g_hash_table_lookup(rq->params.values, key);
	size_t have = old ? strlen(old) : 0;
	if (have + size > MAX_VALUE) {
		rq->bad = g_strdup_printf("%s: a value over %d bytes", key, MAX_VALUE);
		return MHD_NO;
	}
	char *v = g_malloc(have + size + 1);
	memcpy(v, old ? old : "", have);
	memcpy(v + have, data, size);
	v[have + size] = 0;
	g_hash_table_replace(rq->params.values, g_strdup(key), v);
	return MHD_YES;
}

static void query_params(struct MHD_Connection *c, serve_request *rq);

static enum MHD_Result on_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	serve_request *rq = cls;
	if (key && !g_hash_table_contains(rq->params.values, key))
		g_hash_table_replace(rq->params.values, g_strdup(key), g_strdup(value ? value : ""));
	return MHD_YES;
}

static void query_params(struct MHD_Connection *c, serve_request *rq)
{
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_query, rq);
}

/* ---- assets ---- */

static enum MHD_Result asset(struct MHD_Connection *c, const char *url)
{
	const char *type = NULL;
	GBytes *b = serve_asset(strcmp(url, "/") == 0 ? "/index.html" : url + strlen("/assets"), &type);
	if (!b)
		return error_now(c, 404, "not found");
	gsize len;
	const void *data = g_bytes_get_data(b, &len);
	serve_reply r = { .status = 200, .type = type, .body = g_memdup2(data, len), .len = len, .fd = -1 };
	g_bytes_unref(b);
	return reply_now(c, &r);
}

/* ---- the handler ---- */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	serve_request *rq = *con_cls;
	if (!rq->started) {
		rq->started = true;
		/* the pages behind the QR codes are public: any host, no token; read-only (the resolver answers
		 * other methods with 405) and without a body */
		if (serve_pages_path(url)) {
			rq->page = true;
			return MHD_YES;
		}
		/* every check that needs no body, before any is read */
		bool is_post = strcmp(method, "POST") == 0;
		if (!host_ok(c)) {
			rq->refused = true;
			return error_now(c, 403, "this server answers only to its own address (the Host header names another)");
		}
		if (is_post && !origin_ok(c)) {
			rq->refused = true;
			return error_now(c, 403, "a request from another web page (its Origin is not this server)");
		}
		bool method_ok = false;
		bool is_asset = strcmp(url, "/") == 0 || strcmp(url, "/assets/app.js") == 0 || strcmp(url, "/assets/style.css") == 0;
		serve_handler h = is_asset ? NULL : serve_api_route(method, url, &method_ok);
		if (!is_asset && !h) {
			rq->refused = true;
			return error_now(c, 404, "not found");
		}
		if ((is_asset && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) || (h && !method_ok)) {
			rq->refused = true;
			return error_now(c, 405, "method not allowed");
		}
		if (h && !token_ok(c)) {
			rq->refused = true;
			return error_now(c, 401, "this server needs its token: Authorization: Bearer TOKEN (it was printed "
			                 "when the server started)");
		}
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (len && strtoull(len, NULL, 10) > config.max_upload) {
			rq->refused = true;
			char *m = g_strdup_printf("the request is over %llu bytes (the server's --max-upload)", config.max_upload);
			enum MHD_Result ok = error_now(c, 413, m);
			g_free(m);
			return ok;
		}
		if (is_post) {
			const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
			rq->json = ct && g_str_has_prefix(ct, "application/json");
			if (rq->json)
				rq->body = g_string_new(NULL);
			else if (ct)
				rq->pp = MHD_create_post_processor(c, 64 * 1024, on_field, rq);
		}
		return MHD_YES;
	}
	if (rq->refused) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		rq->got += *upload_size;
		if (rq->got > config.max_upload) {
			rq->too_big = true;
		} else if (rq->body) {
			g_string_append_len(rq->body, upload, (gssize)*upload_size);
		} else if (rq->pp && !rq->bad && MHD_post_process(rq->pp, upload, *upload_size) != MHD_YES && !rq->bad) {
			rq->bad = g_strdup("the form cannot be read (a malformed body)");
		}
		*upload_size = 0;
		return MHD_YES;
	}
	/* the whole request is here */
	if (rq->page) {
		serve_reply r = { .fd = -1 };
		serve_pages_answer(method, rq->target ? rq->target : url, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"),
		                   MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept"), &r);
		return reply_now(c, &r);
	}
	if (rq->file) {
		fclose(rq->file);
		rq->file = NULL;
	}
	if (rq->too_big) {
		char *m = g_strdup_printf("the request is over %llu bytes (the server's --max-upload)", config.max_upload);
		enum MHD_Result ok = error_now(c, 413, m);
		g_free(m);
		return ok;
	}
	if (strcmp(method, "POST") == 0 && !rq->body && !rq->pp)
		return error_now(c, 400, "a POST needs a form (application/x-www-form-urlencoded or multipart/form-data) "
		                 "or a JSON object (application/json)");
	if (rq->bad)
		return error_now(c, 400, rq->bad);
	if (rq->body) {
		char *e = NULL;
		if (!serve_params_from_json(&rq->params, rq->body->str, rq->body->len, &e)) {
			enum MHD_Result ok = error_now(c, 400, e);
			g_free(e);
			return ok;
		}
	}
	if (strcmp(url, "/") == 0 || g_str_has_prefix(url, "/assets/"))
		return asset(c, url);
	query_params(c, rq);
	if (g_str_has_prefix(url, "/api/report/"))
		g_hash_table_replace(rq->params.values, g_strdup("id"), g_strdup(url + strlen("/api/report/")));
	bool method_ok;
	serve_handler h = serve_api_route(method, url, &method_ok);
	serve_reply r = { .fd = -1 };
	h(&rq->params, &r);
	return reply_now(c, &r);
}

/* the request target as sent, before libmicrohttpd decodes it: the resolver reads percent-encoded
 * Digital Link values itself; the request's state starts here */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	serve_request *rq = g_new0(serve_request, 1);
	serve_params_init(&rq->params);
	rq->target = g_strdup(uri);
	return rq;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
}

void serve_remove_folder(const char *folder)
{
	GDir *d = g_dir_open(folder, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *p = g_build_filename(folder, n, NULL);
		unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	rmdir(folder);
}

static void rm_tmpdir(void)
{
	if (tmpdir)
		serve_remove_folder(tmpdir);
}

int serve_run(const serve_config *cfg)
{
	config = *cfg;
	if (!config.listen)
		config.listen = "127.0.0.1";
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)config.port) };
	if (inet_pton(AF_INET, config.listen, &addr.sin_addr) != 1) {
		fprintf(stderr, "ocoplabel: --listen: '%s' is not an IPv4 address (such as 127.0.0.1 or 0.0.0.0)\n",
		        config.listen);
		return 2;
	}
	bool loopback = (ntohl(addr.sin_addr.s_addr) >> 24) == 127;
	char *made_token = NULL;
	if (!loopback && !config.token) {
		guint32 r[4] = { g_random_int(), g_random_int(), g_random_int(), g_random_int() };
		made_token = g_strdup_printf("%08x%08x%08x%08x", r[0], r[1], r[2], r[3]);
		config.token = made_token;
	}
	if (serve_pages_start(&config) < 0) {
		g_free(made_token);
		return 2;
	}
	GError *e = NULL;
	tmpdir = g_dir_make_tmp("ocoplabel-serve-XXXXXX", &e);
	if (!tmpdir) {
		fprintf(stderr, "ocoplabel: cannot make a temporary folder: %s\n", e->message);
		g_error_free(e);
		return 2;
	}
	/* signals are taken by sigwait in this thread; the pool's threads inherit the mask */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	unsigned threads = config.threads ? config.threads : (unsigned)g_get_num_processors();
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, (uint16_t)config.port, NULL, NULL,
		handle, NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ocoplabel: cannot listen on %s:%u: %s\n", config.listen, config.port, g_strerror(errno));
		rm_tmpdir();
		serve_pages_stop();
		return 2;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : config.port;
	allowed_hosts = g_new0(char *, 5);
	allowed_hosts[0] = g_strdup_printf("127.0.0.1:%u", port);
	allowed_hosts[1] = g_strdup_printf("localhost:%u", port);
	allowed_hosts[2] = g_strdup_printf("%s:%u", config.listen, port);
	allowed_hosts[3] = port == 80 ? g_strdup("127.0.0.1") : NULL;
	if (config.token)
		printf("ocoplabel serve: open http://%s:%u/?token=%s (the token is needed from other computers)\n",
		       loopback ? config.listen : "THIS-COMPUTER", port, config.token);
	else
		printf("ocoplabel serve: open http://%s:%u/ in your browser (Ctrl-C stops)\n", config.listen, port);
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	printf("ocoplabel serve: stopping (%s); requests in progress finish\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	/* no new connections; the requests in progress finish (at most 60 s), then the pool stops */
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 1200; i++) {
		const union MHD_DaemonInfo *ci = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!ci || ci->num_connections == 0)
			break;
		g_usleep(50 * 1000);
	}
	MHD_stop_daemon(d);
	rm_tmpdir();
	serve_pages_stop();
	g_strfreev(allowed_hosts);
	g_free(tmpdir);
	g_free(made_token);
	printf("ocoplabel serve: stopped\n");
	return 0;
}
