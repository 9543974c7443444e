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
 * the letter trigrams inside a long stem, shape, the analyzer's name
 * flag, punctuation around the word, and membership of the word and its
 * neighbours in a trigger-word and gazetteer lexicon
 * (data/ner_lexicon.txt), and the distributional classes of the word and
 * its neighbours (data/ner_clusters.txt, made by tools/ner_clusters.c
 * from unlabeled news; Ratinov & Roth, "Design challenges and
 * misconceptions in NER", 2009), with the type the tagger gave most of
 * the word's occurrences in that news when it gave one often: a memory
 * of the whole corpus, like their "extended prediction history". A
 * second pass over a document adds what a first pass said of the word's
 * other occurrences (the document's memory, ner_int.h) and, in a sports
 * document, the type the first pass gave the word. Every feature is
 * a short string, hashed with 64-bit FNV-1a; the model stores the
 * strings.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE__
#include <xmmintrin.h>
#endif

#include "internal.h"
#include "marsad/extract.h"
#include "marsad/text.h"
#include "ner_int.h"

MARSAD_DATA(ner_lexicon);
MARSAD_DATA(names_people);
MARSAD_DATA(names_places);
MARSAD_DATA(ner_clusters);
MARSAD_DATA(ner_namelike);

/* ---- hashing ------------------------------------------------------------ */

/* marsad_fnv1a() from h over the n bytes at s, four a step (and the
 * last one to three): the bytes the tagger hashes are mostly letters of
 * two bytes, in words of a few letters, and the loop's own instructions
 * would cost as much as the hashing. */
static inline uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	const unsigned char *b = (const unsigned char *)s;
	const uint64_t p = MARSAD_FNV_PRIME;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		h = (h ^ b[i]) * p;
		h = (h ^ b[i + 1]) * p;
		h = (h ^ b[i + 2]) * p;
		h = (h ^ b[i + 3]) * p;
	}
	if (i + 2 <= n) {
		h = (h ^ b[i]) * p;
		h = (h ^ b[i + 1]) * p;
		i += 2;
	}
	if (i < n)
		h = (h ^ b[i]) * p;
	return h;
}

/* marsad_ner_hash(), which the library's own calls reach without going
 * through its exported (interposable) symbol. */
static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = fnv(MARSAD_FNV_BASIS, s, len);
	return h ? h : 1; /* 0 marks an empty slot */
}

uint64_t marsad_ner_hash(const char *s, size_t len)
{
	return hash(s, len);
}

