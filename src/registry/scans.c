/* ocoplabel — scans and verdicts: a scan queued and written by the handle's own thread (the answer to the phone never waits for the database), counted once per client and window, kept for a bounded time; a label's verdict. */
#include "registry.h"
#include <arpa/inet.h>
#include <string.h>
#include <time.h>

typedef struct scan_item {
	char *gtin, *lot, *serial, *client;
	const char *agent;
	long long time;
	bool stop;
} scan_item;

static void item_free(scan_item *s)
{
	g_free(s->gtin);
	g_free(s->lot);
	g_free(s->serial);
	g_free(s->client);
	g_free(s);
}

const char *ocop_client_prefix(char buf[64], const char *address)
{
	buf[0] = 0;
	if (!address)
		return buf;
	unsigned char a[16];
	if (inet_pton(AF_INET, address, a) == 1) {
		g_snprintf(buf, 64, "%u.%u.%u.0/24", a[0], a[1], a[2]);
	} else if (inet_pton(AF_INET6, address, a) == 1) {
		/* an IPv4 client on an IPv6 socket (::ffff:a.b.c.d) */
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (memcmp(a, mapped, 12) == 0)
			g_snprintf(buf, 64, "%u.%u.%u.0/24", a[12], a[13], a[14]);
		else {
			memset(a + 6, 0, 10);
			char s[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6, a, s, sizeof s);
			g_snprintf(buf, 64, "%s/48", s);
		}
	}
	return buf;
}

const char *ocop_agent_class(const char *ua)
{
	if (!ua || !*ua)
		return "other";
	char *l = g_ascii_strdown(ua, -1);
	/* NOTR: kinds of client, stored and shown as they are */
	const char *c = strstr(l, "bot") || strstr(l, "crawl") || strstr(l, "spider") || strstr(l, "curl") ||
	                strstr(l, "wget") || strstr(l, "python") ? "bot"
	              : strstr(l, "zalo") ? "zalo"
	              : strstr(l, "fban") || strstr(l, "fbav") || strstr(l, "facebook") ? "facebook"
	              : strstr(l, "iphone") || strstr(l, "ipad") ? "iphone"
	              : strstr(l, "android") ? "android"
	              : strstr(l, "windows") || strstr(l, "macintosh") || strstr(l, "x11") ? "desktop" : "other";
	g_free(l);
	return c;
}

/* one scan, counted unless the same client scanned the label within the window */
static int write_scan(ocop_registry *reg, ocop_db *db, const scan_item *s)
{
	char at[32], since[32];
	ocop_registry_time(at, s->time);
	ocop_registry_time(since, (s->time ? s->time : (long long)time(NULL)) - reg->o.scan_window);
	const char *p[] = { at, s->gtin, s->lot, s->serial, s->client, s->agent, since };
	return ocop_db_exec(db, N_("cannot record a scan"),
	                    /* NOTR: SQL */
	                    "INSERT INTO scans (at, gtin, lot, serial, client, agent, counted) SELECT $1, $2, $3, $4, $5, $6, "
	                    "CASE WHEN EXISTS (SELECT 1 FROM scans WHERE gtin = $2 AND lot = $3 AND serial = $4 AND "
	                    "client = $5 AND agent = $6 AND at > $7 AND counted = 1) THEN 0 ELSE 1 END", 7, p);
}

int ocop_scans_prune(ocop_db *db, unsigned days)
{
	char before[32];
	const char *p[] = { ocop_registry_time(before, (long long)time(NULL) - (long long)days * 86400) };
	return ocop_db_exec(db, N_("cannot delete old scans"), "DELETE FROM scans WHERE at < $1", 1, p);
}

/* The writer: takes what is queued, up to 500 scans a transaction; on a failure the scans of that
 * transaction are lost (said once on stderr: a server's log), the thread goes on. */
static gpointer writer(gpointer data)
{
	ocop_registry *reg = data;
	ocop_db *db = NULL;
	bool stop = false;
	while (!stop) {
		scan_item *s = g_async_queue_pop(reg->queue);
		GPtrArray *batch = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
		for (; s; s = batch->len < 500 ? g_async_queue_try_pop(reg->queue) : NULL) {
			if (s->stop) {
				stop = true;
				item_free(s);
				break;
			}
			g_ptr_array_add(batch, s);
		}
		int err = 0;
		if (batch->len && !db)
			err = ocop_db_open(&db, reg->where, reg->o.timeout);
		if (batch->len && err == 0) {
			char today[32];
			ocop_registry_time(today, 0);
			today[10] = 0;
			if ((err = db->ops->begin(db, N_("cannot record a scan"))) == 0) {
				for (guint i = 0; err == 0 && i < batch->len; i++)
					err = write_scan(reg, db, batch->pdata[i]);
				if (err == 0 && (!reg->last_prune || strcmp(reg->last_prune, today) != 0)) {
					err = ocop_scans_prune(db, reg->o.scan_days);
					g_free(reg->last_prune);
					reg->last_prune = g_strdup(today);
				}
				if (err == 0)
					err = ocop_db_commit(db, N_("cannot record a scan"));
				else
					ocop_db_rollback(db);
			}
		}
		if (err < 0)
			g_printerr("ocoplabel: %s\n", ocop_error_last());
		g_mutex_lock(&reg->scan_lock);
		reg->written += batch->len;
		g_cond_broadcast(&reg->scan_cond);
		g_mutex_unlock(&reg->scan_lock);
		g_ptr_array_free(batch, TRUE);
	}
	if (db)
		db->ops->close(db);
	return NULL;
}

