/* Small helpers shared by the core: errors, buffers, hex, UTF-8, time, files. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "xf.h"

/* Fill err with a message; returns -1 so callers can `return xf_error(...)`. */
int
xf_error(struct xf_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = XF_E_OTHER;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* Fill err with a message and say what kind of failure it is. */
int
xf_errorc(struct xf_err *err, enum xf_code code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* A failed system call's errno as a cause: a full disk, or other I/O. */
enum xf_code
xf_errno_code(int e)
{
	return e == ENOSPC || e == EDQUOT ? XF_E_FULL : XF_E_IO;
}

/* Classify the message already in err. */
int
xf_error_code(struct xf_err *err, enum xf_code code)
{
	if (err != NULL)
		err->code = code;
	return -1;
}

/* Put context in front of a message already in err. */
int
xf_error_prefix(struct xf_err *err, const char *fmt, ...)
{
	char prefix[256];
	size_t plen, mlen;
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
	va_end(ap);
	strcat(prefix, ": ");
	plen = strlen(prefix);
	mlen = strnlen(err->msg, sizeof err->msg - 1);
	if (plen + mlen > sizeof err->msg - 1)
		mlen = sizeof err->msg - 1 - plen;
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + mlen] = '\0';
	return -1;
}

/* Append n bytes to a buffer. */
void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append one byte. */
void
buf_addc(struct buf *b, unsigned char c)
{
	buf_add(b, &c, 1);
}

/* Append a C string without its terminator. */
void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append formatted text. */
void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, s);
	free(s);
}

/* Append an unsigned LEB128 integer. */
void
buf_add_varint(struct buf *b, uint64_t v)
{
	while (v >= 0x80) {
		buf_addc(b, (unsigned char)(v | 0x80));
		v >>= 7;
	}
	buf_addc(b, (unsigned char)v);
}

/* Append a big-endian 64-bit integer. */
void
buf_add_u64be(struct buf *b, uint64_t v)
{
	unsigned char p[8];

	store_u64be(p, v);
	buf_add(b, p, 8);
}

/* The buffer as a C string (always terminated). */
const char *
buf_str(struct buf *b)
{
	buf_add(b, "", 0);	/* terminated at len even after len was cut */
	return (const char *)b->data;
}

/* Release a buffer's memory. */
void
buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

/* Read an unsigned LEB128 integer from [*p, end); -1 if short, too long,
 * or not in its shortest form (one value, one encoding). */
