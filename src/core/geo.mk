# src/core/geo.mk: this area's tests, included by Makefile.am.
# Proof of presence: positions, tracks and the checks of ticks; gpsd.
check_PROGRAMS += tests/geo_test
tests_geo_test_SOURCES = tests/geo_test.c tests/tap.h
tests_geo_test_LDADD = $(CORE_LIBS) -lm
TESTS += tests/geo_test
SH_TESTS += tests/presence_gps.sh tests/presence_gps_tui.sh \
	tests/presence_clock.sh \
	tests/report_presence.sh tests/tui_flagged.sh
EXTRA_DIST += tests/nmea.py tests/gps_lib.sh
# The map: drawing (a unit test), the command and the screen.
check_PROGRAMS += tests/map_test
tests_map_test_SOURCES = tests/map_test.c tests/tap.h
tests_map_test_LDADD = $(CORE_LIBS) -lm
TESTS += tests/map_test
SH_TESTS += tests/map.sh tests/map_tui.sh
