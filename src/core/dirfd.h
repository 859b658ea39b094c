/*
 * Folders worked in by descriptor. Anyone who can put files in a synced
 * or watched folder can plant a link, a FIFO or a device node there; so
 * below the folder a user named, nothing is reached by a path that the
 * kernel walks again: each subfolder is opened with O_NOFOLLOW from the
 * descriptor of its parent, and every file is created, read, moved and
 * removed relative to the descriptor of its folder.
 */
#ifndef DIRFD_H
#define DIRFD_H

#include "xf.h"

/* What an entry of a folder is, looked at without following it. */
enum dirfd_kind {
	DK_NONE,	/* nothing by that name */
	DK_FILE,	/* a regular file */
	DK_DIR,		/* a real folder */
	DK_OTHER	/* a link, FIFO, socket or device */
};

/* Open the folder a user named (links in its path are the user's
 * choice); made with its parents when create. -1 and err on failure. */
int dirfd_top(const char *path, int create, struct xf_err *);
/* Open subfolder name of dfd without following a link; made when create.
 * -1 with errno ELOOP or ENOTDIR when it is not a real folder. */
int dirfd_sub(int dfd, const char *name, int create);
/* The kind of entry name of dfd. */
enum dirfd_kind dirfd_kind(int dfd, const char *name);
/* Modification time of entry name of dfd (not followed), 0 if gone. */
int64_t dirfd_mtime(int dfd, const char *name);
/* Open regular file name of dfd for reading, never through a link nor
 * blocking on a FIFO: -1 with errno (EINVAL: not a regular file). */
int dirfd_open_file(int dfd, const char *name);
/* Write name in dfd crash-safely by way of a fresh hidden file; shown
 * names the folder in messages. */
int dirfd_write(int dfd, const char *shown, const char *name,
    const void *data, size_t len, int mode, struct xf_err *);
/* Move entry name of folder from to folder to (the entry itself, never
 * what a link points at); noreplace keeps an entry already there. */
int dirfd_move(int from, const char *fshown, int to, const char *tshown,
    const char *name, const char *newname, int noreplace, struct xf_err *);
/* The names in dfd ending in suffix, not hidden, sorted (caller frees
 * each and the array). */
int dirfd_names(int dfd, const char *suffix, char ***v, size_t *n);
/* A path that reaches entry name of dfd through the descriptor itself,
 * for functions that take a path (caller frees). */
char *dirfd_path(int dfd, const char *name);
/* Close a descriptor if it is one. */
void dirfd_close(int fd);

#endif
