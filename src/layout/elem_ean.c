/* ocoplabel — the EAN-13/EAN-8 element: module and bar height within GS1's limits, bars and digits on the dot grid, painted. */
#include "text.h"
#include <string.h>

#define EAN_X_NOMINAL OCOP_EAN_X_NOMINAL_MM
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

/* The template's X (module or magnification) or the box width's, within
 * 80-200 % of 0.330 mm (75 % in the thermal profile), a whole number of dots
 * of the grid: the one nearest that X that is allowed and fits. */
static int ean_module(const ocop_renderer *r, const ocop_elem *e, int n, double px_per_mm, double *out)
{
	bool thermal = r->t->thermal || r->opts.thermal;
	double lo = (thermal ? 0.75 : 0.80) * EAN_X_NOMINAL, hi = 2.00 * EAN_X_NOMINAL;
	double want = e->module > 0 ? e->module : e->w / n;
	/* xgettext:no-c-format */
	const char *range = thermal ? _("75 % to 200 % (0.248 to 0.660 mm) in the thermal profile")
	                            /* xgettext:no-c-format */
	                            : _("80 % to 200 % (0.264 to 0.660 mm; 75 % only in the thermal profile)");
	if (want < lo - 1e-9 || want > hi + 1e-9)
		return ocop_set_error(OCOP_EENCODE, "%s: the EAN module is %.3f mm (%.0f %% of 0.330 mm)%s; GS1 allows %s", e->id,
		                      want, want / EAN_X_NOMINAL * 100, e->module > 0 ? "" : _(", from the box width"), range);
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
		char *dots = g_strdup_printf(ocop_trn("%d dot", "%d dots", (unsigned long)MAX(k, 0)), k);
		int err = ocop_set_error(OCOP_EENCODE, "%s: at %g dpi no whole number of dots gives an EAN module that GS1 allows "
		                         "and that fits the %g mm box (%s = %.3f mm, %.0f %%); allowed: %s; use %s a wider box or "
		                         "another resolution", e->id, px_per_mm * 25.4, e->w, dots, k / px_per_mm,
		                         k / px_per_mm / EAN_X_NOMINAL * 100, range,
		                         thermal ? "" : _("the thermal profile (--thermal),"));
		g_free(dots);
		return err;
	}
	*out = best / px_per_mm;
	return 0;
}

static const char *const ean_keys[] = { "module", "magnification", "bar_height", "bwr", "light_margin", NULL };

static void ean_load(ocop_kf *c, const char *g, const ocop_template *t, ocop_elem *e)
{
	(void)t;
	bool has_mod = g_key_file_has_key(c->kf, g, "module", NULL), has_mag = g_key_file_has_key(c->kf, g, "magnification", NULL);
	if (has_mod && has_mag)
		ocop_kf_error(c, g, "magnification", "%s", _("give module or magnification, not both"));
	e->module = ocop_kf_num(c, g, "module", 0, 0.1, 1, false);
	if (has_mag)
		e->module = ocop_kf_num(c, g, "magnification", 100, 50, 250, false) / 100 * OCOP_EAN_X_NOMINAL_MM;
	e->bar_height = ocop_kf_num(c, g, "bar_height", 0, 1, OCOP_MAX_LABEL_MM, false);
	e->light_margin = ocop_kf_bool(c, g, "light_margin", false);
	char *bwr = ocop_kf_str(c, g, "bwr", NULL);
	if (bwr && !c->err) {
		char *end = NULL;
		double v = g_ascii_strtod(bwr, &end);
		e->bwr_percent = end && strcmp(end, "%") == 0;
		if (end == bwr || !(e->bwr_percent || *end == '\0' || strcmp(end, "mm") == 0) || !(v >= 0) ||
		    (e->bwr_percent ? v > 50 : v > 0.2))
			ocop_kf_error(c, g, "bwr", _("'%s' is not a bar width reduction: mm (0 to 0.2, e.g. 0.02) or %% of the module "
			                             "(0 to 50, e.g. 8%%)"), bwr);
		e->bwr = v;
	}
	g_free(bwr);
}

/* EAN-13 modules within the GS1 range for this output. */
static int ean_check(ocop_renderer *r, const ocop_elem *e)
{
	double X;
	int err = ean_module(r, e, 113, ocop_grid_of(r, r->opts.format == OCOP_FORMAT_PNG ? r->opts.dpi / 25.4 : 0), &X);
	if (err < 0) {
		char *m = g_strdup(ocop_error_last());
		err = ocop_set_error(OCOP_EINVAL, "%s: [element %s] %s", r->t->path, e->id, strchr(m, ':') ? strchr(m, ':') + 2 : m);
		g_free(m);
	}
	return err;
}

