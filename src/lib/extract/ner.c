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
 * conjunction and preposition letters attached to it (see extract.h). A
 * mention never goes on across punctuation (marsad_ner_gap_joins()): the
 * sums of the punctuation around a word take a prohibitive score from its
 * I- tags after any gap but spaces.
 *
 * Two passes (Krishnan & Manning, "An effective two-stage model for
 * exploiting non-local dependencies in named entity recognition", 2006).
 * The first tags every chunk of the text without the document features;
 * its tags are counted per word (by stem) in the document's memory
 * (ner_int.h). The second adds to each word the weights of what the first
 * said of the word's other occurrences and of its neighbours' (a family
 * name tagged inside a full name earlier makes its lone occurrence a
 * name) and, in a sports document, of the type the first pass gave it
 * (a country is a team there, see ner_int.h), decodes every chunk again,
 * applies the rules after the model, takes in the words the document
 * names elsewhere that it left out (propagate()) and makes the mentions.
 * A document is
 * the whole text, or NER_DOC_CHUNKS chunks of it at a time, so that the
 * words kept for the second pass stay bounded.
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
 * two after it); a running word then costs five vector adds, table
 * entries for the punctuation around it and for its shape with the
 * previous word's, and the two features of it with a neighbour word.
 * Profiles are made on first sight, by whichever thread meets the word
 * first: all threads share one table (NER_WORDS profiles at most), looked
 * up under a lock once a chunk. A profile is kept with its word's form,
 * stem, kind and analyzer flags, for the same word only, and found by a
 * hash of them that costs a few instructions a word (ner_tok.hword); it
 * also holds what the word's pair features read, its stem's hash (the
 * document's memory counts words by it) and its clitic_bytes(), so a
 * known word is never hashed byte by byte nor detailed. A word's detail
 * (ner_int.h) is made for the words whose profile is made.
 * Sums are exact (integer), so the profiles change nothing but the time.
 * The document features of a word depend on its state only
 * (marsad_ner_doc_state()), and their sums are tabled by state at load,
 * as the sports feature's are by first-pass tag.
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

/* Eight lanes, passed by value so that sums stay in registers. */
typedef struct lanes {
	u32x4 lo, hi;
} lanes;

/* The eight lanes at p. */
static inline lanes lanes_at(const void *p)
{
	lanes v;
	memcpy(&v.lo, p, sizeof v.lo);
	memcpy(&v.hi, (const char *)p + sizeof v.lo, sizeof v.hi);
	return v;
}

/* acc plus the eight lanes at p. */
static inline lanes add8(lanes acc, const void *p)
{
	lanes v = lanes_at(p);
	acc.lo += v.lo;
	acc.hi += v.hi;
	return acc;
}

#define CHECK_OF(key) ((uint32_t)((key) >> 32) | 1u)

/* A word type's profile: the summed weights of its own features and of
 * those it gives the word at -2, -1, +1 and +2 from it (AT_M2 …), with the
 * word they are valid for. */
enum { AT_OWN, AT_M2, AT_M1, AT_P1, AT_P2, AT_N };
static const int at_offset[AT_N] = {0, -2, -1, 1, 2};

/* الشيخ as the analyzer writes it */
#define SHEIKH "\xd8\xa7\xd9\x84\xd8\xb4\xd9\x8a\xd8\xae"

/* What the rules after the model read of a word form (word_rules(),
 * profile_make()); a word of the document (struct dword) has its form's,
 * but link and honorific, which also ask for a space before the next
 * word (tag_chunk()). */
struct form_rules {
	unsigned char title; /* marsad_ner_title_word() or
				marsad_ner_gentilic() */
	unsigned char honorific_title; /* marsad_ner_title_word() */
	unsigned char sheikh; /* …الشيخ */
	/* enum name_link; a title places are named after; a head word
	 * without the article; marsad_ner_rule_word(); marsad_ner_national() */
	unsigned char link, honorific, construct, named_after, national;
	unsigned char article; /* has_article() */
	unsigned char any_head; /* head, or a head word after the article */
	unsigned char and_name; /* و "and" and a person's name (وجون) */
	unsigned char pronoun; /* a personal pronoun: هو، هي، أنا … */
	unsigned char press; /* marsad_ner_rule_word()'s */
	unsigned char month; /* marsad_ner_rule_word()'s */
	unsigned char other; /* marsad_ner_rule_word()'s */
	unsigned char match; /* marsad_ner_rule_word()'s */
	unsigned char al;    /* written ال… with no other proclitic */
	unsigned char nisba; /* al, and ending in ي or ية */
	unsigned char org; /* marsad_ner_org_word() */
	unsigned char names_next; /* a title, a nationality or
				     marsad_ner_names_next(): a person's
				     name follows it */
	signed char corpus; /* marsad_ner_corpus_type() */
	/* its letters' name-likeness bin plus one (ner_tok's namelike), 0
	 * for none */
	unsigned char namelike;
	/* a country's adjective, masculine or feminine (الكندي، الكندية) */
	unsigned char gentilic;
};

struct profile {
	uint32_t sum[AT_N][8];
	uint64_t hword, hnorm, hshape, hstem; /* its ner_tok's */
	uint64_t hphrase; /* marsad_ner_phrase_hash() */
	uint16_t shape_id;             /* its ner_tok's */
	uint16_t clitic, named_clitic; /* clitic_bytes() of the word */
	uint32_t text; /* its norm, a NUL and its stem in the table's text */
	uint32_t hits; /* uses since it was made or the table pruned */
	uint16_t norm_len, stem_len;
	unsigned char kind, flags;
	unsigned char sport; /* marsad_ner_sport_word() */
	unsigned char unit;  /* marsad_ner_unit_word() */
	unsigned char head;  /* marsad_ner_rule_word()'s, of an Arabic word */
	struct form_rules r;
};

/* Profiles by their word's hword: open addressing, at most half full. */
struct pslot {
	uint64_t hword; /* 0: empty */
	uint32_t idx;   /* in prof */
};

/* The profiles live in blocks that never move: a profile's address holds
 * while the table grows. */
#define PTAB_BLOCK 4096

typedef struct ptab {
	struct pslot *slots;
	size_t mask;
	struct profile **block;
	size_t n, nblock;
	marsad_buf text;
} ptab;

#define PTAB_INIT {NULL, 0, NULL, 0, 0, MARSAD_BUF_INIT}

static inline struct profile *ptab_at(const ptab *tb, size_t k)
{
	return &tb->block[k / PTAB_BLOCK][k % PTAB_BLOCK];
}

/* The most profiles the process keeps, about 32 MB (news text brings
 * about one new word type every 6 words at first, fewer later): a full
 * table keeps the most used half (ptab_prune()), between chunks, when no
 * chunk being tagged holds profiles of it. */
#define NER_WORDS 131072

static struct model {
	void *mem; /* where slots lie */
	struct slot *slots;
	size_t mask, used;
	ner_trans trans;
	unsigned char allowed[NER_NTAGS + 1]; /* bit t: tag t may follow */
	struct profile edge; /* of a word beyond the chunk's edges: what
				they give each offset (no sum[AT_OWN]) */
	uint32_t gap[NER_GAP_EDGE + 1][NER_GAP_EDGE + 1][8]; /* before, after */
	/* By the previous word's shape_id (NER_SHAPES: none) and the
	 * word's. */
	uint32_t shape_pair[NER_SHAPES + 1][NER_SHAPES][8];
	/* The document features' weights by the word's state and by the
	 * previous and the next word's (marsad_ner_doc_state()). */
	uint32_t doc[3][NER_DOC_STATES][8];
	/* The sports feature's weights by the first pass's tag. */
	uint32_t sport[NER_NTAGS][8];
	/* The phrase feature's weights by mark (enum ner_phrase_mark). */
	uint32_t phrase[NER_PH_MARKS][8];
	/* The profiles of the words met, which all threads share under the
	 * lock; `active` chunks being tagged hold profiles of it. */
	pthread_mutex_t lock;
	size_t active;
	ptab words;
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

/* acc plus the weights of n features. Inlined: a call costs as much as
 * the few features of a word's pairs. */
static inline __attribute__((always_inline)) lanes
weight_sum(const uint64_t *keys, size_t n, lanes acc)
{
	for (size_t f = 0; f < n; f++)
		acc = add8(acc, model_find(keys[f])); /* an empty slot's are 0 */
	return acc;
}

/* The sums of the weights of n features, to out. */
static inline void weight_sums(const uint64_t *keys, size_t n, uint32_t out[8])
{
	lanes acc = weight_sum(keys, n, (lanes){{0}, {0}});
	memcpy(out, &acc.lo, sizeof acc.lo);
	memcpy(out + 4, &acc.hi, sizeof acc.hi);
}

/* ---- profiles ------------------------------------------------------------ */

/* The eight bytes at p. */
static inline uint64_t load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, sizeof x);
	return x;
}

/* Non-zero when the n bytes at a and b are the same; inline, eight at a
 * time, for the short strings of words: the last eight of n >= 8 bytes
 * in one step, which may overlap the one before. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
	if (n < 8) {
		for (; n; n--)
			if (*a++ != *b++)
				return 0;
		return 1;
	}
	for (size_t i = 0; i + 8 < n; i += 8)
		if (load8(a + i) != load8(b + i))
			return 0;
	return load8(a + n - 8) == load8(b + n - 8);
}

/* Non-zero when profile p is of word i of c (whose pool holds its norm, a
 * NUL and its stem together, as the table's text does). Inlined in the
 * probe of every word. */
static inline __attribute__((always_inline)) int
same_word(const ptab *tb, const struct profile *p, const ner_chunk *c,
	  size_t i)
{
	const ner_tok *t = &c->tok[i];
	return p->norm_len == t->norm_len && p->stem_len == t->stem_len &&
	       p->kind == t->kind && p->flags == t->flags &&
	       same_bytes(tb->text.data + p->text, ner_norm(c, i),
			  (size_t)t->norm_len + 1 + t->stem_len);
}

/* The index of the profile of word i of c in tb, or -1. Inlined in the
 * loop over a chunk's words. */
