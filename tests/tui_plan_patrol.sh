#!/bin/sh
# A patrol started from a plan shows its route as a checklist, and t
# offers the route first, in its order, with the next point to go chosen.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add village name=张村 >/dev/null
xf add village name=李村 >/dev/null
for cp in 村口 学校 北桥 祠堂; do
	xf add checkpoint name=$cp village=张村 >/dev/null
done
xf add checkpoint name=李村卡口 village=李村 >/dev/null
xf add plan name=夜巡一线 village=张村 \
    'points=北桥|21:00;村口|21:30;学校|22:00' >/dev/null
ok $? "a plan of three points in a village of four"

tui_start
tui_unlock
tui_wait "Planned patrols not yet done" >/dev/null
tui_keys d
tui_wait "Duty roster" >/dev/null
tui_keys p
tui_wait "Start a patrol from which plan?" >/dev/null
tui_keys Enter
check "the patrol from the plan opens with its checklist" \
    tui_wait "Checklist: 0 of 3 points reached"
check "...its first point to go" tui_wait "[ ] 北桥"

tui_keys t
tui_wait "Type to narrow" >/dev/null
tui_screen | sed -n '4,8p' | sed 's/^ *//; s/ *$//' >"$T_DIR/pick"
printf '%s\n' '[ ] 北桥' '[ ] 村口' '[ ] 学校' '[ ] 祠堂' '[ ] 李村卡口' |
    cmp -s - "$T_DIR/pick"
ok $? "t lists the route in its order, then the village, then the rest"
sed 's/^/# /' "$T_DIR/pick"
! tui_screen | grep -q "(none)"
ok $? "...with no (none) line on a required pick"
tui_keys Enter
check "Enter ticks the first point" tui_wait "Checklist: 1 of 3 points reached"
tui_keys t
tui_wait "Type to narrow" >/dev/null
check "a ticked point is marked in the pick" tui_wait "[✓] 北桥 "
tui_keys Enter
check "the cursor was on the next point to go" \
    tui_wait "Checklist: 2 of 3 points reached"
tui_screen >"$T_DIR/detail"
grep -Eq '^ +\[✓\] 北桥 [0-9]{2}:[0-9]{2}' "$T_DIR/detail" &&
    grep -Eq '^ +\[✓\] 村口 [0-9]{2}:[0-9]{2}' "$T_DIR/detail" &&
    grep -Eq '^ +\[ \] 学校 *$' "$T_DIR/detail"
ok $? "the checklist shows two points ticked with their times, one to go"
xf list patrol --csv | tr -d '\r' | tail -1 | grep -q ',夜巡一线,$'
ok $? "the patrol refers to its plan"
tui_keys o
tui_wait "What was seen" >/dev/null
tui_type 北桥下有可疑车辆
tui_keys F2
check "a new observation's form starts on its text" \
    tui_wait "note · 北桥下有可疑车辆"
tui_keys q
tui_wait "Duty roster" >/dev/null
tui_keys q
tui_wait "Planned patrols" >/dev/null
tui_keys q y
tui_wait "[exited 0]" >/dev/null
ok $? "the program ends cleanly"

# A patrol with a village and no plan: the village's points are its route.
xf add patrol type=foot village=李村 >/dev/null
setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock "·"
tui_wait "今日" >/dev/null
tui_keys 1
tui_wait "巡逻" >/dev/null
tui_keys Enter
tui_wait "巡逻清单" >/dev/null
tui_screen >"$T_DIR/zh1"
tui_keys Escape Down Enter
tui_wait "巡逻清单" >/dev/null
tui_screen >"$T_DIR/zh2"
cat "$T_DIR/zh1" "$T_DIR/zh2" >"$T_DIR/zh"
grep -q "巡逻清单：已到 2/3 个点" "$T_DIR/zh"
ok $? "under zh_CN the progress reads 巡逻清单：已到 2/3 个点"
grep -q "巡逻清单：已到 0/1 个点" "$T_DIR/zh"
ok $? "a patrol with a village and no plan checks the village's points"
grep -E '巡逻清单|\[' "$T_DIR/zh" | tui_zh_check >"$T_DIR/w" 2>&1
ok $? "...within 80 columns and without English words"
sed 's/^/# /' "$T_DIR/w"

done_testing
