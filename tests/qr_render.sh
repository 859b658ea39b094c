# qr show's drawings on a terminal whose font leaves seams: the blocks of
# background colour decode where half blocks do not; monochrome terminals,
# the invert and drawing keys, the choice by terminal and setting, and a
# large bundle on a laptop screen.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
SOCK="qrr$$"
n=0
fake_bundle 300 bundle.bin
xf qr frames bundle.bin --version 4 --count 256 >v4.txt

tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}
# newsock: end the tmux server and take a new one (a server that is still
# ending would take the next session down with it).
newsock() {
	tm kill-server 2>/dev/null
	n=$((n + 1))
	SOCK="qrr$$-$n"
}
# show TERM COLSxROWS ARGS...: start qr show in a new window.
show() {
	t=$1 size=$2
	shift 2
	newsock
	tm new-session -d -x "${size%x*}" -y "${size#*x}" \
	    "env -u VTE_VERSION -u KONSOLE_VERSION TERM=$t LC_ALL=C.UTF-8 \
	    '$XUNFANG' qr show --rate 0.2 $*; sleep 5" \; set -g status off
	wait_for "frame 1/"
}
# wait_for TEXT: until the pane shows TEXT (up to 10 s), then settled.
wait_for() {
	i=0
	while [ $i -lt 100 ] && ! tm capture-pane -p | grep -qF -- "$1"; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3
}
# grab NAME MODE: capture the pane with its colours and draw it with the
# seaming renderer (MODE --cells or --seams); print what zbarimg reads.
grab() {
	tm capture-pane -e -N -p >"$1.txt"
	python3 "$XF_SRCDIR/tests/qr_pane.py" "$2" "$1.pgm" <"$1.txt" &&
	    zbarimg --raw -q "$1.pgm" 2>/dev/null
}
# text NAME: the plain text of the pane.
text() {
	tm capture-pane -p >"$1.txt"
}

# Blocks of background colour. (screen-256color has no back colour erase,
# so every cell is written and the capture holds every cell's colour.)
show screen-256color 100x45 bundle.bin --version 4 --render block
grab block --cells >block.dec
[ "$(cat block.dec)" = "$(head -1 v4.txt)" ]
ok $? "blocks: backgrounds alone decode to frame 1"
grab block2 --seams >block2.dec
[ "$(cat block2.dec)" = "$(head -1 v4.txt)" ]
ok $? "...and so they do with a seam along every cell"
grep -q '48;5;231m' block.txt && ! grep -q '\[47m' block.txt
ok $? "light modules are bright white (231), not colour 7"
text blocktext
grep -q '[▀▄█]' blocktext.txt; [ $? -ne 0 ]; ok $? "...and no glyph is drawn"

# The same code in half blocks, at the same version: no backgrounds to
# read, and the seams break the glyphs.
show screen-256color 100x45 bundle.bin --version 4 --render halfblock
grab half --cells >half.dec
[ ! -s half.dec ]; ok $? "half blocks: backgrounds alone do not decode"
grab half2 --seams >half2.dec
[ ! -s half2.dec ]; ok $? "...nor do half blocks with seams"
text halftext
python3 "$XF_SRCDIR/tests/qr_pane.py" halftext.pgm <halftext.txt &&
    zbarimg --raw -q halftext.pgm 2>/dev/null >halftext.dec
[ "$(cat halftext.dec)" = "$(head -1 v4.txt)" ]
ok $? "...though the same half blocks drawn whole decode: the drawing is what differs"
tm send-keys b
sleep 0.5
grab toggled --cells >toggled.dec
[ "$(cat toggled.dec)" = "$(head -1 v4.txt)" ]; ok $? "b switches to blocks"

# Monochrome terminals: light modules in reverse video, dark on light.
for t in vt100 xterm-mono; do
	show $t 100x45 bundle.bin --version 4
	grab "mono-$t" --cells >"mono-$t.dec"
	[ "$(cat "mono-$t.dec")" = "$(head -1 v4.txt)" ]
	ok $? "TERM=$t: the code decodes, light modules in reverse video"
done
grep -q '\[7m' mono-xterm-mono.txt; ok $? "...reverse video it is"
tm send-keys i
sleep 0.5
grab inverted --cells >inverted.dec
[ ! -s inverted.dec ]; ok $? "i inverts the code (light on dark)"
tm send-keys i
sleep 0.5
grab back --cells >back.dec
[ "$(cat back.dec)" = "$(head -1 v4.txt)" ]; ok $? "...and i again puts it back"

