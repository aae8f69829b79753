/* ocoplabel — the EPCIS 2.0 document: the events as JSON-LD (json-glib), in GS1's context with ocoplabel's namespace. */
#include "epcis.h"
#include <json-glib/json-glib.h>
#include <string.h>

static void event(JsonBuilder *b, const ocop_epcis_event *e)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, "ObjectEvent");
	json_builder_set_member_name(b, "eventID");
	json_builder_add_string_value(b, e->id);
	json_builder_set_member_name(b, "eventTime");
	json_builder_add_string_value(b, e->time);
	json_builder_set_member_name(b, "eventTimeZoneOffset");
	json_builder_add_string_value(b, OCOP_EPCIS_OFFSET);
	if (e->epcs->len) {
		json_builder_set_member_name(b, "epcList");
		json_builder_begin_array(b);
		for (guint i = 0; i < e->epcs->len; i++)
			json_builder_add_string_value(b, e->epcs->pdata[i]);
		json_builder_end_array(b);
	} else {
		char *cls = ocop_epcis_dl(e->gtin, e->lot, NULL);
		json_builder_set_member_name(b, "quantityList");
		json_builder_begin_array(b);
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "epcClass");
		json_builder_add_string_value(b, cls);
		json_builder_set_member_name(b, "quantity");
		json_builder_add_int_value(b, (gint64)e->quantity);
		json_builder_end_object(b);
		json_builder_end_array(b);
		g_free(cls);
	}
	json_builder_set_member_name(b, "action");
	json_builder_add_string_value(b, e->voided ? "DELETE" : "ADD");
	json_builder_set_member_name(b, "bizStep");
	json_builder_add_string_value(b, e->voided ? "decommissioning" : "commissioning");
	json_builder_set_member_name(b, "disposition");
	json_builder_add_string_value(b, e->voided ? "inactive" : "active");
	if (e->gln) {
		/* NOTR: EPCIS JSON-LD names and values */
		char *id = g_strdup_printf("https://id.gs1.org/414/%s", e->gln);
		json_builder_set_member_name(b, "readPoint");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, id);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "bizLocation");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, id);
		json_builder_end_object(b);
		g_free(id);
	}
	if (!e->voided && (*e->lot || e->expiry)) {
		json_builder_set_member_name(b, "ilmd");
		json_builder_begin_object(b);
		if (*e->lot) {
			/* NOTR: EPCIS JSON-LD names and values */
			json_builder_set_member_name(b, "cbvmda:lotNumber");
			json_builder_add_string_value(b, e->lot);
		}
		if (e->expiry) {
			/* NOTR: EPCIS JSON-LD names and values */
			json_builder_set_member_name(b, "cbvmda:itemExpirationDate");
			json_builder_add_string_value(b, e->expiry);
		}
		json_builder_end_object(b);
	}
	char run[24];
	g_snprintf(run, sizeof run, "%lld", e->run);
	/* NOTR: EPCIS JSON-LD names and values */
	json_builder_set_member_name(b, "ocop:run");
	json_builder_add_string_value(b, run);
	if (e->facility) {
		/* NOTR: EPCIS JSON-LD names and values */
		json_builder_set_member_name(b, "ocop:packingFacility");
		json_builder_add_string_value(b, e->facility);
	}
	if (e->reason) {
		/* NOTR: EPCIS JSON-LD names and values */
		json_builder_set_member_name(b, "ocop:voidReason");
		json_builder_add_string_value(b, e->reason);
	}
	json_builder_end_object(b);
}

char *ocop_epcis_write(const GPtrArray *events, const char *created, size_t *len)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@context");
	json_builder_begin_array(b);
	/* NOTR: EPCIS JSON-LD names and values */
	json_builder_add_string_value(b, "https://ref.gs1.org/standards/epcis/epcis-context.jsonld");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "ocop");
	json_builder_add_string_value(b, OCOP_EPCIS_NAMESPACE);
	json_builder_end_object(b);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, "EPCISDocument");
	json_builder_set_member_name(b, "schemaVersion");
	json_builder_add_string_value(b, "2.0");
	/* the newest event's time (a repeated export is the same document), or now when there is none */
	char now[32];
	if (!created && events->len)
		created = ((const ocop_epcis_event *)events->pdata[events->len - 1])->utc;
	if (!created) {
		GDateTime *t = g_date_time_new_now_utc();
		char *s = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
		g_strlcpy(now, s, sizeof now);
		g_free(s);
		g_date_time_unref(t);
		created = now;
	}
	json_builder_set_member_name(b, "creationDate");
	json_builder_add_string_value(b, created);
	json_builder_set_member_name(b, "epcisBody");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "eventList");
	json_builder_begin_array(b);
	for (guint i = 0; i < events->len; i++)
		event(b, events->pdata[i]);
	json_builder_end_array(b);
	json_builder_end_object(b);
	json_builder_end_object(b);
	JsonGenerator *g = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	json_generator_set_pretty(g, TRUE);
	gsize n = 0;
	char *out = json_generator_to_data(g, &n);
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
	*len = n;
	return out;
}
