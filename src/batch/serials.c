/* ocoplabel — a batch run on the registry: the run recorded, its serial numbers taken per GTIN and lot before anything is drawn, its labels recorded as issued just before the output is committed, and its end. */
#include "batch.h"
#include <string.h>

typedef struct key_next {
	char gtin[15];
	char *lot;
	unsigned long long count; /* copies asked for by the rows of the key */
	unsigned long long next;  /* the next serial of the key in this run */
} key_next;

typedef struct added_row {
	unsigned long index;
	key_next *key;
	unsigned long long first;
	long copies;
	char *producer, *expiry;
	bool refused, issued;
} added_row;

/* what a row made, for the run's items (serialised or not) */
typedef struct item_row {
	unsigned long index;
	char gtin[15];
	char *lot, *expiry, *gln, *facility;
	long copies;
	bool refused;
} item_row;

struct ocop_regrun {
	GArray *items;            /* item_row, in row order */
	bool items_recorded;      /* a refusal after the record records them again */
	ocop_registry *reg;
	long long run;
	bool numbering;           /* the registry gives the serials (no serial_start) */
	const char *format;       /* the serial format */
	GHashTable *keys;         /* "GTIN-14\tlot" -> key_next */
	GArray *rows;             /* added_row, in row order */
	char *title;              /* the product file's name in messages */
};

static void key_free(gpointer p)
{
	key_next *k = p;
	g_free(k->lot);
	g_free(k);
}

/* the key of a record, NULL when its GTIN is not one (the row is rejected by its checks) */
static key_next *key_of(ocop_regrun *rr, const ocop_record *rec, bool add)
{
	char g14[15];
	if (!ocop_registry_gtin14(g14, ocop_record_get(rec, "gtin")))
		return NULL;
	const char *lot = ocop_record_get(rec, "lot");
	char *k = g_strdup_printf("%s\t%s", g14, lot ? lot : "");
	key_next *v = g_hash_table_lookup(rr->keys, k);
	if (!v && add) {
		v = g_new0(key_next, 1);
		memcpy(v->gtin, g14, 15);
		v->lot = g_strdup(lot ? lot : "");
		g_hash_table_insert(rr->keys, k, v);
		k = NULL;
	}
	g_free(k);
	return v;
}

static char *sha256_of(const char *path)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	FILE *f = fopen(path, "rb");
	unsigned char buf[65536];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		g_checksum_update(sum, buf, n);
	char *hex = f && !ferror(f) ? g_strdup(g_checksum_get_string(sum)) : NULL;
	if (f)
		fclose(f);
	g_checksum_free(sum);
	return hex;
}

/* The copies each GTIN and lot asks for (numbering), or the numbers each row has by its position (by hand:
 * recorded as blocks of consecutive rows of one key), read from the file once. */
static int take_numbers(ocop_regrun *rr, const char *input, const ocop_reader_options *ro, unsigned long long base)
{
	ocop_reader *rd = NULL;
	ocop_record *rec = NULL;
	int err = ocop_reader_open(&rd, input, ro), n;
	if (err == 0)
		err = ocop_record_new(&rec);
	unsigned long long prefix = 0, block_first = 0, block_count = 0;
	key_next *block_key = NULL;
	while (err == 0 && (n = ocop_reader_next(rec, rd)) != 0) {
		if (n < 0 && n != OCOP_EPARSE) {
			err = n;
			break;
		}
		long copies = ocop_reader_copies(rd);
		unsigned long long c = copies > 0 ? (unsigned long long)copies : 0;
		key_next *k = n > 0 && c ? key_of(rr, rec, true) : NULL;
		if (k && rr->numbering)
			k->count += c;
		else if (k) {
			unsigned long long first = base + prefix;
			if (k == block_key && block_first + block_count == first)
				block_count += c;
			else {
				if (block_key)
					err = ocop_registry_allocate(&(unsigned long long){ 0 }, rr->reg, rr->run, block_key->gtin,
					                             block_key->lot, block_first, block_count);
				block_key = k;
				block_first = first;
				block_count = c;
			}
		}
		prefix += c;
	}
	if (err == 0 && block_key)
		err = ocop_registry_allocate(&(unsigned long long){ 0 }, rr->reg, rr->run, block_key->gtin, block_key->lot,
		                             block_first, block_count);
	ocop_record_free(rec);
	ocop_reader_free(rd);
	if (err < 0 || !rr->numbering)
		return err;
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, rr->keys);
	while (err == 0 && g_hash_table_iter_next(&it, NULL, &v)) {
		key_next *k = v;
		err = ocop_registry_allocate(&k->next, rr->reg, rr->run, k->gtin, k->lot, 0, k->count);
	}
	return err;
}

