/*
 * The record kinds of the field practice and their fields. Field order in
 * each table is part of the body format: append new fields, never reorder.
 */
#include "config.h"

#include <string.h>

#include "kind.h"

static const struct choice patrol_types[] = {
	{"foot", "on foot", "步巡"},
	{"bicycle", "bicycle", "自行车巡逻"},
	{"vehicle", "vehicle", "车巡"},
	{"checkpoint", "checkpoint duty", "设卡"},
	{NULL, NULL, NULL}
};

static const struct choice observation_types[] = {
	{"note", "note", "一般情况"},
	{"suspicious", "suspicious", "可疑情况"},
	{"incident", "incident", "警情"},
	{NULL, NULL, NULL}
};

static const struct choice place_types[] = {
	{"hotel", "hotel", "旅店"},
	{"rental", "rental housing", "出租屋"},
	{"internet_cafe", "internet café", "网吧"},
	{"pawn", "pawn shop", "典当"},
	{"phone", "second-hand phones", "二手手机"},
	{"scrap", "scrap buyer", "废品收购"},
	{"other", "other", "其他"},
	{NULL, NULL, NULL}
};

static const struct choice visit_targets[] = {
	{"household", "household", "入户走访"},
	{"place", "place", "场所走访"},
	{NULL, NULL, NULL}
};

static const struct choice visit_purposes[] = {
	{"advice", "prevention advice", "安全防范宣传"},
	{"migrant", "migrant registration", "流动人口登记"},
	{"hazard", "hazard check", "隐患排查"},
	{"pledge", "security pledge", "治安责任状"},
	{"other", "other", "其他"},
	{NULL, NULL, NULL}
};

static const struct choice dispute_categories[] = {
	{"neighbour", "neighbour", "邻里"},
	{"family", "family", "婚姻家庭"},
	{"land", "land and forest", "土地山林"},
	{"debt", "debt", "债务"},
	{"labour", "labour", "劳资"},
	{"other", "other", "其他"},
	{NULL, NULL, NULL}
};

static const struct choice risk_colours[] = {
	{"red", "red", "红"},
	{"orange", "orange", "橙"},
	{"yellow", "yellow", "黄"},
	{"green", "green", "绿"},
	{NULL, NULL, NULL}
};

static const struct choice dispute_statuses[] = {
	{"reported", "reported", "已排查"},
	{"mediating", "mediating", "调解中"},
	{"resolved", "resolved", "已化解"},
	{"failed", "failed", "调解失败"},
	{"handed_over", "handed over", "已移交"},
	{"closed", "closed", "已结案"},
	{NULL, NULL, NULL}
};

static const struct choice session_types[] = {
	{"mediation", "mediation", "调解"},
	{"follow_up", "follow-up visit", "回访"},
	{NULL, NULL, NULL}
};

static const struct choice session_outcomes[] = {
	{"holds", "agreement holds", "协议履行"},
	{"broken", "agreement broken", "协议未履行"},
	{NULL, NULL, NULL}
};

static const struct choice checkpoint_types[] = {
	{"control", "checkpoint", "卡口"},
	{"mandatory", "mandatory point", "必巡点"},
	{NULL, NULL, NULL}
};

static const struct choice point_methods[] = {
	{"scan", "scan", "扫码"},
	{"manual", "manual", "手动"},
	{NULL, NULL, NULL}
};

static const struct choice point_flags[] = {
	{"other_village", "plaque of another village", "他村标牌"},
	{"stale", "stale plaque", "旧标牌"},
	{"forged", "plaque not genuine", "签名无效"},
	{NULL, NULL, NULL}
};

static const struct choice fix_states[] = {
	{"fix", "with a fix", "有定位"},
	{"old", "old fix", "定位过期"},
	{"nofix", "no fix", "无定位"},
	{"nogps", "no fix (no GPS)", "无定位（无定位设备）"},
	{NULL, NULL, NULL}
};

static const struct choice yes_no[] = {
	{"yes", "yes", "是"},
	{"no", "no", "否"},
	{NULL, NULL, NULL}
};

