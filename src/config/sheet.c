/* ocoplabel — sheet layouts: the positions of labels on a page of decal sheets (key files in templates/sheets/). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>



struct ocop_sheet {
	char *name, *path, *template_name;
	ocop_kf_words description; /* in every language: chosen when asked for */
	double page_w, page_h, label_w, label_h, left, top, col_pitch, row_pitch;
	double printable_margin; /* the page border its printer cannot print, mm */
	int cols, rows;
};

static const char *const sheet_keys[] = {
	"description", "template", "page_width", "page_height", "label_width", "label_height",
	"columns", "rows", "left", "top", "column_pitch", "row_pitch", "printable_margin", NULL
};

void ocop_sheet_free(ocop_sheet *s)
{
	if (!s)
		return;
	g_free(s->name);
	ocop_kf_words_free(&s->description);
	g_free(s->path);
	g_free(s->template_name);
	g_free(s);
}


int ocop_sheet_load(ocop_sheet **out, const char *path)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_sheet_load: NULL argument");
	*out = NULL;
	char *data = NULL;
	gsize len = 0;
	/* NOTR: the kind of file, translated by ocop_kf_read() */
	int rerr = ocop_kf_read(path, "sheet file", &data, &len);
	if (rerr < 0)
		return rerr;
	ocop_kf c = { g_key_file_new(), path, 0 };
	GError *ge = NULL;
	ocop_sheet *s = g_new0(ocop_sheet, 1);
	char **groups = NULL;
	const char *g = "sheet";
	/* every language's description[LANG]=, not only the process locale's: chosen per thread */
	gboolean loaded = g_key_file_load_from_data(c.kf, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &ge);
	g_free(data);
	if (!loaded) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: %s", path, ge->message);
		goto done;
	}
	s->path = g_strdup(path);
	char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".ini"))
		base[strlen(base) - 4] = '\0';
	s->name = base;
	groups = g_key_file_get_groups(c.kf, NULL);
	for (int i = 0; groups[i] && !c.err; i++)
		if (strcmp(groups[i], g) != 0)
			ocop_kf_error(&c, groups[i], NULL, _("unknown section; a sheet file has one [sheet] section"));
	if (c.err)
		goto done;
	if (!g_key_file_has_group(c.kf, g)) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: missing the [sheet] section (page and label sizes, columns, rows)", path);
		goto done;
	}
	ocop_kf_check_keys(&c, g, sheet_keys);
	s->page_w = ocop_kf_num(&c, g, "page_width", 0, 10, OCOP_MAX_LABEL_MM, true);
	s->page_h = ocop_kf_num(&c, g, "page_height", 0, 10, OCOP_MAX_LABEL_MM, true);
	s->label_w = ocop_kf_num(&c, g, "label_width", 0, 5, OCOP_MAX_LABEL_MM, true);
	s->label_h = ocop_kf_num(&c, g, "label_height", 0, 5, OCOP_MAX_LABEL_MM, true);
	s->cols = ocop_kf_int(&c, g, "columns", 1, OCOP_MAX_SHEET_POSITIONS);
	s->rows = ocop_kf_int(&c, g, "rows", 1, OCOP_MAX_SHEET_POSITIONS);
	s->left = ocop_kf_num(&c, g, "left", 0, 0, OCOP_MAX_LABEL_MM, false);
	s->top = ocop_kf_num(&c, g, "top", 0, 0, OCOP_MAX_LABEL_MM, false);
	s->col_pitch = ocop_kf_num(&c, g, "column_pitch", s->label_w, s->label_w, OCOP_MAX_LABEL_MM, false);
	s->row_pitch = ocop_kf_num(&c, g, "row_pitch", s->label_h, s->label_h, OCOP_MAX_LABEL_MM, false);
	s->printable_margin = ocop_kf_num(&c, g, "printable_margin", 4, 0, 50, false);
	if (c.err)
		goto done;
	if ((long)s->cols * s->rows > OCOP_MAX_SHEET_POSITIONS) {
		c.err = ocop_set_error(OCOP_ELIMIT, "%s: %d x %d positions; at most %s are allowed", path, s->cols, s->rows,
		                       ocop_format_count((char[32]){ 0 }, 32, OCOP_MAX_SHEET_POSITIONS));
		goto done;
	}
	double right = s->left + (s->cols - 1) * s->col_pitch + s->label_w;
	double bottom = s->top + (s->rows - 1) * s->row_pitch + s->label_h;
	if (right > s->page_w + 0.01) {
		ocop_kf_error(&c, g, "columns", _("%d labels of %g mm from left=%g mm end at %g mm, past the %g mm page width"),
		              s->cols, s->label_w, s->left, right, s->page_w);
		goto done;
	}
	if (bottom > s->page_h + 0.01) {
		ocop_kf_error(&c, g, "rows", _("%d labels of %g mm from top=%g mm end at %g mm, past the %g mm page height"),
		              s->rows, s->label_h, s->top, bottom, s->page_h);
		goto done;
	}
	ocop_kf_words_read(&c, g, "description", &s->description);
	s->template_name = ocop_kf_str(&c, g, "template", "product-100x70");
done:
	if (ge)
		g_error_free(ge);
	g_strfreev(groups);
	g_key_file_free(c.kf);
	if (c.err) {
		ocop_sheet_free(s);
		return c.err;
	}
	*out = s;
	return 0;
}

static int load_sheet_v(void *out, const char *path) { return ocop_sheet_load(out, path); }

int ocop_sheet_find(ocop_sheet **out, const char *name)
{
	if (out)
		*out = NULL;
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_sheet_find: NULL argument");
	return ocop_kf_find(name, "sheets", "sheet", load_sheet_v, out);
}

int ocop_sheet_list(char ***out) { return ocop_kf_list(out, "sheets"); }

const char *ocop_sheet_name(const ocop_sheet *s) { return s ? s->name : NULL; }
const char *ocop_sheet_description(const ocop_sheet *s) { return s ? ocop_kf_words_get(&s->description) : ""; }
const char *ocop_sheet_template(const ocop_sheet *s) { return s && s->template_name ? s->template_name : ""; }
int ocop_sheet_positions(const ocop_sheet *s) { return s ? s->cols * s->rows : 0; }
double ocop_sheet_page_width_mm(const ocop_sheet *s) { return s ? s->page_w : 0; }
double ocop_sheet_printable_margin(const ocop_sheet *s) { return s->printable_margin; }
double ocop_sheet_page_height_mm(const ocop_sheet *s) { return s ? s->page_h : 0; }
double ocop_sheet_label_width_mm(const ocop_sheet *s) { return s ? s->label_w : 0; }
double ocop_sheet_label_height_mm(const ocop_sheet *s) { return s ? s->label_h : 0; }

void ocop_sheet_cell(const ocop_sheet *s, int pos, double *x, double *y)
{
	*x = s->left + (pos % s->cols) * s->col_pitch;
	*y = s->top + (pos / s->cols) * s->row_pitch;
}
