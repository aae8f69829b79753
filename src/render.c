/* ocoplabel — layout and drawing of one label with cairo and pango, and the renderer handle. */
#include "internal.h"
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#define OCOP_MAX_LOGO_BYTES (8 * 1024 * 1024)
#define OCOP_MAX_LOGO_PIXELS (4096 * 4096)
#define OCOP_MIN_DPI 72
#define OCOP_MAX_DPI 2400

struct ocop_renderer {
	const ocop_template *t;
	ocop_render_options opts;
	char *logo_path;
	cairo_surface_t *logo_png;
	RsvgHandle *logo_svg;
	FcConfig *fc;
	PangoFontMap *fontmap;
	PangoContext *pctx;
	ocop_diags *diags;
	GHashTable *warned;  /* keys of warnings already given, so each is given once */
	/* the last QR encoded: checking a record and drawing it encode once */
	char *qr_url;
	int qr_ec;
	ocop_qr qr;
	struct elem_cache *ec; /* per template element, same index */
	double vector_dpi;     /* the printer grid that PDF and SVG codes are placed on */
};
/* A cairo user font whose glyphs are filled outlines: in PDF it becomes a
 * Type 3 font, so each outline is written once per document and each use is a
 * glyph in a text string. (cairo 1.16 cannot reuse a form XObject: every use
 * adds a duplicate key to the page's resources.) Font units are mm at size 1;
 * glyph indices are small integers chosen by the user. Owned by its font
 * face, so a PDF still open can draw them after the renderer dropped them. */
#define PATH_GLYPHS 128
#define PATH_GLYPH_PARTS 3
typedef struct path_font {
	double pad;           /* mm around a glyph's origin that holds its outline */
	bool have[PATH_GLYPHS];
	double adv[PATH_GLYPHS];
	cairo_path_t *path[PATH_GLYPHS][PATH_GLYPH_PARTS]; /* filled one by one (nonzero) */
} path_font;

/* The human-readable digits of an EAN element at one module size. */
typedef struct ean_digits {
	double X;             /* module size (mm) this was made for */
	double em, digit_top, digit_h;
	double baseline;      /* mm below the layout's top: the glyphs' origin */
	path_font *pf;        /* glyph = ASCII code; owned by face */
	cairo_font_face_t *face;
} ean_digits;

#define TEXT_CACHE_MAX 256 /* laid-out texts kept per element */

typedef struct elem_cache {
	ean_digits *ean[2];   /* [0] vector, [1] raster (module sizes differ) */
	/* MARK badge, STARS row: one glyph per star count (PDF) */
	path_font *sym;
	cairo_font_face_t *sym_face;
	/* MARK badge: the word, laid out once */
	PangoLayout *word;
	double word_x, word_y;
	GHashTable *texts;    /* TEXT: expanded text + no-break ranges -> PangoLayout at its fitted size */
} elem_cache;

static void ean_digits_free(ean_digits *g)
{
	if (!g)
		return;
	if (g->face)
		cairo_font_face_destroy(g->face);
	g_free(g);
}


typedef struct draw {
	ocop_renderer *r;
	cairo_t *cr;
	const ocop_record *rec;
	const char *url;
	double px_per_mm; /* > 0 for raster output: symbols snap to whole pixels */
	double grid;      /* dots per mm of the printer grid that code edges sit on (raster: px_per_mm) */
} draw;

/* Dots per mm of the grid that code edges sit on: the raster's (px_per_mm > 0), else the printer's of vector output. */
static double grid_of(const ocop_renderer *r, double px_per_mm)
{
	return px_per_mm > 0 ? px_per_mm : r->vector_dpi / 25.4;
}

static void warn_once(ocop_renderer *r, const char *field, const char *msg)
{
	char *key = g_strconcat(field, "\n", msg, NULL);
	if (g_hash_table_contains(r->warned, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(r->warned, key);
	ocop_diags_add(r->diags, OCOP_SEVERITY_WARNING, field, "%s", msg);
}

void ocop_renderer_warn(ocop_renderer *r, const char *field, const char *msg) { warn_once(r, field, msg); }

/* ---- fonts ---- */

static const char *font_package(const char *family)
{
	if (g_ascii_strncasecmp(family, "Noto", 4) == 0)
		return "fonts-noto-core";
	if (g_ascii_strncasecmp(family, "OCR", 3) == 0)
		return "fonts-ocr-b";
	if (g_ascii_strncasecmp(family, "DejaVu", 6) == 0)
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
		char *msg = g_strdup_printf("font '%s' is not installed; using '%s' instead%s%s%s", family,
		                            m && got ? (const char *)got : "a fallback",
		                            pkg ? " (install the Debian package " : "", pkg ? pkg : "", pkg ? ")" : "");
		warn_once(r, "font", msg);
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
	return g_strdup_printf("%s/fonts/ocoplabel.conf", ocop_datadir());
}

static int setup_fonts(ocop_renderer *r)
{
	/* A private fontconfig configuration per renderer: the system set-up plus
	 * ocoplabel's aliases, without touching the process-wide default. */
	r->fc = FcInitLoadConfig();
	if (!r->fc)
		return ocop_set_error(OCOP_EFONT, "fontconfig could not be initialised");
	char *conf = fonts_conf_path();
	if (g_file_test(conf, G_FILE_TEST_IS_REGULAR))
		FcConfigParseAndLoad(r->fc, (const FcChar8 *)conf, FcFalse);
	g_free(conf);
	if (!FcConfigBuildFonts(r->fc))
		return ocop_set_error(OCOP_EFONT, "fontconfig could not load the installed fonts");
	r->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!r->fontmap)
		return ocop_set_error(OCOP_EFONT, "pango has no FreeType font map");
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(r->fontmap), r->fc);
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

	check_font(r, r->t->font);
	check_font(r, r->t->mono_font);
	for (size_t i = 0; i < r->t->n_elems; i++)
		if (r->t->elems[i].font)
			check_font(r, r->t->elems[i].font);
	return 0;
}

/* ---- template checks that need fonts and options ---- */

static int ean_module(const ocop_renderer *r, const ocop_elem *e, int n, double px_per_mm, double *out);

/* Height of a capital letter of the font at 1 pt, in mm. */
static double cap_height_mm(ocop_renderer *r, const char *family, bool bold)
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

/* Mandatory text keeps letters of 1.2 mm (Decree 43/2017 for food); EAN-13
 * modules within the GS1 range for this output. */
static int check_template(ocop_renderer *r)
{
	const ocop_template *t = r->t;
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_elem *e = &t->elems[i];
		if (e->kind == OCOP_ELEM_TEXT && e->mandatory) {
			double cap = cap_height_mm(r, e->font ? e->font : t->font, e->bold);
			if (cap > 0 && e->min_size * cap < 1.2 - 1e-6)
				return ocop_set_error(OCOP_EINVAL, "%s: [element %s] min_size %g pt gives capital letters %.2f mm high; "
				                      "mandatory text needs at least 1.2 mm (Decree 43/2017), so min_size %.1f pt or more",
				                      t->path, e->id, e->min_size, e->min_size * cap, ceil(1.2 / cap * 10) / 10);
		}
		if (e->kind == OCOP_ELEM_EAN) {
			double X;
			int err = ean_module(r, e, 113, grid_of(r, r->opts.format == OCOP_FORMAT_PNG ? r->opts.dpi / 25.4 : 0), &X);
			if (err < 0) {
				char *m = g_strdup(ocop_error_last());
				err = ocop_set_error(OCOP_EINVAL, "%s: [element %s] %s", t->path, e->id, strchr(m, ':') ? strchr(m, ':') + 2 : m);
				g_free(m);
				return err;
			}
		}
	}
	return 0;
}

/* ---- logo ---- */

