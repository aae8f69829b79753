/* ocoplabel tests — the batch job: file and stream give the same PDF, callbacks in row order, check mode, numbering by row position and shards, stopping, the report. */
#include "ocoplabel/ocoplabel.h"
#include <glib.h>
#include "testutil.h"
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define HDR "name,producer,address,stars,gtin,growing_area,packing_facility,copies\n"
/* rows 1..5: good (2 copies), 2 stars (1), unreadable, good (1), good (3) */
static const char products[] = HDR
	"Trà hoa vàng,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,2\n"
	"Gà đồi,HTX Gà,Tiên Yên,2,8936012346145,VN-QNOR-0090,VN-QNPH-008,1\n"
	"Khoai sọ,HTX Bình Liêu,Bình Liêu,4\n"
	"Miến dong,HTX Miến,Bình Liêu,4,8936012346114,VN-QNOR-0031,VN-QNPH-005,1\n"
	"Ruốc hàu,HTX Vân Đồn,Vân Đồn,3,8936012346121,VN-QNOR-0047,VN-QNPH-007,3\n";

typedef struct seen {
	GString *events;   /* "R3 " rejected at line 3, "P5:S5 " label 5 with serial 5, ... */
	int stop_at;       /* progress returns 7 before this row (1-based), 0: never */
	int calls;
} seen;

static int on_progress(void *data, const ocop_batch_progress *p)
{
	seen *s = data;
	s->calls++;
	return s->stop_at && !p->checking && (int)p->rows + 1 >= s->stop_at ? 7 : 0;
}

static void on_rejected(void *data, const ocop_batch_row *row)
{
	seen *s = data;
	const ocop_diag *d = ocop_diags_get(row->diags, 0);
	g_string_append_printf(s->events, "R%zu:%s:%lu ", row->line, d ? d->field : "?", row->first_number);
}

static void on_placed(void *data, const ocop_batch_label *l)
{
	seen *s = data;
	g_string_append_printf(s->events, "P%lu:%s ", l->number, l->serial ? l->serial : "-");
}

static int collect(void *payload, const unsigned char *data, size_t len)
{
	g_byte_array_append(payload, data, (guint)len);
	return 0;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	if (d)
		closedir(d);
	return n;
}

/* stops after a number of calls: the 1,000,000 copies of a row are stopped within the row */
static int stop_after(void *data)
{
	seen *s = data;
	return ++s->calls > 50;
}

static ocop_batch_options options(seen *s)
{
	ocop_batch_options o = OCOP_BATCH_OPTIONS_INIT;
	o.progress = on_progress;
	o.rejected = on_rejected;
	o.placed = on_placed;
	o.payload = s;
	return o;
}

