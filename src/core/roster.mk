# src/core/roster.mk: this area's tests and man pages, included by Makefile.am.
# Duty rosters (联户轮值) and patrol plans.
check_PROGRAMS += tests/roster_test
tests_roster_test_SOURCES = tests/roster_test.c tests/tap.h
tests_roster_test_LDADD = $(CORE_LIBS)
TESTS += tests/roster_test
SH_TESTS += tests/roster_cli.sh
SH_TESTS += tests/roster_plan.sh
SH_TESTS += tests/plan_misses.sh
SH_TESTS += tests/roster_tui.sh tests/roster_none.sh
SH_TESTS += tests/plan_misses_tui.sh
SH_TESTS += tests/roster_sync.sh
