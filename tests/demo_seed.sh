#!/bin/sh
# Demo stores: the same seed gives the same records, ids included; another
# seed gives others; the store is marked demo and says so on every report.
. "$XF_SRCDIR/tests/lib.sh"

KINDS="village grid household_group place checkpoint patrol visit dispute"

# demo PATH SEED: a small demo store.
demo() {
	xf --db "$1" demo --seed "$2" --days 20 --villages 2 --end 2026-11-20 \
	    --kdf-memory 8
}

# dump PATH OUT: every kind of the store as CSV into one file.
dump() {
	for k in $KINDS; do
		echo "== $k"
		xf --db "$1" list "$k" --csv || echo "list $k failed"
	done >"$2"
}

demo "$T_DIR/a.db" 42 >"$T_DIR/out"
ok $? "demo builds a store"
grep -q 'Created the demo store' "$T_DIR/out" && grep -q 'User: trainer' "$T_DIR/out"
ok $? "demo says what it built and the user to open it with"
demo "$T_DIR/b.db" 42 >/dev/null && demo "$T_DIR/c.db" 43 >/dev/null
ok $? "two more demo stores"
dump "$T_DIR/a.db" "$T_DIR/a.txt"
dump "$T_DIR/b.db" "$T_DIR/b.txt"
dump "$T_DIR/c.db" "$T_DIR/c.txt"
cmp -s "$T_DIR/a.txt" "$T_DIR/b.txt"
ok $? "the same seed gives the same records, ids included"
[ "$(grep -c '^[0-9a-f]\{32\},' "$T_DIR/a.txt")" -gt 150 ]
ok $? "the store holds some hundreds of records"
! cmp -s "$T_DIR/a.txt" "$T_DIR/c.txt"
ok $? "another seed gives other records"
[ "$(sqlite3 "$T_DIR/a.db" "SELECT count(*) FROM version")" -gt \
  "$(grep -c '^[0-9a-f]\{32\},' "$T_DIR/a.txt")" ]
ok $? "disputes have several versions each (more versions than records)"

python3 - "$T_DIR/a.txt" <<'PY'
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = dict((p.split("\n", 1)[0], p.split("\n", 1)[1])
             for p in text.split("== ")[1:])
rows = lambda k: list(csv.DictReader(io.StringIO(parts[k], newline="")))
places = {r["type"] for r in rows("place")}
assert places <= {"hotel", "rental", "internet_cafe", "pawn", "phone",
                  "scrap"} and len(places) >= 3, places
assert {r["type"] for r in rows("checkpoint")} == {"control", "mandatory"}
status = {r["status"] for r in rows("dispute")}
assert "resolved" in status and status & {"reported", "mediating"}, status
assert all(r["township"] for r in rows("village"))
obs = "; ".join(r["observations"] for r in rows("patrol"))
assert "|incident|" in obs and "|suspicious|" in obs
night = sum(1 for o in obs.split("; ") if "|incident|" in o and
            (o[11:13] >= "22" or o[11:13] < "04"))
day = sum(1 for o in obs.split("; ") if "|incident|" in o and
          "08" <= o[11:13] < "12")
assert night > day, (night, day)
PY
ok $? "registry, dispute lifecycle and night-time incidents look right"

xf --db "$T_DIR/a.db" audit verify >/dev/null &&
    xf --db "$T_DIR/a.db" audit list | grep -q 'patrol ×'
ok $? "the audit log names the demo records made, one entry a kind, and verifies"
[ "$(sqlite3 "$T_DIR/a.db" "SELECT v FROM meta WHERE k = 'demo'")" = 1 ]
ok $? "the store is marked demo"
xf --db "$T_DIR/a.db" report heatmap --to 2026-11-20 | head -1 |
    grep -q 'DEMO DATA'
ok $? "reports on a demo store carry the demo banner"
demo "$T_DIR/a.db" 1 >/dev/null 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'already exists' "$T_DIR/err"
ok $? "demo refuses to overwrite a store"
xf --db "$T_DIR/d.db" demo --days 0 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q 'days' "$T_DIR/err" && [ ! -e "$T_DIR/d.db" ]
ok $? "demo refuses a bad --days and creates nothing"
"$XUNFANG" --db "$T_DIR/e.db" demo --days 3 --villages 1 --kdf-memory 8 \
    >"$T_DIR/out" && grep -q 'xunfang-demo' "$T_DIR/out" &&
    printf 'xunfang-demo\n' >"$T_DIR/demo-pass" &&
    "$XUNFANG" --db "$T_DIR/e.db" --passphrase-file "$T_DIR/demo-pass" \
    --user trainer list village >/dev/null
ok $? "without a passphrase file the demo store opens as trainer with the printed passphrase"

script -qec "'$XUNFANG' --passphrase-file '$PASS' --db '$T_DIR/p.db' demo \
    --days 5 --villages 1 --kdf-memory 8" /dev/null >"$T_DIR/tty.out" 2>&1
grep -q 'Making demo data: day 5 of 5' "$T_DIR/tty.out"
ok $? "on a terminal demo shows its progress"
xf --db "$T_DIR/q.db" demo --days 5 --villages 1 --kdf-memory 8 \
    >/dev/null 2>"$T_DIR/err"
[ $? -eq 0 ] && ! grep -q 'Making' "$T_DIR/err"
ok $? "...and not when standard error is a file"

done_testing
