/* ocoplabel — the product record: named, normalised UTF-8 fields, and diagnostics lists. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#define OCOP_MAX_VALUE (64 * 1024)
#define OCOP_MAX_FIELD_NAME 128

struct ocop_record {
	GPtrArray *names;   /* char*, owned */
	GPtrArray *values;  /* char*, owned */
};

struct ocop_diags {
	GArray *items;      /* ocop_diag with owned strings */
};

int ocop_record_new(ocop_record **out)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_record_new: out is NULL");
	*out = NULL;
	ocop_record *r = calloc(1, sizeof *r);
	if (!r)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	r->names = g_ptr_array_new_with_free_func(g_free);
	r->values = g_ptr_array_new_with_free_func(g_free);
	*out = r;
	return 0;
}

ocop_record *ocop_record_copy(const ocop_record *src)
{
	/* the values are already checked and normalised: copied as they are */
	ocop_record *r = NULL;
	if (ocop_record_new(&r) < 0)
		return NULL;
	for (guint i = 0; i < src->names->len; i++) {
		g_ptr_array_add(r->names, g_strdup(g_ptr_array_index(src->names, i)));
		g_ptr_array_add(r->values, g_strdup(g_ptr_array_index(src->values, i)));
	}
	return r;
}

void ocop_record_free(ocop_record *r)
{
	if (!r)
		return;
	g_ptr_array_free(r->names, TRUE);
	g_ptr_array_free(r->values, TRUE);
	free(r);
}

void ocop_record_clear(ocop_record *r)
{
	if (!r)
		return;
	g_ptr_array_set_size(r->names, 0);
	g_ptr_array_set_size(r->values, 0);
}

static int find_field(const ocop_record *r, const char *field)
{
	for (guint i = 0; i < r->names->len; i++)
		if (strcmp(g_ptr_array_index(r->names, i), field) == 0)
			return (int)i;
	return -1;
}

/* A time of day that is exactly midnight, as spreadsheets write it after a date. */
static bool midnight(const char *t)
{
	return strcmp(t, "00:00") == 0 || strcmp(t, "00:00:00") == 0;
}