#define TEXT(n, fl, l, z, m) \
	{.name = n, .type = FT_TEXT, .flags = fl, .label = l, .zh = z, .max = m}
#define TIME(n, fl, l, z) \
	{.name = n, .type = FT_TIME, .flags = fl, .label = l, .zh = z}
#define DATE(n, fl, l, z) \
	{.name = n, .type = FT_DATE, .flags = fl, .label = l, .zh = z}
#define CHOICE(n, fl, l, z, c, d) \
	{.name = n, .type = FT_CHOICE, .flags = fl, .label = l, .zh = z, \
	 .choices = c, .def = d}
#define REF(n, fl, l, z, k) \
	{.name = n, .type = FT_REF, .flags = fl, .label = l, .zh = z, \
	 .ref_kind = k}
#define INT(n, fl, l, z, lo, hi) \
	{.name = n, .type = FT_INT, .flags = fl, .label = l, .zh = z, \
	 .min = lo, .max = hi}
#define COORD(n, fl, l, z, lim) \
	{.name = n, .type = FT_COORD, .flags = fl, .label = l, .zh = z, \
	 .max = lim}
#define LIST(n, fl, l, z, it, m) \
	{.name = n, .type = FT_LIST, .flags = fl, .label = l, .zh = z, \
	 .items = it, .nitems = (int)XF_ARRAY_LEN(it), .max = m}

static const struct field member_item[] = {
	TEXT("name", F_REQUIRED, "Name", "姓名", 40),
};

static const struct field exception_item[] = {
	TEXT("name", F_REQUIRED, "Household or volunteer", "户/志愿者",
	    40),
	DATE("from", F_REQUIRED, "First day", "开始日期"),
	DATE("to", F_REQUIRED, "Last day", "结束日期"),
	TEXT("reason", 0, "Why not on duty", "原因", 100),
};

static const struct field point_item[] = {
	REF("checkpoint", F_REQUIRED, "Checkpoint", "卡口/必巡点",
	    KIND_CHECKPOINT),
	TIME("time", F_REQUIRED | F_NOW, "Time", "时间"),
	CHOICE("method", 0, "How ticked", "打卡方式", point_methods, NULL),
	CHOICE("flag", 0, "Plaque check", "标牌核验", point_flags, NULL),
	/* Where it was made, as gpsd gave it (geo.h: GEO_NPARTS). */
	CHOICE("fix", F_AUTO, "GPS", "定位", fix_states, NULL),
	COORD("lat", F_AUTO, "Latitude", "纬度", 90),
	COORD("lon", F_AUTO, "Longitude", "经度", 180),
	INT("accuracy", F_AUTO, "Accuracy (m)", "定位精度（米）", 0, 100000),
	TIME("fix_time", F_AUTO, "Fix time", "定位时间"),
	INT("fix_age", F_AUTO, "Fix age (s)", "定位延时（秒）", 0, 100000000),
};

static const struct field observation_item[] = {
	TIME("time", F_REQUIRED | F_NOW, "Time", "时间"),
	CHOICE("type", F_REQUIRED, "Type", "类别", observation_types,
	    "note"),
	TEXT("text", F_REQUIRED, "What was seen", "情况", 500),
	REF("place", 0, "Place", "场所", KIND_PLACE),
	/* Where it was made, as gpsd gave it (geo.h: GEO_NPARTS). */
	CHOICE("fix", F_AUTO, "GPS", "定位", fix_states, NULL),
	COORD("lat", F_AUTO, "Latitude", "纬度", 90),
	COORD("lon", F_AUTO, "Longitude", "经度", 180),
	INT("accuracy", F_AUTO, "Accuracy (m)", "定位精度（米）", 0, 100000),
	TIME("fix_time", F_AUTO, "Fix time", "定位时间"),
	INT("fix_age", F_AUTO, "Fix age (s)", "定位延时（秒）", 0, 100000000),
};

