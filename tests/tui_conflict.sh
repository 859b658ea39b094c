# A record edited on two laptops comes back in conflict; the detail view
# shows both versions and settles them with one version on top of both.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xb() { xf --db "$T_DIR/b.db" "$@"; }
make_village || exit 1
rid=$(xa add patrol type=foot route=村口到河边 end=now) || exit 1
xa export --to station -o a1.xfb >/dev/null && xs import a1.xfb >/dev/null &&
    xs export --to 李队长 -o s-b1.xfb >/dev/null &&
    xb import s-b1.xfb >/dev/null || exit 1
xa edit "$rid" --reason 路线走错 route=A改的路线 >/dev/null
xb edit "$rid" --reason 路线走错 route=B改的路线 >/dev/null
xa export --to station -o a2.xfb >/dev/null
xb export --to station -o b2.xfb >/dev/null
xs import b2.xfb a2.xfb >/dev/null
xs export --to 王警官 -o s-a2.xfb >/dev/null
xa import s-a2.xfb >/dev/null
check "the patrol is in conflict on A" sh -c \
    "'$XUNFANG' --passphrase-file '$PASS' --db '$T_DIR/a.db' show $rid | grep -q 'IN CONFLICT'"

tui_start --db "$T_DIR/a.db"
tui_wait "User:" >/dev/null
tui_type ua
tui_keys Tab
tui_type "$(cat "$PASS")"
tui_keys Enter
tui_wait "Patrols today" >/dev/null
tui_keys 1
check "the list marks the conflict" tui_wait "!$(echo "$rid" | cut -c1-8)"
tui_keys Enter
check "the detail view says so" tui_wait "In conflict: 2 versions"
check "it shows A's version" tui_wait "Route: A改的路线"
check "it shows B's version" tui_wait "Route: B改的路线"
tui_keys e
check "editing waits for the conflict to be settled" \
    tui_wait "settle it first with c"
tui_keys c
tui_wait "Start from which version?" >/dev/null
tui_keys Enter
check "the settle form opens" tui_wait "Settle: keep or merge"
tui_keys Down Down Down Down Down C-u
tui_type 合并：先村口再河边
tui_keys F2
check "settling an exported record asks why" \
    tui_wait "Reason for the change:"
tui_type 两人走的路线合并
tui_keys Enter
check "settled: no conflict shown" tui_gone "In conflict"
check "settled: the merged route" tui_wait "Route: 合并：先村口再河边"
tui_keys q q F10
tui_wait "[exited 0]" >/dev/null
xa show "$rid" >show.out
check "the CLI sees no conflict" sh -c "! grep -q 'IN CONFLICT' show.out"
check "the CLI sees the merged route" grep -qF 合并：先村口再河边 show.out
xa show --history "$rid" >hist.out
check "both old versions are kept in the history" \
    sh -c "grep -qF A改的路线 hist.out && grep -qF B改的路线 hist.out"
check "the settled version keeps its reason" \
    grep -qF "Reason for the change: 两人走的路线合并" hist.out
done_testing
