/* ocoplabel tests — sheet layouts, safe file names, and documents: streams equal files, batches from arrays, nothing left on failure. */
#include "config.h"   /* ocop_sheet_cell */
#include "document.h" /* ocop_safe_name */
#include "testutil.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
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

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* Number of directory entries other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static void test_safe_names(void)
{
	static const char *const rows[][2] = {
		/* 0 */ { "00001", "00001" },
		/* 1 */ { "8936012346107/TH:26*11", "8936012346107_TH_26_11" },
		/* 2 */ { "..\\..\\etc", "_.._etc" },
		/* 3 */ { "../x", "_x" },
		/* 4 */ { " .hidden. ", "hidden" },
		/* 5 */ { "", "label" },
		/* 6 */ { "...", "label" },
		/* 7 */ { "con", "_con" },
		/* 8 */ { "LPT1.png", "_LPT1.png" },
		/* 9 */ { "COM10", "COM10" },
		/* 10 */ { "Trà hoa vàng", "Trà hoa vàng" },
		/* 11 */ { "Tra\xcc\x80", "Trà" },          /* NFD becomes NFC */
		/* 12 */ { "a\tb\nc<d>e|f?g\"h", "a_b_c_d_e_f_g_h" },
		/* 13 */ { "bad\xff", "bad\xef\xbf\xbd" },  /* invalid UTF-8 replaced */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *got = ocop_safe_name(rows[i][0]);
		char ctx[32];
		snprintf(ctx, sizeof ctx, "safe name row %zu", i);
		CHECK_STR(got, rows[i][1], ctx);
		g_free(got);
	}
	/* long names are cut to 200 bytes on a character boundary */
	GString *s = g_string_new(NULL);
	for (int i = 0; i < 150; i++)
		g_string_append(s, "ạ"); /* 3 bytes */
	char *got = ocop_safe_name(s->str);
	CHECK(strlen(got) == 198 && g_utf8_validate(got, -1, NULL), "long name: %zu bytes", strlen(got));
	g_free(got);
	g_string_free(s, TRUE);
}

static void test_sheets(const char *dir)
{
	ocop_sheet *s = NULL;
	CHECK(ocop_sheet_find(&s, "a4-3x8") == 0, "find a4-3x8: %s", ocop_error_last());
	if (s) {
		CHECK(ocop_sheet_positions(s) == 24, "positions %d", ocop_sheet_positions(s));
		CHECK(ocop_sheet_page_width_mm(s) == 210 && ocop_sheet_page_height_mm(s) == 297, "A4");
		CHECK_STR(ocop_sheet_template(s), "small-70x37", "a4-3x8 template");
		double x, y;
		ocop_sheet_cell(s, 4, &x, &y);
		CHECK(x == 70 && y == 37.5, "position 5 at %g,%g", x, y);
		ocop_sheet_cell(s, 23, &x, &y);
		CHECK(x == 140 && y == 0.5 + 7 * 37, "position 24 at %g,%g", x, y);
	}
	ocop_sheet_free(s);
	s = NULL;
	CHECK(ocop_sheet_find(&s, "a4-5x5") == OCOP_ENOENT && !s, "unknown sheet");
	CHECK(strstr(ocop_error_last(), "sheet 'a4-5x5' not found in the sheets/ folder of"), "%s", ocop_error_last());

	static const struct { const char *text; int code; const char *msg; } bad[] = {
		/* 0 */ { "[label]\nwidth=10\n", OCOP_EPARSE, "[label]: unknown section; a sheet file has one [sheet] section" },
		/* 1 */ { "# nothing\n", OCOP_EPARSE, "missing the [sheet] section" },
		/* 2 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=3\n", OCOP_EPARSE,
			  "[sheet] rows: missing" },
		/* 3 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=3.5\nrows=8\n",
			  OCOP_EPARSE, "[sheet] columns: 3.5 is not a whole number" },
		/* 4 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=4\nrows=8\n",
			  OCOP_EPARSE, "[sheet] columns: 4 labels of 70 mm from left=0 mm end at 280 mm, past the 210 mm page width" },
		/* 5 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=3\nrows=8\ntop=2\n",
			  OCOP_EPARSE, "[sheet] rows: 8 labels of 37 mm from top=2 mm end at 298 mm, past the 297 mm page height" },
		/* 6 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=3\nrows=8\ncolour=red\n",
			  OCOP_EPARSE, "[sheet] colour: unknown key" },
		/* 7 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=3\nrows=8\ncolumn_pitch=60\n",
			  OCOP_EPARSE, "[sheet] column_pitch: 60 is out of range (70 to 2000)" },
		/* 8 */ { "[sheet]\npage_width=2000\npage_height=2000\nlabel_width=5\nlabel_height=5\ncolumns=100\nrows=100\n",
			  OCOP_ELIMIT, "100 x 100 positions; at most 1000 are allowed" },
		/* 9 */ { "[sheet]\npage_width=-1\n", OCOP_EPARSE, "[sheet] page_width: -1 is out of range (10 to 2000)" },
		/* 10: found by fuzz_template (a NaN reached an int conversion) */
		/* 10 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=nan\nrows=8\n",
			  OCOP_EPARSE, "[sheet] columns: 'nan' is not a number" },
		/* 11 */ { "[sheet]\npage_width=210\npage_height=297\nlabel_width=70\nlabel_height=37\ncolumns=1e99\nrows=8\n",
			  OCOP_EPARSE, "[sheet] columns: 1e+99 is out of range (1 to 1000)" },
	};
	char *path = g_build_filename(dir, "s.ini", NULL);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_text(path, bad[i].text);
		s = NULL;
		int err = ocop_sheet_load(&s, path);
		CHECK(err == bad[i].code && !s, "bad sheet %zu: code %d", i, err);
		CHECK(strstr(ocop_error_last(), bad[i].msg), "bad sheet %zu: %s", i, ocop_error_last());
		ocop_sheet_free(s);
	}
	g_free(path);
}

