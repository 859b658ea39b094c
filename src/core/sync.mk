# src/core/sync.mk: this area's sources, tests and man pages, included by Makefile.am.
# Sync: identities, enrolment, signed and encrypted bundles.

src_core_libxfcore_a_SOURCES += \
	src/core/vault-sync.h src/core/vault-sync.c \
	src/core/identity.h src/core/identity.c \
	src/core/bundle.h src/core/bundle.c \
	src/core/sync.h src/core/sync.c

src_xunfang_SOURCES += \
	src/cmd-id.c src/cmd-enroll.c src/cmd-peers.c src/cmd-revoke.c \
	src/cmd-export.c src/cmd-import.c src/cmd-verify.c

src_tui_libxftui_a_SOURCES += src/tui/sync.c

dist_man_MANS += man/xunfang-bundle.5

check_PROGRAMS += tests/bundle_fuzz tests/bundle_kill tests/bundle_warnings
tests_bundle_fuzz_SOURCES = tests/bundle_fuzz.c tests/bundle_util.h \
	tests/tap.h
tests_bundle_fuzz_LDADD = $(CORE_LIBS)
tests_bundle_kill_SOURCES = tests/bundle_kill.c tests/bundle_util.h \
	tests/tap.h
tests_bundle_kill_LDADD = $(CORE_LIBS)
tests_bundle_warnings_SOURCES = tests/bundle_warnings.c tests/bundle_util.h \
	tests/tap.h
tests_bundle_warnings_LDADD = $(CORE_LIBS)
TESTS += tests/bundle_fuzz tests/bundle_kill tests/bundle_warnings

SH_TESTS += tests/sync_roundtrip.sh tests/sync_refuse.sh tests/sync_tui.sh \
	tests/station_name.sh

tests_bench_xf_bench_SOURCES += tests/bench/bench-sync.c

check_PROGRAMS += tests/authz_core
tests_authz_core_SOURCES = tests/authz_core.c tests/bundle_util.h tests/tap.h
tests_authz_core_LDADD = $(CORE_LIBS)
TESTS += tests/authz_core
