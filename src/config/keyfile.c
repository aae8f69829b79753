/* ocoplabel — layout files (templates, sheets, printer profiles): key files read with their size checked, typed values with exact messages, the template path. */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ocop_kf_error(ocop_kf *c, const char *group, const char *key, const char *fmt, ...)
{
	/* in the thread's language: the callers mark their formats with _(); a format given in English is
	 * translated here (a translated one is left as it is: no catalogue has it as an English text) */
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(ocop_tr(fmt), ap);
	va_end(ap);
	if (key)
		c->err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: [%s] %s: %s", c->path, group, key, msg);
	else
		c->err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: [%s]: %s", c->path, group, msg);
	g_free(msg);
	return c->err;
}

char *ocop_kf_str(ocop_kf *c, const char *g, const char *k, const char *def)
{
	if (!g_key_file_has_key(c->kf, g, k, NULL))
		return def ? g_strdup(def) : NULL;
	char *v = g_key_file_get_string(c->kf, g, k, NULL);
	if (!v) {
		/* present but unreadable (not UTF-8, a bad escape): an error, and never a NULL to the caller */
		if (!c->err)
			ocop_kf_error(c, g, k, _("the value is not valid UTF-8 text (save the file as UTF-8)"));
		return g_strdup(def ? def : "");
	}
	return g_strstrip(v);
}

double ocop_kf_num(ocop_kf *c, const char *g, const char *k, double def, double lo, double hi, bool required)
{
	if (c->err)
		return def;
	if (!g_key_file_has_key(c->kf, g, k, NULL)) {
		if (required)
			ocop_kf_error(c, g, k, _("missing (a number in %s)"), strcmp(k, "size") == 0 ? _("points") : _("millimetres"));
		return def;
	}
	char *v = ocop_kf_str(c, g, k, NULL);
	if (c->err) {
		g_free(v);
		return def;
	}
	char *end = NULL;
	double d = v ? g_ascii_strtod(v, &end) : NAN;
	if (!v || end == v || *end != '\0' || !isfinite(d))
		ocop_kf_error(c, g, k, _("'%s' is not a number"), v ? v : "");
	else if (d < lo || d > hi)
		ocop_kf_error(c, g, k, _("%g is out of range (%g to %g)"), d, lo, hi);
	g_free(v);
	return c->err ? def : d; /* never a NaN or out-of-range value to the caller */
}

int ocop_kf_int(ocop_kf *c, const char *g, const char *k, int lo, int hi)
{
	double d = ocop_kf_num(c, g, k, lo, lo, hi, true);
	if (!c->err && d != floor(d))
		ocop_kf_error(c, g, k, _("%g is not a whole number"), d);
	return (int)d;
}

const char *ocop_kf_format(char buf[32], double v)
{
	g_ascii_formatd(buf, 32, "%.3f", v);
	char *p = buf + strlen(buf) - 1;
	while (p > buf && *p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
	return buf;
}

bool ocop_kf_bool(ocop_kf *c, const char *g, const char *k, bool def)
{
	if (c->err || !g_key_file_has_key(c->kf, g, k, NULL))
		return def;
	char *v = ocop_kf_str(c, g, k, NULL);
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
		ocop_kf_error(c, g, k, _("'%s' is not true or false"), v ? v : "");
	g_free(v);
	return r;
}

int ocop_kf_choice(ocop_kf *c, const char *g, const char *k, const char *const *names, const int *vals, int def)
{
	if (c->err || !g_key_file_has_key(c->kf, g, k, NULL))
		return def;
	char *v = ocop_kf_str(c, g, k, NULL);
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
	ocop_kf_error(c, g, k, _("'%s' is not one of: %s"), v ? v : "", all->str);
	g_string_free(all, TRUE);
	g_free(v);
	return def;
}

/* The words for people a layout file may give in several languages (GKeyFile's KEY[LANG]=, e.g. description[vi]=) */
static bool localised_key(const char *key, const char *const *allowed)
{
	static const char *const words[] = { "description", NULL };
	const char *open = strchr(key, '[');
	size_t n = open ? (size_t)(open - key) : 0;
	if (!open || strlen(open) < 3 || !g_str_has_suffix(open, "]"))
		return false;
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncmp(key, words[i], n) == 0)
			for (int j = 0; allowed[j]; j++)
				if (strcmp(allowed[j], words[i]) == 0)
					return true;
	return false;
}

void ocop_kf_check_keys(ocop_kf *c, const char *g, const char *const *allowed)
{
	gsize n = 0;
	char **keys = g_key_file_get_keys(c->kf, g, &n, NULL);
	for (gsize i = 0; keys && i < n && !c->err; i++) {
		bool ok = localised_key(keys[i], allowed);
		for (int j = 0; allowed[j]; j++)
			ok = ok || strcmp(keys[i], allowed[j]) == 0;
		if (!ok)
			ocop_kf_error(c, g, keys[i], _("unknown key"));
	}
	g_strfreev(keys);
}

