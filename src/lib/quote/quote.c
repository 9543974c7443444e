/*
 * quote.c — direct quotations and reported speech with their speakers
 * (contract and resolution order: include/marsad/quote.h).
 *
 * Algorithm, one pass over the article's tokens (marsad_analyze, stopwords
 * kept, no stemming) with its sentences (marsad_sentences) and named
 * entities (marsad_ner_extract, or the caller's):
 *  1. quotation marks are paired (pair_quotes) into candidate spans;
 *  2. PER mentions are propagated: a token that spells the last word of a
 *     tagged person, or that ends a tagged person's full name, is a mention
 *     of that person wherever the tagger missed it;
 *  3. reporting verbs outside quotations are read left to right; each
 *     verb's "window" runs from the verb to what was said (أن/إن/":"/a
 *     quotation), or to the next reporting verb, which says it instead,
 *     and the speaker is looked up in it, before it, in the sentence, or
 *     back in the article (resolve); what was said is reported once;
 *  4. a direct quotation takes the nearest reporting verb before it in its
 *     sentence (or one just after it: "“…”، قال"), a reported clause the
 *     verb that introduced it.
 * The words this reads by are data/quote_words.txt.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/quote.h"
#include "marsad/text.h"
#include "quote_int.h"

/* ---- tokens -------------------------------------------------------------- */

struct tok_ctx {
	qtok *v;
	size_t n, cap;
	unsigned tags; /* every QW_* some token has */
};

static int take_token(void *vctx, const marsad_token *t)
{
	struct tok_ctx *c = vctx;
	if (c->n == c->cap) {
		size_t cap = c->cap * 2;
		qtok *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	qtok *q = &c->v[c->n++];
	size_t n = t->norm_len < QTOK_NORM ? t->norm_len : QTOK_NORM - 1;
	/* field by field: the bytes of norm past its NUL are never read,
	 * so they are not cleared */
	q->start = t->start;
	q->end = t->end;
	memcpy(q->norm, t->norm, n);
	q->norm[n] = 0;
	q->norm_len = (unsigned char)n;
	q->lemma = NULL;
	q->tags = quote_word_tags(q->norm, n, &q->lemma);
	q->flags = t->flags;
	q->kind = (int)t->kind;
	q->sent = 0;
	q->mention = -1;
	q->quote = -1;
	q->verb_ok = 0;
	q->verb_speaker = 0;
	c->tags |= q->tags;
	return 0;
}

/* ---- quotation marks ------------------------------------------------------- */

/* U+201C “ U+201D ” U+00AB « U+00BB » and U+0022 ". */
static int mark_at(const char *s, size_t len, size_t i, size_t *mlen)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[i] == '"') {
		*mlen = 1;
		return '"';
	}
	if (i + 1 < len && u[i] == 0xC2 && (u[i + 1] == 0xAB || u[i + 1] == 0xBB)) {
		*mlen = 2;
		return u[i + 1] == 0xAB ? '<' : '>';
	}
	if (i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 &&
	    (u[i + 2] == 0x9C || u[i + 2] == 0x9D)) {
		*mlen = 3;
		return u[i + 2] == 0x9C ? '(' : ')';
	}
	return 0;
}

static int is_space_at(const char *s, size_t len, size_t i)
{
	return i >= len || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	       s[i] == '\r';
}

/* Is the byte before i a space, the start, or a lone clitic letter و ف ب ل
 * (U+0648 U+0641 U+0628 U+0644) written against the mark ("و”لا يحبها”")? */
static int opens_after(const char *s, size_t i)
{
	if (i == 0 || is_space_at(s, i, i - 1) || s[i - 1] == '(' ||
	    s[i - 1] == ':')
		return 1;
	if (i >= 2 && (unsigned char)s[i - 2] == 0xD9 &&
	    ((unsigned char)s[i - 1] == 0x88 || (unsigned char)s[i - 1] == 0x81 ||
	     (unsigned char)s[i - 1] == 0x84) &&
	    (i == 2 || is_space_at(s, i, i - 3)))
		return 1;
	if (i >= 2 && (unsigned char)s[i - 2] == 0xD8 &&
	    (unsigned char)s[i - 1] == 0xA8 && (i == 2 || is_space_at(s, i, i - 3)))
		return 1;
	return 0;
}

