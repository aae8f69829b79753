/* ocoplabel tests — rendering on 4 threads at once, with their own or shared templates, gives the bytes of the same labels rendered on one thread. */
#include <ocoplabel/ocoplabel.h>
#include "testutil.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define N_THREADS 4
#define ROUNDS 3

/* One thread's work: its own template, sheet, renderer and records. */
typedef struct job {
	const char *template_name;
	const char *sheet_name; /* the multi-label document's sheet, or NULL for one label per page */
	double dpi;
	const char *fields[9][2];
	const char *bad_field[2]; /* a change that makes the record invalid, for the thread-local error */
	const char *want_error;   /* ocop_error_last() after validating the invalid record */
} job;

static const job jobs[N_THREADS] = {
	/* 0 */ { "small-70x37", "a4-3x8", 300,
		  { { "name", "Trà hoa vàng Ba Chẽ" }, { "producer", "HTX Trà hoa vàng Ba Chẽ" },
		    { "address", "Xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh" }, { "stars", "5" },
		    { "gtin", "8936012346107" }, { "growing_area", "VN-QNOR-0012" }, { "packing_facility", "VN-QNPH-003" },
		    { "lot", "TH2611" } },
		  { "stars", "2" }, "stars: " },
	/* 1 */ { "product-100x70", NULL, 203,
		  { { "name", "Miến dong Bình Liêu" }, { "producer", "HTX Miến dong Bình Liêu" },
		    { "address", "Thị trấn Bình Liêu, huyện Bình Liêu, tỉnh Quảng Ninh" }, { "stars", "4" },
		    { "gtin", "8936012346114" }, { "growing_area", "VN-QNOR-0031" }, { "packing_facility", "VN-QNPH-005" },
		    { "net_quantity", "500 g" }, { "production_date", "20/10/2026" } },
		  { "gtin", "8936012346115" }, "gtin: " },
	/* 2 */ { "small-70x37", NULL, 600,
		  { { "name", "Ruốc hàu Vân Đồn" }, { "producer", "Công ty TNHH Thương mại Vân Đồn Xanh" },
		    { "address", "Xã Hạ Long, huyện Vân Đồn, tỉnh Quảng Ninh" }, { "stars", "3" },
		    { "gtin", "8936012346121" }, { "growing_area", "VN-QNOR-0047" }, { "packing_facility", "VN-QNPH-007" } },
		  { "growing_area", "VN QN 47" }, "growing_area: " },
	/* 3 */ { "product-100x70", "a4-2x4", 300,
		  { { "name", "Chả mực Hạ Long" }, { "producer", "Công ty CP Chả mực Hạ Long" },
		    { "address", "Phường Hồng Gai, thành phố Hạ Long, tỉnh Quảng Ninh" }, { "stars", "5" },
		    { "gtin", "8936012346138" }, { "growing_area", "VN-QNOR-0052" }, { "packing_facility", "VN-QNPH-001" },
		    { "lot", "CM2611" }, { "expiry_date", "25/05/2027" } },
		  { "name", "" }, "name: " },
};

/* What a job made; a failure is kept as a message, as CHECK is not thread-safe. */
typedef struct result {
	unsigned char *png, *pdf;
	size_t png_len, pdf_len;
	unsigned char *doc;
	size_t doc_len, doc_cap;
	char error[512];      /* the first failure, empty when none */
	char last_error[512]; /* ocop_error_last() after the invalid record */
} result;

static pthread_barrier_t start;

static int collect(void *payload, const unsigned char *data, size_t len)
{
	result *res = payload;
	if (res->doc_len + len > res->doc_cap) {
		size_t cap = (res->doc_len + len) * 2;
		unsigned char *p = realloc(res->doc, cap);
		if (!p)
			return -1;
		res->doc = p;
		res->doc_cap = cap;
	}
	memcpy(res->doc + res->doc_len, data, len);
	res->doc_len += len;
	return 0;
}

static void release(result *res)
{
	free(res->png);
	free(res->pdf);
	free(res->doc);
	memset(res, 0, sizeof *res);
}

