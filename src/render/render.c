/* ocoplabel — the renderer handle: its options checked, its template's fonts, geometry and logo set up for one output, its warnings. */
#include "render.h"
#include <stdlib.h>
#include <string.h>

#define OCOP_MIN_DPI 72
#define OCOP_MAX_DPI 2400

void ocop_renderer_release_drawing(ocop_renderer *r)
{
	ocop_layout_release(r);
	if (r->raster)
		cairo_surface_destroy(r->raster);
	r->raster = NULL;
}

void ocop_renderer_free(ocop_renderer *r)
{
	if (!r)
		return;
	ocop_renderer_release_drawing(r);
	g_free((char *)r->opts.today);
	g_free((char *)r->opts.resolver);
	ocop_diags_free(r->diags);
	if (r->warned)
		g_hash_table_destroy(r->warned);
	g_free(r);
}

static int check_options(const ocop_render_options *opts)
{
	if (ocop_check_version(OCOP_VERSIONED_RENDER, opts->version) < 0)
		return OCOP_EINVAL;
	if (opts->dpi != 0 && (opts->dpi < OCOP_MIN_DPI || opts->dpi > OCOP_MAX_DPI || !isfinite(opts->dpi)))
		return ocop_set_error(OCOP_EINVAL, "dpi: %g is out of range (%d to %d)", opts->dpi, OCOP_MIN_DPI, OCOP_MAX_DPI);
	if (opts->format < OCOP_FORMAT_AUTO || opts->format > OCOP_FORMAT_ZPL)
		return ocop_set_error(OCOP_EINVAL, "unknown output format %d", (int)opts->format);
	if (opts->creation_time < 0)
		return ocop_set_error(OCOP_EINVAL, "creation_time: %lld is before 1970", opts->creation_time);
	if (opts->qr_ec < OCOP_QR_EC_TEMPLATE || opts->qr_ec > OCOP_QR_EC_H)
		return ocop_set_error(OCOP_EINVAL, "qr_ec: %d is not a QR error correction level (0 the template's, 1 L, 2 M, 3 Q, 4 H)",
		                      opts->qr_ec);
	if (opts->qr_min_module != 0 && !(opts->qr_min_module >= 0.1 && opts->qr_min_module <= 5))
		return ocop_set_error(OCOP_EINVAL, "qr_min_module: %g mm is out of range (0.1 to 5)", opts->qr_min_module);
	if (opts->bwr_unit < OCOP_BWR_TEMPLATE || opts->bwr_unit > OCOP_BWR_PERCENT)
		return ocop_set_error(OCOP_EINVAL, "bwr_unit: %d is not 0 (the template's), 1 (mm) or 2 (%%)", opts->bwr_unit);
	if (opts->bwr_unit != OCOP_BWR_TEMPLATE &&
	    !(opts->bwr >= 0 && (opts->bwr_unit == OCOP_BWR_PERCENT ? opts->bwr <= 50 : opts->bwr <= 0.2)))
		return ocop_set_error(OCOP_EINVAL, "bwr: %g%s is out of range (0 to 0.2 mm, or 0 to 50 %%)", opts->bwr,
		                      opts->bwr_unit == OCOP_BWR_PERCENT ? " %" : " mm");
	return 0;
}

/* TSPL and ZPL: the printer's profile checked against the format, its dpi (or the options'), 1-bit and thermal. */
static int setup_printer(ocop_renderer *r, const ocop_render_options *opts)
{
	ocop_printer_language lang = opts->format == OCOP_FORMAT_TSPL  ? OCOP_PRINTER_TSPL
	                             : opts->format == OCOP_FORMAT_ZPL ? OCOP_PRINTER_ZPL
	                             : opts->format == OCOP_FORMAT_AUTO && opts->printer ? opts->printer->language
	                                                                                 : OCOP_PRINTER_ANY;
	if (lang == OCOP_PRINTER_ANY)
		return 0;
	ocop_printer_profile pr = OCOP_PRINTER_PROFILE_INIT;
	if (opts->printer)
		pr = *opts->printer;
	int err = ocop_printer_profile_check(&pr);
	if (err < 0)
		return ocop_set_error(err, "printer profile%s%s: %s", *pr.name ? " " : "", pr.name, ocop_error_last());
	if (pr.language != OCOP_PRINTER_ANY && pr.language != lang)
		return ocop_set_error(OCOP_EINVAL, "printer profile %s is for %s printers, not %s", *pr.name ? pr.name : _("(options)"),
		                      ocop_printer_language_name(pr.language), ocop_printer_language_name(lang));
	pr.language = lang;
	if (opts->dpi != 0)
		pr.dpi = (int)lround(opts->dpi);
	if (pr.dpi == 0)
		pr.dpi = 203;
	if (opts->dpi != 0 && pr.dpi != opts->dpi)
		return ocop_set_error(OCOP_EINVAL, "dpi: %g is not a whole number of dots per inch", opts->dpi);
	if (opts->dpi != 0 && (err = ocop_printer_profile_check(&pr)) < 0)
		return err;
	r->lang = lang;
	r->printer = pr;
	r->opts.dpi = pr.dpi;
	r->opts.mono = 1;
	r->opts.thermal = 1;
	return 0;
}

