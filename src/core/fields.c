/* ocoplabel — the one table of product fields (names, kinds, limits, mandatory text, headings, GS1 AIs) and heading matching. */
#include "core.h"
#include <string.h>

#define H(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *const groups[] = { OCOP_GROUP_FOOD, OCOP_GROUP_DRINK, OCOP_GROUP_HERBS, OCOP_GROUP_CRAFTS,
	                              OCOP_GROUP_ORNAMENTAL, OCOP_GROUP_TOURISM, NULL };

/* Other ways of writing each group (folded, see ocop_fold()), in the order of groups[]: values the reader
 * matches, never translated (NOTR marks them for tests/i18n_check.py). */
static const char *const *const group_aliases[] = {
	H("food", "foods"),
	H("drink", "drinks", "beverage", "beverages"),
	H("herbs", "herbal", /* NOTR */ "herbal products", "herb"),
	H("handicraft", "handicrafts", "crafts", /* NOTR */ "thu cong", /* NOTR */ "thu cong my nghe truyen thong"),
	H("ornamental", /* NOTR */ "ornamental plants", /* NOTR */ "ornamental plants and animals",
	  /* NOTR */ "cay canh"),
	H("tourism", /* NOTR */ "community tourism", /* NOTR */ "du lich", /* NOTR */ "du lich cong dong",
	  /* NOTR */ "dich vu du lich", /* NOTR */ "dich vu du lich cong dong, du lich sinh thai va diem du lich"),
};

typedef struct def {
	ocop_field f;
	const char *what; /* the field in a message: "the product name" */
} def;

/* In the order messages and --help list the fields: the required ones first.
 * Words for people, marked N_() and translated where they are shown: the description (--help) and the
 * `what` (the field in a sentence of a message: a noun phrase a translation fits into its sentences).
 * Data, never translated (NOTR): the keys, the Vietnamese headings the reader matches, and the names a page
 * or a label shows, `label` in Vietnamese and `label_en` in English (chosen by the page's language). */
