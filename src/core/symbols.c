/* ocoplabel — thin adapters over libqrencode and zint that turn data into module geometry (no drawing). */
#include "core.h"
#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <zint.h>

int ocop_qr_encode(ocop_qr *out, const char *payload, ocop_qr_ec ec)
{
	static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };
	memset(out, 0, sizeof *out);
	if (ec < OCOP_QR_EC_L || ec > OCOP_QR_EC_H)
		return ocop_set_error(OCOP_EINVAL, "QR error correction level %d out of range", (int)ec);
	for (const unsigned char *p = (const unsigned char *)payload; *p; p++)
		if (*p >= 0x80)
			return ocop_set_error(OCOP_EENCODE, "QR payload must be ASCII (percent-encode it)");
	/* 8-bit mode, case-sensitive: URLs keep their case and no ECI is emitted for ASCII. */
	QRcode *q = QRcode_encodeString8bit(payload, 0, levels[ec - OCOP_QR_EC_L]);
	if (!q)
		return ocop_set_error(errno == ERANGE ? OCOP_EENCODE : OCOP_ENOMEM,
		                      "the trace URL (%zu characters) does not fit in a QR code", strlen(payload));
	out->width = q->width;
	out->version = q->version;
	out->dark = malloc((size_t)q->width * (size_t)q->width);
	if (!out->dark) {
		QRcode_free(q);
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	for (int i = 0; i < q->width * q->width; i++)
		out->dark[i] = q->data[i] & 1;
	QRcode_free(q);
	return 0;
}

/* Bytes of 8-bit data a QR code holds, per version and level L, M, Q, H: ISO/IEC 18004:2015, Table 7 (the
 * byte mode's column); tests/test_link.c checks each against what libqrencode fits. A table, not found by
 * encoding: finding them took 20 ms of every run's start. */
static const unsigned short qr_bytes[40][4] = {
	/*  1 */ { 17, 14, 11, 7 },
	/*  2 */ { 32, 26, 20, 14 },
	/*  3 */ { 53, 42, 32, 24 },
	/*  4 */ { 78, 62, 46, 34 },
	/*  5 */ { 106, 84, 60, 44 },
	/*  6 */ { 134, 106, 74, 58 },
	/*  7 */ { 154, 122, 86, 64 },
	/*  8 */ { 192, 152, 108, 84 },
	/*  9 */ { 230, 180, 130, 98 },
	/* 10 */ { 271, 213, 151, 119 },
	/* 11 */ { 321, 251, 177, 137 },
	/* 12 */ { 367, 287, 203, 155 },
	/* 13 */ { 425, 331, 241, 177 },
	/* 14 */ { 458, 362, 258, 194 },
	/* 15 */ { 520, 412, 292, 220 },
	/* 16 */ { 586, 450, 322, 250 },
	/* 17 */ { 644, 504, 364, 280 },
	/* 18 */ { 718, 560, 394, 310 },
	/* 19 */ { 792, 624, 442, 338 },
	/* 20 */ { 858, 666, 482, 382 },
	/* 21 */ { 929, 711, 509, 403 },
	/* 22 */ { 1003, 779, 565, 439 },
	/* 23 */ { 1091, 857, 611, 461 },
	/* 24 */ { 1171, 911, 661, 511 },
	/* 25 */ { 1273, 997, 715, 535 },
	/* 26 */ { 1367, 1059, 751, 593 },
	/* 27 */ { 1465, 1125, 805, 625 },
	/* 28 */ { 1528, 1190, 868, 658 },
	/* 29 */ { 1628, 1264, 908, 698 },
	/* 30 */ { 1732, 1370, 982, 742 },
	/* 31 */ { 1840, 1452, 1030, 790 },
	/* 32 */ { 1952, 1538, 1112, 842 },
	/* 33 */ { 2068, 1628, 1168, 898 },
	/* 34 */ { 2188, 1722, 1228, 958 },
	/* 35 */ { 2303, 1809, 1283, 983 },
	/* 36 */ { 2431, 1911, 1351, 1051 },
	/* 37 */ { 2563, 1989, 1423, 1093 },
	/* 38 */ { 2699, 2099, 1499, 1139 },
	/* 39 */ { 2809, 2213, 1579, 1219 },
	/* 40 */ { 2953, 2331, 1663, 1273 },
};

