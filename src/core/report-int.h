/*
 * What the parts of the reports share: report.c computes the tables and
 * holds the report table, report-draw.c draws each report's chart from
 * its table, report-csv.c writes it as CSV.
 */
#ifndef REPORT_INT_H
#define REPORT_INT_H

#include "report.h"

/* A field's index in a kind. */
int fidx(int kind, const char *name);

/* Each report's chart, for its entry in report_table (report-draw.c). */
void draw_heatmap(const struct report *, int width, struct buf *);
void draw_hotspots(const struct report *, int width, struct buf *);
void draw_coverage(const struct report *, int width, struct buf *);
void draw_patrols(const struct report *, int width, struct buf *);
void draw_disputes(const struct report *, int width, struct buf *);
void draw_volunteers(const struct report *, int width, struct buf *);
void draw_trend(const struct report *, int width, struct buf *);
void draw_focus(const struct report *, int width, struct buf *);
void draw_plans(const struct report *, int width, struct buf *);
void draw_presence(const struct report *, int width, struct buf *);

#endif
