/* ocoplabel — runs and serials on record: a run begun and ended, serial numbers taken in a transaction other writers wait for, labels issued and voided. */
#include "registry.h"
#include <string.h>

#define NUM(buf, v) (g_snprintf(buf, sizeof buf, "%llu", (unsigned long long)(v)), buf)

int ocop_registry_run_begin(long long *run, ocop_registry *reg, const ocop_registry_run_info *info)
{
	if (run)
		*run = 0;
	if (!run || !reg || !info)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_run_begin: NULL argument");
	const char *what = N_("cannot record the run");
	char now[32];
	const char *p[] = { ocop_registry_time(now, 0), info->clerk && *info->clerk ? info->clerk : g_get_user_name(),
		            g_get_host_name(), info->product_file, info->product_sha256, info->template_name, info->output };
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	ocop_db_rows *r = NULL;
	int err = db->ops->begin(db, what);
	if (err == 0)
		/* NOTR: SQL */
		err = db->ops->query(db, &r, what, "INSERT INTO runs (started, state, clerk, host, product_file, product_sha256, "
		                     "template, output) VALUES ($1, 'open', $2, $3, $4, $5, $6, $7) RETURNING id", 7, p);
	err = ocop_db_end(db, err, what);
	if (err == 0)
		*run = g_ascii_strtoll(ocop_db_value(r, 0, 0), NULL, 10);
	ocop_db_rows_free(r);
	g_mutex_unlock(&reg->lock);
	return err;
}

/* the run that took a number of [first, first+count) for the key, or 0 */
static int taken_by(long long *run, unsigned long long *at, ocop_db *db, const char *what, const char *const key[2],
                    unsigned long long first, unsigned long long count)
{
	char a[24], b[24];
	const char *p[] = { key[0], key[1], NUM(a, first), NUM(b, first + count) };
	ocop_db_rows *r = NULL;
	/* NOTR: SQL */
	int err = db->ops->query(db, &r, what, "SELECT run, first_no FROM blocks WHERE gtin = $1 AND lot = $2 AND "
	                         "first_no < CAST($4 AS BIGINT) AND first_no + count_no > CAST($3 AS BIGINT) "
	                         "ORDER BY first_no LIMIT 1", 4, p);
	*run = 0;
	if (err == 0 && r->rows) {
		*run = g_ascii_strtoll(ocop_db_value(r, 0, 0), NULL, 10);
		*at = g_ascii_strtoull(ocop_db_value(r, 0, 1), NULL, 10);
	}
	ocop_db_rows_free(r);
	return err;
}

int ocop_registry_allocate(unsigned long long *out, ocop_registry *reg, long long run, const char *gtin,
                           const char *lot, unsigned long long first, unsigned long long count)
{
	if (out)
		*out = 0;
	char g14[15];
	if (!out || !reg || !gtin)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_allocate: NULL argument");
	if (!ocop_registry_gtin14(g14, gtin))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_allocate: '%s' is not a GTIN", gtin);
	if (count == 0 || count > (1ULL << 50) || first > (1ULL << 60))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_allocate: %llu numbers from %llu", count, first);
	const char *what = N_("cannot take serial numbers");
	const char *key[2] = { g14, lot ? lot : "" };
	char c[24], f[24], e[24], rn[24];
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	ocop_db_rows *r = NULL;
	int err = db->ops->begin(db, what);
	/* the counter row, locked until the commit (PostgreSQL waits here for another run of this GTIN and lot);
	 * by hand, the counter moves past the numbers given so that the next free ones never meet them */
	unsigned long long end = first ? first + count : 0;
	/* $3: the count (next free), or the end of the numbers given */
	const char *p[] = { key[0], key[1], first ? NUM(e, end) : NUM(c, count) };
	/* NOTR: SQL */
	static const char by_hand[] = "INSERT INTO counters (gtin, lot, next_no) VALUES ($1, $2, CAST($3 AS BIGINT)) ON "
	                              "CONFLICT (gtin, lot) DO UPDATE SET next_no = CASE WHEN counters.next_no > "
	                              "CAST($3 AS BIGINT) THEN counters.next_no ELSE CAST($3 AS BIGINT) END RETURNING next_no";
	/* NOTR: SQL */
	static const char next_free[] = "INSERT INTO counters (gtin, lot, next_no) VALUES ($1, $2, 1 + CAST($3 AS BIGINT)) "
	                                "ON CONFLICT (gtin, lot) DO UPDATE SET next_no = counters.next_no + "
	                                "CAST($3 AS BIGINT) RETURNING next_no";
	if (err == 0)
		err = db->ops->query(db, &r, what, first ? by_hand : next_free, 3, p);
	unsigned long long start = first;
	if (err == 0 && !first)
		start = g_ascii_strtoull(ocop_db_value(r, 0, 0), NULL, 10) - count;
	ocop_db_rows_free(r);
	long long other = 0;
	unsigned long long at = 0;
	if (err == 0 && first && (err = taken_by(&other, &at, db, what, key, first, count)) == 0 && other) {
		char shown[64];
		g_snprintf(shown, sizeof shown, "%s%s%s", g14, *key[1] ? "/" : "", key[1]);
		err = ocop_set_error_at(OCOP_EREJECTED, "serial", "serial_taken", "serials %llu to %llu of %s: number %llu "
		                        "was already taken by run %lld (ocoplabel registry show %lld); leave out "
		                        "--serial-start to take the next free ones", first, first + count - 1, shown,
		                        MAX(at, first), other, other);
	}
	const char *b[] = { NUM(rn, run), key[0], key[1], NUM(f, start), NUM(c, count) };
	if (err == 0)
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "INSERT INTO blocks (run, gtin, lot, first_no, count_no) VALUES "
		                   "(CAST($1 AS BIGINT), $2, $3, CAST($4 AS BIGINT), CAST($5 AS BIGINT))", 5, b);
	err = ocop_db_end(db, err, what);
	if (err == 0)
		*out = start;
	g_mutex_unlock(&reg->lock);
	return err;
}

