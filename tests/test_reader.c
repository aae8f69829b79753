/* ocoplabel tests — the product-file reader: headings, separators, BOM, CRLF, quotes, line numbers, broken input. */
#include "ocoplabel/ocoplabel.h"
#include <glib.h>
#include <stdbool.h>
#include "testutil.h"
#include <stdlib.h>
#include <unistd.h>

static char *write_tmp(const char *content, size_t len)
{
	char *path = g_strdup("/tmp/ocop-csv-XXXXXX.csv");
	int fd = g_mkstemp(path);
	if (fd < 0 || write(fd, content, len) != (ssize_t)len)
		perror("write");
	close(fd);
	return path;
}

#define HDR_VI "Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao,Mã vạch,Mã số vùng trồng,Mã số cơ sở đóng gói,Số lô,NSX,HSD,Số lượng,Ghi chú\n"
#define ROW1 "Trà hoa vàng Ba Chẽ,HTX Trà hoa vàng,\"Xã Thanh Lâm, Ba Chẽ\",5,8936012345674,VN-QNOR-0012,VN-QNPH-003,TH01,01/11/2026,2027-11-01,3,hộp quà\n"
#define ROW2 "Miến dong Bình Liêu,HTX Miến dong,\"Bình Liêu\nQuảng Ninh\",4,8936012345681,VN-QNOR-0031,VN-QNPH-005,,,,,\n"
#define ROW3 "\"Ruốc \"\"hàu\"\" Vân Đồn\",Công ty Vân Đồn Xanh,Vân Đồn,3,8936012345698,VN-QNOR-0047,VN-QNPH-007,RH1,,,1,\n"

/* Reads a file and renders each row as "LINE|copies|name|address|lot|extra" or "LINE!message". */
static char *dump(const char *content, size_t len, int *open_err)
{
	char *p = write_tmp(content, len);
	ocop_reader *r = NULL;
	GString *s = g_string_new(NULL);
	*open_err = ocop_reader_open(&r, p, NULL);
	if (*open_err < 0) {
		const char *m = ocop_error_last();
		g_string_append(s, strncmp(m, p, strlen(p)) == 0 ? m + strlen(p) : m);
	} else {
		ocop_record *rec = NULL;
		ocop_record_new(&rec);
		int rc;
		while ((rc = ocop_reader_next(rec, r)) != 0) {
			if (rc < 0) {
				const char *m = ocop_error_last();
				g_string_append_printf(s, "%s;", strncmp(m, p, strlen(p)) == 0 ? m + strlen(p) : m);
				if (rc != OCOP_EPARSE)
					break;
				continue;
			}
			const char *addr = ocop_record_get(rec, "address");
			const char *lot = ocop_record_get(rec, "lot");
			const char *note = ocop_record_get(rec, "Ghi chú");
			g_string_append_printf(s, "%zu|%ld|%s|%s|%s|%s;", ocop_reader_line(r), ocop_reader_copies(r),
			                       ocop_record_get(rec, "name"), addr ? addr : "-", lot ? lot : "-", note ? note : "-");
		}
		ocop_record_free(rec);
	}
	ocop_reader_free(r);
	unlink(p);
	g_free(p);
	return g_string_free(s, FALSE);
}

static void test_table(void)
{
	static const char *const want_ok =
		"2|3|Trà hoa vàng Ba Chẽ|Xã Thanh Lâm, Ba Chẽ|TH01|hộp quà;"
		"3|1|Miến dong Bình Liêu|Bình Liêu\nQuảng Ninh|-|-;"
		"5|1|Ruốc \"hàu\" Vân Đồn|Vân Đồn|RH1|-;";
	char *semi = g_strdup(HDR_VI ROW1 ROW2 ROW3);
	/* the same rows with ';' (quoted fields keep their commas) */
	GString *sc = g_string_new(NULL);
	bool q = false;
	for (const char *p = semi; *p; p++) {
		if (*p == '"')
			q = !q;
		g_string_append_c(sc, (!q && *p == ',') ? ';' : *p);
	}
	GString *crlf = g_string_new(NULL);
	for (const char *p = semi; *p; p++) {
		if (*p == '\n')
			g_string_append_c(crlf, '\r');
		g_string_append_c(crlf, *p);
	}
	struct { const char *what; char *content; } variants[] = {
		/* 0 */ { "comma LF", g_strdup(semi) },
		/* 1 */ { "semicolon", g_strdup(sc->str) },
		/* 2 */ { "BOM", g_strconcat("\xEF\xBB\xBF", semi, NULL) },
		/* 3 */ { "CRLF", g_strdup(crlf->str) },
		/* 4 */ { "no final newline", g_strndup(semi, strlen(semi) - 1) },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
		int err;
		char *got = dump(variants[i].content, strlen(variants[i].content), &err);
		CHECK(err == 0, "%s: open %d", variants[i].what, err);
		/* CRLF inside a quoted field stays as it was written */
		if (i == 3) {
			char *fixed = g_strdup(got);
			char *cr = strstr(fixed, "\r\n");
			if (cr)
				memmove(cr, cr + 1, strlen(cr));
			CHECK_STR(fixed, want_ok, variants[i].what);
			g_free(fixed);
		} else {
			CHECK_STR(got, want_ok, variants[i].what);
		}
		g_free(got);
		g_free(variants[i].content);
	}
	g_free(semi);
	g_string_free(sc, TRUE);
	g_string_free(crlf, TRUE);
}

