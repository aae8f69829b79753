/* ocoplabel — the workbook container: a zip read with libzip, its parts checked against the documented limits and read whole or in pieces; a cell's name and problems. */
#include "workbook.h"
#include <errno.h>
#include <string.h>
#include <zip.h>

struct ocop_zip {
	zip_t *za;
	char *path;
	long long file_size;
	long long total;          /* uncompressed bytes of the parts opened so far */
	/* the part being streamed */
	zip_file_t *zf;
	char *part;
	long long part_size, part_read;
};

#define MIB (1024.0 * 1024.0)

/* bytes as whole MB, rounded as "%.0f" rounds, written as the language writes a count ("1.024" in Vietnamese) */
static const char *mb(char *buf, size_t size, double bytes)
{
	char digits[32];
	g_snprintf(digits, sizeof digits, "%.0f", bytes / MIB);
	return ocop_format_count(buf, size, g_ascii_strtoull(digits, NULL, 10));
}

/* n as the language writes a count */
static const char *count(char *buf, size_t size, long long n)
{
	return ocop_format_count(buf, size, (unsigned long long)n);
}

/* The workbook file as a libzip source over its FILE (any stream that seeks: a file, or fmemopen
 * for the fuzzer), read in place, never loaded whole. */
typedef struct file_src {
	FILE *fp;
	long long size;
	zip_error_t error;
} file_src;

