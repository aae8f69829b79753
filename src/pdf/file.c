/* ocoplabel — the PDF file: objects and streams written as they come, pages ended one by one, the page tree, information and cross-reference table at the end. */
#include "pdf.h"
#include <string.h>
#include <zlib.h>

#define PT_PER_MM (72 / 25.4)
/* object numbers fixed at the start: the catalog, the page tree and the resources every page shares */
enum { OBJ_CATALOG = 1, OBJ_PAGES, OBJ_RESOURCES, OBJ_FIRST_FREE };

struct ocop_pdf {
	ocop_sink *s;
	unsigned long long at; /* bytes written */
	GArray *offsets;       /* guint64 per object number, 0: not written ([0] unused) */
	GArray *kids;          /* the pages' object numbers */
	double w, h;           /* page size, pt */
	char *title, *creator, *subject, *created;
	GString *ops;          /* the open page's operators */
	GArray *forms;         /* the forms it draws (object numbers) */
	GString *last;         /* the last page's operators and forms, and the stream it was written as: */
	GArray *last_forms;    /* a page the same as the one before (a copy of a label on a page of its own) */
	int last_contents;     /* refers to that stream */
	bool page_open;
	z_stream z;
	bool z_ready;
	GByteArray *zbuf;
	ocop_pdf_fonts *fonts;
	int err;               /* the first failure: every later write is skipped */
	bool started;          /* the header written */
};

static int put(ocop_pdf *pdf, const void *data, size_t len);

/* the header and the catalog: written with the first object after them, so that opening a document writes
 * nothing (a sink that refuses fails the first page) */
static int start(ocop_pdf *pdf)
{
	pdf->started = true;
	/* a comment of bytes above 127 tells transfer programs the file is binary */
	static const char head[] = "%PDF-1.7\n%\xb5\xed\xae\xfb\n";
	put(pdf, head, sizeof head - 1);
	static const char catalog[] = "<< /Type /Catalog /Pages 2 0 R >>";
	return ocop_pdf_write_object(pdf, OBJ_CATALOG, catalog, sizeof catalog - 1);
}

static int put(ocop_pdf *pdf, const void *data, size_t len)
{
	if (!pdf->started && start(pdf) < 0)
		return pdf->err;
	if (pdf->err)
		return pdf->err;
	if (ocop_sink_write(pdf->s, data, len) != 0)
		return pdf->err = OCOP_EIO;
	pdf->at += len;
	return 0;
}

static int puts_(ocop_pdf *pdf, const char *s) { return put(pdf, s, strlen(s)); }

int ocop_pdf_object(ocop_pdf *pdf)
{
	guint64 zero = 0;
	g_array_append_val(pdf->offsets, zero);
	return (int)pdf->offsets->len - 1;
}

static int begin_object(ocop_pdf *pdf, int obj)
{
	if (!pdf->started)
		start(pdf);
	g_array_index(pdf->offsets, guint64, obj) = pdf->at;
	char head[32];
	int n = g_snprintf(head, sizeof head, "%d 0 obj\n", obj);
	return put(pdf, head, (size_t)n);
}

int ocop_pdf_write_object(ocop_pdf *pdf, int obj, const char *body, size_t len)
{
	begin_object(pdf, obj);
	put(pdf, body, len);
	return puts_(pdf, "\nendobj\n");
}

/* data deflated into pdf->zbuf (whole: the stream is made in one call) */
static int deflate_all(ocop_pdf *pdf, const void *data, size_t len)
{
	if (!pdf->z_ready) {
		/* level 3: 10,000 labels 5.1 MB in 2.7 s of CPU (level 1: 5.5 MB, 2% less time; level 6: 4.0 MB, 10% more) */
		if (deflateInit(&pdf->z, 3) != Z_OK)
			return ocop_set_error(OCOP_ENOMEM, "out of memory for the PDF's compression");
		pdf->z_ready = true;
	} else {
		deflateReset(&pdf->z);
	}
	uLong bound = deflateBound(&pdf->z, (uLong)len);
	g_byte_array_set_size(pdf->zbuf, (guint)bound);
	pdf->z.next_in = (Bytef *)data;
	pdf->z.avail_in = (uInt)len;
	pdf->z.next_out = pdf->zbuf->data;
	pdf->z.avail_out = (uInt)bound;
	if (deflate(&pdf->z, Z_FINISH) != Z_STREAM_END)
		return ocop_set_error(OCOP_ERENDER, "the PDF's compression failed");
	g_byte_array_set_size(pdf->zbuf, (guint)pdf->z.total_out);
	return 0;
}

