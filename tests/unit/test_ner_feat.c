/*
 * test_ner_feat.c — the entity tagger's features (extract/ner_feat.c):
 * every feature key is the key of its string (the model file stores the
 * strings), a word's own features are the same in any context (the tagger
 * sums their weights once per word type), the context features are their
 * groups' (a neighbour's alone, pairs, punctuation), the pairs are the
 * word pairs' and the shape pair's, frequent words have a distributional
 * class and nonsense has none, names the tagger found often in unlabeled
 * news have their type's corpus class, sports words are known and the
 * sports feature is its type's, and the Viterbi decoder only lets
 * an I- tag continue its own type and finds the path a plain search over
 * every pair of tags finds.
 */
#include "check.h"
#include "extract/ner_int.h"
#include "internal.h"
#include "marsad/extract.h"

MARSAD_DATA(ner_lexicon);

#define NAMES_LEN (NER_FEAT_MAX * NER_FEAT_LEN)

/* The chunks of a text, copied out (the chunker reuses its buffer). */
typedef struct chunks {
	ner_chunk c[4];
	size_t n;
} chunks;

static int keep(void *ctx, const ner_chunk *c)
{
	chunks *k = ctx;
	if (k->n < 4) {
		ner_chunk *d = &k->c[k->n++];
		memcpy(d->tok, c->tok, c->n * sizeof *c->tok);
		d->n = c->n;
		d->pool = (marsad_buf)MARSAD_BUF_INIT;
		marsad_buf_append(&d->pool, c->pool.data, c->pool.len);
	}
	return 0;
}

static void chunks_of(const char *s, chunks *k)
{
	k->n = 0;
	CHECK(marsad_ner_chunks(s, strlen(s), NULL, keep, k) == 0);
}

static void chunks_free(chunks *k)
{
	for (size_t i = 0; i < k->n; i++)
		marsad_buf_clear(&k->c[i].pool);
}

/* Each key is marsad_ner_key() of its string, and no string repeats. */
static void check_strings(const ner_chunk *c, size_t i, char *names)
{
	uint64_t keys[NER_FEAT_MAX];
	size_t kinds[2] = {marsad_ner_word_features(c, i, names, keys), 0};
	for (int kind = 0; kind < 2; kind++) {
		if (kind == 1)
			kinds[1] = marsad_ner_context_features(c, i, names, keys);
		CHECK(kinds[kind] > 0 && kinds[kind] <= NER_FEAT_MAX);
		for (size_t f = 0; f < kinds[kind]; f++) {
			const char *s = names + f * NER_FEAT_LEN;
			CHECK(keys[f] == marsad_ner_key(s, strlen(s)));
			for (size_t g = 0; g < f; g++)
				CHECK(strcmp(s, names + g * NER_FEAT_LEN) != 0);
		}
	}
}

static void test_keys(void)
{
	char *names = malloc(NAMES_LEN);
	chunks k;
	chunks_of("قال الرئيس الروسي فلاديمير بوتين، في موسكو: «وبالتعاون» "
		  "مع G20 عام 2021", &k);
	CHECK(k.n == 1);
	for (size_t i = 0; k.n && i < k.c[0].n; i++)
		check_strings(&k.c[0], i, names);
	chunks_free(&k);
	free(names);
}

/* The word features of the word of text at index i. */
static size_t own_keys(const char *text, size_t i, uint64_t *keys)
{
	chunks k;
	chunks_of(text, &k);
	size_t n = 0;
	CHECK(k.n == 1);
	if (k.n == 1 && i < k.c[0].n)
		n = marsad_ner_word_features(&k.c[0], i, NULL, keys);
	chunks_free(&k);
	return n;
}

