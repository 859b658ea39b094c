#!/bin/sh
# Editing an exported visit in the terminal interface asks 「修改原因：」 as
# the form is saved, refuses an empty answer, and the history shows the
# reason; the prompt fits 80x24 in Chinese.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair
vid=$(xa add visit target=household household=王家 purpose=advice \
    findings=已宣传防诈骗) || exit 1
did=$(xa add dispute title=宅基地纠纷 category=land colour=red) || exit 1
xa export --to station -o a1.xfb >/dev/null || exit 1
setup_zh
TUI_LANG=zh_CN.UTF-8

tui_start --db "$T_DIR/a.db"
tui_wait "用户名：" >/dev/null
tui_type ua
tui_keys Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "今日巡逻" >/dev/null
tui_keys 2
tui_wait "王家" >/dev/null
tui_keys Enter
check "the visit's detail view opens" tui_wait "已宣传防诈骗"
tui_keys e
tui_wait "F2" >/dev/null
tui_keys Down Down Down Down Down C-u
tui_type 住户已安装门禁
tui_keys F2
check "saving the edit of an exported visit asks the reason" \
    tui_wait "修改原因："
tui_screen > prompt.txt
tui_zh_check < prompt.txt > prompt.check
ok $? "the prompt fits 80x24 in Chinese"
sed 's/^/# /' prompt.check
tui_keys Enter
check "an empty reason is refused" tui_wait "必须写明修改原因"
tui_type 补充走访后的情况
tui_keys Enter
check "with a reason the edit is saved" tui_wait "修改原因：补充走访后的情况"
check "the history shows the reason" tui_wait "住户已安装门禁"
tui_keys q q
tui_wait "今日巡逻" >/dev/null
tui_keys 3
tui_wait "宅基地纠纷" >/dev/null
tui_keys Enter
tui_wait "宅基地纠纷" >/dev/null
tui_keys r
tui_wait "橙" >/dev/null
tui_keys Down Enter
check "a quick change of an exported dispute asks the reason first" \
    tui_wait "修改原因"
tui_screen > quick.txt
tui_zh_check < quick.txt > quick.check
ok $? "the reason form fits 80x24 in Chinese"
sed 's/^/# /' quick.check
tui_keys F2
check "and refuses an empty one" tui_wait "必填"
tui_type 复核后降为橙色
tui_keys F2
check "with a reason the change is saved and its history shows why" \
    tui_wait "修改原因：复核后降为橙色"
tui_keys q q F10
tui_wait "[exited 0]" >/dev/null
xa show "$did" --history | grep -qF 'Reason for the change: 复核后降为橙色'
ok $? "the CLI sees the dispute's reason"
xa show "$vid" --history > hist.out
grep -qF 'Reason for the change: 补充走访后的情况' hist.out &&
    grep -qF 住户已安装门禁 hist.out
ok $? "the CLI sees the edit and its reason"
done_testing
