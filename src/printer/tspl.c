/* ocoplabel — TSPL print jobs (TSC TSPL/TSPL2: TSC, Xprinter): the label as BITMAP bands, the codes as QRCODE and BARCODE. */
#include "printer.h"
#include <string.h>

/* NOTR: every format given to ocop_sink_printf() in this file is a TSPL command for the printer, never
 * translated; only the error messages (ocop_set_error) are. */

/* Only the standard TSPL2 commands: SIZE, GAP/BLINE, DIRECTION, REFERENCE,
 * SPEED, DENSITY, CLS, BITMAP, QRCODE, BARCODE, PRINT. Numbers are written
 * with '.' whatever the locale (g_ascii_formatd). */

static const char *mm(char *buf, double v)
{
	return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%g", v);
}

static int tspl_begin(ocop_sink *s, const ocop_printer_profile *pr, double width_mm, double height_mm)
{
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	int dpi = pr->dpi;
	double gap = pr->gap > 0 ? pr->gap : 2;
	int err = ocop_sink_printf(s, "SIZE %s mm,%s mm\r\n", mm(a, width_mm), mm(b, height_mm));
	if (err == 0) {
		switch (pr->media) {
		case OCOP_MEDIA_MARK:
			err = ocop_sink_printf(s, "BLINE %s mm,%s mm\r\n", mm(a, gap), mm(b, pr->gap_offset));
			break;
		case OCOP_MEDIA_CONTINUOUS:
			err = ocop_sink_printf(s, "GAP 0 mm,0 mm\r\n");
			break;
		default:
			err = ocop_sink_printf(s, "GAP %s mm,%s mm\r\n", mm(a, gap), mm(b, pr->gap_offset));
		}
	}
	if (err == 0)
		err = ocop_sink_printf(s, "DIRECTION %d\r\n", pr->direction);
	if (err == 0)
		err = ocop_sink_printf(s, "REFERENCE %ld,%ld\r\n", lround(pr->reference_x * dpi / 25.4),
		                       lround(pr->reference_y * dpi / 25.4));
	if (err == 0 && pr->speed > 0)
		err = ocop_sink_printf(s, "SPEED %s\r\n", mm(a, pr->speed));
	if (err == 0 && pr->darkness > 0)
		err = ocop_sink_printf(s, "DENSITY %d\r\n", pr->darkness);
	return err;
}

static bool row_blank(const ocop_bitmap *b, int y)
{
	const unsigned char *row = b->bits + (size_t)y * (size_t)b->stride;
	for (int i = 0; i < b->stride; i++)
		if (row[i])
			return false;
	return true;
}

/* One BITMAP of rows [y0, y1), bytes [c0, c1) of each: in TSPL a 0 bit prints, so the bits are inverted. */
static int band(ocop_sink *s, const ocop_bitmap *b, int y0, int y1)
{
	int c0 = b->stride, c1 = 0; /* the bytes with ink: only each row's margins outside [c0, c1) are read */
	for (int y = y0; y < y1; y++) {
		const unsigned char *row = b->bits + (size_t)y * (size_t)b->stride;
		int i = 0, j = b->stride;
		while (i < c0 && !row[i])
			i++;
		c0 = i < c0 ? i : c0;
		while (j > c1 && !row[j - 1])
			j--;
		c1 = j > c1 ? j : c1;
	}
	int err = ocop_sink_printf(s, "BITMAP %d,%d,%d,%d,0,", c0 * 8, y0, c1 - c0, y1 - y0);
	unsigned char buf[1024];
	for (int y = y0; y < y1 && err == 0; y++) {
		const unsigned char *row = b->bits + (size_t)y * (size_t)b->stride + c0;
		for (int i = 0; i < c1 - c0; i += (int)sizeof buf) {
			int n = MIN((int)sizeof buf, c1 - c0 - i);
			for (int k = 0; k < n; k++)
				buf[k] = (unsigned char)~row[i + k];
			if (ocop_sink_write(s, buf, (size_t)n) != 0) {
				err = ocop_set_error(OCOP_EIO, "cannot write: %s", g_strerror(s->err));
				break;
			}
		}
	}
	if (err == 0)
		err = ocop_sink_printf(s, "\r\n");
	return err;
}

/* White rows shorter than this stay inside a band: a new BITMAP command costs about as many bytes. */
#define BAND_GAP_ROWS 4

static int image(ocop_sink *s, const ocop_bitmap *b)
{
	int err = 0;
	int y = 0;
	while (y < b->height && err == 0) {
		while (y < b->height && row_blank(b, y))
			y++;
		if (y == b->height)
			break;
		int y0 = y, blank = 0;
		while (y < b->height && blank < BAND_GAP_ROWS) {
			blank = row_blank(b, y) ? blank + 1 : 0;
			y++;
		}
		err = band(s, b, y0, y - blank);
	}
	return err;
}

static int tspl_qr(ocop_sink *s, const ocop_job_label *l, const ocop_plan_item *it)
{
	const ocop_plan_qr *q = &it->u.qr;
	/* the URL is printable ASCII without '"' (percent-encoded by the trace stage) */
	int err = ocop_sink_printf(s, "QRCODE %ld,%ld,%c,%d,A,0,\"", q->x_dots + l->dx, q->y_dots + l->dy,
	                           ocop_job_qr_ec(q->ec), q->module_dots);
	if (err == 0 && ocop_sink_write(s, l->url, strlen(l->url)) != 0)
		err = ocop_set_error(OCOP_EIO, "cannot write: %s", g_strerror(s->err));
	if (err == 0)
		err = ocop_sink_printf(s, "\"\r\n");
	return err;
}

static int tspl_ean(ocop_sink *s, const ocop_job_label *l, const ocop_plan_item *it)
{
	const ocop_plan_ean *pe = &it->u.ean;
	char data[16];
	ocop_job_ean_data(pe, data, sizeof data);
	/* from the first bar (the plan's x is the left quiet zone's edge); no human-readable line:
	 * the digits are in the image, where the plan put them */
	return ocop_sink_printf(s, "BARCODE %ld,%ld,\"%s\",%ld,0,0,%d,%d,\"%s\"\r\n", pe->bars[0].l_dots + l->dx,
	                        pe->y_dots + l->dy, strlen(data) == 7 ? "EAN8" : "EAN13", pe->bar_h_dots,
	                        pe->module_dots, pe->module_dots, data);
}

static int tspl_label(ocop_sink *s, const ocop_job_label *l)
{
	int err = ocop_sink_printf(s, "CLS\r\n");
	if (err == 0)
		err = image(s, l->image);
	if (err == 0 && l->plan->native_codes)
		err = ocop_job_codes(&ocop_tspl_language, s, l);
	if (err == 0)
		err = ocop_sink_printf(s, "PRINT %ld\r\n", l->copies);
	return err;
}

const ocop_job_language ocop_tspl_language = {
	.lang = OCOP_PRINTER_TSPL,
	.begin = tspl_begin,
	.label = tspl_label,
	.native = { [OCOP_ELEM_QR] = tspl_qr, [OCOP_ELEM_EAN] = tspl_ean },
};
