/* ocoplabel — serve's resolver: the product files of --products, read again when one changes, their pages made ahead after each reading, and the answer to a Digital Link, a product page or /.well-known/gs1resolver (the library's resolver). */
#include "api.h"
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* One reading of the product files; requests hold a reference, so a new reading can replace it while
 * they are answered from the old one. */
typedef struct reading {
	ocop_products *products;
	gint refs;
	gint stop;      /* its pages made ahead stop: a newer reading replaces it, or the server stops */
} reading;

static GMutex lock;
static reading *current;
static GThread *ahead; /* making the current reading's pages ahead, or NULL (under lock) */
static GMutex ahead_lock; /* with ahead_cond: the thread waiting for the next day, woken to stop */
static GCond ahead_cond;
static const serve_config *cfg;
static ocop_link_options keys = OCOP_LINK_OPTIONS_INIT;
static ocop_template *tmpl;
static bool said; /* the last reading failed, and the server said why */
static ocop_registry *registry; /* --registry: scans and verdicts */
enum { ADDR_MAX = 64 }; /* an IPv6 address as text, and more */

static void reading_unref(reading *r)
{
	if (r && g_atomic_int_dec_and_test(&r->refs)) {
		ocop_products_free(r->products);
		g_free(r);
	}
}

static void on_problem(void *data, const char *path, size_t line, const ocop_diag *d)
{
	(void)data;
	fprintf(stderr, "%s:%zu: %s%s: %s\n", path, line, d->severity == OCOP_SEVERITY_WARNING ? "warning: " : "", d->field,
	        d->message);
}

/* the resolver's options of the server (the request's own parts are the caller's) */
static ocop_resolver_options options(void)
{
	ocop_resolver_options o = OCOP_RESOLVER_OPTIONS_INIT;
	o.resolver = cfg->resolver;
	o.link = &keys;
	o.today = cfg->today;
	o.registry = registry;
	o.scan_alert = cfg->scan_alert;
	return o;
}

/* the counts of the current reading, in the process's language (fmt has two %s) */
static void print_counts(const char *fmt)
{
	char products[32], rows[32];
	printf(fmt, ocop_format_count(products, sizeof products, ocop_products_gtins(current->products)),
	       ocop_format_count(rows, sizeof rows, ocop_products_count(current->products)));
}

/* Waits until the next day begins (local time, as the pages' dates are), or r's pages made ahead are stopped:
 * whether the day came */
static bool wait_for_tomorrow(reading *r)
{
	GDateTime *now = g_date_time_new_now_local();
	GDateTime *today = g_date_time_new_local(g_date_time_get_year(now), g_date_time_get_month(now),
	                                         g_date_time_get_day_of_month(now), 0, 0, 0);
	GDateTime *next = g_date_time_add_days(today, 1);
	gint64 until = g_get_monotonic_time() + g_date_time_difference(next, now) + G_USEC_PER_SEC;
	g_date_time_unref(next);
	g_date_time_unref(today);
	g_date_time_unref(now);
	g_mutex_lock(&ahead_lock);
	while (!g_atomic_int_get(&r->stop) && g_get_monotonic_time() < until)
		g_cond_wait_until(&ahead_cond, &ahead_lock, until);
	g_mutex_unlock(&ahead_lock);
	return !g_atomic_int_get(&r->stop);
}

/* The thread that makes a reading's pages before their first scan (the library's ocop_resolver_prepare), and
 * again each new day: a page shows its certificate and dates valid or expired as of its day, so the answers
 * of the day before are dropped at the first answer of the new one (without --today) */
static gpointer make_ahead(gpointer data)
{
	reading *r = data;
	ocop_resolver_options o = options();
	do {
		int n = ocop_resolver_prepare(r->products, &o, cfg->pages_ahead > 0 ? (size_t)cfg->pages_ahead : 0, &r->stop);
		if (n > 0 && !g_atomic_int_get(&r->stop)) {
			char count[32];
			/* in the process's language (this thread's, never set) */
			printf(_("ocoplabel serve: pages made ahead: %s products\n"),
			       ocop_format_count(count, sizeof count, (size_t)n));
			fflush(stdout);
		}
	} while (!cfg->today && wait_for_tomorrow(r));
	reading_unref(r);
	return NULL;
}

