/* ocoplabel tests — a minimal check macro set shared by the C test programs. */
#ifndef OCOP_TESTUTIL_H
#define OCOP_TESTUTIL_H

#include <stdio.h>
#include <string.h>

static int t_failures, t_checks;

/* The fields of a valid record (Trà hoa vàng Ba Chẽ) that several tests start from. */
#define T_VALID_FIELDS                                       \
	{ "name", "Trà hoa vàng Ba Chẽ" },                   \
	{ "producer", "HTX Trà hoa vàng Ba Chẽ" },           \
	{ "address", "Xã Thanh Lâm, Ba Chẽ, Quảng Ninh" },   \
	{ "stars", "5" },                                    \
	{ "gtin", "8936012345674" },                         \
	{ "growing_area", "VN-QNOR-0012" },                  \
	{ "packing_facility", "VN-QNPH-003" }

/* The same as a flat key, value, key, value list. */
#define T_VALID_FIELDS_KV                                                  \
	"name", "Trà hoa vàng Ba Chẽ", "producer", "HTX Trà hoa vàng Ba Chẽ", \
	"address", "Xã Thanh Lâm, Ba Chẽ, Quảng Ninh", "stars", "5",          \
	"gtin", "8936012345674", "growing_area", "VN-QNOR-0012",              \
	"packing_facility", "VN-QNPH-003"

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		t_checks++;                                                     \
		if (!(cond)) {                                                  \
			t_failures++;                                           \
			fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
		}                                                               \
	} while (0)

#define CHECK_STR(got, want, ctx) t_check_str(__FILE__, __LINE__, (got), (want), (ctx))

static inline void t_check_str(const char *file, int line, const char *got, const char *want, const char *ctx)
{
	t_checks++;
	if (!got || strcmp(got, want) != 0) {
		t_failures++;
		fprintf(stderr, "%s:%d: FAIL [%s]: got \"%s\", want \"%s\"\n", file, line, ctx, got ? got : "(null)", want);
	}
}

static inline int t_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, t_checks, t_failures);
	return t_failures ? 1 : 0;
}

#endif
