/*
 * dates.c — date expressions in Arabic text (extract.h).
 *
 * One pass over the text cuts it into elements: Arabic words (each
 * normalized as marsad_normalize() does, the analyzer's folding, its
 * letters folded through the analyzer's table while they are read), runs
 * of digits of any script, punctuation and line breaks, each with its
 * byte span in the original text. The words are looked up in a hash table
 * built once from data/dates_months.txt and data/dates_words.txt, behind
 * a test of the word's ending and length and a one-bit-per-word filter,
 * which answer most words (multi-word names such as "تشرين الثاني" match
 * greedily, with the clitics و ف ب ل ك allowed in front), which turns the
 * elements, in place, into items: lexicon words, numbers, separators. A
 * small hand-written grammar then walks the items once, left to right,
 * trying at each number and at each word that can begin a date the forms
 * of extract.h in a fixed order; what parses is resolved against the
 * publication date.
 *
 * Calendar arithmetic is done in days since 1970-01-01 (proleptic
 * Gregorian); the Hijri calendar is the tabular one (extract.h). No regular
 * expressions and no pass per pattern: the cost is a table step per code
 * point, an ending test per word, a filter test per clitic-stripped form
 * of the few words that pass it, plus a few item comparisons where an
 * anchor word or number is.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/extract.h"
#include "marsad/text.h"
#include "text/text_internal.h"

MARSAD_DATA(dates_months);
MARSAD_DATA(dates_words);

/* ---- the lexicon -------------------------------------------------------- */

enum lclass {
	L_MONTH = 1, L_WEEKDAY, L_DAYREL, L_MOD, L_UNIT, L_PART, L_CUE,
	L_PREP, L_ERA, L_ORD, L_NUM, L_DECADE, L_SEASON, L_PERIOD, L_FREQ,
	L_FEW, L_HALF, L_THIS, L_FUTURE, L_DAYPART, L_HOLY, L_LINK, L_OF, L_IN,
	L_COUNTER, L_DAYWORD, L_MEASURE
};

enum { CAL_G = 1, CAL_H };
enum { MOD_PAST = 1, MOD_NEXT, MOD_CURRENT, MOD_RECENT, MOD_BEFORE,
       MOD_AFTER, MOD_FEW };
enum { U_DAY = 1, U_WEEK, U_MONTH, U_YEAR, U_DECADE, U_CENTURY };
enum { F_ONE = 1, F_THE, F_TWO, F_MANY, F_THEMANY };
enum { PART_START = 1, PART_MID, PART_END };
enum { PR_SINCE = 1, PR_AGO, PR_AFTER, PR_DURING, PR_UNTIL };
enum { ERA_HIJRI = 1, ERA_GREG };

static const struct {
	const char *name;
	unsigned char cls;
} class_names[] = {
	{"weekday", L_WEEKDAY}, {"dayrel", L_DAYREL}, {"mod", L_MOD},
	{"unit", L_UNIT}, {"part", L_PART}, {"cue", L_CUE},
	{"prep", L_PREP}, {"era", L_ERA}, {"ord", L_ORD}, {"num", L_NUM},
	{"decade", L_DECADE}, {"season", L_SEASON}, {"period", L_PERIOD},
	{"freq", L_FREQ}, {"few", L_FEW}, {"half", L_HALF}, {"this", L_THIS},
	{"future", L_FUTURE}, {"daypart", L_DAYPART}, {"holy", L_HOLY},
	{"link", L_LINK}, {"of", L_OF}, {"in", L_IN}, {"counter", L_COUNTER},
	{"dayword", L_DAYWORD}, {"measure", L_MEASURE},
};

/* Keyword arguments of the words lexicon, by class. */
static const struct {
	unsigned char cls;
	const char *name;
	short value;
} arg_names[] = {
	{L_MOD, "past", MOD_PAST}, {L_MOD, "next", MOD_NEXT},
	{L_MOD, "current", MOD_CURRENT}, {L_MOD, "recent", MOD_RECENT},
	{L_MOD, "before", MOD_BEFORE}, {L_MOD, "after", MOD_AFTER},
	{L_MOD, "few", MOD_FEW},
	{L_PART, "start", PART_START}, {L_PART, "mid", PART_MID},
	{L_PART, "end", PART_END},
	{L_PREP, "since", PR_SINCE}, {L_PREP, "ago", PR_AGO},
	{L_PREP, "after", PR_AFTER}, {L_PREP, "during", PR_DURING},
	{L_PREP, "until", PR_UNTIL},
	{L_ERA, "hijri", ERA_HIJRI}, {L_ERA, "greg", ERA_GREG},
	{L_CUE, "date", 1},
	{L_UNIT, "day", U_DAY}, {L_UNIT, "week", U_WEEK},
	{L_UNIT, "month", U_MONTH}, {L_UNIT, "year", U_YEAR},
	{L_UNIT, "decade", U_DECADE}, {L_UNIT, "century", U_CENTURY},
	{L_UNIT, "one", F_ONE}, {L_UNIT, "the", F_THE}, {L_UNIT, "two", F_TWO},
	{L_UNIT, "many", F_MANY}, {L_UNIT, "themany", F_THEMANY},
};

struct entry {
	char *words;      /* normalized, one space between words */
	size_t len;
	size_t first_len; /* bytes of the first word */
	unsigned char cls;
	unsigned char amb; /* needs date context (a "?" in the lexicon) */
	short arg, arg2;   /* month: number, calendar; unit: kind, form */
	int next;          /* next entry in the hash bucket, -1 ends */
};

#define LEX_BUCKETS 1024
#define LEX_FILTER 512 /* 64-bit words: 32768 bits */
#define LEX_TAIL_BITS 10
#define LEX_TAILS (1u << LEX_TAIL_BITS)

static struct {
	struct entry *e;
	size_t n, cap;
	int bucket[LEX_BUCKETS];
	/* One bit per first word of an entry, chosen by its hash: a word
	 * whose bit is clear begins no entry. With at most some 430 first
	 * words set, one test turns away all but about one in eighty of the
	 * words that begin no entry, which most words of a text are
	 * (probe()). */
	uint64_t filter[LEX_FILTER];
	/* The lengths (bit min(len, 63)) of the words that may reach an
	 * entry's first word, by the hash of its last six bytes (a first
	 * word of six bytes or more) or four (a shorter one), tail_word():
	 * lookup() strips at most four bytes from the front of a word and
	 * leaves four at least, so a word ends like every form of it that
	 * it probes and is as long or two or four bytes longer. One or two
	 * loads turn away the words whose ending and length no first word
	 * has (lookup()), before any form of them is hashed. */
	uint64_t tails[2][LEX_TAILS];
	int status;
} lex;

/* The bucket of the last n bytes of w (n is 4 or 6, at most len) in
 * lex.tails, and the bit of a length there. */
static uint64_t *tail_word(const char *w, size_t len, size_t n)
{
	uint64_t t = 0;
	memcpy(&t, w + len - n, n);
	return &lex.tails[n == 6][(t * 0x9E3779B97F4A7C15ull) >>
				  (64 - LEX_TAIL_BITS)];
}

static uint64_t tail_bit(size_t len)
{
	return (uint64_t)1 << (len < 63 ? len : 63);
}

/* Can a form of the word w begin an entry (see lex.tails)? Words of
 * fewer than four bytes are not filtered. */
static int tail_may(const char *w, size_t len)
{
	if (len < 4)
		return 1;
	uint64_t bit = tail_bit(len);
	return (*tail_word(w, len, 4) & bit) ||
	       (len >= 6 && (*tail_word(w, len, 6) & bit));
}

/* A first word's filter word and bit, and its bucket, all from its
 * text_hash(), which costs the same for every length. */
static uint64_t *filter_word(uint64_t h)
{
	return &lex.filter[(h >> 6) & (LEX_FILTER - 1)];
}

static uint64_t filter_bit(uint64_t h)
{
	return (uint64_t)1 << (h & 63);
}

static int *bucket(uint64_t h)
{
	return &lex.bucket[(h >> 32) & (LEX_BUCKETS - 1)];
}

/* The next space-separated field of [*p, end); NULL when none is left. */
static const char *field(const char **p, const char *end, size_t *n)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	const char *e = s;
	while (e < end && *e != ' ' && *e != '\t')
		e++;
	*p = e;
	*n = (size_t)(e - s);
	return e > s ? s : NULL;
}

static int field_is(const char *f, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(f, word, n) == 0;
}

static int parse_int(const char *f, size_t n, short *out)
{
	char tmp[16];
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, f, n);
	tmp[n] = 0;
	char *end;
	long v = strtol(tmp, &end, 10);
	if (*end || v < -30000 || v > 30000)
		return -1;
	*out = (short)v;
	return 0;
}

static short keyword(unsigned char cls, const char *f, size_t n)
{
	for (size_t i = 0; i < sizeof arg_names / sizeof *arg_names; i++)
		if (arg_names[i].cls == cls && field_is(f, n, arg_names[i].name))
			return arg_names[i].value;
	return 0;
}