int ocop_qr_capacity(int version, ocop_qr_ec ec)
{
	if (version < 1 || ec < OCOP_QR_EC_L || ec > OCOP_QR_EC_H)
		return 0;
	return qr_bytes[MIN(version, 40) - 1][ec - OCOP_QR_EC_L];
}

int ocop_qr_version_for(size_t len, ocop_qr_ec ec)
{
	if (ec < OCOP_QR_EC_L || ec > OCOP_QR_EC_H)
		return 0;
	for (int v = 1; v <= 40; v++)
		if (len <= qr_bytes[v - 1][ec - OCOP_QR_EC_L])
			return v;
	return 0;
}

void ocop_qr_release(ocop_qr *q)
{
	if (q) {
		free(q->dark);
		q->dark = NULL;
	}
}

int ocop_ean_encode(ocop_ean *out, const char *gtin)
{
	memset(out, 0, sizeof *out);
	size_t n = strlen(gtin);
	if (n != 13 && n != 8)
		return ocop_set_error(OCOP_EENCODE, "gtin: EAN needs 13 or 8 digits, got %zu", n);
	struct zint_symbol *s = ZBarcode_Create();
	if (!s)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	int err = 0;
	s->symbology = BARCODE_EANX;
	s->scale = 0.5f; /* vector units = modules */
	/* zint 2.11 reads 8 digits as EAN-13 data; EAN-8 goes in as its 7 data
	 * digits (validate.c has already checked the 8th). */
	if (ZBarcode_Encode(s, (const unsigned char *)gtin, n == 8 ? 7 : (int)n) >= ZINT_ERROR) {
		err = ocop_set_error(OCOP_EENCODE, "gtin: zint cannot encode '%s': %s", gtin, s->errtxt);
		goto done;
	}
	if (ZBarcode_Buffer_Vector(s, 0) >= ZINT_ERROR || !s->vector) {
		err = ocop_set_error(OCOP_EENCODE, "gtin: zint vector output failed: %s", s->errtxt);
		goto done;
	}
	/* zint places EAN symbols with their quiet zones already in the vector:
	 * 11 + 95 + 7 modules for EAN-13, 7 + 67 + 7 for EAN-8. */
	out->total_modules = (int)(s->vector->width + 0.5f);
	float min_h = 1e9f;
	for (struct zint_vector_rect *r = s->vector->rectangles; r; r = r->next)
		if (r->height < min_h)
			min_h = r->height;
	for (struct zint_vector_rect *r = s->vector->rectangles; r && out->n_bars < 64; r = r->next) {
		ocop_bar *b = &out->bars[out->n_bars++];
		b->x = r->x;
		b->w = r->width;
		b->guard = r->height > min_h + 0.01f;
	}
	for (struct zint_vector_string *t = s->vector->strings; t && out->n_texts < 4; t = t->next) {
		ocop_bartext *bt = &out->texts[out->n_texts++];
		bt->x = t->x;
		bt->align = t->halign == 1 ? -1 : t->halign == 2 ? 1 : 0;
		g_strlcpy(bt->text, (const char *)t->text, sizeof bt->text);
	}
	if (out->total_modules != (n == 13 ? 113 : 81)) {
		err = ocop_set_error(OCOP_EENCODE, "gtin: unexpected EAN geometry from zint (%d modules)", out->total_modules);
		goto done;
	}
done:
	ZBarcode_Delete(s);
	return err;
}

