#!/bin/sh
# A station's first bundle to a device carries the current versions of
# each record, not the versions they superseded: a laptop enrolled late
# in a village of years of edits gets what it shows. A device's bundle to
# the station keeps every version, and so does every later bundle.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xd() { xf --db "$T_DIR/d.db" "$@"; }
make_pair
make_peers d

rid=$(xa add patrol type=foot route=村口) || exit 1
xa edit "$rid" --reason 补记 route=村口到河边 >/dev/null
xa edit "$rid" --reason 补记 route=村口到河边再到小学 >/dev/null
xa export --to station -o a1.xfb >/dev/null
xs import a1.xfb > imp.out
grep -q 'added 3 versions' imp.out
ok $? "a device's bundle carries every version of its record"
xs edit "$rid" --reason 核对路线 route=派出所改的路线 >/dev/null
wid=$(xs add warning title=防汛预警 text=注意河堤 villages=张村) || exit 1
xs edit "$wid" title=防汛预警 'text=今晚有暴雨，注意巡查河堤' >/dev/null

check "the late device enrols the station" xd enroll st.id
check "the station enrols it for 张村" \
    xs enroll d.id --name 张队员 --village 张村
xs export --to 张队员 -o s-d1.xfb > d1.out
grep -q ' 2 versions' d1.out
ok $? "the station's first bundle to it holds the two current versions"
check "the late device imports it" xd import s-d1.xfb
xd show "$rid" > show.out
grep -q 派出所改的路线 show.out && ! grep -q 'IN CONFLICT' show.out
ok $? "it shows the station's route, with no conflict"
xd show --history "$rid" > hist.out
! grep -q 村口到河边 hist.out
ok $? "the routes the station's edit superseded stayed at the station"
xd show "$wid" > warn.out
grep -q 今晚有暴雨 warn.out
ok $? "the warning came in its last wording"

# A's edit of the version the station superseded comes in later: the
# late device still has no acknowledgement out, and gets both heads.
xa edit "$rid" --reason 路线走错 route=A改的路线 >/dev/null
xa export --to station -o a2.xfb >/dev/null
xs import a2.xfb >/dev/null
xs export --to 张队员 -o s-d2.xfb > d2.out
grep -q ' 3 versions' d2.out
ok $? "again from the start: the two heads of the record and the warning"
xd import s-d2.xfb >/dev/null
xd show "$rid" > show2.out
xd show --history "$rid" > hist2.out
grep -q 'IN CONFLICT' show2.out && grep -q A改的路线 hist2.out &&
    grep -q 派出所改的路线 hist2.out
ok $? "the late device sees the conflict, both sides of it"

xd export --to station -o d1.xfb >/dev/null
xs import d1.xfb >/dev/null
xs edit "$rid" --resolve --reason 合并 route=合并后的路线 >/dev/null
xs export --to 张队员 -o s-d3.xfb > d3.out
grep -q ' 1 versions' d3.out
ok $? "once it acknowledged, only the new version is sent"
xd import s-d3.xfb >/dev/null
xd show "$rid" > show3.out
grep -q 合并后的路线 show3.out && ! grep -q 'IN CONFLICT' show3.out
ok $? "the station's merge resolves the conflict on the late device"
xs show --history "$rid" > shist.out
grep -q 村口到河边 shist.out
ok $? "the station keeps the whole history"
done_testing
