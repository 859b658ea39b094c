/*
 * Sync through folders. Names: PEER-SEQ-SENDER.xfb (key ids in hex, the
 * sequence 8 digits), so files sort by peer and sequence and never
 * collide. What each peer was last sent is kept beside the bundles in
 * OUTBOX/.sent-PEER (a station: in its private folder of notes on the
 * watched folder), lines of "seq to ack revoked retry": a new bundle is
 * written only when the peer lacks something that bundle did not carry
 * (versions after its rows, a newer acknowledgement, a longer revocation
 * list), or once again after the peer refused it.
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

#include "folders.h"
#include "identity.h"
#include "sync.h"

#define SENT_KEEP 64
#define WHY_MAX 4096

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

/* DIR/NAME (caller frees). */
static char *
path2(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* DIR/SUB/NAME (caller frees). */
static char *
path3(const char *dir, const char *sub, const char *name)
{
	return xasprintf("%s/%s/%s", dir, sub, name);
}

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

/* Whether both default folders exist. */
int
folders_default_exist(void)
{
	char *o = folders_default("outbox"), *i = folders_default("inbox");
	int rc = is_dir(o) && is_dir(i);

	free(o);
	free(i);
	return rc;
}

/* Make one folder (its parent exists). */
static int
make_dir(const char *path, struct xf_err *err)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return xf_error(err, _("cannot create folder %s: %s"), path,
		    strerror(errno));
	if (!is_dir(path))
		return xf_error(err, _("%s is not a folder: move it away"),
		    path);
	return 0;
}

/* The folder with its parents and its subfolders. */
int
folders_prepare(const char *dir, int outbox, struct xf_err *err)
{
	static const char *const subs[] = {"done", "rejected", "sent"};
	char *p = path2(dir, "x");
	int rc = mkdir_parents(p, 0700, err);

	free(p);
	if (rc == 0)
		rc = make_dir(dir, err);
	for (size_t i = 0; rc == 0 && i < XF_ARRAY_LEN(subs) - !outbox; i++) {
		p = path2(dir, subs[i]);
		rc = make_dir(p, err);
		free(p);
	}
	return rc;
}

/* Sleep a tenth of a second. */
static void
nap(void)
{
	struct timespec ts = {0, 100 * 1000 * 1000};

	nanosleep(&ts, NULL);
}

/* Lock DIR/.lock, waiting up to wait seconds for another run. */
int
folders_lock(const char *dir, int wait, int *fdp, struct xf_err *err)
{
	char *p = path2(dir, ".lock");
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	free(p);
	if (fd < 0)
		return xf_error(err, _("cannot open the lock file in %s: %s"),
		    dir, strerror(errno));
	for (int tries = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; tries++) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    tries >= wait * 10) {
			close(fd);
			return xf_error(err, _("another xunfang is working on %s "
			    "(it holds %s/.lock); wait until it has finished "
			    "and try again"), dir, dir);
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

/* Whether name ends with suffix. */
static int
ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

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

/* Sort names as strings. */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in suffix, not hidden, sorted. A missing
 * folder has none. */
static int
names_read(const char *dir, const char *suffix, struct names *out,
    struct xf_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	out->v = NULL;
	out->n = 0;
	if (d == NULL)
		return errno == ENOENT ? 0 : xf_error(err, _("cannot read "
		    "folder %s: %s"), dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix) ||
		    strlen(e->d_name) > 255)
			continue;
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, name_cmp);
	return 0;
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

/* Move DIR/FROM/NAME to DIR/TO/NAME (FROM "" for DIR itself). */
static int
move_file(const char *dir, const char *from, const char *to,
    const char *name, struct xf_err *err)
{
	char *a = from[0] ? path3(dir, from, name) : path2(dir, name);
	char *b = path3(dir, to, name);
	int rc = rename(a, b);

	if (rc != 0)
		xf_error(err, _("cannot move %s to %s: %s"), a, b,
		    strerror(errno));
	else
		file_sync_dir(b);
	free(a);
	free(b);
	return rc == 0 ? 0 : -1;
}

/* Write the refusal text as DIR/SUB/NAME.why, one paragraph, by way of a
 * hidden name that no reader takes. */
