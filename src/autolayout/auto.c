/* ocoplabel — the automatic layout: the products and the printer's grid, the codes' sizes, the search over arrangements and text sizes, each result checked as a template; a refusal names the element and a size that fits. */
#include "autolayout.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A typical product with long values, when no product file is given. */
static const char *const typical[][2] = {
	{ "name",
	  /* NOTR: a typical product's value, for sizing text boxes */
	  "Trà hoa vàng túi lọc Ba Chẽ Quảng Ninh" },
	{ "producer",
	  /* NOTR: a typical product's value, for sizing text boxes */
	  "Hợp tác xã Nông nghiệp và Dịch vụ Ba Chẽ" },
	{ "address",
	  /* NOTR: a typical product's value, for sizing text boxes */
	  "Thôn Khe Lào, xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh" },
	{ "stars", "5" }, { "gtin", "8936012346107" }, { "growing_area", "VN-QNOR-0012" },
	{ "packing_facility", "VN-QNPH-003" }, { "lot", "TH2611-A" }, { "production_date", "01/11/2025" },
	/* NOTR: a typical product's values */
	{ "expiry_date", "01/11/2027" }, { "net_quantity", "20 túi × 2 g" },
};

#define SERIAL_ROOM 12 /* characters of a Digital Link's "/21/SERIAL" that the 2D code keeps room for */

static int add_record(al_ctx *c, ocop_record *rec)
{
	ocop_diags *d = NULL;
	char *url = NULL;
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = c->today;
	if (ocop_record_validate(&d, rec, &vo) < 0 || ocop_trace_url(&url, c->probe_t, rec) < 0) {
		ocop_diags_free(d);
		ocop_record_free(rec);
		return 0; /* a product the labels would refuse anyway */
	}
	ocop_diags_free(d);
	c->recs = g_renew(ocop_record *, c->recs, c->n + 1);
	c->urls = g_renew(char *, c->urls, c->n + 1);
	c->recs[c->n] = rec;
	c->urls[c->n++] = url;
	c->url_len = MAX(c->url_len, strlen(url) + SERIAL_ROOM);
	const char *g = ocop_record_get(rec, "gtin");
	if (g && *g)
		c->any_gtin = true;
	return 1;
}

int al_typical_record(ocop_record **out)
{
	int err = ocop_record_new(out);
	for (size_t i = 0; err == 0 && i < G_N_ELEMENTS(typical); i++)
		err = ocop_record_set(*out, typical[i][0], typical[i][1], -1);
	if (err < 0) {
		ocop_record_free(*out);
		*out = NULL;
	}
	return err;
}

int ocop_template_sample_record(ocop_record **out)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_sample_record: NULL argument");
	return al_typical_record(out);
}

static int load_products(al_ctx *c, const char *path)
{
	if (!path) {
		ocop_record *rec = NULL;
		int err = al_typical_record(&rec);
		if (err == 0)
			add_record(c, rec);
		return err;
	}
	ocop_reader *rd = NULL;
	int err = ocop_reader_open(&rd, path, NULL);
	while (err >= 0) {
		ocop_record *rec = NULL;
		if ((err = ocop_record_new(&rec)) < 0)
			break;
		int got = ocop_reader_next(rec, rd);
		if (got == 0 || got == OCOP_EIO) {
			ocop_record_free(rec);
			err = got;
			break;
		}
		if (got < 0)
			ocop_record_free(rec); /* a malformed row: the batch refuses it too */
		else
			add_record(c, rec);
	}
	ocop_reader_free(rd);
	if (err == 0 && c->n == 0)
		err = ocop_set_error(OCOP_EREJECTED, "%s: no product in the file can be labelled (check it with "
		                     "'ocoplabel check')", path);
	return err;
}

/* The smallest whole-dot module of at least minm mm at the printer's grid and at 203, 300 and 600 dpi: a box
 * that holds the code at that module holds it at any of these resolutions (a PDF made at another dpi, a PNG). */
static double min_whole(const al_ctx *c, double minm)
{
	const double dpis[] = { c->dpi, 203, 300, 600 };
	double m = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(dpis); i++) {
		double g = dpis[i] / 25.4;
		m = MAX(m, ceil(minm * g - 1e-9) / g);
	}
	return m;
}

