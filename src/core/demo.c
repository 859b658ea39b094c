/*
 * Demo data for trainers. Everything comes from a seeded generator, in a
 * fixed order, so the same seed, size and end date give the same records:
 * ids, values and clocks. Record bodies are sealed with random nonces as
 * always; only the ciphertext differs between two such stores.
 *
 * The patterns a trainer can show: more incidents at night, on weekends
 * and on market days (each village's market meets every five days); a few
 * hot places; some checkpoints patrols seldom reach; disputes that move
 * from reported through mediation to resolved, failed or handed over, and
 * some that stall and become overdue.
 *
 * Positions (WGS-84) come from a generator of their own, so that adding
 * them changed no other record: villages a few kilometres apart on the
 * Chengdu plain, their checkpoints around them; the patrols of the last
 * two weeks carry fixes on their ticks and observations and a track, and
 * three of the first village's show each flag of the checks (geo.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "demo.h"
#include "dispute.h"
#include "geo.h"
#include "plan.h"
#include "record.h"
#include "rng.h"

#define BATCH 20000
#define MAX_GRIDS 4
#define MAX_PLACES 7
#define MAX_POINTS 6
#define MAX_GROUPS 5
#define MAX_HOUSEHOLDS 12
#define MAX_VOLUNTEERS (MAX_GROUPS * 4)
#define MAX_VILLAGES 400
#define DAY 86400
#define GEO_RECENT_DAYS 14	/* patrols with fixes and a track */
#define UDEG_M 0.111195		/* metres a microdegree of latitude */

struct dplace {
	char hex[33];
	const char *type;
	double heat;
};

struct dpoint {
	char hex[33];
	char *name;
	int control;
	double weight;
	int32_t lat, lon;
};

struct dvillage {
	char hex[33];
	char *name, *short_name, *officer;
	int market;
	int32_t lat, lon;	/* the village's middle */
	int ngrids, nplaces, npoints, nvol, nhh;
	char grid[MAX_GRIDS][33];
	struct dplace place[MAX_PLACES];
	struct dpoint point[MAX_POINTS];
	char *vol[MAX_VOLUNTEERS];
	char *hh[MAX_GROUPS * MAX_HOUSEHOLDS];
};

struct nameset {
	uint64_t *slot;
	size_t cap, n;
};

struct demo {
	struct store *st;
	struct rng rng;
	struct rng geo;		/* positions: apart, so other records stay */
	int flagged;		/* the flagged patrols made (demo_flag) */
	int32_t lat0, lon0;	/* the first village's corner */
	const struct demo_opts *o;
	struct dvillage *v;
	int nv;
	char *township;
	struct nameset names;
	uint64_t seq;
	size_t pending;
	int64_t limit;
	struct buf rids[KIND_MAX + 1];	/* new record ids, by kind */
	struct demo_stats *stats;
	struct xf_err *err;
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
};
static const char *const given1[] = {
	"建", "国", "志", "秀", "玉", "海", "丽", "德", "永", "金", "红", "春",
	"文", "明", "卫", "振", "小", "晓", "桂", "美", "长", "宏", "淑", "家",
};
static const char *const given2[] = {
	"国", "军", "强", "英", "兰", "燕", "娟", "明", "福", "花", "梅", "华",
	"东", "平", "刚", "芳", "林", "生", "荣", "珍", "山", "波", "霞", "勇",
};
static const char *const village_names[] = {
	"张庄村", "李家村", "王家坝村", "柳树湾村", "石桥村", "杨柳村",
	"红旗村", "新民村", "东风村", "前进村", "河口村", "沙坪村", "青龙村",
	"白马村", "黄土岭村", "桃园村", "梨花村", "枫林村", "松山村",
	"竹园村", "马家沟村", "刘家堡村", "陈家湾村", "周庄村", "高家岭村",
	"大树村", "三合村", "五里村", "七星村", "九龙村", "双河村", "金鸡村",
	"凤凰村", "龙泉村", "清水村", "下坝村", "上坪村", "中和村", "太平村",
	"永安村",
};
static const char *const townships[] = {
	"青石镇", "白沙镇", "龙潭乡", "桃源镇", "临河镇", "清溪乡",
};
static const char *const place_types[] = {
	"hotel", "rental", "internet_cafe", "pawn", "phone", "scrap",
};
static const double place_type_weights[] = {2, 3, 1.5, 0.7, 1, 1.2};
static const char *const place_suffix[][3] = {
	{"宾馆", "旅社", "客栈"},
	{"出租屋", "出租院", "租住楼"},
	{"星空网吧", "极速网吧", "网咖"},
	{"典当行", "寄卖行", "典当铺"},
	{"二手手机店", "手机回收店", "旧机行"},
	{"废品收购站", "再生资源回收点", "废旧物资站"},
};
static const char *const control_names[] = {"村口卡口", "桥头卡口"};
static const char *const mandatory_names[] = {
	"小学门口", "村委会", "集市", "卫生室", "水库堤坝", "加油站",
};
static const char *const patrol_types[] = {
	"foot", "bicycle", "vehicle", "checkpoint",
};
static const double patrol_type_weights[] = {45, 15, 25, 15};
/* Patrol start hours: day rounds, more in the evening, a late round. */
static const double start_hours[24] = {
	2, 1, 0.5, 0, 0, 0, 0.5, 1, 3, 3, 2, 1,
	1, 1, 2, 3, 2, 2, 2, 4, 5, 5, 4, 3,
};
static const char *const note_texts[] = {
	"一切正常", "路灯损坏一处，已记录", "提醒村民关好门窗", "巡查沿街商铺，无异常",
	"宣传防诈骗知识", "检查消防通道畅通",
};
static const char *const suspicious_texts[] = {
	"外地面包车在村内徘徊", "陌生人挨户推销保健品", "深夜有人在仓库附近逗留",
	"有人打听留守老人情况", "无牌摩托车多次经过", "网吧内有未成年人",
};
static const char *const incident_texts[] = {
	"电动车被盗", "酒后斗殴，已制止", "农户家禽被盗", "入室盗窃未遂",
	"电信诈骗报案", "醉酒滋事", "偷拿电缆被当场发现",
};
static const char *const household_findings[] = {
	"家中无人，留下联系卡", "讲解防诈骗常识", "登记新来租住人员",
	"发现电线老化，已提醒更换", "了解邻里关系，无矛盾",
};
static const char *const place_findings[] = {
	"住宿登记完整", "登记不全，已责令整改", "消防器材过期，限期更换",
	"签订治安责任状", "收购物品台账齐全", "发现可疑手机来源不明，已登记",
};
static const char *const visit_purposes[] = {
	"advice", "migrant", "hazard", "pledge", "other",
};
static const double household_purpose_w[] = {40, 25, 25, 0, 10};
static const double place_purpose_w[] = {20, 15, 35, 30, 0};
static const char *const categories[] = {
	"neighbour", "family", "land", "debt", "labour", "other",
};
static const double category_w[] = {30, 20, 20, 15, 10, 5};
static const char *const category_titles[] = {
	"%s与%s因排水沟发生争执", "%s与%s家庭矛盾", "%s与%s宅基地边界纠纷",
	"%s欠%s货款未还", "%s拖欠%s工钱", "%s与%s因琐事口角",
};
static const char *const colours[] = {"red", "orange", "yellow", "green"};
static const double colour_w[] = {7, 18, 35, 40};
static const char *const handed_to[] = {
	"镇司法所", "镇综治中心", "县人民法院", "镇劳动保障所",
};

