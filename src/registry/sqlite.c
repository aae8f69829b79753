/* ocoplabel — the registry on an SQLite file: WAL mode, writers wait for each other (BEGIN IMMEDIATE with a busy timeout), errors named for people. */
#include "registry.h"
#include <errno.h>
#include <sqlite3.h>
#include <string.h>

typedef struct sqlite_db {
	ocop_db base;
	sqlite3 *h;
} sqlite_db;

/* OCOP_EIO "registry NAME: WHAT: why" from SQLite's result code and message */
static int fail(sqlite_db *d, const char *what, int rc)
{
	const char *why;
	switch (rc & 0xff) {
	case SQLITE_READONLY: why = _("the file is read-only"); break;
	case SQLITE_FULL: why = _("the disk is full"); break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: why = _("another program kept the database busy too long"); break;
	case SQLITE_CANTOPEN: why = _("the file cannot be opened"); break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: why = _("the file is not a registry database or is damaged"); break;
	case SQLITE_PERM:
	case SQLITE_AUTH: why = _("permission denied"); break;
	case SQLITE_IOERR: why = _("reading or writing the file failed"); break;
	default: why = NULL;
	}
	const char *detail = d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc);
	if (why)
		return ocop_set_error(OCOP_EIO, "registry %s: %s: %s (%s)", d->base.name, ocop_tr(what), why, detail);
	return ocop_set_error(OCOP_EIO, "registry %s: %s: %s", d->base.name, ocop_tr(what), detail);
}

static int q(ocop_db *db, ocop_db_rows **out, const char *what, const char *sql, int n, const char *const *params)
{
	sqlite_db *d = (sqlite_db *)db;
	if (out)
		*out = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(d, what, rc);
	/* $1 … $n, by name */
	for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		int k = name && name[0] == '$' ? atoi(name + 1) : 0;
		if (k >= 1 && k <= n && params[k - 1])
			sqlite3_bind_text(st, i, params[k - 1], -1, SQLITE_STATIC);
	}
	ocop_db_rows *r = g_new0(ocop_db_rows, 1);
	r->cols = (size_t)sqlite3_column_count(st);
	r->names = g_new0(char *, r->cols + 1);
	for (size_t c = 0; c < r->cols; c++)
		r->names[c] = g_strdup(sqlite3_column_name(st, (int)c));
	GPtrArray *vals = g_ptr_array_new();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t c = 0; c < r->cols; c++) {
			const unsigned char *t = sqlite3_column_text(st, (int)c);
			g_ptr_array_add(vals, t ? g_strdup((const char *)t) : NULL);
		}
		r->rows++;
	}
	r->v = (char **)g_ptr_array_free(vals, FALSE);
	int err = rc == SQLITE_DONE ? 0 : fail(d, what, rc);
	sqlite3_finalize(st);
	if (err < 0 || !out)
		ocop_db_rows_free(r);
	else
		*out = r;
	return err;
}

static int begin(ocop_db *db, const char *what)
{
	/* NOTR: SQL */
	return q(db, NULL, what, "BEGIN IMMEDIATE", 0, NULL);
}

static int lock_schema(ocop_db *db, const char *what)
{
	(void)db;
	(void)what;
	return 0;
}

static void close_db(ocop_db *db)
{
	sqlite_db *d = (sqlite_db *)db;
	sqlite3_close_v2(d->h);
	g_free(d->base.name);
	g_free(d);
}

static const ocop_db_ops sqlite_ops = {
	.kind = "sqlite", .query = q, .begin = begin, .lock_schema = lock_schema, .close = close_db,
	/* NOTR: SQL */
	.serial_key = "INTEGER PRIMARY KEY AUTOINCREMENT",
};

int ocop_db_open_sqlite(ocop_db **out, const char *path, unsigned timeout_ms)
{
	*out = NULL;
	sqlite_db *d = g_new0(sqlite_db, 1);
	d->base.ops = &sqlite_ops;
	d->base.name = g_strdup(path);
	d->base.timeout = timeout_ms ? timeout_ms : 10000;
	char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		int e = errno;
		ocop_set_error(OCOP_EIO, "registry %s: cannot make its folder %s: %s", path, dir, g_strerror(e));
		g_free(dir);
		close_db(&d->base);
		return OCOP_EIO;
	}
	g_free(dir);
	int rc = sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fail(d, N_("cannot open the database"), rc);
		close_db(&d->base);
		return OCOP_EIO;
	}
	sqlite3_extended_result_codes(d->h, 0);
	sqlite3_busy_timeout(d->h, (int)d->base.timeout);
	/* WAL: readers (a server's verdicts) never wait for a writer; NORMAL: a commit is durable at the next
	 * checkpoint, which is safe in WAL mode against a crash of the program (not of the machine) */
	int err = q(&d->base, NULL, N_("cannot open the database"), "PRAGMA journal_mode=WAL", 0, NULL);
	if (err == 0)
		err = q(&d->base, NULL, N_("cannot open the database"), "PRAGMA synchronous=NORMAL", 0, NULL);
	if (err == 0)
		err = q(&d->base, NULL, N_("cannot open the database"), "PRAGMA foreign_keys=ON", 0, NULL);
	if (err < 0) {
		close_db(&d->base);
		return err;
	}
	*out = &d->base;
	return 0;
}