/* The sizes of the codes at W x H: level 0 comfortable (EAN near 100 %, a larger 2D code), 1 the smallest allowed. */
static void codes_for(al_codes *k, const al_ctx *c, double W, double H, int level, int qr_modules)
{
	double iw = W - c->ml - c->mr, ih = H - c->mt - c->mb, g = c->grid;
	memset(k, 0, sizeof *k);
	k->dm = c->dm_now;
	k->dm_rows = k->dm_cols = qr_modules;
	k->ean = !c->no_ean && c->any_gtin;
	/* an EAN-13's box, also for products whose GTIN has 8 digits: the renderer draws their EAN-8 in it, and
	 * checks the ean element's box against an EAN-13 (a box sized for the EAN-8 alone was refused at every
	 * size: "no label up to A5 holds it") */
	k->ean_modules = 113;
	int kmin = (int)ceil((c->thermal ? 0.75 : 0.80) * OCOP_EAN_X_NOMINAL_MM * g - 1e-9);
	int knom = MAX(kmin, (int)lround(OCOP_EAN_X_NOMINAL_MM * g));
	k->ean_dots = level == 0 && k->ean_modules * knom / g <= 0.62 * iw ? knom : kmin;
	k->ean_x = k->ean_dots / g;
	k->ean_w = k->ean_modules * MAX(k->ean_x, min_whole(c, (c->thermal ? 0.75 : 0.80) * OCOP_EAN_X_NOMINAL_MM)) + 0.05;
	k->ean_nominal = 22.85 * k->ean_x / OCOP_EAN_X_NOMINAL_MM;
	double minbar = MAX(5.0, 0.25 * k->ean_nominal), digits = 9.3 * k->ean_x + 0.2;
	double bar = level == 0 ? CLAMP(0.42 * ih - digits, minbar, k->ean_nominal) : minbar;
	k->ean_bar = bar >= k->ean_nominal - 0.05 ? k->ean_nominal : ceil(bar * 10) / 10;
	k->ean_h = k->ean_bar + digits;
	/* the 2D code: whole dots of at least the minimum module (GS1's POS minimum with pos) */
	double minm = c->pos ? OCOP_POS_2D_MIN_MM : 0.25;
	int qmin = (int)ceil(minm * g - 1e-9);
	k->qr_total = qr_modules;
	k->qr_dots = qmin;
	if (level == 0) {
		double target = MIN(0.34 * MIN(iw, ih), 26);
		k->qr_dots = MAX(qmin, (int)floor(target / qr_modules * g));
		if (c->pos)
			k->qr_dots = MIN(k->qr_dots, MAX(qmin, (int)floor(OCOP_POS_2D_MAX_MM * g)));
	}
	k->q = k->qh = qr_modules * MAX(k->qr_dots / g, min_whole(c, minm)) + 0.02;
}

/* The layout as a template: loaded and checked by a renderer at the printer's grid with every product. */
static bool verify(al_ctx *c, const al_codes *k, const al_layout *L, double W, double H, char **out)
{
	char *ini = al_write(c, k, L, W, H);
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	/* NOTR: a typical product, a name for messages, or a debugging line (OCOPLABEL_AUTO_DEBUG) */
	bool ok = ini && ocop_template_load_data(&t, ini, strlen(ini), "auto.ini") == 0;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PDF;
	ro.dpi = c->dpi;
	ro.thermal = c->thermal;
	ro.today = c->today;
	ok = ok && ocop_renderer_new(&r, t, &ro) == 0;
	for (size_t i = 0; ok && i < c->n; i++)
		ok = ocop_renderer_check(NULL, r, c->recs[i]) == 0;
	const ocop_diags *d = ok ? ocop_renderer_diags(r) : NULL;
	for (size_t i = 0; d && i < ocop_diags_count(d); i++) {
		const char *code = ocop_diags_get(d, i)->code;
		if (strcmp(code, OCOP_CODE_SHORTENED) == 0 || strcmp(code, OCOP_CODE_SHORT_BARS) == 0)
			ok = false;
	}
	if (!ok && getenv("OCOPLABEL_AUTO_DEBUG"))
		/* NOTR: a typical product, a name for messages, or a debugging line (OCOPLABEL_AUTO_DEBUG) */
		fprintf(stderr, "auto: %gx%g %s %.1f pt refused by the renderer: %s\n", W, H, L->shape, L->body_pt,
		        ocop_error_last());
	ocop_renderer_free(r);
	ocop_template_free(t);
	if (ok)
		*out = ini;
	else
		free(ini);
	return ok;
}

