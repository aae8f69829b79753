/* ocoplabel — diagnostics: lists of problems (severity, field, stable code, message) that checks fill and callers read. */
#include "core.h"
#include <stdlib.h>
#include <string.h>

struct ocop_diags {
	GArray *items;      /* ocop_diag with owned strings */
};

ocop_diags *ocop_diags_alloc(void)
{
	/* GLib aborts when it cannot allocate, so this never returns NULL */
	ocop_diags *d = g_new0(ocop_diags, 1);
	d->items = g_array_new(FALSE, TRUE, sizeof(ocop_diag));
	return d;
}

void ocop_diags_addv(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, va_list ap)
{
	char *raw = g_strdup_vprintf(ocop_tr(fmt), ap); /* in the thread's language, as the error object */
	ocop_diag it = { sev, ocop_oneline_utf8(field ? field : "", -1), g_strdup(code && *code ? code : OCOP_CODE_OTHER),
		         ocop_message_text(raw) };
	g_free(raw);
	g_array_append_val(d->items, it);
}

void ocop_diags_prefix_field(ocop_diags *d, const char *field, const char *prefix)
{
	for (guint i = 0; d && i < d->items->len; i++) {
		ocop_diag *it = &g_array_index(d->items, ocop_diag, i);
		if (strcmp(it->field, field) != 0 || g_str_has_prefix(it->message, prefix))
			continue;
		char *m = g_strconcat(prefix, it->message, NULL);
		g_free((char *)it->message);
		it->message = m;
	}
}

void ocop_diags_addc(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ocop_diags_addv(d, sev, field, code, fmt, ap);
	va_end(ap);
}

void ocop_diags_add(ocop_diags *d, ocop_severity sev, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ocop_diags_addv(d, sev, field, OCOP_CODE_OTHER, fmt, ap);
	va_end(ap);
}

size_t ocop_diags_promote(ocop_diags *d, const char *code)
{
	size_t n = 0;
	for (guint i = 0; d && i < d->items->len; i++) {
		ocop_diag *it = &g_array_index(d->items, ocop_diag, i);
		if (it->severity == OCOP_SEVERITY_WARNING && strcmp(it->code, code) == 0) {
			it->severity = OCOP_SEVERITY_ERROR;
			n++;
		}
	}
	return n;
}

void ocop_diags_add_last_error(ocop_diags *d)
{
	const char *f = ocop_error_field();
	ocop_diags_addc(d, OCOP_SEVERITY_ERROR, *f ? f : "label", ocop_error_code(), "%s", ocop_error_message());
}

size_t ocop_diags_count(const ocop_diags *d) { return d ? d->items->len : 0; }

size_t ocop_diags_errors(const ocop_diags *d)
{
	size_t n = 0;
	for (size_t i = 0; i < ocop_diags_count(d); i++)
		n += g_array_index(d->items, ocop_diag, i).severity == OCOP_SEVERITY_ERROR;
	return n;
}

const ocop_diag *ocop_diags_get(const ocop_diags *d, size_t i)
{
	if (!d || i >= d->items->len)
		return NULL;
	return &g_array_index(d->items, ocop_diag, i);
}

void ocop_diags_free(ocop_diags *d)
{
	if (!d)
		return;
	for (guint i = 0; i < d->items->len; i++) {
		ocop_diag *it = &g_array_index(d->items, ocop_diag, i);
		g_free((char *)it->field);
		g_free((char *)it->code);
		g_free((char *)it->message);
	}
	g_array_free(d->items, TRUE);
	free(d);
}
