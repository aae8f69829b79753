/* ocoplabel — slow requests off the HTTP threads: a pool of workers answers them while their connections are suspended; each work stops when its client goes away or the server stops. */
#define _GNU_SOURCE /* POLLRDHUP */
#include "http.h"
#include <poll.h>
#include <unistd.h>

/* A product file of ten thousand labels, or a print to a slow printer, would hold one of the few HTTP
 * threads for seconds to minutes: two of them and the page, the previews and the QR pages all wait.
 * Such a request is suspended (libmicrohttpd then neither reads nor times it) and handed to a worker;
 * the worker's reply resumes it. A suspended connection is not watched by libmicrohttpd, so the work
 * itself asks whether its client is still there (serve_cancelled, between labels). */

struct serve_work {
	struct MHD_Connection *conn;
	int fd;                    /* the client's socket, to see it close */
	serve_handler handler;
	serve_params params;
	serve_reply reply;
	gint64 checked;            /* when the socket was last looked at */
	bool gone;                 /* the client has gone */
	gint done;                 /* the reply is ready (atomic) */
	const char *lang;          /* the request's language, "vi" or "en" (static) */
};

static GThreadPool *pool;
static gint queued;            /* works submitted and not yet finished */
static unsigned max_queued;
static gint stopping;          /* no new work */
static gint cancel;            /* work in progress stops at its next label */
static GPrivate current;       /* the serve_work of the calling worker */

static void run(gpointer data, gpointer unused)
{
	(void)unused;
	serve_work *w = data;
	g_private_set(&current, w);
	/* the work speaks its request's language on this thread (shared by every request's work), and its
	 * document's drawing threads with it (they take the language of the thread that opens the document);
	 * the process's again after it */
	ocop_language_set(w->lang);
	w->handler(&w->params, &w->reply);
	ocop_language_set(NULL);
	g_private_set(&current, NULL);
	g_atomic_int_set(&w->done, 1);
	/* the connection's thread is woken and calls the handler again, which sends the reply; the work
	 * counts as pending until then (w may be freed from here on) */
	MHD_resume_connection(w->conn);
	g_atomic_int_dec_and_test(&queued);
}

void serve_work_start(unsigned threads)
{
	g_atomic_int_set(&stopping, 0);
	g_atomic_int_set(&cancel, 0);
	max_queued = threads * 4;
	pool = g_thread_pool_new(run, NULL, (gint)threads, FALSE, NULL);
}

void serve_work_stop(gint64 until)
{
	g_atomic_int_set(&stopping, 1);
	/* work in progress may finish until then; what is left is stopped at its next label (503) */
	while (g_atomic_int_get(&queued) > 0 && g_get_monotonic_time() < until)
		g_usleep(20 * 1000);
	g_atomic_int_set(&cancel, 1);
	g_thread_pool_free(pool, FALSE, TRUE);
	pool = NULL;
}

bool serve_stopping(void) { return g_atomic_int_get(&stopping) != 0; }

unsigned serve_work_pending(void) { return (unsigned)g_atomic_int_get(&queued); }

serve_work *serve_work_submit(struct MHD_Connection *c, serve_handler h, serve_params *params)
{
	if ((unsigned)g_atomic_int_add(&queued, 1) >= max_queued) {
		g_atomic_int_add(&queued, -1);
		return NULL;
	}
	serve_work *w = g_new0(serve_work, 1);
	w->conn = c;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	w->fd = ci ? ci->connect_fd : -1;
	w->handler = h;
	w->lang = ocop_language(); /* the request's: the submitting thread speaks it for the request (request.c) */
	w->params = *params;       /* taken: the request's own is left empty */
	serve_params_init(params);
	w->reply.fd = -1;
	MHD_suspend_connection(c);
	g_thread_pool_push(pool, w, NULL);
	return w;
}

serve_reply *serve_work_reply(serve_work *w) { return g_atomic_int_get(&w->done) ? &w->reply : NULL; }

void serve_work_free(serve_work *w)
{
	if (!w)
		return;
	serve_params_clear(&w->params);
	g_free(w->reply.body);
	if (w->reply.fd >= 0)
		close(w->reply.fd);
	if (w->reply.headers)
		g_ptr_array_free(w->reply.headers, TRUE);
	g_free(w);
}

int serve_cancelled(void *payload)
{
	(void)payload;
	if (g_atomic_int_get(&cancel))
		return 1;
	serve_work *w = g_private_get(&current);
	if (!w || w->fd < 0 || w->gone)
		return w && w->gone;
	/* the socket looked at every 50 ms at most: a label costs about a millisecond */
	gint64 now = g_get_monotonic_time();
	if (now - w->checked < 50 * 1000)
		return 0;
	w->checked = now;
	/* a client that closed its side (or reset the connection) has gone; one that merely sends more or
	 * waits has not */
	struct pollfd pfd = { .fd = w->fd, .events = POLLRDHUP };
	if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)))
		w->gone = true;
	return w->gone;
}
