/* ocoplabel — the product page a phone opens from the QR code: one row of the product file as HTML (in the thread's language: Vietnamese, or English on request; mobile first, no script), and the not-found and bad-link pages. */
#include "resolver.h"
#include <stdlib.h>
#include <string.h>

/* The page's style, inline so that a static host needs no second file; the policy allows exactly it. */
static const char css[] =
	/* NOTR: CSS */
	":root{--ink:#1b1f23;--soft:#5b636b;--line:#dde1e5;--ok:#1b6e3a;--bad:#b3261e;--mark:#b71c1c;--gold:#f2a900}"
	"*{box-sizing:border-box}"
	"body{margin:0;background:#f4f5f6;color:var(--ink);font:17px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
	"'Noto Sans',sans-serif}"
	"main{max-width:40rem;margin:0 auto;background:#fff;min-height:100vh;padding:1.25rem 1.1rem 2rem}"
	"header{display:flex;align-items:center;gap:.9rem}"
	"header svg{flex:none;width:4.5rem;height:4.5rem}"
	".kicker{margin:0;font-weight:600;letter-spacing:.02em;color:var(--mark)}"
	".stars{margin:0;font-size:1.5rem;line-height:1.1;color:var(--gold);letter-spacing:.08em}"
	".stars .off{color:var(--line)}"
	".rating{margin:0;color:var(--soft);font-size:.95rem}"
	"h1{font-size:1.6rem;line-height:1.25;margin:1rem 0 .25rem}"
	".producer{margin:0 0 1rem;color:var(--soft)}"
	".producer b{color:var(--ink);font-weight:600}"
	".note{border-left:4px solid var(--bad);background:#fdecea;padding:.6rem .8rem;margin:0 0 1rem}"
	".genuine{border-left:4px solid var(--ok);background:#e6f4ea;padding:.6rem .8rem;margin:0 0 1rem}"
	".verdict{border:0;padding:0;margin:0}"
	"section{border-top:1px solid var(--line);padding-top:.6rem;margin-top:1rem}"
	"h2{font-size:1rem;text-transform:uppercase;letter-spacing:.04em;color:var(--soft);margin:.2rem 0 .4rem}"
	"dl{margin:0;display:grid;grid-template-columns:minmax(7.5rem,38%) 1fr;gap:.35rem .8rem}"
	"dt{color:var(--soft)}dd{margin:0;overflow-wrap:anywhere}"
	".code{font-family:ui-monospace,'Noto Sans Mono',monospace;font-size:1.05rem;font-weight:600}"
	".ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:700}"
	"ul{margin:0;padding-left:1.2rem}li{margin:.25rem 0}"
	"a{color:#0b57d0}"
	".photo{display:block;max-width:100%;max-height:22rem;margin:.6rem auto;border-radius:.4rem}"
	".missing{color:var(--soft);font-style:italic}"
	"footer{margin-top:1.6rem;font-size:.85rem;color:var(--soft);overflow-wrap:anywhere}"
	"@media (max-width:22rem){dl{grid-template-columns:1fr}dt{margin-top:.3rem}}";

static char *csp_text;

static void csp_once(void)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)css, sizeof css - 1);
	guint8 digest[32];
	gsize n = sizeof digest;
	g_checksum_get_digest(c, digest, &n);
	g_checksum_free(c);
	char *b64 = g_base64_encode(digest, n);
	/* NOTR: a Content-Security-Policy */
	csp_text = g_strdup_printf("default-src 'none'; style-src 'sha256-%s'; img-src data: 'self' https:; base-uri 'none'; "
	                           "form-action 'none'",
	                           b64);
	g_free(b64);
}

const char *ocop_page_csp(void)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, (GThreadFunc)(void (*)(void))csp_once, NULL);
	return csp_text;
}

/* text as HTML: escaped, line breaks kept */
static void text(GString *o, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': g_string_append(o, "&amp;"); break;
		case '<': g_string_append(o, "&lt;"); break;
		case '>': g_string_append(o, "&gt;"); break;
		case '"': g_string_append(o, "&quot;"); break;
		case '\'': g_string_append(o, "&#39;"); break;
		case '\r': break;
		case '\n': g_string_append(o, "<br>"); break;
		default: g_string_append_c(o, *p);
		}
	}
}

