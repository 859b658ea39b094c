#!/bin/sh
# How `make check-valgrind` judges its memcheck logs (tests/valgrind_logs.sh):
# memory errors and crashes always fail, a definite leak fails unless a
# signal from outside ended the run, and a run killed outright with
# SIGKILL leaves nothing to judge.
. "$XF_SRCDIR/tests/lib.sh"

JUDGE="$XF_SRCDIR/tests/valgrind_logs.sh"
V="$T_DIR/vg"
mkdir -p "$V"

# vglog NAME ERRORS CONTEXTS [LINE...]: a log in memcheck's own words.
vglog() {
	f="$V/$1.log" n=$2 c=$3
	shift 3
	{
		echo "==1== Memcheck, a memory error detector"
		echo "==1== Command: xunfang list village"
		for line in "$@"; do echo "==1== $line"; done
		echo "==1== ERROR SUMMARY: $n errors from $c contexts (suppressed: 0 from 0)"
	} > "$f"
}
LEAK='55 bytes in 1 blocks are definitely lost in loss record 182 of 446'
PIPE='Process terminating with default action of signal 13 (SIGPIPE)'
HUP='Process terminating with default action of signal 1 (SIGHUP)'

vglog clean 0 0
vglog pipe-leak 1 1 "$PIPE" "$LEAK"
sh "$JUDGE" "$V" > "$T_DIR/out"
rc=$?
[ $rc -eq 0 ] && grep -q '2 runs of xunfang, 0 with memcheck errors; leaks set aside in 1 ended' "$T_DIR/out"
ok $? "a leak of a run ended by SIGPIPE is set aside and counted"

vglog exit-leak 1 1 "$LEAK"
vglog hup-read 2 2 "$HUP" 'Invalid read of size 4' "$LEAK"
printf '==1== Memcheck, a memory error detector\n' > "$V/killed.log"
sh "$JUDGE" "$V" > "$T_DIR/out"
rc=$?
[ $rc -eq 1 ]
ok $? "a leak at a normal exit or a memory error fails the run"
grep -q '5 runs of xunfang, 2 with memcheck errors; leaks set aside in 1 ended' "$T_DIR/out"
ok $? "the counts name five runs, two failed, one set aside"
grep -q "== $V/exit-leak.log" "$T_DIR/out" &&
    grep -q "== $V/hup-read.log" "$T_DIR/out" &&
    grep -q 'Invalid read of size 4' "$T_DIR/out" &&
    ! grep -q "== $V/pipe-leak.log" "$T_DIR/out" &&
    ! grep -q "== $V/clean.log" "$T_DIR/out" &&
    ! grep -q "== $V/killed.log" "$T_DIR/out"
ok $? "the failed logs are printed whole, and only they"

rm -f "$V"/*.log
vglog abort-leak 1 1 'Process terminating with default action of signal 6 (SIGABRT)' "$LEAK"
vglog segv 0 0 'Process terminating with default action of signal 11 (SIGSEGV)' \
    'Stack overflow in thread #1: can'"'"'t grow stack to 0x1ffe801000'
vglog term-leak 1 1 'Process terminating with default action of signal 15 (SIGTERM)' "$LEAK"
vglog alarm-leak 1 1 'Process terminating with default action of signal 14 (SIGALRM)' "$LEAK"
sh "$JUDGE" "$V" > "$T_DIR/out"
[ $? -eq 1 ] && grep -q '4 runs of xunfang, 3 with memcheck errors; leaks set aside in 1 ended' "$T_DIR/out" &&
    grep -q "== $V/abort-leak.log" "$T_DIR/out" && grep -q "== $V/segv.log" "$T_DIR/out" &&
    grep -q "== $V/alarm-leak.log" "$T_DIR/out"
ok $? "a crash fails the run even with no memory error; only SIGTERM and its like excuse a leak"

rm -f "$V"/*.log
i=0
while [ $i -lt 40 ]; do
	vglog "leak$i" 1 1 "$LEAK" "at 0x0: malloc" "by 0x0: one" "by 0x0: two" \
	    "by 0x0: three" "by 0x0: four" "by 0x0: five"
	i=$((i + 1))
done
sh "$JUDGE" "$V" > "$T_DIR/out"
[ $? -eq 1 ] && [ "$(wc -l < "$T_DIR/out")" -eq 302 ] &&
    grep -q '40 runs of xunfang, 40 with memcheck errors' "$T_DIR/out"
ok $? "many failed logs are cut at 300 lines, and all are counted"

done_testing
