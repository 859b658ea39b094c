/* What the subcommands share: the table, option numbers, passphrases,
 * kinds, records and field arguments, bundle files. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "cmd.h"
#include "core/exchange.h"
#include "core/vault.h"

#define PASS_MAX 1024
#define PASS_MIN 8
#define PASS_GOOD 12

static const struct cmd_entry *const cmds[] = {
	&cmd_init_entry,
	&cmd_add_entry,
	&cmd_edit_entry,
	&cmd_delete_entry,
	&cmd_show_entry,
	&cmd_list_entry,
	&cmd_kinds_entry,
	&cmd_id_entry,
	&cmd_enroll_entry,
	&cmd_peers_entry,
	&cmd_revoke_entry,
	&cmd_export_entry,
	&cmd_import_entry,
	&cmd_verify_entry,
	&cmd_tui_entry,
	&cmd_demo_entry,
	&cmd_report_entry,
	&cmd_qr_entry,
	&cmd_roster_entry,
	&cmd_plan_entry,
	&cmd_checkpoint_entry,
	&cmd_tick_entry,
	&cmd_map_entry,
	&cmd_user_entry,
	&cmd_audit_entry,
	&cmd_sync_entry,
	&cmd_watch_entry,
	&cmd_review_entry,
};

const struct cmd_entry *const *
cmd_table(int *n)
{
	*n = (int)XF_ARRAY_LEN(cmds);
	return cmds;
}

/* The command with this name, or NULL. */
const struct cmd_entry *
cmd_find(const char *name)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(cmds); i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

int
cmd_usage(const struct cmd_entry *e)
{
	fprintf(stderr, _("usage: xunfang %s %s\n"), e->name, _(e->usage));
	if (e->usage_more != NULL)
		e->usage_more(stderr);
	return CMD_USAGE;
}

int
cmd_fail(struct cmd_ctx *ctx)
{
	fprintf(stderr, "xunfang: %s\n", ctx->err.msg);
	return CMD_FAIL;
}

int
cmd_failf(const char *fmt, ...)
{
	va_list ap;

	fputs("xunfang: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CMD_FAIL;
}

int
cmd_badarg(const char *what, const char *arg)
{
	fprintf(stderr, _("xunfang: %s, not '%s'\n"), what, arg);
	return CMD_USAGE;
}

/* A whole number in [lo, hi] given to an option. */
int
cmd_parse_long(const char *arg, long long lo, long long hi,
    const char *what, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*arg == '\0' || isspace((unsigned char)*arg) || end == arg ||
	    *end != '\0' || errno == ERANGE || v < lo || v > hi) {
		if (what != NULL)
			cmd_badarg(what, arg);
		return CMD_USAGE;
	}
	*out = v;
	return CMD_OK;
}

/* The same for an int. */
int
cmd_parse_int(const char *arg, int lo, int hi, const char *what, int *out)
{
	long long v;

	if (cmd_parse_long(arg, lo, hi, what, &v) != CMD_OK)
		return CMD_USAGE;
	*out = (int)v;
	return CMD_OK;
}

/* The memory a passphrase's key derivation takes, from --kdf-memory. */
int
cmd_kdf_memory(const char *arg, uint32_t *mib)
{
	char what[128];
	long long v;

	snprintf(what, sizeof what, _("--kdf-memory takes MiB from %d to %d"),
	    KDF_MIN_MEM_MIB, KDF_MAX_MEM_MIB);
	if (cmd_parse_long(arg, KDF_MIN_MEM_MIB, KDF_MAX_MEM_MIB, what,
	    &v) != CMD_OK)
		return CMD_USAGE;
	*mib = (uint32_t)v;
	return CMD_OK;
}

