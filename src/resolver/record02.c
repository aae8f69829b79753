/* ocoplabel — the record of Circular 02/2024/TT-BKHCN: a row's ten items on the product page and as JSON (ROOT/trace/01/GTIN.json), its product photo checked, kept and served (ROOT/media/01/GTIN/HASH.EXT). */
#include "resolver.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* the largest photo taken: a phone's photo, not a poster */
#define IMAGE_MAX (5 * 1024 * 1024)

/* The photos read so far, for the life of the process: "folder\tvalue\tmtime\tsize" -> ocop_image. A
 * product file's photo changes rarely; a changed file has another key. */
static GMutex cache_lock;
static GHashTable *cache;

static const char *kind_of(const guint8 *d, gsize n, const char **ext)
{
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
		*ext = "jpg";
		return "image/jpeg";
	}
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		*ext = "png";
		return "image/png";
	}
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
		*ext = "webp";
		return "image/webp";
	}
	return NULL;
}

static ocop_image *image_new(const char *value, ocop_image_problem why)
{
	ocop_image *im = g_new0(ocop_image, 1);
	im->value = g_strdup(value);
	im->problem = why;
	return im;
}

/* the photo file value names, beside the product file in folder: read and checked */
static ocop_image *read_photo(const char *folder, const char *value)
{
	if (ocop_image_name_check(value) < 0)
		return image_new(value, OCOP_IMAGE_OUTSIDE);
	char *path = g_build_filename(folder, value, NULL);
	char *real = realpath(path, NULL), *top = realpath(folder, NULL);
	g_free(path);
	ocop_image *im = NULL;
	struct stat st;
	/* a symbolic link that leads out of the folder is outside too */
	if (!real || !top)
		im = image_new(value, OCOP_IMAGE_MISSING);
	else if (!g_str_has_prefix(real, top) || real[strlen(top)] != '/')
		im = image_new(value, OCOP_IMAGE_OUTSIDE);
	else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		im = image_new(value, OCOP_IMAGE_MISSING);
	else if (st.st_size > IMAGE_MAX)
		im = image_new(value, OCOP_IMAGE_TOO_BIG);
	if (!im) {
		gchar *data = NULL;
		gsize n = 0;
		const char *ext = NULL, *type = NULL;
		if (!g_file_get_contents(real, &data, &n, NULL) || n > IMAGE_MAX)
			im = image_new(value, n > IMAGE_MAX ? OCOP_IMAGE_TOO_BIG : OCOP_IMAGE_MISSING);
		else if (!(type = kind_of((const guint8 *)data, n, &ext)))
			im = image_new(value, OCOP_IMAGE_NOT_IMAGE);
		if (im) {
			g_free(data);
		} else {
			im = image_new(value, OCOP_IMAGE_OK);
			char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, n);
			/* NOTR: a file name: the photo's hash and its kind */
			im->name = g_strdup_printf("%.16s.%s", sum, ext);
			g_free(sum);
			im->type = type;
			im->data = g_bytes_new_take(data, n);
		}
	}
	free(real);
	free(top);
	return im;
}

const ocop_image *ocop_row_image(const ocop_product_row *row)
{
	const char *value = ocop_record_get(row->rec, "image");
	if (!value)
		return NULL;
	char *folder = g_path_get_dirname(row->path ? row->path : ".");
	struct stat st = { 0 };
	bool url = g_ascii_strncasecmp(value, "https://", 8) == 0 || strstr(value, "://");
	char *file = url ? NULL : g_build_filename(folder, value, NULL);
	if (file)
		stat(file, &st);
	g_free(file);
	char *key = g_strdup_printf("%s\t%s\t%lld\t%lld", folder, value, (long long)st.st_mtime, (long long)st.st_size);
	g_mutex_lock(&cache_lock);
	if (!cache)
		cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	ocop_image *im = g_hash_table_lookup(cache, key);
	if (!im) {
		if (url) {
			char *enc = NULL;
			im = image_new(value, ocop_image_name_check(value) == 0 && ocop_url_check(&enc, value) == 0
			                          ? OCOP_IMAGE_OK : OCOP_IMAGE_OUTSIDE);
			im->url = enc;
		} else {
			im = read_photo(folder, value);
		}
		g_hash_table_insert(cache, key, im);
		key = NULL;
	}
	g_mutex_unlock(&cache_lock);
	g_free(key);
	g_free(folder);
	return im;
}

const ocop_image *ocop_image_named(const ocop_products *p, const char *gtin14, const char *name)
{
	const GPtrArray *rows = ocop_products_find(p, gtin14);
	for (guint i = 0; rows && i < rows->len; i++) {
		const ocop_image *im = ocop_row_image(g_ptr_array_index(rows, i));
		if (im && im->name && strcmp(im->name, name) == 0)
			return im;
	}
	return NULL;
}

