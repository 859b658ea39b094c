/* Unit tests of the core library: values, bodies, store, versions. */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/bench.h"
#include "core/field.h"
#include "core/record.h"
#include "core/watch.h"
#include "store_fixture.h"
#include "tap.h"

static void
test_utf8(void)
{
	ok(utf8_valid("巡防 ok", strlen("巡防 ok")), "valid UTF-8 accepted");
	ok(!utf8_valid("\xc0\xaf", 2), "overlong encoding refused");
	ok(!utf8_valid("\xed\xa0\x80", 3), "surrogate refused");
	ok(!utf8_valid("\xe5\xb7", 2), "cut-off sequence refused");
	ok(utf8_chars("张村a") == 3, "characters counted, not bytes");
	ok(utf8_has_control("a\tb") && !utf8_has_control("张三"),
	    "control characters found");
}

/* s fitted in width columns is want. */
static int
fit_is(const char *s, int width, const char *want)
{
	struct buf b = {0};
	int same;

	utf8_fit(&b, s, width);
	same = strcmp(buf_str(&b), want) == 0;
	if (!same)
		printf("# \"%s\" in %d: \"%s\", not \"%s\"\n", s, width,
		    buf_str(&b), want);
	buf_free(&b);
	return same;
}

/* Display widths of emoji sequences and combining marks. */
static void
test_utf8_width(void)
{
	int w = -1;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		printf("# no UTF-8 locale: widths not tested\n");
		return;
	}
	ok(utf8_width("巡防ab") == 6, "wide and narrow characters measured");
	ok(utf8_width("\u2764\ufe0f") == 2,
	    "a variation selector 16 makes a narrow character two wide");
	ok(utf8_width("\u2764\ufe0e") == 1, "...and selector 15 leaves it narrow");
	ok(utf8_width("a\U0001f44d\U0001f3fdb") == 4,
	    "a skin tone joins its emoji");
	ok(utf8_width("\U0001f468\u200d\U0001f469\u200d\U0001f467") == 2,
	    "a ZWJ sequence is one glyph two wide");
	ok(utf8_width("\U0001f3f3\ufe0f\u200d\U0001f308") == 2,
	    "...with a variation selector in it too");
	ok(utf8_width("e\u0301te\u0301") == 3, "combining marks take no column");
	ok(utf8_glyph("\u2764\ufe0fx", strlen("\u2764\ufe0fx"), &w) == 6 &&
	    w == 2, "a glyph is the character with its selector");
	ok(fit_is("ab\U0001f468\u200d\U0001f469cd", 5, "ab\U0001f468\u200d"
	    "\U0001f469\u2026"), "a fit keeps a joined glyph whole");
	ok(fit_is("ab\U0001f468\u200d\U0001f469cd", 3, "ab\u2026"),
	    "...or leaves it out whole");
	ok(fit_is("\u2764\ufe0f1", 4, "\u2764\ufe0f1 "),
	    "a padded fit counts the selector's column");
	setlocale(LC_CTYPE, "C");
}

/* t shown as "YYYY-MM-DD HH:MM" is want. */
static int
time_is(const char *in, int64_t now, const char *want)
{
	int64_t t;
	char out[20];

	if (time_parse(in, now, &t) != 0) {
		printf("# %s: refused\n", in);
		return 0;
	}
	time_format(t, out);
	if (strcmp(out, want) != 0)
		printf("# %s: %s, not %s\n", in, out, want);
	return strcmp(out, want) == 0;
}

