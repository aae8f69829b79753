/* ocoplabel — one request: its state, its body read within the limits (a form, an upload, a JSON text), its answer now or by a worker, and the replies. */
#include "http.h"
#include "api.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_VALUE (64 * 1024)

typedef struct serve_request {
	char *target;              /* the request target as sent (path and query, percent-encoded) */
	bool started;              /* the first call of the handler is past */
	bool page;                 /* the resolver answers it */
	bool refused;              /* a reply was queued before the body: ignore the rest */
	bool json;                 /* an application/json body */
	unsigned long long got;    /* body bytes so far */
	unsigned long long held;   /* of them, held in memory (counted across connections) */
	GString *body;             /* a JSON body */
	struct MHD_PostProcessor *pp;
	serve_params params;
	FILE *file;                /* the upload being written */
	char *bad;                 /* a problem found while reading the body (400) */
	unsigned bad_status;       /* its status when not 400 */
	serve_work *work;          /* answered by a worker (the connection suspended meanwhile) */
	const char *lang;          /* the language of its answer, "vi" or "en" (static) */
} serve_request;

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
	serve_buffer_give(rq->held);
	serve_params_clear(&rq->params);
	serve_work_free(rq->work);
	g_free(rq->bad);
	g_free(rq->target);
	g_free(rq);
}