/* The bytes a mark or a line end starts with: '"', 0xC2 (« »), 0xE2 (“ ”)
 * and '\n'. The scan jumps from one to the next: each one's next place is
 * found by memchr and kept until the scan passes it, so the text between
 * marks is not read byte by byte here. */
#define N_STOPS 4
static const char stop_bytes[N_STOPS] = {'"', (char)0xC2, (char)0xE2, '\n'};

/* The first place at or after i of byte c, or len. */
static size_t find_byte(const char *s, size_t len, size_t i, char c)
{
	const char *p = i < len ? memchr(s + i, c, len - i) : NULL;
	return p ? (size_t)(p - s) : len;
}

/* The first place at or after i of a stop byte, or len; at[k] holds the
 * next place of stop_bytes[k] at or after the previous i, and is kept up
 * to date. */
static size_t next_stop(size_t at[N_STOPS], const char *s, size_t len,
			size_t i)
{
	size_t best = len;
	for (size_t k = 0; k < N_STOPS; k++) {
		if (at[k] < i)
			at[k] = find_byte(s, len, i, stop_bytes[k]);
		if (at[k] < best)
			best = at[k];
	}
	return best;
}

/*
 * Pairs quotation marks into spans. An opening mark is “ « or " after a
 * space (or ” after a space or a clitic, as some writers type it); inside
 * a quotation, ” » or " closes it, and so does “ written against the last
 * word (“…أنقرة“); a “ or « after a space reopens inside and is skipped.
 * A quotation still open at the end of its line ends there.
 */
static int pair_quotes(const char *s, size_t len, qspan **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	size_t open_at = 0, body = 0;
	int open = 0;
	size_t at[N_STOPS];
	for (size_t k = 0; k < N_STOPS; k++)
		at[k] = find_byte(s, len, 0, stop_bytes[k]);
	size_t i = next_stop(at, s, len, 0);
	while (i < len) {
		size_t ml = 1;
		int m = mark_at(s, len, i, &ml);
		int close = 0, start = 0;
		if (s[i] == '\n' && open) {
			close = 1;
		} else if (m && !open) {
			start = (m == '(' || m == '<' || m == '"' || m == ')') &&
				opens_after(s, i) && !is_space_at(s, len, i + ml);
		} else if (m && open) {
			if (m == ')' || m == '>' || m == '"')
				close = 1;
			else if (m == '(' && !opens_after(s, i))
				close = 1;
		}
		if (close) {
			size_t b = body, e = i;
			while (b < e && is_space_at(s, len, b))
				b++;
			while (e > b && is_space_at(s, len, e - 1))
				e--;
			if (e > b) {
				if (*n == cap) {
					cap = cap ? cap * 2 : 16;
					qspan *v = realloc(*out, cap * sizeof *v);
					if (!v)
						return MARSAD_ENOMEM;
					*out = v;
				}
				(*out)[(*n)++] = (qspan){open_at, b, e, 0, 0};
			}
			open = 0;
		} else if (start) {
			open = 1;
			open_at = i;
			body = i + ml;
		}
		i = next_stop(at, s, len, i + (m ? ml : 1));
	}
	if (open) {
		size_t b = body, e = len;
		while (b < e && is_space_at(s, len, b))
			b++;
		while (e > b && is_space_at(s, len, e - 1))
			e--;
		if (e > b) {
			if (*n == cap) {
				qspan *v = realloc(*out, (cap + 1) * sizeof *v);
				if (!v)
					return MARSAD_ENOMEM;
				*out = v;
			}
			(*out)[(*n)++] = (qspan){open_at, b, e, 0, 0};
		}
	}
	return 0;
}

/* ---- the extraction ----------------------------------------------------------- */

