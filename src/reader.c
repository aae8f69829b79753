/* ocoplabel — streaming CSV product-file reader: RFC 4180 quoting, BOM, CRLF, separator detection, Vietnamese headings. */
#include "internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OCOP_MAX_FIELD_BYTES (64 * 1024)
#define OCOP_MAX_COLUMNS 1024
#define OCOP_MAX_ROW_BYTES (1024 * 1024)

struct ocop_reader {
	FILE *fp;
	char *path;
	char sep;
	size_t line;        /* physical line of the next byte */
	size_t row_line;    /* line where the last row started */
	long copies, default_copies;
	int n_cols;
	char **cols;        /* canonical field per column (or the heading itself) */
	char **headings;    /* the header row's headings, trimmed */
	int copies_col;     /* column of copies / Số lượng, or -1 */
	GString *field;
	GPtrArray *row;     /* char* per field of the current row */
	bool eof;
	int nul_col;        /* 1-based column of a NUL byte in the current row, or 0 */
	bool *date_col;     /* per column: a date field */
	ocop_diags *diags;  /* warnings that need other rows: of the last row, or of the header after opening */
	ocop_rowcheck *check;
};

/* A spreadsheet workbook or UTF-16 text given for a CSV file: a message saying what to do, or NULL. */
static char *not_csv(const unsigned char *h, size_t n, const char *path)
{
	static const char save_csv[] = "in Excel choose File > Save As > CSV UTF-8 (Comma delimited) (*.csv), in "
	                               "LibreOffice File > Save As > Text CSV (.csv) with the character set Unicode "
	                               "(UTF-8), and give that file";
	const char *dot = strrchr(path, '.');
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0) {
		const char *what = dot && g_ascii_strcasecmp(dot, ".ods") == 0 ? "a LibreOffice workbook (.ods)"
		                   : dot && (g_ascii_strcasecmp(dot, ".xlsx") == 0 || g_ascii_strcasecmp(dot, ".xlsm") == 0)
		                       ? "an Excel workbook (.xlsx)"
		                       : "a spreadsheet workbook (.xlsx or .ods) or another zip file";
		return g_strdup_printf("%s: this is %s, not a CSV file; ocoplabel reads CSV files for now: %s", path, what,
		                       save_csv);
	}
	if (n >= 8 && memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return g_strdup_printf("%s: this is an old Excel workbook (.xls, Excel 97-2003), not a CSV file; ocoplabel "
		                       "reads CSV files: %s", path, save_csv);
	if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF)))
		return g_strdup_printf("%s: this is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; %s", path, save_csv);
	return NULL;
}

/* A problem of a row (or of the header, line 1) as the error object: "FILE:LINE: FIELD: message", with
 * the field (none when NULL) and code; ocop_reader_next() hands it on as a diagnostic too. */
static int row_error(const ocop_reader *r, size_t line, int err, const char *field, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(6, 7);
static int row_error(const ocop_reader *r, size_t line, int err, const char *field, const char *code, const char *fmt, ...)
{
	char *where = g_strdup_printf("%s:%zu", r->path, line);
	va_list ap;
	va_start(ap, fmt);
	ocop_set_error_va(err, where, field, code, fmt, ap);
	va_end(ap);
	g_free(where);
	return err;
}

/* After a limit was hit inside a row: reads on to the row's end without
 * keeping anything, so the next row starts where it should. */
static void skip_row(ocop_reader *r, bool quoted)
{
	/* the same quote rules as read_row: a quote opens a field only at its start */
	int c;
	bool start = false;
	while ((c = getc(r->fp)) != EOF) {
		if (quoted) {
			if (c == '"') {
				int n = getc(r->fp);
				if (n != '"') {
					quoted = false;
					if (n != EOF)
						ungetc(n, r->fp);
				}
			} else if (c == '\n') {
				r->line++;
			}
			continue;
		}
		if (c == '"' && start) {
			quoted = true;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r') {
				int n = getc(r->fp);
				if (n != '\n' && n != EOF)
					ungetc(n, r->fp);
			}
			r->line++;
			return;
		}
		start = c == r->sep;
	}
	r->eof = true;
}

