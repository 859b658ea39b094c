# On terminals without colours (vt100, and NO_COLOR) the UI still works:
# unlock, lists, a form saved, help, quit.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
had=0
for term in vt100 vt220; do
	TUI_TERM=$term
	tui_start
	tui_unlock
	check "$term: home screen" tui_wait "Open disputes:"
	check "$term: terminal has no colours" \
	    sh -c "[ \$(TERM=$term tput colors) -lt 8 ]"
	tui_keys 4
	check "$term: village list" tui_wait "$had of $had records"
	tui_keys n
	tui_wait "New: Village" >/dev/null
	tui_type "${term}村"
	tui_keys Down
	tui_type 城关镇
	tui_keys F2
	check "$term: village saved" tui_wait "Name: ${term}村"
	tui_keys F1
	check "$term: help" tui_wait "Keys on every screen"
	tui_keys q q
	had=$((had + 1))
	check "$term: list shows the new village" \
	    tui_wait "$had of $had records"
	tui_keys q
	tui_wait "Open disputes:" >/dev/null
	tui_keys q y
	check "$term: quits cleanly" tui_wait "[exited 0]"
done
check "both villages stored" sh -c "'$XUNFANG' --passphrase-file '$PASS' \
    list village --csv | grep -c 城关镇 | grep -qx 2"
done_testing
