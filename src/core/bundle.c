/*
 * The sync bundle wire format, byte by byte as xunfang-bundle(5) gives it.
 * Only this file knows the layout; every length is checked before use.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "bundle.h"
#include "record.h"
#include "vault-sync.h"

#define MAGIC "XFB"
#define OFF_FLAGS 4
#define OFF_SENDER 5
#define OFF_RECIPIENT 13
#define OFF_SEQ 21
#define OFF_CREATED 29
#define OFF_SEALED 37
#define OFF_COMMIT (OFF_SEALED + VSYNC_SEALED_KEY_LEN)
#define PAYLOAD_FORMAT 3
#define ITEM_END 0
#define ITEM_VERSION 1
#define ITEM_REVOKED 2
#define ITEM_AUDIT 3
#define ITEM_AUDIT_ACK 4
#define ITEM_SENDER 5
#define ITEM_FIRST 6		/* a first version, its id left out (format 3) */
/* Flags of the sender item: a restricted key follows; a vouch ends it. */
#define SENDER_RKEY 1
#define SENDER_VOUCH 2
#define CHUNK_CT (BUNDLE_CHUNK + VSYNC_STREAM_ABYTES)
#define MIN_LEN (BUNDLE_HDR_LEN + VSYNC_STREAM_HEADER_LEN + \
	VSYNC_STREAM_ABYTES + VSYNC_SIG_LEN)

/* Append the manifest: ids, sequence, flags, rows covered, ack. */
void
bundle_manifest_put(struct buf *b, const struct bundle_manifest *m)
{
	buf_addc(b, PAYLOAD_FORMAT);
	buf_add(b, m->sender, VAULT_KEYID_LEN);
	buf_add(b, m->recipient, VAULT_KEYID_LEN);
	buf_add_u64be(b, m->seq);
	buf_addc(b, (unsigned char)m->flags);
	buf_add_varint(b, m->from);
	buf_add_varint(b, m->to);
	buf_add_varint(b, m->ack);
}

/* Is v a record's first version, its id the one record_first_vid gives? */
static int
first_version(const struct version *v)
{
	unsigned char vid[VID_LEN];

	if (v->nparents != 0)
		return 0;
	record_first_vid(v->rid, vid);
	return memcmp(vid, v->vid, VID_LEN) == 0;
}

/* Append a version item: clear metadata, then the plain body. A first
 * version whose id derives from its record id goes without that id and
 * its parent count. */
void
bundle_version_put(struct buf *b, const struct version *v,
    const unsigned char *body, size_t len)
{
	int first = first_version(v);

	buf_addc(b, first ? ITEM_FIRST : ITEM_VERSION);
	buf_add(b, v->rid, RID_LEN);
	if (!first)
		buf_add(b, v->vid, VID_LEN);
	buf_addc(b, (unsigned char)v->kind);
	buf_add_u64be(b, v->hlc);
	buf_add(b, v->device, VAULT_KEYID_LEN);
	buf_add(b, v->author, UID_LEN);
	buf_addc(b, (unsigned char)v->tomb);
	if (!first) {
		buf_addc(b, (unsigned char)v->nparents);
		buf_add(b, v->parents, (size_t)v->nparents * VID_LEN);
	}
	buf_add_varint(b, len);
	buf_add(b, body, len);
}

/* Append a revocation item. */
void
bundle_revoked_put(struct buf *b, const unsigned char *keyid, int64_t at)
{
	buf_addc(b, ITEM_REVOKED);
	buf_add(b, keyid, VAULT_KEYID_LEN);
	buf_add_u64be(b, (uint64_t)at);
}

/* A device's audit entries, as audit_export wrote them. */
void
bundle_audit_put(struct buf *b, const unsigned char *p, size_t len)
{
	buf_addc(b, ITEM_AUDIT);
	buf_add_varint(b, len);
	buf_add(b, p, len);
}

/* A station's count of the recipient's audit entries it holds. */
void
bundle_audit_ack_put(struct buf *b, uint64_t n)
{
	buf_addc(b, ITEM_AUDIT_ACK);
	buf_add_u64be(b, n);
}

/* The sender's restricted key and accounts, signed with the bundle, and
 * an officer's vouch for them if one was made. */
void
bundle_sender_put(struct buf *b, const unsigned char *rkey,
    const unsigned char *accounts, size_t n, const unsigned char *vouch)
{
	buf_addc(b, ITEM_SENDER);
	buf_addc(b, (rkey != NULL ? SENDER_RKEY : 0) |
	    (vouch != NULL ? SENDER_VOUCH : 0));
	if (rkey != NULL)
		buf_add(b, rkey, 32);
	buf_add_varint(b, n);
	buf_add(b, accounts, n * BUNDLE_ACCOUNT_LEN);
	if (vouch != NULL)
		buf_add(b, vouch, 32);
}

