/*
 * article.c — one article through the per-article stages (article.h):
 * clean, split into sentences, fingerprint; and its JSON form, the object
 * `marsad analyze --json` prints and the server returns.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/article.h"
#include "marsad/entity.h"

/* FNV-1a of the string s (NULL as ""), then a field separator, so that
 * ("ab", "c") and ("a", "bc") differ. */
static uint64_t hash_field(uint64_t h, const char *s)
{
	if (s)
		h = marsad_fnv1a(h, s, strlen(s));
	return (h ^ 0xff) * MARSAD_FNV_PRIME;
}

/*
 * Gives every mention its entity within the article (entity_of) and that
 * entity's canonical name: its spellings and a bare family name
 * ("لافروف") join the full name.
 */
static int canonicalize(marsad_article *a)
{
	a->canonical = calloc(a->n_mentions ? a->n_mentions : 1,
			      sizeof *a->canonical);
	marsad_entity_mention *em = calloc(a->n_mentions ? a->n_mentions : 1,
					   sizeof *em);
	size_t *ids = calloc(a->n_mentions ? a->n_mentions : 1, sizeof *ids);
	marsad_entity_index *ix = marsad_entity_index_new();
	int rc = a->canonical && em && ids && ix ? 0 : MARSAD_ENOMEM;
	const char *text = a->doc->text;
	for (size_t i = 0; rc == 0 && i < a->n_mentions; i++) {
		const marsad_mention *m = &a->mentions[i];
		em[i] = (marsad_entity_mention){
			.text = text + m->start, .text_len = m->end - m->start,
			.type = m->type, .start = m->start, .end = m->end};
	}
	if (rc == 0)
		rc = marsad_entity_index_add(ix, a->doc->key,
					     strlen(a->doc->key), em,
					     a->n_mentions, ids);
	for (size_t i = 0; rc == 0 && i < a->n_mentions; i++) {
		const char *name = ids[i] != MARSAD_ENTITY_NONE
					   ? marsad_entity_index_canonical(ix, ids[i])
					   : NULL;
		a->canonical[i] = name ? strdup(name)
				       : strndup(em[i].text, em[i].text_len);
		if (!a->canonical[i])
			rc = MARSAD_ENOMEM;
	}
	marsad_entity_index_free(ix);
	free(em);
	a->entity_of = ids;
	return rc;
}

/*
 * Where a date expression and an entity mention overlap, one of the two
 * readings is wrong; which, their spans tell (measured on the 31,030
 * articles of SaudiNewsNet, 408 overlaps):
 * - a mention that takes in more than a date is a name, the date a word
 *   of it: أحمد [الخميس], روسيا [اليوم], محمد أبو [قرنين], [نيسان] موتور;
 * - a date that takes in more than a mention is a date, the name a word
 *   of it: شهر [رمضان], الثامن من [يوليو], [ستون] يوما;
 * - where both are the same words, a place or a body is a name (نيسان
 *   Nissan, 14 آذار the Lebanese alliance, 6 أكتوبر the city, الغد the
 *   paper) and a person a date (رمضان, الخميس alone).
 * The reading that loses is dropped; spans that cross (few, and either
 * may be right) are kept. Both lists are in text order; mentions do not
 * overlap each other, nor dates.
 */
static void settle_overlaps(marsad_article *a)
{
	size_t nm = 0, nd = 0, d = 0;
	for (size_t i = 0; i < a->n_mentions; i++) {
		const marsad_mention *m = &a->mentions[i];
		while (d < a->n_dates && a->dates[d].end <= m->start)
			a->dates[nd++] = a->dates[d++];
		int keep = 1;
		for (size_t k = d; k < a->n_dates && a->dates[k].start < m->end;
		     k++) {
			marsad_date *t = &a->dates[k];
			int same = t->start == m->start && t->end == m->end;
			if (t->start <= m->start && m->end <= t->end &&
			    (!same || m->type == MARSAD_ENT_PER))
				keep = 0;
			else if (m->start <= t->start && t->end <= m->end)
				t->end = t->start; /* dropped below */
		}
		if (keep)
			a->mentions[nm++] = *m;
	}
	while (d < a->n_dates)
		a->dates[nd++] = a->dates[d++];
	size_t kept = 0;
	for (size_t k = 0; k < nd; k++)
		if (a->dates[k].start < a->dates[k].end)
			a->dates[kept++] = a->dates[k];
	a->n_mentions = nm;
	a->n_dates = kept;
}

/* The mentions of an article without any: an empty list, where NULL would
 * have marsad_quotes_extract_split() run the tagger once more. */
