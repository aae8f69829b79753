/* ocoplabel — util: the error object's setters, byte sinks, output that appears whole, the data folder (not installed). */
#ifndef OCOP_UTIL_H
#define OCOP_UTIL_H

#include "ocoplabel/ocoplabel.h"
#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "bounds.h"

/* error.c: the thread-local error object. The full text is "[WHERE: ][FIELD: ]message"; every part
 * is made valid UTF-8 on one line. ocop_set_error() has no field and the generic code of err. */
int ocop_set_error(int err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int ocop_set_error_at(int err, const char *field, const char *code, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* where: a place before the field in the full text ("FILE:LINE"), not part of the message; NULL for none */
int ocop_set_error_where(int err, const char *where, const char *field, const char *code, const char *fmt, ...)
	G_GNUC_PRINTF(5, 6);
int ocop_set_error_va(int err, const char *where, const char *field, const char *code, const char *fmt, va_list ap)
	G_GNUC_PRINTF(5, 0);
/* a copy of the calling thread's error object, put back (and freed) by ocop_error_restore(): to keep an
 * error across a clean-up call that may set its own */
void *ocop_error_save(void);
void ocop_error_restore(void *saved);
/* the error object from a diagnostic (its field, code and message) */
int ocop_set_error_diag(int err, const char *where, const ocop_diag *d);
/* s (len bytes, or -1) as valid UTF-8 on one line: bad bytes and control characters U+FFFD, line breaks " / "; g_malloc'ed */
char *ocop_oneline_utf8(const char *s, gssize len);
/* A message as the error object and diagnostics keep it: ocop_oneline_utf8(), cut after OCOP_MAX_MESSAGE
 * characters with "…" (a report of many rows stays bounded whatever the rows hold); g_malloc'ed */
char *ocop_message_text(const char *s);
/* v for quoting in a message: at most OCOP_QUOTE_CHARS characters, then "…" (a 60,000-character cell is
 * not repeated in its message); into buf, which it returns */
#define OCOP_QUOTE_SIZE (OCOP_QUOTE_CHARS * 4 + 4)
const char *ocop_quote(char buf[OCOP_QUOTE_SIZE], const char *v);

/* i18n.c: the words a person reads, in the calling thread's language (ocop_language_set(); else the
 * process's locale through gettext). Mark a text with _() where it is used, N_() in a table (translated
 * where it is shown), C_() when its words need a context; ocop_set_error*() and the diagnostics translate
 * their format themselves (xgettext is told so in po/meson.build), so their literals need no mark. */
/* (G_GNUC_FORMAT: the compiler checks a translated format's arguments against the English text) */
const char *ocop_tr(const char *msgid) G_GNUC_FORMAT(1);
const char *ocop_trn(const char *msgid, const char *plural, unsigned long n) G_GNUC_FORMAT(1);
const char *ocop_trc(const char *context, const char *msgid) G_GNUC_FORMAT(2);
#define _(s) ocop_tr(s)
#define N_(s) (s)
#define C_(context, s) ocop_trc(context, s)
/* A field's name for people in the thread's language: its key in English (messages as they always were),
 * its Vietnamese name from the field table in Vietnamese. The table is core's: core registers it. */
const char *ocop_field_shown(const char *key);
void ocop_set_field_titles(const char *(*fn)(const char *key));
/* The languages the library speaks, one table: their number, the code of language i ("en", "vi"; NULL past
 * the end), and the calling thread's (an index), for words kept in every language and chosen when shown. */
size_t ocop_language_count(void);
const char *ocop_language_code(size_t i);
size_t ocop_language_current(void);
/* the language the calling thread chose with ocop_language_set() (a static code), NULL when it follows the
 * process's: to give a thread the library starts, or to put back after a call that sets its own */
const char *ocop_language_chosen(void);

/* versions.c: the versioned structs of the public API (one table of their versions) */
typedef enum ocop_versioned {
	OCOP_VERSIONED_RENDER, OCOP_VERSIONED_VALIDATE, OCOP_VERSIONED_READER, OCOP_VERSIONED_LINK,
	OCOP_VERSIONED_PRINTER_PROFILE, OCOP_VERSIONED_DOCUMENT, OCOP_VERSIONED_BATCH, OCOP_VERSIONED_SEND,
	OCOP_VERSIONED_PRODUCTS, OCOP_VERSIONED_RESOLVER, OCOP_VERSIONED_REGISTRY,
	OCOP_VERSIONED_TEMPLATE_AUTO, OCOP_VERSIONED_TEMPLATE_CHECK
} ocop_versioned;
/* 0, or OCOP_EINVAL "NAME: unknown version N (this library has version M; initialise the options with
 * INIT or NAME_init())" for a version this library does not read: the one check of every versioned struct */
int ocop_check_version(ocop_versioned which, int version);

/* sink.c: a byte sink (file, memory or callback) */
typedef struct ocop_sink {
	FILE *fp;             /* file sink, or NULL */
	GByteArray *mem;      /* memory sink, or NULL */
	int err;              /* errno of the first failed write */
	ocop_write_fn fn;     /* callback sink when fp and mem are NULL */
	void *payload;
	unsigned long long written; /* bytes taken */
	unsigned long long limit;   /* 0, or the most it takes: a write past it fails with err OCOP_SINK_FULL */
	bool writeback;       /* a file sink that starts its bytes' disk writes every 4 MB (ocop_tmpfile's): the
	                         commit's fsync then waits for the last few megabytes only */
	unsigned long long started; /* bytes whose disk writes were started */
} ocop_sink;
#define OCOP_SINK_FULL (-1)
int ocop_sink_write(ocop_sink *s, const void *data, size_t len);
/* formatted text into a sink (print-job commands) */
int ocop_sink_printf(ocop_sink *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* atomic.c: output that appears whole or not at all: a file or a folder written under a hidden
 * temporary name next to the target, synced, renamed into place at commit. */
typedef struct ocop_tmpfile {
	char *path, *tmp;
	const char *what;     /* for messages: "cannot write" unless opened with ocop_tmpfile_open_as() (English words,
	                         marked N_(): translated when a message is made) */
	ocop_sink sink;       /* writes go to the temporary file */
} ocop_tmpfile;
int ocop_tmpfile_open(ocop_tmpfile *f, const char *path);
/* ocop_tmpfile_open() whose failure message says what (e.g. N_("cannot write the report"); kept, not copied) */
int ocop_tmpfile_open_as(ocop_tmpfile *f, const char *path, const char *what);
int ocop_tmpfile_commit(ocop_tmpfile *f);   /* flush, fsync, rename; unlinks on failure */
void ocop_tmpfile_abort(ocop_tmpfile *f);   /* unlink the temporary file; safe after commit and on a zeroed one */
/* OCOP_EIO for errno e on output path: "PATH: the folder 'DIR' does not exist; create it with mkdir -p DIR"
 * when path's folder is missing, else "PATH: WHAT: strerror(e)" (what: English words marked N_(), translated here). */
int ocop_output_error(const char *path, const char *what, int e);
typedef struct ocop_tmpdir {
	char *dir;            /* the target folder */
	char *stage;          /* the hidden staging folder beside it */
	bool replace_into;    /* the target has files: ours are moved in one by one at commit */
} ocop_tmpdir;
/* A staging folder for path (a trailing slash names the folder); a target with files is refused unless overwrite. */
int ocop_tmpdir_open(ocop_tmpdir *t, const char *path, bool overwrite);
/* Writes file name (created, never replaced) in the staging folder: 0, or -errno (-EEXIST when it exists). */
int ocop_tmpdir_write(ocop_tmpdir *t, const char *name, const unsigned char *data, size_t len);
int ocop_tmpdir_commit(ocop_tmpdir *t);     /* syncfs, then one rename (or a rename per file into a folder with files) */
void ocop_tmpdir_abort(ocop_tmpdir *t);     /* removes the staging folder; safe after commit and on a zeroed one */
/* Removes a staging folder and everything in it (links are removed, never followed). */
void ocop_remove_stage(const char *dir);

/* datadir.c: the folder with templates/ and fonts/: the installed one (OCOP_DATADIR), or the
 * source tree when the library runs uninstalled from its build folder. Never NULL. */
const char *ocop_datadir(void);
/* whether this code runs from the build folder it was built in (not installed) */
bool ocop_running_uninstalled(void);

#endif
