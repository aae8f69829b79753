/* ocoplabel — GS1 Digital Link URIs: built from a record, and parsed back into fields. */
#ifndef OCOPLABEL_LINK_H
#define OCOPLABEL_LINK_H

#include "ocoplabel/common.h"
#include "ocoplabel/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Options of the Digital Link builder and parser. Initialise with
 * OCOP_LINK_OPTIONS_INIT or ocop_link_options_init(). A NULL string takes the default; an empty key
 * leaves that code out of the link.
 */
typedef struct ocop_link_options {
	int version;                       /**< OCOP_LINK_OPTIONS_VERSION */
	const char *resolver;              /**< base URL; default "https://id.gs1.org" */
	const char *growing_area_key;      /**< query key of the growing-area code; default "vt" */
	const char *packing_facility_key;  /**< query key of the packing-facility code; default "csdg" */
	/** (version 2) the date whose year fixes the century of two-digit years, "yyyy-mm-dd"; NULL for
	 *  today's local date. Version 1 structs end before this field and read today's date. */
	const char *today;
} ocop_link_options;

#define OCOP_LINK_OPTIONS_VERSION 2
#define OCOP_LINK_OPTIONS_INIT { .version = OCOP_LINK_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_LINK_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_link_options_init(ocop_link_options *opts, int version);

/**
 * Builds the GS1 Digital Link URI of a record:
 *
 *   RESOLVER/01/{GTIN-14}[/22/{variant}][/10/{lot}][/21/{serial}]
 *       [?11={production YYMMDD}][&17={expiry YYMMDD}][&vt={growing_area}][&csdg={packing_facility}]
 *
 * The GTIN-14 is the record's EAN-13 (or EAN-8) padded with leading zeros.
 * variant (AI 22), lot (AI 10) and serial (AI 21) must be at most 20
 * characters of the GS1 CSET 82 set. Path values and query values are
 * percent-encoded: only A-Z a-z 0-9 - . _ stay literal. The result is ASCII.
 * Dates are dd/mm/yyyy or yyyy-mm-dd, or 00/mm/yyyy for a month without its
 * day (written YYMM00, as GS1 allows for AI 11 and 17). A YYMMDD year is read
 * back by GS1's window (General Specifications 7.12): from 49 years before
 * the year of opts->today to 50 years after it, so a date outside that range
 * is refused rather than written as one that reads back in another century.
 * @param out  receives the URI (malloc'ed; free it with free()).
 * @return 0; OCOP_EREJECTED for a missing or wrong GTIN, a value outside CSET
 *         82 (the message names the field, the character and its position),
 *         an unreadable date or one outside the window, or a bad resolver;
 *         OCOP_EINVAL (also for an unreadable opts->today); OCOP_ENOMEM.
 */
OCOP_API int ocop_link_build(char **out, const ocop_record *rec, const ocop_link_options *opts);

/**
 * Parses a GS1 Digital Link URI into a new record with the fields
 * "resolver", "gtin" (13 or 8 digits when the GTIN-14 has leading zeros),
 * "variant", "lot", "serial", "production_date", "expiry_date" (dd/mm/yyyy),
 * "growing_area" and "packing_facility" (under the keys of @p opts), and any
 * other query attribute under its own key. Fields absent from the URI are not
 * set.
 *
 * The rules are those of GS1's reference parser (gs1-syntax-engine, default
 * options) for the path RESOLVER/01/{GTIN-14}[/22/…][/10/…][/21/…]:
 * - the GTIN after /01/ has exactly 14 digits and a right check digit (a
 *   GTIN-8, -12 or -13 is written with leading zeros);
 * - 22, 10 and 21 come in this order, each with a non-empty value of at most
 *   20 characters of CSET 82 after percent-decoding; '+' in the path is a '+';
 * - the path does not end in a slash;
 * - in the query, '+' is a space; a parameter without '=' is accepted and not
 *   kept; an all-digit key is a GS1 Application Identifier: it must be one
 *   (zint's table), with a non-empty value valid for it, at most once, and
 *   not 01, 22, 10 or 21, which belong in the path; a key with a non-digit is
 *   an attribute, kept unless its value is empty;
 * - 11 and 17 are YYMMDD dates, the century by GS1's window around the year
 *   of opts->today (49 years back, 50 ahead). Day 00 (no day given) is
 *   accepted and kept as written: "00/mm/yyyy" (ocop_link_build() writes it
 *   back as YYMM00).
 * The scheme may be http or https in any case; the host must not hold any of
 * _ ~ @ ! $ & ' ( ) * + , ; = %. A malformed percent escape or %00 is refused.
 * @param out  receives the record; free it with ocop_record_free().
 * @return 0; OCOP_EPARSE when @p url is not a Digital Link (the message says
 *         what is wrong, and the error object's field names the field of a
 *         bad value); OCOP_EINVAL; OCOP_ENOMEM.
 */
OCOP_API int ocop_link_parse(ocop_record **out, const char *url, const ocop_link_options *opts);

#ifdef __cplusplus
}
#endif
#endif
