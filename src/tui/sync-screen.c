/*
 * The sync screen: this store's key id and fingerprint, the enrolled
 * peers with their last sync (at a station, the devices and the versions
 * of each village), export to a path and import from a path with progress
 * and a summary.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/exchange.h"
#include "qrrecv.h"
#include "qrshow.h"
#include "tui.h"

enum sync_mode { SM_BROWSE, SM_EXPORT, SM_EXPORT_QR, SM_IMPORT };

struct syncscr {
	struct store_peer *peers;
	int64_t *counts;	/* versions each peer wrote */
	size_t n, sel;
	enum sync_mode mode;
	struct tedit path;
	char result[600];
	int result_err;
};

/* What the progress callback needs to draw on the screen. */
struct sync_progress {
	struct tui *t;
	int y;
};

/* Read the peers and their version counts again. */
static void
sync_reload(struct tui *t, struct syncscr *s)
{
	struct xf_err err;

	store_peer_list_free(s->peers, s->n);
	free(s->counts);
	s->peers = NULL;
	s->counts = NULL;
	s->n = 0;
	if (store_peer_list(t->st, &s->peers, &s->n, &err) != 0) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	s->counts = xcalloc(s->n + 1, sizeof *s->counts);
	for (size_t i = 0; i < s->n; i++)
		store_count_by_device(t->st, s->peers[i].keyid, &s->counts[i],
		    NULL);
	if (s->sel >= s->n)
		s->sel = s->n ? s->n - 1 : 0;
}

/* Put text on a row of the body, with an attribute. */
static void
sync_line(struct tui *t, int y, const char *text, enum tui_attr a)
{
	if (y >= tui_body_top(t) + tui_body_rows(t))
		return;
	if (a)
		attrset(tui_attr(t, a));
	tui_put_fit(t, y, 1, text, t->cols - 2);
	attrset(A_NORMAL);
}

/* Text wrapped at the body width from row y; returns the next row. */
static int
sync_wrap(struct tui *t, int y, const char *text, enum tui_attr a)
{
	char **lines;
	int n = tui_wrap(text, t->cols - 2, &lines);

	for (int i = 0; i < n; i++)
		sync_line(t, y++, lines[i], a);
	tui_lines_free(lines, n);
	return y;
}

/* The folder a typed path is written to, absolute: the working folder for
 * a bare file name. */
static char *
sync_folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *cwd, *abs;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	if ((real = realpath(dir, NULL)) != NULL) {
		free(dir);
		abs = xstrdup(real);
		free(real);
		return abs;
	}
	if (dir[0] == '/' || (cwd = getcwd(NULL, 0)) == NULL)
		return dir;
	abs = xasprintf("%s/%s", cwd, dir);
	free(cwd);
	free(dir);
	return abs;
}

/* A typed path with its folder made absolute. */
static char *
sync_abs_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = sync_folder_of(path), *abs;

	abs = xasprintf("%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/",
	    slash != NULL ? slash + 1 : path);
	free(dir);
	return abs;
}

/* This store: role, name, key id and fingerprint. */
static int
sync_draw_self(struct tui *t, int y)
{
	struct identity id;
	char hex[17], fp[IDENTITY_FP_LEN], *s;

	identity_self(t->st, &id);
	keyid_hex(id.keyid, hex);
	identity_fingerprint(&id, fp);
	s = xasprintf(_("This %s: %s   key id %s"), sync_role_name(id.role),
	    store_name(t->st), hex);
	sync_line(t, y++, s, TA_LABEL);
	free(s);
	s = xasprintf(_("Fingerprint %s"), fp);
	sync_line(t, y++, s, 0);
	free(s);
	return y + 1;
}

/* One peer row: name, village, last sync, versions, revoked. */
static void
sync_draw_peer(struct tui *t, int y, const struct store_peer *p, int64_t n,
    int selected)
{
	struct buf b = {0};
	char when[20];

	if (p->last_sync)
		time_format(p->last_sync, when);
	else
		snprintf(when, sizeof when, "%s", _("never"));
	utf8_fit(&b, p->name, 16);
	buf_adds(&b, "  ");
	utf8_fit(&b, p->village, 12);
	buf_adds(&b, "  ");
	utf8_fit(&b, when, 16);
	buf_addf(&b, "  %7lld", (long long)n);
	if (p->revoked)
		buf_addf(&b, "  %s", _("revoked"));
	sync_line(t, y, buf_str(&b), selected ? TA_SELECT : 0);
	buf_free(&b);
}

