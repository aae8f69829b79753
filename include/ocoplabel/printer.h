/* ocoplabel — printer profiles: how a thermal label printer (TSPL or ZPL) is set up for a print job. */
#ifndef OCOPLABEL_PRINTER_H
#define OCOPLABEL_PRINTER_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Printer languages. */
typedef enum ocop_printer_language {
	OCOP_PRINTER_ANY = 0,  /**< in options: the output format's language */
	OCOP_PRINTER_TSPL = 1, /**< TSC TSPL/TSPL2 (TSC, Xprinter and their rebrands) */
	OCOP_PRINTER_ZPL = 2   /**< Zebra ZPL II */
} ocop_printer_language;

/** How the printer finds the start of each label on the roll. */
typedef enum ocop_media {
	OCOP_MEDIA_GAP = 0,       /**< a gap between die-cut labels (TSPL GAP, ZPL ^MNY) */
	OCOP_MEDIA_MARK = 1,      /**< a black mark on the back of the liner (TSPL BLINE, ZPL ^MNM) */
	OCOP_MEDIA_CONTINUOUS = 2 /**< continuous paper, no gap (TSPL GAP 0,0, ZPL ^MNN) */
} ocop_media;

/**
 * A printer profile: the settings a print job sends before its labels. Read
 * from a key file in templates/printers/ (see templates/README.md) with
 * ocop_printer_profile_find(), or filled in by the caller. Every member's zero
 * is its default, so a struct that is all zero apart from its version is a
 * plain 203 dpi printer left at its own darkness and speed.
 */
typedef struct ocop_printer_profile {
	int version;            /**< OCOP_PRINTER_PROFILE_VERSION */
	ocop_printer_language language; /**< 0: any (the output format says) */
	int dpi;                /**< 0 means 203. TSPL: 203, 300 or 600; ZPL: 152, 203, 300 or 600 */
	/** Print darkness: TSPL DENSITY 1..15, ZPL ~SD 1..30; 0 leaves the printer's own setting. */
	int darkness;
	/** Print speed in inches per second: TSPL 1..12 (halves allowed), ZPL 2..14 (whole);
	 *  0 leaves the printer's own setting. */
	double speed;
	ocop_media media;       /**< gap, black mark or continuous */
	double gap;             /**< the gap or black mark height in mm, 0 to 30; 0 means 2 (continuous: unused) */
	double gap_offset;      /**< TSPL: the gap's or mark's offset in mm (0 to 30); ZPL: unused */
	int direction;          /**< 0 the label as drawn, 1 turned 180 degrees (TSPL DIRECTION, ZPL ^PO) */
	double offset_x;        /**< mm, -20 to 20: the whole label moved right (negative: left) */
	double offset_y;        /**< mm, -20 to 20: the whole label moved down (negative: up) */
	double reference_x;     /**< mm, 0 to 50: the printer's reference point (TSPL REFERENCE, ZPL ^LH) */
	double reference_y;     /**< mm, 0 to 50 */
	char name[64];          /**< the profile's name (the file name without .ini), for messages */
	char description[192];  /**< one line for listings */
} ocop_printer_profile;

#define OCOP_PRINTER_PROFILE_VERSION 1
#define OCOP_PRINTER_PROFILE_INIT { .version = OCOP_PRINTER_PROFILE_VERSION }

/**
 * Sets @p p to the defaults of profile version @p version (pass
 * OCOP_PRINTER_PROFILE_VERSION): a 203 dpi printer of any language.
 * @return 0; OCOP_EINVAL for a NULL @p p or an unknown version.
 */
OCOP_API int ocop_printer_profile_init(ocop_printer_profile *p, int version);

/**
 * Reads a printer profile file.
 * @return 0; OCOP_EINVAL for a NULL argument; OCOP_ENOENT (missing); OCOP_EIO;
 *         OCOP_ELIMIT (over 1 MiB); OCOP_EPARSE "PATH: [printer] KEY: message"
 *         for a malformed file, an unknown key, a value out of range or a
 *         dpi, darkness or speed that its language cannot express.
 */
OCOP_API int ocop_printer_profile_load(ocop_printer_profile *out, const char *path);

/**
 * Finds printers/NAME.ini on the template path (as ocop_template_find()
 * does), or loads NAME as a path when it has a '/' or ends in .ini.
 * @return as ocop_printer_profile_load(); OCOP_ENOENT naming the folders searched.
 */
OCOP_API int ocop_printer_profile_find(ocop_printer_profile *out, const char *name);

/**
 * Checks @p p's values against their ranges and its language (as a profile
 * file is checked), e.g. after command-line overrides.
 * @return 0; OCOP_EINVAL "KEY: message" for the first value that is wrong.
 */
OCOP_API int ocop_printer_profile_check(const ocop_printer_profile *p);

/** The paths of the installed printer profiles, sorted by name; free with ocop_strv_free(). */
OCOP_API int ocop_printer_profile_list(char ***out);

/**
 * Writes @p p as a printer profile file's text (one [printer] section that
 * ocop_printer_profile_load() reads), e.g. a shipped profile with another gap.
 * @param out  receives the text, malloc'ed, to free with free().
 * @return 0; OCOP_EINVAL for a NULL argument, a profile that
 *         ocop_printer_profile_check() refuses or one of no language;
 *         OCOP_ENOMEM.
 */
OCOP_API int ocop_printer_profile_write(char **out, const ocop_printer_profile *p);

/**
 * A calibration print job for the printer of @p p (its language, dpi,
 * offsets, gap): millimetre rulers along the top and left edges, a box on
 * the label's edge and the settings in use, on a label of @p width_mm x
 * @p height_mm (20..300 x 15..300). Printed, it shows how far the printer
 * places the label from where it should be: the offset to set.
 * @param out      receives a malloc'ed job (free with free()).
 * @return 0; OCOP_EINVAL for a NULL argument, a profile without a language,
 *         a size out of range or a profile that ocop_printer_profile_check()
 *         refuses; OCOP_EFONT; OCOP_ENOMEM.
 */
OCOP_API int ocop_printer_calibration(unsigned char **out, size_t *out_len, const ocop_printer_profile *p,
                                      double width_mm, double height_mm);

/**
 * The calibration label of ocop_printer_calibration() written to @p path,
 * whole or not at all, as every output (mode 0644). @p path must end in the
 * profile's language (.tspl or .zpl) or have no extension.
 * @return 0; OCOP_EINVAL (also for a name such as cal.pdf); OCOP_EIO.
 */
OCOP_API int ocop_printer_calibration_file(const char *path, const ocop_printer_profile *p, double width_mm,
                                           double height_mm);

/** "TSPL", "ZPL", or "any". */
OCOP_API const char *ocop_printer_language_name(ocop_printer_language lang);

#ifdef __cplusplus
}
#endif
#endif
