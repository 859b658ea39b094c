#!/bin/sh
# make install with DESTDIR puts every file in its place, the installed
# program finds its translations, and make uninstall takes it all away.
. "$XF_SRCDIR/tests/lib.sh"

DEST="$T_DIR/dest"
# A make of its own, not a job of the make running the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
check "make install DESTDIR=... succeeds" \
    make -s -C "$XF_BUILDDIR" install DESTDIR="$DEST"

# has WHAT PATTERN: one installed file matches the path pattern.
has() {
	n=$(find "$DEST" -type f -path "$2" | wc -l)
	[ "$n" -eq 1 ]
	ok $? "$1 is installed ($2)"
}
has "the program" '*/bin/xunfang'
has "xunfang(1)" '*/man/man1/xunfang.1'
has "xunfang-bundle(5)" '*/man/man5/xunfang-bundle.5'
has "xunfang.conf(5)" '*/man/man5/xunfang.conf.5'
has "the zh_CN catalogue" '*/locale/zh_CN/LC_MESSAGES/xunfang.mo'
has "the bash completion" '*/share/bash-completion/completions/xunfang'
has "the example configuration" '*/doc/xunfang/examples/config.example'

bin=$(find "$DEST" -type f -path '*/bin/xunfang')
[ -x "$bin" ] && "$bin" --version | head -1 | grep -q '^xunfang '
ok $? "the installed program runs"
loc=$(find "$DEST" -type d -path '*/share/locale' | head -1)
setup_zh
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 XUNFANG_LOCALEDIR="$loc" "$bin" --help |
    grep -q '命令'
ok $? "the installed catalogue translates the program"
mandoc -Tlint -Wwarning "$(find "$DEST" -path '*/man5/xunfang.conf.5')" \
    >"$T_DIR/lint" 2>&1 && [ ! -s "$T_DIR/lint" ]
ok $? "the installed xunfang.conf(5) is lint-clean"
grep -q '^#idle_lock_minutes = 10$' \
    "$(find "$DEST" -path '*/examples/config.example')"
ok $? "the example configuration has every setting commented out"

check "make uninstall DESTDIR=... succeeds" \
    make -s -C "$XF_BUILDDIR" uninstall DESTDIR="$DEST"
left=$(find "$DEST" -type f)
[ -z "$left" ]
ok $? "make uninstall leaves no files"
[ -z "$left" ] || echo "$left" | sed 's/^/# left: /'
done_testing
