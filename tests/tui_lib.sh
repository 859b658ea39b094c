# Helpers for the terminal UI tests: the real binary in a private tmux
# server, driven with send-keys and read with capture-pane.
TMUX_BASE="xftest-$$"
TMUX_SOCK=$TMUX_BASE
TMUX_N=0
TUI_LANG=C.UTF-8
TUI_TERM=xterm-256color

# tmux on the test's own server.
tm() {
	tmux -L "$TMUX_SOCK" -f /dev/null "$@"
}

# tui_start [ARGS]: run xunfang in an 80x24 window; the pane stays after
# the program ends and says how it ended.
tui_start() {
	tm kill-server 2>/dev/null
	TMUX_N=$((TMUX_N + 1))
	TMUX_SOCK="$TMUX_BASE-$TMUX_N"
	tm new-session -d -s t -x "${TUI_COLS:-80}" -y "${TUI_ROWS:-24}" \
	    "env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
	    XDG_DATA_HOME='$XDG_DATA_HOME' TZ='$TZ' TERM='$TUI_TERM' \
	    LANG='$TUI_LANG' LC_ALL='$TUI_LANG' \
	    XUNFANG_LOCALEDIR='${XUNFANG_LOCALEDIR:-}' LOCPATH='${LOCPATH:-}' \
	    '$XUNFANG' $*; rc=\$?; stty -echo; echo \"[exited \$rc]\"; sleep 600"
	trap 'tm kill-server 2>/dev/null' EXIT
}

# The screen as text.
tui_screen() {
	tm capture-pane -p -t t
}

# tui_wait TEXT: wait up to 10 s for TEXT on the screen.
tui_wait() {
	tw_i=0
	while [ $tw_i -lt 100 ]; do
		if tui_screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		tw_i=$((tw_i + 1))
	done
	echo "# timed out waiting for: $1"
	tui_screen | sed 's/^/# | /'
	return 1
}

# tui_gone TEXT: wait up to 10 s for TEXT to leave the screen.
tui_gone() {
	tw_i=0
	while [ $tw_i -lt 100 ]; do
		if ! tui_screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		tw_i=$((tw_i + 1))
	done
	echo "# still on the screen: $1"
	return 1
}

# Keys by name (Enter, Escape, F2, Down...) and literal text.
tui_keys() {
	tm send-keys -t t "$@"
	sleep 0.05
}
tui_type() {
	tm send-keys -t t -l "$1"
	sleep 0.05
}

# Unlock with the test passphrase as officer1.
tui_unlock() {
	tui_wait "${1:-User:}" || return 1
	tui_type officer1
	tui_keys Tab
	tui_type "$(cat "$PASS")"
	tui_keys Enter
}

# Widths and English words of a screen under zh_CN: prints offences.
tui_zh_check() {
	python3 -c '
import re, sys, unicodedata
text = sys.stdin.read()
allowed = {"DEMO", "Esc", "Tab", "Ctrl", "PgUp", "PgDn", "Home", "End",
    "officer"}
bad = 0
for n, line in enumerate(text.split("\n"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
            for c in line)
    if w > 80:
        print("line %d is %d columns wide: %s" % (n, w, line))
        bad = 1
    for word in re.findall(r"[A-Za-z0-9_]+", line):
        if re.fullmatch(r"[A-Za-z]{2,}", word) and word not in allowed \
                and not re.fullmatch(r"[0-9a-f]{8}", word):
            print("English word %r on line %d: %s" % (word, n, line))
            bad = 1
sys.exit(bad)
'
}
