/*
 * The generic list view of a kind: virtual scrolling (only visible rows
 * are formatted), sort by column, filter by a choice, and incremental
 * search over a lowered copy of each row's text built once. The records
 * are read a page at a time, the last changed first: the screen and a
 * search answer at once over what is read, and the rest comes in steps
 * while no key waits.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define LIST_COLS_MAX 6
#define ID_COLS 10
#define FIRST_PAGE 100		/* records read before the first screen */
#define PAGE 2000		/* records read in one step after it */
#define STEP_MS 40		/* reading done in one idle moment */

struct list {
	const struct kind *k;
	struct rec_list l;
	size_t *order;		/* all rows in sort order */
	size_t *idx;		/* rows shown: order filtered */
	size_t nidx, sel, top;
	int col[LIST_COLS_MAX], ncol;
	int sort_field, sort_rev;
	int filter_field;	/* a choice field, or -1 */
	const char *filter_code;
	struct buf hay;		/* lowered text of the rows, NUL-separated */
	size_t *hoff, nhay;	/* where each row's starts; rows in it */
	struct rec_page page;	/* the reading, while partial */
	struct tedit q;
	char *applied;		/* the search the shown rows match */
	int searching;
	int partial;		/* only the last-changed records so far */
	unsigned gen;
};

/* Whether a field's canonical values compare as numbers. */
static int
numeric(const struct field *f)
{
	return f->type == FT_TIME || f->type == FT_INT;
}

/* Compare two canonical values of a field; empty values go last. */
static int
val_cmp(const struct field *f, const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	if (numeric(f) && (la = strlen(a)) != (lb = strlen(b)))
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* qsort_r comparator over row indexes. */
static int
row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct list *v = arg;
	const struct record *a = &v->l.rows[*(const size_t *)pa];
	const struct record *b = &v->l.rows[*(const size_t *)pb];
	int c;

	if (v->sort_field < 0)
		c = memcmp(a->rid, b->rid, RID_LEN);
	else
		c = val_cmp(&v->k->fields[v->sort_field],
		    a->val[v->sort_field], b->val[v->sort_field]);
	if (c == 0)
		c = memcmp(a->rid, b->rid, RID_LEN);
	return v->sort_rev ? -c : c;
}

/* Whether a row passes the choice filter and the applied search. */
static int
row_keep(const struct list *v, size_t r)
{
	const char *val;

	if (v->l.rows[r].tomb)	/* deleted, known once every page is read */
		return 0;
	if (v->filter_field >= 0) {
		val = v->l.rows[r].val[v->filter_field];
		if (val == NULL || strcmp(val, v->filter_code) != 0)
			return 0;
	}
	if (v->applied == NULL || v->applied[0] == '\0')
		return 1;
	return r < v->nhay && strstr((char *)v->hay.data + v->hoff[r],
	    v->applied) != NULL;
}

/* Rebuild the shown rows from src (order, or the shown rows themselves
 * when the search only grew), keeping the selection near. */
static void
refilter(struct list *v, const size_t *src, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (row_keep(v, src[i]))
			v->idx[m++] = src[i];
	v->nidx = m;
	if (v->sel >= m)
		v->sel = m ? m - 1 : 0;
	if (v->top > v->sel)
		v->top = v->sel;
}

/* Radix sort of (key, row) pairs by key, stable, 16 bits a pass. */
static void
radix_sort(uint64_t (*kv)[2], uint64_t (*tmp)[2], size_t n)
{
	size_t *count = xcalloc(65536, sizeof *count);

	for (int shift = 0; shift < 64; shift += 16) {
		size_t sum = 0;

		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(kv[i][0] >> shift) & 0xFFFF]++;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(kv[i][0] >> shift) & 0xFFFF]++;

			tmp[at][0] = kv[i][0];
			tmp[at][1] = kv[i][1];
		}
		memcpy(kv, tmp, n * sizeof *kv);
	}
	free(count);
}