static inline __attribute__((always_inline)) long
ptab_find(const ptab *tb, const ner_chunk *c, size_t i)
{
	uint64_t h = c->tok[i].hword;
	if (!tb->slots)
		return -1;
	for (size_t k = h & tb->mask;; k = (k + 1) & tb->mask) {
		const struct pslot *e = &tb->slots[k];
		if (!e->hword)
			return -1;
		if (e->hword == h && same_word(tb, ptab_at(tb, e->idx), c, i))
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
		if (!tb->slots[k].hword)
			continue;
		size_t j = tb->slots[k].hword & (n - 1);
		while (s[j].hword)
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
	if (tb->n == tb->nblock * PTAB_BLOCK) {
		struct profile **b = realloc(tb->block,
					     (tb->nblock + 1) * sizeof *b);
		if (!b)
			return MARSAD_ENOMEM;
		tb->block = b;
		b[tb->nblock] = malloc(PTAB_BLOCK * sizeof **b);
		if (!b[tb->nblock])
			return MARSAD_ENOMEM;
		tb->nblock++;
	}
	struct profile *q = ptab_at(tb, tb->n);
	*q = *p;
	q->text = (uint32_t)tb->text.len;
	if (marsad_buf_append(&tb->text, text,
			      (size_t)p->norm_len + 1 + p->stem_len))
		return MARSAD_ENOMEM;
	size_t k = p->hword & tb->mask;
	while (tb->slots[k].hword)
		k = (k + 1) & tb->mask;
	tb->slots[k].hword = p->hword;
	tb->slots[k].idx = (uint32_t)tb->n;
	return (long)tb->n++;
}

static size_t clitic_bytes(const ner_chunk *c, size_t i, size_t *named);
static void word_rules(const ner_chunk *c, size_t i, struct profile *p);

/* Makes the profile of word i of c (and the word's detail) in *out. */
static void profile_make(ner_chunk *c, size_t i, struct profile *out)
{
	marsad_ner_detail(c, i);
	const ner_tok *t = &c->tok[i];
	struct profile p;
	p.hword = t->hword;
	p.hnorm = t->hnorm;
	p.hshape = t->hshape;
	p.hstem = t->hstem;
	p.hphrase = marsad_ner_phrase_hash(c, i);
	size_t named;
	p.clitic = (uint16_t)clitic_bytes(c, i, &named);
	p.named_clitic = (uint16_t)named;
	p.shape_id = t->shape_id;
	p.hits = 0;
	p.norm_len = t->norm_len;
	p.stem_len = t->stem_len;
	p.kind = t->kind;
	p.flags = t->flags;
	p.sport = (unsigned char)marsad_ner_sport_word(t);
	p.unit = (unsigned char)marsad_ner_unit_word(t);
	word_rules(c, i, &p);
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
	*out = p;
}

static void ptab_clear(ptab *tb)
{
	free(tb->slots);
	for (size_t b = 0; b < tb->nblock; b++)
		free(tb->block[b]);
	free(tb->block);
	marsad_buf_clear(&tb->text);
	*tb = (ptab)PTAB_INIT;
}

/* Empties tb but for its most used profiles, at most half of NER_WORDS
 * (those used at least `least` times, the lowest power of two that keeps
 * so few), their counts halved so that old uses fade. */
static int ptab_prune(ptab *tb)
{
	uint32_t least = 1;
	for (;;) {
		size_t kept = 0;
		for (size_t k = 0; k < tb->n; k++)
			kept += ptab_at(tb, k)->hits >= least;
		if (kept <= NER_WORDS / 2 || least > UINT32_MAX / 2)
			break;
		least *= 2;
	}
	ptab old = *tb;
	*tb = (ptab)PTAB_INIT;
	int rc = 0;
	for (size_t k = 0; k < old.n && !rc; k++) {
		struct profile *p = ptab_at(&old, k);
		if (p->hits < least)
			continue;
		p->hits /= 2;
		if (ptab_put(tb, p, old.text.data + p->text) < 0)
			rc = MARSAD_ENOMEM;
	}
	ptab_clear(&old);
	return rc;
}

/* What the gap sums take from the I- tags after a gap that ends a
 * mention (marsad_ner_gap_joins()): 1,000,000 once divided by 100, far
 * beyond any sum of weights (some ninety of 16 bits at most, under
 * 3,000,000), so that no best path has such a tag, and far from
 * overflowing the lanes' 32 bits. */
#define NER_NO_JOIN 100000000u

/* What the chunk edge gives each offset (the features of a word outside
 * an empty chunk), the punctuation around a word (an I- tag after a gap
 * that ends a mention made impossible), its shape with the previous
 * word's, the document features of each state and the sports feature of
 * each first-pass tag. */
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
		for (unsigned a = 0; a <= NER_GAP_EDGE; a++) {
			weight_sums(keys, marsad_ner_gap_features(b, a, keys),
				    model.gap[b][a]);
			for (int t = NER_I_PER; !marsad_ner_gap_joins(b) &&
			     t < NER_NTAGS; t += 2)
				model.gap[b][a][t] -= NER_NO_JOIN;
		}
	for (unsigned p = 0; p <= NER_SHAPES; p++)
		for (unsigned s = 0; s < NER_SHAPES; s++) {
			keys[0] = marsad_ner_shape_pair_key(p, s);
			weight_sums(keys, 1, model.shape_pair[p][s]);
		}
	for (unsigned s = 0; s < NER_DOC_STATES; s++) {
		weight_sums(keys, marsad_ner_doc_features(s, 0, 0, NULL, keys),
			    model.doc[0][s]);
		weight_sums(keys, marsad_ner_doc_features(0, s, 0, NULL, keys),
			    model.doc[1][s]);
		weight_sums(keys, marsad_ner_doc_features(0, 0, s, NULL, keys),
			    model.doc[2][s]);
	}
	for (unsigned t = 0; t < NER_NTAGS; t++)
		weight_sums(keys, marsad_ner_sport_features(t, NULL, keys),
			    model.sport[t]);
	for (unsigned m = 0; m < NER_PH_MARKS; m++)
		weight_sums(keys, marsad_ner_phrase_features(m, NULL, keys),
			    model.phrase[m]);
	return 0;
}

/* Adds the profile p of word i of c to tb, unless tb has one of that
 * word already or is full; 0 or MARSAD_ENOMEM. */
static int ptab_offer(ptab *tb, const struct profile *p, const ner_chunk *c,
		      size_t i)
{
	if (tb->n >= NER_WORDS || ptab_find(tb, c, i) >= 0)
		return 0;
	return ptab_put(tb, p, ner_norm(c, i)) < 0 ? MARSAD_ENOMEM : 0;
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
	/* calloc(): the zeros of a block this large come with its fresh
	 * pages, where memset() would write them all; one slot more to start
	 * on a slot's boundary. */
	model.mem = calloc(slots + 1, sizeof *model.slots);
	model.slots = (struct slot *)(((uintptr_t)model.mem +
				       sizeof *model.slots - 1) &
				      ~(uintptr_t)(sizeof *model.slots - 1));
	if (!model.mem) {
		model.err = MARSAD_ENOMEM;
		return;
	}
	model.mask = slots - 1;
	marsad_lexicon_each(d, len, parse_line, NULL);
	for (int p = 0; p <= NER_NTAGS; p++)
		for (int t = 0; t < NER_NTAGS; t++)
			model.allowed[p] |= (unsigned char)(
				marsad_ner_allowed(p, t) << t);
	if (fixed_sums() || pthread_mutex_init(&model.lock, NULL)) {
		model.err = MARSAD_ENOMEM;
		return;
	}
}

/* ---- mentions ------------------------------------------------------------ */


/* How many of the first k bytes of word w (len normalized bytes), the
 * one-letter proclitics the stemmer took off, are clitics: the most that
 * leave a frequent form (وموسكو: موسكو; ولفلسطين: فلسطين; وبايرن: بايرن,
 * not ايرن); all of them when no cut leaves a frequent form and the word
 * as written is none; else none: a frequent word keeps its letters
 * (وكالة "agency" is never و + كالة, nor بايرن Bayern ب + ايرن). */
static size_t lone_clitics(const char *w, size_t len, size_t k)
{
	for (size_t j = k; j >= 2; j -= 2)
		if (marsad_ner_known_form(w + j, len - j))
			return j;
	return marsad_ner_known_form(w, len) ? 0 : k;
}

/* A word the analyzer kept whole, as it keeps the word after a name
 * (تونس ومصر): the 2 bytes of a leading و when what follows is a place or
 * a person's name and the word as written is none, a conjunction (ومصر
 * had kept it 135 times in SaudiNewsNet's lists of countries, وقطر 146,
 * وحسن الراهب 23); else 0 (وليد، وائل، وادي are words of their own). */
static size_t waw_kept(const char *w, size_t len)
{
	if (len < 8 || memcmp(w, "\xd9\x88", 2) != 0)
		return 0;
	const char *rest = w + 2;
	size_t n = len - 2;
	int place = marsad_ner_place_form(rest, n) &&
		    !marsad_ner_place_form(w, len);
	int person = marsad_ner_person_name(rest, n) &&
		     !marsad_ner_person_name(w, len);
	return place || person ? 2 : 0;
}

/*
 * How many normalized bytes of word i are attached clitics to leave out of
 * a mention: the letters the stemmer took off before the stem, up to the
 * article ال (kept) or the contraction لل of ل + ال (kept whole). A word
 * the analyzer judged a name trusts the stemmer, whose name rules are
 * careful, but for a frequent word the stemmer cuts into a rare one
 * (lone_clitics(): بايرن); another word loses only the clitics before an
 * article, since ب and ل often begin a foreign name the stemmer does not
 * know (لاريجاني), unless the rest is a place of the lexicon and the
 * word as written none (بجدة، لمصر: 620 and 237 mentions of SaudiNewsNet
 * kept the preposition). A lone و goes when lone_clitics() says it is a
 * conjunction, whatever the word.
 */
static size_t word_clitics(const ner_chunk *c, size_t i)
{
	const ner_tok *t = &c->tok[i];
	if (t->stem_off == NER_NO_SLICE || t->kind != MARSAD_TOKEN_ARABIC)
		return 0;
	const char *w = ner_norm(c, i);
	if (t->stem_off == 0)
		return waw_kept(w, t->norm_len);
	size_t k = t->stem_off;
	int article = 0;
	if (k >= 4 && memcmp(w + k - 4, ALEF_LAM, 4) == 0) {
		k -= 4;
		article = 1;
	} else if (k >= 4 && memcmp(w + k - 4, LAM_LAM, 4) == 0) {
		k -= 4;
		article = 1;
	}
	if (k == 0 || !marsad_all_proclitic(w, k))
		return 0;
	if (article)
		return k;
	int waw = k == 2 && memcmp(w, "\xd9\x88", 2) == 0;
	if (!waw && !(t->flags & MARSAD_TOKEN_NAME)) {
		int place = marsad_ner_place_form(w + k, t->norm_len - k) &&
			    !marsad_ner_place_form(w, t->norm_len);
		return place ? k : 0;
	}
	return lone_clitics(w, t->norm_len, k);
}

/* word_clitics() of word i, and in *named what it leaves out where it
 * opens a name of the lexicon (a phrase of ner_lexicon.txt: tag_phrases()):
 * the proclitics before the phrase's first word as the lexicon writes it
 * (لهيئة الأمر بالمعروف …, لوكالة فرانس برس; but بوروسيا دورتموند, whose
 * first word is written so). */
static size_t clitic_bytes(const ner_chunk *c, size_t i, size_t *named)
{
	size_t k = word_clitics(c, i), cut[3];
	const char *w = ner_norm(c, i);
	size_t n = c->tok[i].norm_len, ncut = ner_proclitic_cuts(w, n, cut);
	*named = k;
	for (size_t j = 0; j < ncut; j++) {
		/* not through لل, ل + ال: للجامعة is no لـ جامعة */
		if (cut[j] >= 4 && !memcmp(w + cut[j] - 4, LAM_LAM, 4))
			break;
		if (marsad_ner_opens_phrase(w + cut[j], n - cut[j])) {
			*named = cut[j];
			break;
		}
	}
	return k;
}

/* A word as the first pass leaves it to the second: the sums of its
 * weights but the document features', its span, its clitic_bytes(), its
 * stem's hash, its slot in the document's memory and its first-pass
 * tag. */
