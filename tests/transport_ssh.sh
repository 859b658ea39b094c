#!/bin/sh
# The SSH transport end to end: contrib/xunfang-sync-ssh carries a laptop's
# bundle to a station folder through an sshd started here on 127.0.0.1
# with its own host key, the laptop's key restricted by rrsync, and brings
# the station's return bundle back; a wrong pinned host key moves nothing.
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
make_peers st a
xa enroll st.id >/dev/null && xs enroll a.id --name 王警官 --village 张村 >/dev/null ||
    { echo "Bail out! cannot enrol the laptop and the station"; exit 1; }

# The keys: the station's host key, a stranger's, and the laptop's own.
mkdir -p ssh station laptop
for k in host stranger laptop; do
	ssh-keygen -q -t ed25519 -N '' -C "$k" -f "ssh/$k" ||
	    { echo "Bail out! ssh-keygen failed"; exit 1; }
done
printf 'command="rrsync -no-lock %s",restrict %s\n' "$T_DIR/station" \
    "$(cat ssh/laptop.pub)" >ssh/authorized_keys

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

# The laptop fills its outbox as xunfang sync does.
rid=$(xa add patrol type=foot route=村口到河边) || exit 1
mkdir -p "$OUT" "$IN"
self=$(xa id | sed -n 's/^Key id: *//p')
stid=$(xs id | sed -n 's/^Key id: *//p')
printf '%s\n' "$self" >"$OUT/.self"
name=$stid-00000001-$self.xfb
xa export --to station -o "$OUT/$name" >/dev/null
ok $? "the laptop writes its bundle to the outbox"
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
[ -f "$OUT/$name" ] && [ ! -e "$OUT/sent/$name" ] && [ ! -e "station/$name" ]
ok $? "and nothing moved"

sh "$SYNC_SSH" --dry-run >dry.out 2>&1
[ $? -eq 0 ] && [ -f "$OUT/$name" ] && [ ! -e "station/$name" ]
ok $? "a dry run moves nothing"

# The round trip.
sh "$SYNC_SSH" >push.out 2>&1
st=$?
ok $st "the script pushes the outbox and pulls the inbox"
[ $st -eq 0 ] || sed 's/^/# /' push.out ssh/sshd.log
grep -q 'push: sent 1 file' push.out && grep -q 'pull: fetched 0 file' push.out
ok $? "it logs one line a step"
cmp -s sent-copy.xfb "station/$name"
ok $? "the bundle arrived at the station complete and byte-identical"
[ ! -e "station/.hidden.xfb" ] && [ -f "$OUT/.hidden.xfb" ]
ok $? "dot-files stay behind"
[ -f "$OUT/sent/$name" ] && [ ! -e "$OUT/$name" ]
ok $? "the delivered bundle moved to outbox/sent/"

# The station imports and leaves a return bundle for the laptop.
xs import "station/$name" >/dev/null
ok $? "the station imports the bundle"
xs show "$rid" | grep -q 村口到河边
ok $? "the laptop's patrol is at the station"
xs add warning title=防汛预警 'text=今晚有暴雨' villages=张村 >/dev/null
mkdir -p "station/outbox/$self"
back=$self-00000001-$stid.xfb
xs export --to 王警官 -o "station/outbox/$self/$back" >/dev/null
ok $? "the station writes a return bundle to outbox/<laptop key id>/"
cp "station/outbox/$self/$back" back-copy.xfb

sh "$SYNC_SSH" --config "$conf" >pull.out 2>&1
ok $? "a second run pulls the return bundle"
grep -q 'push: nothing waiting' pull.out && grep -q 'pull: fetched 1 file' pull.out
ok $? "and says so"
cmp -s back-copy.xfb "$IN/$back" && [ ! -e "station/outbox/$self/$back" ]
ok $? "the return bundle is in the inbox and gone from the station"
xa import "$IN/$back" >/dev/null && xa list warning | grep -q 防汛预警
ok $? "the laptop imports the station's warning"

# Two runs at once: the second waits for the lock, then gives up.
printf 'LOCK_WAIT=1\n' >>"$conf"
flock "$OUT/.sync-ssh.lock" sleep 3 &
holder=$!
sleep 0.5
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
sed "s|^IDENTITY=.*|IDENTITY=$T_DIR/ssh/stranger|" "$conf" >key.conf
printf '%s\n' "$self" >"$OUT/.self"
sh "$SYNC_SSH" --config key.conf >key.out 2>&1
[ $? -eq 1 ] && grep -q 'refused this laptop' key.out
ok $? "a key the station does not know is named"

pid=$sshd_pid
stop_sshd
! kill -0 "$pid" 2>/dev/null
ok $? "sshd is stopped"
xa add patrol type=foot >/dev/null
xa export --to station -o "$OUT/$stid-00000002-$self.xfb" >/dev/null
sh "$SYNC_SSH" >down.out 2>&1
[ $? -eq 1 ] && grep -q 'cannot reach the station' down.out &&
    [ -f "$OUT/$stid-00000002-$self.xfb" ]
ok $? "a station that does not answer is named and the bundle waits"
done_testing