/* Sort by a time or number field: keys read once, then a radix sort;
 * empty values go last either way. */
static void
sort_numeric(struct list *v)
{
	uint64_t (*kv)[2] = xreallocarray(NULL, v->l.n + 1, sizeof *kv);
	uint64_t (*tmp)[2] = xreallocarray(NULL, v->l.n + 1, sizeof *tmp);
	size_t n = v->l.n;

	for (size_t i = 0; i < n; i++) {
		const char *s = v->l.rows[i].val[v->sort_field];

		kv[i][0] = s == NULL ? (v->sort_rev ? 0 : UINT64_MAX) :
		    (uint64_t)strtoll(s, NULL, 10) ^ (1ULL << 63);
		kv[i][1] = i;
	}
	radix_sort(kv, tmp, n);
	for (size_t i = 0; i < n; i++)
		v->order[v->sort_rev ? n - 1 - i : i] = (size_t)kv[i][1];
	free(kv);
	free(tmp);
}

/* Sort all rows and show them through the filters again. */
static void
resort(struct list *v)
{
	if (v->sort_field >= 0 && numeric(&v->k->fields[v->sort_field]))
		sort_numeric(v);
	else {
		for (size_t i = 0; i < v->l.n; i++)
			v->order[i] = i;
		qsort_r(v->order, v->l.n, sizeof *v->order, row_cmp, v);
	}
	refilter(v, v->order, v->l.n);
}

/* Append a row's searchable text: typed text and list items as stored,
 * choices by their labels, references by their names. */
static void
hay_row(struct tui *t, struct list *v, const struct record *r,
    struct buf *b)
{
	for (int i = 0; i < v->k->nfields; i++) {
		const struct field *f = &v->k->fields[i];

		if (r->val[i] == NULL || f->type == FT_TIME)
			continue;
		if (f->type == FT_CHOICE || f->type == FT_REF)
			tui_format(t, f, r->val[i], b);
		else
			buf_adds(b, r->val[i]);
		buf_addc(b, '\x1f');
	}
}

/* Add the lowered search text of the rows read since it was built. */
static void
hay_build(struct tui *t, struct list *v)
{
	if (v->nhay == v->l.n)
		return;
	v->hoff = xreallocarray(v->hoff, v->l.n + 1, sizeof *v->hoff);
	for (; v->nhay < v->l.n; v->nhay++) {
		size_t from = v->hay.len;

		v->hoff[v->nhay] = from;
		hay_row(t, v, &v->l.rows[v->nhay], &v->hay);
		buf_addc(&v->hay, '\0');
		for (size_t i = from; i < v->hay.len; i++)
			v->hay.data[i] = (unsigned char)tolower(
			    v->hay.data[i]);
	}
}

/* The rows dropped[] (ascending) are gone and the others moved up: so
 * do their places in the search text (theirs stays, unused). */
static void
hay_compact(struct list *v, const size_t *dropped, size_t n)
{
	size_t m = 0, d = 0;

	for (size_t i = 0; i < v->nhay; i++) {
		if (d < n && dropped[d] == i) {
			d++;
			continue;
		}
		v->hoff[m++] = v->hoff[i];
	}
	v->nhay = m;
}

/* Forget the search text (the rows moved). */
static void
hay_drop(struct list *v)
{
	buf_free(&v->hay);
	free(v->hoff);
	v->hoff = NULL;
	v->nhay = 0;
}

