#!/bin/sh
# The sync screen's folder part in a real terminal: the terminal UI runs
# the folder sync at unlock, lock and quit (the default folders exist),
# and the sync screen shows each
# bundle's state (waiting, sent, acknowledged, rejected with its reason;
# imported, refused), s syncs again and changes nothing; under zh_CN the
# screen fits 80x24 with no English word.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1
setup_zh

zh() { env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$XUNFANG" \
    --passphrase-file "$PASS" "$@"; }
xs() { xf --db "$T_DIR/st.db" "$@"; }
make_store device 张村笔记本 officer1
xs init --role station --name 城关派出所 --user ust --kdf-memory 8 >/dev/null
xf id --export dev.id >/dev/null && xs id --export st.id >/dev/null
zh enroll st.id >/dev/null && xs enroll dev.id --name 王警官 --village 张村 \
    >/dev/null || { echo "Bail out! cannot enrol"; exit 1; }
O="$XDG_DATA_HOME/xunfang/outbox"
I="$XDG_DATA_HOME/xunfang/inbox"
W="$T_DIR/station"
mkdir -p "$W"

# Bundle 1 goes to the station and is answered; bundle 2 is refused by
# the station's signed notice (on a damaged copy that came in the
# device's upload folder); a corrupt file waits in the inbox.
xf add patrol type=foot route=村口到河边 >/dev/null
xf sync >/dev/null 2>&1
mv "$O"/*.xfb "$W/" && cp "$W"/*.xfb "$O/sent/"
xs watch --once --settle 0 "$W" >/dev/null 2>&1
self=$(cat "$O/.self")
xf add visit target=household household=王家 purpose=advice >/dev/null
xf sync >/dev/null 2>&1
mv "$W/$self/out"/*.xfb "$I/"
b2=$(basename "$(ls "$O"/*.xfb)" .xfb)
mv "$O/$b2.xfb" "$O/sent/"
head -c 500 "$O/sent/$b2.xfb" > "$W/$self/in/$b2.xfb"
LC_ALL=zh_CN.UTF-8 xs watch --once --settle 0 "$W" >/dev/null 2>&1
mv "$W/$self/out/$b2.why" "$I/"
st_id=$(echo "$b2" | cut -d- -f1)
head -c 500 /dev/urandom > "$I/$self-00000009-$st_id.xfb"
ls -lR "$XDG_DATA_HOME/xunfang" > before.ls

tui_start
tui_unlock
check "the folder sync runs at unlock and says what it did" \
    tui_wait "Folder sync: imported 1, refused 1, written 1, acknowledged 1."
tui_keys s
tui_wait "Sync bundles" >/dev/null
check "the outbox counts" \
    tui_wait "Outbox: 1 waiting, 0 sent, 1 acknowledged, 1 rejected"
check "the inbox counts" tui_wait "Inbox: 0 received, 1 imported, 1 refused"
check "a rejected bundle shows the station's reason" tui_wait "签名与发送方不符"
check "a refused file shows why" tui_wait "this is not a xunfang sync"
check "files name their peer, the station by its name" tui_wait "→ 城关派出所"
[ -f "$O/rejected/$b2.xfb" ] && [ -z "$(ls "$O/sent")" ] &&
    [ "$(ls "$O"/*.xfb | wc -l)" -eq 1 ]
ok $? "the folders hold what the screen says"
ls -lR --time-style=full-iso "$XDG_DATA_HOME/xunfang" | grep -v 'xunfang.db' \
    > a.ls
tui_keys s
check "s syncs again" tui_wait "Folder sync: imported 0, refused 0, written 0"
ls -lR --time-style=full-iso "$XDG_DATA_HOME/xunfang" | grep -v 'xunfang.db' \
    > b.ls
cmp -s a.ls b.ls
ok $? "and a second sync changes nothing in the folders"
# waiting: the number of the bundle waiting in the outbox.
waiting() { ls "$O"/*.xfb | sed 's/.*-0*\([0-9]*\)-[0-9A-F]*\.xfb$/\1/'; }
w1=$(waiting)
xf add patrol type=foot route=锁屏前 >/dev/null
tui_keys Escape
tui_wait "Patrols today" >/dev/null
tui_keys F9
tui_wait "The screen is locked" >/dev/null
w2=$(waiting)
[ "$w2" -gt "$w1" ]
ok $? "locking syncs the folders: a new bundle waits ($w1 then $w2)"
tui_type "$(cat "$PASS")"
tui_keys Enter
check "unlocked again" tui_wait "Patrols today"
xf add patrol type=foot route=退出前 >/dev/null
tui_keys F10
tui_wait "[exited 0]" >/dev/null
w3=$(waiting)
[ "$w3" -gt "$w2" ]
ok $? "quitting syncs the folders too ($w2 then $w3)"

# A refusal made under zh_CN is written in Chinese.
rm "$I/rejected/"*
head -c 500 /dev/urandom > "$I/$self-00000010-$st_id.xfb"
TUI_LANG=zh_CN.UTF-8
tui_start
tui_unlock 用户名
tui_wait "今日巡逻" >/dev/null
tui_keys s
check "under zh_CN the sync screen shows the folders" tui_wait "发件夹：等待 1"
tui_screen > zh.screen
tui_zh_check < zh.screen > zh.check
ok $? "... fits 80x24 with no English word"
sed 's/^/# /' zh.check
sed 's/^/# | /' zh.screen
tui_keys F10
tui_wait "[exited 0]" >/dev/null
done_testing
