/*
 * ner_feat.c — what the entity tagger sees of a text: sentence chunks of
 * analyzed words, the features of each word, and Viterbi decoding over
 * the BIO tags. Shared by the tagger (ner.c) and its trainer.
 *
 * Features follow the usual design of feature-rich sequence taggers for
 * Arabic NER (Benajiba, Rosso & Benedí, "ANERsys", 2007; Abdul-Hamid &
 * Darwish, "Simplified feature set for Arabic NER", 2010): the word and
 * its neighbours, the light stem and what the stemmer removed (the
 * clitics و ب ل ك ف ال before, pronoun and inflection endings after),
 * leading and trailing letters (nisba ‑ي/‑ية, transliterated ‑وف/‑سكي),
 * shape, the analyzer's name flag, punctuation around the word, and
 * membership of the word and its neighbours in a trigger-word and
 * gazetteer lexicon (data/ner_lexicon.txt). Every feature is a short
 * string, hashed with 64-bit FNV-1a; the model stores the strings.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/text.h"
#include "ner_int.h"

MARSAD_DATA(ner_lexicon);
MARSAD_DATA(names_people);
MARSAD_DATA(names_places);

/* ---- hashing ------------------------------------------------------------ */

#define FNV_BASIS 14695981039346656037ull

static uint64_t fnv(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull; /* FNV-1a */
	return h;
}

uint64_t marsad_ner_hash(const char *s, size_t len)
{
	uint64_t h = fnv(FNV_BASIS, s, len);
	return h ? h : 1; /* 0 marks an empty slot */
}

/* ---- the trigger and gazetteer lexicon --------------------------------- */

/* The classes of data/ner_lexicon.txt, then two from the analyzer's name
 * lists: WPER, a person-name token of Wikidata (names_people.txt), and
 * WPLC, a place or institution (names_places.txt). */
static const char *const lex_class[] = {
	"TPER", "TORG", "TLOC", "TSAY", "TNAT", "GPER", "GLOC", "GORG",
	"WPER", "WPLC",
};
#define LEX_NCLASS (sizeof lex_class / sizeof *lex_class)
#define LEX_WPER (1u << 8)
#define LEX_WPLC (1u << 9)

static struct lex_slot {
	uint64_t key; /* 0: empty */
	unsigned mask;
} *lex_table, lex_none;
static size_t lex_mask_bits, lex_count;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* The slot of key, or the empty slot where it would go (a static empty
 * one when the table could not be built). */
static struct lex_slot *lex_find(uint64_t key)
{
	if (!lex_table)
		return &lex_none;
	size_t i = key & lex_mask_bits;
	while (lex_table[i].key && lex_table[i].key != key)
		i = (i + 1) & lex_mask_bits;
	return &lex_table[i];
}

static void lex_put(const char *w, size_t len, unsigned mask)
{
	uint64_t key = marsad_ner_hash(w, len);
	struct lex_slot *e = lex_find(key);
	if (e == &lex_none)
		return;
	if (!e->key) {
		if (lex_count >= (lex_mask_bits + 1) / 2)
			return; /* full: later entries are left out */
		e->key = key;
		lex_count++;
	}
	e->mask |= mask;
}

/* The one word of an entry, as the analyzer sees it in running text. */
struct lex_word {
	size_t n;
	char norm[MARSAD_TOKEN_MAX + 1], stem[MARSAD_TOKEN_MAX + 1];
	size_t norm_len, stem_len;
};

static int lex_word_tok(void *ctx, const marsad_token *t)
{
	struct lex_word *w = ctx;
	if (w->n++ == 0) {
		memcpy(w->norm, t->norm, t->norm_len);
		w->norm_len = t->norm_len;
		memcpy(w->stem, t->stem, t->stem_len);
		w->stem_len = t->stem_len;
	}
	return 0;
}

/* A line "CLASS<TAB>WORD": the word's normalized form and its stem both
 * get the class, so that the entry matches with or without clitics. */
static int lex_add(void *ctx, const char *line, size_t n)
{
	const char *tab = memchr(line, '\t', n);
	if (!tab)
		return 0;
	unsigned mask = 0;
	for (size_t k = 0; k < LEX_NCLASS; k++)
		if ((size_t)(tab - line) == strlen(lex_class[k]) &&
		    memcmp(line, lex_class[k], tab - line) == 0)
			mask = 1u << k;
	struct lex_word w = {0};
	if (!mask || marsad_analyze(tab + 1, n - (size_t)(tab + 1 - line),
				    MARSAD_ANALYZE_KEEP_STOPWORDS,
				    lex_word_tok, &w) != 0 || w.n != 1)
		return 0;
	lex_put(w.norm, w.norm_len, mask);
	lex_put(w.stem, w.stem_len, mask);
	return 0;
}

