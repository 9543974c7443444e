/*
 * ner_int.h — what the named-entity tagger shares with its trainer
 * (tools/train_ner.c): the token chunks it reads, the features it extracts,
 * the tag set and the Viterbi decoder. Production (ner.c) and training go
 * through these same functions, so a model sees at run time exactly the
 * features it was trained on.
 */
#ifndef MARSAD_NER_INT_H
#define MARSAD_NER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "marsad/marsad.h"
#include "marsad/text.h"

/* The BIO tags, in model-file column order. */
enum ner_tag {
	NER_O = 0,
	NER_B_PER, NER_I_PER,
	NER_B_LOC, NER_I_LOC,
	NER_B_ORG, NER_I_ORG,
	NER_NTAGS
};

/* The entity type of a tag (0 for O) and whether it begins a mention. */
#define NER_TYPE(t) ((t) == NER_O ? 0 : ((t) + 1) / 2)
#define NER_IS_B(t) ((t) != NER_O && (t) % 2 == 1)
#define NER_BEGIN(type) (2 * (type) - 1) /* B- of a type; + 1 is its I- */

/* The most words in one chunk: a longer sentence is cut. */
#define NER_CHUNK_MAX 256

/* One word of a chunk. Its strings live in the chunk's pool. The fields
 * marked "detail" are made by marsad_ner_detail(), valid once `detailed`
 * is set. Of them the pair features read only those marked "pair
 * detail", which depend on the word's norm, stem, kind and flags alone: a
 * caller that met the same word before (hword and the strings tell) may
 * copy them from it instead of making the detail. */
typedef struct ner_tok {
	size_t start, end;   /* byte span in the text */
	uint64_t hword;      /* of norm, stem length, kind and flags: equal
				for the same word, to look it up by */
	uint64_t hnorm, hstem; /* marsad_ner_hash() of norm (pair detail)
				  and stem (detail) */
	uint64_t hcl, hshape; /* of the clitics before the stem ("?" when
				 the stem is not a slice; detail) and of
				 shape (pair detail) */
	uint32_t norm, stem; /* offsets of NUL-terminated strings in pool */
	uint16_t norm_len, stem_len;
	uint16_t stem_off;   /* where the stem starts in norm (the bytes of
				the clitics the stemmer removed), or
				NER_NO_SLICE when the stem is not a slice
				(detail) */
	unsigned char kind;  /* marsad_token_kind */
	unsigned char flags; /* MARSAD_TOKEN_* */
	unsigned char before, after; /* NER_GAP_* of the text around it */
	unsigned char detailed; /* the detail fields are filled in */
	uint16_t lex;        /* lexicon classes (ner_feat.c; detail) */
	uint16_t shape_id;   /* the number of shape (NER_SHAPES; pair
				detail) */
	uint16_t cls;        /* distributional class + 1, 0 when unknown
				(detail) */
	char shape[5];       /* kind, name and stopword flags, length
				(detail) */
	signed char namelike; /* how much the stem's letters look like a
				 person's name, 0 to 3, or NER_NL_NONE
				 (ner_feat.c; detail) */
} ner_tok;

#define NER_NL_NONE 127

#define NER_NO_SLICE 0xFFFFu

/* The shapes of the analyzer's token kinds are numbered (ner_tok
 * shape_id) by kind, name and stopword flags (4) and length (0-9); a
 * word of another kind has shape_id NER_SHAPES. */
#define NER_SHAPES ((MARSAD_TOKEN_OTHER + 1) * 4 * 10)

/* What separates a word from its neighbour (most telling kind wins). */
enum ner_gap {
	NER_GAP_SPACE = 0, NER_GAP_COMMA, NER_GAP_OPEN, NER_GAP_CLOSE,
	NER_GAP_QUOTE, NER_GAP_DASH, NER_GAP_COLON, NER_GAP_END,
	NER_GAP_OTHER, NER_GAP_EDGE
};

