/* ocoplabel — the document object: labels added one by one, numbered and serialised, placed in a PDF or a folder, committed whole. */
#include "document.h"
#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ocop_document {
	ocop_renderer *r;
	const ocop_template *t;
	ocop_document_options o;
	ocop_format fmt;
	double px_per_mm;
	/* one file: PDF, or a TSPL or ZPL print job */
	bool to_file;
	ocop_tmpfile file;
	ocop_sink stream;
	ocop_pdf *writer;     /* PDF: the writer, or (a logo image) cairo's surface and context */
	cairo_surface_t *pdf;
	cairo_t *cr;
	ocop_pages pages;
	/* PNG / SVG folder */
	ocop_tmpdir dir;
	char *pattern;
	bool names_repeat;
	unsigned long long dir_bytes; /* the files' bytes, for max_bytes */
	unsigned long labels, files;
	bool failed, done;
	/* serialisation */
	char *serial_format;
	unsigned long long next_serial;
	/* the label pipeline: drawn by workers (or inline), placed in order */
	ocop_pipeline pipe;
	ocop_diags *late;     /* a label refused while drawing, for callers without a rejected callback */
	/* internal hooks (the batch job) */
	ocop_refused_fn refused;
	ocop_placed_fn placed;
	void *hook_data;
};

/* OCOP_ECANCELED when the caller's cancelled callback says stop: checked before each label */
static int stop_asked(const ocop_document *doc)
{
	if (doc->o.cancelled && doc->o.cancelled(doc->o.payload))
		return ocop_set_error(OCOP_ECANCELED, "stopped before the labels were finished; nothing was written");
	return 0;
}

/* What messages call output without a name (a stream) */
static const char *output_name(void) { return C_("where labels go that has no name", "output"); }

/* The error of output that could not be written: OCOP_ELIMIT past max_bytes, else OCOP_EIO with the system's reason */
static int write_error(const ocop_document *doc, int e)
{
	const char *where = doc->to_file ? doc->file.path : doc->dir.dir ? doc->dir.dir : output_name();
	if (e == OCOP_SINK_FULL) {
		char most[32];
		return ocop_set_error(OCOP_ELIMIT, "%s: the labels pass %s bytes, the most this document may take; "
		                      "nothing was written", where, ocop_format_count(most, sizeof most, doc->o.max_bytes));
	}
	return ocop_set_error(OCOP_EIO, "%s: cannot write: %s", where, g_strerror(e ? e : EIO));
}

/* copy c of a drawn job: its running number {n} */
static unsigned long number_of(const ocop_document *doc, const ocop_job *jb, long c)
{
	return jb->number ? jb->number + (unsigned long)c : doc->labels + (doc->o.first_number ? doc->o.first_number : 1);
}

/* a label placed: counted, and told to the batch job's hook */
static void placed(ocop_document *doc, const ocop_job *jb, unsigned long n)
{
	doc->labels++;
	if (doc->placed)
		doc->placed(doc->hook_data, &jb->ref, jb->rec, n);
}

/* ---- PNG / SVG: files in a folder ---- */

/* Writes a drawn job's file copies times into the staging folder. */
static int place_files(ocop_document *doc, const ocop_job *jb)
{
	const char *ext = doc->fmt == OCOP_FORMAT_PNG ? ".png" : ".svg";
	for (long c = 0; c < jb->copies; c++) {
		int stop = stop_asked(doc);
		if (stop < 0)
			return stop;
		if (doc->o.max_bytes && jb->bytes->len > doc->o.max_bytes - doc->dir_bytes)
			return write_error(doc, OCOP_SINK_FULL);
		doc->dir_bytes += jb->bytes->len;
		unsigned long n = number_of(doc, jb, c);
		char *stem = ocop_name_stem(doc->pattern, jb->rec, n, ext);
		for (int k = 1;; k++) {
			char *file = k == 1 ? g_strconcat(stem, ext, NULL) : g_strdup_printf("%s-%d%s", stem, k, ext);
			int rc = ocop_tmpdir_write(&doc->dir, file, jb->bytes->data, jb->bytes->len);
			if (rc == -EEXIST) {
				g_free(file);
				if (!doc->names_repeat) {
					doc->names_repeat = true;
					char *msg = g_strdup_printf(_("file names from the pattern '%s' repeat; later labels get -2, -3, "
					                              "... (add {n} to the pattern for unique names)"), doc->pattern);
					ocop_renderer_warn(doc->r, "name_pattern", OCOP_CODE_DUPLICATE_NAME, msg);
					g_free(msg);
				}
				continue;
			}
			if (rc < 0) {
				int err = ocop_set_error(OCOP_EIO, "%s/%s: cannot write: %s", doc->dir.dir, file, g_strerror(-rc));
				g_free(file);
				g_free(stem);
				return err;
			}
			g_free(file);
			break;
		}
		g_free(stem);
		doc->files++;
		placed(doc, jb, n);
	}
	return 0;
}

