/* ocoplabel — the serial registry: every run and every serialised label on record (SQLite or PostgreSQL), the next free serials, scans of the labels and their verification. */
#ifndef OCOPLABEL_REGISTRY_H
#define OCOPLABEL_REGISTRY_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A registry: a database of the batch runs, the serial numbers each run
 * took, the labels issued with their state (issued, voided, activated: the
 * serial lifecycle of OPC 30260 / OPEN-SCS), and the scans of their QR codes
 * (docs/REGISTRY.md). Either an SQLite file (WAL mode; created on first use)
 * or a PostgreSQL database shared by several machines. Its schema is
 * versioned and brought up to date when it is opened; every write is one
 * transaction.
 *
 * A handle may be used by several threads: its calls take turns. Scans are
 * written by a thread of the handle's own (ocop_registry_log_scan() returns
 * at once); every read waits for the scans logged before it.
 */
typedef struct ocop_registry ocop_registry;

/** Options of ocop_registry_open(). Initialise with OCOP_REGISTRY_OPTIONS_INIT or ocop_registry_options_init(). */
typedef struct ocop_registry_options {
	int version;                  /**< OCOP_REGISTRY_OPTIONS_VERSION */
	/** Seconds during which scans of one label from one client (the same network prefix and kind of
	 *  browser) count once; 0: 600 (ten minutes). */
	unsigned scan_window;
	/** Days a scan is kept; older scans are deleted when the registry is opened and once a day by a
	 *  server; 0: 730 (two years, the longest HSD of most OCOP food). */
	unsigned scan_days;
	/** SQLite: milliseconds to wait for another process's write to finish; PostgreSQL: seconds to wait
	 *  for the connection. 0: 10000 ms, 10 s. */
	unsigned timeout;
} ocop_registry_options;

#define OCOP_REGISTRY_OPTIONS_VERSION 1
#define OCOP_REGISTRY_OPTIONS_INIT { .version = OCOP_REGISTRY_OPTIONS_VERSION }

/** Sets @p opts to the defaults (pass OCOP_REGISTRY_OPTIONS_VERSION). @return 0; OCOP_EINVAL. */
OCOP_API int ocop_registry_options_init(ocop_registry_options *opts, int version);

/**
 * The registry a program uses when none is named (g_malloc'ed, free with
 * free()): the environment variable OCOPLABEL_REGISTRY when it is set and
 * not empty, else the SQLite file ocoplabel/registry.sqlite in the user's
 * data folder ($XDG_DATA_HOME, ~/.local/share). NULL when
 * OCOPLABEL_REGISTRY is "none" or "off": the program runs without.
 */
OCOP_API char *ocop_registry_default(void);

/**
 * Opens the registry @p where: a PostgreSQL connection string
 * ("postgresql://user@host:port/db", "postgres://…", or "host=… dbname=…"
 * key=value pairs), or an SQLite file (created with its folder when it
 * does not exist). Its schema is created or migrated.
 * @return 0; OCOP_EIO when the database cannot be opened, read or written
 *         (the message names it, with its password hidden, and says what
 *         failed: the file is read-only, the disk is full, the server does
 *         not answer); OCOP_EPARSE for a database whose schema is newer than
 *         this library's; OCOP_EINVAL; OCOP_ENOMEM.
 */
OCOP_API int ocop_registry_open(ocop_registry **out, const char *where, const ocop_registry_options *opts);

/** The registry's name for messages: the file, or the connection string without its password. */
OCOP_API const char *ocop_registry_name(const ocop_registry *reg);

/** Waits for the scans logged so far to be written, closes. NULL-safe. */
OCOP_API void ocop_registry_free(ocop_registry *reg);

/** A run as it is recorded: where its labels come from and go. */
typedef struct ocop_registry_run_info {
	const char *product_file;     /**< the product file's name */
	const char *product_sha256;   /**< its SHA-256 in hex, or NULL */
	const char *template_name;    /**< the template, or NULL */
	const char *output;           /**< the output file, folder, printer or "stream", or NULL */
	const char *clerk;            /**< who: a clerk's name, or NULL for the OS user */
} ocop_registry_run_info;

/** Starts a run (state "open") and gives its number in @p run. @return 0; OCOP_EIO. */
OCOP_API int ocop_registry_run_begin(long long *run, ocop_registry *reg, const ocop_registry_run_info *info);

/**
 * Takes @p count serial numbers for GTIN @p gtin (8 to 14 digits; kept as a
 * GTIN-14) and lot @p lot (NULL or "": none) for run @p run: the next free
 * ones (@p first 0: *out is the first of them), or those from @p first
 * (a number given by hand: OCOP_EREJECTED with code "serial_taken" when one
 * of them was already taken by a run, naming it). In one transaction that
 * other processes wait for (SQLite BEGIN IMMEDIATE, a locked counter row on
 * PostgreSQL): two runs never take the same number.
 * @return 0; OCOP_EREJECTED; OCOP_EIO; OCOP_EINVAL (a GTIN that is not one).
 */
