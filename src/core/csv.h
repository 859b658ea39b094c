/* RFC 4180 CSV output. */
#ifndef CSV_H
#define CSV_H

#include "xf.h"

/* Append one field, quoted when it needs to be, a formula neutralised
 * with a leading apostrophe unless csv_raw(1) was called. */
void csv_field(struct buf *, const char *, int first);
void csv_raw(int on);
/* Whether a spreadsheet would take a cell for a formula (=, +, -, @, tab
 * or CR first, and not a plain number). */
int csv_formula(const char *);
/* End a row (CRLF, as RFC 4180 says). */
void csv_end_row(struct buf *);
/* The UTF-8 byte-order mark that WPS and Excel look for. */
void csv_bom(struct buf *);

#endif
