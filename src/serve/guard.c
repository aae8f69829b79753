/* ocoplabel — the connection guard: each connection's deadline for its request's head and whole body, kept by a thread that shuts the late ones; the lingering close of a refused body; the request bodies held in memory, counted across connections. */
#include "http.h"
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

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

/* A body refused midway (413) is answered while the client is still sending it. Closing the socket with
 * its bytes unread makes the kernel reset the connection, and the client loses the answer it had not yet
 * read ("got 100" instead of 413). So the refused connection's write side is shut and a copy of its socket
 * is kept here and read to its end, for at most LINGER_SECONDS and LINGER_BYTES, before it is closed
 * (Apache's lingering close). At most LINGER_MAX at once; past that a socket is closed at once. */
enum { LINGER_SECONDS = 2, LINGER_BYTES = 4 << 20, LINGER_MAX = 64 };
typedef struct lingering {
	int fd;
	gint64 until;
	size_t read;
} lingering;
static GArray *lingers;    /* lingering */

/* reads what the client still sends; true when done with the socket (its end, an error, past a bound) */
static bool drain(lingering *l, gint64 now)
{
	char buf[16384];
	for (;;) {
		ssize_t n = recv(l->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n > 0) {
			l->read += (size_t)n;
			if (l->read > LINGER_BYTES)
				return true;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return now > l->until;
		return true;
	}
}

static void drain_all(gint64 now)
{
	for (guint i = 0; i < lingers->len;) {
		lingering *l = &g_array_index(lingers, lingering, i);
		if (drain(l, now)) {
			close(l->fd);
			g_array_remove_index_fast(lingers, i);
		} else {
			i++;
		}
	}
}

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
		drain_all(now);
		g_cond_wait_until(&wake, &lock, now + (lingers->len ? G_USEC_PER_SEC / 20 : G_USEC_PER_SEC / 4));
	}
	g_mutex_unlock(&lock);
	return NULL;
}

void serve_guard_start(void)
{
	guards = g_ptr_array_new();
	lingers = g_array_new(FALSE, FALSE, sizeof(lingering));
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
	for (guint i = 0; i < lingers->len; i++)
		close(g_array_index(lingers, lingering, i).fd);
	g_array_free(lingers, TRUE);
	lingers = NULL;
}

void serve_guard_linger(int fd)
{
	shutdown(fd, SHUT_WR);
	int copy = dup(fd);
	if (copy < 0)
		return;
	g_mutex_lock(&lock);
	if (lingers && lingers->len < LINGER_MAX) {
		lingering l = { copy, g_get_monotonic_time() + LINGER_SECONDS * G_USEC_PER_SEC, 0 };
		g_array_append_val(lingers, l);
		copy = -1;
		g_cond_signal(&wake);
	}
	g_mutex_unlock(&lock);
	if (copy >= 0)
		close(copy);
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
