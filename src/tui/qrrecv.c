/* The QR receive screen: a keyboard-wedge scanner types each frame and
 * Enter; the frames rebuild bundles, several at once, each imported as soon
 * as it is complete. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/qrframe.h"
#include "core/exchange.h"
#include "tui.h"
#include "tui/qrrecv.h"

#define RECV_LINE_MAX 8192

/* What the screen holds: the reader, the line being typed, the outcomes. */
struct qrrecv {
	struct qr_reader *r;
	struct buf line;
	char note[512];		/* about the last frame */
	int note_err;
	char result[QR_BUNDLES][512];	/* after each bundle's import */
	int done[QR_BUNDLES];	/* 1 imported, -1 import refused */
	int last;		/* the bundle imported last, -1: none */
};

/* Import bundle i, just completed, and say what came in. */
static void
qrrecv_import(struct tui *t, struct qrrecv *q, int i)
{
	struct sync_import imp;
	struct xf_err err;
	const unsigned char *p;
	size_t n;

	if (i < 0 || i >= QR_BUNDLES)
		return;
	q->last = i;
	memset(&imp, 0, sizeof imp);
	p = qr_reader_get(q->r, i, &n);
	if (sync_import(t->st, p, n, 0, &imp, &err) != 0) {
		snprintf(q->result[i], sizeof q->result[i], "%s", err.msg);
		q->done[i] = -1;
		return;
	}
	snprintf(q->result[i], sizeof q->result[i], _("Bundle from %s "
	    "imported: %zu record versions, %zu of them new."),
	    imp.sender_name ? imp.sender_name : "?", imp.nversions, imp.added);
	q->done[i] = 1;
	sync_import_clear(&imp);
	tui_refs_reset(t);
	t->gen++;
}

/* Feed the line typed so far to the reader. */
static void
qrrecv_enter(struct tui *t, struct qrrecv *q)
{
	struct xf_err err;
	enum qr_fed fed;
	int seen = qr_reader_count(q->r);

	if (q->line.len == 0)
		return;
	fed = qr_reader_feed(q->r, (const char *)q->line.data, q->line.len,
	    &err);
	q->line.len = 0;
	q->note_err = fed == QR_FED_BAD || fed == QR_FED_JUNK;
	if (fed == QR_FED_BAD)
		snprintf(q->note, sizeof q->note, "%s", err.msg);
	else if (fed == QR_FED_JUNK)
		snprintf(q->note, sizeof q->note, "%s", _("That was not a "
		    "xunfang QR frame: scan the codes on the other screen."));
	else if (fed == QR_FED_REPEAT)
		snprintf(q->note, sizeof q->note, "%s", _("That frame was "
		    "already read: go on with the others."));
	else if (seen > 0 && qr_reader_count(q->r) > seen) {
		char id[9];

		qr_reader_id(q->r, id);
		snprintf(q->note, sizeof q->note, _("That frame is of another "
		    "bundle (%s): its frames are collected apart."), id);
	} else
		q->note[0] = '\0';
	if (fed == QR_FED_COMPLETE)
		qrrecv_import(t, q, qr_reader_current(q->r));
}

/* Put wrapped text from row y; returns the next free row. */
static int
qrrecv_text(struct tui *t, int y, const char *s, enum tui_attr a)
{
	char **lines;
	int n = tui_wrap(s, t->cols - 2, &lines), bottom = tui_body_top(t) +
	    tui_body_rows(t);

	if (a)
		attrset(tui_attr(t, a));
	for (int i = 0; i < n && y < bottom; i++)
		tui_put(t, y++, 1, lines[i], t->cols - 2);
	attrset(A_NORMAL);
	tui_lines_free(lines, n);
	return y + 1;
}

/* The progress line with a bar, and the frames still missing. */
static int
qrrecv_progress(struct tui *t, struct qrrecv *q, int y)
{
	struct buf b = {0}, miss = {0};
	int have, need, barw = t->cols / 3;
	char id[9];

	qr_reader_progress(q->r, &have, &need);
	qr_reader_id(q->r, id);
	if (need == 0)
		return qrrecv_text(t, y, _("Waiting for the first frame."), 0);
	if (qr_reader_current(q->r) == q->last && have == need)
		return y;	/* its outcome is shown below */
	buf_addf(&b, _("Bundle %s: %d of %d frames "), id, have, need);
	buf_addc(&b, '[');
	for (int i = 0; i < barw; i++)
		buf_adds(&b, i * need < have * barw ? "#" : "-");
	buf_addc(&b, ']');
	y = qrrecv_text(t, y, buf_str(&b), 0);
	qr_reader_missing(q->r, &miss);
	if (miss.len > 0) {
		b.len = 0;
		buf_addf(&b, _("Missing frames %s (any %d more will do)."),
		    buf_str(&miss), need - have);
		y = qrrecv_text(t, y, buf_str(&b), 0);
	}
	buf_free(&b);
	buf_free(&miss);
	return y;
}

