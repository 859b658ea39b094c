#!/bin/sh
# The roster in the terminal UI: tonight's duty and the plans still to
# patrol on the home screen; a lead records a missed duty and a swap.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
today=$(date +%Y-%m-%d)
xf add checkpoint name=村口 >/dev/null
xf add household_group name=张村一组 'households=张建国家;李秀英家;王强家' >/dev/null
xf roster make --group 张村一组 --from today --to +6d >/dev/null
xf add plan name=夜巡一线 'points=村口|22:00' >/dev/null
ok $? "a group rostered for a week and a daily plan"

tui_start
tui_unlock
check "the home screen shows tonight's duty" tui_wait "Tonight on duty: 张村一组 张建国家"
check "and the plans not yet done today" \
    tui_wait "Planned patrols not yet done: 22:00 夜巡一线"

tui_keys d
check "d opens the duty roster" tui_wait "张建国家            planned duty"
tui_screen | grep -q "^ $today  张村一组 "
ok $? "tonight's duty comes first"
tui_keys m
check "m records the chosen duty as missed" tui_wait "张建国家: recorded as duty missed."
xf roster show --group 张村一组 --csv | tr -d '\r' | grep -q "^$today,张建国家,张村一组,missed\$"
ok $? "the CLI sees the missed duty"

tui_keys Down s
check "s offers the nights to swap with" tui_wait "Swap with which night?"
tui_keys Down Enter
check "a swap is recorded" tui_wait "Swapped."
xf roster show --group 张村一组 --csv | tr -d '\r' | grep -c ',swapped$' | grep -qx 2
ok $? "exactly two nights are swapped"

tui_keys p
check "p offers today's plans" tui_wait "Start a patrol from which plan?"
tui_keys Down Enter
check "the patrol from the plan opens" tui_wait "Patrol plan: 夜巡一线"
xf list patrol --csv | tr -d '\r' | tail -1 | grep -q ',夜巡一线,,,夜巡一线,$'
ok $? "the new patrol has the plan's route and refers to the plan"
tui_keys Escape
tui_wait "Duty roster" >/dev/null
tui_keys Escape
check "back on the home screen" tui_wait "Planned patrols not yet done: 22:00 夜巡一线 (under way)"
tui_keys q y
tui_wait "[exited 0]" >/dev/null
ok $? "the program ends cleanly"

setup_zh
msgfmt -o "$XUNFANG_LOCALEDIR/zh_CN/LC_MESSAGES/xunfang.mo" "$XF_SRCDIR/po/zh_CN.po"
TUI_LANG=zh_CN.UTF-8
tm kill-server 2>/dev/null
sleep 0.5
tui_start
tui_unlock "·"
check "under zh_CN the home screen shows tonight's duty in Chinese" \
    tui_wait "今晚值班：张村一组"
tui_screen | grep -E '今晚值班|今日' | tui_zh_check >"$T_DIR/zh" 2>&1
ok $? "...within 80 columns and without English words"
sed 's/^/# /' "$T_DIR/zh"
tui_keys d
check "the roster screen is in Chinese" tui_wait "未值班"
tui_screen | sed 1d | tui_zh_check >"$T_DIR/zh" 2>&1
ok $? "...within 80 columns and without English words"
sed 's/^/# /' "$T_DIR/zh"

done_testing
