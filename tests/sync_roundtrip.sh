#!/bin/sh
# Device -> station -> device: two officers of one village converge through
# their station, a record edited on both ends in conflict with both
# versions kept, warnings reach the village, revocation travels back.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xb() { xf --db "$T_DIR/b.db" "$@"; }
xc() { xf --db "$T_DIR/c.db" "$@"; }
make_peers st a b c

check "id prints key id, fingerprint and identity" sh -c \
    "$XUNFANG --passphrase-file '$PASS' --db '$T_DIR/st.db' id | grep -Eq '^Fingerprint: ([0-9]{5} ){5}[0-9]{5}$'"
grep -Eq '^XFID:3:S:R:[A-Z2-7]+$' st.id
ok $? "the exported identity is one line of QR alphanumeric characters"
check "device A enrols the station" xa enroll st.id
check "device B enrols the station" xb enroll st.id
check "device C enrols the station" xc enroll st.id
check "the station enrols A for 张村" xs enroll a.id --name 王警官 --village 张村
check "the station enrols B for 张村" xs enroll b.id --name 李队长 --village 张村
check "the station enrols C for 李村" xs enroll c.id --name 赵警官 --village 李村
xs enroll c.id --name 王警官 --village 李村 >out 2>&1
grep -q 'already enrolled' out
ok $? "two devices cannot share a name"
xs peers > peers.out
grep -q '王警官' peers.out && grep -q '李村' peers.out && grep -q never peers.out
ok $? "peers lists the devices with village and last sync"

rid=$(xa add patrol type=foot route=村口到河边) || exit 1
xc add visit target=household household=赵家 purpose=advice >/dev/null
check "A exports to the station" xa export --to station -o a1.xfb
check "C exports to the station" xc export --to station -o c1.xfb
xs import a1.xfb c1.xfb > imp.out
grep -q 'added 1 version ' imp.out
ok $? "the station imports both and says what was added"
xs import a1.xfb > imp2.out
grep -q 'nothing new' imp2.out
ok $? "importing the same bundle again adds nothing and says so"

xs export --to 李队长 -o s-b1.xfb >/dev/null
check "B imports the station's bundle" xb import s-b1.xfb
xb show "$rid" | grep -q 村口到河边
ok $? "B has A's patrol (same village)"
n=$(xb list visit --csv | wc -l)
[ "$n" -le 1 ]
ok $? "B does not get C's visit (another village)"

vid=$(xs list visit --csv | sed -n 2p | cut -d, -f1)
xs edit "$vid" --reason 派出所补记 findings=派出所补记 >/dev/null
xs edit "$rid" --reason 核对路线 route=派出所改的路线 >/dev/null
xs export --to 王警官 -o s-a2b.xfb >/dev/null
xa import s-a2b.xfb >/dev/null
xa show "$rid" | grep -q 派出所改的路线
ok $? "the station's edit of a 张村 record reaches 张村"
n=$(xa list visit --csv | wc -l)
[ "$n" -le 1 ]
ok $? "the station's edit of a 李村 record does not reach 张村"


xa edit "$rid" --reason 路线走错 route=A改的路线 >/dev/null
xb edit "$rid" --reason 路线走错 route=B改的路线 >/dev/null
xa export --to station -o a2.xfb >/dev/null
xb export --to station -o b2.xfb >/dev/null
xs import b2.xfb a2.xfb >/dev/null
xs export --to 王警官 -o s-a2.xfb >/dev/null
xs export --to 李队长 -o s-b2.xfb >/dev/null
xa import s-a2.xfb >/dev/null && xb import s-b2.xfb >/dev/null
ok $? "both devices import their return bundles"
xa show "$rid" > show.out
grep -q 'IN CONFLICT' show.out
ok $? "show prints the conflict on A"
xa show --history "$rid" > hist.out
grep -q A改的路线 hist.out && grep -q B改的路线 hist.out
ok $? "both conflicting versions are kept"
xa list patrol --csv > a.csv
xb list patrol --csv > b.csv
xs list patrol --csv > s.csv
cmp -s a.csv b.csv && cmp -s a.csv s.csv
ok $? "A, B and the station converge"

xs add warning title=防汛预警 'text=今晚有暴雨，注意巡查河堤' villages=张村 >/dev/null
xs add warning title=李村通报 text=仅李村 villages=李村 >/dev/null
xs export --to 王警官 -o s-a3.xfb >/dev/null
xa import s-a3.xfb >/dev/null
xa list warning > warn.out
grep -q 防汛预警 warn.out && ! grep -q 李村通报 warn.out
ok $? "a warning reaches the devices of its village only"

check "the station revokes B" xs revoke 李队长
xs peers | grep 李队长 | grep -q revoked
ok $? "peers shows B revoked"
xs export --to 王警官 -o s-a4.xfb >/dev/null
xa import s-a4.xfb > rev.out
grep -q 'revoked 1 more' rev.out
ok $? "the revocation travels to A in its return bundle"
xa peers | grep -q 'revoked by the station'
ok $? "A lists the revoked device"
xb add patrol type=foot >/dev/null
xb export --to station -o b3.xfb >/dev/null
xs import b3.xfb > b3.out 2>&1
[ $? -eq 1 ] && grep -q 'is revoked' b3.out
ok $? "the revoked device's bundle is refused"
xs export --to 李队长 -o x.xfb > x.out 2>&1
[ $? -eq 1 ]
ok $? "nothing is exported to a revoked device"

xa export --to station -o a5.xfb >/dev/null
xa export --to station -o a6.xfb >/dev/null
xs import a6.xfb a5.xfb >/dev/null
ok $? "bundles are accepted in any order"
xs export --to 王警官 -o s-a5.xfb >/dev/null
xa import s-a5.xfb >/dev/null
xa add patrol type=vehicle >/dev/null
xa export --to station -o a7.xfb > a7.out
grep -q ' 1 versions' a7.out
ok $? "after the station's acknowledgement only the new version is sent"
done_testing
