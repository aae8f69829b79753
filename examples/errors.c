/* ocoplabel example — report what is wrong with a record: diagnostics with their fields, the last error, exit codes. */
#include <ocoplabel/ocoplabel.h>
#include <stdio.h>
#include <string.h>

/* Exit codes, as the ocoplabel command uses them. */
enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_TROUBLE = 2 };

/* The date the OCOP certificate is checked against. A real program passes
 * NULL (today); the example fixes it so that its output never changes. */
#define TODAY "2026-11-29"

/* Prints the findings, each with the field it concerns and its code (only the errors when
 * errors_only: the warnings were printed before); returns the number of errors. */
static size_t print_diags(const ocop_diags *diags, int errors_only)
{
	for (size_t i = 0; i < ocop_diags_count(diags); i++) {
		const ocop_diag *d = ocop_diags_get(diags, i);
		if (d->severity == OCOP_SEVERITY_ERROR || !errors_only)
			fprintf(stderr, "%s: %s: %s [%s]\n", d->severity == OCOP_SEVERITY_ERROR ? "error" : "warning", d->field,
			        d->message, d->code);
	}
	return ocop_diags_errors(diags);
}

/* A failure that is not about the record's rules: the short name of the
 * code, then the calling thread's last message, which says what and where. */
static int trouble(int err)
{
	fprintf(stderr, "%s: %s\n", ocop_strerror(err), ocop_error_last());
	return EXIT_TROUBLE;
}

int main(int argc, char **argv)
{
	static const char *const base[][2] = {
		{ "name", "Ruốc hàu Vân Đồn" },
		{ "producer", "Công ty TNHH Thương mại Vân Đồn Xanh" },
		{ "address", "Xã Hạ Long, huyện Vân Đồn, tỉnh Quảng Ninh" },
		{ "stars", "3" },
		{ "gtin", "8936012346121" },
		{ "growing_area", "VN-QNOR-0047" },
		{ "packing_facility", "VN-QNPH-007" },
	};
	const char *template_name = "small-70x37";
	ocop_record *rec = NULL;
	ocop_diags *diags = NULL;
	ocop_template *t = NULL;
	ocop_renderer *r = NULL;
	ocop_validate_options vo = OCOP_VALIDATE_OPTIONS_INIT;
	ocop_render_options ro = OCOP_RENDER_OPTIONS_INIT;
	vo.today = ro.today = TODAY;
	size_t errors;
	int err, status = EXIT_TROUBLE;

	if ((err = ocop_record_new(&rec)) < 0)
		return trouble(err);
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
		ocop_record_set(rec, base[i][0], base[i][1], -1);
	/* the command line changes fields: FIELD=VALUE (an empty VALUE removes it) */
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--template=", 11) == 0) {
			template_name = argv[i] + 11;
			continue;
		}
		char *eq = strchr(argv[i], '=');
		if (!eq) {
			fprintf(stderr, "usage: %s [--template=NAME] [FIELD=VALUE]...\n", argv[0]);
			goto done;
		}
		*eq = '\0';
		/* a value that is not UTF-8, or too long, is refused at once */
		if ((err = ocop_record_set(rec, argv[i], eq + 1, -1)) < 0) {
			status = trouble(err);
			goto done;
		}
	}

	/* 1. the record's own rules: every finding at once, each with its field */
	err = ocop_record_validate(&diags, rec, &vo);
	errors = print_diags(diags, 0);
	if (err == OCOP_EREJECTED) {
		/* the error object holds the first error: its field and code apart from its message, so that a
		 * program can act on it (e.g. mark the field in a form) without reading the text */
		fprintf(stderr, "invalid record: %zu error(s), the first in field %s (code %s): %s\n", errors,
		        ocop_error_field(), ocop_error_code(), ocop_error_message());
		status = EXIT_INVALID;
		goto done;
	}
	if (err < 0) {
		status = trouble(err);
		goto done;
	}
	ocop_diags_free(diags);
	diags = NULL;

	/* 2. what only a template can tell: the trace URL and its QR code in the box */
	if ((err = ocop_template_find(&t, template_name)) < 0) {
		status = trouble(err);
		goto done;
	}
	if ((err = ocop_renderer_new(&r, t, &ro)) < 0) {
		status = trouble(err);
		goto done;
	}
	err = ocop_renderer_check(&diags, r, rec);
	print_diags(diags, 1);
	if (err == OCOP_EREJECTED) {
		fprintf(stderr, "invalid record for template %s: %s\n", ocop_template_name(t), ocop_error_last());
		status = EXIT_INVALID;
		goto done;
	}
	if (err < 0) {
		status = trouble(err);
		goto done;
	}
	printf("%s: valid for template %s\n", ocop_record_get(rec, "name"), ocop_template_name(t));
	status = EXIT_VALID;
done:
	ocop_renderer_free(r);
	ocop_template_free(t);
	ocop_diags_free(diags);
	ocop_record_free(rec);
	return status;
}
