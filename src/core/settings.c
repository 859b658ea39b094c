/* The configuration file: a few "key = value" settings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "qrframe.h"
#include "settings.h"

#define SETTINGS_MAX (64 * 1024)

enum setting {
	SET_IDLE,
	SET_STORE,
	SET_QR_RATE,
	SET_QR_VERSION,
	SET_QR_RENDER,
	SET_CSV_BOM,
	SET_CHECKPOINT_DAYS,
	SET_DISPUTE_DAYS,
	SET_LIMIT_RED,
	SET_LIMIT_ORANGE,
	SET_LIMIT_YELLOW,
	SET_LIMIT_GREEN,
	SET_FOLLOW_UP_DAYS,
	SET_GPSD,
	SET_COUNT
};

/* Each setting's name in the file and what its value must be. */
static const struct {
	const char *name;
	const char *takes;
} keys[SET_COUNT] = {
	[SET_IDLE] = {"idle_lock_minutes",
	    N_("minutes from 0 (off) to 1440")},
	[SET_STORE] = {"store",
	    N_("a full path, such as /media/usb/xunfang.db or ~/xunfang.db")},
	[SET_QR_RATE] = {"qr_rate", N_("frames a second from 0.2 to 30")},
	[SET_QR_VERSION] = {"qr_version",
	    N_("a QR version from 3 to 40, or 0 for as large as fits")},
	[SET_QR_RENDER] = {"qr_render", N_("auto, halfblock or block")},
	[SET_CSV_BOM] = {"csv_bom", N_("yes or no")},
	[SET_CHECKPOINT_DAYS] = {"checkpoint_overdue_days",
	    N_("days from 1 to 3660")},
	[SET_DISPUTE_DAYS] = {"dispute_overdue_days",
	    N_("days from 1 to 3660")},
	[SET_LIMIT_RED] = {"dispute_limit_red", N_("two numbers of days, "
	    "to the first mediation and to resolution, such as 1/7")},
	[SET_LIMIT_ORANGE] = {"dispute_limit_orange", N_("two numbers of "
	    "days, to the first mediation and to resolution, such as 3/15")},
	[SET_LIMIT_YELLOW] = {"dispute_limit_yellow", N_("two numbers of "
	    "days, to the first mediation and to resolution, such as 7/30")},
	[SET_LIMIT_GREEN] = {"dispute_limit_green", N_("two numbers of "
	    "days, to the first mediation and to resolution, such as 15/60")},
	[SET_FOLLOW_UP_DAYS] = {"dispute_follow_up_days",
	    N_("days from 1 to 365")},
	[SET_GPSD] = {"gpsd", N_("gpsd's HOST:PORT, such as localhost:2947, "
	    "or off")},
};

/* Settings as they are when the file says nothing. */
void
settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->idle_lock_minutes = SETTINGS_IDLE_DEFAULT;
	s->qr_rate = SETTINGS_QR_RATE_DEFAULT;
	s->qr_version = QR_DEFAULT_VERSION;
	s->qr_render = QR_RENDER_AUTO;
	s->checkpoint_days = SETTINGS_CHECKPOINT_DAYS;
	s->dispute_days = SETTINGS_DISPUTE_DAYS;
	dispute_limits_default(&s->dispute);
	snprintf(s->gpsd, sizeof s->gpsd, "%s", SETTINGS_GPSD_DEFAULT);
}

/* Release what the settings hold. */
void
settings_free(struct settings *s)
{
	free(s->store);
	s->store = NULL;
}

/* $XDG_CONFIG_HOME/xunfang/config, else ~/.config/xunfang/config. */
char *
settings_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x != NULL && *x == '/')
		return xasprintf("%s/xunfang/config", x);
	return xasprintf("%s/.config/xunfang/config", home ? home : ".");
}

/* The span [*b, *e) without spaces and tabs at either end. */
static void
trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t' || **b == '\r'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
	    (*e)[-1] == '\r'))
		(*e)--;
}

