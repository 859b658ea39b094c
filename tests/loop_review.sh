#!/bin/sh
# The station reviews the reports of its devices: a review "has problems"
# of a device's visit reaches that device after one round trip, shows in
# `show` and on the home screen until the officer edits the visit, and
# the station then sees the edit after its review; the refusals.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

# The device is the test's own store (officer1 of 张村), so the TUI opens
# it; the station is st.db, with an officer1 of its own.
xa() { xf --user officer1 "$@"; }
xs() { xf --db "$T_DIR/st.db" --user officer1 "$@"; }
xc() { xf --db "$T_DIR/c.db" "$@"; }
make_store device 张村笔记本 officer1
xs init --role station --name 城关派出所 --user officer1 --kdf-memory 8 >/dev/null
make_peers c
xa id --export a.id >/dev/null && xs id --export st.id >/dev/null
xa enroll st.id >/dev/null && xc enroll st.id >/dev/null &&
xs enroll a.id --name 王警官 --village 张村 >/dev/null &&
xs enroll c.id --name 赵警官 --village 李村 >/dev/null ||
    { echo "Bail out! cannot enrol"; exit 1; }
VP="$T_DIR/vpass"
printf '%s\n' '红袖标 night watch 2026' > "$VP"
xa user add 红袖标李 --role volunteer --new-passphrase-file "$VP" \
    --kdf-memory 8 >/dev/null
xs user add 值班志愿者 --role volunteer --new-passphrase-file "$VP" \
    --kdf-memory 8 >/dev/null

pid=$(xa add patrol type=foot route=村口到河边) || exit 1
sleep 0.01
vid=$(xa add visit target=household household=王家 purpose=advice \
    findings=门口堆放杂物) || exit 1
sleep 0.01
volv=$("$XUNFANG" --passphrase-file "$VP" --user 红袖标李 add visit \
    target=household household=李家 purpose=advice) || exit 1
xa export --to station -o a1.xfb >/dev/null && xs import a1.xfb >/dev/null
ok $? "the station imports the device's reports"

xs review queue > q.out
grep -q '^Awaiting review: 3$' q.out
ok $? "the queue counts the three reports not reviewed"
p=$(grep -n "${pid%????????????????????????}" q.out | cut -d: -f1)
v=$(grep -n "${vid%????????????????????????}" q.out | cut -d: -f1)
[ -n "$p" ] && [ -n "$v" ] && [ "$p" -lt "$v" ]
ok $? "the queue lists the oldest report first"
grep "${volv%????????????????????????}" q.out | grep -q '\[volunteer\]' &&
    ! grep "${vid%????????????????????????}" q.out | grep -q volunteer
ok $? "a volunteer's report is marked as such, an officer's not"

# Refusals, each naming what is wrong.
xa review "$vid" --problem 补全 > r.out 2>&1
[ $? -ne 0 ] && grep -q 'written at the station' r.out
ok $? "a device cannot review"
xs review "$vid" --problem > r.out 2>&1
[ $? -ne 0 ] && grep -q "'comment' is required" r.out
ok $? "a problem without its comment is refused, naming the field"
xs review "$vid" --return '' > r.out 2>&1
[ $? -ne 0 ] && grep -q "'comment' is required" r.out
ok $? "a return with an empty comment is refused, naming the field"
"$XUNFANG" --db "$T_DIR/st.db" --passphrase-file "$VP" --user 值班志愿者 \
    review "$vid" --ok > r.out 2>&1
[ $? -ne 0 ] && grep -q 'volunteer account cannot review' r.out
ok $? "a volunteer account at the station cannot review"
xs add review record="$vid" verdict=returned > r.out 2>&1
[ $? -ne 0 ] && grep -q "'comment' is required" r.out
ok $? "add review keeps the same rule"
xs review queue | grep -q '^Awaiting review: 3$'
ok $? "nothing refused was written"

check "the station marks the visit: has problems" \
    xs review "$vid" --problem 门牌号写错了，请补上
check "the station marks the patrol: reviewed" xs review "$pid" --ok
xs review queue > q.out
grep -q '^Awaiting review: 1$' q.out &&
    ! grep -q "${vid%????????????????????????}" q.out
