/* ocoplabel — the page behind the QR: product files indexed by GTIN and lot, answered as a
 * GS1-conformant resolver (product pages, linksets, the resolver description) or exported as a
 * static site. */
#ifndef OCOPLABEL_RESOLVER_H
#define OCOPLABEL_RESOLVER_H

#include "ocoplabel/common.h"
#include "ocoplabel/link.h"
#include "ocoplabel/reader.h"
#include "ocoplabel/record.h"
#include "ocoplabel/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The rows of one or more product files, indexed by GTIN and lot: what the
 * resolver answers from. Read-only once loaded, so one index may be shared by
 * any number of threads. It keeps the answers ocop_resolve() made from it
 * (pages, linksets, redirects; never with a registry, whose answers count
 * scans), up to the limit resolver_cache_bytes (limits.h), least recently
 * used out first: a second scan of a product costs about what a static file
 * server takes. They go with the index (ocop_products_free()), and with the
 * day: a request (or ocop_resolver_prepare()) for another today than theirs
 * drops them, as a page shows its dates valid or expired as of its day.
 */
typedef struct ocop_products ocop_products;

/** Where a problem of a product file is: its file, row (as the file's own row number) and diagnostic. */
typedef void (*ocop_products_problem_fn)(void *payload, const char *path, size_t line, const ocop_diag *d);

/** Options of ocop_products_load(). Initialise with OCOP_PRODUCTS_OPTIONS_INIT or ocop_products_options_init(). */
typedef struct ocop_products_options {
	int version;                      /**< OCOP_PRODUCTS_OPTIONS_VERSION */
	const ocop_reader_options *reader; /**< worksheet, hidden rows, separator; NULL for the defaults */
	/** Called for each row left out (a missing or wrong GTIN, a row the reader refuses, the same GTIN
	 *  and lot twice) and each warning; NULL: none. */
	ocop_products_problem_fn problem;
	void *payload;                    /**< passed to problem unchanged */
} ocop_products_options;

#define OCOP_PRODUCTS_OPTIONS_VERSION 1
#define OCOP_PRODUCTS_OPTIONS_INIT { .version = OCOP_PRODUCTS_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_PRODUCTS_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_products_options_init(ocop_products_options *opts, int version);

/** The most rows an index holds (OCOP_ELIMIT beyond). */
#define OCOP_PRODUCTS_MAX_ROWS 100000

/**
 * Reads every row of the product files @p paths (CSV, XLSX or ODS, as
 * ocop_reader_open() reads them) into a new index. A row is indexed when
 * its GTIN is valid (8, 12, 13 or 14 digits with a right check digit);
 * the other fields are shown as they are, whether or not the row would
 * pass ocop_record_validate(), since labels printed from it may be in
 * shops. The first row of a GTIN and lot wins.
 * @return 0; OCOP_ENOENT / OCOP_EIO / OCOP_EPARSE when a file cannot be
 *         read (the message names it); OCOP_ELIMIT over
 *         OCOP_PRODUCTS_MAX_ROWS rows; OCOP_EINVAL; OCOP_ENOMEM.
 */
OCOP_API int ocop_products_load(ocop_products **out, const char *const *paths, size_t n_paths,
                                const ocop_products_options *opts);

/** Frees an index (NULL is ignored). */
OCOP_API void ocop_products_free(ocop_products *p);

/** The number of rows indexed. */
OCOP_API size_t ocop_products_count(const ocop_products *p);

/** The number of distinct GTINs indexed. */
OCOP_API size_t ocop_products_gtins(const ocop_products *p);

/**
 * 1 when one of the files the index was read from has changed since (its
 * size, modification time or identity, or it is gone), else 0. Cheap enough
 * for every request: the files and their folders are watched (inotify), and
 * the files are looked at only after the kernel reports a change, or once a
 * second (a change it does not report, e.g. on a network file system). Once
 * it has returned 1 it keeps returning 1.
 */
OCOP_API int ocop_products_changed(const ocop_products *p);

