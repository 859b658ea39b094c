/*
 * Reports as text charts: block characters that read in monochrome and
 * fit the width, one chart per report drawn from its table.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "report-int.h"

static const char *const eighths[] = {
	"", "▏", "▎", "▍", "▌", "▋", "▊", "▉",
};
static const char *const sparks[] = {
	"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█",
};

/* A horizontal bar of v against max over width columns. */
static void
draw_bar(struct buf *out, double v, double max, int width)
{
	int units = max > 0 ? (int)(v / max * width * 8 + 0.5) : 0, i;

	if (v > 0 && units == 0)
		units = 1;
	for (i = 0; i < units / 8; i++)
		buf_adds(out, "█");
	buf_adds(out, eighths[units % 8]);
	for (i = units / 8 + (units % 8 > 0); i < width; i++)
		buf_addc(out, ' ');
}

/* A shade for a heat-map cell: · none, then ░ ▒ ▓ █ by quarter of max. */
static const char *
shade(double v, double max)
{
	static const char *const s[] = {"·", "░", "▒", "▓", "█"};
	int q;

	if (v <= 0 || max <= 0)
		return s[0];
	q = (int)(v * 4 / max + 0.999);
	return s[q < 1 ? 1 : q > 4 ? 4 : q];
}

/* The period of a report as a heading line. */
static void
draw_title(struct buf *out, const char *title, const struct report *r,
    int width)
{
	char a[11], b[11];

	date_format(r->opts.from, a);
	date_format(r->opts.to - 1, b);
	buf_adds(out, title);
	buf_adds(out, utf8_width(title) + 25 > width ? "\n" : "  ");
	buf_addf(out, "%s – %s\n", a, b);
}

/* Weekday names, Monday first. */
static const char *
weekday_label(int wd)
{
	static const char *const wdn[] = {
		N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
		N_("Sat"), N_("Sun"),
	};

	return _(wdn[wd]);
}

/* The heat map: weekdays down, hours across. */
void
draw_heatmap(const struct report *r, int width, struct buf *out)
{
	double max = 0, v[7][24], hour[24] = {0};
	int cw = width >= 62 ? 2 : 1;

	for (int wd = 0; wd < 7; wd++)
		for (int h = 0; h < 24; h++) {
			const struct report_cell *c =
			    &r->cells[(size_t)(wd * 24 + h) * 5];

			v[wd][h] = c[2].num + c[3].num;
			hour[h] += v[wd][h];
			max = v[wd][h] > max ? v[wd][h] : max;
		}
	draw_title(out, _("Incidents and suspicious observations by weekday "
	    "and hour"), r, width);
	buf_adds(out, "      ");
	for (int h = 0; h < 24; h += 3)
		buf_addf(out, "%-*d", 3 * cw, h);
	buf_adds(out, _("  total"));
	buf_addc(out, '\n');
	for (int wd = 0; wd < 7; wd++) {
		double tot = 0;

		utf8_fit(out, weekday_label(wd), 6);
		for (int h = 0; h < 24; h++) {
			for (int k = 0; k < cw; k++)
				buf_adds(out, shade(v[wd][h], max));
			tot += v[wd][h];
		}
		buf_addf(out, "  %.0f\n", tot);
	}
	buf_addf(out, _("· none  ░ few  ▒ some  ▓ many  █ most (%.0f in one "
	    "hour)\n"), max);
	max = 0;
	for (int h = 0; h < 24; h++)
		max = hour[h] > max ? hour[h] : max;
	utf8_fit(out, _("hours"), 6);
	for (int h = 0; h < 24; h++)
		for (int k = 0; k < cw; k++)
			buf_adds(out, sparks[max > 0 ?
			    (int)(hour[h] * 7 / max) : 0]);
	buf_addc(out, '\n');
}

