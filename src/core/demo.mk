# src/core/demo.mk: this area's sources, tests and man pages, included by Makefile.am.
# Demo data for trainers and the station's analysis reports.
src_core_libxfcore_a_SOURCES += \
	src/core/rng.h src/core/rng.c \
	src/core/demo.h src/core/demo.c \
	src/core/report.h src/core/report.c
src_xunfang_SOURCES += src/cmd-demo.c src/cmd-report.c
SH_TESTS += tests/demo_seed.sh tests/report_numbers.sh tests/report_csv.sh \
	tests/report_tui.sh tests/demo_station.sh
EXTRA_DIST += tests/report_check.py
tests_bench_xf_bench_SOURCES += tests/bench/bench-demo.c
src_tui_libxftui_a_SOURCES += src/tui/report.c
src_tui_libxftui_a_SOURCES += src/tui/focus.c