/** Options of the resolver and the site export. Initialise with OCOP_RESOLVER_OPTIONS_INIT or ocop_resolver_options_init(). */
typedef struct ocop_resolver_options {
	int version;                  /**< OCOP_RESOLVER_OPTIONS_VERSION */
	/** The resolver's public base URL as the labels carry it (scheme, host, an optional path), e.g.
	 *  "https://truyxuat.example.vn". ocop_resolve(): NULL takes "http://" and the request's host. */
	const char *resolver;
	/** The query keys of the growing-area and packing-facility codes (ocop_template_link_options());
	 *  NULL for the defaults. Its resolver is not used. */
	const ocop_link_options *link;
	/** The date of today, yyyy-mm-dd: certificates and expiry dates are shown valid or expired as
	 *  of it; NULL for today's local date. */
	const char *today;
	/** The resolver's name in /.well-known/gs1resolver; NULL for "ocoplabel". */
	const char *name;
	/* version 2 */
	/** ocop_resolve(): the request's Accept-Language header, or NULL. The pages, the 400 and 404
	 *  pages and the linkset's titles come in the language it prefers among Vietnamese and English
	 *  (ocop_language_pick()), Vietnamese when it names neither. ocop_site_export() does not read it. */
	const char *accept_language;
	/* version 3 */
	/** ocop_resolve(): the serial registry (registry.h), or NULL. With it, a request for a serialised
	 *  link (/21/…) that leads to the page is logged as a scan (queued: the answer does not wait),
	 *  linkType=gs1:verificationService answers the label's verdict as JSON, the linkset lists that
	 *  link, the product page shows the verdict, and /.well-known/gs1resolver says so. */
	ocop_registry *registry;
	/** The request's client address (only its /24 or /48 network is stored) and User-Agent (only its
	 *  kind), for the scan; NULL: none. */
	const char *client_address, *user_agent;
	/** The page warns of a label scanned more than this many times (counted scans); 0: 20. */
	unsigned scan_alert;
} ocop_resolver_options;

/** Version 3 added registry, client_address, user_agent and scan_alert; version 2 added accept_language;
 *  older structs are still read. */
#define OCOP_RESOLVER_OPTIONS_VERSION 3
#define OCOP_RESOLVER_OPTIONS_INIT { .version = OCOP_RESOLVER_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_RESOLVER_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_resolver_options_init(ocop_resolver_options *opts, int version);

/** An HTTP response of the resolver: status, content type, headers and body. */
typedef struct ocop_response ocop_response;

/**
 * Answers one request as a GS1-conformant resolver (GS1-Conformant Resolver
 * standard 1.2):
 * - a Digital Link RESOLVER/01/{GTIN-14}[/22/…][/10/{lot}][/21/{serial}]
 *   [?query] of an indexed GTIN: 200 with the product page (HTML, in the
 *   language of opts->accept_language: Vietnamese unless it prefers English),
 *   the row of that lot, or the product with a note when the
 *   lot is not in the file; with Accept: application/linkset+json or
 *   linkType=linkset (or all): 200 with the RFC 9264 linkset; with
 *   linkType=gs1:pip or gs1:defaultLink (or its full URI): 307 to the page;
 *   with a link type the product has (gs1:traceability, or a column named
 *   gs1:…): 307 to it; with another link type: 307 to the page (the default
 *   link), as the standard asks;
 * - a GTIN that is not in the files: 404 with a page that says so;
 * - a path that is not a Digital Link: 400 with the parser's reason;
 * - a target with a space, a control character or a non-ASCII byte: 400;
 * - /.well-known/gs1resolver: 200 with the resolver description (JSON);
 * - a method other than GET or HEAD: 405.
 * Every value from a product file is escaped for HTML or JSON; pages carry a
 * Content-Security-Policy that allows no script.
 * The words of an answer (pages, the 400 and 404 pages, the linkset's titles,
 * the 405 text) are in the language opts->accept_language prefers; such an
 * answer says so (Content-Language on HTML, Vary: Accept-Language). The
 * calling thread's language (language.h) is used for the answer and given
 * back as it was before the call returns; an error ocop_resolve() returns is
 * in the caller's language.
 * @param method  "GET" or "HEAD" (NULL: GET).
 * @param target  the request target as sent: the path and query, still percent-encoded.
 * @param host    the Host header, for the base URL when opts->resolver is NULL (NULL: "localhost").
 * @param accept  the Accept header, or NULL.
 * @return 0 with *out set; OCOP_EINVAL (also for a bad opts->resolver or
 *         opts->today); OCOP_ENOMEM.
 */
OCOP_API int ocop_resolve(ocop_response **out, const ocop_products *p, const char *method, const char *target,
                          const char *host, const char *accept, const ocop_resolver_options *opts);

