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
	int copies_col;     /* column of copies / Số lượng, or -1 */
	GString *field;
	GPtrArray *row;     /* char* per field of the current row */
	bool eof;
	int nul_col;        /* 1-based column of a NUL byte in the current row, or 0 */
	bool *date_col;     /* per column: a date field */
	ocop_diags *diags;  /* warnings that need other rows: of the last row, or of the header after opening */
	ocop_rowcheck *check;
};

/* The fields a product file's columns can name, in the order messages list them. */
static const char *const canon[] = { "name", "producer", "address", "stars", "gtin", "growing_area",
	"packing_facility", "trace_url", "lot", "production_date", "expiry_date", "net_quantity",
	"origin", "ocop_cert_date", "copies", "serial", "variant", NULL };

/* Heading aliases as a clerk writes them (compared without regard to case, accents and spaces);
 * the first one of a field is the one that messages suggest. */
static const struct { const char *heading, *field; } aliases[] = {
	{ "Tên sản phẩm", "name" }, { "Tên SP", "name" }, { "Sản phẩm", "name" },
	{ "Chủ thể", "producer" }, { "Cơ sở sản xuất", "producer" }, { "Tên chủ thể", "producer" }, { "Nhà sản xuất", "producer" },
	{ "Địa chỉ", "address" }, { "Địa chỉ chủ thể", "address" },
	{ "Hạng sao", "stars" }, { "Số sao", "stars" }, { "Xếp hạng", "stars" }, { "Hạng", "stars" },
	{ "Mã vạch", "gtin" }, { "Mã GTIN", "gtin" }, { "EAN", "gtin" }, { "EAN13", "gtin" }, { "EAN 13", "gtin" }, { "Mã số mã vạch", "gtin" },
	{ "Mã số vùng trồng", "growing_area" }, { "Vùng trồng", "growing_area" }, { "PUC", "growing_area" },
	{ "Mã số cơ sở đóng gói", "packing_facility" }, { "Mã số CSĐG", "packing_facility" }, { "Cơ sở đóng gói", "packing_facility" }, { "PHC", "packing_facility" },
	{ "URL truy xuất", "trace_url" }, { "Link truy xuất", "trace_url" }, { "Đường dẫn truy xuất", "trace_url" },
	{ "Số lô", "lot" }, { "Lô", "lot" }, { "Lô sản xuất", "lot" },
	{ "NSX", "production_date" }, { "Ngày sản xuất", "production_date" },
	{ "HSD", "expiry_date" }, { "Hạn sử dụng", "expiry_date" },
	{ "Khối lượng tịnh", "net_quantity" }, { "Khối lượng", "net_quantity" }, { "KL tịnh", "net_quantity" }, { "Thể tích thực", "net_quantity" },
	{ "Xuất xứ", "origin" },
	{ "Ngày chứng nhận", "ocop_cert_date" }, { "Ngày cấp chứng nhận", "ocop_cert_date" }, { "Ngày chứng nhận OCOP", "ocop_cert_date" },
	{ "Số seri", "serial" }, { "Số sê ri", "serial" }, { "Số serial", "serial" }, { "Mã seri", "serial" },
	{ "Số lượng", "copies" }, { "Số bản", "copies" },
};

/* Lower case, accents removed (đ -> d), runs of space, '_' and '-' folded to one space, trimmed. */
static char *fold_heading(const char *h)
{
	char *nfd = g_utf8_normalize(h, -1, G_NORMALIZE_NFD);
	if (!nfd)
		return g_strdup("");
	GString *s = g_string_new(NULL);
	bool space = false;
	for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_combining_class(c) != 0 || g_unichar_type(c) == G_UNICODE_NON_SPACING_MARK)
			continue;
		if (c == 0x0111 || c == 0x0110)
			c = 'd';
		if (g_unichar_isspace(c) || c == '_' || c == '-' || c == 0xFEFF) {
			space = s->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(s, ' ');
		space = false;
		g_string_append_unichar(s, g_unichar_tolower(c));
	}
	g_free(nfd);
	return g_string_free(s, FALSE);
}

