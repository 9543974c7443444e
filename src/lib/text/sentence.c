/*
 * sentence.c — marsad_sentences(): sentence spans for news text.
 *
 * One forward pass with one character of look-back and a short look-ahead.
 * A sentence ends:
 *   - at every line break (\n \r \v \f U+0085 U+2028 U+2029): news text
 *     puts each paragraph, title and caption on its own line;
 *   - after a run of end marks . ! ? ؟ (U+061F) ۔ (U+06D4), together with
 *     the closing quotes and brackets that follow it, when white space or
 *     the end of the text comes next; a lone run of end marks after that
 *     (". ." as typed in the seeds) is taken into the same sentence.
 * It does not end:
 *   - inside a quotation “…” «…» "…" unless the closing quote follows the
 *     end mark ("قال: “...انتهى.” ثم" ends after ”); a quotation that is
 *     not closed on its line ends with the line;
 *   - in a number (3.5), a domain (marsad.db) or before any other
 *     non-space character;
 *   - at an ellipsis (… or two or more periods), which in Arabic news
 *     marks a pause more often than an end;
 *   - after an abbreviation: a one-letter word (د. دكتور, م. مهندس/ميلادي,
 *     ص. صفحة, ه. هجري, J. K.), a short Latin title (Dr. Mr. Prof. ...),
 *     or a leading list number ("1. ").
 * Quote characters that serve both ways (" “ ”; outlets close with “ too)
 * are opening when white space is on their left only, closing when it is
 * on their right only, and otherwise toggle the quotation state — the
 * "flanking" rule of CommonMark emphasis, applied to quotes.
 */
#define _GNU_SOURCE /* memmem */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "text_internal.h"

/* \n \v \f \r are U+000A–U+000D. */
static inline int is_break(uint32_t c)
{
	return (c >= '\n' && c <= '\r') || c == 0x85 || c == 0x2028 ||
	       c == 0x2029;
}

static inline int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
	       c == 0x3000 || is_break(c);
}

static int is_end(uint32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x06D4;
}

static int is_quote(uint32_t c)
{
	return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E ||
	       c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A;
}

static int is_closer(uint32_t c)
{
	return c == ')' || c == ']' || c == '}';
}

/* Punctuation after which a quote still reads as closing. */
static int is_trailing(uint32_t c)
{
	return is_end(c) || is_closer(c) || c == ',' || c == ';' ||
	       c == ':' || c == 0x060C || c == 0x061B || c == 0x2026;
}

/* 1 for a letter, 0 for a character that vanishes in normalization
 * (harakat, tatweel, joiners), -1 for anything else. ASCII and the Arabic
 * block U+0600–U+06FF, nearly every character of a news text, are read
 * from the fold's own tables (what marsad_text_fold() does for them,
 * without the call); every other code point is folded. No letter and no
 * vanishing character is a space, a quote, a closer or an end mark (true
 * of every code point, checked one by one), so the caller tests those
 * only for -1. */
static int letter_class(uint32_t c)
{
	unsigned cls;
	if (c < 0x80) {
		cls = marsad_text_ascii[c].cls;
	} else if (c - 0x600 < 0x100) {
		cls = marsad_text_arabic[c - 0x600].cls;
		if (cls == TEXT_IGNORE)
			return 0;
	} else if (c == TEXT_BAD_CP) {
		return -1;
	} else {
		text_unit u[TEXT_FOLD_MAX];
		if (marsad_text_fold(c, u) == 0)
			return 0;
		cls = u[0].cls;
	}
	return cls == TEXT_ARABIC || cls == TEXT_LATIN || cls == TEXT_LETTER
		       ? 1
		       : -1;
}

static int is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) ||
	       (c >= 0x6F0 && c <= 0x6F9);
}

/* The code point at s[i] (0 past the end) and its length in *k. ASCII
 * and the two-byte Arabic block are decoded here, the rest by
 * text_decode(). */
static inline uint32_t at(const unsigned char *s, size_t len, size_t i,
			  size_t *k)
{
	uint32_t c;
	if (i >= len) {
		*k = 0;
		return 0;
	}
	if (s[i] < 0x80) {
		*k = 1;
		return s[i];
	}
	if ((s[i] & 0xFC) == 0xD8 && i + 1 < len &&
	    (s[i + 1] & 0xC0) == 0x80) {
		*k = 2;
		return 0x600 + (((s[i] & 3u) << 6) | (s[i + 1] & 0x3Fu));
	}
	*k = text_decode(s + i, len - i, &c);
	return c;
}

