# Shared setup for the shell tests: a private HOME and store per test, TAP
# output, and a zh_CN.UTF-8 locale built locally when the system lacks one.
set -u

: "${XUNFANG:?run the tests with make check}"
: "${XF_SRCDIR:?run the tests with make check}"
: "${XF_BUILDDIR:?run the tests with make check}"

T_NAME=$(basename "$0" .sh)
T_DIR="$XF_BUILDDIR/tests/tmp/$T_NAME.$$"
rm -rf "$T_DIR"
mkdir -p "$T_DIR/home"
HOME="$T_DIR/home"
XDG_DATA_HOME="$HOME/.local/share"
XDG_CONFIG_HOME="$HOME/.config"
TZ=Asia/Shanghai
LC_ALL=C.UTF-8
LANG=C.UTF-8
unset LANGUAGE
export HOME XDG_DATA_HOME XDG_CONFIG_HOME TZ LC_ALL LANG
# Leaks of the drawing libraries are theirs (see tests/lsan.supp).
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$XF_SRCDIR/tests/lsan.supp"
export LSAN_OPTIONS
DB="$XDG_DATA_HOME/xunfang/xunfang.db"
PASS="$T_DIR/pass"
printf '%s\n' '夜巡 correct horse 2026' > "$PASS"

t_n=0
t_failed=0
ok() {
	t_n=$((t_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $t_n - $2"
	else
		echo "not ok $t_n - $2"
		t_failed=$((t_failed + 1))
	fi
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	d=$1
	shift
	if "$@" >"$T_DIR/check.out" 2>&1; then ok 0 "$d"; else
		ok 1 "$d"
		sed 's/^/# /' "$T_DIR/check.out"
	fi
}
done_testing() {
	echo "1..$t_n"
	if [ "$t_failed" -eq 0 ]; then rm -rf "$T_DIR"; fi
	[ "$t_failed" -eq 0 ]
}

# at_time WHEN COMMAND...: run a command with the clock at WHEN, in
# faketime's syntax ("@2026-12-02 23:30:00", "+3y"). libfaketime is
# preloaded directly: the faketime wrapper names a semaphore after its
# process id, and two tests run at once can clash on it ("sem_open: File
# exists"), failing the command.
FAKETIME_LIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
at_time() {
	_at=$1
	shift
	if [ -n "$FAKETIME_LIB" ]; then
		# A sanitizer build's runtime then comes second: let it.
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    LD_PRELOAD="$FAKETIME_LIB${LD_PRELOAD:+:$LD_PRELOAD}" \
		    FAKETIME="$_at" "$@"
	else
		faketime -f "$_at" "$@"
	fi
}

# text_width FILE: the widest line, counting wide characters as two
# columns, as a terminal shows them.
text_width() {
	python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
                  for c in s)
print(max(w(l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8')))
" "$1"
}

# xf ARGS: run xunfang on the test's store with the test passphrase.
xf() {
	"$XUNFANG" --passphrase-file "$PASS" "$@"
}

# A small store: fast key derivation so the suite stays quick.
make_store() {
	xf init --role "${1:-device}" --name "${2:-张村笔记本}" \
	    --user "${3:-officer1}" --kdf-memory 8 >/dev/null
}

# Make the translations and a zh_CN.UTF-8 locale available to xunfang.
setup_zh() {
	# Compile the catalogue as it is in the sources now: an installed or
	# earlier-built one may be older.
	mkdir -p "$T_DIR/locale/zh_CN/LC_MESSAGES"
	msgfmt -o "$T_DIR/locale/zh_CN/LC_MESSAGES/xunfang.mo" \
	    "$XF_SRCDIR/po/zh_CN.po" ||
	    { echo "Bail out! po/zh_CN.po does not compile"; exit 1; }
	XUNFANG_LOCALEDIR="$T_DIR/locale"
	export XUNFANG_LOCALEDIR
	if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
		lp="$XF_BUILDDIR/tests/tmp/locales"
		if [ ! -d "$lp/zh_CN.UTF-8" ]; then
			mkdir -p "$lp"
			localedef -i zh_CN -f UTF-8 "$lp/zh_CN.UTF-8" 2>/dev/null ||
			    { echo "Bail out! no zh_CN.UTF-8 locale (install locales)"; exit 1; }
		fi
		LOCPATH="$lp"
		export LOCPATH
	fi
}

# waitfor SECONDS COMMAND...: true once the command succeeds.
waitfor() {
	n=$(($1 * 5))
	shift
	while [ $n -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

# fake_bundle BYTES FILE [zero]: BYTES that begin as a bundle does (its
# magic and format version), the rest random (or zeros): enough for the
# QR tests, which carry bytes and never import them.
fake_bundle() {
	{ printf 'XFB\001'
	  if [ "${3:-}" = zero ]; then head -c $(($1 - 4)) /dev/zero
	  else head -c $(($1 - 4)) /dev/urandom; fi; } > "$2"
}

# make_peers NAME...: a store NAME.db in the test folder for each name, the
# station for "st" and devices for the others, each with its identity
# exported to NAME.id; exits the test if one cannot be made.
make_peers() {
	for s in "$@"; do
		role=device; [ "$s" = st ] && role=station
		xf --db "$T_DIR/$s.db" init --role $role --name "$s 机" \
		    --user "u$s" --kdf-memory 8 >/dev/null &&
		xf --db "$T_DIR/$s.db" id --export "$T_DIR/$s.id" >/dev/null ||
		    { echo "Bail out! cannot make the store $s"; exit 1; }
	done
}

# A station and one laptop a (王警官 of 张村), enrolled both ways; exits
# the test if that fails.
make_pair() {
	make_peers st a
	xf --db "$T_DIR/a.db" enroll "$T_DIR/st.id" >/dev/null &&
	xf --db "$T_DIR/st.db" enroll "$T_DIR/a.id" --name 王警官 \
	    --village 张村 >/dev/null || { echo "Bail out! cannot enrol"; exit 1; }
}

# A station and laptops a and b of one village (张村), enrolled both ways.
make_village() {
	make_peers st a b
	xf --db "$T_DIR/a.db" enroll "$T_DIR/st.id" >/dev/null &&
	xf --db "$T_DIR/b.db" enroll "$T_DIR/st.id" >/dev/null &&
	xf --db "$T_DIR/st.db" enroll "$T_DIR/a.id" --name 王警官 \
	    --village 张村 >/dev/null &&
	xf --db "$T_DIR/st.db" enroll "$T_DIR/b.id" --name 李队长 \
	    --village 张村 >/dev/null
}
