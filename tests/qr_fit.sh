# QR codes at 80x24 under zh_CN: qr show and the sync screen choose a
# version whose code fits the window whole, and the code decodes; where no
# code fits, the screen names the setting to change.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

setup_zh
TUI_LANG=zh_CN.UTF-8
fake_bundle 3000 bundle.bin

# fits FILE: no line of the pane wider than 80 columns, none below row 24.
fits() {
	python3 -c '
import sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")
bad = 0
if len(lines) > 24:
    print("%d rows" % len(lines)); bad = 1
for n, l in enumerate(lines, 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
    if w > 80:
        print("line %d is %d columns" % (n, w)); bad = 1
sys.exit(bad)' "$1"
}
# decode FILE: capture the pane until a code on it decodes (up to 5 s).
decode() {
	i=0
	while [ $i -lt 25 ]; do
		tui_screen >"$1"
		if python3 "$XF_SRCDIR/tests/qr_pane.py" "$1.pgm" <"$1" &&
		    zbarimg --raw -q "$1.pgm" >"$1.out" 2>/dev/null &&
		    grep -q "^XF:" "$1.out"; then
			return 0
		fi
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}

# qr show, the drawing chosen by terminal: half blocks fit 80x24.
tui_start qr show --rate 0.5 bundle.bin
tui_wait "帧" >/dev/null
decode show.txt; ok $? "qr show at 80x24: the code on screen decodes"
check "...and the screen fits 80x24" fits show.txt
v=$(sed -n 's/.*版本 \([0-9]*\) .*/\1/p' show.txt | head -1)
[ "${v:-0}" -ge 3 ] && [ "${v:-0}" -le 4 ]
ok $? "...at a version small enough for the window (version ${v:-none})"
xf qr frames bundle.bin --version "${v:-4}" --count 4096 >frames.txt
grep -qxF -f show.txt.out frames.txt
ok $? "...which is a frame of the bundle cut at that version"
n=$(sed -n 's|^第 [0-9]*/\([0-9]*\) 帧.*|\1|p' show.txt | head -1)
[ "${n:-0}" -gt 20 ]; ok $? "...in more, smaller frames (${n:-no} frames)"

# In blocks no code fits 80x24: the screen says what to change.
tui_start qr show --render block bundle.bin
tui_wait "按 q 退出" >/dev/null
tui_screen >block.txt
tr -d ' \n' <block.txt >block-joined.txt
grep -q "qr_render" block-joined.txt && grep -q "按b" block-joined.txt
ok $? "in blocks at 80x24 it names the key b and the setting qr_render"
grep -q "[▀▄█]" block.txt; [ $? -ne 0 ]; ok $? "...and draws no part of a code"
check "...within 80x24" fits block.txt

# A version set too small for the bundle names the setting.
mkdir -p "$XDG_CONFIG_HOME/xunfang"
printf 'qr_version = 3\n' >"$XDG_CONFIG_HOME/xunfang/config"
fake_bundle 1500000 big.bin zero
tui_start qr show big.bin
tui_wait "按 q" >/dev/null
tui_screen | tr -d ' \n' | grep -q "qr_version"
ok $? "a qr_version too small for the bundle is named"
rm "$XDG_CONFIG_HOME/xunfang/config"

# The sync screen's c: the bundle just written, as codes that fit.
make_pair
XF_DB="$T_DIR/a.db"
tui_start --db "$XF_DB"
tui_wait "用户名：" >/dev/null
tui_type ua
tui_keys Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "今日巡逻" >/dev/null
tui_keys s
tui_wait "指纹" >/dev/null
tui_keys c
tui_wait "导出到文件：" >/dev/null
tui_keys C-u
tui_type "$T_DIR/qr.xfb"
tui_keys Enter
tui_wait "帧" >/dev/null
decode sync.txt; ok $? "the sync screen's QR codes decode at 80x24"
check "...and fit 80x24" fits sync.txt
xf qr frames qr.xfb --version 4 --count 4096 >sync-frames.txt
xf qr frames qr.xfb --version 3 --count 4096 >>sync-frames.txt
grep -qxF -f sync.txt.out sync-frames.txt
ok $? "...and are frames of the bundle written"
tui_keys q
tui_wait "同步" >/dev/null
tui_keys Escape
done_testing