const char *ocop_field_for_heading(const char *heading)
{
	if (!heading)
		return NULL;
	char *f = fold_heading(heading);
	const char *out = NULL;
	for (size_t i = 0; !out && i < G_N_ELEMENTS(aliases); i++) {
		char *a = fold_heading(aliases[i].heading);
		if (strcmp(f, a) == 0)
			out = aliases[i].field;
		g_free(a);
	}
	/* canonical names, written with spaces or underscores */
	for (int i = 0; !out && canon[i]; i++) {
		char *c = fold_heading(canon[i]);
		if (strcmp(c, f) == 0)
			out = canon[i];
		g_free(c);
	}
	g_free(f);
	return out;
}

/* The heading that messages suggest for field, or NULL. */
static const char *main_heading(const char *field)
{
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
		if (strcmp(aliases[i].field, field) == 0)
			return aliases[i].heading;
	return NULL;
}

/* "name (Tên sản phẩm), producer (Chủ thể), ..." or, with or_heading, "name or Tên sản phẩm, ..." */
static void list_fields(GString *s, const char *const *fields, bool or_heading)
{
	for (int i = 0; fields[i]; i++) {
		const char *h = main_heading(fields[i]);
		g_string_append_printf(s, "%s%s", i ? ", " : "", fields[i]);
		if (h)
			g_string_append_printf(s, or_heading ? " or %s" : " (%s)", h);
	}
}

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
				return ocop_set_error(OCOP_EIO, "%s:%zu: read error: %s", r->path, r->line, g_strerror(errno));
			r->eof = true;
			if (quoted)
				return ocop_set_error(OCOP_EPARSE, "%s:%zu: a quoted field opened on this line is never closed (missing \")",
				                      r->path, r->row_line);
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
				return ocop_set_error(OCOP_EPARSE, "%s:%zu: row: more than %d columns (the limit)", r->path, r->row_line,
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
				return ocop_set_error(OCOP_EPARSE, "%s:%zu: %s: a field longer than %d bytes (the limit)", r->path, r->row_line,
				                      col <= (unsigned)r->n_cols && r->cols ? r->cols[col - 1] : "row", OCOP_MAX_FIELD_BYTES);
			return ocop_set_error(OCOP_EPARSE, "%s:%zu: row: longer than %d bytes (the limit)", r->path, r->row_line,
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
	if (opts->default_copies < 0 || opts->default_copies > 1000000)
		return ocop_set_error(OCOP_EINVAL, "copies: %ld is out of range (0 to 1000000)", opts->default_copies);
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
		err = ocop_set_error(OCOP_EPARSE, "%s", wrong);
		g_free(wrong);
		goto done;
	}
	long start = (n >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) ? 3 : 0;
	if (fseek(fp, start, SEEK_SET) != 0) {
		err = ocop_set_error(OCOP_EIO, "%s: cannot seek (read product files from a regular file)", path);
		goto done;
	}
	/* separator: the more frequent of ',' and ';' on the header line (outside quotes) */
	r->sep = opts->separator;
	if (!r->sep) {
		int c, commas = 0, semis = 0;
		bool q = false;
		while ((c = getc(fp)) != EOF && (q || (c != '\n' && c != '\r'))) {
			if (c == '"')
				q = !q;
			else if (!q && c == ',')
				commas++;
			else if (!q && c == ';')
				semis++;
		}
		r->sep = semis > commas ? ';' : ',';
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
		err = ocop_set_error(OCOP_EPARSE, "%s: the file is empty; the first line must name the columns (name, producer, address, stars, gtin, growing_area, packing_facility)", path);
		goto done;
	}
	r->n_cols = (int)r->row->len;
	r->cols = g_new0(char *, r->n_cols + 1);
	r->date_col = g_new0(bool, r->n_cols);
	GString *unknown = g_string_new(NULL);
	bool any_date = false;
	for (int i = 0; i < r->n_cols; i++) {
		const char *h = g_ptr_array_index(r->row, i);
		if (!g_utf8_validate(h, -1, NULL)) {
			err = ocop_set_error(OCOP_EPARSE, "%s:1: column %d: the heading is not valid UTF-8 (save the file as UTF-8)", path, i + 1);
			goto done;
		}
		const char *f = ocop_field_for_heading(h);
		char *trimmed = g_strstrip(g_strdup(h));
		r->cols[i] = g_strdup(f ? f : trimmed);
		if (!f && *trimmed) {
			g_string_append_printf(unknown, "%s'%s'", unknown->len ? ", " : "", trimmed);
			ocop_diags_add(r->diags, OCOP_SEVERITY_WARNING, trimmed,
			               "not a field name; the column is kept for templates that use {%s}", trimmed);
		}
		g_free(trimmed);
		r->date_col[i] = f && (strcmp(f, "production_date") == 0 || strcmp(f, "expiry_date") == 0 ||
		                       strcmp(f, "ocop_cert_date") == 0);
		any_date = any_date || r->date_col[i];
		if (f && strcmp(f, "copies") == 0)
			r->copies_col = i;
		for (int j = 0; j < i; j++)
			if (f && strcmp(r->cols[j], r->cols[i]) == 0) {
				err = ocop_set_error(OCOP_EPARSE, "%s:1: columns %d and %d both give the field %s", path, j + 1, i + 1, f);
				g_string_free(unknown, TRUE);
				goto done;
			}
	}
	if (unknown->len) {
		GString *all = g_string_new("the field names (and Vietnamese headings) a column can have: ");
		list_fields(all, canon, false);
		g_string_append(all, "; case, accents and spaces do not matter");
		ocop_diags_add(r->diags, OCOP_SEVERITY_WARNING, "header", "%s", all->str);
		g_string_free(all, TRUE);
	}
	static const char *const required[] = { "name", "producer", "address", "stars", "gtin", "growing_area", "packing_facility" };
	const char *missing[G_N_ELEMENTS(required) + 1] = { NULL };
	size_t n_missing = 0;
	for (size_t k = 0; k < G_N_ELEMENTS(required); k++) {
		bool found = false;
		for (int i = 0; i < r->n_cols; i++)
			found = found || strcmp(r->cols[i], required[k]) == 0;
		if (!found)
			missing[n_missing++] = required[k];
	}
	if (n_missing) {
		GString *m = g_string_new(NULL);
		for (size_t k = 0; k < n_missing; k++)
			g_string_append_printf(m, "%s%s", k ? ", " : "", missing[k]);
		g_string_append(m, n_missing == 1 ? "; name it " : "; name them ");
		list_fields(m, missing, true);
		if (unknown->len)
			g_string_append_printf(m, " (%s %s not %s)", unknown->str, strchr(unknown->str, ',') ? "are" : "is",
			                       strchr(unknown->str, ',') ? "field names" : "a field name");
		err = ocop_set_error(OCOP_EPARSE, "%s:1: missing required column%s: %s", path, n_missing > 1 ? "s" : "", m->str);
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
	g_string_free(r->field, TRUE);
	g_ptr_array_free(r->row, TRUE);
	g_free(r->date_col);
	ocop_diags_free(r->diags);
	ocop_rowcheck_free(r->check);
	g_free(r);
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
		return rc;
	if ((int)r->row->len != r->n_cols)
		return ocop_set_error(OCOP_EPARSE, "%s:%zu: row: %u fields, but the header has %d (check the separator '%c' and the quotes)",
		                      r->path, r->row_line, r->row->len, r->n_cols, r->sep);
	if (strncmp(g_ptr_array_index(r->row, 0), "\xEF\xBB\xBF", 3) == 0)
		return ocop_set_error(OCOP_EPARSE, "%s:%zu: row: starts with a byte-order mark (U+FEFF), as a file does: was "
		                      "another file joined on here? Remove the mark (and a second header line)", r->path, r->row_line);
	if (r->nul_col)
		return ocop_set_error(OCOP_EPARSE, "%s:%zu: %s: contains a NUL byte (the file may not be text)", r->path,
		                      r->row_line, r->nul_col <= r->n_cols ? r->cols[r->nul_col - 1] : "row");
	for (int i = 0; i < r->n_cols; i++) {
		const char *v = g_ptr_array_index(r->row, i);
		size_t len = strlen(v);
		if (i == r->copies_col) {
			char *end;
			long c = strtol(v, &end, 10);
			if (*v && (*end || c < 0 || c > 1000000))
				return ocop_set_error(OCOP_EPARSE, "%s:%zu: copies: '%s' is not a number of labels (0 to 1000000)", r->path, r->row_line, v);
			r->copies = *v ? c : r->default_copies;
			continue;
		}
		int err = ocop_record_set(rec, r->cols[i], v, (long)len);
		if (err < 0) {
			char *msg = g_strdup(ocop_error_last());
			ocop_set_error(err == OCOP_EUTF8 ? OCOP_EPARSE : err, "%s:%zu: %s", r->path, r->row_line, msg);
			g_free(msg);
			return err == OCOP_EUTF8 ? OCOP_EPARSE : err;
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
