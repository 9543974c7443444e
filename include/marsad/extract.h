/*
 * extract.h — what the extraction stage finds in an article.
 *
 * The extraction stage reads an article's cleaned text and reports what it
 * mentions, each finding with its byte span in that text: dates (below),
 * and in later sections entities and quotations. Every function here takes
 * text as (const char *s, size_t len), UTF-8, not necessarily
 * NUL-terminated; invalid UTF-8 is tolerated (it never matches anything)
 * and every span lies within [0, len].
 *
 * Thread safety: every function here may be called from many threads at
 * once. Built-in lexicons are loaded on first use.
 */
#ifndef MARSAD_EXTRACT_H
#define MARSAD_EXTRACT_H

#include <stddef.h>

#include "marsad.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== dates ============================================================
 *
 * Every date expression becomes an ISO 8601 value with its granularity,
 * anchored on the article's publication date when it needs one. Known
 * forms:
 *
 *  - month names of every calendar in use: Egyptian/MSA (يناير … ديسمبر),
 *    Levantine/Iraqi (كانون الثاني … كانون الأول), Algerian/Tunisian
 *    (جانفي، فيفري، أفريل، جوان، جويلية، أوت …), Moroccan (يوليوز، غشت،
 *    شتنبر، نونبر، دجنبر) and Hijri (محرم … ذو الحجة), with their spelling
 *    variants (data/dates_months.txt); dual forms in either order
 *    ("أيلول/سبتمبر", "ديسمبر (كانون الأول)");
 *  - days as digits of any script (ASCII, Arabic-Indic, Persian) or as
 *    ordinal words ("الخامس والعشرين من"); numeric dates, day first as the
 *    Arab convention has it ("19/9/1992", "9.12.2021"), or year first
 *    ("2021-12-09"); month first only when the day cannot be a month
 *    ("4/22/1948");
 *  - years ("عام 1948", "(1935) م"), Hijri years ("1445 هـ", "عام 1319
 *    هجري") and Hijri dates, converted to Gregorian by the tabular
 *    (arithmetical) Islamic calendar, epoch 16 July 622 Julian, leap years
 *    2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30-year cycle: it may
 *    differ by a day or two from a sighted calendar. A Hijri year alone is
 *    the Gregorian year that holds its middle (1 Rajab); a Hijri month
 *    without a day is the Gregorian month that holds its 15th day;
 *  - weekdays, bare or with الماضي/المقبل, and relative words (اليوم، أمس،
 *    أول أمس، غداً، بعد غد، الليلة الماضية، الشهر/العام/الأسبوع الماضي
 *    والمقبل والجاري، هذا العام، مطلع/منتصف/نهاية …, قبل ثلاثة أيام);
 *  - durations and vague periods ("أسبوعين", "ثلاثة أشهر", "الأشهر
 *    الأخيرة", "الأربعينات", "الفترة العثمانية"), reported as spans.
 *
 * Anchoring on the publication date P:
 *  - a bare weekday is the latest such day on or before P; with الماضي
 *    the latest strictly before P, with المقبل/القادم the first strictly
 *    after; "اليوم الخميس" is P, "أمس الأربعاء" P-1;
 *  - a month (or day and month) without a year takes P's year, except:
 *    with الماضي/المنصرم it is the latest one before P, with
 *    المقبل/القادم (or after a future word such as المقرر) the next one
 *    after P, with الجاري/الحالي P's own; a month more than one month
 *    after P's month with no such word is taken as last year's;
 *  - a relative week is reported with MARSAD_DATE_WEEK granularity: the
 *    value is the Monday that begins it (ISO 8601 weeks).
 * Without P (published NULL), expressions that need it are still
 * reported, with an empty value, granularity MARSAD_DATE_NONE and
 * MARSAD_DATE_RELATIVE set.
 */

typedef enum marsad_date_granularity {
	MARSAD_DATE_NONE = 0,  /* no value: a duration, a vague period, or a
				  relative expression without an anchor */
	MARSAD_DATE_YEAR = 1,  /* value "YYYY" */
	MARSAD_DATE_MONTH = 2, /* value "YYYY-MM" */
	MARSAD_DATE_DAY = 3,   /* value "YYYY-MM-DD" */
	MARSAD_DATE_WEEK = 4   /* value "YYYY-MM-DD", the Monday of the week */
} marsad_date_granularity;

/* marsad_date flags. */
#define MARSAD_DATE_RELATIVE 0x01u /* the value depends on the publication
				      date (relative word, weekday, or a year
				      inferred for a month or day) */
#define MARSAD_DATE_HIJRI    0x02u /* written in the Hijri calendar and
				      converted */
#define MARSAD_DATE_DURATION 0x04u /* a length of time ("ثلاثة أشهر"); it has
				      a value only when anchored ("قبل ثلاثة
				      أشهر", "منذ عامين": the start point) */
#define MARSAD_DATE_VAGUE    0x08u /* a period without a computable value
				      ("الأشهر الأخيرة", "الأربعينات",
				      "الشتاء", "يومياً") */

typedef struct marsad_date {
	size_t start, end; /* byte span in the text, [start, end) */
	char value[11];    /* "YYYY", "YYYY-MM", "YYYY-MM-DD" or "" */
	marsad_date_granularity granularity;
	unsigned flags;    /* MARSAD_DATE_* */
} marsad_date;

/* Texts longer than this are refused with MARSAD_ETOOBIG. */
#define MARSAD_DATES_MAX ((size_t)64 << 20) /* 64 MiB */

/*
 * Finds the date expressions of s, in text order, without overlaps.
 * published is the article's publication date, "YYYY-MM-DD" optionally
 * followed by a time ("2021-12-09T10:00:00Z"), or NULL or "" when unknown;
 * anything else is MARSAD_EINVAL. *out is a malloc'd array of *n dates
 * (free() it; NULL when *n is 0).
 */
int marsad_dates_extract(const char *s, size_t len, const char *published,
			 marsad_date **out, size_t *n);

/*
 * Finds an article's own date in its dateline, for when the metadata has
 * none: the first complete date (day, month and year, not relative) that
 * stands on a short line (under 160 bytes) among the first 12 non-empty
 * lines, such as "09 ديسمبر 2021" or "الخميس 2021/12/09 - 10:30". Writes
 * "YYYY-MM-DD" and a NUL to out and returns 0, or returns
 * MARSAD_ENOTFOUND with out set to "".
 */
int marsad_dates_dateline(const char *s, size_t len, char out[11]);

/* The English name of a granularity ("year", "month", "day", "week", or
 * "" for MARSAD_DATE_NONE); a static string. */
const char *marsad_date_granularity_name(marsad_date_granularity g);

/* ==== entities =========================================================
 *
 * Named entities: people (PER), places (LOC: countries, cities, regions,
 * seas, buildings and streets) and organizations (ORG: international
 * bodies, parties, movements, companies, agencies, newspapers, clubs),
 * each with its byte span in the text. The conventions are ANERcorp's: a
 * country is a place wherever it occurs (as a state or a national team
 * too); a body named only by its kind, with a nationality or portfolio
 * ("الحكومة اللبنانية", "وزارة الخارجية", "الجيش الإسرائيلي"), is not a
 * name; a kind word before a name is left out ("شركة [نوكيا]", "صحيفة
 * [الأهرام]").
 *
 * Algorithm. The text goes through marsad_analyze() and is cut into
 * sentence chunks; an averaged perceptron scores every token for the
 * seven BIO tags (O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG) from rich
 * features — the normalized word and its light stem, the clitics and
 * suffixes the stemmer removed, letter prefixes and suffixes, shape, the
 * analyzer's name flag (name lexicons, transliterated-name endings,
 * foreign letters), neighbouring words, punctuation around the word, a
 * gazetteer and trigger words such as titles ("الرئيس", "وزير",
 * "المتحدث باسم") and organization heads ("وكالة", "صحيفة", "شركة")
 * (data/ner_lexicon.txt) — and Viterbi decoding over the tag transitions
 * picks the best valid tag sequence. The model (data/ner_model.txt) is
 * trained by tools/train_ner.c on NewsFANE (CC BY-SA 3.0) with the
 * ANERcorp test sentences removed; it is loaded once, on first use.
 *
 * Spans. A mention's span covers the name without the conjunction or
 * preposition letters written attached to its first word (و ف ب ل ك):
 * in "وبوتين" it is "بوتين", in "والمانيا" "المانيا"; the article ال
 * stays ("الكرملين"). When the article is contracted with ل ("للأمم") the
 * whole word is kept, since the name as written does not occur in it.
 * Harakat and tatweel written on a clitic are skipped with it; the span
 * always starts and ends on a character boundary. A person's span starts
 * after the titles and words before his name that are never part of it
 * (الملك، الأمير، السيد، قوات، نظام …: class HPER of data/ner_lexicon.txt),
 * as both gold sets have it: "الملك سلمان بن عبدالعزيز" gives "سلمان بن
 * عبدالعزيز".
 */

typedef enum marsad_entity_type {
	MARSAD_ENT_PER = 1, /* a person */
	MARSAD_ENT_LOC = 2, /* a place */
	MARSAD_ENT_ORG = 3  /* an organization */
} marsad_entity_type;

typedef struct marsad_mention {
	size_t start, end;       /* byte span in the text, [start, end) */
	marsad_entity_type type;
	float confidence;        /* in (0, 1]: how far the tagger preferred
				    this reading over the others, averaged
				    over the mention's words; a ranking
				    score, not a calibrated probability */
} marsad_mention;

/* Texts longer than this are refused with MARSAD_ETOOBIG. */
#define MARSAD_NER_MAX ((size_t)64 << 20) /* 64 MiB */

/*
 * Finds the named entities of s, in text order, without overlaps. A word
 * is tagged with what was found of it elsewhere in s (its document: all of
 * s, 64 sentence chunks at a time), so a name alone in a short text is
 * found less surely than in an article. *out is a malloc'd array of *n
 * mentions (free() it; NULL when *n is 0). Memory besides the result is
 * bounded by 64 sentence chunks (of at most 256 words each), whatever the
 * length of s.
 */
int marsad_ner_extract(const char *s, size_t len, marsad_mention **out,
		       size_t *n);

/* marsad_ner_extract() for a caller that has analyzed s already: words is
 * s's marsad_analysis_build() (or NULL). Same results, same errors. */
int marsad_ner_extract_analyzed(const char *s, size_t len,
				const marsad_analysis *words,
				marsad_mention **out, size_t *n);

/* What the tagger's lexicon (data/ner_lexicon.txt) says of one word of a
 * name, with or without the article or a proclitic, as flags:
 * MARSAD_NAME_HEAD, the head word of a body's or a place's name (مجلس،
 * جامعة، الاتحاد, classes TORG and TLOC), which names none of them alone;
 * MARSAD_NAME_KIND, a word for the kind of body whose name follows it
 * (حركة، شركة، صحيفة, class NKIND), which the body is named with or
 * without (حركة طالبان، طالبان); MARSAD_NAME_LAND, a country's adjective
 * with the article (السوري، البريطانية: class NLAND), which describes a
 * body named before (الصحيفة البريطانية) as often as it ends a name. 0
 * for another word or bad UTF-8. */
enum { MARSAD_NAME_HEAD = 1, MARSAD_NAME_KIND = 2, MARSAD_NAME_LAND = 4 };
unsigned marsad_ner_name_word(const char *word, size_t len);

/* "PER", "LOC" or "ORG" (or "" for another value); a static string. */
const char *marsad_entity_type_name(marsad_entity_type t);

/* The type named "PER", "LOC" or "ORG"; 0 for another name or NULL. */
marsad_entity_type marsad_entity_type_of(const char *name);

#ifdef __cplusplus
}
#endif

#endif
