#!/bin/sh
# Every report's figures on a demo store equal a computation done here, in
# Python, from `xunfang list KIND --csv` alone.
. "$XF_SRCDIR/tests/lib.sh"

xf demo --seed 11 --days 45 --villages 3 --end 2026-11-20 \
    --kdf-memory 8 >/dev/null
ok $? "build a demo store"

# Two patrol plans, so the coverage report has planned passages to count.
cps=$(xf list checkpoint --csv | awk -F, 'NR > 1 && NR < 5 {print $2}')
set -- $cps
xf add plan name=夜巡甲线 "points=$1|21:00;$2|21:30" "days=周一;周六" >/dev/null &&
xf add plan name=早巡乙线 "points=$2;$3" >/dev/null
ok $? "add two patrol plans"

for k in village grid household_group place checkpoint patrol visit dispute plan
do
	xf list "$k" --csv >"$T_DIR/$k.csv" || echo "# list $k failed"
done

# report NAME DAYS [VILLAGE]: the report's CSV against the recomputation.
report() {
	name=$1 days=$2
	shift 2
	xf report "$name" --from 2026-10-24 --to 2026-11-20 --days "$days" \
	    --csv ${1:+--village "$1"} >"$T_DIR/$name.csv" &&
	python3 "$XF_SRCDIR/tests/report_check.py" "$T_DIR" "$name" \
	    2026-10-24 2026-11-20 "$days" "$@"
}

for r in heatmap hotspots patrols volunteers trend presence; do
	check "report $r agrees with the records" report "$r" 7
done
check "report coverage agrees with the records" report coverage 3
check "report disputes agrees with the records" report disputes 10
check "report focus agrees with the records" report focus 3

V=$(python3 -c "import csv,sys; print(list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))[1]['name'])" "$T_DIR/village.csv")
for r in heatmap hotspots coverage patrols disputes volunteers trend presence; do
	check "report $r --village $V agrees with the records" report "$r" 5 "$V"
done

done_testing