int ocop_scans_start(ocop_registry *reg)
{
	if (reg->writer)
		return 0;
	reg->queue = g_async_queue_new();
	/* NOTR: a thread name */
	reg->writer = g_thread_new("ocop-scans", writer, reg);
	return 0;
}

void ocop_scans_flush(ocop_registry *reg)
{
	g_mutex_lock(&reg->scan_lock);
	unsigned long long target = reg->queued;
	while (reg->writer && reg->written < target)
		g_cond_wait(&reg->scan_cond, &reg->scan_lock);
	g_mutex_unlock(&reg->scan_lock);
}

void ocop_scans_stop(ocop_registry *reg)
{
	if (!reg->writer)
		return;
	scan_item *s = g_new0(scan_item, 1);
	s->stop = true;
	g_async_queue_push(reg->queue, s);
	g_thread_join(reg->writer);
	reg->writer = NULL;
	g_async_queue_unref(reg->queue);
	reg->queue = NULL;
}

int ocop_registry_log_scan(ocop_registry *reg, const ocop_registry_scan *scan)
{
	char g14[15], client[64];
	if (!reg || !scan || !scan->serial || !ocop_registry_gtin14(g14, scan->gtin))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_log_scan: a GTIN and a serial are needed");
	scan_item *s = g_new0(scan_item, 1);
	s->gtin = g_strdup(g14);
	s->lot = g_strdup(scan->lot ? scan->lot : "");
	s->serial = g_strdup(scan->serial);
	s->client = g_strdup(ocop_client_prefix(client, scan->address));
	s->agent = ocop_agent_class(scan->user_agent);
	s->time = scan->time;
	g_mutex_lock(&reg->scan_lock);
	ocop_scans_start(reg);
	reg->queued++;
	g_async_queue_push(reg->queue, s);
	g_mutex_unlock(&reg->scan_lock);
	return 0;
}

static void copy(char *dst, size_t size, const char *v) { g_strlcpy(dst, v ? v : "", size); }

int ocop_registry_verify(ocop_verdict *out, ocop_registry *reg, const char *gtin, const char *lot, const char *serial,
                         const char *today)
{
	char g14[15];
	if (!out || !reg || !serial)
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_verify: NULL argument");
	memset(out, 0, sizeof *out);
	if (!ocop_registry_gtin14(g14, gtin))
		return ocop_set_error(OCOP_EINVAL, "ocop_registry_verify: '%s' is not a GTIN", gtin ? gtin : "");
	ocop_scans_flush(reg);
	const char *what = N_("cannot read the registry");
	const char *p[] = { g14, lot ? lot : "", serial };
	ocop_db_rows *r = NULL, *s = NULL;
	g_mutex_lock(&reg->lock);
	ocop_db *db = reg->db;
	/* NOTR: SQL */
	int err = db->ops->query(db, &r, what, "SELECT l.state, r.started, l.producer, l.expiry, l.reason, l.run FROM labels l "
	                         "JOIN runs r ON r.id = l.run WHERE l.gtin = $1 AND l.lot = $2 AND l.serial = $3", 3, p);
	if (err == 0)
		/* NOTR: SQL */
		err = db->ops->query(db, &s, what, "SELECT count(*), min(at), max(at) FROM scans WHERE gtin = $1 AND lot = $2 "
		                     "AND serial = $3 AND counted = 1", 3, p);
	g_mutex_unlock(&reg->lock);
	if (err == 0) {
		char now[32];
		if (!today) {
			ocop_registry_time(now, 0);
			now[10] = 0;
			today = now;
		}
		if (r->rows) {
			copy(out->state, sizeof out->state, ocop_db_value(r, 0, 0));
			copy(out->issued, sizeof out->issued, ocop_db_value(r, 0, 1));
			copy(out->producer, sizeof out->producer, ocop_db_value(r, 0, 2));
			copy(out->expiry, sizeof out->expiry, ocop_db_value(r, 0, 3));
			copy(out->reason, sizeof out->reason, ocop_db_value(r, 0, 4));
			out->run = g_ascii_strtoll(ocop_db_value(r, 0, 5), NULL, 10);
		}
		out->status = !r->rows ? OCOP_VERDICT_UNKNOWN
		            : strcmp(out->state, "voided") == 0 ? OCOP_VERDICT_VOIDED
		            : *out->expiry && strcmp(out->expiry, today) < 0 ? OCOP_VERDICT_EXPIRED : OCOP_VERDICT_GENUINE;
		static const char *const names[] = { "genuine", "unknown", "voided", "expired" };
		out->status_name = names[out->status];
		out->scans = (unsigned long)g_ascii_strtoull(ocop_db_value(s, 0, 0) ? ocop_db_value(s, 0, 0) : "0", NULL, 10);
		copy(out->first_scan, sizeof out->first_scan, ocop_db_value(s, 0, 1));
		copy(out->last_scan, sizeof out->last_scan, ocop_db_value(s, 0, 2));
	}
	ocop_db_rows_free(r);
	ocop_db_rows_free(s);
	return err;
}
