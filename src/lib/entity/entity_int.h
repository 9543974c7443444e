/*
 * entity_int.h — what the entity module's files share: a name parsed into
 * tokens of folded letters, and the comparisons the index is built on.
 *
 * A name token is a run of letters (Arabic or Latin) after the analyzer's
 * fold (text_internal.h): harakat gone, alef forms, hamza seats, ta marbuta
 * and alef maqsura folded. Particles that belong to the next word are
 * joined to it (عبد الله → عبدالله, ابو مازن → ابومازن, دي ميستورا).
 */
#ifndef MARSAD_ENTITY_INT_H
#define MARSAD_ENTITY_INT_H

#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "marsad/marsad.h"

#define NAME_LETTERS 40 /* letters kept of one token; longer ones are cut */
#define NAME_TOKENS 8   /* tokens kept of one name; later ones are dropped */
#define NAME_KEY_MAX (NAME_LETTERS + 1)

typedef struct name_tok {
	uint32_t c[NAME_LETTERS];
	unsigned char n;
} name_tok;

typedef struct name_parts {
	name_tok t[NAME_TOKENS];
	unsigned char n;
} name_parts;

/* Non-zero when two tokens are spelled the same, letter for letter. */
static inline int entity_tok_eq(const name_tok *a, const name_tok *b)
{
	return a->n == b->n && memcmp(a->c, b->c, a->n * sizeof *a->c) == 0;
}

/* *out = t without its first k letters (k <= t->n): عبدالعزيز after عبد,
 * بنسلمان after بن. */
static inline void entity_tok_rest(const name_tok *t, size_t k, name_tok *out)
{
	out->n = (unsigned char)(t->n - k);
	memcpy(out->c, t->c + k, out->n * sizeof *out->c);
}

/* A hash of a token's letters (FNV-1a), for the per-thread memos. */
static inline uint32_t entity_tok_hash(const name_tok *t)
{
	uint32_t h = 2166136261u;
	for (unsigned i = 0; i < t->n; i++)
		h = (h ^ t->c[i]) * 16777619u;
	return h;
}

/* Non-zero when cp is a conjunction or preposition written onto the next
 * word: و ف ب ك ل (U+0648 U+0641 U+0628 U+0643 U+0644). */
static inline int entity_proclitic(uint32_t cp)
{
	return cp == 0x648 || cp == 0x641 || cp == 0x628 || cp == 0x643 ||
	       cp == 0x644;
}

/* Whether t is another word (of three letters or more) with a
 * conjunction or preposition written onto it (وموسكو, بنتنياهو): *out
 * receives that word. */
static inline int entity_tok_unclitic(const name_tok *t, name_tok *out)
{
	if (t->n < 4 || !entity_proclitic(t->c[0]))
		return 0;
	entity_tok_rest(t, 1, out);
	return 1;
}

/* Parses s into name tokens; bad UTF-8, digits and punctuation separate
 * tokens and are dropped. */
void entity_parse(const char *s, size_t len, name_parts *out);

/* Non-zero when two parsed names are spelled the same, letter for letter. */
int entity_parts_eq(const name_parts *a, const name_parts *b);

/* The weighted edit distance of two tokens divided by the shorter
 * length: 0 for the same spelling, about 0.1–0.2 for transliteration
 * variants (غرينر/غراينير), 0.5 and more for different names. */
double entity_tok_distance(const name_tok *a, const name_tok *b);

/* Non-zero when two tokens spell one name (see name.c). */
int entity_tok_match(const name_tok *a, const name_tok *b);

/* entity_tok_match() that also writes, when the tokens match, their
 * entity_tok_distance() to *dist, at the cost of one comparison. */
int entity_tok_match_d(const name_tok *a, const name_tok *b, double *dist);