/* A line for every bundle but the current one: done, or how far. */
static int
qrrecv_others(struct tui *t, struct qrrecv *q, int y)
{
	for (int i = 0; i < qr_reader_count(q->r) && i < QR_BUNDLES; i++) {
		struct qr_status st;
		char *line;

		if (i == qr_reader_current(q->r) && q->done[i] == 0)
			continue;
		qr_reader_status(q->r, i, &st);
		if (q->done[i] != 0) {
			y = qrrecv_text(t, y, q->result[i], q->done[i] > 0 ?
			    TA_OK : TA_ERROR);
			continue;
		}
		line = xasprintf(_("Bundle %s: %d of %d frames, not complete; "
		    "it goes on when its codes are shown."), st.id, st.have,
		    st.need);
		y = qrrecv_text(t, y, line, 0);
		free(line);
	}
	return y;
}

/* Draw the instructions, progress, missing frames and outcome. */
static void
qrrecv_draw(struct tui *t, struct screen *s)
{
	struct qrrecv *q = s->data;
	int y = tui_body_top(t);

	tui_title(t, _("Receive a bundle by QR codes"));
	y = qrrecv_text(t, y, _("Scan the QR codes shown or printed on the "
	    "other computer, in any order; the scanner ends each with "
	    "Enter."), 0);
	y = qrrecv_progress(t, q, y);
	if (q->line.len > 0) {
		char *typing = xasprintf(_("Reading a frame: %zu characters"),
		    q->line.len);

		y = qrrecv_text(t, y, typing, 0);
		free(typing);
	}
	if (q->note[0] != '\0')
		y = qrrecv_text(t, y, q->note, q->note_err ? TA_ERROR : 0);
	qrrecv_others(t, q, y);
}

/* Collect the characters of a frame; Enter feeds it to the reader. */
static int
qrrecv_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct qrrecv *q = s->data;

	if ((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER)) {
		qrrecv_enter(t, q);
		return TUI_REDRAW;
	}
	if (!k.fn && k.code == 27)
		return TUI_CLOSE;
	if (!k.fn && k.code >= 0x20 && k.code < 0x7f) {
		if (q->line.len < RECV_LINE_MAX)
			buf_addc(&q->line, (unsigned char)k.code);
		return TUI_REDRAW;
	}
	if (!k.fn && (k.code == 127 || k.code == 8)) {
		q->line.len -= q->line.len > 0;
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

/* Free the reader and the line being typed. */
static void
qrrecv_free(struct screen *s)
{
	struct qrrecv *q = s->data;

	qr_reader_free(q->r);
	buf_free(&q->line);
	free(q);
}

static const struct screen_ops qrrecv_screen = {
	.name = "qrrecv",
	.title = N_("Receive a bundle by QR codes"),
	.help = N_("Connect a QR scanner that types like a keyboard, then "
	    "scan the codes the other computer shows (xunfang qr show) or "
	    "printed (xunfang qr png). Frames may come in any order and "
	    "twice; a damaged frame is named and skipped. Frames of several "
	    "bundles are collected apart; once enough frames of one are in, "
	    "it is checked and imported."),
	.keys = N_("Esc back  F10 quit"),
	.draw = qrrecv_draw,
	.key = qrrecv_key,
	.free = qrrecv_free,
};

/* Open the receive screen over the current one. */
void
qrrecv_open(struct tui *t)
{
	struct qrrecv *q = xcalloc(1, sizeof *q);

	q->r = qr_reader_new();
	q->last = -1;
	tui_push(t, &qrrecv_screen, q);
}

/* Open the receive screen from the home menu. */
void
qrrecv_open_home(struct tui *t, const struct kind *k)
{
	(void)k;
	qrrecv_open(t);
}
