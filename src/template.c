/* ocoplabel — loading label templates from GLib key files and finding them on the template path. */
#include "internal.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define OCOP_MAX_TEMPLATE_BYTES (1024 * 1024)
#define OCOP_MAX_ELEMENTS 256
#define OCOP_MAX_LABEL_MM 2000.0

static const struct { const char *name; ocop_elem_kind kind; } kinds[] = {
	{ "text", OCOP_ELEM_TEXT }, { "mark", OCOP_ELEM_MARK }, { "stars", OCOP_ELEM_STARS },
	{ "qr", OCOP_ELEM_QR }, { "ean13", OCOP_ELEM_EAN }, { "line", OCOP_ELEM_LINE },
	{ "box", OCOP_ELEM_BOX },
};

static const char *const elem_keys[] = {
	"type", "x", "y", "width", "height", "text", "font", "bold", "align", "valign",
	"size", "min_size", "stroke", "image", "ec", "wrap", "min_module", "module", "magnification", "bar_height",
	"bwr", "light_margin", "mandatory", NULL
};
static const char *const label_keys[] = {
	"description", "width", "height", "resolver", "font", "digits_font", "growing_area_key", "packing_facility_key",
	"profile", NULL
};

static void elem_clear(ocop_elem *e)
{
	g_free(e->id);
	g_free(e->text);
	g_free(e->font);
	g_free(e->image);
}

void ocop_template_free(ocop_template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_elems; i++)
		elem_clear(&t->elems[i]);
	g_free(t->elems);
	g_free(t->name);
	g_free(t->description);
	g_free(t->path);
	g_free(t->dir);
	g_free(t->resolver);
	g_free(t->font);
	g_free(t->mono_font);
	g_free(t->growing_area_key);
	g_free(t->packing_facility_key);
	g_free(t);
}

typedef struct ctx {
	GKeyFile *kf;
	const char *path;
	int err;
} ctx;

static int perr(ctx *c, const char *group, const char *key, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static int perr(ctx *c, const char *group, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (key)
		c->err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: [%s] %s: %s", c->path, group, key, msg);
	else
		c->err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: [%s]: %s", c->path, group, msg);
	g_free(msg);
	return c->err;
}

static char *get_str(ctx *c, const char *g, const char *k, const char *def)
{
	if (!g_key_file_has_key(c->kf, g, k, NULL))
		return def ? g_strdup(def) : NULL;
	char *v = g_key_file_get_string(c->kf, g, k, NULL);
	if (!v) {
		/* present but unreadable (not UTF-8, a bad escape): an error, and never a NULL to the caller */
		if (!c->err)
			perr(c, g, k, "the value is not valid UTF-8 text (save the file as UTF-8)");
		return g_strdup(def ? def : "");
	}
	return g_strstrip(v);
}

static double get_num(ctx *c, const char *g, const char *k, double def, double lo, double hi, bool required)
{
	if (c->err)
		return def;
	if (!g_key_file_has_key(c->kf, g, k, NULL)) {
		if (required)
			perr(c, g, k, "missing (a number in %s)", strcmp(k, "size") == 0 ? "points" : "millimetres");
		return def;
	}
	char *v = get_str(c, g, k, NULL);
	if (c->err) {
		g_free(v);
		return def;
	}
	char *end = NULL;
	double d = v ? g_ascii_strtod(v, &end) : NAN;
	if (!v || end == v || *end != '\0' || !isfinite(d))
		perr(c, g, k, "'%s' is not a number", v ? v : "");
	else if (d < lo || d > hi)
		perr(c, g, k, "%g is out of range (%g to %g)", d, lo, hi);
	g_free(v);
	return c->err ? def : d; /* never a NaN or out-of-range value to the caller */
}

static bool get_bool(ctx *c, const char *g, const char *k, bool def)
{
	if (c->err || !g_key_file_has_key(c->kf, g, k, NULL))
		return def;
	char *v = get_str(c, g, k, NULL);
	if (c->err) {
		g_free(v);
		return def;
	}
	bool r = def;
	if (v && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0))
		r = true;
	else if (v && (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0))
		r = false;
	else
		perr(c, g, k, "'%s' is not true or false", v ? v : "");
	g_free(v);
	return r;
}

