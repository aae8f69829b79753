/* ocoplabel — the connection guard: each connection's deadline for its request's head and whole body, kept by a thread that shuts the late ones; the request bodies held in memory, counted across connections. */
#include "http.h"
#include <sys/socket.h>

/* libmicrohttpd's idle timeout restarts with every byte: a client that sends a header line every ten
 * seconds holds its connection (and, 160 of them, the server) for ever. Here a request must arrive
 * whole within a deadline counted from its first byte; a connection past it is shut down, which
 * libmicrohttpd sees as the client going away. */

struct serve_guard {
	int fd;
	gint64 since;     /* when the deadline started: the connection, or the last answer (keep-alive) */
	enum { WAIT_HEAD, WAIT_BODY, ANSWERING } state;
	bool shut;
};

static GMutex lock;
static GCond wake;
static GPtrArray *guards;  /* serve_guard*, open connections */
static GThread *reaper;
static bool stopping;
static gint64 buffered;    /* request bytes held in memory now, all connections */

static gpointer reap(gpointer unused)
{
	(void)unused;
	g_mutex_lock(&lock);
	while (!stopping) {
		gint64 now = g_get_monotonic_time();
		for (guint i = 0; i < guards->len; i++) {
			serve_guard *g = g_ptr_array_index(guards, i);
			long long limit = g->state == WAIT_HEAD ? serve_limit.head_seconds
			                  : g->state == WAIT_BODY ? serve_limit.request_seconds
			                                          : 0;
			if (limit && !g->shut && now - g->since > limit * G_USEC_PER_SEC) {
				shutdown(g->fd, SHUT_RDWR);
				g->shut = true;
			}
		}
		g_cond_wait_until(&wake, &lock, now + G_USEC_PER_SEC / 4);
	}
	g_mutex_unlock(&lock);
	return NULL;
}

void serve_guard_start(void)
{
	guards = g_ptr_array_new();
	stopping = false;
	/* NOTR: a thread's name */
	reaper = g_thread_new("ocoplabel-guard", reap, NULL);
}

void serve_guard_stop(void)
{
	g_mutex_lock(&lock);
	stopping = true;
	g_cond_signal(&wake);
	g_mutex_unlock(&lock);
	g_thread_join(reaper);
	reaper = NULL;
	g_ptr_array_free(guards, TRUE);
	guards = NULL;
}

serve_guard *serve_guard_open(int fd)
{
	serve_guard *g = g_new0(serve_guard, 1);
	g->fd = fd;
	g->since = g_get_monotonic_time();
	g->state = WAIT_HEAD;
	g_mutex_lock(&lock);
	g_ptr_array_add(guards, g);
	g_mutex_unlock(&lock);
	return g;
}

void serve_guard_close(serve_guard *g)
{
	if (!g)
		return;
	g_mutex_lock(&lock);
	g_ptr_array_remove_fast(guards, g);
	g_mutex_unlock(&lock);
	g_free(g);
}

static void set_state(serve_guard *g, int state, bool restart)
{
	if (!g)
		return;
	g_mutex_lock(&lock);
	g->state = state;
	if (restart)
		g->since = g_get_monotonic_time();
	g_mutex_unlock(&lock);
}

/* the whole request's deadline counts from its first byte, not from the end of its head */
void serve_guard_head(serve_guard *g) { set_state(g, WAIT_BODY, false); }
void serve_guard_whole(serve_guard *g) { set_state(g, ANSWERING, false); }
void serve_guard_next(serve_guard *g) { set_state(g, WAIT_HEAD, true); }

bool serve_buffer_take(unsigned long long n)
{
	g_mutex_lock(&lock);
	bool ok = buffered + (gint64)n <= serve_limit.buffered;
	if (ok)
		buffered += (gint64)n;
	g_mutex_unlock(&lock);
	return ok;
}

void serve_buffer_give(unsigned long long n)
{
	g_mutex_lock(&lock);
	buffered -= (gint64)n;
	g_mutex_unlock(&lock);
}
