/* ocoplabel — Excel workbooks (.xlsx) as a row source: the workbook and its relationships, shared strings, date styles, one worksheet streamed row by row. */
#include "workbook.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct xlsx_rows {
	ocop_rows base;
	ocop_zip *z;
	char *sheet_part;
	bool date1904;
	GByteArray *date_xf;      /* per cell style (s="N"): 1 when its number format is a date */
	GString *sst;             /* shared strings: their text, each NUL-terminated */
	GArray *sst_at;           /* gsize offset of string i in sst */
	ocop_xml *x;
	bool done;
	bool skip_hidden;
	size_t header_line;       /* the header's row number once read; rewind skips to after it */
	size_t skip_to;
	size_t last_row;
} xlsx_rows;

/* "PATH: message": fmt is translated here, callers mark it N_() */
static int refused(ocop_zip *z, const char *code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int refused(ocop_zip *z, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = g_strdup_vprintf(_(fmt), ap);
	va_end(ap);
	int err = ocop_set_error_at(OCOP_EPARSE, NULL, code, "%s: %s", ocop_zip_path(z), m);
	g_free(m);
	return err;
}

/* A part's name from a relationship target: relative to the folder of the part holding it, or
 * absolute from the root ("/xl/..."); "." and ".." resolved. */
static char *resolve(const char *base_dir, const char *target)
{
	char *joined = target[0] == '/' ? g_strdup(target + 1) : g_strconcat(base_dir, *base_dir ? "/" : "", target, NULL);
	char **parts = g_strsplit(joined, "/", -1);
	GPtrArray *out = g_ptr_array_new();
	for (char **p = parts; *p; p++) {
		if (!**p || strcmp(*p, ".") == 0)
			continue;
		if (strcmp(*p, "..") == 0) {
			if (out->len)
				g_ptr_array_remove_index(out, out->len - 1);
			continue;
		}
		g_ptr_array_add(out, *p);
	}
	g_ptr_array_add(out, NULL);
	char *name = g_strjoinv("/", (char **)out->pdata);
	g_ptr_array_free(out, TRUE);
	g_strfreev(parts);
	g_free(joined);
	return name;
}

/* The Relationship elements of a .rels part: Id -> resolved target, and the target of the
 * first relationship whose Type ends with type_suffix (when asked). */
static int read_rels(ocop_zip *z, const char *rels, const char *base_dir, GHashTable *by_id, const char *type_suffix,
                     char **typed, GHashTable *types)
{
	ocop_xml *x;
	int err = ocop_xml_open(&x, z, rels, OCOP_WB_MAX_SMALL_PART);
	if (err < 0)
		return err;
	int rc;
	while ((rc = ocop_xml_next(x)) == 1) {
		if (ocop_xml_type_of(x) != OCOP_XML_START || strcmp(ocop_xml_name(x), "Relationship") != 0)
			continue;
		char *id = ocop_xml_attr(x, "Id"), *target = ocop_xml_attr(x, "Target"), *type = ocop_xml_attr(x, "Type");
		char *mode = ocop_xml_attr(x, "TargetMode");
		if (target && !(mode && strcmp(mode, "External") == 0)) {
			char *name = resolve(base_dir, target);
			if (typed && !*typed && type && g_str_has_suffix(type, type_suffix))
				*typed = g_strdup(name);
			if (by_id && id) {
				g_hash_table_replace(by_id, g_strdup(id), g_strdup(name));
				if (types)
					g_hash_table_replace(types, g_strdup(id), g_strdup(type ? type : ""));
			}
			g_free(name);
		}
		g_free(id);
		g_free(target);
		g_free(type);
		g_free(mode);
	}
	ocop_xml_free(x);
	return rc < 0 ? rc : 0;
}

/* Whether a number format code shows a date: it has a day or year part (d, y), or a month with
 * neither hours nor seconds, outside quoted text, [..] sections and escaped characters. */
static bool date_format(const char *code)
{
	bool d = false, m = false, hs = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
		} else if (*p == ';') {
			break; /* the first section (positive numbers) decides */
		} else {
			char c = g_ascii_tolower(*p);
			d = d || c == 'd' || c == 'y'; /* (not e: General, and 0.00E+00, have one) */
			m = m || c == 'm';
			hs = hs || c == 'h' || c == 's';
		}
	}
	return d || (m && !hs);
}