/* ---- PDF ---- */

/* err of placing a label (or 0) made the document's error: the output's, or cairo's */
static int pdf_check(ocop_document *doc, int err)
{
	ocop_sink *s = doc->to_file ? &doc->file.sink : &doc->stream;
	if (doc->writer)
		return err < 0 && s->err ? write_error(doc, s->err) : err;
	if (err < 0 || cairo_status(doc->cr) == CAIRO_STATUS_SUCCESS)
		return err;
	if (s->err)
		return write_error(doc, s->err);
	return ocop_set_error(OCOP_ERENDER, "drawing failed: %s", cairo_status_to_string(cairo_status(doc->cr)));
}

/* Paints a laid-out job's label copies times: on pages of the label's size or N-up on sheets. */
static int place_pdf(ocop_document *doc, ocop_job *jb)
{
	cairo_t *cr = doc->cr;
	ocop_page_target target = { cr, doc->writer };
	/* the writer's copies: the label written once as a form that each copy draws */
	int form = doc->writer && jb->copies > 1 ? ocop_pipeline_pdf_form(&doc->pipe, jb) : 0;
	if (form < 0)
		return pdf_check(doc, form);
	for (long c = 0; c < jb->copies; c++) {
		int stop = stop_asked(doc);
		if (stop < 0)
			return stop;
		double x, y;
		ocop_pages_next(&doc->pages, &x, &y);
		int err;
		if (form > 0) {
			ocop_pdf_form_draw(doc->writer, form, x, y);
			err = 0;
		} else if (doc->writer) {
			err = ocop_pipeline_pdf_place(&doc->pipe, jb, x, y);
		} else {
			cairo_save(cr);
			cairo_translate(cr, x, y);
			/* nothing of a label outside its own rectangle */
			cairo_rectangle(cr, 0, 0, doc->t->width, doc->t->height);
			cairo_clip(cr);
			err = ocop_pipeline_paint(&doc->pipe, cr, jb);
			cairo_restore(cr);
		}
		if (err == 0)
			ocop_pages_outline(&doc->pages, &target, x, y);
		if (err == 0)
			err = ocop_pages_advance(&doc->pages, &target);
		err = pdf_check(doc, err);
		if (err < 0)
			return err;
		placed(doc, jb, number_of(doc, jb, c));
	}
	return 0;
}

/* ---- TSPL / ZPL: one print job for the roll ---- */

static bool is_job(ocop_format fmt) { return fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL; }
static bool one_file(ocop_format fmt) { return fmt == OCOP_FORMAT_PDF || is_job(fmt); }
static ocop_sink *file_sink(ocop_document *doc) { return doc->to_file ? &doc->file.sink : &doc->stream; }

/* Appends a drawn label's commands (its copies printed by the printer's own count). */
static int place_printjob(ocop_document *doc, const ocop_job *jb)
{
	int stop = stop_asked(doc);
	if (stop < 0)
		return stop;
	ocop_sink *s = file_sink(doc);
	if (ocop_sink_write(s, jb->bytes->data, jb->bytes->len) != 0)
		return write_error(doc, s->err);
	for (long c = 0; c < jb->copies; c++) {
		placed(doc, jb, number_of(doc, jb, c));
	}
	return 0;
}

static int start_printjob(ocop_document *doc, ocop_sink *sink)
{
	sink->limit = doc->o.max_bytes;
	int err = ocop_pipeline_job_begin(&doc->pipe, sink);
	if (err < 0 && sink->err)
		err = write_error(doc, sink->err);
	return err;
}

