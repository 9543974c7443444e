/*
 * terms.c — the linker's term vectors.
 *
 * An article's terms are the analyzer's index terms (marsad_analyze:
 * normalized, light-stemmed, names protected, stopwords dropped) of its
 * title and cleaned body. A term's weight is
 *
 *     w = (1 + ln tf) · idf²,   idf = ln((N + 1) / (df + 1)) + 1
 *
 * where tf counts a title occurrence TITLE_WEIGHT times, a name
 * (MARSAD_TOKEN_NAME) NAME_WEIGHT times and a number NUMBER_WEIGHT times,
 * and df is the number of articles seen so far holding the term. The idf
 * is squared so that the rare words that identify one event — names of
 * people and places, figures, unusual nouns — outweigh the vocabulary a
 * whole topic shares ("قصف", "مقتل", "الوزير"); on the labelled
 * SaudiNewsNet days this lifts B-cubed F1 of plain TF-IDF by about two
 * points (bench/stories/). Weights are computed when needed, never
 * stored, so they always use the current frequencies. The terms of the
 * title and of the first LK_LEAD_TERMS body terms are marked as the lead
 * (LK_LEAD_BIT), where a report states its event.
 *
 * The dictionary is an open-addressing hash table (FNV-1a, linear probing,
 * kept at most half full); each term also holds the postings of the
 * articles having it among their LK_TOP strongest terms, the candidate
 * index for story links.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "link_int.h"
#include "marsad/text.h"

#define TITLE_WEIGHT 2.0f
#define NAME_WEIGHT 1.5f
#define NUMBER_WEIGHT 2.0f
#define BODY_TERMS_MAX 20000      /* body terms kept per article */
#define SORT_INSERTION 48         /* lists this short sort by insertion */