int ocop_regrun_begin(ocop_regrun **out, const ocop_batch_options *o, const char *input, const char *name,
                      const char *template_name, const char *output, unsigned long long base_serial)
{
	*out = NULL;
	if (o->shards)
		return ocop_set_error(OCOP_EINVAL, "a part of a run (shard) cannot be recorded in the registry: run the "
		                      "whole file, or run without the registry");
	ocop_regrun *rr = g_new0(ocop_regrun, 1);
	rr->reg = o->registry;
	rr->numbering = o->document.serialize && !o->document.serial_start;
	rr->format = o->document.serial_format && *o->document.serial_format ? o->document.serial_format : "%d";
	rr->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, key_free);
	rr->rows = g_array_new(FALSE, TRUE, sizeof(added_row));
	rr->items = g_array_new(FALSE, TRUE, sizeof(item_row));
	rr->title = g_strdup(name);
	char *sha = sha256_of(input);
	ocop_registry_run_info info = { name, sha, template_name, output, o->clerk };
	int err = ocop_registry_run_begin(&rr->run, rr->reg, &info);
	g_free(sha);
	if (err == 0 && o->run_id)
		*o->run_id = rr->run;
	if (err == 0 && o->document.serialize && (err = take_numbers(rr, input, &o->reader, base_serial)) < 0) {
		/* the numbers taken so far stay with the failed run */
		void *saved = ocop_error_save();
		ocop_registry_run_end(rr->reg, rr->run, OCOP_RUN_FAILED, 0, 0, 0, 0, ocop_error_last());
		ocop_error_restore(saved);
	}
	if (err < 0) {
		ocop_regrun_free(rr);
		return err;
	}
	*out = rr;
	return 0;
}

unsigned long long ocop_regrun_first(ocop_regrun *rr, const ocop_record *rec, long copies, unsigned long long positional)
{
	if (!rr || !rr->numbering)
		return positional;
	key_next *k = key_of(rr, rec, false);
	if (!k)
		return 0;
	unsigned long long first = k->next;
	k->next += copies > 0 ? (unsigned long long)copies : 0;
	return first;
}

static char *iso_date(const ocop_record *rec, const char *field)
{
	GDate d;
	const char *v = ocop_record_get(rec, field);
	if (!v || !ocop_parse_date(v, &d))
		return NULL;
	return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
}

static void item_added(ocop_regrun *rr, const ocop_row_ref *ref, const ocop_record *rec)
{
	item_row it = { .index = ref->index, .copies = ref->copies };
	if (!rr || ref->copies <= 0 || !ocop_registry_gtin14(it.gtin, ocop_record_get(rec, "gtin")))
		return;
	it.lot = g_strdup(ocop_record_get(rec, "lot"));
	it.expiry = iso_date(rec, "expiry_date");
	it.gln = g_strdup(ocop_record_get(rec, "gln"));
	it.facility = g_strdup(ocop_record_get(rec, "packing_facility"));
	g_array_append_val(rr->items, it);
}

/* the items of the rows not refused: one per GTIN and lot, their labels added up, the first row's place */
static int record_items(ocop_regrun *rr)
{
	GHashTable *at = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(ocop_registry_item));
	for (guint i = 0; i < rr->items->len; i++) {
		item_row *it = &g_array_index(rr->items, item_row, i);
		if (it->refused)
			continue;
		char *k = g_strdup_printf("%s\t%s", it->gtin, it->lot ? it->lot : "");
		gpointer pos;
		if (g_hash_table_lookup_extended(at, k, NULL, &pos)) {
			g_array_index(out, ocop_registry_item, GPOINTER_TO_UINT(pos)).labels += (unsigned long long)it->copies;
			g_free(k);
			continue;
		}
		ocop_registry_item x = { it->gtin, it->lot, (unsigned long long)it->copies, it->expiry, it->gln, it->facility };
		g_hash_table_insert(at, k, GUINT_TO_POINTER(out->len));
		g_array_append_val(out, x);
	}
	int err = ocop_registry_items(rr->reg, rr->run, (ocop_registry_item *)(void *)out->data, out->len);
	g_array_free(out, TRUE);
	g_hash_table_destroy(at);
	return err;
}