/* Apply the search text: narrow the shown rows as it grows. */
void
list_search(struct tui *t, struct list *v, const char *query)
{
	char *q = xstrdup(query);
	int grew;

	for (char *p = q; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	hay_build(t, v);
	grew = v->applied != NULL && strncmp(q, v->applied,
	    strlen(v->applied)) == 0;
	free(v->applied);
	v->applied = q;
	if (grew)
		refilter(v, v->idx, v->nidx);
	else
		refilter(v, v->order, v->l.n);
}

/* Rows shown after filters and search. */
size_t
list_shown(const struct list *v)
{
	return v->nidx;
}

/* The columns: the kind's F_COLUMN fields. */
static void
list_columns(struct list *v)
{
	for (int i = 0; i < v->k->nfields && v->ncol < LIST_COLS_MAX; i++)
		if (v->k->fields[i].flags & F_COLUMN)
			v->col[v->ncol++] = i;
}

/* Room for the sort and filter indexes of every loaded row. */
static void
index_rows(struct list *v)
{
	v->order = xreallocarray(v->order, v->l.n + 1, sizeof *v->order);
	v->idx = xreallocarray(v->idx, v->l.n + 1, sizeof *v->idx);
}

/*
 * Load the current records of a kind, newest first. The screen opens on
 * the last-changed records at once; the rest is read a page at a time
 * while the keyboard is idle, or at once before a key that needs every
 * row (sorting, a filter).
 */
struct list *
list_load(struct tui *t, const struct kind *k, struct xf_err *err)
{
	struct list *v = xcalloc(1, sizeof *v);
	int rc;

	v->k = k;
	v->gen = t->gen;
	v->filter_field = -1;
	record_page_init(&v->page, k, &v->l);
	if ((rc = record_page_next(t->st, &v->page, FIRST_PAGE, err)) < 0) {
		record_page_free(&v->page);
		rec_list_free(&v->l);
		free(v);
		return NULL;
	}
	v->partial = rc == 0;
	index_rows(v);
	v->sort_field = kind_when_field(k);
	v->sort_rev = v->sort_field >= 0;
	list_columns(v);
	tedit_set(&v->q, "");
	resort(v);
	return v;
}

/* Read one more page: its rows go after those shown, in the order read,
 * and those that pass the filters and the search are shown at once.
 * Once the last is read every row is sorted again, the selection kept
 * on its record. */
static void
list_step(struct tui *t, struct list *v)
{
	size_t from = v->l.n, sel_row = v->nidx ? v->idx[v->sel] : SIZE_MAX;
	unsigned char sel[RID_LEN];
	struct xf_err err;
	int rc;

	if (!v->partial)
		return;
	if (sel_row != SIZE_MAX)
		memcpy(sel, v->l.rows[sel_row].rid, RID_LEN);
	rc = record_page_next(t->st, &v->page, PAGE, &err);
	if (rc < 0) {
		v->partial = 0;
		record_page_free(&v->page);
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	index_rows(v);
	if (rc == 0) {
		if (v->nhay > 0 || (v->applied && v->applied[0]))
			hay_build(t, v);
		for (size_t i = from; i < v->l.n; i++) {
			v->order[i] = i;
			if (row_keep(v, i))
				v->idx[v->nidx++] = i;
		}
		return;
	}
	v->partial = 0;
	if (v->page.moved || v->page.changed)
		hay_drop(v);
	else
		hay_compact(v, v->page.dropped, v->page.ndropped);
	record_page_free(&v->page);
	if (v->nhay > 0 || (v->applied && v->applied[0]))
		hay_build(t, v);
	resort(v);
	for (size_t i = 0; sel_row != SIZE_MAX && i < v->nidx; i++)
		if (memcmp(v->l.rows[v->idx[i]].rid, sel, RID_LEN) == 0) {
			v->sel = i;
			break;
		}
}

/* Read every page left, for a key that needs every row. */
static void
list_complete(struct tui *t, struct list *v)
{
	while (v->partial)
		list_step(t, v);
}

/* Columns a field wants: fixed for times, dates and choices; 0 for
 * text and names, which share what is left. */
static int
want_width(struct tui *t, const struct field *f)
{
	int w = 0;

	if (f->type == FT_TIME)
		return 17;
	if (f->type == FT_DATE)
		return 11;
	if (f->type != FT_CHOICE)
		return 0;
	for (const struct choice *c = f->choices; c->code; c++) {
		int cw = utf8_width(tui_choice_label(t, f, c->code));

		w = cw > w ? cw : w;
	}
	w = w + 1 > 15 ? 15 : w + 1;
	return w < utf8_width(tui_field_label(t, f)) + 3 ?
	    utf8_width(tui_field_label(t, f)) + 3 : w;
}

/* Width of column c in w columns. */
static int
col_width(struct tui *t, const struct list *v, int w, int c)
{
	int fixed = 0, flex = 0, want;

	for (int i = 0; i < v->ncol; i++) {
		want = want_width(t, &v->k->fields[v->col[i]]);
		fixed += want;
		flex += want == 0;
	}
	want = want_width(t, &v->k->fields[v->col[c]]);
	if (fixed + flex * 8 > w)
		return w / v->ncol;
	if (want > 0)
		return want;
	return (w - fixed) / flex;
}

/* Draw the header: id and the labels, the sorted one marked. */
static void
draw_header(struct tui *t, struct list *v, int y)
{
	int x = ID_COLS, w = t->cols - ID_COLS;

	attrset(tui_attr(t, TA_LABEL) | A_UNDERLINE);
	tui_put_fit(t, y, 0, _("ID"), ID_COLS);
	for (int c = 0; c < v->ncol; c++) {
		int cw = col_width(t, v, w, c);
		const struct field *f = &v->k->fields[v->col[c]];
		char *s = xasprintf("%s%s", tui_field_label(t, f),
		    v->col[c] == v->sort_field ? (v->sort_rev ? " ▼" : " ▲") :
		    "");

		tui_put_fit(t, y, x, s, cw);
		free(s);
		x += cw;
	}
	attrset(A_NORMAL);
}

/* Draw one record as a line of columns. */
static void
draw_row(struct tui *t, struct list *v, const struct record *r, int y)
{
	int x = ID_COLS, w = t->cols - ID_COLS;
	char hex[33];

	record_id_hex(r->rid, hex);
	hex[8] = '\0';
	tui_put_fit(t, y, 0, r->nheads > 1 ? "!" : " ", 1);
	tui_put_fit(t, y, 1, hex, ID_COLS - 1);
	for (int c = 0; c < v->ncol; c++) {
		int cw = col_width(t, v, w, c);
		struct buf b = {0};
		char *nl;

		tui_format(t, &v->k->fields[v->col[c]], r->val[v->col[c]], &b);
		buf_str(&b);
		if ((nl = strchr((char *)b.data, '\n')) != NULL)
			*nl = '\0';
		tui_put_fit(t, y, x, (char *)b.data, cw - 1);
		buf_free(&b);
		x += cw;
	}
}

/* The status line: counts, the filter, the search being typed. */
static void
draw_status(struct tui *t, struct list *v)
{
	char *s;
	int y = t->rows - 2;

	if (v->searching) {
		/* While pages are still read, say so: what shows is what
		 * matched so far. */
		const char *more = v->partial ? _("still reading…") : "";
		int mw = more[0] ? utf8_width(more) + 1 : 0;

		if (mw > t->cols / 2)
			mw = 0;
		tui_put(t, y, 0, "/", 1);
		tedit_draw(t, &v->q, y, 1, t->cols - 1 - mw, 1);
		if (mw > 0) {
			attrset(tui_attr(t, TA_LABEL));
			tui_put_fit(t, y, t->cols - mw + 1, more, mw - 1);
			attrset(A_NORMAL);
		}
		return;
	}
	s = v->partial ? xasprintf(_("the %zu newest records; loading the "
	    "rest…"), v->nidx) : xasprintf(_("%zu of %zu records"), v->nidx,
	    v->l.n);
	attrset(tui_attr(t, TA_LABEL));
	tui_put_fit(t, y, 0, s, t->cols);
	attrset(A_NORMAL);
	free(s);
}

/* Draw the list: only the rows that fit are formatted. */
static void
list_draw(struct tui *t, struct screen *s)
{
	struct list *v = s->data;
	int y0 = tui_body_top(t) + 1, rows = tui_body_rows(t) - 1;

	tui_title(t, tui_kind_label(t, v->k));
	draw_header(t, v, y0 - 1);
	if (rows < 1)
		rows = 1;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)rows)
		v->top = v->sel - (size_t)rows + 1;
	for (int i = 0; i < rows && v->top + (size_t)i < v->nidx; i++) {
		size_t r = v->idx[v->top + (size_t)i];

		attrset(v->top + (size_t)i == v->sel ?
		    tui_attr(t, TA_SELECT) : 0);
		draw_row(t, v, &v->l.rows[r], y0 + i);
		attrset(A_NORMAL);
	}
	if (v->nidx == 0)
		tui_put(t, y0, 2, _("No records. Press n to add one."),
		    t->cols - 2);
	if (t->msg[0] == '\0')
		draw_status(t, v);
}