# The drawing chosen by terminal: xterm takes glyphs from the font (blocks),
# VTE draws them itself (half blocks); the setting and --render decide.
show xterm-256color 100x45 bundle.bin --version 4
text auto-xterm
! grep -q '[▀▄█]' auto-xterm.txt; ok $? "under xterm the blocks are chosen"
newsock
tm new-session -d -x 100 -y 45 \
    "VTE_VERSION=7200 TERM=xterm-256color LC_ALL=C.UTF-8 '$XUNFANG' qr show \
    --rate 0.2 --version 4 bundle.bin; sleep 5" \; set -g status off
wait_for "frame 1/"
text auto-vte
grep -q '[▀▄█]' auto-vte.txt; ok $? "under VTE the half blocks are chosen"
mkdir -p "$XDG_CONFIG_HOME/xunfang"
echo 'qr_render = halfblock' >"$XDG_CONFIG_HOME/xunfang/config"
show xterm-256color 100x45 bundle.bin --version 4
text set-half
grep -q '[▀▄█]' set-half.txt; ok $? "qr_render = halfblock overrides the choice"
show xterm-256color 100x45 bundle.bin --version 4 --render block
text opt-block
! grep -q '[▀▄█]' opt-block.txt; ok $? "...and --render block overrides the setting"
echo 'qr_render = squares' >"$XDG_CONFIG_HOME/xunfang/config"
xf qr frames bundle.bin --count 1 >/dev/null 2>err.txt
grep -q "qr_render.*auto, halfblock or block" err.txt
ok $? "a bad qr_render is named with the values it takes"
rm "$XDG_CONFIG_HOME/xunfang/config"

# 80x24 holds no code in blocks: the message says how large, and that b
# draws half blocks, which fit.
newsock
tm new-session -d -x 80 -y 24 \
    "TERM=screen-256color LC_ALL=C.UTF-8 '$XUNFANG' qr show --rate 0.2 \
    --render block bundle.bin; sleep 5" \; set -g status off
wait_for "too small"
tm capture-pane -p | tr -s ' \n' '  ' >small.txt
grep -q "at least 74 columns by 39 rows" small.txt && grep -q "press b" small.txt
ok $? "blocks at 80x24: too small, at least 74x39, or press b"
tm send-keys b
wait_for "frame 1/"
text small-half
python3 "$XF_SRCDIR/tests/qr_pane.py" small-half.pgm <small-half.txt &&
    zbarimg --raw -q small-half.pgm 2>/dev/null >small-half.dec
[ -s small-half.dec ] && grep -qxF -f small-half.dec v4.txt
ok $? "...and b shows a version 4 code in half blocks that decodes"

# Chosen by terminal, blocks give way to half blocks in a window that holds
# no code in blocks.
newsock
tm new-session -d -x 80 -y 24 \
    "env -u VTE_VERSION TERM=xterm-256color LC_ALL=C.UTF-8 '$XUNFANG' qr show \
    --rate 0.2 bundle.bin; sleep 5" \; set -g status off
wait_for "frame 1/"
text auto-small
grep -q '[▀▄█]' auto-small.txt
ok $? "under xterm at 80x24, where no code fits in blocks, half blocks are drawn"

# 300 KB on a 1366x768 screen with a 15-pixel font (8x15-pixel cells):
# 170 columns by 51 rows. Half blocks show the default version 12, blocks
# the largest that fits; both without refusing the bundle.
fake_bundle 300000 big.bin
show screen-256color 170x51 big.bin --render halfblock
text big
grep -q "^frame 1/[0-9]* .*version 12 " big.txt
ok $? "300 KB in half blocks at 170x51: version 12 ($(head -1 big.txt | cut -c1-60))"
all=$(sed -n 's|^frame 1/\([0-9]*\) .*|\1|p' big.txt)
python3 "$XF_SRCDIR/tests/qr_pane.py" big.pgm <big.txt &&
    zbarimg --raw -q big.pgm 2>/dev/null >big.dec
xf qr frames big.bin --version 12 --count "$all" >big-all.txt
[ -s big.dec ] && [ "$(cat big.dec)" = "$(head -1 big-all.txt)" ]
ok $? "...the frame on screen decodes to frame 1 of $all"
awk 'NR % 5 != 0' big-all.txt | shuf --random-source=big.bin >big-kept.txt
xf qr read big-kept.txt -o big-back.bin 2>/dev/null && cmp -s big.bin big-back.bin
ok $? "...and the frames shown, shuffled with a fifth lost, rebuild it"
show screen-256color 170x51 big.bin --render block
text bigblock
grep -q "^frame 1/[0-9]* .*version 6 " bigblock.txt
ok $? "in blocks at 170x51: version 6, not refused"
tm kill-server 2>/dev/null

done_testing