struct dword {
	uint32_t sum[8];
	size_t start, end;
	uint64_t stem;
	uint32_t slot;
	uint16_t clitic, named_clitic; /* its profile's */
	unsigned char tag;
	unsigned char phrase; /* enum ner_phrase_mark */
	unsigned char counted; /* a currency or unit after a number */
	unsigned char stopword; /* MARSAD_TOKEN_STOPWORD */
	unsigned char for_the; /* written with لل "for the" before it */
	unsigned char bound; /* bound_clitic() */
	unsigned char tanween; /* written_tanween() */
	unsigned char function_word; /* function_word() */
	unsigned char ali; /* written_ali() */
	unsigned char spaced; /* only a space before it */
	unsigned char dashed; /* dash_before() */
	unsigned char figure; /* a number, or digits with letters (38د) */
	/* other_names(): in a name of another kind; country_adjectives(): a
	 * name's adjective */
	unsigned char of_other;
	/* its profile's, but link (enum name_link) with only a space before
	 * the next word, an Arabic one and no stopword, else LINK_NONE, and
	 * honorific (الملك، الأمير …) with only a space before the next word */
	struct form_rules r;
	/* The second pass's: its tag, after the rules, and its emission
	 * scores */
	unsigned char tag2;
	float emit2[NER_NTAGS];
};

/* The most chunks of one document: a longer text is tagged in pieces of
 * so many chunks (some 64 sentences), each a document of its own, so
 * that the memory a text takes stays bounded. */
#define NER_DOC_CHUNKS 64

typedef struct extractor {
	const char *s;
	size_t len;
	unsigned char *named; /* by memo slot: propagate() */
	size_t named_cap;
	marsad_buf out;        /* marsad_mention[] */
	struct profile *made;  /* NER_CHUNK_MAX, of a chunk's new words */
	/* The document being read: its words (room for cap), chunk by
	 * chunk, and its memory. */
	struct dword *w;
	size_t n, cap, nchunk, chunk_n[NER_DOC_CHUNKS];
	size_t sport; /* its sports words (see NER_SPORT_MIN) */
	ner_memo memo;
} extractor;

/* Room in x's document for n more words; 0 or MARSAD_ENOMEM. */
static int doc_room(extractor *x, size_t n)
{
	if (x->n + n <= x->cap)
		return 0;
	size_t cap = x->cap ? x->cap : 4 * NER_CHUNK_MAX;
	while (cap < x->n + n)
		cap *= 2;
	struct dword *w = realloc(x->w, cap * sizeof *w);
	if (!w)
		return MARSAD_ENOMEM;
	x->w = w;
	x->cap = cap;
	return 0;
}

/* Non-zero when words i and j of c are the same word. */
static int same_tok(const ner_chunk *c, size_t i, size_t j)
{
	const ner_tok *a = &c->tok[i], *b = &c->tok[j];
	return a->hword == b->hword && a->norm_len == b->norm_len &&
	       a->stem_len == b->stem_len && a->kind == b->kind &&
	       a->flags == b->flags &&
	       same_bytes(ner_norm(c, i), ner_norm(c, j),
			  (size_t)a->norm_len + 1 + a->stem_len);
}

/* The profiles of the words of c, prof[i] of word i, the pair detail of
 * each word set: those model.words has, then (with the lock let go) the
 * others', made in x->made, once a word. Leaves model.active counting
 * the chunk, which holds profiles of model.words from here on; the words
 * made are in made_at[0..*nmade), by index in c. */
static int chunk_profiles(extractor *x, ner_chunk *c,
			  const struct profile **prof, size_t *made_at,
			  size_t *nmade)
{
	ptab *tb = &model.words;
	size_t miss[NER_CHUNK_MAX], nmiss = 0;
	pthread_mutex_lock(&model.lock);
	if (tb->n > NER_WORDS - NER_CHUNK_MAX && !model.active &&
	    ptab_prune(tb)) {
		pthread_mutex_unlock(&model.lock);
		return MARSAD_ENOMEM;
	}
	for (size_t i = 0; i < c->n; i++) {
		long k = ptab_find(tb, c, i);
		if (k < 0) {
			miss[nmiss++] = i;
			continue;
		}
		struct profile *p = ptab_at(tb, (size_t)k);
		p->hits += p->hits != UINT32_MAX;
		prof[i] = p;
		c->tok[i].hnorm = p->hnorm;
		c->tok[i].hshape = p->hshape;
		c->tok[i].shape_id = p->shape_id;
	}
	model.active++;
	pthread_mutex_unlock(&model.lock);
	*nmade = 0;
	for (size_t m = 0; m < nmiss; m++) {
		size_t i = miss[m], j = 0;
		while (j < *nmade && !same_tok(c, i, made_at[j]))
			j++;
		if (j == *nmade) {
			profile_make(c, i, &x->made[j]); /* details word i */
			made_at[(*nmade)++] = i;
		}
		const struct profile *p = &x->made[j];
		prof[i] = p;
		c->tok[i].hnorm = p->hnorm;
		c->tok[i].hshape = p->hshape;
		c->tok[i].shape_id = p->shape_id;
	}
	return 0;
}

/* Lets go of the profiles chunk_profiles() gave c, adding to model.words
 * the words made for it. */
static int chunk_done(extractor *x, const ner_chunk *c, const size_t *made_at,
		      size_t nmade)
{
	int rc = 0;
	pthread_mutex_lock(&model.lock);
	model.active--;
	for (size_t j = 0; j < nmade && !rc; j++)
		rc = ptab_offer(&model.words, &x->made[j], c, made_at[j]);
	pthread_mutex_unlock(&model.lock);
	return rc;
}

/* Exactly (float)sum[t] / 100 for each tag, to e[0..NER_NTAGS]. */
static inline void emissions(lanes acc, float *e)
{
	f32x4 v[2] = {
		__builtin_convertvector((i32x4)acc.lo, f32x4) / 100.0f,
		__builtin_convertvector((i32x4)acc.hi, f32x4) / 100.0f,
	};
	memcpy(e, v, NER_NTAGS * sizeof(float));
}

/* The mention of words w[a, b), of type `type`; a person's starts after
 * the titles (الملك), words like قوات (marsad_ner_title_word()) and
 * nationalities (السريلانكي، الأمريكي: marsad_ner_gentilic()) it opens
 * with, which the tagger takes in when it does not know the name (both
 * gold sets leave them out), and ends before a word written with لل "for
 * the" (no person's name goes on with one in either gold set, 2,896 name
 * words after the first) and before a personal pronoun it would end on
 * (is_pronoun()); none of currencies or units after a number
 * (marsad_ner_unit_word()), nor of one stopword: "لي" was a person 134
 * times in SaudiNewsNet, nearly always "قال لي" "he told me"; the gold
 * sets have 7 such names in 13,600 (لي, Li), which the tagger missed
 * anyway; nor is a place or a body one head word without the article
 * (صندوق، جامعة، معهد: the name it opens is cut off), as 3 are in the
 * gold sets and some 300 were in SaudiNewsNet, nor a body's head word
 * alone with it (وقال الصندوق، للمعهد: the body named before, which the
 * gold sets leave untagged; 625 mentions of SaudiNewsNet), but a body
 * that ner_lexicon.txt names so (GORG) or that quotation marks name (حزب
 * "القوات"); nor is a place a people's
 * name or adjective alone (marsad_ner_national(): سعودية، سعوديون, which
 * share the stem of السعودية and were places 370 times there). Nor does a
 * person's name start on a function word the analyzer folds into a name's
 * letters (function_word()): the tagger took على "on" in as علي Ali 167
 * times in SaudiNewsNet ("الضغوط على بلاتر"), بأن and فإن as بان (Ban) and
 * فان (Van) 85 times, which the gold sets never do. */
static int quote_before(const char *s, size_t at);

static int emit_mention(extractor *x, const struct dword *w, size_t a,
			size_t b, int type, float conf)
{
	size_t counted = a;
	while (counted < b && w[counted].counted)
		counted++;
	if (counted == b)
		return 0; /* "500 ريال", "164 كيلو غرام": a sum, not a name */
	if (b - a == 1 && w[a].stopword)
		return 0; /* "قال لي" "told me", not Li */
	if (b - a == 1 && type != MARSAD_ENT_PER && w[a].r.construct)
		return 0; /* "صندوق": the name it opens is cut off */
	if (b - a == 1 && type == MARSAD_ENT_ORG &&
	    w[a].r.any_head == MARSAD_ENT_ORG && w[a].r.article &&
	    !w[a].r.org && w[a].phrase == NER_PH_NONE &&
	    !quote_before(x->s, w[a].start))
		return 0; /* "للمعهد": the body named before */
	if (b - a == 1 && type == MARSAD_ENT_LOC && w[a].r.national)
		return 0; /* "عائلة سعودية" "a Saudi family" */
	while (type == MARSAD_ENT_PER && b - a >= 2 && w[a].r.title)
		a++;
	if (type == MARSAD_ENT_PER && w[a].function_word && ++a == b)
		return 0;
	for (size_t k = a + 1; type == MARSAD_ENT_PER && k < b; k++)
		if (w[k].for_the) /* مركز محمد بن نايف [للمناصحة] */
			b = k;
	while (type == MARSAD_ENT_PER && b - a >= 2 && w[b - 1].r.pronoun)
		b--;
	/* a name of the lexicon starts after all the clitics on its first
	 * word, which then is no foreign name that starts with ب or ل */
	int named = w[a].phrase == NER_PH_B_LOC || w[a].phrase == NER_PH_B_ORG;
	marsad_mention m;
	m.start = text_skip_folded(x->s, w[a].start, w[a].end,
			       named ? w[a].named_clitic : w[a].clitic);
	m.end = w[b - 1].end;
	m.type = (marsad_entity_type)type;
	m.confidence = conf;
	return marsad_buf_append(&x->out, &m, sizeof m);
}

/* The least confidence a word's tag takes (see chunk_mentions()): far
 * below any the model gives, and no denormal once averaged. */
#define CONF_MIN 1e-30f

/* The mentions of the n words w of a chunk, tagged tags from the
 * emissions emit. */