/* What a vouch covers: this bundle's ids and number, the restricted key
 * told and the accounts with their roles. */
void
bundle_vouch_msg(struct buf *out, const struct bundle_manifest *m,
    const unsigned char *rkey, const unsigned char *accounts, size_t n)
{
	buf_add(out, "xunfang accounts", 17);
	buf_add(out, m->sender, VAULT_KEYID_LEN);
	buf_add(out, m->recipient, VAULT_KEYID_LEN);
	buf_add_u64be(out, m->seq);
	buf_addc(out, rkey != NULL);
	if (rkey != NULL)
		buf_add(out, rkey, 32);
	buf_add_varint(out, n);
	buf_add(out, accounts, n * BUNDLE_ACCOUNT_LEN);
}

/* Append the end item and the item counts. */
void
bundle_end_put(struct buf *b, uint64_t nversions, uint64_t nrevoked)
{
	buf_addc(b, ITEM_END);
	buf_add_varint(b, nversions);
	buf_add_varint(b, nrevoked);
}

/* The clear header with the sealed key; the commitment is added after. */
static void
header_put(unsigned char *h, const struct bundle_hdr *hdr,
    const unsigned char *sealed)
{
	memcpy(h, MAGIC, 3);
	h[3] = BUNDLE_VERSION;
	h[OFF_FLAGS] = (unsigned char)hdr->flags;
	memcpy(h + OFF_SENDER, hdr->sender, VAULT_KEYID_LEN);
	memcpy(h + OFF_RECIPIENT, hdr->recipient, VAULT_KEYID_LEN);
	store_u64be(h + OFF_SEQ, hdr->seq);
	store_u64be(h + OFF_CREATED, (uint64_t)hdr->created);
	memcpy(h + OFF_SEALED, sealed, VSYNC_SEALED_KEY_LEN);
}

/*
 * The payload is compressed the way pigz does it, so that every core helps:
 * it is cut into blocks of 1 MiB; each block is raw-deflated on its own
 * with the last 32 KiB of the block before as preset dictionary and ends
 * with a sync flush (the last one with the final block); the blocks, a
 * zlib header and the Adler-32 of the whole payload make one ordinary
 * zlib stream, whatever the number of threads.
 */
#define WRITER_BLOCK (1u << 20)
#define WRITER_DICT 32768
#define WRITER_MAX_THREADS 4

struct writer_job {
	struct writer_job *next;	/* in the queue */
	struct buf in, out;
	unsigned char dict[WRITER_DICT];
	size_t dictlen;
	int last, done, failed;
};

struct bundle_writer {
	pthread_t threads[WRITER_MAX_THREADS];
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t ready, finished;
	struct writer_job *head, *tail;	/* waiting for a thread */
	struct writer_job **jobs;	/* all, in payload order */
	size_t njobs, cap;
	int stop, level;
	uLong adler;
	struct buf cur;
	unsigned char dict[WRITER_DICT];	/* the payload's last 32 KiB */
	size_t dictlen;
};

/* Raw-deflate one job into its output. */
static void
job_deflate(struct writer_job *j, int level)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, level, Z_DEFLATED, -15, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		j->failed = 1;
		return;
	}
	/* Level 6 searching lazy matches up to 64 bytes: about level 7's
	 * size at level 6's speed on record payloads. */
	if (level == 6)
		deflateTune(&z, 8, 64, 128, 128);
	if (j->dictlen > 0)
		deflateSetDictionary(&z, j->dict, (uInt)j->dictlen);
	j->out.cap = deflateBound(&z, j->in.len) + 64;
	j->out.data = xmalloc(j->out.cap);
	z.next_in = j->in.data;
	z.avail_in = (uInt)j->in.len;
	z.next_out = j->out.data;
	z.avail_out = (uInt)j->out.cap;
	rc = deflate(&z, j->last ? Z_FINISH : Z_SYNC_FLUSH);
	if (rc != (j->last ? Z_STREAM_END : Z_OK) || z.avail_in != 0)
		j->failed = 1;
	j->out.len = j->out.cap - z.avail_out;
	deflateEnd(&z);
	buf_free(&j->in);
}

/* A compressor thread: take jobs until told to stop. */
static void *
writer_main(void *arg)
{
	struct bundle_writer *w = arg;
	struct writer_job *j;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (w->head == NULL && !w->stop)
			pthread_cond_wait(&w->ready, &w->lock);
		j = w->head;
		if (j != NULL && (w->head = j->next) == NULL)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		if (j == NULL)
			return NULL;
		job_deflate(j, w->level);
		pthread_mutex_lock(&w->lock);
		j->done = 1;
		pthread_cond_broadcast(&w->finished);
		pthread_mutex_unlock(&w->lock);
	}
}

/* How many compressor threads: the cores, within limits. */
static int
writer_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > WRITER_MAX_THREADS ? WRITER_MAX_THREADS : (int)n;
}