int lk_vec_push(lk_vec *a, uint32_t x)
{
	if (a->n == a->cap) {
		uint32_t cap = a->cap ? a->cap * 2 : 4;
		uint32_t *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

void lk_dict_clear(lk_dict *d)
{
	for (uint32_t i = 0; i < d->n; i++) {
		free(d->word[i]);
		free(d->post[i].v);
	}
	free(d->word);
	free(d->df);
	free(d->post);
	free(d->idf);
	free(d->slot);
	memset(d, 0, sizeof *d);
}

static int dict_grow(lk_dict *d)
{
	uint32_t n_slots = d->n_slots ? d->n_slots * 2 : 1024;
	lk_dict_slot *slot = calloc(n_slots, sizeof *slot);
	if (!slot)
		return MARSAD_ENOMEM;
	for (uint32_t i = 0; i < d->n_slots; i++) {
		if (!d->slot[i].id1)
			continue;
		uint32_t h = d->slot[i].hash & (n_slots - 1);
		while (slot[h].id1)
			h = (h + 1) & (n_slots - 1);
		slot[h] = d->slot[i];
	}
	free(d->slot);
	d->slot = slot;
	d->n_slots = n_slots;
	return 0;
}

/* lk_dict_id of a word whose fnv hash is known. */
static int64_t dict_find(lk_dict *d, const char *w, size_t len, uint32_t hash)
{
	if ((d->n + 1) * 2 > d->n_slots && dict_grow(d))
		return -1;
	uint32_t h = hash & (d->n_slots - 1);
	for (; d->slot[h].id1; h = (h + 1) & (d->n_slots - 1)) {
		if (d->slot[h].hash != hash)
			continue;
		const char *o = d->word[d->slot[h].id1 - 1];
		if (strncmp(o, w, len) == 0 && o[len] == 0)
			return d->slot[h].id1 - 1;
	}
	if (d->n == LK_ID_MAX)
		return -1;
	if (d->n == d->cap) {
		uint32_t cap = d->cap ? d->cap * 2 : 1024;
		char **word = realloc(d->word, cap * sizeof *word);
		if (!word)
			return -1;
		d->word = word;
		uint32_t *df = realloc(d->df, cap * sizeof *df);
		if (!df)
			return -1;
		d->df = df;
		lk_vec *post = realloc(d->post, cap * sizeof *post);
		if (!post)
			return -1;
		d->post = post;
		d->cap = cap;
	}
	char *c = malloc(len + 1);
	if (!c)
		return -1;
	memcpy(c, w, len);
	c[len] = 0;
	uint32_t id = d->n++;
	d->word[id] = c;
	d->df[id] = 0;
	memset(&d->post[id], 0, sizeof d->post[id]);
	d->slot[h] = (lk_dict_slot){id + 1, hash};
	return id;
}

int64_t lk_dict_id(lk_dict *d, const char *w, size_t len)
{
	return dict_find(d, w, len, fnv(w, len));
}

/* idf² depends on a term only through its df: it is cached by df for
 * the current number of articles, so that between two additions each
 * value is worked out once for all terms sharing a df. A term's df only
 * changes when an article is added, which changes n too. The cache is not
 * part of the dictionary's value, so a const dictionary may update (and
 * grow) it: dictionaries always live in a writable linker. Without room
 * to grow, the value is computed and not kept. */
float lk_idf2_new(const lk_dict *d, size_t n, uint32_t df)
{
	double idf = log((double)(n + 1) / (df + 1)) + 1;
	float v = (float)(idf * idf);
	lk_dict *w = (lk_dict *)d;
	if (df >= w->n_idf) {
		uint32_t k = w->n_idf ? w->n_idf : 256;
		while (k <= df)
			k *= 2;
		lk_idf *p = realloc(w->idf, k * sizeof *p);
		if (!p)
			return v;
		memset(p + w->n_idf, 0, (k - w->n_idf) * sizeof *p);
		w->idf = p;
		w->n_idf = k;
	}
	w->idf[df] = (lk_idf){v, (uint32_t)n + 1};
	return v;
}

/* Cached like idf² (the frequencies only change when n does). The cache
 * is not part of the article's value, so a const article may update it:
 * articles always live in the linker's writable array. */
static double keep_norm(const lk_article *a, size_t n, double sum_sq)
{
	lk_article *w = (lk_article *)a;
	w->norm = (float)sqrt(sum_sq);
	w->norm_n = (uint32_t)n;
	return w->norm;
}

double lk_norm(const lk_dict *d, size_t n, const lk_article *a)
{
	if (a->norm_n == (uint32_t)n)
		return a->norm;
	double s = 0;
	for (uint32_t i = 0; i < a->n_terms; i++) {
		double w = lk_weight(d, n, &a->terms[i]);
		s += w * w;
	}
	return keep_norm(a, n, s);
}

/* The dot product of a's and b's weighted vectors, summed over their
 * common terms in the order of their ids. With sum_sq, also Σ w² over
 * b's terms in their order, which is b's squared norm: adding an article
 * compares it with earlier ones, whose norms the new n has made stale,
 * and this walks their terms once for both. */
static double dot_product(const lk_dict *d, size_t n, const lk_article *a,
			  const lk_article *b, double *sum_sq)
{
	const lk_term *at = a->terms, *bt = b->terms;
	uint32_t i = 0, j = 0, na = a->n_terms, nb = b->n_terms;
	uint32_t last = na ? LK_ID(at[na - 1].id) : 0;
	double dot = 0, s = 0;
	/* while a has a term at least b's, no bound to check on a */
	for (; na && j < nb && LK_ID(bt[j].id) <= last; j++) {
		uint32_t y = LK_ID(bt[j].id);
		while (LK_ID(at[i].id) < y)
			i++;
		if (LK_ID(at[i].id) == y) {
			double w = lk_weight(d, n, &bt[j]);
			s += w * w;
			dot += lk_weight(d, n, &at[i++]) * w;
		} else if (sum_sq) {
			double w = lk_weight(d, n, &bt[j]);
			s += w * w;
		}
	}
	if (sum_sq) {
		for (; j < nb; j++) {
			double w = lk_weight(d, n, &bt[j]);
			s += w * w;
		}
		*sum_sq = s;
	}
	return dot;
}

double lk_cosine(const lk_dict *d, size_t n, const lk_article *a,
		 const lk_article *b)
{
	double s, dot;
	if (b->norm_n != (uint32_t)n) {
		dot = dot_product(d, n, a, b, &s);
		keep_norm(b, n, s);
	} else {
		dot = dot_product(d, n, a, b, NULL);
	}
	if (dot == 0)
		return 0;
	double na = lk_norm(d, n, a), nb = b->norm;
	return na > 0 && nb > 0 ? dot / (na * nb) : 0;
}

/* Keeps w and the position of its term among the LK_TOP strongest so far
 * (best[] in descending order, *k of them): a later term of equal weight
 * does not displace an earlier one. */
static inline void keep_top(double best[LK_TOP], uint32_t at[LK_TOP],
			    size_t *k, double w, uint32_t i)
{
	if (*k == LK_TOP && w <= best[LK_TOP - 1])
		return;
	size_t p = *k < LK_TOP ? (*k)++ : LK_TOP - 1;
	while (p > 0 && best[p - 1] < w) {
		best[p] = best[p - 1];
		at[p] = at[p - 1];
		p--;
	}
	best[p] = w;
	at[p] = i;
}

size_t lk_top_terms(const lk_dict *d, size_t n, const lk_article *a,
		    uint32_t out[LK_TOP])
{
	double best[LK_TOP];
	size_t k = 0;
	for (uint32_t i = 0; i < a->n_terms; i++)
		keep_top(best, out, &k, lk_weight(d, n, &a->terms[i]), i);
	for (size_t i = 0; i < k; i++)
		out[i] = LK_ID(a->terms[out[i]].id);
	return k;
}

void lk_find_heavy(lk_article *a)
{
	a->n_heavy = 0;
	for (uint32_t k = 0; k < a->n_top; k++) {
		uint32_t lo = 0, hi = a->n_terms;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (LK_ID(a->terms[mid].id) < a->top[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == a->n_terms || LK_ID(a->terms[lo].id) != a->top[k])
			continue;
		uint32_t j = 0;
		while (j < a->n_heavy && a->heavy[j] != lo)
			j++;
		if (j == a->n_heavy)
			a->heavy[a->n_heavy++] = lo;
	}
}

/* ---- one article against many ------------------------------------------ */

size_t lk_query_set(const lk_dict *d, size_t n, const lk_article *a,
		    double *q, uint32_t at[LK_TOP])
{
	double best[LK_TOP], s = 0;
	size_t k = 0;
	for (uint32_t i = 0; i < a->n_terms; i++) {
		double w = lk_weight(d, n, &a->terms[i]);
		q[LK_ID(a->terms[i].id)] = w;
		s += w * w;
		if (at)
			keep_top(best, at, &k, w, i);
	}
	keep_norm(a, n, s);
	return k;
}

void lk_query_clear(const lk_article *a, double *q)
{
	for (uint32_t i = 0; i < a->n_terms; i++)
		q[LK_ID(a->terms[i].id)] = 0;
}

/*
 * Two bounds rule most pairs out before all of b's terms are weighed
 * for its norm. With C the terms a and b share, by Cauchy-Schwarz
 *     cos(a, b) = Σ_C a_t·b_t / (|a|·|b|) ≤ |a_C| / |a|,
 * which needs no weight of b's; and, as b's norm is at least that of any
 * set H of its distinct terms (C and its heavy terms),
 *     cos(a, b) ≤ Σ_C a_t·b_t / (|a|·|b_H|),
 * which needs the weights of C and H only. The cosine as computed
 * (lk_cosine) may exceed the true one by the rounding of the two norms to
 * float (2^-24 relatively, each) and of the sums (far less): a bound
 * below `least` by BOUND_SLACK, relatively, leaves it below `least` too.
 */
#define BOUND_SLACK 1e-4

double lk_query_cosine(const lk_dict *d, size_t n, const lk_article *a,
		       const double *q, const lk_article *b, double least)
{
	const lk_term *bt = b->terms;
	uint32_t nb = b->n_terms;
	double na = a->norm, cut = least * na * (1 - BOUND_SLACK);
	if (!(na > 0))
		return 0;
	/* The dot product as dot_product sums it: over the shared terms in
	 * the order of their ids. */
	double a2 = 0, dot = 0, h2 = 0;
	for (uint32_t j = 0; j < nb; j++) {
		double x = q[LK_ID(bt[j].id)];
		if (x > 0) { /* a weight, positive: a shared term */
			double w = lk_weight(d, n, &bt[j]);
			a2 += x * x;
			dot += x * w;
			h2 += w * w;
		}
	}
	if (dot == 0 || sqrt(a2) < cut)
		return 0;
	if (b->norm_n != (uint32_t)n) {
		for (uint32_t k = 0; k < b->n_heavy; k++) {
			const lk_term *t = &bt[b->heavy[k]];
			if (!(q[LK_ID(t->id)] > 0)) {
				double w = lk_weight(d, n, t);
				h2 += w * w;
			}
		}
		if (dot < cut * sqrt(h2))
			return 0;
		double s = 0;
		for (uint32_t j = 0; j < nb; j++) {
			double w = lk_weight(d, n, &bt[j]);
			s += w * w;
		}
		keep_norm(b, n, s);
	}
	double nbn = b->norm;
	return nbn > 0 ? dot / (na * nbn) : 0;
}

double lk_query_reweigh(const lk_dict *d, size_t n, const lk_article *a,
			const double *q, const unsigned char *lead,
			double share_a, const lk_article *b, double *share_b,
			double *agree)
{
	const lk_term *bt = b->terms;
	uint32_t nb = b->n_terms;
	int whole = b->norm_n != (uint32_t)n || *share_b < 0;
	/* the dot product, whole and over each lead's terms, summed as
	 * lk_query_cosine sums it; b's squared norm, whole and over its
	 * lead, as lk_norm sums it */
	double dot = 0, dot_a = 0, dot_b = 0, b2 = 0, b2_lead = 0;
	for (uint32_t j = 0; j < nb; j++) {
		uint32_t id = LK_ID(bt[j].id);
		int in_lead = (bt[j].id & LK_LEAD_BIT) != 0;
		double x = q[id], w = 0;
		if (x > 0 || whole)
			w = lk_weight(d, n, &bt[j]);
		if (x > 0) {
			dot += x * w;
			dot_a += lead[id] ? x * w : 0;
			dot_b += in_lead ? x * w : 0;
		}
		if (whole) {
			b2 += w * w;
			b2_lead += in_lead ? w * w : 0;
		}
	}
	if (whole) {
		if (b->norm_n != (uint32_t)n)
			keep_norm(b, n, b2);
		*share_b = b2 > 0 ? sqrt(b2_lead / b2) : 0;
	}
	*agree = 1;
	if (dot > 0) {
		double ra = share_a > 0 ? dot_a / dot / share_a : 0;
		double rb = *share_b > 0 ? dot_b / dot / *share_b : 0;
		*agree = ra < rb ? ra : rb;
	}
	double na = a->norm, nbn = b->norm;
	return dot != 0 && na > 0 && nbn > 0 ? dot / (na * nbn) : 0;
}

/* ---- preparing an article's terms (no linker needed) ------------------- */

/*
 * The distinct words of one article get local ids from a small
 * open-addressing table; the linker maps them to its dictionary when the
 * article is added (lk_intern), so that preparing needs no shared state.
 */
struct collect {
	lk_input *in;
	marsad_buf words;    /* the distinct words, NUL-terminated */
	uint32_t *slot;      /* local id + 1, 0 = empty */
	uint32_t n_slots;
	size_t cap_words;
	lk_term *t;          /* by local id: its occurrences' tf summed in
				order (as lk_merge_terms would), a name when
				any was */
	uint32_t *sk;        /* by local id: its skeleton hash */
	size_t cap, cap_sk;
	uint32_t *pos_sk;    /* body: skeleton hash at each position */
	size_t cap_pos;
	float base;          /* TITLE_WEIGHT or 1 */
	int body;
	int err;
};

int lk_grow(void **p, size_t *cap, size_t need, size_t size, size_t first,
	    int zero)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : first;
	while (c < need)
		c *= 2;
	char *q = realloc(*p, c * size);
	if (!q)
		return MARSAD_ENOMEM;
	if (zero)
		memset(q + *cap * size, 0, (c - *cap) * size);
	*p = q;
	*cap = c;
	return 0;
}

/* The local id of word w, added when new (with its tf and its skeleton
 * hash, `skeleton`); -1 when out of memory. */
static int64_t local_id(struct collect *c, const char *w, size_t len,
			uint32_t skeleton)
{
	lk_input *in = c->in;
	if ((in->n_words + 1) * 2 > c->n_slots) {
		uint32_t n = c->n_slots ? c->n_slots * 2 : 256;
		uint32_t *slot = calloc(n, sizeof *slot);
		if (!slot)
			return -1;
		for (uint32_t i = 0; i < in->n_words; i++) {
			uint32_t h = in->word[i].hash & (n - 1);
			while (slot[h])
				h = (h + 1) & (n - 1);
			slot[h] = i + 1;
		}
		free(c->slot);
		c->slot = slot;
		c->n_slots = n;
	}
	uint32_t hash = fnv(w, len), h = hash & (c->n_slots - 1);
	for (; c->slot[h]; h = (h + 1) & (c->n_slots - 1)) {
		const lk_word *o = &in->word[c->slot[h] - 1];
		if (o->hash == hash && o->len == len &&
		    memcmp(c->words.data + o->off, w, len) == 0)
			return c->slot[h] - 1;
	}
	uint32_t id = in->n_words;
	if (lk_grow((void **)&in->word, &c->cap_words, id + 1, sizeof *in->word,
		    256, 0) ||
	    lk_grow((void **)&c->t, &c->cap, id + 1, sizeof *c->t, 256, 0) ||
	    lk_grow((void **)&c->sk, &c->cap_sk, id + 1, sizeof *c->sk, 256, 0) ||
	    marsad_buf_reserve(&c->words, len + 1))
		return -1;
	uint32_t off = (uint32_t)c->words.len;
	memcpy(c->words.data + off, w, len);
	c->words.data[off + len] = 0;
	c->words.len += len + 1;
	c->words.data[c->words.len] = 0;
	in->word[id] = (lk_word){off, (uint32_t)len, hash};
	c->t[id] = (lk_term){id, 0};
	c->sk[id] = skeleton;
	c->slot[h] = id + 1;
	return in->n_words++;
}

static int on_token(void *ctx, const marsad_token *tok)
{
	struct collect *c = ctx;
	lk_input *in = c->in;
	if (c->body && in->n_tok >= BODY_TERMS_MAX)
		return 0;
	int64_t id = local_id(c, tok->stem, tok->stem_len, tok->skeleton);
	if (id < 0)
		return c->err = MARSAD_ENOMEM;
	float w = c->base;
	int name = (tok->flags & MARSAD_TOKEN_NAME) != 0;
	if (name)
		w *= NAME_WEIGHT;
	if (tok->kind == MARSAD_TOKEN_NUMBER)
		w *= NUMBER_WEIGHT;
	c->t[id].tf += w; /* from 0: the first occurrence's tf exactly */
	if (name)
		c->t[id].id |= LK_NAME_BIT;
	if (!c->body || in->n_tok < LK_LEAD_TERMS)
		c->t[id].id |= LK_LEAD_BIT;
	if (c->body) {
		size_t k = in->n_tok;
		/* three arrays of one capacity, cap_pos: the last grows it */
		size_t cap_start = c->cap_pos, cap_end = c->cap_pos;
		if (lk_grow((void **)&in->start, &cap_start, k + 1,
			    sizeof *in->start, 256, 0) ||
		    lk_grow((void **)&in->end, &cap_end, k + 1, sizeof *in->end,
			    256, 0) ||
		    lk_grow((void **)&c->pos_sk, &c->cap_pos, k + 1,
			    sizeof *c->pos_sk, 256, 0))
			return c->err = MARSAD_ENOMEM;
		c->pos_sk[k] = c->sk[id];
		in->start[k] = (uint32_t)tok->start;
		in->end[k] = (uint32_t)tok->end;
		in->n_tok++;
	}
	return 0;
}

/* A least-significant-digit radix sort, a byte of the id per pass, as
 * many passes as the largest id has bytes (a pass where all share the
 * byte moves nothing); stable like each of its passes. */
int lk_sort_terms(lk_term *t, size_t n)
{
	if (n <= SORT_INSERTION) {
		for (size_t i = 1; i < n; i++) {
			lk_term x = t[i];
			size_t j = i;
			for (; j > 0 && LK_ID(t[j - 1].id) > LK_ID(x.id); j--)
				t[j] = t[j - 1];
			t[j] = x;
		}
		return 0;
	}
	size_t run = 1;
	while (run < n && LK_ID(t[run - 1].id) <= LK_ID(t[run].id))
		run++;
	if (run == n)
		return 0; /* in order already (a story of one article's terms) */
	uint32_t max = 0;
	for (size_t i = 0; i < n; i++)
		max |= LK_ID(t[i].id);
	lk_term *tmp = malloc(n * sizeof *tmp), *src = t, *dst = tmp;
	if (!tmp)
		return MARSAD_ENOMEM;
	for (unsigned shift = 0; shift < 32 && max >> shift; shift += 8) {
		size_t at[257] = {0};
		for (size_t i = 0; i < n; i++)
			at[(LK_ID(src[i].id) >> shift & 0xff) + 1]++;
		if (at[(LK_ID(src[0].id) >> shift & 0xff) + 1] == n)
			continue;
		for (size_t k = 1; k < 257; k++)
			at[k] += at[k - 1];
		for (size_t i = 0; i < n; i++)
			dst[at[LK_ID(src[i].id) >> shift & 0xff]++] = src[i];
		lk_term *x = src;
		src = dst;
		dst = x;
	}
	if (src != t)
		memcpy(t, src, n * sizeof *t);
	free(tmp);
	return 0;
}

int lk_merge_terms(lk_term *t, size_t *n)
{
	if (lk_sort_terms(t, *n))
		return MARSAD_ENOMEM;
	size_t m = 0;
	for (size_t i = 0; i < *n; i++) {
		if (m && LK_ID(t[m - 1].id) == LK_ID(t[i].id)) {
			t[m - 1].tf += t[i].tf;
			t[m - 1].id |= t[i].id & LK_FLAGS;
		} else {
			t[m++] = t[i];
		}
	}
	*n = m;
	return 0;
}

/* p cut down to n elements (p itself when realloc cannot). */
static void *shrink(void *p, size_t n, size_t size)
{
	void *q = n ? realloc(p, n * size) : NULL;
	return q ? q : p;
}

int lk_prepare_terms(lk_input *in, const marsad_article *a)
{
	const marsad_doc *d = a->doc;
	const char *title = d->title ? d->title : "";
	struct collect c = {.in = in, .base = TITLE_WEIGHT};
	int rc = marsad_analysis_each(a->title_words, title, strlen(title), 0,
				      on_token, &c);
	if (rc == 0) {
		c.base = 1;
		c.body = 1;
		rc = marsad_analysis_each(a->text_words, d->text ? d->text : "",
					  d->text ? d->text_len : 0, 0,
					  on_token, &c);
	}
	if (rc == 0 && c.err)
		rc = c.err;
	free(c.slot);
	if (rc == 0 && in->n_tok >= LK_SHINGLE) {
		in->sh = malloc((in->n_tok - LK_SHINGLE + 1) * sizeof *in->sh);
		if (!in->sh)
			rc = MARSAD_ENOMEM;
		for (size_t i = 0; in->sh && i + LK_SHINGLE <= in->n_tok; i++)
			in->sh[i] = marsad_link_shingle_hash(c.pos_sk + i);
	}
	free(c.pos_sk);
	free(c.sk);
	if (rc) {
		free(c.t);
		marsad_buf_clear(&c.words);
		return rc < 0 ? rc : MARSAD_ENOMEM;
	}
	/* c.t is by local id: sorted, one entry an id */
	size_t n = in->n_words;
	for (size_t i = 0; i < n; i++)
		c.t[i].tf = 1 + logf(c.t[i].tf);
	/* The linker keeps these for every article: no spare capacity. */
	in->terms = shrink(c.t, n, sizeof *c.t);
	in->start = shrink(in->start, in->n_tok, sizeof *in->start);
	in->end = shrink(in->end, in->n_tok, sizeof *in->end);
	in->n_terms = (uint32_t)n;
	in->words = marsad_buf_steal(&c.words, NULL);
	return in->words ? 0 : MARSAD_ENOMEM;
}

int lk_intern(marsad_linker *l, lk_input *in, lk_article *a)
{
	for (uint32_t i = 0; i < in->n_terms; i++) {
		const lk_word *w = &in->word[LK_ID(in->terms[i].id)];
		int64_t id = dict_find(&l->dict, in->words + w->off, w->len,
				       w->hash);
		if (id < 0)
			return MARSAD_ENOMEM;
		in->terms[i].id = (uint32_t)id | (in->terms[i].id & LK_FLAGS);
	}
	if (lk_sort_terms(in->terms, in->n_terms))
		return MARSAD_ENOMEM;
	for (uint32_t i = 0; i < in->n_terms; i++)
		l->dict.df[LK_ID(in->terms[i].id)]++;
	a->terms = in->terms;
	a->n_terms = in->n_terms;
	a->sh = in->sh;
	a->start = in->start;
	a->end = in->end;
	a->n_tok = in->n_tok;
	in->terms = NULL;
	in->sh = in->start = in->end = NULL;
	return 0;
}
