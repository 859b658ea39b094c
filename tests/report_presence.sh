#!/bin/sh
# report presence: per village, team and week, the patrols, their ticks,
# the shares scanned, with a fix and in radius, and the flagged ticks and
# patrols, recomputed from `xunfang list KIND --csv` alone by
# tests/report_check.py (which re-implements the checks of geo.h); the
# coverage report's flagged column the same way. Ticks in radius, out of
# radius, without a fix, with an old fix, too fast, bunched, with the
# laptop's clock off, and with a plaque flag, in two villages over two
# weeks.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

make_store station 派出所 admin
xf add village name=张村 >/dev/null &&
xf add village name=李庄 >/dev/null &&
xf add checkpoint name=村口 village=张村 lat=30.5 lon=104.0 >/dev/null &&
xf add checkpoint name=小学 village=张村 lat=30.502 lon=104.0 \
    radius=30 >/dev/null &&
xf add checkpoint name=水库 village=张村 >/dev/null &&
xf add checkpoint name=桥头 village=李庄 lat=30.6 lon=104.1 >/dev/null &&
xf add team name=红袖标一队 village=张村 'members=老周;小陈' >/dev/null &&
xf add plan name=夜巡一线 village=张村 team=红袖标一队 \
    'points=村口|20:00;小学|20:30' >/dev/null
ok $? "two villages, four checkpoints (one without a position), a team and its plan"

# pt CHECKPOINT TIME METHOD FLAG FIX LAT LON ACC: one point item.
pt() {
	printf '%s|2026-11-%s|%s|%s|%s|%s|%s|%s|%s|%s' "$1" "$2" "$3" "$4" \
	    "$5" "$6" "$7" "$8" "${6:+2026-11-$2}" "${6:+2}"
}
patrol() {
	xf add patrol "$@" >/dev/null
}
# Week of 11-16, 张村, from the plan: in radius (scanned, 5 m), out of
# radius (300 m from 小学, radius 30), no fix at 水库.
patrol type=foot village=张村 plan=夜巡一线 'start=2026-11-16 20:00' \
    'end=2026-11-16 21:00' 'team=老周;小陈' "points=$(pt 村口 '16 20:05' scan '' fix 30.500045 104.0 10);$(pt 小学 '16 20:30' manual '' fix 30.5047 104.0 10);$(pt 水库 '16 20:50' manual '' nofix '' '' '')" &&
# Same week and village, no plan: 5.5 km in five minutes on foot (and
# out of radius), then an old fix in radius.
patrol type=foot village=张村 'start=2026-11-18 21:00' \
    'end=2026-11-18 22:00' 'team=老周;小陈' "points=$(pt 村口 '18 21:00' scan '' fix 30.50001 104.0 5);$(pt 小学 '18 21:05' scan '' fix 30.55 104.0 5);$(pt 村口 '18 21:40' manual '' old 30.5001 104.0 8)" &&
# Week of 11-23, 张村, from the plan: three ticks within two minutes
# (222 m a minute apart: not too fast on foot).
patrol type=foot village=张村 plan=夜巡一线 'start=2026-11-23 20:00' \
    'end=2026-11-23 21:00' "points=$(pt 村口 '23 20:00' scan '' fix 30.5 104.0 5);$(pt 小学 '23 20:01' scan '' fix 30.502 104.0 5);$(pt 水库 '23 20:02' manual '' nogps '' '' '')" &&
# 李庄, week of 11-16, by bicycle: clean, the checkpoint passed twice.
patrol type=bicycle village=李庄 'start=2026-11-17 19:00' \
    'end=2026-11-17 20:00' 'team=小王' "points=$(pt 桥头 '17 19:10' scan '' fix 30.6001 104.1 10);$(pt 桥头 '17 19:50' scan '' fix 30.6 104.1002 10)" &&
# 李庄, week of 11-23, by vehicle: a stale plaque, and a tick without
# GPS.
patrol type=vehicle village=李庄 'start=2026-11-24 19:00' \
    'end=2026-11-24 20:00' 'team=小王' "points=$(pt 桥头 '24 19:10' scan stale fix 30.6 104.1 10);$(pt 桥头 '24 19:40' manual '' nogps '' '' '')" &&
# 李庄, week of 11-16, on foot: a tick whose fix's GPS time is an hour
# before the laptop's clock: clock skew.
patrol type=foot village=李庄 'start=2026-11-19 19:00' 'team=小赵' \
    'points=桥头|2026-11-19 19:10|scan||fix|30.6|104.1|10|2026-11-19 18:10|2' &&
