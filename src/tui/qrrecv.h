/* The QR receive screen: frames typed by a keyboard-wedge scanner. */
#ifndef QRRECV_H
#define QRRECV_H

#include "core/kind.h"

struct tui;

/* Open the screen; the bundle it completes is imported into the store. */
void qrrecv_open(struct tui *);
/* The same, with the signature of a home menu entry (the kind is unused). */
void qrrecv_open_home(struct tui *, const struct kind *);

#endif