/* Reads one record (a row, possibly spanning lines) into r->row.
 * Returns 1, 0 at EOF before any byte, or an error for an unterminated quote
 * or a row over the size limits (the rest of that row is skipped). */
static int read_row(ocop_reader *r)
{
	g_ptr_array_set_size(r->row, 0);
	g_string_truncate(r->field, 0);
	r->row_line = r->line;
	r->nul_col = 0;
	bool quoted = false, after_quote = false, any = false;
	size_t total = 0;
	for (;;) {
		int c = getc(r->fp);
		if (c == EOF) {
			if (ferror(r->fp))
				return row_error(r, r->line, OCOP_EIO, NULL, OCOP_CODE_IO, "read error: %s", g_strerror(errno));
			r->eof = true;
			if (quoted)
				return row_error(r, r->row_line, OCOP_EPARSE, NULL, OCOP_CODE_QUOTE,
				                 "a quoted field opened on this line is never closed (missing \")");
			if (!any)
				return 0;
			g_ptr_array_add(r->row, g_strndup(r->field->str, r->field->len));
			return 1;
		}
		any = true;
		if (c == '\0') {
			if (!r->nul_col)
				r->nul_col = (int)r->row->len + 1;
			continue;
		}
		if (quoted) {
			if (c == '"') {
				int n = getc(r->fp);
				if (n == '"') {
					g_string_append_c(r->field, '"');
				} else {
					quoted = false;
					after_quote = true;
					if (n != EOF)
						ungetc(n, r->fp);
				}
				continue;
			}
			if (c == '\n')
				r->line++;
		} else if (c == '"' && r->field->len == 0 && !after_quote) {
			quoted = true;
			continue;
		} else if (c == r->sep) {
			g_ptr_array_add(r->row, g_strndup(r->field->str, r->field->len));
			g_string_truncate(r->field, 0);
			after_quote = false;
			if (r->row->len >= OCOP_MAX_COLUMNS) {
				skip_row(r, false);
				return row_error(r, r->row_line, OCOP_EPARSE, "row", OCOP_CODE_LIMIT, "more than %d columns (the limit)",
				                 OCOP_MAX_COLUMNS);
			}
			continue;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r') {
				int n = getc(r->fp);
				if (n != '\n' && n != EOF)
					ungetc(n, r->fp);
			}
			r->line++;
			g_ptr_array_add(r->row, g_strndup(r->field->str, r->field->len));
			return 1;
		}
		if (r->field->len >= OCOP_MAX_FIELD_BYTES || ++total > OCOP_MAX_ROW_BYTES) {
			bool field = r->field->len >= OCOP_MAX_FIELD_BYTES;
			unsigned col = r->row->len + 1;
			skip_row(r, quoted);
			if (field)
				return row_error(r, r->row_line, OCOP_EPARSE,
				                 col <= (unsigned)r->n_cols && r->cols ? r->cols[col - 1] : "row", OCOP_CODE_LIMIT,
				                 "a field longer than %d bytes (the limit)", OCOP_MAX_FIELD_BYTES);
			return row_error(r, r->row_line, OCOP_EPARSE, "row", OCOP_CODE_LIMIT, "longer than %d bytes (the limit)",
			                 OCOP_MAX_ROW_BYTES);
		}
		g_string_append_c(r->field, (char)c);
	}
}

/* Reads the rows once, before they are handed out, for the order of day and month in the file's
 * dates; then goes back to the first row. Memory does not grow: only the first row that shows
 * each order is kept. */
