/* ocoplabel — the registry on PostgreSQL (libpq): one connection, text parameters, errors that name the server and what failed. */
#include "registry.h"
#include "lazy.h"
#include <libpq-fe.h>
#include <string.h>

/* libpq, loaded when a registry on PostgreSQL is first opened (lazy.h) */
#define PQ_FUNCS(X)                                                                                                    \
	X(PQconninfoParse) X(PQconninfoFree) X(PQfreemem) X(PQconnectdbParams) X(PQsetNoticeProcessor) X(PQstatus)     \
	X(PQerrorMessage) X(PQreset) X(PQfinish) X(PQexecParams) X(PQresultStatus) X(PQresultErrorMessage) X(PQclear)  \
	X(PQntuples) X(PQnfields) X(PQfname) X(PQgetisnull) X(PQgetvalue)
static struct {
	PQ_FUNCS(OCOP_LAZY_FIELD)
} pq;
static const char *const pq_names[] = { PQ_FUNCS(OCOP_LAZY_NAME) NULL };
/* NOTR: a soname and a Debian package */
static ocop_lazy_lib pq_lib = OCOP_LAZY_LIB("libpq.so.5", "libpq5", pq_names, pq);

typedef struct pg_db {
	ocop_db base;
	PGconn *c;
} pg_db;

bool ocop_db_is_postgres(const char *where)
{
	return g_str_has_prefix(where, "postgresql://") || g_str_has_prefix(where, "postgres://") ||
	       (strchr(where, '=') && (strstr(where, "dbname=") || strstr(where, "host=")));
}

/* the connection string without its password, for messages */
static char *shown_name(const char *conninfo)
{
	char *err = NULL;
	PQconninfoOption *opts = pq.PQconninfoParse(conninfo, &err);
	pq.PQfreemem(err);
	if (!opts)
		return g_strdup("postgresql");
	GString *s = g_string_new("postgresql://");
	const char *user = NULL, *host = NULL, *port = NULL, *db = NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (strcmp(o->keyword, "user") == 0)
			user = o->val;
		else if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
	}
	if (user)
		g_string_append_printf(s, "%s@", user);
	g_string_append(s, host && host[0] != '/' ? host : "");
	if (port)
		g_string_append_printf(s, ":%s", port);
	g_string_append_printf(s, "/%s", db ? db : "");
	if (host && host[0] == '/')
		g_string_append_printf(s, "?host=%s", host);
	pq.PQconninfoFree(opts);
	return g_string_free(s, FALSE);
}

static int fail(pg_db *d, const char *what, const char *detail)
{
	char *msg = g_strstrip(g_strdup(detail && *detail ? detail : pq.PQerrorMessage(d->c)));
	/* libpq's text of a server that is not there */
	const char *why = pq.PQstatus(d->c) != CONNECTION_OK ? _("the database server does not answer") : NULL;
	int err = why ? ocop_set_error(OCOP_EIO, "registry %s: %s: %s (%s)", d->base.name, ocop_tr(what), why, msg)
	              : ocop_set_error(OCOP_EIO, "registry %s: %s: %s", d->base.name, ocop_tr(what), msg);
	g_free(msg);
	return err;
}

static int q(ocop_db *db, ocop_db_rows **out, const char *what, const char *sql, int n, const char *const *params)
{
	pg_db *d = (pg_db *)db;
	if (out)
		*out = NULL;
	PGresult *res = pq.PQexecParams(d->c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int err = fail(d, what, res ? pq.PQresultErrorMessage(res) : NULL);
		pq.PQclear(res);
		return err;
	}
	if (out) {
		ocop_db_rows *r = g_new0(ocop_db_rows, 1);
		r->rows = (size_t)pq.PQntuples(res);
		r->cols = (size_t)pq.PQnfields(res);
		r->names = g_new0(char *, r->cols + 1);
		for (size_t c = 0; c < r->cols; c++)
			r->names[c] = g_strdup(pq.PQfname(res, (int)c));
		r->v = g_new0(char *, r->rows * r->cols + 1);
		for (size_t i = 0; i < r->rows; i++)
			for (size_t c = 0; c < r->cols; c++)
				r->v[i * r->cols + c] =
					pq.PQgetisnull(res, (int)i, (int)c) ? NULL : g_strdup(pq.PQgetvalue(res, (int)i, (int)c));
		*out = r;
	}
	pq.PQclear(res);
	return 0;
}

static int begin(ocop_db *db, const char *what)
{
	pg_db *d = (pg_db *)db;
	/* a connection broken since (the server restarted): one new attempt */
	if (pq.PQstatus(d->c) != CONNECTION_OK)
		pq.PQreset(d->c);
	return q(db, NULL, what, "BEGIN", 0, NULL);
}

static int lock_schema(ocop_db *db, const char *what)
{
	/* two processes opening a new database at once: one makes the tables, the other waits */
	/* NOTR: SQL */
	return q(db, NULL, what, "SELECT pg_advisory_xact_lock(7265301)", 0, NULL);
}

static void close_db(ocop_db *db)
{
	pg_db *d = (pg_db *)db;
	pq.PQfinish(d->c);
	g_free(d->base.name);
	g_free(d);
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs (a table that already exists) are not for people */
}

static const ocop_db_ops pg_ops = {
	.kind = "postgresql", .query = q, .begin = begin, .lock_schema = lock_schema, .close = close_db,
	/* NOTR: SQL */
	.serial_key = "BIGSERIAL PRIMARY KEY",
};

int ocop_db_open_postgres(ocop_db **out, const char *conninfo, unsigned timeout_s)
{
	*out = NULL;
	if (ocop_lazy_load(&pq_lib, OCOP_EIO) < 0)
		return OCOP_EIO;
	pg_db *d = g_new0(pg_db, 1);
	d->base.ops = &pg_ops;
	d->base.name = shown_name(conninfo);
	d->base.timeout = timeout_s ? timeout_s : 10;
	char timeout[16];
	g_snprintf(timeout, sizeof timeout, "%u", d->base.timeout);
	/* NOTR: libpq's connection keywords */
	const char *const keys[] = { "dbname", "connect_timeout", "application_name", NULL };
	const char *const vals[] = { conninfo, timeout, "ocoplabel", NULL };
	d->c = pq.PQconnectdbParams(keys, vals, 1);
	if (!d->c || pq.PQstatus(d->c) != CONNECTION_OK) {
		if (!d->c) {
			ocop_set_error(OCOP_ENOMEM, "registry %s: out of memory", d->base.name);
			g_free(d->base.name);
			g_free(d);
			return OCOP_ENOMEM;
		}
		char *msg = g_strstrip(g_strdup(pq.PQerrorMessage(d->c)));
		ocop_set_error(OCOP_EIO, "registry %s: cannot connect to the database server: %s",
		               d->base.name, msg);
		g_free(msg);
		close_db(&d->base);
		return OCOP_EIO;
	}
	pq.PQsetNoticeProcessor(d->c, quiet, NULL);
	*out = &d->base;
	return 0;
}
