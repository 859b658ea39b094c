/*
 * Watching a folder for complete bundles. Senders write under a hidden
 * temporary name and rename (rsync does); the rename is seen at once
 * through inotify. A file written in place is taken once its size and
 * time have stayed the same for `settle` seconds, judged by polling.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "watch.h"

/* What was last seen of one file. */
struct seen {
	char *name;
	int stated;		/* size and time below are known */
	int64_t size, mtime_ns;
	double since;		/* when size and time took these values */
	int moved;		/* it arrived by a rename */
	int present;
};

struct watch {
	char *dir;
	int settle;
	int fd;			/* inotify, or -1 when polling */
	struct seen *v;
	size_t n;
};

/* Seconds on a clock, to the nanosecond. */
static double
clock_secs(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start watching a folder. */
struct watch *
watch_new(const char *dir, int settle, int poll_only, struct xf_err *err)
{
	struct watch *w = xcalloc(1, sizeof *w);

	w->dir = xstrdup(dir);
	w->settle = settle;
	w->fd = poll_only ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd >= 0 && inotify_add_watch(w->fd, dir, IN_MOVED_TO |
	    IN_CLOSE_WRITE | IN_CREATE) < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == EACCES) {
			xf_error(err, _("cannot watch folder %s: %s"), dir,
			    strerror(errno));
			watch_free(w);
			return NULL;
		}
		close(w->fd);
		w->fd = -1;
	}
	return w;
}

/* Stop watching. */
void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].name);
	free(w->v);
	free(w->dir);
	free(w);
}

/* Whether inotify is in use. */
int
watch_inotify(const struct watch *w)
{
	return w->fd >= 0;
}

/* The entry for a name, made when missing. */
static struct seen *
seen_get(struct watch *w, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i].name, name) == 0)
			return &w->v[i];
	w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
	memset(&w->v[w->n], 0, sizeof *w->v);
	w->v[w->n].name = xstrdup(name);
	return &w->v[w->n++];
}

/* Forget a handled file. */
void
watch_forget(struct watch *w, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i].name, name) == 0) {
			free(w->v[i].name);
			w->v[i] = w->v[--w->n];
			return;
		}
}

/* Whether a name is a bundle a reader takes. */
static int
bundle_name_ok(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".xfb") == 0;
}

/* Note the renames inotify reported. */
static void
read_events(struct watch *w)
{
	char b[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *e;
	ssize_t n;

	while ((n = read(w->fd, b, sizeof b)) > 0)
		for (char *p = b; p < b + n; p += sizeof *e + e->len) {
			e = (const struct inotify_event *)p;
			if ((e->mask & IN_MOVED_TO) && e->len > 0 &&
			    bundle_name_ok(e->name))
				seen_get(w, e->name)->moved = 1;
		}
}

/* Wait for a change, a signal, or ms milliseconds. */
void
watch_wait(struct watch *w, int ms)
{
	struct pollfd p = {w->fd, POLLIN, 0};

	if (w->fd < 0) {
		poll(NULL, 0, ms);
		return;
	}
	if (poll(&p, 1, ms) > 0)
		read_events(w);
}

/* Look at one file again; 1 when it is complete. */
static int
seen_check(struct watch *w, struct seen *s, double now)
{
	char *p = xasprintf("%s/%s", w->dir, s->name);
	struct stat sb;
	int64_t mt;

	if (lstat(p, &sb) != 0) {
		free(p);
		return 0;
	}
	free(p);
	mt = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	if (!s->stated) {
		s->stated = 1;
		s->size = (int64_t)sb.st_size;
		s->mtime_ns = mt;
		/*
		 * Unchanged since its time stamp, if that is in the past.
		 * Both clocks to the nanosecond: in whole seconds a file
		 * written a moment ago could look a second old.
		 */
		s->since = now -
		    (clock_secs(CLOCK_REALTIME) - (double)mt / 1e9);
		if (s->since > now)
			s->since = now;
	} else if (s->size != (int64_t)sb.st_size || s->mtime_ns != mt) {
		s->size = (int64_t)sb.st_size;
		s->mtime_ns = mt;
		s->since = now;
		s->moved = 0;
	}
	return s->moved || now - s->since >= (double)w->settle;
}

/* Drop entries of files that are gone. */
static void
seen_sweep(struct watch *w)
{
	for (size_t i = 0; i < w->n;)
		if (!w->v[i].present) {
			free(w->v[i].name);
			w->v[i] = w->v[--w->n];
		} else
			w->v[i++].present = 0;
}

/* Sort names as strings. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The complete bundles in the folder now. */
int
watch_ready(struct watch *w, char ***names, size_t *n, struct xf_err *err)
{
	DIR *d = opendir(w->dir);
	struct dirent *e;
	double now = clock_secs(CLOCK_MONOTONIC);

	*names = NULL;
	*n = 0;
	if (d == NULL)
		return xf_error(err, _("cannot read folder %s: %s"), w->dir,
		    strerror(errno));
	while ((e = readdir(d)) != NULL) {
		struct seen *s;

		if (!bundle_name_ok(e->d_name))
			continue;
		s = seen_get(w, e->d_name);
		s->present = 1;
		if (!seen_check(w, s, now))
			continue;
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	seen_sweep(w);
	if (*n > 1)
		qsort(*names, *n, sizeof **names, cmp_names);
	return 0;
}
