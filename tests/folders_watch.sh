#!/bin/sh
# xunfang watch at a station: bundles are imported as they arrive, once
# complete; a corrupt file goes to rejected/ with its reason and the next
# good bundle still imports; a file written slowly is not imported half
# written; one log line per bundle; SIGTERM stops it cleanly.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair
W="$T_DIR/w"
mkdir -p "$W"
A_ID=$(xa id | sed -n 's/.*[Kk]ey id:* *\([0-9A-F]\{16\}\).*/\1/p' | head -1)

# bundle: a new record on A and the name of A's bundle, left in a/outbox.
bundle() {
	xa add patrol type=foot "route=$1" >/dev/null
	xa sync --outbox a/outbox --inbox a/inbox >/dev/null 2>&1
	basename "$(ls a/outbox/*.xfb | tail -1)"
}
# lines NAME: how many log lines name the file.
lines() { grep -c "$1" watch.log; }

# The binary itself in the background, so that signals reach it.
"$XUNFANG" --passphrase-file "$PASS" --db st.db watch --settle 2 "$W" \
    > watch.log 2> watch.err & wp=$!
waitfor 15 grep -q watching watch.err
ok $? "watch starts and says what it watches ($(cat watch.err))"

b1=$(bundle 村口)
mv "a/outbox/$b1" "$W/"
waitfor 10 test -f "$W/done/$b1"
ok $? "a bundle renamed into the folder is imported and moved to done/"
[ "$(lines "$b1")" -eq 1 ] && grep "$b1" watch.log | grep -q 'imported'
ok $? "one log line for it, with time, name, sender and result"
grep "$b1" watch.log |
    grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} $b1 王警官"
ok $? "the line starts with the time and names the sender"
waitfor 10 sh -c "ls '$W/'*/out/*.xfb" >/dev/null
ok $? "a return bundle for the device is written to KEYID/out/"
[ -n "$A_ID" ] && [ -d "$W/$A_ID/out" ] && [ -d "$W/$A_ID/in" ] &&
    [ ! -e "$W/outbox" ]
ok $? "the device's upload and return folders are named by its key id"

head -c 3000 /dev/urandom > .c.tmp && mv .c.tmp "$W/corrupt.xfb"
waitfor 10 test -f "$W/rejected/corrupt.xfb"
ok $? "a corrupt file goes to rejected/"
[ -s "$W/rejected/corrupt.why" ] && ! grep -q '^$' "$W/rejected/corrupt.why"
ok $? "beside corrupt.why with the reason: $(cat "$W/rejected/corrupt.why")"
[ "$(lines corrupt.xfb)" -eq 1 ]
ok $? "one log line for the corrupt file"

st_id=$(echo "$b1" | cut -d- -f1)
fake="$st_id-00000099-$A_ID.xfb"
printf 'XFB not really' > .f.tmp && mv .f.tmp "$W/$A_ID/in/$fake"
waitfor 10 test -f "$W/$A_ID/out/${fake%.xfb}.why"
ok $? "a refused file from a device's upload folder sends the refusal back"
head -1 "$W/$A_ID/out/${fake%.xfb}.why" | grep -qx 'xunfang refusal notice 1' &&
    grep -q "^bundle $fake\$" "$W/$A_ID/out/${fake%.xfb}.why" &&
    grep -Eq '^signature [0-9a-f]{128}$' "$W/$A_ID/out/${fake%.xfb}.why"
ok $? "... as a notice the station signed, naming the bundle"
find "$W/$A_ID/out" -mindepth 1 ! -name '*.xfb' ! -name '*.why' > extra
[ ! -s extra ] && [ -z "$(find "$W/$A_ID/out" -name '.*')" ]
ok $? "the return folder holds only bundles and notices for the transport"
fake2="$st_id-00000098-$A_ID.xfb"
printf 'XFB not really' > .f.tmp && mv .f.tmp "$W/$fake2"
waitfor 10 test -f "$W/rejected/$fake2"
[ ! -e "$W/$A_ID/out/${fake2%.xfb}.why" ]
ok $? "a refused file in the top folder sends no notice to the device it names"

b2=$(bundle 河边)
mv "a/outbox/$b2" "$W/$A_ID/in/"
waitfor 10 test -f "$W/done/$b2"
ok $? "the next good bundle still imports"
kill -0 $wp
ok $? "the watch is still running"

b3=$(bundle 慢慢写)
size=$(wc -c < "a/outbox/$b3")
half=$((size / 2))
head -c $half "a/outbox/$b3" > "$W/$b3"
sleep 1
[ -f "$W/$b3" ] && [ ! -e "$W/rejected/$b3" ]
r1=$?
tail -c +$((half + 1)) "a/outbox/$b3" >> "$W/$b3"
waitfor 15 test -f "$W/done/$b3"
r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ ! -e "$W/rejected/$b3" ]
ok $? "a bundle written half now, half a second later, is imported whole"
[ "$(lines "$b3")" -eq 1 ]
ok $? "... with one log line"

