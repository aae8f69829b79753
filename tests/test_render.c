/* ocoplabel tests — rendering to memory, files and write callbacks: formats, DPI, determinism, NFD = NFC, atomic writes, memory given back. */
#include "paint.h" /* ocop_png_write, ocop_sink; ocop_renderer's raster */
#include "testutil.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const fields[][2] = {
	T_VALID_FIELDS,
	{ "lot", "TH2611" },
};

static ocop_record *make(void)
{
	ocop_record *r = NULL;
	ocop_record_new(&r);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		ocop_record_set(r, fields[i][0], fields[i][1], -1);
	return r;
}

static unsigned char *render(size_t *len, const ocop_template *t, const ocop_record *r, ocop_format f, double dpi)
{
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = f;
	o.dpi = dpi;
	o.today = "2026-11-29";
	ocop_renderer *rr = NULL;
	unsigned char *buf = NULL;
	*len = 0;
	if (ocop_renderer_new(&rr, t, &o) == 0)
		ocop_renderer_render_mem(&buf, len, rr, r);
	ocop_renderer_free(rr);
	return buf;
}

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static void test_png(const ocop_template *t, const ocop_record *r)
{
	static const struct { double dpi; uint32_t w, h, ppm; } rows[] = {
		/* 0 */ { 300, 1181, 827, 11811 },
		/* 1 */ { 203, 799, 559, 7992 },
		/* 2 */ { 600, 2362, 1654, 23622 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len;
		unsigned char *png = render(&len, t, r, OCOP_FORMAT_PNG, rows[i].dpi);
		CHECK(png && len > 1000 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "row %zu: PNG signature", i);
		if (!png)
			continue;
		CHECK(be32(png + 16) == rows[i].w && be32(png + 20) == rows[i].h, "row %zu: size %ux%u", i, be32(png + 16), be32(png + 20));
		CHECK(png[24] == 8 && png[25] == 0, "row %zu: 8-bit grayscale (depth %d, colour type %d)", i, png[24], png[25]);
		unsigned char *phys = memmem(png, len, "pHYs", 4);
		CHECK(phys && be32(phys + 4) == rows[i].ppm && be32(phys + 8) == rows[i].ppm && phys[12] == 1,
		      "row %zu: pHYs %u px/m", i, phys ? be32(phys + 4) : 0);
		size_t len2;
		unsigned char *again = render(&len2, t, r, OCOP_FORMAT_PNG, rows[i].dpi);
		CHECK(again && len2 == len && memcmp(png, again, len) == 0, "row %zu: byte-identical rerun", i);
		free(again);
		free(png);
	}
}

static void test_pdf_svg(const ocop_template *t, const ocop_record *r)
{
	size_t len, len2;
	unsigned char *pdf = render(&len, t, r, OCOP_FORMAT_PDF, 0);
	CHECK(pdf && len > 1000 && memcmp(pdf, "%PDF-1.", 7) == 0, "PDF header");
	unsigned char *pdf2 = render(&len2, t, r, OCOP_FORMAT_PDF, 0);
	CHECK(pdf && pdf2 && len == len2 && memcmp(pdf, pdf2, len) == 0, "byte-identical PDF");
	/* SOURCE_DATE_EPOCH=1780000000 (set by meson) is 2026-05-28T20:26:40Z;
	 * cairo 1.16 writes the date without its "D:" prefix */
	CHECK(pdf && memmem(pdf, len, "/CreationDate (20260528202640Z)", 31) != NULL, "creation date from SOURCE_DATE_EPOCH");
	/* the page is the label: 100 x 70 mm = 283.46 x 198.43 pt */
	CHECK(pdf && memmem(pdf, len, "/MediaBox [ 0 0 283.46", 22) != NULL, "MediaBox");
	/* the QR code is one stencil mask, not hundreds of paths */
	CHECK(pdf && memmem(pdf, len, "/ImageMask true", 15) != NULL, "QR as ImageMask");
	free(pdf);
	free(pdf2);
	unsigned char *svg = render(&len, t, r, OCOP_FORMAT_SVG, 0);
	CHECK(svg && memmem(svg, len, "<svg", 4) != NULL, "SVG");
	free(svg);
}

/* Decomposed input (NFD) gives the very same PNG as precomposed (NFC). */
static void test_nfd(const ocop_template *t)
{
	ocop_record *a = make(), *b = make();
	ocop_record_set(b, "name", "Tra\xcc\x80 hoa va\xcc\x80ng Ba Che\xcc\x83", -1);
	ocop_record_set(b, "address", "Xa\xcc\x83 Thanh La\xcc\x82m, Ba Che\xcc\x83, Qua\xcc\x89ng Ninh", -1);
	size_t la, lb;
	unsigned char *pa = render(&la, t, a, OCOP_FORMAT_PNG, 300), *pb = render(&lb, t, b, OCOP_FORMAT_PNG, 300);
	CHECK(pa && pb && la == lb && memcmp(pa, pb, la) == 0, "NFD renders as NFC");
	free(pa);
	free(pb);
	ocop_record_free(a);
	ocop_record_free(b);
}

/* A write callback that collects the bytes, counts its calls and, when
 * refuse_after >= 0, refuses every call after that many. */
typedef struct sink_state {
	GByteArray *bytes;
	int calls;
	int refuse_after;
} sink_state;

static int collect(void *payload, const unsigned char *data, size_t len)
{
	sink_state *st = payload;
	if (st->refuse_after >= 0 && st->calls >= st->refuse_after) {
		st->calls++;
		return -1;
	}
	st->calls++;
	g_byte_array_append(st->bytes, data, (guint)len);
	return 0;
}

/* cairo 1.16 names SVG images and surfaces after its process-wide surface
 * counter (id="image14", id="surface10"), so two SVG renders of the same
 * label differ in those numbers only: compare SVG with them taken out. */
static char *svg_norm(const unsigned char *data, size_t len)
{
	char *text = g_strndup((const char *)data, len);
	GRegex *re = g_regex_new("\\b(image|surface)[0-9]+\\b", 0, 0, NULL);
	char *out = g_regex_replace(re, text, -1, 0, "\\1N", 0, NULL);
	g_regex_unref(re);
	g_free(text);
	return out;
}

/* ocop_renderer_render_stream gives the bytes of ocop_renderer_render_mem, and
 * checks everything before its first write. */
static void test_stream(const ocop_template *t, const ocop_record *good)
{
	static const struct { ocop_format f; int bad_record; int refuse_after; int code; const char *msg; } rows[] = {
		/* 0 */ { OCOP_FORMAT_PDF, 0, -1, 0, NULL },
		/* 1 */ { OCOP_FORMAT_PNG, 0, -1, 0, NULL },
		/* 2 */ { OCOP_FORMAT_SVG, 0, -1, 0, NULL },
		/* 3 */ { OCOP_FORMAT_AUTO, 0, -1, OCOP_EINVAL, "ocop_renderer_render_stream: set options.format (PDF, PNG or SVG)" },
		/* 4 */ { OCOP_FORMAT_PDF, 1, -1, OCOP_EREJECTED, "stars: " },
		/* 5 */ { OCOP_FORMAT_PNG, 1, -1, OCOP_EREJECTED, "stars: " },
		/* 6 */ { OCOP_FORMAT_PDF, 0, 0, OCOP_EIO, "output: the write callback refused the data; discard what it received" },
		/* 7 */ { OCOP_FORMAT_PNG, 0, 1, OCOP_EIO, "output: the write callback refused the data; discard what it received" },
		/* 8 */ { OCOP_FORMAT_SVG, 0, 2, OCOP_EIO, "output: the write callback refused the data; discard what it received" },
	};
	ocop_record *bad = make();
	ocop_record_set(bad, "stars", "2", -1);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
		o.format = rows[i].f;
		o.today = "2026-11-29";
		ocop_renderer *r = NULL;
		if (ocop_renderer_new(&r, t, &o) < 0) {
			CHECK(0, "row %zu: renderer: %s", i, ocop_error_last());
			continue;
		}
		sink_state st = { g_byte_array_new(), 0, rows[i].refuse_after };
		int err = ocop_renderer_render_stream(r, rows[i].bad_record ? bad : good, collect, &st);
		CHECK(err == rows[i].code, "row %zu: code %d, want %d (%s)", i, err, rows[i].code, ocop_error_last());
		if (rows[i].msg)
			CHECK(strstr(ocop_error_last(), rows[i].msg) == ocop_error_last(), "row %zu: message %s", i, ocop_error_last());
		if (rows[i].code == 0) {
			unsigned char *mem = NULL;
			size_t len = 0;
			CHECK(ocop_renderer_render_mem(&mem, &len, r, good) == 0, "row %zu: mem", i);
			if (rows[i].f == OCOP_FORMAT_SVG) {
				char *a = svg_norm(st.bytes->data, st.bytes->len), *b = svg_norm(mem, len);
				CHECK(strcmp(a, b) == 0 && strstr(a, "<svg"), "row %zu: stream = memory (SVG, ids aside)", i);
				g_free(a);
				g_free(b);
			} else {
				CHECK(mem && st.bytes->len == len && memcmp(st.bytes->data, mem, len) == 0,
				      "row %zu: stream = memory (%u vs %zu bytes)", i, st.bytes->len, len);
			}
			free(mem);
		} else if (rows[i].refuse_after >= 0) {
			/* the refusing call is the last one */
			CHECK(st.calls == rows[i].refuse_after + 1, "row %zu: %d calls after a refusal", i, st.calls);
		} else {
			CHECK(st.calls == 0, "row %zu: nothing written before the checks (%d calls)", i, st.calls);
		}
		g_byte_array_free(st.bytes, TRUE);
		ocop_renderer_free(r);
	}
	/* NULL arguments */
	ocop_renderer *r = NULL;
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = OCOP_FORMAT_PDF;
	ocop_renderer_new(&r, t, &o);
	CHECK(ocop_renderer_render_stream(r, good, NULL, NULL) == OCOP_EINVAL, "NULL write");
	CHECK(ocop_renderer_render_stream(NULL, good, collect, NULL) == OCOP_EINVAL, "NULL renderer");
	CHECK(ocop_renderer_render_stream(r, NULL, collect, NULL) == OCOP_EINVAL, "NULL record");
	ocop_renderer_free(r);
	ocop_record_free(bad);
}

