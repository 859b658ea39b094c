#!/bin/sh
# Whoever can put files in a watched or synced folder plants links, FIFOs
# and odd files where xunfang keeps its subfolders (rejected/, done/,
# sent/, a device's KEYID/out/) and its bundles. None of it may make
# xunfang write, move or remove anything outside the folder: a canary
# folder outside stays as it was, with no new file in it, and the log
# names what was moved aside.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair
A_ID=$(xa id | sed -n 's/^Key id: *//p')
ST_ID=$(xs id | sed -n 's/^Key id: *//p')
W="$T_DIR/w"
C="$T_DIR/canary"

# The canary: 25 files named like bundles (more than done/ keeps, so a
# prune through a link would remove some) and a note.
mkdir -p "$C"
for i in $(seq 10 34); do echo "canary $i" > "$C/keep$i.xfb"; done
echo 机密 > "$C/note.txt"
(cd "$C" && ls -A | sort && cat -- *) > canary.before
# canary_ok: the canary folder holds exactly what it held, unchanged.
canary_ok() { (cd "$C" && ls -A | sort && cat -- *) | cmp -s canary.before -; }
# aside DIR NAME: NAME in DIR is a real folder now and the planted link
# was moved aside beside it.
aside() { [ -d "$1/$2" ] && [ ! -L "$1/$2" ] && [ -L "$1/.$2.moved-aside" ]; }

# ---- At the station: xunfang watch ----

xa add patrol type=foot route=村口 >/dev/null
xa sync --outbox a/outbox --inbox a/inbox >/dev/null 2>&1
b1=$(basename "$(ls a/outbox/*.xfb)")
mkdir -p "$W/outbox" "$W/$A_ID/in"
ln -s "$C" "$W/rejected"
ln -s "$C" "$W/done"
mkdir -p "$W/$A_ID/.out.moved-aside/full"
ln -s "$C" "$W/outbox/$A_ID"
ln -s "$C" "$W/$A_ID/out"
mv "a/outbox/$b1" "$W/$A_ID/in/"
printf 'junk' > "$W/$ST_ID-00000099-$A_ID.xfb"
printf 'junk' > "$W/$A_ID/in/$ST_ID-00000098-$A_ID.xfb"
ln -s "$C/keep10.xfb" "$W/$A_ID/in/$ST_ID-00000097-$A_ID.xfb"
mkfifo "$W/$A_ID/in/$ST_ID-00000096-$A_ID.xfb"
long=$(printf 'x%.0s' $(seq 1 240)).xfb
printf junk > "$W/$A_ID/in/$long"
timeout 60 "$XUNFANG" --passphrase-file "$PASS" --db st.db watch --once \
    --settle 0 "$W" > w.out 2> w.err
st=$?
[ $st -eq 1 ] || [ $st -eq 0 ]
ok $? "watch --once ends in spite of a FIFO and links (status $st)"
canary_ok
ok $? "nothing outside the watched folder was written, moved or removed"
[ -z "$(find "$C" -newer canary.before)" ] && [ "$(ls -A "$C" | wc -l)" -eq 26 ]
ok $? "... and no new file appeared there"
aside "$W" rejected && aside "$W" done
ok $? "the links planted as rejected/ and done/ were moved aside"
grep -q "$W/rejected is not a real folder (a link or a file): moved aside to $W/.rejected.moved-aside" w.out
ok $? "the log names the link and where it went"
[ -d "$W/$A_ID/out" ] && [ ! -L "$W/$A_ID/out" ] &&
    [ -n "$(ls "$W/$A_ID/out/"*.xfb 2>/dev/null)" ] &&
    [ -n "$(find "$W/$A_ID" -maxdepth 1 -name '.out.moved-aside.*' -type l)" ]
ok $? "the device's return bundle went to a real KEYID/out/, not the link"
[ -f "$W/done/$b1" ] && [ ! -L "$W/done/$b1" ]
ok $? "the device's bundle was imported into the real done/"
[ -L "$W/rejected/$ST_ID-00000097-$A_ID.xfb" ] &&
    [ -p "$W/rejected/$ST_ID-00000096-$A_ID.xfb" ] &&
    [ -z "$(ls "$W/$A_ID/in/")" ]
