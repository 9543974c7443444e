/*
 * ner.c — marsad_ner_extract(): people, places and organizations with
 * their byte spans.
 *
 * Algorithm. The text is cut into sentence chunks of analyzed words
 * (ner_feat.c); each word's features are looked up in the model, an
 * averaged perceptron (Collins, "Discriminative training methods for
 * hidden Markov models", 2002; the mean of several trained with other
 * shuffles, see tools/train_ner.c) with one weight per feature and BIO tag,
 * and Viterbi decoding over the learned tag transitions picks the best
 * valid sequence. B-/I- runs become mentions; the first word loses the
 * conjunction and preposition letters attached to it (see extract.h).
 *
 * The model is data/ner_model.txt, written by tools/train_ner.c: lines
 * "T<TAB>prev<TAB>w0 … w6" (transition scores, prev 7 is the start of a
 * chunk) and "F<TAB>feature<TAB>tag:weight …" (weights × 100, only the
 * non-zero ones). It is parsed once, on first use, into an open-addressing
 * table keyed by the feature's 64-bit key (marsad_ner_key()), a 32-byte
 * slot holding the seven weights and the key check (eight lanes that add
 * as one vector), at most 2/3 full: one cache line per feature.
 *
 * Most features read one word alone: the word's own (ner_int.h) and
 * those its neighbours at -2…+2 give it. Their summed weights depend on
 * that word's form only, so each word type gets a profile of five sums
 * (its own, and what it gives the word two before, one before, one after,
 * two after it); a running word then costs five vector adds, a table
 * entry for the punctuation around it and the three features of it with
 * a neighbour. The profiles of the most frequent words are made at load;
 * each thread keeps those of the other words it has met
 * (NER_THREAD_WORDS of them at most), made on first sight. A profile is
 * kept with its word's form, stem and analyzer flags, for the same word
 * only. A word's detail (the parts of it that only its own and
 * neighbour features read, ner_int.h) is made for the words whose
 * profile is made, and for the first word of a mention.
 * Sums are exact (integer), so the profiles change nothing but the time.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/extract.h"
#include "marsad/text.h"
#include "ner_int.h"
#include "text/text_internal.h"

MARSAD_DATA(ner_model);
MARSAD_DATA(ner_clusters);

/* ---- the model ----------------------------------------------------------- */

/* A feature's entry: its weights × 100 (16-bit values) and the high half
 * of its key (the low half picked the slot; a false match needs 32 more
 * equal bits), 32 bytes on a 32-byte boundary: one cache line. */
struct slot {
	int32_t w[NER_NTAGS];
	uint32_t check; /* 0: empty */
};

/* Sums of the eight lanes of slots, in two vectors of four (GCC and Clang
 * extensions, SSE2 or NEON registers): a slot adds to them as two vector
 * adds, lane 7 taking the check, which nothing reads. Unsigned, so that
 * lane wraps; the others hold exact sums of at most ninety 16-bit
 * weights. */
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));

/* Adds the eight lanes at p to acc. */
static void add8(u32x4 acc[2], const void *p)
{
	u32x4 v[2];
	memcpy(v, p, sizeof v);
	acc[0] += v[0];
	acc[1] += v[1];
}

#define CHECK_OF(key) ((uint32_t)((key) >> 32) | 1u)

/* A word type's profile: the summed weights of its own features and of
 * those it gives the word at -2, -1, +1 and +2 from it (AT_M2 …), with the
 * word they are valid for. Plain arrays, not vectors: profiles live in
 * memory that realloc() moves. */
enum { AT_OWN, AT_M2, AT_M1, AT_P1, AT_P2, AT_N };
static const int at_offset[AT_N] = {0, -2, -1, 1, 2};

struct profile {
	uint32_t sum[AT_N][8];
	uint64_t hnorm;
	uint32_t text; /* its norm, a NUL and its stem in the table's text */
	uint32_t hits; /* uses since it was made or the table pruned */
	uint16_t norm_len, stem_len;
	unsigned char kind, flags;
};

/* Profiles by the hash of the word's form: open addressing, at most half
 * full; words of one form with other stems or flags take other slots. */