/* AddressSanitizer holds freed memory in quarantine, so resident memory says
 * nothing there (LeakSanitizer looks for leaks instead). */
#if defined(__SANITIZE_ADDRESS__)
#define T_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_ASAN 1
#endif
#endif

/* Resident memory in KiB, from /proc/self/statm. */
static long rss_kib(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* A renderer gives back its fonts when freed: with pango 1.50 each one used to
 * keep its fontconfig set alive, about 300 KB, so a service that makes a
 * renderer per request grew without bound. */
static void test_renderer_memory(const ocop_template *t, const ocop_record *rec)
{
#ifdef T_ASAN
	(void)t, (void)rec;
	return;
#endif
	static const int rounds[] = { /* 0: warm-up */ 10, /* 1: measured */ 60 };
	long before = 0;
	for (size_t i = 0; i < sizeof rounds / sizeof rounds[0]; i++) {
		if (i == 1)
			before = rss_kib();
		for (int k = 0; k < rounds[i]; k++) {
			ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
			o.format = OCOP_FORMAT_PNG;
			o.dpi = 72;
			o.today = "2026-11-29";
			ocop_renderer *r = NULL;
			unsigned char *buf = NULL;
			size_t len = 0;
			if (ocop_renderer_new(&r, t, &o) == 0)
				ocop_renderer_render_mem(&buf, &len, r, rec);
			free(buf);
			ocop_renderer_free(r);
		}
	}
	long grown = rss_kib() - before;
	CHECK(before > 0 && grown < 1024, "60 renderers made and freed grew the resident memory by %ld KiB", grown);
}

/* A print job's labels are drawn on one dot image, cleared between them (paint/raster.c): the second label of a
 * renderer is byte for byte the label of a fresh one, without the first's ink; with the logo image's colour
 * raster too, and at another size. */
static void test_raster_reused(const ocop_record *rec)
{
	static const struct {
		const char *tmpl;
		ocop_format f;
		bool logo;
	} cases[] = {
		{ "thermal-60x40", OCOP_FORMAT_TSPL, false },
		{ "thermal-100x50", OCOP_FORMAT_ZPL, false },
		{ "thermal-60x40", OCOP_FORMAT_TSPL, true },
	};
	static const char logo[] = "raster-logo.svg";
	FILE *fp = fopen(logo, "w");
	if (fp) {
		fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">"
		      "<circle cx=\"20\" cy=\"20\" r=\"18\"/></svg>", fp);
		fclose(fp);
	}
	ocop_record *other = ocop_record_copy(rec);
	ocop_record_set(other, "name", "Miến dong Bình Liêu", -1);
	ocop_record_set(other, "lot", "MD2610", -1);
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		ocop_template *t = NULL;
		CHECK(ocop_template_find(&t, cases[c].tmpl) == 0, "%s: %s", cases[c].tmpl, ocop_error_last());
		ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
		o.format = cases[c].f;
		o.today = "2026-11-29";
		o.logo = cases[c].logo ? logo : NULL;
		ocop_renderer *r1 = NULL, *r2 = NULL;
		unsigned char *first = NULL, *second = NULL, *alone = NULL;
		size_t n1 = 0, n2 = 0, n3 = 0;
		CHECK(t && ocop_renderer_new(&r1, t, &o) == 0 && ocop_renderer_new(&r2, t, &o) == 0, "%s: renderers: %s",
		      cases[c].tmpl, ocop_error_last());
		if (r1 && r2) {
			CHECK(ocop_renderer_render_mem(&first, &n1, r1, rec) == 0, "%s: first label: %s", cases[c].tmpl, ocop_error_last());
			cairo_surface_t *image = r1->raster;
			CHECK(ocop_renderer_render_mem(&second, &n2, r1, other) == 0, "%s: second label: %s", cases[c].tmpl,
			      ocop_error_last());
			CHECK(image && r1->raster == image, "%s: the second label is drawn on the first's dot image", cases[c].tmpl);
			CHECK(ocop_renderer_render_mem(&alone, &n3, r2, other) == 0, "%s: a fresh renderer: %s", cases[c].tmpl,
			      ocop_error_last());
			CHECK(n1 > 0 && (n1 != n2 || memcmp(first, second, n1) != 0), "%s: two labels differ", cases[c].tmpl);
			CHECK(n2 == n3 && n2 > 0 && memcmp(second, alone, n2) == 0,
			      "%s%s: the second label is not a fresh renderer's (%zu and %zu bytes)", cases[c].tmpl,
			      cases[c].logo ? " with a logo" : "", n2, n3);
		}
		free(first);
		free(second);
		free(alone);
		ocop_renderer_free(r1);
		ocop_renderer_free(r2);
		ocop_template_free(t);
	}
	ocop_record_free(other);
	unlink(logo);
}