static const def defs[] = {
	{ { "name", "Tên sản phẩm", H("Tên sản phẩm", "Tên SP", "Sản phẩm", /* NOTR */ "Tên hàng", /* NOTR */ "Tên hàng hóa", /* NOTR */ "Tên sản phẩm OCOP"), N_("product name"),
	    OCOP_FIELD_TEXT, 1, 200, 0, 0, 1, 1, "", 0, NULL, "Tên sản phẩm", "Product name" }, N_("the product name") },
	{ { "producer", /* NOTR */ "Chủ thể",
	    H("Chủ thể", /* NOTR */ "Cơ sở sản xuất", /* NOTR */ "Tên chủ thể", /* NOTR */ "Nhà sản xuất", /* NOTR */ "Chủ thể OCOP",
	      /* NOTR */ "Đơn vị sản xuất", /* NOTR */ "Hợp tác xã", "HTX", /* NOTR */ "Tên HTX", /* NOTR */ "Tên cơ sở"),
	    N_("cooperative or enterprise responsible"), OCOP_FIELD_TEXT, 1, 200, 0, 0, 1, 1, "", 0, NULL, "Chủ thể", "Producer" },
	  N_("the producer (cooperative or enterprise)") },
	{ { "address", "Địa chỉ", H("Địa chỉ", "Địa chỉ chủ thể", /* NOTR */ "Địa chỉ sản xuất", /* NOTR */ "Địa chỉ cơ sở"), N_("its address"),
	    OCOP_FIELD_TEXT, 1, 300, 0, 0, 1, 1, "", 0, NULL, "Địa chỉ", "Address" }, N_("the producer's address") },
	{ { "stars", /* NOTR */ "Hạng sao", H(/* NOTR */ "Hạng sao", /* NOTR */ "Số sao", /* NOTR */ "Xếp hạng", "Hạng", "Sao", /* NOTR */ "Hạng OCOP", /* NOTR */ "Số sao OCOP",
	      /* NOTR */ "Xếp hạng OCOP", /* NOTR */ "Hạng sao OCOP"), N_("OCOP star rating: 3, 4 or 5"),
	    OCOP_FIELD_NUMBER, 1, 1, 3, 5, 0, 0, "", 0, NULL, "Hạng sao", "Star rating" }, N_("the OCOP star rating") },
	{ { "gtin", /* NOTR */ "Mã vạch",
	    H("Mã vạch", /* NOTR */ "Mã GTIN", "EAN", "EAN13", "EAN 13", /* NOTR */ "Mã số mã vạch", /* NOTR */ "Mã EAN",
	      "Barcode", /* NOTR */ "Mã vạch EAN"),
	    N_("EAN-13 (or EAN-8) number with its check digit"), OCOP_FIELD_NUMBER, 1, 14, 0, 0, 0, 0, "01", 0, NULL,
	    /* NOTR */ "Mã số mã vạch (GTIN)", /* NOTR */ "Barcode number (GTIN)" },
	  N_("the barcode number (GTIN, 13 digits)") },
	{ { "growing_area", /* NOTR */ "Mã số vùng trồng", H("Mã số vùng trồng", /* NOTR */ "Vùng trồng", "PUC", /* NOTR */ "Mã vùng trồng", "MSVT"),
	    N_("growing-area code, e.g. VN-QNOR-0012"), OCOP_FIELD_CODE, 1, 32, 0, 0, 1, 0, "", 0, NULL,
	    "Mã số vùng trồng", /* NOTR */ "Growing-area code" },
	  N_("growing-area code") },
	{ { "packing_facility", /* NOTR */ "Mã số cơ sở đóng gói",
	    H("Mã số cơ sở đóng gói", /* NOTR */ "Mã số CSĐG", /* NOTR */ "Cơ sở đóng gói", "PHC",
	      /* NOTR */ "Mã cơ sở đóng gói", /* NOTR */ "Mã CSĐG"),
	    N_("packing-facility code, e.g. VN-QNPH-003"), OCOP_FIELD_CODE, 1, 32, 0, 0, 1, 0, "", 0, NULL,
	    "Mã số cơ sở đóng gói", /* NOTR */ "Packing-facility code" },
	  N_("packing-facility code") },
	{ { "product_group", /* NOTR */ "Nhóm sản phẩm",
	    H("Nhóm sản phẩm", "Nhóm", /* NOTR */ "Nhóm ngành", "Ngành", /* NOTR */ "Nhóm OCOP"),
	    N_("OCOP product group (one of six; see below)"), OCOP_FIELD_CHOICE, 0, 80, 0, 0, 0, 1, "", 0, groups,
	    "Nhóm sản phẩm", /* NOTR */ "Product group" },
	  N_("the product group") },
	{ { "trace_url", /* NOTR */ "URL truy xuất",
	    H("URL truy xuất", /* NOTR */ "Link truy xuất", /* NOTR */ "Đường dẫn truy xuất"),
	    N_("traceability URL (default: the GS1 Digital Link)"), OCOP_FIELD_URL, 0, 2000, 0, 0, 0, 0, "", 0, NULL,
	    "URL truy xuất", /* NOTR */ "Traceability URL" },
	  N_("the traceability URL") },
	{ { "lot", "Số lô", H("Số lô", "Lô", "Lô sản xuất", /* NOTR */ "Lô hàng", /* NOTR */ "Số lô sản xuất"), N_("lot number (GS1 AI 10)"),
	    OCOP_FIELD_GS1, 0, 40, 0, 0, 1, 0, "10", 0, NULL, "Số lô", "Lot number" }, N_("the lot number") },
	{ { "serial", "Số seri", H("Số seri", "Số sê ri", "Số serial", "Mã seri", "Seri"), N_("serial number (GS1 AI 21)"),
	    OCOP_FIELD_GS1, 0, 20, 0, 0, 0, 0, "21", 0, NULL, "Số seri", "Serial number" }, N_("the serial number") },
	{ { "variant", "", H(NULL), N_("consumer product variant (GS1 AI 22)"),
	    OCOP_FIELD_GS1, 0, 20, 0, 0, 0, 0, "22", 0, NULL, "Biến thể", "Product variant" }, N_("the consumer product variant") },
	{ { "production_date", "NSX", H("NSX", "Ngày sản xuất", /* NOTR */ "Ngày SX"), N_("production date (NSX)"),
	    OCOP_FIELD_DATE, 0, 0, 0, 0, 1, 0, "11", 0, NULL, "Ngày sản xuất", "Production date" }, N_("the production date") },
	{ { "expiry_date", "HSD", H("HSD", "Hạn sử dụng", /* NOTR */ "Hạn dùng", /* NOTR */ "Ngày hết hạn", /* NOTR */ "Hết hạn"), N_("expiry date (HSD)"),
	    OCOP_FIELD_DATE, 0, 0, 0, 0, 1, 0, "17", 0, NULL, "Hạn sử dụng", "Expiry date" }, N_("the expiry date") },
	{ { "net_quantity", /* NOTR */ "Khối lượng tịnh",
	    H("Khối lượng tịnh", /* NOTR */ "Khối lượng", /* NOTR */ "KL tịnh", /* NOTR */ "Thể tích thực",
	      /* NOTR */ "Trọng lượng", /* NOTR */ "Định lượng", /* NOTR */ "Khối lượng tịnh/Thể tích thực"),
	    N_("net quantity as printed, e.g. 500 g"), OCOP_FIELD_TEXT, 0, 40, 0, 0, 1, 0, "", 0, NULL, "Khối lượng tịnh",
	    /* NOTR */ "Net quantity" },
	  N_("the net quantity") },
	{ { "origin", "Xuất xứ", H("Xuất xứ", /* NOTR */ "Nguồn gốc", /* NOTR */ "Nguồn gốc xuất xứ"), N_("country of origin, in full (default Việt Nam)"),
	    OCOP_FIELD_TEXT, 0, 60, 0, 0, 1, 1, "", 0, NULL, "Xuất xứ", "Origin" }, N_("the origin") },
	{ { "ingredients", /* NOTR */ "Thành phần",
	    H("Thành phần", /* NOTR */ "Thành phần nguyên liệu", /* NOTR */ "Nguyên liệu"),
	    N_("ingredients (Decree 43: food and drink)"), OCOP_FIELD_TEXT, 0, 1000, 0, 0, 1, 1, "", 0, NULL, "Thành phần",
	    "Ingredients" },
	  N_("the list of ingredients") },
	{ { "instructions", /* NOTR */ "Hướng dẫn sử dụng, bảo quản",
	    H("Hướng dẫn sử dụng, bảo quản", /* NOTR */ "Hướng dẫn sử dụng và bảo quản", /* NOTR */ "Hướng dẫn sử dụng",
	      /* NOTR */ "Hướng dẫn bảo quản", "HDSD", /* NOTR */ "Hướng dẫn"),
	    N_("instructions for use and storage"), OCOP_FIELD_TEXT, 0, 1000, 0, 0, 1, 1, "", 0, NULL,
	    "Hướng dẫn sử dụng, bảo quản", /* NOTR */ "Instructions for use and storage" },
	  N_("the text of the instructions") },
	{ { "warnings", /* NOTR */ "Cảnh báo",
	    H("Cảnh báo", /* NOTR */ "Cảnh báo an toàn", "Lưu ý", /* NOTR */ "Thông tin cảnh báo"),
	    N_("warnings (health and safety)"), OCOP_FIELD_TEXT, 0, 1000, 0, 0, 1, 1, "", 0, NULL, "Cảnh báo", "Warnings" },
	  N_("the text of the warnings") },
	{ { "ocop_cert_date", /* NOTR */ "Ngày chứng nhận",
	    H("Ngày chứng nhận", /* NOTR */ "Ngày cấp chứng nhận", /* NOTR */ "Ngày chứng nhận OCOP", /* NOTR */ "Ngày cấp",
	      /* NOTR */ "Ngày cấp OCOP", /* NOTR */ "Ngày cấp GCN", /* NOTR */ "Ngày cấp giấy chứng nhận",
	      /* NOTR */ "Ngày công nhận", /* NOTR */ "Ngày công nhận OCOP", /* NOTR */ "Ngày quyết định"),
	    N_("date of the OCOP certificate (valid 36 months)"), OCOP_FIELD_DATE, 0, 0, 0, 0, 0, 0, "", 0, NULL,
	    "Ngày chứng nhận", /* NOTR */ "OCOP certificate date" },
	  N_("the OCOP certificate date") },
	{ { "ocop_cert_no", /* NOTR */ "Số giấy chứng nhận",
	    H("Số giấy chứng nhận", /* NOTR */ "Số chứng nhận", /* NOTR */ "Số GCN", /* NOTR */ "Số giấy chứng nhận OCOP",
	      /* NOTR */ "Số quyết định", /* NOTR */ "Số QĐ", /* NOTR */ "Số quyết định công nhận", /* NOTR */ "Số GCN OCOP"),
	    N_("number of the OCOP certificate"), OCOP_FIELD_TEXT, 0, 60, 0, 0, 0, 0, "", 0, NULL, "Số giấy chứng nhận",
	    /* NOTR */ "OCOP certificate number" },
	  N_("the OCOP certificate number") },
	{ { "standard", /* NOTR */ "Tiêu chuẩn áp dụng",
	    H("Tiêu chuẩn áp dụng", /* NOTR */ "Tiêu chuẩn", /* NOTR */ "Tiêu chuẩn công bố", /* NOTR */ "Tiêu chuẩn sản phẩm",
	      "TCVN", "TCCS"),
	    N_("standards applied, e.g. TCVN 7975:2008 or TCCS 01:2024/HTX"), OCOP_FIELD_TEXT, 0, 300, 0, 0, 0, 1, "", 0, NULL,
	    "Tiêu chuẩn áp dụng", /* NOTR */ "Standards applied" },
	  N_("the standards applied") },
	{ { "image", /* NOTR */ "Hình ảnh",
	    H("Hình ảnh", "Ảnh", /* NOTR */ "Ảnh sản phẩm", /* NOTR */ "Hình ảnh sản phẩm", /* NOTR */ "Hình sản phẩm"),
	    N_("product photo: a JPEG, PNG or WebP file beside the product file, or an https address (not printed)"),
	    OCOP_FIELD_TEXT, 0, 2000, 0, 0, 0, 0, "", 0, NULL, "Hình ảnh sản phẩm", /* NOTR */ "Product image" },
	  N_("the product image") },
	{ { "harvest_date", /* NOTR */ "Ngày thu hoạch",
	    H("Ngày thu hoạch", /* NOTR */ "Ngày thu hái", /* NOTR */ "Thu hoạch", /* NOTR */ "Ngày TH"),
	    N_("harvest date at the growing area"), OCOP_FIELD_DATE, 0, 0, 0, 0, 0, 0, "", 0, NULL, "Ngày thu hoạch",
	    /* NOTR */ "Harvest date" },
	  N_("the harvest date") },
	{ { "packing_date", /* NOTR */ "Ngày đóng gói",
	    H("Ngày đóng gói", /* NOTR */ "Ngày ĐG", /* NOTR */ "Đóng gói"),
	    N_("packing date at the packing facility"), OCOP_FIELD_DATE, 0, 0, 0, 0, 0, 0, "", 0, NULL, "Ngày đóng gói",
	    /* NOTR */ "Packing date" },
	  N_("the packing date") },
	{ { "gln", "GLN", H("GLN", /* NOTR */ "Mã GLN", /* NOTR */ "Mã địa điểm", /* NOTR */ "Mã địa điểm toàn cầu"),
	    N_("GLN of the packing site: 13 digits with the check digit (optional)"), OCOP_FIELD_NUMBER, 0, 13, 0, 0, 0, 0,
	    "", 0, NULL, /* NOTR */ "Mã địa điểm toàn cầu (GLN)", /* NOTR */ "Global Location Number (GLN)" },
	  N_("the GLN of the packing site") },
	{ { "copies", "Số lượng", H("Số lượng", "Số bản", /* NOTR */ "Số tem", /* NOTR */ "Số nhãn", "SL"), N_("labels to make of the row (product files)"),
	    OCOP_FIELD_NUMBER, 0, 7, 0, OCOP_COPIES_MAX, 0, 0, "", 1, NULL, "Số lượng", "Number of labels" }, N_("the number of labels") },
};