char *ocop_image_src(const ocop_image *im, const char *root, const char *gtin14)
{
	if (!im || im->problem != OCOP_IMAGE_OK)
		return NULL;
	if (im->url)
		return g_strdup(im->url);
	return g_strdup_printf("%s" OCOP_MEDIA_PREFIX "/01/%s/%s", root, gtin14, im->name);
}

const char *ocop_image_why(const ocop_image *im)
{
	switch (im ? im->problem : OCOP_IMAGE_OK) {
	case OCOP_IMAGE_OUTSIDE:
		return _("it is not a file in the product file's folder (or an https address)");
	case OCOP_IMAGE_MISSING: return _("there is no such file beside the product file");
	case OCOP_IMAGE_TOO_BIG: return _("the file is larger than 5 MB");
	case OCOP_IMAGE_NOT_IMAGE: return _("the file is not a JPEG, PNG or WebP photo");
	default: return NULL;
	}
}

/* ---- the ten items ---- */

static void add(GPtrArray *a, const char *fmt, const char *v)
{
	if (v)
		g_ptr_array_add(a, g_strdup_printf(fmt, v));
}

static char *iso(const char *v)
{
	GDate d;
	if (!v || !ocop_parse_date(v, &d))
		return NULL;
	return g_strdup_printf("%04u-%02u-%02u", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
}

static char *shown_date(const char *v)
{
	char *i = iso(v);
	char buf[32];
	char *out = i ? g_strdup(ocop_format_date(buf, sizeof buf, i)) : NULL;
	g_free(i);
	return out;
}

static char *joined(GPtrArray *a)
{
	g_ptr_array_add(a, NULL);
	char *s = g_strjoinv("; ", (char **)a->pdata);
	g_ptr_array_free(a, TRUE);
	return *s ? s : (g_free(s), NULL);
}

void ocop_record02_items(ocop_record02 *out, const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec;
	memset(out, 0, sizeof *out);
	out->v[0] = g_strdup(ocop_record_get(r, "name"));
	out->image = ocop_row_image(s->row);
	out->v[2] = g_strdup(ocop_record_get(r, "producer"));
	out->v[3] = g_strdup(ocop_record_get(r, "address"));
	GPtrArray *places = g_ptr_array_new_with_free_func(g_free), *times = g_ptr_array_new_with_free_func(g_free);
	/* TRANSLATORS: a stage and its place code on the product page: "growing area VN-QNOR-0012" */
	add(places, _("growing area %s"), ocop_record_get(r, "growing_area"));
	add(places, _("packing facility %s"), ocop_record_get(r, "packing_facility"));
	add(places, _("packing site GLN %s"), ocop_record_get(r, "gln"));
	char *h = shown_date(ocop_record_get(r, "harvest_date")), *p = shown_date(ocop_record_get(r, "packing_date")),
	     *m = shown_date(ocop_record_get(r, "production_date"));
	/* TRANSLATORS: a stage and its date on the product page: "harvested on 20/10/2026" */
	add(times, _("harvested on %s"), h);
	add(times, _("produced on %s"), m);
	add(times, _("packed on %s"), p);
	g_free(h);
	g_free(p);
	g_free(m);
	out->v[4] = joined(places);
	out->v[5] = joined(times);
	out->v[6] = g_strconcat(s->root, s->path, NULL);
	GPtrArray *ls = g_ptr_array_new_with_free_func(g_free);
	if (s->lot_facts || !ocop_record_get(s->link, "lot"))
		add(ls, _("lot %s"), ocop_record_get(r, "lot"));
	add(ls, _("serial %s"), ocop_record_get(s->link, "serial"));
	out->v[7] = joined(ls);
	out->v[8] = shown_date(ocop_record_get(r, "expiry_date"));
	out->v[9] = g_strdup(ocop_record_get(r, "standard"));
}

void ocop_record02_clear(ocop_record02 *r)
{
	for (size_t i = 0; i < G_N_ELEMENTS(r->v); i++)
		g_free(r->v[i]);
	memset(r, 0, sizeof *r);
}

const char *ocop_record02_label(size_t i)
{
	/* the Circular's items in its order */
	switch (i) {
	case 0: return C_("Circular 02", "Product name");
	case 1: return C_("Circular 02", "Product image");
	case 2: return C_("Circular 02", "Producer");
	case 3: return C_("Circular 02", "Producer's address");
	case 4: return C_("Circular 02", "Place code of each stage");
	case 5: return C_("Circular 02", "Time of each stage");
	case 6: return C_("Circular 02", "Trace code");
	case 7: return C_("Circular 02", "Lot or serial number");
	case 8: return C_("Circular 02", "Expiry date");
	default: return C_("Circular 02", "Standards applied");
	}
}

/* ---- the JSON record of a product: ROOT/trace/01/GTIN.json ---- */

static void member(GString *o, const char *name, const char *v, bool more)
{
	ocop_json_string(o, name);
	g_string_append_c(o, ':');
	if (v)
		ocop_json_string(o, v);
	else
		g_string_append(o, "null");
	if (more)
		g_string_append_c(o, ',');
}

/* one row: the Circular's items, their values as data (dates yyyy-mm-dd), those the file does not give */
static void row_json(GString *o, const ocop_product_row *row, const char *root, const ocop_link_options *keys)
{
	const ocop_record *r = row->rec;
	ocop_record *key = NULL;
	char *url = NULL;
	ocop_record_new(&key);
	static const char *const id[] = { "gtin", "variant", "lot" };
	for (size_t i = 0; key && i < G_N_ELEMENTS(id); i++)
		if (ocop_record_get(r, id[i]))
			ocop_record_set(key, id[i], ocop_record_get(r, id[i]), -1);
	ocop_link_options lo = *keys;
	lo.resolver = root;
	if (key && ocop_link_build(&url, key, &lo) == 0 && strchr(url, '?'))
		*strchr(url, '?') = 0;
	ocop_record_free(key);
	const ocop_image *im = ocop_row_image(row);
	char *src = ocop_image_src(im, root, row->gtin14);
	char *h = iso(ocop_record_get(r, "harvest_date")), *pk = iso(ocop_record_get(r, "packing_date")),
	     *pd = iso(ocop_record_get(r, "production_date")), *ex = iso(ocop_record_get(r, "expiry_date"));
	g_string_append_c(o, '{');
	member(o, "name", ocop_record_get(r, "name"), true);
	member(o, "image", src, true);
	member(o, "imageProblem", im ? ocop_image_why(im) : NULL, true);
	member(o, "producer", ocop_record_get(r, "producer"), true);
	member(o, "address", ocop_record_get(r, "address"), true);
	/* NOTR: JSON */
	g_string_append(o, "\"stages\":[{\"stage\":\"growing\",");
	member(o, "placeCode", ocop_record_get(r, "growing_area"), true);
	member(o, "time", h, false);
	/* NOTR: JSON */
	g_string_append(o, "},{\"stage\":\"production\",");
	member(o, "time", pd, false);
	/* NOTR: JSON */
	g_string_append(o, "},{\"stage\":\"packing\",");
	member(o, "placeCode", ocop_record_get(r, "packing_facility"), true);
	member(o, "gln", ocop_record_get(r, "gln"), true);
	member(o, "time", pk, false);
	g_string_append(o, "}],");
	member(o, "traceCode", url, true);
	member(o, "lot", ocop_record_get(r, "lot"), true);
	member(o, "expiry", ex, true);
	member(o, "standards", ocop_record_get(r, "standard"), true);
	/* the items the file does not give, by the names above */
	g_string_append(o, "\"missing\":[");
	const char *const items[][2] = { { "name", "name" }, { "image", "image" }, { "producer", "producer" },
		                         { "address", "address" }, { "growing_area", "stages" }, { "lot", "lot" },
		                         { "expiry_date", "expiry" }, { "standard", "standards" } };
	bool first = true;
	for (size_t i = 0; i < G_N_ELEMENTS(items); i++) {
		bool given = ocop_record_get(r, items[i][0]) != NULL;
		if (strcmp(items[i][0], "image") == 0)
			given = src != NULL;
		if (strcmp(items[i][0], "growing_area") == 0)
			given = (ocop_record_get(r, "growing_area") || ocop_record_get(r, "packing_facility")) && (h || pk || pd);
		if (!given) {
			g_string_append(o, first ? "" : ",");
			ocop_json_string(o, items[i][1]);
			first = false;
		}
	}
	g_string_append(o, "]}");
	g_free(h);
	g_free(pk);
	g_free(pd);
	g_free(ex);
	g_free(src);
	free(url);
}

char *ocop_trace_json(const ocop_products *p, const char *root, const char *gtin14, const ocop_link_options *keys,
                      ocop_registry *reg)
{
	const GPtrArray *rows = ocop_products_find(p, gtin14);
	if (!rows)
		return NULL;
	GString *o = g_string_new("{");
	member(o, "gtin", gtin14, true);
	/* NOTR: JSON */
	g_string_append(o, "\"record\":\"Circular 02/2024/TT-BKHCN\",\"rows\":[");
	for (guint i = 0; i < rows->len; i++) {
		if (i)
			g_string_append_c(o, ',');
		row_json(o, g_ptr_array_index(rows, i), root, keys);
	}
	g_string_append_c(o, ']');
	/* the product's events along the chain: what the registry has of its runs (a server's) */
	char *doc = NULL;
	ocop_epcis_options eo = OCOP_EPCIS_OPTIONS_INIT;
	eo.gtin = gtin14;
	if (reg && ocop_epcis_export(&doc, NULL, NULL, reg, &eo) == 0) {
		/* NOTR: JSON */
		g_string_append(o, ",\"epcis\":");
		g_string_append(o, g_strchomp(doc));
	} else if (reg) {
		fprintf(stderr, "ocoplabel: %s\n", ocop_error_last()); /* the record is answered without them */
	}
	free(doc);
	g_string_append(o, "}\n");
	return g_string_free(o, FALSE);
}
