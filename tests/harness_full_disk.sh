#!/bin/sh
# Full disk: tests/faultio.so makes writes under one folder fail with
# ENOSPC after a given number of bytes. An export there, an import, add,
# edit and init into a store there each fail with a message that says the
# disk is full, leave nothing half-written, and the store still opens with
# exactly what it held.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

SHIM="$XF_BUILDDIR/tests/faultio.so"
[ -f "$SHIM" ] || { echo "Bail out! no $SHIM (run make check)"; exit 1; }
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

# full DIR BYTES ARGS: xunfang ARGS with DIR's disk full after BYTES bytes.
full() {
	d=$1 b=$2
	shift 2
	XF_ENOSPC_DIR="$T_DIR/$d" XF_ENOSPC_AFTER=$b LD_PRELOAD="$SHIM" \
	    "$XUNFANG" --passphrase-file "$PASS" "$@"
}

# state DB: integrity, then the rows of every table that sync and edits
# change, as one text to compare (not the audit log: each unlock adds an
# entry there before any work starts).
state() {
	sqlite3 "$1" 'PRAGMA integrity_check;
	    SELECT count(*), sum(length(body)), max(seq) FROM version;
	    SELECT count(*) FROM recv_range;
	    SELECT keyid, seq_out, seq_in, acked, hw_in FROM peer ORDER BY keyid;
	    SELECT k, v FROM meta ORDER BY k' 2>&1
}

# restore FROM TO: a fresh copy of a checkpointed store.
restore() {
	rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
	cp "$1" "$2"
}

# says_full FILE: the message says the disk is full.
says_full() {
	grep -q 'disk is full' "$1" || { sed 's/^/# /' "$1"; return 1; }
}

mkdir -p out disk
make_pair
for i in 1 2 3 4 5 6 7 8; do
	xf --db a.db add visit target=household household="王家$i" \
	    purpose=advice findings="院墙低矮，建议加装照明$i" >/dev/null ||
	    { echo "Bail out! add failed"; exit 1; }
done
xf --db a.db export --to station -o whole.xfb >/dev/null ||
    { echo "Bail out! export failed"; exit 1; }
size=$(wc -c < whole.xfb)

# Export to a folder on a full disk, at several fill levels.
bad=0
for b in 0 1 100 $((size / 2)) $((size - 1)); do
	xf --db a.db export --to station -o whole2.xfb >/dev/null 2>&1
	if full out $b --db a.db export --to station -o "$T_DIR/out/b.xfb" \
	    >/dev/null 2>err; then
		echo "# export with $b bytes free succeeded"; bad=1
	elif ! says_full err || ! grep -q 'out/b.xfb' err; then
		echo "# export with $b bytes free: unclear message"; bad=1
	fi
	n=$(find out -type f | wc -l)
	[ "$n" -eq 0 ] || { echo "# export with $b bytes free left:"; ls out; bad=1; }
done
ok $bad "export to a full disk fails, names the file, leaves no file behind"
full out 1048576 --db a.db export --to station -o "$T_DIR/out/b.xfb" \
    >/dev/null 2>&1 && xf --db st.db verify out/b.xfb >/dev/null 2>&1
ok $? "with room for it the same export is written and verifies"

# The store on a full disk: import, at fill levels from nothing to enough.
sqlite3 st.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp st.db st-base.db
before=$(state st-base.db)
bad=0 failed=0 took=0
for b in 0 1 512 4096 8192 16384 32768 49152 65536 131072 1048576; do
	restore st-base.db disk/st.db
	if full disk $b --db disk/st.db import whole.xfb >/dev/null 2>err; then
		took=$((took + 1))
		[ "$(sqlite3 disk/st.db 'PRAGMA integrity_check')" = ok ] &&
		    [ "$(state disk/st.db)" != "$before" ] ||
		    { echo "# import with $b bytes free: bad store"; bad=1; }
	else
		failed=$((failed + 1))
		says_full err || { echo "# import with $b bytes free: unclear"; bad=1; }
		[ "$(state disk/st.db)" = "$before" ] ||
		    { echo "# import with $b bytes free changed the store"; bad=1; }
		xf --db disk/st.db list visit >/dev/null 2>&1 ||
		    { echo "# after import with $b bytes free the store does not open"; bad=1; }
	fi
