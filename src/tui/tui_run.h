/* The one entry of the terminal UI that the program calls; no curses. */
#ifndef TUI_RUN_H
#define TUI_RUN_H

#include "core/store.h"

#include "core/settings.h"

/* Run the UI over an open, still locked store until the person leaves,
 * with the configuration file's settings. */
int tui_run(struct store *, const char *user, const struct settings *,
    struct xf_err *);
/* The curses library's name and version as loaded, for --version. */
const char *tui_curses_version(void);

/*
 * A UI drawn to a curses screen on any output (a pseudo-terminal, or
 * /dev/null), without reading keys: for the benchmark. The store must be
 * unlocked already.
 */
struct tui_headless;
struct tui_headless *tui_headless_new(struct store *, const char *out_path,
    int rows, int cols, struct xf_err *);
/* Open the list of a kind and draw its first screen. */
int tui_headless_list(struct tui_headless *, const char *kind,
    struct xf_err *);
/* Send one key to the top screen (a character; 0x7f is Backspace) and
 * draw the screen again. */
void tui_headless_key(struct tui_headless *, wchar_t);
/* Rows the list shows now. */
size_t tui_headless_shown(struct tui_headless *);
void tui_headless_free(struct tui_headless *);

#endif
