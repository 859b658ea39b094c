# The zh_CN keys of the terminal UI have one name each: 回车 for Enter, ↑↓
# for the arrows up and down, ←/→ for left and right, 退出 for what q leaves; the footers put a
# key and its action apart by one space.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

# The translations alone, each on one line.
python3 -c '
import re, sys
out, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"msgstr(\[\d+\])? \"(.*)\"$", line)
    if m:
        cur = [m.group(2)]
        out.append(cur)
    elif cur is not None and line.startswith("\""):
        cur.append(line.strip()[1:-1])
    else:
        cur = None
for parts in out:
    for l in "".join(parts).split("\\n"):
        print(l)' "$XF_SRCDIR/po/zh_CN.po" >msgstr.txt
[ -s msgstr.txt ]; ok $? "the translations are read"

# words PATTERN: the translations that name a key by PATTERN.
words() {
	grep -E -- "$1" msgstr.txt >words.out
	[ ! -s words.out ] || sed 's/^/# /' words.out
	[ ! -s words.out ]
}
words 'Enter|确认键|回车键'; ok $? "Enter is always 回车"
words '上/下|上下键|上下方向键|方向键'; ok $? "the arrows up and down are always ↑↓"
words '左/右|左右键'; ok $? "the arrows left and right are always ←/→ or ←→"
words '按 q 离开'; ok $? "q always 退出 on the QR display"
# A footer: keys and their actions apart by two spaces; 回车 and its
# action apart by one.
grep -F '  ' msgstr.txt >footers.txt
grep -E '(^|  )回车[^ ]' footers.txt >words.out
[ ! -s words.out ] || sed 's/^/# /' words.out
[ ! -s words.out ]; ok $? "in a footer 回车 and its action are apart by one space"
done_testing