ok $? "a linked bundle, a FIFO and a long name were refused and moved to rejected/"
[ -n "$(find "$W/rejected" -name "from-$A_ID-xxxx*")" ]
ok $? "a name not naming the device kept its folder's key id in rejected/"
grep "$ST_ID-00000097-$A_ID.xfb" w.out | grep -q 'is not a bundle file (a link'
ok $? "the log says why: $(grep "$ST_ID-00000097" w.out | cut -c1-90)…"
grep "$ST_ID-00000096-$A_ID.xfb" w.out | grep -q 'is not a bundle file'
ok $? "and for the FIFO too"
[ -f "$W/$A_ID/out/$ST_ID-00000098-$A_ID.why" ] &&
    [ ! -e "$W/$A_ID/out/$ST_ID-00000099-$A_ID.why" ]
ok $? "only a refusal from the device's own folder is sent back to it"

# More than done/ keeps, through a done/ that is a link again: the prune
# removes only what the real folder holds.
rm -rf "$W/done" && ln -s "$C" "$W/done"
for i in $(seq 1 22); do
	xa add patrol type=foot "route=第$i次" >/dev/null
	xa sync --outbox a/outbox --inbox a/inbox >/dev/null 2>&1
	mv a/outbox/*.xfb "$W/$A_ID/in/"
done
xs watch --once --settle 0 "$W" > w2.out 2>&1
canary_ok && [ "$(ls "$W/done" | wc -l)" -eq 20 ]
ok $? "pruning done/ keeps 20 in the real folder and leaves the canary alone"

# ---- On a device: xunfang sync ----

ret=$(ls "$W/$A_ID/out/"*.xfb | tail -1)
mv "$ret" a/inbox/
rm -rf a/outbox/sent a/outbox/rejected a/outbox/done a/inbox/done \
    a/inbox/rejected
ln -s "$C" a/outbox/sent; ln -s "$C" a/outbox/rejected
ln -s "$C" a/outbox/done; ln -s "$C" a/inbox/done
ln -s "$C" a/inbox/rejected
ln -s "$C/keep11.xfb" "a/inbox/$A_ID-00000050-$ST_ID.xfb"
mkfifo "a/inbox/$A_ID-00000051-$ST_ID.xfb"
xa add patrol type=foot route=河边 >/dev/null
timeout 60 "$XUNFANG" --passphrase-file "$PASS" --db a.db sync \
    --outbox a/outbox --inbox a/inbox > s.out 2>&1
st=$?
[ $st -eq 1 ]
ok $? "sync ends in spite of a FIFO and links, and says files were refused"
canary_ok && [ -z "$(find "$C" -newer canary.before)" ]
ok $? "nothing outside the synced folders was written, moved or removed"
aside a/outbox sent && aside a/outbox rejected && aside a/outbox done &&
    aside a/inbox done && aside a/inbox rejected
ok $? "sent/, rejected/ and done/ planted as links were moved aside"
grep -q "a/inbox/done is not a real folder (a link or a file): moved aside" s.out
ok $? "the log says so"
[ -f "a/inbox/done/$(basename "$ret")" ] &&
    [ -L "a/inbox/rejected/$A_ID-00000050-$ST_ID.xfb" ] &&
    [ -p "a/inbox/rejected/$A_ID-00000051-$ST_ID.xfb" ]
ok $? "the station's bundle was imported; the link and the FIFO refused"
[ -n "$(ls a/outbox/*.xfb 2>/dev/null)" ]
ok $? "and the run still wrote its bundle into the outbox"

# A lock file planted as a link is not followed: it is moved aside and
# the run goes on with a lock of its own.
ln -s "$C/planted.lock" a/inbox/.lock.new && mv a/inbox/.lock.new a/inbox/.lock
xa sync --outbox a/outbox --inbox a/inbox > l.out 2>&1
st=$?
canary_ok && [ ! -e "$C/planted.lock" ] && [ -f a/inbox/.lock ] &&
    [ ! -L a/inbox/.lock ] && ls -a a/inbox | grep -q '^\.lock\.moved-aside\.' &&
    [ -L "$(ls -d a/inbox/.lock.moved-aside.* | head -1)" ]
ok $? "a link planted as .lock is moved aside, nothing made where it points"
! grep -q 'lock file' l.out && [ $st -ne 2 ]
ok $? "and the run is not stopped by it (exit $st)"
# So is a FIFO planted as .lock: opening it does not hang the run.
rm -f a/inbox/.lock && mkfifo a/inbox/.lock
timeout 60 "$XUNFANG" --passphrase-file "$PASS" --db a.db sync \
    --outbox a/outbox --inbox a/inbox > f.out 2>&1
st=$?
[ $st -ne 124 ] && [ -f a/inbox/.lock ] && [ ! -p a/inbox/.lock ] &&
    ! grep -q 'lock file' f.out
ok $? "a FIFO planted as .lock is moved aside too (exit $st)"
done_testing
