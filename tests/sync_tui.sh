#!/bin/sh
# The sync screen of the terminal UI at a station: the enrolled devices
# and the versions of each village, import of a bundle file with its
# summary, a refusal with its cause, export of a bundle for a device.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

make_store station 城关派出所 officer1
xd() { xf --db "$T_DIR/dev.db" "$@"; }
xd init --role device --name 张村笔记本 --user wang --kdf-memory 8 >/dev/null
xf id --export st.id >/dev/null && xd id --export dev.id >/dev/null
xd enroll st.id >/dev/null && xf enroll dev.id --name 王警官 --village 张村 >/dev/null
xd add patrol type=foot route=东线 >/dev/null
xd add patrol type=vehicle route=西线 >/dev/null
xd export --to station -o "$T_DIR/in.xfb" >/dev/null
head -c 300 in.xfb > cut.xfb

tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys s
check "the sync screen lists the device" tui_wait "王警官"
check "it shows the fingerprint" tui_wait "Fingerprint"
check "it shows the versions of the village" tui_wait "张村: 0 versions"
tui_keys i
tui_wait "Import file:" >/dev/null
tui_type "$T_DIR/cut.xfb"
tui_keys Enter
check "a cut bundle is refused with its cause" tui_wait "cut short"
tui_keys i
tui_wait "Import file:" >/dev/null
tui_type "$T_DIR/in.xfb"
tui_keys Enter
check "importing says what was new" tui_wait "2 new versions"
check "the village count follows" tui_wait "张村: 2 versions"
tui_keys Enter
tui_wait "Export to file:" >/dev/null
tui_keys Enter
check "exporting says where the bundle went" tui_wait "Wrote bundle 1"
ls xunfang-to-*.xfb >/dev/null 2>&1
ok $? "the bundle file is written"
tui_keys c
tui_wait "Export to file:" >/dev/null
tui_keys C-u
tui_type "$T_DIR/qr.xfb"
tui_keys Enter
check "c exports and shows the bundle as QR codes" tui_wait "frame 1/"
tui_keys q
check "leaving the QR display comes back to the sync screen" tui_wait "Wrote bundle"
[ -s "$T_DIR/qr.xfb" ]
ok $? "the bundle shown as QR codes was written too"
tui_keys Escape
check "Esc goes back home" tui_wait "Patrols today"
tui_keys F10
tui_wait "[exited 0]" >/dev/null
out=$(xd import xunfang-to-*.xfb)
echo "$out" | grep -q 'acknowledgements only\|nothing new\|added'
ok $? "the device imports the station's bundle: $out"
done_testing