/* Built-in number formats that are dates (ECMA-376 18.8.30, and the East Asian ones Excel writes). */
static bool builtin_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static int read_styles(xlsx_rows *s, const char *part)
{
	ocop_zip *z = s->z;
	ocop_xml *x;
	int err = ocop_xml_open(&x, z, part, OCOP_WB_MAX_SMALL_PART);
	if (err < 0)
		return err;
	GHashTable *custom = g_hash_table_new(g_direct_hash, g_direct_equal); /* numFmtId -> 1 date, 2 not */
	bool in_xfs = false;
	int rc;
	while ((rc = ocop_xml_next(x)) == 1) {
		int type = ocop_xml_type_of(x);
		const char *n = ocop_xml_name(x);
		if (type == OCOP_XML_END && strcmp(n, "cellXfs") == 0)
			in_xfs = false;
		if (type != OCOP_XML_START)
			continue;
		if (strcmp(n, "numFmt") == 0) {
			char *id = ocop_xml_attr(x, "numFmtId"), *code = ocop_xml_attr(x, "formatCode");
			if (id && code)
				g_hash_table_replace(custom, GINT_TO_POINTER(atoi(id)), GINT_TO_POINTER(date_format(code) ? 1 : 2));
			g_free(id);
			g_free(code);
		} else if (strcmp(n, "cellXfs") == 0) {
			in_xfs = !ocop_xml_empty(x);
		} else if (in_xfs && strcmp(n, "xf") == 0) {
			char *id = ocop_xml_attr(x, "numFmtId");
			long f = id ? atol(id) : 0;
			int c = GPOINTER_TO_INT(g_hash_table_lookup(custom, GINT_TO_POINTER((int)f)));
			guint8 date = c ? c == 1 : builtin_date(f);
			if (s->date_xf->len < 65536)
				g_byte_array_append(s->date_xf, &date, 1);
			g_free(id);
		}
	}
	g_hash_table_destroy(custom);
	ocop_xml_free(x);
	return rc < 0 ? rc : 0;
}

/* ST_Xstring escapes: _xHHHH_ is the character U+HHHH (Excel writes _x000D_ for a carriage return). */
static void unescape_x(GString *t, gsize from)
{
	if (!strstr(t->str + from, "_x"))
		return;
	GString *o = g_string_new(NULL);
	for (const char *p = t->str + from; *p;) {
		if (p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) && g_ascii_isxdigit(p[4]) &&
		    g_ascii_isxdigit(p[5]) && p[6] == '_') {
			gunichar c = (gunichar)strtoul((char[]){ p[2], p[3], p[4], p[5], 0 }, NULL, 16);
			if (c && g_unichar_validate(c))
				g_string_append_unichar(o, c);
			p += 7;
		} else {
			g_string_append_c(o, *p++);
		}
	}
	g_string_truncate(t, from);
	g_string_append(t, o->str);
	g_string_free(o, TRUE);
}

