/*
 * text.h — the analyzer: UTF-8 validation, Arabic orthographic normalization,
 * tokenization with byte offsets, sentence splitting, stopwords and a light
 * stemmer that protects names.
 *
 * This is the one normalization every later stage uses: the FTS5 tokenizer,
 * `marsad tokens`, copy sketches and story clustering all call
 * marsad_analyze(), so a word matches itself everywhere whatever its
 * diacritics, hamza seat, alef form, ta marbuta or digit script.
 *
 * Thread safety: every function here may be called from many threads at
 * once. Built-in lexicons are loaded on first use.
 */
#ifndef MARSAD_TEXT_H
#define MARSAD_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "marsad.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- UTF-8 ---------------------------------------------------------- */

/*
 * Counts the invalid UTF-8 sequences in s (overlong forms, surrogates,
 * values past U+10FFFF, truncated sequences and stray continuation bytes
 * all count). When first_bad is non-NULL it receives the byte offset of the
 * first one, or len when there is none.
 */
size_t marsad_utf8_check(const char *s, size_t len, size_t *first_bad);

/*
 * Appends s to out with each invalid sequence replaced by U+FFFD, so that
 * nothing silently vanishes; *n_bad (if non-NULL) receives the number
 * replaced. Offsets into the result differ from s only after a replacement.
 */
int marsad_utf8_repair(const char *s, size_t len, marsad_buf *out,
		       size_t *n_bad);

/* ---- normalization -------------------------------------------------- */

/*
 * Appends the normalized form of s to out: the same folding the tokenizer
 * applies to each word (harakat, shadda, tatweel, superscript alef and
 * zero-width/bidi controls removed; alef forms, alef maqsura, ta marbuta,
 * hamza seats, lam-alef ligatures and presentation forms folded;
 * Arabic-Indic and Persian digits to ASCII; Latin case-folded), with
 * spaces and punctuation kept as they are except that Arabic punctuation
 * (، ؛ ؟) becomes its ASCII counterpart. Invalid UTF-8 becomes U+FFFD.
 */
int marsad_normalize(const char *s, size_t len, marsad_buf *out);

/* ---- tokens ---------------------------------------------------------- */

typedef enum marsad_token_kind {
	MARSAD_TOKEN_ARABIC = 1, /* Arabic letters only */
	MARSAD_TOKEN_LATIN,      /* Latin letters (and apostrophes within) */
	MARSAD_TOKEN_NUMBER,     /* digits of any script, with . , between digits */
	MARSAD_TOKEN_MIXED,      /* letters and digits together: "كوفيد-19", "G20" */
	MARSAD_TOKEN_OTHER       /* letters of another script */
} marsad_token_kind;

/* Token flags. */
#define MARSAD_TOKEN_STOPWORD 0x01u /* the normalized word is a stopword */
#define MARSAD_TOKEN_NAME     0x02u /* judged a proper or foreign name: only a
				       leading clitic was removed, if any */
#define MARSAD_TOKEN_BADUTF8  0x04u /* the token touches an invalid byte */

/*
 * One token as the analyzer saw it. The pointers point into the analyzer's
 * scratch memory and are valid only during the callback that receives the
 * token; copy what you keep.
 */
typedef struct marsad_token {
	size_t start, end;     /* byte span in the original text, [start, end) */
	const char *norm;      /* normalized surface form (UTF-8) */
	size_t norm_len;
	const char *stem;      /* the index term: the light stem, or the
				  clitic-stripped name, or norm when stemming
				  is off */
	size_t stem_len;
	marsad_token_kind kind;
	unsigned flags;        /* MARSAD_TOKEN_* */
	uint32_t skeleton;     /* marsad_skeleton_hash() of the stem; 0 for a
				  stopword and with MARSAD_ANALYZE_NO_STEM */
	size_t index;          /* position among all tokens of the text, from 0,
				  counting stopwords too */
} marsad_token;

/* Called once per token, in text order. A non-zero return stops the
 * analysis; marsad_analyze() then returns that value. */
typedef int (*marsad_token_fn)(void *ctx, const marsad_token *tok);

/* marsad_analyze() flags. */
#define MARSAD_ANALYZE_NO_STEM        0x01u /* stem == norm */
#define MARSAD_ANALYZE_KEEP_STOPWORDS 0x02u /* report stopwords too (flagged) */

/*
 * Tokenizes, normalizes and stems s, calling fn for each token. Words longer
 * than MARSAD_TOKEN_MAX bytes after normalization are reported truncated to
 * that length (at a character boundary); their span still covers the whole
 * word. Returns 0, a MARSAD_E* code, or the callback's non-zero value.
 */
int marsad_analyze(const char *s, size_t len, unsigned flags,
		   marsad_token_fn fn, void *ctx);

#define MARSAD_TOKEN_MAX 255

/* ---- words ------------------------------------------------------------ */

