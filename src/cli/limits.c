/* ocoplabel — the limits command: the library's table of limits on input and work, for operators and scripts. */
#include "cli.h"
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *const usage_limits = N_(
	/* TRANSLATORS: `ocoplabel limits --help`. Keep the command, the option names, their arguments and the
	 * examples as they are; the descriptions in one column, as in the English. */
	"Usage: ocoplabel limits [--tsv]\n"
	"\n"
	"List the limits ocoplabel keeps on product files, layout files, runs and the\n"
	"web server (its defaults), grouped by scope: name, value, unit, what.\n"
	"The names are stable, for scripts; the server's --max-upload and\n"
	"--max-labels, and batch's --max-labels, change theirs.\n"
	"\n"
	"  --tsv   one line per limit, tab-separated: scope, name, value, unit, what;\n"
	"          always in English, for scripts\n");

/* a limit's value as the language writes a count */
static const char *format_value(char *buf, size_t size, long long v)
{
	if (v >= 0)
		return ocop_format_count(buf, size, (unsigned long long)v);
	snprintf(buf, size, "%lld", v);
	return buf;
}

int cmd_limits(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return command_help(argv[0]);
	bool tsv = argc == 2 && strcmp(argv[1], "--tsv") == 0;
	if (argc > 2 || (argc == 2 && !tsv))
		return usage_error(argv[0], "unknown option '%s'", argv[argc - 1]);
	/* for people: the values as the language writes a count (1.048.576 in Vietnamese), the scope, unit and what in
	 * their language (the table's texts are marked in util/limits.c); the columns as wide as the widest */
	char value[64];
	int value_w = 12, unit_w = 12;
	for (size_t i = 0; !tsv && i < ocop_limit_count(); i++) {
		const ocop_limit *l = ocop_limit_get(i);
		int vw = (int)strlen(format_value(value, sizeof value, l->value));
		int uw = (int)g_utf8_strlen(_(l->unit), -1);
		value_w = vw > value_w ? vw : value_w;
		unit_w = uw > unit_w ? uw : unit_w;
	}
	const char *scope = NULL;
	for (size_t i = 0; i < ocop_limit_count(); i++) {
		const ocop_limit *l = ocop_limit_get(i);
		if (tsv) { /* English whatever the language: scripts read it (tests/limits_doc.py checks the docs by it) */
			printf("%s\t%s\t%lld\t%s\t%s\n", l->scope, l->name, l->value, l->unit, l->what);
			continue;
		}
		if (!scope || strcmp(scope, l->scope) != 0)
			printf("%s%s:\n", scope ? "\n" : "", _(l->scope));
		scope = l->scope;
		printf("  %-26s %*s ", l->name, value_w, format_value(value, sizeof value, l->value));
		put_padded(stdout, _(l->unit), unit_w);
		printf(" %s\n", _(l->what));
	}
	return EXIT_OK;
}
