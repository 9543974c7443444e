/*
 * quote.h — who said what: direct quotations and reported speech, each
 * with its speaker and reporting verb.
 *
 * Direct quotations are text between quotation marks “…” «…» "…", also
 * when the writer closes with the opening mark (“…“), opens with the
 * closing one (و”…”), reopens inside (“… “…”) or never closes (the
 * quotation then runs to the end of its line). Quoted names and labels
 * (“الكرملين”, “نورد ستريم”, “عرضا مهما”) are not quotations: a quotation
 * has a reporting verb in its sentence or at least four words, and is not
 * just a name.
 *
 * Reported speech is a reporting verb (قال أكد أضاف أوضح أشار أعلن صرّح
 * ذكر شدد لفت اعتبر حذر ..., data/quote_words.txt) followed by its
 * subject and أن/إن/":"; the quoted text runs from there to the end of the
 * sentence. Words are reported once: a verb whose subject is followed by
 * another reporting verb leaves the words to it ("أكدت الشركة توقعاتها …
 * حيث قالت: …"), and قائلاً "saying" goes with the verb before it
 * ("وأوضح قائلاً: …").
 *
 * The speaker is found, in order: the person named after "عن" in "نقلت
 * وكالة … عن X قوله"; a person or organization named between the verb and
 * what was said ("وقال سيرغي لافروف: …", "قال نائب وزير الخارجية الروسي
 * سيرغي ريابكوف"), but not a body it was said to or on ("لـ«الشرق
 * الأوسط»", "على قناة الإخبارية", "مقربة من حزب الله", a platform:
 * تويتر); an anonymous
 * source ("مصدر", "وسائل إعلام": unknown, its description kept as the
 * quote's source, and the latest speaker for "وأضاف أن");
 * an institution ("الكرملين", "الرئاسة التركية"), or, for a head word
 * with the article alone ("وقالت الوزارة", "وأضاف المجلس", "وقال
 * الصندوق", tagged or not), the latest body named before whose name
 * opens with it (وزارة الخارجية الروسية),
 * tagged or not (a ministry is no named entity: وزارة الصحة); an
 * institution's name is its word, the word that completes it and nisba
 * adjectives (الخارجية الروسية, not "… اليوم الأحد"); a body named
 * right after the verb by a head word without the article, untagged
 * ("وقالت وزارة الداخلية البحرينية", "قالت هيئة تنظيم الكهرباء", "إدارة
 * الغذاء والدواء الأميركية"; "إدارة الشركة": the company named before);
 * a title that points back
 * ("وأضاف الدبلوماسي الكبير", "وقال الوزير", "وأضاف المدرب", "وأكد الأمير":
 * the latest person whose own
 * title shares the most words with it, else the latest speaker); the name
 * just before the verb ("أنطونيو غوتيريش، أوضح"); the sentence's subject;
 * and for "وأضاف", "وأوضح أنه", "مشيرا إلى", the latest speaker. Speakers
 * are reported as the byte span of a mention so that callers can map them
 * to entities (entity.h).
 *
 * Thread safety: may be called from many threads at once.
 */
#ifndef MARSAD_QUOTE_H
#define MARSAD_QUOTE_H

#include <stddef.h>

#include "extract.h"
#include "marsad.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct marsad_quote {
	size_t start, end;                 /* what was said, [start, end), without
					      the quotation marks */
	size_t speaker_start, speaker_end; /* the speaker's mention; 0, 0 when
					      unknown */
	int speaker_type;                  /* MARSAD_ENT_PER, MARSAD_ENT_ORG, or
					      MARSAD_ENT_LOC for a place that
					      speaks for its government
					      ("وأشارت واشنطن"); 0 unknown */
	char verb[32];                     /* the reporting verb's lemma ("قال",
					      "أكد"), "" when there is none */
	int direct;                        /* 1: between quotation marks;
					      0: reported speech */
	size_t source_start, source_end;   /* when the words are an anonymous
					      source's ("وقال مصدر عسكري",
					      "مصادر مطلعة"), the words that
					      describe it (the speaker is
					      unknown); 0, 0 else */
} marsad_quote;

/* Texts longer than this are refused with MARSAD_ETOOBIG. */
#define MARSAD_QUOTES_MAX ((size_t)16 << 20) /* 16 MiB */

/*
 * Finds the quotations of s, in text order. mentions are the article's
 * named entities as marsad_ner_extract() reports them (in text order); when
 * mentions is NULL the tagger is run here. PER and ORG mentions can be
 * speakers, LOC ones only right after the verb; a PER name that the tagger found once also counts where it
 * recurs untagged. *out is a malloc'd array of *n quotes (free() it; NULL
 * when *n is 0).
 */
int marsad_quotes_extract(const char *s, size_t len,
			  const marsad_mention *mentions, size_t n_mentions,
			  marsad_quote **out, size_t *n);

/*
 * marsad_quotes_extract() for a caller that has already analyzed s and
 * split it into sentences: `words` is s's marsad_analysis_build() (or
 * NULL), `sentences` must be what marsad_sentences(s, len) gives (the
 * same spans, in order; they are read, not kept), which spares analyzing
 * and splitting the text again. Same results, same errors.
 */
int marsad_quotes_extract_split(const char *s, size_t len,
				const marsad_analysis *words,
				const marsad_span *sentences,
				size_t n_sentences,
				const marsad_mention *mentions,
				size_t n_mentions, marsad_quote **out,
				size_t *n);

#ifdef __cplusplus
}
#endif

#endif
