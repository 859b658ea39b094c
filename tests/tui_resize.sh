# Resizing the window in the middle of a form keeps what was typed.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys r
tui_wait "New: Dispute" >/dev/null
tui_type 李家和赵家因排水沟起争执
tui_keys Down Down Down Down Down Down Down Down Down
tui_type 镇司法所
check "typed text shows" tui_wait "镇司法所"
tm resize-window -t t -x 50 -y 16
check "small window: the form redraws" \
    sh -c "tm() { tmux -L '$TMUX_SOCK' \"\$@\"; }; \
    [ \$(tm display -p -t t '#{window_width}') -eq 50 ]"
tui_wait "镇司法所" >/dev/null
check "no line wider than the window" \
    sh -c "tmux -L '$TMUX_SOCK' capture-pane -p -t t | python3 -c '
import sys, unicodedata
sys.exit(any(sum(2 if unicodedata.east_asian_width(c) in \"WF\" else 1
    for c in l) > 50 for l in sys.stdin.read().split(\"\\n\")))'"
tm resize-window -t t -x 120 -y 40
check "large window: text still there" tui_wait "镇司法所"
tm resize-window -t t -x 80 -y 24
check "back to 80x24: first field kept" tui_wait "李家和赵家因排水沟起争执"
check "back to 80x24: last field kept" tui_wait "镇司法所"
tui_keys Up Up Up Up Up Up Up Enter
tui_wait "Type to narrow" >/dev/null
tui_type neighbour
tui_keys Enter Down Enter
tui_wait "Type to narrow" >/dev/null
tui_type yellow
tui_keys Enter
tm resize-window -t t -x 70 -y 20
tm resize-window -t t -x 80 -y 24
tui_keys F2
check "saved after resizing" tui_wait "Summary: 李家和赵家因排水沟起争执"
tui_keys q F10
tui_wait "[exited 0]" >/dev/null
xf list dispute --csv >"$T_DIR/d.csv"
check "CSV has both texts typed before the resizes" \
    sh -c "grep -F 李家和赵家因排水沟起争执 '$T_DIR/d.csv' | grep -qF 镇司法所"
done_testing