static uint64_t mix(uint64_t h) /* the finalizer of MurmurHash3 */
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* A value: its bytes (for the trainer's strings) and its hash. */
typedef struct val {
	const char *s;
	size_t len;
	uint64_t h;
} val;

/* Constant values, hashed once (feat_init()). */
static val v_empty, v_start, v_end, v_unknown;

/* ---- the trigger and gazetteer lexicon --------------------------------- */

/* The classes of data/ner_lexicon.txt, then two from the analyzer's name
 * lists: WPER, a person-name token of Wikidata (names_people.txt), and
 * WPLC, a place or institution (names_places.txt); then the type the
 * tagger gave most of a word's occurrences in unlabeled news (the third
 * column of data/ner_clusters.txt): CPER, CLOC, CORG; the sports words
 * of data/ner_lexicon.txt, TSPO (see marsad_ner_sport_word()); last its
 * words never part of the name after them, HPER (marsad_ner_title_word()),
 * and its currencies and units, UNIT (marsad_ner_unit_word()), which are
 * not features. */
static const char *const lex_class[] = {
	"TPER", "TORG", "TLOC", "TSAY", "TNAT", "GPER", "GLOC", "GORG",
	"WPER", "WPLC", "CPER", "CLOC", "CORG", "TSPO", "HPER", "UNIT",
};
#define LEX_NCLASS (sizeof lex_class / sizeof *lex_class)
#define LEX_TPER (1u << 0)
#define LEX_TORG (1u << 1)
#define LEX_TLOC (1u << 2)
#define LEX_TNAT (1u << 4)
#define LEX_GPER (1u << 5)
#define LEX_GLOC (1u << 6)
#define LEX_GORG (1u << 7)
#define LEX_WPER (1u << 8)
#define LEX_WPLC (1u << 9)
#define LEX_CPER 10 /* the bit of CPER; CLOC and CORG follow */
#define LEX_TSPO (1u << 13)
#define LEX_HPER (1u << 14)
#define LEX_UNIT (1u << 15)
#define LEX_FEATURES ((1u << LEX_NCLASS) - 1 - LEX_HPER - LEX_UNIT)

/* One table holds both the lexicon classes and the distributional class
 * of a word, keyed by the hash of its normalized form. */
static struct lex_slot {
	uint64_t key; /* 0: empty */
	uint16_t mask;
	uint16_t cls; /* distributional class + 1; 0: none */
	/* Of a key of phrase_key() instead: a phrase's first word keeps the
	 * most words of a phrase it starts, its last word the phrase's type
	 * (1 LOC, 2 ORG); a phrase of one word written with the article
	 * matches a word written with it only (ph_article). */
	unsigned char ph_words, ph_type, ph_article;
	/* Of the normalized form of an entry, as written (its stem's key
	 * has none): the type of a TORG or TLOC entry, and the classes the
	 * rules read (both through marsad_ner_rule_word()). */
	unsigned char head;
	ner_rule_word rule;
	/* Of the normalized form of a phrase's first word as the lexicon
	 * writes it: marsad_ner_opens_phrase() */
	unsigned char opens;
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

/* The slot of key, added if new; NULL when the table is full or missing
 * (later entries are left out). */
static struct lex_slot *lex_entry_key(uint64_t key)
{
	struct lex_slot *e = lex_find(key);
	if (e == &lex_none)
		return NULL;
	if (!e->key) {
		if (lex_count >= (lex_mask_bits + 1) / 2)
			return NULL;
		e->key = key;
		lex_count++;
	}
	return e;
}

/* The slot of the word w, added if new (see lex_entry_key()). */
static struct lex_slot *lex_entry(const char *w, size_t len)
{
	return lex_entry_key(hash(w, len));
}

static void lex_put(const char *w, size_t len, unsigned mask)
{
	struct lex_slot *e = lex_entry(w, len);
	if (e)
		e->mask |= (uint16_t)mask;
}

/* The one word of an entry, as the analyzer sees it in running text. */
struct lex_word {
	size_t n;
	char norm[MARSAD_TOKEN_MAX + 1], stem[MARSAD_TOKEN_MAX + 1];
	size_t norm_len, stem_len;
	unsigned flags; /* MARSAD_TOKEN_* */
};

static int lex_word_tok(void *ctx, const marsad_token *t)
{
	struct lex_word *w = ctx;
	if (w->n++ == 0) {
		memcpy(w->norm, t->norm, t->norm_len);
		w->norm_len = t->norm_len;
		memcpy(w->stem, t->stem, t->stem_len);
		w->stem_len = t->stem_len;
		w->flags = t->flags;
	}
	return 0;
}

/* ---- phrases ------------------------------------------------------------ */

static void lex_load(void);

/* The phrases of ner_lexicon.txt (classes PLOC, PORG, PNOT) are in
 * lex_table, keyed by phrase_key() of their words' stem hashes: the key of
 * a first word and that of a whole phrase (lex_slot ph_words, ph_type). A
 * filter of 4,096 bits of their first words' stem hashes turns away nearly
 * every other word before a lookup (a miss of the large table, word by
 * word). */
static uint64_t ph_first[64]; /* bit h >> 52 */
enum { PH_LOC = 1, PH_ORG, PH_NOT }; /* lex_slot ph_type; 0: no phrase */

static void ph_first_add(uint64_t h)
{
	ph_first[h >> 58] |= 1ull << (h >> 52 & 63);
}

static inline int ph_first_may(uint64_t h)
{
	return (ph_first[h >> 58] >> (h >> 52 & 63)) & 1;
}

/* The key of a phrase of one more word, stem hash h, after key k (0 for
 * none yet). */
static uint64_t phrase_key(uint64_t k, uint64_t h)
{
	k = mix(k * 0x9e3779b97f4a7c15ull + h);
	return k ? k : 1;
}

/* The hash a phrase's word is matched by: its stem's, or, for a word the
 * analyzer judged a name, the hash of its stem as a word of no name's
 * context. After a title or a name the analyzer keeps what follows whole
 * (الرئيس [منظمة] الصحة), so that a phrase would match in one context
 * and not in another; read this way it matches in any. */
static uint64_t phrase_word_hash(const char *norm, size_t norm_len,
				 const char *stem, size_t stem_len,
				 unsigned kind, unsigned flags)
{
	if (!(flags & MARSAD_TOKEN_NAME) || kind != MARSAD_TOKEN_ARABIC ||
	    norm_len > MARSAD_TOKEN_MAX)
		return hash(stem, stem_len);
	char own[MARSAD_TOKEN_MAX + 1];
	size_t n = marsad_stem(norm, norm_len, 0, own, NULL);
	return hash(own, n);
}

uint64_t marsad_ner_phrase_hash(const ner_chunk *c, size_t i)
{
	const ner_tok *t = &c->tok[i];
	return phrase_word_hash(ner_norm(c, i), t->norm_len, ner_stem(c, i),
				t->stem_len, t->kind, t->flags);
}

/* The hashes of a phrase's words (phrase_word_hash()), whether the
 * stemmer took nothing off its first word but the article ال, and whether
 * it took that. */
struct ph_words {
	size_t n;
	uint64_t h[NER_PHRASE_MAX + 1];
	uint64_t first_norm; /* hash of the first word's normalized form */
	int first_whole, first_article;
};

static int ph_word(void *ctx, const marsad_token *t)
{
	struct ph_words *w = ctx;
	if (w->n == 0) {
		size_t cut = t->norm_len - t->stem_len;
		w->first_norm = hash(t->norm, t->norm_len);
		w->first_article = cut == 4 && !memcmp(t->norm, ALEF_LAM, 4);
		w->first_whole = t->norm_len >= t->stem_len &&
				 (cut == 0 || w->first_article) &&
				 !memcmp(t->norm + cut, t->stem, t->stem_len);
	}
	if (w->n <= NER_PHRASE_MAX)
		w->h[w->n] = phrase_word_hash(t->norm, t->norm_len, t->stem,
					      t->stem_len, t->kind, t->flags);
	w->n++;
	return 0;
}

/* Adds the phrase text[0..n) of type `type`. One of more than
 * NER_PHRASE_MAX words is left out, and so is a name of one word that the
 * stemmer cuts more of than the article: it would match the words it is
 * cut to (ناسا -> ناس, as in الناس "the people"). A name of one word
 * written with the article matches words written with it only: الباحة
 * (a city) is no باحة "courtyard", الخرج no خرجت "she went out". */
static void phrase_add(const char *text, size_t n, unsigned char type)
{
	struct ph_words w = {0};
	if (marsad_analyze(text, n, MARSAD_ANALYZE_KEEP_STOPWORDS, ph_word,
			   &w) != 0 ||
	    w.n < 1 || w.n > NER_PHRASE_MAX || (w.n == 1 && !w.first_whole))
		return;
	uint64_t k = phrase_key(0, w.h[0]);
	struct lex_slot *first = lex_entry_key(k);
	for (size_t i = 1; i < w.n; i++)
		k = phrase_key(k, w.h[i]);
	struct lex_slot *whole = lex_entry_key(k);
	if (!first || !whole)
		return;
	if (first->ph_words < w.n)
		first->ph_words = (unsigned char)w.n;
	ph_first_add(w.h[0]);
	whole->ph_type = type;
	whole->ph_article = w.n == 1 && w.first_article;
	struct lex_slot *e = type != PH_NOT ? lex_entry_key(w.first_norm) : NULL;
	if (e)
		e->opens = 1;
}

int marsad_ner_opens_phrase(const char *norm, size_t len)
{
	pthread_once(&lex_once, lex_load);
	return lex_find(hash(norm, len))->opens;
}

/* Whether the normalized word norm (len bytes) is written with the
 * article: ال after at most two one-letter proclitics (بال، وبال), or لل
 * ("for the") after at most one. */
static int written_with_article(const char *norm, size_t len)
{
	size_t cut[3], n = ner_proclitic_cuts(norm, len, cut);
	for (size_t j = 0; j < n; j++)
		if (cut[j] + 4 <= len &&
		    (!memcmp(norm + cut[j], ALEF_LAM, 4) ||
		     (cut[j] <= 2 && !memcmp(norm + cut[j], LAM_LAM, 4))))
			return 1;
	return 0;
}

void marsad_ner_phrases(const ner_chunk *c, const uint64_t *hphrase,
			unsigned char *mark)
{
	pthread_once(&lex_once, lex_load);
	memset(mark, NER_PH_NONE, c->n);
	for (size_t i = 0; i < c->n; i++) {
		if (!ph_first_may(hphrase[i]))
			continue;
		uint64_t k = phrase_key(0, hphrase[i]);
		const struct lex_slot *e = lex_find(k);
		if (!e->ph_words)
			continue;
		size_t len = e->ph_type && (!e->ph_article ||
					    written_with_article(
						    ner_norm(c, i),
						    c->tok[i].norm_len))
				     ? 1 : 0,
		       most = e->ph_words;
		unsigned type = e->ph_type;
		for (size_t j = i + 1; j < c->n && j - i < most &&
		     marsad_ner_gap_joins(c->tok[j].before); j++) {
			k = phrase_key(k, hphrase[j]);
			e = lex_find(k);
			if (e->ph_type) {
				len = j - i + 1;
				type = e->ph_type;
			}
		}
		if (!len)
			continue;
		if (type == PH_NOT) {
			memset(mark + i, NER_PH_NOT, len);
		} else {
			mark[i] = (unsigned char)(type == PH_LOC ? NER_PH_B_LOC
							  : NER_PH_B_ORG);
			memset(mark + i + 1, mark[i] + 1, len - 1);
		}
		i += len - 1;
	}
}

/* The classes of ner_lexicon.txt that the rules after the model read
 * (marsad_ner_rule_word()), and what each sets. */
static const struct {
	char name[7];
	enum { RULE_LINK, RULE_TITLE, RULE_NAMED, RULE_LAND, RULE_PRESS,
	       RULE_MONTH, RULE_OTHER, RULE_MATCH } field;
	unsigned char value;
} rule_class[] = {
	{"NSON", RULE_LINK, LINK_SON},           {"NFAM", RULE_LINK, LINK_FAMILY},
	{"NFIRST", RULE_LINK, LINK_FIRST},       {"NPART", RULE_LINK, LINK_PARTICLE},
	{"NPLACE", RULE_LINK, LINK_PLACE},       {"NTITLE", RULE_TITLE, 1},
	{"NHLOC", RULE_NAMED, MARSAD_ENT_LOC},   {"NHORG", RULE_NAMED, MARSAD_ENT_ORG},
	{"NLAND", RULE_LAND, 1},                 {"NPRESS", RULE_PRESS, 1},
	{"NMONTH", RULE_MONTH, 1},               {"NKIND", RULE_PRESS, NER_PRESS_KIND},
	{"NMISC", RULE_OTHER, 1},                {"NMATCH", RULE_MATCH, 1},
};

/* A line of one of the rule classes, line[0..n) with its tab at tab:
 * the word's normalized form gets the class. Returns whether it was one
 * (so the caller need not read it). */
static int rule_add(const char *line, const char *tab, size_t n)
{
	size_t k = 0, classes = sizeof rule_class / sizeof *rule_class;
	while (k < classes && ((size_t)(tab - line) != strlen(rule_class[k].name) ||
			       memcmp(line, rule_class[k].name, tab - line)))
		k++;
	if (k == classes)
		return 0;
	struct lex_word w = {0};
	struct lex_slot *e;
	if (marsad_analyze(tab + 1, n - (size_t)(tab + 1 - line),
			   MARSAD_ANALYZE_KEEP_STOPWORDS, lex_word_tok, &w) != 0 ||
	    w.n != 1 || !(e = lex_entry(w.norm, w.norm_len)))
		return 1;
	unsigned char v = rule_class[k].value;
	switch (rule_class[k].field) {
	case RULE_LINK: e->rule.link = v; break;
	case RULE_TITLE: e->rule.honorific = v; break;
	case RULE_NAMED: e->rule.named_after = v; break;
	case RULE_LAND: e->rule.land = v; break;
	case RULE_PRESS: e->rule.press = v; break;
	case RULE_MONTH: e->rule.month = v; break;
	case RULE_OTHER: e->rule.other = v; break;
	case RULE_MATCH: e->rule.match = v; break;
	}
	return 1;
}

/* A line "CLASS<TAB>WORD": the word's normalized form and its stem both
 * get the class, so that the entry matches with or without clitics; a
 * line of class PLOC or PORG is a phrase. */
static int lex_add(void *ctx, const char *line, size_t n)
{
	const char *tab = memchr(line, '\t', n);
	if (!tab)
		return 0;
	static const char ph_class[][5] = {[PH_LOC] = "PLOC", [PH_ORG] = "PORG",
					   [PH_NOT] = "PNOT"};
	if (rule_add(line, tab, n))
		return 0;
	for (unsigned char k = PH_LOC; k <= PH_NOT; k++)
		if (tab - line == 4 && memcmp(line, ph_class[k], 4) == 0) {
			phrase_add(tab + 1, n - (size_t)(tab + 1 - line), k);
			return 0;
		}
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
	if (mask != LEX_HPER) /* a title is matched as written */
		lex_put(w.stem, w.stem_len, mask);
	struct lex_slot *e; /* a head word, not a preposition (في، إلى) */
	if ((mask & (LEX_TORG | LEX_TLOC)) &&
	    !(w.flags & MARSAD_TOKEN_STOPWORD) &&
	    (e = lex_entry(w.norm, w.norm_len)) != NULL && !e->head)
		e->head = mask & LEX_TORG ? MARSAD_ENT_ORG : MARSAD_ENT_LOC;
	return 0;
}

/* A name list being read: its class, and a buffer for its lines. */
struct name_list {
	unsigned mask;
	marsad_buf b;
};

/* A line of a name list: one word, any spelling. */
static int lex_add_name(void *ctx, const char *line, size_t n)
{
	struct name_list *l = ctx;
	marsad_buf_reset(&l->b);
	if (marsad_normalize(line, n, &l->b) == 0 && l->b.len)
		lex_put(l->b.data, l->b.len, l->mask);
	return 0;
}

/* The number of distributional classes (tools/ner_clusters.c); a class
 * divided by NER_CLS_FINE is its coarse class. */
#define NER_CLS_N 512
#define NER_CLS_FINE 8

/* A line "WORD<TAB>CLASS[<TAB>TYPE]" of data/ner_clusters.txt; WORD is
 * already in the analyzer's normalized form, TYPE is PER, LOC or ORG. */
static int cls_add(void *ctx, const char *line, size_t n)
{
	(void)ctx;
	const char *tab = memchr(line, '\t', n), *end = line + n;
	if (!tab || tab == line || tab + 1 == end)
		return 0;
	const char *type = memchr(tab + 1, '\t', (size_t)(end - tab - 1));
	unsigned mask = 0;
	if (type) {
		static const char *const types[] = {"PER", "LOC", "ORG"};
		for (unsigned t = 0; t < 3; t++)
			if ((size_t)(end - type - 1) == 3 &&
			    memcmp(type + 1, types[t], 3) == 0)
				mask = 1u << (LEX_CPER + t);
		end = type;
	}
	unsigned k = 0;
	for (const char *p = tab + 1; p < end; p++) {
		if (*p < '0' || *p > '9' || k >= NER_CLS_N)
			return 0;
		k = 10 * k + (unsigned)(*p - '0');
	}
	struct lex_slot *e = k < NER_CLS_N ? lex_entry(line, (size_t)(tab - line))
					   : NULL;
	if (e) {
		e->cls = (uint16_t)(k + 1);
		e->mask |= (uint16_t)mask;
	}
	/* The type holds for the word's stem too, as a lexicon entry's
	 * class does (lex_add()), so that it matches with clitics. */
	struct lex_word w = {0};
	if (mask && marsad_analyze(line, (size_t)(tab - line),
				   MARSAD_ANALYZE_KEEP_STOPWORDS, lex_word_tok,
				   &w) == 0 && w.n == 1)
		lex_put(w.stem, w.stem_len, mask);
	return 0;
}

static void feat_init(void);

/* The lines of data (a last one without a newline counts too). */
static size_t count_lines(const char *data, size_t len)
{
	size_t n = 1;
	for (const char *p = data, *end = data + len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		n++;
	return n;
}

/* ---- how much a word looks like a person's name ------------------------ */

/* data/ner_namelike.txt (tools/make_namelike.py): for each letter 4-gram
 * of a word padded "^^^…$", the log-ratio (tenths of a nat) of a letter
 * model of person names to one of ordinary words, and for each 3-letter
 * context the value of a gram never seen after it. Keyed by gram_key() of
 * the gram's bytes and their number, which a context's three letters
 * cannot share. */
#define NL_ORDER 4
static struct nl_slot {
	uint64_t key; /* 0: empty */
	int32_t weight;
} *nl_table;
static size_t nl_mask;

/* The key of a gram or context of n bytes (at most 8: four two-byte
 * letters): its bytes as one number, mixed. */
static uint64_t gram_key(const char *g, size_t n)
{
	uint64_t v = 0;
	memcpy(&v, g, n);
	v = mix(v ^ (uint64_t)n << 59);
	return v ? v : 1;
}

static struct nl_slot *nl_find(uint64_t key)
{
	size_t i = key & nl_mask;
	while (nl_table[i].key && nl_table[i].key != key)
		i = (i + 1) & nl_mask;
	return &nl_table[i];
}

/* A line "GRAM<TAB>WEIGHT", WEIGHT a decimal integer. */
static int nl_add(void *ctx, const char *line, size_t n)
{
	(void)ctx;
	const char *tab = memchr(line, '\t', n), *end = line + n;
	if (!tab || tab == line || tab + 1 == end)
		return 0;
	const char *p = tab + 1;
	int neg = *p == '-';
	p += neg;
	int32_t x = 0;
	for (; p < end && *p >= '0' && *p <= '9' && x < 100000; p++)
		x = 10 * x + (*p - '0');
	if (tab - line > 8)
		return 0; /* no gram of Arabic letters is longer */
	uint64_t key = gram_key(line, (size_t)(tab - line));
	struct nl_slot *e = nl_find(key);
	e->key = key;
	e->weight = neg ? -x : x;
	return 0;
}

/* The slots of an open-addressing table for up to `entries` entries: a
 * power of two, at least twice as many. */
static size_t table_slots(size_t entries)
{
	size_t slots = 1024;
	while (slots < 2 * entries)
		slots *= 2;
	return slots;
}

static void nl_load(void)
{
	size_t slots = table_slots(count_lines(marsad_data_ner_namelike,
					       marsad_data_ner_namelike_len));
	nl_table = calloc(slots, sizeof *nl_table);
	if (!nl_table)
		return; /* the tagger then runs without the feature */
	nl_mask = slots - 1;
	marsad_lexicon_each(marsad_data_ner_namelike,
			    marsad_data_ner_namelike_len, nl_add, NULL);
}

/* The bin of the name score of stem s: the sum of its grams' weights (a
 * context's for a gram not listed) over 3 nats a step, 0 to 3; NER_NL_NONE
 * when the sum is below 0 or s is not three characters or more of
 * U+0600–U+06FF (an Arabic word: the lists hold no other script). A score
 * says "a name" and never "not a name": a name newer than the training
 * text that reads as ordinary letters (داعش, an acronym, 3 nats below 0)
 * would lose to it. */
static signed char namelike(const char *s, size_t len)
{
	if (!nl_table || len < 6 || len % 2 || len > MARSAD_TOKEN_MAX)
		return NER_NL_NONE;
	char pad[MARSAD_TOKEN_MAX + NL_ORDER];
	size_t at[MARSAD_TOKEN_MAX + NL_ORDER + 1], n = 0; /* char starts */
	for (size_t k = 0; k < NL_ORDER - 1; k++) {
		pad[k] = '^';
		at[n++] = k;
	}
	for (size_t k = 0; k < len; k += 2) {
		if (((unsigned char)s[k] & 0xFC) != 0xD8)
			return NER_NL_NONE;
		at[n++] = NL_ORDER - 1 + k;
	}
	memcpy(pad + NL_ORDER - 1, s, len);
	size_t end = NL_ORDER - 1 + len;
	pad[end] = '$';
	at[n++] = end;
	at[n] = end + 1;
	long sum = 0;
	for (size_t i = 0; i + NL_ORDER <= n; i++) {
		const char *g = pad + at[i];
		const struct nl_slot *e =
			nl_find(gram_key(g, at[i + NL_ORDER] - at[i]));
		if (!e->key)
			e = nl_find(gram_key(g, at[i + NL_ORDER - 1] - at[i]));
		sum += e->weight;
	}
	if (sum < 0)
		return NER_NL_NONE;
	return (signed char)(sum / 30 > 3 ? 3 : sum / 30);
}

static void lex_load(void)
{
	feat_init();
	size_t lines = 2 * count_lines(marsad_data_ner_lexicon,
				       marsad_data_ner_lexicon_len) +
		       count_lines(marsad_data_names_people,
				   marsad_data_names_people_len) +
		       count_lines(marsad_data_names_places,
				   marsad_data_names_places_len) +
		       2 * count_lines(marsad_data_ner_clusters,
				       marsad_data_ner_clusters_len); /* >= entries */
	size_t slots = table_slots(lines);
	lex_table = calloc(slots, sizeof *lex_table);
	if (!lex_table)
		return; /* the tagger then runs without lexicon features */
	lex_mask_bits = slots - 1;
	struct name_list l = {LEX_WPER, MARSAD_BUF_INIT};
	marsad_lexicon_each(marsad_data_names_people,
			    marsad_data_names_people_len, lex_add_name, &l);
	l.mask = LEX_WPLC;
	marsad_lexicon_each(marsad_data_names_places,
			    marsad_data_names_places_len, lex_add_name, &l);
	marsad_buf_clear(&l.b);
	marsad_lexicon_each(marsad_data_ner_lexicon, marsad_data_ner_lexicon_len,
			    lex_add, NULL);
	marsad_lexicon_each(marsad_data_ner_clusters,
			    marsad_data_ner_clusters_len, cls_add, NULL);
	nl_load();
}

int marsad_ner_known_form(const char *norm, size_t len)
{
	pthread_once(&lex_once, lex_load);
	return lex_find(hash(norm, len))->cls != 0;
}

int marsad_ner_corpus_type(const ner_tok *t)
{
	/* by the form as written (its stem's type is any form's: الجامعة
	 * has that of جامعة, which opens the names of universities) */
	const struct lex_slot *e = lex_find(t->hnorm);
	for (int k = 0; k < 3; k++)
		if (e->mask >> (LEX_CPER + k) & 1)
			return k + 1; /* PER, LOC, ORG */
	return e->cls ? 0 : -1;
}

int marsad_ner_person_name(const char *norm, size_t len)
{
	pthread_once(&lex_once, lex_load);
	return (lex_find(hash(norm, len))->mask & (LEX_GPER | LEX_WPER)) != 0;
}

int marsad_ner_org_word(const ner_tok *t)
{
	return (t->lex & LEX_GORG) != 0;
}

int marsad_ner_names_next(const ner_tok *t)
{
	return (t->lex & (LEX_TPER | LEX_TNAT | LEX_HPER)) != 0;
}

int marsad_ner_place_form(const char *norm, size_t len)
{
	pthread_once(&lex_once, lex_load);
	const struct lex_slot *e = lex_find(hash(norm, len));
	return (e->mask & (LEX_GLOC | LEX_WPLC)) || e->rule.land;
}

/* The lexicon classes of word w, by its normalized form or its stem, and
 * its distributional class, by its normalized form or else its stem (the
 * classes are counted over forms with their clitics). */
static void lex_classes(ner_tok *w)
{
	const struct lex_slot *n = lex_find(w->hnorm), *s = lex_find(w->hstem);
	w->lex = (uint16_t)(n->mask | s->mask);
	w->cls = n->cls ? n->cls : s->cls;
}

/* The characters of s: its bytes less the continuation bytes (10xxxxxx). */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t cont = 0;
	for (size_t i = 0; i < len; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return len - cont;
}

/* A word's shape: its kind, name and stopword flags, length class (of
 * its n characters, which counts up to 9). */
#define SHAPE_LEN_MAX 9
_Static_assert(NER_SHAPES ==
		       (MARSAD_TOKEN_OTHER + 1) * 4 * (SHAPE_LEN_MAX + 1),
	       "shape numbers");

static void shape(unsigned kind, unsigned flags, size_t n, char out[5])
{
	static const char len_class[SHAPE_LEN_MAX + 1] = "0123455666";
	out[0] = (char)('0' + kind);
	out[1] = flags & MARSAD_TOKEN_NAME ? 'N' : '-';
	out[2] = flags & MARSAD_TOKEN_STOPWORD ? 'S' : '-';
	out[3] = len_class[n < SHAPE_LEN_MAX ? n : SHAPE_LEN_MAX];
	out[4] = 0;
}

/* The hashes of the shapes of the analyzer's token kinds, by kind, name
 * and stopword flags (bits 0 and 1) and length (feat_init()): a word's
 * shape is looked up, not hashed. */
static uint64_t shape_hash[MARSAD_TOKEN_OTHER + 1][4][SHAPE_LEN_MAX + 1];

static unsigned shape_flags(unsigned flags)
{
	return (flags & MARSAD_TOKEN_NAME ? 1u : 0) |
	       (flags & MARSAD_TOKEN_STOPWORD ? 2u : 0);
}

static void shape_hashes(void)
{
	const unsigned as_flags[4] = {
		0, MARSAD_TOKEN_NAME, MARSAD_TOKEN_STOPWORD,
		MARSAD_TOKEN_NAME | MARSAD_TOKEN_STOPWORD,
	};
	char sh[5];
	for (unsigned k = 0; k <= MARSAD_TOKEN_OTHER; k++)
		for (unsigned f = 0; f < 4; f++)
			for (size_t n = 0; n <= SHAPE_LEN_MAX; n++) {
				shape(k, as_flags[f], n, sh);
				shape_hash[k][f][n] = hash(sh, 4);
			}
}

/* Word w's shape, its hash and its number, of its n characters. */
static void shape_word(ner_tok *w, size_t n)
{
	shape(w->kind, w->flags, n, w->shape);
	if (n > SHAPE_LEN_MAX)
		n = SHAPE_LEN_MAX;
	if (w->kind > MARSAD_TOKEN_OTHER) {
		w->hshape = hash(w->shape, 4);
		w->shape_id = NER_SHAPES;
		return;
	}
	unsigned f = shape_flags(w->flags);
	w->hshape = shape_hash[w->kind][f][n];
	w->shape_id = (uint16_t)((w->kind * 4 + f) * (SHAPE_LEN_MAX + 1) + n);
}

/* ---- chunks ------------------------------------------------------------- */

/* How strongly each gap kind separates words: the strongest one in a gap
 * names it. */
static const unsigned char gap_rank[] = {
	[NER_GAP_SPACE] = 0, [NER_GAP_OTHER] = 1, [NER_GAP_DASH] = 2,
	[NER_GAP_COMMA] = 3, [NER_GAP_COLON] = 4, [NER_GAP_QUOTE] = 5,
	[NER_GAP_CLOSE] = 6, [NER_GAP_OPEN] = 7, [NER_GAP_END] = 8,
};

/* The kind of gap (enum ner_gap) of the character other than a quotation
 * mark at s[i], before s[b]; *step receives its length in bytes. */
static unsigned gap_char(const unsigned char *s, size_t i, size_t b,
			 size_t *step)
{
	unsigned c = s[i];
	*step = 1;
	if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
	    c == '#') /* a hashtag's mark: "دونالد #ترمب" */
		return NER_GAP_SPACE;
	if (c == '\n' || c == '.' || c == '!' || c == '?')
		return NER_GAP_END;
	if (c == ',' || c == ';')
		return NER_GAP_COMMA;
	if (c == '(' || c == '[' || c == '{')
		return NER_GAP_OPEN;
	if (c == ')' || c == ']' || c == '}')
		return NER_GAP_CLOSE;
	if (c == '-')
		return NER_GAP_DASH;
	if (c == ':')
		return NER_GAP_COLON;
	if (c == 0xD8 && i + 1 < b) {
		*step = 2;
		if (s[i + 1] == 0x8C || s[i + 1] == 0x9B)
			return NER_GAP_COMMA;
		if (s[i + 1] == 0x9F)
			return NER_GAP_END;
	} else if (c == 0xC2 && i + 1 < b) {
		*step = 2;
		if (s[i + 1] == 0xA0)
			return NER_GAP_SPACE;
	} else if (c == 0xE2 && i + 2 < b && s[i + 1] == 0x80) {
		*step = 3;
		unsigned d = s[i + 2];
		if (d == 0x93 || d == 0x94)
			return NER_GAP_DASH;
		if ((d >= 0x8B && d <= 0x8F) || (d >= 0xAA && d <= 0xAE))
			return NER_GAP_SPACE;
	}
	return NER_GAP_OTHER;
}

/* The kind of the text between two words. Besides ASCII it knows the
 * Arabic comma U+060C and semicolon U+061B (commas), the Arabic question
 * mark U+061F (an end), guillemets U+00AB/U+00BB and curly quotes
 * U+2018–U+201D (quotes), en and em dashes U+2013/U+2014; no-break space
 * U+00A0 and the zero-width and bidi controls U+200B–U+200F, U+202A–U+202E
 * are spaces, and so is a hashtag's # (a name in a tweet-like text goes on
 * across it). */
static unsigned gap_kind(const unsigned char *s, size_t a, size_t b)
{
	unsigned best = NER_GAP_SPACE;
	for (size_t i = a; i < b;) {
		size_t step = ner_quote_at(s, i, b);
		unsigned k = step ? NER_GAP_QUOTE : gap_char(s, i, b, &step);
		if (gap_rank[k] > gap_rank[best])
			best = k;
		i += step;
	}
	return best;
}

/* ner_tok.hword of word w, whose form p is followed by at least seven
 * zero bytes: its eight-byte words multiplied in, the other parts in the
 * seed, the whole mixed once; never 0. A few instructions a word where
 * marsad_ner_hash() takes a few a byte. */
static uint64_t word_hash(const char *p, const ner_tok *w)
{
	uint64_t h = (uint64_t)w->norm_len << 32 |
		     (uint64_t)w->stem_len << 16 | (uint64_t)w->kind << 8 |
		     w->flags;
	for (size_t i = 0; i < w->norm_len; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, 8);
		h = (h ^ x) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 32;
	}
	h = mix(h);
	return h ? h : 1;
}

typedef struct chunker {
	const unsigned char *s;
	ner_chunk *c;
	size_t prev_end;
	int seen; /* a word came before (prev_end is valid) */
	int (*fn)(void *ctx, ner_chunk *c);
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

/* A letter's name or an initial: an Arabic word of at most three letters
 * (بي، سي، إتش) or دبليو (W, the one Latin letter's name of more), or a
 * Latin word of at most two letters; norm is the word's normalized form. */
static int letter_word(unsigned kind, const char *norm, size_t norm_len,
		       size_t len)
{
	static const char w[] = "\xd8\xaf\xd8\xa8\xd9\x84\xd9\x8a\xd9\x88";
	return (kind == MARSAD_TOKEN_ARABIC &&
		(norm_len <= 6 ||
		 (norm_len == sizeof w - 1 && !memcmp(norm, w, norm_len)))) ||
	       (kind == MARSAD_TOKEN_LATIN && len <= 2);
}

/* Whether the gap between the last word of c and t is the one byte mark. */
static int one_mark_between(const unsigned char *s, const ner_chunk *c,
			    const marsad_token *t, unsigned char mark)
{
	const ner_tok *p = &c->tok[c->n - 1];
	return t->start == p->end + 1 && s[p->end] == mark;
}

/* Whether the gap before t is one full stop between two letters' names,
 * after the last word of c: an acronym written with dots (إن.بي.سي، إتش.إس.بي.سي),
 * whose stops end no sentence (the tagger made 560 mentions of
 * SaudiNewsNet of its letters, one a sentence). */
static int acronym_dot(const unsigned char *s, const ner_chunk *c,
		       const marsad_token *t)
{
	const ner_tok *p = &c->tok[c->n - 1];
	return one_mark_between(s, c, t, '.') &&
	       letter_word(p->kind, ner_norm(c, c->n - 1), p->norm_len,
			   p->end - p->start) &&
	       letter_word(t->kind, t->norm, t->norm_len, t->end - t->start);
}

/* Whether the gap before t is one hyphen, no space around it, between two
 * Arabic words after the last word of c: a name written with one (كيم
 * جونغ-أون، فرانك-فالتر شتاينماير، رولز-رويس), which the tagger had cut in
 * two (Kim Jong-un was كيم جونغ and أون 116 times in ANT). A spaced dash
 * still parts two names (بان كي - مون, as ANERcorp writes it). It joins
 * two names now and then too (ترامب-كيم, the summit). */
static int hyphen_joins(const unsigned char *s, const ner_chunk *c,
			const marsad_token *t)
{
	return one_mark_between(s, c, t, '-') &&
	       c->tok[c->n - 1].kind == MARSAD_TOKEN_ARABIC &&
	       t->kind == MARSAD_TOKEN_ARABIC;
}

static int chunk_tok(void *ctx, const marsad_token *t)
{
	chunker *k = ctx;
	ner_chunk *c = k->c;
	unsigned gap = k->seen ? gap_kind(k->s, k->prev_end, t->start)
			       : NER_GAP_EDGE;
	if (gap == NER_GAP_END && c->n > 0 &&
	    acronym_dot(k->s, c, t))
		gap = NER_GAP_SPACE;
	if (gap == NER_GAP_DASH && c->n > 0 && hyphen_joins(k->s, c, t))
		gap = NER_GAP_SPACE;
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
	w->norm_len = (uint16_t)t->norm_len;
	w->stem_len = (uint16_t)t->stem_len;
	/* Both strings, NUL-terminated, in one reservation, with room for
	 * the zero bytes word_hash() reads after the form (which the stem
	 * then overwrites). */
	size_t bytes = t->norm_len + 1 + t->stem_len + 1;
	int rc = c->pool.cap - c->pool.len > bytes + 8 /* room, and a NUL */
			 ? 0
			 : marsad_buf_reserve(&c->pool, bytes + 8);
	if (rc) {
		k->err = rc;
		return rc;
	}
	char *p = c->pool.data + c->pool.len;
	w->norm = (uint32_t)c->pool.len;
	memcpy(p, t->norm, t->norm_len);
	memset(p + t->norm_len, 0, 8);
	w->hword = word_hash(p, w);
	w->stem = w->norm + (uint32_t)t->norm_len + 1;
	memcpy(p + t->norm_len + 1, t->stem, t->stem_len);
	p[bytes - 1] = 0;
	c->pool.len += bytes;
	c->pool.data[c->pool.len] = 0;
	w->detailed = 0;
	c->n++;
	return 0;
}

/* Where the stem (of len bytes) starts in the normalized form w, or
 * NER_NO_SLICE. The second byte is compared before the rest too: Arabic
 * letters (U+0600–U+06FF) all begin with 0xD8–0xDB, so the first one
 * tells little. */
static uint16_t stem_offset(const char *w, size_t w_len, const char *stem,
			    size_t len)
{
	if (len == 0)
		return 0;
	for (size_t off = 0; off + len <= w_len; off++)
		if (w[off] == stem[0] && (len == 1 || w[off + 1] == stem[1]) &&
		    memcmp(w + off, stem, len) == 0)
			return (uint16_t)off;
	return NER_NO_SLICE;
}

void marsad_ner_detail(ner_chunk *c, size_t i)
{
	ner_tok *w = &c->tok[i];
	if (w->detailed)
		return;
	const char *norm = ner_norm(c, i), *stem = ner_stem(c, i);
	w->hnorm = hash(norm, w->norm_len);
	shape_word(w, utf8_chars(norm, w->norm_len));
	w->stem_off = stem_offset(norm, w->norm_len, stem, w->stem_len);
	w->hcl = w->stem_off == NER_NO_SLICE ? v_unknown.h
					     : hash(norm, w->stem_off);
	w->hstem = hash(stem, w->stem_len);
	lex_classes(w);
	w->namelike = namelike(stem, w->stem_len);
	w->detailed = 1;
}

int marsad_ner_chunks_lazy(const char *s, size_t len,
			   const marsad_analysis *words,
			   int (*fn)(void *ctx, ner_chunk *c), void *ctx)
{
	pthread_once(&lex_once, lex_load);
	ner_chunk *c = malloc(sizeof *c);
	if (!c)
		return MARSAD_ENOMEM;
	c->n = 0;
	c->pool = (marsad_buf)MARSAD_BUF_INIT;
	chunker k = {(const unsigned char *)s, c, 0, 0, fn, ctx, 0};
	int rc = marsad_analysis_each(words, s, len,
				      MARSAD_ANALYZE_KEEP_STOPWORDS, chunk_tok,
				      &k);
	if (k.err)
		rc = k.err;
	if (!rc)
		rc = flush(&k);
	marsad_buf_clear(&c->pool);
	free(c);
	return rc;
}

/* marsad_ner_chunks()'s fn and its context. */
typedef struct full_chunks {
	int (*fn)(void *ctx, const ner_chunk *c);
	void *ctx;
} full_chunks;

static int detail_all(void *ctx, ner_chunk *c)
{
	const full_chunks *f = ctx;
	for (size_t i = 0; i < c->n; i++)
		marsad_ner_detail(c, i);
	return f->fn(f->ctx, c);
}

int marsad_ner_chunks(const char *s, size_t len, const marsad_analysis *words,
		      int (*fn)(void *ctx, const ner_chunk *c), void *ctx)
{
	full_chunks f = {fn, ctx};
	return marsad_ner_chunks_lazy(s, len, words, detail_all, &f);
}

/* ---- features ----------------------------------------------------------- */

/*
 * A feature is a template name ("w-1=") and one or two values (words,
 * shapes, letters); its string, as the model file stores it, is the name,
 * the value, and "|" and the second value if any. Its key combines the
 * hashes of the parts, so that each word is hashed once per chunk (ner_tok
 * keeps the hashes of its normalized form and stem) and a feature costs
 * a few multiplications, not a pass over its bytes; marsad_ner_key() finds
 * the same key from the string. No value holds "|": tokens are letters,
 * digits, apostrophes and . , - between them.
 */

/* The parts are combined linearly (a multiplication by an odd constant
 * keeps them apart) and mixed once. */
static uint64_t key1(uint64_t name, uint64_t a)
{
	uint64_t k = mix(a + name * 0x9e3779b97f4a7c15ull);
	return k ? k : 1;
}

static uint64_t key2(uint64_t name, uint64_t a, uint64_t b)
{
	uint64_t k = mix((a + name * 0x9e3779b97f4a7c15ull) ^
			 (b * 0xc2b2ae3d27d4eb4full));
	return k ? k : 1;
}

uint64_t marsad_ner_key(const char *s, size_t len)
{
	const char *eq = memchr(s, '=', len);
	size_t n = eq ? (size_t)(eq - s) + 1 : len;
	uint64_t name = hash(s, n);
	const char *v = s + n;
	size_t vl = len - n;
	const char *bar = memchr(v, '|', vl);
	if (!bar)
		return key1(name, hash(v, vl));
	return key2(name, hash(v, (size_t)(bar - v)),
		    hash(bar + 1, vl - (size_t)(bar - v) - 1));
}


static val val_of(const char *s, size_t len)
{
	val v = {s, len, hash(s, len)};
	return v;
}

typedef struct feats {
	char *names;
	uint64_t *keys;
	size_t n;
} feats;

/* Writes the string of the feature about to be added (trainer only). */
static void feat_string(feats *f, const char *name, const val *a,
			const val *b)
{
	char *p = f->names + f->n * NER_FEAT_LEN;
	size_t n = strlen(name);
	memcpy(p, name, n);
	memcpy(p + n, a->s, a->len);
	n += a->len;
	if (b) {
		p[n++] = '|';
		memcpy(p + n, b->s, b->len);
		n += b->len;
	}
	p[n] = 0;
}


/* The templates, their names hashed once. */
enum tpl {
	F_BIAS, F_W, F_S, F_WM1, F_WM1W, F_WP1, F_WWP1, F_WM2, F_WP2, F_SM1,
	F_SP1, F_P1, F_P2, F_P3, F_X1, F_X2, F_X3, F_Y2, F_Y3, F_Y4, F_Q2,
	F_Q3, F_Q4, F_CL, F_SF, F_CLM1, F_CLP1, F_K, F_KM1, F_KP1, F_GB,
	F_GA, F_G, F_L, F_LM1, F_LM2, F_LP1, F_LP2, F_C, F_CC, F_CM1, F_CP1,
	F_T3, F_D, F_DR, F_DH, F_DI, F_DM1, F_DP1, F_DS, F_NL, F_NLM1, F_NLP1,
	F_PH, F_NTPL
};

static const char *const tpl_name[F_NTPL] = {
	"bias", "w=", "s=", "w-1=", "w-1w=", "w+1=", "ww+1=", "w-2=", "w+2=",
	"s-1=", "s+1=", "p1=", "p2=", "p3=", "x1=", "x2=", "x3=", "y2=", "y3=",
	"y4=", "q2=", "q3=", "q4=", "cl=", "sf=", "cl-1=", "cl+1=", "k=",
	"k-1=", "k+1=", "g<=", "g>=", "g=", "L=", "L-1=", "L-2=", "L+1=",
	"L+2=", "c=", "C=", "c-1=", "c+1=", "t3=", "d=", "dr=", "dh=",
	"di=", "d-1=", "d+1=", "ds=", "nl=", "nl-1=", "nl+1=", "ph=",
};

static uint64_t tpl_hash[F_NTPL];
static val v_class[LEX_NCLASS], v_gap[NER_GAP_EDGE + 1][NER_GAP_EDGE + 2];
static char gap_text[NER_GAP_EDGE + 1][NER_GAP_EDGE + 2][2];
static char cls_text[NER_CLS_N][4];
static val v_cls[NER_CLS_N + 1]; /* by ner_tok.cls: "?" then the numbers */
/* The values of the document features: an entity type (NER_TYPE, "O"
 * for none) alone (v_doc[0]), and with "-" or "+" (v_doc[1], [2]): the
 * word's other occurrences were in mentions less or more often than
 * outside. */
static const char *const doc_text[3][4] = {
	{"O", "PER", "LOC", "ORG"},
	{"", "PER-", "LOC-", "ORG-"},
	{"", "PER+", "LOC+", "ORG+"},
};
static val v_doc[3][4];
static const char *const nl_text[4] = {"0", "1", "2", "3"};
static val v_nl[4]; /* by ner_tok.namelike */
static const char *const ph_text[NER_PH_MARKS] = {"", "B-LOC", "I-LOC",
						 "B-ORG", "I-ORG"};
static val v_ph[NER_PH_MARKS];

static void feat_init(void)
{
	for (int k = 0; k < F_NTPL; k++)
		tpl_hash[k] = hash(tpl_name[k], strlen(tpl_name[k]));
	shape_hashes();
	v_empty = val_of("", 0);
	v_start = val_of("<s>", 3);
	v_end = val_of("</s>", 4);
	v_unknown = val_of("?", 1);
	for (size_t k = 0; k < LEX_NCLASS; k++)
		v_class[k] = val_of(lex_class[k], strlen(lex_class[k]));
	/* Gap values: "b" before, "a" after, "ba" both (v_gap[b][a]);
	 * column NER_GAP_EDGE + 1 holds the one-letter values. */
	for (int b = 0; b <= NER_GAP_EDGE; b++)
		for (int a = 0; a <= NER_GAP_EDGE + 1; a++) {
			char *g = gap_text[b][a];
			g[0] = (char)('a' + b);
			g[1] = (char)('a' + a);
			v_gap[b][a] = val_of(g, a <= NER_GAP_EDGE ? 2 : 1);
		}
	for (int k = 0; k < 3; k++)
		for (int t = 0; t < 4; t++)
			v_doc[k][t] = val_of(doc_text[k][t],
					     strlen(doc_text[k][t]));
	for (int k = 0; k < 4; k++)
		v_nl[k] = val_of(nl_text[k], strlen(nl_text[k]));
	for (int k = 0; k < NER_PH_MARKS; k++)
		v_ph[k] = val_of(ph_text[k], strlen(ph_text[k]));
	v_cls[0] = v_unknown;
	for (int k = 0; k < NER_CLS_N; k++) {
		int n = snprintf(cls_text[k], sizeof cls_text[k], "%d", k);
		v_cls[k + 1] = val_of(cls_text[k], (size_t)n);
	}
}

/* Adds the feature of template t with value a (and b when non-NULL).
 * Values are at most MARSAD_TOKEN_MAX bytes, so the string fits in
 * NER_FEAT_LEN. */
static inline void add(feats *f, enum tpl t, const val *a, const val *b)
{
	if (f->n >= NER_FEAT_MAX)
		return;
	uint64_t nh = tpl_hash[t];
	f->keys[f->n] = b ? key2(nh, a->h, b->h) : key1(nh, a->h);
	if (f->names)
		feat_string(f, tpl_name[t], a, b);
	f->n++;
}

/* Where the last 1…k characters of s begin (from[0..k)), found in one
 * pass back over them; a shorter s begins at 0. */
static void tail_starts(const char *s, size_t len, size_t k, size_t *from)
{
	size_t i = len;
	for (size_t j = 0; j < k; j++) {
		if (i > 0) {
			i--;
			while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
				i--;
		}
		from[j] = i;
	}
}

/* Adds one feature per lexicon class in the mask m, lowest first. */
static void add_classes(feats *f, enum tpl t, unsigned m)
{
	for (m &= LEX_FEATURES; m; m &= m - 1)
		add(f, t, &v_class[__builtin_ctz(m)], NULL);
}

/* Adds one feature per lexicon class of word j (or none outside). */
static void add_lex(feats *f, enum tpl t, const ner_chunk *c, long j)
{
	if (j < 0 || (size_t)j >= c->n)
		return;
	add_classes(f, t, c->tok[j].lex);
}

/* Word j's normalized form (stem when stem is set), or the chunk edges. */
static val word_at(const ner_chunk *c, long j, int stem)
{
	if (j < 0)
		return v_start;
	if ((size_t)j >= c->n)
		return v_end;
	const ner_tok *t = &c->tok[j];
	val v = {stem ? ner_stem(c, (size_t)j) : ner_norm(c, (size_t)j),
		 stem ? t->stem_len : t->norm_len, stem ? t->hstem : t->hnorm};
	return v;
}

/* The clitics the stemmer took off before word j's stem. */
static val clitics_of(const ner_chunk *c, long j)
{
	if (j < 0 || (size_t)j >= c->n || c->tok[j].stem_off == NER_NO_SLICE)
		return v_unknown;
	val v = {ner_norm(c, (size_t)j), c->tok[j].stem_off, c->tok[j].hcl};
	return v;
}

/* The value of distributional class k (ner_tok.cls; its coarse class when
 * coarse is set), and the same for word j or the chunk edges. */
static const val *cls_of(unsigned k, int coarse)
{
	return &v_cls[coarse && k ? (k - 1) / NER_CLS_FINE + 1 : k];
}

static const val *cls_at(const ner_chunk *c, long j, int coarse)
{
	if (j < 0)
		return &v_start;
	if ((size_t)j >= c->n)
		return &v_end;
	return cls_of(c->tok[j].cls, coarse);
}

static val shape_of(const ner_chunk *c, size_t j)
{
	val v = {c->tok[j].shape, 4, c->tok[j].hshape};
	return v;
}

/* The values of the first 1…k characters of s (out[0..k)), hashed in one
 * pass: FNV-1a of a prefix is a state of FNV-1a of the whole. A shorter s
 * repeats its whole value. */
static void head_vals(const char *s, size_t len, size_t k, val *out)
{
	uint64_t h = MARSAD_FNV_BASIS;
	size_t i = 0;
	for (size_t j = 0; j < k; j++) {
		size_t from = i;
		if (i < len)
			i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		h = fnv(h, s + from, i - from);
		out[j].s = s;
		out[j].len = i;
		out[j].h = h ? h : 1;
	}
}

/* The most letter trigrams of one word's stem. */
#define NER_TRIGRAMS_MAX 8

/* Adds the letter trigrams inside stem st, its first and last letters
 * left out (its edges have their own features), when it is five letters
 * or more of two bytes each (Arabic letters, U+0600–U+07FF): the letter
 * sequences of a transliterated name (كافلنيكوف: فلن لني نيك) say
 * "foreign" wherever they fall in the word, and new names share them
 * with names of the training text. */
static void add_inner_trigrams(feats *f, const val *st)
{
	if (st->len < 10 || st->len % 2)
		return;
	for (size_t k = 0; k < st->len; k += 2)
		if (((unsigned char)st->s[k] & 0xE0) != 0xC0)
			return;
	for (size_t k = 2, n = 0; k + 8 <= st->len && n < NER_TRIGRAMS_MAX;
	     k += 2, n++) {
		val a = val_of(st->s + k, 6);
		add(f, F_T3, &a, NULL);
	}
}

/* marsad_ner_word_features(), inlined in it twice: with names NULL, as
 * the tagger calls it, it tests for no strings to write. */
static inline __attribute__((always_inline)) size_t
word_features(const ner_chunk *c, size_t i, char *names, uint64_t *keys)
{
	feats f = {names, keys, 0};
	const ner_tok *t = &c->tok[i];
	val w = {ner_norm(c, i), t->norm_len, t->hnorm};
	val st = {ner_stem(c, i), t->stem_len, t->hstem}, a;

	add(&f, F_BIAS, &v_empty, NULL);
	add(&f, F_W, &w, NULL);
	add(&f, F_S, &st, NULL);

	/* Letters at the edges of the word (1–3) and of its stem (2–4). */
	val head[4], sthead[4];
	size_t tail[4], sttail[4];
	head_vals(w.s, w.len, 3, head);
	head_vals(st.s, st.len, 4, sthead);
	tail_starts(w.s, w.len, 3, tail);
	tail_starts(st.s, st.len, 4, sttail);
	for (size_t k = 1; k <= 4; k++) {
		if (k <= 3) {
			add(&f, F_P1 + (int)k - 1, &head[k - 1], NULL);
			size_t from = tail[k - 1];
			a = val_of(w.s + from, w.len - from);
			add(&f, F_X1 + (int)k - 1, &a, NULL);
		}
		if (k >= 2) {
			size_t from = sttail[k - 1];
			a = val_of(st.s + from, st.len - from);
			add(&f, F_Y2 + (int)k - 2, &a, NULL);
			add(&f, F_Q2 + (int)k - 2, &sthead[k - 1], NULL);
		}
	}
	/* What the stemmer took off before and after the stem. */
	a = clitics_of(c, (long)i);
	add(&f, F_CL, &a, NULL);
	if (t->stem_off != NER_NO_SLICE) {
		size_t e = (size_t)t->stem_off + st.len;
		a = val_of(w.s + e, w.len - e);
		add(&f, F_SF, &a, NULL);
	}
	a = shape_of(c, i);
	add(&f, F_K, &a, NULL);
	add_classes(&f, F_L, t->lex);
	add(&f, F_C, cls_of(t->cls, 0), NULL);
	if (t->cls)
		add(&f, F_CC, cls_of(t->cls, 1), NULL);
	add_inner_trigrams(&f, &st);
	if (t->namelike != NER_NL_NONE)
		add(&f, F_NL, &v_nl[t->namelike], NULL);
	return f.n;
}

size_t marsad_ner_word_features(const ner_chunk *c, size_t i, char *names,
				uint64_t keys[NER_FEAT_MAX])
{
	return names ? word_features(c, i, names, keys)
		     : word_features(c, i, NULL, keys);
}

/*
 * The context templates, in the order marsad_ner_context_features() adds
 * them (the trainer's dropout draws follow it), each with what it reads:
 * one neighbour alone (at: its offset), word i with a neighbour, or the
 * punctuation around word i. The tagger sums the weights of each group
 * apart (ner.c): a neighbour's alone depend on that word's form only.
 */
enum ctx_read {
	R_NORM, R_STEM, R_CLITICS, R_SHAPE, R_LEX, R_CLS, R_NL, /* neighbour */
	R_PAIR_NORM, R_PAIR_SHAPE,                         /* a pair */
	R_GAP_B, R_GAP_A, R_GAP                            /* punctuation */
};

static const struct ctx_tpl {
	unsigned char tpl, read;
	signed char at;
} ctx_tpl[] = {
	{F_WM1, R_NORM, -1}, {F_WM1W, R_PAIR_NORM, -1}, {F_WP1, R_NORM, 1},
	{F_WWP1, R_PAIR_NORM, 1}, {F_WM2, R_NORM, -2}, {F_WP2, R_NORM, 2},
	{F_SM1, R_STEM, -1}, {F_SP1, R_STEM, 1}, {F_CLM1, R_CLITICS, -1},
	{F_CLP1, R_CLITICS, 1}, {F_KM1, R_PAIR_SHAPE, -1},
	{F_KP1, R_SHAPE, 1}, {F_GB, R_GAP_B, 0}, {F_GA, R_GAP_A, 0},
	{F_G, R_GAP, 0}, {F_LM1, R_LEX, -1}, {F_LM2, R_LEX, -2},
	{F_LP1, R_LEX, 1}, {F_LP2, R_LEX, 2}, {F_CM1, R_CLS, -1},
	{F_CP1, R_CLS, 1}, {F_NLM1, R_NL, -1}, {F_NLP1, R_NL, 1},
};
#define CTX_NTPL (sizeof ctx_tpl / sizeof *ctx_tpl)

/* The groups of templates the tagger sums apart: the pairs, the
 * punctuation, and from G_NEAR on a neighbour at -2, -1, +1, +2. */
enum { G_PAIR, G_GAP, G_NEAR };

static inline int ctx_group(const struct ctx_tpl *p)
{
	if (p->read >= R_GAP_B)
		return G_GAP;
	if (p->read >= R_PAIR_NORM)
		return G_PAIR;
	return G_NEAR + p->at + 2 - (p->at > 0);
}

/* Word j's shape, or the chunk edges. */
static val shape_at(const ner_chunk *c, long j)
{
	if (j < 0)
		return v_start;
	if ((size_t)j >= c->n)
		return v_end;
	return shape_of(c, (size_t)j);
}

/* Adds the feature(s) of context template p for word i, whose gaps are
 * before and after (c is not read for the punctuation). Inlined in its
 * loops: a call would cost more than most features. */
static inline __attribute__((always_inline)) void
ctx_add(feats *f, const struct ctx_tpl *p, const ner_chunk *c, long i,
	unsigned before, unsigned after)
{
	long j = i + p->at;
	enum tpl t = (enum tpl)p->tpl;
	val a, b;
	switch ((enum ctx_read)p->read) {
	case R_NORM:
	case R_STEM:
		a = word_at(c, j, p->read == R_STEM);
		add(f, t, &a, NULL);
		break;
	case R_CLITICS:
		a = clitics_of(c, j);
		add(f, t, &a, NULL);
		break;
	case R_SHAPE:
		a = shape_at(c, j);
		add(f, t, &a, NULL);
		break;
	case R_LEX:
		add_lex(f, t, c, j);
		break;
	case R_CLS:
		add(f, t, cls_at(c, j, 0), NULL);
		break;
	case R_NL:
		if (j >= 0 && (size_t)j < c->n &&
		    c->tok[j].namelike != NER_NL_NONE)
			add(f, t, &v_nl[c->tok[j].namelike], NULL);
		break;
	case R_PAIR_NORM: /* the earlier word first */
		a = word_at(c, j < i ? j : i, 0);
		b = word_at(c, j < i ? i : j, 0);
		add(f, t, &a, &b);
		break;
	case R_PAIR_SHAPE: /* the previous word's and i's, or the start;
			      marsad_ner_shape_pair_key() too */
		if (j < 0) {
			add(f, t, &v_start, NULL);
		} else {
			a = shape_of(c, (size_t)j);
			b = shape_of(c, (size_t)i);
			add(f, t, &a, &b);
		}
		break;
	case R_GAP_B:
		add(f, t, &v_gap[before][NER_GAP_EDGE + 1], NULL);
		break;
	case R_GAP_A:
		add(f, t, &v_gap[after][NER_GAP_EDGE + 1], NULL);
		break;
	case R_GAP:
		add(f, t, &v_gap[before][after], NULL);
		break;
	}
}

/* The features of the templates of group g for word i. Inlined where g
 * is a constant, the loop unrolled: each group's code is then its own
 * templates' only. */
static inline __attribute__((always_inline)) size_t
group_features(int g, const ner_chunk *c, long i, unsigned before,
	       unsigned after, uint64_t *keys)
{
	feats f = {NULL, keys, 0};
#pragma GCC unroll 32
	for (size_t k = 0; k < CTX_NTPL; k++)
		if (ctx_group(&ctx_tpl[k]) == g)
			ctx_add(&f, &ctx_tpl[k], c, i, before, after);
	return f.n;
}

size_t marsad_ner_context_features(const ner_chunk *c, size_t i, char *names,
				   uint64_t keys[NER_FEAT_MAX])
{
	feats f = {names, keys, 0};
	const ner_tok *t = &c->tok[i];
	for (size_t k = 0; k < CTX_NTPL; k++)
		ctx_add(&f, &ctx_tpl[k], c, (long)i, t->before, t->after);
	return f.n;
}

size_t marsad_ner_near_features(const ner_chunk *c, long j, int d,
				uint64_t keys[NER_FEAT_MAX])
{
	pthread_once(&lex_once, lex_load); /* j may be of no chunk */
	switch (d) {
	case -2:
		return group_features(G_NEAR, c, j + 2, 0, 0, keys);
	case -1:
		return group_features(G_NEAR + 1, c, j + 1, 0, 0, keys);
	case 1:
		return group_features(G_NEAR + 2, c, j - 1, 0, 0, keys);
	case 2:
		return group_features(G_NEAR + 3, c, j - 2, 0, 0, keys);
	}
	return 0;
}

size_t marsad_ner_pair_features(const ner_chunk *c, size_t i,
				uint64_t keys[NER_PAIR_MAX])
{
	return group_features(G_PAIR, c, (long)i, 0, 0, keys);
}

void marsad_ner_word_pair_features(const ner_chunk *c,
				   uint64_t keys[][NER_PAIR_MAX])
{
	/* ctx_add()'s R_PAIR_NORM for w-1w and ww+1, in their order, the
	 * hash of each word read once. */
	uint64_t wm1w = tpl_hash[F_WM1W], wwp1 = tpl_hash[F_WWP1];
	uint64_t prev = v_start.h;
	for (size_t i = 0; i < c->n; i++) {
		uint64_t h = c->tok[i].hnorm;
		uint64_t next = i + 1 < c->n ? c->tok[i + 1].hnorm : v_end.h;
		keys[i][0] = key2(wm1w, prev, h);
		keys[i][1] = key2(wwp1, h, next);
		prev = h;
	}
}

uint64_t marsad_ner_shape_pair_key(unsigned prev, unsigned cur)
{
	pthread_once(&lex_once, lex_load); /* the values, without a chunk */
	const uint64_t *h = &shape_hash[0][0][0];
	if (prev >= NER_SHAPES)
		return key1(tpl_hash[F_KM1], v_start.h);
	return key2(tpl_hash[F_KM1], h[prev], h[cur]);
}

size_t marsad_ner_gap_features(unsigned before, unsigned after,
			       uint64_t keys[NER_FEAT_MAX])
{
	if (before > NER_GAP_EDGE || after > NER_GAP_EDGE)
		return 0;
	pthread_once(&lex_once, lex_load); /* the values, without a chunk */
	return group_features(G_GAP, NULL, 0, before, after, keys);
}

/* ---- the document's memory --------------------------------------------- */

/* The slot of key in m, or the empty one where it would go; NULL when m
 * has no slots. */
static ner_memo_slot *memo_find(const ner_memo *m, uint64_t key)
{
	if (!m->slot)
		return NULL;
	size_t i = key & m->mask;
	while (m->slot[i].key && m->slot[i].key != key)
		i = (i + 1) & m->mask;
	return &m->slot[i];
}

/* Doubles the slots of m (or makes its first ones, as many as a news
 * article of some 800 words asks for). */
static int memo_grow(ner_memo *m)
{
	size_t n = m->slot ? 2 * (m->mask + 1) : 512;
	ner_memo_slot *s = calloc(n, sizeof *s);
	if (!s)
		return MARSAD_ENOMEM;
	for (size_t k = 0; m->slot && k <= m->mask; k++) {
		if (!m->slot[k].key)
			continue;
		size_t j = m->slot[k].key & (n - 1);
		while (s[j].key)
			j = (j + 1) & (n - 1);
		s[j] = m->slot[k];
	}
	free(m->slot);
	m->slot = s;
	m->mask = n - 1;
	return 0;
}

long marsad_ner_memo_add(ner_memo *m, uint64_t key, unsigned tag)
{
	if ((!m->slot || 4 * (m->used + 1) > 3 * (m->mask + 1)) &&
	    memo_grow(m))
		return MARSAD_ENOMEM;
	ner_memo_slot *e = memo_find(m, key);
	if (!e->key) {
		e->key = key;
		m->used++;
	}
	uint16_t *n = &e->n[NER_TYPE(tag) & 3];
	*n += *n != UINT16_MAX;
	e->inside += tag != NER_O && !NER_IS_B(tag) && e->inside != UINT16_MAX;
	return e - m->slot;
}

size_t marsad_ner_memo_find(const ner_memo *m, uint64_t key)
{
	return (size_t)(memo_find(m, key) - m->slot);
}

void marsad_ner_memo_reset(ner_memo *m)
{
	if (m->slot)
		memset(m->slot, 0, (m->mask + 1) * sizeof *m->slot);
	m->used = 0;
}

void marsad_ner_memo_clear(ner_memo *m)
{
	free(m->slot);
	*m = (ner_memo)NER_MEMO_INIT;
}

/* d= the type the word's other occurrences got most often; dr= the same
 * with "-" or "+"; dh= the same with the type of this occurrence; di= the
 * same when some were after a mention's first word (a family name seen
 * in a full name); d-1= and d+1= those of the neighbours. */
size_t marsad_ner_doc_features(unsigned s, unsigned prev, unsigned next,
			       char *names, uint64_t keys[NER_DOC_MAX])
{
	pthread_once(&lex_once, lex_load); /* the values */
	feats f = {names, keys, 0};
	unsigned t = s & 3;
	if (t) {
		add(&f, F_D, &v_doc[0][t], NULL);
		add(&f, F_DR, &v_doc[1 + (s >> 2 & 1)][t], NULL);
		add(&f, F_DH, &v_doc[0][t], &v_doc[0][s >> 4 & 3]);
		if (s >> 3 & 1)
			add(&f, F_DI, &v_doc[0][t], NULL);
	}
	if (prev & 3)
		add(&f, F_DM1, &v_doc[0][prev & 3], NULL);
	if (next & 3)
		add(&f, F_DP1, &v_doc[0][next & 3], NULL);
	return f.n;
}

int marsad_ner_sport_word(const ner_tok *t)
{
	return (t->lex & LEX_TSPO) != 0;
}

int marsad_ner_unit_word(const ner_tok *t)
{
	return (t->lex & LEX_UNIT) != 0;
}

ner_rule_word marsad_ner_rule_word(const char *norm, size_t len)
{
	pthread_once(&lex_once, lex_load);
	const struct lex_slot *e = lex_find(hash(norm, len));
	ner_rule_word r = e->rule;
	r.head = e->head;
	/* named_after, head, press, other and match after proclitics too,
	 * one lookup a cut */
	size_t cut[3], ncut = ner_proclitic_cuts(norm, len, cut);
	for (size_t j = 1; j < ncut && !(r.named_after && r.head && r.press &&
					 r.other && r.match);
	     j++) {
		e = lex_find(hash(norm + cut[j], len - cut[j]));
		if (!r.named_after)
			r.named_after = e->rule.named_after;
		if (!r.head)
			r.head = e->head;
		if (!r.press)
			r.press = e->rule.press;
		if (!r.other)
			r.other = e->rule.other;
		if (!r.match)
			r.match = e->rule.match;
	}
	return r;
}

unsigned marsad_ner_name_word(const char *word, size_t len)
{
	marsad_buf norm = {0};
	unsigned flags = 0;
	if (word && marsad_normalize(word, len, &norm) == 0 && norm.len) {
		/* the lexicon lists head words without the article (ال, or
		 * لل for ل + ال) */
		size_t skip = norm.len > 6 && (!memcmp(norm.data, ALEF_LAM, 4) ||
					       !memcmp(norm.data, LAM_LAM, 4))
				      ? 4 : 0;
		for (size_t cut = 0; cut <= skip; cut += 4) {
			ner_rule_word r = marsad_ner_rule_word(norm.data + cut,
							       norm.len - cut);
			flags |= (r.head ? MARSAD_NAME_HEAD : 0) |
				 (r.press == NER_PRESS_KIND ? MARSAD_NAME_KIND
							    : 0);
		}
		if (marsad_ner_gentilic_any(norm.data, norm.len))
			flags |= MARSAD_NAME_LAND;
	}
	marsad_buf_clear(&norm);
	return flags;
}

int marsad_ner_title_word(const ner_chunk *c, size_t i, size_t clitic)
{
	const ner_tok *t = &c->tok[i];
	if (clitic == 0)
		return (t->lex & LEX_HPER) != 0;
	if (clitic >= t->norm_len)
		return 0;
	const char *w = ner_norm(c, i) + clitic;
	return (lex_find(hash(w, t->norm_len - clitic))->mask & LEX_HPER) != 0;
}

int marsad_ner_gentilic_any(const char *norm, size_t len)
{
	return marsad_ner_gentilic(norm, len) ||
	       (len > 2 && !memcmp(norm + len - 2, "\xd9\x87", 2) &&
		marsad_ner_gentilic(norm, len - 2));
}

int marsad_ner_gentilic(const char *norm, size_t len)
{
	static const char yeh[] = "\xd9\x8a";
	/* what the country's name ends in after the adjective's stem, in
	 * normalized letters: مصر، أمريكا، سوريا، السعودية، أفغانستان */
	static const char *const ends[] = {
		"", "\xd8\xa7", "\xd9\x8a\xd8\xa7", "\xd9\x8a\xd9\x87",
		"\xd8\xb3\xd8\xaa\xd8\xa7\xd9\x86",
	};
	pthread_once(&lex_once, lex_load);
	const char *w = norm;
	if (len >= 2 && (!memcmp(w, "\xd9\x88", 2) || !memcmp(w, "\xd9\x81", 2)))
		w += 2; /* و، ف */
	size_t n = len - (size_t)(w - norm);
	if (n < 4 + 4 + 2 || memcmp(w + n - 2, yeh, 2) ||
	    (memcmp(w, ALEF_LAM, 4) && memcmp(w, LAM_LAM, 4)))
		return 0;
	size_t stem = n - 4 - 2; /* the letters between ال and ي */
	char land[MARSAD_TOKEN_MAX + 16];
	memcpy(land, ALEF_LAM, 4);
	memcpy(land + 4, w + 4, stem);
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		size_t e = strlen(ends[k]);
		memcpy(land + 4 + stem, ends[k], e);
		/* the country as it is named, without the article or with */
		if (lex_find(hash(land + 4, stem + e))->rule.land ||
		    lex_find(hash(land, 4 + stem + e))->rule.land)
			return 1;
	}
	return 0;
}

int marsad_ner_national(const char *norm, size_t len)
{
	/* the adjective's endings after its stem, in normalized letters:
	 * the plurals ـيون، ـيين, the feminine ـيه (ة), the nisba ي */
	static const char *const ends[] = {
		"\xd9\x8a\xd9\x88\xd9\x86", "\xd9\x8a\xd9\x8a\xd9\x86",
		"\xd9\x8a\xd9\x87", "\xd9\x8a",
	};
	static const char yeh[] = "\xd9\x8a", heh[] = "\xd9\x87",
			  noon[] = "\xd9\x86";
	/* no ending of an adjective (most words): no lookup */
	if (len < 6 || len > MARSAD_TOKEN_MAX ||
	    (memcmp(norm + len - 2, yeh, 2) && memcmp(norm + len - 2, heh, 2) &&
	     memcmp(norm + len - 2, noon, 2)))
		return 0;
	pthread_once(&lex_once, lex_load);
	if (lex_find(hash(norm, len))->rule.land)
		return 0; /* the country's own name: السعودية، مالي */
	char adj[MARSAD_TOKEN_MAX + 8]; /* ال, the stem, ي */
	int for_the = len >= 4 && !memcmp(norm, LAM_LAM, 4);
	if (for_the) { /* للسعودية: ل + السعودية */
		memcpy(adj, ALEF_LAM, 4);
		memcpy(adj + 4, norm + 4, len - 4);
		if (lex_find(hash(adj, len))->rule.land)
			return 0;
	}
	size_t article = for_the || (len >= 4 && !memcmp(norm, ALEF_LAM, 4))
				 ? 4 : 0;
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		size_t e = strlen(ends[k]);
		if (len < article + e + 4 || memcmp(norm + len - e, ends[k], e))
			continue;
		size_t stem = len - article - e;
		memcpy(adj, ALEF_LAM, 4);
		memcpy(adj + 4, norm + article, stem);
		memcpy(adj + 4 + stem, "\xd9\x8a", 2);
		return marsad_ner_gentilic(adj, 4 + stem + 2);
	}
	return 0;
}