/* A whole number in [min, max], digits only. */
static int
parse_int(const char *v, int min, int max, int *out)
{
	long n = 0;

	if (*v == '\0' || strlen(v) > 5)
		return -1;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9')
			return -1;
		n = n * 10 + (*v - '0');
	}
	if (n < min || n > max)
		return -1;
	*out = (int)n;
	return 0;
}

/* "FIRST/RESOLVE" in days, the first no later than the second. */
static int
parse_limit(const char *v, int *first, int *resolve)
{
	const char *slash = strchr(v, '/');
	char a[8];
	int f, r;

	if (slash == NULL || (size_t)(slash - v) >= sizeof a)
		return -1;
	memcpy(a, v, (size_t)(slash - v));
	a[slash - v] = '\0';
	if (parse_int(a, 1, 3660, &f) != 0 ||
	    parse_int(slash + 1, 1, 3660, &r) != 0 || f > r)
		return -1;
	*first = f;
	*resolve = r;
	return 0;
}

/* yes/no and the usual spellings of them. */
static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < XF_ARRAY_LEN(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0 || strcasecmp(v, no[i]) == 0) {
			*out = strcasecmp(v, yes[i]) == 0;
			return 0;
		}
	}
	return -1;
}

/* An absolute path, or one under the home folder written ~/... */
static int
parse_path(const char *v, char **out)
{
	const char *home = getenv("HOME");

	if (v[0] == '/') {
		free(*out);
		*out = xstrdup(v);
		return 0;
	}
	if (v[0] != '~' || v[1] != '/' || v[2] == '\0' || home == NULL ||
	    *home != '/')
		return -1;
	free(*out);
	*out = xasprintf("%s%s", home, v + 1);
	return 0;
}

/* "off", or HOST:PORT of a host name or address and a port number. */
static int
parse_gpsd(const char *v, char *out, size_t size)
{
	const char *colon = strrchr(v, ':');
	int port;

	if (strcmp(v, "off") == 0 || (colon != NULL && colon > v &&
	    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_[]:") == strlen(v) && strlen(v) < size &&
	    parse_int(colon + 1, 1, 65535, &port) == 0)) {
		snprintf(out, size, "%s", v);
		return 0;
	}
	return -1;
}

/* Set one setting from its value; -1 if the value is not one it takes. */
static int
settings_set(struct settings *s, enum setting k, const char *v)
{
	char *end;
	double r;
	int n;

	switch (k) {
	case SET_IDLE:
		return parse_int(v, 0, 1440, &s->idle_lock_minutes);
	case SET_STORE:
		return parse_path(v, &s->store);
	case SET_QR_RATE:
		r = strtod(v, &end);
		if (end == v || *end != '\0' || !(r >= 0.2) || r > 30)
			return -1;
		s->qr_rate = r;
		return 0;
	case SET_QR_VERSION:
		if (parse_int(v, 0, 40, &n) != 0 || (n > 0 && n < 3))
			return -1;
		s->qr_version = n;
		return 0;
	case SET_QR_RENDER:
		return qr_render_parse(v, &s->qr_render);
	case SET_CSV_BOM:
		return parse_bool(v, &s->csv_bom);
	case SET_CHECKPOINT_DAYS:
		return parse_int(v, 1, 3660, &s->checkpoint_days);
	case SET_DISPUTE_DAYS:
		return parse_int(v, 1, 3660, &s->dispute_days);
	case SET_LIMIT_RED:
	case SET_LIMIT_ORANGE:
	case SET_LIMIT_YELLOW:
	case SET_LIMIT_GREEN:
		n = (int)(k - SET_LIMIT_RED);
		return parse_limit(v, &s->dispute.first[n],
		    &s->dispute.resolve[n]);
	case SET_FOLLOW_UP_DAYS:
		return parse_int(v, 1, 365, &s->dispute.follow_up_days);
	case SET_GPSD:
		return parse_gpsd(v, s->gpsd, sizeof s->gpsd);
	case SET_COUNT:
		break;
	}
	return -1;
}

