/* Roles figures: the cost of the signed audit entry on each record write,
 * and of sealing restricted fields to the restricted keys. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define N_WRITES 5000
#define N_DISPUTES 2000

/* A version of a new record, as record_write would make it. */
static void
new_version(struct store *st, const struct kind *k, struct version *v)
{
	memset(v, 0, sizeof *v);
	vault_random(v->rid, RID_LEN);
	vault_random(v->vid, VID_LEN);
	v->kind = k->id;
	v->hlc = store_hlc_next(st);
	memcpy(v->device, store_device(st), VAULT_KEYID_LEN);
	memcpy(v->author, store_user(st), UID_LEN);
}

/* Seconds to write n records of a kind, through record_write (audited)
 * or record_put (not audited), in one transaction. */
static double
write_n(struct store *st, const struct kind *k, char **vals, int n,
    int audited)
{
	struct version v;
	struct xf_err err;
	double t0 = bench_now();

	store_begin(st, &err);
	for (int i = 0; i < n; i++) {
		int rc;

		if (audited)
			rc = record_write(st, k, NULL, NULL, 0, vals, 0, NULL,
			    NULL, &err);
		else {
			new_version(st, k, &v);
			rc = record_put(st, k, &v, vals, 0, &err) < 0;
		}
		if (rc != 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			abort();
		}
	}
	store_commit(st, &err);
	return bench_now() - t0;
}

/* Figures for accounts, roles and the audit trail. */
void
bench_roles(const char *dir)
{
	struct store *st = bench_store(dir, "roles");
	const struct kind *p = kind_by_id(KIND_PATROL);
	const struct kind *d = kind_by_id(KIND_DISPUTE);
	char *pv[32] = {0}, *dv[32] = {0};
	double plain, audited, open, sealed;

	pv[kind_field_index(p, "type")] = (char *)"foot";
	pv[kind_field_index(p, "start")] = (char *)"1764300000";
	pv[kind_field_index(p, "route")] = (char *)"村口—小学—水库";
	dv[kind_field_index(d, "title")] = (char *)"宅基地边界纠纷";
	dv[kind_field_index(d, "category")] = (char *)"land";
	dv[kind_field_index(d, "colour")] = (char *)"yellow";
	dv[kind_field_index(d, "status")] = (char *)"reported";
	dv[kind_field_index(d, "reported")] = (char *)"1764300000";
	plain = write_n(st, p, pv, N_WRITES, 0);
	audited = write_n(st, p, pv, N_WRITES, 1);
	bench_figure("audit_write_ratio", audited / plain,
	    "record_write with its signed audit entry / record_put, 5000 "
	    "patrols");
	open = write_n(st, d, dv, N_DISPUTES, 0);
	dv[kind_field_index(d, "parties")] =
	    (char *)"张三丰\t13812345678\t张村一组7号\n李四光\t13987654321\t张村二组";
	sealed = write_n(st, d, dv, N_DISPUTES, 0);
	bench_figure("restricted_seal_ratio", sealed / open,
	    "2000 disputes with two parties sealed / the same without parties");
	store_close(st);
}