# After the period: left out.
patrol type=foot village=李庄 'start=2026-12-01 19:00' \
    'points=桥头|2026-12-01 19:10|scan||fix|30.7|104.1|10'
ok $? "seven patrols whose ticks carry their fixes"

for k in village grid household_group place checkpoint patrol visit dispute plan
do
	xf list "$k" --csv >"$k.csv" || echo "# list $k failed"
done
grep -q '小学|2026-11-16 20:30|manual||fix|30.504700|104.000000|10|' patrol.csv
ok $? "the fixes read back from list --csv"

# report NAME [VILLAGE]: the report's CSV against the recomputation.
report() {
	name=$1
	shift
	xf report "$name" --from 2026-11-16 --to 2026-11-29 --days 7 --csv \
	    ${1:+--village "$1"} >"$name.csv" &&
	python3 "$XF_SRCDIR/tests/report_check.py" "$T_DIR" "$name" \
	    2026-11-16 2026-11-29 7 "$@"
}
check "report presence agrees with the records" report presence
tr -d '\r' <presence.csv >pres.txt
sed 's/^/# /' pres.txt
# The figures the script also computes, spelled out.
grep -qx '张村,红袖标一队,2026-11-16,1,3,33.3,66.7,50.0,1,1' pres.txt
ok $? "the plan's patrol counts under its team: 3 ticks, one out of radius, one without a fix"
grep -qx '张村,,2026-11-16,1,3,66.7,100.0,66.7,2,1' pres.txt
ok $? "a patrol without a plan counts under no team; the fast tick and the old fix are flagged"
grep -qx '张村,红袖标一队,2026-11-23,1,3,66.7,66.7,100.0,3,1' pres.txt
ok $? "three ticks within two minutes are all flagged bunched, in the next week"
grep -qx '李庄,,2026-11-16,2,3,100.0,100.0,100.0,1,1' pres.txt &&
    grep -qx '李庄,,2026-11-23,1,2,50.0,50.0,100.0,1,1' pres.txt
ok $? "李庄: a week with a laptop clock an hour off the GPS time, and a week with a plaque flag"
[ "$(wc -l <presence.csv)" -eq 6 ]
ok $? "one row per village, team and week; the patrol after the period is left out"
check "report presence --village 李庄 agrees with the records" \
    report presence 李庄
[ "$(wc -l <presence.csv)" -eq 3 ] && ! grep -q 张村 presence.csv
ok $? "...and holds only 李庄's rows"
check "report coverage (with its flagged column) agrees with the records" \
    report coverage
tr -d '\r' <coverage.csv >cover.txt
grep -q '^小学,.*,3$' cover.txt && grep -q '^村口,.*,2$' cover.txt &&
    grep -q '^桥头,.*,2$' cover.txt
ok $? "coverage counts the flagged ticks per checkpoint: $(tr '\n' ' ' <cover.txt)"
check "report coverage --village 张村 agrees with the records" \
    report coverage 张村

xf report presence --from 2026-11-16 --to 2026-11-29 >en.txt &&
    xf report coverage --from 2026-11-16 --to 2026-11-29 >>en.txt
sed 's/^/# | /' en.txt
[ "$(text_width en.txt)" -le 80 ] && grep -q 'week of 11-23' en.txt &&
    grep -q '33.3%' en.txt && grep -q ' 3/1$' en.txt &&
    grep -q 'flagged' en.txt
ok $? "the text table fits 80 columns with its shares and flags (widest: $(text_width en.txt))"
setup_zh
LC_ALL=zh_CN.UTF-8 xf report presence --from 2026-11-16 --to 2026-11-29 \
    >zh.txt &&
    LC_ALL=zh_CN.UTF-8 xf report coverage --from 2026-11-16 \
    --to 2026-11-29 >>zh.txt
sed 's/^/# | /' zh.txt
[ "$(text_width zh.txt)" -le 80 ] && grep -q '到位核验' zh.txt &&
    grep -q '存疑' zh.txt && ! grep -q '[A-Za-z]' zh.txt
ok $? "...and in Chinese, without English words (widest: $(text_width zh.txt))"
for l in C.UTF-8 zh_CN.UTF-8; do
	LC_ALL=$l xf report presence --from 2026-11-16 --to 2026-11-29 \
	    --width 60
	LC_ALL=$l xf report coverage --from 2026-11-16 --to 2026-11-29 \
	    --width 60
done >narrow.txt
[ "$(text_width narrow.txt)" -le 60 ]
ok $? "--width 60 keeps both within 60 columns (widest: $(text_width narrow.txt))"

done_testing