/* Adds the phrase [p, end) under class/args: normalized, spaces collapsed. */
static int lex_add(unsigned char cls, int amb, short arg, short arg2,
		   const char *p, const char *end)
{
	marsad_buf norm = MARSAD_BUF_INIT;
	if (marsad_normalize(p, (size_t)(end - p), &norm) != 0) {
		marsad_buf_clear(&norm);
		return MARSAD_ENOMEM;
	}
	char *w = malloc(norm.len + 1);
	if (!w) {
		marsad_buf_clear(&norm);
		return MARSAD_ENOMEM;
	}
	size_t n = 0, first = 0;
	const char *q = norm.data, *qe = norm.data + norm.len;
	size_t fl;
	const char *f;
	while ((f = field(&q, qe, &fl))) {
		if (n)
			w[n++] = ' ';
		else
			first = fl;
		memcpy(w + n, f, fl);
		n += fl;
	}
	w[n] = 0;
	marsad_buf_clear(&norm);
	if (n == 0) {
		free(w);
		return 0;
	}
	if (lex.n == lex.cap) {
		size_t cap = lex.cap ? lex.cap * 2 : 256;
		struct entry *ne = realloc(lex.e, cap * sizeof *ne);
		if (!ne) {
			free(w);
			return MARSAD_ENOMEM;
		}
		lex.e = ne;
		lex.cap = cap;
	}
	uint64_t h = text_hash(w, first);
	*filter_word(h) |= filter_bit(h);
	/* the word itself and behind و/ف, ب/ل/ك or both (lookup()) */
	if (first >= 4)
		*tail_word(w, first, first >= 6 ? 6 : 4) |=
			tail_bit(first) | tail_bit(first + 2) | tail_bit(first + 4);
	lex.e[lex.n] = (struct entry){w, n, first, cls, (unsigned char)amb,
				      arg, arg2, *bucket(h)};
	*bucket(h) = (int)lex.n++;
	return 0;
}

/* A line of dates_months.txt: CALENDAR NUMBER NAME. */
static int month_line(void *ctx, const char *line, size_t n)
{
	const char *p = line, *end = line + n, *f;
	size_t fl;
	short num;
	if (!(f = field(&p, end, &fl)) || fl < 1)
		return 0;
	int cal = f[0] == 'h' ? CAL_H : CAL_G;
	int amb = f[fl - 1] == '?';
	if (!(f = field(&p, end, &fl)) || parse_int(f, fl, &num) ||
	    num < 1 || num > 12)
		return 0;
	return lex_add(L_MONTH, amb, num, (short)cal, p, end);
}

/* A line of dates_words.txt: CLASS ARGUMENT PHRASE. */
static int word_line(void *ctx, const char *line, size_t n)
{
	const char *p = line, *end = line + n, *f;
	size_t fl;
	if (!(f = field(&p, end, &fl)))
		return 0;
	int amb = f[fl - 1] == '?';
	if (amb)
		fl--;
	unsigned char cls = 0;
	for (size_t i = 0; i < sizeof class_names / sizeof *class_names; i++)
		if (field_is(f, fl, class_names[i].name))
			cls = class_names[i].cls;
	if (!cls || !(f = field(&p, end, &fl)))
		return 0;
	short arg = 0, arg2 = 0;
	const char *colon = memchr(f, ':', fl);
	if (colon) {
		arg = keyword(cls, f, (size_t)(colon - f));
		arg2 = keyword(cls, colon + 1, fl - (size_t)(colon - f) - 1);
	} else if (parse_int(f, fl, &arg) != 0) {
		arg = keyword(cls, f, fl);
	}
	return lex_add(cls, amb, arg, arg2, p, end);
}

static void lex_load(void)
{
	for (int i = 0; i < LEX_BUCKETS; i++)
		lex.bucket[i] = -1;
	lex.status = marsad_lexicon_each(marsad_data_dates_months,
					 marsad_data_dates_months_len,
					 month_line, NULL);
	if (lex.status == 0)
		lex.status = marsad_lexicon_each(marsad_data_dates_words,
						 marsad_data_dates_words_len,
						 word_line, NULL);
}

/* ---- elements: one pass over the text ------------------------------------ */

/*
 * The scan makes elements of types I_NUM, I_SEP, I_BREAK, I_OTHER and
 * I_WORD (a normalized Arabic word); the lexicon lookup then turns them,
 * in place, into the items the grammar reads, I_WORD becoming I_LEX where
 * a lexicon entry starts.
 */
enum { I_NUM = 1, I_SEP, I_BREAK, I_OTHER, I_WORD, I_LEX };

/* Clitics a lexicon word was found under. */
#define PFX_AND 0x01u /* و or ف */
#define PFX_PREP 0x02u /* ب ل ك */

/* 32 bytes, which every pass over the items reads: offsets fit 32 bits
 * (MARSAD_DATES_MAX). */
struct item {
	uint32_t start, end;
	/* I_WORD, I_LEX: the normalized form of the (first) word in the
	 * scan's norms */
	uint32_t norm;
	uint16_t norm_len;
	short arg, arg2;       /* I_LEX: the entry's */
	int32_t val;           /* I_NUM: value (capped at nine digits) */
	unsigned char ndig;    /* its digits, counted up to UCHAR_MAX */
	unsigned char type, cls, amb, pfx;
	unsigned char space;   /* white space before it */
	unsigned char nisba;   /* I_WORD: "ال…ي", an adjective of relation */
	char sep;              /* I_SEP: the punctuation, folded to ASCII */
};
_Static_assert(MARSAD_DATES_MAX <= UINT32_MAX, "item offsets are 32-bit");

enum { CP_SPACE = 1, CP_BREAK, CP_LETTER, CP_MARK, CP_DIGIT, CP_LATIN,
       CP_PUNCT };

/*
 * Decodes one code point at s[i]; returns its length (1 for an invalid
 * byte, which decodes as U+FFFD).
 */
static size_t decode(const unsigned char *s, size_t len, size_t i,
		     unsigned *cp)
{
	unsigned c = s[i];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (n == 0 || c > 0xf4 || i + n > len)
		goto bad;
	unsigned v = c & (0x7f >> n);
	for (size_t k = 1; k < n; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i + k] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

/* The role of a code point, and for punctuation its ASCII stand-in. */
static int classify(unsigned cp, char *punct, int *digit)
{
	if (cp == '\n' || cp == 0x2028 || cp == 0x2029)
		return CP_BREAK;
	if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' ||
	    cp == '\f' || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000)
		return CP_SPACE;
	if (cp >= '0' && cp <= '9') {
		*digit = (int)(cp - '0');
		return CP_DIGIT;
	}
	/* U+0660..U+0669 ARABIC-INDIC and U+06F0..U+06F9 EXTENDED
	 * ARABIC-INDIC (Persian) digits: Arabic text writes days and years
	 * in either. */
	if (cp >= 0x660 && cp <= 0x669) {
		*digit = (int)(cp - 0x660);
		return CP_DIGIT;
	}
	if (cp >= 0x6f0 && cp <= 0x6f9) {
		*digit = (int)(cp - 0x6f0);
		return CP_DIGIT;
	}
	/* Arabic letters: U+0621..U+063A, U+0641..U+064A, the extended
	 * letters U+066E..U+06D5 and U+06EE..U+06FF, and the presentation
	 * forms U+FB50..U+FDFF, U+FE70..U+FEFC. */
	if ((cp >= 0x621 && cp <= 0x63a) || (cp >= 0x641 && cp <= 0x64a) ||
	    (cp >= 0x66e && cp <= 0x66f) || (cp >= 0x671 && cp <= 0x6d3) ||
	    cp == 0x6d5 || (cp >= 0x6ee && cp <= 0x6ef) ||
	    (cp >= 0x6fa && cp <= 0x6ff) || (cp >= 0xfb50 && cp <= 0xfdfb) ||
	    (cp >= 0xfe70 && cp <= 0xfefc))
		return CP_LETTER;
	/* Inside a word: harakat U+064B..U+065F, superscript alef U+0670,
	 * Quranic marks U+0610..U+061A and U+06D6..U+06ED, tatweel U+0640,
	 * and the invisible joiners and direction marks (U+200C..U+200F,
	 * U+061C, U+FEFF) that the normalization removes. */
	if ((cp >= 0x64b && cp <= 0x65f) || cp == 0x670 ||
	    (cp >= 0x610 && cp <= 0x61a) || (cp >= 0x6d6 && cp <= 0x6ed) ||
	    cp == 0x640 || (cp >= 0x200c && cp <= 0x200f) || cp == 0x61c ||
	    cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return CP_MARK;
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xc0 && cp <= 0x24f))
		return CP_LATIN;
	if (cp < 0x80) {
		*punct = (char)cp;
	} else {
		switch (cp) {
		case 0x2010: case 0x2011: case 0x2012: case 0x2013:
		case 0x2014: case 0x2212:
			*punct = '-';
			break;
		case 0x60c: case 0x66c: /* ARABIC COMMA, THOUSANDS SEPARATOR */
			*punct = ',';
			break;
		case 0x66b: /* ARABIC DECIMAL SEPARATOR */
			*punct = '.';
			break;
		case 0x66a: /* ARABIC PERCENT SIGN */
			*punct = '%';
			break;
		case 0x61b: /* ARABIC SEMICOLON */
			*punct = ';';
			break;
		case 0x61f: /* ARABIC QUESTION MARK */
			*punct = '?';
			break;
		case 0x2044: case 0x2215:
			*punct = '/';
			break;
		case 0xfd3e: case 0xff08: /* ORNATE / FULLWIDTH PARENTHESES */
			*punct = ')';
			break;
		case 0xfd3f: case 0xff09:
			*punct = '(';
			break;
		default:
			*punct = '*';
		}
	}
	return CP_PUNCT;
}

