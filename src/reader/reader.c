/* ocoplabel — the product-file reader: a row source by the file's content (CSV, XLSX, ODS), the header's columns, each row as a record. */
#include "workbook.h" /* the reader opens a workbook's container and lists its sheets */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ocop_reader {
	ocop_rows *src;
	char *path;
	ocop_row row;       /* the last row read */
	size_t row_line;    /* its line (CSV) or row number (workbooks) */
	long copies, default_copies;
	int n_cols;
	char **cols;        /* canonical field per column (or the heading itself) */
	char **headings;    /* the header row's headings, trimmed */
	int copies_col;     /* column of copies / Số lượng, or -1 */
	bool *date_col;     /* per column: a date field */
	bool *whole_col;    /* per column: a field of digits or a code, where a number must be whole */
	bool *field_col;    /* per column: a field of the field table */
	ocop_diags *diags;  /* warnings that need other rows: of the last row, or of the header after opening */
	ocop_rowcheck *check;
	long long rows;     /* the file's rows as ocop_reader_next hands them out, once a read-through counted them; else -1 */
};

/* ---- rows ---- */

void ocop_row_clear(ocop_row *row)
{
	g_ptr_array_set_size(row->text, 0);
	g_byte_array_set_size(row->kind, 0);
	row->hidden = false;
	row->nul_col = 0;
	row->bom = false;
}

void ocop_row_set(ocop_row *row, size_t col, ocop_cell_kind kind, char *text)
{
	while (row->text->len <= col) {
		guint8 k = OCOP_CELL_EMPTY;
		g_ptr_array_add(row->text, g_strdup(""));
		g_byte_array_append(row->kind, &k, 1);
	}
	g_free(g_ptr_array_index(row->text, col));
	g_ptr_array_index(row->text, col) = text;
	row->kind->data[col] = (guint8)kind;
}

void ocop_rows_free(ocop_rows *s)
{
	if (!s)
		return;
	s->ops->free(s);
	g_free(s->path);
	g_free(s->sheet);
	g_strfreev(s->sheets);
	g_free(s);
}

/* A Compound File (OLE2): what Excel writes for a password-protected workbook (streams
 * EncryptionInfo and EncryptedPackage) and for the old .xls format (stream Workbook or Book). */
static int compound_file(FILE *fp, const char *path)
{
	unsigned char *buf = g_malloc(1 << 20);
	rewind(fp);
	size_t n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	/* directory entry names are UTF-16LE */
	bool encrypted = false, xls = false;
	/* NOTR: the names of the compound file's streams */
	static const char enc[] = "EncryptedPackage", wb[] = "Workbook", book[] = "Book";
	for (size_t i = 0; i + 2 * sizeof enc < n && !encrypted; i++) {
		bool m = true;
		for (size_t k = 0; k + 1 < sizeof enc && m; k++)
			m = buf[i + 2 * k] == (unsigned char)enc[k] && buf[i + 2 * k + 1] == 0;
		encrypted = m;
	}
	for (size_t i = 0; i + 2 * sizeof wb < n && !xls; i++) {
		bool m = true, m2 = true;
		for (size_t k = 0; k + 1 < sizeof wb && m; k++)
			m = buf[i + 2 * k] == (unsigned char)wb[k] && buf[i + 2 * k + 1] == 0;
		for (size_t k = 0; k + 1 < sizeof book && m2; k++)
			m2 = buf[i + 2 * k] == (unsigned char)book[k] && buf[i + 2 * k + 1] == 0;
		xls = m || (m2 && buf[i + 8] == 0 && buf[i + 9] == 0);
	}
	g_free(buf);
	/* a compound file without a directory we could see, named .xls: still the old format */
	const char *dot = strrchr(path, '.');
	xls = xls || (!encrypted && dot && g_ascii_strcasecmp(dot, ".xls") == 0);
	if (encrypted)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_ENCRYPTED, "%s: the workbook is password-protected; open "
		                         "it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
		                         "Password, clear it) and save it again", path);
	if (xls)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_OLD_EXCEL, "%s: this is an old Excel workbook (.xls, "
		                         "Excel 97-2003), which ocoplabel does not read: open it in Excel or LibreOffice and "
		                         "save it as an Excel Workbook (.xlsx)", path);
	return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: this is an OLE compound file (an old Office "
	                         "document?), not a product file: give a CSV file or a workbook (.xlsx, .ods)", path);
}

