/* ocoplabel — what the command-line tool's commands share: the command table, messages, options. */
#ifndef OCOP_CLI_H
#define OCOP_CLI_H

#include <ocoplabel/ocoplabel.h>
#include <stdio.h>

/* the words a person reads, in the user's language (the library's catalogue, po/): _() where a text is
 * used, N_() in a table; usage_error() translates its format itself */
#define _(s) ocop_gettext(s)
#define N_(s) (s)
#define C_(context, s) ocop_pgettext(context, s)

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

#define DEFAULT_TEMPLATE "product-100x70"
#define DEFAULT_TSPL_PROFILE "xprinter-203"
#define DEFAULT_ZPL_PROFILE "zebra-203"

/* main.c: prints the usage of the command named name from the command table; returns EXIT_OK. */
int command_help(const char *name);

/* the commands, each in its file of that name with its usage text; main.c calls them with argv[0] the name */
int cmd_render(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_url(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_templates(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_printers(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_site(int argc, char **argv);
int cmd_limits(int argc, char **argv);
int cmd_registry(int argc, char **argv);
/* epcis.c: registry epcis RUN… with its options */
typedef struct registry_epcis_opts {
	const char *out, *capture, *token_file;
	unsigned timeout, wait;
} registry_epcis_opts;
int registry_epcis(ocop_registry *reg, char **args, int n_args, const registry_epcis_opts *o);
/* each a whole text marked N_(), translated where it is printed (print_usage) */
extern const char *const usage_render, *const usage_batch, *const usage_url, *const usage_check,
	*const usage_templates, *const usage_template, *const usage_printers, *const usage_calibrate, *const usage_serve, *const usage_site,
	*const usage_limits, *const usage_registry;

/* common.c */
extern const char *prog;
/* Prints "ocoplabel: MESSAGE" and "Try 'ocoplabel CMD --help'..." (cmd NULL: the tool's); returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, const char *arg);
/* Prints "ocoplabel: " and the library's last error (in JSON with --diagnostics json); returns rc. */
int lib_error(int rc);
/* The exit status of a failed library call: EXIT_INVALID for a rejected record, else EXIT_USAGE. */
int exit_for(int err);
/* How render, check and batch print a problem (--diagnostics): DIAG_TEXT "FILE:LINE: FIELD: message" for
 * people, in their language; DIAG_JSON one object a line whose keys and codes never change with it. */
typedef enum diag_format { DIAG_TEXT, DIAG_JSON } diag_format;
extern diag_format diag_mode;
/* The product file the run reads (check, batch): the "file" of a JSON error that names no line of it. */
extern const char *diag_file;
/* --diagnostics text|json into diag_mode; 0 or EXIT_USAGE after a message. */
int parse_diagnostics(const char *cmd, const char *arg);
/* Prints the warnings (unless quiet) and errors of d, about line `line` of `file` (NULL: a label of render):
 * "FILE:LINE: [warning: ]FIELD: message" (without "FILE:LINE: " for no file, without "FIELD: " for an
 * empty field; FIELD as ocop_field_title() names it), or a JSON object each (diag_mode). */
void print_diags(const ocop_diags *d, const char *file, size_t line, int quiet);
/* A run's problems in row order, a warning repeated word for word on many rows once with the count of the others
 * (in JSON each on its own line, in row order), as print_diags prints them. */
void print_problems(ocop_problems *p, const char *file, int quiet);
/* A warning of the command line itself about field `field` (a message in the user's language), as print_diags
 * would print one with that code. */
void print_warning(const char *field, const char *code, const char *message);
/* Prints a usage text (translated) with its {FIELDS} and {PRINTER_OPTIONS} lines and {LINK_FIELDS} made from
 * the library's field table and the printer options' text. */
void print_usage(const char *text, FILE *fp);
/* Writes s padded with spaces to `width` characters (not bytes: "Trạng thái" is 10), at least s. */
void put_padded(FILE *fp, const char *s, int width);
/* The fields of a Digital Link in the order of the link: the GTIN (AI 01), the key qualifiers 22, 10, 21,
 * the dates 11 and 17 (GS1 Digital Link 1.2), then the codes that go into its query; their number. */
size_t link_fields(const char *out[], size_t max);
/* "pdf", "png", "svg", "tspl" or "zpl"; 0 or -1 */
/* the command line's name of a format ("pdf", "tspl", ...) */
const char *format_name(ocop_format f);
int parse_format(const char *s, ocop_format *out);
/* --dpi value, 72..2400; 0 or -1 */
int parse_dpi(const char *s, double *out);
/* --resolver, --qr-ec, --qr-min-module, --thermal, --mono, --bwr into ro; returns 0, or EXIT_USAGE after a message */
int parse_qr_opt(const char *cmd, const char *name, const char *arg, ocop_render_options *ro);
/* How render and url tell of bad KEY=VALUE arguments, as each always has. */
typedef struct field_args {
	const char *cmd;
	int limit_key;    /* a field name longer than the library takes is a usage error (else the library's) */
	int bare_errors;  /* the library's "FIELD: message" alone, as a record's errors read (else after "ocoplabel: ") */
	int warn_unknown; /* warn of a field the library does not know (kept for templates) */
} field_args;
/* The KEY=VALUE arguments args[0..n) into a new *out (to free whatever is returned); EXIT_OK, or EXIT_USAGE
 * or EXIT_INVALID after a message. */
int parse_fields(ocop_record **out, char *const *args, int n, const field_args *how);

/* printopt.c: the thermal printer side of render, batch and calibrate */
enum { PO_PROFILE = 1000, PO_CODES, PO_DARKNESS, PO_SPEED, PO_PRINTER, PO_TIMEOUT, PO_OFFSET };
/* the case labels of the options parse_printer_opt() takes (PO_OFFSET only where --offset is the printer's) */
#define PRINTER_OPT_CASES \
	case PO_PROFILE: case PO_CODES: case PO_DARKNESS: case PO_SPEED: case PO_PRINTER: case PO_TIMEOUT: case PO_OFFSET
#define PRINTER_LONGOPTS \
	{ "printer-profile", required_argument, NULL, PO_PROFILE }, { "printer-codes", no_argument, NULL, PO_CODES }, \
	{ "darkness", required_argument, NULL, PO_DARKNESS }, { "speed", required_argument, NULL, PO_SPEED }, \
	{ "printer", required_argument, NULL, PO_PRINTER }, { "timeout", required_argument, NULL, PO_TIMEOUT }
/* --offset as the printer's (render, calibrate; batch's --offset is also the sheets') */
#define PRINTER_OFFSET_LONGOPT { "offset", required_argument, NULL, PO_OFFSET }
/* The printer options' part of the usage texts of render, batch and calibrate: their {PRINTER_OPTIONS} line. */
extern const char *const printer_opts_help;
typedef struct printer_opts {
	const char *profile_name, *dest;
	int codes, darkness, have_offset;
	double speed, offset_x, offset_y, timeout;
	ocop_printer_profile profile; /* loaded by printer_setup */
} printer_opts;
int is_printer_format(ocop_format f);
/* "X,Y", each within +-limit; 0 or -1 */
int parse_offset(const char *s, double limit, double *x, double *y);
/* One of the PO_ options into po; 0 or EXIT_USAGE after a message. */
int parse_printer_opt(const char *cmd, int opt, const char *arg, printer_opts *po);
/* For a TSPL or ZPL format (or AUTO with a profile or --printer): the profile loaded, the overrides
 * applied and checked, ro's format, printer and printer_codes set. Refuses printer options for other
 * formats. 0 or EXIT_USAGE after a message. */
int printer_setup(const char *cmd, printer_opts *po, ocop_render_options *ro, const ocop_template *t);
/* Sends the job file at path to dest (a CUPS queue, socket://HOST[:PORT] or a device), each wait bounded
 * by timeout seconds (0: the library's 10 s). Prints "ocoplabel: sent N bytes to DEST" unless quiet, or
 * the error; returns EXIT_OK or EXIT_USAGE. */
int send_job_file(const char *dest, const char *path, double timeout, int quiet);
/* The same for a job in memory. */
int send_job_mem(const char *dest, const unsigned char *data, size_t len, double timeout, int quiet);

#endif
