/* ocoplabel — a registry listing saved for a spreadsheet: CSV (UTF-8 with a BOM) or an Excel workbook, whole or not at all. */
#include "registry.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define XLSX_CELL_MAX 32767 /* characters in an Excel cell */

static void csv_value(FILE *fp, const char *v)
{
	if (!strpbrk(v, ",\"\r\n")) {
		fputs(v, fp);
		return;
	}
	fputc('"', fp);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', fp);
		fputc(*v, fp);
	}
	fputc('"', fp);
}

/* the heading row (the columns' names, stable for scripts), then the rows, CRLF as spreadsheets write */
static void csv_write(FILE *fp, const ocop_registry_table *t)
{
	fputs("\xEF\xBB\xBF", fp);
	size_t cols = ocop_registry_table_columns(t);
	for (size_t r = 0; r <= ocop_registry_table_rows(t); r++) {
		for (size_t c = 0; c < cols; c++) {
			if (c)
				fputc(',', fp);
			csv_value(fp, r == 0 ? ocop_registry_table_column(t, c) : ocop_registry_table_value(t, r - 1, c));
		}
		fputs("\r\n", fp);
	}
}

/* the workbook at f's temporary name (libxlsxwriter writes it at workbook_close); 0 or the error */
static int xlsx_write(ocop_tmpfile *f, const ocop_registry_table *t)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(f->tmp, &wo);
	if (!wb)
		return ocop_set_error(OCOP_ENOMEM, "%s: cannot make the workbook", f->path);
	/* TRANSLATORS: a worksheet's name: at most 31 characters, none of [ ] : * ? / \ */
	lxw_worksheet *ws = workbook_add_worksheet(wb, C_("the worksheet of a registry export", "Registry"));
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@"); /* serials and GTINs stay text: 08936012346107, 000041 */
	size_t cols = ocop_registry_table_columns(t), rows = ocop_registry_table_rows(t);
	if (rows >= LXW_ROW_MAX || cols > LXW_COL_MAX) {
		lxw_workbook_free(wb);
		char n[32], max[32];
		return ocop_set_error(OCOP_ELIMIT, "%s: %s rows do not fit in a worksheet (at most %s); export a part "
		                      "with a filter, or as CSV", f->path, ocop_format_count(n, sizeof n, rows),
		                      ocop_format_count(max, sizeof max, LXW_ROW_MAX - 1));
	}
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < cols && !e; c++) {
		e = worksheet_write_string(ws, 0, (lxw_col_t)c, ocop_registry_table_column(t, c), head);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 16, text);
	}
	for (size_t r = 0; r < rows && !e; r++)
		for (size_t c = 0; c < cols && !e; c++) {
			const char *v = ocop_registry_table_value(t, r, c);
			if (*v && g_utf8_strlen(v, -1) <= XLSX_CELL_MAX)
				e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v, text);
		}
	if (!e)
		worksheet_freeze_panes(ws, 1, 0);
	if (e) {
		lxw_workbook_free(wb);
		return ocop_set_error(OCOP_EIO, "%s: cannot write the workbook: %s", f->path, lxw_strerror(e));
	}
	errno = 0;
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return ocop_set_error(OCOP_EIO, "%s: cannot write the workbook: %s", f->path,
		                      errno ? g_strerror(errno) : lxw_strerror(e));
	return 0;
}

int ocop_registry_table_save(const ocop_registry_table *t, const char *path)
{
	if (!t || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_table_save: NULL argument");
	if (strcmp(path, "-") == 0) {
		csv_write(stdout, t);
		if (fflush(stdout) != 0 || ferror(stdout))
			return ocop_set_error(OCOP_EIO, "standard output: %s", g_strerror(errno));
		return 0;
	}
	ocop_tmpfile f;
	int err = ocop_tmpfile_open(&f, path);
	if (err < 0)
		return err;
	if (g_str_has_suffix(path, ".xlsx") || g_str_has_suffix(path, ".XLSX")) {
		err = xlsx_write(&f, t);
		if (err < 0) {
			ocop_tmpfile_abort(&f);
			return err;
		}
	} else {
		csv_write(f.sink.fp, t);
	}
	return ocop_tmpfile_commit(&f); /* synced through our descriptor of the file libxlsxwriter wrote, renamed */
}