static int chunk_mentions(extractor *x, const struct dword *w,
			  const float *emit, const int *tags, size_t n)
{
	/* Confidence of word i: the softmax weight of its tag among the
	 * valid tags after the previous word's, from the same scores; a tag
	 * the rules gave against the model's scores (a phrase of the
	 * lexicon, one name one reading) may weigh nothing in float, and
	 * takes the least weight CONF_MIN instead, which keeps the contract
	 * of confidence in (0, 1]. */
	size_t start = 0;
	int type = 0;
	float conf = 0;
	for (size_t i = 0; i <= n; i++) {
		int t = i < n ? tags[i] : NER_O;
		if (type && (i == n || NER_IS_B(t) || NER_TYPE(t) != type)) {
			int rc = emit_mention(x, w, start, i, type,
					      conf / (float)(i - start));
			if (rc)
				return rc;
			type = 0;
		}
		if (i == n)
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
		if (!(ci >= CONF_MIN))
			ci = CONF_MIN; /* z overflowed, or underflowed weight */
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

/* Non-zero when word i of c, in the text s, is written as a function word
 * whose letters the analyzer folds into a name's (hamza on alef, ى to ي):
 * على "on" (علي Ali; but not after a word a person's name follows,
 * names_next of the word before, prev: after a title it is Ali as Egyptian
 * print writes him, المرشد الأعلى على خامنئي, الدكتور على …), بأن and فإن
 * "that" (بان Ban, فان Van), لأن "because", أنا "I", أين "where", أو "or",
 * أي "any". */
static int function_word(const char *s, const ner_tok *t,
			 const struct profile *prev)
{
	static const char words[][8] = { /* zero-padded */
		"\xd8\xb9\xd9\x84\xd9\x89", /* على, first */
		"\xd8\xa8\xd8\xa3\xd9\x86", "\xd9\x81\xd8\xa5\xd9\x86",
		"\xd9\x84\xd8\xa3\xd9\x86", "\xd8\xa3\xd9\x86\xd8\xa7",
		"\xd8\xa3\xd9\x8a\xd9\x86", "\xd8\xa3\xd9\x88",
		"\xd8\xa3\xd9\x8a",
	};
	size_t n = t->end - t->start;
	if (n != 4 && n != 6) /* most words: no compare */
		return 0;
	uint64_t v = 0, e; /* the word's bytes, zero-padded */
	memcpy(&v, s + t->start, n);
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		memcpy(&e, words[k], 8);
		if (v == e)
			return k > 0 || !prev->r.names_next;
	}
	return 0;
}

/* Whether a quotation mark (ner_quote_at()) comes right before s[at],
 * spaces aside. */
static int quote_before(const char *s, size_t at)
{
	const unsigned char *u = (const unsigned char *)s;
	while (at > 0 && u[at - 1] == ' ')
		at--;
	for (size_t n = 1; n <= 3 && n <= at; n++)
		if (ner_quote_at(u, at - n, at) == n)
			return 1;
	return 0;
}

/* Whether a quotation mark (ner_quote_at()) comes right after s[at - 1]
 * in the text of len bytes, spaces aside. */
static int quote_after(const char *s, size_t len, size_t at)
{
	const unsigned char *u = (const unsigned char *)s;
	while (at < len && u[at] == ' ')
		at++;
	return ner_quote_at(u, at, len) != 0;
}

/* Non-zero when token t of the text s is written with tanween (U+064B
 * FATHATAN, U+064C DAMMATAN, U+064D KASRATAN): an indefinite noun or an
 * adverb (بلاغاً "a report", دوماً "always", سعودياً "in Saudi terms"),
 * which the analyzer, dropping the mark, reads as a name (دوما, Douma):
 * 685 mentions of SaudiNewsNet held one, nearly all wrong. */
static int written_tanween(const char *s, const ner_tok *t)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = t->start; i + 1 < t->end; i++)
		if (u[i] == 0xD9 && u[i + 1] >= 0x8B && u[i + 1] <= 0x8D)
			return 1;
	return 0;
}

/* Whether a dash (-, U+2013, U+2014) is the last character before s[at]
 * but spaces, whatever comes before it: a row of a list starts so ("* -
 * فونتيناي", "، - سالا"), after a line's end or a comma too. */
static int dash_before(const char *s, size_t at)
{
	const unsigned char *u = (const unsigned char *)s;
	while (at > 0 && u[at - 1] == ' ')
		at--;
	return (at >= 1 && u[at - 1] == '-') ||
	       (at >= 3 && u[at - 3] == 0xE2 && u[at - 2] == 0x80 &&
		(u[at - 1] == 0x93 || u[at - 1] == 0x94));
}

/* Non-zero when token t of the text s is written علي or وعلي, with a final
 * U+064A YEH: Ali, or على "on" as Egyptian print writes it. */
static int written_ali(const char *s, const ner_tok *t)
{
	static const char ali[] = "\xd9\x88\xd8\xb9\xd9\x84\xd9\x8a"; /* وعلي */
	size_t n = t->end - t->start;
	return (n == 6 || n == 8) &&
	       !memcmp(s + t->start, ali + sizeof ali - 1 - n, n);
}

/* Non-zero when word i of c, in the text s, is proclitics written apart
 * from the word they belong to, with a tatweel: لـ«الشرق الأوسط», بـ«تحفظات»,
 * الـ«غارديان» (the letters of marsad_all_proclitic(), then the article, or
 * the article alone). No name ends or starts on one, though the model ran
 * some 200 mentions of SaudiNewsNet into one ("قال سمير لـ«…»"), which
 * the tatweel hides from its features (they read the normalized word). */
static int bound_clitic(const char *s, const ner_chunk *c, size_t i)
{
	const ner_tok *t = &c->tok[i];
	size_t n = t->norm_len, k = n;
	const char *w = ner_norm(c, i);
	if (t->kind != MARSAD_TOKEN_ARABIC || n == 0 || t->end - t->start < 2 ||
	    memcmp(s + t->end - 2, "\xd9\x80", 2)) /* U+0640 TATWEEL */
		return 0;
	if (n >= 4 && !memcmp(w + n - 4, ALEF_LAM, 4))
		k = n - 4;
	return marsad_all_proclitic(w, k);
}

/* Tags each phrase of ner_lexicon.txt among the n words w (dword phrase)
 * as a mention of its type, over what tags[] say of its words, unless a
 * mention goes on into the phrase or out of it: the model weighs the
 * phrase feature against the words' own, and its training text leaves
 * some well-known names untagged (الاتحاد الأوروبي three times in six)
 * or in pieces ("جمهورية [مصر العربية]"), which no reader of news would. */
static void tag_phrases(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned b = w[i].phrase;
		if (b != NER_PH_B_LOC && b != NER_PH_B_ORG)
			continue;
		size_t end = i + 1;
		while (end < n && w[end].phrase == b + 1)
			end++;
		if ((tags[i] == NER_O || NER_IS_B(tags[i])) &&
		    (end == n || tags[end] == NER_O || NER_IS_B(tags[end]))) {
			tags[i] = b == NER_PH_B_LOC ? NER_B_LOC : NER_B_ORG;
			for (size_t j = i + 1; j < end; j++)
				tags[j] = tags[i] + 1;
		}
		i = end - 1;
	}
}

/* Whether word i of w is in no mention: a word of a PNOT phrase of
 * ner_lexicon.txt (حسن الجوار, an expression that opens with a name), a
 * proclitic written apart (bound_clitic(): لـ، بـ), or a word written with
 * tanween (written_tanween()) but after a word that binds it into a name
 * (عبد الله بن مسعودٍ). */
static int no_name(const struct dword *w, size_t i)
{
	return w[i].phrase == NER_PH_NOT || w[i].bound || w[i].of_other ||
	       (w[i].tanween && !(i > 0 && w[i - 1].r.link));
}

/* The words in no name (no_name()) are in no mention; a mention that went
 * on after them starts again after them. */
static void untag_not_names(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!no_name(w, i))
			continue;
		tags[i] = NER_O;
		if (i + 1 < n && !no_name(w, i + 1) &&
		    tags[i + 1] != NER_O && !NER_IS_B(tags[i + 1]))
			tags[i + 1]--; /* I-X to B-X */
	}
}

/* علي (written_ali()) right before a person's mention opens it: "قال علي
 * عبدالله صالح", "المرشد علي خامنئي". The analyzer folds ى into ي, so the
 * model reads Ali as the preposition على, which NewsFANE writes so 530
 * times: it left علي out of 414 person mentions of SaudiNewsNet that it
 * opens (Saudi print writes the preposition with ى), 210 of them علي
 * عبدالله صالح. Not before a title (علي [الشيخ …]), whose mention starts
 * after it. */
static void join_ali(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (tags[i] == NER_B_PER && tags[i - 1] == NER_O &&
		    w[i - 1].ali && !w[i].r.title) {
			tags[i - 1] = NER_B_PER;
			tags[i] = NER_I_PER;
		}
}

/* A mention right after a word that opens a name of another kind than
 * the three (a contest's, a prize's, a record book's, a virus's: بطولة،
 * كأس، جائزة، فيروس …, class NMISC of ner_lexicon.txt), written without
 * the article as the first word of a name is, is that name's: "بطولة
 * أستراليا المفتوحة", "كأس الاتحاد الأفريقي", "دوري عبداللطيف جميل",
 * "موسوعة غينيس" (or "…"), "فيروس إيبولا". Neither gold set tags it (ANERcorp's
 * MISC, which marsad does not extract), and the place, body or person is
 * not what the text speaks of; its words are in no mention (no_name()),
 * so that propagate() does not give them back. */
static void other_names(const extractor *x, struct dword *w, int *tags,
			size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (!w[i].r.other || w[i].r.article || tags[i] != NER_O ||
		    !NER_IS_B(tags[i + 1]) ||
		    !(w[i + 1].spaced || quote_before(x->s, w[i + 1].start)))
			continue;
		size_t j = i + 1;
		do {
			w[j].of_other = 1;
			tags[j++] = NER_O;
		} while (j < n && tags[j] != NER_O && !NER_IS_B(tags[j]));
		i = j - 1;
	}
}

/* A person's title written with the article (الدكتور، المهندس، الرئيس)
 * between a place's or a body's mention and a person's (مدير جامعة المجمعة
 * الدكتور خالد …) is the person's, and neither mention's: the model ended
 * 51 mentions of bodies of SaudiNewsNet on one. Not a ruler's title
 * or الشيخ, which end places' and bodies' names too (دارة الملك عبدالعزيز،
 * شرم الشيخ), nor a word of HPER without the article (قوات، أنصار). */
static void title_between(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++) {
		int t = NER_TYPE(tags[i]);
		if ((t == MARSAD_ENT_LOC || t == MARSAD_ENT_ORG) &&
		    !NER_IS_B(tags[i]) && w[i].r.honorific_title &&
		    w[i].r.article && !w[i].r.honorific && !w[i].r.sheikh &&
		    tags[i + 1] == NER_B_PER)
			tags[i] = NER_O;
	}
}

/* Whether word w is free of what no rare name is: the article, a
 * stopword's or a function word's role, a title, a head word, a people's
 * name, a month, a unit after a number, a pronoun. */
static int free_word(const struct dword *w)
{
	return !w->r.article && !w->stopword && !w->function_word &&
	       !w->r.title && !w->r.any_head && !w->r.national &&
	       !w->r.month && !w->counted && !w->r.pronoun;
}

/* Whether word w looks like a name unlabeled news has not read otherwise:
 * its letters look like a name's (a name-likeness bin, which Arabic
 * letters alone have; the verbs and inflected nouns of news have none:
 * سنحارب، لتعديلات، يخطره) and unlabeled news never saw it or saw it as
 * a person. */
static int unread_name(const struct dword *w)
{
	return w->r.namelike &&
	       (w->r.corpus == -1 || w->r.corpus == MARSAD_ENT_PER);
}

/* Whether word w, with only a space before it, can be a rare person's
 * name where the model saw none: an unread_name() with no proclitic, out
 * of any mention and phrase, and free_word(); after such a name
 * (`after`), one unlabeled news saw as no name too if its letters look
 * more like a name's (سامي خضيرة, not "جيغر نتيجة"). */
static int rare_name_word(const struct dword *w, int after)
{
	return (unread_name(w) ||
		(after && w->r.corpus == 0 && w->r.namelike > 1)) &&
	       w->tag2 == NER_O && w->clitic == 0 && !w->phrase && w->spaced &&
	       free_word(w);
}

/* In a sports document, a nationality adjective written with the article
 * (الإيطالي، التشيكي) is a player's and names him next: "الإيطالي
 * كاراتي", "الزوجي التشيكي بالا وفيزنر". A word there that the model left
 * out and rare_name_word() takes opens a person's mention, and a second
 * such word continues it. Run on the whole document, before the mentions
 * it holds speak for the other occurrences of their words (propagate()). */
