/* ocoplabel — the resolver: one HTTP request (method, target, Host, Accept, Accept-Language) against the product index, answered as the GS1-Conformant Resolver standard asks: a redirect to the page, the page, a linkset, the description file, 400 or 404, in Vietnamese or English. */
#include "resolver.h"
#include <stddef.h>
#include <string.h>

struct ocop_response {
	unsigned status;
	const char *type;
	char *body;
	size_t len;
	GPtrArray *headers; /* name, value, name, value ... */
	bool no_store;      /* an answer of the registry (scan counts): never cached */
};

unsigned ocop_response_status(const ocop_response *r) { return r ? r->status : 0; }
const char *ocop_response_type(const ocop_response *r) { return r ? r->type : NULL; }

const char *ocop_response_body(const ocop_response *r) { return r && r->body ? r->body : ""; }
size_t ocop_response_body_size(const ocop_response *r) { return r ? r->len : 0; }

size_t ocop_response_header_count(const ocop_response *r) { return r ? r->headers->len / 2 : 0; }

int ocop_response_header(const char **name, const char **value, const ocop_response *r, size_t i)
{
	if (!r || i >= r->headers->len / 2)
		return ocop_set_error(OCOP_EINVAL, "ocop_response_header: no header %zu", i);
	if (name)
		*name = g_ptr_array_index(r->headers, 2 * i);
	if (value)
		*value = g_ptr_array_index(r->headers, 2 * i + 1);
	return 0;
}

void ocop_response_free(ocop_response *r)
{
	if (!r)
		return;
	g_free(r->body);
	g_ptr_array_free(r->headers, TRUE);
	g_free(r);
}

ocop_response *ocop_response_copy(const ocop_response *r)
{
	ocop_response *c = g_new0(ocop_response, 1);
	c->status = r->status;
	c->type = r->type;
	if (r->body) {
		c->body = g_malloc(r->len + 1);
		memcpy(c->body, r->body, r->len);
		c->body[r->len] = 0;
	}
	c->len = r->len;
	c->no_store = r->no_store;
	c->headers = g_ptr_array_new_full(r->headers->len, g_free);
	for (guint i = 0; i < r->headers->len; i++)
		g_ptr_array_add(c->headers, g_strdup(g_ptr_array_index(r->headers, i)));
	return c;
}

size_t ocop_response_bytes(const ocop_response *r)
{
	size_t n = sizeof *r + r->len;
	for (guint i = 0; i < r->headers->len; i++)
		n += strlen(g_ptr_array_index(r->headers, i)) + 1 + sizeof(gpointer);
	return n;
}

static void header(ocop_response *r, const char *name, const char *value)
{
	g_ptr_array_add(r->headers, g_strdup(name));
	g_ptr_array_add(r->headers, g_strdup(value));
}

static void body(ocop_response *r, unsigned status, const char *type, char *text)
{
	r->status = status;
	r->type = type;
	g_free(r->body);
	r->body = text;
	r->len = text ? strlen(text) : 0;
}

/* The protocol's words, none of them for people (each literal its own NOTR for the marking check). */
/* NOTR: an HTTP content type */
static const char HTML[] = "text/html; charset=utf-8";
/* NOTR: an HTTP content type */
static const char TEXT[] = "text/plain; charset=utf-8";
/* NOTR: an HTTP header */
static const char CSP[] = "Content-Security-Policy";
/* NOTR: an HTTP header */
static const char CONTENT_LANGUAGE[] = "Content-Language";
/* NOTR: an HTTP header */
static const char CORS_ORIGIN[] = "Access-Control-Allow-Origin";
/* NOTR: an HTTP header */
static const char CORS_METHODS[] = "Access-Control-Allow-Methods";
/* NOTR: an HTTP header */
static const char CORS_HEADERS[] = "Access-Control-Allow-Headers";
/* NOTR: an HTTP header */
static const char CACHE_CONTROL[] = "Cache-Control";
/* NOTR: the methods of the Allow header */
static const char METHODS[] = "GET, HEAD, OPTIONS";
/* what an answer varies with (the Vary header): a page, a linkset and a 404 of a link type vary with both */
static const char VARY_ACCEPT[] = "Accept";
/* NOTR: an HTTP header's value */
static const char VARY_LANGUAGE[] = "Accept-Language";
/* NOTR: an HTTP header's value */
static const char VARY_BOTH[] = "Accept, Accept-Language";
/* NOTR: the resolver description's path (GS1-Conformant Resolver) */
static const char DESCRIPTION[] = "/.well-known/gs1resolver";
/* NOTR: an HTTP Link header: the JSON-LD context of a linkset (GS1-Conformant Resolver) */
static const char LINKSET_CONTEXT[] = "<https://ref.gs1.org/standards/resolver/linkset-context>; "
                                      "rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