void ocop_kf_words_read(ocop_kf *c, const char *g, const char *k, ocop_kf_words *w)
{
	size_t n = ocop_language_count();
	w->text = g_new0(char *, n + 1);
	g_free(ocop_kf_str(c, g, k, NULL)); /* KEY= itself checked as any value */
	for (size_t i = 0; i < n; i++) {
		/* KEY[LANG]= when the file has it, else KEY= (GKeyFile's lookup of a locale) */
		char *v = g_key_file_get_locale_string(c->kf, g, k, ocop_language_code(i), NULL);
		char *key = g_strdup_printf("%s[%s]", k, ocop_language_code(i));
		if (!v && !c->err && g_key_file_has_key(c->kf, g, key, NULL))
			ocop_kf_error(c, g, key, _("the value is not valid UTF-8 text (save the file as UTF-8)"));
		g_free(key);
		w->text[i] = v ? g_strstrip(v) : g_strdup("");
	}
}

const char *ocop_kf_words_get(const ocop_kf_words *w)
{
	return w && w->text ? w->text[ocop_language_current()] : "";
}

void ocop_kf_words_free(ocop_kf_words *w)
{
	if (w) {
		g_strfreev(w->text);
		w->text = NULL;
	}
}

/* The kind of layout file a caller names in English ("template", "sheet", "sheet file", "printer profile"), in
 * the thread's language. */
static const char *kind(const char *what)
{
	if (strcmp(what, "template") == 0)
		return C_("layout file", "template");
	if (strcmp(what, "sheet") == 0)
		return C_("layout file", "sheet");
	/* NOTR: a caller's English word */
	if (strcmp(what, "sheet file") == 0)
		return C_("layout file", "sheet file");
	/* NOTR: a caller's English word */
	if (strcmp(what, "printer profile") == 0)
		return C_("layout file", "printer profile");
	return _(what);
}

/* The bytes of a template or sheet file, its size checked before it is read. */
int ocop_kf_read(const char *path, const char *what, char **data, gsize *len)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return ocop_set_error(errno == ENOENT ? OCOP_ENOENT : OCOP_EIO, "%s: cannot open %s: %s", path, kind(what),
		                      g_strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ocop_set_error(OCOP_EIO, "%s: not a regular file", path);
	if (st.st_size > OCOP_MAX_TEMPLATE_BYTES)
		return ocop_set_error(OCOP_ELIMIT, "%s: %s is %s bytes; at most %s are allowed", path, kind(what),
		                      ocop_format_count((char[32]){ 0 }, 32, (unsigned long long)st.st_size),
		                      ocop_format_count((char[32]){ 0 }, 32, OCOP_MAX_TEMPLATE_BYTES));
	GError *ge = NULL;
	if (!g_file_get_contents(path, data, len, &ge)) {
		int err = ocop_set_error(OCOP_EIO, "%s: %s", path, ge->message);
		g_error_free(ge);
		return err;
	}
	if (memchr(*data, '\0', *len)) {
		g_free(*data);
		*data = NULL;
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_NUL, "%s: contains a NUL byte; a %s is a text file", path,
		                         kind(what));
	}
	return 0;
}

static char **ocop_kf_search_dirs(void)
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
	/* the user's own templates (the page's designer saves there) */
	g_ptr_array_add(a, g_build_filename(g_get_user_data_dir(), "ocoplabel", "templates", NULL));
	g_ptr_array_add(a, g_strdup_printf("%s/templates", ocop_datadir()));
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

/* Finds SUBDIR/NAME.ini on the template path, or loads NAME as a path. */
int ocop_kf_find(const char *name, const char *subdir, const char *what, int (*load)(void *out, const char *path),
                 void *out)
{
	if (!name || !*name)
		return ocop_set_error(OCOP_EINVAL, "empty %s name", kind(what));
	if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
		return load(out, name);
	char **dirs = ocop_kf_search_dirs();
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
		                     kind(what), name, subdir, list);
	else /* TRANSLATORS: the last %s is the English word of the first, the name of a command: 'ocoplabel templates' */
		err = ocop_set_error(OCOP_ENOENT, "%s '%s' not found in %s (run 'ocoplabel %ss' to list them)", kind(what), name,
		                     list, what);
	g_free(list);
done:
	g_free(file);
	g_strfreev(dirs);
	return err;
}

static int cmp_base(gconstpointer a, gconstpointer b)
{
	const char *pa = *(const char *const *)a, *pb = *(const char *const *)b;
	return strcmp(strrchr(pa, '/') + 1, strrchr(pb, '/') + 1);
}

int ocop_kf_list(char ***out, const char *subdir)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "list: out is NULL");
	char **dirs = ocop_kf_search_dirs();
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

void ocop_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
