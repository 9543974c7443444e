/*
 * speaker.c — who speaks: the mentions of an article made ready for
 * lookup, what each reporting verb governs, and the resolution order of
 * quote.h (window after the verb, the name before it, the sentence's
 * subject, the latest speaker; titles matched against the titles each
 * person was introduced with).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity/entity_int.h"
#include "internal.h"
#include "quote_int.h"
#include "text/text_internal.h"

#define WINDOW_MAX 24   /* tokens between a verb and what was said */
#define BEFORE_NAME 5   /* tokens before a name read as its title */
#define OBJECT_REACH 2  /* tokens before a name searched for نظيره, عن */
#define MIN_WORDS 4     /* a quotation without a verb has at least this */

/* the article ال, as normalized */
#define ARTICLE "\xd8\xa7\xd9\x84"

/* ---- preparing the article ----------------------------------------------- */

static int not_name(const qtok *t)
{
	return t->tags || (t->flags & MARSAD_TOKEN_STOPWORD) ||
	       t->kind != MARSAD_TOKEN_ARABIC;
}

/* The first token that ends after byte pos, d->n when none: a binary
 * search, the tokens being in text order. */
static size_t token_after(const qdoc *d, size_t pos)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->t[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int add_mention(qdoc *d, size_t start, size_t end, int type)
{
	if (d->n_m == d->cap_m) {
		size_t cap = d->cap_m ? d->cap_m * 2 : 32;
		qment *v = realloc(d->m, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM;
		d->m = v;
		d->cap_m = cap;
	}
	qment *m = &d->m[d->n_m];
	m->start = start;
	m->end = end;
	m->type = type;
	m->person = -1;
	/* its tokens: those overlapping the span */
	size_t lo = token_after(d, start);
	m->t0 = lo;
	while (lo < d->n && d->t[lo].start < end)
		lo++;
	m->t1 = lo;
	/* Tagger noise: a title, verb or function word is not part of a name
	 * ("الرئيس جو بايدن" → "جو بايدن"; "الكبير" alone is no name). */
	if (type == MARSAD_ENT_PER) {
		while (m->t0 < m->t1 && not_name(&d->t[m->t0]))
			m->t0++;
		while (m->t1 > m->t0 && not_name(&d->t[m->t1 - 1]))
			m->t1--;
		if (m->t1 > m->t0) {
			if (m->start < d->t[m->t0].start)
				m->start = d->t[m->t0].start;
			if (m->end > d->t[m->t1 - 1].end)
				m->end = d->t[m->t1 - 1].end;
		}
	}
	if (m->t1 == m->t0)
		return 0; /* no token: not kept */
	for (size_t i = m->t0; i < m->t1; i++)
		if (d->t[i].mention >= 0)
			return 0; /* overlaps one already known */
	for (size_t i = m->t0; i < m->t1; i++)
		d->t[i].mention = (int)d->n_m;
	d->n_m++;
	return 0;
}

/* Does token t spell word w, alone or after one clitic و ف ب ل
 * (U+0648 U+0641 U+0628 U+0644)? Returns the clitic's byte length + 1, or
 * 0. */
static size_t spells(const qtok *t, const char *w, size_t wl)
{
	if (t->norm_len == wl && memcmp(t->norm, w, wl) == 0)
		return 1;
	if (t->norm_len == wl + 2 && (unsigned char)t->norm[0] == 0xD9 &&
	    ((unsigned char)t->norm[1] == 0x88 || (unsigned char)t->norm[1] == 0x81 ||
	     (unsigned char)t->norm[1] == 0x84) &&
	    memcmp(t->norm + 2, w, wl) == 0)
		return 3;
	if (t->norm_len == wl + 2 && (unsigned char)t->norm[0] == 0xD8 &&
	    (unsigned char)t->norm[1] == 0xA8 && memcmp(t->norm + 2, w, wl) == 0)
		return 3;
	return 0;
}

/* The tokens chained by the last byte of their word, in text order:
 * first[b] is the first token whose word ends in byte b, next[i] the one
 * after token i, d->n ending a chain; a word of no bytes is in none. */
typedef struct by_last {
	size_t first[256];
	size_t *next;
} by_last;

static int by_last_init(by_last *c, const qdoc *d)
{
	c->next = malloc((d->n ? d->n : 1) * sizeof *c->next);
	if (!c->next)
		return MARSAD_ENOMEM;
	for (size_t b = 0; b < 256; b++)
		c->first[b] = d->n;
	for (size_t i = d->n; i-- > 0;) {
		const qtok *t = &d->t[i];
		if (!t->norm_len)
			continue;
		unsigned char b = (unsigned char)t->norm[t->norm_len - 1];
		c->next[i] = c->first[b];
		c->first[b] = i;
	}
	return 0;
}

/* Does a tagged PER mention before k end in the word `last` ends k in?
 * Then k's search below has already been made: every token it would try
 * was tried, and mentions added since only block more of them. */
static int last_word_seen(const qdoc *d, size_t k, const qtok *last)
{
	for (size_t j = 0; j < k; j++) {
		const qtok *o = &d->t[d->m[j].t1 - 1];
		if (d->m[j].type == MARSAD_ENT_PER && o->norm_len == last->norm_len &&
		    memcmp(o->norm, last->norm, last->norm_len) == 0)
			return 1;
	}
	return 0;
}

/* آل "family of", as normalized: the article's letters */
#define FAMILY_WORD ARTICLE

/* A PER name the tagger found once is a mention wherever its last word
 * recurs (after a clitic too). The word before it is not joined: the
 * analyzer's judgment of a name there ("لحفظ", "مكتبة", "ولايتي" before
 * a recurring family name) was wrong as often as right, and a bare
 * family name already takes the full name's entity. But a family named
 * with آل recurs as آل and its word (آل الشيخ), which alone is a title or
 * a given name (الشيخ، سعود); and a title word that ends a name (حسان
 * الشيخ) is read as the title it is more often where it recurs. */
static int propagate(qdoc *d)
{
	/* a token that spells the last word, with or without a clitic, ends
	 * in the same byte (the one that tells its last letter from others):
	 * only the tokens that do are tried, in text order */
	by_last chain = {.next = NULL};
	size_t tagged = d->n_m;
	for (size_t k = 0; k < tagged; k++) {
		if (d->m[k].type != MARSAD_ENT_PER)
			continue;
		const qtok *last = &d->t[d->m[k].t1 - 1];
		if (last->norm_len < 6 || /* three letters at least */
		    (last->tags & QW_ROLE))
			continue;
		if (last_word_seen(d, k, last))
			continue;
		int family = d->m[k].t1 - 1 > d->m[k].t0 &&
			     spells(&d->t[d->m[k].t1 - 2], FAMILY_WORD,
				    sizeof FAMILY_WORD - 1) == 1;
		if (!chain.next && by_last_init(&chain, d))
			return MARSAD_ENOMEM;
		unsigned char b = (unsigned char)last->norm[last->norm_len - 1];
		for (size_t i = chain.first[b]; i < d->n; i = chain.next[i]) {
			if (d->t[i].mention >= 0)
				continue;
			size_t c = spells(&d->t[i], last->norm, last->norm_len),
			       start;
			if (family) {
				/* the family word, after آل and its clitic */
				if (c != 1 || i == 0 || d->t[i - 1].mention >= 0 ||
				    !(c = spells(&d->t[i - 1], FAMILY_WORD,
						 sizeof FAMILY_WORD - 1)))
					continue;
				start = d->t[i - 1].start + (c - 1);
			} else if (c) {
				start = d->t[i].start + (c - 1);
			} else {
				continue;
			}
			int rc = add_mention(d, start, d->t[i].end, MARSAD_ENT_PER);
			if (rc) {
				free(chain.next);
				return rc;
			}
		}
	}
	free(chain.next);
	return 0;
}

/* Does a title phrase stop at t? A verb, a comp, an object word or a
 * mention made by quote_doc_prepare stops it (institutions found later
 * by verbs do not: persons are grouped as the article was prepared). */
static int is_title_stop(const qdoc *d, const qtok *t)
{
	return (t->tags & (QW_VERB | QW_PART | QW_COMP | QW_OBJECT | QW_AN)) ||
	       (t->mention >= 0 && (size_t)t->mention < d->n_prepared);
}

/* Persons: PER mentions grouped by name (entity.h rules: a mention joins
 * the first person whose first mention marsad_name_same() accepts), each
 * with the title words written before its mentions. Each name is parsed
 * once, and a mention spelled like an earlier one joins that one's person
 * without a comparison: the same spelling gives the same answers.
 * Only a title phrase asks for persons (by_title), and few articles have
 * one; the names are compared then, once, from the mentions prepare made
 * (the ones after them are institutions, never persons). */
static int group_persons(qdoc *d)
{
	size_t n_m = d->n_prepared;
	d->p = malloc((n_m ? n_m : 1) * sizeof *d->p);
	name_parts *parts = malloc((n_m ? n_m : 1) * sizeof *parts);
	if (!d->p || !parts) {
		free(d->p);
		d->p = NULL;
		free(parts);
		return MARSAD_ENOMEM;
	}
	for (size_t k = 0; k < n_m; k++) {
		qment *m = &d->m[k];
		if (m->type != MARSAD_ENT_PER)
			continue;
		entity_parse(d->s + m->start, m->end - m->start, &parts[k]);
		size_t p = d->n_p;
		for (size_t j = 0; j < k && parts[k].n; j++)
			if (d->m[j].type == MARSAD_ENT_PER &&
			    entity_parts_eq(&parts[j], &parts[k])) {
				p = (size_t)d->m[j].person;
				break;
			}
		if (p == d->n_p)
			for (p = 0; p < d->n_p; p++)
				if (entity_parts_same(&parts[d->p[p].first_mention],
						      &parts[k], 0))
					break;
		if (p == d->n_p) {
			d->p[d->n_p].first_mention = k;
			d->p[d->n_p++].n_words = 0;
		}
		m->person = (int)p;
		qperson *per = &d->p[p];
		size_t i = m->t0;
		for (size_t back = 0; back < BEFORE_NAME && i > 0; back++) {
			const qtok *t = &d->t[--i];
			if (t->sent != d->t[m->t0].sent || is_title_stop(d, t))
				break;
			if (t->norm_len >= 6 && per->n_words < QTITLE_WORDS) {
				memcpy(per->words[per->n_words], t->norm, t->norm_len + 1);
				per->n_words++;
			}
		}
	}
	free(parts);
	return 0;
}

static int by_span(const void *a, const void *b)
{
	const marsad_mention *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

int quote_doc_prepare(qdoc *d, const marsad_mention *m, size_t n)
{
	size_t s = 0;
	for (size_t i = 0; i < d->n; i++) {
		while (s + 1 < d->n_sent && d->sent[s].end <= d->t[i].start)
			s++;
		d->t[i].sent = s;
	}
	/* a quotation holds the tokens that start within it: a run, found
	 * by binary search (the spans are in order and apart) */
	for (size_t k = 0; k < d->n_q; k++) {
		qspan *q = &d->q[k];
		size_t i = token_after(d, q->start);
		while (i < d->n && d->t[i].start < q->start)
			i++;
		q->t0 = i;
		for (; i < d->n && d->t[i].start < q->end; i++)
			d->t[i].quote = (int)k;
		q->t1 = i;
	}
	/* The mentions by start. The tagger's come in order and are read as
	 * they are; glibc's qsort is a merge sort, stable, so sorting them
	 * would leave them as they are too. */
	size_t in_order = 1;
	while (in_order < n && m[in_order - 1].start <= m[in_order].start)
		in_order++;
	marsad_mention *own = NULL;
	const marsad_mention *sorted = m;
	if (in_order < n) {
		own = malloc(n * sizeof *own);
		if (!own)
			return MARSAD_ENOMEM;
		memcpy(own, m, n * sizeof *m);
		qsort(own, n, sizeof *own, by_span);
		sorted = own;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if ((sorted[i].type == MARSAD_ENT_PER ||
		     sorted[i].type == MARSAD_ENT_ORG ||
		     sorted[i].type == MARSAD_ENT_LOC) &&
		    sorted[i].start < sorted[i].end && sorted[i].end <= d->len)
			rc = add_mention(d, sorted[i].start, sorted[i].end,
					 sorted[i].type);
	free(own);
	if (!rc)
		rc = propagate(d);
	d->n_prepared = d->n_m;
	d->last_speaker = -1;
	return rc;
}

/* ---- verbs ----------------------------------------------------------------- */

static int has_colon(const qdoc *d, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < d->len; i++)
		if (d->s[i] == ':')
			return 1;
	return 0;
}

/* Is token j the first word of a quotation span? */
static int quote_opens(const qdoc *d, size_t j)
{
	int q = d->t[j].quote;
	return q >= 0 && (j == 0 || d->t[j - 1].quote != q);
}

int quote_read_verb(qdoc *d, size_t i, qverb *v)
{
	memset(v, 0, sizeof *v);
	v->tok = i;
	v->participle = !(d->t[i].tags & QW_VERB);
	v->speaker = -1;
	v->w0 = i + 1;
	size_t j = i + 1, sent = d->t[i].sent;
	int an = 0, ended = 0;
	size_t said_from = 0;
	if (has_colon(d, d->t[i].end, j < d->n ? d->t[j].start : d->len)) {
		ended = 1;
		said_from = d->t[i].end;
	}
	for (; !ended && j < d->n && j - i <= WINDOW_MAX; j++) {
		const qtok *t = &d->t[j];
		if (t->sent != sent)
			break;
		if (quote_opens(d, j)) {
			size_t words = d->q[t->quote].t1 - j;
			if (words >= 3) {
				ended = 1;
				said_from = d->q[t->quote].open;
				break;
			}
		}
		if (t->quote >= 0)
			continue;
		/* another reporting verb says what follows ("أكدت الشركة
		 * توقعاتها … حيث قالت: …", "لافتاً إلى …، مشيراً إلى أن");
		 * قائلاً "saying" goes with this one ("وأوضح قائلاً: …"), and
		 * نقل "carry" is one only with عن, read below */
		if ((t->tags & QW_VERB) ? strcmp(t->lemma, "نقل") != 0
					: (t->tags & QW_PART) &&
						  strcmp(t->lemma, "قال") != 0)
			break;
		if (t->tags & QW_AN)
			an = 1;
		if (t->tags & QW_COMP) {
			ended = 1;
			said_from = t->end;
			j++;
			v->w1 = j - 1;
			break;
		}
		if (j + 1 < d->n && has_colon(d, t->end, d->t[j + 1].start)) {
			ended = 1;
			said_from = t->end;
			j++;
			break;
		}
	}
	if (!v->w1)
		v->w1 = j;
	/* نقل reports speech only as "نقل … عن X" */
	if (!v->participle && strcmp(d->t[i].lemma, "نقل") == 0 && !an)
		return 0;
	if (!ended)
		return 1; /* governs a quotation later in its sentence, if any */
	/* what was said: from there to the end of the sentence */
	size_t end = d->sent && sent < d->n_sent ? d->sent[sent].end : d->len;
	size_t start = said_from;
	while (start < end && (d->s[start] == ' ' || d->s[start] == ':' ||
			       d->s[start] == '\t'))
		start++;
	/* a comp such as "قوله" may be followed by أن/إن: skip it too */
	if (j < d->n && d->t[j].start >= start && d->t[j].start < end &&
	    (d->t[j].tags & QW_COMP) && d->t[j].start - start <= 2) {
		start = d->t[j].end;
		j++;
		while (start < end && (d->s[start] == ' ' || d->s[start] == ':'))
			start++;
	}
	v->said_start = start;
	v->said_end = end;
	/* a quotation opening right there is the words said */
	for (size_t k = 0; k < d->n_q; k++)
		if (d->q[k].open >= said_from && d->q[k].open <= start + 1)
			v->leads_quote = 1;
	return 1;
}

/* ---- resolution ------------------------------------------------------------- */

/* Is the mention preceded, within OBJECT_REACH tokens, by a word that makes
 * it an object (نظيره الروسي X, عن X, مع X)? */
static int is_object(const qdoc *d, const qment *m)
{
	for (size_t k = 1; k <= OBJECT_REACH && k <= m->t0; k++) {
		const qtok *t = &d->t[m->t0 - k];
		if (t->sent != d->t[m->t0].sent || t->mention >= 0 ||
		    (t->tags & QW_PLACE))
			break; /* "لدى موسكو وليام بيرنز": the object is موسكو */
		if (t->tags & (QW_OBJECT | QW_AN))
			return 1;
	}
	return 0;
}

/* Whether mention m is what was said to or on, not who said it: a
 * platform (QW_MEDIUM: تويتر), or after a word that makes it an object
 * (is_object(): "مقربة من حزب الله", "على قناة الإخبارية") or after the
 * preposition ل, written apart or on it ("قال لـ«الشرق الأوسط»"). */
static int addressee(const qdoc *d, const qment *m)
{
	static const char lam[] = "\xd9\x84"; /* ل */
	const qtok *first = &d->t[m->t0];
	if ((first->tags & QW_MEDIUM) || is_object(d, m))
		return 1;
	if (first->start < m->start)
		return first->norm_len >= 2 && memcmp(first->norm, lam, 2) == 0;
	if (m->t0 == 0)
		return 0;
	const qtok *prev = &d->t[m->t0 - 1];
	return prev->sent == first->sent && prev->norm_len == 2 &&
	       memcmp(prev->norm, lam, 2) == 0;
}

struct words_ctx {
	char (*w)[QTOK_NORM];
	size_t n, cap;
};

static void add_word(void *vctx, const char *r)
{
	struct words_ctx *c = vctx;
	if (c->n < c->cap && strlen(r) < QTOK_NORM)
		strcpy(c->w[c->n++], r);
}

/* The person a title phrase (window tokens) points back to: the one whose
 * own title words agree most (a weak word counts 1, another 3), the latest
 * on a tie; -1 when none agrees. Returns that person's latest mention
 * before the verb. */
static int by_title(qdoc *d, const qverb *v)
{
	if (!d->p) {
		d->err = group_persons(d);
		if (d->err)
			return -1;
	}
	char words[64][QTOK_NORM];
	struct words_ctx wc = {words, 0, 64};
	for (size_t j = v->w0; j < v->w1; j++) {
		const qtok *t = &d->t[j];
		if (t->quote >= 0 || t->norm_len < 6)
			continue;
		add_word(&wc, t->norm);
		if (t->tags & QW_ROLE)
			quote_role_related(t->norm, add_word, &wc);
	}
	/* a person's score is counted once, at its first mention, and
	 * serves all the others: a long text names some persons often */
	for (size_t p = 0; p < d->n_p; p++)
		d->p[p].score = -1;
	int best = -1, best_score = 0;
	for (size_t k = 0; k < d->n_m; k++) {
		const qment *m = &d->m[k];
		if (m->type != MARSAD_ENT_PER || m->t0 >= v->tok ||
		    d->t[m->t0].quote >= 0)
			continue;
		qperson *p = &d->p[m->person];
		if (p->score < 0) {
			p->score = 0;
			for (size_t a = 0; a < p->n_words; a++)
				for (size_t b = 0; b < wc.n; b++)
					if (strcmp(p->words[a], words[b]) == 0) {
						unsigned tg = quote_word_tags(
							words[b], strlen(words[b]), NULL);
						p->score += tg & QW_WEAK ? 1 : 3;
						break;
					}
		}
		int score = p->score;
		if (score > 0 && score >= best_score) {
			best = (int)k;
			best_score = score;
		}
	}
	return best;
}

/* Whether token t (normalized) ends with ي or ية: a nisba adjective. */
static int nisba(const qtok *t)
{
	const char *w = t->norm;
	size_t n = t->norm_len;
	return (n >= 2 && memcmp(w + n - 2, "\xd9\x8a", 2) == 0) ||
	       (n >= 4 && memcmp(w + n - 4, "\xd9\x8a\xd9\x87", 4) == 0);
}

/* Whether token e can go on the words of token e - 1: spaces alone
 * between them, an Arabic word of no mention, no word of the quotation
 * finder's and no stopword ("الحكومة، إلا", "وزارة الدفاع، اليوم" end
 * before the comma). */
static int plain_next(const qdoc *d, size_t e)
{
	const qtok *t = &d->t[e];
	for (size_t i = d->t[e - 1].end; i < t->start; i++)
		if (d->s[i] != ' ')
			return 0;
	return t->mention < 0 && !t->tags && t->kind == MARSAD_TOKEN_ARABIC &&
	       !(t->flags & MARSAD_TOKEN_STOPWORD);
}

static int has_article(const qtok *t)
{
	return t->norm_len > 4 && memcmp(t->norm, ARTICLE, 4) == 0;
}

/* Whether token e goes on the name of token e - 1 as a word with the
 * article (الرئاسة [التركية]). */
static int adjective_next(const qdoc *d, size_t e)
{
	return plain_next(d, e) && has_article(&d->t[e]);
}

/* The institution phrase starting at token j: the word and the adjectives
 * with the article ال (U+0627 U+0644) that follow it ("الرئاسة التركية",
 * "البيت الأبيض"), as a new ORG mention; `clitic`: the bytes of the
 * proclitics written on the word, left out of it (لوزارة الصحة), or
 * SIZE_MAX for a leading و or ف that is no reporting verb's. */
static int institution(qdoc *d, size_t j, size_t w1, size_t clitic)
{
	/* the word that completes it, then adjectives of nisba: وزارة
	 * الداخلية الكويتية, not "… اليوم الخميس" */
	size_t e = j + 1;
	while (e < w1 && adjective_next(d, e) &&
	       (e == j + 1 || nisba(&d->t[e])))
		e++;
	size_t before = d->n_m;
	/* a leading و or ف clitic is not part of the name; clitic bytes are
	 * the normalized word's, which the text may write in other bytes */
	if (clitic == SIZE_MAX)
		clitic = d->t[j].norm_len > 2 &&
				 (unsigned char)d->t[j].norm[0] == 0xD9 &&
				 ((unsigned char)d->t[j].norm[1] == 0x88 ||
				  (unsigned char)d->t[j].norm[1] == 0x81) &&
				 !quote_word_tags(d->t[j].norm, d->t[j].norm_len,
						  NULL)
			 ? 2
			 : 0;
	size_t start = clitic ? text_skip_folded(d->s, d->t[j].start,
						 d->t[j].end, clitic)
			      : d->t[j].start;
	if (add_mention(d, start, d->t[e - 1].end, MARSAD_ENT_ORG) ||
	    d->n_m == before)
		return d->t[j].mention;
	return (int)before;
}

/* Whether token t is the head word head (hl normalized bytes) with
 * proclitics or none written on it (لوزارة, وزارة). */
static int is_head(const qtok *t, const char *head, size_t hl)
{
	return t->norm_len >= hl &&
	       memcmp(t->norm + t->norm_len - hl, head, hl) == 0 &&
	       marsad_all_proclitic(t->norm, t->norm_len - hl);
}

/* The body that organization mention m, a head word with the article
 * alone ("وقالت الوزارة", "وأضاف المجلس"), points back to: the latest
 * organization before it, outside quotations, whose name of two words or
 * more opens with that word (وزارة الخارجية الروسية, لمجلس الأمن); else
 * the latest such words that no mention holds, the head word and the
 * words with the article after it, as a new mention (a ministry is no
 * named entity: وزارة الصحة); m itself when there is neither. */
static int antecedent(qdoc *d, int m)
{
	const qment *x = &d->m[m];
	const qtok *h = &d->t[x->t0];
	size_t at = x->t0;
	if (x->type != MARSAD_ENT_ORG || x->t1 != x->t0 + 1 || !has_article(h))
		return m;
	const char *head = h->norm + 4;
	size_t hl = h->norm_len - 4u;
	for (size_t k = d->n_m; k-- > 0;) {
		const qment *y = &d->m[k];
		if (y->t0 >= at || y->type != MARSAD_ENT_ORG ||
		    y->t1 - y->t0 < 2 || d->t[y->t0].quote >= 0)
			continue;
		if (is_head(&d->t[y->t0], head, hl))
			return (int)k;
	}
	for (size_t j = at; j-- > 0;) {
		const qtok *t = &d->t[j];
		if (t->quote >= 0 || t->mention >= 0 || !is_head(t, head, hl) ||
		    j + 1 >= at || !adjective_next(d, j + 1))
			continue;
		int body = institution(d, j, at, t->norm_len - hl);
		return body >= 0 && d->t[j].mention == body ? body : m;
	}
	return m;
}

/* The body that token j, a body's head word with the article the tagger
 * left untagged right after a verb ("وقال الصندوق": the gold sets tag
 * none), points back to (antecedent()); where the article names none
 * before it, the head word and the nisba adjectives after it when it has
 * one that is no country's and the word is no kind of body ("قال المركز
 * الإعلامي", "اللجنة الوطنية"), as a new ORG mention: a kind and an
 * adjective, or a country's, describe a body named before as often
 * ("وقالت الصحيفة البريطانية", "الشركة الاستشارية", "النادي الكاتالوني");
 * else -1 (the other rules then look on: the word alone says less). */
static int untagged_head(qdoc *d, size_t j, size_t w1)
{
	const qtok *t = &d->t[j];
	unsigned word = t->mention >= 0 || !has_article(t)
				? 0
				: marsad_ner_name_word(d->s + t->start,
						       t->end - t->start);
	if (!(word & MARSAD_NAME_HEAD))
		return -1;
	size_t before = d->n_m;
	d->err = add_mention(d, t->start, t->end, MARSAD_ENT_ORG);
	if (d->err || d->n_m == before)
		return -1;
	int body = antecedent(d, (int)before);
	if (body != (int)before)
		return body;
	/* forget the word, and any mention the search made */
	for (size_t k = before; k < d->n_m; k++)
		for (size_t i = d->m[k].t0; i < d->m[k].t1; i++)
			d->t[i].mention = -1;
	d->n_m = before;
	size_t e = j + 1;
	while (e < w1 && adjective_next(d, e) && nisba(&d->t[e]))
		e++;
	if (e == j + 1 || word & MARSAD_NAME_KIND ||
	    marsad_ner_name_word(d->s + d->t[j + 1].start,
				 d->t[j + 1].end - d->t[j + 1].start) &
		    MARSAD_NAME_LAND)
		return -1;
	d->err = add_mention(d, t->start, d->t[e - 1].end, MARSAD_ENT_ORG);
	return d->err || d->n_m == before ? -1 : (int)before;
}

/* The most words without the article between a body's head word and the
 * word with the article that completes its name: "هيئة تنظيم الكهرباء",
 * "مكتب رئيس الوزراء". */
#define CONSTRUCT_MAX 2

/* Whether token e can stand inside a body's name between its head word
 * and the word with the article that completes it: a plain_next() word
 * without the article. */
static int construct_next(const qdoc *d, size_t e)
{
	return plain_next(d, e) && !has_article(&d->t[e]);
}

/* Whether the word of token t (its bytes as written) is a body's or a
 * place's head word, and no preposition written onto one (لقوات "to the
 * forces", بوزارة: an addressee, not a speaker). */
static int bare_head(const qdoc *d, const qtok *t)
{
	if (!(marsad_ner_name_word(d->s + t->start, t->end - t->start) &
	      MARSAD_NAME_HEAD))
		return 0;
	/* ل، ك، ب: two bytes each, read in the normalized word, whatever
	 * form the text writes them in (ﻟ) */
	const unsigned char *w = (const unsigned char *)t->norm;
	size_t n = t->norm_len;
	int prep = n > 2 && ((w[0] == 0xD9 && (w[1] == 0x84 || w[1] == 0x83)) ||
			     (w[0] == 0xD8 && w[1] == 0xA8));
	return !prep ||
	       !(marsad_ner_name_word(t->norm + 2, n - 2) & MARSAD_NAME_HEAD);
}

/* Whether token e is و and a word with the article that goes on a
 * body's name (إدارة الغذاء [والدواء]). */
static int conjunct_next(const qdoc *d, size_t e)
{
	const qtok *t = &d->t[e];
	for (size_t i = d->t[e - 1].end; i < t->start; i++)
		if (d->s[i] != ' ')
			return 0;
	return t->mention < 0 && !t->tags && t->norm_len > 6 &&
	       !memcmp(t->norm, "\xd9\x88", 2) &&
	       !memcmp(t->norm + 2, ARTICLE, 4);
}

/* The body that token j, the head word of a body's name written without
 * the article (a noun that names what follows it) right after a verb,
 * opens: "وقالت وزارة الداخلية", "قالت هيئة تنظيم الكهرباء", "قالت إدارة
 * الغذاء والدواء الأميركية": the head, up to CONSTRUCT_MAX words without
 * the article, the word with the article that completes it, those joined
 * to it with و and its nisba adjectives, as a new ORG mention (a ministry
 * or an authority is no named entity the tagger tags). A head word with
 * the article that completes it alone names a body of the article's
 * (إدارة [الشركة]: the company's management) when it points back to one
 * (untagged_head()). -1 when no word with the article completes it. */
static int construct_body(qdoc *d, size_t j, size_t w1)
{
	const qtok *t = &d->t[j];
	if (t->mention >= 0 || t->tags || t->kind != MARSAD_TOKEN_ARABIC ||
	    has_article(t) || !bare_head(d, t))
		return -1;
	size_t e = j + 1;
	while (e < w1 && e - j <= CONSTRUCT_MAX && !adjective_next(d, e) &&
	       construct_next(d, e))
		e++;
	if (e >= w1 || !adjective_next(d, e))
		return -1;
	if (e == j + 1 && (e + 1 == w1 || !adjective_next(d, e + 1))) {
		int body = untagged_head(d, e, e + 1);
		if (body >= 0 || d->err)
			return body;
	}
	for (e++; e < w1 && conjunct_next(d, e); e++)
		;
	for (; e < w1 && adjective_next(d, e) && nisba(&d->t[e]); e++)
		;
	size_t before = d->n_m;
	d->err = add_mention(d, t->start, d->t[e - 1].end, MARSAD_ENT_ORG);
	return d->err || d->n_m == before ? -1 : (int)before;
}

/* The most words after an anonymous source's word that describe it:
 * "مسؤول عسكري مصري". */
#define SOURCE_WORDS 3

/* The words that describe the anonymous source whose word is token j
 * ("مصدر عسكري", "المصادر الأمنية"): it and up to SOURCE_WORDS
 * plain_next() words after it, out of quotations (not "مصدر [في] …"), as
 * a QM_SOURCE mention; -1 when it overlaps a mention already made. */
static int source_words(qdoc *d, size_t j, size_t w1)
{
	size_t e = j + 1;
	while (e < w1 && e - j <= SOURCE_WORDS && plain_next(d, e) &&
	       d->t[e].quote < 0)
		e++;
	size_t before = d->n_m;
	d->err = add_mention(d, d->t[j].start, d->t[e - 1].end, QM_SOURCE);
	return d->err || d->n_m == before ? -1 : (int)before;
}

/* The nearest PER mention before the verb in its sentence that is not an
 * object; -1 when none. */
static int sentence_subject(const qdoc *d, size_t verb)
{
	for (size_t i = verb; i-- > 0;) {
		const qtok *t = &d->t[i];
		if (t->sent != d->t[verb].sent)
			break;
		if (t->mention < 0 || t->quote >= 0)
			continue;
		const qment *m = &d->m[t->mention];
		if (m->type == MARSAD_ENT_PER && !is_object(d, m))
			return t->mention;
		i = m->t0; /* skip the rest of the mention */
	}
	return -1;
}

/* Whether token t is باسم or بلسان "on behalf of". */
static int on_behalf(const qtok *t)
{
	static const char name[] = "باسم", tongue[] = "بلسان";
	return spells(t, name, sizeof name - 1) == 1 ||
	       spells(t, tongue, sizeof tongue - 1) == 1;
}

/* The body or person a spokesman's title speaks for: after the title
 * word at token j, maybe one more word (الرسمي), then باسم or بلسان "on
 * behalf of" and its name: a mention, an institution, or a body named by
 * its head word ("قال متحدث باسم الرئاسة", "المتحدث باسم وزارة الدفاع");
 * -1 when the title is not followed so. */
static int spoken_for(qdoc *d, size_t j, size_t w1)
{
	size_t b = j + 1;
	if (b < w1 && !on_behalf(&d->t[b]) && plain_next(d, b))
		b++;
	if (b + 1 >= w1 || d->t[b].quote >= 0 || !on_behalf(&d->t[b]))
		return -1;
	const qtok *t = &d->t[++b];
	if (t->quote >= 0)
		return -1;
	if (t->mention >= 0)
		return t->mention;
	if (t->tags & QW_INST) {
		int inst = institution(d, b, w1, SIZE_MAX);
		return inst >= 0 ? antecedent(d, inst) : inst;
	}
	return has_article(t) ? untagged_head(d, b, w1)
			      : construct_body(d, b, w1);
}

static int find_in_window(qdoc *d, qverb *v, int *decided)
{
	*decided = 1;
	/* a person after عن */
	for (size_t j = v->w0; j < v->w1; j++)
		if (d->t[j].tags & QW_AN && d->t[j].quote < 0)
			for (size_t k = j + 1; k < v->w1 && k <= j + 8; k++)
				if (d->t[k].mention >= 0 &&
				    d->m[d->t[k].mention].type == MARSAD_ENT_PER)
					return d->t[k].mention;
	/* a person named in the window */
	for (size_t j = v->w0; j < v->w1; j++)
		if (d->t[j].mention >= 0 &&
		    d->m[d->t[j].mention].type == MARSAD_ENT_PER)
			return d->t[j].mention;
	/* the first word that says who: a source, an organization, an
	 * institution, a word for the latest speaker, a title */
	for (size_t j = v->w0; j < v->w1; j++) {
		const qtok *t = &d->t[j];
		/* an organization; a place only right after the verb, where it
		 * stands for its government ("وأشارت واشنطن") */
		if (t->mention >= 0 && (d->m[t->mention].type == MARSAD_ENT_ORG ||
					j == v->w0) &&
		    !addressee(d, &d->m[t->mention]))
			return antecedent(d, t->mention);
		if (t->mention >= 0) {
			j = d->m[t->mention].t1 - 1;
			continue;
		}
		if (t->quote >= 0)
			continue;
		int body = j != v->w0 || t->tags & QW_INST ? -1
			   : has_article(t) ? untagged_head(d, j, v->w1)
					    : construct_body(d, j, v->w1);
		if (body >= 0 || d->err)
			return body;
		if (t->tags & QW_SOURCE)
			return source_words(d, j, v->w1);
		if (t->tags & QW_INST) {
			int inst = institution(d, j, v->w1, SIZE_MAX);
			return inst >= 0 ? antecedent(d, inst) : inst;
		}
		if (t->tags & QW_BACK)
			return d->last_speaker;
		if (t->tags & QW_ROLE) {
			int p = by_title(d, v);
			if (p < 0 && !d->err)
				p = spoken_for(d, j, v->w1);
			return p >= 0 || d->err ? p : d->last_speaker;
		}
	}
	*decided = 0;
	return -1;
}

void quote_resolve(qdoc *d, qverb *v)
{
	int decided;
	int sp = find_in_window(d, v, &decided);
	size_t sent = d->t[v->tok].sent;
	if (!decided && !v->participle && v->tok > 0 &&
	    d->t[v->tok - 1].sent == sent) {
		/* the name right before the verb: "أنطونيو غوتيريش، أوضح" */
		const qtok *prev = &d->t[v->tok - 1];
		if (prev->mention >= 0 && prev->quote < 0 &&
		    d->m[prev->mention].type != MARSAD_ENT_LOC) {
			sp = prev->mention;
			decided = 1;
		}
		for (size_t k = 1; !decided && k <= OBJECT_REACH && k <= v->tok; k++)
			if (d->t[v->tok - k].sent == sent &&
			    d->t[v->tok - k].tags & QW_SOURCE) {
				sp = -1;
				decided = 1;
			}
	}
	/* a participle ("مشيرا إلى") speaks for its sentence's speaker */
	if (!decided && v->participle && d->last_speaker >= 0 &&
	    d->last_speaker_sent == sent) {
		sp = d->last_speaker;
		decided = 1;
	}
	if (!decided) {
		sp = sentence_subject(d, v->tok);
		decided = sp >= 0;
	}
	if (!decided && d->last_speaker >= 0)
		sp = d->last_speaker;
	v->speaker = sp;
	if (sp >= 0) {
		d->last_speaker = sp;
		d->last_speaker_sent = sent;
	}
}

/* ---- direct quotations ------------------------------------------------------ */

void quote_set_speaker(const qdoc *d, marsad_quote *q, int speaker)
{
	q->speaker_start = q->speaker_end = 0;
	q->speaker_type = 0;
	q->source_start = q->source_end = 0;
	if (speaker < 0 || (size_t)speaker >= d->n_m)
		return;
	const qment *m = &d->m[speaker];
	if (m->type == QM_SOURCE) {
		q->source_start = m->start;
		q->source_end = m->end;
		return;
	}
	q->speaker_start = m->start;
	q->speaker_end = m->end;
	q->speaker_type = m->type;
}

int quote_read_direct(qdoc *d, size_t k, marsad_quote *q)
{
	const qspan *s = &d->q[k];
	size_t first = s->t0, words = s->t1 - s->t0;
	if (!words)
		return 0;
	/* a name in quotation marks is not a quotation */
	int m = d->t[first].mention;
	if (m >= 0 && d->m[m].t1 >= first + words)
		return 0;
	memset(q, 0, sizeof *q);
	q->start = s->start;
	q->end = s->end;
	q->direct = 1;
	/* the nearest reporting verb before it in its sentence */
	size_t sent = first > 0 && d->t[first - 1].end <= s->open
			      ? d->t[first - 1].sent : d->t[first].sent;
	int verb = -1;
	for (size_t i = first; i-- > 0;) {
		if (d->t[i].sent != sent)
			break;
		if (d->t[i].verb_ok) {
			verb = (int)i;
			break;
		}
	}
	/* or one just after it: "“…”، قال X" */
	for (size_t i = first + words; verb < 0 && i < d->n && i < first + words + 3;
	     i++)
		if (d->t[i].verb_ok)
			verb = (int)i;
	if (verb >= 0) {
		if (words < 2)
			return 0;
		memcpy(q->verb, d->t[verb].lemma, sizeof q->verb);
		quote_set_speaker(d, q, d->t[verb].verb_speaker);
		return 1;
	}
	if (words < MIN_WORDS)
		return 0;
	int subj = -1;
	for (size_t i = 0; i < first; i++)
		if (d->t[i].sent == sent && d->t[i].mention >= 0 &&
		    d->t[i].quote < 0 &&
		    d->m[d->t[i].mention].type == MARSAD_ENT_PER &&
		    !is_object(d, &d->m[d->t[i].mention])) {
			subj = d->t[i].mention;
			break;
		}
	quote_set_speaker(d, q, subj);
	return 1;
}
