/* ocoplabel — the QR element: checked against its box and the printable module, planned on the dot grid, painted. */
#include "text.h"
#include <string.h>

/* The QR matrix of url at ec, from the renderer's one-entry cache. */
static int qr_get(ocop_renderer *r, const char *url, ocop_qr_ec ec, const ocop_qr **out)
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

static const char *const qr_keys[] = { "ec", "min_module", NULL };

static void qr_load(ocop_kf *c, const char *g, const ocop_template *t, ocop_elem *e)
{
	(void)t;
	static const char *const ecs[] = { "L", "M", "Q", "H", NULL };
	static const int ec_v[] = { OCOP_QR_EC_L, OCOP_QR_EC_M, OCOP_QR_EC_Q, OCOP_QR_EC_H };
	e->qr_ec = (ocop_qr_ec)ocop_kf_choice(c, g, "ec", ecs, ec_v, OCOP_QR_EC_M);
	e->min_module = ocop_kf_num(c, g, "min_module", 0.25, 0.1, 5, false);
}

static ocop_qr_ec qr_ec_of(const ocop_renderer *r, const ocop_elem *e)
{
	return r->opts.qr_ec != OCOP_QR_EC_TEMPLATE ? (ocop_qr_ec)r->opts.qr_ec : e->qr_ec;
}

/* Whether a QR of width modules (0: url does not encode) fits element e with whole-dot modules of grid;
 * the error says by how much the URL is too long. */
static int qr_check_width(ocop_renderer *r, const ocop_elem *e, const char *url, double grid, int width)
{
	static const char ecname[] = "?LMQH";
	ocop_qr_ec ec = qr_ec_of(r, e);
	double minm = r->opts.qr_min_module > 0 ? r->opts.qr_min_module : e->min_module;
	if (r->t->pos)
		minm = MAX(minm, OCOP_POS_2D_MIN_MM); /* the till's scanners: GS1's retail POS X-dimension */
	double side = MIN(e->w, e->h);
	size_t len = strlen(url);
	int err = width > 0 ? 0 : -1;
	double m = err < 0 ? 0 : side / (width + 8); /* quiet zone: 4 modules each side */
	if (err < 0 || m < minm - 1e-9) {
		/* the largest version whose modules stay printable in this box */
		int max_modules = (int)floor(side / minm + 1e-9) - 8;
		int v = max_modules >= 21 ? MIN((max_modules - 17) / 4, 40) : 0;
		int cap = v ? ocop_qr_capacity(v, ec) : 0;
		if (!v)
			return ocop_set_error(OCOP_EENCODE, "the QR box of element '%s' (%g mm) is too small for any QR code with "
			                      "modules of at least %g mm", e->id, side, minm);
		return ocop_set_error(OCOP_EENCODE, "the URL is too long for this label: %s characters, but a QR code in the "
		                      "%g mm box of element '%s' with modules of at least %g mm holds at most %s (version %d, "
		                      "error correction %c), %s too many; shorten the URL (resolver, lot, codes), lower the "
		                      "error correction or use a larger label",
		                      OCOP_COUNT(len), side, e->id, minm, OCOP_COUNT(cap), v, ecname[ec],
		                      OCOP_COUNT(len > (size_t)cap ? len - (size_t)cap : 0));
	}
	/* every module a whole number of dots, still at least the minimum */
	if (floor(m * grid + 1e-9) / grid < minm - 1e-9) {
		int k = (int)floor(m * grid + 1e-9);
		char *dots = g_strdup_printf(ocop_trn("%d dot", "%d dots", (unsigned long)MAX(k, 0)), k);
		err = ocop_set_error(OCOP_EENCODE, "the URL (%s characters) needs a QR code of %d modules; in the %g mm box "
		                     "of element '%s' at %g dpi that is %s (%.3f mm) per module, under the %g mm minimum "
		                     "(shorten the URL, use another resolution or a larger label)",
		                     OCOP_COUNT(len), width + 8, side, e->id, grid * 25.4, dots, k / grid, minm);
		g_free(dots);
		return err;
	}
	return 0;
}

/* The QR of url, encoded (the renderer's cache), if it fits element e (qr_check_width). */
static int qr_check(ocop_renderer *r, const ocop_elem *e, const char *url, double grid, const ocop_qr **out)
{
	const ocop_qr *q = NULL;
	int err = qr_get(r, url, qr_ec_of(r, e), &q);
	if ((err = qr_check_width(r, e, url, grid, err < 0 ? 0 : q->width)) < 0)
		return err;
	*out = q;
	return 0;
}

/* Checking a record (the thread that reads the rows) needs only the QR's size: from the payload's length,
 * without encoding it; the thread that draws the label encodes it once. A URL that no version holds, or
 * that is not ASCII, is encoded here for ocop_qr_encode's own error. */
static int qr_prepare(ocop_renderer *r, const ocop_elem *e, const char *url, double grid)
{
	bool ascii = true;
	for (const unsigned char *c = (const unsigned char *)url; *c && ascii; c++)
		ascii = *c < 0x80;
	int v = ascii ? ocop_qr_version_for(strlen(url), qr_ec_of(r, e)) : 0;
	if (v > 0)
		return qr_check_width(r, e, url, grid, 17 + 4 * v);
	const ocop_qr *q;
	return qr_check(r, e, url, grid, &q);
}

static int qr_plan(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url)
{
	(void)rec;
	const ocop_elem *e = it->e;
	ocop_plan_qr *pq = &it->u.qr;
	const ocop_qr *q;
	int err = qr_check(r, e, url, p->grid, &q);
	if (err < 0)
		return err;
	int total = q->width + 8;
	double side = MIN(e->w, e->h);
	double m = side / total;
	m = floor(m * p->grid + 1e-9) / p->grid; /* whole dots, as checked */
	pq->width = q->width;
	pq->version = q->version;
	pq->ec = qr_ec_of(r, e);
	pq->dark = g_memdup2(q->dark, (gsize)q->width * (gsize)q->width);
	pq->module = m;
	pq->module_dots = (int)lround(m * p->grid);
	pq->x = ocop_snap(p->grid, e->x + (e->w - m * total) / 2) + 4 * m;
	pq->y = ocop_snap(p->grid, e->y + (e->h - m * total) / 2) + 4 * m;
	pq->x_dots = lround(pq->x * p->grid);
	pq->y_dots = lround(pq->y * p->grid);
	it->present = true;
	return 0;
}

static void qr_release(ocop_plan_item *it)
{
	g_free(it->u.qr.dark);
}

static int qr_paint(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3)
{
	(void)r, (void)type3;
	if (p->native_codes)
		return 0; /* the printer draws it */
	const ocop_plan_qr *q = &it->u.qr;
	return ocop_modules_paint(cr, q->dark, q->width, q->width, q->x, q->y, q->module, p->grid, p->px_per_mm > 0);
}

static int qr_native_dots(const ocop_plan_item *it) { return it->u.qr.module_dots; }

const ocop_element_class ocop_qr_class = {
	.name = "qr",
	.keys = qr_keys,
	.load = qr_load,
	.prepare = qr_prepare,
	.plan = qr_plan,
	.release = qr_release,
	.paint = qr_paint,
	.native_dots = qr_native_dots,
};
