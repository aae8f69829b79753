/* ocoplabel — the cairo painter: draws a label plan as PDF, SVG or PNG (and the PDF metadata). */
#include "renderer.h"
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

/* Vector output with glyph fonts: a PDF page, or a recording of a label that a
 * PDF document places (the only recordings ocoplabel makes). */
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
		switch (it->kind) {
		case OCOP_ELEM_TEXT: ocop_text_paint(cr, p, it); break;
		case OCOP_ELEM_MARK: ocop_badge_paint(r, cr, it, type3); break;
		case OCOP_ELEM_STARS: ocop_stars_paint(r, cr, it, type3); break;
		case OCOP_ELEM_QR:
			if (!p->native_codes) /* else the printer draws it */
				err = ocop_qr_paint(cr, p, it);
			break;
		case OCOP_ELEM_EAN: ocop_ean_paint(r, cr, p, it, type3); break;
		case OCOP_ELEM_LINE:
		case OCOP_ELEM_BOX: ocop_rule_paint(cr, it); break;
		}
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

int ocop_render_to_sink(ocop_renderer *r, const ocop_record *rec, const char *url, ocop_format fmt, ocop_sink *sink)
{
	int err = 0;
	const ocop_template *t = r->t;
	double wpt = t->width * 72 / 25.4, hpt = t->height * 72 / 25.4;
	double px_per_mm = fmt == OCOP_FORMAT_PNG ? r->opts.dpi / 25.4 : 0;
	if (fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL) {
		/* the label made first, so that a refused label writes nothing */
		GByteArray *label = g_byte_array_new();
		ocop_sink mem = { .mem = label };
		if ((err = ocop_printjob_label(r, rec, url, 1, &mem)) == 0 && (err = ocop_printjob_begin(r, sink)) == 0 &&
		    ocop_sink_write(sink, label->data, label->len) != 0)
			err = ocop_set_error(OCOP_EIO, "%s", g_strerror(sink->err ? sink->err : EIO));
		g_byte_array_free(label, TRUE);
		return err;
	}
	if (fmt != OCOP_FORMAT_PDF && fmt != OCOP_FORMAT_SVG && fmt != OCOP_FORMAT_PNG)
		return ocop_set_error(OCOP_EINVAL, "unknown output format");
	/* laid out before any surface exists: a refused label writes nothing */
	ocop_plan *p = NULL;
	if ((err = ocop_render_layout(&p, r, rec, url, px_per_mm)) < 0)
		return err;
	cairo_surface_t *s = NULL;
	/* SVG: made in memory, then its cairo ids renumbered (svg_ids.c) on the way to the sink */
	GByteArray *svg = NULL;
	ocop_sink svg_sink = { 0 };
	switch (fmt) {
	case OCOP_FORMAT_PDF:
		s = cairo_pdf_surface_create_for_stream(ocop_cairo_write, sink, wpt, hpt);
		ocop_pdf_metadata(s, r, ocop_record_get(rec, "name"));
		break;
	case OCOP_FORMAT_SVG:
		svg = svg_sink.mem = g_byte_array_new();
		s = cairo_svg_surface_create_for_stream(ocop_cairo_write, &svg_sink, wpt, hpt);
		break;
	default: {
		int w = (int)lround(t->width * px_per_mm), h = (int)lround(t->height * px_per_mm);
		/* Black on white only (no logo image): draw ink coverage into an 8-bit
		 * alpha image, a quarter of the memory of RGB24 and no colour conversion. */
		s = cairo_image_surface_create(r->logo_png || r->logo_svg ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_A8, w, h);
		break;
	}
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
	err = ocop_paint_cairo(r, cr, p);
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
		else if (svg) {
			/* handed on in pieces, as cairo writes them, so a receiver can stop early */
			GByteArray *out = ocop_svg_renumber(svg->data, svg->len);
			for (size_t at = 0; at < out->len && err == 0; at += 4096)
				if (ocop_sink_write(sink, out->data + at, MIN((size_t)out->len - at, (size_t)4096)) < 0)
					err = ocop_set_error(OCOP_EIO, "%s", g_strerror(sink->err ? sink->err : EIO));
			g_byte_array_free(out, TRUE);
		}
	}
done:
	cairo_surface_destroy(s);
	if (svg)
		g_byte_array_free(svg, TRUE);
	ocop_plan_free(p);
	return err;
}
