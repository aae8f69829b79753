/* ocoplabel tests — loading the shipped templates and the exact messages for broken ones. */
#include "printer.h" /* the element table, the templates' elements, ocop_template_load_data; the print-job languages */
#include "testutil.h"
#include <stdlib.h>
#include <unistd.h>

static char *write_tmp(const char *content)
{
	char *path = g_strdup("/tmp/ocop-tpl-XXXXXX.ini");
	int fd = g_mkstemp(path);
	if (fd < 0)
		return NULL;
	if (write(fd, content, strlen(content)) < 0)
		perror("write");
	close(fd);
	return path;
}

#define LABEL "[label]\nwidth=70\nheight=37\n"

static void test_broken(void)
{
	static const struct { const char *content; int err; const char *msg; } t[] = {
		/* 0 */ { "", OCOP_EPARSE, "missing the [label] section (width, height, description)" },
		/* 1 */ { "[label]\nwidth=70\n", OCOP_EPARSE, "[label] height: missing (a number in millimetres)" },
		/* 2 */ { "[label]\nwidth=-5\nheight=37\n", OCOP_EPARSE, "[label] width: -5 is out of range (5 to 2000)" },
		/* 3 */ { "[label]\nwidth=1e9\nheight=37\n", OCOP_EPARSE, "[label] width: 1e+09 is out of range (5 to 2000)" },
		/* 4 */ { "[label]\nwidth=abc\nheight=37\n", OCOP_EPARSE, "[label] width: 'abc' is not a number" },
		/* 5 */ { LABEL "colour=red\n", OCOP_EPARSE, "[label] colour: unknown key" },
		/* 6 */ { LABEL "[box]\n", OCOP_EPARSE, "[box]: unknown section; sections are [label] and [element NAME]" },
		/* 7 */ { LABEL "[element a]\nx=1\n", OCOP_EPARSE, "[element a] type: missing (one of text, mark, stars, qr, ean13, datamatrix, line, box)" },
		/* 8 */ { LABEL "[element a]\ntype=logo\n", OCOP_EPARSE, "[element a] type: 'logo' is not one of text, mark, stars, qr, ean13, datamatrix, line, box" },
		/* 9 */ { LABEL "[element a]\ntype=qr\nx=60\ny=1\nwidth=20\nheight=20\n", OCOP_EPARSE, "[element a]: the element (60,1)+(20x20) mm reaches beyond the 70x37 mm label" },
		/* 10 */ { LABEL "[element a]\ntype=text\nx=1\ny=1\nwidth=20\nheight=5\n", OCOP_EPARSE, "[element a] text: missing (the text to print, with {placeholders})" },
		/* 11 */ { LABEL "[element a]\ntype=text\ntext=x\nx=1\ny=1\nwidth=20\nheight=5\nsize=6\nmin_size=8\n", OCOP_EPARSE, "[element a] min_size: 8 is larger than size 6" },
		/* 12 */ { LABEL "[element a]\ntype=qr\nx=1\ny=1\nwidth=20\nheight=20\nec=X\n", OCOP_EPARSE, "[element a] ec: 'X' is not one of: L, M, Q, H" },
		/* 13 */ { LABEL "[element a]\ntype=text\ntext=x\nx=1\ny=1\nwidth=20\nheight=5\nbold=maybe\n", OCOP_EPARSE, "[element a] bold: 'maybe' is not true or false" },
		/* 14 */ { "[label\nwidth=1\n", OCOP_EPARSE, NULL },
		/* 16 */ { LABEL "[element a]\ntype=text \ntext=x\nx=1 \ny=1\nwidth=20\nheight=5\nbold=maybe \n", OCOP_EPARSE, "[element a] bold: 'maybe' is not true or false" }, /* trailing spaces trimmed */
	/* 15 */ { LABEL "resolver=ftp://x\n", OCOP_EPARSE, "[label] resolver: 'ftp://x' must start with https:// or http://" },
		/* 17: found by fuzz_template (a NULL from a value that is not UTF-8) */
		/* 17 */ { LABEL "growing_area_key=OCOP \310x\n", OCOP_EPARSE, "[label] growing_area_key: the value is not valid UTF-8 text (save the file as UTF-8)" },
		/* 18 */ { LABEL "resolver=https://a\310.vn\n", OCOP_EPARSE, "[label] resolver: the value is not valid UTF-8 text (save the file as UTF-8)" },
		/* 19 */ { LABEL "[element a]\ntype=text\ntext=\310\nx=1\ny=1\nwidth=20\nheight=5\n", OCOP_EPARSE, "[element a] text: the value is not valid UTF-8 text (save the file as UTF-8)" },
		/* 20 */ { LABEL "[element a]\ntype=qr\nx=1\ny=1\nwidth=20\nheight=20\nec=\310\n", OCOP_EPARSE, "[element a] ec: the value is not valid UTF-8 text (save the file as UTF-8)" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *p = write_tmp(t[i].content);
		ocop_template *tp = NULL;
		int err = ocop_template_load(&tp, p);
		CHECK(err == t[i].err && tp == NULL, "row %zu: err %d", i, err);
		if (t[i].msg) {
			char *want = g_strdup_printf("%s: %s", p, t[i].msg);
			char ctx[16];
			snprintf(ctx, sizeof ctx, "row %zu", i);
			CHECK_STR(ocop_error_last(), want, ctx);
			g_free(want);
		} else {
			CHECK(strncmp(ocop_error_last(), p, strlen(p)) == 0, "row %zu names the file: %s", i, ocop_error_last());
		}
		unlink(p);
		g_free(p);
	}
}

static void test_shipped(void)
{
	static const struct { const char *name; double w, h; bool back; } t[] = {
		/* 0 */ { "product-100x70", 100, 70, false },
		/* 1 */ { "small-70x37", 70, 37, false },
		/* 2 */ { "thermal-50x30", 50, 30, false },
		/* 3 */ { "thermal-60x40", 60, 40, false },
		/* 4 */ { "thermal-100x50", 100, 50, false },
		/* 5 */ { "back-100x70", 100, 70, true }, /* a back label: no mark, stars or EAN */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ocop_template *tp = NULL;
		CHECK(ocop_template_find(&tp, t[i].name) == 0, "find %s: %s", t[i].name, ocop_error_last());
		if (!tp)
			continue;
		CHECK_STR(ocop_template_name(tp), t[i].name, "name");
		CHECK(ocop_template_width_mm(tp) == t[i].w && ocop_template_height_mm(tp) == t[i].h, "size");
		CHECK(strlen(ocop_template_description(tp)) > 10, "description");
		/* every shipped front label has the mark, stars, name, QR and EAN-13, each once; the back label a QR only */
		int kinds[7] = { 0 };
		for (size_t j = 0; j < tp->n_elems; j++)
			kinds[tp->elems[j].kind]++;
		int front = t[i].back ? 0 : 1;
		CHECK(kinds[OCOP_ELEM_MARK] == front && kinds[OCOP_ELEM_STARS] == front && kinds[OCOP_ELEM_QR] == 1 &&
		      kinds[OCOP_ELEM_EAN] == front, "%s has mark, stars, qr, ean", t[i].name);
		/* the texts of a back label are the mandatory content of Decree 43, each one mandatory text */
		static const char *const back_texts[] = { "name", "ingredients", "instructions", "warnings", "producer", "details" };
		for (size_t j = 0; t[i].back && j < sizeof back_texts / sizeof back_texts[0]; j++) {
			const ocop_elem *e = NULL;
			for (size_t k = 0; k < tp->n_elems; k++)
				if (strcmp(tp->elems[k].id, back_texts[j]) == 0)
					e = &tp->elems[k];
			CHECK(e && e->kind == OCOP_ELEM_TEXT && e->mandatory == 1 && e->min_size >= 5, "%s: element %s mandatory",
			      t[i].name, back_texts[j]);
		}
		/* thermal roll labels carry the thermal profile */
		CHECK(tp->thermal == (strncmp(t[i].name, "thermal-", 8) == 0), "%s: profile", t[i].name);
		/* no two non-line elements overlap */
		for (size_t a = 0; a < tp->n_elems; a++)
			for (size_t b = a + 1; b < tp->n_elems; b++) {
				const ocop_elem *p = &tp->elems[a], *q = &tp->elems[b];
				if (p->kind == OCOP_ELEM_LINE || q->kind == OCOP_ELEM_LINE || p->kind == OCOP_ELEM_BOX || q->kind == OCOP_ELEM_BOX)
					continue;
				bool overlap = p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
				CHECK(!overlap, "%s: elements %s and %s overlap", t[i].name, p->id, q->id);
			}
		ocop_template_free(tp);
	}
	ocop_template *tp = NULL;
	CHECK(ocop_template_find(&tp, "no-such-template") == OCOP_ENOENT, "missing");
	CHECK(strstr(ocop_error_last(), "template 'no-such-template' not found in ") != NULL, "msg: %s", ocop_error_last());
	CHECK(ocop_template_load(&tp, "/nonexistent/x.ini") == OCOP_ENOENT, "missing path");
	CHECK_STR(ocop_error_last(), "/nonexistent/x.ini: cannot open template: No such file or directory", "missing path msg");
	char **list = NULL;
	CHECK(ocop_template_list(&list) == 0 && list && list[0] && list[1], "list");
	int seen = 0;
	for (char **p = list; p && *p; p++)
		seen += g_str_has_suffix(*p, "/product-100x70.ini") || g_str_has_suffix(*p, "/small-70x37.ini");
	CHECK(seen == 2, "list has both shipped templates");
	ocop_strv_free(list);
	ocop_template_free(NULL);
}

/* A failed find leaves *out NULL, so that cleanup can free it unconditionally. */
static void test_out_cleared(void)
{
	static const char *const names[] = { /* 0 */ NULL, /* 1 */ "", /* 2 */ "no-such-template", /* 3 */ "/no/such.ini" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		ocop_template *t = (ocop_template *)&t;
		ocop_sheet *s = (ocop_sheet *)&s;
		CHECK(ocop_template_find(&t, names[i]) < 0 && t == NULL, "row %zu: template out not cleared", i);
		CHECK(ocop_sheet_find(&s, names[i]) < 0 && s == NULL, "row %zu: sheet out not cleared", i);
	}
}

/* A template without an EAN element loads (back labels, tourism services); which texts are mandatory
 * comes from the field table; template errors carry the code "template". */
static void test_fields_in_templates(void)
{
	static const struct { const char *text; int mandatory; } t[] = {
		/* 0 */ { "{name}", 1 },
		/* 1 */ { "Thành phần: {ingredients}", 1 },
		/* 2 */ { "{instructions}", 1 },
		/* 3 */ { "Cảnh báo: {warnings}", 1 },
		/* 4 */ { "Số GCN: {ocop_cert_no}", 0 },
		/* 5 */ { "{product_group}", 0 },
		/* 6 */ { "{Ghi chú}", 0 },
		/* 7 */ { "Quét mã", 0 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *data = g_strdup_printf("[label]\nwidth=50\nheight=30\n[element t]\ntype=text\ntext=%s\nx=1\ny=1\nwidth=40\n"
		                             "height=8\nmin_size=5\n", t[i].text);
		ocop_template *tp = NULL;
		CHECK(ocop_template_load_data(&tp, data, strlen(data), "t.ini") == 0, "row %zu: loads: %s", i, ocop_error_last());
		CHECK(tp && tp->n_elems == 1 && tp->elems[0].mandatory == t[i].mandatory, "row %zu: mandatory", i);
		ocop_template_free(tp);
		g_free(data);
	}
	static const char bad[] = "[label]\nwidth=50\nheight=30\ncolour=red\n";
	ocop_template *tp = NULL;
	CHECK(ocop_template_load_data(&tp, bad, strlen(bad), "t.ini") == OCOP_EPARSE, "bad key");
	CHECK_STR(ocop_error_last(), "t.ini: [label] colour: unknown key", "bad key message");
	CHECK_STR(ocop_error_code(), "template", "template code");
}

/* the element table: every kind has a class with a name of its own that templates find it by; a kind a
 * printer can draw itself has a writer in every printer language (painters leave such codes out) */
static void test_element_table(void)
{
	const ocop_job_language *langs[] = { &ocop_tspl_language, &ocop_zpl_language };
	for (int k = 0; k < OCOP_ELEM_KINDS; k++) {
		const ocop_element_class *c = ocop_element_class_of((ocop_elem_kind)k);
		CHECK(c && c->name && *c->name && c->plan && c->paint, "kind %d: a class with a name, plan and paint", k);
		if (!c)
			continue;
		ocop_elem_kind back;
		CHECK(ocop_element_kind_named(c->name, &back) && back == (ocop_elem_kind)k, "kind %d: '%s' names it", k, c->name);
		for (size_t l = 0; l < G_N_ELEMENTS(langs); l++)
			CHECK(!c->native_dots == !langs[l]->native[k], "kind %s: a printer writer in language %d exactly when the "
			      "printer can draw it", c->name, (int)langs[l]->lang);
		CHECK(!c->outline || c->glyphs, "kind %s: drawn as glyphs only with its glyph fonts made for documents", c->name);
	}
	CHECK_STR(ocop_element_kind_names(), "text, mark, stars, qr, ean13, datamatrix, line, box", "the kinds as messages list them");
}

int main(void)
{
	test_element_table();
	test_fields_in_templates();
	test_out_cleared();
	test_broken();
	test_shipped();
	return t_done("test_template");
}