size_t ocop_field_count(void) { return G_N_ELEMENTS(defs); }

const ocop_field *ocop_field_get(size_t i) { return i < G_N_ELEMENTS(defs) ? &defs[i].f : NULL; }

const ocop_field *ocop_field_find(const char *name)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(defs); i++)
		if (strcmp(defs[i].f.name, name) == 0)
			return &defs[i].f;
	return NULL;
}

int ocop_field_is_known(const char *field)
{
	const ocop_field *f = ocop_field_find(field);
	return f && !f->column_only;
}

const char *ocop_field_what(const ocop_field *f)
{
	/* f is a member of defs[] (the first member of its def); its words are in the catalogue (N_ above) */
	return _(((const def *)(const void *)f)->what);
}

/* A field's name at the head of a message ("gtin: ..."): the key in English, as messages always named it
 * (scripts read them under LANG=C); in Vietnamese the field's Vietnamese name ("Mã vạch (GTIN): ..."). */
const char *ocop_field_title(const char *key)
{
	const ocop_field *f = ocop_field_find(key);
	if (!key || strcmp(ocop_language(), "en") == 0)
		return key;
	if (f)
		return f->label && *f->label ? f->label : key;
	/* the subjects of problems that are not one field: the whole row, the header line, the label */
	if (strcmp(key, "row") == 0)
		return C_("the field of a problem of the whole row", "row");
	if (strcmp(key, "header") == 0)
		return C_("the field of a problem of the header line", "header");
	if (strcmp(key, "label") == 0)
		return C_("the field of a problem of the whole label", "label");
	return key;
}

