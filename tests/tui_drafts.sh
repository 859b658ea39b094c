#!/bin/sh
# Typed text is never lost: a form left by q on a choice field, F10, F9
# then F10, or a terminal that was killed is kept as a draft, sealed in the
# store (no trace of the text in the store's files), offered back at the
# next unlock with the text as it was, and gone once saved or thrown away
# on purpose. An item form's text is kept with the record form's draft.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

make_store
store_files() { ls "$XDG_DATA_HOME"/xunfang/xunfang.db*; }

# half_visit MARK: open a new visit and type MARK as its household.
half_visit() {
	tui_wait "Patrols today" >/dev/null
	tui_keys v
	tui_wait "New: Visit" >/dev/null
	tui_keys Down
	tui_type "$1"
	tui_wait "$1" >/dev/null
}

# offered MARK: after a new start and unlock, the draft is offered and
# Enter brings its form back with MARK in it.
offered() {
	tui_start
	tui_unlock
	tui_wait "1 unsaved draft" >/dev/null &&
	    tui_screen | grep -q "new Visit  $1" &&
	    tui_keys Enter && tui_wait "New: Visit" >/dev/null &&
	    tui_screen | grep -q "Household  *$1"
}

# sealed MARK: the text is in none of the store's files in clear.
sealed() {
	! grep -a -q "$1" $(store_files)
}

# no_draft_left: quit, start again, and no draft is offered.
no_draft_left() {
	tui_keys F10
	sleep 0.5
	tui_start
	tui_unlock
	tui_wait "Patrols today" >/dev/null
	sleep 0.5
	! tui_screen | grep -q "unsaved draft"
}

# Each way out, then the draft thrown away so the next one is alone.
throw_away() {
	tui_keys Escape
	tui_wait "Throw away what you typed" >/dev/null && tui_keys y
	tui_wait "Patrols today" >/dev/null
}

tui_start
tui_unlock
half_visit 走访草稿甲
tui_keys Up q
tui_wait "kept as a draft" >/dev/null
tui_keys F10
sleep 0.5
sealed 走访草稿甲
ok $? "q on a choice field keeps the draft, sealed in the store"
offered 走访草稿甲
ok $? "and it is offered back at the next unlock, the text as it was"
throw_away

half_visit 走访草稿乙
tui_keys F10
sleep 0.5
offered 走访草稿乙
ok $? "F10 in a half-typed form keeps it too"
throw_away

half_visit 走访草稿丙
tui_keys F9
tui_wait "User:" >/dev/null
tui_keys F10
sleep 0.5
offered 走访草稿丙
ok $? "so do F9 then F10 on the lock screen"
throw_away

half_visit 走访草稿丁
tm kill-server
sleep 1
sealed 走访草稿丁
ok $? "a killed terminal leaves the draft sealed"
offered 走访草稿丁
ok $? "and it is offered back"

# Saved on purpose: the draft is gone.
tui_keys Up
tui_keys Down Down Down Down
tui_keys Enter
tui_wait "Type to narrow" >/dev/null
tui_keys Down Enter
tui_keys C-s
tui_wait "Saved." >/dev/null
tui_keys Escape
no_draft_left
ok $? "a saved form leaves no draft behind"
check "the visit was saved with its household" sh -c \
    "'$XUNFANG' --passphrase-file '$PASS' list visit --csv | grep -q 走访草稿丁"

# Thrown away on purpose: gone too.
half_visit 走访草稿戊
throw_away
no_draft_left
ok $? "a form thrown away with Esc, y leaves no draft"

# An item form's text goes with the record form's draft.
tui_keys n
tui_wait "New: Patrol" >/dev/null
tui_keys Down Enter
tui_wait "No items yet" >/dev/null
tui_keys a
tui_type 队员草稿己
tui_wait 队员草稿己 >/dev/null
tui_keys F10
sleep 0.5
sealed 队员草稿己
ok $? "a half-typed team member is kept sealed"
tui_start
tui_unlock
tui_wait "1 unsaved draft" >/dev/null
tui_keys Enter
tui_wait "队员草稿己" >/dev/null && tui_screen | grep -q "Patrol · Team"
ok $? "and comes back in its item form over the patrol"
tui_keys F2
tui_wait "1. 队员草稿己" >/dev/null
ok $? "which saves it into the patrol's team"
done_testing