/* Words longer than this (bytes) are not date words. */
#define WORD_MAX 64

struct scan {
	struct item *it;
	size_t n, cap;
	size_t first_cap; /* the capacity of the first allocation */
	marsad_buf norms;
};

/* A new element at the end of sc, or NULL when out of memory. */
static struct item *push_elem(struct scan *sc)
{
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : sc->first_cap;
		struct item *ni = realloc(sc->it, cap * sizeof *ni);
		if (!ni)
			return NULL;
		sc->it = ni;
		sc->cap = cap;
	}
	return &sc->it[sc->n++];
}

/*
 * The role of every code point below U+0800 (ASCII, Latin, the Arabic
 * block: the one- and two-byte UTF-8 sequences), filled once by classify()
 * itself so that the scanner needs no decode()/classify() call for them.
 */
struct cp_role {
	unsigned char cls;
	char punct;
	unsigned char digit;
};
static struct cp_role low_roles[0x800];

static int is_word_part(int cls)
{
	return cls == CP_LETTER || cls == CP_MARK;
}

/*
 * What a word does with a letter or mark of U+0600..U+06FF: the fold
 * from marsad_text_arabic_pairs() (its two UTF-8 bytes as they lie in
 * memory), or PAIR_SKIP when it vanishes, PAIR_STOP when the table leaves
 * it to marsad_normalize()'s general path, PAIR_OTHER when it ends a
 * word. Indexed by the two bytes at hand, text_pair(): a lead byte D8..DB
 * and a continuation byte; any other two bytes are PAIR_OTHER, and so is
 * any other code point: the scanner then asks next_role(). One load a
 * letter, where decoding the pair first costs a dozen instructions.
 */
enum { PAIR_OTHER = 0, PAIR_SKIP, PAIR_STOP };
static uint16_t word_letter[TEXT_PAIR_SPAN];

static void roles_load(void)
{
	for (unsigned cp = 0; cp < 0x800; cp++) {
		char punct = 0;
		int digit = 0;
		low_roles[cp].cls = (unsigned char)classify(cp, &punct, &digit);
		low_roles[cp].punct = punct;
		low_roles[cp].digit = (unsigned char)digit;
	}
	const uint16_t *fold = marsad_text_arabic_pairs();
	for (unsigned idx = 0; idx < 256; idx++) {
		if (!is_word_part(low_roles[0x600 + idx].cls))
			continue;
		unsigned char u[2] = {(unsigned char)(0xD8 | idx >> 6),
				      (unsigned char)(0x80 | (idx & 0x3F))};
		uint16_t v = fold[text_pair(u)];
		word_letter[text_pair(u)] = v == TEXT_ARABIC_SKIP ? PAIR_SKIP :
					    v == TEXT_ARABIC_STOP ? PAIR_STOP : v;
	}
}

/* The role of the code point at s[i] (i < len); returns its length. The
 * two-byte case is decode()'s: lead C2..DF, one continuation byte. */
static inline size_t next_role(const unsigned char *s, size_t len, size_t i,
			       struct cp_role *r)
{
	unsigned c = s[i];
	if (c < 0x80) {
		*r = low_roles[c];
		return 1;
	}
	if (c >= 0xc2 && c < 0xe0 && i + 1 < len &&
	    (s[i + 1] & 0xc0) == 0x80) {
		*r = low_roles[((c & 0x1fu) << 6) | (s[i + 1] & 0x3fu)];
		return 2;
	}
	unsigned cp;
	char punct = 0;
	int digit = 0;
	size_t k = decode(s, len, i, &cp);
	r->cls = (unsigned char)classify(cp, &punct, &digit);
	r->punct = punct;
	r->digit = (unsigned char)digit;
	return k;
}

/*
 * The end of the word starting at text[i], whose normalized form (when
 * the word is at most WORD_MAX bytes) goes to the end of norms. The
 * letters and marks of U+0600..U+06FF are folded here through the
 * analyzer's table, exactly as marsad_normalize() folds them on its own
 * fast path; a word holding anything else (presentation forms, joiners,
 * a letter the table leaves to the general path) is given to
 * marsad_normalize() whole, so the result is marsad_normalize()'s always.
 */
static int scan_word(const char *text, size_t i, size_t len, marsad_buf *norms,
		     size_t *end)
{
	const unsigned char *s = (const unsigned char *)text;
	/* Room for the rest of the piece and the buffer's NUL: a folded
	 * word is never longer than its source bytes. */
	if (norms->cap - norms->len <= len - i) {
		int rc = marsad_buf_reserve(norms, len - i);
		if (rc)
			return rc;
	}
	char *out = norms->data + norms->len;
	size_t j = i, n = 0;
	int folded = 1;
	while (j < len) {
		for (; j + 1 < len; j += 2) {
			unsigned at = text_pair(s + j);
			uint16_t v = at < TEXT_PAIR_SPAN ? word_letter[at]
							 : PAIR_OTHER;
			if (v > PAIR_STOP) {
				memcpy(out + n, &v, 2);
				n += 2;
			} else if (v == PAIR_OTHER) {
				break;
			} else if (v == PAIR_STOP) {
				folded = 0;
			}
		}
		if (j == len)
			break;
		struct cp_role r;
		size_t k = next_role(s, len, j, &r);
		if (!is_word_part(r.cls))
			break;
		folded = 0;
		j += k;
	}
	*end = j;
	if (j - i > WORD_MAX)
		return 0;
	if (folded) {
		norms->len += n;
		norms->data[norms->len] = 0;
		return 0;
	}
	return marsad_normalize(text + i, j - i, norms);
}

/* Cuts text[from, len) into elements (spans are offsets into text). */
static int scan_text(const char *text, size_t from, size_t len,
		     struct scan *sc)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = from;
	sc->n = 0;
	marsad_buf_reset(&sc->norms);
	int space = 1;
	while (i < len) {
		struct cp_role r;
		size_t k = next_role(s, len, i, &r);
		if (r.cls == CP_SPACE || r.cls == CP_MARK) {
			/* A mark outside a word is ignored. */
			space |= r.cls == CP_SPACE;
			i += k;
			continue;
		}
		struct item *e = push_elem(sc);
		if (!e)
			return MARSAD_ENOMEM;
		*e = (struct item){.start = i, .space = (unsigned char)space};
		space = 0;
		if (r.cls == CP_LETTER) {
			size_t before = sc->norms.len, end;
			int rc = scan_word(text, i, len, &sc->norms, &end);
			if (rc)
				return rc;
			e->end = (uint32_t)end;
			e->type = I_OTHER;
			if (sc->norms.len > before) {
				e->type = I_WORD;
				e->norm = before;
				e->norm_len = sc->norms.len - before;
			}
		} else if (r.cls == CP_DIGIT) {
			size_t j = i;
			e->type = I_NUM;
			while (j < len) {
				size_t kk = next_role(s, len, j, &r);
				if (r.cls != CP_DIGIT)
					break;
				if (e->ndig < 9)
					e->val = e->val * 10 + r.digit;
				if (e->ndig < UCHAR_MAX)
					e->ndig++;
				j += kk;
			}
			e->end = j;
		} else if (r.cls == CP_LATIN) {
			size_t j = i + k;
			while (j < len) {
				size_t kk = next_role(s, len, j, &r);
				if (r.cls != CP_LATIN)
					break;
				j += kk;
			}
			e->type = I_OTHER;
			e->end = j;
		} else {
			e->type = r.cls == CP_BREAK ? I_BREAK : I_SEP;
			e->sep = r.punct;
			e->end = i + k;
			space = r.cls == CP_BREAK;
		}
		i = e->end;
	}
	return 0;
}

/* ---- items: elements with lexicon words merged ---------------------------- */

/* UTF-8 of the letters the clitic rules name. */
#define AR_WAW "\xd9\x88" /* U+0648 و */
#define AR_FEH "\xd9\x81" /* U+0641 ف */
#define AR_BEH "\xd8\xa8" /* U+0628 ب */
#define AR_LAM "\xd9\x84" /* U+0644 ل */
#define AR_KAF "\xd9\x83" /* U+0643 ك */
#define AR_ALEF "\xd8\xa7" /* U+0627 ا */
#define AR_YEH "\xd9\x8a" /* U+064A ي */

static int starts(const char *w, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return n >= pl && memcmp(w, p, pl) == 0;
}

