#!/bin/sh
# The SSH transport end to end: xunfang sync fills a laptop's outbox,
# contrib/xunfang-sync-ssh carries the bundle through an sshd started here
# on 127.0.0.1 (its own host key, each laptop's key restricted by rrsync
# to that laptop's own folder at the station) to its upload folder,
# xunfang watch --once imports it and leaves a return bundle, the next run
# brings that back and imports it. A wrong pinned host key moves nothing;
# one laptop's key reaches nothing of another laptop's.
# CI runs it as root (sshd then needs /run/sshd, made here when missing);
# as another user sshd runs unprivileged and logs in only that user.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

SYNC_SSH="$XF_SRCDIR/contrib/xunfang-sync-ssh"
for p in /usr/sbin/sshd ssh ssh-keygen rsync rrsync flock; do
	command -v "$p" >/dev/null 2>&1 ||
	    { echo "Bail out! $p is missing: apt-get install openssh-server rsync"; exit 1; }
done

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xb() { xf --db "$T_DIR/b.db" "$@"; }
make_village ||
    { echo "Bail out! cannot enrol the laptops and the station"; exit 1; }
self=$(xa id | sed -n 's/^Key id: *//p')
other=$(xb id | sed -n 's/^Key id: *//p')

# The keys: the station's host key, a stranger's, and the laptops' own.
# Each laptop's key reaches only its own folder at the station, named by
# its key id, as README.md sets it up.
mkdir -p ssh station laptop
for k in host stranger laptop other; do
	ssh-keygen -q -t ed25519 -N '' -C "$k" -f "ssh/$k" ||
	    { echo "Bail out! ssh-keygen failed"; exit 1; }
done
{
	printf 'command="rrsync -munge -no-lock %s",restrict %s\n' \
	    "$T_DIR/station/$self" "$(cat ssh/laptop.pub)"
	printf 'command="rrsync -munge -no-lock %s",restrict %s\n' \
	    "$T_DIR/station/$other" "$(cat ssh/other.pub)"
} >ssh/authorized_keys

sshd_pid=
# stop_sshd: end the test's sshd, waiting at most 5 s for it to go.
stop_sshd() {
	[ -n "$sshd_pid" ] || return 0
	kill "$sshd_pid" 2>/dev/null
	i=0
	while kill -0 "$sshd_pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -9 "$sshd_pid" 2>/dev/null
	sshd_pid=
}
trap stop_sshd EXIT
trap 'exit 1' HUP INT TERM

# start_sshd PORT: run sshd on 127.0.0.1:PORT; true once it listens.
start_sshd() {
	cat >ssh/sshd_config <<EOF
ListenAddress 127.0.0.1
Port $1
HostKey $T_DIR/ssh/host
AuthorizedKeysFile $T_DIR/ssh/authorized_keys
PidFile $T_DIR/ssh/sshd.pid
AllowUsers $(id -un)
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
LogLevel VERBOSE
EOF
	: >ssh/sshd.log
	/usr/sbin/sshd -D -f "$T_DIR/ssh/sshd_config" -E "$T_DIR/ssh/sshd.log" &
	sshd_pid=$!
	i=0
	while [ $i -lt 100 ]; do
		grep -q "Server listening on 127.0.0.1 port $1" ssh/sshd.log && return 0
		kill -0 "$sshd_pid" 2>/dev/null || break
		sleep 0.1; i=$((i + 1))
	done
	stop_sshd
	return 1
}

[ "$(id -u)" -ne 0 ] || [ -d /run/sshd ] || mkdir -m 0755 /run/sshd
port=
for try in 1 2 3 4 5; do
	p=$((20000 + ($$ * 37 + try * 1009) % 40000))
	if start_sshd $p; then port=$p; break; fi
done
if [ -z "$port" ]; then
	echo "Bail out! sshd did not start; its log:"
	sed 's/^/# /' ssh/sshd.log
	exit 1
fi
ok 0 "sshd listens on 127.0.0.1 port $port"

printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 ssh/host.pub)" \
    >ssh/known_hosts
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 ssh/stranger.pub)" \
    >ssh/wrong_known_hosts
mkdir -p home/.config/xunfang
conf=home/.config/xunfang/sync-ssh
cat >"$conf" <<EOF
# the laptop's settings: station account, pinned key, folders
STATION = $(id -un)@127.0.0.1
PORT=$port
DIR=.
IDENTITY=$T_DIR/ssh/laptop
KNOWN_HOSTS="$T_DIR/ssh/known_hosts"
OUTBOX=$T_DIR/laptop/outbox
INBOX=$T_DIR/laptop/inbox
TIMEOUT=10
EOF
OUT=$T_DIR/laptop/outbox
IN=$T_DIR/laptop/inbox