ok $? "reviewed reports leave the queue"

xs export --to 王警官 -o s-a.xfb >/dev/null && xa import s-a.xfb >/dev/null
ok $? "the device imports the station's return bundle"
xs export --to 赵警官 -o s-c.xfb >/dev/null && xc import s-c.xfb >/dev/null
[ "$(xc list review --csv | wc -l)" -le 1 ]
ok $? "another village's device gets no review"
xa show "$vid" > show.out
grep -q "^Station's comment: has problems: 门牌号写错了，请补上$" show.out
ok $? "show prints the station's comment on the device"
xa show "$pid" | grep -q "^Station's comment: reviewed$"
ok $? "show prints a plain review as reviewed"
setup_zh
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 xa show "$vid" > show.zh
grep -q '^派出所意见：有问题：门牌号写错了，请补上$' show.zh
ok $? "in Chinese it reads 派出所意见：有问题：..."

tui_start
tui_unlock
check "the device's home screen lists the returned visit" \
    tui_wait "Returned by the station: 1"
check "with the household and the comment" \
    tui_wait "王家 · Visit · Station's comment: has problems: 门牌号写错了"
tui_keys 2
tui_wait "2 of 2 records" >/dev/null
tui_keys /
tui_type 王家
tui_wait "1 of 2 records" >/dev/null
tui_keys Enter
tui_keys Enter
check "the visit's detail view shows the station's comment" \
    tui_wait "Station's comment: has problems: 门牌号写错了，请补上"
tui_keys F10
tui_wait "[exited" >/dev/null
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock 用户
check "in Chinese the home screen says 派出所退回" tui_wait "派出所退回：1"
check "and the station's comment" tui_wait "派出所意见：有问题：门牌号写错了"
tui_keys F10
tui_wait "[exited" >/dev/null
TUI_LANG=C.UTF-8

check "the officer edits the visit" xa edit "$vid" findings=已清理杂物 --reason 按派出所意见补正
tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_screen > home.out
! grep -q "Returned by the station" home.out
ok $? "after the edit the visit leaves the device's home screen"
tui_keys q
tui_keys y

xa export --to station -o a2.xfb >/dev/null && xs import a2.xfb >/dev/null
ok $? "the edit travels to the station"
xs show "$vid" --history > h.out
r=$(grep -n '^review ' h.out | cut -d: -f1)
e=$(grep -n '^version 2/2' h.out | cut -d: -f1)
[ -n "$r" ] && [ -n "$e" ] && [ "$r" -lt "$e" ] && grep -q 已清理杂物 h.out &&
    grep -q "Station's comment: has problems: 门牌号写错了" h.out
ok $? "the station's history shows the thread: the review, then the edit"
xs review queue | grep -q "${vid%????????????????????????}"
ok $? "the edited visit is back in the station's queue"

# A visit of 200 days ago, logged late: the queue lists it, the home
# screen's line (reports of the last 90 days) does not count it.
old=$(date -d '200 days ago' '+%Y-%m-%d 10:00')
oldv=$(xa add visit target=household household=赵家 purpose=advice \
    "time=$old") && xa export --to station -o a3.xfb >/dev/null &&
    xs import a3.xfb >/dev/null
ok $? "the station imports a visit of 200 days ago"
xs review queue > q.out
grep -q '^Awaiting review: 3$' q.out &&
    grep -q "${oldv%????????????????????????}" q.out
ok $? "review queue lists it with the two others"

tui_start --db "$T_DIR/st.db"
tui_unlock
check "the station's home screen shows its review queue" \
    tui_wait "Awaiting review (last 90 days): 2, the oldest: "
tui_screen | grep -Eq "Awaiting review \(last 90 days\): 2, the oldest: [0-9]{2}-[0-9]{2} (Patrol|Visit|Dispute) [^ ]+  [0-9]{2}-[0-9]{2} (Patrol|Visit|Dispute) "
ok $? "...naming its two oldest reports by date, kind and name"
tui_keys q
tui_keys y

done_testing
