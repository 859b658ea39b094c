# src/core/roster.mk: this area's sources, tests and man pages, included by Makefile.am.
# Duty rosters (联户轮值) and patrol plans.
src_core_libxfcore_a_SOURCES += src/core/roster.h src/core/roster.c \
	src/core/plan.h src/core/plan.c
src_xunfang_SOURCES += src/cmd-roster.c src/cmd-plan.c

check_PROGRAMS += tests/roster_test
tests_roster_test_SOURCES = tests/roster_test.c tests/tap.h
tests_roster_test_LDADD = $(CORE_LIBS)
TESTS += tests/roster_test
SH_TESTS += tests/roster_cli.sh
SH_TESTS += tests/roster_plan.sh
src_tui_libxftui_a_SOURCES += src/tui/roster.c
SH_TESTS += tests/roster_tui.sh
SH_TESTS += tests/roster_sync.sh
tests_bench_xf_bench_SOURCES += tests/bench/bench-roster.c
