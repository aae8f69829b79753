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
 * OCOP_LINK_OPTIONS_INIT. A NULL string takes the default; an empty key
 * leaves that code out of the link.
 */
typedef struct ocop_link_options {
	int version;                       /**< OCOP_LINK_OPTIONS_VERSION */
	const char *resolver;              /**< base URL; default "https://id.gs1.org" */
	const char *growing_area_key;      /**< query key of the growing-area code; default "vt" */
	const char *packing_facility_key;  /**< query key of the packing-facility code; default "csdg" */
} ocop_link_options;

#define OCOP_LINK_OPTIONS_VERSION 1
#define OCOP_LINK_OPTIONS_INIT { OCOP_LINK_OPTIONS_VERSION, NULL, NULL, NULL }

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
 * @param out  receives the URI (malloc'ed; free it with free()).
 * @return 0; OCOP_EINVALID for a missing or wrong GTIN, a value outside CSET
 *         82 (the message names the field, the character and its position),
 *         an unreadable date or a bad resolver; OCOP_EINVAL; OCOP_ENOMEM.
 */
OCOP_API int ocop_link_build(char **out, const ocop_record *rec, const ocop_link_options *opts);

/**
 * Parses a GS1 Digital Link URI into a new record with the fields
 * "resolver", "gtin" (13 or 8 digits when the GTIN-14 has leading zeros),
 * "variant", "lot", "serial", "production_date", "expiry_date" (dd/mm/yyyy),
 * "growing_area" and "packing_facility" (under the keys of @p opts), and any
 * other query attribute under its own key. Fields absent from the URI are not
 * set.
 * @param out  receives the record; free it with ocop_record_free().
 * @return 0; OCOP_EPARSE when @p url is not a Digital Link (the message says
 *         what is wrong); OCOP_EINVAL; OCOP_ENOMEM.
 */
OCOP_API int ocop_link_parse(ocop_record **out, const char *url, const ocop_link_options *opts);

#ifdef __cplusplus
}
#endif
#endif