static int collect(void *payload, const unsigned char *data, size_t len)
{
	g_byte_array_append(payload, data, (guint)len);
	return 0;
}

static int refuse(void *payload, const unsigned char *data, size_t len)
{
	(void)payload, (void)data, (void)len;
	return -1;
}

static ocop_renderer *renderer(const ocop_template *t, ocop_format f)
{
	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.format = f;
	o.today = "2026-11-29";
	ocop_renderer *r = NULL;
	ocop_renderer_new(&r, t, &o);
	return r;
}

static void test_documents(const char *dir)
{
	ocop_template *small = NULL, *big = NULL;
	ocop_sheet *sheet = NULL;
	ocop_template_find(&small, "small-70x37");
	ocop_template_find(&big, "product-100x70");
	ocop_sheet_find(&sheet, "a4-3x8");
	if (!small || !big || !sheet) {
		CHECK(0, "templates and sheet: %s", ocop_error_last());
		return;
	}
	ocop_record *rec = make();
	ocop_renderer *r = renderer(small, OCOP_FORMAT_AUTO);
	ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
	o.sheet = sheet;

	/* a stream and a file of the same labels are byte-identical */
	char *pdf = g_build_filename(dir, "a.pdf", NULL);
	ocop_document *d = NULL;
	CHECK(ocop_document_open(&d, r, pdf, &o) == 0, "open: %s", ocop_error_last());
	CHECK(entries(dir) == 1, "only the hidden temporary file while writing");
	CHECK(ocop_document_add(NULL, d, rec, 30) == 0, "add 30: %s", ocop_error_last());
	CHECK(ocop_document_labels(d) == 30 && ocop_document_pages(d) == 2, "30 labels on %lu pages", ocop_document_pages(d));
	struct stat st;
	CHECK(stat(pdf, &st) != 0, "no PDF before commit");
	CHECK(ocop_document_commit(d) == 0, "commit: %s", ocop_error_last());
	ocop_document_free(d);
	GByteArray *mem = g_byte_array_new();
	d = NULL;
	CHECK(ocop_document_open_stream(&d, r, collect, mem, &o) == 0, "open stream");
	ocop_document_add(NULL, d, rec, 30);
	CHECK(ocop_document_commit(d) == 0, "commit stream");
	ocop_document_free(d);
	gchar *file = NULL;
	gsize flen = 0;
	g_file_get_contents(pdf, &file, &flen, NULL);
	CHECK(file && flen == mem->len && memcmp(file, mem->data, flen) == 0, "stream = file (%zu vs %u bytes)", (size_t)flen, mem->len);
	g_free(file);
	g_byte_array_free(mem, TRUE);

	/* an invalid record is rejected with its diagnostics; the document stays usable */
	ocop_record *badrec = make();
	ocop_record_set(badrec, "stars", "2", -1);
	d = NULL;
	ocop_document_open(&d, r, pdf, &o);
	ocop_diags *diags = NULL;
	CHECK(ocop_document_add(&diags, d, badrec, 1) == OCOP_EREJECTED, "invalid record rejected");
	CHECK(diags && ocop_diags_errors(diags) == 1 && strcmp(ocop_diags_get(diags, 0)->field, "stars") == 0, "stars error");
	ocop_diags_free(diags);
	CHECK(ocop_document_labels(d) == 0, "nothing added");
	/* nothing added: commit refuses, and nothing is left behind */
	CHECK(ocop_document_commit(d) == OCOP_EINVAL, "empty document not committed");
	ocop_document_free(d);
	CHECK(entries(dir) == 1, "only the earlier a.pdf (%d entries)", entries(dir));

	/* a document freed without commit leaves no file and does not replace an old one */
	g_file_get_contents(pdf, &file, &flen, NULL);
	d = NULL;
	ocop_document_open(&d, r, pdf, &o);
	ocop_document_add(NULL, d, rec, 5);
	ocop_document_free(d);
	gchar *file2 = NULL;
	gsize flen2 = 0;
	g_file_get_contents(pdf, &file2, &flen2, NULL);
	CHECK(entries(dir) == 1 && flen == flen2 && memcmp(file, file2, flen) == 0, "old PDF untouched by an abandoned run");
	g_free(file);
	g_free(file2);

	/* a stream whose receiver refuses fails with OCOP_EIO, no crash */
	d = NULL;
	ocop_document_open_stream(&d, r, refuse, NULL, &o);
	int err = ocop_document_add(NULL, d, rec, 30);
	if (err == 0)
		err = ocop_document_commit(d);
	CHECK(err == OCOP_EIO, "refused stream: %d %s", err, ocop_error_last());
	ocop_document_free(d);

	/* options that do not fit */
	static const struct { int first; int outline; double ox; int png; int big; int nosheet; const char *msg; } bad[] = {
		/* 0 */ { 25, 0, 0, 0, 0, 0, "first position 25 is out of range: sheet a4-3x8 has positions 1 to 24" },
		/* 1 */ { 0, 0, 51, 0, 0, 0, "offset: 51,0 mm is out of range (-50 to 50)" },
		/* 2 */ { 0, 0, 0, 1, 0, 0, "a sheet layout applies to PDF output" },
		/* 3 */ { 0, 0, 0, 0, 1, 0, "template product-100x70 is 100 x 70 mm, larger than the 70 x 37 mm labels of sheet a4-3x8" },
		/* 4 */ { 0, 1, 0, 0, 0, 1, "first position, outlines, crop marks and offsets need a sheet layout" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ocop_document_options b = OCOP_DOCUMENT_OPTIONS_INIT;
		b.sheet = bad[i].nosheet ? NULL : sheet;
		b.first = bad[i].first;
		b.outline = bad[i].outline;
		b.offset_x = bad[i].ox;
		b.format = bad[i].png ? OCOP_FORMAT_PNG : OCOP_FORMAT_PDF;
		ocop_renderer *rr = bad[i].big ? renderer(big, OCOP_FORMAT_AUTO) : r;
		d = NULL;
		char *p = g_build_filename(dir, "bad.pdf", NULL);
		CHECK(ocop_document_open(&d, rr, p, &b) == OCOP_EINVAL && !d, "bad options %zu accepted", i);
		CHECK(strstr(ocop_error_last(), bad[i].msg), "bad options %zu: %s", i, ocop_error_last());
		g_free(p);
		if (rr != r)
			ocop_renderer_free(rr);
	}
	CHECK(entries(dir) == 1, "bad options leave nothing");

	/* a write that fails part-way (file size limit: EFBIG) leaves no partial file */
	struct rlimit old, lim;
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 64 * 1024;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &lim);
	char *full = g_build_filename(dir, "full.pdf", NULL);
	d = NULL;
	ocop_document_open(&d, r, full, &o);
	err = 0;
	for (int i = 0; i < 200 && err == 0; i++)
		err = ocop_document_add(NULL, d, rec, 24);
	if (err == 0)
		err = ocop_document_commit(d);
	CHECK(err == OCOP_EIO, "write beyond the size limit fails: %d", err);
	CHECK(strstr(ocop_error_last(), "full.pdf: cannot write: File too large"), "%s", ocop_error_last());
	ocop_document_free(d);
	setrlimit(RLIMIT_FSIZE, &old);
	CHECK(stat(full, &st) != 0 && entries(dir) == 1, "no partial PDF (%d entries)", entries(dir));
	g_free(full);

	/* PNG folders: appear whole at commit */
	ocop_renderer *pr = renderer(small, OCOP_FORMAT_PNG);
	char *folder = g_build_filename(dir, "pngs", NULL);
	ocop_document_options po = OCOP_DOCUMENT_OPTIONS_INIT;
	po.name_pattern = "{gtin}-{lot}";
	d = NULL;
	CHECK(ocop_document_open(&d, pr, folder, &po) == 0, "open folder: %s", ocop_error_last());
	ocop_document_add(NULL, d, rec, 3);
	CHECK(stat(folder, &st) != 0, "no folder before commit");
	CHECK(ocop_document_commit(d) == 0, "commit folder: %s", ocop_error_last());
	ocop_document_free(d);
	char *f1 = g_build_filename(folder, "8936012345674-TH2611.png", NULL), *f3 = g_build_filename(folder, "8936012345674-TH2611-3.png", NULL);
	CHECK(entries(folder) == 3 && stat(f1, &st) == 0 && stat(f3, &st) == 0, "repeated names get -2, -3");
	g_free(f1);
	g_free(f3);
	CHECK(entries(dir) == 2, "a.pdf and pngs/ only (%d entries)", entries(dir));
	/* abandoned: the staging folder goes away */
	char *folder2 = g_build_filename(dir, "pngs2", NULL);
	d = NULL;
	ocop_document_open(&d, pr, folder2, NULL);
	ocop_document_add(NULL, d, rec, 2);
	CHECK(entries(dir) == 3, "staging folder while writing");
	ocop_document_free(d);
	CHECK(entries(dir) == 2, "abandoned folder removed");
	/* an existing empty folder named with a trailing slash is filled, not nested into */
	char *slash = g_strconcat(dir, "/pngs3//", NULL), *bare = g_build_filename(dir, "pngs3", NULL);
	mkdir(bare, 0755);
	d = NULL;
	CHECK(ocop_document_open(&d, pr, slash, NULL) == 0, "open 'pngs3//': %s", ocop_error_last());
	ocop_document_add(NULL, d, rec, 2);
	CHECK(ocop_document_commit(d) == 0, "commit 'pngs3//': %s", ocop_error_last());
	ocop_document_free(d);
	CHECK(entries(bare) == 2 && entries(dir) == 3, "trailing slash: %d files, %d entries", entries(bare), entries(dir));
	g_free(slash);
	g_free(bare);
	/* a folder in a folder that does not exist: what to do, nothing made */
	char *deep = g_build_filename(dir, "no", "such", "pngs", NULL);
	d = NULL;
	CHECK(ocop_document_open(&d, pr, deep, NULL) == OCOP_EIO && !d, "missing parent");
	CHECK(strstr(ocop_error_last(), "/no/such/pngs: the folder '") &&
	      strstr(ocop_error_last(), "/no/such' does not exist; create it with mkdir -p ") &&
	      g_str_has_suffix(ocop_error_last(), "/no/such"), "%s", ocop_error_last());
	g_free(deep);
	/* a file where the folder should be */
	po.format = OCOP_FORMAT_PNG;
	d = NULL;
	CHECK(ocop_document_open(&d, pr, pdf, &po) == OCOP_EIO && !d, "a file is not a folder");
	CHECK(strstr(ocop_error_last(), "a.pdf: exists and is not a folder"), "%s", ocop_error_last());
	g_free(folder);
	g_free(folder2);
	ocop_renderer_free(pr);

	g_free(pdf);
	ocop_record_free(badrec);
	ocop_record_free(rec);
	ocop_renderer_free(r);
	ocop_sheet_free(sheet);
	ocop_template_free(small);
	ocop_template_free(big);
}

