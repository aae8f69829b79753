/* ocoplabel — resolver: what its files share (not installed): the product index (products.c), the
 * answer to a link (resolve.c), the product page (product_page.c), the linkset and resolver description
 * (linkset.c), the static export (site.c), the answers kept in memory (answers.c). */
#ifndef OCOP_RESOLVER_INTERNAL_H
#define OCOP_RESOLVER_INTERNAL_H

#include "core.h"
#include "registry.h"

/* One indexed row. */
typedef struct ocop_product_row {
	ocop_record *rec;
	const char *path;          /* the file it came from (owned by the index) */
	size_t line;
	char gtin14[15];
} ocop_product_row;

/* answers.c: answers of ocop_resolve() kept by key, up to max_bytes, least recently used out first;
 * thread-safe. get returns a copy (NULL: not kept); put keeps a copy. */
typedef struct ocop_answers ocop_answers;
ocop_answers *ocop_answers_new(size_t max_bytes);
void ocop_answers_free(ocop_answers *a);
ocop_response *ocop_answers_get(ocop_answers *a, const char *key);
void ocop_answers_put(ocop_answers *a, const char *key, const ocop_response *r);
/* The answers are day's (a Julian day): those of another day are dropped, as no request asks for them again
 * (a key holds its day; the date moves forward) */
void ocop_answers_today(ocop_answers *a, unsigned day);
size_t ocop_answers_bytes(ocop_answers *a); /* the bytes kept now */
size_t ocop_answers_max(const ocop_answers *a);
/* resolve.c: a response's deep copy, and the bytes it holds */
ocop_response *ocop_response_copy(const ocop_response *r);
size_t ocop_response_bytes(const ocop_response *r);
/* products.c: the answers kept for this reading of the files */
ocop_answers *ocop_products_answers(const ocop_products *p);

/* products.c: the rows of a GTIN-14 in file order (a GPtrArray of ocop_product_row*), or NULL */
const GPtrArray *ocop_products_find(const ocop_products *p, const char *gtin14);
/* the distinct GTIN-14s in file order (char*) */
const GPtrArray *ocop_products_gtin_list(const ocop_products *p);
/* gtin (8 to 14 digits) as a GTIN-14 with leading zeros; false when it is not 8, 12, 13 or 14 digits */
bool ocop_gtin14(char out[15], const char *gtin);

/* What one answer is about: the product's rows, the one row shown, and the request's own values. */
typedef struct ocop_page_subject {
	const GPtrArray *rows;           /* every row of the GTIN */
	const ocop_product_row *row;     /* the row shown: of the link's lot, else the product's first */
	bool lot_unknown;                /* the link has a lot that no row of the GTIN has */
	bool lot_facts;                  /* the row's lot, dates and codes are those of the item linked */
	const ocop_record *link;         /* the parsed link (its lot, serial, dates, codes) */
	const char *root;                /* the resolver base URL, as the link has it */
	const char *path;                /* the link's path after the root: /01/G[/22/V][/10/L][/21/S] */
	const ocop_link_options *keys;   /* query keys */
	GDate today;
	bool verifiable;                 /* a serialised link with a registry: gs1:verificationService */
	const ocop_verdict *verdict;     /* the page: the label's verdict, or NULL */
	unsigned scan_alert;             /* the page warns past this many scans */
} ocop_page_subject;

/* The page of a Digital Link is at ROOT/p/01/…: outside the resolver's own links, so that the link
 * itself can redirect to it (GS1-Conformant Resolver: a link redirects to its default link). */
#define OCOP_PAGE_PREFIX "/p"
/* ROOT + OCOP_PAGE_PREFIX + path (g_malloc'ed) */
char *ocop_page_url(const char *root, const char *path);

/* product_page.c: the product page; the not-found and bad-link pages; the Content-Security-Policy of them all */
char *ocop_page_product(const ocop_page_subject *s);
char *ocop_page_not_found(const char *what, const char *detail);
char *ocop_page_bad_link(const char *reason);
const char *ocop_page_csp(void);

/* linkset.c: the links of one level of a subject: gs1:pip and gs1:defaultLink to its page,
 * gs1:traceability to a trace_url of another site, and one per "gs1:…" column holding an http(s) URL */