static int read_strings(xlsx_rows *s, const char *part)
{
	ocop_zip *z = s->z;
	ocop_xml *x;
	int err = ocop_xml_open(&x, z, part, OCOP_WB_MAX_STRINGS_PART);
	if (err < 0)
		return err;
	int rc, in_t = 0, in_rph = 0;
	gsize start = 0;
	while ((rc = ocop_xml_next(x)) == 1) {
		int type = ocop_xml_type_of(x);
		const char *n = ocop_xml_name(x);
		bool empty = type == OCOP_XML_START && ocop_xml_empty(x);
		if (type == OCOP_XML_START && strcmp(n, "si") == 0) {
			if (s->sst_at->len >= OCOP_WB_MAX_STRINGS) {
				char lim[32];
				rc = refused(z, OCOP_CODE_LIMIT, N_("%s: more than %s shared strings (the limit)"), part,
				             ocop_format_count(lim, sizeof lim, OCOP_WB_MAX_STRINGS));
				break;
			}
			start = s->sst->len;
			g_array_append_val(s->sst_at, start);
			if (empty)
				g_string_append_c(s->sst, 0);
		} else if (type == OCOP_XML_END && strcmp(n, "si") == 0) {
			unescape_x(s->sst, start);
			g_string_append_c(s->sst, 0);
		} else if (strcmp(n, "t") == 0 && !empty) {
			in_t += type == OCOP_XML_START ? 1 : type == OCOP_XML_END ? -1 : 0;
		} else if (strcmp(n, "rPh") == 0 && !empty) {
			in_rph += type == OCOP_XML_START ? 1 : type == OCOP_XML_END ? -1 : 0;
		} else if (in_t > 0 && !in_rph &&
		           (type == OCOP_XML_TEXT || type == OCOP_XML_SPACE ||
		            type == OCOP_XML_BLANK)) {
			const char *v = ocop_xml_text(x);
			g_string_append(s->sst, v);
			if (s->sst->len > OCOP_WB_MAX_STRINGS_TEXT) {
				rc = refused(z, OCOP_CODE_LIMIT, N_("%s: the shared strings hold over %lld MB of text (the limit)"), part,
				             OCOP_WB_MAX_STRINGS_TEXT >> 20);
				break;
			}
		}
	}
	ocop_xml_free(x);
	return rc < 0 ? (rc == 1 ? OCOP_ELIMIT : rc) : 0;
}

/* ---- the worksheet ---- */

static int open_sheet(xlsx_rows *s)
{
	ocop_xml_free(s->x);
	s->x = NULL;
	s->done = false;
	s->last_row = 0;
	return ocop_xml_open(&s->x, s->z, s->sheet_part, OCOP_WB_MAX_SHEET);
}

/* A number cell's text for a date style: dd/mm/yyyy, or NULL when the number is no date. */
static char *serial_date(const xlsx_rows *s, const char *v)
{
	char *end;
	double serial = g_ascii_strtod(v, &end);
	if (*end || !isfinite(serial) || serial < 1 || serial > 2958465)
		return NULL;
	long long day = (long long)floor(serial), days;
	if (s->date1904)
		days = day - 24107; /* day 0 is 1904-01-01 */
	else if (day == 60)
		return NULL; /* 29/02/1900, which Excel counts but never was */
	else
		days = day < 60 ? day - 25568 : day - 25569; /* day 1 is 1900-01-01; day 61 is 1900-03-01 */
	char buf[16];
	return ocop_date_text(buf, sizeof buf, days) ? g_strdup(buf) : NULL;
}

/* An ISO 8601 date (t="d" cells, ODS date values): dd/mm/yyyy, or NULL. */
char *ocop_iso_date(const char *v)
{
	int y, m, d;
	char rest;
	if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &rest) < 3 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return NULL;
	return g_strdup_printf("%02d/%02d/%04d", d, m, y);
}

typedef struct cell {
	GString *v, *f, *is;
	char *t;
	long style;
	size_t col;
	bool in_v, in_f, in_is_t, in_rph, has_v, has_f;
} cell;

