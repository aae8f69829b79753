/* ocoplabel fuzz target — the web server's HTTP handling, in-process: libmicrohttpd's daemon with the
 * server's own callbacks (src/serve: request.c, checks.c, params.c, the endpoints, the workers, the guard),
 * set up as `ocoplabel serve` sets it up (serve_setup, serve_checks_start, serve_daemon_start) but with no
 * listening socket: each input is one connection (a socketpair given to MHD_add_connection) and the daemon
 * is run from here (MHD_run) until the server has answered, closed, or made no progress.
 *
 * The input: a first byte that says how the rest is sent, then the rest as the raw bytes of the connection
 * (request line, headers, body; several requests pipelined). The first byte's low two bits: the whole at
 * once, or its first 4 KiB in pieces of 3, 61 or 1021 bytes with the server run between them; bit 2: the
 * client shuts its writing side once it has sent everything (else it waits for the answers). Seeds start
 * with '0'..'7' (0x30..0x37).
 *
 * The server: loopback mode (no token; the Host must be 127.0.0.1:8080 or localhost:8080), --max-upload
 * 4096 (so that a chunked body past it, refused midway, is within the fuzzer's lengths), --max-labels 20,
 * two workers, --today 2026-06-01, --products with three rows (the resolver's pages answer /01/... and
 * /.well-known/gs1resolver), no --printer: /api/print takes CUPS queue names only, and CUPS_SERVER names a
 * socket that does not exist, so no request reaches a printer or a CUPS server.
 *
 * Not reached from here: the token (a shared address), the guard's deadlines (seconds), the limits of
 * connections and of bytes held across connections (one connection at a time, 4 KiB), a value over 64 KiB,
 * CUPS answering, and serve_run itself (listening, signals, the stop).
 *
 * What must hold: the answers start with a status line; none is a 500 (the server's own fault: a client's
 * mistake is a 4xx, the other 5xx say busy, a printer's failure or no room for the upload); no answer names
 * the server's temporary folder (uploads and documents are there; messages name the upload by the client's
 * name for it). */
#include "http.h"
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PORT 8080               /* the port the allowed Host headers name (checks.c) */
#define MAX_OUTPUT (16u << 20)  /* the answers kept for the checks */
#define SECONDS 8               /* an input's time (libFuzzer's -timeout is 10) */

static struct MHD_Daemon *daemon_;
static char products_path[] = "/tmp/fuzz-http-products-XXXXXX";

static void stop(void)
{
	serve_work_stop(0);
	MHD_stop_daemon(daemon_);
	serve_teardown();
	unlink(products_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* a CUPS queue a request names (/api/print, /api/printers) is looked for here, and is not found */
	setenv("CUPS_SERVER", "/nonexistent/ocoplabel-fuzz-http/cups.sock", 1);
	static const char csv[] =
		"name,producer,address,stars,gtin,growing_area,packing_facility,lot,expiry_date,ocop_cert_date,trace_url\n"
		"T<b>x</b>,HTX,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2611,01/11/2028,15/03/2025,https://t.example/a\n"
		"T2,HTX,Ba Chẽ,4,8936012346107,VN-QNOR-0012,VN-QNPH-003,TH2605,01/05/2028,15/03/2022,\n"
		"M,HTX,Bình Liêu,3,8936012346114,VN-QNOR-0031,VN-QNPH-005,,,,\n";
	int fd = mkstemp(products_path);
	if (fd < 0 || write(fd, csv, sizeof csv - 1) != (ssize_t)(sizeof csv - 1))
		abort();
	close(fd);
	static const char *products[1];
	products[0] = products_path;
	serve_config cfg = {
		.listen = "127.0.0.1", .port = PORT, .max_upload = 4096, .threads = 2, .template_name = "product-100x70",
		.today = "2026-06-01", .products = products, .n_products = 1, .max_labels = 20,
	};
	if (serve_setup(&cfg) != 0)
		abort();
	serve_checks_start(cfg.listen, PORT);
	daemon_ = serve_daemon_start(MHD_USE_NO_LISTEN_SOCKET, NULL);
	if (!daemon_)
		abort();
	atexit(stop);
	return 0;
}

/* One turn of the daemon: wait up to ms for its sockets (or a worker's resume), then run it. */
static void turn(int ms)
{
	fd_set rs, ws, es;
	MHD_socket max = 0;
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_ZERO(&es);
	if (ms > 0 && MHD_get_fdset(daemon_, &rs, &ws, &es, &max) == MHD_YES) {
		struct timeval tv = { 0, ms * 1000 };
		select(max + 1, &rs, &ws, &es, &tv);
	}
	MHD_run(daemon_);
}

/* What the server has written so far, kept (up to MAX_OUTPUT); the bytes read, -1 at its end. */
static long drain(int fd, GString *out)
{
	char buf[65536];
	long got = 0;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n > 0) {
			if (out->len + (size_t)n <= MAX_OUTPUT)
				g_string_append_len(out, buf, n);
			got += n;
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			return -1;
		} else {
			return got;
		}
	}
}

