/* Reports as CSV: the table as it is, a header of column names first. */
#include "config.h"

#include "csv.h"
#include "report.h"

/* The table as CSV: a header of column names, then the rows. */
void
report_csv(const struct report *r, int bom, struct buf *out)
{
	if (bom)
		csv_bom(out);
	for (int c = 0; c < r->ncols; c++)
		csv_field(out, r->cols[c], c == 0);
	csv_end_row(out);
	for (size_t i = 0; i < r->nrows; i++) {
		for (int c = 0; c < r->ncols; c++)
			csv_field(out, r->cells[i * (size_t)r->ncols +
			    (size_t)c].text, c == 0);
		csv_end_row(out);
	}
}
