#!/bin/sh
# valgrind_logs.sh DIR: judge the memcheck logs that `make check-valgrind`
# leaves in DIR, one per run of xunfang. A run fails on any memory error,
# on a crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT), and on a definite
# leak when it ended by itself. A run ended by a signal from outside
# (SIGPIPE when the reader of its output stopped early, SIGHUP when its
# terminal closed, SIGINT, SIGTERM) is judged on its memory errors only:
# what it held at that moment was never going to be freed, and memcheck
# reports it as lost when the signal came in the middle of a library
# call. Prints the failed logs and one line of counts; exits 1 if any run
# failed. A run killed with SIGKILL leaves no summary and is not judged.
dir=${1:?usage: valgrind_logs.sh DIR}
runs=0 set_aside=0 bad=
for f in "$dir"/*.log; do
	[ -e "$f" ] || continue
	runs=$((runs + 1))
	sig=$(sed -n 's/.*Process terminating with default action of signal \([0-9]*\).*/\1/p' "$f" | head -n 1)
	case $sig in
	4|6|7|8|11)	# a crash, whatever memcheck counted
		bad="$bad $f"
		continue;;
	esac
	# "ERROR SUMMARY: N errors from M contexts": each leak is one context.
	ctx=$(sed -n 's/.*ERROR SUMMARY: [0-9]* errors from \([0-9]*\) contexts.*/\1/p' "$f" | tail -n 1)
	[ -n "$ctx" ] && [ "$ctx" -gt 0 ] || continue
	leaks=$(grep -c 'are definitely lost in loss record' "$f")
	case $sig in
	1|2|13|15)
		if [ "$ctx" -eq "$leaks" ]; then
			set_aside=$((set_aside + 1))
			continue
		fi;;
	esac
	bad="$bad $f"
done
if [ -n "$bad" ]; then
	echo "check-valgrind: memcheck errors in:"
	# At most 300 lines of logs, so that one bad run stays readable.
	for f in $bad; do echo "== $f"; cat "$f"; done | head -n 300
fi
echo "check-valgrind: $runs runs of xunfang, $(echo $bad | wc -w)" \
    "with memcheck errors; leaks set aside in $set_aside ended by a signal"
[ -z "$bad" ]
