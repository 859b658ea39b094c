/* xunfang review: the station reviews the reports its devices sent. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/review.h"

/* The verdict options: the option, its code, whether it takes a comment. */
static const struct {
	const char *opt;
	const char *verdict;
	int comment;
} review_opts[] = {
	{"--ok", "ok", 0},
	{"--problem", "problem", 1},
	{"--return", "returned", 1},
};

/* The devices enrolled here, to name the one a report came from. */
struct devices {
	struct store_peer *v;
	size_t n;
};

/* The enrolled name of the device that wrote a version, or its key. */
static const char *
device_name(const struct devices *d, const unsigned char *keyid,
    char hex[17])
{
	for (size_t i = 0; i < d->n; i++)
		if (memcmp(d->v[i].keyid, keyid, VAULT_KEYID_LEN) == 0)
			return d->v[i].name;
	hex_encode(hex, keyid, VAULT_KEYID_LEN);
	hex[8] = '\0';
	return hex;
}

/* Print one report of the queue: id, kind, time, name, the device it
 * came from, and whether a volunteer account wrote it. */
static void
print_item(struct cmd_ctx *ctx, const struct review_item *it,
    const struct ref_ops *ops, const struct devices *d)
{
	const struct kind *k = kind_by_id(it->r->kind);
	int t = kind_title_field(k);
	struct buf title = {0};
	char hex[33], when[20], key[17];

	record_id_hex(it->r->rid, hex);
	time_format(review_time(it->r->hlc), when);
	if (t >= 0 && it->r->val[t] != NULL)
		field_format(&k->fields[t], it->r->val[t], FMT_HUMAN, ops,
		    &title);
	printf("  %.8s  %s  %s  %s  %s%s\n", hex, kind_label(k), when,
	    buf_str(&title), device_name(d, it->r->device, key),
	    review_by_volunteer(ctx->st, it->r->author) ?
	    _("  [volunteer]") : "");
	buf_free(&title);
}

/* review queue: the imported reports not reviewed yet, oldest first. */
static int
review_queue_cmd(struct cmd_ctx *ctx)
{
	struct review_items it;
	struct devices d = {0};
	struct ref_cache *rc;
	struct ref_ops ops;

	if (store_role(ctx->st) != ROLE_STATION)
		return cmd_failf(_("the review queue is the station's: this "
		    "store is a device's, whose home screen lists the reports "
		    "the station returned"));
	if (review_queue(ctx->st, &it, &ctx->err) != 0)
		return cmd_fail(ctx);
	if (store_peer_list(ctx->st, &d.v, &d.n, &ctx->err) != 0) {
		review_items_free(&it);
		return cmd_fail(ctx);
	}
	rc = ref_cache_new(ctx->st);
	ref_cache_ops(rc, &ops);
	printf(_("Awaiting review: %zu\n"), it.n);
	for (size_t i = 0; i < it.n; i++)
		print_item(ctx, &it.v[i], &ops, &d);
	store_peer_list_free(d.v, d.n);
	ref_cache_free(rc);
	review_items_free(&it);
	return CMD_OK;
}

/* Whether the report is one the station may review: a patrol, visit or
 * dispute a device wrote. */
static int
review_target_ok(struct cmd_ctx *ctx, const struct rec_list *h)
{
	if (!review_kind(h->kind->id))
		return cmd_failf(_("a %s is not a report: the station reviews "
		    "patrols, visits and disputes"), kind_label(h->kind)), 0;
	if (store_role(ctx->st) == ROLE_STATION && memcmp(h->rows[0].device,
	    store_device(ctx->st), VAULT_KEYID_LEN) == 0)
		return cmd_failf(_("this %s was written at the station: the "
		    "station reviews the reports its devices sent"),
		    kind_label(h->kind)), 0;
	return 1;
}

/* review ID --ok | --problem TEXT | --return TEXT */
static int
review_record_cmd(struct cmd_ctx *ctx)
{
	const char *verdict = NULL, *comment = NULL;
	unsigned char rid[RID_LEN], out[RID_LEN];
	struct rec_list h;
	char hex[33];
	int rc;

	if (ctx->argc < 3 || ctx->argc > 4)
		return cmd_usage(&cmd_review_entry);
	for (size_t i = 0; i < XF_ARRAY_LEN(review_opts); i++)
		if (strcmp(ctx->argv[2], review_opts[i].opt) == 0) {
			verdict = review_opts[i].verdict;
			if (review_opts[i].comment && ctx->argc == 4)
				comment = ctx->argv[3];
			else if (ctx->argc == 4)
				return cmd_usage(&cmd_review_entry);
		}
	if (verdict == NULL)
		return cmd_usage(&cmd_review_entry);
	if (cmd_load_record(ctx, ctx->argv[1], rid, &h) != 0)
		return CMD_FAIL;
	rc = review_target_ok(ctx, &h) ? review_write(ctx->st, rid, verdict,
	    comment, out, &ctx->err) : 1;
	rec_list_free(&h);
	if (rc < 0)
		return cmd_fail(ctx);
	if (rc > 0)
		return CMD_FAIL;
	record_id_hex(out, hex);
	printf("%s\n", hex);
	return CMD_OK;
}

/* review queue, or review ID and a verdict. */
static int
cmd_review_exec(struct cmd_ctx *ctx)
{
	if (ctx->argc == 2 && strcmp(ctx->argv[1], "queue") == 0)
		return review_queue_cmd(ctx);
	return review_record_cmd(ctx);
}

/* The second form of the command, under the usage line. */
static void
review_usage_more(FILE *fp)
{
	fprintf(fp, "       xunfang review queue\n");
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = N_("ID --ok | --problem TEXT | --return TEXT"),
	.usage_more = review_usage_more,
	.summary = N_("review a report a device sent (at the station), or list "
	    "the review queue"),
	.flags = CMD_STORE,
	.exec = cmd_review_exec,
};
