/* ocoplabel — label templates: key files read into elements (each kind reads its own keys), found on the template path. */
#include "layout.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


static const char *const label_keys[] = {
	"description", "description[en]", "description[vi]", "width", "height", "resolver", "font", "digits_font",
	"growing_area_key", "packing_facility_key", "profile", "printer", "pos", NULL
};

/* The languages a template's description may be given in, as GKeyFile's localised keys (description[vi]): the
 * library's languages (util/i18n.c). Each is kept; ocop_template_description() picks the calling thread's. */
static const char *const description_langs[OCOP_TEMPLATE_DESCRIPTION_LANGS] = { "en", "vi" };

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
	for (size_t i = 0; i < G_N_ELEMENTS(t->description_in); i++)
		g_free(t->description_in[i]);
	g_free(t->path);
	g_free(t->dir);
	g_free(t->resolver);
	g_free(t->printer);
	g_free(t->font);
	g_free(t->mono_font);
	g_free(t->growing_area_key);
	g_free(t->packing_facility_key);
	g_free(t);
}

/* Every key of element group g is one that elements have (any kind's: a template written for one kind and
 * changed to another keeps working) */
static void check_elem_keys(ocop_kf *c, const char *g)
{
	static const char *const common[] = { "type", "x", "y", "width", "height", "text", "font", "bold", "align",
	                                      "valign", "size", "min_size", "stroke", "image", "wrap", NULL };
	GPtrArray *allowed = g_ptr_array_new();
	for (const char *const *k = common; *k; k++)
		g_ptr_array_add(allowed, (gpointer)*k);
	for (int kind = 0; kind < OCOP_ELEM_KINDS; kind++)
		for (const char *const *k = ocop_element_class_of((ocop_elem_kind)kind)->keys; k && *k; k++)
			g_ptr_array_add(allowed, (gpointer)*k);
	g_ptr_array_add(allowed, NULL);
	ocop_kf_check_keys(c, g, (const char *const *)allowed->pdata);
	g_ptr_array_free(allowed, TRUE);
}

static void parse_elem(ocop_kf *c, ocop_template *t, const char *g, ocop_elem *e)
{
	static const char *const aligns[] = { "left", "center", "centre", "right", NULL };
	static const int align_v[] = { -1, 0, 0, 1 };
	static const char *const valigns[] = { "top", "middle", "bottom", NULL };
	static const int valign_v[] = { -1, 0, 1 };

	check_elem_keys(c, g);
	if (c->err)
		return;
	char *type = ocop_kf_str(c, g, "type", NULL);
	if (!type) {
		ocop_kf_error(c, g, "type", _("missing (one of %s)"), ocop_element_kind_names());
		return;
	}
	if (!ocop_element_kind_named(type, &e->kind)) {
		ocop_kf_error(c, g, "type", _("'%s' is not one of %s"), type, ocop_element_kind_names());
		g_free(type);
		return;
	}
	g_free(type);
	const ocop_element_class *cls = ocop_element_class_of(e->kind);
	e->x = ocop_kf_num(c, g, "x", 0, 0, t->width, true);
	e->y = ocop_kf_num(c, g, "y", 0, 0, t->height, true);
	e->w = ocop_kf_num(c, g, "width", 0, cls->thin ? 0 : 0.5, t->width, true);
	e->h = ocop_kf_num(c, g, "height", 0, cls->thin ? 0 : 0.5, t->height, true);
	if (c->err)
		return;
	if (e->x + e->w > t->width + 1e-6 || e->y + e->h > t->height + 1e-6) {
		ocop_kf_error(c, g, NULL, _("the element (%g,%g)+(%gx%g) mm reaches beyond the %gx%g mm label"),
		     e->x, e->y, e->w, e->h, t->width, t->height);
		return;
	}
	e->text = ocop_kf_str(c, g, "text", NULL);
	if (c->err)
		return;
	e->font = ocop_kf_str(c, g, "font", NULL);
	e->bold = ocop_kf_bool(c, g, "bold", false);
	e->wrap = ocop_kf_bool(c, g, "wrap", true);
	e->align = ocop_kf_choice(c, g, "align", aligns, align_v, -1);
	e->valign = ocop_kf_choice(c, g, "valign", valigns, valign_v, -1);
	e->size = ocop_kf_num(c, g, "size", 8, 2, 200, false);
	e->min_size = ocop_kf_num(c, g, "min_size", e->size, 2, 200, false);
	if (!c->err && e->min_size > e->size)
		ocop_kf_error(c, g, "min_size", _("%g is larger than size %g"), e->min_size, e->size);
	e->stroke = ocop_kf_num(c, g, "stroke", 0.3, 0, 10, false);
	if (cls->load && !c->err)
		cls->load(c, g, t, e);
	char *img = ocop_kf_str(c, g, "image", NULL);
	if (img && *img) {
		e->image = g_path_is_absolute(img) ? g_strdup(img) : g_build_filename(t->dir, img, NULL);
	}
	g_free(img);
}

int ocop_template_load(ocop_template **out, const char *path)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_load: NULL argument");
	*out = NULL;
	char *data = NULL;
	gsize len = 0;
	int err = ocop_kf_read(path, "template", &data, &len);
	if (err == 0)
		err = ocop_template_load_data(out, data, len, path);
	g_free(data);
	return err;
}

int ocop_template_load_mem(ocop_template **out, const char *data, size_t len, const char *name)
{
	if (!out || !data || !name)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_load_mem: NULL argument");
	if (memchr(data, '\0', len))
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_NUL, "%s: contains a NUL byte; a template is a text file",
		                         name);
	return ocop_template_load_data(out, data, len, name);
}

