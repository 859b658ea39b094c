/*
 * The terminal UI: a stack of screens over the core library. Only the
 * files of src/tui include curses.h.
 *
 * How to add a screen (a sync screen, a report, a roster):
 *  1. Write src/tui/NAME.c with a `const struct screen_ops NAME_screen`
 *     (designated initialisers: .name, .title, .help, .keys, .draw, .key,
 *     and .reveal/.free when it holds data) and a function that makes the
 *     screen: `void NAME_open(struct tui *t, ...)` which fills a data
 *     struct and calls tui_push(t, &NAME_screen, data).
 *  2. Declare NAME_open here, add the file to src_tui_libxftui_a_SOURCES
 *     in Makefile.am and, when it has strings, to po/POTFILES.in.
 *  3. To reach it from the home screen, add one entry to home_entries[]
 *     in home.c (a key, a label and the function that opens it); to show
 *     figures on the home screen, add a struct home_panel to
 *     home_panels[] in home.c.
 * A key handler returns a mask of TUI_* bits saying what to do next; it
 * never calls exit() and never leaves curses state behind. Every string a
 * person reads goes through _() and gets its zh_CN translation.
 */
#ifndef TUI_H
#define TUI_H

#include <curses.h>
#include <wchar.h>

#include "core/record.h"
#include "core/settings.h"
#include "gps/gps.h"
#include "tui/tui_run.h"

/* What a key handler asks the loop to do next. */
#define TUI_NONE	0x00
#define TUI_REDRAW	0x01	/* draw the top screen again */
#define TUI_CLOSE	0x02	/* pop the top screen */
#define TUI_QUIT	0x04	/* leave the program */
#define TUI_UNHANDLED	0x08	/* the screen did not use the key */

/* A key: a character typed (IME text comes as one per character) or a
 * function key (KEY_UP, KEY_F(1), KEY_RESIZE...). */
struct tui_key {
	int fn;		/* 1: code is a KEY_* value; 0: a character */
	wint_t code;
};

/* Attribute roles, coloured when the terminal can, else bold/reverse. */
enum tui_attr {
	TA_TITLE = 1, TA_BAR, TA_SELECT, TA_ERROR, TA_WARN, TA_OK, TA_LABEL,
	TA_RED, TA_ORANGE, TA_YELLOW, TA_GREEN, TA_DEMO, TA_N
};

struct tui;
struct screen;

struct screen_ops {
	const char *name;
	const char *title;	/* N_() text for the title bar */
	const char *help;	/* N_() help text, lines joined by '\n' */
	const char *keys;	/* N_() keys for the bottom bar */
	/* Appends keys to the help that depend on a table (may be NULL). */
	void (*help_keys)(struct tui *, struct buf *);
	/* The keys as the screen stands now, translated; NULL: keys. */
	const char *(*keys_now)(struct tui *, struct screen *);
	void (*draw)(struct tui *, struct screen *);
	int (*key)(struct tui *, struct screen *, struct tui_key);
	/* The screen is on top again (the one above it closed). */
	void (*reveal)(struct tui *, struct screen *);
	/* No key came for a second: time for work that can wait. */
	void (*idle)(struct tui *, struct screen *);
	void (*free)(struct screen *);
	int secret;		/* lock screens: help and lock are not offered */
};

struct screen {
	const struct screen_ops *ops;
	void *data;
	struct screen *below;
};

/* The context every function of the UI takes. */
struct tui {
	struct store *st;
	const char *user;	/* from --user, prefills the unlock screen */
	struct settings set;
	struct screen *top;
	struct ref_cache *refs;
	struct ref_ops ops;
	int rows, cols;
	int colour;
	int zh;			/* the catalogue speaks Chinese */
	int unlocked;
	int64_t last_key;	/* for the idle lock */
	char msg[512];		/* a message shown above the bottom bar */
	int msg_err;
	int quit;
	int cy, cx;		/* where the cursor shows; cy < 0 hides it */
	unsigned gen;		/* counts writes, so lists know to reload */
	int busy;		/* the screen's idle step left work: call it
				 * again as soon as no key waits */
	void (*defer)(struct tui *, void *);	/* run after the key */
	void *defer_arg;
	void *draft_form;	/* the record form kept as a draft, if any */
	struct gps *gps;	/* positions from gpsd (track.c) */
	struct {
		int on;
		int dirty;	/* points not written yet */
		unsigned char rid[RID_LEN];	/* the patrol tracked */
		struct geo_track tr;
		struct geo_parts parts;
	} track;
	attr_t attrs[TA_N];
	SCREEN *scr;
};

