/* ocoplabel — error numbers and the thread-local error object (message, field, code). */
#ifndef OCOPLABEL_ERROR_H
#define OCOPLABEL_ERROR_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Error codes. Every function of the library that can fail returns 0 on
 * success or one of these negative values; the human-readable message of the
 * last failure on the calling thread is available from ocop_error_last(),
 * with its field and code from ocop_error_field() and ocop_error_code().
 */
typedef enum ocop_error {
	OCOP_OK = 0,
	OCOP_EINVAL = -1,    /**< a bad argument from the program (NULL pointer, unknown option, options version) */
	OCOP_ENOMEM = -2,    /**< out of memory */
	OCOP_EIO = -3,       /**< reading or writing a file failed (disk full, permission) */
	OCOP_ENOENT = -4,    /**< a file or template was not found */
	OCOP_EPARSE = -5,    /**< a template or input file is malformed */
	OCOP_EREJECTED = -6, /**< the record, row or label is rejected: it breaks a rule (validation, fit); the reason is in the error object */
	OCOP_EENCODE = -7,   /**< a barcode or QR code could not be encoded */
	OCOP_EFONT = -8,     /**< a required font is missing */
	OCOP_ERENDER = -9,   /**< drawing failed */
	OCOP_EUTF8 = -10,    /**< text is not valid UTF-8 */
	OCOP_ELIMIT = -11,   /**< input exceeds a documented size limit */
	OCOP_ETIMEOUT = -12, /**< a printer or server gave no answer, or took no data, within the timeout */
	OCOP_ECANCELED = -13 /**< stopped by the caller (its cancelled callback said so): nothing is left behind */
} ocop_error;

/**
 * The error object of the calling thread: what the last failing call said.
 * Like libgit2's git_error_last(), it lives until the next failing call on
 * the same thread (or ocop_error_clear()); every string below is owned by the
 * library, never NULL, and "" when no error happened on this thread. Each
 * part is valid UTF-8 on one line (bytes that are not UTF-8 become U+FFFD,
 * line breaks " / "), of any length.
 *
 * The whole text of the last error: "FIELD: message" when it concerns a
 * field (e.g. "gtin: wrong check digit in '8936012345675': the last digit
 * should be 4 (8936012345674)"), else the message alone, which may start with
 * where the problem is (a file name, "FILE:LINE" for a row of a product
 * file, "FILE: [group] key" for a template). Print this one to a user.
 */
OCOP_API const char *ocop_error_last(void);

/** The message of the last error without its field (and without the file
 *  and line of ocop_error_last()). */
OCOP_API const char *ocop_error_message(void);

/** The field (or template element, or "row", "header") the last error
 *  concerns, e.g. "gtin"; "" when it concerns none. */
OCOP_API const char *ocop_error_field(void);

/**
 * The stable machine-readable code of the last error, e.g. "check_digit":
 * one of the OCOP_CODE_* values listed in record.h (the same codes as the
 * diagnostics). An error without a code of its own has the generic code of
 * its error number (OCOP_CODE_ARGUMENT for OCOP_EINVAL, ...).
 */
OCOP_API const char *ocop_error_code(void);

/** A short, static English description of an error code. Never NULL. */
OCOP_API const char *ocop_strerror(int code);

/** Clears the calling thread's error object. */
OCOP_API void ocop_error_clear(void);

#ifdef __cplusplus
}
#endif
#endif
