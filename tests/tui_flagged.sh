#!/bin/sh
# The station's home screen lists this week's flagged patrols: the count
# and the two latest with their village and first flag, within 80x24 in
# English and in Chinese; f lists them all and Enter opens one. A patrol
# of last week, and one with nothing flagged, are left out; a device's
# home screen has no such line.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store station 派出所 officer1
D=$(date +%F)
OLD=$(date -d '8 days ago' +%F)
# pt CHECKPOINT TIME LAT: a scanned tick with a 10 m fix at TIME today.
pt() {
	printf '%s|%s %s|scan||fix|%s|104.0|10|%s %s|2' "$1" "$D" "$2" "$3" \
	    "$D" "$2"
}
patrols() {
	xf add village name=张村 >/dev/null &&
	xf add village name=李庄 >/dev/null &&
	xf add checkpoint name=村口 village=张村 lat=30.5 lon=104.0 \
	    >/dev/null &&
	xf add checkpoint name=桥头 village=李庄 lat=30.6 lon=104.0 \
	    >/dev/null &&
	xf add checkpoint name=小学 village=李庄 lat=30.601 lon=104.0 \
	    >/dev/null &&
	# 张村, 00:10: 300 m from its point.
	xf add patrol type=foot village=张村 "start=$D 00:10" \
	    "points=$(pt 村口 00:20 30.5027)" >/dev/null &&
	# 李庄, 00:30: three ticks within two minutes.
	xf add patrol type=vehicle village=李庄 "start=$D 00:30" \
	    "points=$(pt 桥头 00:31 30.6);$(pt 小学 00:32 30.601);$(pt 桥头 00:33 30.6)" \
	    >/dev/null &&
	# 张村, 00:40: nothing flagged.
	xf add patrol type=foot village=张村 "start=$D 00:40" \
	    "points=$(pt 村口 00:45 30.5)" >/dev/null &&
	# Last week, out of radius: not this week's.
	xf add patrol type=foot village=张村 "start=$OLD 20:00" \
	    "points=村口|$OLD 20:10|scan||fix|30.51|104.0|10|$OLD 20:10|2" \
	    >/dev/null
}
patrols
ok $? "a station with two flagged patrols this week, a clean one, and a flagged one of last week"

M=$(date +%m-%d)
tui_start
tui_unlock
check "the home screen names this week's flagged patrols, the latest first" \
    tui_wait "Flagged patrols this week: 2 (f): $M 李庄 bunched; $M 张村 out of radius"
tui_screen >"$T_DIR/en"
sed 's/^/# | /' "$T_DIR/en"
[ "$(wc -l <"$T_DIR/en")" -le 24 ] && grep -q "u  Pers" "$T_DIR/en" &&
    grep -A1 "Awaiting review" "$T_DIR/en" | grep -q "Flagged patrols"
ok $? "...with every line of the menu within 80x24"
tui_keys f
check "f lists them" tui_wait "3 ticks flagged"
tui_screen >"$T_DIR/list"
sed 's/^/# | /' "$T_DIR/list"
grep -q "$D 00:30  3 ticks flagged *李庄 bunched" "$T_DIR/list" &&
    grep -q "$D 00:10  1 tick flagged *张村 out of radius" "$T_DIR/list" &&
    ! grep -q "$OLD" "$T_DIR/list" && ! grep -q "00:40" "$T_DIR/list"
ok $? "...this week's flagged patrols alone, with their flagged ticks"
tui_keys Enter
check "Enter opens the patrol, its ticks and their flags" \
    tui_wait "flagged: bunched"
tui_keys Escape
tui_wait "Flagged patrols this week" >/dev/null
tui_keys Escape
check "Esc goes back to the home screen" tui_wait "this week: 2 (f)"

setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock "·"
check "under zh_CN the line is in Chinese" \
    tui_wait "本周存疑巡逻：2（按 f 查看），最近：$M 李庄 集中打卡；$M 张村 超出范围"
tui_screen >"$T_DIR/zh"
sed 's/^/# | /' "$T_DIR/zh"
tui_zh_check <"$T_DIR/zh" >"$T_DIR/w" 2>&1 &&
    [ "$(wc -l <"$T_DIR/zh")" -le 24 ] && grep -q "u  人员" "$T_DIR/zh"
ok $? "...fits 80x24 without English words, every menu line shown"
sed 's/^/# /' "$T_DIR/w"
tui_keys f
check "...and f lists them in Chinese" tui_wait "存疑打卡 3 次"
tui_screen | tui_zh_check >"$T_DIR/w" 2>&1
ok $? "...the list without English words"
sed 's/^/# /' "$T_DIR/w"
tui_keys Escape
tui_wait "本周存疑巡逻：2" >/dev/null
sleep 0.5
tui_keys a
tui_wait "巡更到位核验" >/dev/null
tui_keys Down Down Down Down Down Down Down Down Down
sleep 0.2
tui_keys Enter
check "the report menu opens the presence report" tui_wait "起一周"
tui_screen >"$T_DIR/rep"
sed 's/^/# | /' "$T_DIR/rep"
tui_zh_check <"$T_DIR/rep" >"$T_DIR/w" 2>&1 && grep -q "集中打卡\|存疑" "$T_DIR/rep"
ok $? "...within 80 columns, in Chinese"
sed 's/^/# /' "$T_DIR/w"
tm kill-server 2>/dev/null

# A device: no line, and f does nothing.
rm -rf "$XDG_DATA_HOME/xunfang"
make_store device 张村笔记本 officer1
patrols >/dev/null
TUI_LANG=C.UTF-8
tui_start
tui_unlock
tui_wait "Analysis reports" >/dev/null
tui_keys f
sleep 0.3
tui_screen >"$T_DIR/dev"
! grep -q "Flagged patrols" "$T_DIR/dev" && grep -q "Analysis reports" "$T_DIR/dev"
ok $? "a device's home screen has no flagged line, and f opens nothing"

done_testing