/* Start the compressor threads; NULL if none can start. */
struct bundle_writer *
bundle_writer_new(int level)
{
	struct bundle_writer *w = xcalloc(1, sizeof *w);
	int want = writer_threads();

	w->level = level;
	w->adler = adler32(0L, Z_NULL, 0);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	pthread_cond_init(&w->finished, NULL);
	while (w->nthreads < want && pthread_create(&w->threads[w->nthreads],
	    NULL, writer_main, w) == 0)
		w->nthreads++;
	if (w->nthreads == 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->ready);
		pthread_cond_destroy(&w->finished);
		free(w);
		return NULL;
	}
	return w;
}

/* Where the caller appends payload bytes. */
struct buf *
bundle_writer_buf(struct bundle_writer *w)
{
	return &w->cur;
}

/* Keep the last 32 KiB of the payload so far, for the next block. */
static void
writer_keep_tail(struct bundle_writer *w, const unsigned char *p, size_t n)
{
	size_t keep;

	if (n >= WRITER_DICT) {
		memcpy(w->dict, p + n - WRITER_DICT, WRITER_DICT);
		w->dictlen = WRITER_DICT;
		return;
	}
	keep = w->dictlen < WRITER_DICT - n ? w->dictlen : WRITER_DICT - n;
	memmove(w->dict, w->dict + w->dictlen - keep, keep);
	if (n > 0)
		memcpy(w->dict + keep, p, n);
	w->dictlen = keep + n;
}

/* Make the current bytes a job, with the previous block's tail as its
 * dictionary, and queue it. */
static void
writer_queue(struct bundle_writer *w, int last)
{
	struct writer_job *j = xcalloc(1, sizeof *j);

	j->in = w->cur;
	j->last = last;
	memset(&w->cur, 0, sizeof w->cur);
	if (j->in.len > 0)
		w->adler = adler32(w->adler, j->in.data, (uInt)j->in.len);
	memcpy(j->dict, w->dict, w->dictlen);
	j->dictlen = w->dictlen;
	writer_keep_tail(w, j->in.data, j->in.len);
	if (w->njobs == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->jobs = xreallocarray(w->jobs, w->cap, sizeof *w->jobs);
	}
	pthread_mutex_lock(&w->lock);
	w->jobs[w->njobs++] = j;
	if (w->tail != NULL)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->ready);
	pthread_mutex_unlock(&w->lock);
}

/* Queue the bytes so far once a block is full. */
void
bundle_writer_push(struct bundle_writer *w)
{
	if (w->cur.len >= WRITER_BLOCK)
		writer_queue(w, 0);
}

/* Wait for every job, stop the threads. */
static void
writer_stop(struct bundle_writer *w)
{
	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < w->njobs; i++)
		while (!w->jobs[i]->done)
			pthread_cond_wait(&w->finished, &w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->ready);
	pthread_mutex_unlock(&w->lock);
	for (int i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->ready);
	pthread_cond_destroy(&w->finished);
}

/* Flush the last block, then join header, blocks and Adler-32. */
int
bundle_writer_finish(struct bundle_writer *w, struct buf *z,
    struct xf_err *err)
{
	unsigned char trailer[4];
	int failed = 0;

	writer_queue(w, 1);
	writer_stop(w);
	memset(z, 0, sizeof *z);
	buf_addc(z, 0x78);
	buf_addc(z, 0x9c);
	for (size_t i = 0; i < w->njobs; i++) {
		failed |= w->jobs[i]->failed;
		buf_add(z, w->jobs[i]->out.data, w->jobs[i]->out.len);
		buf_free(&w->jobs[i]->out);
		buf_free(&w->jobs[i]->in);
		free(w->jobs[i]);
	}
	store_u32be(trailer, (uint32_t)w->adler);
	buf_add(z, trailer, 4);
	free(w->jobs);
	buf_free(&w->cur);
	free(w);
	if (failed)
		return xf_error(err, _("zlib compression failed"));
	return 0;
}

/* Encrypt the compressed payload in chunks; the last is tagged FINAL. */
static void
encrypt_chunks(struct vsync_stream *vs, const unsigned char *hh,
    const struct buf *z, struct buf *out)
{
	unsigned char sshdr[VSYNC_STREAM_HEADER_LEN];
	size_t at = 0;

	vsync_push_init(vs, sshdr);
	buf_add(out, sshdr, sizeof sshdr);
	do {
		size_t n = z->len - at > BUNDLE_CHUNK ? BUNDLE_CHUNK :
		    z->len - at;
		int final = at + n == z->len;

		buf_add(out, NULL, 0);
		if (out->cap < out->len + n + VSYNC_STREAM_ABYTES + 1) {
			out->cap = (out->len + n + VSYNC_STREAM_ABYTES) * 2;
			out->data = xreallocarray(out->data, out->cap, 1);
		}
		vsync_push(vs, z->data + at, n, at == 0 ? hh : NULL,
		    at == 0 ? 32 : 0, final, out->data + out->len);
		out->len += n + VSYNC_STREAM_ABYTES;
		at += n;
	} while (at < z->len);
}