static const struct field patrol_fields[] = {
	CHOICE("type", F_REQUIRED | F_COLUMN, "Patrol type", "巡逻方式",
	    patrol_types, "foot"),
	LIST("team", 0, "Team members", "巡逻人员", member_item, 30),
	TIME("start", F_REQUIRED | F_NOW | F_COLUMN | F_WHEN, "Start",
	    "开始时间"),
	TIME("end", F_COLUMN, "End", "结束时间"),
	REF("village", F_COLUMN | F_TITLE, "Village", "村/社区",
	    KIND_VILLAGE),
	TEXT("route", 0, "Route", "巡逻路线", 200),
	LIST("points", 0, "Points checked", "已巡点位", point_item, 100),
	LIST("observations", 0, "Observations", "巡逻情况",
	    observation_item, 100),
	REF("plan", 0, "Patrol plan", "巡逻计划", KIND_PLAN),
	{.name = "track", .type = FT_TRACK, .flags = F_AUTO,
	 .label = "Track", .zh = "巡逻轨迹"},
};

static const struct field visit_fields[] = {
	CHOICE("target", F_REQUIRED | F_COLUMN, "Visit to", "走访对象",
	    visit_targets, "household"),
	TEXT("household", F_COLUMN | F_TITLE, "Household", "住户", 100),
	REF("place", F_COLUMN, "Place", "场所", KIND_PLACE),
	CHOICE("place_type", 0, "Place type", "场所类型", place_types,
	    NULL),
	REF("village", 0, "Village", "村/社区", KIND_VILLAGE),
	TIME("time", F_REQUIRED | F_NOW | F_COLUMN | F_WHEN, "Time",
	    "走访时间"),
	CHOICE("purpose", F_REQUIRED | F_COLUMN, "Purpose", "走访事由",
	    visit_purposes, NULL),
	TEXT("findings", 0, "Findings", "走访情况", 2000),
	DATE("follow_up", 0, "Follow-up date", "回访日期"),
};

static const struct field party_item[] = {
	TEXT("name", F_REQUIRED, "Name", "姓名", 40),
	TEXT("contact", 0, "Contact", "联系方式", 60),
	TEXT("address", 0, "Address", "住址", 100),
};

static const struct field session_item[] = {
	TIME("time", F_REQUIRED | F_NOW, "Time", "时间"),
	TEXT("mediator", 0, "Mediator", "调解人", 40),
	TEXT("notes", 0, "Notes", "调解情况", 1000),
	CHOICE("type", 0, "Session", "类型", session_types, "mediation"),
	CHOICE("outcome", 0, "Outcome of a follow-up", "回访结果",
	    session_outcomes, NULL),
};

static const struct field dispute_fields[] = {
	TEXT("title", F_REQUIRED | F_COLUMN | F_TITLE, "Summary",
	    "纠纷简述", 100),
	LIST("parties", F_RESTRICTED, "Parties", "当事人", party_item, 20),
	CHOICE("category", F_REQUIRED | F_COLUMN, "Category", "纠纷类别",
	    dispute_categories, NULL),
	CHOICE("colour", F_REQUIRED | F_COLUMN, "Risk colour", "风险等级",
	    risk_colours, NULL),
	CHOICE("status", F_REQUIRED | F_COLUMN, "Status", "状态",
	    dispute_statuses, "reported"),
	TIME("reported", F_REQUIRED | F_NOW | F_COLUMN | F_WHEN,
	    "Reported", "排查时间"),
	REF("village", 0, "Village", "村/社区", KIND_VILLAGE),
	LIST("sessions", 0, "Mediation sessions", "调解记录", session_item,
	    100),
	TEXT("agreement", 0, "Agreement", "调解协议", 2000),
	TEXT("handed_to", 0, "Handed over to", "移交单位", 100),
	DATE("follow_up", 0, "Follow-up date", "回访日期"),
};

static const struct field village_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	TEXT("township", F_COLUMN, "Township", "乡镇", 60),
};

static const struct field grid_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	TEXT("worker", F_COLUMN, "Grid worker", "网格员", 40),
};

static const struct field household_group_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	TEXT("head", F_COLUMN, "Group head", "联户长", 40),
	LIST("households", 0, "Households", "户", member_item, 50),
	LIST("exceptions", 0, "Cannot take duty", "不能值班",
	    exception_item, 200),
};