/* probe() past the filter: the bucket of w, whose hash is h. Kept out of
 * line so that probe() stays small enough to inline. */
static __attribute__((noinline)) const struct entry *
probe_bucket(const struct scan *sc, size_t i, const char *w, size_t wl,
	     uint64_t h, size_t *used)
{
	const struct entry *best = NULL;
	size_t best_used = 0;
	for (int k = *bucket(h); k >= 0; k = lex.e[k].next) {
		const struct entry *e = &lex.e[k];
		if (e->first_len != wl || memcmp(e->words, w, wl) != 0)
			continue;
		size_t pos = wl, j = i + 1, n = 1;
		int ok = 1;
		while (pos < e->len) {
			pos++; /* the space */
			size_t q = pos;
			while (q < e->len && e->words[q] != ' ')
				q++;
			if (j >= sc->n || sc->it[j].type != I_WORD ||
			    sc->it[j].norm_len != q - pos ||
			    memcmp(sc->norms.data + sc->it[j].norm,
				   e->words + pos, q - pos) != 0) {
				ok = 0;
				break;
			}
			pos = q;
			j++;
			n++;
		}
		if (ok && n > best_used) {
			best = e;
			best_used = n;
		}
	}
	*used = best_used;
	return best;
}

/*
 * The longest lexicon entry whose first word is w and whose other words
 * are the words after element i; *used receives the elements it covers.
 * Inline up to the filter, which answers most calls.
 */
static inline const struct entry *probe(const struct scan *sc, size_t i,
					const char *w, size_t wl,
					size_t *used)
{
	uint64_t h = text_hash(w, wl);
	/* Exact: the first word of an entry set its bit when it was added. */
	if (!(*filter_word(h) & filter_bit(h))) {
		*used = 0;
		return NULL;
	}
	return probe_bucket(sc, i, w, wl, h, used);
}

/*
 * Looks word element i up as it is, then without a leading و/ف, then
 * without ب/ل/ك after that (ل + ال is written لل: للعام → العام). A
 * stripped word must keep three letters (two after و/ف), so that short
 * words such as باب do not turn into month names.
 */
static const struct entry *lookup(const struct scan *sc, size_t i,
				  size_t *used, unsigned *pfx)
{
	const char *w = sc->norms.data + sc->it[i].norm;
	size_t wl = sc->it[i].norm_len;
	*pfx = 0;
	if (!tail_may(w, wl))
		return NULL;
	const struct entry *e = probe(sc, i, w, wl, used);
	if (e)
		return e;
	const char *bases[2] = {w, NULL};
	size_t blen[2] = {wl, 0};
	unsigned bpfx[2] = {0, PFX_AND};
	if ((starts(w, wl, AR_WAW) || starts(w, wl, AR_FEH)) && wl >= 6) {
		bases[1] = w + 2;
		blen[1] = wl - 2;
		if ((e = probe(sc, i, bases[1], blen[1], used))) {
			*pfx = PFX_AND;
			return e;
		}
	}
	for (int b = 0; b < 2; b++) {
		const char *x = bases[b];
		size_t xl = blen[b];
		if (!x || xl < 8)
			continue;
		if (starts(x, xl, AR_LAM AR_LAM) && xl < WORD_MAX) {
			char tmp[WORD_MAX + 2];
			memcpy(tmp, AR_ALEF, 2);
			memcpy(tmp + 2, x + 2, xl - 2);
			if ((e = probe(sc, i, tmp, xl, used))) {
				*pfx = bpfx[b] | PFX_PREP;
				return e;
			}
		}
		if (starts(x, xl, AR_BEH) || starts(x, xl, AR_LAM) ||
		    starts(x, xl, AR_KAF)) {
			if ((e = probe(sc, i, x + 2, xl - 2, used))) {
				*pfx = bpfx[b] | PFX_PREP;
				return e;
			}
		}
	}
	return NULL;
}

/* An adjective of relation: starts with ال and ends with ي or ي + one
 * letter (ية as the normalization writes it), five letters at least so
 * that the relative pronouns التي and الذي are not. */
static int is_nisba(const char *w, size_t n)
{
	if (n < 10 || !starts(w, n, AR_ALEF AR_LAM))
		return 0;
	return memcmp(w + n - 2, AR_YEH, 2) == 0 ||
	       memcmp(w + n - 4, AR_YEH, 2) == 0;
}

/*
 * Turns the elements of sc into items, in place: item n is written only
 * once elements up to n have been read, and a lookup reads the elements
 * after its own, which are not written yet.
 */
static void build_items(struct scan *sc)
{
	size_t n = 0;
	for (size_t i = 0; i < sc->n;) {
		struct item *x = &sc->it[i];
		size_t used = 1;
		if (x->type == I_WORD) {
			unsigned pfx;
			const struct entry *le = lookup(sc, i, &used, &pfx);
			if (le) {
				x->type = I_LEX;
				x->cls = le->cls;
				x->amb = le->amb;
				x->arg = le->arg;
				x->arg2 = le->arg2;
				x->pfx = (unsigned char)pfx;
				x->end = sc->it[i + used - 1].end;
			} else {
				used = 1;
				x->nisba = (unsigned char)is_nisba(
					sc->norms.data + x->norm, x->norm_len);
			}
		}
		if (n != i)
			sc->it[n] = *x;
		n++;
		i += used;
	}
	sc->n = n;
}

/* ---- calendars ------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic of
 * 400-year cycles). */
static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Tabular Islamic calendar: 1 Muharram 1 AH is Julian day 1948440 (16 July
 * 622 Julian); a 30-year cycle of 10631 days whose leap years (355 days)
 * are those where (11 y + 14) mod 30 < 11. Julian day 2440588 is
 * 1970-01-01. */
#define HIJRI_EPOCH_JD 1948440L
#define UNIX_EPOCH_JD 2440588L

static long hijri_to_days(long hy, int hm, int hd)
{
	long jd = hd + (59L * (hm - 1) + 1) / 2 + (hy - 1) * 354 +
		  (3 + 11 * hy) / 30 + HIJRI_EPOCH_JD - 1;
	return jd - UNIX_EPOCH_JD;
}

static void hijri_from_days(long z, int *hy, int *hm, int *hd)
{
	long jd = z + UNIX_EPOCH_JD;
	long y = (30 * (jd - HIJRI_EPOCH_JD) + 10646) / 10631;
	int m = 12;
	while (m > 1 && hijri_to_days(y, m, 1) > z)
		m--;
	*hy = (int)y;
	*hm = m;
	*hd = (int)(z - hijri_to_days(y, m, 1) + 1);
}

/* ---- the grammar ------------------------------------------------------------ */

struct ctx {
	const struct item *it;
	size_t n;
	int has_pub;
	long pub;           /* days since 1970-01-01 */
	int py, pm, pd;     /* the publication date, Gregorian */
	int phy, phm, phd;  /* and Hijri */
};

/* What a parse found, before it becomes a marsad_date. */
struct found {
	size_t end;         /* item after the last one */
	long y;             /* 0 when unknown */
	int m, d;
	int gran;
	unsigned flags;
};

static int is(const struct ctx *c, size_t i, int cls)
{
	return i < c->n && c->it[i].type == I_LEX && c->it[i].cls == cls;
}

static int is_sep(const struct ctx *c, size_t i, char ch)
{
	return i < c->n && c->it[i].type == I_SEP && c->it[i].sep == ch;
}

static int is_num(const struct ctx *c, size_t i)
{
	return i < c->n && c->it[i].type == I_NUM;
}

static int is_unit(const struct ctx *c, size_t i, int kind, int form)
{
	return is(c, i, L_UNIT) && (!kind || c->it[i].arg == kind) &&
	       (!form || c->it[i].arg2 == form);
}

static void set_day(struct found *f, long days, unsigned flags)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	f->y = y;
	f->m = m;
	f->d = d;
	f->gran = MARSAD_DATE_DAY;
	f->flags |= flags;
}

/* A value that needs the publication date, or none when there is none. */
static int need_pub(const struct ctx *c, struct found *f)
{
	f->flags |= MARSAD_DATE_RELATIVE;
	if (!c->has_pub) {
		f->gran = MARSAD_DATE_NONE;
		return 0;
	}
	return 1;
}

static void set_vague(struct found *f, size_t end)
{
	f->end = end;
	f->gran = MARSAD_DATE_NONE;
	f->flags |= MARSAD_DATE_VAGUE;
}

/*
 * A day written as ordinal words: الخامس، الحادي عشر، الخامس والعشرين.
 * Returns the item after it, or 0.
 */
static size_t ordinal_day(const struct ctx *c, size_t i, int *day)
{
	if (!is(c, i, L_ORD))
		return 0;
	int v = c->it[i].arg;
	size_t k = i + 1;
	if (v < 10 && is(c, k, L_NUM) && c->it[k].arg == 10 &&
	    !(c->it[k].pfx & PFX_AND)) {
		v += 10;
		k++;
	} else if (v < 10 && is(c, k, L_ORD) && c->it[k].arg >= 20 &&
		   (c->it[k].pfx & PFX_AND)) {
		v += c->it[k].arg;
		k++;
	}
	if (v < 1 || v > 31)
		return 0;
	*day = v;
	return k;
}