int ocop_rows_open(ocop_rows **out, FILE *fp, const char *path, const ocop_reader_options *opts)
{
	*out = NULL;
	unsigned char h[8] = { 0 };
	size_t n = fread(h, 1, sizeof h, fp);
	rewind(fp);
	/* an OLE compound file: Excel 97-2003 (.xls), or a workbook with a password */
	static const unsigned char compound[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	if (n >= 8 && memcmp(h, compound, 8) == 0)
		return compound_file(fp, path);
	if (n >= 4 && (memcmp(h, "PK\x03\x04", 4) == 0 || memcmp(h, "PK\x05\x06", 4) == 0)) {
		ocop_zip *z;
		int err = ocop_zip_open(&z, fp, path);
		if (err < 0)
			return err;
		if (ocop_zip_has(z, "[Content_Types].xml"))
			return ocop_xlsx_open(out, z, opts);
		if (ocop_zip_has(z, "mimetype")) {
			char *mime = NULL;
			size_t len;
			err = ocop_zip_read(z, "mimetype", &mime, &len);
			/* NOTR: the media type of an OpenDocument spreadsheet */
			if (err == 0 && g_str_has_prefix(mime, "application/vnd.oasis.opendocument.spreadsheet")) {
				g_free(mime);
				return ocop_ods_open(out, z, opts);
			}
			if (err == 0)
				err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: this is an OpenDocument file "
				                        "of another kind (%.80s), not a spreadsheet", path, mime);
			g_free(mime);
			ocop_zip_free(z);
			return err;
		}
		ocop_zip_free(z);
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: this is a zip file, but not a workbook "
		                         "(it has neither [Content_Types].xml nor mimetype): give a CSV file, an Excel "
		                         "workbook (.xlsx) or a LibreOffice one (.ods)", path);
	}
	int err = ocop_csv_open(out, fp, path, opts->separator);
	return err;
}

/* ---- the reader ---- */

/* fmt is translated by the error object (ocop_set_error_va): callers mark it N_() */
int ocop_rows_error(const char *path, size_t line, int err, const char *field, const char *code, const char *fmt, ...)
{
	char *where = g_strdup_printf("%s:%zu", path, line);
	va_list ap;
	va_start(ap, fmt);
	ocop_set_error_va(err, where, field, code, fmt, ap);
	va_end(ap);
	g_free(where);
	return err;
}

/* ocop_reader_next() hands a row's error on as a diagnostic too */
#define row_error(r, ...) ocop_rows_error((r)->path, __VA_ARGS__)

bool ocop_row_blank(const ocop_row *row)
{
	for (guint i = 0; i < row->text->len; i++)
		if (*(const char *)g_ptr_array_index(row->text, i))
			return false;
	return true;
}

/* "cell E5: " for column col of the last row (workbooks), or "" */
static void cell_prefix(const ocop_reader *r, size_t col, char *buf, size_t size)
{
	buf[0] = 0;
	if (r->src->workbook) {
		char name[24];
		ocop_cell_name(name, sizeof name, col, r->row_line);
		g_snprintf(buf, size, _("cell %s: "), name);
	}
}

/* A field's column heading as messages suggest it: the field's key in English (as messages always named it),
 * its Vietnamese heading in Vietnamese (the reader takes both) */
static const char *column_name(const char *key)
{
	const ocop_field *f = ocop_field_find(key);
	return f && *f->heading && strcmp(ocop_language(), "en") != 0 ? f->heading : key;
}

/* A blank CSV line or an empty worksheet row between rows: ocop_reader_next skips it, and it is not counted. */
static bool row_skipped(const ocop_reader *r)
{
	return r->src->workbook ? ocop_row_blank(&r->row)
	                        : r->row.text->len == 1 && !*(char *)g_ptr_array_index(r->row.text, 0);
}

/* Reads the rows once, before they are handed out, counting them and, with dates, taking the order of day and
 * month in the file's dates; then goes back to the first row. Memory does not grow: only the first row that
 * shows each order is kept. */
