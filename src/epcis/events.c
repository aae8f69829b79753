/* ocoplabel — the registry's runs as EPCIS ObjectEvents: one commissioning per run and GTIN/lot, one decommissioning per voiding. */
#include "epcis.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int ocop_epcis_options_init(ocop_epcis_options *opts, int version)
{
	if (!opts || version < 1 || version > OCOP_EPCIS_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_epcis_options_init: version %d, this library has %d", version,
		                      OCOP_EPCIS_OPTIONS_VERSION);
	/* a version 1 struct ends before gtin */
	ocop_epcis_options d = OCOP_EPCIS_OPTIONS_INIT;
	d.version = version;
	memcpy(opts, &d, version == 1 ? offsetof(ocop_epcis_options, gtin) : sizeof d);
	return 0;
}

static void event_free(gpointer p)
{
	ocop_epcis_event *e = p;
	g_free(e->lot);
	g_free(e->expiry);
	g_ptr_array_free(e->epcs, TRUE);
	g_free(e->gln);
	g_free(e->facility);
	g_free(e->reason);
	g_free(e);
}

/* a Digital Link value: unreserved characters as they are, every other byte %HH (GS1 DL 1.2, 7.4) */
static void dl_value(GString *s, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (g_ascii_isalnum(*p) || strchr("-._~", *p))
			g_string_append_c(s, (char)*p);
		else
			g_string_append_printf(s, "%%%02X", *p);
}

char *ocop_epcis_dl(const char *gtin14, const char *lot, const char *serial)
{
	/* NOTR: a GS1 Digital Link */
	GString *s = g_string_new("https://id.gs1.org/01/");
	g_string_append(s, gtin14);
	if (lot && *lot) {
		g_string_append(s, "/10/");
		dl_value(s, lot);
	}
	if (serial && *serial) {
		g_string_append(s, "/21/");
		dl_value(s, serial);
	}
	return g_string_free(s, FALSE);
}

/* yyyy-mm-ddThh:mm:ssZ as the same instant in Viet Nam's time */
static bool local_time(char out[32], const char *utc)
{
	GTimeZone *z = g_time_zone_new_utc();
	GDateTime *t = utc ? g_date_time_new_from_iso8601(utc, z) : NULL;
	g_time_zone_unref(z);
	if (!t)
		return false;
	GDateTime *l = g_date_time_add_seconds(t, OCOP_EPCIS_OFFSET_SECONDS);
	char *s = g_date_time_format(l, "%Y-%m-%dT%H:%M:%S");
	g_snprintf(out, 32, "%s%s", s, OCOP_EPCIS_OFFSET);
	g_free(s);
	g_date_time_unref(l);
	g_date_time_unref(t);
	return true;
}

static ocop_epcis_event *event_new(long long run, const char *gtin, const char *lot, const char *utc)
{
	ocop_epcis_event *e = g_new0(ocop_epcis_event, 1);
	e->run = run;
	g_strlcpy(e->gtin, gtin, sizeof e->gtin);
	e->lot = g_strdup(lot ? lot : "");
	e->epcs = g_ptr_array_new_with_free_func(g_free);
	g_strlcpy(e->utc, utc, sizeof e->utc);
	local_time(e->time, utc);
	return e;
}

static const char *val(const ocop_registry_table *t, size_t row, const char *column)
{
	for (size_t c = 0; c < ocop_registry_table_columns(t); c++)
		if (strcmp(ocop_registry_table_column(t, c), column) == 0) {
			const char *v = ocop_registry_table_value(t, row, c);
			return v && *v ? v : NULL;
		}
	return NULL;
}

static int by_time(gconstpointer a, gconstpointer b)
{
	const ocop_epcis_event *x = *(ocop_epcis_event *const *)a, *y = *(ocop_epcis_event *const *)b;
	int c = strcmp(x->utc, y->utc);
	if (c == 0)
		c = x->run < y->run ? -1 : x->run > y->run;
	if (c == 0)
		c = x->voided - y->voided;
	if (c == 0)
		c = strcmp(x->gtin, y->gtin);
	if (c == 0)
		c = strcmp(x->lot, y->lot);
	return c == 0 ? strcmp(x->reason ? x->reason : "", y->reason ? y->reason : "") : c;
}