/* Build a whole bundle into out. */
void
bundle_seal(const struct vault *v, const struct bundle_hdr *hdr,
    const unsigned char box_pk[32], const struct buf *z, struct buf *out)
{
	unsigned char sealed[VSYNC_SEALED_KEY_LEN], hh[32];
	unsigned char h[BUNDLE_HDR_LEN], hash[VSYNC_HASH_LEN], sig[VSYNC_SIG_LEN];
	struct vsync_stream *vs;

	vs = vsync_stream_new(box_pk, sealed);
	header_put(h, hdr, sealed);
	vsync_commit(vs, h, OFF_COMMIT, h + OFF_COMMIT);
	vsync_hash_ctx("xunfang-bundle-header", h, sizeof h, hh, sizeof hh);
	out->len = 0;
	buf_add(out, h, sizeof h);
	encrypt_chunks(vs, hh, z, out);
	vsync_stream_free(vs);
	vsync_hash2(out->data, out->len, NULL, 0, hash);
	vsync_sign(v, hash, sig);
	buf_add(out, sig, sizeof sig);
}

/* Whether bytes begin as a bundle does (before any check of them). */
int
bundle_looks_like(const unsigned char *p, size_t len)
{
	return len >= 4 && memcmp(p, MAGIC, 3) == 0;
}

/* Step one: the clear header, checked for shape and version. */
int
bundle_read_header(const unsigned char *p, size_t len, struct bundle_hdr *hdr,
    struct xf_err *err)
{
	memset(hdr, 0, sizeof *hdr);
	if (len < 4 || memcmp(p, MAGIC, 3) != 0)
		return xf_error(err, _("this is not a xunfang sync bundle"));
	hdr->version = p[3];
	if (p[3] != BUNDLE_VERSION)
		return xf_error(err, _("the bundle has format version %d; this "
		    "xunfang reads version %d: upgrade xunfang on this computer "
		    "or export the bundle again with the same version"), p[3],
		    BUNDLE_VERSION);
	if (len < MIN_LEN)
		return xf_error(err, _("the bundle is cut short (%zu bytes): "
		    "copy it again from the other computer"), len);
	hdr->flags = p[OFF_FLAGS];
	if (hdr->flags & ~(unsigned)(BUNDLE_FLAG_DEMO | BUNDLE_FLAG_STATION))
		return xf_error(err, _("the bundle's header has unknown flags "
		    "(%#x): it is damaged or from a newer xunfang"), hdr->flags);
	memcpy(hdr->sender, p + OFF_SENDER, VAULT_KEYID_LEN);
	memcpy(hdr->recipient, p + OFF_RECIPIENT, VAULT_KEYID_LEN);
	hdr->seq = load_u64be(p + OFF_SEQ);
	hdr->created = (int64_t)load_u64be(p + OFF_CREATED);
	return 0;
}

/* Step two: the Ed25519 signature over everything before it. */
int
bundle_check_signature(const unsigned char *p, size_t len,
    const unsigned char sign_pk[32], struct xf_err *err)
{
	unsigned char hash[VSYNC_HASH_LEN];

	if (len < MIN_LEN)
		return xf_error(err, _("the bundle is cut short"));
	vsync_hash2(p, len - VSYNC_SIG_LEN, NULL, 0, hash);
	if (vsync_verify(sign_pk, hash, p + len - VSYNC_SIG_LEN) != 0)
		return xf_error(err, _("the bundle's signature does not match "
		    "its sender: it was changed or cut short on the way; copy "
		    "it again from the other computer"));
	return 0;
}

const struct bundle_limits bundle_limits_default = {
	.versions = BUNDLE_MAX_VERSIONS,
	.revoked = BUNDLE_MAX_REVOKED,
	.body = BUNDLE_MAX_BODY,
	.audit = BUNDLE_MAX_AUDIT,
	.plain = BUNDLE_MAX_PLAIN,
};

/* The body of a bundle as a stream of payload bytes: decrypted chunk by
 * chunk, only a FINAL chunk at the very end accepted, and inflated. */
struct opener {
	struct vsync_stream *vs;
	unsigned char hh[32];
	const unsigned char *p;		/* the chunks */
	size_t len, at;
	unsigned char *chunk;
	z_stream z;
	int final, done;
	int pending;			/* zlib may hold output not yet given */
	size_t max;			/* payload bytes allowed */
	size_t out;			/* payload bytes given so far */
	struct xf_err *err;
};

