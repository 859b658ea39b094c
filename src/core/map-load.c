/* What a village's or a patrol's map shows, from the store (map.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "map.h"
#include "presence.h"
#include "record.h"

/* The village a name or an id (4 hex digits at least) names, into hex. */
static int
find_village(const struct rec_list *l, const char *arg, char hex[33],
    struct xf_err *err)
{
	size_t n = strlen(arg);
	int found = 0;
	char h[33];

	for (size_t i = 0; i < l->n; i++) {
		const char *name = l->rows[i].val[VILLAGE_F_NAME];

		record_id_hex(l->rows[i].rid, h);
		if ((name != NULL && strcmp(name, arg) == 0) ||
		    (n >= 4 && strncasecmp(h, arg, n) == 0)) {
			memcpy(hex, h, sizeof h);
			found++;
		}
	}
	if (found == 0)
		return xf_error(err, _("no village named '%s'; `xunfang list "
		    "village` shows them"), arg);
	if (found > 1)
		return xf_error(err, _("'%s' names %d villages; give its id "
		    "instead"), arg, found);
	return 0;
}

/* The name of the village with this id, or "?". */
static char *
village_name(const struct rec_list *l, const char *hex)
{
	unsigned char rid[RID_LEN];
	const struct record *r;

	if (hex_decode(rid, sizeof rid, hex) != 0 ||
	    (r = rec_list_find(l, rid)) == NULL ||
	    r->val[VILLAGE_F_NAME] == NULL)
		return xstrdup("?");
	return xstrdup(r->val[VILLAGE_F_NAME]);
}

/* Checkpoints in the order of their names, for the legend. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct map_point *)a)->name,
	    ((const struct map_point *)b)->name);
}

/* The village's checkpoints with a position, by name. */
static void
load_points(const struct rec_list *cps, const char *village,
    struct map_data *m)
{
	m->cp = xcalloc(cps->n + 1, sizeof *m->cp);
	for (size_t i = 0; i < cps->n; i++) {
		char *const *v = cps->rows[i].val;
		struct map_point *p = &m->cp[m->ncp];

		if (v[CHECKPOINT_F_VILLAGE] == NULL ||
		    strcmp(v[CHECKPOINT_F_VILLAGE], village) != 0)
			continue;
		if (v[CHECKPOINT_F_LAT] == NULL || v[CHECKPOINT_F_LON] == NULL ||
		    geo_coord_parse(v[CHECKPOINT_F_LAT], 90, &p->lat) != 0 ||
		    geo_coord_parse(v[CHECKPOINT_F_LON], 180, &p->lon) != 0) {
			m->cp_nopos++;
			continue;
		}
		p->name = xstrdup(v[CHECKPOINT_F_NAME] != NULL ?
		    v[CHECKPOINT_F_NAME] : "?");
		m->ncp++;
	}
	sort_n(m->cp, m->ncp, sizeof *m->cp, by_name);
}

/* A patrol's track and its ticks with a fix, flagged ones marked. */
static void
load_patrol(char *const *vals, const struct rec_list *cps,
    struct map_data *m)
{
	struct presence p;

	if (vals[PATROL_F_TRACK] == NULL ||
	    geo_track_decode(vals[PATROL_F_TRACK], &m->track) != 0)
		memset(&m->track, 0, sizeof m->track);
	presence_of(vals, cps, &p);
	m->tick = xcalloc(p.n + 1, sizeof *m->tick);
	for (size_t i = 0; i < p.n; i++) {
		const struct geo_fix *f = &p.t[i].g.fix;
		int flagged = presence_flagged(&p, i);

		m->nflagged += flagged != 0;
		if (f->state != GEO_FIX && f->state != GEO_OLD)
			continue;
		m->tick[m->ntick++] = (struct map_tick){f->lat, f->lon,
		    flagged};
	}
	presence_free(&p);
}

/* The incidents and suspicious sightings of one patrol with a fix, from
 * t on. */
static void
hot_of(char *const *vals, int64_t from, int64_t to, struct map_data *m,
    size_t *cap)
{
	const char *pos = vals[PATROL_F_OBSERVATIONS], *item;
	size_t len;

	if (pos == NULL || *pos == FIELD_SEALED)
		return;
	while ((item = field_list_next(&pos, &len)) != NULL) {
		char *part[OBSERVATION_NPARTS];
		struct geo_fix f;
		int64_t t;

		for (int j = 0; j < OBSERVATION_NPARTS; j++) {
			part[j] = field_item_strdup(item, len, j);
			if (j >= OBSERVATION_P_FIX && *part[j] == '\0') {
				free(part[j]);
				part[j] = NULL;
			}
		}
		t = strtoll(part[OBSERVATION_P_TIME], NULL, 10);
		geo_fix_of((const char *const *)&part[OBSERVATION_P_FIX], &f);
		if (t >= from && t <= to && (f.state == GEO_FIX ||
		    f.state == GEO_OLD) &&
		    strcmp(part[OBSERVATION_P_TYPE], "note") != 0) {
			if (m->nhot == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				m->hot = xreallocarray(m->hot, *cap,
				    sizeof *m->hot);
			}
			m->hot[m->nhot++] = (struct map_hot){f.lat, f.lon};
		}
		for (int j = 0; j < OBSERVATION_NPARTS; j++)
			free(part[j]);
	}
}