int
read_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*p < end && shift < 64) {
		unsigned char c = *(*p)++;

		v |= (uint64_t)(c & 0x7f) << shift;
		if ((c & 0x80) == 0) {
			if ((c == 0 && shift > 0) || (shift == 63 && c > 1))
				return -1;
			*out = v;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

uint64_t
load_u64be(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

void
store_u64be(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

uint32_t
load_u32be(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

void
store_u32be(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void
hex_encode(char *out, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode exactly 2n hex digits into n bytes; -1 on any other input. */
int
hex_decode(unsigned char *out, size_t n, const char *s)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* Whether s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	while (s < end) {
		unsigned c = *s;
		size_t len;
		uint32_t cp, min;

		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else
			return 0;
		if ((size_t)(end - s) < len)
			return 0;
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += len;
	}
	return 1;
}

/* Number of characters (code points) in a valid UTF-8 string. */
size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Whether a code point is a format character that changes how text
 * around it is shown without being seen: the bidirectional marks,
 * embeddings, overrides and isolates (U+202E turns "exe.txt" into
 * "txt.exe" on screen). The zero-width joiner of emoji is not one. */
static int
bidi_control(unsigned cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Whether s (valid UTF-8) holds a control character: C0 (tab and newline
 * included), DEL, C1 (U+0080 to U+009F, which some terminals obey as
 * escape sequences) or a bidirectional control.
 */
int
utf8_has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		unsigned cp;
		int n;

		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f)
				return 1;
			p++;
			continue;
		}
		n = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : 1;
		cp = *p & (0x3f >> n);
		for (int i = 1; i <= n && p[i] != '\0'; i++)
			cp = (cp << 6) | (p[i] & 0x3f);
		if ((cp >= 0x80 && cp <= 0x9f) || bidi_control(cp))
			return 1;
		for (int i = 0; i <= n && *p != '\0'; i++)
			p++;
	}
	return 0;
}

/* The character at the head of s: its bytes, 0 at the end, (size_t)-1 if
 * the bytes are not UTF-8. */
static size_t
utf8_char(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t ps;
	size_t k;

	if (n == 0)
		return 0;
	memset(&ps, 0, sizeof ps);
	k = mbrtowc(wc, s, n, &ps);
	return k == (size_t)-2 ? (size_t)-1 : k;
}

/* Whether a character after a base belongs to its glyph without a joiner:
 * variation selectors, skin tones, combining marks. */
static int
utf8_mark(wchar_t wc)
{
	return wc == 0xFE0E || wc == 0xFE0F ||
	    (wc >= 0x1F3FB && wc <= 0x1F3FF) ||
	    (wc != 0x200D && wc != 0 && wcwidth(wc) == 0);
}

/* One glyph: see xf.h. */
size_t
utf8_glyph(const char *s, size_t n, int *width)
{
	wchar_t wc;
	size_t k = utf8_char(s, n, &wc), at;
	int w, joined = 0;

	*width = 0;
	if (k == 0)
		return 0;
	if (k == (size_t)-1) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc) > 0 ? wcwidth(wc) : 0;
	for (at = k; at < n; at += k) {
		k = utf8_char(s + at, n - at, &wc);
		if (k == 0 || k == (size_t)-1)
			break;
		if (wc == 0x200D) {	/* the next character joins */
			size_t j;

			joined = 1;
			if (at + k < n && (j = utf8_char(s + at + k, n - at - k,
			    &wc)) != 0 && j != (size_t)-1)
				k += j;
			continue;
		}
		if (!utf8_mark(wc))
			break;
		if (wc == 0xFE0F && w == 1)
			w = 2;
	}
	*width = joined ? 2 : w;
	return at;
}

/* Display width of a UTF-8 string in the current locale. */
int
utf8_width(const char *s)
{
	size_t n = strlen(s), k;
	int width = 0, w;

	while ((k = utf8_glyph(s, n, &w)) > 0) {
		width += w;
		s += k;
		n -= k;
	}
	return width;
}

/* Append s in exactly width columns: cut with an ellipsis, or padded;
 * glyphs are kept whole. */
void
utf8_fit(struct buf *out, const char *s, int width)
{
	size_t n = strlen(s), k;
	int used = 0, full = utf8_width(s), w;

	while ((k = utf8_glyph(s, n, &w)) > 0) {
		if (k == 1 && (unsigned char)*s >= 0x80)
			break;	/* not UTF-8: the rest is left out */
		if (used + w > width - (full > width ? 1 : 0))
			break;
		buf_add(out, s, k);
		used += w;
		s += k;
		n -= k;
	}
	if (full > width && used < width) {
		buf_adds(out, "…");
		used++;
	}
	while (used++ < width)
		buf_addc(out, ' ');
}

/* Substring test, ASCII letters compared without case. */
int
str_contains_fold(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return 1;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* The current time in Unix seconds. */
int64_t
time_now(void)
{
	return (int64_t)time(NULL);
}

double
time_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
make_time(int y, int mo, int d, int h, int mi, int s, int64_t *out)
{
	struct tm tm = {0};
	time_t t;

	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

/* How far ahead of now a bare HH:MM may be and still mean today: later
 * than that it means yesterday (23:10 typed at 00:30 is last night). */
#define TIME_BARE_AHEAD (2 * 3600)

/* Copy s into out (n bytes) with what an input method types in full width
 * made ASCII: digits ０-９, colon ：, hyphen －, and the ideographic space;
 * returns -1 when it does not fit. */
static int
time_ascii(const char *s, char *out, size_t n)
{
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';) {
		char c = (char)*p;
		size_t len = 1;

		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
		    p[2] <= 0x9a) {
			/* U+FF10-FF19 and U+FF1A: ':' follows '9' in ASCII too. */
			c = (char)('0' + (p[2] - 0x90));
			len = 3;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8d) {
			c = '-';
			len = 3;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			c = ' ';
			len = 3;
		}
		if (o + 1 >= n)
			return -1;
		out[o++] = c;
		p += len;
	}
	out[o] = '\0';
	return 0;
}

/* The days a word before HH:MM moves the date by, and whether it means the
 * evening; *rest is what follows the word. Returns 0 when s starts with
 * one of the words. */
static int
time_day_word(const char *s, int *days, int *evening, const char **rest)
{
	static const struct {
		const char *word;
		int days, evening;
	} words[] = {
		{"今天", 0, 0}, {"今晚", 0, 1}, {"今早", 0, 0},
		{"昨天", -1, 0}, {"昨晚", -1, 1}, {"前天", -2, 0},
		{"明天", 1, 0}, {"明早", 1, 0}, {"明晚", 1, 1},
		{"today", 0, 0}, {"tonight", 0, 1}, {"yesterday", -1, 0},
		{"tomorrow", 1, 0},
	};

	for (size_t i = 0; i < XF_ARRAY_LEN(words); i++) {
		size_t n = strlen(words[i].word);

		if (strncmp(s, words[i].word, n) == 0) {
			*days = words[i].days;
			*evening = words[i].evening;
			for (*rest = s + n; **rest == ' '; (*rest)++)
				;
			return 0;
		}
	}
	return -1;
}

/* HH:MM on the day that is days away from the day of now. */
static int
time_on_day(int64_t now, int days, int h, int mi, int64_t *out)
{
	time_t tt = (time_t)day_add(now, days);
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return -1;
	return make_time(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, h, mi, 0,
	    out);
}

/*
 * Parse a time as people type it: "now", "YYYY-MM-DD HH:MM[:SS]" (or with a
 * T), "YYYY-MM-DD" (midnight), "HH:MM", "-90m"/"-2h"/"-1d" (ago),
 * "@SECONDS", or a day word and HH:MM: 今天/today, 今晚/tonight (1-11
 * o'clock is the evening), 昨天/昨晚/yesterday, 前天 (two days ago),
 * 明天/tomorrow. Full-width digits, colon and hyphen count as ASCII. A
 * bare HH:MM is today unless that is more than two hours ahead of now:
 * then it is yesterday (a night patrol typed in after midnight).
 */
int
time_parse(const char *in, int64_t now, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, days, evening;
	long long v;
	char unit, sep, s[128];
	const char *r;

	if (time_ascii(in, s, sizeof s) != 0)
		return -1;
	for (r = s; *r == ' '; r++)
		;
	memmove(s, r, strlen(r) + 1);
	if (strcmp(s, "now") == 0 || strcmp(s, "现在") == 0) {
		*out = now;
		return 0;
	}
	if (sscanf(s, "@%lld%n", &v, &n) == 1 && s[n] == '\0' && v >= 0 &&
	    v < TIME_LAST) {
		*out = v;
		return 0;
	}
	if (sscanf(s, "-%lld%c%n", &v, &unit, &n) == 2 && s[n] == '\0' &&
	    v >= 0 && v < 100000) {
		int64_t mul = unit == 'm' ? 60 : unit == 'h' ? 3600 :
		    unit == 'd' ? 86400 : 0;

		if (mul == 0 || now - v * mul < 0)
			return -1;
		*out = now - v * mul;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) {
		r = s + n;
		if (*r == '\0')
			return make_time(y, mo, d, 0, 0, 0, out);
		if (sscanf(r, "%c%2d:%2d%n", &sep, &h, &mi, &n) == 3 &&
		    (sep == ' ' || sep == 'T')) {
			r += n;
			if (*r == ':' && sscanf(r, ":%2d%n", &sec, &n) == 1)
				r += n;
			if (*r == '\0')
				return make_time(y, mo, d, h, mi, sec, out);
		}
		return -1;
	}
	if (time_day_word(s, &days, &evening, &r) == 0) {
		if (sscanf(r, "%2d:%2d%n", &h, &mi, &n) != 2 || r[n] != '\0' ||
		    h < 0 || h > 23)
			return -1;
		if (evening && h >= 1 && h <= 11)
			h += 12;
		return time_on_day(now, days, h, mi, out);
	}
	if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) == 2 && s[n] == '\0') {
		if (time_on_day(now, 0, h, mi, out) != 0)
			return -1;
		if (*out - now > TIME_BARE_AHEAD)
			return time_on_day(now, -1, h, mi, out);
		return 0;
	}
	return -1;
}