/* ocop_document_add_records: valid records added in order, invalid ones
 * skipped and counted, other errors stop the batch. */
static void test_add_records(void)
{
	ocop_template *small = NULL;
	ocop_sheet *sheet = NULL;
	ocop_template_find(&small, "small-70x37");
	ocop_sheet_find(&sheet, "a4-3x8");
	if (!small || !sheet) {
		CHECK(0, "template and sheet: %s", ocop_error_last());
		return;
	}
	ocop_renderer *r = renderer(small, OCOP_FORMAT_AUTO);
	/* g: a valid record, b: two stars (invalid), n: NULL */
	ocop_record *g[3], *b = make();
	static const char *const gtins[] = { "8936012346107", "8936012346114", "8936012346121" };
	for (int i = 0; i < 3; i++) {
		g[i] = make();
		ocop_record_set(g[i], "gtin", gtins[i], -1);
	}
	ocop_record_set(b, "stars", "2", -1);
	static const struct { const char *pattern; int refuse; int code; size_t rejected; unsigned long labels; const char *msg; } rows[] = {
		/* 0 */ { "012", 0, 0, 0, 3, NULL },
		/* 1 */ { "0b1bb2", 0, 0, 3, 3, "record 4: stars: " },
		/* 2 */ { "bbb", 0, 0, 3, 0, "record 2: stars: " },
		/* 3 */ { "", 0, 0, 0, 0, NULL },
		/* 4 */ { "0bn12", 0, OCOP_EINVAL, 1, 1, "ocop_document_add_records: record 2 is NULL" },
		/* 5 */ { "b0", 1, OCOP_EIO, 1, 1, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const ocop_record *recs[8];
		size_t n = 0;
		for (const char *p = rows[i].pattern; *p; p++)
			recs[n++] = *p == 'b' ? b : *p == 'n' ? NULL : g[*p - '0'];
		ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
		o.sheet = sheet;
		GByteArray *mem = g_byte_array_new();
		ocop_document *d = NULL;
		ocop_document_open_stream(&d, r, rows[i].refuse ? refuse : collect, mem, &o);
		size_t rejected = 99;
		int err = ocop_document_add_records(&rejected, d, recs, n);
		/* a refusing receiver may only fail when the page is written */
		if (err == 0 && rows[i].refuse)
			err = ocop_document_commit(d);
		CHECK(err == rows[i].code, "row %zu: code %d, want %d (%s)", i, err, rows[i].code, ocop_error_last());
		CHECK(rejected == rows[i].rejected, "row %zu: %zu rejected", i, rejected);
		CHECK(ocop_document_labels(d) == rows[i].labels, "row %zu: %lu labels", i, ocop_document_labels(d));
		if (rows[i].msg)
			CHECK(strstr(ocop_error_last(), rows[i].msg) == ocop_error_last(), "row %zu: message %s", i, ocop_error_last());
		ocop_document_free(d);
		g_byte_array_free(mem, TRUE);
	}
	/* the same PDF as adding the valid records one by one */
	ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
	o.sheet = sheet;
	GByteArray *a = g_byte_array_new(), *c = g_byte_array_new();
	const ocop_record *recs[] = { b, g[0], g[1], b, g[2] };
	ocop_document *d = NULL;
	ocop_document_open_stream(&d, r, collect, a, &o);
	CHECK(ocop_document_add_records(NULL, d, recs, 5) == 0, "batch: %s", ocop_error_last());
	CHECK(ocop_document_commit(d) == 0, "batch commit: %s", ocop_error_last());
	ocop_document_free(d);
	d = NULL;
	ocop_document_open_stream(&d, r, collect, c, &o);
	for (int i = 0; i < 3; i++)
		ocop_document_add(NULL, d, g[i], 1);
	CHECK(ocop_document_commit(d) == 0, "one by one commit: %s", ocop_error_last());
	ocop_document_free(d);
	CHECK(a->len == c->len && memcmp(a->data, c->data, a->len) == 0, "batch = one by one (%u vs %u bytes)", a->len, c->len);
	g_byte_array_free(a, TRUE);
	g_byte_array_free(c, TRUE);
	/* NULL arguments; a failed open leaves *out NULL */
	d = (ocop_document *)&o;
	CHECK(ocop_document_open(&d, r, NULL, &o) == OCOP_EINVAL && !d, "open without a path");
	d = (ocop_document *)&o;
	CHECK(ocop_document_open_stream(&d, r, NULL, NULL, &o) == OCOP_EINVAL && !d, "open_stream without a callback");
	size_t rej = 7;
	CHECK(ocop_document_add_records(&rej, NULL, recs, 1) == OCOP_EINVAL && rej == 0, "NULL document");
	d = NULL;
	ocop_document_open_stream(&d, r, collect, NULL, &o);
	CHECK(ocop_document_add_records(NULL, d, NULL, 1) == OCOP_EINVAL, "NULL array");
	CHECK(ocop_document_add_records(NULL, d, NULL, 0) == 0, "empty array");
	ocop_document_free(d);
	for (int i = 0; i < 3; i++)
		ocop_record_free(g[i]);
	ocop_record_free(b);
	ocop_renderer_free(r);
	ocop_sheet_free(sheet);
	ocop_template_free(small);
}

/* the rejected callback of test_tags: the tags it was given, in order */
static long seen_tags[8];
static int n_seen;
static void note_tag(void *data, long tag, const ocop_record *rec, const ocop_diags *diags)
{
	(void)data, (void)rec, (void)diags;
	if (n_seen < 8)
		seen_tags[n_seen++] = tag;
}

/* ocop_document_add_tagged()'s tag belongs to that record only: a later untagged record refused
 * while drawing is reported with tag 0 (the tag used to stay on the document). */
static void test_tags(void)
{
	ocop_template *t = NULL;
	ocop_template_find(&t, "thermal-100x50");
	if (!t) {
		CHECK(0, "thermal-100x50: %s", ocop_error_last());
		return;
	}
	ocop_renderer *r = renderer(t, OCOP_FORMAT_PDF);
	ocop_record *good = make(), *longer = make();
	/* an address that passes validation but does not fit its box at the smallest size */
	GString *addr = g_string_new(NULL);
	for (int i = 0; i < 3; i++)
		g_string_append(addr, "Thôn Khe Tâm rất xa, xóm Đồng Tâm, bản Khe Lạc, cạnh suối Khe Mằn, ");
	g_string_append(addr, "xã Thanh Lâm");
	ocop_record_set(longer, "address", addr->str, -1);
	g_string_free(addr, TRUE);
	for (int jobs = 0; jobs <= 3; jobs += 3) {
		ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
		o.rejected = note_tag;
		o.jobs = jobs;
		GByteArray *mem = g_byte_array_new();
		ocop_document *d = NULL;
		n_seen = 0;
		ocop_document_open_stream(&d, r, collect, mem, &o);
		CHECK(ocop_document_add_tagged(NULL, d, longer, 1, 7) == 0, "tagged: %s", ocop_error_last());
		CHECK(ocop_document_add_tagged(NULL, d, good, 1, 8) == 0, "tagged good: %s", ocop_error_last());
		CHECK(ocop_document_add(NULL, d, longer, 1) == 0, "untagged: %s", ocop_error_last());
		CHECK(ocop_document_commit(d) == 0, "commit: %s", ocop_error_last());
		CHECK(n_seen == 2 && seen_tags[0] == 7 && seen_tags[1] == 0, "jobs %d: %d refusals, tags %ld %ld", jobs, n_seen,
		      seen_tags[0], seen_tags[1]);
		CHECK(ocop_document_labels(d) == 1, "jobs %d: %lu labels", jobs, ocop_document_labels(d));
		ocop_document_free(d);
		g_byte_array_free(mem, TRUE);
	}
	ocop_record_free(good);
	ocop_record_free(longer);
	ocop_renderer_free(r);
	ocop_template_free(t);
}

/* the defaults: OCOP_DOCUMENT_OPTIONS_INIT, ocop_document_options_init() and a zeroed struct with
 * its version set are the same options and give the same PDF */
static void test_option_defaults(void)
{
	ocop_document_options a = OCOP_DOCUMENT_OPTIONS_INIT, b, c;
	memset(&b, 0x5a, sizeof b);
	CHECK(ocop_document_options_init(&b, OCOP_DOCUMENT_OPTIONS_VERSION) == 0, "options_init: %s", ocop_error_last());
	memset(&c, 0, sizeof c);
	c.version = OCOP_DOCUMENT_OPTIONS_VERSION;
	/* member by member (padding bytes may differ) */
	const ocop_document_options *v[3] = { &a, &b, &c };
	for (int i = 0; i < 3; i++)
		CHECK(v[i]->version == OCOP_DOCUMENT_OPTIONS_VERSION && v[i]->format == OCOP_FORMAT_AUTO && !v[i]->sheet &&
		      !v[i]->first && !v[i]->outline && !v[i]->crop_marks && v[i]->offset_x == 0 && v[i]->offset_y == 0 &&
		      !v[i]->name_pattern && !v[i]->overwrite && !v[i]->title && !v[i]->serialize && !v[i]->serial_start &&
		      !v[i]->serial_format && !v[i]->first_number && !v[i]->jobs && !v[i]->rejected && !v[i]->payload,
		      "options %d are the defaults", i);
	CHECK(ocop_document_options_init(&b, 99) == OCOP_EINVAL, "unknown version refused");
	CHECK(ocop_document_options_init(NULL, OCOP_DOCUMENT_OPTIONS_VERSION) == OCOP_EINVAL, "NULL refused");
	ocop_template *t = NULL;
	ocop_template_find(&t, "small-70x37");
	ocop_renderer *r = t ? renderer(t, OCOP_FORMAT_PDF) : NULL;
	ocop_record *rec = make();
	GByteArray *out[2] = { g_byte_array_new(), g_byte_array_new() };
	const ocop_document_options *opts[2] = { &a, &c };
	for (int i = 0; i < 2 && r; i++) {
		ocop_document *d = NULL;
		CHECK(ocop_document_open_stream(&d, r, collect, out[i], opts[i]) == 0, "open %d: %s", i, ocop_error_last());
		ocop_document_add(NULL, d, rec, 3);
		CHECK(ocop_document_commit(d) == 0, "commit %d: %s", i, ocop_error_last());
		ocop_document_free(d);
	}
	CHECK(out[0]->len > 0 && out[0]->len == out[1]->len && memcmp(out[0]->data, out[1]->data, out[0]->len) == 0,
	      "zeroed options give the default PDF");
	g_byte_array_free(out[0], TRUE);
	g_byte_array_free(out[1], TRUE);
	ocop_record_free(rec);
	ocop_renderer_free(r);
	ocop_template_free(t);
}

int main(void)
{
	char tmpl[] = "/tmp/ocop-doc-XXXXXX";
	char *dir = mkdtemp(tmpl);
	test_safe_names();
	test_sheets(dir);
	char *sini = g_build_filename(dir, "s.ini", NULL);
	unlink(sini);
	g_free(sini);
	test_documents(dir);
	test_add_records();
	test_tags();
	test_option_defaults();
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		perror("rm");
	g_free(cmd);
	return t_done("test_document");
}