done
[ $bad -eq 0 ] && [ $failed -gt 2 ] && [ $took -gt 0 ]
ok $? "import into a store on a full disk fails clearly, the store intact and unchanged ($failed failed, $took fit)"
restore st-base.db disk/st.db
xf --db disk/st.db import whole.xfb >/dev/null 2>&1 &&
    [ "$(sqlite3 disk/st.db 'SELECT count(*) FROM version')" -gt \
    "$(sqlite3 st-base.db 'SELECT count(*) FROM version')" ]
ok $? "once there is room again the import succeeds"

# Add and edit in a store on a full disk.
sqlite3 a.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp a.db a-base.db
abefore=$(state a-base.db)
rid=$(xf --db a.db list visit --csv | sed -n 2p | cut -d, -f1)
bad=0 failed=0
for b in 0 1 1024 4096 8192; do
	restore a-base.db disk/a.db
	if full disk $b --db disk/a.db add visit target=household \
	    household=李家 purpose=advice findings=满盘测试 >/dev/null 2>err; then
		[ "$(sqlite3 disk/a.db 'PRAGMA integrity_check')" = ok ] ||
		    { echo "# add with $b bytes free damaged the store"; bad=1; }
	else
		failed=$((failed + 1))
		says_full err && [ "$(state disk/a.db)" = "$abefore" ] ||
		    { echo "# add with $b bytes free: unclear or changed"; bad=1; }
	fi
	restore a-base.db disk/a.db
	if full disk $b --db disk/a.db edit "$rid" --reason 满盘测试 findings=满盘改写 \
	    >/dev/null 2>err; then
		[ "$(sqlite3 disk/a.db 'PRAGMA integrity_check')" = ok ] ||
		    { echo "# edit with $b bytes free damaged the store"; bad=1; }
	else
		failed=$((failed + 1))
		says_full err && [ "$(state disk/a.db)" = "$abefore" ] ||
		    { echo "# edit with $b bytes free: unclear or changed"; bad=1; }
		xf --db disk/a.db show "$rid" >/dev/null 2>&1 ||
		    { echo "# after edit with $b bytes free the record does not show"; bad=1; }
	fi
done
[ $bad -eq 0 ] && [ $failed -gt 2 ]
ok $? "add and edit on a full disk fail clearly and change nothing ($failed failed)"

# init on a full disk: no store, no temporary file, a clear message.
bad=0
for b in 0 4096 32768; do
	if full disk $b --db "$T_DIR/disk/new.db" init --role device \
	    --name 新机 --user u1 --kdf-memory 8 >/dev/null 2>err; then
		echo "# init with $b bytes free succeeded"; bad=1
	else
		says_full err || bad=1
	fi
	n=$(find disk -name 'new.db*' | wc -l)
	[ "$n" -eq 0 ] || { echo "# init with $b bytes free left:"; ls disk; bad=1; }
done
ok $bad "init on a full disk fails clearly and leaves no file"

# sync with its outbox on a full disk: the error, and no "Nothing to do".
mkdir -p out/sync-in out/sync-out
xf --db a.db add patrol type=foot >/dev/null
full out 0 --db a.db sync --outbox "$T_DIR/out/sync-out" \
    --inbox "$T_DIR/out/sync-in" > sync.out 2> sync.err
st=$?
[ $st -ne 0 ] && grep -Eq "disk is full|No space left" sync.err &&
    ! grep -q "Nothing to do" sync.out
ok $? "sync into a full outbox says the disk is full, not that there is nothing to do ($st)"
done_testing
