/*
 * analysis.c — a text analyzed once, its tokens replayed for each stage.
 *
 * marsad_analyze() with stems and stopwords kept reports every token, and
 * the other flag combinations are views of that run: without
 * MARSAD_ANALYZE_KEEP_STOPWORDS the stopwords are left out (they still
 * count in `index` and still break a name chain, as in the analyzer), and
 * with MARSAD_ANALYZE_NO_STEM the index term is the normalized form and no
 * word is flagged a name (the name test belongs to the stemmer). The
 * tokens are kept whole, pointing into one pool of normalized forms, each
 * followed by a NUL as the analyzer's are (a stem is always a slice of its
 * normalized form): a replay with stems hands the kept token itself to the
 * consumer, one without copies it to change three fields, and
 * marsad_analysis_tokens() hands out a span of the kept tokens whole.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"

struct marsad_analysis {
	const char *text; /* the analyzed text, by address */
	size_t len;
	marsad_token *tok; /* norm and stem point into pool */
	size_t n, cap;
	marsad_buf pool;
};

/* Moves the pool to a block with room for `need` more bytes, the kept
 * tokens pointing into it (moved by hand, not realloc(), so that they are
 * rebased while the old block is there). */
static int grow_pool(marsad_analysis *a, size_t need)
{
	marsad_buf nb = MARSAD_BUF_INIT;
	if (marsad_buf_reserve(&nb, a->pool.len + need))
		return MARSAD_ENOMEM;
	memcpy(nb.data, a->pool.data, a->pool.len + 1);
	nb.len = a->pool.len;
	for (size_t i = 0; i < a->n; i++) {
		marsad_token *k = &a->tok[i];
		k->norm = nb.data + (k->norm - a->pool.data);
		k->stem = nb.data + (k->stem - a->pool.data);
	}
	marsad_buf_clear(&a->pool);
	a->pool = nb;
	return 0;
}

static int keep(void *ctx, const marsad_token *t)
{
	marsad_analysis *a = ctx;
	if (a->n == a->cap) {
		size_t cap = a->cap * 2;
		marsad_token *v = realloc(a->tok, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM; /* stops the analysis */
		a->tok = v;
		a->cap = cap;
	}
	/* the form and its NUL, within the room reserved up front unless a
	 * fold made it longer than its source */
	marsad_buf *pool = &a->pool;
	size_t need = t->norm_len + 1;
	if (need >= pool->cap - pool->len && grow_pool(a, need))
		return MARSAD_ENOMEM; /* stops the analysis */
	char *norm = pool->data + pool->len;
	memcpy(norm, t->norm, t->norm_len);
	norm[t->norm_len] = 0;
	pool->len += need;
	pool->data[pool->len] = 0;
	marsad_token *k = &a->tok[a->n];
	*k = *t;
	k->norm = norm;
	k->stem = norm + (t->stem - t->norm);
	k->index = a->n++;
	return 0;
}

int marsad_analysis_build(const char *s, size_t len, marsad_analysis **out)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (!s && len)
		return MARSAD_EINVAL;
	marsad_analysis *a = calloc(1, sizeof *a);
	if (!a)
		return MARSAD_ENOMEM;
	a->text = s;
	a->len = len;
	/* about one token per seven bytes of Arabic news, spaces included:
	 * room for that many, and for their forms (never longer than their
	 * source but for rare ligatures) and NULs, so that few texts regrow */
	size_t guess = len / 7 + 16;
	a->tok = malloc(guess * sizeof *a->tok);
	a->cap = guess;
	if (!a->tok || marsad_buf_reserve(&a->pool, len + guess) < 0) {
		free(a->tok);
		marsad_buf_clear(&a->pool);
		free(a);
		return MARSAD_ENOMEM;
	}
	int rc = marsad_analyze(s, len, MARSAD_ANALYZE_KEEP_STOPWORDS, keep, a);
	if (rc) {
		marsad_analysis_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void marsad_analysis_free(marsad_analysis *a)
{
	if (!a)
		return;
	free(a->tok);
	marsad_buf_clear(&a->pool);
	free(a);
}

/* Reports tokens [from, to) of a as marsad_analyze() with these flags
 * would. */
static int replay(const marsad_analysis *a, size_t from, size_t to,
		  unsigned flags, marsad_token_fn fn, void *ctx)
{
	int keep_stop = (flags & MARSAD_ANALYZE_KEEP_STOPWORDS) != 0;
	int no_stem = (flags & MARSAD_ANALYZE_NO_STEM) != 0;
	for (size_t i = from; i < to; i++) {
		const marsad_token *k = &a->tok[i];
		if (!keep_stop && (k->flags & MARSAD_TOKEN_STOPWORD))
			continue;
		int rc;
		if (no_stem) {
			marsad_token t = *k;
			t.stem = t.norm;
			t.stem_len = t.norm_len;
			t.skeleton = 0;
			t.flags &= ~MARSAD_TOKEN_NAME;
			rc = fn(ctx, &t);
		} else {
			rc = fn(ctx, k);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int marsad_analysis_each(const marsad_analysis *a, const char *s, size_t len,
			 unsigned flags, marsad_token_fn fn, void *ctx)
{
	if (!a || a->text != s || a->len != len)
		return marsad_analyze(s, len, flags, fn, ctx);
	if (!fn)
		return MARSAD_EINVAL;
	return replay(a, 0, a->n, flags, fn, ctx);
}

const marsad_token *marsad_analysis_tokens(const marsad_analysis *a,
					   size_t start, size_t end, size_t *n)
{
	*n = 0;
	if (!a)
		return NULL;
	/* the first token starting at or after start, then the first after
	 * it ending past end: tokens are in order and apart, so both their
	 * starts and their ends increase */
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->tok[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo;
	hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->tok[mid].end <= end)
			lo = mid + 1;
		else
			hi = mid;
	}
	*n = lo - first;
	return a->tok + first;
}

int marsad_analysis_span(const marsad_analysis *a, size_t start, size_t end,
			 unsigned flags, marsad_token_fn fn, void *ctx)
{
	if (!a || !fn)
		return MARSAD_EINVAL;
	size_t n;
	size_t from = (size_t)(marsad_analysis_tokens(a, start, end, &n) - a->tok);
	return replay(a, from, from + n, flags, fn, ctx);
}
