/*
 * stem.c — marsad_stem(): a light Arabic stemmer that protects names.
 *
 * Algorithm. A light stemmer in the family of Larkey, Ballesteros & Connell's
 * Light10 ("Light Stemming for Arabic Information Retrieval", 2007) and
 * Lucene's ArabicStemmer: it removes clitics and inflectional suffixes and
 * never touches the letters in between (no roots, no broken plurals). Three
 * things make it safer than those:
 *
 *  1. Names. A word found in the name lexicons (person-name tokens from
 *     Wikidata, a gazetteer of places and institutions, month names), a word
 *     written with letters Arabic itself does not use (پ چ ڤ گ ژ), a word
 *     with a transliterated Slavic ending (‑وف ‑يف ‑وفا ‑سكي ‑يتش ...), or a
 *     word the analyzer marks as following a title (MARSAD_STEM_NAME_CONTEXT)
 *     loses only its leading clitics: بوتين, واشنطن, أنقرة stay whole.
 *  2. Prefix letters that are often root letters. و, ب, ل come off only
 *     when at least three letters remain and the word is not listed as
 *     starting with that letter (وزير, بيان, لاعب); ف and ك come off only
 *     before the article or a function word, because far more words begin
 *     with ف/ك as a root letter than with the conjunction.
 *  3. Suffixes are tried in a fixed order — object pronoun, then ta marbuta
 *     or the ت it becomes before a pronoun (or the ي of a plural or dual
 *     in construct: موظفيها), then plural/dual/verb endings — each with
 *     the shortest stem it may leave, and with guards against the
 *     patterns that end in the same letters (broken plurals قوانين,
 *     قانون; nisba ي which is never removed; roots ending in ت, listed:
 *     بيتها). A word with or without its pronoun stems the same: جهة and
 *     جهته → جه, حياة and حياته → حيا, قرارات and قراراته → قرار.
 *
 * The word arrives normalized by the analyzer (normalize.c): ة is ه, ى is ي,
 * hamza seats are folded. Every Arabic letter is then two UTF-8 bytes, so a
 * stem is always one contiguous slice of the input and is copied out with
 * no allocation. Lexicons are hashed once, on first use (pthread_once).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/text.h"
#include "text_internal.h"

MARSAD_DATA(names_people);
MARSAD_DATA(names_places);
MARSAD_DATA(names_extra);
MARSAD_DATA(stem_keep);
MARSAD_DATA(stem_initial);
MARSAD_DATA(stem_final);

/* Letters, by code point. */
enum {
	HAMZA = 0x0621,
	ALEF = 0x0627,
	BEH = 0x0628,
	TEH = 0x062A,
	HAH = 0x062D,
	KAF = 0x0643,
	LAM = 0x0644,
	MEEM = 0x0645,
	NOON = 0x0646,
	HEH = 0x0647,
	WAW = 0x0648,
	YEH = 0x064A,
	FEH = 0x0641,
	SEEN = 0x0633,
	SHEEN = 0x0634
};

/* The longest word stemmed: MARSAD_TOKEN_MAX bytes of two-byte letters. */
#define STEM_LETTERS 128

/* ---- lexicons ----------------------------------------------------------- */

/*
 * Two word sets (text_internal.h). The names (tens of thousands, from
 * names_*.txt) are asked about up to a few clitic-stripped forms of every
 * word and almost never hold them, so their set has a Bloom filter that
 * answers most lookups from one load. The function words and listed
 * initials and finals (stem_keep.txt, stem_initial.txt, stem_final.txt:
 * a few hundred) are asked about several slices of a word; their set is
 * small enough to stay in the first-level cache. Both are empty (every
 * lookup 0) until loaded.
 */
#define LEX_KEEP    0x01u /* left whole (stem_keep.txt) */
#define LEX_INITIAL 0x02u /* the stem of a word whose first letter is not a
			     clitic (stem_initial.txt, stored stemmed) */
#define LEX_NAME    0x04u /* only in lex_add(): a proper name */
#define LEX_FINAL   0x08u /* a stem whose last letters look like a suffix
			     but are the root's (stem_final.txt, stored
			     without the ta marbuta) */

