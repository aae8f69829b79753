/* ocoplabel — the pages of a PDF document: labels N-up on sheets (positions, offsets, outlines, crop marks) or one per page. */
#include "document.h"
#include <math.h>
#include <string.h>

/* how far the ink of t keeps from each edge of its label (left, top, right, bottom), from its elements'
 * boxes (a line's or box's stroke half outside them); the template's size when it has no element */
static void ink_sides(const ocop_template *t, double side[4])
{
	side[0] = side[2] = t->width;
	side[1] = side[3] = t->height;
	for (size_t i = 0; i < t->n_elems; i++) {
		const ocop_elem *e = &t->elems[i];
		double half = e->kind == OCOP_ELEM_LINE || e->kind == OCOP_ELEM_BOX ? e->stroke / 2 : 0;
		side[0] = MIN(side[0], e->x - half);
		side[1] = MIN(side[1], e->y - half);
		side[2] = MIN(side[2], t->width - e->x - e->w - half);
		side[3] = MIN(side[3], t->height - e->y - e->h - half);
	}
}

int ocop_pages_init(ocop_pages *p, const ocop_sheet *sh, const ocop_template *t, const ocop_document_options *o,
                    double dpi, char **warning)
{
	memset(p, 0, sizeof *p);
	*warning = NULL;
	p->sheet = sh;
	p->lw = t->width;
	p->lh = t->height;
	p->grid = dpi / 25.4;
	if (!sh && (o->first > 1 || o->outline || o->crop_marks || o->offset_x != 0 || o->offset_y != 0))
		return ocop_set_error(OCOP_EINVAL, "first position, outlines, crop marks and offsets need a sheet layout");
	if (!isfinite(o->offset_x) || !isfinite(o->offset_y) || fabs(o->offset_x) > OCOP_MAX_OFFSET_MM ||
	    fabs(o->offset_y) > OCOP_MAX_OFFSET_MM)
		return ocop_set_error(OCOP_EINVAL, "offset: %g,%g mm is out of range (-%g to %g)", o->offset_x, o->offset_y,
		                      OCOP_MAX_OFFSET_MM, OCOP_MAX_OFFSET_MM);
	if (!sh)
		return 0;
	int n = ocop_sheet_positions(sh);
	if (o->first < 0 || o->first > n) {
		char last[32];
		return ocop_set_error(OCOP_EINVAL, "first position %d is out of range: sheet %s has positions 1 to %s", o->first,
		                      ocop_sheet_name(sh), ocop_format_count(last, sizeof last, (unsigned long long)n));
	}
	double cw = ocop_sheet_label_width_mm(sh), ch = ocop_sheet_label_height_mm(sh);
	if (t->width > cw + 0.01 || t->height > ch + 0.01)
		return ocop_set_error(OCOP_EINVAL, "template %s is %g x %g mm, larger than the %g x %g mm labels of sheet %s",
		                      ocop_template_name(t), t->width, t->height, cw, ch, ocop_sheet_name(sh));
	p->first = o->first;
	p->outline = o->outline != 0;
	p->crop_marks = o->crop_marks != 0;
	p->ox = o->offset_x;
	p->oy = o->offset_y;
	p->dx = (cw - t->width) / 2;
	p->dy = (ch - t->height) / 2;
	/* labels whose ink would fall in the page border that printers leave
	 * white, unless the sheet file says its printer prints that close: on
	 * each side, the page's edge to the outer labels' cells, the template
	 * centred in its cell, and its elements' boxes inside the label */
	double lx, ly, rx, ry, pm = ocop_sheet_printable_margin(sh), ink[4];
	ocop_sheet_cell(sh, 0, &lx, &ly);
	ocop_sheet_cell(sh, n - 1, &rx, &ry);
	ink_sides(t, ink);
	double in = MIN(MIN(lx + p->dx + ink[0], ly + p->dy + ink[1]),
	                MIN(ocop_sheet_page_width_mm(sh) - rx - cw + p->dx + ink[2],
	                    ocop_sheet_page_height_mm(sh) - ry - ch + p->dy + ink[3]));
	if (in < pm - 0.01)
		*warning = g_strdup_printf(_("the labels of sheet %s come within %.1f mm of the page edge, inside the %g mm "
		                             "that printers leave unprinted: their outer text may be cut; set printable_margin "
		                             "in the sheet file if your printer prints closer"), ocop_sheet_name(sh), in, pm);
	p->placed = g_malloc0((size_t)n);
	return 0;
}

