# src/tui/tui.mk: this area's sources, tests and man pages, included by Makefile.am.

# Core modules the terminal UI reads (no curses in them).
src_core_libxfcore_a_SOURCES += \
	src/core/settings.h src/core/settings.c \
	src/core/summary.h src/core/summary.c

# The terminal UI: one file per screen plus the framework (tui.h).
noinst_LIBRARIES += src/tui/libxftui.a
src_tui_libxftui_a_SOURCES = \
	src/tui/tui.h src/tui/tui_run.h src/tui/tui.c src/tui/draw.c \
	src/tui/label.c src/tui/edit.c src/tui/write.c \
	src/tui/unlock.c src/tui/home.c src/tui/list.c src/tui/form.c \
	src/tui/items.c src/tui/pick.c src/tui/detail.c src/tui/help.c \
	src/tui/headless.c
src_tui_libxftui_a_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)

src_xunfang_SOURCES += src/cmd-tui.c
# Static libraries are searched in order: the UI library needs the core
# after it, so the core and curses come again behind it.
src_xunfang_LDADD += src/tui/libxftui.a $(CORE_LIBS) $(NCURSESW_LIBS)

TUI_TESTS = \
	tests/tui_flow.sh \
	tests/tui_zh.sh \
	tests/tui_resize.sh \
	tests/tui_unlock.sh \
	tests/tui_mono.sh \
	tests/tui_biglist.sh \
	tests/tui_conflict.sh \
	tests/readme_quickstart.sh
SH_TESTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui_lib.sh

tests_bench_xf_bench_SOURCES += tests/bench/bench-tui.c
tests_bench_xf_bench_LDADD += src/tui/libxftui.a $(CORE_LIBS) \
	$(NCURSESW_LIBS)
