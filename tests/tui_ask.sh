#!/bin/sh
# One key never loses work: d on a list item, x and t on an ended patrol,
# and q or Esc on the home screen ask first; only y goes on.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add checkpoint name=村口 type=mandatory >/dev/null

tui_start
tui_unlock
tui_wait "Patrols today: 0" >/dev/null

# Two team members; d asks, n keeps the item, y removes it.
tui_keys n
tui_wait "New: Patrol" >/dev/null
tui_keys Down Enter
tui_wait "No items yet" >/dev/null
for who in 张三丰 李四光; do
	tui_keys a
	sleep 0.2
	tui_type $who
	tui_keys F2
	tui_wait ". $who" >/dev/null
done
tui_keys d
check "d on an item asks first" tui_wait "Remove this item? y = remove"
tui_keys n
tui_gone "Remove this item?" >/dev/null
tui_screen | grep -q "1. 张三丰" && tui_screen | grep -q "2. 李四光"
ok $? "any other key keeps the item"
tui_keys d
tui_wait "Remove this item?" >/dev/null
tui_keys y
check "y removes it" tui_wait "The item was removed"
[ "$(tui_screen | grep -c '[12]\. \(张三丰\|李四光\)')" = 1 ]
ok $? "one item is left"
tui_keys Escape C-s
tui_wait "History: 1 versions" >/dev/null

# The end: x ends, x again asks before moving the end time.
tui_keys x
tui_wait "Patrol ended." >/dev/null
tui_wait "History: 2 versions" >/dev/null
tui_keys x
check "x on an ended patrol asks first" \
    tui_wait "This patrol has ended. Move its end time to now?"
tui_keys n
tui_gone "Move its end time" >/dev/null
sleep 0.3
tui_screen | grep -q "History: 2 versions"
ok $? "any other key keeps the end time (no new version)"
tui_keys x
tui_wait "Move its end time" >/dev/null
tui_keys y
check "y moves it" tui_wait "History: 3 versions"

# t after the end asks too.
tui_keys t
check "t on an ended patrol asks first" \
    tui_wait "This patrol has ended. Tick a checkpoint anyway?"
tui_keys n
tui_gone "Tick a checkpoint anyway" >/dev/null
! tui_screen | grep -q "Type to narrow"
ok $? "any other key ticks nothing"
tui_keys t
tui_wait "Tick a checkpoint anyway" >/dev/null
tui_keys y
check "y opens the checkpoints" tui_wait "Type to narrow"
tui_keys Escape q

# Home: q and Esc ask before leaving.
tui_wait "Patrols today: 1" >/dev/null
tui_keys q
check "q on the home screen asks first" tui_wait "Leave xunfang? y = leave"
tui_keys n
tui_gone "Leave xunfang?" >/dev/null
sleep 0.3
! tui_screen | grep -q "exited"
ok $? "any other key stays"
tui_keys Escape
check "Esc asks too" tui_wait "Leave xunfang?"
tui_keys y
check "y leaves cleanly" tui_wait "[exited 0]"
tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys q
tui_wait "Leave xunfang?" >/dev/null
tui_keys F10
check "F10 while it asks leaves too" tui_wait "[exited 0]"

# In Chinese at 80x24: the questions fit and speak Chinese.
setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys 1
tui_wait "巡逻列表" >/dev/null 2>&1 || sleep 0.5
tui_keys Enter
tui_wait "详情" >/dev/null
tui_keys x
check "zh_CN: x asks in Chinese" tui_wait "这次巡逻已结束。把结束时间改为现在？"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "zh_CN: the question fits 80x24$(sed 's/^/; /' "$T_DIR/check")"
tui_keys n q
sleep 0.3
tui_keys q
tui_wait "今日巡逻" >/dev/null
tui_keys q
check "zh_CN: q asks in Chinese" tui_wait "退出巡防？y = 退出，其他键 = 留下"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "zh_CN: the question fits 80x24$(sed 's/^/; /' "$T_DIR/check")"
tui_keys y
tui_wait "[exited 0]" >/dev/null
done_testing
