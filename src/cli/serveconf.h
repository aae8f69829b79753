/* ocoplabel — serve's configuration file: its settings as the options they name (serveconf.c). */
#ifndef OCOP_CLI_SERVECONF_H
#define OCOP_CLI_SERVECONF_H

#include <getopt.h>
#include <glib.h>

typedef struct serve_args {
	GPtrArray *args;      /* argv[0], the file's settings as "--NAME=VALUE", the command line without --config; NULL-ended */
	GArray *lines;        /* size_t: the line of each setting */
	size_t n_settings;    /* args[1 .. n_settings] are the file's */
	const char *path;     /* the file of --config, or NULL */
} serve_args;

/* The arguments serve parses: those of the file of --config FILE (or --config=FILE, written in full) first,
 * each setting "NAME = VALUE" of it made the option --NAME=VALUE (NAME an option of longopts that takes a
 * value, not config; # starts a comment line), then the command line's, so that a command-line option wins
 * over the file's (the repeatable ones, --products and --printer, add to it). 0, or EXIT_USAGE after a
 * message naming the file and line; serve_conf_clear either way. */
int serve_conf_args(serve_args *out, int argc, char **argv, const struct option *longopts);
/* After an option's error: which line of the file it came from, when it came from the file (index: its
 * place in args). */
void serve_conf_where(const serve_args *a, int index);
void serve_conf_clear(serve_args *a);

#endif
