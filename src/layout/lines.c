/* ocoplabel — unwrapped texts laid out one paragraph at a time: each line shaped alone and kept, the text composed of its lines where one Pango layout of it would place them. */
#include "text.h"
#include <string.h>

#define LINES_MAX 512       /* lines kept per element and generation (kept.c) */
#define LINES_SEEN_MAX 2048 /* lines made once whose return is watched for */

/* A paragraph laid out alone at one size: its glyphs, and its line's extents from its baseline
 * (pango_layout_line_get_extents) */
typedef struct line {
	ocop_shaped *s;
	PangoRectangle ink, log;
} line;

static void line_free(gpointer p)
{
	line *ln = p;
	ocop_shaped_unref(ln->s);
	g_free(ln);
}

static void *line_copy(const void *p)
{
	line *ln = g_memdup2(p, sizeof(line));
	ocop_shaped_ref(ln->s);
	return ln;
}

/* Whether a text lays out, paragraph by paragraph, as it does whole: line breaks only at its paragraph
 * ends ('\n'; none of the other breaks Pango makes), and only left-to-right scripts and the punctuation
 * of Vietnamese, Latin, Greek and Cyrillic text (a paragraph without a strong letter takes its direction
 * from the one before it, so no right-to-left letter may come before it), and no paragraph after the
 * first opening with a combining mark (HarfBuzz would put a dotted circle under a mark that opens its
 * text, not under one that follows a line break). */
static bool simple(const char *text)
{
	bool par_start = false;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\n') {
			par_start = true;
			continue;
		}
		if (par_start && g_unichar_ismark(c))
			return false;
		par_start = false;
		if (!((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0x590) || (c >= 0x1e00 && c < 0x2000) ||
		      (c >= 0x2010 && c < 0x2028) || (c >= 0x2030 && c < 0x205f) || (c >= 0x20a0 && c < 0x20d0) ||
		      (c >= 0x2100 && c < 0x2190)))
			return false;
	}
	return true;
}

typedef struct paragraphs {
	ocop_renderer *r;
	const ocop_elem *e;
	ocop_kept *kept;
	const char *text;
	const GArray *nobreak;
	int n, *start, *len;
	ocop_shaped *best; /* (fitting: the last size that fits) */
} paragraphs;

/* Paragraph i at size_pt, from the cache or laid out now; *own: the caller frees it (not kept) */
static line *line_at(const paragraphs *ps, int i, double size_pt, bool *own)
{
	const ocop_elem *e = ps->e;
	int s0 = ps->start[i], s1 = s0 + ps->len[i];
	GString *key = g_string_new(NULL);
	g_string_append_printf(key, "%d\x1f", (int)(size_pt * PANGO_SCALE + 0.5));
	g_string_append_len(key, ps->text + s0, ps->len[i]);
	GArray *nb = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint k = 0; ps->nobreak && k + 1 < ps->nobreak->len; k += 2) {
		int a = MAX(g_array_index(ps->nobreak, int, k), s0) - s0, b = MIN(g_array_index(ps->nobreak, int, k + 1), s1) - s0;
		if (a < b) {
			g_array_append_val(nb, a);
			g_array_append_val(nb, b);
			g_string_append_printf(key, "\x1f%d,%d", a, b);
		}
	}
	*own = false;
	line *ln = ocop_kept_find(ps->kept, key->str);
	if (!ln) {
		PangoLayout *l = ocop_font_layout(ps->r, e->font ? e->font : ps->r->t->font, e->bold, size_pt);
		pango_layout_set_text(l, ps->text + s0, ps->len[i]);
		ocop_text_keep_whole(l, nb);
		pango_layout_set_alignment(l, ocop_text_align(e));
		ln = g_new0(line, 1);
		ln->s = ocop_shaped_from_layout(l);
		pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), &ln->ink, &ln->log);
		g_object_unref(l);
		*own = !ocop_kept_add(ps->kept, key->str, ln);
	}
	g_array_free(nb, TRUE);
	g_string_free(key, TRUE);
	return ln;
}

/* The text at size_pt: its lines stacked and aligned as pango_layout_get_extents() places the lines of an
 * unwrapped layout (no width: the logical width is the widest line's, and lines are aligned within it;
 * no spacing, no indent). */
