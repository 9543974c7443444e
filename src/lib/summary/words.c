/*
 * words.c — an article's words for summaries, worked out at ingest and
 * kept in the store (summary.h), so that summarizing a stored story reads
 * them instead of analyzing every article again.
 *
 * What is kept is what sm_doc_words() makes of the text: the terms (the
 * title's, then each sentence's) by their stems' sm_stem_id() (the story
 * dictionary needs no stem's bytes), the title's counts, each sentence's start after its byline, counts,
 * flags and fingerprint, and each quotation's words, run of terms and
 * fingerprint. Not kept: what depends on the other rows (mentions, dates,
 * speakers) or on the outlet (whether the title can head a story); those
 * are read and worked out as before.
 *
 * The BLOB, unsigned LEB128 varints (internal.h) but where said:
 *   WORDS_VERSION;
 *   the rules (8 bytes, little-endian): which analyzer, term hash and
 *     shingles made the words (rules());
 *   the length of the rows section, then the section: the article's rows
 *     as the store keeps them (rows.c; length 0: none carried);
 *   n_stems, then each distinct stem's sm_stem_id() (5 bytes,
 *     little-endian);
 *   n_terms, then each term's stem number;
 *   title words, title terms;
 *   n_sentences, then each: start − the sentence's start (its byline),
 *     words, terms, flags, n_fp, then its n_fp shingles (4 bytes each,
 *     little-endian, distinct);
 *   n_quotations, then each: start − the previous one's start, length,
 *     words, first term, terms, n_fp, its shingles.
 * About 2.3 KB for a news article, a third of it fingerprints, which cost
 * more to work out again than to read (a stem's bytes and link hash made
 * it 3.4 KB; stem ids of 8 bytes, 2.7 KB). Raise WORDS_VERSION whenever
 * sm_doc_words() would now give other words, or the format changes; a BLOB of another version, or made
 * under other rules (an analyzer, stem id, term hash or shingle change),
 * is ignored: the text is analyzed and the rows read by queries.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/text.h"
#include "summary_int.h"

#define WORDS_VERSION 8
#define STEM_BYTES (SM_STEM_BITS / 8) /* a stem's sm_stem_id() */

/* ---- the rules the words were made under ---------------------------------- */

static uint64_t rules_value;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;

/* FNV-1a (64 bits) over the analyzer's version, then the stem ids, term
 * hashes and the fingerprint of a fixed run of stems: a change to the
 * analyzer (marsad_analyzer_version), to sm_stem_id(), to
 * marsad_skeleton_hash() or to the shingles changes it. */
static void rules_compute(void)
{
	static const char *const probe[] = {
		"ملك", "سعود", "رياض", "وزير", "خارج", "news", "2015", "قمه",
	};
	enum { N = sizeof probe / sizeof *probe };
	uint32_t term[N], *fp = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < N; i++)
		term[i] = marsad_skeleton_hash(probe[i], strlen(probe[i]));
	uint64_t v[1 + 3 * N] = {marsad_analyzer_version()};
	size_t nv = 1;
	for (size_t i = 0; i < N; i++)
		v[nv++] = sm_stem_id(probe[i], strlen(probe[i]));
	for (size_t i = 0; i < N; i++)
		v[nv++] = term[i];
	if (sm_shingles(term, N, &fp, &n, &cap) == 0)
		for (size_t i = 0; i < n && nv < 1 + 3 * N; i++)
			v[nv++] = fp[i];
	free(fp);
	uint64_t h = MARSAD_FNV_BASIS;
	for (size_t i = 0; i < nv; i++) {
		unsigned char le[8]; /* little-endian, whatever the machine */
		marsad_store_le64(le, v[i]);
		h = marsad_fnv1a(h, le, sizeof le);
	}
	rules_value = h;
}

static uint64_t rules(void)
{
	pthread_once(&rules_once, rules_compute);
	return rules_value;
}

/* ---- fixed-width fields ----------------------------------------------------- */

/* Whether the machine keeps a uint32 as the BLOB does, little-endian: then
 * the arrays of them (fingerprints) are copied whole, a value at a time
 * else. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define LE32_HOST 0
#else
#define LE32_HOST 1
#endif

/* v[0, n) from the 4n bytes at p, little-endian. */
static inline void load_le32(uint32_t *v, const unsigned char *p, size_t n)
{
	if (LE32_HOST && n) /* an empty array may have no memory at all */
		memcpy(v, p, n * sizeof *v);
	else
		for (size_t i = 0; i < n; i++)
			v[i] = marsad_load_le32(p + 4 * i);
}