static zip_int64_t file_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	file_src *fs = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		return fseek(fs->fp, 0, SEEK_SET) == 0 ? 0 : (zip_error_set(&fs->error, ZIP_ER_SEEK, errno), -1);
	case ZIP_SOURCE_READ: {
		size_t n = fread(data, 1, (size_t)len, fs->fp);
		if (n < len && ferror(fs->fp)) {
			zip_error_set(&fs->error, ZIP_ER_READ, errno);
			return -1;
		}
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = (zip_uint64_t)fs->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_SEEK: {
		zip_int64_t to = zip_source_seek_compute_offset((zip_uint64_t)ftell(fs->fp), (zip_uint64_t)fs->size, data, len,
		                                                &fs->error);
		if (to < 0)
			return -1;
		return fseek(fs->fp, (long)to, SEEK_SET) == 0 ? 0 : (zip_error_set(&fs->error, ZIP_ER_SEEK, errno), -1);
	}
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)ftell(fs->fp);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&fs->error, data, len);
	case ZIP_SOURCE_FREE:
		fclose(fs->fp);
		zip_error_fini(&fs->error);
		g_free(fs);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
		                                      ZIP_SOURCE_SUPPORTS, -1);
	default:
		zip_error_set(&fs->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

const char *ocop_zip_path(const ocop_zip *z) { return z->path; }

int ocop_zip_open(ocop_zip **out, FILE *fp, const char *path)
{
	*out = NULL;
	if (fseek(fp, 0, SEEK_END) != 0) {
		fclose(fp);
		return ocop_set_error(OCOP_EIO, "%s: cannot seek (read workbooks from a regular file)", path);
	}
	long long size = ftell(fp);
	rewind(fp);
	if (size > OCOP_WB_MAX_FILE) {
		fclose(fp);
		char is[32], lim[32];
		return ocop_set_error_at(OCOP_ELIMIT, NULL, OCOP_CODE_LIMIT, "%s: the workbook is %s MB, over the limit of %s MB",
		                         path, mb(is, sizeof is, (double)size), mb(lim, sizeof lim, (double)OCOP_WB_MAX_FILE));
	}
	zip_error_t ze;
	zip_error_init(&ze);
	file_src *fs = g_new0(file_src, 1);
	fs->fp = fp;
	fs->size = size;
	zip_error_init(&fs->error);
	zip_source_t *src = zip_source_function_create(file_source, fs, &ze);
	if (!src) {
		fclose(fp);
		zip_error_fini(&fs->error);
		g_free(fs);
		zip_error_fini(&ze);
		return ocop_set_error(OCOP_ENOMEM, "%s: cannot read the workbook", path);
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		int code = zip_error_code_zip(&ze);
		char *why = g_strdup(zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		int err = code == ZIP_ER_MEMORY ? OCOP_ENOMEM : code == ZIP_ER_READ || code == ZIP_ER_SEEK ? OCOP_EIO : OCOP_EPARSE;
		err = ocop_set_error_at(err, NULL, OCOP_CODE_WORKBOOK,
		                        "%s: the workbook is damaged or cut short (its zip container cannot be read: %s); "
		                        "save it again from Excel or LibreOffice, or copy it again", path, why);
		g_free(why);
		return err;
	}
	zip_error_fini(&ze);
	ocop_zip *z = g_new0(ocop_zip, 1);
	z->za = za;
	z->path = g_strdup(path);
	z->file_size = size;
	if (zip_get_num_entries(za, 0) > OCOP_WB_MAX_ENTRIES) {
		char n[32], lim[32];
		int err = ocop_set_error_at(OCOP_ELIMIT, NULL, OCOP_CODE_LIMIT, "%s: the workbook holds %s parts, over the limit "
		                            "of %s", path, count(n, sizeof n, (long long)zip_get_num_entries(za, 0)),
		                            count(lim, sizeof lim, OCOP_WB_MAX_ENTRIES));
		ocop_zip_free(z);
		return err;
	}
	*out = z;
	return 0;
}

static void close_part(ocop_zip *z)
{
	if (z->zf)
		zip_fclose(z->zf);
	z->zf = NULL;
	g_free(z->part);
	z->part = NULL;
}

void ocop_zip_free(ocop_zip *z)
{
	if (!z)
		return;
	close_part(z);
	if (z->za)
		zip_discard(z->za);
	g_free(z->path);
	g_free(z);
}

static zip_int64_t locate(ocop_zip *z, const char *name)
{
	zip_int64_t i = zip_name_locate(z->za, name, 0);
	return i >= 0 ? i : zip_name_locate(z->za, name, ZIP_FL_NOCASE);
}

bool ocop_zip_has(ocop_zip *z, const char *name) { return locate(z, name) >= 0; }

/* Opens part name for reading after the checks that need no decompression: its size against
 * limit, its compression ratio, the total, encryption. */
static int open_part(ocop_zip *z, const char *name, long long limit)
{
	close_part(z);
	zip_int64_t i = locate(z, name);
	if (i < 0)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: the workbook has no part %s (is it damaged?)",
		                         z->path, name);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s: %s", z->path, name,
		                         zip_strerror(z->za));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_ENCRYPTED, "%s: the workbook is password-protected; open it "
		                         "in Excel or LibreOffice, remove the password and save it again", z->path);
	long long size = (long long)st.size, comp = (long long)st.comp_size;
	char a[32], b[32], c[32];
	if (size > limit)
		return ocop_set_error_at(OCOP_ELIMIT, NULL, OCOP_CODE_LIMIT, "%s: the part %s is %s MB uncompressed, over the "
		                         "limit of %s MB", z->path, name, mb(a, sizeof a, (double)size), mb(b, sizeof b, (double)limit));
	if (size > 1024 * 1024 && size / (comp > 0 ? comp : 1) > OCOP_WB_MAX_RATIO)
		return ocop_set_error_at(OCOP_ELIMIT, NULL, OCOP_CODE_LIMIT, "%s: the part %s is compressed %s to 1 (%s MB "
		                         "from %.1f MB), over the limit of %s to 1: not a workbook a spreadsheet program wrote "
		                         "(a zip bomb?)", z->path, name, count(a, sizeof a, size / (comp > 0 ? comp : 1)),
		                         mb(b, sizeof b, (double)size), comp / MIB, count(c, sizeof c, OCOP_WB_MAX_RATIO));
	if (z->total + size > OCOP_WB_MAX_TOTAL)
		return ocop_set_error_at(OCOP_ELIMIT, NULL, OCOP_CODE_LIMIT, "%s: the parts read add up to over %s MB "
		                         "uncompressed (the limit)", z->path, mb(a, sizeof a, (double)OCOP_WB_MAX_TOTAL));
	z->total += size;
	z->zf = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
	if (!z->zf) {
		int code = zip_error_code_zip(zip_get_error(z->za));
		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
			return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_ENCRYPTED, "%s: the workbook is password-protected; "
			                         "open it in Excel or LibreOffice, remove the password and save it again", z->path);
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s: %s", z->path, name,
		                         zip_strerror(z->za));
	}
	z->part = g_strdup(name);
	z->part_size = size;
	z->part_read = 0;
	return 0;
}

static int part_error(ocop_zip *z)
{
	zip_error_t *e = zip_file_get_error(z->zf);
	return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s: the workbook is damaged (%s)", z->path,
	                         z->part, zip_error_strerror(e));
}

