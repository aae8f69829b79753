/* ocoplabel — inside pdf: a font of the PDF (a CID font of a TrueType or OpenType face, or a Type 3 path font) and its writers (not installed). */
#ifndef OCOP_PDF_FONTS_H
#define OCOP_PDF_FONTS_H

#include "pdf.h"

struct ocop_pdf_font {
	cairo_font_face_t *face;   /* a reference: what the font is looked up by */
	ocop_pdf_fonts *fonts;     /* the table it is in (its lock) */
	int num;                   /* its resource name, /F<num>: given when first placed (0: not yet) */
	int obj;                   /* its font dictionary: made when the fonts are written */
	const ocop_path_font *pf;  /* a Type 3 font: the outlines; NULL: a CID font */
	unsigned n_glyphs;
	unsigned char *used;       /* per glyph: shown */
	char **text;               /* per glyph: the text it stands for (NULL: none known) */
	/* a CID font */
	struct hb_blob_t *blob;
	struct hb_face_t *hb;
	struct hb_font_t *hbf;
	unsigned upem;
	char *ps_name;
	int bbox[4], ascent, descent, cap_height; /* thousandths of an em */
	bool italic, fixed;
};


/* cid.c: f's file and metrics read through scaled font sf; glyph g's advance (ems); f's objects written */
int ocop_pdf_cid_open(ocop_pdf_font *f, cairo_scaled_font_t *sf);
double ocop_pdf_cid_advance(const ocop_pdf_font *f, unsigned g);
void ocop_pdf_cid_release(ocop_pdf_font *f);
int ocop_pdf_cid_write(ocop_pdf *pdf, ocop_pdf_font *f);
/* type3.c: path font f's objects written */
int ocop_pdf_type3_write(ocop_pdf *pdf, ocop_pdf_font *f);
/* fonts.c: the ToUnicode CMap of f (each glyph shown that stands for a text) as object obj */
int ocop_pdf_to_unicode_write(ocop_pdf *pdf, const ocop_pdf_font *f, int obj);

#endif