/* the error object (util, below this folder) names fields through the table: registered when the library loads */
__attribute__((constructor)) static void register_field_titles(void) { ocop_set_field_titles(ocop_field_title); }

char *ocop_fold(const char *h)
{
	/* lower case, accents removed (đ -> d), runs of space, '_' and '-' folded to one space, trimmed */
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

static bool folded_equal(const char *folded, const char *s)
{
	char *f = ocop_fold(s);
	bool eq = strcmp(f, folded) == 0;
	g_free(f);
	return eq;
}

const char *ocop_field_for_heading(const char *heading)
{
	if (!heading)
		return NULL;
	char *f = ocop_fold(heading);
	const char *out = NULL;
	/* the Vietnamese headings first, then the canonical names written with spaces or underscores */
	for (size_t i = 0; !out && i < G_N_ELEMENTS(defs); i++)
		for (const char *const *h = defs[i].f.headings; !out && *h; h++)
			if (folded_equal(f, *h))
				out = defs[i].f.name;
	for (size_t i = 0; !out && i < G_N_ELEMENTS(defs); i++)
		if (folded_equal(f, defs[i].f.name))
			out = defs[i].f.name;
	g_free(f);
	return out;
}

/* the words of a folded heading: split at anything that is not a letter or digit */
static char **words_of(const char *folded)
{
	GPtrArray *w = g_ptr_array_new();
	const char *p = folded;
	while (*p) {
		while (*p && !g_unichar_isalnum(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		const char *start = p;
		while (*p && g_unichar_isalnum(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (p > start)
			g_ptr_array_add(w, g_strndup(start, (gsize)(p - start)));
	}
	g_ptr_array_add(w, NULL);
	return (char **)g_ptr_array_free(w, FALSE);
}

/* how many words of `want` appear in a row in `have` (0 when they do not) */
static size_t words_inside(char **have, const char *want)
{
	char *f = ocop_fold(want);
	char **w = words_of(f);
	g_free(f);
	size_t n = g_strv_length(w), found = 0;
	for (size_t i = 0; n && !found && have[i]; i++) {
		size_t k = 0;
		while (k < n && have[i + k] && strcmp(have[i + k], w[k]) == 0)
			k++;
		if (k == n)
			found = n;
	}
	g_strfreev(w);
	return found;
}

const char *ocop_field_near_heading(const char *heading)
{
	if (!heading || ocop_field_for_heading(heading))
		return NULL;
	char *f = ocop_fold(heading);
	char **have = words_of(f);
	g_free(f);
	/* the field whose heading (or name) is found whole among the heading's words, the longest found winning:
	 * "Ngày cấp GCN OCOP" holds "ngày cấp", "Hạn sử dụng (HSD)" holds "hạn sử dụng"; a single short word
	 * ("Lô", "Hạng", "SL") counts only when the heading has two words at most */
	const char *out = NULL;
	size_t best = 0, n_have = g_strv_length(have);
	for (size_t i = 0; i < G_N_ELEMENTS(defs); i++) {
		if (defs[i].f.column_only)
			continue;
		for (const char *const *h = defs[i].f.headings; *h; h++) {
			size_t n = words_inside(have, *h);
			if (n == 1 && (strlen(*h) < 4 || n_have > 2))
				n = 0;
			if (n > best) {
				best = n;
				out = defs[i].f.name;
			}
		}
	}
	g_strfreev(have);
	return out;
}

const char *ocop_field_choice(const ocop_field *f, const char *value)
{
	if (!f->choices || !value)
		return NULL;
	char *v = ocop_fold(value);
	const char *out = NULL;
	for (size_t i = 0; !out && f->choices[i]; i++) {
		if (folded_equal(v, f->choices[i]))
			out = f->choices[i];
		for (const char *const *a = f->choices == groups ? group_aliases[i] : NULL; !out && a && *a; a++)
			if (strcmp(v, *a) == 0)
				out = f->choices[i];
	}
	g_free(v);
	return out;
}

void ocop_field_list(GString *s, const char *const *names, bool or_heading)
{
	for (size_t i = 0; names[i]; i++) {
		const ocop_field *f = ocop_field_find(names[i]);
		g_string_append_printf(s, "%s%s", i ? ", " : "", names[i]);
		if (f && *f->heading)
			g_string_append_printf(s, or_heading ? _(" or %s") : " (%s)", f->heading);
	}
}
