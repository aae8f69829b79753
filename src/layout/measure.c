/* ocoplabel — text measured for the automatic layout: the height a text needs at a size in a width, as fit.c lays it out. */
#include "text.h"

double ocop_text_need(double *widest, ocop_renderer *r, const char *tmpl, bool bold, double size_pt, double width_mm,
                      const ocop_record *rec, const char *url)
{
	if (widest)
		*widest = 0;
	GArray *nobreak = g_array_new(FALSE, FALSE, sizeof(int));
	char *text = ocop_expand(tmpl, rec, url, nobreak);
	double need = 0;
	if (text && *text) {
		PangoLayout *l = ocop_font_layout(r, r->t->font, bold, size_pt);
		pango_layout_set_text(l, text, -1);
		ocop_text_keep_whole(l, nobreak); /* values kept whole, as fit.c keeps them */
		pango_layout_set_width(l, (int)(width_mm * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
		PangoRectangle ink, log;
		pango_layout_get_extents(l, &ink, &log);
		/* the test of fit.c: no line wider than the box, glyphs at most 0.25 mm outside it */
		if (!ocop_text_fits_width(&ink, &log, width_mm))
			need = -1;
		else
			need = (double)log.height / PANGO_SCALE;
		if (widest)
			*widest = (double)MAX(log.x + log.width, ink.x + ink.width) / PANGO_SCALE;
		g_object_unref(l);
	}
	g_free(text);
	g_array_free(nobreak, TRUE);
	return need;
}