/* The cell's kind and text into the row. */
static void end_cell(xlsx_rows *s, ocop_row *row, cell *c, int *err)
{
	const char *t = c->t ? c->t : "n";
	ocop_cell_kind kind = OCOP_CELL_EMPTY;
	char *text = NULL;
	if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(c->v->str, &end, 10);
		if (!c->has_v) {
			kind = OCOP_CELL_EMPTY;
		} else if (*end || !*c->v->str || i >= s->sst_at->len) {
			ocop_cell_problem(&s->base, c->col, row->line, err,
			                  N_("refers to shared string %s, which the workbook does not have"), c->v->str);
			return;
		} else {
			kind = OCOP_CELL_TEXT;
			text = g_strdup(s->sst->str + g_array_index(s->sst_at, gsize, i));
		}
	} else if (strcmp(t, "inlineStr") == 0) {
		unescape_x(c->is, 0);
		kind = OCOP_CELL_TEXT;
		text = g_strdup(c->is->str);
	} else if (!c->has_v || (c->has_f && !*c->v->str)) {
		if (c->has_f) { /* a formula without a saved result (no <v>, or an empty one) */
			kind = OCOP_CELL_NO_VALUE;
			text = g_strdup(c->f->str);
		}
	} else if (strcmp(t, "str") == 0) {
		unescape_x(c->v, 0);
		kind = OCOP_CELL_TEXT;
		text = g_strdup(c->v->str);
	} else if (strcmp(t, "b") == 0) {
		kind = OCOP_CELL_BOOL;
		text = g_strdup(strcmp(c->v->str, "1") == 0 || g_ascii_strcasecmp(c->v->str, "true") == 0 ? "TRUE" : "FALSE");
	} else if (strcmp(t, "e") == 0) {
		kind = OCOP_CELL_ERROR;
		text = g_strdup(c->v->str);
	} else if (strcmp(t, "d") == 0) {
		text = ocop_iso_date(c->v->str);
		if (!text) {
			ocop_cell_problem(&s->base, c->col, row->line, err, N_("'%s' is not a date"), c->v->str);
			return;
		}
		kind = OCOP_CELL_DATE;
	} else {
		g_strstrip(c->v->str);
		if (c->style >= 0 && (guint)c->style < s->date_xf->len && s->date_xf->data[c->style]) {
			text = serial_date(s, c->v->str);
			kind = text ? OCOP_CELL_DATE : OCOP_CELL_NUMBER;
		}
		if (!text) {
			kind = OCOP_CELL_NUMBER;
			text = g_strdup(c->v->str);
		}
	}
	if (text && strlen(text) > OCOP_MAX_FIELD_BYTES) {
		g_free(text);
		char lim[32];
		ocop_cell_problem(&s->base, c->col, row->line, err, N_("longer than %s bytes (the limit)"),
		                  ocop_format_count(lim, sizeof lim, OCOP_MAX_FIELD_BYTES));
		return;
	}
	if (kind != OCOP_CELL_EMPTY)
		ocop_row_set(row, c->col, kind, text ? text : g_strdup(""));
	else
		g_free(text);
}

static void cell_reset(cell *c)
{
	g_string_truncate(c->v, 0);
	g_string_truncate(c->f, 0);
	g_string_truncate(c->is, 0);
	g_free(c->t);
	c->t = NULL;
	c->style = -1;
	c->in_v = c->in_f = c->in_is_t = c->in_rph = c->has_v = c->has_f = false;
}

