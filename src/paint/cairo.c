/* ocoplabel — the cairo painter: a label plan drawn on any cairo surface, each element by its class; the PDF metadata. */
#include "paint.h"
#include <cairo-pdf.h>
#include <stdlib.h>
#include <time.h>

/* Vector output with glyph fonts: a PDF page, or a recording (a caller of
 * ocop_render_draw() that places labels in a PDF of its own). */
static bool target_is_pdf(cairo_t *cr)
{
	cairo_surface_type_t t = cairo_surface_get_type(cairo_get_target(cr));
	return t == CAIRO_SURFACE_TYPE_PDF || t == CAIRO_SURFACE_TYPE_RECORDING;
}

int ocop_paint_cairo(ocop_renderer *r, cairo_t *cr, const ocop_plan *p)
{
	int err = 0;
	cairo_surface_t *target = cairo_get_target(cr);
	if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE ||
	    cairo_image_surface_get_format(target) != CAIRO_FORMAT_A8) {
		/* (an ink-coverage image starts clear, which is white) */
		cairo_save(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, 0, 0, p->width, p->height);
		cairo_fill(cr);
		cairo_restore(cr);
	}
	bool type3 = target_is_pdf(cr);
	for (size_t i = 0; i < p->n_items && err == 0; i++) {
		const ocop_plan_item *it = &p->items[i];
		if (!it->present)
			continue;
		const ocop_element_class *c = ocop_element_class_of(it->kind);
		if (c->paint)
			err = c->paint(r, cr, p, it, type3);
	}
	cairo_status_t st = cairo_status(cr);
	if (!err && st != CAIRO_STATUS_SUCCESS)
		err = st == CAIRO_STATUS_NO_MEMORY ? ocop_set_error(OCOP_ENOMEM, "out of memory while drawing")
		                                   : ocop_set_error(OCOP_ERENDER, "drawing failed: %s", cairo_status_to_string(st));
	return err;
}

static long long creation_time(const ocop_render_options *o)
{
	if (o->creation_time > 0)
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

void ocop_pdf_facts(const ocop_renderer *r, char date[32], char subject[96])
{
	time_t ct = (time_t)creation_time(&r->opts);
	struct tm tm;
	gmtime_r(&ct, &tm);
	strftime(date, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* says which printer the codes were made for (their edges sit on its dots) */
	/* NOTR: the PDF's Subject metadata: a document's bytes do not depend on the language of whoever made it */
	g_snprintf(subject, 96, "OCOP label; barcodes made for %g dpi printers", r->vector_dpi);
}

void ocop_pdf_metadata(cairo_surface_t *s, const ocop_renderer *r, const char *title)
{
	char date[32], subject[96];
	ocop_pdf_facts(r, date, subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, OCOP_PDF_CREATOR);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subject);
	if (title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
}

cairo_status_t ocop_cairo_write(void *sink, const unsigned char *data, unsigned int len)
{
	return ocop_sink_write(sink, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}