/*
 * The hash of a stem's letter skeleton: FNV-1a (32 bits) of the stem
 * without the vowel letters U+0627 ALEF, U+0648 WAW and U+064A YEH after
 * its first letter, so that the transliteration variants of one name or
 * word (الأمريكيين/الأميركيين, غراينير/غرينر) hash alike. Copy detection's
 * and the summaries' term (link.h); the analyzer gives each token its
 * stem's (marsad_token.skeleton), worked out once per word a thread
 * stems.
 */
uint32_t marsad_skeleton_hash(const char *stem, size_t len);

/* Non-zero when the normalized word w is a stopword. */
int marsad_is_stopword(const char *w, size_t len);

/* marsad_stem() hints and result flags. */
#define MARSAD_STEM_NAME_CONTEXT 0x01u /* hint: the word follows a title or
					  another name ("الرئيس", "الجنرال") */
#define MARSAD_STEM_IS_NAME      0x02u /* result: treated as a name */

/*
 * Light stem of one normalized Arabic word w (as marsad_analyze produces
 * it). Writes the stem to out, which must hold at least len bytes, and
 * returns its length (never 0 for a non-empty word). A word judged a proper
 * or foreign name loses only a leading clitic (و ب ل ف ك ال and their
 * combinations) and gets MARSAD_STEM_IS_NAME in *flags_out (may be NULL).
 */
size_t marsad_stem(const char *w, size_t len, unsigned hints, char *out,
		   unsigned *flags_out);

/* ---- a text analyzed once -------------------------------------------- */

/*
 * An article's words are read by several stages (named entities, quotes,
 * linking, the search index), each with its own marsad_analyze() flags.
 * marsad_analysis_build() analyzes s once, stemming and keeping stopwords,
 * and keeps every token; marsad_analysis_each() then reports them exactly
 * as marsad_analyze(s, len, flags, fn, ctx) would. The analysis refers to
 * s by address: it serves that text only, while s lives.
 */
typedef struct marsad_analysis marsad_analysis;

int marsad_analysis_build(const char *s, size_t len, marsad_analysis **out);
void marsad_analysis_free(marsad_analysis *a);

/*
 * marsad_analyze(s, len, flags, fn, ctx), answered from a when a is the
 * analysis of this s (same address and length), else by analyzing s. So a
 * stage can take an optional analysis (NULL) without a second code path.
 */
int marsad_analysis_each(const marsad_analysis *a, const char *s, size_t len,
			 unsigned flags, marsad_token_fn fn, void *ctx);

/*
 * The tokens of a's text that lie wholly in its bytes [start, end), as the
 * analysis of the whole text saw them and with marsad_analyze()'s flags;
 * offsets stay the whole text's, and `index` counts from the text's first
 * token. A part cut at word boundaries (a sentence) gets the words it
 * would get analyzed alone, but for what the analyzer learns from the
 * words around it.
 */
int marsad_analysis_span(const marsad_analysis *a, size_t start, size_t end,
			 unsigned flags, marsad_token_fn fn, void *ctx);

/*
 * The tokens marsad_analysis_span(a, start, end,
 * MARSAD_ANALYZE_KEEP_STOPWORDS, ...) reports, as an array of *n tokens
 * (NULL when a is): for a stage that reads every token of many spans, a
 * loop instead of a call per token. They are a's own, valid while a lives.
 */
const marsad_token *marsad_analysis_tokens(const marsad_analysis *a,
					   size_t start, size_t end, size_t *n);

/* ---- sentences -------------------------------------------------------- */

typedef struct marsad_span {
	size_t start, end; /* byte span, [start, end) */
} marsad_span;

/*
 * Splits s into sentences. Each span is trimmed of surrounding white space;
 * together they cover every non-space byte of s. Sentences end at . ! ? ؟
 * and line breaks, not inside quotations “…” «…» "…", numbers (3.5) or
 * abbreviations (د. م. ص.); a closing quote after the end mark stays with
 * its sentence. *out is malloc'd (free() it) and *n receives the count.
 */
int marsad_sentences(const char *s, size_t len, marsad_span **out, size_t *n);

/* ---- script ----------------------------------------------------------- */

/*
 * The language or script an article is written in, from its letters:
 * "ar" when Arabic letters are most of them, else an ISO 15924 script code
 * ("Latn", "Cyrl", "Hebr", ...) or "Zyyy" when there are no letters. A text
 * whose Arabic-script letters are mostly Persian- or Urdu-only letters is
 * reported as "fa" or "ur". *arabic_ratio (may be NULL) receives the share
 * of letters that are Arabic script. The returned string is static.
 */
const char *marsad_detect_language(const char *s, size_t len,
				   double *arabic_ratio);

/* ---- what the analyzer is -------------------------------------------- */

/*
 * A number that changes whenever marsad_analyze() may give other tokens
 * for some text: a digest of the analyzer's revision (raised with every
 * change to its rules) and of the word lists it reads (stopwords, the
 * stemmer's lists, the names it protects). What is derived from tokens
 * and kept — the full-text index, the linker's rows — records the version
 * it was made with, and is made again when it differs.
 */
uint64_t marsad_analyzer_version(void);

#ifdef __cplusplus
}
#endif

#endif
