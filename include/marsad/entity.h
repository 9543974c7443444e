/*
 * entity.h — one entity for every spelling of a name, across articles.
 *
 * The extraction stage (extract.h) finds mentions of people, places and
 * organizations in one article; this module decides which mentions, in
 * all articles seen so far, name the same entity. بريتني جرينر, بريتني
 * غراينير and بريتني غرينر are one person; سيرغي لافروف and سيرغي ريابكوف
 * are two; بيل بيرنز is وليام بيرنز; a bare "لافروف" is the لافروف of its
 * article.
 *
 * Matching rules (name.c):
 *  - two name tokens match when their transliteration-weighted edit
 *    distance, divided by the shorter length, is at most 0.25: ج/غ/ك/ق for
 *    g and k, the vowel letters ا و ي written or left out, ة/ه, hamza
 *    seats, doubled letters written once, ت/ط, س/ص/ز, د/ض ... cost little
 *    (weights learned from Wikidata name transliterations); common Arabic
 *    given names that differ by one letter (محمد/محمود, حسن/حسين) never
 *    match each other; a name written with the article ال matches only
 *    within 0.12 and never its nisba (الأسد is not سعد, المالكي not مالك);
 *    nor does an Arabic given name match its nisba with a final ي (سلمان
 *    is not سليماني); عبد + a name of God matches only the same compound
 *    (عبدالله is not عبدالعزيز);
 *  - two full names of a person match when their family names (last
 *    tokens) match, their given names (first tokens) match or are a
 *    formal name and its nickname (وليام/بيل, data/entity_nicknames.txt),
 *    and they give no different fathers, with بن, or without it as the
 *    second of three names or more, which is a father's or a middle name
 *    (علي عبدالله صالح is not علي أكبر صالحي); a family name written with
 *    the article, an Arabic one, is compared as a place's word is (below:
 *    الزهراني is not الشهراني, العبادي not العبيدي), and one of three or
 *    four letters is not its nisba (خضر, خضري); a Turkish ‑oğlu or Persian
 *    ‑zadeh written apart belongs to the word before (كليتشدار أوغلو);
 *    a bare family name
 *    matches any full name with that family name in its own article, and
 *    another article's only within 0.15 (جهاد is not هادي); it prefers
 *    its own article's person only when within 0.15 of his family name
 *    too (بوينغ where بوتين is named is the بوينغ of other articles), and
 *    never a full name whose family name is the bare name with a
 *    conjunction or preposition on it, two names the tagger took for one
 *    (كارتر بنتنياهو, Carter with Netanyahu, is not نتنياهو); a
 *    name with a father after the given name matches a longer one that
 *    begins with it (محمد بن سلمان, محمد بن سلمان بن عبدالعزيز آل سعود);
 *  - a bare Arabic given name (محمد, سلمان, عبدالعزيز: the tagger leaves
 *    a title such as الملك out of the mention) names the one person of
 *    its article whose full name begins with it and a father (سلمان بن
 *    عبدالعزيز), and across articles only the same bare name, never the
 *    family name of a full one (محمد عبد العزيز);
 *  - places and organizations match word for word, each word with the
 *    same consonants as written (ج/غ aside: روسيا is not روزا, العراق not
 *    براق) and within 0.15 (their names are written one way but for a
 *    letter: سوريا/سورية), the first also without a conjunction or
 *    preposition on it (بجدة, جدة); a word of Arabic shape (five letters
 *    at most after the article and a final vowel, two vowel letters at
 *    most) also with the same vowel letters in the same places, where a
 *    transliteration's may differ (أوروبا/أوربا): الأهالي is not الأهلي,
 *    مجلس الأمناء not مجلس الأمن, الجماعة not الجامعة; nor is a feminine
 *    (ة after a consonant, ـية) the word without it (قطرة is not قطر,
 *    الرياضية not الرياض);
 *  - a body's shorter name is its longer one's in their article: without
 *    words that qualify it (مجلس التعاون [لدول الخليج العربية], أرامكو
 *    [السعودية]) or without the word for its kind (حركة طالبان); other
 *    articles' find it there unless it is one word or a head word and
 *    adjectives (البنك المركزي), which many bodies are called;
 *  - a mention joins an entity only when it matches every spelling the
 *    entity has, not one of them, so spellings a letter apart do not
 *    chain people (or places) into one.
 *
 * Thread safety: the marsad_name_* functions may be called from many
 * threads at once. An index is not synchronized: one thread at a time.
 */
#ifndef MARSAD_ENTITY_H
#define MARSAD_ENTITY_H

#include <stddef.h>

#include "marsad.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== comparing names ================================================= */

/*
 * Non-zero when the two names (one or more words each) can name the same
 * person by the rules above: "سيرجي ريابكوف" and "سيرغي ريابكوف", "بيل
 * بيرنز" and "وليام بيرنز", "لافروف" and "سيرغي لافروف". Two single words
 * match when they are spellings of one name or a name and its nickname.
 */
int marsad_name_same(const char *a, size_t alen, const char *b, size_t blen);

/*
 * The transliteration-weighted edit distance between two single-word names
 * divided by the shorter one's length in letters: 0 for one spelling, ~0.1
 * to 0.25 for variants (غرينر/غراينير 0.19), more for different names.
 * Only the first word of each is compared. Returns a negative value when
 * either has no letters.
 */
double marsad_name_distance(const char *a, size_t alen, const char *b,
			    size_t blen);

/*
 * Appends the skeleton key of each word of the name, space-separated: one
 * ASCII letter per consonant class, vowel letters dropped ("بريتني غراينير"
 * → "brtn grnr"). Variants of one name share their key or differ by one
 * letter; the index hashes on it.
 */
