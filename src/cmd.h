/* Subcommands: each file cmd-*.c exports one struct cmd_entry. */
#ifndef CMD_H
#define CMD_H

#include <stdio.h>

#include "core/record.h"
#include "core/settings.h"

#define CMD_OK 0
#define CMD_FAIL 1
#define CMD_USAGE 2

#define CMD_STORE	0x1	/* open and unlock the store first */

struct cmd_ctx {
	const char *db_path;
	const char *pass_file;
	const char *user;
	int clock_ok;			/* --clock-ok: the wall clock is right */
	int argc;
	char **argv;
	struct store *st;
	struct xf_err err;
	const struct settings *set;	/* the configuration file's settings */
};

struct cmd_entry {
	const char *name;
	const char *usage;
	void (*usage_more)(FILE *);	/* lines after the usage; may be NULL */
	const char *summary;
	int flags;
	int (*exec)(struct cmd_ctx *);
};

extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_add_entry;
extern const struct cmd_entry cmd_edit_entry;
extern const struct cmd_entry cmd_delete_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_kinds_entry;
extern const struct cmd_entry cmd_id_entry;
extern const struct cmd_entry cmd_enroll_entry;
extern const struct cmd_entry cmd_peers_entry;
extern const struct cmd_entry cmd_revoke_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_tui_entry;
extern const struct cmd_entry cmd_demo_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_qr_entry;
extern const struct cmd_entry cmd_roster_entry;
extern const struct cmd_entry cmd_plan_entry;
extern const struct cmd_entry cmd_user_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_sync_entry;
extern const struct cmd_entry cmd_watch_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_checkpoint_entry;
extern const struct cmd_entry cmd_tick_entry;
extern const struct cmd_entry cmd_map_entry;

const struct cmd_entry *cmd_find(const char *);
const struct cmd_entry *const *cmd_table(int *);

/* Print "usage: xunfang NAME USAGE" (and any usage_more) to stderr;
 * returns CMD_USAGE. */
int cmd_usage(const struct cmd_entry *);
/* Print the message in ctx->err; returns CMD_FAIL. */
int cmd_fail(struct cmd_ctx *);
int cmd_failf(const char *, ...) XF_PRINTF(1, 2);
/* Fail saying this build has no printing (plaques, QR sheets). */
int cmd_no_printing(void);
/* Print "WHAT, not 'ARG'"; returns CMD_USAGE. */
int cmd_badarg(const char *what, const char *arg);

/*
 * A number an option takes: whole, decimal, within [lo, hi]; not empty,
 * no blank before it, nothing after it (so `--wait ''` is not 0). On
 * failure prints "xunfang: WHAT, not 'ARG'" (what names the option and
 * its range; NULL prints nothing) and returns CMD_USAGE; else CMD_OK.
 */
int cmd_parse_long(const char *arg, long long lo, long long hi,
    const char *what, long long *out);
int cmd_parse_int(const char *arg, int lo, int hi, const char *what,
    int *out);
/* The MiB of --kdf-memory, KDF_MIN_MEM_MIB to KDF_MAX_MEM_MIB. */
int cmd_kdf_memory(const char *arg, uint32_t *mib);

/* Read a passphrase from a file (first line) or the terminal without echo.
 * The result is in protected memory: free with passphrase_free. */
char *passphrase_get(const char *file, const char *prompt, int confirm,
    struct xf_err *);
void passphrase_free(char *);
/* Read a new passphrase for an account (asked twice on a terminal):
 * refuses one under 8 characters, warns of a weak one. NULL after saying
 * what is wrong. */
char *passphrase_new(struct cmd_ctx *, const char *file, const char *name);

int cmd_open_store(struct cmd_ctx *);
/* The kind named on the command line, or NULL after saying which exist. */
const struct kind *cmd_kind_arg(const char *);
/* The history of the record an id argument names (0), or CMD_FAIL after
 * saying why. */
int cmd_load_record(struct cmd_ctx *, const char *id, unsigned char *rid,
    struct rec_list *);
/* Import or verify the bundle files named in argv[1..]: each reported on
 * a line, one refused does not stop the others. */
int cmd_sync_files(struct cmd_ctx *, int verify_only);
/* Print "Label: value" lines of a record's fields, labels aligned. */
void cmd_print_fields(struct cmd_ctx *, const struct kind *, char *const *vals,
    const struct ref_ops *);

/*
 * Parse FIELD=VALUE (or FIELD+=VALUE for lists) arguments into canonical
 * values, one per field of the kind, on top of base values (may be NULL).
 * Time fields marked F_NOW are filled when fill_now is set.
 */
int cmd_parse_fields(struct cmd_ctx *, const struct kind *, char **args,
    int nargs, char *const *base, int fill_now, char ***vals);
void cmd_free_fields(const struct kind *, char **);

/* Write text to stdout, checking for errors (a full disk, a closed pipe). */
int cmd_write(struct cmd_ctx *, const void *, size_t);

#endif
