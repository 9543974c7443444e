/*
 * analysis.c — a text analyzed once, its tokens replayed for each stage.
 *
 * marsad_analyze() with stems and stopwords kept reports every token, and
 * the other flag combinations are views of that run: without
 * MARSAD_ANALYZE_KEEP_STOPWORDS the stopwords are left out (they still
 * count in `index` and still break a name chain, as in the analyzer), and
 * with MARSAD_ANALYZE_NO_STEM the index term is the normalized form and no
 * word is flagged a name (the name test belongs to the stemmer). The
 * tokens are kept as spans and offsets into one pool of normalized forms,
 * each followed by a NUL as the analyzer's are; a stem is always a slice of
 * its normalized form.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"

typedef struct kept {
	size_t start, end;
	size_t norm_at;             /* into the pool */
	uint16_t norm_len;          /* <= MARSAD_TOKEN_MAX */
	uint16_t stem_at, stem_len; /* the stem's slice of norm */
	uint8_t kind, flags;
} kept;

struct marsad_analysis {
	const char *text; /* the analyzed text, by address */
	size_t len;
	kept *tok;
	size_t n, cap;
	marsad_buf pool;
};

static int keep(void *ctx, const marsad_token *t)
{
	marsad_analysis *a = ctx;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		kept *v = realloc(a->tok, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM; /* stops the analysis */
		a->tok = v;
		a->cap = cap;
	}
	kept *k = &a->tok[a->n];
	k->start = t->start;
	k->end = t->end;
	k->norm_at = a->pool.len;
	k->norm_len = (uint16_t)t->norm_len;
	k->stem_at = (uint16_t)(t->stem - t->norm);
	k->stem_len = (uint16_t)t->stem_len;
	k->kind = (uint8_t)t->kind;
	k->flags = (uint8_t)t->flags;
	if (marsad_buf_append(&a->pool, t->norm, t->norm_len) ||
	    marsad_buf_putc(&a->pool, '\0'))
		return MARSAD_ENOMEM; /* stops the analysis */
	a->n++;
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
	/* about one token per seven bytes of Arabic news, spaces included */
	size_t guess = len / 7 + 16;
	if (marsad_buf_reserve(&a->pool, len + guess) < 0) {
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
		const kept *k = &a->tok[i];
		if (!keep_stop && (k->flags & MARSAD_TOKEN_STOPWORD))
			continue;
		const char *norm = a->pool.data + k->norm_at;
		marsad_token t = {
			.start = k->start,
			.end = k->end,
			.norm = norm,
			.norm_len = k->norm_len,
			.stem = no_stem ? norm : norm + k->stem_at,
			.stem_len = no_stem ? k->norm_len : k->stem_len,
			.kind = (marsad_token_kind)k->kind,
			.flags = no_stem ? k->flags & ~MARSAD_TOKEN_NAME
					 : k->flags,
			.index = i,
		};
		int rc = fn(ctx, &t);
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

int marsad_analysis_span(const marsad_analysis *a, size_t start, size_t end,
			 unsigned flags, marsad_token_fn fn, void *ctx)
{
	if (!a || !fn)
		return MARSAD_EINVAL;
	/* the first token starting at or after start: tokens are in order */
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->tok[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t to = lo;
	while (to < a->n && a->tok[to].end <= end)
		to++;
	return replay(a, lo, to, flags, fn, ctx);
}
