/*
 * An LD_PRELOAD shim for the crash and full-disk tests; it is built only
 * for `make check` and never installed.
 *
 *   XF_IO_COUNT=FILE    at exit, write to FILE how many calls that change
 *                       files (open for writing, write, fsync, truncate,
 *                       rename, unlink) the process made
 *   XF_KILL_AT=N        SIGKILL the process just before its N-th such call
 *   XF_KILL_TORN=1      if that call is a write, let half of it through
 *                       first (a write cut short by the crash)
 *   XF_ENOSPC_DIR=DIR   writes to files under DIR fail with ENOSPC once
 *   XF_ENOSPC_AFTER=B   B bytes in all went to files under DIR (default
 *                       0); the write that crosses the limit is short
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long calls, kill_at = -1;
static int torn;
static long long budget = -1;
static const char *full_dir;
static size_t full_dir_len;

/* The next function of that name after this library. */
static void *
next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (f == NULL)
		abort();
	return f;
}

/* Read the settings once, before main. */
__attribute__((constructor)) static void
setup(void)
{
	const char *s;

	if ((s = getenv("XF_KILL_AT")) != NULL && *s != '\0')
		kill_at = atol(s);
	torn = (s = getenv("XF_KILL_TORN")) != NULL && *s == '1';
	if ((s = getenv("XF_ENOSPC_DIR")) != NULL && *s != '\0') {
		full_dir = s;
		full_dir_len = strlen(s);
		s = getenv("XF_ENOSPC_AFTER");
		budget = s != NULL ? atoll(s) : 0;
	}
}

/* Write the count of calls to XF_IO_COUNT at exit. */
__attribute__((destructor)) static void
report(void)
{
	const char *f = getenv("XF_IO_COUNT");
	ssize_t (*w)(int, const void *, size_t) = next("write");
	int (*o)(const char *, int, ...) = next("open");
	char line[32];
	int fd, n;

	if (f == NULL || *f == '\0')
		return;
	fd = o(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof line, "%ld\n", calls);
	if (w(fd, line, (size_t)n) < 0)
		n = 0;
	close(fd);
}

/* Count one call that changes a file; 1 if it is the one to die at. */
static int
step(void)
{
	return ++calls == kill_at;
}

/* End the process as a crash would. */
static void
die(void)
{
	kill(getpid(), SIGKILL);
}

/* Whether fd is a file under XF_ENOSPC_DIR. */
static int
under_full_dir(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	if (full_dir == NULL)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return strncmp(path, full_dir, full_dir_len) == 0 &&
	    (path[full_dir_len] == '/' || path[full_dir_len] == '\0');
}

/* How many of len bytes may go to fd; -1 with ENOSPC when none. */
static ssize_t
allow(int fd, size_t len)
{
	if (!under_full_dir(fd) || len == 0)
		return (ssize_t)len;
	if (budget <= 0) {
		errno = ENOSPC;
		return -1;
	}
	if ((long long)len > budget)
		len = (size_t)budget;
	budget -= (long long)len;
	return (ssize_t)len;
}

/* write, short or failing on a full disk; a kill point. */
ssize_t
write(int fd, const void *p, size_t len)
{
	static ssize_t (*f)(int, const void *, size_t);
	ssize_t n;

	if (f == NULL)
		f = next("write");
	if (step()) {
		ssize_t half = torn ? f(fd, p, len / 2) : 0;

		(void)half;
		die();
	}
	if ((n = allow(fd, len)) < 0)
		return -1;
	return f(fd, p, (size_t)n);
}

/* pwrite, as write. */
ssize_t
pwrite(int fd, const void *p, size_t len, off_t off)
{
	static ssize_t (*f)(int, const void *, size_t, off_t);
	ssize_t n;

	if (f == NULL)
		f = next("pwrite");
	if (step()) {
		ssize_t half = torn ? f(fd, p, len / 2, off) : 0;

		(void)half;
		die();
	}
	if ((n = allow(fd, len)) < 0)
		return -1;
	return f(fd, p, (size_t)n, off);
}

/* pwrite64, the same as pwrite on 64-bit systems. */
ssize_t
pwrite64(int fd, const void *p, size_t len, off_t off)
{
	return pwrite(fd, p, len, off);
}

/* writev, failing whole when the disk cannot take it all. */
ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	static ssize_t (*f)(int, const struct iovec *, int);
	size_t len = 0;
	ssize_t n;

	if (f == NULL)
		f = next("writev");
	for (int i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	if (step())
		die();
	if ((n = allow(fd, len)) < 0)
		return -1;
	if ((size_t)n < len) {
		/* A vector is not cut: what the limit allows is lost. */
		errno = ENOSPC;
		return -1;
	}
	return f(fd, iov, cnt);
}

/* The mode argument of an open that may create. */
static mode_t
open_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

/* open; a kill point when it may write or create. */
int
open(const char *path, int flags, ...)
{
	static int (*f)(const char *, int, ...);
	va_list ap;
	mode_t m;

	if (f == NULL)
		f = next("open");
	va_start(ap, flags);
	m = open_mode(flags, ap);
	va_end(ap);
	if (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC))
		if (step())
			die();
	return f(path, flags, m);
}

/* open64, as open. */
int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;

	va_start(ap, flags);
	m = open_mode(flags, ap);
	va_end(ap);
	return open(path, flags, m);
}

/* openat, as open. */
int
openat(int dir, const char *path, int flags, ...)
{
	static int (*f)(int, const char *, int, ...);
	va_list ap;
	mode_t m;

	if (f == NULL)
		f = next("openat");
	va_start(ap, flags);
	m = open_mode(flags, ap);
	va_end(ap);
	if (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC))
		if (step())
			die();
	return f(dir, path, flags, m);
}

/* openat64, as open. */
int
openat64(int dir, const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;

	va_start(ap, flags);
	m = open_mode(flags, ap);
	va_end(ap);
	return openat(dir, path, flags, m);
}

/* fsync; a kill point. */
int
fsync(int fd)
{
	static int (*f)(int);

	if (f == NULL)
		f = next("fsync");
	if (step())
		die();
	return f(fd);
}

/* fdatasync; a kill point. */
int
fdatasync(int fd)
{
	static int (*f)(int);

	if (f == NULL)
		f = next("fdatasync");
	if (step())
		die();
	return f(fd);
}

/* ftruncate; a kill point. */
int
ftruncate(int fd, off_t len)
{
	static int (*f)(int, off_t);

	if (f == NULL)
		f = next("ftruncate");
	if (step())
		die();
	return f(fd, len);
}

/* ftruncate64, as ftruncate. */
int
ftruncate64(int fd, off_t len)
{
	return ftruncate(fd, len);
}

/* rename; a kill point. */
int
rename(const char *from, const char *to)
{
	static int (*f)(const char *, const char *);

	if (f == NULL)
		f = next("rename");
	if (step())
		die();
	return f(from, to);
}

/* unlink; a kill point. */
int
unlink(const char *path)
{
	static int (*f)(const char *);

	if (f == NULL)
		f = next("unlink");
	if (step())
		die();
	return f(path);
}
