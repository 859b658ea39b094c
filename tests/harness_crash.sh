#!/bin/sh
# Crash suite: import, export, demo and edit are killed with SIGKILL at
# random points (just before a random one of the calls that change files,
# counted by tests/faultio.so, half of the time with that write cut in
# half), XF_CRASH_ROUNDS times each. After every
# kill the store passes PRAGMA integrity_check and opens, an import is all
# or nothing, an edit is whole or absent, and an export leaves no file
# under its final name that does not verify. XF_CRASH_SEED replays a run.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

SHIM="$XF_BUILDDIR/tests/faultio.so"
[ -f "$SHIM" ] || { echo "Bail out! no $SHIM (run make check)"; exit 1; }
ROUNDS=${XF_CRASH_ROUNDS:-100}
seed=${XF_CRASH_SEED:-20261128}
echo "# seed $seed (set XF_CRASH_SEED to replay or change it)"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

# rnd N: R becomes the next number in 0..N-1 of the seeded sequence.
rnd() {
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	R=$(( (seed / 65536) % $1 ))
}

# shim ARGS: xunfang under the shim (settings come from the environment).
shim() {
	LD_PRELOAD="$SHIM" "$XUNFANG" --passphrase-file "$PASS" "$@"
}

# calls ARGS: how many file-changing calls xunfang ARGS makes, run once.
calls() {
	XF_IO_COUNT="$T_DIR/calls" shim "$@" >/dev/null 2>&1 ||
	    { echo "Bail out! calibration run failed: $*"; exit 1; }
	cat "$T_DIR/calls"
}

# killed N ARGS: run xunfang ARGS, killed just before call N; in every
# other run, chosen by the seed, a write there gets half its bytes out.
killed() {
	n=$1
	shift
	rnd 2
	XF_KILL_AT=$n XF_KILL_TORN=$R shim "$@" >/dev/null 2>&1
}

# intact DB: integrity_check says ok and xunfang opens and unlocks it.
intact() {
	[ "$(sqlite3 "$1" 'PRAGMA integrity_check' 2>&1)" = ok ] &&
	    xf --db "$1" list village >/dev/null 2>"$T_DIR/intact.err" ||
	    { sed 's/^/# (why) /' "$T_DIR/intact.err"; return 1; }
}

# versions DB: the number of version rows.
versions() {
	sqlite3 "$1" 'SELECT count(*) FROM version'
}

# restore FROM TO: a fresh copy of a checkpointed store.
restore() {
	rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
	cp "$1" "$2"
}

# settle DB: fold the WAL into the main file so that one file is the store.
settle() {
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
}

make_pair
i=0
while [ $i -lt 20 ]; do
	xf --db a.db add village name="张村$i" township=城关镇 >/dev/null ||
	    { echo "Bail out! add failed"; exit 1; }
	i=$((i + 1))
done
rid=$(xf --db a.db list village --csv | sed -n 2p | cut -d, -f1)
xf --db a.db export --to station -o bundle.xfb >/dev/null ||
    { echo "Bail out! export failed"; exit 1; }
settle a.db
settle st.db
cp a.db a-base.db
cp st.db st-base.db
st_v=$(versions st-base.db)
a_v=$(versions a-base.db)

# import: the station takes the device's bundle.
restore st-base.db work.db
total=$(calls --db work.db import bundle.xfb)
[ "$(versions work.db)" -gt "$st_v" ]
ok $? "an import left alone adds the bundle's versions ($total calls)"
full=$(versions work.db)
bad=0 all=0 none=0 r=0
while [ $r -lt "$ROUNDS" ]; do
	rnd $((total + 1)); n=$((R + 1))
	restore st-base.db work.db
	killed $n --db work.db import bundle.xfb
	v=$(versions work.db 2>/dev/null)
	if ! intact work.db; then
		echo "# import killed at call $n: the store is damaged"; bad=$((bad + 1))
	elif [ "$v" = "$st_v" ]; then none=$((none + 1))
	elif [ "$v" = "$full" ]; then all=$((all + 1))
	else echo "# import killed at call $n: $v versions"; bad=$((bad + 1)); fi
	r=$((r + 1))