static enum MHD_Result queue(struct MHD_Connection *c, serve_reply *r, bool close_after)
{
	struct MHD_Response *resp;
	if (r->fd >= 0)
		resp = MHD_create_response_from_fd64(r->fd_len, r->fd);
	else
		resp = MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"", r->body ? MHD_RESPMEM_MUST_FREE
		                                                                                       : MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	/* owned by the response from here */
	r->fd = -1;
	r->body = NULL;
	/* NOTR: an HTTP header and its value */
	MHD_add_response_header(resp, "Content-Type", r->type ? r->type : "text/plain; charset=utf-8");
	/* NOTR: an HTTP header */
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	/* NOTR: an HTTP header */
	MHD_add_response_header(resp, "Referrer-Policy",
	                        /* NOTR: an HTTP header's value */
	                        "no-referrer");
	bool own_csp = false, own_cache = false, own_language = r->any_language;
	for (guint i = 0; r->headers && i + 1 < r->headers->len; i += 2) {
		const char *n = g_ptr_array_index(r->headers, i);
		own_csp = own_csp || g_ascii_strcasecmp(n, "Content-Security-Policy") == 0;
		own_cache = own_cache || g_ascii_strcasecmp(n, "Cache-Control") == 0;
		own_language = own_language || g_ascii_strcasecmp(n, "Content-Language") == 0;
		MHD_add_response_header(resp, n, g_ptr_array_index(r->headers, i + 1));
	}
	/* the words of the answer are in the request's language (this thread's, set for the request), which its
	 * Accept-Language chose */
	if (!own_language) {
		MHD_add_response_header(resp, "Content-Language", ocop_language());
		MHD_add_response_header(resp, "Vary", "Accept-Language");
	}
	/* the page's and the API's policy, unless the reply has its own (the resolver's pages) */
	if (!own_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (!own_csp)
		MHD_add_response_header(resp, "Content-Security-Policy",
		                        /* NOTR: the page's content security policy */
		                        "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
		                        "connect-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	/* a request whose body is refused or cut short: the rest is not read, the connection closes */
	if (close_after)
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result reply_now(struct MHD_Connection *c, serve_reply *r)
{
	enum MHD_Result ok = queue(c, r, false);
	g_free(r->body);
	r->body = NULL;
	if (r->headers)
		g_ptr_array_free(r->headers, TRUE);
	r->headers = NULL;
	return ok;
}

static enum MHD_Result error_now(struct MHD_Connection *c, unsigned status, const char *msg)
{
	serve_reply r = { .fd = -1 };
	serve_reply_error(&r, status, "%s", msg);
	return reply_now(c, &r);
}

/* a refusal of a request whose body is still coming: answered now, the connection closed after it */
static enum MHD_Result refuse(struct MHD_Connection *c, serve_request *rq, unsigned status, const char *msg)
{
	rq->refused = true;
	serve_reply r = { .fd = -1 };
	serve_reply_error(&r, status, "%s", msg);
	enum MHD_Result ok = queue(c, &r, true);
	g_free(r.body);
	return ok;
}

/* A refusal while the body is coming (chunked, or past what the server holds): libmicrohttpd takes no
 * reply once it reads a body, so the answer is written to the socket here, whole, and the connection is
 * dropped (MHD_NO): the rest of the body is never read. The reply is small; the socket takes it. */
static enum MHD_Result refuse_midway(struct MHD_Connection *c, serve_request *rq, unsigned status, const char *msg)
{
	rq->refused = true;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return MHD_NO;
	serve_reply r = { .fd = -1 };
	serve_reply_error(&r, status, "%s", msg);
	/* NOTR: an HTTP response's head */
	char *head = g_strdup_printf("HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n"
	                             "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
	                             "Content-Language: %s\r\nVary: Accept-Language\r\n\r\n",
	                             /* NOTR: HTTP reason phrases */
	                             status, status == 413 ? "Content Too Large" :
	                                                     /* NOTR: an HTTP reason phrase */
	                                                     "Service Unavailable",
	                             r.type, r.len,
	                             ocop_language());
	GString *all = g_string_new(head);
	g_string_append_len(all, r.body, (gssize)r.len);
	size_t at = 0;
	for (int tries = 0; at < all->len && tries < 50; tries++) {
		ssize_t n = send(ci->connect_fd, all->str + at, all->len - at, MSG_NOSIGNAL);
		if (n > 0)
			at += (size_t)n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			break;
		else
			g_usleep(10 * 1000);
	}
	serve_guard_linger(ci->connect_fd);
	g_string_free(all, TRUE);
	g_free(head);
	g_free(r.body);
	return MHD_NO;
}

/* ---- the body ---- */

/* The language a lang parameter names ("vi" or "en"; "vi-VN" is Vietnamese), or NULL for none or another. */
static const char *lang_param(const char *v)
{
	return v && *v && !strchr(v, ',') && !strchr(v, '*') ? ocop_language_pick(v) : NULL;
}

/* A lang parameter that names a language: the request speaks it from now on (its answer, and whatever it
 * still says while its body is read). */
static void speak(serve_request *rq, const char *value)
{
	const char *l = lang_param(value);
	if (l) {
		rq->lang = l;
		ocop_language_set(l);
	}
}

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
			/* NOTR: a temporary file's name */
			rq->params.file_path = g_strdup_printf("%s/upload-XXXXXX", serve_tmpdir());
			int fd = g_mkstemp(rq->params.file_path);
			rq->file = fd >= 0 ? fdopen(fd, "wb") : NULL;
			if (!rq->file) {
				rq->bad = g_strdup_printf(_("the server cannot keep the upload: %s"), g_strerror(errno));
				rq->bad_status = 507;
				return MHD_NO;
			}
			rq->params.file_name = g_strdup(filename);
		}
		if (size && fwrite(data, 1, size, rq->file) != size) {
			rq->bad = g_strdup_printf(_("the server cannot keep the upload: %s"), g_strerror(errno));
			rq->bad_status = 507;
			return MHD_NO;
		}
		rq->params.file_size += size;
		return MHD_YES;
	}
	const char *old = off == 0 ? NULL : g_hash_table_lookup(rq->params.values, key);
	size_t have = old ? strlen(old) : 0;
	if (have + size > MAX_VALUE) {
		rq->bad = g_strdup_printf(_("%s: a value over %d bytes"), key, MAX_VALUE);
		return MHD_NO;
	}
	if (!serve_buffer_take(size)) {
		rq->bad = g_strdup(_("the server is busy with other requests; try again in a moment"));
		rq->bad_status = 503;
		return MHD_NO;
	}
	rq->held += size;
	char *v = g_malloc(have + size + 1);
	memcpy(v, old ? old : "", have);
	memcpy(v + have, data, size);
	v[have + size] = 0;
	if (!serve_param_set(&rq->params, g_strdup(key), v)) {
		rq->bad = g_strdup_printf(_("the form has more than %lld fields (a label has about twenty)"), serve_limit.params);
		return MHD_NO;
	}
	/* NOTR: the form field of the answer's language */
	if (strcmp(key, "lang") == 0)
		speak(rq, v);
	return MHD_YES;
}

static enum MHD_Result on_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	serve_request *rq = cls;
	if (key && !g_hash_table_contains(rq->params.values, key) &&
	    !serve_param_set(&rq->params, g_strdup(key), g_strdup(value ? value : ""))) {
		rq->bad = g_strdup_printf(_("the request has more than %lld parameters"), serve_limit.params);
		return MHD_NO;
	}
	return MHD_YES;
}

/* the 413 of a body over --max-upload */
static char *over_upload(void)
{
	char n[32];
	return g_strdup_printf(_("the request is over %s bytes (the server's --max-upload)"),
	                       ocop_format_count(n, sizeof n, serve_get_config()->max_upload));
}

/* Some more of the body: kept (a form's fields, an upload, a JSON text) within the limits. A body over
 * --max-upload (chunked too) is refused the moment it passes it, and its connection closed. */
