/*
 * What record.c and record-seal.c share: the parts of a restricted value
 * (one sealed part a line), opening one, and the sealing and checks a
 * write makes. No other module sees these.
 */
#ifndef RECORD_INT_H
#define RECORD_INT_H

#include "record.h"

/* The length of the part of a value that starts at p. */
size_t part_len(const char *p);
/* The part after the one at p of length n, or the value's end. */
const char *part_next(const char *p, size_t n);
/* Whether p[0..n) is one well-formed sealed part: FIELD_SEALED, hex. */
int sealed_part_ok(const char *p, size_t n);
/* Open one sealed part with the restricted key (by_id: with the identity
 * key, for a part in transit); 0 with its plain text in out. */
int open_part(const struct vault *v, int by_id, const char *p, size_t n,
    struct buf *out);

/* Encode a version's body, sealing its restricted values. */
int encode_body(struct store *st, const struct kind *k, char *const *vals,
    const char *reason, struct buf *body, struct xf_err *err);
/* Whether every part of old is a part of val. */
int keeps_parts(const char *old, const char *val);
/* An edit by an account that cannot read a restricted value carries it
 * as it is (see record-seal.c). */
int check_sealed_kept(const struct kind *k, const struct rec_list *h,
    const unsigned char (*parents)[VID_LEN], int nparents, char *const *vals,
    struct xf_err *err);

#endif
