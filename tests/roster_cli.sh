#!/bin/sh
# xunfang roster end to end: make, show (table and CSV), idempotence, the
# same roster from the same inputs, swaps, missed duties, exceptions,
# teams, tonight's duty, refusals, and the Chinese screens.
. "$XF_SRCDIR/tests/lib.sh"

make_store
xf add village name=张村 >/dev/null &&
xf add household_group name=张村一组 village=张村 head=张建国 \
    'households=张建国家;李秀英家;王强家;赵敏家;刘洋家' >/dev/null
ok $? "a household group with five households"

xf roster make --group 张村一组 --from 2026-12-01 --to 2026-12-20 >"$T_DIR/out"
ok $? "roster make over 20 nights"
grep -q "Rostered 20 nights" "$T_DIR/out"
ok $? "make says how many nights it rostered: $(cat "$T_DIR/out")"

xf roster show --group 张村一组 --csv >"$T_DIR/a.csv"
head -1 "$T_DIR/a.csv" | tr -d '\r' | grep -qx 'date,household,group,status'
ok $? "CSV columns: date, household, group, status"
[ "$(tail -n +2 "$T_DIR/a.csv" | wc -l)" -eq 20 ]
ok $? "one CSV row per night"
tr -d '\r' <"$T_DIR/a.csv" | sed -n 2,6p | cut -d, -f2 | tr '\n' ' ' |
    grep -qx '张建国家 李秀英家 王强家 赵敏家 刘洋家 '
ok $? "households take turns in their stored order"
tr -d '\r' <"$T_DIR/a.csv" | tail -n +2 | cut -d, -f2 | sort | uniq -c |
    awk '{ print $1 }' | sort -u | tr '\n' ' ' | grep -qx '4 '
ok $? "20 nights over 5 households: 4 each"
tr -d '\r' <"$T_DIR/a.csv" | tail -n +2 | grep -vc ',张村一组,planned$' |
    grep -qx 0
ok $? "every night names the group and is planned"

xf roster make --group 张村一组 --from 2026-12-01 --to 2026-12-20 >"$T_DIR/out"
grep -q "Rostered 0 nights" "$T_DIR/out" && grep -q "20 nights were rostered already" "$T_DIR/out"
ok $? "making the same period again adds nothing: $(cat "$T_DIR/out")"
xf roster show --group 张村一组 --csv | cmp -s - "$T_DIR/a.csv"
ok $? "the roster is unchanged"
[ "$(xf list roster | grep -c 2026-12-)" -eq 20 ]
ok $? "nights are records of kind roster"

# The same inputs on another laptop give the same roster.
DB2="$T_DIR/other.db"
xf --db "$DB2" init --role device --name 另一台 --user officer2 --kdf-memory 8 >/dev/null &&
xf --db "$DB2" add household_group name=张村一组 \
    'households=张建国家;李秀英家;王强家;赵敏家;刘洋家' >/dev/null &&
xf --db "$DB2" roster make --group 张村一组 --from 2026-12-01 --to 2026-12-20 >/dev/null
xf --db "$DB2" roster show --group 张村一组 --csv | cmp -s - "$T_DIR/a.csv"
ok $? "the same inputs give the same roster on another store"

# A swap moves exactly the two duties.
xf roster swap --group 张村一组 2026-12-01 2026-12-03 >"$T_DIR/out"
ok $? "swap two nights"
xf roster show --group 张村一组 --csv >"$T_DIR/b.csv"
diff "$T_DIR/a.csv" "$T_DIR/b.csv" | grep -c '^>' | grep -qx 2
ok $? "a swap changes exactly two nights"
tr -d '\r' <"$T_DIR/b.csv" | grep -q '^2026-12-01,王强家,张村一组,swapped$' &&
    tr -d '\r' <"$T_DIR/b.csv" | grep -q '^2026-12-03,张建国家,张村一组,swapped$'
ok $? "the two nights exchanged their households"
xf roster show --group 张村一组 | grep '^2026-12-01' | grep -q 'rostered: 张建国家'
ok $? "the table shows who was rostered first"

# Missed and done.
xf roster missed --group 张村一组 2026-12-02 --note '家中有病人' >/dev/null &&
    xf roster done --group 张村一组 2026-12-04 >/dev/null
ok $? "record a missed and a done duty"
xf roster show --group 张村一组 --csv | tr -d '\r' | grep -q '^2026-12-02,李秀英家,张村一组,missed$'
ok $? "the missed duty shows in the CSV"
xf roster show --group 张村一组 | grep '^2026-12-02' | grep -q '家中有病人'
ok $? "the note shows in the table"
xf roster swap --group 张村一组 2026-12-02 2026-12-05 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'only planned duties can be swapped' "$T_DIR/err"
ok $? "a missed duty cannot be swapped: $(cat "$T_DIR/err")"