# The station's watch makes each enrolled laptop's folders.
xs watch --once --settle 0 station >watch0.out 2>&1
[ -d "station/$self/in" ] && [ -d "station/$self/out" ] && [ -d "station/$other/out" ]
ok $? "the station's watch makes each laptop's upload and return folders"

# The laptop's xunfang sync fills its outbox and writes outbox/.self.
rid=$(xa add patrol type=foot route=村口到河边) || exit 1
xa sync --outbox "$OUT" --inbox "$IN" >/dev/null
ok $? "xunfang sync fills the laptop's outbox"
name=$(cd "$OUT" && ls -- *.xfb 2>/dev/null)
[ -n "$name" ] && [ "$(cat "$OUT/.self")" = "$self" ]
ok $? "with one bundle and the laptop's key id in .self"
cp "$OUT/$name" sent-copy.xfb
: >"$OUT/.hidden.xfb"

# A wrong pinned host key: the script refuses and moves nothing.
sed "s|^KNOWN_HOSTS=.*|KNOWN_HOSTS=$T_DIR/ssh/wrong_known_hosts|" "$conf" >wrong.conf
sh "$SYNC_SSH" --config wrong.conf >wrong.out 2>&1
st=$?
[ $st -eq 4 ]
ok $? "a wrong pinned host key fails with status 4 (got $st)"
grep -q 'not the one pinned in' wrong.out && grep -q 'nothing was carried' wrong.out
ok $? "and says the host key is not the pinned one"
[ $st -eq 4 ] || sed 's/^/# /' wrong.out
[ -f "$OUT/$name" ] && [ ! -e "$OUT/sent/$name" ] && [ ! -e "station/$self/in/$name" ]
ok $? "and nothing moved"

sh "$SYNC_SSH" --dry-run >dry.out 2>&1
[ $? -eq 0 ] && [ -f "$OUT/$name" ] && [ ! -e "station/$self/in/$name" ]
ok $? "a dry run moves nothing"

# The round trip.
sh "$SYNC_SSH" >push.out 2>&1
st=$?
ok $st "the script pushes the outbox and pulls the inbox"
[ $st -eq 0 ] || sed 's/^/# /' push.out ssh/sshd.log
grep -q 'push: sent 1 file' push.out && grep -q 'pull: fetched 0 file' push.out
ok $? "it logs one line a step"
cmp -s sent-copy.xfb "station/$self/in/$name"
ok $? "the bundle arrived in the laptop's upload folder complete and byte-identical"
[ ! -e "station/$self/in/.hidden.xfb" ] && [ -f "$OUT/.hidden.xfb" ]
ok $? "dot-files stay behind"
[ -f "$OUT/sent/$name" ] && [ ! -e "$OUT/$name" ]
ok $? "the delivered bundle moved to outbox/sent/"

# The station's watch imports it and leaves a return bundle for the
# laptop; the laptop's next run fetches it and imports it.
xs add warning title=防汛预警 'text=今晚有暴雨' villages=张村 >/dev/null
xs watch --once --settle 0 station >watch.out
ok $? "the station's watch --once imports the bundle"
[ -f "station/done/$name" ] && xs show "$rid" | grep -q 村口到河边
ok $? "the laptop's patrol is at the station"
back=$(cd "station/$self/out" 2>/dev/null && ls -- *.xfb 2>/dev/null)
[ -n "$back" ]
ok $? "the station wrote a return bundle to <laptop key id>/out/"
cp "station/$self/out/$back" back-copy.xfb
oback=$(cd "station/$other/out" 2>/dev/null && ls -- *.xfb 2>/dev/null)
[ -n "$oback" ] && cp "station/$other/out/$oback" other-back.xfb
ok $? "and one for the other laptop to <its key id>/out/"

cp "$conf" import.conf
printf 'PASSPHRASE_FILE=%s\nXUNFANG=%s\nDB=%s\n' "$PASS" "$XUNFANG" \
    "$T_DIR/a.db" >>import.conf
sh "$SYNC_SSH" --config import.conf >pull.out 2>&1
st=$?
ok $st "a second run pulls the return bundle and runs xunfang sync"
[ $st -eq 0 ] || sed 's/^/# /' pull.out
grep -q 'push: nothing waiting' pull.out &&
    grep -q 'pull: fetched 1 file' pull.out &&
    grep -q 'import: xunfang sync done' pull.out
