#!/bin/sh
# list prints newest first: by the record's time (a patrol's start), then
# by its latest version.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
make_store

# Three patrols one after another, started the same minute: the last made
# comes first, as table and as CSV.
for i in 1 2 3; do
	xf add patrol type=foot "team=队$i" | cut -c1-8 >>made ||
	    { echo "Bail out! cannot add patrol $i"; exit 1; }
done
xf list patrol | sed -n '2,4s/^\([0-9a-f]\{8\}\).*/\1/p' >listed
check "list patrol prints the newest first" test \
    "$(cat listed)" = "$(tac made)"
xf list patrol --csv | sed -n '2,4s/^\([0-9a-f]\{8\}\).*/\1/p' >listed.csv
check "and so does list patrol --csv" test "$(cat listed.csv)" = "$(tac made)"

# By start time first: a patrol entered later for an earlier night goes
# below the later nights.
xf add patrol type=foot team=晚 'start=2026-11-22 21:00' >/dev/null &&
xf add patrol type=foot team=早 'start=2026-11-20 21:00' >/dev/null &&
xf add patrol type=foot team=中 'start=2026-11-21 21:00' >/dev/null
xf list patrol --csv | grep ',2026-11-' | cut -d, -f3 >nights
check "older nights follow, latest night first" test \
    "$(cat nights | tr '\n' ' ')" = "晚 中 早 "

# Kinds without a time of their own: by the latest change.
xf add village name=一村 township=城关镇 >/dev/null &&
xf add village name=二村 township=城关镇 >/dev/null &&
xf add village name=三村 township=城关镇 >/dev/null
xf list village --csv | cut -d, -f2 | sed 1d >villages
check "villages newest first" test "$(cat villages | tr '\n' ' ')" = \
    "三村 二村 一村 "
one=$(xf list village --csv | grep ',一村,' | cut -c1-8)
xf edit "$one" township=关镇 >/dev/null
xf list village --csv | cut -d, -f2 | sed 1d >villages
check "a village edited last comes first" test \
    "$(cat villages | tr '\n' ' ')" = "一村 三村 二村 "
done_testing
