/* ocoplabel — a template's elements and the one table of element kinds: each kind's keys, checks, plan, paint, glyphs and printer form (not installed). */
#ifndef OCOP_ELEMENT_H
#define OCOP_ELEMENT_H

#include "config.h"
#include <cairo.h>

/* The kinds of element a template may have; each has one class in the table (elements.c). */
typedef enum ocop_elem_kind {
	OCOP_ELEM_TEXT, OCOP_ELEM_MARK, OCOP_ELEM_STARS, OCOP_ELEM_QR, OCOP_ELEM_EAN, OCOP_ELEM_DATAMATRIX, OCOP_ELEM_LINE, OCOP_ELEM_BOX,
	OCOP_ELEM_KINDS
} ocop_elem_kind;

typedef struct ocop_elem {
	char *id;             /* group name without "element " */
	ocop_elem_kind kind;
	double x, y, w, h;    /* mm */
	char *text;           /* text template with {placeholders}; \n separates lines */
	char *font;           /* family, NULL = template default */
	bool bold;
	bool wrap;            /* TEXT: wrap lines to the width (else each line is kept whole) */
	int align;            /* -1 left, 0 centre, 1 right */
	double size, min_size;/* pt */
	int valign;           /* -1 top, 0 middle, 1 bottom */
	double stroke;        /* mm, LINE/BOX/MARK */
	char *image;          /* MARK: image file (absolute, resolved against the template dir) */
	ocop_qr_ec qr_ec;     /* QR: OCOP_QR_EC_L .. OCOP_QR_EC_H */
	double min_module;    /* QR, DATAMATRIX: smallest printable module, mm */
	bool dm_rect;         /* DATAMATRIX: shape=rectangle (else square) */
	double module;        /* EAN: X-dimension in mm; 0 = from magnification or the box width */
	double bar_height;    /* EAN: bar height in mm; 0 = nominal (22.85 mm x magnification) as room allows */
	double bwr;           /* EAN: bar width reduction, mm (or % of X when bwr_percent) */
	bool bwr_percent;
	bool light_margin;    /* EAN: print the '>' light-margin indicator */
	int mandatory;        /* TEXT: 1 when the text is mandatory label content (Decree 43: >= 1.2 mm letters) */
} ocop_elem;

#define OCOP_TEMPLATE_DESCRIPTION_LANGS 2
struct ocop_template {
	char *name, *description, *path, *dir, *resolver, *font, *mono_font;
	char *printer;        /* its default printer profile (printer=), "" when none */
	char *description_in[OCOP_TEMPLATE_DESCRIPTION_LANGS]; /* description[en], description[vi]: NULL when not given */
	char *growing_area_key, *packing_facility_key; /* Digital Link query keys ("" leaves the code out) */
	bool thermal;         /* profile=thermal: EAN-13 down to 75 % magnification allowed */
	bool pos;             /* pos=true: 2D code modules of at least OCOP_POS_2D_MIN_MM (GS1, retail POS) */
	double width, height;
	size_t n_elems;
	ocop_elem *elems;
};

/* n as the thread's language writes a count in a message ("8.388.608" in Vietnamese, "8388608" in English), in a
 * buffer that lives to the end of the enclosing block */
#define OCOP_COUNT(n) ocop_format_count((char[32]){ 0 }, 32, (unsigned long long)(n))

/* Ink keeps this far (mm) from every edge of a built-in template's label: cut lines wander that much. */
#define OCOP_INK_MARGIN_MM 1.0

typedef struct ocop_plan ocop_plan;
typedef struct ocop_plan_item ocop_plan_item;
typedef struct ocop_path_font ocop_path_font;
typedef struct ocop_glyphs ocop_glyphs;

/* What an element kind does at each stage. A NULL operation does nothing (and succeeds). Adding a
 * kind: a file with its class, its enum value above and its row in elements.c (docs/DESIGN.md). */
typedef struct ocop_element_class {
	const char *name;     /* type= in a template */
	bool thin;            /* its box may be 0 wide or high (a line) */
	bool first;           /* planned before the others: it may refuse the label (mandatory text) */
	const char *const *keys; /* the keys of its own that a template may give (NULL-terminated), read by load */
	/* template.c: the kind's own keys of group g into e, after the keys every element has */
	void (*load)(ocop_kf *c, const char *g, const ocop_template *t, ocop_elem *e);
	/* a new renderer: e's geometry is one this output allows (OCOP_EINVAL "PATH: [element ID] ...") */
	int (*check)(ocop_renderer *r, const ocop_elem *e);
	/* a record before layout: its URL fits e at grid dots per mm (OCOP_EENCODE with the reason) */
	int (*prepare)(ocop_renderer *r, const ocop_elem *e, const char *url, double grid);
	/* it placed on the plan (it->present when there is something to draw) */
	int (*plan)(ocop_renderer *r, const ocop_plan *p, ocop_plan_item *it, const ocop_record *rec, const char *url);
	void (*release)(ocop_plan_item *it);
	/* it made drawable by another thread than r's (a document's placing thread): no Pango object of r's
	 * left in it (ocop_plan_detach()); NULL: it holds none */
	void (*detach)(ocop_plan_item *it);
	/* it drawn on cr (type3: a PDF target, where glyph fonts draw what repeats) */
	int (*paint)(ocop_renderer *r, cairo_t *cr, const ocop_plan *p, const ocop_plan_item *it, bool type3);
	/* the glyph fonts a document of r needs for element index, made in g (glyphs.c) */
	void (*glyphs)(ocop_renderer *r, ocop_glyphs *g, size_t index);
	/* e drawn with n stars as the outlines of glyph n of pf (elements drawn as one glyph) */
	void (*outline)(ocop_renderer *r, const ocop_elem *e, int n, ocop_path_font *pf);
	/* the module of a code the printer can draw itself (printer codes), in dots; NULL: stays in the image */
	int (*native_dots)(const ocop_plan_item *it);
} ocop_element_class;

/* elements.c: the class of kind k, and the kind a template's type= names (false when none) */
const ocop_element_class *ocop_element_class_of(ocop_elem_kind k);
bool ocop_element_kind_named(const char *name, ocop_elem_kind *out);
/* "text, mark, stars, ..." in table order, for messages */
const char *ocop_element_kind_names(void);

/* the classes, one per file: elem_text.c, elem_badge.c (mark, stars), elem_qr.c, elem_ean.c, elem_datamatrix.c,
 * elem_rule.c (line, box) */
extern const ocop_element_class ocop_text_class, ocop_mark_class, ocop_stars_class, ocop_qr_class, ocop_ean_class,
	ocop_datamatrix_class, ocop_line_class, ocop_box_class;

#endif
