/* ocoplabel — reader: what the batch job and the fuzzers use of the product-file reader beyond its public API (not installed). */
#ifndef OCOP_READER_H
#define OCOP_READER_H

#include "core.h"

/* reader.c: a reader over an open stream (fmemopen for the fuzzer); takes fp; opts already checked */
int ocop_reader_open_fp(ocop_reader **out, FILE *fp, const char *path, const ocop_reader_options *opts);
/* bytes of the file read so far (for progress), or -1 */
long long ocop_reader_offset(const ocop_reader *r);
/* The file's rows as ocop_reader_next hands them out (blank lines not counted; a row that cannot be read
 * counted), or a negative code when reading fails. Known from opening when the file has a date column (its
 * rows were read through for the dates' order); else read through once here. Before the first row is read:
 * the reader is back at the first row after. */
long long ocop_reader_rows(ocop_reader *r);
/* for a workbook, "cell E5: " before the messages in d about a field of the last row's cells */
void ocop_reader_annotate(const ocop_reader *r, ocop_diags *d);

#endif
