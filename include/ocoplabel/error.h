/* ocoplabel — error codes and the thread-local last-error message. */
#ifndef OCOPLABEL_ERROR_H
#define OCOPLABEL_ERROR_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Error codes. Every function of the library that can fail returns 0 on
 * success or one of these negative values; the human-readable message of the
 * last failure on the calling thread is available from ocop_error_last().
 */
typedef enum ocop_error {
	OCOP_OK = 0,
	OCOP_EINVAL = -1,    /**< bad argument (NULL pointer, unknown option) */
	OCOP_ENOMEM = -2,    /**< out of memory */
	OCOP_EIO = -3,       /**< reading or writing a file failed (disk full, permission) */
	OCOP_ENOENT = -4,    /**< a file or template was not found */
	OCOP_EPARSE = -5,    /**< a template or input file is malformed */
	OCOP_EINVALID = -6,  /**< the record does not pass validation */
	OCOP_EENCODE = -7,   /**< a barcode or QR code could not be encoded */
	OCOP_EFONT = -8,     /**< a required font is missing */
	OCOP_ERENDER = -9,   /**< drawing failed */
	OCOP_EUTF8 = -10,    /**< text is not valid UTF-8 */
	OCOP_ELIMIT = -11    /**< input exceeds a documented size limit */
} ocop_error;

/**
 * The message describing the last error on the calling thread, e.g.
 * "gtin: check digit is 5, expected 4 (8936012345674)". Never NULL; empty
 * when no error happened on this thread. The string is owned by the library
 * and valid until the next failing call on the same thread.
 */
OCOP_API const char *ocop_error_last(void);

/** A short, static English description of an error code. Never NULL. */
OCOP_API const char *ocop_strerror(int code);

/** Clears the calling thread's last-error message. */
OCOP_API void ocop_error_clear(void);

#ifdef __cplusplus
}
#endif
#endif
