/* ocoplabel — the renderer handle and the public entry points: one label checked, laid out and painted to a file, memory or a stream. */
#include "renderer.h"
#include <stdlib.h>
#include <string.h>

#define OCOP_MIN_DPI 72
#define OCOP_MAX_DPI 2400

void ocop_renderer_warn(ocop_renderer *r, const char *field, const char *code, const char *msg)
{
	char *key = g_strconcat(field, "\n", msg, NULL);
	if (g_hash_table_contains(r->warned, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(r->warned, key);
	ocop_diags_addc(r->diags, OCOP_SEVERITY_WARNING, field, code, "%s", msg);
}

void ocop_render_options_init(ocop_render_options *o)
{
	if (o)
		*o = (ocop_render_options)OCOP_RENDER_OPTIONS_INIT;
}

void ocop_renderer_free(ocop_renderer *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->ec && i < r->t->n_elems; i++) {
		if (r->ec[i].word)
			g_object_unref(r->ec[i].word);
		if (r->ec[i].texts)
			g_hash_table_destroy(r->ec[i].texts);
	}
	g_free(r->ec);
	ocop_glyphs_release_own(r);
	ocop_fonts_release(r);
	ocop_logo_release(r);
	g_free(r->logo_path);
	g_free(r->qr_url);
	ocop_qr_release(&r->qr);
	g_free((char *)r->opts.today);
	g_free((char *)r->opts.resolver);
	ocop_diags_free(r->diags);
	if (r->warned)
		g_hash_table_destroy(r->warned);
	g_free(r);
}

static int check_options(const ocop_render_options *opts)
{
	if (opts->version != OCOP_RENDER_OPTIONS_VERSION && opts->version != 2)
		return ocop_set_error(OCOP_EINVAL, "ocop_render_options: unknown version %d (this library has version %d; "
		                      "initialise the options with OCOP_RENDER_OPTIONS_INIT or ocop_render_options_init())",
		                      opts->version, OCOP_RENDER_OPTIONS_VERSION);
	if (opts->dpi != 0 && (opts->dpi < OCOP_MIN_DPI || opts->dpi > OCOP_MAX_DPI || !isfinite(opts->dpi)))
		return ocop_set_error(OCOP_EINVAL, "dpi: %g is out of range (%d to %d)", opts->dpi, OCOP_MIN_DPI, OCOP_MAX_DPI);
	if (opts->format < OCOP_FORMAT_AUTO || opts->format > OCOP_FORMAT_ZPL)
		return ocop_set_error(OCOP_EINVAL, "unknown output format %d", (int)opts->format);
	if (opts->creation_time < 0)
		return ocop_set_error(OCOP_EINVAL, "creation_time: %lld is before 1970", opts->creation_time);
	if (opts->qr_ec < OCOP_QR_EC_TEMPLATE || opts->qr_ec > OCOP_QR_EC_H)
		return ocop_set_error(OCOP_EINVAL, "qr_ec: %d is not a QR error correction level (0 the template's, 1 L, 2 M, 3 Q, 4 H)",
		                      opts->qr_ec);
	if (opts->qr_min_module != 0 && !(opts->qr_min_module >= 0.1 && opts->qr_min_module <= 5))
		return ocop_set_error(OCOP_EINVAL, "qr_min_module: %g mm is out of range (0.1 to 5)", opts->qr_min_module);
	if (opts->bwr_unit < OCOP_BWR_TEMPLATE || opts->bwr_unit > OCOP_BWR_PERCENT)
		return ocop_set_error(OCOP_EINVAL, "bwr_unit: %d is not 0 (the template's), 1 (mm) or 2 (%%)", opts->bwr_unit);
	if (opts->bwr_unit != OCOP_BWR_TEMPLATE &&
	    !(opts->bwr >= 0 && (opts->bwr_unit == OCOP_BWR_PERCENT ? opts->bwr <= 50 : opts->bwr <= 0.2)))
		return ocop_set_error(OCOP_EINVAL, "bwr: %g%s is out of range (0 to 0.2 mm, or 0 to 50 %%)", opts->bwr,
		                      opts->bwr_unit == OCOP_BWR_PERCENT ? " %" : " mm");
	return 0;
}

/* TSPL and ZPL: the printer's profile checked against the format, its dpi (or the options'), 1-bit and thermal. */
static int setup_printer(ocop_renderer *r, const ocop_render_options *opts)
{
	ocop_printer_language lang = opts->format == OCOP_FORMAT_TSPL  ? OCOP_PRINTER_TSPL
	                             : opts->format == OCOP_FORMAT_ZPL ? OCOP_PRINTER_ZPL
	                             : opts->format == OCOP_FORMAT_AUTO && opts->printer ? opts->printer->language
	                                                                                 : OCOP_PRINTER_ANY;
	if (lang == OCOP_PRINTER_ANY)
		return 0;
	ocop_printer_profile pr = OCOP_PRINTER_PROFILE_INIT;
	if (opts->printer)
		pr = *opts->printer;
	int err = ocop_printer_profile_check(&pr);
	if (err < 0)
		return ocop_set_error(err, "printer profile%s%s: %s", *pr.name ? " " : "", pr.name, ocop_error_last());
	if (pr.language != OCOP_PRINTER_ANY && pr.language != lang)
		return ocop_set_error(OCOP_EINVAL, "printer profile %s is for %s printers, not %s", *pr.name ? pr.name : "(options)",
		                      ocop_printer_language_name(pr.language), ocop_printer_language_name(lang));
	pr.language = lang;
	if (opts->dpi != 0)
		pr.dpi = (int)lround(opts->dpi);
	if (pr.dpi == 0)
		pr.dpi = 203;
	if (opts->dpi != 0 && pr.dpi != opts->dpi)
		return ocop_set_error(OCOP_EINVAL, "dpi: %g is not a whole number of dots per inch", opts->dpi);
	if (opts->dpi != 0 && (err = ocop_printer_profile_check(&pr)) < 0)
		return err;
	r->lang = lang;
	r->printer = pr;
	r->opts.dpi = pr.dpi;
	r->opts.mono = 1;
	r->opts.thermal = 1;
	return 0;
}

int ocop_renderer_new(ocop_renderer **out, const ocop_template *t, const ocop_render_options *opts)
{
	if (!out || !t)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_new: NULL argument");
	*out = NULL;
	ocop_render_options defaults = OCOP_RENDER_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version == 2) {
		/* a version 2 struct ends before printer: the rest are the defaults */
		memcpy(&defaults, opts, offsetof(ocop_render_options, printer));
		defaults.version = OCOP_RENDER_OPTIONS_VERSION;
		opts = &defaults;
	}
	int err = check_options(opts);
	if (err < 0)
		return err;
	ocop_renderer *r = g_new0(ocop_renderer, 1);
	r->t = t;
	r->ec = g_new0(ocop_elem_cache, t->n_elems ? t->n_elems : 1);
	r->opts = *opts;
	r->opts.logo = NULL;
	r->opts.today = NULL;
	r->opts.resolver = NULL;
	if ((err = setup_printer(r, opts)) < 0) {
		ocop_renderer_free(r);
		return err;
	}
	/* PDF and SVG are made for one printer's dot grid: the dpi option, else
	 * 203 dpi, the coarsest printers (thermal ones): an EAN module of whole
	 * 203-dpi dots is at least 3 dots wide at 300 dpi and 5 at 600, so
	 * finer printers print it within half of their dot */
	r->vector_dpi = r->opts.dpi != 0 ? r->opts.dpi : 203;
	if (r->opts.dpi == 0)
		r->opts.dpi = 300;
	r->diags = ocop_diags_alloc();
	r->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (opts->today) {
		GDate d;
		if (!ocop_parse_date(opts->today, &d)) {
			err = ocop_set_error(OCOP_EINVAL, "today: '%s' is not a date (yyyy-mm-dd)", opts->today);
			goto done;
		}
		r->opts.today = g_strdup_printf("%04u-%02u-%02u", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
	}
	if (opts->resolver && *opts->resolver) {
		char *chk = NULL;
		if ((err = ocop_url_check(&chk, opts->resolver)) < 0) {
			char *m = g_strdup(ocop_error_last());
			err = ocop_set_error(OCOP_EINVAL, "resolver: %s", m);
			g_free(m);
			goto done;
		}
		g_free(chk);
		r->opts.resolver = g_strdup(opts->resolver);
	}
	if ((err = ocop_fonts_setup(r)) < 0)
		goto done;
	if ((err = ocop_layout_check_template(r)) < 0)
		goto done;
	const char *logo = opts->logo;
	for (size_t i = 0; !logo && i < t->n_elems; i++)
		if (t->elems[i].kind == OCOP_ELEM_MARK && t->elems[i].image)
			logo = t->elems[i].image;
	if (logo && (err = ocop_logo_load(r, logo)) < 0)
		goto done;
	r->logo_path = g_strdup(logo);
done:
	if (err < 0) {
		ocop_renderer_free(r);
		return err;
	}
	*out = r;
	return 0;
}

const ocop_diags *ocop_renderer_diags(const ocop_renderer *r) { return r ? r->diags : NULL; }
const ocop_template *ocop_renderer_template(const ocop_renderer *r) { return r->t; }
double ocop_renderer_target_dpi(const ocop_renderer *r) { return r ? r->vector_dpi : 0; }
const ocop_render_options *ocop_renderer_options(const ocop_renderer *r) { return &r->opts; }

int ocop_renderer_clone(ocop_renderer **out, const ocop_renderer *r)
{
	ocop_render_options o = r->opts;
	o.logo = r->logo_path;
	int err = ocop_renderer_new(out, r->t, &o);
	if (err == 0)
		(*out)->vector_dpi = r->vector_dpi; /* (o.dpi is no longer 0 when it was not given) */
	return err;
}

void ocop_renderer_merge_warnings(ocop_renderer *dst, const ocop_renderer *src)
{
	for (size_t i = 0; i < ocop_diags_count(src->diags); i++) {
		const ocop_diag *x = ocop_diags_get(src->diags, i);
		if (x->severity == OCOP_SEVERITY_WARNING)
			ocop_renderer_warn(dst, x->field, x->code, x->message);
	}
}

int ocop_render_draw(ocop_renderer *r, cairo_t *cr, const ocop_record *rec, const char *url, double px_per_mm)
{
	if (!cr)
		return ocop_set_error(OCOP_EINVAL, "ocop_render_draw: NULL cairo context");
	ocop_plan *p = NULL;
	int err = ocop_render_layout(&p, r, rec, url, px_per_mm);
	if (err == 0)
		err = ocop_paint_cairo(r, cr, p);
	ocop_plan_free(p);
	return err;
}

ocop_format ocop_format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return OCOP_FORMAT_AUTO;
	if (g_ascii_strcasecmp(dot, ".pdf") == 0)
		return OCOP_FORMAT_PDF;
	if (g_ascii_strcasecmp(dot, ".png") == 0)
		return OCOP_FORMAT_PNG;
	if (g_ascii_strcasecmp(dot, ".svg") == 0)
		return OCOP_FORMAT_SVG;
	if (g_ascii_strcasecmp(dot, ".tspl") == 0)
		return OCOP_FORMAT_TSPL;
	if (g_ascii_strcasecmp(dot, ".zpl") == 0)
		return OCOP_FORMAT_ZPL;
	return OCOP_FORMAT_AUTO;
}

