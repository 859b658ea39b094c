/*
 * Identity text: "XFID:3:<role>:<demo>:" then RFC 4648 Base32 (no padding)
 * of the Ed25519 key, the X25519 key, the restricted X25519 key, the
 * store's name (one length byte, then 1..96 bytes of UTF-8) and a 4-byte
 * check; format 2 had no name, format 1 no restricted key either.
 * Uppercase letters, digits and ':' only, so a QR code in alphanumeric
 * mode carries it. The restricted key is in the fingerprint people compare
 * aloud, so one swapped on the way does not go unseen, and so is the name
 * (a device sends to the station by it): an identity without one has the
 * fingerprint of the same keys in format 2.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "identity.h"
#include "vault-sync.h"

#define ID_PREFIX "XFID:"
#define ID_KEYS_MAX (3 * 32)
#define ID_BODY_MAX (ID_KEYS_MAX + 1 + IDENTITY_NAME_MAX)
#define ID_RAW_MAX (ID_BODY_MAX + 4)

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* The 4-byte check over the prefix, the keys and the name. */
static void
id_check(const char *prefix, const unsigned char *keys, size_t klen,
    unsigned char out[4])
{
	unsigned char m[16 + ID_BODY_MAX], h[16];
	size_t n = strlen(prefix);

	memcpy(m, prefix, n);
	memcpy(m + n, keys, klen);
	vsync_hash_ctx("xunfang-identity", m, n + klen, h, sizeof h);
	memcpy(out, h, 4);
}

/* Copy a name into an identity, cut at a character boundary to fit. */
static void
name_copy(char out[IDENTITY_NAME_MAX + 1], const char *name)
{
	size_t n = strlen(name);

	if (n > IDENTITY_NAME_MAX) {
		n = IDENTITY_NAME_MAX;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, name, n);
	out[n] = '\0';
}

/* The format an identity is written in: 3 with a name, 2 without. */
static int
id_format(const struct identity *id)
{
	return !id->has_rkey ? 1 : id->name[0] != '\0' ? 3 : 2;
}

/* This store's role, demo mark, public keys and name. */
void
identity_self(struct store *st, struct identity *id)
{
	memset(id, 0, sizeof *id);
	id->role = store_role(st);
	id->demo = store_is_demo(st);
	vault_id_public(store_vault(st), id->sign_pk, id->box_pk, id->keyid);
	id->has_rkey = store_restricted_pk(st, id->rkey) == 0;
	name_copy(id->name, store_name(st));
}

/* The keys an identity's text carries, laid end to end; their length. */
static size_t
id_keys(const struct identity *id, unsigned char *out)
{
	memcpy(out, id->sign_pk, 32);
	memcpy(out + 32, id->box_pk, 32);
	if (!id->has_rkey)
		return 64;
	memcpy(out + 64, id->rkey, 32);
	return 96;
}

/* What the text carries before the check: the keys, then in format 3
 * the name's length and bytes; its length. */
static size_t
id_body(const struct identity *id, unsigned char *out)
{
	size_t n = id_keys(id, out), nl = strlen(id->name);

	if (id_format(id) != 3)
		return n;
	out[n] = (unsigned char)nl;
	memcpy(out + n + 1, id->name, nl);
	return n + 1 + nl;
}

/* RFC 4648 Base32 without padding. */
void
b32_encode(const unsigned char *p, size_t n, struct buf *out)
{
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			buf_addc(out, (unsigned char)b32[(acc >> (bits - 5)) & 31]);
			bits -= 5;
		}
	}
	if (bits > 0)
		buf_addc(out, (unsigned char)b32[(acc << (5 - bits)) & 31]);
}

