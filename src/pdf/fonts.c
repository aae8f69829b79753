/* ocoplabel — the PDF's fonts: one per face, glyphs shown with the text they stand for (ToUnicode), written at the end (cid.c, type3.c). */
#include "fonts.h"
#include <string.h>

struct ocop_pdf_fonts {
	GMutex lock;               /* workers look fonts up and mark the glyphs they show */
	GPtrArray *v;
	GPtrArray *numbered;       /* the fonts placed, in the order of their numbers (held by v) */
};

static void font_free(void *p)
{
	ocop_pdf_font *f = p;
	cairo_font_face_destroy(f->face);
	for (unsigned i = 0; f->text && i < f->n_glyphs; i++)
		g_free(f->text[i]);
	g_free(f->text);
	g_free(f->used);
	ocop_pdf_cid_release(f);
	g_free(f->ps_name);
	g_free(f);
}

ocop_pdf_fonts *ocop_pdf_fonts_new(void)
{
	ocop_pdf_fonts *f = g_new0(ocop_pdf_fonts, 1);
	g_mutex_init(&f->lock);
	f->v = g_ptr_array_new_with_free_func(font_free);
	f->numbered = g_ptr_array_new();
	return f;
}

void ocop_pdf_fonts_free(ocop_pdf_fonts *f)
{
	if (!f)
		return;
	g_ptr_array_free(f->numbered, TRUE);
	g_ptr_array_free(f->v, TRUE);
	g_mutex_clear(&f->lock);
	g_free(f);
}

static ocop_pdf_font *font_find(ocop_pdf_fonts *fs, cairo_font_face_t *face)
{
	for (guint i = 0; i < fs->v->len; i++) {
		ocop_pdf_font *f = g_ptr_array_index(fs->v, i);
		if (f->face == face)
			return f;
	}
	return NULL;
}

ocop_pdf_font *ocop_pdf_font_of(ocop_pdf *pdf, cairo_scaled_font_t *sf, cairo_font_face_t *face)
{
	ocop_pdf_fonts *fs = ocop_pdf_fonts_get(pdf);
	if (sf)
		face = cairo_scaled_font_get_font_face(sf);
	g_mutex_lock(&fs->lock);
	ocop_pdf_font *f = font_find(fs, face);
	if (f) {
		g_mutex_unlock(&fs->lock);
		return f;
	}
	if (fs->v->len >= 999) { /* (a name is /F and three digits) */
		g_mutex_unlock(&fs->lock);
		ocop_set_error(OCOP_ELIMIT, "a PDF takes at most 999 fonts");
		return NULL;
	}
	f = g_new0(ocop_pdf_font, 1);
	f->face = cairo_font_face_reference(face);
	f->fonts = fs;
	f->pf = sf ? NULL : ocop_path_font_of(face);
	int err = 0;
	if (!sf && !f->pf)
		err = ocop_set_error(OCOP_ERENDER, "a glyph font of the label has no outlines");
	else if (f->pf)
		f->n_glyphs = OCOP_PATH_GLYPHS;
	else
		err = ocop_pdf_cid_open(f, sf);
	if (err < 0) {
		font_free(f);
		g_mutex_unlock(&fs->lock);
		return NULL;
	}
	f->used = g_new0(unsigned char, f->n_glyphs ? f->n_glyphs : 1);
	f->text = g_new0(char *, f->n_glyphs ? f->n_glyphs : 1);
	g_ptr_array_add(fs->v, f);
	g_mutex_unlock(&fs->lock);
	return f;
}

int ocop_pdf_font_number(ocop_pdf *pdf, ocop_pdf_font *font)
{
	if (!font->num) {
		GPtrArray *numbered = ocop_pdf_fonts_get(pdf)->numbered;
		g_ptr_array_add(numbered, font);
		font->num = (int)numbered->len;
	}
	return font->num;
}

ocop_pdf_content *ocop_pdf_content_new(void)
{
	ocop_pdf_content *c = g_new(ocop_pdf_content, 1);
	c->ops = g_string_sized_new(4096);
	c->sites = g_array_new(FALSE, FALSE, sizeof(ocop_pdf_site));
	return c;
}

void ocop_pdf_content_free(ocop_pdf_content *c)
{
	if (!c)
		return;
	g_string_free(c->ops, TRUE);
	g_array_free(c->sites, TRUE);
	g_free(c);
}

/* glyph g's advance in text space units at size 1 (a CID font's em; a path font's mm) */
static double advance(const ocop_pdf_font *f, unsigned g)
{
	if (f->pf)
		return g < OCOP_PATH_GLYPHS ? f->pf->adv[g] : 0;
	return ocop_pdf_cid_advance(f, g);
}

/* the text glyph g stands for: of two, the one first in byte order (the same whichever thread shows which first) */
static void note_text(ocop_pdf_font *f, unsigned g, const char *s, int len)
{
	if (g >= f->n_glyphs)
		return;
	char *old = f->text[g];
	if (old && (strncmp(old, s, (size_t)len) < 0 || (strncmp(old, s, (size_t)len) == 0 && old[len] == 0)))
		return;
	g_free(old);
	f->text[g] = g_strndup(s, (gsize)len);
}