/* The length of the quotation mark that starts at u[i] and ends before
 * u[end]: 1 for " and ', 2 for « and », 3 for ‘ ’ ‚ ‛ “ ” (U+2018 …
 * U+201D); 0 when none does. The tagger reads quotation marks here only:
 * in the gaps its features see and in its quoted-name rules. */
static inline size_t ner_quote_at(const unsigned char *u, size_t i,
				  size_t end)
{
	if (i < end && (u[i] == '"' || u[i] == '\''))
		return 1;
	if (i + 2 <= end && u[i] == 0xC2 && (u[i + 1] == 0xAB || u[i + 1] == 0xBB))
		return 2;
	if (i + 3 <= end && u[i] == 0xE2 && u[i + 1] == 0x80 &&
	    u[i + 2] >= 0x98 && u[i + 2] <= 0x9D)
		return 3;
	return 0;
}

/* Whether a mention may go on from a word to the next across the gap
 * before the next (ner_tok before): across spaces only. A comma, colon,
 * bracket, quote or dash seldom falls inside a name and often between
 * two ("عاطف فتحي - صالح الحمصي"; ANERcorp writes "بان كي - مون" as two
 * mentions too): an I- tag after such a gap is never decoded, and the
 * gold of training begins a new mention there. */
static inline int marsad_ner_gap_joins(unsigned before)
{
	return before == NER_GAP_SPACE;
}

/* A sentence chunk: the words between two sentence ends. */
typedef struct ner_chunk {
	ner_tok tok[NER_CHUNK_MAX];
	size_t n;
	marsad_buf pool;
} ner_chunk;

/*
 * Analyzes s (or reads words, its analysis, when not NULL) and calls fn
 * once per chunk, in text order, its words in full. A chunk ends at a
 * line break, at . ! ? ؟ between words, or after NER_CHUNK_MAX words.
 * Returns 0, a MARSAD_E* code, or fn's non-zero value.
 */
int marsad_ner_chunks(const char *s, size_t len, const marsad_analysis *words,
		      int (*fn)(void *ctx, const ner_chunk *c), void *ctx);

/* The same chunks without the words' detail, for a caller that reads it
 * of a few words only: fn calls marsad_ner_detail() for each word before
 * reading its detail fields or extracting its features (or sets its pair
 * detail, see ner_tok, before extracting pair features). */
int marsad_ner_chunks_lazy(const char *s, size_t len,
			   const marsad_analysis *words,
			   int (*fn)(void *ctx, ner_chunk *c), void *ctx);

/* The article ال (U+0627 ALEF, U+0644 LAM) and لل (ل + ال) as the analyzer
 * writes them. */
#define ALEF_LAM "\xd8\xa7\xd9\x84"
#define LAM_LAM  "\xd9\x84\xd9\x84"

/* The ways to read the normalized word w (n bytes) as written or after
 * one or two proclitic letters (وبجامعة: جامعة): their byte offsets, 0
 * first, in cut[]; returns how many. */
static inline size_t ner_proclitic_cuts(const char *w, size_t n,
					size_t cut[3])
{
	size_t m = 0;
	for (size_t k = 0; k <= 4 && k < n; k += 2) {
		if (k && !marsad_all_proclitic(w, k))
			break;
		cut[m++] = k;
	}
	return m;
}

/* Fills in the detail fields of word i of c (nothing when they are). */
void marsad_ner_detail(ner_chunk *c, size_t i);

static inline const char *ner_norm(const ner_chunk *c, size_t i)
{
	return c->pool.data + c->tok[i].norm;
}

static inline const char *ner_stem(const ner_chunk *c, size_t i)
{
	return c->pool.data + c->tok[i].stem;
}

/* The most features of one kind a word has, and the longest feature
 * string. */
#define NER_FEAT_MAX 64
#define NER_FEAT_LEN 600

/* The features of word i, in two kinds: those of the word alone (its
 * form, stem, letters, clitics, shape, lexicon and distributional
 * classes: the same wherever the word occurs, so the tagger may sum their
 * weights once per word, see ner.c) and those of its context (the
 * neighbours, punctuation around it). Each is a short string ("w-1=قال",
 * "ww+1=a|b") whose 64-bit key goes into keys; the trainer also gets the
 * strings in names (a buffer of NER_FEAT_MAX * NER_FEAT_LEN bytes, one
 * string per slot), which may be NULL. They return their number. A word's
 * features are both kinds together. */