void ocop_pages_release(ocop_pages *p)
{
	g_free(p->placed);
	p->placed = NULL;
}

void ocop_pages_size(const ocop_pages *p, double *w, double *h)
{
	*w = p->sheet ? ocop_sheet_page_width_mm(p->sheet) : p->lw;
	*h = p->sheet ? ocop_sheet_page_height_mm(p->sheet) : p->lh;
}

void ocop_pages_next(ocop_pages *p, double *x, double *y)
{
	*x = *y = 0;
	if (!p->sheet) {
		p->pages++;
		return;
	}
	if (!p->page_open) {
		p->page_open = true;
		p->pages++;
		p->pos = p->pages == 1 && p->first > 1 ? p->first - 1 : 0;
	}
	ocop_sheet_cell(p->sheet, p->pos, x, y);
	/* the label's corner on a printer dot, so that its codes' edges are too */
	*x = round((*x + p->dx + p->ox) * p->grid) / p->grid;
	*y = round((*y + p->dy + p->oy) * p->grid) / p->grid;
}

/* ---- drawing on cairo's PDF surface or with the PDF writer ---- */

static void pen_save(const ocop_page_target *t)
{
	if (t->pdf)
		g_string_append(ocop_pdf_ops(t->pdf), "q\n");
	else
		cairo_save(t->cr);
}

static void pen_restore(const ocop_page_target *t)
{
	if (t->pdf)
		g_string_append(ocop_pdf_ops(t->pdf), "Q\n");
	else
		cairo_restore(t->cr);
}

static void pen_translate(const ocop_page_target *t, double x, double y)
{
	if (t->pdf) {
		GString *o = ocop_pdf_ops(t->pdf);
		g_string_append(o, "1 0 0 1 ");
		ocop_pdf_num(o, x), ocop_pdf_num(o, y);
		g_string_append(o, "cm\n");
	} else {
		cairo_translate(t->cr, x, y);
	}
}

static void pen_rect(const ocop_page_target *t, double x, double y, double w, double h)
{
	if (t->pdf) {
		GString *o = ocop_pdf_ops(t->pdf);
		ocop_pdf_num(o, x), ocop_pdf_num(o, y), ocop_pdf_num(o, w), ocop_pdf_num(o, h);
		g_string_append(o, "re\n");
	} else {
		cairo_rectangle(t->cr, x, y, w, h);
	}
}

/* the path stroked in gray (0 black) width mm wide */
static void pen_stroke(const ocop_page_target *t, double gray, double width)
{
	if (t->pdf) {
		GString *o = ocop_pdf_ops(t->pdf);
		ocop_pdf_num(o, gray), g_string_append(o, "G "), ocop_pdf_num(o, width), g_string_append(o, "w S\n");
	} else {
		cairo_set_source_rgb(t->cr, gray, gray, gray);
		cairo_set_line_width(t->cr, width);
		cairo_stroke(t->cr);
	}
}

/* the path filled black */
static void pen_fill(const ocop_page_target *t)
{
	if (t->pdf) {
		g_string_append(ocop_pdf_ops(t->pdf), "0 g f\n");
	} else {
		cairo_set_source_rgb(t->cr, 0, 0, 0);
		cairo_fill(t->cr);
	}
}

static int pen_page_end(const ocop_page_target *t)
{
	if (t->pdf)
		return ocop_pdf_page_end(t->pdf);
	cairo_show_page(t->cr);
	return 0;
}

void ocop_pages_outline(const ocop_pages *p, const ocop_page_target *t, double x, double y)
{
	if (!p->sheet || !p->outline)
		return;
	pen_save(t);
	pen_translate(t, x, y);
	pen_rect(t, 0, 0, p->lw, p->lh);
	pen_stroke(t, 0.6, 0.1);
	pen_restore(t);
}

int ocop_pages_advance(ocop_pages *p, const ocop_page_target *t)
{
	if (!p->sheet)
		return pen_page_end(t);
	p->placed[p->pos] = 1;
	if (++p->pos == ocop_sheet_positions(p->sheet))
		return ocop_pages_finish(p, t);
	return 0;
}

