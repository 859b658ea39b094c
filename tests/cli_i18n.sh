#!/bin/sh
# Translations: the zh_CN catalogue covers every string in the sources, and
# under zh_CN.UTF-8 the commands speak Chinese.
. "$XF_SRCDIR/tests/lib.sh"
setup_zh

cd "$XF_SRCDIR" || exit 1
missing=
for f in $(grep -rlE '\b_\(|N_\(' src --include='*.c' | sort); do
	grep -qx "$f" po/POTFILES.in || missing="$missing $f"
done
[ -z "$missing" ]
ok $? "every source file with translatable strings is in po/POTFILES.in${missing:+: missing$missing}"

xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -c -o "$T_DIR/all.pot" \
    $(grep -v '^#' po/POTFILES.in) 2>"$T_DIR/xg.err"
ok $? "xgettext reads the sources"
msgmerge -q --no-fuzzy-matching -o "$T_DIR/merged.po" po/zh_CN.po "$T_DIR/all.pot" 2>/dev/null
untranslated=$(msgattrib --untranslated --no-obsolete "$T_DIR/merged.po" | grep -c '^msgid ' )
# The header entry counts as one when anything is listed at all.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$untranslated" -eq 0 ]
ok $? "every string has a zh_CN translation ($untranslated missing)"
[ "$untranslated" -eq 0 ] || msgattrib --untranslated --no-obsolete "$T_DIR/merged.po" | grep '^msgid' | head -20 | sed 's/^/# /'
msgfmt -c -o /dev/null po/zh_CN.po
ok $? "po/zh_CN.po passes msgfmt -c"
fuzzy=$(msgattrib --only-fuzzy po/zh_CN.po | grep -c '^msgid ')
[ "$fuzzy" -eq 0 ]
ok $? "no fuzzy translations"
cd "$T_DIR" || exit 1

zh() { env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$XUNFANG" --passphrase-file "$PASS" "$@"; }
make_store
zh add patrols type=foot 2>"$T_DIR/err"
grep -q '未知' "$T_DIR/err" && grep -q 'patrol, visit' "$T_DIR/err"
ok $? "errors are in Chinese under zh_CN: $(cat "$T_DIR/err")"
zh add patrol type=步巡 >/dev/null && zh list patrol > "$T_DIR/list"
grep -q '巡逻方式' "$T_DIR/list" && grep -q '步巡' "$T_DIR/list" && grep -q '条记录' "$T_DIR/list"
ok $? "list headings and values are in Chinese"
zh kinds | grep -q '巡逻方式'
ok $? "kinds shows Chinese labels"
zh --help | grep -q '新建'
ok $? "help is in Chinese"
"$XUNFANG" --help | grep -q 'create a new encrypted store'
ok $? "under C.UTF-8 help is in English"

xf add village name=张家庄村 township=城关镇 >/dev/null
xf list village > "$T_DIR/utf8.txt"
env -u LC_ALL -u LANG -u LC_CTYPE "$XUNFANG" --passphrase-file "$PASS" \
    list village > "$T_DIR/nolocale.txt"
cmp -s "$T_DIR/utf8.txt" "$T_DIR/nolocale.txt" && grep -q 张家庄村 "$T_DIR/nolocale.txt"
ok $? "with no locale set, Chinese text is measured and shown as UTF-8"

done_testing