int ocop_template_load_data(ocop_template **out, const char *data, size_t len, const char *path)
{
	*out = NULL;
	if (len > OCOP_MAX_TEMPLATE_BYTES)
		return ocop_set_error(OCOP_ELIMIT, "%s: template is %s bytes; at most %s are allowed", path, OCOP_COUNT(len),
		                      OCOP_COUNT(OCOP_MAX_TEMPLATE_BYTES));
	ocop_kf c = { g_key_file_new(), path, 0 };
	GError *ge = NULL;
	ocop_template *t = g_new0(ocop_template, 1);
	char **groups = NULL;
	/* every localised key kept, whatever the process's locale: description[vi] is read, text[vi] an unknown key */
	if (!g_key_file_load_from_data(c.kf, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &ge)) {
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
	ocop_kf_check_keys(&c, "label", label_keys);
	t->width = ocop_kf_num(&c, "label", "width", 0, 5, OCOP_MAX_LABEL_MM, true);
	t->height = ocop_kf_num(&c, "label", "height", 0, 5, OCOP_MAX_LABEL_MM, true);
	if (c.err)
		goto done;
	t->description = ocop_kf_str(&c, "label", "description", "");
	for (size_t i = 0; i < G_N_ELEMENTS(description_langs); i++) {
		char *key = g_strdup_printf("description[%s]", description_langs[i]);
		t->description_in[i] = ocop_kf_str(&c, "label", key, NULL); /* NULL when the file has no such key */
		g_free(key);
	}
	t->resolver = ocop_kf_str(&c, "label", "resolver",
	                          /* NOTR: the default resolver, a URL */
	                          "https://id.gs1.org");
	t->font = ocop_kf_str(&c, "label", "font",
	                      /* NOTR: the default font, a fontconfig family name */
	                      "Noto Sans");
	t->mono_font = ocop_kf_str(&c, "label", "digits_font", "OCR B");
	if (!g_str_has_prefix(t->resolver, "https://") && !g_str_has_prefix(t->resolver, "http://")) {
		ocop_kf_error(&c, "label", "resolver", _("'%s' must start with https:// or http://"), t->resolver);
		goto done;
	}
	{
		static const char *const profiles[] = { "standard", "thermal", NULL };
		static const int pv[] = { 0, 1 };
		t->thermal = ocop_kf_choice(&c, "label", "profile", profiles, pv, 0) == 1;
		if (c.err)
			goto done;
	}
	/* pos=true: the 2D code keeps GS1's X-dimension for retail POS scanners (at least OCOP_POS_2D_MIN_MM) */
	t->pos = ocop_kf_bool(&c, "label", "pos", false);
	/* the printer profile a printer job is for when none is given: a thermal label says its printer's language */
	t->printer = ocop_kf_str(&c, "label", "printer", "");
	if (!c.err && *t->printer) {
		ocop_printer_profile p = OCOP_PRINTER_PROFILE_INIT;
		if (ocop_printer_profile_find(&p, t->printer) < 0) {
			ocop_kf_error(&c, "label", "printer", _("'%s' is not a printer profile (ocoplabel printers lists them)"),
			              t->printer);
			goto done;
		}
	}
	t->growing_area_key = ocop_kf_str(&c, "label", "growing_area_key", "vt");
	t->packing_facility_key = ocop_kf_str(&c, "label", "packing_facility_key", "csdg");
	if (c.err)
		goto done;
	if (*t->growing_area_key && ocop_link_key_check(t->growing_area_key) < 0) {
		ocop_kf_error(&c, "label", "growing_area_key", _("'%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit"),
		              t->growing_area_key);
		goto done;
	}
	if (*t->packing_facility_key && ocop_link_key_check(t->packing_facility_key) < 0) {
		ocop_kf_error(&c, "label", "packing_facility_key", _("'%s' must be 1 to 16 of A-Z a-z 0-9 - . _ with a non-digit"),
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
			ocop_kf_error(&c, groups[i], NULL, "%s", _("unknown section; sections are [label] and [element NAME]"));
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

static int load_template_v(void *out, const char *path) { return ocop_template_load(out, path); }

int ocop_template_find(ocop_template **out, const char *name)
{
	if (out)
		*out = NULL;
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_find: NULL argument");
	return ocop_kf_find(name, NULL, "template", load_template_v, out);
}

int ocop_template_list(char ***out) { return ocop_kf_list(out, NULL); }

const char *ocop_template_name(const ocop_template *t) { return t ? t->name : NULL; }
/* the description in the calling thread's language, looked up now (a server's templates are loaded once and
 * shown in each request's language): description[LANG], else description */
const char *ocop_template_description(const ocop_template *t)
{
	if (!t)
		return "";
	const char *lang = ocop_language();
	for (size_t i = 0; i < G_N_ELEMENTS(description_langs); i++)
		if (strcmp(lang, description_langs[i]) == 0 && t->description_in[i])
			return t->description_in[i];
	return t->description ? t->description : "";
}
double ocop_template_width_mm(const ocop_template *t) { return t ? t->width : 0; }
double ocop_template_height_mm(const ocop_template *t) { return t ? t->height : 0; }
const char *ocop_template_resolver(const ocop_template *t) { return t ? t->resolver : NULL; }
const char *ocop_template_printer(const ocop_template *t) { return t && *t->printer ? t->printer : NULL; }

void ocop_template_link_options(ocop_link_options *out, const ocop_template *t)
{
	if (!t || !out)
		return;
	out->resolver = t->resolver;
	out->growing_area_key = t->growing_area_key;
	out->packing_facility_key = t->packing_facility_key;
}

int ocop_trace_url(char **out, const ocop_template *t, const ocop_record *rec)
{
	if (!out || !t || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_trace_url: NULL argument");
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	ocop_template_link_options(&lo, t);
	return ocop_link_trace_url(out, rec, &lo);
}
