/*
 * fuzz_summary.c — the summarizer and ROUGE on arbitrary bytes. The input
 * is split at its first NUL byte (or in the middle) into two plain-text
 * articles (title line, body) of one story, published a day apart; both
 * are summarized, and every sentence, timeline point and quote must name
 * an article of the story. The two halves are also scored with ROUGE,
 * whose values must lie in [0, 1]. The result's JSON must parse, whatever
 * bytes the articles held.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/summary.h"

static marsad_article *build(const char *key, const char *s, size_t len,
			     const char *published)
{
	marsad_doc *d;
	marsad_read_error err;
	marsad_article *a;
	if (marsad_read_memory("txt", key, s, len, &d, &err) < 0)
		return NULL;
	free(d->published);
	d->published = strdup(published);
	return marsad_article_build(NULL, d, &a) == 0 ? a : NULL;
}

static int in_story(const char *key)
{
	return key && (strcmp(key, "a") == 0 || strcmp(key, "b") == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nul = memchr(s, 0, size);
	size_t cut = nul ? (size_t)(nul - s) : size / 2;
	size_t rest = nul ? cut + 1 : cut;

	marsad_rouge r;
	if (marsad_summary_rouge(s, cut, s + rest, size - rest, 0, &r) == 0 &&
	    (r.r1.f < 0 || r.r1.f > 1 || r.r2.p > 1 || r.rl.r > 1))
		abort();

	marsad_article *a = build("a", s, cut, "2022-11-02");
	marsad_article *b = build("b", s + rest, size - rest, "2022-11-03");
	marsad_summary *sm;
	if (marsad_summary_new(NULL, &sm) == 0) {
		if (a)
			marsad_summary_add(sm, a);
		if (b)
			marsad_summary_add(sm, b);
		const marsad_summary_result *res;
		if (marsad_summary_get(sm, &res) == 0) {
			for (size_t i = 0; i < res->n_sentences; i++)
				for (size_t k = 0; k < res->sentences[i].n_keys; k++)
					if (!in_story(res->sentences[i].keys[k]))
						abort();
			for (size_t i = 0; i < res->n_timeline; i++)
				if (!in_story(res->timeline[i].key))
					abort();
			for (size_t i = 0; i < res->n_quotes; i++)
				if (!in_story(res->quotes[i].key))
					abort();
			char *js;
			size_t len;
			if (marsad_summary_json(res, &js, &len) == 0) {
				json_t *doc = json_loadb(js, len, 0, NULL);
				if (!json_is_object(doc))
					abort();
				json_decref(doc);
				free(js);
			}
		}
		marsad_summary_free(sm);
	}
	marsad_article_free(a);
	marsad_article_free(b);
	return 0;
}