/* Keys while typing a search: each key narrows the rows at once. */
static int
search_key(struct tui *t, struct list *v, struct tui_key k)
{
	if (!k.fn && (k.code == '\r' || k.code == '\n')) {
		v->searching = 0;
		return TUI_REDRAW;
	}
	if (!k.fn && k.code == 27) {
		v->searching = 0;
		tedit_set(&v->q, "");
		list_search(t, v, "");
		return TUI_REDRAW;
	}
	if (tedit_key(&v->q, k))
		list_search(t, v, tedit_str(&v->q));
	return TUI_REDRAW;
}

/* Sort by the next column (s), or turn the order round (S). */
static void
sort_next(struct list *v, int reverse)
{
	int at = -1;

	if (reverse)
		v->sort_rev = !v->sort_rev;
	else {
		for (int c = 0; c < v->ncol; c++)
			if (v->col[c] == v->sort_field)
				at = c;
		v->sort_field = at + 1 < v->ncol ? v->col[at + 1] : -1;
		v->sort_rev = 0;
	}
	resort(v);
}

struct filter_opt {
	int field;
	const char *code;
};

/* The choice filter picked: -1 field clears it. */
static void
filter_done(struct tui *t, void *arg, size_t i)
{
	struct list *v = t->top->below->data;
	struct filter_opt *o = arg;

	v->filter_field = o[i].field;
	v->filter_code = o[i].code;
	refilter(v, v->order, v->l.n);
}

