/* ocoplabel — sending to socket://HOST[:PORT]: the raw TCP port of a network label printer (9100). */
#include "send.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define DEFAULT_PORT "9100"

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
	case ECONNREFUSED: return _("connection refused (nothing listens on that port: is it the printer's raw port, usually 9100?)");
	case EHOSTUNREACH: return _("host unreachable (is the printer on and on this network?)");
	case ENETUNREACH: return _("network unreachable (is this computer on the printer's network?)");
	case ECONNRESET: return _("connection reset by the printer");
	default: return NULL;
	}
}

/* Connects a non-blocking stream socket to one of the addresses of host:port (or to the Unix socket
 * at host when it starts with "/"), all within timeout. 0 and *fd; else -1 with *why an errno value
 * (ETIMEDOUT when the timeout passed), or with *gai a getaddrinfo() error. */
int ocop_connect_addr(const char *host, const char *port, double timeout, int *fd, int *why, int *gai)
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
	gint64 deadline = ocop_deadline_after(timeout);
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
				r = poll(&pfd, 1, ocop_ms_left(deadline));
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

int ocop_socket_open(ocop_printer_conn **out, const char *dest, double timeout)
{
	char *host = NULL, *port = NULL;
	int err, fd, why, gai;
	if ((err = parse_socket_dest(dest, &host, &port)) < 0)
		return err;
	if (ocop_connect_addr(host, port, timeout, &fd, &why, &gai) < 0) {
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
		ocop_printer_conn *c = ocop_conn_new(CONN_SOCKET, dest, timeout);
		c->fd = fd;
		*out = c;
	}
	g_free(host);
	g_free(port);
	return err;
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
int ocop_socket_finish(ocop_printer_conn *c)
{
	if (shutdown(c->fd, SHUT_WR) < 0)
		return ocop_conn_broken(c, errno);
	gint64 deadline = ocop_conn_deadline(c);
	int last = -1, outq, eof = 0;
	while ((outq = unacked(c->fd)) > 0) {
		if (outq != last) {
			last = outq;
			deadline = ocop_conn_deadline(c);
		}
		if (ocop_ms_left(deadline) == 0) {
			char *what = g_strdup_printf(_("the printer did not take the end of the job within %g s"), c->timeout);
			int err = ocop_conn_timed_out(c, what);
			g_free(what);
			return err;
		}
		struct pollfd pfd = { .fd = c->fd, .events = eof ? 0 : POLLIN };
		if (poll(&pfd, 1, 20) > 0) {
			/* both directions closed, or reset, with bytes unacknowledged: the printer went away */
			if ((pfd.revents & (POLLERR | POLLHUP)) && unacked(c->fd) > 0)
				return ocop_conn_broken(c, ocop_socket_errno(c->fd, EPIPE));
			if (pfd.revents & POLLIN)
				eof = drain(c->fd);
		}
	}
	drain(c->fd);
	return 0;
}
