# qr show in a real terminal (tmux): the code on screen decodes, is never cut
# off, follows resizes, and answers its keys.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
SOCK="qr$$"
fake_bundle 300 bundle.bin

tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}
# pane FILE [TEXT]: the screen once TEXT shows (up to 10 s), settled.
pane() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p >"$1"
		if grep -qF -- "${2:-frame}" "$1" ||
		    { [ -z "${2:-}" ] && grep -q "too small" "$1"; }; then
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.2
	tm capture-pane -p >"$1"
}
# decode_pane FILE: the frame text zbarimg reads from the captured pane.
decode_pane() {
	python3 "$XF_SRCDIR/tests/qr_pane.py" "$1.pgm" <"$1" &&
	    zbarimg --raw -q "$1.pgm" 2>/dev/null
}
# decode_now FILE: capture and decode until a code reads (a resized
# window redraws a moment later), up to 5 s.
decode_now() {
	i=0
	while [ $i -lt 25 ]; do
		tm capture-pane -p >"$1"
		if decode_pane "$1"; then return 0; fi
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}

tm new-session -d -x 100 -y 40 \
    "LC_ALL=C.UTF-8 '$XUNFANG' qr show --rate 0.5 --render halfblock bundle.bin; sleep 5" \; \
    set -g status off
pane p1.txt
grep -q "^frame 1/" p1.txt; ok $? "the first frame shows with its number"
decode_pane p1.txt >t1.txt
xf qr frames bundle.bin --version 12 --count 256 >v12.txt
[ -s t1.txt ] && grep -qxF -f t1.txt v12.txt
ok $? "the code on screen decodes to a frame (version 12 at 100x40)"

tm send-keys Space
pane p2.txt paused
grep -q "paused" p2.txt; ok $? "space pauses"
# The frame shown when paused, and the count; the arrows step from there.
cur=$(sed -n 's|^frame \([0-9]*\)/.*|\1|p' p2.txt)
all=$(sed -n 's|^frame [0-9]*/\([0-9]*\) .*|\1|p' p2.txt)
next=$((cur % all + 1))
back=$(((cur + all - 2) % all + 1))
tm send-keys Right
pane p3.txt "frame $next/"
grep -q "^frame $next/" p3.txt; ok $? "right arrow steps to the next frame"
decode_pane p3.txt >t3.txt
[ "$(sed -n "${next}p" v12.txt)" = "$(cat t3.txt)" ]
ok $? "...which decodes to frame $next"
tm send-keys Left Left
pane p4.txt "frame $back/"
grep -q "^frame $back/" p4.txt; ok $? "left arrow steps back"
tm send-keys +
pane p5.txt "0.8 per second"
grep -q "0.8 per second" p5.txt; ok $? "+ speeds up"
tm send-keys - -
pane p6.txt "0.3 per second"
grep -q "0.3 per second" p6.txt; ok $? "- slows down"

# Smaller windows: the code shrinks whole, or the window is too small.
for size in 60x30 45x22 37x21; do
	tm resize-window -x "${size%x*}" -y "${size#*x}"
	decode_now "s$size.txt" >"t$size.txt"
	[ -s "t$size.txt" ]; ok $? "at $size the code is whole and decodes"
done
tm resize-window -x 36 -y 20
pane small.txt "too small"
tr -s ' \n' '  ' <small.txt >small-joined.txt
grep -q "too small" small-joined.txt &&
    grep -q "37 columns by 21 rows" small-joined.txt
ok $? "at 36x20 it says how large the window must be"
grep -q "USB stick" small-joined.txt; ok $? "...and suggests the USB stick"
grep -q "[▀▄█]" small.txt; [ $? -ne 0 ]; ok $? "...and draws no part of a code"
tm resize-window -x 80 -y 24
decode_now big.txt >tbig.txt
[ -s tbig.txt ]; ok $? "growing the window again shows a whole code"
tm send-keys q
sleep 0.3
tm capture-pane -p | grep -q "frame" ; [ $? -ne 0 ]; ok $? "q leaves the display"
tm kill-server 2>/dev/null

xf qr show bundle.bin </dev/null >out.txt 2>err.txt
[ $? -eq 1 ] && grep -q "needs a terminal" err.txt; ok $? "without a terminal it says to use qr png"

done_testing