/* Times as people say them (TZ is Asia/Shanghai). */
static void
test_time_words(void)
{
	int64_t t, noon, night, end;
	const struct kind *k = kind_by_name("patrol");
	char **vals = xcalloc((size_t)k->nfields, sizeof *vals);
	int si = kind_field_index(k, "start"), ei = kind_field_index(k, "end");
	struct xf_err err;

	ok(time_parse("2026-12-02 14:00", 0, &noon) == 0 &&
	    time_parse("2026-12-03 00:30", 0, &night) == 0, "base times");
	ok(time_is("昨天 20:30", noon, "2026-12-01 20:30"), "昨天 20:30");
	ok(time_is("前天 20:30", noon, "2026-11-30 20:30"), "前天 20:30");
	ok(time_is("今天 22:00", noon, "2026-12-02 22:00"), "今天 22:00");
	ok(time_is("今晚 22:00", noon, "2026-12-02 22:00"), "今晚 22:00");
	ok(time_is("今晚 8:30", noon, "2026-12-02 20:30"),
	    "今晚 8:30 is the evening");
	ok(time_is("明天 08:00", noon, "2026-12-03 08:00"), "明天 08:00");
	ok(time_is("yesterday 20:30", noon, "2026-12-01 20:30"),
	    "yesterday 20:30");
	ok(time_is("昨天20:30", noon, "2026-12-01 20:30"), "no space needed");
	ok(time_is("２０：３０", night - 3600 * 4, "2026-12-02 20:30"),
	    "full-width digits and colon");
	ok(time_is("２０２６－１２－０１", noon, "2026-12-01 00:00"),
	    "full-width date");
	ok(time_is("２０２６－１２－０１\u3000２０：３０", noon,
	    "2026-12-01 20:30"), "ideographic space");
	ok(time_is("23:10", night, "2026-12-02 23:10"),
	    "23:10 typed at 00:30 is last night");
	ok(time_is("01:30", night, "2026-12-03 01:30"),
	    "a bare time up to two hours ahead is today");
	ok(time_is("02:31", night, "2026-12-02 02:31"),
	    "more than two hours ahead is yesterday");
	ok(time_is("13:00", noon, "2026-12-02 13:00"), "a bare time past today");
	ok(time_parse("昨天", noon, &t) != 0 &&
	    time_parse("昨天 25:00", noon, &t) != 0 &&
	    time_parse("后天 10:00", noon, &t) != 0, "junk words refused");

	vals[si] = xasprintf("%lld", (long long)noon);
	end = noon - 60;
	vals[ei] = xasprintf("%lld", (long long)end);
	for (int i = 0; i < k->nfields; i++)
		if ((k->fields[i].flags & F_REQUIRED) && vals[i] == NULL)
			vals[i] = xstrdup(k->fields[i].type == FT_CHOICE ?
			    k->fields[i].choices[0].code : "1");
	ok(field_check_required(k, vals, &err) != 0 &&
	    strstr(err.msg, "'end'") && strstr(err.msg, "'start'") &&
	    strstr(err.msg, "2026-12-02 13:59"),
	    "an end before the start is refused: %s", err.msg);
	free(vals[ei]);
	vals[ei] = xasprintf("%lld", (long long)noon);
	ok(field_check_required(k, vals, &err) == 0, "an end at the start is "
	    "fine");
	for (int i = 0; i < k->nfields; i++)
		free(vals[i]);
	free(vals);
}

static void
test_time(void)
{
	int64_t t, now = 1764300000;
	char out[20], d[11];

	ok(time_parse("2026-11-28 20:10", now, &t) == 0, "full time parses");
	time_format(t, out);
	ok(strcmp(out, "2026-11-28 20:10") == 0, "time formats back: %s", out);
	ok(time_parse("now", now, &t) == 0 && t == now, "now is now");
	ok(time_parse("-30m", now, &t) == 0 && t == now - 1800, "-30m");
	ok(time_parse("2026-02-30 10:00", now, &t) != 0, "Feb 30 refused");
	ok(time_parse("25:00", now, &t) != 0, "hour 25 refused");
	ok(time_parse("yesterday-ish", now, &t) != 0, "junk refused");
	ok(date_parse("2026-12-01", now, d) == 0 && strcmp(d, "2026-12-01") == 0,
	    "date parses");
	ok(date_parse("2026-13-01", now, d) != 0, "month 13 refused");
	test_time_words();
}

static void
test_fields(void)
{
	const struct kind *k = kind_by_name("patrol");
	const struct field *type = &k->fields[kind_field_index(k, "type")];
	const struct field *obs = &k->fields[kind_field_index(k,
	    "observations")];
	struct buf out = {0};
	struct xf_err err;

	ok(field_parse(k, type, "步巡", 0, NULL, &out, &err) == 0 &&
	    strcmp(buf_str(&out), "foot") == 0, "choice by Chinese label");
	out.len = 0;
	ok(field_parse(k, type, "walking", 0, NULL, &out, &err) != 0 &&
	    strstr(err.msg, "type") && strstr(err.msg, "bicycle"),
	    "bad choice names field and allowed values: %s", err.msg);
	out.len = 0;
	ok(field_parse(k, obs, "20:10|incident|有人翻墙\\;跑了;|note|一切正常",
	    1764300000, NULL, &out, &err) == 0, "list parses");
	ok(field_list_count(buf_str(&out)) == 2, "two items");
	ok(strstr(buf_str(&out), "有人翻墙;跑了") != NULL,
	    "escaped separator kept");
	{
		struct buf shown = {0};

		field_format(obs, buf_str(&out), FMT_CSV, NULL, &shown);
		ok(strstr(buf_str(&shown), "有人翻墙\\;跑了") != NULL,
		    "CSV form escapes it again: %s", buf_str(&shown));
		buf_free(&shown);
	}
	buf_free(&out);
}

