# Every screen of the terminal UI under zh_CN at 80x24: no line wider
# than 80 columns and no English word of the UI.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add village name=张村 township=城关镇 >/dev/null
cp=$(xf add checkpoint name=村口 type=mandatory)
xf add patrol type=foot village=张村 "team=张三;李四" \
    "points=村口|2026-11-20 21:00" \
    "observations=2026-11-20 21:05|suspicious|桥下有一辆无牌摩托车" >/dev/null
xf add visit target=household household=王家 purpose=advice \
    findings=已宣传防诈骗 >/dev/null
xf add dispute title=宅基地纠纷 category=land colour=red >/dev/null
setup_zh
TUI_LANG=zh_CN.UTF-8

n=0
# shot NAME: check the screen now on display.
shot() {
	n=$((n + 1))
	tui_screen >"$T_DIR/screen.$n"
	[ -z "${TUI_KEEP:-}" ] || cp "$T_DIR/screen.$n" "$TUI_KEEP/"
	if tui_zh_check <"$T_DIR/screen.$n" >"$T_DIR/check.$n"; then
		ok 0 "zh_CN screen: $1"
	else
		ok 1 "zh_CN screen: $1"
		sed 's/^/# /' "$T_DIR/check.$n"
		sed 's/^/# | /' "$T_DIR/screen.$n"
	fi
}

tui_start
tui_wait "用户名：" >/dev/null
shot "unlock"
tui_type officer1
tui_keys Tab
tui_type wrong-passphrase
tui_keys Enter
tui_wait "用户名或口令不对" >/dev/null
shot "unlock, wrong passphrase"
tui_keys Tab Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "今日巡逻" >/dev/null
shot "home"
tui_keys '?'
tui_wait "所有界面通用的按键" >/dev/null
shot "home help"
tui_keys q
kinds=$(tui_screen | grep -o '列表' | wc -l)
check "home lists every kind" test "$kinds" -ge 8
# The lists end the menu: reach each from the last entry (G).
i=0
while [ "$i" -lt "$kinds" ]; do
	tui_keys G
	j=0
	while [ "$j" -lt $((kinds - 1 - i)) ]; do
		tui_keys Up
		j=$((j + 1))
	done
	tui_keys Enter
	tui_wait "条，共" >/dev/null
	shot "list $i"
	tui_keys n
	tui_wait "必填" >/dev/null
	shot "new record form $i"
	tui_keys Escape
	tui_gone "必填" >/dev/null
	tui_keys q
	tui_wait "今日巡逻" >/dev/null
	i=$((i + 1))
done

tui_keys 1
tui_wait "条，共" >/dev/null
tui_keys '?'
tui_wait "最新的在前" >/dev/null
shot "list help"
tui_keys q /
tui_type 摩托
tui_wait "显示 1 条" >/dev/null 2>&1 || true
shot "list search"
tui_keys Enter f
tui_wait "只显示" >/dev/null
shot "filter pick list"
tui_keys Escape Enter
tui_wait "修改记录" >/dev/null
shot "patrol detail"
tui_keys '?'
tui_wait "处理冲突" >/dev/null
shot "detail help"
tui_keys q t
tui_wait "输入文字缩小范围" >/dev/null
shot "checkpoint pick list"
tui_keys Escape o
tui_wait "必填" >/dev/null
shot "observation form"
tui_keys Escape e
tui_wait "修改：" >/dev/null
shot "edit form"
tui_keys Down Enter
tui_wait "李四" >/dev/null
shot "team items"
tui_keys '?'
tui_wait "列表项中的各条" >/dev/null
shot "items help"
tui_keys q
tui_type x
tui_keys Escape
tui_wait "放弃已输入的内容吗" >/dev/null
shot "discard question"
tui_keys y F9
tui_wait "屏幕已锁定" >/dev/null
shot "locked"
tui_keys F10
check "quits cleanly" tui_wait "[exited 0]"
done_testing
