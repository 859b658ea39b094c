/* The UI loop: a stack of screens, global keys, resize and idle lock. */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define IDLE_POLL_MS 1000

/* Fill the context for a store that is open but not yet unlocked. */
void
tui_init(struct tui *t, struct store *st, const char *user)
{
	memset(t, 0, sizeof *t);
	t->st = st;
	t->user = user;
	t->cy = -1;
	settings_defaults(&t->set);
	t->zh = kind_lang_zh();
	t->last_key = time_now();
}

/* Free the stack and the caches. */
void
tui_fini(struct tui *t)
{
	while (t->top != NULL)
		tui_pop(t);
	if (t->refs != NULL)
		ref_cache_free(t->refs);
	t->refs = NULL;
}

/* Forget cached reference names after the store changed. */
void
tui_refs_reset(struct tui *t)
{
	if (t->refs != NULL)
		ref_cache_free(t->refs);
	t->refs = ref_cache_new(t->st);
	ref_cache_ops(t->refs, &t->ops);
}

/* Put a screen on top of the stack. */
void
tui_push(struct tui *t, const struct screen_ops *ops, void *data)
{
	struct screen *s = xcalloc(1, sizeof *s);

	s->ops = ops;
	s->data = data;
	s->below = t->top;
	t->top = s;
}

/* Take the top screen off and tell the one below. */
void
tui_pop(struct tui *t)
{
	struct screen *s = t->top;

	if (s == NULL)
		return;
	t->top = s->below;
	if (s->ops->free != NULL)
		s->ops->free(s);
	free(s);
	if (t->top != NULL && t->top->ops->reveal != NULL && !t->quit)
		t->top->ops->reveal(t, t->top);
}

/* Set the message shown above the bottom bar until the next key. */
void
tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_err = error;
}

/* Cover the screens with the unlock screen; nothing below is lost. */
void
tui_lock(struct tui *t)
{
	if (t->top != NULL && t->top->ops->secret)
		return;
	tui_track_flush(t);
	sync_folders_run(t, 1);
	unlock_open(t, 1);
}

/* Run fn(arg) after the current key. */
void
tui_defer(struct tui *t, void (*fn)(struct tui *, void *), void *arg)
{
	t->defer = fn;
	t->defer_arg = arg;
}

/* Draw the top screen, the message line and the bottom bar. */
void
tui_draw(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	erase();
	t->cy = -1;
	if (t->top != NULL) {
		const char *keys = NULL;

		t->top->ops->draw(t, t->top);
		if (t->top->ops->keys_now != NULL)
			keys = t->top->ops->keys_now(t, t->top);
		if (keys == NULL && t->top->ops->keys != NULL)
			keys = _(t->top->ops->keys);
		if (keys != NULL)
			tui_bottom(t, keys);
	}
	if (t->msg[0] != '\0' && t->rows > 2) {
		attrset(tui_attr(t, t->msg_err ? TA_ERROR : TA_OK));
		tui_put_fit(t, t->rows - 2, 0, t->msg, t->cols);
		attrset(A_NORMAL);
	}
	if (t->cy >= 0) {
		curs_set(1);
		move(t->cy, t->cx);
	} else
		curs_set(0);
}

/* Keys every screen shares, when the screen did not use the key. */
static int
global_key(struct tui *t, struct tui_key k)
{
	const struct screen_ops *ops = t->top->ops;

	if (k.fn && k.code == KEY_F(10))
		return TUI_QUIT;
	if (ops->secret)
		return tui_is_back(k) ? TUI_CLOSE : TUI_NONE;
	if ((k.fn && k.code == KEY_F(1)) || (!k.fn && k.code == L'?')) {
		help_open(t, ops);
		return TUI_REDRAW;
	}
	if (k.fn && k.code == KEY_F(9)) {
		tui_lock(t);
		return TUI_REDRAW;
	}
	if (tui_is_back(k))
		return TUI_CLOSE;
	return TUI_NONE;
}

