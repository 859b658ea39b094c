#!/bin/sh
# Lost laptop: with the lockout on, N wrong passphrases in a row wipe every
# key wrap; afterwards no passphrase opens the store and the old wrap bytes
# are nowhere in the database, its WAL or its shared-memory file.
. "$XF_SRCDIR/tests/lib.sh"

printf 'not the passphrase\n' > "$T_DIR/wrong"
bad() { "$XUNFANG" --passphrase-file "$T_DIR/wrong" list village >/dev/null 2>"$T_DIR/err"; }
wraps() { python3 -c 'import sqlite3,sys
for (w,) in sqlite3.connect(sys.argv[1]).execute("SELECT wrap FROM account"):
    print(w.hex())' "$DB"; }
# found HEX FILE...: whether the bytes are in any of the files
found() { python3 -c 'import sys,os
b = bytes.fromhex(sys.argv[1])
sys.exit(0 if any(os.path.exists(f) and b in open(f, "rb").read() for f in sys.argv[2:]) else 1)' "$@"; }

make_store
xf add village name=张村 >/dev/null
for i in 1 2 3 4 5; do bad; done
xf list village | grep -q 张村
ok $? "lockout is off by default: five wrong passphrases, then the right one opens"
xf audit | grep -c 'wrong passphrase' | grep -qx 5
ok $? "the failed unlocks are in the audit log, signed at the next unlock"

xf user lockout 3 | grep -q 'After 3 wrong passphrases'
ok $? "user lockout 3 turns it on"
xf user lockout | grep -q 'After 3'
ok $? "user lockout shows the setting"
bad; bad; xf list village >/dev/null; bad; bad
xf list village | grep -q 张村
ok $? "a good passphrase resets the count"

wraps > "$T_DIR/wraps"
[ -s "$T_DIR/wraps" ]
ok $? "the wrap bytes are read before the wipe"
bad; bad
grep -q 'wrong passphrase' "$T_DIR/err"
ok $? "two failures only warn"
bad
[ $? -eq 1 ] && grep -q 'wiped' "$T_DIR/err"
ok $? "the third failure wipes the keys and says so"
xf list village >"$T_DIR/out" 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'wiped' "$T_DIR/err" && [ ! -s "$T_DIR/out" ]
ok $? "the right passphrase no longer opens the store"
left=0
while read -r w; do
	if found "$w" "$DB" "$DB-wal" "$DB-shm"; then left=1; fi
	if found "$(printf '%s' "$w" | cut -c 1-160)" "$DB" "$DB-wal" "$DB-shm"; then left=1; fi
done < "$T_DIR/wraps"
[ "$left" -eq 0 ]
ok $? "no old wrap bytes remain in the db, -wal or -shm file"

"$XUNFANG" --passphrase-file "$PASS" user lockout 1000 2>/dev/null
[ $? -ne 0 ]
ok $? "a locked-out store refuses every command"
done_testing