static void sports_players(extractor *x)
{
	for (size_t i = 0; i + 1 < x->n; i++) {
		struct dword *a = &x->w[i];
		if (!a->r.title || a->r.honorific_title || !a->r.al ||
		    a->tag2 != NER_O || !rare_name_word(&x->w[i + 1], 0))
			continue;
		x->w[i + 1].tag2 = NER_B_PER;
		if (i + 2 < x->n && rare_name_word(&x->w[i + 2], 1))
			x->w[i + 2].tag2 = NER_I_PER;
	}
}

/* Whether word w of the text s is written as one of the n words of list. */
static int written_one_of(const char *s, const struct dword *w,
			  const char *const *list, size_t n)
{
	size_t len = w->end - w->start;
	for (size_t k = 0; k < n; k++)
		if (strlen(list[k]) == len && !memcmp(s + w->start, list[k], len))
			return 1;
	return 0;
}

/* The end of the place's mention that word a of x opens (a word after
 * its last), or a when none opens there. */
static size_t place_end(const extractor *x, size_t a)
{
	if (a >= x->n || x->w[a].tag2 != NER_B_LOC)
		return a;
	size_t e = a + 1;
	while (e < x->n && x->w[e].tag2 == NER_I_LOC)
		e++;
	return e;
}

/* Words [a, e) of x, a place's mention, made a body's. */
static void place_to_body(extractor *x, size_t a, size_t e)
{
	x->w[a].tag2 = NER_B_ORG;
	for (size_t j = a + 1; j < e; j++)
		x->w[j].tag2 = NER_I_ORG;
}

/* The most words between a word of a game won, lost or drawn and the
 * preposition of the side it was played against: "وفاز في الدور قبل
 * النهائي على ماليزيا". */
#define MATCH_REACH 6

/* In a sports document, a place's name is a team's where a game names it
 * as a side (ANERcorp tags it ORG, as it does a club): after a word of
 * winning, losing or drawing it (NMATCH of ner_lexicon.txt: فاز، تغلب،
 * الفوز، خسر، تعادل …), the first preposition of the side played against
 * (على, as Egyptian print writes it علي too, أمام, مع) up to MATCH_REACH
 * words on with no punctuation on the way, then maybe "كل من" "each of"
 * or the side's role (مضيفه "its host", ضيفه، منافسه، نظيره), and the
 * place, and each one joined to it with و ("بالفوز على كل من فرنسا
 * وإسبانيا وكندا"); and a place right between the word and the
 * preposition, the winner ("فازت إنجلترا على هولندا"). A person's side
 * stays a person ("فوزه على جيرالد فورد"). Run after propagate(), so
 * that a country the document names as a place elsewhere still lends the
 * type to its untagged occurrences. */
static void sports_teams(extractor *x)
{
	static const char *const against[] = {"على", "علي", "أمام", "امام",
					      "مع"};
	static const char *const side[] = {"كل",    "من",    "مضيفه",
					   "ضيفه", "منافسه", "نظيره"};
	const size_t n_against = sizeof against / sizeof *against,
		     n_side = sizeof side / sizeof *side;
	for (size_t i = 0; i + 2 < x->n; i++) {
		if (!x->w[i].r.match || x->w[i].tag2 != NER_O)
			continue;
		size_t e = place_end(x, i + 1);
		if (e > i + 1 && e < x->n && x->w[i + 1].spaced &&
		    x->w[e].spaced &&
		    written_one_of(x->s, &x->w[e], against, n_against))
			place_to_body(x, i + 1, e);
		for (size_t k = i + 1; k < x->n && k <= i + MATCH_REACH &&
				       x->w[k].spaced;
		     k++) {
			if (!written_one_of(x->s, &x->w[k], against, n_against))
				continue;
			size_t a = k + 1;
			while (a < x->n && x->w[a].spaced &&
			       written_one_of(x->s, &x->w[a], side, n_side))
				a++;
			while (a < x->n && x->w[a].spaced &&
			       (e = place_end(x, a)) > a) {
				place_to_body(x, a, e);
				a = e;
				if (a < x->n && (x->w[a].clitic != 2 ||
						 memcmp(x->s + x->w[a].start,
							"و", 2)))
					break;
			}
			break;
		}
	}
}

/* A racing driver is named with his team after سائق "driver" (and maybe
 * فريق "team"): "رالف سائق فريق وليامز"، "فيسيكيلا سائق ساوبر"; the name
 * right after is the team's, a body (ANERcorp tags it ORG), where the
 * model made it a mention of any type or left out a word that
 * rare_name_word() takes. A vehicle after the word is an ordinary word
 * (سائق سيارة، سائق الشاحنة), none of these. */
static void drivers_teams(extractor *x)
{
	static const char *const driver[] = {"سائق", "وسائق"};
	static const char *const team[] = {"فريق"};
	for (size_t i = 0; i + 1 < x->n; i++) {
		if (x->w[i].tag2 != NER_O ||
		    !written_one_of(x->s, &x->w[i], driver, 2))
			continue;
		size_t a = i + 1;
		if (x->w[a].tag2 == NER_O && x->w[a].spaced &&
		    written_one_of(x->s, &x->w[a], team, 1))
			a++;
		if (a == x->n || !x->w[a].spaced)
			continue;
		struct dword *w = &x->w[a];
		if (NER_IS_B(w->tag2)) {
			size_t e = a + 1;
			while (e < x->n && x->w[e].tag2 == w->tag2 + 1)
				e++;
			if (w->tag2 == NER_B_PER && e > a + 1) {
				/* the team and the driver: "سائق [رينو]
				 * [نيكو هولكنبرغ]" */
				if (w->r.corpus != MARSAD_ENT_ORG)
					continue;
				w->tag2 = NER_B_ORG;
				x->w[a + 1].tag2 = NER_B_PER;
				continue;
			}
			w->tag2 = NER_B_ORG;
			for (size_t k = a + 1; k < e; k++)
				x->w[k].tag2 = NER_I_ORG;
		} else if (w->tag2 == NER_O && rare_name_word(w, 0)) {
			w->tag2 = NER_B_ORG;
		}
	}
}

/* Whether the word at p (n bytes) opens with وي or وو: a foreign name's
 * W (ويرثايمر، ويستفول) as often as و "and" and a name. */
static int wy_initial(const char *p, size_t n)
{
	return n >= 4 && !memcmp(p, "\xd9\x88", 2) &&
	       (!memcmp(p + 2, "\xd9\x8a", 2) || !memcmp(p + 2, "\xd9\x88", 2));
}

/* A second person named with و "and" right after a person's mention
 * ("التشيكي بالا وفيزنر", "نوفاك وريكل"): a word of و and a name the
 * model left out, whose letters look like a name's and which unlabeled
 * news never saw or saw as a person, opens a person's mention; but not a
 * word of وي or وو, a W's name as often (دان ويرثايمر), unless the rest
 * is a name of names_people.txt. */
static void and_names(extractor *x)
{
	for (size_t i = 1; i < x->n; i++) {
		struct dword *w = &x->w[i];
		int prev = x->w[i - 1].tag2;
		if (w->tag2 != NER_O || NER_TYPE(prev) != MARSAD_ENT_PER ||
		    !w->spaced || w->clitic != 2 ||
		    memcmp(x->s + w->start, "\xd9\x88", 2) != 0 ||
		    (wy_initial(x->s + w->start, w->end - w->start) &&
		     !w->r.and_name) ||
		    !unread_name(w) || w->phrase || !free_word(w))
			continue;
		w->tag2 = NER_B_PER;
	}
}

/* In a results table's row, the words between a competitor's country at
 * j and his figures (time, points) name his machine or his team
 * ("سوسا اسبانيا [متسوبيشي باجيرو] 40د", "روما اسبانيا [كي تي إم] 38
 * دقيقة"), no person: a person's mention right after the country that
 * ends on a figure goes, and its words stay out of mentions (of_other). */
static void row_machine(extractor *x, size_t j)
{
	size_t a = j + 1, e = a + 1;
	if (a >= x->n || x->w[a].tag2 != NER_B_PER || !x->w[a].spaced)
		return;
	while (e < x->n && x->w[e].tag2 == NER_I_PER)
		e++;
	if (e == x->n || !x->w[e].figure || !x->w[e].spaced)
		return;
	for (size_t k = a; k < e; k++) {
		x->w[k].tag2 = NER_O;
		x->w[k].of_other = 1;
	}
}

/* A results table lists each competitor after a dash with his country
 * next ("2 - سوسا اسبانيا متسوبيشي 40د 41ث", "- استيف بوجول اسبانيا …"):
 * the one or two words between the dash and a place the model tagged
 * that unlabeled news knows as a place are a person's name when each is
 * an unread_name() with no proclitic and a free_word(), whatever the
 * model made of them (a place, a body), unless a mention runs into them
 * from before the dash. A club's row ("- أبويل قبرص") reads the same,
 * and its club is taken for a person unless unlabeled news knows it. */
static void results_rows(extractor *x)
{
	for (size_t j = 1; j < x->n; j++) {
		const struct dword *land = &x->w[j];
		if (land->tag2 != NER_B_LOC || land->r.corpus != MARSAD_ENT_LOC ||
		    !land->spaced ||
		    (j + 1 < x->n && x->w[j + 1].tag2 == NER_I_LOC))
			continue;
		size_t a = x->w[j - 1].dashed ? j - 1
			   : j >= 2 && x->w[j - 2].dashed && x->w[j - 1].spaced
				   ? j - 2
				   : j;
		if (a == j)
			continue;
		row_machine(x, j);
		int ok = x->w[a].tag2 == NER_O || NER_IS_B(x->w[a].tag2);
		for (size_t k = a; k < j && ok; k++)
			ok = unread_name(&x->w[k]) && x->w[k].clitic == 0 &&
			     free_word(&x->w[k]) &&
			     (k == a || !NER_IS_B(x->w[k].tag2));
		if (!ok)
			continue;
		x->w[a].tag2 = NER_B_PER;
		for (size_t k = a + 1; k < j; k++)
			x->w[k].tag2 = NER_I_PER;
	}
}

/* The most words between على and the loser's name in a result: "على
 * الزوجي التشيكي راديك". */
#define RESULT_TITLES 3

/* A result names the winner, على, the loser and the score ("كافلنيكوف
 * علي التشيكي دانيا لفاتشيك 7 / 6 و6 / 4"; Egyptian print writes على
 * علي): where a person's mention after على, and maybe after up to
 * RESULT_TITLES nationality or other words with the article (الزوجي
 * "the doubles"), ends right before two figures, the one or two words
 * right before على that the model left out are the winner's name when
 * each is an unread_name() with no proclitic and a free_word(). */
