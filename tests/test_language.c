/* ocoplabel tests — the words in a thread's language: core's messages in Vietnamese from a catalogue the test
 * compiles from a PO file (argument 1: po/vi.po) into a folder of its own (OCOPLABEL_LOCALEDIR), the same
 * messages in English on the same thread after, and the descriptions of the sheets and printer profiles
 * (description[vi]= of their files), and a label refused on a document's drawing thread in the language of
 * the thread that made the document. */
#include "core.h"
#include "testutil.h"
#include <stdlib.h>
#include <unistd.h>

#define TODAY "2026-11-29"

/* The message of the first diagnostic of field, after the record is validated with the given fields changed
 * (value "" removes it); a static copy. */
static const char *message_of(const char *const changes[][2], size_t n, const char *field)
{
	static char out[1200];
	const char *const base[][2] = { T_VALID_FIELDS };
	ocop_record *r = NULL;
	ocop_record_new(&r);
	for (size_t i = 0; i < G_N_ELEMENTS(base); i++)
		ocop_record_set(r, base[i][0], base[i][1], -1);
	for (size_t i = 0; i < n; i++)
		ocop_record_set(r, changes[i][0], changes[i][1], -1);
	ocop_validate_options o = OCOP_VALIDATE_OPTIONS_INIT;
	o.today = TODAY;
	ocop_diags *d = NULL;
	ocop_record_validate(&d, r, &o);
	g_strlcpy(out, "(none)", sizeof out);
	for (size_t i = 0; i < ocop_diags_count(d); i++)
		if (strcmp(ocop_diags_get(d, i)->field, field) == 0) {
			g_strlcpy(out, ocop_diags_get(d, i)->message, sizeof out);
			break;
		}
	ocop_diags_free(d);
	ocop_record_free(r);
	return out;
}

#define MESSAGE(field, ...) message_of((const char *const[][2]){ __VA_ARGS__ }, \
	sizeof((const char *const[][2]){ __VA_ARGS__ }) / sizeof(const char *const[2]), field)

/* The full text of the error object after a record without a name is validated. */
static const char *error_without_name(void)
{
	static char out[1200];
	const char *const base[][2] = { T_VALID_FIELDS };
	ocop_record *r = NULL;
	ocop_record_new(&r);
	for (size_t i = 1; i < G_N_ELEMENTS(base); i++) /* base[0] is the name */
		ocop_record_set(r, base[i][0], base[i][1], -1);
	ocop_validate_options o = OCOP_VALIDATE_OPTIONS_INIT;
	o.today = TODAY;
	ocop_record_validate(NULL, r, &o);
	g_strlcpy(out, ocop_error_last(), sizeof out);
	ocop_record_free(r);
	return out;
}

static char *long_text(long n)
{
	char *s = g_malloc((size_t)n + 1);
	memset(s, 'a', (size_t)n);
	s[n] = '\0';
	return s;
}

static void test_english(void)
{
	CHECK(ocop_language_set("en") == 0, "en");
	CHECK_STR(ocop_language(), "en", "language");
	CHECK_STR(MESSAGE("name", { "name", "" }), "the product name is required", "en: missing name");
	CHECK_STR(error_without_name(), "name: the product name is required", "en: error object");
	CHECK_STR(MESSAGE("stars", { "stars", "2" }),
	          "2-star products are not OCOP-certified; only 3, 4 or 5 stars may carry the OCOP mark", "en: 2 stars");
	CHECK_STR(MESSAGE("gtin", { "gtin", "8936012345675" }),
	          "wrong check digit in '8936012345675': the last digit should be 4 (8936012345674)", "en: check digit");
	CHECK_STR(MESSAGE("growing_area", { "growing_area", "" }), "the growing-area code is required (e.g. VN-QNOR-0012)",
	          "en: growing area");
	char *ing = long_text(1001);
	CHECK_STR(MESSAGE("ingredients", { "ingredients", ing }),
	          "the list of ingredients is 1001 characters long; at most 1000 are allowed", "en: counts without separators");
	g_free(ing);
	CHECK_STR(MESSAGE("production_date", { "production_date", "46000" }),
	          "the production date '46000' looks like an Excel date number: it would be 09/12/2025; format the column as "
	          "Date (dd/mm/yyyy) or as Text in Excel and save the file again", "en: date number");
}

static void test_descriptions(void)
{
	ocop_sheet *s = NULL;
	ocop_printer_profile p = OCOP_PRINTER_PROFILE_INIT;
	CHECK(ocop_sheet_find(&s, "a4-3x8") == 0, "a4-3x8: %s", ocop_error_last());
	ocop_language_set("vi");
	CHECK_STR(ocop_sheet_description(s), "A4, 3 x 8 nhãn cỡ 70 x 37 mm, sát nhau (không có khe hở)", "vi: sheet");
	ocop_language_set("en"); /* the same loaded sheet, asked again in another language */
	CHECK_STR(ocop_sheet_description(s), "A4, 3 x 8 labels of 70 x 37 mm, no gaps", "en: sheet");
	ocop_sheet_free(s);
	CHECK(ocop_printer_profile_find(&p, "xprinter-203") == 0, "xprinter-203: %s", ocop_error_last());
	CHECK_STR(p.description, "Xprinter and other 203 dpi TSPL label printers, die-cut labels with a 2 mm gap", "en: profile");
	ocop_language_set("vi");
	CHECK(ocop_printer_profile_find(&p, "xprinter-203") == 0, "xprinter-203: %s", ocop_error_last());
	CHECK_STR(p.description, "Máy in nhãn Xprinter và các máy in TSPL 203 dpi khác, cuộn nhãn bế sẵn có khe hở 2 mm",
	          "vi: profile");
	ocop_language_set("en");
}