/* The parts of box b (x0, y0, x1, y1) outside every position of the sheet (shifted by dx, dy), filled. */
static void fill_outside_cells(const ocop_pages *p, const ocop_page_target *t, const double b[4])
{
	enum { MAX_PIECES = 64 };
	double piece[MAX_PIECES][4], next[MAX_PIECES][4];
	int n = 1;
	memcpy(piece[0], b, sizeof piece[0]);
	for (int i = 0; i < ocop_sheet_positions(p->sheet) && n > 0; i++) {
		double c[4];
		ocop_sheet_cell(p->sheet, i, &c[0], &c[1]);
		c[0] += p->dx, c[1] += p->dy, c[2] = c[0] + p->lw, c[3] = c[1] + p->lh;
		int m = 0;
		for (int k = 0; k < n; k++) {
			const double *q = piece[k];
			if (q[2] <= c[0] || q[0] >= c[2] || q[3] <= c[1] || q[1] >= c[3]) { /* apart: kept whole */
				if (m < MAX_PIECES)
					memcpy(next[m++], q, sizeof next[0]);
				continue;
			}
			/* what is left of q around c: above, below, left, right */
			double cut[4][4] = { { q[0], q[1], q[2], c[1] }, { q[0], c[3], q[2], q[3] },
				                 { q[0], MAX(q[1], c[1]), c[0], MIN(q[3], c[3]) },
				                 { c[2], MAX(q[1], c[1]), q[2], MIN(q[3], c[3]) } };
			for (int e = 0; e < 4; e++)
				if (cut[e][2] > cut[e][0] && cut[e][3] > cut[e][1] && m < MAX_PIECES)
					memcpy(next[m++], cut[e], sizeof next[0]);
		}
		memcpy(piece, next, sizeof piece[0] * (size_t)m);
		n = m;
	}
	for (int k = 0; k < n; k++)
		pen_rect(t, piece[k][0], piece[k][1], piece[k][2] - piece[k][0], piece[k][3] - piece[k][1]);
}

/* Marks along the label edges, where no label is (also the positions left empty, which may hold used
 * labels): each mark's stroke as rectangles outside every position, the same in every PDF reader (a clip
 * whose edges the positions share is drawn differently by Ghostscript and poppler). */
static void crop_marks(const ocop_pages *p, const ocop_page_target *t)
{
	const ocop_sheet *sh = p->sheet;
	int n = ocop_sheet_positions(sh);
	double lw = p->lw, lh = p->lh;
	const double gap = 0.5, len = 5, half = 0.15 / 2; /* a stroke 0.15 mm wide, butt ends */
	pen_save(t);
	pen_translate(t, p->ox, p->oy);
	for (int i = 0; i < n; i++) {
		if (!p->placed[i])
			continue;
		double x, y;
		ocop_sheet_cell(sh, i, &x, &y);
		x += p->dx;
		y += p->dy;
		double xs[2] = { x, x + lw }, ys[2] = { y, y + lh };
		for (int cx = 0; cx < 2; cx++)
			for (int cy = 0; cy < 2; cy++) {
				double sx = cx ? 1 : -1, sy = cy ? 1 : -1;
				double ax = xs[cx] + sx * gap, bx = xs[cx] + sx * (gap + len);
				double ay = ys[cy] + sy * gap, by = ys[cy] + sy * (gap + len);
				double horiz[4] = { MIN(ax, bx), ys[cy] - half, MAX(ax, bx), ys[cy] + half };
				double vert[4] = { xs[cx] - half, MIN(ay, by), xs[cx] + half, MAX(ay, by) };
				fill_outside_cells(p, t, horiz);
				fill_outside_cells(p, t, vert);
			}
	}
	pen_fill(t);
	pen_restore(t);
}

int ocop_pages_finish(ocop_pages *p, const ocop_page_target *t)
{
	if (!p->sheet || !p->page_open)
		return 0;
	if (p->crop_marks)
		crop_marks(p, t);
	p->page_open = false;
	p->pos = 0;
	memset(p->placed, 0, (size_t)ocop_sheet_positions(p->sheet));
	return pen_page_end(t);
}
