/* ocoplabel — the web server's HTTP layer: the checks every request passes, its head and body, the
 * connections' deadlines and buffered bytes, and the workers that answer slow requests. */
#ifndef OCOP_SERVE_HTTP_H
#define OCOP_SERVE_HTTP_H

#include "serve.h"

struct sockaddr_in;
/* server.c: libmicrohttpd's daemon with the callbacks below, the server's limits and suspend/resume (after
 * serve_setup): listening on addr with a pool of threads (flags MHD_USE_INTERNAL_POLLING_THREAD ...), or
 * with addr NULL (flags MHD_USE_NO_LISTEN_SOCKET) given its connections by MHD_add_connection */
struct MHD_Daemon *serve_daemon_start(unsigned flags, const struct sockaddr_in *addr);

/* checks.c: what every request passes before its body is read */
void serve_checks_start(const char *listen, unsigned port);
void serve_checks_stop(void);
bool serve_host_ok(struct MHD_Connection *c);   /* a Host that names this server (no token: loopback mode) */
bool serve_origin_ok(struct MHD_Connection *c); /* no Origin, or this server's */
bool serve_token_ok(struct MHD_Connection *c);
/* no control character (raw or %00..%1F, %7F), space or non-ASCII byte in the target */
bool serve_target_ok(const char *target);
/* the body's framing: 0, or 400 (two Content-Lengths) or 501 (a Transfer-Encoding other than chunked) */
unsigned serve_framing(struct MHD_Connection *c, const char **msg);

/* request.c: libmicrohttpd's callbacks for each request and connection */
enum MHD_Result serve_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                             const char *version, const char *upload, size_t *upload_size, void **con_cls);
void *serve_on_uri(void *cls, const char *uri, struct MHD_Connection *c);
void serve_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe);
void serve_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code);

/* guard.c: every connection's deadlines (the request's head within serve_limit.head_seconds, the whole
 * request within serve_limit.request_seconds; a connection past one is shut), kept by a thread of its
 * own; and the request bodies held in memory, counted across connections */
typedef struct serve_guard serve_guard;
void serve_guard_start(void);
void serve_guard_stop(void);
serve_guard *serve_guard_open(int fd);   /* a connection accepted */
void serve_guard_close(serve_guard *g);  /* and closed; NULL-safe */
void serve_guard_head(serve_guard *g);   /* its request's head is here: the body's deadline runs */
void serve_guard_whole(serve_guard *g);  /* the request is whole: no deadline while it is answered */
void serve_guard_next(serve_guard *g);   /* answered: the next request's head deadline runs (keep-alive) */
void serve_guard_linger(int fd);         /* a body refused midway, its answer sent: shut and read to its end */
/* n more bytes held in memory by a request: false (and nothing taken) past serve_limit.buffered */
bool serve_buffer_take(unsigned long long n);
void serve_buffer_give(unsigned long long n);

/* work.c: slow requests (a product file, printing) are answered by a pool of workers while their
 * connection is suspended: the HTTP threads keep answering others. A request's work is stopped when
 * its client goes away or the server stops. */
typedef struct serve_work serve_work;
void serve_work_start(unsigned threads);
/* the server stops: no new work; work in progress may finish until `until` (monotonic), then is told to stop */
void serve_work_stop(gint64 until);
bool serve_stopping(void);
/* works submitted whose connection is not yet resumed (the fuzzer waits for them) */
unsigned serve_work_pending(void);
/* h(params, reply) on a worker for connection c, which is suspended meanwhile and resumed when the reply
 * is ready; takes params. NULL when the workers are all busy with a queue already (a 503 then). */
serve_work *serve_work_submit(struct MHD_Connection *c, serve_handler h, serve_params *params);
/* the reply of a finished work (NULL while it runs) and the work freed with serve_work_free */
serve_reply *serve_work_reply(serve_work *w);
void serve_work_free(serve_work *w);

#endif