/* The best layout at W x H (the largest text, then the shape's order of arrangements) into *out; quick: only
 * whether anything fits (the smallest codes and text). NULL with *fail the block that found no room. */
static bool search(al_ctx *c, double W, double H, bool quick, int qr_modules, char **out, const char **fail)
{
	int order[AL_ARRANGEMENTS] = { 0, 1, 2 };
	if (H > 1.25 * W)
		order[0] = 2, order[1] = 0, order[2] = 1;
	else if (W < 1.25 * H)
		order[0] = 0, order[1] = 2, order[2] = 1;
	double s_hi = CLAMP(MIN(W, H) * 0.1, 6, 9);
	al_layout *L = g_new(al_layout, 1);
	bool ok = false;
	*fail = "codes";
	for (int level = quick ? 1 : 0; level < 2 && !ok; level++) {
		al_codes k;
		codes_for(&k, c, W, H, level, qr_modules);
		for (double s = quick ? AL_MIN_PT : s_hi; s >= AL_MIN_PT - 1e-9 && !ok; s -= 0.5) {
			if (level == 0 && s < 6)
				break; /* smaller codes before the smallest text */
			for (int i = 0; i < AL_ARRANGEMENTS && !ok; i++)
				for (int w = 0; w < 2 && !ok; w++) {
					if (al_arrange(L, c, &k, W, H, order[i], w, s))
						ok = verify(c, &k, L, W, H, out);
					else {
						if (level == 1 && i == 0 && w == 1)
							*fail = L->fail; /* the preferred arrangement's, in the short wording */
						if (getenv("OCOPLABEL_AUTO_DEBUG"))
							/* NOTR: a typical product, a name for messages, or a debugging line (OCOPLABEL_AUTO_DEBUG) */
							fprintf(stderr, "auto: %gx%g level %d %.1f pt %s wording %d: no room for %s\n", W, H, level,
							        s, L->shape ? L->shape : "?", w, L->fail);
					}
				}
		}
	}
	g_free(L);
	return ok;
}

static bool size_ok(double W, double H)
{
	return W >= OCOP_AUTO_MIN_WIDTH_MM - 1e-9 && H >= OCOP_AUTO_MIN_HEIGHT_MM - 1e-9 &&
	       MAX(W, H) <= OCOP_AUTO_MAX_SIDE_MM + 1e-9 && MIN(W, H) <= OCOP_AUTO_MAX_SHORT_SIDE_MM + 1e-9;
}

typedef struct al_size {
	double w, h;
} al_size;

static int by_area(const void *a, const void *b)
{
	const al_size *x = a, *y = b;
	double d = x->w * x->h - y->w * y->h;
	return d < 0 ? -1 : d > 0 ? 1 : (x->w > y->w) - (x->w < y->w);
}

/* the label of least area from W0 x H0 up, in 5 mm steps, that holds everything (at most 80 tried) */
static bool suggest(al_ctx *c, double W0, double H0, int qr_modules, double *W, double *H)
{
	al_size cand[41 * 41];
	int n = 0;
	for (int i = 0; i <= 40; i++)
		for (int j = 0; j <= 40; j++) {
			double w = ceil(W0) + 5 * i, h = ceil(H0) + 5 * j;
			if (size_ok(w, h))
				cand[n++] = (al_size){ w, h };
		}
	qsort(cand, (size_t)n, sizeof cand[0], by_area);
	for (int i = 0; i < n && i < 80; i++) {
		char *ini = NULL;
		const char *f;
		if (search(c, cand[i].w, cand[i].h, true, qr_modules, &ini, &f)) {
			free(ini);
			*W = cand[i].w, *H = cand[i].h;
			return true;
		}
	}
	return false;
}

