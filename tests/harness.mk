# tests/harness.mk: crash, full-disk, tamper and memory suites.


# An LD_PRELOAD shim that kills a process at a chosen file-changing call or
# makes a folder's disk full; built for the tests only, without the
# sanitizers (it must load before them), never installed.
check_DATA = tests/faultio.so
tests/faultio.so: $(srcdir)/tests/faultio.c
	$(MKDIR_P) tests
	$(CC) -shared -fPIC -Wall -Wextra $(CFLAGS) -o $@ \
	    $(srcdir)/tests/faultio.c -ldl
CLEANFILES += tests/faultio.so
EXTRA_DIST += tests/faultio.c

SH_TESTS += tests/crash_suite.sh tests/full_disk.sh tests/valgrind_judge.sh

check_PROGRAMS += tests/tamper_suite
tests_tamper_suite_SOURCES = tests/tamper_suite.c tests/bundle_util.h \
	tests/tap.h
tests_tamper_suite_LDADD = $(CORE_LIBS)
TESTS += tests/tamper_suite

# Hygiene of the process and of what it writes: no core dumps, no write
# over a device node or FIFO, -o - for standard output.
SH_TESTS += tests/core_dump.sh tests/output_file.sh tests/clock_skew.sh

# Bundles that would make a station allocate without bound: refused by
# the limits of xunfang-bundle(5), cheaply, the store untouched.
check_PROGRAMS += tests/bundle_limits
tests_bundle_limits_SOURCES = tests/bundle_limits.c tests/bomb.h \
	tests/bundle_util.h tests/tap.h
tests_bundle_limits_LDADD = $(CORE_LIBS)
TESTS += tests/bundle_limits
check_PROGRAMS += tests/bomb_helper
tests_bomb_helper_SOURCES = tests/bomb_helper.c tests/bomb.h \
	tests/bundle_util.h
tests_bomb_helper_LDADD = $(CORE_LIBS)
SH_TESTS += tests/bundle_bomb.sh
# The shell tests bound memory with ulimit -v only without sanitizers.
AM_TESTS_ENVIRONMENT += XF_CFLAGS='$(XF_CFLAGS)'; export XF_CFLAGS;

# make check-valgrind: the command-line tests with every run of xunfang
# under valgrind memcheck (tests/valgrind.sh), the logs judged afterwards
# by tests/valgrind_logs.sh: a memory error or a crash always fails; a
# run ended by SIGPIPE, SIGHUP, SIGINT or SIGTERM is not judged on what it
# held at that moment. Left out are the tests of the terminal UI (tmux:
# tui_*, *_tui, qr_show), the crash suite (400 killed runs), and the tests
# of what surrounds the program (manpage, completion, install_destdir,
# transport_hook). Valgrind does not work with AddressSanitizer: run it
# in a plain build, best with CFLAGS='-O1 -g'.
VALGRIND_TESTS = tests/cli_basic.sh tests/cli_errors.sh tests/plaintext.sh \
	tests/history.sh tests/init_crash.sh tests/i18n.sh \
	tests/passphrase.sh tests/config_file.sh tests/version.sh \
	tests/audit_verify.sh tests/demo_station.sh tests/demo_seed.sh \
	tests/report_csv.sh tests/report_numbers.sh tests/roles_accounts.sh \
	tests/roles_lockout.sh tests/roles_restricted.sh tests/roles_sync.sh \
	tests/roster_cli.sh tests/roster_plan.sh tests/roster_sync.sh \
	tests/sync_roundtrip.sh tests/sync_refuse.sh tests/qr_frames.sh \
	tests/qr_read.sh tests/qr_scan.sh tests/qr_import.sh \
	tests/full_disk.sh tests/folders_sync.sh tests/folders_watch.sh \
	tests/transport_ssh.sh
check-valgrind: all
	@case ' $(XF_CFLAGS) ' in *-fsanitize*) \
	    echo "check-valgrind: this build has sanitizers, and valgrind" \
	        "does not work with ASan: configure a plain build for it"; \
	    exit 1;; esac
	@command -v valgrind >/dev/null || \
	    { echo "check-valgrind: install valgrind"; exit 1; }
	rm -rf tests/vg && $(MKDIR_P) tests/vg
	@st=0; $(MAKE) $(AM_MAKEFLAGS) check TESTS='$(VALGRIND_TESTS)' \
	    TESTS_ENVIRONMENT='XF_VG_BIN=$(abs_top_builddir)/src/xunfang; XUNFANG=$(abs_top_srcdir)/tests/valgrind.sh; XF_VG_LOGS=$(abs_top_builddir)/tests/vg; export XF_VG_BIN XUNFANG XF_VG_LOGS;' \
	    || st=1; \
	$(SHELL) $(srcdir)/tests/valgrind_logs.sh tests/vg || st=1; \
	exit $$st
.PHONY: check-valgrind
EXTRA_DIST += tests/valgrind.sh tests/valgrind_logs.sh
CLEANFILES += -r tests/vg