# Exceptions: the household is skipped, its nights go to others.
xf roster except --group 张村一组 赵敏家 2026-12-09 2026-12-16 秋收 >"$T_DIR/out"
ok $? "record an exception: $(head -1 "$T_DIR/out")"
grep -q 'went to others' "$T_DIR/out"
ok $? "its planned nights in the stretch were given to others"
xf roster show --group 张村一组 --csv | tr -d '\r' |
    awk -F, '$1 >= "2026-12-09" && $1 <= "2026-12-16" && $2 == "赵敏家"' |
    grep -c . | grep -qx 0
ok $? "no duty of the household on its exception days"
xf show "$(xf list household_group --csv | tail -1 | cut -d, -f1)" | grep -q '秋收'
ok $? "the exception is kept on the group"
xf roster make --group 张村一组 --from 2026-12-21 --to 2026-12-31 >/dev/null &&
xf roster except --group 张村一组 王强家 2027-01-01 2027-01-10 外出打工 >/dev/null &&
xf roster make --group 张村一组 --from 2027-01-01 --to 2027-01-31 >/dev/null
ok $? "roster the next weeks around an exception"
xf roster show --group 张村一组 --from 2027-01-01 --to 2027-01-31 --csv | tr -d '\r' |
    tail -n +2 >"$T_DIR/jan"
awk -F, '$1 <= "2027-01-10" && $2 == "王强家"' "$T_DIR/jan" | grep -c . | grep -qx 0
ok $? "a new roster skips the household while it is away"
cut -d, -f2 "$T_DIR/jan" | grep -v 王强家 | sort | uniq -c | awk '{ print $1 }' |
    sort -n | sed -n '1p;$p' | tr '\n' ' ' | awk '{ exit !($2 - $1 <= 1) }'
ok $? "households without exceptions differ by at most one duty"
wq=$(awk -F, '$2 == "王强家" { print $1; exit }' "$T_DIR/jan")
xf roster swap --group 张村一组 2027-01-03 "$wq" 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q '王强家 cannot take duty on 2027-01-03' "$T_DIR/err"
ok $? "a swap onto an exception day is refused: $(cat "$T_DIR/err")"

# Teams of volunteers.
xf add team name=红袖标一队 village=张村 lead=老周 'members=老周;小陈;小孙' >/dev/null &&
xf roster make --team 红袖标一队 --from 2026-12-01 --to 2026-12-06 >/dev/null
ok $? "roster a volunteer team"
xf roster show --team 红袖标一队 --csv | tr -d '\r' >"$T_DIR/t.csv"
head -1 "$T_DIR/t.csv" | grep -qx 'date,volunteer,team,status' &&
    grep -q '^2026-12-04,老周,红袖标一队,planned$' "$T_DIR/t.csv"
ok $? "a team's CSV names volunteers"

xf roster tonight --date 2026-12-01 >"$T_DIR/out"
grep -q '张村一组: 王强家' "$T_DIR/out" && grep -q '红袖标一队: 老周' "$T_DIR/out"
ok $? "tonight lists every group's and team's duty"

# Refusals name what went wrong; nothing is written.
xf roster make --from 2026-12-01 --to 2026-12-02 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q -- '--group' "$T_DIR/err"
ok $? "make without --group or --team is a usage error"
xf roster make --group 李村 --from 2026-12-01 --to 2026-12-02 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q "no household_group named '李村'" "$T_DIR/err"
ok $? "an unknown group is named: $(cat "$T_DIR/err")"
xf roster make --group 张村一组 --from 2026-12-05 --to 2026-12-01 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'ends before it starts' "$T_DIR/err"
ok $? "a period that ends before it starts is refused"
xf roster make --group 张村一组 --from 2026-12-32 --to 2027-01-01 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q 'takes a date' "$T_DIR/err"
ok $? "a bad date is refused"
xf roster except --group 张村一组 孙家 2026-12-01 2026-12-02 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q "'孙家' is not listed" "$T_DIR/err"
ok $? "an exception for someone not in the group is refused"
xf roster missed --group 张村一组 2025-01-01 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'has no duty on 2025-01-01' "$T_DIR/err"
ok $? "a night without a duty is named"
xf add household_group name=空组 >/dev/null
xf roster make --group 空组 --from 2026-12-01 --to 2026-12-02 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'lists nobody' "$T_DIR/err"
ok $? "a group without households is refused"

# Chinese screens.
setup_zh
# The catalogue as it is in the sources, whether or not po/ rebuilt it.
msgfmt -o "$XUNFANG_LOCALEDIR/zh_CN/LC_MESSAGES/xunfang.mo" "$XF_SRCDIR/po/zh_CN.po"
zh() { env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$XUNFANG" --passphrase-file "$PASS" "$@"; }
zh roster show --group 张村一组 --to 2026-12-05 >"$T_DIR/zh"
grep -q '值班状态' "$T_DIR/zh" && grep -q '已换班' "$T_DIR/zh" &&
    grep -q '未值班' "$T_DIR/zh" && grep -q '星期二' "$T_DIR/zh" &&
    grep -q '原排班：张建国家' "$T_DIR/zh"
ok $? "the roster table is in Chinese under zh_CN"
zh roster tonight --date 2026-12-01 | grep -q '值班'
ok $? "tonight's duty is in Chinese"

done_testing
