/* Analysis reports (情报研判): numbers computed from the records, and the
 * same numbers drawn as text charts or written as CSV. No curses here, so
 * the command line and the terminal UI share everything. */
#ifndef REPORT_H
#define REPORT_H

#include "record.h"

/*
 * How to add a report:
 *  1. write run_NAME(struct run *), which fills the table row by row with
 *     row_add/set_text/set_num, in report.c, and draw_NAME, which charts
 *     that table, in report-draw.c (declared in report-int.h);
 *  2. add one entry to report_table[] at the end of report.c: its name,
 *     its label, its CSV columns, the two functions, and its defaults.
 * The command line (`xunfang report NAME`, its usage) and the terminal's
 * menu of reports are made from the table.
 */
struct report;
struct run;	/* a report being computed (report.c) */

struct report_entry {
	const char *name;	/* as the command line takes it */
	const char *label;	/* N_(): the menu's line and the title */
	const char *const *cols;	/* CSV header names */
	int ncols;
	void (*run)(struct run *);
	void (*draw)(const struct report *, int width, struct buf *);
	int overdue_days;	/* the default of --days (0: not used) */
	int period_days;	/* the period shown when none is given */
};

/* The reports, in menu order, ending with an entry whose name is NULL. */
extern const struct report_entry report_table[];

struct report_opts {
	int64_t from, to;	/* the period [from, to), local midnights */
	int64_t asof;		/* the moment "overdue" is measured at */
	const char *village;	/* a village name or id; NULL for all */
	int days;		/* overdue after this many days; 0: default */
	/* The defaults for days, from the configuration; 0: built in. */
	int checkpoint_days, dispute_days;
};

/* One cell: its text as CSV shows it, and its number for charts. */
struct report_cell {
	char *text;
	double num;
};

/* A report's result: a table whose columns depend on the report. */
struct report {
	const struct report_entry *e;
	struct report_opts opts;
	int ncols;
	const char *const *cols;	/* CSV header names */
	struct report_cell *cells;	/* nrows * ncols, row by row */
	size_t nrows, cap;
};

/* The records every report reads, loaded once. */
struct report_data;

/* The report with this name ("heatmap", ...), or NULL. */
const struct report_entry *report_by_name(const char *);
/* Space-separated list of report names. */
const char *report_names(void);

/* Every current record the reports read. */
int report_load(struct store *, struct report_data **, struct xf_err *);
/* What one report reads over the period of its options alone (the
 * records of that period, found by their day; see report.c): run that
 * report with those options on it. */
int report_load_for(struct store *, const struct report_entry *,
    const struct report_opts *, struct report_data **, struct xf_err *);
void report_data_free(struct report_data *);
/* Compute a report over loaded data into r (free with report_free). */
int report_run(struct report_data *, const struct report_entry *,
    const struct report_opts *, struct report *, struct xf_err *);
void report_free(struct report *);

/* The suggested focus (情报导巡) at now, over the four weeks up to today:
 * rows "hour", "place", "grid" and "checkpoint" (see run_focus), for
 * the home screen. */
int report_focus(struct store *, int64_t now, int checkpoint_days,
    struct report *, struct xf_err *);

/* The cell at row i, column named col (NULL if there is no such column). */
const struct report_cell *report_cell(const struct report *, size_t row,
    const char *col);

/* The report as RFC 4180 CSV, with a byte-order mark if asked. */
void report_csv(const struct report *, int bom, struct buf *);
/* The report drawn with block characters, at most width columns wide
 * (60 at least). */
void report_draw(const struct report *, int width, struct buf *);

#endif