static int prescan_dates(ocop_reader *r)
{
	long pos = ftell(r->fp);
	size_t line = r->line;
	if (pos < 0)
		return ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", r->path);
	int rc;
	while (!r->eof && (rc = read_row(r)) != 0) {
		if (rc == OCOP_EIO)
			return rc;
		if (rc < 0 || (int)r->row->len != r->n_cols)
			continue;
		for (int i = 0; i < r->n_cols; i++)
			if (r->date_col[i]) {
				char *v = g_strstrip(g_strdup(g_ptr_array_index(r->row, i)));
				ocop_rowcheck_scan_date(r->check, v, r->row_line);
				g_free(v);
			}
	}
	if (fseek(r->fp, pos, SEEK_SET) != 0)
		return ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", r->path);
	r->line = line;
	r->eof = false;
	g_ptr_array_set_size(r->row, 0);
	return 0;
}

int ocop_reader_open(ocop_reader **out, const char *path, const ocop_reader_options *opts)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_reader_open: NULL argument");
	*out = NULL;
	ocop_reader_options defaults = OCOP_READER_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != OCOP_READER_OPTIONS_VERSION)
		return ocop_set_error(OCOP_EINVAL, "ocop_reader_options: unknown version %d", opts->version);
	if (opts->separator && opts->separator != ',' && opts->separator != ';' && opts->separator != '\t')
		return ocop_set_error(OCOP_EINVAL, "separator must be ',', ';' or a tab");
	const ocop_field *copies = ocop_field_find("copies");
	if (opts->default_copies < copies->min_value || opts->default_copies > copies->max_value)
		return ocop_set_error_at(OCOP_EINVAL, "copies", OCOP_CODE_COPIES, "%ld is out of range (%ld to %ld)",
		                         opts->default_copies, copies->min_value, copies->max_value);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return ocop_set_error(errno == ENOENT ? OCOP_ENOENT : OCOP_EIO, "%s: cannot open: %s", path, g_strerror(errno));
	return ocop_reader_open_fp(out, fp, path, opts);
}