/*
 * What arabic_run() does with two bytes: RUN_LETTER for an Arabic letter
 * of U+0600–U+06FF, RUN_MARK for a character of the block that vanishes
 * in normalization, RUN_END for any other character of the block. The
 * index is the two bytes at hand, run_at(): a lead byte D8–DB and a
 * continuation byte fall in the table's span; two bytes that are no such
 * character are RUN_END or outside it. One load a character, where
 * decoding it first costs a dozen instructions.
 */
enum { RUN_END = 0, RUN_LETTER, RUN_MARK };
#define RUN_FIRST 0x80D8u /* run_at() of D8 80 */
#define RUN_SPAN (0xBFDBu - RUN_FIRST + 1) /* up to DB BF */
static unsigned char run_class[RUN_SPAN];
static pthread_once_t run_once = PTHREAD_ONCE_INIT;

static inline unsigned run_at(const unsigned char *p)
{
	return (unsigned)(p[0] | p[1] << 8) - RUN_FIRST;
}

static void run_load(void)
{
	for (unsigned idx = 0; idx < 256; idx++) {
		unsigned cls = marsad_text_arabic[idx].cls;
		unsigned char u[2] = {(unsigned char)(0xD8 | idx >> 6),
				      (unsigned char)(0x80 | (idx & 0x3F))};
		run_class[run_at(u)] = cls == TEXT_ARABIC   ? RUN_LETTER :
				       cls == TEXT_IGNORE ? RUN_MARK :
							    RUN_END;
	}
}

/*
 * The run of Arabic words that starts at s[i], inside a word: letters and
 * vanishing marks of U+0600–U+06FF (lead bytes D8–DB), and each single
 * space (U+0020) that a letter follows, which carry most of the bytes of
 * an Arabic text. Adds the letters of the word being read to *letters,
 * starts a new word (*wstart, *letters) after each space, leaves the last
 * letter in *prev and returns the run's length in bytes. The main loop
 * would reach the same state one character at a time (a space between
 * words only sets prev and ends the word; a letter after it starts one
 * of one letter); this is that loop with nothing left to test.
 */
static size_t arabic_run(const unsigned char *s, size_t len, size_t i,
			 size_t *wstart, size_t *letters, uint32_t *prev)
{
	const unsigned char *p = s + i, *end = s + len - 1, *last = NULL;
	size_t n = *letters;
	while (p < end) {
		unsigned at = run_at(p);
		unsigned cls = at < RUN_SPAN ? run_class[at] : RUN_END;
		if (cls == RUN_LETTER) {
			n++;
			last = p;
		} else if (p[0] == ' ' && p + 1 < end &&
			   (at = run_at(p + 1)) < RUN_SPAN &&
			   run_class[at] == RUN_LETTER) {
			*wstart = (size_t)(p + 1 - s);
			n = 0;
			p++;
			continue;
		} else if (cls != RUN_MARK) {
			break;
		}
		p += 2;
	}
	*letters = n;
	if (last)
		*prev = 0x600 + (((last[0] & 3u) << 6) | (last[1] & 0x3Fu));
	return (size_t)(p - (s + i));
}

/* Whether a quote between prev and next opens a quotation. */
static int opens(uint32_t q, uint32_t prev, uint32_t next, int in_quote)
{
	int left = prev == 0 || is_space(prev) || prev == '(' || prev == '[';
	int right = next == 0 || is_space(next) || is_trailing(next);
	if (left && !right)
		return 1;
	if (right && !left)
		return 0;
	if (q == 0xAB || q == 0x2039 || q == 0x201E)
		return 1;
	if (q == 0xBB || q == 0x203A)
		return 0;
	return !in_quote;
}

/* Short Latin words that end with a period without ending a sentence.
 * The word is lower-cased between two spaces and looked for in one
 * space-separated string: one memmem() instead of a strcasecmp() per
 * entry, which mattered because every sentence that ends in a word asks. */
static int latin_abbrev(const char *w, size_t n)
{
	static const char list[] =
		" dr mr mrs ms prof st jr sr gen col lt sgt capt gov sen rep"
		" vs etc no inc ltd co corp mt ft vol fig ";
	char key[8]; /* longer than every entry with its two spaces */
	if (n + 2 > sizeof key)
		return 0;
	key[0] = ' ';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i] | 0x20;
		if (c < 'a' || c > 'z')
			return 0;
		key[i + 1] = (char)c;
	}
	key[n + 1] = ' ';
	return memmem(list, sizeof list - 1, key, n + 2) != NULL;
}

typedef struct splitter {
	marsad_span *v;
	size_t n, cap;
	int rc;
} splitter;

