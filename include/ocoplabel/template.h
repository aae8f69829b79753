/* ocoplabel — label templates (layouts) loaded from key files. */
#ifndef OCOPLABEL_TEMPLATE_H
#define OCOPLABEL_TEMPLATE_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A label layout: page size in millimetres and a list of elements (OCOP
 * mark, stars, text blocks, QR code, EAN-13). Templates are plain-text key
 * files; see templates/README.md for the format. A loaded template is
 * immutable and may be shared by several threads.
 */
typedef struct ocop_template ocop_template;

struct ocop_link_options; /* ocoplabel/link.h */

/**
 * Loads a template from a file.
 * @param out   receives the template; free it with ocop_template_free().
 * @param path  path of a template file.
 * @return 0; OCOP_ENOENT when the file does not exist; OCOP_EPARSE when it
 *         is malformed (the message names the file, group and key);
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_template_load(ocop_template **out, const char *path);

/**
 * Loads a template from its text (a template file's bytes, e.g. one made by
 * ocop_template_auto() and edited).
 * @param out   receives the template; free it with ocop_template_free().
 * @param data  the text, @p len bytes (need not end in NUL).
 * @param name  what messages call it, as a path ("designer.ini"): its name
 *              is the base name without ".ini"; a relative mark image= is
 *              resolved against its folder (the current one for a bare name).
 * @return as ocop_template_load(); OCOP_EINVAL for a NULL argument.
 */
OCOP_API int ocop_template_load_mem(ocop_template **out, const char *data, size_t len, const char *name);

/**
 * Finds a template by name or path. When @p name contains a '/' or ends in
 * ".ini" it is loaded as a path. Otherwise the file "NAME.ini" is searched
 * in the directories of the environment variable OCOPLABEL_TEMPLATE_PATH
 * (colon-separated), then in the user's own folder (XDG_DATA_HOME, e.g.
 * ~/.local/share/ocoplabel/templates: where the page's designer saves) and
 * then in the installed template directory.
 * @return as ocop_template_load(); OCOP_ENOENT names the directories searched.
 */
OCOP_API int ocop_template_find(ocop_template **out, const char *name);

/** Frees @p t. NULL-safe. */
OCOP_API void ocop_template_free(ocop_template *t);

/** Short name of the template (its file name without ".ini"). Owned by @p t. */
OCOP_API const char *ocop_template_name(const ocop_template *t);
/** One-line description from the template file. Owned by @p t; never NULL. */
OCOP_API const char *ocop_template_description(const ocop_template *t);
/** Label width in millimetres. */
OCOP_API double ocop_template_width_mm(const ocop_template *t);
/** Label height in millimetres. */
OCOP_API double ocop_template_height_mm(const ocop_template *t);
/** The resolver base URL used to build trace URLs. Owned by @p t. */
OCOP_API const char *ocop_template_resolver(const ocop_template *t);
/** The printer profile a printer job of @p t is for when the caller names
 *  none (the key printer=, e.g. "xprinter-203" for a thermal roll label,
 *  which says the job's language), or NULL. Owned by @p t. */
OCOP_API const char *ocop_template_printer(const ocop_template *t);

/**
 * The Digital Link settings of @p t (resolver and query keys) in @p out, for
 * ocop_link_build() and ocop_link_parse(). The strings are owned by @p t.
 * @p out must have been initialised with OCOP_LINK_OPTIONS_INIT.
 */
OCOP_API void ocop_template_link_options(struct ocop_link_options *out, const ocop_template *t);

/**
 * Lists the templates that ocop_template_find() can see.
 * @param out  receives a NULL-terminated array of paths, sorted by name and
 *             without duplicates (an earlier directory wins); free it with
 *             ocop_strv_free().
 * @return 0 or OCOP_ENOMEM.
 */
OCOP_API int ocop_template_list(char ***out);

#ifdef __cplusplus
}
#endif
#endif
