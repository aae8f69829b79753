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
	return ocop_text_fits(&ink, &log, w, h);
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

bool ocop_text_fits(const PangoRectangle *ink, const PangoRectangle *log, double w, double h)
{
	return log->height <= h * PANGO_SCALE + 1 && ocop_text_fits_width(ink, log, w);
}

int ocop_fit_guess_unwrapped(const ocop_elem *e, const PangoRectangle *ink, const PangoRectangle *log, long n_chars,
                             int n_lines, int *known_bad)
{
	double k = 1;
	if (ink->x + ink->width > 0)
		k = MIN(k, (e->w + 0.25) * PANGO_SCALE / (ink->x + ink->width));
	if (log->width > 0)
		k = MIN(k, (e->w * PANGO_SCALE + 1) / log->width);
	if (log->height > 0)
		k = MIN(k, (e->h * PANGO_SCALE + 1) / log->height);
	int guess = (int)floor(e->size * 10 * k);
	/* Extents scale with the size up to rounding of each glyph's position
	 * to a Pango unit: when one step up overshoots a limit by more than
	 * that, it cannot fit and need not be laid out. */
	double up = (guess + 1) / (e->size * 10);
	double wslack = n_chars / 2.0 + 8, hslack = 2.0 * n_lines + 4;
	*known_bad = (int)lround(e->size * 10);
	if (log->width * up > e->w * PANGO_SCALE + 1 + wslack || log->height * up > e->h * PANGO_SCALE + 1 + hslack ||
	    (ink->x + ink->width) * up > (e->w + 0.25) * PANGO_SCALE + wslack)
		*known_bad = guess + 1;
	return guess;
}

/* The largest size in 0.1 pt steps between min_size and size (exclusive) that fits, for a text that does
 * not fit at e->size: the same answer as a bisection over the whole range (fitting is monotonic in the
 * size), from far fewer layouts. Text without hinting scales linearly with its size, so the first guess
 * comes from the extents at full size (ocop_fit_guess_unwrapped(), or a line count for wrapped text); then
 * steps of 1, 2, 4 ... tenths from the guess bracket the answer and a bisection inside the bracket settles
 * it. About 2.5 layouts per shrunk text instead of 7-8. Every size that fits is tried larger than the last
 * one that did. Returns that size, or -1. */
int ocop_fit_search(const ocop_elem *e, int guess, int known_bad, ocop_fit_try try, void *ctx)
{
	int lo = (int)lround(e->min_size * 10), hi = (int)lround(e->size * 10) - 1;
	if (lo > hi)
		return -1;
	guess = CLAMP(guess, lo, hi);
	/* [good, bad): good fits (or is lo - 1), bad does not (or is hi + 1) */
	int good = lo - 1, bad;
	if (try(ctx, guess)) {
		good = guess;
		bad = MIN(known_bad, hi + 1);
		for (int step = 1; good + step < bad; step *= 2) {
			if (!try(ctx, good + step)) {
				bad = good + step;
				break;
			}
			good += step;
		}
	} else {
		bad = guess;
		for (int step = 1; bad - step >= lo; step *= 2) {
			if (try(ctx, bad - step)) {
				good = bad - step;
				break;
			}
			bad -= step;
		}
	}
	while (bad - good > 1) {
		int mid = good + (bad - good) / 2;
		if (try(ctx, mid))
			good = mid;
		else
			bad = mid;
	}
	return good >= lo ? good : -1;
}

/* Sizes of a whole layout: a copy of l at the size tried, the last that fits kept */
typedef struct layout_sizes {
	PangoLayout *l, *best;
	const ocop_elem *e;
} layout_sizes;

static bool layout_try(void *ctx, int tenths)
{
	layout_sizes *ls = ctx;
	PangoLayout *c = pango_layout_copy(ls->l);
	ocop_font_set_size(c, tenths / 10.0);
	if (!fits(c, ls->e->w, ls->e->h)) {
		g_object_unref(c);
		return false;
	}
	if (ls->best)
		g_object_unref(ls->best);
	ls->best = c;
	return true;
}

