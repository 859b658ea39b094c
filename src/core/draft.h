/*
 * Drafts: what an open form holds, kept in the store as it is typed, so
 * that no way out of the program loses it (a quit, a lock, a killed
 * terminal, a power cut). Each is sealed with its account's own key and
 * offered back to that account only, until its form is saved or thrown
 * away on purpose.
 */
#ifndef DRAFT_H
#define DRAFT_H

#include "store.h"

struct draft {
	int64_t id;		/* 0 until first kept */
	int kind;
	int has_rid;		/* an edit of this record, else a new one */
	unsigned char rid[RID_LEN];
	int64_t saved;		/* when it was last kept */
	int n;			/* the form's fields: typed text, or the */
	char **vals;		/* canonical value of a picked one */
	int item_field;		/* the list field whose item form is open, */
	int item_editing;	/* its item (-1 a new one), */
	int nitem;		/* and that form's fields; -1 none */
	char **item;
};

/* Keep a draft (d->id set the first time). */
int draft_save(struct store *, struct draft *, struct xf_err *);
/* This account's drafts, oldest first (free with draft_list_free). */
int draft_list(struct store *, struct draft **, size_t *, struct xf_err *);
void draft_list_free(struct draft *, size_t);
/* The form it belongs to was saved or thrown away. */
int draft_drop(struct store *, int64_t id, struct xf_err *);
void draft_clear(struct draft *);

#endif