/* the events of one run that was done: its items and its serials */
static int run_events(GPtrArray *out, ocop_registry *reg, long long run, const char *finished)
{
	ocop_registry_filter f = { .run = run };
	ocop_registry_table *items = NULL, *serials = NULL;
	int err = ocop_registry_list(&items, reg, OCOP_REGISTRY_ITEMS, &f);
	if (err == 0)
		err = ocop_registry_list(&serials, reg, OCOP_REGISTRY_SERIALS, &f);
	GHashTable *adds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);   /* gtin\tlot -> event */
	GHashTable *voids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);  /* gtin\tlot\tchanged\treason */
	GPtrArray *made = g_ptr_array_new();
	for (size_t i = 0; err == 0 && i < ocop_registry_table_rows(items); i++) {
		const char *g = val(items, i, "gtin"), *l = val(items, i, "lot");
		ocop_epcis_event *e = event_new(run, g, l, finished);
		e->quantity = g_ascii_strtoull(val(items, i, "labels"), NULL, 10);
		e->expiry = g_strdup(val(items, i, "expiry"));
		e->gln = g_strdup(val(items, i, "gln"));
		e->facility = g_strdup(val(items, i, "packing_facility"));
		g_hash_table_insert(adds, g_strdup_printf("%s\t%s", g, e->lot), e);
		g_ptr_array_add(made, e);
	}
	for (size_t i = 0; err == 0 && i < ocop_registry_table_rows(serials); i++) {
		const char *g = val(serials, i, "gtin"), *l = val(serials, i, "lot"), *s = val(serials, i, "serial");
		char *k = g_strdup_printf("%s\t%s", g, l ? l : "");
		ocop_epcis_event *e = g_hash_table_lookup(adds, k);
		if (!e) {
			/* a run recorded before the registry kept its items: its labels, without a place */
			e = event_new(run, g, l, finished);
			e->expiry = g_strdup(val(serials, i, "expiry"));
			g_hash_table_insert(adds, g_strdup(k), e);
			g_ptr_array_add(made, e);
		}
		g_ptr_array_add(e->epcs, ocop_epcis_dl(g, l, s));
		const char *state = val(serials, i, "state");
		if (state && strcmp(state, "voided") == 0) {
			const char *changed = val(serials, i, "changed"), *why = val(serials, i, "reason");
			char *vk = g_strdup_printf("%s\t%s\t%s", k, changed ? changed : "", why ? why : "");
			ocop_epcis_event *v = g_hash_table_lookup(voids, vk);
			if (!v) {
				v = event_new(run, g, l, changed ? changed : finished);
				v->voided = true;
				v->reason = g_strdup(why);
				v->gln = g_strdup(e->gln);
				v->facility = g_strdup(e->facility);
				g_hash_table_insert(voids, g_strdup(vk), v);
				g_ptr_array_add(made, v);
			}
			g_ptr_array_add(v->epcs, ocop_epcis_dl(g, l, s));
			g_free(vk);
		}
		g_free(k);
	}
	for (guint i = 0; i < made->len; i++) {
		ocop_epcis_event *e = made->pdata[i];
		if (e->epcs->len)
			e->quantity = 0; /* in the registry's order, by number */
		if (err == 0 && (e->epcs->len || e->quantity)) {
			ocop_epcis_event_id(e, NULL);
			g_ptr_array_add(out, e);
		} else {
			event_free(e);
		}
	}
	g_ptr_array_free(made, TRUE);
	g_hash_table_destroy(adds);
	g_hash_table_destroy(voids);
	ocop_registry_table_free(items);
	ocop_registry_table_free(serials);
	return err;
}

