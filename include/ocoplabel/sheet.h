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

#ifdef __cplusplus
}
#endif
#endif