struct pslot {
	uint64_t hnorm; /* 0: empty */
	uint32_t idx;   /* in prof */
};

typedef struct ptab {
	struct pslot *slots;
	size_t mask;
	struct profile *prof;
	size_t n, cap;
	marsad_buf text;
} ptab;

#define PTAB_INIT {NULL, 0, NULL, 0, 0, MARSAD_BUF_INIT}

/* The frequent words whose profiles are made at load. */
#define NER_CACHE_WORDS 8192

/* The most profiles a thread keeps, about 15 MB (news text brings
 * about one new word type every 6 words at first, fewer later): a full
 * table keeps the most used half (ptab_prune()), between chunks, so
 * that a chunk's profiles stay put while it is tagged. */
#define NER_THREAD_WORDS 65536

static struct model {
	struct slot *slots;
	size_t mask, used;
	ner_trans trans;
	unsigned char allowed[NER_NTAGS + 1]; /* bit t: tag t may follow */
	struct profile edge; /* of a word beyond the chunk's edges: what
				they give each offset (no sum[AT_OWN]) */
	uint32_t gap[NER_GAP_EDGE + 1][NER_GAP_EDGE + 1][8]; /* before, after */
	ptab words; /* the frequent words', read only */
	int err; /* MARSAD_ENOMEM when the model could not be built */
} model;
static pthread_once_t model_once = PTHREAD_ONCE_INIT;

/* Where the probe for key starts. */
static const struct slot *model_slot(uint64_t key)
{
	return &model.slots[key & model.mask];
}

/* The slot of key, or the empty slot where it would go. The table is
 * never more than 3/4 full, so the probe ends. */
static struct slot *model_find(uint64_t key)
{
	size_t i = key & model.mask;
	uint32_t check = CHECK_OF(key);
	for (;;) {
		struct slot *e = &model.slots[i];
		if (e->check == check || !e->check)
			return e;
		i = (i + 1) & model.mask;
	}
}

/* Reads a decimal integer (a leading '-' allowed, at most 9 digits, which
 * the weights never reach) from p; returns where it ends, or NULL when
 * there is none. Faster than strtol() over the 100,000 lines of the
 * model, read by every process that tags. */
static inline const char *read_int(const char *p, const char *end,
				   long *v)
{
	int neg = p < end && *p == '-';
	const char *q = p + neg, *digits = q;
	long x = 0;
	while (q < end && *q >= '0' && *q <= '9' && q - digits < 9)
		x = 10 * x + (*q++ - '0');
	if (q == digits)
		return NULL;
	*v = neg ? -x : x;
	return q;
}

static int parse_line(void *ctx, const char *line, size_t n)
{
	(void)ctx;
	if (n < 3 || line[1] != '\t')
		return 0;
	const char *end = line + n;
	if (line[0] == 'T') {
		char *p;
		long prev = strtol(line + 2, &p, 10);
		if (prev < 0 || prev > NER_NTAGS)
			return 0;
		for (int t = 0; t < NER_NTAGS && p < end; t++)
			model.trans[prev][t] = strtof(p, &p);
		return 0;
	}
	if (line[0] != 'F' || !model.slots)
		return 0;
	const char *name = line + 2;
	const char *tab = memchr(name, '\t', (size_t)(end - name));
	if (!tab)
		return 0;
	uint64_t key = marsad_ner_key(name, (size_t)(tab - name));
	struct slot *e = model_find(key);
	if (!e->check) {
		if (4 * (model.used + 1) > 3 * (model.mask + 1))
			return 0;
		e->check = CHECK_OF(key);
		model.used++;
	}
	const char *p = tab + 1;
	while (p < end) {
		long t, v;
		p = read_int(p, end, &t);
		if (!p || p == end || *p != ':' || t < 0 || t >= NER_NTAGS)
			break;
		p = read_int(p + 1, end, &v);
		if (!p)
			break;
		e->w[t] = (int32_t)(v > INT16_MAX ? INT16_MAX
			       : v < INT16_MIN ? INT16_MIN : v);
		while (p < end && *p == ' ')
			p++;
	}
	return 0;
}