static void result_winners(extractor *x)
{
	static const char *const on[] = {"على", "علي"};
	for (size_t k = 1; k + 3 < x->n; k++) {
		const struct dword *w = &x->w[k];
		if (w->tag2 != NER_O || !w->spaced ||
		    !written_one_of(x->s, w, on, 2))
			continue;
		size_t a = k + 1;
		while (a < x->n && a <= k + RESULT_TITLES &&
		       x->w[a].tag2 == NER_O && x->w[a].spaced &&
		       (x->w[a].r.title || x->w[a].r.al))
			a++;
		if (a >= x->n || x->w[a].tag2 != NER_B_PER || !x->w[a].spaced)
			continue;
		size_t e = a + 1;
		while (e < x->n && x->w[e].tag2 == NER_I_PER)
			e++;
		if (e + 1 >= x->n || !x->w[e].figure || !x->w[e + 1].figure)
			continue;
		size_t b = k;
		while (b > 0 && k - b < 2 && x->w[b].spaced &&
		       x->w[b - 1].tag2 == NER_O && unread_name(&x->w[b - 1]) &&
		       x->w[b - 1].clitic == 0 && free_word(&x->w[b - 1]))
			b--;
		if (b == k)
			continue;
		x->w[b].tag2 = NER_B_PER;
		for (size_t j = b + 1; j < k; j++)
			x->w[j].tag2 = NER_I_PER;
	}
}

/* A country's adjective after a word of a place's or a body's name that
 * is written without the article and that unlabeled news does not know
 * as an ordinary word, a proper name's (ماساتشوستس
 * [الأمريكية]، إدمنتون [الكندية]، فولكسفاجن [الألمانية]، ريال مدريد
 * [الإسباني]), is no part of the name: both gold sets end the name before
 * it, and it is no place of its own (أرامكو [السعودية]). After a word
 * with the article or an ordinary word it is, as a common word's
 * adjective (البنك المركزي الأوروبي، الولايات المتحدة الأمريكية، طيران
 * السعودية). */
static void country_adjectives(struct dword *w, int *tags, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int t = NER_TYPE(tags[i]);
		if ((t != MARSAD_ENT_LOC && t != MARSAD_ENT_ORG) ||
		    NER_IS_B(tags[i]) || !w[i].r.gentilic || w[i].phrase ||
		    w[i - 1].r.article || w[i - 1].r.corpus == 0 ||
		    (i + 1 < n && tags[i + 1] == tags[i]))
			continue;
		tags[i] = NER_O;
		w[i].of_other = 1; /* and no mention of its own */
	}
}

/* A place or a body of one word written with the article alone and the
 * nisba ending (ي، ية), right after a definite noun outside any mention,
 * is an adjective of that noun, no mention: "الأسهم السعودية" (Saudi
 * shares), "المولد النبوي", "الأمن القومي العربي", "التعليم الأهلي"
 * (2,500 mentions of SaudiNewsNet); the gold sets never start a name on
 * such a word. An adjective takes no preposition or و (بالإسكندرية،
 * والإسكندرية are the city); a word of a lexicon phrase is left as the
 * phrase tags it (المملكة العربية السعودية). A club is often named by an
 * adjective, so a body stays after a head word (النادي الأهلي), a title
 * (كأس الملك الأهلي) or a word not written ال… (للاعبي الأهلي, ل +
 * لاعبي). */
static void nisba_adjectives(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int t = NER_TYPE(tags[i]);
		if (!NER_IS_B(tags[i]) || t == MARSAD_ENT_PER ||
		    (i + 1 < n && tags[i + 1] == tags[i] + 1) ||
		    (t == MARSAD_ENT_ORG && (w[i - 1].r.any_head || !w[i - 1].r.al ||
					     w[i - 1].r.title)) ||
		    !w[i].r.nisba || w[i].phrase || tags[i - 1] != NER_O ||
		    !w[i - 1].r.article || w[i - 1].stopword || !w[i].spaced)
			continue;
		tags[i] = NER_O;
	}
}

/* The most words of a body's name in quotation marks after its kind's
 * word that quoted_kind() takes. */
#define QUOTED_MAX 6

/* Whether word w of the text s, as written, opens with no ال and is a
 * nisba adjective: ends with ية (إرهابية), or, when `masculine`, with ي
 * and unlabeled news knows it as no name (إرهابي; not إيني, ماكلاتشي). */
static int indefinite_nisba(const char *s, const struct dword *w,
			    int masculine)
{
	const char *a = s + w->start;
	size_t n = w->end - w->start;
	return n >= 6 && memcmp(a, ALEF_LAM, 4) != 0 &&
	       (memcmp(a + n - 4, "\xd9\x8a\xd8\xa9", 4) == 0 ||
		(masculine && memcmp(a + n - 2, "\xd9\x8a", 2) == 0 &&
		 w->r.corpus == 0));
}

/* After a word of class NKIND of ner_lexicon.txt (صحيفة، شبكة، وكالة …),
 * words i … that open with a quotation mark and end with one within
 * QUOTED_MAX words are the body's name: outside any mention, they become
 * one; and the kind's word alone is no mention (شبكة "سي إن إن": the model
 * made شبكة alone an organization 173 times in ANT). One quoted word that
 * is a nisba adjective without the article is a label, no mention at all
 * (منظمة «إرهابية»: 48 times in ANT). Returns whether the words were
 * outside any mention and are the body's now. */
static int quoted_kind(const extractor *x, const struct dword *w, int *tags,
		       size_t n, size_t i)
{
	if (tags[i - 1] == NER_B_ORG)
		tags[i - 1] = NER_O;
	/* the masculine only where the model tagged nothing: it knows
	 * brands (هواوي، نايكي) that unlabeled news did not */
	if (indefinite_nisba(x->s, &w[i], tags[i] == NER_O) &&
	    quote_after(x->s, x->len, w[i].end) &&
	    (i + 1 == n || !NER_TYPE(tags[i + 1]) || NER_IS_B(tags[i + 1]))) {
		tags[i] = NER_O; /* منظمة «إرهابية»: a label, no name */
		return 0;
	}
	size_t j = i;
	while (j < n && j - i < QUOTED_MAX && tags[j] == NER_O &&
	       (j == i || !quote_before(x->s, w[j].start)) &&
	       !quote_after(x->s, x->len, w[j].end))
		j++;
	if (j == n || j - i == QUOTED_MAX || tags[j] != NER_O ||
	    (j > i && quote_before(x->s, w[j].start)))
		return 0; /* no closing mark, or a mention inside */
	tags[i] = NER_B_ORG;
	for (size_t k = i + 1; k <= j; k++)
		tags[k] = NER_I_ORG;
	return 1;
}

/* A place's name alone between quotation marks, after a word of class
 * NPRESS of ner_lexicon.txt (the preposition ل written alone, a word for a
 * newspaper or a company, a verb a newspaper is the subject of), names a
 * body called after the place, a newspaper most often: "قال لـ«الشرق
 * الأوسط»" (told Asharq Al-Awsat), "صحيفة «الرياض»", "وعلمت «الشرق
 * الأوسط»". SaudiNewsNet has some 1,450 such mentions; the tagger made
 * places of all. (Not after any head word: حكومة «ميانمار» is the
 * country's, قناة "بنما" a canal.) */
static void quoted_bodies(const extractor *x, const struct dword *w,
			  int *tags, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (w[i - 1].r.press == NER_PRESS_KIND &&
		    quote_before(x->s, w[i].start) &&
		    quoted_kind(x, w, tags, n, i))
			continue;
		if (tags[i] != NER_B_LOC || !w[i - 1].r.press ||
		    !quote_before(x->s, w[i].start))
			continue;
		size_t j = i + 1;
		while (j < n && tags[j] == NER_I_LOC)
			j++;
		if (!quote_after(x->s, x->len, w[j - 1].end))
			continue;
		for (size_t k = i; k < j; k++)
			tags[k] += NER_B_ORG - NER_B_LOC;
	}
}

/* A name does not end on a word that binds the next one into it (enum
 * name_link): where tags[] end one there (عبدالله بن [مساعد], the
 * father's name an ordinary word, مساعد "assistant"; سان [جيرمان]), the
 * next word joins it, unless it begins a name of another type. Of 13,600
 * names in the two gold sets, 11 end so and none is followed by a word
 * that would have joined (the next is a stopword or punctuation); in
 * SaudiNewsNet the tagger ended 113 on بن and 375 on سان. */
static void join_bound_words(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		int type = NER_TYPE(tags[i]);
		unsigned link = w[i].r.link;
		int person = type == MARSAD_ENT_PER;
		if (!type || !(link == LINK_PARTICLE ||
			       (link == LINK_PLACE && !person) ||
			       (link && link < LINK_PARTICLE && person)))
			continue;
		int begin = NER_BEGIN(type);
		if (tags[i + 1] == NER_O || tags[i + 1] == begin)
			tags[i + 1] = begin + 1;
	}
}

/* Two people named one after the other with و "and" are two names (روبي
 * [وجون], خالد [وريم]), as both gold sets tag them, where the model runs
 * one on into the other: a person's mention ends before a word that is و
 * and a person's name (as written: ويلسون is not و + يلسون, nor وهبي و +
 * هبي), unless the word before binds it (آل [وديان]). */
static void split_and_names(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (tags[i] == NER_I_PER && w[i].r.and_name &&
		    w[i - 1].r.link == LINK_NONE)
			tags[i] = NER_B_PER;
}

/* Whether the normalized word s (n bytes) is a personal pronoun (هو، هي،
 * هم، هما، هن، أنا، نحن، أنت), which ends no name ("بلاتيني [هو] نائب
 * رئيس …": the tagger ran 32 person mentions of SaudiNewsNet into one). */
static unsigned char is_pronoun(const char *s, size_t n)
{
	static const char *const pronouns[] = {
		"\xd9\x87\xd9\x88", "\xd9\x87\xd9\x8a", "\xd9\x87\xd9\x85",
		"\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x87\xd9\x86",
		"\xd8\xa7\xd9\x86\xd8\xa7", "\xd9\x86\xd8\xad\xd9\x86",
		"\xd8\xa7\xd9\x86\xd8\xaa",
	};
	for (size_t k = 0; k < sizeof pronouns / sizeof *pronouns; k++)
		if (n == strlen(pronouns[k]) && !memcmp(s, pronouns[k], n))
			return 1;
	return 0;
}

/* Whether the normalized word s (n bytes), after its first `clitic`
 * bytes (clitic_bytes(), which keeps the article), has the article ال or
 * the لل of ل + ال. */
static int has_article(const char *s, size_t n, size_t clitic)
{
	return (n >= clitic + 4 && !memcmp(s + clitic, ALEF_LAM, 4)) ||
	       (n >= 4 && !memcmp(s, LAM_LAM, 4));
}

/* The word classes of word i of c the rules after the model read, in its
 * profile p (p->r and p->head; clitic set): once per word form, as the
 * profile is made. */