static int read_through(ocop_reader *r, bool dates)
{
	int rc;
	long long rows = 0;
	while ((rc = r->src->ops->next(r->src, &r->row)) != 0) {
		if (rc == OCOP_EIO || (rc < 0 && rc != OCOP_EPARSE))
			return rc;
		if (rc == 1 && row_skipped(r))
			continue;
		rows++;
		if (!dates || rc < 0 || (!r->src->workbook && (int)r->row.text->len != r->n_cols))
			continue;
		for (int i = 0; i < r->n_cols && i < (int)r->row.text->len; i++)
			if (r->date_col[i] && r->row.kind->data[i] == OCOP_CELL_TEXT) {
				char *v = g_strstrip(g_strdup(g_ptr_array_index(r->row.text, i)));
				ocop_rowcheck_scan_date(r->check, v, r->row.line);
				g_free(v);
			}
	}
	ocop_row_clear(&r->row);
	r->rows = rows;
	return r->src->ops->rewind(r->src);
}

long long ocop_reader_rows(ocop_reader *r)
{
	int err = r->rows < 0 ? read_through(r, false) : 0;
	return err < 0 ? err : r->rows;
}

int ocop_reader_open(ocop_reader **out, const char *path, const ocop_reader_options *opts)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_reader_open: NULL argument");
	*out = NULL;
	ocop_reader_options o = OCOP_READER_OPTIONS_INIT;
	if (opts && opts->version == 1)
		memcpy(&o, opts, offsetof(ocop_reader_options, worksheet)); /* a version 1 caller: the fields it has */
	else if (opts && opts->version == 2)
		memcpy(&o, opts, offsetof(ocop_reader_options, name));
	else if (opts)
		o = *opts;
	o.version = OCOP_READER_OPTIONS_VERSION;
	if (opts && ocop_check_version(OCOP_VERSIONED_READER, opts->version) < 0)
		return OCOP_EINVAL;
	if (o.separator && o.separator != ',' && o.separator != ';' && o.separator != '\t')
		return ocop_set_error(OCOP_EINVAL, "separator must be ',', ';' or a tab");
	const ocop_field *copies = ocop_field_find("copies");
	if (o.default_copies < copies->min_value || o.default_copies > copies->max_value) {
		char lo[32], hi[32];
		return ocop_set_error_at(OCOP_EINVAL, "copies", OCOP_CODE_COPIES, "%ld is out of range (%s to %s)", o.default_copies,
		                         ocop_format_count(lo, sizeof lo, (unsigned long long)copies->min_value),
		                         ocop_format_count(hi, sizeof hi, (unsigned long long)copies->max_value));
	}
	const char *shown = o.name && *o.name ? o.name : path; /* the name messages give */
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return ocop_set_error(errno == ENOENT ? OCOP_ENOENT : OCOP_EIO, "%s: cannot open: %s", shown, g_strerror(errno));
	return ocop_reader_open_fp(out, fp, shown, &o);
}

/* After the header: what the sheet is, for messages ("the sheet 'X' (sheets: ...)") */
static char *sheet_note(const ocop_reader *r)
{
	if (!r->src->workbook)
		return g_strdup("");
	char *list = ocop_sheet_list_text(r->src->sheets);
	char *note = g_strdup_printf(_(" (in the sheet '%s'; the workbook's sheets: %s)"), r->src->sheet, list);
	g_free(list);
	return note;
}

