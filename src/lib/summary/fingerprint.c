/*
 * fingerprint.c — sentence fingerprints: the set of hashed shingles of a
 * sentence's analyzer terms, and the overlap coefficient of two sets
 * (definitions in summary.h).
 *
 * Full shingles are copy detection's own (marsad_link_shingle_hash over
 * the terms' skeleton hashes); a sentence shorter than a shingle is one
 * shingle of all its terms, mixed here by multiply-and-rotate so that term
 * order matters. The set is sorted, which makes intersecting two of them
 * one merge pass.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "summary_int.h"

uint32_t sm_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

int sm_vec_grow(sm_vec *a, size_t extra)
{
	size_t cap = a->cap ? a->cap * 2 : 16;
	while (cap < a->n + extra)
		cap *= 2;
	uint32_t *v = realloc(a->v, cap * sizeof *v);
	if (!v)
		return MARSAD_ENOMEM;
	a->v = v;
	a->cap = cap;
	return 0;
}

static void insertion_sort(uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/*
 * Quicksort with the median of three as pivot, down to runs of 16 that
 * insertion sort finishes; the smaller side recursed into, so the depth
 * stays logarithmic. Sentences' terms and shingles are tens to hundreds of
 * values, where insertion sort alone is quadratic and qsort() pays a call
 * per comparison.
 */
void sm_sort_u32(uint32_t *v, size_t n)
{
	while (n > 16) {
		uint32_t a = v[0], b = v[n / 2], c = v[n - 1];
		uint32_t pivot = a < b ? (b < c ? b : a < c ? c : a)
				       : (a < c ? a : b < c ? c : b);
		size_t i = 0, j = n - 1;
		for (;;) { /* Hoare partition */
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			uint32_t t = v[i];
			v[i++] = v[j];
			v[j--] = t;
		}
		/* [0, j] ≤ pivot ≤ [j + 1, n) */
		size_t left = j + 1;
		if (left < n - left) {
			sm_sort_u32(v, left);
			v += left;
			n -= left;
		} else {
			sm_sort_u32(v + left, n - left);
			n = left;
		}
	}
	insertion_sort(v, n);
}

/*
 * Sorts v[0, n), hashes spread evenly over 32 bits: dealt by their top
 * bits into n/2 to n buckets, in order, which leaves insertion sort about a
 * comparison a value to finish. Linear where sm_sort_u32() pays about 50
 * instructions a value on a sentence's shingles; a few values, or more
 * than the scratch on the stack holds, go to sm_sort_u32().
 */
static void sort_hashes(uint32_t *v, size_t n)
{
	enum { FEW = 16, MOST = 256 };
	if (n < FEW || n > MOST) {
		sm_sort_u32(v, n);
		return;
	}
	unsigned bits = 3;
	while (((size_t)2 << bits) <= n)
		bits++;
	size_t buckets = (size_t)1 << bits;
	uint16_t at[MOST + 1]; /* where each bucket starts in v */
	uint32_t copy[MOST];
	for (size_t b = 0; b <= buckets; b++)
		at[b] = 0;
	for (size_t i = 0; i < n; i++)
		at[(v[i] >> (32 - bits)) + 1]++;
	for (size_t b = 1; b <= buckets; b++)
		at[b] = (uint16_t)(at[b] + at[b - 1]);
	memcpy(copy, v, n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[at[copy[i] >> (32 - bits)]++] = copy[i];
	insertion_sort(v, n);
}

/* Room in *out (*n entries, *cap allocated) for `count` more: where
 * they go, or NULL when memory runs out. */
static uint32_t *room_for(uint32_t **out, size_t n, size_t *cap, size_t count)
{
	sm_vec v = {*out, n, *cap};
	if (sm_vec_reserve(&v, count) < 0)
		return NULL;
	*out = v.v;
	*cap = v.cap;
	return v.v + n;
}

/* The count shingles at dst made a set: sorted, each once; *n grows by
 * its size. */
static void make_set(uint32_t *dst, size_t count, size_t *n)
{
	sort_hashes(dst, count);
	size_t m = 0;
	for (size_t i = 0; i < count; i++)
		if (m == 0 || dst[i] != dst[m - 1])
			dst[m++] = dst[i];
	*n += m;
}

int sm_shingles_of(const uint32_t *sh, size_t n_terms, uint32_t **out,
		   size_t *n, size_t *cap)
{
	size_t count = n_terms - MARSAD_LINK_SHINGLE + 1;
	uint32_t *dst = room_for(out, *n, cap, count);
	if (!dst)
		return MARSAD_ENOMEM;
	memcpy(dst, sh, count * sizeof *dst);
	make_set(dst, count, n);
	return 0;
}

int sm_shingles(const uint32_t *terms, size_t n_terms, uint32_t **out,
		size_t *n, size_t *cap)
{
	if (n_terms == 0)
		return 0;
	size_t count = n_terms >= MARSAD_LINK_SHINGLE
			       ? n_terms - MARSAD_LINK_SHINGLE + 1
			       : 1;
	uint32_t *dst = room_for(out, *n, cap, count);
	if (!dst)
		return MARSAD_ENOMEM;
	if (n_terms >= MARSAD_LINK_SHINGLE) {
		for (size_t i = 0; i < count; i++)
			dst[i] = marsad_link_shingle_hash(terms + i);
	} else {
		uint32_t h = 0x9e3779b9u;
		for (size_t j = 0; j < n_terms; j++) {
			h ^= terms[j];
			h *= 0x85ebca6bu;
			h = (h << 13) | (h >> 19);
		}
		dst[0] = h;
	}
	make_set(dst, count, n);
	return 0;
}

static int collect(void *ctx, const marsad_token *t)
{
	return sm_vec_push(ctx, t->skeleton);
}

int marsad_summary_fingerprint(const char *s, size_t len, uint32_t **out,
			       size_t *n)
{
	if (!out || !n || (!s && len))
		return MARSAD_EINVAL;
	*out = NULL;
	*n = 0;
	sm_vec terms = {0};
	int rc = marsad_analyze(s, len, 0, collect, &terms);
	uint32_t *fp = NULL;
	size_t nfp = 0, cap = 0;
	if (rc == 0)
		rc = sm_shingles(terms.v, terms.n, &fp, &nfp, &cap);
	free(terms.v);
	if (rc < 0) {
		free(fp);
		return rc;
	}
	if (nfp == 0) {
		free(fp);
		fp = NULL;
	}
	*out = fp;
	*n = nfp;
	return 0;
}

double marsad_summary_similarity(const uint32_t *a, size_t na,
				 const uint32_t *b, size_t nb)
{
	if (!a || !b || na == 0 || nb == 0)
		return 0;
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			common++;
			i++;
			j++;
		}
	}
	return (double)common / (double)(na < nb ? na : nb);
}
