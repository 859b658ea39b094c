#!/bin/sh
# Report output: CSV that Python's csv module reads, a byte-order mark on
# request, charts within 80 columns in English and in Chinese, and errors
# that say what to do.
. "$XF_SRCDIR/tests/lib.sh"

REPORTS="heatmap hotspots coverage patrols disputes volunteers trend focus plans presence"
xf demo --seed 5 --days 30 --villages 3 --end 2026-11-20 \
    --kdf-memory 8 >/dev/null
ok $? "build a demo store"

for r in $REPORTS; do
	xf report "$r" --to 2026-11-20 --csv >"$T_DIR/$r.csv" &&
	python3 - "$T_DIR/$r.csv" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf"), "BOM without --bom"
assert raw.endswith(b"\r\n"), "rows end with CRLF"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) > 1, "no rows"
assert all(len(r) == len(rows[0]) for r in rows), "ragged rows"
PY
	ok $? "report $r --csv is RFC 4180 CSV that Python reads"
done

xf report hotspots --to 2026-11-20 --csv --bom >"$T_DIR/bom.csv"
[ "$(head -c 3 "$T_DIR/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
ok $? "--bom starts the file with EF BB BF"
python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0][0] == 'kind' and any('村' in c for r in rows for c in r)
" "$T_DIR/bom.csv"
ok $? "...and the Chinese text after it reads back"


for r in $REPORTS; do
	xf report "$r" --to 2026-11-20 >"$T_DIR/$r.txt"
done
cat "$T_DIR"/*.txt >"$T_DIR/all-en.txt"
[ "$(text_width "$T_DIR/all-en.txt")" -le 80 ]
ok $? "charts fit 80 columns (widest: $(text_width "$T_DIR/all-en.txt"))"
grep -q '[░▒▓█]' "$T_DIR/heatmap.txt" && grep -q '[▏▎▍▌▋▊▉█]' "$T_DIR/patrols.txt" &&
    grep -q '[▁▂▃▄▅▆▇]' "$T_DIR/trend.txt"
ok $? "heat map shading, bars and sparklines are drawn with block characters"
grep -q 'Sat' "$T_DIR/heatmap.txt" && grep -q 'Checkpoints overdue' "$T_DIR/focus.txt"
ok $? "charts are labelled"

setup_zh
for r in $REPORTS; do
	LC_ALL=zh_CN.UTF-8 xf report "$r" --to 2026-11-20
done >"$T_DIR/all-zh.txt"
[ "$(text_width "$T_DIR/all-zh.txt")" -le 80 ]
ok $? "under zh_CN charts fit 80 columns too (widest: $(text_width "$T_DIR/all-zh.txt"))"
grep -q '周六' "$T_DIR/all-zh.txt" && grep -q '情报导巡' "$T_DIR/all-zh.txt" &&
    grep -q '演示数据' "$T_DIR/all-zh.txt"
ok $? "...with Chinese labels and the demo banner"
for r in $REPORTS; do
	xf report "$r" --to 2026-11-20 --width 60
	LC_ALL=zh_CN.UTF-8 xf report "$r" --to 2026-11-20 --width 60
done >"$T_DIR/narrow.txt"
[ "$(text_width "$T_DIR/narrow.txt")" -le 60 ]
ok $? "--width 60 keeps every chart within 60 columns (widest: $(text_width "$T_DIR/narrow.txt"))"
xf report heatmap --width 50 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q '60 to 400' "$T_DIR/err"
ok $? "--width below 60 is refused"

# The home screen's focus (no period given) names the checkpoints that
# the coverage report of the same four weeks marks overdue.
xf report focus --csv >"$T_DIR/focus-now.csv" &&
    xf report coverage --csv >"$T_DIR/cover-now.csv" &&
    python3 - "$T_DIR/focus-now.csv" "$T_DIR/cover-now.csv" <<'PY'
import csv, sys
focus = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
cover = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
got = [r["name"] for r in focus if r["what"] == "checkpoint"]
want = [r["name"] for r in cover if r["overdue"] == "yes"]
assert got == want and want, (got, want)
PY
ok $? "report focus for now lists the checkpoints coverage marks overdue"

xf report nosuch 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'heatmap hotspots' "$T_DIR/err"
ok $? "an unknown report is named with the list of reports"
xf report disputes --village 无此村 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'xunfang list village' "$T_DIR/err"
ok $? "an unknown village says how to list them"
xf report heatmap --bom 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q -- '--csv' "$T_DIR/err"
ok $? "--bom without --csv is a usage error"
xf report trend --from 2026-11-20 --to 2026-11-01 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q -- 'before' "$T_DIR/err"
ok $? "an empty period is refused"

done_testing