/* At a station: the versions written in each village. */
static int
sync_draw_villages(struct tui *t, struct syncscr *s, int y)
{
	for (size_t i = 0; i < s->n; i++) {
		int64_t sum = 0;
		int first = 1;
		char *line;

		for (size_t j = 0; j < s->n; j++) {
			if (strcmp(s->peers[j].village, s->peers[i].village) != 0)
				continue;
			first &= j >= i;
			sum += s->counts[j];
		}
		if (!first || s->peers[i].role != ROLE_DEVICE)
			continue;
		line = xasprintf(_("  %s: %lld versions"), s->peers[i].village,
		    (long long)sum);
		sync_line(t, y++, line, 0);
		free(line);
	}
	return y + 1;
}

/* The peers table, and at a station the villages. */
static int
sync_draw_peers(struct tui *t, struct syncscr *s, int y)
{
	struct buf h = {0};

	if (s->n == 0) {
		y = sync_wrap(t, y, store_role(t->st) == ROLE_STATION ?
		    _("No device enrolled yet: enrol each with `xunfang enroll "
		    "FILE --name NAME --village VILLAGE`, FILE being what "
		    "`xunfang id --export FILE` wrote on the device; e and c "
		    "export for it then.") :
		    _("No station enrolled yet: enrol it with `xunfang enroll "
		    "FILE`, FILE being what `xunfang id --export FILE` wrote at "
		    "the station; e and c export for it then."), TA_WARN);
		return y + 1;
	}
	utf8_fit(&h, _("Name"), 16);
	buf_adds(&h, "  ");
	utf8_fit(&h, _("Village"), 12);
	buf_adds(&h, "  ");
	utf8_fit(&h, _("Last sync"), 16);
	buf_addf(&h, "  %s", _("Versions"));
	sync_line(t, y++, buf_str(&h), TA_LABEL);
	buf_free(&h);
	for (size_t i = 0; i < s->n; i++)
		sync_draw_peer(t, y++, &s->peers[i], s->counts[i], i == s->sel);
	y++;
	if (store_role(t->st) == ROLE_STATION) {
		sync_line(t, y++, _("Versions by village:"), TA_LABEL);
		y = sync_draw_villages(t, s, y);
	}
	return y;
}

/* Draw the identity, the peers, the path being typed and the outcome. */
static void
sync_draw(struct tui *t, struct screen *scr)
{
	struct syncscr *s = scr->data;
	int y = tui_body_top(t);

	tui_title(t, _("Sync bundles"));
	y = sync_draw_self(t, y);
	y = sync_draw_peers(t, s, y);
	y = sync_folders_draw(t, y, tui_body_top(t) + tui_body_rows(t) - y - 4,
	    s->peers, s->n);
	if (s->mode != SM_BROWSE) {
		const char *label = s->mode != SM_IMPORT ? _("Export to file: ") :
		    _("Import file: ");
		int w = tui_put(t, y, 1, label, t->cols - 2);

		t->cx = tedit_draw(t, &s->path, y, 1 + w, t->cols - 3 - w, 1);
		t->cy = y++;
		if (s->mode != SM_IMPORT) {
			char *dir = sync_folder_of(tedit_str(&s->path));
			char *line = xasprintf(_("Written to folder: %s"), dir);

			y = sync_wrap(t, y, line, TA_LABEL);
			free(line);
			free(dir);
		}
		y++;
	}
	if (s->result[0] != '\0')
		sync_wrap(t, y, s->result, s->result_err ? TA_ERROR : TA_OK);
}

/* Export progress on the last body row. */
static void
sync_progress(void *arg, const char *what, size_t done, size_t total)
{
	struct sync_progress *p = arg;
	char *s = xasprintf("%s: %zu/%zu", what, done, total);

	sync_line(p->t, p->y, s, TA_WARN);
	free(s);
	refresh();
}

