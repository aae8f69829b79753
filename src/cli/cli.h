/* ocoplabel — helpers shared by the command-line tool's commands. */
#ifndef OCOP_CLI_H
#define OCOP_CLI_H

#include <ocoplabel/ocoplabel.h>
#include <stdio.h>

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

#define DEFAULT_TEMPLATE "product-100x70"

extern const char *prog;
extern const char usage_check[], usage_batch[];

/* Prints "ocoplabel: MESSAGE" and a hint; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, const char *arg);
/* "pdf", "png" or "svg" */
int parse_format(const char *s, ocop_format *out);
/* --dpi value, 72..2400 */
int parse_dpi(const char *s, double *out);
/* --resolver, --qr-ec, --qr-min-module into ro; returns 0, or EXIT_USAGE after a message */
int parse_qr_opt(const char *cmd, const char *name, const char *arg, ocop_render_options *ro);
/* Prints the warnings (unless quiet) and errors of d as "PREFIX[warning: ]FIELD: message" (without "FIELD: " for an empty field). */
void print_diags_prefixed(const ocop_diags *d, const char *prefix, int quiet);

int cmd_check(int argc, char **argv);
int cmd_url(int argc, char **argv);
/* Prints a usage text with its {FIELDS} line and {LINK_FIELDS} made from the library's field table (url.c). */
void print_usage(const char *text, FILE *fp);
extern const char usage_url[];
int cmd_batch(int argc, char **argv);

/* printers.c */
int cmd_printers(int argc, char **argv);
extern const char usage_printers[];
/* --timeout value: seconds, more than 0 and at most 3600; 0 or -1 */
int parse_timeout(const char *s, double *out);
/* Sends the job file at path to dest (a CUPS queue, socket://HOST[:PORT] or a device; see send.h), each
 * wait bounded by timeout seconds (0: the library's 10 s). Prints "ocoplabel: sent N bytes to DEST"
 * unless quiet, or the error; returns EXIT_OK or EXIT_USAGE. */
int send_job_file(const char *dest, const char *path, double timeout, int quiet);

#endif