/* A line of a name list: one word, any spelling. */
static int lex_add_name(void *ctx, const char *line, size_t n)
{
	marsad_buf b = MARSAD_BUF_INIT;
	if (marsad_normalize(line, n, &b) == 0 && b.len)
		lex_put(b.data, b.len, *(const unsigned *)ctx);
	marsad_buf_clear(&b);
	return 0;
}

static void lex_load(void)
{
	size_t lines = 2 * marsad_data_ner_lexicon_len / 8 +
		       marsad_data_names_people_len / 8 +
		       marsad_data_names_places_len / 8; /* >= entries */
	size_t slots = 1024;
	while (slots < 2 * lines)
		slots *= 2;
	lex_table = calloc(slots, sizeof *lex_table);
	if (!lex_table)
		return; /* the tagger then runs without lexicon features */
	lex_mask_bits = slots - 1;
	unsigned people = LEX_WPER, places = LEX_WPLC;
	marsad_lexicon_each(marsad_data_names_people,
			    marsad_data_names_people_len, lex_add_name, &people);
	marsad_lexicon_each(marsad_data_names_places,
			    marsad_data_names_places_len, lex_add_name, &places);
	marsad_lexicon_each(marsad_data_ner_lexicon, marsad_data_ner_lexicon_len,
			    lex_add, NULL);
}

/* The lexicon classes of a word, by its normalized form or its stem. */
static unsigned lex_mask(const marsad_token *t)
{
	return lex_find(marsad_ner_hash(t->norm, t->norm_len))->mask |
	       lex_find(marsad_ner_hash(t->stem, t->stem_len))->mask;
}

static size_t n_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* A word's shape: its kind, name and stopword flags, length class. */
static void shape(const marsad_token *t, char out[5])
{
	static const char len_class[] = "0123455666";
	size_t n = n_chars(t->norm, t->norm_len);
	out[0] = (char)('0' + t->kind);
	out[1] = t->flags & MARSAD_TOKEN_NAME ? 'N' : '-';
	out[2] = t->flags & MARSAD_TOKEN_STOPWORD ? 'S' : '-';
	out[3] = len_class[n < 9 ? n : 9];
	out[4] = 0;
}

/* ---- chunks ------------------------------------------------------------- */

/* How strongly each gap kind separates words: the strongest one in a gap
 * names it. */
static const unsigned char gap_rank[] = {
	[NER_GAP_SPACE] = 0, [NER_GAP_OTHER] = 1, [NER_GAP_DASH] = 2,
	[NER_GAP_COMMA] = 3, [NER_GAP_COLON] = 4, [NER_GAP_QUOTE] = 5,
	[NER_GAP_CLOSE] = 6, [NER_GAP_OPEN] = 7, [NER_GAP_END] = 8,
};

/* The kind of the text between two words. Besides ASCII it knows the
 * Arabic comma U+060C and semicolon U+061B (commas), the Arabic question
 * mark U+061F (an end), guillemets U+00AB/U+00BB and curly quotes
 * U+2018–U+201D (quotes), en and em dashes U+2013/U+2014; no-break space
 * U+00A0 and the zero-width and bidi controls U+200B–U+200F, U+202A–U+202E
 * are spaces. */
