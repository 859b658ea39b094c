#!/bin/sh
# Forms follow what is being recorded, under zh_CN at 80x24: a household
# visit asks for its household (住户) and a place visit for its place
# (场所) and place type; a mediation session moves a dispute's status to
# 调解中 unless the person set a status, in the form and on the detail
# view; a resolved dispute is not handed over, and says why.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add dispute title=宅基地纠纷 category=land colour=red >/dev/null
xf add dispute title=借款纠纷 category=debt colour=green status=resolved \
    >/dev/null
xf add dispute title=工钱纠纷 category=labour colour=yellow status=failed \
    >/dev/null
setup_zh
TUI_LANG=zh_CN.UTF-8

# wait_re RE: wait up to 10 s for a line matching RE on the screen.
wait_re() {
	i=0
	while [ $i -lt 100 ]; do
		tui_screen | grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	tui_screen | sed 's/^/# | /'
	return 1
}

tui_start
tui_unlock "用户名："
tui_wait "今日巡逻" >/dev/null
tui_keys v
check "a visit is a household visit at first" tui_wait "入户走访"
tui_screen >"$T_DIR/s"
grep -q "^ 住户\( \|$\)" "$T_DIR/s"
ok $? "the household visit asks for the household (住户)"
! grep -q "^ 场所" "$T_DIR/s"
ok $? "and not for a place or place type"
tui_keys Space
check "Space makes it a place visit" tui_wait "场所走访"
tui_screen >"$T_DIR/s"
grep -q "^ 场所 " "$T_DIR/s" && grep -q "^ 场所类型 " "$T_DIR/s"
ok $? "the place visit asks for the place (场所) and its type"
! grep -q "^ 住户" "$T_DIR/s"
ok $? "and not for a household"
tui_zh_check <"$T_DIR/s" >"$T_DIR/check"
ok $? "the form fits 80x24 in Chinese$(sed 's/^/; /' "$T_DIR/check")"
tui_keys Escape y
tui_wait "今日巡逻" >/dev/null

# A new dispute: a session added in the form moves its status.
tui_keys r
tui_wait "新建：矛盾纠纷" >/dev/null
wait_re "状态 *已排查" >/dev/null
tui_keys Down Down Down Down Down Down Down Enter
tui_wait "调解记录" >/dev/null
tui_keys a
tui_wait "调解人" >/dev/null
tui_keys Down
tui_type 李主任
tui_keys F2
tui_wait "李主任" >/dev/null
tui_keys Escape
check "a mediation session makes the new dispute 调解中" wait_re "状态 *调解中"
tui_keys Escape y
tui_wait "今日巡逻" >/dev/null
tui_keys r
tui_wait "新建：矛盾纠纷" >/dev/null
tui_keys Down Down Down Down Space Space
wait_re "状态 *已化解" >/dev/null
tui_keys Down Down Down Enter
tui_wait "调解记录" >/dev/null
tui_keys a
tui_wait "调解人" >/dev/null
tui_keys F2
tui_wait " 1. " >/dev/null
tui_keys Escape
tui_wait "新建：矛盾纠纷" >/dev/null
wait_re "状态 *已化解"
ok $? "a status the person set is kept"
tui_keys Escape y
tui_wait "今日巡逻" >/dev/null

# On the detail view: m moves a reported dispute's status.
tui_keys 3
tui_wait "宅基地纠纷" >/dev/null
tui_keys /
tui_type 宅基地
tui_keys Enter Enter
tui_wait "状态: 已排查" >/dev/null
tui_keys m
tui_wait "调解人" >/dev/null
tui_keys F2
check "a session on the detail view makes it 调解中" tui_wait "状态: 调解中"
tui_keys q
tui_wait "借款纠纷" >/dev/null

# Hand-over: refused on a resolved dispute, done on a failed one.
tui_keys / C-u
tui_type 借款
tui_keys Enter Enter
tui_wait "状态: 已化解" >/dev/null
tui_keys h
check "h on a resolved dispute is refused with the reason" \
    tui_wait "已化解的纠纷不能移交"
tui_screen | tui_zh_check >"$T_DIR/check"
ok $? "the refusal fits 80x24 in Chinese$(sed 's/^/; /' "$T_DIR/check")"
xf list dispute --csv | grep 借款纠纷 | grep -q resolved
ok $? "the resolved dispute is unchanged"
tui_keys q
tui_wait "工钱纠纷" >/dev/null
tui_keys / C-u
tui_type 工钱
tui_keys Enter Enter
tui_wait "状态: 调解失败" >/dev/null
tui_keys h
check "h on a failed mediation asks to whom" tui_wait "移交单位"
tui_type 镇司法所
tui_keys F2
check "the dispute is handed over" tui_wait "状态: 已移交"
tui_screen | grep -qF "移交单位: 镇司法所"
ok $? "to the unit typed"
tui_keys F10
done_testing