static int get_choice(ctx *c, const char *g, const char *k, const char *const *names, const int *vals, int def)
{
	if (c->err || !g_key_file_has_key(c->kf, g, k, NULL))
		return def;
	char *v = get_str(c, g, k, NULL);
	if (c->err) {
		g_free(v);
		return def;
	}
	for (int i = 0; names[i]; i++)
		if (v && g_ascii_strcasecmp(v, names[i]) == 0) {
			g_free(v);
			return vals[i];
		}
	GString *all = g_string_new(NULL);
	for (int i = 0; names[i]; i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "", names[i]);
	perr(c, g, k, "'%s' is not one of: %s", v ? v : "", all->str);
	g_string_free(all, TRUE);
	g_free(v);
	return def;
}

static void check_keys(ctx *c, const char *g, const char *const *allowed)
{
	gsize n = 0;
	char **keys = g_key_file_get_keys(c->kf, g, &n, NULL);
	for (gsize i = 0; keys && i < n && !c->err; i++) {
		bool ok = false;
		for (int j = 0; allowed[j]; j++)
			ok = ok || strcmp(keys[i], allowed[j]) == 0;
		if (!ok)
			perr(c, g, keys[i], "unknown key");
	}
	g_strfreev(keys);
}

static void parse_elem(ctx *c, ocop_template *t, const char *g, ocop_elem *e)
{
	static const char *const aligns[] = { "left", "center", "centre", "right", NULL };
	static const int align_v[] = { -1, 0, 0, 1 };
	static const char *const valigns[] = { "top", "middle", "bottom", NULL };
	static const int valign_v[] = { -1, 0, 1 };
	static const char *const ecs[] = { "L", "M", "Q", "H", NULL };
	static const int ec_v[] = { 0, 1, 2, 3 };

	check_keys(c, g, elem_keys);
	if (c->err)
		return;
	char *type = get_str(c, g, "type", NULL);
	if (!type) {
		perr(c, g, "type", "missing (one of text, mark, stars, qr, ean13, line, box)");
		return;
	}
	bool found = false;
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (strcmp(type, kinds[i].name) == 0) {
			e->kind = kinds[i].kind;
			found = true;
		}
	if (!found) {
		perr(c, g, "type", "'%s' is not one of text, mark, stars, qr, ean13, line, box", type);
		g_free(type);
		return;
	}
	g_free(type);
	e->x = get_num(c, g, "x", 0, 0, t->width, true);
	e->y = get_num(c, g, "y", 0, 0, t->height, true);
	e->w = get_num(c, g, "width", 0, e->kind == OCOP_ELEM_LINE ? 0 : 0.5, t->width, true);
	e->h = get_num(c, g, "height", 0, e->kind == OCOP_ELEM_LINE ? 0 : 0.5, t->height, true);
	if (c->err)
		return;
	if (e->x + e->w > t->width + 1e-6 || e->y + e->h > t->height + 1e-6) {
		perr(c, g, NULL, "the element (%g,%g)+(%gx%g) mm reaches beyond the %gx%g mm label",
		     e->x, e->y, e->w, e->h, t->width, t->height);
		return;
	}
	e->text = get_str(c, g, "text", NULL);
	if (c->err)
		return;
	if (e->kind == OCOP_ELEM_TEXT && (!e->text || !*e->text)) {
		perr(c, g, "text", "missing (the text to print, with {placeholders})");
		return;
	}
	e->font = get_str(c, g, "font", NULL);
	e->bold = get_bool(c, g, "bold", false);
	e->wrap = get_bool(c, g, "wrap", true);
	e->align = get_choice(c, g, "align", aligns, align_v, -1);
	e->valign = get_choice(c, g, "valign", valigns, valign_v, -1);
	e->size = get_num(c, g, "size", 8, 2, 200, false);
	e->min_size = get_num(c, g, "min_size", e->size, 2, 200, false);
	if (!c->err && e->min_size > e->size)
		perr(c, g, "min_size", "%g is larger than size %g", e->min_size, e->size);
	e->stroke = get_num(c, g, "stroke", 0.3, 0, 10, false);
	e->qr_ec = get_choice(c, g, "ec", ecs, ec_v, 1);
	e->min_module = get_num(c, g, "min_module", 0.25, 0.1, 5, false);
	if (e->kind == OCOP_ELEM_EAN) {
		bool has_mod = g_key_file_has_key(c->kf, g, "module", NULL), has_mag = g_key_file_has_key(c->kf, g, "magnification", NULL);
		if (has_mod && has_mag)
			perr(c, g, "magnification", "give module or magnification, not both");
		e->module = get_num(c, g, "module", 0, 0.1, 1, false);
		if (has_mag)
			e->module = get_num(c, g, "magnification", 100, 50, 250, false) / 100 * OCOP_EAN_X_NOMINAL_MM;
		e->bar_height = get_num(c, g, "bar_height", 0, 1, OCOP_MAX_LABEL_MM, false);
		e->light_margin = get_bool(c, g, "light_margin", false);
		char *bwr = get_str(c, g, "bwr", NULL);
		if (bwr && !c->err) {
			char *end = NULL;
			double v = g_ascii_strtod(bwr, &end);
			e->bwr_percent = end && strcmp(end, "%") == 0;
			if (end == bwr || !(e->bwr_percent || *end == '\0' || strcmp(end, "mm") == 0) || !(v >= 0) ||
			    (e->bwr_percent ? v > 50 : v > 0.2))
				perr(c, g, "bwr", "'%s' is not a bar width reduction: mm (0 to 0.2, e.g. 0.02) or %% of the module (0 to 50, e.g. 8%%)", bwr);
			e->bwr = v;
		}
		g_free(bwr);
	}
	if (e->kind == OCOP_ELEM_TEXT && !c->err) {
		/* mandatory content (Decree 43): a text that prints a field the table marks so, unless the template says otherwise */
		bool m = false;
		for (size_t i = 0; i < ocop_field_count() && e->text && !m; i++) {
			const ocop_field *f = ocop_field_get(i);
			char *ph = g_strdup_printf("{%s}", f->name);
			m = f->mandatory_text && strstr(e->text, ph) != NULL;
			g_free(ph);
		}
		e->mandatory = get_bool(c, g, "mandatory", m);
	}
	char *img = get_str(c, g, "image", NULL);
	if (img && *img) {
		e->image = g_path_is_absolute(img) ? g_strdup(img) : g_build_filename(t->dir, img, NULL);
	}
	g_free(img);
}