static int
why_write(const char *dir, const char *sub, const char *name,
    const char *text, struct xf_err *err)
{
	char *w = why_name(name), *h = xasprintf(".%s", w);
	char *p = sub[0] ? path3(dir, sub, w) : path2(dir, w);
	char *tmp = sub[0] ? path3(dir, sub, h) : path2(dir, h);
	char *body = xasprintf("%s\n", text);
	int rc = file_write_atomic(tmp, body, strlen(body), 0600, err);

	if (rc == 0)
		rc = file_rename(tmp, p, err);
	if (rc != 0)
		unlink(tmp);
	free(body);
	free(tmp);
	free(p);
	free(h);
	free(w);
	return rc;
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

	if (c->log != NULL)
		c->log(c->arg, &e);
	free(shown);
}

/* "name (KEYID)" of a peer (caller frees). */
static char *
peer_label(const char *name, const unsigned char *keyid)
{
	char hex[17];

	keyid_hex(keyid, hex);
	return name ? xasprintf("%s (%s)", name, hex) : xstrdup(hex);
}

/* What an import did, in words (caller frees). */
static char *
import_detail(const struct sync_import *r)
{
	if (r->nversions == 0)
		return xstrdup(_("imported: acknowledgements only"));
	if (r->added == 0)
		return xasprintf(_("imported: nothing new, all %zu versions "
		    "were already here"), r->nversions);
	return xasprintf(ngettext("imported: added %zu version, %zu already "
	    "here", "imported: added %zu versions, %zu already here",
	    r->added), r->added, r->held);
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

/* Refuse a file: moved to rejected/, its reason beside it. */
static int
refuse(struct folders_ctx *c, const char *dir, const char *name,
    const struct sync_import *r, struct xf_err *err)
{
	char *who = refused_peer(r, name);
	struct xf_err e2;

	c->n.refused++;
	emit(c, FE_REFUSED, name, who, err->msg);
	free(who);
	/* The reason first, so whoever sees the file sees why; a name too
	 * long to have a reason beside it is still moved. */
	(void)why_write(dir, "rejected", name, err->msg, &e2);
	if (move_file(dir, "", "rejected", name, &e2) != 0) {
		*err = e2;
		return -1;
	}
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
import_read(const char *path, unsigned char **data, size_t *len,
    struct xf_err *err)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), rc;

	if (fd < 0 && errno == ENOENT)
		return xf_error(err, _("cannot read %s: %s"), path,
		    strerror(errno));
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > FOLDERS_MAX_FILE) {
		if (fd >= 0)
			close(fd);
		xf_error(err, _("this is not a bundle file (a link, not a "
		    "plain file, unreadable, or over %zu bytes)"),
		    (size_t)FOLDERS_MAX_FILE);
		return 1;
	}
	rc = file_read_fd(fd, path, data, len, FOLDERS_MAX_FILE, err);
	close(fd);
	return rc;
}

/* Import DIR/NAME; done/ or rejected/. */
int
folders_import(struct folders_ctx *c, const char *dir, const char *name,
    struct xf_err *err)
{
	char *path = path2(dir, name), *who, *detail;
	unsigned char peer[VAULT_KEYID_LEN], sender[VAULT_KEYID_LEN];
	uint64_t seq;
	struct sync_import r;
	unsigned char *data = NULL;
	size_t len = 0;
	int rc;

	memset(&r, 0, sizeof r);
	if (folders_name_parse(name, peer, &seq, sender) != 0) {
		free(path);
		xf_error(err, _("the file name is not one xunfang writes "
		    "(PEER-SEQUENCE-SENDER.xfb); the file was not read"));
		return refuse(c, dir, name, &r, err);
	}
	rc = import_read(path, &data, &len, err);
	free(path);
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
		rc = refuse(c, dir, name, &r, err);
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
	return move_file(dir, "", "done", name, err);
}

/* ---- What each peer was sent: OUTBOX/.sent-PEER ---- */

/* The state file's path for a peer (caller frees). */
static char *
sent_path(const char *outbox, const unsigned char *peer)
{
	char hex[17];

	keyid_hex(peer, hex);
	return xasprintf("%s/.sent-%s", outbox, hex);
}