static const struct field place_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	CHOICE("type", F_REQUIRED | F_COLUMN, "Place type", "场所类型",
	    place_types, NULL),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	REF("grid", 0, "Grid", "网格", KIND_GRID),
	TEXT("address", 0, "Address", "地址", 100),
	TEXT("contact", 0, "Contact", "联系人", 60),
	CHOICE("pledge", 0, "Security pledge signed", "签订治安责任状",
	    yes_no, NULL),
};

static const struct field checkpoint_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	CHOICE("type", F_REQUIRED | F_COLUMN, "Point type", "点位类型",
	    checkpoint_types, "mandatory"),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	TEXT("location", 0, "Location", "位置", 100),
	{.name = "plaque_serial", .type = FT_INT, .flags = 0,
	 .label = "Plaque serial", .zh = "标牌编号", .min = 0,
	 .max = 1000000},
	COORD("lat", 0, "Latitude", "纬度", 90),
	COORD("lon", 0, "Longitude", "经度", 180),
	INT("radius", 0, "Radius (m)", "范围（米）", 5, 5000),
};

static const struct choice warning_levels[] = {
	{"info", "for information", "提示"},
	{"caution", "caution", "注意"},
	{"urgent", "urgent", "紧急"},
	{NULL, NULL, NULL}
};

static const struct field village_item[] = {
	TEXT("name", F_REQUIRED, "Village", "村/社区", 60),
};

/* A station's warning (预警通报); no villages means every village. */
static const struct field warning_fields[] = {
	TEXT("title", F_REQUIRED | F_COLUMN | F_TITLE, "Title", "标题",
	    100),
	CHOICE("level", F_REQUIRED | F_COLUMN, "Level", "预警级别",
	    warning_levels, "caution"),
	TEXT("text", F_REQUIRED, "Warning text", "通报内容", 2000),
	LIST("villages", F_COLUMN, "For villages", "通报村/社区",
	    village_item, 100),
	TIME("issued", F_REQUIRED | F_NOW | F_COLUMN | F_WHEN, "Issued",
	    "发布时间"),
	DATE("valid_until", F_COLUMN, "Valid until", "有效期至"),
};

static const struct choice roster_statuses[] = {
	{"planned", "planned duty", "待值班"},
	{"done", "duty done", "已值班"},
	{"missed", "duty missed", "未值班"},
	{"swapped", "swapped duty", "已换班"},
	{NULL, NULL, NULL}
};

static const struct choice weekdays[] = {
	{"mon", "Mondays", "周一"},
	{"tue", "Tuesdays", "周二"},
	{"wed", "Wednesdays", "周三"},
	{"thu", "Thursdays", "周四"},
	{"fri", "Fridays", "周五"},
	{"sat", "Saturdays", "周六"},
	{"sun", "Sundays", "周日"},
	{NULL, NULL, NULL}
};

static const struct field team_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	TEXT("lead", F_COLUMN, "Team lead", "队长", 40),
	LIST("members", 0, "Volunteers", "治安志愿者", member_item, 50),
	LIST("exceptions", 0, "Cannot take duty", "不能值班",
	    exception_item, 200),
};

static const struct field roster_fields[] = {
	DATE("date", F_REQUIRED | F_COLUMN, "Duty date", "值班日期"),
	REF("group", F_COLUMN, "Household group", "联户组",
	    KIND_HOUSEHOLD_GROUP),
	REF("team", F_COLUMN, "Patrol team", "巡防队", KIND_TEAM),
	TEXT("member", F_REQUIRED | F_COLUMN | F_TITLE, "On duty",
	    "值班户/志愿者", 40),
	CHOICE("status", F_REQUIRED | F_COLUMN, "Duty status", "值班状态",
	    roster_statuses, "planned"),
	TEXT("note", 0, "Duty note", "备注", 200),
	TEXT("rostered", 0, "Rostered first", "原排班", 40),
};

static const struct field weekday_item[] = {
	CHOICE("day", F_REQUIRED, "Day of week", "星期", weekdays, NULL),
};

