/* ocoplabel — the capture client: an EPCIS document POSTed to a repository's /capture, its capture job followed until it ends, the capture on record. */
#include "epcis.h"
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

int ocop_epcis_capture_options_init(ocop_epcis_capture_options *opts, int version)
{
	if (!opts || version != OCOP_EPCIS_CAPTURE_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_epcis_capture_options_init: version %d, this library has %d", version,
		                      OCOP_EPCIS_CAPTURE_OPTIONS_VERSION);
	*opts = (ocop_epcis_capture_options)OCOP_EPCIS_CAPTURE_OPTIONS_INIT;
	return 0;
}

/* the largest answer read: a capture job's status or a problem document is small */
#define ANSWER_MAX (1024 * 1024)

typedef struct answer {
	int status;
	char *location;   /* the Location header, or NULL */
	char *type;       /* Content-Type, or NULL */
	GString *body;
} answer;

static void answer_clear(answer *a)
{
	g_free(a->location);
	g_free(a->type);
	if (a->body)
		g_string_free(a->body, TRUE);
	memset(a, 0, sizeof *a);
}

/* a chunked body made whole; false when it is not one */
static bool dechunk(GString *body)
{
	GString *out = g_string_new(NULL);
	const char *p = body->str, *end = body->str + body->len;
	for (;;) {
		char *e = NULL;
		unsigned long long n = g_ascii_strtoull(p, &e, 16);
		const char *nl = e ? strstr(e, "\r\n") : NULL;
		if (!e || e == p || !nl || (unsigned long long)(end - (nl + 2)) < n) {
			g_string_free(out, TRUE);
			return false;
		}
		if (n == 0)
			break;
		g_string_append_len(out, nl + 2, (gssize)n);
		p = nl + 2 + n + 2;
		if (p > end) {
			g_string_free(out, TRUE);
			return false;
		}
	}
	g_string_truncate(body, 0);
	g_string_append_len(body, out->str, (gssize)out->len);
	g_string_free(out, TRUE);
	return true;
}

