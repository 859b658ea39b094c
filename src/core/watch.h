/* Watching folders for bundles that are complete: a file that arrived by
 * a rename (inotify IN_MOVED_TO), or one whose size and time have not
 * changed for a few seconds. Polls where inotify is missing. Each folder
 * is watched through its descriptor, so a link planted where it was
 * leads nowhere. */
#ifndef WATCH_H
#define WATCH_H

#include "xf.h"

struct watch;

/* A watch of no folder yet; settle is the seconds a file must stay
 * unchanged, poll forces polling. */
struct watch *watch_new(int settle, int poll);
/* Watch one more folder, by a descriptor the watch takes its own copy
 * of; shown names it in messages. Its index, or -1 and err. */
int watch_add(struct watch *, int dfd, const char *shown, struct xf_err *);
/* Stop watching folder i (a folder replaced since); its index stays. */
void watch_drop(struct watch *, int i);
void watch_free(struct watch *);
/* Whether inotify is in use (else polling). */
int watch_inotify(const struct watch *);
/* Wait up to ms milliseconds for a change in a folder; returns early on
 * a signal. */
void watch_wait(struct watch *, int ms);
/* The bundles of folder i complete now, sorted (caller frees each and
 * the array). */
int watch_ready(struct watch *, int i, char ***names, size_t *n,
    struct xf_err *);
/* Forget a file of folder i that was handled (it may come again). */
void watch_forget(struct watch *, int i, const char *name);

#endif
