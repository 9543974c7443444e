/*
 * fuzz_tokenize.c — marsad_analyze() and marsad_sentences() on arbitrary
 * bytes. Invariants: token spans are in bounds, non-empty and in order;
 * indexes count up from 0 without gaps (and keep counting stopwords when
 * those are left out); words and stems are valid UTF-8 of 1 to
 * MARSAD_TOKEN_MAX bytes; each word is found in the normalization of its
 * span (equal to it, except for truncation and for one character that
 * expands to several words); sentence spans are in order, disjoint and
 * non-empty, and every token lies inside one of them.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"

#define ASSERT(c) ((c) ? (void)0 : abort())

typedef struct state {
	const char *s;
	size_t size, next_index, last_start;
	int all; /* stopwords are reported: indexes have no gaps */
	marsad_span *sent;
	size_t n_sent;
} state;

static int on_token(void *ctx, const marsad_token *t)
{
	state *st = ctx;
	ASSERT(t->start < t->end && t->end <= st->size);
	ASSERT(t->start >= st->last_start);
	ASSERT(st->all ? t->index == st->next_index
		       : t->index >= st->next_index);
	ASSERT(t->norm_len >= 1 && t->norm_len <= MARSAD_TOKEN_MAX);
	ASSERT(t->stem_len >= 1 && t->stem_len <= MARSAD_TOKEN_MAX);
	ASSERT(t->kind >= MARSAD_TOKEN_ARABIC && t->kind <= MARSAD_TOKEN_OTHER);
	ASSERT(marsad_utf8_check(t->norm, t->norm_len, NULL) == 0);
	ASSERT(marsad_utf8_check(t->stem, t->stem_len, NULL) == 0);
	st->last_start = t->start;
	st->next_index = t->index + 1;

	marsad_buf b = MARSAD_BUF_INIT;
	ASSERT(marsad_normalize(st->s + t->start, t->end - t->start, &b) == 0);
	ASSERT(memmem(b.data, b.len, t->norm, t->norm_len) != NULL);
	marsad_buf_clear(&b);

	if (st->sent) {
		size_t k = 0;
		while (k < st->n_sent && st->sent[k].end <= t->start)
			k++;
		ASSERT(k < st->n_sent && st->sent[k].start <= t->start &&
		       t->end <= st->sent[k].end);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	state st = {(const char *)data, size, 0, 0, 1, NULL, 0};
	ASSERT(marsad_sentences(st.s, size, &st.sent, &st.n_sent) == 0);
	for (size_t k = 0; k < st.n_sent; k++) {
		ASSERT(st.sent[k].start < st.sent[k].end);
		ASSERT(st.sent[k].end <= size);
		ASSERT(k == 0 || st.sent[k - 1].end <= st.sent[k].start);
	}
	ASSERT(marsad_analyze(st.s, size, MARSAD_ANALYZE_KEEP_STOPWORDS,
			      on_token, &st) == 0);
	st.next_index = st.last_start = 0;
	st.all = 0;
	ASSERT(marsad_analyze(st.s, size, 0, on_token, &st) == 0);
	free(st.sent);
	return 0;
}
