#!/bin/sh
# Positions from a real gpsd (gpsfake replaying NMEA logs made here): a
# tick records its fix; one 300 m from its checkpoint is flagged out of
# radius, two 2 km apart within a minute on foot impossible speed; with
# gpsd stopped a tick records no fix and nothing fails (the terminal's
# walk is tests/presence_gps_tui.sh).
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

. "$XF_SRCDIR/tests/gps_lib.sh"
P=$(xf add patrol type=foot village=张村 route=夜巡)
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

gps_stop
done_testing
