/* ocoplabel — the eventID of an event: the EPCIS 2.0 event hash (ni:///sha-256;…?ver=CBV2.0) of its canonical pre-hash string. */
#include "epcis.h"
#include <string.h>

/* The rules of the hash algorithm (EPCIS 2.0 §8.9.2; GS1's reference, github.com/RalphTro/epcis-event-hash-generator,
 * and epcis2.js's hash_generator, which the tests compare with) for the fields these events have: the
 * canonical order of the fields, dates in UTC with milliseconds, CBV values as their full URIs, identifiers
 * as Digital Links on id.gs1.org, the elements of a list and the
 * extension fields ({namespace}name=value) in lexical order, extensions after the standard fields. */

/* a value as the algorithm writes it: numbers without leading zeros (its rule for numeric strings) */
static void value(GString *s, const char *v)
{
	bool numeric = *v != '\0';
	for (const char *p = v; *p; p++)
		numeric = numeric && (g_ascii_isdigit(*p) || *p == '.');
	while (numeric && v[0] == '0' && strlen(v) > 2)
		v++;
	g_string_append(s, v);
	/* trailing zeros of a fraction: none of these values has one */
}

static void field(GString *s, const char *name, const char *v)
{
	g_string_append_printf(s, "%s=", name);
	value(s, v);
}

/* the DL of an instance as the hash takes it: as written (with its lot, as epcis2.js 2.7.3 keeps it; the
 * serials of the registry are unique per GTIN and lot, not per GTIN) */
static char *canonical_epc(const char *dl) { return g_strdup(dl); }

static int by_string(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void sorted(GString *s, GPtrArray *parts)
{
	g_ptr_array_sort(parts, by_string);
	for (guint i = 0; i < parts->len; i++)
		g_string_append(s, parts->pdata[i]);
	g_ptr_array_free(parts, TRUE);
}

static char *ext(const char *name, const char *v)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "{%s}", OCOP_EPCIS_NAMESPACE);
	field(s, name, v);
	return g_string_free(s, FALSE);
}

void ocop_epcis_event_id(ocop_epcis_event *ev, char **pre)
{
	GString *s = g_string_new(NULL);
	field(s, "eventType", "ObjectEvent");
	char t[40];
	g_snprintf(t, sizeof t, "%.19s.000Z", ev->utc);
	field(s, "eventTime", t);
	field(s, "eventTimeZoneOffset", OCOP_EPCIS_OFFSET);
	if (ev->epcs->len) {
		g_string_append(s, "epcList");
		GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < ev->epcs->len; i++) {
			char *c = canonical_epc(ev->epcs->pdata[i]);
			g_ptr_array_add(parts, g_strdup_printf("epc=%s", c));
			g_free(c);
		}
		sorted(s, parts);
	} else {
		char *cls = ocop_epcis_dl(ev->gtin, ev->lot, NULL);
		g_string_append_printf(s, "quantityListquantityElementepcClass=%s", cls);
		g_string_append_printf(s, "quantity=%llu", ev->quantity);
		g_free(cls);
	}
	field(s, "action", ev->voided ? "DELETE" : "ADD");
	static const char *const cbv[2][2] = {
		/* NOTR: CBV 2.0's URI of a business step */
		{ "https://ref.gs1.org/cbv/BizStep-commissioning",
		  /* NOTR: CBV 2.0's URI of a disposition */
		  "https://ref.gs1.org/cbv/Disp-active" },
		/* NOTR: CBV 2.0's URI of a business step */
		{ "https://ref.gs1.org/cbv/BizStep-decommissioning",
		  /* NOTR: CBV 2.0's URI of a disposition */
		  "https://ref.gs1.org/cbv/Disp-inactive" },
	};
	field(s, "bizStep", cbv[ev->voided][0]);
	field(s, "disposition", cbv[ev->voided][1]);
	if (ev->gln) {
		/* NOTR: the EPCIS event hash's pre-hash string */
		g_string_append_printf(s, "readPointid=https://id.gs1.org/414/%s", ev->gln);
		/* NOTR: the EPCIS event hash's pre-hash string */
		g_string_append_printf(s, "bizLocationid=https://id.gs1.org/414/%s", ev->gln);
	}
	if (!ev->voided && (*ev->lot || ev->expiry)) {
		g_string_append(s, "ilmd");
		GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
		if (*ev->lot) {
			/* NOTR: the EPCIS event hash's pre-hash string */
			GString *x = g_string_new("{urn:epcglobal:cbv:mda:}");
			field(x, "lotNumber", ev->lot);
			g_ptr_array_add(parts, g_string_free(x, FALSE));
		}
		if (ev->expiry)
			/* NOTR: the EPCIS event hash's pre-hash string */
			g_ptr_array_add(parts, g_strdup_printf("{urn:epcglobal:cbv:mda:}itemExpirationDate=%s", ev->expiry));
		sorted(s, parts);
	}
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	char run[24];
	g_snprintf(run, sizeof run, "%lld", ev->run);
	g_ptr_array_add(parts, ext("run", run));
	if (ev->facility)
		g_ptr_array_add(parts, ext("packingFacility", ev->facility));
	if (ev->reason)
		g_ptr_array_add(parts, ext("voidReason", ev->reason));
	sorted(s, parts);

	char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->str, (gssize)s->len);
	g_snprintf(ev->id, sizeof ev->id, "ni:///sha-256;%s?ver=CBV2.0", hex);
	g_free(hex);
	if (pre)
		*pre = g_string_free(s, FALSE);
	else
		g_string_free(s, TRUE);
}
