/* ocoplabel — the table of product fields: names, kinds, limits, Vietnamese headings, GS1 AIs. */
#ifndef OCOPLABEL_FIELDS_H
#define OCOPLABEL_FIELDS_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a field holds, which decides how it is normalised and checked. */
typedef enum ocop_field_kind {
	OCOP_FIELD_TEXT = 1,   /**< free text (NFC, trimmed) */
	OCOP_FIELD_CODE,       /**< a code: A-Z, 0-9 and '-', stored upper-case */
	OCOP_FIELD_DATE,       /**< a date, stored dd/mm/yyyy */
	OCOP_FIELD_GS1,        /**< a GS1 element string (AI 10, 21, 22): at most 20 characters of CSET 82 in a Digital Link */
	OCOP_FIELD_NUMBER,     /**< digits: the star rating, the GTIN, the copies of a row */
	OCOP_FIELD_URL,        /**< an absolute http(s) web address */
	OCOP_FIELD_CHOICE      /**< one of a fixed list (ocop_field::choices), stored in its canonical spelling */
} ocop_field_kind;

/**
 * One field of a product record (or, for "copies", a column of a product
 * file). The table is static: the pointers stay valid for the life of the
 * program and may be shared by any thread. New members are only ever added
 * at the end.
 */
typedef struct ocop_field {
	const char *name;          /**< canonical name, e.g. "growing_area" */
	const char *heading;       /**< the Vietnamese heading messages suggest, e.g. "Mã số vùng trồng"; "" when none */
	const char *const *headings; /**< every heading the reader accepts for it (NULL-terminated, the first is
	                                  @c heading), matched without regard to case, accents, spaces, '_' and '-' */
	const char *description;   /**< one line in English, as `ocoplabel render --help` prints it */
	ocop_field_kind kind;
	int required;              /**< 1 when every record must have it (see also ocop_record_validate()) */
	long max_length;           /**< the most characters of a value; 0 when only the 64 KiB limit applies */
	long min_value, max_value; /**< OCOP_FIELD_NUMBER with a range (stars 3..5, copies 0..1000000); 0, 0 otherwise */
	int mandatory_text;        /**< 1 when a label must print it (Decree 43/2017/ND-CP): letters at least 1.2 mm high */
	int wrap;                  /**< 1 when a printed value may be wrapped between words; 0 keeps it whole */
	const char *gs1_ai;        /**< the GS1 Application Identifier it goes into ("01", "10", "11", "17", "21", "22"), or "" */
	int column_only;           /**< 1 for a product-file column the reader takes itself (copies), not a record field */
	const char *const *choices; /**< OCOP_FIELD_CHOICE: the canonical values (NULL-terminated); NULL otherwise */
	const char *label;         /**< its name in full Vietnamese words, as a page or a label shows it
	                                ("Ngày sản xuất" where the heading is "NSX"); never NULL */
	const char *label_en;      /**< the same in English, for a form or page in English ("Production date") */
} ocop_field;

/** The largest number of copies of one row or one record. */
#define OCOP_COPIES_MAX 1000000L

/** Number of fields in the table. */
OCOP_API size_t ocop_field_count(void);

/** Field @p i (0-based, in the order messages and `--help` list them), or NULL when out of range. */
OCOP_API const ocop_field *ocop_field_get(size_t i);

/** The field named @p name (canonical name, exact), or NULL. */
OCOP_API const ocop_field *ocop_field_find(const char *name);

/**
 * Whether @p field is the canonical name of a record field of the table
 * (not of a column such as "copies"). Other names are extra fields.
 */
OCOP_API int ocop_field_is_known(const char *field);

/**
 * The canonical field name for a column heading, e.g. "Tên sản phẩm" gives
 * "name" and "Số lượng" gives "copies"; a canonical name itself, written with
 * spaces or underscores, gives that name. NULL when the heading is not known.
 */
OCOP_API const char *ocop_field_for_heading(const char *heading);

/** The name of field @p name at the head of a message, in the calling
 *  thread's language (language.h): the key itself in English ("gtin", as
 *  messages have always named fields), its Vietnamese name in Vietnamese
 *  ("Mã số mã vạch (GTIN)"); "row", "header" and "label" (a problem of the
 *  whole row, the header line, the label) in the language's words. Another
 *  name is returned as it is. */
OCOP_API const char *ocop_field_title(const char *name);

/* The six OCOP product groups (Decision 148/QD-TTg), as ocop_record_set() stores product_group. */
#define OCOP_GROUP_FOOD "Thực phẩm"                       /**< food */
#define OCOP_GROUP_DRINK "Đồ uống"                        /**< beverages */
#define OCOP_GROUP_HERBS "Thảo dược"                      /**< herbs and herbal products */
#define OCOP_GROUP_CRAFTS "Thủ công mỹ nghệ"              /**< handicrafts */
#define OCOP_GROUP_ORNAMENTAL "Sinh vật cảnh"             /**< ornamental plants and animals */
#define OCOP_GROUP_TOURISM "Dịch vụ du lịch cộng đồng"    /**< community tourism services (no barcode) */

#ifdef __cplusplus
}
#endif
#endif