/* tui.c: the loop and the stack. */
void tui_init(struct tui *, struct store *, const char *user);
void tui_fini(struct tui *);
void tui_push(struct tui *, const struct screen_ops *, void *data);
void tui_pop(struct tui *);
/* Draw the whole stack's top screen with its bars. */
void tui_draw(struct tui *);
/* Handle one key as the loop does. */
void tui_key(struct tui *, struct tui_key);
void tui_colours(struct tui *);
void tui_message(struct tui *, int error, const char *fmt, ...)
    XF_PRINTF(3, 4);
void tui_lock(struct tui *);
/* Run fn(arg) once the current key is handled (after screens closed);
 * fn owns arg. */
void tui_defer(struct tui *, void (*fn)(struct tui *, void *), void *arg);
/* The store changed: cached names may be stale. */
void tui_refs_reset(struct tui *);

/* track.c: positions from gpsd, and the open patrol's track. */
/* Read what gpsd sent (the loop calls it between keys). */
void tui_gps_poll(struct tui *);
void tui_gps_fix(struct tui *, struct geo_fix *);
/* The six fix parts of a tick or observation made now into parts[0..5]
 * (valid until the next call). */
void tui_fix_parts(struct tui *, const char **parts);
/* A patrol's detail was loaded: track it while it is open and was
 * started on this device; stop when it has ended. */
void tui_track_follow(struct tui *, const unsigned char *rid,
    const struct rec_list *history);
void tui_track_stop(struct tui *);
/* Write the track's points not written yet with a version of the patrol
 * as it stands, before the program locks or ends. */
void tui_track_flush(struct tui *);
/* "with a fix ±8 m, track 12": the position now and the track's points,
 * for the tracked patrol's title (caller frees). */
char *tui_gps_status(struct tui *);
/* The track to write with a version of this record, or NULL (caller
 * frees). */
char *tui_track_text(struct tui *, const struct kind *,
    const unsigned char *rid);

/* draw.c: drawing helpers that measure by display width. */
int tui_attr(struct tui *, enum tui_attr);
/* Put s at (y, x) within w columns (cut with …); returns columns used. */
int tui_put(struct tui *, int y, int x, const char *s, int w);
/* Put s padded with spaces to exactly w columns. */
void tui_put_fit(struct tui *, int y, int x, const char *s, int w);
void tui_title(struct tui *, const char *title);
void tui_bottom(struct tui *, const char *keys);
/* Ask a yes-or-no question on the message line; the screen that asks
 * draws it while it waits, and its next key answers (y = yes). */
void tui_ask_draw(struct tui *, const char *question);
int tui_is_yes(struct tui_key);
/* Rows between the title bar and the message line. */
int tui_body_top(const struct tui *);
int tui_body_rows(const struct tui *);
/* Wrap s to lines of w columns; returns the number of lines (caller frees
 * each line and the array). */
int tui_wrap(const char *s, int w, char ***lines);
void tui_lines_free(char **, int);

/* label.c: labels of the kind table in the UI's language. */
const char *tui_kind_label(const struct tui *, const struct kind *);
const char *tui_field_label(const struct tui *, const struct field *);
const char *tui_choice_label(const struct tui *, const struct field *,
    const char *code);
/* What a restricted (受限) value is: one sentence, for ? and the help. */
const char *tui_restricted_why(void);
/* Whether the unlocked account is a volunteer's (no restricted key). */
int tui_volunteer(const struct tui *);
/* Append the shown form of a canonical value. */
void tui_format(struct tui *, const struct field *, const char *canon,
    struct buf *);