static int
read_line_fd(int fd, char *out, size_t max)
{
	size_t n = 0;
	char c;
	ssize_t r;

	while ((r = read(fd, &c, 1)) == 1 || (r < 0 && errno == EINTR)) {
		if (r < 0)
			continue;
		if (c == '\n')
			break;
		if (n + 1 >= max)
			return -1;
		out[n++] = c;
	}
	if (n > 0 && out[n - 1] == '\r')
		n--;
	out[n] = '\0';
	return r < 0 ? -1 : 0;
}

static int
prompt_tty(const char *prompt, char *out, struct xf_err *err)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), rc;

	if (fd < 0)
		return xf_error(err, _("no terminal to ask for the passphrase: "
		    "use --passphrase-file FILE"));
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return xf_error(err, _("cannot turn off echo on the terminal"));
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		close(fd);
		return xf_error(err, _("cannot turn off echo on the terminal"));
	}
	rc = read_line_fd(fd, out, PASS_MAX);
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		rc = -1;
	close(fd);
	if (rc != 0)
		return xf_error(err, _("cannot read the passphrase"));
	return 0;
}

static int
read_pass_file(const char *file, char *out, struct xf_err *err)
{
	/* Opened without waiting for a writer: a FIFO no one writes to
	 * reads as empty at once rather than hang the command. */
	int fd = strcmp(file, "-") == 0 ? 0 : open(file, O_RDONLY |
	    O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return xf_error(err, _("cannot open passphrase file %s: %s"),
		    file, strerror(errno));
	if (fd != 0)
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (read_line_fd(fd, out, PASS_MAX) != 0) {
		if (fd != 0)
			close(fd);
		return xf_error(err, _("cannot read passphrase file %s (or its "
		    "first line is over %d bytes)"), file, PASS_MAX - 1);
	}
	if (out[0] == '\0') {
		if (fd != 0)
			close(fd);
		return xf_error(err, _("passphrase file %s is empty (or a FIFO "
		    "no one writes to): nothing was tried"), file);
	}
	if (fd != 0)
		close(fd);
	return 0;
}

/* Read a passphrase into protected memory. */
char *
passphrase_get(const char *file, const char *prompt, int confirm,
    struct xf_err *err)
{
	char *p = vault_secret_alloc(2 * PASS_MAX), *again = p + PASS_MAX;
	int rc;

	if (p == NULL) {
		xf_error(err, _("cannot allocate protected memory"));
		return NULL;
	}
	if (file != NULL)
		rc = read_pass_file(file, p, err);
	else {
		rc = prompt_tty(prompt, p, err);
		if (rc == 0 && confirm) {
			rc = prompt_tty(_("Repeat the passphrase: "), again,
			    err);
			if (rc == 0 && strcmp(p, again) != 0)
				rc = xf_error(err, _("the two passphrases "
				    "differ; nothing was created"));
		}
	}
	if (rc != 0) {
		vault_secret_free(p);
		return NULL;
	}
	return p;
}

void
passphrase_free(char *p)
{
	vault_secret_free(p);
}

/* Whether a passphrase is easy to guess, and if so why (for a warning). */
static const char *
weak_reason(const char *pass, const char *name)
{
	static const char *const common[] = {"12345678", "123456789",
	    "1234567890", "password", "passw0rd", "11111111", "88888888",
	    "66666666", "qwertyui", "abcdefgh", "iloveyou", "woaini1314",
	    "a1234567", "aa123456"};
	int classes = 0, digits = 1;

	for (size_t i = 0; i < XF_ARRAY_LEN(common); i++)
		if (strcasecmp(pass, common[i]) == 0)
			return _("it is one of the most common passphrases");
	if (name != NULL && utf8_chars(name) >= 3 &&
	    strcasestr(pass, name) != NULL)
		return _("it contains the account's name");
	for (const char *p = pass; *p; p++)
		digits &= *p >= '0' && *p <= '9';
	if (digits)
		return _("it is only digits, like a date or a phone number");
	classes += strpbrk(pass, "abcdefghijklmnopqrstuvwxyz") != NULL;
	classes += strpbrk(pass, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL;
	classes += strpbrk(pass, "0123456789") != NULL;
	classes += strpbrk(pass, " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") != NULL;
	classes += utf8_chars(pass) != strlen(pass);
	if (utf8_chars(pass) < PASS_GOOD && classes < 3)
		return _("it is short and uses few kinds of characters");
	return NULL;
}

/* Read and check a new passphrase; NULL after saying what is wrong. */
char *
passphrase_new(struct cmd_ctx *ctx, const char *file, const char *name)
{
	char *prompt = xasprintf(_("New passphrase for %s: "), name);
	char *pass = passphrase_get(file, prompt, 1, &ctx->err);
	const char *why;

	free(prompt);
	if (pass == NULL) {
		cmd_fail(ctx);
		return NULL;
	}
	if (utf8_chars(pass) < PASS_MIN) {
		passphrase_free(pass);
		cmd_failf(_("the passphrase is too short: use at least %d "
		    "characters (a short sentence is easy to remember)"),
		    PASS_MIN);
		return NULL;
	}
	if ((why = weak_reason(pass, name)) != NULL)
		fprintf(stderr, _("xunfang: warning: the passphrase for %s is "
		    "weak: %s; a short sentence of your own is stronger\n"),
		    name, why);
	return pass;
}

/* Open the store named by --db and unlock it with the passphrase. */
int
cmd_open_store(struct cmd_ctx *ctx)
{
	char *pass, *prompt;
	int rc;

	if (store_open(ctx->db_path, &ctx->st, &ctx->err) != 0)
		return -1;
	prompt = ctx->user ? xasprintf(_("Passphrase for %s: "), ctx->user) :
	    xstrdup(_("Passphrase: "));
	pass = passphrase_get(ctx->pass_file, prompt, 0, &ctx->err);
	free(prompt);
	if (pass == NULL)
		return -1;
	rc = store_unlock(ctx->st, ctx->user, pass, strlen(pass), &ctx->err);
	passphrase_free(pass);
	if (rc == 0 && ctx->clock_ok)
		store_clock_accept(ctx->st);
	if (rc == 0 && store_audit_lost(ctx->st))
		fprintf(stderr, store_readonly(ctx->st) == STORE_RO_MEDIA ?
		    _("xunfang: %s is on read-only media: records can be read "
		    "and exported to another disk, nothing can be recorded, "
		    "and this unlock is not in the audit log\n") :
		    _("xunfang: the disk of %s is full: records can be read and "
		    "exported to another disk, nothing can be recorded, and "
		    "this unlock is not in the audit log; free some space to go "
		    "on as usual\n"), store_path(ctx->st));
	return rc;
}

void
cmd_free_fields(const struct kind *k, char **vals)
{
	if (vals == NULL)
		return;
	for (int i = 0; i < k->nfields; i++)
		free(vals[i]);
	free(vals);
}

static int
unknown_field(const struct kind *k, const char *name)
{
	char *names = kind_field_names(k);

	cmd_failf(_("%s has no field '%s'; its fields are: %s"), k->name, name,
	    names);
	free(names);
	return -1;
}

/* Set one FIELD=VALUE or FIELD+=VALUE into vals. */
static int
parse_assignment(struct cmd_ctx *ctx, const struct kind *k, const char *arg,
    const struct ref_ops *ops, char **vals, unsigned char *given)
{
	const char *eq = strchr(arg, '=');
	struct buf out = {0};
	char *name;
	int idx, append;

	if (eq == NULL || eq == arg)
		return cmd_failf(_("'%s' is not FIELD=VALUE"), arg), -1;
	append = eq[-1] == '+';
	name = xstrndup(arg, (size_t)(eq - arg - append));
	idx = kind_field_index(k, name);
	if (idx < 0) {
		unknown_field(k, name);
		free(name);
		return -1;
	}
	free(name);
	if (append && k->fields[idx].type != FT_LIST)
		return cmd_failf(_("%s field '%s' is not a list: use = not +="),
		    k->name, k->fields[idx].name), -1;
	if (!append && given[idx])
		return cmd_failf(_("%s field '%s' is given twice: give it once "
		    "(a list takes more items with +=)"), k->name,
		    k->fields[idx].name), -1;
	if (field_parse(k, &k->fields[idx], eq + 1, time_now(), ops, &out,
	    &ctx->err) != 0) {
		buf_free(&out);
		return cmd_fail(ctx), -1;
	}
	if (append && vals[idx] != NULL && vals[idx][0] != '\0' && out.len) {
		struct buf joined = {0};

		field_list_join(&joined, vals[idx]);
		field_list_join(&joined, buf_str(&out));
		free(vals[idx]);
		vals[idx] = xstrdup(buf_str(&joined));
		buf_free(&joined);
	} else if (!append || out.len) {
		free(vals[idx]);
		vals[idx] = out.len ? xstrdup(buf_str(&out)) : NULL;
	}
	given[idx] = 1;
	buf_free(&out);
	return 0;
}

static void
fill_now(const struct kind *k, char **vals)
{
	for (int i = 0; i < k->nfields; i++)
		if ((k->fields[i].flags & F_NOW) && vals[i] == NULL)
			vals[i] = xasprintf("%lld", (long long)time_now());
		else if (k->fields[i].type == FT_CHOICE && vals[i] == NULL &&
		    k->fields[i].def != NULL &&
		    (k->fields[i].flags & F_REQUIRED))
			vals[i] = xstrdup(k->fields[i].def);
}

/* Parse FIELD=VALUE arguments over base values into a new value array. */
int
cmd_parse_fields(struct cmd_ctx *ctx, const struct kind *k, char **args,
    int nargs, char *const *base, int fill, char ***out)
{
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	unsigned char *given = xcalloc((size_t)k->nfields, 1);
	struct ref_cache *rc = ref_cache_new(ctx->st);
	struct ref_ops ops;
	int status = 0;

	ref_cache_ops(rc, &ops);
	for (int i = 0; base != NULL && i < k->nfields; i++)
		vals[i] = base[i] ? xstrdup(base[i]) : NULL;
	for (int i = 0; i < nargs && status == 0; i++) {
		status = parse_assignment(ctx, k, args[i], &ops, vals, given);
	}
	ref_cache_free(rc);
	free(given);
	if (status == 0 && fill)
		fill_now(k, vals);
	if (status == 0 && field_check_required(k, vals, &ctx->err) != 0) {
		cmd_fail(ctx);
		status = -1;
	}
	if (status != 0) {
		cmd_free_fields(k, vals);
		return -1;
	}
	*out = vals;
	return 0;
}

/* Write to stdout; a failed write (full disk, closed pipe) is an error. */
int
cmd_write(struct cmd_ctx *ctx, const void *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, stdout) != n)
		return xf_error(&ctx->err, _("cannot write the output: %s"),
		    strerror(errno));
	return 0;
}