int ocop_reader_open_fp(ocop_reader **out, FILE *fp, const char *path, const ocop_reader_options *opts)
{
	ocop_reader *r = g_new0(ocop_reader, 1);
	r->fp = fp;
	r->path = g_strdup(path);
	r->line = 1;
	r->field = g_string_new(NULL);
	r->row = g_ptr_array_new_with_free_func(g_free);
	r->copies_col = -1;
	r->default_copies = opts->default_copies > 0 ? opts->default_copies : 1;
	r->check = ocop_rowcheck_new();
	int err = 0;
	r->diags = ocop_diags_alloc();
	/* a UTF-8 BOM (Excel's "CSV UTF-8") is skipped */
	unsigned char bom[8];
	size_t n = fread(bom, 1, sizeof bom, fp);
	char *wrong = not_csv(bom, n, path);
	if (wrong) {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_NOT_CSV, "%s", wrong);
		g_free(wrong);
		goto done;
	}
	long start = (n >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) ? 3 : 0;
	if (fseek(fp, start, SEEK_SET) != 0) {
		err = ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", path);
		goto done;
	}
	/* separator: the most frequent of ',', ';' and tab on the header line (outside quotes) */
	r->sep = opts->separator;
	if (!r->sep) {
		int c, commas = 0, semis = 0, tabs = 0;
		bool q = false;
		while ((c = getc(fp)) != EOF && (q || (c != '\n' && c != '\r'))) {
			if (c == '"')
				q = !q;
			else if (!q && c == ',')
				commas++;
			else if (!q && c == ';')
				semis++;
			else if (!q && c == '\t')
				tabs++;
		}
		r->sep = tabs > commas && tabs > semis ? '\t' : semis > commas ? ';' : ',';
		if (fseek(fp, start, SEEK_SET) != 0) {
			err = ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", path);
			goto done;
		}
	}
	int rc = read_row(r);
	if (rc < 0) {
		err = rc;
		goto done;
	}
	if (rc == 0 || (r->row->len == 1 && !*(char *)g_ptr_array_index(r->row, 0))) {
		GString *req = g_string_new(NULL);
		for (size_t k = 0; k < ocop_field_count(); k++)
			if (ocop_field_get(k)->required)
				g_string_append_printf(req, "%s%s", req->len ? ", " : "", ocop_field_get(k)->name);
		err = ocop_set_error_where(OCOP_EPARSE, path, NULL, OCOP_CODE_EMPTY_FILE,
		                           "the file is empty; the first line must name the columns (%s)", req->str);
		g_string_free(req, TRUE);
		goto done;
	}
	r->n_cols = (int)r->row->len;
	r->cols = g_new0(char *, r->n_cols + 1);
	r->headings = g_new0(char *, r->n_cols + 1);
	r->date_col = g_new0(bool, r->n_cols);
	GString *unknown = g_string_new(NULL);
	bool any_date = false;
	for (int i = 0; i < r->n_cols; i++) {
		const char *h = g_ptr_array_index(r->row, i);
		if (!g_utf8_validate(h, -1, NULL)) {
			err = row_error(r, 1, OCOP_EPARSE, NULL, OCOP_CODE_UTF8,
			                "column %d: the heading is not valid UTF-8 (save the file as UTF-8)", i + 1);
			goto done;
		}
		const char *f = ocop_field_for_heading(h);
		char *trimmed = g_strstrip(g_strdup(h));
		r->cols[i] = g_strdup(f ? f : trimmed);
		r->headings[i] = g_strdup(trimmed);
		if (!f && *trimmed) {
			g_string_append_printf(unknown, "%s'%s'", unknown->len ? ", " : "", trimmed);
			ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, trimmed, OCOP_CODE_UNKNOWN_COLUMN,
			                "not a field name; the column is kept for templates that use {%s}", trimmed);
		}
		g_free(trimmed);
		r->date_col[i] = f && ocop_field_find(f)->kind == OCOP_FIELD_DATE;
		any_date = any_date || r->date_col[i];
		if (f && strcmp(f, "copies") == 0)
			r->copies_col = i;
		for (int j = 0; j < i; j++)
			if (f && strcmp(r->cols[j], r->cols[i]) == 0) {
				err = row_error(r, 1, OCOP_EPARSE, NULL, OCOP_CODE_DUPLICATE_COLUMN,
				                "columns %d and %d both give the field %s", j + 1, i + 1, f);
				g_string_free(unknown, TRUE);
				goto done;
			}
	}
	if (unknown->len) {
		GString *all = g_string_new("the field names (and Vietnamese headings) a column can have: ");
		const char *names[64];
		size_t n_names = 0;
		for (size_t k = 0; k < ocop_field_count() && n_names + 1 < G_N_ELEMENTS(names); k++)
			names[n_names++] = ocop_field_get(k)->name;
		names[n_names] = NULL;
		ocop_field_list(all, names, false);
		g_string_append(all, "; case, accents and spaces do not matter");
		ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, "header", OCOP_CODE_FIELD_NAMES, "%s", all->str);
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
		GString *m = g_string_new(NULL);
		for (size_t k = 0; k < n_missing; k++)
			g_string_append_printf(m, "%s%s", k ? ", " : "", missing[k]);
		g_string_append(m, n_missing == 1 ? "; name it " : "; name them ");
		ocop_field_list(m, missing, true);
		if (unknown->len)
			g_string_append_printf(m, " (%s %s not %s)", unknown->str, strchr(unknown->str, ',') ? "are" : "is",
			                       strchr(unknown->str, ',') ? "field names" : "a field name");
		err = row_error(r, 1, OCOP_EPARSE, NULL, OCOP_CODE_MISSING_COLUMN, "missing required column%s: %s",
		                n_missing > 1 ? "s" : "", m->str);
		g_string_free(m, TRUE);
	}
	g_string_free(unknown, TRUE);
	if (!err && any_date)
		err = prescan_dates(r);
done:
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
	if (r->fp)
		fclose(r->fp);
	g_free(r->path);
	if (r->cols)
		g_strfreev(r->cols);
	if (r->headings)
		g_strfreev(r->headings);
	g_string_free(r->field, TRUE);
	g_ptr_array_free(r->row, TRUE);
	g_free(r->date_col);
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

