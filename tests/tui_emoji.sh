# Emoji with a variation selector or a zero-width joiner keep the columns
# of a list under zh_CN at 80x24: the screen sends no character whose
# width terminals disagree on, and the columns after it line up.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1
setup_zh
TUI_LANG=zh_CN.UTF-8

make_store
# A red heart with selector 16, a family joined by ZWJs, a letter with a
# combining acute accent.
emoji=$(printf '\342\235\244\357\270\217\360\237\221\250\342\200\215\360\237\221\251\342\200\215\360\237\221\247e\314\201东线')
xf add dispute title="$emoji" category=family colour=red \
    status=reported >/dev/null || exit 1
xf add dispute title=西线纠纷 category=family colour=red \
    status=reported >/dev/null || exit 1
tui_start
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys 3
tui_wait "西线纠纷" >/dev/null
tui_wait "东线" >/dev/null
tui_screen >list.txt
python3 -c '
import sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c) or c in "\u200d\ufe0e\ufe0f":
            continue
        w += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return w
rows = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
        if "婚姻家庭" in l]
cols = [width(l[:l.index("婚姻家庭")]) for l in rows]
print("# category at columns %s" % cols)
sys.exit(0 if len(cols) == 2 and cols[0] == cols[1] else 1)' list.txt
ok $? "the column after an emoji title lines up with the others"
grep -q "$(printf '\342\200\215')" list.txt; [ $? -ne 0 ]
ok $? "no zero-width joiner is sent to the terminal"
grep -q "$(printf '\357\270\217')" list.txt; [ $? -ne 0 ]
ok $? "no variation selector is sent to the terminal"
grep -q "$(printf 'e\314\201')" list.txt
ok $? "a combining accent is drawn on its letter"
tui_keys Escape
tui_wait "今日巡逻" >/dev/null
tui_keys F10
done_testing
