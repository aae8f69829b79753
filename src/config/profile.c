/* ocoplabel — printer profiles: key files in templates/printers/ (language, dpi, darkness, speed, media, direction, offsets). */
#include "config.h"
#include <math.h>
#include <string.h>

/* One table for the limits of each language: profile files and ocop_printer_profile_check() both use it. */
static const struct lang_limits {
	ocop_printer_language lang;
	const char *name;
	int dpis[4];
	int darkness_max;
	double speed_min, speed_max, speed_step;
} langs[] = {
	{ OCOP_PRINTER_TSPL, "TSPL", { 203, 300, 600, 0 }, 15, 1, 12, 0.5 },
	{ OCOP_PRINTER_ZPL, "ZPL", { 152, 203, 300, 600 }, 30, 2, 14, 1 },
};

#define OFFSET_MAX_MM 20.0
#define REFERENCE_MAX_MM 50.0
#define GAP_MAX_MM 30.0

static const char *const printer_keys[] = {
	"description", "language", "dpi", "darkness", "speed", "media", "gap", "gap_offset", "direction",
	"offset_x", "offset_y", "reference_x", "reference_y", NULL
};

const char *ocop_printer_language_name(ocop_printer_language lang)
{
	for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
		if (langs[i].lang == lang)
			return langs[i].name;
	return "any";
}

static const struct lang_limits *limits_of(ocop_printer_language lang)
{
	for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
		if (langs[i].lang == lang)
			return &langs[i];
	return NULL;
}

/* The list of dpi values of l, "203, 300 or 600". */
static void dpi_list(const struct lang_limits *l, char *buf, size_t size)
{
	int n = 0;
	while (n < 4 && l->dpis[n])
		n++;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t at = strlen(buf);
		/* TRANSLATORS: before the last of a list of numbers: "203, 300 or 600" */
		g_snprintf(buf + at, size - at, "%s%d", i == 0 ? "" : i == n - 1 ? _(" or ") : ", ", l->dpis[i]);
	}
}

