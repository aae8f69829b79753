/* ocoplabel — sending to a CUPS queue as a raw job, and listing the queues. */
#include "send.h"
#include "lazy.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>

/* ---- CUPS ---- */

/* libcups, loaded when a CUPS queue is first used (lazy.h) */
#define CUPS_FUNCS(X)                                                                                                  \
	X(cupsCancelJob2) X(cupsCreateJob) X(cupsEncryption) X(cupsFinishDocument) X(cupsFreeDests) X(cupsGetDests2)   \
	X(cupsGetNamedDest) X(cupsGetOption) X(cupsLastError) X(cupsLastErrorString) X(cupsServer)                     \
	X(cupsStartDocument) X(cupsWriteRequestData) X(httpClose) X(httpConnect2) X(httpError) X(httpReconnect2)       \
	X(httpSetTimeout) X(ippPort)
static struct {
	CUPS_FUNCS(OCOP_LAZY_FIELD)
} cups;
static const char *const cups_names[] = { CUPS_FUNCS(OCOP_LAZY_NAME) NULL };
/* NOTR: a soname and a Debian package */
static ocop_lazy_lib cups_lib = OCOP_LAZY_LIB("libcups.so.2", "libcups2", cups_names, cups);

void ocop_cups_close(http_t *http)
{
	cups.httpClose(http); /* (an open connection: libcups is loaded) */
}

/* " (to send to the file DEST, give its full path)" when DEST names a file here, else "" */
static const char *path_hint(const char *dest)
{
	/* TRANSLATORS: added to a message about a CUPS queue when a file of that name exists here; keep the space before it */
	return dest && access(dest, F_OK) == 0 ? _(" (to send to the file of that name, give its full path, /...)") : "";
}

/* a connection to the server libcups uses (CUPS_SERVER, client.conf, the local cupsd), or OCOP_EIO
 * (OCOP_ETIMEOUT) naming it; dest (or NULL) starts the message */
int ocop_cups_connect(http_t **out, const char *dest, double timeout)
{
	if (ocop_lazy_load(&cups_lib, OCOP_EIO) < 0)
		return OCOP_EIO;
	const char *server = cups.cupsServer();
	int port = cups.ippPort();
	char where[1100];
	if (server[0] == '/')
		snprintf(where, sizeof where, "%s", server);
	else
		snprintf(where, sizeof where, "%s:%d", server, port);
	/* created without connecting (msec 0): a name that cannot be looked up fails here, a server that
	 * does not answer in httpReconnect2() */
	http_t *http = cups.httpConnect2(server, port, NULL, AF_UNSPEC, cups.cupsEncryption(), 1, 0, NULL);
	if (!http)
		return ocop_set_error(OCOP_EIO, "%s%scannot find the CUPS server %s (%s)%s", dest ? dest : "", dest ? ": " : "",
		                      where, cups.cupsLastErrorString(), path_hint(dest));
	if (cups.httpReconnect2(http, (int)ceil(timeout * 1000), NULL) != 0) {
		cups.httpClose(http);
		/* libcups loses the connect's errno (httpError() says EHOSTDOWN): connect once more to learn it */
		char port_s[16];
		int fd, why, gai;
		snprintf(port_s, sizeof port_s, "%d", port);
		if (ocop_connect_addr(server, port_s, timeout, &fd, &why, &gai) == 0) {
			close(fd);
			why = ECONNRESET;
		}
		return ocop_set_error(why == ETIMEDOUT ? OCOP_ETIMEOUT : OCOP_EIO,
		                      "%s%scannot reach the CUPS server at %s (%s): is cupsd running? (CUPS_SERVER names "
		                      "another server)%s", dest ? dest : "", dest ? ": " : "", where,
		                      gai ? gai_strerror(gai) : g_strerror(why), path_hint(dest));
	}
	cups.httpSetTimeout(http, timeout, NULL, NULL);
	*out = http;
	return 0;
}