static void test_broken(void)
{
	static const struct { const char *what, *content; size_t len; int open_err; const char *want; } t[] = {
		/* 0 */ { "empty", "", 0, OCOP_EPARSE, ": the file is empty; the first line must name the columns (name, producer, address, stars, gtin, growing_area, packing_facility)" },
		/* 1 */ { "missing column", "name,producer,address,stars,gtin\n", 0, OCOP_EPARSE, ":1: missing required columns: growing_area, packing_facility; name them growing_area or Mã số vùng trồng, packing_facility or Mã số cơ sở đóng gói" },
		/* 2 */ { "wrong count", HDR_VI "a,b,c\n" ROW3, 0, 0, ":2: row: 3 fields, but the header has 12 (check the separator ',' and the quotes);3|1|Ruốc \"hàu\" Vân Đồn|Vân Đồn|RH1|-;" },
		/* 3 */ { "bad utf8", HDR_VI "Tr\xc3,b,c,5,8936012345674,A-1,B-2,,,,,\n", 0, 0, ":2: name: not valid UTF-8 at byte 3 (save the file as UTF-8);" },
		/* 4 */ { "NUL", HDR_VI "Tr\0a,b,c,5,8936012345674,A-1,B-2,,,,,\n", sizeof(HDR_VI) + 37, 0, ":2: name: contains a NUL byte (the file may not be text);" },
		/* 5 */ { "unterminated quote", HDR_VI ROW1 "\"Miến dong,b,c\n", 0, 0, "2|3|Trà hoa vàng Ba Chẽ|Xã Thanh Lâm, Ba Chẽ|TH01|hộp quà;:3: a quoted field opened on this line is never closed (missing \");" },
		/* 6 */ { "bad copies", HDR_VI "a,b,c,5,8936012345674,A-1,B-2,,,,ba,\n", 0, 0, ":2: copies: 'ba' is not a number of labels (0 to 1000000);" },
		/* 7 */ { "blank lines", HDR_VI "\n" ROW3 "\n\n", 0, 0, "3|1|Ruốc \"hàu\" Vân Đồn|Vân Đồn|RH1|-;" },
		/* 8 */ { "duplicate column", "name,Tên sản phẩm\n", 0, OCOP_EPARSE, ":1: columns 1 and 2 both give the field name" },
		/* 9 */ { "misnamed column", "Tên SP,Chủ thể,Địa chỉ,Hạng sao,Mã SKU,Vùng,Mã số CSĐG\n", 0, OCOP_EPARSE, ":1: missing required columns: gtin, growing_area; name them gtin or Mã vạch, growing_area or Mã số vùng trồng ('Mã SKU', 'Vùng' are not field names)" },
		/* 10 */ { "one misnamed column", "name,producer,address,stars,EAN-13 code,growing_area,packing_facility\n", 0, OCOP_EPARSE, ":1: missing required column: gtin; name it gtin or Mã vạch ('EAN-13 code' is not a field name)" },
		/* a cut-short zip, a compound file that is no workbook, UTF-16 text */
		/* 11 */ { "xlsx", "PK\x03\x04\x14\0\x06\0", 9, OCOP_EPARSE, ": the workbook is damaged or cut short (its zip container cannot be read: Not a zip archive); save it again from Excel or LibreOffice, or copy it again" },
		/* 12 */ { "xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 11, OCOP_EPARSE, ": this is an OLE compound file (an old Office document?), not a product file: give a CSV file or a workbook (.xlsx, .ods)" },
		/* 13 */ { "UTF-16", "\xFF\xFEn\0a\0", 7, OCOP_EPARSE, ": this is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; in Excel choose File > Save As > CSV UTF-8 (Comma delimited) (*.csv), or give the workbook (.xlsx) itself" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		int err;
		size_t len = t[i].len ? t[i].len - 1 : strlen(t[i].content);
		char *got = dump(t[i].content, len, &err);
		CHECK(err == t[i].open_err, "%s: open %d", t[i].what, err);
		CHECK_STR(got, t[i].want, t[i].what);
		g_free(got);
	}
	ocop_reader *r = NULL;
	CHECK(ocop_reader_open(&r, "/nonexistent.csv", NULL) == OCOP_ENOENT, "missing file");
	CHECK_STR(ocop_error_last(), "/nonexistent.csv: cannot open: No such file or directory", "missing file msg");
}

/* The reader's warnings that need other rows: after opening (the header), then after each row. */
static char *warnings(const char *content)
{
	char *p = write_tmp(content, strlen(content));
	ocop_reader *r = NULL;
	GString *s = g_string_new(NULL);
	if (ocop_reader_open(&r, p, NULL) < 0) {
		g_string_append_printf(s, "open: %s", ocop_error_last());
	} else {
		ocop_record *rec = NULL;
		ocop_record_new(&rec);
		size_t line = 1;
		int rc = 1;
		do {
			const ocop_diags *d = ocop_reader_diags(r);
			for (size_t i = 0; i < ocop_diags_count(d); i++) {
				const ocop_diag *x = ocop_diags_get(d, i);
				g_string_append_printf(s, "%zu %s%s: %s;", line, x->severity == OCOP_SEVERITY_WARNING ? "" : "ERROR ",
				                       x->field, x->message);
			}
			rc = ocop_reader_next(rec, r);
			line = ocop_reader_line(r);
		} while (rc > 0);
		ocop_record_free(rec);
	}
	ocop_reader_free(r);
	unlink(p);
	g_free(p);
	return g_string_free(s, FALSE);
}

static void test_cross_rows(void)
{
#define H "name,producer,address,stars,gtin,growing_area,packing_facility"
#define C ",HTX,Ba Chẽ,4,"
	static const struct { const char *what, *content, *want; } t[] = {
		/* 0 */ { "none", H ",NSX\nTrà" C "8936012346107,A-1,B-1,11/1/2026\nMiến" C "8936012346114,A-1,B-1,25/12/2026\n", "" },
		/* 1 */ { "one GTIN, two products", H "\nTrà" C "8936012346107,A-1,B-1\nMiến dong Bình Liêu" C "8936012346114,A-1,B-1\n"
		          "Miến dong Ba Chẽ" C "8936012346114,A-1,B-1\nMIẾN DONG BÌNH LIÊU" C "8936012346114,A-1,B-1\n",
		          "4 gtin: 8936012346114 is also the GTIN of 'Miến dong Bình Liêu' on line 3; one GTIN is one product;" },
		/* 2: a month-first date later in the file makes the earlier ambiguous ones doubtful */
		/* 2 */ { "month first", H ",NSX,HSD\nTrà" C "8936012346107,A-1,B-1,11/1/2026,11/01/2027\nMiến" C "8936012346114,A-1,B-1,5/5/2026,\n"
		          "Ruốc" C "8936012346121,A-1,B-1,10/13/2026,2026-12-01\n",
		          "2 production_date: '11/1/2026' is read as 11 January 2026 (day first), but '10/13/2026' on line 4 is written month first; if the file's dates are month first, this one means 1 November 2026: write the dates day first, dd/mm/yyyy;"
		          "2 expiry_date: '11/01/2027' is read as 11 January 2027 (day first), but '10/13/2026' on line 4 is written month first; if the file's dates are month first, this one means 1 November 2027: write the dates day first, dd/mm/yyyy;" },
		/* 3: a day-first date anywhere settles it */
		/* 3 */ { "both orders", H ",NSX\nTrà" C "8936012346107,A-1,B-1,11/1/2026\nMiến" C "8936012346114,A-1,B-1,10/13/2026\n"
		          "Ruốc" C "8936012346121,A-1,B-1,25/12/2026\n", "" },
		/* 4 */ { "unknown columns", "STT," H ", Ghi chú \n1,Trà" C "8936012346107,A-1,B-1,x\n",
		          "1 STT: not a field name; the column is kept for templates that use {STT};"
		          "1 Ghi chú: not a field name; the column is kept for templates that use {Ghi chú};"
		          "1 header: the field names (and Vietnamese headings) a column can have: name (Tên sản phẩm), producer (Chủ thể), address (Địa chỉ), stars (Hạng sao), gtin (Mã vạch), growing_area (Mã số vùng trồng), packing_facility (Mã số cơ sở đóng gói), product_group (Nhóm sản phẩm), trace_url (URL truy xuất), lot (Số lô), serial (Số seri), variant, production_date (NSX), expiry_date (HSD), net_quantity (Khối lượng tịnh), origin (Xuất xứ), ingredients (Thành phần), instructions (Hướng dẫn sử dụng, bảo quản), warnings (Cảnh báo), ocop_cert_date (Ngày chứng nhận), ocop_cert_no (Số giấy chứng nhận), standard (Tiêu chuẩn áp dụng), image (Hình ảnh), harvest_date (Ngày thu hoạch), packing_date (Ngày đóng gói), gln (GLN), copies (Số lượng); case, accents and spaces do not matter;" },
	};
#undef H
#undef C
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		char *got = warnings(t[i].content);
		CHECK_STR(got, t[i].want, t[i].what);
		g_free(got);
	}
	CHECK(ocop_reader_diags(NULL) == NULL, "NULL reader");
}

static void test_headings(void)
{
	static const struct { const char *h, *f; } t[] = {
		{ "Tên sản phẩm", "name" }, { "  TÊN SẢN PHẨM ", "name" }, { "ten san pham", "name" },
		{ "Cơ sở sản xuất", "producer" }, { "Chủ thể", "producer" }, { "Địa chỉ", "address" },
		{ "Hạng sao", "stars" }, { "Số sao", "stars" }, { "Mã vạch", "gtin" }, { "GTIN", "gtin" },
		{ "Mã số vùng trồng", "growing_area" }, { "Mã số cơ sở đóng gói", "packing_facility" },
		{ "Số lô", "lot" }, { "NSX", "production_date" }, { "HSD", "expiry_date" },
		{ "Khối lượng tịnh", "net_quantity" }, { "Xuất xứ", "origin" }, { "Số lượng", "copies" },
		{ "growing_area", "growing_area" }, { "Growing area", "growing_area" }, { "trace_url", "trace_url" },
		/* decomposed input */
		{ "Te\xcc\x82n sa\xcc\x89n pha\xcc\x82\xcc\x89m", "name" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		const char *f = ocop_field_for_heading(t[i].h);
		CHECK_STR(f, t[i].f, t[i].h);
	}
	CHECK(ocop_field_for_heading("Ghi chú") == NULL, "unknown heading");
}

/* A row that cannot be read: its problem as a diagnostic of the row (field, code, message) with
 * ocop_reader_line(), and the same in the error object; no client parses the message text. */
static void test_row_diags(void)
{
#define H "name,producer,address,stars,gtin,growing_area,packing_facility,copies\n"
	static const struct { const char *what, *content, *want; } t[] = {
		/* 0 */ { "columns", H "Trà,HTX,Ba Chẽ,5\n", "2|row|columns|4 fields, but the header has 8 (check the separator ',' and the quotes)" },
		/* 1 */ { "copies", H "Trà,HTX,Ba Chẽ,5,8936012346107,A-1,B-1,ba\n", "2|copies|copies|'ba' is not a number of labels (0 to 1000000)" },
		/* 2 */ { "utf8", H "\n\nTr\xe0,HTX,Ba Chẽ,5,8936012346107,A-1,B-1,1\n", "4|name|utf8|not valid UTF-8 at byte 3 (save the file as UTF-8)" },
		/* 3 */ { "quote", H "\"Trà,HTX\n", "2|row|quote|a quoted field opened on this line is never closed (missing \")" },
		/* 4 */ { "bom", H "\xEF\xBB\xBFTrà,HTX,Ba Chẽ,5,8936012346107,A-1,B-1,1\n", "2|row|bom|starts with a byte-order mark (U+FEFF), as a file does: was another file joined on here? Remove the mark (and a second header line)" },
		/* 5 */ { "nul", H "Trà,HTX,Ba\0 Chẽ,5,8936012346107,A-1,B-1,1\n", "2|address|nul|contains a NUL byte (the file may not be text)" },
		/* 6 */ { "tab", "name\tproducer\taddress\tstars\tgtin\tgrowing_area\tpacking_facility\nTrà\tHTX\n", "2|row|columns|2 fields, but the header has 7 (check the separator 'tab' and the quotes)" },
	};
#undef H
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		/* sizeof - 1: the NUL byte of row 5 is content */
		size_t len = strlen(t[i].content);
		if (i == 5)
			len = strlen(t[i].content) + 1 + strlen(t[i].content + strlen(t[i].content) + 1);
		char *p = write_tmp(t[i].content, len);
		ocop_reader *r = NULL;
		CHECK(ocop_reader_open(&r, p, NULL) == 0, "%s: open: %s", t[i].what, ocop_error_last());
		ocop_record *rec = NULL;
		ocop_record_new(&rec);
		int rc = r ? ocop_reader_next(rec, r) : 0;
		CHECK(rc == OCOP_EPARSE, "%s: rc %d", t[i].what, rc);
		const ocop_diags *d = ocop_reader_diags(r);
		CHECK(ocop_diags_count(d) == 1 && ocop_diags_errors(d) == 1, "%s: one error", t[i].what);
		const ocop_diag *x = ocop_diags_get(d, 0);
		char *got = x ? g_strdup_printf("%zu|%s|%s|%s", ocop_reader_line(r), x->field, x->code, x->message) : NULL;
		CHECK_STR(got, t[i].want, t[i].what);
		/* the error object says the same, and its text is "FILE:LINE: FIELD: message" */
		char *full = x ? g_strdup_printf("%s:%zu: %s: %s", p, ocop_reader_line(r), x->field, x->message) : NULL;
		if (x && strcmp(t[i].what, "quote") == 0) { /* the one message without a field in its text */
			g_free(full);
			full = g_strdup_printf("%s:%zu: %s", p, ocop_reader_line(r), x->message);
		}
		CHECK_STR(ocop_error_last(), full ? full : "", t[i].what);
		CHECK_STR(ocop_error_code(), x ? x->code : "", t[i].what);
		g_free(full);
		g_free(got);
		/* the next call starts afresh */
		while (r && ocop_reader_next(rec, r) != 0)
			;
		CHECK(ocop_diags_count(ocop_reader_diags(r)) == 0, "%s: cleared", t[i].what);
		ocop_record_free(rec);
		ocop_reader_free(r);
		unlink(p);
		g_free(p);
	}
	/* with a product_group column, the gtin column may be left out (tourism services have no barcode) */
	static const char tour[] = "name,producer,address,stars,growing_area,packing_facility,Nhóm sản phẩm,URL truy xuất\n"
	                           "Homestay Cô Tô,HTX Cô Tô,Cô Tô,4,VN-QNOR-1,VN-QNPH-1,du lịch,https://qn.check.net.vn/1\n";
	char *p = write_tmp(tour, strlen(tour));
	ocop_reader *r = NULL;
	CHECK(ocop_reader_open(&r, p, NULL) == 0, "no gtin column with product_group: %s", ocop_error_last());
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	CHECK(r && ocop_reader_next(rec, r) == 1, "tourism row");
	CHECK_STR(ocop_record_get(rec, "product_group"), "Dịch vụ du lịch cộng đồng", "group stored canonically");
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	vo.today = "2026-11-29";
	CHECK(ocop_record_validate(NULL, rec, &vo) == 0, "tourism valid: %s", ocop_error_last());
	ocop_record_free(rec);
	ocop_reader_free(r);
	unlink(p);
	g_free(p);
	/* without it, the gtin column is required */
	static const char nogtin[] = "name,producer,address,stars,growing_area,packing_facility\nA,B,C,4,D-1,E-1\n";
	p = write_tmp(nogtin, strlen(nogtin));
	CHECK(ocop_reader_open(&r, p, NULL) == OCOP_EPARSE, "gtin column required");
	CHECK_STR(ocop_error_code(), "missing_column", "missing column code");
	unlink(p);
	g_free(p);
}

int main(void)
{
	test_row_diags();
	test_table();
	test_broken();
	test_cross_rows();
	test_headings();
	return t_done("test_reader");
}
