/* ocoplabel — the product index behind the resolver: every row of the product files, by GTIN-14 and lot, and whether the files have changed since. */
#include "resolver.h"
#include <errno.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* what a file was when it was read */
typedef struct stamp {
	char *path;
	bool gone;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
} stamp;

struct ocop_products {
	GPtrArray *rows;        /* ocop_product_row*, file order */
	GHashTable *by_gtin;    /* gtin14 -> GPtrArray of ocop_product_row* (borrowed) */
	GPtrArray *gtins;       /* the keys in file order (borrowed from the rows) */
	GArray *stamps;         /* stamp */
	ocop_answers *answers;  /* ocop_resolve()'s answers from this reading */
	/* whether a file may have changed: the files and their folders watched (inotify), so that a request
	 * costs a stat() of each file only after an event, or once a second (a change the kernel does not
	 * report, e.g. on a network file system); -1: not watched, every call compares */
	int watch;
	GMutex lock;            /* watch, events, checked */
	bool events;            /* an event came that the stamps have not yet been compared for */
	gint64 checked;         /* when the stamps were last compared (monotonic, µs) */
};

bool ocop_gtin14(char out[15], const char *gtin)
{
	size_t n = gtin ? strlen(gtin) : 0;
	if (!ocop_all_digits(gtin) || !ocop_gtin_length_ok(n))
		return false;
	memset(out, '0', 14 - n);
	memcpy(out + 14 - n, gtin, n + 1);
	return true;
}

static void row_free(gpointer p)
{
	ocop_product_row *r = p;
	ocop_record_free(r->rec);
	g_free(r);
}

static void watch_file(ocop_products *p, const char *path);

