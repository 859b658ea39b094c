/* Base45 (RFC 9285): two bytes become three QR alphanumeric characters. */
#include "config.h"

#include <string.h>

#include "base45.h"

static const char b45_chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* Characters that n bytes take in Base45. */
size_t
base45_encoded_len(size_t n)
{
	return n / 2 * 3 + (n % 2) * 2;
}

/* Bytes that a Base45 text of chars characters can hold. */
size_t
base45_capacity(size_t chars)
{
	return chars / 3 * 2 + (chars % 3 == 2 ? 1 : 0);
}

/* Append the Base45 text of (p, n). */
void
base45_encode(struct buf *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned v = (unsigned)p[i] * 256 + p[i + 1];

		buf_addc(out, (unsigned char)b45_chars[v % 45]);
		buf_addc(out, (unsigned char)b45_chars[v / 45 % 45]);
		buf_addc(out, (unsigned char)b45_chars[v / 2025]);
	}
	if (i < n) {
		buf_addc(out, (unsigned char)b45_chars[p[i] % 45]);
		buf_addc(out, (unsigned char)b45_chars[p[i] / 45]);
	}
}

/* The value of one Base45 character, or -1. */
static int
b45_value(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(b45_chars, c)) == NULL)
		return -1;
	return (int)(p - b45_chars);
}

/* Append the bytes of a Base45 text; -1 on a bad character or value. */
int
base45_decode(struct buf *out, const char *s, size_t n)
{
	size_t i;

	if (n % 3 == 1)
		return -1;
	for (i = 0; i < n; i += 3) {
		int a = b45_value(s[i]), b = b45_value(s[i + 1]), c;
		unsigned v;

		if (a < 0 || b < 0)
			return -1;
		if (i + 2 >= n) {
			v = (unsigned)(a + b * 45);
			if (v > 255)
				return -1;
			buf_addc(out, (unsigned char)v);
			break;
		}
		if ((c = b45_value(s[i + 2])) < 0)
			return -1;
		v = (unsigned)(a + b * 45 + c * 2025);
		if (v > 65535)
			return -1;
		buf_addc(out, (unsigned char)(v >> 8));
		buf_addc(out, (unsigned char)(v & 0xff));
	}
	return 0;
}
