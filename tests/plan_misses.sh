#!/bin/sh
# Plan against what happened: a late point and a day with no patrol are
# open misses until an officer closes each with a reason; the reason
# travels to the station. The clock is fixed with faketime: whether a
# point is missed yet depends on the time of day.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null ||
    { echo "Bail out! faketime is missing (install faketime)"; exit 1; }
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

# Wednesday 2 December 2026, half past eleven at night.
NOW='2026-12-02 23:30:00'
at() {
	when=$1
	shift
	at_time "@$when" "$XUNFANG" "$@"
}
xa() { at "$NOW" --user ua --passphrase-file "$PASS" --db "$T_DIR/a.db" "$@"; }
xs() { at "$NOW" --passphrase-file "$PASS" --db "$T_DIR/st.db" "$@"; }
VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' > "$VP"
vx() { at "$NOW" --user vol1 --passphrase-file "$VP" --db "$T_DIR/a.db" "$@"; }

make_pair
xa add village name=张村 >/dev/null &&
xa add checkpoint name=村口卡口 village=张村 >/dev/null &&
xa add checkpoint name=小学门口 village=张村 >/dev/null &&
xa add checkpoint name=水库 village=张村 >/dev/null
ok $? "a village with three checkpoints"

# Today's route of three points; yesterday's (a Tuesday) with no patrol;
# one more tonight whose only point is not due yet.
TODAY=$(xa add plan name=今晚一线 village=张村 days=wed \
    'points=村口卡口|20:00;小学门口|20:30;水库|21:00') &&
YEST=$(xa add plan name=周二线 village=张村 days=tue 'points=水库|21:00') &&
xa add plan name=深夜线 village=张村 days=wed 'points=水库|23:50' >/dev/null
ok $? "three plans"
xa add plan name=坏宽限 'points=水库|21:00' grace=721 2>err
[ $? -ne 0 ] && grep -q "'grace'" err && grep -q '0 to 720' err
ok $? "a grace over 720 minutes is refused naming the field ($(cat err))"

xa add patrol type=foot plan=今晚一线 village=张村 'start=2026-12-02 19:50' \
    'points=村口卡口|2026-12-02 20:10;小学门口|2026-12-02 21:20;水库|2026-12-02 22:30' \
    'end=2026-12-02 22:40' >/dev/null
ok $? "a patrol ticks one point on time, one 50 minutes after its time (within the default grace of 60) and one 90 minutes after"

xa plan misses --from 2026-12-01 --to 2026-12-02 >out
ok $? "plan misses runs"
grep -q '^2026-12-01 .* 周二线 .*whole patrol *missed$' out &&
    grep -q '^2026-12-02 .* 今晚一线 *21:00 水库 *late$' out &&
    [ "$(grep -c '^2026' out)" -eq 2 ] && grep -q '^2 open misses from 2026-12-01 to 2026-12-02$' out
ok $? "exactly the late point and yesterday's plan are open misses"
sed 's/^/# /' out
xa plan misses >out7
grep -q '^2 open misses from 2026-11-26 to 2026-12-02$' out7
ok $? "without --from and --to: the last seven days ($(tail -1 out7))"
at '2026-12-03 01:30:00' --user ua --passphrase-file "$PASS" --db a.db plan misses \
    --from 2026-12-02 --to 2026-12-02 >late
grep -q '深夜线 .*whole patrol *missed$' late && ! grep -q 深夜线 out
ok $? "a point is missed only once its time and grace have passed"
xa plan misses --village 张村 | grep -q '^2 open misses'
ok $? "--village keeps the village's plans"

xa edit "$TODAY" grace=120 >/dev/null &&
    xa plan misses --from 2026-12-02 --to 2026-12-02 | grep -q '^0 open misses'
ok $? "with a grace of 120 minutes the point is on time"
xa edit "$TODAY" grace=60 >/dev/null

# refused CMD... PATTERN: fails, with a message matching PATTERN.
refused() {
	pat=$1
	shift
	"$@" >rout 2>rerr
	st=$?
	[ $st -ne 0 ] && grep -q -- "$pat" rerr && [ ! -s rout ] ||
	    { echo "# status $st: $(cat rerr)"; false; }
}
check "closing a miss without a reason is refused, naming the field" \
    refused "field 'reason'.*only with a reason" xa plan close-miss 周二线 2026-12-01
check "a reason not on the list is refused with the allowed ones" \
    refused "field 'reason'.*allowed: incident (警情处置), weather" \
    xa plan close-miss 周二线 2026-12-01 --reason 下雨
check "the reason 'other' without --text is refused, naming the text" \
    refused "field 'text'.*'other' needs --text" \
    xa plan close-miss 周二线 2026-12-01 --reason other
xa user add vol1 --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
check "a volunteer account may not close a miss" \
    refused "volunteer account cannot close a miss" \
    vx plan close-miss 周二线 2026-12-01 --reason weather
check "...nor write a miss record by hand" \
    refused "volunteer account cannot close a miss" \
    vx add miss plan=周二线 date=2026-12-01 status=missed reason=weather
check "a miss record by hand with the reason 'other' needs its text" \
    refused "field 'text'.*'other' needs --text" \
    xa add miss plan=周二线 date=2026-12-01 status=missed reason=other
check "an on-time point has no miss to close" \
    refused "no open miss at checkpoint" \
    xa plan close-miss 今晚一线 2026-12-02 村口卡口 --reason weather
check "a day that was patrolled has no whole-patrol miss to close" \
    refused "no open miss of the whole patrol" \
    xa plan close-miss 今晚一线 2026-12-02 --reason weather
xa list miss | grep -q 'No miss\|^0\|^$' || [ -z "$(xa list miss --csv | tail -n +2)" ]
ok $? "nothing refused wrote a miss record"

M1=$(xa plan close-miss 今晚一线 2026-12-02 水库 --reason 警情处置) &&
M2=$(xa plan close-miss 周二线 2026-12-01 --reason other --text 村里停电，改日补巡)
ok $? "an officer closes both with a reason"
xa plan misses --from 2026-12-01 --to 2026-12-02 | grep -q '^0 open misses'
ok $? "closed misses leave the list"
check "a closed miss cannot be closed again" \
    refused "no open miss at checkpoint" \
    xa plan close-miss 今晚一线 2026-12-02 水库 --reason weather
xa show "$M1" | grep -q 'What happened *late' &&
    xa show "$M1" | grep -q 'Reason *handling an incident' &&
    xa show "$M2" | grep -q 'Explanation *村里停电'
ok $? "the miss record keeps what happened, the reason and the text"

xa export --to station -o a1.xfb >/dev/null && xs import a1.xfb >/dev/null
ok $? "one export and import"
xs list miss --csv | tr -d '\r' >st.csv
grep -q '今晚一线,2026-12-02,水库,late,incident' st.csv &&
    grep -q '周二线,2026-12-01,,missed,other,村里停电' st.csv
ok $? "the reasons arrive at the station"
sed 's/^/# /' st.csv
xs plan misses --from 2026-12-01 --to 2026-12-02 | grep -q '^0 open misses'
ok $? "...where the misses are closed too"

setup_zh
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 xa plan misses --from 2026-12-03 --to 2026-12-03 >zh 2>&1
grep -q '未结漏巡' zh
ok $? "in Chinese ($(cat zh))"
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 xa plan close-miss 周二线 2026-12-01 2>zh
grep -q '原因' zh
ok $? "...and the refusals too ($(cat zh))"

done_testing
