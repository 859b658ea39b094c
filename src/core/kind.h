/* Record kinds and their fields: the one table the CLI, validation, CSV
 * and the TUI forms all read. */
#ifndef KIND_H
#define KIND_H

#include "xf.h"

enum field_type {
	FT_TEXT,	/* one line of UTF-8 */
	FT_INT,		/* decimal integer within [min, max] */
	FT_TIME,	/* Unix seconds, shown in local time */
	FT_DATE,	/* YYYY-MM-DD */
	FT_CHOICE,	/* one code out of choices */
	FT_LIST,	/* items, each a tuple of the item fields */
	FT_REF,		/* the id of a record of ref_kind */
	FT_COORD,	/* degrees with six places, within ±max (geo.h) */
	FT_TRACK	/* a patrol's track of positions (geo.h) */
};

#define F_REQUIRED	0x01	/* must have a value */
#define F_NOW		0x02	/* left out on create: defaults to now */
#define F_COLUMN	0x04	/* shown as a column in lists */
#define F_TITLE		0x08	/* the record's name in lists and pick lists */
#define F_WHEN		0x10	/* the time that places the record (--since) */
#define F_RESTRICTED	0x20	/* sealed with the restricted key */
#define F_AUTO		0x40	/* filled by the device (GPS), not typed */

struct choice {
	const char *code;	/* stored, stable, ASCII */
	const char *label;	/* English */
	const char *zh;		/* zh_CN */
};

struct field {
	const char *name;
	enum field_type type;
	unsigned flags;
	const char *label;
	const char *zh;
	const struct choice *choices;	/* FT_CHOICE, ends with code NULL */
	const char *def;		/* FT_CHOICE default code */
	int ref_kind;			/* FT_REF */
	const struct field *items;	/* FT_LIST item fields */
	int nitems;
	int max;			/* characters (text), items (list), value (int) */
	int min;			/* FT_INT */
};

enum kind_id {
	KIND_NONE = 0,
	KIND_PATROL = 1,
	KIND_VISIT = 2,
	KIND_DISPUTE = 3,
	KIND_VILLAGE = 4,
	KIND_GRID = 5,
	KIND_HOUSEHOLD_GROUP = 6,
	KIND_PLACE = 7,
	KIND_CHECKPOINT = 8,
	/* Kinds of the other areas (named in brackets), defined in kind.c's
	 * table like those above. Ids are stored in versions and bundles:
	 * never renumber one. */
	KIND_WARNING = 9,	/* station warnings (sync) */
	KIND_PERSON = 10,	/* person registry (accounts and roles) */
	KIND_TEAM = 11,		/* volunteer teams (rosters) */
	KIND_ROSTER = 12,	/* duty rosters (rosters) */
	KIND_PLAN = 13,		/* patrol plans (rosters) */
	KIND_MISS = 14,		/* explained misses of plans (plans) */
	KIND_REVIEW = 15,	/* the station's reviews of reports (reviews) */
	KIND_MAX = 15
};

/* Who may send versions of a kind in a bundle: what a station imports
 * from a device and a device from its station is checked against it. */
#define KS_DEVICE	0x01	/* written on a device (any of its accounts) */
#define KS_STATION	0x02	/* written at the station */

struct kind {
	int id;
	const char *name;
	const char *label;
	const char *zh;
	const struct field *fields;
	int nfields;
	unsigned senders;	/* KS_* */
};

/*
 * Field indexes of each kind, in the order of its table in kind.c. Code
 * names a field by these, never by a string: kind.c checks the counts at
 * compile time and tests/field_names.sh checks every name against the
 * table. Adding a field: append it to the kind's table and its name here,
 * before the count; a new kind gets an enum of its own.
 */
