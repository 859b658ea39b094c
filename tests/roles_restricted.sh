#!/bin/sh
# Restricted fields: a volunteer's keys cannot open dispute parties or the
# person registry; it sees "restricted", can still report disputes the
# officer reads in full, and its edits carry the sealed values forward.
. "$XF_SRCDIR/tests/lib.sh"

VP="$T_DIR/volpass"
printf '%s\n' '红袖标 night watch 88' > "$VP"
vx() { "$XUNFANG" --user vol1 --passphrase-file "$VP" "$@"; }
ox() { "$XUNFANG" --user officer1 --passphrase-file "$PASS" "$@"; }

make_store
xf user add vol1 --role volunteer --new-passphrase-file "$VP" --kdf-memory 8 >/dev/null
ox add village name=张村 >/dev/null
d1=$(ox add dispute title=宅基地边界 category=land colour=yellow village=张村 \
    'parties=张三丰|13812345678|张村一组7号;李四光|13987654321|张村二组3号')
ok $? "the officer records a dispute with parties"
p1=$(ox add person name=王五六 type=migrant id_number=110101199001011234 phone=13700001111 village=张村)
ok $? "the officer registers a person"

# Everything a volunteer can run: no party detail or person detail shows.
all="$T_DIR/vol-all"
: > "$all"
for args in "show $d1" "show $d1 --history" "list dispute" "list dispute --csv" \
    "list person" "list person --csv" "show $p1" "show $p1 --history" \
    "list dispute --search 张三丰" "list person --search 王五六"; do
	# shellcheck disable=SC2086
	vx $args >>"$all" 2>&1
done
for secret in 张三丰 李四光 13812345678 张村一组7号 王五六 110101199001011234 13700001111; do
	if grep -q "$secret" "$all"; then echo "# volunteer saw $secret"; false; fi
done
ok $? "no volunteer command shows a party, contact, address or person"
vx show "$d1" | grep -q 'Parties *restricted'
ok $? "the volunteer sees 'restricted' in place of the parties"
vx list dispute | grep -q 宅基地边界
ok $? "the volunteer still sees the dispute itself"
setup_zh
env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$XUNFANG" --user vol1 --passphrase-file "$VP" show "$d1" | grep -q '当事人 *受限'
ok $? "in Chinese it reads 受限"

d2=$(vx add dispute title=借款纠纷 category=debt colour=orange 'parties=赵大|13611112222|赵家湾')
ok $? "the volunteer reports a dispute with parties"
vx show "$d2" >"$T_DIR/v2"
grep -q 'restricted' "$T_DIR/v2" && ! grep -q 赵大 "$T_DIR/v2"
ok $? "the volunteer cannot read back the parties it wrote"
ox show "$d2" | grep -q '赵大.*13611112222.*赵家湾'
ok $? "the officer reads the volunteer's dispute in full"

vx edit "$d1" status=mediating >/dev/null
ok $? "the volunteer edits the officer's dispute"
ox show "$d1" >"$T_DIR/o1"
grep -q '张三丰' "$T_DIR/o1" && grep -q '李四光' "$T_DIR/o1" && grep -q mediating "$T_DIR/o1"
ok $? "the parties survive the volunteer's edit unchanged"
vx edit "$d1" 'parties+=钱七|13500000000' >/dev/null
ok $? "a volunteer adds a party to parties it cannot read"
ox show "$d1" | grep -q '张三丰.*李四光.*钱七'
ok $? "the officer reads the old parties and the added one"
vx show "$d1" | grep -q 'Parties *restricted' && ! vx show "$d1" | grep -q 钱七
ok $? "the volunteer cannot read back the party it added"
n=$(ox show "$d1" --history | grep -c 'officer1\|vol1')
vx edit "$d1" 'parties=钱七|13500000000' 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'Parties of this Dispute are restricted' "$T_DIR/err"
ok $? "a volunteer cannot replace parties it cannot read"
vx edit "$d1" parties= 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'can add to them but not remove' "$T_DIR/err"
ok $? "nor clear them"
env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$XUNFANG" --user vol1 --passphrase-file "$VP" \
    edit "$d1" parties= 2>&1 | grep -q '此矛盾纠纷的当事人受限'
ok $? "in Chinese the refusal names 矛盾纠纷 and 当事人"
vx edit "$p1" phone=13000000000 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'Phone of this Person is restricted' "$T_DIR/err"
ok $? "nor change a person's phone it cannot read"
[ "$n" -ge 3 ] && [ "$(ox show "$d1" --history | grep -c 'officer1\|vol1')" = "$n" ]
ok $? "the refused edits stored nothing"
vx delete "$d1" 2>"$T_DIR/err"
[ $? -eq 1 ] && grep -q 'written by another account' "$T_DIR/err" &&
    ox list dispute | grep -q 宅基地边界
ok $? "a volunteer cannot delete the officer's dispute"
vx delete "$d2" >/dev/null && ! ox list dispute | grep -q 借款纠纷
ok $? "a volunteer deletes a dispute it wrote itself"
ox show "$d1" --history | grep -c '张三丰' | grep -qx 3
ok $? "every version keeps the parties for the officer"

for f in "$DB" "$DB-wal"; do
	[ -f "$f" ] || continue
	for secret in 张三丰 13812345678 赵大 王五六; do
		if grep -q "$secret" "$f"; then echo "# $secret in $f"; false; fi
	done
done
ok $? "no party or person detail is in the store files in clear"
done_testing
