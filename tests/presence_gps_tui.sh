#!/bin/sh
# The terminal interface with a real gpsd (gpsfake): a patrol walked past
# three checkpoints scans each plaque with its fix, keeps its track and
# writes it with its versions and when the program ends; the title says
# the fix; an observation records its fix; p records a checkpoint's
# position standing at it.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1
. "$XF_SRCDIR/tests/gps_lib.sh"

# The terminal UI on a patrol walking from 村口 past 小学 to 水库 and
# back, 30 m a step: the track records a point each 25 m moved.
Q=$(xf add patrol type=foot village=张村 route=晨巡)
python3 - >walk.args <<'PY'
pts = [30.5 + i * 0.00027 for i in range(0, 84)]
pts += pts[::-1]
print(" ".join("%.6f,104.0" % p for p in pts))
PY
# shellcheck disable=SC2046
nmea walk.log $(cat walk.args)
nmea a.log 30.500045,104.0,30
nmea c.log 30.522700,104.0,30
CYCLE=0.05 gps_at walk.log
tui_start
trap 'gps_stop; tm kill-server 2>/dev/null' EXIT
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys 1
tui_wait "晨巡" >/dev/null
tui_keys Enter
check "the patrol's detail opens" tui_wait "Route: 晨巡"
sleep 4
tui_screen | head -1 | grep -Eq 'with a fix ±[0-9]+ m, track [0-9]+'
ok $? "the tracked patrol's title says the fix and the track: $(tui_screen | head -1)"
for cp in "$A":村口 "$B":小学 "$C":水库; do
	PAY=$(zbarimg -q --raw "out/plaque-$(echo "${cp%:*}" | cut -c1-8).png" \
	    2>/dev/null)
	tui_type "$PAY"
	tui_keys Enter
	check "the plaque of ${cp#*:} scanned on the walk ticks it" \
	    tui_wait "Ticked ${cp#*:}"
	sleep 1
done
xf list patrol --csv | sed -n '1p;/晨巡/p' >csv
[ "$(grep -o '|scan||fix|30\.5[0-9]*|104\.000000|' csv | wc -l)" -eq 3 ]
ok $? "the three scanned ticks record their fixes: $(grep -o '水库|[^;,]*' csv)"
N=$(python3 -c '
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
t = r[0]["track"]
print(len(t.split(";")) if t else 0)' csv)
[ "$N" -ge 3 ]
ok $? "the patrol's version carries the track walked so far: $N points"
xf show "$Q" | grep -Eq 'Track +[0-9]+ points, [0-9.]+ km'
ok $? "show sums the track up: $(xf show "$Q" | grep Track)"

# An observation made on the walk records the fix too.
tui_keys o
tui_wait "What was seen" >/dev/null
tui_type 桥下有一辆无牌摩托车
tui_keys F2
check "an observation is added on the walk" tui_wait "桥下有一辆无牌摩托车"
xf list patrol --csv | grep -q '桥下有一辆无牌摩托车||fix|30\.5[0-9]*|104\.000000|'
ok $? "it records the fix: $(xf list patrol --csv | grep -o '桥下[^;,]*')"

# Standing at 水库 (gpsd held still there), p records its place.
CYCLE=0.1 gps_at c.log
tui_keys q
tui_wait "records" >/dev/null
tui_keys q
tui_wait "Patrols today" >/dev/null
tui_keys 8
tui_wait "水库" >/dev/null
tui_keys /
tui_type 水库
tui_keys Enter Enter
tui_wait "Name: 水库" >/dev/null
sleep 6
tui_keys p
check "p on a checkpoint records the position here" \
    tui_wait "Position recorded: 30.522700, 104.000000"
xf show "$C" | grep -q 'Latitude *30.522700'
ok $? "the checkpoint's position is the fix: $(xf show "$C" | grep Lat)"

# The patrol is still open: walking back to 村口, the track goes on, and
# what it holds is written when the program ends, with no tick after.
points() {
	xf list patrol --csv | sed -n '1p;/晨巡/p' >csv
	python3 -c '
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(len(r[0]["track"].split(";")) if r[0]["track"] else 0)' csv
}
N1=$(points)
gps_at a.log
sleep 7
tui_keys F10
check "the program ends" tui_wait "[exited 0]"
N2=$(points)
[ "$N2" -gt "$N1" ]
ok $? "the track's last points are written as the program ends ($N1, then $N2)"
gps_stop
done_testing