xs watch --once "$W" > w2.out 2>&1
[ $? -eq 1 ] && grep -q 'already watching' w2.out
ok $? "a second watch of the same folder refuses to start"

kill -TERM $wp
wait $wp
rc=$?
[ $rc -eq 0 ] && grep -q 'stopped' watch.err
ok $? "SIGTERM stops it cleanly with status 0"
n=$(grep -c 'imported' watch.log)
[ "$n" -eq 3 ] && [ "$(grep -c 'written' watch.log)" -ge 1 ]
ok $? "the log holds one line per bundle: 3 imported, return bundles written"

# The station's notes stay out of the folder devices write to: in a
# private folder of its own, which names the folder it serves.
state=$(grep -lx "$(cd "$W" && pwd -P)" \
    "$XDG_DATA_HOME"/xunfang/watch/*/folder 2>/dev/null)
state=${state%/folder}
[ -n "$state" ] && [ -s "$state/.self" ] && [ -e "$state/.lock" ] &&
    [ -n "$(find "$state" -name ".sent-$A_ID" -size +0)" ] &&
    [ "$(stat -c %a "$state")" = 700 ] &&
    [ -z "$(find "$W" -name .self -o -name .lock -o -name '.sent-*')" ]
ok $? "lock, claim and what each device was sent are kept outside the folder"
# A device planting such notes in the folder (another store's claim, a
# note that it was sent everything) neither stops nor silences the watch.
echo 0123456789ABCDEF > "$W/.self"
printf '99999999 99999999 99999999 0 0\n' > "$W/$A_ID/out/.sent-$A_ID"
ret=$(ls "$W/$A_ID/out/"*.xfb)

# Without inotify: polling finds files too, and waits for a slow writer.
"$XUNFANG" --passphrase-file "$PASS" --db st.db watch --poll --settle 2 \
    "$W" > poll.log 2> poll.err & wp=$!
waitfor 15 grep -q polling poll.err
ok $? "--poll watches by polling, whatever notes a device left in the folder"
b4=$(bundle 轮询)
size=$(wc -c < "a/outbox/$b4")
head -c $((size / 2)) "a/outbox/$b4" > "$W/$A_ID/in/$b4"
sleep 0.5
tail -c +$((size / 2 + 1)) "a/outbox/$b4" >> "$W/$A_ID/in/$b4"
waitfor 15 test -f "$W/done/$b4"
ok $? "polling imports a slowly written bundle once whole"
[ "$(grep -c "$b4" poll.log)" -eq 1 ] && [ ! -e "$W/rejected/$b4" ] &&
    [ ! -e "$W/$A_ID/in/$b4" ]
ok $? "... not half of it first"
waitfor 10 sh -c "ls '$W/$A_ID/out/'*.xfb | grep -vqx '$ret'"
ok $? "and the device's next return bundle is written all the same"
kill -INT $wp
wait $wp
ok $? "SIGINT stops it too"

xs watch --once --settle 0 "$W" > once.out 2>&1
ok $? "watch --once runs and exits with nothing to do"
xf --db "$T_DIR/st2.db" init --role station --name 另一个所 --user ust2 \
    --kdf-memory 8 >/dev/null
xf --db "$T_DIR/st2.db" watch --once "$W" > other.out 2>&1
[ $? -eq 1 ] && grep -q 'serves the store' other.out
ok $? "a watch by another station's store refuses the station's folder"
xa watch --once "$W" > dev.out 2>&1
[ $? -eq 1 ] && grep -q "watch is for a station's store" dev.out
ok $? "and a device's store may not watch at all: $(cat dev.out)"
xs watch > u.out 2>&1
[ $? -eq 2 ] && grep -q 'usage: xunfang watch' u.out
ok $? "watch without a folder prints the usage and exits 2"

# A sync of the folder a watch works on waits for it, then says so,
# rather than the two moving the same files.
xs watch --settle 0 "$W" > w2.log 2> w2.err & wp=$!
waitfor 15 grep -q watching w2.err
mkdir -p "$T_DIR/o2"
xs sync --inbox "$W" --outbox "$T_DIR/o2" --wait 1 > s2.out 2>&1
st=$?
kill -TERM $wp; wait $wp
[ $st -ne 0 ] && grep -q "a watch of .* is running" s2.out
ok $? "a station's sync of a watched folder says a watch works on it ($st: $(cat s2.out))"
done_testing