/* The pipeline's place function: a drawn job placed, or a label refused
 * while drawing (its mandatory text does not fit) reported. */
static int place_job(void *owner, ocop_job *jb)
{
	ocop_document *doc = owner;
	int err = jb->err;
	if (err == OCOP_EREJECTED) {
		if (!doc->o.rejected && !doc->refused) {
			ocop_diags_free(doc->late);
			doc->late = jb->diags;
			jb->diags = NULL;
			return 0;
		}
		if (doc->refused)
			doc->refused(doc->hook_data, &jb->ref, jb->rec, jb->diags);
		else
			doc->o.rejected(doc->o.payload, jb->tag, jb->rec, jb->diags);
		return 0;
	}
	if (err < 0)
		return ocop_set_error(err, "%s", jb->msg);
	return doc->fmt == OCOP_FORMAT_PDF ? place_pdf(doc, jb) : is_job(doc->fmt) ? place_printjob(doc, jb) : place_files(doc, jb);
}

static int start_pdf(ocop_document *doc, ocop_sink *sink)
{
	double w, h;
	ocop_pages_size(&doc->pages, &w, &h);
	sink->limit = doc->o.max_bytes;
	if (ocop_pipeline_pdf_writer(&doc->pipe, &doc->writer, sink, w, h, doc->o.title))
		return pdf_check(doc, ocop_pdf_error(doc->writer));
	doc->pdf = cairo_pdf_surface_create_for_stream(ocop_cairo_write, sink, w * 72 / 25.4, h * 72 / 25.4);
	if (cairo_surface_status(doc->pdf) != CAIRO_STATUS_SUCCESS)
		return ocop_set_error(OCOP_ENOMEM, "cannot create the PDF: %s", cairo_status_to_string(cairo_surface_status(doc->pdf)));
	ocop_pipeline_pdf_metadata(&doc->pipe, doc->pdf, doc->o.title);
	doc->cr = cairo_create(doc->pdf);
	cairo_scale(doc->cr, 72 / 25.4, 72 / 25.4);
	return 0;
}

/* ---- the document ---- */