/* The list-value API: walking items and parts, building items. */
static void
test_list_api(void)
{
	const char *v = "a\tb\tc\n\nd", *pos = v, *item, *part;
	const char *parts[] = {"x", NULL, "z"};
	struct buf b = {0};
	size_t len, plen;
	char *s;

	item = field_list_next(&pos, &len);
	ok(item == v && len == 5, "first item of three parts");
	part = field_item_part(item, len, 1, &plen);
	ok(part != NULL && plen == 1 && *part == 'b', "its second part");
	part = field_item_part(item, len, 2, &plen);
	ok(part != NULL && plen == 1 && *part == 'c', "its last part");
	ok(field_item_part(item, len, 3, &plen) == NULL && plen == 0,
	    "no fourth part");
	item = field_list_next(&pos, &len);
	ok(item != NULL && len == 0, "an empty item in the middle");
	s = field_item_strdup(item, len, 0);
	ok(strcmp(s, "") == 0, "its only part is empty");
	free(s);
	item = field_list_next(&pos, &len);
	s = item ? field_item_strdup(item, len, 0) : NULL;
	ok(s != NULL && strcmp(s, "d") == 0, "the last item: %s", s ? s : "");
	free(s);
	s = item ? field_item_strdup(item, len, 1) : NULL;
	ok(s != NULL && strcmp(s, "") == 0, "a missing part reads as empty");
	free(s);
	ok(field_list_next(&pos, &len) == NULL, "then the end");
	pos = NULL;
	ok(field_list_next(&pos, &len) == NULL, "NULL is an empty list");
	ok(field_list_count("") == 0 && field_list_count(v) == 3,
	    "items counted");
	field_list_append(&b, parts, 3);
	ok(strcmp(buf_str(&b), "x\t\tz") == 0, "an item built from parts");
	field_list_append(&b, parts, 1);
	ok(strcmp(buf_str(&b), "x\t\tz\nx") == 0, "a second item after it");
	field_list_join(&b, "p\tq\nr");
	ok(strcmp(buf_str(&b), "x\t\tz\nx\np\tq\nr") == 0 &&
	    field_list_count(buf_str(&b)) == 4, "a list joined on: %s",
	    buf_str(&b));
	buf_free(&b);
}

/* An item of one part per required part without a default. */
static void
test_lone_part(void)
{
	const struct kind *pk = kind_by_id(KIND_PATROL),
	    *tk = kind_by_id(KIND_TEAM);
	struct buf out = {0};
	struct xf_err err;
	int rc;

	rc = field_parse(pk, &pk->fields[PATROL_F_OBSERVATIONS], "村口有陌生车",
	    1764300000, NULL, &out, &err);
	ok(rc == 0 && strcmp(buf_str(&out), "1764300000\tnote\t村口有陌生车"
	    "\t\t\t\t\t\t\t")
	    == 0, "a lone observation text is seen now, of type note: %s",
	    buf_str(&out));
	out.len = 0;
	rc = field_parse(pk, &pk->fields[PATROL_F_OBSERVATIONS],
	    "村口有陌生车;20:10|incident|有人翻墙", 1764300000, NULL, &out,
	    &err);
	ok(rc == 0 && field_list_count(buf_str(&out)) == 2 &&
	    strstr(buf_str(&out), "\tincident\t有人翻墙\t") != NULL,
	    "next to a full item: %s", buf_str(&out));
	out.len = 0;
	rc = field_parse(tk, &tk->fields[TEAM_F_EXCEPTIONS], "张三",
	    1764300000, NULL, &out, &err);
	ok(rc != 0 && strstr(err.msg, "'from' is required") != NULL,
	    "a part without a default is still required: %s", err.msg);
	buf_free(&out);
}

