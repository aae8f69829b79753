/* ocoplabel — the report of rejected rows as an Excel workbook (libxlsxwriter): row numbers, values, bad cells highlighted with a note, fields and messages. */
#include "batch.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define CELL_MAX 32767                 /* characters in an Excel cell or note */
#define MAX_NOTES 10000                /* cells given a note; later bad cells are highlighted only (Excel
                                          slows down on many notes, and libxlsxwriter keeps them all) */
#define WIDTH_MIN 6
#define WIDTH_MAX 60                   /* characters; "Lỗi" (the messages) up to WIDTH_MAX_MESSAGES */
#define WIDTH_MAX_MESSAGES 100
#define FILL_HEAD 0xDDEBF7
#define FILL_BAD 0xFFC7CE              /* Excel's "light red fill with dark red text" */
#define TEXT_BAD 0x9C0006

/* The worksheet's name (and the file's title) in the thread's language */
static const char *sheet_name(void)
{
	/* TRANSLATORS: a worksheet's name: at most 31 characters, none of [ ] : * ? / \ */
	return C_("the worksheet of the workbook report", "Rejected rows");
}

typedef struct xlsx_report {
	ocop_report base;
	ocop_tmpfile f;                /* the hidden name libxlsxwriter writes at workbook_close, renamed at commit */
	char *dir;                     /* the target's folder: libxlsxwriter's temporary files too */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *text, *bad;
	size_t n_cols;                 /* columns of the product file: sheet columns 1 .. n_cols */
	char **fields;                 /* the field of each */
	double *width;                 /* characters of each sheet column's longest line */
	lxw_row_t rows;                /* rows written below the heading */
	unsigned long notes;
	int err;                       /* the first failure, returned again by later rows and the commit */
	char *errmsg;
} xlsx_report;

/* The first failure kept (fmt translated here: callers mark it N_()) and set as the error again. */
static int fail(xlsx_report *r, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int fail(xlsx_report *r, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(_(fmt), ap);
	va_end(ap);
	if (!r->err) {
		r->err = err;
		r->errmsg = msg;
	} else {
		g_free(msg);
	}
	return ocop_set_error(r->err, "%s", r->errmsg);
}

/* A libxlsxwriter failure while a cell is stored (out of memory; the limits are checked before). */
static int lxw_fail(xlsx_report *r, lxw_error e)
{
	return fail(r, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? OCOP_ENOMEM : OCOP_EIO, N_("%s: cannot write the report: %s"),
	            r->f.path, lxw_strerror(e));
}

/* s as a cell can hold it: valid UTF-8 (bad bytes U+FFFD), no characters XML cannot carry (control
 * characters but tab and line break, U+FFFE, U+FFFF: U+FFFD), line breaks as "\n", at most
 * CELL_MAX characters; g_malloc'ed. */
static char *cell_text(const char *s)
{
	char *v = g_utf8_make_valid(s, -1);
	GString *t = g_string_sized_new(strlen(v));
	glong n = 0;
	for (const char *p = v; *p && n < CELL_MAX; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\r') {
			if (p[1] == '\n')
				p++;
			c = '\n';
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF) {
			c = 0xFFFD;
		}
		g_string_append_unichar(t, c);
	}
	g_free(v);
	return g_string_free(t, FALSE);
}

/* Sheet column col as wide as the longest line of text, within the limits. */
static void widen(xlsx_report *r, size_t col, const char *text)
{
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		double w = (double)g_utf8_strlen(p, (gssize)len);
		if (w > r->width[col])
			r->width[col] = w;
		p += len + (end ? 1 : 0);
	}
}

/* The messages of the row's errors about field, one a line; NULL when there is none. */
static char *field_messages(const ocop_diags *d, const char *field)
{
	GString *s = NULL;
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *x = ocop_diags_get(d, i);
		if (x->severity != OCOP_SEVERITY_ERROR || strcmp(x->field, field) != 0)
			continue;
		if (!s)
			s = g_string_new(NULL);
		else
			g_string_append_c(s, '\n');
		g_string_append(s, x->message);
	}
	return s ? g_string_free(s, FALSE) : NULL;
}

/* A note on a bad cell with its messages, sized for them (about 45 characters a line). */
static lxw_error note(xlsx_report *r, lxw_row_t y, lxw_col_t x, const char *msgs)
{
	char *t = cell_text(msgs);
	glong lines = 1;
	for (const char *p = t; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		lines += g_utf8_strlen(p, (gssize)len) / 45 + (end ? 1 : 0);
		p += len + (end ? 1 : 0);
	}
	lxw_comment_options o = { .author = "ocoplabel", .width = 320, .height = (uint16_t)MIN(400, 24 + 16 * lines) };
	lxw_error e = worksheet_write_comment_opt(r->ws, y, x, t, &o);
	g_free(t);
	return e;
}