/* ds= the type the first pass gave the word, in a sports document. */
size_t marsad_ner_sport_features(unsigned tag, char *names, uint64_t keys[1])
{
	pthread_once(&lex_once, lex_load); /* the values */
	feats f = {names, keys, 0};
	if (NER_TYPE(tag))
		add(&f, F_DS, &v_doc[0][NER_TYPE(tag)], NULL);
	return f.n;
}

/* ph= where the word is in a phrase of ner_lexicon.txt, and its type. */
size_t marsad_ner_phrase_features(unsigned mark, char *names,
				  uint64_t keys[1])
{
	pthread_once(&lex_once, lex_load); /* the values */
	feats f = {names, keys, 0};
	if (mark != NER_PH_NONE && mark < NER_PH_MARKS)
		add(&f, F_PH, &v_ph[mark], NULL);
	return f.n;
}

/* ---- decoding ----------------------------------------------------------- */

static int allowed(int p, int t)
{
	if (t == NER_O || NER_IS_B(t))
		return 1;
	return p != NER_NTAGS && p != NER_O && NER_TYPE(p) == NER_TYPE(t);
}

int marsad_ner_allowed(int p, int t)
{
	return allowed(p, t);
}

/* The scores of the seven tags, and an eighth lane that nothing reads,
 * as two vectors of four (GCC and Clang extensions, SSE2 and NEON
 * registers): each step of the search is a few vector operations over
 * all tags at once, lane by lane the same float operations as one tag at
 * a time. The lanes hold O, B-PER, B-LOC, B-ORG, then I-PER, I-LOC,
 * I-ORG: any tag may come before the first four, only B-X or I-X before
 * I-X, which the second vector takes from two loads. */
typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));

/* The lane of each tag. */
static const int lane_of[NER_NTAGS] = {
	[NER_O] = 0, [NER_B_PER] = 1, [NER_B_LOC] = 2, [NER_B_ORG] = 3,
	[NER_I_PER] = 4, [NER_I_LOC] = 5, [NER_I_ORG] = 6,
};

/* Lane by lane v > best ? v : best. SSE's MAXPS is exactly that (for
 * equal values and NaNs it gives its second operand, best), in one
 * instruction instead of a compare and a masked pick. */
static inline f32x4 max4(f32x4 v, f32x4 best)
{
#ifdef __SSE__
	return _mm_max_ps(v, best);
#else
	i32x4 better = v > best; /* all ones or 0 */
	return (f32x4)(((i32x4)v & better) | ((i32x4)best & ~better));
#endif
}

/* The four floats at p. */
static inline f32x4 load4(const float *p)
{
	f32x4 v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* The best previous tag for tag t after the scores sc (by lane): the
 * first p of the highest sc[p] + tr[p][t]. */
static int best_prev(const float sc[8], const float tr[][8], int t)
{
	float best = sc[lane_of[NER_O]] + tr[NER_O][t];
	int arg = NER_O;
#pragma GCC unroll 8
	for (int p = 1; p < NER_NTAGS; p++) {
		float v = sc[lane_of[p]] + tr[p][t];
		if (v > best) {
			best = v;
			arg = p;
		}
	}
	return arg;
}

/*
 * For each tag t, the best previous tag p by score[p] + trans[p][t], the
 * lowest p of equal scores, a forbidden step scoring -1e30 beyond p's:
 * never the best, as some step to t is allowed from a tag of real score.
 * The forward pass keeps only the scores, all tags at once (an I- tag
 * from its two allowed tags only, in the same order, which changes no
 * maximum); the way back finds each word's best previous tag from them,
 * by the same float operations, for the one tag it follows.
 */
void marsad_ner_viterbi(const float *emit, size_t n, const ner_trans trans,
			int *tags)
{
	if (n == 0)
		return;
	if (n > NER_CHUNK_MAX)
		n = NER_CHUNK_MAX;
	const float none = -1e30f;
	float trf[NER_NTAGS + 1][8];
	for (int p = 0; p <= NER_NTAGS; p++) {
		for (int t = 0; t < NER_NTAGS; t++)
			trf[p][t] = allowed(p, t) ? trans[p][t] : none;
		trf[p][NER_NTAGS] = none;
	}
	/* By lane: the steps from p to the first four tags, and to each I-X
	 * from B-X and from I-X. */
	f32x4 to_any[NER_NTAGS + 1], from_b, from_i;
	float tr_lanes[NER_NTAGS + 1][8];
	for (int p = 0; p <= NER_NTAGS; p++)
		for (int t = 0; t <= NER_NTAGS; t++)
			tr_lanes[p][t < NER_NTAGS ? lane_of[t] : 7] = trf[p][t];
	for (int p = 0; p <= NER_NTAGS; p++)
		to_any[p] = load4(tr_lanes[p]);
	for (int k = 0; k < 3; k++) {
		int b = NER_B_PER + 2 * k, i = b + 1;
		from_b[k] = trf[b][i];
		from_i[k] = trf[i][i];
	}
	from_b[3] = from_i[3] = none;
	float score[NER_CHUNK_MAX][8]; /* of each word's tags, by lane */
	f32x4 lo = {emit[NER_O], emit[NER_B_PER], emit[NER_B_LOC],
		    emit[NER_B_ORG]};
	f32x4 hi = {emit[NER_I_PER], emit[NER_I_LOC], emit[NER_I_ORG], 0};
	lo += to_any[NER_NTAGS];
	hi += load4(tr_lanes[NER_NTAGS] + 4);
	memcpy(score[0], &lo, sizeof lo);
	memcpy(score[0] + 4, &hi, sizeof hi);
	for (size_t i = 1; i < n; i++) {
		const float *sc = score[i - 1], *e = emit + i * NER_NTAGS;
		f32x4 best = sc[lane_of[NER_O]] + to_any[NER_O];
#pragma GCC unroll 8
		for (int p = 1; p < NER_NTAGS; p++)
			best = max4(sc[lane_of[p]] + to_any[p], best);
		lo = (f32x4){e[NER_O], e[NER_B_PER], e[NER_B_LOC],
			     e[NER_B_ORG]} + best;
		/* sc + 1: B-PER, B-LOC, B-ORG (and I-PER, whose step is
		 * none); sc + 4: I-PER, I-LOC, I-ORG (and the pad). */
		best = max4(load4(sc + 4) + from_i, load4(sc + 1) + from_b);
		hi = (f32x4){e[NER_I_PER], e[NER_I_LOC], e[NER_I_ORG], 0} +
		     best;
		memcpy(score[i], &lo, sizeof lo);
		memcpy(score[i] + 4, &hi, sizeof hi);
	}
	int t = NER_O;
	for (int k = 1; k < NER_NTAGS; k++)
		if (score[n - 1][lane_of[k]] > score[n - 1][lane_of[t]])
			t = k;
	for (size_t i = n; i-- > 0;) {
		tags[i] = t;
		if (i > 0)
			t = best_prev(score[i - 1], (const float(*)[8])trf, t);
	}
}
