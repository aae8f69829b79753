/* ocoplabel — the registry handle: which database (a file or a PostgreSQL server), opened with its schema current, and the helpers every stage shares. */
#include "registry.h"
#include <string.h>
#include <time.h>

void ocop_db_rows_free(ocop_db_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->rows * r->cols; i++)
		g_free(r->v[i]);
	g_free(r->v);
	g_strfreev(r->names);
	g_free(r);
}

int ocop_db_exec(ocop_db *db, const char *what, const char *sql, int n, const char *const *params)
{
	return db->ops->query(db, NULL, what, sql, n, params);
}

int ocop_db_commit(ocop_db *db, const char *what)
{
	int err = db->ops->query(db, NULL, what, "COMMIT", 0, NULL);
	if (err < 0)
		ocop_db_rollback(db);
	return err;
}

void ocop_db_rollback(ocop_db *db)
{
	void *saved = ocop_error_save(); /* the error that made us roll back, not the rollback's */
	db->ops->query(db, NULL, N_("cannot roll back"), "ROLLBACK", 0, NULL);
	ocop_error_restore(saved);
}

int ocop_db_end(ocop_db *db, int err, const char *what)
{
	if (err == 0)
		return ocop_db_commit(db, what);
	ocop_db_rollback(db);
	return err;
}

int ocop_db_open(ocop_db **out, const char *where, unsigned timeout)
{
	return ocop_db_is_postgres(where) ? ocop_db_open_postgres(out, where, timeout ? (timeout + 999) / 1000 : 0)
	                                  : ocop_db_open_sqlite(out, where, timeout);
}

const char *ocop_registry_time(char buf[32], long long t)
{
	time_t tt = t ? (time_t)t : time(NULL);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

bool ocop_registry_gtin14(char out[15], const char *gtin)
{
	size_t n = gtin ? strlen(gtin) : 0;
	if (n < 8 || n > 14)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isdigit(gtin[i]))
			return false;
	memset(out, '0', 14 - n);
	memcpy(out + 14 - n, gtin, n + 1);
	return true;
}

char *ocop_registry_default(void)
{
	const char *env = g_getenv("OCOPLABEL_REGISTRY");
	if (env && *env) {
		if (g_ascii_strcasecmp(env, "none") == 0 || g_ascii_strcasecmp(env, "off") == 0)
			return NULL;
		return strdup(env);
	}
	/* NOTR: a file name */
	static const char file[] = "registry.sqlite";
	char *p = g_build_filename(g_get_user_data_dir(), "ocoplabel", file, NULL);
	char *r = strdup(p);
	g_free(p);
	return r;
}

int ocop_registry_open(ocop_registry **out, const char *where, const ocop_registry_options *opts)
{
	if (out)
		*out = NULL;
	if (!out || !where || !*where)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_open: NULL argument");
	ocop_registry_options defaults = OCOP_REGISTRY_OPTIONS_INIT, o = opts ? *opts : defaults;
	if (ocop_check_version(OCOP_VERSIONED_REGISTRY, o.version) < 0)
		return OCOP_EINVAL;
	if (!o.scan_window)
		o.scan_window = 600;
	if (!o.scan_days)
		o.scan_days = 730;
	ocop_db *db = NULL;
	int err = ocop_db_open(&db, where, o.timeout);
	if (err == 0 && (err = ocop_schema_migrate(db)) < 0)
		db->ops->close(db);
	if (err < 0)
		return err;
	ocop_registry *reg = g_new0(ocop_registry, 1);
	reg->o = o;
	reg->where = g_strdup(where);
	reg->db = db;
	g_mutex_init(&reg->lock);
	g_mutex_init(&reg->scan_lock);
	g_cond_init(&reg->scan_cond);
	*out = reg;
	return 0;
}

const char *ocop_registry_name(const ocop_registry *reg) { return reg ? reg->db->name : NULL; }

void ocop_registry_free(ocop_registry *reg)
{
	if (!reg)
		return;
	ocop_scans_stop(reg);
	reg->db->ops->close(reg->db);
	g_mutex_clear(&reg->lock);
	g_mutex_clear(&reg->scan_lock);
	g_cond_clear(&reg->scan_cond);
	g_free(reg->where);
	g_free(reg->last_prune);
	g_free(reg);
}
