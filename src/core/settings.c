/* The configuration file: a few "key = value" settings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

#define SETTINGS_MAX (64 * 1024)

/* Settings as they are when the file says nothing. */
void
settings_defaults(struct settings *s)
{
	s->idle_lock_minutes = SETTINGS_IDLE_DEFAULT;
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

/* Parse a whole number of minutes between 0 and 1440. */
static int
parse_minutes(const char *b, const char *e, int *out)
{
	int v = 0;

	if (b == e || e - b > 4)
		return -1;
	for (; b < e; b++) {
		if (*b < '0' || *b > '9')
			return -1;
		v = v * 10 + (*b - '0');
	}
	if (v > 1440)
		return -1;
	*out = v;
	return 0;
}

/* Apply one "key = value" line. */
static int
settings_line(struct settings *s, const char *b, const char *e, int lineno,
    struct xf_err *err)
{
	const char *eq = memchr(b, '=', (size_t)(e - b)), *kb = b, *ke, *vb,
	    *ve = e;

	if (eq == NULL)
		return xf_error(err, _("configuration line %d is not "
		    "\"key = value\""), lineno);
	ke = eq;
	vb = eq + 1;
	trim(&kb, &ke);
	trim(&vb, &ve);
	if ((size_t)(ke - kb) == strlen("idle_lock_minutes") &&
	    memcmp(kb, "idle_lock_minutes", (size_t)(ke - kb)) == 0) {
		if (parse_minutes(vb, ve, &s->idle_lock_minutes) != 0)
			return xf_error(err, _("configuration line %d: "
			    "idle_lock_minutes takes minutes from 0 (off) to "
			    "1440"), lineno);
		return 0;
	}
	return xf_error(err, _("configuration line %d: unknown setting "
	    "'%.*s'; known: idle_lock_minutes"), lineno, (int)(ke - kb), kb);
}

/* Read settings from a buffer that need not end in NUL. */
int
settings_parse(struct settings *s, const char *text, size_t len,
    struct xf_err *err)
{
	const char *p = text, *end = text + len;
	int lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *b = p, *h;

		lineno++;
		h = memchr(b, '#', (size_t)(e - b));
		if (h != NULL)
			e = h;
		trim(&b, &e);
		if (b < e && settings_line(s, b, e, lineno, err) != 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* Load the file at path (NULL: the default path) over the defaults. */
int
settings_load(struct settings *s, const char *path, struct xf_err *err)
{
	char *def = path ? NULL : settings_path();
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = 0;

	settings_defaults(s);
	if (file_read(path ? path : def, &data, &len, SETTINGS_MAX, err) != 0)
		rc = errno == ENOENT ? 0 : -1;
	else if (settings_parse(s, (const char *)data, len, err) != 0) {
		char msg[sizeof err->msg];

		snprintf(msg, sizeof msg, "%s", err->msg);
		rc = xf_error(err, _("%s (in %s)"), msg, path ? path : def);
	}
	free(data);
	free(def);
	return rc;
}
