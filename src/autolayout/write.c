/* ocoplabel — the automatic layout written as a template (key-file text that ocop_template_load() reads). */
#include "autolayout.h"
#include <string.h>

/* a number as a layout file writes it (config: ocop_kf_format) */
static const char *num(char buf[32], double v) { return ocop_kf_format(buf, v); }

/* text for a value of a key file: line breaks as \n */
static void put_text(GString *s, const char *t)
{
	for (; *t; t++) {
		if (*t == '\n')
			g_string_append(s, "\\n");
		else if (*t == '\\')
			g_string_append(s, "\\\\");
		else
			g_string_append_c(s, *t);
	}
}

char *al_write(const al_ctx *c, const al_codes *k, const al_layout *L, double W, double H)
{
	char a[32], b[32], d[32], e[32];
	GString *s = g_string_new(NULL);
	/* NOTR: the comment at the head of a template file (English, as the shipped templates' comments) */
	g_string_append_printf(s, "# ocoplabel template for a %s x %s mm label, laid out by 'ocoplabel template new'\n",
	                       num(a, W), num(b, H));
	/* NOTR: template file comment */
	g_string_append_printf(s, "# for a %s dpi printer (%s): every code module is a whole number of its dots.\n",
	                       num(a, c->dpi), c->printer ? c->printer : c->thermal ? "thermal" : "standard");
	if (k->ean)
		/* NOTR: template file comment */
		g_string_append_printf(s, "# EAN: %d modules of %d dots = %s mm (%.0f %% of 0.330 mm), bars %s mm%s.\n", k->ean_modules,
		                       k->ean_dots, num(a, k->ean_x), k->ean_x / OCOP_EAN_X_NOMINAL_MM * 100, num(b, k->ean_bar),
		                       /* NOTR: template file text */
		                       k->ean_bar < k->ean_nominal - 0.05 ? " (truncated on purpose: for hand-held scanners)" : "");
	/* NOTR: template file comment */
	g_string_append_printf(s, "# %s: modules of %d dots = %s mm%s. Mandatory text at least 5 pt (letters of 1.2 mm);\n",
	                       /* NOTR: template file text */
	                       k->dm ? "Data Matrix" :
	                       /* NOTR: template file text */
	                               "QR code",
	                       k->qr_dots, num(a, k->qr_dots / c->grid),
	                       /* NOTR: template file text */
	                       c->pos ? ", within GS1's range for retail POS scanners" : "");
	if (c->ml > AL_MARGIN || c->mt > AL_MARGIN || c->mr > AL_MARGIN || c->mb > AL_MARGIN)
		/* NOTR: template file comment */
		g_string_append_printf(s, "# every box keeps %s, %s, %s and %s mm from the left, top, right and bottom edges (a sheet's\n"
		                       /* NOTR: template file comment */
		                       "# printable area). Edit it as templates/README.md says.\n\n[label]\n",
		                       num(a, c->ml), num(b, c->mt), num(d, c->mr), num(e, c->mb));
	else
		/* NOTR: template file comment */
		g_string_append(s, "# every box keeps 1.5 mm from the edges. Edit it as templates/README.md says.\n\n[label]\n");
	if (c->description) {
		g_string_append(s, "description=");
		put_text(s, c->description);
		g_string_append_c(s, '\n');
	} else {
		/* NOTR: the template's description in English (description[vi] follows in Vietnamese) */
		g_string_append_printf(s, "description=Automatic layout %s x %s mm%s\n", num(a, W), num(b, H),
		                       /* NOTR: template file text */
		                       c->pos ? ", 2D code for retail POS" : "");
		/* NOTR: the template's description in Vietnamese */
		g_string_append_printf(s, "description[vi]=Nhãn %s x %s mm bố trí tự động%s\n", num(a, W), num(b, H),
		                       /* NOTR: template file text */
		                       c->pos ? ", mã 2D quét được tại quầy thu ngân" : "");
	}
	g_string_append_printf(s, "width=%s\nheight=%s\n", num(a, W), num(b, H));
	if (c->thermal || c->printer)
		g_string_append(s, "profile=thermal\n");
	if (c->printer)
		g_string_append_printf(s, "printer=%s\n", c->printer);
	if (c->pos)
		g_string_append(s, "pos=true\n");
	static const char *const types[] = { [AL_MARK] = "mark", [AL_STARS] = "stars", [AL_TEXT] = "text", [AL_QR] = "qr",
	                                     [AL_DM] = "datamatrix", [AL_EAN] = "ean13", [AL_LINE] = "line" };
	for (int i = 0; i < L->n; i++) {
		const al_item *it = &L->items[i];
		g_string_append_printf(s, "\n[element %s]\ntype=%s\nx=%s\ny=%s\nwidth=%s\nheight=%s\n", it->id, types[it->kind],
		                       num(a, it->x), num(b, it->y), num(d, it->w), num(e, it->h));
		switch (it->kind) {
		case AL_TEXT:
			g_string_append(s, "text=");
			put_text(s, it->text);
			g_string_append_printf(s, "\nsize=%s\nmin_size=%s\n", num(a, it->size), num(b, AL_MIN_PT));
			if (it->bold)
				g_string_append(s, "bold=true\n");
			if (it->valign == 0)
				g_string_append(s, "valign=middle\n");
			break;
		case AL_QR:
			g_string_append(s, "ec=M\n");
			if (c->pos)
				g_string_append_printf(s, "min_module=%s\n", num(a, OCOP_POS_2D_MIN_MM));
			break;
		case AL_DM:
			if (c->pos)
				g_string_append_printf(s, "min_module=%s\n", num(a, OCOP_POS_2D_MIN_MM));
			break;
		case AL_EAN:
			g_string_append_printf(s, "module=%s\n", g_ascii_formatd(a, 32, "%.5f", k->ean_x));
			if (k->ean_bar < k->ean_nominal - 0.05)
				g_string_append_printf(s, "bar_height=%s\n", num(b, k->ean_bar));
			break;
		default:
			break;
		}
	}
	char *out = malloc(s->len + 1);
	if (out)
		memcpy(out, s->str, s->len + 1);
	g_string_free(s, TRUE);
	return out;
}