#define LINKSET "application/linkset+json"

/* an HTML answer's own headers: its policy and its language (the thread's, set for the request) */
static void html_headers(ocop_response *r)
{
	header(r, CSP, ocop_page_csp());
	header(r, CONTENT_LANGUAGE, ocop_language());
}

int ocop_page_subject_of(ocop_page_subject *s, const ocop_products *p, const ocop_record *link, const char *root,
                         const char *path, const ocop_link_options *keys, const GDate *today)
{
	memset(s, 0, sizeof *s);
	char g14[15];
	const char *gtin = ocop_record_get(link, "gtin");
	if (!gtin || !ocop_gtin14(g14, gtin) || !(s->rows = ocop_products_find(p, g14)))
		return OCOP_ENOENT;
	s->link = link;
	s->root = root;
	s->path = path;
	s->keys = keys;
	s->today = *today;
	const char *lot = ocop_record_get(link, "lot"), *var = ocop_record_get(link, "variant");
	const ocop_product_row *first = NULL, *of_lot = NULL, *no_lot = NULL;
	for (guint i = 0; i < s->rows->len; i++) {
		const ocop_product_row *r = g_ptr_array_index(s->rows, i);
		if (var && g_strcmp0(ocop_record_get(r->rec, "variant"), var) != 0)
			continue;
		const char *l = ocop_record_get(r->rec, "lot");
		if (!first)
			first = r;
		if (lot && l && strcmp(l, lot) == 0 && !of_lot)
			of_lot = r;
		if (!l && !no_lot)
			no_lot = r;
	}
	if (!first) /* a variant the file does not have: the product */
		first = g_ptr_array_index(s->rows, 0);
	if (lot) {
		s->row = of_lot ? of_lot : first;
		s->lot_unknown = !of_lot;
		s->lot_facts = of_lot != NULL;
	} else {
		/* no lot in the link: a row without one is the item; else the product, its lots listed */
		s->row = no_lot ? no_lot : first;
		s->lot_facts = no_lot != NULL;
	}
	return 0;
}

/* the value of key in a raw query (percent-decoded, '+' a space), or NULL; g_malloc'ed */
static char *query_value(const char *query, const char *key)
{
	char **parts = g_strsplit(query ? query : "", "&", -1);
	char *found = NULL;
	for (char **q = parts; *q && !found; q++) {
		char *eq = strchr(*q, '=');
		if (!eq)
			continue;
		*eq = 0;
		if (g_ascii_strcasecmp(*q, key) == 0) {
			for (char *c = eq + 1; *c; c++)
				if (*c == '+')
					*c = ' ';
			found = g_uri_unescape_string(eq + 1, NULL);
			if (!found)
				found = g_strdup("");
		}
	}
	g_strfreev(parts);
	return found;
}

