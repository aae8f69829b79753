/* ocoplabel — the static export of the resolver: every page (in Vietnamese, with its English copy beside it), linkset and the description file as files for any web host, the folder made whole and then swapped into place. */
#include "resolver.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the marker of an export: a folder that has it may be replaced by the next export */
/* NOTR: a file name */
static const char MARKER[] = ".ocoplabel-site";

/* Apache: the rules of docs/RESOLVER.md, for a site at the root of its host */
static const char htaccess[] =
	/* NOTR: Apache's configuration */
	"# ocoplabel site: GS1 Digital Link resolver rules for Apache (mod_rewrite, AllowOverride FileInfo)\n"
	"Options -Indexes\n"
	"ErrorDocument 404 /404.html\n"
	"<Files \"gs1resolver\">\nForceType application/json\n</Files>\n"
	"AddType application/linkset+json .json\n"
	"<FilesMatch \"^[0-9]{14}\\.json$\">\nForceType application/json\n</FilesMatch>\n"
	"AddDefaultCharset utf-8\n"
	"# the pages in Vietnamese, each with its English copy index.en.html\n"
	"AddLanguage en .en\n"
	"<Files \"*.html\">\nDefaultLanguage vi\n</Files>\n"
	"<IfModule mod_headers.c>\n"
	"Header set Content-Security-Policy \"%s\" \"expr=%%{CONTENT_TYPE} =~ m#text/html#\"\n"
	"Header merge Vary Accept-Language \"expr=%%{CONTENT_TYPE} =~ m#text/html#\"\n"
	"Header set Access-Control-Allow-Origin \"*\"\n"
	"Header set X-Content-Type-Options nosniff\n"
	"</IfModule>\n"
	"RewriteEngine On\n"
	"# the linkset of a link: ?linkType=linkset (or all), or Accept: application/linkset+json\n"
	"RewriteCond %%{QUERY_STRING} (^|&)linkType=(linkset|all)(&|$) [NC,OR]\n"
	"RewriteCond %%{HTTP_ACCEPT} application/linkset\\+json\n"
	"RewriteRule ^(01/[^/]+(/(22|10)/[^/]+)*)(/21/[^/]+)?/?$ $1/linkset.json [L]\n"
	"# a link: 307 to its page (a serial's is its lot's), the query kept\n"
	"RewriteRule ^(01/[^/]+(/(22|10)/[^/]+)*)(/21/[^/]+)?/?$ /p/$1 [R=307,L]\n"
	"# a browser that asks for English first (or for English and not Vietnamese): the English copy\n"
	"RewriteCond %%{HTTP:Accept-Language} ^en\\b [NC,OR]\n"
	"RewriteCond %%{HTTP:Accept-Language} ^(?!.*\\bvi\\b).*\\ben\\b [NC]\n"
	"RewriteCond %%{REQUEST_FILENAME}/index.en.html -f\n"
	"RewriteRule ^p/01/.+?/?$ %%{REQUEST_URI}/index.en.html [L]\n"
	"RewriteCond %%{HTTP:Accept-Language} ^en\\b [NC,OR]\n"
	"RewriteCond %%{HTTP:Accept-Language} ^(?!.*\\bvi\\b).*\\ben\\b [NC]\n"
	"RewriteRule ^404\\.html$ /404.en.html [L]\n"
	"# a page of a lot not in the export: the product's page\n"
	"RewriteCond %%{REQUEST_FILENAME} !-f\n"
	"RewriteCond %%{REQUEST_FILENAME} !-d\n"
	"RewriteRule ^p/01/([^/]+)/.+$ /p/01/$1/ [L]\n";

typedef struct site {
	char *stage;
	const char *dir;           /* the target, for messages */
	ocop_site_stats st;
} site;

/* writes name (relative, '/'-separated) in the stage, its folders made */
static int put_data(site *s, const char *name, const char *data, size_t len)
{
	char *path = g_build_filename(s->stage, name, NULL);
	char *dir = g_path_get_dirname(path);
	int e = g_mkdir_with_parents(dir, 0755) == 0 ? 0 : errno;
	g_free(dir);
	int fd = e ? -1 : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (!e && fd < 0)
		e = errno;
	while (fd >= 0 && len > 0 && !e) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			e = errno;
		else
			data += w, len -= (size_t)w;
	}
	if (fd >= 0 && close(fd) != 0 && !e)
		e = errno;
	g_free(path);
	if (e)
		return ocop_set_error(OCOP_EIO, "%s: cannot write %s: %s", s->dir, name, g_strerror(e));
	return 0;
}

static int put(site *s, const char *name, const char *data) { return put_data(s, name, data, strlen(data)); }

