/* ocoplabel — the ordered label pipeline: records drawn by worker threads (or inline), handed back for placing in submission order. */
#include "document.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* a label's bytes (a print job's or an image file's) are given room for as many as the last label of the same
 * thread had, so that they are not grown again and again (at most this much: a label of a much longer text
 * grows as before) */
#define OCOP_BYTES_HINT_MAX (1024 * 1024)

/* Every call that documents make into the renderer is in this file (the
 * renderer's internals may change; one place to follow them). */

static ocop_job stop_job; /* tells a worker to end */
#define PLACE_AT_ONCE 32   /* jobs the placing thread waits for when the ring is full (of 64) */

int ocop_pipeline_prepare(ocop_pipeline *p, const ocop_record *rec, double px_per_mm, char **url, ocop_diags **diags)
{
	return ocop_renderer_prepare(p->r, rec, px_per_mm, url, diags);
}

int ocop_pipeline_layout(ocop_pipeline *p, const ocop_record *rec, const char *url, double px_per_mm)
{
	return ocop_render_layout(NULL, p->r, rec, url, px_per_mm, 0);
}

int ocop_pipeline_paint(ocop_pipeline *p, cairo_t *cr, const ocop_job *jb)
{
	return ocop_paint_cairo(p->r, cr, jb->plan);
}

int ocop_pipeline_job_begin(ocop_pipeline *p, ocop_sink *s)
{
	return ocop_printjob_begin(p->r, s);
}

void ocop_pipeline_pdf_metadata(ocop_pipeline *p, cairo_surface_t *pdf, const char *title)
{
	ocop_pdf_metadata(pdf, p->r, title);
}

bool ocop_pipeline_pdf_writer(ocop_pipeline *p, ocop_pdf **out, ocop_sink *s, double w, double h, const char *title)
{
	*out = NULL;
	if (!ocop_pdf_can_draw(p->r))
		return false;
	char date[32], subject[96];
	ocop_pdf_facts(p->r, date, subject);
	ocop_pdf_info info = { title, OCOP_PDF_CREATOR, subject, date };
	ocop_pdf_new(out, s, w, h, &info);
	p->pdf = *out; /* (before any job: the workers read it after taking their first) */
	return true;
}

int ocop_pipeline_pdf_place(ocop_pipeline *p, ocop_job *jb, double x, double y)
{
	return ocop_pdf_place(p->pdf, jb->content, x, y);
}

int ocop_pipeline_pdf_form(ocop_pipeline *p, ocop_job *jb)
{
	return ocop_pdf_form(p->pdf, jb->content, ocop_renderer_template(p->r)->width, ocop_renderer_template(p->r)->height);
}

/* Draws a job with renderer r: any thread, touching nothing but the job, r and the PDF writer's fonts. */
static void run_job(ocop_renderer *r, ocop_format fmt, ocop_pdf *pdf, ocop_job *jb, size_t *hint)
{
	if (fmt == OCOP_FORMAT_PDF && pdf) {
		/* laid out and written as PDF operators here; placed on the page, in order, by the placing thread */
		jb->err = ocop_render_layout(&jb->plan, r, jb->rec, jb->url, 0, OCOP_PLAN_RUNS);
		if (jb->err == 0) {
			ocop_plan_detach(jb->plan); /* (the writer shows the glyph runs of texts) */
			jb->content = ocop_pdf_content_new();
			jb->err = ocop_pdf_label(pdf, jb->content, r, jb->plan);
		}
		ocop_plan_free(jb->plan);
		jb->plan = NULL;
	} else if (fmt == OCOP_FORMAT_PDF) {
		/* laid out here; painted on the page, in order, by the placing thread: straight onto the page, not
		 * as a recording placed there (cairo would write each as a form of its own, an object and a stream
		 * per label, and keep an entry per form until the document ends) */
		jb->err = ocop_render_layout(&jb->plan, r, jb->rec, jb->url, 0, OCOP_PLAN_RUNS);
		ocop_plan_detach(jb->plan); /* no Pango object of this thread's renderer goes to the placing thread */
	} else {
		jb->bytes = g_byte_array_sized_new((guint)MIN(*hint, OCOP_BYTES_HINT_MAX));
		ocop_sink sink = { .mem = jb->bytes };
		/* a print job: the label's commands, its copies as the printer's own count (the job's settings come
		 * first, once); else the label's file */
		jb->err = fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL
		                  ? ocop_printjob_label(r, jb->rec, jb->url, jb->copies, &sink)
		                  : ocop_render_to_sink(r, jb->rec, jb->url, fmt, &sink);
		*hint = jb->bytes->len;
	}
	if (jb->err < 0) {
		jb->msg = g_strdup(ocop_error_last());
		jb->diags = ocop_diags_alloc();
		ocop_diags_add_last_error(jb->diags);
	}
}

