/* ocoplabel — the url command: the traceability URL a label would carry, and Digital Links parsed back into fields. */
#include "cli.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_url[] =
	"Usage: ocoplabel url [OPTIONS] KEY=VALUE...\n"
	"       ocoplabel url --parse [OPTIONS] URL\n"
	"\n"
	"Print the traceability URL that a label for these fields would carry: the\n"
	"given trace_url (checked, non-ASCII percent-encoded) or the GS1 Digital Link\n"
	"\n"
	"  RESOLVER/01/{GTIN-14}[/22/{variant}][/10/{lot}][/21/{serial}]\n"
	"      ?11={production YYMMDD}&17={expiry YYMMDD}&vt={growing_area}&csdg={packing_facility}\n"
	"\n"
	"Only the fields that go into the URL are needed: {LINK_FIELDS}, trace_url.\n"
	"\n"
	"With --parse, print the fields of a Digital Link as KEY=VALUE lines:\n"
	"resolver, {LINK_FIELDS}, then any other query attribute.\n"
	"\n"
	"Options:\n"
	"  -t, --template NAME  take the resolver and query keys from this template\n"
	"                       (default " DEFAULT_TEMPLATE ")\n"
	"      --resolver URL   resolver base URL (default: the template's)\n"
	"      --parse          parse URL instead of building one\n"
	"      --today DATE     read and write two-digit years (YYMMDD) in GS1's window\n"
	"                       around DATE's year (yyyy-mm-dd) instead of today's\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 printed, 1 a field or URL that breaks a rule, 2 usage error.\n";

int cmd_url(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "resolver", required_argument, NULL, 'R' },
		{ "parse", no_argument, NULL, 'P' },
		{ "today", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tname = DEFAULT_TEMPLATE;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	const char *today = NULL;
	int parse = 0, c, rc = EXIT_OK;
	while ((c = getopt_long(argc, argv, "t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': tname = optarg; break;
		case 'R':
			if (parse_qr_opt("url ", "resolver", optarg, &ro))
				return EXIT_USAGE;
			break;
		case 'P': parse = 1; break;
		case 'T': today = optarg; break;
		case 'h': return command_help(argv[0]);
		default: return usage_error("url ", "%s", "invalid option");
		}
	}
	if (optind >= argc)
		return usage_error("url ", "%s", parse ? "give the URL to parse" : "no fields given (KEY=VALUE...)");
	if (parse && optind + 1 != argc)
		return usage_error("url ", "%s", "--parse takes one URL");
	ocop_template *t = NULL;
	ocop_record *rec = NULL;
	char *url = NULL;
	if (ocop_template_find(&t, tname) < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		return EXIT_USAGE;
	}
	ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
	ocop_template_link_options(&lo, t);
	if (ro.resolver)
		lo.resolver = ro.resolver;
	lo.today = today;
	if (parse) {
		int err = ocop_link_parse(&rec, argv[optind], &lo);
		if (err < 0) {
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = err == OCOP_EINVAL ? EXIT_USAGE : EXIT_INVALID; /* a bad --today */
			goto done;
		}
		const char *order[33] = { "resolver" };
		order[1 + link_fields(order + 1, 31)] = NULL;
		for (int i = 0; order[i]; i++) {
			const char *v = ocop_record_get(rec, order[i]);
			if (v)
				printf("%s=%s\n", order[i], v);
		}
		for (size_t i = 0; i < ocop_record_count(rec); i++) {
			const char *k, *v;
			ocop_record_field(&k, &v, rec, i);
			int known = 0;
			for (int j = 0; order[j]; j++)
				known = known || strcmp(order[j], k) == 0;
			if (!known)
				printf("%s=%s\n", k, v);
		}
		goto done;
	}
	if (ocop_record_new(&rec) < 0)
		goto fail;
	for (int i = optind; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			rc = usage_error("url ", "'%s' is not KEY=VALUE", argv[i]);
			goto done;
		}
		char *key = strndup(argv[i], (size_t)(eq - argv[i]));
		int err = key ? ocop_record_set(rec, key, eq + 1, -1) : OCOP_ENOMEM;
		free(key);
		if (err < 0) {
			fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
			rc = EXIT_INVALID;
			goto done;
		}
	}
	int err = ocop_record_get(rec, "trace_url") ? ocop_trace_url(&url, t, rec) : ocop_link_build(&url, rec, &lo);
	if (err < 0) {
		fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
		rc = err == OCOP_EINVAL ? EXIT_USAGE : EXIT_INVALID; /* a bad --today */
		goto done;
	}
	printf("%s\n", url);
	goto done;
fail:
	fprintf(stderr, "%s: %s\n", prog, ocop_error_last());
	rc = EXIT_USAGE;
done:
	free(url);
	ocop_record_free(rec);
	ocop_template_free(t);
	return rc;
}
