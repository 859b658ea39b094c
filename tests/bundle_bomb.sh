#!/bin/sh
# Bombs from an enrolled device, signed with its real key: 2 million tiny
# versions and bodies of zeros inflating past 512 MiB. `xunfang import`
# refuses them with the limit named inside 256 MiB of address space and
# leaves the store as it was; `xunfang watch --once` moves each to
# rejected/ with its reason and exits normally, every time it starts.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair
xa add patrol type=foot route=村口 >/dev/null &&
    xa export --to station -o first.xfb >/dev/null &&
    xs import first.xfb >/dev/null || { echo "Bail out! first sync"; exit 1; }
bomb() { "$XF_BUILDDIR/tests/bomb_helper" a.db st.db "$PASS" "$@"; }
bomb versions 2000000 versions.xfb && bomb inflate 130 inflate.xfb ||
    { echo "Bail out! cannot build the bombs"; exit 1; }
xs list patrol > before
xs peers > peers.before

# Address space: ASan reserves terabytes of shadow memory, so the bound
# is tried only in a build without sanitizers.
case " ${XF_CFLAGS:-} " in
*-fsanitize*) limit= ;;
*) limit=262144 ;;
esac

# refused FILE WANT: import refused with exit status 1 and WANT said.
refused() {
	if [ -n "$limit" ]; then
		(ulimit -v $limit && exec "$XUNFANG" --passphrase-file "$PASS" \
		    --db st.db import "$1") > out 2> err
	else
		xs import "$1" > out 2> err
	fi
	st=$?
	[ "$st" -eq 1 ] && grep -q "$1 refused, nothing was imported: .*$2" err
}
for b in versions:"more than 500000 versions" \
    inflate:"larger than 536870912 bytes"; do
	f=${b%%:*}.xfb
	refused "$f" "${b#*:}"
	ok $? "import of $f ${limit:+in $limit KiB }is refused, exit 1: $(cat err)"
done
truncate -s 600M huge.xfb
refused huge.xfb x
[ "$st" -eq 1 ] && grep -q "huge.xfb is too large (over 545259520 bytes)" err
ok $? "a 600 MiB file is refused by its size before it is read: $(cat err)"
if [ -z "$limit" ]; then
	ok 0 "# SKIP ulimit -v: this build has sanitizers"
else
	(ulimit -v $limit && exec "$XUNFANG" --passphrase-file "$PASS" \
	    --db st.db list patrol) > limited 2>&1
	cmp -s before limited
	ok $? "the same address space is enough for the store itself"
fi
xs list patrol > after && xs peers > peers.after
cmp -s before after && cmp -s peers.before peers.after
ok $? "the store is as it was: records and peers the same"

# watch_once BOMB SEQ: the bomb put into the folder under the name of a
# bundle from the device, one pass of watch.
mkdir w
keyid() { sed -n 's/.*[Kk]ey id:* *\([0-9A-F]\{16\}\).*/\1/p' | head -1; }
A_ID=$(xa id | keyid)
ST_ID=$(xs id | keyid)
watch_once() {
	name="$ST_ID-$2-$A_ID"
	cp "$1" "w/$name.xfb"
	if [ -n "$limit" ]; then
		(ulimit -v $limit && exec "$XUNFANG" --passphrase-file "$PASS" \
		    --db st.db watch --once --settle 0 w) > wlog 2> werr
	else
		xs watch --once --settle 0 w > wlog 2> werr
	fi
}
# --once ends with status 1 when it refused a bundle, 0 when it had none.
for round in 1 2; do
	watch_once versions.xfb 100$round
	st=$?
	[ "$st" -eq 1 ] && grep -q "$name.*refused" wlog
	ok $? "watch --once ends normally, status 1 for a refusal, round $round ($st: $(cat wlog werr))"
	[ -f "w/rejected/$name.xfb" ] && [ ! -e "w/$name.xfb" ]
	ok $? "the bomb of round $round is moved to rejected/"
	grep -q "more than 500000 versions" "w/rejected/$name.why"
	ok $? "beside its reason: $(cat "w/rejected/$name.why")"
done
watch_once inflate.xfb 1003
[ $? -eq 1 ] && grep -q "larger than 536870912" "w/rejected/$name.why"
ok $? "the inflation bomb too: $(cat "w/rejected/$name.why")"
xs watch --once --settle 0 w > wlog 2> werr
ok $? "a watch started again with the bombs in rejected/ ends with status 0"
xs list patrol > after
cmp -s before after
ok $? "the store still holds what it held"

done_testing
