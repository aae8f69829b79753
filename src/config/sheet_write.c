/* ocoplabel — a sheet file written from its numbers (for `template new --sheet` and the designer), checked first. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a number as a layout file writes it (config: ocop_kf_format) */
static const char *num(char buf[32], double v) { return ocop_kf_format(buf, v); }

int ocop_sheet_write(char **out, const ocop_sheet_spec *spec)
{
	if (!out || !spec)
		return ocop_set_error(OCOP_EINVAL, "ocop_sheet_write: NULL argument");
	*out = NULL;
	if (spec->version != OCOP_SHEET_SPEC_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_sheet_spec version %d is not supported (this library knows version %d)",
		                      spec->version, OCOP_SHEET_SPEC_VERSION);
	ocop_sheet_spec s = *spec;
	if (!(s.page_width >= 10 && s.page_width <= OCOP_MAX_LABEL_MM && s.page_height >= 10 && s.page_height <= OCOP_MAX_LABEL_MM))
		return ocop_set_error(OCOP_EINVAL, "the page is %gx%g mm; a sheet's page is 10 to %g mm each way", s.page_width,
		                      s.page_height, (double)OCOP_MAX_LABEL_MM);
	if (!(s.label_width >= 5 && s.label_width <= OCOP_MAX_LABEL_MM && s.label_height >= 5 && s.label_height <= OCOP_MAX_LABEL_MM))
		return ocop_set_error(OCOP_EINVAL, "the label is %gx%g mm; a sheet's label is 5 to %g mm each way", s.label_width,
		                      s.label_height, (double)OCOP_MAX_LABEL_MM);
	if (s.columns < 1 || s.rows < 1 || (long)s.columns * s.rows > OCOP_MAX_SHEET_POSITIONS)
		return ocop_set_error(OCOP_EINVAL, "a grid of %d x %d labels; a sheet has 1 to %d positions", s.columns, s.rows,
		                      OCOP_MAX_SHEET_POSITIONS);
	if (s.column_pitch == 0)
		s.column_pitch = s.label_width;
	if (s.row_pitch == 0)
		s.row_pitch = s.label_height;
	if (s.columns > 1 && s.column_pitch < s.label_width - 0.001)
		return ocop_set_error(OCOP_EINVAL, "a column pitch of %g mm is less than the %g mm label width: the labels overlap",
		                      s.column_pitch, s.label_width);
	if (s.rows > 1 && s.row_pitch < s.label_height - 0.001)
		return ocop_set_error(OCOP_EINVAL, "a row pitch of %g mm is less than the %g mm label height: the labels overlap",
		                      s.row_pitch, s.label_height);
	double gw = (s.columns - 1) * s.column_pitch + s.label_width, gh = (s.rows - 1) * s.row_pitch + s.label_height;
	if (gw > s.page_width + 0.01)
		return ocop_set_error(OCOP_EINVAL, "%d columns of %g mm labels at a pitch of %g mm are %g mm wide, more than the "
		                      "%g mm page", s.columns, s.label_width, s.column_pitch, gw, s.page_width);
	if (gh > s.page_height + 0.01)
		return ocop_set_error(OCOP_EINVAL, "%d rows of %g mm labels at a pitch of %g mm are %g mm high, more than the "
		                      "%g mm page", s.rows, s.label_height, s.row_pitch, gh, s.page_height);
	if (s.centred) {
		s.left = floor((s.page_width - gw) / 2 * 100 + 1e-9) / 100;
		s.top = floor((s.page_height - gh) / 2 * 100 + 1e-9) / 100;
	}
	if (!(s.left >= 0) || !(s.top >= 0) || s.left + gw > s.page_width + 0.01 || s.top + gh > s.page_height + 0.01)
		return ocop_set_error(OCOP_EINVAL, "the %gx%g mm grid from left=%g top=%g mm ends at %g x %g mm, past the %gx%g mm "
		                      "page", gw, gh, s.left, s.top, s.left + gw, s.top + gh, s.page_width, s.page_height);
	if (!(s.printable_margin >= 0 && s.printable_margin <= 50))
		return ocop_set_error(OCOP_EINVAL, "a printable margin of %g mm; 0 to 50 mm", s.printable_margin);
	char a[32], b[32], c[32], d[32];
	GString *t = g_string_new(NULL);
	/* NOTR: the comment at the head of a sheet file (English, as the shipped sheets' comments) */
	g_string_append_printf(t, "# ocoplabel sheet layout: %d x %d labels of %s x %s mm, written by 'ocoplabel template new'.\n"
	                       /* NOTR: sheet file comment */
	                       "# Measure your paper with a ruler and edit the numbers (mm), as templates/README.md says.\n\n[sheet]\n",
	                       s.columns, s.rows, num(a, s.label_width), num(b, s.label_height));
	if (s.description)
		g_string_append_printf(t, "description=%s\n", s.description);
	else {
		/* NOTR: the sheet's description in English (description[vi] follows in Vietnamese) */
		g_string_append_printf(t, "description=%s x %s mm page, %d x %d labels of %s x %s mm\n", num(a, s.page_width),
		                       num(b, s.page_height), s.columns, s.rows, num(c, s.label_width), num(d, s.label_height));
		/* NOTR: the sheet's description in Vietnamese */
		g_string_append_printf(t, "description[vi]=Trang %s x %s mm, %d x %d nhãn cỡ %s x %s mm\n", num(a, s.page_width),
		                       num(b, s.page_height), s.columns, s.rows, num(c, s.label_width), num(d, s.label_height));
	}
	if (s.template_name)
		g_string_append_printf(t, "template=%s\n", s.template_name);
	g_string_append_printf(t, "page_width=%s\npage_height=%s\nlabel_width=%s\nlabel_height=%s\ncolumns=%d\nrows=%d\n",
	                       num(a, s.page_width), num(b, s.page_height), num(c, s.label_width), num(d, s.label_height),
	                       s.columns, s.rows);
	g_string_append_printf(t, "left=%s\ntop=%s\ncolumn_pitch=%s\nrow_pitch=%s\n", num(a, s.left), num(b, s.top),
	                       num(c, s.column_pitch), num(d, s.row_pitch));
	if (s.printable_margin > 0)
		g_string_append_printf(t, "printable_margin=%s\n", num(a, s.printable_margin));
	*out = malloc(t->len + 1);
	if (*out)
		memcpy(*out, t->str, t->len + 1);
	g_string_free(t, TRUE);
	return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
}

