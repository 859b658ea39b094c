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

#endif
