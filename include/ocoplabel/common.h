/* ocoplabel — visibility macro and basic includes shared by every public header. */
#ifndef OCOPLABEL_COMMON_H
#define OCOPLABEL_COMMON_H

#include <stddef.h>

#if defined(_WIN32)
#  define OCOP_API
#elif defined(OCOP_BUILDING_LIBRARY) && (defined(__GNUC__) || defined(__clang__))
#  define OCOP_API __attribute__((visibility("default")))
#else
#  define OCOP_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Frees a NULL-terminated string array returned by the library. NULL-safe. */
OCOP_API void ocop_strv_free(char **v);

#ifdef __cplusplus
}
#endif

#endif