/* Adds the weights of n features to the sums in acc. Inlined: a call
 * costs as much as the few features of a word's pairs. */
static inline __attribute__((always_inline)) void
weight_sum(const uint64_t *keys, size_t n, u32x4 acc[2])
{
	for (size_t f = 0; f < n; f++)
		add8(acc, model_find(keys[f])); /* an empty slot's are 0 */
}

/* The sums of the weights of n features, to out. */
static inline void weight_sums(const uint64_t *keys, size_t n, uint32_t out[8])
{
	u32x4 acc[2] = {{0}, {0}};
	weight_sum(keys, n, acc);
	memcpy(out, acc, sizeof acc);
}

/* ---- profiles ------------------------------------------------------------ */

/* Non-zero when the n bytes at a and b are the same; inline, eight at a
 * time, for the short strings of words. */
static int same_bytes(const char *a, const char *b, size_t n)
{
	for (; n >= 8; n -= 8, a += 8, b += 8) {
		uint64_t x, y;
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	for (; n; n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

/* Non-zero when profile p is of word i of c (whose pool holds its norm, a
 * NUL and its stem together, as the table's text does). */
static int same_word(const ptab *tb, const struct profile *p,
		     const ner_chunk *c, size_t i)
{
	const ner_tok *t = &c->tok[i];
	return p->norm_len == t->norm_len && p->stem_len == t->stem_len &&
	       p->kind == t->kind && p->flags == t->flags &&
	       same_bytes(tb->text.data + p->text, ner_norm(c, i),
			  (size_t)t->norm_len + 1 + t->stem_len);
}

/* The index of the profile of word i of c in tb, or -1. */
static long ptab_find(const ptab *tb, const ner_chunk *c, size_t i)
{
	uint64_t h = c->tok[i].hnorm;
	if (!tb->slots)
		return -1;
	for (size_t k = h & tb->mask;; k = (k + 1) & tb->mask) {
		const struct pslot *e = &tb->slots[k];
		if (!e->hnorm)
			return -1;
		if (e->hnorm == h && same_word(tb, &tb->prof[e->idx], c, i))
			return e->idx;
	}
}

/* Doubles the slots of tb (or makes its first ones). */
static int ptab_grow(ptab *tb)
{
	size_t n = tb->slots ? 2 * (tb->mask + 1) : 512;
	struct pslot *s = calloc(n, sizeof *s);
	if (!s)
		return MARSAD_ENOMEM;
	for (size_t k = 0; tb->slots && k <= tb->mask; k++) {
		if (!tb->slots[k].hnorm)
			continue;
		size_t j = tb->slots[k].hnorm & (n - 1);
		while (s[j].hnorm)
			j = (j + 1) & (n - 1);
		s[j] = tb->slots[k];
	}
	free(tb->slots);
	tb->slots = s;
	tb->mask = n - 1;
	return 0;
}

/* Adds a copy of profile p, whose word is text, to tb (which has no
 * profile of that word); its index, or a MARSAD_E* code. */
static long ptab_put(ptab *tb, const struct profile *p, const char *text)
{
	if (!tb->slots || 2 * (tb->n + 1) > tb->mask + 1) {
		if (ptab_grow(tb))
			return MARSAD_ENOMEM;
	}
	if (tb->n == tb->cap) {
		size_t cap = tb->cap ? 2 * tb->cap : 256;
		struct profile *q = realloc(tb->prof, cap * sizeof *q);
		if (!q)
			return MARSAD_ENOMEM;
		tb->prof = q;
		tb->cap = cap;
	}
	struct profile *q = &tb->prof[tb->n];
	*q = *p;
	q->text = (uint32_t)tb->text.len;
	if (marsad_buf_append(&tb->text, text,
			      (size_t)p->norm_len + 1 + p->stem_len))
		return MARSAD_ENOMEM;
	size_t k = p->hnorm & tb->mask;
	while (tb->slots[k].hnorm)
		k = (k + 1) & tb->mask;
	tb->slots[k].hnorm = p->hnorm;
	tb->slots[k].idx = (uint32_t)tb->n;
	return (long)tb->n++;
}

/* Makes the profile of word i of c and adds it to tb; its index, or a
 * MARSAD_E* code. */
static long ptab_add(ptab *tb, ner_chunk *c, size_t i)
{
	marsad_ner_detail(c, i);
	const ner_tok *t = &c->tok[i];
	struct profile p;
	p.hnorm = t->hnorm;
	p.hits = 0;
	p.norm_len = t->norm_len;
	p.stem_len = t->stem_len;
	p.kind = t->kind;
	p.flags = t->flags;
	/* All keys first, their slots prefetched, then the sums: the misses
	 * of a new word's fifty-odd lookups overlap. */
	uint64_t keys[AT_N][NER_FEAT_MAX];
	size_t n[AT_N];
	for (int a = 0; a < AT_N; a++) {
		n[a] = a == AT_OWN
			? marsad_ner_word_features(c, i, NULL, keys[a])
			: marsad_ner_near_features(c, (long)i, at_offset[a],
						   keys[a]);
		for (size_t f = 0; f < n[a]; f++)
			__builtin_prefetch(model_slot(keys[a][f]));
	}
	for (int a = 0; a < AT_N; a++)
		weight_sums(keys[a], n[a], p.sum[a]);
	return ptab_put(tb, &p, ner_norm(c, i));
}

static void ptab_clear(ptab *tb)
{
	free(tb->slots);
	free(tb->prof);
	marsad_buf_clear(&tb->text);
	*tb = (ptab)PTAB_INIT;
}

/* Empties tb but for its most used profiles, at most half of
 * NER_THREAD_WORDS (those used at least `least` times, the lowest power
 * of two that keeps so few), their counts halved so that old uses fade. */
static int ptab_prune(ptab *tb)
{
	uint32_t least = 1;
	for (;;) {
		size_t kept = 0;
		for (size_t k = 0; k < tb->n; k++)
			kept += tb->prof[k].hits >= least;
		if (kept <= NER_THREAD_WORDS / 2 || least > UINT32_MAX / 2)
			break;
		least *= 2;
	}
	ptab old = *tb;
	*tb = (ptab)PTAB_INIT;
	int rc = 0;
	for (size_t k = 0; k < old.n && !rc; k++) {
		struct profile *p = &old.prof[k];
		if (p->hits < least)
			continue;
		p->hits /= 2;
		if (ptab_put(tb, p, old.text.data + p->text) < 0)
			rc = MARSAD_ENOMEM;
	}
	ptab_clear(&old);
	return rc;
}

/* What the chunk edge gives each offset (the features of a word outside
 * an empty chunk), and the punctuation around a word. */
static int fixed_sums(void)
{
	ner_chunk *none = calloc(1, sizeof *none);
	if (!none)
		return MARSAD_ENOMEM;
	uint64_t keys[NER_FEAT_MAX];
	for (int a = AT_M2; a < AT_N; a++)
		weight_sums(keys,
			    marsad_ner_near_features(none, at_offset[a],
						     at_offset[a], keys),
			    model.edge.sum[a]);
	free(none);
	for (unsigned b = 0; b <= NER_GAP_EDGE; b++)
		for (unsigned a = 0; a <= NER_GAP_EDGE; a++)
			weight_sums(keys, marsad_ner_gap_features(b, a, keys),
				    model.gap[b][a]);
	return 0;
}

/* A thread's profiles, freed when it ends. */
static pthread_key_t words_key;

static void words_free(void *p)
{
	ptab_clear(p);
	free(p);
}

/* The profiles of the calling thread; NULL without memory. */
static ptab *thread_words(void)
{
	ptab *tb = pthread_getspecific(words_key);
	if (!tb) {
		tb = malloc(sizeof *tb);
		if (!tb)
			return NULL;
		*tb = (ptab)PTAB_INIT;
		if (pthread_setspecific(words_key, tb)) {
			free(tb);
			return NULL;
		}
	}
	return tb;
}

/* One line of the word list: a chunk of one word. */
static int words_chunk(void *ctx, ner_chunk *c)
{
	(void)ctx;
	if (c->n != 1 || ptab_find(&model.words, c, 0) >= 0)
		return 0;
	return ptab_add(&model.words, c, 0) < 0 ? MARSAD_ENOMEM : 0;
}

/* The text of the cached words, one a line. */
typedef struct word_list {
	marsad_buf text;
	size_t n;
} word_list;

/* Appends the word of a "WORD<TAB>CLASS" line, up to NER_CACHE_WORDS. */
static int words_line(void *ctx, const char *line, size_t n)
{
	word_list *l = ctx;
	const char *tab = memchr(line, '\t', n);
	if (!tab)
		return 0;
	if (marsad_buf_append(&l->text, line, (size_t)(tab - line)) ||
	    marsad_buf_putc(&l->text, '\n'))
		return MARSAD_ENOMEM;
	return ++l->n >= NER_CACHE_WORDS;
}

/* Makes the profiles of the most frequent words of news text (the first
 * NER_CACHE_WORDS of data/ner_clusters.txt, which lists them by
 * frequency); without memory for them, each thread makes them too. */
static void words_load(void)
{
	word_list l = {MARSAD_BUF_INIT, 0};
	if (marsad_lexicon_each(marsad_data_ner_clusters,
				marsad_data_ner_clusters_len, words_line,
				&l) < 0 ||
	    marsad_ner_chunks_lazy(l.text.data, l.text.len, NULL, words_chunk,
				   NULL))
		ptab_clear(&model.words);
	marsad_buf_clear(&l.text);
}

static void model_load(void)
{
	const char *d = marsad_data_ner_model;
	size_t len = marsad_data_ner_model_len, lines = 0;
	for (const char *p = d, *end = d + len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL && ++p < end;)
		lines += *p == 'F';
	size_t slots = 1024;
	while (2 * slots < 3 * (lines + 1)) /* at most 2/3 full */
		slots *= 2;
	model.slots = aligned_alloc(sizeof *model.slots,
				    slots * sizeof *model.slots);
	if (model.slots)
		memset(model.slots, 0, slots * sizeof *model.slots);
	if (!model.slots) {
		model.err = MARSAD_ENOMEM;
		return;
	}
	model.mask = slots - 1;
	marsad_lexicon_each(d, len, parse_line, NULL);
	for (int p = 0; p <= NER_NTAGS; p++)
		for (int t = 0; t < NER_NTAGS; t++)
			model.allowed[p] |= (unsigned char)(
				marsad_ner_allowed(p, t) << t);
	if (fixed_sums() || pthread_key_create(&words_key, words_free)) {
		model.err = MARSAD_ENOMEM;
		return;
	}
	words_load();
}

/* ---- mentions ------------------------------------------------------------ */

/* U+0627 ALEF and U+0644 LAM as the analyzer writes them. */
#define ALEF_LAM "\xd8\xa7\xd9\x84"
#define LAM_LAM  "\xd9\x84\xd9\x84"

/* Non-zero when every letter of the normalized bytes p[0..n) is a
 * proclitic letter: U+0648 WAW and U+0641 FEH (conjunctions), U+0628 BEH,
 * U+0644 LAM and U+0643 KAF (prepositions). */
static int all_proclitic(const char *p, size_t n)
{
	if (n % 2)
		return 0;
	for (size_t i = 0; i < n; i += 2) {
		uint32_t cp = (((unsigned char)p[i] & 0x1Fu) << 6) |
			      ((unsigned char)p[i + 1] & 0x3Fu);
		if (((unsigned char)p[i] & 0xE0) != 0xC0 ||
		    (cp != 0x648 && cp != 0x641 && cp != 0x628 &&
		     cp != 0x644 && cp != 0x643))
			return 0;
	}
	return 1;
}

/*
 * How many normalized bytes of word i are attached clitics to leave out of
 * a mention: the letters the stemmer took off before the stem, up to the
 * article ال (kept) or the contraction لل of ل + ال (kept whole). A word
 * the analyzer judged a name trusts the stemmer, whose name rules are
 * careful; another word loses only the clitics before an article, or a
 * lone conjunction و, since ب and ل often begin a foreign name the
 * stemmer does not know (لاريجاني).
 */
static size_t clitic_bytes(const ner_chunk *c, size_t i)
{
	const ner_tok *t = &c->tok[i];
	if (t->stem_off == NER_NO_SLICE || t->stem_off == 0 ||
	    t->kind != MARSAD_TOKEN_ARABIC)
		return 0;
	const char *w = ner_norm(c, i);
	size_t k = t->stem_off;
	int article = 0;
	if (k >= 4 && memcmp(w + k - 4, ALEF_LAM, 4) == 0) {
		k -= 4;
		article = 1;
	} else if (k >= 4 && memcmp(w + k - 4, LAM_LAM, 4) == 0) {
		k -= 4;
		article = 1;
	}
	if (k == 0 || !all_proclitic(w, k))
		return 0;
	if (!(t->flags & MARSAD_TOKEN_NAME) && !article &&
	    !(k == 2 && memcmp(w, "\xd9\x88", 2) == 0))
		return 0;
	return k;
}

/* The source byte where the word starting at s[a] continues after its
 * first letters that make `bytes` normalized bytes, marks written on them
 * included; a when the letters do not line up (a ligature). */
static size_t skip_letters(const char *s, size_t a, size_t end, size_t bytes)
{
	const unsigned char *u = (const unsigned char *)s;
	text_unit units[TEXT_FOLD_MAX];
	size_t i = a, got = 0, n;
	while (got < bytes && i < end) {
		i += text_next(u, end, i, units, &n);
		for (size_t j = 0; j < n; j++)
			got += units[j].cp < 0x80 ? 1 : units[j].cp < 0x800 ? 2 : 3;
	}
	if (got != bytes)
		return a;
	while (i < end) { /* marks on the last clitic letter */
		size_t k = text_next(u, end, i, units, &n);
		if (n != 0)
			break;
		i += k;
	}
	return i < end ? i : a;
}

typedef struct extractor {
	const char *s;
	marsad_buf out; /* marsad_mention[] */
	ptab *words;    /* the thread's profiles */
} extractor;

static int emit_mention(extractor *x, ner_chunk *c, size_t a, size_t b,
			int type, float conf)
{
	marsad_mention m;
	marsad_ner_detail(c, a);
	m.start = skip_letters(x->s, c->tok[a].start, c->tok[a].end,
			       clitic_bytes(c, a));
	m.end = c->tok[b - 1].end;
	m.type = (marsad_entity_type)type;
	m.confidence = conf;
	return marsad_buf_append(&x->out, &m, sizeof m);
}

/* The profile of tag_chunk()'s ref: in tb, or a frequent word's. */
static const struct profile *profile_at(const ptab *tb, long ref)
{
	return ref >= 0 ? &tb->prof[ref] : &model.words.prof[-1 - ref];
}

static int tag_chunk(void *ctx, ner_chunk *c)
{
	extractor *x = ctx;
	float emit[NER_CHUNK_MAX * NER_NTAGS + 1];
	int tags[NER_CHUNK_MAX];
	ptab *tb = x->words;
	long ref[NER_CHUNK_MAX]; /* in tb, or -1 - index in model.words */
	uint64_t pair[NER_CHUNK_MAX][NER_PAIR_MAX];
	unsigned char npair[NER_CHUNK_MAX];
	if (tb->n > NER_THREAD_WORDS - NER_CHUNK_MAX && ptab_prune(tb))
		return MARSAD_ENOMEM;
	/* All profiles (the new ones made) and pair keys first, the pairs'
	 * slots prefetched, then the sums: the table is larger than the
	 * caches, and the misses overlap this way. */
	for (size_t i = 0; i < c->n; i++) {
		long k = ptab_find(&model.words, c, i);
		if (k >= 0) {
			ref[i] = -1 - k;
		} else if ((k = ptab_find(tb, c, i)) >= 0) {
			uint32_t *hits = &tb->prof[k].hits;
			*hits += *hits != UINT32_MAX;
			ref[i] = k;
		} else if ((ref[i] = ptab_add(tb, c, i)) < 0) {
			return MARSAD_ENOMEM;
		}
		npair[i] = (unsigned char)marsad_ner_pair_features(c, i,
								   pair[i]);
		for (size_t f = 0; f < npair[i]; f++)
			__builtin_prefetch(model_slot(pair[i][f]));
	}
	/* The profiles of the words at -2 … n + 1, those beyond the edges
	 * the edge's (tb holds still from here on). */
	const struct profile *around[NER_CHUNK_MAX + 4], **prof = around + 2;
	prof[-2] = prof[-1] = prof[c->n] = prof[c->n + 1] = &model.edge;
	for (size_t i = 0; i < c->n; i++)
		prof[i] = profile_at(tb, ref[i]);
	for (size_t i = 0; i < c->n; i++) {
		const ner_tok *t = &c->tok[i];
		u32x4 acc[2];
		memcpy(acc, model.gap[t->before][t->after], sizeof acc);
		weight_sum(pair[i], npair[i], acc);
#pragma GCC unroll 5
		for (int a = AT_OWN; a < AT_N; a++)
			add8(acc, prof[(long)i + at_offset[a]]->sum[a]);
		/* Exactly (float)sum[t] / 100 for each tag. */
		f32x4 e[2];
		for (int h = 0; h < 2; h++)
			e[h] = __builtin_convertvector((i32x4)acc[h], f32x4) /
			       100.0f;
		memcpy(emit + i * NER_NTAGS, e, NER_NTAGS * sizeof(float));
	}
	marsad_ner_viterbi(emit, c->n, model.trans, tags);

	/* Confidence of word i: the softmax weight of its tag among the
	 * valid tags after the previous word's, from the same scores. */
	size_t start = 0;
	int type = 0;
	float conf = 0;
	for (size_t i = 0; i <= c->n; i++) {
		int t = i < c->n ? tags[i] : NER_O;
		if (type && (i == c->n || NER_IS_B(t) || NER_TYPE(t) != type)) {
			int rc = emit_mention(x, c, start, i, type,
					      conf / (float)(i - start));
			if (rc)
				return rc;
			type = 0;
		}
		if (i == c->n)
			break;
		if (t == NER_O)
			continue;
		int p = i ? tags[i - 1] : NER_NTAGS;
		const float *e = emit + i * NER_NTAGS;
		float z = 0, mine = e[t] + model.trans[p][t];
		for (int k = 0; k < NER_NTAGS; k++)
			if (model.allowed[p] >> k & 1)
				z += expf(e[k] + model.trans[p][k] - mine);
		float ci = 1.0f / z;
		if (NER_IS_B(t)) {
			start = i;
			type = NER_TYPE(t);
			conf = ci;
		} else {
			conf += ci;
		}
	}
	return 0;
}

int marsad_ner_extract_analyzed(const char *s, size_t len,
				const marsad_analysis *words,
				marsad_mention **out, size_t *n)
{
	if (out)
		*out = NULL;
	if (n)
		*n = 0;
	if (!out || !n || (!s && len))
		return MARSAD_EINVAL;
	if (len > MARSAD_NER_MAX)
		return MARSAD_ETOOBIG;
	pthread_once(&model_once, model_load);
	if (model.err)
		return model.err;
	if (len == 0)
		return 0;
	extractor x = {s, MARSAD_BUF_INIT, thread_words()};
	if (!x.words)
		return MARSAD_ENOMEM;
	int rc = marsad_ner_chunks_lazy(s, len, words, tag_chunk, &x);
	if (rc) {
		marsad_buf_clear(&x.out);
		return rc < 0 ? rc : MARSAD_ENOMEM;
	}
	*n = x.out.len / sizeof(marsad_mention);
	*out = *n ? (marsad_mention *)x.out.data : NULL;
	if (!*n)
		marsad_buf_clear(&x.out);
	return 0;
}

int marsad_ner_extract(const char *s, size_t len, marsad_mention **out,
		       size_t *n)
{
	return marsad_ner_extract_analyzed(s, len, NULL, out, n);
}

const char *marsad_entity_type_name(marsad_entity_type t)
{
	switch (t) {
	case MARSAD_ENT_PER:
		return "PER";
	case MARSAD_ENT_LOC:
		return "LOC";
	case MARSAD_ENT_ORG:
		return "ORG";
	}
	return "";
}
