/* ocoplabel — the print-job writers' interface: one label handed to the TSPL or ZPL writer (not installed). */
#ifndef OCOP_PRINTJOB_H
#define OCOP_PRINTJOB_H

#include "renderer.h"

/* One label as the writers see it. Positions are in printer dots from the label's corner. */
typedef struct ocop_job_label {
	const ocop_printer_profile *pr;
	const ocop_bitmap *image; /* the whole label, the printer offset already applied */
	const ocop_plan *plan;    /* its QR and EAN items, drawn by the printer when plan->native_codes */
	long dx, dy;              /* the printer offset in dots, added to the codes' positions */
	const char *url;          /* the QR code's text */
	long copies;
} ocop_job_label;

/* job_tspl.c */
int ocop_tspl_begin(ocop_sink *s, const ocop_printer_profile *pr, double width_mm, double height_mm);
int ocop_tspl_label(ocop_sink *s, const ocop_job_label *l);

/* job_zpl.c */
int ocop_zpl_begin(ocop_sink *s, const ocop_printer_profile *pr);
int ocop_zpl_label(ocop_sink *s, const ocop_job_label *l);

/* The EAN element's data as the printers take it: the digits without the check digit (12 or 7), in buf. */
void ocop_job_ean_data(const ocop_plan_ean *pe, char *buf, size_t size);
/* "L", "M", "Q" or "H" */
char ocop_job_qr_ec(int ec);

#endif
