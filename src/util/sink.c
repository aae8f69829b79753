/* ocoplabel — the byte sink: output bytes to a file, to memory or to a caller's callback. */
#include "util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <fcntl.h>

/* A file sink with writeback starts the disk writes of each 4 MB as it passes: a 30 MB roll of
 * print jobs then waits at its commit for the last few megabytes only, not for all of them (fsync
 * took 24 ms of a 0.66 s run). Only a start: the fsync at commit is still what makes the file whole. */
#define WRITEBACK_STEP (4ull << 20)

static void start_writeback(ocop_sink *s)
{
	if (fflush(s->fp) != 0) {
		s->err = errno ? errno : EIO;
		return;
	}
#ifdef __linux__
	/* bytes [started, written) are in the file now; a failure here (a pipe, a file system without it) is
	 * harmless: fsync does it all at commit */
	(void)sync_file_range(fileno(s->fp), (off_t)s->started, (off_t)(s->written - s->started), SYNC_FILE_RANGE_WRITE);
#endif
	s->started = s->written;
}

int ocop_sink_write(ocop_sink *s, const void *data, size_t len)
{
	if (s->err)
		return -1;
	if (s->limit && len > s->limit - s->written) {
		s->err = OCOP_SINK_FULL;
		return -1;
	}
	if (s->mem) {
		g_byte_array_append(s->mem, data, (guint)len);
	} else if (!s->fp) {
		if (s->fn(s->payload, data, len) != 0) {
			s->err = EIO;
			return -1;
		}
	} else if (fwrite(data, 1, len, s->fp) != len) {
		s->err = errno ? errno : EIO;
		return -1;
	}
	s->written += len;
	if (s->writeback && s->written - s->started >= WRITEBACK_STEP)
		start_writeback(s);
	return s->err ? -1 : 0;
}

int ocop_sink_printf(ocop_sink *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = g_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf)
		return ocop_set_error(OCOP_EINVAL, "ocop_sink_printf: a command of %d bytes is too long", n);
	if (ocop_sink_write(s, buf, (size_t)n) != 0)
		return s->err == OCOP_SINK_FULL ? ocop_set_error(OCOP_ELIMIT, "the output passes %s bytes",
		                                                 ocop_format_count((char[32]){ 0 }, 32, s->limit))
		                                : ocop_set_error(OCOP_EIO, "cannot write: %s", g_strerror(s->err ? s->err : EIO));
	return 0;
}
