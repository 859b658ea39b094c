#!/bin/sh
# The map screen: m on a patrol's detail view shows its track, ticks and
# checkpoints at 80x24, h the hot spots, a larger window a larger map,
# q goes back; m on a village's; in Chinese no English word.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

make_store
xf add village name=张村 >/dev/null &&
xf add checkpoint name=村口 village=张村 lat=30.5 lon=104.0 >/dev/null &&
xf add checkpoint name=小学 village=张村 lat=30.503 lon=104.004 \
    >/dev/null &&
xf add checkpoint name=水库 village=张村 lat=30.507 lon=103.998 \
    >/dev/null &&
xf add patrol type=foot village=张村 route=夜巡 \
    "points=村口|2026-11-20 21:00|manual||fix|30.500010|104.000010|5|2026-11-20 21:00|1;小学|2026-11-20 21:01|manual||fix|30.503|104.004|5|2026-11-20 21:01|1" \
    "observations=2026-11-20 21:00|incident|电动车被盗||fix|30.501|104.001|8|2026-11-20 21:00|1" \
    "track=1795179600,30500000,104000000;30,300,400;30,300,400;30,300,400;30,300,400;30,300,400;30,300,400;30,300,400;30,300,400;30,300,400;30,300,400" \
    >/dev/null
ok $? "a village, three checkpoints with positions, a patrol with a track"

# on_map FILE: the map screen's Braille cells and its marks.
braille() {
	python3 -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
print(sum("\u2801" <= c <= "\u28ff" for c in t))' "$1"
}

tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys 1
tui_wait "夜巡" >/dev/null
tui_keys Enter
tui_wait "Route: 夜巡" >/dev/null
check "the patrol's detail offers m map" tui_wait "m map"
tui_keys m
check "m opens the patrol's map" tui_wait "Map · 张村 · 2 ticks, 1 flagged"
tui_screen >map1
grep -q 'N↑  ├─*┤ [0-9]* m' map1 && grep -q '1 小学  2 村口  3 水库' map1
ok $? "north, the scale bar and the legend on the screen"
check "the track is drawn in Braille ($(braille map1) cells)" \
    test "$(braille map1)" -gt 5
grep -q '!' map1 && grep -q '! flagged' map1
ok $? "the flagged tick (a minute from 村口 to 小学 on foot) is marked !"
grep -q 'h hot spots  ? help  q back' map1
ok $? "the bottom bar says h and q"
[ "$(wc -l <map1)" -le 24 ]
ok $? "the screen is 80x24"
tui_keys h
check "h shows the hot spots" tui_wait "1 incident or suspicious sighting with a fix in the last 28 days."
tui_screen >map2
grep -q '\* incident or suspicious' map2 &&
    grep -q 'h hide hot spots' map2
ok $? "the key names the hot spot mark; h now hides them"
tm resize-window -t t -x 120 -y 40
sleep 0.5
tui_screen >map3
[ "$(wc -l <map3)" -gt 24 ] && grep -q 'N↑' map3 &&
    [ "$(grep -c . map3)" -gt "$(grep -c . map2)" ]
ok $? "a larger window draws a larger map"
tm resize-window -t t -x 80 -y 24
sleep 0.3
tui_keys q
check "q goes back to the patrol" tui_wait "Route: 夜巡"
tui_keys q
tui_wait "夜巡" >/dev/null
tui_keys q
tui_wait "Patrols today" >/dev/null
tui_keys 4
check "the villages list" tui_wait "张村"
tui_keys Enter
check "the village's detail offers m map" tui_wait "m map"
tui_keys m
check "m opens the village's map" tui_wait "Map · 张村"
tui_screen >vmap
grep -q '1 小学  2 村口  3 水库' vmap && ! grep -q '!' vmap
ok $? "the village's map: its checkpoints, no ticks"
tm kill-server 2>/dev/null

setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys 1
tui_wait "夜巡" >/dev/null
tui_keys Enter
tui_wait "巡逻路线" >/dev/null
check "巡逻详情有 m 地图" tui_wait "m 地图"
tui_keys m
check "m 打开地图" tui_wait "地图 · 张村"
tui_keys h
tui_wait "警情和可疑情况" >/dev/null
tui_screen >zh
grep -q '北↑' zh && grep -q '米' zh && grep -q '存疑打卡' zh
ok $? "north, scale and key in Chinese"
tui_zh_check <zh >zhcheck
ok $? "the zh_CN map screen: no English word, 80 columns: $(cat zhcheck)"
tui_keys '?'
tui_wait "箭头指北" >/dev/null
tui_screen >zhhelp
tui_zh_check <zhhelp >zhcheck
ok $? "the zh_CN map help: no English word: $(cat zhcheck)"
done_testing
