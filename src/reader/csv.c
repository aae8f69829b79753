/* ocoplabel — CSV product files as a row source: RFC 4180 quoting, BOM, CRLF, separator detection, physical line numbers. */
#include "rows.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct csv_rows {
	ocop_rows base;
	FILE *fp;          /* its own, used by one thread at a time: read with getc_unlocked(), no lock per byte */
	size_t line;       /* physical line of the next byte */
	GString *field;
	bool eof;
	bool header_read;
	long data_pos;     /* where the row after the header starts, for rewind */
	size_t data_line;
} csv_rows;

#define row_error(r, ...) ocop_rows_error((r)->base.path, __VA_ARGS__)

/* The end of a line at c (LF, CR or CR LF): the LF after a CR is taken too. */
static void end_line(csv_rows *r, int c)
{
	if (c == '\r') {
		int n = getc_unlocked(r->fp);
		if (n != '\n' && n != EOF)
			ungetc(n, r->fp);
	}
	r->line++;
}

/* After a limit was hit inside a row: reads on to the row's end without
 * keeping anything, so the next row starts where it should. */
static void skip_row(csv_rows *r, bool quoted)
{
	/* the same quote rules as read_row: a quote opens a field only at its start */
	int c;
	bool start = false;
	while ((c = getc_unlocked(r->fp)) != EOF) {
		if (quoted) {
			if (c == '"') {
				int n = getc_unlocked(r->fp);
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
			end_line(r, c);
			return;
		}
		start = c == r->base.sep;
	}
	r->eof = true;
}

static void add_field(csv_rows *r, ocop_row *row)
{
	ocop_row_set(row, row->text->len, OCOP_CELL_TEXT, g_strndup(r->field->str, r->field->len));
	g_string_truncate(r->field, 0);
}

/* Reads one record (a row, possibly spanning lines) into row.
 * Returns 1, 0 at EOF before any byte, or an error for an unterminated quote
 * or a row over the size limits (the rest of that row is skipped). */
static int read_row(csv_rows *r, ocop_row *row)
{
	ocop_row_clear(row);
	g_string_truncate(r->field, 0);
	row->line = r->line;
	bool quoted = false, after_quote = false, any = false;
	size_t total = 0;
	for (;;) {
		int c = getc_unlocked(r->fp);
		if (c == EOF) {
			if (ferror(r->fp))
				return row_error(r, r->line, OCOP_EIO, NULL, OCOP_CODE_IO, N_("read error: %s"), g_strerror(errno));
			r->eof = true;
			if (quoted)
				return row_error(r, row->line, OCOP_EPARSE, NULL, OCOP_CODE_QUOTE,
				                 N_("a quoted field opened on this line is never closed (missing \")"));
			if (!any)
				return 0;
			add_field(r, row);
			return 1;
		}
		any = true;
		if (c == '\0') {
			if (!row->nul_col)
				row->nul_col = (int)row->text->len + 1;
			continue;
		}
		if (quoted) {
			if (c == '"') {
				int n = getc_unlocked(r->fp);
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
		} else if (c == r->base.sep) {
			add_field(r, row);
			after_quote = false;
			if (row->text->len >= OCOP_MAX_COLUMNS) {
				skip_row(r, false);
				char lim[32];
				return row_error(r, row->line, OCOP_EPARSE, "row", OCOP_CODE_LIMIT, N_("more than %s columns (the limit)"),
				                 ocop_format_count(lim, sizeof lim, OCOP_MAX_COLUMNS));
			}
			continue;
		} else if (c == '\n' || c == '\r') {
			end_line(r, c);
			add_field(r, row);
			return 1;
		}
		if (r->field->len >= OCOP_MAX_FIELD_BYTES || ++total > OCOP_MAX_ROW_BYTES) {
			bool field = r->field->len >= OCOP_MAX_FIELD_BYTES;
			unsigned col = row->text->len + 1;
			skip_row(r, quoted);
			char lim[32];
			if (field)
				return row_error(r, row->line, OCOP_EPARSE,
				                 col <= (unsigned)r->base.n_cols && r->base.cols ? r->base.cols[col - 1] : "row",
				                 OCOP_CODE_LIMIT, N_("a field longer than %s bytes (the limit)"),
				                 ocop_format_count(lim, sizeof lim, OCOP_MAX_FIELD_BYTES));
			return row_error(r, row->line, OCOP_EPARSE, "row", OCOP_CODE_LIMIT, N_("longer than %s bytes (the limit)"),
			                 ocop_format_count(lim, sizeof lim, OCOP_MAX_ROW_BYTES));
		}
		g_string_append_c(r->field, (char)c);
	}
}

static int csv_next(ocop_rows *s, ocop_row *row)
{
	csv_rows *r = (csv_rows *)s;
	if (r->eof) {
		ocop_row_clear(row);
		row->line = r->line;
		return 0;
	}
	int rc = read_row(r, row);
	if (rc >= 0 && row->text->len && strncmp(g_ptr_array_index(row->text, 0), "\xEF\xBB\xBF", 3) == 0)
		row->bom = true;
	if (!r->header_read && rc != OCOP_EIO) {
		r->header_read = true;
		r->data_pos = ftell(r->fp);
		r->data_line = r->line;
	}
	return rc;
}

static int csv_rewind(ocop_rows *s)
{
	csv_rows *r = (csv_rows *)s;
	if (r->data_pos < 0 || fseek(r->fp, r->data_pos, SEEK_SET) != 0)
		return ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", s->path);
	r->line = r->data_line;
	r->eof = false;
	return 0;
}

static long long csv_offset(const ocop_rows *s)
{
	const csv_rows *r = (const csv_rows *)s;
	return (long long)ftell(r->fp);
}

static void csv_free(ocop_rows *s)
{
	csv_rows *r = (csv_rows *)s;
	if (r->fp)
		fclose(r->fp);
	g_string_free(r->field, TRUE);
}

static const ocop_rows_ops csv_ops = { csv_next, csv_rewind, csv_offset, csv_free };

/* UTF-16 text given for a CSV file: a message saying what to do, or NULL. */
static char *not_utf8(const unsigned char *h, size_t n, const char *path)
{
	if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF)))
		return g_strdup_printf(_("%s: this is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; in Excel choose File > "
		                         "Save As > CSV UTF-8 (Comma delimited) (*.csv), or give the workbook (.xlsx) itself"),
		                       path);
	return NULL;
}

