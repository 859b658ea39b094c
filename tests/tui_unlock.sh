# The unlock screen: a wrong passphrase says so and lets the person try
# again, a disabled account is named as such; the lock key covers a form and unlocking brings it back intact;
# the idle time comes from the configuration file.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
tui_start
tui_wait "User:" >/dev/null
tui_type officer1
tui_keys Tab
tui_type 'not the passphrase'
tui_keys Enter
check "wrong passphrase: message" \
    tui_wait "Wrong user name or passphrase (try 1)"
check "wrong passphrase: still running" tui_gone "[exited"
tui_keys Tab Tab
tui_type 'again wrong'
tui_keys Enter
check "second wrong passphrase counted" tui_wait "(try 2)"
tui_keys Tab Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
check "right passphrase opens the home screen" tui_wait "Patrols today: 0"

tui_keys v Down
tui_type 刘家（东头）
tui_keys F9
check "F9 locks" tui_wait "The screen is locked"
check "the form is hidden while locked" tui_gone "刘家（东头）"
tui_keys Escape
check "Esc does not get past the lock" tui_wait "The screen is locked"
tui_type wrong
tui_keys Enter
check "wrong passphrase on the lock screen" tui_wait "Wrong user name"
tui_type "$(cat "$PASS")"
tui_keys Enter
check "unlocked: the form and its text are back" tui_wait "刘家（东头）"
tui_keys Escape y q
tui_keys F10
check "quits cleanly" tui_wait "[exited 0]"

# A bad configuration line is named; the defaults are used.
mkdir -p "$XDG_CONFIG_HOME/xunfang"
printf 'idle_lock_minutes = soon\n' >"$XDG_CONFIG_HOME/xunfang/config"
tui_start
check "bad configuration is named" \
    tui_wait "configuration line 1: idle_lock_minutes takes minutes"
tm kill-server
printf '# lock quickly\nidle_lock_minutes = 1\n' \
    >"$XDG_CONFIG_HOME/xunfang/config"
tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys r
tui_type 空闲锁定测试
check "idle for a minute locks the screen" sh -c '
	. "$XF_SRCDIR/tests/tui_lib.sh"; TMUX_SOCK='"$TMUX_SOCK"'
	i=0
	while [ $i -lt 80 ]; do
		tm capture-pane -p -t t | grep -qF "The screen is locked" && exit 0
		sleep 1; i=$((i + 1))
	done
	exit 1'
tui_type "$(cat "$PASS")"
tui_keys Enter
check "after the idle lock the text is kept" tui_wait "空闲锁定测试"
tm kill-server

# A disabled account is told so, not sent to type its passphrase again.
rm -f "$XDG_CONFIG_HOME/xunfang/config"
VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' >"$VP"
xf user add vol1 --role volunteer --new-passphrase-file "$VP" \
    --kdf-memory 8 >/dev/null &&
    xf --user officer1 user disable vol1 >/dev/null ||
    { echo "Bail out! cannot add and disable an account"; exit 1; }
tui_start
tui_wait "User:" >/dev/null
tui_type vol1
tui_keys Tab
tui_type "$(cat "$VP")"
tui_keys Enter
check "a disabled account: the screen says disabled" \
    tui_wait "This account is disabled"
check "a disabled account: not called a wrong passphrase" \
    tui_gone "Wrong user name"
tm kill-server

setup_zh
TUI_LANG=zh_CN.UTF-8
tui_start
tui_wait "用户名：" >/dev/null
tui_type vol1
tui_keys Tab
tui_type "$(cat "$VP")"
tui_keys Enter
check "a disabled account, in Chinese: 已停用" tui_wait "此账户已停用"
tm kill-server
done_testing