/* Decode exactly n bytes from Base32 text of the matching length. */
int
b32_decode(const char *s, size_t len, unsigned char *out, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	if (len != (n * 8 + 4) / 5)
		return -1;
	for (size_t i = 0; i < len; i++) {
		const char *c = memchr(b32, toupper((unsigned char)s[i]), 32);

		if (c == NULL || s[i] == '\0')
			return -1;
		acc = (acc << 5) | (uint32_t)(c - b32);
		bits += 5;
		if (bits >= 8) {
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (acc & ((1u << bits) - 1)) == 0 ? 0 : -1;
}

/* The "XFID:2:S:R:" prefix of an identity. */
static void
id_prefix(const struct identity *id, char out[16])
{
	snprintf(out, 16, ID_PREFIX "%c:%c:%c:", '0' + id_format(id),
	    id->role == ROLE_STATION ? 'S' : 'D', id->demo ? 'T' : 'R');
}

/* The one-line text of an identity. */
void
identity_encode(const struct identity *id, struct buf *out)
{
	unsigned char raw[ID_RAW_MAX];
	char prefix[16];
	size_t n = id_body(id, raw);

	id_prefix(id, prefix);
	id_check(prefix, raw, n, raw + n);
	buf_adds(out, prefix);
	b32_encode(raw, n + 4, out);
}

/* Read the name of a format 3 identity from (pointer, length), what
 * follows the keys up to the check; -1 if it is not one line of text. */
static int
id_name_parse(const unsigned char *p, size_t len, struct identity *id)
{
	if (len < 2 || p[0] == 0 || p[0] > IDENTITY_NAME_MAX ||
	    (size_t)p[0] + 1 != len)
		return -1;
	memcpy(id->name, p + 1, p[0]);
	id->name[p[0]] = '\0';
	if (strlen(id->name) != p[0] || !utf8_valid(id->name, p[0]) ||
	    utf8_has_control(id->name))
		return -1;
	return 0;
}

/* The bytes the Base32 text after the prefix holds: fixed for formats 1
 * and 2, from its length for format 3; 0 when it cannot be one. */
static size_t
id_raw_len(int format, size_t chars)
{
	size_t n = chars * 5 / 8;

	if (format == 1)
		return 64 + 4;
	if (format == 2)
		return 96 + 4;
	return n > ID_RAW_MAX || n < 96 + 2 + 4 ? 0 : n;
}

/* Parse "XFID:3:S:R:BASE32" (or formats 1 and 2); the check catches a
 * mistyped character. */
int
identity_parse(const char *s, size_t len, struct identity *id,
    struct xf_err *err)
{
	unsigned char raw[ID_RAW_MAX], check[4];
	char prefix[16];
	size_t pl = strlen(ID_PREFIX) + 6, n, keys;
	int format;

	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	memset(id, 0, sizeof *id);
	if (len < pl || strncasecmp(s, ID_PREFIX, strlen(ID_PREFIX)) != 0 ||
	    s[5] < '1' || s[5] > '3' || s[6] != ':')
		return xf_error(err, _("this is not a xunfang identity (it "
		    "should start with %s); export one with `xunfang id "
		    "--export FILE`"), "XFID:3:");
	format = s[5] - '0';
	id->has_rkey = format >= 2;
	keys = id->has_rkey ? 96 : 64;
	s += strlen(ID_PREFIX) + 2;
	if ((toupper((unsigned char)s[0]) != 'S' &&
	    toupper((unsigned char)s[0]) != 'D') || s[1] != ':' ||
	    (toupper((unsigned char)s[2]) != 'R' &&
	    toupper((unsigned char)s[2]) != 'T') || s[3] != ':')
		return xf_error(err, _("the identity's role or demo mark is "
		    "damaged; export it again"));
	id->role = toupper((unsigned char)s[0]) == 'S' ? ROLE_STATION :
	    ROLE_DEVICE;
	id->demo = toupper((unsigned char)s[2]) == 'T';
	n = id_raw_len(format, len - pl);
	if (n == 0 || b32_decode(s + 4, len - pl, raw, n) != 0)
		return xf_error(err, _("the identity's key text is damaged or "
		    "cut short; export it again"));
	n -= 4;
	snprintf(prefix, sizeof prefix, ID_PREFIX "%d:%c:%c:", format,
	    id->role == ROLE_STATION ? 'S' : 'D', id->demo ? 'T' : 'R');
	id_check(prefix, raw, n, check);
	if (memcmp(check, raw + n, 4) != 0)
		return xf_error(err, _("the identity's check digits do not "
		    "match: a character was changed; export it again"));
	if (format == 3 && id_name_parse(raw + keys, n - keys, id) != 0)
		return xf_error(err, _("the identity's name is damaged; export "
		    "it again"));
	memcpy(id->sign_pk, raw, 32);
	memcpy(id->box_pk, raw + 32, 32);
	if (id->has_rkey)
		memcpy(id->rkey, raw + 64, 32);
	vault_keyid(id->sign_pk, id->box_pk, id->keyid);
	return 0;
}

/* Digits two people can read aloud to each other to compare keys. */
void
identity_fingerprint(const struct identity *id, char out[IDENTITY_FP_LEN])
{
	unsigned char body[ID_BODY_MAX], h[30];
	char *p = out;

	vsync_hash_ctx("xunfang-fingerprint", body, id_body(id, body), h, 30);
	for (int g = 0; g < 6; g++) {
		uint64_t v = 0;

		for (int i = 0; i < 5; i++)
			v = (v << 8) | h[g * 5 + i];
		p += sprintf(p, "%s%05u", g ? " " : "", (unsigned)(v % 100000));
	}
}

/* A key id as people read it: uppercase hex. */
void
keyid_hex(const unsigned char *keyid, char out[2 * VAULT_KEYID_LEN + 1])
{
	hex_encode(out, keyid, VAULT_KEYID_LEN);
	for (char *p = out; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

/* Up to 16 hex digits into keyid (rest zero); the digit count or -1. */
int
keyid_prefix(const char *s, unsigned char *keyid)
{
	size_t n = strlen(s);

	memset(keyid, 0, VAULT_KEYID_LEN);
	if (n < 4 || n > 2 * VAULT_KEYID_LEN ||
	    strspn(s, "0123456789abcdefABCDEF") != n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int c = tolower((unsigned char)s[i]);
		int v = c <= '9' ? c - '0' : c - 'a' + 10;

		keyid[i / 2] |= (unsigned char)(i % 2 ? v : v << 4);
	}
	return (int)n;
}