/* One bar row: label, bar, then a note such as the count. */
static void
bar_row(struct buf *out, const char *label, int lw, double v, double max,
    int width, const char *note)
{
	buf_adds(out, "  ");
	utf8_fit(out, label, lw);
	buf_addc(out, ' ');
	draw_bar(out, v, max, width - lw - 25 > 4 ? width - lw - 25 : 4);
	buf_addf(out, " %s\n", note);
}

/* The figures after a bar: the value, then the change or the other
 * figure of the row. */
static void
bar_note(const struct report *r, const char *value,
    const struct report_cell *other, char *out, size_t size)
{
	if (other == NULL)
		snprintf(out, size, "%s", value);
	else if (r->e->draw == draw_hotspots)
		snprintf(out, size, "%s (%+.0f)", value, other->num);
	else if (r->e->draw == draw_patrols)
		snprintf(out, size, _("%s h, %s patrols"), value, other->text);
	else
		snprintf(out, size, _("%s patrols, %s h"), value, other->text);
}

/* The widest label of a column over some rows, within limits. */
static int
label_width(const struct report *r, int col, size_t from, size_t to,
    int lo, int hi)
{
	int w = lo;

	for (size_t i = from; i < to; i++) {
		int cw = utf8_width(r->cells[i * (size_t)r->ncols +
		    (size_t)col].text);

		w = cw > w ? cw : w;
	}
	return w > hi ? hi : w;
}

/* Rows [from, to) whose first cell is section, as bars of column vcol. */
static void
draw_section(const struct report *r, const char *section, int lcol,
    int vcol, int ncol, int limit, const struct field *f, int width,
    struct buf *out)
{
	size_t a = r->nrows, b, n = 0;
	double max = 0;

	for (size_t i = 0; i < r->nrows && a == r->nrows; i++)
		if (strcmp(r->cells[i * (size_t)r->ncols].text, section) == 0)
			a = i;
	for (b = a; b < r->nrows && strcmp(r->cells[b *
	    (size_t)r->ncols].text, section) == 0; b++)
		max = r->cells[b * (size_t)r->ncols + (size_t)vcol].num > max ?
		    r->cells[b * (size_t)r->ncols + (size_t)vcol].num : max;
	if (a == b) {
		buf_addf(out, "  %s\n", _("(none)"));
		return;
	}
	for (size_t i = a; i < b && (int)n < limit; i++, n++) {
		const struct report_cell *c = &r->cells[i * (size_t)r->ncols];
		char note[64];

		bar_note(r, c[vcol].text, ncol >= 0 ? &c[ncol] : NULL, note,
		    sizeof note);
		bar_row(out, f ? field_choice_label(f, c[lcol].text) :
		    c[lcol].text, label_width(r, lcol, a, b, 4, 24),
		    c[vcol].num, max, width, note);
	}
	if (b - a > n)
		buf_addf(out, _("  … %zu more (use --csv for all)\n"),
		    b - a - n);
}

/* Places and grids ranked by incidents, with the change. */
void
draw_hotspots(const struct report *r, int width, struct buf *out)
{
	draw_title(out, _("Incidents by place and grid, against the period "
	    "before"), r, width);
	buf_addf(out, "%s\n", _("Places"));
	draw_section(r, "place", 1, 3, 6, 10, NULL, width, out);
	buf_addf(out, "%s\n", _("Grids"));
	draw_section(r, "grid", 1, 3, 6, 10, NULL, width, out);
}

/* s right-aligned in exactly w columns (cut if wider), then a space. */
static void
fit_right(struct buf *out, const char *s, int w)
{
	for (int i = utf8_width(s); i < w; i++)
		buf_addc(out, ' ');
	utf8_fit(out, s, utf8_width(s) < w ? utf8_width(s) : w);
	buf_addc(out, ' ');
}

/* Checkpoints: overdue first, with last check and checks per week (and,
 * when wide, those planned and the ticks of the period flagged). */