/* One HTTP/1.1 request (Connection: close) and its answer. */
static int request(answer *a, const char *method, const char *url, const char *body, size_t len,
                   const ocop_epcis_capture_options *o)
{
	memset(a, 0, sizeof *a);
	GError *e = NULL;
	GUri *u = g_uri_parse(url, G_URI_FLAGS_ENCODED, &e);
	const char *scheme = u ? g_uri_get_scheme(u) : NULL;
	if (!u || !g_uri_get_host(u) || (g_ascii_strcasecmp(scheme, "http") != 0 && g_ascii_strcasecmp(scheme, "https") != 0)) {
		if (e)
			g_error_free(e);
		if (u)
			g_uri_unref(u);
		return ocop_set_error(OCOP_EINVAL, "'%s' is not the http(s) address of an EPCIS repository", url);
	}
	bool tls = g_ascii_strcasecmp(scheme, "https") == 0;
	int port = g_uri_get_port(u) > 0 ? g_uri_get_port(u) : tls ? 443 : 80;
	GSocketClient *c = g_socket_client_new();
	g_socket_client_set_timeout(c, o->timeout);
	g_socket_client_set_tls(c, tls);
	GSocketConnection *conn = g_socket_client_connect_to_host(c, g_uri_get_host(u), (guint16)port, NULL, &e);
	int err = 0;
	if (!conn) {
		bool slow = e && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
		err = ocop_set_error(slow ? OCOP_ETIMEOUT : OCOP_EIO, "cannot reach the EPCIS repository %s: %s", url,
		                     e ? e->message : "?");
		goto done;
	}
	const char *path = *g_uri_get_path(u) ? g_uri_get_path(u) : "/";
	const char *query = g_uri_get_query(u);
	GString *h = g_string_new(NULL);
	/* NOTR: HTTP */
	g_string_append_printf(h, "%s %s%s%s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\nAccept: application/json, "
	                       "application/problem+json\r\nGS1-EPCIS-Version: 2.0.0\r\nGS1-CBV-Version: 2.0.0\r\n",
	                       method, path, query ? "?" : "", query ? query : "", g_uri_get_host(u), port);
	if (o->token && *o->token)
		/* NOTR: HTTP */
		g_string_append_printf(h, "Authorization: Bearer %s\r\n", o->token);
	if (body)
		/* NOTR: HTTP */
		g_string_append_printf(h, "Content-Type: application/ld+json\r\nGS1-Capture-Error-Behaviour: rollback\r\n"
		                       "Content-Length: %zu\r\n", len);
	g_string_append(h, "\r\n");
	GOutputStream *os = g_io_stream_get_output_stream(G_IO_STREAM(conn));
	gsize wrote = 0;
	bool ok = g_output_stream_write_all(os, h->str, h->len, &wrote, NULL, &e) &&
	          (!body || g_output_stream_write_all(os, body, len, &wrote, NULL, &e));
	g_string_free(h, TRUE);
	GString *in = g_string_new(NULL);
	GInputStream *is = g_io_stream_get_input_stream(G_IO_STREAM(conn));
	char buf[16384];
	gssize n = 0;
	while (ok && (n = g_input_stream_read(is, buf, sizeof buf, NULL, &e)) > 0 && in->len < ANSWER_MAX)
		g_string_append_len(in, buf, n);
	if (!ok || n < 0) {
		bool slow = e && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
		err = slow ? ocop_set_error(OCOP_ETIMEOUT, "the EPCIS repository %s gave no answer within %u s", url, o->timeout)
		           : ocop_set_error(OCOP_EIO, "the EPCIS repository %s broke the connection: %s", url, e ? e->message : "?");
		g_string_free(in, TRUE);
		goto done;
	}
	const char *sep = strstr(in->str, "\r\n\r\n");
	int major = 0, minor = 0;
	if (!sep || sscanf(in->str, "HTTP/%d.%d %d", &major, &minor, &a->status) != 3) {
		err = ocop_set_error(OCOP_EIO, "the EPCIS repository %s answered something that is not HTTP", url);
		g_string_free(in, TRUE);
		goto done;
	}
	bool chunked = false;
	char *head = g_strndup(in->str, (gsize)(sep - in->str));
	char **lines = g_strsplit(head, "\r\n", -1);
	g_free(head);
	for (size_t i = 1; lines[i]; i++) {
		char *colon = strchr(lines[i], ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *v = g_strstrip(colon + 1);
		if (g_ascii_strcasecmp(lines[i], "Location") == 0)
			a->location = g_strdup(v);
		else if (g_ascii_strcasecmp(lines[i], "Content-Type") == 0)
			a->type = g_strdup(v);
		else if (g_ascii_strcasecmp(lines[i], "Transfer-Encoding") == 0 && g_ascii_strcasecmp(v, "chunked") == 0)
			chunked = true;
	}
	g_strfreev(lines);
	a->body = g_string_new_len(sep + 4, (gssize)(in->str + in->len - (sep + 4)));
	if (chunked)
		dechunk(a->body);
	g_string_free(in, TRUE);
done:
	if (e)
		g_error_free(e);
	if (conn)
		g_object_unref(conn);
	g_object_unref(c);
	g_uri_unref(u);
	return err;
}

/* "title: detail" of a problem document (RFC 7807), or the start of the body */
static char *problem_of(const answer *a)
{
	JsonParser *p = json_parser_new();
	char *out = NULL;
	if (a->body && a->body->len && json_parser_load_from_data(p, a->body->str, (gssize)a->body->len, NULL) &&
	    JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
		JsonObject *o = json_node_get_object(json_parser_get_root(p));
		const char *title = json_object_get_string_member_with_default(o, "title", NULL);
		const char *detail = json_object_get_string_member_with_default(o, "detail", NULL);
		const char *type = json_object_get_string_member_with_default(o, "type", NULL);
		if (title || detail)
			out = g_strdup_printf("%s%s%s", title ? title : "", title && detail ? ": " : "", detail ? detail : "");
		else if (type)
			out = g_strdup(type);
	}
	g_object_unref(p);
	if (!out && a->body)
		out = g_utf8_make_valid(a->body->str, MIN((gssize)a->body->len, 200));
	return out ? out : g_strdup("");
}

/* What an answer that is not a success means. */
static int refused(const answer *a, const char *url)
{
	char *why = problem_of(a);
	int err;
	if (a->status == 401 || a->status == 403)
		err = ocop_set_error(OCOP_EREJECTED, "the EPCIS repository %s refused the access (HTTP %d): check the token "
		                     "(--capture-token-file); %s", url, a->status, why);
	else if (a->status >= 400 && a->status < 500)
		err = ocop_set_error(OCOP_EREJECTED, "the EPCIS repository %s refused the document (HTTP %d): %s", url,
		                     a->status, why);
	else
		err = ocop_set_error(OCOP_EIO, "the EPCIS repository %s failed (HTTP %d): %s", url, a->status, why);
	g_free(why);
	return err;
}

/* The capture job at job until it has finished (EPCIS 2.0 capture job: running, success, errors). */
static int follow(const char *job, const char *url, const ocop_epcis_capture_options *o, int *status)
{
	gint64 until = g_get_monotonic_time() + (gint64)o->wait * G_USEC_PER_SEC;
	for (;;) {
		answer a;
		int err = request(&a, "GET", job, NULL, 0, o);
		*status = a.status;
		if (err == 0 && a.status != 200)
			err = refused(&a, job);
		JsonParser *p = json_parser_new();
		JsonObject *st = NULL;
		if (err == 0 && json_parser_load_from_data(p, a.body->str, (gssize)a.body->len, NULL) &&
		    JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
			st = json_node_get_object(json_parser_get_root(p));
		if (err == 0 && !st)
			err = ocop_set_error(OCOP_EIO, "the EPCIS repository %s answered its capture job %s with something that is "
			                     "not one", url, job);
		bool running = st && json_object_get_boolean_member_with_default(st, "running", FALSE);
		if (err == 0 && !running && !json_object_get_boolean_member_with_default(st, "success", FALSE)) {
			JsonArray *errors = json_object_has_member(st, "errors") &&
			                            JSON_NODE_HOLDS_ARRAY(json_object_get_member(st, "errors"))
			                    ? json_object_get_array_member(st, "errors")
			                    : NULL;
			answer first = { 0 };
			if (errors && json_array_get_length(errors) > 0) {
				JsonGenerator *g = json_generator_new();
				json_generator_set_root(g, json_array_get_element(errors, 0));
				first.body = g_string_new(NULL);
				char *s = json_generator_to_data(g, NULL);
				g_string_assign(first.body, s);
				g_free(s);
				g_object_unref(g);
			}
			char *why = first.body ? problem_of(&first) : g_strdup("");
			err = ocop_set_error(OCOP_EREJECTED, "the EPCIS repository %s did not capture the document: its capture job "
			                     "%s ended with errors: %s", url, job, why);
			g_free(why);
			answer_clear(&first);
		}
		g_object_unref(p);
		answer_clear(&a);
		if (err < 0 || !running)
			return err;
		if (g_get_monotonic_time() >= until)
			return ocop_set_error(OCOP_ETIMEOUT, "the capture job %s of the EPCIS repository %s had not finished after "
			                      "%u s; it is not recorded as accepted (send again later: the events keep their "
			                      "eventIDs)", job, url, o->wait);
		g_usleep((gulong)o->poll_ms * 1000);
	}
}

int ocop_epcis_capture(ocop_epcis_capture_result *out, ocop_registry *reg, const char *url,
                       const ocop_epcis_options *events, const ocop_epcis_capture_options *opts)
{
	ocop_epcis_capture_result dummy;
	if (!out)
		out = &dummy;
	memset(out, 0, sizeof *out);
	ocop_epcis_capture_options o = OCOP_EPCIS_CAPTURE_OPTIONS_INIT;
	if (opts && opts->version != OCOP_EPCIS_CAPTURE_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_epcis_capture: options version %d, this library has %d", opts->version,
		                      OCOP_EPCIS_CAPTURE_OPTIONS_VERSION);
	if (opts)
		o = *opts;
	o.timeout = o.timeout ? o.timeout : 30;
	o.wait = o.wait ? o.wait : 300;
	o.poll_ms = o.poll_ms ? o.poll_ms : 1000;
	if (!reg || !url)
		return ocop_set_error(OCOP_EINVAL, "ocop_epcis_capture: NULL argument");
	ocop_epcis_options ev = OCOP_EPCIS_OPTIONS_INIT;
	if (events)
		ev = *events;
	GPtrArray *list = NULL;
	int err = ocop_epcis_events(&list, reg, &ev);
	if (err < 0)
		return err;
	size_t len = 0;
	char *doc = ocop_epcis_write(list, ev.created, &len);
	GArray *runs = ocop_epcis_runs_of(list);
	out->events = list->len;
	char *base = g_str_has_suffix(url, "/") ? g_strndup(url, strlen(url) - 1) : g_strdup(url);
	char *target = g_strdup_printf("%s/capture", base);
	char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)doc, len);
	/* on record before it is sent: a program stopped now leaves it "sending", never "accepted" */
	err = ocop_registry_capture_begin(&out->capture, reg, base, (const long long *)(void *)runs->data, runs->len,
	                                  list->len, sha);
	answer a = { 0 };
	if (err == 0)
		err = request(&a, "POST", target, doc, len, &o);
	out->http_status = a.status;
	if (err == 0 && a.status == 202) {
		if (!a.location)
			err = ocop_set_error(OCOP_EIO, "the EPCIS repository %s accepted the document (202) without the address "
			                     "of its capture job (Location): whether it was captured cannot be known", base);
		else {
			char *job = g_uri_resolve_relative(target, a.location, G_URI_FLAGS_NONE, NULL);
			g_strlcpy(out->job, job ? job : a.location, sizeof out->job);
			g_free(job);
			err = follow(out->job, base, &o, &out->http_status);
		}
	} else if (err == 0 && a.status != 200 && a.status != 201) {
		err = refused(&a, base);
	}
	if (out->capture) {
		void *saved = err < 0 ? ocop_error_save() : NULL;
		int rerr = ocop_registry_capture_end(reg, out->capture, err == 0 ? OCOP_CAPTURE_ACCEPTED : OCOP_CAPTURE_FAILED,
		                                     *out->job ? out->job : NULL, err < 0 ? ocop_error_last() : NULL);
		if (saved)
			ocop_error_restore(saved);
		else
			err = rerr;
	}
	answer_clear(&a);
	g_free(sha);
	g_free(target);
	g_free(base);
	g_free(doc);
	g_array_free(runs, TRUE);
	g_ptr_array_free(list, TRUE);
	return err;
}
