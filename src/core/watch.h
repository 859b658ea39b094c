/* Watching a folder for bundles that are complete: a file that arrived by
 * a rename (inotify IN_MOVED_TO), or one whose size and time have not
 * changed for a few seconds. Polls where inotify is missing. */
#ifndef WATCH_H
#define WATCH_H

#include "xf.h"

struct watch;

/* Watch dir; settle is the seconds a file must stay unchanged, poll
 * forces polling. */
struct watch *watch_new(const char *dir, int settle, int poll,
    struct xf_err *);
void watch_free(struct watch *);
/* Whether inotify is in use (else polling). */
int watch_inotify(const struct watch *);
/* Wait up to ms milliseconds for a change in the folder; returns early
 * on a signal. */
void watch_wait(struct watch *, int ms);
/* The bundles complete now, sorted (caller frees each and the array). */
int watch_ready(struct watch *, char ***names, size_t *n, struct xf_err *);
/* Forget a file that was handled (it may come again as a new one). */
void watch_forget(struct watch *, const char *name);

#endif