#define FAIL(...) do { if (!res->error[0]) snprintf(res->error, sizeof res->error, __VA_ARGS__); goto done; } while (0)

/* Renders job j from scratch: a PNG and a PDF in memory, and a document of
 * three labels (two copies and a variant with another lot) through a stream.
 * With shared_t, the template and sheet loaded once for all threads are used
 * instead of the job's own. */
static void run_job(const job *j, result *res, const ocop_template *shared_t, const ocop_sheet *shared_sheet)
{
	ocop_template *own_t = NULL;
	ocop_sheet *own_sheet = NULL;
	const ocop_template *t = shared_t;
	const ocop_sheet *sheet = shared_sheet;
	ocop_renderer *png_r = NULL, *pdf_r = NULL;
	ocop_record *rec = NULL, *other = NULL, *bad = NULL;
	ocop_document *doc = NULL;
	int err;
	release(res);
	if (!shared_t) {
		if ((err = ocop_template_find(&own_t, j->template_name)) < 0)
			FAIL("template: %s", ocop_error_last());
		if (j->sheet_name && (err = ocop_sheet_find(&own_sheet, j->sheet_name)) < 0)
			FAIL("sheet: %s", ocop_error_last());
		t = own_t;
		sheet = own_sheet;
	}
	ocop_record_new(&rec);
	ocop_record_new(&other);
	ocop_record_new(&bad);
	for (size_t i = 0; i < 9 && j->fields[i][0]; i++) {
		ocop_record_set(rec, j->fields[i][0], j->fields[i][1], -1);
		ocop_record_set(other, j->fields[i][0], j->fields[i][1], -1);
		ocop_record_set(bad, j->fields[i][0], j->fields[i][1], -1);
	}
	ocop_record_set(other, "lot", "X1", -1);
	ocop_record_set(bad, j->bad_field[0], j->bad_field[1], -1);

	ocop_render_options o = OCOP_RENDER_OPTIONS_INIT;
	o.today = "2026-11-29";
	o.format = OCOP_FORMAT_PNG;
	o.dpi = j->dpi;
	if ((err = ocop_renderer_new(&png_r, t, &o)) < 0)
		FAIL("PNG renderer: %s", ocop_error_last());
	o.format = OCOP_FORMAT_PDF;
	if ((err = ocop_renderer_new(&pdf_r, t, &o)) < 0)
		FAIL("PDF renderer: %s", ocop_error_last());
	if ((err = ocop_renderer_render_mem(&res->png, &res->png_len, png_r, rec)) < 0)
		FAIL("PNG: %s", ocop_error_last());
	if ((err = ocop_renderer_render_mem(&res->pdf, &res->pdf_len, pdf_r, rec)) < 0)
		FAIL("PDF: %s", ocop_error_last());

	ocop_document_options dopt = OCOP_DOCUMENT_OPTIONS_INIT;
	dopt.sheet = sheet;
	dopt.title = j->fields[0][1];
	if ((err = ocop_document_open_stream(&doc, pdf_r, collect, res, &dopt)) < 0)
		FAIL("document: %s", ocop_error_last());
	if ((err = ocop_document_add(NULL, doc, rec, 2)) < 0 || (err = ocop_document_add(NULL, doc, other, 1)) < 0)
		FAIL("add: %s", ocop_error_last());
	if ((err = ocop_document_commit(doc)) < 0)
		FAIL("commit: %s", ocop_error_last());

	/* the message of a failure stays with the thread that failed */
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = "2026-11-29";
	if (ocop_record_validate(NULL, bad, &vo) != OCOP_EREJECTED)
		FAIL("the invalid record was accepted");
	snprintf(res->last_error, sizeof res->last_error, "%s", ocop_error_last());
done:
	ocop_document_free(doc);
	ocop_renderer_free(png_r);
	ocop_renderer_free(pdf_r);
	ocop_record_free(rec);
	ocop_record_free(other);
	ocop_record_free(bad);
	ocop_sheet_free(own_sheet);
	ocop_template_free(own_t);
}

/* Templates and sheets are immutable: loaded once, shared by every thread. */
static ocop_template *shared_t[N_THREADS];
static ocop_sheet *shared_sheet[N_THREADS];

