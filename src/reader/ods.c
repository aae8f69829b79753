/* ocoplabel — OpenDocument spreadsheets (.ods) as a row source: content.xml streamed to the chosen table, repeated rows and cells without expanding empty ones. */
#include "workbook.h"
#include <stdlib.h>
#include <string.h>

/* the namespaces of OpenDocument's XML */
#define NS_OFFICE /* NOTR: an XML namespace */ "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE /* NOTR: an XML namespace */ "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT /* NOTR: an XML namespace */ "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_CALCEXT /* NOTR: an XML namespace */ "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"

typedef struct ods_rows {
	ocop_rows base;
	ocop_zip *z;
	ocop_xml *x;
	int table;            /* index of the chosen table */
	bool done;
	bool skip_hidden;
	size_t line;          /* rows so far (with their repeats) */
	size_t header_line, skip_to;
	/* a data row repeated by number-rows-repeated: handed out again */
	ocop_row repeat;
	unsigned long repeats_left;
} ods_rows;

static char *attr_ns(ocop_xml *x, const char *local, const char *ns) { return ocop_xml_attr_ns(x, local, ns); }

static bool is(ocop_xml *x, const char *local, const char *ns)
{
	return strcmp(ocop_xml_name(x), local) == 0 && strcmp(ocop_xml_ns(x), ns) == 0;
}

static unsigned long count_attr(ocop_xml *x, const char *local)
{
	char *v = attr_ns(x, local, NS_TABLE);
	unsigned long n = v ? strtoul(v, NULL, 10) : 1;
	g_free(v);
	return n ? n : 1;
}

/* Streams content.xml to the start of table number index (or the one named want when index < 0);
 * collects every table name into names when asked (then reads to the end). */
static int find_table(ods_rows *s, int index, GPtrArray *names)
{
	ocop_xml_free(s->x);
	s->x = NULL;
	/* NOTR: a part of the OpenDocument package */
	int err = ocop_xml_open(&s->x, s->z, "content.xml", OCOP_WB_MAX_SHEET);
	if (err < 0)
		return err;
	int rc, k = 0;
	while ((rc = ocop_xml_next(s->x)) == 1) {
		if (ocop_xml_type_of(s->x) != OCOP_XML_START || !is(s->x, "table", NS_TABLE))
			continue;
		if (names) {
			char *n = attr_ns(s->x, "name", NS_TABLE);
			if (names->len < 4096)
				g_ptr_array_add(names, n ? n : g_strdup("?"));
			else
				g_free(n);
			continue;
		}
		if (k++ == index)
			return 1;
	}
	return rc < 0 ? rc : 0;
}

/* The text of a cell: its paragraphs joined by line breaks, spans, <text:s text:c="N"/> spaces,
 * tabs and line breaks; annotations left out. The reader is at the cell's start element. */
static int cell_text(ods_rows *s, GString *out)
{
	ocop_xml *x = s->x;
	int depth = ocop_xml_depth(x), rc, paragraphs = 0, in_note = 0;
	while ((rc = ocop_xml_next(x)) == 1) {
		int type = ocop_xml_type_of(x);
		if (type == OCOP_XML_END && ocop_xml_depth(x) == depth)
			return 1;
		const char *n = ocop_xml_name(x);
		if (is(x, "annotation", NS_OFFICE)) {
			if (type == OCOP_XML_START && !ocop_xml_empty(x))
				in_note++;
			else if (type == OCOP_XML_END)
				in_note--;
			continue;
		}
		if (in_note)
			continue;
		if (type == OCOP_XML_START) {
			bool text_ns = strcmp(ocop_xml_ns(x), NS_TEXT) == 0;
			if (text_ns && strcmp(n, "p") == 0 && paragraphs++)
				g_string_append_c(out, '\n');
			else if (text_ns && strcmp(n, "s") == 0) {
				char *c = attr_ns(x, "c", NS_TEXT);
				long k = c ? atol(c) : 1;
				g_free(c);
				for (long i = 0; i < k && i < 1024 && out->len <= OCOP_MAX_FIELD_BYTES; i++)
					g_string_append_c(out, ' ');
			} else if (text_ns && strcmp(n, "tab") == 0)
				g_string_append_c(out, '\t');
			/* NOTR: an OpenDocument element */
			else if (text_ns && strcmp(n, "line-break") == 0)
				g_string_append_c(out, '\n');
		} else if (type == OCOP_XML_TEXT || type == OCOP_XML_SPACE) {
			const char *v = ocop_xml_text(x);
			if (v && out->len <= OCOP_MAX_FIELD_BYTES)
				g_string_append_len(out, v, (gssize)MIN(strlen(v), OCOP_MAX_FIELD_BYTES + 1 - out->len));
		}
	}
	return rc;
}