static struct store *
make_store(const char *path)
{
	struct xf_err err;
	struct store *st = fx_new(path, ROLE_DEVICE, "测试笔记本", "officer1",
	    "passphrase-1", &err);

	if (st == NULL)
		printf("# %s\n", err.msg);
	return st;
}

static int
write_version(struct store *st, const struct kind *k, const unsigned char *rid,
    const unsigned char (*parents)[VID_LEN], int np, const char *title,
    unsigned char *rid_out, unsigned char *vid_out)
{
	char *vals[16] = {0};
	struct xf_err err;
	int rc;

	vals[kind_field_index(k, "name")] = (char *)title;
	rc = store_begin(st, &err) || record_write(st, k, rid, parents, np,
	    vals, 0, rid_out, vid_out, &err) || store_commit(st, &err);
	if (rc)
		printf("# %s\n", err.msg);
	return rc;
}

static void
test_versions(const char *dir)
{
	char *path = xasprintf("%s/core.db", dir);
	const struct kind *k = kind_by_name("village");
	unsigned char rid[RID_LEN], v1[VID_LEN], v2[VID_LEN], v3[VID_LEN],
	    v4[VID_LEN];
	unsigned char parents[2][VID_LEN];
	struct rec_list l, h;
	struct store *st = make_store(path);
	struct xf_err err;

	ok(st != NULL, "store created and unlocked");
	if (st == NULL)
		return;
	ok(write_version(st, k, NULL, NULL, 0, "张村", rid, v1) == 0,
	    "record created");
	memcpy(parents[0], v1, VID_LEN);
	ok(write_version(st, k, rid, (const unsigned char (*)[VID_LEN])parents,
	    1, "张家村", NULL, v2) == 0, "edit on laptop A");
	ok(write_version(st, k, rid, (const unsigned char (*)[VID_LEN])parents,
	    1, "张庄", NULL, v3) == 0, "concurrent edit on laptop B");
	ok(record_list(st, k, &l, &err) == 0 && l.n == 1 &&
	    l.rows[0].nheads == 2, "two heads: the record is in conflict");
	rec_list_free(&l);
	ok(record_history(st, rid, &h, &err) == 0 && h.n == 3,
	    "history holds all three versions");
	rec_list_free(&h);
	memcpy(parents[0], v2, VID_LEN);
	memcpy(parents[1], v3, VID_LEN);
	ok(write_version(st, k, rid, (const unsigned char (*)[VID_LEN])parents,
	    2, "张家庄", NULL, v4) == 0, "resolving version with both parents");
	ok(record_list(st, k, &l, &err) == 0 && l.n == 1 &&
	    l.rows[0].nheads == 1 &&
	    strcmp(l.rows[0].val[0], "张家庄") == 0, "conflict settled");
	rec_list_free(&l);
	memcpy(parents[0], v4, VID_LEN);
	ok(write_version(st, k, rid, (const unsigned char (*)[VID_LEN])parents,
	    1, "王庄", NULL, v2) == 0 && write_version(st, k, rid,
	    (const unsigned char (*)[VID_LEN])parents, 1, "王庄", NULL, v3) == 0,
	    "two laptops make the same change");
	ok(record_list(st, k, &l, &err) == 0 && l.n == 1 &&
	    l.rows[0].nheads == 1, "alike heads are not a conflict");
	rec_list_free(&l);
	ok(record_history(st, rid, &h, &err) == 0 &&
	    record_current(&h)->nheads == 1, "nor in the history");
	rec_list_free(&h);
	store_close(st);
	st = NULL;
	ok(store_open(path, &st, &err) == 0 &&
	    store_unlock(st, "officer1", "wrong passphrase", 16, &err) != 0 &&
	    strstr(err.msg, "wrong passphrase") != NULL,
	    "wrong passphrase refused: %s", err.msg);
	ok(store_unlock(st, "nobody", "passphrase-1", 12, &err) != 0 &&
	    strstr(err.msg, "nobody") != NULL, "unknown account named");
	store_close(st);
	free(path);
}

static int
count_entry(void *arg, const struct audit_entry *e)
{
	if (e->action == AUDIT_CREATE_BATCH && load_u64be(e->target) == 3)
		(*(int *)arg)++;
	return 0;
}

/* Find the record whose id begins with hex; 1 found and it is want. */
static int
finds(struct store *st, const char *hex, const unsigned char *want)
{
	unsigned char rid[RID_LEN];
	struct xf_err err;

	return store_find_record(st, hex, rid, &err) == 0 &&
	    memcmp(rid, want, RID_LEN) == 0;
}

