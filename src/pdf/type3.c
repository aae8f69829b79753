/* ocoplabel — a path font in the PDF (layout's glyph fonts: EAN digits, the OCOP mark, star rows): a Type 3 font whose glyphs are its outlines, in mm. */
#include "fonts.h"

/* a path's operators (its points in glyph space: mm, y down); its box widened to hold them */
static void path_ops(GString *s, const cairo_path_t *path, double box[4])
{
	for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
		const cairo_path_data_t *d = &path->data[i];
		cairo_path_data_type_t t = d->header.type;
		if (t == CAIRO_PATH_CLOSE_PATH) {
			g_string_append(s, "h\n");
			continue;
		}
		int n = t == CAIRO_PATH_CURVE_TO ? 3 : 1;
		for (int k = 1; k <= n; k++) {
			double x = d[k].point.x, y = d[k].point.y;
			ocop_pdf_num(s, x);
			ocop_pdf_num(s, y);
			box[0] = MIN(box[0], x), box[1] = MIN(box[1], y), box[2] = MAX(box[2], x), box[3] = MAX(box[3], y);
		}
		g_string_append(s, t == CAIRO_PATH_MOVE_TO ? "m\n" : t == CAIRO_PATH_LINE_TO ? "l\n" : "c\n");
	}
}

int ocop_pdf_type3_write(ocop_pdf *pdf, ocop_pdf_font *f)
{
	int first = -1, last = -1;
	for (int g = 0; g < OCOP_PATH_GLYPHS; g++)
		if (f->used[g]) {
			if (first < 0)
				first = g;
			last = g;
		}
	if (first < 0)
		first = last = 0;
	GString *procs = g_string_new("<< "), *glyph = g_string_new(NULL), *diff = g_string_new(NULL),
	        *widths = g_string_new(NULL);
	double fbox[4] = { 0, 0, 0, 0 };
	int err = 0;
	for (int g = first; g <= last; g++) {
		ocop_pdf_num(widths, f->used[g] ? f->pf->adv[g] : 0);
		if (!f->used[g])
			continue;
		double box[4] = { 1e9, 1e9, -1e9, -1e9 };
		GString *body = g_string_new(NULL);
		for (int k = 0; k < OCOP_PATH_GLYPH_PARTS && f->pf->path[g][k]; k++) {
			path_ops(body, f->pf->path[g][k], box);
			g_string_append(body, "f\n");
		}
		if (box[0] > box[2])
			box[0] = box[1] = box[2] = box[3] = 0;
		g_string_truncate(glyph, 0);
		ocop_pdf_num(glyph, f->pf->adv[g]);
		g_string_append(glyph, "0 ");
		for (int i = 0; i < 4; i++)
			ocop_pdf_num(glyph, box[i]);
		g_string_append(glyph, "d1\n");
		g_string_append_len(glyph, body->str, body->len);
		g_string_free(body, TRUE);
		for (int i = 0; i < 2; i++)
			fbox[i] = MIN(fbox[i], box[i]), fbox[i + 2] = MAX(fbox[i + 2], box[i + 2]);
		int obj = ocop_pdf_object(pdf);
		int e = ocop_pdf_write_stream(pdf, obj, NULL, glyph->str, glyph->len, true);
		err = err < 0 ? err : e;
		g_string_append_printf(procs, "/g%d %d 0 R ", g, obj);
		g_string_append_printf(diff, "%d /g%d ", g, g);
	}
	g_string_append(procs, ">>");
	int tu = ocop_pdf_object(pdf);
	GString *s = g_string_new("<< /Type /Font /Subtype /Type3 /FontBBox [");
	for (int i = 0; i < 4; i++)
		ocop_pdf_num(s, fbox[i]);
	g_string_append_printf(s, "] /FontMatrix [1 0 0 1 0 0] /CharProcs %s /Encoding << /Type /Encoding /Differences [%s] >> "
	                       "/FirstChar %d /LastChar %d /Widths [%s] /Resources << >> /ToUnicode %d 0 R >>",
	                       procs->str, diff->str, first, last, widths->str, tu);
	int e = ocop_pdf_write_object(pdf, f->obj, s->str, s->len);
	err = err < 0 ? err : e;
	e = ocop_pdf_to_unicode_write(pdf, f, tu);
	g_string_free(s, TRUE);
	g_string_free(procs, TRUE);
	g_string_free(glyph, TRUE);
	g_string_free(diff, TRUE);
	g_string_free(widths, TRUE);
	return err < 0 ? err : e;
}

