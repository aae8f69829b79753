/* ocoplabel tests — send.h: options, NULL arguments, and a connection that fails part way (every later call fails alike, never 0). */
#include "util.h" /* ocop_set_error */
#include "testutil.h"
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_options(void)
{
	ocop_send_options o;
	CHECK(ocop_send_options_init(&o, OCOP_SEND_OPTIONS_VERSION) == 0, "init");
	CHECK(o.version == OCOP_SEND_OPTIONS_VERSION && o.timeout == 0 && o.title == NULL, "init: the defaults");
	CHECK(ocop_send_options_init(&o, 99) == OCOP_EINVAL, "init: unknown version");
	CHECK(ocop_send_options_init(NULL, OCOP_SEND_OPTIONS_VERSION) == OCOP_EINVAL, "init: NULL");

	/* bad options are refused before DEST is looked at */
	static const struct { int version; double timeout; const char *want; } rows[] = {
		/* 0 */ { 3, 0, "ocop_send_options: unknown version 3 (this library has versions 1 to 2; initialise the options with OCOP_SEND_OPTIONS_INIT or ocop_send_options_init())" },
		/* 1 */ { 0, 0, "ocop_send_options: unknown version 0 (this library has versions 1 to 2; initialise the options with OCOP_SEND_OPTIONS_INIT or ocop_send_options_init())" },
		/* 2 */ { 1, -1, "ocop_send_options: timeout -1 s is not from 0 (the default, 10 s) to 3600 s" },
		/* 3 */ { 1, 3601, "ocop_send_options: timeout 3601 s is not from 0 (the default, 10 s) to 3600 s" },
		/* 4 */ { 1, NAN, "ocop_send_options: timeout nan s is not from 0 (the default, 10 s) to 3600 s" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_send_options bad = { .version = rows[i].version, .timeout = rows[i].timeout };
		ocop_printer_conn *c = (ocop_printer_conn *)&bad; /* must be set to NULL */
		char ctx[32];
		snprintf(ctx, sizeof ctx, "options row %zu", i);
		CHECK(ocop_printer_open(&c, "/dev/null", &bad) == OCOP_EINVAL, "%s", ctx);
		CHECK(c == NULL, "%s: out set to NULL", ctx);
		CHECK_STR(ocop_error_last(), rows[i].want, ctx);
		CHECK_STR(ocop_error_code(), "argument", ctx);
	}
}

static void test_null(void)
{
	CHECK(ocop_printer_open(NULL, "q", NULL) == OCOP_EINVAL, "open: NULL out");
	ocop_printer_conn *c = NULL;
	CHECK(ocop_printer_open(&c, NULL, NULL) == OCOP_EINVAL, "open: NULL dest");
	CHECK(ocop_printer_write(NULL, "x", 1) == OCOP_EINVAL, "write: NULL");
	CHECK(ocop_printer_close(NULL) == OCOP_EINVAL, "close: NULL");
	ocop_printer_abort(NULL);
	CHECK(ocop_send_mem("/dev/null", NULL, 5, NULL) == OCOP_EINVAL, "send_mem: NULL data");
	CHECK(ocop_send_mem("/dev/null", "x", 0, NULL) == OCOP_EINVAL, "send_mem: nothing");
	CHECK(ocop_send_file("/dev/null", NULL, NULL) == OCOP_EINVAL, "send_file: NULL path");
	CHECK(ocop_printers_list(NULL, NULL) == OCOP_EINVAL, "list: NULL");
	ocop_printers_free(NULL, 3);
}

/* a printer that takes 1000 bytes and resets the connection */
typedef struct { int listen_fd; } peer;

static void *reset_peer(void *arg)
{
	peer *p = arg;
	int c = accept(p->listen_fd, NULL, NULL);
	if (c >= 0) {
		char buf[1000];
		size_t got = 0;
		ssize_t n;
		while (got < sizeof buf && (n = recv(c, buf, sizeof buf - got, 0)) > 0)
			got += (size_t)n;
		struct linger lg = { 1, 0 };
		setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		close(c);
	}
	return NULL;
}

static void test_broken(void)
{
	/* the default SIGPIPE action: a send that raised it would end this test */
	signal(SIGPIPE, SIG_DFL);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 1) == 0 &&
	      getsockname(lfd, (struct sockaddr *)&a, &al) == 0, "listener");
	peer p = { lfd };
	pthread_t th;
	pthread_create(&th, NULL, reset_peer, &p);
	char dest[64];
	snprintf(dest, sizeof dest, "socket://127.0.0.1:%d", ntohs(a.sin_port));
	ocop_send_options o = OCOP_SEND_OPTIONS_INIT;
	o.timeout = 5;
	ocop_printer_conn *c = NULL;
	CHECK(ocop_printer_open(&c, dest, &o) == 0, "open %s: %s", dest, ocop_error_last());
	static unsigned char piece[65536];
	int err = 0;
	for (int i = 0; i < 1000 && c && !err; i++)
		err = ocop_printer_write(c, piece, sizeof piece);
	CHECK(err == OCOP_EIO, "the write fails: %d %s", err, ocop_error_last());
	char *first = g_strdup(ocop_error_last());
	CHECK(strstr(first, "bytes sent; the job was not printed whole") != NULL, "message: %s", first);
	/* every later call fails with the same error; close never gives 0 */
	ocop_error_clear();
	CHECK(ocop_printer_write(c, piece, 10) == OCOP_EIO, "a later write");
	CHECK_STR(ocop_error_last(), first, "a later write: the same message");
	ocop_error_clear();
	CHECK(ocop_printer_write(c, piece, 0) == OCOP_EIO, "a later empty write");
	ocop_error_clear();
	CHECK(ocop_printer_close(c) == OCOP_EIO, "close after a failed write");
	CHECK_STR(ocop_error_last(), first, "close: the same message");
	pthread_join(th, NULL);
	close(lfd);
	g_free(first);
}

static void test_abort_keeps_error(void)
{
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 1) == 0 &&
	      getsockname(lfd, (struct sockaddr *)&a, &al) == 0, "listener");
	char dest[64];
	snprintf(dest, sizeof dest, "socket://127.0.0.1:%d", ntohs(a.sin_port));
	ocop_printer_conn *c = NULL;
	CHECK(ocop_printer_open(&c, dest, NULL) == 0, "open: %s", ocop_error_last());
	ocop_set_error(OCOP_EIO, "%s", "the caller's error");
	ocop_printer_abort(c);
	CHECK_STR(ocop_error_last(), "the caller's error", "abort keeps the error object");
	close(lfd);
}

int main(void)
{
	test_options();
	test_null();
	test_broken();
	test_abort_keeps_error();
	return t_done("test_send");
}