/* Reads up to the end of the next <row> into row. */
static int read_row(xlsx_rows *s, ocop_row *row)
{
	ocop_xml *x = s->x;
	cell c = { g_string_new(NULL), g_string_new(NULL), g_string_new(NULL), NULL, -1, 0, false, false, false, false,
	           false, false };
	int rc, err = 0;
	bool in_row = false, in_cell = false, in_is = false;
	size_t next_col = 0;
	ocop_row_clear(row);
	while ((rc = ocop_xml_next(x)) == 1) {
		int type = ocop_xml_type_of(x);
		const char *n = ocop_xml_name(x);
		bool el = type == OCOP_XML_START, end = type == OCOP_XML_END;
		bool empty = el && ocop_xml_empty(x);
		if (!in_row) {
			if (el && strcmp(n, "row") == 0) {
				char *r = ocop_xml_attr(x, "r"), *h = ocop_xml_attr(x, "hidden");
				long num = r ? atol(r) : 0;
				row->line = num > 0 && (size_t)num > s->last_row ? (size_t)num : s->last_row + 1;
				s->last_row = row->line;
				row->hidden = h && (strcmp(h, "1") == 0 || strcmp(h, "true") == 0);
				g_free(r);
				g_free(h);
				next_col = 0;
				if (empty)
					goto row_end;
				in_row = true;
			} else if (end && strcmp(n, "sheetData") == 0) {
				s->done = true;
				rc = 0;
				break;
			}
			continue;
		}
		if (el && strcmp(n, "c") == 0) {
			cell_reset(&c);
			char *r = ocop_xml_attr(x, "r"), *st = ocop_xml_attr(x, "s");
			size_t col = next_col, rr;
			if (r && !ocop_cell_ref(r, &col, &rr))
				col = next_col;
			c.t = ocop_xml_attr(x, "t");
			c.style = st ? atol(st) : -1;
			c.col = col;
			next_col = col + 1;
			g_free(r);
			g_free(st);
			if (col >= OCOP_MAX_COLUMNS) {
				char lim[32];
				ocop_cell_problem(&s->base, col, row->line, &err, N_("beyond column %s (the limit)"),
				                  ocop_format_count(lim, sizeof lim, OCOP_MAX_COLUMNS));
				c.col = OCOP_MAX_COLUMNS; /* read on, keep nothing */
			}
			in_cell = !empty; /* <c r="B5" s="2"/>: a formatted empty cell has nothing more */
		} else if (in_cell && end && strcmp(n, "c") == 0) {
			in_cell = false;
			if (c.col < OCOP_MAX_COLUMNS)
				end_cell(s, row, &c, &err);
		} else if (in_cell && (strcmp(n, "v") == 0 || strcmp(n, "f") == 0 || strcmp(n, "is") == 0 ||
		                       strcmp(n, "rPh") == 0 || (in_is && strcmp(n, "t") == 0))) {
			bool open = el && !empty;
			if (strcmp(n, "v") == 0) {
				c.in_v = open;
				c.has_v = c.has_v || el;
			} else if (strcmp(n, "f") == 0) {
				c.in_f = open;
				c.has_f = c.has_f || el;
			} else if (strcmp(n, "is") == 0) {
				in_is = open;
			} else if (strcmp(n, "rPh") == 0) {
				c.in_rph = open;
			} else {
				c.in_is_t = open;
			}
		} else if (in_cell && (type == OCOP_XML_TEXT || type == OCOP_XML_SPACE ||
		                       type == OCOP_XML_BLANK)) {
			const char *v = ocop_xml_text(x);
			GString *to = c.in_v ? c.v : c.in_f ? c.f : (c.in_is_t && !c.in_rph) ? c.is : NULL;
			if (to && v) {
				/* at most one byte over the limit: end_cell then refuses the cell */
				size_t room = OCOP_MAX_FIELD_BYTES + 1 > to->len ? OCOP_MAX_FIELD_BYTES + 1 - to->len : 0;
				g_string_append_len(to, v, (gssize)MIN(strlen(v), room));
			}
		} else if (end && strcmp(n, "row") == 0) {
			goto row_end;
		}
		continue;
	row_end:
		rc = 1;
		break;
	}
	g_string_free(c.v, TRUE);
	g_string_free(c.f, TRUE);
	g_string_free(c.is, TRUE);
	g_free(c.t);
	if (rc < 0) {
		s->done = true;
		return ocop_xml_fatal(rc);
	}
	if (rc == 0) {
		s->done = true;
		row->line = s->last_row + 1;
		return 0;
	}
	return err ? err : 1;
}

static int xlsx_next(ocop_rows *base, ocop_row *row)
{
	xlsx_rows *s = (xlsx_rows *)base;
	for (;;) {
		if (s->done) {
			ocop_row_clear(row);
			row->line = s->last_row + 1;
			return 0;
		}
		int rc = read_row(s, row);
		if (rc == 0 || (rc < 0 && rc != OCOP_EPARSE))
			return rc;
		if (row->line > OCOP_WB_MAX_ROWS && !ocop_row_blank(row)) {
			s->done = true;
			return ocop_too_many_rows(&s->base, row->line);
		}
		if (row->line <= s->skip_to)
			continue;
		if (rc == 1 && row->hidden && s->skip_hidden && s->header_line)
			continue;
		if (!s->header_line && rc == 1 && row->text->len)
			s->header_line = row->line;
		return rc;
	}
}

