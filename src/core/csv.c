/* CSV as RFC 4180 writes it: commas, CRLF, quotes doubled. */
#include "config.h"

#include <string.h>

#include "csv.h"

static int raw;

/* Write cells as they are (1), or neutralise formulas (0, the default). */
void
csv_raw(int on)
{
	raw = on;
}

/*
 * Append one field, quoting it if it holds a comma, quote or line break.
 * A cell a spreadsheet would take for a formula (it begins with =, +, -,
 * @, a tab or a carriage return: OWASP's rule) gets a leading apostrophe,
 * which Excel, WPS and LibreOffice show as text; values come from other
 * devices too, and a file meant for a spreadsheet must not run what they
 * say.
 */
void
csv_field(struct buf *b, const char *s, int first)
{
	int formula;

	if (!first)
		buf_addc(b, ',');
	if (s == NULL)
		return;
	formula = !raw && *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			buf_addc(b, '\'');
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, (unsigned char)*s);
	}
	buf_addc(b, '"');
}

void
csv_end_row(struct buf *b)
{
	buf_adds(b, "\r\n");
}

void
csv_bom(struct buf *b)
{
	buf_add(b, "\xef\xbb\xbf", 3);
}
