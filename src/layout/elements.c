/* ocoplabel — the one table of element kinds: each kind's class (its name in templates and its operations at every stage). */
#include "layout.h"
#include <string.h>

/* one row per kind; the order is the order kinds are listed in messages */
static const ocop_element_class *const classes[OCOP_ELEM_KINDS] = {
	[OCOP_ELEM_TEXT] = &ocop_text_class,
	[OCOP_ELEM_MARK] = &ocop_mark_class,
	[OCOP_ELEM_STARS] = &ocop_stars_class,
	[OCOP_ELEM_QR] = &ocop_qr_class,
	[OCOP_ELEM_EAN] = &ocop_ean_class,
	[OCOP_ELEM_DATAMATRIX] = &ocop_datamatrix_class,
	[OCOP_ELEM_LINE] = &ocop_line_class,
	[OCOP_ELEM_BOX] = &ocop_box_class,
};

const ocop_element_class *ocop_element_class_of(ocop_elem_kind k) { return classes[k]; }

bool ocop_element_kind_named(const char *name, ocop_elem_kind *out)
{
	for (int k = 0; k < OCOP_ELEM_KINDS; k++)
		if (strcmp(name, classes[k]->name) == 0) {
			*out = (ocop_elem_kind)k;
			return true;
		}
	return false;
}

const char *ocop_element_kind_names(void)
{
	static char *names;
	if (g_once_init_enter(&names)) {
		GString *s = g_string_new(NULL);
		for (int k = 0; k < OCOP_ELEM_KINDS; k++)
			g_string_append_printf(s, "%s%s", k ? ", " : "", classes[k]->name);
		g_once_init_leave(&names, g_string_free(s, FALSE));
	}
	return names;
}
