/* ocoplabel — streaming reader of product files: CSV, Excel workbooks (.xlsx) and OpenDocument spreadsheets (.ods). */
#ifndef OCOPLABEL_READER_H
#define OCOPLABEL_READER_H

#include "ocoplabel/common.h"
#include "ocoplabel/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Reads a product file row by row; memory does not grow with the number of
 * rows. The file's content says what it is: an Excel workbook (.xlsx) or an
 * OpenDocument spreadsheet (.ods), read from its first worksheet (or
 * ocop_reader_options::worksheet), each cell as the text its value gives (a
 * date cell as dd/mm/yyyy, a number as stored), within the limits of the
 * README; or CSV text: UTF-8 with or without a BOM, CRLF or LF line ends,
 * separated by commas, semicolons or tabs (the most frequent of the three on
 * the header line, or ocop_reader_options::separator), with RFC 4180 quoting
 * (separators, quotes and line breaks inside quoted fields). The header row
 * names the columns: canonical field names or the Vietnamese headings of the
 * field table (ocop_field::headings: "Tên sản phẩm", "Hạng sao", "Mã vạch",
 * "NSX", ...), matched without regard to case, accents, '_', '-' or spaces
 * (ocop_field_for_heading()). Other columns are kept as extra fields under
 * their heading (with a warning, see ocop_reader_diags()).
 */
typedef struct ocop_reader ocop_reader;

/** Options of ocop_reader_open(). Initialise with OCOP_READER_OPTIONS_INIT or ocop_reader_options_init(). */
typedef struct ocop_reader_options {
	int version;     /**< OCOP_READER_OPTIONS_VERSION */
	char separator;  /**< ',', ';' or '\t', or 0 to detect it from the header line */
	/** Copies of a row whose copies column is absent or empty; 0 means 1. */
	long default_copies;
	/* version 2 */
	/** Workbooks: the worksheet to read, by its name (exactly, else
	 *  ignoring case) or its number ("2", from 1 in workbook order); NULL
	 *  for the first. Ignored for CSV. */
	const char *worksheet;
	/** Workbooks: leave out hidden and filtered rows (they are read by
	 *  default). */
	int skip_hidden;
	/* version 3 */
	/** The file's name in messages ("FILE:LINE: ...") and in
	 *  ocop_reader_path(), in place of the path it is read from: a server
	 *  names the file the clerk uploaded, not its own temporary copy.
	 *  NULL: the path. */
	const char *name;
} ocop_reader_options;

/** Version 3 added name; versions 1 and 2 are still read. */
#define OCOP_READER_OPTIONS_VERSION 3
#define OCOP_READER_OPTIONS_INIT { .version = OCOP_READER_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_READER_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_reader_options_init(ocop_reader_options *opts, int version);

/**
 * Opens @p path and reads its header row. When the header names a date
 * column, the rows are read through once more, before the first is handed
 * out, for the order of day and month in the file's dates (see
 * ocop_reader_diags()); memory still does not grow with the rows.
 * @return 0; OCOP_ENOENT / OCOP_EIO when the file cannot be read; OCOP_EPARSE
 *         for an empty file, an Excel 97-2003 workbook (.xls) or a
 *         password-protected one, a damaged workbook or one over the limits,
 *         a worksheet that is not there, UTF-16 text instead of CSV (each
 *         message says what to do), a header that is not valid UTF-8, two columns of one
 *         field, or a missing required column (the message names it and its
 *         heading; the gtin column may be missing when there is a
 *         product_group column, whose rows then say whether they need one);
 *         the error object's code says which (OCOP_CODE_NOT_CSV,
 *         OCOP_CODE_EMPTY_FILE, OCOP_CODE_UTF8, OCOP_CODE_DUPLICATE_COLUMN,
 *         OCOP_CODE_MISSING_COLUMN, OCOP_CODE_OLD_EXCEL, OCOP_CODE_ENCRYPTED,
 *         OCOP_CODE_WORKBOOK, OCOP_CODE_SHEET); OCOP_EINVAL for bad options;
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_reader_open(ocop_reader **out, const char *path, const ocop_reader_options *opts);

/** Closes @p r. NULL-safe. The input file is never modified. */
OCOP_API void ocop_reader_free(ocop_reader *r);

