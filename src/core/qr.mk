# src/core/qr.mk: this area's sources, tests and man pages, included by Makefile.am.
# QR transfer: Base45 frames with Reed-Solomon repair, PNG output, the reader.
src_core_libxfcore_a_SOURCES += \
	src/core/base45.h src/core/base45.c \
	src/core/qrframe.h src/core/qrframe.c \
	src/core/png.h src/core/png.c
src_xunfang_SOURCES += src/cmd-qr.c
# The QR display (qr show, and inside the UI) and the receive screen (home
# menu key i) belong to the terminal UI library.
src_tui_libxftui_a_SOURCES += src/tui/qrshow.h src/tui/qrshow.c \
	src/tui/qrrecv.h src/tui/qrrecv.c

check_PROGRAMS += tests/qr_test
tests_qr_test_SOURCES = tests/qr_test.c tests/tap.h
tests_qr_test_LDADD = $(CORE_LIBS)
TESTS += tests/qr_test
SH_TESTS += tests/qr_frames.sh tests/qr_read.sh tests/qr_show.sh \
	tests/qr_scan.sh tests/qr_import.sh tests/qr_tui.sh tests/qr_render.sh
EXTRA_DIST += tests/qr_pane.py

tests_bench_xf_bench_SOURCES += tests/bench/bench-qr.c
