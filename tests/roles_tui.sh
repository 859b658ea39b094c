#!/bin/sh
# In the terminal UI a volunteer sees "restricted" in place of a dispute's
# parties, and never the parties themselves; it can add a party but d on
# a restricted one says why it cannot remove it, and removes nothing.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' > "$VP"
make_store
xf user add vol1 --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
"$XUNFANG" --user officer1 --passphrase-file "$PASS" add dispute title=宅基地边界 \
    category=land colour=yellow 'parties=张三丰|13812345678|张村一组7号' >/dev/null
"$XUNFANG" --user vol1 --passphrase-file "$VP" add dispute title=自报借款纠纷 \
    category=debt colour=green 'reported=2026-01-05 10:00' >/dev/null
"$XUNFANG" --user officer1 --passphrase-file "$PASS" add person name=王五六 \
    type=migrant phone=13700001111 >/dev/null

tui_start
tui_wait "User:" >/dev/null
tui_type vol1
tui_keys Tab
tui_type "$(cat "$VP")"
tui_keys Enter
check "the volunteer unlocks the terminal UI" tui_wait "Patrols today"
tui_keys 3
check "the dispute list opens" tui_wait "宅基地边界"
tui_keys Enter
check "the dispute shows restricted parties" tui_wait "1. restricted"
tui_screen >"$T_DIR/screen"
! grep -q '张三丰\|13812345678' "$T_DIR/screen"
ok $? "no party detail is on the screen"
tui_keys e
check "the edit form opens" tui_wait "Edit:"
tui_keys Down Enter
check "the parties' items open" tui_wait "1. restricted"
tui_keys d
check "d on a restricted party says why it cannot remove it" \
    tui_wait "cannot read it"
tui_screen | grep -q "1. restricted"
ok $? "the restricted party is still in the list"
tui_keys a
check "a opens the form of a new party" tui_wait "Contact"
tui_type 钱七
tui_keys Tab
tui_type 13500000000
tui_keys F2
check "the new party is in the list" tui_wait "2. 钱七"
tui_keys Escape
tui_keys F2
check "the dispute is saved" tui_wait "Saved."
tui_keys D
check "D asks before deleting" tui_wait "Delete this record?"
tui_keys Down Enter
check "deleting the officer's dispute is refused with a reason" \
    tui_wait "written by another account"
tui_keys q
check "back on the dispute list" tui_wait "自报借款"
tui_screen | grep -q 宅基地边界
ok $? "the officer's dispute is still listed"
tui_keys /
tui_type 自报
tui_keys Enter Enter
check "the volunteer's own dispute opens" tui_wait "Summary: 自报借款纠纷"
tui_keys D
tui_wait "Delete this record?" >/dev/null
tui_keys Down Enter
check "the volunteer deletes the dispute it wrote" \
    tui_wait "Deleted (its history is kept)."
tui_keys q
tui_wait "Patrols today" >/dev/null
# The person list is the row before the last (the miss records) of the
# home menu.
tui_keys Down Down Down Down Down Down Down Down Down Down Down Down Down \
    Down Down Down Down Down Down Down Down
tui_keys Enter
check "the person list opens" tui_wait "1 of 1 records"
tui_keys Enter
tui_wait "History:" >/dev/null
tui_keys e
check "the person's edit form opens" tui_wait "Edit:"
tui_keys BSpace
check "Backspace on the restricted name says why it cannot" \
    tui_wait "This field is restricted"
tui_type x
tui_keys Down Down Down Down
tui_keys BSpace
tui_keys F2
check "the person is saved with its restricted values as they were" \
    tui_wait "Saved."
tui_keys F10
check "the program ends cleanly" tui_wait "[exited 0]"
"$XUNFANG" --user officer1 --passphrase-file "$PASS" list dispute --csv >"$T_DIR/csv"
grep -q '张三丰' "$T_DIR/csv" && grep -q '钱七' "$T_DIR/csv"
ok $? "the officer reads the old party and the one the volunteer added"
grep -q 宅基地边界 "$T_DIR/csv" && ! grep -q 自报借款纠纷 "$T_DIR/csv"
ok $? "the officer's dispute stays; the volunteer's own one is deleted"
"$XUNFANG" --user officer1 --passphrase-file "$PASS" list person --csv >"$T_DIR/pcsv"
grep -q '王五六' "$T_DIR/pcsv" && grep -q 13700001111 "$T_DIR/pcsv"
ok $? "the officer reads the person's name and phone unchanged"
done_testing
