#!/bin/sh
# A plaque read by a keyboard-wedge scanner on the patrol's detail view
# ticks its checkpoint with method scan; a changed signature is flagged.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"
cd "$T_DIR" || exit 1

make_store
xf add village name=张村 >/dev/null &&
CP=$(xf add checkpoint name=村口卡口 type=卡口 village=张村) &&
xf add patrol type=foot village=张村 route=夜巡 >/dev/null &&
xf checkpoint plaque -o out >/dev/null
ok $? "a checkpoint, its plaque and a patrol"
PAY=$(zbarimg -q --raw "out/plaque-$(echo "$CP" | cut -c1-8).png" 2>/dev/null)
echo "$PAY" | grep -q '^XFP1:'
ok $? "the plaque's QR code read back"

tui_start
tui_unlock
tui_wait "Patrols today" >/dev/null
tui_keys 1
tui_wait "夜巡" >/dev/null
tui_keys Enter
tui_wait "Route: 夜巡" >/dev/null
# A wedge scanner types the text and Enter, fast.
tui_type "$PAY"
tui_keys Enter
check "the scanned plaque ticks its checkpoint" \
    tui_wait "Ticked 村口卡口 (scanned)."
tui_screen | grep -q "Record deleted\|Delete this record"
[ $? -ne 0 ]
ok $? "no letter of the code was taken as a key of the view"
xf list patrol --csv | grep -Eq '村口卡口\|[^|;]*\|scan\|\|nogps[,;]'
ok $? "the point is stored with method scan"

BAD=$(echo "$PAY" | awk '{ c = substr($0, 80, 1); r = (c == "A") ? "B" : "A"; print substr($0, 1, 79) r substr($0, 81) }')
tui_type "$BAD"
tui_keys Enter
check "a plaque with a changed signature ticks but is flagged" \
    tui_wait "flagged: plaque not genuine"
xf list patrol --csv | grep -q '村口卡口|[^|;]*|scan|forged'
ok $? "the point is stored flagged forged"
tui_keys q
done_testing
