#!/bin/sh
# Times as people say them: 昨天/前天/今晚/明天 before HH:MM, full-width
# digits from an input method, a bare HH:MM well ahead of now is
# yesterday; a patrol that ends before it starts is refused, naming both
# fields in the language of the messages, and nothing is written.
. "$XF_SRCDIR/tests/lib.sh"
setup_zh
make_store

day() { date -d "$1" +%Y-%m-%d; }
start_of() { xf list patrol --csv | tr -d '\r' | awk -F, -v id="$1" \
    '$1 == id {print $4 "|" $5}'; }

id=$(xf add patrol type=foot 'start=昨天 20:30' 'end=昨天 23:10')
check "昨天 20:30 and 昨天 23:10 are yesterday's" \
    test "$(start_of "$id")" = "$(day yesterday) 20:30|$(day yesterday) 23:10"
id=$(xf add patrol type=foot 'start=前天 20:30')
check "前天 is the day before yesterday" \
    test "$(start_of "$id")" = "$(day '2 days ago') 20:30|"
id=$(xf add patrol type=foot 'start=今晚 8:00' 'end=明天 08:00')
check "今晚 8:00 is this evening, 明天 08:00 tomorrow morning" \
    test "$(start_of "$id")" = "$(day today) 20:00|$(day tomorrow) 08:00"
id=$(xf add patrol type=foot 'start=２０２６－１２－０１ ２０：３０')
check "full-width digits, hyphen and colon" \
    test "$(start_of "$id")" = "2026-12-01 20:30|"

# A bare time three hours ahead: today if that is no more than two hours
# ahead of now (it went past midnight), else yesterday.
hm=$(date -d '+3 hours' +%H:%M)
want=$(day today)
[ $(($(date -d "today $hm" +%s) - $(date +%s))) -gt 7200 ] &&
    want=$(day yesterday)
id=$(xf add patrol type=foot "start=$hm")
check "a bare HH:MM more than two hours ahead is yesterday's" \
    test "$(start_of "$id")" = "$want $hm|"

n=$(xf list patrol --csv | wc -l)
xf add patrol type=foot 'start=今天 22:00' 'end=今天 21:00' >"$T_DIR/out" \
    2>"$T_DIR/err"
[ $? -ne 0 ] && grep -qF "patrol field 'end' (End) $(day today) 21:00 is \
before field 'start' (Start) $(day today) 22:00: give an end after the \
start" "$T_DIR/err"
ok $? "an end before the start is refused, naming both fields"
[ "$(xf list patrol --csv | wc -l)" = "$n" ]
ok $? "and nothing is written"
env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$XUNFANG" --passphrase-file "$PASS" \
    add patrol type=foot 'start=今天 22:00' 'end=今天 21:00' 2>"$T_DIR/err"
grep -qF "（结束时间）$(day today) 21:00 早于字段“start”（开始时间）" \
    "$T_DIR/err"
ok $? "in Chinese under zh_CN: $(cat "$T_DIR/err")"
xf edit "$id" 'end=-1d' 2>"$T_DIR/err"
grep -q "is before field 'start'" "$T_DIR/err"
ok $? "edit refuses it too"
done_testing
