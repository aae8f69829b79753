/* ocoplabel — the Data Matrix element (ECC 200, square or rectangular): the Digital Link URI as plain data, modules of whole dots of at least the minimum, planned on the dot grid, painted. */
#include "text.h"
#include <string.h>

#define DM_QUIET 1 /* modules of quiet zone on each side (ISO/IEC 16022: one module) */

static const char *const dm_keys[] = { "shape", "min_module", NULL };

static void dm_load(ocop_kf *c, const char *g, const ocop_template *t, ocop_elem *e)
{
	(void)t;
	/* NOTR: the values of the key shape= in a template */
	static const char *const shapes[] = { "square", "rectangle", NULL };
	static const int shape_v[] = { 0, 1 };
	e->dm_rect = ocop_kf_choice(c, g, "shape", shapes, shape_v, 0) == 1;
	e->min_module = ocop_kf_num(c, g, "min_module", 0.25, 0.1, 5, false);
}

static double dm_min_module(const ocop_renderer *r, const ocop_elem *e)
{
	double minm = r->opts.qr_min_module > 0 ? r->opts.qr_min_module : e->min_module;
	if (r->t->pos)
		minm = MAX(minm, OCOP_POS_2D_MIN_MM); /* the till's scanners: GS1's retail POS X-dimension */
	return minm;
}

/* the module (whole dots of grid) of a rows x cols symbol in e's box; 0 when under the minimum */
static int dm_dots(const ocop_renderer *r, const ocop_elem *e, int rows, int cols, double grid, double *module)
{
	double m = MIN(e->w / (cols + 2 * DM_QUIET), e->h / (rows + 2 * DM_QUIET));
	int k = (int)floor(m * grid + 1e-9);
	*module = k / grid;
	return *module >= dm_min_module(r, e) - 1e-9 ? k : 0;
}

/* the box holds the smallest symbol of its shape (10x10 square, 8x18 rectangle) at the minimum module */
static int dm_check(ocop_renderer *r, const ocop_elem *e)
{
	double grid = ocop_grid_of(r, r->opts.format == OCOP_FORMAT_PNG ? r->opts.dpi / 25.4 : 0), m;
	int rows = e->dm_rect ? 8 : 10, cols = e->dm_rect ? 18 : 10;
	if (dm_dots(r, e, rows, cols, grid, &m) > 0)
		return 0;
	return ocop_set_error(OCOP_EINVAL, "%s: [element %s] the %gx%g mm box is too small for any %s Data Matrix with "
	                      "modules of at least %g mm in whole dots at %g dpi (the smallest is %dx%d modules and a "
	                      "quiet zone of one module)", r->t->path, e->id, e->w, e->h,
	                      e->dm_rect ? _("rectangular") : _("square"), dm_min_module(r, e), grid * 25.4, rows, cols);
}

/* the symbol of url in e's box at grid, or OCOP_EENCODE saying why it does not fit */
static int dm_fit(ocop_renderer *r, const ocop_elem *e, const char *url, double grid, ocop_dm *d, int *dots)
{
	int err = ocop_dm_encode(d, url, e->dm_rect);
	if (err < 0)
		return err;
	double m;
	*dots = dm_dots(r, e, d->rows, d->cols, grid, &m);
	if (*dots > 0)
		return 0;
	int k = (int)floor(m * grid + 1e-9);
	char *dd = g_strdup_printf(ocop_trn("%d dot", "%d dots", (unsigned long)MAX(k, 0)), k);
	err = ocop_set_error(OCOP_EENCODE, "the URL (%s characters) needs a Data Matrix of %dx%d modules; in the %gx%g mm "
	                     "box of element '%s' at %g dpi that is %s (%.3f mm) per module, under the %g mm minimum "
	                     "(shorten the URL, use another resolution or a larger label)",
	                     OCOP_COUNT(strlen(url)), d->rows, d->cols, e->w, e->h, e->id, grid * 25.4, dd, m,
	                     dm_min_module(r, e));
	g_free(dd);
	ocop_dm_release(d);
	return err;
}

static int dm_prepare(ocop_renderer *r, const ocop_elem *e, const char *url, double grid)
{
	ocop_dm d;
	int dots, err = dm_fit(r, e, url, grid, &d, &dots);
	if (err == 0)
		ocop_dm_release(&d);
	return err;
}

static int dm_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)rec;
	const ocop_elem *e = it->e;
	ocop_plan_dm *pd = &it->u.dm;
	ocop_dm d;
	int dots, err = dm_fit(r, e, url, p->grid, &d, &dots);
	if (err < 0)
		return err;
	double m = dots / p->grid;
	pd->rows = d.rows;
	pd->cols = d.cols;
	pd->dark = d.dark; /* the plan's now */
	pd->module = m;
	pd->module_dots = dots;
	pd->x = ocop_snap(p->grid, e->x + (e->w - m * (d.cols + 2 * DM_QUIET)) / 2) + DM_QUIET * m;
	pd->y = ocop_snap(p->grid, e->y + (e->h - m * (d.rows + 2 * DM_QUIET)) / 2) + DM_QUIET * m;
	it->present = true;
	return 0;
}

static void dm_release(ocop_plan_item *it)
{
	free(it->u.dm.dark);
}

/* Painted in every output, print jobs included: the symbol is part of the job's 1-bit image. */
static int dm_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	(void)r, (void)type3;
	const ocop_plan_dm *d = &it->u.dm;
	return ocop_modules_paint(cr, d->dark, d->cols, d->rows, d->x, d->y, d->module, p->grid, p->px_per_mm > 0);
}

const ocop_element_class ocop_datamatrix_class = {
	.name = "datamatrix",
	.keys = dm_keys,
	.load = dm_load,
	.check = dm_check,
	.prepare = dm_prepare,
	.plan = dm_plan,
	.release = dm_release,
	.paint = dm_paint,
};