int ocop_registry_issue(ocop_registry *reg, long long run, const ocop_registry_label *labels, size_t n)
{
	if (!reg || (n && !labels))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_issue: NULL argument");
	const char *what = N_("cannot record the labels issued");
	char now[32], rn[24], num[24];
	ocop_registry_time(now, 0);
	NUM(rn, run);
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	int err = db->ops->begin(db, what);
	for (size_t i = 0; err == 0 && i < n; i++) {
		char g14[15];
		const ocop_registry_label *l = &labels[i];
		if (!l->serial || !ocop_registry_gtin14(g14, l->gtin)) {
			err = ocop_set_error(OCOP_EINVAL, "ocop_registry_issue: label %zu has no GTIN or serial", i);
			break;
		}
		const char *p[] = { g14, l->lot ? l->lot : "", l->serial, NUM(num, l->number), rn, now, l->producer, l->expiry };
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "INSERT INTO labels (gtin, lot, serial, number, run, state, changed, producer, "
		                   "expiry) VALUES ($1, $2, $3, CAST($4 AS BIGINT), CAST($5 AS BIGINT), 'issued', $6, $7, $8)",
		                   8, p);
	}
	err = ocop_db_end(db, err, what);
	g_mutex_unlock(&reg->lock);
	return err;
}

/* the issued labels of run (numbers first..last, 0 0: all) voided with reason; *n of them */
static int void_in(unsigned long *n, ocop_db *db, const char *what, long long run, const char *gtin, const char *lot,
                   unsigned long long first, unsigned long long last, const char *reason)
{
	char rn[24], f[24], l[24], now[32];
	const char *p[] = { NUM(rn, run), NUM(f, first), NUM(l, last ? last : ~0ULL >> 2), reason, ocop_registry_time(now, 0),
		            gtin, lot };
	ocop_db_rows *r = NULL;
	/* NOTR: SQL */
	int err = db->ops->query(db, &r, what, "UPDATE labels SET state = 'voided', reason = $4, changed = $5 WHERE "
	                         "run = CAST($1 AS BIGINT) AND state <> 'voided' AND number >= CAST($2 AS BIGINT) AND "
	                         "number <= CAST($3 AS BIGINT) AND (CAST($6 AS TEXT) IS NULL OR gtin = $6) AND (CAST($7 AS TEXT) IS NULL OR lot = $7) "
	                         "RETURNING serial", 7, p);
	if (n)
		*n = r ? (unsigned long)r->rows : 0;
	ocop_db_rows_free(r);
	return err;
}

int ocop_registry_run_end(ocop_registry *reg, long long run, const char *state, unsigned long rows,
                          unsigned long valid, unsigned long rejected, unsigned long labels, const char *reason)
{
	if (!reg || !state)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_run_end: NULL argument");
	const char *what = N_("cannot record the end of the run");
	char now[32], rn[24], a[24], b[24], c[24], d[24];
	const char *p[] = { NUM(rn, run), state, ocop_registry_time(now, 0), NUM(a, rows), NUM(b, valid), NUM(c, rejected),
		            NUM(d, labels), reason };
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	int err = db->ops->begin(db, what);
	if (err == 0 && reason && strcmp(state, OCOP_RUN_FAILED) == 0)
		err = void_in(NULL, db, what, run, NULL, NULL, 0, 0, reason);
	if (err == 0)
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "UPDATE runs SET state = $2, finished = $3, n_rows = CAST($4 AS BIGINT), "
		                   "n_valid = CAST($5 AS BIGINT), n_rejected = CAST($6 AS BIGINT), n_labels = CAST($7 AS BIGINT), "
		                   "note = $8 WHERE id = CAST($1 AS BIGINT)", 8, p);
	err = ocop_db_end(db, err, what);
	g_mutex_unlock(&reg->lock);
	return err;
}

int ocop_registry_void(unsigned long *out, ocop_registry *reg, long long run, const char *gtin, const char *lot,
                       unsigned long long first, unsigned long long last, const char *reason)
{
	if (out)
		*out = 0;
	if (!reg)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_void: NULL argument");
	if (!reason || !*reason)
		return ocop_set_error(OCOP_EINVAL, "voiding labels needs a reason (misprinted, damaged, …)");
	if (last && last < first)
		return ocop_set_error(OCOP_EINVAL, "serials %llu-%llu: the first is after the last", first, last);
	const char *what = N_("cannot void the labels");
	char rn[24];
	const char *p[] = { NUM(rn, run) };
	char g14[15];
	if (gtin && !ocop_registry_gtin14(g14, gtin))
		return ocop_set_error_at(OCOP_EINVAL, "gtin", OCOP_CODE_DIGITS, "'%s' is not a GTIN (8 to 14 digits)", gtin);
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	ocop_db_rows *r = NULL;
	int err = db->ops->begin(db, what);
	if (err == 0)
		/* NOTR: SQL */
		err = db->ops->query(db, &r, what, "SELECT id FROM runs WHERE id = CAST($1 AS BIGINT)", 1, p);
	if (err == 0 && r->rows == 0)
		err = ocop_set_error(OCOP_ENOENT, "registry %s: there is no run %lld (ocoplabel registry runs lists them)",
		                     db->name, run);
	ocop_db_rows_free(r);
	if (err == 0)
		err = void_in(out, db, what, run, gtin ? g14 : NULL, lot, first, last, reason);
	err = ocop_db_end(db, err, what);
	g_mutex_unlock(&reg->lock);
	return err;
}
