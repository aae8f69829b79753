/* ocoplabel — registry: one interface over SQLite and PostgreSQL (not installed): the connection
 * (sqlite.c, postgres.c), the schema and its migrations (schema.c), runs and serials (runs.c), scans and
 * verdicts (scans.c), listings (lists.c), the handle (registry.c). */
#ifndef OCOP_REGISTRY_INTERNAL_H
#define OCOP_REGISTRY_INTERNAL_H

#include "core.h"

/* The rows of a query: text values (NULL for SQL NULL), row-major. */
typedef struct ocop_db_rows {
	size_t rows, cols;
	char **names;               /* cols column names */
	char **v;                   /* rows * cols values */
} ocop_db_rows;
void ocop_db_rows_free(ocop_db_rows *r);
static inline const char *ocop_db_value(const ocop_db_rows *r, size_t row, size_t col)
{
	return r && row < r->rows && col < r->cols ? r->v[row * r->cols + col] : NULL;
}

/* One connection. SQL is written once for both: parameters are $1, $2 … and passed as text (CAST($1 AS
 * BIGINT) where a number is meant), values come back as text. Errors set the error object naming the
 * database and what failed (what: English words, e.g. "cannot record the run"). */
typedef struct ocop_db ocop_db;
typedef struct ocop_db_ops {
	const char *kind;           /* "sqlite", "postgresql" */
	/* a statement; out NULL: its rows are dropped */
	int (*query)(ocop_db *db, ocop_db_rows **out, const char *what, const char *sql, int n, const char *const *params);
	/* a write transaction that other writers wait for (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN) */
	int (*begin)(ocop_db *db, const char *what);
	/* the schema's migrations serialised across processes (PostgreSQL: an advisory lock; SQLite: nothing more) */
	int (*lock_schema)(ocop_db *db, const char *what);
	void (*close)(ocop_db *db);
	/* the SQL of an integer primary key that numbers itself */
	const char *serial_key;
} ocop_db_ops;
struct ocop_db {
	const ocop_db_ops *ops;
	char *name;                 /* for messages: the file, or the connection string without its password */
	unsigned timeout;
};
/* sqlite.c, postgres.c */
int ocop_db_open_sqlite(ocop_db **out, const char *path, unsigned timeout_ms);
int ocop_db_open_postgres(ocop_db **out, const char *conninfo, unsigned timeout_s);
bool ocop_db_is_postgres(const char *where);
/* whichever where names */
int ocop_db_open(ocop_db **out, const char *where, unsigned timeout);
int ocop_db_exec(ocop_db *db, const char *what, const char *sql, int n, const char *const *params);
int ocop_db_commit(ocop_db *db, const char *what);
void ocop_db_rollback(ocop_db *db);
/* a transaction ended: committed when err is 0, else rolled back (err kept); the result */
int ocop_db_end(ocop_db *db, int err, const char *what);

/* schema.c: the schema brought to this library's version (one transaction per migration) */
#define OCOP_REGISTRY_SCHEMA 2
int ocop_schema_migrate(ocop_db *db);

/* registry.c: the handle */
struct ocop_registry {
	ocop_registry_options o;
	char *where;
	ocop_db *db;                /* the callers' connection, one call at a time */
	GMutex lock;
	/* scans.c: the writer thread and its own connection */
	GThread *writer;
	GAsyncQueue *queue;
	GMutex scan_lock;
	GCond scan_cond;
	unsigned long long queued, written;
	char *last_prune;           /* the day scans were last pruned */
};
/* now in UTC as yyyy-mm-ddThh:mm:ssZ (t 0: now) into buf[32] */
const char *ocop_registry_time(char buf[32], long long t);
/* gtin (8 to 14 digits) as a GTIN-14; false when it is not one */
bool ocop_registry_gtin14(char out[15], const char *gtin);

/* scans.c */
int ocop_scans_start(ocop_registry *reg);
void ocop_scans_stop(ocop_registry *reg);
void ocop_scans_flush(ocop_registry *reg);
int ocop_scans_prune(ocop_db *db, unsigned days);
/* the coarse client: IPv4 /24, IPv6 /48 ("" for none) into buf[64]; the kind of user agent */
const char *ocop_client_prefix(char buf[64], const char *address);
const char *ocop_agent_class(const char *user_agent);

#endif
