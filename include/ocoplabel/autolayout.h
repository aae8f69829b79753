/* ocoplabel — templates made for any label size (the automatic layout) and templates checked against the label rules. */
#ifndef OCOPLABEL_AUTOLAYOUT_H
#define OCOPLABEL_AUTOLAYOUT_H

#include "ocoplabel/common.h"
#include "ocoplabel/record.h"
#include "ocoplabel/template.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The smallest and largest label ocop_template_auto() lays out, mm (25 x 20 to A5, 148 x 210, either way round). */
#define OCOP_AUTO_MIN_WIDTH_MM 25
#define OCOP_AUTO_MIN_HEIGHT_MM 20
#define OCOP_AUTO_MAX_SIDE_MM 210
#define OCOP_AUTO_MAX_SHORT_SIDE_MM 148

/** GS1's X-dimension range for a 2D code (QR, Data Matrix) scanned at retail points of sale, mm: 1.5 times the
 *  EAN-13's 0.264 to 0.660 mm (GS1 General Specifications, symbol specification table 1). */
#define OCOP_POS_2D_MIN_MM 0.396
#define OCOP_POS_2D_MAX_MM 0.990

/**
 * Options of ocop_template_auto(). Every member's zero is its default:
 * initialise with OCOP_TEMPLATE_AUTO_OPTIONS_INIT or
 * ocop_template_auto_options_init(), then set what you need.
 */
typedef struct ocop_template_auto_options {
	int version;             /**< OCOP_TEMPLATE_AUTO_OPTIONS_VERSION */
	/** The printer's resolution, whose dot grid every code module keeps:
	 *  72..2400; 0: the printer profile's, else 203. */
	double dpi;
	/** A printer profile's name (ocoplabel printers): its dpi, and the
	 *  template says printer=NAME and profile=thermal. NULL: none. */
	const char *printer;
	/** Non-zero: a thermal printer (EAN-13 modules down to 75 %), also
	 *  without a profile. */
	int thermal;
	/** Non-zero: the 2D code keeps GS1's retail POS X-dimension
	 *  (OCOP_POS_2D_MIN_MM to OCOP_POS_2D_MAX_MM) at the printer's grid and
	 *  the template says pos=true; an EAN-13 stays beside it. */
	int pos;
	/** Non-zero: no EAN-13 (a community tourism service, which has no GTIN). */
	int no_ean;
	/** Non-zero: where no readable QR code fits, a Data Matrix of the same
	 *  Digital Link may take its place. */
	int datamatrix;
	/** A product file (CSV, XLSX, ODS): the text boxes and the 2D code are
	 *  sized for its longest values. NULL: a typical product with long values. */
	const char *products;
	/** The template's description; NULL: one made from the size. */
	const char *description;
	/** The date the products are checked against ("yyyy-mm-dd"), as
	 *  ocop_render_options::today; NULL: today. */
	const char *today;
	/** (version 2) The distance from the label's left, top, right and bottom
	 *  edges to every element's box, mm: a label at a sheet's page edge keeps
	 *  its ink inside the printer's printable area (ocop_sheet_edges()).
	 *  Values under 1.5 (and 0) mean 1.5, the default on every side. */
	double edge_mm[4];
} ocop_template_auto_options;

#define OCOP_TEMPLATE_AUTO_OPTIONS_VERSION 2
#define OCOP_TEMPLATE_AUTO_OPTIONS_INIT { .version = OCOP_TEMPLATE_AUTO_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_TEMPLATE_AUTO_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_template_auto_options_init(ocop_template_auto_options *opts, int version);