/* Export for the chosen peer to the typed path. */
static void
sync_do_export(struct tui *t, struct syncscr *s)
{
	struct sync_progress pr = {t, tui_body_top(t) + tui_body_rows(t) - 1};
	struct store_peer *p = &s->peers[s->sel];
	struct sync_export e;
	struct xf_err err;
	char hex[17], *path;

	keyid_hex(p->keyid, hex);
	if (sync_export(t->st, hex, tedit_str(&s->path), sync_progress, &pr, &e,
	    &err) != 0) {
		snprintf(s->result, sizeof s->result, "%s", err.msg);
		s->result_err = 1;
	} else {
		path = sync_abs_path(e.path);
		snprintf(s->result, sizeof s->result, _("Wrote bundle %llu for "
		    "%s to %s: %zu versions, %zu bytes."), (unsigned long long)
		    e.seq, p->name, path, e.nversions, e.bytes);
		free(path);
		s->result_err = 0;
	}
	free(e.path);
}

/* Show the bundle just written as QR codes, full screen, for a station
 * that takes no USB stick. */
static void
sync_show_qr(struct tui *t, struct syncscr *s)
{
	struct qrshow_opts o = {t->set.qr_rate, t->set.qr_version,
	    t->set.qr_render};
	unsigned char *data = NULL;
	size_t len = 0;
	struct xf_err err;

	if (s->result_err)
		return;
	if (file_read(tedit_str(&s->path), &data, &len, BUNDLE_MAX_FILE,
	    &err) != 0 || qrshow_in_curses(data, len, &o, &err) != 0) {
		snprintf(s->result, sizeof s->result, "%s", err.msg);
		s->result_err = 1;
	}
	free(data);
}

/* Import the bundle at the typed path and sum it up. */
static void
sync_do_import(struct tui *t, struct syncscr *s)
{
	struct sync_import r;
	struct xf_err err;
	unsigned char *data;
	size_t len;
	int rc;

	s->result_err = 1;
	if (file_read(tedit_str(&s->path), &data, &len, BUNDLE_MAX_FILE,
	    &err) != 0) {
		snprintf(s->result, sizeof s->result, "%s", err.msg);
		return;
	}
	rc = sync_import(t->st, data, len, 0, &r, &err);
	free(data);
	if (rc != 0)
		snprintf(s->result, sizeof s->result, _("Refused, nothing was "
		    "imported: %s"), err.msg);
	else if (r.added == 0)
		snprintf(s->result, sizeof s->result, _("Bundle %llu from %s: "
		    "nothing new, all %zu versions were already here."),
		    (unsigned long long)r.hdr.seq, r.sender_name, r.nversions);
	else
		snprintf(s->result, sizeof s->result, _("Bundle %llu from %s: "
		    "%zu new versions, %zu already here."), (unsigned long long)
		    r.hdr.seq, r.sender_name, r.added, r.held);
	for (int i = 0; rc == 0 && i < 2; i++) {
		const char *more = i == 0 ? sync_import_skipped(&r) :
		    sync_import_clock(&r);
		size_t n = strlen(s->result);

		if (more != NULL)
			snprintf(s->result + n, sizeof s->result - n, " %s",
			    more);
	}
	s->result_err = rc != 0;
	sync_import_clear(&r);
	if (rc == 0) {
		tui_refs_reset(t);
		t->gen++;
	}
}

/* Keys while a path is typed: Enter runs, Esc cancels. */
static int
sync_key_path(struct tui *t, struct syncscr *s, struct tui_key k)
{
	if (!k.fn && k.code == 27) {
		s->mode = SM_BROWSE;
		return TUI_REDRAW;
	}
	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER)) {
		if (tedit_str(&s->path)[0] == '\0')
			return TUI_REDRAW;
		if (s->mode == SM_EXPORT || s->mode == SM_EXPORT_QR)
			sync_do_export(t, s);
		if (s->mode == SM_EXPORT_QR)
			sync_show_qr(t, s);
		else if (s->mode == SM_IMPORT)
			sync_do_import(t, s);
		s->mode = SM_BROWSE;
		t->cy = -1;
		sync_reload(t, s);
		return TUI_REDRAW;
	}
	tedit_key(&s->path, k);
	return TUI_REDRAW;
}

