/* ocoplabel — serial numbers (GS1 AI 21) from a printf-like format. */
#include "core.h"
#include <string.h>

int ocop_serial_format(char *buf, size_t size, const char *format, unsigned long long n)
{
	if (!buf || !format)
		return ocop_set_error(OCOP_EINVAL, "ocop_serial_format: NULL argument");
	GString *s = g_string_new(NULL);
	int conversions = 0, err = 0;
	for (const char *p = format; *p && !err; p++) {
		if (*p != '%') {
			g_string_append_c(s, *p);
			continue;
		}
		if (p[1] == '%') {
			g_string_append_c(s, '%');
			p++;
			continue;
		}
		const char *q = p + 1;
		while (*q == '0')
			q++;
		int width = 0;
		while (g_ascii_isdigit(*q) && width <= 20)
			width = width * 10 + (*q++ - '0');
		if ((*q != 'd' && *q != 'u') || width > 20 || conversions++)
			err = ocop_set_error(OCOP_EINVAL, "serial format '%s': use literal text and one %%d or %%0Nd (N up to 20)", format);
		else
			g_string_append_printf(s, "%0*llu", width, n);
		p = q;
	}
	if (!err && conversions == 0)
		err = ocop_set_error(OCOP_EINVAL, "serial format '%s' has no %%d for the number", format);
	if (!err && (err = ocop_cset82_check("serial", _("a serial number (AI 21)"), s->str)) == 0 && s->len >= size)
		err = ocop_set_error(OCOP_ELIMIT, "serial '%s' does not fit the buffer", s->str);
	if (!err)
		memcpy(buf, s->str, s->len + 1);
	g_string_free(s, TRUE);
	return err;
}
