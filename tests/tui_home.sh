#!/bin/sh
# The home screen under zh_CN: who is logged in, follow-ups due and
# overdue, the current warnings, no plan today, a key for every list, and
# the help naming every key; disputes past their time limit; all within
# 80x24.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
day() { date -d "$1 days" +%Y-%m-%d; }
at() { date -d "$1 days" '+%Y-%m-%d %H:%M'; }
xf add visit target=household household=张家 purpose=advice \
    follow_up=today >/dev/null
xf add visit target=household household=李家 purpose=advice \
    "time=$(at -3)" "follow_up=$(day -1)" >/dev/null
xf add place name=星星网吧 type=internet_cafe >/dev/null
xf add visit target=place place=星星网吧 purpose=hazard \
    "time=$(at -5)" "follow_up=$(day -2)" >/dev/null
xf add visit target=household household=王家 purpose=advice \
    "time=$(at -4)" "follow_up=$(day -2)" >/dev/null
xf add visit target=household household=王家 purpose=advice >/dev/null
xf add visit target=household household=赵家 purpose=advice \
    follow_up=+7d >/dev/null
ok $? "a follow-up due today, two overdue, one done by a later visit"
xf add warning title=防汛预警 level=urgent 'text=今晚有暴雨' \
    "valid_until=$(day 2)" >/dev/null
xf add warning title=夜间注意 level=caution text=加强巡逻 >/dev/null
xf add warning title=旧通报 level=urgent text=已过期 \
    "issued=$(at -9)" "valid_until=$(day -3)" >/dev/null
ok $? "two current warnings, one urgent, and an expired urgent one"
xf add dispute title=宅基地边界 category=land colour=red \
    "reported=$(at -2)" >/dev/null &&
    xf add dispute title=鸡鸭吵闹 category=neighbour colour=green \
    status=resolved "reported=$(at -9)" "follow_up=$(day -1)" >/dev/null
ok $? "a red dispute two days old unmediated, a resolved one due a follow-up"

setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock "·"
check "the home screen says who is logged in and their role" \
    tui_wait "登录：officer1（民警）"
check "...the follow-ups due today and overdue" \
    tui_wait "回访：今日到期 1，已逾期 3"
check "...and the dispute past its colour's time limit" tui_wait "超期 1 起"
check "...the current and urgent warnings, by the urgent one's title" \
    tui_wait "预警通报：有效 2，紧急 1：防汛预警"
check "...and that no patrol is planned today" tui_wait "今日计划巡逻：无计划"
tui_screen >"$T_DIR/homescr"
sed 's/^/# | /' "$T_DIR/homescr"
tui_zh_check <"$T_DIR/homescr" >"$T_DIR/w" 2>&1
ok $? "the home screen fits 80 columns without English words"
sed 's/^/# /' "$T_DIR/w"
[ "$(wc -l <"$T_DIR/homescr")" -le 24 ] &&
    grep -q "u  人员列表" "$T_DIR/homescr" && grep -q "c  " "$T_DIR/homescr"
ok $? "every line of the menu shows within 24 rows"

for kv in "0 联户轮值" "l 巡逻计划" "w 预警通报" "u 人员"; do
	key=${kv%% *}
	label=${kv#* }
	grep -q "$key  $label列表" "$T_DIR/homescr"
	ok $? "the menu names key $key for the list of $label"
	tui_keys "$key"
	tui_wait "$label" >/dev/null
	tui_screen | head -1 | grep -q "$label"
	ok $? "$key opens the list of $label"
	tui_keys Escape
	tui_wait "登录：" >/dev/null
done

tui_keys '?'
tui_wait "各行的按键" >/dev/null
tui_screen >"$T_DIR/help"
tui_keys PageDown
sleep 0.3
tui_screen >>"$T_DIR/help"
for k in n v r i d s a c 1 9 0 l w u; do
	grep -Eq "(^| )$k  " "$T_DIR/help" ||
	    { echo "# key $k is not in the help"; false; } || break
done
ok $? "the help names the key of every line"
tui_zh_check <"$T_DIR/help" >"$T_DIR/w" 2>&1
ok $? "the help fits 80 columns without English words"
sed 's/^/# /' "$T_DIR/w"
tui_keys Escape
tui_wait "登录：" >/dev/null
tui_keys q y
tui_wait "[exited 0]" >/dev/null
ok $? "the program ends cleanly"

done_testing