/* Read the lines of what a peer was sent; a missing file has none. */
static void
sent_read(const char *outbox, const unsigned char *peer, struct sent **out,
    size_t *n)
{
	char *p = sent_path(outbox, peer), line[160];
	FILE *f = fopen(p, "r");
	struct sent s;

	*out = NULL;
	*n = 0;
	free(p);
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		    " %d", &s.seq, &s.to, &s.ack, &s.nrev, &s.retry) == 5) {
			*out = xreallocarray(*out, *n + 1, sizeof **out);
			(*out)[(*n)++] = s;
		}
	fclose(f);
}

/* Append a line and keep the newest SENT_KEEP. */
static int
sent_add(const char *outbox, const unsigned char *peer, const struct sent *s,
    struct xf_err *err)
{
	struct sent *v;
	struct buf b = {0};
	size_t n;
	char *p;
	int rc;

	sent_read(outbox, peer, &v, &n);
	for (size_t i = n > SENT_KEEP ? n - SENT_KEEP : 0; i < n; i++)
		buf_addf(&b, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		    " %d\n", v[i].seq, v[i].to, v[i].ack, v[i].nrev,
		    v[i].retry);
	buf_addf(&b, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d\n",
	    s->seq, s->to, s->ack, s->nrev, s->retry);
	p = sent_path(outbox, peer);
	rc = file_write_atomic(p, b.data, b.len, 0600, err);
	free(p);
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
was_rejected(struct store *st, const char *outbox, const unsigned char *peer,
    uint64_t seq)
{
	char *name = bundle_name(st, peer, seq), *w = why_name(name);
	char *a = path3(outbox, "rejected", name), *b = path3(outbox,
	    "rejected", w);
	int rc = access(a, F_OK) == 0 || access(b, F_OK) == 0;

	free(a);
	free(b);
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
peer_lacks(struct store *st, const char *outbox, const char *state,
    const struct store_peer *p, uint64_t nrev, struct lack *l,
    struct xf_err *err)
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
supersede(const char *outbox, const unsigned char *peer, uint64_t seq)
{
	unsigned char pk[VAULT_KEYID_LEN], sk[VAULT_KEYID_LEN];
	struct names l;
	uint64_t s;

	if (names_read(outbox, FOLDERS_SUFFIX, &l, NULL) != 0)
		return;
	for (size_t i = 0; i < l.n; i++)
		if (folders_name_parse(l.v[i], pk, &s, sk) == 0 && s < seq &&
		    memcmp(pk, peer, VAULT_KEYID_LEN) == 0) {
			char *p = path2(outbox, l.v[i]);

			unlink(p);
			free(p);
		}
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
clear_stale_exports(const char *outbox, const struct store_peer *p)
{
	DIR *d = opendir(outbox);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (stale_export(e->d_name, p->keyid, p->seq_out)) {
			char *f = path2(outbox, e->d_name);

			unlink(f);
			free(f);
		}
	if (d != NULL)
		closedir(d);
}

/* Write the bundle under a hidden name, then give it its own; note what
 * it carried in the state folder. */
static int
export_one(struct folders_ctx *c, const char *outbox, const char *state,
    const struct store_peer *p, struct lack *l, struct xf_err *err)
{
	struct sync_export e;
	char hex[17], *name = bundle_name(c->st, p->keyid, p->seq_out + 1);
	char *tmp = xasprintf("%s/.%s", outbox, name), *dst, *detail, *who;
	int rc;

	keyid_hex(p->keyid, hex);
	rc = sync_export(c->st, hex, tmp, NULL, NULL, &e, err);
	if (rc == 0 && e.seq != p->seq_out + 1) {
		free(name);
		name = bundle_name(c->st, p->keyid, e.seq);
	}
	dst = path2(outbox, name);
	if (rc == 0)
		rc = file_rename(tmp, dst, err);
	l->s.seq = e.seq;
	l->s.to = e.to;
	l->s.ack = e.ack;
	if (rc == 0)
		rc = sent_add(state, p->keyid, &l->s, err);
	if (rc == 0) {
		supersede(outbox, p->keyid, e.seq);
		c->n.written++;
		who = peer_label(p->name, p->keyid);
		detail = xasprintf(ngettext("written: %zu version",
		    "written: %zu versions", e.nversions), e.nversions);
		emit(c, FE_WROTE, name, who, detail);
		free(who);
		free(detail);
	}
	unlink(tmp);
	free(e.path);
	free(tmp);
	free(dst);
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
export_peer(struct folders_ctx *c, const char *outbox, const char *state,
    int per_peer, const struct store_peer *p, uint64_t nrev,
    struct xf_err *err)
{
	struct lack l;
	char hex[17], *dir;
	int rc;

	keyid_hex(p->keyid, hex);
	dir = per_peer ? xasprintf("%s/%s", outbox, hex) : xstrdup(outbox);
	rc = per_peer ? make_dir(dir, err) : 0;
	if (rc == 0) {
		clear_stale_exports(dir, p);
		rc = peer_lacks(c->st, dir, state, p, nrev, &l, err);
	}
	l.s.nrev = nrev;
	if (rc == 0 && l.need)
		rc = export_one(c, dir, state, p, &l, err);
	free(dir);
	return rc;
}

/* A bundle for each enrolled peer that lacks something. */
int
folders_export_all(struct folders_ctx *c, const char *outbox,
    const char *state, int per_peer, struct xf_err *err)
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

/* ---- Refusal notices ---- */

/* At a station: copy the refusal to the sending device's return folder. */
void
folders_return_notice(struct folders_ctx *c, const char *dir,
    const char *name, const char *why)
{
	unsigned char peer[VAULT_KEYID_LEN], sender[VAULT_KEYID_LEN];
	struct store_peer *v;
	struct xf_err err;
	uint64_t seq;
	size_t n;
	char hex[17], *out;

	if (folders_name_parse(name, peer, &seq, sender) != 0 ||
	    store_peer_list(c->st, &v, &n, &err) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (memcmp(v[i].keyid, sender, VAULT_KEYID_LEN) != 0 ||
		    v[i].role != ROLE_DEVICE)
			continue;
		keyid_hex(sender, hex);
		out = xasprintf("%s/outbox/%s", dir, hex);
		if (make_dir(out, &err) == 0)
			why_write(out, "", name, why, &err);
		free(out);
	}
	store_peer_list_free(v, n);
}

/* The text of a notice, made safe to show: valid UTF-8, one paragraph. */
static char *
notice_read(const char *path)
{
	unsigned char *data = NULL;
	size_t len = 0;
	struct xf_err err;
	char *s;

	if (file_read(path, &data, &len, WHY_MAX, &err) != 0 ||
	    !utf8_valid((char *)data, len))
		len = 0;
	s = xstrndup((char *)data, len);
	free(data);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	return s;
}

/* The folder of the outbox holding a bundle ("sent", "", "done"), or
 * NULL. */
static const char *
notice_where(const char *outbox, const char *name)
{
	static const char *const subs[] = {"sent", "", "done"};
	const char *found = NULL;

	for (size_t i = 0; i < XF_ARRAY_LEN(subs) && found == NULL; i++) {
		char *p = subs[i][0] ? path3(outbox, subs[i], name) :
		    path2(outbox, name);

		if (access(p, F_OK) == 0)
			found = subs[i];
		free(p);
	}
	return found;
}

/* Apply INBOX/NAME.why to the sent bundle NAME.xfb. */
static int
notice_apply(struct folders_ctx *c, const char *outbox, const char *inbox,
    const char *why, struct xf_err *err)
{
	size_t k = strlen(why) - strlen(FOLDERS_WHY);
	char *name = xasprintf("%.*s%s", (int)k, why, FOLDERS_SUFFIX);
	char *wp = path2(inbox, why), *text = notice_read(wp);
	const char *where = notice_where(outbox, name);
	int rc = why_write(outbox, "rejected", name, text, err);

	if (rc == 0 && where != NULL)
		rc = move_file(outbox, where, "rejected", name, err);
	if (rc == 0) {
		unlink(wp);
		c->n.notices++;
		emit(c, FE_NOTICE, name, NULL, text);
	}
	free(text);
	free(wp);
	free(name);
	return rc;
}

/* Every refusal notice of the inbox with no bundle beside it. */
static int
notices_apply(struct folders_ctx *c, const char *outbox, const char *inbox,
    struct xf_err *err)
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
acknowledged(const char *outbox, const struct store_peer *v, size_t n,
    const char *name)
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
		sent_read(outbox, pk, &lines, &k);
		s = sent_find(lines, k, seq, 0);
		rc = s != NULL && v[i].acked >= s->to;
		free(lines);
	}
	return rc;
}

/* Move each sent bundle its peer acknowledged to done/. */
static int
acks_apply(struct folders_ctx *c, const char *outbox, struct xf_err *err)
{
	char *sent = path2(outbox, "sent");
	struct store_peer *v = NULL;
	struct names l;
	size_t n = 0;
	int rc = names_read(sent, FOLDERS_SUFFIX, &l, err);

	free(sent);
	if (rc == 0 && l.n > 0)
		rc = store_peer_list(c->st, &v, &n, err);
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		if (!acknowledged(outbox, v, n, l.v[i]))
			continue;
		rc = move_file(outbox, "sent", "done", l.v[i], err);
		c->n.acked++;
		emit(c, FE_ACKED, l.v[i], NULL, _("acknowledged"));
	}
	store_peer_list_free(v, n);
	names_free(&l);
	return rc;
}

/* Modification time of DIR/NAME, 0 if it is gone. */
static int64_t
mtime_of(const char *dir, const char *name)
{
	char *p = path2(dir, name);
	struct stat sb;
	int64_t t = stat(p, &sb) == 0 ? (int64_t)sb.st_mtime : 0;

	free(p);
	return t;
}

/* The index of the oldest file of a list (by time, then name). */
static size_t
oldest(const char *dir, const struct names *l)
{
	size_t old = 0;

	for (size_t i = 1; i < l->n; i++)
		if (mtime_of(dir, l->v[i]) < mtime_of(dir, l->v[old]))
			old = i;
	return old;
}

/* Keep the newest FOLDERS_KEEP_DONE bundles of DIR/done. */
void
folders_prune_done(const char *dir)
{
	char *done = path2(dir, "done"), *p;
	struct names l;
	size_t old;

	if (names_read(done, FOLDERS_SUFFIX, &l, NULL) == 0)
		while (l.n > FOLDERS_KEEP_DONE) {
			old = oldest(done, &l);
			p = path2(done, l.v[old]);
			unlink(p);
			free(p);
			free(l.v[old]);
			l.v[old] = l.v[--l.n];
		}
	names_free(&l);
	free(done);
}

/* STATE/.self: the key id of the store folder dir serves (a device's
 * transport reads its outbox's). A folder of another store is refused, so
 * that a demo or second store never takes, and refuses, the first one's
 * bundles. */
int
folders_claim(struct store *st, const char *dir, const char *state,
    struct xf_err *err)
{
	char hex[17], line[18], old[18] = "";
	char *p = path2(state, ".self");
	FILE *f = fopen(p, "r");
	int rc = 0;

