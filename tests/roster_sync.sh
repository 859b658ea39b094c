#!/bin/sh
# Rosters and plans through sync: a roster and a plan made on a village
# laptop appear at the station; edits of the same night on two laptops
# conflict on that night only; two laptops rostering the same nights make
# one record per night, not two duties.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xb() { xf --db "$T_DIR/b.db" "$@"; }
make_village
ok $? "a station and two laptops of one village, enrolled both ways"

xa add household_group name=张村一组 \
    'households=张建国家;李秀英家;王强家;赵敏家' >/dev/null &&
xa add checkpoint name=村口卡口 type=卡口 >/dev/null &&
xa add checkpoint name=小学门口 >/dev/null &&
xa add team name=红袖标一队 'members=老周;小陈' >/dev/null &&
xa add plan name=夜巡一线 team=红袖标一队 'days=mon;wed;fri' \
    'points=村口卡口|22:00;小学门口|22:30' >/dev/null &&
xa roster make --group 张村一组 --from 2026-12-01 --to 2026-12-14 >/dev/null &&
xa roster except --group 张村一组 王强家 2026-12-05 2026-12-06 秋收 >/dev/null
ok $? "laptop A rosters a group, records an exception, adds a plan"

xa export --to station -o a1.xfb >/dev/null && xs import a1.xfb >/dev/null
ok $? "A's bundle is imported at the station"
xa roster show --group 张村一组 --csv >a.csv
xs roster show --group 张村一组 --csv >s.csv
cmp -s a.csv s.csv && [ "$(wc -l <s.csv)" -eq 15 ]
ok $? "the station shows the same roster as the laptop"
xs show "$(xs list household_group --csv | sed -n 2p | cut -d, -f1)" | grep -q 秋收
ok $? "the group's exception reached the station"
xs list plan | grep -q 夜巡一线 && xs list team | grep -q 红袖标一队
ok $? "the plan and the team reached the station"
xa plan visits --from 2026-11-30 --to 2026-12-06 --csv >av.csv
xs plan visits --from 2026-11-30 --to 2026-12-06 --csv >sv.csv
cmp -s av.csv sv.csv && grep -q ',村口卡口,3' sv.csv
ok $? "the station plans the same visits per checkpoint"

# Laptop B gets the roster through the station, then both edit.
xs export --to 李队长 -o s-b1.xfb >/dev/null && xb import s-b1.xfb >/dev/null
xb roster show --group 张村一组 --csv | cmp -s - a.csv
ok $? "laptop B receives the roster through the station"
xa roster swap --group 张村一组 2026-12-01 2026-12-03 >/dev/null &&
xb roster missed --group 张村一组 2026-12-01 --note 没来 >/dev/null &&
xb roster done --group 张村一组 2026-12-02 >/dev/null
ok $? "A swaps two nights while B records the first as missed"
xa export --to station -o a2.xfb >/dev/null && xb export --to station -o b2.xfb >/dev/null &&
xs import a2.xfb b2.xfb >/dev/null
ok $? "both bundles are imported at the station"
xs roster show --group 张村一组 >s.txt
[ "$(grep -c '^2026-12-0[0-9]!' s.txt)" -eq 1 ] && grep -q '^2026-12-01!' s.txt
ok $? "only the night both edited is in conflict"
grep '^2026-12-02 ' s.txt | grep -q 'duty done' &&
    grep '^2026-12-03 ' s.txt | grep -q 'swapped duty'
ok $? "the other edits of each laptop arrive whole"
xs roster missed --group 张村一组 2026-12-01 2>err
[ $? -eq 1 ] && grep -q 'in conflict' err
ok $? "a night in conflict must be settled before it changes"

# Both laptops roster the same new nights: one record per night.
xa roster make --group 张村一组 --from 2026-12-15 --to 2026-12-21 >/dev/null &&
xb roster make --group 张村一组 --from 2026-12-15 --to 2026-12-21 >/dev/null
xa export --to station -o a3.xfb >/dev/null && xb export --to station -o b3.xfb >/dev/null &&
xs import a3.xfb b3.xfb >/dev/null
ok $? "both laptops roster the same week and sync"
[ "$(xs roster show --group 张村一组 --from 2026-12-15 --csv | tail -n +2 | wc -l)" -eq 7 ]
ok $? "the station holds one duty per night, not two"
xs roster show --group 张村一组 --from 2026-12-15 >s.txt
! grep -q '^2026-12-[12][0-9]!' s.txt
ok $? "nights rostered alike on both laptops are not in conflict"
xs roster swap --group 张村一组 2026-12-15 2026-12-16 >/dev/null &&
    xs roster show --group 张村一组 --from 2026-12-15 --to 2026-12-16 |
    grep -c '^2026-12-1[56]  .*swapped duty' | grep -qx 2
ok $? "such nights can be swapped at once"
xs roster show --group 张村一组 --from 2026-12-15 --csv | tr -d '\r' | tail -n +2 |
    cut -d, -f2 | sort | uniq -c | awk '{ print $1 }' | sort -u | tr '\n' ' ' |
    grep -Eq '^(1 2 |2 1 |2 )$'
ok $? "the week is shared fairly"

done_testing