static void push(splitter *sp, size_t a, size_t b)
{
	if (a >= b || sp->rc)
		return;
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 16;
		marsad_span *v = realloc(sp->v, cap * sizeof *v);
		if (!v) {
			sp->rc = MARSAD_ENOMEM;
			return;
		}
		sp->v = v;
		sp->cap = cap;
	}
	sp->v[sp->n].start = a;
	sp->v[sp->n++].end = b;
}

/*
 * Whether the end mark at s[i] ends the sentence; if so, *stop receives the
 * end of the sentence (past further end marks, closing quotes and
 * brackets, and a lone run of end marks after a space).
 */
static int ends_here(const unsigned char *s, size_t len, size_t i,
		     int in_quote, size_t *stop)
{
	size_t k, j = i, periods = 0, marks = 0;
	uint32_t c = at(s, len, j, &k);
	while (k && is_end(c)) {
		periods += c == '.';
		marks++;
		j += k;
		c = at(s, len, j, &k);
	}
	if (marks >= 2 && periods == marks)
		return 0; /* an ellipsis */
	uint32_t prev = '.';
	int closed = 0;
	while (k && (is_quote(c) || is_closer(c))) {
		size_t k2;
		uint32_t next = at(s, len, j + k, &k2);
		if (is_quote(c)) {
			if (opens(c, prev, next, in_quote))
				break;
			closed = 1;
		}
		prev = c;
		j += k;
		c = at(s, len, j, &k);
	}
	if (k && !is_space(c))
		return 0;
	if (in_quote && !closed)
		return 0;
	/* A lone run of end marks after a space joins this sentence. */
	size_t m = j;
	while (k && is_space(c) && !is_break(c)) {
		m += k;
		c = at(s, len, m, &k);
	}
	if (k && is_end(c)) {
		size_t r = m;
		while (k && is_end(c)) {
			r += k;
			c = at(s, len, r, &k);
		}
		if (!k || is_space(c))
			j = r;
	}
	*stop = j;
	return 1;
}

int marsad_sentences(const char *str, size_t len, marsad_span **out,
		     size_t *n)
{
	if (!out || !n || (!str && len))
		return MARSAD_EINVAL;
	*out = NULL;
	*n = 0;
	pthread_once(&run_once, run_load);
	const unsigned char *s = (const unsigned char *)str;
	splitter sp = {NULL, 0, 0, 0};
	size_t start = SIZE_MAX, last = 0; /* sentence start, end of its
					      last non-space character */
	size_t wstart = 0, wletters = 0;   /* the word being read */
	int in_quote = 0, only_digits = 1;
	uint32_t prev = 0;
	for (size_t i = 0, k; i < len && !sp.rc; i += k) {
		uint32_t c = at(s, len, i, &k);
		int lc = letter_class(c);
		if (lc < 0 && is_space(c)) {
			if (is_break(c)) {
				if (start != SIZE_MAX)
					push(&sp, start, last);
				start = SIZE_MAX;
				in_quote = 0;
			}
			prev = c;
			wletters = 0;
			continue;
		}
		if (start == SIZE_MAX) {
			start = i;
			only_digits = 1;
		}
		last = i + k;
		if (lc < 0 && is_quote(c)) {
			size_t k2;
			in_quote = opens(c, prev, at(s, len, i + k, &k2),
					 in_quote);
		} else if (lc < 0 && is_end(c)) {
			/* A one-letter word, a Latin title or a list number
			 * before a single period: an abbreviation. */
			size_t k2, stop;
			int abbrev =
				c == '.' && at(s, len, i + 1, &k2) != '.' &&
				((wletters == 1) ||
				 (wletters > 1 &&
				  latin_abbrev(str + wstart, i - wstart)) ||
				 (only_digits && is_digit(prev)));
			/* The run of end marks was judged at its first. */
			if (!abbrev && !is_end(prev) &&
			    ends_here(s, len, i, in_quote, &stop)) {
				push(&sp, start, stop);
				start = SIZE_MAX;
				in_quote = 0;
				k = stop - i;
				prev = 0;
				wletters = 0;
				continue;
			}
		}
		if (lc > 0) {
			if (!wletters) {
				wstart = i;
				/* "2015م." is a year, not an abbreviation. */
				wletters = is_digit(prev) ? 2 : 0;
			}
			wletters++;
			only_digits = 0;
			prev = c;
			k += arabic_run(s, len, i + k, &wstart, &wletters,
					&prev);
			last = i + k;
		} else if (lc < 0) {
			wletters = 0;
			if (only_digits && !is_digit(c))
				only_digits = 0;
		}
		if (lc < 0)
			prev = c;
	}
	if (start != SIZE_MAX)
		push(&sp, start, last);
	if (sp.rc) {
		free(sp.v);
		return sp.rc;
	}
	*out = sp.v;
	*n = sp.n;
	return 0;
}