int main(void)
{
	char tmpl[] = "/tmp/ocop-batch-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *csv = g_build_filename(dir, "p.csv", NULL), *pdf = g_build_filename(dir, "p.pdf", NULL);
	char *report = g_build_filename(dir, "r.csv", NULL);
	g_file_set_contents(csv, products, -1, NULL);
	ocop_template *t = NULL;
	ocop_template_find(&t, "small-70x37");
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	ro.format = OCOP_FORMAT_PDF;
	ro.today = "2026-11-29";
	ocop_renderer *r = NULL;
	CHECK(t && ocop_renderer_new(&r, t, &ro) == 0, "renderer: %s", ocop_error_last());
	if (!r)
		return t_done("test_batch");

	/* 0: defaults: INIT, options_init() and a zeroed struct with its version */
	ocop_batch_options a = OCOP_BATCH_OPTIONS_INIT, b;
	CHECK(ocop_batch_options_init(&b, OCOP_BATCH_OPTIONS_VERSION) == 0 && b.version == a.version &&
	      b.reader.version == OCOP_READER_OPTIONS_VERSION && b.document.version == OCOP_DOCUMENT_OPTIONS_VERSION &&
	      !b.report && !b.strict && !b.shards && !b.progress, "options_init");
	CHECK(ocop_batch_options_init(&b, OCOP_BATCH_OPTIONS_VERSION + 1) == OCOP_EINVAL, "unknown version");

	/* 1: a file run and a stream run of the same rows: the same bytes, the same events */
	seen s1 = { g_string_new(NULL), 0, 0 }, s2 = { g_string_new(NULL), 0, 0 };
	ocop_batch_options o = options(&s1);
	o.report = report;
	ocop_batch *job = NULL;
	CHECK(ocop_batch_new(&job, r, csv, &o) == 0, "new: %s", ocop_error_last());
	CHECK(ocop_batch_run(job, pdf) == 0, "run: %s", ocop_error_last());
	const ocop_batch_counts *c = ocop_batch_get_counts(job);
	CHECK(c->rows == 5 && c->valid == 3 && c->rejected == 2 && c->labels == 6 && c->pages == 6 && c->written,
	      "counts %lu %lu %lu %lu %lu %d", c->rows, c->valid, c->rejected, c->labels, c->pages, c->written);
	/* numbers by row position: row 2 (line 3) keeps 3, the unreadable row 3 (one default copy) keeps 4 */
	CHECK_STR(s1.events->str, "P1:- P2:- R3:stars:3 R4:row:4 P5:- P6:- P7:- P8:- ", "file run events");
	CHECK(s1.calls == 5, "progress before each row: %d", s1.calls);
	ocop_batch_free(job);
	gchar *report_text = NULL;
	g_file_get_contents(report, &report_text, NULL, NULL);
	CHECK(report_text && g_str_has_prefix(report_text, "\xEF\xBB\xBFline,field,message,name\r\n3,stars,") &&
	      strstr(report_text, "\r\n4,row,\"4 fields, but the header has 8"), "report: %s", report_text);
	g_free(report_text);
	o = options(&s2);
	GByteArray *mem = g_byte_array_new();
	job = NULL;
	ocop_batch_new(&job, r, csv, &o);
	CHECK(ocop_batch_run_stream(job, collect, mem) == 0, "stream run: %s", ocop_error_last());
	ocop_batch_free(job);
	gchar *file = NULL;
	gsize flen = 0;
	g_file_get_contents(pdf, &file, &flen, NULL);
	CHECK(file && flen == mem->len && memcmp(file, mem->data, flen) == 0, "stream = file (%zu vs %u bytes)", (size_t)flen,
	      mem->len);
	CHECK_STR(s2.events->str, s1.events->str, "stream run events");
	g_free(file);
	g_byte_array_free(mem, TRUE);

	/* 2: check only: the same verdicts, nothing placed, nothing written */
	g_string_truncate(s1.events, 0);
	o = options(&s1);
	job = NULL;
	ocop_batch_new(&job, r, csv, &o);
	CHECK(ocop_batch_check(job) == 0, "check: %s", ocop_error_last());
	c = ocop_batch_get_counts(job);
	CHECK(c->rows == 5 && c->valid == 3 && c->rejected == 2 && !c->written && !c->labels, "check counts");
	CHECK(strcmp(s1.events->str, "R3:stars:3 R4:row:4 ") == 0, "check events: %s", s1.events->str);
	CHECK(ocop_batch_check(job) == OCOP_EINVAL, "a job runs once");
	ocop_batch_free(job);

	/* 3: serialised shards: each part's labels have the numbers and serials of the whole run */
	GString *whole = NULL, *parts = g_string_new(NULL);
	for (unsigned long k = 0; k <= 3; k++) {
		seen s = { g_string_new(NULL), 0, 0 };
		o = options(&s);
		o.rejected = NULL;
		o.document.serialize = 1;
		o.document.serial_start = 41;
		o.shard = k;
		o.shards = k ? 3 : 0;
		GByteArray *m = g_byte_array_new();
		job = NULL;
		CHECK(ocop_batch_new(&job, r, csv, &o) == 0, "shard %lu: %s", k, ocop_error_last());
		CHECK(ocop_batch_run_stream(job, collect, m) == 0, "shard %lu run: %s", k, ocop_error_last());
		c = ocop_batch_get_counts(job);
		if (k == 3)
			CHECK(c->first_row == 4 && c->last_row == 5 && c->first_number == 5 && c->first_serial == 45 &&
			      c->next_serial == 49, "part 3: rows %lu-%lu from %lu, serials %llu-%llu", c->first_row, c->last_row,
			      c->first_number, c->first_serial, c->next_serial);
		if (k == 0)
			whole = s.events;
		else {
			g_string_append(parts, s.events->str);
			g_string_free(s.events, TRUE);
		}
		ocop_batch_free(job);
		g_byte_array_free(m, TRUE);
	}
	CHECK_STR(whole->str, "P1:41 P2:42 P5:45 P6:46 P7:47 P8:48 ", "serialised whole run");
	CHECK_STR(parts->str, whole->str, "the parts are the whole run");
	g_string_free(whole, TRUE);
	g_string_free(parts, TRUE);

	/* 4: stopped by the progress callback before row 4 (after a rejected row): its value back, nothing
	 * left, with a CSV report or a workbook */
	char *pdf2 = g_build_filename(dir, "stopped.pdf", NULL), *report2 = g_build_filename(dir, "stopped.csv", NULL);
	char *report3 = g_build_filename(dir, "stopped.xlsx", NULL);
	int before = entries(dir);
	for (int i = 0; i < 2; i++) {
		g_string_truncate(s1.events, 0);
		s1.stop_at = 4;
		s1.calls = 0;
		o = options(&s1);
		o.report = i ? report3 : report2;
		job = NULL;
		ocop_batch_new(&job, r, csv, &o);
		CHECK(ocop_batch_run(job, pdf2) == 7, "stopped run returns the callback's value (%s)", o.report);
		ocop_batch_free(job);
		CHECK(entries(dir) == before, "a stopped run leaves nothing (%s: %d entries, %d before)", o.report,
		      entries(dir), before);
	}

	/* 5: stopped by the cancelled callback in a row of 1,000,000 copies, in PDF, serialised PDF and PNG:
	 * OCOP_ECANCELED after about 50 labels (not the row's million), nothing left */
	char *big = g_build_filename(dir, "big.csv", NULL), *pngdir = g_build_filename(dir, "png", NULL);
	g_file_set_contents(big, HDR "Trà hoa vàng,HTX Trà,Ba Chẽ,5,8936012346107,VN-QNOR-0012,VN-QNPH-003,1000000\n", -1, NULL);
	before = entries(dir);
	for (int i = 0; i < 3; i++) {
		seen s = { g_string_new(NULL), 0, 0 };
		ocop_batch_options_init(&o, OCOP_BATCH_OPTIONS_VERSION);
		o.placed = on_placed;
		o.cancelled = stop_after;
		o.payload = &s;
		o.document.serialize = i == 1;
		o.document.format = i == 2 ? OCOP_FORMAT_PNG : OCOP_FORMAT_AUTO;
		job = NULL;
		CHECK(ocop_batch_new(&job, r, big, &o) == 0, "new: %s", ocop_error_last());
		int rc = ocop_batch_run(job, i == 2 ? pngdir : pdf2);
		CHECK(rc == OCOP_ECANCELED && strcmp(ocop_error_code(), "cancelled") == 0, "case %d: stopped: %d %s", i, rc,
		      ocop_error_last());
		unsigned placed = 0;
		for (const char *p = s.events->str; (p = strchr(p, 'P')); p++)
			placed++;
		CHECK(placed < 60 && !ocop_batch_get_counts(job)->written, "case %d: %u labels placed before the stop", i, placed);
		ocop_batch_free(job);
		CHECK(entries(dir) == before, "case %d: a cancelled run leaves nothing (%d entries, %d before)", i, entries(dir),
		      before);
		g_string_free(s.events, TRUE);
	}
	/* 5b: the output's bytes bounded (max_bytes): PDF, SVG and PNG files stop with OCOP_ELIMIT at the
	 * label that would pass 200 KB, naming the limit; nothing left */
	for (int i = 0; i < 3; i++) {
		ocop_batch_options_init(&o, OCOP_BATCH_OPTIONS_VERSION);
		o.document.max_bytes = 200000;
		o.document.format = i == 0 ? OCOP_FORMAT_PDF : i == 1 ? OCOP_FORMAT_SVG : OCOP_FORMAT_PNG;
		o.max_labels = 2000000;
		char *to = g_build_filename(dir, i == 0 ? "cap.pdf" : i == 1 ? "capsvg" : "cap", NULL);
		job = NULL;
		CHECK(ocop_batch_new(&job, r, big, &o) == 0, "new: %s", ocop_error_last());
		int rc = job ? ocop_batch_run(job, to) : -1;
		CHECK(rc == OCOP_ELIMIT && strstr(ocop_error_last(), "pass 200000 bytes") &&
		      strstr(ocop_error_last(), "nothing was written"), "max_bytes %d: %d %s", i, rc, ocop_error_last());
		CHECK(!job || !ocop_batch_get_counts(job)->written, "max_bytes %d: nothing counted as written", i);
		ocop_batch_free(job);
		CHECK(entries(dir) == before, "max_bytes %d: nothing left (%d entries, %d before)", i, entries(dir), before);
		g_free(to);
	}
	g_free(big);
	g_free(pngdir);

	/* 6: bad options */
	o = options(&s1);
	o.shard = 4;
	o.shards = 3;
	job = (ocop_batch *)&o;
	CHECK(ocop_batch_new(&job, r, csv, &o) == OCOP_EINVAL && !job, "shard 4/3 refused");
	o = options(&s1);
	o.report = csv;
	CHECK(ocop_batch_new(&job, r, csv, &o) == OCOP_EINVAL && strstr(ocop_error_last(), "is the product file itself"),
	      "a report over the product file refused");
	o = options(&s1);
	memset(&o, 0, sizeof o);
	o.version = OCOP_BATCH_OPTIONS_VERSION;
	CHECK(ocop_batch_new(&job, r, csv, &o) == 0, "zeroed options with a version: %s", ocop_error_last());
	CHECK(ocop_batch_check(job) == 0 && ocop_batch_get_counts(job)->valid == 3, "zeroed options check");
	ocop_batch_free(job);
	job = NULL;
	ocop_batch_new(&job, r, "/nonexistent/p.csv", NULL);
	CHECK(ocop_batch_run(job, pdf2) == OCOP_ENOENT && strstr(ocop_error_last(), "cannot open"), "missing file: %s",
	      ocop_error_last());
	ocop_batch_free(job);

	g_string_free(s1.events, TRUE);
	g_string_free(s2.events, TRUE);
	g_free(pdf2);
	g_free(report2);
	g_free(report3);
	ocop_renderer_free(r);
	ocop_template_free(t);
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		perror("rm");
	g_free(cmd);
	g_free(csv);
	g_free(pdf);
	g_free(report);
	return t_done("test_batch");
}
