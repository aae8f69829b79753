/* ocoplabel — a template checked against the rules the automatic layout keeps: the renderer's checks at the printer's grid, a label of a product, boxes 1 mm from the edges, codes clear of other elements, readiness for retail POS scanners. */
#include "autolayout.h"
#include <string.h>

static bool is_code(ocop_elem_kind k) { return k == OCOP_ELEM_QR || k == OCOP_ELEM_EAN || k == OCOP_ELEM_DATAMATRIX; }

static bool overlap(const ocop_elem *a, const ocop_elem *b)
{
	return a->x + 1e-6 < b->x + b->w && b->x + 1e-6 < a->x + a->w && a->y + 1e-6 < b->y + b->h && b->y + 1e-6 < a->y + a->h;
}

/* the geometry: every box 1 mm from the edges (a line's ends too), codes clear of every other box */
static void check_boxes(ocop_diags *d, const ocop_template *t)
{
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_elem *e = &t->elems[i];
		double m = MIN(MIN(e->x, e->y), MIN(t->width - e->x - e->w, t->height - e->y - e->h));
		if (m < OCOP_INK_MARGIN_MM - 1e-6)
			ocop_diags_addc(d, OCOP_SEVERITY_WARNING, e->id, OCOP_CODE_MARGIN,
			                "the box comes %.2f mm from an edge of the label; keep ink %g mm from every edge (cut lines "
			                "wander that much)", m, OCOP_INK_MARGIN_MM);
		for (size_t j = i + 1; j < t->n_elems; j++) {
			const ocop_elem *f = &t->elems[j];
			if (e->kind == OCOP_ELEM_LINE || f->kind == OCOP_ELEM_LINE || e->kind == OCOP_ELEM_BOX ||
			    f->kind == OCOP_ELEM_BOX || !overlap(e, f))
				continue;
			if (is_code(e->kind) || is_code(f->kind))
				ocop_diags_addc(d, OCOP_SEVERITY_ERROR, e->id, OCOP_CODE_OVERLAP, "the box overlaps element '%s': a "
				                "code's box, quiet zones included, must stay clear", f->id);
			else
				ocop_diags_addc(d, OCOP_SEVERITY_WARNING, e->id, OCOP_CODE_OVERLAP, "the box overlaps element '%s'", f->id);
		}
	}
}

/* whether the 2D code and the EAN-13 are ready for retail POS scanners, at grid (dots per mm) for url */
static void check_pos(ocop_diags *d, const ocop_template *t, double grid, const char *url, bool required)
{
	ocop_severity sev = required ? OCOP_SEVERITY_ERROR : OCOP_SEVERITY_WARNING;
	const ocop_elem *qr = NULL, *ean = NULL, *dm = NULL;
	for (size_t i = 0; i < t->n_elems; i++) {
		if (t->elems[i].kind == OCOP_ELEM_QR && !qr)
			qr = &t->elems[i];
		if (t->elems[i].kind == OCOP_ELEM_DATAMATRIX && !dm)
			dm = &t->elems[i];
		if (t->elems[i].kind == OCOP_ELEM_EAN && !ean)
			ean = &t->elems[i];
	}
	if (!qr && dm) {
		/* a GS1 Digital Link Data Matrix: the same X-dimension range as the QR code */
		ocop_dm dd;
		if (ocop_dm_encode(&dd, url, dm->dm_rect) < 0)
			return;
		int dots = (int)floor(MIN(dm->w / (dd.cols + 2), dm->h / (dd.rows + 2)) * grid + 1e-9);
		double m = dots / grid;
		if (m < OCOP_POS_2D_MIN_MM - 1e-9 || m > OCOP_POS_2D_MAX_MM + 1e-9)
			ocop_diags_addc(d, sev, dm->id, OCOP_CODE_NOT_POS,
			                "not ready for retail POS scanners: the Data Matrix's modules are %.3f mm (%d dots at %g dpi) "
			                "for %dx%d modules; GS1 asks for %.3f to %.3f mm and pos=true",
			                m, dots, grid * 25.4, dd.rows, dd.cols, OCOP_POS_2D_MIN_MM, OCOP_POS_2D_MAX_MM);
		ocop_dm_release(&dd);
	} else if (!qr) {
		ocop_diags_addc(d, sev, "label", OCOP_CODE_NOT_POS, "not ready for retail POS scanners: the template has no QR code");
		return;
	}
	if (!qr)
		goto ean;
	ocop_qr q;
	if (ocop_qr_encode(&q, url, qr->qr_ec ? qr->qr_ec : OCOP_QR_EC_M) < 0)
		return; /* the label check has said why */
	int n = q.width + 8;
	ocop_qr_release(&q);
	double side = MIN(qr->w, qr->h);
	int dots = (int)floor(side / n * grid + 1e-9);
	double m = dots / grid;
	if (m < OCOP_POS_2D_MIN_MM - 1e-9 || m > OCOP_POS_2D_MAX_MM + 1e-9) {
		int want = (int)ceil(OCOP_POS_2D_MIN_MM * grid - 1e-9);
		ocop_diags_addc(d, sev, qr->id, OCOP_CODE_NOT_POS,
		                "not ready for retail POS scanners: the QR code's modules are %.3f mm (%d dots at %g dpi); GS1 "
		                "asks for %.3f to %.3f mm: a box of at least %.1f mm (%d modules of %d dots) and pos=true",
		                m, dots, grid * 25.4, OCOP_POS_2D_MIN_MM, OCOP_POS_2D_MAX_MM, n * want / grid + 0.05, n, want);
	}
ean:
	if (!ean)
		ocop_diags_addc(d, sev, "label", OCOP_CODE_NOT_POS, "not ready for retail POS scanners: GS1 asks for the EAN-13 "
		                "beside the 2D code while tills change over; the template has none");
}

