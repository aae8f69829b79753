/* ocoplabel — text fitting with pango: the largest size that fits a box, wrapping, values kept whole, the last-resort shortening. */
#include "text.h"

/* Whether the laid-out text fits w x h (mm) without breaking inside a word. */
bool ocop_text_fits_width(const PangoRectangle *ink, const PangoRectangle *log, double w)
{
	return log->width <= w * PANGO_SCALE + 1 && ink->x >= -PANGO_SCALE / 4 && ink->x + ink->width <= (w + 0.25) * PANGO_SCALE;
}

static bool fits(PangoLayout *l, double w, double h)
{
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	return log.height <= h * PANGO_SCALE + 1 && ocop_text_fits_width(&ink, &log, w);
}

void ocop_text_keep_whole(PangoLayout *l, const GArray *nobreak)
{
	if (!nobreak || !nobreak->len)
		return;
	PangoAttrList *al = pango_attr_list_new();
	for (guint i = 0; i + 1 < nobreak->len; i += 2) {
		PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
		a->start_index = (guint)g_array_index(nobreak, int, i);
		a->end_index = (guint)g_array_index(nobreak, int, i + 1);
		pango_attr_list_insert(al, a);
	}
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
}

/* A copy of l at size tenths/10 pt, laid out, and whether it fits e's box. */
static PangoLayout *layout_at(PangoLayout *l, const ocop_elem *e, int tenths, bool *ok)
{
	PangoLayout *c = pango_layout_copy(l);
	ocop_font_set_size(c, tenths / 10.0);
	*ok = fits(c, e->w, e->h);
	return c;
}

/* The largest size in 0.1 pt steps between min_size and size that fits, for a
 * layout l at e->size that does not: the same answer as a bisection over the
 * whole range (fitting is monotonic in the size), from far fewer layouts.
 * Text without hinting scales linearly with its size, so the first guess
 * comes from l's extents: exact for unwrapped text (and the next size up is
 * then known not to fit without laying it out), a line-count prediction for
 * wrapped text; then steps of 1, 2, 4 ... tenths from the guess bracket the
 * answer and a bisection inside the bracket settles it. About 2.5 layouts
 * per shrunk text instead of 7-8.
 * Returns the layout at that size (*tenths) or NULL (*tenths = -1). */
static PangoLayout *fit_size(PangoLayout *l, const ocop_elem *e, int *tenths)
{
	int lo = (int)lround(e->min_size * 10), hi = (int)lround(e->size * 10) - 1;
	*tenths = -1;
	if (lo > hi)
		return NULL;
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	double k = 1;
	if (ink.x + ink.width > 0)
		k = MIN(k, (e->w + 0.25) * PANGO_SCALE / (ink.x + ink.width));
	int guess, known_bad = hi + 1;
	if (!e->wrap || pango_layout_get_line_count(l) <= 0) {
		if (log.width > 0)
			k = MIN(k, (e->w * PANGO_SCALE + 1) / log.width);
		if (log.height > 0)
			k = MIN(k, (e->h * PANGO_SCALE + 1) / log.height);
		guess = (int)floor(e->size * 10 * k);
		/* Extents scale with the size up to rounding of each glyph's position
		 * to a Pango unit: when one step up overshoots a limit by more than
		 * that, it cannot fit and need not be laid out. */
		double up = (guess + 1) / (e->size * 10);
		double wslack = pango_layout_get_character_count(l) / 2.0 + 8, hslack = 2.0 * pango_layout_get_line_count(l) + 4;
		if (log.width * up > e->w * PANGO_SCALE + 1 + wslack || log.height * up > e->h * PANGO_SCALE + 1 + hslack ||
		    (ink.x + ink.width) * up > (e->w + 0.25) * PANGO_SCALE + wslack)
			known_bad = guess + 1;
	} else {
		/* Wrapped: each paragraph's width at full size (the sum of its lines)
		 * predicts its line count at a smaller size; the guess is the largest
		 * size whose predicted lines fit the height (optimistic: words do not
		 * fill lines exactly). */
		double par[64], lh = (double)log.height / pango_layout_get_line_count(l);
		int n_par = 0;
		for (GSList *it = pango_layout_get_lines_readonly(l); it; it = it->next) {
			PangoLayoutLine *line = it->data;
			PangoRectangle lr;
			pango_layout_line_get_extents(line, NULL, &lr);
			if ((line->is_paragraph_start || n_par == 0) && n_par < (int)G_N_ELEMENTS(par))
				par[n_par++] = 0;
			par[n_par - 1] += lr.width;
		}
		guess = lo;
		for (int t = (int)floor(e->size * 10 * k); t >= lo; t--) {
			double kt = t / (e->size * 10);
			int lines = 0;
			for (int i = 0; i < n_par; i++)
				lines += MAX(1, (int)ceil(kt * par[i] / (e->w * PANGO_SCALE)));
			if (kt * lh * lines <= e->h * PANGO_SCALE + 1) {
				guess = t;
				break;
			}
		}
	}
	guess = CLAMP(guess, lo, hi);
	bool ok;
	PangoLayout *best = NULL, *c = layout_at(l, e, guess, &ok);
	/* [good, bad): good fits (or is lo - 1), bad does not (or is hi + 1) */
	int good, bad;
	if (ok) {
		best = c;
		good = guess;
		bad = MIN(known_bad, hi + 1);
		for (int step = 1; good + step < bad; step *= 2) {
			c = layout_at(l, e, good + step, &ok);
			if (!ok) {
				bad = good + step;
				g_object_unref(c);
				break;
			}
			g_object_unref(best);
			best = c;
			good += step;
		}
	} else {
		g_object_unref(c);
		bad = guess;
		good = lo - 1;
		for (int step = 1; bad - step >= lo; step *= 2) {
			c = layout_at(l, e, bad - step, &ok);
			if (ok) {
				good = bad - step;
				best = c;
				break;
			}
			g_object_unref(c);
			bad -= step;
		}
	}
	while (bad - good > 1) {
		int mid = good + (bad - good) / 2;
		c = layout_at(l, e, mid, &ok);
		if (ok) {
			if (best)
				g_object_unref(best);
			best = c;
			good = mid;
		} else {
			g_object_unref(c);
			bad = mid;
		}
	}
	*tenths = best ? good : -1;
	return best;
}

