/* ocoplabel — the calibration label: millimetre rulers on two edges, a box on the label's edge, the settings in use. */
#include "render.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* s as a key file's value: backslashes and line breaks escaped, and braces doubled (no placeholders) */
static void append_value(GString *g, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': g_string_append(g, "\\\\"); break;
		case '\n': g_string_append(g, "\\n"); break;
		case '{': g_string_append(g, "{{"); break;
		case '}': g_string_append(g, "}}"); break;
		default: g_string_append_c(g, *s);
		}
	}
}

/* The label as a template: the box on the edge, the numbers of the rulers, the settings as text in the
 * calling thread's language (the label is drawn for the person running the calibration). */
static char *calibration_template(const ocop_printer_profile *p, double w, double h)
{
	GString *g = g_string_new(NULL);
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	/* NOTR: a template (key file) */
	g_string_append_printf(g, "[label]\nwidth=%s\nheight=%s\nfont=Noto Sans\nresolver=https://id.gs1.org\n",
	                       g_ascii_formatd(a, sizeof a, "%g", w), g_ascii_formatd(b, sizeof b, "%g", h));
	/* NOTR: a template (key file) */
	g_string_append_printf(g, "[element edge]\ntype=box\nx=0\ny=0\nwidth=%s\nheight=%s\nstroke=0.3\n", a, b);
	/* the numbers of the rulers every 10 mm: along the top edge, then down the left edge */
	for (int mm = 10; mm + 3 < w; mm += 10)
		/* NOTR: a template (key file) */
		g_string_append_printf(g, "[element top%d]\ntype=text\ntext=%d\nx=%d\ny=3.2\nwidth=6\nheight=2.6\nsize=6\n"
		                       "min_size=4\nalign=left\nwrap=false\n", mm, mm, mm - 1);
	for (int mm = 10; mm + 3 < h; mm += 10)
		/* NOTR: a template (key file) */
		g_string_append_printf(g, "[element left%d]\ntype=text\ntext=%d\nx=3.4\ny=%g\nwidth=6\nheight=2.6\nsize=6\n"
		                       "min_size=4\nalign=left\nwrap=false\nvalign=middle\n", mm, mm, mm - 1.3);
	const char *media = p->media == OCOP_MEDIA_MARK         ? C_("printer media", "black mark")
	                    : p->media == OCOP_MEDIA_CONTINUOUS ? C_("printer media", "continuous")
	                                                        : C_("printer media", "gap");
	char ox[G_ASCII_DTOSTR_BUF_SIZE], oy[G_ASCII_DTOSTR_BUF_SIZE], gap[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(ox, sizeof ox, "%g", p->offset_x);
	g_ascii_formatd(oy, sizeof oy, "%g", p->offset_y);
	g_ascii_formatd(gap, sizeof gap, "%g", p->gap > 0 ? p->gap : 2);
	char *info = g_strdup_printf(_("ocoplabel calibrate: %s, %s %d dpi, label %s x %s mm\n"
	                               "offset X %s mm, Y %s mm; %s %s mm\n"
	                               "The box must sit on the label's edge. Box cut off on the left: raise X; "
	                               "on the top: raise Y (--offset X,Y)."),
	                             *p->name ? p->name : C_("calibration label", "profile"),
	                             ocop_printer_language_name(p->language), p->dpi, a, b, ox, oy, media,
	                             p->media == OCOP_MEDIA_CONTINUOUS ? "-" : gap);
	/* NOTR: a template (key file) */
	g_string_append_printf(g, "[element info]\ntype=text\nx=10\ny=7\nwidth=%g\nheight=%g\nsize=7\nmin_size=4\n"
	                       "wrap=true\ntext=", w - 12, h - 9);
	append_value(g, info);
	g_string_append_c(g, '\n');
	g_free(info);
	return g_string_free(g, FALSE);
}

/* A black rectangle of dots into b (clipped). */
static void fill(ocop_bitmap *b, long x, long y, long w, long h)
{
	for (long yy = MAX(y, 0); yy < MIN(y + h, (long)b->height); yy++)
		for (long xx = MAX(x, 0); xx < MIN(x + w, (long)b->width); xx++)
			b->bits[yy * b->stride + xx / 8] |= (unsigned char)(0x80 >> (xx % 8));
}

/* Ticks every millimetre along the top and the left edge: 1 mm long, 2 mm every 5, 3 mm every 10. */
static void rulers(ocop_bitmap *b, double dpmm, long dx, long dy, double w, double h)
{
	long line = MAX(1, lround(0.15 * dpmm));
	for (int mm = 1; mm < w; mm++) {
		double len = mm % 10 == 0 ? 3 : mm % 5 == 0 ? 2 : 1;
		fill(b, lround(mm * dpmm) + dx, dy, line, lround(len * dpmm));
	}
	for (int mm = 1; mm < h; mm++) {
		double len = mm % 10 == 0 ? 3 : mm % 5 == 0 ? 2 : 1;
		fill(b, dx, lround(mm * dpmm) + dy, lround(len * dpmm), line);
	}
}

int ocop_printer_calibration(unsigned char **out, size_t *out_len, const ocop_printer_profile *p, double width_mm,
                             double height_mm)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!out || !out_len || !p)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_calibration: NULL argument");
	if (p->language != OCOP_PRINTER_TSPL && p->language != OCOP_PRINTER_ZPL)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_calibration: the profile has no printer language (TSPL or ZPL)");
	if (!(width_mm >= 20 && width_mm <= 300 && height_mm >= 15 && height_mm <= 300))
		return ocop_set_error(OCOP_EINVAL, "label size %g x %g mm is out of range (20 to 300 by 15 to 300 mm)", width_mm,
		                      height_mm);
	char *text = calibration_template(p, width_mm, height_mm);
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_record *rec = NULL;
	ocop_plan *plan = NULL;
	ocop_bitmap img = { 0 };
	GByteArray *job = g_byte_array_new();
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = p->language == OCOP_PRINTER_TSPL ? OCOP_FORMAT_TSPL : OCOP_FORMAT_ZPL;
	ro.printer = p;
	int err = ocop_template_load_data(&t, text, strlen(text), _("calibration label")); /* (names it in messages) */
	if (err == 0)
		err = ocop_renderer_new(&r, t, &ro);
	if (err == 0)
		err = ocop_record_new(&rec);
	double dpmm = 0;
	long dx = 0, dy = 0;
	if (err == 0) {
		dpmm = r->opts.dpi / 25.4;
		dx = lround(r->printer.offset_x * dpmm);
		dy = lround(r->printer.offset_y * dpmm);
		err = ocop_render_layout(&plan, r, rec, NULL, dpmm, 0);
	}
	if (err == 0)
		err = ocop_raster_plan(&img, r, plan, dx, dy);
	if (err == 0) {
		rulers(&img, dpmm, dx, dy, width_mm, height_mm);
		ocop_sink s = { .mem = job };
		ocop_job_label l = { &r->printer, &img, plan, dx, dy, "", 1 };
		err = ocop_printjob_begin(r, &s);
		if (err == 0)
			err = ocop_printjob_write(r, &s, &l);
	}
	if (err == 0 && !(*out = malloc(job->len)))
		err = ocop_set_error(OCOP_ENOMEM, "out of memory");
	if (err == 0) {
		memcpy(*out, job->data, job->len);
		*out_len = job->len;
	}
	g_byte_array_free(job, TRUE);
	ocop_bitmap_release(&img);
	ocop_plan_free(plan);
	ocop_record_free(rec);
	ocop_renderer_free(r);
	ocop_template_free(t);
	g_free(text);
	return err;
}

int ocop_printer_calibration_file(const char *path, const ocop_printer_profile *p, double width_mm, double height_mm)
{
	if (!path || !p)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_calibration_file: NULL argument");
	/* the file is a printer job: a name that says another format (cal.pdf) would hold what no viewer opens */
	const char *want = p->language == OCOP_PRINTER_ZPL ? ".zpl" : ".tspl";
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	if (dot && dot != base && g_ascii_strcasecmp(dot, want) != 0)
		return ocop_set_error(OCOP_EINVAL, "%s: a calibration label is a %s printer job, not a %s file; name it %.*s%s",
		                      path, ocop_printer_language_name(p->language), dot + 1, (int)(dot - base), base, want);
	unsigned char *job = NULL;
	size_t len = 0;
	int err = ocop_printer_calibration(&job, &len, p, width_mm, height_mm);
	ocop_tmpfile f;
	if (err == 0)
		err = ocop_tmpfile_open(&f, path);
	if (err == 0) {
		if (fwrite(job, 1, len, f.sink.fp) != len) {
			err = ocop_output_error(path, N_("cannot write"), errno);
			ocop_tmpfile_abort(&f);
		} else {
			err = ocop_tmpfile_commit(&f);
		}
	}
	free(job);
	return err;
}