int marsad_name_key(const char *s, size_t len, marsad_buf *out);

/*
 * Appends a Latin spelling of the name, word by word ("وليام بيرنز" →
 * "William Byrnes"): the usual English form of each word when the built-in
 * table (data/entity_latin.txt, from Wikidata person names) knows it or a
 * spelling a vowel letter away, else a letter-by-letter romanization.
 */
int marsad_name_latin(const char *s, size_t len, marsad_buf *out);

/* ==== the entity index ================================================= */

typedef struct marsad_entity_index marsad_entity_index;

/* One mention handed to the index. Every string is copied. */
typedef struct marsad_entity_mention {
	const char *text;     /* the name as written in the article */
	size_t text_len;
	int type;             /* a marsad_entity_type of extract.h (PER 1,
				 LOC 2, ORG 3) or 0 when unknown */
	size_t start, end;    /* its byte span in the article's text */
	const char *context;  /* may be NULL: the title or office written
				 with it ("نائب وزير الخارجية الروسي"), which
				 helps tell apart people with one family name */
	size_t context_len;
} marsad_entity_mention;

/* Returned for a mention that has no letters to match. */
#define MARSAD_ENTITY_NONE ((size_t)-1)

/* Creates an empty index; NULL when memory runs out. */
marsad_entity_index *marsad_entity_index_new(void);

/* Frees the index and everything it handed out; NULL is a no-op. */
void marsad_entity_index_free(marsad_entity_index *ix);

/*
 * Adds the mentions of one article (its key: any string, e.g. the
 * document key) and links each to an entity, new or already known: full
 * names first, then bare family names, which prefer an entity named in the
 * same article, then one whose context words agree, then the one
 * mentioned most. When ids is non-NULL, ids[i] receives the entity id of
 * m[i] (MARSAD_ENTITY_NONE for a mention without letters).
 *
 * Ids are small integers from 0, stable for the life of the index: adding
 * the same mentions in the same order to a new index gives the same ids,
 * which is how a stored index is rebuilt (marsad_entity_index_mention()).
 * An article added twice is linked twice; callers add each article once.
 */
int marsad_entity_index_add(marsad_entity_index *ix, const char *key,
			    size_t key_len, const marsad_entity_mention *m,
			    size_t n, size_t *ids);

/*
 * marsad_entity_index_add() for an article whose mentions are linked to
 * one another already: group[i] is m[i]'s entity within the article (the
 * ids a new index gave them, marsad_article.entity_of;
 * MARSAD_ENTITY_NONE: none). Each group becomes a new entity, compared
 * with none of the index's: meant for an index's first article (a
 * story's), where it gives the entities marsad_entity_index_add() gives
 * without comparing a name, and files the names for lookups only when a
 * later article looks one up. MARSAD_EINVAL when group is NULL and n is
 * not 0.
 */
int marsad_entity_index_add_grouped(marsad_entity_index *ix, const char *key,
				    size_t key_len,
				    const marsad_entity_mention *m, size_t n,
				    const size_t *group, size_t *ids);

/* The number of entities (ids run from 0 to this − 1). */
size_t marsad_entity_index_count(const marsad_entity_index *ix);

/*
 * One entity as the index sees it now. The strings and arrays are owned by
 * the index and valid until the next call of marsad_entity_index_add() or
 * marsad_entity_index_free().
 */
typedef struct marsad_entity {
	size_t id;
	int type;                    /* the most frequent non-zero type of
					its mentions, or 0 */
	const char *canonical;       /* the most frequent spelling: of a
					person, of two words or more when
					there is one */
	const char *latin;           /* a person's Latin spelling
					(marsad_name_latin); "" for a place or
					an organization */
	const char *const *variants; /* every distinct spelling, first seen
					first (canonical among them), but
					one that is another with a
					proclitic written on it (وإيران,
					للولايات المتحدة) or that writes
					one shown the same but for
					diacritics, tatweel or hamza
					(إيـران, إيرانَ) */
	size_t n_variants;
	const char *const *keys;     /* the articles that mention it, in
					order of addition */
	size_t n_keys;
	size_t mentions;             /* how many mentions name it */
} marsad_entity;

/* Fills *out with entity `id`; MARSAD_ENOTFOUND past the last id. */
int marsad_entity_index_get(marsad_entity_index *ix, size_t id,
			    marsad_entity *out);

/* marsad_entity_index_get() but for the Latin spelling (out->latin is
 * NULL), which costs a transliteration: for a caller that shows the
 * Arabic only. */
int marsad_entity_index_get_arabic(marsad_entity_index *ix, size_t id,
				   marsad_entity *out);

/*
 * The canonical spelling of entity `id`, as marsad_entity_index_get() gives
 * it, without working out the rest of its view (the Latin spelling above
 * all): what a caller that only names entities needs. Owned by the index,
 * valid until the next marsad_entity_index_add() or
 * marsad_entity_index_free(); NULL past the last id.
 */
const char *marsad_entity_index_canonical(const marsad_entity_index *ix,
					 size_t id);

/* The number of mentions added so far. */
size_t marsad_entity_index_mentions(const marsad_entity_index *ix);

/*
 * Mention i (0 … count − 1, in order of addition): *m receives its fields
 * (strings owned by the index, valid as above), *key its article key and
 * *entity its entity id; either pointer may be NULL. Re-adding every
 * mention, article by article in this order, to a new index rebuilds the
 * same entities with the same ids. MARSAD_ENOTFOUND past the last one.
 */
int marsad_entity_index_mention(const marsad_entity_index *ix, size_t i,
				marsad_entity_mention *m, const char **key,
				size_t *entity);

#ifdef __cplusplus
}
#endif

#endif