int ocop_reader_next(ocop_reader *r, ocop_record *rec)
{
	if (!r || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_reader_next: NULL argument");
	ocop_record_clear(rec);
	ocop_diags_free(r->diags);
	r->diags = ocop_diags_alloc();
	r->copies = r->default_copies;
	int rc;
	/* blank lines between rows are skipped */
	do {
		if (r->eof)
			return 0;
		rc = read_row(r);
	} while (rc == 1 && r->row->len == 1 && !*(char *)g_ptr_array_index(r->row, 0));
	if (rc <= 0)
		return rc == OCOP_EPARSE ? row_failed(r, rc) : rc;
	if ((int)r->row->len != r->n_cols)
		return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE, "row", OCOP_CODE_COLUMNS,
		                               "%u fields, but the header has %d (check the separator '%s' and the quotes)",
		                               r->row->len, r->n_cols, r->sep == '\t' ? "tab" : (char[]){ r->sep, 0 }));
	if (strncmp(g_ptr_array_index(r->row, 0), "\xEF\xBB\xBF", 3) == 0)
		return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE, "row", OCOP_CODE_BOM,
		                               "starts with a byte-order mark (U+FEFF), as a file does: was another file joined "
		                               "on here? Remove the mark (and a second header line)"));
	if (r->nul_col)
		return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE,
		                               r->nul_col <= r->n_cols ? r->cols[r->nul_col - 1] : "row", OCOP_CODE_NUL,
		                               "contains a NUL byte (the file may not be text)"));
	for (int i = 0; i < r->n_cols; i++) {
		const char *v = g_ptr_array_index(r->row, i);
		size_t len = strlen(v);
		if (i == r->copies_col) {
			char *end;
			long c = strtol(v, &end, 10);
			const ocop_field *cf = ocop_field_find("copies");
			if (*v && (*end || c < cf->min_value || c > cf->max_value))
				return row_failed(r, row_error(r, r->row_line, OCOP_EPARSE, "copies", OCOP_CODE_COPIES,
				                               "'%s' is not a number of labels (%ld to %ld)", v, cf->min_value,
				                               cf->max_value));
			r->copies = *v ? c : r->default_copies;
			continue;
		}
		int err = ocop_record_set(rec, r->cols[i], v, (long)len);
		if (err < 0) {
			/* the record's error (its field and code) at this row */
			err = err == OCOP_EUTF8 ? OCOP_EPARSE : err;
			char *where = g_strdup_printf("%s:%zu", r->path, r->row_line);
			ocop_set_error_where(err, where, ocop_error_field(), ocop_error_code(), "%s", ocop_error_message());
			g_free(where);
			return row_failed(r, err);
		}
	}
	/* what needs the other rows: a GTIN of another product, a date the file's order contradicts */
	for (int i = 0; i < r->n_cols; i++)
		if (r->date_col[i]) {
			char *v = g_strstrip(g_strdup(g_ptr_array_index(r->row, i)));
			ocop_rowcheck_date(r->check, r->cols[i], v, r->diags);
			g_free(v);
		}
	ocop_rowcheck_row(r->check, rec, r->row_line, r->diags);
	return 1;
}

const ocop_diags *ocop_reader_diags(const ocop_reader *r) { return r ? r->diags : NULL; }

size_t ocop_reader_line(const ocop_reader *r) { return r ? r->row_line : 0; }
long ocop_reader_copies(const ocop_reader *r) { return r ? r->copies : 0; }
const char *ocop_reader_path(const ocop_reader *r) { return r ? r->path : NULL; }
char ocop_reader_separator(const ocop_reader *r) { return r ? r->sep : 0; }

long long ocop_reader_offset(const ocop_reader *r)
{
	return r && r->fp ? (long long)ftell(r->fp) : -1;
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
	return col < r->row->len ? g_ptr_array_index(r->row, col) : "";
}
