/*
 * fingerprint.c — sentence fingerprints: the set of hashed shingles of a
 * sentence's analyzer terms, and the overlap coefficient of two sets
 * (definitions in summary.h).
 *
 * Full shingles are copy detection's own (marsad_link_shingle_hash over
 * the terms' skeleton hashes); a sentence shorter than a shingle is one
 * shingle of all its terms, mixed here by multiply-and-rotate so that term
 * order matters. A sentence's set keeps its shingles in the order they
 * come, each once (a small hash table of the ones kept tells repeats):
 * nothing that reads it needs them sorted, and sorting tens of values per
 * sentence cost more than all the rest of its fingerprint. Two sets meet
 * through a hash table of the smaller (sm_overlap()).
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

void sm_sort(void *base, size_t n, size_t size,
	     int (*cmp)(const void *, const void *))
{
	unsigned char *b = base, x[SM_SORT_SIZE];
	if (n > SM_SORT_SMALL || size > sizeof x) {
		qsort(base, n, size, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		while (j > 0 && cmp(b + (j - 1) * size, b + i * size) > 0)
			j--;
		if (j == i)
			continue;
		memcpy(x, b + i * size, size);
		memmove(b + (j + 1) * size, b + j * size, (i - j) * size);
		memcpy(b + j * size, x, size);
	}
}

/*
 * Quicksort with the median of three as pivot, down to runs of 16 that
 * insertion sort finishes; the smaller side recursed into, so the depth
 * stays logarithmic. What it sorts (a fingerprint too large for
 * distinct()'s table on the stack, one marsad_summary_fingerprint()
 * returns) is tens to hundreds of values, where insertion sort alone is
 * quadratic and qsort() pays a call per comparison.
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

/* A table of the hashes of a set for distinct() and sm_overlap():
 * open addressing by the hash's low bits (shingle hashes are mixed
 * already), slot = position in the set + 1, 0 empty; at most half full.
 * On the stack for up to LOCAL_SLOTS slots. */
enum { LOCAL_SLOTS = 512 };

static size_t table_slots(size_t n)
{
	size_t slots = 16;
	while (slots < 2 * n)
		slots *= 2;
	return slots;
}

/* The slot of v in the table of set[]: where it is, or the empty one. */
static size_t table_find(const uint32_t *slot, size_t slots,
			 const uint32_t *set, uint32_t v)
{
	size_t k = v & (slots - 1);
	while (slot[k] && set[slot[k] - 1] != v)
		k = (k + 1) & (slots - 1);
	return k;
}

/* v[0, n) each once, in the order they first come; the count kept. A
 * set too large for the stack's table is sorted instead. */
static size_t distinct(uint32_t *v, size_t n)
{
	size_t slots = table_slots(n), m = 0;
	if (slots > LOCAL_SLOTS) {
		sm_sort_u32(v, n);
		for (size_t i = 0; i < n; i++)
			if (m == 0 || v[i] != v[m - 1])
				v[m++] = v[i];
		return m;
	}
	uint32_t slot[LOCAL_SLOTS];
	memset(slot, 0, slots * sizeof *slot);
	for (size_t i = 0; i < n; i++) {
		size_t k = table_find(slot, slots, v, v[i]);
		if (!slot[k]) {
			v[m] = v[i];
			slot[k] = (uint32_t)++m;
		}
	}
	return m;
}

double sm_overlap(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (!a || !b || na == 0 || nb == 0)
		return 0;
	if (na > nb) { /* the table holds the smaller */
		const uint32_t *t = a;
		a = b;
		b = t;
		size_t tn = na;
		na = nb;
		nb = tn;
	}
	size_t slots = table_slots(na), common = 0;
	uint32_t local[LOCAL_SLOTS];
	uint32_t *slot = slots <= LOCAL_SLOTS ? local
					      : malloc(slots * sizeof *slot);
	if (!slot) { /* out of memory: pair by pair */
		for (size_t i = 0; i < na; i++)
			for (size_t j = 0; j < nb; j++)
				common += a[i] == b[j];
		return (double)common / (double)na;
	}
	memset(slot, 0, slots * sizeof *slot);
	for (size_t i = 0; i < na; i++)
		slot[table_find(slot, slots, a, a[i])] = (uint32_t)i + 1;
	for (size_t j = 0; j < nb; j++)
		common += slot[table_find(slot, slots, a, b[j])] != 0;
	if (slot != local)
		free(slot);
	return (double)common / (double)na;
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

/* The count shingles at dst made a set; *n grows by its size. */
static void make_set(uint32_t *dst, size_t count, size_t *n)
{
	*n += distinct(dst, count);
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
	sm_sort_u32(fp, nfp); /* as summary.h promises */
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
	return sm_overlap(a, na, b, nb);
}