	keyid_hex(store_device(st), hex);
	snprintf(line, sizeof line, "%s\n", hex);
	if (f != NULL) {
		if (fgets(old, sizeof old, f) == NULL)
			old[0] = '\0';
		fclose(f);
	}
	if (strlen(old) == 17 && strcmp(old, line) != 0) {
		old[16] = '\0';
		rc = xf_error(err, _("folder %s serves the store with key id %s, "
		    "and this store's key id is %s: give this store folders of "
		    "its own"), dir, old, hex);
	} else if (strcmp(old, line) != 0)
		rc = file_write_atomic(p, line, strlen(line), 0644, err);
	free(p);
	return rc;
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
	state = path2(base, hex);
	p = path2(state, "folder");
	buf_addf(&b, "%s\n", real);
	rc = mkdir_parents(p, 0700, err);
	if (rc == 0)
		rc = make_dir(state, err);
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
inbox_import(struct folders_ctx *c, const char *inbox, struct xf_err *err)
{
	struct names l;
	struct xf_err e2;
	int rc = names_read(inbox, FOLDERS_SUFFIX, &l, err);

	for (size_t i = 0; i < l.n; i++)
		if (folders_import(c, inbox, l.v[i], rc == 0 ? err : &e2) < 0)
			rc = -1;
	names_free(&l);
	return rc;
}

/* The steps of a run, in order, under the inbox's lock. */
static int
sync_steps(struct folders_ctx *c, const char *outbox, const char *inbox,
    struct xf_err *err)
{
	struct xf_err e2;
	int rc;