/* OCOP_EREJECTED naming what does not fit at W x H and the smallest size that would hold it */
static int refuse(al_ctx *c, double W, double H, int qr_modules, const char *fail)
{
	al_codes k;
	codes_for(&k, c, W, H, 1, qr_modules);
	double iw = W - c->ml - c->mr, ih = H - c->mt - c->mb, W0 = W, H0 = H, mw = c->ml + c->mr, mh = c->mt + c->mb;
	const char *field = fail;
	char *reason;
	bool ean_hint = false;
	if (k.ean && k.ean_w > iw) {
		field = "ean";
		W0 = ceil(k.ean_w + mw);
		reason = g_strdup_printf(_("the EAN-13 needs %.1f mm of width at %g dpi (%d modules of %d dots, %.3f mm, with its "
		                           "quiet zones) and %g mm from each edge; this label has %g mm"),
		                         k.ean_w, c->dpi, k.ean_modules, k.ean_dots, k.ean_x, MAX(c->ml, c->mr), W);
		ean_hint = true;
	} else if (k.ean && k.ean_h > ih) {
		field = "ean";
		H0 = ceil(k.ean_h + mh);
		reason = g_strdup_printf(_("the EAN-13 needs %.1f mm of height (bars of %.1f mm, the shortest GS1 allows, and its "
		                           "digits) and %g mm from each edge; this label has %g mm"),
		                         k.ean_h, k.ean_bar, MAX(c->mt, c->mb), H);
		ean_hint = true;
	} else if (c->dm_now && (k.q > MIN(iw, ih) || strcmp(fail, "codes") == 0)) {
		field = "datamatrix";
		W0 = MAX(W, ceil(k.q + mw));
		H0 = MAX(H, ceil(k.qh + mh));
		reason = g_strdup_printf(_("neither a QR code nor the smaller Data Matrix (%.1f mm: %d modules of %d dots with its "
		                           "quiet zone) fits with the mark, the name and the other code on this %gx%g mm label"),
		                         k.q, qr_modules, k.qr_dots, W, H);
		ean_hint = k.ean;
	} else if (k.q > MIN(iw, ih)) {
		field = "qr";
		W0 = MAX(W, ceil(k.q + mw));
		H0 = MAX(H, ceil(k.qh + mh));
		reason = g_strdup_printf(_("the QR code of the Digital Link (%zu characters with room for a serial) needs %.1f mm "
		                           "at %g dpi (%d modules of %d dots, %.3f mm, with its quiet zone) and %g mm from each "
		                           "edge; this label is %gx%g mm"),
		                         c->url_len, k.q, c->dpi, qr_modules, k.qr_dots, k.qr_dots / c->grid, MAX(MAX(c->ml, c->mr), MAX(c->mt, c->mb)), W, H);
	} else if (strcmp(fail, "codes") == 0) {
		field = "qr";
		if (k.ean)
			reason = g_strdup_printf(_("the QR code (%.1f mm) and the EAN-13 (%.1fx%.1f mm) do not fit together with the "
			                           "mark and the name on this %gx%g mm label"), k.q, k.ean_w, k.ean_h, W, H);
		else
			reason = g_strdup_printf(_("the QR code (%.1f mm) does not fit with the mark and the name on this %gx%g mm "
			                           "label"), k.q, W, H);
		ean_hint = k.ean;
	} else {
		reason = g_strdup_printf(_("the %s does not fit beside the codes even at 5 pt (letters of 1.2 mm, the smallest "
		                           "for mandatory text) on this %gx%g mm label"),
		                         al_block_name(fail), W, H);
	}
	double W2, H2;
	char *use = suggest(c, W0, H0, qr_modules, &W2, &H2) ? g_strdup_printf(_("use %g×%g mm"), W2, H2)
	                                                      : g_strdup(_("no label up to A5 (148×210 mm) holds it"));
	int err = ocop_set_error_at(OCOP_EREJECTED, field, OCOP_CODE_DOES_NOT_FIT, "%s: %s%s", reason, use,
	                            ean_hint ? _(" or leave the EAN out for a service") : "");
	g_free(reason);
	g_free(use);
	return err;
}

static void ctx_free(al_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		ocop_record_free(c->recs[i]);
		free(c->urls[i]);
	}
	g_free(c->recs);
	g_free(c->urls);
	if (c->need)
		g_hash_table_destroy(c->need);
	ocop_renderer_free(c->probe);
	ocop_template_free(c->probe_t);
}

