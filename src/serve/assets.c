/* ocoplabel — the page's files, compiled into the program with GLib resources (assets.gresource.xml). */
#include "serve.h"
#include <gio/gio.h>
#include <string.h>

GResource *ocoplabel_serve_get_resource(void);

GBytes *serve_asset(const char *path, const char **type)
{
	static const struct {
		const char *suffix, *type;
	} types[] = {
		/* the files' MIME types */
		{ ".html", "text/html; charset=utf-8" },
		{ ".js",
		  /* NOTR: a MIME type */
		  "text/javascript; charset=utf-8" },
		{ ".css",
		  /* NOTR: a MIME type */
		  "text/css; charset=utf-8" },
	};
	*type = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (g_str_has_suffix(path, types[i].suffix))
			*type = types[i].type;
	if (!*type || strstr(path, ".."))
		return NULL;
	char *name = g_strconcat("/org/ocoplabel/serve", path, NULL);
	GBytes *b = g_resource_lookup_data(ocoplabel_serve_get_resource(), name, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	g_free(name);
	return b;
}
