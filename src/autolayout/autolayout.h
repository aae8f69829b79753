/* ocoplabel — the automatic layout: a template for any label size, and the checks of a template (not installed). */
#ifndef OCOP_AUTOLAYOUT_PRIV_H
#define OCOP_AUTOLAYOUT_PRIV_H

#include "layout.h"

#define AL_MARGIN 1.5   /* mm from the label's edges to every box: ink keeps OCOP_INK_MARGIN_MM with room to spare */
#define AL_GAP 0.6      /* mm between text blocks, one under the other */
#define AL_COL_GAP 1.2  /* mm between columns */
#define AL_MIN_PT 5.0   /* the smallest size of mandatory text: letters of 1.2 mm in Noto Sans */
#define AL_MAX_ITEMS 24

/* what the layout is sized for: the products' values and the printer's grid */
typedef struct al_ctx {
	double dpi, grid;     /* grid: dots per mm */
	double ml, mt, mr, mb; /* mm from the label's left, top, right, bottom edges to every box (AL_MARGIN or more) */
	bool thermal, pos, no_ean, datamatrix;
	bool dm_now;          /* the 2D code of this search is a square Data Matrix (datamatrix: the QR did not fit) */
	const char *printer;  /* a printer profile's name, or NULL */
	const char *description, *today;
	ocop_renderer *probe; /* measures text in the label's font */
	ocop_template *probe_t;
	ocop_record **recs;   /* the products (valid ones) */
	char **urls;          /* their Digital Links */
	size_t n;
	size_t url_len;       /* the longest, with room for a serial */
	bool any_gtin;
	GHashTable *need;     /* measured heights: "block\x1fsize\x1fwidth" -> double* */
} al_ctx;

typedef enum al_kind { AL_MARK, AL_STARS, AL_TEXT, AL_QR, AL_DM, AL_EAN, AL_LINE } al_kind;

typedef struct al_item {
	const char *id;
	al_kind kind;
	double x, y, w, h;
	const char *text;     /* TEXT */
	double size;          /* TEXT: pt (min_size AL_MIN_PT) */
	bool bold;
	int valign;           /* -1 top, 0 middle */
} al_item;

/* the sizes of the codes for one try */
typedef struct al_codes {
	bool ean, dm;
	int ean_dots, ean_modules;
	double ean_x, ean_w, ean_h, ean_bar, ean_nominal;
	int qr_dots, qr_total; /* 2D code: module dots, modules across with the quiet zone */
	int dm_rows, dm_cols;  /* Data Matrix: modules with its 1-module quiet zone */
	double q, qh;          /* 2D code box: width, height */
} al_codes;

/* which block did not fit, for the message */
typedef struct al_layout {
	al_item items[AL_MAX_ITEMS];
	int n;
	const char *fail;     /* the block that found no room (an id of arrange.c's blocks) */
	double body_pt, name_pt;
	const char *shape;
} al_layout;

/* auto.c: a typical product with long values (sizes text when no product file is given) */
int al_typical_record(ocop_record **out);

/* arrange.c: the elements of a W x H label with codes c at body text size s (pt), in arrangement a
 * (0: QR in the top right corner, 1: codes in a band at the bottom, 2: codes stacked at the bottom) and
 * wording w (0 long, 1 short); false with L->fail when a block found no room */
bool al_arrange(al_layout *L, al_ctx *c, const al_codes *k, double W, double H, int a, int w, double s);
/* the number of arrangements */
#define AL_ARRANGEMENTS 3
/* the words that name block id in a message ("the producer and address"), translated */
const char *al_block_name(const char *id);
/* the template's text: a comment that says how it was made, [label] and one [element] per item */
char *al_write(const al_ctx *c, const al_codes *k, const al_layout *L, double W, double H);

#endif