/* The bytes of a template or sheet file, its size checked before it is read. */
static int read_layout_file(const char *path, const char *what, char **data, gsize *len)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return ocop_set_error(errno == ENOENT ? OCOP_ENOENT : OCOP_EIO, "%s: cannot open %s: %s", path, what,
		                      g_strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ocop_set_error(OCOP_EIO, "%s: not a regular file", path);
	if (st.st_size > OCOP_MAX_TEMPLATE_BYTES)
		return ocop_set_error(OCOP_ELIMIT, "%s: %s is %lld bytes; at most %d are allowed", path, what,
		                      (long long)st.st_size, OCOP_MAX_TEMPLATE_BYTES);
	GError *ge = NULL;
	if (!g_file_get_contents(path, data, len, &ge)) {
		int err = ocop_set_error(OCOP_EIO, "%s: %s", path, ge->message);
		g_error_free(ge);
		return err;
	}
	if (memchr(*data, '\0', *len)) {
		g_free(*data);
		*data = NULL;
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_NUL, "%s: contains a NUL byte; a %s is a text file", path, what);
	}
	return 0;
}

int ocop_template_load(ocop_template **out, const char *path)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_load: NULL argument");
	*out = NULL;
	char *data = NULL;
	gsize len = 0;
	int err = read_layout_file(path, "template", &data, &len);
	if (err == 0)
		err = ocop_template_load_data(out, data, len, path);
	g_free(data);
	return err;
}

