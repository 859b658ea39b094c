#!/bin/sh
# xunfang map: the demo's first village fits 80x24 with every checkpoint
# numbered on it and named in the legend, a scale bar and north; a
# flagged patrol's map draws its track in Braille between its points and
# marks the flagged tick; the errors say what to do; in Chinese no
# English word is left.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

xf --db demo.db demo --seed 42 --days 20 --villages 2 --end 2026-11-20 \
    --kdf-memory 8 >/dev/null
ok $? "a demo store"
d() {
	xf --db demo.db "$@"
}
V=$(d list village --csv | sed -n 2p | cut -d, -f2)
VID=$(d list village --csv | sed -n 2p | cut -d, -f1)
d list checkpoint --csv | awk -F, -v v="$V" '$4 == v { print $2 }' |
    sort >names
check "the demo's village $V has checkpoints" test -s names
for f in lat lon radius; do
	d list checkpoint --csv | head -1 | grep -q "$f" ||
	    echo "no $f column"
done >cols
check "checkpoints list their positions" test ! -s cols
d list checkpoint --csv | tr -d '\r' | awk -F, '$7 == "" ||
    $8 == "" || $9 != "50" { print }' | sed 1d >nopos
check "every checkpoint of the demo has a position and a radius of 50" \
    test ! -s nopos

# width FILE: the widest line in terminal columns.
width() {
	python3 -c '
import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                   for c in line))
print(w)' "$1"
}

d map --village "$V" >vmap 2>err
ok $? "map of the village $V"
[ "$(wc -l <vmap)" -le 24 ] && [ "$(width vmap)" -le 80 ]
ok $? "it fits 80x24: $(wc -l <vmap) lines, $(width vmap) columns"
n=$(wc -l <names)
missing=
i=0
while read -r name; do
	i=$((i + 1))
	grep -q "[1-9A-Z] $name" vmap || missing="$missing $name"
done <names
check "the legend names every checkpoint ($n):$missing" test -z "$missing"
# The canvas is above the key line (north arrow): count the glyphs 1..n.
canvas=$(sed -n '2,/N↑/p' vmap | sed '$d')
marks=$(printf '%s\n' "$canvas" | grep -o "[1-$n]" | sort -u | wc -l)
check "the canvas marks each of the $n checkpoints once ($marks)" \
    test "$marks" -eq "$n"
grep -Eq '^N↑  ├─*┤ [0-9]+ (m|km)' vmap
ok $? "a north arrow and a round scale bar: $(grep 'N↑' vmap)"
d map --village "$VID" >vmap2 && cmp -s vmap vmap2
ok $? "the village can be named by its id"

# The patrol with a tick 300 m off its point (the demo's flagged ones).
P=
for id in $(d list patrol --csv | cut -d, -f1 | sed 1d); do
	if d show "$id" | grep -q 'flagged: out of radius$'; then
		P=$id
		break
	fi
done
check "the demo has a patrol with a tick out of radius" test -n "$P"
d map --patrol "$P" >pmap
ok $? "map of that patrol"
head -1 pmap | grep -q "^Map of .* · patrol $(echo "$P" | cut -c1-12) · 4 ticks with a fix, 1 flagged$"
ok $? "its title: $(head -1 pmap)"
# braille FILE: the Braille cells of the map's canvas, and how many of
# the marks (checkpoints, ticks) have one next to them.
braille() {
	python3 -c '
import sys
rows = []
for line in open(sys.argv[1], encoding="utf-8").read().split("\n")[1:]:
    if line.startswith("N\u2191"):
        break
    rows.append(line)
dots = lambda c: "\u2801" <= c <= "\u28ff"
n = sum(dots(c) for r in rows for c in r)
near = 0
for y, r in enumerate(rows):
    for x, c in enumerate(r):
        if c in "123456789!+":
            around = [rows[j][i] for j in (y - 1, y, y + 1)
                      for i in (x - 1, x, x + 1)
                      if 0 <= j < len(rows) and 0 <= i < len(rows[j])]
            near += any(dots(a) for a in around)
print(n, near)' "$1"
}
set -- $(braille pmap)
check "the track is drawn in Braille dots ($1 cells)" test "$1" -gt 30
check "the track runs into the points it ticked ($2 marks touch it)" \
    test "$2" -ge 4
sed -n '2,/N↑/p' pmap | grep -q '!' && grep -q '! flagged' pmap
ok $? "the flagged tick is marked ! and the key says so"
[ "$(wc -l <pmap)" -le 24 ] && [ "$(width pmap)" -le 80 ]
ok $? "the patrol's map fits 80x24 too"
d map --patrol "$P" --width 40 --height 12 >small
[ "$(wc -l <small)" -eq 12 ] && [ "$(width small)" -le 40 ]
ok $? "--width 40 --height 12: $(wc -l <small) lines, $(width small) columns"
at_time "2026-11-21 10:00:00" "$XUNFANG" --db demo.db --passphrase-file "$PASS" \
    map --village "$V" --hotspots >hot
grep -q '\* incident or suspicious' hot &&
    sed -n '2,/N↑/p' hot | grep -q '\*'
ok $? "--hotspots marks incidents and suspicious sightings with *"

d map --village 没有这个村 2>err
[ $? -eq 1 ] && grep -q "no village named '没有这个村'" err
ok $? "an unknown village is refused: $(cat err)"
CP=$(d list checkpoint --csv | sed -n 2p | cut -d, -f1)
d map --patrol "$CP" 2>err
[ $? -eq 1 ] && grep -q 'is a Checkpoint, not a patrol' err
ok $? "a record of another kind is refused: $(cat err)"
d map 2>err
[ $? -eq 2 ] && grep -q 'usage: xunfang map' err
ok $? "no village and no patrol: the usage"
d map --village "$V" --width 10 2>err
[ $? -eq 2 ] && grep -q 'width' err
ok $? "a width under 30 is refused: $(cat err)"

make_store
xf add village name=张村 >/dev/null &&
    xf add checkpoint name=村口 village=张村 >/dev/null
xf map --village 张村 2>err
[ $? -eq 1 ] && grep -q "p on a checkpoint's screen" err &&
    grep -q 'xunfang edit ID lat=' err
ok $? "nothing with a position: how to record one: $(cat err)"

setup_zh
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 d map --patrol "$P" >zh 2>err
ok $? "the patrol's map in Chinese"
grep -q '北↑' zh && grep -Eq '[0-9]+ (米|公里)' zh && grep -q '存疑打卡' zh
ok $? "north, the scale in 米 or 公里, the key in Chinese"
tui_zh_check <zh >zhcheck
ok $? "no English word, within 80 columns: $(cat zhcheck)"
done_testing