/* The kind named on the command line, or NULL after saying which exist. */
const struct kind *
cmd_kind_arg(const char *name)
{
	const struct kind *k = kind_by_name(name);
	char *names;

	if (k != NULL)
		return k;
	names = kind_names();
	cmd_failf(_("unknown kind '%s'; the kinds are: %s"), name, names);
	free(names);
	return NULL;
}

/* Load the history of the record named by an id argument. */
int
cmd_load_record(struct cmd_ctx *ctx, const char *id, unsigned char *rid,
    struct rec_list *h)
{
	if (store_find_record(ctx->st, id, rid, &ctx->err) != 0 ||
	    record_history(ctx->st, rid, h, &ctx->err) != 0)
		return cmd_fail(ctx);
	return 0;
}

/* Print the fields of a record as aligned "label: value" lines. */
void
cmd_print_fields(struct cmd_ctx *ctx, const struct kind *k, char *const *vals,
    const struct ref_ops *ops)
{
	int width = 0;

	(void)ctx;
	for (int i = 0; i < k->nfields; i++) {
		int w = utf8_width(field_label(&k->fields[i]));

		if (w > width)
			width = w;
	}
	for (int i = 0; i < k->nfields; i++) {
		const char *label = field_label(&k->fields[i]);
		struct buf b = {0};

		if (vals == NULL || vals[i] == NULL)
			continue;
		field_format(&k->fields[i], vals[i], FMT_HUMAN, ops, &b);
		printf("  %s%*s  %s\n", label, width - utf8_width(label), "",
		    buf_str(&b));
		buf_free(&b);
	}
}