int ocop_reader_open_fp(ocop_reader **out, FILE *fp, const char *path, const ocop_reader_options *opts)
{
	*out = NULL;
	ocop_rows *src = NULL;
	int err = ocop_rows_open(&src, fp, path, opts);
	if (err < 0)
		return err;
	ocop_reader *r = g_new0(ocop_reader, 1);
	r->src = src;
	r->path = g_strdup(path);
	r->row.text = g_ptr_array_new_with_free_func(g_free);
	r->row.kind = g_byte_array_new();
	r->copies_col = -1;
	r->rows = -1;
	r->default_copies = opts->default_copies > 0 ? opts->default_copies : 1;
	r->check = ocop_rowcheck_new();
	r->diags = ocop_diags_alloc();
	char *note = NULL;
	/* the header: line 1 of a CSV file; a workbook's first row with any cell */
	int rc;
	do
		rc = src->ops->next(src, &r->row);
	while (rc == 1 && src->workbook && ocop_row_blank(&r->row));
	if (rc < 0) {
		err = rc;
		goto done;
	}
	note = sheet_note(r);
	if (rc == 0 || (r->row.text->len == 1 && !*(char *)g_ptr_array_index(r->row.text, 0))) {
		GString *req = g_string_new(NULL);
		for (size_t k = 0; k < ocop_field_count(); k++)
			if (ocop_field_get(k)->required)
				g_string_append_printf(req, "%s%s", req->len ? ", " : "", column_name(ocop_field_get(k)->name));
		if (src->workbook)
			err = ocop_set_error_where(OCOP_EPARSE, path, NULL, OCOP_CODE_SHEET,
			                           "the sheet is empty; its first row must name the columns (%s)%s", req->str, note);
		else
			err = ocop_set_error_where(OCOP_EPARSE, path, NULL, OCOP_CODE_EMPTY_FILE,
			                           "the file is empty; the first line must name the columns (%s)%s", req->str, note);
		g_string_free(req, TRUE);
		goto done;
	}
	r->row_line = r->row.line;
	r->n_cols = (int)r->row.text->len;
	r->cols = g_new0(char *, r->n_cols + 1);
	r->headings = g_new0(char *, r->n_cols + 1);
	r->date_col = g_new0(bool, r->n_cols);
	r->whole_col = g_new0(bool, r->n_cols);
	r->field_col = g_new0(bool, r->n_cols);
	GString *unknown = g_string_new(NULL);
	bool any_date = false;
	for (int i = 0; i < r->n_cols; i++) {
		const char *h = g_ptr_array_index(r->row.text, i);
		if (!g_utf8_validate(h, -1, NULL)) {
			err = row_error(r, r->row_line, OCOP_EPARSE, NULL, OCOP_CODE_UTF8,
			                N_("column %d: the heading is not valid UTF-8 (save the file as UTF-8)"), i + 1);
			g_string_free(unknown, TRUE);
			goto done;
		}
		const char *f = ocop_field_for_heading(h);
		char *trimmed = g_strstrip(g_strdup(h));
		r->cols[i] = g_strdup(f ? f : trimmed);
		r->headings[i] = g_strdup(trimmed);
		if (!f && *trimmed) {
			g_string_append_printf(unknown, "%s'%s'", unknown->len ? ", " : "", trimmed);
			const char *near = ocop_field_near_heading(trimmed);
			if (near)
				/* a column the clerk meant as a field would otherwise go unchecked and unprinted */
				ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, trimmed, OCOP_CODE_UNKNOWN_COLUMN,
				                "not a field name, though it looks like %s: name the column %s to have it checked "
				                "and printed; as it is, it is kept only for templates that use {%s}",
				                ocop_field_title(near), ocop_field_find(near)->heading, trimmed);
			else
				ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, trimmed, OCOP_CODE_UNKNOWN_COLUMN,
				                "not a field name; the column is kept for templates that use {%s}", trimmed);
		}
		g_free(trimmed);
		const ocop_field *fd = f ? ocop_field_find(f) : NULL;
		r->field_col[i] = fd != NULL;
		r->date_col[i] = fd && fd->kind == OCOP_FIELD_DATE;
		r->whole_col[i] = fd && (fd->kind == OCOP_FIELD_NUMBER || fd->kind == OCOP_FIELD_CODE || fd->kind == OCOP_FIELD_GS1);
		any_date = any_date || r->date_col[i];
		if (f && strcmp(f, "copies") == 0)
			r->copies_col = i;
		for (int j = 0; j < i; j++)
			if (f && strcmp(r->cols[j], r->cols[i]) == 0) {
				err = row_error(r, r->row_line, OCOP_EPARSE, NULL, OCOP_CODE_DUPLICATE_COLUMN,
				                N_("columns %d and %d both give the field %s"), j + 1, i + 1, ocop_field_title(f));
				g_string_free(unknown, TRUE);
				goto done;
			}
	}
	src->n_cols = r->n_cols;
	src->cols = r->cols;
	if (unknown->len) {
		GString *all = g_string_new(NULL);
		const char *names[64];
		size_t n_names = 0;
		for (size_t k = 0; k < ocop_field_count() && n_names + 1 < G_N_ELEMENTS(names); k++)
			names[n_names++] = ocop_field_get(k)->name;
		names[n_names] = NULL;
		ocop_field_list(all, names, false);
		ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, "header", OCOP_CODE_FIELD_NAMES,
		                "the field names (and Vietnamese headings) a column can have: %s; case, accents and spaces do "
		                "not matter", all->str);
		g_string_free(all, TRUE);
	}
	/* a file with a product_group column may have no gtin column: community tourism services carry no
	 * barcode, and the record rules say for each row whether it needs one */
	bool has_group = false;
	for (int i = 0; i < r->n_cols; i++)
		has_group = has_group || strcmp(r->cols[i], "product_group") == 0;
	const char *missing[64] = { NULL };
	size_t n_missing = 0;
	for (size_t k = 0; k < ocop_field_count() && n_missing + 1 < G_N_ELEMENTS(missing); k++) {
		const ocop_field *fd = ocop_field_get(k);
		bool found = false;
		for (int i = 0; fd->required && i < r->n_cols; i++)
			found = found || strcmp(r->cols[i], fd->name) == 0;
		if (fd->required && !found && !(has_group && strcmp(fd->name, "gtin") == 0))
			missing[n_missing++] = fd->name;
	}
	if (n_missing) {
		GString *names = g_string_new(NULL), *advice = g_string_new(NULL);
		for (size_t k = 0; k < n_missing; k++)
			g_string_append_printf(names, "%s%s", k ? ", " : "", column_name(missing[k]));
		ocop_field_list(advice, missing, true);
		/* the headings that are not fields, as the message has always counted them: by a comma in the list */
		char *others = unknown->len ? g_strdup_printf(ocop_trn(" (%s is not a field name)", " (%s are not field names)",
		                                                       strchr(unknown->str, ',') ? 2 : 1), unknown->str)
		                            : g_strdup("");
		err = row_error(r, r->row_line, OCOP_EPARSE, NULL, src->workbook ? OCOP_CODE_SHEET : OCOP_CODE_MISSING_COLUMN,
		                ocop_trn("missing required column: %s; name it %s%s%s", "missing required columns: %s; name them %s%s%s",
		                         n_missing), names->str, advice->str, others, note);
		g_free(others);
		g_string_free(names, TRUE);
		g_string_free(advice, TRUE);
	}
	g_string_free(unknown, TRUE);
	if (!err && any_date)
		err = read_through(r, true);
