#!/bin/sh
# Accounts: each with its own passphrase and role; short passphrases
# refused, weak ones warned about; only managers manage; a disabled account
# cannot unlock, even with its flag cleared in the file.
. "$XF_SRCDIR/tests/lib.sh"

VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' > "$VP"
vx() { "$XUNFANG" --user 联防队长王 --passphrase-file "$VP" "$@"; }
ox() { "$XUNFANG" --user officer1 --passphrase-file "$PASS" "$@"; }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$DB" "$1"; }

make_store
xf user add 联防队长王 --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >"$T_DIR/out" 2>"$T_DIR/err"
ok $? "an officer adds a volunteer account"
[ ! -s "$T_DIR/err" ]
ok $? "a good passphrase draws no warning"
vx list patrol >/dev/null
ok $? "the volunteer unlocks with its own passphrase"
"$XUNFANG" --user 联防队长王 --passphrase-file "$PASS" list patrol >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "the officer's passphrase does not open the volunteer's account"

printf 'short\n' > "$T_DIR/short"
ox user add a --role volunteer --new-passphrase-file "$T_DIR/short" --kdf-memory 8 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'at least 8' "$T_DIR/err"
ok $? "a passphrase under 8 characters is refused"
printf '12345678\n' > "$T_DIR/weak"
ox user add b --role volunteer --new-passphrase-file "$T_DIR/weak" --kdf-memory 8 >/dev/null 2>"$T_DIR/err"
[ $? -eq 0 ] && grep -q 'weak' "$T_DIR/err"
ok $? "a weak passphrase is accepted with a warning"
ox user add c --role chief --new-passphrase-file "$VP" --kdf-memory 8 2>"$T_DIR/err"
[ $? -eq 2 ] && grep -q 'officer, volunteer, station or trainer' "$T_DIR/err"
ok $? "an unknown role is a usage error naming the roles"

ox user list >"$T_DIR/list"
grep -q '^officer1 *officer *active' "$T_DIR/list" &&
    grep -q '^联防队长王 *volunteer *active' "$T_DIR/list"
ok $? "user list shows names, roles and state"

vx user add d --role officer --new-passphrase-file "$VP" --kdf-memory 8 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'only an officer' "$T_DIR/err"
ok $? "a volunteer cannot add accounts"
vx user disable officer1 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'only an officer' "$T_DIR/err"
ok $? "a volunteer cannot disable accounts"
vx user passwd officer1 --new-passphrase-file "$VP" --kdf-memory 8 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'only an officer' "$T_DIR/err"
ok $? "a volunteer cannot set another account's passphrase"
vx user lockout 3 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'may change the lockout' "$T_DIR/err" &&
    ox user lockout | grep -q 'Lockout is off'
ok $? "a volunteer cannot turn the lockout on"

printf '%s\n' '换个口令 second watch 99' > "$T_DIR/vp2"
vx user passwd --new-passphrase-file "$T_DIR/vp2" --kdf-memory 8 >/dev/null &&
    ! vx list patrol >/dev/null 2>&1 &&
    "$XUNFANG" --user 联防队长王 --passphrase-file "$T_DIR/vp2" list patrol >/dev/null
ok $? "a volunteer changes its own passphrase; the old one stops working"
cp "$T_DIR/vp2" "$VP"

ox user disable officer1 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'last account that can manage' "$T_DIR/err"
ok $? "the last managing account cannot be disabled"
ox user disable 联防队长王 >/dev/null
ok $? "an officer disables the volunteer"
vx list patrol >"$T_DIR/out" 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'is disabled' "$T_DIR/err" && [ ! -s "$T_DIR/out" ]
ok $? "a disabled account cannot unlock"
sql "UPDATE account SET disabled = 0"
vx list patrol >"$T_DIR/out" 2>"$T_DIR/err"
[ $? -eq 1 ] && [ ! -s "$T_DIR/out" ]
ok $? "clearing the disabled flag in the file does not bring it back"
ox user list | grep -q '^联防队长王 .*volunteer'
ok $? "the officer still opens the store"

for f in "$DB" "$DB-wal"; do
	[ -f "$f" ] || continue
	if grep -q '联防队长王' "$f"; then echo "# name found in $f"; false; fi
done
ok $? "account names are not in the store files in clear"
done_testing
