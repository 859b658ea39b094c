# A bundle crosses as QR frames and imports; the station's identity is read
# from its QR code for enrolment.
. "$XF_SRCDIR/tests/lib.sh"
cd "$T_DIR" || exit 1

xs() { xf --db "$T_DIR/st.db" "$@"; }
xd() { xf --db "$T_DIR/dev.db" "$@"; }
xs init --role station --name 城关派出所 --user clerk --kdf-memory 8 >/dev/null &&
    xd init --role device --name 张村笔记本 --user wang --kdf-memory 8 >/dev/null ||
    exit 1

# Enrolment by scanning: the identity's QR code read back by a decoder.
xs id --qr >id.txt
check "id --qr prints the identity with its QR code" grep -q '^Identity:' id.txt
python3 "$XF_SRCDIR/tests/qr_pane.py" id.pgm <id.txt &&
    zbarimg --raw -q id.pgm 2>/dev/null >scanned.id
[ -s scanned.id ] && [ "$(cat scanned.id)" = "$(sed -n 's/^Identity: *//p' id.txt)" ]
ok $? "the QR code decodes to the identity line"
check "the device enrols the station from the scanned code" xd enroll scanned.id
xd id --export dev.id >/dev/null
check "the station enrols the device" xs enroll dev.id --name 王警官 --village 张村

xd add patrol type=foot route=村口到河边 >/dev/null
xd export --to station -o dev1.xfb >/dev/null
ok $? "the device exports a bundle"
# Frames in any order, a fifth of them lost, repair frames in their place.
xf qr frames dev1.xfb --version 5 --count 256 | awk 'NR % 5 != 2' |
    shuf --random-source=dev1.xfb >frames.txt
check "qr read rebuilds the bundle" xf qr read frames.txt -o got.xfb
cmp -s dev1.xfb got.xfb; ok $? "...byte for byte"
xs import got.xfb >imp.out 2>&1
grep -q 'added 1 version ' imp.out; ok $? "the station imports it: $(cat imp.out)"

# The station's reply travels back the same way.
xs export --to 王警官 -o st1.xfb >/dev/null
xf qr frames st1.xfb | sed -n '2,$p' >reply.txt
check "the station's reply is read back from its frames" xf qr read reply.txt -o reply.xfb
cmp -s st1.xfb reply.xfb && xd import reply.xfb >/dev/null
ok $? "...and the device imports it"

done_testing
