#!/bin/sh
# Positions from a real gpsd (gpsfake replaying NMEA logs made here): a
# tick records its fix; one 300 m from its checkpoint is flagged out of
# radius, two 2 km apart within a minute on foot impossible speed; with
# gpsd stopped a tick records no fix and nothing fails; the terminal UI
# records the open patrol's track as it walks past three checkpoints.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1
PATH="$PATH:/usr/sbin:/sbin"
PORT=$((20000 + $$ % 20000))
GF=

# gps_at LOG: gpsd (under gpsfake) on PORT replaying LOG over and over.
gps_at() {
	gps_stop
	gpsfake -P "$PORT" -c "${CYCLE:-0.1}" -q "$1" >gpsfake.log 2>&1 &
	GF=$!
	i=0
	while [ $i -lt 50 ] && ! python3 -c "
import socket, sys
socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
}
gps_stop() {
	[ -n "$GF" ] || return 0
	kill "$GF" 2>/dev/null
	wait "$GF" 2>/dev/null
	GF=
}
nmea() {
	python3 "$XF_SRCDIR/tests/nmea.py" "$@"
}
trap 'gps_stop; tm kill-server 2>/dev/null' EXIT

make_store
mkdir -p "$XDG_CONFIG_HOME/xunfang"
echo "gpsd = 127.0.0.1:$PORT" >"$XDG_CONFIG_HOME/xunfang/config"
xf add village name=张村 >/dev/null &&
A=$(xf add checkpoint name=村口 village=张村 lat=30.5 lon=104.0) &&
B=$(xf add checkpoint name=小学 village=张村 lat=30.502000 lon=104 \
    radius=30) &&
C=$(xf add checkpoint name=水库 village=张村 lat=30.520000 \
    lon=104.000000) &&
P=$(xf add patrol type=foot village=张村 route=夜巡) &&
xf checkpoint plaque -o out >plaques
ok $? "three checkpoints with positions, their plaques and a patrol"
code() {
	sed -n "s/.*: $1, serial 1, short code //p" plaques
}
xf show "$B" | grep -q '30.502000'
ok $? "a checkpoint's position is kept as six decimal places"
xf add checkpoint name=坏点 lat=95 >/dev/null 2>err
[ $? -ne 0 ] && grep -q "field 'lat': '95' is not degrees from -90 to 90" err
ok $? "a latitude past 90 is refused, naming the field: $(cat err)"

# A fix 5 m from 村口.
nmea a.log 30.500045,104.0,30
gps_at a.log
xf tick "$P" "$(code 村口)" >out.txt 2>err
ok $? "tick with gpsd running: $(cat out.txt err)"
xf list patrol --csv >csv
grep -q '村口|[^|;]*|manual||fix|30.500045|104.000000|[0-9][0-9]*|[^|;]*|[0-9][0-9]*[,;]' csv
ok $? "the tick records the fix: $(grep -o '村口|[^;,]*' csv | head -1)"

# 300 m north of 小学.
nmea b.log 30.504700,104.0,30
gps_at b.log
xf tick "$P" "$(code 小学)" 2>err
xf show "$P" >show
grep '小学 ·' show | grep -q 'out of radius'
ok $? "a tick 300 m from its checkpoint is flagged out of radius: $(grep '小学 ·' show)"
grep '小学 ·' show | grep -q '300 m from the point'
ok $? "show says how far the tick was from its point"
grep '村口 ·' show | grep -q 'out of radius'
[ $? -ne 0 ]
ok $? "the tick 5 m from its point is in radius: $(grep '村口 ·' show)"

# 2 km on, seconds later, on foot.
nmea c.log 30.522700,104.0,30
gps_at c.log
xf tick "$P" "$(code 水库)" 2>err
xf show "$P" >show
grep '水库 ·' show | grep -q 'impossible speed'
ok $? "two ticks 2 km apart within a minute on foot: impossible speed: $(grep '水库 ·' show)"
grep -q '^Presence: 3 ticks, 0 scanned, 3 with a fix, 1 of 3 in radius' show
ok $? "show sums the ticks up: $(grep '^Presence' show)"

# A receiver that says it has a fix but whose position is off the globe.
nmea bad.log 95.0,104.0,30
gps_at bad.log
xf tick "$P" "$(code 村口)" >out.txt 2>err
ok $? "a tick with a position off the globe still works"
grep -q 'GPS has no fix: the tick records no position' err &&
    xf list patrol --csv | grep -q '村口|[^|;]*|manual||nofix[,;]'
ok $? "it records no fix and says so: $(cat err)"

gps_stop
xf tick "$P" "$(code 村口)" >out.txt 2>err
ok $? "with gpsd stopped the tick still works: $(cat out.txt)"
[ ! -s err ]
ok $? "and without gpsd nothing is said: $(cat err)"
xf list patrol --csv | grep -q '村口|[^|;]*|manual||nogps[,;]'
ok $? "the tick is stored as no fix (no GPS)"
xf show "$P" | grep -q '村口 · manual · no fix (no GPS)'
ok $? "show says so plainly"

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
CYCLE=0.05 gps_at walk.log
tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys 1
tui_wait "晨巡" >/dev/null
tui_keys Enter
tui_wait "Route: 晨巡" >/dev/null
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
tui_keys q
done_testing