done:
	g_free(note);
	if (err < 0) {
		ocop_reader_free(r);
		return err;
	}
	*out = r;
	return 0;
}

void ocop_reader_free(ocop_reader *r)
{
	if (!r)
		return;
	ocop_rows_free(r->src);
	g_free(r->path);
	if (r->cols)
		g_strfreev(r->cols);
	if (r->headings)
		g_strfreev(r->headings);
	if (r->row.text)
		g_ptr_array_free(r->row.text, TRUE);
	if (r->row.kind)
		g_byte_array_free(r->row.kind, TRUE);
	g_free(r->date_col);
	g_free(r->whole_col);
	g_free(r->field_col);
	ocop_diags_free(r->diags);
	ocop_rowcheck_free(r->check);
	g_free(r);
}

/* A row that cannot be read: its error (the error object) as the row's diagnostic too. */
static int row_failed(ocop_reader *r, int err)
{
	const char *f = ocop_error_field();
	ocop_diags_addc(r->diags, OCOP_SEVERITY_ERROR, *f ? f : "row", ocop_error_code(), "%s", ocop_error_message());
	return err;
}

/* The text a workbook cell gives field column i: numbers whole in code columns and as a
 * spreadsheet shows them (15 significant digits) elsewhere; an error value or a formula without a
 * saved result refused in a field's column. NULL after setting the error object. */