/* The first value of p that is wrong: its key, and the message in msg (a buffer of the caller); NULL when none. */
static const char *first_problem(const ocop_printer_profile *p, char *msg, size_t size)
{
	const struct lang_limits *l = limits_of(p->language);
	if (p->language != OCOP_PRINTER_ANY && !l) {
		g_snprintf(msg, size, _("%d is not a printer language (tspl or zpl)"), (int)p->language);
		return "language";
	}
	int dpi = p->dpi ? p->dpi : 203;
	if (l) {
		bool ok = false;
		for (int i = 0; i < 4; i++)
			ok = ok || l->dpis[i] == dpi;
		if (!ok) {
			char list[64];
			dpi_list(l, list, sizeof list);
			g_snprintf(msg, size, _("%s printers print at %s dpi, not %d"), l->name, list, dpi);
			return "dpi";
		}
	} else if (dpi < 100 || dpi > 1200) {
		g_snprintf(msg, size, _("%d is out of range (100 to 1200)"), dpi);
		return "dpi";
	}
	int dmax = l ? l->darkness_max : 30;
	if ((p->darkness < 0 || p->darkness > dmax) && l) {
		g_snprintf(msg, size, _("%d is out of range (1 to %d for %s; 0 keeps the printer's)"), p->darkness, dmax, l->name);
		return "darkness";
	}
	if (p->darkness < 0 || p->darkness > dmax) {
		g_snprintf(msg, size, _("%d is out of range (1 to %d; 0 keeps the printer's)"), p->darkness, dmax);
		return "darkness";
	}
	double smin = l ? l->speed_min : 1, smax = l ? l->speed_max : 14, step = l ? l->speed_step : 0.5;
	if (p->speed != 0 && !(p->speed >= smin && p->speed <= smax && fabs(p->speed / step - round(p->speed / step)) < 1e-9)) {
		if (!l)
			g_snprintf(msg, size, _("%g is not a printer speed (%g to %g inches per second in halves; 0 keeps the "
			                        "printer's)"), p->speed, smin, smax);
		else if (step < 1)
			g_snprintf(msg, size, _("%g is not a %s speed (%g to %g inches per second in halves; 0 keeps the "
			                        "printer's)"), p->speed, l->name, smin, smax);
		else
			g_snprintf(msg, size, _("%g is not a %s speed (%g to %g inches per second, whole; 0 keeps the "
			                        "printer's)"), p->speed, l->name, smin, smax);
		return "speed";
	}
	if (p->media < OCOP_MEDIA_GAP || p->media > OCOP_MEDIA_CONTINUOUS) {
		g_snprintf(msg, size, _("%d is not gap, mark or continuous"), (int)p->media);
		return "media";
	}
	static const struct { const char *key; size_t off; double lo, hi; } mm[] = {
		{ "gap", offsetof(ocop_printer_profile, gap), 0, GAP_MAX_MM },
		{ "gap_offset", offsetof(ocop_printer_profile, gap_offset), 0, GAP_MAX_MM },
		{ "offset_x", offsetof(ocop_printer_profile, offset_x), -OFFSET_MAX_MM, OFFSET_MAX_MM },
		{ "offset_y", offsetof(ocop_printer_profile, offset_y), -OFFSET_MAX_MM, OFFSET_MAX_MM },
		{ "reference_x", offsetof(ocop_printer_profile, reference_x), 0, REFERENCE_MAX_MM },
		{ "reference_y", offsetof(ocop_printer_profile, reference_y), 0, REFERENCE_MAX_MM },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(mm); i++) {
		double v = *(const double *)((const char *)p + mm[i].off);
		if (!(v >= mm[i].lo && v <= mm[i].hi)) {
			g_snprintf(msg, size, _("%g mm is out of range (%g to %g)"), v, mm[i].lo, mm[i].hi);
			return mm[i].key;
		}
	}
	if (p->direction != 0 && p->direction != 1) {
		g_snprintf(msg, size, _("%d is not 0 (as drawn) or 1 (turned 180 degrees)"), p->direction);
		return "direction";
	}
	return NULL;
}

int ocop_printer_profile_check(const ocop_printer_profile *p)
{
	if (!p)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_profile_check: NULL argument");
	if (ocop_check_version(OCOP_VERSIONED_PRINTER_PROFILE, p->version) < 0)
		return OCOP_EINVAL;
	char msg[512];
	const char *key = first_problem(p, msg, sizeof msg);
	if (key)
		return ocop_set_error(OCOP_EINVAL, "%s: %s", key, msg);
	return 0;
}

