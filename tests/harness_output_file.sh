#!/bin/sh
# Where -o points: a device node or a FIFO found under the name is never
# replaced nor written (root exporting to /dev/null once made it a plain
# file), and -o - writes to standard output for every command whose -o
# names a file.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xa() { xf --db "$T_DIR/a.db" "$@"; }
make_pair
xa add patrol type=foot route=村口 >/dev/null || echo "Bail out! add"

if [ "$(id -u)" -eq 0 ]; then
	mknod null c 1 3
	xa export --to station -o null > out 2> err
	st=$?
	[ "$st" -ne 0 ] && [ -c null ]
	ok $? "export -o onto a device node fails and the node stays ($st)"
	grep -q "null is not a regular file: name a file to write, or - for standard output" err
	ok $? "the error names the path and the way out: $(cat err)"
	[ "$(stat -c '%t,%T' null)" = "1,3" ] && [ -z "$(ls null.tmp-* 2>/dev/null)" ]
	ok $? "the node is still 1,3 and no temporary file is left"
else
	ok 0 "# SKIP mknod needs root"
	ok 0 "# SKIP mknod needs root"
	ok 0 "# SKIP mknod needs root"
fi

mkfifo fifo
xa export --to station -o fifo > out 2> err
st=$?
[ "$st" -ne 0 ] && [ -p fifo ] && grep -q "fifo is not a regular file" err
ok $? "export -o onto a FIFO is refused and the FIFO stays: $(cat err)"
mkdir adir
xa export --to station -o adir > out 2> err
[ $? -ne 0 ] && [ -d adir ] && grep -q "adir is not a regular file" err
ok $? "export -o onto a folder is refused by name: $(cat err)"

xa export --to station -o - > bundle.xfb 2> err
st=$?
[ "$st" -eq 0 ] && [ ! -e ./- ] && [ -s bundle.xfb ]
ok $? "export -o - writes the bundle to standard output ($st, $(cat err))"
head -c 3 bundle.xfb | grep -q XFB
ok $? "standard output holds the bundle itself, nothing before it"
grep -q "Wrote bundle 1 to standard output" err
ok $? "the summary goes to standard error: $(cat err)"
xs import bundle.xfb > imp 2>&1
ok $? "the bundle from standard output imports: $(cat imp)"
xs list patrol | grep -q "^1 record"
ok $? "and its record is at the station"

xa export --to station -o regular.xfb > /dev/null 2>&1 && [ -f regular.xfb ]
ok $? "export -o FILE still writes a regular file"
xf qr frames regular.xfb > frames.txt 2>/dev/null
mkfifo fifo2
xf qr read frames.txt -o fifo2 > out 2> err
[ $? -ne 0 ] && [ -p fifo2 ] && grep -q "fifo2 is not a regular file" err
ok $? "qr read -o never replaces a FIFO either: $(cat err | tail -1)"
xf qr read frames.txt -o - > back.xfb 2> err
cmp -s regular.xfb back.xfb
ok $? "qr read -o - writes the bundle to standard output"
! grep -q 'to -$' err
ok $? "and says standard output, not '-': $(cat err)"

xf qr png regular.xfb -o - > out 2> err
[ $? -ne 0 ] && [ ! -e ./- ] && grep -q "qr png FILE -o DIR" err
ok $? "qr png -o - says that the pictures need a folder: $(cat err)"

# Where a file is read, a FIFO with no writer or a device does not hang
# the command: it is refused at once.
mkfifo fifo3
timeout 20 "$XUNFANG" --passphrase-file "$PASS" --db a.db import fifo3 > out 2> err
st=$?
[ $st -eq 1 ] && grep -q "fifo3 is not a regular file" err
ok $? "import of a FIFO is refused, not waited on ($st: $(cat err))"
timeout 20 "$XUNFANG" --passphrase-file "$PASS" --db a.db enroll fifo3 > out 2> err
st=$?
[ $st -eq 1 ] && grep -q "fifo3 is not a regular file" err
ok $? "nor is an identity read from one ($st: $(cat err))"
timeout 20 "$XUNFANG" --passphrase-file "$PASS" --db a.db import /dev/zero > out 2> err
st=$?
[ $st -eq 1 ] && grep -q "/dev/zero is not a regular file" err
ok $? "nor a device read until memory runs out ($st: $(cat err))"

done_testing
