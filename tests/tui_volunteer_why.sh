#!/bin/sh
# A volunteer learns why values show as 受限, under zh_CN at 80x24: ? on
# a restricted party or field says they are sealed for the officer, the
# help says so first, and saving a new dispute says its parties are
# sealed for the officer.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' > "$VP"
make_store
xf user add vol1 --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
xf --user officer1 add dispute title=宅基地边界 category=land colour=yellow \
    'parties=张三丰|13812345678|张村一组7号' >/dev/null
setup_zh
TUI_LANG=zh_CN.UTF-8
why="仅民警可见"

tui_start
tui_wait "用户名：" >/dev/null
tui_type vol1
tui_keys Tab
tui_type "$(cat "$VP")"
tui_keys Enter
tui_wait "今日巡逻" >/dev/null
tui_keys 3
tui_wait "宅基地边界" >/dev/null
tui_keys Enter
check "the dispute shows its parties as 受限" tui_wait "1. 受限"
tui_keys '?'
check "the help says first what 受限 means" tui_wait "受限：已加密给民警，$why"
tui_screen | sed -n 2p | grep -qF "$why"
ok $? "on its first line"
tui_keys q
tui_wait "1. 受限" >/dev/null
tui_keys e
tui_wait "修改：矛盾纠纷" >/dev/null
tui_keys Down
tui_keys '?'
check "? on the restricted parties field says why" tui_wait "$why"
tui_screen | grep -q "修改：矛盾纠纷"
ok $? "and stays on the form"
tui_keys Enter
tui_wait "1. 受限" >/dev/null
tui_keys '?'
check "? on a restricted party says why" tui_wait "$why"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "the reason fits 80x24 in Chinese$(sed 's/^/; /' "$T_DIR/check")"
tui_keys F1
check "the help of the items says it too" tui_wait "$why"
tui_keys q
tui_keys Escape
tui_wait "修改：矛盾纠纷" >/dev/null
tui_keys Escape y
tui_wait "1. 受限" >/dev/null
tui_keys q
tui_wait "显示 1 条" >/dev/null
tui_keys q
tui_wait "今日巡逻" >/dev/null

# A new dispute with a party: saved, and told the party is sealed.
tui_keys r
tui_wait "新建：矛盾纠纷" >/dev/null
tui_type 自报借款纠纷
tui_keys Down Enter
tui_wait "调解记录" >/dev/null 2>&1 || true
tui_keys a
tui_wait "联系方式" >/dev/null
tui_type 钱七
tui_keys F2
tui_wait "1. 钱七" >/dev/null
tui_keys Escape
tui_wait "新建：矛盾纠纷" >/dev/null
tui_keys Down Space Down Space
tui_keys F2
check "saving tells the volunteer the parties are sealed for the officer" \
    tui_wait "已保存。当事人已加密给民警，$why"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "the message fits 80x24 in Chinese$(sed 's/^/; /' "$T_DIR/check")"
tui_screen | grep -qF "钱七"
[ $? -ne 0 ]
ok $? "the party is not shown to the volunteer once saved"
xf --user officer1 show "$(xf --user officer1 list dispute --csv | grep 自报借款纠纷 | cut -d, -f1)" | grep -q 钱七
ok $? "the officer reads the party"
tui_keys F10
done_testing
