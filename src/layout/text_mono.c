/* ocoplabel — the text element in 1-bit output: each glyph's outline drawn with its marks kept at least a dot apart. */
#include "text.h"
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/* Vietnamese stacks up to two marks on a letter (ồ, ẫ, ặ) with gaps that are a
 * fraction of a dot at 203 dpi: thresholded to black and white they merge and
 * "trồng" reads "tròng". So each glyph's outline is split into its pieces
 * (a contour and the holes inside it); the largest piece (the letter) stays,
 * and every other piece that touches one already placed in the 1-bit image,
 * though the font keeps them apart, moves away from the letter vertically (up
 * when it is above the letter's middle, down when below: the dot under ạ), one
 * dot at a time and at most OCOP_MONO_MARK_SHIFT dots, until white dots part
 * them. Pieces the font joins (a horn on ơ, ư) stay joined; advances and line
 * positions are the layout's, unchanged. */

typedef struct piece {
	double x0, y0, x1, y1; /* device bounding box (control points included: never smaller than the ink) */
	double dx, dy;         /* its shift, device dots (dy <= 0: up) */
	bool bold;             /* a mark: drawn a little bolder, so its thin strokes do not break up */
} piece;

#define MAX_CONTOURS 64

static void box_add(piece *b, double x, double y)
{
	b->x0 = MIN(b->x0, x);
	b->x1 = MAX(b->x1, x);
	b->y0 = MIN(b->y0, y);
	b->y1 = MAX(b->y1, y);
}

typedef struct glyph_pieces {
	cairo_path_t *p;             /* the outline, user space */
	int n;                       /* contours */
	int start[MAX_CONTOURS + 1]; /* where each begins in p */
	int owner[MAX_CONTOURS];     /* the piece (outer contour) each belongs to */
	piece c[MAX_CONTOURS];       /* per contour; the shift is its owner's */
} glyph_pieces;

/* Appends the contours of piece `which` (-1: all), each moved by its piece's shift. */
static void pieces_path(cairo_t *cr, const glyph_pieces *gp, int which, bool shifted)
{
	for (int i = 0; i < gp->n; i++) {
		if (which >= 0 && gp->owner[i] != which)
			continue;
		double zx = shifted ? gp->c[gp->owner[i]].dx : 0, zy = shifted ? gp->c[gp->owner[i]].dy : 0;
		cairo_device_to_user_distance(cr, &zx, &zy);
		for (int k = gp->start[i]; k < gp->start[i + 1]; k += gp->p->data[k].header.length) {
			const cairo_path_data_t *d = &gp->p->data[k];
			double pt[3][2] = { { 0, 0 }, { 0, 0 }, { 0, 0 } };
			for (int q = 1; q < d->header.length && q <= 3; q++) {
				pt[q - 1][0] = d[q].point.x + zx;
				pt[q - 1][1] = d[q].point.y + zy;
			}
			switch (d->header.type) {
			case CAIRO_PATH_MOVE_TO: cairo_move_to(cr, pt[0][0], pt[0][1]); break;
			case CAIRO_PATH_LINE_TO: cairo_line_to(cr, pt[0][0], pt[0][1]); break;
			case CAIRO_PATH_CURVE_TO: cairo_curve_to(cr, pt[0][0], pt[0][1], pt[1][0], pt[1][1], pt[2][0], pt[2][1]); break;
			case CAIRO_PATH_CLOSE_PATH: cairo_close_path(cr); break;
			}
		}
	}
}

/* Fills piece `which` as it is drawn: moved, and a mark 0.3 dot bolder. */
static void piece_fill(cairo_t *cr, const glyph_pieces *gp, int which)
{
	cairo_new_path(cr);
	pieces_path(cr, gp, which, true);
	if (gp->c[which].bold) {
		double lw = 0.3, zero = 0;
		cairo_device_to_user_distance(cr, &lw, &zero);
		cairo_set_line_width(cr, fabs(lw));
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_fill_preserve(cr);
		cairo_stroke(cr);
	} else {
		cairo_fill(cr);
	}
}