/* s as HTML, g_malloc'ed: a value put into a translated sentence */
static char *escaped(const char *s)
{
	GString *o = g_string_new(NULL);
	text(o, s ? s : "");
	return g_string_free(o, FALSE);
}

/* A sentence of the catalogue whose %s are values of the file or the link: the values escaped, the
 * sentence as the catalogue has it (its words have no markup). Up to three values. */
static void sentence(GString *o, const char *fmt, const char *a, const char *b, const char *c)
{
	char *ea = escaped(a), *eb = escaped(b), *ec = escaped(c);
	g_string_append_printf(o, fmt, ea, eb, ec);
	g_free(ea);
	g_free(eb);
	g_free(ec);
}

static void head(GString *o, const char *title, const char *linkset)
{
	/* the page's language is the thread's: the request's (ocop_resolve) or the export's (ocop_site_export) */
	/* NOTR: HTML */
	g_string_append_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                          "<meta http-equiv=\"Content-Security-Policy\" content=\"",
	                       ocop_language());
	text(o, ocop_page_csp());
	g_string_append(o, "\">\n<title>");
	text(o, title);
	g_string_append(o, "</title>\n");
	if (linkset) {
		/* NOTR: HTML */
		g_string_append(o, "<link rel=\"linkset\" type=\"application/linkset+json\" href=\"");
		text(o, linkset);
		g_string_append(o, "\">\n");
	}
	g_string_append_printf(o, "<style>%s</style>\n</head>\n<body>\n<main>\n", css);
}

static char *tail(GString *o)
{
	g_string_append(o, "</main>\n</body>\n</html>\n");
	return g_string_free(o, FALSE);
}

/* The OCOP mark: a roundel with the word and the stars (n of 5 filled; the page shows 3 to 5). */
static void mark(GString *o, int n)
{
	static const char star[] = "0,-10 2.5,-3.4 9.5,-3.1 4,1.3 5.9,8.1 0,4.2 -5.9,8.1 -4,1.3 -9.5,-3.1 -2.5,-3.4";
	/* NOTR: SVG */
	g_string_append(o, "<header>\n<svg viewBox=\"0 0 100 100\" role=\"img\" aria-label=\"");
	char *label = g_strdup_printf(_("OCOP %d stars"), n);
	text(o, label);
	g_free(label);
	/* NOTR: SVG */
	g_string_append(o, "\"><circle cx=\"50\" cy=\"50\" r=\"48\" fill=\"#b71c1c\"/>"
	                   "<circle cx=\"50\" cy=\"50\" r=\"42\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2\"/>"
	                   "<text x=\"50\" y=\"52\" text-anchor=\"middle\" font-family=\"sans-serif\" "
	                   "font-weight=\"700\" font-size=\"25\" fill=\"#fff\">OCOP</text>");
	for (int i = 0; i < 5; i++)
		/* NOTR: SVG */
		g_string_append_printf(o, "<polygon transform=\"translate(%d 72) scale(.62)\" points=\"%s\" fill=\"%s\"/>",
		                       26 + 12 * i, star, i < n ? "#f2a900" : "#e57373");
	g_string_append(o, "</svg>\n<div>\n<p class=\"kicker\">");
	text(o, C_("product page", "OCOP product"));
	/* NOTR: HTML */
	g_string_append(o, "</p>\n<p class=\"stars\" aria-hidden=\"true\">");
	for (int i = 0; i < 5; i++)
		g_string_append(o, i < n ? "★" :
		                   /* NOTR: HTML */
		                   "<span class=\"off\">★</span>");
	g_string_append(o, "</p>\n<p class=\"rating\">");
	char *rating = g_strdup_printf(_("Rated %d stars"), n);
	text(o, rating);
	g_free(rating);
	g_string_append(o, "</p>\n</div>\n</header>\n");
}