/* A sheet file with a word where a number goes: the message of the layout file in the thread's language. */
static const char *bad_sheet_message(const char *dir)
{
	static char out[1200];
	char *path = g_build_filename(dir, "bad.ini", NULL);
	g_file_set_contents(path, "[sheet]\npage_width=abc\n", -1, NULL);
	ocop_sheet *s = NULL;
	CHECK(ocop_sheet_load(&s, path) == OCOP_EPARSE, "bad sheet refused");
	const char *msg = ocop_error_last();
	g_strlcpy(out, g_str_has_prefix(msg, path) ? msg + strlen(path) : msg, sizeof out);
	unlink(path);
	g_free(path);
	return out;
}

/* the message of the label refused while it was drawn (a name too long for small-70x37), by a document of
 * `jobs` drawing threads made on this thread */
static void on_refused(void *payload, long tag, const ocop_record *rec, const ocop_diags *diags)
{
	(void)tag;
	(void)rec;
	if (ocop_diags_count(diags) > 0)
		g_strlcpy(payload, ocop_diags_get(diags, 0)->message, 1200);
}

static int collect_bytes(void *payload, const unsigned char *data, size_t len)
{
	g_byte_array_append(payload, data, (guint)len);
	return 0;
}

static const char *refused_while_drawn(int jobs)
{
	static char out[1200];
	g_strlcpy(out, "(none)", sizeof out);
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_render_options ro;
	ocop_render_options_init(&ro, OCOP_RENDER_OPTIONS_VERSION);
	ro.format = OCOP_FORMAT_PDF;
	ro.today = TODAY;
	if (ocop_template_find(&t, "small-70x37") < 0 || ocop_renderer_new(&r, t, &ro) < 0) {
		g_strlcpy(out, ocop_error_last(), sizeof out);
		ocop_template_free(t);
		return out;
	}
	const char *const base[][2] = { T_VALID_FIELDS };
	ocop_record *rec = NULL;
	ocop_record_new(&rec);
	for (size_t i = 0; i < G_N_ELEMENTS(base); i++)
		ocop_record_set(rec, base[i][0], base[i][1], -1);
	char *name = g_strjoinv(" ", (char *[]){ "Trà hoa vàng", "Ba Chẽ", "loại đặc biệt", "hộp quà", "Tết", "cao cấp",
	                                           "xuất khẩu", "chính hãng", "hợp tác xã", "Thanh Lâm", "Quảng Ninh",
	                                           "Việt Nam", "năm 2026", "hương vị", "truyền thống", NULL });
	ocop_record_set(rec, "address", name, -1);
	ocop_record_set(rec, "producer", name, -1);
	ocop_record_set(rec, "name", name, -1);
	g_free(name);
	ocop_document_options o = OCOP_DOCUMENT_OPTIONS_INIT;
	o.jobs = jobs;
	o.rejected = on_refused;
	o.payload = out;
	GByteArray *pdf = g_byte_array_new();
	ocop_document *doc = NULL;
	if (ocop_document_open_stream(&doc, r, collect_bytes, pdf, &o) == 0) {
		ocop_document_add(NULL, doc, rec, 1);
		ocop_document_add(NULL, doc, rec, 1);
		ocop_document_commit(doc);
	}
	ocop_document_free(doc);
	g_byte_array_free(pdf, TRUE);
	ocop_record_free(rec);
	ocop_renderer_free(r);
	ocop_template_free(t);
	return out;
}