/* Open the file key, check the commitment, start decryption and zlib. */
static int
opener_start(struct opener *o, const struct vault *v, const unsigned char *p,
    size_t len, size_t max, struct xf_err *err)
{
	unsigned char commit[VSYNC_COMMIT_LEN];

	memset(o, 0, sizeof *o);
	o->err = err;
	o->max = max;
	if (len < MIN_LEN)
		return xf_error(err, _("the bundle is cut short"));
	if ((o->vs = vsync_stream_open(v, p + OFF_SEALED)) == NULL)
		return xf_error(err, _("the bundle's file key does not open "
		    "with this store's key: it was not sealed to this store"));
	vsync_commit(o->vs, p, OFF_COMMIT, commit);
	if (memcmp(commit, p + OFF_COMMIT, VSYNC_COMMIT_LEN) != 0)
		return xf_error(err, _("the bundle's key commitment does not "
		    "match: it was altered"));
	vsync_hash_ctx("xunfang-bundle-header", p, BUNDLE_HDR_LEN, o->hh,
	    sizeof o->hh);
	if (vsync_pull_init(o->vs, p + BUNDLE_HDR_LEN) != 0)
		return xf_error(err, _("the bundle's body does not decrypt"));
	if (inflateInit(&o->z) != Z_OK)
		return xf_error(err, _("cannot start zlib"));
	o->p = p + BUNDLE_HDR_LEN + VSYNC_STREAM_HEADER_LEN;
	o->len = len - BUNDLE_HDR_LEN - VSYNC_STREAM_HEADER_LEN -
	    VSYNC_SIG_LEN;
	o->chunk = xmalloc(BUNDLE_CHUNK);
	return 0;
}

/* Release what opener_start took, whether or not it succeeded. */
static void
opener_end(struct opener *o)
{
	if (o->chunk != NULL)
		inflateEnd(&o->z);
	free(o->chunk);
	if (o->vs != NULL)
		vsync_stream_free(o->vs);
	memset(o, 0, sizeof *o);
}

/* Decrypt the next chunk as zlib's input. */
static int
opener_chunk(struct opener *o)
{
	size_t n = o->len - o->at > CHUNK_CT ? CHUNK_CT : o->len - o->at;

	if (n < VSYNC_STREAM_ABYTES || vsync_pull(o->vs, o->p + o->at, n,
	    o->at == 0 ? o->hh : NULL, o->at == 0 ? 32 : 0, o->chunk,
	    &o->final) != 0)
		return xf_error(o->err, _("the bundle's body does not decrypt: "
		    "it was altered"));
	if (o->final != (o->at + n == o->len))
		return xf_error(o->err, _("the bundle's body is cut short or has "
		    "extra data (no final chunk where the file ends)"));
	o->at += n;
	o->z.next_in = o->chunk;
	o->z.avail_in = (uInt)(n - VSYNC_STREAM_ABYTES);
	return 0;
}

/* The payload's size cap, passed. */
static int
too_large(struct xf_err *err, size_t max)
{
	return xf_error(err, _("the bundle's payload is larger than %zu bytes, "
	    "the most a bundle may carry: it is refused (a real bundle is far "
	    "smaller; check the computer that sent it)"), max);
}

/* Up to cap payload bytes into buf, never past the cap by more than one
 * byte; *got is 0 only at the end of the payload. */
static int
opener_read(struct opener *o, unsigned char *buf, size_t cap, size_t *got)
{
	int rc;

	*got = 0;
	if (cap > o->max - o->out + 1)
		cap = o->max - o->out + 1;
	if (cap > (size_t)1 << 30)	/* what zlib's avail_out holds */
		cap = (size_t)1 << 30;
	while (*got == 0 && !o->done) {
		if (o->z.avail_in == 0 && !o->pending) {
			if (o->final)
				return xf_error(o->err, _("the bundle's payload "
				    "ends early"));
			if (opener_chunk(o) != 0)
				return -1;
			continue;
		}
		o->z.next_out = buf;
		o->z.avail_out = (uInt)cap;
		rc = inflate(&o->z, Z_NO_FLUSH);
		*got = cap - o->z.avail_out;
		o->pending = o->z.avail_out == 0;
		if (rc == Z_STREAM_END)
			o->done = 1;
		else if (rc == Z_BUF_ERROR && o->z.avail_in == 0)
			o->pending = 0;
		else if (rc != Z_OK)
			return xf_error(o->err, _("the bundle's payload does not "
			    "decompress"));
	}
	if (o->done && (o->z.avail_in > 0 || !o->final))
		return xf_error(o->err, _("the bundle has data after its "
		    "payload"));
	o->out += *got;
	return o->out > o->max ? too_large(o->err, o->max) : 0;
}

/*
 * The payload as the parser reads it: bytes at hand from p to end, and
 * when o is set, more that o decrypts and inflates into the window on
 * demand. With keep unset the parser only counts and checks: nothing it
 * reads is kept, so a payload of any size costs one window.
 */