static void job_free(ocop_job *jb)
{
	if (!jb)
		return;
	ocop_record_free(jb->rec);
	free(jb->url);
	ocop_plan_free(jb->plan);
	ocop_pdf_content_free(jb->content);
	if (jb->bytes)
		g_byte_array_free(jb->bytes, TRUE);
	g_free(jb->msg);
	ocop_diags_free(jb->diags);
	g_free(jb);
}

typedef struct worker_arg {
	ocop_pipeline *p;
	ocop_renderer *r;
	const char *language; /* the starting thread's chosen language (NULL: the process's) */
	size_t hint;          /* the bytes of the last label this worker drew */
} worker_arg;

/* The thread that places the labels in order (and writes a PDF's pages) is the pipeline's serial part: with
 * as many workers as cores, a worker that took a core from it would slow the whole run. So the workers run
 * a few steps nicer than it and yield to it when the cores are busy (Linux: nice is per thread). */
static void yield_to_placer(void)
{
#ifdef __linux__
	id_t tid = (id_t)syscall(SYS_gettid);
	errno = 0;
	int nice = getpriority(PRIO_PROCESS, tid);
	if (nice != -1 || errno == 0)
		(void)setpriority(PRIO_PROCESS, tid, MIN(nice + 4, 19));
#endif
}

static gpointer worker_main(gpointer data)
{
	worker_arg *wa = data;
	ocop_pipeline *p = wa->p;
	yield_to_placer();
	/* refusals and warnings of labels drawn here speak the language of the thread that made the document
	 * (a server's request), not the process's */
	ocop_language_set(wa->language);
	for (;;) {
		ocop_job *jb = g_async_queue_pop(p->todo);
		if (jb == &stop_job)
			break;
		run_job(wa->r, p->fmt, p->pdf, jb, &wa->hint);
		g_mutex_lock(&p->lock);
		jb->done = true;
		if (p->waiting == jb)
			g_cond_signal(&p->cond);
		g_mutex_unlock(&p->lock);
	}
	/* the fonts and caches this worker made, freed here beside the other workers rather than one after the
	 * other by the thread that stops them (5 ms each at the end of a roll); its warnings stay for that thread
	 * to merge, in the workers' order */
	ocop_renderer_release_drawing(wa->r);
	g_free(wa);
	return NULL;
}

/* Waits until jb is drawn (woken by its worker only) */
static void wait_done(ocop_pipeline *p, ocop_job *jb)
{
	g_mutex_lock(&p->lock);
	while (!jb->done) {
		p->waiting = jb;
		g_cond_wait(&p->cond, &p->lock);
	}
	p->waiting = NULL;
	g_mutex_unlock(&p->lock);
}

static bool is_done(ocop_pipeline *p, ocop_job *jb)
{
	g_mutex_lock(&p->lock);
	bool done = jb->done;
	g_mutex_unlock(&p->lock);
	return done;
}

/* Hands the oldest job in flight, once drawn, to the owner's place function. */
static int place_next(ocop_pipeline *p)
{
	ocop_job *jb = p->ring[p->placed % p->ring_cap];
	if (p->threads)
		wait_done(p, jb);
	p->ring[p->placed % p->ring_cap] = NULL;
	p->placed++;
	int err = p->place(p->owner, jb);
	job_free(jb);
	return err;
}