/* Parse a date ("YYYY-MM-DD", "today", "+7d") into its canonical form. */
int
date_parse(const char *s, int64_t now, char out[11])
{
	int64_t t;
	long long v;
	int n = 0;

	if (strcmp(s, "today") == 0 || strcmp(s, "今天") == 0)
		t = now;
	else if (sscanf(s, "+%lld%n", &v, &n) == 1 && s[n] == 'd' &&
	    s[n + 1] == '\0' && v >= 0 && v < 100000)
		t = now + v * 86400;
	else {
		int y, mo, d;

		if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
		    s[n] != '\0' || make_time(y, mo, d, 12, 0, 0, &t) != 0)
			return -1;
	}
	date_format(t, out);
	return 0;
}

static void
format_local(int64_t t, const char *fmt, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	/* A time no calendar of ours holds shows as "?", never as garbage. */
	if (localtime_r(&tt, &tm) == NULL || strftime(out, n, fmt, &tm) == 0)
		snprintf(out, n, "?");
}

/* "YYYY-MM-DD HH:MM" in local time. */
void
time_format(int64_t t, char out[20])
{
	format_local(t, "%Y-%m-%d %H:%M", out, 20);
}

/* "YYYY-MM-DD" in local time. */
void
date_format(int64_t t, char out[11])
{
	format_local(t, "%Y-%m-%d", out, 11);
}