int ocop_template_auto(char **out, double width_mm, double height_mm, const ocop_template_auto_options *opts)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_auto: NULL argument");
	*out = NULL;
	ocop_template_auto_options o = OCOP_TEMPLATE_AUTO_OPTIONS_INIT;
	if (opts) {
		int err = ocop_check_version(OCOP_VERSIONED_TEMPLATE_AUTO, opts->version);
		if (err < 0)
			return err;
		/* a version 1 caller's struct ends before edge_mm */
		memcpy(&o, opts, opts->version < 2 ? offsetof(ocop_template_auto_options, edge_mm) : sizeof o);
	}
	if (!(width_mm > 0) || !(height_mm > 0) || !size_ok(width_mm, height_mm))
		return ocop_set_error(OCOP_EINVAL, "the label is %gx%g mm; the automatic layout makes labels from 25x20 mm "
		                      "to A5 (148x210 mm, either way round)", width_mm, height_mm);
	if (o.dpi != 0 && (o.dpi < 72 || o.dpi > 2400))
		return ocop_set_error(OCOP_EINVAL, "dpi %g is not between 72 and 2400", o.dpi);
	al_ctx c = { .dpi = o.dpi, .thermal = o.thermal != 0, .pos = o.pos != 0, .no_ean = o.no_ean != 0,
	             .datamatrix = o.datamatrix != 0, .printer = o.printer, .description = o.description, .today = o.today };
	if (o.printer) {
		ocop_printer_profile p = OCOP_PRINTER_PROFILE_INIT;
		int err = ocop_printer_profile_find(&p, o.printer);
		if (err < 0)
			return err;
		if (c.dpi == 0)
			c.dpi = p.dpi ? p.dpi : 203;
		c.thermal = true; /* a label printer's job is thermal */
	}
	double *m[4] = { &c.ml, &c.mt, &c.mr, &c.mb };
	for (int i = 0; i < 4; i++) {
		if (!(o.edge_mm[i] <= 40))
			return ocop_set_error(OCOP_EINVAL, "an edge distance of %g mm; at most 40 mm", o.edge_mm[i]);
		*m[i] = MAX(AL_MARGIN, o.edge_mm[i]);
	}
	if (c.dpi == 0)
		c.dpi = 203;
	c.grid = c.dpi / 25.4;
	c.need = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	/* NOTR: a template of no elements whose renderer measures text */
	char *probe = g_strdup_printf("[label]\nwidth=%g\nheight=%g\n", width_mm, height_mm);
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PDF;
	ro.dpi = c.dpi;
	/* NOTR: a typical product, a name for messages, or a debugging line (OCOPLABEL_AUTO_DEBUG) */
	int err = ocop_template_load_data(&c.probe_t, probe, strlen(probe), "auto.ini");
	g_free(probe);
	if (err == 0)
		err = ocop_renderer_new(&c.probe, c.probe_t, &ro);
	if (err == 0)
		err = load_products(&c, o.products);
	/* the 2D code's modules across, quiet zone included, for the longest Digital Link */
	int qr_modules = 0;
	if (err == 0) {
		char *pad = g_malloc(c.url_len + 1);
		memset(pad, 'a', c.url_len);
		pad[c.url_len] = '\0';
		ocop_qr q;
		if ((err = ocop_qr_encode(&q, pad, OCOP_QR_EC_M)) == 0)
			qr_modules = q.width + 8;
		ocop_qr_release(&q);
		g_free(pad);
	}
	/* a Data Matrix of the same URL is smaller: the square symbol's modules across with its 1-module quiet zone */
	int dm_modules = 0;
	if (err == 0 && c.datamatrix) {
		char *pad = g_malloc(c.url_len + 1);
		memset(pad, 'a', c.url_len);
		pad[c.url_len] = '\0';
		ocop_dm d;
		if ((err = ocop_dm_encode(&d, pad, false)) == 0)
			dm_modules = d.cols + 2;
		ocop_dm_release(&d);
		g_free(pad);
	}
	if (err == 0) {
		const char *fail = "codes", *dm_fail = "codes";
		bool ok = search(&c, width_mm, height_mm, false, qr_modules, out, &fail);
		if (!ok && c.datamatrix) {
			/* no readable QR code fits: a Data Matrix where one does */
			c.dm_now = true;
			ok = search(&c, width_mm, height_mm, false, dm_modules, out, &dm_fail);
			if (!ok)
				fail = dm_fail;
		}
		if (!ok)
			err = refuse(&c, width_mm, height_mm, c.dm_now ? dm_modules : qr_modules, fail);
	}
	ctx_free(&c);
	return err;
}
