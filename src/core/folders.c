/*
 * Sync through folders. Names: PEER-SEQ-SENDER.xfb (key ids in hex, the
 * sequence 8 digits), so files sort by peer and sequence and never
 * collide. What each peer was last sent is kept beside the bundles in
 * OUTBOX/.sent-PEER (a station: in its private folder of notes on the
 * watched folder), lines of "seq to ack revoked retry": a new bundle is
 * written only when the peer lacks something that bundle did not carry
 * (versions after its rows, a newer acknowledgement, a longer revocation
 * list), or once again after the peer refused it.
 *
 * Anyone who can put files in these folders may plant links, FIFOs and
 * forged notices: every folder below the one a user named is opened from
 * its parent's descriptor without following links (dirfd.h), and a
 * refusal notice counts only when the station signed it.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dirfd.h"
#include "folders.h"
#include "identity.h"
#include "exchange.h"
#include "vault-sync.h"

#define SENT_KEEP 64
#define WHY_MAX 4096
#define SENT_MAX (SENT_KEEP * 160)
#define NOTICE_MAGIC "xunfang refusal notice 1"
#define NOTICE_CTX "xunfang refusal notice"

/* One line of OUTBOX/.sent-PEER: what a bundle carried. */
struct sent {
	uint64_t seq, to, ack, nrev;
	int retry;
};

/* A list of file names in one folder. */
struct names {
	char **v;
	size_t n;
};

/* The default folder under the data home. */
char *
folders_default(const char *which)
{
	const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (data != NULL && data[0] == '/')
		return xasprintf("%s/xunfang/%s", data, which);
	return xasprintf("%s/.local/share/xunfang/%s", home ? home : ".",
	    which);
}

/* Whether a path is a folder. */
static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The default folder of a store: a demo store's stand next to it, named
 * after it without its .db ("demo.db" has "demo-outbox"), so that a demo
 * never writes its key id into the real store's folders. */
char *
folders_default_of(const struct store *st, const char *which)
{
	const char *path = st != NULL && store_is_demo(st) ? store_path(st) :
	    NULL;
	size_t n;

	if (path == NULL)
		return folders_default(which);
	n = strlen(path);
	if (n > 3 && strcmp(path + n - 3, ".db") == 0)
		n -= 3;
	return xasprintf("%.*s-%s", (int)n, path, which);
}

/* Whether both default folders of a store exist. */
int
folders_default_exist(const struct store *st)
{
	char *o = folders_default_of(st, "outbox");
	char *i = folders_default_of(st, "inbox");
	int rc = is_dir(o) && is_dir(i);

	free(o);
	free(i);
	return rc;
}

/* Whether name ends with suffix. */
static int
ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

/* A name as it may be shown: control characters (C0, DEL, and C1 as
 * UTF-8) become '?', so a file name cannot forge log lines or move the
 * cursor (caller frees). */
static char *
shown_name(const char *name)
{
	char *s = xstrdup(name);

	for (unsigned char *p = (unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			*p = '?';
			memmove(p + 1, p + 2, strlen((char *)p + 2) + 1);
		}
	}
	return s;
}

/* Tell the log what happened to a file. */
static void
emit(struct folders_ctx *c, enum folders_what what, const char *name,
    const char *peer, const char *detail)
{
	char *shown = shown_name(name);
	struct folders_event e = {what, shown, peer ? peer : "?", detail};

	if (c != NULL && c->log != NULL)
		c->log(c->arg, &e);
	free(shown);
}

/* ---- Folders opened by descriptor ---- */

/* Open the folder a user named. */
int
folders_open(const char *path, int create, struct folders_dir *d,
    struct xf_err *err)
{
	d->path = xstrdup(path);
	d->fd = dirfd_top(path, create, err);
	if (d->fd >= 0)
		return 0;
	free(d->path);
	d->path = NULL;
	return -1;
}

/* Close an open folder. */
void
folders_close(struct folders_dir *d)
{
	if (d == NULL)
		return;
	dirfd_close(d->fd);
	free(d->path);
	d->fd = -1;
	d->path = NULL;
}

/*
 * Move aside what stands where a folder belongs (a link planted to lead
 * our writes, moves and removals elsewhere, or a file): it becomes the
 * hidden .NAME.moved-aside, which no reader takes, and is logged.
 */
static int
subdir_aside(struct folders_ctx *c, const struct folders_dir *p,
    const char *name, struct xf_err *err)
{
	char *aside = xasprintf(".%s.moved-aside", name), *detail;
	int rc = renameat(p->fd, name, p->fd, aside);

	/* A folder planted under that name must not stop the run. */
	if (rc != 0 && (errno == EISDIR || errno == ENOTEMPTY ||
	    errno == EEXIST)) {
		free(aside);
		aside = xasprintf(".%s.moved-aside.%lld-%ld", name,
		    (long long)time(NULL), (long)getpid());
		rc = renameat(p->fd, name, p->fd, aside);
	}
	if (rc != 0) {
		xf_error(err, _("%s/%s is not a real folder (a link or a file) "
		    "and cannot be moved aside: %s; remove it"), p->path, name,
		    strerror(errno));
		free(aside);
		return -1;
	}
	detail = xasprintf(_("%s/%s is not a real folder (a link or a file): "
	    "moved aside to %s/%s and made a folder in its place"), p->path,
	    name, p->path, aside);
	emit(c, FE_ASIDE, name, NULL, detail);
	free(detail);
	free(aside);
	return 0;
}

/* Open a subfolder without following a link; moved aside and made again
 * when something else stands there. */
int
folders_subdir(struct folders_ctx *c, const struct folders_dir *p,
    const char *name, int create, struct folders_dir *d, struct xf_err *err)
{
	int fd = dirfd_sub(p->fd, name, create);

	if (fd < 0 && create && (errno == ELOOP || errno == ENOTDIR)) {
		if (subdir_aside(c, p, name, err) != 0)
			return -1;
		fd = dirfd_sub(p->fd, name, create);
	}
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			return xf_error(err, _("%s/%s is not a real folder (a link "
			    "or a file): move it away"), p->path, name);
		return xf_error(err, _("cannot open folder %s/%s: %s"),
		    p->path, name, strerror(errno));
	}
	d->fd = fd;
	d->path = xasprintf("%s/%s", p->path, name);
	return 0;
}

/* Open a subfolder, NULL-safe for "do not want it". */
static int
subdir_maybe(struct folders_ctx *c, const struct folders_dir *p,
    const char *name, struct folders_dir *d, struct xf_err *err)
{
	return d == NULL ? 0 : folders_subdir(c, p, name, 1, d, err);
}

/* The folder's done/ and rejected/ (and sent/ when outbox). */
int
folders_prepare(struct folders_ctx *c, const struct folders_dir *dir,
    int outbox, struct xf_err *err)
{
	static const char *const subs[] = {"done", "rejected", "sent"};
	struct folders_dir d;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < XF_ARRAY_LEN(subs) - !outbox; i++) {
		rc = folders_subdir(c, dir, subs[i], 1, &d, err);
		if (rc == 0)
			folders_close(&d);
	}
	return rc;
}