/* the query without its linkType parameter, or NULL when nothing is left */
static char *query_without_link_type(const char *query)
{
	if (!query || !*query)
		return NULL;
	char **parts = g_strsplit(query, "&", -1);
	GString *o = g_string_new(NULL);
	for (char **q = parts; *q; q++) {
		if (g_ascii_strncasecmp(*q, "linkType=", 9) == 0 || g_ascii_strcasecmp(*q, "linkType") == 0 || !**q)
			continue;
		if (o->len)
			g_string_append_c(o, '&');
		g_string_append(o, *q);
	}
	g_strfreev(parts);
	return g_string_free(o, o->len == 0);
}

/* a linkType value as the short name of a GS1 link type: gs1:pip, or a full URI in one of GS1's
 * three namespaces, gives "pip"; NULL for another vocabulary */
static const char *link_type_name(const char *v)
{
	static const char *const prefixes[] = { "gs1:",
		                                /* NOTR: GS1's namespace of link types */
		                                "https://ref.gs1.org/voc/", "https://gs1.org/voc/",
		                                /* NOTR: GS1's namespace of link types */
		                                "https://www.gs1.org/voc/", "http://gs1.org/voc/", NULL };
	for (const char *const *p = prefixes; *p; p++)
		if (g_ascii_strncasecmp(v, *p, strlen(*p)) == 0)
			return v + strlen(*p);
	return NULL;
}

static bool wants_linkset(const char *accept)
{
	if (!accept)
		return false;
	if (strstr(accept, "application/linkset+json"))
		return true;
	/* a program asking for JSON and not for a page */
	return strstr(accept, "application/json") && !strstr(accept, "text/html");
}

/* the headers of every answer to a link; vary: what its body or target depends on */
static void common_headers(ocop_response *r, const char *root, const char *path, const char *vary)
{
	char *ls = g_strdup_printf("<%s%s?linkType=linkset>; rel=\"linkset\"; type=\"" LINKSET "\"", root, path);
	header(r, "Link", ls);
	g_free(ls);
	header(r, "Vary", vary);
	header(r, CORS_ORIGIN, "*");
}

/* url: target after the origin, with the page prefix taken off for a page */
/* the registry's verdict of the link's label into *v (the page's section, the JSON); false without one, or
 * when the registry cannot answer (said on stderr: the page is shown without it) */