/* Append part to the parts of a line that begin at byte start of out:
 * after " · " when a part is there already; an empty part adds nothing. */
void tui_join(struct buf *out, size_t start, const char *part);
/* Whether the key is one of the "back" keys (Esc, q, F10 is quit). */
int tui_is_back(struct tui_key);
/* Move a selection by a navigation key (arrows, j/k, pages, g/G);
 * returns 1 when the key was one. */
int tui_nav(struct tui_key, size_t *sel, size_t n, int page);

/* edit.c: a one-line UTF-8 editor, moving by character and measured by
 * display width. */
struct tedit {
	struct buf b;	/* NUL-terminated text */
	size_t cur;	/* byte offset of the cursor */
	size_t off;	/* byte offset of the first column shown */
};
void tedit_set(struct tedit *, const char *);
const char *tedit_str(struct tedit *);
void tedit_free(struct tedit *);
/* Apply an editing key; returns 1 if the key was used. */
int tedit_key(struct tedit *, struct tui_key);
/* Draw within w columns at (y, x); secret draws nothing of the text.
 * With focus, returns the cursor column. */
int tedit_draw(struct tui *, struct tedit *, int y, int x, int w, int focus);

/* Screens. */
void unlock_open(struct tui *, int relock);
/* list.c, split for the benchmark: load a kind's list (no drawing), and
 * feed it the text of an incremental search. */
struct list;
struct list *list_load(struct tui *, const struct kind *, struct xf_err *);
void list_push(struct tui *, struct list *);
void list_search(struct tui *, struct list *, const char *query);
size_t list_shown(const struct list *);
void home_open(struct tui *);
void list_open(struct tui *, const struct kind *);
void detail_open(struct tui *, const struct kind *, const unsigned char *rid);
void help_open(struct tui *, const struct screen_ops *below);
/* focus.c: the suggested focus (情报导巡) on the home screen. */
void *focus_panel_update(struct tui *);
int focus_panel_draw(struct tui *, void *state, int y, int w);
void focus_panel_free(void *state);
/* roster.c: tonight's duty on the home screen, and the roster screen. */
void *roster_panel_update(struct tui *);
int roster_panel_draw(struct tui *, void *state, int y, int w);
void roster_panel_free(void *state);
void roster_open(struct tui *, const struct kind *);
/* review.c: the station's review queue, or a device's returned reports,
 * on the home screen. */
void *review_panel_update(struct tui *);
int review_panel_draw(struct tui *, void *state, int y, int w);
void review_panel_free(void *state);
/* flagged.c: this week's flagged patrols at the station, on the home
 * screen (f lists them). */
void *flagged_panel_update(struct tui *);
int flagged_panel_draw(struct tui *, void *state, int y, int w);
void flagged_panel_free(void *state);
int flagged_panel_key(struct tui *, void *state, struct tui_key);
void flagged_open(struct tui *);
/* sync-screen.c: enrolled peers, export and import of bundle files. */
void sync_screen_open(struct tui *, const struct kind *);
/* folders.c: the sync folders on the sync screen, and their sync (run at
 * unlock, lock and quit when the default folders exist). */
int sync_folders_draw(struct tui *, int y, int rows, const struct store_peer *,
    size_t);
void sync_folders_run(struct tui *, int at_unlock);
/* report.c: the menu of analysis reports (the kind is not used). */
void report_menu_open(struct tui *, const struct kind *);
/* map.c: the map of a village (its id in hex) or of a patrol. */
void map_open(struct tui *, const char *village, const unsigned char *patrol);

/* pick.c: choose one of n labels (the pick list frees them, and arg with
 * arg_free); done gets the index chosen while the pick list is on top. */
typedef void (*pick_done)(struct tui *, void *arg, size_t idx);
void pick_open(struct tui *, const char *title, char **labels, size_t n,
    pick_done, void *arg, void (*arg_free)(void *));