	if (folders_claim(c->st, outbox, outbox, err) != 0 ||
	    folders_claim(c->st, inbox, inbox, err) != 0)
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

/* A device's run: import, notices, acknowledgements, export. */
int
folders_sync(struct folders_ctx *c, const char *outbox, const char *inbox,
    int wait, struct xf_err *err)
{
	int fd = -1, rc;

	if (folders_prepare(outbox, 1, err) != 0 ||
	    folders_prepare(inbox, 0, err) != 0 ||
	    folders_lock(inbox, wait, &fd, err) != 0)
		return -1;
	rc = sync_steps(c, outbox, inbox, err);
	folders_unlock(fd);
	return rc;
}

/* ---- The state of each file, for the sync screen ---- */

/* The first line of DIR/SUB/NAME.why, or NULL. */
static char *
why_first(const char *dir, const char *sub, const char *name)
{
	char *w = why_name(name), *p = path3(dir, sub, w), *text;

	free(w);
	if (access(p, F_OK) != 0) {
		free(p);
		return NULL;
	}
	text = notice_read(p);
	free(p);
	return text;
}

/* Add the files of DIR/SUB (SUB "" for DIR) in a state. */
static void
list_add(struct folders_file **v, size_t *n, const char *dir,
    const char *sub, enum folders_state state)
{
	char *d = sub[0] ? path2(dir, sub) : xstrdup(dir);
	struct names l;

	if (names_read(d, FOLDERS_SUFFIX, &l, NULL) == 0)
		for (size_t i = 0; i < l.n; i++) {
			struct folders_file *f;

			*v = xreallocarray(*v, *n + 1, sizeof **v);
			f = &(*v)[(*n)++];
			f->name = l.v[i];
			f->state = state;
			f->mtime = mtime_of(d, l.v[i]);
			f->why = state == FS_REJECTED || state == FS_REFUSED ?
			    why_first(dir, sub, l.v[i]) : NULL;
		}
	free(l.v);
	free(d);
}

/* Add the refusal notices of DIR/rejected whose bundle was not found. */
static void
list_add_notices(struct folders_file **v, size_t *n, const char *dir)
{
	char *d = path2(dir, "rejected"), *b;
	struct names l;

	if (names_read(d, FOLDERS_WHY, &l, NULL) == 0)
		for (size_t i = 0; i < l.n; i++) {
			size_t k = strlen(l.v[i]) - strlen(FOLDERS_WHY);
			struct folders_file *f;

			b = xasprintf("%.*s%s", (int)k, l.v[i], FOLDERS_SUFFIX);
			if (mtime_of(d, b) != 0) {
				free(b);
				continue;
			}
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			f = &(*v)[(*n)++];
			f->name = b;
			f->state = FS_REJECTED;
			f->mtime = mtime_of(d, l.v[i]);
			f->why = why_first(dir, "rejected", b);
		}
	names_free(&l);
	free(d);
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

/* Every file of both folders with its state: the outbox, then the
 * inbox, each newest first. */
int
folders_list(const char *outbox, const char *inbox,
    struct folders_file **out, size_t *n, struct xf_err *err)
{
	size_t k;

	(void)err;
	*out = NULL;
	*n = 0;
	list_add(out, n, outbox, "", FS_WAITING);
	list_add(out, n, outbox, "sent", FS_SENT);
	list_add(out, n, outbox, "done", FS_ACKED);
	list_add(out, n, outbox, "rejected", FS_REJECTED);
	list_add_notices(out, n, outbox);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, file_cmp);
	k = *n;
	list_add(out, n, inbox, "", FS_RECEIVED);
	list_add(out, n, inbox, "done", FS_IMPORTED);
	list_add(out, n, inbox, "rejected", FS_REFUSED);
	if (*n - k > 1)
		qsort(*out + k, *n - k, sizeof **out, file_cmp);
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
