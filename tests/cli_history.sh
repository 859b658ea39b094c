#!/bin/sh
# Versions: edits add versions, delete adds a tombstone, conflicts are kept
# and settled, a body moved to another row is refused.
. "$XF_SRCDIR/tests/lib.sh"

make_store
R=$(xf add village name=张村)
for i in 1 2 3 4; do xf edit "$R" "township=镇$i" >/dev/null || break; done
n=$(xf show "$R" --history | grep -c '^version ')
[ "$n" -eq 5 ]
ok $? "4 edits give 5 versions (got $n)"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM version WHERE hex(rid) = upper('$R')")" -eq 5 ]
ok $? "the store holds 5 versions of the record"
xf show "$R" | grep -q '镇4'
ok $? "show gives the newest version"
xf show "$R" --history | grep -q '镇1'
ok $? "the history still holds the first edit"

xf delete "$R" >/dev/null
ok $? "delete succeeds"
xf list village | grep -q '0 records'
ok $? "a deleted record leaves the list"
xf show "$R" --history > "$T_DIR/h"
grep -c '^version ' "$T_DIR/h" | grep -qx 6 && grep '^version 6/6' "$T_DIR/h" | grep -q deleted
ok $? "delete adds a tombstone version; the history shows all 6"
xf edit "$R" township=x >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "a deleted record cannot be edited"

# A conflict: two versions with the same parent.
C=$(xf add village name=李村)
"$XF_BUILDDIR/tests/conflict_helper" "$DB" "$PASS" "$C" 李家村 李庄
ok $? "two concurrent edits written"
xf show "$C" > "$T_DIR/c"
grep -q 'IN CONFLICT: 2 versions' "$T_DIR/c"
ok $? "show marks the record as in conflict"
xf list village | grep -q '!'
ok $? "list marks it too"
xf edit "$C" township=新镇 >/dev/null 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q -- '--resolve' "$T_DIR/err"
ok $? "a plain edit of a record in conflict is refused with the way out"
pick=$(grep -Eo '^  [0-9a-f]{12}$' "$T_DIR/c" | head -1 | tr -d ' ')
xf show "$C" --history | grep "^version [23]/3 $pick" >/dev/null
ok $? "the conflicting versions are listed by id"
xf edit "$C" --resolve --pick "$pick" township=新镇 >/dev/null
ok $? "edit --resolve --pick settles it"
xf show "$C" > "$T_DIR/c2"
! grep -q 'CONFLICT' "$T_DIR/c2" && grep -q '新镇' "$T_DIR/c2"
ok $? "no longer in conflict"
parents=$(sqlite3 "$DB" "SELECT length(parents) FROM version WHERE hex(rid) = upper('$C') ORDER BY hlc DESC LIMIT 1")
[ "$parents" -eq 32 ]
ok $? "the resolving version has both conflicting versions as parents"

# A body copied from one record's row into another's is refused.
A=$(xf add place name=平安旅店 type=旅店)
B=$(xf add place name=星光网吧 type=网吧)
sqlite3 "$DB" "UPDATE version SET body = (SELECT body FROM version WHERE hex(rid) = upper('$A')) WHERE hex(rid) = upper('$B')"
xf show "$B" >"$T_DIR/out" 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'does not decrypt' "$T_DIR/err" && ! grep -q 平安旅店 "$T_DIR/out"
ok $? "show refuses a moved body and does not show it"
xf list place > "$T_DIR/out" 2>"$T_DIR/err"
grep -q '平安旅店' "$T_DIR/out" && ! grep -q '星光网吧' "$T_DIR/out" && [ "$(grep -c 平安旅店 "$T_DIR/out")" -eq 1 ] &&
    grep -q 'did not decrypt' "$T_DIR/err"
ok $? "list leaves the moved body out and warns"
sqlite3 "$DB" "UPDATE version SET kind = 8 WHERE hex(rid) = upper('$A')"
xf show "$A" >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "a row whose kind was changed does not open"

done_testing
