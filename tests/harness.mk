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

SH_TESTS += tests/harness_crash.sh tests/harness_full_disk.sh \
	tests/harness_valgrind.sh

check_PROGRAMS += tests/harness_tamper
tests_harness_tamper_SOURCES = tests/harness_tamper.c tests/bundle_util.h \
	tests/tap.h
tests_harness_tamper_LDADD = $(CORE_LIBS)
TESTS += tests/harness_tamper

# Hygiene of the process and of what it writes: no core dumps, no write
# over a device node or FIFO, -o - for standard output.
SH_TESTS += tests/harness_core_dump.sh tests/harness_output_file.sh
# Full disks and read-only media: the store is still read (real mounts
# where the tests may mount), a busy store is waited for.
SH_TESTS += tests/harness_readonly.sh tests/store_busy_tui.sh

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

# make check-valgrind: the shell tests with every run of xunfang under
# valgrind memcheck (tests/valgrind.sh), the logs judged afterwards by
# tests/valgrind_logs.sh: a memory error or a crash always fails; a run
# ended by SIGPIPE, SIGHUP, SIGINT or SIGTERM is not judged on what it held
# at that moment. A new shell test is in it unless VALGRIND_SKIP names it.
# Valgrind does not work with AddressSanitizer: run it in a plain build,
# best with CFLAGS='-O1 -g'.
# Left out: the tests of the terminal UI (tmux: TUI_TESTS, tui_*, *_tui,
# qr_show); the crash suite (400 killed runs); the tests of what surrounds
# the program (cli_manpage, install_completion, install_destdir,
# transport_hook); the judge's own test (it runs no xunfang); tests that
# valgrind changes the subject of (harness_core_dump: whether the process
# is dumpable; bundle_bomb: ulimit -v; sync_clock: libfaketime's preload
# would wrap valgrind itself; harness_readonly: mounts, another user and
# the ENOSPC shim); and folders_links and harness_output_file, not yet
# checked under it.
VALGRIND_SKIP = $(TUI_TESTS) tests/tui_%.sh tests/%_tui.sh \
	tests/qr_show.sh \
	tests/harness_crash.sh \
	tests/cli_manpage.sh tests/install_completion.sh \
	tests/install_destdir.sh \
	tests/transport_hook.sh \
	tests/harness_valgrind.sh \
	tests/harness_core_dump.sh tests/bundle_bomb.sh tests/sync_clock.sh \
	tests/harness_readonly.sh \
	tests/folders_links.sh tests/harness_output_file.sh
VALGRIND_TESTS = $(filter-out $(VALGRIND_SKIP),$(SH_TESTS))
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