/* Handle one key: the screen first, then the shared keys. */
void
tui_key(struct tui *t, struct tui_key k)
{
	int r;

	t->msg[0] = '\0';
	if (k.fn && k.code == KEY_RESIZE)
		return;
	if (!k.fn && k.code == 12)	/* Ctrl-L */
		clearok(curscr, TRUE);
	r = t->top->ops->key(t, t->top, k);
	if (r & TUI_UNHANDLED)
		r = global_key(t, k);
	if (r & TUI_QUIT)
		t->quit = 1;
	else if (r & TUI_CLOSE)
		tui_pop(t);
	if (t->defer != NULL) {
		void (*fn)(struct tui *, void *) = t->defer;

		t->defer = NULL;
		fn(t, t->defer_arg);
	}
}

/* Lock when the keyboard was idle for the configured time. */
static void
idle_check(struct tui *t)
{
	int64_t idle = (int64_t)t->set.idle_lock_minutes * 60;

	if (t->unlocked && idle > 0 && time_now() - t->last_key >= idle &&
	    !t->top->ops->secret) {
		tui_lock(t);
		tui_draw(t);
	}
}

/* The terminal went away (SIGHUP) or the system asks the program to end
 * (SIGTERM): leave the loop, so that open forms keep their drafts. */
static volatile sig_atomic_t hangup;

static void
on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
}


/* Read keys until the stack is empty or a screen asks to quit. */
static void
tui_loop(struct tui *t)
{
	while (t->top != NULL && !t->quit) {
		struct tui_key k;
		wint_t ch;
		int r;

		tui_gps_poll(t);
		tui_draw(t);
		refresh();
		if (t->busy)
			timeout(0);
		r = get_wch(&ch);
		if (t->busy)
			timeout(IDLE_POLL_MS);
		t->busy = 0;
		if (hangup) {
			t->quit = 1;
			break;
		}
		if (r == ERR) {
			form_drafts_flush(t);
			if (t->top->ops->idle != NULL)
				t->top->ops->idle(t, t->top);
			idle_check(t);
			continue;
		}
		k.fn = r == KEY_CODE_YES;
		k.code = ch;
		if (!(k.fn && k.code == KEY_RESIZE))
			t->last_key = time_now();
		tui_key(t, k);
	}
}

/* Start curses with the settings the UI needs. */
static int
curses_start(struct tui *t, struct xf_err *err)
{
	const char *term = getenv("TERM");

	if ((t->scr = newterm(NULL, stdout, stdin)) == NULL)
		return xf_error(err, _("cannot use the terminal '%s': set TERM "
		    "to your terminal's type (for example xterm-256color)"),
		    term ? term : "");
	set_term(t->scr);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(IDLE_POLL_MS);
	tui_colours(t);
	return 0;
}

/* Restore the terminal if memory runs out. */
static void
fatal_hook(void)
{
	endwin();
}

/* The store is busy with another xunfang: say so on the screen while the
 * store waits for it. */
static void
busy_notice(void *arg)
{
	struct tui *t = arg;

	tui_message(t, 0, _("Another xunfang is writing to the store "
	    "(importing a bundle?); please wait…"));
	tui_draw(t);
	refresh();
}

/* Run the UI over an open store until the person leaves it. */
int
tui_run(struct store *st, const char *user, const struct settings *set,
    struct xf_err *err)
{
	struct tui t;

	tui_init(&t, st, user);
	t.set = *set;
	t.set.store = NULL;	/* owned by the caller */
	t.gps = gps_new(t.set.gpsd);
	if (set->bad_line != 0) {
		snprintf(t.msg, sizeof t.msg, _("configuration line %d: %s"),
		    set->bad_line, set->bad_msg);
		t.msg_err = 1;
	}
	if (curses_start(&t, err) != 0)
		return -1;
	xmalloc_set_fatal_hook(fatal_hook);
	unlock_open(&t, 0);
	catch_signals(on_hangup, SIGHUP, SIGTERM);
	store_busy_notice(busy_notice, &t);
	tui_loop(&t);
	tui_track_flush(&t);
	if (t.unlocked && !hangup && (t.top == NULL || !t.top->ops->secret))
		sync_folders_run(&t, 1);
	tui_fini(&t);
	tui_track_stop(&t);
	gps_free(t.gps);
	store_busy_notice(NULL, NULL);
	endwin();
	delscreen(t.scr);
	xmalloc_set_fatal_hook(NULL);
	return 0;
}

/* The curses library's version as loaded, for --version. */
const char *
tui_curses_version(void)
{
	return curses_version();
}
