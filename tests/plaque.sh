#!/bin/sh
# Checkpoint plaques: a PNG at 300 dpi and an A4 PDF per village whose QR
# code decodes to a signed text; ticks from it carry method scan, and a
# reprinted, forged or other village's plaque is recorded but flagged.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

make_store
xf add village name=张村 >/dev/null &&
xf add village name=李村 >/dev/null &&
CP=$(xf add checkpoint name=村口卡口 type=卡口 village=张村) &&
xf add checkpoint name=小学门口 village=张村 >/dev/null &&
CL=$(xf add checkpoint name=李村桥头 village=李村) &&
P=$(xf add patrol type=foot village=张村 route=村里)
ok $? "two villages, three checkpoints and a patrol"

xf checkpoint plaque -o out >log 2>err
ok $? "checkpoint plaque writes the plaques: $(cat err)"
png="out/plaque-$(echo "$CP" | cut -c1-8).png"
[ -f "$png" ] && [ -f out/plaques.pdf ] && [ "$(ls out | wc -l)" -eq 4 ]
ok $? "one PNG per checkpoint and one PDF: $(ls out | tr '\n' ' ')"
grep -q "plaque-$(echo "$CP" | cut -c1-8).png: 村口卡口, serial 1, short code [A-Z2-7]\{8\}" log
ok $? "each plaque is listed with its serial and short code: $(head -1 log)"

python3 - "$png" >dpi <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n'
i, w, h, phys = 8, 0, 0, None
while i < len(d):
    n, t = struct.unpack('>I4s', d[i:i + 8])
    body = d[i + 8:i + 8 + n]
    if t == b'IHDR':
        w, h = struct.unpack('>II', body[:8])
    if t == b'pHYs':
        phys = struct.unpack('>IIB', body)
    i += 12 + n
x, y, u = phys
print('%dx%d %.0fdpi %.0fdpi unit%d' % (w, h, x * 0.0254, y * 0.0254, u))
PY
grep -qx '1181x1654 300dpi 300dpi unit1' dpi
ok $? "the PNG is 10x14 cm at 300 dpi by its pHYs chunk: $(cat dpi)"

pdfinfo out/plaques.pdf >info 2>&1
grep -q '^Pages: *2$' info && grep -q '^Page size:.*(A4)' info
ok $? "the PDF is A4, one sheet per village: $(grep -E 'Pages|Page size' info | tr '\n' ' ')"
pdftotext out/plaques.pdf text.txt && grep -q 村口卡口 text.txt &&
    grep -q 李村桥头 text.txt && grep -q 卡口 text.txt
ok $? "the PDF's text holds the checkpoints' Chinese names"

