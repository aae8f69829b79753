/* ocoplabel — the web server: its configuration and limits, libmicrohttpd's thread pool with the guard and the workers, the address to open, a clean stop; the set-up without a socket for the fuzzer. */
#define _DEFAULT_SOURCE /* IFF_UP, IFF_LOOPBACK */
#include "http.h"
#include "api.h"
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static serve_config config;
static char *tmpdir;
static char *made_token;   /* the token of a shared address when --token gives none */

const serve_config *serve_get_config(void) { return &config; }

serve_limits serve_limit;

void serve_limits_read(void)
{
	static const struct { const char *name; size_t at; } names[] = {
		{ "serve_output_bytes", offsetof(serve_limits, output) },
		{ "serve_json_depth", offsetof(serve_limits, json_depth) },
		{ "serve_params", offsetof(serve_limits, params) },
		{ "serve_problems", offsetof(serve_limits, problems) },
		{ "serve_cell_chars", offsetof(serve_limits, cell_chars) },
		{ "serve_buffered_bytes", offsetof(serve_limits, buffered) },
		{ "serve_client_connections", offsetof(serve_limits, per_client) },
		{ "serve_connections", offsetof(serve_limits, connections) },
		{ "serve_head_seconds", offsetof(serve_limits, head_seconds) },
		{ "serve_request_seconds", offsetof(serve_limits, request_seconds) },
		{ "serve_print_timeout", offsetof(serve_limits, print_timeout) },
		{ "serve_print_seconds", offsetof(serve_limits, print_seconds) },
		{ "serve_stop_seconds", offsetof(serve_limits, stop_seconds) },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		*(long long *)((char *)&serve_limit + names[i].at) = ocop_limit_value(names[i].name);
}
const char *serve_tmpdir(void) { return tmpdir; }

void serve_remove_folder(const char *folder)
{
	GDir *d = g_dir_open(folder, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *p = g_build_filename(folder, n, NULL);
		unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	rmdir(folder);
}

static void rm_tmpdir(void)
{
	if (tmpdir)
		serve_remove_folder(tmpdir);
}

/* The addresses of this computer that other computers reach it by (its non-loopback IPv4 addresses),
 * for the line that says what to open. */
static char *lan_addresses(unsigned port, const char *token);

int serve_setup(const serve_config *cfg)
{
	config = *cfg;
	serve_limits_read();
	if (!config.listen)
		config.listen = "127.0.0.1";
	/* this computer alone: 127.0.0.1; any other address (127.0.0.2 too) is shared and needs the token */
	if (strcmp(config.listen, "127.0.0.1") != 0 && !config.token) {
		guint32 r[4] = { g_random_int(), g_random_int(), g_random_int(), g_random_int() };
		made_token = g_strdup_printf("%08x%08x%08x%08x", r[0], r[1], r[2], r[3]);
		config.token = made_token;
	}
	if (serve_pages_start(&config) < 0) {
		g_free(made_token);
		made_token = NULL;
		return 2;
	}
	GError *e = NULL;
	/* NOTR: a temporary folder's name */
	tmpdir = g_dir_make_tmp("ocoplabel-serve-XXXXXX", &e);
	if (!tmpdir) {
		fprintf(stderr, _("ocoplabel: cannot make a temporary folder: %s\n"), e->message);
		g_error_free(e);
		serve_pages_stop();
		g_free(made_token);
		made_token = NULL;
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (!config.threads)
		config.threads = (unsigned)g_get_num_processors();
	serve_guard_start();
	serve_work_start(config.threads);
	serve_capture_start();
	return 0;
}

void serve_teardown(void)
{
	serve_capture_stop();
	serve_guard_stop();
	rm_tmpdir();
	serve_pages_stop();
	serve_checks_stop();
	g_free(tmpdir);
	tmpdir = NULL;
	g_free(made_token);
	made_token = NULL;
}

struct MHD_Daemon *serve_daemon_start(unsigned flags, const struct sockaddr_in *addr)
{
	struct MHD_OptionItem o[10] = {
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)serve_completed, NULL },
		{ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)serve_on_uri, NULL },
		{ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)serve_on_connection, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, 60, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, (intptr_t)serve_limit.connections, NULL },
		{ MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)serve_limit.per_client, NULL },
	};
	size_t n = 6;
	if (addr) {
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, (void *)addr };
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)config.threads, NULL };
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL };
	}
	o[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	return MHD_start_daemon(flags | MHD_ALLOW_SUSPEND_RESUME, addr ? (uint16_t)config.port : 0, NULL, NULL,
	                        serve_handle, NULL, MHD_OPTION_ARRAY, o, MHD_OPTION_END);
}

