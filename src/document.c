/* ocoplabel — documents of many labels: a multi-page PDF (one label per page or N-up on sheets) or a folder of PNG/SVG files. */
#include "internal.h"
#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OCOP_MAX_NAME_BYTES 200
#define OCOP_MAX_OFFSET_MM 50.0
#define OCOP_MAX_COPIES 1000000L

struct ocop_document {
	ocop_renderer *r;
	const ocop_template *t;
	ocop_document_options o;
	ocop_format fmt;
	double px_per_mm;
	/* PDF */
	bool to_file;
	ocop_tmpfile file;
	ocop_sink stream;
	cairo_surface_t *pdf;
	cairo_t *cr;
	int pos;              /* sheets: next position on the open page, 0 when no page is open */
	bool page_open;
	unsigned char *placed;/* sheets: which positions of the open page got a label */
	double dx, dy;        /* sheets: label offset inside its position (centred) */
	/* PNG / SVG folder */
	char *dir, *stage, *pattern;
	bool replace_into;    /* the target folder has files: move ours in one by one */
	bool names_repeat;
	unsigned long labels, pages;
	bool failed, done;
	/* serialisation */
	char *serial_format;
	unsigned long long next_serial;
	/* the label pipeline: drawn by workers (or inline), placed in order */
	int jobs;
	ocop_renderer **workers;
	ocop_glyphs *glyphs;  /* PDF: the Type 3 glyph fonts that every renderer of the document draws with */
	GThread **threads;
	GAsyncQueue *todo;
	GMutex lock;
	GCond cond;
	struct job **ring;    /* jobs in flight, in order */
	size_t ring_cap;
	unsigned long submitted, placed_jobs;
	unsigned long rejected;
	long tag;             /* of the record being added */
	char *late;           /* a label refused while drawing, for callers without a rejected callback */
};

/* One record's labels on their way: drawn once (a recording for PDF, the
 * file's bytes for PNG/SVG), then placed copies times, in submission order. */
typedef struct job {
	ocop_record *rec;
	char *url;
	long copies, tag;
	cairo_surface_t *rs;
	GByteArray *bytes;
	int err;
	char *msg;
	bool done;
} job;

static job stop_job; /* tells a worker to end */

/* ---- serial numbers ---- */

int ocop_serial_format(char *buf, size_t size, const char *format, unsigned long long n)
{
	if (!buf || !format)
		return ocop_set_error(OCOP_EINVAL, "ocop_serial_format: NULL argument");
	GString *s = g_string_new(NULL);
	int conversions = 0, err = 0;
	for (const char *p = format; *p && !err; p++) {
		if (*p != '%') {
			g_string_append_c(s, *p);
			continue;
		}
		if (p[1] == '%') {
			g_string_append_c(s, '%');
			p++;
			continue;
		}
		const char *q = p + 1;
		while (*q == '0')
			q++;
		int width = 0;
		while (g_ascii_isdigit(*q) && width <= 20)
			width = width * 10 + (*q++ - '0');
		if ((*q != 'd' && *q != 'u') || width > 20 || conversions++)
			err = ocop_set_error(OCOP_EINVAL, "serial format '%s': use literal text and one %%d or %%0Nd (N up to 20)", format);
		else
			g_string_append_printf(s, "%0*llu", width, n);
		p = q;
	}
	if (!err && conversions == 0)
		err = ocop_set_error(OCOP_EINVAL, "serial format '%s' has no %%d for the number", format);
	if (!err && (err = ocop_cset82_check("serial", "a serial number (AI 21)", s->str)) == 0 && s->len >= size)
		err = ocop_set_error(OCOP_ELIMIT, "serial '%s' does not fit the buffer", s->str);
	if (!err)
		memcpy(buf, s->str, s->len + 1);
	g_string_free(s, TRUE);
	return err;
}

/* ---- file names ---- */

static bool reserved_name(const char *s)
{
	/* Windows device names, with or without an extension */
	static const char *const dev[] = { "CON", "PRN", "AUX", "NUL", NULL };
	size_t n = strcspn(s, ".");
	for (int i = 0; dev[i]; i++)
		if (n == 3 && g_ascii_strncasecmp(s, dev[i], 3) == 0)
			return true;
	return n == 4 && (g_ascii_strncasecmp(s, "COM", 3) == 0 || g_ascii_strncasecmp(s, "LPT", 3) == 0) &&
	       s[3] >= '1' && s[3] <= '9';
}

/* A name safe on any file system: no separators, control or reserved
 * characters, no leading dot or space, no trailing dot or space, not a device
 * name, at most OCOP_MAX_NAME_BYTES bytes (cut on a character boundary). */
