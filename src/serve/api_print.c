/* ocoplabel — the print endpoint: /api/print, a label or a product file's labels sent to a printer the operator allows, in the language it takes. */
#include "api.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A request never makes the server connect to a host or open a device it names: socket:// printers and
 * devices are the operator's list (serve --printer); a CUPS queue is one the operator made on this
 * computer, and CUPS checks it exists. */
static bool is_cups_queue(const char *dest) { return !strchr(dest, '/') && !strchr(dest, ':'); }

bool serve_printer_allowed(const char *dest)
{
	const serve_config *cfg = serve_get_config();
	for (size_t i = 0; i < cfg->n_printers; i++)
		if (strcmp(cfg->printers[i], dest) == 0)
			return true;
	return is_cups_queue(dest);
}

/* The printer language of a profile the request names or, with none, of the printer its template is made for
 * (thermal-50x30: xprinter-203); NULL when neither says. */
static const char *own_language(const serve_params *p)
{
	ocop_printer_profile pp;
	const char *prof = serve_param(p, "printer_profile");
	if (prof && *prof)
		return !strchr(prof, '/') && ocop_printer_profile_find(&pp, prof) == 0 && pp.language == OCOP_PRINTER_ZPL ?
		       "zpl" : "tspl"; /* a profile the renderer cannot find is its 400 */
	const char *sheet = serve_param(p, "sheet");
	if (sheet && *sheet)
		return NULL; /* a sheet of labels is a page for an office printer */
	const char *name = serve_param(p, "template");
	if (!name || !*name)
		name = serve_get_config()->template_name;
	ocop_template *t = NULL;
	const char *lang = NULL;
	if (!strchr(name, '/') && ocop_template_find(&t, name) == 0 && ocop_template_printer(t) &&
	    ocop_printer_profile_find(&pp, ocop_template_printer(t)) == 0)
		lang = pp.language == OCOP_PRINTER_ZPL ? "zpl" : "tspl";
	ocop_template_free(t);
	return lang;
}

/* What goes to the printer is what the request chose, or the reply says why it cannot be: a thermal printer's
 * language (tspl, zpl), or a PDF for a CUPS queue (CUPS turns it into the printer's own), never a PDF to a raw
 * port. With no format: the printer profile's language, else that of the template's printer, else a PDF for a
 * CUPS queue; a raw port with none of them is refused rather than sent a language it may not speak. */
static bool job_format(const serve_params *p, const char *dest, serve_reply *out)
{
	const char *f = serve_param(p, "format");
	if (!f || !*f) {
		const char *lang = own_language(p);
		if (!lang && !is_cups_queue(dest)) {
			serve_reply_error(out, 400, "format: %s is a label printer: choose its language (tspl or zpl) or a "
			                  "printer profile; a PDF is printed through a CUPS queue", dest);
			return false;
		}
		g_hash_table_replace(p->values, g_strdup("format"), g_strdup(lang ? lang : "pdf"));
		return true;
	}
	if (strcmp(f, "tspl") == 0 || strcmp(f, "zpl") == 0)
		return true;
	if (strcmp(f, "pdf") == 0 && is_cups_queue(dest))
		return true;
	if (strcmp(f, "pdf") == 0)
		serve_reply_error(out, 400, "format: %s takes a printer language (tspl or zpl), not a PDF; a PDF is printed "
		                  "through a CUPS queue, which converts it for its printer", dest);
	else
		serve_reply_error(out, 400, "format: '%s' is not printed; choose tspl or zpl for a label printer, or pdf for "
		                  "a CUPS queue", f);
	return false;
}

/* The send options of the request: its timeout within the server's bound, the whole job's time bounded. */
static bool send_options(const serve_params *p, ocop_send_options *so, serve_reply *out)
{
	ocop_send_options_init(so, OCOP_SEND_OPTIONS_VERSION);
	so->timeout = 10;
	so->title = "ocoplabel";
	so->max_time = (double)serve_limit.print_seconds;
	const char *to = serve_param(p, "timeout");
	if (to && *to) {
		char *end;
		double v = g_ascii_strtod(to, &end);
		if (*end || !(v >= 1 && v <= (double)serve_limit.print_timeout)) {
			serve_reply_error(out, 400, "timeout: '%s' is not a number of seconds from 1 to %lld", to,
			                  serve_limit.print_timeout);
			return false;
		}
		so->timeout = v;
	}
	return true;
}

void serve_api_print(const serve_params *p, serve_reply *out)
{
	const char *dest = serve_param(p, "printer");
	if (!dest || !*dest) {
		serve_reply_error(out, 400, "printer: give one of the printers of /api/printers");
		return;
	}
	if (!serve_printer_allowed(dest)) {
		serve_reply_error(out, 403, "printer: this server sends only to its CUPS queues and the printers its operator "
		                  "allows (serve --printer); '%s' is not one of them", dest);
		return;
	}
	ocop_send_options so;
	if (!job_format(p, dest, out) || !send_options(p, &so, out))
		return;
	long labels = 1;
	int err;
	unsigned long long sent;
	if (p->file_path) {
		char *path = NULL;
		ocop_format fmt;
		ocop_batch_counts c = { 0 };
		unsigned long id = 0;
		if (!serve_run_batch(p, out, &path, &fmt, &c, &id))
			return;
		struct stat st;
		sent = stat(path, &st) == 0 ? (unsigned long long)st.st_size : 0;
		err = ocop_send_file(dest, path, &so);
		unlink(path);
		g_free(path);
		labels = (long)c.labels;
		serve_count_headers(out, &c, id);
	} else {
		unsigned char *buf = NULL;
		size_t len = 0;
		ocop_format fmt;
		if (!serve_label_bytes(p, &buf, &len, &fmt, out))
			return;
		sent = len;
		err = ocop_send_mem(dest, buf, len, &so);
		free(buf);
	}
	if (err < 0) {
		/* the printer's failure, not the client's nor the server's: a gateway's status */
		serve_reply_error(out, err == OCOP_ETIMEOUT ? 504 : 502, "%s", ocop_error_last());
		return;
	}
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	serve_json_int(b, "sent", (long long)sent);
	serve_json_str(b, "printer", dest);
	serve_json_str(b, "format", serve_param(p, "format"));
	serve_json_int(b, "labels", labels);
	json_builder_end_object(b);
	serve_reply_json(out, 200, b);
}
