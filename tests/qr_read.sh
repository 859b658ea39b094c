# qr read: frames in any order, with gaps, repeats, junk and damage.
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
fake_bundle 20000 bundle.bin
xf qr frames bundle.bin --version 10 >set.txt
xf qr frames bundle.bin --version 10 --count 256 >all.txt
k=$(xf qr png bundle.bin --version 10 -o png | sed -n 's/.*(\([0-9]*\) carry.*/\1/p')
n=$(wc -l <set.txt)

# Keep the data frames and twice as many repair frames, drop every fifth,
# shuffle, repeat some and put junk between them.
head -n $((k * 2)) all.txt | awk 'NR % 5 != 0' >kept.txt
shuf --random-source=kept.txt kept.txt >shuffled.txt
{
	echo "QR-Code:http://example.com"
	head -n 3 shuffled.txt
	echo "not a frame"
	echo
	cat shuffled.txt
	head -n 5 shuffled.txt
} >input.txt
check "qr read rebuilds the bundle from shuffled frames, 20% lost" \
    xf qr read input.txt -o out.bin
cmp -s bundle.bin out.bin; ok $? "the bundle read back is identical"
xf qr read -o stdin.bin <input.txt 2>progress.txt
cmp -s bundle.bin stdin.bin; ok $? "qr read takes standard input"
grep -q "of $k frames" progress.txt; ok $? "progress is reported"
grep -q "complete" progress.txt; ok $? "completion is reported"
sed -n 3p set.txt | xf qr read -o one.bin 2>one.txt
grep -q "1 of $k frames; missing 1-2, 4-$k" one.txt
ok $? "each new frame says which frames are still missing"

# The printed set alone, with one frame missing in each quarter of it.
awk -v n="$n" 'NR % int(n / 4 + 1) != 1' set.txt >smudged.txt
check "the printed set survives missing frames" xf qr read smudged.txt -o set.bin
cmp -s bundle.bin set.bin; ok $? "...and gives the identical bundle"

# One character changed: refused by the checksum, the reader goes on.
line=$(sed -n 2p set.txt)
c=$(printf '%s' "$line" | cut -c19)
if [ "$c" = 0 ]; then r=1; else r=0; fi
bad=$(printf '%s' "$line" | sed "s/^\(.\{18\}\)./\1$r/")
{ echo "$bad"; cat set.txt; } >damaged.txt
xf qr read damaged.txt -o damaged.bin 2>err.txt
rc=$?
[ $rc -eq 0 ] && cmp -s bundle.bin damaged.bin; ok $? "the read goes on past a damaged frame"
grep -q "line 1: the frame has a bad checksum" err.txt; ok $? "the damaged frame is named"

# A frame of another bundle is collected apart; the read goes on.
fake_bundle 3000 other.bin
xf qr frames other.bin --version 10 | head -1 >other.txt
oid=$(xf qr frames other.bin --version 10 | head -1 | xf qr read -o /dev/null 2>&1 |
    sed -n 's/^bundle \([0-9a-f]*\):.*/\1/p' | head -1)
{ head -3 set.txt; cat other.txt; cat set.txt; } >mixed.txt
xf qr read mixed.txt -o mixed.bin 2>err.txt
[ $? -eq 0 ] && cmp -s bundle.bin mixed.bin; ok $? "a foreign frame does not stop the read"
grep -q "line 4: a frame of another bundle ($oid)" err.txt; ok $? "the foreign frame is named"

# A stale frame of an earlier bundle first, then the right bundle's frames
# shuffled with a fifth lost: the right one is rebuilt, the other named.
{ cat other.txt; cat shuffled.txt; } >stale.txt
xf qr read stale.txt -o stale.bin 2>err.txt
[ $? -eq 0 ] && cmp -s bundle.bin stale.bin
ok $? "a stale frame first does not hold up the right bundle"
grep -q "^bundle [0-9a-f]* complete: 20000 bytes written to stale.bin" err.txt
ok $? "...which is written"
ok_k=$(sed -n 's/^bundle \([0-9a-f]*\) complete.*/\1/p' err.txt)
k2=$(xf qr frames other.bin --version 10 | wc -l)
grep -q "^bundle $oid is not complete (1 of [0-9]* frames): it was left aside" err.txt &&
    [ "$ok_k" != "$oid" ]
ok $? "the other bundle is named as incomplete"

# Into a folder: every bundle the frames complete, each in its own file.
mkdir both
{ cat other.txt; xf qr frames other.bin --version 10 | sed 1d; cat set.txt; } |
    xf qr read -o both 2>err.txt
ok $? "qr read -o DIR reads every bundle to the end"
cmp -s bundle.bin "both/bundle-$ok_k.xfb" && cmp -s other.bin "both/bundle-$oid.xfb"
ok $? "...each into DIR/bundle-ID.xfb ($(ls both | tr '\n' ' '))"

# Too few frames: what is missing, and nothing written.
head -n $((k / 2)) set.txt >half.txt
xf qr read half.txt -o half.bin 2>err.txt
[ $? -eq 1 ] && [ ! -e half.bin ]; ok $? "an incomplete read fails and writes nothing"
grep -q "missing frames $((k / 2 + 1))-$k" err.txt; ok $? "the missing frames are listed"
echo "just junk" | xf qr read -o none.bin 2>err.txt
[ $? -eq 1 ] && grep -q "no xunfang QR frames" err.txt; ok $? "input without frames says so"

# Lower case (a scanner with caps lock on) and carriage returns are fine.
tr 'A-Z' 'a-z' <set.txt | sed 's/$/\r/' >lower.txt
check "lower case and CRLF lines are read" xf qr read lower.txt -o lower.bin
cmp -s bundle.bin lower.bin; ok $? "...into the identical bundle"

# The damage message in Chinese.
setup_zh
LC_ALL=zh_CN.UTF-8 xf qr read damaged.txt -o zh.bin 2>err.txt
grep -q "校验" err.txt; ok $? "the checksum message is translated"

done_testing