int ocop_template_load_data(ocop_template **out, const char *data, size_t len, const char *path)
{
	*out = NULL;
	if (len > OCOP_MAX_TEMPLATE_BYTES)
		return ocop_set_error(OCOP_ELIMIT, "%s: template is %zu bytes; at most %d are allowed", path, len,
		                      OCOP_MAX_TEMPLATE_BYTES);
	ctx c = { g_key_file_new(), path, 0 };
	GError *ge = NULL;
	ocop_template *t = g_new0(ocop_template, 1);
	char **groups = NULL;
	if (!g_key_file_load_from_data(c.kf, data, len, G_KEY_FILE_NONE, &ge)) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: %s", path, ge->message);
		goto done;
	}
	t->path = g_strdup(path);
	t->dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".ini"))
		base[strlen(base) - 4] = '\0';
	t->name = base;
	if (!g_key_file_has_group(c.kf, "label")) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: missing the [label] section (width, height, description)", path);
		goto done;
	}
	check_keys(&c, "label", label_keys);
	t->width = get_num(&c, "label", "width", 0, 5, OCOP_MAX_LABEL_MM, true);
	t->height = get_num(&c, "label", "height", 0, 5, OCOP_MAX_LABEL_MM, true);
	if (c.err)
		goto done;
	t->description = get_str(&c, "label", "description", "");
	t->resolver = get_str(&c, "label", "resolver", "https://id.gs1.org");
	t->font = get_str(&c, "label", "font", "Noto Sans");
	t->mono_font = get_str(&c, "label", "digits_font", "OCR B");
	if (!g_str_has_prefix(t->resolver, "https://") && !g_str_has_prefix(t->resolver, "http://")) {
		perr(&c, "label", "resolver", "'%s' must start with https:// or http://", t->resolver);
		goto done;
	}
	{
		static const char *const profiles[] = { "standard", "thermal", NULL };
		static const int pv[] = { 0, 1 };
		t->thermal = get_choice(&c, "label", "profile", profiles, pv, 0) == 1;
		if (c.err)
			goto done;
	}
	t->growing_area_key = get_str(&c, "label", "growing_area_key", "vt");
	t->packing_facility_key = get_str(&c, "label", "packing_facility_key", "csdg");
	if (c.err)
		goto done;
	if (*t->growing_area_key && ocop_link_key_check(t->growing_area_key) < 0) {
		perr(&c, "label", "growing_area_key", "'%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit", t->growing_area_key);
		goto done;
	}
	if (*t->packing_facility_key && ocop_link_key_check(t->packing_facility_key) < 0) {
		perr(&c, "label", "packing_facility_key", "'%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit",
		     t->packing_facility_key);
		goto done;
	}
	gsize ng = 0;
	groups = g_key_file_get_groups(c.kf, &ng);
	t->elems = g_new0(ocop_elem, ng);
	for (gsize i = 0; i < ng && !c.err; i++) {
		if (strcmp(groups[i], "label") == 0)
			continue;
		if (!g_str_has_prefix(groups[i], "element ")) {
			perr(&c, groups[i], NULL, "unknown section; sections are [label] and [element NAME]");
			break;
		}
		if (t->n_elems >= OCOP_MAX_ELEMENTS) {
			c.err = ocop_set_error(OCOP_ELIMIT, "%s: more than %d elements", path, OCOP_MAX_ELEMENTS);
			break;
		}
		ocop_elem *e = &t->elems[t->n_elems++];
		e->id = g_strdup(groups[i] + strlen("element "));
		parse_elem(&c, t, groups[i], e);
	}
