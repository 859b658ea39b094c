#!/bin/sh
# A label means one thing: every field's label under zh_CN is the one the
# field table gives it (a village's name is 名称, a person's 姓名), for
# every kind; no code runs a field, kind or choice label through the
# catalogue, which would give one translation to every kind.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1
setup_zh
make_store
zh() { LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xf "$@"; }

# The table, as `kinds` prints it: KIND FIELD ZH for each field.
xf kinds | awk '
    /^[a-z]/ {k = $1; next}
    /^    [a-z]/ {n = split($0, a, " / "); print k, $1, a[n]}' |
    sed 's/ (defaults to now)$//; s/: .*$//; s/ → .*$//' > table
[ "$(wc -l < table)" -gt 60 ]
ok $? "the table lists every kind's fields ($(wc -l < table))"

# Every kind's list header under zh_CN is made of the table's labels.
bad=0
for k in $(awk '{print $1}' table | uniq); do
	zh list "$k" | head -1 | tr -s ' ' '\n' | sed 1d | sed '/^$/d' > hdr
	while read -r label; do
		grep -q "^$k [a-z_]* $label\$" table || {
			echo "# $k: column '$label' is not a label of the table"
			bad=1
		}
	done < hdr
done
[ $bad -eq 0 ]
ok $? "every column of every kind's list under zh_CN is the table's label"

v=$(xf add village name=张村 township=城关镇)
zh show "$v" > show.v
grep -q '^  名称 ' show.v && ! grep -q '姓名' show.v
ok $? "a village's name shows as 名称, not 姓名: $(tr '\n' '|' < show.v)"
p=$(xf add person name=王五 2>/dev/null || true)
if [ -n "$p" ]; then
	zh show "$p" > show.p
	grep -q '^  姓名 ' show.p
	ok $? "a person's name shows as 姓名: $(tr '\n' '|' < show.p)"
else
	ok 0 "# SKIP no person kind with a lone name"
fi

# No field, kind or choice label goes through gettext in the sources.
! grep -rnE '_\((f|sf|k|c|h\.kind|u->kind|t\[i\]\.kind|all\[i\])->label\)|fields\[[^]]*\]\.label\)' \
    "$XF_SRCDIR/src" > through
ok $? "no label of the table is looked up in the catalogue ($(cat through))"
done_testing