/* One cell (the reader at its start element) into row at column *col; *col moves past its repeats. */
static int read_cell(ods_rows *s, ocop_row *row, size_t *col, int *err)
{
	ocop_xml *x = s->x;
	bool empty_el = ocop_xml_empty(x);
	/* NOTR: an OpenDocument attribute */
	unsigned long rep = count_attr(x, "number-columns-repeated");
	/* NOTR: an OpenDocument attribute */
	char *type = attr_ns(x, "value-type", NS_OFFICE), *calc = attr_ns(x, "value-type", NS_CALCEXT);
	char *formula = attr_ns(x, "formula", NS_TABLE);
	/* every attribute before the cell's content is read: the reader is past the element after it */
	char *number = attr_ns(x, "value", NS_OFFICE);
	/* NOTR: an OpenDocument attribute */
	char *date = attr_ns(x, "date-value", NS_OFFICE);
	/* NOTR: an OpenDocument attribute */
	char *boolean = attr_ns(x, "boolean-value", NS_OFFICE);
	/* NOTR: an OpenDocument attribute */
	char *string = attr_ns(x, "string-value", NS_OFFICE);
	GString *text = g_string_new(NULL);
	int rc = 1;
	if (!empty_el)
		rc = cell_text(s, text);
	ocop_cell_kind kind = OCOP_CELL_EMPTY;
	char *value = NULL;
	if (calc && strcmp(calc, "error") == 0) {
		kind = OCOP_CELL_ERROR;
		value = g_strdup(text->str);
	} else if (!type) {
		if (formula) {
			kind = OCOP_CELL_NO_VALUE;
			value = g_strdup(formula);
		} else if (text->len) {
			kind = OCOP_CELL_TEXT; /* text without a value type: as shown */
			value = g_strdup(text->str);
		}
	} else if (strcmp(type, "float") == 0 || strcmp(type, "percentage") == 0 || strcmp(type, "currency") == 0) {
		value = g_strdup(number);
		kind = value ? OCOP_CELL_NUMBER : OCOP_CELL_EMPTY;
	} else if (strcmp(type, "date") == 0) {
		value = date ? ocop_iso_date(date) : NULL;
		if (!value)
			ocop_cell_problem(&s->base, *col, row->line, err, N_("'%s' is not a date"), date ? date : "");
		kind = OCOP_CELL_DATE;
	} else if (strcmp(type, "boolean") == 0) {
		kind = OCOP_CELL_BOOL;
		value = g_strdup(boolean && strcmp(boolean, "true") == 0 ? "TRUE" : "FALSE");
	} else {
		/* string, time: the text as shown (a formula's string result may be only in string-value) */
		kind = OCOP_CELL_TEXT;
		value = g_strdup(string && !text->len ? string : text->str);
	}
	char lim[32];
	if (value && strlen(value) > OCOP_MAX_FIELD_BYTES) {
		ocop_cell_problem(&s->base, *col, row->line, err, N_("longer than %s bytes (the limit)"),
		                  ocop_format_count(lim, sizeof lim, OCOP_MAX_FIELD_BYTES));
		kind = OCOP_CELL_EMPTY;
	}
	if (kind != OCOP_CELL_EMPTY && value) {
		if (*col + rep > OCOP_MAX_COLUMNS)
			ocop_cell_problem(&s->base, *col, row->line, err, N_("the table reaches beyond column %s (the limit)"),
			                  ocop_format_count(lim, sizeof lim, OCOP_MAX_COLUMNS));
		else
			for (unsigned long i = 0; i < rep; i++)
				ocop_row_set(row, *col + i, kind, g_strdup(value));
	}
	*col += rep > OCOP_MAX_COLUMNS ? OCOP_MAX_COLUMNS : rep;
	g_free(value);
	g_free(type);
	g_free(calc);
	g_free(formula);
	g_free(number);
	g_free(date);
	g_free(boolean);
	g_free(string);
	g_string_free(text, TRUE);
	return rc;
}

