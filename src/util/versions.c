/* ocoplabel — versions: the library's own, and the versioned structs of the public API (one table of their versions, the one version check, their init functions). */
#include "util.h"
#include <string.h>

const char *ocop_version(void) { return OCOP_VERSION_STRING; }

/* one row per struct: the versions a caller may pass (oldest to current); NAME is initialised with
 * OCOP_NAME_INIT or NAME_init() */
static const struct versioned {
	const char *name;
	int oldest, current;
} table[] = {
	[OCOP_VERSIONED_RENDER] = { "ocop_render_options", 2, OCOP_RENDER_OPTIONS_VERSION },
	[OCOP_VERSIONED_VALIDATE] = { "ocop_validate_options", 1, OCOP_VALIDATE_OPTIONS_VERSION },
	[OCOP_VERSIONED_READER] = { "ocop_reader_options", 1, OCOP_READER_OPTIONS_VERSION },
	[OCOP_VERSIONED_LINK] = { "ocop_link_options", 1, OCOP_LINK_OPTIONS_VERSION },
	[OCOP_VERSIONED_PRINTER_PROFILE] = { "ocop_printer_profile", 1, OCOP_PRINTER_PROFILE_VERSION },
	[OCOP_VERSIONED_DOCUMENT] = { "ocop_document_options", 1, OCOP_DOCUMENT_OPTIONS_VERSION },
	[OCOP_VERSIONED_BATCH] = { "ocop_batch_options", 3, OCOP_BATCH_OPTIONS_VERSION },
	[OCOP_VERSIONED_SEND] = { "ocop_send_options", 1, OCOP_SEND_OPTIONS_VERSION },
	[OCOP_VERSIONED_PRODUCTS] = { "ocop_products_options", 1, OCOP_PRODUCTS_OPTIONS_VERSION },
	[OCOP_VERSIONED_RESOLVER] = { "ocop_resolver_options", 1, OCOP_RESOLVER_OPTIONS_VERSION },
	[OCOP_VERSIONED_TEMPLATE_AUTO] = { "ocop_template_auto_options", 1, OCOP_TEMPLATE_AUTO_OPTIONS_VERSION },
	[OCOP_VERSIONED_TEMPLATE_CHECK] = { "ocop_template_check_options", 1, OCOP_TEMPLATE_CHECK_OPTIONS_VERSION },
	[OCOP_VERSIONED_REGISTRY] = { "ocop_registry_options", 1, OCOP_REGISTRY_OPTIONS_VERSION },
};

int ocop_check_version(ocop_versioned which, int version)
{
	const struct versioned *v = &table[which];
	if (version >= v->oldest && version <= v->current)
		return 0;
	char *upper = g_ascii_strup(v->name, -1); /* OCOP_RENDER_OPTIONS, of OCOP_RENDER_OPTIONS_INIT */
	int err;
	if (v->oldest == v->current)
		err = ocop_set_error(OCOP_EINVAL, "%s: unknown version %d (this library has version %d; initialise the options "
		                     "with %s_INIT or %s_init())", v->name, version, v->current, upper, v->name);
	else
		err = ocop_set_error(OCOP_EINVAL, "%s: unknown version %d (this library has versions %d to %d; initialise the "
		                     "options with %s_INIT or %s_init())", v->name, version, v->oldest, v->current, upper, v->name);
	g_free(upper);
	return err;
}

/* *out = *defaults (size bytes): the init functions' one body. Only the current version: an older one
 * is a shorter struct, which this library cannot fill without its size. */
static int init(ocop_versioned which, void *out, int version, const void *defaults, size_t size)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "%s_init: NULL argument", table[which].name);
	if (version != table[which].current)
		return ocop_set_error(OCOP_EINVAL, "%s_init: version %d is not this library's version %d of the struct",
		                      table[which].name, version, table[which].current);
	memcpy(out, defaults, size);
	return 0;
}

#define INIT_FUNCTION(fn, type, which, INIT)                                                                      \
	int fn(type *opts, int version)                                                                                \
	{                                                                                                              \
		static const type defaults = INIT;                                                                         \
		return init(which, opts, version, &defaults, sizeof defaults);                                             \
	}

INIT_FUNCTION(ocop_render_options_init, ocop_render_options, OCOP_VERSIONED_RENDER, OCOP_RENDER_OPTIONS_INIT)
INIT_FUNCTION(ocop_validate_options_init, ocop_validate_options, OCOP_VERSIONED_VALIDATE, OCOP_VALIDATE_OPTIONS_INIT)
INIT_FUNCTION(ocop_reader_options_init, ocop_reader_options, OCOP_VERSIONED_READER, OCOP_READER_OPTIONS_INIT)
INIT_FUNCTION(ocop_link_options_init, ocop_link_options, OCOP_VERSIONED_LINK, OCOP_LINK_OPTIONS_INIT)
INIT_FUNCTION(ocop_printer_profile_init, ocop_printer_profile, OCOP_VERSIONED_PRINTER_PROFILE, OCOP_PRINTER_PROFILE_INIT)
INIT_FUNCTION(ocop_document_options_init, ocop_document_options, OCOP_VERSIONED_DOCUMENT, OCOP_DOCUMENT_OPTIONS_INIT)
INIT_FUNCTION(ocop_batch_options_init, ocop_batch_options, OCOP_VERSIONED_BATCH, OCOP_BATCH_OPTIONS_INIT)
INIT_FUNCTION(ocop_send_options_init, ocop_send_options, OCOP_VERSIONED_SEND, OCOP_SEND_OPTIONS_INIT)
INIT_FUNCTION(ocop_products_options_init, ocop_products_options, OCOP_VERSIONED_PRODUCTS, OCOP_PRODUCTS_OPTIONS_INIT)
INIT_FUNCTION(ocop_resolver_options_init, ocop_resolver_options, OCOP_VERSIONED_RESOLVER, OCOP_RESOLVER_OPTIONS_INIT)
INIT_FUNCTION(ocop_template_auto_options_init, ocop_template_auto_options, OCOP_VERSIONED_TEMPLATE_AUTO,
              OCOP_TEMPLATE_AUTO_OPTIONS_INIT)
INIT_FUNCTION(ocop_template_check_options_init, ocop_template_check_options, OCOP_VERSIONED_TEMPLATE_CHECK,
              OCOP_TEMPLATE_CHECK_OPTIONS_INIT)
INIT_FUNCTION(ocop_registry_options_init, ocop_registry_options, OCOP_VERSIONED_REGISTRY, OCOP_REGISTRY_OPTIONS_INIT)