static unsigned gap_kind(const unsigned char *s, size_t a, size_t b)
{
	unsigned best = NER_GAP_SPACE;
	for (size_t i = a; i < b;) {
		unsigned k = NER_GAP_OTHER, c = s[i];
		size_t step = 1;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
			k = NER_GAP_SPACE;
		else if (c == '\n' || c == '.' || c == '!' || c == '?')
			k = NER_GAP_END;
		else if (c == ',' || c == ';')
			k = NER_GAP_COMMA;
		else if (c == '(' || c == '[' || c == '{')
			k = NER_GAP_OPEN;
		else if (c == ')' || c == ']' || c == '}')
			k = NER_GAP_CLOSE;
		else if (c == '"' || c == '\'')
			k = NER_GAP_QUOTE;
		else if (c == '-')
			k = NER_GAP_DASH;
		else if (c == ':')
			k = NER_GAP_COLON;
		else if (c == 0xD8 && i + 1 < b) {
			step = 2;
			if (s[i + 1] == 0x8C || s[i + 1] == 0x9B)
				k = NER_GAP_COMMA;
			else if (s[i + 1] == 0x9F)
				k = NER_GAP_END;
		} else if (c == 0xC2 && i + 1 < b) {
			step = 2;
			if (s[i + 1] == 0xAB || s[i + 1] == 0xBB)
				k = NER_GAP_QUOTE;
			else if (s[i + 1] == 0xA0)
				k = NER_GAP_SPACE;
		} else if (c == 0xE2 && i + 2 < b && s[i + 1] == 0x80) {
			step = 3;
			unsigned d = s[i + 2];
			if (d >= 0x98 && d <= 0x9D)
				k = NER_GAP_QUOTE;
			else if (d == 0x93 || d == 0x94)
				k = NER_GAP_DASH;
			else if ((d >= 0x8B && d <= 0x8F) ||
				 (d >= 0xAA && d <= 0xAE))
				k = NER_GAP_SPACE;
		}
		if (gap_rank[k] > gap_rank[best])
			best = k;
		i += step;
	}
	return best;
}

typedef struct chunker {
	const unsigned char *s;
	ner_chunk *c;
	size_t prev_end;
	int seen; /* a word came before (prev_end is valid) */
	int (*fn)(void *ctx, const ner_chunk *c);
	void *ctx;
	int err;
} chunker;

static int flush(chunker *k)
{
	ner_chunk *c = k->c;
	if (c->n == 0)
		return 0;
	c->tok[c->n - 1].after = NER_GAP_EDGE;
	int rc = k->fn(k->ctx, c);
	c->n = 0;
	marsad_buf_reset(&c->pool);
	return rc;
}

static int chunk_tok(void *ctx, const marsad_token *t)
{
	chunker *k = ctx;
	ner_chunk *c = k->c;
	unsigned gap = k->seen ? gap_kind(k->s, k->prev_end, t->start)
			       : NER_GAP_EDGE;
	k->seen = 1;
	k->prev_end = t->end;
	if (c->n > 0 && (gap == NER_GAP_END || c->n == NER_CHUNK_MAX)) {
		int rc = flush(k);
		if (rc)
			return rc;
	}
	if (c->n > 0)
		c->tok[c->n - 1].after = (unsigned char)gap;
	ner_tok *w = &c->tok[c->n];
	w->start = t->start;
	w->end = t->end;
	w->kind = (unsigned char)t->kind;
	w->flags = (unsigned char)t->flags;
	w->before = c->n == 0 ? NER_GAP_EDGE : (unsigned char)gap;
	w->after = NER_GAP_EDGE;
	w->norm = (uint32_t)c->pool.len;
	w->norm_len = (uint16_t)t->norm_len;
	w->stem_len = (uint16_t)t->stem_len;
	int rc = marsad_buf_append(&c->pool, t->norm, t->norm_len);
	if (!rc)
		rc = marsad_buf_putc(&c->pool, 0);
	w->stem = (uint32_t)c->pool.len;
	if (!rc)
		rc = marsad_buf_append(&c->pool, t->stem, t->stem_len);
	if (!rc)
		rc = marsad_buf_putc(&c->pool, 0);
	if (rc) {
		k->err = rc;
		return rc;
	}
	w->lex = (uint16_t)lex_mask(t);
	shape(t, w->shape);
	w->stem_off = NER_NO_SLICE;
	for (size_t off = 0; off + t->stem_len <= t->norm_len; off++)
		if (memcmp(t->norm + off, t->stem, t->stem_len) == 0) {
			w->stem_off = (uint16_t)off;
			break;
		}
	c->n++;
	return 0;
}

int marsad_ner_chunks(const char *s, size_t len,
		      int (*fn)(void *ctx, const ner_chunk *c), void *ctx)
{
	pthread_once(&lex_once, lex_load);
	ner_chunk *c = malloc(sizeof *c);
	if (!c)
		return MARSAD_ENOMEM;
	c->n = 0;
	c->pool = (marsad_buf)MARSAD_BUF_INIT;
	chunker k = {(const unsigned char *)s, c, 0, 0, fn, ctx, 0};
	int rc = marsad_analyze(s, len, MARSAD_ANALYZE_KEEP_STOPWORDS,
				chunk_tok, &k);
	if (k.err)
		rc = k.err;
	if (!rc)
		rc = flush(&k);
	marsad_buf_clear(&c->pool);
	free(c);
	return rc;
}

