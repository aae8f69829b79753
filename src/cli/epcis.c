/* ocoplabel — registry epcis: the runs on record as an EPCIS 2.0 document (a file, standard output) or sent to an EPCIS repository's capture interface. */
#include "cli.h"
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the token in the first line of a file (never on the command line, where other users see it) */
static int read_token(char **out, const char *path)
{
	char *text = NULL;
	GError *e = NULL;
	if (!g_file_get_contents(path, &text, NULL, &e)) {
		fprintf(stderr, _("%s: cannot read the token file %s: %s\n"), prog, path, e->message);
		g_error_free(e);
		return EXIT_USAGE;
	}
	char *nl = strpbrk(text, "\r\n");
	if (nl)
		*nl = '\0';
	g_strstrip(text);
	if (!*text) {
		g_free(text);
		return usage_error("registry", "--capture-token-file: '%s' holds no token", path);
	}
	*out = text;
	return EXIT_OK;
}

static int write_document(const char *doc, size_t len, const char *path)
{
	if (!path || strcmp(path, "-") == 0) {
		fwrite(doc, 1, len, stdout);
		fputc('\n', stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
	}
	/* written as every output: whole or not at all, a device at path refused rather than replaced */
	return ocop_file_write(path, doc, len) < 0 ? lib_error(EXIT_USAGE) : EXIT_OK;
}

int registry_epcis(ocop_registry *reg, char **args, int n_args, const registry_epcis_opts *o)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(long long));
	int rc = EXIT_OK;
	for (int i = 0; rc == EXIT_OK && i < n_args; i++) {
		char *end;
		long long r = strtoll(args[i], &end, 10);
		if (end == args[i] || *end || r < 1)
			rc = usage_error("registry", "'%s' is not a run's number (ocoplabel registry runs lists them)", args[i]);
		else
			g_array_append_val(runs, r);
	}
	ocop_epcis_options eo = OCOP_EPCIS_OPTIONS_INIT;
	eo.runs = runs->len ? (const long long *)(void *)runs->data : NULL;
	eo.n_runs = runs->len;
	if (rc == EXIT_OK && !o->capture) {
		char *doc = NULL;
		size_t len = 0, n = 0;
		if (ocop_epcis_export(&doc, &len, &n, reg, &eo) < 0)
			rc = lib_error(EXIT_USAGE);
		else
			rc = write_document(doc, len, o->out);
		free(doc);
	} else if (rc == EXIT_OK) {
		ocop_epcis_capture_options co = OCOP_EPCIS_CAPTURE_OPTIONS_INIT;
		char *token = NULL;
		co.timeout = o->timeout;
		co.wait = o->wait;
		if (o->token_file)
			rc = read_token(&token, o->token_file);
		co.token = token;
		ocop_epcis_capture_result res;
		if (rc == EXIT_OK && ocop_epcis_capture(&res, reg, o->capture, &eo, &co) < 0) {
			rc = lib_error(EXIT_USAGE);
			if (res.capture)
				fprintf(stderr, _("%s: capture %lld recorded as failed: nothing was marked as sent\n"), prog, res.capture);
		} else if (rc == EXIT_OK) {
			char count[32];
			printf(ocop_ngettext("%s event accepted by %s (capture %lld)\n", "%s events accepted by %s (capture %lld)\n",
			                     res.events),
			       ocop_format_count(count, sizeof count, res.events), o->capture, res.capture);
		}
		g_free(token);
	}
	g_array_free(runs, TRUE);
	return rc;
}
