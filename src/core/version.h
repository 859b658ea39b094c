/* The versions of the libraries the program runs with, for --version. */
#ifndef VERSION_H
#define VERSION_H

#include "xf.h"

/* Append "NAME VERSION" lines for SQLite, libsodium, zlib and libqrencode
 * as loaded at run time (not as compiled against). */
void version_libs(struct buf *);

#endif
