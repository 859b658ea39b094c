# QR frames as PNG files and sheets read by a real decoder (zbarimg).
. "$XF_SRCDIR/tests/lib.sh"

cd "$T_DIR" || exit 1
fake_bundle 6000 bundle.bin

# zbarimg prints the text of every code it finds, one a line.
decode() {
	zbarimg --raw -q -Sdisable -Sqrcode.enable "$@" 2>/dev/null | sort
}

check "qr frames prints the frame texts" xf qr frames bundle.bin --version 8 -o /dev/null
xf qr frames bundle.bin --version 8 >frames.txt
n=$(wc -l <frames.txt)
[ "$n" -gt 4 ]; ok $? "a 6000-byte bundle takes several frames at version 8 ($n)"
grep -qv '^XF:[0-9A-Z $%*+./:-]*$' frames.txt
[ $? -ne 0 ]; ok $? "every frame is the prefix and QR alphanumeric characters"

check "qr png writes the frames" xf qr png bundle.bin --version 8 -o png
ls png/frame-*.png | wc -l >count.txt
[ "$(cat count.txt)" -eq "$n" ]; ok $? "one PNG per frame ($(cat count.txt) of $n)"
for f in png/frame-*.png; do
	decode "$f"
done | sort >decoded.txt
sort frames.txt >want.txt
cmp -s want.txt decoded.txt; ok $? "every PNG frame decodes to exactly its frame text"
i=1
same=0
while read -r line; do
	f=$(printf 'png/frame-%03d.png' "$i")
	[ "$(zbarimg --raw -q "$f" 2>/dev/null)" = "$line" ] || same=1
	i=$((i + 1))
done <frames.txt
ok $same "frame-NNN.png holds frame NNN"

decode png/sheet-*.png >sheet.txt
cmp -s want.txt sheet.txt; ok $? "the printable sheets hold every frame, readable"

# The A4 PDF a clerk prints, drawn with cairo: every frame reads from its
# pages rasterised at 150 dpi, and each code is numbered in its text.
pdfinfo png/frames.pdf >info 2>&1
grep -q '^Page size:.*(A4)' info
ok $? "frames.pdf is A4: $(grep 'Page size' info)"
pdftoppm -r 150 -png png/frames.pdf page >/dev/null 2>&1
decode page*.png >pdf.txt
cmp -s want.txt pdf.txt; ok $? "every frame reads from the PDF printed at 150 dpi"
pdftotext png/frames.pdf pdf-text.txt
grep -q "^1/$n\$" pdf-text.txt && grep -q "^$n/$n\$" pdf-text.txt &&
    grep -q "共 $n 个码" pdf-text.txt
ok $? "its codes are numbered 1/$n to $n/$n under a Chinese heading"

k=$(xf qr png bundle.bin --version 8 -o png2 | sed -n 's/.*(\([0-9]*\) carry.*/\1/p')
[ -n "$k" ] && [ $((n * 2)) -ge $((k * 3)) ]
ok $? "a printed set has at least half as many repair frames as the $k data frames ($n)"

check "module size and quiet zone are adjustable" \
    xf qr png bundle.bin --version 8 --module 2 --quiet 6 -o small
decode small/frame-*.png >small.txt
cmp -s want.txt small.txt; ok $? "small modules with a wide margin still decode"
w1=$(od -An -tu1 -j16 -N4 png/frame-001.png | awk '{print $3*256+$4}')
w2=$(od -An -tu1 -j16 -N4 small/frame-001.png | awk '{print $3*256+$4}')
[ "$w1" -eq $(((49 + 8) * 8)) ] && [ "$w2" -eq $(((49 + 12) * 2)) ]
ok $? "picture sides follow --module and --quiet ($w1, $w2)"

# pHYs after IHDR: 11811 pixels a metre both ways (300 dpi), unit metre.
od -An -tx1 -j33 -N17 png/frame-001.png | tr -d ' \n' >phys.txt
[ "$(cat phys.txt)" = "000000097048597300002e2300002e2301" ]
ok $? "the PNGs carry their resolution: 300 dots per inch ($(cat phys.txt))"

fake_bundle 300 small.bin
xf qr png small.bin -o one >/dev/null
decode one/frame-*.png >one.txt
xf qr frames small.bin | sort >one-want.txt
cmp -s one.txt one-want.txt; ok $? "a small bundle at the default version decodes"

fake_bundle 17000000 huge.bin zero
xf qr frames huge.bin >/dev/null 2>err.txt
[ $? -eq 1 ] && grep -q "USB" err.txt; ok $? "a bundle too large for QR says to use USB"
# Two-byte frame numbers: 2 MB fit at the default version, not at 3.
fake_bundle 2000000 big.bin zero
xf qr frames big.bin --count 1 >/dev/null 2>err.txt
ok $? "a 2 MB bundle is cut into frames at the default version"
xf qr frames big.bin --version 3 >/dev/null 2>err.txt
[ $? -eq 1 ] && grep -q "needs QR version 4 or larger" err.txt
ok $? "at version 3 it says which version it needs"
xf qr frames small.bin --version 2 >/dev/null 2>err.txt
[ $? -eq 2 ] && grep -q "version" err.txt; ok $? "--version below 3 is refused"
: >empty.bin
xf qr frames empty.bin >/dev/null 2>err.txt
[ $? -eq 1 ] && grep -q "empty" err.txt; ok $? "an empty bundle is refused"
head -c 3000 /dev/urandom >notabundle.bin
xf qr frames notabundle.bin >out.txt 2>err.txt
[ $? -eq 1 ] && [ ! -s out.txt ] && grep -q "is not a xunfang sync bundle" err.txt
ok $? "a file that is no bundle is refused before a frame is cut: $(cat err.txt)"

done_testing
