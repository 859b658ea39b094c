# qr show in a real terminal (tmux): the code on screen decodes, is never cut
# off, follows resizes, and answers its keys.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
SOCK="qr$$"
head -c 300 /dev/urandom >bundle.bin

tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}
pane() {
	sleep 0.4
	tm capture-pane -p >"$1"
}
# decode_pane FILE: the frame text zbarimg reads from the captured pane.
decode_pane() {
	python3 "$XF_SRCDIR/tests/qr_pane.py" "$1.pgm" <"$1" &&
	    zbarimg --raw -q "$1.pgm" 2>/dev/null
}

tm new-session -d -x 100 -y 40 \
    "LC_ALL=C.UTF-8 '$XUNFANG' qr show --rate 0.5 bundle.bin; sleep 5" \; \
    set -g status off
pane p1.txt
grep -q "^frame 1/" p1.txt; ok $? "the first frame shows with its number"
decode_pane p1.txt >t1.txt
xf qr frames bundle.bin --version 12 --count 256 >v12.txt
[ -s t1.txt ] && grep -qxF -f t1.txt v12.txt
ok $? "the code on screen decodes to a frame (version 12 at 100x40)"

tm send-keys Space
pane p2.txt
grep -q "paused" p2.txt; ok $? "space pauses"
tm send-keys Right
pane p3.txt
grep -q "^frame 2/" p3.txt; ok $? "right arrow steps to the next frame"
decode_pane p3.txt >t3.txt
[ "$(sed -n 2p v12.txt)" = "$(cat t3.txt)" ]; ok $? "...which decodes to frame 2"
tm send-keys Left Left
pane p4.txt
grep -q "^frame [0-9]*/" p4.txt && ! grep -q "^frame 2/" p4.txt
ok $? "left arrow steps back"
tm send-keys +
pane p5.txt
grep -q "0.8 per second" p5.txt; ok $? "+ speeds up"
tm send-keys - -
pane p6.txt
grep -q "0.3 per second" p6.txt; ok $? "- slows down"

# Smaller windows: the code shrinks whole, or the window is too small.
for size in 60x30 45x22 37x21; do
	tm resize-window -x "${size%x*}" -y "${size#*x}"
	pane "s$size.txt"
	decode_pane "s$size.txt" >"t$size.txt"
	[ -s "t$size.txt" ]; ok $? "at $size the code is whole and decodes"
done
tm resize-window -x 36 -y 20
pane small.txt
tr -s ' \n' '  ' <small.txt >small-joined.txt
grep -q "too small" small-joined.txt &&
    grep -q "37 columns by 21 rows" small-joined.txt
ok $? "at 36x20 it says how large the window must be"
grep -q "USB stick" small-joined.txt; ok $? "...and suggests the USB stick"
grep -q "[▀▄█]" small.txt; [ $? -ne 0 ]; ok $? "...and draws no part of a code"
tm resize-window -x 80 -y 24
pane big.txt
decode_pane big.txt >tbig.txt
[ -s tbig.txt ]; ok $? "growing the window again shows a whole code"
tm send-keys q
sleep 0.3
tm capture-pane -p | grep -q "frame" ; [ $? -ne 0 ]; ok $? "q leaves the display"
tm kill-server 2>/dev/null

xf qr show bundle.bin </dev/null >out.txt 2>err.txt
[ $? -eq 1 ] && grep -q "needs a terminal" err.txt; ok $? "without a terminal it says to use qr png"

done_testing