/* Local midnight n days after the day holding t (n may be negative). */
int64_t
day_add(int64_t t, int n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_mday += n;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Local midnight that starts a canonical date, or -1. */
int64_t
date_start(const char *date)
{
	int64_t t;

	if (time_parse(date, 0, &t) != 0)
		return -1;
	return t;
}

/* fsync the folder that holds path, so a rename in it is durable. */
int
file_sync_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc = 0;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

/* Remove what a process killed part-way left: PATH TAG PID* of dead PIDs. */
void
file_clear_stale(const char *path, const char *tag)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : path;
	char *prefix = xasprintf("%s%s", base, tag);
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *d;

	if (slash != NULL)
		*slash = '\0';
	d = opendir(slash ? (*dir ? dir : "/") : ".");
	while (d != NULL && (de = readdir(d)) != NULL) {
		long pid;
		char *full;

		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		pid = strtol(de->d_name + plen, NULL, 10);
		if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
			full = xasprintf("%s/%s", slash ? (*dir ? dir : "") :
			    ".", de->d_name);
			unlink(full);
			free(full);
		}
	}
	if (d != NULL)
		closedir(d);
	free(prefix);
	free(dir);
}

/* Say why writing path (through tmp) failed; a full disk by its name. */
static void
write_failed(struct xf_err *err, const char *path, const char *tmp, int e)
{
	if (e == ENOSPC || e == EDQUOT)
		xf_errorc(err, XF_E_FULL, _("cannot write %s: the disk is "
		    "full; free some space there or write the file elsewhere "
		    "(nothing was written)"), path);
	else
		xf_errorc(err, XF_E_IO, _("cannot write %s: %s (is the disk "
		    "full?)"), tmp, strerror(e));
}

/* Give a finished file its final name, and make the rename last through
 * a power cut by flushing the folder. */
int
file_rename(const char *from, const char *to, struct xf_err *err)
{
	if (rename(from, to) != 0)
		return xf_error(err, _("cannot rename %s to %s: %s"), from, to,
		    strerror(errno));
	file_sync_dir(to);
	return 0;
}

/* Whether a file may be published under the name: nothing there, a
 * regular file or a link (the rename replaces the link itself). A device
 * node, FIFO, socket or folder is refused, never replaced: root exporting
 * to /dev/null must not turn the system's null device into a file. */
static int
target_ok(const char *path, struct xf_err *err)
{
	struct stat sb;

	if (lstat(path, &sb) != 0 || S_ISREG(sb.st_mode) ||
	    S_ISLNK(sb.st_mode))
		return 0;
	return xf_error(err, _("%s is not a regular file: name a file to "
	    "write, or - for standard output"), path);
}

/*
 * Write a whole file crash-safely: a temporary name in the same folder,
 * fsync, rename over the target, fsync the folder.
 */
