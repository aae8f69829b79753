/* ocoplabel — the serve command: its options, then the web server (src/serve/). */
#include "cli.h"
#include "../serve/serve.h"
#include "serveconf.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const usage_serve = N_(
	/* TRANSLATORS: `ocoplabel serve --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel serve [--config FILE] [--port N] [--listen ADDR] [--token T]\n"
	"                       [--products FILE]... [OPTIONS]\n"
	"\n"
	"Start the web page for clerks and the HTTP label service (docs/HTTP.md):\n"
	"fill in a product and see its label, or give a product file and get the\n"
	"sheets or the printer job, then print. Everything is served from this\n"
	"program: it works offline. Ctrl-C stops it; requests in progress finish.\n"
	"With --products it also answers the Digital Links of the labels made from\n"
	"those files (render and batch --resolver pointing at it): the page a phone\n"
	"shows when it scans the QR code, the GS1 linkset, /.well-known/gs1resolver\n"
	"(docs/RESOLVER.md). These pages are public: no token, any host name.\n"
	"SIGHUP reads the product files again (systemctl reload ocoplabel).\n"
	"\n"
	"Options:\n"
	"      --config FILE    settings from FILE, one a line: NAME = VALUE, NAME an\n"
	"                       option below without its -- (port = 8080, products =\n"
	"                       FILE, ...); # starts a comment; the command line's\n"
	"                       options win (/etc/ocoplabel/serve.conf of the service)\n"
	"      --port N         TCP port (default 8080; 0: any free port, printed)\n"
	"      --listen ADDR    the address to listen on (default 127.0.0.1: this\n"
	"                       computer only); another address shares it on the\n"
	"                       network, and every request then needs the token\n"
	"      --token T        the token (default with --listen: a random one, printed)\n"
	"      --token-file F   the token is the first line of the file F (not shown by\n"
	"                       ps, unlike --token)\n"
	"      --max-upload N   the largest request in bytes (default 33554432: 32 MiB)\n"
	"      --max-labels N   the most labels of one request, rows x copies (default\n"
	"                       10000; `ocoplabel limits` lists every limit)\n"
	"      --printer DEST   a printer requests may send to besides this computer's\n"
	"                       CUPS queues: socket://HOST[:PORT] or a device; repeat\n"
	"                       for more (at most 64); the page offers them\n"
	"      --threads N      worker threads (default: the number of processors)\n"
	"  -t, --template NAME  the default template (default product-100x70)\n"
	"      --templates DIR  a folder of templates (NAME.ini, sheets/, printers/)\n"
	"                       looked in before the installed ones\n"
	"      --today DATE     check certificates against DATE (yyyy-mm-dd)\n"
	"      --products FILE  a product file (CSV, XLSX, ODS) whose products get pages;\n"
	"                       repeat for more (at most 64); read again when one changes\n"
	"      --resolver URL   the address the labels carry (default: http:// and the\n"
	"                       host name each request is sent to)\n"
	"      --registry R     the serial registry (an SQLite FILE or postgresql://…):\n"
	"                       every scan of a serialised label is logged, its page\n"
	"                       says whether it is genuine, and the link answers\n"
	"                       linkType=gs1:verificationService (docs/REGISTRY.md)\n"
	"      --scan-alert N   the page warns of a label scanned more than N times\n"
	"                       (default 20)\n"
	"      --pages-ahead N  the pages of the first N products are made as soon as\n"
	"                       the files are read, so that their first scan is as\n"
	"                       fast as the next (default: every product's, in half\n"
	"                       of resolver_cache_bytes; 0: each when it is scanned)\n"
	"      --capture URL    each batch of the page on the registry is sent to this\n"
	"                       EPCIS 2.0 repository (POST URL/capture) once it is\n"
	"                       made, in the background (docs/EPCIS.md)\n"
	"      --capture-token-file F  its bearer token: the first line of the file F\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 after Ctrl-C or SIGTERM, 2 when it cannot start.\n");

/* the token of --token-file (or of option opt): its first line without the spaces around it; NULL after a
 * message */
static char *read_token(const char *opt, const char *path)
{
	char *data = NULL;
	GError *e = NULL;
	if (!g_file_get_contents(path, &data, NULL, &e)) {
		fprintf(stderr, _("%s: %s: %s\n"), prog, opt, e->message);
		g_error_free(e);
		return NULL;
	}
	data[strcspn(data, "\r\n")] = '\0';
	g_strstrip(data);
	if (strlen(data) < 8) {
		fprintf(stderr, _("%s: %s: the first line of %s is too short for a token (8 characters or more)\n"),
		        prog, opt, path);
		g_free(data);
		return NULL;
	}
	return data;
}