/* the record of Circular 02 of a product, and the photos its rows name (each once) */
static int write_record02(site *s, const ocop_products *p, const char *root, const char *gtin14,
                          const ocop_link_options *lo)
{
	char *json = ocop_trace_json(p, root, gtin14, lo, NULL);
	/* NOTR: a file name */
	char *name = g_strdup_printf("%s/01/%s.json", OCOP_TRACE_PREFIX + 1, gtin14);
	int err = json ? put(s, name, json) : 0;
	g_free(name);
	g_free(json);
	const GPtrArray *rows = ocop_products_find(p, gtin14);
	GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; !err && rows && i < rows->len; i++) {
		const ocop_image *im = ocop_row_image(g_ptr_array_index(rows, i));
		if (!im || !im->data || g_hash_table_contains(done, im->name))
			continue;
		g_hash_table_add(done, im->name);
		gsize n = 0;
		const char *d = g_bytes_get_data(im->data, &n);
		/* NOTR: a file name */
		char *file = g_strdup_printf("%s/01/%s/%s", OCOP_MEDIA_PREFIX + 1, gtin14, im->name);
		err = put_data(s, file, d, n);
		g_free(file);
	}
	g_hash_table_destroy(done);
	return err;
}

/* the link path /01/G/10/L as the folder a web host maps it to (percent-decoded); NULL when a value
 * cannot be one folder name ('/' in it, or "." and "..") */
static char *folder_of(const char *path)
{
	char **seg = g_strsplit(path + 1, "/", -1);
	GString *o = g_string_new(NULL);
	bool ok = true;
	for (char **p = seg; *p && ok; p++) {
		char *d = g_uri_unescape_string(*p, NULL);
		ok = d && *d && !strchr(d, '/') && strcmp(d, ".") != 0 && strcmp(d, "..") != 0;
		if (ok)
			g_string_append_printf(o, "/%s", d);
		g_free(d);
	}
	g_strfreev(seg);
	if (!ok) {
		g_string_free(o, TRUE);
		return NULL;
	}
	return g_string_free(o, FALSE);
}

static int write_level(site *s, const ocop_products *p, const char *root, const char *path, const ocop_link_options *lo,
                       const GDate *today)
{
	char *folder = folder_of(path);
	if (!folder) {
		s->st.skipped++;
		return 0;
	}
	char *url = g_strconcat(root, path, NULL);
	ocop_record *link = NULL;
	int err = ocop_link_parse(&link, url, lo);
	g_free(url);
	ocop_page_subject subj;
	if (err == 0 && ocop_page_subject_of(&subj, p, link, root, path, lo, today) == 0) {
		/* the page and linkset in Vietnamese, the page's English copy; the messages in the caller's language */
		const char *callers = ocop_language_chosen();
		ocop_language_set("vi");
		char *html = ocop_page_product(&subj), *json = ocop_linkset_json(&subj);
		ocop_language_set("en");
		char *html_en = ocop_page_product(&subj);
		ocop_language_set(callers);
		/* NOTR: a file name */
		char *page = g_strdup_printf("%s%s/index.html", OCOP_PAGE_PREFIX + 1, folder);
		/* NOTR: a file name */
		char *page_en = g_strdup_printf("%s%s/index.en.html", OCOP_PAGE_PREFIX + 1, folder);
		/* NOTR: a file name */
		char *ls = g_strdup_printf("%s/linkset.json", folder + 1);
		err = put(s, page, html);
		if (!err)
			err = put(s, page_en, html_en);
		if (!err)
			err = put(s, ls, json);
		if (!err) {
			s->st.pages++;
			s->st.linksets++;
		}
		g_free(page);
		g_free(page_en);
		g_free(ls);
		g_free(html);
		g_free(html_en);
		g_free(json);
	}
	ocop_record_free(link);
	g_free(folder);
	return err < 0 ? err : 0;
}