/* Whether pieces a and b overlap in the font's design (a horn on its letter,
 * a letter drawn as overlapping strokes): ink of both, unshifted, in the same
 * spot of a rendering at 8 times the resolution. */
static bool joined(cairo_t *cr, const glyph_pieces *gp, int a, int b)
{
	const piece *pa = &gp->c[a], *pb = &gp->c[b];
	double x0 = MAX(pa->x0, pb->x0), x1 = MIN(pa->x1, pb->x1), y0 = MAX(pa->y0, pb->y0), y1 = MIN(pa->y1, pb->y1);
	if (x0 >= x1 || y0 >= y1)
		return false;
	const int k = 8;
	int w = (int)ceil((x1 - x0) * k) + 2, h = (int)ceil((y1 - y0) * k) + 2;
	if ((long)w * h > 1 << 20)
		return true; /* (never for a glyph; keep such pieces together) */
	unsigned char *ink[2];
	int stride = 0;
	cairo_surface_t *s[2];
	for (int pass = 0; pass < 2; pass++) {
		s[pass] = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
		cairo_t *m = cairo_create(s[pass]);
		cairo_matrix_t mat, up;
		cairo_get_matrix(cr, &mat);
		cairo_matrix_init_scale(&up, k, k);
		cairo_matrix_multiply(&mat, &mat, &up);
		mat.x0 -= floor(x0 * k) - 1;
		mat.y0 -= floor(y0 * k) - 1;
		cairo_set_matrix(m, &mat);
		pieces_path(m, gp, pass ? b : a, false);
		cairo_fill(m);
		cairo_destroy(m);
		cairo_surface_flush(s[pass]);
		ink[pass] = cairo_image_surface_get_data(s[pass]);
		stride = cairo_image_surface_get_stride(s[pass]);
	}
	if (!ink[0] || !ink[1]) { /* out of memory: the pieces are treated as apart */
		cairo_surface_destroy(s[0]);
		cairo_surface_destroy(s[1]);
		return false;
	}
	bool both = false;
	for (int y = 0; y < h && !both; y++)
		for (int x = 0; x < w && !both; x++)
			both = ink[0][y * stride + x] >= 128 && ink[1][y * stride + x] >= 128;
	cairo_surface_destroy(s[0]);
	cairo_surface_destroy(s[1]);
	return both;
}

/* Piece `which` as the final image would show it: drawn in the same device
 * position into a small mask of w x h dots from device (bx, by), black where
 * its coverage is at least half (the 1-bit threshold). */
static void piece_mask(cairo_t *cr, const glyph_pieces *gp, int which, int bx, int by, int w, int h, unsigned char *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
	cairo_t *m = cairo_create(s);
	cairo_matrix_t mat;
	cairo_get_matrix(cr, &mat);
	mat.x0 -= bx;
	mat.y0 -= by;
	cairo_set_matrix(m, &mat);
	piece_fill(m, gp, which);
	cairo_destroy(m);
	cairo_surface_flush(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	if (!d) { /* out of memory: an empty mask */
		memset(out, 0, (size_t)w * (size_t)h);
		cairo_surface_destroy(s);
		return;
	}
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			out[y * w + x] = d[y * stride + x] >= 128;
	cairo_surface_destroy(s);
}

/* Whether two masks have ink in the same or neighbouring dots. */
static bool touching(const unsigned char *a, const unsigned char *b, int w, int h)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			if (!a[y * w + x])
				continue;
			for (int v = MAX(y - 1, 0); v <= MIN(y + 1, h - 1); v++)
				for (int u = MAX(x - 1, 0); u <= MIN(x + 1, w - 1); u++)
					if (b[v * w + u])
						return true;
		}
	return false;
}

