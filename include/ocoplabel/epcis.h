/* ocoplabel — EPCIS 2.0: the registry's runs as GS1 EPCIS events (JSON-LD), and their capture by an EPCIS repository. */
#ifndef OCOPLABEL_EPCIS_H
#define OCOPLABEL_EPCIS_H

#include "ocoplabel/common.h"
#include "ocoplabel/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The namespace of ocoplabel's own EPCIS extension fields (prefix "ocop"): a name, never fetched. */
#define OCOP_EPCIS_NAMESPACE "https://ocoplabel.example/epcis/"

/** Which events: options of ocop_epcis_export() and ocop_epcis_capture(). Initialise with
 *  OCOP_EPCIS_OPTIONS_INIT or ocop_epcis_options_init(). */
typedef struct ocop_epcis_options {
	int version;                  /**< OCOP_EPCIS_OPTIONS_VERSION */
	const long long *runs;        /**< the runs, or NULL: every run whose output was written (state "done") */
	size_t n_runs;
	/** The document's creationDate (yyyy-mm-ddThh:mm:ssZ); NULL: the time of its newest event, so that a
	 *  repeated export of the same runs is the same document, byte for byte. */
	const char *created;
	/** (version 2) only the events of this GTIN (14 digits, as the registry keeps it); NULL: every GTIN. */
	const char *gtin;
} ocop_epcis_options;

/** Version 2 added gtin; version 1 structs are still read. */
#define OCOP_EPCIS_OPTIONS_VERSION 2
#define OCOP_EPCIS_OPTIONS_INIT { .version = OCOP_EPCIS_OPTIONS_VERSION }

/** Sets @p opts to the defaults (pass OCOP_EPCIS_OPTIONS_VERSION). @return 0; OCOP_EINVAL. */
OCOP_API int ocop_epcis_options_init(ocop_epcis_options *opts, int version);

/**
 * The EPCIS 2.0 document (JSON-LD, UTF-8) of the runs of @p reg that @p opts names (docs/EPCIS.md): for
 * each run whose output was written, one ObjectEvent per GTIN and lot (action ADD, bizStep commissioning,
 * disposition active) with the serials as GS1 Digital Link URIs in epcList, or a quantityList when the run
 * was not serialised; ilmd with the lot and the expiry date; the time in Viet Nam's offset (+07:00); the
 * packing site's GLN as readPoint and bizLocation, else its packing-facility code as ocop:packingFacility;
 * and for the labels voided since, an ObjectEvent DELETE (bizStep decommissioning, disposition inactive).
 * Every event has the eventID of EPCIS 2.0's event hash (ni:///sha-256;…?ver=CBV2.0): the same events
 * always have the same IDs.
 *
 * *out: the document, NUL-terminated (free with free()); *len its length; *events (may be NULL) the
 * number of events. @return 0; OCOP_ENOENT for a run that is not on record or not done (the message
 * names it); OCOP_EIO; OCOP_EINVAL.
 */
OCOP_API int ocop_epcis_export(char **out, size_t *len, size_t *events, ocop_registry *reg,
                               const ocop_epcis_options *opts);

/** How to send: options of ocop_epcis_capture(). Initialise with OCOP_EPCIS_CAPTURE_OPTIONS_INIT or
 *  ocop_epcis_capture_options_init(). */
typedef struct ocop_epcis_capture_options {
	int version;                  /**< OCOP_EPCIS_CAPTURE_OPTIONS_VERSION */
	const char *token;            /**< a bearer token for the Authorization header, or NULL */
	unsigned timeout;             /**< seconds one request may wait for an answer; 0: 30 */
	unsigned wait;                /**< seconds to wait for the repository's capture job to end; 0: 300 */
	unsigned poll_ms;             /**< milliseconds between two looks at the job; 0: 1000 */
} ocop_epcis_capture_options;

#define OCOP_EPCIS_CAPTURE_OPTIONS_VERSION 1
#define OCOP_EPCIS_CAPTURE_OPTIONS_INIT { .version = OCOP_EPCIS_CAPTURE_OPTIONS_VERSION }

/** Sets @p opts to the defaults (pass OCOP_EPCIS_CAPTURE_OPTIONS_VERSION). @return 0; OCOP_EINVAL. */
OCOP_API int ocop_epcis_capture_options_init(ocop_epcis_capture_options *opts, int version);

/** What became of a capture. */
typedef struct ocop_epcis_capture_result {
	long long capture;            /**< its number in the registry (ocoplabel registry captures) */
	size_t events;                /**< the events sent */
	int http_status;              /**< the last HTTP status the repository gave, or 0 */
	char job[1024];               /**< the capture job's address (the Location of the 202), or "" */
} ocop_epcis_capture_result;

/**
 * Sends the document of ocop_epcis_export() to the EPCIS 2.0 repository @p url: POST url/capture with
 * GS1-EPCIS-Version 2.0.0 and GS1-CBV-Version 2.0.0 (and the bearer token), then, on 202, its capture job
 * (the Location) looked at until it has finished, for at most opts->wait seconds. The capture is recorded in
 * the registry: "sending" first, then "accepted" only when the job finished with success, else "failed"
 * with the reason. @p out may be NULL.
 * @return 0 (accepted); OCOP_EREJECTED: the repository refused the document (a 4xx answer, its problem
 *         document's title and detail in the message; a job that ended with errors); OCOP_ETIMEOUT: no
 *         answer within opts->timeout, or a job still running after opts->wait; OCOP_EIO: the repository
 *         could not be reached, or answered what the EPCIS interface does not; OCOP_ENOENT; OCOP_EINVAL.
 */
OCOP_API int ocop_epcis_capture(ocop_epcis_capture_result *out, ocop_registry *reg, const char *url,
                                const ocop_epcis_options *events, const ocop_epcis_capture_options *opts);

#ifdef __cplusplus
}
#endif
#endif
