#!/bin/sh
# list prints newest first: by the record's time (a patrol's start), then
# by its latest version; under zh_CN the headers of show and list name
# kinds and columns in Chinese only.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
make_store

# Three patrols one after another, started the same minute: the last made
# comes first, as table and as CSV.
for i in 1 2 3; do
	xf add patrol type=foot "team=队$i" | cut -c1-8 >>made ||
	    { echo "Bail out! cannot add patrol $i"; exit 1; }
done
xf list patrol | sed -n '2,4s/^\([0-9a-f]\{8\}\).*/\1/p' >listed
check "list patrol prints the newest first" test \
    "$(cat listed)" = "$(tac made)"
xf list patrol --csv | sed -n '2,4s/^\([0-9a-f]\{8\}\).*/\1/p' >listed.csv
check "and so does list patrol --csv" test "$(cat listed.csv)" = "$(tac made)"

# By start time first: a patrol entered later for an earlier night goes
# below the later nights.
xf add patrol type=foot team=晚 'start=2026-11-22 21:00' >/dev/null &&
xf add patrol type=foot team=早 'start=2026-11-20 21:00' >/dev/null &&
xf add patrol type=foot team=中 'start=2026-11-21 21:00' >/dev/null
xf list patrol --csv | grep ',2026-11-' | cut -d, -f3 >nights
check "older nights follow, latest night first" test \
    "$(cat nights | tr '\n' ' ')" = "晚 中 早 "

# Kinds without a time of their own: by the latest change.
xf add village name=一村 township=城关镇 >/dev/null &&
xf add village name=二村 township=城关镇 >/dev/null &&
xf add village name=三村 township=城关镇 >/dev/null
xf list village --csv | cut -d, -f2 | sed 1d >villages
check "villages newest first" test "$(cat villages | tr '\n' ' ')" = \
    "三村 二村 一村 "
one=$(xf list village --csv | grep ',一村,' | cut -c1-8)
xf edit "$one" township=关镇 >/dev/null
xf list village --csv | cut -d, -f2 | sed 1d >villages
check "a village edited last comes first" test \
    "$(cat villages | tr '\n' ' ')" = "一村 三村 二村 "

# show and list under zh_CN: the kind's Chinese name first, the internal
# one only after the id, in parentheses; English keeps its header.
setup_zh
zh() { LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xf "$@"; }
v=$(xf list village --csv | grep ',一村,' | cut -d, -f1)
zh show "$v" >show.zh
head -1 show.zh >head.zh
check "show under zh_CN starts with the kind's Chinese name: $(cat head.zh)" \
    test "$(cat head.zh)" = "村/社区 $v（village）"
! sed "s/$v.*//" head.zh | grep -q '[A-Za-z]'
ok $? "no ASCII kind name before the id"
! sed 1d show.zh | grep -q '[A-Za-z]'
ok $? "nor any English in the fields: $(tr '\n' '|' <show.zh)"
zh show "$v" --history | sed -n 2p >history.zh
grep -q '^版本 1/2 [0-9a-f]\{12\}  .*  设备 [0-9a-f]\{8\}  记录人 officer1' \
    history.zh && ! grep -Eq 'version|device| by ' history.zh
ok $? "show --history speaks Chinese: $(cat history.zh)"
xf show "$v" | head -1 >head.en
check "the English header is as it was" test "$(cat head.en)" = \
    "village $v (Village)"
zh list village | head -1 >list.zh
! grep -q '[A-Za-z]' list.zh
ok $? "list headers under zh_CN are Chinese: $(cat list.zh)"
check "and English ones as they were" test \
    "$(xf list village | head -1 | cut -c1-10)" = "id        "
check "the CSV header keeps the field names" test \
    "$(zh list village --csv --no-bom | head -1 | tr -d '\r')" = "id,name,township"
zh delete "$v" >/dev/null
check "a deleted record's header too" test "$(zh show "$v")" = \
    "村/社区 $v（village） — 已删除"

# A value a spreadsheet would run as a formula is written as text.
xf add village 'name==1+1' 'township=@SUM(A1)' >/dev/null
xf add village 'name=-2+3' 'township=+A1' >/dev/null
xf list village --csv --no-bom | tr -d '\r' >csv.out
grep -q "^[0-9a-f]*,'=1+1,'@SUM(A1)$" csv.out &&
    grep -q "^[0-9a-f]*,'-2+3,'+A1$" csv.out &&
    grep -q '^[0-9a-f]*,三村,城关镇' csv.out
ok $? "list --csv neutralises formulas with an apostrophe: $(tr '\n' '|' <csv.out)"
xf list village --csv --no-bom --raw | tr -d '\r' >raw.out
grep -q "^[0-9a-f]*,=1+1,@SUM(A1)$" raw.out && grep -q "^[0-9a-f]*,-2+3,+A1$" raw.out
ok $? "--raw writes them as they are: $(tr '\n' '|' <raw.out)"
done_testing