static void test_own_features(void)
{
	uint64_t a[NER_FEAT_MAX], b[NER_FEAT_MAX], c[NER_FEAT_MAX];
	size_t na = own_keys("بوتين", 0, a);
	size_t nb = own_keys("قال الرئيس بوتين إن", 2, b);
	size_t nc = own_keys("(بوتين)", 0, c);
	CHECK(na > 0 && na == nb && na == nc);
	CHECK(memcmp(a, b, na * sizeof *a) == 0);
	CHECK(memcmp(a, c, na * sizeof *a) == 0);
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The context features of word i are its groups' (ner_int.h) together. */
static void check_groups(const ner_chunk *c, size_t i)
{
	uint64_t all[NER_FEAT_MAX], parts[2 * NER_FEAT_MAX];
	size_t n = marsad_ner_context_features(c, i, NULL, all), m = 0;
	for (int d = -2; d <= 2; d++)
		if (d)
			m += marsad_ner_near_features(c, (long)i + d, d,
						      parts + m);
	size_t np = marsad_ner_pair_features(c, i, parts + m);
	CHECK(np <= NER_PAIR_MAX);
	m += np;
	m += marsad_ner_gap_features(c->tok[i].before, c->tok[i].after,
				     parts + m);
	CHECK(m == n);
	if (m != n)
		return;
	qsort(all, n, sizeof *all, cmp_key);
	qsort(parts, m, sizeof *parts, cmp_key);
	CHECK(memcmp(all, parts, n * sizeof *all) == 0);
}

/* The pair features of each word of c are its word pairs' and the key of
 * its shape pair. */
static void check_pairs(const ner_chunk *c)
{
	uint64_t words[NER_CHUNK_MAX][NER_PAIR_MAX];
	marsad_ner_word_pair_features(c, words);
	for (size_t i = 0; i < c->n; i++) {
		uint64_t keys[NER_PAIR_MAX];
		CHECK(marsad_ner_pair_features(c, i, keys) ==
		      NER_WORD_PAIRS + 1);
		CHECK(memcmp(keys, words[i], NER_WORD_PAIRS * sizeof *keys) ==
		      0);
		unsigned prev = i ? c->tok[i - 1].shape_id : NER_SHAPES;
		CHECK(c->tok[i].shape_id < NER_SHAPES);
		CHECK(keys[NER_WORD_PAIRS] ==
		      marsad_ner_shape_pair_key(prev, c->tok[i].shape_id));
	}
}

static void test_groups(void)
{
	chunks k;
	chunks_of("قال الرئيس الروسي فلاديمير بوتين، في موسكو: «وبالتعاون» "
		  "مع G20 عام 2021 (وزارة الخارجية) - بيروت", &k);
	CHECK(k.n == 1);
	for (size_t i = 0; k.n && i < k.c[0].n; i++)
		check_groups(&k.c[0], i);
	if (k.n)
		check_pairs(&k.c[0]);
	chunks_free(&k);
	chunks_of("بوتين", &k);
	CHECK(k.n == 1);
	if (k.n) {
		check_groups(&k.c[0], 0);
		check_pairs(&k.c[0]);
	}
	chunks_free(&k);
}

/* Non-zero when word i of c has the word feature named s. */
static int has_feature(const ner_chunk *c, size_t i, const char *s)
{
	static char names[NAMES_LEN];
	uint64_t keys[NER_FEAT_MAX];
	size_t n = marsad_ner_word_features(c, i, names, keys);
	for (size_t f = 0; f < n; f++)
		if (strcmp(names + f * NER_FEAT_LEN, s) == 0)
			return 1;
	return 0;
}

static void test_classes(void)
{
	chunks k;
	chunks_of("قال في الرياض زقطبلو", &k);
	CHECK(k.n == 1 && k.c[0].n == 4);
	if (k.n == 1 && k.c[0].n == 4) {
		CHECK(k.c[0].tok[0].cls != 0);
		CHECK(k.c[0].tok[1].cls != 0);
		CHECK(k.c[0].tok[2].cls != 0);
		CHECK(k.c[0].tok[3].cls == 0);
	}
	chunks_free(&k);
	/* A word the tagger put in mentions of one type in most of its
	 * occurrences in the news of data/ner_clusters.txt has that type's
	 * corpus class, with clitics too; an ordinary word has none. */
	chunks_of("قال ترامب ولترامب في الرياض", &k);
	CHECK(k.n == 1 && k.c[0].n == 5);
	if (k.n == 1 && k.c[0].n == 5) {
		CHECK(!has_feature(&k.c[0], 0, "L=CPER"));
		CHECK(!has_feature(&k.c[0], 0, "L=CLOC"));
		CHECK(has_feature(&k.c[0], 1, "L=CPER"));
		CHECK(has_feature(&k.c[0], 2, "L=CPER"));
		CHECK(has_feature(&k.c[0], 4, "L=CLOC"));
	}
	chunks_free(&k);
	/* A line break ends a chunk. */
	chunks_of("بوتين\nموسكو", &k);
	CHECK(k.n == 2);
	chunks_free(&k);
}

/* How much a stem's letters look like a person's name (ner_namelike.txt):
 * transliterated names never listed anywhere score high, with clitics
 * too; ordinary words, words shorter than three letters and words not in
 * Arabic letters get no score; a neighbour's score is a feature. */
static void test_namelike(void)
{
	chunks k;
	chunks_of("قال دويسنبرج وميكلسون عن الاقتصاد والمصارف في 2002", &k);
	CHECK(k.n == 1 && k.c[0].n == 8);
	if (k.n == 1 && k.c[0].n == 8) {
		const ner_tok *t = k.c[0].tok;
		CHECK(t[1].namelike >= 1 && t[1].namelike <= 3);
		CHECK(t[2].namelike >= 1 && t[2].namelike <= 3);
		CHECK(t[4].namelike == NER_NL_NONE); /* ordinary words */
		CHECK(t[5].namelike == NER_NL_NONE);
		CHECK(t[3].namelike == NER_NL_NONE);
		CHECK(t[7].namelike == NER_NL_NONE);
		char want[16];
		snprintf(want, sizeof want, "nl=%d", t[1].namelike);
		CHECK(has_feature(&k.c[0], 1, want));
		CHECK(!has_feature(&k.c[0], 3, "nl=0"));
		static char names[NAMES_LEN];
		uint64_t keys[NER_FEAT_MAX];
		size_t n = marsad_ner_context_features(&k.c[0], 2, names, keys);
		char before[16];
		snprintf(before, sizeof before, "nl-1=%d", t[1].namelike);
		int seen = 0;
		for (size_t f = 0; f < n; f++)
			seen += strcmp(names + f * NER_FEAT_LEN, before) == 0;
		CHECK(seen == 1);
	}
	chunks_free(&k);
}

/* A feature function of one value that gives none for `none` and the
 * one feature named `want` for `some`, with the key of its name. */
static void check_one_feature(size_t (*fn)(unsigned, char *, uint64_t *),
			      unsigned none, unsigned some, const char *want)
{
	char *names = malloc(NAMES_LEN);
	uint64_t keys[1];
	CHECK(fn(none, names, keys) == 0);
	CHECK(fn(some, names, keys) == 1);
	CHECK(strcmp(names, want) == 0);
	CHECK(keys[0] == marsad_ner_key(want, strlen(want)));
	CHECK(fn(some, NULL, keys) == 1);
	CHECK(keys[0] == marsad_ner_key(want, strlen(want)));
	free(names);
}

/* The phrase marks of the words of text's one chunk, in mark[]. */
static size_t phrase_marks(const char *text, unsigned char *mark)
{
	chunks k;
	chunks_of(text, &k);
	CHECK(k.n == 1);
	size_t n = k.n == 1 ? k.c[0].n : 0;
	uint64_t hstem[NER_CHUNK_MAX];
	for (size_t i = 0; i < n; i++)
		hstem[i] = k.c[0].tok[i].hstem;
	if (n)
		marsad_ner_phrases(&k.c[0], hstem, mark);
	chunks_free(&k);
	return n;
}

/* A phrase line of ner_lexicon.txt of one word: the word is matched in
 * running text, so the loader kept it (its stem is the word, the article
 * aside). */
static int one_word_phrase(void *ctx, const char *line, size_t n)
{
	(void)ctx;
	if (n < 6 || (memcmp(line, "PORG\t", 5) && memcmp(line, "PLOC\t", 5)) ||
	    memchr(line + 5, ' ', n - 5))
		return 0;
	char text[128];
	int len = snprintf(text, sizeof text, "قال %.*s أمس", (int)(n - 5),
			   line + 5);
	unsigned char m[NER_CHUNK_MAX];
	CHECK(len > 0 && (size_t)len < sizeof text &&
	      phrase_marks(text, m) == 3);
	if (m[1] == NER_PH_NONE)
		fprintf(stderr, "ner_lexicon.txt: %.*s is never matched\n",
			(int)(n - 5), line + 5);
	CHECK(m[1] == (line[1] == 'L' ? NER_PH_B_LOC : NER_PH_B_ORG));
	return 0;
}

/* Phrases of ner_lexicon.txt (PLOC, PORG, PNOT): the longest match, of one
 * word or more, with a clitic on its first word too, across spaces only. */
static void test_phrases(void)
{
	unsigned char m[NER_CHUNK_MAX];
	CHECK(phrase_marks("قال وزراء والاتحاد الأوروبي في الولايات المتحدة "
			   "أمس", m) == 8);
	static const unsigned char want[8] = {
		NER_PH_NONE, NER_PH_NONE, NER_PH_B_ORG, NER_PH_I_ORG,
		NER_PH_NONE, NER_PH_B_LOC, NER_PH_I_LOC, NER_PH_NONE};
	CHECK(memcmp(m, want, sizeof want) == 0);
	/* حزب العمال is a phrase, حزب العمال الكردستاني a longer one */
	CHECK(phrase_marks("عناصر حزب العمال الكردستاني", m) == 4);
	CHECK(m[1] == NER_PH_B_ORG && m[2] == NER_PH_I_ORG &&
	      m[3] == NER_PH_I_ORG);
	/* a name of one word, with a clitic */
	CHECK(phrase_marks("انضموا لداعش أمس", m) == 3);
	CHECK(m[0] == NER_PH_NONE && m[1] == NER_PH_B_ORG &&
	      m[2] == NER_PH_NONE);
	/* one written with the article, with it only: الباحة and الخرج
	 * are cities, باحة a courtyard and خرجت "she went out" */
	CHECK(phrase_marks("خرجت إلى باحة بالخرج وللباحة", m) == 5);
	CHECK(m[0] == NER_PH_NONE && m[2] == NER_PH_NONE &&
	      m[3] == NER_PH_B_LOC && m[4] == NER_PH_B_LOC);
	CHECK(phrase_marks("قال الاتحاد، الأوروبي", m) == 3);
	CHECK(m[1] == NER_PH_NONE && m[2] == NER_PH_NONE);
	CHECK(phrase_marks("المتحدة الولايات", m) == 2);
	CHECK(m[0] == NER_PH_NONE && m[1] == NER_PH_NONE);
	/* an expression that opens with a name (PNOT), with or without the
	 * article, marks its words and is no feature */
	CHECK(phrase_marks("مبدأ حسن الجوار وحسن جوار", m) == 5);
	static const unsigned char not_name[5] = {NER_PH_NONE, NER_PH_NOT,
						  NER_PH_NOT, NER_PH_NOT,
						  NER_PH_NOT};
	CHECK(memcmp(m, not_name, sizeof not_name) == 0);
	uint64_t keys[1];
	CHECK(marsad_ner_phrase_features(NER_PH_NOT, NULL, keys) == 0);
	marsad_lexicon_each(marsad_data_ner_lexicon, marsad_data_ner_lexicon_len,
			    one_word_phrase, NULL);
	check_one_feature(marsad_ner_phrase_features, NER_PH_NONE,
			  NER_PH_I_LOC, "ph=I-LOC");
	check_one_feature(marsad_ner_phrase_features, NER_PH_NONE,
			  NER_PH_B_ORG, "ph=B-ORG");
}

/* Head words of a place's or a body's name (TORG, TLOC) as written, after
 * up to two proclitics, never by stem (مالي: Mali, not المالية) nor
 * through a preposition of the lexicon (بالي: Bali, not ب + إلى); المدينة
 * is Medina (GLOC), not مدينة with the article. */
static void test_head_words(void)
{
	chunks k;
	chunks_of("وبجامعة مطار مالي بالي المدينة", &k);
	CHECK(k.n == 1 && k.c[0].n == 5);
	if (k.n == 1 && k.c[0].n == 5) {
		unsigned char head[5];
		for (size_t i = 0; i < 5; i++)
			head[i] = marsad_ner_rule_word(ner_norm(&k.c[0], i),
						       k.c[0].tok[i].norm_len)
					  .head;
		CHECK(head[0] == MARSAD_ENT_ORG);
		CHECK(head[1] == MARSAD_ENT_LOC);
		CHECK(head[2] == 0);
		CHECK(head[3] == 0);
		CHECK(head[4] == 0); /* Medina */
	}
	chunks_free(&k);
}

/* The words the rules after the model read (ner_lexicon.txt NSON …
 * NHORG), as the analyzer normalizes them. */
static void test_rule_words(void)
{
	ner_rule_word r = marsad_ner_rule_word("بن", strlen("بن"));
	CHECK(r.link == LINK_SON && !r.honorific && !r.named_after);
	r = marsad_ner_rule_word("ال", strlen("ال")); /* آل */
	CHECK(r.link == LINK_FAMILY);
	r = marsad_ner_rule_word("الاميره", strlen("الاميره"));
	CHECK(r.honorific && !r.link);
	r = marsad_ner_rule_word("لمركز", strlen("لمركز"));
	CHECK(r.named_after == MARSAD_ENT_ORG);
	r = marsad_ner_rule_word("وبمطار", strlen("وبمطار"));
	CHECK(r.named_after == MARSAD_ENT_LOC);
	r = marsad_ner_rule_word("بير", strlen("بير")); /* بئر "a well" */
	CHECK(!r.link && !r.honorific && !r.named_after);
}

/* A country's adjective in any form, and its people's name, but not the
 * country's own name (normalized forms, clitics off, as the tagger asks). */
static void test_nationals(void)
{
	static const char *const people[] = {
		"سعوديه", "سعودي", "سعوديون", "السعوديين", "للسعوديين",
		"السوريه", "مصريون", "الامريكيه",
	};
	static const char *const places[] = {
		"السعوديه", "للسعوديه", "سوريه", "مالي", "تشيلي",
		"الاسكندريه", "دبي",
		"العربيه", "البحرين", "الفلبين",
	};
	for (size_t i = 0; i < sizeof people / sizeof *people; i++)
		CHECK(marsad_ner_national(people[i], strlen(people[i])));
	for (size_t i = 0; i < sizeof places / sizeof *places; i++)
		CHECK(!marsad_ner_national(places[i], strlen(places[i])));
}

/* Sports words (class TSPO of data/ner_lexicon.txt) with clitics too; the
 * sports feature of a word the first pass tagged is its type's, and a
 * word it left out has none; a mention goes on across spaces only. */
static void test_sport(void)
{
	chunks k;
	chunks_of("قال المدرب بعد المباراة في الدوري", &k);
	CHECK(k.n == 1 && k.c[0].n == 6);
	if (k.n == 1 && k.c[0].n == 6) {
		static const int sport[6] = {0, 1, 0, 1, 0, 1};
		for (size_t i = 0; i < 6; i++)
			CHECK(marsad_ner_sport_word(&k.c[0].tok[i]) == sport[i]);
	}
	chunks_free(&k);
	check_one_feature(marsad_ner_sport_features, NER_O, NER_I_LOC,
			  "ds=LOC");
	check_one_feature(marsad_ner_sport_features, NER_O, NER_B_ORG,
			  "ds=ORG");
	CHECK(marsad_ner_gap_joins(NER_GAP_SPACE));
	for (unsigned g = NER_GAP_COMMA; g <= NER_GAP_EDGE; g++)
		CHECK(!marsad_ner_gap_joins(g));
}

static void test_viterbi(void)
{
	/* Emissions favour I-PER first (it may not begin a chunk) and then
	 * I-ORG, which only a B-ORG may precede: the best valid path gives
	 * up the first word's B-PER for that B-ORG. */
	float emit[3 * NER_NTAGS] = {0};
	emit[0 * NER_NTAGS + NER_I_PER] = 5;
	emit[0 * NER_NTAGS + NER_B_PER] = 1;
	emit[1 * NER_NTAGS + NER_I_ORG] = 5;
	emit[1 * NER_NTAGS + NER_I_PER] = 1;
	ner_trans trans = {{0}};
	int tags[3];
	marsad_ner_viterbi(emit, 3, trans, tags);
	CHECK(tags[0] == NER_B_ORG);
	CHECK(tags[1] == NER_I_ORG);
	CHECK(tags[2] == NER_O);
	CHECK(!marsad_ner_allowed(NER_NTAGS, NER_I_LOC));
	CHECK(!marsad_ner_allowed(NER_O, NER_I_LOC));
	CHECK(marsad_ner_allowed(NER_B_LOC, NER_I_LOC));
	CHECK(!marsad_ner_allowed(NER_B_PER, NER_I_LOC));
}

/* The best path by a plain search: for each word and tag, every previous
 * tag in turn, a forbidden step scoring -1e30, the first of equal
 * scores. */
static void plain_viterbi(const float *emit, size_t n, const ner_trans tr,
			  int *tags)
{
	static float score[64][NER_NTAGS];
	static int back[64][NER_NTAGS];
	for (int t = 0; t < NER_NTAGS; t++)
		score[0][t] = emit[t] + (marsad_ner_allowed(NER_NTAGS, t)
						 ? tr[NER_NTAGS][t]
						 : -1e30f);
	for (size_t i = 1; i < n; i++)
		for (int t = 0; t < NER_NTAGS; t++) {
			float best = 0;
			for (int p = 0; p < NER_NTAGS; p++) {
				float v = score[i - 1][p] +
					  (marsad_ner_allowed(p, t) ? tr[p][t]
								    : -1e30f);
				if (p == 0 || v > best) {
					best = v;
					back[i][t] = p;
				}
			}
			score[i][t] = emit[i * NER_NTAGS + t] + best;
		}
	int t = 0;
	for (int k = 1; k < NER_NTAGS; k++)
		if (score[n - 1][k] > score[n - 1][t])
			t = k;
	for (size_t i = n; i-- > 0;) {
		tags[i] = t;
		t = back[i][t];
	}
}

/* The decoder finds the plain search's path on random scores (a fixed
 * seed), whole numbers among them so that ties happen. */
static void test_viterbi_plain(void)
{
	uint32_t seed = 12345;
	for (int trial = 0; trial < 300; trial++) {
		size_t n = 1 + trial % 40;
		float emit[40 * NER_NTAGS];
		ner_trans tr;
		float *all[2] = {emit, &tr[0][0]};
		size_t len[2] = {n * NER_NTAGS, sizeof tr / sizeof tr[0][0]};
		for (int a = 0; a < 2; a++)
			for (size_t k = 0; k < len[a]; k++) {
				seed = seed * 1103515245u + 12345u;
				int r = (int)(seed >> 16) % 200 - 100;
				all[a][k] = trial % 2 ? (float)(r / 20)
						      : (float)r / 7.0f;
			}
		int got[40], want[40];
		marsad_ner_viterbi(emit, n, tr, got);
		plain_viterbi(emit, n, tr, want);
		CHECK(memcmp(got, want, n * sizeof *got) == 0);
	}
}

int main(void)
{
	test_keys();
	test_own_features();
	test_groups();
	test_classes();
	test_namelike();
	test_phrases();
	test_head_words();
	test_rule_words();
	test_nationals();
	test_sport();
	test_viterbi();
	test_viterbi_plain();
	CHECK_DONE();
}
