#!/bin/sh
# Sync through folders: two devices of one village and their station, on
# one machine, with folders standing in for the SSH transport. Rounds of
# `xunfang sync` and `xunfang watch --once` bring all three to the same
# records; a second sync in a row changes nothing; a lock keeps two runs
# from importing one file twice; a refusal notice the station signed is
# applied once, and a planted one is not believed.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xb() { xf --db "$T_DIR/b.db" "$@"; }
make_village || { echo "Bail out! cannot enrol"; exit 1; }
ST="$T_DIR/station"
mkdir -p "$ST"

# sync_dev D: the device's sync over its own outbox and inbox.
sync_dev() { xf --db "$T_DIR/$1.db" sync --outbox "$T_DIR/$1/outbox" \
    --inbox "$T_DIR/$1/inbox"; }
# carry D: what the transport does: push the outbox to the device's
# upload folder at the station and move each file to sent/, then pull the
# device's return folder.
carry() {
	o="$T_DIR/$1/outbox"
	self=$(cat "$o/.self")
	mkdir -p "$ST/$self/in"
	for f in "$o"/*.xfb; do
		[ -e "$f" ] || continue
		cp "$f" "$ST/$self/in/.tmp" &&
		    mv "$ST/$self/in/.tmp" "$ST/$self/in/$(basename "$f")" &&
		    mv "$f" "$o/sent/"
	done
	for f in "$ST/$self/out"/*.xfb "$ST/$self/out"/*.why; do
		[ -e "$f" ] && mv "$f" "$T_DIR/$1/inbox/"
	done
}
station() { xs watch --once --settle 0 "$ST"; }
# round: each device syncs and carries, the station imports and answers,
# each device carries and syncs again.
round() {
	sync_dev a >>log 2>&1; sync_dev b >>log 2>&1
	carry a; carry b
	station >>log 2>&1
	carry a; carry b
	sync_dev a >>log 2>&1; sync_dev b >>log 2>&1
}
# snapshot D: the device's folders (names, sizes, times) and its store.
snapshot() {
	find "$T_DIR/$1" -printf '%P %s %T@\n' | sort
	for k in patrol visit warning; do
		xf --db "$T_DIR/$1.db" list $k --csv
	done
	xf --db "$T_DIR/$1.db" peers
}

xa add patrol type=foot route=村口到河边 >/dev/null
xa add visit target=household household=王家 purpose=advice >/dev/null
xb add patrol type=bicycle route=小学到村委 >/dev/null
xs add warning title=防汛预警 'text=今晚有暴雨，注意巡查河堤' villages=张村 \
    >/dev/null

check "the first sync of A makes its folders and one bundle" sync_dev a
ls a/outbox/*.xfb > names 2>/dev/null
[ "$(wc -l < names)" -eq 1 ] &&
    grep -Eq '/[0-9A-F]{16}-00000001-[0-9A-F]{16}\.xfb$' names
ok $? "the bundle is named PEER-SEQUENCE-SENDER.xfb"
xa id | grep -q "$(cat a/outbox/.self)"
ok $? "OUTBOX/.self holds A's key id"
grep -q "$(cat a/outbox/.self)\.xfb\$" names
ok $? "the name ends with the sender's key id"
sed -n 's/.*\/\([0-9A-F]*\)-.*/\1/p' names > peer.hex
xs id | grep -q "$(cat peer.hex)"
ok $? "the name begins with the station's key id"
for d in sent done rejected; do [ -d a/outbox/$d ] || echo missing $d; done > m
for d in done rejected; do [ -d a/inbox/$d ] || echo missing $d; done >> m
[ ! -s m ]
ok $? "sync makes sent/, done/ and rejected/ in the folders"

round; round; round
for k in patrol visit warning; do
	xa list $k --csv > a.$k; xb list $k --csv > b.$k; xs list $k --csv > s.$k
	cmp -s a.$k b.$k && cmp -s a.$k s.$k || echo "$k differs"
done > diff.out
[ ! -s diff.out ] && [ "$(wc -l < a.patrol)" -eq 3 ] &&
    [ "$(wc -l < a.warning)" -eq 2 ]
ok $? "after three rounds A, B and the station hold the same records"
[ -z "$(find a/inbox/rejected b/inbox/rejected "$ST/rejected" -type f)" ]
ok $? "nothing was refused on the way"
grep -c 'imported:' log > n.imp
[ "$(ls "$ST/done" | wc -l)" -ge 2 ] && [ "$(cat n.imp)" -ge 4 ]
ok $? "the station's done/ and the devices' logs show the imports"

snapshot a > a.before
round
snapshot a > a.after
cmp -s a.before a.after
ok $? "once all is exchanged a whole round writes nothing new on A"
[ -z "$(ls "$ST"/*.xfb "$ST"/*/in/*.xfb "$ST"/*/out/*.xfb 2>/dev/null)" ]
ok $? "... and nothing new at the station"
[ -z "$(find a/outbox/sent b/outbox/sent -type f)" ] &&
    [ "$(ls a/outbox/done | wc -l)" -ge 2 ]
ok $? "every bundle the devices sent was acknowledged (sent/ to done/)"

xa add patrol type=foot route=第二次巡逻 >/dev/null
sync_dev a > s1.out 2>&1
snapshot a > a.before
sync_dev a > s2.out 2>&1
rc=$?
snapshot a > a.after
[ $rc -eq 0 ] && cmp -s a.before a.after && grep -q 'Nothing to do' s2.out
ok $? "a second sync in a row changes nothing (files, times, store)"
[ "$(ls a/outbox/*.xfb | wc -l)" -eq 1 ]
ok $? "the new record is in one waiting bundle"
xb sync --outbox a/outbox --inbox a/inbox > other.out 2>&1
rc=$?
snapshot a > a.after
[ $rc -eq 1 ] && grep -q 'serves the store' other.out && cmp -s a.before a.after
ok $? "another store's sync refuses A's folders and touches nothing"

# Two runs at once: the lock lets one import and the other find nothing.
round >/dev/null
xs add warning title=第二预警 text=夜间加强巡逻 villages=张村 >/dev/null
station >>log 2>&1
carry a
n=$(ls a/inbox/*.xfb 2>/dev/null | wc -l)
sync_dev a > c1.out 2>&1 & p1=$!
sync_dev a > c2.out 2>&1 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
[ "$n" -eq 1 ] && [ $r1 -eq 0 ] && [ $r2 -eq 0 ] &&
    [ "$(cat c1.out c2.out | grep -c 'imported:')" -eq 1 ]
ok $? "two syncs at once import the bundle once"
# The test itself holds the lock for as long as the run takes.
exec 8>>a/inbox/.lock
flock 8
xa sync --outbox a/outbox --inbox a/inbox --wait 1 > lk.out 2>&1
rc=$?
exec 8>&-
[ $rc -eq 1 ] && grep -q '\.lock' lk.out
ok $? "a run that cannot get the lock in time says so and fails"

# A refusal notice from the station: the sent bundle goes to rejected/
# with the reason, and is sent once more; a second refusal is not retried.
# The station refuses a damaged copy that came in A's upload folder under
# the name of A's bundle, and signs its notice.
# refused_by_station NAME: the station refuses NAME.xfb and answers.
refused_by_station() {
	self=$(cat a/outbox/.self)
	head -c 500 "a/outbox/sent/$1.xfb" > "$ST/$self/in/$1.xfb"
	station >>log 2>&1
	carry a
}
round >/dev/null
xa add visit target=household household=李家 purpose=advice >/dev/null
sync_dev a >/dev/null 2>&1
for f in a/outbox/*.xfb; do mv "$f" a/outbox/sent/; done
name=$(basename "$(ls a/outbox/sent/*.xfb | tail -1)" .xfb)
# First a notice planted in the inbox by whoever can write there, and one
# signed by the station but altered: neither is believed.
echo '派出所拒收：伪造原因' > "a/inbox/$name.why"
sync_dev a > p1.out 2>&1
[ -f "a/outbox/sent/$name.xfb" ] && [ ! -e "a/outbox/rejected/$name.xfb" ] &&
    ! grep -q 伪造原因 p1.out && ! grep -rq 伪造原因 a/outbox &&
    grep -q "refusal notice .*$name.why ignored: it is not a signed" p1.out
ok $? "a planted refusal notice is ignored and said so; the sent bundle stays"
[ ! -e "a/inbox/$name.why" ] && [ -f "a/inbox/rejected/$name.why.ignored" ]
ok $? "... and set aside in inbox/rejected/ where nothing reads it"
refused_by_station "$name"
sed 's/^\(bundle .*\)$/\1/; $s/.*/派出所拒收：篡改原因/' "a/inbox/$name.why" > alt &&
    mv "a/inbox/$name.why" genuine.why && mv alt "a/inbox/$name.why"
sync_dev a > p2.out 2>&1
[ -f "a/outbox/sent/$name.xfb" ] && ! grep -q 篡改原因 p2.out &&
    grep -q "ignored: its signature is not the station's" p2.out
ok $? "a station's notice with its reason altered is ignored"
# The genuine notice given the name of another of A's bundles, and one
# naming a station A never enrolled: neither is believed.
old=$(basename "$(ls a/outbox/done/*.xfb | head -1)" .xfb)
cp genuine.why "a/inbox/$old.why"
sync_dev a > p3.out 2>&1
[ -f "a/outbox/done/$old.xfb" ] && [ ! -e "a/outbox/rejected/$old.xfb" ] &&
    grep -q "ignored: it is not a notice about this bundle" p3.out
ok $? "a station's notice moved to another bundle's name is ignored"
b_id=$(xb id | sed -n 's/^Key id: *//p')
sed "s/^station .*/station $b_id/" genuine.why > "a/inbox/$name.why"
sync_dev a > p4.out 2>&1
[ -f "a/outbox/sent/$name.xfb" ] &&
    grep -q "ignored: it names a station that is not enrolled here" p4.out
ok $? "a notice naming a station that is not enrolled is ignored"
mv genuine.why "a/inbox/$name.why"
sync_dev a > n1.out 2>&1
[ -f "a/outbox/rejected/$name.xfb" ] &&
    grep -q 'signature does not match' "a/outbox/rejected/$name.why" &&
    [ ! -e "a/inbox/$name.why" ] && grep -q 'refused by the peer' n1.out
ok $? "a refusal notice moves the sent bundle to rejected/ beside its reason"
[ "$(ls a/outbox/*.xfb 2>/dev/null | wc -l)" -eq 1 ]
ok $? "the refused bundle is written once more"
for f in a/outbox/*.xfb; do mv "$f" a/outbox/sent/; done
name=$(basename "$(ls a/outbox/sent/*.xfb | tail -1)" .xfb)
refused_by_station "$name"
sync_dev a > n2.out 2>&1
[ -f "a/outbox/rejected/$name.xfb" ] &&
    [ -z "$(ls a/outbox/*.xfb 2>/dev/null)" ]
ok $? "refused again, it is not sent a third time until something changes"

# Hostile files in the inbox: names no writer makes (a line break, 240
# characters) and a link to a file elsewhere. Each goes to rejected/, the
# link's target unread, and the run goes on to fill the outbox.
xa add visit target=household household=李家 purpose=advice >/dev/null
long=$(printf 'x%.0s' $(seq 1 240)).xfb
head -c 100 /dev/urandom > "a/inbox/$long"
printf junk > "a/inbox/$(printf 'bad\nname').xfb"
hex=$(cat a/inbox/.self)
echo 机密 > secret.txt
ln -s "$T_DIR/secret.txt" "a/inbox/$hex-00000099-$hex.xfb"
sync_dev a > h.out 2>&1
rc=$?
[ $rc -eq 1 ] && [ -f "a/inbox/rejected/$long" ] &&
    [ -L "a/inbox/rejected/$hex-00000099-$hex.xfb" ] &&
    [ -z "$(ls a/inbox/*.xfb 2>/dev/null)" ] && [ "$(cat secret.txt)" = 机密 ]
ok $? "odd names and a link go to rejected/, the link's target untouched"
grep -q 'bad?name' h.out && [ "$(grep -c '^name\.xfb' h.out)" -eq 0 ]
ok $? "a line break in a name is shown as ?, not as a new log line"
[ "$(ls a/outbox/*.xfb 2>/dev/null | wc -l)" -eq 1 ]
ok $? "and the same run still wrote the new visit into the outbox"

# What an export killed before its rename left (the waiting bundle's own
# number, hidden) is cleared by the next run; a hidden name with a number
# not yet used, and other hidden files, are left alone.
w=$(basename "$(ls a/outbox/*.xfb | tail -1)")
peer=${w%%-*}; rest=${w#*-}; sender=${rest#*-}
later="$peer-$(printf %08d $((${rest%%-*} + 5)))-$sender"
cp "a/outbox/$w" "a/outbox/.$w"
cp "a/outbox/$w" "a/outbox/.$w.tmp-12345"
touch "a/outbox/.$later" a/outbox/.keep
sync_dev a > k.out 2>&1
[ ! -e "a/outbox/.$w" ] && [ ! -e "a/outbox/.$w.tmp-12345" ] &&
    [ -e "a/outbox/.$later" ] && [ -e a/outbox/.keep ] &&
    [ -f "a/outbox/$w" ]
ok $? "a killed export's hidden leftovers are cleared, nothing else"
rm -f "a/outbox/.$later" a/outbox/.keep

xf --db "$T_DIR/a.db" sync --outbox a/outbox > u.out 2>&1
check "without --inbox, the default inbox is made" test -d \
    "$XDG_DATA_HOME/xunfang/inbox/rejected"
xa sync --bogus > u.out 2>&1
[ $? -eq 2 ] && grep -q 'usage: xunfang sync' u.out
ok $? "a bad option prints the usage and exits 2"
done_testing