void
draw_coverage(const struct report *r, int width, struct buf *out)
{
	const struct field *ft = &kind_by_id(KIND_CHECKPOINT)->fields[
	    fidx(KIND_CHECKPOINT, "type")];
	double max = 0;
	int nw = 12, tw = 4, bw, wide = width >= 80;

	for (int i = 0; ft->choices[i].code; i++) {
		int w = utf8_width(field_choice_label(ft, ft->choices[i].code));

		tw = w + 1 > tw ? w + 1 : tw;
	}
	tw = tw > 16 ? 16 : tw;
	/* "! ", a space, last check 17, per week 8; done/plan 10 and
	 * flagged 9 when wide; a bar of 4 at least. */
	if (wide)
		nw = width - tw - 51 > 18 ? 18 : width - tw - 51 < 12 ? 12 :
		    width - tw - 51;
	bw = width - nw - tw - (wide ? 47 : 28);

	for (size_t i = 0; i < r->nrows; i++)
		max = r->cells[i * r->ncols + 6].num > max ?
		    r->cells[i * r->ncols + 6].num : max;
	draw_title(out, _("Checkpoint coverage (! = overdue)"), r, width);
	buf_adds(out, "  ");
	utf8_fit(out, _("Checkpoint"), nw);
	buf_addc(out, ' ');
	utf8_fit(out, _("Type"), tw);
	utf8_fit(out, _("Last check"), 17);
	utf8_fit(out, _("per week"), 8);
	if (wide) {
		buf_addc(out, ' ');
		utf8_fit(out, _("done/plan"), 9);
		buf_addc(out, ' ');
		fit_right(out, _("flagged"), 7);
	}
	buf_addc(out, '\n');
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_cell *c = &r->cells[i * r->ncols];

		buf_adds(out, c[7].num > 0 ? "! " : "  ");
		utf8_fit(out, c[0].text, nw);
		buf_addc(out, ' ');
		utf8_fit(out, field_choice_label(ft, c[1].text), tw);
		utf8_fit(out, *c[3].text ? c[3].text : _("never"), 17);
		buf_addf(out, "%7s ", c[6].text);
		if (wide && c[8].num > 0)
			buf_addf(out, " %4.0f/%-4.0f", c[5].num, c[8].num);
		else if (wide)
			buf_adds(out, "    -     ");
		if (wide)
			buf_addf(out, "%8.0f ", c[9].num);
		draw_bar(out, c[6].num, max, bw > 4 ? bw : 4);
		buf_addc(out, '\n');
	}
}

/* Patrol hours by village, lead and type. */
void
draw_patrols(const struct report *r, int width, struct buf *out)
{
	const struct field *ft = &kind_by_id(KIND_PATROL)->fields[
	    fidx(KIND_PATROL, "type")];

	draw_title(out, _("Patrol hours (and patrols)"), r, width);
	buf_addf(out, "%s\n", _("By village"));
	draw_section(r, "village", 1, 3, 2, 20, NULL, width, out);
	buf_addf(out, "%s\n", _("By team lead"));
	draw_section(r, "lead", 1, 3, 2, 12, NULL, width, out);
	buf_addf(out, "%s\n", _("By type"));
	draw_section(r, "type", 1, 3, 2, 8, ft, width, out);
}

/* The value of a section,name,value row, or 0. */
static double
kv_get(const struct report *r, const char *section, const char *name)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->cells[i * 3].text, section) == 0 &&
		    strcmp(r->cells[i * 3 + 1].text, name) == 0)
			return r->cells[i * 3 + 2].num;
	return 0;
}

