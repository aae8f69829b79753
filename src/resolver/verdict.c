/* ocoplabel — a serialised label's verdict from the registry: the JSON of gs1:verificationService, and the product page's section (genuine, never issued, voided, scanned too often, past its HSD). */
#include "resolver.h"
#include <string.h>

static void member(GString *o, const char *key, const char *value)
{
	g_string_append_printf(o, ",\"%s\":", key);
	if (value && *value)
		ocop_json_string(o, value);
	else
		g_string_append(o, "null");
}

char *ocop_verdict_json(const ocop_verdict *v, const ocop_record *link)
{
	GString *o = g_string_new("{\"status\":");
	ocop_json_string(o, v->status_name);
	member(o, "gtin", ocop_record_get(link, "gtin"));
	member(o, "lot", ocop_record_get(link, "lot"));
	member(o, "serial", ocop_record_get(link, "serial"));
	member(o, "state", v->state);
	member(o, "issued", v->issued);
	member(o, "producer", v->producer);
	member(o, "expiry", v->expiry);
	member(o, "voidReason", v->reason);
	g_string_append_printf(o, ",\"scans\":%lu", v->scans);
	member(o, "firstScan", v->first_scan);
	member(o, "lastScan", v->last_scan);
	g_string_append(o, "}\n");
	return g_string_free(o, FALSE);
}

/* a time of the registry (UTC) as Vietnam's clock shows it (UTC+7, no summer time): "09:25 07/12/2026"
 * in Vietnamese, "2026-12-07 09:25" in English; a date alone when day_only */
static char *local_time(const char *utc, bool day_only)
{
	GTimeZone *z = g_time_zone_new_utc();
	GDateTime *t = g_date_time_new_from_iso8601(utc, z), *vn = NULL;
	g_time_zone_unref(z);
	if (!t)
		return g_strdup(utc);
	GTimeZone *ict = g_time_zone_new_offset(7 * 3600);
	vn = g_date_time_to_timezone(t, ict);
	g_time_zone_unref(ict);
	g_date_time_unref(t);
	bool vi = strcmp(ocop_language(), "vi") == 0;
	/* NOTR: date formats */
	char *s = g_date_time_format(vn, day_only ? (vi ? "%d/%m/%Y" : "%Y-%m-%d") : (vi ? "%H:%M %d/%m/%Y" : "%Y-%m-%d %H:%M"));
	g_date_time_unref(vn);
	return s;
}

/* a sentence whose %s are values: the values escaped */
static void say(GString *o, const char *cls, const char *fmt, const char *a, const char *b, const char *c, const char *d)
{
	char *ea = g_markup_escape_text(a ? a : "", -1), *eb = g_markup_escape_text(b ? b : "", -1),
	     *ec = g_markup_escape_text(c ? c : "", -1), *ed = g_markup_escape_text(d ? d : "", -1);
	g_string_append_printf(o, "<p class=\"%s\">", cls);
	g_string_append_printf(o, fmt, ea, eb, ec, ed);
	g_string_append(o, "</p>\n");
	g_free(ea);
	g_free(eb);
	g_free(ec);
	g_free(ed);
}

void ocop_verdict_html(GString *o, const ocop_page_subject *s)
{
	const ocop_verdict *v = s->verdict;
	if (!v)
		return;
	char *issued = local_time(v->issued, true), *first = local_time(v->first_scan, false), n[32];
	ocop_format_count(n, sizeof n, v->scans);
	const char *producer = *v->producer ? v->producer : ocop_record_get(s->row->rec, "producer");
	/* NOTR: HTML */
	g_string_append(o, "<section class=\"verdict\">\n");
	switch (v->status) {
	case OCOP_VERDICT_UNKNOWN:
		say(o, "note", _("<b>Warning: this serial was never issued by the producer.</b> The label may be a copy: it "
		                 "may be counterfeit goods."), NULL, NULL, NULL, NULL);
		break;
	case OCOP_VERDICT_VOIDED:
		say(o, "note", _("<b>Warning: this label was voided</b> by the producer (%s) and should not be on goods for "
		                 "sale."), v->reason, NULL, NULL, NULL);
		break;
	case OCOP_VERDICT_GENUINE:
	case OCOP_VERDICT_EXPIRED:
		if (v->scans == 0)
			/* TRANSLATORS: the verdict of a label never scanned before: its print date, its producer */
			say(o, "genuine", _("<b>Genuine label:</b> printed on %s for %s; not scanned before."), issued, producer,
			    NULL, NULL);
		else
			/* TRANSLATORS: the verdict: the print date, the producer, the number of scans, the first scan's time */
			say(o, "genuine", ocop_ngettext("<b>Genuine label:</b> printed on %s for %s; scanned %s time, first at %s.",
			                                "<b>Genuine label:</b> printed on %s for %s; scanned %s times, first at %s.",
			                                v->scans),
			    issued, producer, n, first);
		if (v->scans > s->scan_alert) {
			char alert[32];
			ocop_format_count(alert, sizeof alert, s->scan_alert);
			say(o, "note", _("<b>Warning: this label has been scanned %s times</b>, more than %s: a genuine label is "
			                 "scanned by a few people; this code may have been copied onto other goods."),
			    n, alert, NULL, NULL);
		}
		if (v->status == OCOP_VERDICT_EXPIRED) {
			char hsd[32];
			say(o, "note", _("<b>Warning: past its expiry date</b> (HSD %s)."),
			    ocop_format_date(hsd, sizeof hsd, v->expiry), NULL, NULL, NULL);
		}
		break;
	}
	g_string_append(o, "</section>\n");
	g_free(issued);
	g_free(first);
}