static void test_vietnamese(const char *dir)
{
	CHECK(ocop_language_set("vi") == 0, "vi");
	CHECK_STR(ocop_language(), "vi", "language");
	CHECK_STR(MESSAGE("name", { "name", "" }), "thiếu tên sản phẩm", "vi: missing name");
	CHECK_STR(error_without_name(), "Tên sản phẩm: thiếu tên sản phẩm", "vi: error object");
	CHECK_STR(MESSAGE("stars", { "stars", "2" }),
	          "sản phẩm 2 sao không được chứng nhận OCOP; chỉ sản phẩm 3, 4 hoặc 5 sao mới được mang biểu trưng OCOP",
	          "vi: 2 stars");
	CHECK_STR(MESSAGE("gtin", { "gtin", "8936012345675" }),
	          "sai số kiểm tra trong '8936012345675': chữ số cuối phải là 4 (8936012345674)", "vi: check digit");
	CHECK_STR(MESSAGE("gtin", { "gtin", "8.93601E+12" }),
	          "'8.93601E+12' là mã số mã vạch đã bị Excel đổi sang dạng số khoa học và mất các chữ số cuối; hãy định "
	          "dạng cột là Văn bản (Text) (hoặc gõ dấu nháy đơn trước số, như '8936012346107) rồi gõ lại đủ 13 chữ số",
	          "vi: scientific notation");
	CHECK_STR(MESSAGE("growing_area", { "growing_area", "" }), "thiếu mã số vùng trồng (ví dụ VN-QNOR-0012)",
	          "vi: growing area");
	char *ing = long_text(1001);
	CHECK_STR(MESSAGE("ingredients", { "ingredients", ing }), "thành phần dài 1.001 ký tự; chỉ được tối đa 1.000 ký tự",
	          "vi: counts with separators");
	g_free(ing);
	CHECK_STR(MESSAGE("production_date", { "production_date", "46000" }),
	          "ngày sản xuất '46000' có vẻ là số ngày của Excel, tức là ngày 09/12/2025; trong Excel, hãy định dạng cột "
	          "là Ngày (Date, dd/mm/yyyy) hoặc Văn bản (Text) rồi lưu lại tệp", "vi: date number");
	CHECK_STR(MESSAGE("lot", { "lot", "LÔ 1" }),
	          "'LÔ 1' có 'Ô' ở vị trí 2; GS1 chỉ cho phép A-Z a-z 0-9 và !\"%&'()*+,-./:;<=>?_ trong số lô (AI 10)",
	          "vi: a lot number");
	CHECK_STR(bad_sheet_message(dir), ": [sheet] page_width: 'abc' không phải là số", "vi: layout file");
	/* a label refused while it is drawn, by the document's own drawing threads: in the language of the
	 * thread that made the document, as when it is drawn on that thread */
	char inline_msg[1200];
	g_strlcpy(inline_msg, refused_while_drawn(1), sizeof inline_msg);
	CHECK(strcmp(inline_msg, "(none)") != 0 && strcmp(inline_msg, refused_while_drawn(3)) == 0,
	      "vi: refused on a drawing thread as on the caller's: '%s' / '%s'", inline_msg, refused_while_drawn(3));
	ocop_language_set("en");
	char en_msg[1200];
	g_strlcpy(en_msg, refused_while_drawn(3), sizeof en_msg);
	ocop_language_set("vi");
	CHECK(strcmp(en_msg, inline_msg) != 0, "the refusal differs in English: '%s'", en_msg);
	/* the same thread in English again: nothing was kept in Vietnamese */
	ocop_language_set("en");
	CHECK_STR(MESSAGE("name", { "name", "" }), "the product name is required", "en again: missing name");
	CHECK_STR(bad_sheet_message(dir), ": [sheet] page_width: 'abc' is not a number", "en again: layout file");
}

/* po compiled into DIR/vi/LC_MESSAGES/ocoplabel.mo; false when it cannot be */
static bool compile_catalogue(const char *po, const char *dir)
{
	char *sub = g_build_filename(dir, "vi", "LC_MESSAGES", NULL);
	char *mo = g_build_filename(sub, "ocoplabel.mo", NULL);
	g_mkdir_with_parents(sub, 0755);
	const char *argv[] = { "msgfmt", "-o", mo, po, NULL };
	int status = -1;
	GError *ge = NULL;
	bool ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &ge) &&
	          g_spawn_check_wait_status(status, NULL);
	if (!ok)
		printf("test_language: cannot compile %s (%s)\n", po, ge ? ge->message : "msgfmt failed");
	if (ge)
		g_error_free(ge);
	g_free(mo);
	g_free(sub);
	return ok;
}

static void remove_catalogue(const char *dir)
{
	char *mo = g_build_filename(dir, "vi", "LC_MESSAGES", "ocoplabel.mo", NULL), *sub = g_path_get_dirname(mo),
	     *vi = g_path_get_dirname(sub);
	unlink(mo);
	rmdir(sub);
	rmdir(vi);
	rmdir(dir);
	g_free(mo);
	g_free(sub);
	g_free(vi);
}

int main(int argc, char **argv)
{
	char *dir = g_dir_make_tmp("ocoplabel-language-XXXXXX", NULL);
	CHECK(dir != NULL, "temporary folder");
	if (!dir)
		return t_done("test_language");
	/* before the first lookup: the library reads OCOPLABEL_LOCALEDIR once */
	bool compiled = argc > 1 && compile_catalogue(argv[1], dir);
	g_setenv("OCOPLABEL_LOCALEDIR", dir, TRUE);
	test_english();
	test_descriptions();
	ocop_language_set("vi");
	bool have = compiled && strcmp(ocop_gettext("%s is required"), "%s is required") != 0;
	ocop_language_set("en");
	if (have)
		test_vietnamese(dir);
	remove_catalogue(dir);
	g_free(dir);
	CHECK(have, "%s has the Vietnamese of core's texts", argc > 1 ? argv[1] : "(no PO file given)");
	return t_done("test_language");
}
