# src/core/demo.mk: this area's tests and man pages, included by Makefile.am.
# Demo data for trainers and the station's analysis reports.
SH_TESTS += tests/demo_seed.sh tests/report_numbers.sh tests/report_csv.sh \
	tests/report_tui.sh tests/demo_station.sh tests/demo_duty.sh \
	tests/dispute_limits.sh \
	tests/report_plans.sh
EXTRA_DIST += tests/report_check.py
check_PROGRAMS += tests/summary_window
tests_summary_window_SOURCES = tests/summary_window.c tests/tap.h \
	tests/store_fixture.h
tests_summary_window_LDADD = $(CORE_LIBS)
TESTS += tests/summary_window