/* v[0, n) as the 4n bytes at p, little-endian; p past them. */
static inline unsigned char *store_le32(unsigned char *p, const uint32_t *v,
					size_t n)
{
	if (LE32_HOST && n)
		memcpy(p, v, n * sizeof *v);
	else
		for (size_t i = 0; i < n; i++)
			marsad_store_le32(p + 4 * i, v[i]);
	return p + 4 * n;
}

/* Reads 8 bytes, little-endian (bad, and 0, past the end). */
static uint64_t get_u64(marsad_varint_reader *r)
{
	if (r->end - r->p < 8) {
		r->bad = 1;
		return 0;
	}
	uint64_t v = marsad_load_le64(r->p);
	r->p += 8;
	return v;
}

/* Reads a fingerprint into d->fps: *off and *n receive where it lies. */
static int get_fp(sm_doc *d, marsad_varint_reader *r, uint32_t *off,
		  uint32_t *n)
{
	uint32_t k = marsad_varint_count(r, 4);
	if (r->bad || d->fps.n + k >= SM_NONE) {
		r->bad = 1;
		return 0;
	}
	if (sm_vec_reserve(&d->fps, k) < 0)
		return MARSAD_ENOMEM;
	*off = (uint32_t)d->fps.n;
	*n = k;
	uint32_t *v = d->fps.v + d->fps.n;
	load_le32(v, r->p, k);
	r->p += 4 * (size_t)k;
	d->fps.n += k;
	return 0;
}

/* ---- packing ------------------------------------------------------------- */

/*
 * The BLOB is written through a cursor into room reserved once for the
 * largest it can be (words_bound()): a call and a capacity test per
 * field cost more than the bytes.
 */

/* A fingerprint: its size, then its shingles; o past them. */
static inline unsigned char *put_fp(unsigned char *o, const sm_doc *d,
				    uint32_t off, uint32_t n)
{
	o = marsad_varint_write(o, n);
	return store_le32(o, d->fps.v + off, n);
}

/* The largest BLOB of d: every varint at its widest (a value of 32 bits
 * or a zigzag step takes 5 bytes; the version 10). */
static size_t words_bound(const sm_doc *d)
{
	return 10 + 8 + 5 + STEM_BYTES * d->n_stems + 5 + 5 * d->n_term +
	       10 + 5 + 25 * d->n_sent + 5 + 30 * d->n_qspan + 4 * d->fps.n;
}

int sm_words_encode(const sm_doc *d, const marsad_article *a,
		    marsad_buf *out)
{
	marsad_buf rows = MARSAD_BUF_INIT;
	int rc = sm_rows_encode(a, &rows);
	if (rc == 0)
		rc = marsad_buf_reserve(out, words_bound(d) + 10 + rows.len);
	if (rc < 0) {
		marsad_buf_clear(&rows);
		return rc;
	}
	unsigned char *o = (unsigned char *)out->data + out->len;
	o = marsad_varint_write(o, WORDS_VERSION);
	marsad_store_le64(o, rules());
	o += 8;
	o = marsad_varint_write(o, rows.len);
	if (rows.len)
		memcpy(o, rows.data, rows.len);
	o += rows.len;
	marsad_buf_clear(&rows);
	/* the stems are numbered in order of first use (sm_doc_words()):
	 * each is written at its first term, in one pass that writes the
	 * terms' numbers after them */
	o = marsad_varint_write(o, d->n_stems);
	unsigned char *stem_at = o;
	o = marsad_varint_write(o + STEM_BYTES * (size_t)d->n_stems, d->n_term);
	uint32_t next = 0;
	for (size_t i = 0; i < d->n_term; i++) {
		const sm_dterm *t = &d->term[i];
		if (t->stem == next) {
			unsigned char le[8];
			next++;
			marsad_store_le64(le, t->id);
			memcpy(stem_at, le, STEM_BYTES);
			stem_at += STEM_BYTES;
		}
		o = marsad_varint_write(o, t->stem);
	}
	o = marsad_varint_write(o, d->title_words);
	o = marsad_varint_write(o, d->n_title);
	o = marsad_varint_write(o, d->n_sent);
	for (size_t i = 0; i < d->n_sent; i++) {
		const sm_dsent *x = &d->sent[i];
		o = marsad_varint_write(o, x->start - a->sentences[i].start);
		o = marsad_varint_write(o, x->words);
		o = marsad_varint_write(o, x->n_terms);
		o = marsad_varint_write(o, x->flags);
		o = put_fp(o, d, x->fp_off, x->n_fp);
	}
	o = marsad_varint_write(o, d->n_qspan);
	uint32_t prev = 0;
	for (size_t i = 0; i < d->n_qspan; i++) {
		const sm_qspan *q = &d->qspan[i];
		/* zigzag: quotations come in the extractor's order */
		o = marsad_varint_write(o, marsad_zigzag((int64_t)q->start -
							 (int64_t)prev));
		prev = q->start;
		o = marsad_varint_write(o, q->end - q->start);
		o = marsad_varint_write(o, q->words);
		o = marsad_varint_write(o, q->term_off);
		o = marsad_varint_write(o, q->n_terms);
		o = put_fp(o, d, q->fp_off, q->n_fp);
	}
	out->len = (size_t)(o - (unsigned char *)out->data);
	out->data[out->len] = 0;
	return 0;
}

