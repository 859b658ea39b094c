#!/bin/sh
# xunfang under valgrind memcheck, standing in for the program in
# `make check-valgrind`: any memory error or definite leak makes the run
# exit 97 and leaves "ERROR SUMMARY: N" (N > 0) in its log, which
# tests/valgrind_logs.sh judges afterwards (a test that expects a failure
# would not notice the exit status).
: "${XF_VG_BIN:?run it through make check-valgrind}"
: "${XF_VG_LOGS:?run it through make check-valgrind}"
exec valgrind --error-exitcode=97 --leak-check=full \
    --suppressions="${XF_SRCDIR:-$(dirname "$0")/..}/tests/valgrind.supp" \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --num-callers=30 --log-file="$XF_VG_LOGS/xunfang.%p.log" \
    "$XF_VG_BIN" "$@"