void ocop_regrun_added(ocop_regrun *rr, const ocop_row_ref *ref, const ocop_record *rec)
{
	item_added(rr, ref, rec);
	key_next *k = rr && ref->copies > 0 ? key_of(rr, rec, false) : NULL;
	if (!k || !ref->first_serial)
		return;
	added_row a = { ref->index, k, ref->first_serial, ref->copies, g_strdup(ocop_record_get(rec, "producer")), NULL,
		        false, false };
	GDate d;
	const char *hsd = ocop_record_get(rec, "expiry_date");
	if (hsd && ocop_parse_date(hsd, &d)) {
		a.expiry = g_malloc(16);
		g_snprintf(a.expiry, 16, "%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
	}
	g_array_append_val(rr->rows, a);
}

/* a row refused while drawing: never issued, or voided when it already was */
void ocop_regrun_refused(ocop_regrun *rr, unsigned long index)
{
	for (guint i = rr ? rr->items->len : 0; i-- > 0;)
		if (g_array_index(rr->items, item_row, i).index == index) {
			g_array_index(rr->items, item_row, i).refused = true;
			if (rr->items_recorded)
				record_items(rr);
			break;
		}
	for (guint i = rr ? rr->rows->len : 0; i-- > 0;) {
		added_row *a = &g_array_index(rr->rows, added_row, i);
		if (a->index != index)
			continue;
		a->refused = true;
		if (a->issued)
			ocop_registry_void(NULL, rr->reg, rr->run, a->key->gtin, a->key->lot, a->first,
			                   a->first + (unsigned long long)a->copies - 1,
			                   _("not printed: the label's text did not fit"));
		break;
	}
}

int ocop_regrun_issue(ocop_regrun *rr)
{
	if (!rr)
		return 0;
	GArray *labels = g_array_new(FALSE, TRUE, sizeof(ocop_registry_label));
	GPtrArray *serials = g_ptr_array_new_with_free_func(g_free);
	int err = 0;
	for (guint i = 0; err == 0 && i < rr->rows->len; i++) {
		added_row *a = &g_array_index(rr->rows, added_row, i);
		if (a->refused)
			continue;
		for (long c = 0; err == 0 && c < a->copies; c++) {
			char buf[32];
			ocop_registry_label l = { a->key->gtin, a->key->lot, NULL, a->first + (unsigned long long)c, a->producer,
				                  a->expiry };
			if ((err = ocop_serial_format(buf, sizeof buf, rr->format, l.number)) == 0) {
				l.serial = g_strdup(buf);
				g_ptr_array_add(serials, (char *)l.serial);
				g_array_append_val(labels, l);
			}
		}
	}
	if (err == 0)
		err = ocop_registry_issue(rr->reg, rr->run, (ocop_registry_label *)(void *)labels->data, labels->len);
	if (err == 0 && (err = record_items(rr)) == 0)
		rr->items_recorded = true;
	for (guint i = 0; err == 0 && i < rr->rows->len; i++)
		g_array_index(rr->rows, added_row, i).issued = !g_array_index(rr->rows, added_row, i).refused;
	g_array_free(labels, TRUE);
	g_ptr_array_free(serials, TRUE);
	return err;
}

int ocop_regrun_end(ocop_regrun *rr, int status, const ocop_batch_counts *c)
{
	if (!rr)
		return status;
	void *saved = status != 0 ? ocop_error_save() : NULL;
	char *reason = status != 0 ? g_strdup_printf(_("the run failed, nothing was written: %s"),
	                                             status > 0 ? _("stopped") : ocop_error_last())
	                           : NULL;
	/* a failure here leaves the run "open": its labels are written and on record, only its end is not */
	ocop_registry_run_end(rr->reg, rr->run, status == 0 ? OCOP_RUN_DONE : OCOP_RUN_FAILED, c->rows, c->valid,
	                      c->rejected, status == 0 ? c->labels : 0, reason);
	g_free(reason);
	if (saved)
		ocop_error_restore(saved);
	return status;
}

void ocop_regrun_free(ocop_regrun *rr)
{
	if (!rr)
		return;
	for (guint i = 0; i < rr->rows->len; i++) {
		g_free(g_array_index(rr->rows, added_row, i).producer);
		g_free(g_array_index(rr->rows, added_row, i).expiry);
	}
	g_array_free(rr->rows, TRUE);
	for (guint i = 0; i < rr->items->len; i++) {
		item_row *it = &g_array_index(rr->items, item_row, i);
		g_free(it->lot);
		g_free(it->expiry);
		g_free(it->gln);
		g_free(it->facility);
	}
	g_array_free(rr->items, TRUE);
	g_hash_table_destroy(rr->keys);
	g_free(rr->title);
	g_free(rr);
}
