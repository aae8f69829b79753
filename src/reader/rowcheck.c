/* ocoplabel — checks across the rows of a product file: one GTIN per product, and dates whose day/month order the file contradicts. */
#include "rows.h"
#include <stdlib.h>
#include <string.h>

/* GTINs remembered per file: beyond this many distinct ones, new GTINs are not compared (memory stays bounded). */
#define OCOP_ROWCHECK_MAX_GTINS 100000

/* One allocation per GTIN (memory at the limit: about 100 bytes each): the line, the case-folded
 * name as a hash and length (names are compared so), and the GTIN and the name as written. */
typedef struct seen {
	size_t line;
	guint folded_hash;
	size_t folded_len;
	char text[];        /* GTIN \0 name \0: the GTIN is the table's key */
} seen;

struct ocop_rowcheck {
	GHashTable *gtins;      /* GTIN -> seen */
	/* dates written a/b/yyyy: the first one that can only be day first, and month first */
	size_t day_first_line, month_first_line;
	char *month_first;
};

ocop_rowcheck *ocop_rowcheck_new(void)
{
	ocop_rowcheck *c = g_new0(ocop_rowcheck, 1);
	c->gtins = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	return c;
}

void ocop_rowcheck_free(ocop_rowcheck *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->gtins);
	g_free(c->month_first);
	g_free(c);
}

/* A date written a/b/yyyy (one or two digits each, a midnight time allowed after it): 1 with its parts, else 0. */
static int slash_date(const char *v, unsigned *a, unsigned *b, unsigned *y)
{
	const char *slash = strrchr(v, '/');
	if (!g_ascii_isdigit(*v) || !slash || strspn(slash + 1, "0123456789") != 4 ||
	    (slash[5] && slash[5] != ' ' && slash[5] != 'T') || sscanf(v, "%2u/%2u/%4u", a, b, y) != 3)
		return 0;
	return *a >= 1 && *a <= 31 && *b >= 1 && *b <= 31;
}

void ocop_rowcheck_scan_date(ocop_rowcheck *c, const char *v, size_t line)
{
	unsigned a, b, y;
	if (!slash_date(v, &a, &b, &y))
		return;
	if (a > 12 && b <= 12 && !c->day_first_line)
		c->day_first_line = line;
	if (a <= 12 && b > 12 && !c->month_first_line) {
		c->month_first_line = line;
		c->month_first = g_strdup(v);
	}
}

static const char *month_name(unsigned m)
{
	static const char *const names[] = { N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
		                             N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
		                             N_("December") };
	return m >= 1 && m <= 12 ? _(names[m - 1]) : "?";
}

void ocop_rowcheck_date(ocop_rowcheck *c, const char *field, const char *v, ocop_diags *d)
{
	unsigned a, b, y;
	/* ambiguous (both parts could be the month) in a file whose other dates are month first only */
	if (!c->month_first_line || c->day_first_line || !slash_date(v, &a, &b, &y) || a > 12 || b > 12 || a == b)
		return;
	ocop_diags_addc(d, OCOP_SEVERITY_WARNING, field, OCOP_CODE_AMBIGUOUS_DATE,
	               "'%s' is read as %u %s %u (day first), but '%s' on line %zu is written month first; if the file's "
	               "dates are month first, this one means %u %s %u: write the dates day first, dd/mm/yyyy",
	               v, a, month_name(b), y, c->month_first, c->month_first_line, b, month_name(a), y);
}

void ocop_rowcheck_row(ocop_rowcheck *c, const ocop_record *rec, size_t line, ocop_diags *d)
{
	const char *gtin = ocop_record_get(rec, "gtin"), *name = ocop_record_get(rec, "name");
	if (!gtin || !name)
		return;
	char *folded = g_utf8_casefold(name, -1);
	guint h = g_str_hash(folded);
	size_t flen = strlen(folded);
	g_free(folded);
	seen *s = g_hash_table_lookup(c->gtins, gtin);
	if (s) {
		if (s->folded_hash != h || s->folded_len != flen) {
			const char *other = s->text + strlen(s->text) + 1;
			ocop_diags_addc(d, OCOP_SEVERITY_WARNING, "gtin", OCOP_CODE_DUPLICATE_GTIN,
			               "%s is also the GTIN of '%s' on line %zu; one GTIN is one product", gtin, other, s->line);
		}
		return;
	}
	if (g_hash_table_size(c->gtins) >= OCOP_ROWCHECK_MAX_GTINS)
		return;
	size_t gl = strlen(gtin), nl = strlen(name);
	s = g_malloc(sizeof *s + gl + nl + 2);
	s->line = line;
	s->folded_hash = h;
	s->folded_len = flen;
	memcpy(s->text, gtin, gl + 1);
	memcpy(s->text + gl + 1, name, nl + 1);
	g_hash_table_insert(c->gtins, s->text, s);
}
