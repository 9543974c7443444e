/*
 * ner.c — marsad_ner_extract(): people, places and organizations with
 * their byte spans.
 *
 * Algorithm. The text is cut into sentence chunks of analyzed words
 * (ner_feat.c); each word's features are looked up in the model, an
 * averaged perceptron (Collins, "Discriminative training methods for
 * hidden Markov models", 2002) with one weight per feature and BIO tag,
 * and Viterbi decoding over the learned tag transitions picks the best
 * valid sequence. B-/I- runs become mentions; the first word loses the
 * conjunction and preposition letters attached to it (see extract.h).
 *
 * The model is data/ner_model.txt, written by tools/train_ner.c: lines
 * "T<TAB>prev<TAB>w0 … w6" (transition scores, prev 7 is the start of a
 * chunk) and "F<TAB>feature<TAB>tag:weight …" (weights × 100, only the
 * non-zero ones). It is parsed once, on first use, into an open-addressing
 * table keyed by the feature's 64-bit key (marsad_ner_key()), a 20-byte
 * slot holding the key check and the seven 16-bit weights (padded to
 * eight, so that they add as one vector), at most 2/3 full: one memory
 * access per feature, prefetched for the whole chunk.
 *
 * Half of a word's features are its own (ner_int.h): their summed weights
 * are the same wherever it occurs. At load, the most frequent words of
 * news text (the first NER_CACHE_WORDS of data/ner_clusters.txt, which
 * lists them by frequency) are analyzed and these sums kept in a second
 * table, keyed by the word's form and checked against its stem and
 * analyzer flags; a running word found there only adds its context
 * features. The sums are exact (integer), so the cache changes nothing
 * but the time.
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

/* A feature's entry: the high half of its key (the low half picked the
 * slot; a false match needs 32 more equal bits) and its weights × 100, in
 * one 20-byte slot, so that a lookup touches one cache line, rarely two. */
struct slot {
	uint32_t check; /* 0: empty */
	int16_t w[8];   /* NER_NTAGS weights, then a 0: one vector */
};

/* Eight weights, and their sums, as vectors (GCC and Clang extensions):
 * a word's sum over its features is one widening add per feature. */
typedef int16_t w16x8 __attribute__((vector_size(16)));
typedef int32_t w32x8 __attribute__((vector_size(32)));

#define CHECK_OF(key) ((uint32_t)((key) >> 32) | 1u)

/* The summed weights of a frequent word's own features, valid for a
 * running word of the same form, stem and analysis. */
struct word_sum {
	w32x8 sum;
	uint64_t hnorm, hstem; /* hnorm 0: empty */
	uint16_t stem_off;
	unsigned char kind, flags;
};

#define NER_CACHE_WORDS 8192

static struct model {
	struct slot *slots;
	size_t mask, used;
	ner_trans trans;
	struct word_sum *words; /* NULL: no cache (out of memory) */
	size_t words_mask;
	int err; /* MARSAD_ENOMEM when the model could not be built */
} model;
static pthread_once_t model_once = PTHREAD_ONCE_INIT;

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
static const char *read_int(const char *p, const char *end, long *v)
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
		e->w[t] = (int16_t)(v > INT16_MAX ? INT16_MAX
			       : v < INT16_MIN ? INT16_MIN : v);
		while (p < end && *p == ' ')
			p++;
	}
	return 0;
}

/* Adds the weights of n features to sum. */
static void weight_sum(const uint64_t *keys, size_t n, w32x8 *sum)
{
	for (size_t f = 0; f < n; f++) {
		w16x8 w; /* an empty slot's are 0 */
		memcpy(&w, model_find(keys[f])->w, sizeof w);
		*sum += __builtin_convertvector(w, w32x8);
	}
}

/* The cache slot of a word's form, or the empty slot where it would go. */
static struct word_sum *words_slot(uint64_t hnorm)
{
	size_t i = hnorm & model.words_mask;
	while (model.words[i].hnorm && model.words[i].hnorm != hnorm)
		i = (i + 1) & model.words_mask;
	return &model.words[i];
}

/* The cached sums of word t, or NULL. */
static const struct word_sum *words_get(const ner_tok *t)
{
	if (!model.words)
		return NULL;
	const struct word_sum *e = words_slot(t->hnorm);
	if (!e->hnorm || e->hstem != t->hstem || e->stem_off != t->stem_off ||
	    e->kind != t->kind || e->flags != t->flags)
		return NULL;
	return e;
}

