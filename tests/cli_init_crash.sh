#!/bin/sh
# A crash at any point of init leaves either no store or one that opens.
. "$XF_SRCDIR/tests/lib.sh"

bad=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	db="$T_DIR/crash$i.db"
	"$XUNFANG" --db "$db" --passphrase-file "$PASS" init --role device \
	    --name 张村 --user officer1 --kdf-memory 32 >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(( (i * 7) % 10 ))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ -e "$db" ]; then
		"$XUNFANG" --db "$db" --passphrase-file "$PASS" list village >/dev/null 2>&1 ||
		    { echo "# run $i: a store exists but does not open"; bad=1; }
	fi
done
ok $bad "init killed at 12 points: every store left behind opens"
"$XUNFANG" --db "$T_DIR/crash1.db" --passphrase-file "$PASS" init --role device \
    --name 张村 --user officer1 --kdf-memory 8 >/dev/null 2>&1 ||
"$XUNFANG" --db "$T_DIR/crash1.db" --passphrase-file "$PASS" list village >/dev/null
ok $? "after a crash, init can be run again or the store opens"
left=$(find "$T_DIR" -name 'crash1.db.init-*' | wc -l)
[ "$left" -eq 0 ]
ok $? "init clears what killed runs left behind ($left files left)"
done_testing