/* The next table row with its repeat count; 0 at the table's end. */
static int read_row(ods_rows *s, ocop_row *row, unsigned long *repeat)
{
	ocop_xml *x = s->x;
	int rc, err = 0;
	ocop_row_clear(row);
	while ((rc = ocop_xml_next(x)) == 1) {
		int type = ocop_xml_type_of(x);
		if (type == OCOP_XML_END && is(x, "table", NS_TABLE))
			return 0;
		/* NOTR: an OpenDocument element */
		if (type != OCOP_XML_START || !is(x, "table-row", NS_TABLE))
			continue;
		/* NOTR: an OpenDocument attribute */
		*repeat = count_attr(x, "number-rows-repeated");
		char *vis = attr_ns(x, "visibility", NS_TABLE);
		row->hidden = vis && (strcmp(vis, "collapse") == 0 || strcmp(vis, "filter") == 0);
		g_free(vis);
		row->line = s->line + 1;
		if (ocop_xml_empty(x))
			return 1;
		int depth = ocop_xml_depth(x);
		size_t col = 0;
		while ((rc = ocop_xml_next(x)) == 1) {
			int t = ocop_xml_type_of(x);
			if (t == OCOP_XML_END && ocop_xml_depth(x) == depth)
				break;
			if (t == OCOP_XML_START && ocop_xml_depth(x) == depth + 1 &&
			    /* NOTR: an OpenDocument element */
			    (is(x, "table-cell", NS_TABLE) ||
			     /* NOTR: an OpenDocument element */
			     is(x, "covered-table-cell", NS_TABLE)))
				if ((rc = read_cell(s, row, &col, &err)) < 0)
					break;
		}
		if (rc < 0)
			return ocop_xml_fatal(rc);
		return err ? err : 1;
	}
	return rc < 0 ? ocop_xml_fatal(rc) : rc;
}

static void row_copy(ocop_row *to, const ocop_row *from)
{
	ocop_row_clear(to);
	for (guint i = 0; i < from->text->len; i++)
		ocop_row_set(to, i, (ocop_cell_kind)from->kind->data[i], g_strdup(g_ptr_array_index(from->text, i)));
	to->line = from->line;
	to->hidden = from->hidden;
}

static int ods_next(ocop_rows *base, ocop_row *row)
{
	ods_rows *s = (ods_rows *)base;
	for (;;) {
		int rc;
		if (s->repeats_left) {
			/* the same row again, one line further */
			s->repeats_left--;
			row_copy(row, &s->repeat);
			row->line = ++s->line;
			rc = 1;
		} else {
			if (s->done) {
				ocop_row_clear(row);
				row->line = s->line + 1;
				return 0;
			}
			unsigned long rep = 1;
			rc = read_row(s, row, &rep);
			if (rc == 0) {
				s->done = true;
				row->line = s->line + 1;
				return 0;
			}
			if (rc == OCOP_EPARSE) {
				s->line += rep;
				return rc;
			}
			if (rc < 0) {
				s->done = true;
				return rc;
			}
			if (ocop_row_blank(row)) {
				/* empty rows, however many they claim, are only counted */
				s->line += rep;
				continue;
			}
			s->line++;
			if (s->line + (rep - 1) > OCOP_WB_MAX_ROWS) {
				s->done = true;
				return ocop_too_many_rows(&s->base, s->line + (rep - 1));
			}
			if (rep > 1) {
				row_copy(&s->repeat, row);
				s->repeats_left = rep - 1;
			}
		}
		if (row->line <= s->skip_to)
			continue;
		if (row->hidden && s->skip_hidden && s->header_line)
			continue;
		if (!s->header_line)
			s->header_line = row->line;
		return rc;
	}
}

