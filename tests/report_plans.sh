#!/bin/sh
# report plans: every figure (planned, on time, late, missed, explained,
# share on time) recomputed from `xunfang list KIND --csv` alone by
# tests/report_check.py. The clock is fixed with faketime, after the
# period, so that what is missed does not depend on when the test runs.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null ||
    { echo "Bail out! faketime is missing (install faketime)"; exit 1; }
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

NOW='2026-12-02 10:00:00'
xt() { at_time "@$NOW" "$XUNFANG" --passphrase-file "$PASS" "$@"; }

xt init --role device --name 张村笔记本 --user officer1 --kdf-memory 8 >/dev/null &&
xt add village name=张村 >/dev/null &&
xt add village name=李庄 >/dev/null &&
xt add checkpoint name=村口卡口 village=张村 >/dev/null &&
xt add checkpoint name=小学门口 village=张村 >/dev/null &&
xt add checkpoint name=水库 village=张村 >/dev/null &&
xt add checkpoint name=李庄桥头 village=李庄 >/dev/null &&
xt add team name=红袖标一队 village=张村 'members=老周;小陈' >/dev/null &&
xt add plan name=夜巡一线 village=张村 team=红袖标一队 'days=mon;wed;fri' \
    grace=30 'points=村口卡口|20:00;小学门口|20:30;水库|21:00' >/dev/null &&
xt add plan name=白天线 village=张村 'points=水库|09:00;小学门口' >/dev/null &&
xt add plan name=桥头线 village=李庄 grace=0 'points=李庄桥头|22:00' >/dev/null &&
xt add plan name=无村线 'days=sat;sun' 'points=村口卡口|07:00' >/dev/null &&
xt add plan name=往返线 village=张村 'days=tue;thu;sat' \
    'points=水库|06:00;村口卡口|06:30;水库|07:00' >/dev/null
ok $? "villages, checkpoints, a team and five plans, one passing a point twice"

# Patrols from the plans over two weeks: none, all on time, some late,
# ended with points left, still open; the same every run.
python3 - >patrols.txt <<'PY'
import datetime as dt
plans = {"夜巡一线": ("mon wed fri", [("村口卡口", 20 * 60), ("小学门口", 20 * 60 + 30), ("水库", 21 * 60)]),
         "白天线": ("", [("水库", 9 * 60), ("小学门口", 12 * 60)]),
         "桥头线": ("", [("李庄桥头", 22 * 60)]),
         "无村线": ("sat sun", [("村口卡口", 7 * 60)]),
         "往返线": ("tue thu sat", [("水库", 6 * 60), ("村口卡口", 6 * 60 + 30), ("水库", 7 * 60)])}
wd = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
first = dt.date(2026, 11, 16)
for pi, (name, (days, pts)) in enumerate(plans.items()):
    for i in range(14):
        d = first + dt.timedelta(days=i)
        if days and wd[d.weekday()] not in days.split():
            continue
        kind = (i * 7 + pi * 3) % 5
        if kind == 0:
            continue
        at = lambda m: (dt.datetime.combine(d, dt.time()) +
                        dt.timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M")
        ticks = []
        for j, (cp, m) in enumerate(pts):
            if kind in (3, 4) and j == len(pts) - 1 and len(pts) > 1:
                break
            if kind == 3 and len(pts) == 1:
                break
            delay = (i * 13 + j * 29 + pi * 17) % 50 if kind != 2 else \
                (25 + 40 * j + i) % 120
            ticks.append(f"{cp}|{at(m + delay)}")
        start = at(pts[0][1] - 10)
        end = "" if kind == 4 else at(pts[-1][1] + 150)
        print(f"{name}^{start}^{end}^{';'.join(ticks)}")
PY
st=0
while IFS=^ read -r plan start end points; do
	xt add patrol type=foot plan="$plan" "start=$start" ${end:+"end=$end"} \
	    ${points:+"points=$points"} >/dev/null 2>>add.err || st=1
done <patrols.txt
ok $st "$(wc -l <patrols.txt) patrols from the plans"
sed "s/^/# /" add.err

# Some misses closed with a reason: whole days and single points.
xt plan misses --from 2026-11-16 --to 2026-11-29 >misses.txt
ok $? "plan misses lists $(tail -1 misses.txt)"
closed=0
for line in $(awk '/^2026/ && NR % 3 != 0 {print $1 "," $2 "," ($5 == "patrol" ? "" : $5)}' misses.txt | head -8)
do
	IFS=, read -r date plan cp <<EOT
$line
EOT
	set -- weather incident short_staffed
	shift $((closed % 3))
	xt plan close-miss "$plan" "$date" $cp --reason "$1" >/dev/null &&
	    closed=$((closed + 1))
done
[ "$closed" -ge 4 ]
ok $? "$closed misses closed with a reason"

for k in village grid household_group place checkpoint patrol visit dispute plan miss
do
	xt list "$k" --csv >"$T_DIR/$k.csv" || echo "# list $k failed"
done

# report [VILLAGE]: the report's CSV against the recomputation.
report() {
	xt report plans --from 2026-11-16 --to 2026-11-29 --csv \
	    ${1:+--village "$1"} >"$T_DIR/plans.csv" &&
	python3 "$XF_SRCDIR/tests/report_check.py" "$T_DIR" plans \
	    2026-11-16 2026-11-29 7 "$@"
}
check "report plans agrees with the records" report
check "report plans --village 张村 agrees with the records" report 张村
check "report plans --village 李庄 agrees with the records" report 李庄
report >/dev/null
sed 's/^/# /' plans.csv
awk -F, 'NR > 1 && $9 > 0 {n++} END {exit n < 1}' plans.csv
ok $? "...and some misses in it are explained"
tr -d '\r' <plans.csv | awk -F, '$1 == "夜巡一线" {print $4}' | sort -u >weeks.txt
[ "$(cat weeks.txt | tr '\n' ' ')" = "2026-11-16 2026-11-23 " ]
ok $? "...a row for each week of a plan, by its Monday ($(cat weeks.txt | tr '\n' ' '))"
tr -d '\r' <plans.csv | grep -q 'incident:[0-9]' &&
    tr -d '\r' <plans.csv | grep -q 'weather:[0-9]'
ok $? "...with the reasons given, by reason"

xt report plans --from 2026-11-16 --to 2026-11-29 >plans.txt
grep -q '夜巡一线' plans.txt && grep -q '^张村$' plans.txt &&
    grep -q 'On time' plans.txt && grep -q 'week of 11-23' plans.txt &&
    grep -q 'reasons: .*handling an incident [0-9]' plans.txt
ok $? "the chart lists the plans under their villages, by week, with reasons"

done_testing
