/* ocoplabel fuzz target — the label template parser (key files) and the sheet-layout parser on arbitrary bytes. */
#include "layout.h" /* ocop_template_load_data */
#include "config.h" /* ocop_sheet_cell */
#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ocop_template *t = NULL;
	if (ocop_template_load_data(&t, (const char *)data, size, "/fuzz/t.ini") == 0) {
		ocop_link_options lo = OCOP_LINK_OPTIONS_INIT;
		ocop_template_link_options(&lo, t);
		(void)ocop_template_width_mm(t);
		ocop_template_free(t);
	}
	/* the same bytes as a sheet layout (through a file: sheets are loaded by path) */
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/ocop-fuzz-sheet-%ld.ini", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, size, f);
		fclose(f);
		ocop_sheet *s = NULL;
		if (ocop_sheet_load(&s, path) == 0) {
			double x, y;
			for (int i = 0; i < ocop_sheet_positions(s); i++)
				ocop_sheet_cell(s, i, &x, &y);
			ocop_sheet_free(s);
		}
	}
	return 0;
}