size_t marsad_ner_word_features(const ner_chunk *c, size_t i, char *names,
				uint64_t keys[NER_FEAT_MAX]);
size_t marsad_ner_context_features(const ner_chunk *c, size_t i, char *names,
				   uint64_t keys[NER_FEAT_MAX]);

/* The context features of word i in groups, for a tagger that sums the
 * weights of each group apart: those of the neighbour at offset d (-2, -1,
 * +1 or +2) alone, which depend on that word's form only; those of word i
 * with a neighbour; those of the punctuation around word i (ner_tok
 * before and after). Together they are marsad_ner_context_features(c, i)
 * in another order:
 *   marsad_ner_near_features(c, i + d, d, …) for each d,
 *   marsad_ner_pair_features(c, i, …),
 *   marsad_ner_gap_features(c->tok[i].before, c->tok[i].after, …).
 * Word j of marsad_ner_near_features() may be outside the chunk (j < 0 or
 * j >= c->n): its features are then those of the chunk's edge. A word has
 * NER_PAIR_MAX features with a neighbour at most. */
#define NER_PAIR_MAX 3
size_t marsad_ner_near_features(const ner_chunk *c, long j, int d,
				uint64_t keys[NER_FEAT_MAX]);
size_t marsad_ner_pair_features(const ner_chunk *c, size_t i,
				uint64_t keys[NER_PAIR_MAX]);
size_t marsad_ner_gap_features(unsigned before, unsigned after,
			       uint64_t keys[NER_FEAT_MAX]);

/* marsad_ner_pair_features() of word i is the NER_WORD_PAIRS features of
 * word i with each neighbour word, which marsad_ner_word_pair_features()
 * writes to the first of keys[i] for each word i of c, then the one of
 * its shape with the previous word's, the key marsad_ner_shape_pair_key()
 * gives for their shape_ids (prev NER_SHAPES when word i begins the
 * chunk; cur below NER_SHAPES; prev too otherwise). A tagger may then sum
 * the weights of the shape pairs once. */
#define NER_WORD_PAIRS 2
void marsad_ner_word_pair_features(const ner_chunk *c,
				   uint64_t keys[][NER_PAIR_MAX]);
uint64_t marsad_ner_shape_pair_key(unsigned prev, unsigned cur);

/* The key of a feature string, as keys[] holds it (never 0). */
uint64_t marsad_ner_key(const char *s, size_t len);

/* Whether a normalized word form is among the 100,000 frequent forms of
 * data/ner_clusters.txt (those with a distributional class). */
int marsad_ner_known_form(const char *norm, size_t len);

/* What unlabeled news says of word t as written (its hnorm set): the type the
 * tagger gave most of its occurrences there (the CPER, CLOC or CORG of
 * data/ner_clusters.txt, as enum marsad_entity_type), 0 for a word seen
 * there as no name, -1 for one never seen (a rare name, دويسنبرج). */
int marsad_ner_corpus_type(const ner_tok *t);

/* Whether the normalized form norm (len bytes) as written is a person's
 * name or a word of one: a given name or surname of the lexicon (GPER) or
 * of Wikidata's names (names_people.txt). */
int marsad_ner_person_name(const char *norm, size_t len);

/* Whether word t (its detail made) is an organization of the gazetteer
 * named by one word (class GORG of ner_lexicon.txt: القاعدة، حماس). */
int marsad_ner_org_word(const ner_tok *t);

/* Whether word t (its detail made) is one a person's name follows: a title
 * or a trigger word (TPER, HPER of ner_lexicon.txt: الدكتور، اللاعب) or
 * a word that qualifies one (TNAT: المرشد [الأعلى], الرئيس [السابق]). */
int marsad_ner_names_next(const ner_tok *t);