done:
	if (ge)
		g_error_free(ge);
	g_strfreev(groups);
	g_key_file_free(c.kf);
	if (c.err) {
		ocop_template_free(t);
		return c.err;
	}
	*out = t;
	return 0;
}

static char **search_dirs(void)
{
	GPtrArray *a = g_ptr_array_new();
	const char *env = getenv("OCOPLABEL_TEMPLATE_PATH");
	if (env && *env) {
		char **parts = g_strsplit(env, ":", -1);
		for (int i = 0; parts[i]; i++)
			if (*parts[i])
				g_ptr_array_add(a, g_strdup(parts[i]));
		g_strfreev(parts);
	}
	g_ptr_array_add(a, g_strdup_printf("%s/templates", ocop_datadir()));
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

/* Finds SUBDIR/NAME.ini on the template path, or loads NAME as a path. */
static int find_file(void **out, const char *name, const char *subdir, const char *what,
                     int (*load)(void **, const char *))
{
	if (out)
		*out = NULL;
	if (!out || !name || !*name)
		return ocop_set_error(OCOP_EINVAL, "empty %s name", what);
	if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
		return load(out, name);
	char **dirs = search_dirs();
	char *file = g_strconcat(name, ".ini", NULL);
	int err = OCOP_ENOENT;
	for (int i = 0; dirs[i]; i++) {
		char *p = g_build_filename(dirs[i], subdir ? subdir : file, subdir ? file : NULL, NULL);
		if (g_file_test(p, G_FILE_TEST_EXISTS)) {
			err = load(out, p);
			g_free(p);
			goto done;
		}
		g_free(p);
	}
	char *list = g_strjoinv(", ", dirs);
	if (subdir)
		err = ocop_set_error(OCOP_ENOENT, "%s '%s' not found in the %s/ folder of %s (run 'ocoplabel templates' to list them)",
		                     what, name, subdir, list);
	else
		err = ocop_set_error(OCOP_ENOENT, "%s '%s' not found in %s (run 'ocoplabel %ss' to list them)", what, name,
		                     list, what);
	g_free(list);
done:
	g_free(file);
	g_strfreev(dirs);
	return err;
}

static int load_template_v(void **out, const char *path) { return ocop_template_load((ocop_template **)out, path); }

int ocop_template_find(ocop_template **out, const char *name)
{
	return find_file((void **)out, name, NULL, "template", load_template_v);
}

static int cmp_base(gconstpointer a, gconstpointer b)
{
	const char *pa = *(const char *const *)a, *pb = *(const char *const *)b;
	return strcmp(strrchr(pa, '/') + 1, strrchr(pb, '/') + 1);
}

static int list_files(char ***out, const char *subdir)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "list: out is NULL");
	char **dirs = search_dirs();
	GPtrArray *paths = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; dirs[i]; i++) {
		char *dir = subdir ? g_build_filename(dirs[i], subdir, NULL) : g_strdup(dirs[i]);
		GDir *d = g_dir_open(dir, 0, NULL);
		const char *f;
		while (d && (f = g_dir_read_name(d)))
			if (g_str_has_suffix(f, ".ini") && !g_hash_table_contains(seen, f)) {
				g_hash_table_add(seen, g_strdup(f));
				g_ptr_array_add(paths, g_build_filename(dir, f, NULL));
			}
		if (d)
			g_dir_close(d);
		g_free(dir);
	}
	g_ptr_array_sort(paths, cmp_base);
	char **v = calloc(paths->len + 1, sizeof *v);
	for (guint i = 0; v && i < paths->len; i++)
		v[i] = strdup(g_ptr_array_index(paths, i));
	g_ptr_array_set_free_func(paths, g_free);
	g_ptr_array_free(paths, TRUE);
	g_hash_table_destroy(seen);
	g_strfreev(dirs);
	if (!v)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	*out = v;
	return 0;
}