int ocop_pdf_write_stream(ocop_pdf *pdf, int obj, const char *dict, const void *data, size_t len, bool deflate)
{
	if (deflate) {
		int err = deflate_all(pdf, data, len);
		if (err < 0)
			return err;
		data = pdf->zbuf->data;
		len = pdf->zbuf->len;
	}
	char head[64];
	begin_object(pdf, obj);
	int n = g_snprintf(head, sizeof head, "<< /Length %zu%s ", len, deflate ? " /Filter /FlateDecode" : "");
	put(pdf, head, (size_t)n);
	puts_(pdf, dict ? dict : "");
	puts_(pdf, ">>\nstream\n");
	put(pdf, data, len);
	return puts_(pdf, "\nendstream\nendobj\n");
}

void ocop_pdf_num(GString *s, double v)
{
	long long n = llround(v * 10000);
	char buf[32], *e = buf + sizeof buf, *p = e;
	*--p = ' ';
	bool neg = n < 0;
	unsigned long long u = neg ? (unsigned long long)-n : (unsigned long long)n;
	unsigned frac = (unsigned)(u % 10000);
	u /= 10000;
	if (frac) {
		int digits = 4;
		while (frac % 10 == 0)
			frac /= 10, digits--;
		for (int i = 0; i < digits; i++, frac /= 10)
			*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (neg)
		*--p = '-';
	g_string_append_len(s, p, e - p);
}

void ocop_pdf_text_string(GString *s, const char *utf8)
{
	bool plain = true;
	for (const unsigned char *c = (const unsigned char *)utf8; *c && plain; c++)
		plain = *c >= 0x20 && *c < 0x7f;
	if (plain) {
		g_string_append_c(s, '(');
		for (const char *c = utf8; *c; c++) {
			if (*c == '(' || *c == ')' || *c == '\\')
				g_string_append_c(s, '\\');
			g_string_append_c(s, *c);
		}
		g_string_append_c(s, ')');
		return;
	}
	glong n = 0;
	gunichar2 *u16 = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
	g_string_append(s, "<FEFF");
	for (glong i = 0; u16 && i < n; i++)
		g_string_append_printf(s, "%04X", u16[i]);
	g_string_append_c(s, '>');
	g_free(u16);
}

int ocop_pdf_new(ocop_pdf **out, ocop_sink *s, double w_mm, double h_mm, const ocop_pdf_info *info)
{
	ocop_pdf *pdf = g_new0(ocop_pdf, 1);
	pdf->s = s;
	pdf->offsets = g_array_new(FALSE, TRUE, sizeof(guint64));
	pdf->kids = g_array_new(FALSE, FALSE, sizeof(int));
	pdf->w = w_mm * PT_PER_MM;
	pdf->h = h_mm * PT_PER_MM;
	pdf->title = g_strdup(info->title);
	pdf->creator = g_strdup(info->creator);
	pdf->subject = g_strdup(info->subject);
	pdf->created = g_strdup(info->created);
	pdf->ops = g_string_sized_new(64 * 1024);
	pdf->forms = g_array_new(FALSE, FALSE, sizeof(int));
	pdf->last = g_string_new(NULL);
	pdf->last_forms = g_array_new(FALSE, FALSE, sizeof(int));
	pdf->zbuf = g_byte_array_new();
	pdf->fonts = ocop_pdf_fonts_new();
	while ((int)pdf->offsets->len < OBJ_FIRST_FREE)
		ocop_pdf_object(pdf);
	*out = pdf;
	return 0;
}

ocop_pdf_fonts *ocop_pdf_fonts_get(ocop_pdf *pdf) { return pdf->fonts; }

/* c's font names made the document's numbers */
static void name_fonts(ocop_pdf *pdf, ocop_pdf_content *c)
{
	for (guint i = 0; i < c->sites->len; i++) {
		ocop_pdf_site *s = &g_array_index(c->sites, ocop_pdf_site, i);
		int n = ocop_pdf_font_number(pdf, s->font);
		char *at = c->ops->str + s->at;
		at[0] = (char)('0' + n / 100 % 10), at[1] = (char)('0' + n / 10 % 10), at[2] = (char)('0' + n % 10);
	}
}

int ocop_pdf_place(ocop_pdf *pdf, ocop_pdf_content *c, double x, double y)
{
	name_fonts(pdf, c);
	GString *o = ocop_pdf_ops(pdf);
	g_string_append(o, "q 1 0 0 1 ");
	ocop_pdf_num(o, x);
	ocop_pdf_num(o, y);
	g_string_append(o, "cm\n");
	g_string_append_len(o, c->ops->str, (gssize)c->ops->len);
	g_string_append(o, "Q\n");
	return pdf->err;
}

int ocop_pdf_form(ocop_pdf *pdf, ocop_pdf_content *c, double w, double h)
{
	name_fonts(pdf, c);
	int obj = ocop_pdf_object(pdf);
	GString *d = g_string_new("/Type /XObject /Subtype /Form /BBox [0 0 ");
	ocop_pdf_num(d, w);
	ocop_pdf_num(d, h);
	g_string_append(d, "] /Resources << /Font 3 0 R >> ");
	int err = ocop_pdf_write_stream(pdf, obj, d->str, c->ops->str, c->ops->len, true);
	g_string_free(d, TRUE);
	return err < 0 ? err : obj;
}

void ocop_pdf_form_draw(ocop_pdf *pdf, int form, double x, double y)
{
	GString *o = ocop_pdf_ops(pdf);
	g_string_append(o, "q 1 0 0 1 ");
	ocop_pdf_num(o, x);
	ocop_pdf_num(o, y);
	g_string_append_printf(o, "cm /X%d Do Q\n", form);
	for (guint i = 0; i < pdf->forms->len; i++)
		if (g_array_index(pdf->forms, int, i) == form)
			return;
	g_array_append_val(pdf->forms, form);
}
int ocop_pdf_error(const ocop_pdf *pdf) { return pdf->err; }

GString *ocop_pdf_ops(ocop_pdf *pdf)
{
	if (!pdf->page_open) {
		pdf->page_open = true;
		g_string_truncate(pdf->ops, 0);
		/* user space: mm from the top-left corner, y down */
		char m[96];
		g_snprintf(m, sizeof m, "%.9g 0 0 %.9g 0 %.9g cm\n", PT_PER_MM, -PT_PER_MM, pdf->h);
		g_string_append(pdf->ops, m);
	}
	return pdf->ops;
}

static bool same_as_last(const ocop_pdf *pdf)
{
	return pdf->last_contents && pdf->last->len == pdf->ops->len && memcmp(pdf->last->str, pdf->ops->str, pdf->ops->len) == 0 &&
	       pdf->last_forms->len == pdf->forms->len &&
	       (pdf->forms->len == 0 || memcmp(pdf->last_forms->data, pdf->forms->data, pdf->forms->len * sizeof(int)) == 0);
}

int ocop_pdf_page_end(ocop_pdf *pdf)
{
	if (!pdf->page_open)
		return pdf->err;
	pdf->page_open = false;
	int contents = pdf->last_contents, err = 0;
	if (!same_as_last(pdf)) {
		contents = ocop_pdf_object(pdf);
		err = ocop_pdf_write_stream(pdf, contents, NULL, pdf->ops->str, pdf->ops->len, pdf->ops->len > 128);
		if (err < 0)
			return err;
		pdf->last_contents = 0;
		if (pdf->ops->len <= 4096) { /* small pages are kept to be compared with the next */
			g_string_assign(pdf->last, pdf->ops->str);
			g_array_set_size(pdf->last_forms, 0);
			g_array_append_vals(pdf->last_forms, pdf->forms->data, pdf->forms->len);
			pdf->last_contents = contents;
		}
	}
	int page = ocop_pdf_object(pdf);
	GString *d = g_string_new("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ");
	ocop_pdf_num(d, pdf->w);
	ocop_pdf_num(d, pdf->h);
	g_string_append_printf(d, "] /Contents %d 0 R /Resources << /Font 3 0 R ", contents);
	if (pdf->forms->len) {
		g_string_append(d, "/XObject << ");
		for (guint i = 0; i < pdf->forms->len; i++)
			g_string_append_printf(d, "/X%d %d 0 R ", g_array_index(pdf->forms, int, i), g_array_index(pdf->forms, int, i));
		g_string_append(d, ">> ");
		g_array_set_size(pdf->forms, 0);
	}
	g_string_append(d, ">> >>");
	err = ocop_pdf_write_object(pdf, page, d->str, d->len);
	g_string_free(d, TRUE);
	g_array_append_val(pdf->kids, page);
	if (pdf->ops->allocated_len > 1024 * 1024) { /* a page far larger than most: its buffer not kept */
		g_string_free(pdf->ops, TRUE);
		pdf->ops = g_string_sized_new(64 * 1024);
	}
	return err;
}

/* "2026-05-28T20:26:40Z" as a PDF date, D:20260528202640Z */
static void append_date(GString *s, const char *iso)
{
	g_string_append(s, "(D:");
	for (const char *c = iso; *c; c++)
		if (g_ascii_isdigit(*c) || *c == 'Z')
			g_string_append_c(s, *c);
	g_string_append_c(s, ')');
}

int ocop_pdf_finish(ocop_pdf *pdf)
{
	int err = ocop_pdf_page_end(pdf);
	if (err == 0)
		err = ocop_pdf_fonts_write(pdf->fonts, pdf, OBJ_RESOURCES);
	if (err < 0)
		return err;
	/* the page tree, written as it is made (a page of a million-label roll is a few bytes of it) */
	GString *d = g_string_new("<< /Type /Pages /Kids [");
	begin_object(pdf, OBJ_PAGES);
	for (guint i = 0; i < pdf->kids->len; i++) {
		g_string_append_printf(d, "%d 0 R ", g_array_index(pdf->kids, int, i));
		if (d->len > 64 * 1024) {
			put(pdf, d->str, d->len);
			g_string_truncate(d, 0);
		}
	}
	g_string_append_printf(d, "] /Count %u >>\nendobj\n", pdf->kids->len);
	put(pdf, d->str, d->len);
	int info = ocop_pdf_object(pdf);
	g_string_assign(d, "<< /Creator ");
	ocop_pdf_text_string(d, pdf->creator ? pdf->creator : "");
	g_string_append(d, " /Producer ");
	ocop_pdf_text_string(d, pdf->creator ? pdf->creator : "");
	if (pdf->created) {
		g_string_append(d, " /CreationDate ");
		append_date(d, pdf->created);
	}
	if (pdf->subject) {
		g_string_append(d, " /Subject ");
		ocop_pdf_text_string(d, pdf->subject);
	}
	if (pdf->title) {
		g_string_append(d, " /Title ");
		ocop_pdf_text_string(d, pdf->title);
	}
	g_string_append(d, " >>");
	ocop_pdf_write_object(pdf, info, d->str, d->len);
	/* the cross-reference table: 20 bytes an object */
	unsigned long long xref = pdf->at;
	g_string_printf(d, "xref\n0 %u\n0000000000 65535 f \n", pdf->offsets->len);
	for (guint i = 1; i < pdf->offsets->len; i++) {
		guint64 off = g_array_index(pdf->offsets, guint64, i);
		if (off)
			g_string_append_printf(d, "%010" G_GUINT64_FORMAT " 00000 n \n", off);
		else
			g_string_append(d, "0000000000 65535 f \n");
		if (d->len > 64 * 1024) {
			put(pdf, d->str, d->len);
			g_string_truncate(d, 0);
		}
	}
	g_string_append_printf(d, "trailer\n<< /Size %u /Root 1 0 R /Info %d 0 R >>\nstartxref\n%llu\n%%%%EOF\n",
	                       pdf->offsets->len, info, xref);
	err = put(pdf, d->str, d->len);
	g_string_free(d, TRUE);
	return err;
}

void ocop_pdf_free(ocop_pdf *pdf)
{
	if (!pdf)
		return;
	g_array_free(pdf->offsets, TRUE);
	g_array_free(pdf->kids, TRUE);
	g_free(pdf->title);
	g_free(pdf->creator);
	g_free(pdf->subject);
	g_free(pdf->created);
	g_string_free(pdf->ops, TRUE);
	g_array_free(pdf->forms, TRUE);
	g_string_free(pdf->last, TRUE);
	g_array_free(pdf->last_forms, TRUE);
	if (pdf->z_ready)
		deflateEnd(&pdf->z);
	g_byte_array_free(pdf->zbuf, TRUE);
	ocop_pdf_fonts_free(pdf->fonts);
	g_free(pdf);
}
