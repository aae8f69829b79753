/* send_tool — sends a file to a printer through the public send.h API, for tests/send.sh. */
#include <ocoplabel/ocoplabel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Usage: send_tool [--timeout S] [--mem | --stream N] DEST FILE
 *   default     ocop_send_file()
 *   --mem       the file read into memory, then ocop_send_mem()
 *   --stream N  ocop_printer_open(), ocop_printer_write() of N-byte pieces, ocop_printer_close()
 * Prints "sent" on success; else "send_tool: MESSAGE [CODE]" on standard error.
 * Exit status: 0, or minus the OCOP_E* number (OCOP_EIO -3 gives 3, OCOP_ETIMEOUT 12); 99 usage. */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *b = realloc(buf, cap *= 2);
			if (!b) {
				free(buf);
				buf = NULL;
			}
			buf = b;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	ocop_send_options o = OCOP_SEND_OPTIONS_INIT;
	int mem = 0;
	size_t piece = 0;
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			o.timeout = atof(argv[++i]);
		else if (strcmp(argv[i], "--mem") == 0)
			mem = 1;
		else if (strcmp(argv[i], "--stream") == 0 && i + 1 < argc)
			piece = strtoul(argv[++i], NULL, 10);
		else
			break;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: send_tool [--timeout S] [--mem | --stream N] DEST FILE\n");
		return 99;
	}
	const char *dest = argv[i], *path = argv[i + 1];
	int err = 0;
	size_t len = 0;
	unsigned char *buf = NULL;
	if (mem || piece) {
		if (!(buf = slurp(path, &len))) {
			fprintf(stderr, "send_tool: cannot read %s\n", path);
			return 99;
		}
	}
	if (mem) {
		err = ocop_send_mem(dest, buf, len, &o);
	} else if (piece) {
		ocop_printer_conn *c = NULL;
		if ((err = ocop_printer_open(&c, dest, &o)) == 0) {
			for (size_t off = 0; off < len && err == 0; off += piece)
				err = ocop_printer_write(c, buf + off, len - off < piece ? len - off : piece);
			if (err == 0)
				err = ocop_printer_close(c);
			else
				ocop_printer_abort(c);
		}
	} else {
		err = ocop_send_file(dest, path, &o);
	}
	free(buf);
	if (err < 0) {
		fprintf(stderr, "send_tool: %s [%s]\n", ocop_error_last(), ocop_error_code());
		return -err;
	}
	printf("sent\n");
	return 0;
}