/* The hot spots of the village over the days before now. */
static int
load_hot(struct store *st, const char *village, int64_t now,
    struct map_data *m, struct xf_err *err)
{
	int64_t from = now - (int64_t)MAP_HOT_DAYS * 86400;
	struct rec_list l;
	size_t cap = 0;

	if (record_list_period(st, kind_by_id(KIND_PATROL),
	    record_day_of(from) - 1, record_day_of(now) + 1, &l, err) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		char *const *v = l.rows[i].val;

		if (v[PATROL_F_VILLAGE] != NULL &&
		    strcmp(v[PATROL_F_VILLAGE], village) == 0)
			hot_of(v, from, now, m, &cap);
	}
	rec_list_free(&l);
	return 0;
}

/* The patrol's current values (in h), or -1 if it is not a patrol. */
static int
load_record(struct store *st, const unsigned char *rid, struct rec_list *h,
    char *const **vals, struct xf_err *err)
{
	const struct record *cur;
	char hex[33];

	if (record_history(st, rid, h, err) != 0)
		return -1;
	record_id_hex(rid, hex);
	cur = record_current(h);
	if (h->kind->id != KIND_PATROL)
		return xf_error(err, _("%.12s is a %s, not a patrol: a map "
		    "shows a village, or a patrol with --patrol"), hex,
		    kind_label(h->kind));
	if (cur->tomb || cur->val == NULL)
		return xf_error(err, _("patrol %.12s is deleted"), hex);
	*vals = cur->val;
	return 0;
}

int
map_load(struct store *st, const char *village, const unsigned char *patrol,
    int hot, int64_t now, struct map_data *m, struct xf_err *err)
{
	struct rec_list vl, cps, h;
	char *const *pv = NULL;
	char hex[33] = "";
	int rc = -1;

	memset(m, 0, sizeof *m);
	memset(&h, 0, sizeof h);
	memset(&cps, 0, sizeof cps);
	if (record_list(st, kind_by_id(KIND_VILLAGE), &vl, err) != 0)
		return -1;
	if (patrol != NULL && load_record(st, patrol, &h, &pv, err) != 0)
		goto out;
	if (village != NULL) {
		if (find_village(&vl, village, hex, err) != 0)
			goto out;
	} else if (pv != NULL && pv[PATROL_F_VILLAGE] != NULL)
		snprintf(hex, sizeof hex, "%s", pv[PATROL_F_VILLAGE]);
	if (record_list(st, kind_by_id(KIND_CHECKPOINT), &cps, err) != 0)
		goto out;
	m->village = hex[0] ? village_name(&vl, hex) : xstrdup("?");
	load_points(&cps, hex, m);
	if (pv != NULL) {
		m->patrol = 1;
		load_patrol(pv, &cps, m);
	}
	rc = hot && hex[0] ? load_hot(st, hex, now, m, err) : 0;
out:
	rec_list_free(&cps);
	rec_list_free(&h);
	rec_list_free(&vl);
	if (rc != 0)
		map_data_free(m);
	return rc;
}

void
map_data_input(const struct map_data *m, struct map_input *in)
{
	memset(in, 0, sizeof *in);
	in->cp = m->cp;
	in->ncp = m->ncp;
	in->track = m->track.n > 0 ? &m->track : NULL;
	in->tick = m->tick;
	in->ntick = m->ntick;
	in->hot = m->hot;
	in->nhot = m->nhot;
}

void
map_data_free(struct map_data *m)
{
	for (size_t i = 0; i < m->ncp; i++)
		free((char *)m->cp[i].name);
	free(m->cp);
	free(m->tick);
	free(m->hot);
	free(m->village);
	geo_track_free(&m->track);
	memset(m, 0, sizeof *m);
}

int
map_data_check(const struct map_data *m, struct xf_err *err)
{
	if (m->ncp > 0 || m->ntick > 0 || m->track.n > 0 || m->nhot > 0)
		return 0;
	if (m->patrol)
		return xf_error(err, _("neither patrol nor village %s has a "
		    "position to draw: record the checkpoints' positions with "
		    "p on a checkpoint's screen, or with `xunfang edit ID "
		    "lat=30.571234 lon=104.066123`"), m->village);
	return xf_error(err, _("no checkpoint of %s has a position to draw: "
	    "record their positions with p on a checkpoint's screen, or with "
	    "`xunfang edit ID lat=30.571234 lon=104.066123`"), m->village);
}
