/* ocoplabel — the resolver's machine answers: the links of a product, its RFC 9264 linkset (GS1-Conformant Resolver; its titles in the thread's language), and the resolver description file. */
#include "resolver.h"
#include <string.h>

void ocop_json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		/* '<' too: a linkset pasted into a page can never close a script element */
		case '<': g_string_append(out, "\\u003c"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

char *ocop_page_url(const char *root, const char *path) { return g_strconcat(root, OCOP_PAGE_PREFIX, path, NULL); }

static void target_free(gpointer p)
{
	ocop_link_target *t = p;
	g_free(t->type);
	g_free(t->href);
	g_free(t->title);
	g_free(t);
}

static void add(GPtrArray *a, const char *type, char *href, char *title, bool page)
{
	ocop_link_target *t = g_new0(ocop_link_target, 1);
	t->type = g_strdup(type);
	t->href = href;
	t->title = title;
	t->page = page;
	g_ptr_array_add(a, t);
}

GPtrArray *ocop_links_of(const ocop_page_subject *s)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(target_free);
	const ocop_record *r = s->row->rec;
	const char *name = ocop_record_get(r, "name");
	/* TRANSLATORS: the title of the link to a product's page, in a linkset: %s is its name */
	add(a, "pip", ocop_page_url(s->root, s->path), g_strdup_printf(_("Product information: %s"),
	                                                               name ? name : C_("link title", "OCOP product")),
	    true);
	/* a trace URL of the row that is not a link of this resolver: the record it points to */
	const char *trace = ocop_record_get(r, "trace_url");
	char *checked = NULL;
	if (trace && !g_str_has_prefix(trace, s->root) && ocop_url_check(&checked, trace) == 0)
		add(a, "traceability", checked, g_strdup(C_("link title", "Traceability")), false);
	else
		/* else the product's record of Circular 02/2024/TT-BKHCN, as JSON */
		add(a, "traceability", g_strdup_printf("%s" OCOP_TRACE_PREFIX "/01/%s.json", s->root, s->row->gtin14),
		    g_strdup(C_("link title", "Traceability record (Circular 02/2024/TT-BKHCN)")), false),
		g_free(checked);
	/* a serialised label with a registry: its verdict */
	if (s->verifiable && strstr(s->path, "/21/"))
		add(a, "verificationService", g_strdup_printf("%s%s?linkType=gs1:verificationService", s->root, s->path),
		    g_strdup(C_("link title", "Is this label genuine?")), false);
	/* a column named gs1:TYPE with an http(s) address: a link of that type */
	for (size_t i = 0; i < ocop_record_count(r); i++) {
		const char *k, *v;
		ocop_record_field(&k, &v, r, i);
		if (g_ascii_strncasecmp(k, "gs1:", 4) != 0 || !k[4] || strcmp(k + 4, "pip") == 0 ||
		    strcmp(k + 4, "defaultLink") == 0)
			continue;
		bool word = true;
		for (const char *c = k + 4; *c; c++)
			word = word && g_ascii_isalnum(*c);
		char *u = NULL;
		if (word && ocop_url_check(&u, v) == 0)
			add(a, k + 4, u, g_strdup(k + 4), false);
		else
			g_free(u);
	}
	return a;
}

static void target_json(GString *o, const ocop_link_target *t, bool bare)
{
	g_string_append(o, "{\"href\":");
	ocop_json_string(o, t->href);
	g_string_append(o, ",\"title\":");
	ocop_json_string(o, t->title);
	/* the page is in Vietnamese and English (chosen by Accept-Language; a static host's index.en.html) */
	if (!bare && t->page)
		g_string_append(o, ",\"type\":\"text/html\",\"hreflang\":[\"vi\",\"en\"]");
	g_string_append_c(o, '}');
}

