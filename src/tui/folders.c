/*
 * The folder part of the sync screen: how many bundles wait, were sent,
 * acknowledged or refused in the outbox and inbox, the newest of them with
 * their state, and the folder sync itself, run from the sync screen and
 * at unlock when the default folders exist.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/folders.h"
#include "core/identity.h"
#include "tui.h"

/* The words for a file's state. */
static const char *
state_label(enum folders_state s)
{
	switch (s) {
	case FS_WAITING:
		return _("waiting");
	case FS_SENT:
		return _("sent");
	case FS_ACKED:
		return _("acknowledged");
	case FS_REJECTED:
		return _("rejected");
	case FS_RECEIVED:
		return _("received");
	case FS_IMPORTED:
		return _("imported");
	default:
		return _("refused");
	}
}

/* Put a row of text in the body with an attribute. */
static void
row(struct tui *t, int y, const char *text, enum tui_attr a)
{
	if (a)
		attrset(tui_attr(t, a));
	tui_put_fit(t, y, 1, text, t->cols - 2);
	attrset(A_NORMAL);
}

/* The two lines of counts, outbox and inbox. */
static int
counts_draw(struct tui *t, int y, const struct folders_file *v, size_t n)
{
	size_t c[FS_REFUSED + 1] = {0};
	char *s;

	for (size_t i = 0; i < n; i++)
		c[v[i].state]++;
	s = xasprintf(_("Outbox: %zu waiting, %zu sent, %zu acknowledged, "
	    "%zu rejected"), c[FS_WAITING], c[FS_SENT], c[FS_ACKED],
	    c[FS_REJECTED]);
	row(t, y++, s, c[FS_REJECTED] ? TA_WARN : 0);
	free(s);
	s = xasprintf(_("Inbox: %zu received, %zu imported, %zu refused"),
	    c[FS_RECEIVED], c[FS_IMPORTED], c[FS_REFUSED]);
	row(t, y++, s, c[FS_REFUSED] ? TA_WARN : 0);
	free(s);
	return y;
}

/* The peer a file is for (outbox) or from (inbox), by name. */
static const char *
file_peer(const struct folders_file *f, const struct store_peer *p,
    size_t np, char hex[17])
{
	unsigned char to[VAULT_KEYID_LEN], from[VAULT_KEYID_LEN];
	uint64_t seq;
	const unsigned char *id;

	if (folders_name_parse(f->name, to, &seq, from) != 0)
		return "?";
	id = f->state <= FS_REJECTED ? to : from;
	for (size_t i = 0; i < np; i++)
		if (memcmp(p[i].keyid, id, VAULT_KEYID_LEN) == 0)
			return p[i].name;
	keyid_hex(id, hex);
	hex[8] = '\0';
	return hex;
}

/* One file: state, number, peer, time, and a refusal's first line. */
static void
file_draw(struct tui *t, int y, const struct folders_file *f,
    const struct store_peer *p, size_t np)
{
	unsigned char a[VAULT_KEYID_LEN], b[VAULT_KEYID_LEN];
	uint64_t seq = 0;
	struct buf l = {0};
	char hex[17], when[20], num[24];
	int bad = f->state == FS_REJECTED || f->state == FS_REFUSED;

	folders_name_parse(f->name, a, &seq, b);
	time_format(f->mtime, when);
	snprintf(num, sizeof num, "#%llu", (unsigned long long)seq);
	buf_adds(&l, "  ");
	utf8_fit(&l, state_label(f->state), 12);
	buf_adds(&l, " ");
	utf8_fit(&l, num, 6);
	buf_adds(&l, " ");
	utf8_fit(&l, f->state <= FS_REJECTED ? "→" : "←", 1);
	buf_adds(&l, " ");
	utf8_fit(&l, file_peer(f, p, np, hex), 12);
	buf_addf(&l, " %s", strlen(when) > 5 ? when + 5 : when);
	if (bad && f->why != NULL)
		buf_addf(&l, "  %s", f->why);
	row(t, y, buf_str(&l), bad ? TA_WARN : 0);
	buf_free(&l);
}

/* Newest first, both folders together. */
static int
newest_first(const void *x, const void *y)
{
	const struct folders_file *a = x, *b = y;

	return a->mtime != b->mtime ? (a->mtime < b->mtime ? 1 : -1) :
	    strcmp(b->name, a->name);
}

/* The folder section in at most rows rows; returns the next row. */
int
sync_folders_draw(struct tui *t, int y, int rows, const struct store_peer *p,
    size_t np)
{
	char *o = folders_default_of(t->st, "outbox");
	char *in = folders_default_of(t->st, "inbox");
	struct folders_file *v = NULL;
	size_t n = 0;

	if (rows >= 1 && !folders_default_exist(t->st)) {
		row(t, y++, _("No sync folders yet: s makes them and syncs."),
		    TA_LABEL);
	} else if (rows >= 3 && folders_list(o, in, &v, &n, NULL) == 0) {
		row(t, y++, _("Sync folders (s syncs now):"), TA_LABEL);
		y = counts_draw(t, y, v, n);
		if (n > 1)
			qsort(v, n, sizeof *v, newest_first);
		for (size_t i = 0; i < n && (int)i < rows - 3; i++)
			file_draw(t, y++, &v[i], p, np);
	}
	folders_list_free(v, n);
	free(o);
	free(in);
	return y + 1;
}

/* Run the folder sync on the default folders (made if missing) and say
 * what it did; at unlock only when the folders exist, and quietly when
 * nothing happened. */
void
sync_folders_run(struct tui *t, int at_unlock)
{
	struct folders_ctx c = {t->st, NULL, NULL, {0}};
	struct xf_err err;
	char *o, *in;
	int rc;

	if (at_unlock && !folders_default_exist(t->st))
		return;
	o = folders_default_of(t->st, "outbox");
	in = folders_default_of(t->st, "inbox");
	tui_message(t, 0, "%s", _("Syncing the sync folders…"));
	tui_draw(t);
	refresh();
	rc = folders_sync(&c, o, in, 0, &err);
	free(o);
	free(in);
	t->msg[0] = '\0';
	if (rc != 0)
		tui_message(t, 1, _("Folder sync: %s"), err.msg);
	else if (!at_unlock || c.n.imported + c.n.refused + c.n.written +
	    c.n.acked + c.n.notices > 0)
		tui_message(t, c.n.refused + c.n.notices > 0, _("Folder sync: "
		    "imported %zu, refused %zu, written %zu, acknowledged %zu."),
		    c.n.imported, c.n.refused, c.n.written, c.n.acked);
	if (c.n.imported > 0) {
		tui_refs_reset(t);
		t->gen++;
	}
}