static int xlsx_rewind(ocop_rows *base)
{
	xlsx_rows *s = (xlsx_rows *)base;
	s->skip_to = s->header_line;
	return open_sheet(s);
}

static long long xlsx_offset(const ocop_rows *base)
{
	return ocop_zip_offset(((const xlsx_rows *)base)->z);
}

static void xlsx_free(ocop_rows *base)
{
	xlsx_rows *s = (xlsx_rows *)base;
	ocop_xml_free(s->x);
	ocop_zip_free(s->z);
	g_free(s->sheet_part);
	g_byte_array_free(s->date_xf, TRUE);
	g_string_free(s->sst, TRUE);
	g_array_free(s->sst_at, TRUE);
}

static const ocop_rows_ops xlsx_ops = { xlsx_next, xlsx_rewind, xlsx_offset, xlsx_free };

/* The sheet list of the workbook part and the chosen sheet's relationship id. */
typedef struct sheet_entry {
	char *name, *rid;
} sheet_entry;

/* Sheet opts->worksheet: by name (exactly, then ignoring case), or by number 1..N; the first
 * when NULL. -1 when there is none such. */
int ocop_pick_sheet(char **names, const char *want)
{
	int n = (int)g_strv_length(names);
	if (!want || !*want)
		return n > 0 ? 0 : -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return i;
	for (int i = 0; i < n; i++) {
		char *a = g_utf8_casefold(names[i], -1), *b = g_utf8_casefold(want, -1);
		bool same = strcmp(a, b) == 0;
		g_free(a);
		g_free(b);
		if (same)
			return i;
	}
	char *end;
	long k = strtol(want, &end, 10);
	if (!*end && k >= 1 && k <= n)
		return (int)k - 1;
	return -1;
}

/* "'Ghi chú', 'Sản phẩm'" */
char *ocop_sheet_list_text(char **names)
{
	GString *g = g_string_new(NULL);
	for (char **p = names; *p; p++)
		g_string_append_printf(g, "%s'%s'", g->len ? ", " : "", *p);
	return g_string_free(g, FALSE);
}

int ocop_no_such_sheet(const char *path, char **names, const char *want)
{
	char *list = ocop_sheet_list_text(names);
	char n[32];
	int err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_SHEET,
	                            "%s: the workbook has no sheet '%s'; its sheets: %s (name one, or give its number, "
	                            "1 to %s)", path, want, list, ocop_format_count(n, sizeof n, g_strv_length(names)));
	g_free(list);
	return err;
}