static char *cell_value(ocop_reader *r, int i)
{
	const char *v = g_ptr_array_index(r->row.text, i);
	ocop_cell_kind kind = (ocop_cell_kind)r->row.kind->data[i];
	char pre[40];
	cell_prefix(r, (size_t)i, pre, sizeof pre);
	if (kind == OCOP_CELL_NUMBER) {
		char *end;
		double x = g_ascii_strtod(v, &end);
		bool digits = *v && strspn(v, "0123456789") == strlen(v);
		if (digits)
			return g_strdup(v);
		if (*end || !isfinite(x)) {
			row_error(r, r->row_line, OCOP_EPARSE, r->cols[i], OCOP_CODE_CELL, N_("%s'%s' is not a number"), pre, v);
			return NULL;
		}
		if (r->whole_col[i] && (x != floor(x) || fabs(x) >= 1e15)) {
			row_error(r, r->row_line, OCOP_EPARSE, r->cols[i], OCOP_CODE_CELL,
			          N_("%sthe number %s is not whole; a code is whole digits (format the column as Text and type "
			             "the code again)"), pre, v);
			return NULL;
		}
		if (x == floor(x) && fabs(x) < 1e15)
			return g_strdup_printf("%.0f", x);
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		g_ascii_formatd(buf, sizeof buf, "%.15g", x);
		return g_strdup(buf);
	}
	if (kind == OCOP_CELL_ERROR && r->field_col[i]) {
		row_error(r, r->row_line, OCOP_EPARSE, r->cols[i], OCOP_CODE_CELL,
		          N_("%sholds the error value %s (a formula that failed); correct it in the workbook"), pre, v);
		return NULL;
	}
	if (kind == OCOP_CELL_NO_VALUE) {
		if (!r->field_col[i])
			return g_strdup("");
		row_error(r, r->row_line, OCOP_EPARSE, r->cols[i], OCOP_CODE_CELL,
		          N_("%sthe formula %s%s has no saved value (the program that wrote the file does not calculate); "
		             "open the workbook in Excel or LibreOffice and save it again"), pre, *v == '=' ? "" : "=", v);
		return NULL;
	}
	return g_strdup(v);
}

