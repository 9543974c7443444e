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
 * slot holding the key check and the seven 16-bit weights, at most 2/3
 * full: one memory access per feature, prefetched for the whole chunk.
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

/* A feature's entry: the high half of its key (the low half picked the
 * slot; a false match needs 32 more equal bits) and its weights × 100, in
 * one 20-byte slot, so that a lookup touches one cache line, rarely two. */
struct slot {
	uint32_t check; /* 0: empty */
	int16_t w[NER_NTAGS];
};

#define CHECK_OF(key) ((uint32_t)((key) >> 32) | 1u)

static struct model {
	struct slot *slots;
	size_t mask, used;
	ner_trans trans;
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
		char *q;
		long t = strtol(p, &q, 10);
		if (q == p || *q != ':' || t < 0 || t >= NER_NTAGS)
			break;
		long v = strtol(q + 1, &q, 10);
		e->w[t] = (int16_t)(v > INT16_MAX ? INT16_MAX
			       : v < INT16_MIN ? INT16_MIN : v);
		p = q;
		while (p < end && *p == ' ')
			p++;
	}
	return 0;
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
	uint64_t (*keys)[NER_FEAT_MAX]; /* per word of a chunk */
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
	/* All keys first, their slots prefetched, then the sums: the table
	 * is larger than the caches, and the misses overlap this way. */
	for (size_t i = 0; i < c->n; i++) {
		nf[i] = (unsigned char)marsad_ner_features(c, i, NULL, x->keys[i]);
		for (size_t f = 0; f < nf[i]; f++)
			__builtin_prefetch(&model.slots[x->keys[i][f] & model.mask]);
	}
	for (size_t i = 0; i < c->n; i++) {
		int32_t sum[NER_NTAGS] = {0};
		for (size_t f = 0; f < nf[i]; f++) {
			const int16_t *w = model_find(x->keys[i][f])->w;
			for (int t = 0; t < NER_NTAGS; t++)
				sum[t] += w[t]; /* an empty slot's are 0 */
		}
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
		} else if (t != NER_O) {
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