int ocop_dm_encode(ocop_dm *out, const char *data, bool rect)
{
	memset(out, 0, sizeof *out);
	for (const unsigned char *p = (const unsigned char *)data; *p; p++)
		if (*p >= 0x80)
			return ocop_set_error(OCOP_EENCODE, "Data Matrix data must be ASCII (percent-encode it)");
	/* square: zint's automatic choice among the square sizes; rectangle: of zint's rectangular sizes (option_2 25..30:
	 * 8x18 to 16x48, and 31..48: the rectangular extension DMRE of ISO/IEC 21471, 8x48 to 26x64), the one of least
	 * area that holds the data */
	struct zint_symbol *s = NULL;
	int best = 0, area = 0;
	for (int size = rect ? 25 : 0; size <= (rect ? 48 : 0); size++) {
		struct zint_symbol *t = ZBarcode_Create();
		if (!t) {
			ZBarcode_Delete(s);
			return ocop_set_error(OCOP_ENOMEM, "out of memory");
		}
		t->symbology = BARCODE_DATAMATRIX;
		t->input_mode = DATA_MODE; /* plain data: a URL, not GS1 element strings */
		t->option_2 = size;
		t->option_3 = rect ? DM_DMRE : DM_SQUARE;
		if (ZBarcode_Encode(t, (const unsigned char *)data, (int)strlen(data)) < ZINT_ERROR &&
		    (!rect || t->rows < t->width) && (!best || t->rows * t->width < area)) {
			ZBarcode_Delete(s);
			s = t, best = 1, area = t->rows * t->width;
		} else {
			ZBarcode_Delete(t);
		}
	}
	if (!best) {
		ZBarcode_Delete(s);
		return ocop_set_error(OCOP_EENCODE, "the trace URL (%zu characters) does not fit in a %s Data Matrix",
		                      strlen(data), rect ? _("rectangular") : _("square"));
	}
	out->rows = s->rows;
	out->cols = s->width;
	out->dark = malloc((size_t)out->rows * (size_t)out->cols);
	if (!out->dark) {
		ZBarcode_Delete(s);
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	for (int y = 0; y < out->rows; y++)
		for (int x = 0; x < out->cols; x++)
			out->dark[y * out->cols + x] = (s->encoded_data[y][x >> 3] >> (x & 7)) & 1;
	ZBarcode_Delete(s);
	return 0;
}

void ocop_dm_release(ocop_dm *d)
{
	if (d) {
		free(d->dark);
		d->dark = NULL;
	}
}

int ocop_gs1_ai_check(const char *ai, const char *value, char *msg, size_t msglen)
{
	/* zint checks a GS1 element string against its copy of GS1's AI table when it encodes in GS1 mode (QR
	 * holds the longest values); we keep no AI table of our own. '[' and ']' are zint's AI brackets and in
	 * no GS1 character set, so such a value is asked about with a stand-in only to learn whether the AI exists. */
	bool brackets = strpbrk(value, "[]") != NULL;
	char *in = g_strdup_printf("[%s]%s", ai, brackets ? "0" : value);
	struct zint_symbol *s = ZBarcode_Create();
	if (!s) {
		g_free(in);
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	s->symbology = BARCODE_QRCODE;
	s->input_mode = GS1_MODE;
	int zr = ZBarcode_Encode(s, (const unsigned char *)in, (int)strlen(in)), ret = 0;
	/* NOTR: zint's words for an AI it does not know */
	if (zr != 0 && strstr(s->errtxt, "Invalid AI (")) {
		ret = 1;
	} else if (brackets) {
		g_strlcpy(msg, _("'[' and ']' are in no GS1 character set"), msglen);
		ret = 2;
	} else if (zr != 0) {
		/* "Error 259: Invalid data length for AI (3103)": the words without zint's number */
		const char *colon = strstr(s->errtxt, ": ");
		g_strlcpy(msg, colon ? colon + 2 : s->errtxt, msglen);
		ret = 2;
	}
	ZBarcode_Delete(s);
	g_free(in);
	return ret;
}