static double px_for(const ocop_renderer *r, ocop_format fmt)
{
	bool raster = fmt == OCOP_FORMAT_PNG || fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL ||
	              (fmt == OCOP_FORMAT_AUTO && r->lang != OCOP_PRINTER_ANY);
	return raster ? r->opts.dpi / 25.4 : 0;
}

int ocop_renderer_check(ocop_diags **out, ocop_renderer *r, const ocop_record *rec)
{
	if (out)
		*out = NULL;
	if (!r || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_check: NULL argument");
	char *url = NULL;
	double px = px_for(r, r->opts.format);
	int err = ocop_renderer_prepare(r, rec, px, &url, out);
	if (err == 0) {
		/* laid out as for drawing, nothing drawn: mandatory text that does not fit */
		err = ocop_render_layout(NULL, r, rec, url, px);
		if (err == OCOP_EINVALID && out)
			ocop_diags_add_last_error(*out);
	}
	free(url);
	return err;
}

int ocop_renderer_render_file(ocop_renderer *r, const ocop_record *rec, const char *path)
{
	if (!r || !rec || !path)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_file: NULL argument");
	ocop_format fmt = r->opts.format ? r->opts.format : ocop_format_from_path(path);
	if (fmt == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "%s: cannot tell the format; name the file .pdf, .png, .svg, .tspl or .zpl", path);
	if ((fmt == OCOP_FORMAT_TSPL || fmt == OCOP_FORMAT_ZPL) &&
	    r->lang != (fmt == OCOP_FORMAT_TSPL ? OCOP_PRINTER_TSPL : OCOP_PRINTER_ZPL)) {
		const char *lang = fmt == OCOP_FORMAT_TSPL ? "TSPL" : "ZPL";
		return ocop_set_error(OCOP_EINVAL, "%s: a %s job needs a renderer made for %s (its options' format or printer profile)",
		                      path, lang, lang);
	}
	/* check everything before creating any file */
	char *url = NULL;
	int err = ocop_renderer_prepare(r, rec, px_for(r, fmt), &url, NULL);
	if (err < 0)
		return err;
	ocop_tmpfile f;
	if ((err = ocop_tmpfile_open(&f, path)) < 0) {
		free(url);
		return err;
	}
	err = ocop_render_to_sink(r, rec, url, fmt, &f.sink);
	free(url);
	if (err < 0) {
		if (f.sink.err)
			err = ocop_set_error(OCOP_EIO, "%s: cannot write: %s", path, g_strerror(f.sink.err));
		ocop_tmpfile_abort(&f);
		return err;
	}
	return ocop_tmpfile_commit(&f);
}

/* A growing malloc'ed buffer that reports running out of memory instead of aborting. */
typedef struct membuf {
	unsigned char *data;
	size_t len, cap;
	bool oom;
} membuf;

static int membuf_write(void *closure, const unsigned char *data, size_t len)
{
	membuf *m = closure;
	if (len > m->cap - m->len) {
		size_t cap = m->cap ? m->cap : 64 * 1024;
		while (cap - m->len < len) {
			if (cap > SIZE_MAX / 2) {
				m->oom = true;
				return -1;
			}
			cap *= 2;
		}
		unsigned char *p = realloc(m->data, cap);
		if (!p) {
			m->oom = true;
			return -1;
		}
		m->data = p;
		m->cap = cap;
	}
	memcpy(m->data + m->len, data, len);
	m->len += len;
	return 0;
}

int ocop_renderer_render_mem(unsigned char **out, size_t *out_len, ocop_renderer *r, const ocop_record *rec)
{
	if (!out || !out_len || !r || !rec)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_mem: NULL argument");
	*out = NULL;
	*out_len = 0;
	if (r->opts.format == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_mem: set options.format (PDF, PNG or SVG)");
	char *url = NULL;
	int err = ocop_renderer_prepare(r, rec, px_for(r, r->opts.format), &url, NULL);
	if (err < 0)
		return err;
	membuf m = { NULL, 0, 0, false };
	ocop_sink sink = { NULL, NULL, 0, membuf_write, &m };
	err = ocop_render_to_sink(r, rec, url, r->opts.format, &sink);
	free(url);
	if (err < 0 && m.oom)
		err = ocop_set_error(OCOP_ENOMEM, "out of memory for the output (%zu bytes so far)", m.len);
	if (err < 0) {
		free(m.data);
		return err;
	}
	*out = m.data ? m.data : malloc(1);
	if (!*out)
		return ocop_set_error(OCOP_ENOMEM, "out of memory");
	*out_len = m.len;
	return 0;
}

int ocop_renderer_render_stream(ocop_renderer *r, const ocop_record *rec, ocop_write_fn write, void *closure)
{
	if (!r || !rec || !write)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_stream: NULL argument");
	if (r->opts.format == OCOP_FORMAT_AUTO)
		return ocop_set_error(OCOP_EINVAL, "ocop_renderer_render_stream: set options.format (PDF, PNG or SVG)");
	/* everything is checked before the first byte reaches the receiver */
	char *url = NULL;
	int err = ocop_renderer_prepare(r, rec, px_for(r, r->opts.format), &url, NULL);
	if (err < 0)
		return err;
	ocop_sink sink = { NULL, NULL, 0, write, closure };
	err = ocop_render_to_sink(r, rec, url, r->opts.format, &sink);
	free(url);
	if (err < 0 && sink.err)
		err = ocop_set_error(OCOP_EIO, "output: the write callback refused the data; discard what it received");
	return err;
}

int ocop_render_file(const ocop_template *t, const ocop_record *rec, const ocop_render_options *opts, const char *path)
{
	ocop_renderer *r = NULL;
	int err = ocop_renderer_new(&r, t, opts);
	if (err == 0)
		err = ocop_renderer_render_file(r, rec, path);
	ocop_renderer_free(r);
	return err;
}
