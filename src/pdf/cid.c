/* ocoplabel — a TrueType or OpenType face in the PDF: its file read through FreeType, subset by HarfBuzz to the glyphs shown (their ids kept), a CID font. */
#include "fonts.h"
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <hb-subset.h>
#include <hb.h>

static int per_em(long v, unsigned upem) { return (int)lround((double)v * 1000 / upem); }

int ocop_pdf_cid_open(ocop_pdf_font *f, cairo_scaled_font_t *sf)
{
	FT_Face ft = cairo_ft_scaled_font_lock_face(sf);
	if (!ft)
		return ocop_set_error(OCOP_ERENDER, "a font of the label cannot be read for the PDF");
	FT_ULong len = 0;
	unsigned char *data = NULL;
	int err = 0;
	if (FT_Load_Sfnt_Table(ft, 0, 0, NULL, &len) != 0 || len == 0 || !(data = g_try_malloc(len)) ||
	    FT_Load_Sfnt_Table(ft, 0, 0, data, &len) != 0) {
		err = ocop_set_error(OCOP_ERENDER, "font %s %s cannot be embedded in the PDF (not a TrueType or OpenType file)",
		                     ft->family_name ? ft->family_name : "?", ft->style_name ? ft->style_name : "");
		g_free(data);
	} else {
		f->blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, g_free);
		f->hb = hb_face_create(f->blob, (unsigned)(ft->face_index & 0xffff));
		f->hbf = hb_font_create(f->hb);
		f->upem = ft->units_per_EM ? ft->units_per_EM : 1000;
		hb_font_set_scale(f->hbf, (int)f->upem, (int)f->upem);
		f->n_glyphs = (unsigned)ft->num_glyphs;
		const char *ps = FT_Get_Postscript_Name(ft);
		f->ps_name = g_strdup(ps && *ps ? ps : "Font");
		for (char *c = f->ps_name; *c; c++) /* a PDF name: no delimiter, space or byte outside ASCII */
			if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_' && *c != '.' && *c != '+')
				*c = '-';
		f->bbox[0] = per_em(ft->bbox.xMin, f->upem), f->bbox[1] = per_em(ft->bbox.yMin, f->upem);
		f->bbox[2] = per_em(ft->bbox.xMax, f->upem), f->bbox[3] = per_em(ft->bbox.yMax, f->upem);
		f->ascent = per_em(ft->ascender, f->upem);
		f->descent = per_em(ft->descender, f->upem);
		TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
		f->cap_height = os2 && os2->version >= 2 ? per_em(os2->sCapHeight, f->upem) : f->ascent;
		f->italic = (ft->style_flags & FT_STYLE_FLAG_ITALIC) != 0;
		f->fixed = FT_IS_FIXED_WIDTH(ft);
	}
	cairo_ft_scaled_font_unlock_face(sf);
	return err;
}

double ocop_pdf_cid_advance(const ocop_pdf_font *f, unsigned g)
{
	return (double)hb_font_get_glyph_h_advance(f->hbf, g) / f->upem;
}

void ocop_pdf_cid_release(ocop_pdf_font *f)
{
	if (f->hbf)
		hb_font_destroy(f->hbf);
	if (f->hb)
		hb_face_destroy(f->hb);
	if (f->blob)
		hb_blob_destroy(f->blob);
}

/* six capital letters that name a subset: the same glyphs give the same tag */
static void subset_tag(const ocop_pdf_font *f, char tag[7])
{
	guint32 h = 2166136261u;
	for (unsigned g = 0; g < f->n_glyphs; g++)
		if (f->used[g])
			h = (h ^ g) * 16777619u;
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = 0;
}

int ocop_pdf_cid_write(ocop_pdf *pdf, ocop_pdf_font *f)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return ocop_set_error(OCOP_ENOMEM, "out of memory while embedding a font");
	hb_set_t *gs = hb_subset_input_glyph_set(in);
	hb_set_add(gs, 0);
	for (unsigned g = 0; g < f->n_glyphs; g++)
		if (f->used[g])
			hb_set_add(gs, g);
	/* glyph ids kept, so that the page's codes (glyph ids, CIDToGIDMap Identity) stay valid */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
	hb_face_t *sub = hb_subset_or_fail(f->hb, in);
	hb_subset_input_destroy(in);
	if (!sub)
		return ocop_set_error(OCOP_ERENDER, "font %s cannot be subset for the PDF", f->ps_name);
	hb_blob_t *blob = hb_face_reference_blob(sub);
	unsigned len = 0;
	const char *data = hb_blob_get_data(blob, &len);
	hb_blob_t *cff = hb_face_reference_table(f->hb, HB_TAG('C', 'F', 'F', ' '));
	bool is_cff = hb_blob_get_length(cff) > 0;
	hb_blob_destroy(cff);
	int file = ocop_pdf_object(pdf), desc = ocop_pdf_object(pdf), cidf = ocop_pdf_object(pdf),
	    tu = ocop_pdf_object(pdf);
	char dict[64];
	if (is_cff)
		g_snprintf(dict, sizeof dict, "/Subtype /OpenType ");
	else
		g_snprintf(dict, sizeof dict, "/Length1 %u ", len);
	int err = ocop_pdf_write_stream(pdf, file, dict, data, len, true);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	char tag[7];
	subset_tag(f, tag);
	GString *s = g_string_new(NULL);
	g_string_printf(s, "<< /Type /FontDescriptor /FontName /%s+%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d "
	                "/Ascent %d /Descent %d /CapHeight %d /StemV 80 /%s %d 0 R >>", tag, f->ps_name,
	                4 | (f->fixed ? 1 : 0) | (f->italic ? 64 : 0), f->bbox[0], f->bbox[1], f->bbox[2], f->bbox[3],
	                f->italic ? -12 : 0, f->ascent, f->descent, f->cap_height, is_cff ? "FontFile3" : "FontFile2", file);
	ocop_pdf_write_object(pdf, desc, s->str, s->len);
	/* NOTR: PDF syntax */
	g_string_printf(s, "<< /Type /Font /Subtype /%s /BaseFont /%s+%s /CIDSystemInfo << /Registry (Adobe) "
	                "/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R %s/DW 0 /W [", 
	                is_cff ? "CIDFontType0" : "CIDFontType2", tag, f->ps_name, desc,
	                is_cff ? "" : "/CIDToGIDMap /Identity ");
	for (unsigned g = 0; g < f->n_glyphs; g++)
		if (f->used[g]) {
			g_string_append_printf(s, "%u [", g);
			ocop_pdf_num(s, ocop_pdf_cid_advance(f, g) * 1000);
			g_string_append(s, "] ");
		}
	g_string_append(s, "] >>");
	ocop_pdf_write_object(pdf, cidf, s->str, s->len);
	g_string_printf(s, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H /DescendantFonts [%d 0 R] "
	                "/ToUnicode %d 0 R >>", tag, f->ps_name, cidf, tu);
	ocop_pdf_write_object(pdf, f->obj, s->str, s->len);
	g_string_free(s, TRUE);
	int e2 = ocop_pdf_to_unicode_write(pdf, f, tu);
	return err < 0 ? err : e2;
}

