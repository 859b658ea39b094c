#!/bin/sh
# Every report's figures on a demo store equal a computation done here, in
# Python, from `xunfang list KIND --csv` alone.
. "$XF_SRCDIR/tests/lib.sh"

xf demo --seed 11 --days 45 --villages 3 --end 2026-11-20 \
    --kdf-memory 8 >/dev/null
ok $? "build a demo store"

for k in village grid household_group place checkpoint patrol visit dispute
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

for r in heatmap hotspots patrols volunteers trend; do
	check "report $r agrees with the records" report "$r" 7
done
check "report coverage agrees with the records" report coverage 3
check "report disputes agrees with the records" report disputes 10
check "report focus agrees with the records" report focus 3

V=$(python3 -c "import csv,sys; print(list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))[1]['name'])" "$T_DIR/village.csv")
for r in heatmap hotspots coverage patrols disputes volunteers trend; do
	check "report $r --village $V agrees with the records" report "$r" 5 "$V"
done

done_testing
