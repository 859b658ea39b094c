#!/bin/sh
# Graded disputes: a colour's time limits make an open dispute 超期 in
# report disputes; resolving schedules the follow-up (回访) 15 days on; a
# follow-up that finds the agreement holding closes the dispute, one that
# finds it broken reopens it; closing without a follow-up is refused; the
# limits come from the configuration file.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
make_store
V=$(xf add village name=张村)
two=$(date -d '2 days ago' '+%Y-%m-%d %H:%M')
D=$(xf add dispute title=宅基地边界 category=land colour=red \
    "reported=$two" "village=$V")
G=$(xf add dispute title=鸡鸭吵闹 category=neighbour colour=green \
    "reported=$two" "village=$V")

xf report disputes --csv 2>err.txt | tr -d '\r' >r1.csv
grep -qx 'past_first,宅基地边界,1' r1.csv
ok $? "a red dispute two days old with no mediation is past its first limit"
! grep -q '鸡鸭吵闹' r1.csv
ok $? "a green one of the same age is not"
grep -qx 'summary,past_limit,1' r1.csv
ok $? "the summary counts one dispute past its limit"

mkdir -p "$XDG_CONFIG_HOME/xunfang"
printf 'dispute_limit_red = 3/7\n' >"$XDG_CONFIG_HOME/xunfang/config"
xf report disputes --csv 2>err.txt | tr -d '\r' >r2.csv
grep -qx 'summary,past_limit,0' r2.csv && [ ! -s err.txt ]
ok $? "dispute_limit_red = 3/7 in the configuration gives red three days"
printf 'dispute_limit_red = 7/3\n' >"$XDG_CONFIG_HOME/xunfang/config"
xf report disputes --csv >/dev/null 2>err.txt
grep -q 'config:1: dispute_limit_red takes two numbers of days' err.txt
ok $? "a first limit after the resolution limit is refused, naming the line"
rm "$XDG_CONFIG_HOME/xunfang/config"

xf edit "$D" 'sessions+=now|李调解员|双方到场' >/dev/null
xf show "$D" >s1.txt
grep -q 'Status  *mediating' s1.txt
ok $? "a mediation session on a reported dispute puts it in mediation"
xf report disputes --csv | tr -d '\r' | grep -qx 'summary,past_limit,0'
ok $? "mediated within its first limit, it is no longer past it"

xf edit "$D" status=closed >out.txt 2>err.txt
rc=$?
[ $rc -ne 0 ] && grep -q "closed only after a follow-up visit" err.txt &&
    xf show "$D" | grep -q 'Status  *mediating'
ok $? "closing without a follow-up is refused and changes nothing"

xf edit "$D" status=resolved agreement=以现有围墙为界 >/dev/null
due=$(date -d '+15 days' '+%Y-%m-%d')
xf show "$D" >s2.txt
grep -q "Follow-up date  *$due" s2.txt && grep -q 'Status  *resolved' s2.txt
ok $? "resolving schedules the follow-up 15 days later ($due)"

xf edit "$D" status=handed_over handed_to=司法所 >out.txt 2>err.txt
[ $? -ne 0 ] && grep -q "not handed over" err.txt &&
    xf show "$D" | grep -q 'Status  *resolved'
ok $? "a resolved dispute is not handed over, and stays as it was"

xf edit "$D" 'sessions+=now|李调解员|对方又砌墙|follow_up|broken' >/dev/null
xf show "$D" >s3.txt
grep -q 'Status  *mediating' s3.txt && grep -q 'Risk colour  *red' s3.txt &&
    ! grep -q 'Follow-up date' s3.txt
ok $? "a follow-up that finds the agreement broken reopens it at its colour"

xf edit "$D" status=resolved >/dev/null
xf edit "$D" 'sessions+=now|李调解员|协议履行良好|follow_up|holds' >/dev/null
xf show "$D" | grep -q 'Status  *closed'
ok $? "a follow-up that finds the agreement holding closes it (已结案)"
xf show --history "$D" >h.txt 2>&1
[ "$(grep -c 'Status  *resolved' h.txt)" -ge 2 ]
ok $? "the history keeps each step"

xf report disputes --csv | tr -d '\r' | grep -qx 'status,closed,1'
ok $? "report disputes counts the closed dispute"

done_testing
