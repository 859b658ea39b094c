#!/bin/sh
# Edit reasons: an edit of a patrol, visit or dispute that has left the
# store says why; the reason is part of its version, shown in the history
# and its CSV, and travels to the station with the version.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair

vid=$(xa add visit target=household household=赵家 purpose=advice \
    findings=门锁损坏) || exit 1
check "before export an edit needs no reason" \
    xa edit "$vid" findings=门锁已修
check "before export a reason may be given" \
    xa edit "$vid" --reason "补记走访情况" findings=门锁已修，已提醒
check "the device exports to the station" xa export --to station -o a1.xfb

xa edit "$vid" findings=改过 >out 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q -- '--reason' out && grep -q 'exported' out
ok $? "after export an edit without --reason is refused, naming --reason"
xa show "$vid" | grep -q '门锁已修，已提醒'
ok $? "the refused edit changed nothing"
xa edit "$vid" --reason "" findings=改过 >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "an empty reason is no reason"

check "after export an edit with a reason is written" \
    xa edit "$vid" --reason "户主更正了门牌号" findings=门牌号更正为12号
xa show "$vid" --history > hist.out
grep -q 'Reason for the change: 户主更正了门牌号' hist.out
ok $? "show --history shows the reason of the edit"
grep -q 'Reason for the change: 补记走访情况' hist.out
ok $? "and the reason given before the export"
[ "$(grep -c 'Reason for the change' hist.out)" -eq 2 ]
ok $? "versions written without a reason show none"

xa list visit --csv --history > h.csv
head -1 h.csv | grep -q '^id,version,version_time,author,reason,deleted,target,'
ok $? "list --csv --history has version, time, author and reason columns"
[ "$(wc -l < h.csv)" -eq 5 ]
ok $? "and one row per version (4 versions and the header)"
grep '户主更正了门牌号' h.csv | grep -q ',ua,' 
ok $? "the reason's row names its author"
grep '户主更正了门牌号' h.csv | grep -q '门牌号更正为12号'
ok $? "the reason's row holds that version's fields"
grep -Eq '^[0-9a-f]{32},[0-9a-f]{32},[0-9]{4}-[0-9]{2}-[0-9]{2} ' h.csv
ok $? "each row gives the version id and its time"
xa list visit --history >out 2>&1
[ $? -ne 0 ] && grep -q -- '--csv' out
ok $? "--history without --csv is refused, naming --csv"

pid=$(xa add patrol type=foot route=村口到河边 end=now) || exit 1
oid=$(xa add patrol type=bicycle route=后山) || exit 1
did=$(xa add dispute title=宅基地纠纷 category=land colour=red \
    'parties=赵大海|13611112222|赵家湾3号') || exit 1
check "the device exports the patrol" xa export --to station -o a2.xfb
check "a dispute, whose parties are sealed again for the station, is edited with a reason" \
    xa edit "$did" --reason 风险等级复核 colour=orange
xa edit "$pid" route=村口 >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "a patrol exported is refused an edit without a reason too"
xa edit "$oid" 'observations+=now|note|路灯不亮' >out 2>&1
ok $? "a patrol still under way takes an observation after an export without a reason"
check "the device exports the edit" sh -c \
    "$XUNFANG --passphrase-file '$PASS' --db '$T_DIR/a.db' export --to station -o a3.xfb"
check "the station imports the bundles" xs import a1.xfb a2.xfb a3.xfb
xs show "$vid" --history > st.out
grep -q 'Reason for the change: 户主更正了门牌号' st.out
ok $? "the reason arrives at the station with its version"
xs list visit --csv --history | grep -q '户主更正了门牌号'
ok $? "and is in the station's CSV of the history"
xs show "$did" --history | grep -q 'Reason for the change: 风险等级复核'
ok $? "a dispute's reason arrives too"
xs edit "$pid" route=河边 >out 2>&1
[ $? -ne 0 ] && grep -q -- '--reason' out
ok $? "at the station a device's patrol is edited only with a reason"

# A store that exported before the mark of sent rows was kept: the rows
# the station acknowledged count as sent.
xs export --to 王警官 -o s1.xfb >/dev/null && xa import s1.xfb >/dev/null ||
    exit 1
[ "$(sqlite3 a.db "SELECT count(*) FROM meta WHERE k = 'sent_seq'")" = 1 ]
ok $? "the device keeps a mark of the rows it sent"
sqlite3 a.db "DELETE FROM meta WHERE k = 'sent_seq'" || exit 1
xa edit "$vid" findings=又改 >out 2>&1
[ $? -ne 0 ] && grep -q -- '--reason' out
ok $? "rows the station acknowledged count as exported"

done_testing