static int check_options(ocop_document *doc, const char *path)
{
	ocop_document_options *o = &doc->o;
	const ocop_sheet *sh = o->sheet;
	if (ocop_check_version(OCOP_VERSIONED_DOCUMENT, o->version) < 0)
		return OCOP_EINVAL;
	doc->fmt = o->format;
	/* a name says the format of a one-file document; a folder's comes from the renderer */
	if (doc->fmt == OCOP_FORMAT_AUTO && path && one_file(ocop_format_from_path(path)))
		doc->fmt = ocop_format_from_path(path);
	ocop_format rf = ocop_renderer_options(doc->r)->format;
	if (doc->fmt == OCOP_FORMAT_AUTO)
		doc->fmt = path || is_job(rf) ? rf : OCOP_FORMAT_PDF;
	if (doc->fmt == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "%s: cannot tell the format; name the file .pdf, or choose png or svg for a folder",
		                      path ? path : output_name());
	if (doc->fmt < OCOP_FORMAT_PDF || doc->fmt > OCOP_FORMAT_ZPL)
		return ocop_set_error(OCOP_EINVAL, "unknown output format %d", (int)doc->fmt);
	if (is_job(doc->fmt) && sh)
		return ocop_set_error(OCOP_EINVAL, "a sheet layout is for sheet printers; TSPL and ZPL printers print on rolls, "
		                      "one label after another: leave out the sheet");
	if (doc->fmt != OCOP_FORMAT_PDF && sh)
		return ocop_set_error(OCOP_EINVAL, "a sheet layout applies to PDF output; PNG and SVG give one file per label");
	if (!one_file(doc->fmt) && !path)
		return ocop_set_error(OCOP_EINVAL, "PNG and SVG documents are folders; write them with ocop_document_open()");
	if (is_job(doc->fmt) &&
	    ocop_renderer_language(doc->r) != (doc->fmt == OCOP_FORMAT_TSPL ? OCOP_PRINTER_TSPL : OCOP_PRINTER_ZPL)) {
		const char *lang = doc->fmt == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL";
		return ocop_set_error(OCOP_EINVAL, "a %s job needs a renderer made for %s (its options' format or printer profile)",
		                      lang, lang);
	}
	char *warning = NULL;
	int err = ocop_pages_init(&doc->pages, sh, doc->t, o, ocop_renderer_target_dpi(doc->r), &warning);
	if (warning) {
		ocop_renderer_warn(doc->r, "sheet", OCOP_CODE_PRINTABLE_AREA, warning);
		g_free(warning);
	}
	if (err < 0)
		return err;
	doc->px_per_mm = doc->fmt == OCOP_FORMAT_PNG || is_job(doc->fmt) ? ocop_renderer_options(doc->r)->dpi / 25.4 : 0;
	if (o->jobs < 0 || o->jobs > 256)
		return ocop_set_error(OCOP_EINVAL, "jobs: %d is out of range (0 to 256)", o->jobs);
	doc->pattern = g_strdup(o->name_pattern && *o->name_pattern ? o->name_pattern : "{n}");
	o->name_pattern = NULL;
	if (o->serialize) {
		char buf[32];
		const char *fmt = o->serial_format && *o->serial_format ? o->serial_format : "%d";
		doc->next_serial = o->serial_start ? o->serial_start : 1;
		err = ocop_serial_format(buf, sizeof buf, fmt, doc->next_serial);
		if (err < 0)
			return err == OCOP_EREJECTED ? ocop_set_error(OCOP_EINVAL, "%s", ocop_error_last()) : err;
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
	doc->o = defaults;
	if (opts && opts->version == 1) /* a version 1 struct ends before cancelled */
		memcpy(&doc->o, opts, offsetof(ocop_document_options, cancelled));
	else if (opts)
		doc->o = *opts;
	/* the PDF's title is UTF-8 (cairo fails the page otherwise): a file name in another encoding gets U+FFFD */
	doc->o.title = doc->o.title ? g_utf8_make_valid(doc->o.title, -1) : NULL;
	int err = check_options(doc, path);
	if (err == 0)
		err = ocop_pipeline_start(&doc->pipe, r, doc->fmt, doc->o.jobs, place_job, doc);
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
	if (one_file(doc->fmt)) {
		if ((err = ocop_tmpfile_open(&doc->file, path)) == 0) {
			doc->to_file = true;
			err = doc->fmt == OCOP_FORMAT_PDF ? start_pdf(doc, &doc->file.sink) : start_printjob(doc, &doc->file.sink);
		}
	} else {
		err = ocop_tmpdir_open(&doc->dir, path, doc->o.overwrite != 0);
	}
	if (err < 0) {
		ocop_document_free(doc);
		return err;
	}
	*out = doc;
	return 0;
}

int ocop_document_open_stream(ocop_document **out, ocop_renderer *r, ocop_write_fn write, void *payload,
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
	doc->stream.payload = payload;
	if ((err = doc->fmt == OCOP_FORMAT_PDF ? start_pdf(doc, &doc->stream) : start_printjob(doc, &doc->stream)) < 0) {
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
		return err == OCOP_EREJECTED ? ocop_set_error(OCOP_ELIMIT, "%s", ocop_error_last()) : err;
	if (!(*unit = ocop_record_copy(rec)))
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	return ocop_record_set(*unit, "serial", serial, -1);
}

/* *diags (when asked for) with one error; OCOP_EREJECTED. */
static int refuse(ocop_diags **diags, const char *field, const char *code, const char *msg)
{
	if (diags) {
		ocop_diags *d = ocop_diags_alloc();
		if (!d)
			return ocop_set_error(OCOP_ENOMEM, "out of memory");
		ocop_diags_addc(d, OCOP_SEVERITY_ERROR, field, code, "%s", msg);
		*diags = d;
	}
	return ocop_set_error_at(OCOP_EREJECTED, field, code, "%s", msg);
}

static int add_serialised(ocop_document *doc, const ocop_record *rec, long copies, long tag, const ocop_row_ref *ref,
                          ocop_diags **diags)
{
	int err;
	/* a record of its own serial or URL would give every unit the same QR code */
	static const struct { const char *f, *msg; } own[] = {
		{ "serial", N_("the row has its own serial, but the run numbers every label; leave the serial empty") },
		{ "trace_url", N_("the row has its own trace URL, but serialised labels carry the GS1 Digital Link with the serial; leave trace_url empty") },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(own); i++)
		if (ocop_record_get(rec, own[i].f))
			return refuse(diags, own[i].f, OCOP_CODE_SERIALIZED, _(own[i].msg));
	/* the last serial of the row is the longest: when its label fits, all do */
	unsigned long long last = doc->next_serial + (unsigned long long)(copies > 0 ? copies - 1 : 0);
	char *url = NULL;
	ocop_record *unit = NULL;
	if ((err = make_unit(&unit, doc, rec, last)) == 0)
		err = ocop_pipeline_prepare(&doc->pipe, unit, doc->px_per_mm, &url, diags);
	/* its texts laid out now: a row refused at layout is refused here, before any of its labels is drawn */
	if (err == 0 && (err = ocop_pipeline_layout(&doc->pipe, unit, url, doc->px_per_mm)) == OCOP_EREJECTED && diags &&
	    *diags)
		ocop_diags_add_last_error(*diags);
	ocop_record_free(unit);
	free(url);
	if (err < 0)
		return err;
	for (long c = 0; c < copies; c++) {
		if ((err = stop_asked(doc)) < 0)
			break;
		url = NULL;
		if ((err = make_unit(&unit, doc, rec, doc->next_serial)) < 0 ||
		    (err = ocop_pipeline_prepare(&doc->pipe, unit, doc->px_per_mm, &url, NULL)) < 0) {
			ocop_record_free(unit);
			break;
		}
		if ((err = ocop_pipeline_submit(&doc->pipe, unit, url, 1, tag, ref ? ref->first_number + (unsigned long)c : 0,
		                                ref)) < 0)
			break;
		doc->next_serial++;
	}
	if (err < 0)
		doc->failed = true;
	return err;
}

/* A label refused while drawing, for callers without a rejected callback: OCOP_EREJECTED with its diagnostic. */
static int late_reject(ocop_document *doc, ocop_diags **diags)
{
	if (!doc->late)
		return 0;
	int err = ocop_set_error_diag(OCOP_EREJECTED, NULL, ocop_diags_get(doc->late, 0));
	if (diags)
		*diags = doc->late;
	else
		ocop_diags_free(doc->late);
	doc->late = NULL;
	return err;
}

/* One add: tag for the options' rejected callback, ref (or NULL) for a batch row. */
static int add(ocop_document *doc, const ocop_record *rec, long copies, long tag, const ocop_row_ref *ref,
               ocop_diags **diags)
{
	if (diags)
		*diags = NULL;
	if (!doc || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_add: NULL argument");
	if (doc->failed || doc->done)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_add: the document has failed or is finished");
	if (copies < 0 || copies > OCOP_MAX_COPIES) {
		char most[32];
		return ocop_set_error(OCOP_EINVAL, "copies: %ld is out of range (0 to %s)", copies,
		                      ocop_format_count(most, sizeof most, OCOP_MAX_COPIES));
	}
	int err;
	if (doc->serial_format) {
		if (ref && ref->first_serial)
			doc->next_serial = ref->first_serial;
		err = add_serialised(doc, rec, copies, tag, ref, diags);
	} else {
		char *url = NULL;
		if ((err = ocop_pipeline_prepare(&doc->pipe, rec, doc->px_per_mm, &url, diags)) < 0)
			return err;
		if (copies > 0) {
			err = ocop_pipeline_submit(&doc->pipe, ocop_record_copy(rec), url, copies, tag, ref ? ref->first_number : 0, ref);
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

int ocop_document_add(ocop_diags **diags, ocop_document *doc, const ocop_record *rec, long copies)
{
	return add(doc, rec, copies, 0, NULL, diags);
}

int ocop_document_add_tagged(ocop_diags **diags, ocop_document *doc, const ocop_record *rec, long copies, long tag)
{
	return add(doc, rec, copies, tag, NULL, diags);
}

int ocop_document_add_at(ocop_document *doc, const ocop_record *rec, long copies, const ocop_row_ref *ref,
                         ocop_diags **diags)
{
	return add(doc, rec, copies, ref ? (long)ref->index : 0, ref, diags);
}

int ocop_document_add_records(size_t *rejected, ocop_document *doc, const ocop_record *const *recs, size_t n)
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
		err = ocop_document_add(NULL, doc, recs[i], 1);
		if (err == OCOP_EREJECTED) {
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
		ocop_set_error(OCOP_EREJECTED, "record %zu: %s", last, why);
	g_free(why);
	return err;
}

/* The labels placed: the file finished and put in place (a directory's files, a stream's end) */
static int finish(ocop_document *doc)
{
	int err = 0;
	if (doc->labels == 0)
		return ocop_set_error(OCOP_EINVAL, "%s: no labels to write; nothing was written",
		                      doc->to_file ? doc->file.path : doc->dir.dir ? doc->dir.dir : output_name());
	if (doc->fmt == OCOP_FORMAT_PDF && doc->writer) {
		ocop_page_target target = { NULL, doc->writer };
		err = ocop_pages_finish(&doc->pages, &target);
		if (err == 0)
			err = ocop_pdf_finish(doc->writer);
		err = pdf_check(doc, err);
		if (!err && doc->to_file)
			err = ocop_tmpfile_commit(&doc->file);
	} else if (doc->fmt == OCOP_FORMAT_PDF) {
		ocop_page_target target = { doc->cr, NULL };
		ocop_pages_finish(&doc->pages, &target);
		cairo_destroy(doc->cr);
		doc->cr = NULL;
		cairo_surface_finish(doc->pdf);
		cairo_status_t st = cairo_surface_status(doc->pdf);
		ocop_sink *s = doc->to_file ? &doc->file.sink : &doc->stream;
		if (st != CAIRO_STATUS_SUCCESS)
			err = s->err ? write_error(doc, s->err) : ocop_set_error(OCOP_ERENDER, "cairo: %s", cairo_status_to_string(st));
		if (!err && doc->to_file)
			err = ocop_tmpfile_commit(&doc->file);
	} else if (is_job(doc->fmt)) {
		ocop_sink *s = file_sink(doc);
		if (s->err)
			err = write_error(doc, s->err);
		else if (doc->to_file)
			err = ocop_tmpfile_commit(&doc->file);
	} else {
		err = ocop_tmpdir_commit(&doc->dir);
	}
	return err;
}

int ocop_document_commit(ocop_document *doc)
{
	if (!doc)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_commit: NULL argument");
	if (doc->failed || doc->done)
		return ocop_set_error(OCOP_EINVAL, "ocop_document_commit: the document has failed or is finished");
	/* every label in flight placed; the workers end while the file is finished, and are waited for below */
	int err = ocop_pipeline_drain(&doc->pipe);
	ocop_pipeline_end(&doc->pipe);
	if (err == 0)
		err = finish(doc);
	/* their warnings merged before the caller reads them */
	ocop_pipeline_stop(&doc->pipe);
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
	ocop_pipeline_free(&doc->pipe);
	ocop_diags_free(doc->late);
	ocop_pdf_free(doc->writer);
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
	ocop_tmpdir_abort(&doc->dir);       /* likewise */
	ocop_pages_release(&doc->pages);
	g_free(doc->pattern);
	g_free(doc->serial_format);
	g_free((char *)doc->o.title);
	g_free(doc);
}

void ocop_document_set_hooks(ocop_document *doc, ocop_refused_fn refused, ocop_placed_fn placed, void *data)
{
	doc->refused = refused;
	doc->placed = placed;
	doc->hook_data = data;
}

unsigned long ocop_document_labels(const ocop_document *doc) { return doc ? doc->labels : 0; }
unsigned long ocop_document_pages(const ocop_document *doc)
{
	return !doc ? 0 : doc->fmt == OCOP_FORMAT_PDF ? doc->pages.pages : is_job(doc->fmt) ? doc->labels : doc->files;
}
unsigned long long ocop_document_next_serial(const ocop_document *doc) { return doc ? doc->next_serial : 0; }