/* Whether a lookup fails with a message containing what. */
static int
find_fails(struct store *st, const char *hex, const char *what)
{
	unsigned char rid[RID_LEN];
	struct xf_err err;

	return store_find_record(st, hex, rid, &err) != 0 &&
	    strstr(err.msg, what) != NULL;
}

/* Ids and prefixes on the id index: the range's ends are inclusive, a
 * half byte bounds it, and case does not matter. */
static void
test_find_record(const char *dir)
{
	char *path = xasprintf("%s/find.db", dir);
	struct store *st = make_store(path);
	static const unsigned char ids[][RID_LEN] = {
		{0xaa, 0xbb, 0xcc, 1}, {0xaa, 0xbb, 0xcd, 2},
		{0x12, 0x3f, 0, 3}, {0x12, 0x30, 0, 4},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		{0},
	};
	struct xf_err err;
	int rc = 0;

	if (st == NULL)
		return;
	rc |= store_begin(st, &err);
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		struct version v = {.kind = KIND_VILLAGE, .hlc = i + 1};

		memcpy(v.rid, ids[i], RID_LEN);
		vault_random(v.vid, VID_LEN);
		rc |= store_raw_insert(st, "version", &v,
		    (const unsigned char *)"x", 1, &err);
	}
	rc |= store_commit(st, &err);
	ok(rc == 0, "rows with chosen ids");
	ok(finds(st, "aabbcc", ids[0]) && finds(st, "AABBCD", ids[1]) &&
	    finds(st, "aAbBcD02", ids[1]), "a prefix finds its record, in "
	    "either case");
	ok(finds(st, "123f", ids[2]) && finds(st, "1230", ids[3]) &&
	    finds(st, "123f0", ids[2]), "a prefix of odd length is a half "
	    "byte");
	ok(find_fails(st, "aabbc", "more than one") &&
	    find_fails(st, "123", "not a record id") &&
	    find_fails(st, "12300", "no record") == 0 &&
	    finds(st, "12300", ids[3]), "a shared prefix is ambiguous");
	ok(find_fails(st, "123e", "no record") &&
	    find_fails(st, "aabbce", "no record"), "a prefix of no id "
	    "finds none");
	ok(finds(st, "ffff", ids[4]) && finds(st,
	    "ffffffffffffffffffffffffffffffff", ids[4]) &&
	    finds(st, "0000", ids[5]) && finds(st,
	    "00000000000000000000000000000000", ids[5]), "the ends of the "
	    "id space are found");
	ok(find_fails(st, "12g4", "not a record id") &&
	    find_fails(st, "ffffffffffffffffffffffffffffffff0",
	    "not a record id"), "what is not hex, or too long, is refused");
	store_close(st);
	free(path);
}

static void
test_batch(const char *dir)
{
	char *path = xasprintf("%s/batch.db", dir);
	const struct kind *k = kind_by_name("village");
	struct store *st = make_store(path);
	struct record_batch b = {0};
	char *vals[2] = {"甲村", NULL};
	struct rec_list l;
	struct xf_err err;
	int rc = 0, batches = 0;

	if (st == NULL)
		return;
	rc |= store_begin(st, &err);
	for (int i = 0; i < 3; i++)
		rc |= record_batch_add(st, &b, k, vals, NULL, &err);
	rc |= record_batch_end(st, &b, &err) | store_commit(st, &err);
	ok(rc == 0 && record_list(st, k, &l, &err) == 0 && l.n == 3,
	    "a batch creates its records");
	rec_list_free(&l);
	ok(audit_list(st, count_entry, &batches, &err) == 0 && batches == 1,
	    "one audit entry records the batch of 3");
	ok(audit_verify(st, &err) >= 0, "the audit chain verifies");
	{
		struct rec_page pg;

		record_page_init(&pg, k, &l);
		ok(record_page_next(st, &pg, 2, &err) == 0 && l.n == 2,
		    "a first page: 2 of 3, more to come");
		ok(record_page_next(st, &pg, 2, &err) == 1 && l.n == 3,
		    "the next page ends the kind, checked: 3");
		record_page_free(&pg);
		rec_list_free(&l);
		record_page_init(&pg, k, &l);
		ok(record_page_next(st, &pg, 5, &err) == 1 && l.n == 3,
		    "a page larger than the kind is all");
		record_page_free(&pg);
		rec_list_free(&l);
	}
	store_close(st);
	free(path);
}