/* from: the renderer cloned (ocop_layout_setup), or NULL */
static int renderer_make(ocop_renderer **out, const ocop_template *t, const ocop_render_options *opts,
                         const ocop_renderer *from)
{
	ocop_render_options defaults = OCOP_RENDER_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version == 2) {
		/* a version 2 struct ends before printer: the rest are the defaults */
		memcpy(&defaults, opts, offsetof(ocop_render_options, printer));
		defaults.version = OCOP_RENDER_OPTIONS_VERSION;
		opts = &defaults;
	}
	int err = check_options(opts);
	if (err < 0)
		return err;
	ocop_renderer *r = g_new0(ocop_renderer, 1);
	r->t = t;
	r->opts = *opts;
	r->opts.logo = NULL;
	r->opts.today = NULL;
	r->opts.resolver = NULL;
	if ((err = setup_printer(r, opts)) < 0) {
		ocop_renderer_free(r);
		return err;
	}
	/* PDF and SVG are made for one printer's dot grid: the dpi option, else
	 * 203 dpi, the coarsest printers (thermal ones): an EAN module of whole
	 * 203-dpi dots is at least 3 dots wide at 300 dpi and 5 at 600, so
	 * finer printers print it within half of their dot */
	r->vector_dpi = r->opts.dpi != 0 ? r->opts.dpi : 203;
	if (r->opts.dpi == 0)
		r->opts.dpi = 300;
	r->diags = ocop_diags_alloc();
	r->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
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
		if ((err = ocop_url_check(&chk, opts->resolver)) < 0) {
			char *m = g_strdup(ocop_error_last());
			err = ocop_set_error(OCOP_EINVAL, "resolver: %s", m);
			g_free(m);
			goto done;
		}
		g_free(chk);
		r->opts.resolver = g_strdup(opts->resolver);
	}
	err = ocop_layout_setup(r, opts->logo, from);
done:
	if (err < 0) {
		ocop_renderer_free(r);
		return err;
	}
	*out = r;
	return 0;
}

int ocop_renderer_new(ocop_renderer **out, const ocop_template *t, const ocop_render_options *opts)
{
	if (!out || !t)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_new: NULL argument");
	*out = NULL;
	return renderer_make(out, t, opts, NULL);
}

const ocop_diags *ocop_renderer_diags(const ocop_renderer *r) { return r ? r->diags : NULL; }
const ocop_template *ocop_renderer_template(const ocop_renderer *r) { return r->t; }
double ocop_renderer_target_dpi(const ocop_renderer *r) { return r ? r->vector_dpi : 0; }
const ocop_render_options *ocop_renderer_options(const ocop_renderer *r) { return &r->opts; }

int ocop_renderer_clone(ocop_renderer **out, const ocop_renderer *r)
{
	ocop_render_options o = r->opts;
	o.logo = r->logo_path;
	*out = NULL;
	int err = renderer_make(out, r->t, &o, r);
	if (err == 0)
		(*out)->vector_dpi = r->vector_dpi; /* (o.dpi is no longer 0 when it was not given) */
	return err;
}

void ocop_renderer_merge_warnings(ocop_renderer *dst, const ocop_renderer *src)
{
	for (size_t i = 0; i < ocop_diags_count(src->diags); i++) {
		const ocop_diag *x = ocop_diags_get(src->diags, i);
		if (x->severity == OCOP_SEVERITY_WARNING)
			ocop_renderer_warn(dst, x->field, x->code, x->message);
	}
}
