/* bench/qrfloor: the floor of a label, its QR code encoded by libqrencode alone.
 *
 * Usage: qrfloor PRODUCTS.csv [EC]
 * Reads the trace_url column (the last one, as bench/gen-products.py --urls
 * writes it) of every row and encodes it as ocoplabel does (src/core/symbols.c:
 * QRcode_encodeString8bit, version 0 = the smallest that fits, error
 * correction EC = L, M, Q or H, default M as in small-70x37 and thermal-60x40).
 * Prints one line: codes, seconds spent encoding (reading the file excluded),
 * microseconds per code, a checksum, and the CPU seconds of the encoding. Not part of the test suite; built by bench/speed.py
 * with cc and pkg-config libqrencode. */
#define _POSIX_C_SOURCE 200809L
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: qrfloor PRODUCTS.csv [L|M|Q|H]\n");
		return 2;
	}
	QRecLevel ec = QR_ECLEVEL_M;
	if (argc > 2)
		ec = argv[2][0] == 'L' ? QR_ECLEVEL_L : argv[2][0] == 'Q' ? QR_ECLEVEL_Q : argv[2][0] == 'H' ? QR_ECLEVEL_H : QR_ECLEVEL_M;
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t n = 0, cap = 1024;
	char **urls = malloc(cap * sizeof *urls);
	char *line = NULL;
	size_t len = 0;
	int first = 1;
	while (getline(&line, &len, f) > 0) {
		if (first) { /* the header */
			first = 0;
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		char *c = strrchr(line, ',');
		if (!c || strncmp(c + 1, "http", 4) != 0)
			continue;
		if (n == cap)
			urls = realloc(urls, (cap *= 2) * sizeof *urls);
		urls[n++] = strdup(c + 1);
	}
	free(line);
	fclose(f);
	if (!n) {
		fprintf(stderr, "qrfloor: no trace_url in %s (write it with gen-products.py --urls)\n", argv[1]);
		return 2;
	}
	struct timespec t0, t1, c0, c1;
	unsigned long dark = 0;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < n; i++) {
		QRcode *q = QRcode_encodeString8bit(urls[i], 0, ec);
		if (!q) {
			fprintf(stderr, "qrfloor: row %zu does not encode\n", i + 1);
			return 1;
		}
		dark += q->data[q->width + 1] & 1; /* use the result */
		QRcode_free(q);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	printf("%zu %.6f %.2f %lu %.6f\n", n, s, s / (double)n * 1e6, dark, cpu);
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	return 0;
}
