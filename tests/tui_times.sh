#!/bin/sh
# Times in the form as people type them, under zh_CN at 80x24: 今天 and
# 明天 before a time in full-width digits; an end before the start is
# refused on the form with both fields named in Chinese, and nothing is
# saved until the end is put right.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
setup_zh
TUI_LANG=zh_CN.UTF-8
today=$(date +%Y-%m-%d)
tomorrow=$(date -d tomorrow +%Y-%m-%d)

tui_start
tui_wait "用户名：" >/dev/null
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys n
tui_wait "新建：巡逻" >/dev/null
tui_keys Down Down C-u
tui_type "今天 22:00"
tui_keys Down C-u
tui_type "今天 ２１：００"
tui_keys F2
check "an end before the start is refused on the form" \
    tui_wait "结束时间 $today 21:00 早于开始时间 $today 22:00"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "the refusal fits 80x24 in Chinese$(sed 's/^/; /' "$T_DIR/check")"
[ "$(xf list patrol --csv | wc -l)" = 1 ]
ok $? "nothing is saved"
tui_keys C-u
tui_type "明天 ０１：３０"
tui_keys F2
check "明天 and full-width digits: saved" tui_wait "结束时间: $tomorrow 01:30"
tui_screen | grep -qF "开始时间: $today 22:00"
ok $? "with the start as typed"
tui_keys F10
done_testing
