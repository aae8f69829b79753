/* ocoplabel — the label plan: where every element of one label goes, as data that painters read (not installed). */
#ifndef OCOP_PLAN_H
#define OCOP_PLAN_H

#include "element.h"

/* Lengths are millimetres from the label's top-left corner, y down. "Dots" are dots of the plan's grid (grid
 * dots per mm; a raster's pixels, or the dots of the printer that vector output is made for), counted from
 * the label's corner: every code edge in a plan lies on that grid, so a printer-language painter can send
 * the codes natively at those dots. */
typedef struct _PangoLayout PangoLayout;
typedef struct ocop_ean_font ocop_ean_font;
typedef struct ocop_shaped ocop_shaped;

/* Laid-out text with no Pango object (runs.c), held by a detached plan (ocop_plan_detach()): per font run,
 * its glyphs at label mm and the text they show as clusters (searched and copied in a PDF). */
typedef struct ocop_glyph_run {
	cairo_scaled_font_t *font; /* a reference */
	cairo_glyph_t *glyphs;
	char *utf8;
	cairo_text_cluster_t *clusters;
	int n_glyphs, n_bytes, n_clusters;
	cairo_text_cluster_flags_t flags;
} ocop_glyph_run;
typedef struct ocop_glyph_runs { ocop_glyph_run *v; int n; } ocop_glyph_runs;

/* One line of a text element: bytes [start, start+len) of the text, its logical left edge and its baseline. */
typedef struct ocop_plan_line {
	int start, len;
	double x, baseline;
} ocop_plan_line;

typedef struct ocop_plan_text {
	PangoLayout *layout;  /* a reference the plan holds: drawn with its top-left at (x, y); NULL once detached */
	ocop_shaped *shaped;  /* or (a plan of glyph runs) its glyphs in Pango units (shaped.h), a reference */
	ocop_glyph_runs runs; /* detached: the layout's glyphs, drawn instead */
	const char *text;     /* the expanded text (the layout's or the glyphs'; NULL once detached) */
	double x, y;
	double size_pt;       /* the fitted size */
	bool shortened;       /* did not fit even at min_size: ellipsized */
	bool ink_inside;      /* its ink is inside the element's box: a vector output need not clip it */
	int n_lines;
	ocop_plan_line *lines;
} ocop_plan_text;

typedef struct ocop_plan_qr {
	int width;            /* modules per side, quiet zone not included */
	int version;          /* QR version 1..40 */
	ocop_qr_ec ec;        /* error correction, OCOP_QR_EC_L .. OCOP_QR_EC_H */
	unsigned char *dark;  /* width*width, row-major, 1 = dark; owned by the plan */
	double module;        /* module side, mm: module_dots / grid */
	int module_dots;      /* module side in whole dots */
	double x, y;          /* top-left corner of the first module (inside the 4-module quiet zone), mm */
	long x_dots, y_dots;  /* the same corner in dots */
} ocop_plan_qr;

/* A Data Matrix (ECC 200): rows x cols modules, square or rectangular. */
typedef struct ocop_plan_dm {
	int rows, cols;       /* modules, quiet zone not included */
	unsigned char *dark;  /* rows*cols, row-major, 1 = dark; owned by the plan */
	double module;        /* module side, mm: module_dots / grid */
	int module_dots;
	double x, y;          /* top-left corner of the first module (inside the 1-module quiet zone), mm */
} ocop_plan_dm;

/* One bar: its edges on the grid (mm and dots), before any bar width reduction. */
typedef struct ocop_plan_bar {
	double l, r;
	long l_dots, r_dots;
	bool guard;           /* a guard bar: guard_h high instead of bar_h */
} ocop_plan_bar;

/* One human-readable character: its glyph origin on the baseline. */
typedef struct ocop_plan_glyph {
	unsigned char ch;     /* ASCII: '0'..'9' or '>' (light-margin indicator) */
	double x, y;
} ocop_plan_glyph;

typedef struct ocop_plan_ean {
	int total_modules;    /* quiet zones included: 113 EAN-13, 81 EAN-8 */
	double module;        /* X, mm */
	int module_dots;      /* X in whole dots */
	double x, y;          /* left edge of the left quiet zone, top of the bars (mm, on the grid) */
	long x_dots, y_dots;
	double bar_h, guard_h;/* mm, on the grid */
	long bar_h_dots, guard_h_dots;
	double bwr;           /* bar width reduction for ink spread, mm (0 none) */
	int n_bars;
	ocop_plan_bar bars[64];
	int n_glyphs;
	ocop_plan_glyph glyphs[64];
	char text[24];        /* the human-readable characters, in order */
	const ocop_ean_font *font; /* the digits' metrics, outlines and PDF font (owned by a glyph store) */
} ocop_plan_ean;

/* A row of stars: star i centred at (cx[i], cy) with outer radius radius. */
typedef struct ocop_plan_stars {
	int n;
	double radius, cy;
	double cx[16];        /* (n is at most 16) */
} ocop_plan_stars;

typedef struct ocop_plan_badge {
	bool logo;            /* an image in place of the built-in mark */
	double logo_x, logo_y, logo_scale, logo_w, logo_h; /* logo: top-left, scale, intrinsic size (pixels) */
	/* the built-in mark: ring, the word OCOP, the stars */
	double cx, cy, rad, ring, side;
	PangoLayout *word;    /* the word OCOP (a reference), top-left at (word_x, word_y); NULL once detached */
	ocop_glyph_runs word_runs; /* detached: its glyphs */
	double word_x, word_y;
	ocop_plan_stars stars;
	bool stars_shown;     /* false in 1-bit output where stars would print as dots */
	int n_stars;          /* the rating (the glyph of the PDF badge font) */
} ocop_plan_badge;

typedef struct ocop_plan_rule {
	double stroke;        /* mm */
	bool box;             /* a box inside (x, y, w, h); else a line from (x, y) to (x+w, y+h) */
} ocop_plan_rule;

struct ocop_plan_item {
	ocop_elem_kind kind;
	const ocop_elem *e;   /* the template element */
	size_t index;         /* its index in the template */
	bool present;         /* false: nothing to draw (empty text, no GTIN, no stars) */
	double x, y, w, h;    /* the element's box */
	union {
		ocop_plan_text text;
		ocop_plan_qr qr;
		ocop_plan_dm dm;       /* DATAMATRIX */
		ocop_plan_ean ean;
		ocop_plan_badge badge; /* MARK */
		ocop_plan_stars stars; /* STARS */
		ocop_plan_rule rule;   /* LINE, BOX */
	} u;
};

struct ocop_plan {
	double width, height; /* label, mm */
	double px_per_mm;     /* > 0: raster output at that resolution; 0: vector */
	double grid;          /* dots per mm of the grid that code edges sit on */
	bool mono;            /* 1-bit raster */
	bool runs;            /* texts as glyphs (shaped), not layouts: a detached or 1-bit plan */
	bool native_codes;    /* the printer draws the QR and the EAN bars (print jobs): painters leave them out */
	size_t n_items;
	ocop_plan_item *items;/* one per template element, in drawing order */
};

#endif
