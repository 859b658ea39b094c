#!/bin/sh
# A demo store and the real one never share sync folders: s then s on a
# demo store's sync screen, and `sync` on it, use folders next to the demo
# store; the real store's default folders get no key id from the demo and
# its sync still runs.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
O="$XDG_DATA_HOME/xunfang/outbox"
D="$T_DIR/demo.db"
xf --db "$D" demo --days 3 --villages 1 --kdf-memory 8 >/dev/null ||
    { echo "Bail out! no demo store"; exit 1; }

tui_start --db "$D"
tui_wait "User:" >/dev/null
tui_type trainer
tui_keys Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "DEMO" >/dev/null
tui_keys s
tui_wait "Sync bundles" >/dev/null
check "the demo's sync screen offers its folders" \
    tui_wait "No sync folders yet: s makes them and syncs."
tui_keys s
check "s syncs the demo's folders" tui_wait "Folder sync: imported 0"
tui_keys F10
tui_wait "[exited 0]" >/dev/null
[ ! -e "$O" ] && [ ! -e "$XDG_DATA_HOME/xunfang/inbox" ]
ok $? "the default folders are untouched"
[ -s "$T_DIR/demo-outbox/.self" ] && [ -d "$T_DIR/demo-inbox" ]
ok $? "the demo's folders stand next to it (demo-outbox, demo-inbox)"

xf --db "$D" sync >/dev/null 2>&1
[ ! -e "$O" ]
ok $? "sync on the demo store uses its folders too"

xf sync >"$T_DIR/out" 2>&1
ok $? "the real store's sync runs"
! grep -q "another\|belong\|serves the store" "$T_DIR/out"
ok $? "and says nothing of another key"
[ -s "$O/.self" ] && ! cmp -s "$O/.self" "$T_DIR/demo-outbox/.self"
ok $? "its outbox holds its own key id, not the demo's"

# And the real store's terminal UI syncs at unlock without a complaint.
tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
sleep 0.5
! tui_screen | grep -q "give this store folders of its own"
ok $? "unlocking the real store reports no folder of another key"
tui_keys F10
done_testing
