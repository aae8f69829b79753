/* ocoplabel — rendering a record with a template to PDF, PNG or SVG. */
/*
 * Out of memory: what grows with the input is checked and fails with
 * OCOP_ENOMEM — the image of a PNG label (its size times the dpi), cairo's
 * surfaces and drawing, the logo file and its decoded image, the buffer of
 * ocop_renderer_render_mem(). Small allocations of bounded size (through
 * GLib, pango and fontconfig, as GLib itself does) abort the process when
 * they fail.
 */
#ifndef OCOPLABEL_RENDER_H
#define OCOPLABEL_RENDER_H

#include "ocoplabel/common.h"
#include "ocoplabel/record.h"
#include "ocoplabel/template.h"
#include "ocoplabel/printer.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats. */
typedef enum ocop_format {
	OCOP_FORMAT_AUTO = 0, /**< from the file name's extension (render to file only) */
	OCOP_FORMAT_PDF = 1,  /**< vector PDF, fonts embedded, page = label size */
	OCOP_FORMAT_PNG = 2,  /**< 8-bit grayscale (or 1-bit with mono) PNG with the DPI in its pHYs chunk */
	OCOP_FORMAT_SVG = 3,  /**< SVG 1.1, page = label size (in points) */
	/** A TSPL print job (TSC, Xprinter): the label as the 1-bit image of mono
	 *  PNG at the printer's dpi (BITMAP), or with printer_codes its QR and
	 *  EAN drawn by the printer (QRCODE, BARCODE). */
	OCOP_FORMAT_TSPL = 4,
	/** A ZPL II print job (Zebra): the same image as ^GFA graphics with the
	 *  ZPL compression, or with printer_codes ^BQ and ^BE/^B8. */
	OCOP_FORMAT_ZPL = 5
} ocop_format;

/** QR error correction levels of ocop_render_options::qr_ec. */
typedef enum ocop_qr_ec {
	OCOP_QR_EC_TEMPLATE = 0, /**< keep the template's level (ec=, default M) */
	OCOP_QR_EC_L = 1,        /**< about 7 % of the code may be damaged */
	OCOP_QR_EC_M = 2,        /**< about 15 % */
	OCOP_QR_EC_Q = 3,        /**< about 25 % */
	OCOP_QR_EC_H = 4         /**< about 30 % */
} ocop_qr_ec;

/** Units of ocop_render_options::bwr. */
typedef enum ocop_bwr_unit {
	OCOP_BWR_TEMPLATE = 0,   /**< keep the template's bar width reduction (default none); bwr is ignored */
	OCOP_BWR_MM = 1,         /**< bwr in millimetres, 0 to 0.2 */
	OCOP_BWR_PERCENT = 2     /**< bwr in percent of the EAN module, 0 to 50 */
} ocop_bwr_unit;

/**
 * Options of a renderer. Every member's zero means its default, so a struct
 * that is all zero apart from its version is the defaults: initialise with
 * OCOP_RENDER_OPTIONS_INIT or ocop_render_options_init(), then set what you
 * need.
 */
typedef struct ocop_render_options {
	int version;          /**< OCOP_RENDER_OPTIONS_VERSION */
	ocop_format format;   /**< output format; AUTO (0) picks it from the path */
	/** PNG resolution, 72..2400; 0 means 300. TSPL and ZPL: the printer's
	 *  (0: the printer profile's, else 203). For PDF and SVG: the printer
	 *  resolution the codes are made for (see ocop_renderer_target_dpi());
	 *  0 means 203 dpi. */
	double dpi;
	/** Image (PNG or SVG, at most 8 MiB and 4096 x 4096 pixels) drawn in
	 *  place of the built-in OCOP mark; NULL keeps the template's choice.
	 *  Read once, when the renderer is made. */
	const char *logo;
	/** Creation date written into PDF files, in seconds since 1970 (UTC).
	 *  0 takes SOURCE_DATE_EPOCH from the environment (read at each PDF), or
	 *  1970-01-01 when it is unset, so that the same input always gives
	 *  byte-identical output. Negative values are refused. */
	long long creation_time;
	/** The date that certificate validity is checked against ("yyyy-mm-dd"
	 *  or "dd/mm/yyyy"); NULL means the current date. */
	const char *today;
	/** Resolver base URL of the GS1 Digital Link, replacing the template's; NULL or "" keeps it. */
	const char *resolver;
	/** QR error correction replacing the template's: an ocop_qr_ec;
	 *  0 (OCOP_QR_EC_TEMPLATE) keeps the template's. */
	int qr_ec;
	/** Smallest printable QR module in mm (0.1 to 5), replacing the template's
	 *  (default 0.25); 0 keeps it. A URL whose QR code would need smaller
	 *  modules in its box is refused, saying by how much it is too long. */
	double qr_min_module;
	/** Non-zero: mark the output as for an on-demand thermal printer: EAN-13
	 *  modules down to 75 % of 0.330 mm are then allowed (80 % otherwise). A
	 *  template with profile=thermal is always treated so. */
	int thermal;
	/** Non-zero: PNG is a 1-bit black-and-white image (threshold at 50 %, no
	 *  dithering) for thermal printers, instead of 8-bit gray. */
	int mono;
	/** Bar width reduction of the EAN bars for ink spread, in bwr_unit,
	 *  replacing the template's. In PNG output it is rounded to whole dots. */
	double bwr;
	/** An ocop_bwr_unit: 0 (OCOP_BWR_TEMPLATE) keeps the template's and ignores bwr. */
	int bwr_unit;
	/** TSPL and ZPL: the printer's settings (copied when the renderer is
	 *  made; checked with ocop_printer_profile_check(); its language, when
	 *  set, must be the format's). NULL: a 203 dpi printer left at its own
	 *  darkness and speed, die-cut labels with a 2 mm gap. A printer format
	 *  is always 1-bit (mono) and thermal. Ignored by other formats. */
	const ocop_printer_profile *printer;
	/** TSPL and ZPL: non-zero has the printer draw the QR code and the EAN
	 *  bars itself (TSPL QRCODE and BARCODE, ZPL ^BQ and ^BE/^B8) at the
	 *  plan's positions and module sizes; the text stays an image. Smaller
	 *  jobs. Refused when a module is over 10 dots (the languages' limit). */
	int printer_codes;
} ocop_render_options;

