/* ocoplabel — EPCIS (not installed): the registry's runs as events (events.c), their eventIDs (id.c), the
 * JSON-LD document (write.c), the capture client (capture.c). */
#ifndef OCOP_EPCIS_INTERNAL_H
#define OCOP_EPCIS_INTERNAL_H

#include "core.h"
#include "ocoplabel/epcis.h"

/* Viet Nam's time: every event's offset (no daylight saving) */
#define OCOP_EPCIS_OFFSET "+07:00"
#define OCOP_EPCIS_OFFSET_SECONDS (7 * 3600)

/* One ObjectEvent. */
typedef struct ocop_epcis_event {
	bool voided;                /* ADD commissioning active, or DELETE decommissioning inactive */
	char time[32];              /* eventTime, yyyy-mm-ddThh:mm:ss+07:00 */
	char utc[32];               /* the same in UTC, yyyy-mm-ddThh:mm:ssZ (the order of events, the hash) */
	long long run;
	char gtin[15];              /* GTIN-14 */
	char *lot;                  /* "" for none */
	char *expiry;               /* yyyy-mm-dd, or NULL */
	GPtrArray *epcs;            /* Digital Link URIs (char *), sorted; empty when quantity */
	unsigned long long quantity;
	char *gln;                  /* or NULL */
	char *facility;             /* packing-facility code, or NULL */
	char *reason;               /* why voided, or NULL */
	char id[128];               /* eventID (id.c) */
} ocop_epcis_event;

/* events.c: the events of the runs opts names, in order of time; *out: ocop_epcis_event *, freeing */
int ocop_epcis_events(GPtrArray **out, ocop_registry *reg, const ocop_epcis_options *opts);
/* the runs the events came from (distinct, ascending) */
GArray *ocop_epcis_runs_of(const GPtrArray *events);
/* https://id.gs1.org/01/GTIN14[/10/LOT][/21/SERIAL], the values percent-encoded as a Digital Link does */
char *ocop_epcis_dl(const char *gtin14, const char *lot, const char *serial);

/* id.c: the EPCIS 2.0 event hash (ni:///sha-256;HEX?ver=CBV2.0) of ev into ev->id; its pre-hash string
 * when pre is not NULL (g_malloc'ed) */
void ocop_epcis_event_id(ocop_epcis_event *ev, char **pre);

/* write.c: the JSON-LD document */
char *ocop_epcis_write(const GPtrArray *events, const char *created, size_t *len);

#endif
