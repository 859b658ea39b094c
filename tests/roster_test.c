/*
 * Properties of the duty rotation, over many random groups, periods and
 * exceptions drawn from a fixed seed: members without exceptions differ by
 * at most one duty, no one is on duty on an exception day, the same inputs
 * give the same roster, and a swap changes exactly two nights.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "store_fixture.h"
#include "core/roster.h"

#define TRIALS 3000
#define STORE_TRIALS 12

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: the same numbers on every system. */
static unsigned
rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

struct trial {
	int nmembers, first, ndays, nex;
	struct roster_exception ex[8];
	int last[16];
	int duty[200];
};

/* A random group, period and exceptions. */
static void
trial_make(struct trial *t)
{
	memset(t, 0, sizeof *t);
	t->nmembers = 1 + (int)rnd(12);
	t->first = 20000 + (int)rnd(1000);
	t->ndays = 1 + (int)rnd(120);
	t->nex = (int)rnd(7);
	for (int i = 0; i < t->nex; i++) {
		t->ex[i].member = (int)rnd((unsigned)t->nmembers);
		t->ex[i].from = t->first - 10 + (int)rnd((unsigned)t->ndays + 10);
		t->ex[i].to = t->ex[i].from + (int)rnd(20);
	}
	for (int m = 0; m < t->nmembers; m++)
		t->last[m] = rnd(3) ? t->first - 1 - (int)rnd(30) :
		    ROSTER_NEVER;
	for (int d = 0; d < t->ndays; d++)
		t->duty[d] = ROSTER_EMPTY;
}

/* Run the rotation on a trial's inputs with exceptions in either order. */
static int
trial_rotate(struct trial *t, int reverse)
{
	struct roster_exception ex[8];
	struct roster_rotation r = {
		.nmembers = t->nmembers, .first = t->first, .ndays = t->ndays,
		.ex = ex, .nex = t->nex, .last_before = t->last, .duty = t->duty
	};

	for (int i = 0; i < t->nex; i++)
		ex[i] = t->ex[reverse ? t->nex - 1 - i : i];
	return roster_rotate(&r);
}

/* Whether a member has an exception day inside the period. */
static int
has_exception(const struct trial *t, int m)
{
	for (int d = 0; d < t->ndays; d++)
		if (roster_excepted(t->ex, t->nex, m, t->first + d))
			return 1;
	return 0;
}

/* Largest difference of duties among members without exceptions. */
static int
spread(const struct trial *t)
{
	int count[16] = {0}, lo = INT_MAX, hi = 0;

	for (int d = 0; d < t->ndays; d++)
		if (t->duty[d] >= 0)
			count[t->duty[d]]++;
	for (int m = 0; m < t->nmembers; m++)
		if (!has_exception(t, m)) {
			lo = count[m] < lo ? count[m] : lo;
			hi = count[m] > hi ? count[m] : hi;
		}
	return lo == INT_MAX ? 0 : hi - lo;
}

/* Nights given on an exception day, or left empty though someone could. */
static int
misplaced(const struct trial *t)
{
	int bad = 0;

	for (int d = 0; d < t->ndays; d++) {
		int day = t->first + d, anyone = 0;

		for (int m = 0; m < t->nmembers; m++)
			anyone |= !roster_excepted(t->ex, t->nex, m, day);
		if (t->duty[d] >= 0)
			bad += roster_excepted(t->ex, t->nex, t->duty[d], day);
		else
			bad += anyone;
	}
	return bad;
}

/* The rotation over fresh inputs: fairness, exceptions, determinism. */
static void
test_rotation(void)
{
	int unfair = 0, wrong = 0, differ = 0, parts = 0;
	struct trial t, u;

	for (int i = 0; i < TRIALS; i++) {
		trial_make(&t);
		u = t;
		trial_rotate(&t, 0);
		unfair += spread(&t) > 1;
		wrong += misplaced(&t) > 0;
		trial_rotate(&u, 1);
		differ += memcmp(t.duty, u.duty, sizeof t.duty) != 0;
		/* A first part rostered alone, then the whole period. */
		u = t;
		for (int d = 0; d < u.ndays; d++)
			u.duty[d] = ROSTER_EMPTY;
		u.ndays = 1 + (int)rnd((unsigned)t.ndays);
		trial_rotate(&u, 0);
		u.ndays = t.ndays;
		trial_rotate(&u, 0);
		parts += spread(&u) > 1 || misplaced(&u) > 0;
	}
	ok(unfair == 0, "%d trials: members without exceptions differ by at "
	    "most one duty (%d did not)", TRIALS, unfair);
	ok(wrong == 0, "%d trials: nobody on duty on an exception day, every "
	    "night given when someone can (%d did not)", TRIALS, wrong);
	ok(differ == 0, "%d trials: the same inputs give the same roster, "
	    "whatever the order of exceptions (%d did not)", TRIALS, differ);
	ok(parts == 0, "%d trials: rostering a first part, then the whole, "
	    "stays fair (%d did not)", TRIALS, parts);
}

