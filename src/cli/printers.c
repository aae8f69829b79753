/* ocoplabel — the printers command: the CUPS queues a job can be sent to. */
#include "cli.h"
#include <stdio.h>
#include <string.h>

const char usage_printers[] =
	"Usage: ocoplabel printers\n"
	"\n"
	"List the printer queues of the CUPS server, one per line: NAME, STATE\n"
	"(idle, printing or stopped, and \"not accepting\" when the queue refuses jobs),\n"
	"DEVICE (where CUPS sends the jobs) and DESCRIPTION; '*' marks the default.\n"
	"The server is the one CUPS programs use: CUPS_SERVER, client.conf or the\n"
	"local cupsd.\n"
	"\n"
	"A printer is given to --printer as one of these queue names, as\n"
	"socket://HOST[:PORT] (a network printer's raw port, 9100 by default), or as a\n"
	"device path (/dev/usb/lp0) or FIFO.\n"
	"\n"
	"Exit status: 0 listed (also when there are none), 2 the CUPS server cannot be\n"
	"reached.\n";

static size_t max_len(size_t a, const char *s) { return strlen(s) > a ? strlen(s) : a; }

/* "idle", "stopped, not accepting", ... */
static const char *state_text(const ocop_printer_queue *q, char buf[32])
{
	snprintf(buf, 32, "%s%s", q->state, q->accepting ? "" : ", not accepting");
	return buf;
}

int cmd_printers(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return command_help(argv[0]);
	if (argc > 1)
		return usage_error("printers", "unexpected argument '%s'", argv[1]);
	ocop_printer_queue *q = NULL;
	size_t n = 0;
	if (ocop_printers_list(&q, &n) < 0)
		return lib_error(EXIT_USAGE);
	if (n == 0) {
		printf("no printer queues\n");
		return EXIT_OK;
	}
	char st[32];
	size_t wn = strlen("NAME"), ws = strlen("STATE"), wd = strlen("DEVICE");
	int any_default = 0;
	for (size_t i = 0; i < n; i++) {
		wn = max_len(wn, q[i].name);
		ws = max_len(ws, state_text(&q[i], st));
		wd = max_len(wd, q[i].device_uri);
		any_default |= q[i].is_default;
	}
	printf("  %-*s  %-*s  %-*s  %s\n", (int)wn, "NAME", (int)ws, "STATE", (int)wd, "DEVICE", "DESCRIPTION");
	for (size_t i = 0; i < n; i++)
		printf("%c %-*s  %-*s  %-*s  %s\n", q[i].is_default ? '*' : ' ', (int)wn, q[i].name, (int)ws,
		       state_text(&q[i], st), (int)wd, q[i].device_uri, q[i].info);
	if (any_default)
		printf("(* the default queue)\n");
	ocop_printers_free(q, n);
	return EXIT_OK;
}