struct reader {
	const unsigned char *p, *end;
	struct opener *o;
	unsigned char *win;
	size_t wincap;
	const struct bundle_limits *lim;
	int keep;
	size_t nv, nr;			/* items read */
	int refused;			/* err says why */
	struct xf_err *err;
};

#define WINDOW 65536

/* Have at least n bytes at hand (n at most the window) if the payload
 * holds them. */
static int
fill(struct reader *r, size_t n)
{
	size_t have = (size_t)(r->end - r->p), got;

	if (have >= n || r->o == NULL)
		return 0;
	memmove(r->win, r->p, have);
	r->p = r->win;
	while (have < n) {
		if (opener_read(r->o, r->win + have, r->wincap - have,
		    &got) != 0) {
			r->refused = 1;
			return -1;
		}
		if (got == 0)
			break;
		have += got;
	}
	r->end = r->win + have;
	return 0;
}

/* Pass over n bytes, however many windows they take; -1 if short. */
static int
skip(struct reader *r, uint64_t n)
{
	while ((uint64_t)(r->end - r->p) < n) {
		n -= (uint64_t)(r->end - r->p);
		r->p = r->end;
		if (r->o == NULL || fill(r, 1) != 0 || r->p == r->end)
			return -1;
	}
	r->p += n;
	return 0;
}

