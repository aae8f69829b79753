/* ocoplabel — the resolver's answers made ahead: when the product files are read, each product's link and page, then each row's link as its label carries it, made and kept, so that a product's first scan is answered from memory as a web host answers an export. */
#include "resolver.h"
#include <string.h>

typedef struct ahead {
	const ocop_products *p;
	const ocop_resolver_options *o;
	ocop_answers *kept;
	const char *root;
	size_t origin;  /* the length of the root's scheme and host */
	size_t room;    /* the answers' bytes it may fill */
} ahead;

/* The answer to a phone's GET of url (under the root), made and kept, and the page it redirects to */
static void make(const ahead *a, const char *url)
{
	size_t n = strlen(a->root);
	if (strncmp(url, a->root, n) != 0 || url[n] != '/')
		return; /* a trace_url of another site: not ours to answer */
	ocop_response *r = NULL;
	if (ocop_resolve(&r, a->p, "GET", url + a->origin, NULL, NULL, a->o) < 0)
		return;
	const char *to = NULL;
	for (size_t i = 0; ocop_response_status(r) == 307 && i < ocop_response_header_count(r); i++) {
		const char *n, *v;
		ocop_response_header(&n, &v, r, i);
		/* NOTR: an HTTP header */
		if (strcmp(n, "Location") == 0 && strncmp(v, a->root, a->origin) == 0)
			to = v;
	}
	ocop_response *page = NULL;
	if (to && ocop_resolve(&page, a->p, "GET", to + a->origin, NULL, NULL, a->o) == 0)
		ocop_response_free(page);
	ocop_response_free(r);
}

static bool full(const ahead *a, const int *stop)
{
	return (stop && g_atomic_int_get(stop)) || ocop_answers_bytes(a->kept) >= a->room;
}

int ocop_resolver_prepare(const ocop_products *p, const ocop_resolver_options *opts, size_t max_products,
                          const int *stop)
{
	if (!p)
		return ocop_set_error(OCOP_EINVAL, "ocop_resolver_prepare: NULL argument");
	ocop_resolver_setup su;
	int err = ocop_resolver_setup_init(&su, opts, NULL);
	if (err < 0)
		return err;
	ocop_answers *kept = ocop_products_answers(p);
	if (su.o.registry || !su.o.resolver || !kept) {
		g_free(su.root);
		return 0; /* a registry's answers count scans and are never kept; without the address, nothing to make */
	}
	/* (the answers of another day dropped first: they do not take the room of today's) */
	ocop_answers_today(kept, g_date_valid(&su.today) ? g_date_get_julian(&su.today) : 0);
	/* answers in the catalogue's first language, as a phone that names no other gets them */
	ocop_resolver_options o = su.o;
	o.accept_language = NULL;
	o.client_address = o.user_agent = NULL;
	ahead a = { p, &o, kept, su.root, ocop_origin_len(su.root), ocop_answers_max(kept) / 2 };
	ocop_link_options lo = su.link;
	lo.resolver = su.root;
	const GPtrArray *gtins = ocop_products_gtin_list(p);
	size_t n = MIN(gtins->len, max_products ? max_products : gtins->len), done = 0;
	/* first every product's own link and page (what any label of it reaches), then its rows' links, which carry
	 * the lot and the codes: so when the room runs out, the products left have their pages first */
	for (; done < n && !full(&a, stop); done++) {
		char *url = g_strdup_printf("%s/01/%s", su.root, (const char *)g_ptr_array_index(gtins, done));
		make(&a, url);
		g_free(url);
	}
	for (size_t i = 0; i < n && !full(&a, stop); i++) {
		const GPtrArray *rows = ocop_products_find(p, g_ptr_array_index(gtins, i));
		for (guint j = 0; rows && j < rows->len && !full(&a, stop); j++) {
			const ocop_product_row *row = g_ptr_array_index(rows, j);
			char *url = NULL;
			if (ocop_link_trace_url(&url, row->rec, &lo) == 0)
				make(&a, url);
			free(url);
		}
	}
	g_free(su.root);
	return (int)MIN(done, (size_t)G_MAXINT);
}
