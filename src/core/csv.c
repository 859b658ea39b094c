/* CSV as RFC 4180 writes it: commas, CRLF, quotes doubled. */
#include "config.h"

#include <string.h>

#include "csv.h"

/* Append one field, quoting it if it holds a comma, quote or line break. */
void
csv_field(struct buf *b, const char *s, int first)
{
	if (!first)
		buf_addc(b, ',');
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
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