/* "q1, q2" of the server's queues, or NULL when it has none */
static char *queue_names(http_t *http)
{
	cups_dest_t *dests = NULL;
	int n = cups.cupsGetDests2(http, &dests);
	GString *s = g_string_new(NULL);
	for (int i = 0; i < n; i++) {
		if (dests[i].instance)
			continue;
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", dests[i].name);
	}
	cups.cupsFreeDests(n, dests);
	if (!s->len) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* cancels the CUPS job of c, on a connection of its own (the one of c may be in the middle of a
 * document); what the server says is not our caller's concern, so not ocop_cups_connect(), which would
 * set the error object that ocop_printer_abort() keeps */
void ocop_cups_cancel(ocop_printer_conn *c)
{
	if (!c->job_id)
		return;
	if (c->http) {
		cups.httpClose(c->http);
		c->http = NULL;
	}
	http_t *http = NULL;
	const char *server = cups.cupsServer();
	http = cups.httpConnect2(server, cups.ippPort(), NULL, AF_UNSPEC, cups.cupsEncryption(), 1,
	                         (int)ceil(c->timeout * 1000), NULL);
	if (http) {
		cups.httpSetTimeout(http, c->timeout, NULL, NULL);
		cups.cupsCancelJob2(http, c->queue, c->job_id, 0);
		cups.httpClose(http);
	}
	c->job_id = 0;
}

int ocop_cups_open(ocop_printer_conn **out, const char *dest, double timeout, const char *title)
{
	http_t *http = NULL;
	cups_dest_t *d = NULL;
	ocop_printer_conn *c = NULL;
	int err;
	pipe_guard g;
	ocop_pipe_guard_begin(&g);
	if ((err = ocop_cups_connect(&http, dest, timeout)) < 0)
		goto done;
	if (!(d = cups.cupsGetNamedDest(http, dest, NULL))) {
		ipp_status_t st = cups.cupsLastError();
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
			                     cups.cupsLastErrorString());
		}
		goto done;
	}
	c = ocop_conn_new(CONN_CUPS, dest, timeout);
	c->http = http;
	http = NULL;
	c->queue = g_strdup(d->name);
	char *job_title = ocop_oneline_utf8(title, -1);
	c->job_id = cups.cupsCreateJob(c->http, c->queue, job_title, 0, NULL);
	if (!c->job_id) {
		err = ocop_set_error(OCOP_EIO, "%s: CUPS refused the job (%s)", dest, cups.cupsLastErrorString());
		g_free(job_title);
		goto done;
	}
	http_status_t hs = cups.cupsStartDocument(c->http, c->queue, c->job_id, job_title, CUPS_FORMAT_RAW, 1);
	g_free(job_title);
	if (hs != HTTP_STATUS_CONTINUE) {
		err = ocop_set_error(OCOP_EIO, "%s: CUPS refused the document of job %d (%s)", dest, c->job_id,
		                     cups.cupsLastErrorString());
		goto done;
	}
	*out = c;
	c = NULL;
	err = 0;
done:
	if (c) {
		ocop_cups_cancel(c);
		ocop_conn_free(c);
	}
	if (d)
		cups.cupsFreeDests(1, d);
	if (http)
		cups.httpClose(http);
	ocop_pipe_guard_end(&g);
	return err;
}

int ocop_cups_write(ocop_printer_conn *c, const void *data, size_t len)
{
	const char *p = data;
	pipe_guard g;
	ocop_pipe_guard_begin(&g);
	int err = 0;
	while (len > 0) {
		/* httpWrite2 takes a size_t but CUPS counts in int and ssize_t: pieces of at most 1 MiB */
		size_t piece = len > 1048576 ? 1048576 : len;
		if (cups.cupsWriteRequestData(c->http, p, piece) != HTTP_STATUS_CONTINUE) {
			err = ocop_conn_fail(c, OCOP_EIO, _("the CUPS server stopped taking the job (%s)"),
			               cups.httpError(c->http) ? g_strerror(cups.httpError(c->http)) : cups.cupsLastErrorString());
			break;
		}
		c->sent += piece;
		p += piece;
		len -= piece;
	}
	ocop_pipe_guard_end(&g);
	return err;
}