static void row_open(GString *o, const char *label)
{
	g_string_append(o, "<dt>");
	text(o, label);
	g_string_append(o, "</dt><dd>");
}

/* one fact: its label and its value as text (class "code" for codes); nothing when the value is empty */
static void fact(GString *o, const char *label, const char *value, bool code)
{
	if (!value || !*value)
		return;
	row_open(o, label);
	if (code)
		/* NOTR: HTML */
		g_string_append(o, "<span class=\"code\">");
	text(o, value);
	g_string_append(o, code ? "</span></dd>\n" : "</dd>\n");
}

static bool english(void) { return strcmp(ocop_language(), "en") == 0; }

/* the name of a field on the page, in words: the field table's ("Ngày sản xuất", not "NSX"; "Production
 * date" in English) */
static const char *label_of(const char *field)
{
	const ocop_field *f = ocop_field_find(field);
	return !f ? field : english() && f->label_en ? f->label_en : f->label;
}

static bool date_of(const ocop_record *r, const char *field, GDate *out)
{
	const char *v = ocop_record_get(r, field);
	return v && ocop_parse_date(v, out);
}

/* d as the page's language writes a date: 01/11/2026 in Vietnamese, 2026-11-01 in English */
static const char *day_shown(char buf[16], const GDate *d)
{
	char iso[16];
	g_snprintf(iso, sizeof iso, "%04u-%02u-%02u", g_date_get_year(d), g_date_get_month(d), g_date_get_day(d));
	return ocop_format_date(buf, 16, iso);
}

/* a date value of the file or the link (stored dd/mm/yyyy) as the page writes it; another value as it is */
static const char *date_shown(char buf[16], const char *v)
{
	GDate d;
	return v && ocop_parse_date(v, &d) ? day_shown(buf, &d) : v;
}

static bool is_date(const char *field)
{
	const ocop_field *f = ocop_field_find(field);
	return f && f->kind == OCOP_FIELD_DATE;
}

static void certificate(GString *o, const ocop_record *r, const GDate *today)
{
	const char *no = ocop_record_get(r, "ocop_cert_no"), *date = ocop_record_get(r, "ocop_cert_date");
	if (!no && !date)
		return;
	char b[16];
	g_string_append(o, "<section>\n<h2>");
	text(o, C_("product page", "OCOP certificate"));
	g_string_append(o, "</h2>\n<dl>\n");
	fact(o, label_of("ocop_cert_no"), no, true);
	fact(o, label_of("ocop_cert_date"), date_shown(b, date), false);
	GDate cert, until;
	if (date_of(r, "ocop_cert_date", &cert)) {
		ocop_cert_until(&until, &cert);
		row_open(o, C_("certificate", "Valid until"));
		text(o, day_shown(b, &until));
		if (g_date_compare(today, &until) >= 0) {
			/* NOTR: HTML */
			g_string_append(o, " <span class=\"bad\">");
			text(o, C_("certificate", "EXPIRED"));
		} else {
			/* NOTR: HTML */
			g_string_append(o, " <span class=\"ok\">");
			text(o, C_("certificate", "valid"));
		}
		g_string_append(o, "</span></dd>\n");
	}
	g_string_append(o, "</dl>\n</section>\n");
}

/* a value of the link that the file does not have, or has otherwise: said, never hidden */
static void mismatch(GString *o, const char *field, const char *on_label, const char *in_file)
{
	char b1[16], b2[16];
	if (is_date(field)) {
		on_label = date_shown(b1, on_label);
		in_file = in_file ? date_shown(b2, in_file) : NULL;
	}
	g_string_append(o, "<p class=\"note\">");
	if (in_file)
		/* TRANSLATORS: a code or date of the label that the product file has otherwise: "Growing-area code on the
		 * label (VN-QNOR-9999) differs from the producer's list (VN-QNOR-0012)." */
		sentence(o, _("%s on the label (%s) differs from the producer's list (%s)."), label_of(field), on_label, in_file);
	else
		sentence(o, _("%s on the label (%s) is not in the producer's list."), label_of(field), on_label, NULL);
	g_string_append(o, "</p>\n");
}