/* entity_tok_match_d() of two family names: where either is written with
 * the article, an Arabic family name that writers spell alike, also the
 * same word as a place's name compares them (same consonants, and a word
 * of Arabic shape the same letters): الجبير is not الزبير, العبادي not
 * العبيدي, الثاني not الثني, though a transliteration's letters vary so;
 * nor is a name of three or four letters its nisba (خضر, خضري). */
int entity_family_match_d(const name_tok *a, const name_tok *b, double *dist);
int entity_family_match(const name_tok *a, const name_tok *b);
/* Non-zero when token t is written with the article (ال, or لل) before
 * three letters or more. */
int entity_tok_article(const name_tok *t);
/* Non-zero when two given names can name one person: one name, or a
 * formal name and its nickname (وليام/بيل). */
int entity_given_match(const name_tok *a, const name_tok *b);

/* Non-zero when token t is an Arabic given name: one of entity_native.txt
 * or عبد + a name of God (entity_tok_compound()). */
int entity_tok_given_name(const name_tok *t);

/* The letters of بن or ابن when token t is a father's name written with
 * it (glued to it by the parser: بنسلمان): 2 or 3; else 0. */
size_t entity_tok_father(const name_tok *t);

/* Non-zero when the shorter of two names of people, written with a father
 * after the given name, is the longer one's first words, word for word:
 * محمد بن سلمان and محمد بن سلمان بن عبدالعزيز, سلمان بن عبدالعزيز and
 * سلمان بن عبدالعزيز آل سعود. The family name (last word) then differs,
 * the person does not. */
int entity_nasab_prefix(const name_parts *a, const name_parts *b);

/* Non-zero when two full names of people each give a father after the
 * given name, and the fathers differ: with بن or ابن (محمد بن سلمان بن
 * عبدالعزيز is not محمد بن نايف بن عبدالعزيز), or, in names of three
 * words or more, with it or without (علي عبدالله صالح is not علي أكبر
 * صالحي; عادل بن أحمد الجبير is عادل أحمد الجبير): the second of three
 * names is the father's, or a middle name, which tells people apart too
 * (جورج دبليو بوش, جورج هربرت بوش). */
int entity_father_differs(const name_parts *a, const name_parts *b);


/* Non-zero when two parsed names can name one entity of type `type`
 * (a marsad_entity_type, or 0 for unknown, which is treated as a person). */
int entity_parts_same(const name_parts *a, const name_parts *b, int type);

/* Non-zero when s, a body's name, is a shorter name of the body named l
 * in the same text: l is s with words that qualify it (مجلس التعاون
 * [لدول الخليج العربية], مجلس الأمن [الدولي], أرامكو [السعودية]), or s
 * after the word for its kind (حركة طالبان، تنظيم القاعدة), or both
 * (حركة طالبان الأفغانية). A word that heads names of bodies (الاتحاد)
 * is none alone. */
int entity_body_short(const name_parts *s, const name_parts *l);
/* Non-zero when body name s, a shorter name, may name many bodies or
 * things, each in its own text: a head word and adjectives (الهيئة
 * العامة، البنك المركزي، الوكالة الدولية), or one word (الدولة "the
 * state" of تنظيم الدولة, الله of حزب الله), which other texts name
 * alone as often as not. */
int entity_body_generic(const name_parts *s);
/* Writes the NUL-terminated skeleton key of a token to out (at least
 * NAME_KEY_MAX bytes): one ASCII class letter per consonant sound, vowel
 * letters dropped, repeats collapsed (غراينير, جرينر → "grnr"). Returns its
 * length. Spelling variants share a key or differ in one class letter. */
size_t entity_tok_key(const name_tok *t, char *out);

/* The letters of عبد when the token is عبد + a name of God with the
 * article, written together or apart (عبدالله, عبد العزيز): 3; else 0. */
size_t entity_tok_compound(const name_tok *t);

/* Appends the Latin spelling of a token (see latin.c). */
int entity_tok_latin(const name_tok *t, marsad_buf *out);

#endif
