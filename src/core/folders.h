/*
 * Sync through folders: a device's outbox and inbox, a station's watched
 * folder with an upload and a return folder per device (DIR/KEYID/in/,
 * DIR/KEYID/out/). The transport only moves files; this module imports,
 * exports, and sorts each file into done/ or rejected/ (with NAME.why).
 * Below the folder a user names, no link is ever followed (see dirfd.h).
 * The layout is in xunfang(1), `sync` and `watch`.
 */
#ifndef FOLDERS_H
#define FOLDERS_H

#include "store.h"

#define FOLDERS_SUFFIX ".xfb"
#define FOLDERS_WHY ".why"
#define FOLDERS_KEEP_DONE 20
#define FOLDERS_NAME_MAX 64
/* The largest file a folder run reads: a year of a village is far less. */
#define FOLDERS_MAX_FILE ((size_t)256 << 20)

/* What happened to one file. */
enum folders_what {
	FE_IMPORTED,	/* a bundle was imported (moved to done/) */
	FE_REFUSED,	/* a bundle was refused (moved to rejected/) */
	FE_FAILED,	/* a sound bundle could not be stored; left in place */
	FE_WROTE,	/* a new bundle was written for a peer */
	FE_ACKED,	/* the peer acknowledged a sent bundle (to done/) */
	FE_NOTICE,	/* the peer's refusal of a sent bundle came back */
	FE_IGNORED,	/* a refusal notice not signed by the peer: ignored */
	FE_ASIDE	/* a link or odd file where a folder belongs: moved */
};

/* One line of the log. */
struct folders_event {
	enum folders_what what;
	const char *name;	/* the file's name */
	const char *peer;	/* "name (KEYID)" or "KEYID" or "?" */
	const char *detail;	/* what was added, or the refusal */
};

typedef void (*folders_log_fn)(void *, const struct folders_event *);

/* What a run did, counted. */
struct folders_count {
	size_t imported, refused, failed, written, acked, notices;
};

/* The store a run works on, where its events go, and its counts. */
struct folders_ctx {
	struct store *st;
	folders_log_fn log;
	void *arg;
	struct folders_count n;
};

/* An open folder: its descriptor, and its path for messages. */
struct folders_dir {
	int fd;
	char *path;
};

/* A file's state, for the sync screen. */
enum folders_state {
	FS_WAITING, FS_SENT, FS_ACKED, FS_REJECTED,	/* outbox */
	FS_RECEIVED, FS_IMPORTED, FS_REFUSED		/* inbox */
};

struct folders_file {
	char *name;
	enum folders_state state;
	int64_t mtime;
	char *why;		/* first line of the reason, or NULL */
};

/* The default folder ("outbox" or "inbox") under $XDG_DATA_HOME/xunfang
 * (caller frees). */
char *folders_default(const char *which);
/* The default folder of a store: folders_default's, or for a demo store
 * PATH-outbox and PATH-inbox next to it (PATH without .db), so a demo and
 * the real store never share folders (caller frees). */
char *folders_default_of(const struct store *, const char *which);
/* Whether both default folders of a store exist (the TUI syncs only
 * then). */
int folders_default_exist(const struct store *);
/* Open the folder a user named (made with its parents when create). */
int folders_open(const char *path, int create, struct folders_dir *,
    struct xf_err *);
/* Open subfolder name of parent without following a link, made when
 * create; a link or file in its place is moved aside (and logged). */
int folders_subdir(struct folders_ctx *, const struct folders_dir *parent,
    const char *name, int create, struct folders_dir *, struct xf_err *);
void folders_close(struct folders_dir *);
/* Make a folder's done/ and rejected/ (and sent/ when outbox). */
int folders_prepare(struct folders_ctx *, const struct folders_dir *,
    int outbox, struct xf_err *);
/* At a station: device keyid's upload and return folders, TOP/KEYID/in
 * and TOP/KEYID/out, made when missing (either pointer may be NULL). */
int folders_device(struct folders_ctx *, const struct folders_dir *top,
    const unsigned char keyid[VAULT_KEYID_LEN], struct folders_dir *in,
    struct folders_dir *out, struct xf_err *);
/* Take an exclusive flock on DIR/.lock, waiting up to wait seconds (0:
 * not at all). */
int folders_lock(const struct folders_dir *, int wait, int *fd,
    struct xf_err *);
void folders_unlock(int fd);

/* Note this store's key id in STATE/.self (STATE is dir itself on a
 * device); refuse a folder another store has noted. */
int folders_claim(struct store *, const char *dir,
    const struct folders_dir *state, struct xf_err *);
/* A station's private folder of notes on watched folder dir, made if
 * need be (caller frees; NULL and err on failure). */
char *folders_watch_state(const char *dir, struct xf_err *);

/* Whether a name is one a reader takes: not hidden, ends in .xfb. */
int folders_is_bundle(const char *name);
/* Parse PEER-SEQ-SENDER.xfb (or .why); 0 when it is one. */
int folders_name_parse(const char *name, unsigned char peer[VAULT_KEYID_LEN],
    uint64_t *seq, unsigned char sender[VAULT_KEYID_LEN]);

/* Import FROM/NAME and move it to ARCH/done/ or ARCH/rejected/ (beside
 * NAME.why): 0 imported, 1 refused, -1 not touched (err says why). With
 * owner, FROM is that device's upload folder: a name naming another
 * sender is refused unread. */
int folders_import(struct folders_ctx *, const struct folders_dir *from,
    const struct folders_dir *arch, const unsigned char *owner,
    const char *name, struct xf_err *);
/* Write a bundle for every enrolled peer that lacks something: into
 * outbox, or with per_peer into each device's return folder
 * outbox/KEYID/out/; what each was sent is noted in folder state
 * (outbox itself on a device). */
int folders_export_all(struct folders_ctx *, const struct folders_dir *outbox,
    const struct folders_dir *state, int per_peer, struct xf_err *);
/* At a station: the refusal of a file from device owner's upload folder,
 * named as from that device, goes back signed to its return folder out
 * as NAME.why. */
void folders_return_notice(struct folders_ctx *, const struct folders_dir *out,
    const unsigned char *owner, const char *name, const char *why);
/* Keep the newest FOLDERS_KEEP_DONE bundles of DIR/done. */
void folders_prune_done(const struct folders_dir *);
/* A device's whole run: lock the inbox, import it, apply refusal notices
 * signed by the station and acknowledgements, fill the outbox. */
int folders_sync(struct folders_ctx *, const char *outbox, const char *inbox,
    int wait, struct xf_err *);

/* Every file of the outbox and inbox with its state, outbox first. */
int folders_list(const char *outbox, const char *inbox,
    struct folders_file **, size_t *, struct xf_err *);
void folders_list_free(struct folders_file *, size_t);

#endif
