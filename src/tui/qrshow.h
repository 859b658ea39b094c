/* The full-screen QR display: a bundle shown frame after frame. */
#ifndef QRSHOW_H
#define QRSHOW_H

#include <stddef.h>

#include "core/xf.h"

/* How the frames are shown. */
struct qrshow_opts {
	double rate;		/* frames a second */
	int max_version;	/* the largest QR version to use; 0: any */
	int render;		/* enum qr_render; QR_RENDER_AUTO by terminal */
};

/* Show the frames of a bundle until the user quits. */
int qrshow_run(const unsigned char *bundle, size_t len,
    const struct qrshow_opts *, struct xf_err *);
/* The same inside a curses screen that is already running (the terminal
 * UI, whose input timeout and cursor are put back afterwards). */
int qrshow_in_curses(const unsigned char *bundle, size_t len,
    const struct qrshow_opts *, struct xf_err *);

#endif
