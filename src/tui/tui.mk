# src/tui/tui.mk: this area's tests and man pages, included by Makefile.am.

TUI_TESTS = \
	tests/tui_flow.sh \
	tests/tui_zh.sh \
	tests/tui_resize.sh \
	tests/tui_unlock.sh \
	tests/tui_mono.sh \
	tests/tui_biglist.sh \
	tests/tui_conflict.sh \
	tests/tui_drafts.sh \
	tests/tui_ask.sh \
	tests/folders_demo.sh \
	tests/tui_longtext.sh \
	tests/tui_times.sh \
	tests/tui_plan_patrol.sh \
	tests/plaque_tui.sh \
	tests/tui_home.sh \
	tests/tui_key_words.sh \
	tests/tui_emoji.sh \
	tests/tui_pick_new.sh \
	tests/tui_forms_adapt.sh \
	tests/tui_volunteer_why.sh \
	tests/tui_edit_reason.sh \
	tests/install_readme.sh
SH_TESTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui_lib.sh

# The UI's text helpers, without a terminal.
check_PROGRAMS += tests/tui_test
tests_tui_test_SOURCES = tests/tui_test.c tests/tap.h
tests_tui_test_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
tests_tui_test_LDADD = src/tui/libxftui.a $(CORE_LIBS) $(NCURSESW_LIBS) \
	$(LIBGPS_LIBS)
TESTS += tests/tui_test

# The list view's pages against record_list, through a headless screen.
check_PROGRAMS += tests/list_pages
tests_list_pages_SOURCES = tests/list_pages.c tests/tap.h \
	tests/store_fixture.h
tests_list_pages_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
tests_list_pages_LDADD = src/tui/libxftui.a $(CORE_LIBS) $(NCURSESW_LIBS) \
	$(LIBGPS_LIBS)
TESTS += tests/list_pages
