/* ocoplabel — a shared library loaded when it is first needed (dlopen by its soname), and the functions of its table found in it. */
#include "lazy.h"
#include "util.h"
#include <dlfcn.h>
#include <string.h>

static char *load(ocop_lazy_lib *lib)
{
	/* RTLD_LOCAL: its symbols stay its own (nothing of ours binds to them by name); never closed, as linked */
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return g_strdup(dlerror());
	size_t n = 0, room = lib->size / sizeof(void *);
	for (; lib->names[n] && n < room; n++) {
		void *f = dlsym(h, lib->names[n]);
		if (!f)
			return g_strdup(dlerror());
		/* POSIX: the object pointer dlsym() gives converts to the function pointer it names */
		memcpy((char *)lib->fns + n * sizeof f, &f, sizeof f);
	}
	if (lib->names[n] || n != room)
		/* NOTR: a programmer's slip (the table's names and pointers differ), in the loader's words */
		return g_strdup("the table's names and functions differ");
	return NULL;
}

int ocop_lazy_load(ocop_lazy_lib *lib, int err)
{
	if (g_once_init_enter(&lib->once)) {
		lib->why = load(lib);
		g_once_init_leave(&lib->once, 1);
	}
	if (!lib->why)
		return 0;
	return ocop_set_error(err, "%s could not be loaded (%s); install the Debian package %s", lib->soname, lib->why,
	                      lib->package);
}