static void take_stamp(stamp *s, const char *path)
{
	struct stat st;
	memset(s, 0, sizeof *s);
	s->path = g_strdup(path);
	if (stat(path, &st) != 0) {
		s->gone = true;
		return;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mtime = st.st_mtim;
}

static void problem(const ocop_products_options *o, const char *path, size_t line, ocop_severity sev, const char *field,
                    const char *code, const char *fmt, ...) G_GNUC_PRINTF(7, 8);
static void problem(const ocop_products_options *o, const char *path, size_t line, ocop_severity sev, const char *field,
                    const char *code, const char *fmt, ...)
{
	if (!o->problem)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	ocop_diag d = { .severity = sev, .field = field, .code = code, .message = m };
	o->problem(o->payload, path, line, &d);
	g_free(m);
}

/* a row without a GTIN that has a page: the validator's words about it */
static void gtin_problem(const ocop_products_options *o, const char *path, size_t line, const ocop_record *rec)
{
	ocop_diags *d = NULL;
	ocop_record_validate(&d, rec, NULL);
	const char *why = _("no GTIN"), *code = OCOP_CODE_REQUIRED;
	for (size_t i = 0; i < ocop_diags_count(d); i++) {
		const ocop_diag *g = ocop_diags_get(d, i);
		if (strcmp(g->field, "gtin") == 0 && g->severity == OCOP_SEVERITY_ERROR) {
			why = g->message;
			code = g->code;
			break;
		}
	}
	problem(o, path, line, OCOP_SEVERITY_WARNING, "gtin", code, _("the row has no page: %s"), why);
	ocop_diags_free(d);
}

/* the same lot (or no lot, and the same variant) of a GTIN on an earlier row */
static const ocop_product_row *same_lot(const GPtrArray *rows, const ocop_record *rec)
{
	const char *lot = ocop_record_get(rec, "lot"), *var = ocop_record_get(rec, "variant");
	for (guint i = 0; rows && i < rows->len; i++) {
		const ocop_product_row *r = g_ptr_array_index(rows, i);
		const char *l = ocop_record_get(r->rec, "lot"), *v = ocop_record_get(r->rec, "variant");
		if (g_strcmp0(l, lot) == 0 && g_strcmp0(v, var) == 0)
			return r;
	}
	return NULL;
}

static int load_file(ocop_products *p, const char *path, const ocop_products_options *o)
{
	ocop_reader *rd = NULL;
	int err = ocop_reader_open(&rd, path, o->reader);
	if (err < 0)
		return err;
	const char *kept_path = g_array_index(p->stamps, stamp, p->stamps->len - 1).path;
	ocop_record *rec = NULL;
	if ((err = ocop_record_new(&rec)) < 0) {
		ocop_reader_free(rd);
		return err;
	}
	int n;
	while ((n = ocop_reader_next(rec, rd)) != 0) {
		size_t line = ocop_reader_line(rd);
		if (n == OCOP_EIO) {
			err = n;
			break;
		}
		if (n < 0) {
			const ocop_diags *dg = ocop_reader_diags(rd);
			for (size_t i = 0; o->problem && i < ocop_diags_count(dg); i++)
				o->problem(o->payload, path, line, ocop_diags_get(dg, i));
			continue;
		}
		const char *gtin = ocop_record_get(rec, "gtin");
		char g14[15];
		if (!gtin || !ocop_gtin14(g14, gtin) || ocop_gtin_check("gtin", g14) < 0) {
			gtin_problem(o, path, line, rec);
			continue;
		}
		GPtrArray *rows = g_hash_table_lookup(p->by_gtin, g14);
		const ocop_product_row *dup = same_lot(rows, rec);
		if (dup) {
			const char *lot = ocop_record_get(rec, "lot");
			if (lot)
				problem(o, path, line, OCOP_SEVERITY_WARNING, "lot", OCOP_CODE_DUPLICATE_LOT,
				        _("GTIN %s, lot %s is also on %s:%zu; the page shows that row"), gtin, lot, dup->path,
				        dup->line);
			else
				problem(o, path, line, OCOP_SEVERITY_WARNING, "lot", OCOP_CODE_DUPLICATE_LOT,
				        _("GTIN %s without a lot is also on %s:%zu; the page shows that row"), gtin, dup->path,
				        dup->line);
			continue;
		}
		if (p->rows->len >= OCOP_PRODUCTS_MAX_ROWS) {
			char most[32];
			err = ocop_set_error(OCOP_ELIMIT, "%s:%zu: more than %s rows in the product files", path, line,
			                     ocop_format_count(most, sizeof most, OCOP_PRODUCTS_MAX_ROWS));
			break;
		}
		ocop_product_row *r = g_new0(ocop_product_row, 1);
		r->rec = rec;
		r->path = kept_path;
		r->line = line;
		memcpy(r->gtin14, g14, sizeof g14);
		g_ptr_array_add(p->rows, r);
		if (!rows) {
			rows = g_ptr_array_new();
			g_hash_table_insert(p->by_gtin, r->gtin14, rows);
			g_ptr_array_add(p->gtins, r->gtin14);
		}
		g_ptr_array_add(rows, r);
		/* a photo the page cannot show (docs/EPCIS.md): said now, to the clerk who can fix the file */
		const ocop_image *im = ocop_row_image(r);
		if (im && im->problem != OCOP_IMAGE_OK)
			problem(o, path, line, OCOP_SEVERITY_WARNING, "image", OCOP_CODE_IMAGE,
			        _("the photo %s is not shown on the page: %s"), im->value, ocop_image_why(im));
		if ((err = ocop_record_new(&rec)) < 0) {
			rec = NULL;
			break;
		}
	}
	ocop_record_free(rec);
	ocop_reader_free(rd);
	return err < 0 ? err : 0;
}

int ocop_products_load(ocop_products **out, const char *const *paths, size_t n_paths, const ocop_products_options *opts)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_products_load: NULL argument");
	*out = NULL;
	ocop_products_options o = OCOP_PRODUCTS_OPTIONS_INIT;
	if (opts) {
		if (ocop_check_version(OCOP_VERSIONED_PRODUCTS, opts->version) < 0)
			return OCOP_EINVAL;
		o = *opts;
	}
	if (!paths || n_paths == 0)
		return ocop_set_error(OCOP_EINVAL, "ocop_products_load: no product file given");
	ocop_products *p = g_new0(ocop_products, 1);
	p->rows = g_ptr_array_new_with_free_func(row_free);
	p->by_gtin = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
	p->gtins = g_ptr_array_new();
	p->stamps = g_array_new(FALSE, TRUE, sizeof(stamp));
	p->answers = ocop_answers_new(OCOP_RESOLVER_CACHE_BYTES);
	g_mutex_init(&p->lock);
	p->watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	for (size_t i = 0; i < n_paths; i++) {
		if (!paths[i]) {
			ocop_products_free(p);
			return ocop_set_error(OCOP_EINVAL, "ocop_products_load: NULL file name");
		}
		/* the stamp before the read: a change while reading shows as a change afterwards */
		watch_file(p, paths[i]);
		stamp s;
		take_stamp(&s, paths[i]);
		g_array_append_val(p->stamps, s);
		int err = load_file(p, paths[i], &o);
		if (err < 0) {
			ocop_products_free(p);
			return err;
		}
	}
	p->checked = g_get_monotonic_time();
	*out = p;
	return 0;
}