/* The setting named by the span, or SET_COUNT. */
static enum setting
settings_key(const char *b, const char *e)
{
	for (int k = 0; k < SET_COUNT; k++)
		if (strlen(keys[k].name) == (size_t)(e - b) &&
		    memcmp(keys[k].name, b, (size_t)(e - b)) == 0)
			return (enum setting)k;
	return SET_COUNT;
}

/* Note a bad line: on the list for stderr, and the first one apart. */
static void
settings_bad(struct settings *s, const char *name, int lineno,
    struct buf *problems, const char *msg)
{
	buf_addf(problems, "%s:%d: %s\n", name, lineno, msg);
	if (s->bad_line == 0) {
		s->bad_line = lineno;
		snprintf(s->bad_msg, sizeof s->bad_msg, "%s", msg);
	}
}

/* The message for a line that is not "key = value" of a known key. */
static char *
settings_line_msg(const char *b, const char *e, const char *eq)
{
	struct buf names = {0};
	char *msg;

	if (eq == NULL)
		return xasprintf(_("not \"key = value\": write a setting as "
		    "name = value, or start a comment with #"));
	for (int k = 0; k < SET_COUNT; k++)
		buf_addf(&names, "%s%s", k ? " " : "", keys[k].name);
	msg = xasprintf(_("unknown setting '%.*s' (ignored); the settings "
	    "are: %s (see man xunfang.conf)"), (int)(e - b), b,
	    buf_str(&names));
	buf_free(&names);
	return msg;
}

/* Apply one "key = value" line; 0, or -1 after reporting it. */
static int
settings_line(struct settings *s, const char *b, const char *e,
    const char *name, int lineno, struct buf *problems)
{
	const char *eq = memchr(b, '=', (size_t)(e - b)), *kb = b, *ke, *vb,
	    *ve = e;
	enum setting k = SET_COUNT;
	char *v, *msg = NULL;

	if (eq != NULL) {
		ke = eq;
		vb = eq + 1;
		trim(&kb, &ke);
		trim(&vb, &ve);
		k = settings_key(kb, ke);
	}
	if (k == SET_COUNT)
		msg = settings_line_msg(kb, eq ? ke : e, eq);
	else {
		v = xstrndup(vb, (size_t)(ve - vb));
		if (settings_set(s, k, v) != 0)
			msg = xasprintf(_("%s takes %s, not '%s'; using the "
			    "default"), keys[k].name, _(keys[k].takes), v);
		free(v);
	}
	if (msg == NULL)
		return 0;
	settings_bad(s, name, lineno, problems, msg);
	free(msg);
	return -1;
}

/* Read settings from a buffer that need not end in NUL. */
int
settings_parse(struct settings *s, const char *name, const char *text,
    size_t len, struct buf *problems)
{
	const char *p = text, *end = text + len;
	int lineno = 0, bad = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *b = p, *h;

		lineno++;
		h = memchr(b, '#', (size_t)(e - b));
		if (h != NULL)
			e = h;
		trim(&b, &e);
		if (b < e && settings_line(s, b, e, name, lineno,
		    problems) != 0)
			bad++;
		p = nl ? nl + 1 : end;
	}
	return bad;
}

/* Load the file at path (NULL: the default path) over the defaults. */
int
settings_load(struct settings *s, const char *path, struct buf *problems,
    struct xf_err *err)
{
	char *def = path ? NULL : settings_path();
	const char *name = path ? path : def;
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = 0;

	settings_defaults(s);
	if (file_read(name, &data, &len, SETTINGS_MAX, err) != 0)
		rc = access(name, F_OK) != 0 && errno == ENOENT ? 0 : -1;
	else if (!utf8_valid((const char *)data, len))
		rc = xf_error(err, _("%s is not UTF-8 text: save it as UTF-8"),
		    name);
	else
		rc = settings_parse(s, name, (const char *)data, len, problems);
	free(data);
	free(def);
	return rc;
}
