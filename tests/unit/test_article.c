/*
 * test_article.c — the article stage (article.c) where its extractors
 * meet: a date expression and an entity mention never hold one another
 * (settle_overlaps()): a name keeps the date word it takes in (أحمد
 * الخميس، روسيا اليوم), a date keeps the month a person's mention was
 * made of (شهر رمضان), and the other reading is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "marsad/article.h"

static marsad_article *build(const char *text)
{
	marsad_doc *d = calloc(1, sizeof *d);
	d->key = strdup("t");
	d->title = strdup("خبر");
	d->text = strdup(text);
	d->text_len = strlen(text);
	d->published = strdup("2015-07-20");
	marsad_article *a = NULL;
	CHECK(marsad_article_build(NULL, d, &a) == 0);
	return a;
}

/* The index of the mention or date whose span is exactly the first
 * occurrence of w in a's text, or -1. */
static long mention_of(const marsad_article *a, const char *w)
{
	const char *p = strstr(a->doc->text, w);
	size_t s = p ? (size_t)(p - a->doc->text) : 0;
	for (size_t i = 0; p && i < a->n_mentions; i++)
		if (a->mentions[i].start == s &&
		    a->mentions[i].end == s + strlen(w))
			return (long)i;
	return -1;
}

static long date_of(const marsad_article *a, const char *w)
{
	const char *p = strstr(a->doc->text, w);
	size_t s = p ? (size_t)(p - a->doc->text) : 0;
	for (size_t i = 0; p && i < a->n_dates; i++)
		if (a->dates[i].start == s && a->dates[i].end == s + strlen(w))
			return (long)i;
	return -1;
}

/* No date lies within a mention, nor a mention within a date. */
static void check_no_nesting(const marsad_article *a)
{
	for (size_t i = 0; i < a->n_mentions; i++)
		for (size_t k = 0; k < a->n_dates; k++) {
			const marsad_mention *m = &a->mentions[i];
			const marsad_date *d = &a->dates[k];
			CHECK(!(d->start <= m->start && m->end <= d->end));
			CHECK(!(m->start <= d->start && d->end <= m->end));
		}
}

int main(void)
{
	marsad_article *a = build(
		"قال رئيس الجمعية أحمد الخميس إن الاجتماع يعقد الخميس المقبل "
		"في الرياض. وأضاف أن الصيام في شهر رمضان المبارك بدأ. ونقلت "
		"قناة روسيا اليوم عن الوزير قوله إن الوفد يصل اليوم.");
	if (a) {
		check_no_nesting(a);
		/* the surname is a name's, the weekday after it a date */
		CHECK(mention_of(a, "أحمد الخميس") >= 0);
		CHECK(date_of(a, "الخميس المقبل") >= 0);
		/* the month is a date, in no mention */
		CHECK(date_of(a, "شهر رمضان") >= 0 ||
		      date_of(a, "شهر رمضان المبارك") >= 0);
		CHECK(mention_of(a, "رمضان") < 0);
		/* the channel keeps its name; "اليوم" at the end is a date */
		CHECK(mention_of(a, "روسيا اليوم") >= 0);
		const char *today = strstr(a->doc->text, "يصل اليوم");
		CHECK(today != NULL);
		size_t at = today ? (size_t)(today - a->doc->text) + strlen("يصل ") : 0;
		int found = 0;
		for (size_t k = 0; k < a->n_dates; k++)
			found |= a->dates[k].start == at;
		CHECK(found);
		marsad_article_free(a);
	}
	CHECK_DONE();
}