void ocop_products_free(ocop_products *p)
{
	if (!p)
		return;
	if (p->watch >= 0)
		close(p->watch);
	g_mutex_clear(&p->lock);
	ocop_answers_free(p->answers);
	g_hash_table_destroy(p->by_gtin);
	g_ptr_array_free(p->gtins, TRUE);
	g_ptr_array_free(p->rows, TRUE);
	for (guint i = 0; i < p->stamps->len; i++)
		g_free(g_array_index(p->stamps, stamp, i).path);
	g_array_free(p->stamps, TRUE);
	g_free(p);
}

size_t ocop_products_count(const ocop_products *p) { return p ? p->rows->len : 0; }
size_t ocop_products_gtins(const ocop_products *p) { return p ? p->gtins->len : 0; }

ocop_answers *ocop_products_answers(const ocop_products *p) { return p ? p->answers : NULL; }

/* Watches a file (what it names, through links) and its folder (a file saved by renaming a new one onto it). */
static void watch_file(ocop_products *p, const char *path)
{
	if (p->watch < 0)
		return;
	const uint32_t mask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE |
	                      IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;
	char *dir = g_path_get_dirname(path);
	bool ok = inotify_add_watch(p->watch, dir, mask | IN_ONLYDIR) >= 0;
	g_free(dir);
	/* a file that is not there yet is seen by its folder's watch */
	if (!ok || (inotify_add_watch(p->watch, path, mask) < 0 && errno != ENOENT)) {
		close(p->watch); /* out of watches: compare the stamps on every call */
		p->watch = -1;
	}
}

/* Whether the stamps need comparing: an event since they last were, no watch, or a second gone by. */
static bool worth_comparing(ocop_products *p)
{
	if (p->watch < 0)
		return true;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	while ((n = read(p->watch, buf, sizeof buf)) > 0)
		p->events = true;
	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		close(p->watch);
		p->watch = -1;
		return true;
	}
	gint64 now = g_get_monotonic_time();
	if (p->events || now - p->checked >= G_USEC_PER_SEC) {
		p->events = false;
		p->checked = now;
		return true;
	}
	return false;
}

int ocop_products_changed(const ocop_products *cp)
{
	if (!cp)
		return 0;
	ocop_products *p = (ocop_products *)cp; /* the watch's state only: the rows stay read-only */
	g_mutex_lock(&p->lock);
	bool compare = worth_comparing(p);
	g_mutex_unlock(&p->lock);
	if (!compare)
		return 0;
	for (guint i = 0; i < p->stamps->len; i++) {
		const stamp *was = &g_array_index(p->stamps, stamp, i);
		struct stat st;
		bool gone = stat(was->path, &st) != 0;
		if (gone != was->gone || (!gone && (st.st_dev != was->dev || st.st_ino != was->ino || st.st_size != was->size ||
		                                    st.st_mtim.tv_sec != was->mtime.tv_sec ||
		                                    st.st_mtim.tv_nsec != was->mtime.tv_nsec))) {
			/* changed: so it stays until a new reading replaces this one (a failed reading is tried again) */
			g_mutex_lock(&p->lock);
			p->events = true;
			g_mutex_unlock(&p->lock);
			return 1;
		}
	}
	return 0;
}

const GPtrArray *ocop_products_find(const ocop_products *p, const char *gtin14)
{
	return p && gtin14 ? g_hash_table_lookup(p->by_gtin, gtin14) : NULL;
}

const GPtrArray *ocop_products_gtin_list(const ocop_products *p) { return p->gtins; }