void ocop_pdf_show(ocop_pdf_content *content, ocop_pdf_font *font, const cairo_matrix_t *size, const cairo_glyph_t *g,
                   int n, const char *utf8, int n_bytes, const cairo_text_cluster_t *clusters, int n_clusters,
                   cairo_text_cluster_flags_t flags)
{
	GString *ops = content->ops;
	GMutex *lock = &font->fonts->lock;
	g_mutex_lock(lock);
	for (int i = 0; i < n; i++)
		if (g[i].index < font->n_glyphs)
			font->used[g[i].index] = 1;
	/* the text each glyph stands for: a cluster's text on its first glyph (its others stand for none) */
	int gi = 0, bi = (flags & CAIRO_TEXT_CLUSTER_FLAG_BACKWARD) ? n_bytes : 0;
	for (int c = 0; utf8 && c < n_clusters; c++) {
		const cairo_text_cluster_t *cl = &clusters[c];
		if (flags & CAIRO_TEXT_CLUSTER_FLAG_BACKWARD)
			bi -= cl->num_bytes;
		if (cl->num_glyphs > 0 && gi < n)
			note_text(font, (unsigned)g[gi].index, utf8 + bi, cl->num_bytes);
		gi += cl->num_glyphs;
		if (!(flags & CAIRO_TEXT_CLUSTER_FLAG_BACKWARD))
			bi += cl->num_bytes;
	}
	g_mutex_unlock(lock);
	bool cid = !font->pf;
	/* a CID font's glyphs are y up, a path font's y down like user space */
	double a = size->xx, b = size->yx, c = cid ? -size->xy : size->xy, d = cid ? -size->yy : size->yy;
	bool straight = b == 0 && c == 0 && a > 0; /* TJ moves along x by the widths */
	/* the font's name: /F and three digits, given when the label is placed */
	g_string_append(ops, "BT /F");
	ocop_pdf_site site = { ops->len, font };
	g_array_append_val(content->sites, site);
	g_string_append(ops, "000 1 Tf\n");
	bool open = false, in_string = false;
	double pen = 0, line_y = 0;
	for (int i = 0; i < n; i++) {
		unsigned gid = (unsigned)g[i].index;
		if (gid >= font->n_glyphs)
			continue;
		double adj = open ? -(g[i].x - pen) * 1000 / a : 0;
		if (!open || !straight || g[i].y != line_y || fabs(adj) > 30000) {
			if (in_string)
				g_string_append_c(ops, '>');
			if (open)
				g_string_append(ops, "] TJ\n");
			ocop_pdf_num(ops, a), ocop_pdf_num(ops, b), ocop_pdf_num(ops, c), ocop_pdf_num(ops, d);
			ocop_pdf_num(ops, g[i].x), ocop_pdf_num(ops, g[i].y);
			g_string_append(ops, "Tm [");
			open = true, in_string = false;
			line_y = g[i].y;
		} else if (fabs(adj) >= 0.05) {
			if (in_string)
				g_string_append_c(ops, '>');
			in_string = false;
			ocop_pdf_num(ops, round(adj * 10) / 10);
		}
		if (!in_string)
			g_string_append_c(ops, '<');
		in_string = true;
		static const char hex[] = "0123456789ABCDEF";
		if (cid) {
			g_string_append_c(ops, hex[gid >> 12 & 15]);
			g_string_append_c(ops, hex[gid >> 8 & 15]);
		}
		g_string_append_c(ops, hex[gid >> 4 & 15]);
		g_string_append_c(ops, hex[gid & 15]);
		pen = g[i].x + advance(font, gid) * a;
	}
	if (in_string)
		g_string_append_c(ops, '>');
	if (open)
		g_string_append(ops, "] TJ\n");
	g_string_append(ops, "ET\n");
}

/* ---- written at the end ---- */

int ocop_pdf_to_unicode_write(ocop_pdf *pdf, const ocop_pdf_font *f, int obj)
{
	bool cid = !f->pf;
	/* NOTR: PDF syntax (a CMap) */
	GString *s = g_string_new("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                          "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n");
	g_string_append(s, cid ? "<0000> <FFFF>\n" : "<00> <FF>\n");
	g_string_append(s, "endcodespacerange\n");
	GString *chunk = g_string_new(NULL);
	int in_chunk = 0;
	for (unsigned g = 0; g <= f->n_glyphs; g++) {
		if (in_chunk == 100 || (g == f->n_glyphs && in_chunk)) {
			g_string_append_printf(s, "%d beginbfchar\n%sendbfchar\n", in_chunk, chunk->str);
			g_string_truncate(chunk, 0);
			in_chunk = 0;
		}
		if (g == f->n_glyphs || !f->used[g] || !f->text[g] || !*f->text[g])
			continue;
		g_string_append_printf(chunk, cid ? "<%04X> <" : "<%02X> <", g);
		glong n = 0;
		gunichar2 *u16 = g_utf8_to_utf16(f->text[g], -1, NULL, &n, NULL);
		for (glong i = 0; u16 && i < n; i++)
			g_string_append_printf(chunk, "%04X", u16[i]);
		g_free(u16);
		g_string_append(chunk, ">\n");
		in_chunk++;
	}
	/* NOTR: PDF syntax (a CMap) */
	g_string_append(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	int err = ocop_pdf_write_stream(pdf, obj, NULL, s->str, s->len, true);
	g_string_free(chunk, TRUE);
	g_string_free(s, TRUE);
	return err;
}

int ocop_pdf_fonts_write(ocop_pdf_fonts *fs, ocop_pdf *pdf, int resources)
{
	int err = 0;
	GString *r = g_string_new("<< ");
	/* in the order of their numbers, each its objects */
	for (guint i = 0; i < fs->numbered->len && err == 0; i++) {
		ocop_pdf_font *f = g_ptr_array_index(fs->numbered, i);
		f->obj = ocop_pdf_object(pdf);
		err = f->pf ? ocop_pdf_type3_write(pdf, f) : ocop_pdf_cid_write(pdf, f);
		g_string_append_printf(r, "/F%03d %d 0 R ", f->num, f->obj);
	}
	g_string_append(r, ">>");
	if (err == 0)
		err = ocop_pdf_write_object(pdf, resources, r->str, r->len);
	g_string_free(r, TRUE);
	return err;
}