bool ocop_parse_date(const char *s, GDate *out)
{
	unsigned d, m, y;
	char tail, date[16];
	if (!s)
		return false;
	/* "2026-11-01 00:00:00", as Excel and LibreOffice export a date cell that has a time format */
	const char *sep = strpbrk(s, " T");
	if (sep) {
		if ((size_t)(sep - s) >= sizeof date || !midnight(sep + 1) || (*sep == 'T' && !strchr(s, '-')))
			return false;
		memcpy(date, s, (size_t)(sep - s));
		date[sep - s] = '\0';
		s = date;
	}
	if (sscanf(s, "%2u/%2u/%4u%c", &d, &m, &y, &tail) == 3 && strlen(s) >= 8 && strlen(s) <= 10) {
		/* dd/mm/yyyy: 4-digit year only, so 01/02/23 is not silently year 23 */
		const char *last = strrchr(s, '/');
		if (strlen(last + 1) != 4)
			return false;
	} else if (sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && strlen(s) == 10) {
		/* ISO yyyy-mm-dd */
	} else {
		return false;
	}
	for (const char *p = s; *p; p++)
		if (!g_ascii_isdigit(*p) && *p != '/' && *p != '-')
			return false;
	if (y < 1900 || y > 2999 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return false;
	g_date_clear(out, 1);
	g_date_set_dmy(out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
	return true;
}

const char *ocop_record_origin(const ocop_record *r)
{
	const char *o = ocop_record_get(r, "origin");
	return o ? o : "Việt Nam";
}

void ocop_date_format(char buf[16], const GDate *d)
{
	g_snprintf(buf, 16, "%02u/%02u/%04u", g_date_get_day(d), g_date_get_month(d), g_date_get_year(d));
}

int ocop_today(GDate *out, const char *today)
{
	if (today) {
		if (!ocop_parse_date(today, out))
			return ocop_set_error_at(OCOP_EINVAL, "today", OCOP_CODE_DATE, "'%s' is not a date (yyyy-mm-dd)", today);
		return 0;
	}
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	g_date_clear(out, 1);
	g_date_set_dmy(out, (GDateDay)tm.tm_mday, (GDateMonth)(tm.tm_mon + 1), (GDateYear)(tm.tm_year + 1900));
	return 0;
}

void ocop_cert_until(GDate *until, const GDate *cert)
{
	*until = *cert;
	g_date_add_months(until, OCOP_CERT_MONTHS);
}

int ocop_record_set(ocop_record *r, const char *field, const char *value, long len)
{
	if (!r || !field || !value)
		return ocop_set_error(OCOP_EINVAL, "ocop_record_set: NULL argument");
	size_t flen = strlen(field);
	if (flen == 0 || flen > OCOP_MAX_FIELD_NAME || !g_utf8_validate(field, (gssize)flen, NULL))
		return ocop_set_error(OCOP_EINVAL, "field name is empty, too long or not UTF-8");
	size_t n = len < 0 ? strlen(value) : (size_t)len;
	if (n > OCOP_MAX_VALUE)
		return ocop_set_error_at(OCOP_ELIMIT, field, OCOP_CODE_LIMIT, "value is %zu bytes; at most %d are allowed", n,
		                         OCOP_MAX_VALUE);
	const char *end = NULL;
	if (!g_utf8_validate_len(value, n, &end)) {
		if (end && (size_t)(end - value) < n && *end == '\0')
			return ocop_set_error_at(OCOP_EUTF8, field, OCOP_CODE_NUL, "contains a NUL byte at byte %zu",
			                         (size_t)(end - value) + 1);
		return ocop_set_error_at(OCOP_EUTF8, field, OCOP_CODE_UTF8, "not valid UTF-8 at byte %zu (save the file as UTF-8)",
		                         (size_t)(end - value) + 1);
	}
	/* trim ASCII and Unicode white space on both ends */
	const char *b = value, *e = value + n;
	while (b < e && g_unichar_isspace(g_utf8_get_char(b)))
		b = g_utf8_next_char(b);
	while (e > b) {
		const char *prev = g_utf8_find_prev_char(b, e);
		if (!prev || !g_unichar_isspace(g_utf8_get_char(prev)))
			break;
		e = prev;
	}
	int idx = find_field(r, field);
	if (b == e) {
		if (idx >= 0) {
			g_ptr_array_remove_index(r->names, (guint)idx);
			g_ptr_array_remove_index(r->values, (guint)idx);
		}
		return 0;
	}
	char *v = g_utf8_normalize(b, e - b, G_NORMALIZE_NFC);
	if (!v)
		return ocop_set_error_at(OCOP_EUTF8, field, OCOP_CODE_UTF8, "cannot normalise text");
	const ocop_field *fd = ocop_field_find(field);
	const char *choice = fd && fd->kind == OCOP_FIELD_CHOICE ? ocop_field_choice(fd, v) : NULL;
	if (choice) {
		g_free(v);
		v = g_strdup(choice);
	} else if (fd && fd->kind == OCOP_FIELD_CODE) {
		char *up = g_ascii_strup(v, -1);
		g_free(v);
		v = up;
	} else if (fd && fd->kind == OCOP_FIELD_DATE) {
		GDate d;
		if (ocop_parse_date(v, &d)) {
			g_free(v);
			v = g_strdup_printf("%02u/%02u/%04u", g_date_get_day(&d), g_date_get_month(&d),
			                    g_date_get_year(&d));
		}
	}
	if (idx >= 0) {
		g_free(r->values->pdata[idx]);
		r->values->pdata[idx] = v;
	} else {
		g_ptr_array_add(r->names, g_strdup(field));
		g_ptr_array_add(r->values, v);
	}
	return 0;
}

const char *ocop_record_get(const ocop_record *r, const char *field)
{
	if (!r || !field)
		return NULL;
	int i = find_field(r, field);
	return i < 0 ? NULL : g_ptr_array_index(r->values, i);
}

size_t ocop_record_count(const ocop_record *r) { return r ? r->names->len : 0; }

int ocop_record_field(const ocop_record *r, size_t i, const char **name, const char **value)
{
	if (!r || i >= r->names->len)
		return ocop_set_error(OCOP_EINVAL, "field index %zu out of range", i);
	if (name)
		*name = g_ptr_array_index(r->names, i);
	if (value)
		*value = g_ptr_array_index(r->values, i);
	return 0;
}

/* ---- diagnostics ---- */

ocop_diags *ocop_diags_alloc(void)
{
	/* GLib aborts when it cannot allocate, so this never returns NULL */
	ocop_diags *d = g_new0(ocop_diags, 1);
	d->items = g_array_new(FALSE, TRUE, sizeof(ocop_diag));
	return d;
}

void ocop_diags_addv(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, va_list ap)
{
	char *raw = g_strdup_vprintf(fmt, ap);
	ocop_diag it = { sev, ocop_oneline_utf8(field ? field : "", -1), g_strdup(code && *code ? code : OCOP_CODE_OTHER),
		         ocop_oneline_utf8(raw, -1) };
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