enum patrol_field {
	PATROL_F_TYPE, PATROL_F_TEAM, PATROL_F_START, PATROL_F_END,
	PATROL_F_VILLAGE, PATROL_F_ROUTE, PATROL_F_POINTS,
	PATROL_F_OBSERVATIONS, PATROL_F_PLAN, PATROL_F_TRACK, PATROL_NFIELDS
};
enum visit_field {
	VISIT_F_TARGET, VISIT_F_HOUSEHOLD, VISIT_F_PLACE, VISIT_F_PLACE_TYPE,
	VISIT_F_VILLAGE, VISIT_F_TIME, VISIT_F_PURPOSE, VISIT_F_FINDINGS,
	VISIT_F_FOLLOW_UP, VISIT_NFIELDS
};
enum dispute_field {
	DISPUTE_F_TITLE, DISPUTE_F_PARTIES, DISPUTE_F_CATEGORY,
	DISPUTE_F_COLOUR, DISPUTE_F_STATUS, DISPUTE_F_REPORTED,
	DISPUTE_F_VILLAGE, DISPUTE_F_SESSIONS, DISPUTE_F_AGREEMENT,
	DISPUTE_F_HANDED_TO, DISPUTE_F_FOLLOW_UP, DISPUTE_NFIELDS
};
enum village_field {
	VILLAGE_F_NAME, VILLAGE_F_TOWNSHIP, VILLAGE_NFIELDS
};
enum grid_field {
	GRID_F_NAME, GRID_F_VILLAGE, GRID_F_WORKER, GRID_NFIELDS
};
enum household_group_field {
	HOUSEHOLD_GROUP_F_NAME, HOUSEHOLD_GROUP_F_VILLAGE,
	HOUSEHOLD_GROUP_F_HEAD, HOUSEHOLD_GROUP_F_HOUSEHOLDS,
	HOUSEHOLD_GROUP_F_EXCEPTIONS, HOUSEHOLD_GROUP_NFIELDS
};
enum place_field {
	PLACE_F_NAME, PLACE_F_TYPE, PLACE_F_VILLAGE, PLACE_F_GRID,
	PLACE_F_ADDRESS, PLACE_F_CONTACT, PLACE_F_PLEDGE, PLACE_NFIELDS
};
enum checkpoint_field {
	CHECKPOINT_F_NAME, CHECKPOINT_F_TYPE, CHECKPOINT_F_VILLAGE,
	CHECKPOINT_F_LOCATION, CHECKPOINT_F_PLAQUE_SERIAL, CHECKPOINT_F_LAT,
	CHECKPOINT_F_LON, CHECKPOINT_F_RADIUS, CHECKPOINT_NFIELDS
};
enum team_field {
	TEAM_F_NAME, TEAM_F_VILLAGE, TEAM_F_LEAD, TEAM_F_MEMBERS,
	TEAM_F_EXCEPTIONS, TEAM_NFIELDS
};
enum roster_field {
	ROSTER_F_DATE, ROSTER_F_GROUP, ROSTER_F_TEAM, ROSTER_F_MEMBER,
	ROSTER_F_STATUS, ROSTER_F_NOTE, ROSTER_F_ROSTERED, ROSTER_NFIELDS
};
enum plan_field {
	PLAN_F_NAME, PLAN_F_VILLAGE, PLAN_F_TEAM, PLAN_F_TYPE, PLAN_F_DAYS,
	PLAN_F_POINTS, PLAN_F_NOTE, PLAN_F_GRACE, PLAN_NFIELDS
};
enum miss_field {
	MISS_F_PLAN, MISS_F_DATE, MISS_F_CHECKPOINT, MISS_F_STATUS,
	MISS_F_REASON, MISS_F_TEXT, MISS_NFIELDS
};
enum warning_field {
	WARNING_F_TITLE, WARNING_F_LEVEL, WARNING_F_TEXT, WARNING_F_VILLAGES,
	WARNING_F_ISSUED, WARNING_F_VALID_UNTIL, WARNING_NFIELDS
};
enum review_field {
	REVIEW_F_RECORD, REVIEW_F_VERDICT, REVIEW_F_COMMENT, REVIEW_F_REVIEWED,
	REVIEW_NFIELDS
};
enum person_field {
	PERSON_F_NAME, PERSON_F_TYPE, PERSON_F_VILLAGE, PERSON_F_ID_NUMBER,
	PERSON_F_PHONE, PERSON_F_ADDRESS, PERSON_F_NOTES, PERSON_NFIELDS
};

/* Part indexes of the items of list fields with several parts, in the
 * order of the item tables in kind.c (enum x_part is table x_item),
 * checked the same way. */
enum exception_part {
	EXCEPTION_P_NAME, EXCEPTION_P_FROM, EXCEPTION_P_TO, EXCEPTION_P_REASON,
	EXCEPTION_NPARTS
};
enum point_part {
	POINT_P_CHECKPOINT, POINT_P_TIME, POINT_P_METHOD, POINT_P_FLAG,
	POINT_P_FIX, POINT_P_LAT, POINT_P_LON, POINT_P_ACCURACY,
	POINT_P_FIX_TIME, POINT_P_FIX_AGE, POINT_NPARTS
};
enum observation_part {
	OBSERVATION_P_TIME, OBSERVATION_P_TYPE, OBSERVATION_P_TEXT,
	OBSERVATION_P_PLACE, OBSERVATION_P_FIX, OBSERVATION_P_LAT,
	OBSERVATION_P_LON, OBSERVATION_P_ACCURACY, OBSERVATION_P_FIX_TIME,
	OBSERVATION_P_FIX_AGE, OBSERVATION_NPARTS
};
enum party_part {
	PARTY_P_NAME, PARTY_P_CONTACT, PARTY_P_ADDRESS, PARTY_NPARTS
};
enum session_part {
	SESSION_P_TIME, SESSION_P_MEDIATOR, SESSION_P_NOTES, SESSION_P_TYPE,
	SESSION_P_OUTCOME, SESSION_NPARTS
};
enum plan_point_part {
	PLAN_POINT_P_CHECKPOINT, PLAN_POINT_P_TIME, PLAN_POINT_NPARTS
};

const struct kind *kind_by_id(int);
const struct kind *kind_by_name(const char *);
/* All kinds, in a stable order; n set to their count. */
const struct kind *const *kind_all(int *n);
int kind_field_index(const struct kind *, const char *);
/* Whether versions of the kind may come from the station (from_station)
 * or from a device. */
int kind_sent_by(const struct kind *, int from_station);
/* The field that names the record (F_TITLE), or -1. */
int kind_title_field(const struct kind *);
int kind_when_field(const struct kind *);
/*
 * Labels in the language of the messages: the table's Chinese one when
 * the catalogue speaks Chinese, else its English one. Labels are not in
 * the catalogue, so the table is their one source and a label means one
 * thing per kind and field (a village's name is 名称, a person's 姓名).
 */
int kind_lang_zh(void);
const char *kind_label(const struct kind *);
const char *field_label(const struct field *);
const char *choice_label(const struct choice *);
const struct choice *field_choice(const struct field *, const char *code);
const char *field_type_name(enum field_type);
/* Comma-separated list of a field's allowed codes. */
char *field_allowed(const struct field *);
/* Comma-separated list of a kind's field names. */
char *kind_field_names(const struct kind *);
/* Comma-separated list of all kind names. */
char *kind_names(void);

#endif
