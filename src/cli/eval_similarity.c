/*
 * eval_similarity.c — `marsad eval similarity`: article-pair similarity
 * against the SemEval-2022 Task 8 "Overall" scores.
 *
 *   marsad eval similarity [--json] [FILE...]
 *
 * FILEs are JSON Lines of {pair_id, text1, text2, overall} (default
 * $MARSAD_SHARED/eval/semeval2022-t8/ar-ar-dev.jsonl and ar-ar-test.jsonl).
 * Every text of a file goes through the article stage into one linker (so
 * document frequencies come from the file's own texts), and each pair's
 * marsad similarity is marsad_linker_similarity(). The baseline is plain
 * TF-IDF cosine over whitespace-separated words as written (smoothed idf
 * ln((N+1)/(df+1)) + 1, raw counts, l2 norm: scikit-learn's defaults).
 * Reported: Pearson's r of each with the gold score, per file and over
 * all pairs. Gold 1 means the same story and 4 unrelated, so a good
 * similarity correlates negatively; its magnitude is what counts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/article.h"
#include "marsad/link.h"

typedef struct pair {
	double gold, ours, base;
} pair;

static double pearson(const pair *p, size_t n, int base)
{
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
	for (size_t i = 0; i < n; i++) {
		double x = base ? p[i].base : p[i].ours, y = p[i].gold;
		sx += x;
		sy += y;
		sxx += x * x;
		syy += y * y;
		sxy += x * y;
	}
	double cov = sxy - sx * sy / n;
	double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
	return vx > 0 && vy > 0 ? cov / sqrt(vx * vy) : 0;
}

/* ---- the baseline: raw words, TF-IDF, cosine ------------------------------ */

/* Word counts of s as a JSON object (word → count). */
static json_t *raw_counts(const char *s)
{
	json_t *o = json_object();
	const char *p = s;
	while (o && *p) {
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		const char *q = p;
		while (*q && *q != ' ' && *q != '\n' && *q != '\t' && *q != '\r')
			q++;
		if (q > p) {
			char *w = strndup(p, (size_t)(q - p));
			json_t *c = w ? json_object_get(o, w) : NULL;
			if (w)
				json_object_set_new(o, w,
					json_integer(c ? json_integer_value(c) + 1 : 1));
			free(w);
		}
		p = q;
	}
	return o;
}

static double base_weight(json_t *df, size_t n, const char *w, json_t *cnt)
{
	double d = (double)json_integer_value(json_object_get(df, w));
	return (double)json_integer_value(cnt) * (log((n + 1) / (d + 1)) + 1);
}

static double base_cosine(json_t *df, size_t n, json_t *a, json_t *b)
{
	double dot = 0, na = 0, nb = 0, w;
	const char *k;
	json_t *v;
	json_object_foreach(a, k, v) {
		w = base_weight(df, n, k, v);
		na += w * w;
		json_t *o = json_object_get(b, k);
		if (o)
			dot += w * base_weight(df, n, k, o);
	}
	json_object_foreach(b, k, v) {
		w = base_weight(df, n, k, v);
		nb += w * w;
	}
	return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}

/* ---- one file -------------------------------------------------------------- */

static int add_text(marsad_linker *l, const char *key, const char *text,
		    size_t *id)
{
	marsad_doc *d = calloc(1, sizeof *d);
	if (!d)
		return MARSAD_ENOMEM;
	d->key = strdup(key);
	d->title = strdup("");
	d->text = strdup(text);
	d->text_len = d->text ? strlen(d->text) : 0;
	if (!d->key || !d->title || !d->text) {
		marsad_doc_free(d);
		return MARSAD_ENOMEM;
	}
	marsad_article *a;
	int rc = marsad_article_build(NULL, d, &a);
	if (rc == 0)
		rc = marsad_linker_add(l, a, id);
	marsad_article_free(a);
	return rc;
}