void ocop_mono_glyph_apart(cairo_t *cr, cairo_glyph_t g, ocop_mono_mask *out)
{
	glyph_pieces gp = { 0 };
	cairo_new_path(cr);
	cairo_glyph_path(cr, &g, 1);
	gp.p = cairo_copy_path(cr);
	cairo_new_path(cr);
	/* contours: each begins with a MOVE_TO */
	for (int i = 0; i < gp.p->num_data && gp.n <= MAX_CONTOURS; i += gp.p->data[i].header.length) {
		cairo_path_data_t *d = &gp.p->data[i];
		if (d->header.type == CAIRO_PATH_MOVE_TO) {
			if (gp.n == MAX_CONTOURS) {
				gp.n = MAX_CONTOURS + 1;
				break;
			}
			gp.start[gp.n] = i;
			gp.c[gp.n++] = (piece){ INFINITY, INFINITY, -INFINITY, -INFINITY, 0, 0, false };
		}
		for (int k = 1; gp.n && k < d->header.length; k++) {
			double x = d[k].point.x, y = d[k].point.y;
			cairo_user_to_device(cr, &x, &y);
			box_add(&gp.c[gp.n - 1], x, y);
		}
	}
	if (gp.n == 1) { /* nothing to keep apart: filled as it is, through a mask that can be kept */
		const piece *c = &gp.c[0];
		int bx = (int)floor(c->x0) - 2, by = (int)floor(c->y0) - 2;
		int w = (int)ceil(c->x1) + 2 - bx, h = (int)ceil(c->y1) + 2 - by;
		if (w > 0 && h > 0 && (long)w * h <= 65536) {
			cairo_t *mc = ocop_mask_begin(cr, w, h, bx, by);
			cairo_append_path(mc, gp.p);
			cairo_fill(mc);
			ocop_mask_end(cr, mc, bx, by, out);
			cairo_path_destroy(gp.p);
			return;
		}
	}
	if (gp.n > MAX_CONTOURS || gp.n < 2) { /* nothing to keep apart, or an unusual glyph: as it is */
		if (gp.n == 0 && out)
			out->empty = true; /* no outline (a space): nothing to draw, ever */
		cairo_append_path(cr, gp.p);
		cairo_fill(cr);
		cairo_path_destroy(gp.p);
		return;
	}
	gp.start[gp.n] = gp.p->num_data;
	/* pieces: a contour inside another one's box is part of it (a hole) */
	piece all = { INFINITY, INFINITY, -INFINITY, -INFINITY, 0, 0, false };
	for (int i = 0; i < gp.n; i++) {
		const piece *ci = &gp.c[i];
		box_add(&all, ci->x0, ci->y0);
		box_add(&all, ci->x1, ci->y1);
		gp.owner[i] = i;
		for (int j = 0; j < gp.n; j++) {
			const piece *cj = &gp.c[j];
			if (j != i && ci->x0 >= cj->x0 && ci->x1 <= cj->x1 && ci->y0 >= cj->y0 && ci->y1 <= cj->y1 &&
			    (ci->x0 > cj->x0 || ci->x1 < cj->x1 || ci->y0 > cj->y0 || ci->y1 < cj->y1)) {
				gp.owner[i] = j;
				break;
			}
		}
	}
	/* the anchor is the largest piece (the letter); the others move away
	 * from it, those above up and those below (a dot under ạ) down */
	int order[MAX_CONTOURS], m = 0, anchor = -1;
	double best = -1;
	for (int i = 0; i < gp.n; i++)
		if (gp.owner[i] == i) {
			double area = (gp.c[i].x1 - gp.c[i].x0) * (gp.c[i].y1 - gp.c[i].y0);
			if (area > best) {
				best = area;
				anchor = i;
			}
		}
	/* marks are the pieces that touch no other one in the design (a letter
	 * drawn as overlapping strokes, like h or t in some fonts, is not) and are
	 * small beside the letter: a ligature (ff, fi) is one glyph of two letters,
	 * and its second letter, as tall as the first, is not a mark to move */
	const double an_h = gp.c[anchor].y1 - gp.c[anchor].y0;
	for (int i = 0; i < gp.n; i++) {
		gp.c[i].bold = gp.owner[i] == i && i != anchor && gp.c[i].y1 - gp.c[i].y0 < OCOP_MONO_MARK_HEIGHT * an_h;
		for (int j = 0; j < gp.n && gp.c[i].bold; j++)
			if (j != i && gp.owner[j] == j && joined(cr, &gp, i, j))
				gp.c[i].bold = false;
	}
	const piece *an = &gp.c[anchor];
	double an_mid = (an->y0 + an->y1) / 2;
	order[m++] = anchor;
	/* above the anchor, lowest first; then below it, highest first (few pieces: insertion sort) */
	for (int i = 0; i < gp.n; i++)
		if (gp.owner[i] == i && i != anchor)
			order[m++] = i;
	for (int a = 1; a < m; a++)
		for (int b = a; b > 1; b--) {
			const piece *x = &gp.c[order[b]], *y = &gp.c[order[b - 1]];
			bool xup = (x->y0 + x->y1) / 2 <= an_mid, yup = (y->y0 + y->y1) / 2 <= an_mid;
			bool before = xup != yup ? xup : xup ? x->y1 > y->y1 : x->y0 < y->y0;
			if (!before)
				break;
			int t = order[b];
			order[b] = order[b - 1];
			order[b - 1] = t;
		}

	/* a piece that touches one already placed in the image, though the font
	 * keeps them apart, moves away a dot at a time (at most `lift`) */
	const int lift = OCOP_MONO_MARK_SHIFT;
	int bx = (int)floor(all.x0) - 2, by = (int)floor(all.y0) - lift - 2;
	int w = (int)ceil(all.x1) + 2 - bx, h = (int)ceil(all.y1) + lift + 2 - by;
	if (m < 2 && w > 0 && h > 0 && (long)w * h <= 65536) {
		/* one piece with holes: filled as it is, through a mask that can be kept */
		cairo_t *mc = ocop_mask_begin(cr, w, h, bx, by);
		piece_fill(mc, &gp, order[0]);
		ocop_mask_end(cr, mc, bx, by, out);
		cairo_path_destroy(gp.p);
		return;
	}
	if (m < 2 || w <= 0 || h <= 0 || (long)w * h > 65536) {
		for (int a = 0; a < m; a++)
			piece_fill(cr, &gp, order[a]);
		cairo_path_destroy(gp.p);
		return;
	}
	size_t wh = (size_t)w * (size_t)h;
	unsigned char *mask = g_malloc((size_t)m * wh);
	piece_mask(cr, &gp, order[0], bx, by, w, h, mask);
	for (int a = 1; a < m; a++) {
		piece *pc = &gp.c[order[a]];
		int dir = (pc->y0 + pc->y1) / 2 <= an_mid ? -1 : 1;
		unsigned char *mine = mask + (size_t)a * wh;
		/* a letter of a ligature stays where the font put it */
		if (pc->y1 - pc->y0 >= OCOP_MONO_MARK_HEIGHT * an_h) {
			piece_mask(cr, &gp, order[a], bx, by, w, h, mine);
			continue;
		}
		for (;;) {
			piece_mask(cr, &gp, order[a], bx, by, w, h, mine);
			bool clash = false;
			for (int b = 0; b < a && !clash; b++)
				clash = !joined(cr, &gp, order[a], order[b]) && touching(mine, mask + (size_t)b * wh, w, h);
			if (!clash || fabs(pc->dy) >= lift)
				break;
			pc->dy += dir;
		}
	}
	/* painted as the thresholded pieces themselves: the anti-aliased edges
	 * of two close pieces would add up to black dots between them */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
	cairo_surface_flush(s);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			bool ink = false;
			for (int a = 0; a < m && !ink; a++)
				ink = mask[(size_t)a * wh + (size_t)y * (size_t)w + (size_t)x];
			d[y * stride + x] = ink ? 255 : 0;
		}
	cairo_surface_mark_dirty(s);
	ocop_mask_paint(cr, s, bx, by, NULL, out);
	cairo_surface_destroy(s);
	g_free(mask);
	cairo_path_destroy(gp.p);
}
