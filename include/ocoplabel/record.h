/* ocoplabel — the product record, its validation and the list of diagnostics. */
#ifndef OCOPLABEL_RECORD_H
#define OCOPLABEL_RECORD_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One product: named UTF-8 fields. The canonical field names are
 *
 *   name, producer, address, stars, gtin, growing_area, packing_facility
 *   (required) and trace_url, lot, production_date, expiry_date,
 *   net_quantity, origin, ocop_cert_date (optional).
 *
 * Any other name is kept as an extra field, usable as a {placeholder} in
 * templates. A record is not thread-safe; distinct records are independent.
 */
typedef struct ocop_record ocop_record;

/** Severity of a diagnostic. */
typedef enum ocop_severity {
	OCOP_SEVERITY_WARNING = 1, /**< printed, but the label is still made */
	OCOP_SEVERITY_ERROR = 2    /**< the label is refused */
} ocop_severity;

/** One finding about a record or a rendering. */
typedef struct ocop_diag {
	ocop_severity severity;
	const char *field;   /**< field or template element it concerns, never NULL */
	const char *message; /**< plain-language message, never NULL */
} ocop_diag;

/** A list of diagnostics (errors and warnings). */
typedef struct ocop_diags ocop_diags;

/** Number of entries in @p d (0 for NULL). */
OCOP_API size_t ocop_diags_count(const ocop_diags *d);
/** Number of entries of severity OCOP_SEVERITY_ERROR in @p d. */
OCOP_API size_t ocop_diags_errors(const ocop_diags *d);
/** Entry @p i (0-based) of @p d, or NULL when out of range. Owned by @p d. */
OCOP_API const ocop_diag *ocop_diags_get(const ocop_diags *d, size_t i);
/** Frees @p d. NULL-safe. */
OCOP_API void ocop_diags_free(ocop_diags *d);

/**
 * Creates an empty record.
 * @param out  receives the record; the caller frees it with ocop_record_free().
 * @return 0, or OCOP_ENOMEM.
 */
OCOP_API int ocop_record_new(ocop_record **out);

/** Frees @p r. NULL-safe. */
OCOP_API void ocop_record_free(ocop_record *r);

/** Removes every field of @p r so that it can be reused for the next row. */
OCOP_API void ocop_record_clear(ocop_record *r);

/**
 * Sets field @p field to @p value (both copied). The value is checked to be
 * valid UTF-8 without NUL bytes, trimmed of surrounding white space and
 * normalised to NFC. Codes (growing_area, packing_facility) are stored
 * upper-case; dates that parse (dd/mm/yyyy or yyyy-mm-dd, optionally with a
 * time of 00:00 or 00:00:00 after a space, or a 'T' after yyyy-mm-dd) are
 * stored as dd/mm/yyyy. An empty value removes the field.
 * @param len  length of @p value in bytes, or -1 when it is NUL-terminated.
 * @return 0; OCOP_EUTF8 when @p value is not valid UTF-8 (the message names
 *         the field and the byte offset); OCOP_EINVAL for an empty or
 *         malformed field name; OCOP_ELIMIT for a value over 64 KiB;
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_record_set(ocop_record *r, const char *field, const char *value, long len);

/**
 * The stored value of @p field, or NULL when the field is not set. The
 * string is owned by @p r and valid until the field is set again or the
 * record is cleared or freed.
 */
OCOP_API const char *ocop_record_get(const ocop_record *r, const char *field);

/** Number of fields set in @p r. */
OCOP_API size_t ocop_record_count(const ocop_record *r);
/** Name and value of field @p i (0-based, in the order they were first set). */
OCOP_API int ocop_record_field(const ocop_record *r, size_t i, const char **name, const char **value);

/**
 * Whether @p field is one of the canonical field names listed above.
 */
OCOP_API int ocop_field_is_known(const char *field);

/** Options of ocop_record_validate(). Initialise with OCOP_VALIDATE_OPTIONS_INIT. */
typedef struct ocop_validate_options {
	int version;        /**< OCOP_VALIDATE_OPTIONS_VERSION */
	/**
	 * The date against which the OCOP certificate's 36-month validity is
	 * checked, as "yyyy-mm-dd"; NULL for today's local date.
	 */
	const char *today;
} ocop_validate_options;

#define OCOP_VALIDATE_OPTIONS_VERSION 1
#define OCOP_VALIDATE_OPTIONS_INIT { OCOP_VALIDATE_OPTIONS_VERSION, NULL }

/**
 * Checks every rule of a product record and collects all findings.
 * @param out   receives the list of errors and warnings (possibly empty);
 *              the caller frees it with ocop_diags_free(). May be NULL when
 *              only the verdict is wanted.
 * @param r     the record.
 * @param opts  options, or NULL for the defaults.
 * @return 0 when the record has no errors (warnings allowed);
 *         OCOP_EINVALID when it has at least one error (ocop_error_last()
 *         then holds the first one as "FIELD: message"); OCOP_EINVAL or
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_record_validate(ocop_diags **out, const ocop_record *r, const ocop_validate_options *opts);

#ifdef __cplusplus
}
#endif
#endif