int ocop_template_list(char ***out) { return list_files(out, NULL); }

void ocop_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

const char *ocop_template_name(const ocop_template *t) { return t ? t->name : NULL; }
const char *ocop_template_description(const ocop_template *t) { return t && t->description ? t->description : ""; }
double ocop_template_width_mm(const ocop_template *t) { return t ? t->width : 0; }
double ocop_template_height_mm(const ocop_template *t) { return t ? t->height : 0; }
const char *ocop_template_resolver(const ocop_template *t) { return t ? t->resolver : NULL; }

/* ---- sheet layouts ---- */

#define OCOP_MAX_SHEET_POSITIONS 1000

struct ocop_sheet {
	char *name, *description, *path, *template_name;
	double page_w, page_h, label_w, label_h, left, top, col_pitch, row_pitch;
	double printable_margin; /* the page border its printer cannot print, mm */
	int cols, rows;
};

static const char *const sheet_keys[] = {
	"description", "template", "page_width", "page_height", "label_width", "label_height",
	"columns", "rows", "left", "top", "column_pitch", "row_pitch", "printable_margin", NULL
};

void ocop_sheet_free(ocop_sheet *s)
{
	if (!s)
		return;
	g_free(s->name);
	g_free(s->description);
	g_free(s->path);
	g_free(s->template_name);
	g_free(s);
}

static int get_int(ctx *c, const char *g, const char *k, int lo, int hi)
{
	double d = get_num(c, g, k, lo, lo, hi, true);
	if (!c->err && d != floor(d))
		perr(c, g, k, "%g is not a whole number", d);
	return (int)d;
}

int ocop_sheet_load(ocop_sheet **out, const char *path)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_sheet_load: NULL argument");
	*out = NULL;
	char *data = NULL;
	gsize len = 0;
	int rerr = read_layout_file(path, "sheet file", &data, &len);
	if (rerr < 0)
		return rerr;
	ctx c = { g_key_file_new(), path, 0 };
	GError *ge = NULL;
	ocop_sheet *s = g_new0(ocop_sheet, 1);
	char **groups = NULL;
	const char *g = "sheet";
	gboolean loaded = g_key_file_load_from_data(c.kf, data, len, G_KEY_FILE_NONE, &ge);
	g_free(data);
	if (!loaded) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: %s", path, ge->message);
		goto done;
	}
	s->path = g_strdup(path);
	char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".ini"))
		base[strlen(base) - 4] = '\0';
	s->name = base;
	groups = g_key_file_get_groups(c.kf, NULL);
	for (int i = 0; groups[i] && !c.err; i++)
		if (strcmp(groups[i], g) != 0)
			perr(&c, groups[i], NULL, "unknown section; a sheet file has one [sheet] section");
	if (c.err)
		goto done;
	if (!g_key_file_has_group(c.kf, g)) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: missing the [sheet] section (page and label sizes, columns, rows)", path);
		goto done;
	}
	check_keys(&c, g, sheet_keys);
	s->page_w = get_num(&c, g, "page_width", 0, 10, OCOP_MAX_LABEL_MM, true);
	s->page_h = get_num(&c, g, "page_height", 0, 10, OCOP_MAX_LABEL_MM, true);
	s->label_w = get_num(&c, g, "label_width", 0, 5, OCOP_MAX_LABEL_MM, true);
	s->label_h = get_num(&c, g, "label_height", 0, 5, OCOP_MAX_LABEL_MM, true);
	s->cols = get_int(&c, g, "columns", 1, OCOP_MAX_SHEET_POSITIONS);
	s->rows = get_int(&c, g, "rows", 1, OCOP_MAX_SHEET_POSITIONS);
	s->left = get_num(&c, g, "left", 0, 0, OCOP_MAX_LABEL_MM, false);
	s->top = get_num(&c, g, "top", 0, 0, OCOP_MAX_LABEL_MM, false);
	s->col_pitch = get_num(&c, g, "column_pitch", s->label_w, s->label_w, OCOP_MAX_LABEL_MM, false);
	s->row_pitch = get_num(&c, g, "row_pitch", s->label_h, s->label_h, OCOP_MAX_LABEL_MM, false);
	s->printable_margin = get_num(&c, g, "printable_margin", 4, 0, 50, false);
	if (c.err)
		goto done;
	if ((long)s->cols * s->rows > OCOP_MAX_SHEET_POSITIONS) {
		c.err = ocop_set_error(OCOP_ELIMIT, "%s: %d x %d positions; at most %d are allowed", path, s->cols, s->rows,
		                       OCOP_MAX_SHEET_POSITIONS);
		goto done;
	}
	double right = s->left + (s->cols - 1) * s->col_pitch + s->label_w;
	double bottom = s->top + (s->rows - 1) * s->row_pitch + s->label_h;
	if (right > s->page_w + 0.01) {
		perr(&c, g, "columns", "%d labels of %g mm from left=%g mm end at %g mm, past the %g mm page width", s->cols,
		     s->label_w, s->left, right, s->page_w);
		goto done;
	}
	if (bottom > s->page_h + 0.01) {
		perr(&c, g, "rows", "%d labels of %g mm from top=%g mm end at %g mm, past the %g mm page height", s->rows,
		     s->label_h, s->top, bottom, s->page_h);
		goto done;
	}
	s->description = get_str(&c, g, "description", "");
	s->template_name = get_str(&c, g, "template", "product-100x70");