/* One line of the word list: a chunk of one word. */
static int words_chunk(void *ctx, const ner_chunk *c)
{
	(void)ctx;
	if (c->n != 1)
		return 0;
	const ner_tok *t = &c->tok[0];
	struct word_sum *e = words_slot(t->hnorm);
	if (e->hnorm)
		return 0;
	uint64_t keys[NER_FEAT_MAX];
	size_t n = marsad_ner_word_features(c, 0, NULL, keys);
	w32x8 sum = {0};
	weight_sum(keys, n, &sum);
	e->sum = sum;
	e->hnorm = t->hnorm;
	e->hstem = t->hstem;
	e->stem_off = t->stem_off;
	e->kind = t->kind;
	e->flags = t->flags;
	return 0;
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

/* Builds the word cache; without memory the tagger runs without it. */
static void words_load(void)
{
	word_list l = {MARSAD_BUF_INIT, 0};
	int rc = marsad_lexicon_each(marsad_data_ner_clusters,
				     marsad_data_ner_clusters_len, words_line,
				     &l);
	size_t slots = 1024;
	while (slots < 2 * l.n)
		slots *= 2;
	if (rc >= 0 && l.n)
		model.words = aligned_alloc(sizeof(w32x8),
					    slots * sizeof *model.words);
	if (model.words) {
		memset(model.words, 0, slots * sizeof *model.words);
		model.words_mask = slots - 1;
		if (marsad_ner_chunks(l.text.data, l.text.len, words_chunk,
				      NULL) != 0) {
			free(model.words);
			model.words = NULL;
		}
	}
	marsad_buf_clear(&l.text);
}

static void model_load(void)
{
	const char *d = marsad_data_ner_model;
	size_t len = marsad_data_ner_model_len, lines = 0;
	for (size_t i = 0; i + 1 < len; i++)
		lines += d[i] == '\n' && d[i + 1] == 'F';
	size_t slots = 1024;
	while (2 * slots < 3 * (lines + 1)) /* at most 2/3 full */
		slots *= 2;
	model.slots = calloc(slots, sizeof *model.slots);
	if (!model.slots) {
		model.err = MARSAD_ENOMEM;
		return;
	}
	model.mask = slots - 1;
	marsad_lexicon_each(d, len, parse_line, NULL);
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

/* The features of a chunk's words still to look up: the context ones
 * (keys[i][0..n)), then the word's own unless the cache had them. */
typedef struct word_keys {
	uint64_t keys[2 * NER_FEAT_MAX];
} word_keys;

typedef struct extractor {
	const char *s;
	marsad_buf out; /* marsad_mention[] */
	word_keys *keys; /* per word of a chunk */
} extractor;

static int emit_mention(extractor *x, const ner_chunk *c, size_t a, size_t b,
			int type, float conf)
{
	marsad_mention m;
	m.start = skip_letters(x->s, c->tok[a].start, c->tok[a].end,
			       clitic_bytes(c, a));
	m.end = c->tok[b - 1].end;
	m.type = (marsad_entity_type)type;
	m.confidence = conf;
	return marsad_buf_append(&x->out, &m, sizeof m);
}

static int tag_chunk(void *ctx, const ner_chunk *c)
{
	extractor *x = ctx;
	float emit[NER_CHUNK_MAX * NER_NTAGS];
	int tags[NER_CHUNK_MAX];
	unsigned char nf[NER_CHUNK_MAX];
	const struct word_sum *own[NER_CHUNK_MAX];
	/* All keys first, their slots prefetched, then the sums: the table
	 * is larger than the caches, and the misses overlap this way. */
	for (size_t i = 0; i < c->n; i++) {
		uint64_t *k = x->keys[i].keys;
		size_t n = marsad_ner_context_features(c, i, NULL, k);
		own[i] = words_get(&c->tok[i]);
		if (!own[i])
			n += marsad_ner_word_features(c, i, NULL, k + n);
		nf[i] = (unsigned char)n;
		for (size_t f = 0; f < n; f++)
			__builtin_prefetch(&model.slots[k[f] & model.mask]);
	}
	for (size_t i = 0; i < c->n; i++) {
		w32x8 sum = {0};
		if (own[i])
			sum = own[i]->sum;
		weight_sum(x->keys[i].keys, nf[i], &sum);
		for (int t = 0; t < NER_NTAGS; t++)
			emit[i * NER_NTAGS + t] = (float)sum[t] / 100.0f;
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
			if (marsad_ner_allowed(p, k))
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

int marsad_ner_extract(const char *s, size_t len, marsad_mention **out,
		       size_t *n)
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
	extractor x = {s, MARSAD_BUF_INIT,
		       malloc(NER_CHUNK_MAX * sizeof *x.keys)};
	if (!x.keys)
		return MARSAD_ENOMEM;
	int rc = marsad_ner_chunks(s, len, tag_chunk, &x);
	free(x.keys);
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
