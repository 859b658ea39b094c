/* The full-screen QR display: a bundle shown frame after frame. */
#ifndef QRSHOW_H
#define QRSHOW_H

#include <stddef.h>

#include "core/xf.h"

/* Show the frames of a bundle until the user quits; rate is frames a second,
 * max_version the largest QR version to use (0: as large as fits). */
int qrshow_run(const unsigned char *bundle, size_t len, double rate,
    int max_version, struct xf_err *);
/* The same inside a curses screen that is already running (the terminal
 * UI, whose input timeout and cursor are put back afterwards). */
int qrshow_in_curses(const unsigned char *bundle, size_t len, double rate,
    int max_version, struct xf_err *);

#endif