static const struct field plan_point_item[] = {
	REF("checkpoint", F_REQUIRED, "Checkpoint", "卡口/必巡点",
	    KIND_CHECKPOINT),
	TEXT("time", 0, "Expected time", "预计时间", 5),
};

static const struct field plan_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE, "Name", "名称", 60),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	REF("team", F_COLUMN, "Patrol team", "巡防队", KIND_TEAM),
	CHOICE("type", 0, "Patrol type", "巡逻方式", patrol_types, NULL),
	LIST("days", F_COLUMN, "Patrol days", "巡逻日", weekday_item, 7),
	LIST("points", F_REQUIRED, "Route", "巡逻路线", plan_point_item,
	    100),
	TEXT("note", 0, "Plan note", "备注", 200),
	INT("grace", 0, "Grace minutes", "宽限分钟", 0, 720),
};

static const struct choice miss_statuses[] = {
	{"late", "late", "迟巡"},
	{"missed", "missed", "漏巡"},
	{"unfinished", "incomplete", "未完成"},
	{NULL, NULL, NULL}
};

static const struct choice miss_reasons[] = {
	{"incident", "handling an incident", "警情处置"},
	{"weather", "weather", "天气"},
	{"short_staffed", "short of people", "人员不足"},
	{"other", "other", "其他"},
	{NULL, NULL, NULL}
};

/* The reason a plan's point or day was late or missed (漏巡说明): it
 * closes the miss. No checkpoint means the whole day's patrol. */
static const struct field miss_fields[] = {
	REF("plan", F_REQUIRED | F_COLUMN | F_TITLE, "Patrol plan",
	    "巡逻计划", KIND_PLAN),
	DATE("date", F_REQUIRED | F_COLUMN, "Plan date", "计划日期"),
	REF("checkpoint", F_COLUMN, "Checkpoint", "卡口/必巡点",
	    KIND_CHECKPOINT),
	CHOICE("status", F_REQUIRED | F_COLUMN, "What happened", "巡逻结果",
	    miss_statuses, NULL),
	CHOICE("reason", F_REQUIRED | F_COLUMN, "Reason", "原因",
	    miss_reasons, NULL),
	TEXT("text", 0, "Explanation", "说明", 500),
};

static const struct choice person_types[] = {
	{"resident", "registered resident", "户籍人口"},
	{"migrant", "migrant", "流动人口"},
	{"other", "other", "其他"},
	{NULL, NULL, NULL}
};

/* The person registry: everything that names or reaches a person is
 * sealed with the restricted key, which volunteer accounts never hold. */
static const struct field person_fields[] = {
	TEXT("name", F_REQUIRED | F_COLUMN | F_TITLE | F_RESTRICTED,
	    "Name", "姓名", 40),
	CHOICE("type", F_REQUIRED | F_COLUMN, "Registered as", "人员类别",
	    person_types, "resident"),
	REF("village", F_COLUMN, "Village", "村/社区", KIND_VILLAGE),
	TEXT("id_number", F_RESTRICTED, "ID card number", "身份证号", 18),
	TEXT("phone", F_RESTRICTED, "Phone", "联系电话", 30),
	TEXT("address", F_RESTRICTED, "Address", "住址", 100),
	TEXT("notes", F_RESTRICTED, "Notes", "备注", 500),
};

static const struct choice review_verdicts[] = {
	{"ok", "reviewed", "已审核"},
	{"problem", "has problems", "有问题"},
	{"returned", "returned", "退回"},
	{NULL, NULL, NULL}
};

/* The station's review of a patrol, visit or dispute a device wrote: a
 * record of its own, so the report's versions stay the device's. The
 * comment is required for a problem or a return (review.c checks it). */
static const struct field review_fields[] = {
	REF("record", F_REQUIRED | F_COLUMN, "Reviewed report", "所审记录",
	    KIND_NONE),
	CHOICE("verdict", F_REQUIRED | F_COLUMN, "Verdict", "审核结果",
	    review_verdicts, NULL),
	TEXT("comment", F_COLUMN, "Station's comment", "派出所意见", 500),
	TIME("reviewed", F_REQUIRED | F_NOW | F_WHEN | F_COLUMN,
	    "Reviewed at", "审核时间"),
};