char *ocop_safe_name(const char *in)
{
	GString *s = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		unsigned char c = *p;
		if (c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c))
			c = '_';
		g_string_append_c(s, (char)c);
	}
	char *v = g_string_free(s, FALSE);
	if (!g_utf8_validate(v, -1, NULL)) {
		char *fixed = g_utf8_make_valid(v, -1);
		g_free(v);
		v = fixed;
	}
	char *nfc = g_utf8_normalize(v, -1, G_NORMALIZE_NFC);
	g_free(v);
	v = nfc ? nfc : g_strdup("label");
	char *start = v;
	while (*start == '.' || *start == ' ')
		start++;
	size_t len = strlen(start);
	if (len > OCOP_MAX_NAME_BYTES) {
		len = OCOP_MAX_NAME_BYTES;
		while (len > 0 && ((unsigned char)start[len] & 0xC0) == 0x80)
			len--;
	}
	while (len > 0 && (start[len - 1] == '.' || start[len - 1] == ' '))
		len--;
	char *out = len ? g_strndup(start, len) : g_strdup("label");
	g_free(v);
	if (reserved_name(out)) {
		char *p = g_strconcat("_", out, NULL);
		g_free(out);
		out = p;
	}
	return out;
}

/* Expands {field} and {n} in a name pattern. */
static char *expand_name(const char *pattern, const ocop_record *rec, unsigned long n)
{
	GString *s = g_string_new(NULL);
	for (const char *p = pattern; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			g_string_append_c(s, *p++);
			continue;
		}
		char *key = g_strndup(p + 1, (gsize)(close - p - 1));
		if (strcmp(key, "n") == 0)
			g_string_append_printf(s, "%05lu", n);
		else {
			const char *v = ocop_record_get(rec, key);
			if (v)
				g_string_append(s, v);
		}
		g_free(key);
		p = close + 1;
	}
	return g_string_free(s, FALSE);
}

/* ---- folders ---- */

/* Removes the regular files in dir and dir itself (our staging folder only). */
static void remove_stage(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *f;
	while (d && (f = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, f, NULL);
		unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	rmdir(dir);
}

static int open_folder_at(ocop_document *doc, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return ocop_set_error(OCOP_EIO, "%s: exists and is not a folder (PNG and SVG labels go into a folder)", path);
		GDir *d = g_dir_open(path, 0, NULL);
		if (!d)
			return ocop_set_error(OCOP_EIO, "%s: cannot read the folder", path);
		bool empty = g_dir_read_name(d) == NULL;
		g_dir_close(d);
		if (!empty && !doc->o.overwrite)
			return ocop_set_error(OCOP_EIO, "%s: the folder already has files; choose a new or empty folder, or allow "
			                      "replacing files (--overwrite)", path);
		doc->replace_into = !empty;
	} else if (errno != ENOENT) {
		return ocop_set_error(OCOP_EIO, "%s: %s", path, g_strerror(errno));
	}
	char *parent = g_path_get_dirname(path), *base = g_path_get_basename(path);
	doc->stage = g_strdup_printf("%s/.%s.partial-XXXXXX", parent, base);
	g_free(parent);
	g_free(base);
	if (!mkdtemp(doc->stage)) {
		int e = errno;
		g_free(doc->stage);
		doc->stage = NULL;
		return ocop_output_error(path, "cannot create a folder next to it", e);
	}
	chmod(doc->stage, 0755);
	doc->dir = g_strdup(path);
	return 0;
}

static int open_folder(ocop_document *doc, const char *given)
{
	/* "labels/" names the folder labels: the staging folder goes beside it, not inside */
	size_t n = strlen(given);
	while (n > 1 && given[n - 1] == '/')
		n--;
	char *path = g_strndup(given, n);
	int err = open_folder_at(doc, path);
	g_free(path);
	return err;
}

static int write_file(const char *path, const unsigned char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			unlink(path);
			return -e;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		int e = errno;
		unlink(path);
		return -e;
	}
	return 0;
}

/* Writes a drawn job's file copies times into the staging folder. */
static int place_files(ocop_document *doc, const job *jb)
{
	const ocop_record *rec = jb->rec;
	long copies = jb->copies;
	int err;
	const char *ext = doc->fmt == OCOP_FORMAT_PNG ? ".png" : ".svg";
	for (long c = 0; c < copies; c++) {
		unsigned long n = doc->labels + (doc->o.first_number ? doc->o.first_number : 1);
		char *raw = expand_name(doc->pattern, rec, n);
		char *name = ocop_safe_name(raw);
		g_free(raw);
		char *stem = name;
		if (g_str_has_suffix(stem, ext) || (strlen(stem) > 4 && g_ascii_strcasecmp(stem + strlen(stem) - 4, ext) == 0))
			stem[strlen(stem) - 4] = '\0';
		for (int k = 1;; k++) {
			char *file = k == 1 ? g_strconcat(stem, ext, NULL) : g_strdup_printf("%s-%d%s", stem, k, ext);
			char *p = g_build_filename(doc->stage, file, NULL);
			int rc = write_file(p, jb->bytes->data, jb->bytes->len);
			g_free(p);
			if (rc == -EEXIST) {
				g_free(file);
				if (!doc->names_repeat) {
					doc->names_repeat = true;
					char *msg = g_strdup_printf("file names from the pattern '%s' repeat; later labels get -2, -3, ... "
					                            "(add {n} to the pattern for unique names)", doc->pattern);
					ocop_renderer_warn(doc->r, "name_pattern", msg);
					g_free(msg);
				}
				continue;
			}
			if (rc < 0) {
				err = ocop_set_error(OCOP_EIO, "%s/%s: cannot write: %s", doc->dir, file, g_strerror(-rc));
				g_free(file);
				g_free(name);
				return err;
			}
			g_free(file);
			break;
		}
		g_free(name);
		doc->labels++;
		doc->pages++;
	}
	return 0;
}

