/* ocoplabel — fonts: a private fontconfig set-up per renderer, checks that the template's fonts are installed, font metrics. */
#include "text.h"
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>

static const char *font_package(const char *family)
{
	if (g_ascii_strncasecmp(family, "Noto", 4) == 0)
		/* NOTR: a Debian package name */
		return "fonts-noto-core";
	if (g_ascii_strncasecmp(family, "OCR", 3) == 0)
		/* NOTR: a Debian package name */
		return "fonts-ocr-b";
	if (g_ascii_strncasecmp(family, "DejaVu", 6) == 0)
		/* NOTR: a Debian package name */
		return "fonts-dejavu-core";
	return NULL;
}

static void check_font(ocop_renderer *r, const char *family)
{
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(r->fc, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(r->fc, pat, &res);
	FcChar8 *got = NULL;
	bool ok = false;
	for (int i = 0; m && FcPatternGetString(m, FC_FAMILY, i, &got) == FcResultMatch; i++)
		if (g_ascii_strcasecmp((const char *)got, family) == 0)
			ok = true;
	if (!ok) {
		if (m)
			FcPatternGetString(m, FC_FAMILY, 0, &got);
		const char *pkg = font_package(family);
		const char *used = m && got ? (const char *)got : _("a fallback");
		char *msg = pkg ? g_strdup_printf(_("font '%s' is not installed; using '%s' instead (install the Debian package %s)"),
		                                  family, used, pkg)
		                : g_strdup_printf(_("font '%s' is not installed; using '%s' instead"), family, used);
		ocop_renderer_warn(r, "font", OCOP_CODE_FONT, msg);
		g_free(msg);
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
}

static char *fonts_conf_path(void)
{
	const char *env = getenv("OCOPLABEL_FONTS_CONF");
	if (env && *env)
		return g_strdup(env);
	/* NOTR: a file path */
	return g_strdup_printf("%s/fonts/ocoplabel.conf", ocop_datadir());
}

/* The font map's last reference is going: give back the FcConfig reference that
 * pango_fc_font_map_set_config() took. pango 1.50's finalize never destroys it, so each renderer
 * would keep its whole font set alive (about 300 KB).
 *
 * Not earlier, from ocop_fonts_release(): set_config(NULL) on a map in use clears its caches, and
 * pango 1.50 resolves every new font pattern in two threads of its own (FcFontSetMatch and
 * FcFontSetSort) that may still be running when the renderer is freed. Each holds a reference to
 * the pattern set and, if it lets go of the last one, removes the set from the map's hash table
 * without a lock; clearing the caches frees and rebuilds that table under it, so the heap is
 * corrupted: a SIGFPE, an abort in realloc, or a lookup that never ends (with MALLOC_PERTURB_).
 * Those threads also hold a reference to the map until they are done, so when its last reference
 * goes (this weak notification, in whichever thread dropped it, the map still whole) none is left.
 * Shutting the map down first makes set_config(NULL) skip the cache rebuild, which would also load
 * fontconfig's default set-up; pango versions whose finalize does destroy the config find NULL. */
static void fontmap_unused(gpointer data, GObject *map)
{
	(void)data;
	pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(map));
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), NULL);
}

/* A private fontconfig configuration: the system set-up plus ocoplabel's aliases, without touching the
 * process-wide default. A clone takes a reference to its origin's (read by any thread once built; loading
 * one again took 3 ms, most of a worker's set-up). */
static int load_config(ocop_renderer *r, const ocop_renderer *from)
{
	if (from) {
		r->fc = FcConfigReference(from->fc);
		return 0;
	}
	r->fc = FcInitLoadConfig();
	if (!r->fc)
		return ocop_set_error(OCOP_EFONT, "fontconfig could not be initialised");
	char *conf = fonts_conf_path();
	if (g_file_test(conf, G_FILE_TEST_IS_REGULAR))
		FcConfigParseAndLoad(r->fc, (const FcChar8 *)conf, FcFalse);
	g_free(conf);
	if (!FcConfigBuildFonts(r->fc))
		return ocop_set_error(OCOP_EFONT, "fontconfig could not load the installed fonts");
	return 0;
}

int ocop_fonts_setup(ocop_renderer *r, const ocop_renderer *from)
{
	/* The map first: pango 1.50's first map starts loading fontconfig's default set-up on a thread of its own,
	 * and its first lookup waits for that even with a set-up of ours; begun before ours is loaded, the two
	 * load side by side (the first renderer waited 3 ms for it) */
	r->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!r->fontmap)
		return ocop_set_error(OCOP_EFONT, "pango has no FreeType font map");
	int err = load_config(r, from);
	if (err < 0)
		return err;
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(r->fontmap), r->fc);
	g_object_weak_ref(G_OBJECT(r->fontmap), fontmap_unused, NULL);
	r->pctx = pango_font_map_create_context(r->fontmap);
	/* User space is millimetres: 25.4 units per inch makes font sizes true points.
	 * No hinting, unrounded positions: the same layout for PDF and every DPI. */
	pango_cairo_context_set_resolution(r->pctx, 25.4);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(r->pctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(r->pctx, FALSE);
	pango_context_set_language(r->pctx, pango_language_from_string("vi"));

	if (from)
		return 0; /* (its origin warned of missing fonts) */
	check_font(r, r->t->font);
	check_font(r, r->t->mono_font);
	for (size_t i = 0; i < r->t->n_elems; i++)
		if (r->t->elems[i].font)
			check_font(r, r->t->elems[i].font);
	return 0;
}

void ocop_fonts_release(ocop_renderer *r)
{
	/* the layouts and glyph caches made from the context are gone (ocop_layout_release) */
	if (r->pctx)
		g_object_unref(r->pctx);
	if (r->fontmap)
		g_object_unref(r->fontmap); /* its FcConfig: fontmap_unused, now or in pango's last thread */
	if (r->fc)
		FcConfigDestroy(r->fc);
	r->pctx = NULL;
	r->fontmap = NULL;
	r->fc = NULL;
}

PangoLayout *ocop_font_layout(ocop_renderer *r, const char *family, bool bold, double size_pt)
{
	PangoLayout *l = pango_layout_new(r->pctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE + 0.5));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	return l;
}

void ocop_font_set_size(PangoLayout *l, double size_pt)
{
	PangoFontDescription *fd = pango_font_description_copy(pango_layout_get_font_description(l));
	pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE + 0.5));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

double ocop_cap_height_mm(ocop_renderer *r, const char *family, bool bold)
{
	PangoLayout *l = pango_layout_new(r->pctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(fd, 100 * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, "H", -1);
	PangoRectangle ink;
	pango_layout_get_extents(l, &ink, NULL);
	g_object_unref(l);
	return (double)ink.height / PANGO_SCALE / 100;
}
