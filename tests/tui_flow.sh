# A patrol with two checkpoints and Chinese observations, a visit and a
# dispute with a mediation session, all typed into the terminal UI; the
# CLI then lists them with the same text.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
xf add checkpoint name=村口 type=mandatory >/dev/null
xf add checkpoint name=桥头 type=control >/dev/null
xf add checkpoint name=学校门口 >/dev/null

tui_start
tui_unlock
check "home screen after unlock" tui_wait "Patrols today: 0"

# Patrol: start, a team member, a route, save; tick two points; observe.
tui_keys n
tui_wait "New: Patrol" >/dev/null
tui_keys Down Enter
tui_wait "No items yet" >/dev/null
tui_keys a
tui_wait "What" >/dev/null 2>&1 || true
tui_type 张三丰
tui_keys F2
tui_wait "1. 张三丰" >/dev/null
tui_keys Escape Down Down Down Down
tui_type 村东大路→桥头
tui_keys C-s
check "patrol saved, detail shown" tui_wait "Route: 村东大路→桥头"
tui_keys t
tui_wait "Type to narrow" >/dev/null
tui_type 村口
tui_keys Down Enter
check "first checkpoint ticked" tui_wait "1. 村口 · "
tui_keys t
tui_wait "Type to narrow" >/dev/null
tui_type 桥
tui_keys Down Enter
check "second checkpoint ticked" tui_wait "2. 桥头 · "
tui_keys o
tui_wait "What was seen" >/dev/null
tui_keys Up Right Down
tui_type 桥下停着一辆无牌摩托车，已登记
tui_keys F2
check "observation added" tui_wait "suspicious · 桥下停着一辆无牌摩托车，已登记"
tui_keys x
check "patrol ended" tui_wait "Patrol ended."
tui_keys q
check "back home, one patrol today" tui_wait "Patrols today: 1    In progress: 0"

# Visit: household, purpose picked by typing, findings, follow-up date.
tui_keys v
tui_wait "New: Visit" >/dev/null
tui_keys Down
tui_type 王家（村西5号）
tui_keys Down Down Down Enter
tui_wait "Type to narrow" >/dev/null
tui_type hazard
tui_keys Enter
tui_keys Down
tui_type 电线老化，已提醒更换
tui_keys Down
tui_type 2026-12-01
tui_keys F2
check "visit saved" tui_wait "Findings: 电线老化，已提醒更换"
tui_keys q
check "one visit this week" tui_wait "Visits this week: 1"

# Dispute: register, then a mediation session and a colour change.
tui_keys r
tui_wait "New: Dispute" >/dev/null
tui_type 张王两家宅基地纠纷
tui_keys Down Down Enter
tui_wait "Type to narrow" >/dev/null
tui_type land
tui_keys Enter Down Enter
tui_wait "Type to narrow" >/dev/null
tui_type orange
tui_keys Enter F2
check "dispute saved" tui_wait "Summary: 张王两家宅基地纠纷"
tui_keys m
tui_wait "Mediator" >/dev/null
tui_keys Down
tui_type 李主任
tui_keys Down
tui_type 双方同意重新丈量
tui_keys F2
check "mediation session added" tui_wait "李主任 · 双方同意重新丈量"
tui_keys r
tui_wait "Type to narrow" >/dev/null
tui_type red
tui_keys Enter
check "colour changed" tui_wait "Risk colour: red"
tui_keys q
check "one red dispute open" tui_wait " red 1 "
tui_keys F10
check "the program ends cleanly" tui_wait "[exited 0]"

xf list patrol --csv >"$T_DIR/patrol.csv"
check "patrol CSV has the observation" \
    grep -qF "桥下停着一辆无牌摩托车，已登记" "$T_DIR/patrol.csv"
check "patrol CSV has the team and route" \
    grep -qF "村东大路→桥头" "$T_DIR/patrol.csv"
check "patrol CSV has both checkpoints" \
    sh -c "grep -F 村口 '$T_DIR/patrol.csv' | grep -qF 桥头"
check "patrol CSV has an end time" \
    sh -c "xf() { '$XUNFANG' --passphrase-file '$PASS' \"\$@\"; }; \
    [ \$(xf list patrol --csv | awk -F, 'NR==2 {print \$5}' | wc -c) -gt 5 ]"
xf list visit --csv >"$T_DIR/visit.csv"
check "visit CSV has the household and findings" \
    sh -c "grep -F '王家（村西5号）' '$T_DIR/visit.csv' | grep -F hazard | grep -qF 电线老化"
check "visit CSV has the follow-up date" grep -qF 2026-12-01 "$T_DIR/visit.csv"
xf list dispute --csv >"$T_DIR/dispute.csv"
check "dispute CSV has title, category and colour" \
    sh -c "grep -F 张王两家宅基地纠纷 '$T_DIR/dispute.csv' | grep -F land | grep -qF red"
check "dispute CSV has the mediation session" \
    grep -qF "双方同意重新丈量" "$T_DIR/dispute.csv"
done_testing
