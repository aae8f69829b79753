/* ocoplabel — atomic output: a file or a folder written under a hidden temporary name, synced, renamed into place. */
#include "util.h"
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ocop_output_error(const char *path, const char *what, int e)
{
	char *dir = g_path_get_dirname(path);
	struct stat st;
	int err;
	if (e == ENOENT && strcmp(dir, ".") != 0 && stat(dir, &st) != 0 && errno == ENOENT) {
		/* quoted for the shell only when it needs it */
		bool plain = true;
		for (const char *p = dir; *p; p++)
			plain = plain && (g_ascii_isalnum(*p) || strchr("/._-+,:@%", *p));
		char *q = plain ? g_strdup(dir) : g_shell_quote(dir);
		err = ocop_set_error(OCOP_EIO, "%s: the folder '%s' does not exist; create it with mkdir -p %s", path, dir, q);
		g_free(q);
	} else {
		err = ocop_set_error(OCOP_EIO, "%s: %s: %s", path, _(what), g_strerror(e));
	}
	g_free(dir);
	return err;
}

/* ---- one file ---- */

int ocop_tmpfile_open(ocop_tmpfile *f, const char *path)
{
	return ocop_tmpfile_open_as(f, path, N_("cannot write"));
}

int ocop_tmpfile_open_as(ocop_tmpfile *f, const char *path, const char *what)
{
	memset(f, 0, sizeof *f);
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return ocop_set_error(OCOP_EIO, "%s: exists and is not a regular file; refusing to replace it", path);
	char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
	f->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		int e = errno;
		g_free(f->tmp);
		f->tmp = NULL;
		return ocop_output_error(path, what, e);
	}
	fchmod(fd, 0644); /* mkstemp makes 0600; a label file is ordinary output */
	f->sink.fp = fdopen(fd, "wb");
	if (!f->sink.fp) {
		int e = errno;
		close(fd);
		unlink(f->tmp);
		g_free(f->tmp);
		f->tmp = NULL;
		return ocop_set_error(OCOP_ENOMEM, "%s: %s", path, g_strerror(e));
	}
	f->sink.writeback = true;
	f->path = g_strdup(path);
	f->what = what;
	return 0;
}

void ocop_tmpfile_abort(ocop_tmpfile *f)
{
	if (f->sink.fp)
		fclose(f->sink.fp);
	f->sink.fp = NULL;
	if (f->tmp)
		unlink(f->tmp);
	g_free(f->tmp);
	g_free(f->path);
	f->tmp = f->path = NULL;
}

int ocop_tmpfile_commit(ocop_tmpfile *f)
{
	int e = f->sink.err;
	if (!e && fflush(f->sink.fp) != 0)
		e = errno;
	if (!e && fsync(fileno(f->sink.fp)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(f->sink.fp) != 0 && !e)
		e = errno;
	f->sink.fp = NULL;
	if (!e && rename(f->tmp, f->path) != 0)
		e = errno;
	if (e) {
		int err = ocop_set_error(OCOP_EIO, "%s: %s: %s", f->path, _(f->what ? f->what : N_("cannot write")),
		                         g_strerror(e));
		ocop_tmpfile_abort(f);
		return err;
	}
	g_free(f->tmp);
	g_free(f->path);
	f->tmp = f->path = NULL;
	return 0;
}

/* ---- one folder ---- */

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	remove(path);
	return 0;
}

