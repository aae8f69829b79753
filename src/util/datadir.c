/* ocoplabel — where the templates, sheets and font set-up are: the installed data folder, or
 * the source tree when the library runs from its build folder (uninstalled). */
#include "util.h"

#include <dlfcn.h>
#include <string.h>

/* Whether this library's code was loaded from the build folder it was built in. The shared
 * library and the programs linking the objects statically (tests, the CLI of an uninstalled
 * build) are there; an installed copy is not. */
bool ocop_running_uninstalled(void)
{
#ifdef OCOP_BUILD_ROOT
	Dl_info info;
	if (dladdr((void *)ocop_running_uninstalled, &info) == 0 || !info.dli_fname)
		return false;
	/* the object the code is in, or the executable when linked statically (dli_fname is then
	 * the name the program was started with, so resolve it) */
	char *real = realpath(info.dli_fname, NULL);
	if (!real)
		return false;
	size_t n = strlen(OCOP_BUILD_ROOT);
	bool inside = strncmp(real, OCOP_BUILD_ROOT, n) == 0 && real[n] == '/';
	free(real);
	return inside;
#else
	return false;
#endif
}

const char *ocop_datadir(void)
{
	static const char *dir;
	static GOnce once = G_ONCE_INIT;
	(void)once;
	if (g_once_init_enter(&dir)) {
		const char *d = OCOP_DATADIR;
#ifdef OCOP_SOURCE_ROOT
		if (ocop_running_uninstalled())
			d = OCOP_SOURCE_ROOT;
#endif
		g_once_init_leave(&dir, d);
	}
	return dir;
}