typedef struct worker {
	int index;
	result rounds[2][ROUNDS]; /* [0]: own templates, [1]: the shared ones */
} worker;

static void *thread_main(void *arg)
{
	worker *w = arg;
	pthread_barrier_wait(&start);
	for (int shared = 0; shared < 2; shared++)
		for (int k = 0; k < ROUNDS; k++) {
			/* job of thread i in round k: (i + k) mod 4, so a job meets each of the others */
			int j = (w->index + k) % N_THREADS;
			run_job(&jobs[j], &w->rounds[shared][k], shared ? shared_t[j] : NULL, shared ? shared_sheet[j] : NULL);
		}
	return NULL;
}

static int same(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	return a && b && alen == blen && memcmp(a, b, alen) == 0;
}

int main(void)
{
	/* single-threaded reference */
	result ref[N_THREADS];
	memset(ref, 0, sizeof ref);
	for (int i = 0; i < N_THREADS; i++) {
		run_job(&jobs[i], &ref[i], NULL, NULL);
		CHECK(!ref[i].error[0], "job %d alone: %s", i, ref[i].error);
		CHECK(ref[i].png_len > 1000 && ref[i].pdf_len > 1000 && ref[i].doc_len > 1000, "job %d: output sizes", i);
		CHECK(strstr(ref[i].last_error, jobs[i].want_error) == ref[i].last_error, "job %d: error %s", i, ref[i].last_error);
	}
	/* the labels differ from each other, so a mix-up between threads would show */
	for (int i = 0; i < N_THREADS; i++)
		for (int k = i + 1; k < N_THREADS; k++)
			CHECK(!same(ref[i].png, ref[i].png_len, ref[k].png, ref[k].png_len) &&
			      !same(ref[i].pdf, ref[i].pdf_len, ref[k].pdf, ref[k].pdf_len), "jobs %d and %d differ", i, k);

	for (int i = 0; i < N_THREADS; i++) {
		CHECK(ocop_template_find(&shared_t[i], jobs[i].template_name) == 0, "shared template %d", i);
		CHECK(!jobs[i].sheet_name || ocop_sheet_find(&shared_sheet[i], jobs[i].sheet_name) == 0, "shared sheet %d", i);
	}
	static worker w[N_THREADS];
	pthread_t th[N_THREADS];
	pthread_barrier_init(&start, NULL, N_THREADS);
	for (int i = 0; i < N_THREADS; i++) {
		w[i].index = i;
		CHECK(pthread_create(&th[i], NULL, thread_main, &w[i]) == 0, "thread %d", i);
	}
	for (int i = 0; i < N_THREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);

	for (int i = 0; i < N_THREADS; i++) {
		for (int r = 0; r < 2 * ROUNDS; r++) {
			int k = r % ROUNDS, j = (i + k) % N_THREADS;
			result *got = &w[i].rounds[r / ROUNDS][k];
			CHECK(!got->error[0], "thread %d round %d (job %d%s): %s", i, k, j, r >= ROUNDS ? ", shared template" : "", got->error);
			CHECK(same(got->png, got->png_len, ref[j].png, ref[j].png_len), "thread %d round %d: PNG of job %d differs (%zu vs %zu bytes)",
			      i, r, j, got->png_len, ref[j].png_len);
			CHECK(same(got->pdf, got->pdf_len, ref[j].pdf, ref[j].pdf_len), "thread %d round %d: PDF of job %d differs (%zu vs %zu bytes)",
			      i, r, j, got->pdf_len, ref[j].pdf_len);
			CHECK(same(got->doc, got->doc_len, ref[j].doc, ref[j].doc_len), "thread %d round %d: document of job %d differs (%zu vs %zu bytes)",
			      i, r, j, got->doc_len, ref[j].doc_len);
			CHECK_STR(got->last_error, ref[j].last_error, "thread-local error message");
			release(got);
		}
	}
	for (int i = 0; i < N_THREADS; i++) {
		release(&ref[i]);
		ocop_template_free(shared_t[i]);
		ocop_sheet_free(shared_sheet[i]);
	}
	return t_done("test_threads");
}
