#!/bin/sh
# Refusals at the command line: each names its cause, exits 1, and leaves
# the store's content as it was (list --csv of every kind and a dump of
# the version table compared before and after).
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xo() { xf --db "$T_DIR/o.db" "$@"; }
xs init --role station --name 派出所 --user s --kdf-memory 8 >/dev/null
xo init --role station --name 别的所 --user o --kdf-memory 8 >/dev/null
xa init --role device --name 笔记本 --user a --kdf-memory 8 >/dev/null
xs id --export st.id >/dev/null; xa id --export a.id >/dev/null
xo id --export o.id >/dev/null
xa enroll st.id >/dev/null
xs enroll a.id --name 王警官 --village 张村 >/dev/null
xa add patrol type=foot route=东线 >/dev/null
xa add visit target=household household=李家 purpose=hazard >/dev/null
xs add village name=张村 >/dev/null
xa export --to station -o good.xfb >/dev/null || exit 1

# snapshot: every kind as CSV plus the version table as SQLite sees it.
snapshot() {
	for k in $(xs kinds 2>/dev/null | awk '/^[a-z_]+ /{print $1}' | sort -u); do
		xs list "$k" --csv 2>/dev/null
	done
	sqlite3 "$T_DIR/st.db" 'SELECT hex(vid), head, hex(body) FROM version ORDER BY seq; SELECT hex(keyid), last_sync, hw_in FROM peer;'
}
snapshot > before.txt
[ -s before.txt ]
ok $? "a snapshot of the station's store is taken"

# refuse NAME FILE PATTERN: import fails with exit 1, names PATTERN, and
# the store is unchanged.
refuse() {
	xs import "$2" > out.txt 2>&1
	rc=$?
	snapshot > after.txt
	[ $rc -eq 1 ] && grep -q "$3" out.txt && cmp -s before.txt after.txt
	ok $? "$1 is refused: $(head -c 300 out.txt)"
}

size=$(wc -c < good.xfb)
head -c $((size - 1)) good.xfb > cut.xfb
refuse "a bundle cut short by one byte" cut.xfb "cut short\|signature"
head -c 200 good.xfb > cut2.xfb
refuse "a bundle cut to 200 bytes" cut2.xfb "cut short\|signature"
cp good.xfb flip.xfb
# The byte's complement: a fixed value may be the byte already.
b=$(od -An -tu1 -j300 -N1 good.xfb | tr -d ' ')
printf "\\$(printf %03o $((255 - b)))" |
    dd of=flip.xfb bs=1 seek=300 conv=notrunc 2>/dev/null
refuse "a bundle with one byte changed" flip.xfb "signature"
cp good.xfb ver.xfb
printf '\011' | dd of=ver.xfb bs=1 seek=3 conv=notrunc 2>/dev/null
refuse "an unknown format version" ver.xfb "format version 9"
printf 'hello' > junk.xfb
refuse "a file that is no bundle" junk.xfb "not a xunfang sync bundle"
xa enroll o.id > o.out 2>&1
grep -q 'already enrolled with station' o.out
ok $? "a device enrolls one station only"
xo enroll a.id --name 王 --village 张村 >/dev/null
xo export --to 王 -o other.xfb >/dev/null
xa import other.xfb > wrong.out 2>&1
[ $? -eq 1 ] && grep -q 'not enrolled here' wrong.out
ok $? "a bundle from a station the device did not enrol is refused"
xs export --to 王警官 -o fora.xfb >/dev/null
xo import fora.xfb > mis.out 2>&1
[ $? -eq 1 ] && grep -Eq 'addressed to device [0-9A-F]{8}…, this store is [0-9A-F]{8}…' mis.out
ok $? "a misaddressed bundle names both stores: $(cat mis.out)"
check "verify accepts the intact bundle" xs verify good.xfb
snapshot > after.txt
cmp -s before.txt after.txt
ok $? "verify changes nothing"
xs verify flip.xfb >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "verify refuses the changed bundle"
xs import good.xfb >/dev/null
snapshot > after.txt
! cmp -s before.txt after.txt
ok $? "the intact bundle imports"
sqlite3 "$T_DIR/st.db" 'PRAGMA integrity_check' | grep -qx ok
ok $? "the store passes integrity_check"
! grep -a -q '东线\|李家' "$T_DIR/st.db" good.xfb
ok $? "no record text is in clear in the bundle or the store"
done_testing