int serve_run(const serve_config *cfg)
{
	const char *listen = cfg->listen ? cfg->listen : "127.0.0.1";
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port) };
	if (inet_pton(AF_INET, listen, &addr.sin_addr) != 1) {
		fprintf(stderr, _("ocoplabel: --listen: '%s' is not an IPv4 address (such as 127.0.0.1 or 0.0.0.0)\n"), listen);
		return 2;
	}
	/* signals are taken by sigwait in this thread; the threads started from here on inherit the mask */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP); /* the product files read again */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (serve_setup(cfg) != 0)
		return 2;
	struct MHD_Daemon *d = serve_daemon_start(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, &addr);
	if (!d) {
		fprintf(stderr, _("ocoplabel: cannot listen on %s:%u: %s\n"), config.listen, config.port, g_strerror(errno));
		serve_work_stop(0);
		serve_teardown();
		return 2;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : config.port;
	serve_checks_start(config.listen, port);
	if (config.token) {
		char *where = lan_addresses(port, config.token);
		/* TRANSLATORS: the last %s is the list of "from another computer" lines, each starting with a line break */
		printf(_("ocoplabel serve: open http://%s:%u/?token=%s (the token is needed from other computers)%s\n"),
		       strcmp(config.listen, "0.0.0.0") == 0 ? "127.0.0.1" : config.listen, port, config.token, where);
		g_free(where);
	} else {
		printf(_("ocoplabel serve: open http://%s:%u/ in your browser (Ctrl-C stops)\n"), config.listen, port);
	}
	fflush(stdout);
	int sig = 0;
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
		serve_pages_reload();
	printf(_("ocoplabel serve: stopping (%s); work in progress stops within %lld s, every request is answered\n"),
	       sig == SIGINT ? "SIGINT" : "SIGTERM", serve_limit.stop_seconds);
	fflush(stdout);
	/* no new connections; work in progress finishes, or is stopped (answered 503) when it cannot in time */
	MHD_quiesce_daemon(d);
	gint64 until = g_get_monotonic_time() + serve_limit.stop_seconds * G_USEC_PER_SEC;
	serve_work_stop(until - serve_limit.stop_seconds * G_USEC_PER_SEC / 4);
	while (g_get_monotonic_time() < until) {
		const union MHD_DaemonInfo *ci = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!ci || ci->num_connections == 0)
			break;
		g_usleep(20 * 1000);
	}
	MHD_stop_daemon(d);
	serve_teardown();
	printf("%s", _("ocoplabel serve: stopped\n"));
	return 0;
}

static char *lan_addresses(unsigned port, const char *token)
{
	struct ifaddrs *list = NULL;
	if (getifaddrs(&list) != 0)
		return g_strdup("");
	GString *s = g_string_new(NULL);
	for (struct ifaddrs *a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK) || !(a->ifa_flags & IFF_UP))
			continue;
		char ip[INET_ADDRSTRLEN];
		const struct sockaddr_in *in = (const struct sockaddr_in *)a->ifa_addr;
		if (!inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip))
			continue;
		if (strcmp(config.listen, "0.0.0.0") != 0 && strcmp(config.listen, ip) != 0)
			continue;
		g_string_append_printf(s, _("\nocoplabel serve: from another computer: http://%s:%u/?token=%s"), ip, port, token);
	}
	freeifaddrs(list);
	return g_string_free(s, FALSE);
}
