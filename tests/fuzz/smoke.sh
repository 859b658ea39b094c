#!/bin/sh
# Run each libFuzzer target for a while on a copy of its seed corpus and
# say how many inputs it ran; fail if any target finds a crash.
# usage: smoke.sh CORPUS-DIR WORK-DIR SECONDS TARGET...
corpus=$1 work=$2 secs=$3
shift 3
status=0
# A smaller quarantine and shorter allocation stacks: several times the
# executions a second, use-after-free still caught within 16 MiB.
ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=4}
export ASAN_OPTIONS
rm -rf "$work"
mkdir -p "$work" || exit 1
for t in "$@"; do
	name=$(basename "$t")
	mkdir -p "$work/$name" "$work/$name.crash" || exit 1
	cp "$corpus/$name"/* "$work/$name"/ 2>/dev/null
	log="$work/$name.log"
	if "$t" -max_total_time="$secs" -print_final_stats=1 \
	    -artifact_prefix="$work/$name.crash/" "$work/$name" >"$log" 2>&1
	then
		res=ok
	else
		res=FAILED
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	size=$(ls "$work/$name" | wc -l)
	echo "fuzz $name: $res, ${execs:-?} execs, ${rate:-?} exec/s," \
	    "corpus $size inputs"
	if [ "$res" = FAILED ]; then
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" |
		    head -20
		echo "  (whole log: $log)"
	fi
done
exit $status