int ocop_cups_finish(ocop_printer_conn *c)
{
	pipe_guard g;
	ocop_pipe_guard_begin(&g);
	ipp_status_t st = cups.cupsFinishDocument(c->http, c->queue);
	int err = 0;
	/* 0x0000-0x00ff are the successful IPP status codes */
	if (st > IPP_STATUS_OK_EVENTS_COMPLETE)
		err = ocop_conn_fail(c, OCOP_EIO, _("the CUPS server did not queue job %d (%s)"), c->job_id,
		                     cups.cupsLastErrorString());
	ocop_pipe_guard_end(&g);
	return err;
}

/* ---- listing the queues ---- */

static char *opt_dup(const cups_dest_t *d, const char *name)
{
	const char *v = cups.cupsGetOption(name, d->num_options, d->options);
	return ocop_oneline_utf8(v ? v : "", -1);
}

int ocop_printers_list(ocop_printer_queue **out, size_t *n)
{
	if (!out || !n)
		return ocop_set_error(OCOP_EINVAL, "%s", _("ocop_printers_list: NULL argument"));
	*out = NULL;
	*n = 0;
	http_t *http = NULL;
	int err;
	pipe_guard g;
	ocop_pipe_guard_begin(&g);
	if ((err = ocop_cups_connect(&http, NULL, DEFAULT_TIMEOUT)) < 0)
		goto done;
	cups_dest_t *dests = NULL;
	int nd = cups.cupsGetDests2(http, &dests);
	ipp_status_t st = cups.cupsLastError();
	if (nd == 0 && st > IPP_STATUS_OK_EVENTS_COMPLETE && st != IPP_STATUS_ERROR_NOT_FOUND) {
		err = ocop_set_error(OCOP_EIO, "the CUPS server at %s did not list its queues (%s)", cups.cupsServer(),
		                     cups.cupsLastErrorString());
		cups.cupsFreeDests(nd, dests);
		goto done;
	}
	ocop_printer_queue *q = nd > 0 ? g_new0(ocop_printer_queue, (gsize)nd) : NULL;
	size_t k = 0;
	for (int i = 0; i < nd; i++) {
		const cups_dest_t *d = &dests[i];
		if (d->instance)
			continue;
		q[k].name = ocop_oneline_utf8(d->name, -1);
		/* NOTR: an IPP attribute */
		q[k].info = opt_dup(d, "printer-info");
		/* NOTR: an IPP attribute */
		q[k].location = opt_dup(d, "printer-location");
		/* NOTR: an IPP attribute */
		q[k].device_uri = opt_dup(d, "device-uri");
		/* NOTR: an IPP attribute */
		q[k].state_message = opt_dup(d, "printer-state-message");
		/* NOTR: an IPP attribute; the states are the API's words (send.h), not translated */
		const char *s = cups.cupsGetOption("printer-state", d->num_options, d->options);
		q[k].state = !s ? "unknown" : strcmp(s, "3") == 0 ? "idle" : strcmp(s, "4") == 0 ? "printing"
		             : strcmp(s, "5") == 0 ? "stopped" : "unknown";
		/* NOTR: an IPP attribute */
		const char *acc = cups.cupsGetOption("printer-is-accepting-jobs", d->num_options, d->options);
		q[k].accepting = !acc || strcmp(acc, "false") != 0;
		q[k].is_default = d->is_default != 0;
		k++;
	}
	cups.cupsFreeDests(nd, dests);
	if (!k) {
		g_free(q);
		q = NULL;
	}
	*out = q;
	*n = k;
	err = 0;
done:
	if (http)
		cups.httpClose(http);
	ocop_pipe_guard_end(&g);
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
