/* ocoplabel — the limits on input and work: one table, for programs, docs and operators. */
#ifndef OCOPLABEL_LIMITS_H
#define OCOPLABEL_LIMITS_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One limit the library, the command line or the web server keeps: what a
 * clerk never meets and an attacker always does. The table is static and
 * read-only; the values are the ones this library enforces (the server's
 * rows are its defaults, which its operator may change).
 */
typedef struct ocop_limit {
	const char *name;   /**< stable key, e.g. "field_bytes" */
	long long value;    /**< the limit */
	const char *unit;   /**< "bytes", "characters", "rows", "labels", "seconds", ... */
	const char *scope;  /**< "product files", "records", "layout files", "runs", "server" */
	const char *what;   /**< what is limited, one line in English */
} ocop_limit;

/** The number of limits. */
OCOP_API size_t ocop_limit_count(void);
/** Limit @p i (0-based, grouped by scope), or NULL out of range. */
OCOP_API const ocop_limit *ocop_limit_get(size_t i);
/** The value of the limit named @p name, or -1 when there is none. */
OCOP_API long long ocop_limit_value(const char *name);

#ifdef __cplusplus
}
#endif
#endif
