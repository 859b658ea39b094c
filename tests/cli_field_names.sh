#!/bin/sh
# Field names in the code agree with the kind table: every constant of
# kind.h's field enums names the field at its index, and every field name
# still written as a string (report.c's fidx, the C tests) is a field of
# its kind.
. "$XF_SRCDIR/tests/lib.sh"

"$XUNFANG" kinds > "$T_DIR/kinds"
ok $? "kinds lists the kinds and their fields"

python3 - "$T_DIR/kinds" "$XF_SRCDIR" > "$T_DIR/out" <<'EOF'
import glob, re, sys

kinds, src = sys.argv[1], sys.argv[2]
table, kind = {}, None
for line in open(kinds, encoding="utf-8"):
    m = re.match(r"^(\w+)  ", line)
    if m:
        kind = m.group(1)
        table[kind] = []
    elif re.match(r"^    \w", line):
        table[kind].append(line.split()[0])

def text(path):
    s = open(path, encoding="utf-8").read()
    return re.sub(r"/\*.*?\*/", "", s, flags=re.S)

bad = []
enums = re.findall(r"enum (\w+)_field \{(.*?)\};",
                   text(src + "/src/core/kind.h"), re.S)
for kind, body in enums:
    names = [n.strip() for n in body.split(",") if n.strip()]
    want = table.get(kind)
    if want is None:
        bad.append("enum %s_field: no kind %s" % (kind, kind))
        continue
    pre = kind.upper() + "_F_"
    if names[-1] != kind.upper() + "_NFIELDS":
        bad.append("enum %s_field does not end with its count" % kind)
    fields = names[:-1]
    if len(fields) != len(want):
        bad.append("enum %s_field has %d fields, the table %d"
                   % (kind, len(fields), len(want)))
    for i, n in enumerate(fields):
        got = n[len(pre):].lower() if n.startswith(pre) else None
        if i >= len(want) or got != want[i]:
            bad.append("%s = %d, but field %d of %s is %s" % (n, i, i, kind,
                       want[i] if i < len(want) else "missing"))
kc = text(src + "/src/core/kind.c")
parts = re.findall(r"enum (\w+)_part \{(.*?)\};",
                   text(src + "/src/core/kind.h"), re.S)
for item, body in parts:
    names = [n.strip() for n in body.split(",") if n.strip()]
    m = re.search(r"static const struct field %s_item\[\] = \{(.*?)\n\};"
                  % item, kc, re.S)
    if m is None:
        bad.append("enum %s_part: no table %s_item" % (item, item))
        continue
    want = re.findall(r'^\t(?:TEXT|TIME|DATE|CHOICE|REF|LIST|INT|COORD)\("(\w+)"',
                      m.group(1), re.M)
    pre = item.upper() + "_P_"
    if names[-1] != item.upper() + "_NPARTS" or len(names) - 1 != len(want):
        bad.append("enum %s_part and %s_item differ in length" % (item, item))
    for i, n in enumerate(names[:-1]):
        if i >= len(want) or n != pre + want[i].upper():
            bad.append("%s = %d, but part %d of %s_item is %s" % (n, i, i,
                       item, want[i] if i < len(want) else "missing"))
missing = set(table) - set(k for k, _ in enums)
for k in sorted(missing):
    bad.append("kind %s has no field enum in kind.h" % k)

lits = 0
files = glob.glob(src + "/src/**/*.c", recursive=True) + \
    glob.glob(src + "/tests/*.c")
every = set(f for fs in table.values() for f in fs)
for path in sorted(files):
    s = text(path)
    for m in re.finditer(r'\bfidx\(\s*KIND_(\w+)\s*,\s*"(\w+)"\s*\)', s):
        lits += 1
        k, f = m.group(1).lower(), m.group(2)
        if f not in table.get(k, []):
            bad.append("%s: %s has no field '%s'" % (path, k, f))
    for m in re.finditer(r'\bkind_field_index\([^;"]*?,\s*"(\w+)"\s*\)', s):
        lits += 1
        if path.startswith(src + "/src/"):
            bad.append("%s: field '%s' looked up by name; use its "
                       "constant from kind.h" % (path, m.group(1)))
        elif m.group(1) not in every:
            bad.append("%s: no kind has a field '%s'" % (path, m.group(1)))
print("enums %d kinds %d literals %d parts %d" % (len(enums), len(table),
      lits, len(parts)))
for b in bad:
    print("bad: " + b)
EOF
ok $? "the check runs"
head -1 "$T_DIR/out" |
    awk '$2 == $4 && $2 > 10 && $6 > 0 && $8 > 0 {f = 1} END {exit !f}'
ok $? "the enums and the literals were found: $(head -1 "$T_DIR/out")"
! grep -q '^bad: ' "$T_DIR/out"
ok $? "every field constant and field name string matches the table"
grep '^bad: ' "$T_DIR/out" | sed 's/^/# /'

done_testing
