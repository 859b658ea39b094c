#!/bin/sh
# The NetworkManager hook starts xunfang-sync.service when a connection
# comes up or full connectivity returns, for each logged-in user who
# enabled the timer, and for nobody else; systemctl is a stand-in that
# notes how it was called.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

HOOK="$XF_SRCDIR/contrib/networkmanager/90-xunfang"
mkdir -p bin run/0 run/65534 run/4242424
cat >bin/systemctl <<EOS
#!/bin/sh
echo "\$*" >>"$T_DIR/calls"
case "\$*" in
*is-enabled*--machine=root@*|*--machine=root@*is-enabled*) exit 0 ;;
*is-enabled*) exit 1 ;;
esac
exit 0
EOS
chmod +x bin/systemctl
hook() {
	: >calls
	PATH="$T_DIR/bin:$PATH" XUNFANG_RUN_USER="$T_DIR/run" sh "$HOOK" "$@"
}

hook wlan0 up >up.out 2>&1
ok $? "the hook exits 0 on up"
grep -qx -- '--user --machine=root@ start --no-block xunfang-sync.service' calls
ok $? "it starts the user unit of root, who enabled the timer"
n=$(grep -c ' start ' calls)
[ "$n" -eq 1 ]
ok $? "and of nobody else (started $n)"
grep -q 'is-enabled' calls && grep -q 'machine=nobody@' calls
ok $? "it asks each logged-in user's manager whether the timer is enabled"
grep -q 'started xunfang-sync for root' up.out
ok $? "it logs whom it started it for"

hook wlan0 down >/dev/null 2>&1
[ $? -eq 0 ] && [ ! -s calls ]
ok $? "down starts nothing"
CONNECTIVITY_STATE=LIMITED hook wlan0 connectivity-change >/dev/null 2>&1
[ $? -eq 0 ] && [ ! -s calls ]
ok $? "limited connectivity starts nothing"
CONNECTIVITY_STATE=FULL hook wlan0 connectivity-change >/dev/null 2>&1
grep -q ' start ' calls
ok $? "full connectivity starts it"

grep -q '^ExecStart=xunfang-sync-ssh$' "$XF_SRCDIR/contrib/systemd/xunfang-sync.service" &&
    grep -q '^SuccessExitStatus=3$' "$XF_SRCDIR/contrib/systemd/xunfang-sync.service"
ok $? "the service runs the script and takes status 3 (busy) as success"
t="$XF_SRCDIR/contrib/systemd/xunfang-sync.timer"
grep -q '^OnCalendar=\*:0/15$' "$t" && grep -q '^Persistent=true$' "$t" &&
    grep -q '^OnBootSec=' "$t" && grep -q '^WantedBy=timers.target$' "$t"
ok $? "the timer runs every 15 minutes, after boot, and catches up"
done_testing
