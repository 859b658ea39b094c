#!/bin/sh
# Patrol plans: a route of checkpoints with expected times and weekdays,
# patrols started from it, plans due today, planned visits per checkpoint.
. "$XF_SRCDIR/tests/lib.sh"

make_store
xf add village name=张村 >/dev/null &&
xf add checkpoint name=村口卡口 type=卡口 village=张村 >/dev/null &&
xf add checkpoint name=小学门口 village=张村 >/dev/null &&
xf add checkpoint name=水库 village=张村 >/dev/null &&
xf add team name=红袖标一队 village=张村 lead=老周 'members=老周;小陈' >/dev/null
ok $? "checkpoints and a volunteer team"

PL=$(xf add plan name=夜巡一线 village=张村 team=红袖标一队 type=步巡 \
    'days=mon;wed;fri' 'points=村口卡口|22:00;小学门口|22:30;村口卡口|23:00')
ok $? "add a plan: an ordered route with expected times on three weekdays"
xf add plan name=水库白天 'days=周六' 'points=水库|10:00' >/dev/null
ok $? "weekdays may be given in Chinese"
xf add plan name=坏计划 'points=水库|9:7' >/dev/null
ok $? "a plan with a malformed time is stored"

xf plan visits --from 2026-11-30 --to 2026-12-06 --csv | tr -d '\r' >"$T_DIR/v.csv"
head -1 "$T_DIR/v.csv" | grep -qx 'checkpoint,name,planned'
ok $? "planned visits CSV has a header"
grep -q ',村口卡口,6$' "$T_DIR/v.csv" && grep -q ',小学门口,3$' "$T_DIR/v.csv" &&
    grep -q ',水库,8$' "$T_DIR/v.csv"
ok $? "planned visits per checkpoint over a week: $(tail -n +2 "$T_DIR/v.csv" | cut -d, -f2,3 | tr '\n' ' ')"

# 2026-12-02 is a Wednesday: the night route runs, the Saturday one not.
xf plan due --date 2026-12-02 >"$T_DIR/due"
grep -q '22:00 夜巡一线 (3 points)' "$T_DIR/due" && ! grep -q 水库白天 "$T_DIR/due"
ok $? "plan due lists the plans of the day: $(head -1 "$T_DIR/due")"

P=$(xf plan start 夜巡一线 | head -1)
echo "$P" | grep -Eq '^[0-9a-f]{32}$'
ok $? "plan start prints the new patrol's id"
xf plan start 夜巡一线 >"$T_DIR/start"
sed -n 3p "$T_DIR/start" | grep -q '1\. 22:00 村口卡口' &&
    sed -n 5p "$T_DIR/start" | grep -q '3\. 23:00 村口卡口'
ok $? "plan start lists the points to pass in order"
xf show "$P" >"$T_DIR/show"
grep -q '夜巡一线' "$T_DIR/show" && grep -q '老周; 小陈' "$T_DIR/show" &&
    grep -q 'on foot' "$T_DIR/show"
ok $? "the patrol is pre-filled with plan, route, team members and type"
xf list patrol --csv | tr -d '\r' | grep "^$P," | grep -q ',夜巡一线,$' &&
    xf list plan --csv | grep -q "^$PL,夜巡一线,"
ok $? "the patrol refers to its plan"
xf edit "$P" points+=村口卡口 >/dev/null && xf show "$P" | grep -q '村口卡口 20'
ok $? "points are recorded on the patrol as it passes them"

today=$(date +%Y-%m-%d)
xf add plan name=每日巡逻 'points=水库|08:00' >/dev/null
xf plan due >"$T_DIR/due"
grep -q '每日巡逻' "$T_DIR/due"
ok $? "a plan without weekdays is due every day"
D=$(xf plan start 每日巡逻 | head -1)
xf plan due | grep '每日巡逻' | grep -q 'under way'
ok $? "a started patrol shows as under way"
xf edit "$D" end=now >/dev/null
! xf plan due | grep -q '每日巡逻'
ok $? "an ended patrol from the plan takes it off today's list"
xf roster tonight | grep -q 'Planned patrols not yet done'
ok $? "roster tonight shows the plans still to patrol on $today"

xf plan start 坏计划 >/dev/null 2>"$T_DIR/err"
grep -q "point 1: the expected time is not a time of day" "$T_DIR/err"
ok $? "a malformed expected time is named: $(cat "$T_DIR/err")"
xf plan start 无此计划 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q "no plan named '无此计划'" "$T_DIR/err"
ok $? "an unknown plan is named"
xf plan start 夜巡一线 type=飞行 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q "is not allowed" "$T_DIR/err"
ok $? "fields given with plan start are checked"
xf plan visits --from 2026-12-06 --to 2026-12-01 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'ends before it starts' "$T_DIR/err"
ok $? "a period that ends before it starts is refused"
xf plan visits --from 2026-12-01 2>/dev/null
[ $? -eq 2 ]
ok $? "plan visits needs --from and --to"

done_testing
