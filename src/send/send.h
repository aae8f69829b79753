/* ocoplabel — send: the printer connection shared by the senders: send.c (the object, its errors, writing to a
 * descriptor), socket.c, device.c and cups.c (not installed). */
#ifndef OCOP_SEND_H
#define OCOP_SEND_H

#include "util.h"
#include <cups/cups.h>
#include <limits.h>
#include <signal.h>

#define DEFAULT_TIMEOUT 10.0 /* seconds */

typedef enum { CONN_SOCKET, CONN_DEVICE, CONN_CUPS } conn_kind;

struct ocop_printer_conn {
	conn_kind kind;
	char *dest;                /* as the caller gave it, for messages */
	double timeout;            /* seconds */
	gint64 started, end_by;    /* when the job began, and its whole deadline or 0 (monotonic microseconds) */
	int fd;                    /* socket or device; -1 for CUPS */
	http_t *http;              /* CUPS: the connection that carries the document */
	char *queue;               /* CUPS: the queue's own name */
	int job_id;                /* CUPS: 0 until the job exists */
	unsigned long long sent;   /* bytes handed on */
	unsigned long long total;  /* bytes of the whole job when known (ocop_send_file, ocop_send_mem), else 0 */
	int err;                   /* the first failure, returned again by later writes and close */
	char *errmsg;
};

/* time: microseconds of the monotonic clock; deadlines for poll() */

static inline gint64 ocop_send_now(void) { return g_get_monotonic_time(); }

/* milliseconds left until deadline (microseconds), at least 0, for poll() */
static inline int ocop_ms_left(gint64 deadline)
{
	gint64 left = deadline - ocop_send_now();
	if (left <= 0)
		return 0;
	return left / 1000 >= INT_MAX ? INT_MAX : (int)((left + 999) / 1000);
}

static inline gint64 ocop_deadline_after(double seconds) { return ocop_send_now() + (gint64)(seconds * 1e6); }

/* the deadline of the next wait for progress: the timeout after now, within the whole job's */
static inline gint64 ocop_conn_deadline(const struct ocop_printer_conn *c);

/* Blocks SIGPIPE in the calling thread around a write; a SIGPIPE the write raises stays pending
 * (it is thread-directed) and is taken away before the old mask comes back. */
typedef struct pipe_guard {
	sigset_t old;
	int was_pending;
} pipe_guard;
void ocop_pipe_guard_begin(pipe_guard *g);
void ocop_pipe_guard_end(pipe_guard *g);

static inline gint64 ocop_conn_deadline(const struct ocop_printer_conn *c)
{
	gint64 d = ocop_deadline_after(c->timeout);
	return c->end_by && c->end_by < d ? c->end_by : d;
}
/* OCOP_ETIMEOUT for a wait that ran out: the whole job's time when that is what ended, else what (the timeout) */
int ocop_conn_timed_out(ocop_printer_conn *c, const char *what);

ocop_printer_conn *ocop_conn_new(conn_kind kind, const char *dest, double timeout);
void ocop_conn_free(ocop_printer_conn *c);
/* Marks the job failed part way: "DEST: WHAT: N of M bytes sent; the job was not printed whole".
 * Later writes and close return the same. fmt is in the thread's language: mark it with _(). */
int ocop_conn_fail(ocop_printer_conn *c, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* the saved failure in the error object again */
int ocop_conn_replay(ocop_printer_conn *c);
/* all of p to the socket or device, each wait bounded by the timeout after the last progress */
int ocop_conn_write(ocop_printer_conn *c, const unsigned char *p, size_t len);
/* what a broken connection or device is, in words (ocop_conn_fail) */
int ocop_conn_broken(ocop_printer_conn *c, int e);
/* the pending error of a socket (after POLLERR or POLLHUP), else fallback */
int ocop_socket_errno(int fd, int fallback);

/* socket.c: socket://HOST[:PORT] */
int ocop_socket_open(ocop_printer_conn **out, const char *dest, double timeout);
int ocop_socket_finish(ocop_printer_conn *c);
/* A connected socket to host:port (a Unix socket when host starts with /) within timeout: 0 and *fd, or -1
 * with *why (an errno value) or *gai (a getaddrinfo() error). */
int ocop_connect_addr(const char *host, const char *port, double timeout, int *fd, int *why, int *gai);
/* device.c: a printer device or FIFO */
int ocop_device_open(ocop_printer_conn **out, const char *dest, double timeout);
int ocop_device_finish(ocop_printer_conn *c);
/* cups.c: a CUPS queue (a raw job) */
int ocop_cups_open(ocop_printer_conn **out, const char *dest, double timeout, const char *title);
int ocop_cups_write(ocop_printer_conn *c, const void *data, size_t len);
int ocop_cups_finish(ocop_printer_conn *c);
void ocop_cups_cancel(ocop_printer_conn *c);
void ocop_cups_close(http_t *http); /* a connection ocop_cups_open() made */

#endif
