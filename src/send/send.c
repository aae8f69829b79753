/* ocoplabel — sending a finished job's bytes to a printer (ocoplabel/send.h): the connection object, its errors, writing
 * to a descriptor, and the public calls that pick the sender (socket.c, device.c, cups.c). */
#include "send.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_TIMEOUT 3600.0
#define MAX_TIME 86400.0
#define DEFAULT_TITLE "ocoplabel"
#define FILE_PIECE 65536

/* the timeout, title and whole job's time of o (NULL: the defaults), checked */
static int read_options(const ocop_send_options *o, double *timeout, const char **title, double *max_time)
{
	*timeout = DEFAULT_TIMEOUT;
	*title = DEFAULT_TITLE;
	*max_time = 0;
	if (!o)
		return 0;
	if (ocop_check_version(OCOP_VERSIONED_SEND, o->version) < 0)
		return OCOP_EINVAL;
	if (o->version >= 2) {
		if (!(o->max_time >= 0 && o->max_time <= MAX_TIME))
			return ocop_set_error(OCOP_EINVAL, "ocop_send_options: max_time %g s is not from 0 (no limit) to %g s",
			                      o->max_time, MAX_TIME);
		*max_time = o->max_time;
	}
	if (!(o->timeout >= 0 && o->timeout <= MAX_TIMEOUT))
		return ocop_set_error(OCOP_EINVAL, "ocop_send_options: timeout %g s is not from 0 (the default, %g s) to %g s",
		                      o->timeout, DEFAULT_TIMEOUT, MAX_TIMEOUT);
	if (o->timeout > 0)
		*timeout = o->timeout;
	if (o->title && *o->title)
		*title = o->title;
	return 0;
}

/* ---- SIGPIPE: a write to a pipe or socket whose reader went away must not kill the process ---- */


void ocop_pipe_guard_begin(pipe_guard *g)
{
	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &g->old);
	sigpending(&pending);
	g->was_pending = sigismember(&pending, SIGPIPE);
}

