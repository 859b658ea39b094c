#!/bin/sh
# The bash completion, loaded as bash-completion loads it and called as
# bash calls it: commands, options, kinds, fields, choices, report names
# and files. It asks the program, never the store.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$XF_SRCDIR/tests/lib.sh"

. /usr/share/bash-completion/bash_completion ||
    { echo "Bail out! no bash-completion (apt-get install bash-completion)"
    exit 1; }
. "$XF_SRCDIR/contrib/xunfang.bash-completion"
# The program under test as "xunfang"; no store exists, and none is made.
mkdir -p "$T_DIR/bin"
ln -s "$XUNFANG" "$T_DIR/bin/xunfang"
PATH="$T_DIR/bin:$PATH"
cd "$T_DIR" || exit 1

# comp LINE: complete at the end of LINE as bash would, splitting words at
# spaces and at '=' (COMP_WORDBREAKS); the answers are in COMPREPLY.
comp() {
	local line=$1 w
	COMP_LINE=$line
	COMP_POINT=${#line}
	w=${line//=/ = }
	read -ra COMP_WORDS <<<"$w"
	[[ $line == *" " || $line == *= ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_xunfang xunfang "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}"
}
# has WORD: COMPREPLY holds WORD.
has() {
	local r
	for r in "${COMPREPLY[@]}"; do [[ $r == "$1" ]] && return 0; done
	echo "# COMPREPLY: ${COMPREPLY[*]}"
	return 1
}
# only WORDS...: COMPREPLY is exactly these words, in any order.
only() {
	local got want
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[[ $got == "$want" ]] || { echo "# COMPREPLY: $got"; return 1; }
}

comp "xunfang "
has add && has report && has kinds && has tui
ok $? "subcommands from xunfang --help"
comp "xunfang --db store.db re"
only report review revoke
ok $? "a command after a global option and its argument"
comp "xunfang --"
has --db && has --version
ok $? "global options"
comp "xunfang add p"
only patrol place plan person
ok $? "kinds of record from xunfang kinds"
comp "xunfang list dis"
only dispute
ok $? "a kind for list"
comp "xunfang add dispute col"
only colour=
ok $? "a field of that kind, ready for its value"
comp "xunfang add patrol st"
only start=
ok $? "the fields of patrol, not those of dispute"
comp "xunfang add dispute colour="
only red orange yellow green
ok $? "the choices of a choice field"
comp "xunfang add patrol type=fo"
only foot
ok $? "a choice by its first letters"
comp "xunfang report d"
only disputes
ok $? "report names"
comp "xunfang report coverage --"
has --days && has --csv && has --no-bom
ok $? "the options of report"
comp "xunfang list patrol --c"
only --csv
ok $? "the options of list"
comp "xunfang init --role "
only device station
ok $? "the roles init takes"

mkdir -p 'usb stick'
: >'usb stick/张村-0001.xfb'
: >bundle.xfb
comp "xunfang import "
has bundle.xfb && has 'usb stick'
ok $? "import completes files"
# In a real interactive bash (readline unquotes what it hands compgen):
# a folder with a space in its name, a file with a Chinese name.
SOCK="comp$$"
tmux -L "$SOCK" -f /dev/null new-session -d -s c -x 120 -y 20 \
    "env -i HOME='$HOME' PATH='$PATH' TERM=xterm LANG=C.UTF-8 \
    bash --norc --noprofile"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null' EXIT
tmux -L "$SOCK" send-keys -t c ". /usr/share/bash-completion/bash_completion;\
 . '$XF_SRCDIR/contrib/xunfang.bash-completion'; cd '$T_DIR'; clear" Enter
sleep 0.5
tmux -L "$SOCK" send-keys -t c 'xunfang import usb' Tab
sleep 0.3
tmux -L "$SOCK" send-keys -t c Tab
i=0
while [ $i -lt 50 ]; do
	tmux -L "$SOCK" capture-pane -p -t c >pane.txt
	grep -qF 'xunfang import usb\ stick/张村-0001.xfb' pane.txt && break
	sleep 0.1
	i=$((i + 1))
done
grep -qF 'xunfang import usb\ stick/张村-0001.xfb' pane.txt ||
    { grep -v '^$' pane.txt | sed 's/^/# | /'; false; }
ok $? "Tab in bash completes a folder with a space and a Chinese file name"
tmux -L "$SOCK" kill-server 2>/dev/null
comp "xunfang --db bun"
only bundle.xfb
ok $? "--db completes a file"
comp "xunfang qr png bundle.xfb -o u"
only 'usb stick'
ok $? "qr png -o completes a folder only"
comp "xunfang qr show bundle.xfb --render h"
only halfblock
ok $? "qr show --render completes the drawings"

[ ! -e "$XDG_DATA_HOME/xunfang" ]
ok $? "completing made no store"
done_testing