/* Start typing a path, prefilled. */
static int
sync_ask(struct syncscr *s, enum sync_mode mode, const char *prefill)
{
	s->mode = mode;
	s->result[0] = '\0';
	tedit_set(&s->path, prefill);
	return TUI_REDRAW;
}

/* Browse the peers; e or Enter export, i import, Esc back. */
static int
sync_key(struct tui *t, struct screen *scr, struct tui_key k)
{
	struct syncscr *s = scr->data;
	char *name;
	int rc;

	if (s->mode != SM_BROWSE)
		return sync_key_path(t, s, k);
	if (tui_nav(k, &s->sel, s->n, 5))
		return TUI_REDRAW;
	if (!k.fn && k.code == 'i')
		return sync_ask(s, SM_IMPORT, "");
	if (!k.fn && k.code == 'r') {
		qrrecv_open(t);
		return TUI_REDRAW;
	}
	if (!k.fn && k.code == 's') {
		s->result[0] = '\0';
		sync_folders_run(t, 0);
		sync_reload(t, s);
		return TUI_REDRAW;
	}
	if (((!k.fn && (k.code == 'e' || k.code == 'c' || k.code == '\r' ||
	    k.code == '\n')) || (k.fn && k.code == KEY_ENTER)) && s->n == 0) {
		snprintf(s->result, sizeof s->result, "%s", _("e and c export "
		    "a bundle for the chosen peer, and no peer is enrolled yet: "
		    "enrol one first, as said above."));
		s->result_err = 1;
		return TUI_REDRAW;
	}
	if (((!k.fn && (k.code == 'e' || k.code == 'c' || k.code == '\r' ||
	    k.code == '\n')) || (k.fn && k.code == KEY_ENTER)) && s->n > 0) {
		char hex[17];

		keyid_hex(s->peers[s->sel].keyid, hex);
		name = xasprintf("xunfang-to-%.8s.xfb", hex);
		rc = sync_ask(s, !k.fn && k.code == 'c' ? SM_EXPORT_QR :
		    SM_EXPORT, name);
		free(name);
		return rc;
	}
	if (tui_is_back(k))
		return TUI_CLOSE;
	return TUI_UNHANDLED;
}

/* While a file name is typed, the keys that act on it. */
static const char *
sync_keys_now(struct tui *t, struct screen *scr)
{
	struct syncscr *s = scr->data;

	(void)t;
	if (s->mode == SM_IMPORT)
		return _("Enter imports the file  Esc cancel");
	if (s->mode != SM_BROWSE)
		return _("Enter writes the file  Esc cancel");
	return NULL;
}

/* Free the peers and the path. */
static void
sync_free(struct screen *scr)
{
	struct syncscr *s = scr->data;

	store_peer_list_free(s->peers, s->n);
	free(s->counts);
	tedit_free(&s->path);
	free(s);
}

static const struct screen_ops sync_screen = {
	.name = "sync",
	.title = N_("Sync bundles"),
	.help = N_("Exchange sync bundles with the station, or at a station\n"
	    "with its devices.\n"
	    "Up/Down choose a peer; e or Enter exports a bundle for it\n"
	    "to a file you name, on a USB stick for example.\n"
	    "i imports a bundle file: it is checked completely first;\n"
	    "a damaged or misaddressed one is refused with its cause.\n"
	    "A bundle imported twice adds nothing.\n"
	    "c exports the same way, then shows the bundle as QR codes for\n"
	    "a station that takes no USB stick; r receives one by scanner.\n"
	    "s syncs the sync folders now: imports the inbox, fills the\n"
	    "outbox; below, each bundle with its state and a refusal's cause.\n"
	    "When you enrol, compare the fingerprint with the other side."),
	.keys = N_("e export  i import  c QR  r receive QR  s sync  Esc back"),
	.keys_now = sync_keys_now,
	.draw = sync_draw,
	.key = sync_key,
	.free = sync_free,
};

/* Open the sync screen (the kind is not used). */
void
sync_screen_open(struct tui *t, const struct kind *k)
{
	struct syncscr *s = xcalloc(1, sizeof *s);

	(void)k;
	sync_reload(t, s);
	tui_push(t, &sync_screen, s);
}
