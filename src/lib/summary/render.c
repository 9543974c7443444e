/*
 * render.c — a story's result for others to read: the JSON object the
 * CLI and the server print (fields in summary.h), and plain text.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary_int.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *key_array(const char *const *keys, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(keys[i]));
	return a;
}

static json_t *to_json(const marsad_summary_result *r)
{
	json_t *sum = json_array(), *tl = json_array(), *cast = json_array(),
	       *qs = json_array();
	for (size_t i = 0; sum && i < r->n_sentences; i++) {
		const marsad_summary_sentence *x = &r->sentences[i];
		json_array_append_new(sum, json_pack("{s:s, s:o}", "text", x->text,
						     "keys", key_array(x->keys, x->n_keys)));
	}
	for (size_t i = 0; tl && i < r->n_timeline; i++) {
		const marsad_summary_point *p = &r->timeline[i];
		json_array_append_new(
			tl, json_pack("{s:s, s:s, s:b, s:s, s:o, s:o}", "date", p->date,
				      "granularity",
				      marsad_date_granularity_name(p->granularity),
				      "published", p->published, "text", p->text,
				      "key", str_or_null(p->key), "keys",
				      key_array(p->keys, p->n_keys)));
	}
	for (size_t i = 0; cast && i < r->n_cast; i++) {
		const marsad_summary_actor *a = &r->cast[i];
		json_array_append_new(
			cast, json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:f}", "name",
					a->name, "type", marsad_entity_type_name(a->type),
					"variants", key_array(a->variants, a->n_variants),
					"mentions", (json_int_t)a->mentions, "articles",
					(json_int_t)a->articles, "outlets",
					(json_int_t)a->outlets, "salience", a->salience));
	}
	for (size_t i = 0; qs && i < r->n_quotes; i++) {
		const marsad_summary_quote *q = &r->quotes[i];
		json_array_append_new(
			qs, json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "speaker",
				      q->speaker, "text", q->text, "verb", q->verb,
				      "direct", q->direct, "key", str_or_null(q->key),
				      "keys", key_array(q->keys, q->n_keys)));
	}
	return json_pack("{s:s, s:o, s:I, s:o, s:o, s:o, s:o}", "headline",
			 r->headline, "headline_key", str_or_null(r->headline_key),
			 "articles", (json_int_t)r->n_articles, "summary", sum,
			 "timeline", tl, "cast", cast, "quotes", qs);
}

int marsad_summary_json(const marsad_summary_result *r, char **out,
			size_t *len)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (len)
		*len = 0;
	if (!r)
		return MARSAD_EINVAL;
	json_t *doc = to_json(r);
	char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!s)
		return MARSAD_ENOMEM;
	*out = s;
	if (len)
		*len = strlen(s);
	return 0;
}

/* Appends the formatted text; MARSAD_ENOMEM when it does not fit. */
static int put(marsad_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int put(marsad_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || marsad_buf_reserve(b, (size_t)n + 1) < 0)
		return MARSAD_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

static int put_keys(marsad_buf *b, const char *const *keys, size_t n)
{
	int rc = put(b, " [");
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = put(b, "%s%s", i ? ", " : "", keys[i]);
	return rc ? rc : put(b, "]\n");
}

int marsad_summary_render(const marsad_summary_result *r, marsad_buf *out)
{
	if (!r || !out)
		return MARSAD_EINVAL;
	int rc = put(out, "%s\n", r->headline);
	if (rc == 0 && r->n_sentences)
		rc = put(out, "\nSummary (%zu articles):\n", r->n_articles);
	for (size_t i = 0; rc == 0 && i < r->n_sentences; i++) {
		rc = put(out, "  %zu. %s", i + 1, r->sentences[i].text);
		if (rc == 0)
			rc = put_keys(out, r->sentences[i].keys,
				      r->sentences[i].n_keys);
	}
	if (rc == 0 && r->n_timeline)
		rc = put(out, "\nTimeline:\n");
	for (size_t i = 0; rc == 0 && i < r->n_timeline; i++) {
		const marsad_summary_point *p = &r->timeline[i];
		rc = put(out, "  %-10s %s %s", p->date, p->published ? "*" : "-",
			 p->text);
		if (rc == 0)
			rc = put_keys(out, p->keys, p->n_keys);
	}
	if (rc == 0 && r->n_cast)
		rc = put(out, "\nCast:\n");
	for (size_t i = 0; rc == 0 && i < r->n_cast; i++) {
		const marsad_summary_actor *a = &r->cast[i];
		rc = put(out, "  %s (%s; %zu mentions in %zu articles, %zu outlets)",
			 a->name, marsad_entity_type_name(a->type), a->mentions,
			 a->articles, a->outlets);
		for (size_t v = 0; rc == 0 && v < a->n_variants; v++)
			if (strcmp(a->variants[v], a->name) != 0)
				rc = put(out, " / %s", a->variants[v]);
		if (rc == 0)
			rc = put(out, "\n");
	}
	if (rc == 0 && r->n_quotes)
		rc = put(out, "\nQuotes:\n");
	for (size_t i = 0; rc == 0 && i < r->n_quotes; i++) {
		const marsad_summary_quote *q = &r->quotes[i];
		/* a direct quotation between U+201C and U+201D */
		rc = put(out, "  %s (%s): %s%s%s", q->speaker, q->verb[0] ? q->verb : "-",
			 q->direct ? "\xe2\x80\x9c" : "", q->text,
			 q->direct ? "\xe2\x80\x9d" : "");
		if (rc == 0)
			rc = put_keys(out, q->keys, q->n_keys);
	}
	return rc;
}