static void notes(GString *o, const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec, *l = s->link;
	if (s->lot_unknown) {
		g_string_append(o, "<p class=\"note\">");
		sentence(o, _("Lot number %s on the label is not in the producer's list: below is the product's general "
		              "information. Ask the seller or the producer."),
		         ocop_record_get(l, "lot"), NULL, NULL);
		g_string_append(o, "</p>\n");
		return;
	}
	if (!s->lot_facts)
		return;
	/* codes and dates carried by the link, against the row's */
	static const char *const checked[] = { "growing_area", "packing_facility", "production_date", "expiry_date" };
	for (size_t i = 0; i < G_N_ELEMENTS(checked); i++) {
		const char *on = ocop_record_get(l, checked[i]), *in = ocop_record_get(r, checked[i]);
		if (on && g_strcmp0(on, in) != 0)
			mismatch(o, checked[i], on, in);
	}
}

static void trace(GString *o, const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec;
	bool show_lot = s->lot_facts;
	char b[16];
	g_string_append(o, "<section>\n<h2>");
	text(o, C_("product page", "Traceability"));
	g_string_append(o, "</h2>\n<dl>\n");
	fact(o, label_of("growing_area"), ocop_record_get(r, "growing_area"), true);
	fact(o, label_of("packing_facility"), ocop_record_get(r, "packing_facility"), true);
	if (show_lot) {
		fact(o, label_of("lot"), ocop_record_get(r, "lot"), true);
		fact(o, label_of("serial"), ocop_record_get(s->link, "serial"), true);
		fact(o, label_of("production_date"), date_shown(b, ocop_record_get(r, "production_date")), false);
		GDate exp;
		const char *e = ocop_record_get(r, "expiry_date");
		if (e && date_of(r, "expiry_date", &exp) && g_date_compare(&s->today, &exp) > 0) {
			row_open(o, label_of("expiry_date"));
			text(o, date_shown(b, e));
			/* NOTR: HTML */
			g_string_append(o, " <span class=\"bad\">");
			text(o, C_("expiry date", "EXPIRED"));
			g_string_append(o, "</span></dd>\n");
		} else {
			fact(o, label_of("expiry_date"), date_shown(b, e), false);
		}
	}
	g_string_append(o, "</dl>\n</section>\n");
}

/* The record of Circular 02/2024/TT-BKHCN: its ten items in its order, each the file's value or a plain
 * "not given"; the photo shown when it can be, else why not. */
static void record02(GString *o, const ocop_page_subject *s)
{
	ocop_record02 r;
	ocop_record02_items(&r, s);
	/* NOTR: HTML */
	g_string_append(o, "<section id=\"record02\">\n<h2>");
	text(o, C_("product page", "Traceability record (Circular 02/2024/TT-BKHCN)"));
	g_string_append(o, "</h2>\n<dl>\n");
	for (size_t i = 0; i < G_N_ELEMENTS(r.v); i++) {
		row_open(o, ocop_record02_label(i));
		char *src = i == 1 ? ocop_image_src(r.image, s->root, s->row->gtin14) : NULL;
		if (src) {
			/* NOTR: HTML */
			g_string_append(o, "<img class=\"photo\" src=\"");
			text(o, src);
			g_string_append(o, "\" alt=\"");
			text(o, r.v[0] ? r.v[0] : "");
			g_string_append(o, "\">");
		} else if (i == 1 && r.image) {
			/* NOTR: HTML */
			g_string_append(o, "<span class=\"missing\">");
			/* TRANSLATORS: the product file names a photo that is refused: %s is its name, then why */
			sentence(o, _("The photo %s is not shown: %s."), r.image->value, ocop_image_why(r.image), NULL);
			g_string_append(o, "</span>");
		} else if (r.v[i]) {
			if (i == 6)
				/* NOTR: HTML */
				g_string_append(o, "<span class=\"code\">");
			text(o, r.v[i]);
			if (i == 6)
				g_string_append(o, "</span>");
		} else {
			/* NOTR: HTML */
			g_string_append(o, "<span class=\"missing\">");
			text(o, C_("product page", "not given in the producer's list"));
			g_string_append(o, "</span>");
		}
		g_free(src);
		g_string_append(o, "</dd>\n");
	}
	g_string_append(o, "</dl>\n</section>\n");
	ocop_record02_clear(&r);
}

