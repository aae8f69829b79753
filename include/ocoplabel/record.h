/* ocoplabel — the product record, its validation and the list of diagnostics. */
#ifndef OCOPLABEL_RECORD_H
#define OCOPLABEL_RECORD_H

#include "ocoplabel/common.h"
#include "ocoplabel/fields.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One product: named UTF-8 fields. The canonical field names are those of
 * the field table (fields.h, ocop_field_get()):
 *
 *   name, producer, address, stars, gtin, growing_area, packing_facility
 *   (required; gtin is optional for the product group "Dịch vụ du lịch cộng
 *   đồng") and product_group, trace_url, lot, serial, variant,
 *   production_date, expiry_date, net_quantity, origin, ingredients,
 *   instructions, warnings, ocop_cert_date, ocop_cert_no (optional).
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
	const char *field;   /**< field or template element it concerns ("row", "header", "label" for none); never NULL */
	const char *code;    /**< what kind of problem: one of the OCOP_CODE_* below; never NULL */
	const char *message; /**< plain-language message on one line, valid UTF-8; never NULL */
} ocop_diag;

/*
 * The codes of diagnostics and of the error object (ocop_error_code()):
 * stable, machine-readable names of each kind of problem, so that a program
 * can act on a problem without reading its message. A code may be given
 * with any field that it fits (e.g. OCOP_CODE_TOO_LONG for name or lot).
 */
/* record rules (ocop_record_validate()) */
#define OCOP_CODE_REQUIRED "required"           /**< a required field is missing */
#define OCOP_CODE_TOO_LONG "too_long"           /**< more characters than the field allows */
#define OCOP_CODE_CONTROL "control_char"        /**< a control character in text */
#define OCOP_CODE_NOT_CERTIFIED "not_certified" /**< stars: 1 or 2, below OCOP certification */
#define OCOP_CODE_STARS "stars"                 /**< stars: not a star rating */
#define OCOP_CODE_DIGITS "digits"               /**< a number with a character that is not a digit */
#define OCOP_CODE_SCIENTIFIC "scientific"       /**< gtin: a number a spreadsheet wrote as 8.93601E+12 */
#define OCOP_CODE_LENGTH "length"               /**< a GTIN or code of a length that is not allowed */
#define OCOP_CODE_NO_CHECK_DIGIT "no_check_digit" /**< gtin: 12 digits, the check digit missing */
#define OCOP_CODE_CHECK_DIGIT "check_digit"     /**< gtin: wrong check digit */
#define OCOP_CODE_PREFIX "gs1_prefix"           /**< gtin (warning): an EAN-13 that does not start with 893 */
#define OCOP_CODE_CHARSET "charset"             /**< a character the field does not allow (codes; CSET 82) */
#define OCOP_CODE_URL "url"                     /**< not an absolute http(s) address a QR code can carry */
#define OCOP_CODE_DATE "date"                   /**< not a date */
#define OCOP_CODE_DATE_TIME "date_time"         /**< a date with a time of day */
#define OCOP_CODE_MONTH_FIRST "month_first"     /**< a date in month/day order */
#define OCOP_CODE_DATE_NUMBER "date_number"     /**< a spreadsheet's date number (45962) */
#define OCOP_CODE_DATE_ORDER "date_order"       /**< expiry before production */
#define OCOP_CODE_FUTURE "future"               /**< a date after today */
#define OCOP_CODE_EXPIRED "expired"             /**< the OCOP certificate has expired; (a warning, an error
                                                     *   of a strict batch) the expiry date (HSD) has passed */