/* one link context object: the anchor, what it is, its links by type (the default link: href and title only) */
static void level_json(GString *o, const ocop_page_subject *s, int qualifiers)
{
	const ocop_record *r = s->row->rec;
	g_string_append(o, "{\"anchor\":");
	char *anchor = g_strconcat(s->root, s->path, NULL);
	ocop_json_string(o, anchor);
	g_free(anchor);
	GString *what = g_string_new(ocop_record_get(r, "name") ? ocop_record_get(r, "name") : "");
	/* the item's name, then its variant, lot and serial: "Trà hoa vàng, lô TH2611" */
	const struct { const char *field, *words; } quals[] = {
		{ "variant", C_("item description", "variant") },
		{ "lot", C_("item description", "lot") },
		{ "serial", C_("item description", "serial number") },
	};
	for (size_t i = 0, n = 0; i < G_N_ELEMENTS(quals) && (int)n < qualifiers; i++) {
		const char *v = ocop_record_get(s->link, quals[i].field);
		if (v) {
			g_string_append_printf(what, ", %s %s", quals[i].words, v);
			n++;
		}
	}
	g_string_append(o, ",\"itemDescription\":");
	ocop_json_string(o, what->str);
	g_string_free(what, TRUE);
	GPtrArray *links = ocop_links_of(s);
	for (guint i = 0; i < links->len; i++) {
		const ocop_link_target *t = g_ptr_array_index(links, i);
		g_string_append_printf(o, ",\"" OCOP_GS1_VOC "%s\":[", t->type);
		target_json(o, t, false);
		g_string_append_c(o, ']');
	}
	const ocop_link_target *page = g_ptr_array_index(links, 0);
	g_string_append(o, ",\"" OCOP_GS1_VOC "defaultLink\":[");
	target_json(o, page, true);
	g_string_append(o, "]}");
	g_ptr_array_free(links, TRUE);
}

char *ocop_linkset_json(const ocop_page_subject *s)
{
	/* the item, then each level up to the primary key: /01/G/10/L/21/S, /01/G/10/L, /01/G */
	GString *o = g_string_new("{\"linkset\":[");
	char *path = g_strdup(s->path);
	int pairs = 0;
	for (const char *c = path; *c; c++)
		pairs += *c == '/';
	pairs /= 2;
	for (int level = pairs; level >= 1; level--) {
		ocop_page_subject l = *s;
		l.path = path;
		if (level < pairs)
			g_string_append_c(o, ',');
		level_json(o, &l, level - 1);
		/* up one level: drop the last /AI/value */
		for (int k = 0; k < 2; k++) {
			char *slash = strrchr(path, '/');
			if (slash)
				*slash = 0;
		}
	}
	g_free(path);
	g_string_append(o, "]}\n");
	return g_string_free(o, FALSE);
}

char *ocop_resolver_description(const char *root, const char *name, bool verify)
{
	GString *o = g_string_new("{\"name\":");
	ocop_json_string(o, name ? name : "ocoplabel");
	g_string_append(o, ",\"resolverRoot\":");
	ocop_json_string(o, root);
	g_string_append(o, ",\"supportedPrimaryKeys\":[\"01\"],"
	                   "\"supportedLinkType\":[{\"namespace\":\"" OCOP_GS1_VOC
	                   /* NOTR: JSON */
	                   "\",\"prefix\":\"gs1:\"}],"
	                   "\"linkTypeDefaultCanBeLinkset\":false,");
	/* the registry's verdict of a serialised label: linkType=gs1:verificationService on a link with /21/ */
	if (verify)
		g_string_append(o, "\"verificationService\":{\"linkType\":\"gs1:verificationService\","
		                   "\"appliesTo\":\"/01/{gtin}/10/{lot}/21/{serial}\",\"type\":\"application/json\"},");
	g_string_append(o,
	                   /* NOTR: JSON */
	                   "\"jsonLdContextLocation\":\"https://ref.gs1.org/standards/resolver/linkset-context\","
	                   "\"contact\":{\"fn\":");
	ocop_json_string(o, name ? name : "ocoplabel");
	g_string_append(o, "}}\n");
	return g_string_free(o, FALSE);
}