int ocop_printer_profile_load(ocop_printer_profile *out, const char *path)
{
	if (!out || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_profile_load: NULL argument");
	char *data = NULL;
	gsize len = 0;
	/* NOTR: the kind of file, translated by ocop_kf_read() */
	int err = ocop_kf_read(path, "printer profile", &data, &len);
	if (err < 0)
		return err;
	ocop_kf c = { g_key_file_new(), path, 0 };
	GError *ge = NULL;
	const char *g = "printer";
	char **groups = NULL;
	ocop_printer_profile p = OCOP_PRINTER_PROFILE_INIT;
	/* every language's description[LANG]=, not only the process locale's: chosen per thread */
	gboolean loaded = g_key_file_load_from_data(c.kf, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &ge);
	g_free(data);
	if (!loaded) {
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE, "%s: %s", path, ge->message);
		goto done;
	}
	groups = g_key_file_get_groups(c.kf, NULL);
	for (int i = 0; groups[i] && !c.err; i++)
		if (strcmp(groups[i], g) != 0)
			ocop_kf_error(&c, groups[i], NULL, _("unknown section; a printer profile has one [printer] section"));
	if (!c.err && !g_key_file_has_group(c.kf, g))
		c.err = ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_TEMPLATE,
		                          "%s: missing the [printer] section (language, dpi, ...)", path);
	if (c.err)
		goto done;
	ocop_kf_check_keys(&c, g, printer_keys);
	static const char *const lang_names[] = { "tspl", "zpl", NULL };
	static const int lang_vals[] = { OCOP_PRINTER_TSPL, OCOP_PRINTER_ZPL };
	if (!c.err && !g_key_file_has_key(c.kf, g, "language", NULL))
		ocop_kf_error(&c, g, "language", _("missing (tspl or zpl)"));
	p.language = ocop_kf_choice(&c, g, "language", lang_names, lang_vals, OCOP_PRINTER_TSPL);
	p.dpi = ocop_kf_int(&c, g, "dpi", 100, 1200);
	double darkness = ocop_kf_num(&c, g, "darkness", 0, 0, 30, false);
	if (!c.err && darkness != floor(darkness))
		ocop_kf_error(&c, g, "darkness", _("%g is not a whole number"), darkness);
	p.darkness = (int)darkness;
	p.speed = ocop_kf_num(&c, g, "speed", 0, 0, 14, false);
	static const char *const media_names[] = { "gap", "mark", "continuous", NULL };
	static const int media_vals[] = { OCOP_MEDIA_GAP, OCOP_MEDIA_MARK, OCOP_MEDIA_CONTINUOUS };
	p.media = ocop_kf_choice(&c, g, "media", media_names, media_vals, OCOP_MEDIA_GAP);
	p.gap = ocop_kf_num(&c, g, "gap", 0, 0, GAP_MAX_MM, false);
	p.gap_offset = ocop_kf_num(&c, g, "gap_offset", 0, 0, GAP_MAX_MM, false);
	static const char *const dir_names[] = { "0", "1", NULL };
	static const int dir_vals[] = { 0, 1 };
	p.direction = ocop_kf_choice(&c, g, "direction", dir_names, dir_vals, 0);
	p.offset_x = ocop_kf_num(&c, g, "offset_x", 0, -OFFSET_MAX_MM, OFFSET_MAX_MM, false);
	p.offset_y = ocop_kf_num(&c, g, "offset_y", 0, -OFFSET_MAX_MM, OFFSET_MAX_MM, false);
	p.reference_x = ocop_kf_num(&c, g, "reference_x", 0, 0, REFERENCE_MAX_MM, false);
	p.reference_y = ocop_kf_num(&c, g, "reference_y", 0, 0, REFERENCE_MAX_MM, false);
	/* the description in the loading thread's language (description[vi]=, else description=): the struct is
	 * made now, for the listing or the answer this thread gives */
	ocop_kf_words desc = { NULL };
	ocop_kf_words_read(&c, g, "description", &desc);
	g_strlcpy(p.description, ocop_kf_words_get(&desc), sizeof p.description);
	const char *valid_end;
	if (!g_utf8_validate(p.description, -1, &valid_end)) /* cut inside a character: at the one before */
		p.description[valid_end - p.description] = '\0';
	ocop_kf_words_free(&desc);
	if (c.err)
		goto done;
	/* what only the language can tell: its dpi values, darkness and speed ranges */
	char msg[512];
	const char *key = first_problem(&p, msg, sizeof msg);
	if (key) {
		ocop_kf_error(&c, g, key, "%s", msg);
		goto done;
	}
	char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".ini"))
		base[strlen(base) - 4] = '\0';
	g_strlcpy(p.name, base, sizeof p.name);
	g_free(base);
done:
	if (ge)
		g_error_free(ge);
	g_strfreev(groups);
	g_key_file_free(c.kf);
	if (c.err)
		return c.err;
	*out = p;
	return 0;
}

static int load_v(void *out, const char *path) { return ocop_printer_profile_load(out, path); }

int ocop_printer_profile_find(ocop_printer_profile *out, const char *name)
{
	if (!out)
		return ocop_set_error(OCOP_EINVAL, "ocop_printer_profile_find: NULL argument");
	/* NOTR: the kind of file, translated by ocop_kf_find() */
	return ocop_kf_find(name, "printers", "printer profile", load_v, out);
}

int ocop_printer_profile_list(char ***out) { return ocop_kf_list(out, "printers"); }