static void word_rules(const ner_chunk *c, size_t i, struct profile *p)
{
	const char *w = ner_norm(c, i);
	size_t n = c->tok[i].norm_len;
	int article = has_article(w, n, p->clitic);
	ner_rule_word r = marsad_ner_rule_word(w, n);
	p->r.honorific_title =
		(unsigned char)marsad_ner_title_word(c, i, p->clitic);
	p->r.sheikh = n >= 10 && !memcmp(w + n - 10, SHEIKH, 10);
	p->r.title = (unsigned char)(p->r.honorific_title ||
				     marsad_ner_gentilic(w, n));
	p->head = c->tok[i].kind == MARSAD_TOKEN_ARABIC ? r.head : 0;
	p->r.link = r.link;
	p->r.honorific = r.honorific;
	p->r.construct = p->head && !article;
	p->r.named_after = article ? 0 : r.named_after;
	p->r.national = c->tok[i].kind == MARSAD_TOKEN_ARABIC &&
			marsad_ner_national(w + p->clitic, n - p->clitic);
	p->r.article = (unsigned char)article;
	p->r.any_head = p->head;
	size_t bare = p->clitic + 4; /* after the article: البنك, بنك */
	if (!p->r.any_head && article && n > bare &&
	    !memcmp(w + p->clitic, ALEF_LAM, 4))
		p->r.any_head = marsad_ner_rule_word(w + bare, n - bare).head;
	p->r.org = (unsigned char)marsad_ner_org_word(&c->tok[i]);
	p->r.names_next = (unsigned char)(p->r.title ||
					  marsad_ner_names_next(&c->tok[i]));
	p->r.pronoun = is_pronoun(w, n);
	p->r.press = r.press;
	p->r.month = r.month;
	p->r.other = r.other;
	p->r.match = r.match;
	p->r.al = n > 4 && !memcmp(w, ALEF_LAM, 4);
	p->r.nisba = p->r.al && n >= 8 &&
		     (!memcmp(w + n - 2, "\xd9\x8a", 2) ||
		      !memcmp(w + n - 4, "\xd9\x8a\xd9\x87", 4));
	p->r.and_name = p->clitic >= 2 && n > 2 &&
			!memcmp(w, "\xd9\x88", 2) &&
			marsad_ner_person_name(w + 2, n - 2);
	p->r.corpus = (signed char)marsad_ner_corpus_type(&c->tok[i]);
	p->r.namelike = c->tok[i].namelike == NER_NL_NONE
				? 0
				: (unsigned char)(c->tok[i].namelike + 1);
	p->r.gentilic = (unsigned char)marsad_ner_gentilic_any(w, n);
}

/* A place or a body named after a person (جامعة الملك سعود، مدينة الملك
 * عبدالعزيز، جامعة الأمير سطام) is one name, as NewsFANE tags it, though
 * the model ends the place or the body at the title and makes the rest a
 * person's name (384 times in SaudiNewsNet for الملك alone): a person's
 * name right after a LOC or ORG mention that ends on such a title after a
 * head word without the article (جامعة، مستشفى: a noun that names what
 * follows it) joins it, with the mention's type. The head word may be
 * outside the model's mentions if it is one of those places and bodies
 * are commonly named after a person by (marsad_ner_rule_word(), which
 * gives its type): it opens a mention that starts at the title (مطار
 * [الملك عبدالعزيز]), or, with the title, one of its type that the name
 * joins (مطار الملك [عبدالعزيز]), also where the model ran the person
 * over the title (مركز [الملك سلمان], as it does in a text that names the
 * king, 263 times in SaudiNewsNet). Not after a name of its own: in "أمير
 * الرياض الأمير فيصل" and "رئيس الاتحاد الشيخ منصور" a place or a body
 * and a person follow each other, however the model ends the first. The name it takes is the person's first name (two words if
 * the first is عبد or أبو: name_unit(), which tags word j and the words
 * it binds `tag` and returns the last) and the بن … and آل … that follow,
 * as far as the person's mention goes. What the mention had after that,
 * the model ran on into it: another name (جامعة الملك سعود [عبد الله
 * الصقعبي]), a mention of its own, or one word, nearly always none (a
 * place, بجدة; a word of the body's name, الطبي; a title), left out. */
static size_t name_unit(const struct dword *w, int *tags, size_t n,
			size_t j, int tag)
{
	tags[j] = tag;
	while (j + 1 < n && w[j].r.link == LINK_FIRST && tags[j + 1] == NER_I_PER)
		tags[++j] = tag;
	return j;
}

static void join_named_after(const struct dword *w, int *tags, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++) {
		if (!w[i].r.honorific)
			continue;
		int head = tags[i - 1] == NER_O ? w[i - 1].r.named_after : 0;
		if (head && tags[i] == NER_B_PER && tags[i + 1] == NER_I_PER) {
			tags[i] = NER_O; /* مركز [الملك سلمان] */
			tags[i + 1] = NER_B_PER;
		}
		int type = NER_TYPE(tags[i]);
		if (head && NER_IS_B(tags[i]) && type != MARSAD_ENT_PER) {
			tags[i - 1] = tags[i]; /* مطار [الملك عبدالعزيز] */
			tags[i]++;             /* B- to I- */
		} else if (head && tags[i] == NER_O &&
			   tags[i + 1] == NER_B_PER) {
			type = head; /* مطار الملك, untagged */
			tags[i - 1] = NER_BEGIN(type);
			tags[i] = NER_BEGIN(type) + 1;
		}
		if (tags[i + 1] != NER_B_PER || type == 0 ||
		    type == MARSAD_ENT_PER || NER_IS_B(tags[i]) ||
		    !(w[i - 1].r.construct || w[i - 1].r.named_after))
			continue;
		int inside = NER_BEGIN(type) + 1;
		size_t j = name_unit(w, tags, n, i + 1, inside);
		while (j + 2 < n && tags[j + 1] == NER_I_PER &&
		       (w[j + 1].r.link == LINK_SON ||
			w[j + 1].r.link == LINK_FAMILY) &&
		       tags[j + 2] == NER_I_PER) {
			tags[j + 1] = inside;
			j = name_unit(w, tags, n, j + 2, inside);
		}
		size_t rest = j + 1;
		while (rest < n && tags[rest] == NER_I_PER)
			rest++;
		if (rest - j == 2) /* a word: بجدة، الطبي، الدكتور */
			tags[j + 1] = NER_O;
		else if (rest - j > 2)
			tags[j + 1] = NER_B_PER;
		i = j;
	}
}

/* What propagate() reads the mentions of the document as, by stem: the
 * type they name it (enum marsad_entity_type; NAMED_MIXED when two),
 * and whether they write it with the article, without, or both ways
 * (NAMED_WITH, NAMED_WITHOUT). */
enum { NAMED_TYPE = 7, NAMED_MIXED = 4, NAMED_WITH = 8, NAMED_WITHOUT = 16 };

static void name_word(unsigned char *named, const struct dword *w, int type)
{
	unsigned char *t = &named[w->slot];
	int had = *t & NAMED_TYPE;
	*t = (unsigned char)((*t & ~NAMED_TYPE) |
			     (had == 0 || had == type ? type : NAMED_MIXED) |
			     (w->r.article ? NAMED_WITH : NAMED_WITHOUT));
}

/*
 * One name, one reading in a document (Gale, Church & Yarowsky, "One
 * sense per discourse", 1992; Mikheev et al., "Named entity recognition
 * without gazetteers", 1999): a word the second pass left out is a
 * mention of its own where the document names it so elsewhere — a
 * one-word mention of that type (of a person, one with the article, a
 * family name: الاعرجي; a first name alone, علي، محمد, is too often
 * another word or another man), the family name a person's mention ends
 * on (وودورد after بوب وودورد), or the name a body's head word opens
 * (القاعدة after تنظيم القاعدة) — unless the document names it as two
 * types. Words are matched by stem (the document's memory's slots), and
 * written with the article as a mention writes them or without as one
 * does (قاعدة "a base" is not القاعدة); unlabeled news must know the word
 * as a name of that type or not at all (marsad_ner_corpus_type(): الثاني
 * after عبدالله الثاني is an ordinary word there), and a body must be one
 * the gazetteer names by one word (GORG: القاعدة, not تأمين "insurance"
 * where the model made one mention of it) or one never seen; a stopword,
 * a title, a head word (الجامعة، الاتحاد), a word of an expression that is
 * no name (خادم الحرمين الشريفين) or a people's name is never taken, nor,
 * for a place or a body, a word with the article next to another, which
 * qualifies it or which it qualifies (الشركة السعودية، القاعدة الذهبية
 * "the golden rule").
 */
/* x->named cleared, one byte for each slot of the document's memory; 0 or
 * MARSAD_ENOMEM. */
static int named_clear(extractor *x)
{
	size_t slots = x->memo.mask + 1;
	if (x->named_cap < slots) {
		unsigned char *p = realloc(x->named, slots);
		if (!p)
			return MARSAD_ENOMEM;
		x->named = p;
		x->named_cap = slots;
	}
	memset(x->named, 0, slots);
	return 0;
}

/*
 * A word that alone is mostly something else is a person's name alone only
 * where the document names a person with it in a longer mention (محمد
 * رمضان, then رمضان; عبدالله مغربي, then مغربي) or a title or a word a name
 * follows comes before it (الأمير تركي): a month's name that is a
 * person's too (NMONTH of ner_lexicon.txt: "في رمضان", "مسلسلات رمضان"
 * were people 90 times in SaudiNewsNet, most of them spread from one
 * "ونفى رمضان" by propagate(), which runs after this), and a people's
 * adjective without the article (marsad_ner_national(): "عامل بنغلاديشي"
 * "a Bangladeshi worker", 20 times).
 */
static int lone_names(extractor *x)
{
	if (!x->memo.slot || x->n == 0)
		return 0;
	int rc = named_clear(x);
	for (size_t i = 0; !rc && i + 1 < x->n; i++)
		if (x->w[i].tag2 == NER_B_PER && x->w[i + 1].tag2 == NER_I_PER)
			for (size_t j = i; j < x->n && (j == i ||
					x->w[j].tag2 == NER_I_PER); j++)
				x->named[x->w[j].slot] = 1;
	for (size_t i = 0; !rc && i < x->n; i++) {
		const struct dword *w = &x->w[i];
		if ((w->r.month || (w->r.national && !w->r.article)) &&
		    w->tag2 == NER_B_PER && !x->named[w->slot] &&
		    (i + 1 == x->n || x->w[i + 1].tag2 != NER_I_PER) &&
		    !(i > 0 && x->w[i - 1].r.names_next))
			x->w[i].tag2 = NER_O;
	}
	return rc;
}

static int propagate(extractor *x)
{
	if (!x->memo.slot || x->n == 0)
		return 0;
	int rc = named_clear(x);
	if (rc)
		return rc;
	int any = 0;
	for (size_t i = 0; i < x->n;) {
		int t = x->w[i].tag2;
		if (!NER_IS_B(t)) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < x->n && x->w[j].tag2 == t + 1)
			j++;
		int type = NER_TYPE(t);
		if (j - i == 1 && (type != MARSAD_ENT_PER || x->w[i].r.article))
			name_word(x->named, &x->w[i], type);
		else if ((j - i >= 2 && type == MARSAD_ENT_PER) ||
			 (j - i == 2 && x->w[i].r.construct && x->w[i + 1].r.org))
			name_word(x->named, &x->w[j - 1], type);
		any = 1;
		i = j;
	}
	for (size_t i = 0; any && i < x->n; i++) {
		struct dword *w = &x->w[i];
		unsigned named = x->named[w->slot];
		int type = (int)(named & NAMED_TYPE);
		if (w->tag2 != NER_O || type == 0 || type == NAMED_MIXED ||
		    !(named & (w->r.article ? NAMED_WITH : NAMED_WITHOUT)) ||
		    (w->r.corpus != type && w->r.corpus != -1) ||
		    (type == MARSAD_ENT_ORG && !w->r.org && w->r.corpus != -1) ||
		    w->stopword ||
		    w->r.title || w->r.any_head || w->r.construct || w->r.national ||
		    no_name(x->w, i) || w->counted ||
		    (i + 1 < x->n && x->w[i + 1].tag2 != NER_O &&
		     !NER_IS_B(x->w[i + 1].tag2)) ||
		    (type != MARSAD_ENT_PER && w->r.article &&
		     ((i > 0 && x->w[i - 1].r.article && !x->w[i - 1].stopword) ||
		      (i + 1 < x->n && x->w[i + 1].r.article &&
		       !x->w[i + 1].stopword && x->w[i + 1].tag2 == NER_O))))
			continue;
		w->tag2 = (unsigned char)NER_BEGIN(type);
	}
	return 0;
}