static int xlsx_row(ocop_report *base, const ocop_batch_row *row, const char *const *values)
{
	xlsx_report *r = (xlsx_report *)base;
	if (r->err)
		return ocop_set_error(r->err, "%s", r->errmsg);
	if (r->rows + 1 >= LXW_ROW_MAX) {
		char n[32];
		return fail(r, OCOP_ELIMIT, N_("%s: more rejected rows than a worksheet holds (%s); name the report .csv for a "
		                               "list without that limit"), r->f.path,
		            ocop_format_count(n, sizeof n, (unsigned)LXW_ROW_MAX - 1));
	}
	lxw_row_t y = ++r->rows;
	lxw_error e = worksheet_write_number(r->ws, y, 0, (double)row->line, NULL);
	char *num = g_strdup_printf("%zu", row->line);
	widen(r, 0, num);
	g_free(num);
	/* the values as text, as they were read: a GTIN keeps its 13 digits, a date its writing */
	for (size_t i = 0; i < r->n_cols && !e; i++) {
		lxw_col_t x = (lxw_col_t)(i + 1);
		const char *v = values ? values[i] : row->record ? ocop_record_get(row->record, r->fields[i]) : NULL;
		char *copies = NULL;
		if (!values && !v && row->record && strcmp(r->fields[i], "copies") == 0)
			v = copies = g_strdup_printf("%ld", row->copies); /* the reader keeps copies out of the record */
		char *t = cell_text(v ? v : "");
		char *msgs = field_messages(row->diags, r->fields[i]);
		if (*t)
			e = worksheet_write_string(r->ws, y, x, t, msgs ? r->bad : r->text);
		else if (msgs)
			e = worksheet_write_blank(r->ws, y, x, r->bad);
		/* notes while the row is the current one: in constant_memory mode a later one would be lost */
		if (!e && msgs && r->notes < MAX_NOTES) {
			e = note(r, y, x, msgs);
			r->notes++;
		}
		widen(r, x, t);
		g_free(t);
		g_free(msgs);
		g_free(copies);
	}
	GString *fields = g_string_new(NULL), *msgs = g_string_new(NULL);
	ocop_report_problems(row->diags, fields, msgs);
	char *tf = cell_text(fields->str), *tm = cell_text(msgs->str);
	lxw_col_t x = (lxw_col_t)(r->n_cols + 1);
	if (!e)
		e = worksheet_write_string(r->ws, y, x, tf, NULL);
	if (!e)
		e = worksheet_write_string(r->ws, y, x + 1, tm, NULL);
	widen(r, x, tf);
	widen(r, x + 1, tm);
	g_free(tf);
	g_free(tm);
	g_string_free(fields, TRUE);
	g_string_free(msgs, TRUE);
	return e ? lxw_fail(r, e) : 0;
}

/* The file's creation time: SOURCE_DATE_EPOCH when set (reproducible output, as for PDF), else now (0). */
static time_t created(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = g_ascii_strtoll(sde, &end, 10);
		if (*end == '\0' && v > 0)
			return (time_t)v;
	}
	return 0;
}

static int xlsx_commit(ocop_report *base)
{
	xlsx_report *r = (xlsx_report *)base;
	if (r->err)
		return ocop_set_error(r->err, "%s", r->errmsg);
	lxw_col_t last = (lxw_col_t)(r->n_cols + 2);
	for (lxw_col_t x = 0; x <= last; x++) {
		double w = MAX(WIDTH_MIN, MIN(x == last ? WIDTH_MAX_MESSAGES : WIDTH_MAX, r->width[x] + 3));
		worksheet_set_column(r->ws, x, x, w, x >= 1 && x <= r->n_cols ? r->text : NULL);
	}
	worksheet_autofilter(r->ws, 0, 0, r->rows, last);
	lxw_doc_properties props = { .title = (char *)sheet_name(), .created = created() }; /* copied by libxlsxwriter */
	workbook_set_properties(r->wb, &props);
	errno = 0;
	lxw_error e = workbook_close(r->wb); /* writes the file, frees the workbook */
	int saved = errno;
	r->wb = NULL;
	r->ws = NULL;
	if (e != LXW_NO_ERROR) {
		int err = ocop_set_error(OCOP_EIO, "%s: cannot write the report: %s", r->f.path,
		                         saved ? g_strerror(saved) : lxw_strerror(e));
		ocop_tmpfile_abort(&r->f);
		return err;
	}
	return ocop_tmpfile_commit(&r->f); /* synced through our descriptor of the same file, renamed */
}