/* Kinds both sides write; a device may not send warnings: only the
 * station issues them (a forged urgent warning must not reach the
 * village through the station). */
#define BOTH (KS_DEVICE | KS_STATION)

#define KIND(i, n, l, z, f, s) \
	{.id = i, .name = n, .label = l, .zh = z, .fields = f, \
	 .nfields = (int)XF_ARRAY_LEN(f), .senders = s}

static const struct kind kinds[] = {
	KIND(KIND_PATROL, "patrol", "Patrol", "巡逻", patrol_fields, BOTH),
	KIND(KIND_VISIT, "visit", "Visit", "走访", visit_fields, BOTH),
	KIND(KIND_DISPUTE, "dispute", "Dispute", "矛盾纠纷",
	    dispute_fields, BOTH),
	KIND(KIND_VILLAGE, "village", "Village", "村/社区",
	    village_fields, BOTH),
	KIND(KIND_GRID, "grid", "Grid", "网格", grid_fields, BOTH),
	KIND(KIND_HOUSEHOLD_GROUP, "household_group", "Household group",
	    "联户组", household_group_fields, BOTH),
	KIND(KIND_PLACE, "place", "Place", "场所", place_fields, BOTH),
	KIND(KIND_CHECKPOINT, "checkpoint", "Checkpoint", "卡口/必巡点",
	    checkpoint_fields, BOTH),
	KIND(KIND_TEAM, "team", "Patrol team", "巡防队", team_fields,
	    BOTH),
	KIND(KIND_ROSTER, "roster", "Duty night", "联户轮值",
	    roster_fields, BOTH),
	KIND(KIND_PLAN, "plan", "Patrol plan", "巡逻计划", plan_fields,
	    BOTH),
	KIND(KIND_WARNING, "warning", "Warning", "预警通报",
	    warning_fields, KS_STATION),
	KIND(KIND_PERSON, "person", "Person", "人员", person_fields,
	    BOTH),
	KIND(KIND_MISS, "miss", "Miss explained", "漏巡说明", miss_fields,
	    BOTH),
	KIND(KIND_REVIEW, "review", "Review", "审核意见", review_fields,
	    KS_STATION),
};

/* Each table is as long as its enum in kind.h. */
#define SAME_LEN(table, n) \
	_Static_assert(XF_ARRAY_LEN(table) == (n), \
	    #table " and its enum in kind.h differ")
SAME_LEN(exception_item, EXCEPTION_NPARTS);
SAME_LEN(point_item, POINT_NPARTS);
SAME_LEN(observation_item, OBSERVATION_NPARTS);
SAME_LEN(party_item, PARTY_NPARTS);
SAME_LEN(session_item, SESSION_NPARTS);
SAME_LEN(plan_point_item, PLAN_POINT_NPARTS);
SAME_LEN(patrol_fields, PATROL_NFIELDS);
SAME_LEN(visit_fields, VISIT_NFIELDS);
SAME_LEN(dispute_fields, DISPUTE_NFIELDS);
SAME_LEN(village_fields, VILLAGE_NFIELDS);
SAME_LEN(grid_fields, GRID_NFIELDS);
SAME_LEN(household_group_fields, HOUSEHOLD_GROUP_NFIELDS);
SAME_LEN(place_fields, PLACE_NFIELDS);
SAME_LEN(checkpoint_fields, CHECKPOINT_NFIELDS);
SAME_LEN(team_fields, TEAM_NFIELDS);
SAME_LEN(roster_fields, ROSTER_NFIELDS);
SAME_LEN(plan_fields, PLAN_NFIELDS);
SAME_LEN(warning_fields, WARNING_NFIELDS);
SAME_LEN(person_fields, PERSON_NFIELDS);
SAME_LEN(miss_fields, MISS_NFIELDS);
SAME_LEN(review_fields, REVIEW_NFIELDS);

static const struct kind *const kind_list[] = {
	&kinds[0], &kinds[1], &kinds[2], &kinds[3], &kinds[4], &kinds[5],
	&kinds[6], &kinds[7],
	&kinds[8], &kinds[9], &kinds[10],
	&kinds[11],
	&kinds[12],
	&kinds[13], &kinds[14],
};

/* All kinds in display order. */
const struct kind *const *
kind_all(int *n)
{
	*n = (int)XF_ARRAY_LEN(kind_list);
	return kind_list;
}

/* Whether the station, or a device, may send versions of the kind. */
int
kind_sent_by(const struct kind *k, int from_station)
{
	return (k->senders & (from_station ? KS_STATION : KS_DEVICE)) != 0;
}

/* The kind with this stable numeric id, or NULL. */
const struct kind *
kind_by_id(int id)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(kinds); i++)
		if (kinds[i].id == id)
			return &kinds[i];
	return NULL;
}

