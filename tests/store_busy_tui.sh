#!/bin/sh
# A store another process is writing to (an import holds the write lock
# for as long as it stores a large bundle) is waited for, with a message
# saying why, not reported as "database is locked"; the terminal
# interface's unlock waits too, never says the passphrase is wrong, and
# counts nothing toward the lockout.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add village name=张村 >/dev/null
xf user lockout 3 >/dev/null 2>&1
failures() {
	sqlite3 "$DB" "SELECT coalesce((SELECT hex(v) FROM meta WHERE
	    k = 'unlock-failures'), 'none')"
}
before=$(failures)

# hold SECONDS: hold the store's write lock, as a long import does.
hold() {
	printf "BEGIN IMMEDIATE;\nINSERT INTO meta VALUES('busy-test', x'00');\n.shell sleep %s\nROLLBACK;\n" \
	    "$1" | sqlite3 "$DB" &
	holder=$!
	sleep 0.5
}

hold 6
start=$(date +%s)
xf list village > list.out 2> list.err
st=$?
took=$(( $(date +%s) - start ))
wait $holder
[ $st -eq 0 ] && grep -q 张村 list.out && [ "$took" -ge 3 ]
ok $? "list waits for the writer and succeeds (exit $st after ${took}s)"
grep -q "another xunfang is writing to the store" list.err &&
    ! grep -q "locked" list.err
ok $? "and says why it waits: $(cat list.err)"

hold 8
tui_start
tui_unlock
tui_wait "Another xunfang is writing to the store" >/dev/null
st=$?
tui_screen > busy.screen
! grep -q "Wrong user name or passphrase" busy.screen && [ $st -eq 0 ]
ok $? "the unlock waits with a message, not 'wrong passphrase'"
wait $holder
tui_wait "Patrols today" >/dev/null
ok $? "and opens the home screen once the writer is done"
tui_keys F10
[ "$(failures)" = "$before" ]
ok $? "nothing was counted toward the lockout ($before, $(failures))"
done_testing