/**
 * Lays out a template for a label of @p width_mm x @p height_mm: the OCOP
 * mark and stars, the name, producer and address, the growing-area and
 * packing-facility codes, lot and dates, net quantity and origin, the QR
 * code (or a Data Matrix) and the EAN-13, arranged by the label's shape, with
 * every rule kept at the printer's dot grid: EAN-13 modules of whole dots
 * within 80-200 % (75 % with a thermal printer) with their quiet zones, QR
 * modules of whole dots of at least 0.25 mm (GS1's POS range with pos),
 * mandatory text at least 5 pt (letters of 1.2 mm), every element's box 1 mm
 * or more from the edges. The result is checked as ocop_template_load() and
 * ocop_renderer_check() check a template, for every product of the options'
 * file (or a typical one).
 * @param out  receives the template as key-file text (templates/README.md),
 *             malloc'ed, to free with free().
 * @return 0; OCOP_EINVAL for a NULL argument, a size outside 25 x 20 mm to
 *         A5 or bad options; OCOP_EREJECTED when nothing fits: the message
 *         names the element that does not fit and the smallest label size
 *         that would hold it; the errors of ocop_reader_open() for the
 *         products; OCOP_ENOMEM.
 */
OCOP_API int ocop_template_auto(char **out, double width_mm, double height_mm, const ocop_template_auto_options *opts);

/**
 * The typical product that ocop_template_auto() and ocop_template_check()
 * size and check a layout with when given none: long values of a real
 * cooperative's product (for a designer's preview).
 * @param out  receives the record; free it with ocop_record_free().
 * @return 0; OCOP_EINVAL for a NULL @p out; OCOP_ENOMEM.
 */
OCOP_API int ocop_template_sample_record(ocop_record **out);

/** Options of ocop_template_check(); zero is every member's default. */
typedef struct ocop_template_check_options {
	int version;             /**< OCOP_TEMPLATE_CHECK_OPTIONS_VERSION */
	double dpi;              /**< the printer's resolution; 0: the template's printer profile's, else 203 */
	int thermal;             /**< non-zero: a thermal printer (as the template's profile=thermal) */
	/** Non-zero: being ready for retail POS scanners is required (an
	 *  error when not); zero: reported as a warning (code OCOP_CODE_NOT_POS). */
	int pos;
	const ocop_record *record; /**< the product to check the layout with; NULL: a typical one */
} ocop_template_check_options;

#define OCOP_TEMPLATE_CHECK_OPTIONS_VERSION 1
#define OCOP_TEMPLATE_CHECK_OPTIONS_INIT { .version = OCOP_TEMPLATE_CHECK_OPTIONS_VERSION }

/** Sets @p opts to the defaults of version @p version. @return 0 or OCOP_EINVAL. */
OCOP_API int ocop_template_check_options_init(ocop_template_check_options *opts, int version);

/** Diagnostic code of ocop_template_check(): the template is not ready for retail POS scanners. */
#define OCOP_CODE_NOT_POS "not_pos"
/** Diagnostic code of ocop_template_check(): ink may come closer than 1 mm to an edge. */
#define OCOP_CODE_MARGIN "margin"
/** Diagnostic code of ocop_template_check(): two elements' boxes overlap. */
#define OCOP_CODE_OVERLAP "overlap"

/**
 * Checks a template (one written by hand) with the rules the automatic
 * layout keeps: the renderer's checks at the printer's grid (mandatory text
 * sizes, EAN-13 modules), a label of the options' record (text that fits,
 * the QR code's modules), elements' boxes 1 mm from the edges, codes whose
 * boxes overlap others, and whether its 2D code and EAN-13 are ready for
 * retail POS scanners (GS1's X-dimension range at the printer's grid).
 * @param out  receives the findings (errors and warnings; free with
 *             ocop_diags_free()); never NULL on success or OCOP_EREJECTED.
 * @return 0 when the template has no errors; OCOP_EREJECTED when it has;
 *         OCOP_EINVAL for a NULL argument or bad options; OCOP_ENOMEM.
 */
OCOP_API int ocop_template_check(ocop_diags **out, const ocop_template *t, const ocop_template_check_options *opts);

#ifdef __cplusplus
}
#endif
#endif