int
file_write_atomic(const char *path, const void *data, size_t len, int mode,
    struct xf_err *err)
{
	char *tmp;
	const unsigned char *p = data;
	int fd;

	if (target_ok(path, err) != 0)
		return -1;
	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	file_clear_stale(path, ".tmp-");
	/* A fresh file, never one found under the name: a link planted there
	 * in a shared folder must not lead the write elsewhere. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd < 0) {
		xf_error(err, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			write_failed(err, path, tmp, n < 0 ? errno : ENOSPC);
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0) {
		if (errno == ENOSPC || errno == EDQUOT)
			write_failed(err, path, tmp, errno);
		else
			xf_errorc(err, XF_E_IO, _("cannot flush %s to disk: "
			    "%s"), tmp, strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	/* Again just before the rename, for a node made meanwhile. */
	if (target_ok(path, err) != 0 || file_rename(tmp, path, err) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

/* Whether an output name means standard output. */
int
file_is_stdout(const char *path)
{
	return strcmp(path, "-") == 0;
}

/* Write data to standard output, all of it. */
static int
write_stdout(const unsigned char *p, size_t len, struct xf_err *err)
{
	if (isatty(STDOUT_FILENO))
		return xf_error(err, _("standard output is a terminal: send it "
		    "to a file or a program (> FILE, | COMMAND), or name a file "
		    "with -o"));
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return xf_error(err, _("cannot write to standard output: "
			    "%s"), n < 0 ? strerror(errno) : _("nothing was "
			    "written"));
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write what a command's -o names: "-" is standard output, any other name
 * a file written with file_write_atomic. */
int
file_write_out(const char *path, const void *data, size_t len, int mode,
    struct xf_err *err)
{
	if (file_is_stdout(path))
		return write_stdout(data, len, err);
	return file_write_atomic(path, data, len, mode, err);
}

/* Read the rest of open file fd (named path in messages), at most max
 * bytes, NUL-terminated; fd stays open. */
int
file_read_fd(int fd, const char *path, unsigned char **out, size_t *outlen,
    size_t max, struct xf_err *err)
{
	struct buf b = {0};
	unsigned char chunk[65536];
	struct stat sb;
	ssize_t n;

	/* A regular file is refused by its size before a byte is read, and
	 * read into one buffer of that size rather than one doubled past
	 * it: a large file dropped in a watched folder costs no more. */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if ((uint64_t)sb.st_size > max)
			return xf_error(err, _("%s is too large (over %zu bytes)"),
			    path, max);
		b.cap = (size_t)sb.st_size + 1;
		b.data = xmalloc(b.cap);
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len + (size_t)n > max) {
			buf_free(&b);
			return xf_error(err, _("%s is too large (over %zu bytes)"),
			    path, max);
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (n < 0) {
		buf_free(&b);
		return xf_error(err, _("cannot read %s: %s"), path,
		    strerror(errno));
	}
	buf_add(&b, "", 0);
	*out = b.data;
	*outlen = b.len;
	return 0;
}

/* Read a whole file of at most max bytes. */
int
file_read(const char *path, unsigned char **out, size_t *outlen, size_t max,
    struct xf_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), rc;
	struct stat sb;

	if (fd < 0)
		return xf_error(err, _("cannot open %s: %s"), path,
		    strerror(errno));
	/* A FIFO with no writer, a terminal or a device would be read
	 * forever, or hang the open: only a file is taken. */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return xf_error(err, _("%s is not a regular file (a folder, a "
		    "FIFO or a device): give the file itself"), path);
	}
	rc = file_read_fd(fd, path, out, outlen, max, err);
	close(fd);
	return rc;
}

/* mkdir -p for the folders above path (not path itself). */
int
mkdir_parents(const char *path, int mode, struct xf_err *err)
{
	char *dir = xstrdup(path);

	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, (mode_t)mode) != 0 && errno != EEXIST) {
			xf_error(err, _("cannot create folder %s: %s"), dir,
			    strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

/* Have handler catch two signals, without SA_RESTART, so that a wait
 * returns when one comes. */
void
catch_signals(void (*handler)(int), int sig1, int sig2)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig1, &sa, NULL);
	sigaction(sig2, &sa, NULL);
}

/* qsort that accepts an empty array with no storage (qsort's pointer
 * must not be NULL even for none). */
void
sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *,
    const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
