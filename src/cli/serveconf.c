/* ocoplabel — serve's configuration file (--config FILE, /etc/ocoplabel/serve.conf of the package): its
 * settings made into the options they name, placed before the command line's, which therefore win. */
#include "cli.h"
#include "serveconf.h"
#include <glib.h>
#include <string.h>

/* a configuration file is a few lines; anything much larger is not one */
#define SERVE_CONF_MAX_BYTES (1024 * 1024)

static const struct option *find_option(const struct option *longopts, const char *name)
{
	for (const struct option *o = longopts; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* the settings of path as "--NAME=VALUE" into args (g_strdup'ed), each with its line number into lines;
 * 0, or EXIT_USAGE after a message naming the file and the line */
static int read_settings(const char *path, const struct option *longopts, GPtrArray *args, GArray *lines)
{
	char *data = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &data, &len, &e)) {
		fprintf(stderr, _("%s: --config: %s\n"), prog, e->message);
		g_error_free(e);
		return EXIT_USAGE;
	}
	if (len > SERVE_CONF_MAX_BYTES || memchr(data, '\0', len) || !g_utf8_validate(data, (gssize)len, NULL)) {
		fprintf(stderr, _("%s: %s: not a configuration file (a text of at most 1 MiB in UTF-8)\n"), prog, path);
		g_free(data);
		return EXIT_USAGE;
	}
	char **text = g_strsplit(data, "\n", -1);
	g_free(data);
	int rc = 0;
	for (size_t i = 0; text[i] && rc == 0; i++) {
		char *line = g_strstrip(text[i]);
		size_t number = i + 1;
		if (!*line || *line == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			fprintf(stderr, _("%s: %s:%zu: '%s' is not a setting (NAME = VALUE)\n"), prog, path, number, line);
			rc = EXIT_USAGE;
			break;
		}
		*eq = '\0';
		char *name = g_strstrip(line), *value = g_strstrip(eq + 1);
		const struct option *o = find_option(longopts, name);
		/* NOTR: an option's name */
		if (!o || o->has_arg != required_argument || strcmp(name, "config") == 0) {
			fprintf(stderr, _("%s: %s:%zu: '%s' is not a setting of serve (the settings are the options of "
			                  "'ocoplabel serve --help' that take a value, without the --)\n"),
			        prog, path, number, name);
			rc = EXIT_USAGE;
		} else if (!*value) {
			fprintf(stderr, _("%s: %s:%zu: '%s' has no value\n"), prog, path, number, name);
			rc = EXIT_USAGE;
		} else {
			g_ptr_array_add(args, g_strdup_printf("--%s=%s", name, value));
			g_array_append_val(lines, number);
		}
	}
	g_strfreev(text);
	return rc;
}

int serve_conf_args(serve_args *out, int argc, char **argv, const struct option *longopts)
{
	memset(out, 0, sizeof *out);
	out->args = g_ptr_array_new_with_free_func(g_free);
	out->lines = g_array_new(FALSE, FALSE, sizeof(size_t));
	g_ptr_array_add(out->args, g_strdup(argv[0]));
	/* --config FILE or --config=FILE, written in full; after "--" everything is an argument */
	int at = -1;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		/* NOTR: an option's name */
		if (strcmp(argv[i], "--config") == 0 || strncmp(argv[i], "--config=", 9) == 0) {
			if (out->path)
				return usage_error("serve", "--config: '%s' is the second configuration file; give one", argv[i]);
			if (argv[i][8] == '=') {
				out->path = argv[i] + 9;
			} else if (i + 1 < argc) {
				out->path = argv[i + 1];
			} else {
				return usage_error("serve", "%s", _("--config needs a file"));
			}
			at = i;
		}
	}
	if (out->path) {
		int rc = read_settings(out->path, longopts, out->args, out->lines);
		if (rc)
			return rc;
	}
	out->n_settings = out->args->len - 1;
	for (int i = 1; i < argc; i++) {
		if (i == at) {
			if (argv[i][8] != '=')
				i++; /* its file */
			continue;
		}
		g_ptr_array_add(out->args, g_strdup(argv[i]));
	}
	g_ptr_array_add(out->args, NULL);
	return 0;
}

void serve_conf_where(const serve_args *a, int index)
{
	if (index >= 1 && (size_t)index <= a->n_settings)
		fprintf(stderr, _("%s: (the setting on line %zu of %s)\n"), prog, g_array_index(a->lines, size_t, index - 1),
		        a->path);
}

void serve_conf_clear(serve_args *a)
{
	if (a->args)
		g_ptr_array_free(a->args, TRUE);
	if (a->lines)
		g_array_free(a->lines, TRUE);
	memset(a, 0, sizeof *a);
}
