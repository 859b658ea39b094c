#!/bin/sh
# Restricted fields across sync: a volunteer's dispute reaches the station
# readable in full; a replacement device for the same village gets it back
# from the station, readable by its officer and not by its volunteer; the
# audit log records export and import.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' > "$VP"
xs() { xf --db "$T_DIR/st.db" --user ust "$@"; }
xa() { xf --db "$T_DIR/a.db" --user ua "$@"; }
xb() { xf --db "$T_DIR/b.db" --user ub "$@"; }
va() { "$XUNFANG" --db "$T_DIR/a.db" --user vol --passphrase-file "$VP" "$@"; }
vb() { "$XUNFANG" --db "$T_DIR/b.db" --user vol --passphrase-file "$VP" "$@"; }
make_peers st a b
xa user add vol --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
xb user add vol --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
xa enroll st.id >/dev/null && xs enroll a.id --name 王警官 --village 张村 >/dev/null
ok $? "device A and the station enrol each other"

rid=$(va add dispute title=借款纠纷 category=debt colour=orange 'parties=赵大海|13611112222|赵家湾3号')
ok $? "a volunteer on A reports a dispute with parties"
va show "$rid" | grep -q 'Parties *restricted'
ok $? "the volunteer cannot read the parties back"
va edit "$rid" 'parties+=孙小梅|13722223333|孙家庄' >/dev/null
ok $? "the volunteer adds a party to the parties it cannot read"
check "the volunteer exports A's records to the station" va export --to station -o a1.xfb
check "the station imports them" xs import a1.xfb
xs show "$rid" > st.out
grep -q '赵大海.*13611112222.*赵家湾3号' st.out && grep -q '孙小梅.*13722223333' st.out
ok $? "the station reads the volunteer's dispute in full, both parties"
xa show "$rid" | grep -q '赵大海'
ok $? "A's officer reads it in full too"

# A is lost: B is enrolled for the same village and gets the records back.
xb enroll st.id >/dev/null && xs enroll b.id --name 新笔记本 --village 张村 >/dev/null
ok $? "a replacement device B is enrolled for the same village"
check "B sends its first bundle, which tells its restricted key" \
    xb export --to station -o b0.xfb
check "the station imports it" xs import b0.xfb
check "the station exports to B" xs export --to 新笔记本 -o s-b1.xfb
check "B imports the station's bundle" xb import s-b1.xfb
xb show "$rid" | grep -q '赵大海.*13611112222.*孙小梅'
ok $? "B's officer reads the dispute's parties"
vb show "$rid" > vb.out
grep -q 'restricted' vb.out && ! grep -q '赵大海' vb.out
ok $? "B's volunteer sees them restricted"

# Audit entries travel with the bundles and the station checks each chain.
xs audit > st-audit.out
grep -q "$(xa id | sed -n 's/^Key id: *//p' | cut -c1-8 | tr 'A-F' 'a-f')" st-audit.out
ok $? "the station lists device A's audit entries"
check "the station verifies its own and A's chains" xs audit verify
xs export --to 王警官 -o s-a1.xfb >/dev/null && xa import s-a1.xfb >/dev/null
xa add patrol type=foot >/dev/null
xa export --to station -o a2.xfb >/dev/null
xa add patrol type=bicycle >/dev/null
xa export --to station -o a3.xfb >/dev/null
check "a later bundle continues the chain even if one was lost" xs import a3.xfb
check "and the chains still verify" xs audit verify
cp st.db st-bad.db
cat > flip.py <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
own = c.execute("SELECT v FROM meta WHERE k = 'keyid'").fetchone()[0]
seq, entry = c.execute("SELECT seq, entry FROM audit WHERE device <> ? "
                       "ORDER BY seq LIMIT 1", (own,)).fetchone()
e = bytearray(entry)
e[60] ^= 1
c.execute("UPDATE audit SET entry = ? WHERE seq = ?", (bytes(e), seq))
c.commit()
PY
python3 flip.py st-bad.db
xf --db st-bad.db audit verify 2>bad.err
[ $? -eq 1 ] && grep -q 'audit entry 1 of device' bad.err
ok $? "an altered device entry at the station is found: $(cat bad.err)"

# A volunteer account at the station manages no peers, from the CLI.
vs() { "$XUNFANG" --db "$T_DIR/st.db" --user vol --passphrase-file "$VP" "$@"; }
xs user add vol --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
make_peers rogue
xs peers > peers-before.out
vs revoke 王警官 > vrev.out 2>&1
[ $? -eq 1 ] && grep -q 'volunteer account may not revoke' vrev.out
ok $? "a station volunteer cannot revoke a device: $(cat vrev.out)"
vs enroll rogue.id --name 流氓 --village 张村 > venr.out 2>&1
[ $? -eq 1 ] && grep -q 'volunteer account may not enrol' venr.out
ok $? "a station volunteer cannot enrol a device: $(cat venr.out)"
xs peers > peers-after.out
cmp -s peers-before.out peers-after.out && ! grep -q 流氓 peers-after.out
ok $? "the station's peers are as they were"
check "the station can revoke the lost device" xs revoke 王警官

xa audit | grep -q 'bundle exported' && xs audit | grep -q 'bundle imported' &&
    xs audit | grep -q 'bundle exported'
ok $? "export and import are in the audit logs"
for f in st.db st.db-wal b.db b.db-wal a1.xfb s-b1.xfb; do
	[ -f "$f" ] || continue
	if grep -q '赵大海\|13611112222' "$f"; then echo "# found in $f"; false; fi
done
ok $? "the parties are in no store or bundle file in clear"
done_testing