/* Disputes: colour by status table, figures, the overdue ones. */
void
draw_disputes(const struct report *r, int width, struct buf *out)
{
	const struct kind *k = kind_by_id(KIND_DISPUTE);
	const struct field *fc = &k->fields[fidx(KIND_DISPUTE, "colour")];
	const struct field *fs = &k->fields[fidx(KIND_DISPUTE, "status")];
	double med = kv_get(r, "summary", "median_days");
	int ns = 0, cw;

	while (fs->choices[ns].code)
		ns++;
	cw = (width - 8) / ns > 12 ? 12 : (width - 8) / ns;

	draw_title(out, _("Disputes reported in the period"), r, width);
	utf8_fit(out, "", 8);
	for (int s = 0; fs->choices[s].code; s++)
		utf8_fit(out, field_choice_label(fs, fs->choices[s].code), cw);
	buf_addc(out, '\n');
	for (int c = 0; fc->choices[c].code; c++) {
		utf8_fit(out, field_choice_label(fc, fc->choices[c].code), 8);
		for (int s = 0; fs->choices[s].code; s++) {
			char *n = xasprintf("%s/%s", fc->choices[c].code,
			    fs->choices[s].code);

			buf_addf(out, "%-*.0f", cw, kv_get(r, "colour_status",
			    n));
			free(n);
		}
		buf_addc(out, '\n');
	}
	buf_addf(out, _("Total %.0f, open %.0f\n"), kv_get(r, "summary",
	    "total"), kv_get(r, "summary", "open"));
	buf_addf(out, _("Past the time limit %.0f, long without mediation "
	    "%.0f\n"), kv_get(r, "summary", "past_limit"), kv_get(r,
	    "summary", "overdue"));
	buf_addf(out, _("Resolved %.0f%%"), 100 * kv_get(r, "summary",
	    "resolution_rate"));
	if (med > 0)
		buf_addf(out, _(", median %.1f days to resolve"), med);
	buf_addf(out, "\n%s\n", _("Overdue (days without mediation)"));
	draw_section(r, "overdue", 1, 2, -1, 10, NULL, width, out);
	buf_addf(out, "\n%s\n", _("Past the limit to a first mediation "
	    "(days past it)"));
	draw_section(r, "past_first", 1, 2, -1, 10, NULL, width, out);
	buf_addf(out, "\n%s\n", _("Past the limit to resolution (days past "
	    "it)"));
	draw_section(r, "past_resolve", 1, 2, -1, 10, NULL, width, out);
}

/* Volunteers and household groups by patrols. */
void
draw_volunteers(const struct report *r, int width, struct buf *out)
{
	draw_title(out, _("Volunteer participation (patrols, hours)"), r,
	    width);
	buf_addf(out, "%s\n", _("Volunteers"));
	draw_section(r, "volunteer", 1, 3, 4, 15, NULL, width, out);
	buf_addf(out, "%s\n", _("Household groups"));
	draw_section(r, "group", 1, 3, 4, 20, NULL, width, out);
}

/* Weekly counts, one sparkline per series. */
void
draw_trend(const struct report *r, int width, struct buf *out)
{
	static const char *const series[] = {
		N_("Patrols"), N_("Visits"), N_("Disputes"), N_("Incidents"),
		N_("Suspicious"),
	};
	size_t first = r->nrows > (size_t)(width - 40) ?
	    r->nrows - (size_t)(width - 40) : 0;

	draw_title(out, _("Weekly counts"), r, width);
	for (int s = 0; s < 5; s++) {
		double max = 0, tot = 0;

		for (size_t i = first; i < r->nrows; i++) {
			double v = r->cells[i * 6 + (size_t)s + 1].num;

			max = v > max ? v : max;
			tot += v;
		}
		buf_adds(out, "  ");
		utf8_fit(out, _(series[s]), 12);
		for (size_t i = first; i < r->nrows; i++)
			buf_adds(out, sparks[max > 0 ? (int)(r->cells[i * 6 +
			    (size_t)s + 1].num * 7 / max) : 0]);
		buf_addf(out, _("  total %.0f, peak %.0f a week\n"), tot, max);
	}
}