/* (lock held, or before the server answers) the thread making the current reading's pages ahead stopped */
static void stop_ahead(void)
{
	if (!ahead)
		return;
	g_mutex_lock(&ahead_lock);
	g_atomic_int_set(&current->stop, 1); /* (it is the current reading's: it is stopped before a new one) */
	g_cond_broadcast(&ahead_cond);
	g_mutex_unlock(&ahead_lock);
	g_thread_join(ahead);
	ahead = NULL;
}

/* (lock held, or before the server answers) the current reading's pages made ahead, on a thread of their own:
 * with the address the labels carry (--resolver), and without the registry, whose answers are not kept */
static void start_ahead(void)
{
	stop_ahead();
	if (!current || !cfg->resolver || registry || cfg->pages_ahead == 0)
		return;
	g_atomic_int_inc(&current->refs);
	ahead = g_thread_new("ahead", make_ahead, current);
}

static reading *read_files(void)
{
	ocop_reader_options ro = OCOP_READER_OPTIONS_INIT;
	ocop_products_options po = OCOP_PRODUCTS_OPTIONS_INIT;
	po.reader = &ro;
	po.problem = on_problem;
	ocop_products *p = NULL;
	if (ocop_products_load(&p, cfg->products, cfg->n_products, &po) < 0)
		return NULL;
	reading *r = g_new0(reading, 1);
	r->products = p;
	r->refs = 1;
	return r;
}

int serve_pages_start(const serve_config *c)
{
	cfg = c;
	/* the registry: the scans of the pages below, and the serials of the page's batches (api_batch.c) */
	if (c->registry) {
		if (ocop_registry_open(&registry, c->registry, NULL) < 0) {
			fprintf(stderr, "ocoplabel: %s\n", ocop_error_last());
			return -1;
		}
		printf(_("ocoplabel serve: scans of serialised labels go to the registry %s\n"), ocop_registry_name(registry));
	}
	if (!c->n_products) {
		fflush(stdout);
		return 0;
	}
	if (ocop_template_find(&tmpl, c->template_name) < 0) {
		fprintf(stderr, "ocoplabel: %s\n", ocop_error_last());
		return -1;
	}
	ocop_template_link_options(&keys, tmpl);
	current = read_files();
	if (!current) {
		fprintf(stderr, "ocoplabel: %s\n", ocop_error_last());
		return -1;
	}
	print_counts(_("ocoplabel serve: %s products (%s rows) from the product files answer their Digital Links\n"));
	fflush(stdout);
	start_ahead();
	return 0;
}

ocop_registry *serve_registry(void) { return registry; }

void serve_pages_stop(void)
{
	stop_ahead();
	reading_unref(current);
	current = NULL;
	ocop_template_free(tmpl);
	tmpl = NULL;
	ocop_registry_free(registry); /* the scans still queued are written first */
	registry = NULL;
}

/* the client's address as text into buf: a loopback peer's X-Real-IP (a proxy on this machine, e.g. nginx
 * with proxy_set_header X-Real-IP $remote_addr), else the peer's; NULL when unknown */
static const char *client_text(char buf[ADDR_MAX], const struct sockaddr *sa, const char *real_ip)
{
	if (!sa)
		return NULL;
	socklen_t len = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(sa, len, buf, ADDR_MAX, NULL, 0, NI_NUMERICHOST) != 0)
		return NULL;
	bool loopback = strcmp(buf, "127.0.0.1") == 0 || strcmp(buf, "::1") == 0 || strcmp(buf, "::ffff:127.0.0.1") == 0;
	if (loopback && real_ip && *real_ip && strlen(real_ip) < ADDR_MAX)
		g_strlcpy(buf, real_ip, ADDR_MAX);
	return buf;
}