static bool verdict_of(ocop_verdict *v, const ocop_resolver_options *o, const ocop_record *link)
{
	char today[16];
	GDate d;
	if (ocop_today(&d, o->today) < 0)
		return false;
	g_snprintf(today, sizeof today, "%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
	if (ocop_registry_verify(v, o->registry, ocop_record_get(link, "gtin"), ocop_record_get(link, "lot"),
	                         ocop_record_get(link, "serial"), today) < 0) {
		g_printerr("ocoplabel: %s\n", ocop_error_last());
		return false;
	}
	return true;
}

/* a scan of the link's label, queued (the answer does not wait for the database) */
static void log_scan(const ocop_resolver_options *o, const ocop_record *link)
{
	ocop_registry_scan sc = { ocop_record_get(link, "gtin"), ocop_record_get(link, "lot"),
		                  ocop_record_get(link, "serial"), o->client_address, o->user_agent, 0 };
	ocop_registry_log_scan(o->registry, &sc);
}

static void answer_link(ocop_response *r, const ocop_products *p, const char *root, const char *url, const char *query,
                        bool page, const char *accept, const ocop_link_options *lo, const GDate *today,
                        const ocop_resolver_options *o)
{
	ocop_record *link = NULL;
	if (ocop_link_parse(&link, url, lo) < 0) {
		/* the parser's reason, in the request's language (the error object translates it) */
		body(r, 400, HTML, ocop_page_bad_link(ocop_error_last()));
		html_headers(r);
		header(r, "Vary", VARY_LANGUAGE);
		return;
	}
	const char *got_root = ocop_record_get(link, "resolver");
	if (!got_root || g_ascii_strcasecmp(got_root, root) != 0) {
		/* a link of another resolver, or a path under this one that is not a link of it */
		body(r, 404, HTML, ocop_page_not_found(C_("product page", "Page not found"), url));
		html_headers(r);
		header(r, "Vary", VARY_LANGUAGE);
		ocop_record_free(link);
		return;
	}
	/* the link's path: /01/G14[/22/V][/10/L][/21/S], as the builder writes it */
	ocop_record *key = NULL;
	char *canon = NULL;
	static const char *const keyed[] = { "gtin", "variant", "lot", "serial" };
	ocop_record_new(&key);
	for (size_t i = 0; key && i < G_N_ELEMENTS(keyed); i++)
		if (ocop_record_get(link, keyed[i]))
			ocop_record_set(key, keyed[i], ocop_record_get(link, keyed[i]), -1);
	ocop_link_options klo = *lo;
	klo.resolver = root;
	if (!key || ocop_link_build(&canon, key, &klo) < 0) {
		body(r, 400, HTML, ocop_page_bad_link(ocop_error_last()));
		html_headers(r);
		header(r, "Vary", VARY_LANGUAGE);
		ocop_record_free(key);
		ocop_record_free(link);
		return;
	}
	const char *path = canon + strlen(root);
	ocop_page_subject s;
	ocop_verdict v;
	bool verifiable = o->registry && ocop_record_get(link, "serial");
	if (ocop_page_subject_of(&s, p, link, root, path, lo, today) < 0) {
		body(r, 404, HTML, ocop_page_not_found(C_("product page", "Product not found"), ocop_record_get(link, "gtin")));
		html_headers(r);
		header(r, "Vary", VARY_LANGUAGE);
	} else if (page) {
		s.verifiable = verifiable;
		s.scan_alert = o->scan_alert ? o->scan_alert : OCOP_SCAN_ALERT;
		if (verifiable && verdict_of(&v, o, link))
			s.verdict = &v;
		r->no_store = verifiable;
		body(r, 200, HTML, ocop_page_product(&s));
		html_headers(r);
		common_headers(r, root, path, VARY_BOTH);
	} else {
		s.verifiable = verifiable;
		char *lt = query_value(query, "linkType");
		const char *short_type = lt ? link_type_name(lt) : NULL;
		if (verifiable && short_type && g_ascii_strcasecmp(short_type, "verificationService") == 0) {
			/* the label's verdict for a program; not a scan */
			if (verdict_of(&v, o, link)) {
				body(r, 200, "application/json", ocop_verdict_json(&v, link));
				common_headers(r, root, path, VARY_ACCEPT);
			} else {
				body(r, 503, TEXT, g_strdup(_("the registry does not answer; try again later\n")));
				header(r, "Vary", VARY_LANGUAGE);
			}
			r->no_store = true;
		} else if (wants_linkset(accept) || (lt && (strcmp(lt, "linkset") == 0 || strcmp(lt, "all") == 0))) {
			/* its titles are in the request's language */
			body(r, 200, LINKSET, ocop_linkset_json(&s));
			header(r, "Link", LINKSET_CONTEXT);
			header(r, "Vary", VARY_BOTH);
			header(r, CORS_ORIGIN, "*");
		} else {
			GPtrArray *links = ocop_links_of(&s);
			const ocop_link_target *to = NULL;
			if (!lt || (short_type && g_ascii_strcasecmp(short_type, "defaultLink") == 0))
				to = g_ptr_array_index(links, 0);
			for (guint i = 0; !to && short_type && i < links->len; i++) {
				const ocop_link_target *t = g_ptr_array_index(links, i);
				if (g_ascii_strcasecmp(t->type, short_type) == 0)
					to = t;
			}
			if (to) {
				/* the request's query goes on with the redirect (linkType aside for our own page) */
				char *q = to->page ? query_without_link_type(query) : (query && *query ? g_strdup(query) : NULL);
				char *loc = q ? g_strconcat(to->href, strchr(to->href, '?') ? "&" : "?", q, NULL) : g_strdup(to->href);
				/* the same target in any language: the page it leads to answers in the request's */
				body(r, 307, HTML, NULL);
				header(r, "Location", loc);
				common_headers(r, root, path, VARY_ACCEPT);
				/* a phone that scanned the label: on record (the registry's page then counts it) */
				if (verifiable && to->page)
					log_scan(o, link);
				g_free(loc);
				g_free(q);
			} else {
				char *what = g_strdup_printf(_("Product %s has no link of type %s"), ocop_record_get(link, "gtin"), lt);
				body(r, 404, HTML, ocop_page_not_found(C_("product page", "No such link"), what));
				html_headers(r);
				common_headers(r, root, path, VARY_BOTH);
				g_free(what);
			}
			g_ptr_array_free(links, TRUE);
		}
		g_free(lt);
	}
	free(canon);
	ocop_record_free(key);
	ocop_record_free(link);
}

/* only the printable ASCII of a request target, no space */
static bool url_chars(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return true;
}

/* the origin (scheme://host[:port]) of an http(s) URL and the length of it */
size_t ocop_origin_len(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return 0;
	const char *slash = strchr(p + 3, '/');
	return slash ? (size_t)(slash - url) : strlen(url);
}

int ocop_resolver_setup_init(ocop_resolver_setup *s, const ocop_resolver_options *opts, const char *host)
{
	memset(s, 0, sizeof *s);
	ocop_resolver_options init = OCOP_RESOLVER_OPTIONS_INIT;
	s->o = init;
	if (opts) {
		if (ocop_check_version(OCOP_VERSIONED_RESOLVER, opts->version) < 0)
			return OCOP_EINVAL;
		if (opts->version == 1) /* a version 1 struct ends before accept_language */
			memcpy(&s->o, opts, offsetof(ocop_resolver_options, accept_language));
		else if (opts->version == 2) /* a version 2 struct ends before registry */
			memcpy(&s->o, opts, offsetof(ocop_resolver_options, registry));
		else
			s->o = *opts;
	}
	int err = ocop_today(&s->today, s->o.today);
	if (err < 0)
		return err;
	/* the root: as configured, else this host's */
	if (s->o.resolver) {
		if (ocop_url_check(&s->root, s->o.resolver) < 0)
			return ocop_set_error(OCOP_EINVAL, "resolver '%s': not an http(s) address", s->o.resolver);
	} else {
		s->root = g_strdup_printf("http://%s", host && *host ? host : "localhost");
		if (strpbrk(s->root + 7, "/?#@ \\\"<>")) {
			g_free(s->root);
			s->root = NULL;
			return ocop_set_error(OCOP_EINVAL, "Host '%s' cannot name this server", host);
		}
	}
	size_t rl = strlen(s->root);
	while (rl > 0 && s->root[rl - 1] == '/')
		s->root[--rl] = 0;
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	if (s->o.link)
		lo = *s->o.link;
	lo.version = OCOP_LINK_OPTIONS_VERSION;
	lo.resolver = NULL;
	lo.today = s->o.today;
	s->link = lo;
	return 0;
}

/* ROOT/trace/01/GTIN14.json (the record of Circular 02/2024/TT-BKHCN) and ROOT/media/01/GTIN14/NAME (a
 * product photo): answered into r (true), or not one of them (false) */
static bool record02_answer(ocop_response *r, const ocop_products *p, const char *root, const char *path,
                            const ocop_link_options *lo, ocop_registry *reg)
{
	char gtin[15] = "", name[64] = "";
	const char *rest;
	if (g_str_has_prefix(path, OCOP_TRACE_PREFIX "/01/")) {
		rest = path + strlen(OCOP_TRACE_PREFIX "/01/");
		/* NOTR: a file name */
		if (strlen(rest) != 19 || !g_str_has_suffix(rest, ".json"))
			return false;
		memcpy(gtin, rest, 14);
		char *json = ocop_all_digits(gtin) ? ocop_trace_json(p, root, gtin, lo, reg) : NULL;
		if (!json)
			return false;
		body(r, 200, "application/json", json);
		header(r, CORS_ORIGIN, "*");
		return true;
	}
	if (!g_str_has_prefix(path, OCOP_MEDIA_PREFIX "/01/"))
		return false;
	rest = path + strlen(OCOP_MEDIA_PREFIX "/01/");
	if (strlen(rest) < 16 || rest[14] != '/' || strlen(rest + 15) >= sizeof name)
		return false;
	memcpy(gtin, rest, 14);
	g_strlcpy(name, rest + 15, sizeof name);
	const ocop_image *im = ocop_all_digits(gtin) ? ocop_image_named(p, gtin, name) : NULL;
	if (!im)
		return false;
	gsize n = 0;
	const void *d = g_bytes_get_data(im->data, &n);
	body(r, 200, im->type, NULL);
	r->body = g_memdup2(d, n);
	r->len = n;
	/* NOTR: an HTTP header */
	header(r, "X-Content-Type-Options", "nosniff");
	return true;
}

/* The answer to one request, made (ocop_resolve() keeps it when it may). */
static ocop_response *answer(const ocop_products *p, const char *method, const char *target, const char *accept,
                             const ocop_resolver_options *opts, ocop_link_options lo, const char *root, GDate today)
{
	ocop_resolver_options o = *opts;
	ocop_response *r = g_new0(ocop_response, 1);
	r->headers = g_ptr_array_new_with_free_func(g_free);
	bool head = method && strcmp(method, "HEAD") == 0;
	const char *q = strchr(target, '?');
	char *path = q ? g_strndup(target, (size_t)(q - target)) : g_strdup(target);
	const char *query = q ? q + 1 : NULL;
	const char *prefix = root + ocop_origin_len(root); /* the root's own path, "" or "/qr" */
	size_t pl = strlen(prefix);
	if (method && strcmp(method, "OPTIONS") == 0) {
		body(r, 204, "text/plain", NULL);
		header(r, "Allow", METHODS);
		header(r, CORS_ORIGIN, "*");
		header(r, CORS_METHODS, METHODS);
		header(r, CORS_HEADERS, "Accept");
	} else if (method && !head && strcmp(method, "GET") != 0) {
		body(r, 405, TEXT, g_strdup(_("method not allowed: the resolver's pages are read-only\n")));
		header(r, "Allow", METHODS);
		header(r, "Vary", VARY_LANGUAGE);
	} else if (!url_chars(target)) {
		/* a request line carries none of these; from a caller, they would split the headers written back */
		body(r, 400, HTML, ocop_page_bad_link(_("the address has a space, a control character or a byte that is not "
		                                        "ASCII: a URL carries them percent-encoded")));
		html_headers(r);
		header(r, "Vary", VARY_LANGUAGE);
	} else if (strcmp(path, DESCRIPTION) == 0) {
		body(r, 200, "application/json", ocop_resolver_description(root, o.name, o.registry != NULL));
		header(r, CORS_ORIGIN, "*");
	} else if (strncmp(path, prefix, pl) == 0 && (g_str_has_prefix(path + pl, OCOP_TRACE_PREFIX "/") ||
	                                               g_str_has_prefix(path + pl, OCOP_MEDIA_PREFIX "/"))) {
		/* a product's record of Circular 02 or its photo */
		if (!record02_answer(r, p, root, path + pl, &lo, o.registry)) {
			body(r, 404, HTML, ocop_page_not_found(C_("product page", "Page not found"), path));
			html_headers(r);
			header(r, "Vary", VARY_LANGUAGE);
		}
	} else {
		/* a page is ROOT/p/01/…; a link ROOT/01/…; one trailing slash is forgiven */
		bool page = strncmp(path, prefix, pl) == 0 && strncmp(path + pl, OCOP_PAGE_PREFIX "/", strlen(OCOP_PAGE_PREFIX) + 1) == 0;
		size_t n = strlen(path);
		if (n > 1 && path[n - 1] == '/')
			path[n - 1] = 0;
		char *url = page ? g_strdup_printf("%.*s%.*s%s%s%s", (int)(prefix - root), root, (int)pl, prefix,
		                                   path + pl + strlen(OCOP_PAGE_PREFIX), query ? "?" : "", query ? query : "")
		                 : g_strdup_printf("%.*s%s%s%s", (int)(prefix - root), root, path, query ? "?" : "",
		                                   query ? query : "");
		answer_link(r, p, root, url, query, page, accept, &lo, &today, &o);
		g_free(url);
	}
	if (head) {
		g_free(r->body);
		r->body = NULL;
		/* the length a GET would have is not promised: HEAD answers the status and headers */
		r->len = 0;
	}
	header(r, CACHE_CONTROL, r->status == 200 && !r->no_store ?
	                             /* NOTR: an HTTP header's value */
	                             "public, max-age=300" :
	                             /* NOTR: an HTTP header's value */
	                             "no-store");
	g_free(path);
	return r;
}

/* What an answer depends on besides the reading: a key of the answers kept (length-prefixed parts, so no
 * two requests share one). Of Accept, only what it chooses (a linkset or not): the many Accept headers of
 * phones' browsers find the same page, and the one made ahead (ahead.c). NULL when the answer is not to be
 * kept: with the registry (scans are counted). */
static char *answer_key(const char *method, const char *target, const char *accept, const ocop_resolver_options *o,
                        const ocop_link_options *lo, const char *root, const GDate *today, const char *lang)
{
	if (o->registry)
		return NULL;
	GString *k = g_string_new(NULL);
	/* NOTR: a key */
	const char *parts[] = { method ? method : "GET", target, wants_linkset(accept) ? "linkset" : "", root, lang ? lang : "vi",
		                    lo->growing_area_key ? lo->growing_area_key : "",
		                    lo->packing_facility_key ? lo->packing_facility_key : "", o->name ? o->name : "" };
	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
		g_string_append_printf(k, "%zu:%s|", strlen(parts[i]), parts[i]);
	g_string_append_printf(k, "%u", g_date_valid(today) ? g_date_get_julian(today) : 0);
	return g_string_free(k, FALSE);
}

int ocop_resolve(ocop_response **out, const ocop_products *p, const char *method, const char *target, const char *host,
                 const char *accept, const ocop_resolver_options *opts)
{
	if (!out || !p || !target)
		return ocop_set_error(OCOP_EINVAL, "ocop_resolve: NULL argument");
	*out = NULL;
	ocop_resolver_setup su;
	int err = ocop_resolver_setup_init(&su, opts, host);
	if (err < 0)
		return err;
	/* the answer in the request's language (Vietnamese unless it prefers English; a version 1 struct has
	 * none); the caller's language comes back before the return */
	const char *callers = ocop_language_chosen(), *lang = ocop_language_pick(su.o.accept_language);
	ocop_language_set(lang ? lang : "vi");
	/* a page, linkset or redirect is made once per reading of the files (answers.c) */
	ocop_answers *kept = ocop_products_answers(p);
	char *key = kept ? answer_key(method, target, accept, &su.o, &su.link, su.root, &su.today, lang) : NULL;
	if (key)
		ocop_answers_today(kept, g_date_valid(&su.today) ? g_date_get_julian(&su.today) : 0);
	ocop_response *r = key ? ocop_answers_get(kept, key) : NULL;
	if (!r) {
		r = answer(p, method, target, accept, &su.o, su.link, su.root, su.today);
		if (key && !r->no_store && (r->status == 200 || r->status == 307))
			ocop_answers_put(kept, key, r);
	}
	g_free(key);
	g_free(su.root);
	ocop_language_set(callers);
	*out = r;
	return 0;
}