/* ---- unpacking ----------------------------------------------------------- */

/* The stems of the BLOB: each one's term, by its number. */
static int read_stems(marsad_varint_reader *r, sm_dterm **out,
		      uint32_t *n_out)
{
	uint32_t n = marsad_varint_count(r, STEM_BYTES);
	sm_dterm *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return MARSAD_ENOMEM;
	/* marsad_varint_count() vouches for the bytes; 8 are read at a
	 * time while as many are left */
	const uint64_t mask = ((uint64_t)1 << SM_STEM_BITS) - 1;
	for (uint32_t k = 0; k < n; k++, r->p += STEM_BYTES) {
		uint64_t id = 0;
		if (r->end - r->p >= 8) {
			id = marsad_load_le64(r->p) & mask;
		} else {
			for (int b = STEM_BYTES - 1; b >= 0; b--)
				id = id << 8 | r->p[b];
		}
		v[k] = (sm_dterm){id, 0, k};
	}
	*out = v;
	*n_out = n;
	return 0;
}

static int read_terms(sm_doc *d, marsad_varint_reader *r, const sm_dterm *stem,
		      uint32_t n_stems)
{
	uint32_t n = marsad_varint_count(r, 1);
	if (r->bad)
		return MARSAD_EINVAL;
	d->term = malloc((n ? n : 1) * sizeof *d->term);
	if (!d->term)
		return MARSAD_ENOMEM;
	d->cap_term = n ? n : 1;
	d->n_stems = n_stems;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		uint64_t k = marsad_varint_get(r);
		if (k >= n_stems)
			r->bad = 1;
		else
			d->term[d->n_term++] = stem[k];
	}
	return r->bad ? MARSAD_EINVAL : 0;
}

/* The sentences: as many as the article's, each inside its own span, and
 * their terms (with the title's) all the terms. */
static int read_sentences(sm_doc *d, const marsad_article *a,
			  marsad_varint_reader *r)
{
	d->title_words = (uint32_t)marsad_varint_get(r);
	d->n_title = (uint32_t)marsad_varint_get(r);
	uint64_t terms = d->n_title;
	if (marsad_varint_count(r, 5) != a->n_sentences || r->bad)
		return MARSAD_EINVAL;
	d->n_sent = a->n_sentences;
	d->sent = calloc(d->n_sent ? d->n_sent : 1, sizeof *d->sent);
	if (!d->sent)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < d->n_sent && !r->bad; i++) {
		sm_dsent *x = &d->sent[i];
		uint64_t byline = marsad_varint_get(r);
		x->words = (uint32_t)marsad_varint_get(r);
		x->n_terms = (uint32_t)marsad_varint_get(r);
		x->flags = (unsigned)marsad_varint_get(r);
		x->end = (uint32_t)a->sentences[i].end;
		if (byline > x->end - a->sentences[i].start)
			r->bad = 1;
		x->start = (uint32_t)(a->sentences[i].start + byline);
		terms += x->n_terms;
		if (get_fp(d, r, &x->fp_off, &x->n_fp) < 0)
			return MARSAD_ENOMEM;
	}
	return r->bad || terms != d->n_term ? MARSAD_EINVAL : 0;
}

static int read_quotes(sm_doc *d, marsad_varint_reader *r)
{
	uint32_t n = marsad_varint_count(r, 6);
	if (r->bad)
		return MARSAD_EINVAL;
	d->qspan = malloc((n ? n : 1) * sizeof *d->qspan);
	if (!d->qspan)
		return MARSAD_ENOMEM;
	d->cap_qspan = n ? n : 1;
	int64_t prev = 0;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		uint64_t z = marsad_varint_get(r);
		if (z > 2ULL * UINT32_MAX) { /* no step between two offsets */
			r->bad = 1;
			break;
		}
		int64_t start = prev + marsad_unzigzag(z);
		uint64_t len = marsad_varint_get(r);
		sm_qspan q;
		q.words = (uint32_t)marsad_varint_get(r);
		q.term_off = (uint32_t)marsad_varint_get(r);
		q.n_terms = (uint32_t)marsad_varint_get(r);
		if (get_fp(d, r, &q.fp_off, &q.n_fp) < 0)
			return MARSAD_ENOMEM;
		if (r->bad || start < 0 || len > d->text_len ||
		    (uint64_t)start + len > d->text_len ||
		    (uint64_t)q.term_off + q.n_terms > d->n_term) {
			r->bad = 1;
			break;
		}
		q.start = (uint32_t)start;
		q.end = (uint32_t)(start + (int64_t)len);
		d->qspan[d->n_qspan++] = q;
		prev = start;
	}
	return r->bad ? MARSAD_EINVAL : 0;
}