int ocop_reader_next(ocop_record *rec, ocop_reader *r)
{
	if (!r || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_reader_next: NULL argument");
	ocop_record_clear(rec);
	ocop_diags_free(r->diags);
	r->diags = ocop_diags_alloc();
	r->copies = r->default_copies;
	int rc;
	/* blank lines (CSV) and empty rows (workbooks) between rows are skipped */
	do {
		rc = r->src->ops->next(r->src, &r->row);
		r->row_line = r->row.line;
	} while (rc == 1 && row_skipped(r));
	if (rc <= 0)
		return rc == OCOP_EPARSE ? row_failed(r, rc) : rc;
	if (r->src->workbook) {
		/* cells right of the last heading are not part of the table */
		if ((int)r->row.text->len > r->n_cols) {
			g_ptr_array_set_size(r->row.text, (guint)r->n_cols);
			g_byte_array_set_size(r->row.kind, (guint)r->n_cols);
		}
		for (int i = (int)r->row.text->len; i < r->n_cols; i++)
			ocop_row_set(&r->row, (size_t)i, OCOP_CELL_EMPTY, g_strdup(""));
	}
	if ((int)r->row.text->len != r->n_cols)
		return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE, "row", OCOP_CODE_COLUMNS,
		                               N_("%u fields, but the header has %d (check the separator '%s' and the quotes)"),
		                               r->row.text->len, r->n_cols,
		                               r->src->sep == '\t' ? C_("the separator", "tab") : (char[]){ r->src->sep, 0 }));
	if (r->row.bom)
		return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE, "row", OCOP_CODE_BOM,
		                               N_("starts with a byte-order mark (U+FEFF), as a file does: was another file joined "
		                                  "on here? Remove the mark (and a second header line)")));
	if (r->row.nul_col)
		return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE,
		                               r->row.nul_col <= r->n_cols ? r->cols[r->row.nul_col - 1] : "row", OCOP_CODE_NUL,
		                               N_("contains a NUL byte (the file may not be text)")));
	for (int i = 0; i < r->n_cols; i++) {
		char *v = cell_value(r, i);
		if (!v)
			return row_failed(r, OCOP_EPARSE);
		/* the reader hands on the value it uses (ocop_reader_value) */
		if (r->src->workbook)
			ocop_row_set(&r->row, (size_t)i, (ocop_cell_kind)r->row.kind->data[i], g_strdup(v));
		size_t len = strlen(v);
		if (i == r->copies_col) {
			char *end;
			long c = strtol(v, &end, 10);
			const ocop_field *cf = ocop_field_find("copies");
			char pre[40];
			cell_prefix(r, (size_t)i, pre, sizeof pre);
			if (*v && (*end || c < cf->min_value || c > cf->max_value)) {
				char lo[32], hi[32];
				row_error(r, r->row_line, OCOP_EPARSE, "copies", OCOP_CODE_COPIES,
				          N_("%s'%s' is not a number of labels (%s to %s)"), pre, v,
				          ocop_format_count(lo, sizeof lo, (unsigned long long)cf->min_value),
				          ocop_format_count(hi, sizeof hi, (unsigned long long)cf->max_value));
				g_free(v);
				return row_failed(r, OCOP_EPARSE);
			}
			r->copies = *v ? c : r->default_copies;
			g_free(v);
			continue;
		}
		int err = ocop_record_set(rec, r->cols[i], v, (long)len);
		g_free(v);
		if (err < 0) {
			/* the record's error (its field and code) at this row, and its cell */
			err = err == OCOP_EUTF8 ? OCOP_EPARSE : err;
			char *where = g_strdup_printf("%s:%zu", r->path, r->row_line), pre[40];
			cell_prefix(r, (size_t)i, pre, sizeof pre);
			ocop_set_error_where(err, where, ocop_error_field(), ocop_error_code(), "%s%s", pre, ocop_error_message());
			g_free(where);
			return row_failed(r, err);
		}
	}
	/* what needs the other rows: a GTIN of another product, a date the file's order contradicts */
	for (int i = 0; i < r->n_cols; i++)
		if (r->date_col[i] && r->row.kind->data[i] == OCOP_CELL_TEXT) {
			char *v = g_strstrip(g_strdup(g_ptr_array_index(r->row.text, i)));
			ocop_rowcheck_date(r->check, r->cols[i], v, r->diags);
			g_free(v);
		}
	ocop_rowcheck_row(r->check, rec, r->row_line, r->diags);
	ocop_reader_annotate(r, r->diags);
	return 1;
}

void ocop_reader_annotate(const ocop_reader *r, ocop_diags *d)
{
	if (!r || !d || !r->src->workbook)
		return;
	for (int i = 0; i < r->n_cols; i++)
		if (r->field_col[i]) {
			char pre[40];
			cell_prefix(r, (size_t)i, pre, sizeof pre);
			ocop_diags_prefix_field(d, r->cols[i], pre);
		}
}

const ocop_diags *ocop_reader_diags(const ocop_reader *r) { return r ? r->diags : NULL; }

size_t ocop_reader_line(const ocop_reader *r) { return r ? r->row_line : 0; }
long ocop_reader_copies(const ocop_reader *r) { return r ? r->copies : 0; }
const char *ocop_reader_path(const ocop_reader *r) { return r ? r->path : NULL; }
char ocop_reader_separator(const ocop_reader *r) { return r ? r->src->sep : 0; }
const char *ocop_reader_sheet(const ocop_reader *r) { return r ? r->src->sheet : NULL; }
int ocop_reader_row_hidden(const ocop_reader *r) { return r && r->row.hidden; }

long long ocop_reader_offset(const ocop_reader *r)
{
	return r ? r->src->ops->offset(r->src) : -1;
}

size_t ocop_reader_columns(const ocop_reader *r) { return r ? (size_t)r->n_cols : 0; }

const char *ocop_reader_heading(const ocop_reader *r, size_t col)
{
	return r && col < (size_t)r->n_cols ? r->headings[col] : NULL;
}

const char *ocop_reader_column_field(const ocop_reader *r, size_t col)
{
	return r && col < (size_t)r->n_cols ? r->cols[col] : NULL;
}

const char *ocop_reader_value(const ocop_reader *r, size_t col)
{
	if (!r || col >= (size_t)r->n_cols)
		return NULL;
	return col < r->row.text->len ? g_ptr_array_index(r->row.text, col) : "";
}
