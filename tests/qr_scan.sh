# contrib/xunfang-scan: a webcam (here a stand-in zbarcam) into qr read.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
head -c 4000 /dev/urandom >bundle.bin
xf qr frames bundle.bin --version 6 --count 256 | awk 'NR % 3 != 0' |
    shuf --random-source=bundle.bin >frames.txt
mkdir bin
# The stand-in prints the frames as zbarcam --raw would, and its arguments.
cat >bin/zbarcam <<EOS
#!/bin/sh
echo "\$*" >"$T_DIR/args.txt"
cat "$T_DIR/frames.txt"
EOS
chmod +x bin/zbarcam
PATH="$T_DIR/bin:$PATH" XUNFANG="$XUNFANG" \
    sh "$XF_SRCDIR/contrib/xunfang-scan" -n -d /dev/video7 -o got.bin 2>err.txt
ok $? "xunfang-scan completes a bundle from the camera's lines"
cmp -s bundle.bin got.bin; ok $? "...identical to the one shown"
grep -q -- "--raw --nodisplay -Sdisable -Sqrcode.enable /dev/video7" args.txt
ok $? "zbarcam is asked for raw QR lines from the chosen camera"
sh "$XF_SRCDIR/contrib/xunfang-scan" >/dev/null 2>&1
[ $? -eq 2 ]; ok $? "without -o it gives its usage"
PATH=/nonexistent /bin/sh "$XF_SRCDIR/contrib/xunfang-scan" -o x 2>err.txt
[ $? -eq 1 ] && grep -q zbar-tools err.txt; ok $? "without zbarcam it names the package"

done_testing
