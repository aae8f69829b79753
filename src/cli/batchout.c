/* ocoplabel — where a batch run's output goes: standard output through a spool, a temporary job for a printer. */
#include "batchcmd.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int spool_open(FILE **out)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	/* NOTR: a temporary file's name */
	snprintf(path, sizeof path, "%s/.ocoplabel-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || unlink(path) != 0 || !(*out = fdopen(fd, "w+b"))) {
		fprintf(stderr, _("%s: %s: cannot make a temporary file for standard output: %s\n"), prog, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		*out = NULL;
		return -1;
	}
	return 0;
}

int spool_write(void *payload, const unsigned char *data, size_t len)
{
	return fwrite(data, 1, len, payload) == len ? 0 : -1;
}

int spool_copy(FILE *spool, FILE *to)
{
	char buf[65536];
	size_t n;
	if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(spool) || fflush(to) != 0 ? -1 : 0;
}

ocop_format file_format(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return OCOP_FORMAT_AUTO;
	return strcasecmp(dot, ".pdf") == 0    ? OCOP_FORMAT_PDF
	       : strcasecmp(dot, ".tspl") == 0 ? OCOP_FORMAT_TSPL
	       : strcasecmp(dot, ".zpl") == 0  ? OCOP_FORMAT_ZPL
	                                       : OCOP_FORMAT_AUTO;
}

int temp_job(char **dir, char **path, ocop_format f)
{
	const char *tmp = getenv("TMPDIR");
	size_t n = strlen(tmp && *tmp ? tmp : "/tmp") + 32;
	*dir = malloc(n);
	*path = malloc(n + 16);
	if (!*dir || !*path)
		return -1;
	/* NOTR: a temporary folder's name */
	snprintf(*dir, n, "%s/ocoplabel-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(*dir)) {
		fprintf(stderr, _("%s: cannot make a temporary folder for the print job in %s: %s\n"), prog,
		        tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(*dir);
		*dir = NULL;
		return -1;
	}
	snprintf(*path, n + 16, "%s/job.%s", *dir, f == OCOP_FORMAT_ZPL ? "zpl" : "tspl");
	return 0;
}