/* the bytes sent that the server has not read yet */
static int unread(int fd)
{
	int n = 0;
	return ioctl(fd, SIOCOUTQ, &n) == 0 ? n : -1;
}

static bool starts_response(const char *s, const char *end) { return end - s >= 7 && memcmp(s, "HTTP/1.", 7) == 0; }

/* Whether one of the answers, one after another on the connection, has the status 500 (their bodies skipped
 * by their Content-Length, or none after a HEAD; the rest unread when that cannot be told). */
static bool has_500(const char *s, size_t len)
{
	const char *end = s + len;
	while (starts_response(s, end) && end - s > 12) {
		if (memcmp(s + 8, " 500", 4) == 0)
			return true;
		const char *head_end = memmem(s, (size_t)(end - s), "\r\n\r\n", 4);
		if (!head_end)
			break;
		const char *body = head_end + 4, *cl = g_strstr_len(s, head_end - s, "\r\nContent-Length: ");
		long long n = cl ? g_ascii_strtoll(cl + 18, NULL, 10) : 0;
		if (s[9] == '1')
			s = body; /* 100 Continue */
		else if (n > 0 && n <= end - body && (body + n == end || starts_response(body + n, end)))
			s = body + n;
		else if (body == end || starts_response(body, end))
			s = body; /* an answer to HEAD */
		else
			break;
	}
	return false;
}

static unsigned connections(void)
{
	const union MHD_DaemonInfo *ci = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return ci ? ci->num_connections : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const size_t pieces[] = { 0, 3, 61, 1021 };
	size_t piece = pieces[data[0] & 3];
	bool half_close = data[0] & 4;
	data++;
	size--;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0)
		abort();
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(40000),
	                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (MHD_add_connection(daemon_, sv[1], (struct sockaddr *)&peer, sizeof peer) != MHD_YES) {
		close(sv[0]); /* MHD closed sv[1] */
		return 0;
	}
	GString *out = g_string_new(NULL);
	gint64 deadline = g_get_monotonic_time() + SECONDS * G_USEC_PER_SEC;
	bool open = true;
	/* the request, in pieces or at once, the server run between them; stopped when the server no longer
	 * reads (it waits for nothing but this client) */
	for (size_t at = 0, stalled = 0; open && at < size && stalled < 20 && g_get_monotonic_time() < deadline;) {
		size_t n = size - at;
		if (piece && at < 4096 && n > piece)
			n = piece;
		int before = unread(sv[0]);
		ssize_t w = send(sv[0], data + at, n, MSG_NOSIGNAL);
		if (w > 0)
			at += (size_t)w;
		else if (w < 0 && errno != EAGAIN && errno != EINTR)
			break; /* the server has closed */
		turn(w > 0 ? 0 : 1);
		long got = drain(sv[0], out);
		open = got >= 0;
		stalled = w <= 0 && got == 0 && unread(sv[0]) == before && serve_work_pending() == 0 ? stalled + 1 : 0;
	}
	if (half_close)
		shutdown(sv[0], SHUT_WR);
	/* the answers: until the server closes, or makes no progress twice while no worker has its request */
	for (int quiet = 0; open && quiet < 2 && g_get_monotonic_time() < deadline;) {
		int before = unread(sv[0]);
		turn(1);
		long got = drain(sv[0], out);
		open = got >= 0;
		quiet = got == 0 && unread(sv[0]) == before && serve_work_pending() == 0 ? quiet + 1 : 0;
	}
	/* the client goes: the server closes the connection (a worker's request is stopped) */
	close(sv[0]);
	while (connections() > 0 && g_get_monotonic_time() < deadline + 2 * G_USEC_PER_SEC)
		turn(1);
	if (out->len && !g_str_has_prefix(out->str, "HTTP/1."))
		abort();
	if (has_500(out->str, out->len))
		abort();
	/* the folder's name, unless the request holds its random part (the fuzzer learns it from the server's
	 * own comparisons and may send it, in a value of its own, which comes back) */
	const char *tmp = serve_tmpdir();
	const char *secret = tmp + strlen(tmp) - 6;
	if (memmem(out->str, out->len, tmp, strlen(tmp)) && !memmem(data, size, secret, 6))
		abort();
	g_string_free(out, TRUE);
	return 0;
}
