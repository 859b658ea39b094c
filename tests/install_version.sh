#!/bin/sh
# xunfang --version: the version, the libraries it runs with, and whether
# translations are on.
. "$XF_SRCDIR/tests/lib.sh"

out=$("$XUNFANG" --version)
ok $? "--version succeeds"
echo "$out" | sed 's/^/# /'
ver=$(sed -n 's/^PACKAGE_VERSION = //p' "$XF_BUILDDIR/Makefile")
[ -n "$ver" ] && [ "$(echo "$out" | head -1)" = "xunfang $ver" ]
ok $? "the first line is the program's version ($ver)"

# lib NAME PKG: the line for NAME gives the version pkg-config knows.
lib() {
	want=$(pkg-config --modversion "$2")
	echo "$out" | grep -qx "$1 $want"
	ok $? "$1 $want is named"
}
lib SQLite sqlite3
lib libsodium libsodium
lib zlib zlib
lib libqrencode libqrencode
echo "$out" | grep -Eq '^ncurses [0-9]+\.[0-9]+'
ok $? "the curses library is named"

if grep -q '^#define ENABLE_NLS 1' "$XF_BUILDDIR/config.h"; then nls=on
else nls=off; fi
echo "$out" | grep -qx "NLS: $nls"
ok $? "NLS: $nls, as configured"
"$XUNFANG" --version --db /nonexistent/x.db >/dev/null 2>"$T_DIR/err" &&
    [ ! -s "$T_DIR/err" ]
ok $? "--version needs no store and no configuration"
done_testing