/* A count in words: ثلاثة، ثلاثة عشر، خمسة وعشرين، عشرين. */
static size_t count_words(const struct ctx *c, size_t i, long *count)
{
	if (!is(c, i, L_NUM))
		return 0;
	long v = c->it[i].arg;
	size_t k = i + 1;
	if (v < 10 && is(c, k, L_NUM) && c->it[k].arg == 10 &&
	    !(c->it[k].pfx & PFX_AND)) {
		v += 10;
		k++;
	} else if (v < 10 && is(c, k, L_NUM) && c->it[k].arg >= 20 &&
		   c->it[k].arg < 100 && (c->it[k].pfx & PFX_AND)) {
		v += c->it[k].arg;
		k++;
	}
	*count = v;
	return k;
}

/* A future word (المقرر، سوف …) among the few items before i, in the
 * same sentence. */
static int future_before(const struct ctx *c, size_t i)
{
	for (size_t k = i, steps = 0; k > 0 && steps < 8; k--, steps++) {
		const struct item *x = &c->it[k - 1];
		if (x->type == I_BREAK ||
		    (x->type == I_SEP && (x->sep == '.' || x->sep == '?' ||
					  x->sep == '!')))
			return 0;
		if (x->type == I_LEX && x->cls == L_FUTURE)
			return 1;
	}
	return 0;
}

/*
 * The year of a month (and day) written without one, seen from the
 * publication date (py, pm, pd) in the same calendar; see extract.h.
 */
static long infer_year(int py, int pm, int pd, int m, int d, int mod,
		       int future)
{
	int cmp = m != pm ? m - pm : d ? d - pd : 0;
	switch (mod) {
	case MOD_PAST:
		return cmp < 0 || (d == 0 && m < pm) ? py : py - 1;
	case MOD_NEXT:
		return cmp > 0 ? py : py + 1;
	case MOD_CURRENT:
		return py;
	}
	if (future)
		return cmp >= 0 ? py : py + 1;
	return m <= pm + 1 ? py : py - 1;
}

/* The Hijri year whose month m has its 15th in Gregorian year gy. */
static long hijri_year_in(long gy, int m)
{
	long guess = (gy - 622) * 33 / 32;
	for (long hy = guess - 2; hy <= guess + 2; hy++) {
		int y, mm, d;
		civil_from_days(hijri_to_days(hy, m, 15), &y, &mm, &d);
		if (y == gy)
			return hy;
	}
	return guess;
}

/* Sets f from a Hijri date (d 0: month; m 0: year). */
static void set_hijri(struct found *f, long hy, int m, int d)
{
	int y, mm, dd;
	if (hy < 1 || hy > 9000)
		return;
	if (m == 0) {
		civil_from_days(hijri_to_days(hy, 7, 1), &y, &mm, &dd);
		f->y = y;
		f->gran = MARSAD_DATE_YEAR;
	} else {
		civil_from_days(hijri_to_days(hy, m, d ? d : 15), &y, &mm,
				&dd);
		f->y = y;
		f->m = mm;
		f->d = d ? dd : 0;
		f->gran = d ? MARSAD_DATE_DAY : MARSAD_DATE_MONTH;
	}
	f->flags |= MARSAD_DATE_HIJRI;
}

/*
 * Month names that are also common words (مارس "he practised", إب the
 * Yemeni town, آب) count after شهر or a period part ("نهاية مارس"), or
 * after في, من or a preposition when no word follows them ("في آب،").
 */
static int month_context(const struct ctx *c, size_t k)
{
	if (k == 0)
		return 0;
	const struct item *p = &c->it[k - 1];
	if (p->type == I_LEX &&
	    (p->cls == L_PART || (p->cls == L_UNIT && p->arg == U_MONTH)))
		return 1;
	int word_after = k + 1 < c->n && (c->it[k + 1].type == I_WORD ||
					  c->it[k + 1].type == I_OTHER);
	if (p->type == I_LEX && !word_after &&
	    (p->cls == L_IN || p->cls == L_PREP || p->cls == L_OF ||
	     p->cls == L_MONTH))
		return 1;
	/* "يناير ومارس": a month joined to the one before. */
	return (c->it[k].pfx & PFX_AND) && k >= 2 && is(c, k - 2, L_MONTH);
}

static size_t numeric_date(const struct ctx *c, size_t i, struct found *f);

/*
 * A month name at k, with what may follow it: a second name of the same
 * month ("أيلول/سبتمبر", "ديسمبر (كانون الأول)"), a year, an era, a
 * modifier. day is 0 when no day came before.
 */
static size_t month_tail(const struct ctx *c, size_t k, int day,
			 struct found *f)
{
	if (!is(c, k, L_MONTH))
		return 0;
	const struct item *mi = &c->it[k];
	int m = mi->arg, cal = mi->arg2, sure = !mi->amb || day;
	size_t e = k + 1;
	if ((is_sep(c, e, '/') || is_sep(c, e, '-')) && is(c, e + 1, L_MONTH) &&
	    c->it[e + 1].arg == m) {
		e += 2;
		sure = 1;
	} else if (is_sep(c, e, '(') && is(c, e + 1, L_MONTH) &&
		   c->it[e + 1].arg == m && is_sep(c, e + 2, ')')) {
		e += 3;
		sure = 1;
	}
	/* "شباط (28/2/1945)": a month name glossed by the full date. */
	if (!day) {
		size_t p = e + is_sep(c, e, '(');
		struct found g = {0};
		size_t q = numeric_date(c, p, &g);
		if (q && g.m == m && !(g.flags & MARSAD_DATE_HIJRI) &&
		    cal == CAL_G) {
			*f = g;
			f->end = q + (p > e && is_sep(c, q, ')'));
			return f->end;
		}
	}
	/* The year: "2021", "(1950)", "من عام 2016", "/ (1986)". */
	long year = 0;
	int era = 0;
	size_t p = e;
	if (is_sep(c, p, '/') || is_sep(c, p, ','))
		p++;
	if (is(c, p, L_OF))
		p++;
	if (is_unit(c, p, U_YEAR, F_ONE) || is_unit(c, p, U_YEAR, F_THE))
		p++;
	int paren = is_sep(c, p, '(');
	p += paren;
	if (is_num(c, p) && c->it[p].ndig >= 3 && c->it[p].ndig <= 4) {
		year = c->it[p].val;
		p++;
		if (paren && is_sep(c, p, ')'))
			p++;
		e = p;
		if (is(c, e, L_ERA)) {
			era = c->it[e].arg;
			e++;
		}
		sure = 1;
	}
	int mod = 0;
	if (is(c, e, L_HOLY)) {
		e++;
		sure = 1;
	}
	if (!year && is(c, e, L_MOD) &&
	    (c->it[e].arg == MOD_PAST || c->it[e].arg == MOD_NEXT ||
	     c->it[e].arg == MOD_CURRENT)) {
		mod = c->it[e].arg;
		e++;
		sure = 1;
		if (is(c, e, L_HOLY))
			e++;
	}
	if (!sure && !month_context(c, k))
		return 0;
	f->end = e;
	f->m = m;
	f->d = day;
	f->gran = day ? MARSAD_DATE_DAY : MARSAD_DATE_MONTH;
	if (year) {
		if (cal == CAL_H && era != ERA_GREG && year < 1600) {
			set_hijri(f, year, m, day);
		} else if (cal == CAL_H) {
			set_hijri(f, hijri_year_in(year, m), m, day);
		} else {
			f->y = year;
			if (day > month_days(year, m))
				return 0;
		}
		return e;
	}
	if (!need_pub(c, f))
		return e;
	int fut = future_before(c, k);
	if (cal == CAL_H) {
		long hy = infer_year(c->phy, c->phm, c->phd, m, day, mod, fut);
		set_hijri(f, hy, m, day);
		return e;
	}
	f->y = infer_year(c->py, c->pm, c->pd, m, day, mod, fut);
	if (day > month_days(f->y, m))
		return 0;
	return e;
}

/*
 * A numeric date: D/M/Y (day first; month first only when the day cannot
 * be a month), Y-M-D, or D/month name/Y; separators / - and . (the dot
 * only without spaces around it). A year of Hijri era converts.
 */
