/* ocoplabel — config: layout files read with exact messages (keyfile.c), sheets (sheet.c), printer profiles (profile.c) (not installed). */
#ifndef OCOP_CONFIG_H
#define OCOP_CONFIG_H

#include "core.h"

#define OCOP_MAX_LABEL_MM 2000.0

/* A key file being read: the first error is kept (c->err) and later reads return their defaults. */
typedef struct ocop_kf {
	GKeyFile *kf;
	const char *path;
	int err;
} ocop_kf;

/* OCOP_EPARSE "PATH: [GROUP] KEY: message" (or "PATH: [GROUP]: message" without a key), kept in c->err. The message
 * is in the thread's language: mark the format with _() (one given in English is translated here too). */
int ocop_kf_error(ocop_kf *c, const char *group, const char *key, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* The value stripped (g_free it), or a copy of def (NULL when def is) when the key is absent. */
char *ocop_kf_str(ocop_kf *c, const char *g, const char *k, const char *def);
/* A number in lo..hi; a required key that is missing is an error. */
double ocop_kf_num(ocop_kf *c, const char *g, const char *k, double def, double lo, double hi, bool required);
/* A required whole number in lo..hi. */
int ocop_kf_int(ocop_kf *c, const char *g, const char *k, int lo, int hi);
bool ocop_kf_bool(ocop_kf *c, const char *g, const char *k, bool def);
/* A number as a layout file writes it (a template, a sheet): a point, at most 3 decimals, no trailing zeros. */
const char *ocop_kf_format(char buf[32], double v);
/* One of names (NULL-terminated, any case) as the matching vals[i]. */
int ocop_kf_choice(ocop_kf *c, const char *g, const char *k, const char *const *names, const int *vals, int def);
/* Every key of group g is one of allowed (NULL-terminated), or the translation of one that is words for people
 * (description[vi]). */
void ocop_kf_check_keys(ocop_kf *c, const char *g, const char *const *allowed);
/* Words for people that a layout file gives in every language it likes (description=, description[vi]=): each
 * language's, read at load, chosen when they are shown (a server answers in each request's language). */
typedef struct ocop_kf_words {
	char **text; /* one per language of the library (ocop_language_code()): KEY[LANG]=, else KEY= */
} ocop_kf_words;
/* Reads KEY and its KEY[LANG] translations of group g ("" when absent); free with ocop_kf_words_free(). */
void ocop_kf_words_read(ocop_kf *c, const char *g, const char *k, ocop_kf_words *w);
/* The words in the calling thread's language; "" when none were read. */
const char *ocop_kf_words_get(const ocop_kf_words *w);
void ocop_kf_words_free(ocop_kf_words *w);

/* The bytes of a layout file (a regular file, at most OCOP_MAX_TEMPLATE_BYTES, no NUL); what names it in messages:
 * "template", "sheet file" or "printer profile" (English, translated there). */
int ocop_kf_read(const char *path, const char *what, char **data, gsize *len);
/* SUBDIR/NAME.ini on the template path (OCOPLABEL_TEMPLATE_PATH, then the installed folder) loaded with load(out, path),
 * or NAME loaded as a path when it has a '/' or ends in .ini. */
int ocop_kf_find(const char *name, const char *subdir, const char *what, int (*load)(void *out, const char *path),
                 void *out);
/* The paths of the .ini files of SUBDIR (NULL: the top folder) on the template path, first found by name wins, sorted. */
int ocop_kf_list(char ***out, const char *subdir);

/* sheet.c: top-left corner (mm) of position pos (0-based, row-major) of a sheet */
void ocop_sheet_cell(const ocop_sheet *s, int pos, double *x, double *y);
/* sheet.c: the page border (mm) that the sheet's printer cannot print (printable_margin, default 4) */
double ocop_sheet_printable_margin(const ocop_sheet *s);

#endif
