/* ocoplabel — sheet layouts: where labels sit on a printed page (A4 decal sheets). */
#ifndef OCOPLABEL_SHEET_H
#define OCOPLABEL_SHEET_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A sheet layout: the page size and a grid of label positions (columns x
 * rows, margins and pitch, in millimetres). Sheets are key files with one
 * [sheet] section; see templates/README.md. A loaded sheet is immutable and
 * may be shared by several threads.
 */
typedef struct ocop_sheet ocop_sheet;

/**
 * Loads a sheet layout from a file.
 * @param out   receives the sheet; free it with ocop_sheet_free().
 * @return 0; OCOP_ENOENT when the file does not exist; OCOP_EPARSE when it
 *         is malformed or its labels do not fit on the page (the message
 *         names the file and key); OCOP_ELIMIT for a file over 1 MiB or more
 *         than 1000 positions; OCOP_ENOMEM.
 */
OCOP_API int ocop_sheet_load(ocop_sheet **out, const char *path);

/**
 * Finds a sheet by name or path. A @p name that contains a '/' or ends in
 * ".ini" is loaded as a path; otherwise "sheets/NAME.ini" is looked for in
 * each directory of OCOPLABEL_TEMPLATE_PATH and then in the installed
 * template directory.
 * @return as ocop_sheet_load(); OCOP_ENOENT names the directories searched.
 */
OCOP_API int ocop_sheet_find(ocop_sheet **out, const char *name);

/** Frees @p s. NULL-safe. */
OCOP_API void ocop_sheet_free(ocop_sheet *s);

/** Short name (file name without ".ini"). Owned by @p s. */
OCOP_API const char *ocop_sheet_name(const ocop_sheet *s);
/** One-line description. Owned by @p s; never NULL. */
OCOP_API const char *ocop_sheet_description(const ocop_sheet *s);
/** Name of the label template that fits this sheet by default. Owned by @p s; never NULL. */
OCOP_API const char *ocop_sheet_template(const ocop_sheet *s);
/** Number of label positions on one page (columns x rows). */
OCOP_API int ocop_sheet_positions(const ocop_sheet *s);
/** Page width and height in millimetres. */
OCOP_API double ocop_sheet_page_width_mm(const ocop_sheet *s);
OCOP_API double ocop_sheet_page_height_mm(const ocop_sheet *s);
/** Size of one label position in millimetres. */
OCOP_API double ocop_sheet_label_width_mm(const ocop_sheet *s);
OCOP_API double ocop_sheet_label_height_mm(const ocop_sheet *s);

/**
 * Lists the sheets that ocop_sheet_find() can see: a NULL-terminated array
 * of paths sorted by name (an earlier directory wins); free it with
 * ocop_strv_free().
 * @return 0 or OCOP_ENOMEM.
 */
OCOP_API int ocop_sheet_list(char ***out);

/**
 * A sheet to write (ocop_sheet_write()): all sizes in millimetres, as the
 * keys of a sheet file (templates/README.md). Zero members take defaults.
 */
typedef struct ocop_sheet_spec {
	int version;                  /**< OCOP_SHEET_SPEC_VERSION */
	double page_width, page_height; /**< the page, e.g. 210 x 297 (A4) */
	double label_width, label_height;
	int columns, rows;            /**< the grid, at least 1 x 1 */
	/** Non-zero: left and top are set so that the grid is centred on the page. */
	int centred;
	double left, top;             /**< the page's left (top) edge to the first label */
	/** One label's left (top) edge to the next one's; 0: the label's size (no gaps). */
	double column_pitch, row_pitch;
	/** The page border its printer leaves unprinted; 0: the loader's default, 4 mm. */
	double printable_margin;
	const char *template_name;    /**< template= ; NULL: none written */
	const char *description;      /**< description= ; NULL: one made from the grid */
} ocop_sheet_spec;

#define OCOP_SHEET_SPEC_VERSION 1
#define OCOP_SHEET_SPEC_INIT { .version = OCOP_SHEET_SPEC_VERSION }

/**
 * Writes a sheet file's text (one [sheet] section that ocop_sheet_load()
 * reads) for @p spec, after checking that the labels fit the page and do not
 * overlap.
 * @param out  receives the text, malloc'ed, to free with free().
 * @return 0; OCOP_EINVAL for a NULL argument, an unknown version, a size out
 *         of range, or a grid past the page or with overlapping labels (the
 *         message names the numbers); OCOP_ENOMEM.
 */
OCOP_API int ocop_sheet_write(char **out, const ocop_sheet_spec *spec);

/**
 * How far a template's elements must keep from each edge of the label
 * (left, top, right, bottom, mm) for the outer labels of sheet @p s to keep
 * their ink inside the page's printable area (the sheet's printable_margin),
 * with the template as large as the sheet's label; 0 for an edge that faces
 * no page edge closer than that. Pass them to
 * ocop_template_auto_options::edge_mm.
 * @return 0; OCOP_EINVAL for a NULL argument.
 */
OCOP_API int ocop_sheet_edges(const ocop_sheet *s, double out[4]);

#ifdef __cplusplus
}
#endif
#endif