/* Scores the pairs of path, appending them to *all. */
static int score_file(const char *path, pair **all, size_t *n_all,
		      size_t *cap, size_t *n_file)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "cannot open");
		return -1;
	}
	marsad_linker *l;
	if (marsad_linker_new(NULL, &l) < 0) {
		fclose(f);
		return -1;
	}
	json_t *df = json_object(), *counts = json_array();
	size_t first = *n_all, *ids = NULL, n_ids = 0, ids_cap = 0;
	json_error_t jerr;
	json_t *rec;
	int rc = 0;
	*n_file = 0;
	while (rc == 0 && (rec = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr))) {
		const char *t1 = json_string_value(json_object_get(rec, "text1"));
		const char *t2 = json_string_value(json_object_get(rec, "text2"));
		json_t *g = json_object_get(rec, "overall");
		const char *pid = json_string_value(json_object_get(rec, "pair_id"));
		if (!t1 || !t2 || !json_is_number(g)) {
			json_decref(rec);
			continue;
		}
		if (*n_all == *cap) {
			*cap = *cap ? *cap * 2 : 128;
			pair *p = realloc(*all, *cap * sizeof *p);
			if (!p)
				rc = -1;
			else
				*all = p;
		}
		if (n_ids + 2 > ids_cap) {
			ids_cap = ids_cap ? ids_cap * 2 : 256;
			size_t *q = realloc(ids, ids_cap * sizeof *q);
			if (!q)
				rc = -1;
			else
				ids = q;
		}
		char key[300];
		for (int side = 0; rc == 0 && side < 2; side++) {
			snprintf(key, sizeof key, "%s:%d", pid ? pid : "pair",
				 side + 1);
			rc = add_text(l, key, side ? t2 : t1, &ids[n_ids++]);
			json_t *c = raw_counts(side ? t2 : t1);
			const char *k;
			json_t *v;
			json_object_foreach(c, k, v) {
				json_t *d = json_object_get(df, k);
				json_object_set_new(df, k,
					json_integer(d ? json_integer_value(d) + 1 : 1));
			}
			json_array_append_new(counts, c);
		}
		if (rc == 0)
			(*all)[(*n_all)++].gold = json_number_value(g);
		json_decref(rec);
	}
	fclose(f);
	size_t n_docs = json_array_size(counts);
	for (size_t i = first; rc == 0 && i < *n_all; i++) {
		size_t k = i - first;
		rc = marsad_linker_similarity(l, ids[2 * k], ids[2 * k + 1],
					      &(*all)[i].ours);
		(*all)[i].base = base_cosine(df, n_docs,
					     json_array_get(counts, 2 * k),
					     json_array_get(counts, 2 * k + 1));
	}
	*n_file = *n_all - first;
	free(ids);
	json_decref(df);
	json_decref(counts);
	marsad_linker_free(l);
	if (rc)
		cli_error(path, "cannot score");
	return rc ? -1 : 0;
}

int eval_similarity(cli *c, int argc, char **argv)
{
	char d1[1024], d2[1024];
	char *defaults[2] = {
		(char *)cli_shared_path(d1, sizeof d1,
					"eval/semeval2022-t8/ar-ar-dev.jsonl"),
		(char *)cli_shared_path(d2, sizeof d2,
					"eval/semeval2022-t8/ar-ar-test.jsonl")};
	char **files = argc > 1 ? argv + 1 : defaults;
	int n_files = argc > 1 ? argc - 1 : 2;
	for (int i = 0; i < n_files; i++)
		if (files[i][0] == '-') {
			cli_error("eval similarity", "unknown option %s", files[i]);
			return EXIT_USAGE;
		}
	pair *all = NULL;
	size_t n_all = 0, cap = 0;
	json_t *per = json_array();
	for (int i = 0; i < n_files; i++) {
		size_t first = n_all, n;
		if (score_file(files[i], &all, &n_all, &cap, &n) < 0) {
			free(all);
			json_decref(per);
			return EXIT_FAIL;
		}
		json_array_append_new(per, json_pack("{s:s, s:I, s:f, s:f}",
			"file", files[i], "pairs", (json_int_t)n,
			"pearson_marsad", pearson(all + first, n, 0),
			"pearson_tfidf", pearson(all + first, n, 1)));
	}
	double r = pearson(all, n_all, 0), rb = pearson(all, n_all, 1);
	int status;
	if (c->json) {
		status = cli_print_json(json_pack("{s:o, s:I, s:f, s:f}",
			"files", per, "pairs", (json_int_t)n_all,
			"pearson_marsad", r, "pearson_tfidf", rb));
	} else {
		size_t i;
		json_t *o;
		json_array_foreach(per, i, o)
			printf("%s: %lld pairs, Pearson r marsad %.4f, "
			       "TF-IDF baseline %.4f\n",
			       json_string_value(json_object_get(o, "file")),
			       (long long)json_integer_value(json_object_get(o, "pairs")),
			       json_real_value(json_object_get(o, "pearson_marsad")),
			       json_real_value(json_object_get(o, "pearson_tfidf")));
		printf("all: %zu pairs, Pearson r marsad %.4f (|r| %.4f), "
		       "TF-IDF baseline %.4f (|r| %.4f)\n",
		       n_all, r, fabs(r), rb, fabs(rb));
		json_decref(per);
		status = EXIT_OK;
	}
	free(all);
	return status;
}