void ocop_remove_stage(const char *dir)
{
	/* depth first, links not followed: only what is inside our staging folder goes */
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int tmpdir_open_at(ocop_tmpdir *t, const char *path, bool overwrite)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return ocop_set_error(OCOP_EIO, "%s: exists and is not a folder (PNG and SVG labels go into a folder)", path);
		GDir *d = g_dir_open(path, 0, NULL);
		if (!d)
			return ocop_set_error(OCOP_EIO, "%s: cannot read the folder", path);
		bool empty = g_dir_read_name(d) == NULL;
		g_dir_close(d);
		if (!empty && !overwrite)
			return ocop_set_error(OCOP_EIO, "%s: the folder already has files; choose a new or empty folder, or allow "
			                      "replacing files (--overwrite)", path);
		t->replace_into = !empty;
	} else if (errno != ENOENT) {
		return ocop_set_error(OCOP_EIO, "%s: %s", path, g_strerror(errno));
	}
	char *parent = g_path_get_dirname(path), *base = g_path_get_basename(path);
	/* NOTR: the hidden staging folder's name, for mkdtemp */
	t->stage = g_strdup_printf("%s/.%s.partial-XXXXXX", parent, base);
	g_free(parent);
	g_free(base);
	if (!mkdtemp(t->stage)) {
		int e = errno;
		g_free(t->stage);
		t->stage = NULL;
		return ocop_output_error(path, N_("cannot create a folder next to it"), e);
	}
	chmod(t->stage, 0755);
	t->dir = g_strdup(path);
	return 0;
}

int ocop_tmpdir_open(ocop_tmpdir *t, const char *given, bool overwrite)
{
	memset(t, 0, sizeof *t);
	/* "labels/" names the folder labels: the staging folder goes beside it, not inside */
	size_t n = strlen(given);
	while (n > 1 && given[n - 1] == '/')
		n--;
	char *path = g_strndup(given, n);
	int err = tmpdir_open_at(t, path, overwrite);
	g_free(path);
	return err;
}

int ocop_tmpdir_write(ocop_tmpdir *t, const char *name, const unsigned char *data, size_t len)
{
	char *path = g_build_filename(t->stage, name, NULL);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), e = 0;
	if (fd < 0)
		e = errno;
	while (fd >= 0 && len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		data += w;
		len -= (size_t)w;
	}
	if (fd >= 0 && close(fd) != 0 && !e)
		e = errno;
	if (fd >= 0 && e)
		unlink(path);
	g_free(path);
	return -e;
}

int ocop_tmpdir_commit(ocop_tmpdir *t)
{
	/* data on disk before the names appear */
	int fd = open(t->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
	if (!t->replace_into) {
		/* a new or empty folder: one atomic rename puts every file in place */
		if (rename(t->stage, t->dir) != 0) {
			int e = errno;
			return ocop_set_error(OCOP_EIO, "%s: cannot create the folder: %s", t->dir, g_strerror(e));
		}
		g_free(t->stage);
		t->stage = NULL;
		return 0;
	}
	GDir *d = g_dir_open(t->stage, 0, NULL);
	const char *f;
	int err = 0;
	while (d && (f = g_dir_read_name(d)) && !err) {
		char *from = g_build_filename(t->stage, f, NULL), *to = g_build_filename(t->dir, f, NULL);
		struct stat st;
		if (lstat(to, &st) == 0 && !S_ISREG(st.st_mode))
			err = ocop_set_error(OCOP_EIO, "%s: exists and is not a regular file; refusing to replace it", to);
		else if (rename(from, to) != 0)
			err = ocop_set_error(OCOP_EIO, "%s: cannot write: %s", to, g_strerror(errno));
		g_free(from);
		g_free(to);
	}
	if (d)
		g_dir_close(d);
	return err;
}

void ocop_tmpdir_abort(ocop_tmpdir *t)
{
	if (t->stage)
		ocop_remove_stage(t->stage);
	g_free(t->stage);
	g_free(t->dir);
	t->stage = t->dir = NULL;
}

int ocop_file_write(const char *path, const void *data, size_t len)
{
	if (!path || (!data && len))
		return ocop_set_error(OCOP_EINVAL, "ocop_file_write: NULL argument");
	ocop_tmpfile f;
	int err = ocop_tmpfile_open(&f, path);
	if (err < 0)
		return err;
	if (len && fwrite(data, 1, len, f.sink.fp) != len) {
		err = ocop_output_error(path, N_("cannot write"), errno);
		ocop_tmpfile_abort(&f);
		return err;
	}
	return ocop_tmpfile_commit(&f);
}