/* "patrol 5, visit 7" of what was added. */
static void
kind_counts(const struct sync_import *r, struct buf *b)
{
	int n;
	const struct kind *const *all = kind_all(&n);

	for (int i = 0; i < n; i++)
		if (r->added_by_kind[all[i]->id] > 0)
			buf_addf(b, "%s%s %zu", b->len ? ", " : "",
			    kind_label(all[i]), r->added_by_kind[all[i]->id]);
}

/* Say what an import (or a verification) found. */
static void
sync_report(const char *file, const struct sync_import *r,
    int verify_only)
{
	struct buf b = {0};
	char hex[17];

	keyid_hex(r->hdr.sender, hex);
	printf(_("%s: bundle %llu from %s (%.8s): "), file,
	    (unsigned long long)r->hdr.seq, r->sender_name, hex);
	if (verify_only)
		printf(_("intact, %zu versions, addressed to this store.\n"),
		    r->nversions);
	else if (r->nversions == 0)
		printf(_("no versions, acknowledgements only.\n"));
	else if (r->added == 0)
		printf(_("nothing new: all %zu versions were already here.\n"),
		    r->nversions);
	else {
		kind_counts(r, &b);
		printf(ngettext("added %zu version (%s), %zu already here.\n",
		    "added %zu versions (%s), %zu already here.\n",
		    r->added), r->added, buf_str(&b), r->held);
	}
	if (sync_import_skipped(r) != NULL)
		printf("  %s\n", sync_import_skipped(r));
	if (sync_import_clock(r) != NULL)
		printf("  %s\n", sync_import_clock(r));
	if (r->nrevoked_new > 0)
		printf(_("  the station revoked %zu more devices.\n"),
		    r->nrevoked_new);
	if (r->self_revoked)
		printf(_("  the station has revoked THIS device: its bundles "
		    "are no longer accepted; ask the station.\n"));
	buf_free(&b);
}