static int commit_folder(ocop_document *doc)
{
	/* data on disk before the names appear */
	int fd = open(doc->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
	if (!doc->replace_into) {
		/* a new or empty folder: one atomic rename puts every file in place */
		if (rename(doc->stage, doc->dir) != 0) {
			int e = errno;
			return ocop_set_error(OCOP_EIO, "%s: cannot create the folder: %s", doc->dir, g_strerror(e));
		}
		g_free(doc->stage);
		doc->stage = NULL;
		return 0;
	}
	GDir *d = g_dir_open(doc->stage, 0, NULL);
	const char *f;
	int err = 0;
	while (d && (f = g_dir_read_name(d)) && !err) {
		char *from = g_build_filename(doc->stage, f, NULL), *to = g_build_filename(doc->dir, f, NULL);
		struct stat st;
		if (lstat(to, &st) == 0 && !S_ISREG(st.st_mode))
			err = ocop_set_error(OCOP_EIO, "%s: exists and is not a regular file; refusing to replace it", to);
		else if (rename(from, to) != 0)
			err = ocop_set_error(OCOP_EIO, "%s: cannot write: %s", to, g_strerror(errno));
		g_free(from);
		g_free(to);
	}
	if (d)
		g_dir_close(d);
	return err;
}

/* ---- PDF ---- */

static void finish_page(ocop_document *doc)
{
	if (!doc->page_open)
		return;
	const ocop_sheet *sh = doc->o.sheet;
	cairo_t *cr = doc->cr;
	if (sh && doc->o.crop_marks) {
		/* Marks along the label edges, clipped to where no label is (also the
		 * positions left empty, which may hold used labels). */
		int n = ocop_sheet_positions(sh);
		double lw = doc->t->width, lh = doc->t->height;
		cairo_save(cr);
		cairo_translate(cr, doc->o.offset_x, doc->o.offset_y);
		cairo_rectangle(cr, -OCOP_MAX_OFFSET_MM, -OCOP_MAX_OFFSET_MM, ocop_sheet_page_width_mm(sh) + 2 * OCOP_MAX_OFFSET_MM,
		                ocop_sheet_page_height_mm(sh) + 2 * OCOP_MAX_OFFSET_MM);
		for (int i = 0; i < n; i++) {
			double x, y;
			ocop_sheet_cell(sh, i, &x, &y);
			cairo_rectangle(cr, x + doc->dx, y + doc->dy, lw, lh);
		}
		cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
		cairo_clip(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 0.15);
		const double gap = 0.5, len = 5;
		for (int i = 0; i < n; i++) {
			if (!doc->placed[i])
				continue;
			double x, y;
			ocop_sheet_cell(sh, i, &x, &y);
			x += doc->dx;
			y += doc->dy;
			double xs[2] = { x, x + lw }, ys[2] = { y, y + lh };
			for (int cx = 0; cx < 2; cx++)
				for (int cy = 0; cy < 2; cy++) {
					double sx = cx ? 1 : -1, sy = cy ? 1 : -1;
					cairo_move_to(cr, xs[cx] + sx * gap, ys[cy]);
					cairo_line_to(cr, xs[cx] + sx * (gap + len), ys[cy]);
					cairo_move_to(cr, xs[cx], ys[cy] + sy * gap);
					cairo_line_to(cr, xs[cx], ys[cy] + sy * (gap + len));
				}
		}
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	cairo_show_page(cr);
	doc->page_open = false;
	doc->pos = 0;
	if (doc->placed)
		memset(doc->placed, 0, (size_t)ocop_sheet_positions(sh));
}

static int pdf_check(ocop_document *doc)
{
	if (cairo_status(doc->cr) == CAIRO_STATUS_SUCCESS)
		return 0;
	ocop_sink *s = doc->to_file ? &doc->file.sink : &doc->stream;
	if (s->err)
		return ocop_set_error(OCOP_EIO, "%s: cannot write: %s", doc->to_file ? doc->file.path : "output",
		                      g_strerror(s->err));
	return ocop_set_error(OCOP_ERENDER, "drawing failed: %s", cairo_status_to_string(cairo_status(doc->cr)));
}

/* Places a drawn job's recording copies times: on pages of the label's size or N-up on sheets. */
static int place_pdf(ocop_document *doc, const job *jb)
{
	const ocop_sheet *sh = doc->o.sheet;
	cairo_t *cr = doc->cr;
	unsigned long painted_on = 0; /* page where the recording was last painted */
	for (long c = 0; c < jb->copies; c++) {
		int err;
		double x = 0, y = 0;
		if (sh) {
			if (!doc->page_open) {
				doc->page_open = true;
				doc->pages++;
				doc->pos = doc->pages == 1 && doc->o.first > 1 ? doc->o.first - 1 : 0;
			}
			ocop_sheet_cell(sh, doc->pos, &x, &y);
			/* the label's corner on a printer dot, so that its codes' edges are too */
			double g = ocop_renderer_target_dpi(doc->r) / 25.4;
			x = round((x + doc->dx + doc->o.offset_x) * g) / g;
			y = round((y + doc->dy + doc->o.offset_y) * g) / g;
		} else {
			doc->pages++;
		}
		cairo_save(cr);
		cairo_translate(cr, x, y);
		if (jb->rs) {
			cairo_surface_t *src = cairo_surface_reference(jb->rs);
			if (painted_on == doc->pages) {
				/* cairo 1.16 lists a form used twice on one page twice in the
				 * page's resources (qpdf warns): each further copy gets a wrapper */
				const ocop_template *t = doc->t;
				cairo_rectangle_t ext = { 0, 0, t->width, t->height };
				cairo_surface_destroy(src);
				src = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
				cairo_t *w = cairo_create(src);
				cairo_set_source_surface(w, jb->rs, 0, 0);
				cairo_paint(w);
				cairo_destroy(w);
			}
			painted_on = doc->pages;
			cairo_set_source_surface(cr, src, 0, 0);
			cairo_paint(cr);
			cairo_surface_destroy(src);
		} else if ((err = ocop_render_draw(doc->r, cr, jb->rec, jb->url, 0)) < 0) {
			cairo_restore(cr);
			return err;
		}
		if (sh && doc->o.outline) {
			cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
			cairo_set_line_width(cr, 0.1);
			cairo_rectangle(cr, 0, 0, doc->t->width, doc->t->height);
			cairo_stroke(cr);
		}
		cairo_restore(cr);
		if (sh) {
			doc->placed[doc->pos] = 1;
			if (++doc->pos == ocop_sheet_positions(sh))
				finish_page(doc);
		} else {
			cairo_show_page(cr);
		}
		if ((err = pdf_check(doc)) < 0)
			return err;
		doc->labels++;
	}
	return 0;
}

/* ---- the pipeline ---- */

/* Draws a job with renderer r: any thread, touching nothing but the job and r. */
static void run_job(ocop_renderer *r, ocop_format fmt, job *jb)
{
	if (fmt == OCOP_FORMAT_PDF) {
		/* recorded, and placed on the page in order by the calling thread */
		const ocop_template *t = ocop_renderer_template(r);
		cairo_rectangle_t ext = { 0, 0, t->width, t->height };
		jb->rs = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
		cairo_t *cr = cairo_create(jb->rs);
		jb->err = ocop_render_draw(r, cr, jb->rec, jb->url, 0);
		cairo_destroy(cr);
	} else {
		jb->bytes = g_byte_array_new();
		ocop_sink sink = { NULL, jb->bytes, 0, NULL, NULL };
		jb->err = ocop_render_to_sink(r, jb->rec, jb->url, fmt, &sink);
	}
	if (jb->err < 0)
		jb->msg = g_strdup(ocop_error_last());
}

static void job_free(job *jb)
{
	if (!jb)
		return;
	ocop_record_free(jb->rec);
	free(jb->url);
	if (jb->rs)
		cairo_surface_destroy(jb->rs);
	if (jb->bytes)
		g_byte_array_free(jb->bytes, TRUE);
	g_free(jb->msg);
	g_free(jb);
}

typedef struct worker_arg {
	ocop_document *doc;
	ocop_renderer *r;
} worker_arg;

static gpointer worker_main(gpointer data)
{
	worker_arg *wa = data;
	ocop_document *doc = wa->doc;
	for (;;) {
		job *jb = g_async_queue_pop(doc->todo);
		if (jb == &stop_job)
			break;
		run_job(wa->r, doc->fmt, jb);
		g_mutex_lock(&doc->lock);
		jb->done = true;
		g_cond_broadcast(&doc->cond);
		g_mutex_unlock(&doc->lock);
	}
	g_free(wa);
	return NULL;
}

/* Places the oldest job in flight once it is drawn. A label refused while
 * drawing (its mandatory text does not fit) goes to the rejected callback. */
static int place_next(ocop_document *doc)
{
	job *jb = doc->ring[doc->placed_jobs % doc->ring_cap];
	if (doc->threads) {
		g_mutex_lock(&doc->lock);
		while (!jb->done)
			g_cond_wait(&doc->cond, &doc->lock);
		g_mutex_unlock(&doc->lock);
	}
	doc->ring[doc->placed_jobs % doc->ring_cap] = NULL;
	doc->placed_jobs++;
	int err = jb->err;
	if (err == OCOP_EINVALID) {
		doc->rejected++;
		if (!doc->o.rejected) {
			g_free(doc->late);
			doc->late = g_strdup(jb->msg);
		} else {
			ocop_diags *d = ocop_diags_alloc();
			ocop_diags_add_error_message(d, jb->msg);
			doc->o.rejected(doc->o.rejected_data, jb->tag, jb->rec, d);
			ocop_diags_free(d);
		}
		err = 0;
	} else if (err < 0) {
		ocop_set_error(err, "%s", jb->msg);
	} else {
		err = doc->fmt == OCOP_FORMAT_PDF ? place_pdf(doc, jb) : place_files(doc, jb);
	}
	job_free(jb);
	return err;
}

/* Hands a prepared record and its URL (both taken over) to the pipeline:
 * drawn now when there are no workers, else by a worker while the caller goes on. */
static int submit(ocop_document *doc, ocop_record *rec, char *url, long copies)
{
	job *jb = g_new0(job, 1);
	jb->rec = rec;
	jb->url = url;
	jb->copies = copies;
	jb->tag = doc->tag;
	int err = 0;
	if (!rec) {
		job_free(jb);
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	}
	if (doc->submitted - doc->placed_jobs == doc->ring_cap && (err = place_next(doc)) < 0) {
		job_free(jb);
		return err;
	}
	doc->ring[doc->submitted % doc->ring_cap] = jb;
	doc->submitted++;
	if (!doc->threads) {
		run_job(doc->r, doc->fmt, jb);
		return place_next(doc);
	}
	g_async_queue_push(doc->todo, jb);
	return 0;
}

static int drain(ocop_document *doc)
{
	int err = 0;
	while (err == 0 && doc->placed_jobs < doc->submitted)
		err = place_next(doc);
	return err;
}

static void stop_workers(ocop_document *doc)
{
	if (!doc->threads)
		return;
	for (int i = 0; i < doc->jobs; i++)
		g_async_queue_push(doc->todo, &stop_job);
	for (int i = 0; i < doc->jobs; i++)
		g_thread_join(doc->threads[i]);
	g_free(doc->threads);
	doc->threads = NULL;
	/* jobs never placed (a failed run) */
	for (size_t i = 0; i < doc->ring_cap; i++) {
		job_free(doc->ring[i]);
		doc->ring[i] = NULL;
	}
	for (int i = 0; i < doc->jobs; i++) {
		ocop_renderer_merge_warnings(doc->r, doc->workers[i]);
		ocop_renderer_free(doc->workers[i]);
	}
	g_free(doc->workers);
	doc->workers = NULL;
}

static int start_workers(ocop_document *doc)
{
	doc->ring_cap = doc->jobs > 1 ? (size_t)doc->jobs * 4 : 1;
	doc->ring = g_new0(job *, doc->ring_cap);
	if (doc->fmt == OCOP_FORMAT_PDF) {
		int err = ocop_glyphs_new(&doc->glyphs, doc->r);
		if (err < 0)
			return err;
		ocop_renderer_use_glyphs(doc->r, doc->glyphs);
	}
	if (doc->jobs <= 1)
		return 0;
	g_mutex_init(&doc->lock);
	g_cond_init(&doc->cond);
	doc->todo = g_async_queue_new();
	doc->workers = g_new0(ocop_renderer *, doc->jobs);
	for (int i = 0; i < doc->jobs; i++) {
		int err = ocop_renderer_clone(&doc->workers[i], doc->r);
		/* one set of Type 3 glyph fonts for the whole PDF, whichever thread draws */
		if (err == 0 && doc->glyphs)
			ocop_renderer_use_glyphs(doc->workers[i], doc->glyphs);
		if (err < 0) {
			for (int k = 0; k < i; k++)
				ocop_renderer_free(doc->workers[k]);
			g_free(doc->workers);
			doc->workers = NULL;
			return err;
		}
	}
	doc->threads = g_new0(GThread *, doc->jobs);
	for (int i = 0; i < doc->jobs; i++) {
		worker_arg *wa = g_new0(worker_arg, 1);
		wa->doc = doc;
		wa->r = doc->workers[i];
		doc->threads[i] = g_thread_new("ocoplabel", worker_main, wa);
	}
	return 0;
}

static int start_pdf(ocop_document *doc, ocop_sink *sink)
{
	const ocop_sheet *sh = doc->o.sheet;
	double w = sh ? ocop_sheet_page_width_mm(sh) : doc->t->width;
	double h = sh ? ocop_sheet_page_height_mm(sh) : doc->t->height;
	doc->pdf = cairo_pdf_surface_create_for_stream(ocop_cairo_write, sink, w * 72 / 25.4, h * 72 / 25.4);
	if (cairo_surface_status(doc->pdf) != CAIRO_STATUS_SUCCESS)
		return ocop_set_error(OCOP_ENOMEM, "cannot create the PDF: %s", cairo_status_to_string(cairo_surface_status(doc->pdf)));
	ocop_pdf_metadata(doc->pdf, doc->r, doc->o.title);
	doc->cr = cairo_create(doc->pdf);
	cairo_scale(doc->cr, 72 / 25.4, 72 / 25.4);
	if (sh)
		doc->placed = g_malloc0((size_t)ocop_sheet_positions(sh));
	return 0;
}

/* ---- the document ---- */

static int check_options(ocop_document *doc, const char *path)
{
	ocop_document_options *o = &doc->o;
	const ocop_sheet *sh = o->sheet;
	if (o->version != OCOP_DOCUMENT_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_options: unknown version %d", o->version);
	doc->fmt = o->format;
	if (doc->fmt == OCOP_FORMAT_AUTO && path) {
		const char *dot = strrchr(path, '.');
		if (dot && g_ascii_strcasecmp(dot, ".pdf") == 0)
			doc->fmt = OCOP_FORMAT_PDF;
	}
	if (doc->fmt == OCOP_FORMAT_AUTO)
		doc->fmt = path ? ocop_renderer_options(doc->r)->format : OCOP_FORMAT_PDF;
	if (doc->fmt == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "%s: cannot tell the format; name the file .pdf, or choose png or svg for a folder",
		                      path ? path : "output");
	if (doc->fmt < OCOP_FORMAT_PDF || doc->fmt > OCOP_FORMAT_SVG)
		return ocop_set_error(OCOP_EINVAL, "unknown output format %d", (int)doc->fmt);
	if (doc->fmt != OCOP_FORMAT_PDF && sh)
		return ocop_set_error(OCOP_EINVAL, "a sheet layout applies to PDF output; PNG and SVG give one file per label");
	if (doc->fmt != OCOP_FORMAT_PDF && !path)
		return ocop_set_error(OCOP_EINVAL, "PNG and SVG documents are folders; write them with ocop_document_open()");
	if (!sh && (o->first > 1 || o->outline || o->crop_marks || o->offset_x != 0 || o->offset_y != 0))
		return ocop_set_error(OCOP_EINVAL, "first position, outlines, crop marks and offsets need a sheet layout");
	if (!isfinite(o->offset_x) || !isfinite(o->offset_y) || fabs(o->offset_x) > OCOP_MAX_OFFSET_MM ||
	    fabs(o->offset_y) > OCOP_MAX_OFFSET_MM)
		return ocop_set_error(OCOP_EINVAL, "offset: %g,%g mm is out of range (-%g to %g)", o->offset_x, o->offset_y,
		                      OCOP_MAX_OFFSET_MM, OCOP_MAX_OFFSET_MM);
	if (sh) {
		int n = ocop_sheet_positions(sh);
		if (o->first < 0 || o->first > n)
			return ocop_set_error(OCOP_EINVAL, "first position %d is out of range: sheet %s has positions 1 to %d",
			                      o->first, ocop_sheet_name(sh), n);
		double cw = ocop_sheet_label_width_mm(sh), ch = ocop_sheet_label_height_mm(sh);
		if (doc->t->width > cw + 0.01 || doc->t->height > ch + 0.01)
			return ocop_set_error(OCOP_EINVAL, "template %s is %g x %g mm, larger than the %g x %g mm labels of sheet %s",
			                      ocop_template_name(doc->t), doc->t->width, doc->t->height, cw, ch, ocop_sheet_name(sh));
		doc->dx = (cw - doc->t->width) / 2;
		doc->dy = (ch - doc->t->height) / 2;
		/* labels whose ink would fall in the page border that printers leave
		 * white, unless the sheet file says its printer prints that close */
		double lx, ly, rx, ry, pm = ocop_sheet_printable_margin(sh);
		ocop_sheet_cell(sh, 0, &lx, &ly);
		ocop_sheet_cell(sh, ocop_sheet_positions(sh) - 1, &rx, &ry);
		double in = MIN(MIN(lx, ly), MIN(ocop_sheet_page_width_mm(sh) - rx - cw, ocop_sheet_page_height_mm(sh) - ry - ch));
		in += MIN(doc->dx, doc->dy) + OCOP_INK_MARGIN_MM;
		if (in < pm - 0.01) {
			char *msg = g_strdup_printf("the labels of sheet %s come within %.1f mm of the page edge, inside the %g mm "
			                            "that printers leave unprinted: their outer text may be cut; set printable_margin "
			                            "in the sheet file if your printer prints closer", ocop_sheet_name(sh), in, pm);
			ocop_renderer_warn(doc->r, "sheet", msg);
			g_free(msg);
		}
	}
	doc->px_per_mm = doc->fmt == OCOP_FORMAT_PNG ? ocop_renderer_options(doc->r)->dpi / 25.4 : 0;
	if (o->jobs < 0 || o->jobs > 256)
		return ocop_set_error(OCOP_EINVAL, "jobs: %d is out of range (0 to 256)", o->jobs);
	doc->jobs = o->jobs > 1 ? o->jobs : 1;
	doc->pattern = g_strdup(o->name_pattern && *o->name_pattern ? o->name_pattern : "{n}");
	o->name_pattern = NULL;
	if (o->serialize) {
		char buf[32];
		const char *fmt = o->serial_format && *o->serial_format ? o->serial_format : "%d";
		doc->next_serial = o->serial_start ? o->serial_start : 1;
		int err = ocop_serial_format(buf, sizeof buf, fmt, doc->next_serial);
		if (err < 0)
			return err == OCOP_EINVALID ? ocop_set_error(OCOP_EINVAL, "%s", ocop_error_last()) : err;
		doc->serial_format = g_strdup(fmt);
	}
	o->serial_format = NULL;
	return 0;
}

static int doc_new(ocop_document **out, ocop_renderer *r, const char *path, const ocop_document_options *opts)
{
	if (!out || !r)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_open: NULL argument");
	*out = NULL;
	ocop_document_options defaults = OCOP_DOCUMENT_OPTIONS_INIT;
	ocop_document *doc = g_new0(ocop_document, 1);
	doc->r = r;
	doc->t = ocop_renderer_template(r);
	doc->o = opts ? *opts : defaults;
	doc->o.title = g_strdup(doc->o.title);
	int err = check_options(doc, path);
	if (err == 0)
		err = start_workers(doc);
	if (err < 0) {
		ocop_document_free(doc);
		return err;
	}
	*out = doc;
	return 0;
}

int ocop_document_open(ocop_document **out, ocop_renderer *r, const char *path, const ocop_document_options *opts)
{
	if (out)
		*out = NULL;
	if (!path || !*path)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_open: no output path");
	ocop_document *doc;
	int err = doc_new(&doc, r, path, opts);
	if (err < 0)
		return err;
	if (doc->fmt == OCOP_FORMAT_PDF) {
		if ((err = ocop_tmpfile_open(&doc->file, path)) == 0) {
			doc->to_file = true;
			err = start_pdf(doc, &doc->file.sink);
		}
	} else {
		err = open_folder(doc, path);
	}
	if (err < 0) {
		ocop_document_free(doc);
		return err;
	}
	*out = doc;
	return 0;
}

int ocop_document_open_stream(ocop_document **out, ocop_renderer *r, ocop_write_fn write, void *closure,
                              const ocop_document_options *opts)
{
	if (out)
		*out = NULL;
	if (!write)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_open_stream: NULL write function");
	ocop_document *doc;
	int err = doc_new(&doc, r, NULL, opts);
	if (err < 0)
		return err;
	doc->stream.fn = write;
	doc->stream.closure = closure;
	if ((err = start_pdf(doc, &doc->stream)) < 0) {
		ocop_document_free(doc);
		return err;
	}
	*out = doc;
	return 0;
}

/* A copy of rec with serial n, in *unit. */
static int make_unit(ocop_record **unit, const ocop_document *doc, const ocop_record *rec, unsigned long long n)
{
	char serial[32];
	*unit = NULL;
	int err = ocop_serial_format(serial, sizeof serial, doc->serial_format, n);
	if (err < 0)
		return err == OCOP_EINVALID ? ocop_set_error(OCOP_ELIMIT, "%s", ocop_error_last()) : err;
	if (!(*unit = ocop_record_copy(rec)))
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	return ocop_record_set(*unit, "serial", serial, -1);
}

static int add_serialised(ocop_document *doc, const ocop_record *rec, long copies, ocop_diags **diags)
{
	int err;
	/* a record of its own serial or URL would give every unit the same QR code */
	static const struct { const char *f, *msg; } own[] = {
		{ "serial", "the row has its own serial, but the run numbers every label; leave the serial empty" },
		{ "trace_url", "the row has its own trace URL, but serialised labels carry the GS1 Digital Link with the serial; leave trace_url empty" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(own); i++)
		if (ocop_record_get(rec, own[i].f)) {
			if (diags) {
				ocop_diags *d = ocop_diags_alloc();
				ocop_diags_add(d, OCOP_SEVERITY_ERROR, own[i].f, "%s", own[i].msg);
				*diags = d;
			}
			return ocop_set_error(OCOP_EINVALID, "%s: %s", own[i].f, own[i].msg);
		}
	/* the last serial of the row is the longest: when its label fits, all do */
	unsigned long long last = doc->next_serial + (unsigned long long)(copies > 0 ? copies - 1 : 0);
	char *url = NULL;
	ocop_record *unit = NULL;
	if ((err = make_unit(&unit, doc, rec, last)) == 0)
		err = ocop_renderer_prepare(doc->r, unit, doc->px_per_mm, &url, diags);
	/* its texts laid out now: a row refused at layout is refused here, before it takes any serial */
	if (err == 0 && (err = ocop_render_layout(NULL, doc->r, unit, url, doc->px_per_mm)) == OCOP_EINVALID && diags &&
	    *diags)
		ocop_diags_add_error_message(*diags, ocop_error_last());
	ocop_record_free(unit);
	free(url);
	if (err < 0)
		return err;
	for (long c = 0; c < copies; c++) {
		url = NULL;
		if ((err = make_unit(&unit, doc, rec, doc->next_serial)) < 0 ||
		    (err = ocop_renderer_prepare(doc->r, unit, doc->px_per_mm, &url, NULL)) < 0) {
			ocop_record_free(unit);
			break;
		}
		if ((err = submit(doc, unit, url, 1)) < 0)
			break;
		doc->next_serial++;
	}
	if (err < 0)
		doc->failed = true;
	return err;
}

/* A label refused while drawing, for callers without a rejected callback: OCOP_EINVALID with its diagnostic. */
static int late_reject(ocop_document *doc, ocop_diags **diags)
{
	if (!doc->late)
		return 0;
	if (diags) {
		*diags = ocop_diags_alloc();
		ocop_diags_add_error_message(*diags, doc->late);
	}
	int err = ocop_set_error(OCOP_EINVALID, "%s", doc->late);
	g_free(doc->late);
	doc->late = NULL;
	return err;
}

int ocop_document_add(ocop_document *doc, const ocop_record *rec, long copies, ocop_diags **diags)
{
	if (diags)
		*diags = NULL;
	if (!doc || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_add: NULL argument");
	if (doc->failed || doc->done)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_add: the document has failed or is finished");
	if (copies < 0 || copies > OCOP_MAX_COPIES)
		return ocop_set_error(OCOP_EINVAL, "copies: %ld is out of range (0 to %ld)", copies, OCOP_MAX_COPIES);
	int err;
	if (doc->serial_format) {
		err = add_serialised(doc, rec, copies, diags);
	} else {
		char *url = NULL;
		if ((err = ocop_renderer_prepare(doc->r, rec, doc->px_per_mm, &url, diags)) < 0)
			return err;
		if (copies > 0) {
			err = submit(doc, ocop_record_copy(rec), url, copies);
			if (err < 0)
				doc->failed = true;
		} else {
			free(url);
		}
	}
	if (err == 0 && doc->late) {
		ocop_diags_free(diags ? *diags : NULL);
		if (diags)
			*diags = NULL;
		err = late_reject(doc, diags);
	}
	return err;
}

int ocop_document_add_tagged(ocop_document *doc, const ocop_record *rec, long copies, long tag, ocop_diags **diags)
{
	if (doc)
		doc->tag = tag;
	return ocop_document_add(doc, rec, copies, diags);
}

int ocop_document_add_records(ocop_document *doc, const ocop_record *const *recs, size_t n, size_t *rejected)
{
	size_t skipped = 0, last = 0;
	char *why = NULL;
	int err = 0;
	if (rejected)
		*rejected = 0;
	if (!doc || (!recs && n > 0))
		return ocop_set_error(OCOP_EINVAL, "ocop_document_add_records: NULL argument");
	for (size_t i = 0; i < n && err == 0; i++) {
		if (!recs[i]) {
			err = ocop_set_error(OCOP_EINVAL, "ocop_document_add_records: record %zu is NULL", i);
			break;
		}
		err = ocop_document_add(doc, recs[i], 1, NULL);
		if (err == OCOP_EINVALID) {
			err = 0;
			skipped++;
			last = i;
			g_free(why);
			why = g_strdup(ocop_error_last());
		}
	}
	if (rejected)
		*rejected = skipped;
	/* later successes do not clear the message: make it name the record */
	if (err == 0 && skipped)
		ocop_set_error(OCOP_EINVALID, "record %zu: %s", last, why);
	g_free(why);
	return err;
}

int ocop_document_commit(ocop_document *doc)
{
	if (!doc)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_commit: NULL argument");
	if (doc->failed || doc->done)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_commit: the document has failed or is finished");
	/* every label in flight placed, the workers ended */
	int err = drain(doc);
	stop_workers(doc);
	if (err < 0) {
		doc->failed = true;
		return err;
	}
	if (doc->labels == 0) {
		err = ocop_set_error(OCOP_EINVAL, "%s: no labels to write; nothing was written",
		                     doc->to_file ? doc->file.path : doc->dir ? doc->dir : "output");
		doc->failed = true;
		return err;
	}
	if (doc->fmt == OCOP_FORMAT_PDF) {
		finish_page(doc);
		cairo_destroy(doc->cr);
		doc->cr = NULL;
		cairo_surface_finish(doc->pdf);
		cairo_status_t st = cairo_surface_status(doc->pdf);
		ocop_sink *s = doc->to_file ? &doc->file.sink : &doc->stream;
		if (st != CAIRO_STATUS_SUCCESS)
			err = s->err ? ocop_set_error(OCOP_EIO, "%s: cannot write: %s", doc->to_file ? doc->file.path : "output",
			                              g_strerror(s->err))
			             : ocop_set_error(OCOP_ERENDER, "cairo: %s", cairo_status_to_string(st));
		if (!err && doc->to_file)
			err = ocop_tmpfile_commit(&doc->file);
	} else {
		err = commit_folder(doc);
	}
	if (err < 0)
		doc->failed = true;
	else
		doc->done = true;
	return err;
}

void ocop_document_free(ocop_document *doc)
{
	if (!doc)
		return;
	stop_workers(doc);
	for (size_t i = 0; doc->ring && i < doc->ring_cap; i++)
		job_free(doc->ring[i]);
	g_free(doc->ring);
	if (doc->todo)
		g_async_queue_unref(doc->todo);
	if (doc->jobs > 1) {
		g_mutex_clear(&doc->lock);
		g_cond_clear(&doc->cond);
	}
	g_free(doc->late);
	ocop_glyphs_free(doc->glyphs);
	if (doc->cr)
		cairo_destroy(doc->cr);
	if (doc->pdf) {
		/* discard: nothing more reaches the file or the caller's callback */
		if (!doc->done) {
			doc->stream.err = doc->stream.err ? doc->stream.err : ECANCELED;
			doc->file.sink.err = doc->file.sink.err ? doc->file.sink.err : ECANCELED;
		}
		cairo_surface_finish(doc->pdf);
		cairo_surface_destroy(doc->pdf);
	}
	if (doc->to_file)
		ocop_tmpfile_abort(&doc->file); /* a no-op after a commit */
	if (doc->stage)
		remove_stage(doc->stage);
	g_free(doc->stage);
	g_free(doc->dir);
	g_free(doc->pattern);
	g_free(doc->placed);
	g_free(doc->serial_format);
	g_free((char *)doc->o.title);
	g_free(doc);
}

unsigned long ocop_document_labels(const ocop_document *doc) { return doc ? doc->labels : 0; }
unsigned long ocop_document_pages(const ocop_document *doc) { return doc ? doc->pages : 0; }
unsigned long long ocop_document_next_serial(const ocop_document *doc) { return doc ? doc->next_serial : 0; }