/* Suggested focus: hours, places and grids, overdue checkpoints. */
void
draw_focus(const struct report *r, int width, struct buf *out)
{
	static const struct {
		const char *what, *head;
	} parts[] = {
		{"hour", N_("Hours most worth a patrol in the next day")},
		{"place", N_("Hot places")},
		{"grid", N_("Hot grids")},
		{"checkpoint", N_("Checkpoints overdue")},
	};

	draw_title(out, _("Suggested focus"), r, width);
	for (size_t p = 0; p < XF_ARRAY_LEN(parts); p++) {
		int n = 0;

		buf_addf(out, "%s\n", _(parts[p].head));
		for (size_t i = 0; i < r->nrows; i++) {
			const struct report_cell *c = &r->cells[i * 6];

			if (strcmp(c[0].text, parts[p].what) != 0)
				continue;
			buf_adds(out, "  ");
			utf8_fit(out, c[1].text, width - 43 > 28 ? 28 :
			    width - 43);
			buf_addc(out, ' ');
			utf8_fit(out, c[2].text, 12);
			if (p == 3)
				buf_addf(out, *c[5].text ? _(" %s days "
				    "without a check") : _(" never checked"),
				    c[5].text);
			else
				buf_addf(out, _(" %.0f incidents, %.0f "
				    "suspicious"), c[3].num, c[4].num);
			buf_addc(out, '\n');
			n++;
		}
		if (n == 0)
			buf_addf(out, "  %s\n", _("(none)"));
	}
}

/* Draw a report as text charts within width columns. */
void
report_draw(const struct report *r, int width, struct buf *out)
{
	if (width < 60)
		width = 60;
	r->e->draw(r, width, out);
}

/* A space, then a cell's text right-aligned in w columns. */
static void
draw_right(struct buf *out, const char *s, int w)
{
	buf_addc(out, ' ');
	for (int i = utf8_width(s); i < w; i++)
		buf_addc(out, ' ');
	buf_adds(out, s);
}

/* The title and the head of a table of a name column and six figures
 * (heads: their labels, untranslated); the name column's width, or -1
 * when the report has no rows (said so instead). */
static int
draw_six(struct buf *out, const struct report *r, int width,
    const char *title, const char *empty, const char *const *heads)
{
	int nw = width - 2 - 6 * 8;

	if (nw > 30)
		nw = 30;
	draw_title(out, title, r, width);
	if (r->nrows == 0) {
		buf_addf(out, "%s\n", empty);
		return -1;
	}
	utf8_fit(out, "", nw + 2);
	for (int c = 0; c < 6; c++)
		draw_right(out, _(heads[c]), 7);
	buf_addc(out, '\n');
	return nw;
}

/* Patrol plans: a line per plan under its village, planned points
 * against those on time, late, missed and explained. */
