/* ocoplabel — renderers for the server: made from a request's template and options, kept per worker thread (fonts and templates load once). */
#include "api.h"
#include <stdlib.h>
#include <string.h>

#define CACHE_SIZE 8

typedef struct entry {
	char *key;
	ocop_template *t;
	ocop_renderer *r;
	ocop_printer_profile profile;
	unsigned long used;
} entry;

typedef struct cache {
	entry e[CACHE_SIZE];
	unsigned long clock;
} cache;

static void cache_free(gpointer p)
{
	cache *c = p;
	for (int i = 0; i < CACHE_SIZE; i++) {
		ocop_renderer_free(c->e[i].r);
		ocop_template_free(c->e[i].t);
		g_free(c->e[i].key);
	}
	g_free(c);
}

static GPrivate cache_key = G_PRIVATE_INIT(cache_free);

void serve_renderers_thread_free(void)
{
	g_private_replace(&cache_key, NULL);
}

static const struct {
	const char *name;
	ocop_format format;
} formats[] = {
	{ "pdf", OCOP_FORMAT_PDF }, { "png", OCOP_FORMAT_PNG }, { "svg", OCOP_FORMAT_SVG },
	{ "tspl", OCOP_FORMAT_TSPL }, { "zpl", OCOP_FORMAT_ZPL },
};

bool serve_render_spec_from(serve_render_spec *s, const serve_params *p, ocop_format fallback, char **error)
{
	memset(s, 0, sizeof *s);
	const serve_config *cfg = serve_get_config();
	s->template_name = serve_param(p, "template");
	if (!s->template_name || !*s->template_name)
		s->template_name = cfg->template_name;
	if (strchr(s->template_name, '/') || g_str_has_suffix(s->template_name, ".ini")) {
		/* names of installed templates only: a request never names a file */
		*error = g_strdup_printf(_("template: '%s' is not a template name (see /api/templates)"), s->template_name);
		return false;
	}
	const char *f = serve_param(p, "format");
	s->format = fallback;
	if (f && *f) {
		s->format = OCOP_FORMAT_AUTO;
		for (size_t i = 0; i < G_N_ELEMENTS(formats); i++)
			if (strcmp(f, formats[i].name) == 0)
				s->format = formats[i].format;
		if (s->format == OCOP_FORMAT_AUTO) {
			*error = g_strdup_printf(_("format: '%s' is not pdf, png, svg, tspl or zpl"), f);
			return false;
		}
	}
	const char *d = serve_param(p, "dpi");
	if (d && *d) {
		char *end;
		s->dpi = g_ascii_strtod(d, &end);
		if (*end || !(s->dpi >= 72 && s->dpi <= 2400)) {
			*error = g_strdup_printf(_("dpi: '%s' is not a resolution from 72 to 2400"), d);
			return false;
		}
	}
	s->today = serve_param(p, "today");
	if (!s->today || !*s->today)
		s->today = cfg->today;
	s->profile = serve_param(p, "printer_profile");
	if (s->profile && (!*s->profile || strchr(s->profile, '/'))) {
		if (*s->profile) {
			*error = g_strdup_printf(_("printer_profile: '%s' is not a profile name"), s->profile);
			return false;
		}
		s->profile = NULL;
	}
	const char *codes = serve_param(p, "printer_codes");
	s->printer_codes = codes && (strcmp(codes, "1") == 0 || strcmp(codes, "on") == 0 || strcmp(codes, "true") == 0);
	return true;
}

const char *serve_format_name(ocop_format f)
{
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++)
		if (formats[i].format == f)
			return formats[i].name;
	return "pdf";
}

int serve_renderer(ocop_renderer **out, const serve_render_spec *s, const ocop_template **t)
{
	*out = NULL;
	int err;
	cache *c = g_private_get(&cache_key);
	if (!c) {
		c = g_new0(cache, 1);
		g_private_set(&cache_key, c);
	}
	char *key = g_strdup_printf("%s|%d|%g|%s|%s|%d", s->template_name, (int)s->format, s->dpi, s->today ? s->today : "",
	                            s->profile ? s->profile : "", s->printer_codes);
	c->clock++;
	int slot = 0;
	for (int i = 0; i < CACHE_SIZE; i++) {
		if (c->e[i].key && strcmp(c->e[i].key, key) == 0) {
			c->e[i].used = c->clock;
			g_free(key);
			*t = c->e[i].t;
			*out = c->e[i].r;
			return 0;
		}
		if (c->e[i].used < c->e[slot].used)
			slot = i;
	}
	entry *e = &c->e[slot];
	ocop_renderer_free(e->r);
	ocop_template_free(e->t);
	g_free(e->key);
	memset(e, 0, sizeof *e);
	if ((err = ocop_template_find(&e->t, s->template_name)) < 0) {
		g_free(key);
		return err;
	}
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = s->format;
	ro.dpi = s->dpi;
	ro.today = s->today;
	/* the printer a template is for (thermal-50x30: xprinter-203): its printer jobs' profile when the request
	 * names none, and the grid of its image when the request names no resolution, so that a preview shows the
	 * dots and the codes its printer gets (a thermal EAN has no whole number of dots at 150 or 300 dpi) */
	const char *own = ocop_template_printer(e->t);
	ocop_printer_profile own_profile;
	bool has_own = own && ocop_printer_profile_find(&own_profile, own) == 0;
	if (s->format == OCOP_FORMAT_PNG && s->dpi == 0)
		ro.dpi = has_own ? (own_profile.dpi ? own_profile.dpi : 203) : 300;
	if (s->format == OCOP_FORMAT_TSPL || s->format == OCOP_FORMAT_ZPL) {
		ocop_printer_language lang = s->format == OCOP_FORMAT_ZPL ? OCOP_PRINTER_ZPL : OCOP_PRINTER_TSPL;
		if (s->profile) {
			err = ocop_printer_profile_find(&e->profile, s->profile);
		} else if (has_own && (own_profile.language == lang || own_profile.language == OCOP_PRINTER_ANY)) {
			e->profile = own_profile;
			err = 0;
		} else {
			err = ocop_printer_profile_find(&e->profile, lang == OCOP_PRINTER_ZPL ? "zebra-203" : "xprinter-203");
		}
		if (err == 0 && s->dpi != 0)
			e->profile.dpi = (int)s->dpi;
		if (err < 0 || (err = ocop_printer_profile_check(&e->profile)) < 0) {
			ocop_template_free(e->t);
			e->t = NULL;
			g_free(key);
			return err;
		}
		ro.printer = &e->profile;
		ro.printer_codes = s->printer_codes;
	}
	if ((err = ocop_renderer_new(&e->r, e->t, &ro)) < 0) {
		ocop_template_free(e->t);
		e->t = NULL;
		g_free(key);
		return err;
	}
	e->key = key;
	e->used = c->clock;
	*t = e->t;
	*out = e->r;
	return 0;
}