static ocop_shaped *compose(const paragraphs *ps, double size_pt)
{
	line **ls = g_new(line *, ps->n);
	bool *own = g_new(bool, ps->n);
	int width = 0, n_runs = 0;
	for (int i = 0; i < ps->n; i++) {
		ls[i] = line_at(ps, i, size_pt, &own[i]);
		width = MAX(width, ls[i]->log.width);
		n_runs += ls[i]->s->n_runs;
	}
	PangoAlignment align = ocop_text_align(ps->e);
	ocop_shaped *s = g_atomic_rc_box_new0(ocop_shaped);
	s->len = (int)strlen(ps->text);
	s->text = g_strndup(ps->text, (gsize)s->len);
	s->n_lines = ps->n;
	s->lines = g_new(ocop_shaped_line, ps->n);
	s->runs = g_new0(ocop_shaped_run, n_runs ? n_runs : 1);
	int y = 0;
	for (int i = 0; i < ps->n; i++) {
		const line *ln = ls[i];
		int x = 0; /* the line's place in the widest one (get_x_offset) */
		if (align == PANGO_ALIGN_RIGHT)
			x = width - ln->log.width;
		else if (align == PANGO_ALIGN_CENTER) {
			x = (width - ln->log.width) / 2;
			if (((width | ln->log.width) & (PANGO_SCALE - 1)) == 0)
				x = PANGO_UNITS_ROUND(x);
		}
		PangoRectangle ink = { ln->ink.x + x, y - ln->log.y + ln->ink.y, ln->ink.width, ln->ink.height };
		if (i == 0) {
			s->ink = ink;
		} else {
			int x0 = MIN(s->ink.x, ink.x), y0 = MIN(s->ink.y, ink.y);
			s->ink.width = MAX(s->ink.x + s->ink.width, ink.x + ink.width) - x0;
			s->ink.height = MAX(s->ink.y + s->ink.height, ink.y + ink.height) - y0;
			s->ink.x = x0, s->ink.y = y0;
		}
		s->lines[i] = (ocop_shaped_line){ ps->start[i], ps->len[i], ln->log.x + x, y - ln->log.y };
		/* the line laid out alone sits at x 0, y 0 of its layout */
		for (int k = 0; k < ln->s->n_runs; k++) {
			const ocop_shaped_run *from = &ln->s->runs[k];
			ocop_shaped_run *to = &s->runs[s->n_runs++];
			*to = *from;
			to->x += x;
			to->baseline += y;
			to->offset += ps->start[i];
			to->font = cairo_scaled_font_reference(from->font);
			to->glyphs = g_memdup2(from->glyphs, sizeof *from->glyphs * (gsize)(from->n_glyphs ? from->n_glyphs : 1));
			to->clusters = g_memdup2(from->clusters, sizeof *from->clusters * (gsize)(from->n_clusters ? from->n_clusters : 1));
		}
		y += ln->log.height;
	}
	s->log = (PangoRectangle){ 0, 0, width, y };
	for (int i = 0; i < ps->n; i++)
		if (own[i])
			line_free(ls[i]);
	g_free(ls);
	g_free(own);
	return s;
}

static bool lines_try(void *ctx, int tenths)
{
	paragraphs *ps = ctx;
	ocop_shaped *s = compose(ps, tenths / 10.0);
	if (!ocop_text_fits(&s->ink, &s->log, ps->e->w, ps->e->h)) {
		ocop_shaped_unref(s);
		return false;
	}
	ocop_shaped_unref(ps->best);
	ps->best = s;
	return true;
}

ocop_shaped *ocop_lines_fit(ocop_renderer *r, const ocop_elem *e, size_t index, const char *text, const GArray *nobreak,
                            double *size_pt)
{
	if (e->wrap || !simple(text))
		return NULL;
	ocop_kept *k = &r->ec[index].lines;
	if (!k->max)
		ocop_kept_init(k, LINES_MAX, LINES_SEEN_MAX, line_free, ocop_kept_shared_of(r, index, true), line_copy);
	paragraphs ps = { r, e, k, text, nobreak, 1, NULL, NULL, NULL };
	for (const char *p = text; *p; p++)
		ps.n += *p == '\n';
	ps.start = g_new(int, ps.n);
	ps.len = g_new(int, ps.n);
	const char *p = text;
	for (int i = 0; i < ps.n; i++) {
		const char *nl = strchr(p, '\n');
		ps.start[i] = (int)(p - text);
		ps.len[i] = nl ? (int)(nl - p) : (int)strlen(p);
		p = nl ? nl + 1 : p + ps.len[i];
	}
	ocop_shaped *s = compose(&ps, e->size);
	if (ocop_text_fits(&s->ink, &s->log, e->w, e->h)) {
		*size_pt = e->size;
	} else {
		int known_bad;
		int guess = ocop_fit_guess_unwrapped(e, &s->ink, &s->log, g_utf8_strlen(text, -1), ps.n, &known_bad);
		ocop_shaped_unref(s);
		int tenths = ocop_fit_search(e, guess, known_bad, lines_try, &ps);
		s = ps.best;
		if (tenths < 0) {
			ocop_shaped_unref(s); /* (none fits: the whole layout's last resorts, fit.c) */
			s = NULL;
		}
		*size_pt = tenths / 10.0;
	}
	g_free(ps.start);
	g_free(ps.len);
	return s;
}
