#!/bin/sh
# A demo station with its devices and bundles already exchanged, and the
# line between demo and real stores: neither takes the other's bundles or
# identities.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xf --db st.db demo --station --villages 3 --days 15 --end 2026-11-20 \
    --kdf-memory 8 >out
ok $? "demo --station builds a station and its devices"
grep -q 'st-device3.db' out && [ -f st-device1.db ] && [ -f st-device3.db ] &&
    [ -f st-bundles/device2-to-station.xfb ]
ok $? "...naming the device stores and the bundles it carried"

xf --db st.db peers >peers
[ "$(grep -c 'device' peers)" -eq 3 ]
ok $? "the station has three devices enrolled"
[ "$(xf --db st.db list village --csv | grep -c '村')" -eq 3 ]
ok $? "the station holds the villages of all three devices"
sum=0
for i in 1 2 3; do
	n=$(xf --db st-device$i.db list patrol --csv | grep -c '^[0-9a-f]\{32\},')
	sum=$((sum + n))
done
[ "$(xf --db st.db list patrol --csv | grep -c '^[0-9a-f]\{32\},')" -eq "$sum" ] &&
    [ "$sum" -gt 30 ]
ok $? "the station holds every patrol its devices sent ($sum)"
[ "$(xf --db st-device1.db list village --csv | grep -c '村')" -eq 1 ]
ok $? "a device keeps to its own village"
[ "$(xf --db st.db list review --csv | grep -c ',problem,')" -eq 3 ] &&
    [ "$(xf --db st-device1.db list review --csv | grep -c ',problem,')" -eq 1 ]
ok $? "the station returned a visit of each village with a problem, and each went home"
xf --db st.db import st-bundles/device1-to-station.xfb >again
grep -q 'nothing new' again
ok $? "a bundle imported again adds nothing and says so"
xf --db st.db report hotspots --to 2026-11-20 | grep -q 'DEMO'
ok $? "reports run at the demo station"

xf --db real.db init --role station --name 真实派出所 --user boss \
    --kdf-memory 8 >/dev/null
before=$(sqlite3 real.db 'SELECT count(*) FROM version')
xf --db real.db import st-bundles/device1-to-station.xfb 2>err
[ $? -eq 1 ] && grep -q 'demo (training) bundle' err &&
    grep -q 'never mix' err
ok $? "a real station refuses a demo bundle and says why"
[ "$(sqlite3 real.db 'SELECT count(*) FROM version')" = "$before" ]
ok $? "...and is left as it was"
xf --db st-device1.db id --export dev1.id >/dev/null &&
    xf --db real.db enroll dev1.id --name 演示机 --village 张庄村 2>err
[ $? -eq 1 ] && grep -q 'demo' err
ok $? "a real station refuses to enrol a demo device"
xf --db real.db id --export real.id >/dev/null &&
    xf --db st-device1.db enroll real.id 2>err
[ $? -eq 1 ] && grep -q 'demo' err
ok $? "a demo device refuses to enrol a real station"

xf --db st.db demo --station --villages 2 2>err
[ $? -eq 1 ] && grep -q 'already' err
ok $? "demo --station does not overwrite an existing demo station"

done_testing
