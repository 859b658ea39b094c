#!/bin/sh
# A device's clock in the station's view: a bundle the device stamped two
# hours after the station's now says so at import, and a tick whose time
# is far off the GPS time of its own fix is flagged clock skew.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair

C=$(xa add checkpoint name=村口 lat=30.5 lon=104) &&
P=$(xa add patrol type=foot route=夜巡) || exit 1
now=$(date +%s)
ago=$(date -d "@$((now - 3600))" '+%Y-%m-%d %H:%M')
this=$(date -d "@$now" '+%Y-%m-%d %H:%M')
# A tick at the device's time, its fix one hour earlier by GPS and 2 s old.
xa edit "$P" "points=$C|now|scan||fix|30.500010|104.000000|5|$ago|2" \
    >/dev/null
ok $? "a tick with a fix an hour behind the device's clock is written"
xa show "$P" >show
grep '村口 ·' show | grep -q 'flagged: clock skew'
ok $? "it is flagged clock skew: $(grep '村口 ·' show)"
grep '村口 ·' show | grep -Eq "the device's clock \+3[56][0-9][0-9] s off the GPS time"
ok $? "with how far the clock is off"
Q=$(xa add patrol type=foot route=晨巡 "points=$C|now|scan||fix|30.500010|104.000000|5|$this|0")
xa show "$Q" | grep '村口 ·' | grep -q 'clock skew'
[ $? -ne 0 ]
ok $? "a tick stamped at its fix's GPS time is not"

at_time +2h "$XUNFANG" --db "$T_DIR/a.db" --passphrase-file "$PASS" \
    export --to station -o a1.xfb >/dev/null
ok $? "the device exports with its clock two hours ahead"
xs import a1.xfb >out 2>&1
ok $? "the station imports it: $(head -1 out)"
grep -Eq "the device's clock is 1(19|20|21) minutes ahead of this computer's" out
ok $? "and says the device's clock is ahead: $(tail -1 out)"
xa export --to station -o a2.xfb >/dev/null && xs import a2.xfb >out 2>&1
grep -q "clock is" out
[ $? -ne 0 ]
ok $? "a bundle stamped in time says nothing of the clock"
xs show "$P" | grep '村口 ·' | grep -q 'clock skew'
ok $? "the station sees the tick's clock flag too, from what the device sent"
done_testing