/*
 * The second pass over the document read: each word's sums with those of
 * its document features, decoded, and the mentions; then its words are
 * forgotten (not its memory, which the caller resets or frees).
 */
static int doc_done(extractor *x)
{
	float emit[NER_CHUNK_MAX * NER_NTAGS + 1];
	int tags[NER_CHUNK_MAX];
	unsigned st[NER_CHUNK_MAX + 2]; /* st[i + 1], 0 beyond the chunk */
	int rc = 0, sport = x->sport >= NER_SPORT_MIN;
	unsigned char decoded[NER_DOC_CHUNKS];
	for (size_t k = 0, a = 0; k < x->nchunk; a += x->chunk_n[k++]) {
		size_t n = x->chunk_n[k];
		struct dword *w = x->w + a;
		st[0] = st[n + 1] = 0;
		unsigned any_state = 0, any_name = 0;
		for (size_t i = 0; i < n; i++) {
			st[i + 1] = marsad_ner_doc_state(
				&x->memo.slot[w[i].slot], w[i].tag);
			any_state |= st[i + 1];
			any_name |= w[i].tag != NER_O || w[i].phrase;
		}
		/* No document feature in the chunk (the sports feature is of
		 * names only): its sums, so its tags, are the first pass's; all
		 * O and no phrase, it has no mention but what propagate() may
		 * find, whose scores are then the first pass's. */
		decoded[k] = any_state || any_name;
		if (!decoded[k]) {
			for (size_t i = 0; i < n; i++)
				w[i].tag2 = NER_O;
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			lanes sum = lanes_at(w[i].sum);
			if (st[i] | st[i + 1] | st[i + 2])
				sum = add8(add8(add8(sum, model.doc[0][st[i + 1]]),
						model.doc[1][st[i]]),
					   model.doc[2][st[i + 2]]);
			if (sport)
				sum = add8(sum, model.sport[w[i].tag]);
			emissions(sum, emit + i * NER_NTAGS);
		}
		if (any_state || sport)
			marsad_ner_viterbi(emit, n, model.trans, tags);
		else
			for (size_t i = 0; i < n; i++)
				tags[i] = w[i].tag;
		tag_phrases(w, tags, n);
		other_names(x, w, tags, n);
		untag_not_names(w, tags, n);
		join_bound_words(w, tags, n);
		join_named_after(w, tags, n);
		split_and_names(w, tags, n);
		join_ali(w, tags, n);
		quoted_bodies(x, w, tags, n);
		country_adjectives(w, tags, n);
		nisba_adjectives(w, tags, n);
		title_between(w, tags, n);
		for (size_t i = 0; i < n; i++) {
			w[i].tag2 = (unsigned char)tags[i];
			memcpy(w[i].emit2, emit + i * NER_NTAGS,
			       sizeof w[i].emit2);
		}
	}
	if (sport)
		sports_players(x);
	if (sport)
		drivers_teams(x);
	results_rows(x);
	result_winners(x);
	and_names(x);
	rc = lone_names(x);
	if (!rc)
		rc = propagate(x);
	if (sport)
		sports_teams(x);
	for (size_t k = 0, a = 0; k < x->nchunk && !rc; a += x->chunk_n[k++]) {
		size_t n = x->chunk_n[k];
		const struct dword *w = x->w + a;
		int any = 0;
		for (size_t i = 0; i < n; i++)
			any |= (tags[i] = w[i].tag2) != NER_O;
		if (!any)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (decoded[k])
				memcpy(emit + i * NER_NTAGS, w[i].emit2,
				       sizeof w[i].emit2);
			else
				emissions(lanes_at(w[i].sum),
					  emit + i * NER_NTAGS);
		}
		rc = chunk_mentions(x, w, emit, tags, n);
	}
	x->n = x->nchunk = x->sport = 0;
	return rc;
}

/* The first pass over chunk c: its words' sums and tags, kept in the
 * document (which a second pass ends when it is full), and its sports
 * words counted. */
static int tag_chunk(void *ctx, ner_chunk *c)
{
	extractor *x = ctx;
	float emit[NER_CHUNK_MAX * NER_NTAGS + 1];
	int tags[NER_CHUNK_MAX];
	uint64_t pair[NER_CHUNK_MAX][NER_PAIR_MAX];
	unsigned char npair[NER_CHUNK_MAX];
	int rc = doc_room(x, c->n);
	if (rc)
		return rc;
	/* The profiles of the words at -2 … n + 1, those beyond the edges
	 * the edge's. All profiles and pair keys first, the pairs' slots
	 * prefetched, then the sums: the table is larger than the caches,
	 * and the misses overlap this way. */
	const struct profile *around[NER_CHUNK_MAX + 4], **prof = around + 2;
	size_t made_at[NER_CHUNK_MAX], nmade;
	rc = chunk_profiles(x, c, prof, made_at, &nmade);
	if (rc)
		return rc;
	prof[-2] = prof[-1] = prof[c->n] = prof[c->n + 1] = &model.edge;
	uint64_t hphrase[NER_CHUNK_MAX];
	unsigned char phrase[NER_CHUNK_MAX];
	for (size_t i = 0; i < c->n; i++)
		hphrase[i] = prof[i]->hphrase;
	marsad_ner_phrases(c, hphrase, phrase);
	/* The weights of the shape pair from the table (but for a word of
	 * a kind that has no shape_id, after one or alone). */
	static const uint32_t none[8];
	const uint32_t *shapes[NER_CHUNK_MAX];
	marsad_ner_word_pair_features(c, pair);
	for (size_t i = 0; i < c->n; i++) {
		unsigned prev = i ? c->tok[i - 1].shape_id : NER_SHAPES;
		unsigned cur = c->tok[i].shape_id;
		if (cur < NER_SHAPES && (prev < NER_SHAPES || i == 0)) {
			shapes[i] = model.shape_pair[prev][cur];
			npair[i] = NER_WORD_PAIRS;
		} else {
			shapes[i] = none;
			npair[i] = (unsigned char)marsad_ner_pair_features(
				c, i, pair[i]);
		}
		for (size_t f = 0; f < npair[i]; f++)
			__builtin_prefetch(model_slot(pair[i][f]));
	}
	struct dword *w = x->w + x->n;
	for (size_t i = 0; i < c->n; i++) {
		const ner_tok *t = &c->tok[i];
		lanes acc = add8(add8(lanes_at(model.gap[t->before][t->after]),
				      shapes[i]),
				 model.phrase[phrase[i] < NER_PH_MARKS
						      ? phrase[i]
						      : NER_PH_NONE]);
		acc = weight_sum(pair[i], npair[i], acc);
#pragma GCC unroll 5
		for (int a = AT_OWN; a < AT_N; a++)
			acc = add8(acc, prof[(long)i + at_offset[a]]->sum[a]);
		memcpy(w[i].sum, &acc.lo, sizeof acc.lo);
		memcpy(w[i].sum + 4, &acc.hi, sizeof acc.hi);
		emissions(acc, emit + i * NER_NTAGS);
		w[i].start = t->start;
		w[i].end = t->end;
		w[i].r = prof[i]->r;
		w[i].clitic = prof[i]->clitic;
		w[i].named_clitic = prof[i]->named_clitic;
		w[i].phrase = phrase[i];
		w[i].counted = prof[i]->unit && i > 0 &&
			       (c->tok[i - 1].kind == MARSAD_TOKEN_NUMBER ||
				prof[i - 1]->unit); /* 500 ألف ريال */
		w[i].stopword = (t->flags & MARSAD_TOKEN_STOPWORD) != 0;
		w[i].for_the = t->norm_len > 4 &&
			       !memcmp(ner_norm(c, i), LAM_LAM, 4);
		/* marks and tatweel make the word as written longer than
		 * its normalized form: most words have none */
		int marked = t->end - t->start > t->norm_len;
		w[i].bound = marked && bound_clitic(x->s, c, i);
		w[i].tanween = marked && written_tanween(x->s, t);
		w[i].ali = (unsigned char)written_ali(x->s, t);
		w[i].spaced = t->before == NER_GAP_SPACE;
		w[i].dashed = t->before != NER_GAP_SPACE &&
			      dash_before(x->s, t->start);
		w[i].figure = t->kind == MARSAD_TOKEN_NUMBER ||
			      t->kind == MARSAD_TOKEN_MIXED;
		w[i].of_other = 0;
		w[i].function_word = (unsigned char)function_word(
			x->s, t, prof[(long)i - 1]);
		int spaced = t->after == NER_GAP_SPACE;
		if (!spaced || i + 1 == c->n ||
		    c->tok[i + 1].kind != MARSAD_TOKEN_ARABIC ||
		    (c->tok[i + 1].flags & MARSAD_TOKEN_STOPWORD))
			w[i].r.link = LINK_NONE;
		if (!spaced)
			w[i].r.honorific = 0;
		w[i].stem = prof[i]->hstem;
		x->sport += prof[i]->sport;
	}
	rc = chunk_done(x, c, made_at, nmade);
	if (rc)
		return rc;
	marsad_ner_viterbi(emit, c->n, model.trans, tags);
	untag_not_names(w, tags, c->n); /* no evidence for the document */
	for (size_t i = 0; i < c->n; i++) {
		size_t mask = x->memo.mask;
		w[i].tag = (unsigned char)tags[i];
		long k = marsad_ner_memo_add(&x->memo, w[i].stem, w[i].tag);
		if (k < 0)
			return MARSAD_ENOMEM;
		if (x->memo.mask != mask) /* grown: the slots moved */
			for (size_t j = 0; j < x->n + i; j++)
				x->w[j].slot = (uint32_t)marsad_ner_memo_find(
					&x->memo, x->w[j].stem);
		w[i].slot = (uint32_t)k;
	}
	x->n += c->n;
	x->chunk_n[x->nchunk++] = c->n;
	if (x->nchunk < NER_DOC_CHUNKS)
		return 0;
	rc = doc_done(x);
	marsad_ner_memo_reset(&x->memo);
	return rc;
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
	extractor x = {.s = s,
		       .len = len,
		       .out = MARSAD_BUF_INIT,
		       .made = malloc(NER_CHUNK_MAX * sizeof *x.made),
		       .memo = NER_MEMO_INIT};
	if (!x.made)
		return MARSAD_ENOMEM;
	int rc = marsad_ner_chunks_lazy(s, len, words, tag_chunk, &x);
	if (!rc)
		rc = doc_done(&x);
	free(x.made);
	free(x.w);
	free(x.named);
	marsad_ner_memo_clear(&x.memo);
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

marsad_entity_type marsad_entity_type_of(const char *name)
{
	for (int t = MARSAD_ENT_PER; name && t <= MARSAD_ENT_ORG; t++)
		if (strcmp(name, marsad_entity_type_name((marsad_entity_type)t)) == 0)
			return (marsad_entity_type)t;
	return 0;
}