/* Take n bytes (or skip them when out is NULL); -1 if short. */
static int
take(struct reader *r, void *out, size_t n)
{
	if (out == NULL)
		return skip(r, n);
	if (fill(r, n) != 0 || (size_t)(r->end - r->p) < n)
		return -1;
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

/* Take one byte. */
static int
take_u8(struct reader *r, unsigned *out)
{
	unsigned char c;

	if (take(r, &c, 1) != 0)
		return -1;
	*out = c;
	return 0;
}

/* Take a big-endian 64-bit number. */
static int
take_u64(struct reader *r, uint64_t *out)
{
	unsigned char b[8];

	if (take(r, b, 8) != 0)
		return -1;
	*out = load_u64be(b);
	return 0;
}

/* Take a varint. */
static int
take_varint(struct reader *r, uint64_t *out)
{
	if (fill(r, 10) != 0)
		return -1;
	return read_varint(&r->p, r->end, out);
}

/* Refuse the payload for what err now says. */
static int
refuse(struct reader *r)
{
	r->refused = 1;
	return -1;
}

/* The manifest at the start of the payload. */
static int
decode_manifest(struct reader *r, struct bundle_manifest *m)
{
	unsigned fmt;

	m->format = 0;
	if (take_u8(r, &fmt) || fmt < 1 || fmt > PAYLOAD_FORMAT)
		return -1;
	m->format = fmt;
	return take(r, m->sender, VAULT_KEYID_LEN) ||
	    take(r, m->recipient, VAULT_KEYID_LEN) || take_u64(r, &m->seq) ||
	    take_u8(r, &m->flags) || take_varint(r, &m->from) ||
	    take_varint(r, &m->to) || take_varint(r, &m->ack) ? -1 : 0;
}

/* A version's body: bounded before a byte of it is read; kept as a
 * pointer into the payload, or passed over. */
static int
decode_body(struct reader *r, struct bundle_version *bv, uint64_t blen)
{
	char hex[33];

	if (blen > r->lim->body) {
		hex_encode(hex, bv->v.vid, VID_LEN);
		xf_error(r->err, _("version %.8s has a body of %llu bytes, more "
		    "than the %zu bytes a version may carry: the bundle is "
		    "refused"), hex, (unsigned long long)blen, r->lim->body);
		return refuse(r);
	}
	if (!r->keep)
		return skip(r, blen);
	if (blen > (uint64_t)(r->end - r->p))
		return -1;
	bv->body = r->p;
	bv->bodylen = (size_t)blen;
	r->p += blen;
	return 0;
}

/* One version item; a first one (ITEM_FIRST) has its id derived from
 * the record id and no parents. */
static int
decode_version(struct reader *r, struct bundle_version *bv, int first)
{
	struct version *v = &bv->v;
	unsigned kind, tomb, np = 0;
	uint64_t blen;

	memset(bv, 0, sizeof *bv);
	if (take(r, v->rid, RID_LEN) ||
	    (!first && take(r, v->vid, VID_LEN)) ||
	    take_u8(r, &kind) || take_u64(r, &v->hlc) ||
	    take(r, v->device, VAULT_KEYID_LEN) || take(r, v->author, UID_LEN) ||
	    take_u8(r, &tomb) || (!first && take_u8(r, &np)) || tomb > 1 ||
	    np > MAX_PARENTS || take(r, v->parents, (size_t)np * VID_LEN) ||
	    take_varint(r, &blen))
		return -1;
	if (first)
		record_first_vid(v->rid, v->vid);
	v->kind = (int)kind;
	v->tomb = (int)tomb;
	v->nparents = (int)np;
	return decode_body(r, bv, blen);
}

/* A version item, counted against the limit before it is stored in the
 * array sized by the first pass. */
static int
item_version(struct reader *r, struct bundle_payload *pl, int first)
{
	struct bundle_version bv = {0};

	if (r->nv == r->lim->versions) {
		xf_error(r->err, _("the bundle holds more than %zu versions, the "
		    "most a bundle may carry: it is refused (a real bundle "
		    "holds far fewer; check the computer that sent it)"),
		    r->lim->versions);
		return refuse(r);
	}
	if (decode_version(r, &bv, first) != 0)
		return -1;
	if (r->keep)
		pl->v[r->nv] = bv;
	r->nv++;
	return 0;
}

/* A revocation item, counted the same way. */
static int
item_revoked(struct reader *r, struct bundle_payload *pl)
{
	struct store_revoked rv;
	uint64_t at;

	if (r->nr == r->lim->revoked) {
		xf_error(r->err, _("the bundle holds more than %zu revocations, "
		    "the most a bundle may carry: it is refused"),
		    r->lim->revoked);
		return refuse(r);
	}
	if (take(r, rv.keyid, VAULT_KEYID_LEN) || take_u64(r, &at))
		return -1;
	rv.at = (int64_t)at;
	if (r->keep)
		pl->r[r->nr] = rv;
	r->nr++;
	return 0;
}

/* An audit item (type 3, at most one): its bytes stay in the payload. */
static int
item_audit(struct reader *r, struct bundle_payload *pl)
{
	uint64_t len;

	if (pl->auditlen != 0 || take_varint(r, &len) || len == 0)
		return -1;
	if (len > r->lim->audit) {
		xf_error(r->err, _("the bundle's audit entries take %llu bytes, "
		    "more than the %zu a bundle may carry: it is refused"),
		    (unsigned long long)len, r->lim->audit);
		return refuse(r);
	}
	pl->auditlen = (size_t)len;
	if (!r->keep)
		return skip(r, len);
	if (len > (uint64_t)(r->end - r->p))
		return -1;
	pl->audit = r->p;
	r->p += len;
	return 0;
}

/* The sender item (type 5, at most one, payload format 2 on): its
 * account entries stay in the payload. */
static int
item_sender(struct reader *r, struct bundle_payload *pl)
{
	unsigned flag;
	uint64_t n;

	if (pl->has_sender || pl->m.format < 2 || take_u8(r, &flag) ||
	    flag > (SENDER_RKEY | SENDER_VOUCH) ||
	    ((flag & SENDER_RKEY) && take(r, pl->rkey, 32)) ||
	    take_varint(r, &n) || n > BUNDLE_MAX_ACCOUNTS)
		return -1;
	pl->has_sender = 1;
	pl->has_rkey = (flag & SENDER_RKEY) != 0;
	pl->has_vouch = (flag & SENDER_VOUCH) != 0;
	pl->naccounts = (size_t)n;
	if (!r->keep) {
		if (skip(r, n * BUNDLE_ACCOUNT_LEN) != 0)
			return -1;
	} else {
		if (n * BUNDLE_ACCOUNT_LEN > (uint64_t)(r->end - r->p))
			return -1;
		pl->accounts = r->p;
		r->p += n * BUNDLE_ACCOUNT_LEN;
	}
	return pl->has_vouch ? take(r, pl->vouch, 32) : 0;
}

/* The end item: the counts must be those read, and nothing may follow. */
static int
item_end(struct reader *r, struct bundle_payload *pl)
{
	if (take_varint(r, &pl->m.nversions) ||
	    take_varint(r, &pl->m.nrevoked) ||
	    pl->m.nversions != r->nv || pl->m.nrevoked != r->nr ||
	    fill(r, 1) != 0)
		return -1;
	return r->p != r->end ? -1 : 0;
}

/* The manifest, then items up to the end item. */
static int
walk(struct reader *r, struct bundle_payload *pl)
{
	unsigned type;
	int rc = 0;

	if (decode_manifest(r, &pl->m) != 0)
		return -1;
	while (rc == 0) {
		if (take_u8(r, &type) != 0)
			return -1;
		if (type == ITEM_END)
			return item_end(r, pl);
		if (type == ITEM_VERSION)
			rc = item_version(r, pl, 0);
		else if (type == ITEM_FIRST && pl->m.format >= 3)
			rc = item_version(r, pl, 1);
		else if (type == ITEM_REVOKED)
			rc = item_revoked(r, pl);
		else if (type == ITEM_AUDIT)
			rc = item_audit(r, pl);
		else if (type == ITEM_SENDER)
			rc = item_sender(r, pl);
		else if (type == ITEM_AUDIT_ACK && !pl->has_audit_ack) {
			rc = take_u64(r, &pl->audit_ack);
			pl->has_audit_ack = 1;
		} else
			rc = -1;
	}
	return rc;
}

/* A reader over bytes in memory. */
static void
reader_mem(struct reader *r, const unsigned char *p, size_t len,
    const struct bundle_limits *lim, int keep, struct xf_err *err)
{
	memset(r, 0, sizeof *r);
	r->p = p;
	r->end = p + len;
	r->lim = lim;
	r->keep = keep;
	r->err = err;
}

/* The refusal of a payload the walk stopped in: the limit or stream
 * error it named, or else malformed. */
static int
walk_failed(const struct reader *r, struct xf_err *err)
{
	if (r->refused)
		return -1;
	return xf_error(err, _("the bundle's payload is malformed (it was "
	    "signed by its sender, so that xunfang has a bug or is newer: "
	    "upgrade both)"));
}

/* First pass over the stream: shape and limits, nothing kept; the
 * payload's exact size into *size. */
static int
check_stream(const struct vault *v, const unsigned char *p, size_t len,
    const struct bundle_limits *lim, size_t *size, struct xf_err *err)
{
	struct bundle_payload scratch;
	struct opener o;
	struct reader r;
	unsigned char *win;
	int rc;

	memset(&scratch, 0, sizeof scratch);
	if (opener_start(&o, v, p, len, lim->plain, err) != 0) {
		opener_end(&o);
		return -1;
	}
	win = xmalloc(WINDOW);
	reader_mem(&r, win, 0, lim, 0, err);
	r.o = &o;
	r.win = win;
	r.wincap = WINDOW;
	rc = walk(&r, &scratch) != 0 ? walk_failed(&r, err) : 0;
	*size = o.out;
	free(win);
	opener_end(&o);
	return rc;
}

/* Second pass: the whole payload into plain, allocated once. */
static int
inflate_all(const struct vault *v, const unsigned char *p, size_t len,
    size_t size, struct buf *plain, struct xf_err *err)
{
	struct opener o;
	size_t got = 1;
	int rc;

	if ((rc = opener_start(&o, v, p, len, size, err)) == 0) {
		buf_free(plain);
		plain->cap = size + 1;
		plain->data = xmalloc(plain->cap);
		while (rc == 0 && got > 0 && (rc = opener_read(&o, plain->data +
		    plain->len, plain->cap - plain->len, &got)) == 0)
			plain->len += got;
		if (rc == 0 && plain->len != size)
			rc = xf_error(err, _("the bundle's payload changed between "
			    "two readings"));
	}
	opener_end(&o);
	return rc;
}

/* Steps three and four: file key, commitment, decryption, inflation,
 * within the limits. */
int
bundle_decrypt_within(const struct vault *v, const unsigned char *p,
    size_t len, const struct bundle_limits *lim, struct buf *plain,
    struct xf_err *err)
{
	size_t size;

	plain->len = 0;
	if (check_stream(v, p, len, lim, &size, err) != 0)
		return -1;
	return inflate_all(v, p, len, size, plain, err);
}

/* Steps three and four within BUNDLE_MAX_*. */
int
bundle_decrypt(const struct vault *v, const unsigned char *p, size_t len,
    struct buf *plain, struct xf_err *err)
{
	return bundle_decrypt_within(v, p, len, &bundle_limits_default, plain,
	    err);
}

/* Parse a whole payload within the limits; any deviation is an error.
 * A first pass counts the items, so the arrays are allocated once at
 * their size. */
int
bundle_decode_within(const unsigned char *plain, size_t len,
    const struct bundle_limits *lim, struct bundle_payload *pl,
    struct xf_err *err)
{
	struct reader r;

	memset(pl, 0, sizeof *pl);
	if (len > lim->plain)
		return too_large(err, lim->plain);
	reader_mem(&r, plain, len, lim, 0, err);
	if (walk(&r, pl) != 0)
		return walk_failed(&r, err);
	memset(pl, 0, sizeof *pl);
	pl->v = xcalloc(r.nv > 0 ? r.nv : 1, sizeof *pl->v);
	pl->r = xcalloc(r.nr > 0 ? r.nr : 1, sizeof *pl->r);
	reader_mem(&r, plain, len, lim, 1, err);
	if (walk(&r, pl) != 0) {
		bundle_payload_free(pl);
		return walk_failed(&r, err);
	}
	pl->nv = r.nv;
	pl->nr = r.nr;
	return 0;
}

/* Parse a whole payload within BUNDLE_MAX_*. */
int
bundle_decode(const unsigned char *plain, size_t len,
    struct bundle_payload *pl, struct xf_err *err)
{
	return bundle_decode_within(plain, len, &bundle_limits_default, pl,
	    err);
}

/* Release the arrays of a decoded payload. */
void
bundle_payload_free(struct bundle_payload *pl)
{
	free(pl->v);
	free(pl->r);
	pl->v = NULL;
	pl->r = NULL;
	pl->nv = pl->nr = 0;
}
