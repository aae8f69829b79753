/* ocoplabel — what each run made of each GTIN and lot and where (for its EPCIS events), and the documents sent to an EPCIS repository. */
#include "registry.h"
#include <string.h>

#define NUM(buf, v) (g_snprintf(buf, sizeof buf, "%lld", (long long)(v)), buf)

int ocop_registry_items(ocop_registry *reg, long long run, const ocop_registry_item *items, size_t n)
{
	if (!reg || (n && !items))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_items: NULL argument");
	const char *what = N_("cannot record what the run made");
	char rn[24];
	NUM(rn, run);
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	int err = db->ops->begin(db, what);
	const char *p0[] = { rn };
	if (err == 0)
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "DELETE FROM run_items WHERE run = CAST($1 AS BIGINT)", 1, p0);
	for (size_t i = 0; err == 0 && i < n; i++) {
		char g14[15], labels[24];
		if (!items[i].gtin || !ocop_registry_gtin14(g14, items[i].gtin)) {
			err = ocop_set_error(OCOP_EINVAL, "ocop_registry_items: '%s' is not a GTIN", items[i].gtin ? items[i].gtin : "");
			break;
		}
		g_snprintf(labels, sizeof labels, "%llu", items[i].labels);
		const char *p[] = { rn, g14, items[i].lot ? items[i].lot : "", labels, items[i].expiry, items[i].gln,
			            items[i].packing_facility };
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "INSERT INTO run_items (run, gtin, lot, labels, expiry, gln, packing_facility) "
		                   "VALUES (CAST($1 AS BIGINT), $2, $3, CAST($4 AS BIGINT), $5, $6, $7)", 7, p);
	}
	err = ocop_db_end(db, err, what);
	g_mutex_unlock(&reg->lock);
	return err;
}

int ocop_registry_capture_begin(long long *out, ocop_registry *reg, const char *url, const long long *runs,
                                size_t n_runs, unsigned long events, const char *document_sha256)
{
	if (out)
		*out = 0;
	if (!out || !reg || !url || (n_runs && !runs))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_capture_begin: NULL argument");
	const char *what = N_("cannot record the capture");
	char now[32], ev[24];
	const char *p[] = { ocop_registry_time(now, 0), url, NUM(ev, events), document_sha256 };
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	ocop_db_rows *r = NULL;
	int err = db->ops->begin(db, what);
	if (err == 0)
		/* NOTR: SQL */
		err = db->ops->query(db, &r, what, "INSERT INTO captures (started, url, state, events, document_sha256) "
		                     "VALUES ($1, $2, 'sending', CAST($3 AS BIGINT), $4) RETURNING id", 4, p);
	long long id = err == 0 ? g_ascii_strtoll(ocop_db_value(r, 0, 0), NULL, 10) : 0;
	for (size_t i = 0; err == 0 && i < n_runs; i++) {
		char c[24], rn[24];
		const char *q[] = { NUM(c, id), NUM(rn, runs[i]) };
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "INSERT INTO capture_runs (capture, run) VALUES (CAST($1 AS BIGINT), "
		                   "CAST($2 AS BIGINT)) ON CONFLICT DO NOTHING", 2, q);
	}
	err = ocop_db_end(db, err, what);
	if (err == 0)
		*out = id;
	ocop_db_rows_free(r);
	g_mutex_unlock(&reg->lock);
	return err;
}

int ocop_registry_capture_end(ocop_registry *reg, long long capture, const char *state, const char *job,
                              const char *note)
{
	if (!reg || !state)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_capture_end: NULL argument");
	const char *what = N_("cannot record the capture");
	char now[32], c[24];
	const char *p[] = { NUM(c, capture), state, ocop_registry_time(now, 0), job, note };
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	int err = db->ops->begin(db, what);
	if (err == 0)
		/* NOTR: SQL */
		err = ocop_db_exec(db, what, "UPDATE captures SET state = $2, finished = $3, job = $4, note = $5 "
		                   "WHERE id = CAST($1 AS BIGINT)", 5, p);
	err = ocop_db_end(db, err, what);
	g_mutex_unlock(&reg->lock);
	return err;
}