int ocop_zip_read(ocop_zip *z, const char *name, char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	int err = open_part(z, name, OCOP_WB_MAX_SMALL_PART);
	if (err < 0)
		return err;
	char *buf = g_malloc((size_t)z->part_size + 1);
	zip_int64_t n = zip_fread(z->zf, buf, (zip_uint64_t)z->part_size);
	if (n != z->part_size) {
		err = part_error(z);
		g_free(buf);
		close_part(z);
		return err;
	}
	buf[n] = 0;
	*data = buf;
	*len = (size_t)n;
	close_part(z);
	return 0;
}

/* ---- a part read in pieces ---- */

int ocop_zip_stream(ocop_zip *z, const char *name, long long limit) { return open_part(z, name, limit); }

long ocop_zip_stream_read(ocop_zip *z, void *buf, size_t len)
{
	if (!z->zf)
		return -1;
	zip_int64_t n = zip_fread(z->zf, buf, (zip_uint64_t)len);
	if (n < 0)
		return -1;
	z->part_read += n;
	return (long)n;
}

void ocop_zip_stream_close(ocop_zip *z)
{
	if (z)
		close_part(z);
}

const char *ocop_zip_part(const ocop_zip *z) { return z->part ? z->part : ""; }

long long ocop_zip_offset(const ocop_zip *z)
{
	if (!z || z->part_size <= 0)
		return -1;
	return (long long)((double)z->part_read / (double)z->part_size * (double)z->file_size);
}

int ocop_too_many_rows(const ocop_rows *s, size_t line)
{
	char lim[32];
	return ocop_set_error_at(OCOP_ELIMIT, NULL, OCOP_CODE_LIMIT, "%s: the sheet '%s' has values in row %zu, beyond the "
	                         "%s rows a worksheet has in Excel and LibreOffice; refused", s->path, s->sheet ? s->sheet : "",
	                         line, count(lim, sizeof lim, OCOP_WB_MAX_ROWS));
}

/* ---- cells ---- */

/* fmt is translated here: callers mark it N_() */
int ocop_cell_problem(const ocop_rows *s, size_t col, size_t line, int *err, const char *fmt, ...)
{
	if (*err)
		return *err;
	char name[24], *where = g_strdup_printf("%s:%zu", s->path, line);
	ocop_cell_name(name, sizeof name, col, line);
	const char *field = s->cols && col < (size_t)s->n_cols ? s->cols[col] : "row";
	va_list ap;
	va_start(ap, fmt);
	char *m = g_strdup_vprintf(_(fmt), ap);
	va_end(ap);
	*err = ocop_set_error_where(OCOP_EPARSE, where, field, OCOP_CODE_CELL, "cell %s: %s", name, m);
	g_free(m);
	g_free(where);
	return *err;
}

void ocop_cell_name(char *buf, size_t size, size_t col, size_t row)
{
	char letters[8];
	int n = 0;
	size_t c = col + 1;
	while (c > 0 && n < (int)sizeof letters) {
		letters[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	char rev[9];
	for (int i = 0; i < n; i++)
		rev[i] = letters[n - 1 - i];
	rev[n] = 0;
	g_snprintf(buf, size, "%s%zu", rev, row);
}

bool ocop_cell_ref(const char *ref, size_t *col, size_t *row)
{
	size_t c = 0, r = 0;
	const char *p = ref;
	if (*p == '$')
		p++;
	int letters = 0;
	while (g_ascii_isalpha(*p) && letters < 3) {
		c = c * 26 + (size_t)(g_ascii_toupper(*p) - 'A' + 1);
		p++;
		letters++;
	}
	if (*p == '$')
		p++;
	int digits = 0;
	while (g_ascii_isdigit(*p) && digits < 8) {
		r = r * 10 + (size_t)(*p - '0');
		p++;
		digits++;
	}
	if (!letters || !digits || *p || r == 0)
		return false;
	*col = c - 1;
	*row = r;
	return true;
}

bool ocop_date_text(char *buf, size_t size, long long days)
{
	/* GDate's Julian days count from 1 January of year 1 (day 1); 1970-01-01 is day 719163 */
	long long j = days + 719163;
	if (j < 1 || j > 3652059)
		return false;
	GDate d;
	g_date_clear(&d, 1);
	g_date_set_julian(&d, (guint32)j);
	g_snprintf(buf, size, "%02d/%02d/%04d", g_date_get_day(&d), g_date_get_month(&d), g_date_get_year(&d));
	return true;
}
