/*
 * The benchmark's hook into the terminal UI (tests/bench/bench-tui.c), not
 * for the program: included only by the bench and src/tui/headless.c.
 */
#ifndef TUI_BENCH_H
#define TUI_BENCH_H

#include <stddef.h>
#include <wchar.h>

#include "core/store.h"

/*
 * A UI drawn to a curses screen on any output (a pseudo-terminal, or
 * /dev/null), without reading keys: for the benchmark. The store must be
 * unlocked already.
 */
struct tui_headless;
struct tui_headless *tui_headless_new(struct store *, const char *out_path,
    int rows, int cols, struct xf_err *);
/* Show the home screen (its figures and focus computed) and draw it. */
void tui_headless_home(struct tui_headless *);
/* Open the list of a kind and draw its first screen. */
int tui_headless_list(struct tui_headless *, const char *kind,
    struct xf_err *);
/* Send one key to the top screen (a character; 0x7f is Backspace) and
 * draw the screen again. */
void tui_headless_key(struct tui_headless *, wchar_t);
/* Rows the list shows now. */
double tui_headless_idle(struct tui_headless *);
const char *tui_headless_message(struct tui_headless *);
size_t tui_headless_shown(struct tui_headless *);
void tui_headless_free(struct tui_headless *);

#endif
