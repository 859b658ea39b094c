#!/bin/sh
# The home screen names the open misses of the last seven days, newest
# first, and says where to close them. The clock is fixed with faketime:
# whether a point is missed yet depends on the time of day.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
command -v faketime >/dev/null ||
    { echo "Bail out! faketime is missing (install faketime)"; exit 1; }
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

NOW='2026-12-02 23:30:00'
REAL=$XUNFANG
# The program as the terminal runs it, with the clock at NOW (at_time).
if [ -n "$FAKETIME_LIB" ]; then
	printf '#!/bin/sh\nexec env LD_PRELOAD="%s${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="@%s" "%s" "$@"\n' \
	    "$FAKETIME_LIB" "$NOW" "$REAL" >"$T_DIR/at-now"
else
	printf '#!/bin/sh\nexec faketime -f "@%s" "%s" "$@"\n' "$NOW" "$REAL" \
	    >"$T_DIR/at-now"
fi
chmod +x "$T_DIR/at-now"
XUNFANG="$T_DIR/at-now"

make_store
xf add checkpoint name=村口 >/dev/null &&
xf add plan name=周二线 days=tue 'points=村口|21:00' >/dev/null &&
xf add plan name=今晚一线 days=wed 'points=村口|21:00' >/dev/null &&
xf add plan name=深夜线 days=wed 'points=村口|23:50' >/dev/null
ok $? "three plans: yesterday's, tonight's and one not due yet"

tui_start
tui_unlock
check "the home screen counts the open misses and names them, newest first" \
    tui_wait "2 open misses in 7 days (plan misses): 12-02 今晚一线  12-01 周二线"
tui_screen | grep -q 深夜线.*12-
[ $? -ne 0 ]
ok $? "a point not yet due is no miss"

tui_keys m
check "m opens the open misses" \
    tui_wait "Late and missed patrols of the last 7 days that have no reason yet:"
tui_screen | grep -q '2026-12-01  周二线 .*whole patrol *missed' &&
    tui_screen | grep -q '2026-12-02  今晚一线 .*whole patrol *missed'
ok $? "...one line each, oldest first"
tui_keys Enter
tui_wait "Reason for the miss" >/dev/null
tui_keys Enter
tui_wait "Type to narrow" >/dev/null
tui_type weather
tui_keys Enter F2
check "Enter and a reason close the chosen miss" \
    tui_wait "The miss is closed with its reason."
tui_screen | grep -q 周二线
[ $? -ne 0 ] && tui_screen | grep -q 今晚一线
ok $? "...which leaves the list"
xf list miss --csv | tr -d '\r' | grep -q ',周二线,2026-12-01,,missed,weather,$'
ok $? "the CLI sees the miss record"
tui_keys Escape q y

xf plan close-miss 今晚一线 2026-12-02 --reason short_staffed >/dev/null
ok $? "the other closed from the command line"
tui_keys q y
tui_start
tui_unlock
tui_wait "Planned patrols" >/dev/null
check "then the home screen has none" tui_gone "open miss"

setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock "用户"
tui_wait "今日计划巡逻" >/dev/null
check "in Chinese too" tui_gone "近 7 天未结漏巡"
tui_screen | tui_zh_check >"$T_DIR/zh.err"
ok $? "the Chinese home screen fits 80 columns, no English $(cat "$T_DIR/zh.err")"
tui_keys m
check "the misses screen in Chinese" tui_wait "近 7 天没有未结漏巡。"
tui_screen | tui_zh_check >"$T_DIR/zh.err"
ok $? "...fits 80 columns, no English $(cat "$T_DIR/zh.err")"

done_testing
