#!/bin/sh
# The configuration file: bad lines are named with their line numbers and
# the program runs on with the defaults; every setting takes effect, and
# the command line overrides it.
. "$XF_SRCDIR/tests/lib.sh"

CONF="$XDG_CONFIG_HOME/xunfang/config"
mkdir -p "$XDG_CONFIG_HOME/xunfang"
cd "$T_DIR" || exit 1

# conf LINES...: write the configuration file, one argument a line.
conf() {
	printf '%s\n' "$@" >"$CONF"
}

# An unknown key and a bad value: both named, the command still works.
conf '# 张村笔记本' 'colour = red' '' 'qr_rate = fast  # too quick' \
    'idle_lock_minutes = 5'
"$XUNFANG" kinds >kinds.out 2>kinds.err
ok $? "a command runs with a bad configuration file"
grep -q '^patrol ' kinds.out
ok $? "and does its work"
grep -qF "$CONF:2: unknown setting 'colour'" kinds.err
ok $? "the unknown key is named with its line number"
grep -qF "$CONF:4: qr_rate takes frames a second from 0.2 to 30, not 'fast'" \
    kinds.err
ok $? "the bad value is named with its line number"
[ "$(wc -l <kinds.err)" -eq 2 ]
ok $? "good lines, comments and empty lines are not reported"
conf 'csv_bom yes' 'store = data.db'
"$XUNFANG" kinds >/dev/null 2>kinds.err
grep -qF "$CONF:1: not \"key = value\"" kinds.err &&
    grep -qF "$CONF:2: store takes a full path" kinds.err
ok $? "a line without = and a relative store path are named"
mkdir -p "$T_DIR/dir/xunfang/config"
XDG_CONFIG_HOME="$T_DIR/dir" "$XUNFANG" kinds >/dev/null 2>kinds.err
ok $? "a configuration file that cannot be read does not stop the program"
grep -qF "$T_DIR/dir/xunfang/config" kinds.err &&
    grep -qF "using the default settings" kinds.err
ok $? "it is named, and the defaults are used"
XDG_CONFIG_HOME="$T_DIR/none" "$XUNFANG" kinds >/dev/null 2>kinds.err
ok $? "no configuration file at all is fine"
[ ! -s kinds.err ]
ok $? "and says nothing"

# store: the store used without --db; --db still wins.
conf 'store = ~/stick/张村.db'
check "init without --db uses the configured store" make_store
[ -f "$HOME/stick/张村.db" ] && [ ! -e "$DB" ]
ok $? "the store file is where the configuration says"
check "the configured store opens" xf add village name=张村
xf list village | grep -q 张村
ok $? "records go to the configured store"
xf --db "$DB" init --role device --name 二号机 --user officer1 \
    --kdf-memory 8 >/dev/null
[ -f "$DB" ]
ok $? "--db overrides the configured store"

# csv_bom: CSV starts with the byte-order mark; --no-bom and --bom decide
# for one command.
bom() {
	[ "$(head -c 3 | od -An -tx1 | tr -d ' ')" = efbbbf ]
}
xf list village --csv | bom
[ $? -ne 0 ]
ok $? "no byte-order mark by default"
conf 'store = ~/stick/张村.db' 'csv_bom = yes'
xf list village --csv | bom
ok $? "csv_bom = yes: list --csv starts with a byte-order mark"
xf report disputes --csv | bom
ok $? "csv_bom = yes: report --csv too"
xf list village --csv --no-bom | bom
[ $? -ne 0 ]
ok $? "--no-bom overrides the configuration"
conf 'store = ~/stick/张村.db' 'csv_bom = off'
xf list village --csv --bom | bom
ok $? "--bom still works with csv_bom = off"

# dispute_overdue_days and checkpoint_overdue_days change what counts as
# overdue.
ago=$(date -d '5 days ago' '+%Y-%m-%d 09:00')
xf add dispute title=地界纠纷 category=land colour=yellow status=reported \
    "reported=$ago" village=张村 >/dev/null
xf add checkpoint name=村口卡口 type=卡口 village=张村 >/dev/null
xf add patrol type=foot village=张村 "start=$ago" "points=村口卡口|$ago" \
    >/dev/null
overdue() {
	xf report disputes --csv "$@" | tr -d '\r' | awk -F, '$1 == "summary" &&
	    $2 == "overdue" {print $3}'
}
covered() {
	xf report coverage --csv | tr -d '\r' | awk -F, '$1 == "村口卡口" {
	    print $8}'
}
conf 'store = ~/stick/张村.db'
[ "$(overdue)" = 0 ]
ok $? "a dispute 5 days without mediation is not overdue by default (14)"
[ "$(covered)" = no ]
ok $? "a checkpoint checked 5 days ago is not overdue by default (7)"
conf 'store = ~/stick/张村.db' 'dispute_overdue_days = 3 days'
[ "$(overdue 2>err.txt)" = 0 ] &&
    grep -qF "$CONF:2: dispute_overdue_days takes days" err.txt
ok $? "a bad threshold is named and the default (14) holds"
conf 'store = ~/stick/张村.db' 'dispute_overdue_days = 3' \
    'checkpoint_overdue_days = 4'
[ "$(overdue)" = 1 ]
ok $? "dispute_overdue_days = 3 makes it overdue"
[ "$(covered)" = yes ]
ok $? "checkpoint_overdue_days = 4 makes the checkpoint overdue"
[ "$(overdue --days 10)" = 0 ]
ok $? "--days overrides the configured threshold"

# qr_version: the size of printed frames unless --version says otherwise.
fake_bundle 3000 bundle.bin
conf 'qr_version = 5'
n5=$("$XUNFANG" qr frames bundle.bin | wc -l)
conf 'qr_version = 12'
n12=$("$XUNFANG" qr frames bundle.bin | wc -l)
n5v=$("$XUNFANG" qr frames bundle.bin --version 5 | wc -l)
[ "$n5" -gt "$n12" ] && [ "$n5v" -eq "$n5" ]
ok $? "qr_version sets the frame size ($n5 frames at 5, $n12 at 12)"

# The terminal programs read the file too, in a real terminal. Each is
# ended with its own key, not by killing the terminal: a run ended by
# SIGHUP cannot show that it frees what it holds.
. "$XF_SRCDIR/tests/tui_lib.sh"

# qr_rate: the frames a second qr show starts at.
conf 'qr_rate = 2'
TUI_COLS=120 TUI_ROWS=60
tui_start qr show "$T_DIR/bundle.bin"
check "qr_rate = 2: qr show starts at 2 frames a second" \
    tui_wait '2.0 per second'
tui_keys q
check "q ends qr show cleanly" tui_wait "[exited 0]"
unset TUI_COLS TUI_ROWS

# The terminal interface gets the settings: a bad idle_lock_minutes is
# shown there (tests/tui_unlock.sh shows a good one locking the screen),
# and the home screen uses checkpoint_overdue_days.
conf 'store = ~/stick/张村.db' 'idle_lock_minutes = soon' \
    'checkpoint_overdue_days = 4'
tui_start
check "the terminal interface names the bad line" \
    tui_wait "configuration line 2: idle_lock_minutes takes minutes"
tui_unlock
check "the home screen counts stale points by checkpoint_overdue_days" \
    tui_wait "Points not checked for 4 days: 1 of 1"
tui_keys q
tui_wait "Leave xunfang?" >/dev/null
tui_keys y
check "q then y on the home screen ends the program cleanly" tui_wait "[exited 0]"
tm kill-server 2>/dev/null
done_testing