static int load_logo(ocop_renderer *r, const char *path)
{
	GError *ge = NULL;
	char *data = NULL;
	gsize len = 0;
	int err = 0;
	/* the size is checked before anything is read */
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > OCOP_MAX_LOGO_BYTES)
		return ocop_set_error(OCOP_ELIMIT, "logo %s: %lld bytes; at most %d are allowed", path, (long long)st.st_size,
		                      OCOP_MAX_LOGO_BYTES);
	if (!g_file_get_contents(path, &data, &len, &ge)) {
		err = ocop_set_error(ge->code == G_FILE_ERROR_NOENT ? OCOP_ENOENT : OCOP_EIO, "logo %s: %s", path, ge->message);
		g_error_free(ge);
		return err;
	}
	if (len > OCOP_MAX_LOGO_BYTES) {
		err = ocop_set_error(OCOP_ELIMIT, "logo %s: %zu bytes; at most %d are allowed", path, (size_t)len, OCOP_MAX_LOGO_BYTES);
	} else if (len >= 24 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	           ((guint32)(guchar)data[16] << 24 | (guint32)(guchar)data[17] << 16 | (guint32)(guchar)data[18] << 8 |
	            (guchar)data[19]) * (guint64)((guint32)(guchar)data[20] << 24 | (guint32)(guchar)data[21] << 16 |
	                                          (guint32)(guchar)data[22] << 8 | (guchar)data[23]) > OCOP_MAX_LOGO_PIXELS) {
		/* the IHDR's width x height, before the image is decoded into memory */
		err = ocop_set_error(OCOP_ELIMIT, "logo %s: the image has more than %d pixels; scale it down", path, OCOP_MAX_LOGO_PIXELS);
	} else if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		r->logo_png = cairo_image_surface_create_from_png(path);
		if (cairo_surface_status(r->logo_png) != CAIRO_STATUS_SUCCESS) {
			err = ocop_set_error(OCOP_EPARSE, "logo %s: not a readable PNG image (%s)", path,
			                     cairo_status_to_string(cairo_surface_status(r->logo_png)));
			cairo_surface_destroy(r->logo_png);
			r->logo_png = NULL;
		}
	} else if (len > 0 && g_strstr_len(data, (gssize)MIN(len, 4096), "<svg")) {
		r->logo_svg = rsvg_handle_new_from_data((const guint8 *)data, len, &ge);
		if (!r->logo_svg) {
			err = ocop_set_error(OCOP_EPARSE, "logo %s: not a readable SVG image (%s)", path, ge ? ge->message : "?");
			if (ge)
				g_error_free(ge);
		}
	} else {
		err = ocop_set_error(OCOP_EPARSE, "logo %s: not a PNG or SVG image", path);
	}
	g_free(data);
	return err;
}

/* ---- renderer ---- */

void ocop_renderer_free(ocop_renderer *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->ec && i < r->t->n_elems; i++) {
		ean_digits_free(r->ec[i].ean[0]);
		ean_digits_free(r->ec[i].ean[1]);
		if (r->ec[i].sym_face)
			cairo_font_face_destroy(r->ec[i].sym_face);
		if (r->ec[i].word)
			g_object_unref(r->ec[i].word);
		if (r->ec[i].texts)
			g_hash_table_destroy(r->ec[i].texts);
	}
	g_free(r->ec);
	if (r->pctx)
		g_object_unref(r->pctx);
	if (r->fontmap) {
		/* pango 1.50 never drops the reference to the FcConfig that set_config
		 * took, so each renderer would leak its whole font set (about 300 KB);
		 * setting NULL gives it back, and is harmless where pango does drop it */
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(r->fontmap), NULL);
		g_object_unref(r->fontmap);
	}
	if (r->fc)
		FcConfigDestroy(r->fc);
	if (r->logo_png)
		cairo_surface_destroy(r->logo_png);
	if (r->logo_svg)
		g_object_unref(r->logo_svg);
	g_free(r->logo_path);
	g_free(r->qr_url);
	ocop_qr_release(&r->qr);
	g_free((char *)r->opts.today);
	g_free((char *)r->opts.resolver);
	ocop_diags_free(r->diags);
	if (r->warned)
		g_hash_table_destroy(r->warned);
	g_free(r);
}

int ocop_renderer_new(ocop_renderer **out, const ocop_template *t, const ocop_render_options *opts)
{
	if (!out || !t)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_new: NULL argument");
	*out = NULL;
	ocop_render_options defaults = OCOP_RENDER_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != OCOP_RENDER_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_render_options: unknown version %d", opts->version);
	if (opts->dpi != 0 && (opts->dpi < OCOP_MIN_DPI || opts->dpi > OCOP_MAX_DPI || !isfinite(opts->dpi)))
		return ocop_set_error(OCOP_EINVAL, "dpi: %g is out of range (%d to %d)", opts->dpi, OCOP_MIN_DPI, OCOP_MAX_DPI);
	if (opts->format < OCOP_FORMAT_AUTO || opts->format > OCOP_FORMAT_SVG)
		return ocop_set_error(OCOP_EINVAL, "unknown output format %d", (int)opts->format);
	if (opts->qr_ec < -1 || opts->qr_ec > 3)
		return ocop_set_error(OCOP_EINVAL, "qr_ec: %d is not a QR error correction level (0 L, 1 M, 2 Q, 3 H)", opts->qr_ec);
	if (opts->qr_min_module != 0 && !(opts->qr_min_module >= 0.1 && opts->qr_min_module <= 5))
		return ocop_set_error(OCOP_EINVAL, "qr_min_module: %g mm is out of range (0.1 to 5)", opts->qr_min_module);
	if (opts->bwr >= 0 && (opts->bwr_percent ? opts->bwr > 50 : opts->bwr > 0.2))
		return ocop_set_error(OCOP_EINVAL, "bwr: %g%s is out of range (0 to 0.2 mm, or 0 to 50 %%)", opts->bwr,
		                      opts->bwr_percent ? " %" : " mm");
	ocop_renderer *r = g_new0(ocop_renderer, 1);
	r->t = t;
	r->ec = g_new0(elem_cache, t->n_elems ? t->n_elems : 1);
	r->opts = *opts;
	r->opts.logo = NULL;
	r->opts.today = NULL;
	r->opts.resolver = NULL;
	/* PDF and SVG are made for one printer's dot grid: the dpi option, else
	 * 203 dpi, the coarsest printers (thermal ones): an EAN module of whole
	 * 203-dpi dots is at least 3 dots wide at 300 dpi and 5 at 600, so
	 * finer printers print it within half of their dot */
	r->vector_dpi = r->opts.dpi != 0 ? r->opts.dpi : 203;
	if (r->opts.dpi == 0)
		r->opts.dpi = 300;
	r->diags = ocop_diags_alloc();
	r->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int err = 0;
	if (opts->today) {
		GDate d;
		if (!ocop_parse_date(opts->today, &d)) {
			err = ocop_set_error(OCOP_EINVAL, "today: '%s' is not a date (yyyy-mm-dd)", opts->today);
			goto done;
		}
		r->opts.today = g_strdup_printf("%04u-%02u-%02u", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
	}
	if (opts->resolver && *opts->resolver) {
		char *chk = NULL;
		if ((err = ocop_trace_check_url(&chk, opts->resolver)) < 0) {
			char *m = g_strdup(ocop_error_last());
			err = ocop_set_error(OCOP_EINVAL, "resolver: %s", m);
			g_free(m);
			goto done;
		}
		g_free(chk);
		r->opts.resolver = g_strdup(opts->resolver);
	}
	if ((err = setup_fonts(r)) < 0)
		goto done;
	if ((err = check_template(r)) < 0)
		goto done;
	const char *logo = opts->logo;
	for (size_t i = 0; !logo && i < t->n_elems; i++)
		if (t->elems[i].kind == OCOP_ELEM_MARK && t->elems[i].image)
			logo = t->elems[i].image;
	if (logo && (err = load_logo(r, logo)) < 0)
		goto done;
	r->logo_path = g_strdup(logo);
done:
	if (err < 0) {
		ocop_renderer_free(r);
		return err;
	}
	*out = r;
	return 0;
}

const ocop_diags *ocop_renderer_diags(const ocop_renderer *r) { return r ? r->diags : NULL; }

int ocop_renderer_clone(ocop_renderer **out, const ocop_renderer *r)
{
	ocop_render_options o = r->opts;
	o.logo = r->logo_path;
	int err = ocop_renderer_new(out, r->t, &o);
	if (err == 0)
		(*out)->vector_dpi = r->vector_dpi; /* (o.dpi is no longer 0 when it was not given) */
	return err;
}

void ocop_renderer_merge_warnings(ocop_renderer *dst, const ocop_renderer *src)
{
	for (size_t i = 0; i < ocop_diags_count(src->diags); i++) {
		const ocop_diag *x = ocop_diags_get(src->diags, i);
		if (x->severity == OCOP_SEVERITY_WARNING)
			warn_once(dst, x->field, x->message);
	}
}

/* ---- drawing ---- */

static PangoLayout *make_layout(draw *d, const char *family, bool bold, double size_pt)
{
	PangoLayout *l = pango_layout_new(d->r->pctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE + 0.5));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	return l;
}

static void set_size(PangoLayout *l, double size_pt)
{
	PangoFontDescription *fd = pango_font_description_copy(pango_layout_get_font_description(l));
	pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE + 0.5));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

/* Whether the laid-out text fits w x h (mm) without breaking inside a word. */
static bool fits(PangoLayout *l, double w, double h)
{
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	return log.height <= h * PANGO_SCALE + 1 && log.width <= w * PANGO_SCALE + 1 &&
	       ink.x >= -PANGO_SCALE / 4 && ink.x + ink.width <= (w + 0.25) * PANGO_SCALE;
}

/* A copy of l at size tenths/10 pt, laid out, and whether it fits e's box. */
static PangoLayout *layout_at(PangoLayout *l, const ocop_elem *e, int tenths, bool *ok)
{
	PangoLayout *c = pango_layout_copy(l);
	set_size(c, tenths / 10.0);
	*ok = fits(c, e->w, e->h);
	return c;
}

