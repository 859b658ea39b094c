/* The unlock screen: user and passphrase, at start and after a lock. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct unlock {
	struct tedit user, pass;
	int focus;	/* 0 user, 1 passphrase */
	int relock;	/* covering screens after a lock */
	int tries;
};

/* Wipe the passphrase bytes before they are freed or reused. */
static void
wipe(struct tedit *e)
{
	if (e->b.data != NULL)
		explicit_bzero(e->b.data, e->b.cap);
	e->b.len = 0;
	e->cur = e->off = 0;
}

/* Draw the two fields in the middle of the screen. */
static void
unlock_draw(struct tui *t, struct screen *s)
{
	struct unlock *u = s->data;
	int y = t->rows / 2 - 3, x = t->cols > 60 ? (t->cols - 56) / 2 : 1;
	const char *name = store_name(t->st);

	tui_title(t, u->relock ? _("Locked") : _("Unlock"));
	if (y < 2)
		y = 2;
	attrset(tui_attr(t, TA_LABEL));
	tui_put(t, y, x, u->relock ? _("The screen is locked; what you typed "
	    "is kept.") : _("Open the store with your account."), t->cols - x);
	attrset(A_NORMAL);
	if (name != NULL)
		tui_put(t, y + 1, x, name, t->cols - x);
	tui_put(t, y + 3, x, _("User:"), 16);
	tedit_draw(t, &u->user, y + 3, x + 16, 30, u->focus == 0);
	tui_put(t, y + 4, x, _("Passphrase:"), 16);
	tui_put_fit(t, y + 4, x + 16, "", 30);
	if (u->focus == 1) {
		t->cy = y + 4;
		t->cx = x + 16;
	}
	tui_put(t, y + 6, x, _("The passphrase is not shown while you type."),
	    t->cols - x);
}

/* Check the passphrase on a second handle, leaving the store as it is;
 * only the account that locked the screen may unlock it. */
static int
verify_again(struct tui *t, const char *user, const char *pass,
    struct xf_err *err)
{
	struct store *st2;
	char *me = store_account_name(t->st, store_user(t->st));
	int rc;

	rc = me != NULL && user != NULL && strcmp(me, user) == 0 ? 0 : -1;
	free(me);
	if (rc != 0)
		return xf_error_code(err, XF_E_AUTH);
	if (store_open(store_path(t->st), &st2, err) != 0)
		return -1;
	rc = store_unlock(st2, user, pass, strlen(pass), err);
	store_close(st2);
	return rc;
}

/* Say why the unlock failed: a wrong passphrase is typed again, the
 * other causes are named, so no one retries what cannot work. */
static void
unlock_failed(struct tui *t, struct unlock *u, const struct xf_err *err)
{
	switch (err->code) {
	case XF_E_AUTH:
		u->tries++;
		tui_message(t, 1, _("Wrong user name or passphrase (try %d). "
		    "Type them again."), u->tries);
		break;
	case XF_E_DISABLED:
		tui_message(t, 1, "%s", _("This account is disabled; an "
		    "officer can add a new one for you."));
		break;
	case XF_E_WIPED:
		tui_message(t, 1, "%s", _("The keys of this store were wiped "
		    "after too many wrong passphrases."));
		break;
	case XF_E_AMBIGUOUS:
		tui_message(t, 1, "%s", _("This store has several accounts: "
		    "type your user name."));
		break;
	default:	/* the disk, the file, memory: the core says which */
		tui_message(t, 1, "%s", err->msg);
		break;
	}
}

/* Try the user and passphrase; on success leave this screen. */
static int
unlock_try(struct tui *t, struct unlock *u)
{
	const char *user = tedit_str(&u->user), *pass = tedit_str(&u->pass);
	struct xf_err err = {0};
	int rc;

	if (*user == '\0')
		user = NULL;
	if (u->relock)
		rc = verify_again(t, user, pass, &err);
	else
		rc = store_unlock(t->st, user, pass, strlen(pass), &err);
	wipe(&u->pass);
	if (rc != 0) {
		unlock_failed(t, u, &err);
		return TUI_REDRAW;
	}
	if (!u->relock) {
		t->unlocked = 1;
		tui_refs_reset(t);
		tui_pop(t);
		home_open(t);
		drafts_offer(t);
		tui_clock_ask(t);
	} else
		tui_pop(t);
	sync_folders_run(t, 1);
	t->last_key = time_now();
	return TUI_REDRAW;
}

/* Keys: typing, Tab and arrows between fields, Enter to unlock. */
static int
unlock_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct unlock *u = s->data;

	if (!k.fn && (k.code == '\t' || k.code == '\r' || k.code == '\n')) {
		if (u->focus == 1 && k.code != '\t')
			return unlock_try(t, u);
		u->focus = !u->focus;
		return TUI_REDRAW;
	}
	if (k.fn && (k.code == KEY_UP || k.code == KEY_DOWN ||
	    k.code == KEY_BTAB)) {
		u->focus = !u->focus;
		return TUI_REDRAW;
	}
	if (!k.fn && k.code == 27)
		return u->relock ? TUI_NONE : TUI_QUIT;
	if (tedit_key(u->focus ? &u->pass : &u->user, k))
		return TUI_REDRAW;
	return TUI_UNHANDLED;
}

/* Free the fields, wiping the passphrase. */
static void
unlock_free(struct screen *s)
{
	struct unlock *u = s->data;

	wipe(&u->pass);
	tedit_free(&u->pass);
	tedit_free(&u->user);
	free(u);
}

static const struct screen_ops unlock_screen = {
	.name = "unlock",
	.title = N_("Unlock"),
	.help = NULL,
	.keys = N_("Tab next field  Enter unlock  Esc leave  F10 quit"),
	.draw = unlock_draw,
	.key = unlock_key,
	.free = unlock_free,
	.secret = 1,
};

static const struct screen_ops relock_screen = {
	.name = "lock",
	.title = N_("Locked"),
	.help = NULL,
	.keys = N_("Tab next field  Enter unlock  F10 quit"),
	.draw = unlock_draw,
	.key = unlock_key,
	.free = unlock_free,
	.secret = 1,
};

/* Show the unlock screen; relock keeps the screens below it. */
void
unlock_open(struct tui *t, int relock)
{
	struct unlock *u = xcalloc(1, sizeof *u);
	char *name = relock ? store_account_name(t->st, store_user(t->st)) :
	    NULL;

	u->relock = relock;
	tedit_set(&u->user, name ? name : t->user);
	tedit_set(&u->pass, "");
	u->focus = *tedit_str(&u->user) ? 1 : 0;
	free(name);
	tui_push(t, relock ? &relock_screen : &unlock_screen, u);
}