int ocop_template_check(ocop_diags **out, const ocop_template *t, const ocop_template_check_options *opts)
{
	if (!out || !t)
		return ocop_set_error(OCOP_EINVAL, "ocop_template_check: NULL argument");
	*out = NULL;
	ocop_template_check_options o = OCOP_TEMPLATE_CHECK_OPTIONS_INIT;
	if (opts) {
		int err = ocop_check_version(OCOP_VERSIONED_TEMPLATE_CHECK, opts->version);
		if (err < 0)
			return err;
		o = *opts;
	}
	double dpi = o.dpi;
	if (dpi == 0 && *t->printer) {
		ocop_printer_profile p = OCOP_PRINTER_PROFILE_INIT;
		if (ocop_printer_profile_find(&p, t->printer) == 0)
			dpi = p.dpi;
	}
	if (dpi == 0)
		dpi = 203;
	ocop_diags *d = ocop_diags_alloc();
	ocop_record *own = NULL;
	const ocop_record *rec = o.record;
	if (!rec && al_typical_record(&own) == 0)
		rec = own;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PDF;
	ro.dpi = dpi;
	ro.thermal = o.thermal;
	ocop_renderer *r = NULL;
	char *url = NULL;
	if (ocop_renderer_new(&r, t, &ro) < 0) {
		ocop_diags_add_last_error(d);
	} else if (rec) {
		ocop_diags *rd = NULL;
		if (ocop_renderer_check(&rd, r, rec) < 0 && ocop_diags_errors(rd) == 0)
			ocop_diags_add_last_error(d); /* the layout's error: the record's own are not the template's */
		ocop_diags_free(rd);
		const ocop_diags *w = ocop_renderer_diags(r);
		for (size_t i = 0; i < ocop_diags_count(w); i++) {
			const ocop_diag *x = ocop_diags_get(w, i);
			ocop_diags_addc(d, x->severity, x->field, x->code, "%s", x->message);
		}
		if (ocop_trace_url(&url, t, rec) == 0)
			check_pos(d, t, dpi / 25.4, url, o.pos != 0);
	}
	check_boxes(d, t);
	free(url);
	ocop_renderer_free(r);
	ocop_record_free(own);
	*out = d;
	return ocop_diags_errors(d) ? ocop_set_error(OCOP_EREJECTED, "the template breaks %zu rules", ocop_diags_errors(d)) : 0;
}
