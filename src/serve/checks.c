/* ocoplabel — the checks every request passes before its body is read: its target, its framing, the host it names, the page it comes from, the token. */
#include "http.h"
#include <string.h>

static char **allowed_hosts; /* Host headers that name this server (loopback mode) */

void serve_checks_start(const char *listen, unsigned port)
{
	allowed_hosts = g_new0(char *, 5);
	allowed_hosts[0] = g_strdup_printf("127.0.0.1:%u", port);
	allowed_hosts[1] = g_strdup_printf("localhost:%u", port);
	allowed_hosts[2] = g_strdup_printf("%s:%u", listen, port);
	allowed_hosts[3] = port == 80 ? g_strdup("127.0.0.1") : NULL;
}

void serve_checks_stop(void)
{
	g_strfreev(allowed_hosts);
	allowed_hosts = NULL;
}

bool serve_host_ok(struct MHD_Connection *c)
{
	if (serve_get_config()->token)
		return true; /* the token decides: a page elsewhere does not have it */
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (!host)
		return false;
	for (char **h = allowed_hosts; h && *h; h++)
		if (g_ascii_strcasecmp(host, *h) == 0)
			return true;
	return false;
}

bool serve_origin_ok(struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	if (!origin)
		return true; /* not a browser's cross-site request (curl, another program) */
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (!host || !g_str_has_prefix(origin, "http://"))
		return false;
	return g_ascii_strcasecmp(origin + 7, host) == 0;
}

bool serve_token_ok(struct MHD_Connection *c)
{
	if (!serve_get_config()->token)
		return true;
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (auth && g_str_has_prefix(auth, "Bearer ") && strcmp(auth + 7, serve_get_config()->token) == 0)
		return true;
	return false;
}

/* A target with a control character, raw or percent-encoded (%00 would cut the path short: the
 * asset app.js%00.txt), a space or a byte that is not ASCII. */
bool serve_target_ok(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f)
			return false;
		if (*p == '%' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])) {
			int v = g_ascii_xdigit_value((char)p[1]) * 16 + g_ascii_xdigit_value((char)p[2]);
			if (v < 0x20 || v == 0x7f)
				return false;
		}
	}
	return true;
}

typedef struct header_count {
	const char *name;
	int n;
	const char *first;
	bool differ;
} header_count;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	header_count *h = cls;
	if (key && g_ascii_strcasecmp(key, h->name) == 0) {
		if (h->n++ == 0)
			h->first = value;
		else if (g_strcmp0(h->first, value) != 0)
			h->differ = true;
	}
	return MHD_YES;
}

/* The framing of the body: a Content-Length given twice with two values, or a transfer coding other
 * than chunked, is refused at once (a proxy and this server could read different bodies, and
 * libmicrohttpd would wait for the end of an unknown one); 0, or the status with *msg. */
unsigned serve_framing(struct MHD_Connection *c, const char **msg)
{
	/* NOTR: an HTTP header */
	header_count cl = { "Content-Length", 0, NULL, false };
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &cl);
	if (cl.differ) {
		*msg = _("the request gives Content-Length twice with two values");
		return 400;
	}
	/* NOTR: an HTTP header */
	const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
	if (te && g_ascii_strcasecmp(te, "chunked") != 0 && g_ascii_strcasecmp(te, "identity") != 0) {
		*msg = _("the request's Transfer-Encoding is not chunked: it is not supported");
		return 501;
	}
	return 0;
}
