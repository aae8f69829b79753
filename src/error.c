/* ocoplabel — thread-local last-error message and error code names. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

static _Thread_local char last_error[1024];

int ocop_set_error(int code, const char *fmt, ...)
{
	/* formatted aside first: the arguments may include ocop_error_last() itself */
	char buf[sizeof last_error];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	memcpy(last_error, buf, sizeof buf);
	return code;
}

const char *ocop_error_last(void) { return last_error; }

void ocop_error_clear(void) { last_error[0] = '\0'; }

const char *ocop_strerror(int code)
{
	switch (code) {
	case OCOP_OK: return "success";
	case OCOP_EINVAL: return "invalid argument";
	case OCOP_ENOMEM: return "out of memory";
	case OCOP_EIO: return "input/output error";
	case OCOP_ENOENT: return "not found";
	case OCOP_EPARSE: return "malformed input";
	case OCOP_EINVALID: return "invalid record";
	case OCOP_EENCODE: return "cannot encode symbol";
	case OCOP_EFONT: return "font missing";
	case OCOP_ERENDER: return "rendering failed";
	case OCOP_EUTF8: return "invalid UTF-8";
	case OCOP_ELIMIT: return "size limit exceeded";
	default: return "unknown error";
	}
}

const char *ocop_version(void) { return OCOP_VERSION_STRING; }
