/*
 * text_internal.h — what the analyzer's files share: UTF-8 decoding and the
 * one character fold behind marsad_normalize(), marsad_analyze() and the
 * stopword table.
 *
 * A source character folds to zero or more "units" (code point + class).
 * Zero units means the character vanishes without splitting a word
 * (harakat, tatweel, zero-width and bidi controls). ASCII and the Arabic
 * block U+0600–U+06FF go through two constant tables (normalize.c); every
 * other code point through marsad_text_fold(), which asks utf8proc for the
 * compatibility decomposition and case fold (presentation forms, lam-alef
 * ligatures, full-width Latin, accents) and folds the result again through
 * the tables.
 *
 * This API is stable: the stemmer may use it to walk normalized words.
 */
#ifndef MARSAD_TEXT_INTERNAL_H
#define MARSAD_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* The class of a folded unit. */
enum text_class {
	TEXT_SPACE = 0, /* white space and controls: ends words */
	TEXT_PUNCT,     /* punctuation and symbols: ends words */
	TEXT_ARABIC,    /* a letter of the Arabic script */
	TEXT_LATIN,     /* a letter of the Latin script */
	TEXT_LETTER,    /* a letter of any other script */
	TEXT_DIGIT,     /* a decimal digit (ASCII after folding, or another
			   script's digit that has no ASCII fold) */
	TEXT_BAD,       /* an invalid UTF-8 sequence, shown as U+FFFD */
	TEXT_IGNORE     /* only in the tables: the character vanishes */
};

typedef struct text_unit {
	uint32_t cp;
	unsigned char cls; /* enum text_class, never TEXT_IGNORE */
} text_unit;

/* The most units one character folds to (U+FDFA, a phrase ligature, is the
 * longest compatibility decomposition: 18 code points). */
#define TEXT_FOLD_MAX 24

#define TEXT_BAD_CP 0xFFFFFFFFu

/* A fast-table entry: the class and the fold target (0: the character is
 * its own fold). */
typedef struct text_fast {
	unsigned char cls;
	uint16_t to;
} text_fast;

extern const text_fast marsad_text_ascii[128];
extern const text_fast marsad_text_arabic[256]; /* U+0600–U+06FF */

/*
 * The fold of U+0600–U+06FF as UTF-8, for the hot paths (the analyzer,
 * marsad_normalize, the dates' scanner), indexed by the two bytes at hand
 * (text_pair()), so that one load and one comparison both recognize a
 * character of the block and fold it. An entry holds the two bytes of the
 * character's fold as stored in memory, TEXT_ARABIC_SKIP for a character
 * that vanishes, TEXT_ARABIC_STOP for anything else (a digit, a fold of
 * another length, two bytes that are no character of the block): the
 * general path's business. Neither is a letter's value, whose UTF-8
 * starts with a byte D8–DB.
 */
#define TEXT_ARABIC_SKIP 0
#define TEXT_ARABIC_STOP 1
#define TEXT_PAIR_FIRST 0x80D8u /* text_pair() of D8 80, U+0600 */
#define TEXT_PAIR_SPAN (0xBFDBu - TEXT_PAIR_FIRST + 1) /* to DB BF, U+06FF */
const uint16_t *marsad_text_arabic_pairs(void);

/* The index in marsad_text_arabic_pairs() of the bytes s[0], s[1]:
 * TEXT_PAIR_SPAN or more when no character of U+0600–U+06FF can start
 * with them. */
static inline unsigned text_pair(const unsigned char *s)
{
	return (unsigned)(s[0] | s[1] << 8) - TEXT_PAIR_FIRST;
}

/* The entry of marsad_text_arabic_pairs() (passed as t) for s[0], s[1]. */
static inline uint16_t text_arabic_fold(const uint16_t *t,
					const unsigned char *s)
{
	unsigned at = text_pair(s);
	return at < TEXT_PAIR_SPAN ? t[at] : TEXT_ARABIC_STOP;
}

/*
 * Folds one code point (any scalar value) into out; returns the number of
 * units (0 when the character vanishes).
 */
size_t marsad_text_fold(uint32_t cp, text_unit out[TEXT_FOLD_MAX]);

/*
 * Decodes the UTF-8 sequence at s (len > 0 bytes available). Returns its
 * length and the code point in *cp; for an invalid sequence returns the
 * length of its maximal invalid prefix (at least 1, as Unicode §3.9
 * recommends for U+FFFD substitution) and sets *cp to TEXT_BAD_CP.
 */
