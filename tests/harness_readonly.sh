#!/bin/sh
# A store on a full disk or on read-only media can still be read: list,
# report and export -o to another folder work (the bundle imports at the
# station), a write says what is wrong and what to do, and the unlock says
# its audit entry could not be kept. The disks are real where this may
# mount (a full tmpfs, a read-only bind mount); elsewhere a full disk is
# the ENOSPC shim and read-only media a folder the user may not write.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

make_pair
xa() { xf --db "$T_DIR/a.db" "$@"; }
xa add village name=张村 >/dev/null
xa add patrol type=foot route=村东 >/dev/null
sqlite3 a.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
mkdir -p out

mounted=
# XF_TEST_NO_MOUNT=1 takes the unprivileged way even where mount works.
if [ "${XF_TEST_NO_MOUNT:-0}" = 1 ]; then mount() { return 1; }; fi
cleanup() {
	for m in $mounted; do umount "$m" 2>/dev/null; done
}
trap cleanup EXIT

# run DIR ARGS: xunfang on DIR/a.db as the medium requires.
run() {
	d=$1
	shift
	case $d in
	shim) XF_ENOSPC_DIR="$T_DIR/shim" XF_ENOSPC_AFTER=0 \
	    LD_PRELOAD="$XF_BUILDDIR/tests/faultio.so" \
	    "$XUNFANG" --passphrase-file "$PASS" --db "$T_DIR/shim/a.db" "$@";;
	nobody) setpriv --reuid=65534 --regid=65534 --clear-groups \
	    env HOME="$T_DIR/nohome" "$XUNFANG" --passphrase-file \
	    "$T_DIR/nobody.pass" --db "$T_DIR/nobody/a.db" "$@";;
	*) "$XUNFANG" --passphrase-file "$PASS" --db "$T_DIR/$d/a.db" "$@";;
	esac
}

# A full disk: a tmpfs filled to the last byte, else the shim.
mkdir -p full
if mount -t tmpfs -o size=4m tmpfs full 2>/dev/null; then
	mounted="$mounted $T_DIR/full"
	cp a.db full/
	dd if=/dev/zero of=full/filler bs=4096 2>/dev/null
	fd=full
	echo "# a full tmpfs"
else
	mkdir -p shim && cp a.db shim/
	fd=shim
	echo "# no mount here: the ENOSPC shim"
fi
# Read-only media: a read-only bind mount, else a folder this user
# may not write.
mkdir -p ro.src ro
cp a.db ro.src/
if mount --bind ro.src ro 2>/dev/null &&
    mount -o remount,bind,ro ro 2>/dev/null; then
	mounted="ro $mounted"
	mounted="$T_DIR/ro $mounted"
	rd=ro
	echo "# a read-only bind mount"
else
	umount ro 2>/dev/null
	mkdir -p nobody nohome && cp a.db nobody/ && cp "$PASS" nobody.pass &&
	    chmod 644 nobody/a.db nobody.pass && chmod 555 nobody &&
	    chmod 1777 out &&
	    chown 65534 nohome
	rd=nobody
	echo "# no mount here: a folder nobody may not write"
fi

for d in $fd $rd; do
	case $d in full|shim) why="is full";; *) why="read-only media";; esac
	run $d list village > list.out 2> list.err
	st=$?
	[ $st -eq 0 ] && grep -q 张村 list.out && grep -q "$why" list.err &&
	    grep -q "not in the audit log" list.err
	ok $? "$d: list works, and says the unlock is not in the audit log ($st: $(cat list.err))"
	run $d report patrols > report.out 2>/dev/null
	st=$?
	[ $st -eq 0 ] && grep -q "Patrol hours" report.out
	ok $? "$d: a report works ($st)"
	rm -f out/$d.xfb
	run $d export --to station -o "$T_DIR/out/$d.xfb" > export.out 2> export.err
	st=$?
	[ $st -eq 0 ] && [ -s out/$d.xfb ] && grep -q "could not note this export" export.err
	ok $? "$d: export -o to another disk works, and says it was not noted ($st: $(tail -1 export.err))"
	run $d add village name=新村 > add.out 2> add.err
	st=$?
	[ $st -ne 0 ] && grep -q "$why" add.err &&
	    grep -Eq "free some space|copy it to a writable disk" add.err
	ok $? "$d: a write is refused, saying what to do: $(tail -1 add.err)"
done
xf --db st.db import out/$fd.xfb > imp.out 2>&1
st=$?
[ $st -eq 0 ] && grep -q "added" imp.out
ok $? "the station imports the bundle exported from the full disk ($(cat imp.out))"
done_testing
