/* ocoplabel — the printers command: the CUPS queues a job can be sent to. */
#include "cli.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

const char *const usage_printers = N_(
	/* TRANSLATORS: `ocoplabel printers --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as
	 * in the English. */
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
	"reached.\n");

/* the width of s on a terminal, in characters */
static size_t max_len(size_t a, const char *s)
{
	size_t n = (size_t)g_utf8_strlen(s, -1);
	return n > a ? n : a;
}

/* "idle", "stopped, not accepting", ... in the user's language */
static const char *state_text(const ocop_printer_queue *q, char buf[128])
{
	const char *state = strcmp(q->state, "idle") == 0       ? C_("printer state", "idle")
	                    : strcmp(q->state, "printing") == 0 ? C_("printer state", "printing")
	                    : strcmp(q->state, "stopped") == 0  ? C_("printer state", "stopped")
	                    : strcmp(q->state, "unknown") == 0  ? C_("printer state", "unknown")
	                                                         : q->state;
	if (q->accepting)
		snprintf(buf, 128, "%s", state);
	else
		/* TRANSLATORS: a printer queue's state and that it refuses jobs: "stopped, not accepting" */
		snprintf(buf, 128, _("%s, not accepting"), state);
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
		printf("%s", _("no printer queues\n"));
		return EXIT_OK;
	}
	char st[128];
	/* TRANSLATORS: the headings of `ocoplabel printers`' columns */
	const char *h_name = C_("printers column", "NAME"), *h_state = C_("printers column", "STATE"),
	           *h_device = C_("printers column", "DEVICE"), *h_info = C_("printers column", "DESCRIPTION");
	size_t wn = max_len(0, h_name), ws = max_len(0, h_state), wd = max_len(0, h_device);
	int any_default = 0;
	for (size_t i = 0; i < n; i++) {
		wn = max_len(wn, q[i].name);
		ws = max_len(ws, state_text(&q[i], st));
		wd = max_len(wd, q[i].device_uri);
		any_default |= q[i].is_default;
	}
	fputs("  ", stdout);
	put_padded(stdout, h_name, (int)wn + 2);
	put_padded(stdout, h_state, (int)ws + 2);
	put_padded(stdout, h_device, (int)wd + 2);
	printf("%s\n", h_info);
	for (size_t i = 0; i < n; i++) {
		printf("%c ", q[i].is_default ? '*' : ' ');
		put_padded(stdout, q[i].name, (int)wn + 2);
		put_padded(stdout, state_text(&q[i], st), (int)ws + 2);
		put_padded(stdout, q[i].device_uri, (int)wd + 2);
		printf("%s\n", q[i].info);
	}
	if (any_default)
		printf("%s", _("(* the default queue)\n"));
	ocop_printers_free(q, n);
	return EXIT_OK;
}
