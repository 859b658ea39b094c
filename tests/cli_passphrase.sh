#!/bin/sh
# Passphrases: a wrong one is refused clearly and changes nothing; short
# ones are refused at init; typed ones are not echoed.
. "$XF_SRCDIR/tests/lib.sh"

make_store
xf add village name=张村 >/dev/null
printf 'not the passphrase\n' > "$T_DIR/wrong"
"$XUNFANG" --passphrase-file "$T_DIR/wrong" list village >"$T_DIR/out" 2>"$T_DIR/err"
[ $? -eq 1 ]
ok $? "a wrong passphrase fails with status 1"
grep -q 'wrong passphrase for this store' "$T_DIR/err" && [ ! -s "$T_DIR/out" ]
ok $? "it says so and prints no records"
"$XUNFANG" --passphrase-file "$T_DIR/wrong" add village name=李村 >/dev/null 2>&1
[ "$(xf list village --csv | grep -c 村)" = 1 ]
ok $? "no record was added (the failed unlocks go to the audit log)"
xf list village --csv | grep -c 村 | grep -qx 1
ok $? "the right passphrase still opens it, holding one village"
"$XUNFANG" --passphrase-file "$T_DIR/wrong" --user nobody list village 2>"$T_DIR/err"
grep -q "no account named nobody" "$T_DIR/err"
ok $? "an unknown account is named"

printf 'short\n' > "$T_DIR/short"
"$XUNFANG" --db "$T_DIR/s.db" --passphrase-file "$T_DIR/short" init --role device --name a --user b --kdf-memory 8 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'at least 8' "$T_DIR/err" && [ ! -e "$T_DIR/s.db" ]
ok $? "a passphrase under 8 characters is refused and no store is made"

"$XUNFANG" --db "$T_DIR/n.db" init --role device --name a --user b --kdf-memory 8 </dev/null >/dev/null 2>"$T_DIR/err"
grep -q 'passphrase-file' "$T_DIR/err"
ok $? "without a terminal, init says to use --passphrase-file"

# Typed at a real terminal: not echoed, asked twice.
S="xfpass-$$"
tmux -L "$S" -f /dev/null new-session -d -x 80 -y 24 \
    "env HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' '$XUNFANG' --db '$T_DIR/t.db' init --role device --name a --user b --kdf-memory 8; echo EXIT=\$?; sleep 30"
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tmux -L "$S" capture-pane -p > "$T_DIR/screen" 2>/dev/null
		grep -q "$1" "$T_DIR/screen" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
wait_for 'New passphrase' && tmux -L "$S" send-keys -l 'secret夜间口令99' && tmux -L "$S" send-keys Enter &&
wait_for 'Repeat' && tmux -L "$S" send-keys -l 'secret夜间口令99' && tmux -L "$S" send-keys Enter &&
wait_for 'EXIT=0'
ok $? "init asks for the passphrase twice on the terminal"
! grep -q 'secret' "$T_DIR/screen"
ok $? "the passphrase is not echoed"
tmux -L "$S" kill-server 2>/dev/null
printf 'secret夜间口令99\n' > "$T_DIR/tp"
"$XUNFANG" --db "$T_DIR/t.db" --passphrase-file "$T_DIR/tp" list village | grep -q '0 records'
ok $? "the typed passphrase opens the store"

done_testing
