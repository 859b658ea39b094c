/* xunfang: argument parsing and dispatch; nothing else. */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cmd.h"
#include "core/vault.h"
#include "core/version.h"
#include "tui/tui_run.h"

static void
usage(FILE *f)
{
	int n;
	const struct cmd_entry *const *t = cmd_table(&n);

	fprintf(f, _("usage: xunfang [--db PATH] [--passphrase-file FILE] "
	    "[--user NAME] [--clock-ok] COMMAND [ARGS]\n\ncommands:\n"));
	for (int i = 0; i < n; i++)
		fprintf(f, "  %-8s %s\n", t[i]->name, _(t[i]->summary));
	fprintf(f, _("\n`man xunfang` describes every command.\n"));
}

/* The program's version, the libraries' versions it runs with, and
 * whether messages can be translated. */
static void
version(void)
{
	struct buf b = {0};

	buf_addf(&b, "xunfang %s\n", PACKAGE_VERSION);
	version_libs(&b);
	buf_addf(&b, "%s\n", tui_curses_version());
#ifdef ENABLE_NLS
	buf_adds(&b, "NLS: on\n");
#else
	buf_adds(&b, "NLS: off\n");
#endif
	fputs(buf_str(&b), stdout);
	buf_free(&b);
}

/* Read the configuration file; what is wrong in it is said on stderr and
 * the program goes on with the defaults for those settings. */
static void
load_settings(struct settings *set)
{
	struct buf problems = {0};
	struct xf_err err;

	if (settings_load(set, NULL, &problems, &err) < 0)
		fprintf(stderr, _("xunfang: %s; using the default settings\n"),
		    err.msg);
	if (problems.len > 0)
		fputs(buf_str(&problems), stderr);
	buf_free(&problems);
	dispute_limits_use(&set->dispute);
}

static void
setup_locale(void)
{
	const char *dir = getenv("XUNFANG_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* Records are UTF-8 Chinese: where no locale is set at all (root on a
	 * fresh machine often has none), read and draw characters as UTF-8
	 * rather than ASCII; messages stay in the language asked for. */
	if (strcmp(nl_langinfo(CODESET), "ANSI_X3.4-1968") == 0)
		setlocale(LC_CTYPE, "C.UTF-8");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#else
	(void)dir;
#endif
}

/* No core dump and no ptrace or /proc/PID/mem for the account's other
 * programs: a SIGQUIT to `xunfang watch`, a crash or malware running as
 * the user while the store is locked must not find opened records or
 * keys in a core file. Done before anything reads a key. */
static void
no_dumps(void)
{
	struct rlimit none = {0, 0};

	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* A store another xunfang is writing to: say why the command waits. */
static void
busy_notice(void *arg)
{
	(void)arg;
	fprintf(stderr, _("xunfang: another xunfang is writing to the store "
	    "(importing a bundle?); waiting until it has finished…\n"));
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"passphrase-file", required_argument, NULL, 'p'},
		{"user", required_argument, NULL, 'u'},
		{"clock-ok", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	struct cmd_ctx ctx;
	struct settings set;
	const struct cmd_entry *e;
	char *db = NULL;
	int c, rc;

	no_dumps();
	setup_locale();
	store_busy_notice(busy_notice, NULL);
	memset(&ctx, 0, sizeof ctx);
	while ((c = getopt_long(argc, argv, "+d:p:u:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_path = optarg;
			break;
		case 'p':
			ctx.pass_file = optarg;
			break;
		case 'u':
			ctx.user = optarg;
			break;
		case 'c':
			ctx.clock_ok = 1;
			break;
		case 'h':
			usage(stdout);
			return CMD_OK;
		case 'V':
			version();
			return CMD_OK;
		default:
			usage(stderr);
			return CMD_USAGE;
		}
	}
	if (optind >= argc) {
		e = cmd_find("tui");
		if (e == NULL) {
			usage(stderr);
			return CMD_USAGE;
		}
	} else if ((e = cmd_find(argv[optind])) == NULL) {
		fprintf(stderr, _("xunfang: unknown command '%s'\n"),
		    argv[optind]);
		usage(stderr);
		return CMD_USAGE;
	}
	if (vault_init(&ctx.err) != 0)
		return cmd_fail(&ctx);
	load_settings(&set);
	ctx.set = &set;
	if (ctx.db_path == NULL)
		ctx.db_path = set.store ? set.store :
		    (db = store_default_path());
	ctx.argc = optind < argc ? argc - optind : 0;
	ctx.argv = argv + optind;
	optind = 0;
	if ((e->flags & CMD_STORE) && cmd_open_store(&ctx) != 0)
		rc = cmd_fail(&ctx);
	else
		rc = e->exec(&ctx);
	if (fflush(stdout) != 0 && rc == CMD_OK)
		rc = cmd_failf(_("cannot write the output"));
	store_close(ctx.st);
	settings_free(&set);
	free(db);
	return rc;
}