/**
 * Makes ahead of any scan what a phone's scan of each product asks ocop_resolve() for, and keeps it with
 * @p p's answers: for each product in the files' order, the 307 of its link (/01/{GTIN-14}) and the page
 * it leads to; then, product by product, each row's link as its label carries it (its lot, the codes'
 * query; a trace_url of another site is not ours) and its page. So the first scan of a product is answered
 * from memory, as a web host answers the export of ocop_site_export(). The pages are those of a request
 * with no Accept-Language (Vietnamese), for today as opts->today gives it (the answers kept for another day
 * are dropped first); a request in English, or of another day, has its page made when it comes: call it
 * again when the day changes.
 * It stops at the first of: every product done, @p max_products products (0: no limit), the answers
 * kept filling half of resolver_cache_bytes (limits.h; the other half stays for what requests make), or
 * *@p stop set non-zero by another thread (read atomically; NULL: never). It makes nothing with
 * opts->registry (its answers count scans and are never kept) or without opts->resolver (the address the
 * labels carry). Made for a thread of its own while other threads answer from @p p.
 * @return the number of products whose own link and page were made (>= 0); OCOP_EINVAL for a NULL @p p or
 *         bad options.
 */
OCOP_API int ocop_resolver_prepare(const ocop_products *p, const ocop_resolver_options *opts, size_t max_products,
                                   const int *stop);

OCOP_API unsigned ocop_response_status(const ocop_response *r);
/** The Content-Type, e.g. "text/html; charset=utf-8". */
OCOP_API const char *ocop_response_type(const ocop_response *r);
/** The body (owned by @p r; not NUL-terminated); empty for a HEAD request and a redirect. */
OCOP_API const char *ocop_response_body(const ocop_response *r);
/** The length of the body in bytes. */
OCOP_API size_t ocop_response_body_size(const ocop_response *r);
/** The number of headers besides Content-Type (Location, Link, Vary, Content-Security-Policy, ...). */
OCOP_API size_t ocop_response_header_count(const ocop_response *r);
/** Header @p i: its name and value (owned by @p r); OCOP_EINVAL when i is out of range. */
OCOP_API int ocop_response_header(const char **name, const char **value, const ocop_response *r, size_t i);
OCOP_API void ocop_response_free(ocop_response *r);

/** What ocop_site_export() wrote. */
typedef struct ocop_site_stats {
	size_t pages;      /**< product pages (one per GTIN, one per lot; their English copies are not counted) */
	size_t linksets;   /**< linkset files, one beside each page */
	size_t skipped;    /**< lots left out: a value that cannot be a file name on a web host */
} ocop_site_stats;

/**
 * Writes the resolver's answers as static files under the new folder @p dir,
 * for any web host (the rewrite rules for nginx and Apache are in
 * docs/RESOLVER.md):
 *   DIR/p/01/{GTIN-14}[/22/{variant}][/10/{lot}]/index.html the product page
 *   DIR/p/01/{GTIN-14}[/22/{variant}][/10/{lot}]/index.en.html  in English
 *   DIR/01/{GTIN-14}[/22/{variant}][/10/{lot}]/linkset.json the linkset
 *   DIR/trace/01/{GTIN-14}.json the product's record of Circular 02/2024/TT-BKHCN (docs/EPCIS.md)
 *   DIR/media/01/{GTIN-14}/{hash}.{jpg,png,webp} its photo (a JPEG, PNG or WebP of at most 5 MB in the
 *   product file's folder; another is not copied, and the page says why)
 *   DIR/.well-known/gs1resolver, DIR/404.html, DIR/404.en.html, DIR/.htaccess (Apache)
 * the pages byte for byte what ocop_resolve() serves for the same links.
 * The pages, the linksets and 404.html are in Vietnamese; beside each page is
 * its English copy, index.en.html (and 404.en.html), byte for byte what
 * ocop_resolve() serves to a request that prefers English, for a web host
 * that chooses by Accept-Language (docs/RESOLVER.md).
 * opts->resolver is required: the links in the files are absolute. The
 * folder is made whole under a temporary name and renamed into place: a new
 * or empty folder, or an earlier export (it holds .ocoplabel-site), which is
 * swapped out in one step (renameat2 RENAME_EXCHANGE) and removed.
 * @return 0; OCOP_EIO for another existing folder or a file that cannot be written (the message names
 *         the file and the reason, e.g. no space left); OCOP_EINVAL;
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_site_export(ocop_site_stats *stats, const ocop_products *p, const char *dir,
                              const ocop_resolver_options *opts);

#ifdef __cplusplus
}
#endif
#endif