/* A workbook dropped unwritten. lxw_workbook_free() (libxlsxwriter 1.1.4) leaves a constant_memory
 * worksheet's temporary file open: closed here first. */
static void discard(xlsx_report *r)
{
	if (r->ws && r->ws->optimize_tmpfile) {
		fclose(r->ws->optimize_tmpfile);
		r->ws->optimize_tmpfile = NULL;
		r->ws->file = NULL;
	}
	lxw_workbook_free(r->wb);
	r->wb = NULL;
	r->ws = NULL;
}

static void xlsx_free(ocop_report *base)
{
	xlsx_report *r = (xlsx_report *)base;
	if (r->wb)
		discard(r);
	ocop_tmpfile_abort(&r->f);
	g_strfreev(r->fields);
	g_free(r->width);
	g_free(r->dir);
	g_free(r->errmsg);
	g_free(r);
}

static const ocop_report_kind xlsx_kind = { xlsx_row, xlsx_commit, xlsx_free };

/* The heading row: Line, the product file's headings, Field, Message (Dòng, ..., Trường, Lỗi in Vietnamese). */
static lxw_error heading(xlsx_report *r, const ocop_reader *rd)
{
	lxw_col_t last = (lxw_col_t)(r->n_cols + 2);
	const char *line = C_("a column of the workbook report", "Line"), *field = C_("a column of the workbook report", "Field"),
		   *message = C_("a column of the workbook report", "Message");
	lxw_error e = worksheet_write_string(r->ws, 0, 0, line, r->head);
	widen(r, 0, line);
	for (size_t i = 0; i < r->n_cols && !e; i++) {
		char *t = cell_text(ocop_reader_heading(rd, i));
		e = *t ? worksheet_write_string(r->ws, 0, (lxw_col_t)(i + 1), t, r->head)
		       : worksheet_write_blank(r->ws, 0, (lxw_col_t)(i + 1), r->head);
		widen(r, i + 1, t);
		g_free(t);
	}
	if (!e)
		e = worksheet_write_string(r->ws, 0, last - 1, field, r->head);
	if (!e)
		e = worksheet_write_string(r->ws, 0, last, message, r->head);
	widen(r, last - 1, field);
	widen(r, last, message);
	worksheet_freeze_panes(r->ws, 1, 0);
	return e;
}

int ocop_report_xlsx_open(ocop_report **out, const char *path, char sep, const ocop_reader *rd)
{
	(void)sep;
	xlsx_report *r = g_new0(xlsx_report, 1);
	r->base.kind = &xlsx_kind;
	int err = ocop_tmpfile_open_as(&r->f, path, _("cannot write the report"));
	if (err < 0) {
		g_free(r);
		return err;
	}
	r->n_cols = ocop_reader_columns(rd);
	r->fields = g_new0(char *, r->n_cols + 1);
	for (size_t i = 0; i < r->n_cols; i++)
		r->fields[i] = g_strdup(ocop_reader_column_field(rd, i));
	r->width = g_new0(double, r->n_cols + 3);
	r->dir = g_path_get_dirname(path);
	/* rows go to a temporary file as they come: memory does not grow with the rejected rows */
	lxw_workbook_options o = { .constant_memory = LXW_TRUE, .tmpdir = r->dir, .use_zip64 = LXW_FALSE };
	r->wb = workbook_new_opt(r->f.tmp, &o);
	r->ws = r->wb ? workbook_add_worksheet(r->wb, sheet_name()) : NULL;
	if (!r->ws) {
		err = ocop_set_error(OCOP_EIO, "%s: cannot write the report: cannot start a workbook (out of memory, or no "
		                     "room for temporary files in %s)", path, r->dir);
		ocop_report_free(&r->base);
		return err;
	}
	r->head = workbook_add_format(r->wb);
	format_set_bold(r->head);
	format_set_bg_color(r->head, FILL_HEAD);
	format_set_bottom(r->head, LXW_BORDER_THIN);
	r->text = workbook_add_format(r->wb);
	format_set_num_format(r->text, "@"); /* text: a value typed in to fix a row stays as typed */
	r->bad = workbook_add_format(r->wb);
	format_set_num_format(r->bad, "@");
	format_set_bg_color(r->bad, FILL_BAD);
	format_set_font_color(r->bad, TEXT_BAD);
	lxw_error e = heading(r, rd);
	if (e) {
		err = ocop_set_error(OCOP_EIO, "%s: cannot write the report: %s", path, lxw_strerror(e));
		ocop_report_free(&r->base);
		return err;
	}
	*out = &r->base;
	return 0;
}
