/* Settings from the configuration file ($XDG_CONFIG_HOME/xunfang/config):
 * lines of "key = value", '#' starts a comment. See xunfang.conf(5). */
#ifndef SETTINGS_H
#define SETTINGS_H

#include "dispute.h"
#include "xf.h"

#define SETTINGS_IDLE_DEFAULT 10
#define SETTINGS_QR_RATE_DEFAULT 10.0
#define SETTINGS_CHECKPOINT_DAYS 7
#define SETTINGS_DISPUTE_DAYS 14
#define SETTINGS_GPSD_DEFAULT "localhost:2947"

struct settings {
	int idle_lock_minutes;	/* 0 turns the idle lock off */
	char *store;		/* the store used without --db; NULL: built in */
	double qr_rate;		/* QR frames shown a second */
	int qr_version;		/* QR version (size) of frames; 0: automatic */
	int qr_render;		/* enum qr_render: how the screen draws codes */
	int csv_bom;		/* CSV output starts with a byte-order mark */
	int checkpoint_days;	/* a checkpoint is overdue after these days */
	int dispute_days;	/* a dispute without mediation, after these */
	struct dispute_limits dispute;	/* time limits by risk colour */
	char gpsd[80];		/* gpsd's HOST:PORT, or "off" */
	/* The first bad line (0: none) and its message, for the terminal
	 * UI, which cannot show what went to stderr. */
	int bad_line;
	char bad_msg[256];
};

void settings_defaults(struct settings *);
void settings_free(struct settings *);
/* The configuration file's path (caller frees). */
char *settings_path(void);
/*
 * Read settings from text of len bytes over the current ones. Each bad line
 * keeps its setting as it was and adds "NAME:LINE: message\n" to problems.
 * Returns the number of bad lines.
 */
int settings_parse(struct settings *, const char *name, const char *text,
    size_t len, struct buf *problems);
/* Defaults, then the file at path (NULL: the default path) if there is
 * one. -1 (the defaults stay) if the file cannot be read; else the number
 * of bad lines, each reported in problems. */
int settings_load(struct settings *, const char *path, struct buf *problems,
    struct xf_err *);

#endif