/* Whether a normalized word form is, as written, the first word of a
 * place's or a body's name of two words or more, or of one, in the
 * lexicon (classes PLOC and PORG of ner_lexicon.txt): وكالة, هيئة. */
int marsad_ner_opens_phrase(const char *norm, size_t len);

/* Whether a normalized word form is, as written, a country, a large city
 * or region of the lexicon (classes GLOC and NLAND of ner_lexicon.txt,
 * the places of names_places.txt): جده، مصر، نجران. */
int marsad_ner_place_form(const char *norm, size_t len);

/* 64-bit FNV-1a of s, never 0: words, lexicon entries, feature parts. */
uint64_t marsad_ner_hash(const char *s, size_t len);

/*
 * The document's memory (Krishnan & Manning, "An effective two-stage
 * model for exploiting non-local dependencies in NER", 2006): a first
 * pass tags every chunk of a text, and the memory counts, for each word
 * (by the hash of its stem, ner_tok hstem), how often that pass put it
 * in a mention of each type (NER_TYPE: 1 PER, 2 LOC, 3 ORG) or outside
 * (0), and how often after a mention's first word. A second pass gives
 * each word features of what the first said of its other occurrences in
 * the text, so that a name tagged in full once ("فلاديمير بوتين") makes
 * its lone family name a candidate elsewhere.
 */
typedef struct ner_memo_slot {
	uint64_t key; /* 0: empty */
	uint16_t n[4];   /* by type; the counts stop at UINT16_MAX */
	uint16_t inside; /* of n[1..3], those of an I- tag */
} ner_memo_slot;

typedef struct ner_memo {
	ner_memo_slot *slot;
	size_t mask, used;
} ner_memo;

#define NER_MEMO_INIT {NULL, 0, 0}

/* Counts one occurrence of the word of stem hash key tagged `tag` (enum
 * ner_tag). Returns the index of the word's slot in m->slot, valid until
 * an add makes m grow (changes m->mask), or MARSAD_ENOMEM. */
long marsad_ner_memo_add(ner_memo *m, uint64_t key, unsigned tag);

/* The index of the slot of a word counted in m, by its stem hash key. */
size_t marsad_ner_memo_find(const ner_memo *m, uint64_t key);
void marsad_ner_memo_reset(ner_memo *m); /* forgets every word */
void marsad_ner_memo_clear(ner_memo *m); /* frees it, then as _INIT */

/*
 * What the first pass said of the other occurrences of the word of slot e,
 * this one tagged tag (and counted in e), as a number below
 * NER_DOC_STATES: 0 when it put none of them in a mention, else the type
 * t (1-3) it gave most of them (the lowest of equal counts) in bits 0-1;
 * in bit 2 whether they were in mentions more often than outside; in bit
 * 3 whether some were after a mention's first word; in bits 4-5 the type
 * it gave this occurrence. Inline: the tagger asks it of every word.
 */
#define NER_DOC_STATES 64
static inline unsigned marsad_ner_doc_state(const ner_memo_slot *e,
					    unsigned tag)
{
	unsigned self = NER_TYPE(tag);
	uint32_t n[4] = {e->n[0], e->n[1], e->n[2], e->n[3]};
	n[self]--;
	unsigned best = 0;
	for (unsigned t = 1; t < 4; t++)
		if (n[t] > (best ? n[best] : 0))
			best = t;
	if (!best)
		return 0;
	unsigned more = n[1] + n[2] + n[3] > n[0];
	unsigned inside = e->inside > (tag != NER_O && !NER_IS_B(tag));
	return best | more << 2 | inside << 3 | self << 4;
}

/* The document features of a word in state s (marsad_ner_doc_state())
 * whose neighbours are in states prev and next (0 beyond the chunk), as
 * keys (and names, as marsad_ner_word_features(), when not NULL); their
 * number, at most NER_DOC_MAX. Those of the word's own state and those
 * of each neighbour's are apart: the features of (s, prev, next) are
 * those of (s, 0, 0), (0, prev, 0) and (0, 0, next) together, whose
 * weights a tagger may sum once per state. */