/* A plain group rotates in stored order and continues where it left. */
static void
test_round_robin(void)
{
	int duty[9], last[3] = {ROSTER_NEVER, 99, 98};
	struct roster_rotation r = {
		.nmembers = 3, .first = 100, .ndays = 9, .duty = duty
	};
	static const int plain[9] = {0, 1, 2, 0, 1, 2, 0, 1, 2};
	static const int after[9] = {0, 2, 1, 0, 2, 1, 0, 2, 1};

	for (int d = 0; d < 9; d++)
		duty[d] = ROSTER_EMPTY;
	roster_rotate(&r);
	ok(memcmp(duty, plain, sizeof duty) == 0, "households take turns in "
	    "their stored order");
	for (int d = 0; d < 9; d++)
		duty[d] = ROSTER_EMPTY;
	r.last_before = last;
	roster_rotate(&r);
	ok(memcmp(duty, after, sizeof duty) == 0, "the turn continues from "
	    "the nights before the period");
}

/* Day numbers and dates agree, weekdays included. */
static void
test_days(void)
{
	char out[11];
	int day, bad = 0;

	ok(roster_day("1970-01-01", &day) == 0 && day == 0, "day 0");
	ok(roster_day("2026-12-01", &day) == 0 && roster_weekday(day) == 1,
	    "2026-12-01 is a Tuesday");
	ok(roster_day("2026-02-29", &day) != 0 &&
	    roster_day("2026-13-01", &day) != 0 &&
	    roster_day("2026-1-01", &day) != 0, "impossible dates refused");
	for (int d = 0; d < 30000; d += 7) {
		int back;

		roster_day_format(d, out);
		bad += roster_day(out, &back) != 0 || back != d;
	}
	ok(bad == 0, "dates round-trip through day numbers");
}

/* A fresh store in dir. */
static struct store *
test_store(const char *dir, int n)
{
	char *path = xasprintf("%s/s%d.db", dir, n);
	struct xf_err err;
	struct store *st = fx_new(path, ROLE_DEVICE, "test", "test",
	    "roster-test-pass", &err);

	if (st == NULL) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	free(path);
	return st;
}

/* Write a household group with a trial's members and exceptions. */
static int
add_group(struct store *st, const struct trial *t, struct roster_unit *u)
{
	const struct kind *k = kind_by_id(KIND_HOUSEHOLD_GROUP);
	char *vals[8] = {0}, f[11], to[11];
	struct buf hh = {0}, ex = {0};
	struct xf_err err;
	int rc;

	for (int m = 0; m < t->nmembers; m++)
		buf_addf(&hh, "%s户%d", m ? "\n" : "", m + 1);
	for (int i = 0; i < t->nex; i++) {
		roster_day_format(t->ex[i].from, f);
		roster_day_format(t->ex[i].to, to);
		buf_addf(&ex, "%s户%d\t%s\t%s\t农忙", i ? "\n" : "",
		    t->ex[i].member + 1, f, to);
	}
	vals[kind_field_index(k, "name")] = (char *)"一组";
	vals[kind_field_index(k, "households")] = (char *)buf_str(&hh);
	vals[kind_field_index(k, "exceptions")] = ex.len ?
	    (char *)buf_str(&ex) : NULL;
	rc = store_begin(st, &err) || record_write(st, k, NULL, NULL, 0,
	    vals, 0, NULL, NULL, &err) || store_commit(st, &err) ||
	    roster_unit_load(st, KIND_HOUSEHOLD_GROUP, "一组", u, &err);
	if (rc != 0)
		printf("# %s\n", err.msg);
	buf_free(&hh);
	buf_free(&ex);
	return rc;
}

/* The member index of each night of the period, from the store. */
static void
store_duties(struct store *st, const struct roster_unit *u, struct trial *t,
    unsigned char (*vid)[VID_LEN])
{
	struct roster_duties ds;
	struct xf_err err;

	for (int d = 0; d < t->ndays; d++)
		t->duty[d] = ROSTER_EMPTY;
	if (roster_duties_load(st, u, &ds, &err) != 0)
		return;
	for (size_t i = 0; i < ds.n; i++) {
		int d = ds.d[i].day - t->first;

		if (d < 0 || d >= t->ndays)
			continue;
		t->duty[d] = ds.d[i].member;
		if (vid != NULL)
			memcpy(vid[d], ds.d[i].rec->vid, VID_LEN);
	}
	roster_duties_free(&ds);
}

/* Two nights of different members that may be swapped, or -1. */
static int
pick_swap(const struct trial *t, int *b)
{
	for (int tries = 0; tries < 200; tries++) {
		int a = (int)rnd((unsigned)t->ndays);

		*b = (int)rnd((unsigned)t->ndays);
		if (t->duty[a] >= 0 && t->duty[*b] >= 0 &&
		    t->duty[a] != t->duty[*b] &&
		    !roster_excepted(t->ex, t->nex, t->duty[a], t->first + *b) &&
		    !roster_excepted(t->ex, t->nex, t->duty[*b], t->first + a))
			return a;
	}
	return -1;
}