/* the module sizes of EAN-13 and of EAN-8 in this box, whichever a record has */
static void ean_glyphs(ocop_renderer *r, ocop_glyphs *g, size_t index)
{
	static const int modules[] = { 113, 81 };
	for (size_t k = 0; k < G_N_ELEMENTS(modules); k++) {
		double X;
		if (ean_module(r, &r->t->elems[index], modules[k], ocop_grid_of(r, 0), &X) == 0)
			ocop_glyphs_make_ean(r, g, index, X);
	}
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
		char *msg = g_strdup_printf(_("bars truncated to %.1f mm, %.0f %% of the nominal %.1f mm at %.0f %% magnification; "
		                              "omnidirectional scanners at checkouts need the full height"), h, h / nominal * 100,
		                            nominal, X / EAN_X_NOMINAL * 100);
		ocop_renderer_warn(r, e->id, OCOP_CODE_SHORT_BARS, msg);
		g_free(msg);
	}
	*out = h;
	return 0;
}

static int ean_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)url;
	const ocop_elem *e = it->e;
	ocop_plan_ean *pe = &it->u.ean;
	const char *gtin = ocop_record_get(rec, "gtin");
	if (!gtin || !*gtin)
		return 0; /* a product without a barcode (community tourism services): nothing drawn */
	ocop_ean b;
	int err = ocop_ean_encode(&b, gtin);
	if (err < 0)
		return err;
	double X, g = p->grid;
	if ((err = ean_module(r, e, b.total_modules, g, &X)) < 0)
		return err;
	double x0 = ocop_snap(g, e->x + (e->w - X * b.total_modules) / 2);
	const ocop_ean_font *f = ocop_glyphs_ean(r, it->index, X);
	double bars_h = 0;
	if ((err = ean_bar_height(r, e, X, e->h - f->digit_h - 1.0 * X, &bars_h)) < 0)
		return err;
	double guard_h = bars_h + 5 * X;
	double y0 = ocop_snap(g, e->y);
	bars_h = ocop_snap(g, bars_h);
	guard_h = ocop_snap(g, guard_h);
	/* bar width reduction for ink spread: the option, else the template's */
	const ocop_render_options *o = &r->opts;
	double bwr = o->bwr_unit != OCOP_BWR_TEMPLATE ? (o->bwr_unit == OCOP_BWR_PERCENT ? o->bwr * X / 100 : o->bwr)
	                                              : (e->bwr_percent ? e->bwr * X / 100 : e->bwr);
	pe->total_modules = b.total_modules;
	pe->module = X;
	pe->module_dots = (int)lround(X * g);
	pe->x = x0;
	pe->y = y0;
	pe->x_dots = lround(x0 * g);
	pe->y_dots = lround(y0 * g);
	pe->bar_h = bars_h;
	pe->guard_h = guard_h;
	pe->bar_h_dots = lround(bars_h * g);
	pe->guard_h_dots = lround(guard_h * g);
	pe->bwr = bwr;
	pe->font = f;
	pe->n_bars = MIN(b.n_bars, (int)G_N_ELEMENTS(pe->bars));
	for (int i = 0; i < pe->n_bars; i++) {
		/* both edges on the printer's dot grid */
		double l = ocop_snap(g, x0 + b.bars[i].x * X), rr = ocop_snap(g, x0 + (b.bars[i].x + b.bars[i].w) * X);
		pe->bars[i] = (ocop_plan_bar){ l, rr, lround(l * g), lround(rr * g), b.bars[i].guard };
	}
	/* the human-readable characters: glyph origins on their baseline */
	double text_y = y0 + bars_h + 1.0 * X - f->digit_top + f->baseline;
	int n = 0, nt = 0;
	for (int i = 0; i < b.n_texts + (e->light_margin ? 1 : 0); i++) {
		const unsigned char *t = (const unsigned char *)(i < b.n_texts ? b.texts[i].text : ">");
		double w = 0;
		for (const unsigned char *c = t; *c; c++)
			if (*c < 128 && f->shows[*c])
				w += f->pf->adv[*c];
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
		for (const unsigned char *c = t; *c; c++) {
			if (*c >= 128 || !f->shows[*c])
				continue;
			if (n < (int)G_N_ELEMENTS(pe->glyphs))
				pe->glyphs[n++] = (ocop_plan_glyph){ *c, tx, text_y };
			if (nt + 1 < (int)sizeof pe->text)
				pe->text[nt++] = (char)*c;
			tx += f->pf->adv[*c];
		}
	}
	pe->n_glyphs = n;
	pe->text[nt] = 0;
	it->present = true;
	return 0;
}