int ocop_pipeline_submit(ocop_pipeline *p, ocop_record *rec, char *url, long copies, long tag, unsigned long number,
                         const ocop_row_ref *ref)
{
	if (!rec) {
		free(url);
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	ocop_job *jb = g_new0(ocop_job, 1);
	jb->rec = rec;
	jb->url = url;
	jb->copies = copies;
	jb->tag = tag;
	jb->number = number;
	if (ref)
		jb->ref = *ref;
	int err = 0;
	if (p->submitted - p->placed == p->ring_cap) {
		/* The ring is full: the placing thread, the faster side, waits for PLACE_AT_ONCE jobs, then places
		 * every one drawn. Woken for each label, it switched threads 4,400 times in 10,000 labels with
		 * --jobs 2 (a tenth more CPU); now about 1,450. */
		if (p->threads)
			wait_done(p, p->ring[(p->placed + MIN(PLACE_AT_ONCE, p->ring_cap) - 1) % p->ring_cap]);
		do
			err = place_next(p);
		while (err == 0 && p->threads && p->placed < p->submitted && is_done(p, p->ring[p->placed % p->ring_cap]));
		if (err < 0) {
			job_free(jb);
			return err;
		}
	}
	p->ring[p->submitted % p->ring_cap] = jb;
	p->submitted++;
	if (!p->threads) {
		run_job(p->r, p->fmt, p->pdf, jb, &p->hint);
		return place_next(p);
	}
	g_async_queue_push(p->todo, jb);
	return 0;
}

int ocop_pipeline_drain(ocop_pipeline *p)
{
	int err = 0;
	while (err == 0 && p->placed < p->submitted)
		err = place_next(p);
	return err;
}

void ocop_pipeline_end(ocop_pipeline *p)
{
	if (!p->threads || p->ending)
		return;
	for (int i = 0; i < p->jobs; i++)
		g_async_queue_push(p->todo, &stop_job);
	p->ending = true;
	/* the workers hold their own references: the last to end frees these sets on its thread (the glyph masks of
	 * a roll took 6.5 ms to free at the end of the run) */
	ocop_kept_set_free(p->kept);
	p->kept = NULL;
	ocop_mono_store_free(p->masks);
	p->masks = NULL;
}

void ocop_pipeline_stop(ocop_pipeline *p)
{
	if (p->threads) {
		ocop_pipeline_end(p);
		for (int i = 0; i < p->jobs; i++)
			g_thread_join(p->threads[i]);
		g_free(p->threads);
		p->threads = NULL;
		for (int i = 0; i < p->jobs; i++) {
			ocop_renderer_merge_warnings(p->r, p->workers[i]);
			ocop_renderer_free(p->workers[i]);
		}
		g_free(p->workers);
		p->workers = NULL;
	}
	/* jobs never placed (a failed run) */
	for (size_t i = 0; p->ring && i < p->ring_cap; i++) {
		job_free(p->ring[i]);
		p->ring[i] = NULL;
	}
}

int ocop_pipeline_start(ocop_pipeline *p, ocop_renderer *r, ocop_format fmt, int jobs, ocop_place_fn place, void *owner)
{
	memset(p, 0, sizeof *p);
	p->r = r;
	p->fmt = fmt;
	p->jobs = jobs > 1 ? jobs : 1;
	p->place = place;
	p->owner = owner;
	/* labels in flight: more than a page of a sheet, so the workers go on drawing while the placing thread
	 * writes a page (cairo's PDF page is written at its end, in one go) */
	p->ring_cap = p->jobs > 1 ? MAX((size_t)p->jobs * 4, 64) : 1;
	p->ring = g_new0(ocop_job *, p->ring_cap);
	if (fmt == OCOP_FORMAT_PDF) {
		/* the Type 3 glyph fonts of the document, made before any worker draws and then only read */
		int err = ocop_glyphs_new(&p->glyphs, r);
		if (err < 0)
			return err;
		ocop_renderer_use_glyphs(r, p->glyphs);
	}
	if (p->jobs <= 1)
		return 0;
	g_mutex_init(&p->lock);
	g_cond_init(&p->cond);
	p->todo = g_async_queue_new();
	p->workers = g_new0(ocop_renderer *, p->jobs);
	/* a text fitted by one worker is not fitted again by the others (a second worker fitted 1,260 more texts
	 * in 10,000 labels, a tenth of the CPU it added) */
	p->kept = ocop_kept_set_new(r);
	p->masks = ocop_mono_store_new();
	for (int i = 0; i < p->jobs; i++) {
		int err = ocop_renderer_clone(&p->workers[i], r);
		/* one set of Type 3 glyph fonts for the whole PDF, whichever thread draws */
		if (err == 0 && p->glyphs)
			ocop_renderer_use_glyphs(p->workers[i], p->glyphs);
		if (err == 0) {
			ocop_renderer_share_kept(p->workers[i], p->kept);
			ocop_renderer_share_masks(p->workers[i], p->masks);
		}
		if (err < 0) {
			for (int k = 0; k < i; k++)
				ocop_renderer_free(p->workers[k]);
			g_free(p->workers);
			p->workers = NULL;
			return err;
		}
	}
	p->threads = g_new0(GThread *, p->jobs);
	for (int i = 0; i < p->jobs; i++) {
		worker_arg *wa = g_new0(worker_arg, 1);
		wa->p = p;
		wa->r = p->workers[i];
		wa->language = ocop_language_chosen();
		p->threads[i] = g_thread_new("ocoplabel", worker_main, wa);
	}
	return 0;
}

void ocop_pipeline_free(ocop_pipeline *p)
{
	ocop_pipeline_stop(p);
	g_free(p->ring);
	p->ring = NULL;
	if (p->todo)
		g_async_queue_unref(p->todo);
	p->todo = NULL;
	if (p->jobs > 1 && p->ring_cap) {
		g_mutex_clear(&p->lock);
		g_cond_clear(&p->cond);
	}
	p->ring_cap = 0;
	ocop_glyphs_free(p->glyphs);
	p->glyphs = NULL;
	ocop_kept_set_free(p->kept);
	p->kept = NULL;
	ocop_mono_store_free(p->masks);
	p->masks = NULL;
}