OCOP_API int ocop_registry_allocate(unsigned long long *out, ocop_registry *reg, long long run, const char *gtin,
                                    const char *lot, unsigned long long first, unsigned long long count);

/** A label issued: its GTIN, lot, serial as printed, its number, and what the page shows of it. */
typedef struct ocop_registry_label {
	const char *gtin, *lot, *serial;
	unsigned long long number;
	const char *producer;         /**< the producer (HTX …), or NULL */
	const char *expiry;           /**< its HSD as yyyy-mm-dd, or NULL */
} ocop_registry_label;

/** Records @p n labels of run @p run as issued, in one transaction. @return 0; OCOP_EIO; OCOP_EREJECTED
 *  (code "serial_taken") for a serial already on record. */
OCOP_API int ocop_registry_issue(ocop_registry *reg, long long run, const ocop_registry_label *labels, size_t n);

/** Run states. */
#define OCOP_RUN_OPEN "open"          /**< started, not finished (or the program stopped) */
#define OCOP_RUN_DONE "done"          /**< its output was written whole */
#define OCOP_RUN_FAILED "failed"      /**< nothing written: its labels voided, its numbers never used again */

/**
 * Ends run @p run with @p state, its counts (rows, valid, rejected, labels)
 * and, for a failed run, @p reason: the labels it recorded as issued are
 * voided with that reason.
 */
OCOP_API int ocop_registry_run_end(ocop_registry *reg, long long run, const char *state, unsigned long rows,
                                   unsigned long valid, unsigned long rejected, unsigned long labels,
                                   const char *reason);

/**
 * Voids the issued labels of run @p run of GTIN @p gtin and lot @p lot (NULL:
 * any) whose numbers are @p first to @p last (0 and 0: all of them), with
 * @p reason (required). *out (may be NULL): the labels voided.
 * @return 0; OCOP_ENOENT for a run that does not exist; OCOP_EINVAL without
 *         a reason; OCOP_EIO.
 */
OCOP_API int ocop_registry_void(unsigned long *out, ocop_registry *reg, long long run, const char *gtin,
                                const char *lot, unsigned long long first, unsigned long long last,
                                const char *reason);

/** What a listing shows (its columns never change their order; new ones come last). */
typedef enum ocop_registry_list_kind {
	OCOP_REGISTRY_RUNS,    /**< run, started, finished, state, clerk, host, product_file, product_sha256,
	                            template, output, rows, valid, rejected, labels, note */
	OCOP_REGISTRY_BLOCKS,  /**< run, gtin, lot, first, count: the numbers a run took */
	OCOP_REGISTRY_SERIALS, /**< gtin, lot, serial, number, run, state, changed, reason, producer, expiry */
	OCOP_REGISTRY_SCANS,   /**< time, gtin, lot, serial, client, agent, counted */
	OCOP_REGISTRY_ITEMS,   /**< run, gtin, lot, labels, expiry, gln, packing_facility: what a run made of each
	                            GTIN and lot, and where (ocop_registry_items()) */
	OCOP_REGISTRY_CAPTURES, /**< capture, started, finished, url, state, events, document_sha256, job, note: the
	                             documents sent to an EPCIS repository (the newest first; filters do not apply) */
	OCOP_REGISTRY_CAPTURE_RUNS /**< capture, run: the runs each capture carried (filter: run) */
} ocop_registry_list_kind;

/** Filters of a listing; NULL or 0 for all. */
typedef struct ocop_registry_filter {
	long long run;
	const char *gtin, *lot, *serial;
	size_t limit;                 /**< the most rows (the newest first for runs and scans); 0: all */
} ocop_registry_filter;

/** A listing: rows of text values under named columns. */
typedef struct ocop_registry_table ocop_registry_table;
OCOP_API int ocop_registry_list(ocop_registry_table **out, ocop_registry *reg, ocop_registry_list_kind kind,
                                const ocop_registry_filter *filter);
OCOP_API size_t ocop_registry_table_columns(const ocop_registry_table *t);
OCOP_API const char *ocop_registry_table_column(const ocop_registry_table *t, size_t col);
OCOP_API size_t ocop_registry_table_rows(const ocop_registry_table *t);
/** The value at @p row, @p col ("" for none); NULL out of range. */
OCOP_API const char *ocop_registry_table_value(const ocop_registry_table *t, size_t row, size_t col);
OCOP_API void ocop_registry_table_free(ocop_registry_table *t);
/** Saves @p t for a spreadsheet, whole or not at all: an Excel workbook when
 *  @p path ends in .xlsx (every value as text, so serials and GTINs keep their
 *  leading zeros), else CSV (UTF-8 with a BOM, CRLF); "-" writes the CSV to
 *  standard output. The first row names the columns as listed (stable for
 *  scripts). @return 0; OCOP_EINVAL; OCOP_EIO; OCOP_ELIMIT (over a worksheet's rows). */