/**
 * Reads the next row of @p r into @p rec (cleared first).
 * @return 1 when a row was read; 0 at the end of the file; OCOP_EPARSE when
 *         the row is malformed (wrong number of fields, invalid UTF-8, a NUL
 *         byte, an unterminated quote, a field or row over the size limits,
 *         copies that are not a number): ocop_reader_diags() then holds the
 *         row's error as a diagnostic with its field ("row" for the whole
 *         row) and code (OCOP_CODE_COLUMNS, OCOP_CODE_UTF8, OCOP_CODE_NUL,
 *         OCOP_CODE_QUOTE, OCOP_CODE_BOM, OCOP_CODE_LIMIT, OCOP_CODE_COPIES),
 *         its line is ocop_reader_line(), the error object holds the same
 *         (ocop_error_last() "FILE:LINE: FIELD: message") and reading can go
 *         on with the next row; OCOP_EIO when reading fails.
 */
OCOP_API int ocop_reader_next(ocop_record *rec, ocop_reader *r);

/**
 * The diagnostics of the header or of the last row, owned by @p r and valid
 * until the next ocop_reader_next() or ocop_reader_free(). After
 * ocop_reader_open(): warnings about the header (line 1), a column whose
 * heading is not a field name (OCOP_CODE_UNKNOWN_COLUMN, and one with field
 * "header" listing the field names, OCOP_CODE_FIELD_NAMES). After
 * ocop_reader_next() returned OCOP_EPARSE: the row's error (see there).
 * After it returned 1: warnings that need more than one row, about that row
 * (ocop_reader_line()), with the field they concern:
 *   - gtin (OCOP_CODE_DUPLICATE_GTIN): the GTIN was given to a product of another name on an earlier
 *     line (one GTIN is one product; only the first 100,000 distinct GTINs
 *     of a file are remembered);
 *   - a date field (OCOP_CODE_AMBIGUOUS_DATE): a date such as 11/1/2026, read day first, in a file
 *     whose dates that show their order (01/13/2026) are all month first.
 * Empty when there is nothing to say; NULL only for a NULL reader.
 */
OCOP_API const ocop_diags *ocop_reader_diags(const ocop_reader *r);

/** The physical line (1 = the header) where the last row read starts. */
OCOP_API size_t ocop_reader_line(const ocop_reader *r);

/** Number of labels asked for by the last row's copies / "Số lượng" column
 *  (0 to OCOP_COPIES_MAX), or the default copies when the column is absent or empty. */
OCOP_API long ocop_reader_copies(const ocop_reader *r);

/** The file name given to ocop_reader_open(), or the options' name. */
OCOP_API const char *ocop_reader_path(const ocop_reader *r);

/** The separator in use (',', ';' or '\t'). */
OCOP_API char ocop_reader_separator(const ocop_reader *r);

/** Workbooks: the name of the worksheet read; NULL for CSV. */
OCOP_API const char *ocop_reader_sheet(const ocop_reader *r);

/** Workbooks: whether the last row read is hidden or filtered out. */
OCOP_API int ocop_reader_row_hidden(const ocop_reader *r);

/** Number of columns of the header row (0 for a NULL reader). */
OCOP_API size_t ocop_reader_columns(const ocop_reader *r);

/** The heading of column @p col (0-based) as the file writes it, spaces
 *  trimmed; NULL when @p col is out of range. */
OCOP_API const char *ocop_reader_heading(const ocop_reader *r, size_t col);

/** The field column @p col gives: its canonical name ("gtin") when the
 *  heading names a field, else the heading itself; NULL out of range. */
OCOP_API const char *ocop_reader_column_field(const ocop_reader *r, size_t col);

/** The text of column @p col in the last row read, as read from the file
 *  (before the record's normalisation), valid until the next
 *  ocop_reader_next(); "" for a cell that is empty or was not reached (a row
 *  that could not be read); NULL out of range. */
OCOP_API const char *ocop_reader_value(const ocop_reader *r, size_t col);

#ifdef __cplusplus
}
#endif
#endif
