# The terminal UI's receive screen: a keyboard-wedge scanner types frames,
# each ended by Enter; the bundle is rebuilt and imported.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

xd() { xf --db "$T_DIR/dev.db" "$@"; }
make_store station 城关派出所 || exit 1
xd init --role device --name 张村笔记本 --user wang --kdf-memory 8 >/dev/null ||
    exit 1
xf id --export st.id >/dev/null && xd enroll st.id >/dev/null &&
    xd id --export dev.id >/dev/null &&
    xf enroll dev.id --name 王警官 --village 张村 >/dev/null || exit 1
xd add patrol type=foot route=村口到河边 >/dev/null
xd export --to station -o dev1.xfb >/dev/null || exit 1
xf qr frames dev1.xfb --version 6 --count 256 >all.txt
k=$(xf qr png dev1.xfb --version 6 -o png | sed -n 's/.*(\([0-9]*\) carry.*/\1/p')

tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys i
check "i on the home screen opens the receive screen" \
    tui_wait "Scan the QR codes shown or printed"
check "it waits for the first frame" tui_wait "Waiting for the first frame."
# A stale frame of an earlier bundle comes first: it is kept apart.
fake_bundle 2000 stale.bin
xf qr frames stale.bin --version 6 | head -1 >stale.txt
tui_type "$(cat stale.txt)"
tui_keys Enter
check "a stale frame starts a bundle of its own" tui_wait "of $(xf qr frames stale.bin --version 6 | xf qr read -o /dev/null 2>&1 | sed -n 's/.* of \([0-9]*\) frames.*/\1/p' | head -1) frames"
# The scanner skips frame 1 and sends frame 3 twice.
tui_type "$(sed -n 3p all.txt)"
tui_keys Enter
check "a frame shows the progress" tui_wait "of $k frames"
check "...and is named as of another bundle" tui_wait "another bundle"
check "the missing frames are listed" tui_wait "Missing frames 1-2, 4"
tui_type "$(sed -n 3p all.txt)"
tui_keys Enter
check "a repeat is noticed" tui_wait "already read"
# Character 19 is the low digit of a Base45 triple: changing it to 0 or 1
# keeps the text valid Base45, so only the checksum can catch it.
bad=$(sed -n 2p all.txt | awk '{c = substr($0, 19, 1);
    r = (c == "0") ? "1" : "0"; print substr($0, 1, 18) r substr($0, 20)}')
tui_type "$bad"
tui_keys Enter
check "a damaged frame is refused by its checksum" tui_wait "bad checksum"
tui_type "hello"
tui_keys Enter
check "a stray line is not taken for a frame" tui_wait "not a xunfang QR frame"
sed -n "2p;4,$((k + 1))p" all.txt >rest.txt
while IFS= read -r line; do
	tui_type "$line"
	tui_keys Enter
done <rest.txt
check "the completed bundle is imported" tui_wait "imported: 1 record versions, 1 of them new"
check "the stale bundle is shown as not complete" tui_wait "1 of"
tui_screen | grep -q "not complete"; ok $? "...in its own line"
tui_keys Escape
tui_wait "Patrols today" >/dev/null
tui_keys F10
tui_wait "[exited" >/dev/null
xf list patrol --csv >list.txt 2>&1
grep -q 村口到河边 list.txt
ok $? "the patrol from the village is in the station's store"

# The same screen under zh_CN: Chinese, within 80 columns.
setup_zh
TUI_LANG=zh_CN.UTF-8
tm kill-server 2>/dev/null
sleep 0.5
tui_start
tui_wait "用户名：" >/dev/null
tui_type officer1
tui_keys Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "今日巡逻" >/dev/null
tui_keys i
check "under zh_CN the receive screen speaks Chinese" \
    tui_wait "扫描二维码接收同步包"
tui_type "$(sed -n 3p all.txt)"
tui_keys Enter
tui_type "$bad"
tui_keys Enter
tui_wait "校验和错误" >/dev/null
tui_screen >zh-screen.txt
# The title bar names the program; the rest is the screen's own text.
sed 1d zh-screen.txt | tui_zh_check >zh-check.txt
ok $? "...within 80 columns and without English words"
sed 's/^/# /' zh-check.txt

done_testing