/* Read and import one file. */
static int
import_file(struct cmd_ctx *ctx, const char *file, int verify_only)
{
	struct sync_import r;
	unsigned char *data;
	size_t len;
	int rc;

	if (file_read(file, &data, &len, BUNDLE_MAX_FILE, &ctx->err) != 0)
		return cmd_fail(ctx);
	rc = sync_import(ctx->st, data, len, verify_only, &r, &ctx->err);
	free(data);
	if (rc != 0) {
		xf_error_prefix(&ctx->err, _("%s refused, nothing was "
		    "imported"), file);
		sync_import_clear(&r);
		return cmd_fail(ctx);
	}
	sync_report(file, &r, verify_only);
	sync_import_clear(&r);
	return CMD_OK;
}

/* Import each file; one refused does not stop the others. */
int
cmd_sync_files(struct cmd_ctx *ctx, int verify_only)
{
	int rc = CMD_OK;

	for (int i = 1; i < ctx->argc; i++)
		if (import_file(ctx, ctx->argv[i], verify_only) != CMD_OK)
			rc = CMD_FAIL;
	return rc;
}

/* Say that this build cannot print (no pangocairo at configure time). */
int
cmd_no_printing(void)
{
	return cmd_failf(_("this xunfang was built without printing support "
	    "(pangocairo was not found at configure time): install the "
	    "Debian packages libcairo2-dev and libpango1.0-dev and "
	    "rebuild"));
}
