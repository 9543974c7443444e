/*
 * clean_int.h — what the cleaner's three files share: the folded key of a
 * line, the built-in rules of data/boilerplate.txt (rules.c) and the outlet
 * memory that learns repeated lines (learn.c). clean.c runs them over an
 * article.
 */
#ifndef MARSAD_CLEAN_INT_H
#define MARSAD_CLEAN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "marsad/clean.h"
#include "marsad/marsad.h"

/*
 * Lines longer than this many bytes are prose, never furniture: no rule
 * looks at them (an HTML leftover is still cut out). Rules stop at 30
 * words, some 200 bytes of Arabic, and a title rarely passes 150 bytes; the
 * cap keeps the cleaner fast on paragraphs and on soup with no line breaks.
 */
#define CLEAN_LINE_MAX 512

/* Lines of one body looked at; past them (soup, not an article) the rest
 * is kept as it is and not learnt from, so memory stays bounded. */
#define CLEAN_LINES_MAX ((size_t)1 << 18)

/* Scratch memory for folding lines, reused from line to line. */
typedef struct clean_scratch {
	marsad_buf norm; /* marsad_normalize() output */
	marsad_buf key;  /* a key built on the side (label, credit) */
} clean_scratch;

void clean_scratch_clear(clean_scratch *s);

/*
 * Appends to out the folded key of s: marsad_normalize(), then only the
 * runs of letters, marks and digits (and the signs © ®, each a word of its
 * own), joined by one space. "اقرأ أيضاً||" and "اقرا ايضا:" both give
 * "اقرا ايضا". *words receives the number of words. Returns 0 or a
 * MARSAD_E* code.
 */
int clean_key(const char *s, size_t len, clean_scratch *scr, marsad_buf *out,
	      size_t *words);

/* 64-bit fingerprint of a key (FNV-1a, then a finalizing mix). */
uint64_t clean_fingerprint(const char *key, size_t len);

/*
 * How a line ends, closing quotes and brackets skipped: '.' for a full
 * stop or an ellipsis, '!' for ! ? and U+061F ARABIC QUESTION MARK, ':' for
 * a colon, 0 for anything else.
 */
int clean_end_mark(const char *s, size_t n);

/* How a rule of the lexicon matches (see the top of data/boilerplate.txt). */
typedef enum clean_how {
	CLEAN_LINE = 1,
	CLEAN_PROMPT,
	CLEAN_LIST,
	CLEAN_START,
	CLEAN_CONTAINS,
	CLEAN_END,
	CLEAN_LABEL,
	CLEAN_CREDIT,
	CLEAN_TAG,
	CLEAN_DATEWORD,
	CLEAN_DATEFILL,
	CLEAN_CLOSING,
	CLEAN_SPLIT
} clean_how;

typedef struct clean_rules clean_rules;

/*
 * The built-in rules, parsed from data/boilerplate.txt on first use and
 * kept for the life of the process (so their reason strings are static).
 * Thread-safe. Fails with MARSAD_EFORMAT if the lexicon is malformed.
 */
int clean_rules_get(const clean_rules **out);

/*
 * Matches one line (raw text s, n bytes; its key and word count) against
 * the lexicon's phrase rules: whole-line, start, contains, end, closing,
 * label and credit. Returns 1 and sets *reason and *how on a match, 0 when
 * none matches, or a negative MARSAD_E* code. A closing rule's match (*how
 * CLEAN_CLOSING) says the line goes if it closes the article: the caller
 * decides that by its place.
 */
int clean_rules_match(const clean_rules *r, const char *s, size_t n,
		      const char *key, size_t klen, size_t words,
		      clean_scratch *scr, const char **reason, clean_how *how);

/*
 * Where a split rule's pattern first stands in the raw text s[0..n) (see
 * data/boilerplate.txt): its offset, with its end in *end, its reason in
 * *reason and in *rest_words the most words the rest of the line may have
 * to go with it (its "/N", 0 without); n when none does. Cost: a memchr()
 * over s for each letter a pattern begins with (in either case), and a
 * compare where one stands.
 */
size_t clean_rules_split(const clean_rules *r, const char *s, size_t n,
			 size_t *end, const char **reason, size_t *rest_words);

/* Non-zero when key (words long) is a dateline: numbers and date words
 * only, with a number and a month or weekday name, or three numbers. */
int clean_rules_dateline(const clean_rules *r, const char *key, size_t klen,
			 size_t words);

/* Non-zero when key is a credit of the lexicon (an agency or a photo
 * source: "رويترز", "AFP"). */
int clean_rules_is_credit(const clean_rules *r, const char *key, size_t klen);

/* Non-zero when name (ASCII letters and digits) is an HTML element. */
int clean_rules_is_tag(const clean_rules *r, const char *name, size_t len);

/* The lexicon's reasons for a cut HTML leftover and for a dateline. */
const char *clean_rules_tag_reason(const clean_rules *r);
const char *clean_rules_date_reason(const clean_rules *r);

/* ---- the outlet memory (learn.c) ------------------------------------ */

/* Non-zero when a line of this key size is short enough to be learnt. */
int clean_learnable(size_t klen, size_t words);

typedef struct clean_outlet clean_outlet;

/* The memory of one outlet, or NULL if c is NULL or never saw it. */
const clean_outlet *clean_outlet_find(const marsad_cleaner *c,
				      const char *name);

/*
 * The removal reason "repeated across <outlet> pages" when the line with
 * this key (a learnable one) has been learnt as the outlet's boilerplate,
 * else NULL. `sentence` says the line ends a sentence: such a line needs
 * more pages of evidence.
 */
const char *clean_outlet_learnt(const clean_outlet *o, const char *key,
				size_t klen, int sentence);

#endif
