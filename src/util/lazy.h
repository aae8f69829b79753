/* ocoplabel — util: a shared library loaded when it is first needed, not at every start (not installed).
 *
 * The printer queues (libcups), the PostgreSQL registry (libpq) and SVG logos (librsvg) are needed by few runs,
 * yet linked to the library they were loaded by every one: with what they pull in, 26 libraries and 5 ms of each
 * start (their page faults). The code that needs one lists the functions it calls in it once, as an X-macro
 * table, and calls them through the struct this makes:
 *
 *     #define PQ_FUNCS(X) X(PQstatus) X(PQfinish)
 *     static struct { PQ_FUNCS(OCOP_LAZY_FIELD) } pq;
 *     static const char *const pq_names[] = { PQ_FUNCS(OCOP_LAZY_NAME) NULL };
 *     static ocop_lazy_lib pq_lib = OCOP_LAZY_LIB("libpq.so.5", "libpq5", pq_names, pq);
 *     ...
 *     if (ocop_lazy_load(&pq_lib, OCOP_EIO) < 0) return ...;   (then pq.PQstatus(c))
 *
 * The soname is the one the headers were built for (the Debian package named depends on it). */
#ifndef OCOP_UTIL_LAZY_H
#define OCOP_UTIL_LAZY_H

#include <glib.h>

/* a member of the table's struct: a pointer of the function's own type, under its name */
#define OCOP_LAZY_FIELD(f) __typeof__(&f) f;
#define OCOP_LAZY_NAME(f) #f,

typedef struct ocop_lazy_lib {
	const char *soname;       /* "libpq.so.5" */
	const char *package;      /* its Debian package, for the message: "libpq5" */
	const char *const *names; /* the functions, NULL-terminated, in the order of the struct's members */
	void *fns;                /* that struct */
	size_t size;              /* its size: one function pointer per name */
	gsize once;               /* loaded (or failed) once, by the first thread to ask */
	char *why;                /* NULL when loaded; else what failed, for every later call's message */
} ocop_lazy_lib;
#define OCOP_LAZY_LIB(soname, package, names, fns) { (soname), (package), (names), &(fns), sizeof(fns), 0, NULL }

/* 0 when the library and every function in its table are loaded (the first call loads them; any thread).
 * Else the error object is "SONAME could not be loaded (WHY); install the Debian package PACKAGE" with code
 * err, and the table stays unusable. */
int ocop_lazy_load(ocop_lazy_lib *lib, int err);

#endif