static size_t numeric_date(const struct ctx *c, size_t i, struct found *f)
{
	if (!is_num(c, i) || c->it[i].ndig > 4)
		return 0;
	size_t s1 = i + 1;
	if (!(is_sep(c, s1, '/') || is_sep(c, s1, '-') || is_sep(c, s1, '.')))
		return 0;
	char sp = c->it[s1].sep;
	/* "9.12.2021" but not the end of a sentence before a number. */
	if (sp == '.' && (c->it[s1].space || s1 + 1 >= c->n ||
			  c->it[s1 + 1].space))
		return 0;
	int hijri_month = 0;
	long a = c->it[i].val, b;
	int da = c->it[i].ndig, db;
	if (is_num(c, s1 + 1)) {
		b = c->it[s1 + 1].val;
		db = c->it[s1 + 1].ndig;
	} else if (is(c, s1 + 1, L_MONTH)) {
		b = c->it[s1 + 1].arg;
		db = 2;
		hijri_month = c->it[s1 + 1].arg2 == CAL_H;
	} else {
		return 0;
	}
	size_t s2 = s1 + 2;
	if (!is_sep(c, s2, sp))
		return 0;
	size_t k = s2 + 1;
	int paren = is_sep(c, k, '(') && sp == '/';
	k += paren;
	if (!is_num(c, k) || (sp == '.' && (c->it[k - 1].space || c->it[k].space)))
		return 0;
	long cc = c->it[k].val;
	int dc = c->it[k].ndig;
	k++;
	if (paren) {
		if (!is_sep(c, k, ')'))
			return 0;
		k++;
	}
	long y, m, d;
	if (da == 4 && db <= 2 && dc <= 2) {
		y = a, m = b, d = cc;
	} else if (da <= 2 && db <= 2 && dc == 4) {
		y = cc, m = b, d = a;
		if (m > 12 && d <= 12 && !hijri_month) {
			long t = m;
			m = d;
			d = t;
		}
	} else {
		return 0;
	}
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	int era = 0;
	if (is(c, k, L_ERA)) {
		era = c->it[k].arg;
		k++;
	}
	f->end = k;
	if (hijri_month || era == ERA_HIJRI) {
		if (d > 30)
			return 0;
		set_hijri(f, y, (int)m, (int)d);
		return f->gran ? k : 0;
	}
	if (d > month_days(y, (int)m))
		return 0;
	f->y = y;
	f->m = (int)m;
	f->d = (int)d;
	f->gran = MARSAD_DATE_DAY;
	return k;
}

/* "بتاريخ 20/7": a day and month in digits, only after a date cue. */
static size_t short_numeric(const struct ctx *c, size_t i, struct found *f)
{
	if (!is_num(c, i) || !is_sep(c, i + 1, '/') || !is_num(c, i + 2) ||
	    c->it[i].ndig > 2 || c->it[i + 2].ndig > 2)
		return 0;
	int d = (int)c->it[i].val, m = (int)c->it[i + 2].val;
	if (d < 1 || m < 1 || m > 12 || d > month_days(2000, m))
		return 0;
	f->end = i + 3;
	f->m = m;
	f->d = d;
	f->gran = MARSAD_DATE_DAY;
	if (need_pub(c, f)) {
		f->y = infer_year(c->py, c->pm, c->pd, m, d, 0,
				  future_before(c, i));
		if (d > month_days(f->y, m))
			return 0;
	}
	return f->end;
}

/* A day before a month: "24 فبراير", "الخامس والعشرين من شهر أغسطس",
 * "الأول من الشهر الجاري". */
static size_t day_month(const struct ctx *c, size_t i, struct found *f)
{
	int day;
	size_t k;
	if (is_num(c, i) && c->it[i].ndig <= 2 && c->it[i].val >= 1 &&
	    c->it[i].val <= 31) {
		day = (int)c->it[i].val;
		k = i + 1;
		if (is(c, k, L_OF))
			k++;
	} else if (is(c, i, L_DAYWORD)) {
		day = c->it[i].arg;
		k = i + 1;
		if (is(c, k, L_OF))
			k++;
	} else if ((k = ordinal_day(c, i, &day))) {
		if (!is(c, k, L_OF))
			return 0;
		k++;
	} else {
		return 0;
	}
	if (is_unit(c, k, U_MONTH, F_ONE) && is(c, k + 1, L_MONTH))
		k++;
	if (is(c, k, L_MONTH))
		return month_tail(c, k, day, f);
	/* The day of a relative month. */
	int this_ = is(c, k, L_THIS);
	k += this_;
	if (!is_unit(c, k, U_MONTH, F_THE))
		return 0;
	k++;
	int off = 0;
	if (is(c, k, L_MOD) && c->it[k].arg <= MOD_CURRENT) {
		off = c->it[k].arg == MOD_PAST ? -1 :
		      c->it[k].arg == MOD_NEXT ? 1 : 0;
		k++;
	} else if (!this_) {
		return 0;
	}
	f->end = k;
	f->gran = MARSAD_DATE_DAY;
	if (!need_pub(c, f))
		return k;
	long mm = c->py * 12L + (c->pm - 1) + off;
	f->y = mm / 12;
	f->m = (int)(mm % 12) + 1;
	f->d = day;
	if (day > month_days(f->y, f->m))
		return 0;
	return k;
}

/* A weekday's date: the latest on or before the publication date, or
 * strictly before (الماضي) or after (المقبل). */
static void weekday_date(const struct ctx *c, int wd, int mod,
			 struct found *f)
{
	if (!need_pub(c, f))
		return;
	/* 1970-01-01 was a Thursday (ISO 4). */
	int pw = (int)(((c->pub % 7) + 7 + 3) % 7) + 1;
	long back = (pw - wd + 7) % 7;
	long days;
	if (mod == MOD_NEXT || mod == MOD_AFTER)
		days = c->pub + (back == 0 ? 7 : 7 - back);
	else if (mod == MOD_PAST || mod == MOD_BEFORE)
		days = c->pub - (back == 0 ? 7 : back);
	else
		days = c->pub - back;
	set_day(f, days, 0);
}

/* اليوم، أمس، أول أمس، غداً … with a weekday after it; or a weekday. */
static size_t relative_day(const struct ctx *c, size_t i, struct found *f)
{
	if (is(c, i, L_DAYREL)) {
		int off = c->it[i].arg;
		size_t k = i + 1;
		/* "اليوم العالمي": a named day, not a date. */
		if (off == 0 && k < c->n && c->it[k].type == I_WORD &&
		    c->it[k].nisba)
			return 0;
		/* "اليوم السابق", "اليوم الأول": told from the story's time. */
		if (off == 0 && (is(c, k, L_ORD) ||
				 (is(c, k, L_MOD) &&
				  (c->it[k].arg == MOD_BEFORE ||
				   c->it[k].arg == MOD_AFTER)))) {
			set_vague(f, k + 1);
			return k + 1;
		}
		int wd = 0;
		if (is(c, k, L_WEEKDAY))
			wd = c->it[k++].arg;
		f->end = k;
		if (!need_pub(c, f))
			return k;
		/* "اليوم الخميس" in an article dated a day off (time zones,
		 * late edits): the weekday named wins, the nearest one, but
		 * yesterday stays in the past and tomorrow in the future. */
		long day = c->pub + off;
		if (wd) {
			int have = (int)(((day % 7) + 7 + 3) % 7) + 1;
			int diff = (wd - have + 7) % 7;
			day += diff <= 3 ? diff : diff - 7;
			if (off < 0 && day >= c->pub)
				day -= 7;
			else if (off > 0 && day <= c->pub)
				day += 7;
		}
		set_day(f, day, 0);
		return k;
	}
	if (!is(c, i, L_WEEKDAY))
		return 0;
	size_t k = i + 1;
	/* "الثلاثاء الموافق 5/8/2008", "السبت 28 آذار": the date says. */
	size_t q = k + is(c, k, L_LINK);
	q += is_sep(c, q, ',');
	size_t e = day_month(c, q, f);
	if (!e) {
		*f = (struct found){0};
		e = numeric_date(c, q, f);
	}
	if (e)
		return e;
	*f = (struct found){0};
	int mod = 0;
	if (is(c, k, L_MOD) && c->it[k].arg != MOD_RECENT &&
	    c->it[k].arg != MOD_FEW) {
		mod = c->it[k].arg;
		k++;
	}
	f->end = k;
	weekday_date(c, c->it[i].arg, mod, f);
	return k;
}

/* A month without a day: "يونيو/حزيران 2021", "شهر رمضان المبارك". */
static size_t month_only(const struct ctx *c, size_t i, struct found *f)
{
	size_t k = i;
	if (is_unit(c, k, U_MONTH, F_ONE) && is(c, k + 1, L_MONTH))
		k++;
	return month_tail(c, k, 0, f);
}

/* Not part of a longer number such as 1,500 or 2.5. */
static int whole_number(const struct ctx *c, size_t k)
{
	if (k >= 2 && !c->it[k].space && (is_sep(c, k - 1, ',') ||
					   is_sep(c, k - 1, '.')) &&
	    !c->it[k - 1].space && is_num(c, k - 2))
		return 0;
	/* "host:2048", a clock "10:30". */
	if (k >= 1 && !c->it[k].space && is_sep(c, k - 1, ':'))
		return 0;
	if (k + 2 < c->n && (is_sep(c, k + 1, ',') || is_sep(c, k + 1, '.')) &&
	    !c->it[k + 1].space && !c->it[k + 2].space && is_num(c, k + 2))
		return 0;
	return !is_sep(c, k + 1, '%');
}

/* A year: "1948", "عام (1990)", "العام القادم 2011", "1445 هـ",
 * "(1935) م". A bare number is a year when it has four digits and lies
 * in 1100..2100, no counting word (رقم، نحو …) comes before it and no
 * measure (دولار، كيلومتر …) after it; or when an era follows it. */