/* Offer "all" and every value of the kind's choice columns. */
static void
filter_pick(struct tui *t, struct list *v)
{
	struct filter_opt *o = xcalloc(64, sizeof *o);
	char **labels = xcalloc(64, sizeof *labels);
	size_t n = 0;

	o[n].field = -1;
	labels[n++] = xstrdup(_("All records"));
	for (int c = 0; c < v->ncol; c++) {
		const struct field *f = &v->k->fields[v->col[c]];

		for (const struct choice *ch = f->choices;
		    f->type == FT_CHOICE && ch->code && n < 64; ch++) {
			o[n].field = v->col[c];
			o[n].code = ch->code;
			labels[n++] = xasprintf("%s: %s", tui_field_label(t, f),
			    tui_choice_label(t, f, ch->code));
		}
	}
	pick_open(t, _("Show only"), labels, n, filter_done, o, free);
}

/* Keys of the list. */
static int
list_key(struct tui *t, struct screen *s, struct tui_key k)
{
	struct list *v = s->data;

	if (v->searching)
		return search_key(t, v, k);
	if (tui_nav(k, &v->sel, v->nidx, tui_body_rows(t) - 1))
		return TUI_REDRAW;
	if (((!k.fn && (k.code == '\r' || k.code == '\n')) ||
	    (k.fn && k.code == KEY_ENTER)) && v->nidx > 0) {
		detail_open(t, v->k, v->l.rows[v->idx[v->sel]].rid);
		return TUI_REDRAW;
	}
	if ((!k.fn && k.code == L'/') || (k.fn && k.code == KEY_F(3))) {
		v->searching = 1;
		return TUI_REDRAW;
	}
	if ((k.fn && k.code == KEY_F(4)) || (!k.fn && (k.code == L's' ||
	    k.code == L'S' || k.code == L'f')))
		list_complete(t, v);	/* these need every row */
	if (k.fn && k.code == KEY_F(4))
		return filter_pick(t, v), TUI_REDRAW;
	if (k.fn)
		return TUI_UNHANDLED;
	if (k.code == L'n')
		return form_new_record(t, v->k), TUI_REDRAW;
	if (k.code == L's' || k.code == L'S')
		return sort_next(v, k.code == L'S'), TUI_REDRAW;
	if (k.code == L'f')
		return filter_pick(t, v), TUI_REDRAW;
	return TUI_UNHANDLED;
}

