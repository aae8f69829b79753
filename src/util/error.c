/* ocoplabel — the thread-local error object (message, field, code) and error code names. */
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One per thread, freed when the thread ends (GPrivate's destructor). */
typedef struct last_error {
	char *full;     /* "[WHERE: ][FIELD: ]message" */
	char *field;    /* "" when none */
	char *code;     /* "" when none */
	const char *message; /* points into full, after where and field */
} last_error;

static void last_error_free(void *p)
{
	last_error *e = p;
	if (!e)
		return;
	g_free(e->full);
	g_free(e->field);
	g_free(e->code);
	g_free(e);
}

static GPrivate last_key = G_PRIVATE_INIT(last_error_free);

static last_error *get_last(bool create)
{
	last_error *e = g_private_get(&last_key);
	if (!e && create) {
		e = g_new0(last_error, 1);
		g_private_set(&last_key, e);
	}
	return e;
}

char *ocop_oneline_utf8(const char *s, gssize len)
{
	/* invalid bytes become U+FFFD, line breaks " / ", other control characters U+FFFD */
	char *valid = g_utf8_make_valid(s ? s : "", s ? len : 0);
	GString *out = g_string_sized_new(strlen(valid));
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\r' || c == '\n') {
			if (c == '\r' && p[1] == '\n')
				p++;
			g_string_append(out, " / ");
		} else if (c == '\t') {
			g_string_append_c(out, ' ');
		} else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
			g_string_append(out, "\xEF\xBF\xBD");
		} else {
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		}
	}
	g_free(valid);
	return g_string_free(out, FALSE);
}

/* The generic code of an error number, for errors set without one of their own. */
static const char *generic_code(int err)
{
	switch (err) {
	case OCOP_EINVAL: return OCOP_CODE_ARGUMENT;
	case OCOP_ENOMEM: return OCOP_CODE_MEMORY;
	case OCOP_EIO: return OCOP_CODE_IO;
	case OCOP_ENOENT: return OCOP_CODE_NOT_FOUND;
	case OCOP_EPARSE: return OCOP_CODE_PARSE;
	case OCOP_EREJECTED: return OCOP_CODE_INVALID;
	case OCOP_EENCODE: return OCOP_CODE_ENCODE;
	case OCOP_EFONT: return OCOP_CODE_FONT;
	case OCOP_ERENDER: return OCOP_CODE_RENDER;
	case OCOP_EUTF8: return OCOP_CODE_UTF8;
	case OCOP_ELIMIT: return OCOP_CODE_LIMIT;
	case OCOP_ETIMEOUT: return OCOP_CODE_TIMEOUT;
	case OCOP_ECANCELED: return OCOP_CODE_CANCELED;
	default: return "";
	}
}

/* the first max characters of s (valid UTF-8), then "…" when there were more; into a GString */
static void cut(GString *out, const char *s, long max)
{
	const char *p = s;
	for (long n = 0; *p && n < max; n++)
		p = g_utf8_next_char(p);
	g_string_append_len(out, s, p - s);
	if (*p)
		g_string_append(out, "\u2026");
}

char *ocop_message_text(const char *s)
{
	char *one = ocop_oneline_utf8(s, -1);
	if (g_utf8_strlen(one, -1) <= OCOP_MAX_MESSAGE)
		return one;
	GString *out = g_string_new(NULL);
	cut(out, one, OCOP_MAX_MESSAGE);
	g_free(one);
	return g_string_free(out, FALSE);
}

const char *ocop_quote(char buf[OCOP_QUOTE_SIZE], const char *v)
{
	char *valid = g_utf8_make_valid(v ? v : "", -1); /* cut counts characters: never past a broken one */
	GString *out = g_string_new(NULL);
	cut(out, valid, OCOP_QUOTE_CHARS);
	g_strlcpy(buf, out->str, OCOP_QUOTE_SIZE);
	g_string_free(out, TRUE);
	g_free(valid);
	return buf;
}

