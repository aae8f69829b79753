/* ocoplabel — the serve command: its options, then the web server (src/serve/). */
#include "cli.h"
#include "../serve/serve.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const usage_serve = N_(
	/* TRANSLATORS: `ocoplabel serve --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
	"Usage: ocoplabel serve [--port N] [--listen ADDR] [--token T] [--products FILE]... [OPTIONS]\n"
	"\n"
	"Start the web page for clerks and the HTTP label service (docs/HTTP.md):\n"
	"fill in a product and see its label, or give a product file and get the\n"
	"sheets or the printer job, then print. Everything is served from this\n"
	"program: it works offline. Ctrl-C stops it; requests in progress finish.\n"
	"With --products it also answers the Digital Links of the labels made from\n"
	"those files (render and batch --resolver pointing at it): the page a phone\n"
	"shows when it scans the QR code, the GS1 linkset, /.well-known/gs1resolver\n"
	"(docs/RESOLVER.md). These pages are public: no token, any host name.\n"
	"\n"
	"Options:\n"
	"      --port N         TCP port (default 8080; 0: any free port, printed)\n"
	"      --listen ADDR    the address to listen on (default 127.0.0.1: this\n"
	"                       computer only); another address shares it on the\n"
	"                       network, and every request then needs the token\n"
	"      --token T        the token (default with --listen: a random one, printed)\n"
	"      --max-upload N   the largest request in bytes (default 33554432: 32 MiB)\n"
	"      --max-labels N   the most labels of one request, rows x copies (default\n"
	"                       10000; `ocoplabel limits` lists every limit)\n"
	"      --printer DEST   a printer requests may send to besides this computer's\n"
	"                       CUPS queues: socket://HOST[:PORT] or a device; repeat\n"
	"                       for more (at most 64); the page offers them\n"
	"      --threads N      worker threads (default: the number of processors)\n"
	"  -t, --template NAME  the default template (default product-100x70)\n"
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
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 after Ctrl-C or SIGTERM, 2 when it cannot start.\n");

int cmd_serve(int argc, char **argv)
{
	enum { O_PORT = 256, O_LISTEN, O_TOKEN, O_MAX, O_THREADS, O_TODAY, O_PRODUCTS, O_RESOLVER, O_LABELS, O_PRINTER, O_REGISTRY,
	       O_SCAN_ALERT };
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, O_PORT }, { "listen", required_argument, NULL, O_LISTEN },
		{ "token", required_argument, NULL, O_TOKEN },
		/* NOTR: an option's name */
		{ "max-upload", required_argument, NULL, O_MAX },
		{ "threads", required_argument, NULL, O_THREADS }, { "template", required_argument, NULL, 't' },
		{ "today", required_argument, NULL, O_TODAY }, { "products", required_argument, NULL, O_PRODUCTS },
		{ "resolver", required_argument, NULL, O_RESOLVER },
		/* NOTR: an option's name */
		{ "max-labels", required_argument, NULL, O_LABELS },
		{ "printer", required_argument, NULL, O_PRINTER }, { "registry", required_argument, NULL, O_REGISTRY },
		/* NOTR: an option's name */
		{ "scan-alert", required_argument, NULL, O_SCAN_ALERT },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	serve_config cfg = { .listen = "127.0.0.1", .port = 8080,
		             .max_upload = (unsigned long long)ocop_limit_value("serve_upload_bytes"),
		             .max_labels = (unsigned long)ocop_limit_value("serve_labels"), .template_name = DEFAULT_TEMPLATE };
	int c;
	char *end;
	static const char *products[64], *printers[64];
	cfg.products = products;
	cfg.printers = printers;
	while ((c = getopt_long(argc, argv, "t:h", longopts, NULL)) != -1) {
		switch (c) {
		case O_PORT: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || !*optarg || v > 65535)
				return usage_error("serve", "--port: '%s' is not a port (0 to 65535)", optarg);
			cfg.port = (unsigned)v;
			break;
		}
		case O_LISTEN: cfg.listen = optarg; break;
		case O_TOKEN:
			if (strlen(optarg) < 8)
				return usage_error("serve", "--token: '%s' is too short (8 characters or more)", optarg);
			cfg.token = optarg;
			break;
		case O_MAX: {
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end || !*optarg || v < 1024 || v > (4ULL << 30))
				return usage_error("serve", "--max-upload: '%s' is not a size from 1024 to 4294967296 bytes", optarg);
			cfg.max_upload = v;
			break;
		}
		case O_THREADS: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v < 1 || v > 64)
				return usage_error("serve", "--threads: '%s' is not a number from 1 to 64", optarg);
			cfg.threads = (unsigned)v;
			break;
		}
		case 't': cfg.template_name = optarg; break;
		case O_TODAY: cfg.today = optarg; break;
		case O_PRODUCTS:
			if (cfg.n_products == sizeof products / sizeof products[0])
				return usage_error("serve", "--products: more than 64 files (at '%s'); join them into fewer", optarg);
			products[cfg.n_products++] = optarg;
			break;
		case O_RESOLVER:
			if (strncasecmp(optarg, "https://", 8) != 0 && strncasecmp(optarg, "http://", 7) != 0)
				return usage_error("serve", "--resolver: '%s' must start with https:// or http://", optarg);
			cfg.resolver = optarg;
			break;
		case O_LABELS: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || !*optarg || optarg[0] == '-' || v < 1 || v > 100000000)
				return usage_error("serve", "--max-labels: '%s' is not a number of labels (1 to 100000000)", optarg);
			cfg.max_labels = v;
			break;
		}
		case O_PRINTER:
			if (cfg.n_printers == sizeof printers / sizeof printers[0])
				return usage_error("serve", "--printer: more than 64 printers (at '%s')", optarg);
			if (strncasecmp(optarg, "socket://", 9) != 0 && optarg[0] != '/')
				return usage_error("serve", "--printer: '%s' is not socket://HOST[:PORT] or a device (a CUPS queue "
				                   "needs no --printer)", optarg);
			printers[cfg.n_printers++] = optarg;
			break;
		case O_REGISTRY: cfg.registry = optarg; break;
		case O_SCAN_ALERT: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || !*optarg || optarg[0] == '-' || v < 1 || v > 1000000)
				return usage_error("serve", "--scan-alert: '%s' is not a number of scans (1 to 1000000)", optarg);
			cfg.scan_alert = (unsigned)v;
			break;
		}
		case 'h': return command_help(argv[0]);
		default: return usage_error("serve", "%s", _("invalid option"));
		}
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument '%s'", argv[optind]);
	return serve_run(&cfg);
}