/* 64-bit FNV-1a of a string, never 0 (0 marks an empty slot). */
static uint64_t
name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h ? h : 1;
}

/* Add a name to the set; 0 if it was there already. */
static int
nameset_add(struct nameset *ns, const char *s)
{
	uint64_t h = name_hash(s);
	size_t i;

	if (2 * (ns->n + 1) > ns->cap) {
		struct nameset big = {xcalloc(ns->cap ? ns->cap * 2 : 1024,
		    sizeof(uint64_t)), ns->cap ? ns->cap * 2 : 1024, 0};

		for (i = 0; i < ns->cap; i++)
			if (ns->slot[i] != 0) {
				size_t j = ns->slot[i] & (big.cap - 1);

				while (big.slot[j] != 0)
					j = (j + 1) & (big.cap - 1);
				big.slot[j] = ns->slot[i];
				big.n++;
			}
		free(ns->slot);
		*ns = big;
	}
	for (i = h & (ns->cap - 1); ns->slot[i] != 0;
	    i = (i + 1) & (ns->cap - 1))
		if (ns->slot[i] == h)
			return 0;
	ns->slot[i] = h;
	ns->n++;
	return 1;
}

#define PICK(d, a) ((a)[rng_below(&(d)->rng, XF_ARRAY_LEN(a))])

/* A person's name no one else in the demo has. */
static char *
person_name(struct demo *d)
{
	for (int tries = 0;; tries++) {
		const char *sur = PICK(d, surnames), *g1 = PICK(d, given1),
		    *g2 = PICK(d, given2);
		char *s = rng_chance(&d->rng, 0.25) && tries < 8 ?
		    xasprintf("%s%s", sur, g2) : strcmp(g1, g2) == 0 ?
		    xasprintf("%s%s", sur, g1) : xasprintf("%s%s%s", sur, g1,
		    g2);

		if (nameset_add(&d->names, s) || tries > 50)
			return s;
		free(s);
	}
}

/* A place or point name no other record has: a number added if needed. */
static char *
unique_name(struct demo *d, char *s)
{
	for (int i = 2; !nameset_add(&d->names, s); i++) {
		char *t = xasprintf("%s%d", s, i);

		if (nameset_add(&d->names, t)) {
			free(s);
			return t;
		}
		free(t);
	}
	return s;
}

/* Commit the open batch of writes. */
static int
flush(struct demo *d)
{
	if (d->pending == 0)
		return 0;
	d->pending = 0;
	return store_commit(d->st, d->err);
}

/* Write one version of a record (a new record when parent is NULL),
 * with the reason it was written, if any. */
static int
put_why(struct demo *d, int kind, unsigned char *rid,
    const unsigned char *parent, int64_t t, char **vals, const char *why,
    unsigned char *vid_out)
{
	const struct kind *k = kind_by_id(kind);
	struct version v;

	memset(&v, 0, sizeof v);
	if (parent == NULL)
		rng_bytes(&d->rng, rid, RID_LEN);
	memcpy(v.rid, rid, RID_LEN);
	rng_bytes(&d->rng, v.vid, VID_LEN);	/* drawn always: the same demo */
	if (parent == NULL)
		record_first_vid(rid, v.vid);
	v.kind = kind;
	v.hlc = (((uint64_t)t * 1000) << 16) + (d->seq++ & 0xffff);
	memcpy(v.device, store_device(d->st), VAULT_KEYID_LEN);
	memcpy(v.author, store_user(d->st), UID_LEN);
	if (parent != NULL) {
		v.nparents = 1;
		memcpy(v.parents[0], parent, VID_LEN);
	}
	if (d->pending == 0 && store_begin(d->st, d->err) != 0)
		return -1;
	d->pending++;
	if (record_put_why(d->st, k, &v, vals, why, 0, d->err) < 0) {
		store_rollback(d->st);
		d->pending = 0;
		return -1;
	}
	if (vid_out != NULL)
		memcpy(vid_out, v.vid, VID_LEN);
	if (parent == NULL)
		buf_add(&d->rids[kind], rid, RID_LEN);
	d->stats->versions++;
	d->stats->records += parent == NULL;
	return d->pending >= BATCH ? flush(d) : 0;
}

/* Write one version of a record: a new record when parent is NULL. */
static int
put(struct demo *d, int kind, unsigned char *rid, const unsigned char *parent,
    int64_t t, char **vals, unsigned char *vid_out)
{
	return put_why(d, kind, rid, parent, t, vals, NULL, vid_out);
}

/* Set field i of a value array (takes ownership of s). */
static void
setv(char **vals, int i, char *s)
{
	free(vals[i]);
	vals[i] = s;
}