static text_wordset names, words;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* ---- letters ------------------------------------------------------------ */

/* A word as letters: c[i] is the code point of bytes [2i, 2i+2). */
typedef struct word {
	const char *s; /* the UTF-8 bytes */
	uint16_t c[STEM_LETTERS];
	size_t n;
	int foreign; /* has a letter of Persian or Urdu, not Arabic, spelling */
} word;

/*
 * Reads a normalized word into letters. Returns 0 when the word is not made
 * only of Arabic-script letters (Latin, digits, mixed tokens, leftovers the
 * analyzer would not produce): such words are not stemmed.
 */
static int read_word(const char *s, size_t len, word *w)
{
	if (len % 2 || len / 2 > STEM_LETTERS)
		return 0;
	w->s = s;
	w->n = len / 2;
	w->foreign = 0;
	for (size_t i = 0; i < w->n; i++) {
		unsigned b0 = (unsigned char)s[2 * i];
		unsigned b1 = (unsigned char)s[2 * i + 1];
		if ((b0 & 0xFC) != 0xD8 || (b1 & 0xC0) != 0x80)
			return 0;
		unsigned cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
		if (cp >= HAMZA && cp <= YEH) {
			/* the letters of Arabic spelling */
		} else if (cp == 0x067E || cp == 0x0686 || cp == 0x06A4 ||
			   cp == 0x06AF || cp == 0x0698 || cp == 0x06A8 ||
			   cp == 0x06A5 || cp == 0x06CB) {
			/* پ چ ڤ گ ژ ڨ ڥ ۋ: p, ch, v, g, zh — written in Arabic
			 * script only for foreign words and names. */
			w->foreign = 1;
		} else {
			return 0;
		}
		w->c[i] = (uint16_t)cp;
	}
	return 1;
}

/* The LEX_KEEP and LEX_INITIAL tags of letters [a, b) of w. */
static unsigned tags_of(const word *w, size_t a, size_t b)
{
	const char *s = w->s + 2 * a;
	size_t len = 2 * (b - a);
	if (len > words.longest) /* a longer slice: no hash, no probe */
		return 0;
	return text_wordset_tags(&words, s, len, text_hash(s, len));
}

/* Are letters [a, b) of w a listed name? */
static int name_at(const word *w, size_t a, size_t b)
{
	const char *s = w->s + 2 * a;
	size_t len = 2 * (b - a);
	return text_wordset_tags(&names, s, len, text_hash(s, len)) != 0;
}

