/* ocoplabel — the page's template designer: /api/template/auto (the automatic layout), /check (the rules), /preview (a label of the typical product) and /save (into the server's template folder). Thin: the library decides. */
#include "api.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NOTR: what messages call a template the page sends */
#define DESIGNER_NAME "designer.ini"

/* a number parameter in [lo, hi], def when absent; false with a 400 reply */
static bool num(const serve_params *p, const char *k, double lo, double hi, double def, double *out, serve_reply *r)
{
	const char *v = serve_param(p, k);
	*out = def;
	if (!v || !*v)
		return true;
	char *end = NULL;
	double d = g_ascii_strtod(v, &end);
	if (end == v || *end || !(d >= lo && d <= hi)) {
		serve_reply_error(r, 400, "%s: '%s' is not a number from %g to %g", k, v, lo, hi);
		return false;
	}
	*out = d;
	return true;
}

/* the library's last error as {error, field, code} with its status */
static void reply_last_error(serve_reply *out, int err)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	serve_json_str(b, "error", ocop_error_last());
	serve_json_str(b, "field", ocop_error_field());
	serve_json_str(b, "code", ocop_error_code());
	json_builder_end_object(b);
	serve_reply_json(out, serve_status_of(err), b);
}

/* ---- POST /api/template/auto ---- */

void serve_api_template_auto(const serve_params *p, serve_reply *out)
{
	double w, h, dpi;
	if (!num(p, "width", 1, 1000, 0, &w, out) || !num(p, "height", 1, 1000, 0, &h, out) ||
	    !num(p, "dpi", 72, 2400, 0, &dpi, out))
		return;
	if (w == 0 || h == 0) {
		serve_reply_error(out, 400, "give the label's width and height in mm");
		return;
	}
	ocop_template_auto_options o = OCOP_TEMPLATE_AUTO_OPTIONS_INIT;
	o.dpi = dpi;
	const char *prof = serve_param(p, "printer_profile");
	o.printer = prof && *prof ? prof : NULL;
	o.thermal = serve_flag(p, "thermal");
	o.pos = serve_flag(p, "pos");
	o.no_ean = serve_flag(p, "no_ean");
	o.datamatrix = serve_flag(p, "datamatrix");
	const char *today = serve_param(p, "today");
	o.today = today && *today ? today : serve_get_config()->today;
	char *ini = NULL;
	int err = ocop_template_auto(&ini, w, h, &o);
	if (err < 0) {
		reply_last_error(out, err);
		return;
	}
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	serve_json_str(b, "ini", ini);
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
	free(ini);
}

/* ---- the template of a request ---- */

/* The request's template text (ini) loaded; NULL with a 400 reply {ok: false, errors: [...]} that says why. A
 * mark's image= is refused: a template sent to the server names no file of the server's. */
static ocop_template *template_of(const serve_params *p, serve_reply *out)
{
	const char *ini = serve_param(p, "ini");
	if (!ini || !*ini) {
		serve_reply_error(out, 400, "send the template's text as the parameter ini");
		return NULL;
	}
	ocop_template *t = NULL;
	char *bad = NULL;
	char **lines = g_strsplit(ini, "\n", -1);
	for (char **l = lines; *l && !bad; l++) {
		const char *s = *l + strspn(*l, " \t");
		if (g_str_has_prefix(s, "image") && s[5 + strspn(s + 5, " \t")] == '=')
			bad = g_strdup_printf(_("%s: a template sent to the server may not name an image file (image=): put the "
			                        "mark's image in the template folder by hand"), DESIGNER_NAME);
	}
	g_strfreev(lines);
	int err = bad ? OCOP_EINVAL : ocop_template_load_mem(&t, ini, strlen(ini), DESIGNER_NAME);
	if (err < 0) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "ok");
		json_builder_add_boolean_value(b, FALSE);
		serve_json_str(b, "error", bad ? bad : ocop_error_last());
		json_builder_set_member_name(b, "errors");
		json_builder_begin_array(b);
		json_builder_begin_object(b);
		serve_json_str(b, "field", bad ? "image" : ocop_error_field());
		serve_json_str(b, "code", bad ? "image" : ocop_error_code());
		serve_json_str(b, "message", bad ? bad : ocop_error_last());
		json_builder_end_object(b);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "warnings");
		json_builder_begin_array(b);
		json_builder_end_array(b);
		json_builder_end_object(b);
		serve_reply_json(out, serve_status_of(err) == 413 ? 413 : 400, b);
		g_free(bad);
	}
	return t;
}