#define NER_DOC_MAX 6
size_t marsad_ner_doc_features(unsigned s, unsigned prev, unsigned next,
			       char *names, uint64_t keys[NER_DOC_MAX]);

/*
 * A sports document: one with NER_SPORT_MIN words or more of the sports
 * words of data/ner_lexicon.txt (class TSPO: مباراة، منتخب، الدوري …).
 * There a country or a city is often a team, an organization ("فازت مصر
 * على الجزائر"), where elsewhere it is a place; so the second pass gives
 * each word of a sports document that the first pass put in a mention
 * the feature of the type it got (marsad_ner_sport_features(), at most
 * one), which the model weighs for each tag. marsad_ner_sport_word()
 * tells a sports word (from word t's detail).
 */
#define NER_SPORT_MIN 2
int marsad_ner_sport_word(const ner_tok *t);
size_t marsad_ner_sport_features(unsigned tag, char *names, uint64_t keys[1]);

/*
 * Phrases: names that are names wherever they occur (classes PLOC and PORG
 * of data/ner_lexicon.txt: الأمم المتحدة، الاتحاد الأوروبي، كوريا
 * الشمالية, and single words such as داعش), matched by the words' stems (so
 * with clitics on the first word too) and across spaces only. The words'
 * other features say little of them (المتحدة، الأوروبي are adjectives; a
 * name newer than the training text has no weights), so each word of a
 * match gets the feature of where it is in it and the phrase's type
 * (marsad_ner_phrase_features(), at most one).
 * A phrase of class PNOT is an expression that is no name though its first
 * word is one (حسن الجوار "good neighbourliness"): its words are marked
 * NER_PH_NOT, which is no feature (the model never learnt of it), and
 * are tagged outside any mention (ner.c).
 * marsad_ner_phrases() writes mark[0..c->n) (enum ner_phrase_mark) from the
 * words' hashes hphrase[] (marsad_ner_phrase_hash(): the stem's, but a name's
 * read out of context), the longest match first.
 */
enum ner_phrase_mark {
	NER_PH_NONE = 0, NER_PH_B_LOC, NER_PH_I_LOC, NER_PH_B_ORG,
	NER_PH_I_ORG, NER_PH_MARKS, /* the marks that are features */
	NER_PH_NOT = NER_PH_MARKS
};
#define NER_PHRASE_MAX 6 /* words */
uint64_t marsad_ner_phrase_hash(const ner_chunk *c, size_t i);
void marsad_ner_phrases(const ner_chunk *c, const uint64_t *hphrase,
			unsigned char *mark);
size_t marsad_ner_phrase_features(unsigned mark, char *names,
				  uint64_t keys[1]);

/* Whether word t (detailed) is a currency or unit of data/ner_lexicon.txt
 * (class UNIT: ريال، دولار، ألف، مليون …). After a number or another unit
 * it is never a name ("500 ريال", "مليون ريال"), though the same word may
 * be one elsewhere (ريال مدريد): a one-word mention of such a word there
 * is dropped. */
int marsad_ner_unit_word(const ner_tok *t);
/* The words of a name that bind the next word into it. A person's: بن
 * "son of", ابن, بنت; آل "family of"; عبد "servant of" and أبو "father
 * of" (أبي after بن), written apart from the rest of a name (عبد العزيز،
 * أبو مازن، علي بن أبي طالب). Any
 * name's (LINK_PARTICLE): the particles of foreign names (سان جيرمان، لوس
 * أنجلوس، دي ميستورا، فان غال) and بني "sons of" (بني سويف، بني ياس). A
 * place's or a body's (LINK_PLACE): the Arabic nouns that open a place's
 * name and are none alone (جبل طارق، دير الزور), which may end a person's
 * (أبو جبل); not those more often common nouns in the news: بئر "a
 * well", سيدي "my lord". Not ريو either, Rio de Janeiro as often. */
enum name_link { LINK_NONE, LINK_SON, LINK_FAMILY, LINK_FIRST,
		 LINK_PARTICLE, LINK_PLACE };

