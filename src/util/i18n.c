/* ocoplabel — the words a person reads in the calling thread's language: the process's locale through
 * GNU gettext (dgettext, the text domain "ocoplabel"), or a language a thread chose, looked up in the
 * same compiled catalogue (.mo) read by this file, so a server answers each request in its own
 * language without switching the process's locale (which no thread may do for the others). */
#include "util.h"
#include <libintl.h>
#include <string.h>

#define DOMAIN "ocoplabel"
#define CONTEXT_END "\004" /* gettext's separator of a context and its text in a catalogue's key */

/* The languages the library has words for: one table. English is the texts themselves. */
typedef struct mo_catalog mo_catalog;
static const struct language {
	const char *code;
	bool catalog;          /* translated in po/CODE.po */
	const char *thousands; /* between groups of three digits in a count */
	bool day_first;        /* dates as dd/mm/yyyy, not ISO */
} languages[] = {
	{ "en", false, "", false }, /* English output stays as scripts have always read it: 1234, 2026-12-04 */
	{ "vi", true, ".", true },  /* 1.234 nhãn, 04/12/2026 */
};
enum { LANG_PROCESS = -1 };

/* the thread's language: an index into languages[], or LANG_PROCESS */
static _Thread_local int thread_lang = LANG_PROCESS;

/* field keys to their names for people (core's field table, registered by core: util is below it) */
static const char *(*field_title_fn)(const char *key);

void ocop_set_field_titles(const char *(*fn)(const char *key)) { field_title_fn = fn; }

/* ---- where the catalogues are ---- */

static const char *localedir(void)
{
	static const char *dir;
	if (g_once_init_enter(&dir)) {
		const char *d = g_getenv("OCOPLABEL_LOCALEDIR");
		if (!d || !*d)
			d = OCOP_LOCALEDIR;
#ifdef OCOP_BUILD_ROOT
		if (!g_getenv("OCOPLABEL_LOCALEDIR") && ocop_running_uninstalled())
			d = OCOP_BUILD_ROOT "/po"; /* where meson compiles the catalogues */
#endif
		g_once_init_leave(&dir, g_strdup(d));
	}
	return dir;
}

static void bind_domain(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		bindtextdomain(DOMAIN, localedir());
		bind_textdomain_codeset(DOMAIN, "UTF-8"); /* the library's text is UTF-8 whatever the locale's charset */
		g_once_init_leave(&done, 1);
	}
}

/* ---- a compiled catalogue (GNU .mo), read whole and looked up by binary search ---- */

struct mo_catalog {
	char *data;
	gsize len;
	guint32 n, orig, trans;
	bool swap;
};

static guint32 word(const mo_catalog *c, gsize at)
{
	guint32 v;
	memcpy(&v, c->data + at, 4);
	return c->swap ? GUINT32_SWAP_LE_BE(v) : v;
}

/* string i of the table at `table` (original or translated): its bytes, or NULL when the file lies */
static const char *mo_string(const mo_catalog *c, guint32 table, guint32 i, guint32 *len)
{
	gsize at = (gsize)table + (gsize)i * 8;
	if (at + 8 > c->len)
		return NULL;
	guint32 l = word(c, at), off = word(c, at + 4);
	if ((gsize)off + l >= c->len || c->data[off + l] != '\0')
		return NULL;
	if (len)
		*len = l;
	return c->data + off;
}

static mo_catalog *mo_load(const char *path)
{
	mo_catalog *c = g_new0(mo_catalog, 1);
	if (!g_file_get_contents(path, &c->data, &c->len, NULL) || c->len < 28)
		goto bad;
	guint32 magic;
	memcpy(&magic, c->data, 4);
	if (magic == 0x950412deu)
		c->swap = false;
	else if (magic == 0xde120495u)
		c->swap = true;
	else
		goto bad;
	c->n = word(c, 8);
	c->orig = word(c, 12);
	c->trans = word(c, 16);
	/* every entry checked once, so a lookup never reads outside the file */
	for (guint32 i = 0; i < c->n; i++)
		if (!mo_string(c, c->orig, i, NULL) || !mo_string(c, c->trans, i, NULL))
			goto bad;
	return c;
bad:
	g_free(c->data);
	g_free(c);
	return NULL;
}

/* the translation of key (the originals are sorted by strcmp, as msgfmt writes them), or NULL; *len its
 * bytes (several NUL-separated forms for a text with a plural) */