/* the product group as the page's language names it (the file holds the canonical Vietnamese name) */
static const char *group_shown(const char *v)
{
	const struct { const char *canonical, *words; } groups[] = {
		{ OCOP_GROUP_FOOD, C_("product group", "Food") },
		{ OCOP_GROUP_DRINK, C_("product group", "Beverages") },
		{ OCOP_GROUP_HERBS, C_("product group", "Herbs and herbal products") },
		{ OCOP_GROUP_CRAFTS, C_("product group", "Handicrafts") },
		{ OCOP_GROUP_ORNAMENTAL, C_("product group", "Ornamental plants and animals") },
		{ OCOP_GROUP_TOURISM, C_("product group", "Community tourism services") },
	};
	for (size_t i = 0; v && i < G_N_ELEMENTS(groups); i++)
		if (strcmp(v, groups[i].canonical) == 0)
			return groups[i].words;
	return v;
}

static void product(GString *o, const ocop_record *r)
{
	static const char *const fields[] = { "net_quantity", "origin", "ingredients", "instructions", "warnings",
		                              "product_group", "variant" };
	g_string_append(o, "<section>\n<h2>");
	text(o, C_("product page", "Product information"));
	g_string_append(o, "</h2>\n<dl>\n");
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		const char *v = ocop_record_get(r, fields[i]);
		if (strcmp(fields[i], "origin") == 0 && !v)
			/* the origin as the label prints it: Việt Nam unless the row says otherwise */
			v = C_("country of origin", "Viet Nam");
		else if (strcmp(fields[i], "product_group") == 0)
			v = group_shown(v);
		fact(o, label_of(fields[i]), v, false);
	}
	fact(o, label_of("gtin"), ocop_record_get(r, "gtin"), true);
	g_string_append(o, "</dl>\n</section>\n");
}

/* the other lots of the product, each a link to its page */
static void lots(GString *o, const ocop_page_subject *s)
{
	GString *items = g_string_new(NULL);
	for (guint i = 0; i < s->rows->len; i++) {
		const ocop_product_row *x = g_ptr_array_index(s->rows, i);
		const char *lot = ocop_record_get(x->rec, "lot");
		if (!lot || (x == s->row && s->lot_facts))
			continue;
		ocop_record *k = ocop_record_copy(x->rec);
		char *url = NULL;
		ocop_link_options lo = *s->keys;
		lo.resolver = s->root;
		/* the lot's page: its link without the query */
		for (const char *const *f = (const char *const[]){ "serial", "production_date", "expiry_date", "growing_area",
		                                                     "packing_facility", "trace_url", NULL };
		     *f; f++)
			ocop_record_set(k, *f, "", 0);
		if (k && ocop_link_build(&url, k, &lo) == 0) {
			char *q = strchr(url, '?');
			if (q)
				*q = 0;
			char *page = ocop_page_url(s->root, url + strlen(s->root));
			g_string_append(items, "<li><a href=\"");
			text(items, page);
			g_free(page);
			g_string_append(items, "\">");
			sentence(items, C_("product page", "Lot %s"), lot, NULL, NULL);
			g_string_append(items, "</a>");
			const char *nsx = ocop_record_get(x->rec, "production_date");
			if (nsx) {
				char b[16];
				g_string_append(items, " — ");
				/* TRANSLATORS: after a lot in the list of lots: its production date (NSX) */
				sentence(items, _("produced %s"), date_shown(b, nsx), NULL, NULL);
			}
			g_string_append(items, "</li>\n");
		}
		free(url);
		ocop_record_free(k);
	}
	if (items->len) {
		g_string_append(o, "<section>\n<h2>");
		text(o, s->lot_facts && ocop_record_get(s->row->rec, "lot") ? C_("product page", "Other lots")
		                                                             : C_("product page", "Lots of the product"));
		g_string_append_printf(o, "</h2>\n<ul>\n%s</ul>\n</section>\n", items->str);
	}
	g_string_free(items, TRUE);
}