ok $? "and says so"
cmp -s back-copy.xfb "$IN/done/$back" && [ ! -e "station/$self/out/$back" ]
ok $? "the return bundle was imported and is gone from the station"
xa list warning | grep -q 防汛预警
ok $? "the station's warning reached the laptop"
[ -f "$OUT/done/$name" ] && [ ! -e "$OUT/sent/$name" ]
ok $? "the station acknowledged the laptop's bundle (sent/ to done/)"

# The laptop's key against the other laptop's return folder: by a path
# up and out, by an absolute path, by the old shared layout, and through
# a link it uploads. rrsync keeps it inside its own folder; -munge makes
# an uploaded link lead nowhere.
ssh_a="ssh -o BatchMode=yes -o StrictHostKeyChecking=yes"
ssh_a="$ssh_a -o UserKnownHostsFile=$T_DIR/ssh/known_hosts -o IdentitiesOnly=yes"
ssh_a="$ssh_a -i $T_DIR/ssh/laptop -p $port"
host=$(id -un)@127.0.0.1
mkdir -p steal
for src in "../$other/out/" "$T_DIR/station/$other/out/" "outbox/$other/" \
    "../outbox/$other/" "/../$other/out/"; do
	rsync -r --remove-source-files -e "$ssh_a" "$host:$src" steal/ \
	    >>steal.out 2>&1
done
rsync -r --list-only -e "$ssh_a" "$host:" >list.out 2>&1
ln -s "$T_DIR/station/$other/out" evil
rsync -l -e "$ssh_a" evil "$host:in/" >>steal.out 2>&1
rsync -rL --remove-source-files -e "$ssh_a" "$host:in/evil/" steal/ \
    >>steal.out 2>&1
rsync -r --remove-source-files -e "$ssh_a" "$host:in/evil/" steal/ \
    >>steal.out 2>&1
[ -z "$(find steal -type f)" ] && cmp -s other-back.xfb "station/$other/out/$oback"
ok $? "the laptop's key can neither fetch nor delete the other laptop's return bundle"
[ $? -eq 0 ] || sed 's/^/# /' steal.out
! grep -q "$other" list.out && grep -q 'out' list.out
ok $? "it lists its own folder only"
l=$(readlink "station/$self/in/evil" 2>/dev/null)
[ -z "$l" ] || case $l in /rsyncd-munged/*) true ;; *) false ;; esac
ok $? "a link it uploads is munged to lead nowhere (${l:-none kept})"
rm -f "station/$self/in/evil"

# Two runs at once: the second waits for the lock, then gives up.
printf 'LOCK_WAIT=1\n' >>"$conf"
flock "$OUT/.sync-ssh.lock" sh -c ': >held; sleep 4' &
holder=$!
i=0
while [ ! -e held ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sh "$SYNC_SSH" >lock.out 2>&1
st=$?
wait $holder
[ $st -eq 3 ] && grep -q 'gives up' lock.out
ok $? "a second run at once gives up with status 3"

# Settings it cannot use are named.
printf 'STATION=x@y\nCOLOUR=red\n' >bad.conf
sh "$SYNC_SSH" --config bad.conf >bad.out 2>&1
[ $? -eq 2 ] && grep -q 'line 2: unknown setting "COLOUR"' bad.out
ok $? "an unknown setting is named with its line"
sh "$SYNC_SSH" --config nosuch.conf >bad.out 2>&1
[ $? -eq 2 ] && grep -q 'cannot read the settings file' bad.out
ok $? "a missing settings file is named"
sed "s|^IDENTITY=.*|IDENTITY=$T_DIR/ssh/laptop.pub|" "$conf" >key.conf
sh "$SYNC_SSH" --config key.conf >key.out 2>&1
[ $? -eq 2 ] && grep -q 'is not a private key' key.out
ok $? "a public key given as IDENTITY is named"
sed "s|^IDENTITY=.*|IDENTITY=$T_DIR/ssh/stranger|" "$conf" >key.conf
sh "$SYNC_SSH" --config key.conf >key.out 2>&1
[ $? -eq 1 ] && grep -q 'refused this laptop' key.out
ok $? "a key the station does not know is named"

pid=$sshd_pid
stop_sshd
! kill -0 "$pid" 2>/dev/null
ok $? "sshd is stopped"
xa add patrol type=foot >/dev/null
xa sync --outbox "$OUT" --inbox "$IN" >/dev/null
sh "$SYNC_SSH" >down.out 2>&1
[ $? -eq 1 ] && grep -q 'cannot reach the station' down.out &&
    [ -n "$(cd "$OUT" && ls -- *.xfb)" ]
ok $? "a station that does not answer is named and the bundle waits"
done_testing