/* ocop_template_check of t; *d its diagnostics */
static int check(ocop_diags **d, const ocop_template *t, const serve_params *p, serve_reply *out, bool *replied)
{
	double dpi;
	*replied = false;
	if (!num(p, "dpi", 72, 2400, 0, &dpi, out)) {
		*replied = true;
		return OCOP_EINVAL;
	}
	ocop_template_check_options o = OCOP_TEMPLATE_CHECK_OPTIONS_INIT;
	o.dpi = dpi;
	o.pos = serve_flag(p, "pos");
	int err = ocop_template_check(d, t, &o);
	if (err < 0 && err != OCOP_EREJECTED) {
		reply_last_error(out, err);
		*replied = true;
	}
	return err;
}

/* ---- POST /api/template/check ---- */

void serve_api_template_check(const serve_params *p, serve_reply *out)
{
	ocop_template *t = template_of(p, out);
	if (!t)
		return;
	ocop_diags *d = NULL;
	bool replied;
	int err = check(&d, t, p, out, &replied);
	if (!replied) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "ok");
		json_builder_add_boolean_value(b, err == 0);
		serve_json_diag_members(b, d);
		json_builder_end_object(b);
		serve_reply_json(out, err == 0 ? 200 : 422, b);
	}
	ocop_diags_free(d);
	ocop_template_free(t);
}

/* ---- POST /api/template/preview ---- */

void serve_api_template_preview(const serve_params *p, serve_reply *out)
{
	double dpi;
	if (!num(p, "dpi", 72, 600, 203, &dpi, out))
		return;
	ocop_template *t = template_of(p, out);
	if (!t)
		return;
	ocop_record *rec = NULL;
	ocop_renderer *r = NULL;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PNG;
	ro.dpi = dpi;
	ro.today = serve_get_config()->today;
	unsigned char *buf = NULL;
	size_t len = 0;
	int err = ocop_template_sample_record(&rec);
	if (err == 0)
		err = ocop_renderer_new(&r, t, &ro);
	if (err == 0)
		err = ocop_renderer_render_mem(&buf, &len, r, rec);
	if (err < 0) {
		reply_last_error(out, err);
	} else {
		out->status = 200;
		out->type = "image/png";
		out->body = g_memdup2(buf, len);
		out->len = len;
	}
	free(buf);
	ocop_renderer_free(r);
	ocop_record_free(rec);
	ocop_template_free(t);
}

/* ---- POST /api/template/save ---- */

/* a template's name: 1 to 64 of a-z, 0-9 and '-', not starting with '-' (a file name, never a path) */
static bool name_ok(const char *n)
{
	size_t len = n ? strlen(n) : 0;
	return len >= 1 && len <= 64 && n[0] != '-' && strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

void serve_api_template_save(const serve_params *p, serve_reply *out)
{
	const char *name = serve_param(p, "name");
	if (!name_ok(name)) {
		serve_reply_error(out, 400, "the template's name '%s' may have only the letters a-z, digits and '-' (1 to 64, "
		                  "not starting with '-'), e.g. honey-40x30", name ? name : "");
		return;
	}
	ocop_template *t = template_of(p, out);
	if (!t)
		return;
	ocop_diags *d = NULL;
	bool replied;
	int err = check(&d, t, p, out, &replied);
	char *dir = NULL, *path = NULL;
	if (replied)
		goto done;
	if (err < 0) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		serve_json_str(b, "error", ocop_error_last());
		serve_json_diag_members(b, d);
		json_builder_end_object(b);
		serve_reply_json(out, 422, b);
		goto done;
	}
	const char *own = serve_get_config()->templates;
	dir = own ? g_strdup(own) : g_build_filename(g_get_user_data_dir(), "ocoplabel", "templates", NULL);
	char *file = g_strconcat(name, ".ini", NULL);
	path = g_build_filename(dir, file, NULL);
	g_free(file);
	if (g_file_test(path, G_FILE_TEST_EXISTS) && !serve_flag(p, "replace")) {
		serve_reply_error(out, 409, "a template named '%s' is already saved: choose another name or replace it", name);
		goto done;
	}
	GError *ge = NULL;
	const char *ini = serve_param(p, "ini");
	if (g_mkdir_with_parents(dir, 0755) < 0 || !g_file_set_contents(path, ini, (gssize)strlen(ini), &ge)) {
		/* the server's own disk: its folder is the operator's business, not the clerk's */
		/* NOTR: a line of the server's log */
		fprintf(stderr, "ocoplabel serve: saving %s: %s\n", path, ge ? ge->message : g_strerror(errno));
		if (ge)
			g_error_free(ge);
		serve_reply_error(out, 500, "the template could not be saved in the server's template folder");
		goto done;
	}
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	serve_json_str(b, "name", name);
	serve_json_diags(b, "warnings", d, OCOP_SEVERITY_WARNING);
	json_builder_end_object(b);
	serve_reply_json(out, 201, b);
done:
	g_free(dir);
	g_free(path);
	ocop_diags_free(d);
	ocop_template_free(t);
}