static void
test_out_of_order(const char *dir)
{
	char *path = xasprintf("%s/order.db", dir);
	const struct kind *k = kind_by_name("village");
	struct store *st = make_store(path);
	struct version a = {0}, b = {0};
	char *vals[2] = {"甲", NULL};
	struct rec_list l;
	struct xf_err err;

	if (st == NULL)
		return;
	memset(a.rid, 7, RID_LEN);
	memcpy(b.rid, a.rid, RID_LEN);
	memset(a.vid, 1, VID_LEN);
	memset(b.vid, 2, VID_LEN);
	a.kind = b.kind = k->id;
	a.hlc = 100;
	b.hlc = 200;
	b.nparents = 1;
	memcpy(b.parents[0], a.vid, VID_LEN);
	store_begin(st, &err);
	ok(record_put(st, k, &b, vals, 1, &err) == 1, "child arrives first");
	ok(record_put(st, k, &a, vals, 1, &err) == 1, "then its parent");
	ok(record_put(st, k, &a, vals, 1, &err) == 0, "again: nothing added");
	store_commit(st, &err);
	ok(record_list(st, k, &l, &err) == 0 && l.n == 1 &&
	    l.rows[0].nheads == 1 && memcmp(l.rows[0].vid, b.vid, VID_LEN) == 0,
	    "the late parent is not a head: one current version");
	rec_list_free(&l);
	store_close(st);
	free(path);
}

static void
test_body_codec(void)
{
	const struct kind *k = kind_by_name("dispute");
	char *vals[16] = {0}, *back[16];
	struct buf b = {0};
	char *copy;

	vals[0] = "宅基地纠纷";
	vals[2] = "land";
	record_encode(k, vals, &b);
	copy = xmalloc(b.len);
	memcpy(copy, b.data, b.len);
	ok(record_decode(k, copy, b.len, back) == 0 &&
	    strcmp(back[0], "宅基地纠纷") == 0 && strcmp(back[2], "land") == 0 &&
	    back[1] == NULL, "body encodes and decodes");
	ok(record_decode(k, copy, b.len - 1, back) != 0,
	    "a body cut short is refused");
	copy[0] = 9;
	ok(record_decode(k, copy, b.len, back) != 0,
	    "an unknown body format is refused");
	ok(record_body_reason(copy, b.len) == NULL,
	    "a body without a reason has none");
	free(copy);
	record_encode_reason("户主更正门牌号", &b);
	copy = xmalloc(b.len);
	memcpy(copy, b.data, b.len);
	ok(record_decode(k, copy, b.len, back) == 0 &&
	    strcmp(back[0], "宅基地纠纷") == 0 && strcmp(back[2], "land") == 0,
	    "a body with a reason decodes its fields as before");
	ok(record_body_reason(copy, b.len) != NULL &&
	    strcmp(record_body_reason(copy, b.len), "户主更正门牌号") == 0,
	    "and gives its reason back");
	ok(record_reason_check("两行\n文字", NULL) != 0 &&
	    record_reason_check("一行文字", NULL) == 0,
	    "a reason is one line");
	free(copy);
	buf_free(&b);
}

/* Varints: each value has one encoding, and only that one is read. */
static void
test_varint(void)
{
	static const uint64_t vals[] = {0, 1, 127, 128, 300, 16383, 16384,
	    UINT32_MAX, (uint64_t)1 << 63, UINT64_MAX};
	static const unsigned char overlong[] = {0x80, 0x00},
	    padded[] = {0xff, 0x80, 0x00},
	    past64[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0x02},
	    short_[] = {0x80};
	const unsigned char *p;
	uint64_t v;
	int good = 1;

	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		struct buf b = {0};

		buf_add_varint(&b, vals[i]);
		p = b.data;
		good &= read_varint(&p, b.data + b.len, &v) == 0 &&
		    v == vals[i] && p == b.data + b.len;
		buf_free(&b);
	}
	ok(good, "varints from 0 to 2^64-1 read back as written");
	p = overlong;
	ok(read_varint(&p, overlong + 2, &v) != 0, "0 in two bytes is refused");
	p = padded;
	ok(read_varint(&p, padded + 3, &v) != 0,
	    "127 with a trailing zero group is refused");
	p = past64;
	ok(read_varint(&p, past64 + 10, &v) != 0,
	    "a value past 64 bits is refused");
	p = short_;
	ok(read_varint(&p, short_ + 1, &v) != 0, "a cut varint is refused");
}

