# Helpers of the tests with a real gpsd: gpsfake on a port of the test's
# own, NMEA logs made by tests/nmea.py, and a store whose configuration
# points at that gpsd with three placed checkpoints and their plaques
# (A 村口, B 小学 of radius 30, C 水库 2.2 km on).
PATH="$PATH:/usr/sbin:/sbin"
PORT=$((20000 + $$ % 20000))
GF=

# gps_at LOG: gpsd (under gpsfake) on PORT replaying LOG over and over.
gps_at() {
	gps_stop
	gpsfake -P "$PORT" -c "${CYCLE:-0.1}" -q "$1" >gpsfake.log 2>&1 &
	GF=$!
	i=0
	while [ $i -lt 50 ] && ! python3 -c "
import socket, sys
socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
}
gps_stop() {
	[ -n "$GF" ] || return 0
	kill "$GF" 2>/dev/null
	wait "$GF" 2>/dev/null
	GF=
}
nmea() {
	python3 "$XF_SRCDIR/tests/nmea.py" "$@"
}
trap 'gps_stop; command -v tm >/dev/null && tm kill-server 2>/dev/null' EXIT

make_store
mkdir -p "$XDG_CONFIG_HOME/xunfang"
echo "gpsd = 127.0.0.1:$PORT" >"$XDG_CONFIG_HOME/xunfang/config"
xf add village name=张村 >/dev/null &&
A=$(xf add checkpoint name=村口 village=张村 lat=30.5 lon=104.0) &&
B=$(xf add checkpoint name=小学 village=张村 lat=30.502000 lon=104 \
    radius=30) &&
C=$(xf add checkpoint name=水库 village=张村 lat=30.520000 \
    lon=104.000000) &&
xf checkpoint plaque -o out >plaques
ok $? "three checkpoints with positions and their plaques"
code() {
	sed -n "s/.*: $1, serial 1, short code //p" plaques
}
