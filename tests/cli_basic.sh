#!/bin/sh
# The record commands end to end: init, add, list, show, edit, delete.
. "$XF_SRCDIR/tests/lib.sh"

make_store
ok $? "init creates a store"
[ "$(stat -c %a "$DB")" = 600 ]
ok $? "the store file is private (0600)"
[ "$(stat -c %a "$(dirname "$DB")")" = 700 ]
ok $? "its folder is private (0700)"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = wal ]
ok $? "the store is in WAL mode"

xf init --role device --name x --user y --kdf-memory 8 >/dev/null 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q "already exists" "$T_DIR/err"
ok $? "init refuses to overwrite a store"

V=$(xf add village name=张村 township=城关镇)
ok $? "add village"
echo "$V" | grep -Eq '^[0-9a-f]{32}$'
ok $? "add prints a 32-digit id"
xf add checkpoint name=村口卡口 type=卡口 village=张村 >/dev/null &&
xf add checkpoint name=小学门口 type=mandatory village=张村 >/dev/null
ok $? "add two checkpoints, referring to the village by name"

P=$(xf add patrol type=步巡 village=张村 'team=王警官;李红' \
    'points=村口卡口|20:10;小学门口|20:40' \
    'observations=20:15|suspicious|村口有陌生面包车 plate 皖A-12345')
ok $? "add a patrol with lists"

xf list patrol --csv > "$T_DIR/p.csv"
head -1 "$T_DIR/p.csv" | tr -d '\r' | grep -q '^id,type,team,start,end,village,route,points,observations'
ok $? "CSV header names the fields, id first"
grep -q "^$P,foot,王警官; 李红," "$T_DIR/p.csv"
ok $? "CSV row starts with the record id and holds the values"
grep -q '村口卡口|20[0-9-]* 20:10|[^;]*; 小学门口|' "$T_DIR/p.csv"
ok $? "CSV shows referenced checkpoints by name with their times"
python3 -c "
import csv,sys
rows=list(csv.reader(open(sys.argv[1],encoding='utf-8',newline='')))
assert len(rows)==2 and rows[1][0]==sys.argv[2], rows
assert '陌生面包车 plate 皖A-12345' in rows[1][8], rows[1][8]
" "$T_DIR/p.csv" "$P"
ok $? "CSV parses with Python's csv module"

start=$(grep "^$P" "$T_DIR/p.csv" | cut -d, -f4)
now=$(date '+%Y-%m-%d %H:')
case "$start" in "$now"*) ok 0 "a patrol's start defaults to now";; *) ok 1 "start defaults to now (got $start)";; esac

xf list patrol --csv --bom | head -c 3 | od -An -tx1 | grep -q 'ef bb bf'
ok $? "--bom starts the CSV with a byte-order mark"

xf list patrol > "$T_DIR/table"
grep -q "^${P%"${P#????????}"}" "$T_DIR/table" && grep -q '1 record' "$T_DIR/table"
ok $? "the table lists the patrol by short id"
awk '{ if (length($0) > 200) exit 1 }' "$T_DIR/table"
ok $? "table lines are bounded"

xf list patrol --search 面包车 | grep -q '1 record'
ok $? "--search finds text inside a list field"
xf list patrol --search 不存在的词 | grep -q '0 records'
ok $? "--search without a match lists nothing"
xf list patrol --since 2000-01-01 | grep -q '1 record' &&
xf list patrol --since 2099-01-01 | grep -q '0 records'
ok $? "--since filters on the patrol's start"

xf show "$P" > "$T_DIR/show"
grep -q '陌生面包车' "$T_DIR/show" && grep -q 'on foot' "$T_DIR/show"
ok $? "show prints the fields with labels"

xf edit "$P" end=now >/dev/null && xf edit "$P" 'observations+=|note|一切正常' >/dev/null
ok $? "edit sets a field and appends a list item"
xf list patrol --csv | grep "^$P" | grep -q '一切正常'
ok $? "the appended item is there"
xf list patrol --csv | grep "^$P" | grep -q '陌生面包车'
ok $? "the earlier item is kept"

K=$(xf kinds)
for kind in patrol visit dispute village grid household_group place checkpoint; do
	echo "$K" | grep -q "^$kind " || { ok 1 "kinds lists $kind"; continue; }
	ok 0 "kinds lists $kind"
done
echo "$K" | grep -q '巡逻方式' && echo "$K" | grep -q 'red (红)'
ok $? "kinds shows Chinese labels and allowed values"

D=$(xf add dispute title=宅基地边界争议 category=土地山林 colour=橙 'parties=张大山|13800000000|张村3组;李小河')
xf list dispute --csv | grep "^$D" | grep -q ',land,orange,reported,'
ok $? "a dispute gets its choices and the default status"

VI=$(xf add visit target=place purpose=hazard findings=消防通道堵塞 follow_up=+7d)
xf list visit --csv | grep "^$VI" | grep -q "$(date -d '+7 days' +%Y-%m-%d)"
ok $? "a visit's follow-up date takes +7d"

before=$(date '+%Y-%m-%d %H:%M')
LP=$(xf add patrol 'observations=村口有陌生车')
after=$(date '+%Y-%m-%d %H:%M')
xf show "$LP" > "$T_DIR/lone"
grep -Eq "^  Observations +($before|$after) note 村口有陌生车\$" "$T_DIR/lone" &&
[ "$(grep -c 村口有陌生车 "$T_DIR/lone")" -eq 1 ]
ok $? "a lone observation text is seen now, of the default type"
xf list patrol --csv | grep "^$LP" |
    grep -Eq ",($before|$after)\|note\|村口有陌生车\|,"
ok $? "its CSV form holds the time, the type code and the text"

xf add team name=一队 'exceptions=张三' >/dev/null 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q "team field 'exceptions', item 1: 'from' is required" \
    "$T_DIR/err" && [ -z "$(xf list team --csv | sed 1d)" ]
ok $? "an item still needs its required parts that have no default"

done_testing
