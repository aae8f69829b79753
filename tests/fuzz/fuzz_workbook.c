/* ocoplabel fuzz target — the workbook reader (XLSX and ODS): arbitrary bytes as one XML part of an otherwise valid workbook, zipped in memory. */
#include "reader.h" /* ocop_reader_open_fp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char types[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                            "content-types\"/>";
static const char rels[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
                           "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                           "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                           "</Relationships>";
static const char wb[] = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
                         "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                         "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wb_rels[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
                              "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                              "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                              "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                              "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" "
                              "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
                              "Target=\"styles.xml\"/></Relationships>";
/* a header with the required columns, and one row: shared and inline strings, numbers, a date */
static const char sheet[] = "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                            "<sheetData><row r=\"1\">"
                            "<c r=\"A1\" t=\"inlineStr\"><is><t>name</t></is></c>"
                            "<c r=\"B1\" t=\"inlineStr\"><is><t>producer</t></is></c>"
                            "<c r=\"C1\" t=\"inlineStr\"><is><t>address</t></is></c>"
                            "<c r=\"D1\" t=\"inlineStr\"><is><t>stars</t></is></c>"
                            "<c r=\"E1\" t=\"inlineStr\"><is><t>gtin</t></is></c>"
                            "<c r=\"F1\" t=\"inlineStr\"><is><t>growing_area</t></is></c>"
                            "<c r=\"G1\" t=\"inlineStr\"><is><t>packing_facility</t></is></c>"
                            "<c r=\"H1\" t=\"inlineStr\"><is><t>production_date</t></is></c>"
                            "</row><row r=\"2\">"
                            "<c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>0</v></c>"
                            "<c r=\"C2\" t=\"inlineStr\"><is><t>Quảng Ninh</t></is></c><c r=\"D2\"><v>5</v></c>"
                            "<c r=\"E2\"><v>8936012346107</v></c><c r=\"F2\" t=\"inlineStr\"><is><t>VN-1</t></is></c>"
                            "<c r=\"G2\" t=\"inlineStr\"><is><t>VN-2</t></is></c><c r=\"H2\" s=\"1\"><v>46327</v></c>"
                            "</row></sheetData></worksheet>";
static const char strings[] = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
                              "main\"><si><t>name</t></si><si><r><t>Trà</t></r><r><t> hoa</t></r></si></sst>";
static const char styles[] = "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
                             "2006/main\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts><cellXfs>"
                             "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";

static void add(zip_t *za, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(za, p, n, 0);
	if (s && zip_file_add(za, name, s, ZIP_FL_OVERWRITE) < 0)
		zip_source_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int which = data[0] % 5;
	data++, size--;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!za) {
		zip_source_free(src);
		return 0;
	}
	zip_source_keep(src);
	if (which == 4) { /* ODS: the bytes are content.xml */
		add(za, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 46);
		add(za, "content.xml", data, size);
	} else {
		add(za, "[Content_Types].xml", types, strlen(types));
		add(za, "_rels/.rels", rels, strlen(rels));
		add(za, "xl/workbook.xml", wb, strlen(wb));
		add(za, "xl/_rels/workbook.xml.rels", wb_rels, strlen(wb_rels));
		add(za, "xl/worksheets/sheet1.xml", which == 0 ? (const void *)data : sheet, which == 0 ? size : strlen(sheet));
		add(za, "xl/sharedStrings.xml", which == 1 ? (const void *)data : strings, which == 1 ? size : strlen(strings));
		add(za, "xl/styles.xml", which == 2 ? (const void *)data : styles, which == 2 ? size : strlen(styles));
		if (which == 3)
			add(za, "xl/workbook.xml", data, size);
	}
	char *zipped = NULL;
	if (zip_close(za) == 0 && zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t n = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		if (n > 0 && (zipped = malloc((size_t)n)) && zip_source_read(src, zipped, (zip_uint64_t)n) == n) {
			FILE *fp = fmemopen(zipped, (size_t)n, "rb");
			ocop_reader_options o = OCOP_READER_OPTIONS_INIT;
			ocop_reader *r = NULL;
			if (fp && ocop_reader_open_fp(&r, fp, "fuzz.xlsx", &o) == 0) {
				ocop_record *rec = NULL;
				ocop_record_new(&rec);
				int k;
				for (int rows = 0; rows < 10000 && (k = ocop_reader_next(rec, r)) != 0; rows++) {
					if (k < 0 && k != OCOP_EPARSE)
						break;
					if (k == OCOP_EPARSE && (!g_utf8_validate(ocop_error_last(), -1, NULL) ||
					                         strchr(ocop_error_last(), '\n')))
						abort();
					for (size_t i = 0; i < ocop_reader_columns(r); i++)
						(void)strlen(ocop_reader_value(r, i));
				}
				ocop_record_free(rec);
				ocop_reader_free(r);
			}
		}
		zip_source_close(src);
	} else {
		zip_discard(za);
	}
	free(zipped);
	zip_source_free(src);
	return 0;
}
