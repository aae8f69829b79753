/* ocoplabel — what is on record, as tables with stable columns: runs, the numbers they took, serials, scans. */
#include "registry.h"
#include <string.h>

struct ocop_registry_table {
	ocop_db_rows *r;
};

/* One query per kind; the columns are the API's (registry.h): never reordered, new ones last. */
static const char *const selects[] = {
	/* NOTR: SQL */
	[OCOP_REGISTRY_RUNS] = "SELECT id AS run, started, finished, state, clerk, host, product_file, product_sha256, "
	                       "template, output, n_rows AS rows, n_valid AS valid, n_rejected AS rejected, "
	                       "n_labels AS labels, note FROM runs",
	/* NOTR: SQL */
	[OCOP_REGISTRY_BLOCKS] = "SELECT run, gtin, lot, first_no AS first, count_no AS count FROM blocks",
	/* NOTR: SQL */
	[OCOP_REGISTRY_SERIALS] = "SELECT gtin, lot, serial, number, run, state, changed, reason, producer, expiry FROM labels",
	/* NOTR: SQL */
	[OCOP_REGISTRY_SCANS] = "SELECT at AS time, gtin, lot, serial, client, agent, counted FROM scans",
	/* NOTR: SQL */
	[OCOP_REGISTRY_ITEMS] = "SELECT run, gtin, lot, labels, expiry, gln, packing_facility FROM run_items",
	/* NOTR: SQL */
	[OCOP_REGISTRY_CAPTURES] = "SELECT id AS capture, started, finished, url, state, events, document_sha256, job, note "
	                           "FROM captures",
	/* NOTR: SQL */
	[OCOP_REGISTRY_CAPTURE_RUNS] = "SELECT capture, run FROM capture_runs",
};
static const char *const orders[] = {
	/* NOTR: SQL */
	[OCOP_REGISTRY_RUNS] = " ORDER BY id DESC",
	/* NOTR: SQL */
	[OCOP_REGISTRY_BLOCKS] = " ORDER BY run, gtin, lot, first_no",
	/* NOTR: SQL */
	[OCOP_REGISTRY_SERIALS] = " ORDER BY gtin, lot, number, serial",
	/* NOTR: SQL */
	[OCOP_REGISTRY_SCANS] = " ORDER BY at DESC, id DESC",
	/* NOTR: SQL */
	[OCOP_REGISTRY_ITEMS] = " ORDER BY run, gtin, lot",
	/* NOTR: SQL */
	[OCOP_REGISTRY_CAPTURES] = " ORDER BY id DESC",
	/* NOTR: SQL */
	[OCOP_REGISTRY_CAPTURE_RUNS] = " ORDER BY capture, run",
};

int ocop_registry_list(ocop_registry_table **out, ocop_registry *reg, ocop_registry_list_kind kind,
                       const ocop_registry_filter *filter)
{
	if (out)
		*out = NULL;
	if (!out || !reg || kind > OCOP_REGISTRY_CAPTURE_RUNS)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_list: NULL argument or unknown kind");
	ocop_registry_filter none = { 0 };
	const ocop_registry_filter *f = filter ? filter : &none;
	char g14[15], run[24], limit[24];
	if (f->gtin && !ocop_registry_gtin14(g14, f->gtin))
		return ocop_set_error_at(OCOP_EINVAL, "gtin", OCOP_CODE_DIGITS, "'%s' is not a GTIN (8 to 14 digits)", f->gtin);
	GString *sql = g_string_new(selects[kind]);
	const char *p[5];
	int n = 0;
	const char *sep = " WHERE ";
	if (f->run && kind != OCOP_REGISTRY_SCANS && kind != OCOP_REGISTRY_CAPTURES) {
		g_snprintf(run, sizeof run, "%lld", f->run);
		p[n++] = run;
		/* NOTR: SQL */
		g_string_append_printf(sql, "%s%s = CAST($%d AS BIGINT)", sep, kind == OCOP_REGISTRY_RUNS ? "id" : "run", n);
		sep = " AND ";
	}
	if (kind != OCOP_REGISTRY_RUNS && kind < OCOP_REGISTRY_CAPTURES) {
		if (f->gtin) {
			p[n++] = g14;
			g_string_append_printf(sql, "%sgtin = $%d", sep, n);
			sep = " AND ";
		}
		if (f->lot) {
			p[n++] = f->lot;
			g_string_append_printf(sql, "%slot = $%d", sep, n);
			sep = " AND ";
		}
		if (f->serial && kind != OCOP_REGISTRY_BLOCKS && kind != OCOP_REGISTRY_ITEMS) {
			p[n++] = f->serial;
			g_string_append_printf(sql, "%sserial = $%d", sep, n);
		}
	}
	g_string_append(sql, orders[kind]);
	if (f->limit) {
		g_snprintf(limit, sizeof limit, "%zu", f->limit);
		p[n++] = limit;
		/* NOTR: SQL */
		g_string_append_printf(sql, " LIMIT CAST($%d AS BIGINT)", n);
	}
	if (kind == OCOP_REGISTRY_SCANS)
		ocop_scans_flush(reg);
	ocop_db_rows *r = NULL;
	g_mutex_lock(&reg->lock);
	int err = reg->db->ops->query(reg->db, &r, N_("cannot read the registry"), sql->str, n, p);
	g_mutex_unlock(&reg->lock);
	g_string_free(sql, TRUE);
	if (err < 0)
		return err;
	ocop_registry_table *t = g_new0(ocop_registry_table, 1);
	t->r = r;
	*out = t;
	return 0;
}

size_t ocop_registry_table_columns(const ocop_registry_table *t) { return t ? t->r->cols : 0; }

const char *ocop_registry_table_column(const ocop_registry_table *t, size_t col)
{
	return t && col < t->r->cols ? t->r->names[col] : NULL;
}

size_t ocop_registry_table_rows(const ocop_registry_table *t) { return t ? t->r->rows : 0; }

const char *ocop_registry_table_value(const ocop_registry_table *t, size_t row, size_t col)
{
	if (!t || row >= t->r->rows || col >= t->r->cols)
		return NULL;
	const char *v = ocop_db_value(t->r, row, col);
	return v ? v : "";
}

void ocop_registry_table_free(ocop_registry_table *t)
{
	if (!t)
		return;
	ocop_db_rows_free(t->r);
	g_free(t);
}
