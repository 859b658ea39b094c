# src/core/sync.mk: this area's tests and man pages, included by Makefile.am.
# Sync: identities, enrolment, signed and encrypted bundles.

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
	tests/sync_station_name.sh tests/sync_clock.sh tests/sync_tui_zh.sh \
	tests/sync_first_export.sh

check_PROGRAMS += tests/sync_authz
tests_sync_authz_SOURCES = tests/sync_authz.c tests/bundle_util.h tests/tap.h
tests_sync_authz_LDADD = $(CORE_LIBS)
TESTS += tests/sync_authz

# Reviews: the station's word on its devices' reports, sent back to them.
SH_TESTS += tests/loop_review.sh