/* What the rules after the model (ner.c) read of a word as written, from
 * the classes of ner_lexicon.txt that are no features: link, the enum
 * name_link of the word (classes NSON, NFAM, NFIRST, NPART, NPLACE);
 * honorific, a ruler's title that places and bodies are named after
 * (NTITLE); named_after, the type of the name the word opens when a
 * person's name follows it (مطار الملك خالد: NHLOC for MARSAD_ENT_LOC,
 * NHORG for MARSAD_ENT_ORG), after up to two proclitics (لمركز); head,
 * the type of name the word is the head word of (classes TORG and TLOC:
 * جامعة، مستشفى، مطار …), as written there, not by stem (مالي is no
 * مالية), after up to two proclitics too: MARSAD_ENT_ORG (a word of both
 * classes, قناة, too), MARSAD_ENT_LOC, or 0; press, a word after which a
 * place's name alone in quotation marks names a body (NPRESS: لـ«الرياض»),
 * NER_PRESS_KIND for one that names the kind of body named in quotation
 * marks after it (NKIND: صحيفة «الرياض»، شبكة "سي إن إن"), after up to
 * two proclitics too; month, a month's name that is a person's too
 * (NMONTH: رمضان), as written. */
#define NER_PRESS_KIND 2
typedef struct ner_rule_word {
	unsigned char link, honorific, named_after, head, press, month;
	unsigned char land;  /* NLAND: a country (marsad_ner_gentilic()) */
	unsigned char other; /* NMISC: opens a name of another kind */
	unsigned char match; /* NMATCH: a game won, lost or drawn (after
				up to two proclitics too) */
} ner_rule_word;
ner_rule_word marsad_ner_rule_word(const char *norm, size_t len);

/* Whether word i of c (detailed), without its first `clitic` bytes (the
 * conjunction or preposition written onto it), is never part of the name
 * after it: a title or a word for the person's forces, rule or era (class
 * HPER of data/ner_lexicon.txt: الملك، الأمير، السيد، قوات، نظام …). Both
 * gold sets leave it out of a person's mention, so a person mention that
 * starts with one starts after it. */
int marsad_ner_title_word(const ner_chunk *c, size_t i, size_t clitic);

/* Whether the normalized word norm (len bytes) is the adjective of a
 * country (class NLAND of ner_lexicon.txt): the article ال (or لل), the
 * country's name less its last letters, and the nisba ي; after و or ف too
 * (السوري، الأمريكي، والكازاخستاني). Written before a person's name it
 * gives the person's nationality and is no part of the name (الرئيس
 * السوري بشار الأسد). */
int marsad_ner_gentilic(const char *norm, size_t len);

/* marsad_ner_gentilic() of the masculine adjective or of the feminine,
 * its ة read ه (الكندي، الكندية). */
int marsad_ner_gentilic_any(const char *norm, size_t len);

/* Whether the normalized word norm (len bytes, clitics taken off but the
 * article) names a country's people or is its adjective in any form but
 * the country's own name: سعودي، سعودية، سعوديون، السعوديين، السورية (the
 * adjective of marsad_ner_gentilic() with or without the article, as a
 * feminine or a plural), not السعودية، سورية or مالي, which NLAND holds
 * as the countries' names. Such a word alone is no place: "عائلة سعودية"
 * "a Saudi family", "مشجعون سعوديون" "Saudi fans". */
int marsad_ner_national(const char *norm, size_t len);

/* Tag transitions: trans[p][t] scores tag t after tag p; row NER_NTAGS is
 * the start of a chunk. */
typedef float ner_trans[NER_NTAGS + 1][NER_NTAGS];

/* Non-zero when tag t may follow tag p (an I- tag continues its own
 * type only). */
int marsad_ner_allowed(int p, int t);

/*
 * The best valid tag sequence for n words (n <= NER_CHUNK_MAX) given
 * emission scores emit[i * NER_NTAGS + t] and the transitions. Writes
 * tags[0..n).
 */
void marsad_ner_viterbi(const float *emit, size_t n, const ner_trans trans,
			int *tags);

#endif
