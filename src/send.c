/* ocoplabel — sending a finished job's bytes to a printer: a CUPS queue, socket://HOST[:PORT] or a printer device (send.h). */
#include "internal.h"
#include <cups/cups.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sockios.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 10.0
#define MAX_TIMEOUT 3600.0
#define DEFAULT_PORT "9100"
#define DEFAULT_TITLE "ocoplabel"
#define FILE_PIECE 65536
/* the Linux character-device majors of printers (Documentation/admin-guide/devices.txt) */
#define MAJOR_LP 6
#define MAJOR_USBLP 180

typedef enum { CONN_SOCKET, CONN_DEVICE, CONN_CUPS } conn_kind;

struct ocop_printer_conn {
	conn_kind kind;
	char *dest;                /* as the caller gave it, for messages */
	double timeout;            /* seconds */
	int fd;                    /* socket or device; -1 for CUPS */
	http_t *http;              /* CUPS: the connection that carries the document */
	char *queue;               /* CUPS: the queue's own name */
	int job_id;                /* CUPS: 0 until the job exists */
	unsigned long long sent;   /* bytes handed on */
	unsigned long long total;  /* bytes of the whole job when known (ocop_send_file, ocop_send_mem), else 0 */
	int err;                   /* the first failure, returned again by later writes and close */
	char *errmsg;
};

/* ---- time and options ---- */

static gint64 now_us(void) { return g_get_monotonic_time(); }

/* milliseconds left until deadline (microseconds), at least 0, for poll() */
static int ms_left(gint64 deadline)
{
	gint64 left = deadline - now_us();
	if (left <= 0)
		return 0;
	return left / 1000 >= INT_MAX ? INT_MAX : (int)((left + 999) / 1000);
}

static gint64 deadline_after(double seconds) { return now_us() + (gint64)(seconds * 1e6); }