/* The largest size in 0.1 pt steps between min_size and size that fits, for a
 * layout l at e->size that does not: the same answer as a bisection over the
 * whole range (fitting is monotonic in the size), from far fewer layouts.
 * Text without hinting scales linearly with its size, so the first guess
 * comes from l's extents: exact for unwrapped text (and the next size up is
 * then known not to fit without laying it out), a line-count prediction for
 * wrapped text; then steps of 1, 2, 4 ... tenths from the guess bracket the
 * answer and a bisection inside the bracket settles it. About 2.5 layouts
 * per shrunk text instead of 7-8.
 * Returns the layout at that size (*tenths) or NULL (*tenths = -1). */
static PangoLayout *fit_size(PangoLayout *l, const ocop_elem *e, int *tenths)
{
	int lo = (int)lround(e->min_size * 10), hi = (int)lround(e->size * 10) - 1;
	*tenths = -1;
	if (lo > hi)
		return NULL;
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	double k = 1;
	if (ink.x + ink.width > 0)
		k = MIN(k, (e->w + 0.25) * PANGO_SCALE / (ink.x + ink.width));
	int guess, known_bad = hi + 1;
	if (!e->wrap || pango_layout_get_line_count(l) <= 0) {
		if (log.width > 0)
			k = MIN(k, (e->w * PANGO_SCALE + 1) / log.width);
		if (log.height > 0)
			k = MIN(k, (e->h * PANGO_SCALE + 1) / log.height);
		guess = (int)floor(e->size * 10 * k);
		/* Extents scale with the size up to rounding of each glyph's position
		 * to a Pango unit: when one step up overshoots a limit by more than
		 * that, it cannot fit and need not be laid out. */
		double up = (guess + 1) / (e->size * 10);
		double wslack = pango_layout_get_character_count(l) / 2.0 + 8, hslack = 2.0 * pango_layout_get_line_count(l) + 4;
		if (log.width * up > e->w * PANGO_SCALE + 1 + wslack || log.height * up > e->h * PANGO_SCALE + 1 + hslack ||
		    (ink.x + ink.width) * up > (e->w + 0.25) * PANGO_SCALE + wslack)
			known_bad = guess + 1;
	} else {
		/* Wrapped: each paragraph's width at full size (the sum of its lines)
		 * predicts its line count at a smaller size; the guess is the largest
		 * size whose predicted lines fit the height (optimistic: words do not
		 * fill lines exactly). */
		double par[64], lh = (double)log.height / pango_layout_get_line_count(l);
		int n_par = 0;
		for (GSList *it = pango_layout_get_lines_readonly(l); it; it = it->next) {
			PangoLayoutLine *line = it->data;
			PangoRectangle lr;
			pango_layout_line_get_extents(line, NULL, &lr);
			if ((line->is_paragraph_start || n_par == 0) && n_par < (int)G_N_ELEMENTS(par))
				par[n_par++] = 0;
			par[n_par - 1] += lr.width;
		}
		guess = lo;
		for (int t = (int)floor(e->size * 10 * k); t >= lo; t--) {
			double kt = t / (e->size * 10);
			int lines = 0;
			for (int i = 0; i < n_par; i++)
				lines += MAX(1, (int)ceil(kt * par[i] / (e->w * PANGO_SCALE)));
			if (kt * lh * lines <= e->h * PANGO_SCALE + 1) {
				guess = t;
				break;
			}
		}
	}
	guess = CLAMP(guess, lo, hi);
	bool ok;
	PangoLayout *best = NULL, *c = layout_at(l, e, guess, &ok);
	/* [good, bad): good fits (or is lo - 1), bad does not (or is hi + 1) */
	int good, bad;
	if (ok) {
		best = c;
		good = guess;
		bad = MIN(known_bad, hi + 1);
		for (int step = 1; good + step < bad; step *= 2) {
			c = layout_at(l, e, good + step, &ok);
			if (!ok) {
				bad = good + step;
				g_object_unref(c);
				break;
			}
			g_object_unref(best);
			best = c;
			good += step;
		}
	} else {
		g_object_unref(c);
		bad = guess;
		good = lo - 1;
		for (int step = 1; bad - step >= lo; step *= 2) {
			c = layout_at(l, e, bad - step, &ok);
			if (ok) {
				good = bad - step;
				best = c;
				break;
			}
			g_object_unref(c);
			bad -= step;
		}
	}
	while (bad - good > 1) {
		int mid = good + (bad - good) / 2;
		c = layout_at(l, e, mid, &ok);
		if (ok) {
			if (best)
				g_object_unref(best);
			best = c;
			good = mid;
		} else {
			g_object_unref(c);
			bad = mid;
		}
	}
	*tenths = best ? good : -1;
	return best;
}

/* A text element laid out and placed, ready to draw (NULL layout: nothing to print). */
typedef struct planned_text {
	PangoLayout *l;
	double x, y;
} planned_text;

/* Text laid out in e's box at the largest size in 0.1 pt steps that fits. A
 * mandatory text that does not fit at its smallest size is an error
 * (OCOP_EINVALID, "ELEMENT: message", *out NULL); other texts are shortened
 * with a warning. */
