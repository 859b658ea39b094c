/* Base45 (RFC 9285): bytes as QR alphanumeric characters. */
#ifndef BASE45_H
#define BASE45_H

#include "xf.h"

/* Characters that Base45 turns n bytes into. */
size_t base45_encoded_len(size_t n);
/* Bytes that fit in a Base45 text of at most chars characters. */
size_t base45_capacity(size_t chars);
/* Append the Base45 text of (p, n) to out. */
void base45_encode(struct buf *out, const unsigned char *p, size_t n);
/* Append the bytes of the Base45 text (s, n) to out; -1 if it is not Base45. */
int base45_decode(struct buf *out, const char *s, size_t n);

#endif