/* Free the strings of a value array. */
static void
clearv(char **vals, int n)
{
	for (int i = 0; i < n; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
}

/* Write a new record from a value array, then clear it. */
static int
put_new(struct demo *d, int kind, int64_t t, char **vals, char hex[33])
{
	unsigned char rid[RID_LEN];
	int rc = put(d, kind, rid, NULL, t, vals, NULL);

	clearv(vals, kind_by_id(kind)->nfields);
	if (hex != NULL)
		record_id_hex(rid, hex);
	return rc;
}

/* The village's name without its trailing 村, for naming its places. */
static char *
short_name(const char *name)
{
	size_t n = strlen(name), c = strlen("村");

	if (n > c && strcmp(name + n - c, "村") == 0)
		n -= c;
	return xstrndup(name, n);
}

/* A position off another by metres north and east. */
static void
geo_offset(int32_t lat, int32_t lon, double north, double east,
    int32_t *olat, int32_t *olon)
{
	*olat = (int32_t)lround(lat + north / UDEG_M);
	*olon = (int32_t)lround(lon + east / (UDEG_M * cos(lat / 1e6 *
	    3.14159265358979323846 / 180)));
}

/* The middle of village i: on a grid 3 km apart, a little off it, from a
 * corner the seed picks on the plain west of Chengdu. */
static void
village_place(struct demo *d, struct dvillage *v, int i)
{
	if (i == 0) {
		d->lat0 = 30600000 + (int32_t)rng_below(&d->geo, 300000);
		d->lon0 = 103500000 + (int32_t)rng_below(&d->geo, 400000);
	}
	geo_offset(d->lat0, d->lon0, (i / 20) * 3000.0 + rng_range(&d->geo, -500,
	    500), (i % 20) * 3000.0 + rng_range(&d->geo, -500, 500), &v->lat,
	    &v->lon);
}

/* Write a village and its grids. */
static int
gen_village(struct demo *d, struct dvillage *v, int i, int64_t t)
{
	char *vals[16] = {0};

	v->name = demo_village_name(d->o->first_village + i);
	nameset_add(&d->names, v->name);
	v->short_name = short_name(v->name);
	v->market = (int)rng_below(&d->rng, 5);
	v->officer = person_name(d);
	village_place(d, v, i);
	setv(vals, VILLAGE_F_NAME, xstrdup(v->name));
	setv(vals, VILLAGE_F_TOWNSHIP, xstrdup(d->township));
	if (put_new(d, KIND_VILLAGE, t, vals, v->hex) != 0)
		return -1;
	v->ngrids = rng_range(&d->rng, 2, MAX_GRIDS);
	for (int g = 0; g < v->ngrids; g++) {
		setv(vals, GRID_F_NAME, unique_name(d,
		    xasprintf("%s第%d网格", v->name, g + 1)));
		setv(vals, GRID_F_VILLAGE, xstrdup(v->hex));
		setv(vals, GRID_F_WORKER, person_name(d));
		if (put_new(d, KIND_GRID, t, vals, v->grid[g]) != 0)
			return -1;
	}
	return 0;
}

/* Write the household groups; their heads and a few members volunteer. */
static int
gen_groups(struct demo *d, struct dvillage *v, int64_t t)
{
	char *vals[16] = {0};
	int ngroups = rng_range(&d->rng, 3, MAX_GROUPS);

	for (int g = 0; g < ngroups; g++) {
		struct buf hh = {0};
		int n = rng_range(&d->rng, 8, MAX_HOUSEHOLDS);
		int nvol = rng_range(&d->rng, 2, 4);

		for (int h = 0; h < n; h++) {
			char *name = person_name(d);

			field_list_append(&hh, (const char *[]){name}, 1);
			v->hh[v->nhh++] = name;
			if (h < nvol)
				v->vol[v->nvol++] = name;
		}
		setv(vals, HOUSEHOLD_GROUP_F_NAME, unique_name(d,
		    xasprintf("%s第%d联户组", v->name, g + 1)));
		setv(vals, HOUSEHOLD_GROUP_F_VILLAGE, xstrdup(v->hex));
		setv(vals, HOUSEHOLD_GROUP_F_HEAD,
		    xstrdup(v->hh[v->nhh - n]));
		setv(vals, HOUSEHOLD_GROUP_F_HOUSEHOLDS,
		    xstrdup(buf_str(&hh)));
		buf_free(&hh);
		if (put_new(d, KIND_HOUSEHOLD_GROUP, t, vals, NULL) != 0)
			return -1;
	}
	return 0;
}

/* Write the places of a village; one or two of them run hot. */
static int
gen_places(struct demo *d, struct dvillage *v, int64_t t)
{
	char *vals[16] = {0};

	v->nplaces = rng_range(&d->rng, 3, MAX_PLACES);
	for (int p = 0; p < v->nplaces; p++) {
		struct dplace *pl = &v->place[p];
		int ty = rng_weighted(&d->rng, place_type_weights,
		    (int)XF_ARRAY_LEN(place_type_weights));

		pl->type = place_types[ty];
		pl->heat = rng_chance(&d->rng, 0.2) ? rng_range(&d->rng, 5, 9) :
		    1.0;
		setv(vals, PLACE_F_NAME, unique_name(d, xasprintf("%s%s",
		    v->short_name, place_suffix[ty][rng_below(&d->rng, 3)])));
		setv(vals, PLACE_F_TYPE, xstrdup(pl->type));
		setv(vals, PLACE_F_VILLAGE, xstrdup(v->hex));
		setv(vals, PLACE_F_GRID, xstrdup(v->grid[rng_below(
		    &d->rng, (uint32_t)v->ngrids)]));
		setv(vals, PLACE_F_ADDRESS, xasprintf("%s%d组%d号",
		    v->name, rng_range(&d->rng, 1, 9),
		    rng_range(&d->rng, 1, 80)));
		setv(vals, PLACE_F_CONTACT, person_name(d));
		setv(vals, PLACE_F_PLEDGE, xstrdup(rng_chance(&d->rng,
		    0.7) ? "yes" : "no"));
		if (put_new(d, KIND_PLACE, t, vals, pl->hex) != 0)
			return -1;
	}
	if (v->place[0].heat < 2 && rng_chance(&d->rng, 0.5))
		v->place[0].heat = 6;
	return 0;
}

/* Point p of a village: around its middle, 300 m to 900 m out, the
 * points spread round it. */
static void
point_place(struct demo *d, struct dvillage *v, int p)
{
	double a = 2 * 3.14159265358979323846 * (p + 0.3 * rng_unit(&d->geo)) /
	    v->npoints, r = rng_range(&d->geo, 300, 900);

	geo_offset(v->lat, v->lon, r * cos(a), r * sin(a), &v->point[p].lat,
	    &v->point[p].lon);
}

/* Write the checkpoints and mandatory points; one is easily forgotten. */
static int
gen_points(struct demo *d, struct dvillage *v, int64_t t)
{
	char *vals[16] = {0};
	int nc = rng_range(&d->rng, 1, 2);

	v->npoints = nc + rng_range(&d->rng, 2, MAX_POINTS - 2);
	for (int p = 0; p < v->npoints; p++) {
		struct dpoint *pt = &v->point[p];

		pt->control = p < nc;
		pt->name = unique_name(d, xasprintf("%s%s", v->short_name,
		    pt->control ? control_names[p] : mandatory_names[p - nc]));
		pt->weight = p == v->npoints - 1 ? 0.015 : 1.0;
		setv(vals, CHECKPOINT_F_NAME, xstrdup(pt->name));
		setv(vals, CHECKPOINT_F_TYPE, xstrdup(pt->control ?
		    "control" : "mandatory"));
		setv(vals, CHECKPOINT_F_VILLAGE, xstrdup(v->hex));
		setv(vals, CHECKPOINT_F_LOCATION, xasprintf("%s%s",
		    v->name, pt->control ? "主干道" : "中心"));
		point_place(d, v, p);
		setv(vals, CHECKPOINT_F_LAT, xmalloc(16));
		geo_coord_format(pt->lat, vals[CHECKPOINT_F_LAT]);
		setv(vals, CHECKPOINT_F_LON, xmalloc(16));
		geo_coord_format(pt->lon, vals[CHECKPOINT_F_LON]);
		setv(vals, CHECKPOINT_F_RADIUS, xstrdup("50"));
		if (put_new(d, KIND_CHECKPOINT, t, vals, pt->hex) != 0)
			return -1;
	}
	return 0;
}

/* The name of village number i: from the list, numbered past its end. */
char *
demo_village_name(int i)
{
	int n = (int)XF_ARRAY_LEN(village_names);

	if (i < n)
		return xstrdup(village_names[i]);
	return xasprintf("%s%d", village_names[i % n], i / n + 1);
}

/* The township of a seed, the same for every device of a demo station. */
const char *
demo_township(uint64_t seed)
{
	struct rng r;

	rng_seed(&r, seed ^ 0x7477u);
	return townships[rng_below(&r, XF_ARRAY_LEN(townships))];
}

/* The registry: villages, grids, household groups, places, points. */
static int
gen_registry(struct demo *d, int64_t t)
{
	d->township = xstrdup(d->o->township ? d->o->township :
	    PICK(d, townships));
	for (int i = 0; i < d->nv; i++) {
		struct dvillage *v = &d->v[i];

		if (gen_village(d, v, i, t) != 0 || gen_groups(d, v, t) != 0 ||
		    gen_places(d, v, t) != 0 || gen_points(d, v, t) != 0)
			return -1;
	}
	return 0;
}

/* How much more happens at this hour than by day. */
static double
hour_factor(int h)
{
	if (h >= 22 || h < 4)
		return 2.6;
	if (h >= 18)
		return 1.7;
	return h < 7 ? 1.2 : 1.0;
}

/* The team: the village officer with volunteers, or volunteers alone. */
static char *
gen_team(struct demo *d, const struct dvillage *v)
{
	struct buf b = {0};
	int with_officer = rng_chance(&d->rng, 0.6);
	int n = rng_range(&d->rng, with_officer ? 1 : 2, 3), first;
	char *s;

	if (with_officer)
		buf_adds(&b, v->officer);
	first = (int)rng_below(&d->rng, (uint32_t)v->nvol);
	for (int i = 0; i < n && i < v->nvol; i++)
		field_list_append(&b,
		    (const char *[]){v->vol[(first + i) % v->nvol]}, 1);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* A tick as the demo makes it: the point, the time, the fix. */
struct dtick {
	int p;
	int64_t at;
	int32_t lat, lon;
	int acc;
};

/* Points passed, in order, and the route named after them; the ticks
 * into tk. */
static void
gen_points_passed(struct demo *d, const struct dvillage *v, int checkpoint,
    int64_t start, int64_t len, char **vals, struct dtick *tk, int *ntk)
{
	double w[MAX_POINTS];
	int pick[MAX_POINTS], n;
	struct buf pts = {0}, route = {0};

	for (int i = 0; i < v->npoints; i++)
		w[i] = checkpoint ? v->point[i].control : v->point[i].weight;
	n = checkpoint ? 1 : rng_range(&d->rng, 2, v->npoints < 4 ?
	    v->npoints : 4);
	for (int i = 0; i < n; i++) {
		pick[i] = rng_weighted(&d->rng, w, v->npoints);
		w[pick[i]] = 0;
	}
	for (int i = 0; i < n; i++) {
		int64_t at = start + (len * (i + 1) / (n + 1)) / 60 * 60;
		char *when = xasprintf("%lld", (long long)at);

		field_list_append(&pts,
		    (const char *[]){v->point[pick[i]].hex, when}, 2);
		free(when);
		tk[i] = (struct dtick){.p = pick[i], .at = at};
		buf_addf(&route, "%s%s", i ? "—" : "", v->point[pick[i]].name);
	}
	setv(vals, PATROL_F_POINTS, xstrdup(buf_str(&pts)));
	setv(vals, PATROL_F_ROUTE, xstrdup(buf_str(&route)));
	*ntk = n;
	buf_free(&pts);
	buf_free(&route);
}

/* A place for an observation, the hot ones more often. */
static const char *
gen_obs_place(struct demo *d, const struct dvillage *v)
{
	double w[MAX_PLACES];

	for (int i = 0; i < v->nplaces; i++)
		w[i] = v->place[i].heat;
	return v->place[rng_weighted(&d->rng, w, v->nplaces)].hex;
}

/* The place of an observation: mostly a hot one for incidents and
 * suspicious ones, now and then any place for a note. */
static const char *
obs_place(struct demo *d, const struct dvillage *v, int type)
{
	if (type > 0)
		return rng_chance(&d->rng, 0.85) ? gen_obs_place(d, v) : "";
	if (!rng_chance(&d->rng, 0.2))
		return "";
	return v->place[rng_below(&d->rng, (uint32_t)v->nplaces)].hex;
}

/* What the patrol saw: more, and worse, at night and on busy days. */
static char *
gen_observations(struct demo *d, const struct dvillage *v, int64_t start,
    int64_t len, int hour, double busy)
{
	int64_t at[4];
	int n = 0;
	double hf = hour_factor(hour), p = 0.13 * hf * busy;
	struct buf b = {0};
	char *s;

	for (int i = 0; i < 4; i++)
		if (rng_chance(&d->rng, p > 0.9 ? 0.9 : p))
			at[n++] = start + (int64_t)rng_below(&d->rng,
			    (uint32_t)(len / 60)) * 60;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && at[j] < at[j - 1]; j--) {
			int64_t x = at[j];

			at[j] = at[j - 1];
			at[j - 1] = x;
		}
	for (int i = 0; i < n; i++) {
		double r = rng_unit(&d->rng), pi = 0.1 * hf * busy;
		int type = r < pi ? 2 : r < pi + 0.25 ? 1 : 0;
		const char *text = type == 2 ? PICK(d, incident_texts) :
		    type == 1 ? PICK(d, suspicious_texts) : PICK(d, note_texts);
		const char *place = obs_place(d, v, type);
		const char *code = type == 2 ? "incident" : type == 1 ?
		    "suspicious" : "note";
		char *when = xasprintf("%lld", (long long)at[i]);

		field_list_append(&b, (const char *[]){when, code, text, place},
		    4);
		free(when);
	}
	s = n ? xstrdup(buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

/* Where the route is at time t: between the waypoints around it. */
static void
route_at(const struct dtick *w, int n, int64_t t, int32_t *lat, int32_t *lon)
{
	int i = 1;
	double f;

	while (i < n - 1 && w[i].at < t)
		i++;
	f = w[i].at > w[i - 1].at ? (double)(t - w[i - 1].at) /
	    (double)(w[i].at - w[i - 1].at) : 1;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	*lat = (int32_t)lround(w[i - 1].lat + f * (w[i].lat - w[i - 1].lat));
	*lon = (int32_t)lround(w[i - 1].lon + f * (w[i].lon - w[i - 1].lon));
}

/* A position within m metres of another, from the position generator. */
static void
jitter(struct demo *d, int32_t *lat, int32_t *lon, int m)
{
	geo_offset(*lat, *lon, rng_range(&d->geo, -m, m), rng_range(&d->geo,
	    -m, m), lat, lon);
}

/*
 * Three of the first village's foot patrols of the last week, one flag
 * each, for a trainer to show: a tick made 300 m from its point; a tick
 * a minute after the one before at a point far beyond walking; three
 * ticks within two minutes, made standing at the first point.
 */
static void
demo_flag(struct demo *d, const struct dvillage *v, const char *type,
    struct dtick *tk, int n, int64_t start)
{
	double m;

	if (v != &d->v[0] || d->flagged >= 3 || n < 3 || strcmp(type,
	    "foot") != 0 || start < d->limit - 7 * DAY)
		return;
	switch (d->flagged) {
	case 0:
		geo_offset(tk[1].lat, tk[1].lon, 0, 300, &tk[1].lat,
		    &tk[1].lon);
		break;
	case 1:
		m = geo_distance(tk[0].lat, tk[0].lon, tk[1].lat, tk[1].lon);
		if (m < 150)
			return;
		tk[1].at = tk[0].at + (int64_t)(m / 12 > 10 ? m / 12 : 10);
		break;
	case 2:
		for (int i = 1; i < 3; i++) {
			tk[i].at = tk[0].at + 40 * i;
			tk[i].lat = tk[0].lat;
			tk[i].lon = tk[0].lon;
			jitter(d, &tk[i].lat, &tk[i].lon, 5);
		}
		break;
	}
	d->flagged++;
}

/* The ticks again, each with its fix. */
static char *
ticks_with_fixes(const struct dvillage *v, const struct dtick *tk, int n)
{
	struct buf b = {0};
	char *s;

	for (int i = 0; i < n; i++) {
		struct geo_fix f = {.state = GEO_FIX, .lat = tk[i].lat,
		    .lon = tk[i].lon, .acc = tk[i].acc, .time = tk[i].at - 1,
		    .age = 1};
		struct geo_parts gp;
		const char *part[POINT_NPARTS];
		char when[24];

		geo_fix_parts(&f, &gp);
		snprintf(when, sizeof when, "%lld", (long long)tk[i].at);
		part[POINT_P_CHECKPOINT] = v->point[tk[i].p].hex;
		part[POINT_P_TIME] = when;
		/* Four ticks in five from the plaque's code, the rest by
		 * its short code typed where the code would not read. */
		part[POINT_P_METHOD] = tk[i].at / 60 % 5 != 0 ? "scan" :
		    "manual";
		part[POINT_P_FLAG] = "";
		for (int j = 0; j < GEO_NPARTS; j++)
			part[POINT_P_FIX + j] = gp.p[j] ? gp.p[j] : "";
		field_list_append(&b, part, POINT_NPARTS);
	}
	s = n ? xstrdup(buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

/* The track: a point every 30 s along the way from the village's middle
 * through the ticks and back. */
static char *
track_along(struct demo *d, const struct dtick *w, int nw, int64_t start,
    int64_t end)
{
	struct geo_track t = {0};
	struct buf b = {0};
	char *s;

	t.cap = (size_t)((end - start) / GEO_TRACK_EVERY + 1);
	t.cap = t.cap < GEO_TRACK_MAX ? t.cap : GEO_TRACK_MAX;
	t.p = xcalloc(t.cap, sizeof *t.p);
	for (int64_t at = start; at <= end && t.n < t.cap;
	    at += GEO_TRACK_EVERY) {
		struct geo_point *p = &t.p[t.n++];

		p->time = at;
		route_at(w, nw, at, &p->lat, &p->lon);
		jitter(d, &p->lat, &p->lon, 3);
	}
	geo_track_encode(&t, &b);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	free(t.p);
	return s;
}

/* The observations again, each with a fix where the route was. */
static char *
observations_with_fixes(struct demo *d, const char *obs,
    const struct dtick *w, int nw)
{
	const char *pos = obs, *item;
	struct buf b = {0};
	size_t len;
	char *s;

	while (pos != NULL && (item = field_list_next(&pos, &len)) != NULL) {
		const char *part[OBSERVATION_NPARTS];
		char *own[OBSERVATION_P_FIX];
		struct geo_fix f = {.state = GEO_FIX, .acc = 8, .age = 2};
		struct geo_parts gp;

		for (int j = 0; j < OBSERVATION_P_FIX; j++)
			part[j] = own[j] = field_item_strdup(item, len, j);
		f.time = strtoll(own[OBSERVATION_P_TIME], NULL, 10) - 2;
		route_at(w, nw, f.time, &f.lat, &f.lon);
		jitter(d, &f.lat, &f.lon, 15);
		geo_fix_parts(&f, &gp);
		for (int j = 0; j < GEO_NPARTS; j++)
			part[OBSERVATION_P_FIX + j] = gp.p[j] ? gp.p[j] : "";
		field_list_append(&b, part, OBSERVATION_NPARTS);
		for (int j = 0; j < OBSERVATION_P_FIX; j++)
			free(own[j]);
	}
	s = b.len ? xstrdup(buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

/* A recent patrol's fixes and track, as a device with GPS records them
 * (flagged ones by demo_flag). */
static void
gen_presence(struct demo *d, const struct dvillage *v, char **vals,
    struct dtick *tk, int n, int64_t start, int64_t end)
{
	struct dtick w[MAX_POINTS + 2];

	for (int i = 0; i < n; i++) {
		tk[i].lat = v->point[tk[i].p].lat;
		tk[i].lon = v->point[tk[i].p].lon;
		tk[i].acc = rng_range(&d->geo, 4, 10);
		jitter(d, &tk[i].lat, &tk[i].lon, 12);
	}
	demo_flag(d, v, vals[PATROL_F_TYPE], tk, n, start);
	w[0] = (struct dtick){.at = start, .lat = v->lat, .lon = v->lon};
	memcpy(&w[1], tk, (size_t)n * sizeof *tk);
	w[n + 1] = (struct dtick){.at = end, .lat = v->lat, .lon = v->lon};
	if (n > 0)
		setv(vals, PATROL_F_POINTS, ticks_with_fixes(v, tk, n));
	setv(vals, PATROL_F_TRACK, track_along(d, w, n + 2, start, end));
	if (vals[PATROL_F_OBSERVATIONS] != NULL)
		setv(vals, PATROL_F_OBSERVATIONS, observations_with_fixes(d,
		    vals[PATROL_F_OBSERVATIONS], w, n + 2));
}

/* One patrol in a village on a day. */
static int
gen_patrol(struct demo *d, const struct dvillage *v, int64_t day, double busy)
{
	char *vals[16] = {0};
	int h = rng_weighted(&d->rng, start_hours, 24);
	int type = rng_weighted(&d->rng, patrol_type_weights, 4);
	int64_t start = day + h * 3600 + rng_below(&d->rng, 6) * 600;
	int64_t len = rng_range(&d->rng, 6, 18) * 600;
	struct dtick tk[MAX_POINTS];
	int ntk;

	setv(vals, PATROL_F_TYPE, xstrdup(patrol_types[type]));
	setv(vals, PATROL_F_TEAM, gen_team(d, v));
	setv(vals, PATROL_F_START, xasprintf("%lld", (long long)start));
	setv(vals, PATROL_F_END, xasprintf("%lld",
	    (long long)(start + len)));
	setv(vals, PATROL_F_VILLAGE, xstrdup(v->hex));
	gen_points_passed(d, v, type == 3, start, len, vals, tk, &ntk);
	setv(vals, PATROL_F_OBSERVATIONS,
	    gen_observations(d, v, start, len, h, busy));
	if (start >= d->limit - GEO_RECENT_DAYS * DAY)
		gen_presence(d, v, vals, tk, ntk, start, start + len);
	return put_new(d, KIND_PATROL, start + len, vals, NULL);
}

/* One visit to a household or a place. */
static int
gen_visit(struct demo *d, const struct dvillage *v, int64_t day)
{
	char *vals[16] = {0}, date[11];
	int64_t t = day + rng_range(&d->rng, 9, 17) * 3600 +
	    rng_below(&d->rng, 60) * 60;
	int household = rng_chance(&d->rng, 0.6), purpose;

	if (household) {
		purpose = rng_weighted(&d->rng, household_purpose_w, 5);
		setv(vals, VISIT_F_TARGET, xstrdup("household"));
		setv(vals, VISIT_F_HOUSEHOLD, xasprintf("%s家",
		    v->hh[rng_below(&d->rng, (uint32_t)v->nhh)]));
		setv(vals, VISIT_F_FINDINGS,
		    xstrdup(PICK(d, household_findings)));
	} else {
		const struct dplace *pl = &v->place[rng_below(&d->rng,
		    (uint32_t)v->nplaces)];

		purpose = rng_weighted(&d->rng, place_purpose_w, 5);
		setv(vals, VISIT_F_TARGET, xstrdup("place"));
		setv(vals, VISIT_F_PLACE, xstrdup(pl->hex));
		setv(vals, VISIT_F_PLACE_TYPE, xstrdup(pl->type));
		setv(vals, VISIT_F_FINDINGS,
		    xstrdup(PICK(d, place_findings)));
	}
	setv(vals, VISIT_F_VILLAGE, xstrdup(v->hex));
	setv(vals, VISIT_F_TIME, xasprintf("%lld", (long long)t));
	setv(vals, VISIT_F_PURPOSE, xstrdup(visit_purposes[purpose]));
	if (purpose == 2 && rng_chance(&d->rng, 0.5)) {
		date_format(t + rng_range(&d->rng, 7, 21) * DAY, date);
		setv(vals, VISIT_F_FOLLOW_UP, xstrdup(date));
	}
	return put_new(d, KIND_VISIT, t, vals, NULL);
}

/* Parties to a dispute: names, telephone numbers and addresses. */
static char *
gen_parties(struct demo *d, const struct dvillage *v, char **a, char **b)
{
	struct {
		int pre, group;
		uint32_t num;
	} p[2];
	struct buf list = {0};
	char *s;

	*a = xstrdup(v->hh[rng_below(&d->rng, (uint32_t)v->nhh)]);
	*b = person_name(d);
	/* Drawn last first, the order a seed's stores have always had. */
	for (int i = 1; i >= 0; i--) {
		p[i].group = rng_range(&d->rng, 1, 9);
		p[i].num = rng_below(&d->rng, 100000000);
		p[i].pre = rng_range(&d->rng, 30, 89);
	}
	for (int i = 0; i < 2; i++) {
		char *phone = xasprintf("1%02d%08u", p[i].pre, p[i].num),
		    *addr = xasprintf("%s%d组", v->name, p[i].group);

		field_list_append(&list, (const char *[]){i ? *b : *a, phone,
		    addr}, 3);
		free(phone);
		free(addr);
	}
	s = xstrdup(buf_str(&list));
	buf_free(&list);
	return s;
}

/* Add a session to a dispute's value array: a mediation, or with a type
 * and an outcome, a follow-up visit. */
static void
add_session_as(struct demo *d, const struct dvillage *v, char **vals,
    int64_t t, const char *notes, const char *type, const char *outcome)
{
	char *when = xasprintf("%lld", (long long)t);
	const char *who = rng_chance(&d->rng, 0.5) ? v->officer : "村调委会";
	struct buf list = {0};

	if (vals[DISPUTE_F_SESSIONS] != NULL)
		field_list_join(&list, vals[DISPUTE_F_SESSIONS]);
	field_list_append(&list, (const char *[]){when, who, notes, type,
	    outcome}, type ? 5 : 3);
	setv(vals, DISPUTE_F_SESSIONS, xstrdup(buf_str(&list)));
	buf_free(&list);
	free(when);
}

static void
add_session(struct demo *d, const struct dvillage *v, char **vals,
    int64_t t, const char *notes)
{
	add_session_as(d, v, vals, t, notes, NULL, NULL);
}

/* The version after the sessions: resolved, failed or handed over. */
static void
gen_outcome(struct demo *d, const struct dvillage *v, char **vals,
    int64_t t, int red)
{
	double w[3] = {65, 13, red ? 45 : 22};
	int out = rng_weighted(&d->rng, w, 3);
	char date[11];

	if (out == 0) {
		add_session(d, v, vals, t, "双方达成调解协议");
		setv(vals, DISPUTE_F_STATUS, xstrdup("resolved"));
		setv(vals, DISPUTE_F_AGREEMENT,
		    xstrdup("双方自愿达成协议，按约履行"));
		date_format(t + (int64_t)DISPUTE_FOLLOW_UP_DAYS * DAY, date);
		setv(vals, DISPUTE_F_FOLLOW_UP, xstrdup(date));
	} else if (out == 1) {
		add_session(d, v, vals, t, "调解未果，告知诉讼途径");
		setv(vals, DISPUTE_F_STATUS, xstrdup("failed"));
	} else {
		setv(vals, DISPUTE_F_STATUS, xstrdup("handed_over"));
		setv(vals, DISPUTE_F_HANDED_TO,
		    xstrdup(PICK(d, handed_to)));
	}
}

/* Why a dispute's outcome was written, as a trainer would show it in
 * its history. */
static const char *
outcome_reason(const char *status)
{
	if (strcmp(status, "failed") == 0)
		return "调解未果，记录结果并告知诉讼途径";
	if (strcmp(status, "handed_over") == 0)
		return "超出村级调解范围，移交有关单位";
	return NULL;
}

/* Next version of a dispute, if its time has come by the end date. */
static int
next_version(struct demo *d, unsigned char *rid, unsigned char *vid,
    int64_t t, char **vals)
{
	return put(d, KIND_DISPUTE, rid, vid, t, vals, vid);
}

/* One dispute and the versions of its lifecycle up to the end date. */
static int
gen_dispute(struct demo *d, const struct dvillage *v, int64_t day)
{
	char *vals[16] = {0}, *a, *b;
	unsigned char rid[RID_LEN], vid[VID_LEN];
	int cat = rng_weighted(&d->rng, category_w, 6);
	int col = rng_weighted(&d->rng, colour_w, 4);
	int64_t t = day + rng_range(&d->rng, 8, 19) * 3600 +
	    rng_below(&d->rng, 60) * 60;
	int stall = rng_chance(&d->rng, 0.15), nsess = rng_range(&d->rng, 1, 3);
	int rc, s;

	setv(vals, DISPUTE_F_PARTIES, gen_parties(d, v, &a, &b));
	setv(vals, DISPUTE_F_TITLE,
	    xasprintf(category_titles[cat], a, b));
	free(a);
	free(b);
	setv(vals, DISPUTE_F_CATEGORY, xstrdup(categories[cat]));
	setv(vals, DISPUTE_F_COLOUR, xstrdup(colours[col]));
	setv(vals, DISPUTE_F_STATUS, xstrdup("reported"));
	setv(vals, DISPUTE_F_REPORTED, xasprintf("%lld", (long long)t));
	setv(vals, DISPUTE_F_VILLAGE, xstrdup(v->hex));
	rc = put(d, KIND_DISPUTE, rid, NULL, t, vals, vid);
	for (s = 0; rc == 0 && s < nsess && !(stall && s == 1); s++) {
		t += rng_range(&d->rng, 1, 8) * DAY +
		    rng_range(&d->rng, -3, 3) * 3600;
		if (t >= d->limit)
			break;
		add_session(d, v, vals, t, s ? "再次组织双方调解" :
		    "召集双方初次调解");
		setv(vals, DISPUTE_F_STATUS, xstrdup("mediating"));
		rc = next_version(d, rid, vid, t, vals);
	}
	t += rng_range(&d->rng, 1, 6) * DAY;
	if (rc == 0 && s == nsess && !stall && t < d->limit) {
		gen_outcome(d, v, vals, t, col == 0);
		rc = put_why(d, KIND_DISPUTE, rid, vid, t, vals,
		    outcome_reason(vals[DISPUTE_F_STATUS]), vid);
	}
	/* Most resolved disputes get their follow-up visit on time or a few
	 * days late; one in eight finds the agreement broken. */
	t += (int64_t)DISPUTE_FOLLOW_UP_DAYS * DAY + rng_range(&d->rng, 0, 4) *
	    DAY;
	if (rc == 0 && vals[DISPUTE_F_STATUS] != NULL &&
	    strcmp(vals[DISPUTE_F_STATUS], "resolved") == 0 &&
	    t < d->limit && rng_chance(&d->rng, 0.85)) {
		int broken = rng_chance(&d->rng, 0.125);

		add_session_as(d, v, vals, t, broken ? "对方未按协议履行" :
		    "回访双方，协议履行良好", "follow_up", broken ? "broken" :
		    "holds");
		setv(vals, DISPUTE_F_STATUS, xstrdup(broken ? "mediating" :
		    "closed"));
		if (broken)
			setv(vals, DISPUTE_F_FOLLOW_UP, NULL);
		rc = next_version(d, rid, vid, t, vals);
	}
	clearv(vals, kind_by_id(KIND_DISPUTE)->nfields);
	return rc;
}

/* Local midnight starting the day `back` days before `day`. */
static int64_t
days_before(int64_t day, int back, struct tm *out)
{
	time_t tt = (time_t)day;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_mday -= back;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	tt = mktime(&tm);
	if (out != NULL)
		localtime_r(&tt, out);
	return (int64_t)tt;
}

/* Everything that happens in one village on one day. */
static int
gen_day(struct demo *d, const struct dvillage *v, int64_t day,
    const struct tm *tm)
{
	int weekend = tm->tm_wday == 0 || tm->tm_wday == 6;
	int market = tm->tm_mday % 5 == v->market;
	double busy = (weekend ? 1.4 : 1.0) * (market ? 1.5 : 1.0);
	int np = rng_range(&d->rng, 1, 3) + weekend + market;
	int nvisit = rng_range(&d->rng, 0, 3);

	for (int i = 0; i < np; i++)
		if (gen_patrol(d, v, day, busy) != 0)
			return -1;
	for (int i = 0; i < nvisit; i++)
		if (gen_visit(d, v, day) != 0)
			return -1;
	if (rng_chance(&d->rng, 0.09 * busy) && gen_dispute(d, v, day) != 0)
		return -1;
	return 0;
}

#define PLAN_DAYS 35	/* the nightly plan runs since this many days */

/*
 * The nightly plan's patrols of the days before today: most tick each
 * point near its time, some one late, some stop short, and a night now
 * and then has none, so that plan misses and report plans have
 * something to say.
 */
static int
gen_plan_patrols(struct demo *d, const struct dvillage *v, const char *plan)
{
	static const int minutes[] = {20 * 60, 20 * 60 + 40, 21 * 60 + 20};
	int64_t today = d->limit;

	for (int back = PLAN_DAYS; back >= 1; back--) {
		int64_t day = day_add(today, -back), last = 0, start, end;
		char *vals[16] = {0};
		struct buf pts = {0};
		int stop = rng_chance(&d->rng, 0.15) ? 2 : 3, ntk = 0;
		struct dtick tk[MAX_POINTS];

		if (rng_chance(&d->rng, 0.12))
			continue;	/* no patrol that night */
		for (int i = 0; i < v->npoints && i < stop; i++) {
			int late = rng_chance(&d->rng, 0.15) ? 90 : 0;
			int64_t at = day + (int64_t)(minutes[i] + late +
			    rng_range(&d->rng, -10, 30)) * 60;
			char *when = xasprintf("%lld", (long long)at);

			field_list_append(&pts, (const char *[]){
			    v->point[i].hex, when}, 2);
			free(when);
			last = at;
			tk[ntk++] = (struct dtick){.p = i, .at = at};
		}
		setv(vals, PATROL_F_TYPE, xstrdup("foot"));
		setv(vals, PATROL_F_TEAM, gen_team(d, v));
		start = day + (int64_t)(minutes[0] - 15) * 60;
		if (last < start)
			last = start + 3600;	/* a village without points */
		/* Ended after the last point, the length a whole tenth of an
		 * hour as a log of hours states it. */
		end = start + ((last - start) / 360 + 2) * 360;
		setv(vals, PATROL_F_START, xasprintf("%lld", (long long)start));
		setv(vals, PATROL_F_END, xasprintf("%lld", (long long)end));
		setv(vals, PATROL_F_VILLAGE, xstrdup(v->hex));
		setv(vals, PATROL_F_POINTS, pts.len ? xstrdup(buf_str(&pts)) :
		    NULL);
		setv(vals, PATROL_F_PLAN, xstrdup(plan));
		buf_free(&pts);
		if (start >= d->limit - GEO_RECENT_DAYS * DAY)
			gen_presence(d, v, vals, tk, ntk, start, end);
		if (put_new(d, KIND_PATROL, end, vals, NULL) != 0)
			return -1;
	}
	return 0;
}

/*
 * What a trainee finds on the first evening: the first village's patrol
 * team, tonight's duty on its roster, a plan for its nightly round, a
 * current urgent warning and a person in the registry. "Today" is the day
 * after the last demo day (today itself, by default), so a seed still
 * gives the same records.
 */
static int
gen_duty(struct demo *d)
{
	const struct dvillage *v = &d->v[0];
	int64_t today = d->limit, t = today - 6 * 3600;
	char *vals[16] = {0}, team[33], plan[33], date[11];
	struct buf b = {0};
	static const char *const days[] = {
		"mon", "tue", "wed", "thu", "fri", "sat", "sun",
	};
	static const char *const times[] = {"20:00", "20:40", "21:20"};

	setv(vals, TEAM_F_NAME, unique_name(d, xasprintf("%s治安巡防队",
	    v->short_name)));
	setv(vals, TEAM_F_VILLAGE, xstrdup(v->hex));
	setv(vals, TEAM_F_LEAD, xstrdup(v->officer));
	for (int i = 0; i < v->nvol && i < 6; i++)
		field_list_append(&b, (const char *[]){v->vol[i]}, 1);
	setv(vals, TEAM_F_MEMBERS, b.len ? xstrdup(buf_str(&b)) : NULL);
	buf_free(&b);
	if (put_new(d, KIND_TEAM, today - PLAN_DAYS * DAY - 7 * 3600, vals,
	    team) != 0)
		return -1;

	date_format(today + 12 * 3600, date);
	setv(vals, ROSTER_F_DATE, xstrdup(date));
	setv(vals, ROSTER_F_TEAM, xstrdup(team));
	setv(vals, ROSTER_F_MEMBER, xstrdup(v->nvol > 0 ? v->vol[0] :
	    v->officer));
	setv(vals, ROSTER_F_STATUS, xstrdup("planned"));
	setv(vals, ROSTER_F_NOTE, xstrdup("今晚 20:00 村口集合"));
	if (put_new(d, KIND_ROSTER, t, vals, NULL) != 0)
		return -1;

	setv(vals, PLAN_F_NAME, unique_name(d, xasprintf("%s夜巡一线",
	    v->short_name)));
	setv(vals, PLAN_F_VILLAGE, xstrdup(v->hex));
	setv(vals, PLAN_F_TEAM, xstrdup(team));
	setv(vals, PLAN_F_TYPE, xstrdup("foot"));
	for (size_t i = 0; i < XF_ARRAY_LEN(days); i++)
		field_list_append(&b, (const char *[]){days[i]}, 1);
	setv(vals, PLAN_F_DAYS, xstrdup(buf_str(&b)));
	buf_free(&b);
	for (int i = 0; i < v->npoints && i < 3; i++)
		field_list_append(&b, (const char *[]){v->point[i].hex,
		    times[i]}, 2);
	setv(vals, PLAN_F_POINTS, xstrdup(buf_str(&b)));
	buf_free(&b);
	if (put_new(d, KIND_PLAN, today - PLAN_DAYS * DAY - 6 * 3600, vals,
	    plan) != 0 || gen_plan_patrols(d, v, plan) != 0)
		return -1;

	date_format(today + 2 * 86400 + 12 * 3600, date);
	setv(vals, WARNING_F_TITLE, xstrdup("近期夜间盗窃电动车预警"));
	setv(vals, WARNING_F_LEVEL, xstrdup("urgent"));
	setv(vals, WARNING_F_TEXT, xasprintf("近三晚%s一带连发电动车被盗，"
	    "夜巡时请重点查看停车处和出村路口，发现可疑车辆及时报告。",
	    d->township));
	setv(vals, WARNING_F_ISSUED, xasprintf("%lld", (long long)(today -
	    7 * 3600)));
	setv(vals, WARNING_F_VALID_UNTIL, xstrdup(date));
	if (put_new(d, KIND_WARNING, today - 7 * 3600, vals, NULL) != 0)
		return -1;

	setv(vals, PERSON_F_NAME, person_name(d));
	setv(vals, PERSON_F_TYPE, xstrdup("migrant"));
	setv(vals, PERSON_F_VILLAGE, xstrdup(v->hex));
	setv(vals, PERSON_F_PHONE, xasprintf("139%08u",
	    (unsigned)rng_below(&d->rng, 100000000)));
	setv(vals, PERSON_F_ADDRESS, xasprintf("%s%d组%d号", v->name,
	    rng_range(&d->rng, 1, 6), rng_range(&d->rng, 1, 40)));
	setv(vals, PERSON_F_NOTES, xstrdup("租住，在镇上工地务工"));
	return put_new(d, KIND_PERSON, t, vals, NULL);
}

/* Half the open misses of the last week closed, with the reasons a
 * village gives: the rest wait on the home screen for the trainee. */
static int
gen_miss_reasons(struct demo *d)
{
	static const char *const reasons[][2] = {
		{"weather", "暴雨路滑，改为次日白天补巡"},
		{"incident", "处置村口邻里纠纷警情，未能按时到点"},
		{"short_staffed", "队员外出务工，当晚只有一人"},
	};
	char from[11], to[11];
	struct plan_miss *m;
	size_t n;
	int rc = 0;

	date_format(d->limit - 7 * DAY + 12 * 3600, from);
	date_format(d->limit - DAY + 12 * 3600, to);
	if (flush(d) != 0 || plan_misses(d->st, from, to, NULL, d->limit,
	    &m, &n, d->err) != 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < n; i += 2) {
		char *vals[MISS_NFIELDS] = {0};
		const char *const *r = reasons[(i / 2) %
		    XF_ARRAY_LEN(reasons)];

		setv(vals, MISS_F_PLAN, xstrdup(m[i].plan));
		setv(vals, MISS_F_DATE, xstrdup(m[i].date));
		if (m[i].checkpoint[0] != '\0')
			setv(vals, MISS_F_CHECKPOINT, xstrdup(m[i].checkpoint));
		setv(vals, MISS_F_STATUS, xstrdup(m[i].status));
		setv(vals, MISS_F_REASON, xstrdup(r[0]));
		setv(vals, MISS_F_TEXT, xstrdup(r[1]));
		rc = put_new(d, KIND_MISS, d->limit - 8 * 3600, vals, NULL);
	}
	plan_misses_free(m, n);
	return rc;
}

/* One audit entry per kind, as for any batch: how many records were
 * made, and a hash of their ids. */
static int
audit_batches(struct demo *d)
{
	for (int k = 1; k <= KIND_MAX; k++) {
		unsigned char target[RID_LEN], hash[32];

		if (d->rids[k].len == 0)
			continue;
		if (d->pending == 0 && store_begin(d->st, d->err) != 0)
			return -1;
		d->pending++;
		store_u64be(target, d->rids[k].len / RID_LEN);
		vault_hash(d->rids[k].data, d->rids[k].len, hash);
		memcpy(target + 8, hash, RID_LEN - 8);
		if (audit_log(d->st, AUDIT_CREATE_BATCH, k, target, RID_LEN,
		    d->err) != 0) {
			store_rollback(d->st);
			d->pending = 0;
			return -1;
		}
	}
	return 0;
}

/* Local midnight starting yesterday. */
int64_t
demo_default_end(int64_t now)
{
	return days_before(now, 1, NULL);
}

/* Release the generator's working data. */
static void
demo_free(struct demo *d)
{
	for (int i = 0; i < d->nv; i++) {
		struct dvillage *v = &d->v[i];

		free(v->name);
		free(v->short_name);
		free(v->officer);
		for (int p = 0; p < v->npoints; p++)
			free(v->point[p].name);
		for (int h = 0; h < v->nhh; h++)
			free(v->hh[h]);
	}
	free(d->v);
	free(d->township);
	free(d->names.slot);
	for (int k = 0; k <= KIND_MAX; k++)
		buf_free(&d->rids[k]);
}

/* Fill a store with demo data. */
int
demo_fill(struct store *st, const struct demo_opts *o,
    struct demo_stats *stats, struct xf_err *err)
{
	struct demo d;
	int64_t first = days_before(o->end, o->days - 1, NULL);
	int rc = 0;

	if (o->villages < 1 || o->villages > MAX_VILLAGES || o->days < 1 ||
	    o->days > 3660)
		return xf_error(err, _("demo data needs 1 to %d villages and 1 "
		    "to 3660 days"), MAX_VILLAGES);
	memset(&d, 0, sizeof d);
	memset(stats, 0, sizeof *stats);
	d.st = st;
	d.o = o;
	d.err = err;
	d.stats = stats;
	d.nv = o->villages;
	d.v = xcalloc((size_t)d.nv, sizeof *d.v);
	d.limit = days_before(o->end, -1, NULL);
	rng_seed(&d.rng, o->seed);
	rng_seed(&d.geo, o->seed ^ 0x67656f706f73ULL);
	rc = gen_registry(&d, days_before(first, 30, NULL) + 10 * 3600);
	for (int day = 0; rc == 0 && day < o->days; day++) {
		struct tm tm;
		int64_t start = days_before(o->end, o->days - 1 - day, &tm);

		for (int i = 0; rc == 0 && i < d.nv; i++)
			rc = gen_day(&d, &d.v[i], start, &tm);
		if (o->progress != NULL)
			o->progress(o->progress_arg, day + 1, o->days);
	}
	if (rc == 0)
		rc = gen_duty(&d);
	if (rc == 0)
		rc = gen_miss_reasons(&d);
	if (rc == 0 && (rc = audit_batches(&d)) == 0)
		rc = flush(&d);
	demo_free(&d);
	return rc;
}