/* The layout of l's text at the largest size that fits (*tenths), or NULL (*tenths = -1). */
static PangoLayout *fit_size(PangoLayout *l, const ocop_elem *e, int *tenths)
{
	PangoRectangle ink, log;
	pango_layout_get_extents(l, &ink, &log);
	int guess, known_bad = (int)lround(e->size * 10);
	if (!e->wrap || pango_layout_get_line_count(l) <= 0) {
		guess = ocop_fit_guess_unwrapped(e, &ink, &log, pango_layout_get_character_count(l),
		                                 pango_layout_get_line_count(l), &known_bad);
	} else {
		/* Wrapped: each paragraph's width at full size (the sum of its lines)
		 * predicts its line count at a smaller size; the guess is the largest
		 * size whose predicted lines fit the height (optimistic: words do not
		 * fill lines exactly). */
		double k = 1;
		if (ink.x + ink.width > 0)
			k = MIN(k, (e->w + 0.25) * PANGO_SCALE / (ink.x + ink.width));
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
		int lo = (int)lround(e->min_size * 10);
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
	layout_sizes ls = { l, NULL, e };
	*tenths = ocop_fit_search(e, guess, known_bad, layout_try, &ls);
	return ls.best;
}

/* The lines of a laid-out text: byte ranges, left edges and baselines (mm from the layout's top-left). */
static void take_lines(ocop_fitted *f, const ocop_shaped_line *lines, int n)
{
	f->n_lines = n;
	f->lines = g_new0(ocop_plan_line, n ? n : 1);
	for (int i = 0; i < n; i++)
		f->lines[i] = (ocop_plan_line){ lines[i].start, lines[i].len, (double)lines[i].x / PANGO_SCALE,
		                                (double)lines[i].baseline / PANGO_SCALE };
}

int ocop_fit_text(ocop_fitted **out, ocop_renderer *r, const ocop_elem *e, size_t index, const char *text,
                  GArray *nobreak, const ocop_record *rec, const char *url, bool runs)
{
	*out = NULL;
	double lines_size;
	ocop_shaped *s = runs ? ocop_lines_fit(r, e, index, text, nobreak, &lines_size) : NULL;
	if (s) {
		ocop_fitted *f = g_new0(ocop_fitted, 1);
		f->shaped = s;
		f->size_pt = lines_size;
		f->unwrapped = true;
		take_lines(f, s->lines, s->n_lines);
		*out = f;
		return 0;
	}
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
	pango_layout_set_alignment(l, ocop_text_align(e));
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
	f->size_pt = size;
	f->shortened = shortened;
	f->unwrapped = pango_layout_get_width(l) < 0;
	if (runs) { /* (the layout is not kept) */
		f->shaped = ocop_shaped_from_layout(l);
		take_lines(f, f->shaped->lines, f->shaped->n_lines);
		g_object_unref(l);
	} else {
		int n;
		ocop_shaped_line *lines = ocop_layout_lines(l, &n);
		take_lines(f, lines, n);
		g_free(lines);
		f->l = l;
	}
	*out = f;
	return 0;
}

void *ocop_fitted_copy(const void *p)
{
	const ocop_fitted *f = p;
	if (f->l)
		return NULL; /* (a layout is its renderer's thread's) */
	ocop_fitted *c = g_memdup2(f, sizeof *f);
	ocop_shaped_ref(c->shaped);
	c->lines = g_memdup2(f->lines, sizeof *f->lines * (f->n_lines ? (gsize)f->n_lines : 1));
	return c;
}

void ocop_fitted_free(ocop_fitted *f)
{
	if (!f)
		return;
	if (f->l)
		g_object_unref(f->l);
	ocop_shaped_unref(f->shaped);
	g_free(f->lines);
	g_free(f);
}
