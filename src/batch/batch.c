/* ocoplabel — the batch job: a product file read once, each row checked, numbered by its position and placed, rejected rows reported. */
#include "batch.h"
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ocop_batch {
	ocop_renderer *r;
	char *input;
	ocop_batch_options o;
	char *report_path;
	char *title;
	bool ran;
	ocop_batch_counts c;
	/* a run */
	ocop_document *doc;
	ocop_report *report;          /* NULL without a report */
	char sep;
	long long size;               /* of the product file, for the fraction read */
	unsigned long base_number;    /* {n} of the file's first label */
	unsigned long long base_serial;
	unsigned long row_first, row_end; /* the part's data rows: row_first+1 .. row_end (0: to the end) */
	unsigned long last_late;      /* index of the last row refused while drawing */
	bool checking;
	ocop_regrun *regrun;          /* the run on the registry, or NULL */
	char *clerk, *destination;
};

/* Whether path names the same file as the product file (so writing it would modify the input). */
static bool same_file(const char *path, const char *input)
{
	struct stat a, b;
	return path && stat(path, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* the product file's name in messages: the reader options' name, else its path */
static const char *name_of(const ocop_batch *b) { return b->o.reader.name && *b->o.reader.name ? b->o.reader.name : b->input; }

int ocop_batch_new(ocop_batch **out, ocop_renderer *r, const char *input, const ocop_batch_options *opts)
{
	if (out)
		*out = NULL;
	if (!out || !r || !input)
		return ocop_set_error(OCOP_EINVAL, "ocop_batch_new: NULL argument");
	ocop_batch_options defaults = OCOP_BATCH_OPTIONS_INIT;
	ocop_batch_options o = defaults;
	if (opts && ocop_check_version(OCOP_VERSIONED_BATCH, opts->version) < 0)
		return OCOP_EINVAL;
	if (opts && opts->version == 3) /* a version 3 struct ends before registry */
		memcpy(&o, opts, offsetof(ocop_batch_options, registry));
	else if (opts)
		o = *opts;
	if (o.reader.version == 0)
		o.reader = defaults.reader;
	if (o.document.version == 0)
		o.document = defaults.document;
	if (o.document.rejected)
		return ocop_set_error(OCOP_EINVAL, "ocop_batch_options: the document's rejected callback is the job's; use the "
		                      "job's rejected callback");
	if (o.shards > 100000 || (o.shards && (o.shard < 1 || o.shard > o.shards)) || (!o.shards && o.shard))
		return ocop_set_error(OCOP_EINVAL, "shard %lu/%lu: the part must be 1 to N of N parts (N up to 100000)", o.shard,
		                      o.shards);
	if (same_file(o.report, input))
		return ocop_set_error(OCOP_EINVAL, "%s is the product file itself; the product file is never written", o.report);
	ocop_batch *b = g_new0(ocop_batch, 1);
	b->r = r;
	b->input = g_strdup(input);
	b->report_path = g_strdup(o.report);
	b->title = g_strdup(o.document.title);
	b->clerk = g_strdup(o.clerk);
	b->destination = g_strdup(o.destination);
	o.report = b->report_path;
	o.document.title = b->title;
	o.clerk = b->clerk;
	o.destination = b->destination;
	b->o = o;
	*out = b;
	return 0;
}

void ocop_batch_free(ocop_batch *b)
{
	if (!b)
		return;
	ocop_document_free(b->doc);
	ocop_report_free(b->report);
	g_free(b->input);
	g_free(b->report_path);
	g_free(b->title);
	g_free(b->clerk);
	g_free(b->destination);
	ocop_regrun_free(b->regrun);
	g_free(b);
}

const ocop_batch_counts *ocop_batch_get_counts(const ocop_batch *b) { return b ? &b->c : NULL; }

/* ---- rows ---- */

/* A rejected row to the report (its values from rd, the reader still at the row; NULL: from the
 * record) and the callback. Returns the report's failure. */
static int reject(ocop_batch *b, const ocop_batch_row *row, const ocop_reader *rd)
{
	int err = 0;
	if (b->report) {
		size_t n = rd ? ocop_reader_columns(rd) : 0;
		const char **values = rd ? g_new(const char *, n + 1) : NULL;
		for (size_t i = 0; i < n; i++)
			values[i] = ocop_reader_value(rd, i);
		err = ocop_report_row(b->report, row, values);
		g_free(values);
	}
	if (b->o.rejected)
		b->o.rejected(b->o.payload, row);
	return err;
}

static void warn(ocop_batch *b, const ocop_batch_row *row, const ocop_diags *d)
{
	if (b->o.warnings && ocop_diags_count(d) > 0) {
		ocop_batch_row w = *row;
		w.diags = d;
		b->o.warnings(b->o.payload, &w);
	}
}

static ocop_batch_row row_of(const ocop_row_ref *ref, const ocop_record *rec, const ocop_diags *d)
{
	ocop_batch_row row = { ref->line, ref->index, rec, ref->copies, ref->first_number, ref->first_serial, d };
	return row;
}

/* A row refused while its label was drawn (mandatory text too long), reported by the document in
 * row order, possibly after the row was counted valid; once per row (a serialised row's units). */
static void refused(void *data, const ocop_row_ref *ref, const ocop_record *rec, const ocop_diags *d)
{
	ocop_batch *b = data;
	if (ref->index == b->last_late)
		return;
	b->last_late = ref->index;
	b->c.valid--;
	b->c.rejected++;
	ocop_regrun_refused(b->regrun, ref->index);
	ocop_batch_row row = row_of(ref, rec, d);
	reject(b, &row, NULL); /* a failure of the report comes back at its commit */
}

static void placed(void *data, const ocop_row_ref *ref, const ocop_record *rec, unsigned long number)
{
	ocop_batch *b = data;
	if (!b->o.placed)
		return;
	ocop_batch_label l = { ref->line, ref->index, number, b->o.document.serialize ? ocop_record_get(rec, "serial") : NULL,
		               rec };
	b->o.placed(b->o.payload, &l);
}

/* Serials of the part from copies of row_first+1 .. on run past 20 characters: OCOP_ELIMIT saying
 * how many the part needs (the rest of it counted, nothing checked). */
static int serials_too_long(ocop_batch *b, ocop_reader *rd, ocop_record *rec, unsigned long idx,
                            unsigned long long prefix, unsigned long long last)
{
	if (b->regrun && !b->o.document.serial_start) /* numbered by the registry, per GTIN and lot */
		return ocop_set_error(OCOP_ELIMIT, "serial number %llu (the registry's next for this GTIN and lot) is too "
		                      "long: %s", last, ocop_error_last());
	int n;
	while ((n = ocop_reader_next(rec, rd)) != 0 && (n > 0 || n == OCOP_EPARSE)) {
		if (b->row_end && ++idx > b->row_end)
			break;
		prefix += (unsigned long long)ocop_reader_copies(rd);
	}
	unsigned long long first = b->c.first_serial, needs = b->base_serial + prefix - first;
	char buf[32];
	ocop_serial_format(buf, sizeof buf, b->o.document.serial_format ? b->o.document.serial_format : "%d",
	                   first + needs - 1);
	char count[32];
	return ocop_set_error(OCOP_ELIMIT, "the run needs %s serials from %llu: the last one is too long: %s",
	                      ocop_format_count(count, sizeof count, needs), first, ocop_error_last());
}

static int call_progress(ocop_batch *b, const ocop_reader *rd, unsigned long total)
{
	if (!b->o.progress)
		return 0;
	long long at = b->size > 0 ? ocop_reader_offset(rd) : -1;
	ocop_batch_progress p = { b->checking, b->c.rows, b->c.labels, total,
		                  at >= 0 ? MIN(1.0, (double)at / (double)b->size) : -1 };
	return b->o.progress(b->o.payload, &p);
}

/* The numbers of the part's first label: the copies of the rows before it. */
static void part_starts(ocop_batch *b, unsigned long long before)
{
	b->c.first_row = b->row_first + 1;
	b->c.first_number = b->base_number + (unsigned long)before;
	if (b->o.document.serialize)
		b->c.first_serial = b->base_serial + before;
}

/* One pass over the rows of the part: checked (check) or added to the document. */
static int pass(ocop_batch *b, ocop_reader *rd, bool check, bool warnings, unsigned long total)
{
	ocop_record *rec = NULL;
	int err = ocop_record_new(&rec), n;
	if (err < 0)
		return err;
	b->checking = check;
	b->c.rows = b->c.valid = b->c.rejected = b->c.labels = 0;
	b->last_late = 0;
	const char *serial_format = b->o.document.serial_format ? b->o.document.serial_format : "%d";
	bool serialize = !check && b->o.document.serialize;
	unsigned long idx = 0;         /* data rows read */
	unsigned long long prefix = 0; /* copies of the data rows before this one */
	unsigned long long asked = 0;  /* copies of the part's rows so far */
	while ((n = ocop_reader_next(rec, rd)) != 0) {
		if ((err = call_progress(b, rd, total)) != 0)
			break;
		if (b->o.cancelled && b->o.cancelled(b->o.payload)) {
			err = ocop_set_error(OCOP_ECANCELED, "stopped before the labels were finished; nothing was written");
			break;
		}
		if (n < 0 && n != OCOP_EPARSE) { /* reading failed: the reader's message */
			err = n;
			break;
		}
		idx++;
		if (b->row_end && idx > b->row_end)
			break;
		long copies = ocop_reader_copies(rd);
		ocop_row_ref ref = { idx, ocop_reader_line(rd), copies, b->base_number + (unsigned long)prefix,
			             b->o.document.serialize ? b->base_serial + prefix : 0 };
		/* the registry's next serials of the row's GTIN and lot */
		if (serialize && n > 0 && idx > b->row_first)
			ref.first_serial = ocop_regrun_first(b->regrun, rec, copies, ref.first_serial);
		if (idx == b->row_first + 1)
			part_starts(b, prefix);
		prefix += (unsigned long long)(copies > 0 ? copies : 0);
		if (idx <= b->row_first)
			continue;
		/* the labels asked for, counted before any is drawn: a row of a million copies is refused at once */
		asked += (unsigned long long)(copies > 0 ? copies : 0);
		if (b->o.max_labels && asked > b->o.max_labels) {
			char *where = g_strdup_printf("%s:%zu", name_of(b), ref.line), most[32], so_far[32];
			ocop_format_count(most, sizeof most, b->o.max_labels);
			err = ocop_set_error_where(OCOP_ELIMIT, where, NULL, OCOP_CODE_LIMIT, "the file asks for more than %s "
			                           "labels (%s up to this row); one run makes at most %s", most,
			                           ocop_format_count(so_far, sizeof so_far, asked), most);
			g_free(where);
			break;
		}
		b->c.rows++;
		ocop_batch_row row = row_of(&ref, rec, NULL);
		if (n == OCOP_EPARSE) {
			b->c.rejected++;
			row.diags = ocop_reader_diags(rd);
			if ((err = reject(b, &row, rd)) < 0)
				break;
			continue;
		}
		/* the reader's warnings that need other rows (a GTIN of another product, the file's date order) */
		if (warnings)
			warn(b, &row, ocop_reader_diags(rd));
		ocop_diags *d = NULL;
		if (check) {
			err = ocop_renderer_check(&d, b->r, rec);
			/* strict: a label for goods past their HSD is refused, not only warned about */
			if (err == 0 && b->o.strict && ocop_diags_promote(d, OCOP_CODE_EXPIRED) > 0)
				for (size_t i = 0; err == 0 && i < ocop_diags_count(d); i++)
					if (ocop_diags_get(d, i)->severity == OCOP_SEVERITY_ERROR)
						err = ocop_set_error_diag(OCOP_EREJECTED, NULL, ocop_diags_get(d, i));
		} else {
			char buf[32];
			if (serialize && copies > 0 &&
			    ocop_serial_format(buf, sizeof buf, serial_format, ref.first_serial + (unsigned long long)copies - 1) < 0) {
				err = serials_too_long(b, rd, rec, idx, prefix, ref.first_serial + (unsigned long long)copies - 1);
				break;
			}
			err = ocop_document_add_at(b->doc, rec, copies, &ref, &d);
			if (err == 0)
				ocop_regrun_added(b->regrun, &ref, rec);
		}
		/* a workbook's problems name their cell ("cell E5: ...") */
		ocop_reader_annotate(rd, d);
		if (err == OCOP_EREJECTED) {
			b->c.rejected++;
			row.diags = d;
			err = reject(b, &row, rd);
			if (err < 0) {
				ocop_diags_free(d);
				break;
			}
		} else if (err < 0) {
			/* the output, not this row: the message names it (a stop names nothing) */
			if (err != OCOP_EIO && err != OCOP_ECANCELED) {
				char *msg = g_strdup(ocop_error_last());
				ocop_set_error(err, "%s:%zu: %s", name_of(b), ref.line, msg);
				g_free(msg);
			}
			ocop_diags_free(d);
			break;
		} else {
			b->c.valid++;
			b->c.labels += (unsigned long)copies;
			if (warnings)
				warn(b, &row, d);
		}
		ocop_diags_free(d);
	}
	if (err == 0) {
		if (idx <= b->row_first)
			part_starts(b, prefix); /* a part without rows */
		b->c.last_row = b->row_first + b->c.rows;
		if (b->o.document.serialize)
			b->c.next_serial = b->base_serial + prefix;
	}
	ocop_record_free(rec);
	return err;
}

/* The first reader opened: its header's warnings reported once, its separator the report's. */
static void reader_opened(ocop_batch *b, ocop_reader *rd)
{
	struct stat st;
	b->size = stat(b->input, &st) == 0 ? (long long)st.st_size : -1;
	b->sep = ocop_reader_separator(rd);
	ocop_batch_row header = { 1, 0, NULL, 0, 0, 0, NULL };
	warn(b, &header, ocop_reader_diags(rd));
}

static int open_reader(ocop_batch *b, ocop_reader **rd, bool first)
{
	int err = ocop_reader_open(rd, b->input, &b->o.reader);
	if (err == 0 && first)
		reader_opened(b, *rd);
	return err;
}

/* --shard: the part's rows from the number of rows (counted when the reader opened, or read through once more:
 * nothing checked, no record made). A part reads the rows up to its last one. */
static int count_part(ocop_batch *b, ocop_reader *rd)
{
	long long rows = ocop_reader_rows(rd);
	if (rows < 0)
		return (int)rows;
	b->row_first = (unsigned long)((unsigned long long)rows * (b->o.shard - 1) / b->o.shards);
	b->row_end = (unsigned long)((unsigned long long)rows * b->o.shard / b->o.shards);
	return 0;
}

/* A reader opened on a thread of its own while the document opens: opening reads the whole file once (the
 * dates' order), 14 ms of 10,000 rows, and the document makes its glyph fonts, 9 ms, both before any worker
 * has a label to draw. */
typedef struct reader_opening {
	ocop_batch *b;
	const char *language; /* the starting thread's (messages of the file's header) */
	ocop_reader *rd;
	int err;
	void *error; /* the thread's error object when err < 0 */
} reader_opening;

static gpointer reader_opening_main(gpointer data)
{
	reader_opening *ro = data;
	ocop_language_set(ro->language);
	ro->err = ocop_reader_open(&ro->rd, ro->b->input, &ro->b->o.reader);
	ro->error = ro->err < 0 ? ocop_error_save() : NULL;
	return NULL;
}

static int open_document(ocop_batch *b, const char *output, ocop_write_fn write, void *payload)
{
	ocop_document_options dopt = b->o.document;
	dopt.first_number = b->base_number;
	/* the job's stop, checked between the labels of a row too */
	dopt.cancelled = b->o.cancelled;
	dopt.payload = b->o.payload;
	return write ? ocop_document_open_stream(&b->doc, b->r, write, payload, &dopt)
	             : ocop_document_open(&b->doc, b->r, output, &dopt);
}

/* The reader and the document, opened side by side when the document draws on several threads into a file
 * (not into a stream, which nothing may reach before the file is known to be readable). An error is the
 * reader's first, as when they open one after the other; a document opened beside a reader that failed is
 * dropped unwritten. --shard: the part's rows counted once the reader is open; its numbers come from the
 * rows before it as they are read. */
static int open_both(ocop_batch *b, ocop_reader **rd, const char *output, ocop_write_fn write, void *payload)
{
	if (b->o.document.jobs <= 1 || write) {
		int err = open_reader(b, rd, true);
		if (err == 0 && b->o.shards)
			err = count_part(b, *rd);
		return err == 0 ? open_document(b, output, write, payload) : err;
	}
	reader_opening ro = { b, ocop_language_chosen(), NULL, 0, NULL };
	/* NOTR: a thread's name */
	GThread *th = g_thread_new("ocoplabel-read", reader_opening_main, &ro);
	int err = open_document(b, output, write, payload); /* (its error is this thread's, the reader's its own) */
	g_thread_join(th);
	*rd = ro.rd;
	if (ro.err < 0) {
		ocop_document_free(b->doc);
		b->doc = NULL;
		ocop_error_restore(ro.error);
		return ro.err;
	}
	reader_opened(b, ro.rd);
	if (err == 0 && b->o.shards && (err = count_part(b, ro.rd)) < 0) {
		ocop_document_free(b->doc);
		b->doc = NULL;
	}
	return err;
}

static int start(ocop_batch *b)
{
	if (b->ran)
		return ocop_set_error(OCOP_EINVAL, "ocop_batch: the job already ran; make a new one");
	b->ran = true;
	memset(&b->c, 0, sizeof b->c);
	b->base_number = b->o.document.first_number ? b->o.document.first_number : 1;
	b->base_serial = b->o.document.serial_start ? b->o.document.serial_start : 1;
	return 0;
}

/* The report, when asked for, with the product file's columns from rd. */
static int report_open(ocop_batch *b, const ocop_reader *rd)
{
	return b->report_path ? ocop_report_open(&b->report, b->report_path, b->sep, rd) : 0;
}

/* The end of a run that finished: the report in place. */
static int finish_report(ocop_batch *b)
{
	return b->report ? ocop_report_commit(b->report) : 0;
}

/* The end of a run: a report not committed is removed. */
static void close_report(ocop_batch *b)
{
	ocop_report_free(b->report);
	b->report = NULL;
}

int ocop_batch_check(ocop_batch *b)
{
	if (!b)
		return ocop_set_error(OCOP_EINVAL, "ocop_batch_check: NULL argument");
	int err = start(b);
	ocop_reader *rd = NULL;
	if (err == 0)
		err = open_reader(b, &rd, true);
	if (err == 0)
		err = report_open(b, rd);
	if (err == 0)
		err = pass(b, rd, true, true, 0);
	b->c.labels = 0; /* none placed */
	if (err == 0)
		err = finish_report(b);
	ocop_reader_free(rd);
	close_report(b);
	return err;
}

static int run(ocop_batch *b, const char *output, ocop_write_fn write, void *payload)
{
	int err = start(b);
	ocop_reader *rd = NULL;
	unsigned long total = 0;
	if (err == 0)
		err = open_both(b, &rd, output, write, payload);
	if (err == 0) {
		ocop_document_set_hooks(b->doc, refused, placed, b);
		err = report_open(b, rd);
	}
	bool warnings = true;
	if (err == 0 && b->o.strict) {
		/* every row checked before anything is drawn */
		if ((err = pass(b, rd, true, true, 0)) == 0) {
			ocop_reader_free(rd);
			rd = NULL;
			if (b->c.rejected) {
				err = finish_report(b);
				goto done;
			}
			total = b->c.labels;
			warnings = false; /* already told */
			err = open_reader(b, &rd, false);
		}
	}
	/* the run on record, its serials taken, before anything is drawn */
	if (err == 0 && b->o.registry) {
		char *tpl = g_strdup(ocop_template_name(ocop_renderer_template(b->r)));
		err = ocop_regrun_begin(&b->regrun, &b->o, b->input, name_of(b), tpl,
		                        b->o.destination ? b->o.destination : output ? output : "stream", b->base_serial);
		g_free(tpl);
	}
	if (err == 0)
		err = pass(b, rd, false, warnings, total);
	/* the labels on record as issued before they can be printed: a failure here writes nothing */
	if (err == 0 && b->c.labels > 0)
		err = ocop_regrun_issue(b->regrun);
	/* labels still being drawn are placed by the commit (which reports late refusals first) */
	if (err == 0 && b->c.labels > 0) {
		err = ocop_document_commit(b->doc);
		/* OCOP_EINVAL with no labels: every row was refused while drawing; nothing to write */
		if (err == OCOP_EINVAL && ocop_document_labels(b->doc) == 0)
			err = 0;
		else if (err == 0)
			b->c.written = 1;
	}
	if (err == 0)
		err = finish_report(b);
	b->c.labels = ocop_document_labels(b->doc);
	b->c.pages = ocop_document_pages(b->doc);
done:
	ocop_reader_free(rd);
	close_report(b);
	if (err != 0)
		b->c.written = 0;
	if (b->regrun) {
		err = ocop_regrun_end(b->regrun, err, &b->c);
		ocop_regrun_free(b->regrun);
		b->regrun = NULL;
	}
	return err;
}

int ocop_batch_run(ocop_batch *b, const char *output)
{
	if (!b || !output)
		return ocop_set_error(OCOP_EINVAL, "ocop_batch_run: NULL argument");
	return run(b, output, NULL, NULL);
}

int ocop_batch_run_stream(ocop_batch *b, ocop_write_fn write, void *payload)
{
	if (!b || !write)
		return ocop_set_error(OCOP_EINVAL, "ocop_batch_run_stream: NULL argument");
	return run(b, NULL, write, payload);
}