char *ocop_page_product(const ocop_page_subject *s)
{
	const ocop_record *r = s->row->rec;
	const char *name = ocop_record_get(r, "name");
	int stars = ocop_record_stars(r);
	GString *o = g_string_new(NULL);
	const char *shown = name ? name : C_("product page", "Product");
	/* TRANSLATORS: the page's title: the product's name and its OCOP stars (3, 4 or 5) */
	char *title = stars >= 3 && stars <= 5 ? g_strdup_printf(_("%s — OCOP %d stars"), shown, stars) : g_strdup(shown);
	char *canonical = g_strconcat(s->root, s->path, NULL);
	char *linkset = g_strdup_printf("%s?linkType=linkset", canonical);
	head(o, title, linkset);
	g_free(title);
	g_free(linkset);
	if (stars >= 3 && stars <= 5)
		mark(o, stars);
	g_string_append(o, "<h1>");
	text(o, name ? name : "");
	/* NOTR: HTML */
	g_string_append(o, "</h1>\n<p class=\"producer\"><b>");
	text(o, ocop_record_get(r, "producer") ? ocop_record_get(r, "producer") : "");
	g_string_append(o, "</b>");
	const char *addr = ocop_record_get(r, "address");
	if (addr) {
		g_string_append(o, "<br>");
		text(o, addr);
	}
	g_string_append(o, "</p>\n");
	ocop_verdict_html(o, s);
	notes(o, s);
	certificate(o, r, &s->today);
	record02(o, s);
	trace(o, s);
	product(o, r);
	lots(o, s);
	/* the link itself, as the label's QR code carries it */
	GString *a = g_string_new("<a href=\"");
	text(a, canonical);
	g_string_append(a, "\">");
	text(a, canonical);
	g_string_append(a, "</a>");
	g_free(canonical);
	g_string_append(o, "<footer>\n<p>");
	/* TRANSLATORS: %s is the link of the label's QR code */
	g_string_append_printf(o, _("Traceability code (GS1 Digital Link): %s"), a->str);
	g_string_free(a, TRUE);
	g_string_append(o, "</p>\n<p>");
	text(o, _("Information given by the producer in its list of OCOP products. Page made by ocoplabel."));
	g_string_append(o, "</p>\n</footer>\n");
	return tail(o);
}

char *ocop_page_not_found(const char *what, const char *detail)
{
	GString *o = g_string_new(NULL);
	head(o, what, NULL);
	g_string_append(o, "<h1>");
	text(o, what);
	g_string_append(o, "</h1>\n<p>");
	char *code = escaped(detail);
	/* NOTR: HTML */
	char *span = g_strdup_printf("<span class=\"code\">%s</span>", code);
	/* TRANSLATORS: %s is the code or address asked for */
	g_string_append_printf(o, _("This traceability site has no information about %s."), span);
	g_free(span);
	g_free(code);
	g_string_append(o, "</p>\n<p>");
	text(o, _("If this code is printed on an OCOP product, tell the seller or the province's OCOP office."));
	g_string_append(o, "</p>\n");
	return tail(o);
}

char *ocop_page_bad_link(const char *reason)
{
	GString *o = g_string_new(NULL);
	const char *title = C_("product page", "Invalid traceability code");
	head(o, title, NULL);
	g_string_append(o, "<h1>");
	text(o, title);
	g_string_append(o, "</h1>\n<p>");
	text(o, _("This address is not a GS1 Digital Link that this site can read:"));
	g_string_append(o, "</p>\n<p class=\"note\">");
	text(o, reason ? reason : "");
	g_string_append(o, "</p>\n");
	return tail(o);
}
