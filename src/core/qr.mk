# src/core/qr.mk: this area's tests and man pages, included by Makefile.am.
# QR transfer: Base45 frames with Reed-Solomon repair, PNG output, the reader.
check_PROGRAMS += tests/qr_test
tests_qr_test_SOURCES = tests/qr_test.c tests/tap.h
tests_qr_test_LDADD = $(CORE_LIBS)
TESTS += tests/qr_test
SH_TESTS += tests/qr_frames.sh tests/qr_read.sh tests/qr_show.sh \
	tests/qr_scan.sh tests/qr_import.sh tests/qr_tui.sh tests/qr_render.sh \
	tests/qr_fit.sh
SH_TESTS += tests/plaque.sh
EXTRA_DIST += tests/qr_pane.py
