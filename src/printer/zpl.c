/* ocoplabel — ZPL II print jobs (Zebra): the label as ^GFA graphics in the ZPL compression, the codes as ^BQ and ^BE/^B8. */
#include "printer.h"
#include <string.h>

/* NOTR: every format given to ocop_sink_printf() in this file is a ZPL command for the printer, never
 * translated; only the error messages (ocop_set_error) are. */

/* Only the standard ZPL II commands of the programming guide: ~SD, ^XA, ^PW,
 * ^LL, ^LH, ^MN, ^PO, ^PR, ^FO, ^GFA, ^BY, ^BQ, ^BE, ^B8, ^FD, ^FS, ^PQ, ^XZ. */

static int zpl_begin(ocop_sink *s, const ocop_printer_profile *pr, double width_mm, double height_mm)
{
	(void)width_mm, (void)height_mm; /* (^PW and ^LL go with each label) */
	/* the darkness is a printer setting, sent once before the labels */
	return pr->darkness > 0 ? ocop_sink_printf(s, "~SD%02d\n", pr->darkness) : 0;
}

/* The compressed-ASCII count prefix of n repeats (1 to any): z = 400, g..y = 20..380, G..Y = 1..19. */
static int put_count(char *out, int n)
{
	int k = 0;
	while (n >= 400) {
		out[k++] = 'z';
		n -= 400;
	}
	if (n >= 20) {
		out[k++] = (char)('g' + n / 20 - 1);
		n %= 20;
	}
	if (n > 0)
		out[k++] = (char)('G' + n - 1);
	return k;
}

/* One row of the image as ZPL compressed hex into out (at least 2 * stride + 2 bytes): runs of a digit
 * as a count and the digit, trailing zeros as ','. */
static int row_hex(const unsigned char *row, int stride, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	int n = 2 * stride, end = n;
	/* the digits, found on the fly: digit i is the high or low nibble of byte i / 2 */
#define DIGIT(i) hex[(i) % 2 ? row[(i) / 2] & 15 : row[(i) / 2] >> 4]
	while (end > 0 && DIGIT(end - 1) == '0')
		end--;
	int k = 0;
	for (int i = 0; i < end;) {
		char d = DIGIT(i);
		int run = 1;
		while (i + run < end && DIGIT(i + run) == d)
			run++;
		if (run > 1)
			k += put_count(out + k, run);
		out[k++] = d;
		i += run;
	}
#undef DIGIT
	if (end < n)
		out[k++] = ',';
	return k;
}

static int graphic(ocop_sink *s, const ocop_bitmap *b)
{
	long total = (long)b->stride * b->height;
	int err = ocop_sink_printf(s, "^FO0,0^GFA,%ld,%ld,%d,", total, total, b->stride);
	char *line = g_malloc((size_t)b->stride * 2 + 8);
	for (int y = 0; y < b->height && err == 0; y++) {
		const unsigned char *row = b->bits + (size_t)y * (size_t)b->stride;
		int k;
		if (y > 0 && memcmp(row, row - b->stride, (size_t)b->stride) == 0) {
			line[0] = ':'; /* the same as the row before */
			k = 1;
		} else {
			k = row_hex(row, b->stride, line);
		}
		if (ocop_sink_write(s, line, (size_t)k) != 0)
			err = ocop_set_error(OCOP_EIO, "cannot write: %s", g_strerror(s->err));
	}
	g_free(line);
	if (err == 0)
		err = ocop_sink_printf(s, "^FS\n");
	return err;
}

static int zpl_qr(ocop_sink *s, const ocop_job_label *l, const ocop_plan_item *it)
{
	const ocop_plan_qr *q = &it->u.qr;
	char ec = ocop_job_qr_ec(q->ec);
	/* model 2, the plan's module as the magnification; "ECC A," before the data: automatic mode */
	int err = ocop_sink_printf(s, "^FO%ld,%ld^BQN,2,%d,%c^FD%cA,", q->x_dots + l->dx, q->y_dots + l->dy,
	                           q->module_dots, ec, ec);
	if (err == 0 && ocop_sink_write(s, l->url, strlen(l->url)) != 0)
		err = ocop_set_error(OCOP_EIO, "cannot write: %s", g_strerror(s->err));
	if (err == 0)
		err = ocop_sink_printf(s, "^FS\n");
	return err;
}

static int zpl_ean(ocop_sink *s, const ocop_job_label *l, const ocop_plan_item *it)
{
	const ocop_plan_ean *pe = &it->u.ean;
	char data[16];
	ocop_job_ean_data(pe, data, sizeof data);
	return ocop_sink_printf(s, "^FO%ld,%ld^BY%d^%s,%ld,N,N^FD%s^FS\n", pe->bars[0].l_dots + l->dx, pe->y_dots + l->dy,
	                        pe->module_dots, strlen(data) == 7 ? "B8N" : "BEN", pe->bar_h_dots, data);
}

static int zpl_label(ocop_sink *s, const ocop_job_label *l)
{
	const ocop_printer_profile *pr = l->pr;
	static const char media[] = { 'Y', 'M', 'N' }; /* gap (web), black mark, continuous */
	int err = ocop_sink_printf(s, "^XA\n^PW%d\n^LL%d\n^LH%ld,%ld\n^MN%c\n^PO%c\n", l->image->width, l->image->height,
	                           lround(pr->reference_x * pr->dpi / 25.4), lround(pr->reference_y * pr->dpi / 25.4),
	                           media[pr->media], pr->direction ? 'I' : 'N');
	if (err == 0 && pr->speed > 0)
		err = ocop_sink_printf(s, "^PR%d\n", (int)pr->speed);
	if (err == 0)
		err = graphic(s, l->image);
	if (err == 0 && l->plan->native_codes)
		err = ocop_job_codes(&ocop_zpl_language, s, l);
	if (err == 0)
		err = ocop_sink_printf(s, "^PQ%ld\n^XZ\n", l->copies);
	return err;
}

const ocop_job_language ocop_zpl_language = {
	.lang = OCOP_PRINTER_ZPL,
	.begin = zpl_begin,
	.label = zpl_label,
	.native = { [OCOP_ELEM_QR] = zpl_qr, [OCOP_ELEM_EAN] = zpl_ean },
};
