#!/bin/sh
# The README's first quick-start command: it makes the zh_CN.UTF-8 locale
# when it is missing and opens the demo in Chinese. The command runs with
# the installers stubbed out and /etc/locale.gen moved into the test
# folder; its last step, the demo, runs for real in tmux.
. "$XF_SRCDIR/tests/lib.sh"
. "$XF_SRCDIR/tests/tui_lib.sh"

cmd=$(sed -n 's/^    \$ \(apt-get .*\)$/\1/p' "$XF_SRCDIR/README.md" | head -1)
[ -n "$cmd" ] || { echo "Bail out! no apt-get command in README.md"; exit 1; }
test_cmd=$(sed -n 's/^    \$ \(autoreconf .*check\)$/\1/p' "$XF_SRCDIR/README.md")
check "README still has the test command .ci/run looks for" \
    test "$test_cmd" = "autoreconf -fi && ./configure && make -j2 check"

case $cmd in *locale-gen*) r=0 ;; *) r=1 ;; esac
ok $r "the first command runs locale-gen"
case $cmd in *"/etc/locale.gen"*) r=0 ;; *) r=1 ;; esac
ok $r "the first command edits /etc/locale.gen"
case $cmd in *"LANG=zh_CN.UTF-8 xunfang") r=0 ;; *) r=1 ;; esac
ok $r "the first command opens xunfang under LANG=zh_CN.UTF-8"
case $cmd in *sudo*) r=1 ;; *) r=0 ;; esac
ok $r "the first command works as root without sudo"

# run_stubbed HAVE_ZH: the whole first command with every installer and
# xunfang stubbed; they log to $T_DIR/log. HAVE_ZH=1 when locale -a lists
# zh_CN.utf8 already.
run_stubbed() {
	: >"$T_DIR/log"
	c=$(printf '%s' "$cmd" | sed "s|/etc/locale.gen|$T_DIR/locale.gen|g")
	HAVE_ZH=$1 LOG="$T_DIR/log" bash -c '
	apt-get() { echo "apt-get $*" >>"$LOG"; }
	autoreconf() { :; }
	./configure() { :; }
	make() { :; }
	locale() { printf "C\nC.utf8\nPOSIX\n"; [ "$HAVE_ZH" = 0 ] || echo zh_CN.utf8; }
	locale-gen() { echo locale-gen >>"$LOG"; }
	xunfang() { echo "xunfang LANG=$LANG $*" >>"$LOG"; }
	'"$c"
}

printf '# zh_CN GB2312\n# zh_CN.UTF-8 UTF-8\n# en_US.UTF-8 UTF-8\n' \
    >"$T_DIR/locale.gen"
run_stubbed 0
ok $? "the command runs through with a commented zh_CN line"
check "it uncomments zh_CN.UTF-8 and nothing else" test \
    "$(grep -v '^#' "$T_DIR/locale.gen")" = "zh_CN.UTF-8 UTF-8"
check "it runs locale-gen" grep -qx locale-gen "$T_DIR/log"
check "it opens the demo under LANG=zh_CN.UTF-8" test \
    "$(grep '^xunfang' "$T_DIR/log")" = \
    "$(printf 'xunfang LANG=zh_CN.UTF-8 demo\nxunfang LANG=zh_CN.UTF-8 ')"

printf '# en_US.UTF-8 UTF-8\n' >"$T_DIR/locale.gen"
run_stubbed 0
ok $? "the command runs through without a zh_CN line"
check "it appends zh_CN.UTF-8" test \
    "$(grep -v '^#' "$T_DIR/locale.gen")" = "zh_CN.UTF-8 UTF-8"
check "it runs locale-gen" grep -qx locale-gen "$T_DIR/log"

printf '# en_US.UTF-8 UTF-8\n' >"$T_DIR/locale.gen"
run_stubbed 1
ok $? "the command runs through with the locale made already"
check "it leaves locale.gen alone then" test \
    "$(cat "$T_DIR/locale.gen")" = "# en_US.UTF-8 UTF-8"
! grep -q locale-gen "$T_DIR/log"
ok $? "and does not run locale-gen"

# The demo step for real: xunfang on the PATH, a fresh root shell's
# environment (no LANG, LC_ALL or LANGUAGE), the locale from setup_zh.
setup_zh
demo=${cmd##*make install && }
mkdir -p "$T_DIR/bin"
ln -s "$XUNFANG" "$T_DIR/bin/xunfang"
printf '%s\n' "$demo" >"$T_DIR/demo.sh"
tm kill-server 2>/dev/null
tm new-session -d -s t -x 80 -y 24 \
    "env -u LANG -u LC_ALL -u LANGUAGE HOME='$HOME' \
    XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' \
    TZ='$TZ' TERM='$TUI_TERM' PATH='$T_DIR/bin':\"\$PATH\" \
    XUNFANG_LOCALEDIR='${XUNFANG_LOCALEDIR:-}' LOCPATH='${LOCPATH:-}' \
    bash '$T_DIR/demo.sh'; rc=\$?; stty -echo; echo \"[exited \$rc]\"; sleep 600"
trap 'tm kill-server 2>/dev/null' EXIT
check "the demo opens on the Chinese unlock screen" tui_wait "用户名："
tui_type trainer
tui_keys Tab
tui_type xunfang-demo
tui_keys Enter
check "the demo's home screen is in Chinese" tui_wait "首页"
check "with today's patrols in Chinese" tui_wait "今日巡逻"
! tui_screen | grep -q 'Home\|Patrols today'
ok $? "and no English title"
tui_keys F10
check "quits cleanly" tui_wait "[exited 0]"
done_testing
