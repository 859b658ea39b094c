#!/bin/sh
# A running xunfang holds opened records and keys in memory: it must not be
# dumpable (no core file, no /proc/PID/mem for the account's other
# processes, no ptrace by them), so that a SIGQUIT to `xunfang watch` or a
# crash leaves no decrypted text on disk.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

make_pair
mkdir -p w run


# The watch runs as an unprivileged account when this is root, so that
# the owner of its /proc files tells whether it is dumpable: the kernel
# gives a process that is not dumpable to root. It runs from a copy in a
# folder of /tmp, which that account can reach wherever the build is.
as_user=
R=$T_DIR
bin=$XUNFANG
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	R=$(mktemp -d /tmp/xunfang-core.XXXXXX) || exit 1
	chmod 755 "$R"
	mkdir "$R/w" "$R/run"
	cp "$XUNFANG" "$R/xunfang" && cp st.db* "$PASS" "$R/" &&
	    chown -R 65534:65534 "$R" || { echo "Bail out! copy"; exit 1; }
	bin=$R/xunfang
fi
(
	cd "$R/run" && ulimit -c unlimited 2>/dev/null
	exec env HOME="$R" XDG_CONFIG_HOME="$R/.config" \
	    XDG_DATA_HOME="$R/.local/share" $as_user "$bin" \
	    --passphrase-file "$R/pass" --db "$R/st.db" \
	    watch --settle 1 "$R/w" > watch.log 2> watch.err
) & wp=$!
waitfor 15 grep -q watching "$R/run/watch.err"
ok $? "watch starts on the station ($(cat "$R/run/watch.err"))"

lim=$(sed -n 's/^Max core file size *//p' "/proc/$wp/limits")
set -- $lim
[ "${1:-x}" = 0 ] && [ "${2:-x}" = 0 ]
ok $? "its core file size limit is 0, soft and hard ($lim)"
if [ -n "$as_user" ]; then
	owner=$(stat -c %u "/proc/$wp/status")
	[ "$owner" -eq 0 ]
	ok $? "it is not dumpable: its /proc files belong to root ($owner)"
	! setpriv --reuid=65534 --regid=65534 --clear-groups \
	    head -c 1 "/proc/$wp/environ" >/dev/null 2>&1
	ok $? "its own account cannot read its environment"
else
	ok 0 "# SKIP not root: the account's owner test needs setpriv"
	ok 0 "# SKIP not root"
fi

# A dump being written (or piped to a handler) must not hang the test:
# give it 30 seconds, then end it.
kill -QUIT $wp
gone() {
	! kill -0 "$wp" 2>/dev/null ||
	    grep -q '^[0-9]* (.*) Z' "/proc/$wp/stat" 2>/dev/null
}
waitfor 30 gone || { echo "# still running after SIGQUIT: killed"; kill -KILL $wp; }
wait $wp
st=$?
[ "$st" -ne 0 ]
ok $? "SIGQUIT ends it ($st)"
ls "$R/run" > after
! grep -q '^core' after
ok $? "no core file is left in its folder ($(tr '\n' ' ' < after))"
echo "# core_pattern: $(cat /proc/sys/kernel/core_pattern 2>/dev/null)"
[ "$R" = "$T_DIR" ] || rm -rf "$R"

done_testing
