/* Common definitions for the xunfang core library. */
#ifndef XF_H
#define XF_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(a, b, n) ((n) == 1 ? (a) : (b))
#endif
#define N_(s) (s)

#define XF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define XF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What kind of failure an error is, for callers that act on the cause
 * (the unlock screen says "disabled" rather than "wrong passphrase"). */
enum xf_code {
	XF_E_OTHER,	/* none of those below */
	XF_E_AUTH,	/* wrong user name or passphrase */
	XF_E_DISABLED,	/* the account is disabled */
	XF_E_WIPED,	/* the keys were wiped after too many wrong tries */
	XF_E_NOTFOUND,	/* no such store, account or record */
	XF_E_AMBIGUOUS,	/* several accounts: a user name is needed */
	XF_E_IO,	/* reading or writing a file or the database failed */
	XF_E_FULL,	/* the disk is full */
	XF_E_REFUSED,	/* the account's role may not do this */
	XF_E_TAMPERED,	/* the file was changed outside xunfang */
	XF_E_VERSION,	/* made by another version of xunfang */
	XF_E_MEMORY,	/* no protected memory for a key */
	XF_E_BUSY,	/* another xunfang kept the store busy too long */
};

/* An error: a message that names what went wrong and what to do, and
 * its kind. */
struct xf_err {
	enum xf_code code;
	char msg[512];
};

/* Fill err with a formatted message, code XF_E_OTHER; returns -1. */
int xf_error(struct xf_err *, const char *, ...) XF_PRINTF(2, 3);
/* The same with a code. */
int xf_errorc(struct xf_err *, enum xf_code, const char *, ...)
    XF_PRINTF(3, 4);
/* Set the code of the message already in err; returns -1. */
int xf_error_code(struct xf_err *, enum xf_code);
/* XF_E_FULL for an errno that means a full disk (or quota), else XF_E_IO. */
enum xf_code xf_errno_code(int);
/* Put a prefix in front of an existing message; returns -1. */
int xf_error_prefix(struct xf_err *, const char *, ...) XF_PRINTF(2, 3);

/* Allocation that never returns NULL (see xmalloc.c). */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) XF_PRINTF(1, 2);
char *xvasprintf(const char *, va_list);
/* Called before abort() when memory runs out, so a terminal can be restored. */
void xmalloc_set_fatal_hook(void (*)(void));

/* A growable byte buffer. */
struct buf {
	unsigned char *data;
	size_t len, cap;
};
void buf_add(struct buf *, const void *, size_t);
void buf_addc(struct buf *, unsigned char);
void buf_adds(struct buf *, const char *);
void buf_addf(struct buf *, const char *, ...) XF_PRINTF(2, 3);
void buf_add_varint(struct buf *, uint64_t);
void buf_add_u64be(struct buf *, uint64_t);
const char *buf_str(struct buf *);
void buf_free(struct buf *);

/* Strict readers over (pointer, length): -1 when the input is short. */
int read_varint(const unsigned char **, const unsigned char *, uint64_t *);
uint64_t load_u64be(const unsigned char *);
void store_u64be(unsigned char *, uint64_t);
uint32_t load_u32be(const unsigned char *);
void store_u32be(unsigned char *, uint32_t);

/* Hex */
void hex_encode(char *, const unsigned char *, size_t);
int hex_decode(unsigned char *, size_t, const char *);

/* UTF-8 */
int utf8_valid(const char *, size_t);
size_t utf8_chars(const char *);
int utf8_has_control(const char *);
/* Columns a string takes on a terminal, glyph by glyph (utf8_glyph). */
int utf8_width(const char *);
/* Bytes of the glyph at the head of s (n bytes, 0 at the end) and its
 * columns in *width: a character with the combining marks, variation
 * selectors and skin tones after it, and the characters a zero-width
 * joiner (U+200D) joins to it. Selector 16 (U+FE0F) makes a narrow
 * character two columns, a joined sequence is two columns, combining
 * marks none; a byte that is not UTF-8 is one glyph of one column. */
size_t utf8_glyph(const char *s, size_t n, int *width);
/* Append s cut to width columns (… if cut), padded with spaces to width. */
void utf8_fit(struct buf *, const char *s, int width);
int str_contains_fold(const char *, const char *);

/* Time: values are Unix seconds; shown and parsed in local time. */
int64_t time_now(void);
/* Seconds on a clock that does not jump, for intervals. */
double time_mono(void);
int time_parse(const char *, int64_t now, int64_t *);
int date_parse(const char *, int64_t now, char out[11]);
void time_format(int64_t, char out[20]);
void date_format(int64_t, char out[11]);
/* Have handler catch two signals, without SA_RESTART, so that a wait
 * returns when one comes. */
void catch_signals(void (*handler)(int), int sig1, int sig2);
/* Seconds of 9999-12-30 UTC: later times would not format as they
 * parse, so no time a field holds reaches it. */
#define TIME_LAST 253402128000LL
int64_t date_start(const char *);
/* Local midnight n days after the day holding t (n may be negative). */
int64_t day_add(int64_t t, int n);
void sort_n(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *));

/* Files */
int file_write_atomic(const char *, const void *, size_t, int mode,
    struct xf_err *);
/* What -o names: "-" for standard output, else file_write_atomic. */
int file_write_out(const char *, const void *, size_t, int mode,
    struct xf_err *);
int file_is_stdout(const char *);
int file_read(const char *, unsigned char **, size_t *, size_t max,
    struct xf_err *);
/* The rest of an open file (path names it in messages); fd stays open. */
int file_read_fd(int fd, const char *path, unsigned char **, size_t *,
    size_t max, struct xf_err *);
int file_sync_dir(const char *);
/* rename(2), then flush the folder; err names both on failure. */
int file_rename(const char *from, const char *to, struct xf_err *);
/* Remove PATH TAG PID* files that processes no longer alive left behind. */
void file_clear_stale(const char *path, const char *tag);
int mkdir_parents(const char *, int mode, struct xf_err *);

#endif