/* ---- features ----------------------------------------------------------- */

typedef struct feats {
	char *names;
	uint64_t *keys;
	size_t n;
} feats;

/* Adds the feature NAME + A (+ "|" + B when b is non-NULL), cut to
 * NER_FEAT_LEN − 1 bytes. */
static void add_n(feats *f, const char *name, size_t n, const char *a,
		  size_t alen, const char *b, size_t blen)
{
	if (f->n >= NER_FEAT_MAX)
		return;
	size_t cap = NER_FEAT_LEN - 1;
	if (alen > cap - n)
		alen = cap - n;
	if (b && n + alen + 1 + blen > cap)
		b = NULL;
	uint64_t h = fnv(fnv(FNV_BASIS, name, n), a, alen);
	if (b)
		h = fnv(fnv(h, "|", 1), b, blen);
	f->keys[f->n] = h ? h : 1;
	if (f->names) {
		char *p = f->names + f->n * NER_FEAT_LEN;
		memcpy(p, name, n);
		memcpy(p + n, a, alen);
		n += alen;
		if (b) {
			p[n++] = '|';
			memcpy(p + n, b, blen);
			n += blen;
		}
		p[n] = 0;
	}
	f->n++;
}

/* name is a string literal. */
#define add(f, name, a, alen, b, blen) \
	add_n(f, name, sizeof name - 1, a, alen, b, blen)
#define add_str(f, name, a) add(f, name, a, strlen(a), NULL, 0)

