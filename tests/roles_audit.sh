#!/bin/sh
# The audit trail: every change and unlock is listed; deleting, reordering
# or editing one row in SQLite makes `audit verify` fail naming the entry.
. "$XF_SRCDIR/tests/lib.sh"

sql() { python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
for s in sys.argv[2:]:
    c.execute(s)
c.commit()' "$@"; }

make_store
xf add village name=张村 >/dev/null
id=$(xf add patrol type=foot village=张村)
xf edit "$id" type=vehicle
xf delete "$id" >/dev/null
xf audit >"$T_DIR/list"
grep -q 'record created *village' "$T_DIR/list" &&
    grep -q 'record edited *patrol' "$T_DIR/list" &&
    grep -q 'record deleted *patrol' "$T_DIR/list" &&
    grep -q 'unlocked' "$T_DIR/list" && grep -q 'officer1' "$T_DIR/list"
ok $? "audit lists create, edit, delete and unlock with the user"
xf audit verify >"$T_DIR/out"
ok $? "audit verify passes on an untouched store"
grep -q 'intact' "$T_DIR/out"
ok $? "and says the log is intact"
cp "$DB" "$T_DIR/good.db"

# tamper NAME SQL...: on a fresh copy, apply SQL, then verify must fail
tamper() {
	name=$1
	shift
	cp "$T_DIR/good.db" "$T_DIR/$name.db"
	sql "$T_DIR/$name.db" "$@"
	"$XUNFANG" --db "$T_DIR/$name.db" --passphrase-file "$PASS" audit verify \
	    >/dev/null 2>"$T_DIR/$name.err"
}
tamper del "DELETE FROM audit WHERE n = 3"
[ $? -eq 1 ] && grep -q 'audit entry 3 ' "$T_DIR/del.err"
ok $? "a deleted row is found and named: $(cat "$T_DIR/del.err")"
tamper swap "UPDATE audit SET seq = 1000 WHERE n = 4" \
    "UPDATE audit SET seq = 4 WHERE n = 5" "UPDATE audit SET seq = 5 WHERE seq = 1000"
[ $? -eq 1 ] && grep -q 'audit entry 4 ' "$T_DIR/swap.err"
ok $? "two swapped rows are found and named: $(cat "$T_DIR/swap.err")"
tamper edit "UPDATE audit SET entry = substr(entry, 1, 60) || CASE WHEN substr(entry, 61, 1) = X'00' THEN X'01' ELSE X'00' END || substr(entry, 62) WHERE n = 2"
[ $? -eq 1 ] && grep -q 'audit entry 2 .*altered' "$T_DIR/edit.err"
ok $? "an edited row is found and named: $(cat "$T_DIR/edit.err")"
tamper rehash "UPDATE audit SET entry = substr(entry, 1, 60) || CASE WHEN substr(entry, 61, 1) = X'00' THEN X'01' ELSE X'00' END || substr(entry, 62), hash = zeroblob(32) WHERE n = 2"
[ $? -eq 1 ] && grep -q 'audit entry 2 ' "$T_DIR/rehash.err"
ok $? "an edited row with its hash changed too is found"
tamper last "DELETE FROM audit WHERE n = (SELECT max(n) FROM audit)"
[ $? -eq 1 ] && grep -q 'missing\|removed' "$T_DIR/last.err"
ok $? "removing the newest row is found too: $(cat "$T_DIR/last.err")"
tamper all "DELETE FROM audit"
[ $? -eq 1 ]
ok $? "emptying the log is found"
done_testing