done:
	if (ge)
		g_error_free(ge);
	g_strfreev(groups);
	g_key_file_free(c.kf);
	if (c.err) {
		ocop_sheet_free(s);
		return c.err;
	}
	*out = s;
	return 0;
}

static int load_sheet_v(void **out, const char *path) { return ocop_sheet_load((ocop_sheet **)out, path); }

int ocop_sheet_find(ocop_sheet **out, const char *name)
{
	return find_file((void **)out, name, "sheets", "sheet", load_sheet_v);
}

int ocop_sheet_list(char ***out) { return list_files(out, "sheets"); }

const char *ocop_sheet_name(const ocop_sheet *s) { return s ? s->name : NULL; }
const char *ocop_sheet_description(const ocop_sheet *s) { return s && s->description ? s->description : ""; }
const char *ocop_sheet_template(const ocop_sheet *s) { return s && s->template_name ? s->template_name : ""; }
int ocop_sheet_positions(const ocop_sheet *s) { return s ? s->cols * s->rows : 0; }
double ocop_sheet_page_width_mm(const ocop_sheet *s) { return s ? s->page_w : 0; }
double ocop_sheet_printable_margin(const ocop_sheet *s) { return s->printable_margin; }
double ocop_sheet_page_height_mm(const ocop_sheet *s) { return s ? s->page_h : 0; }
double ocop_sheet_label_width_mm(const ocop_sheet *s) { return s ? s->label_w : 0; }
double ocop_sheet_label_height_mm(const ocop_sheet *s) { return s ? s->label_h : 0; }

void ocop_sheet_cell(const ocop_sheet *s, int pos, double *x, double *y)
{
	*x = s->left + (pos % s->cols) * s->col_pitch;
	*y = s->top + (pos / s->cols) * s->row_pitch;
}

void ocop_template_link_options(const ocop_template *t, ocop_link_options *out)
{
	if (!t || !out)
		return;
	out->resolver = t->resolver;
	out->growing_area_key = t->growing_area_key;
	out->packing_facility_key = t->packing_facility_key;
}
