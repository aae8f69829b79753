/* ocoplabel — the language of the words a person reads: Vietnamese or English, per thread. */
#ifndef OCOPLABEL_LANGUAGE_H
#define OCOPLABEL_LANGUAGE_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Messages, diagnostics, reports and pages come in the language of the
 * calling thread. By default that is the process's, as GNU gettext finds it
 * (the program called setlocale(LC_ALL, ""): LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG); the library never calls setlocale itself. A server sets each
 * request's language on the thread that answers it with
 * ocop_language_set(). Field keys and problem codes ("gtin",
 * "check_digit") never change with the language.
 *
 * @p lang is "vi" or "en" (a region or encoding after it is ignored:
 * "vi_VN.UTF-8"), or NULL to follow the process's locale again.
 * Returns 0, or OCOP_EINVAL for a language the library has no words for
 * (the thread's language is then unchanged).
 */
OCOP_API int ocop_language_set(const char *lang);
/** The calling thread's language: "vi" or "en". */
OCOP_API const char *ocop_language(void);
/** The language an HTTP Accept-Language value prefers among "vi" and "en"
 *  (quality values honoured, "*" taken as the first): "vi", "en", or NULL
 *  when it names neither. */
OCOP_API const char *ocop_language_pick(const char *accept_language);

/** @p msgid (an English text of the library's catalogue, text domain
 *  "ocoplabel") in the calling thread's language; @p msgid itself when it
 *  has no translation. The result is static; never free it. */
OCOP_API const char *ocop_gettext(const char *msgid);
/** The form for @p n of a text with a plural ("%lu label", "%lu labels"). */
OCOP_API const char *ocop_ngettext(const char *msgid, const char *msgid_plural, unsigned long n);
/** A text in a context that tells two of the same English words apart. */
OCOP_API const char *ocop_pgettext(const char *context, const char *msgid);

/** @p n as the language writes a count ("1.234.567" in Vietnamese;
 *  "1234567" in English, as the command line has always printed it, for
 *  scripts) into @p buf; returns @p buf. */
OCOP_API char *ocop_format_count(char *buf, size_t size, unsigned long long n);
/** An ISO date ("2026-12-04") as the language writes it ("04/12/2026" in
 *  Vietnamese; unchanged in English) into @p buf; returns @p buf. A value that
 *  is not an ISO date is copied unchanged. */
OCOP_API char *ocop_format_date(char *buf, size_t size, const char *iso_date);

#ifdef __cplusplus
}
#endif
#endif