static int ods_rewind(ocop_rows *base)
{
	ods_rows *s = (ods_rows *)base;
	int rc = find_table(s, s->table, NULL);
	if (rc < 0)
		return rc;
	s->skip_to = s->header_line;
	s->line = 0;
	s->done = rc == 0;
	s->repeats_left = 0;
	return 0;
}

static long long ods_offset(const ocop_rows *base)
{
	return ocop_zip_offset(((const ods_rows *)base)->z);
}

static void ods_free(ocop_rows *base)
{
	ods_rows *s = (ods_rows *)base;
	ocop_xml_free(s->x);
	ocop_zip_free(s->z);
	g_ptr_array_free(s->repeat.text, TRUE);
	g_byte_array_free(s->repeat.kind, TRUE);
}

static const ocop_rows_ops ods_ops = { ods_next, ods_rewind, ods_offset, ods_free };

int ocop_ods_open(ocop_rows **out, ocop_zip *z, const ocop_reader_options *opts)
{
	*out = NULL;
	ods_rows *s = g_new0(ods_rows, 1);
	s->base.ops = &ods_ops;
	s->base.path = g_strdup(ocop_zip_path(z));
	s->base.workbook = true;
	s->base.sep = ',';
	s->z = z;
	s->skip_hidden = opts->skip_hidden;
	s->repeat.text = g_ptr_array_new_with_free_func(g_free);
	s->repeat.kind = g_byte_array_new();
	int err = 0;
	/* an encrypted package: the manifest says so, and content.xml is not XML */
	char *manifest = NULL;
	size_t len;
	/* NOTR: a part of the OpenDocument package */
	if (ocop_zip_has(z, "META-INF/manifest.xml") && ocop_zip_read(z, "META-INF/manifest.xml", &manifest, &len) == 0 &&
	    /* NOTR: an element of the manifest */
	    strstr(manifest, "encryption-data")) {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_ENCRYPTED, "%s: the workbook is password-protected; open "
		                        "it in LibreOffice, remove the password (File > Properties > Security) and save it "
		                        "again", s->base.path);
		g_free(manifest);
		goto done;
	}
	g_free(manifest);
	/* NOTR: a part of the OpenDocument package */
	if (!ocop_zip_has(z, "content.xml")) {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: an OpenDocument file without content.xml "
		                        "(is it damaged?)", s->base.path);
		goto done;
	}
	/* the sheet names (one pass that skips each table's content) */
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	err = find_table(s, -1, names);
	g_ptr_array_add(names, NULL);
	s->base.sheets = g_strdupv((char **)names->pdata);
	g_ptr_array_free(names, TRUE);
	if (err < 0)
		goto done;
	if (!s->base.sheets[0]) {
		err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_SHEET, "%s: the workbook has no worksheets (is it a "
		                        "spreadsheet? a text document or a drawing?)", s->base.path);
		goto done;
	}
	s->table = ocop_pick_sheet(s->base.sheets, opts->worksheet);
	if (s->table < 0) {
		err = ocop_no_such_sheet(s->base.path, s->base.sheets, opts->worksheet);
		goto done;
	}
	s->base.sheet = g_strdup(s->base.sheets[s->table]);
	int rc = find_table(s, s->table, NULL);
	err = rc < 0 ? rc : 0;
	s->done = rc == 0;
done:
	if (err < 0) {
		ocop_rows_free(&s->base);
		return err;
	}
	*out = &s->base;
	return 0;
}