/** Version 3 added printer and printer_codes. Version 2 structs are still
 *  read (without those members). Version 2: zero means the default for
 *  every member (version 1 used -1 for creation_time, qr_ec and bwr, and had
 *  bwr_percent where bwr_unit is). */
#define OCOP_RENDER_OPTIONS_VERSION 3
#define OCOP_RENDER_OPTIONS_INIT { .version = OCOP_RENDER_OPTIONS_VERSION }

/**
 * Sets @p opts to the defaults of options version @p version (pass
 * OCOP_RENDER_OPTIONS_VERSION).
 * @return 0; OCOP_EINVAL for a NULL @p opts or an unknown version.
 */
OCOP_API int ocop_render_options_init(ocop_render_options *opts, int version);

/**
 * A renderer: a template bound to fonts, options and caches. Creating one
 * costs a font look-up; reuse it for many labels. A renderer must be used by
 * one thread at a time; distinct renderers may run concurrently.
 */
typedef struct ocop_renderer ocop_renderer;

/**
 * Creates a renderer for template @p t (which must outlive it): sets up its
 * fonts, checks the template's geometry for this output (mandatory text at
 * min_size keeps capital letters of 1.2 mm; the EAN-13 module is one GS1
 * allows at this resolution) and reads the logo.
 * @param opts  options (copied, with their strings), or NULL for the defaults.
 * @return 0; OCOP_EINVAL for a NULL argument, an unknown options version,
 *         out-of-range options, a bad today or resolver, or a template whose
 *         geometry fails those checks; OCOP_EFONT when fontconfig cannot be
 *         initialised or loads no fonts (a font family that is not installed
 *         is only a warning naming the Debian package, see
 *         ocop_renderer_diags()); for the logo: OCOP_ENOENT (missing),
 *         OCOP_EIO (unreadable), OCOP_ELIMIT (over 8 MiB or 4096 x 4096
 *         pixels), OCOP_EPARSE (not a readable PNG or SVG image); OCOP_ENOMEM.
 */
OCOP_API int ocop_renderer_new(ocop_renderer **out, const ocop_template *t, const ocop_render_options *opts);

/** Frees @p r. NULL-safe. */
OCOP_API void ocop_renderer_free(ocop_renderer *r);

/**
 * Warnings collected by the renderer so far, each once: missing fonts,
 * shortened text, truncated EAN bars, and those of the documents that use
 * @p r (sheet borders, file names). Owned by @p r; NULL only when @p r is NULL.
 */
OCOP_API const ocop_diags *ocop_renderer_diags(const ocop_renderer *r);

/**
 * The printer resolution that PDF and SVG output of @p r is made for: the
 * options' dpi when set, else 203, the coarsest printers (thermal ones).
 * The edges of every bar and QR module lie on that printer's dot grid and
 * the bars are drawn narrower by what rasterisers add to a fill, so the
 * codes print exactly at that resolution and within half a dot at others.
 * PNG output is drawn at the options' dpi instead. 0 when @p r is NULL.
 */
OCOP_API double ocop_renderer_target_dpi(const ocop_renderer *r);

