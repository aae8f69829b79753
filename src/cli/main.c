/* ocoplabel — the command-line tool, a thin client of the public libocoplabel API: the command table and dispatch. */
#include "cli.h"
#include <glib.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

/* One command of `ocoplabel COMMAND`. */
typedef struct cli_command {
	const char *name;
	const char *summary;            /* its line under "Commands:" of `ocoplabel --help` (N_(), shown translated) */
	const char *const *usage;       /* `ocoplabel help NAME` and `NAME --help`, through print_usage; NULL: the tool's */
	int (*fn)(int argc, char **argv);
} cli_command;

static int cmd_help(int argc, char **argv);

/* The one list of the commands: --help's "Commands:", help NAME, NAME --help and the unknown-command
 * message are all made from it, in this order. */
static const cli_command commands[] = {
	{ "render", N_("render one label from KEY=VALUE fields"), &usage_render, cmd_render },
	{ "batch", N_("render every row of a product file (CSV, XLSX, ODS) to a PDF or a folder"), &usage_batch, cmd_batch },
	{ "url", N_("print the traceability URL of a label, or parse a Digital Link"), &usage_url, cmd_url },
	{ "check", N_("validate a product file (CSV, XLSX, ODS) without rendering"), &usage_check, cmd_check },
	{ "templates", N_("list the installed label templates"), &usage_templates, cmd_templates },
	{ "template", N_("make a label template for any size (template new NAME --size WxH)"), &usage_template, cmd_template },
	{ "printers", N_("list the printer queues (CUPS)"), &usage_printers, cmd_printers },
	{ "calibrate", N_("print a calibration label on a thermal printer (offset, gap)"), &usage_calibrate, cmd_calibrate },
	{ "serve", N_("the web page for clerks, the HTTP label service and the QR codes' pages"), &usage_serve, cmd_serve },
	{ "site", N_("write the pages behind the QR codes as static files for a web host"), &usage_site, cmd_site },
	{ "registry", N_("the runs, serials and scans on record; void misprinted labels"), &usage_registry, cmd_registry },
	{ "limits", N_("list the limits kept on input and work"), &usage_limits, cmd_limits },
	{ "help", N_("show help for a command"), NULL, cmd_help },
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void print_main_usage(void)
{
	/* TRANSLATORS: the head of `ocoplabel --help`; the commands are listed after it */
	fputs(_("Usage: ocoplabel COMMAND [OPTIONS]\n"
	        "\n"
	        "Make printable OCOP traceability labels (PDF, PNG, SVG, and TSPL or ZPL jobs\n"
	        "for thermal printers) with the OCOP mark, star rating, QR code and EAN-13.\n"
	        "\n"
	        "Commands:\n"),
	      stdout);
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-11s %s\n", commands[i].name, _(commands[i].summary));
	/* TRANSLATORS: the end of `ocoplabel --help`: keep the option names, the descriptions in one column */
	fputs(_("\n"
	        "Options:\n"
	        "  -h, --help     show this help\n"
	        "  -V, --version  show the version\n"
	        "\n"
	        "Run 'ocoplabel COMMAND --help' for the options of a command.\n"),
	      stdout);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* "unknown command 'X' (commands: render, batch, ..., help)" */
static int unknown_command(const char *name)
{
	GString *list = g_string_new(NULL);
	for (size_t i = 0; i < N_COMMANDS; i++)
		g_string_append_printf(list, "%s%s", i ? ", " : "", commands[i].name);
	char *msg = g_strdup_printf(_("unknown command '%s' (commands: %s)"), name, list->str);
	int rc = usage_error(NULL, "%s", msg);
	g_free(msg);
	g_string_free(list, TRUE);
	return rc;
}

int command_help(const char *name)
{
	const cli_command *c = find_command(name);
	if (c && c->usage)
		print_usage(*c->usage, stdout);
	else
		print_main_usage();
	return EXIT_OK;
}

/* help [COMMAND] */
static int cmd_help(int argc, char **argv)
{
	if (argc < 2)
		return command_help(argv[0]);
	if (!find_command(argv[1]))
		return unknown_command(argv[1]);
	return command_help(argv[1]);
}

int main(int argc, char **argv)
{
	/* the user's language for every message, as every GNU tool (LANGUAGE, LC_ALL, LC_MESSAGES, LANG);
	 * numbers stay as C writes them: printer commands, PDF and options like --dpi 203.5 take a point */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	/* a file size limit (ulimit -f) makes a write fail with EFBIG, which the library reports and cleans up
	 * after, instead of killing the process with its temporary files left behind */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return usage_error(NULL, "%s", _("no command given"));
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
		return command_help("help");
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("ocoplabel %s\n", ocop_version());
		return EXIT_OK;
	}
	const cli_command *c = find_command(cmd);
	if (!c)
		return unknown_command(cmd);
	return c->fn(argc - 1, argv + 1);
}