done
[ $bad -eq 0 ] && [ $none -gt 0 ] && [ $all -gt 0 ]
ok $? "import killed $ROUNDS times: every store intact, all or nothing ($all all, $none none)"

# export: the device writes a bundle for the station.
restore a-base.db work.db
total=$(calls --db work.db export --to station -o out.xfb)
rm -f out.xfb
bad=0 kept=0 r=0
while [ $r -lt "$ROUNDS" ]; do
	rnd $((total + 1)); n=$((R + 1))
	restore a-base.db work.db
	killed $n --db work.db export --to station -o out.xfb
	if ! intact work.db; then
		echo "# export killed at call $n: the store is damaged"; bad=$((bad + 1))
	elif [ -e out.xfb ]; then
		if xf --db st.db verify out.xfb >/dev/null 2>&1; then
			kept=$((kept + 1))
		else
			echo "# export killed at call $n left a bundle that does not verify"
			bad=$((bad + 1))
		fi
	fi
	rm -f out.xfb
	r=$((r + 1))
done
[ $bad -eq 0 ] && [ $kept -gt 0 ] && [ $kept -lt "$ROUNDS" ]
ok $? "export killed $ROUNDS times: store intact, out.xfb absent or verified ($kept verified)"
left=$(find . -name 'out.xfb.tmp-*' | wc -l)
xf --db work.db export --to station -o out.xfb >/dev/null
left2=$(find . -name 'out.xfb.tmp-*' | wc -l)
[ "$left2" -eq 0 ]
ok $? "the next export clears the temporary files killed ones left ($left before, $left2 after)"

# edit: one field of one record.
restore a-base.db work.db
total=$(calls --db work.db edit "$rid" name=改名村)
restore a-base.db work.db
bad=0 r=0 done_=0
while [ $r -lt "$ROUNDS" ]; do
	rnd $((total + 1)); n=$((R + 1))
	restore a-base.db work.db
	killed $n --db work.db edit "$rid" name=改名村
	v=$(versions work.db 2>/dev/null)
	name=$(xf --db work.db show "$rid" 2>/dev/null | grep -c 改名村)
	if ! intact work.db; then
		echo "# edit killed at call $n: the store is damaged"; bad=$((bad + 1))
	elif [ "$v" = "$a_v" ] && [ "$name" -eq 0 ]; then :
	elif [ "$v" = $((a_v + 1)) ] && [ "$name" -gt 0 ]; then done_=$((done_ + 1))
	else echo "# edit killed at call $n: $v versions, new name shown $name times"
		bad=$((bad + 1)); fi
	r=$((r + 1))
done
[ $bad -eq 0 ]
ok $? "edit killed $ROUNDS times: store intact, the edit whole or absent ($done_ whole)"

# demo: a small demo store built from nothing.
demo_args="demo --days 3 --villages 1 --kdf-memory 8 --db demo.db"
# shellcheck disable=SC2086
total=$(calls $demo_args)
demo_v=$(versions demo.db)
bad=0 r=0 made=0 part=0
while [ $r -lt "$ROUNDS" ]; do
	rnd $((total + 1)); n=$((R + 1))
	rm -f demo.db demo.db-wal demo.db-shm
	# shellcheck disable=SC2086
	killed $n $demo_args
	if [ -e demo.db ]; then
		made=$((made + 1))
		if ! intact demo.db; then
			echo "# demo killed at call $n: the store is damaged"
			bad=$((bad + 1))
		elif [ "$(versions demo.db)" != "$demo_v" ]; then
			part=$((part + 1))
		fi
	fi
	r=$((r + 1))
done
[ $bad -eq 0 ] && [ $part -eq 0 ]
ok $? "demo killed $ROUNDS times: no store, or a whole one ($made whole, $part part-filled)"
rm -f demo.db demo.db-wal demo.db-shm
# shellcheck disable=SC2086
xf $demo_args >/dev/null 2>&1 && [ "$(versions demo.db)" = "$demo_v" ]
ok $? "a demo build after the kills makes the whole store ($demo_v versions)"
left=$(find . -name 'demo.db.init-*' -o -name 'demo.db.demo-*' | wc -l)
[ "$left" -eq 0 ]
ok $? "no half-made demo store is left under a temporary name ($left)"
done_testing