static int export_to_stage(site *s, const ocop_products *p, const char *root, const ocop_resolver_setup *su)
{
	int err = 0;
	const ocop_resolver_options *o = &su->o;
	GDate today = su->today;
	ocop_link_options lo = su->link;
	lo.resolver = root;
	/* every level of every row's link, once: /01/G, /01/G/22/V, /01/G[/22/V]/10/L */
	GHashTable *done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const GPtrArray *gtins = ocop_products_gtin_list(p);
	for (guint i = 0; i < gtins->len && !err; i++) {
		const GPtrArray *rows = ocop_products_find(p, g_ptr_array_index(gtins, i));
		err = write_record02(s, p, root, g_ptr_array_index(gtins, i), &lo);
		for (guint j = 0; j < rows->len && !err; j++) {
			const ocop_product_row *row = g_ptr_array_index(rows, j);
			static const char *const levels[][3] = { { "gtin" }, { "gtin", "variant" }, { "gtin", "variant", "lot" } };
			for (size_t k = 0; k < G_N_ELEMENTS(levels) && !err; k++) {
				if (k > 0 && !ocop_record_get(row->rec, levels[k][k]))
					continue;
				ocop_record *key = NULL;
				char *url = NULL;
				if (ocop_record_new(&key) < 0)
					err = OCOP_ENOMEM;
				for (size_t f = 0; !err && f <= k; f++)
					if (ocop_record_get(row->rec, levels[k][f]))
						ocop_record_set(key, levels[k][f], ocop_record_get(row->rec, levels[k][f]), -1);
				if (!err && ocop_link_build(&url, key, &lo) < 0) {
					s->st.skipped++; /* a lot the Digital Link cannot carry: no label has it */
				} else if (!err && !g_hash_table_contains(done, url + strlen(root))) {
					g_hash_table_add(done, g_strdup(url + strlen(root)));
					err = write_level(s, p, root, url + strlen(root), &lo, &today);
				}
				free(url);
				ocop_record_free(key);
			}
		}
	}
	g_hash_table_destroy(done);
	if (err)
		return err;
	char *desc = ocop_resolver_description(root, o->name, false);
	const char *callers = ocop_language_chosen();
	ocop_language_set("vi");
	char *nf = ocop_page_not_found(C_("product page", "Product not found"), C_("product page", "this code"));
	ocop_language_set("en");
	char *nf_en = ocop_page_not_found(C_("product page", "Product not found"), C_("product page", "this code"));
	ocop_language_set(callers);
	char *ht = g_strdup_printf(htaccess, ocop_page_csp());
	/* NOTR: a file name */
	err = put(s, ".well-known/gs1resolver", desc);
	if (!err)
		err = put(s, "404.html", nf);
	if (!err)
		/* NOTR: a file name */
		err = put(s, "404.en.html", nf_en);
	if (!err)
		err = put(s, ".htaccess", ht);
	if (!err)
		err = put(s, MARKER, _("This folder was written by `ocoplabel site`; the next export replaces it whole.\n"));
	g_free(desc);
	g_free(nf);
	g_free(nf_en);
	g_free(ht);
	return err;
}

int ocop_site_export(ocop_site_stats *stats, const ocop_products *p, const char *given, const ocop_resolver_options *opts)
{
	if (!p || !given || !*given)
		return ocop_set_error(OCOP_EINVAL, "ocop_site_export: NULL argument");
	if (!opts || !opts->resolver)
		return ocop_set_error(OCOP_EINVAL, "the site needs the resolver address its labels carry (--resolver URL)");
	ocop_resolver_setup su;
	int err = ocop_resolver_setup_init(&su, opts, NULL);
	if (err < 0)
		return err;
	char *root = su.root;
	const char *slash = strstr(root, "://") ? strchr(strstr(root, "://") + 3, '/') : NULL;
	if (slash) {
		int e = ocop_set_error(OCOP_EINVAL, "resolver '%s': a site is exported for the root of its host (without "
		                       "'%s'); serve it from there, or use ocoplabel serve", root, slash);
		g_free(root);
		return e;
	}
	char *dir = g_strdup(given);
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = 0;
	/* an existing folder is replaced only when it is an earlier export */
	struct stat st;
	bool replace = false;
	if (lstat(dir, &st) == 0) {
		char *marker = g_build_filename(dir, MARKER, NULL);
		replace = S_ISDIR(st.st_mode) && access(marker, F_OK) == 0;
		g_free(marker);
		/* an empty folder (made for the web host) takes the site by a plain rename */
		GDir *d = !replace && S_ISDIR(st.st_mode) ? g_dir_open(dir, 0, NULL) : NULL;
		bool empty = d && !g_dir_read_name(d);
		if (d)
			g_dir_close(d);
		if (!replace && !empty)
			err = ocop_set_error(OCOP_EIO, "%s: exists and is not an earlier export of ocoplabel site; choose a new "
			                     "folder", dir);
	}
	site s = { .dir = dir };
	if (!err) {
		char *parent = g_path_get_dirname(dir), *base = g_path_get_basename(dir);
		/* NOTR: a file name */
		s.stage = g_strdup_printf("%s/.%s.partial-XXXXXX", parent, base);
		g_free(parent);
		g_free(base);
		if (!mkdtemp(s.stage)) {
			err = ocop_output_error(dir, _("cannot create a folder next to it"), errno);
			g_free(s.stage);
			s.stage = NULL;
		} else {
			chmod(s.stage, 0755);
		}
	}
	if (!err)
		err = export_to_stage(&s, p, root, &su);
	if (!err) {
		int fd = open(s.stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			syncfs(fd);
			close(fd);
		}
		/* one step: the web host never sees half a site */
		if (replace ? renameat2(AT_FDCWD, s.stage, AT_FDCWD, dir, RENAME_EXCHANGE) != 0 : rename(s.stage, dir) != 0)
			err = ocop_set_error(OCOP_EIO, "%s: cannot put the site in place: %s", dir, g_strerror(errno));
	}
	/* the stage: the old site after an exchange, or what was written before a failure */
	if (s.stage)
		ocop_remove_stage(s.stage);
	if (!err && stats)
		*stats = s.st;
	g_free(s.stage);
	g_free(dir);
	g_free(root);
	return err;
}