/* A device's TOP/KEYID/in and TOP/KEYID/out at a station. */
int
folders_device(struct folders_ctx *c, const struct folders_dir *top,
    const unsigned char keyid[VAULT_KEYID_LEN], struct folders_dir *in,
    struct folders_dir *out, struct xf_err *err)
{
	struct folders_dir dev;
	char hex[17];
	int rc;

	keyid_hex(keyid, hex);
	if (in != NULL) {
		in->fd = -1;
		in->path = NULL;
	}
	if (folders_subdir(c, top, hex, 1, &dev, err) != 0)
		return -1;
	rc = subdir_maybe(c, &dev, "in", in, err);
	if (rc == 0 && subdir_maybe(c, &dev, "out", out, err) != 0) {
		folders_close(in);
		rc = -1;
	}
	folders_close(&dev);
	return rc;
}

/* Sleep a tenth of a second. */
static void
nap(void)
{
	struct timespec ts = {0, 100 * 1000 * 1000};

	nanosleep(&ts, NULL);
}

/* Open DIR/.lock, a regular file of its own: -1 with errno if what is
 * there is a link, a folder, a FIFO or a device. */
static int
lock_open(const struct folders_dir *dir)
{
	int fd = openat(dir->fd, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC, 0600);
	struct stat sb;

	if (fd >= 0 && (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))) {
		close(fd);
		fd = -1;
		errno = EINVAL;
	}
	return fd;
}

/*
 * Lock DIR/.lock, waiting up to wait seconds for another run. A link, a
 * folder or a FIFO planted as .lock (by whoever can write the folder) is
 * not followed: it is moved aside, as .lock.moved-aside.TIME-PID, and a
 * lock file of xunfang's own made in its place.
 */
int
folders_lock(const struct folders_dir *dir, int wait, int *fdp,
    struct xf_err *err)
{
	int fd = lock_open(dir);

	if (fd < 0 && (errno == ELOOP || errno == EINVAL || errno == EISDIR ||
	    errno == ENXIO || errno == EMLINK)) {
		char *aside = xasprintf(".lock.moved-aside.%lld-%ld",
		    (long long)time_now(), (long)getpid());

		if (renameat(dir->fd, ".lock", dir->fd, aside) == 0)
			fd = lock_open(dir);
		free(aside);
	}
	if (fd < 0)
		return xf_error(err, _("cannot open the lock file %s/.lock: %s "
		    "(if it is a link or not a file, remove it)"), dir->path,
		    strerror(errno));
	for (int tries = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; tries++) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    tries >= wait * 10) {
			close(fd);
			return xf_error(err, _("another xunfang is working on %s "
			    "(it holds %s/.lock); wait until it has finished "
			    "and try again"), dir->path, dir->path);
		}
		nap();
	}
	*fdp = fd;
	return 0;
}

/* Release a lock taken by folders_lock. */
void
folders_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* Read regular file name of dir, at most max bytes: 0 read, 1 not a
 * regular file (a link, FIFO or device) or unreadable, -1 gone or a read
 * failed. */
static int
read_in(const struct folders_dir *dir, const char *name, unsigned char **data,
    size_t *len, size_t max, struct xf_err *err)
{
	int fd = dirfd_open_file(dir->fd, name), rc;
	char *shown;

	*data = NULL;
	*len = 0;
	if (fd < 0 && errno == ENOENT)
		return xf_error(err, _("cannot read %s/%s: %s"), dir->path,
		    name, strerror(errno));
	if (fd < 0) {
		xf_error(err, _("%s/%s is not a plain file (a link, a FIFO or a "
		    "device) or cannot be read: it was not read"), dir->path,
		    name);
		return 1;
	}
	shown = xasprintf("%s/%s", dir->path, name);
	rc = file_read_fd(fd, shown, data, len, max, err);
	free(shown);
	close(fd);
	return rc;
}

/* ---- Names ---- */

/* A bundle a reader takes: not hidden, .xfb at the end. */
int
folders_is_bundle(const char *name)
{
	return name[0] != '.' && ends_with(name, FOLDERS_SUFFIX);
}

/* Parse 16 hex digits into a key id. */
static int
parse_keyid(const char *p, unsigned char *out)
{
	char hex[2 * VAULT_KEYID_LEN + 1];

	memcpy(hex, p, 2 * VAULT_KEYID_LEN);
	hex[2 * VAULT_KEYID_LEN] = '\0';
	return hex_decode(out, VAULT_KEYID_LEN, hex);
}

/* PEER-SEQ-SENDER with .xfb or .why: 0 when the name is one. */
int
folders_name_parse(const char *name, unsigned char peer[VAULT_KEYID_LEN],
    uint64_t *seq, unsigned char sender[VAULT_KEYID_LEN])
{
	const size_t k = 2 * VAULT_KEYID_LEN;
	size_t len = strlen(name), digits = 0;
	uint64_t v = 0;

	if (len < 2 * k + 2 + 1 + 4 || len > FOLDERS_NAME_MAX ||
	    (!ends_with(name, FOLDERS_SUFFIX) && !ends_with(name, FOLDERS_WHY)))
		return -1;
	while (k + 1 + digits < len && name[k + 1 + digits] >= '0' &&
	    name[k + 1 + digits] <= '9' && digits < 19)
		v = v * 10 + (uint64_t)(name[k + 1 + digits++] - '0');
	if (name[k] != '-' || digits == 0 || name[k + 1 + digits] != '-' ||
	    len != 2 * k + 2 + digits + 4)
		return -1;
	if (parse_keyid(name, peer) != 0 ||
	    parse_keyid(name + k + 2 + digits, sender) != 0)
		return -1;
	*seq = v;
	return 0;
}

/* The name of bundle seq for peer from this store. */
static char *
bundle_name(struct store *st, const unsigned char *peer, uint64_t seq)
{
	char p[17], me[17];

	keyid_hex(peer, p);
	keyid_hex(store_device(st), me);
	return xasprintf("%s-%08" PRIu64 "-%s%s", p, seq, me, FOLDERS_SUFFIX);
}

/* The names in dir ending in suffix, not hidden, sorted. */
static int
names_read(const struct folders_dir *dir, const char *suffix,
    struct names *out, struct xf_err *err)
{
	if (dirfd_names(dir->fd, suffix, &out->v, &out->n) == 0)
		return 0;
	return err == NULL ? -1 : xf_error(err, _("cannot read folder %s: %s"),
	    dir->path, strerror(errno));
}

/* Free a list of names. */
static void
names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* NAME.xfb -> NAME.why (caller frees). */
static char *
why_name(const char *name)
{
	size_t n = strlen(name);

	if (ends_with(name, FOLDERS_SUFFIX))
		n -= strlen(FOLDERS_SUFFIX);
	return xasprintf("%.*s%s", (int)n, name, FOLDERS_WHY);
}

/* Move FROM/NAME to DIR's subfolder SUB (as NEWNAME). */
static int
move_to(struct folders_ctx *c, const struct folders_dir *from,
    const struct folders_dir *dir, const char *sub, const char *name,
    const char *newname, struct xf_err *err)
{
	struct folders_dir to;
	int rc = folders_subdir(c, dir, sub, 1, &to, err);

	if (rc == 0)
		rc = dirfd_move(from->fd, from->path, to.fd, to.path, name,
		    newname, 0, err);
	folders_close(&to);
	return rc;
}