void ocop_pipe_guard_end(pipe_guard *g)
{
	int saved = errno;
	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pending);
	if (!g->was_pending && sigismember(&pending, SIGPIPE)) {
		const struct timespec zero = { 0, 0 };
		while (sigtimedwait(&set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &g->old, NULL);
	errno = saved;
}

/* ---- the connection and its errors ---- */

ocop_printer_conn *ocop_conn_new(conn_kind kind, const char *dest, double timeout)
{
	ocop_printer_conn *c = g_new0(ocop_printer_conn, 1);
	c->kind = kind;
	c->dest = g_strdup(dest);
	c->timeout = timeout;
	c->fd = -1;
	return c;
}

/* A socket still open here belongs to a job that failed or was abandoned: the connection is reset
 * (SO_LINGER 0), so the kernel throws away what the printer has not taken yet instead of delivering it
 * after the caller was told the job failed (a retry would print the labels twice). */
static void reset_socket(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

void ocop_conn_free(ocop_printer_conn *c)
{
	if (!c)
		return;
	if (c->fd >= 0) {
		if (c->kind == CONN_SOCKET)
			reset_socket(c->fd);
		close(c->fd);
	}
	if (c->http)
		ocop_cups_close(c->http);
	g_free(c->dest);
	g_free(c->queue);
	g_free(c->errmsg);
	g_free(c);
}

/* "N of M bytes sent" or "N bytes sent" (counts as the language writes them: 1.234 in Vietnamese) */
static char *sent_text(const ocop_printer_conn *c)
{
	char sent[32], total[32];
	ocop_format_count(sent, sizeof sent, c->sent);
	if (c->total)
		/* TRANSLATORS: how much of a print job reached the printer before it failed: "4096 of 10240 bytes sent" */
		return g_strdup_printf(_("%s of %s bytes sent"), sent, ocop_format_count(total, sizeof total, c->total));
	return g_strdup_printf(ocop_trn("%s byte sent", "%s bytes sent", (unsigned long)c->sent), sent);
}

/* Marks the job failed part way: "DEST: WHAT: N of M bytes sent; the job was not printed whole".
 * Later writes and close return the same. fmt is in the thread's language: the callers mark it with _(). */
int ocop_conn_fail(ocop_printer_conn *c, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
int ocop_conn_fail(ocop_printer_conn *c, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *sent = sent_text(c);
	ocop_set_error(err, "%s: %s: %s; the job was not printed whole", c->dest, what, sent);
	g_free(sent);
	g_free(what);
	c->err = err;
	g_free(c->errmsg);
	c->errmsg = g_strdup(ocop_error_last());
	return err;
}

/* the saved failure in the error object again */
int ocop_conn_replay(ocop_printer_conn *c)
{
	return ocop_set_error(c->err, "%s", c->errmsg);
}

/* the pending error of a socket (after POLLERR or POLLHUP), else fallback */
int ocop_socket_errno(int fd, int fallback)
{
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr)
		return soerr;
	return fallback;
}

/* what a broken connection or device is, in words */
int ocop_conn_broken(ocop_printer_conn *c, int e)
{
	if (c->kind == CONN_SOCKET)
		return ocop_conn_fail(c, OCOP_EIO, _("the connection broke (%s)"), g_strerror(e));
	if (e == EPIPE)
		return ocop_conn_fail(c, OCOP_EIO, _("the reader went away (%s)"), g_strerror(e));
	if (e == ENODEV || e == ENXIO)
		return ocop_conn_fail(c, OCOP_EIO, _("the printer was switched off or unplugged (%s)"), g_strerror(e));
	return ocop_conn_fail(c, OCOP_EIO, _("writing failed (%s)"), g_strerror(e));
}

int ocop_conn_timed_out(ocop_printer_conn *c, const char *what)
{
	if (c->end_by && ocop_send_now() >= c->end_by)
		return ocop_conn_fail(c, OCOP_ETIMEOUT, _("the job took longer than the %g s it may (the printer takes data too "
		                                        "slowly)"), (double)(c->end_by - c->started) / 1e6);
	return ocop_conn_fail(c, OCOP_ETIMEOUT, "%s", what);
}

static int fail_stalled(ocop_printer_conn *c)
{
	char *what = g_strdup_printf(_("the printer took no data for %g s (out of paper, cover open, offline?)"), c->timeout);
	int err = ocop_conn_timed_out(c, what);
	g_free(what);
	return err;
}

/* Writes all of p to the socket or device: each poll() waits at most the timeout after the last progress. */
int ocop_conn_write(ocop_printer_conn *c, const unsigned char *p, size_t len)
{
	gint64 deadline = ocop_conn_deadline(c);
	while (len > 0) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
		int r = poll(&pfd, 1, ocop_ms_left(deadline));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ocop_conn_broken(c, errno);
		if (r == 0)
			return fail_stalled(c);
		if ((pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(pfd.revents & POLLOUT))
			return ocop_conn_broken(c, c->kind == CONN_SOCKET ? ocop_socket_errno(c->fd, ECONNRESET) : EPIPE);
		ssize_t n;
		if (c->kind == CONN_SOCKET) {
			n = send(c->fd, p, len, MSG_NOSIGNAL);
		} else {
			pipe_guard g;
			ocop_pipe_guard_begin(&g);
			n = write(c->fd, p, len);
			ocop_pipe_guard_end(&g);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				/* a driver without poll support (parallel lp) says ready and is not: wait a little */
				if (ocop_ms_left(deadline) == 0)
					return fail_stalled(c);
				poll(NULL, 0, 10);
				continue;
			}
			return ocop_conn_broken(c, errno);
		}
		p += n;
		len -= (size_t)n;
		c->sent += (unsigned long long)n;
		if (n > 0)
			deadline = ocop_conn_deadline(c);
	}
	return 0;
}

/* ---- the public functions ---- */

static int open_dest(ocop_printer_conn **out, const char *dest, double timeout, const char *title)
{
	if (g_ascii_strncasecmp(dest, "socket://", 9) == 0)
		return ocop_socket_open(out, dest, timeout);
	if (dest[0] == '/')
		return ocop_device_open(out, dest, timeout);
	if (strstr(dest, "://"))
		return ocop_set_error(OCOP_EINVAL, "%s: only socket://HOST[:PORT] is sent to directly; for other printers "
		                      "(ipp://, lpd://, usb://) make a CUPS queue (lpadmin -p NAME -E -v URI) and give its name", dest);
	for (const char *p = dest; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return ocop_set_error(OCOP_EINVAL, "'%s': not a CUPS queue name (no spaces or control characters), "
			                      "socket://HOST[:PORT] or a device path", dest);
	return ocop_cups_open(out, dest, timeout, title);
}

int ocop_printer_open(ocop_printer_conn **out, const char *dest, const ocop_send_options *o)
{
	double timeout, max_time;
	const char *title;
	int err;
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_printer_open: out is NULL"));
	*out = NULL;
	if (!dest || !*dest)
		return ocop_set_error(OCOP_EINVAL, "%s", _("no printer given: give a CUPS queue, socket://HOST[:PORT] or a device such as /dev/usb/lp0"));
	if ((err = read_options(o, &timeout, &title, &max_time)) < 0)
		return err;
	gint64 started = ocop_send_now();
	if ((err = open_dest(out, dest, timeout, title)) == 0) {
		(*out)->started = started;
		(*out)->end_by = max_time > 0 ? started + (gint64)(max_time * 1e6) : 0;
	}
	return err;
}

int ocop_printer_write(ocop_printer_conn *c, const void *data, size_t len)
{
	if (!c)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_printer_write: connection is NULL"));
	if (!data && len)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_printer_write: data is NULL"));
	if (c->err)
		return ocop_conn_replay(c);
	if (!len)
		return 0;
	if (c->kind == CONN_CUPS)
		return ocop_cups_write(c, data, len);
	return ocop_conn_write(c, data, len);
}

int ocop_printer_close(ocop_printer_conn *c)
{
	if (!c)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_printer_close: connection is NULL"));
	int err = c->err ? ocop_conn_replay(c) : 0;
	if (!err) {
		switch (c->kind) {
		case CONN_SOCKET: err = ocop_socket_finish(c); break;
		case CONN_DEVICE: err = ocop_device_finish(c); break;
		case CONN_CUPS: err = ocop_cups_finish(c); break;
		}
	}
	if (!err && c->fd >= 0) {
		/* the descriptor is released even when close fails: it is never closed twice */
		int fd = c->fd;
		c->fd = -1;
		if (close(fd) < 0 && errno != EINTR)
			err = ocop_conn_broken(c, errno);
	}
	if (err && c->kind == CONN_CUPS)
		ocop_cups_cancel(c);
	ocop_conn_free(c);
	return err;
}

void ocop_printer_abort(ocop_printer_conn *c)
{
	if (!c)
		return;
	if (c->kind == CONN_CUPS)
		ocop_cups_cancel(c);
	ocop_conn_free(c);
}

/* open, the job, close; abort on failure. next() gives the next piece (0 at the end, <0 an error set). */
typedef ssize_t (*piece_fn)(void *payload, const void **data);

static int send_pieces(const char *dest, const ocop_send_options *o, unsigned long long total, piece_fn next, void *payload)
{
	ocop_printer_conn *c = NULL;
	int err;
	if ((err = ocop_printer_open(&c, dest, o)) < 0)
		return err;
	c->total = total;
	for (;;) {
		const void *data;
		ssize_t n = next(payload, &data);
		if (n < 0) {
			ocop_printer_abort(c);
			return (int)n;
		}
		if (n == 0)
			break;
		if ((err = ocop_printer_write(c, data, (size_t)n)) < 0) {
			ocop_printer_abort(c);
			return err;
		}
	}
	return ocop_printer_close(c);
}

typedef struct file_src {
	int fd;
	const char *path;
	unsigned char buf[FILE_PIECE];
} file_src;

static ssize_t file_piece(void *payload, const void **data)
{
	file_src *f = payload;
	for (;;) {
		ssize_t n = read(f->fd, f->buf, sizeof f->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ocop_set_error(OCOP_EIO, "%s: cannot read (%s); nothing printed whole", f->path, g_strerror(errno));
		*data = f->buf;
		return n;
	}
}

int ocop_send_file(const char *dest, const char *path, const ocop_send_options *o)
{
	if (!path || !*path)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_send_file: no file given"));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		return ocop_set_error(e == ENOENT ? OCOP_ENOENT : OCOP_EIO, "%s: cannot open the job (%s)", path, g_strerror(e));
	}
	struct stat st;
	int err;
	if (fstat(fd, &st) < 0) {
		err = ocop_set_error(OCOP_EIO, "%s: %s", path, g_strerror(errno));
	} else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		err = ocop_set_error(OCOP_EINVAL, "%s: not a file (%s)", path, S_ISDIR(st.st_mode) ? _("a directory") : _("a device"));
	} else if (S_ISREG(st.st_mode) && st.st_size == 0) {
		err = ocop_set_error(OCOP_EINVAL, "%s: the job is empty: nothing to send", path);
	} else {
		file_src *f = g_new(file_src, 1);
		f->fd = fd;
		f->path = path;
		err = send_pieces(dest, o, S_ISREG(st.st_mode) ? (unsigned long long)st.st_size : 0, file_piece, f);
		g_free(f);
	}
	close(fd);
	return err;
}

typedef struct mem_src {
	const unsigned char *p;
	size_t left;
} mem_src;

static ssize_t mem_piece(void *payload, const void **data)
{
	mem_src *m = payload;
	/* one piece of at most 1 GiB at a time, so that ssize_t holds it */
	size_t n = m->left > ((size_t)1 << 30) ? ((size_t)1 << 30) : m->left;
	*data = m->p;
	m->p += n;
	m->left -= n;
	return (ssize_t)n;
}

int ocop_send_mem(const char *dest, const void *data, size_t len, const ocop_send_options *o)
{
	if (!data || !len)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_send_mem: the job is empty: nothing to send"));
	mem_src m = { data, len };
	return send_pieces(dest, o, len, mem_piece, &m);
}