static size_t year_expr(const struct ctx *c, size_t i, struct found *f)
{
	size_t k = i;
	int cue = 0;
	if (is_unit(c, k, U_YEAR, F_ONE) || is_unit(c, k, U_YEAR, F_THE)) {
		cue = 1;
		k++;
		if (is(c, k, L_MOD) && (is_num(c, k + 1) ||
					(is_sep(c, k + 1, '(') &&
					 is_num(c, k + 2))))
			k++;
	}
	int paren = cue && is_sep(c, k, '(');
	k += paren;
	if (!is_num(c, k) || c->it[k].ndig > 4 || c->it[k].val < 1 ||
	    !whole_number(c, k))
		return 0;
	long y = c->it[k].val;
	int ndig = c->it[k].ndig;
	k++;
	if (paren) {
		if (!is_sep(c, k, ')'))
			return 0;
		k++;
	}
	int era = 0;
	if (is(c, k, L_ERA)) {
		era = c->it[k].arg;
		k++;
	} else if (!paren && is_sep(c, k, ')') && is(c, k + 1, L_ERA)) {
		era = c->it[k + 1].arg;
		k += 2;
	}
	if (!cue && i > 0 && (is(c, i - 1, L_COUNTER) || is(c, i - 1, L_FEW)))
		return 0;
	if (!era && !cue &&
	    (ndig != 4 || y < 1100 || y > 2100 || is(c, k, L_MEASURE)))
		return 0;
	/* "2500م" is a height in metres (م), not a year to come. */
	if (era == ERA_GREG && y > 2100)
		return 0;
	if (!era && cue && ndig < 3)
		return 0;
	f->end = k;
	if (era == ERA_HIJRI) {
		set_hijri(f, y, 0, 0);
		return f->gran ? k : 0;
	}
	f->y = y;
	f->gran = MARSAD_DATE_YEAR;
	return k;
}

/* Moves a month count off by n months from the publication month. */
static void set_month_off(const struct ctx *c, struct found *f, long off)
{
	long mm = c->py * 12L + (c->pm - 1) + off;
	f->y = mm / 12;
	f->m = (int)(mm % 12) + 1;
	f->gran = MARSAD_DATE_MONTH;
}

/* The Monday of the publication week, plus weeks. */
static void set_week_off(const struct ctx *c, struct found *f, long off)
{
	int pw = (int)(((c->pub % 7) + 7 + 3) % 7) + 1;
	set_day(f, c->pub - (pw - 1) + 7 * off, 0);
	f->gran = MARSAD_DATE_WEEK;
}

/* Periods named by a unit: "الشهر الماضي", "هذا العام", "نهاية العام",
 * "الأشهر الأخيرة"; and durations: "ثلاثة أشهر", "أسبوعين", "قبل سبعة
 * أيام", "منذ عامين", "لمدة عام ونصف", "سنوات". */
static size_t unit_expr(const struct ctx *c, size_t i, int prep, int part,
			struct found *f)
{
	size_t k = i;
	int this_ = is(c, k, L_THIS), few = 0;
	long count = 0;
	k += this_;
	if (!this_) {
		size_t q;
		if (is_num(c, k) && c->it[k].ndig <= 4 && is(c, k + 1, L_UNIT) &&
		    whole_number(c, k)) {
			count = c->it[k].val;
			k++;
		} else if ((q = count_words(c, k, &count))) {
			k = q;
		} else if (is(c, k, L_FEW)) {
			few = 1;
			k++;
		}
	}
	if (!is(c, k, L_UNIT))
		return 0;
	int kind = c->it[k].arg, form = c->it[k].arg2;
	k++;
	if (form == F_THE || form == F_THEMANY) {
		if (count || few)
			return 0;
		int mod = 0;
		while (is(c, k, L_MOD)) {
			if (c->it[k].arg != MOD_FEW && !mod)
				mod = c->it[k].arg;
			else if (c->it[k].arg != MOD_FEW)
				break;
			k++;
		}
		if (kind == U_CENTURY && form == F_THE && !mod) {
			/* "القرن التاسع عشر", "القرن العشرين", "القرن الـ19" */
			int day;
			size_t q = ordinal_day(c, k, &day);
			if (!q && k < c->n && c->it[k].type == I_WORD &&
			    is_num(c, k + 1))
				q = k + 2;
			if (!q && is_num(c, k))
				q = k + 1;
			if (!q)
				return 0;
			set_vague(f, q);
			return q;
		}
		if (form == F_THEMANY || kind == U_DECADE || kind == U_CENTURY ||
		    mod == MOD_RECENT) {
			if (!mod)
				return 0;
			set_vague(f, k);
			return k;
		}
		long off;
		switch (mod) {
		case MOD_PAST: case MOD_BEFORE: off = -1; break;
		case MOD_NEXT: case MOD_AFTER: off = 1; break;
		case MOD_CURRENT: off = 0; break;
		default:
			if (!this_ && !part && !prep)
				return 0;
			off = 0;
		}
		f->end = k;
		if (!need_pub(c, f))
			return k;
		if (kind == U_YEAR) {
			f->y = c->py + off;
			f->gran = MARSAD_DATE_YEAR;
		} else if (kind == U_MONTH) {
			set_month_off(c, f, off);
		} else if (kind == U_WEEK) {
			set_week_off(c, f, off);
		} else {
			return 0;
		}
		return k;
	}
	/* Indefinite: a duration. */
	if (this_)
		return 0;
	/* A bare singular is a duration after a preposition ("قبل شهر",
	 * "لمدة عام"), but عقد and قرن alone are too often "contract",
	 * "held", "horn". */
	if (form == F_ONE && !count &&
	    (!prep || kind == U_DECADE || kind == U_CENTURY))
		return 0;
	if (form == F_MANY && !count && !few && !prep &&
	    (kind == U_DECADE || kind == U_CENTURY))
		return 0;
	if (form == F_TWO)
		count = 2;
	else if (form == F_ONE && !count)
		count = 1;
	if (is(c, k, L_HALF) && (c->it[k].pfx & PFX_AND))
		k++;
	else if (is(c, k, L_NUM) && c->it[k].arg == 1)
		k++;
	else if (is(c, k, L_MOD) && form == F_MANY)
		k++;
	f->end = k;
	f->flags |= MARSAD_DATE_DURATION;
	f->gran = MARSAD_DATE_NONE;
	if ((prep == PR_AGO || prep == PR_SINCE) && count > 0 && count < 10000 &&
	    need_pub(c, f)) {
		int y, m, d;
		civil_from_days(c->pub, &y, &m, &d);
		switch (kind) {
		case U_DAY:
			set_day(f, c->pub - count, 0);
			break;
		case U_WEEK:
			set_day(f, c->pub - 7 * count, 0);
			break;
		case U_MONTH:
			set_month_off(c, f, -count);
			break;
		case U_YEAR:
			f->y = y - count;
			f->gran = MARSAD_DATE_YEAR;
			break;
		default:
			break;
		}
	}
	return k;
}

/* Decades, seasons, eras and frequencies: spans without a value (a season
 * with a year gets the year). */
static size_t vague_expr(const struct ctx *c, size_t i, struct found *f)
{
	size_t k = i + 1;
	if (is(c, i, L_DECADE)) {
		/* "الستينيات من القرن الماضي", "ستينيات القرن العشرين" */
		size_t q = k + is(c, k, L_OF);
		if (is_unit(c, q, U_CENTURY, F_THE)) {
			k = q + 1;
			while (is(c, k, L_MOD) || is(c, k, L_ORD) ||
			       (is(c, k, L_NUM) && c->it[k].arg == 10))
				k++;
		}
		set_vague(f, k);
		return k;
	}
	if (is(c, i, L_SEASON)) {
		size_t q = year_expr(c, k, f);
		if (q && f->gran == MARSAD_DATE_YEAR) {
			f->end = q;
			return q;
		}
		*f = (struct found){0};
		if (is(c, k, L_MOD)) {
			set_vague(f, k + 1);
			return k + 1;
		}
		if (c->it[i].amb)
			return 0;
		set_vague(f, k);
		return k;
	}
	if (is(c, i, L_PERIOD)) {
		/* "الفترة الماضية", "الفترة العثمانية", "فترة الحكم العثماني" */
		if (is(c, k, L_MOD) ||
		    (k < c->n && c->it[k].type == I_WORD && c->it[k].nisba)) {
			set_vague(f, k + 1);
			return k + 1;
		}
		if (k + 1 < c->n && c->it[k].type == I_WORD &&
		    c->it[k + 1].type == I_WORD && c->it[k + 1].nisba) {
			set_vague(f, k + 2);
			return k + 2;
		}
		return 0;
	}
	if (is(c, i, L_FREQ)) {
		set_vague(f, k);
		return k;
	}
	return 0;
}

/*
 * One date expression starting at item i: prefixes (منذ، قبل، نهاية،
 * بتاريخ، يوم، مساء …), then one of the forms. Returns the item after
 * it, or 0.
 */
