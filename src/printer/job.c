/* ocoplabel — print jobs: a label laid out at the printer's dots, rasterised, and handed to its language's writer. */
#include "printer.h"
#include <string.h>

/* The largest QR module and EAN module both languages can express (TSPL cell width, ZPL ^BQ and ^BY). */
#define NATIVE_MODULE_MAX_DOTS 10

ocop_printer_language ocop_renderer_language(const ocop_renderer *r) { return r->lang; }

char ocop_job_qr_ec(ocop_qr_ec ec) { return "?LMQH"[ec >= OCOP_QR_EC_L && ec <= OCOP_QR_EC_H ? ec : OCOP_QR_EC_M]; }

static const ocop_job_language *language_of(const ocop_renderer *r)
{
	return r->lang == OCOP_PRINTER_TSPL ? &ocop_tspl_language : &ocop_zpl_language;
}

void ocop_job_ean_data(const ocop_plan_ean *pe, char *buf, size_t size)
{
	size_t n = 0;
	for (const char *c = pe->text; *c && n + 1 < size; c++)
		if (*c >= '0' && *c <= '9')
			buf[n++] = *c;
	/* the printer adds the check digit */
	if (n > 0)
		n--;
	buf[n] = '\0';
}

int ocop_printjob_begin(ocop_renderer *r, ocop_sink *s)
{
	return language_of(r)->begin(s, &r->printer, r->t->width, r->t->height);
}

int ocop_printjob_write(ocop_renderer *r, ocop_sink *s, const ocop_job_label *l)
{
	return language_of(r)->label(s, l);
}

int ocop_job_codes(const ocop_job_language *lang, ocop_sink *s, const ocop_job_label *l)
{
	int err = 0;
	for (size_t i = 0; i < l->plan->n_items && err == 0; i++) {
		const ocop_plan_item *it = &l->plan->items[i];
		if (it->present && lang->native[it->kind])
			err = lang->native[it->kind](s, l, it);
	}
	return err;
}

/* With printer codes: every module a whole number of dots the language can send. */
static int check_native(const ocop_plan *p)
{
	for (size_t i = 0; i < p->n_items; i++) {
		const ocop_plan_item *it = &p->items[i];
		const ocop_element_class *c = ocop_element_class_of(it->kind);
		if (!it->present || !c->native_dots)
			continue;
		int dots = c->native_dots(it);
		if (dots > NATIVE_MODULE_MAX_DOTS)
			return ocop_set_error(OCOP_EINVAL,
			                      "[element %s]: its module is %d dots; printers draw codes with at most %d dots per "
			                      "module (leave out --printer-codes to send it as an image)",
			                      it->e->id, dots, NATIVE_MODULE_MAX_DOTS);
	}
	return 0;
}

int ocop_printjob_label(ocop_renderer *r, const ocop_record *rec, const char *url, long copies, ocop_sink *s)
{
	if (r->lang == OCOP_PRINTER_ANY)
		return ocop_set_error(OCOP_EINVAL, "this renderer was not made for a printer language (TSPL or ZPL)");
	double px = r->opts.dpi / 25.4;
	ocop_plan *p = NULL;
	int err = ocop_render_layout(&p, r, rec, url, px, 0);
	if (err < 0)
		return err;
	p->native_codes = r->opts.printer_codes != 0;
	if (p->native_codes && (err = check_native(p)) < 0) {
		ocop_plan_free(p);
		return err;
	}
	long dx = lround(r->printer.offset_x * px), dy = lround(r->printer.offset_y * px);
	ocop_bitmap img;
	if ((err = ocop_raster_plan(&img, r, p, dx, dy)) == 0) {
		ocop_job_label l = { &r->printer, &img, p, dx, dy, url, copies };
		err = ocop_printjob_write(r, s, &l);
		ocop_bitmap_release(&img);
	}
	ocop_plan_free(p);
	return err;
}