static int text_layout(draw *d, const ocop_elem *e, const char *text, GArray *nobreak, PangoLayout **out)
{
	*out = NULL;
	const char *family = e->font ? e->font : d->r->t->font;
	PangoLayout *l = make_layout(d, family, e->bold, e->size);
	pango_layout_set_text(l, text, -1);
	if (nobreak->len) {
		PangoAttrList *al = pango_attr_list_new();
		for (guint i = 0; i + 1 < nobreak->len; i += 2) {
			PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
			a->start_index = (guint)g_array_index(nobreak, int, i);
			a->end_index = (guint)g_array_index(nobreak, int, i + 1);
			pango_attr_list_insert(al, a);
		}
		pango_layout_set_attributes(l, al);
		pango_attr_list_unref(al);
	}
	if (e->wrap) {
		pango_layout_set_width(l, (int)(e->w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	}
	pango_layout_set_alignment(l, e->align < 0 ? PANGO_ALIGN_LEFT : e->align > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
	/* Largest size in 0.1 pt steps that fits, between min_size and size. */
	if (!fits(l, e->w, e->h)) {
		int best;
		PangoLayout *f = fit_size(l, e, &best);
		if (f) {
			g_object_unref(l);
			l = f;
		} else {
			/* Even the smallest size does not fit whole words: allow breaks
			 * between characters, and shorten with an ellipsis as a last resort. */
			set_size(l, e->min_size);
			pango_layout_set_width(l, (int)(e->w * PANGO_SCALE));
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
			if (!fits(l, e->w, e->h)) {
				if (e->mandatory) {
					g_object_unref(l);
					/* named by the field whose value makes it long, on one line */
					char *field = d->rec ? ocop_text_blame(e->text, d->rec, d->url) : NULL;
					char *shown = ocop_text_oneline(text, 120);
					int err = ocop_set_error(OCOP_EINVALID, "%s: the text '%s' does not fit its %gx%g mm box even at %g pt, "
					                         "the smallest size of this element (mandatory text must keep letters of "
					                         "at least 1.2 mm); shorten it or use a larger label", field ? field : e->id,
					                         shown, e->w, e->h, e->min_size);
					g_free(field);
					g_free(shown);
					return err;
				}
				pango_layout_set_height(l, (int)(e->h * PANGO_SCALE));
				pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
				char *shown = ocop_text_oneline(text, 120);
				char *msg = g_strdup_printf("text '%s' does not fit its %gx%g mm box even at %g pt; it was shortened",
				                            shown, e->w, e->h, e->min_size);
				g_free(shown);
				warn_once(d->r, e->id, msg);
				g_free(msg);
			}
		}
	}
	*out = l;
	return 0;
}

/* Lays out text element e (text_layout), or takes the layout from the
 * element's cache: the same text in the same box lays out the same, and
 * producers, addresses and names repeat across a product file. */
static int plan_text(draw *d, const ocop_elem *e, planned_text *pt)
{
	pt->l = NULL;
	GArray *nobreak = g_array_new(FALSE, FALSE, sizeof(int));
	char *text = ocop_expand(e->text, d->rec, d->url, nobreak);
	if (!*text) {
		g_array_free(nobreak, TRUE);
		g_free(text);
		return 0;
	}
	elem_cache *c = &d->r->ec[e - d->r->t->elems];
	GString *key = g_string_new(text);
	for (guint i = 0; i < nobreak->len; i++)
		g_string_append_printf(key, "\x1f%d", g_array_index(nobreak, int, i));
	PangoLayout *l = c->texts ? g_hash_table_lookup(c->texts, key->str) : NULL;
	int err = 0;
	if (l) {
		g_object_ref(l);
		g_string_free(key, TRUE);
	} else if ((err = text_layout(d, e, text, nobreak, &l)) == 0) {
		if (!c->texts)
			c->texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
		if (g_hash_table_size(c->texts) >= TEXT_CACHE_MAX)
			g_hash_table_remove_all(c->texts);
		g_hash_table_insert(c->texts, g_string_free(key, FALSE), g_object_ref(l));
	} else {
		g_string_free(key, TRUE);
	}
	g_array_free(nobreak, TRUE);
	g_free(text);
	if (err < 0)
		return err;
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	double th = (double)log.height / PANGO_SCALE;
	double y = e->y, x = e->x;
	if (pango_layout_get_width(l) < 0) {
		/* unwrapped: align the block ourselves */
		double tw = (double)log.width / PANGO_SCALE;
		x += e->align < 0 ? 0 : e->align > 0 ? e->w - tw : (e->w - tw) / 2;
		x -= (double)log.x / PANGO_SCALE;
	}
	if (e->valign == 0)
		y += (e->h - th) / 2;
	else if (e->valign > 0)
		y += e->h - th;
	pt->l = l;
	pt->x = x;
	pt->y = y;
	return 0;
}

static void draw_text(draw *d, const ocop_elem *e, const planned_text *pt)
{
	if (!pt->l)
		return;
	cairo_save(d->cr);
	bool mono = d->r->opts.mono && d->px_per_mm > 0;
	double room = mono ? OCOP_MONO_MARK_SHIFT / d->px_per_mm : 0; /* marks moved apart may leave the box a little */
	cairo_rectangle(d->cr, e->x, e->y - room, e->w, e->h + 2 * room);
	cairo_clip(d->cr);
	cairo_move_to(d->cr, pt->x, pt->y);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	if (mono)
		ocop_mono_show_layout(d->cr, pt->l); /* marks kept apart in black and white */
	else
		pango_cairo_show_layout(d->cr, pt->l);
	cairo_restore(d->cr);
}

static const cairo_user_data_key_t path_font_key;

static void path_font_free(void *p)
{
	path_font *pf = p;
	for (int i = 0; i < PATH_GLYPHS; i++)
		for (int k = 0; k < PATH_GLYPH_PARTS; k++)
			if (pf->path[i][k])
				cairo_path_destroy(pf->path[i][k]);
	g_free(pf);
}

static cairo_status_t path_font_render(cairo_scaled_font_t *sf, unsigned long glyph, cairo_t *cr, cairo_text_extents_t *ext)
{
	path_font *pf = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &path_font_key);
	if (pf && glyph < PATH_GLYPHS && pf->have[glyph]) {
		for (int k = 0; k < PATH_GLYPH_PARTS && pf->path[glyph][k]; k++) {
			cairo_append_path(cr, pf->path[glyph][k]);
			cairo_fill(cr);
		}
		ext->x_advance = pf->adv[glyph];
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Font extents that hold every glyph: cairo's PDF surface clips glyphs to
 * extents estimated from them (the defaults, one unit up and none down, cut
 * the outlines). */
static cairo_status_t path_font_init(cairo_scaled_font_t *sf, cairo_t *cr, cairo_font_extents_t *ext)
{
	(void)cr;
	path_font *pf = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &path_font_key);
	double pad = pf ? pf->pad : 1;
	ext->ascent = pad;
	ext->descent = pad;
	ext->height = 2 * pad;
	ext->max_x_advance = pad;
	ext->max_y_advance = 0;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_font_face_t *path_font_new(double pad, path_font **out)
{
	path_font *pf = g_new0(path_font, 1);
	pf->pad = pad;
	cairo_font_face_t *face = cairo_user_font_face_create();
	cairo_user_font_face_set_init_func(face, path_font_init);
	cairo_user_font_face_set_render_glyph_func(face, path_font_render);
	if (cairo_font_face_set_user_data(face, &path_font_key, pf, path_font_free) != CAIRO_STATUS_SUCCESS)
		path_font_free(pf); /* out of memory: the face is in error and draws nothing */
	*out = pf;
	return face;
}

/* A context whose path, taken with path_take(), is in mm relative to (x0, y0),
 * through a fine scale so that cairo's fixed-point coordinates lose nothing. */
static cairo_t *path_begin(double x0, double y0)
{
	cairo_surface_t *tmp = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(tmp);
	cairo_surface_destroy(tmp);
	cairo_scale(cr, 1024, 1024);
	cairo_translate(cr, -x0, -y0);
	return cr;
}

static cairo_path_t *path_take(cairo_t *cr)
{
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	cairo_identity_matrix(cr);
	cairo_scale(cr, 1024, 1024);
	cairo_path_t *p = cairo_copy_path(cr);
	cairo_new_path(cr);
	cairo_set_matrix(cr, &m);
	return p;
}

/* Shows glyphs of a path font (utf8: the text they stand for, or NULL). */
static void path_font_show(cairo_t *cr, cairo_font_face_t *face, const cairo_glyph_t *g, int n, const char *utf8)
{
	cairo_save(cr);
	cairo_set_font_face(cr, face);
	cairo_set_font_size(cr, 1); /* font units: mm */
	cairo_text_cluster_t cl[64];
	if (utf8 && n == 1) {
		cl[0] = (cairo_text_cluster_t){ (int)strlen(utf8), 1 };
		cairo_show_text_glyphs(cr, utf8, -1, g, 1, cl, 1, 0);
	} else if (utf8 && (int)strlen(utf8) == n && n <= (int)G_N_ELEMENTS(cl)) {
		for (int i = 0; i < n; i++)
			cl[i] = (cairo_text_cluster_t){ 1, 1 }; /* one byte, one glyph */
		cairo_show_text_glyphs(cr, utf8, n, g, n, cl, n, 0);
	} else {
		cairo_show_glyphs(cr, g, n);
	}
	cairo_restore(cr);
}

/* Vector output: a PDF page, or a recording of a label that a PDF document
 * places (the only recordings ocoplabel makes). */
static bool target_is_pdf(cairo_t *cr)
{
	cairo_surface_type_t t = cairo_surface_get_type(cairo_get_target(cr));
	return t == CAIRO_SURFACE_TYPE_PDF || t == CAIRO_SURFACE_TYPE_RECORDING;
}

static void star_path(cairo_t *cr, double cx, double cy, double radius)
{
	for (int i = 0; i < 10; i++) {
		double a = -G_PI / 2 + i * G_PI / 5;
		double rr = (i % 2) ? radius * 0.382 : radius;
		double x = cx + rr * cos(a), y = cy + rr * sin(a);
		if (i == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_close_path(cr);
}

static int record_stars(const ocop_record *rec)
{
	const char *s = ocop_record_get(rec, "stars");
	return s ? atoi(s) : 0;
}

/* A row of n stars centred in (x,y,w,h), each as large as fits with a 20 % gap (path only). */
static void star_row_path(cairo_t *cr, int n, double x, double y, double w, double h, int align)
{
	if (n <= 0)
		return;
	double pitch = MIN(h * 1.05, w / n);
	double radius = pitch / 2 / 1.1;
	double total = pitch * n;
	double x0 = align < 0 ? x : align > 0 ? x + w - total : x + (w - total) / 2;
	for (int i = 0; i < n; i++)
		star_path(cr, x0 + pitch * (i + 0.5), y + h / 2 + radius * 0.1, radius);
}

typedef struct badge {
	double side, cx, cy, rad, ring;
	double sw, sh;        /* star row size */
} badge;

static badge badge_geometry(const ocop_elem *e)
{
	badge b;
	b.side = MIN(e->w, e->h);
	b.cx = e->x + e->w / 2;
	b.cy = e->y + e->h / 2;
	b.rad = b.side / 2;
	b.ring = MAX(b.side * 0.06, 0.2);
	b.sw = b.side * 0.62;
	b.sh = b.side * 0.17;
	return b;
}

/* The word OCOP of the badge, scaled to 66 % of the diameter, laid out once
 * per element: its layout and where its top-left goes. */
static PangoLayout *badge_word(draw *d, const ocop_elem *e, double *x, double *y)
{
	elem_cache *c = &d->r->ec[e - d->r->t->elems];
	if (!c->word) {
		badge b = badge_geometry(e);
		PangoLayout *l = make_layout(d, d->r->t->font, true, 10);
		pango_layout_set_text(l, "OCOP", -1);
		PangoRectangle ink;
		pango_layout_get_extents(l, &ink, NULL);
		double want_w = b.side * 0.66;
		double k = want_w / ((double)ink.width / PANGO_SCALE);
		set_size(l, 10 * k);
		pango_layout_get_extents(l, &ink, NULL);
		double tw = (double)ink.width / PANGO_SCALE, th = (double)ink.height / PANGO_SCALE;
		double ty = b.cy - th * 0.85;
		c->word = l;
		c->word_x = b.cx - tw / 2 - (double)ink.x / PANGO_SCALE;
		c->word_y = ty - (double)ink.y / PANGO_SCALE;
	}
	*x = c->word_x;
	*y = c->word_y;
	return c->word;
}

/* PDF: the badge (MARK) or star row (STARS) with n stars as one glyph of the
 * element's path font, made on first use; origin at the element's corner. */
static void sym_glyph_make(draw *d, const ocop_elem *e, int n)
{
	elem_cache *c = &d->r->ec[e - d->r->t->elems];
	if (!c->sym_face)
		c->sym_face = path_font_new(e->w + e->h, &c->sym);
	if (!c->sym->have[n]) {
		cairo_t *cr = path_begin(e->x, e->y);
		int k = 0;
		if (e->kind == OCOP_ELEM_MARK) {
			badge b = badge_geometry(e);
			/* the ring as the area between two circles: a fill equal to the stroke */
			cairo_arc(cr, b.cx, b.cy, b.rad, 0, 2 * G_PI);
			cairo_new_sub_path(cr);
			cairo_arc_negative(cr, b.cx, b.cy, b.rad - b.ring, 2 * G_PI, 0);
			c->sym->path[n][k++] = path_take(cr);
			double wx, wy;
			PangoLayout *l = badge_word(d, e, &wx, &wy);
			cairo_move_to(cr, wx, wy);
			pango_cairo_layout_path(cr, l);
			c->sym->path[n][k++] = path_take(cr);
			star_row_path(cr, n, b.cx - b.sw / 2, b.cy + b.side * 0.08, b.sw, b.sh, 0);
		} else {
			star_row_path(cr, n, e->x, e->y, e->w, e->h, e->align);
		}
		c->sym->path[n][k++] = path_take(cr);
		cairo_destroy(cr);
		c->sym->adv[n] = e->w;
		c->sym->have[n] = true;
	}
}

static void draw_symbol_glyph(draw *d, const ocop_elem *e, int n)
{
	elem_cache *c = &d->r->ec[e - d->r->t->elems];
	n = CLAMP(n, 0, PATH_GLYPHS - 1);
	sym_glyph_make(d, e, n);
	cairo_glyph_t g = { (unsigned long)n, e->x, e->y };
	/* the text it stands for, for search and copy: the word, or the stars */
	char stars[PATH_GLYPHS * 3 + 1] = "";
	for (int i = 0; i < n; i++)
		strcat(stars, "\u2605");
	path_font_show(d->cr, c->sym_face, &g, 1, e->kind == OCOP_ELEM_MARK ? "OCOP" : n ? stars : NULL);
}

static void draw_mark(draw *d, const ocop_elem *e)
{
	cairo_t *cr = d->cr;
	ocop_renderer *r = d->r;
	cairo_save(cr);
	if (r->logo_png || r->logo_svg) {
		double iw, ih;
		if (r->logo_png) {
			iw = cairo_image_surface_get_width(r->logo_png);
			ih = cairo_image_surface_get_height(r->logo_png);
		} else {
			gdouble w = 0, h = 0;
			if (!rsvg_handle_get_intrinsic_size_in_pixels(r->logo_svg, &w, &h) || w <= 0 || h <= 0)
				w = h = 100;
			iw = w;
			ih = h;
		}
		double s = MIN(e->w / iw, e->h / ih);
		double ox = e->x + (e->w - iw * s) / 2, oy = e->y + (e->h - ih * s) / 2;
		if (r->logo_png) {
			cairo_translate(cr, ox, oy);
			cairo_scale(cr, s, s);
			cairo_set_source_surface(cr, r->logo_png, 0, 0);
			cairo_paint(cr);
		} else {
			RsvgRectangle vp = { ox, oy, iw * s, ih * s };
			rsvg_handle_render_document(r->logo_svg, cr, &vp, NULL);
		}
		cairo_restore(cr);
		return;
	}
	/* The built-in badge: a ring, the word OCOP and the star count. */
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (target_is_pdf(cr)) {
		draw_symbol_glyph(d, e, record_stars(d->rec));
		cairo_restore(cr);
		return;
	}
	badge b = badge_geometry(e);
	cairo_arc(cr, b.cx, b.cy, b.rad - b.ring / 2, 0, 2 * G_PI);
	cairo_set_line_width(cr, b.ring);
	cairo_stroke(cr);
	double wx, wy;
	PangoLayout *l = badge_word(d, e, &wx, &wy);
	cairo_move_to(cr, wx, wy);
	pango_cairo_show_layout(cr, l);
	/* In 1-bit output a star under 8 dots high prints as a dot: the badge
	 * then keeps its ring and word, and the stars element shows the rating. */
	if (!(d->r->opts.mono && d->px_per_mm > 0 && b.sh * d->px_per_mm < 8)) {
		star_row_path(cr, record_stars(d->rec), b.cx - b.sw / 2, b.cy + b.side * 0.08, b.sw, b.sh, 0);
		cairo_fill(cr);
	}
	cairo_restore(cr);
}

static void draw_stars(draw *d, const ocop_elem *e)
{
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	if (target_is_pdf(d->cr)) {
		if (record_stars(d->rec) > 0)
			draw_symbol_glyph(d, e, record_stars(d->rec));
	} else {
		star_row_path(d->cr, record_stars(d->rec), e->x, e->y, e->w, e->h, e->align);
		cairo_fill(d->cr);
	}
	cairo_restore(d->cr);
}

/* Rounds a length in mm to whole device pixels for raster output. */
static double snap(const draw *d, double mm)
{
	return round(mm * d->grid) / d->grid;
}

/* The QR matrix of url at ec, from the renderer's one-entry cache. */
static int qr_get(ocop_renderer *r, const char *url, int ec, const ocop_qr **out)
{
	if (!r->qr_url || r->qr_ec != ec || strcmp(r->qr_url, url) != 0) {
		g_free(r->qr_url);
		r->qr_url = NULL;
		ocop_qr_release(&r->qr);
		int err = ocop_qr_encode(&r->qr, url, ec);
		if (err < 0)
			return err;
		r->qr_url = g_strdup(url);
		r->qr_ec = ec;
	}
	*out = &r->qr;
	return 0;
}

/* Whether the QR of url fits element e with whole-dot modules at px_per_mm; the error says by how much the URL is too long. */
static int qr_check(ocop_renderer *r, const ocop_elem *e, const char *url, double px_per_mm, const ocop_qr **out)
{
	static const char ecname[] = "LMQH";
	int ec = r->opts.qr_ec >= 0 ? r->opts.qr_ec : e->qr_ec;
	double minm = r->opts.qr_min_module > 0 ? r->opts.qr_min_module : e->min_module;
	const ocop_qr *q;
	double side = MIN(e->w, e->h);
	size_t len = strlen(url);
	int err = qr_get(r, url, ec, &q);
	double m = err < 0 ? 0 : side / (q->width + 8); /* quiet zone: 4 modules each side */
	if (err < 0 || m < minm - 1e-9) {
		/* the largest version whose modules stay printable in this box */
		int max_modules = (int)floor(side / minm + 1e-9) - 8;
		int v = max_modules >= 21 ? MIN((max_modules - 17) / 4, 40) : 0;
		int cap = v ? ocop_qr_capacity(v, ec) : 0;
		if (!v)
			return ocop_set_error(OCOP_EENCODE, "the QR box of element '%s' (%g mm) is too small for any QR code with "
			                      "modules of at least %g mm", e->id, side, minm);
		return ocop_set_error(OCOP_EENCODE, "the URL is too long for this label: %zu characters, but a QR code in the "
		                      "%g mm box of element '%s' with modules of at least %g mm holds at most %d (version %d, "
		                      "error correction %c), %zu too many; shorten the URL (resolver, lot, codes), lower the "
		                      "error correction or use a larger label",
		                      len, side, e->id, minm, cap, v, ecname[ec], len > (size_t)cap ? len - (size_t)cap : 0);
	}
	/* every module a whole number of dots, still at least the minimum */
	if (floor(m * px_per_mm + 1e-9) / px_per_mm < minm - 1e-9) {
		int k = (int)floor(m * px_per_mm + 1e-9);
		return ocop_set_error(OCOP_EENCODE, "the URL (%zu characters) needs a QR code of %d modules; in the %g mm box "
		                      "of element '%s' at %g dpi that is %d dot%s (%.3f mm) per module, under the %g mm minimum "
		                      "(shorten the URL, use another resolution or a larger label)",
		                      len, q->width + 8, side, e->id, px_per_mm * 25.4, k, k == 1 ? "" : "s", k / px_per_mm, minm);
	}
	*out = q;
	return 0;
}

static int draw_qr(draw *d, const ocop_elem *e)
{
	const ocop_qr *q;
	int err = qr_check(d->r, e, d->url, d->px_per_mm, &q);
	if (err < 0)
		return err;
	int total = q->width + 8;
	double side = MIN(e->w, e->h);
	double m = side / total;
	m = floor(m * d->grid + 1e-9) / d->grid; /* whole dots, as checked */
	double x0 = snap(d, e->x + (e->w - m * total) / 2) + 4 * m;
	double y0 = snap(d, e->y + (e->h - m * total) / 2) + 4 * m;
	cairo_t *cr = d->cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (d->px_per_mm > 0) {
		/* Raster: runs of modules merged horizontally, no anti-aliasing. */
		cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
		for (int y = 0; y < q->width; y++)
			for (int x = 0; x < q->width;) {
				if (!q->dark[y * q->width + x]) {
					x++;
					continue;
				}
				int x1 = x;
				while (x1 < q->width && q->dark[y * q->width + x1])
					x1++;
				/* every edge on the pixel grid: crisp modules, exact overall size */
				double l = snap(d, x0 + x * m), r = snap(d, x0 + x1 * m);
				double t = snap(d, y0 + y * m), b = snap(d, y0 + (y + 1) * m);
				cairo_rectangle(cr, l, t, r - l, b - t);
				x = x1;
			}
		cairo_fill(cr);
	} else {
		/* Vector: a 1-bit stencil mask scaled without interpolation; in PDF this
		 * is one small /ImageMask instead of hundreds of path operators. */
		cairo_surface_t *a1 = cairo_image_surface_create(CAIRO_FORMAT_A1, q->width, q->width);
		cairo_surface_flush(a1);
		unsigned char *bits = cairo_image_surface_get_data(a1);
		int stride = cairo_image_surface_get_stride(a1);
		for (int y = 0; y < q->width; y++) {
			uint32_t *row = (uint32_t *)(bits + (size_t)y * (size_t)stride);
			for (int x = 0; x < q->width; x++)
				if (q->dark[y * q->width + x])
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
					row[x / 32] |= 1u << (x % 32);
#else
					row[x / 32] |= 1u << (31 - x % 32);
#endif
		}
		cairo_surface_mark_dirty(a1);
		cairo_translate(cr, x0, y0);
		cairo_scale(cr, m, m);
		cairo_pattern_t *p = cairo_pattern_create_for_surface(a1);
		cairo_pattern_set_filter(p, CAIRO_FILTER_NEAREST);
		cairo_mask(cr, p);
		cairo_pattern_destroy(p);
		cairo_surface_destroy(a1);
	}
	cairo_restore(cr);
	return 0;
}

#define EAN_X_NOMINAL 0.330       /* mm, GS1 100 % */
#define EAN_BAR_HEIGHT_100 22.85  /* mm, bar height at 100 % */
/* Vector bars (PDF, SVG) are drawn EAN_FILL_GAIN dots of the target grid
 * narrower than planned, 0.3 dot from each edge, their planned edges lying on
 * that grid. PostScript paints every dot a shape touches (Ghostscript, CUPS's
 * PDF rasteriser, and MuPDF do so for rectangles), so an edge just off the
 * grid gains a whole dot; 0.3 dot inside the grid line is filled as planned
 * by those and by centre-of-dot rasterisers (poppler) alike: the bars come out
 * exactly as planned at the target resolution (measured at 203 dpi: any inset
 * from 0.05 to 0.45 dot works for all three). At other resolutions the
 * reduction offsets most of the touched-dot gain. */
#define EAN_FILL_GAIN 0.6

/* The EAN module (X) for element e with n modules (quiet zones included):
 * the template's X (module or magnification) or the box width's, within
 * 80-200 % of 0.330 mm (75 % in the thermal profile); for raster output a
 * whole number of dots, the one nearest that X that is allowed and fits. */
static int ean_module(const ocop_renderer *r, const ocop_elem *e, int n, double px_per_mm, double *out)
{
	bool thermal = r->t->thermal || r->opts.thermal;
	double lo = (thermal ? 0.75 : 0.80) * EAN_X_NOMINAL, hi = 2.00 * EAN_X_NOMINAL;
	double want = e->module > 0 ? e->module : e->w / n;
	const char *range = thermal ? "75 % to 200 % (0.248 to 0.660 mm) in the thermal profile"
	                            : "80 % to 200 % (0.264 to 0.660 mm; 75 % only in the thermal profile)";
	if (want < lo - 1e-9 || want > hi + 1e-9)
		return ocop_set_error(OCOP_EENCODE, "%s: the EAN module is %.3f mm (%.0f %% of 0.330 mm)%s; GS1 allows %s", e->id,
		                      want, want / EAN_X_NOMINAL * 100, e->module > 0 ? "" : ", from the box width", range);
	if (n * want > e->w + 1e-6)
		return ocop_set_error(OCOP_EENCODE, "%s: %d modules of %.3f mm need %.2f mm with the quiet zones; the box is %g mm wide",
		                      e->id, n, want, n * want, e->w);
	int best = 0;
	for (int k = 1; k <= 64; k++) {
		double x = k / px_per_mm;
		if (x < lo - 1e-9 || x > hi + 1e-9 || n * x > e->w + 1e-6)
			continue;
		if (!best || fabs(x - want) < fabs(best / px_per_mm - want))
			best = k;
	}
	if (!best) {
		int k = (int)floor(e->w / n * px_per_mm);
		return ocop_set_error(OCOP_EENCODE, "%s: at %g dpi no whole number of dots gives an EAN module that GS1 allows and "
		                      "that fits the %g mm box (%d dot%s = %.3f mm, %.0f %%); allowed: %s; use %s a wider box or "
		                      "another resolution", e->id, px_per_mm * 25.4, e->w, k, k == 1 ? "" : "s", k / px_per_mm,
		                      k / px_per_mm / EAN_X_NOMINAL * 100, range, thermal ? "" : "the thermal profile (--thermal),");
	}
	*out = best / px_per_mm;
	return 0;
}

/* Bar height (mm) of element e at module X: nominal 22.85 mm x magnification,
 * or the template's bar_height, as room allows; truncation below the nominal
 * height warns, and below 25 % of it (or 5 mm) is an error. */
static int ean_bar_height(ocop_renderer *r, const ocop_elem *e, double X, double room, double *out)
{
	double nominal = EAN_BAR_HEIGHT_100 * X / EAN_X_NOMINAL;
	double h = e->bar_height > 0 ? e->bar_height : MIN(nominal, room);
	double minimum = MAX(5.0, 0.25 * nominal);
	if (h > room + 1e-6)
		return ocop_set_error(OCOP_EENCODE, "%s: bar_height %g mm does not fit the %g mm high box with the digits (%.2f mm left)",
		                      e->id, e->bar_height, e->h, room);
	if (h < minimum - 1e-6)
		return ocop_set_error(OCOP_EENCODE, "%s: bars of %.1f mm are too short: the nominal height is %.1f mm at %.0f %% "
		                      "magnification and the shortest allowed is %.1f mm; give the barcode a taller box", e->id, h,
		                      nominal, X / EAN_X_NOMINAL * 100, minimum);
	if (h < nominal - 0.05 && e->bar_height <= 0) { /* (a template's bar_height truncates on purpose) */
		char *msg = g_strdup_printf("bars truncated to %.1f mm, %.0f %% of the nominal %.1f mm at %.0f %% magnification; "
		                            "omnidirectional scanners at checkouts need the full height", h, h / nominal * 100,
		                            nominal, X / EAN_X_NOMINAL * 100);
		warn_once(r, e->id, msg);
		g_free(msg);
	}
	*out = h;
	return 0;
}

/* The digit metrics for module size X: OCR-B, about 8.3 modules high (2.75 mm
 * at X = 0.33 mm), each group of six no wider than its 42 modules. */
static ean_digits *ean_digits_get(draw *d, const ocop_elem *e, double X)
{
	ean_digits **slot = &d->r->ec[e - d->r->t->elems].ean[d->px_per_mm > 0];
	if (*slot && (*slot)->X == X)
		return *slot;
	ean_digits_free(*slot);
	ean_digits *g = *slot = g_new0(ean_digits, 1);
	g->X = X;
	double em = 11.5 * X; /* font size in mm; OCR-B digits are ~0.7 em high */
	PangoLayout *l = make_layout(d, d->r->t->mono_font, false, em * 72 / 25.4);
	pango_layout_set_text(l, "000000", -1);
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	double gw = (double)log.width / PANGO_SCALE;
	if (gw > 40 * X) {
		em *= 40 * X / gw;
		set_size(l, em * 72 / 25.4);
		pango_layout_get_extents(l, &ink, &log);
	}
	g->baseline = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	g_object_unref(l);
	g->em = em;
	g->digit_top = (double)ink.y / PANGO_SCALE;
	g->digit_h = (double)ink.height / PANGO_SCALE;
	g->face = path_font_new(2 * em, &g->pf);
	return g;
}

/* Character ch (ASCII) of g: advance and outline, made on first use. */
static void ean_digit_make(draw *d, ean_digits *g, unsigned char ch)
{
	char txt[2] = { (char)ch, 0 };
	PangoLayout *l = make_layout(d, d->r->t->mono_font, false, g->em * 72 / 25.4);
	pango_layout_set_text(l, txt, 1);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	g->pf->adv[ch] = (double)log.width / PANGO_SCALE;
	/* the outline from the baseline, as in a font: PDF viewers clip Type 3
	 * glyphs that hang below their origin */
	cairo_t *cr = path_begin(0, 0);
	cairo_move_to(cr, 0, -g->baseline);
	pango_cairo_layout_path(cr, l);
	g->pf->path[ch][0] = path_take(cr);
	cairo_destroy(cr);
	g_object_unref(l);
	g->pf->have[ch] = true;
}

static int draw_ean(draw *d, const ocop_elem *e)
{
	const char *gtin = ocop_record_get(d->rec, "gtin");
	ocop_ean b;
	int err = ocop_ean_encode(&b, gtin ? gtin : "");
	if (err < 0)
		return err;
	double X;
	if ((err = ean_module(d->r, e, b.total_modules, d->grid, &X)) < 0)
		return err;
	double x0 = snap(d, e->x + (e->w - X * b.total_modules) / 2);
	ean_digits *g = ean_digits_get(d, e, X);
	double bars_h = 0;
	if ((err = ean_bar_height(d->r, e, X, e->h - g->digit_h - 1.0 * X, &bars_h)) < 0)
		return err;
	double guard_h = bars_h + 5 * X;
	double y0 = snap(d, e->y);
	bars_h = snap(d, bars_h);
	guard_h = snap(d, guard_h);
	/* bar width reduction for ink spread: the option, else the template's */
	const ocop_render_options *o = &d->r->opts;
	double bwr = o->bwr >= 0 ? (o->bwr_percent ? o->bwr * X / 100 : o->bwr) : (e->bwr_percent ? e->bwr * X / 100 : e->bwr);
	cairo_t *cr = d->cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (d->px_per_mm > 0)
		cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	for (int i = 0; i < b.n_bars; i++) {
		/* both edges on the printer's dot grid; raster: no grey columns, and
		 * the reduction is taken from the right edge in whole dots */
		double l = snap(d, x0 + b.bars[i].x * X), r = snap(d, x0 + (b.bars[i].x + b.bars[i].w) * X);
		if (d->px_per_mm > 0)
			r = MAX(l + 1 / d->px_per_mm, r - snap(d, bwr));
		else {
			/* vector: each edge moved in by half of the rasteriser's gain
			 * (EAN_FILL_GAIN) and half of the ink-spread reduction */
			l += (EAN_FILL_GAIN / d->grid + bwr) / 2;
			r -= (EAN_FILL_GAIN / d->grid + bwr) / 2;
		}
		/* one rectangle per fill: PDF 're', which MuPDF and Ghostscript both
		 * fill by the same rule (MuPDF's rule for general paths is offset
		 * half a dot from Ghostscript's, so no edge would suit both) */
		cairo_rectangle(cr, l, y0, r - l, b.bars[i].guard ? guard_h : bars_h);
		cairo_fill(cr);
	}
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
	/* As outlines, not OCR-B text: cairo 1.16 writes a PDF with a missing font
	 * object when it subsets the CFF-flavoured OCR-B of fonts-ocr-b. In PDF the
	 * outlines are the glyphs of a Type 3 font (path_font), each written once
	 * per document instead of once per label; elsewhere they are filled. */
	bool type3 = target_is_pdf(cr);
	cairo_glyph_t glyphs[64];
	char utf8[65];
	int n_glyphs = 0;
	double text_y = y0 + bars_h + 1.0 * X - g->digit_top + g->baseline; /* baseline */
	for (int i = 0; i < b.n_texts + (e->light_margin ? 1 : 0); i++) {
		const unsigned char *t = (const unsigned char *)(i < b.n_texts ? b.texts[i].text : ">");
		double w = 0;
		for (const unsigned char *p = t; *p; p++) {
			if (*p >= 128)
				continue;
			if (!g->pf->have[*p])
				ean_digit_make(d, g, *p);
			w += g->pf->adv[*p];
		}
		double tx;
		if (i < b.n_texts) {
			tx = x0 + b.texts[i].x * X;
			if (b.texts[i].align == 0)
				tx -= w / 2;
			else if (b.texts[i].align > 0)
				tx -= w;
		} else {
			/* the light-margin indicator ends at the right quiet zone's edge */
			tx = x0 + b.total_modules * X - w;
		}
		for (const unsigned char *p = t; *p; p++) {
			if (*p >= 128)
				continue;
			if (type3 && n_glyphs < (int)G_N_ELEMENTS(glyphs)) {
				utf8[n_glyphs] = (char)*p;
				glyphs[n_glyphs++] = (cairo_glyph_t){ *p, tx, text_y };
			} else {
				cairo_save(cr);
				cairo_translate(cr, tx, text_y);
				cairo_append_path(cr, g->pf->path[*p][0]);
				cairo_restore(cr);
			}
			tx += g->pf->adv[*p];
		}
	}
	cairo_fill(cr);
	utf8[n_glyphs] = 0;
	if (n_glyphs)
		path_font_show(cr, g->face, glyphs, n_glyphs, utf8); /* the digits as text: found by search, copied */
	cairo_restore(cr);
	return 0;
}

static void draw_line(draw *d, const ocop_elem *e, bool box)
{
	cairo_t *cr = d->cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, e->stroke);
	if (box)
		cairo_rectangle(cr, e->x + e->stroke / 2, e->y + e->stroke / 2, e->w - e->stroke, e->h - e->stroke);
	else {
		cairo_move_to(cr, e->x, e->y);
		cairo_line_to(cr, e->x + e->w, e->y + e->h);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static int draw_label(draw *d)
{
	const ocop_template *t = d->r->t;
	int err = 0;
	/* Phase 1: lay out every text, so that a label that cannot be made is
	 * refused before anything is drawn (no half label on a sheet). */
	planned_text *pts = g_new0(planned_text, t->n_elems);
	for (size_t i = 0; i < t->n_elems && err == 0; i++)
		if (t->elems[i].kind == OCOP_ELEM_TEXT)
			err = plan_text(d, &t->elems[i], &pts[i]);
	if (err == 0 && d->cr) {
		cairo_surface_t *target = cairo_get_target(d->cr);
		if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE ||
		    cairo_image_surface_get_format(target) != CAIRO_FORMAT_A8) {
			/* (an ink-coverage image starts clear, which is white) */
			cairo_save(d->cr);
			cairo_set_source_rgb(d->cr, 1, 1, 1);
			cairo_rectangle(d->cr, 0, 0, t->width, t->height);
			cairo_fill(d->cr);
			cairo_restore(d->cr);
		}
		for (size_t i = 0; i < t->n_elems && err == 0; i++) {
			const ocop_elem *e = &t->elems[i];
			switch (e->kind) {
			case OCOP_ELEM_TEXT: draw_text(d, e, &pts[i]); break;
			case OCOP_ELEM_MARK: draw_mark(d, e); break;
			case OCOP_ELEM_STARS: draw_stars(d, e); break;
			case OCOP_ELEM_QR: err = draw_qr(d, e); break;
			case OCOP_ELEM_EAN: err = draw_ean(d, e); break;
			case OCOP_ELEM_LINE: draw_line(d, e, false); break;
			case OCOP_ELEM_BOX: draw_line(d, e, true); break;
			}
		}
		if (!err && cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
			err = ocop_set_error(OCOP_ERENDER, "drawing failed: %s", cairo_status_to_string(cairo_status(d->cr)));
	}
	for (size_t i = 0; i < t->n_elems; i++)
		if (pts[i].l)
			g_object_unref(pts[i].l);
	g_free(pts);
	return err;
}

static ocop_format format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return OCOP_FORMAT_AUTO;
	if (g_ascii_strcasecmp(dot, ".pdf") == 0)
		return OCOP_FORMAT_PDF;
	if (g_ascii_strcasecmp(dot, ".png") == 0)
		return OCOP_FORMAT_PNG;
	if (g_ascii_strcasecmp(dot, ".svg") == 0)
		return OCOP_FORMAT_SVG;
	return OCOP_FORMAT_AUTO;
}

static long long creation_time(const ocop_render_options *o)
{
	if (o->creation_time >= 0)
		return o->creation_time;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = g_ascii_strtoll(sde, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return 0;
}

static double px_for(const ocop_renderer *r, ocop_format fmt)
{
	return fmt == OCOP_FORMAT_PNG ? r->opts.dpi / 25.4 : 0;
}

void ocop_pdf_metadata(cairo_surface_t *s, const ocop_renderer *r, const char *title)
{
	time_t ct = (time_t)creation_time(&r->opts);
	struct tm tm;
	gmtime_r(&ct, &tm);
	char date[32];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ocoplabel " OCOP_VERSION_STRING);
	/* says which printer the codes were made for (their edges sit on its dots) */
	char subject[96];
	g_snprintf(subject, sizeof subject, "OCOP label; barcodes made for %g dpi printers", r->vector_dpi);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subject);
	if (title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
}

const ocop_template *ocop_renderer_template(const ocop_renderer *r) { return r->t; }
double ocop_renderer_target_dpi(const ocop_renderer *r) { return r ? r->vector_dpi : 0; }
const ocop_render_options *ocop_renderer_options(const ocop_renderer *r) { return &r->opts; }

int ocop_renderer_prepare(ocop_renderer *r, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags)
{
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = r->opts.today;
	ocop_diags *d = NULL;
	*url = NULL;
	int err = ocop_record_validate(&d, rec, &vo);
	if (err == 0) {
		err = ocop_trace_url_with(url, r->t, rec, r->opts.resolver);
		if (err == OCOP_EINVALID)
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, "trace_url", "%s", ocop_error_last());
	}
	for (size_t i = 0; err == 0 && i < r->t->n_elems; i++) {
		const ocop_elem *e = &r->t->elems[i];
		const ocop_qr *q;
		if (e->kind == OCOP_ELEM_QR && qr_check(r, e, *url, grid_of(r, px_per_mm), &q) < 0) {
			char *m = g_strdup(ocop_error_last()); /* not an argument of the call that overwrites it */
			ocop_diags_add(d, OCOP_SEVERITY_ERROR, "trace_url", "%s", m);
			err = ocop_set_error(OCOP_EINVALID, "trace_url: %s", m);
			g_free(m);
		}
	}
	if (err < 0) {
		free(*url);
		*url = NULL;
	}
	if (diags)
		*diags = d;
	else
		ocop_diags_free(d);
	return err;
}

int ocop_renderer_check(ocop_diags **out, ocop_renderer *r, const ocop_record *rec)
{
	if (out)
		*out = NULL;
	if (!r || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_check: NULL argument");
	char *url = NULL;
	double px = px_for(r, r->opts.format);
	int err = ocop_renderer_prepare(r, rec, px, &url, out);
	if (err == 0) {
		/* the texts laid out as for drawing: mandatory text that does not fit */
		err = ocop_render_draw(r, NULL, rec, url, px);
		if (err == OCOP_EINVALID && out)
			ocop_diags_add_error_message(*out, ocop_error_last());
	}
	free(url);
	return err;
}

int ocop_render_draw(ocop_renderer *r, cairo_t *cr, const ocop_record *rec, const char *url, double px_per_mm)
{
	draw d = { r, cr, rec, url, px_per_mm, grid_of(r, px_per_mm) };
	return draw_label(&d);
}

int ocop_render_to_sink(ocop_renderer *r, const ocop_record *rec, const char *url, ocop_format fmt, ocop_sink *sink)
{
	int err = 0;
	const ocop_template *t = r->t;
	double wpt = t->width * 72 / 25.4, hpt = t->height * 72 / 25.4;
	double px_per_mm = 0;
	cairo_surface_t *s = NULL;
	switch (fmt) {
	case OCOP_FORMAT_PDF:
		s = cairo_pdf_surface_create_for_stream(ocop_cairo_write, sink, wpt, hpt);
		ocop_pdf_metadata(s, r, ocop_record_get(rec, "name"));
		break;
	case OCOP_FORMAT_SVG:
		s = cairo_svg_surface_create_for_stream(ocop_cairo_write, sink, wpt, hpt);
		break;
	case OCOP_FORMAT_PNG: {
		px_per_mm = r->opts.dpi / 25.4;
		int w = (int)lround(t->width * px_per_mm), h = (int)lround(t->height * px_per_mm);
		/* Black on white only (no logo image): draw ink coverage into an 8-bit
		 * alpha image, a quarter of the memory of RGB24 and no colour conversion. */
		s = cairo_image_surface_create(r->logo_png || r->logo_svg ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_A8, w, h);
		break;
	}
	default:
		return ocop_set_error(OCOP_EINVAL, "unknown output format");
	}
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		err = ocop_set_error(OCOP_ENOMEM, "cannot create the drawing surface: %s",
		                     cairo_status_to_string(cairo_surface_status(s)));
		goto done;
	}
	cairo_t *cr = cairo_create(s);
	if (fmt == OCOP_FORMAT_PNG)
		cairo_scale(cr, px_per_mm, px_per_mm);
	else
		cairo_scale(cr, 72 / 25.4, 72 / 25.4);
	err = ocop_render_draw(r, cr, rec, url, px_per_mm);
	cairo_destroy(cr);
	if (err < 0)
		goto done;
	if (fmt == OCOP_FORMAT_PNG) {
		cairo_surface_flush(s);
		err = ocop_png_write(sink, cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
		                     cairo_image_surface_get_height(s), cairo_image_surface_get_stride(s),
		                     cairo_image_surface_get_format(s) == CAIRO_FORMAT_A8, r->opts.dpi, r->opts.mono != 0);
	} else {
		cairo_surface_finish(s);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
			err = sink->err ? ocop_set_error(OCOP_EIO, "%s", g_strerror(sink->err))
			                : ocop_set_error(OCOP_ERENDER, "cairo: %s", cairo_status_to_string(cairo_surface_status(s)));
	}
done:
	cairo_surface_destroy(s);
	return err;
}


int ocop_renderer_render_file(ocop_renderer *r, const ocop_record *rec, const char *path)
{
	if (!r || !rec || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_file: NULL argument");
	ocop_format fmt = r->opts.format ? r->opts.format : format_from_path(path);
	if (fmt == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "%s: cannot tell the format; name the file .pdf, .png or .svg", path);
	/* check everything before creating any file */
	char *url = NULL;
	int err = ocop_renderer_prepare(r, rec, px_for(r, fmt), &url, NULL);
	if (err < 0)
		return err;
	ocop_tmpfile f;
	if ((err = ocop_tmpfile_open(&f, path)) < 0) {
		free(url);
		return err;
	}
	err = ocop_render_to_sink(r, rec, url, fmt, &f.sink);
	free(url);
	if (err < 0) {
		if (f.sink.err)
			err = ocop_set_error(OCOP_EIO, "%s: cannot write: %s", path, g_strerror(f.sink.err));
		ocop_tmpfile_abort(&f);
		return err;
	}
	return ocop_tmpfile_commit(&f);
}

int ocop_renderer_render_mem(unsigned char **out, size_t *out_len, ocop_renderer *r, const ocop_record *rec)
{
	if (!out || !out_len || !r || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_mem: NULL argument");
	*out = NULL;
	*out_len = 0;
	if (r->opts.format == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_mem: set options.format (PDF, PNG or SVG)");
	char *url = NULL;
	int err = ocop_renderer_prepare(r, rec, px_for(r, r->opts.format), &url, NULL);
	if (err < 0)
		return err;
	ocop_sink sink = { NULL, g_byte_array_new(), 0, NULL, NULL };
	err = ocop_render_to_sink(r, rec, url, r->opts.format, &sink);
	free(url);
	if (err == 0) {
		*out = malloc(sink.mem->len ? sink.mem->len : 1);
		if (!*out)
			err = ocop_set_error(OCOP_ENOMEM, "out of memory");
		else {
			memcpy(*out, sink.mem->data, sink.mem->len);
			*out_len = sink.mem->len;
		}
	}
	g_byte_array_free(sink.mem, TRUE);
	return err;
}

int ocop_renderer_render_stream(ocop_renderer *r, const ocop_record *rec, ocop_write_fn write, void *closure)
{
	if (!r || !rec || !write)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_stream: NULL argument");
	if (r->opts.format == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_stream: set options.format (PDF, PNG or SVG)");
	/* everything is checked before the first byte reaches the receiver */
	char *url = NULL;
	int err = ocop_renderer_prepare(r, rec, px_for(r, r->opts.format), &url, NULL);
	if (err < 0)
		return err;
	ocop_sink sink = { NULL, NULL, 0, write, closure };
	err = ocop_render_to_sink(r, rec, url, r->opts.format, &sink);
	free(url);
	if (err < 0 && sink.err)
		err = ocop_set_error(OCOP_EIO, "output: the write callback refused the data; discard what it received");
	return err;
}

int ocop_render_file(const ocop_template *t, const ocop_record *rec, const ocop_render_options *opts, const char *path)
{
	ocop_renderer *r = NULL;
	int err = ocop_renderer_new(&r, t, opts);
	if (err == 0)
		err = ocop_renderer_render_file(r, rec, path);
	ocop_renderer_free(r);
	return err;
}

/* The PDF glyph fonts (EAN digits, badge, stars) of src, made complete and
 * given to dst: every renderer of one document then draws with the same
 * Type 3 fonts, so that the PDF is the same whichever thread drew a label.
 * The fonts are complete before any thread uses them and never change after. */
void ocop_renderer_share_glyphs(ocop_renderer *dst, ocop_renderer *src)
{
	draw d = { src, NULL, NULL, NULL, 0, grid_of(src, 0) };
	const ocop_template *t = src->t;
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_elem *e = &t->elems[i];
		elem_cache *sc = &src->ec[i], *dc = &dst->ec[i];
		if (e->kind == OCOP_ELEM_MARK || e->kind == OCOP_ELEM_STARS) {
			for (int n = 0; n <= 5; n++)
				sym_glyph_make(&d, e, n);
			if (dc->sym_face)
				cairo_font_face_destroy(dc->sym_face);
			dc->sym_face = cairo_font_face_reference(sc->sym_face);
			dc->sym = sc->sym;
		} else if (e->kind == OCOP_ELEM_EAN) {
			/* the EAN-13 module of vector output (an EAN-8 in the same run makes its own) */
			double X;
			if (ean_module(src, e, 113, d.grid, &X) < 0)
				continue;
			ean_digits *g = ean_digits_get(&d, e, X);
			for (unsigned char ch = '0'; ch <= '9'; ch++)
				if (!g->pf->have[ch])
					ean_digit_make(&d, g, ch);
			if (!g->pf->have['>'])
				ean_digit_make(&d, g, '>');
			ean_digits_free(dc->ean[0]);
			ean_digits *copy = g_new(ean_digits, 1);
			*copy = *g;
			copy->face = cairo_font_face_reference(g->face);
			dc->ean[0] = copy;
		}
	}
}
