/* ocoplabel — the endpoints of one label: /api/check and /api/label, and the record and renderer a request gives. */
#include "api.h"
#include <stdlib.h>
#include <string.h>

/* ---- the record of a request ---- */

/* The record from the parameters that are not options; false with a 400 reply. */
bool serve_record_of(const serve_params *p, ocop_record **rec, serve_reply *out)
{
	if (ocop_record_new(rec) < 0) {
		serve_reply_error(out, 500, "%s", ocop_error_last());
		return false;
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, p->values);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (serve_is_option(k) || !*(const char *)v)
			continue;
		if (ocop_record_set(*rec, k, v, -1) < 0) {
			/* a value the record cannot hold at all (not UTF-8, too long): the field's error */
			JsonBuilder *b = json_builder_new();
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "errors");
			json_builder_begin_array(b);
			json_builder_begin_object(b);
			serve_json_str(b, "field", ocop_error_field());
			serve_json_str(b, "code", ocop_error_code());
			serve_json_str(b, "message", ocop_error_message());
			json_builder_end_object(b);
			json_builder_end_array(b);
			json_builder_end_object(b);
			serve_reply_json(out, 422, b);
			ocop_record_free(*rec);
			*rec = NULL;
			return false;
		}
	}
	return true;
}

/* The request's renderer (its template in *t, its format in *fmt when asked); NULL with the reply. */
ocop_renderer *serve_renderer_of(const serve_params *p, ocop_format fallback, const ocop_template **t,
                                  ocop_format *fmt, serve_reply *out)
{
	serve_render_spec s;
	char *error = NULL;
	if (!serve_render_spec_from(&s, p, fallback, &error)) {
		serve_reply_error(out, 400, "%s", error);
		g_free(error);
		return NULL;
	}
	if (fmt)
		*fmt = s.format;
	ocop_renderer *r = NULL;
	int err = serve_renderer(&r, &s, t);
	if (err < 0)
		serve_reply_failure(out, err, p);
	return r;
}

/* ---- POST /api/check and /api/label ---- */

void serve_api_check(const serve_params *p, serve_reply *out)
{
	ocop_record *rec = NULL;
	const ocop_template *t;
	ocop_renderer *r = serve_renderer_of(p, OCOP_FORMAT_PDF, &t, NULL, out);
	if (!r || !serve_record_of(p, &rec, out))
		return;
	ocop_diags *d = NULL;
	int err = ocop_renderer_check(&d, r, rec);
	if (err < 0 && err != OCOP_EREJECTED) {
		serve_reply_failure(out, err, p);
		ocop_record_free(rec);
		return;
	}
	char *url = NULL;
	if (err == 0)
		ocop_trace_url(&url, t, rec);
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, err == 0);
	serve_json_diag_members(b, d);
	if (url)
		serve_json_str(b, "url", url);
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
	free(url);
	ocop_diags_free(d);
	ocop_record_free(rec);
}

const char *serve_content_type(ocop_format f)
{
	switch (f) {
	case OCOP_FORMAT_PNG: return "image/png";
	case OCOP_FORMAT_SVG: return "image/svg+xml";
	/* NOTR: a MIME type */
	case OCOP_FORMAT_TSPL: return "application/vnd.ocoplabel.tspl";
	/* NOTR: a MIME type */
	case OCOP_FORMAT_ZPL: return "application/vnd.ocoplabel.zpl";
	default: return "application/pdf";
	}
}

/* The label of the request's record into *buf; false with the reply (422 for an invalid record). */
bool serve_label_bytes(const serve_params *p, unsigned char **buf, size_t *len, ocop_format *fmt, serve_reply *out)
{
	ocop_record *rec = NULL;
	const ocop_template *t;
	ocop_renderer *r = serve_renderer_of(p, OCOP_FORMAT_PDF, &t, fmt, out);
	if (!r || !serve_record_of(p, &rec, out))
		return false;
	ocop_diags *d = NULL;
	int err = ocop_renderer_check(&d, r, rec);
	if (err == OCOP_EREJECTED) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		serve_json_diag_members(b, d);
		json_builder_end_object(b);
		serve_reply_json(out, 422, b);
	} else if (err < 0 || (err = ocop_renderer_render_mem(buf, len, r, rec)) < 0) {
		serve_reply_failure(out, err, p);
	}
	ocop_diags_free(d);
	ocop_record_free(rec);
	return err == 0;
}

void serve_api_label(const serve_params *p, serve_reply *out)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	ocop_format fmt;
	if (!serve_label_bytes(p, &buf, &len, &fmt, out))
		return;
	out->status = 200;
	out->type = serve_content_type(fmt);
	out->body = g_memdup2(buf, len);
	out->len = len;
	free(buf);
	/* named after the product: tra-hoa-vang-ba-che-TH2611.pdf */
	char *stem = ocop_download_name(serve_param(p, "name"), serve_param(p, "lot"));
	/* NOTR: an HTTP header's value */
	char *disp = g_strdup_printf("inline; filename=\"%s.%s\"", stem, serve_format_name(fmt));
	free(stem);
	/* NOTR: an HTTP header */
	serve_reply_header(out, "Content-Disposition", disp);
	g_free(disp);
}