void ocop_ean_bar_edges(const ocop_plan *p, const ocop_plan_ean *pe, int i, double *left, double *right)
{
	double l = pe->bars[i].l, r = pe->bars[i].r;
	if (p->px_per_mm > 0) {
		/* raster: no grey columns, and the reduction is taken from the right edge in whole dots */
		r = MAX(l + 1 / p->px_per_mm, r - ocop_snap(p->grid, pe->bwr));
	} else {
		/* vector: each edge moved in by half of the rasteriser's gain
		 * (EAN_FILL_GAIN) and half of the ink-spread reduction */
		l += (EAN_FILL_GAIN / p->grid + pe->bwr) / 2;
		r -= (EAN_FILL_GAIN / p->grid + pe->bwr) / 2;
	}
	*left = l;
	*right = r;
}

int ocop_ean_glyphs(ocop_renderer *r, const ocop_plan_ean *pe, cairo_glyph_t g[64], char utf8[65])
{
	int n = 0;
	for (int i = 0; i < pe->n_glyphs && i < 64; i++) {
		const ocop_plan_glyph *pg = &pe->glyphs[i];
		ocop_ean_outline(r, pe->font, pg->ch); /* (a glyph font draws it: its outline made) */
		utf8[n] = (char)pg->ch;
		g[n++] = (cairo_glyph_t){ pg->ch, pg->x, pg->y };
	}
	utf8[n] = 0;
	return n;
}

static int ean_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	const ocop_plan_ean *pe = &it->u.ean;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (p->px_per_mm > 0)
		cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	for (int i = 0; i < (p->native_codes ? 0 : pe->n_bars); i++) { /* (native: the printer draws the bars) */
		double l, right;
		ocop_ean_bar_edges(p, pe, i, &l, &right);
		/* one rectangle per fill: PDF 're', which MuPDF and Ghostscript both
		 * fill by the same rule (MuPDF's rule for general paths is offset
		 * half a dot from Ghostscript's, so no edge would suit both) */
		cairo_rectangle(cr, l, pe->y, right - l, pe->bars[i].guard ? pe->guard_h : pe->bar_h);
		cairo_fill(cr);
	}
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
	/* As outlines, not OCR-B text: cairo 1.16 writes a PDF with a missing font
	 * object when it subsets the CFF-flavoured OCR-B of fonts-ocr-b. In PDF the
	 * outlines are the glyphs of a Type 3 font (glyphs.c), each written once
	 * per document instead of once per label; elsewhere they are filled. */
	cairo_glyph_t glyphs[64];
	char utf8[65];
	int n_glyphs = ocop_ean_glyphs(r, pe, glyphs, utf8);
	for (int i = 0; i < n_glyphs && !type3; i++) {
		unsigned char ch = (unsigned char)utf8[i];
		const cairo_path_t *path = ocop_ean_outline(r, pe->font, ch);
		if (p->px_per_mm > 0) {
			/* a raster: each digit's coverage made once per place and kept (the same dots as one fill) */
			ocop_mono_show_outline(cr, pe->font->face, ch, path, glyphs[i].x, glyphs[i].y, &r->mono_glyphs);
		} else {
			cairo_save(cr);
			cairo_translate(cr, glyphs[i].x, glyphs[i].y);
			cairo_append_path(cr, path);
			cairo_restore(cr);
		}
	}
	cairo_fill(cr);
	if (type3 && n_glyphs)
		ocop_path_font_show(cr, pe->font->face, glyphs, n_glyphs, utf8); /* the digits as text: found by search, copied */
	cairo_restore(cr);
	return 0;
}

static int ean_native_dots(const ocop_plan_item *it) { return it->u.ean.module_dots; }

const ocop_element_class ocop_ean_class = {
	.name = "ean13",
	.keys = ean_keys,
	.load = ean_load,
	.check = ean_check,
	.plan = ean_plan,
	.paint = ean_paint,
	.glyphs = ean_glyphs,
	.native_dots = ean_native_dots,
};
