#!/bin/sh
# On a demo store: the home screen's suggested focus agrees with the
# report; a list longer than the first page opens on its newest records
# and then holds every record, as the command line counts them.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

"$XUNFANG" demo --seed 7 --days 40 --villages 3 --kdf-memory 8 >/dev/null 2>&1
ok $? "a demo store to list"
n=$("$XUNFANG" --passphrase-file /dev/stdin list patrol --csv <<EOF2 | tail -n +2 | wc -l
xunfang-demo
EOF2
)
[ "$n" -gt 100 ]
ok $? "it holds more patrols than the first page ($n)"

tui_start
tui_wait "User:" >/dev/null
tui_type trainer
tui_keys Tab
tui_type xunfang-demo
tui_keys Enter
tui_wait "Patrols today" >/dev/null
place=$(printf 'xunfang-demo\n' | "$XUNFANG" --passphrase-file - report focus --csv |
    awk -F, '$1 == "place" {print $2; exit}')
[ -n "$place" ] && tui_screen | grep "Suggested focus:" | grep -qF "$place"
ok $? "the home screen suggests the hottest place of report focus ($place)"
cp=$(printf 'xunfang-demo\n' | "$XUNFANG" --passphrase-file - report focus --csv |
    awk -F, '{ sub(/\r$/, "") } $1 == "checkpoint" {
	print $2 " (" ($6 == "" ? "never checked" : $6 " days") ")"; exit }')
[ -n "$cp" ] && tui_screen | grep "Overdue checkpoints:" | grep -qF "$cp"
ok $? "and names the first overdue checkpoint with its days or never ($cp)"
tui_keys 1
check "the list ends up holding all $n patrols" tui_wait "$n of $n records"
tui_keys /
tui_type 巡逻
tui_keys Enter
check "a search runs over all of them" tui_wait "of $n records"
tui_keys q q
done_testing
