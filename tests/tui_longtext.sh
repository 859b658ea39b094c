#!/bin/sh
# A long value is readable in full in the detail view at 80x24: a visit's
# findings of 300 Chinese characters typed in the form wrap over several
# lines, none wider than the screen, and the view scrolls with the arrow
# keys and PgUp/PgDn.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
text=$(python3 -c '
base = "村民反映夜间有陌生车辆停放在村口已登记车牌并告知联防队加强巡逻" \
    "老人独居门锁损坏电线老化提醒子女尽快更换邻里纠纷调解后双方同意"
print("".join(base[(i * 7) % len(base)] + ("一二三四五六七八九十"[i // 30])
    for i in range(150)))')
[ "$(printf %s "$text" | python3 -c 'import sys; print(len(sys.stdin.read()))')" = 300 ] ||
    { echo "Bail out! the text is not 300 characters"; exit 1; }

# body: the view's lines between the title and the message line, without
# the margin and the indent of wrapped lines, joined.
body() {
	tui_screen | sed -n '2,22p' | sed 's/^ *//' | tr -d '\n'
}

tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys v
tui_wait "New: Visit" >/dev/null
tui_keys Down
tui_type 王家
tui_keys Down Down Down Enter
tui_wait "Type to narrow" >/dev/null
tui_type hazard
tui_keys Enter Down
tui_type "$text"
tui_keys F2
check "the visit is saved with its findings" tui_wait "Findings: "
sleep 0.3
tui_screen >"$T_DIR/screen"
python3 - "$T_DIR/screen" <<'PY'
import sys, unicodedata
bad = 0
for n, line in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if w > 80:
        print("# line %d is %d columns wide" % (n, w)); bad = 1
sys.exit(bad)
PY
ok $? "no line is wider than 80 columns"
[ "$(grep -c '^ \{3\}[^ ]' "$T_DIR/screen")" -ge 7 ]
ok $? "the findings wrap over several lines"
body | grep -qF "Findings: $text"
ok $? "all 300 characters are on the screen, in order"
i=0
while [ $i -lt 300 ]; do
	piece=$(printf %s "$text" | python3 -c "import sys; print(sys.stdin.read()[$i:$i + 30])")
	body | grep -qF "$piece" || break
	i=$((i + 30))
done
[ $i -ge 300 ]
ok $? "each piece of 30 characters is readable (up to $i)"

# Scrolling: findings four times as long take more than a screen; Down
# moves the view, PgUp brings the top back, PgDn pages to the end.
tui_keys q
tui_wait "Patrols today" >/dev/null
xf add visit target=household household=李家 purpose=advice \
    "findings=$text$text$text$text" >/dev/null
digit=$(tui_screen | sed -n 's/.*\([1-9]\)  \(List: \)\{0,1\}Visit.*/\1/p' | head -1)
tui_keys "$digit"
tui_wait "李家" >/dev/null
tui_keys Enter
tui_wait "Household: 李家" >/dev/null
! tui_screen | grep -q "History:"
ok $? "the long findings take more than a screen"
tui_keys Down Down Down Down Down Down Down Down Down Down
tui_gone "Household: 李家" >/dev/null
ok $? "Down scrolls the view"
tui_keys PPage PPage
check "PgUp scrolls back" tui_wait "Household: 李家"
tui_keys NPage NPage NPage
check "PgDn pages to the end" tui_wait "History: 1 versions"
tui_screen | sed -n '2,22p' | sed 's/^ *//' | tr -d '\n' | grep -qF "$text"
ok $? "the end of the findings is on the screen with the history"
tui_keys F10
done_testing