/* A link planted under the temporary name does not lead the write away. */
static void
test_atomic_link(const char *dir)
{
	char *target = xasprintf("%s/target", dir), *path = xasprintf("%s/out",
	    dir), *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	unsigned char *got = NULL;
	size_t len = 0;
	struct xf_err err;

	ok(file_write_atomic(target, "mine", 4, 0600, &err) == 0 &&
	    symlink(target, tmp) == 0, "a link planted at the temporary name");
	ok(file_write_atomic(path, "written", 7, 0600, &err) == 0,
	    "the write goes through");
	ok(file_read(target, &got, &len, 100, &err) == 0 && len == 4 &&
	    memcmp(got, "mine", 4) == 0, "the link's target is untouched");
	free(got);
	ok(file_read(path, &got, &len, 100, &err) == 0 && len == 7,
	    "the file holds what was written");
	free(got);
	free(target);
	free(path);
	free(tmp);
}

/* Whether the watch of dir, polling with settle 1, takes the file now. */
static int
ready_now(const char *dir, const char *name)
{
	struct watch *w;
	struct xf_err err;
	char **names;
	size_t n;
	int found = 0, fd = open(dir, O_RDONLY | O_DIRECTORY);

	w = watch_new(1, 1);
	if (fd < 0 || watch_add(w, fd, dir, &err) != 0 ||
	    watch_ready(w, 0, &names, &n, &err) != 0) {
		if (fd >= 0)
			close(fd);
		watch_free(w);
		return -1;
	}
	close(fd);
	for (size_t i = 0; i < n; i++) {
		found |= strcmp(names[i], name) == 0;
		free(names[i]);
	}
	free(names);
	watch_free(w);
	return found;
}

/*
 * A file first seen by a watch counts as settled for as long as its time
 * stamp is old, to the nanosecond: stamped just before the last whole
 * second, it is a moment old, not a second.
 */
static void
test_watch_age(const char *dir)
{
	char *w = xasprintf("%s/watched", dir);
	char *f = xasprintf("%s/A-00000001-B.xfb", w);
	struct timespec now, t[2];
	struct xf_err err;
	int got = -1;

	if (mkdir(w, 0700) != 0 ||
	    file_write_atomic(f, "half", 4, 0600, &err) != 0) {
		ok(0, "a file to watch");
		return;
	}
	/*
	 * Early in a second (not in its first hundredths, where time(3)
	 * may still give the second before), stamp the file just before
	 * it: a moment old. A try counts if the look took well under a
	 * second.
	 */
	for (int tries = 0; tries < 5; tries++) {
		struct timespec after, ms = {0, 1000000};

		do
			clock_gettime(CLOCK_REALTIME, &now);
		while ((now.tv_nsec < 20000000 || now.tv_nsec > 300000000) &&
		    nanosleep(&ms, NULL) == 0);
		t[0] = t[1] = (struct timespec){now.tv_sec - 1, 999999999};
		if (utimensat(AT_FDCWD, f, t, 0) != 0)
			break;
		got = ready_now(w, "A-00000001-B.xfb");
		clock_gettime(CLOCK_REALTIME, &after);
		if (after.tv_sec == now.tv_sec && after.tv_nsec < 800000000)
			break;
		got = -1;
	}
	ok(got == 0, "a file stamped a moment ago, in the last second, waits");
	t[0] = t[1] = (struct timespec){now.tv_sec - 2, 0};
	ok(utimensat(AT_FDCWD, f, t, 0) == 0 && ready_now(w, "A-00000001-B.xfb")
	    == 1, "a file stamped two seconds ago is taken at once");
	free(f);
	free(w);
}

int
main(void)
{
	char dir[] = "/tmp/xf-core-test.XXXXXX";

	setenv("TZ", "Asia/Shanghai", 1);
	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL)
		return 1;
	test_utf8();
	test_utf8_width();
	test_time();
	test_fields();
	test_list_api();
	test_lone_part();
	test_body_codec();
	test_varint();
	test_versions(dir);
	test_out_of_order(dir);
	test_batch(dir);
	test_find_record(dir);
	test_atomic_link(dir);
	test_watch_age(dir);
	{
		char *cmd = xasprintf("rm -rf %s", dir);

		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
		free(cmd);
	}
	return tap_done();
}