/* The lines of a laid-out text: byte ranges, left edges and baselines (mm from the layout's top-left). */
static void take_lines(ocop_fitted *f)
{
	int n = pango_layout_get_line_count(f->l);
	f->lines = g_new0(ocop_plan_line, n > 0 ? n : 1);
	PangoLayoutIter *it = pango_layout_get_iter(f->l);
	int i = 0;
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		if (i < n)
			f->lines[i++] = (ocop_plan_line){ line->start_index, line->length, (double)log.x / PANGO_SCALE,
			                                  (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE };
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	f->n_lines = i;
}

int ocop_fit_text(ocop_fitted **out, ocop_renderer *r, const ocop_elem *e, const char *text, GArray *nobreak,
                  const ocop_record *rec, const char *url)
{
	*out = NULL;
	const char *family = e->font ? e->font : r->t->font;
	double size = e->size;
	bool shortened = false;
	PangoLayout *l = ocop_font_layout(r, family, e->bold, e->size);
	pango_layout_set_text(l, text, -1);
	ocop_text_keep_whole(l, nobreak); /* a value (a date, a number with its unit) is not broken inside */
	if (e->wrap) {
		pango_layout_set_width(l, (int)(e->w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	}
	pango_layout_set_alignment(l, e->align < 0 ? PANGO_ALIGN_LEFT : e->align > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
	/* Largest size in 0.1 pt steps that fits, between min_size and size. */
	if (!fits(l, e->w, e->h)) {
		int best;
		PangoLayout *f = fit_size(l, e, &best);
		if (f) {
			g_object_unref(l);
			l = f;
			size = best / 10.0;
		} else {
			/* Even the smallest size does not fit whole words: allow breaks
			 * between characters, and shorten with an ellipsis as a last resort. */
			ocop_font_set_size(l, e->min_size);
			size = e->min_size;
			pango_layout_set_width(l, (int)(e->w * PANGO_SCALE));
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
			if (!fits(l, e->w, e->h)) {
				if (e->mandatory) {
					g_object_unref(l);
					/* named by the field whose value makes it long, on one line */
					char *field = rec ? ocop_text_blame(e->text, rec, url) : NULL;
					char *shown = ocop_text_oneline(text, 120);
					int err = ocop_set_error_at(OCOP_EREJECTED, field ? field : e->id, OCOP_CODE_DOES_NOT_FIT,
					                         "the text '%s' does not fit its %gx%g mm box even at %g pt, "
					                         "the smallest size of this element (mandatory text must keep letters of "
					                         "at least 1.2 mm); shorten it or use a larger label",
					                         shown, e->w, e->h, e->min_size);
					g_free(field);
					g_free(shown);
					return err;
				}
				pango_layout_set_height(l, (int)(e->h * PANGO_SCALE));
				pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
				shortened = true;
				char *shown = ocop_text_oneline(text, 120);
				char *msg = g_strdup_printf(_("text '%s' does not fit its %gx%g mm box even at %g pt; it was shortened"),
				                            shown, e->w, e->h, e->min_size);
				g_free(shown);
				ocop_renderer_warn(r, e->id, OCOP_CODE_SHORTENED, msg);
				g_free(msg);
			}
		}
	}
	ocop_fitted *f = g_new0(ocop_fitted, 1);
	f->l = l;
	f->size_pt = size;
	f->shortened = shortened;
	take_lines(f);
	*out = f;
	return 0;
}

void ocop_fitted_free(ocop_fitted *f)
{
	if (!f)
		return;
	if (f->l)
		g_object_unref(f->l);
	g_free(f->lines);
	g_free(f);
}