static const marsad_mention no_mentions[1];

int marsad_article_build(const marsad_cleaner *cleaner, marsad_doc *doc,
			 marsad_article **out)
{
	*out = NULL;
	if (!doc)
		return MARSAD_EINVAL;
	marsad_article *a = calloc(1, sizeof *a);
	if (!a) {
		marsad_doc_free(doc);
		return MARSAD_ENOMEM;
	}
	a->doc = doc;
	/* The input's hash, before cleaning: what the cleaner removes depends
	 * on the lines it has learnt from the articles before this one, so a
	 * hash of the cleaned text would call an article read again, alone,
	 * changed (and store it worse cleaned). */
	uint64_t h = MARSAD_FNV_BASIS;
	h = hash_field(h, doc->title);
	h = hash_field(h, doc->text);
	h = hash_field(h, doc->url);
	h = hash_field(h, doc->published);
	a->content_hash = h;
	int rc = 0;
	if (!doc->published) {
		char day[11];
		if (marsad_dates_dateline(doc->text, doc->text_len, day) == 0 &&
		    !(doc->published = strdup(day)))
			rc = MARSAD_ENOMEM;
	}
	if (rc == 0)
		rc = marsad_clean_doc(cleaner, doc);
	if (rc == 0 && doc->title)
		rc = marsad_analysis_build(doc->title, strlen(doc->title),
					   &a->title_words);
	if (rc == 0)
		rc = marsad_analysis_build(doc->text, doc->text_len,
					   &a->text_words);
	if (rc == 0)
		rc = marsad_sentences(doc->text, doc->text_len, &a->sentences,
				      &a->n_sentences);
	if (rc == 0)
		rc = marsad_dates_extract(doc->text, doc->text_len,
					  doc->published, &a->dates,
					  &a->n_dates);
	if (rc == 0)
		rc = marsad_ner_extract_analyzed(doc->text, doc->text_len,
						 a->text_words, &a->mentions,
						 &a->n_mentions);
	if (rc == 0) {
		settle_overlaps(a);
		rc = canonicalize(a);
	}
	if (rc == 0)
		rc = marsad_quotes_extract_split(doc->text, doc->text_len,
						 a->text_words,
						 a->sentences, a->n_sentences,
						 a->n_mentions ? a->mentions
							       : no_mentions,
						 a->n_mentions, &a->quotes,
						 &a->n_quotes);
	if (rc) {
		marsad_article_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void marsad_article_free(marsad_article *a)
{
	if (!a)
		return;
	marsad_doc_free(a->doc);
	free(a->sentences);
	free(a->dates);
	for (size_t i = 0; a->canonical && i < a->n_mentions; i++)
		free(a->canonical[i]);
	free(a->canonical);
	free(a->entity_of);
	free(a->mentions);
	free(a->quotes);
	marsad_analysis_free(a->title_words);
	marsad_analysis_free(a->text_words);
	free(a);
}

const char *marsad_article_entity_name(const marsad_article *a, size_t i,
				       size_t *len)
{
	const char *c = a->canonical ? a->canonical[i] : NULL;
	if (c && *c) {
		*len = strlen(c);
		return c;
	}
	*len = a->mentions[i].end - a->mentions[i].start;
	return a->doc->text + a->mentions[i].start;
}

int marsad_article_span_ok(const marsad_article *a, size_t start, size_t end)
{
	return start < end && end <= a->doc->text_len;
}

int marsad_article_mention_kept(const marsad_article *a, size_t i)
{
	const marsad_mention *m = &a->mentions[i];
	return m->type >= MARSAD_ENT_PER && m->type <= MARSAD_ENT_ORG &&
	       marsad_article_span_ok(a, m->start, m->end);
}

size_t marsad_article_speaker_mention(const marsad_article *a,
				      const marsad_quote *q)
{
	size_t at = a->n_mentions;
	if (!marsad_article_span_ok(a, q->speaker_start, q->speaker_end))
		return at;
	for (size_t i = 0; i < a->n_mentions; i++)
		if (a->mentions[i].start == q->speaker_start &&
		    a->mentions[i].end == q->speaker_end &&
		    marsad_article_mention_kept(a, i))
			at = i;
	return at;
}

const char *marsad_article_speaker(const marsad_article *a,
				   const marsad_quote *q)
{
	if (q->speaker_start == q->speaker_end)
		return NULL;
	for (size_t i = 0; i < a->n_mentions; i++)
		if (a->mentions[i].start <= q->speaker_start &&
		    q->speaker_end <= a->mentions[i].end)
			return a->canonical[i];
	/* A name the tagger found elsewhere in the article, recurring
	 * untagged: its canonical is that of a mention spelled the same. */
	size_t n = q->speaker_end - q->speaker_start;
	const char *t = a->doc->text;
	for (size_t i = 0; i < a->n_mentions; i++)
		if (a->mentions[i].end - a->mentions[i].start == n &&
		    memcmp(t + a->mentions[i].start, t + q->speaker_start,
			   n) == 0)
			return a->canonical[i];
	return NULL;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int marsad_article_json(const marsad_article *a, char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	const marsad_doc *d = a->doc;
	json_t *removed = json_array(), *sentences = json_array();
	json_t *dates = json_array(), *entities = json_array();
	json_t *quotes = json_array(), *o = json_object();
	if (!o || !removed || !sentences || !dates || !entities || !quotes) {
		json_decref(o);
		json_decref(removed);
		json_decref(sentences);
		json_decref(dates);
		json_decref(entities);
		json_decref(quotes);
		return MARSAD_ENOMEM;
	}
	for (size_t i = 0; i < d->n_removed; i++)
		json_array_append_new(removed,
			json_pack("{s:s, s:s}", "line", d->removed[i].line,
				  "reason", d->removed[i].reason));
	for (size_t i = 0; i < a->n_sentences; i++)
		json_array_append_new(sentences,
			json_pack("{s:I, s:I}",
				  "start", (json_int_t)a->sentences[i].start,
				  "end", (json_int_t)a->sentences[i].end));
	for (size_t i = 0; i < a->n_dates; i++) {
		const marsad_date *dt = &a->dates[i];
		json_array_append_new(dates,
			json_pack("{s:s%, s:o, s:s, s:I, s:I}",
				  "text", d->text + dt->start,
				  dt->end - dt->start,
				  "value", dt->value[0] ? json_string(dt->value)
							: json_null(),
				  "granularity",
				  marsad_date_granularity_name(dt->granularity),
				  "start", (json_int_t)dt->start,
				  "end", (json_int_t)dt->end));
	}
	for (size_t i = 0; i < a->n_mentions; i++) {
		const marsad_mention *m = &a->mentions[i];
		json_t *t = json_stringn(d->text + m->start, m->end - m->start);
		json_array_append_new(entities,
			json_pack("{s:O, s:s, s:o, s:I, s:I}", "text", t,
				  "type", marsad_entity_type_name(m->type),
				  "canonical", json_string(a->canonical[i]),
				  "start", (json_int_t)m->start,
				  "end", (json_int_t)m->end));
		json_decref(t);
	}
	for (size_t i = 0; i < a->n_quotes; i++) {
		const marsad_quote *q = &a->quotes[i];
		const char *speaker = marsad_article_speaker(a, q);
		/* an institution that is no named entity (الشرطة، الوزارة) is
		 * named as written */
		json_t *who = speaker ? json_string(speaker)
			      : marsad_article_span_ok(a, q->speaker_start,
						       q->speaker_end) &&
					q->speaker_end > q->speaker_start
				      ? json_stringn(d->text + q->speaker_start,
						     q->speaker_end -
							     q->speaker_start)
				      : json_null();
		json_t *source = marsad_article_span_ok(a, q->source_start,
							q->source_end) &&
					 q->source_end > q->source_start
				 ? json_stringn(d->text + q->source_start,
						q->source_end - q->source_start)
				 : json_null();
		json_array_append_new(quotes,
			json_pack("{s:o, s:o, s:s%, s:o, s:b, s:I, s:I}",
				  "speaker", who, "source", source,
				  "text", d->text + q->start, q->end - q->start,
				  "verb", q->verb[0] ? json_string(q->verb)
						     : json_null(),
				  "direct", q->direct,
				  "start", (json_int_t)q->start,
				  "end", (json_int_t)q->end));
	}
	json_object_set_new(o, "key", json_string(d->key));
	json_object_set_new(o, "title", json_string(d->title));
	json_object_set_new(o, "published", str_or_null(d->published));
	json_object_set_new(o, "url", str_or_null(d->url));
	json_object_set_new(o, "outlet", str_or_null(d->outlet));
	json_object_set_new(o, "lang", str_or_null(d->lang));
	json_object_set_new(o, "text", json_stringn(d->text, d->text_len));
	json_object_set_new(o, "removed", removed);
	json_object_set_new(o, "sentences", sentences);
	json_object_set_new(o, "entities", entities);
	json_object_set_new(o, "dates", dates);
	json_object_set_new(o, "quotes", quotes);
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return MARSAD_ENOMEM;
	*out = s;
	if (len)
		*len = strlen(s);
	return 0;
}