/* Free everything the list holds. */
static void
list_destroy(struct list *v)
{
	rec_list_free(&v->l);
	free(v->order);
	free(v->idx);
	record_page_free(&v->page);
	hay_drop(v);
	free(v->applied);
	tedit_free(&v->q);
	free(v);
}

/* Screen callback: free the list. */
static void
list_free(struct screen *s)
{
	list_destroy(s->data);
}

/* Reload when records were written since the list was loaded. */
static void
list_reveal(struct tui *t, struct screen *s)
{
	struct list *v = s->data, *nv;
	struct xf_err err;

	if (v->gen == t->gen)
		return;
	if ((nv = list_load(t, v->k, &err)) == NULL) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	nv->sort_field = v->sort_field;
	nv->sort_rev = v->sort_rev;
	nv->filter_field = v->filter_field;
	nv->filter_code = v->filter_code;
	resort(nv);
	if (v->applied != NULL && v->applied[0] != '\0') {
		tedit_set(&nv->q, v->applied);
		list_search(t, nv, v->applied);
	}
	list_destroy(v);
	s->data = nv;
}

/* Idle: read the rest of the records for STEP_MS at most, and ask to
 * be called again while any is left; then build the search text. */
static void
list_idle(struct tui *t, struct screen *s)
{
	struct list *v = s->data;
	double until = time_mono() + STEP_MS / 1000.0;

	while (v->partial && time_mono() < until)
		list_step(t, v);
	if (v->partial)
		t->busy = 1;
	else
		hay_build(t, v);
}

static const struct screen_ops list_screen = {
	.name = "list",
	.title = N_("List"),
	.help = N_("The records of one kind, newest first.\n\n"
	    "Up/Down or j/k move, PgUp/PgDn page, g/G first and last.\n"
	    "Enter opens the record; n adds a new one.\n"
	    "/ (or F3) searches as you type; Enter keeps the search, Esc "
	    "clears it.\n"
	    "s sorts by the next column, S turns the order round.\n"
	    "f (or F4) shows only one value of a column, such as a risk "
	    "colour.\n"
	    "! before the id marks a record in conflict."),
	.keys = N_("Enter open  n new  / search  s sort  f filter  ? help  "
	    "q back"),
	.draw = list_draw,
	.key = list_key,
	.reveal = list_reveal,
	.idle = list_idle,
	.free = list_free,
};

/* Put a loaded list on the screen. */
void
list_push(struct tui *t, struct list *v)
{
	tui_push(t, &list_screen, v);
}

/* Open the list of a kind. */
void
list_open(struct tui *t, const struct kind *k)
{
	struct xf_err err;
	struct list *v = list_load(t, k, &err);

	if (v == NULL)
		tui_message(t, 1, "%s", err.msg);
	else
		list_push(t, v);
}