static const char *mo_find(const mo_catalog *c, const char *key, guint32 *len)
{
	guint32 lo = 0, hi = c ? c->n : 0;
	while (lo < hi) {
		guint32 mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, mo_string(c, c->orig, mid, NULL));
		if (cmp == 0) {
			const char *t = mo_string(c, c->trans, mid, len);
			return t && *len ? t : NULL; /* an empty translation is no translation */
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* the catalogue of language i, loaded once (NULL when it is not installed: the texts stay English) */
static const mo_catalog *catalog_of(int i)
{
	static const mo_catalog *loaded[G_N_ELEMENTS(languages)];
	static gsize once[G_N_ELEMENTS(languages)];
	if (!languages[i].catalog)
		return NULL;
	if (g_once_init_enter(&once[i])) {
		char *path = g_build_filename(localedir(), languages[i].code, "LC_MESSAGES", DOMAIN ".mo", NULL);
		loaded[i] = mo_load(path);
		g_free(path);
		g_once_init_leave(&once[i], 1);
	}
	return loaded[i];
}

/* ---- lookups ---- */

/* key's translation in the thread's language: form 0, or form `form` of a text with a plural; NULL when none */
static const char *lookup(const char *key, unsigned form)
{
	guint32 len;
	const char *t = mo_find(catalog_of(thread_lang), key, &len);
	for (const char *end = t ? t + len : NULL; t && form > 0; form--) {
		t += strlen(t) + 1;
		if (t > end)
			return NULL;
	}
	return t;
}

const char *ocop_tr(const char *msgid)
{
	if (!msgid || !*msgid)
		return msgid;
	if (thread_lang == LANG_PROCESS) {
		bind_domain();
		return dgettext(DOMAIN, msgid);
	}
	const char *t = lookup(msgid, 0);
	return t ? t : msgid;
}

const char *ocop_trn(const char *msgid, const char *plural, unsigned long n)
{
	if (thread_lang == LANG_PROCESS) {
		bind_domain();
		return dngettext(DOMAIN, msgid, plural, n);
	}
	/* the catalogues' languages have one form (Vietnamese: nplurals=1); English has two */
	const char *t = lookup(msgid, 0);
	return t ? t : n == 1 ? msgid : plural;
}

const char *ocop_trc(const char *context, const char *msgid)
{
	char *key = g_strconcat(context, CONTEXT_END, msgid, NULL);
	const char *t;
	if (thread_lang == LANG_PROCESS) {
		bind_domain();
		t = dgettext(DOMAIN, key);
		t = t == key ? NULL : t;
	} else {
		t = lookup(key, 0);
	}
	g_free(key);
	return t ? t : msgid;
}

const char *ocop_field_shown(const char *key)
{
	return key && field_title_fn ? field_title_fn(key) : key;
}

/* ---- the public API ---- */

static int language_index(const char *lang)
{
	size_t n = strcspn(lang, "_-.@");
	for (size_t i = 0; i < G_N_ELEMENTS(languages); i++)
		if (strlen(languages[i].code) == n && g_ascii_strncasecmp(lang, languages[i].code, n) == 0)
			return (int)i;
	return LANG_PROCESS;
}

int ocop_language_set(const char *lang)
{
	if (!lang) {
		thread_lang = LANG_PROCESS;
		return 0;
	}
	int i = language_index(lang);
	if (i == LANG_PROCESS)
		return ocop_set_error(OCOP_EINVAL, "language '%s': ocoplabel speaks vi (Vietnamese) and en (English)", lang);
	thread_lang = i;
	return 0;
}

const char *ocop_language_chosen(void) { return thread_lang == LANG_PROCESS ? NULL : languages[thread_lang].code; }

const char *ocop_language(void)
{
	if (thread_lang != LANG_PROCESS)
		return languages[thread_lang].code;
	/* the process's language as gettext chose it: the catalogue names its own language */
	const char *code = ocop_trc("language code", "en");
	int i = language_index(code);
	return languages[i == LANG_PROCESS ? 0 : i].code;
}

const char *ocop_language_pick(const char *header)
{
	int best = LANG_PROCESS;
	double best_q = 0;
	char **items = g_strsplit(header ? header : "", ",", -1);
	for (char **it = items; *it; it++) {
		char *item = g_strstrip(*it);
		double q = 1;
		char *semi = strchr(item, ';');
		if (semi) {
			*semi = '\0';
			const char *qp = strstr(semi + 1, "q=");
			if (qp) {
				char *end;
				q = g_ascii_strtod(qp + 2, &end);
				if (end == qp + 2 || q < 0 || q > 1)
					q = 0;
			}
			g_strstrip(item);
		}
		int i = strcmp(item, "*") == 0 ? 1 : language_index(item); /* "*": our first choice, Vietnamese */
		if (i != LANG_PROCESS && q > best_q) {
			best = i;
			best_q = q;
		}
	}
	g_strfreev(items);
	return best == LANG_PROCESS ? NULL : languages[best].code;
}

const char *ocop_gettext(const char *msgid) { return ocop_tr(msgid); }

const char *ocop_ngettext(const char *msgid, const char *msgid_plural, unsigned long n)
{
	return ocop_trn(msgid, msgid_plural, n);
}

const char *ocop_pgettext(const char *context, const char *msgid) { return ocop_trc(context, msgid); }

/* the thread's language as an index into languages[] */
static int current(void)
{
	if (thread_lang != LANG_PROCESS)
		return thread_lang;
	int i = language_index(ocop_language());
	return i == LANG_PROCESS ? 0 : i;
}

size_t ocop_language_count(void) { return G_N_ELEMENTS(languages); }

const char *ocop_language_code(size_t i) { return i < G_N_ELEMENTS(languages) ? languages[i].code : NULL; }

size_t ocop_language_current(void) { return (size_t)current(); }

char *ocop_format_count(char *buf, size_t size, unsigned long long n)
{
	const char *sep = languages[current()].thousands;
	char digits[32];
	int len = g_snprintf(digits, sizeof digits, "%llu", n);
	GString *s = g_string_new(NULL);
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			g_string_append(s, sep);
		g_string_append_c(s, digits[i]);
	}
	g_strlcpy(buf, s->str, size);
	g_string_free(s, TRUE);
	return buf;
}

char *ocop_format_date(char *buf, size_t size, const char *iso)
{
	int y, m, d;
	char tail;
	if (languages[current()].day_first && iso && strlen(iso) == 10 &&
	    sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
		g_snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
	else
		g_strlcpy(buf, iso ? iso : "", size);
	return buf;
}
