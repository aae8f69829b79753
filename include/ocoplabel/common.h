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

/**
 * A file name (without its extension) made of a product's @p name and @p lot
 * (either may be NULL), as a clerk would name a download:
 * "Trà hoa vàng Ba Chẽ" and "TH2611" give "tra-hoa-vang-ba-che-TH2611".
 * Vietnamese is folded to ASCII (đ to d, marks dropped), the name in lower
 * case, the lot as written, every other run of characters one dash; at most
 * 80 characters; "label" when nothing is left. The same for an uploaded
 * file's name without its extension ("Sản phẩm tháng 12" gives
 * "san-pham-thang-12").
 * @return a string to free with free(); NULL when out of memory.
 */
OCOP_API char *ocop_download_name(const char *name, const char *lot);

/**
 * Writes @p len bytes of @p data to @p path as the library writes every
 * output: under a hidden temporary name in the same folder, synced, then
 * renamed, mode 0644; the whole file or nothing. A path that exists and is
 * not a regular file (a device such as /dev/null, a folder) is refused, never
 * replaced. @return 0; OCOP_EINVAL; OCOP_EIO with the path and the reason.
 */
OCOP_API int ocop_file_write(const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
