/* ocoplabel — core: the record and its rules (fields, diagnostics, dates, GS1, URLs, the Digital Link, code geometry); no drawing, no files (not installed). */
#ifndef OCOP_CORE_H
#define OCOP_CORE_H

#include "util.h"

/* record.c: a copy of src (values as they are), or NULL when out of memory */
ocop_record *ocop_record_copy(const ocop_record *src);
/* the country of origin a label and a page show: the record's, else Việt Nam (the field's default) */
const char *ocop_record_origin(const ocop_record *r);
/* the rating of rec (0 when absent) */
int ocop_record_stars(const ocop_record *rec);

/* diags.c: ocop_diags_alloc() never returns NULL (GLib aborts when memory runs out) */
ocop_diags *ocop_diags_alloc(void);
/* a diagnostic with code OCOP_CODE_OTHER */
void ocop_diags_add(ocop_diags *d, ocop_severity sev, const char *field, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void ocop_diags_addc(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(5, 6);
void ocop_diags_addv(ocop_diags *d, ocop_severity sev, const char *field, const char *code, const char *fmt, va_list ap)
	G_GNUC_PRINTF(5, 0);
/* prefix (e.g. "cell E5: ") before the message of each diagnostic about field */
void ocop_diags_prefix_field(ocop_diags *d, const char *field, const char *prefix);
/* the warnings of code made errors (a strict batch: an expired HSD); how many */
size_t ocop_diags_promote(ocop_diags *d, const char *code);
/* the calling thread's error object as an error: its field ("label" without one), code and message */
void ocop_diags_add_last_error(ocop_diags *d);

/* date.c */
bool ocop_parse_date(const char *s, GDate *out);
/* dd/mm/yyyy of d into buf (16 bytes) */
void ocop_date_format(char buf[16], const GDate *d);
/* today: the date of today (yyyy-mm-dd or dd/mm/yyyy), NULL for the local date; OCOP_EINVAL (field "today") */
int ocop_today(GDate *out, const char *today);
/* an OCOP certificate is valid for 36 months from its date (Decision 148/QĐ-TTg); until: the day it ends */
#define OCOP_CERT_MONTHS 36
void ocop_cert_until(GDate *until, const GDate *cert);

/* fields.c: the field table (fields.h) */
/* the field in a message, e.g. "the product name" */
const char *ocop_field_what(const ocop_field *f);
/* s folded for comparing headings and choices: lower case, no accents, đ as d, runs of space, '_', '-' as one space */
char *ocop_fold(const char *s);
/* the field an unknown heading seems to mean ("Ngày cấp GCN OCOP": ocop_cert_date), or NULL */
const char *ocop_field_near_heading(const char *heading);
/* the canonical choice of f (OCOP_FIELD_CHOICE) that value names, or NULL */
const char *ocop_field_choice(const ocop_field *f, const char *value);
/* "name (Tên sản phẩm), producer (Chủ thể), ..." of names (NULL-terminated), or with or_heading "name or Tên sản phẩm, ..." */
void ocop_field_list(GString *s, const char *const *names, bool or_heading);

/* gs1.c: the GS1 rules shared by validate.c and link.c (neither calls the other) */
#define OCOP_GS1_MAX_AI 20          /* characters of an AI 10, 21 or 22 value */
#define OCOP_EAN_X_NOMINAL_MM 0.330 /* the EAN-13 X-dimension at 100 % magnification */
/* EAN check digit of the first n digits of d (n = 7, 12, 13). */
int ocop_gtin_check_digit(const char *digits, size_t n_without_check);
/* s is one or more ASCII digits */
bool ocop_all_digits(const char *s);
/* n is the length of a GTIN: 8, 12, 13 or 14 */
bool ocop_gtin_length_ok(size_t n);
/* 0, or OCOP_EREJECTED (error object: field, OCOP_CODE_CHECK_DIGIT) when the last digit of gtin (all digits) is wrong */
int ocop_gtin_check(const char *field, const char *gtin);
/* 0, or OCOP_EREJECTED (error object: field, code OCOP_CODE_CHARSET or OCOP_CODE_TOO_LONG) unless v is at
 * most 20 characters of GS1 CSET 82; what names the value in the message ("a lot number (AI 10)") */
int ocop_cset82_check(const char *field, const char *what, const char *v);
/* the year of today (yyyy-mm-dd or dd/mm/yyyy; NULL for the local date); OCOP_EINVAL (field "today") when unreadable */
int ocop_gs1_year_now(int *year, const char *today);
/* YYMMDD of a date ocop_parse_date() reads, or of 00/mm/yyyy (day 00); -1 when it is not a date, -2 when its
 * year is outside year_now-49 ... year_now+50, which two digits of year cannot carry (GS1 Gen. Specs 7.12) */
int ocop_gs1_yymmdd(char out[7], const char *date, int year_now);
/* dd/mm/yyyy of a GS1 YYMMDD: the century by the GS1 window around year_now, day 00 kept as 00/mm/yyyy;
 * false when invalid */
bool ocop_gs1_from_yymmdd(char out[11], const char *v, int year_now);

/* validate.c: true when field of r is a date (*out); false when it is absent or not one (an error in d) */
bool ocop_validate_date(ocop_diags *d, const ocop_record *r, const char *field, GDate *out);
/* validate_trace.c: the rules of image, standard, harvest_date, packing_date and gln */
void ocop_validate_trace(ocop_diags *d, const ocop_record *r, const GDate *today);
/* 0 when v can name a product image: an https address, or a .jpg/.jpeg/.png/.webp file under the product
 * file's folder (no absolute path, no ".."); else OCOP_EREJECTED, field "image", code OCOP_CODE_URL,
 * OCOP_CODE_OUTSIDE or OCOP_CODE_IMAGE */
int ocop_image_name_check(const char *v);

/* uri.c: checks an absolute http(s) URL and percent-encodes non-ASCII bytes; *out is g_malloc()ed.
 * On failure OCOP_EREJECTED with the error object's code OCOP_CODE_URL or OCOP_CODE_TOO_LONG and no field. */
int ocop_url_check(char **out, const char *url);

/* link.c: 0 when k can be a Digital Link data-attribute key (short, URL-safe, not all digits) */
int ocop_link_key_check(const char *k);
/* The URL a label of rec carries: its trace_url (checked, made ASCII, errors on field trace_url), else the
 * Digital Link ocop_link_build() makes with lo. *out is malloc'ed. */
int ocop_link_trace_url(char **out, const ocop_record *rec, const ocop_link_options *lo);

/* symbols.c: geometry without drawing */
typedef struct ocop_qr {
	int width;            /* modules per side, without quiet zone */
	int version;
	unsigned char *dark;  /* width*width, 1 = dark */
} ocop_qr;
int ocop_qr_encode(ocop_qr *out, const char *payload, ocop_qr_ec ec);
void ocop_qr_release(ocop_qr *q);
/* Bytes of 8-bit data that a QR code of this version (1..40) holds at level ec. */
int ocop_qr_capacity(int version, ocop_qr_ec ec);
/* The version ocop_qr_encode() gives an ASCII payload of len bytes at level ec (the smallest that holds
 * it), without encoding it; 0 when no version holds it. */
int ocop_qr_version_for(size_t len, ocop_qr_ec ec);

typedef struct ocop_bar { float x, w; bool guard; } ocop_bar; /* in modules from the left edge of the left quiet zone */
typedef struct ocop_bartext { float x; int align; char text[16]; } ocop_bartext; /* align: -1 left, 0 centre, 1 right */
typedef struct ocop_ean {
	int total_modules;    /* quiet zones included: 113 for EAN-13, 81 for EAN-8 */
	int n_bars;
	ocop_bar bars[64];
	int n_texts;
	ocop_bartext texts[4];
} ocop_ean;
int ocop_ean_encode(ocop_ean *out, const char *gtin);
/* A Data Matrix (ECC 200) of ASCII data as plain data (a GS1 Digital Link URI is encoded so: no FNC1 in first
 * position), the smallest square symbol, or with rect the smallest rectangular one (8x18 to 16x48). */
typedef struct ocop_dm {
	int rows, cols;       /* modules, without quiet zone */
	unsigned char *dark;  /* rows*cols, row-major, 1 = dark */
} ocop_dm;
int ocop_dm_encode(ocop_dm *out, const char *data, bool rect);
void ocop_dm_release(ocop_dm *d);
/* 0 when value is valid for the GS1 AI ai (zint's copy of GS1's AI table); 1 when no AI is ai;
 * 2 when the value breaks the AI's format, with zint's words in msg; OCOP_ENOMEM */
int ocop_gs1_ai_check(const char *ai, const char *value, char *msg, size_t msglen);

#endif