int ocop_send_options_init(ocop_send_options *o, int version)
{
	if (!o)
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_send_options_init: options is NULL");
	if (version != OCOP_SEND_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_send_options_init: unknown version %d", version);
	*o = (ocop_send_options)OCOP_SEND_OPTIONS_INIT;
	return 0;
}

/* the timeout and title of o (NULL: the defaults), checked */
static int read_options(const ocop_send_options *o, double *timeout, const char **title)
{
	*timeout = DEFAULT_TIMEOUT;
	*title = DEFAULT_TITLE;
	if (!o)
		return 0;
	if (o->version != OCOP_SEND_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_send_options: unknown version %d (this library has version %d; "
		                      "initialise the options with OCOP_SEND_OPTIONS_INIT or ocop_send_options_init())",
		                      o->version, OCOP_SEND_OPTIONS_VERSION);
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

/* Blocks SIGPIPE in the calling thread around a write; a SIGPIPE the write raises stays pending
 * (it is thread-directed) and is taken away before the old mask comes back. */
typedef struct pipe_guard {
	sigset_t old;
	int was_pending;
} pipe_guard;

static void pipe_guard_begin(pipe_guard *g)
{
	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &g->old);
	sigpending(&pending);
	g->was_pending = sigismember(&pending, SIGPIPE);
}

static void pipe_guard_end(pipe_guard *g)
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

static ocop_printer_conn *conn_new(conn_kind kind, const char *dest, double timeout)
{
	ocop_printer_conn *c = g_new0(ocop_printer_conn, 1);
	c->kind = kind;
	c->dest = g_strdup(dest);
	c->timeout = timeout;
	c->fd = -1;
	return c;
}

static void conn_free(ocop_printer_conn *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	if (c->http)
		httpClose(c->http);
	g_free(c->dest);
	g_free(c->queue);
	g_free(c->errmsg);
	g_free(c);
}

/* "N of M bytes sent" or "N bytes sent" */
static char *sent_text(const ocop_printer_conn *c)
{
	if (c->total)
		return g_strdup_printf("%llu of %llu bytes sent", c->sent, c->total);
	return g_strdup_printf("%llu byte%s sent", c->sent, c->sent == 1 ? "" : "s");
}

/* Marks the job failed part way: "DEST: WHAT: N of M bytes sent; the job was not printed whole".
 * Later writes and close return the same. */
static int fail_job(ocop_printer_conn *c, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int fail_job(ocop_printer_conn *c, int err, const char *fmt, ...)
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
static int replay_failure(ocop_printer_conn *c)
{
	return ocop_set_error(c->err, "%s", c->errmsg);
}

/* ---- DEST ---- */

/* socket://HOST[:PORT][/]: host and port (g_malloc'ed), or OCOP_EINVAL */
static int parse_socket_dest(const char *dest, char **host, char **port)
{
	const char *p = dest + strlen("socket://"), *end;
	const char *h, *hend;
	*host = *port = NULL;
	if (*p == '[') {
		h = p + 1;
		if (!(hend = strchr(h, ']')))
			return ocop_set_error(OCOP_EINVAL, "%s: an IPv6 address without its closing ']'", dest);
		end = hend + 1;
	} else {
		h = p;
		hend = h + strcspn(h, ":/?#");
		end = hend;
		if (*end == ':' && strchr(end + 1, ':'))
			return ocop_set_error(OCOP_EINVAL, "%s: write an IPv6 address in brackets, as in socket://[::1]:9100",
			                      dest);
	}
	if (hend == h)
		return ocop_set_error(OCOP_EINVAL, "%s: no host: give socket://HOST[:PORT], e.g. socket://192.168.1.50:9100",
		                      dest);
	for (const char *q = h; q < hend; q++)
		if ((unsigned char)*q <= ' ' || *q == '@' || *q == '\\' || (unsigned char)*q >= 0x7f)
			return ocop_set_error(OCOP_EINVAL, "%s: '%.*s' is not a host name or address", dest, (int)(hend - h), h);
	const char *port_s = DEFAULT_PORT;
	size_t port_len = strlen(DEFAULT_PORT);
	if (*end == ':') {
		port_s = end + 1;
		port_len = strcspn(port_s, "/?#");
		char *pend;
		errno = 0;
		long v = strtol(port_s, &pend, 10);
		if (port_len == 0 || port_s[0] == '+' || port_s[0] == '-' || pend != port_s + port_len || errno || v < 1 ||
		    v > 65535)
			return ocop_set_error(OCOP_EINVAL, "%s: '%.*s' is not a port number (1 to 65535; raw printing uses 9100)",
			                      dest, (int)port_len, port_s);
		end = port_s + port_len;
	}
	if (*end && strcmp(end, "/") != 0)
		return ocop_set_error(OCOP_EINVAL, "%s: a socket:// printer has no path or options ('%s'): give socket://HOST[:PORT]",
		                      dest, end);
	*host = g_strndup(h, (gsize)(hend - h));
	*port = g_strndup(port_s, port_len);
	return 0;
}

/* ---- socket:// ---- */

static const char *connect_problem(int e)
{
	switch (e) {
	case ECONNREFUSED: return "connection refused (nothing listens on that port: is it the printer's raw port, usually 9100?)";
	case EHOSTUNREACH: return "host unreachable (is the printer on and on this network?)";
	case ENETUNREACH: return "network unreachable (is this computer on the printer's network?)";
	case ECONNRESET: return "connection reset by the printer";
	default: return NULL;
	}
}

/* Connects a non-blocking stream socket to one of the addresses of host:port (or to the Unix socket
 * at host when it starts with "/"), all within timeout. 0 and *fd; else -1 with *why an errno value
 * (ETIMEDOUT when the timeout passed), or with *gai a getaddrinfo() error. */
static int connect_addr(const char *host, const char *port, double timeout, int *fd, int *why, int *gai)
{
	struct addrinfo *ai = NULL, unix_ai;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	*fd = -1;
	*why = *gai = 0;
	if (host[0] == '/') {
		if (strlen(host) >= sizeof sun.sun_path) {
			*why = ENAMETOOLONG;
			return -1;
		}
		memcpy(sun.sun_path, host, strlen(host) + 1);
		unix_ai = (struct addrinfo){ .ai_family = AF_UNIX, .ai_socktype = SOCK_STREAM, .ai_addr = (struct sockaddr *)&sun,
		                             .ai_addrlen = sizeof sun };
	} else {
		struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
		if ((*gai = getaddrinfo(host, port, &hints, &ai)) != 0) {
			*why = *gai == EAI_SYSTEM ? errno : 0;
			return -1;
		}
	}
	/* one deadline for every address of the host */
	gint64 deadline = deadline_after(timeout);
	for (struct addrinfo *a = ai ? ai : &unix_ai; a && *fd < 0; a = a->ai_next) {
		int s = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
		if (s < 0) {
			*why = errno;
			continue;
		}
		int r = connect(s, a->ai_addr, a->ai_addrlen);
		if (r < 0 && (errno == EINPROGRESS || errno == EAGAIN)) {
			struct pollfd pfd = { .fd = s, .events = POLLOUT };
			do
				r = poll(&pfd, 1, ms_left(deadline));
			while (r < 0 && errno == EINTR);
			if (r == 0) {
				*why = ETIMEDOUT;
				close(s);
				break;
			}
			int soerr = 0;
			socklen_t sl = sizeof soerr;
			if (r < 0)
				soerr = errno;
			else if (getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
				soerr = errno;
			r = soerr ? -1 : 0;
			errno = soerr;
		}
		if (r < 0) {
			*why = errno;
			close(s);
			continue;
		}
		*fd = s;
	}
	if (ai)
		freeaddrinfo(ai);
	if (*fd < 0 && !*why)
		*why = EIO;
	return *fd < 0 ? -1 : 0;
}

static int open_socket(ocop_printer_conn **out, const char *dest, double timeout)
{
	char *host = NULL, *port = NULL;
	int err, fd, why, gai;
	if ((err = parse_socket_dest(dest, &host, &port)) < 0)
		return err;
	if (connect_addr(host, port, timeout, &fd, &why, &gai) < 0) {
		const char *problem = connect_problem(why);
		if (gai == EAI_NONAME || gai == EAI_NODATA || gai == EAI_FAIL)
			err = ocop_set_error(OCOP_ENOENT, "%s: no such host '%s' (%s)", dest, host, gai_strerror(gai));
		else if (gai)
			err = ocop_set_error(OCOP_EIO, "%s: cannot look up '%s' (%s)", dest, host,
			                     gai == EAI_SYSTEM ? g_strerror(why) : gai_strerror(gai));
		else if (why == ETIMEDOUT)
			err = ocop_set_error(OCOP_ETIMEOUT, "no answer from %s within %g s (is the printer on, and is that its address?)",
			                     dest, timeout);
		else if (problem)
			err = ocop_set_error(OCOP_EIO, "%s: %s", dest, problem);
		else
			err = ocop_set_error(OCOP_EIO, "%s: cannot connect (%s)", dest, g_strerror(why));
	} else {
		ocop_printer_conn *c = conn_new(CONN_SOCKET, dest, timeout);
		c->fd = fd;
		*out = c;
	}
	g_free(host);
	g_free(port);
	return err;
}

/* the pending error of a socket (after POLLERR or POLLHUP), else fallback */
static int socket_errno(int fd, int fallback)
{
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr)
		return soerr;
	return fallback;
}

/* what a broken connection or device is, in words */
static int fail_broken(ocop_printer_conn *c, int e)
{
	if (c->kind == CONN_SOCKET)
		return fail_job(c, OCOP_EIO, "the connection broke (%s)", g_strerror(e));
	if (e == EPIPE)
		return fail_job(c, OCOP_EIO, "the reader went away (%s)", g_strerror(e));
	if (e == ENODEV || e == ENXIO)
		return fail_job(c, OCOP_EIO, "the printer was switched off or unplugged (%s)", g_strerror(e));
	return fail_job(c, OCOP_EIO, "writing failed (%s)", g_strerror(e));
}

static int fail_stalled(ocop_printer_conn *c)
{
	return fail_job(c, OCOP_ETIMEOUT, "the printer took no data for %g s (out of paper, cover open, offline?)", c->timeout);
}

/* Writes all of p to the socket or device: each poll() waits at most the timeout after the last progress. */
static int fd_write(ocop_printer_conn *c, const unsigned char *p, size_t len)
{
	gint64 deadline = deadline_after(c->timeout);
	while (len > 0) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
		int r = poll(&pfd, 1, ms_left(deadline));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return fail_broken(c, errno);
		if (r == 0)
			return fail_stalled(c);
		if ((pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(pfd.revents & POLLOUT))
			return fail_broken(c, c->kind == CONN_SOCKET ? socket_errno(c->fd, ECONNRESET) : EPIPE);
		ssize_t n;
		if (c->kind == CONN_SOCKET) {
			n = send(c->fd, p, len, MSG_NOSIGNAL);
		} else {
			pipe_guard g;
			pipe_guard_begin(&g);
			n = write(c->fd, p, len);
			pipe_guard_end(&g);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				/* a driver without poll support (parallel lp) says ready and is not: wait a little */
				if (ms_left(deadline) == 0)
					return fail_stalled(c);
				poll(NULL, 0, 10);
				continue;
			}
			return fail_broken(c, errno);
		}
		p += n;
		len -= (size_t)n;
		c->sent += (unsigned long long)n;
		if (n > 0)
			deadline = deadline_after(c->timeout);
	}
	return 0;
}

/* reads away what the printer sent back (status bytes), so that closing does not reset the connection;
 * 1 when the printer has closed its side */
static int drain(int fd)
{
	char sink[4096];
	ssize_t n;
	while ((n = recv(fd, sink, sizeof sink, MSG_DONTWAIT)) > 0)
		;
	return n == 0;
}

/* bytes sent but not yet acknowledged by the printer (and the FIN), or -1 when the kernel cannot tell */
static int unacked(int fd)
{
	int outq = 0;
	return ioctl(fd, SIOCOUTQ, &outq) < 0 ? -1 : outq;
}

/* Shuts the socket for writing and waits until the printer has acknowledged every byte (the kernel's
 * send queue empty), bounded by the timeout after the last progress. */
static int socket_finish(ocop_printer_conn *c)
{
	if (shutdown(c->fd, SHUT_WR) < 0)
		return fail_broken(c, errno);
	gint64 deadline = deadline_after(c->timeout);
	int last = -1, outq, eof = 0;
	while ((outq = unacked(c->fd)) > 0) {
		if (outq != last) {
			last = outq;
			deadline = deadline_after(c->timeout);
		} else if (ms_left(deadline) == 0) {
			return fail_job(c, OCOP_ETIMEOUT, "the printer did not take the end of the job within %g s", c->timeout);
		}
		struct pollfd pfd = { .fd = c->fd, .events = eof ? 0 : POLLIN };
		if (poll(&pfd, 1, 20) > 0) {
			/* both directions closed, or reset, with bytes unacknowledged: the printer went away */
			if ((pfd.revents & (POLLERR | POLLHUP)) && unacked(c->fd) > 0)
				return fail_broken(c, socket_errno(c->fd, EPIPE));
			if (pfd.revents & POLLIN)
				eof = drain(c->fd);
		}
	}
	drain(c->fd);
	return 0;
}

/* ---- devices and FIFOs ---- */

/* what a file that is not a printer is, for the message */
static char *describe_non_printer(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return g_strdup("a regular file, not a printer (use -o to write a file)");
	if (S_ISDIR(st->st_mode))
		return g_strdup("a directory, not a printer");
	if (S_ISBLK(st->st_mode))
		return g_strdup_printf("a block device (%u,%u: a disk), not a printer", major(st->st_rdev), minor(st->st_rdev));
	if (S_ISSOCK(st->st_mode))
		return g_strdup("a Unix socket, not a printer");
	if (S_ISCHR(st->st_mode)) {
		unsigned maj = major(st->st_rdev), min = minor(st->st_rdev);
		const char *what = maj == 1                                        ? "a memory device such as /dev/null"
		                   : maj == 4 || maj == 5 || (maj >= 136 && maj <= 143) ? "a terminal"
		                   : maj == 166 || maj == 188                       ? "a serial port"
		                                                                    : "not a printer driver's";
		return g_strdup_printf("a character device (%u,%u: %s), not a printer", maj, min, what);
	}
	return g_strdup("not a printer");
}

static int is_printer_file(const struct stat *st)
{
	if (S_ISFIFO(st->st_mode))
		return 1;
	return S_ISCHR(st->st_mode) && (major(st->st_rdev) == MAJOR_LP || major(st->st_rdev) == MAJOR_USBLP);
}

static int refuse_non_printer(const char *dest, const struct stat *st)
{
	char *what = describe_non_printer(st);
	int err = ocop_set_error(OCOP_EINVAL, "%s: is %s; give a printer device (/dev/usb/lp0, /dev/lp0) or a FIFO", dest, what);
	g_free(what);
	return err;
}

static int open_device(ocop_printer_conn **out, const char *dest, double timeout)
{
	struct stat st;
	if (stat(dest, &st) < 0) {
		int e = errno;
		if (e == ENOENT)
			return ocop_set_error(OCOP_ENOENT, "%s: no such device (is the printer plugged in? USB printers are /dev/usb/lp0, /dev/usb/lp1, ...)",
			                      dest);
		if (e == EACCES)
			return ocop_set_error(OCOP_EIO, "%s: permission denied (%s)", dest, g_strerror(e));
		return ocop_set_error(OCOP_EIO, "%s: %s", dest, g_strerror(e));
	}
	/* a regular file is refused before it is opened: it is never touched */
	if (!is_printer_file(&st))
		return refuse_non_printer(dest, &st);
	int fifo = S_ISFIFO(st.st_mode);
	gint64 deadline = deadline_after(timeout);
	int fd;
	for (;;) {
		fd = open(dest, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			break;
		int e = errno;
		if (e == EINTR)
			continue;
		/* a FIFO without a reader: wait for one, up to the timeout */
		if (e == ENXIO && fifo) {
			if (ms_left(deadline) == 0)
				return ocop_set_error(OCOP_ETIMEOUT, "%s: no program opened the FIFO for reading within %g s", dest,
				                      timeout);
			poll(NULL, 0, 20);
			continue;
		}
		switch (e) {
		case EACCES:
		case EPERM:
			return ocop_set_error(OCOP_EIO, "%s: permission denied: add your user to the group of the device (often lp: "
			                      "sudo usermod -aG lp $USER, then log in again) or print through a CUPS queue", dest);
		case ENXIO:
		case ENODEV:
			return ocop_set_error(OCOP_EIO, "%s: the printer is off or unplugged (%s)", dest, g_strerror(e));
		case EBUSY:
			return ocop_set_error(OCOP_EIO, "%s: the printer is in use by another program (a CUPS queue on the same "
			                      "printer? then print to that queue)", dest);
		case ENOSPC:
			return ocop_set_error(OCOP_EIO, "%s: the printer is out of paper (%s)", dest, g_strerror(e));
		case EIO:
			return ocop_set_error(OCOP_EIO, "%s: the printer is offline or reports an error (%s)", dest, g_strerror(e));
		default:
			return ocop_set_error(OCOP_EIO, "%s: cannot open (%s)", dest, g_strerror(e));
		}
	}
	/* the file opened must be the one checked (it may have been replaced meanwhile) */
	struct stat st2;
	if (fstat(fd, &st2) < 0) {
		int e = errno;
		close(fd);
		return ocop_set_error(OCOP_EIO, "%s: %s", dest, g_strerror(e));
	}
	if (!is_printer_file(&st2) || st2.st_rdev != st.st_rdev || st2.st_ino != st.st_ino || st2.st_dev != st.st_dev) {
		close(fd);
		return is_printer_file(&st2) ? ocop_set_error(OCOP_EIO, "%s: replaced while it was being opened", dest)
		                             : refuse_non_printer(dest, &st2);
	}
	ocop_printer_conn *c = conn_new(CONN_DEVICE, dest, timeout);
	c->fd = fd;
	*out = c;
	return 0;
}

/* a device: waits until its last write is done (usblp says POLLOUT when no transfer is in flight;
 * closing earlier would cancel it) */
static int device_finish(ocop_printer_conn *c)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
	int r;
	do
		r = poll(&pfd, 1, ms_left(deadline_after(c->timeout)));
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return fail_job(c, OCOP_ETIMEOUT, "the printer did not finish taking the job within %g s", c->timeout);
	if (r > 0 && (pfd.revents & (POLLERR | POLLNVAL)) && !(pfd.revents & POLLOUT))
		return fail_broken(c, EPIPE);
	return 0;
}

/* ---- CUPS ---- */

/* " (to send to the file DEST, give its full path)" when DEST names a file here, else "" */
static const char *path_hint(const char *dest)
{
	return dest && access(dest, F_OK) == 0 ? " (to send to the file of that name, give its full path, /...)" : "";
}

/* a connection to the server libcups uses (CUPS_SERVER, client.conf, the local cupsd), or OCOP_EIO
 * (OCOP_ETIMEOUT) naming it; dest (or NULL) starts the message */
static int cups_connect(http_t **out, const char *dest, double timeout)
{
	const char *server = cupsServer();
	int port = ippPort();
	char where[1100];
	if (server[0] == '/')
		snprintf(where, sizeof where, "%s", server);
	else
		snprintf(where, sizeof where, "%s:%d", server, port);
	/* created without connecting (msec 0): a name that cannot be looked up fails here, a server that
	 * does not answer in httpReconnect2() */
	http_t *http = httpConnect2(server, port, NULL, AF_UNSPEC, cupsEncryption(), 1, 0, NULL);
	if (!http)
		return ocop_set_error(OCOP_EIO, "%s%scannot find the CUPS server %s (%s)%s", dest ? dest : "", dest ? ": " : "",
		                      where, cupsLastErrorString(), path_hint(dest));
	if (httpReconnect2(http, (int)ceil(timeout * 1000), NULL) != 0) {
		httpClose(http);
		/* libcups loses the connect's errno (httpError() says EHOSTDOWN): connect once more to learn it */
		char port_s[16];
		int fd, why, gai;
		snprintf(port_s, sizeof port_s, "%d", port);
		if (connect_addr(server, port_s, timeout, &fd, &why, &gai) == 0) {
			close(fd);
			why = ECONNRESET;
		}
		return ocop_set_error(why == ETIMEDOUT ? OCOP_ETIMEOUT : OCOP_EIO,
		                      "%s%scannot reach the CUPS server at %s (%s): is cupsd running? (CUPS_SERVER names "
		                      "another server)%s", dest ? dest : "", dest ? ": " : "", where,
		                      gai ? gai_strerror(gai) : g_strerror(why), path_hint(dest));
	}
	httpSetTimeout(http, timeout, NULL, NULL);
	*out = http;
	return 0;
}

/* "q1, q2" of the server's queues, or NULL when it has none */
static char *queue_names(http_t *http)
{
	cups_dest_t *dests = NULL;
	int n = cupsGetDests2(http, &dests);
	GString *s = g_string_new(NULL);
	for (int i = 0; i < n; i++) {
		if (dests[i].instance)
			continue;
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", dests[i].name);
	}
	cupsFreeDests(n, dests);
	if (!s->len) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* cancels the CUPS job of c, on a connection of its own (the one of c may be in the middle of a
 * document); what the server says is not our caller's concern, so not cups_connect(), which would
 * set the error object that ocop_printer_abort() keeps */
static void cups_cancel(ocop_printer_conn *c)
{
	if (!c->job_id)
		return;
	if (c->http) {
		httpClose(c->http);
		c->http = NULL;
	}
	http_t *http = NULL;
	const char *server = cupsServer();
	http = httpConnect2(server, ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, (int)ceil(c->timeout * 1000), NULL);
	if (http) {
		httpSetTimeout(http, c->timeout, NULL, NULL);
		cupsCancelJob2(http, c->queue, c->job_id, 0);
		httpClose(http);
	}
	c->job_id = 0;
}

static int open_cups(ocop_printer_conn **out, const char *dest, double timeout, const char *title)
{
	http_t *http = NULL;
	cups_dest_t *d = NULL;
	ocop_printer_conn *c = NULL;
	int err;
	pipe_guard g;
	pipe_guard_begin(&g);
	if ((err = cups_connect(&http, dest, timeout)) < 0)
		goto done;
	if (!(d = cupsGetNamedDest(http, dest, NULL))) {
		ipp_status_t st = cupsLastError();
		if (st == IPP_STATUS_ERROR_NOT_FOUND || st <= IPP_STATUS_OK_EVENTS_COMPLETE) {
			char *names = queue_names(http);
			if (names)
				err = ocop_set_error(OCOP_ENOENT, "%s: no such printer queue on the CUPS server (its queues: %s)%s", dest,
				                     names, path_hint(dest));
			else
				err = ocop_set_error(OCOP_ENOENT, "%s: no such printer queue: the CUPS server has no printer queues "
				                     "(add one with lpadmin, or give socket://HOST or a device)%s", dest, path_hint(dest));
			g_free(names);
		} else {
			err = ocop_set_error(OCOP_EIO, "%s: the CUPS server cannot tell about this queue (%s)", dest,
			                     cupsLastErrorString());
		}
		goto done;
	}
	c = conn_new(CONN_CUPS, dest, timeout);
	c->http = http;
	http = NULL;
	c->queue = g_strdup(d->name);
	char *job_title = ocop_oneline_utf8(title, -1);
	c->job_id = cupsCreateJob(c->http, c->queue, job_title, 0, NULL);
	if (!c->job_id) {
		err = ocop_set_error(OCOP_EIO, "%s: CUPS refused the job (%s)", dest, cupsLastErrorString());
		g_free(job_title);
		goto done;
	}
	http_status_t hs = cupsStartDocument(c->http, c->queue, c->job_id, job_title, CUPS_FORMAT_RAW, 1);
	g_free(job_title);
	if (hs != HTTP_STATUS_CONTINUE) {
		err = ocop_set_error(OCOP_EIO, "%s: CUPS refused the document of job %d (%s)", dest, c->job_id,
		                     cupsLastErrorString());
		goto done;
	}
	*out = c;
	c = NULL;
	err = 0;
done:
	if (c) {
		cups_cancel(c);
		conn_free(c);
	}
	if (d)
		cupsFreeDests(1, d);
	if (http)
		httpClose(http);
	pipe_guard_end(&g);
	return err;
}

static int cups_write(ocop_printer_conn *c, const void *data, size_t len)
{
	const char *p = data;
	pipe_guard g;
	pipe_guard_begin(&g);
	int err = 0;
	while (len > 0) {
		/* httpWrite2 takes a size_t but CUPS counts in int and ssize_t: pieces of at most 1 MiB */
		size_t piece = len > 1048576 ? 1048576 : len;
		if (cupsWriteRequestData(c->http, p, piece) != HTTP_STATUS_CONTINUE) {
			err = fail_job(c, OCOP_EIO, "the CUPS server stopped taking the job (%s)",
			               httpError(c->http) ? g_strerror(httpError(c->http)) : cupsLastErrorString());
			break;
		}
		c->sent += piece;
		p += piece;
		len -= piece;
	}
	pipe_guard_end(&g);
	return err;
}

static int cups_finish(ocop_printer_conn *c)
{
	pipe_guard g;
	pipe_guard_begin(&g);
	ipp_status_t st = cupsFinishDocument(c->http, c->queue);
	int err = 0;
	/* 0x0000-0x00ff are the successful IPP status codes */
	if (st > IPP_STATUS_OK_EVENTS_COMPLETE)
		err = fail_job(c, OCOP_EIO, "the CUPS server did not queue job %d (%s)", c->job_id, cupsLastErrorString());
	pipe_guard_end(&g);
	return err;
}

/* ---- the public functions ---- */

int ocop_printer_open(ocop_printer_conn **out, const char *dest, const ocop_send_options *o)
{
	double timeout;
	const char *title;
	int err;
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_printer_open: out is NULL");
	*out = NULL;
	if (!dest || !*dest)
		return ocop_set_error(OCOP_EINVAL, "%s", "no printer given: give a CUPS queue, socket://HOST[:PORT] or a device such as /dev/usb/lp0");
	if ((err = read_options(o, &timeout, &title)) < 0)
		return err;
	if (g_ascii_strncasecmp(dest, "socket://", 9) == 0)
		return open_socket(out, dest, timeout);
	if (dest[0] == '/')
		return open_device(out, dest, timeout);
	if (strstr(dest, "://"))
		return ocop_set_error(OCOP_EINVAL, "%s: only socket://HOST[:PORT] is sent to directly; for other printers "
		                      "(ipp://, lpd://, usb://) make a CUPS queue (lpadmin -p NAME -E -v URI) and give its name", dest);
	for (const char *p = dest; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return ocop_set_error(OCOP_EINVAL, "'%s': not a CUPS queue name (no spaces or control characters), "
			                      "socket://HOST[:PORT] or a device path", dest);
	return open_cups(out, dest, timeout, title);
}

int ocop_printer_write(ocop_printer_conn *c, const void *data, size_t len)
{
	if (!c)
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_printer_write: connection is NULL");
	if (!data && len)
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_printer_write: data is NULL");
	if (c->err)
		return replay_failure(c);
	if (!len)
		return 0;
	if (c->kind == CONN_CUPS)
		return cups_write(c, data, len);
	return fd_write(c, data, len);
}

int ocop_printer_close(ocop_printer_conn *c)
{
	if (!c)
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_printer_close: connection is NULL");
	int err = c->err ? replay_failure(c) : 0;
	if (!err) {
		switch (c->kind) {
		case CONN_SOCKET: err = socket_finish(c); break;
		case CONN_DEVICE: err = device_finish(c); break;
		case CONN_CUPS: err = cups_finish(c); break;
		}
	}
	if (!err && c->fd >= 0 && close(c->fd) < 0 && errno != EINTR)
		err = fail_broken(c, errno);
	if (!err)
		c->fd = -1;
	if (err && c->kind == CONN_CUPS)
		cups_cancel(c);
	conn_free(c);
	return err;
}

void ocop_printer_abort(ocop_printer_conn *c)
{
	if (!c)
		return;
	if (c->kind == CONN_CUPS)
		cups_cancel(c);
	conn_free(c);
}

/* open, the job, close; abort on failure. next() gives the next piece (0 at the end, <0 an error set). */
typedef ssize_t (*piece_fn)(void *closure, const void **data);

static int send_pieces(const char *dest, const ocop_send_options *o, unsigned long long total, piece_fn next, void *closure)
{
	ocop_printer_conn *c = NULL;
	int err;
	if ((err = ocop_printer_open(&c, dest, o)) < 0)
		return err;
	c->total = total;
	for (;;) {
		const void *data;
		ssize_t n = next(closure, &data);
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

static ssize_t file_piece(void *closure, const void **data)
{
	file_src *f = closure;
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
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_send_file: no file given");
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
		err = ocop_set_error(OCOP_EINVAL, "%s: not a file (%s)", path, S_ISDIR(st.st_mode) ? "a directory" : "a device");
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

static ssize_t mem_piece(void *closure, const void **data)
{
	mem_src *m = closure;
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
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_send_mem: the job is empty: nothing to send");
	mem_src m = { data, len };
	return send_pieces(dest, o, len, mem_piece, &m);
}

/* ---- listing the queues ---- */

static char *opt_dup(const cups_dest_t *d, const char *name)
{
	const char *v = cupsGetOption(name, d->num_options, d->options);
	return ocop_oneline_utf8(v ? v : "", -1);
}

int ocop_printers_list(ocop_printer_queue **out, size_t *n)
{
	if (!out || !n)
		return ocop_set_error(OCOP_EINVAL, "%s", "ocop_printers_list: NULL argument");
	*out = NULL;
	*n = 0;
	http_t *http = NULL;
	int err;
	pipe_guard g;
	pipe_guard_begin(&g);
	if ((err = cups_connect(&http, NULL, DEFAULT_TIMEOUT)) < 0)
		goto done;
	cups_dest_t *dests = NULL;
	int nd = cupsGetDests2(http, &dests);
	ipp_status_t st = cupsLastError();
	if (nd == 0 && st > IPP_STATUS_OK_EVENTS_COMPLETE && st != IPP_STATUS_ERROR_NOT_FOUND) {
		err = ocop_set_error(OCOP_EIO, "the CUPS server at %s did not list its queues (%s)", cupsServer(),
		                     cupsLastErrorString());
		cupsFreeDests(nd, dests);
		goto done;
	}
	ocop_printer_queue *q = nd > 0 ? g_new0(ocop_printer_queue, (gsize)nd) : NULL;
	size_t k = 0;
	for (int i = 0; i < nd; i++) {
		const cups_dest_t *d = &dests[i];
		if (d->instance)
			continue;
		q[k].name = ocop_oneline_utf8(d->name, -1);
		q[k].info = opt_dup(d, "printer-info");
		q[k].location = opt_dup(d, "printer-location");
		q[k].device_uri = opt_dup(d, "device-uri");
		q[k].state_message = opt_dup(d, "printer-state-message");
		const char *s = cupsGetOption("printer-state", d->num_options, d->options);
		q[k].state = !s ? "unknown" : strcmp(s, "3") == 0 ? "idle" : strcmp(s, "4") == 0 ? "printing"
		             : strcmp(s, "5") == 0 ? "stopped" : "unknown";
		const char *acc = cupsGetOption("printer-is-accepting-jobs", d->num_options, d->options);
		q[k].accepting = !acc || strcmp(acc, "false") != 0;
		q[k].is_default = d->is_default != 0;
		k++;
	}
	cupsFreeDests(nd, dests);
	if (!k) {
		g_free(q);
		q = NULL;
	}
	*out = q;
	*n = k;
	err = 0;
done:
	if (http)
		httpClose(http);
	pipe_guard_end(&g);
	return err;
}

void ocop_printers_free(ocop_printer_queue *q, size_t n)
{
	if (!q)
		return;
	for (size_t i = 0; i < n; i++) {
		g_free(q[i].name);
		g_free(q[i].info);
		g_free(q[i].location);
		g_free(q[i].device_uri);
		g_free(q[i].state_message);
	}
	g_free(q);
}