/* The bytes of the first k characters of s (UTF-8), or all of it. */
static size_t head_chars(const char *s, size_t len, size_t k)
{
	size_t i = 0;
	while (i < len && k > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/* Where the last k characters of s begin. */
static size_t tail_chars(const char *s, size_t len, size_t k)
{
	size_t i = len;
	while (i > 0 && k > 0) {
		i--;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
		k--;
	}
	return i;
}

/* Adds one feature per lexicon class of word j (or none outside). */
static void add_lex(feats *f, const char *name, const ner_chunk *c, long j)
{
	if (j < 0 || (size_t)j >= c->n)
		return;
	unsigned m = c->tok[j].lex;
	for (size_t k = 0; k < LEX_NCLASS; k++)
		if (m & (1u << k))
			add_n(f, name, strlen(name), lex_class[k],
			      strlen(lex_class[k]), NULL, 0);
}

static const char *word_at(const ner_chunk *c, long j, int stem, size_t *len)
{
	if (j < 0) {
		*len = 3;
		return "<s>";
	}
	if ((size_t)j >= c->n) {
		*len = 4;
		return "</s>";
	}
	*len = stem ? c->tok[j].stem_len : c->tok[j].norm_len;
	return stem ? ner_stem(c, (size_t)j) : ner_norm(c, (size_t)j);
}

size_t marsad_ner_features(const ner_chunk *c, size_t i, char *names,
			   uint64_t keys[NER_FEAT_MAX])
{
	feats f = {names, keys, 0};
	const ner_tok *t = &c->tok[i];
	const char *w = ner_norm(c, i), *st = ner_stem(c, i);
	size_t wl = t->norm_len, sl = t->stem_len;
	long li = (long)i;
	size_t l1, l2;
	const char *a, *b;

	add_str(&f, "bias", "");
	add(&f, "w=", w, wl, NULL, 0);
	add(&f, "s=", st, sl, NULL, 0);
	a = word_at(c, li - 1, 0, &l1);
	add(&f, "w-1=", a, l1, NULL, 0);
	add(&f, "w-1w=", a, l1, w, wl);
	b = word_at(c, li + 1, 0, &l2);
	add(&f, "w+1=", b, l2, NULL, 0);
	add(&f, "ww+1=", w, wl, b, l2);
	a = word_at(c, li - 2, 0, &l1);
	add(&f, "w-2=", a, l1, NULL, 0);
	a = word_at(c, li + 2, 0, &l1);
	add(&f, "w+2=", a, l1, NULL, 0);
	a = word_at(c, li - 1, 1, &l1);
	add(&f, "s-1=", a, l1, NULL, 0);
	a = word_at(c, li + 1, 1, &l1);
	add(&f, "s+1=", a, l1, NULL, 0);

	/* Letters at the edges of the word and of its stem. */
	char name[4];
	for (size_t k = 1; k <= 3; k++) {
		memcpy(name, "p0=", 4);
		name[1] = (char)('0' + k);
		add_n(&f, name, 3, w, head_chars(w, wl, k), NULL, 0);
		size_t from = tail_chars(w, wl, k);
		name[0] = 'x';
		add_n(&f, name, 3, w + from, wl - from, NULL, 0);
		if (k >= 2) {
			from = tail_chars(st, sl, k);
			name[0] = 'y';
			add_n(&f, name, 3, st + from, sl - from, NULL, 0);
			name[0] = 'q';
			add_n(&f, name, 3, st, head_chars(st, sl, k), NULL, 0);
		}
	}
	/* What the stemmer took off before and after the stem. */
	if (t->stem_off != NER_NO_SLICE) {
		add(&f, "cl=", w, t->stem_off, NULL, 0);
		size_t e = (size_t)t->stem_off + sl;
		add(&f, "sf=", w + e, wl - e, NULL, 0);
	} else {
		add_str(&f, "cl=", "?");
	}
	for (int d = -1; d <= 1; d += 2) {
		long j = li + d;
		const char *nm = d < 0 ? "cl-1=" : "cl+1=";
		if (j < 0 || (size_t)j >= c->n ||
		    c->tok[j].stem_off == NER_NO_SLICE)
			add_n(&f, nm, 5, "?", 1, NULL, 0);
		else
			add_n(&f, nm, 5, ner_norm(c, (size_t)j),
			      c->tok[j].stem_off, NULL, 0);
	}

	const char *sh = t->shape;
	add_str(&f, "k=", sh);
	if (i > 0)
		add(&f, "k-1=", c->tok[i - 1].shape, 4, sh, 4);
	else
		add_str(&f, "k-1=", "<s>");
	if (i + 1 < c->n) {
		add(&f, "k+1=", c->tok[i + 1].shape, 4, NULL, 0);
	} else {
		add_str(&f, "k+1=", "</s>");
	}

	/* Punctuation around the word. */
	char g[3] = {(char)('a' + t->before), (char)('a' + t->after), 0};
	add(&f, "g<=", g, 1, NULL, 0);
	add(&f, "g>=", g + 1, 1, NULL, 0);
	add(&f, "g=", g, 2, NULL, 0);

	add_lex(&f, "L=", c, li);
	add_lex(&f, "L-1=", c, li - 1);
	add_lex(&f, "L-2=", c, li - 2);
	add_lex(&f, "L+1=", c, li + 1);
	add_lex(&f, "L+2=", c, li + 2);
	return f.n;
}

/* ---- decoding ----------------------------------------------------------- */

int marsad_ner_allowed(int p, int t)
{
	if (t == NER_O || NER_IS_B(t))
		return 1;
	return p != NER_NTAGS && p != NER_O && NER_TYPE(p) == NER_TYPE(t);
}

void marsad_ner_viterbi(const float *emit, size_t n, const ner_trans trans,
			int *tags)
{
	if (n == 0)
		return;
	if (n > NER_CHUNK_MAX)
		n = NER_CHUNK_MAX;
	float score[NER_NTAGS], next[NER_NTAGS];
	unsigned char back[NER_CHUNK_MAX][NER_NTAGS];
	const float none = -1e30f;
	for (int t = 0; t < NER_NTAGS; t++)
		score[t] = marsad_ner_allowed(NER_NTAGS, t)
				   ? trans[NER_NTAGS][t] + emit[t]
				   : none;
	for (size_t i = 1; i < n; i++) {
		for (int t = 0; t < NER_NTAGS; t++) {
			float best = none;
			int arg = NER_O;
			for (int p = 0; p < NER_NTAGS; p++) {
				if (!marsad_ner_allowed(p, t) || score[p] <= none)
					continue;
				float v = score[p] + trans[p][t];
				if (v > best) {
					best = v;
					arg = p;
				}
			}
			next[t] = best <= none ? none
					       : best + emit[i * NER_NTAGS + t];
			back[i][t] = (unsigned char)arg;
		}
		memcpy(score, next, sizeof score);
	}
	int t = NER_O;
	for (int k = 1; k < NER_NTAGS; k++)
		if (score[k] > score[t])
			t = k;
	for (size_t i = n; i-- > 0;) {
		tags[i] = t;
		if (i > 0)
			t = back[i][t];
	}
}
