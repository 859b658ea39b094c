#!/bin/sh
# Bad input is refused with a message naming the field and what is allowed,
# and writes nothing.
. "$XF_SRCDIR/tests/lib.sh"

make_store
xf add village name=张村 >/dev/null
snapshot() {
	sqlite3 "$DB" "SELECT hex(vid), hex(body) FROM version ORDER BY seq" | sha256sum
}
before=$(snapshot)

# refuse DESCRIPTION EXPECTED-STATUS PATTERN... -- ARGS
refuse() {
	d=$1 want=$2
	shift 2
	pats=
	while [ "$1" != -- ]; do pats="$pats
$1"; shift; done
	shift
	xf "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	st=$?
	good=0
	[ $st -eq "$want" ] || good=1
	printf '%s\n' "$pats" | while IFS= read -r p; do
		[ -z "$p" ] || grep -qF -- "$p" "$T_DIR/err" || exit 1
	done || good=1
	[ -s "$T_DIR/out" ] && good=1
	ok $good "$d"
	[ $good -eq 0 ] || { echo "# status $st"; sed 's/^/# /' "$T_DIR/err"; }
}

refuse "unknown kind names the kinds" 1 "'patrols'" "patrol, visit, dispute" -- add patrols type=foot
refuse "unknown field names the fields" 1 "'colour'" "type, team, start" -- add patrol colour=red
refuse "wrong choice names the allowed values" 1 "'type'" "'walking'" "foot (步巡)" "checkpoint (设卡)" -- add patrol type=walking
refuse "bad time says how to write one" 1 "'start'" "YYYY-MM-DD HH:MM" -- add patrol type=foot start=明天晚上
refuse "impossible date refused" 1 "'follow_up'" "YYYY-MM-DD" -- add visit target=household purpose=advice follow_up=2026-02-30
long=$(python3 -c "print('长'*101)")
refuse "overlong value names the limit" 1 "'title'" "101 characters" "at most 100" -- add dispute title="$long" category=debt colour=red
refuse "missing required field named" 1 "'category'" "required" "neighbour (邻里)" -- add dispute title=争执 colour=red
refuse "unknown reference named" 1 "'village'" "no village named '王村'" -- add patrol type=foot village=王村
refuse "list item with too many parts" 1 "'points'" "item 1" -- add patrol type=foot "points=a|b|c|d|e|f|g|h|i|j|k"
refuse "not FIELD=VALUE" 1 "'type'" -- add patrol type
refuse "control characters refused" 1 "control characters" -- add village "name=$(printf 'a\tb')"
refuse "invalid UTF-8 refused" 1 "UTF-8" -- add village "name=$(printf '\377\376')"
refuse "unknown record id" 1 "no record with id abcdef" -- show abcdef
refuse "too short an id" 1 "at least 4 hex digits" -- show ab
refuse "unknown command is a usage error" 2 "unknown command 'lst'" -- lst patrol
refuse "missing arguments is a usage error" 2 "usage: xunfang add" -- add
refuse "bad --role is a usage error" 2 "--role" -- init --role laptop --name a --user b
refuse "--bom without --csv" 2 "--bom" -- list patrol --bom
refuse "report without a name lists the reports" 2 "usage: xunfang report NAME" "  NAME: heatmap hotspots coverage patrols disputes volunteers trend focus" -- report
refuse "unknown report names the reports" 1 "no report 'heat'" "the reports are: heatmap hotspots coverage patrols disputes volunteers trend focus" -- report heat
# Numbers given to options: empty, junk after, too big for an int, a
# blank before, out of range are refused, naming the option.
refuse "--wait '' is no 0" 2 "--wait takes seconds, 0 to 86400, not ''" -- sync --wait ''
refuse "--wait with junk after the number" 2 "--wait takes seconds" "not '5s'" -- sync --wait 5s
refuse "--wait past an int is not wrapped to 0" 2 "--wait takes seconds" "not '4294967296'" -- sync --wait 4294967296
refuse "--settle '' is no 0" 2 "--settle takes seconds, 0 to 3600, not ''" -- watch --settle '' "$T_DIR"
refuse "user lockout '' does not turn it off" 2 "user lockout takes a number" "not ''" -- user lockout ''
refuse "--days with a blank before" 2 "--days takes a number of days" "not ' 7'" -- report heatmap --days ' 7'
refuse "--width out of range" 2 "--width takes 60 to 400 columns" "not '59'" -- report heatmap --width 59
refuse "--kdf-memory past the limit names it" 2 "--kdf-memory takes MiB from 8 to 4096" "not '4097'" -- init --role device --name a --user b --kdf-memory 4097
refuse "--count of qr frames empty" 2 "--count takes a number of frames" "not ''" -- qr frames --count ''
# Text that would turn the terminal's direction, or that a terminal obeys
# as an escape (C1), is not stored.
rlo=$(printf '\342\200\256')
csi=$(printf '\302\233')
refuse "a direction override in a name is refused" 1 "village field 'name'" "direction" -- add village "name=村${rlo}exe.txt"
refuse "so is a C1 control" 1 "village field 'name'" "control characters" -- add village "name=村${csi}2J"
refuse "a field given twice is refused, not the last one kept" 1 "village field 'name' is given twice" -- add village name=第一 name=第二
long=$(head -c 30000 /dev/zero | tr '\0' 'x')
refuse "enroll --name of 30000 characters" 1 "at most 100 characters" -- enroll "$T_DIR/none.id" --name "$long"
refuse "watch on a device's store" 1 "watch is for a station's store" -- watch --once "$T_DIR"
mkfifo "$T_DIR/pass.fifo"
timeout 20 "$XUNFANG" --passphrase-file "$T_DIR/pass.fifo" list village >"$T_DIR/out" 2>"$T_DIR/err"
st=$?
[ $st -eq 1 ] && grep -q "is empty (or a FIFO no one writes to)" "$T_DIR/err"
ok $? "a FIFO no one writes to as the passphrase file fails at once, trying nothing ($st: $(cat "$T_DIR/err"))"

[ "$(snapshot)" = "$before" ]
ok $? "no refused command changed the store"

done_testing