OCOP_API int ocop_registry_table_save(const ocop_registry_table *t, const char *path);

/** What a run made of one GTIN and lot, and where: the matter of its EPCIS event (docs/EPCIS.md). */
typedef struct ocop_registry_item {
	const char *gtin;             /**< 8 to 14 digits (kept as a GTIN-14) */
	const char *lot;              /**< NULL or "": none */
	unsigned long long labels;    /**< labels made */
	const char *expiry;           /**< HSD as yyyy-mm-dd, or NULL */
	const char *gln;              /**< the packing site's GLN (13 digits), or NULL */
	const char *packing_facility; /**< the packing-facility code, or NULL */
} ocop_registry_item;

/** Records what run @p run made (@p n items, one per GTIN and lot), in one transaction, replacing what was
 *  recorded for the run before. @return 0; OCOP_EIO; OCOP_EINVAL. */
OCOP_API int ocop_registry_items(ocop_registry *reg, long long run, const ocop_registry_item *items, size_t n);

/** Capture states: sending, then accepted (the repository's capture job succeeded) or failed. */
#define OCOP_CAPTURE_SENDING "sending"
#define OCOP_CAPTURE_ACCEPTED "accepted"
#define OCOP_CAPTURE_FAILED "failed"

/**
 * Records that a document of @p events EPCIS events carrying runs @p runs (@p n_runs) is being sent to
 * @p url (state "sending"); *out: the capture's number. @return 0; OCOP_EIO; OCOP_EINVAL.
 */
OCOP_API int ocop_registry_capture_begin(long long *out, ocop_registry *reg, const char *url, const long long *runs,
                                         size_t n_runs, unsigned long events, const char *document_sha256);

/** Ends capture @p capture with @p state (OCOP_CAPTURE_ACCEPTED only when the repository accepted it), the
 *  capture job's address @p job (or NULL) and @p note (why it failed, or NULL). @return 0; OCOP_EIO. */
OCOP_API int ocop_registry_capture_end(ocop_registry *reg, long long capture, const char *state, const char *job,
                                       const char *note);

/** A scan of a label's link. The address and the user agent are not stored: only the network prefix
 *  (IPv4 /24, IPv6 /48) and a kind of client ("android", "iphone", "zalo", "facebook", "desktop", "bot",
 *  "other"). */
typedef struct ocop_registry_scan {
	const char *gtin, *lot, *serial;
	const char *address;          /**< the client's IP address as text, or NULL */
	const char *user_agent;       /**< its User-Agent, or NULL */
	long long time;               /**< seconds since 1970 (UTC); 0: now */
} ocop_registry_scan;

/** Queues a scan for the handle's writer thread and returns at once. @return 0; OCOP_EINVAL. */
OCOP_API int ocop_registry_log_scan(ocop_registry *reg, const ocop_registry_scan *scan);

/** A label's verdict. */
typedef enum ocop_verdict_status {
	OCOP_VERDICT_GENUINE,         /**< issued by a run whose output was written */
	OCOP_VERDICT_UNKNOWN,         /**< never issued: possibly a copy */
	OCOP_VERDICT_VOIDED,          /**< issued, then voided */
	OCOP_VERDICT_EXPIRED          /**< genuine but past its HSD */
} ocop_verdict_status;

typedef struct ocop_verdict {
	ocop_verdict_status status;
	const char *status_name;      /**< "genuine", "unknown", "voided", "expired" */
	char state[16];               /**< the label's state on record ("issued", "voided", "activated"), or "" */
	char issued[32];              /**< when its run started (yyyy-mm-ddThh:mm:ssZ), or "" */
	char producer[256];           /**< as printed, or "" */
	char expiry[16];              /**< HSD, yyyy-mm-dd, or "" */
	char reason[256];             /**< why it was voided, or "" */
	long long run;                /**< its run, or 0 */
	unsigned long scans;          /**< scans counted (repeats within the window once) */
	char first_scan[32];          /**< the first, or "" */
	char last_scan[32];           /**< the last, or "" */
} ocop_verdict;

/**
 * The verdict of the label GTIN @p gtin, lot @p lot, serial @p serial as of
 * @p today (yyyy-mm-dd; NULL: today in UTC), after the scans logged so far
 * are written. @return 0; OCOP_EIO; OCOP_EINVAL.
 */
OCOP_API int ocop_registry_verify(ocop_verdict *out, ocop_registry *reg, const char *gtin, const char *lot,
                                  const char *serial, const char *today);

#ifdef __cplusplus
}
#endif
#endif
