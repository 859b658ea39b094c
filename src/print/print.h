/*
 * Printing: plaques and QR frames drawn with cairo and laid out with
 * pango, as PNG pictures and A4 PDF sheets. Built only when configure found
 * pangocairo (HAVE_PANGOCAIRO); the core knows nothing of drawing.
 */
#ifndef PRINT_H
#define PRINT_H

#include "core/xf.h"

#define PRINT_DPI 300
#define PRINT_PLAQUE_W_MM 100.0
#define PRINT_PLAQUE_H_MM 140.0

/* What one plaque shows. */
struct print_plaque {
	const char *payload;	/* the QR code's text */
	const char *code;	/* the short code */
	const char *name;	/* the checkpoint's name */
	const char *village;	/* its village, "" if none */
	const char *type;	/* 卡口 or 必巡点 */
	unsigned serial;
};

/* One sheet group of a PDF: the plaques of one village, four to an A4
 * page, a village always starting a page. */
struct print_group {
	const struct print_plaque *p;
	int n;
};

/* The plaque as a PNG at PRINT_DPI (its pHYs chunk says so). */
int print_plaque_png(const struct print_plaque *, struct buf *out,
    struct xf_err *);
/* An A4 PDF of the groups, each starting a new page. */
int print_plaques_pdf(const struct print_group *, int ngroups,
    struct buf *out, struct xf_err *);

/* A QR code to print: its dark modules, width x width row by row, and
 * the label under it ("3/12"). */
struct print_qr {
	const unsigned char *dark;
	int width;
	const char *label;
};

/* One code as a PNG at PRINT_DPI: module pixels a module, quiet modules
 * of white around it. */
int print_qr_png(const struct print_qr *, int module, int quiet,
    struct buf *out, struct xf_err *);
/* n codes of one size in a grid of cols, each over its label, as one
 * PNG at PRINT_DPI. */
int print_qr_sheet_png(const struct print_qr *, int n, int cols, int module,
    int quiet, struct buf *out, struct xf_err *);
/* All n codes as an A4 PDF, twelve a page under a heading, each over its
 * label, for a station clerk to print. */
int print_qr_pdf(const struct print_qr *, int n, const char *heading,
    struct buf *out, struct xf_err *);

/* Let the libraries drop their font caches, once printing is over, so
 * that a leak checker sees only what is the program's. */
void print_done(void);

#endif
