/*
 * Watching folders for complete bundles. Senders write under a hidden
 * temporary name and rename (rsync does); the rename is seen at once
 * through inotify. A file written in place is taken once its size and
 * time have stayed the same for `settle` seconds, judged by polling.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
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

/* One folder watched: its descriptor, its inotify watch, its files. */
struct wfolder {
	int dfd;
	char *shown;
	int wd;
	struct seen *v;
	size_t n;
};

struct watch {
	int settle;
	int fd;			/* inotify, or -1 when polling */
	struct wfolder *f;
	size_t nf;
};

/* Seconds on a clock, to the nanosecond. */
static double
clock_secs(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A watch of no folder yet. */
struct watch *
watch_new(int settle, int poll_only)
{
	struct watch *w = xcalloc(1, sizeof *w);

	w->settle = settle;
	w->fd = poll_only ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	return w;
}

/* Watch one more folder; inotify reaches it through /proc/self/fd, the
 * descriptor itself, never by its path walked again. */
int
watch_add(struct watch *w, int dfd, const char *shown, struct xf_err *err)
{
	struct wfolder *f;
	char proc[48];
	int fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);

	if (fd < 0)
		return xf_error(err, _("cannot watch folder %s: %s"), shown,
		    strerror(errno));
	w->f = xreallocarray(w->f, w->nf + 1, sizeof *w->f);
	f = &w->f[w->nf];
	memset(f, 0, sizeof *f);
	f->dfd = fd;
	f->shown = xstrdup(shown);
	f->wd = -1;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (w->fd >= 0 && (f->wd = inotify_add_watch(w->fd, proc,
	    IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_ONLYDIR)) < 0) {
		/* Without it, every folder is polled. */
		close(w->fd);
		w->fd = -1;
	}
	return (int)w->nf++;
}

/* Stop watching folder k; its index stays taken. */
void
watch_drop(struct watch *w, int k)
{
	struct wfolder *f = &w->f[k];

	if (w->fd >= 0 && f->wd >= 0)
		inotify_rm_watch(w->fd, f->wd);
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].name);
	free(f->v);
	f->v = NULL;
	f->n = 0;
	f->wd = -1;
	if (f->dfd >= 0)
		close(f->dfd);
	f->dfd = -1;
}

/* Stop watching. */
void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (size_t k = 0; k < w->nf; k++) {
		for (size_t i = 0; i < w->f[k].n; i++)
			free(w->f[k].v[i].name);
		free(w->f[k].v);
		free(w->f[k].shown);
		if (w->f[k].dfd >= 0)
			close(w->f[k].dfd);
	}
	free(w->f);
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
seen_get(struct wfolder *w, const char *name)
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
watch_forget(struct watch *wa, int k, const char *name)
{
	struct wfolder *w = &wa->f[k];

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
			if (!(e->mask & IN_MOVED_TO) || e->len == 0 ||
			    !bundle_name_ok(e->name))
				continue;
			for (size_t k = 0; k < w->nf; k++)
				if (w->f[k].wd == e->wd)
					seen_get(&w->f[k], e->name)->moved = 1;
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
seen_check(struct watch *wa, struct wfolder *w, struct seen *s, double now)
{
	struct stat sb;
	int64_t mt;

	if (fstatat(w->dfd, s->name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
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
	return s->moved || now - s->since >= (double)wa->settle;
}

/* Drop entries of files that are gone. */
static void
seen_sweep(struct wfolder *w)
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

/* The complete bundles in folder k now. */
int
watch_ready(struct watch *wa, int k, char ***names, size_t *n,
    struct xf_err *err)
{
	struct wfolder *w = &wa->f[k];
	int fd = openat(w->dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	double now = clock_secs(CLOCK_MONOTONIC);

	*names = NULL;
	*n = 0;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return xf_error(err, _("cannot read folder %s: %s"), w->shown,
		    strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		struct seen *s;

		if (!bundle_name_ok(e->d_name))
			continue;
		s = seen_get(w, e->d_name);
		s->present = 1;
		if (!seen_check(wa, w, s, now))
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