/* Nights that changed between two readings, and whether a swap did it. */
static int
swap_changes(const struct trial *before, const struct trial *after,
    unsigned char (*v0)[VID_LEN], unsigned char (*v1)[VID_LEN], int a,
    int b)
{
	int changed = 0;

	for (int d = 0; d < before->ndays; d++) {
		int moved = memcmp(v0[d], v1[d], VID_LEN) != 0;

		if (d == a || d == b)
			changed += moved && after->duty[d] ==
			    before->duty[d == a ? b : a];
		else
			changed += moved || after->duty[d] != before->duty[d] ?
			    100 : 0;
	}
	return changed;
}

/* Record an exception over part of the period; 1 if the member keeps a
 * night in it that someone else could have taken. */
static int
except_trial(struct store *st, struct roster_unit *u, struct trial *t)
{
	struct roster_unit v;
	struct xf_err err;
	int m = (int)rnd((unsigned)t->nmembers), moved, bad = 0;
	int from = t->first + (int)rnd((unsigned)t->ndays), to = from +
	    (int)rnd(10);

	if (roster_except(st, u, u->members[m], from, to, "生病", &moved,
	    &err) != 0 || roster_unit_load(st, KIND_HOUSEHOLD_GROUP, "一组",
	    &v, &err) != 0) {
		printf("# except: %s\n", err.msg);
		return 1;
	}
	store_duties(st, &v, t, NULL);
	for (int d = from - t->first; d <= to - t->first && d < t->ndays; d++) {
		int others = 0;

		for (int o = 0; o < v.nmembers; o++)
			others |= o != m && !roster_excepted(v.ex, v.nex, o,
			    t->first + d);
		bad += t->duty[d] == m && others;
	}
	roster_unit_free(&v);
	return bad > 0;
}

/* One store trial: make, check, make again, swap, check the swap. */
static void
store_trial(struct store *st, struct store *st2, int *fails)
{
	unsigned char v0[200][VID_LEN], v1[200][VID_LEN];
	struct roster_unit u, u2;
	struct roster_made m;
	struct trial t, t2, after;
	struct xf_err err;
	int a, b;

	memset(v0, 0, sizeof v0);
	memset(v1, 0, sizeof v1);
	trial_make(&t);
	if (add_group(st, &t, &u) != 0 || add_group(st2, &t, &u2) != 0) {
		fails[0]++;
		return;
	}
	roster_make(st, &u, t.first, t.first + t.ndays - 1, &m, &err);
	roster_make(st2, &u2, t.first, t.first + t.ndays - 1, &m, &err);
	store_duties(st, &u, &t, v0);
	t2 = t;
	store_duties(st2, &u2, &t2, NULL);
	fails[0] += spread(&t) > 1 || misplaced(&t) > 0;
	fails[1] += memcmp(t.duty, t2.duty, sizeof t.duty) != 0;
	roster_make(st, &u, t.first, t.first + t.ndays - 1, &m, &err);
	fails[2] += m.added != 0;
	if ((a = pick_swap(&t, &b)) >= 0) {
		fails[5]++;
		if (roster_swap(st, &u, t.first + a, t.first + b, &err) != 0) {
			printf("# swap: %s\n", err.msg);
			fails[3]++;
		}
		after = t;
		store_duties(st, &u, &after, v1);
		if (swap_changes(&t, &after, v0, v1, a, b) != 2) {
			printf("# swap of nights %d and %d changed %d\n", a, b,
			    swap_changes(&t, &after, v0, v1, a, b));
			fails[3]++;
		}
	}
	fails[4] += except_trial(st, &u, &t);
	roster_unit_free(&u);
	roster_unit_free(&u2);
}

/* The same properties through the store, with a swap on top. */
static void
test_store_rosters(const char *dir)
{
	int fails[6] = {0};

	/* Each trial adds a group named 一组, so each has stores of its own. */
	for (int i = 0; i < STORE_TRIALS; i++) {
		struct store *st = test_store(dir, 2 * i);
		struct store *st2 = test_store(dir, 2 * i + 1);

		store_trial(st, st2, fails);
		store_close(st);
		store_close(st2);
	}
	ok(fails[0] == 0, "stored rosters are fair and honour exceptions");
	ok(fails[1] == 0, "two stores with the same group make the same "
	    "roster");
	ok(fails[2] == 0, "making the same period again adds nothing");
	ok(fails[5] >= STORE_TRIALS / 2, "%d of %d trials swapped two nights",
	    fails[5], STORE_TRIALS);
	ok(fails[3] == 0, "a swap changes exactly the two nights, "
	    "exchanging their members");
	ok(fails[4] == 0, "an exception moves the member's planned nights "
	    "to others");
}

/* Run every property in a private folder. */
int
main(void)
{
	char dir[] = "/tmp/xf-roster-test.XXXXXX";
	char *cmd;

	setenv("TZ", "Asia/Shanghai", 1);
	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL) {
		printf("Bail out! cannot set up\n");
		return 1;
	}
	test_days();
	test_round_robin();
	test_rotation();
	test_store_rosters(dir);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return tap_done();
}
