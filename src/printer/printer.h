/* ocoplabel — printer: print jobs in a printer language: a label laid out at the printer's dots and written as TSPL or ZPL (not installed). */
#ifndef OCOP_PRINTER_H
#define OCOP_PRINTER_H

#include "paint.h"

/* One label as the writers see it. Positions are in printer dots from the label's corner. */
typedef struct ocop_job_label {
	const ocop_printer_profile *pr;
	const ocop_bitmap *image; /* the whole label, the printer offset already applied */
	const ocop_plan *plan;    /* its codes, drawn by the printer when plan->native_codes */
	long dx, dy;              /* the printer offset in dots, added to the codes' positions */
	const char *url;          /* the QR code's text */
	long copies;
} ocop_job_label;

/* A printer language's writer (tspl.c, zpl.c). */
typedef struct ocop_job_language {
	ocop_printer_language lang;
	/* the settings sent once before the first label (TSPL: SIZE, GAP, ...; ZPL: darkness) */
	int (*begin)(ocop_sink *s, const ocop_printer_profile *pr, double width_mm, double height_mm);
	/* one label: its image, then its codes when the printer draws them (ocop_job_codes()), printed l->copies times */
	int (*label)(ocop_sink *s, const ocop_job_label *l);
	/* the code of an element the printer draws itself, by kind; NULL: the kind stays in the image. Every kind
	 * whose class has native_dots has a writer here (painters leave such codes out of the image) */
	int (*native[OCOP_ELEM_KINDS])(ocop_sink *s, const ocop_job_label *l, const ocop_plan_item *it);
} ocop_job_language;
extern const ocop_job_language ocop_tspl_language, ocop_zpl_language;

/* job.c */
/* The renderer's printer language, or OCOP_PRINTER_ANY when it makes no print jobs. */
ocop_printer_language ocop_renderer_language(const ocop_renderer *r);
/* The settings sent before the first label. */
int ocop_printjob_begin(ocop_renderer *r, ocop_sink *s);
/* One prepared label (url from ocop_renderer_prepare), printed copies times (the printer's own count). */
int ocop_printjob_label(ocop_renderer *r, const ocop_record *rec, const char *url, long copies, ocop_sink *s);
/* A label already rasterised, written in r's language. */
int ocop_printjob_write(ocop_renderer *r, ocop_sink *s, const ocop_job_label *l);
/* For the writers: each present code of l's plan written by lang's native writer of its kind. */
int ocop_job_codes(const ocop_job_language *lang, ocop_sink *s, const ocop_job_label *l);
/* The EAN element's data as the printers take it: the digits without the check digit (12 or 7), in buf. */
void ocop_job_ean_data(const ocop_plan_ean *pe, char *buf, size_t size);
/* "L", "M", "Q" or "H" */
char ocop_job_qr_ec(ocop_qr_ec ec);

#endif
