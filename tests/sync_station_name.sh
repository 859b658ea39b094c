#!/bin/sh
# The station by its name: its identity (format 3) carries the name its
# clerk gave it, so a device knows it by that name as well as "station";
# identities of formats 2 and 1 still enrol, as "station".
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
xb() { xf --db "$T_DIR/b.db" "$@"; }
for s in st a b; do
	role=device; name=张村笔记本; [ "$s" = st ] && role=station name=城关派出所
	xf --db "$T_DIR/$s.db" init --role $role --name $name --user "u$s" \
	    --kdf-memory 8 >/dev/null &&
	xf --db "$T_DIR/$s.db" id --export "$T_DIR/$s.id" >/dev/null ||
	    { echo "Bail out! cannot make the store $s"; exit 1; }
done

# reformat FILE FORMAT [NAME]: rewrite an identity in another format (2
# drops the name, 3 sets NAME), with a check that matches, as an older
# xunfang or a forger would write it.
reformat() {
	python3 - "$@" <<'EOF'
import base64, hashlib, sys
path, fmt = sys.argv[1], sys.argv[2]
line = open(path).read().strip()
head, b32 = line[:11], line[11:]
raw = base64.b32decode(b32 + "=" * (-len(b32) % 8))
body = raw[:96]
if fmt == "3":
    name = sys.argv[3].encode()
    body += bytes([len(name)]) + name
prefix = ("XFID:%s:" % fmt) + head[7:]
h = hashlib.blake2b(b"xunfang-identity\0" + prefix.encode() + body,
    digest_size=16).digest()
print(prefix + base64.b32encode(body + h[:4]).decode().rstrip("="))
EOF
}

grep -Eq '^XFID:3:S:R:[A-Z2-7]+$' st.id
ok $? "the station's identity is of format 3, QR alphanumeric"
xa enroll st.id >enroll.out
ok $? "the device enrols the station"
grep -q '^Enrolled the station 城关派出所, key id ' enroll.out
ok $? "enrolment names the station: $(head -1 enroll.out)"
xs enroll a.id --name 王警官 --village 张村 >/dev/null
ok $? "the station enrols the device"
xa peers >peers.out
grep -q '^城关派出所  *station  ' peers.out
ok $? "peers shows the station's name"
xa add village name=张村 township=城关镇 >/dev/null
xa export --to 城关派出所 -o by-name.xfb >export.out 2>&1
ok $? "export --to the station's name: $(cat export.out)"
grep -q '^Wrote bundle 1 to by-name.xfb' export.out
ok $? "and writes the bundle"
xa export --to station -o by-role.xfb >export2.out 2>&1
ok $? "export --to station still works: $(cat export2.out)"
xs import by-name.xfb >import.out 2>&1 && xs list village | grep -q 张村
ok $? "the station imports the bundle sent by its name"
xa export --to 李村派出所 -o x.xfb 2>err.out
[ $? -ne 0 ] && grep -q "no enrolled peer named '李村派出所'" err.out &&
    [ ! -e x.xfb ]
ok $? "another name is refused: $(cat err.out)"

setup_zh
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xa export --to 派出所 -o zh.xfb \
    >zh.out 2>&1
ok $? "under zh_CN, export --to 派出所 reaches the station: $(cat zh.out)"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xb enroll st.id >zh-enroll.out
grep -q '^已登记派出所 城关派出所，' zh-enroll.out
ok $? "enrolment names the station in Chinese: $(cat zh-enroll.out)"

# An older identity (format 2) carries no name: the station is "station",
# and enrolling from the new one gives it its name.
reformat st.id 2 >st2.id && grep -q '^XFID:2:S:R:' st2.id
ok $? "a format 2 identity of the station"
xa enroll st2.id >old.out
ok $? "it still enrols: $(cat old.out)"
grep -q '^Updated the station station, ' old.out &&
    xa peers | grep -q '^station  *station  '
ok $? "without a name the station is 'station'"
xa export --to station -o old.xfb >/dev/null
ok $? "and export --to station works"
xa enroll st.id >new.out && grep -q '^Updated the station 城关派出所, ' new.out &&
    xa peers | grep -q '^城关派出所  '
ok $? "enrolling from the new identity gives the station its name"

# The name is covered by the check and the fingerprint.
reformat st.id 3 李村派出所 >forged.id
t=$(cat forged.id)
# The forged name with the station's own check: a name changed on the way.
printf '%s%s\n' "$(printf '%s' "$t" | cut -c1-$((${#t} - 7)))" \
    "$(tail -c 8 st.id | head -c 7)" >changed.id
xa enroll changed.id >changed.out 2>&1
[ $? -ne 0 ] && grep -q "check digits do not match" changed.out
ok $? "a name changed on the way is refused: $(cat changed.out)"
xa peers | grep -q '^城关派出所  '
ok $? "and the station keeps its name"
fp=$(xs id | sed -n 's/^Fingerprint: //p')
xb enroll forged.id >forged.out
grep -Eq "^(Enrolled|Updated) the station 李村派出所, " forged.out &&
    ! grep -q "^Fingerprint: $fp\$" forged.out
ok $? "a name forged with a new check shows another fingerprint than the station's ($fp)"

# A name that is not one line of text, or empty, is refused even with a
# check that matches.
reformat st.id 3 "$(printf '城关\t派出所')" >tab.id
xb enroll tab.id >tab.out 2>&1
[ $? -ne 0 ] && grep -q "the identity's name is damaged" tab.out
ok $? "a name with a control character is refused: $(cat tab.out)"
reformat st.id 3 "" >empty.id
xb enroll empty.id >empty.out 2>&1
[ $? -ne 0 ] && grep -q "name is damaged\|damaged or cut short" empty.out
ok $? "an empty name in format 3 is refused: $(cat empty.out)"
t=$(cat st.id)
printf '%s\n' "$t" | cut -c1-$((${#t} - 9)) >short.id
xb enroll short.id >short.out 2>&1
[ $? -ne 0 ] && grep -q "damaged or cut short\|check digits" short.out
ok $? "a format 3 identity cut short is refused: $(cat short.out)"

# A name over 96 bytes travels cut at a character boundary.
long=$(printf '村%.0s' $(seq 40))
cut=$(printf '村%.0s' $(seq 32))
xf --db long.db init --role station --name "$long" --user ul \
    --kdf-memory 8 >/dev/null && xf --db long.db id --export long.id >/dev/null
xf --db c.db init --role device --name c --user uc --kdf-memory 8 >/dev/null &&
    xf --db c.db enroll long.id >long.out
grep -q "^Enrolled the station $cut, " long.out
ok $? "a long name is cut to 32 characters (96 bytes)"
xf --db c.db export --to "$cut" -o long.xfb >/dev/null
ok $? "and the device sends to it by that name"
done_testing