typedef struct ocop_link_target {
	char *type;                /* the link type's short name: "pip" (gs1:pip) */
	char *href;
	char *title;
	bool page;                 /* text/html in Vietnamese, our page */
} ocop_link_target;
GPtrArray *ocop_links_of(const ocop_page_subject *s);   /* of ocop_link_target*, freed by its free function */
/* the RFC 9264 linkset of the subject and of each level above it (the lot, the GTIN) */
char *ocop_linkset_json(const ocop_page_subject *s);
/* /.well-known/gs1resolver (verify: the link type gs1:verificationService of serialised links is answered) */
char *ocop_resolver_description(const char *root, const char *name, bool verify);

/* verdict.c: a label's verdict as the verificationService's JSON (g_malloc'ed), and as the page's section */
char *ocop_verdict_json(const ocop_verdict *v, const ocop_record *link);
void ocop_verdict_html(GString *o, const ocop_page_subject *s);
#define OCOP_SCAN_ALERT 20
/* s as a JSON string, quotes included, appended to out */
void ocop_json_string(GString *out, const char *s);
/* GS1's namespace of link types (ref.gs1.org/voc) */
#define OCOP_GS1_VOC "https://ref.gs1.org/voc/"

/* resolve.c: what ocop_resolve() and ocop_site_export() start from: the options (NULL: defaults) checked,
 * today, the root without a trailing slash (opts->resolver, else "http://" and host; g_malloc'ed) and the
 * link options of the keys with that today. 0, or OCOP_EINVAL with the message. */
typedef struct ocop_resolver_setup {
	ocop_resolver_options o;
	GDate today;
	char *root;
	ocop_link_options link;
} ocop_resolver_setup;
int ocop_resolver_setup_init(ocop_resolver_setup *s, const ocop_resolver_options *opts, const char *host);
/* resolve.c: the length of url's scheme and host ("https://a.vn" of "https://a.vn/qr/01/…") */
size_t ocop_origin_len(const char *url);
/* resolve.c: the subject of a parsed link (its GTIN must be indexed: 0, else OCOP_ENOENT) */
int ocop_page_subject_of(ocop_page_subject *s, const ocop_products *p, const ocop_record *link, const char *root,
                         const char *path, const ocop_link_options *keys, const GDate *today);

/* record02.c: the record of Circular 02/2024/TT-BKHCN */
/* the product photo of a row (its "image"): checked once and kept for the life of the process */
typedef enum ocop_image_problem {
	OCOP_IMAGE_OK, OCOP_IMAGE_OUTSIDE, OCOP_IMAGE_MISSING, OCOP_IMAGE_TOO_BIG, OCOP_IMAGE_NOT_IMAGE
} ocop_image_problem;
typedef struct ocop_image {
	char *value;                /* as the file gives it */
	ocop_image_problem problem;
	char *url;                  /* an https address, or NULL */
	char *name;                 /* a file: HASH16.EXT under ROOT/media/01/GTIN/ */
	const char *type;           /* its content type */
	GBytes *data;
} ocop_image;
#define OCOP_MEDIA_PREFIX "/media"
#define OCOP_TRACE_PREFIX "/trace"
/* the row's photo, or NULL when it has none */
const ocop_image *ocop_row_image(const ocop_product_row *row);
/* the photo of a row of gtin14 named name (HASH16.EXT), or NULL */
const ocop_image *ocop_image_named(const ocop_products *p, const char *gtin14, const char *name);
/* the address a page shows the photo from (g_malloc'ed), or NULL when it cannot be shown */
char *ocop_image_src(const ocop_image *im, const char *root, const char *gtin14);
/* why the photo is not shown, in the thread's language; NULL when it is */
const char *ocop_image_why(const ocop_image *im);
/* the ten items as the page shows them (values in the thread's language, NULL: the file does not give it) */
typedef struct ocop_record02 {
	char *v[10];                /* v[1] unused: the photo is image */
	const ocop_image *image;
} ocop_record02;
void ocop_record02_items(ocop_record02 *out, const ocop_page_subject *s);
void ocop_record02_clear(ocop_record02 *r);
/* the name of item i (0 to 9), in the Circular's order */
const char *ocop_record02_label(size_t i);
/* the JSON record of a product (every row of gtin14), or NULL when it is not indexed */
/* with reg (a server's registry), the record also holds the product's EPCIS events (its commissioning and
 * decommissioning events, docs/EPCIS.md) as the EPCIS 2.0 document "epcis"; NULL: none (the static site) */
char *ocop_trace_json(const ocop_products *p, const char *root, const char *gtin14, const ocop_link_options *keys,
                      ocop_registry *reg);

#endif