void
draw_plans(const struct report *r, int width, struct buf *out)
{
	static const char *const heads[] = {
		N_("Planned"), N_("On time"), N_("Late"), N_("Missed"),
		N_("Reasons"), N_("Share"),
	};
	const struct field *rf =
	    &kind_by_id(KIND_MISS)->fields[MISS_F_REASON];
	int nw;
	const char *last = NULL, *plan = NULL;

	if ((nw = draw_six(out, r, width, _("Patrol plans against what "
	    "happened"), _("No patrol plans."), heads)) < 0)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_cell *c = &r->cells[i * (size_t)r->ncols];
		char share[16], *wk;

		if (last == NULL || strcmp(last, c[1].text) != 0) {
			last = c[1].text;
			plan = NULL;
			buf_addf(out, "%s\n", last[0] ? last :
			    _("(no village)"));
		}
		if (plan == NULL || strcmp(plan, c[0].text) != 0) {
			plan = c[0].text;
			buf_adds(out, "  ");
			utf8_fit(out, plan, width - 2);
			buf_addc(out, '\n');
		}
		wk = xasprintf(_("    week of %s"), c[3].text + 5);
		utf8_fit(out, wk, nw + 2);
		free(wk);
		for (int k = 4; k < 9; k++)
			draw_right(out, c[k].text, 7);
		snprintf(share, sizeof share, "%s%s", c[9].text,
		    c[9].text[0] ? "%" : "–");
		draw_right(out, share, 7);
		buf_addc(out, '\n');
		if (c[10].text[0] != '\0') {
			struct buf why = {0};
			const char *p = c[10].text;

			/* "code:n code:n" named in the language of the
			 * messages. */
			while (*p != '\0') {
				const char *colon = strchr(p, ':'),
				    *sp = strchr(p, ' ');
				char *code;

				if (colon == NULL)
					break;
				code = xstrndup(p, (size_t)(colon - p));
				buf_addf(&why, "%s%s %.*s", why.len ? ", " : "",
				    field_choice_label(rf, code),
				    (int)((sp ? sp : colon + strlen(colon)) -
				    colon - 1), colon + 1);
				free(code);
				p = sp ? sp + 1 : colon + strlen(colon);
			}
			wk = xasprintf(_("      reasons: %s"), buf_str(&why));
			utf8_fit(out, wk, width);
			buf_addc(out, '\n');
			free(wk);
			buf_free(&why);
		}
	}
	buf_addf(out, "%s\n%s\n", _("Share: on time out of the points due."),
	    _("Reasons: late or missed points that have a reason."));
}

/* A share of the presence report as "85.7%", or "–" when of nothing. */
static void
draw_share(struct buf *out, const struct report_cell *c)
{
	char s[16];

	snprintf(s, sizeof s, "%s%s", c->text, c->text[0] ? "%" : "–");
	draw_right(out, s, 7);
}

/* Proof of presence: a line per team and week under its village, with
 * the shares of ticks scanned, with a fix and in radius, and the ticks
 * and patrols flagged. */
void
draw_presence(const struct report *r, int width, struct buf *out)
{
	static const char *const heads[] = {
		N_("Patrols"), N_("Ticks"), N_("Scanned"), N_("Fix"),
		N_("Radius"), N_("Flagged"),
	};
	int nw;
	const char *last = NULL, *team = NULL;

	if ((nw = draw_six(out, r, width, _("Proof of presence at the "
	    "checkpoints"), _("No patrols in the period."), heads)) < 0)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_cell *c = &r->cells[i * (size_t)r->ncols];
		char *s;

		if (last == NULL || strcmp(last, c[0].text) != 0) {
			last = c[0].text;
			team = NULL;
			buf_addf(out, "%s\n", last[0] ? last :
			    _("(no village)"));
		}
		if (team == NULL || strcmp(team, c[1].text) != 0) {
			const char *name = c[1].text[0] ? c[1].text :
			    _("(no team)");

			team = c[1].text;
			buf_adds(out, "  ");
			if (utf8_width(name) > width - 2)
				utf8_fit(out, name, width - 2);
			else
				buf_adds(out, name);
			buf_addc(out, '\n');
		}
		s = xasprintf(_("    week of %s"), c[2].text + 5);
		if (utf8_width(s) > nw + 2) {	/* narrow: the Monday alone */
			free(s);
			s = xasprintf("    %s", c[2].text + 5);
		}
		utf8_fit(out, s, nw + 2);
		free(s);
		draw_right(out, c[3].text, 7);
		draw_right(out, c[4].text, 7);
		for (int k = 5; k < 8; k++)
			draw_share(out, &c[k]);
		s = xasprintf("%s/%s", c[8].text, c[9].text);
		draw_right(out, s, 7);
		free(s);
		buf_addc(out, '\n');
	}
	buf_addf(out, "%s\n%s\n%s\n",
	    _("Scanned, Fix: shares of the ticks (an old fix counts)."),
	    _("Radius: of the ticks with a fix at a placed checkpoint."),
	    _("Flagged: ticks, then patrols, with a flag."));
}
