/*
 * article.h — one article through the per-article stages.
 *
 * A reader's document is cleaned (clean.h), split into sentences and
 * analyzed (text.h); the extraction stage adds entities, dates and quotes
 * here. `marsad analyze`, ingest and the server all go through this one
 * path, so an article means the same thing everywhere.
 */
#ifndef MARSAD_ARTICLE_H
#define MARSAD_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "clean.h"
#include "extract.h"
#include "quote.h"
#include "marsad.h"
#include "read.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct marsad_article {
	marsad_doc *doc;         /* owned; doc->text is the cleaned body and
				    doc->removed lists what was taken out */
	marsad_span *sentences;  /* byte spans into doc->text, in order */
	size_t n_sentences;
	marsad_date *dates;      /* date expressions in doc->text, in order */
	size_t n_dates;
	marsad_mention *mentions; /* named entities in doc->text, in order */
	size_t n_mentions;
	char **canonical;        /* canonical[i]: the canonical name of
				    mentions[i] within this article (entity.h:
				    spellings and bare family names joined) */
	size_t *entity_of;       /* entity_of[i]: the entity of mentions[i]
				    within this article, numbered from 0 as
				    entity.h's index made them
				    (MARSAD_ENTITY_NONE: none); NULL when
				    not known */
	marsad_quote *quotes;    /* quotations in doc->text, in order */
	size_t n_quotes;
	uint64_t content_hash;   /* of the document as read (title, text
				    before cleaning, url, published date):
				    equal hashes mean an unchanged article
				    on re-ingest, whatever the cleaner has
				    learnt meanwhile */
	marsad_analysis *title_words; /* doc->title and doc->text analyzed */
	marsad_analysis *text_words;  /* once, for every stage that reads
					 their words (text.h); NULL in an
					 article built another way */
} marsad_article;

/*
 * Cleans and analyzes doc. An article without a publication date in its
 * metadata takes the one of its dateline (marsad_dates_dateline), read
 * before the cleaner removes that line; relative dates are anchored on it. Takes ownership of doc, also on failure (it is
 * then freed). cleaner may be NULL (built-in rules only).
 */
int marsad_article_build(const marsad_cleaner *cleaner, marsad_doc *doc,
			 marsad_article **out);

void marsad_article_free(marsad_article *a);

/*
 * The name mention i's entity goes by (*len bytes; a spelling is not
 * NUL-ended): its canonical name in the article, else its spelling. The
 * store files the mention under this name, with its type.
 */
const char *marsad_article_entity_name(const marsad_article *a, size_t i,
				       size_t *len);

/*
 * What the store keeps of an article's rows, the rules its readers (the
 * summaries' rows kept at ingest) must follow too: a mention, date or
 * quotation only when [start, end) is a non-empty span of the text
 * (marsad_article_span_ok), a mention only when it also has a type the
 * store files (PER, LOC, ORG); a quotation's speaker is linked to the
 * entity of the last kept mention spelled at exactly the speaker's span
 * (marsad_article_speaker_mention: its index, a->n_mentions when none).
 */
int marsad_article_span_ok(const marsad_article *a, size_t start, size_t end);
int marsad_article_mention_kept(const marsad_article *a, size_t i);
size_t marsad_article_speaker_mention(const marsad_article *a,
				      const marsad_quote *q);

/*
 * The canonical name of a quote's speaker (one of a->canonical), or NULL
 * when the speaker is unknown or not a named entity of the article.
 */
const char *marsad_article_speaker(const marsad_article *a,
				   const marsad_quote *q);

/*
 * The article as the JSON object of `marsad analyze --json` (see the
 * contract): key, title, published, url, outlet, lang, text, removed,
 * sentences, entities ({text, type, canonical, start, end}), dates ({text,
 * value, granularity, start, end}; value null when the expression has
 * none, such as a duration), quotes ({speaker, source, text, verb, direct,
 * start, end}; speaker is the canonical name, an institution's words as
 * written (الشرطة) or null; source, when the speaker is an anonymous
 * source, the words that describe it (مصدر عسكري), else null). *out is
 * malloc'd, NUL-terminated; free() it.
 */
int marsad_article_json(const marsad_article *a, char **out, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
