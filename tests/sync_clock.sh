#!/bin/sh
# One wrong clock must not stop sync for good. A laptop whose date was
# once three years ahead, then set right, stamps new records with today's
# date, and the station imports them, refusing only the versions stamped
# in the future, each named; a station whose date was two years ahead does
# not hold up a laptop's imports after its date is set right; a stamp seen
# from a peer far ahead does not move a store's own clock; and a clock far
# off is noticed before it stamps anything.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null ||
    { echo "Bail out! faketime is missing (install faketime)"; exit 1; }
# Let libfaketime load beside a sanitizer runtime.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

xa() { xf --db "$T_DIR/a.db" "$@"; }
xs() { xf --db "$T_DIR/st.db" "$@"; }
# The year of a record's current version, from show --history.
stamp_year() {
	"$@" | sed -n 's/^version [0-9/]* [0-9a-f]*  \([0-9]\{4\}\)-.*/\1/p' |
	    tail -1
}
this_year=$(date +%Y)
make_pair

xa list patrol > before.out
at_time '+3y' "$XUNFANG" --passphrase-file "$PASS" --db a.db \
    add patrol type=foot route=村东 > ahead.out 2>&1
st=$?
xa list patrol > after.out
[ $st -eq 1 ] && grep -q "clock says $((this_year + 3))-" ahead.out &&
    grep -q -- '--clock-ok' ahead.out && cmp -s before.out after.out
ok $? "a clock three years ahead is refused before it stamps anything ($(cat ahead.out))"

far=$(at_time '+3y' "$XUNFANG" --clock-ok --passphrase-file "$PASS" \
    --db a.db add patrol type=foot route=村东 2>&1)
[ "$(stamp_year xa show --history "$far")" = $((this_year + 3)) ]
ok $? "with --clock-ok it is stamped three years ahead"

now=$(xa add patrol type=vehicle route=村西 2>&1)
[ "$(stamp_year xa show --history "$now")" = "$this_year" ]
ok $? "the clock set right, the next record is stamped this year, not later"

xa export --to station -o a1.xfb >/dev/null && xs import a1.xfb > i1.out 2>&1
st=$?
xs list patrol > sl.out
[ $st -eq 0 ] && grep -q 'added 1 version' i1.out &&
    grep -q "1 version refused, the rest imported: .*stamped years ahead" i1.out &&
    grep -q "$(echo "$far" | cut -c1-8)" i1.out &&
    grep -q 'vehicle' sl.out && ! grep -q 'on foot' sl.out
ok $? "the station imports the good version and names the one refused ($(tr '\n' ' ' < i1.out))"

# The future stamp did not move the station's own clock.
sv=$(xs add village name=李村 2>&1)
[ "$(stamp_year xs show --history "$sv")" = "$this_year" ]
ok $? "the station's own next version is stamped this year"

# A station two years ahead, then set right.
at_time '+2y' "$XUNFANG" --clock-ok --passphrase-file "$PASS" \
    --db st.db add village name=王村 > /dev/null 2>&1
xs export --to 王警官 -o s1.xfb >/dev/null
xa import s1.xfb > i2.out 2>&1
st=$?
[ $st -eq 0 ] && grep -q "1 version refused, the rest imported: .*stamped years ahead" i2.out
ok $? "the laptop takes the station's bundle, refusing the version from +2y ($(tr '\n' ' ' < i2.out))"
# Once the laptop has said what it holds, the station sends only what is
# new, stamped today.
xa export --to station -o a2.xfb >/dev/null && xs import a2.xfb >/dev/null
xs add village name=赵村 > /dev/null 2>&1
xs export --to 王警官 -o s2.xfb >/dev/null
xa import s2.xfb > i3.out 2>&1
st=$?
[ $st -eq 0 ] && grep -q 'added' i3.out && ! grep -q refused i3.out &&
    xa list village | grep -q 赵村
ok $? "after the station's date is set right, its next bundle imports whole ($(tr '\n' ' ' < i3.out))"

# A date set back before the station's last bundle is noticed too.
at_time '-30d' "$XUNFANG" --passphrase-file "$PASS" --db a.db \
    add patrol type=foot > back.out 2>&1
st=$?
[ $st -eq 1 ] && grep -q "before the station's last bundle" back.out
ok $? "a clock set a month back is refused before it stamps ($(cat back.out))"
done_testing