/* The kind with this name, or NULL. */
const struct kind *
kind_by_name(const char *name)
{
	for (size_t i = 0; i < XF_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/* Index of the named field in the kind, or -1. */
int
kind_field_index(const struct kind *k, const char *name)
{
	for (int i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].name, name) == 0)
			return i;
	return -1;
}

static int
kind_flag_field(const struct kind *k, unsigned flag)
{
	for (int i = 0; i < k->nfields; i++)
		if (k->fields[i].flags & flag)
			return i;
	return -1;
}

/* The field that names a record of this kind, or -1. */
int
kind_title_field(const struct kind *k)
{
	return kind_flag_field(k, F_TITLE);
}

/* The time field that places a record of this kind, or -1. */
int
kind_when_field(const struct kind *k)
{
	return kind_flag_field(k, F_WHEN);
}

/* The choice with this code, or NULL. */
const struct choice *
field_choice(const struct field *f, const char *code)
{
	if (f->choices == NULL)
		return NULL;
	for (const struct choice *c = f->choices; c->code != NULL; c++)
		if (strcmp(c->code, code) == 0)
			return c;
	return NULL;
}

/* The name of a field type, as `xunfang kinds` prints it. */
const char *
field_type_name(enum field_type t)
{
	switch (t) {
	case FT_TEXT:
		return "text";
	case FT_INT:
		return "int";
	case FT_TIME:
		return "time";
	case FT_DATE:
		return "date";
	case FT_CHOICE:
		return "choice";
	case FT_LIST:
		return "list";
	case FT_REF:
		return "reference";
	case FT_COORD:
		return "degrees";
	case FT_TRACK:
		return "track";
	}
	return "?";
}

/* "a, b, c" of a field's allowed codes (caller frees). */
char *
field_allowed(const struct field *f)
{
	struct buf b = {0};
	char *s;

	for (const struct choice *c = f->choices; c && c->code; c++)
		buf_addf(&b, "%s%s (%s)", b.len ? ", " : "", c->code, c->zh);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* "a, b, c" of a kind's field names (caller frees). */
char *
kind_field_names(const struct kind *k)
{
	struct buf b = {0};
	char *s;

	for (int i = 0; i < k->nfields; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", k->fields[i].name);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* "a, b, c" of all kind names (caller frees). */
char *
kind_names(void)
{
	struct buf b = {0};
	char *s;

	for (size_t i = 0; i < XF_ARRAY_LEN(kinds); i++)
		buf_addf(&b, "%s%s", i ? ", " : "", kinds[i].name);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* Whether the messages are in Chinese: the catalogue says so. */
int
kind_lang_zh(void)
{
	/* TRANSLATORS: the code of the UI's language; "zh" for Chinese. */
	return strncmp(_("ui-language:en"), "ui-language:zh", 14) == 0;
}

/* A label of the table in the language of the messages. */
static const char *
pick(const char *en, const char *zh)
{
	return kind_lang_zh() && zh != NULL && *zh != '\0' ? zh : en;
}

const char *
kind_label(const struct kind *k)
{
	return pick(k->label, k->zh);
}

const char *
field_label(const struct field *f)
{
	return pick(f->label, f->zh);
}

const char *
choice_label(const struct choice *c)
{
	return pick(c->label, c->zh);
}