/* Does letters [.., end) of w end with the n letters of suf? */
static int ends(const word *w, size_t end, const uint16_t *suf, size_t n)
{
	if (end < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (w->c[end - n + i] != suf[i])
			return 0;
	return 1;
}

#define ENDS(w, end, ...)                                                   \
	ends(w, end, (const uint16_t[]){__VA_ARGS__},                       \
	     sizeof((const uint16_t[]){__VA_ARGS__}) / sizeof(uint16_t))

/* May a suffix leave letters [a, m) behind? Yes when at least `min` letters
 * remain, or two letters that form a listed function word (منها → من). */
static int rest_ok(const word *w, size_t a, size_t m, size_t min)
{
	if (m < a)
		return 0;
	size_t k = m - a;
	return k >= min || (k == 2 && (tags_of(w, a, m) & LEX_KEEP));
}

/* ---- suffixes ----------------------------------------------------------- */

/* May كم or كما after letters [a, m) of w be the pronoun? Not after ا
 * (تراكم, حاكما) nor after ح or حت (محكم, تحكم, يحتكما: the root ح ك م,
 * the commonest whose last letters are ك م), and only when a stem of
 * two letters or more is left. */
static int kaf_pronoun(const word *w, size_t a, size_t m)
{
	if (m < a + 2)
		return 0;
	uint16_t c = w->c[m - 1];
	return c != ALEF && c != HAH &&
	       !(c == TEH && w->c[m - 2] == HAH);
}

/* Is letter i of w the prefix of an imperfect verb: ي ت ن? */
static int imperfect_at(const word *w, size_t i)
{
	return i < w->n &&
	       (w->c[i] == YEH || w->c[i] == TEH || w->c[i] == NOON);
}

/*
 * The end of the stem of letters [a, n) of w, suffixes removed. `definite`
 * says an article was removed: nouns with ال take no tanween alif and no
 * verb endings, so ا and ت are then left alone.
 */
static size_t strip_suffix(const word *w, size_t a, size_t n, int definite)
{
	size_t m = n;
	int pronoun = 0, heh = 0, na = 0;

	/* Object and possessive pronouns: هما كما (dual), هم هن كم, ها, نا,
	 * and ه, which after normalization is also the ta marbuta ة U+0629
	 * → ه U+0647; both come off. هم هن كم need three letters left (not
	 * يتهم, اسهم, مهن, ذهن), and هن does not follow ا (الراهن, يراهن);
	 * see kaf_pronoun() for كم and كما. ك, ني and the first person's ي
	 * are left: in news they are far rarer than the words they would
	 * cut (ذلك, البنك, المبارك; the nisba ي of الوطني). */
	if ((ENDS(w, m, HEH, MEEM, ALEF) ||
	     (ENDS(w, m, KAF, MEEM, ALEF) && kaf_pronoun(w, a, m - 3))) &&
	    rest_ok(w, a, m - 3, 2)) {
		m -= 3;
		pronoun = 1;
	} else if (ENDS(w, m, HEH, MEEM) && rest_ok(w, a, m - 2, 3)) {
		m -= 2;
		pronoun = 1;
	} else if ((ENDS(w, m, HEH, NOON) || ENDS(w, m, KAF, MEEM)) &&
		   rest_ok(w, a, m - 2, 3) &&
		   (w->c[m - 2] == KAF ? kaf_pronoun(w, a, m - 2)
				       : w->c[m - 3] != ALEF)) {
		m -= 2;
		pronoun = 1;
	} else if (ENDS(w, m, HEH, ALEF) && rest_ok(w, a, m - 2, 2)) {
		m -= 2;
		pronoun = 1;
	} else if (ENDS(w, m, NOON, ALEF) && rest_ok(w, a, m - 2, 3)) {
		m -= 2;
		pronoun = na = 1;
	} else if (ENDS(w, m, HEH) && rest_ok(w, a, m - 1, 2)) {
		m -= 1;
		pronoun = heh = 1;
	}

	/* Before a pronoun the ta marbuta is written ت (جهته, شهادتها) and
	 * the feminine plural ات stays ات (قراراته); a verb's ت (شهدتها)
	 * goes the same way. A noun with the article takes no pronoun: its
	 * ه is the ta marbuta and the ت before it the root's (اللفته,
	 * المؤقته). Listed exceptions (stem_final.txt): the ‑اة nouns, whose
	 * ا stays as it does without the pronoun (حياته and حياة → حيا), and
	 * nouns whose root ends in ت (بيتها, وقته), as the function words
	 * (تحتها). Three letters left are not cut when an ا is the middle
	 * one (ذاته) or a ي/ت of the imperfect the first (لم ينته, تنته). */
	if (pronoun && ENDS(w, m, TEH)) {
		if ((definite && heh) ||
		    tags_of(w, a, m) & (LEX_FINAL | LEX_KEEP))
			return m;
		if (ENDS(w, m, ALEF, TEH)) {
			if (tags_of(w, a, m - 1) & LEX_FINAL)
				return m - 1;
			if (m - a == 5 && w->c[a] == ALEF)
				return m; /* أفعال: اصواتهم, اوقاتها */
			if (rest_ok(w, a, m - 2, 2))
				return m - 2;
		}
		if (m - a >= 4 || (m - a == 3 && w->c[m - 2] != ALEF &&
				   w->c[a] != YEH && w->c[a] != TEH))
			m -= 1;
		return m;
	}
	/* Before ها هم هما هن كم كما, a ي is the ending of a plural or dual
	 * in construct (موظفيها = موظفين + ها, سفارتيهما = سفارتين + هما,
	 * whose ت is the ta marbuta) when four letters precede it, unless
	 * the word is an imperfect verb of a root ending in ي (يستدعيها,
	 * ستجريها: ي ت ن first, or after the future س), or ends in ‑اي‑
	 * (the hamza seat of ابنائهم, أدائها) or CاCي (the root ي of
	 * أراضيها, معانيها). Not before ه, which may be the ta marbuta of
	 * a nisba (اقتصاديه), nor before نا, which also ends verbs
	 * (انتهينا) and names (فيورنتينا). */
	if (pronoun && !heh && !na && ENDS(w, m, YEH) && m - a >= 5 &&
	    w->c[m - 2] != ALEF && w->c[m - 3] != ALEF &&
	    !imperfect_at(w, a) &&
	    !(w->c[a] == SEEN && imperfect_at(w, a + 1))) {
		m -= 1;
		if (ENDS(w, m, TEH) && m - 1 - a >= 3)
			m -= 1;
		return m;
	}

	/* Dual of a feminine noun: مرتين, لجنتين (‑تين = ة + ين). */
	if (ENDS(w, m, TEH, YEH, NOON) && rest_ok(w, a, m - 3, 2))
		return m - 3;
	/* Sound feminine plural ات, but not the ات of an أفعال broken
	 * plural (أصوات, أموات: ا C C ا ت), which stays whole. */
	if (ENDS(w, m, ALEF, TEH) && m - a == 5 && w->c[a] == ALEF)
		return m;
	if (ENDS(w, m, ALEF, TEH) && rest_ok(w, a, m - 2, 2))
		return m - 2;
	/* Sound masculine plural and dual ين / ون. Not after ا three letters
	 * back: that is a broken plural or a فاعول noun (قوانين, قانون,
	 * ملايين), nor from a five-letter تفعيل verbal noun (تحسين, تعيين).
	 * After the nisba ي (السوريين) the stem keeps the ي and must keep
	 * four letters. */
	if ((ENDS(w, m, YEH, NOON) || ENDS(w, m, WAW, NOON)) && m - a >= 5 &&
	    w->c[m - 4] != ALEF &&
	    !(m - a == 5 && w->c[a] == TEH && w->c[m - 2] == YEH)) {
		size_t min = w->c[m - 3] == YEH ? 4 : 3;
		if (m - 2 - a >= min)
			return m - 2;
	}
	if (pronoun)
		return m;
	/* Past-tense plural وا (كانوا). */
	if (ENDS(w, m, WAW, ALEF) && m - a >= 5)
		return m - 2;
	if (definite)
		return m;
	/* The verb's feminine ت (كانت, أعلنت) and the tanween alif (عاما,
	 * رسميا); both need three letters left, so وقت and جدا stay. An ا
	 * after ‑اي‑ ends a broken plural (قضايا), not a tanween. A listed
	 * noun keeps the ت of its root (بيوت, stem_final.txt). */
	if (ENDS(w, m, TEH) && m - a >= 4 &&
	    !(tags_of(w, a, m) & LEX_FINAL))
		return m - 1;
	if (ENDS(w, m, ALEF) && m - a >= 4 &&
	    !(w->c[m - 2] == YEH && w->c[m - 3] == ALEF))
		return m - 1;
	return m;
}

/* ---- prefixes ----------------------------------------------------------- */

/* Is the article ال (or the ل of ل+ال, written لل) at letter a? Returns
 * its length, 0 when absent. */
static size_t article_at(const word *w, size_t a)
{
	if (a + 2 <= w->n && w->c[a] == ALEF && w->c[a + 1] == LAM)
		return 2;
	return 0;
}

/* Can w start with a clitic: و ف ب ل ك, or the article ال? */
static int clitic_start(const word *w)
{
	uint16_t c = w->c[0];
	return c == WAW || c == FEH || c == BEH || c == LAM || c == KAF ||
	       article_at(w, 0);
}

/* Does the first letter of [a, n) belong to the word (وزير, بيان)? */
static int initial_listed(const word *w, size_t a)
{
	size_t m = strip_suffix(w, a, w->n, 0);
	if (tags_of(w, a, m) & LEX_INITIAL)
		return 1;
	/* The nisba adjective of a listed noun (وضع → وضعي) */
	return m - a > 3 && w->c[m - 1] == YEH &&
	       (tags_of(w, a, m - 1) & LEX_INITIAL);
}

/*
 * The number of leading clitic letters of w: (و|ف)? (ب|ل|ك)? (ال)?, with
 * ل+ال written لل. *definite is set when the article was among them.
 */
static size_t strip_prefix(const word *w, int *definite)
{
	size_t n = w->n, a = 0;
	*definite = 0;
	/* A word that starts with no clitic letter keeps its start anyway:
	 * no need to ask the lexicons. */
	if (!clitic_start(w) || tags_of(w, 0, n) & LEX_KEEP ||
	    initial_listed(w, 0))
		return 0;
	/* The conjunctions و U+0648 and ف U+0641. و comes off when three
	 * letters remain; ف only before the article, a preposition with the
	 * article, or a function word (فقد, فإن): most words that begin
	 * with ف begin with a root letter (فيلم, فريق). */
	if (n > 2 && (w->c[0] == WAW || w->c[0] == FEH)) {
		if (tags_of(w, 1, n) & LEX_KEEP)
			return 1; /* وفي فقد والذي */
		if (article_at(w, 1) && n - 3 >= 2) {
			*definite = 1;
			return 3; /* وال فال */
		}
		int prep_article =
			(w->c[1] == BEH || w->c[1] == LAM || w->c[1] == KAF) &&
			(article_at(w, 2) || (w->c[1] == LAM && w->c[2] == LAM));
		if (!prep_article && (w->c[0] == FEH || n - 1 < 3))
			return 0;
		a = 1;
	}
	/* The prepositions ب U+0628, ل U+0644, ك U+0643: before the article
	 * always; ب and ل also before three letters or more unless the word
	 * is listed as beginning with that letter (بيان, لاعب); ك, like ف,
	 * begins far more words as a root letter (كتاب, كبير). */
	if (n - a > 2 &&
	    (w->c[a] == BEH || w->c[a] == LAM || w->c[a] == KAF)) {
		if (article_at(w, a + 1) && n - a - 3 >= 2) {
			*definite = 1;
			return a + 3; /* بال كال */
		}
		if (w->c[a] == LAM && w->c[a + 1] == LAM && n - a - 2 >= 2) {
			*definite = 1;
			return a + 2; /* لل = ل + ال, the alef dropped */
		}
		/* Before a function word: بذلك, لما, بأن; ك only before one
		 * of three letters or more (كذلك), not كان → ك + ان. */
		if (tags_of(w, a + 1, n) & LEX_KEEP &&
		    (w->c[a] != KAF || n - a - 1 >= 3))
			return a + 1;
		if (w->c[a] != KAF && n - a - 1 >= 3 &&
		    !(a > 0 && initial_listed(w, a)))
			return a + 1;
		return a;
	}
	if (article_at(w, a) && n - a - 2 >= 2 &&
	    !(tags_of(w, a, n) & LEX_KEEP)) {
		*definite = 1;
		return a + 2;
	}
	return a;
}

/* ---- names -------------------------------------------------------------- */

/* Endings of transliterated Slavic and Georgian surnames and patronymics:
 * ‑وف/‑يف (Lavrov, Peskov, Patrushev), ‑وفا/‑يفا (Zakharova), ‑سكي
 * (Kaspersky), ‑يتش (Gershkovich), ‑شفيلي (Saakashvili), ‑ينكو
 * (Timoshenko). No Arabic suffix rule would apply to most of them, but
 * knowing them keeps the leading letters (لافروف is not ل+افروف). */
static int slavic_ending(const word *w)
{
	size_t n = w->n;
	if (n < 5)
		return 0;
	return ENDS(w, n, WAW, FEH) || ENDS(w, n, YEH, FEH) ||
	       ENDS(w, n, WAW, FEH, ALEF) || ENDS(w, n, YEH, FEH, ALEF) ||
	       ENDS(w, n, SEEN, KAF, YEH) || ENDS(w, n, YEH, TEH, SHEEN) ||
	       ENDS(w, n, SHEEN, FEH, YEH, LAM, YEH) ||
	       ENDS(w, n, YEH, NOON, KAF, WAW);
}

/* Are letters [0, k) of w clitics a listed name may carry: و ب ل, ال لل
 * وب ول, وال فال بال كال ولل, or وبال? */
static int name_clitics(const word *w, size_t k)
{
	const uint16_t *c = w->c;
	switch (k) {
	case 0:
		return 1;
	case 1:
		return c[0] == WAW || c[0] == BEH || c[0] == LAM;
	case 2:
		return (c[0] == ALEF && c[1] == LAM) ||
		       (c[0] == LAM && c[1] == LAM) ||
		       (c[0] == WAW && (c[1] == BEH || c[1] == LAM));
	case 3:
		return (c[1] == ALEF && c[2] == LAM &&
			(c[0] == WAW || c[0] == FEH || c[0] == BEH ||
			 c[0] == KAF)) ||
		       (c[0] == WAW && c[1] == LAM && c[2] == LAM);
	case 4:
		return c[0] == WAW && c[1] == BEH && c[2] == ALEF &&
		       c[3] == LAM;
	}
	return 0;
}

/*
 * Finds a listed name of four letters or more in w: the word itself, or
 * the word after its leading clitics. Shorter names collide with common
 * words (وان, زير); they have no suffix to lose anyway. Returns the clitic
 * length, or −1 when no name is listed. The shortest clitics are tried
 * first, so that وبايدن is و + بايدن before it could be وب + a name ايدن.
 */
static long listed_name(const word *w)
{
	for (size_t k = 0; k <= 4 && w->n >= k + 4; k++)
		if (name_clitics(w, k) && name_at(w, k, w->n))
			return (long)k;
	return -1;
}

/* The leading clitics of a name known only by its shape or context: the
 * article with what precedes it (وال بال لل ال), or the conjunction و
 * before four letters or more (foreign names write V as ف, and the W of
 * English names is rare). A bare ب or ل could as well be the name's own
 * (ليبيديف). */
static size_t name_prefix(const word *w)
{
	int definite;
	size_t k = strip_prefix(w, &definite);
	if (definite)
		return k;
	return w->c[0] == WAW && w->n - 1 >= 4 ? 1 : 0;
}

/* ---- the stemmer -------------------------------------------------------- */

/* Loads one lexicon entry: normalized with the analyzer's fold, kept only
 * when it is one word of Arabic-script letters. */
static int lex_add(void *ctx, const char *line, size_t n)
{
	unsigned tags = *(const unsigned *)ctx;
	char buf[256];
	size_t len = marsad_text_fold_entry(line, n, 1, buf, sizeof buf);
	word w;
	if (!read_word(buf, len, &w) || w.n < 2)
		return 0;
	size_t a = 0, m = w.n;
	if (tags & LEX_NAME) {
		/* A name is looked up without its article: الكرملين → كرملين. */
		if (article_at(&w, 0) && w.n - 2 >= 3)
			a = 2;
		if (w.n - a < 4)
			return 0; /* see listed_name() */
	} else if (tags & LEX_INITIAL) {
		m = strip_suffix(&w, 0, w.n, 0);
	} else if (tags & LEX_FINAL && w.c[w.n - 1] == HEH) {
		m = w.n - 1; /* the ta marbuta ة U+0629, folded to ه */
	}
	len = 2 * (m - a);
	marsad_text_wordset_add(tags & LEX_NAME ? &names : &words, buf + 2 * a,
				len, text_hash(buf + 2 * a, len), tags);
	return 0;
}

static const struct source {
	const char *data;
	const size_t *len;
	unsigned tags;
} sources[] = {
	/* stem_keep and stem_final first: the suffix rules that stem
	 * stem_initial's entries consult them. */
	{marsad_data_stem_keep, &marsad_data_stem_keep_len, LEX_KEEP},
	{marsad_data_stem_final, &marsad_data_stem_final_len, LEX_FINAL},
	{marsad_data_stem_initial, &marsad_data_stem_initial_len, LEX_INITIAL},
	{marsad_data_names_places, &marsad_data_names_places_len, LEX_NAME},
	{marsad_data_names_extra, &marsad_data_names_extra_len, LEX_NAME},
	{marsad_data_names_people, &marsad_data_names_people_len, LEX_NAME},
};

/* The storage of one word set for `lines` entries of `bytes` bytes in
 * all, with a Bloom filter when `filter` is set; 0 or MARSAD_ENOMEM. */
static int lex_alloc(text_wordset *set, size_t lines, size_t bytes,
		     int filter)
{
	size_t slots = 64;
	while (slots < 2 * (lines + 1))
		slots *= 2;
	/* A filter of 8 bits a slot, so at least 16 a word: about 0.5% of
	 * the words not in the set pass it. */
	size_t nbloom = filter ? slots / 8 : 0;
	text_wordset_slot *table = calloc(slots, sizeof *table);
	uint64_t *bloom = filter ? calloc(nbloom, sizeof *bloom) : NULL;
	char *pool = malloc(bytes + 1);
	if (!table || (filter && !bloom) || !pool || bytes > UINT32_MAX) {
		free(table);
		free(bloom);
		free(pool);
		return MARSAD_ENOMEM;
	}
	/* Normalizing never lengthens an entry that is kept (every kept
	 * letter is two bytes), so the pool holds them all. */
	marsad_text_wordset_init(set, table, slots, bloom, nbloom, pool, bytes);
	return 0;
}

/* Builds the sets once. Without memory the stemmer runs on its rules
 * alone: no lexicon entry is then found. */
static void lex_load(void)
{
	size_t lines[2] = {0}, bytes[2] = {0};
	for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
		int is_name = (sources[i].tags & LEX_NAME) != 0;
		bytes[is_name] += *sources[i].len;
		for (size_t j = 0; j < *sources[i].len; j++)
			lines[is_name] += sources[i].data[j] == '\n';
	}
	if (lex_alloc(&words, lines[0], bytes[0], 0) ||
	    lex_alloc(&names, lines[1], bytes[1], 1)) {
		words.longest = 0; /* nothing is found */
		return;
	}
	for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
		unsigned tags = sources[i].tags;
		marsad_lexicon_each(sources[i].data, *sources[i].len, lex_add,
				    &tags);
	}
}