/* --templates DIR: looked in first (the library's OCOPLABEL_TEMPLATE_PATH, set before any thread starts) */
static int use_templates(const char *dir)
{
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
		return usage_error("serve", "--templates: '%s' is not a folder", dir);
	const char *was = g_getenv("OCOPLABEL_TEMPLATE_PATH");
	char *path = was && *was ? g_strconcat(dir, ":", was, NULL) : g_strdup(dir);
	g_setenv("OCOPLABEL_TEMPLATE_PATH", path, TRUE);
	g_free(path);
	return 0;
}

enum { O_PORT = 256, O_LISTEN, O_TOKEN, O_MAX, O_THREADS, O_TODAY, O_PRODUCTS, O_RESOLVER, O_LABELS, O_PRINTER,
       O_CONFIG, O_TOKEN_FILE, O_TEMPLATES, O_REGISTRY, O_SCAN_ALERT, O_CAPTURE, O_CAPTURE_TOKEN_FILE,
       O_PAGES_AHEAD };

typedef struct serve_opts {
	serve_config cfg;
	const char *token_file, *templates, *capture_token_file;
} serve_opts;

/* one option into o; 0, or EXIT_USAGE after a message */
static int serve_option(serve_opts *o, int c, char *arg)
{
	serve_config *cfg = &o->cfg;
	char *end;
	switch (c) {
	case O_PORT: {
		unsigned long v = strtoul(arg, &end, 10);
		if (*end || !*arg || v > 65535)
			return usage_error("serve", "--port: '%s' is not a port (0 to 65535)", arg);
		cfg->port = (unsigned)v;
		break;
	}
	case O_LISTEN: cfg->listen = arg; break;
	case O_TOKEN:
		if (strlen(arg) < 8)
			return usage_error("serve", "--token: '%s' is too short (8 characters or more)", arg);
		cfg->token = arg;
		o->token_file = NULL;
		break;
	case O_TOKEN_FILE:
		o->token_file = arg;
		cfg->token = NULL;
		break;
	case O_MAX: {
		unsigned long long v = strtoull(arg, &end, 10);
		if (*end || !*arg || v < 1024 || v > (4ULL << 30))
			return usage_error("serve", "--max-upload: '%s' is not a size from 1024 to 4294967296 bytes", arg);
		cfg->max_upload = v;
		break;
	}
	case O_THREADS: {
		unsigned long v = strtoul(arg, &end, 10);
		if (*end || v < 1 || v > 64)
			return usage_error("serve", "--threads: '%s' is not a number from 1 to 64", arg);
		cfg->threads = (unsigned)v;
		break;
	}
	case 't': cfg->template_name = arg; break;
	case O_TEMPLATES: o->templates = arg; break;
	case O_TODAY: cfg->today = arg; break;
	case O_PRODUCTS:
		if (cfg->n_products == 64)
			return usage_error("serve", "--products: more than 64 files (at '%s'); join them into fewer", arg);
		((const char **)cfg->products)[cfg->n_products++] = arg;
		break;
	case O_RESOLVER:
		if (strncasecmp(arg, "https://", 8) != 0 && strncasecmp(arg, "http://", 7) != 0)
			return usage_error("serve", "--resolver: '%s' must start with https:// or http://", arg);
		cfg->resolver = arg;
		break;
	case O_LABELS: {
		unsigned long v = strtoul(arg, &end, 10);
		if (*end || !*arg || arg[0] == '-' || v < 1 || v > 100000000)
			return usage_error("serve", "--max-labels: '%s' is not a number of labels (1 to 100000000)", arg);
		cfg->max_labels = v;
		break;
	}
	case O_PRINTER:
		if (cfg->n_printers == 64)
			return usage_error("serve", "--printer: more than 64 printers (at '%s')", arg);
		if (strncasecmp(arg, "socket://", 9) != 0 && arg[0] != '/')
			return usage_error("serve", "--printer: '%s' is not socket://HOST[:PORT] or a device (a CUPS queue "
			                   "needs no --printer)", arg);
		((const char **)cfg->printers)[cfg->n_printers++] = arg;
		break;
	case O_REGISTRY: cfg->registry = arg; break;
	case O_CAPTURE:
		if (strncasecmp(arg, "https://", 8) != 0 && strncasecmp(arg, "http://", 7) != 0)
			return usage_error("serve", "--capture: '%s' must start with https:// or http://", arg);
		cfg->capture = arg;
		break;
	case O_CAPTURE_TOKEN_FILE: o->capture_token_file = arg; break;
	case O_SCAN_ALERT: {
		unsigned long v = strtoul(arg, &end, 10);
		if (*end || !*arg || arg[0] == '-' || v < 1 || v > 1000000)
			return usage_error("serve", "--scan-alert: '%s' is not a number of scans (1 to 1000000)", arg);
		cfg->scan_alert = (unsigned)v;
		break;
	}
	case O_PAGES_AHEAD: {
		unsigned long v = strtoul(arg, &end, 10);
		if (*end || !*arg || arg[0] == '-' || v > 1000000)
			return usage_error("serve", "--pages-ahead: '%s' is not a number of products (0 to 1000000)", arg);
		cfg->pages_ahead = (long)v;
		break;
	}
	/* --config was taken out of the command line before (serveconf.c): this is an abbreviation of it */
	case O_CONFIG: return usage_error("serve", "%s", _("--config is written in full, and once"));
	default: return usage_error("serve", "%s", _("invalid option"));
	}
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, O_PORT }, { "listen", required_argument, NULL, O_LISTEN },
		{ "token", required_argument, NULL, O_TOKEN },
		/* NOTR: an option's name */
		{ "token-file", required_argument, NULL, O_TOKEN_FILE },
		/* NOTR: an option's name */
		{ "max-upload", required_argument, NULL, O_MAX },
		{ "threads", required_argument, NULL, O_THREADS }, { "template", required_argument, NULL, 't' },
		{ "templates", required_argument, NULL, O_TEMPLATES },
		{ "today", required_argument, NULL, O_TODAY }, { "products", required_argument, NULL, O_PRODUCTS },
		{ "resolver", required_argument, NULL, O_RESOLVER },
		/* NOTR: an option's name */
		{ "max-labels", required_argument, NULL, O_LABELS },
		{ "printer", required_argument, NULL, O_PRINTER }, { "config", required_argument, NULL, O_CONFIG },
		{ "registry", required_argument, NULL, O_REGISTRY },
		/* NOTR: an option's name */
		{ "scan-alert", required_argument, NULL, O_SCAN_ALERT },
		/* NOTR: an option's name */
		{ "pages-ahead", required_argument, NULL, O_PAGES_AHEAD },
		{ "capture", required_argument, NULL, O_CAPTURE },
		/* NOTR: an option's name */
		{ "capture-token-file", required_argument, NULL, O_CAPTURE_TOKEN_FILE },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	static const char *products[64], *printers[64];
	serve_opts o = { .cfg = { .listen = "127.0.0.1", .port = 8080,
		                  .max_upload = (unsigned long long)ocop_limit_value("serve_upload_bytes"),
		                  .max_labels = (unsigned long)ocop_limit_value("serve_labels"),
		                  .template_name = DEFAULT_TEMPLATE, .products = products, .printers = printers,
		                  .pages_ahead = -1 } };
	serve_args a;
	int rc = serve_conf_args(&a, argc, argv, longopts);
	int n = rc ? 0 : (int)a.args->len - 1;
	char **args = rc ? NULL : (char **)a.args->pdata;
	int c;
	while (rc == 0 && (c = getopt_long(n, args, "t:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			serve_conf_clear(&a);
			return command_help(argv[0]);
		}
		if ((rc = serve_option(&o, c, optarg)) != 0)
			serve_conf_where(&a, optind - 1);
	}
	if (rc == 0 && optind < n)
		rc = usage_error("serve", "unexpected argument '%s'", args[optind]);
	char *token = NULL, *capture_token = NULL;
	/* NOTR: an option's name */
	if (rc == 0 && o.token_file && !(o.cfg.token = token = read_token("--token-file", o.token_file)))
		rc = EXIT_USAGE;
	if (rc == 0 && o.cfg.capture && !o.cfg.registry)
		rc = usage_error("serve", "%s", _("--capture sends the runs on record: give --registry too"));
	if (rc == 0 && o.capture_token_file &&
	    /* NOTR: an option's name */
	    !(o.cfg.capture_token = capture_token = read_token("--capture-token-file", o.capture_token_file)))
		rc = EXIT_USAGE;
	if (rc == 0 && o.templates)
		rc = use_templates(o.templates);
	o.cfg.templates = o.templates; /* the designer saves there */
	if (rc == 0)
		rc = serve_run(&o.cfg);
	g_free(token);
	g_free(capture_token);
	serve_conf_clear(&a);
	return rc;
}
