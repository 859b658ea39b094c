#!/bin/sh
# A demo store has what a trainee needs on the first evening: a patrol
# team, tonight's duty on the roster, a patrol plan, an urgent warning
# valid today and a person in the registry.
. "$XF_SRCDIR/tests/lib.sh"

D="$T_DIR/demo.db"
xf --db "$D" demo --days 3 --villages 2 --kdf-memory 8 >/dev/null ||
    { echo "Bail out! no demo store"; exit 1; }
today=$(date +%Y-%m-%d)
csv() { xf --db "$D" list "$1" --csv | tr -d '\r' | tail -n +2; }

team=$(csv team)
[ "$(printf '%s\n' "$team" | grep -c .)" -ge 1 ] &&
    printf '%s\n' "$team" | grep -q '治安巡防队'
ok $? "a patrol team: $team"
roster=$(csv roster)
printf '%s\n' "$roster" | grep -q "^[0-9a-f]*,$today,.*治安巡防队,[^,][^,]*,planned,"
ok $? "tonight's duty on the roster: $roster"
plan=$(csv plan)
printf '%s\n' "$plan" | grep -q '夜巡一线' && printf '%s\n' "$plan" |
    grep -q 'mon;tue;wed;thu;fri;sat;sun\|mon; tue'
ok $? "a nightly patrol plan: $plan"
warning=$(csv warning)
printf '%s\n' "$warning" | awk -F, -v d="$today" -v now="$(date '+%Y-%m-%d %H:%M')" \
    '$3 == "urgent" && $6 <= now && $7 >= d {f = 1} END {exit !f}'
ok $? "an urgent warning, issued and valid today: $warning"
person=$(csv person)
[ "$(printf '%s\n' "$person" | grep -c .)" -ge 1 ]
ok $? "a person in the registry: $person"
xf --db "$D" show "$(printf '%s\n' "$person" | cut -d, -f1 | head -1)" \
    >"$T_DIR/show" 2>&1
grep -q "Phone  *139" "$T_DIR/show" && grep -q "Address  *.*号" "$T_DIR/show"
ok $? "with a phone and an address"
done_testing
