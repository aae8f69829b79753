/* ocoplabel — one label out: a record checked and prepared, laid out, and made in the chosen format (PDF, SVG, PNG by the cairo painter; TSPL, ZPL by the print-job writers) into a file, memory or a stream. */
#include "render.h"
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Validates rec, builds its trace URL with the renderer's resolver and today, and checks that every
 * element takes it at px_per_mm (its QR fits). */
int ocop_renderer_prepare(ocop_renderer *r, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags)
{
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = r->opts.today;
	ocop_diags *d = NULL;
	*url = NULL;
	int err = ocop_record_validate(&d, rec, &vo);
	if (err == 0) {
		ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
		ocop_template_link_options(&lo, r->t);
		if (r->opts.resolver && *r->opts.resolver)
			lo.resolver = r->opts.resolver;
		lo.today = r->opts.today;
		err = ocop_link_trace_url(url, rec, &lo);
		if (err == OCOP_EREJECTED)
			ocop_diags_add_last_error(d);
	}
	for (size_t i = 0; err == 0 && i < r->t->n_elems; i++) {
		const ocop_elem *e = &r->t->elems[i];
		const ocop_element_class *c = ocop_element_class_of(e->kind);
		if (c->prepare && c->prepare(r, e, *url, ocop_grid_of(r, px_per_mm)) < 0) {
			char *m = g_strdup(ocop_error_last()); /* not an argument of the call that overwrites it */
			ocop_diags_addc(d, OCOP_SEVERITY_ERROR, "trace_url", OCOP_CODE_DOES_NOT_FIT, "%s", m);
			err = ocop_set_error_at(OCOP_EREJECTED, "trace_url", OCOP_CODE_DOES_NOT_FIT, "%s", m);
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
	if ((err = ocop_render_layout(&p, r, rec, url, px_per_mm, 0)) < 0)
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

int ocop_render_draw(ocop_renderer *r, cairo_t *cr, const ocop_record *rec, const char *url, double px_per_mm)
{
	if (!cr)
		return ocop_set_error(OCOP_EINVAL, "ocop_render_draw: NULL cairo context");
	ocop_plan *p = NULL;
	int err = ocop_render_layout(&p, r, rec, url, px_per_mm, 0);
	if (err == 0)
		err = ocop_paint_cairo(r, cr, p);
	ocop_plan_free(p);
	return err;
}

ocop_format ocop_format_from_path(const char *path)
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
	if (g_ascii_strcasecmp(dot, ".tspl") == 0)
		return OCOP_FORMAT_TSPL;
	if (g_ascii_strcasecmp(dot, ".zpl") == 0)
		return OCOP_FORMAT_ZPL;
	return OCOP_FORMAT_AUTO;
}

static double px_for(const ocop_renderer *r, ocop_format fmt)
{
	bool raster = fmt == OCOP_FORMAT_PNG || fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL ||
	              (fmt == OCOP_FORMAT_AUTO && r->lang != OCOP_PRINTER_ANY);
	return raster ? r->opts.dpi / 25.4 : 0;
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
		/* laid out as for drawing, nothing drawn: mandatory text that does not fit */
		err = ocop_render_layout(NULL, r, rec, url, px, 0);
		if (err == OCOP_EREJECTED && out)
			ocop_diags_add_last_error(*out);
	}
	free(url);
	return err;
}

int ocop_renderer_render_file(ocop_renderer *r, const ocop_record *rec, const char *path)
{
	if (!r || !rec || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_file: NULL argument");
	ocop_format fmt = r->opts.format ? r->opts.format : ocop_format_from_path(path);
	if (fmt == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "%s: cannot tell the format; name the file .pdf, .png, .svg, .tspl or .zpl", path);
	if ((fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL) &&
	    r->lang != (fmt == OCOP_FORMAT_TSPL ? OCOP_PRINTER_TSPL : OCOP_PRINTER_ZPL)) {
		const char *lang = fmt == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL";
		return ocop_set_error(OCOP_EINVAL, "%s: a %s job needs a renderer made for %s (its options' format or printer profile)",
		                      path, lang, lang);
	}
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

/* A growing malloc'ed buffer that reports running out of memory instead of aborting. */
typedef struct membuf {
	unsigned char *data;
	size_t len, cap;
	bool oom;
} membuf;

static int membuf_write(void *payload, const unsigned char *data, size_t len)
{
	membuf *m = payload;
	if (len > m->cap - m->len) {
		size_t cap = m->cap ? m->cap : 64 * 1024;
		while (cap - m->len < len) {
			if (cap > SIZE_MAX / 2) {
				m->oom = true;
				return -1;
			}
			cap *= 2;
		}
		unsigned char *p = realloc(m->data, cap);
		if (!p) {
			m->oom = true;
			return -1;
		}
		m->data = p;
		m->cap = cap;
	}
	memcpy(m->data + m->len, data, len);
	m->len += len;
	return 0;
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
	membuf m = { NULL, 0, 0, false };
	ocop_sink sink = { .fn = membuf_write, .payload = &m };
	err = ocop_render_to_sink(r, rec, url, r->opts.format, &sink);
	free(url);
	if (err < 0 && m.oom)
		err = ocop_set_error(OCOP_ENOMEM, "out of memory for the output (%s bytes so far)",
		                     ocop_format_count((char[32]){ 0 }, 32, m.len));
	if (err < 0) {
		free(m.data);
		return err;
	}
	*out = m.data ? m.data : malloc(1);
	if (!*out)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	*out_len = m.len;
	return 0;
}

int ocop_renderer_render_stream(ocop_renderer *r, const ocop_record *rec, ocop_write_fn write, void *payload)
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
	ocop_sink sink = { .fn = write, .payload = payload };
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