/* Write text as DIR/SUB/NAME.why (SUB NULL for DIR), one paragraph. */
static int
why_write(struct folders_ctx *c, const struct folders_dir *dir,
    const char *sub, const char *name, const char *text, struct xf_err *err)
{
	char *w = why_name(name), *body = xasprintf("%s\n", text);
	struct folders_dir to = {-1, NULL};
	int rc = sub ? folders_subdir(c, dir, sub, 1, &to, err) : 0;

	if (rc == 0)
		rc = dirfd_write(sub ? to.fd : dir->fd, sub ? to.path :
		    dir->path, w, body, strlen(body), 0600, err);
	folders_close(&to);
	free(body);
	free(w);
	return rc;
}

/* "name (KEYID)" of a peer (caller frees). */
static char *
peer_label(const char *name, const unsigned char *keyid)
{
	char hex[17];

	keyid_hex(keyid, hex);
	return name ? xasprintf("%s (%s)", name, hex) : xstrdup(hex);
}

/* ---- Import ---- */

/* What an import did, in words (caller frees). */
static char *
import_detail(const struct sync_import *r)
{
	const char *skipped = sync_import_skipped(r);
	char *d, *all;

	if (r->nversions == 0)
		d = xstrdup(_("imported: acknowledgements only"));
	else if (r->added == 0)
		d = xasprintf(_("imported: nothing new, all %zu versions "
		    "were already here"), r->nversions);
	else
		d = xasprintf(ngettext("imported: added %zu version, %zu "
		    "already here", "imported: added %zu versions, %zu already "
		    "here", r->added), r->added, r->held);
	if (skipped != NULL) {
		all = xasprintf("%s; %s", d, skipped);
		free(d);
		d = all;
	}
	if (sync_import_clock(r) != NULL) {
		all = xasprintf("%s; %s", d, sync_import_clock(r));
		free(d);
		d = all;
	}
	return d;
}

/* The sender of a refused file, from the import or from its name. */
static char *
refused_peer(const struct sync_import *r, const char *name)
{
	unsigned char peer[VAULT_KEYID_LEN], sender[VAULT_KEYID_LEN];
	uint64_t seq;

	if (r->sender_name != NULL)
		return peer_label(r->sender_name, r->hdr.sender);
	if (folders_name_parse(name, peer, &seq, sender) == 0)
		return peer_label(NULL, sender);
	return xstrdup("?");
}

/*
 * The name a refused file takes in rejected/: its own, or, when it came
 * in a device's upload folder under a name not naming that device, the
 * name prefixed with the folder's key id, so that it cannot replace what
 * another device's refused file left there (caller frees).
 */
static char *
refused_name(const unsigned char *owner, const char *name)
{
	unsigned char peer[VAULT_KEYID_LEN], sender[VAULT_KEYID_LEN];
	uint64_t seq;
	char hex[17];

	if (owner == NULL || (folders_name_parse(name, peer, &seq,
	    sender) == 0 && memcmp(sender, owner, VAULT_KEYID_LEN) == 0))
		return xstrdup(name);
	keyid_hex(owner, hex);
	/* Within the longest name a folder takes. */
	return xasprintf("from-%s-%.200s", hex, name);
}

/* Refuse a file: moved to ARCH/rejected/, its reason beside it. */
static int
refuse(struct folders_ctx *c, const struct folders_dir *from,
    const struct folders_dir *arch, const unsigned char *owner,
    const char *name, const struct sync_import *r, struct xf_err *err)
{
	char *who = refused_peer(r, name), *as = refused_name(owner, name);
	struct xf_err e2;

	c->n.refused++;
	emit(c, FE_REFUSED, name, who, err->msg);
	free(who);
	/* The reason first, so whoever sees the file sees why; a name too
	 * long to have a reason beside it is still moved. */
	(void)why_write(c, arch, "rejected", as, err->msg, &e2);
	if (move_to(c, from, arch, "rejected", name, as, &e2) != 0) {
		*err = e2;
		free(as);
		return -1;
	}
	free(as);
	return 1;
}

/*
 * Read a file for import: 1 when it is no bundle to try (a link, not a
 * plain file, unreadable, over FOLDERS_MAX_FILE); -1 when it went away
 * or a read failed (it is tried again later).
 * The file is opened without following links or blocking on a FIFO, and
 * checked on the descriptor, so a name switched under us changes nothing.
 */
static int
import_read(const struct folders_dir *dir, const char *name,
    unsigned char **data, size_t *len, struct xf_err *err)
{
	struct stat sb;
	int fd = dirfd_open_file(dir->fd, name), rc;
	char *shown;

	if (fd < 0 && errno == ENOENT)
		return xf_error(err, _("cannot read %s/%s: %s"), dir->path,
		    name, strerror(errno));
	if (fd < 0 || fstat(fd, &sb) != 0 ||
	    (uint64_t)sb.st_size > FOLDERS_MAX_FILE) {
		if (fd >= 0)
			close(fd);
		xf_error(err, _("%s/%s is not a bundle file (a link, not a "
		    "plain file, unreadable, or over %zu bytes); it was not "
		    "read"), dir->path, name, (size_t)FOLDERS_MAX_FILE);
		return 1;
	}
	shown = xasprintf("%s/%s", dir->path, name);
	rc = file_read_fd(fd, shown, data, len, FOLDERS_MAX_FILE, err);
	free(shown);
	close(fd);
	return rc;
}

/* Why a name is refused unread, or 0 when it may be read. */
static int
name_check(const unsigned char *owner, const char *name, struct xf_err *err)
{
	unsigned char peer[VAULT_KEYID_LEN], sender[VAULT_KEYID_LEN];
	char hex[17];
	uint64_t seq;

	if (folders_name_parse(name, peer, &seq, sender) != 0)
		return xf_error(err, _("the file name is not one xunfang writes "
		    "(PEER-SEQUENCE-SENDER.xfb); the file was not read"));
	if (owner != NULL && memcmp(sender, owner, VAULT_KEYID_LEN) != 0) {
		keyid_hex(owner, hex);
		return xf_error(err, _("the file names another sender than "
		    "device %s, into whose folder it came; the file was not "
		    "read"), hex);
	}
	return 0;
}