/* Renderers sharing a store of 1-bit glyph masks (as --jobs workers do): the second draws the first's label from
 * the first's masks, copied, with no mask of its own, and its label is byte for byte a lone renderer's. */
static void test_masks_shared(const ocop_record *rec)
{
	static const struct {
		const char *tmpl;
		ocop_format f;
		int mono;
	} cases[] = {
		{ "thermal-60x40", OCOP_FORMAT_TSPL, 0 },
		{ "thermal-100x50", OCOP_FORMAT_ZPL, 0 },
		{ "small-70x37", OCOP_FORMAT_PNG, 1 },
	};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		ocop_template *t = NULL;
		CHECK(ocop_template_find(&t, cases[c].tmpl) == 0, "%s: %s", cases[c].tmpl, ocop_error_last());
		ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
		o.format = cases[c].f;
		o.mono = cases[c].mono;
		o.today = "2026-11-29";
		ocop_renderer *r1 = NULL, *r2 = NULL, *r3 = NULL;
		unsigned char *b1 = NULL, *b2 = NULL, *b3 = NULL;
		size_t n1 = 0, n2 = 0, n3 = 0;
		ocop_mono_store *store = ocop_mono_store_new();
		CHECK(t && ocop_renderer_new(&r1, t, &o) == 0 && ocop_renderer_new(&r2, t, &o) == 0 &&
		          ocop_renderer_new(&r3, t, &o) == 0, "%s: renderers: %s", cases[c].tmpl, ocop_error_last());
		if (r1 && r2 && r3) {
			ocop_renderer_share_masks(r1, store);
			ocop_renderer_share_masks(r2, store);
			CHECK(ocop_renderer_render_mem(&b1, &n1, r1, rec) == 0, "%s: first: %s", cases[c].tmpl, ocop_error_last());
			size_t copies = 0, held = ocop_mono_store_count(store, &copies);
			CHECK(held > 20 && copies == 0, "%s: the first renderer put its masks in the store (%zu, %zu copied)",
			      cases[c].tmpl, held, copies);
			CHECK(ocop_renderer_render_mem(&b2, &n2, r2, rec) == 0, "%s: second: %s", cases[c].tmpl, ocop_error_last());
			size_t held2 = ocop_mono_store_count(store, &copies);
			CHECK(held2 == held && copies == held, "%s: the second renderer copied every mask and made none "
			      "(%zu held, then %zu; %zu copied)", cases[c].tmpl, held, held2, copies);
			CHECK(ocop_renderer_render_mem(&b3, &n3, r3, rec) == 0, "%s: alone: %s", cases[c].tmpl, ocop_error_last());
			CHECK(n1 > 0 && n1 == n3 && memcmp(b1, b3, n1) == 0, "%s: the first label is a lone renderer's",
			      cases[c].tmpl);
			CHECK(n2 == n3 && memcmp(b2, b3, n2) == 0, "%s: the label drawn from copied masks is a lone renderer's "
			      "(%zu and %zu bytes)", cases[c].tmpl, n2, n3);
		}
		free(b1);
		free(b2);
		free(b3);
		ocop_renderer_free(r1);
		ocop_renderer_free(r2);
		ocop_renderer_free(r3);
		ocop_mono_store_free(store); /* the renderers' references were dropped with them */
		ocop_template_free(t);
	}
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	if (d)
		closedir(d);
	return n;
}