static size_t parse_at(const struct ctx *c, size_t i, struct found *f)
{
	size_t j = i;
	int prep = 0, part = 0, open = 0, cue = 0;
	for (;;) {
		if (is(c, j, L_PREP) && !prep && !part) {
			prep = c->it[j].arg;
			j++;
		} else if (is(c, j, L_PART) && !part) {
			part = c->it[j].arg;
			j++;
		} else if (is(c, j, L_CUE) || is(c, j, L_DAYPART)) {
			cue |= is(c, j, L_CUE);
			j++;
		} else if (is_unit(c, j, U_DAY, F_ONE) &&
			   (is(c, j + 1, L_WEEKDAY) || is_num(c, j + 1) ||
			    is(c, j + 1, L_ORD))) {
			j++;
		} else {
			break;
		}
	}
	if (j > i && is_sep(c, j, '(')) {
		open = 1;
		j++;
	}
	if (j > i && is(c, j, L_OF) && part)
		j++;
	static size_t (*const forms[])(const struct ctx *, size_t,
				       struct found *) = {
		relative_day, day_month, month_only, numeric_date, year_expr,
	};
	size_t e = 0;
	for (size_t k = 0; !e && k < sizeof forms / sizeof *forms; k++) {
		*f = (struct found){0};
		e = forms[k](c, j, f);
	}
	if (!e && cue) {
		*f = (struct found){0};
		e = short_numeric(c, j, f);
	}
	if (!e) {
		*f = (struct found){0};
		e = unit_expr(c, j, prep, part, f);
	}
	if (!e) {
		*f = (struct found){0};
		e = vague_expr(c, j, f);
	}
	if (!e)
		return 0;
	if (open && is_sep(c, e, ')'))
		e++;
	return e;
}

/* ---- the public functions ------------------------------------------------- */

/* The lexicon and the scanner's tables, built once. */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_load(void)
{
	roles_load();
	lex_load();
}

/* "YYYY-MM-DD" at the start of s; 1 when it is there and valid. */
static int parse_iso(const char *s, int *y, int *m, int *d)
{
	for (int k = 0; k < 10; k++) {
		if (k == 4 || k == 7) {
			if (s[k] != '-')
				return 0;
		} else if (s[k] < '0' || s[k] > '9') {
			return 0;
		}
	}
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (s[10] && s[10] != 'T' && s[10] != ' ')
		return 0;
	return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= month_days(*y, *m);
}

/* Writes v (0 <= v < 10^n) as n digits at p. */
static void put_digits(char *p, long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* The ISO value of f: "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
static void format_value(const struct found *f, marsad_date *out)
{
	out->value[0] = 0;
	out->granularity = MARSAD_DATE_NONE;
	if (f->gran == MARSAD_DATE_NONE || f->y < 1 || f->y > 9999)
		return;
	out->granularity = (marsad_date_granularity)f->gran;
	char *p = out->value;
	put_digits(p, f->y, 4);
	if (f->gran == MARSAD_DATE_YEAR) {
		p[4] = 0;
		return;
	}
	p[4] = '-';
	put_digits(p + 5, f->m, 2);
	if (f->gran == MARSAD_DATE_MONTH) {
		p[7] = 0;
		return;
	}
	p[7] = '-';
	put_digits(p + 8, f->d, 2);
	p[10] = 0;
}

/*
 * Dates never cross a line break, so the text goes through in pieces: a
 * line at a time, a very long line cut at a space near CHUNK_MAX bytes.
 * Memory stays bounded by the piece, not the text.
 */
#define CHUNK_MAX ((size_t)1 << 18)

static size_t chunk_end(const char *s, size_t from, size_t len)
{
	size_t limit = len - from > CHUNK_MAX ? from + CHUNK_MAX : len;
	const char *nl = memchr(s + from, '\n', limit - from);
	if (nl)
		return (size_t)(nl - s) + 1;
	if (limit == len)
		return len;
	size_t e = limit;
	while (e > limit - 256 && s[e - 1] != ' ')
		e--;
	if (s[e - 1] != ' ') /* no space: cut at a character boundary */
		for (e = limit; e > from + 1 && ((unsigned char)s[e] & 0xc0) == 0x80;)
			e--;
	return e;
}

struct out {
	marsad_date *d;
	size_t n, cap;
};

/* The classes of the lexicon words parse_at() can begin with: its
 * prefixes' and the first items of its forms. At another word (في, من,
 * a modifier, an era...) every form fails at once. */
#define STARTERS                                                          \
	(1u << L_PREP | 1u << L_PART | 1u << L_CUE | 1u << L_DAYPART |     \
	 1u << L_DAYREL | 1u << L_WEEKDAY | 1u << L_DAYWORD | 1u << L_ORD | \
	 1u << L_UNIT | 1u << L_MONTH | 1u << L_THIS | 1u << L_NUM |       \
	 1u << L_FEW | 1u << L_DECADE | 1u << L_SEASON | 1u << L_PERIOD |  \
	 1u << L_FREQ)

/* Parses the items of one piece, appending what it finds. */
static int parse_items(const struct ctx *c, struct out *o)
{
	for (size_t i = 0; i < c->n;) {
		const struct item *x = &c->it[i];
		struct found f;
		size_t e = 0;
		if (x->type == I_NUM ||
		    (x->type == I_LEX && (STARTERS >> x->cls & 1)))
			e = parse_at(c, i, &f);
		if (!e) {
			i++;
			continue;
		}
		if (o->n == o->cap) {
			size_t cap = o->cap ? o->cap * 2 : 8;
			marsad_date *nd = realloc(o->d, cap * sizeof *nd);
			if (!nd)
				return MARSAD_ENOMEM;
			o->d = nd;
			o->cap = cap;
		}
		marsad_date *d = &o->d[o->n++];
		d->start = x->start;
		d->end = c->it[e - 1].end;
		d->flags = f.flags;
		format_value(&f, d);
		i = e;
	}
	return 0;
}

int marsad_dates_extract(const char *s, size_t len, const char *published,
			 marsad_date **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!s && len)
		return MARSAD_EINVAL;
	if (len > MARSAD_DATES_MAX)
		return MARSAD_ETOOBIG;
	struct ctx c = {0};
	if (published && *published) {
		if (strnlen(published, 11) < 10 ||
		    !parse_iso(published, &c.py, &c.pm, &c.pd))
			return MARSAD_EINVAL;
		c.has_pub = 1;
		c.pub = days_from_civil(c.py, c.pm, c.pd);
		hijri_from_days(c.pub, &c.phy, &c.phm, &c.phd);
	}
	pthread_once(&tables_once, tables_load);
	if (lex.status)
		return lex.status;

	/* The first room for elements: about one per six bytes of Arabic
	 * (a word and its space) of the text or of a chunk, whichever is
	 * shorter, and at least 256, so that few texts regrow. */
	size_t longest = len < CHUNK_MAX ? len : CHUNK_MAX;
	struct scan sc = {.first_cap = longest / 6 > 256 ? longest / 6 : 256};
	struct out o = {0};
	int rc = 0;
	for (size_t a = 0; rc == 0 && a < len;) {
		size_t b = chunk_end(s, a, len);
		rc = scan_text(s, a, b, &sc);
		if (rc == 0) {
			build_items(&sc);
			c.it = sc.it;
			c.n = sc.n;
			rc = parse_items(&c, &o);
		}
		a = b;
	}
	free(sc.it);
	marsad_buf_clear(&sc.norms);
	if (rc || o.n == 0) {
		free(o.d);
		return rc;
	}
	*out = o.d;
	*n = o.n;
	return 0;
}

#define DATELINE_LINES 12
#define DATELINE_LINE_MAX 160

int marsad_dates_dateline(const char *s, size_t len, char out[11])
{
	out[0] = 0;
	if (!s)
		return MARSAD_ENOTFOUND;
	size_t i = 0;
	for (int lines = 0; i < len && lines < DATELINE_LINES;) {
		size_t e = i;
		while (e < len && s[e] != '\n')
			e++;
		size_t a = i, b = e;
		while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
			a++;
		i = e + 1;
		if (a == b)
			continue;
		lines++;
		if (b - a > DATELINE_LINE_MAX)
			continue;
		marsad_date *d;
		size_t n;
		if (marsad_dates_extract(s + a, b - a, NULL, &d, &n) != 0)
			return MARSAD_ENOMEM;
		for (size_t k = 0; k < n; k++) {
			if (d[k].granularity == MARSAD_DATE_DAY &&
			    !(d[k].flags & MARSAD_DATE_RELATIVE)) {
				memcpy(out, d[k].value, 11);
				free(d);
				return 0;
			}
		}
		free(d);
	}
	return MARSAD_ENOTFOUND;
}

const char *marsad_date_granularity_name(marsad_date_granularity g)
{
	switch (g) {
	case MARSAD_DATE_YEAR: return "year";
	case MARSAD_DATE_MONTH: return "month";
	case MARSAD_DATE_DAY: return "day";
	case MARSAD_DATE_WEEK: return "week";
	default: return "";
	}
}
