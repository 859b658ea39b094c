#!/bin/sh
# The sync screen under zh_CN at 80x24: with no peer it says how to enrol
# one and why e and c export nothing; exporting names the folder the file
# goes to; every line fits 80 columns.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1
setup_zh
TUI_LANG=zh_CN.UTF-8

# widths FILE: the lines of the screen wider than 80 columns.
widths() {
	python3 -c '
import sys, unicodedata
bad = 0
for n, l in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    l = l.rstrip("\n")
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
    if w > 80 or "…" in l:
        print("line %d (%d columns): %s" % (n, w, l)); bad = 1
sys.exit(bad)' "$1"
}

# joined TEXT: wait up to 10 s for TEXT on the screen, its lines joined and
# its spaces left out (a long path wraps).
joined() {
	j_i=0
	while [ $j_i -lt 100 ]; do
		if tui_screen | tr -d ' \n' | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		j_i=$((j_i + 1))
	done
	tui_screen | sed 's/^/# | /'
	return 1
}

make_store
tui_start
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys s
tui_wait "指纹" >/dev/null
tui_screen >none.txt
tr -d ' \n' <none.txt >none-joined.txt
grep -qF "尚未登记派出所" none-joined.txt &&
    grep -qF "xunfangenroll" none-joined.txt &&
    grep -qF "xunfangid--export" none-joined.txt
ok $? "with no peer a device says to enrol the station, and how"
check "...in lines that fit 80 columns, none cut" widths none.txt
tui_keys e
check "e with no peer says why it exports nothing" \
    tui_wait "还没有登记对端"
tui_screen | grep -qF "导出到文件："; [ $? -ne 0 ]
ok $? "...and asks for no file"
tui_keys c
check "c says the same" tui_wait "还没有登记对端"
tui_screen >why.txt
check "...within 80 columns" widths why.txt
tui_keys Escape
tui_wait "今日巡逻" >/dev/null
tui_keys F10
tui_wait "[exited" >/dev/null

# A device with its station: the export prompt names the folder.
make_pair
mkdir -p "$T_DIR/stick"
tui_start --db "$T_DIR/a.db"
tui_wait "用户名：" >/dev/null
tui_type ua
tui_keys Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "今日巡逻" >/dev/null
tui_keys s
tui_wait "st 机" >/dev/null
tui_keys e
tui_wait "导出到文件：" >/dev/null
# A long folder wraps onto the next lines: look for it in the screen's
# lines joined, each without its indent.
joined_has() {
	tui_screen | sed 's/^ *//; s/ *$//' | tr -d '\n' | grep -qF -- "$1"
}
check "the export prompt names the folder the file is written to" \
    waitfor 10 joined_has "写入文件夹：$T_DIR"
tui_keys C-u
tui_type "stick/a.xfb"
check "...and follows the path typed" \
    waitfor 10 joined_has "写入文件夹：$T_DIR/stick"
tui_screen >prompt.txt
check "...within 80 columns" widths prompt.txt
tail -1 prompt.txt | grep -q "^回车 写入文件  Esc 取消"
ok $? "while the name is typed the bottom line names the keys for it"
tui_keys Enter
check "the outcome names the file with its folder" \
    joined "$T_DIR/stick/a.xfb"
[ -s "$T_DIR/stick/a.xfb" ]; ok $? "the bundle is in that folder"
tui_screen >done.txt
sed 1d done.txt | grep -v "$T_DIR" >done-rest.txt
check "the screen fits 80 columns" widths done-rest.txt
tui_keys Escape
tui_wait "今日巡逻" >/dev/null
tui_keys F10
tui_wait "[exited" >/dev/null
done_testing
