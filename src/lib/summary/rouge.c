/*
 * rouge.c — ROUGE-1, ROUGE-2 and ROUGE-L (Lin 2004, "ROUGE: A Package for
 * Automatic Evaluation of Summaries") over the analyzer's tokens; the
 * definitions are in summary.h.
 *
 * Tokens become 32-bit hashes of their text (a collision would need two
 * different words of one text pair with the same hash, which the scores
 * could not show); n-grams are counted by sorting and merging; the LCS is
 * the classic dynamic program in two rows, O(|cand| · |ref|) time.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "summary_int.h"

typedef struct tokens {
	sm_vec v;
	unsigned flags;
} tokens;

static int take(void *ctx, const marsad_token *t)
{
	tokens *tk = ctx;
	if ((tk->flags & MARSAD_ROUGE_NO_STOPWORDS) &&
	    (t->flags & MARSAD_TOKEN_STOPWORD))
		return 0;
	if (tk->v.n >= MARSAD_ROUGE_MAX_TOKENS)
		return MARSAD_ETOOBIG;
	return sm_vec_push(&tk->v, sm_hash(t->stem, t->stem_len));
}

static int tokenize(const char *s, size_t len, unsigned flags, tokens *tk)
{
	tk->flags = flags;
	unsigned af = MARSAD_ANALYZE_KEEP_STOPWORDS;
	if (!(flags & MARSAD_ROUGE_STEM))
		af |= MARSAD_ANALYZE_NO_STEM;
	return marsad_analyze(s, len, af, take, tk);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The n-grams (n = 1 or 2) of t as sorted 64-bit keys; *m receives how
 * many. NULL with *m 0 when there are none, NULL with *m 1 on ENOMEM. */
static uint64_t *ngrams(const sm_vec *t, int n, size_t *m)
{
	*m = 0;
	if (t->n < (size_t)n)
		return NULL;
	size_t k = t->n - (size_t)n + 1;
	uint64_t *g = malloc(k * sizeof *g);
	if (!g) {
		*m = 1;
		return NULL;
	}
	for (size_t i = 0; i < k; i++)
		g[i] = n == 1 ? t->v[i]
			      : ((uint64_t)t->v[i] << 32) | t->v[i + 1];
	qsort(g, k, sizeof *g, cmp_u64);
	*m = k;
	return g;
}

static void prf(marsad_rouge_prf *o, size_t hit, size_t n_cand, size_t n_ref)
{
	o->p = n_cand ? (double)hit / (double)n_cand : 0;
	o->r = n_ref ? (double)hit / (double)n_ref : 0;
	o->f = o->p + o->r > 0 ? 2 * o->p * o->r / (o->p + o->r) : 0;
}

/* Clipped overlap of two sorted n-gram lists: Σ min(count_a, count_b). */
static size_t overlap(const uint64_t *a, size_t na, const uint64_t *b,
		      size_t nb)
{
	size_t i = 0, j = 0, hit = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			hit++;
			i++;
			j++;
		}
	}
	return hit;
}

static int rouge_n(const sm_vec *c, const sm_vec *r, int n,
		   marsad_rouge_prf *out)
{
	size_t nc, nr;
	uint64_t *gc = ngrams(c, n, &nc);
	uint64_t *gr = ngrams(r, n, &nr);
	int rc = 0;
	if ((!gc && nc) || (!gr && nr))
		rc = MARSAD_ENOMEM;
	else
		prf(out, overlap(gc, nc, gr, nr), nc, nr);
	free(gc);
	free(gr);
	return rc;
}

static int rouge_l(const sm_vec *c, const sm_vec *r, marsad_rouge_prf *out)
{
	if (c->n == 0 || r->n == 0) {
		prf(out, 0, c->n, r->n);
		return 0;
	}
	uint32_t *prev = calloc(r->n + 1, sizeof *prev);
	uint32_t *cur = calloc(r->n + 1, sizeof *cur);
	if (!prev || !cur) {
		free(prev);
		free(cur);
		return MARSAD_ENOMEM;
	}
	for (size_t i = 1; i <= c->n; i++) {
		for (size_t j = 1; j <= r->n; j++) {
			if (c->v[i - 1] == r->v[j - 1])
				cur[j] = prev[j - 1] + 1;
			else
				cur[j] = cur[j - 1] > prev[j] ? cur[j - 1]
							      : prev[j];
		}
		uint32_t *t = prev;
		prev = cur;
		cur = t;
	}
	prf(out, prev[r->n], c->n, r->n);
	free(prev);
	free(cur);
	return 0;
}

int marsad_summary_rouge(const char *cand, size_t cand_len, const char *ref,
			 size_t ref_len, unsigned flags, marsad_rouge *out)
{
	if (!out)
		return MARSAD_EINVAL;
	memset(out, 0, sizeof *out);
	if ((!cand && cand_len) || (!ref && ref_len))
		return MARSAD_EINVAL;
	tokens c = {0}, r = {0};
	int rc = tokenize(cand, cand_len, flags, &c);
	if (rc == 0)
		rc = tokenize(ref, ref_len, flags, &r);
	if (rc == 0)
		rc = rouge_n(&c.v, &r.v, 1, &out->r1);
	if (rc == 0)
		rc = rouge_n(&c.v, &r.v, 2, &out->r2);
	if (rc == 0)
		rc = rouge_l(&c.v, &r.v, &out->rl);
	free(c.v.v);
	free(r.v.v);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc < 0 ? rc : 0;
}
