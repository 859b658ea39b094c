#!/bin/sh
# The report screens of the terminal UI: the menu from the home screen, a
# report drawn as on the command line, the period moved, one village
# chosen; in Chinese within 80 columns.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

xf demo --seed 3 --days 40 --villages 3 --kdf-memory 8 >/dev/null
ok $? "build a demo store"

# unlock_trainer [PROMPT]: open the demo store as its trainer account.
unlock_trainer() {
	tui_wait "${1:-User:}" || return 1
	tui_type trainer
	tui_keys Tab
	tui_type "$(cat "$PASS")"
	tui_keys Enter
}

tui_start
unlock_trainer
check "home screen offers the reports" tui_wait "a  Analysis reports"
tui_keys a
check "the menu lists the reports" tui_wait "Suggested focus"
tui_keys Enter
check "the heat map shows, drawn as on the command line" \
    tui_wait "Incidents and suspicious observations by weekday and hour"
tui_screen >"$T_DIR/heat1"
tui_keys Left
sleep 0.3
tui_screen >"$T_DIR/heat2"
! cmp -s "$T_DIR/heat1" "$T_DIR/heat2" && grep -q 'Mon' "$T_DIR/heat2"
ok $? "Left shows the period before"
tui_keys Escape
tui_wait "Heat map: weekday" >/dev/null
tui_keys Down Down Enter
check "coverage lists the checkpoints" tui_wait "Last check"
tui_keys v
tui_wait "Type to narrow" >/dev/null
tui_type 张庄
tui_keys Down Enter
sleep 0.3
tui_screen >"$T_DIR/cov"
grep -q '张庄' "$T_DIR/cov" && ! grep -q '李家' "$T_DIR/cov"
ok $? "v keeps one village"
tui_keys Escape Escape
check "back on the home screen" tui_wait "a  Analysis reports"

setup_zh
TUI_LANG=zh_CN.UTF-8
# A server of its own for the second run: a new one on a socket just
# killed can find the old server still going away.
tm kill-server 2>/dev/null
TMUX_SOCK="xftest-$$-zh"
tui_start
unlock_trainer "用户名"
tui_wait "情报研判" >/dev/null
tui_keys a
tui_wait "热力图" >/dev/null
tui_keys Enter
check "under zh_CN the heat map is in Chinese" tui_wait "周六"
# The body of the screen (the bars above and below belong to the UI).
body() {
	tui_screen | sed '1d;$d'
}
body | tui_zh_check >"$T_DIR/zh" 2>&1
ok $? "...within 80 columns and without English words"
sed 's/^/# /' "$T_DIR/zh"
tui_keys Escape
tui_wait "热力图" >/dev/null
tui_keys Down Down Down Down Down Down Down
tui_keys Enter
check "the suggested focus shows" tui_wait "未来一天最需巡逻的时段"
body | tui_zh_check >"$T_DIR/zh" 2>&1
ok $? "...within 80 columns and without English words"
sed 's/^/# /' "$T_DIR/zh"

done_testing