int ocop_set_error_va(int err, const char *where, const char *field, const char *code, const char *fmt, va_list ap)
{
	/* formatted aside first: the arguments may include the last error's own strings; in the thread's
	 * language (the formats of these calls are in the catalogue: po/meson.build) */
	char *raw = g_strdup_vprintf(ocop_tr(fmt), ap);
	char *msg = ocop_message_text(raw);
	char *f = ocop_oneline_utf8(field ? field : "", -1);
	char *w = where && *where ? ocop_oneline_utf8(where, -1) : NULL;
	char *c = g_strdup(code && *code ? code : generic_code(err));
	g_free(raw);
	GString *full = g_string_new(NULL);
	if (w)
		g_string_append_printf(full, "%s: ", w);
	if (*f)
		g_string_append_printf(full, "%s: ", ocop_field_shown(f));
	size_t off = full->len;
	g_string_append(full, msg);
	last_error *e = get_last(true);
	g_free(e->full);
	g_free(e->field);
	g_free(e->code);
	e->full = g_string_free(full, FALSE);
	e->message = e->full + off;
	e->field = f;
	e->code = c;
	g_free(w);
	g_free(msg);
	return err;
}

int ocop_set_error(int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ocop_set_error_va(err, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
	return err;
}

int ocop_set_error_at(int err, const char *field, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ocop_set_error_va(err, NULL, field, code, fmt, ap);
	va_end(ap);
	return err;
}

int ocop_set_error_where(int err, const char *where, const char *field, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ocop_set_error_va(err, where, field, code, fmt, ap);
	va_end(ap);
	return err;
}

int ocop_set_error_diag(int err, const char *where, const ocop_diag *d)
{
	return ocop_set_error_where(err, where, d->field, d->code, "%s", d->message);
}

const char *ocop_error_last(void)
{
	last_error *e = get_last(false);
	return e && e->full ? e->full : "";
}

const char *ocop_error_message(void)
{
	last_error *e = get_last(false);
	return e && e->message ? e->message : "";
}

const char *ocop_error_field(void)
{
	last_error *e = get_last(false);
	return e && e->field ? e->field : "";
}

const char *ocop_error_code(void)
{
	last_error *e = get_last(false);
	return e && e->code ? e->code : "";
}

void ocop_error_clear(void)
{
	last_error *e = get_last(false);
	if (!e)
		return;
	g_free(e->full);
	g_free(e->field);
	g_free(e->code);
	e->full = e->field = e->code = NULL;
	e->message = NULL;
}

void *ocop_error_save(void)
{
	last_error *e = get_last(false), *c = g_new0(last_error, 1);
	if (e && e->full) {
		c->full = g_strdup(e->full);
		c->field = g_strdup(e->field);
		c->code = g_strdup(e->code);
		c->message = c->full + (e->message - e->full);
	}
	return c;
}

void ocop_error_restore(void *saved)
{
	last_error *c = saved, *e = get_last(true);
	if (!c)
		return;
	g_free(e->full);
	g_free(e->field);
	g_free(e->code);
	*e = *c;
	g_free(c);
}

const char *ocop_strerror(int code)
{
	switch (code) {
	case OCOP_OK: return _("success");
	case OCOP_EINVAL: return _("invalid argument");
	case OCOP_ENOMEM: return _("out of memory");
	case OCOP_EIO: return _("input/output error");
	case OCOP_ENOENT: return _("not found");
	case OCOP_EPARSE: return _("malformed input");
	case OCOP_EREJECTED: return _("invalid record");
	case OCOP_EENCODE: return _("cannot encode symbol");
	case OCOP_EFONT: return _("font missing");
	case OCOP_ERENDER: return _("rendering failed");
	case OCOP_EUTF8: return _("invalid UTF-8");
	case OCOP_ELIMIT: return _("size limit exceeded");
	case OCOP_ETIMEOUT: return _("timed out");
	case OCOP_ECANCELED: return _("stopped");
	default: return _("unknown error");
	}
}