static void test_files(const ocop_template *t, const ocop_record *good)
{
	char dir[] = "/tmp/ocop-render-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char *pdf = g_build_filename(dir, "a.pdf", NULL), *png = g_build_filename(dir, "a.png", NULL);
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.today = "2026-11-29";
	CHECK(ocop_render_file(t, good, &o, pdf) == 0, "pdf: %s", ocop_error_last());
	CHECK(ocop_render_file(t, good, &o, png) == 0, "png: %s", ocop_error_last());
	CHECK(count_entries(dir) == 2, "two files, no temporaries");
	/* invalid record: refused, no file, nothing left behind */
	ocop_record *bad = make();
	ocop_record_set(bad, "stars", "2", -1);
	char *bad_path = g_build_filename(dir, "bad.pdf", NULL);
	CHECK(ocop_render_file(t, bad, &o, bad_path) == OCOP_EREJECTED, "invalid refused");
	CHECK(access(bad_path, F_OK) != 0 && count_entries(dir) == 2, "no output for an invalid record");
	/* unknown extension */
	char *odd = g_build_filename(dir, "a.jpg", NULL);
	CHECK(ocop_render_file(t, good, &o, odd) == OCOP_EINVAL, "jpg refused");
	CHECK(strstr(ocop_error_last(), "cannot tell the format") != NULL, "msg %s", ocop_error_last());
	/* a directory that does not exist */
	CHECK(ocop_render_file(t, good, &o, "/nonexistent-dir/a.pdf") == OCOP_EIO, "no dir");
	CHECK_STR(ocop_error_last(), "/nonexistent-dir/a.pdf: the folder '/nonexistent-dir' does not exist; create it with mkdir -p /nonexistent-dir", "no dir msg");
	/* never replace something that is not a regular file */
	o.format = OCOP_FORMAT_PDF;
	CHECK(ocop_render_file(t, good, &o, "/dev/null") == OCOP_EIO, "device refused");
	/* a full disk: /dev/full fails every write */
	ocop_sink s = { .fp = fopen("/dev/full", "wb") };
	if (s.fp) {
		char buf[65536];
		memset(buf, 1, sizeof buf);
		int rc = ocop_sink_write(&s, buf, sizeof buf);
		rc |= fflush(s.fp);
		CHECK(rc != 0, "writes to /dev/full fail");
		fclose(s.fp);
	}
	/* a logo that is not an image */
	char *notimg = g_build_filename(dir, "logo.png", NULL);
	g_file_set_contents(notimg, "hello", 5, NULL);
	ocop_render_options lo = OCOP_RENDER_OPTIONS_INIT;
	lo.logo = notimg;
	ocop_renderer *rr = NULL;
	CHECK(ocop_renderer_new(&rr, t, &lo) == OCOP_EPARSE && rr == NULL, "bad logo");
	char *want = g_strdup_printf("logo %s: not a PNG or SVG image", notimg);
	CHECK_STR(ocop_error_last(), want, "bad logo msg");
	g_free(want);
	unlink(notimg);
	unlink(pdf);
	unlink(png);
	rmdir(dir);
	g_free(notimg);
	g_free(odd);
	g_free(bad_path);
	g_free(pdf);
	g_free(png);
	ocop_record_free(bad);
}

