/* ocoplabel — the limits command: the library's table of limits on input and work, for operators and scripts. */
#include "cli.h"
#include <string.h>

const char usage_limits[] =
	"Usage: ocoplabel limits\n"
	"\n"
	"List the limits ocoplabel keeps on product files, layout files, runs and the\n"
	"web server (its defaults): one line each, scope, name, value, unit, what.\n"
	"The names are stable, for scripts; the server's --max-upload and\n"
	"--max-labels, and batch's --max-labels, change theirs.\n";

int cmd_limits(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return command_help(argv[0]);
	if (argc > 1)
		return usage_error(argv[0], "%s", "it takes no arguments");
	const char *scope = NULL;
	for (size_t i = 0; i < ocop_limit_count(); i++) {
		const ocop_limit *l = ocop_limit_get(i);
		if (!scope || strcmp(scope, l->scope) != 0)
			printf("%s%s:\n", scope ? "\n" : "", l->scope);
		scope = l->scope;
		printf("  %-26s %12lld %-12s %s\n", l->name, l->value, l->unit, l->what);
	}
	return EXIT_OK;
}