static inline size_t text_decode(const unsigned char *s, size_t len,
				 uint32_t *cp)
{
	unsigned b = s[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;
	uint32_t v;
	if (b < 0xC2) {
		goto bad1;
	} else if (b < 0xE0) {
		need = 1;
		v = b & 0x1F;
	} else if (b < 0xF0) {
		need = 2;
		v = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0; /* overlong */
		else if (b == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (b < 0xF5) {
		need = 3;
		v = b & 0x07;
		if (b == 0xF0)
			lo = 0x90; /* overlong */
		else if (b == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else {
		goto bad1;
	}
	if (len < 2 || s[1] < lo || s[1] > hi)
		goto bad1;
	v = (v << 6) | (s[1] & 0x3F);
	for (size_t k = 2; k <= need; k++) {
		if (k >= len || (s[k] & 0xC0) != 0x80) {
			*cp = TEXT_BAD_CP;
			return k;
		}
		v = (v << 6) | (s[k] & 0x3F);
	}
	*cp = v;
	return need + 1;
bad1:
	*cp = TEXT_BAD_CP;
	return 1;
}

/*
 * Decodes and folds the character at s[i] (i < len): stores its units in u,
 * their number in *n, and returns the number of source bytes taken (>= 1).
 * Invalid UTF-8 gives one TEXT_BAD unit (U+FFFD).
 */
static inline size_t text_next(const unsigned char *s, size_t len, size_t i,
			       text_unit *u, size_t *n)
{
	unsigned b = s[i];
	if (b < 0x80) {
		const text_fast *f = &marsad_text_ascii[b];
		u[0].cp = f->to ? f->to : b;
		u[0].cls = f->cls;
		*n = 1;
		return 1;
	}
	/* Lead bytes D8–DB with one continuation byte: U+0600–U+06FF. */
	if ((b & 0xFC) == 0xD8 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
		unsigned idx = ((b & 3u) << 6) | (s[i + 1] & 0x3Fu);
		const text_fast *f = &marsad_text_arabic[idx];
		if (f->cls == TEXT_IGNORE) {
			*n = 0;
		} else {
			u[0].cp = f->to ? f->to : 0x600u + idx;
			u[0].cls = f->cls;
			*n = 1;
		}
		return 2;
	}
	uint32_t cp;
	size_t k = text_decode(s + i, len - i, &cp);
	if (cp == TEXT_BAD_CP) {
		u[0].cp = 0xFFFD;
		u[0].cls = TEXT_BAD;
		*n = 1;
	} else {
		*n = marsad_text_fold(cp, u);
	}
	return k;
}


/* The source byte where the word starting at s[a] (and ending before
 * end) continues after its first letters that make `bytes` folded bytes,
 * marks written on them included; a when the letters do not line up (a
 * ligature). For a clitic counted in the normalized word: a presentation
 * form (ﻗ) or a mark takes other bytes in the text than in the word. */
static inline size_t text_skip_folded(const char *s, size_t a, size_t end,
				       size_t bytes)
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

/*
 * A 64-bit hash of a word for the analyzer's tables: the length and the
 * first and last eight bytes (four for shorter words, single bytes below
 * four), so O(1) per word, which matters because every Arabic word of
 * every text is hashed; then one multiply-xorshift round so that every
 * bit of the result depends on every loaded byte. Words sharing their
 * first and last eight bytes collide, which costs a probe, never a result.
 */
static inline uint64_t text_hash(const char *w, size_t len)
{
	uint64_t a = 0, b = 0;
	if (len >= 8) {
		memcpy(&a, w, 8);
		memcpy(&b, w + len - 8, 8);
	} else if (len >= 4) {
		uint32_t x, y;
		memcpy(&x, w, 4);
		memcpy(&y, w + len - 4, 4);
		a = x;
		b = y;
	} else {
		for (size_t i = 0; i < len; i++)
			a = (a << 8) | (unsigned char)w[i];
	}
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^
		     (b * 0xC2B2AE3D27D4EB4Full) ^ (len * 0x165667B19E3779F9ull);
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	return h ^ (h >> 32);
}

/* Are the len bytes at a and b the same? Inline for the short words the
 * analyzer compares all the time: at most two loads from each side. */
static inline int text_same(const char *a, const char *b, size_t len)
{
	if (len >= 8 && len <= 16) {
		uint64_t a0, a1, b0, b1;
		memcpy(&a0, a, 8);
		memcpy(&a1, a + len - 8, 8);
		memcpy(&b0, b, 8);
		memcpy(&b1, b + len - 8, 8);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	if (len >= 4 && len < 8) {
		uint32_t a0, a1, b0, b1;
		memcpy(&a0, a, 4);
		memcpy(&a1, a + len - 4, 4);
		memcpy(&b0, b, 4);
		memcpy(&b1, b + len - 4, 4);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	return memcmp(a, b, len) == 0;
}

/*
 * A word set: the one table behind the stopword list and the stemmer's
 * lexicons. Each word carries a byte of tags (meaning is the caller's);
 * adding a word again ORs the tags in. Open addressing with linear probing
 * in a power-of-two table kept at most half full; a slot holds the word's
 * place in a byte pool and a 16-bit fingerprint of its hash, so a probe
 * that meets another word almost never compares bytes. An optional
 * blocked Bloom filter (one 64-bit word per word, three bits in it) turns
 * most misses away before the table is touched: the stemmer asks about
 * several slices of every word and most are in no lexicon.
 *
 * Cost of a lookup: the hash (text_hash, O(1)), one load from the filter
 * and, for the few words that pass it, about 1.5 slot probes and one
 * comparison. The caller owns all storage; nothing is allocated.
 */
typedef struct text_wordset_slot {
	uint32_t off;  /* into pool */
	uint16_t fp;   /* bits 48–63 of the hash */
	uint8_t len;   /* bytes; 0: empty slot */
	uint8_t tags;
} text_wordset_slot;

typedef struct text_wordset {
	text_wordset_slot *slots;
	size_t mask;        /* slot count − 1 (a power of two minus one) */
	size_t count;
	uint64_t *bloom;    /* NULL: no filter */
	size_t bloom_mask;  /* filter words − 1 */
	char *pool;
	size_t pool_len, pool_cap;
	size_t longest;     /* bytes of the longest word */
} text_wordset;

/*
 * Prepares an empty set over caller-owned storage: nslots slots and nbloom
 * filter words (both zeroed powers of two; bloom may be NULL) and a pool of
 * pool_cap bytes. Holds at most nslots / 2 words, of 1–255 bytes.
 */
void marsad_text_wordset_init(text_wordset *s, text_wordset_slot *slots,
			      size_t nslots, uint64_t *bloom, size_t nbloom,
			      char *pool, size_t pool_cap);

/* Adds w, whose hash is h (or ORs tags into it). Returns 0, or
 * MARSAD_ETOOBIG when the set or its pool is full or w is empty or longer
 * than 255 bytes (w is then not added). */
int marsad_text_wordset_add(text_wordset *s, const char *w, size_t len,
			    uint64_t h, unsigned tags);

/* The filter bits of hash h: three bit positions within one word. */
static inline uint64_t text_bloom_bits(uint64_t h)
{
	return (1ull << ((h >> 32) & 63)) | (1ull << ((h >> 38) & 63)) |
	       (1ull << ((h >> 44) & 63));
}

/* The slot holding w (whose hash is h), or the empty slot where it would
 * go. The table must have an empty slot. */
static inline text_wordset_slot *text_wordset_find(const text_wordset *s,
						   const char *w, size_t len,
						   uint64_t h)
{
	uint16_t fp = (uint16_t)(h >> 48);
	for (size_t i = h & s->mask;; i = (i + 1) & s->mask) {
		text_wordset_slot *e = &s->slots[i];
		if (!e->len || (e->fp == fp && e->len == len &&
				text_same(s->pool + e->off, w, len)))
			return e;
	}
}

/* Starts loading the slot a lookup of hash h will read first. */
static inline void text_wordset_prefetch(const text_wordset *s, uint64_t h)
{
	if (s->slots)
		__builtin_prefetch(&s->slots[h & s->mask]);
}

/* The tags of w (whose hash is h): 0 when w is not in the set. */
static inline unsigned text_wordset_tags(const text_wordset *s, const char *w,
					 size_t len, uint64_t h)
{
	if (len == 0 || len > s->longest)
		return 0;
	if (s->bloom) {
		uint64_t m = text_bloom_bits(h);
		if ((s->bloom[(h >> 16) & s->bloom_mask] & m) != m)
			return 0;
	}
	return text_wordset_find(s, w, len, h)->tags;
}

/*
 * The word set behind marsad_is_stopword(), loaded on first use:
 * normalized words tagged TEXT_WORD_STOP (stopwords) or TEXT_WORD_TITLE
 * (titles that announce a name: "الرئيس", "الجنرال"). Static; read-only
 * once returned.
 */
#define TEXT_WORD_STOP  0x01u
#define TEXT_WORD_TITLE 0x02u
const text_wordset *marsad_text_words(void);

/*
 * marsad_stem() without the copy: the stem of the normalized word w (len
 * > 0) is w[*start, *start + returned length), a slice of it; *flags
 * receives MARSAD_STEM_* result flags.
 */
size_t marsad_text_stem(const char *w, size_t len, unsigned hints,
			size_t *start, unsigned *flags);

/*
 * Folds one lexicon entry with the analyzer's fold into out (cap bytes) and
 * returns its length, or 0 when the entry is not one word (it holds white
 * space, punctuation or an invalid byte), when arabic_only and it holds
 * anything but Arabic letters, or when it does not fit. Lexicons are
 * written in any spelling; this is what makes them match the analyzer.
 */
size_t marsad_text_fold_entry(const char *line, size_t n, int arabic_only,
			      char *out, size_t cap);

#endif
