/* ocoplabel — the logo image that replaces the built-in OCOP mark: read once, checked, decoded from the bytes read. */
#include "logo.h"
#include "lazy.h"
#include <errno.h>
#include <fcntl.h>
#include <librsvg/rsvg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OCOP_MAX_LOGO_PIXELS (OCOP_MAX_LOGO_SIDE * OCOP_MAX_LOGO_SIDE)

/* librsvg, loaded when an SVG logo is first read (lazy.h) */
#define RSVG_FUNCS(X)                                                                                                  \
	X(rsvg_handle_new_from_data) X(rsvg_handle_get_intrinsic_size_in_pixels) X(rsvg_handle_render_document)
static struct {
	RSVG_FUNCS(OCOP_LAZY_FIELD)
} rsvg;
static const char *const rsvg_names[] = { RSVG_FUNCS(OCOP_LAZY_NAME) NULL };
/* NOTR: a soname and a Debian package */
static ocop_lazy_lib rsvg_lib = OCOP_LAZY_LIB("librsvg-2.so.2", "librsvg2-2", rsvg_names, rsvg);

/* Reads path through one descriptor, at most OCOP_MAX_LOGO_BYTES + 1 bytes: the size is
 * checked on the file opened, and the bytes checked are the bytes decoded. */
static int read_logo(const char *path, unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ocop_set_error(errno == ENOENT ? OCOP_ENOENT : OCOP_EIO, "logo %s: %s", path, g_strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return ocop_set_error(OCOP_EIO, "logo %s: %s", path, g_strerror(e));
	}
	if (S_ISREG(st.st_mode) && st.st_size > OCOP_MAX_LOGO_BYTES) {
		close(fd);
		return ocop_set_error(OCOP_ELIMIT, "logo %s: %s bytes; at most %s are allowed", path,
		                      OCOP_COUNT((unsigned long long)st.st_size), OCOP_COUNT(OCOP_MAX_LOGO_BYTES));
	}
	/* the file's size (one more byte shows that it did not grow), else grown as it comes */
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 64 * 1024, len = 0;
	unsigned char *buf = g_try_malloc(cap);
	if (!buf) {
		close(fd);
		return ocop_set_error(OCOP_ENOMEM, "logo %s: out of memory", path);
	}
	for (;;) {
		if (len == cap) {
			if (cap > OCOP_MAX_LOGO_BYTES)
				break;
			cap = MIN(cap * 2, (size_t)OCOP_MAX_LOGO_BYTES + 1);
			unsigned char *nb = g_try_realloc(buf, cap);
			if (!nb) {
				close(fd);
				g_free(buf);
				return ocop_set_error(OCOP_ENOMEM, "logo %s: out of memory", path);
			}
			buf = nb;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			g_free(buf);
			return ocop_set_error(OCOP_EIO, "logo %s: %s", path, g_strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > OCOP_MAX_LOGO_BYTES) {
		g_free(buf);
		return ocop_set_error(OCOP_ELIMIT, "logo %s: more than %s bytes; at most %s are allowed", path,
		                      OCOP_COUNT(OCOP_MAX_LOGO_BYTES), OCOP_COUNT(OCOP_MAX_LOGO_BYTES));
	}
	*out = buf;
	*out_len = len;
	return 0;
}

typedef struct png_reader {
	const unsigned char *p;
	size_t left;
} png_reader;

static cairo_status_t png_read(void *payload, unsigned char *data, unsigned int len)
{
	png_reader *rd = payload;
	if (len > rd->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, rd->p, len);
	rd->p += len;
	rd->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

static guint32 be32(const unsigned char *p) { return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3]; }

int ocop_logo_load(ocop_renderer *r, const char *path)
{
	unsigned char *data;
	size_t len;
	int err = read_logo(path, &data, &len);
	if (err < 0)
		return err;
	bool png = len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0;
	if (png && len >= 24 && (guint64)be32(data + 16) * be32(data + 20) > OCOP_MAX_LOGO_PIXELS) {
		/* the IHDR's width x height, before the image is decoded into memory */
		err = ocop_set_error(OCOP_ELIMIT, "logo %s: the image has more than %s pixels; scale it down", path,
		                     OCOP_COUNT(OCOP_MAX_LOGO_PIXELS));
	} else if (png) {
		png_reader rd = { data, len };
		r->logo_png = cairo_image_surface_create_from_png_stream(png_read, &rd);
		cairo_status_t st = cairo_surface_status(r->logo_png);
		if (st != CAIRO_STATUS_SUCCESS) {
			err = st == CAIRO_STATUS_NO_MEMORY
			          ? ocop_set_error(OCOP_ENOMEM, "logo %s: out of memory decoding the image", path)
			          : ocop_set_error(OCOP_EPARSE, "logo %s: not a readable PNG image (%s)", path, cairo_status_to_string(st));
			cairo_surface_destroy(r->logo_png);
			r->logo_png = NULL;
		}
	} else if (len > 0 && g_strstr_len((const char *)data, (gssize)MIN(len, 4096), "<svg")) {
		GError *ge = NULL;
		if ((err = ocop_lazy_load(&rsvg_lib, OCOP_EIO)) < 0) {
			char *why = g_strdup(ocop_error_last());
			err = ocop_set_error(OCOP_EIO, "logo %s: %s", path, why);
			g_free(why);
		} else if (!(r->logo_svg = rsvg.rsvg_handle_new_from_data(data, len, &ge))) {
			err = ocop_set_error(OCOP_EPARSE, "logo %s: not a readable SVG image (%s)", path, ge ? ge->message : "?");
			if (ge)
				g_error_free(ge);
		}
	} else {
		err = ocop_set_error(OCOP_EPARSE, "logo %s: not a PNG or SVG image", path);
	}
	g_free(data);
	return err;
}

void ocop_logo_release(ocop_renderer *r)
{
	if (r->logo_png)
		cairo_surface_destroy(r->logo_png);
	if (r->logo_svg)
		g_object_unref(r->logo_svg);
	r->logo_png = NULL;
	r->logo_svg = NULL;
}

void ocop_logo_size(const ocop_renderer *r, double *w, double *h)
{
	*w = *h = 100; /* an SVG without a size of its own */
	if (r->logo_png) {
		*w = cairo_image_surface_get_width(r->logo_png);
		*h = cairo_image_surface_get_height(r->logo_png);
	} else if (r->logo_svg) {
		gdouble sw = 0, sh = 0;
		if (rsvg.rsvg_handle_get_intrinsic_size_in_pixels(r->logo_svg, &sw, &sh) && sw > 0 && sh > 0) {
			*w = sw;
			*h = sh;
		}
	}
}

void ocop_logo_paint(ocop_renderer *r, cairo_t *cr, double x, double y, double w, double h, double scale)
{
	if (r->logo_png) {
		cairo_translate(cr, x, y);
		cairo_scale(cr, scale, scale);
		cairo_set_source_surface(cr, r->logo_png, 0, 0);
		cairo_paint(cr);
	} else if (r->logo_svg) {
		RsvgRectangle vp = { x, y, w * scale, h * scale };
		rsvg.rsvg_handle_render_document(r->logo_svg, cr, &vp, NULL);
	}
}