struct png_read { const unsigned char *p; size_t len, pos; };

static cairo_status_t png_read_cb(void *payload, unsigned char *data, unsigned int len)
{
	struct png_read *r = payload;
	if (r->pos + len > r->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p + r->pos, len);
	r->pos += len;
	return CAIRO_STATUS_SUCCESS;
}

/* The PNG writer round-trips exactly through libpng (cairo's reader), for ink
 * (A8) and RGB24 images, 8-bit and 1-bit, with runs, noise, runs longer than
 * a deflate match and rows past the 64 KB chunk flush. */
static void test_png_writer(void)
{
	const int w = 701, h = 300;
	for (int mode = 0; mode < 4; mode++) {
		int ink = mode & 1, mono = mode >> 1;
		cairo_surface_t *src = cairo_image_surface_create(ink ? CAIRO_FORMAT_A8 : CAIRO_FORMAT_RGB24, w, h);
		cairo_surface_flush(src);
		unsigned char *data = cairo_image_surface_get_data(src);
		int stride = cairo_image_surface_get_stride(src);
		guint32 seed = 12345;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				seed = seed * 1103515245u + 12345u;
				unsigned v = y < 40 ? 0 : y < 80 ? (unsigned)(x / 50 * 37) & 255 : (seed >> 24) < 40 ? seed >> 16 & 255 : 255;
				if (ink)
					data[y * stride + x] = (unsigned char)v;
				else
					((uint32_t *)(data + y * stride))[x] = v << 16 | (v * 7 & 255) << 8 | (v * 13 & 255);
			}
		cairo_surface_mark_dirty(src);
		ocop_sink sink = { .mem = g_byte_array_new() };
		CHECK(ocop_png_write(&sink, data, w, h, stride, ink, 300, mono) == 0, "png write: %s", ocop_error_last());
		struct png_read rd = { sink.mem->data, sink.mem->len, 0 };
		cairo_surface_t *back = cairo_image_surface_create_from_png_stream(png_read_cb, &rd);
		CHECK(cairo_surface_status(back) == CAIRO_STATUS_SUCCESS, "png read back (ink %d, mono %d)", ink, mono);
		if (cairo_surface_status(back) == CAIRO_STATUS_SUCCESS) {
			int bad = 0;
			unsigned char *b = cairo_image_surface_get_data(back);
			int bs = cairo_image_surface_get_stride(back);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					uint32_t px = ink ? 0 : ((uint32_t *)(data + y * stride))[x];
					unsigned want = ink ? 255u - data[y * stride + x]
					                    : (((px >> 16) & 255) * 19595u + ((px >> 8) & 255) * 38470u + (px & 255) * 7471u + 32768u) >> 16;
					if (mono)
						want = want >= 128 ? 255 : 0;
					unsigned got = ((uint32_t *)(b + y * bs))[x] & 255;
					bad += got != want;
				}
			CHECK(bad == 0, "png round trip (ink %d, mono %d): %d pixels differ", ink, mono, bad);
		}
		cairo_surface_destroy(back);
		g_byte_array_free(sink.mem, TRUE);
		cairo_surface_destroy(src);
	}
}

