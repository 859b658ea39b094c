#!/bin/sh
# The manual pages are lint-clean and document every command.
. "$XF_SRCDIR/tests/lib.sh"

for page in "$XF_SRCDIR"/man/*.[0-9]; do
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1)
	[ -z "$out" ]
	ok $? "$(basename "$page") is lint-clean"
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
done
for c in $("$XUNFANG" --help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
	grep -q "^\.It Cm $c\b" "$XF_SRCDIR/man/xunfang.1"
	ok $? "xunfang(1) documents the $c command"
done
grep -q 'EXIT STATUS' "$XF_SRCDIR/man/xunfang.1"
ok $? "xunfang(1) gives the exit status"
done_testing