zbarimg -q --raw "$png" >qr 2>/dev/null
PAY=$(head -1 qr)
echo "$PAY" | grep -Eq '^XFP1:[A-Z2-7]{135}$'
ok $? "zbarimg reads the plaque's QR code: ${PAY%"${PAY#?????????????}"}..."
pdftoppm -r 150 -png -f 1 -l 1 out/plaques.pdf page >/dev/null 2>&1 &&
    zbarimg -q --raw page*.png 2>/dev/null | grep -qx "$PAY"
ok $? "the plaque rasterised from the PDF decodes to the same text"

xf tick "$P" "$PAY" >tick 2>err
ok $? "tick from the scanned text: $(cat tick err)"
grep -q '^Ticked 村口卡口 (scanned)\.$' tick && [ ! -s err ]
ok $? "the tick names the checkpoint and no warning"
xf list patrol --csv >l.csv
grep -Eq "村口卡口\|[^|;]*\|scan\|\|nogps[,;]" l.csv
ok $? "the patrol's point has method scan: $(grep -o "村口卡口[^;,]*" l.csv | head -1)"

CODE=$(sed -n 's/.*小学门口, serial 1, short code \([A-Z2-7]*\)$/\1/p' log)
xf tick "$P" "$(echo "$CODE" | cut -c1-4)-$(echo "$CODE" | cut -c5-8)" >tick 2>err
grep -q '^Ticked 小学门口 (short code)\.$' tick && [ ! -s err ]
ok $? "the short code typed ticks the checkpoint ($CODE): $(cat tick err)"
xf list patrol --csv | grep -q "|manual|"
ok $? "and the point has method manual"

LPAY=$(zbarimg -q --raw "out/plaque-$(echo "$CL" | cut -c1-8).png" 2>/dev/null)
xf tick "$P" "$LPAY" >tick 2>err
ok $? "another village's plaque still ticks"
grep -q 'plaque of another village' err
ok $? "with a message saying which: $(cat err)"
xf list patrol --csv | grep -q "李村桥头|[^|;]*|scan|other_village"
ok $? "and the point flagged other_village"

# A changed byte in the signature.
BAD=$(echo "$PAY" | awk '{ c = substr($0, 80, 1); r = (c == "A") ? "B" : "A"; print substr($0, 1, 79) r substr($0, 81) }')
[ "$BAD" != "$PAY" ]
ok $? "a plaque text with one changed signature letter"
xf tick "$P" "$BAD" >tick 2>err
grep -q 'plaque not genuine' err
ok $? "a forged plaque ticks but is flagged not genuine: $(cat err)"
xf list patrol --csv | grep -q "村口卡口|[^|;]*|scan|forged"
ok $? "the point is flagged forged"

xf checkpoint plaque --village 张村 -o out2 >log2 2>err
ok $? "reprint the plaques of one village: $(cat err)"
[ "$(ls out2 | wc -l)" -eq 3 ] && grep -q '村口卡口, serial 2' log2
ok $? "only its two checkpoints, at serial 2"
xf tick "$P" "$PAY" >tick 2>err
grep -q 'stale plaque' err
ok $? "the old plaque is now stale: $(cat err)"
xf list patrol --csv | grep -q "村口卡口|[^|;]*|scan|stale"
ok $? "and the point flagged stale"
xf tick "$P" "$CODE" >tick 2>err
grep -q 'stale plaque' err
ok $? "the old short code too: $(cat err)"
NEW=$(zbarimg -q --raw "out2/plaque-$(echo "$CP" | cut -c1-8).png" 2>/dev/null)
xf tick "$P" "$NEW" >tick 2>err && [ ! -s err ]
ok $? "the new plaque ticks with no flag"

xf tick "$P" "XFP1:AAAA" >tick 2>err
[ $? -ne 0 ] && grep -q 'neither a plaque' err
ok $? "a text that is no plaque is refused: $(cat err)"

mkdir real && ln -s real link
xf checkpoint plaque -o link >o 2>err
[ $? -ne 0 ] && [ -z "$(ls real)" ] && grep -q 'link is not a folder' err
ok $? "-o through a symbolic link is refused: $(cat err)"
mkdir out3 && ln -s ../victim "out3/plaques.pdf"
xf checkpoint plaque -o out3 >o 2>err
[ $? -ne 0 ] && [ ! -e victim ] && [ -L out3/plaques.pdf ] &&
    grep -q "out3/plaques.pdf is not a regular file" err
ok $? "a link planted under a plaque's name is neither followed nor replaced: $(cat err)"
[ "$(ls out3)" = plaques.pdf ] && xf list checkpoint --csv | tr -d '\r' | grep -q '^[0-9a-f]*,村口卡口,.*,2,,,$'
ok $? "a refused printing writes no plaque and keeps the serials: $(xf list checkpoint --csv | grep 村口卡口)"

# contrib/xunfang-scan -p: a webcam (here a stand-in zbarcam) ticks the
# plaques it reads, other QR codes passed over.
P2=$(xf add patrol type=foot village=张村 route=二巡)
mkdir bin
cat >bin/zbarcam <<EOS
#!/bin/sh
echo "XFB1:not a plaque"
echo "$NEW"
EOS
cat >bin/xf <<EOS
#!/bin/sh
exec "$XUNFANG" --passphrase-file "$PASS" "\$@"
EOS
chmod +x bin/zbarcam bin/xf
: >video7
PATH="$T_DIR/bin:$PATH" XUNFANG="$T_DIR/bin/xf" \
    sh "$XF_SRCDIR/contrib/xunfang-scan" -n -d video7 -p "$P2" >scan 2>err
ok $? "xunfang-scan -p ticks what the camera reads: $(cat scan err)"
grep -qx 'Ticked 村口卡口 (scanned).' scan && [ ! -s err ]
ok $? "...the plaque once, the other code passed over"
xf list patrol --csv | grep -q ',二巡,村口卡口|[^|;]*|scan||nogps,'
ok $? "and the patrol has the point with method scan"
printf '%s\n\n%s\n' "$NEW" "$BAD" | xf tick "$P2" - >scan 2>err
[ "$(grep -c '^Ticked 村口卡口 (scanned)' scan)" -eq 2 ] &&
    grep -q 'plaque not genuine' err
ok $? "tick PATROL - takes the codes a line each: $(cat scan err | tr '\n' ' ')"

setup_zh
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xf tick "$P" "$BAD" >tick 2>err
grep -q '签名无效' err && grep -q '小学门口\|村口卡口' tick
ok $? "the messages in Chinese: $(cat tick err)"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xf show "$P" >show
grep -q '扫码' show && grep -q '签名无效' show && grep -q '旧标牌' show
ok $? "show names the method and flags in Chinese"

done_testing