static enum MHD_Result body_piece(struct MHD_Connection *c, serve_request *rq, const char *data, size_t size)
{
	rq->got += size;
	if (rq->got > serve_get_config()->max_upload) {
		char *m = over_upload();
		enum MHD_Result ok = refuse_midway(c, rq, 413, m);
		g_free(m);
		return ok;
	}
	if (rq->bad)
		return MHD_YES;
	if (rq->body) {
		if (!serve_buffer_take(size))
			return refuse_midway(c, rq, 503, _("the server is busy with other requests; try again in a moment"));
		rq->held += size;
		g_string_append_len(rq->body, data, (gssize)size);
	} else if (rq->pp && MHD_post_process(rq->pp, data, size) != MHD_YES && !rq->bad) {
		rq->bad = g_strdup(_("the form cannot be read (a malformed body)"));
	}
	if (rq->bad && rq->bad_status == 503)
		return refuse_midway(c, rq, 503, rq->bad);
	return MHD_YES;
}

/* ---- assets ---- */

static enum MHD_Result asset(struct MHD_Connection *c, const char *url)
{
	const char *type = NULL;
	GBytes *b = serve_asset(strcmp(url, "/") == 0 ?
	                        /* NOTR: the page's file */
	                        "/index.html" : url + strlen("/assets"), &type);
	if (!b)
		return error_now(c, 404, _("not found"));
	gsize len;
	const void *data = g_bytes_get_data(b, &len);
	/* the page and its files are the same in both languages: the page's script holds both */
	serve_reply r = { .status = 200, .type = type, .body = g_memdup2(data, len), .len = len, .fd = -1,
	                  .any_language = true };
	g_bytes_unref(b);
	return reply_now(c, &r);
}

/* ---- the handler ---- */

static serve_guard *guard_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Every check that needs no body, before any is read: 0 to read on, else a reply is queued. */
static enum MHD_Result first_call(struct MHD_Connection *c, serve_request *rq, const char *url, const char *method)
{
	serve_guard_head(guard_of(c));
	if (!serve_target_ok(rq->target ? rq->target : url))
		return refuse(c, rq, 400, _("the request's address has a control character, a space or a byte that is "
		                            "not ASCII"));
	const char *why = NULL;
	unsigned st = serve_framing(c, &why);
	if (st)
		return refuse(c, rq, st, why);
	/* the pages behind the QR codes are public: any host, no token; read-only (the resolver answers
	 * other methods with 405) and without a body */
	if (serve_pages_path(url)) {
		rq->page = true;
		return MHD_YES;
	}
	bool is_post = strcmp(method, "POST") == 0;
	if (!serve_host_ok(c))
		return refuse(c, rq, 403, _("this server answers only to its own address (the Host header names another)"));
	if (is_post && !serve_origin_ok(c))
		return refuse(c, rq, 403, _("a request from another web page (its Origin is not this server)"));
	bool method_ok = false, slow = false;
	bool is_asset = strcmp(url, "/") == 0 ||
	                /* NOTR: the page's script */
	                strcmp(url, "/assets/app.js") == 0 ||
	                /* NOTR: the page's template designer */
	                strcmp(url, "/assets/designer.js") == 0 ||
	                /* NOTR: the page's style */
	                strcmp(url, "/assets/style.css") == 0;
	serve_handler h = is_asset ? NULL : serve_api_route(method, url, &method_ok, &slow);
	if (!is_asset && !h)
		return refuse(c, rq, 404, _("not found"));
	if ((is_asset && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) || (h && !method_ok))
		return refuse(c, rq, 405, _("method not allowed"));
	if (h && !serve_token_ok(c))
		return refuse(c, rq, 401, _("this server needs its token: Authorization: Bearer TOKEN (it was printed "
		                            "when the server started)"));
	/* NOTR: an HTTP header */
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (len && strtoull(len, NULL, 10) > serve_get_config()->max_upload) {
		char *m = over_upload();
		enum MHD_Result ok = refuse(c, rq, 413, m);
		g_free(m);
		return ok;
	}
	if (is_post) {
		/* NOTR: an HTTP header */
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		rq->json = ct && g_str_has_prefix(ct, "application/json");
		if (rq->json)
			rq->body = g_string_new(NULL);
		else if (ct)
			rq->pp = MHD_create_post_processor(c, 64 * 1024, on_field, rq);
	}
	return MHD_YES;
}

