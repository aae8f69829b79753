/* ocoplabel — the registry's schema: numbered migrations, applied in one transaction each when a registry is opened. */
#include "registry.h"
#include <string.h>

/* Migration N brings the schema from version N-1 to N. @ is the database's self-numbering key. Times
 * are text, yyyy-mm-ddThh:mm:ssZ (UTC), the same in both databases and ordered as text. */
static const char *const v1[] = {
	/* NOTR: SQL */
	"CREATE TABLE runs (id @, started TEXT NOT NULL, finished TEXT, state TEXT NOT NULL, clerk TEXT, host TEXT, "
	"product_file TEXT, product_sha256 TEXT, template TEXT, output TEXT, n_rows BIGINT, n_valid BIGINT, "
	"n_rejected BIGINT, n_labels BIGINT, note TEXT)",
	/* the next free number of each GTIN and lot: the row every allocation locks */
	/* NOTR: SQL */
	"CREATE TABLE counters (gtin TEXT NOT NULL, lot TEXT NOT NULL, next_no BIGINT NOT NULL, PRIMARY KEY (gtin, lot))",
	/* the numbers each run took, printed or not: no number is given twice, a gap is explained */
	/* NOTR: SQL */
	"CREATE TABLE blocks (run BIGINT NOT NULL REFERENCES runs (id), gtin TEXT NOT NULL, lot TEXT NOT NULL, "
	"first_no BIGINT NOT NULL, count_no BIGINT NOT NULL)",
	/* NOTR: SQL */
	"CREATE INDEX blocks_key ON blocks (gtin, lot, first_no)",
	/* NOTR: SQL */
	"CREATE INDEX blocks_run ON blocks (run)",
	/* NOTR: SQL */
	"CREATE TABLE labels (gtin TEXT NOT NULL, lot TEXT NOT NULL, serial TEXT NOT NULL, number BIGINT, "
	"run BIGINT NOT NULL REFERENCES runs (id), state TEXT NOT NULL, changed TEXT NOT NULL, reason TEXT, "
	"producer TEXT, expiry TEXT, PRIMARY KEY (gtin, lot, serial))",
	/* NOTR: SQL */
	"CREATE INDEX labels_run ON labels (run, number)",
	/* NOTR: SQL */
	"CREATE TABLE scans (id @, at TEXT NOT NULL, gtin TEXT NOT NULL, lot TEXT NOT NULL, serial TEXT NOT NULL, "
	"client TEXT NOT NULL, agent TEXT NOT NULL, counted INTEGER NOT NULL)",
	/* NOTR: SQL */
	"CREATE INDEX scans_label ON scans (gtin, lot, serial, at)",
	/* NOTR: SQL */
	"CREATE INDEX scans_at ON scans (at)",
	NULL,
};
/* 2: what each run made of each GTIN and lot and where (the EPCIS events of docs/EPCIS.md: an unserialised
 * run's quantities, the packing site's GLN or code), and what was sent to an EPCIS repository */
static const char *const v2[] = {
	/* NOTR: SQL */
	"CREATE TABLE run_items (run BIGINT NOT NULL REFERENCES runs (id), gtin TEXT NOT NULL, lot TEXT NOT NULL, "
	"labels BIGINT NOT NULL, expiry TEXT, gln TEXT, packing_facility TEXT, PRIMARY KEY (run, gtin, lot))",
	/* NOTR: SQL */
	"CREATE TABLE captures (id @, started TEXT NOT NULL, finished TEXT, url TEXT NOT NULL, state TEXT NOT NULL, "
	"events BIGINT NOT NULL, document_sha256 TEXT, job TEXT, note TEXT)",
	/* NOTR: SQL */
	"CREATE TABLE capture_runs (capture BIGINT NOT NULL REFERENCES captures (id), run BIGINT NOT NULL "
	"REFERENCES runs (id), PRIMARY KEY (capture, run))",
	NULL,
};
static const char *const *const migrations[OCOP_REGISTRY_SCHEMA] = { v1, v2 };

static int version_of(ocop_db *db, long *version)
{
	ocop_db_rows *r = NULL;
	int err = db->ops->query(db, &r, N_("cannot read the schema's version"),
	                         /* NOTR: SQL */
	                         "SELECT max(version) FROM ocoplabel_schema", 0, NULL);
	if (err == 0) {
		const char *v = ocop_db_value(r, 0, 0);
		*version = v ? atol(v) : 0;
	}
	ocop_db_rows_free(r);
	return err;
}

static int too_new(ocop_db *db, long version)
{
	return ocop_set_error(OCOP_EPARSE, "registry %s: its schema is version %ld, newer than this program's (%d); "
	                      "use a newer ocoplabel", db->name, version, OCOP_REGISTRY_SCHEMA);
}

int ocop_schema_migrate(ocop_db *db)
{
	const char *what = N_("cannot set up the registry's tables");
	long version = 0;
	/* already current: nothing written (a read-only copy can still be read) */
	int err = version_of(db, &version);
	if (err == 0 && version == OCOP_REGISTRY_SCHEMA)
		return 0;
	if (err == 0 && version > OCOP_REGISTRY_SCHEMA)
		return too_new(db, version);
	if ((err = db->ops->begin(db, what)) < 0)
		return err;
	if ((err = db->ops->lock_schema(db, what)) == 0)
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "CREATE TABLE IF NOT EXISTS ocoplabel_schema (version INTEGER NOT NULL)", 0, NULL);
	if (err == 0)
		err = version_of(db, &version);
	if (err == 0 && version > OCOP_REGISTRY_SCHEMA)
		err = too_new(db, version);
	for (long v = version; err == 0 && v < OCOP_REGISTRY_SCHEMA; v++) {
		for (const char *const *s = migrations[v]; err == 0 && *s; s++) {
			char **parts = g_strsplit(*s, "@", -1);
			char *sql = g_strjoinv(db->ops->serial_key, parts);
			err = ocop_db_exec(db, what, sql, 0, NULL);
			g_free(sql);
			g_strfreev(parts);
		}
		char n[16];
		g_snprintf(n, sizeof n, "%ld", v + 1);
		const char *p[] = { n };
		if (err == 0)
			/* NOTR: SQL */
			err = ocop_db_exec(db, what, "DELETE FROM ocoplabel_schema", 0, NULL);
		if (err == 0)
			/* NOTR: SQL */
			err = ocop_db_exec(db, what, "INSERT INTO ocoplabel_schema (version) VALUES (CAST($1 AS INTEGER))", 1, p);
	}
	if (err == 0)
		return ocop_db_commit(db, what);
	ocop_db_rollback(db);
	return err;
}