static int push_quote(marsad_quote **v, size_t *n, size_t *cap,
		      const marsad_quote *q)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		marsad_quote *p = realloc(*v, c * sizeof *p);
		if (!p)
			return MARSAD_ENOMEM;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = *q;
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const marsad_quote *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* The extraction; `split`: sentences are given, else s is split here. */
static int extract(const char *s, size_t len, const marsad_analysis *words,
		   int split, const marsad_span *sentences, size_t n_sentences,
		   const marsad_mention *mentions,
		   size_t n_mentions, marsad_quote **out, size_t *n)
{
	if (out)
		*out = NULL;
	if (n)
		*n = 0;
	if (!out || !n || (!s && len) || (!mentions && n_mentions))
		return MARSAD_EINVAL;
	if (len > MARSAD_QUOTES_MAX)
		return MARSAD_ETOOBIG;
	if (!len)
		return 0;

	qdoc d;
	memset(&d, 0, sizeof d);
	d.s = s;
	d.len = len;
	int rc = 0;
	marsad_mention *own = NULL;
	if (!mentions) {
		size_t k = 0;
		rc = marsad_ner_extract(s, len, &own, &k);
		if (rc)
			return rc;
		mentions = own;
		n_mentions = k;
	}
	/* room for about one token per six bytes of text (Arabic words and
	 * their spaces), within bounds: most articles need no regrowth */
	size_t guess = len / 6 < 256 ? 256 : len / 6 > 8192 ? 8192 : len / 6;
	struct tok_ctx tc = {malloc(guess * sizeof(qtok)), 0, guess, 0};
	if (!tc.v) {
		free(own);
		return MARSAD_ENOMEM;
	}
	marsad_quote *res = NULL;
	size_t n_res = 0, cap_res = 0;
	quote_words_load();
	rc = marsad_analysis_each(words, s, len,
				  MARSAD_ANALYZE_NO_STEM |
					  MARSAD_ANALYZE_KEEP_STOPWORDS,
				  take_token, &tc);
	d.t = tc.v;
	d.n = tc.n;
	marsad_span *own_sent = NULL;
	if (!rc && split) {
		d.sent = sentences;
		d.n_sent = n_sentences;
	} else if (!rc) {
		rc = marsad_sentences(s, len, &own_sent, &d.n_sent);
		d.sent = own_sent;
	}
	if (!rc)
		rc = pair_quotes(s, len, &d.q, &d.n_q);
	/* without a reporting verb or a quotation nothing below reads the
	 * mentions: they are made ready only when one is there */
	if (!rc && ((tc.tags & (QW_VERB | QW_PART)) || d.n_q))
		rc = quote_doc_prepare(&d, mentions, n_mentions);
	/* reported speech and the speakers of verbs, left to right; a verb
	 * or a participle between a verb and what it said ("وأوضح الشيخ
	 * قائلاً: …") says the same words and is no second report */
	size_t said_at = 0; /* the token what the last verb said follows */
	for (size_t i = 0; !rc && i < d.n; i++) {
		qtok *t = &d.t[i];
		if (!(t->tags & (QW_VERB | QW_PART)) || t->quote >= 0 ||
		    i < said_at)
			continue;
		qverb v;
		if (!quote_read_verb(&d, i, &v))
			continue;
		quote_resolve(&d, &v);
		rc = d.err;
		if (rc)
			break;
		d.t[i].verb_speaker = v.speaker;
		d.t[i].verb_ok = 1;
		if (v.said_end > v.said_start)
			said_at = v.w1;
		if (v.said_end > v.said_start && !v.leads_quote) {
			marsad_quote q = {.start = v.said_start,
					  .end = v.said_end};
			quote_set_speaker(&d, &q, v.speaker);
			memcpy(q.verb, t->lemma, sizeof q.verb);
			rc = push_quote(&res, &n_res, &cap_res, &q);
		}
	}
	/* direct quotations */
	for (size_t k = 0; !rc && k < d.n_q; k++) {
		marsad_quote q;
		if (quote_read_direct(&d, k, &q))
			rc = push_quote(&res, &n_res, &cap_res, &q);
	}
	if (!rc && n_res) {
		qsort(res, n_res, sizeof *res, by_start);
		*out = res;
		*n = n_res;
		res = NULL;
	}
	free(res);
	free(tc.v);
	free(own_sent);
	free(d.q);
	free(d.m);
	free(d.p);
	free(own);
	return rc;
}

int marsad_quotes_extract(const char *s, size_t len,
			  const marsad_mention *mentions, size_t n_mentions,
			  marsad_quote **out, size_t *n)
{
	return extract(s, len, NULL, 0, NULL, 0, mentions, n_mentions, out, n);
}

int marsad_quotes_extract_split(const char *s, size_t len,
				const marsad_analysis *words,
				const marsad_span *sentences,
				size_t n_sentences,
				const marsad_mention *mentions,
				size_t n_mentions, marsad_quote **out,
				size_t *n)
{
	if (!sentences && n_sentences) {
		if (out)
			*out = NULL;
		if (n)
			*n = 0;
		return MARSAD_EINVAL;
	}
	return extract(s, len, words, 1, sentences, n_sentences, mentions,
		       n_mentions, out, n);
}