#define OCOP_CODE_EXPIRES_SOON "expires_soon"   /**< (warning) the OCOP certificate expires within 90 days */
#define OCOP_CODE_OUTSIDE "outside"           /**< image: a path outside the product file's folder */
#define OCOP_CODE_IMAGE "image"               /**< image: not a JPEG, PNG or WebP photo, or over the size limit */
#define OCOP_CODE_ABBREVIATION "abbreviation"   /**< origin: a country name abbreviated */
#define OCOP_CODE_CHOICE "choice"               /**< product_group: not one of the six groups */
#define OCOP_CODE_DECREE43 "decree43"           /**< (warning) food label content that Decree 43/2017/ND-CP requires is missing */
/* product files (reader.h) */
#define OCOP_CODE_UNKNOWN_COLUMN "unknown_column" /**< (warning) a heading that is not a field: kept as an extra field */
#define OCOP_CODE_FIELD_NAMES "field_names"     /**< (warning, field "header") the field names a column can have */
#define OCOP_CODE_MISSING_COLUMN "missing_column" /**< a required column is missing */
#define OCOP_CODE_DUPLICATE_COLUMN "duplicate_column" /**< two columns give the same field */
#define OCOP_CODE_EMPTY_FILE "empty_file"       /**< a product file without a header */
#define OCOP_CODE_NOT_CSV "not_csv"             /**< UTF-16 text instead of UTF-8 */
#define OCOP_CODE_WORKBOOK "workbook"           /**< a workbook that cannot be read: damaged, cut short, not one, an XML part refused */
#define OCOP_CODE_ENCRYPTED "encrypted"         /**< a password-protected workbook */
#define OCOP_CODE_OLD_EXCEL "old_excel"         /**< an Excel 97-2003 workbook (.xls): save it as .xlsx */
#define OCOP_CODE_SHEET "sheet"                 /**< no such worksheet, or one without the product columns */
#define OCOP_CODE_CELL "cell"                   /**< row: a cell whose value cannot be a field's (a code with a fraction, a formula without a saved value, an error value) */
#define OCOP_CODE_COLUMNS "columns"             /**< row: not as many fields as the header */
#define OCOP_CODE_QUOTE "quote"                 /**< row: a quoted field never closed */
#define OCOP_CODE_BOM "bom"                     /**< row: starts with a byte-order mark */
#define OCOP_CODE_NUL "nul"                     /**< a NUL byte */
#define OCOP_CODE_COPIES "copies"               /**< copies: not a number of labels */
#define OCOP_CODE_DUPLICATE_GTIN "duplicate_gtin" /**< (warning) gtin: the GTIN of another product on an earlier line */
#define OCOP_CODE_DUPLICATE_LOT "duplicate_lot" /**< (warning) lot: a GTIN and lot already on an earlier row (the resolver's index, resolver.h) */
#define OCOP_CODE_AMBIGUOUS_DATE "ambiguous_date" /**< (warning) a date whose day/month order the file contradicts */
/* Digital Links (link.h) */
#define OCOP_CODE_DIGITAL_LINK "digital_link"   /**< not a GS1 Digital Link, or a part of it malformed */
/* templates (template.h) */
#define OCOP_CODE_TEMPLATE "template"           /**< a template or sheet file that breaks a rule of its format */
/* labels (render.h) */
#define OCOP_CODE_DOES_NOT_FIT "does_not_fit"   /**< text, a QR code or a barcode that does not fit its box */
#define OCOP_CODE_SHORTENED "shortened"         /**< warning: optional text shortened to fit its box */
#define OCOP_CODE_SHORT_BARS "short_bars"        /**< warning: EAN bars under the nominal height */
#define OCOP_CODE_SERIALIZED "serialized"        /**< a serialised run given a row with its own serial or trace_url */
#define OCOP_CODE_DUPLICATE_NAME "duplicate_name" /**< warning: file names from the pattern repeat */
#define OCOP_CODE_PRINTABLE_AREA "printable_area" /**< warning: ink in the border the sheet's printer cannot print */
/* generic codes, one per error number, for a problem without a code of its own */
#define OCOP_CODE_ARGUMENT "argument"           /**< OCOP_EINVAL */
#define OCOP_CODE_MEMORY "memory"               /**< OCOP_ENOMEM */
#define OCOP_CODE_IO "io"                       /**< OCOP_EIO */
#define OCOP_CODE_NOT_FOUND "not_found"         /**< OCOP_ENOENT */
#define OCOP_CODE_PARSE "parse"                 /**< OCOP_EPARSE */
#define OCOP_CODE_INVALID "invalid"             /**< OCOP_EREJECTED */
#define OCOP_CODE_ENCODE "encode"               /**< OCOP_EENCODE */
#define OCOP_CODE_FONT "font"                   /**< OCOP_EFONT */
#define OCOP_CODE_RENDER "render"               /**< OCOP_ERENDER */
#define OCOP_CODE_UTF8 "utf8"                   /**< OCOP_EUTF8: text that is not valid UTF-8 */
#define OCOP_CODE_LIMIT "limit"                 /**< OCOP_ELIMIT: over a size limit */
#define OCOP_CODE_TIMEOUT "timeout"             /**< OCOP_ETIMEOUT: no answer or no progress within the timeout */
#define OCOP_CODE_CANCELED "cancelled"          /**< OCOP_ECANCELED: stopped by the caller */
#define OCOP_CODE_OTHER "other"                 /**< a diagnostic made without a code (warnings of the renderer) */

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
 * upper-case; a product_group that names one of the six groups (without
 * regard to case and accents, or in English: food, drink, herbs, handicrafts,
 * ornamental, tourism) is stored as its canonical Vietnamese name
 * (OCOP_GROUP_*); dates that parse (dd/mm/yyyy or yyyy-mm-dd, optionally with a
 * time of 00:00 or 00:00:00 after a space, or a 'T' after yyyy-mm-dd) are
 * stored as dd/mm/yyyy. An empty value removes the field.
 * @param len  length of @p value in bytes, or -1 when it is NUL-terminated.
 * @return 0; OCOP_EUTF8 when @p value is not valid UTF-8 (the error's field
 *         is @p field, its code OCOP_CODE_UTF8 or OCOP_CODE_NUL, the message
 *         gives the byte offset); OCOP_EINVAL for an empty or malformed field
 *         name; OCOP_ELIMIT for a value over 64 KiB (code OCOP_CODE_LIMIT);
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
/** Name and value of field @p i (0-based, in the order they were first set); either out pointer may be NULL. */
OCOP_API int ocop_record_field(const char **name, const char **value, const ocop_record *r, size_t i);