/* Reads the BLOB's version, rules and rows section's length: whether it
 * is of this version and whole so far. */
static int get_head(marsad_varint_reader *r, uint64_t *rules_made,
		    uint64_t *rows_len)
{
	uint64_t v = marsad_varint_get(r);
	*rules_made = get_u64(r);
	*rows_len = marsad_varint_get(r);
	return !r->bad && v == WORDS_VERSION &&
	       *rows_len <= (uint64_t)(r->end - r->p);
}

int sm_words_rows(const void *p, size_t len, marsad_varint_reader *r)
{
	*r = (marsad_varint_reader){p, (const unsigned char *)p + len, 0};
	uint64_t made, rows;
	if (!get_head(r, &made, &rows) || !rows)
		return 0;
	r->end = r->p + rows;
	return 1;
}

int sm_words_decode(sm_doc *d, const marsad_article *a, const void *p,
		    size_t len)
{
	marsad_varint_reader r = {p, (const unsigned char *)p + len, 0};
	uint64_t made, rows;
	if (!get_head(&r, &made, &rows) || made != rules())
		return MARSAD_EINVAL;
	r.p += rows;
	/* the fingerprints are fewer than a quarter of what is left */
	if (sm_vec_reserve(&d->fps, (size_t)(r.end - r.p) / 4) < 0)
		return MARSAD_ENOMEM;
	sm_dterm *stem = NULL;
	uint32_t n_stems = 0;
	int rc = read_stems(&r, &stem, &n_stems);
	if (rc == 0)
		rc = r.bad ? MARSAD_EINVAL : read_terms(d, &r, stem, n_stems);
	free(stem);
	if (rc == 0)
		rc = read_sentences(d, a, &r);
	if (rc == 0)
		rc = read_quotes(d, &r);
	if (rc == 0 && r.p != r.end)
		rc = MARSAD_EINVAL;
	/* every quotation of the article has its words */
	for (size_t i = 0; rc == 0 && i < a->n_quotes; i++) {
		const marsad_quote *q = &a->quotes[i];
		if (q->end <= d->text_len && q->start < q->end &&
		    !sm_quote_words(d, q))
			rc = MARSAD_EINVAL;
	}
	return rc;
}

/* ---- prepared at ingest ---------------------------------------------------- */

struct marsad_summary_prep {
	char *key;
	int64_t article;         /* its store id; 0: find it by key */
	uint64_t hash;           /* the article's content hash */
	marsad_buf data;
};

int marsad_summary_prepare(const marsad_article *a,
			   const marsad_link_input *link,
			   marsad_summary_prep **out)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (!a || !sm_article_valid(a))
		return MARSAD_EINVAL;
	marsad_summary_prep *p = calloc(1, sizeof *p);
	sm_doc *d = calloc(1, sizeof *d);
	int rc = p && d ? 0 : MARSAD_ENOMEM;
	if (rc == 0)
		rc = (p->key = strdup(a->doc->key)) ? 0 : MARSAD_ENOMEM;
	if (rc == 0)
		rc = sm_doc_words(d, a, link);
	if (rc == 0)
		rc = sm_words_encode(d, a, &p->data);
	sm_doc_free(d);
	if (rc < 0) {
		marsad_summary_prep_free(p);
		return rc;
	}
	p->hash = a->content_hash;
	*out = p;
	return 0;
}

void marsad_summary_prep_free(marsad_summary_prep *p)
{
	if (!p)
		return;
	free(p->key);
	marsad_buf_clear(&p->data);
	free(p);
}

void marsad_summary_prep_set_article(marsad_summary_prep *p, int64_t id)
{
	if (p)
		p->article = id;
}

const char *sm_prep_key(const marsad_summary_prep *p, int64_t *article,
			uint64_t *hash, const void **data, size_t *len)
{
	*article = p->article;
	*hash = p->hash;
	*data = p->data.data ? p->data.data : "";
	*len = p->data.len;
	return p->key;
}
