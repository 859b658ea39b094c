# contrib/xunfang-scan: a webcam (here a stand-in zbarcam) into qr read.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
fake_bundle 4000 bundle.bin
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
: >video7
PATH="$T_DIR/bin:$PATH" XUNFANG="$XUNFANG" \
    sh "$XF_SRCDIR/contrib/xunfang-scan" -n -d video7 -o got.bin 2>err.txt
ok $? "xunfang-scan completes a bundle from the camera's lines"
cmp -s bundle.bin got.bin; ok $? "...identical to the one shown"
grep -q -- "^-q --raw --nodisplay -Sdisable -Sqrcode.enable video7" args.txt
ok $? "zbarcam is asked for raw QR lines from the chosen camera, without a beep"

# A camera that goes on after the bundle is complete is stopped; one that
# never shows a whole bundle is stopped when the time is up.
cat >bin/zbarcam <<EOS
#!/bin/sh
cat "$T_DIR/frames.txt"
exec sleep 60
EOS
start=$(date +%s)
PATH="$T_DIR/bin:$PATH" XUNFANG="$XUNFANG" \
    sh "$XF_SRCDIR/contrib/xunfang-scan" -n -d video7 -o got2.bin 2>err.txt
rc=$?
[ $rc -eq 0 ] && [ $(($(date +%s) - start)) -lt 20 ] && cmp -s bundle.bin got2.bin
ok $? "the camera is stopped once the bundle is complete"
head -n 3 frames.txt >few.txt
cat >bin/zbarcam <<EOS
#!/bin/sh
cat "$T_DIR/few.txt"
exec sleep 60
EOS
start=$(date +%s)
PATH="$T_DIR/bin:$PATH" XUNFANG="$XUNFANG" \
    sh "$XF_SRCDIR/contrib/xunfang-scan" -n -d video7 -t 2 -o got3.bin 2>err.txt
rc=$?
[ $rc -eq 1 ] && [ $(($(date +%s) - start)) -lt 20 ] && [ ! -e got3.bin ]
ok $? "without a complete bundle it stops after -t 2 seconds"
grep -q "no complete bundle after 2 seconds" err.txt; ok $? "...and says so"
grep -q "missing frames" err.txt; ok $? "...and which frames are missing"
PATH="$T_DIR/bin:$PATH" sh "$XF_SRCDIR/contrib/xunfang-scan" -d "$T_DIR/video9" \
    -o x 2>err.txt
[ $? -eq 1 ] && grep -q "there is no camera at $T_DIR/video9" err.txt
ok $? "without a camera it says so"
sh "$XF_SRCDIR/contrib/xunfang-scan" >/dev/null 2>&1
[ $? -eq 2 ]; ok $? "without -o it gives its usage"
PATH=/nonexistent /bin/sh "$XF_SRCDIR/contrib/xunfang-scan" -o x 2>err.txt
[ $? -eq 1 ] && grep -q zbar-tools err.txt; ok $? "without zbarcam it names the package"

done_testing
