#!/bin/sh
# The home screen under zh_CN with no plan for today says there is none,
# not that all are done.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1
setup_zh
TUI_LANG=zh_CN.UTF-8

make_store
tui_start
tui_unlock "用户名："
check "with no plan the home screen says 无计划" tui_wait "今日计划巡逻：无计划"
tui_screen | grep -qF "已全部完成"; [ $? -ne 0 ]
ok $? "...and not that all are done"
tui_keys q
tui_keys y
tui_wait "[exited" >/dev/null
done_testing
