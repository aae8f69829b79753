/* ocoplabel — the byte sink: output bytes to a file, to memory or to a caller's callback. */
#include "util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

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
	return 0;
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
