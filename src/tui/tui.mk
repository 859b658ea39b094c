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
	tests/install_readme.sh
SH_TESTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui_lib.sh