/* The files read again (lock held): the new reading replaces the current one, or the current one stays and
 * the server says why (once until a reading succeeds, unless always). */
static void read_again(bool always)
{
	reading *fresh = read_files();
	if (fresh) {
		stop_ahead();
		reading_unref(current);
		current = fresh;
		said = false;
		print_counts(_("ocoplabel serve: product files read again: %s products (%s rows)\n"));
		start_ahead();
	} else if (always || !said) {
		fprintf(stderr, _("ocoplabel: %s; the pages answer from the last reading\n"), ocop_error_last());
		said = true;
	}
	fflush(stdout);
}

/* the reading to answer from: the files read again first when one has changed (a file that cannot be
 * read, e.g. while it is being saved, leaves the last good reading in use, and says why once) */
static reading *take(void)
{
	g_mutex_lock(&lock);
	if (current && ocop_products_changed(current->products)) {
		/* what the server prints is in the process's language (the terminal's), not the request's */
		const char *request_language = ocop_language();
		ocop_language_set(NULL);
		read_again(false); /* a failed reading's files stay "changed": the next request tries again */
		ocop_language_set(request_language);
	}
	reading *r = current;
	if (r)
		g_atomic_int_inc(&r->refs);
	g_mutex_unlock(&lock);
	return r;
}

void serve_pages_reload(void)
{
	if (!serve_pages_active()) {
		printf("%s", _("ocoplabel serve: SIGHUP: there are no product files to read again (--products)\n"));
		fflush(stdout);
		return;
	}
	g_mutex_lock(&lock);
	read_again(true);
	g_mutex_unlock(&lock);
}

bool serve_pages_active(void) { return cfg && cfg->n_products > 0; }

bool serve_pages_path(const char *url)
{
	return serve_pages_active() &&
	       (strcmp(url, "/.well-known/gs1resolver") == 0 || strstr(url, "/01/") != NULL);
}

void serve_pages_answer(const char *method, const char *target, const char *host, const char *accept,
                        const char *accept_language, const struct sockaddr *client, const char *real_ip,
                        const char *user_agent, serve_reply *out)
{
	char addr[ADDR_MAX];
	reading *r = take();
	ocop_resolver_options o = options();
	o.accept_language = accept_language;
	o.client_address = registry ? client_text(addr, client, real_ip) : NULL;
	o.user_agent = user_agent;
	ocop_response *resp = NULL;
	int err = r ? ocop_resolve(&resp, r->products, method, target, host, accept, &o) : OCOP_EIO;
	if (err < 0) {
		/* the request's own fault (a Host that cannot make the links' address, without --resolver) is 400;
		 * the pages have no other failure but the server's */
		out->status = err == OCOP_EINVAL ? 400 : 500;
		/* NOTR: a MIME type */
		out->type = "text/plain; charset=utf-8";
		/* in the request's language (this thread's: request.c), with its Content-Language */
		out->body = g_strdup_printf("%s\n", err == OCOP_EINVAL ? _("400 Bad Request: the request's Host cannot be the "
		                                                          "address of these pages") :
		                                                        _("500 Internal Server Error"));
		out->len = strlen(out->body);
		reading_unref(r);
		return;
	}
	size_t len = ocop_response_body_size(resp);
	const char *body = ocop_response_body(resp);
	out->status = ocop_response_status(resp);
	/* the resolver's answer says its own language (Content-Language, Vary) where it has words */
	out->any_language = true;
	out->type = g_intern_string(ocop_response_type(resp));
	out->body = g_memdup2(body, len);
	out->len = len;
	for (size_t i = 0; i < ocop_response_header_count(resp); i++) {
		const char *n, *v;
		ocop_response_header(&n, &v, resp, i);
		serve_reply_header(out, n, v);
	}
	ocop_response_free(resp);
	reading_unref(r);
}