size_t marsad_text_stem(const char *w, size_t len, unsigned hints,
			size_t *start, unsigned *flags)
{
	*start = 0;
	*flags = 0;
	word wd;
	if (!read_word(w, len, &wd) || wd.n < 3)
		return len;
	pthread_once(&lex_once, lex_load);

	size_t a, m;
	long k;
	int definite;
	if (tags_of(&wd, 0, wd.n) & LEX_KEEP) {
		a = 0;
		m = wd.n;
	} else if ((k = listed_name(&wd)) >= 0) {
		a = (size_t)k;
		m = wd.n;
		*flags = MARSAD_STEM_IS_NAME;
	} else if (wd.foreign || slavic_ending(&wd) ||
		   (hints & MARSAD_STEM_NAME_CONTEXT && !article_at(&wd, 0))) {
		a = name_prefix(&wd);
		m = wd.n;
		*flags = MARSAD_STEM_IS_NAME;
	} else {
		a = strip_prefix(&wd, &definite);
		m = (a > 0 && tags_of(&wd, a, wd.n) & LEX_KEEP)
			    ? wd.n
			    : strip_suffix(&wd, a, wd.n, definite);
	}
	if (m <= a) { /* the guards forbid it; never return an empty stem */
		a = 0;
		m = wd.n;
	}
	*start = 2 * a;
	return 2 * (m - a);
}

size_t marsad_stem(const char *w, size_t len, unsigned hints, char *out,
		   unsigned *flags_out)
{
	unsigned flags = 0;
	size_t start, n = 0;
	if (w && out && len)
		n = marsad_text_stem(w, len, hints, &start, &flags);
	if (n)
		memcpy(out, w + start, n);
	if (flags_out)
		*flags_out = flags;
	return n;
}

/* See text.h. */
uint32_t marsad_skeleton_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xFE) == 0xD8 && i > 0 && i + 1 < n) {
			unsigned char d = (unsigned char)s[i + 1];
			if (c == 0xD8 ? d == 0xA7 /* U+0627 */
				      : d == 0x88 || /* U+0648 */
						d == 0x8A) { /* U+064A */
				i++;
				continue;
			}
		}
		h ^= c;
		h *= 16777619u;
	}
	return h;
}
