/* RFC 4180 CSV output. */
#ifndef CSV_H
#define CSV_H

#include "xf.h"

/* Append one field, quoted when it needs to be. */
void csv_field(struct buf *, const char *, int first);
/* End a row (CRLF, as RFC 4180 says). */
void csv_end_row(struct buf *);
/* The UTF-8 byte-order mark that WPS and Excel look for. */
void csv_bom(struct buf *);

#endif