/* A FIFO that gives a PNG to its first reader and "not an image" to the next. */
struct fifo_writer { const char *path; GByteArray *png; gint second; };

static gpointer fifo_write(gpointer data)
{
	struct fifo_writer *w = data;
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			g_atomic_int_set(&w->second, 1);
		int fd = open(w->path, O_WRONLY);
		if (fd < 0)
			return NULL;
		const void *p = round == 0 ? (const void *)w->png->data : "not an image";
		size_t n = round == 0 ? w->png->len : 12;
		if (write(fd, p, n) != (ssize_t)n)
			round = 2;
		close(fd);
		/* the second round for a second reader: wait until the first one has gone (ENXIO) */
		for (int t; round == 0 && (t = open(w->path, O_WRONLY | O_NONBLOCK)) >= 0; g_usleep(1000))
			close(t);
	}
	return NULL;
}

static cairo_status_t to_bytes(void *payload, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(payload, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The logo is read once: the bytes checked are the bytes drawn (a logo opened a second
 * time could be another file by then: here a FIFO that gives other bytes the second time). */
static void test_logo_once(const ocop_template *t, const ocop_record *rec)
{
	char dir[] = "/tmp/ocop-logo-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char *path = g_build_filename(dir, "logo.png", NULL);
	CHECK(mkfifo(path, 0600) == 0, "mkfifo");
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 20);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
	cairo_paint(cr);
	cairo_destroy(cr);
	struct fifo_writer w = { path, g_byte_array_new(), 0 };
	cairo_surface_write_to_png_stream(img, to_bytes, w.png);
	cairo_surface_destroy(img);
	GThread *th = g_thread_new("fifo", fifo_write, &w);
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = OCOP_FORMAT_PNG;
	o.logo = path;
	o.today = "2026-11-29";
	ocop_renderer *r = NULL;
	int err = ocop_renderer_new(&r, t, &o);
	CHECK(err == 0, "a PNG logo read once from a FIFO: %d %s", err, ocop_error_last());
	unsigned char *png = NULL;
	size_t len = 0;
	CHECK(r && ocop_renderer_render_mem(&png, &len, r, rec) == 0 && len > 1000, "rendered with the logo");
	free(png);
	ocop_renderer_free(r);
	/* the writer waits for a second reader (the old code was one): open, let it finish, close */
	while (!g_atomic_int_get(&w.second))
		g_usleep(1000);
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	g_thread_join(th);
	if (fd >= 0)
		close(fd);
	g_byte_array_free(w.png, TRUE);
	unlink(path);
	rmdir(dir);
	g_free(path);
}

/* Options all zero apart from their version are the defaults (version 2), and so are
 * ocop_render_options_init()'s; out-of-range values are refused. */
static void test_zero_options(const ocop_template *t, const ocop_record *rec)
{
	ocop_render_options a = OCOP_RENDER_OPTIONS_INIT, z, in;
	memset(&z, 0, sizeof z);
	z.version = OCOP_RENDER_OPTIONS_VERSION;
	memset(&in, 0x5a, sizeof in);
	ocop_render_options_init(&in, OCOP_RENDER_OPTIONS_VERSION);
	CHECK(memcmp(&in, &a, sizeof a) == 0 || (in.version == a.version && in.format == a.format && in.dpi == a.dpi &&
	      !in.logo && in.creation_time == 0 && !in.today && !in.resolver && in.qr_ec == 0 && in.qr_min_module == 0 &&
	      !in.thermal && !in.mono && in.bwr == 0 && in.bwr_unit == 0 && !in.printer && !in.printer_codes),
	      "ocop_render_options_init = OCOP_RENDER_OPTIONS_INIT");
	CHECK(a.version == 3 && a.creation_time == 0 && a.qr_ec == OCOP_QR_EC_TEMPLATE && a.bwr_unit == OCOP_BWR_TEMPLATE &&
	          !a.printer && !a.printer_codes,
	      "INIT is all zero but the version");
	CHECK(ocop_render_options_init(NULL, OCOP_RENDER_OPTIONS_VERSION) == OCOP_EINVAL, "init: NULL");
	const ocop_render_options *opts[] = { &a, &z, &in };
	static const ocop_format fmts[] = { OCOP_FORMAT_PDF, OCOP_FORMAT_PNG };
	for (size_t f = 0; f < G_N_ELEMENTS(fmts); f++) {
		unsigned char *first = NULL;
		size_t first_len = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(opts); i++) {
			ocop_render_options o = *opts[i];
			o.format = fmts[f];
			o.today = "2026-11-29";
			ocop_renderer *r = NULL;
			unsigned char *buf = NULL;
			size_t len = 0;
			int err = ocop_renderer_new(&r, t, &o);
			if (err == 0)
				err = ocop_renderer_render_mem(&buf, &len, r, rec);
			CHECK(err == 0, "format %zu, options %zu: %s", f, i, ocop_error_last());
			if (i == 0) {
				first = buf;
				first_len = len;
			} else {
				CHECK(buf && len == first_len && memcmp(buf, first, len) == 0, "format %zu, options %zu = INIT's output", f, i);
				free(buf);
			}
			ocop_renderer_free(r);
		}
		free(first);
	}
	/* explicit values still override the template's */
	static const struct { int qr_ec, bwr_unit; double bwr; long long ct; int code; } rows[] = {
		/* 0 */ { OCOP_QR_EC_L, 0, 0, 0, 0 },
		/* 1 */ { OCOP_QR_EC_H, OCOP_BWR_MM, 0.02, 1780000000, 0 },
		/* 2 */ { 0, OCOP_BWR_PERCENT, 8, 0, 0 },
		/* 3 */ { 5, 0, 0, 0, OCOP_EINVAL },
		/* 4 */ { -1, 0, 0, 0, OCOP_EINVAL },
		/* 5 */ { 0, 3, 0, 0, OCOP_EINVAL },
		/* 6 */ { 0, OCOP_BWR_MM, 0.3, 0, OCOP_EINVAL },
		/* 7 */ { 0, OCOP_BWR_PERCENT, 51, 0, OCOP_EINVAL },
		/* 8 */ { 0, 0, 0, -1, OCOP_EINVAL },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
		o.format = OCOP_FORMAT_PDF;
		o.today = "2026-11-29";
		o.qr_ec = rows[i].qr_ec;
		o.bwr_unit = rows[i].bwr_unit;
		o.bwr = rows[i].bwr;
		o.creation_time = rows[i].ct;
		ocop_renderer *r = NULL;
		int err = ocop_renderer_new(&r, t, &o);
		CHECK(err == rows[i].code, "row %zu: code %d, want %d (%s)", i, err, rows[i].code, ocop_error_last());
		if (err == 0) {
			unsigned char *buf = NULL;
			size_t len = 0;
			CHECK(ocop_renderer_render_mem(&buf, &len, r, rec) == 0, "row %zu: render", i);
			free(buf);
		}
		ocop_renderer_free(r);
	}
	ocop_render_options v1 = OCOP_RENDER_OPTIONS_INIT;
	v1.version = 1;
	ocop_renderer *r = NULL;
	CHECK(ocop_renderer_new(&r, t, &v1) == OCOP_EINVAL && !r && strstr(ocop_error_last(), "unknown version 1"),
	      "version 1 refused: %s", ocop_error_last());
}

int main(void)
{
	test_png_writer();
	ocop_template *big = NULL, *small = NULL;
	CHECK(ocop_template_find(&big, "product-100x70") == 0, "template: %s", ocop_error_last());
	CHECK(ocop_template_find(&small, "small-70x37") == 0, "template: %s", ocop_error_last());
	if (!big || !small)
		return t_done("test_render");
	ocop_record *r = make();
	test_png(big, r);
	test_pdf_svg(big, r);
	test_nfd(small);
	test_stream(small, r);
	test_renderer_memory(small, r);
	test_files(big, r);
	test_logo_once(big, r);
	test_zero_options(small, r);
	test_raster_reused(r);
	test_masks_shared(r);
	ocop_record_free(r);
	ocop_template_free(big);
	ocop_template_free(small);
	return t_done("test_render");
}