/**
 * Validates @p rec and renders one label to @p path, in the options' format
 * or, when that is AUTO, the one the extension names (.pdf, .png, .svg,
 * .tspl, .zpl, in any case; a printer format needs a renderer made for it:
 * the options' format or their printer's language). The file is written under a temporary name in the same
 * directory and renamed into place, so a failure never leaves a partial
 * file at @p path.
 * @return 0; OCOP_EINVAL for a NULL argument or a path whose format cannot
 *         be told; OCOP_EREJECTED when the record has errors, its URL does not
 *         fit the QR box or its mandatory text does not fit (nothing is
 *         written); OCOP_EENCODE when its EAN cannot be made in the template's
 *         box (module or bar height outside GS1's limits); OCOP_EIO when the
 *         file cannot be written (the message names the path and the reason);
 *         OCOP_ERENDER when cairo fails; OCOP_ENOMEM.
 */
OCOP_API int ocop_renderer_render_file(ocop_renderer *r, const ocop_record *rec, const char *path);

/**
 * Validates @p rec and renders one label into memory.
 * @param out      receives a malloc'ed buffer that the caller frees with free()
 *                 (NULL on failure).
 * @param out_len  receives its length in bytes (0 on failure).
 * @return as ocop_renderer_render_file(); OCOP_EINVAL also when the options'
 *         format is AUTO; OCOP_ENOMEM when the output does not fit in memory.
 */
OCOP_API int ocop_renderer_render_mem(unsigned char **out, size_t *out_len, ocop_renderer *r, const ocop_record *rec);

/**
 * Receives output bytes, in order, as they are made: @p len bytes at @p data
 * (owned by the library, valid only during the call). @p payload is the
 * pointer given with the callback. Returns 0, or any other value to stop
 * writing: the call that is writing then fails with OCOP_EIO and the
 * callback is not called again for that output.
 */
typedef int (*ocop_write_fn)(void *payload, const unsigned char *data, size_t len);

/**
 * Validates @p rec and renders one label through @p write, in the
 * renderer's format (PDF, PNG or SVG; it must not be AUTO). Everything is
 * checked before the first byte is written: a rejected record or a bad
 * argument never calls @p write. Once writing has started a failure leaves
 * the receiver with a partial file, which it must discard.
 * @param write    called zero or more times with the bytes of the file.
 * @param payload  passed to @p write unchanged; may be NULL.
 * @return 0; OCOP_EINVAL for a NULL argument or an AUTO format;
 *         OCOP_EREJECTED when the record has errors (nothing is written);
 *         OCOP_EIO when @p write returns non-zero; OCOP_EENCODE;
 *         OCOP_ERENDER; OCOP_ENOMEM.
 */
OCOP_API int ocop_renderer_render_stream(ocop_renderer *r, const ocop_record *rec, ocop_write_fn write, void *payload);

/**
 * Checks everything about @p rec that rendering it would check, without
 * drawing: the record rules, the trace URL, that its QR code fits the
 * template at the renderer's format and resolution, and the layout (its
 * mandatory text fits; its EAN, EAN-13 or EAN-8, can be made in its box).
 * Warnings of the layout (shortened text, truncated bars) go to
 * ocop_renderer_diags(), as when drawing.
 * @param out  receives the record's errors and warnings (free with
 *             ocop_diags_free()); may be NULL.
 * @return 0; OCOP_EREJECTED when the record would be rejected; OCOP_EINVAL for
 *         a NULL argument; OCOP_EENCODE when its EAN cannot be made in the
 *         template's box; OCOP_ENOMEM.
 */
OCOP_API int ocop_renderer_check(ocop_diags **out, ocop_renderer *r, const ocop_record *rec);

/**
 * The traceability URL that a label for @p rec carries: the record's
 * trace_url (checked, with non-ASCII characters percent-encoded) or, when
 * absent, the GS1 Digital Link built by ocop_link_build() with the
 * template's resolver and query keys.
 * @param out  receives a malloc'ed ASCII string; free it with free().
 * @return 0; OCOP_EINVAL for a NULL argument; OCOP_EREJECTED for a bad
 *         trace_url, GTIN or Digital Link value (see ocop_link_build());
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_trace_url(char **out, const ocop_template *t, const ocop_record *rec);

/**
 * One call: a renderer for @p t with @p opts (NULL: the defaults), @p rec
 * rendered to @p path as ocop_renderer_render_file() does, the renderer freed.
 * @return as ocop_renderer_new() and ocop_renderer_render_file(); the
 *         renderer's warnings are not reported.
 */
OCOP_API int ocop_render_file(const ocop_template *t, const ocop_record *rec, const ocop_render_options *opts, const char *path);

#ifdef __cplusplus
}
#endif
#endif