int ocop_sheet_edges(const ocop_sheet *s, double out[4])
{
	if (!s || !out)
		return ocop_set_error(OCOP_EINVAL, "ocop_sheet_edges: NULL argument");
	double lx, ly, rx, ry, pm = ocop_sheet_printable_margin(s);
	double cw = ocop_sheet_label_width_mm(s), ch = ocop_sheet_label_height_mm(s);
	ocop_sheet_cell(s, 0, &lx, &ly);
	ocop_sheet_cell(s, ocop_sheet_positions(s) - 1, &rx, &ry);
	/* with room for the label's corner moved to the printer's dot grid (half a dot at 72 dpi) */
	double dist[4] = { lx, ly, ocop_sheet_page_width_mm(s) - rx - cw, ocop_sheet_page_height_mm(s) - ry - ch };
	for (int i = 0; i < 4; i++)
		out[i] = dist[i] < pm ? ceil((pm - dist[i] + 0.2) * 10) / 10 : 0;
	return 0;
}

int ocop_printer_profile_write(char **out, const ocop_printer_profile *p)
{
	if (!out || !p)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_profile_write: NULL argument");
	*out = NULL;
	int err = ocop_printer_profile_check(p);
	if (err < 0)
		return err;
	if (p->language != OCOP_PRINTER_TSPL && p->language != OCOP_PRINTER_ZPL)
		return ocop_set_error(OCOP_EINVAL, "a printer profile file says its language: tspl or zpl");
	static const char *const media[] = { "gap", "mark", "continuous" };
	char a[32], b[32];
	GString *t = g_string_new(NULL);
	/* NOTR: the comment at the head of a printer profile file */
	g_string_append_printf(t, "# ocoplabel printer profile, written by 'ocoplabel template new'%s%s.\n"
	                       /* NOTR: printer profile file comment */
	                       "# Edit it as templates/README.md says.\n\n[printer]\n",
	                       /* NOTR: printer profile file comment */
	                       p->name[0] ? " from " : "", p->name);
	if (p->description[0])
		g_string_append_printf(t, "description=%s\n", p->description);
	g_string_append_printf(t, "language=%s\ndpi=%d\n", p->language == OCOP_PRINTER_ZPL ? "zpl" : "tspl", p->dpi ? p->dpi : 203);
	if (p->darkness)
		g_string_append_printf(t, "darkness=%d\n", p->darkness);
	if (p->speed > 0)
		g_string_append_printf(t, "speed=%s\n", num(a, p->speed));
	g_string_append_printf(t, "media=%s\ngap=%s\ngap_offset=%s\ndirection=%d\n", media[p->media], num(a, p->gap),
	                       num(b, p->gap_offset), p->direction);
	g_string_append_printf(t, "offset_x=%s\noffset_y=%s\n", num(a, p->offset_x), num(b, p->offset_y));
	if (p->reference_x != 0 || p->reference_y != 0)
		g_string_append_printf(t, "reference_x=%s\nreference_y=%s\n", num(a, p->reference_x), num(b, p->reference_y));
	*out = malloc(t->len + 1);
	if (*out)
		memcpy(*out, t->str, t->len + 1);
	g_string_free(t, TRUE);
	return *out ? 0 : ocop_set_error(OCOP_ENOMEM, "out of memory");
}