/* The whole request is here: answered now, or by a worker. */
static enum MHD_Result answer(struct MHD_Connection *c, serve_request *rq, const char *url, const char *method)
{
	serve_guard_whole(guard_of(c));
	if (rq->page) {
		serve_reply r = { .fd = -1 };
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		serve_pages_answer(method, rq->target ? rq->target : url, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"),
		                   MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept"),
		                   MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"), ci ? ci->client_addr : NULL,
		                   /* NOTR: an HTTP header */
		                   MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP"),
		                   /* NOTR: an HTTP header */
		                   MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent"), &r);
		return reply_now(c, &r);
	}
	if (rq->file) {
		fclose(rq->file);
		rq->file = NULL;
	}
	if (strcmp(method, "POST") == 0 && !rq->body && !rq->pp)
		return error_now(c, 400, _("a POST needs a form (application/x-www-form-urlencoded or multipart/form-data) "
		                           "or a JSON object (application/json)"));
	if (rq->bad)
		return error_now(c, rq->bad_status ? rq->bad_status : 400, rq->bad);
	if (rq->body) {
		char *e = NULL;
		if (!serve_params_from_json(&rq->params, rq->body->str, rq->body->len, &e)) {
			enum MHD_Result ok = error_now(c, 400, e);
			g_free(e);
			return ok;
		}
		/* a JSON object's lang member, as a form's field */
		speak(rq, serve_param(&rq->params, "lang"));
	}
	if (strcmp(url, "/") == 0 || g_str_has_prefix(url, "/assets/"))
		return asset(c, url);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_query, rq);
	if (rq->bad)
		return error_now(c, 400, rq->bad);
	if (g_str_has_prefix(url, "/api/report/"))
		g_hash_table_replace(rq->params.values, g_strdup("id"), g_strdup(url + strlen("/api/report/")));
	bool method_ok, slow;
	serve_handler h = serve_api_route(method, url, &method_ok, &slow);
	if (slow) {
		if (serve_stopping())
			return error_now(c, 503, _("the server is stopping"));
		rq->work = serve_work_submit(c, h, &rq->params);
		if (!rq->work)
			return error_now(c, 503, _("the server is busy with other product files; try again in a moment"));
		return MHD_YES; /* suspended: called again when the worker's reply is ready */
	}
	serve_reply r = { .fd = -1 };
	h(&rq->params, &r);
	return reply_now(c, &r);
}

static enum MHD_Result handle(struct MHD_Connection *c, serve_request *rq, const char *url, const char *method,
                             const char *upload, size_t *upload_size)
{
	if (!rq->started) {
		rq->started = true;
		return first_call(c, rq, url, method);
	}
	if (rq->refused) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->work) {
		/* resumed: the worker's reply is ready */
		serve_reply *r = serve_work_reply(rq->work);
		return r ? reply_now(c, r) : MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		return body_piece(c, rq, upload, n);
	}
	return answer(c, rq, url, method);
}

/* The language of a request's answer (docs/HTTP.md): its lang parameter's, "vi" or "en" (the page sends its
 * language switch's choice), else the one its Accept-Language prefers of Vietnamese and English, else
 * Vietnamese. The query's lang is known now; a form's (or a JSON object's) lang counts from when it is read
 * (on_field, answer): the refusals before the body (413, 403, 404) are in the query's or Accept-Language's.
 * The resolver's pages follow Accept-Language only (a Digital Link's query is the link's). */
static const char *request_language(struct MHD_Connection *c, const char *url)
{
	/* NOTR: the query parameter of the answer's language */
	const char *lang = serve_pages_path(url) ? NULL :
	                   lang_param(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
	if (!lang)
		/* NOTR: an HTTP header */
		lang = ocop_language_pick(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"));
	return lang ? lang : "vi";
}

/* Every call for a request speaks its language: this thread's for the call (libmicrohttpd's threads answer
 * every connection in turn), the process's again after it. A worker does the same for its work (work.c). */
enum MHD_Result serve_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	serve_request *rq = *con_cls;
	if (!rq->lang)
		rq->lang = request_language(c, url);
	ocop_language_set(rq->lang);
	enum MHD_Result ok = handle(c, rq, url, method, upload, upload_size);
	ocop_language_set(NULL);
	return ok;
}

/* the request target as sent, before libmicrohttpd decodes it: the resolver reads percent-encoded
 * Digital Link values itself; the request's state starts here */
void *serve_on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	serve_request *rq = g_new0(serve_request, 1);
	serve_params_init(&rq->params);
	rq->target = g_strdup(uri);
	return rq;
}

void serve_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
	serve_guard_next(guard_of(c));
}

void serve_on_connection(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = serve_guard_open(ci ? ci->connect_fd : -1);
	} else {
		serve_guard_close(*socket_context);
		*socket_context = NULL;
	}
}