/* The same with the cursor on line sel. */
void pick_open_at(struct tui *, const char *title, char **labels, size_t n,
    size_t sel, pick_done, void *arg, void (*arg_free)(void *));
/* Choose a record of a kind by its title; done gets its id in hex, ""
 * for the line "(none)" offered first when none is set. */
typedef void (*pick_ref_done)(struct tui *, void *arg, const char *hex);
void pick_ref_open(struct tui *, const struct kind *, int none,
    pick_ref_done, void *arg);

/* form.c: a form built from a field table. */
typedef int (*form_save)(struct tui *, void *arg, char **canon);
/* Open a form over fields; vals (may be NULL) hold canonical values.
 * save gets canonical values and returns 0 when they were stored, or -1
 * with the message set by tui_message. */
void form_open(struct tui *, const char *title, const struct kind *k,
    const struct field *fields, int nfields, char *const *vals,
    form_save, void *arg, void (*arg_free)(void *));
/* Saving the form just opened asks for the reason of the change (an edit
 * of a record that has left the store) and hands it to save. */
typedef int (*form_save_why)(struct tui *, void *arg, char **canon,
    const char *reason);
void form_want_reason(struct tui *, form_save_why save);
/* Open the form of a new record of a kind, then its detail view; or go
 * on with a kept draft of one (drafts.c lists them). */
void form_new_record(struct tui *, const struct kind *);
struct draft;
void form_new_record_resume(struct tui *, const struct kind *,
    struct draft *);
/* Open the form of a new record of a kind from a pick list: once it is
 * saved, done gets its id (the form has closed, the pick list is on
 * top again). */
void form_new_pick(struct tui *, const struct kind *, pick_ref_done,
    void *arg);
/* Keep the form just opened as a draft of a record of a kind (rid: an
 * edit of it), as it is typed; resume puts a kept draft back into it. */
void form_attach_draft(struct tui *, const struct kind *,
    const unsigned char *rid, struct draft *resume);
/* Keep a draft that waits for a pause in typing (the loop's idle). */
void form_drafts_flush(struct tui *);
/* Open the form of an item of a list field (editing: its index, -1 a
 * new one); the item goes to done. */
void form_item_open(struct tui *, const struct kind *, const struct field *,
    const char *item, int editing, form_save, void *arg);
/* items.c: edit the items of a list field value in place; or do so with
 * the form of item editing (-1 a new one) open, to go on with a draft. */
void items_open(struct tui *, const struct kind *, const struct field *,
    char **canon);
void items_resume(struct tui *, const struct kind *, const struct field *,
    char **canon, int editing);
/* drafts.c: the unlocked account's kept drafts, to go on with or throw
 * away; drafts_offer opens it after unlock when there are any. */
void drafts_open(struct tui *, const struct kind *);
/* misses.c: the plans' open misses; Enter closes one with its reason. */
void misses_open(struct tui *, const struct kind *);
void drafts_offer(struct tui *);
/* detail.c: go on with a kept draft of an edit of a record. */
void detail_edit_resume(struct tui *, const struct kind *,
    const unsigned char *rid, struct draft *);

/* write.c: ask whether a wall clock that looks wrong is right, before
 * stamping; store a new version of a record on top of all its heads. */
void tui_clock_ask(struct tui *);
int tui_write(struct tui *, const struct kind *, const unsigned char *rid,
    char *const *vals, unsigned char *rid_out);
/* List field fi of a record's values has items: move on the choices it
 * leads to (a dispute with a mediation session is being mediated),
 * except those keep[] marks as set by the person; 1 if one moved. */
int tui_vals_follow(const struct kind *, int fi, char **vals,
    const unsigned char *keep);
/* tui_write with the reason the version is written (or NULL). */
int tui_write_why(struct tui *, const struct kind *, const unsigned char *rid,
    char *const *vals, const char *reason, unsigned char *rid_out);
/* Copy canonical values (caller frees with tui_vals_free). */
char **tui_vals_dup(int n, char *const *vals);
void tui_vals_free(int n, char **vals);

#endif