int ocop_xlsx_open(ocop_rows **out, ocop_zip *z, const ocop_reader_options *opts)
{
	*out = NULL;
	xlsx_rows *s = g_new0(xlsx_rows, 1);
	s->base.ops = &xlsx_ops;
	s->base.path = g_strdup(ocop_zip_path(z));
	s->base.workbook = true;
	s->base.sep = ',';
	s->z = z;
	s->date_xf = g_byte_array_new();
	s->sst = g_string_new(NULL);
	s->sst_at = g_array_new(FALSE, FALSE, sizeof(gsize));
	s->skip_hidden = opts->skip_hidden;
	GHashTable *rel = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GHashTable *rel_type = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free), *rids = g_ptr_array_new_with_free_func(g_free);
	char *wb = NULL, *wb_dir = NULL, *wb_rels = NULL, *strings = NULL, *styles = NULL;
	int err = 0, rc;
	/* the workbook part: the package's officeDocument relationship */
	if (ocop_zip_has(z, "_rels/.rels") &&
	    (err = read_rels(z, "_rels/.rels", "", NULL, "/officeDocument", &wb, NULL)) < 0)
		goto done;
	if (!wb)
		/* NOTR: the workbook part's usual name */
		wb = g_strdup("xl/workbook.xml");
	if (!ocop_zip_has(z, wb)) {
		err = refused(z, OCOP_CODE_WORKBOOK, N_("this is a zip file with [Content_Types].xml but no workbook part (%s): "
		                                        "not an Excel workbook (a Word or PowerPoint file?)"), wb);
		goto done;
	}
	wb_dir = g_path_get_dirname(wb);
	if (strcmp(wb_dir, ".") == 0) {
		g_free(wb_dir);
		wb_dir = g_strdup("");
	}
	char *base = g_path_get_basename(wb);
	wb_rels = g_strdup_printf("%s%s_rels/%s.rels", wb_dir, *wb_dir ? "/" : "", base);
	g_free(base);
	if (ocop_zip_has(z, wb_rels) && (err = read_rels(z, wb_rels, wb_dir, rel, "/sharedStrings", &strings, rel_type)) < 0)
		goto done;
	if (ocop_zip_has(z, wb_rels) && (err = read_rels(z, wb_rels, wb_dir, NULL, "/styles", &styles, NULL)) < 0)
		goto done;
	/* the sheets, in workbook order, and the date system */
	ocop_xml *x;
	if ((err = ocop_xml_open(&x, z, wb, OCOP_WB_MAX_SMALL_PART)) < 0)
		goto done;
	while ((rc = ocop_xml_next(x)) == 1) {
		if (ocop_xml_type_of(x) != OCOP_XML_START)
			continue;
		const char *n = ocop_xml_name(x);
		if (strcmp(n, "workbookPr") == 0) {
			char *d = ocop_xml_attr(x, "date1904");
			s->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
			g_free(d);
		} else if (strcmp(n, "sheet") == 0 && names->len < 4096) {
			char *name = ocop_xml_attr(x, "name"), *rid = ocop_xml_attr(x, "id");
			g_ptr_array_add(names, name ? name : g_strdup("?"));
			g_ptr_array_add(rids, rid ? rid : g_strdup(""));
		}
	}
	ocop_xml_free(x);
	if ((err = rc) < 0)
		goto done;
	g_ptr_array_add(names, NULL);
	s->base.sheets = g_strdupv((char **)names->pdata);
	if (!names->len || !s->base.sheets[0]) {
		err = refused(z, OCOP_CODE_SHEET, N_("the workbook has no worksheets"));
		goto done;
	}
	int pick = ocop_pick_sheet(s->base.sheets, opts->worksheet);
	if (pick < 0) {
		err = ocop_no_such_sheet(s->base.path, s->base.sheets, opts->worksheet);
		goto done;
	}
	s->base.sheet = g_strdup(s->base.sheets[pick]);
	const char *target = g_hash_table_lookup(rel, g_ptr_array_index(rids, pick));
	const char *type = g_hash_table_lookup(rel_type, g_ptr_array_index(rids, pick));
	if (!target || !ocop_zip_has(z, target)) {
		err = refused(z, OCOP_CODE_WORKBOOK, N_("the sheet '%s' has no worksheet part (is the workbook damaged?)"),
		              s->base.sheet);
		goto done;
	}
	if (type && !g_str_has_suffix(type, "/worksheet")) {
		char *list = ocop_sheet_list_text(s->base.sheets);
		if (g_str_has_suffix(type, "/chartsheet"))
			err = refused(z, OCOP_CODE_SHEET, N_("the sheet '%s' is a chart, not a table of cells; its sheets: %s"),
			              s->base.sheet, list);
		else
			err = refused(z, OCOP_CODE_SHEET, N_("the sheet '%s' is a special sheet, not a table of cells; its sheets: %s"),
			              s->base.sheet, list);
		g_free(list);
		goto done;
	}
	s->sheet_part = g_strdup(target);
	if (styles && ocop_zip_has(z, styles) && (err = read_styles(s, styles)) < 0)
		goto done;
	if (strings && ocop_zip_has(z, strings) && (err = read_strings(s, strings)) < 0)
		goto done;
	err = open_sheet(s);
done:
	g_hash_table_destroy(rel);
	g_hash_table_destroy(rel_type);
	g_ptr_array_free(names, TRUE);
	g_ptr_array_free(rids, TRUE);
	g_free(wb);
	g_free(wb_dir);
	g_free(wb_rels);
	g_free(strings);
	g_free(styles);
	if (err < 0) {
		ocop_rows_free(&s->base);
		return err;
	}
	*out = &s->base;
	return 0;
}
