# src/core/demo.mk: this area's tests and man pages, included by Makefile.am.
# Demo data for trainers and the station's analysis reports.
SH_TESTS += tests/demo_seed.sh tests/report_numbers.sh tests/report_csv.sh \
	tests/report_tui.sh tests/demo_station.sh tests/demo_duty.sh \
	tests/dispute_limits.sh \
	tests/report_plans.sh
EXTRA_DIST += tests/report_check.py