int ocop_epcis_events(GPtrArray **out, ocop_registry *reg, const ocop_epcis_options *opts)
{
	*out = NULL;
	ocop_registry_table *runs = NULL;
	int err = ocop_registry_list(&runs, reg, OCOP_REGISTRY_RUNS, NULL);
	if (err < 0)
		return err;
	GPtrArray *ev = g_ptr_array_new_with_free_func(event_free);
	size_t n = ocop_registry_table_rows(runs);
	/* each run asked for must be on record and done: its output was written */
	for (size_t k = 0; err == 0 && opts->runs && k < opts->n_runs; k++) {
		size_t i = 0;
		while (i < n && g_ascii_strtoll(val(runs, i, "run"), NULL, 10) != opts->runs[k])
			i++;
		if (i == n)
			err = ocop_set_error(OCOP_ENOENT, "run %lld is not on record in %s", opts->runs[k], ocop_registry_name(reg));
		else if (strcmp(val(runs, i, "state"), OCOP_RUN_DONE) != 0)
			err = ocop_set_error(OCOP_ENOENT, "run %lld is %s, not done: only the labels of a run whose output was "
			                     "written have events", opts->runs[k], val(runs, i, "state"));
	}
	for (size_t i = n; err == 0 && i-- > 0;) {
		long long run = g_ascii_strtoll(val(runs, i, "run"), NULL, 10);
		bool wanted = !opts->runs;
		for (size_t k = 0; !wanted && k < opts->n_runs; k++)
			wanted = opts->runs[k] == run;
		const char *when = val(runs, i, "finished") ? val(runs, i, "finished") : val(runs, i, "started");
		if (wanted && strcmp(val(runs, i, "state"), OCOP_RUN_DONE) == 0)
			err = run_events(ev, reg, run, when);
	}
	ocop_registry_table_free(runs);
	if (err < 0) {
		g_ptr_array_free(ev, TRUE);
		return err;
	}
	/* version 2: one product's events (its page's record) */
	const char *gtin = opts->version >= 2 ? opts->gtin : NULL;
	for (guint i = ev->len; gtin && i-- > 0;)
		if (strcmp(((ocop_epcis_event *)ev->pdata[i])->gtin, gtin) != 0)
			g_ptr_array_remove_index(ev, i);
	g_ptr_array_sort(ev, by_time);
	*out = ev;
	return 0;
}

GArray *ocop_epcis_runs_of(const GPtrArray *events)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(long long));
	for (guint i = 0; i < events->len; i++) {
		long long r = ((ocop_epcis_event *)events->pdata[i])->run;
		bool seen = false;
		for (guint k = 0; !seen && k < runs->len; k++)
			seen = g_array_index(runs, long long, k) == r;
		if (!seen)
			g_array_append_val(runs, r);
	}
	return runs;
}

int ocop_epcis_export(char **out, size_t *len, size_t *events, ocop_registry *reg, const ocop_epcis_options *opts)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (events)
		*events = 0;
	ocop_epcis_options defaults = OCOP_EPCIS_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (!out || !reg)
		return ocop_set_error(OCOP_EINVAL, "ocop_epcis_export: NULL argument");
	if (opts->version < 1 || opts->version > OCOP_EPCIS_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_epcis_export: options version %d, this library has %d", opts->version,
		                      OCOP_EPCIS_OPTIONS_VERSION);
	GPtrArray *ev = NULL;
	int err = ocop_epcis_events(&ev, reg, opts);
	if (err < 0)
		return err;
	size_t n = 0;
	char *doc = ocop_epcis_write(ev, opts->created, &n);
	/* the caller frees with free() */
	*out = malloc(n + 1);
	if (!*out) {
		g_free(doc);
		g_ptr_array_free(ev, TRUE);
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	memcpy(*out, doc, n + 1);
	if (len)
		*len = n;
	if (events)
		*events = ev->len;
	g_free(doc);
	g_ptr_array_free(ev, TRUE);
	return 0;
}