int ocop_csv_open(ocop_rows **out, FILE *fp, const char *path, char separator)
{
	*out = NULL;
	csv_rows *r = g_new0(csv_rows, 1);
	r->base.ops = &csv_ops;
	r->base.path = g_strdup(path);
	r->fp = fp;
	r->line = 1;
	r->field = g_string_new(NULL);
	r->data_pos = -1;
	int err = 0;
	/* a UTF-8 BOM (Excel's "CSV UTF-8") is skipped */
	unsigned char bom[8];
	size_t n = fread(bom, 1, sizeof bom, fp);
	char *wrong = not_utf8(bom, n, path);
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
	r->base.sep = separator;
	if (!r->base.sep) {
		int c, commas = 0, semis = 0, tabs = 0;
		bool q = false;
		while ((c = getc_unlocked(fp)) != EOF && (q || (c != '\n' && c != '\r'))) {
			if (c == '"')
				q = !q;
			else if (!q && c == ',')
				commas++;
			else if (!q && c == ';')
				semis++;
			else if (!q && c == '\t')
				tabs++;
		}
		r->base.sep = tabs > commas && tabs > semis ? '\t' : semis > commas ? ';' : ',';
		if (fseek(fp, start, SEEK_SET) != 0)
			err = ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", path);
	}
done:
	if (err < 0) {
		ocop_rows_free(&r->base);
		return err;
	}
	*out = &r->base;
	return 0;
}
