/* ocoplabel — the one table of limits (their values are util/bounds.h's): for the docs, `ocoplabel limits` and the server's defaults. */
#include "util.h"
#include <string.h>

/* The scopes and the `what` of each limit are words for people, marked N_(): a program that prints them for
 * people translates them there (ocop_gettext()); the names and units are keys, the same in every language
 * (`ocoplabel limits --tsv` is for scripts). */
#define P N_("product files")
#define R N_("records")
#define L N_("layout files")
#define U N_("runs")
#define S N_("server")

static const ocop_limit table[] = {
	{ "field_bytes", OCOP_MAX_FIELD_BYTES, "bytes", P, N_("a CSV field or a workbook cell") },
	{ "row_bytes", OCOP_MAX_ROW_BYTES, "bytes", P, N_("a CSV row") },
	{ "columns", OCOP_MAX_COLUMNS, "columns", P, N_("columns of a product file") },
	{ "workbook_bytes", OCOP_WB_MAX_FILE, "bytes", P, N_("a workbook file") },
	{ "workbook_parts", OCOP_WB_MAX_ENTRIES, "parts", P, N_("members of a workbook's zip container") },
	{ "sheet_bytes", OCOP_WB_MAX_SHEET, "bytes", P, N_("one worksheet part, uncompressed (streamed, never held)") },
	{ "shared_strings_bytes", OCOP_WB_MAX_STRINGS_PART, "bytes", P, N_("the XLSX shared-strings part, uncompressed") },
	{ "shared_strings", OCOP_WB_MAX_STRINGS, "strings", P, N_("strings in it") },
	{ "shared_strings_text", OCOP_WB_MAX_STRINGS_TEXT, "bytes", P, N_("their text, held in memory") },
	{ "part_bytes", OCOP_WB_MAX_SMALL_PART, "bytes", P, N_("any other workbook part, uncompressed") },
	{ "compression_ratio", OCOP_WB_MAX_RATIO, "to 1", P, N_("a workbook part over 1 MiB, uncompressed to compressed") },
	{ "workbook_total", OCOP_WB_MAX_TOTAL, "bytes", P, N_("all parts of a workbook read, uncompressed") },
	{ "sheet_rows", OCOP_WB_MAX_ROWS, "rows", P, N_("rows of a worksheet with values, repeated rows counted") },
	{ "xml_depth", OCOP_WB_MAX_DEPTH, "levels", P, N_("elements nested in a workbook's XML part") },
	{ "value_bytes", OCOP_MAX_VALUE, "bytes", R, N_("a field's value") },
	{ "field_name_bytes", OCOP_MAX_FIELD_NAME, "bytes", R, N_("a field's name") },
	{ "copies", OCOP_COPIES_MAX, "labels", R, N_("copies of one row") },
	{ "layout_file_bytes", OCOP_MAX_TEMPLATE_BYTES, "bytes", L, N_("a template, sheet or printer profile") },
	{ "template_elements", OCOP_MAX_ELEMENTS, "elements", L, N_("elements of a template") },
	{ "sheet_positions", OCOP_MAX_SHEET_POSITIONS, "labels", L, N_("labels on one page of a sheet") },
	{ "logo_bytes", OCOP_MAX_LOGO_BYTES, "bytes", L, N_("a logo file") },
	{ "logo_side", OCOP_MAX_LOGO_SIDE, "pixels", L, N_("a logo's width and height") },
	{ "run_labels", OCOP_MAX_RUN_LABELS, "labels", U, N_("labels of one command-line run, all rows and copies (--max-labels)") },
	{ "message_chars", OCOP_MAX_MESSAGE, "characters", U, N_("a message about a row or an error (a value it quotes: 60)") },
	{ "serve_upload_bytes", OCOP_SERVE_MAX_UPLOAD, "bytes", S, N_("a request's body, chunked or not (--max-upload)") },
	{ "serve_labels", OCOP_SERVE_MAX_LABELS, "labels", S, N_("labels of one request, rows x copies (--max-labels)") },
	{ "serve_output_bytes", OCOP_SERVE_MAX_OUTPUT, "bytes", S, N_("the labels one request makes, on temporary disk (a zip of PNG or SVG files as much again)") },
	{ "serve_json_depth", OCOP_SERVE_MAX_JSON_DEPTH, "levels", S, N_("nesting of a JSON body") },
	{ "serve_params", OCOP_SERVE_MAX_PARAMS, "parameters", S, N_("form fields, JSON members and query parameters of a request") },
	{ "serve_problems", OCOP_SERVE_MAX_PROBLEMS, "problems", S, N_("problems a batch answer lists (then a count of the rest)") },
	{ "serve_cell_chars", OCOP_SERVE_MAX_CELL, "characters", S, N_("a cell of the rows table") },
	{ "serve_buffered_bytes", OCOP_SERVE_MAX_BUFFERED, "bytes", S, N_("request bodies held in memory at once, all connections") },
	{ "resolver_cache_bytes", OCOP_RESOLVER_CACHE_BYTES, "bytes", S, N_("the resolver's answers kept in memory (pages, linksets), per reading of the product files") },
	{ "serve_client_connections", OCOP_SERVE_MAX_PER_CLIENT, "connections", S, N_("connections from one address") },
	{ "serve_connections", OCOP_SERVE_MAX_CONNECTIONS, "connections", S, N_("connections at once") },
	{ "serve_head_seconds", OCOP_SERVE_HEAD_SECONDS, "seconds", S, N_("to send a request's head (a connection idle for it is closed)") },
	{ "serve_request_seconds", OCOP_SERVE_REQUEST_SECONDS, "seconds", S, N_("to send a whole request, head and body") },
	{ "serve_print_timeout", OCOP_SERVE_PRINT_TIMEOUT, "seconds", S, N_("a printer taking no data") },
	{ "serve_print_seconds", OCOP_SERVE_PRINT_SECONDS, "seconds", S, N_("a whole print job") },
	{ "serve_stop_seconds", OCOP_SERVE_STOP_SECONDS, "seconds", S, N_("work in progress when the server is stopped") },
};

size_t ocop_limit_count(void) { return G_N_ELEMENTS(table); }

const ocop_limit *ocop_limit_get(size_t i) { return i < G_N_ELEMENTS(table) ? &table[i] : NULL; }

long long ocop_limit_value(const char *name)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].value;
	return -1;
}
