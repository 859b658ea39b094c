#!/bin/sh
# Pick lists of records make records, under zh_CN at 80x24: n in the
# village pick list of a patrol form registers a new village, which is
# then chosen, and the route typed before is still there; picking a
# place on a visit fills its place type and village, but not a village
# the person chose.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add village name=张村 township=城关镇 >/dev/null
xf add village name=李家村 >/dev/null
xf add place name=平安旅店 type=hotel village=张村 >/dev/null
setup_zh
TUI_LANG=zh_CN.UTF-8

# wait_re RE: wait up to 10 s for a line matching RE on the screen.
wait_re() {
	i=0
	while [ $i -lt 100 ]; do
		tui_screen | grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	tui_screen | sed 's/^/# | /'
	return 1
}

tui_start
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys n
tui_wait "新建：巡逻" >/dev/null
tui_keys Down Down Down Down Down
tui_type 村口到桥头
tui_keys Up Enter
check "the village pick list opens" tui_wait "张村"
tui_screen | grep -qF "n 新建"
ok $? "its bottom bar shows n 新建"
tui_keys n
check "n opens the form of a new village" tui_wait "新建：村/社区"
tui_keys Escape
check "Esc on the untouched new form goes back to the pick list" \
    tui_wait "n 新建"
tui_type 张
tui_keys n
tui_gone "新建：村/社区" >/dev/null
tui_screen | grep -q "没有符合的"
ok $? "once something is typed, n narrows the list instead"
tui_keys BSpace BSpace
tui_wait "李家村" >/dev/null
tui_keys n
tui_wait "新建：村/社区" >/dev/null
tui_type 王家湾
tui_keys F2
check "saved, the new village is chosen in the patrol form" \
    tui_wait "已保存，并已在表格中选中"
tui_screen | grep -q "村/社区 *王家湾"
ok $? "the village row shows the new village"
tui_screen | grep -qF "村口到桥头"
ok $? "the route typed before is kept"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "the form fits 80x24 in Chinese$(sed 's/^/; /' "$T_DIR/check")"
tui_keys F2
check "the patrol is saved with the new village" tui_wait "村/社区: 王家湾"
tui_screen | grep -qF "巡逻路线: 村口到桥头"
ok $? "and with its route"
xf list village --csv | grep -q 王家湾
ok $? "the new village is in the store"

tui_keys q
tui_wait "今日巡逻" >/dev/null
tui_keys v
tui_wait "新建：走访" >/dev/null
tui_keys Space
tui_wait "场所走访" >/dev/null
# The village first, chosen by the person: picking the place keeps it.
tui_keys Down Down Down Enter
tui_wait "李家村" >/dev/null
tui_type 李家
tui_keys Enter
wait_re "村/社区 *李家村" >/dev/null
tui_keys Up Up Enter
tui_wait "平安旅店" >/dev/null
tui_type 平安
tui_keys Enter
check "the place is chosen" wait_re "场所 *平安旅店"
tui_screen | grep -q "场所类型 *旅店"
ok $? "its place type is filled in"
tui_screen | grep -q "村/社区 *李家村"
ok $? "the village the person chose is kept"
tui_keys Escape y
tui_wait "今日巡逻" >/dev/null
tui_keys v
tui_wait "新建：走访" >/dev/null
tui_keys Space Down Enter
tui_wait "平安旅店" >/dev/null
tui_type 平安
tui_keys Enter
wait_re "场所 *平安旅店" >/dev/null
tui_screen | grep -q "村/社区 *张村"
ok $? "with no village chosen, the place's village is filled in"
tui_keys F10
done_testing
