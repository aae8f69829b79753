/* ocoplabel — reader: what the batch job and the fuzzers use of the product-file reader beyond its public API (not installed). */
#ifndef OCOP_READER_H
#define OCOP_READER_H

#include "core.h"

/* reader.c: a reader over an open stream (fmemopen for the fuzzer); takes fp; opts already checked */
int ocop_reader_open_fp(ocop_reader **out, FILE *fp, const char *path, const ocop_reader_options *opts);
/* bytes of the file read so far (for progress), or -1 */
long long ocop_reader_offset(const ocop_reader *r);
/* for a workbook, "cell E5: " before the messages in d about a field of the last row's cells */
void ocop_reader_annotate(const ocop_reader *r, ocop_diags *d);

#endif
