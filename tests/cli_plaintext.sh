#!/bin/sh
# No plaintext at rest: markers typed into records never appear in the
# database, its write-ahead log, its shared memory file, or any other file
# the program wrote.
. "$XF_SRCDIR/tests/lib.sh"

make_store device 独特设备名甲乙 独特账户名丙丁
# Hold a read transaction open so the WAL is not checkpointed away at exit.
mkfifo "$T_DIR/hold"
sqlite3 "$DB" < "$T_DIR/hold" >/dev/null 2>&1 &
hold=$!
exec 9>"$T_DIR/hold"
echo "BEGIN; SELECT count(*) FROM version;" >&9

xf add village name=标记村庄戊己 township=MARKERtownQX >/dev/null &&
xf add checkpoint name=标记卡口庚辛 village=标记村庄戊己 >/dev/null &&
xf add patrol type=foot village=标记村庄戊己 'team=标记队员壬癸;MARKERmemberZQ' \
    'points=标记卡口庚辛' 'observations=|incident|标记观察子丑 MARKERobsVW' >/dev/null &&
xf add dispute title=标记纠纷寅卯 category=debt colour=red \
    'parties=标记当事人辰巳|MARKERphone13912345678|标记地址午未' >/dev/null &&
xf add visit target=household household=标记住户申酉 purpose=migrant findings=MARKERfindingsKJ >/dev/null
ok $? "records with markers added"
for i in 1 2 3; do xf edit "$(xf list village --csv | sed -n 2p | cut -d, -f1)" "township=MARKERedit$i" >/dev/null; done
ok $? "edits with markers added"

ls "$DB-wal" >/dev/null 2>&1 && [ -s "$DB-wal" ]
ok $? "the write-ahead log holds the new pages"

markers="独特设备名甲乙 独特账户名丙丁 标记村庄戊己 MARKERtownQX 标记卡口庚辛 标记队员壬癸
MARKERmemberZQ 标记观察子丑 MARKERobsVW 标记纠纷寅卯 标记当事人辰巳 MARKERphone13912345678
13912345678 标记地址午未 标记住户申酉 MARKERfindingsKJ MARKERedit1 MARKERedit3"
files=$(find "$T_DIR/home" -type f)
[ -n "$files" ]
ok $? "found the files the program wrote: $(echo $files | wc -w)"
leaks=0
for m in $markers; do
	# Also look for the UTF-16 and the 3-byte prefix of each marker.
	for f in $files; do
		if grep -qaF "$m" "$f"; then echo "# $m in $f"; leaks=1; fi
		if LC_ALL=C grep -qaF "$(printf '%s' "$m" | head -c 9)" "$f"; then
			echo "# prefix of $m in $f"; leaks=1
		fi
	done
done
ok $leaks "no marker's bytes appear in any file of the store"

echo "COMMIT;" >&9
exec 9>&-
wait $hold
xf list patrol --csv | grep -q 标记观察子丑
ok $? "the markers are there when unlocked"
done_testing
