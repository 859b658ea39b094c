/* Settings from the configuration file ($XDG_CONFIG_HOME/xunfang/config):
 * lines of "key = value", '#' starts a comment. */
#ifndef SETTINGS_H
#define SETTINGS_H

#include "xf.h"

#define SETTINGS_IDLE_DEFAULT 10

struct settings {
	int idle_lock_minutes;	/* 0 turns the idle lock off */
};

void settings_defaults(struct settings *);
/* The configuration file's path (caller frees). */
char *settings_path(void);
/* Read settings from text of len bytes; names the bad line on error. */
int settings_parse(struct settings *, const char *text, size_t len,
    struct xf_err *);
/* Read the configuration file if there is one; a missing file is fine. */
int settings_load(struct settings *, const char *path, struct xf_err *);

#endif
