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

/* Whether a cell is a plain number (-4, +1.5): a spreadsheet reads it as
 * one, and it runs nothing. */
static int
is_number(const char *s)
{
	int digits = 0, dot = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !dot && digits > 0)
			dot = 1;
		else
			return 0;
	}
	return digits > 0;
}

/* Whether a spreadsheet would take a cell for a formula. */
int
csv_formula(const char *s)
{
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL && !is_number(s);
}

/*
 * Append one field, quoting it if it holds a comma, quote or line break.
 * A cell a spreadsheet would take for a formula (it begins with =, +, -,
 * @, a tab or a carriage return: OWASP's rule), unless it is a plain
 * number, gets a leading apostrophe, which Excel, WPS and LibreOffice
 * show as text; values come from other
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
	formula = !raw && csv_formula(s);
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