/** Options of ocop_record_validate(). Initialise with OCOP_VALIDATE_OPTIONS_INIT or ocop_validate_options_init(). */
typedef struct ocop_validate_options {
	int version;        /**< OCOP_VALIDATE_OPTIONS_VERSION */
	/**
	 * The date against which the OCOP certificate's 36-month validity is
	 * checked, as "yyyy-mm-dd"; NULL for today's local date.
	 */
	const char *today;
} ocop_validate_options;

#define OCOP_VALIDATE_OPTIONS_VERSION 1
#define OCOP_VALIDATE_OPTIONS_INIT { .version = OCOP_VALIDATE_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_VALIDATE_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_validate_options_init(ocop_validate_options *opts, int version);

/**
 * Checks every rule of a product record and collects all findings, each
 * with its field and code, in the order of the field table. Besides each
 * field's own rules: for the product groups Thực phẩm and Đồ uống a record
 * without ingredients gets a warning (OCOP_CODE_DECREE43); a packaged good
 * (with a net_quantity) of those groups, or of no group, without its
 * production or expiry date too; for "Dịch vụ du lịch cộng đồng" gtin is
 * optional, and without one a trace_url is required (the QR code has no
 * Digital Link to carry).
 * @param out   receives the list of errors and warnings (possibly empty);
 *              the caller frees it with ocop_diags_free(). May be NULL when
 *              only the verdict is wanted.
 * @param r     the record.
 * @param opts  options, or NULL for the defaults.
 * @return 0 when the record has no errors (warnings allowed);
 *         OCOP_EREJECTED when it has at least one error (the error object then
 *         holds the first one: ocop_error_last() "FIELD: message",
 *         ocop_error_field(), ocop_error_code()); OCOP_EINVAL or OCOP_ENOMEM.
 */
OCOP_API int ocop_record_validate(ocop_diags **out, const ocop_record *r, const ocop_validate_options *opts);

#ifdef __cplusplus
}
#endif
#endif
