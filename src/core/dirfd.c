/*
 * Folders worked in by descriptor: the top folder is opened once, and
 * everything below it is reached through openat and its kin with links
 * never followed, so a link planted in a shared folder cannot lead a
 * write, a move or a removal outside it, nor a name switched between a
 * check and its use.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirfd.h"

/* Open the folder a user named, made with its parents when create. */
int
dirfd_top(const char *path, int create, struct xf_err *err)
{
	char *p = xasprintf("%s/x", path);
	int fd, rc = create ? mkdir_parents(p, 0700, err) : 0;

	free(p);
	if (rc != 0)
		return -1;
	if (create && mkdir(path, 0700) != 0 && errno != EEXIST)
		return xf_error(err, _("cannot create folder %s: %s"), path,
		    strerror(errno));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return xf_error(err, _("cannot open folder %s: %s"), path,
		    strerror(errno));
	return fd;
}

/* Open a subfolder without following a link; made when create. */
int
dirfd_sub(int dfd, const char *name, int create)
{
	if (create && mkdirat(dfd, name, 0700) != 0 && errno != EEXIST)
		return -1;
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
}

/* What an entry is, not followed. */
enum dirfd_kind
dirfd_kind(int dfd, const char *name)
{
	struct stat sb;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return DK_NONE;
	if (S_ISREG(sb.st_mode))
		return DK_FILE;
	return S_ISDIR(sb.st_mode) ? DK_DIR : DK_OTHER;
}

/* Modification time of an entry, not followed; 0 if gone. */
int64_t
dirfd_mtime(int dfd, const char *name)
{
	struct stat sb;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	return (int64_t)sb.st_mtime;
}

/* Open a regular file for reading: what is not one is refused before
 * it is opened (a device node is never opened), and again on the
 * descriptor, so a name switched under us changes nothing. */
int
dirfd_open_file(int dfd, const char *name)
{
	struct stat sb;
	int fd;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Write all of data to fd. */
static int
write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write a file in dfd: a fresh hidden name, fsync, rename, fsync. */
int
dirfd_write(int dfd, const char *shown, const char *name, const void *data,
    size_t len, int mode, struct xf_err *err)
{
	char *tmp = xasprintf(".%s.tmp-%ld", name, (long)getpid());
	int fd, rc = -1;

	/* Never one found under the name: a planted link stays unfollowed. */
	unlinkat(dfd, tmp, 0);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode);
	if (fd < 0)
		xf_error(err, _("cannot create %s/%s: %s"), shown, tmp,
		    strerror(errno));
	else if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
		xf_errorc(err, xf_errno_code(errno), _("cannot write %s/%s: %s"),
		    shown, name, strerror(errno));
	else if (renameat(dfd, tmp, dfd, name) != 0)
		xf_error(err, _("cannot rename %s/%s to %s: %s"), shown, tmp,
		    name, strerror(errno));
	else
		rc = 0;
	if (rc == 0)
		(void)fsync(dfd);
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlinkat(dfd, tmp, 0);
	free(tmp);
	return rc;
}

/* Move an entry between folders; renameat never follows the entry. */
int
dirfd_move(int from, const char *fshown, int to, const char *tshown,
    const char *name, const char *newname, int noreplace,
    struct xf_err *err)
{
	int rc = noreplace ? renameat2(from, name, to, newname,
	    RENAME_NOREPLACE) : renameat(from, name, to, newname);

	if (rc != 0)
		return xf_error(err, _("cannot move %s/%s to %s/%s: %s"), fshown,
		    name, tshown, newname, strerror(errno));
	(void)fsync(to);
	return 0;
}

/* Whether name ends with suffix. */
static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

/* Sort names as strings. */
static int
names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dfd ending in suffix, not hidden, sorted. */
int
dirfd_names(int dfd, const char *suffix, char ***v, size_t *n)
{
	int fd = dfd < 0 ? -1 : openat(dfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;

	*v = NULL;
	*n = 0;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, suffix))
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(*v, *n, sizeof **v, names_cmp);
	return 0;
}

/* /proc/self/fd/N/NAME: the kernel takes the folder from the descriptor,
 * not by walking a path again. */
char *
dirfd_path(int dfd, const char *name)
{
	return xasprintf("/proc/self/fd/%d/%s", dfd, name);
}

/* Close a descriptor if it is one. */
void
dirfd_close(int fd)
{
	if (fd >= 0)
		close(fd);
}