/* Import FROM/NAME; ARCH/done/ or ARCH/rejected/. */
int
folders_import(struct folders_ctx *c, const struct folders_dir *from,
    const struct folders_dir *arch, const unsigned char *owner,
    const char *name, struct xf_err *err)
{
	char *who, *detail;
	struct sync_import r;
	unsigned char *data = NULL;
	size_t len = 0;
	int rc;

	memset(&r, 0, sizeof r);
	if (name_check(owner, name, err) != 0)
		return refuse(c, from, arch, owner, name, &r, err);
	rc = import_read(from, name, &data, &len, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		rc = sync_import(c->st, data, len, 0, &r, err) == 0 ? 0 : 1;
	free(data);
	if (rc != 0 && r.store_failed) {
		c->n.failed++;
		emit(c, FE_FAILED, name, r.sender_name, err->msg);
		sync_import_clear(&r);
		return -1;
	}
	if (rc != 0) {
		rc = refuse(c, from, arch, owner, name, &r, err);
		sync_import_clear(&r);
		return rc;
	}
	who = peer_label(r.sender_name, r.hdr.sender);
	detail = import_detail(&r);
	c->n.imported++;
	emit(c, FE_IMPORTED, name, who, detail);
	free(who);
	free(detail);
	sync_import_clear(&r);
	return move_to(c, from, arch, "done", name, name, err);
}

/* ---- What each peer was sent: OUTBOX/.sent-PEER ---- */

/* The state file's name for a peer (caller frees). */
static char *
sent_name(const unsigned char *peer)
{
	char hex[17];

	keyid_hex(peer, hex);
	return xasprintf(".sent-%s", hex);
}

/* Read the lines of what a peer was sent; a missing file has none. */
static void
sent_read(const struct folders_dir *state, const unsigned char *peer,
    struct sent **out, size_t *n)
{
	char *name = sent_name(peer), *save = NULL, *line;
	unsigned char *data;
	size_t len;
	struct xf_err err;
	struct sent s;

	*out = NULL;
	*n = 0;
	if (read_in(state, name, &data, &len, SENT_MAX, &err) != 0) {
		free(name);
		return;
	}
	free(name);
	for (line = strtok_r((char *)data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		    " %d", &s.seq, &s.to, &s.ack, &s.nrev, &s.retry) == 5) {
			*out = xreallocarray(*out, *n + 1, sizeof **out);
			(*out)[(*n)++] = s;
		}
	free(data);
}

/* Append a line and keep the newest SENT_KEEP. */
static int
sent_add(const struct folders_dir *state, const unsigned char *peer,
    const struct sent *s, struct xf_err *err)
{
	struct sent *v;
	struct buf b = {0};
	size_t n;
	char *name;
	int rc;

	sent_read(state, peer, &v, &n);
	for (size_t i = n > SENT_KEEP ? n - SENT_KEEP : 0; i < n; i++)
		buf_addf(&b, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		    " %d\n", v[i].seq, v[i].to, v[i].ack, v[i].nrev,
		    v[i].retry);
	buf_addf(&b, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d\n",
	    s->seq, s->to, s->ack, s->nrev, s->retry);
	name = sent_name(peer);
	rc = dirfd_write(state->fd, state->path, name, b.data, b.len, 0600,
	    err);
	free(name);
	free(v);
	buf_free(&b);
	return rc;
}

/* The line of bundle seq, or of the first later one (its rows cover
 * this one's); NULL when none. */
static const struct sent *
sent_find(const struct sent *v, size_t n, uint64_t seq, int exact)
{
	const struct sent *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (v[i].seq == seq)
			return &v[i];
		else if (!exact && v[i].seq > seq &&
		    (best == NULL || v[i].seq < best->seq))
			best = &v[i];
	return best;
}

/* ---- Export ---- */

/* Whether OUTBOX/rejected/ holds bundle seq for the peer. */
static int
was_rejected(struct store *st, const struct folders_dir *outbox,
    const unsigned char *peer, uint64_t seq)
{
	char *name = bundle_name(st, peer, seq), *w = why_name(name);
	int fd = dirfd_sub(outbox->fd, "rejected", 0);
	int rc = fd >= 0 && (dirfd_kind(fd, name) == DK_FILE ||
	    dirfd_kind(fd, w) == DK_FILE);

	dirfd_close(fd);
	free(w);
	free(name);
	return rc;
}

/* What the peer lacks now: the export decision and the line to keep. */
struct lack {
	int need;
	struct sent s;		/* seq filled once written */
};

/* Decide whether a peer lacks something the last bundle did not carry;
 * outbox holds its bundles, state the .sent- files. */
static int
peer_lacks(struct store *st, const struct folders_dir *outbox,
    const struct folders_dir *state, const struct store_peer *p,
    uint64_t nrev, struct lack *l, struct xf_err *err)
{
	const struct sent *last;
	struct sent *v;
	size_t n, pending = 0;
	uint64_t after = p->acked;
	int64_t max;
	char hex[17];

	memset(l, 0, sizeof *l);
	if (store_max_seq(st, &max, err) != 0)
		return -1;
	sent_read(state, p->keyid, &v, &n);
	last = sent_find(v, n, p->seq_out, 1);
	if (last != NULL && was_rejected(st, outbox, p->keyid, last->seq) &&
	    !last->retry) {
		l->s.retry = 1;
		last = NULL;
	}
	l->need = last == NULL ? p->hw_in != 0 || nrev != 0 :
	    p->hw_in != last->ack || nrev != last->nrev;
	if (last != NULL && last->to > after)
		after = last->to;
	free(v);
	keyid_hex(p->keyid, hex);
	if (!l->need && (uint64_t)max > after &&
	    sync_export_pending(st, hex, after, &pending, err) != 0)
		return -1;
	l->need |= pending > 0;
	return 0;
}

/* Remove waiting bundles for the peer older than seq: the new one holds
 * all they held. */
static void
supersede(const struct folders_dir *outbox, const unsigned char *peer,
    uint64_t seq)
{
	unsigned char pk[VAULT_KEYID_LEN], sk[VAULT_KEYID_LEN];
	struct names l;
	uint64_t s;

	if (names_read(outbox, FOLDERS_SUFFIX, &l, NULL) != 0)
		return;
	for (size_t i = 0; i < l.n; i++)
		if (folders_name_parse(l.v[i], pk, &s, sk) == 0 && s < seq &&
		    memcmp(pk, peer, VAULT_KEYID_LEN) == 0)
			unlinkat(outbox->fd, l.v[i], 0);
	names_free(&l);
}

/* Whether hidden file name is what a killed export left of a bundle for
 * the peer numbered up to seq: .NAME, or .NAME.tmp-PID. */
static int
stale_export(const char *name, const unsigned char *peer, uint64_t seq)
{
	unsigned char pk[VAULT_KEYID_LEN], sk[VAULT_KEYID_LEN];
	char base[FOLDERS_NAME_MAX + 1];
	const char *tag;
	size_t len;
	uint64_t s;

	if (name[0] != '.')
		return 0;
	tag = strstr(name, FOLDERS_SUFFIX ".tmp-");
	len = tag ? (size_t)(tag - name) + strlen(FOLDERS_SUFFIX) :
	    strlen(name);
	if (len - 1 > FOLDERS_NAME_MAX)
		return 0;
	memcpy(base, name + 1, len - 1);
	base[len - 1] = '\0';
	return ends_with(base, FOLDERS_SUFFIX) &&
	    folders_name_parse(base, pk, &s, sk) == 0 && s <= seq &&
	    memcmp(pk, peer, VAULT_KEYID_LEN) == 0;
}

/* Remove what an export killed before its rename left for the peer: the
 * numbers it used are taken, so nothing writes those files again. */
static void
clear_stale_exports(const struct folders_dir *outbox,
    const struct store_peer *p)
{
	int fd = openat(outbox->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;

	if (d == NULL && fd >= 0)
		close(fd);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (stale_export(e->d_name, p->keyid, p->seq_out))
			unlinkat(outbox->fd, e->d_name, 0);
	if (d != NULL)
		closedir(d);
}

/* Tell the log a bundle was written. */
static void
export_told(struct folders_ctx *c, const struct store_peer *p,
    const char *name, size_t nversions)
{
	char *who = peer_label(p->name, p->keyid);
	char *detail = xasprintf(ngettext("written: %zu version",
	    "written: %zu versions", nversions), nversions);

	c->n.written++;
	emit(c, FE_WROTE, name, who, detail);
	free(who);
	free(detail);
}

/* Write the bundle under a hidden name, then give it its own; note what
 * it carried in the state folder. The writer reaches the folder through
 * its descriptor, never by its path again. */
static int
export_one(struct folders_ctx *c, const struct folders_dir *outbox,
    const struct folders_dir *state, const struct store_peer *p,
    struct lack *l, struct xf_err *err)
{
	struct sync_export e;
	char hex[17], *name = bundle_name(c->st, p->keyid, p->seq_out + 1);
	char *tmp = xasprintf(".%s", name), *path = dirfd_path(outbox->fd, tmp);
	int rc;

	memset(&e, 0, sizeof e);
	keyid_hex(p->keyid, hex);
	rc = sync_export(c->st, hex, path, NULL, NULL, &e, err);
	if (rc == 0 && e.seq != p->seq_out + 1) {
		free(name);
		name = bundle_name(c->st, p->keyid, e.seq);
	}
	if (rc == 0)
		rc = dirfd_move(outbox->fd, outbox->path, outbox->fd,
		    outbox->path, tmp, name, 0, err);
	l->s.seq = e.seq;
	l->s.to = e.to;
	l->s.ack = e.ack;
	if (rc == 0)
		rc = sent_add(state, p->keyid, &l->s, err);
	if (rc == 0) {
		supersede(outbox, p->keyid, e.seq);
		export_told(c, p, name, e.nversions);
	}
	unlinkat(outbox->fd, tmp, 0);
	free(e.path);
	free(path);
	free(tmp);
	free(name);
	return rc;
}

/* The number of revoked devices this store sends (a station's list). */
static int
revoked_count(struct store *st, uint64_t *n, struct xf_err *err)
{
	struct store_revoked *r;
	size_t k = 0;

	*n = 0;
	if (store_role(st) != ROLE_STATION)
		return 0;
	if (store_revoked_list(st, &r, &k, err) != 0)
		return -1;
	free(r);
	*n = k;
	return 0;
}

/* Export to one peer if it lacks something. A station's return folder
 * per device holds nothing but bundles and notices (the transport takes
 * all it finds there); what each was sent is noted in state. */
static int
export_peer(struct folders_ctx *c, const struct folders_dir *outbox,
    const struct folders_dir *state, int per_peer, const struct store_peer *p,
    uint64_t nrev, struct xf_err *err)
{
	struct folders_dir own = {-1, NULL};
	const struct folders_dir *dir = per_peer ? &own : outbox;
	struct lack l;
	int rc;

	rc = per_peer ? folders_device(c, outbox, p->keyid, NULL, &own,
	    err) : 0;
	if (rc == 0) {
		clear_stale_exports(dir, p);
		rc = peer_lacks(c->st, dir, state, p, nrev, &l, err);
	}
	l.s.nrev = nrev;
	if (rc == 0 && l.need)
		rc = export_one(c, dir, state, p, &l, err);
	folders_close(&own);
	return rc;
}

/* A bundle for each enrolled peer that lacks something. */
int
folders_export_all(struct folders_ctx *c, const struct folders_dir *outbox,
    const struct folders_dir *state, int per_peer, struct xf_err *err)
{
	struct store_peer *v;
	size_t n;
	uint64_t nrev;
	int rc = 0;

	if (revoked_count(c->st, &nrev, err) != 0 ||
	    store_peer_list(c->st, &v, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!v[i].revoked)
			rc = export_peer(c, outbox, state, per_peer, &v[i],
			    nrev, err);
	store_peer_list_free(v, n);
	return rc;
}

/* ---- Refusal notices, signed by the station ---- */

/*
 * A notice: NOTICE_MAGIC, "station KEYID", "device KEYID", "bundle NAME",
 * "signature HEX" and the reason, a line each. The station's signature
 * covers every line but its own, so a device believes only what its
 * station said about this very bundle of its own: whoever can write to
 * the device's inbox (a shared folder, the transport) cannot make it
 * give up a bundle, or show words of theirs as the station's.
 */

/* The reason as one paragraph of valid UTF-8 (caller frees). */
static char *
one_paragraph(const char *text, size_t len)
{
	char *s = utf8_valid(text, len) ? xstrndup(text, len) : xstrdup("");

	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	for (len = strlen(s); len > 0 && s[len - 1] == ' ';)
		s[--len] = '\0';
	return s;
}

/* The four signed lines before the signature. */
static void
notice_head(struct buf *b, const unsigned char *station,
    const unsigned char *device, const char *bundle)
{
	char s[17], d[17];

	keyid_hex(station, s);
	keyid_hex(device, d);
	buf_addf(b, "%s\nstation %s\ndevice %s\nbundle %s\n", NOTICE_MAGIC,
	    s, d, bundle);
}

/* The hash a notice's signature covers: its head, then its reason. */
static void
notice_hash(const unsigned char *head, size_t hlen, const unsigned char *body,
    size_t blen, unsigned char h[VSYNC_HASH_LEN])
{
	struct buf m = {0};

	buf_add(&m, head, hlen);
	buf_add(&m, body, blen);
	vsync_hash_ctx(NOTICE_CTX, m.data, m.len, h, VSYNC_HASH_LEN);
	buf_free(&m);
}

/* A notice from this station to device about bundle, signed. */
static void
notice_make(struct store *st, const unsigned char *device, const char *bundle,
    const char *why, struct buf *out)
{
	unsigned char h[VSYNC_HASH_LEN], sig[VSYNC_SIG_LEN];
	char hex[2 * VSYNC_SIG_LEN + 1], *text = one_paragraph(why, strlen(why));
	struct buf body = {0};

	buf_addf(&body, "%s\n", text);
	notice_head(out, store_device(st), device, bundle);
	notice_hash(out->data, out->len, body.data, body.len, h);
	vsync_sign(store_vault(st), h, sig);
	hex_encode(hex, sig, sizeof sig);
	buf_addf(out, "signature %s\n", hex);
	buf_add(out, body.data, body.len);
	buf_free(&body);
	free(text);
}

/* The signing key of enrolled, unrevoked station keyid; -1 if none. */
static int
station_key(struct store *st, const unsigned char *keyid, unsigned char pk[32])
{
	struct store_peer *v;
	struct xf_err err;
	size_t n;
	int rc = -1;

	if (store_peer_list(st, &v, &n, &err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i].role == ROLE_STATION && !v[i].revoked &&
		    memcmp(v[i].keyid, keyid, VAULT_KEYID_LEN) == 0) {
			memcpy(pk, v[i].sign_pk, 32);
			rc = 0;
		}
	store_peer_list_free(v, n);
	return rc;
}

/* Where line k (0-based) of d starts; len when there is none. */
static size_t
line_at(const unsigned char *d, size_t len, int k)
{
	size_t i = 0;

	for (; k > 0 && i < len; i++)
		if (d[i] == '\n')
			k--;
	return k == 0 ? i : len;
}

/* The parts of a notice: the station it names, its signature, and where
 * the signature line and the reason start. */
struct notice {
	unsigned char station[VAULT_KEYID_LEN];
	unsigned char sig[VSYNC_SIG_LEN];
	size_t sig_at, text_at;
};

/* Split a notice into its parts; -1 when it has not their shape. */
static int
notice_split(const unsigned char *d, size_t len, struct notice *n)
{
	const size_t k = strlen(NOTICE_MAGIC) + 1;
	char hex[2 * VSYNC_SIG_LEN + 1];

	n->sig_at = line_at(d, len, 4);
	n->text_at = line_at(d, len, 5);
	if (n->text_at >= len || n->sig_at < k + 8 + 2 * VAULT_KEYID_LEN ||
	    n->text_at - n->sig_at != 11 + 2 * VSYNC_SIG_LEN ||
	    memcmp(d + n->sig_at, "signature ", 10) != 0 ||
	    memcmp(d + k, "station ", 8) != 0 ||
	    parse_keyid((const char *)d + k + 8, n->station) != 0)
		return -1;
	memcpy(hex, d + n->sig_at + 10, 2 * VSYNC_SIG_LEN);
	hex[2 * VSYNC_SIG_LEN] = '\0';
	return hex_decode(n->sig, sizeof n->sig, hex);
}

/* Whether the signature over the notice's other lines is pk's. */
static int
notice_signed(const unsigned char *d, size_t len, const struct notice *n,
    const unsigned char pk[32])
{
	unsigned char h[VSYNC_HASH_LEN];

	notice_hash(d, n->sig_at, d + n->text_at, len - n->text_at, h);
	return vsync_verify(pk, h, n->sig) == 0;
}

/* Check a notice about bundle from this device's station: 0 and the
 * reason in *text (caller frees), or -1 and err says why not. */
static int
notice_check(struct store *st, const unsigned char *d, size_t len,
    const char *bundle, char **text, struct xf_err *err)
{
	unsigned char pk[32];
	struct notice n;
	struct buf want = {0};
	int rc = -1;

	if (notice_split(d, len, &n) != 0)
		return xf_error(err, _("it is not a signed refusal notice"));
	notice_head(&want, n.station, store_device(st), bundle);
	if (want.len != n.sig_at || memcmp(want.data, d, n.sig_at) != 0)
		xf_error(err, _("it is not a notice about this bundle of this "
		    "device"));
	else if (station_key(st, n.station, pk) != 0)
		xf_error(err, _("it names a station that is not enrolled here"));
	else if (!notice_signed(d, len, &n, pk))
		xf_error(err, _("its signature is not the station's (altered "
		    "or forged)"));
	else {
		*text = one_paragraph((const char *)d + n.text_at,
		    len - n.text_at);
		rc = 0;
	}
	buf_free(&want);
	return rc;
}

/* At a station: a refused file from device owner's upload folder, named
 * as from that enrolled device, gets the refusal back, signed. */
void
folders_return_notice(struct folders_ctx *c, const struct folders_dir *out,
    const unsigned char *owner, const char *name, const char *why)
{
	unsigned char peer[VAULT_KEYID_LEN], sender[VAULT_KEYID_LEN];
	struct store_peer *v;
	struct xf_err err;
	struct buf b = {0};
	uint64_t seq;
	size_t n;
	char *w;

	if (folders_name_parse(name, peer, &seq, sender) != 0 ||
	    memcmp(sender, owner, VAULT_KEYID_LEN) != 0 ||
	    store_peer_list(c->st, &v, &n, &err) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (memcmp(v[i].keyid, sender, VAULT_KEYID_LEN) != 0 ||
		    v[i].role != ROLE_DEVICE || v[i].revoked || b.len > 0)
			continue;
		notice_make(c->st, sender, name, why, &b);
		w = why_name(name);
		(void)dirfd_write(out->fd, out->path, w, b.data, b.len, 0600,
		    &err);
		free(w);
	}
	buf_free(&b);
	store_peer_list_free(v, n);
}

/* The text of a local refusal, made safe to show (caller frees). */
static char *
notice_read(int dfd, const char *name)
{
	struct folders_dir d = {dfd, (char *)"."};
	unsigned char *data = NULL;
	size_t len = 0;
	struct xf_err err;
	char *s;

	if (read_in(&d, name, &data, &len, WHY_MAX, &err) != 0)
		len = 0;
	s = one_paragraph(data ? (char *)data : "", len);
	free(data);
	return s;
}

/* The folder of the outbox holding a bundle ("sent", "", "done"), or
 * NULL. */
static const char *
notice_where(const struct folders_dir *outbox, const char *name)
{
	static const char *const subs[] = {"sent", "", "done"};
	const char *found = NULL;

	for (size_t i = 0; i < XF_ARRAY_LEN(subs) && found == NULL; i++) {
		int fd = subs[i][0] ? dirfd_sub(outbox->fd, subs[i], 0) :
		    outbox->fd;

		if (fd >= 0 && dirfd_kind(fd, name) != DK_NONE)
			found = subs[i];
		if (fd != outbox->fd)
			dirfd_close(fd);
	}
	return found;
}

/* Move a bundle of the outbox (in sub, "" for itself) to rejected/. */
static int
outbox_reject(struct folders_ctx *c, const struct folders_dir *outbox,
    const char *sub, const char *name, struct xf_err *err)
{
	struct folders_dir from;
	int rc;

	if (sub[0] == '\0')
		return move_to(c, outbox, outbox, "rejected", name, name, err);
	if (folders_subdir(c, outbox, sub, 1, &from, err) != 0)
		return -1;
	rc = move_to(c, &from, outbox, "rejected", name, name, err);
	folders_close(&from);
	return rc;
}

/* A notice that is not the station's: said so, set aside in
 * inbox/rejected/ where nothing reads it, and the bundle left alone. */
static int
notice_ignore(struct folders_ctx *c, const struct folders_dir *inbox,
    const char *why, const char *bundle, const struct xf_err *cause,
    struct xf_err *err)
{
	char *as = xasprintf("%s.ignored", why);
	char *detail = xasprintf(_("refusal notice %s/%s ignored: %s; the "
	    "bundle stays where it is"), inbox->path, why, cause->msg);
	int rc;

	emit(c, FE_IGNORED, bundle, NULL, detail);
	rc = move_to(c, inbox, inbox, "rejected", why, as, err);
	free(detail);
	free(as);
	return rc;
}

/* Apply INBOX/NAME.why to the sent bundle NAME.xfb, if the station
 * signed it. */
static int
notice_apply(struct folders_ctx *c, const struct folders_dir *outbox,
    const struct folders_dir *inbox, const char *why, struct xf_err *err)
{
	size_t k = strlen(why) - strlen(FOLDERS_WHY);
	char *name = xasprintf("%.*s%s", (int)k, why, FOLDERS_SUFFIX);
	char *text = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	struct xf_err bad;
	const char *where;
	int rc = read_in(inbox, why, &data, &len, WHY_MAX * 2, &bad);

	if (rc != 0 || notice_check(c->st, data, len, name, &text,
	    &bad) != 0) {
		rc = notice_ignore(c, inbox, why, name, &bad, err);
		goto out;
	}
	where = notice_where(outbox, name);
	rc = why_write(c, outbox, "rejected", name, text, err);
	if (rc == 0 && where != NULL)
		rc = outbox_reject(c, outbox, where, name, err);
	if (rc == 0) {
		unlinkat(inbox->fd, why, 0);
		c->n.notices++;
		emit(c, FE_NOTICE, name, NULL, text);
	}
out:
	free(data);
	free(text);
	free(name);
	return rc;
}

/* Every refusal notice of the inbox with no bundle beside it. */
static int
notices_apply(struct folders_ctx *c, const struct folders_dir *outbox,
    const struct folders_dir *inbox, struct xf_err *err)
{
	unsigned char pk[VAULT_KEYID_LEN], sk[VAULT_KEYID_LEN];
	struct names l;
	uint64_t seq;
	int rc = names_read(inbox, FOLDERS_WHY, &l, err);

	for (size_t i = 0; i < l.n && rc == 0; i++)
		if (folders_name_parse(l.v[i], pk, &seq, sk) == 0 &&
		    memcmp(sk, store_device(c->st), VAULT_KEYID_LEN) == 0)
			rc = notice_apply(c, outbox, inbox, l.v[i], err);
	names_free(&l);
	return rc;
}

/* ---- Acknowledgements and tidying ---- */

/* Whether the peer acknowledged everything bundle NAME held. */
static int
acknowledged(const struct folders_dir *state, const struct store_peer *v,
    size_t n, const char *name)
{
	unsigned char pk[VAULT_KEYID_LEN], sk[VAULT_KEYID_LEN];
	const struct sent *s;
	struct sent *lines;
	size_t k;
	uint64_t seq;
	int rc = 0;

	if (folders_name_parse(name, pk, &seq, sk) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (memcmp(v[i].keyid, pk, VAULT_KEYID_LEN) != 0)
			continue;
		sent_read(state, pk, &lines, &k);
		s = sent_find(lines, k, seq, 0);
		rc = s != NULL && v[i].acked >= s->to;
		free(lines);
	}
	return rc;
}

/* Move each sent bundle its peer acknowledged to done/. */
static int
acks_apply(struct folders_ctx *c, const struct folders_dir *outbox,
    struct xf_err *err)
{
	struct folders_dir sent;
	struct store_peer *v = NULL;
	struct names l = {NULL, 0};
	size_t n = 0;
	int rc = folders_subdir(c, outbox, "sent", 1, &sent, err);

	if (rc == 0)
		rc = names_read(&sent, FOLDERS_SUFFIX, &l, err);
	if (rc == 0 && l.n > 0)
		rc = store_peer_list(c->st, &v, &n, err);
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		if (!acknowledged(outbox, v, n, l.v[i]))
			continue;
		rc = move_to(c, &sent, outbox, "done", l.v[i], l.v[i], err);
		c->n.acked++;
		emit(c, FE_ACKED, l.v[i], NULL, _("acknowledged"));
	}
	store_peer_list_free(v, n);
	names_free(&l);
	folders_close(&sent);
	return rc;
}

/* The index of the oldest file of a list (by time, then name). */
static size_t
oldest(int dfd, const struct names *l)
{
	size_t old = 0;

	for (size_t i = 1; i < l->n; i++)
		if (dirfd_mtime(dfd, l->v[i]) < dirfd_mtime(dfd, l->v[old]))
			old = i;
	return old;
}

/* Keep the newest FOLDERS_KEEP_DONE bundles of DIR/done; removes only
 * entries of the real done/ folder, whatever a link there points at. */
void
folders_prune_done(const struct folders_dir *dir)
{
	struct folders_dir done;
	struct xf_err err;
	struct names l;
	size_t old;

	if (folders_subdir(NULL, dir, "done", 0, &done, &err) != 0)
		return;
	if (names_read(&done, FOLDERS_SUFFIX, &l, NULL) == 0)
		while (l.n > FOLDERS_KEEP_DONE) {
			old = oldest(done.fd, &l);
			unlinkat(done.fd, l.v[old], 0);
			free(l.v[old]);
			l.v[old] = l.v[--l.n];
		}
	names_free(&l);
	folders_close(&done);
}

/* STATE/.self: the key id of the store folder dir serves (a device's
 * transport reads its outbox's). A folder of another store is refused, so
 * that a demo or second store never takes, and refuses, the first one's
 * bundles. */
int
folders_claim(struct store *st, const char *dir,
    const struct folders_dir *state, struct xf_err *err)
{
	char hex[17], line[18], old[18] = "";
	unsigned char *data = NULL;
	size_t len = 0;
	struct xf_err e2;
	int rc = 0;

	keyid_hex(store_device(st), hex);
	snprintf(line, sizeof line, "%s\n", hex);
	if (read_in(state, ".self", &data, &len, 64, &e2) == 0)
		snprintf(old, sizeof old, "%.*s", (int)len, (char *)data);
	free(data);
	if (strlen(old) == 17 && old[16] == '\n' && strcmp(old, line) != 0) {
		old[16] = '\0';
		rc = xf_error(err, _("folder %s serves the store with key id %s, "
		    "and this store's key id is %s: give this store folders of "
		    "its own"), dir, old, hex);
	} else if (strcmp(old, line) != 0)
		rc = dirfd_write(state->fd, state->path, ".self", line,
		    strlen(line), 0644, err);
	return rc;
}

/* Make a private folder of notes; a link in its place is refused. */
static int
private_dir(const char *path, struct xf_err *err)
{
	struct stat sb;

	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return xf_error(err, _("cannot create folder %s: %s"), path,
		    strerror(errno));
	if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return xf_error(err, _("%s is not a folder: move it away"),
		    path);
	return 0;
}

/*
 * A station's own notes on a watched folder, kept out of it: devices may
 * write anything there, so the lock, the claim and what each device was
 * sent live in $XDG_DATA_HOME/xunfang/watch/HASH/, HASH naming the
 * folder's real path, with that path in its file "folder".
 */
char *
folders_watch_state(const char *dir, struct xf_err *err)
{
	char *real = realpath(dir, NULL), *base, *state, *p, hex[17];
	unsigned char h[32];
	struct buf b = {0};
	int rc;

	if (real == NULL) {
		xf_error(err, _("cannot find folder %s: %s"), dir,
		    strerror(errno));
		return NULL;
	}
	vault_hash((const unsigned char *)real, strlen(real), h);
	keyid_hex(h, hex);
	base = folders_default("watch");
	state = xasprintf("%s/%s", base, hex);
	p = xasprintf("%s/folder", state);
	buf_addf(&b, "%s\n", real);
	rc = mkdir_parents(p, 0700, err);
	if (rc == 0)
		rc = private_dir(state, err);
	if (rc == 0 && access(p, F_OK) != 0)
		rc = file_write_atomic(p, b.data, b.len, 0600, err);
	buf_free(&b);
	free(p);
	free(base);
	free(real);
	if (rc != 0) {
		free(state);
		return NULL;
	}
	return state;
}

/* Import every bundle of the inbox; a refused one does not stop them,
 * nor one that could not be handled (the first such error is kept). */
static int
inbox_import(struct folders_ctx *c, const struct folders_dir *inbox,
    struct xf_err *err)
{
	struct names l;
	struct xf_err e2;
	int rc = names_read(inbox, FOLDERS_SUFFIX, &l, err);

	for (size_t i = 0; i < l.n; i++)
		if (folders_import(c, inbox, inbox, NULL, l.v[i], rc == 0 ?
		    err : &e2) < 0)
			rc = -1;
	names_free(&l);
	return rc;
}

/* The steps of a run, in order, under the inbox's lock. */
static int
sync_steps(struct folders_ctx *c, const struct folders_dir *outbox,
    const struct folders_dir *inbox, struct xf_err *err)
{
	struct xf_err e2;
	int rc;

	if (folders_claim(c->st, outbox->path, outbox, err) != 0 ||
	    folders_claim(c->st, inbox->path, inbox, err) != 0)
		return -1;
	/* A file that could not be handled holds back none of the rest; the
	 * first error is the one told. */
	rc = inbox_import(c, inbox, err);
	if (notices_apply(c, outbox, inbox, rc == 0 ? err : &e2) != 0)
		rc = -1;
	if (acks_apply(c, outbox, rc == 0 ? err : &e2) != 0)
		rc = -1;
	if (folders_export_all(c, outbox, outbox, 0, rc == 0 ? err : &e2) != 0)
		rc = -1;
	folders_prune_done(outbox);
	folders_prune_done(inbox);
	return rc;
}

/*
 * At a station, the lock a watch of this inbox holds (it is kept outside
 * the folder, where uploaders cannot reach it): a sync and a watch never
 * work on the same files at once.
 */
static int
watched_lock(struct folders_ctx *c, const char *inbox, int wait,
    struct folders_dir *w, int *wfd, struct xf_err *err)
{
	char *state;
	int rc;

	if (store_role(c->st) != ROLE_STATION)
		return 0;
	if ((state = folders_watch_state(inbox, err)) == NULL)
		return -1;
	rc = folders_open(state, 0, w, err);
	free(state);
	if (rc == 0 && folders_lock(w, wait, wfd, err) != 0)
		rc = xf_error(err, _("a watch of %s is running, and it imports "
		    "what arrives there: stop it first, or sync another folder"),
		    inbox);
	return rc;
}

/* A device's run: import, notices, acknowledgements, export. */
int
folders_sync(struct folders_ctx *c, const char *outbox, const char *inbox,
    int wait, struct xf_err *err)
{
	struct folders_dir o = {-1, NULL}, i = {-1, NULL}, w = {-1, NULL};
	int fd = -1, wfd = -1, rc = -1;

	if (folders_open(outbox, 1, &o, err) == 0 &&
	    folders_open(inbox, 1, &i, err) == 0 &&
	    watched_lock(c, inbox, wait, &w, &wfd, err) == 0 &&
	    folders_prepare(c, &o, 1, err) == 0 &&
	    folders_prepare(c, &i, 0, err) == 0 &&
	    folders_lock(&i, wait, &fd, err) == 0) {
		rc = sync_steps(c, &o, &i, err);
		folders_unlock(fd);
	}
	folders_unlock(wfd);
	folders_close(&w);
	folders_close(&o);
	folders_close(&i);
	return rc;
}

/* ---- The state of each file, for the sync screen ---- */

/* The first line of DIR/NAME.why, or NULL. */
static char *
why_first(int dfd, const char *name)
{
	char *w = why_name(name), *text = NULL;

	if (dirfd_kind(dfd, w) == DK_FILE)
		text = notice_read(dfd, w);
	free(w);
	return text;
}

/* Add the files of DIR/SUB (SUB "" for DIR) in a state; a link where
 * SUB belongs is not followed. */
static void
list_add(struct folders_file **v, size_t *n, int top, const char *sub,
    enum folders_state state)
{
	int fd = sub[0] ? dirfd_sub(top, sub, 0) : top;
	struct names l;

	if (dirfd_names(fd, FOLDERS_SUFFIX, &l.v, &l.n) == 0)
		for (size_t i = 0; i < l.n; i++) {
			struct folders_file *f;

			*v = xreallocarray(*v, *n + 1, sizeof **v);
			f = &(*v)[(*n)++];
			f->name = l.v[i];
			f->state = state;
			f->mtime = dirfd_mtime(fd, l.v[i]);
			f->why = state == FS_REJECTED || state == FS_REFUSED ?
			    why_first(fd, l.v[i]) : NULL;
		}
	free(l.v);
	if (fd != top)
		dirfd_close(fd);
}

/* Add the refusal notices of DIR/rejected whose bundle was not found. */
static void
list_add_notices(struct folders_file **v, size_t *n, int top)
{
	int fd = dirfd_sub(top, "rejected", 0);
	struct names l;
	char *b;

	if (dirfd_names(fd, FOLDERS_WHY, &l.v, &l.n) == 0)
		for (size_t i = 0; i < l.n; i++) {
			size_t k = strlen(l.v[i]) - strlen(FOLDERS_WHY);
			struct folders_file *f;

			b = xasprintf("%.*s%s", (int)k, l.v[i], FOLDERS_SUFFIX);
			if (dirfd_kind(fd, b) != DK_NONE) {
				free(b);
				continue;
			}
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			f = &(*v)[(*n)++];
			f->name = b;
			f->state = FS_REJECTED;
			f->mtime = dirfd_mtime(fd, l.v[i]);
			f->why = why_first(fd, b);
		}
	names_free(&l);
	dirfd_close(fd);
}

/* Newest first. */
static int
file_cmp(const void *a, const void *b)
{
	const struct folders_file *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? 1 : -1;
	return strcmp(y->name, x->name);
}

/* The outbox's files with their states, newest first. */
static void
list_outbox(const char *outbox, struct folders_file **out, size_t *n)
{
	int fd = open(outbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	list_add(out, n, fd, "", FS_WAITING);
	list_add(out, n, fd, "sent", FS_SENT);
	list_add(out, n, fd, "done", FS_ACKED);
	list_add(out, n, fd, "rejected", FS_REJECTED);
	list_add_notices(out, n, fd);
	close(fd);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, file_cmp);
}

/* The inbox's files with their states, after the k already listed. */
static void
list_inbox(const char *inbox, struct folders_file **out, size_t *n, size_t k)
{
	int fd = open(inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	list_add(out, n, fd, "", FS_RECEIVED);
	list_add(out, n, fd, "done", FS_IMPORTED);
	list_add(out, n, fd, "rejected", FS_REFUSED);
	close(fd);
	if (*n - k > 1)
		qsort(*out + k, *n - k, sizeof **out, file_cmp);
}

/* Every file of both folders with its state: the outbox, then the
 * inbox, each newest first. */
int
folders_list(const char *outbox, const char *inbox,
    struct folders_file **out, size_t *n, struct xf_err *err)
{
	(void)err;
	*out = NULL;
	*n = 0;
	list_outbox(outbox, out, n);
	list_inbox(inbox, out, n, *n);
	return 0;
}

/* Free a listing. */
void
folders_list_free(struct folders_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].why);
	}
	free(v);
}
