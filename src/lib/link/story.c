/*
 * story.c — settling a linker: stories from the candidate edges, their
 * headlines, topics over stories; and why two articles are linked.
 * linker.c describes the method; this file is its batch half.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "link_int.h"

#define HEADLINE_PEERS 50 /* members a headline is compared with */
#define TOPIC_KEYS 16     /* names a story is found by */
#define TOPIC_NAMES 2     /* shared names a topic link needs */
#define TOPIC_SCAN 2000   /* stories walked per key */
#define TOPIC_DF_SHARE 100 /* a name in more than 1/100 of all articles
			      (and more than TOPIC_DF_FLOOR) is too common
			      to find a topic by */
#define TOPIC_DF_FLOOR 50
#define WHY_TERMS 12
#define REASON_NAMES 6

void lk_results_free(marsad_linker *l)
{
	free(l->story);
	free(l->story_members);
	for (size_t i = 0; i < l->n_tlink; i++)
		free((char *)l->tlink[i].reason);
	free(l->tlink);
	l->story = NULL;
	l->story_members = NULL;
	l->tlink = NULL;
	l->n_story = l->n_tlink = 0;
}

static uint32_t root(lk_article *art, uint32_t x)
{
	return lk_find(art, x);
}

static void unite(lk_article *art, uint32_t x, uint32_t y)
{
	uint32_t rx = root(art, x), ry = root(art, y);
	if (rx == ry)
		return;
	/* the older article's root stays the root */
	if (rx < ry)
		art[ry].uf = rx;
	else
		art[rx].uf = ry;
}

/* Members of a story, oldest publication first (unknown dates last, then
 * in order of addition). */
static const marsad_linker *sort_ctx;
static int by_time(const void *x, const void *y)
{
	const lk_article *a = &sort_ctx->art[*(const size_t *)x];
	const lk_article *b = &sort_ctx->art[*(const size_t *)y];
	if (a->t != b->t) {
		if (a->t == LK_NO_TIME)
			return 1;
		if (b->t == LK_NO_TIME)
			return -1;
		return a->t < b->t ? -1 : 1;
	}
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	return (i > j) - (i < j);
}

static int by_story_id(const void *x, const void *y)
{
	int64_t a = ((const marsad_story *)x)->id;
	int64_t b = ((const marsad_story *)y)->id;
	return (a > b) - (a < b);
}

static size_t headline_of(const marsad_linker *l, const size_t *m, size_t n)
{
	size_t best = m[0], k = n < HEADLINE_PEERS ? n : HEADLINE_PEERS;
	double best_sum = -1;
	for (size_t i = 0; i < k; i++) {
		double sum = 0;
		for (size_t j = 0; j < k; j++)
			if (i != j)
				sum += lk_cosine(&l->dict, l->n, &l->art[m[i]],
						 &l->art[m[j]]);
		if (sum > best_sum && l->art[m[i]].title[0]) {
			best_sum = sum;
			best = m[i];
		}
	}
	return best;
}

/* ---- stories ----------------------------------------------------------- */

static int build_stories(marsad_linker *l)
{
	size_t n = l->n;
	for (size_t i = 0; i < n; i++)
		l->art[i].uf = (uint32_t)i;
	for (size_t e = 0; e < l->n_edge; e++) {
		lk_edge *g = &l->edge[e];
		g->sim = (float)lk_cosine(&l->dict, n, &l->art[g->a],
					  &l->art[g->b]);
		if (g->sim >= l->o.story_threshold)
			unite(l->art, g->a, g->b);
	}
	/* Roots are the oldest article of their component (unite keeps the
	 * smaller index), so walking articles in order meets each component
	 * at its oldest article first. */
	size_t claimed_n = (size_t)l->next_story + 1;
	unsigned char *claimed = calloc(claimed_n, 1);
	int64_t *id_of_root = calloc(n ? n : 1, sizeof *id_of_root);
	size_t *count = calloc(n ? n : 1, sizeof *count);
	if (!claimed || !id_of_root || !count) {
		free(claimed);
		free(id_of_root);
		free(count);
		return MARSAD_ENOMEM;
	}
	/* First choice: the id the oldest article had. */
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		count[r]++;
		if (r != i)
			continue;
		int64_t old = l->art[i].story;
		if (old > 0 && old < (int64_t)claimed_n && !claimed[old]) {
			claimed[old] = 1;
			id_of_root[r] = old;
		}
	}
	/* Then any unclaimed id of a member, else a new one. */
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		int64_t old = l->art[i].story;
		if (!id_of_root[r] && old > 0 && old < (int64_t)claimed_n &&
		    !claimed[old]) {
			claimed[old] = 1;
			id_of_root[r] = old;
		}
	}
	size_t n_story = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		if (r == i) {
			n_story++;
			if (!id_of_root[r])
				id_of_root[r] = l->next_story++;
		}
	}
	free(claimed);
	lk_results_free(l);
	l->story = calloc(n_story ? n_story : 1, sizeof *l->story);
	l->story_members = malloc((n ? n : 1) * sizeof *l->story_members);
	size_t *slot = calloc(n ? n : 1, sizeof *slot);
	if (!l->story || !l->story_members || !slot) {
		free(id_of_root);
		free(count);
		free(slot);
		return MARSAD_ENOMEM;
	}
	/* Lay the members out story by story. */
	size_t off = 0, k = 0;
	for (size_t i = 0; i < n; i++) {
		if (root(l->art, (uint32_t)i) != i)
			continue;
		marsad_story *s = &l->story[k++];
		s->id = id_of_root[i];
		s->articles = l->story_members + off;
		slot[i] = off;
		off += count[i];
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		l->story_members[slot[r]++] = i;
		l->art[i].story = id_of_root[r];
	}
	l->n_story = n_story;
	sort_ctx = l;
	for (size_t s = 0; s < n_story; s++) {
		marsad_story *st = &l->story[s];
		size_t first = st->articles - l->story_members;
		size_t last_root = l->story_members[first];
		st->n_articles = count[root(l->art, (uint32_t)last_root)];
		size_t *m = l->story_members + first;
		qsort(m, st->n_articles, sizeof *m, by_time);
		st->headline = headline_of(l, m, st->n_articles);
		st->first = st->last = NULL;
		for (size_t i = 0; i < st->n_articles; i++) {
			if (l->art[m[i]].t == LK_NO_TIME)
				continue;
			if (!st->first)
				st->first = l->art[m[i]].published;
			st->last = l->art[m[i]].published;
		}
	}
	qsort(l->story, n_story, sizeof *l->story, by_story_id);
	free(id_of_root);
	free(count);
	free(slot);
	return 0;
}

/* ---- topics -------------------------------------------------------------- */

/* A story's centroid: every term of its articles with the mean of their
 * unit-vector weights (tf holds the weight; sorted by id), and the keys
 * it is found by: its heaviest names that some other article holds. */
typedef struct centroid {
	lk_term *t;
	size_t n;
	uint32_t key[TOPIC_KEYS];
	size_t n_key;
} centroid;


static int by_term_id(const void *x, const void *y)
{
	uint32_t a = LK_ID(((const lk_term *)x)->id);
	uint32_t b = LK_ID(((const lk_term *)y)->id);
	return (a > b) - (a < b);
}

/*
 * Topics weigh terms by plain tf·idf: a topic is a theme, which the
 * vocabulary its stories share describes, where a story is an event that
 * its rarest words (idf², terms.c) single out.
 */
static double topic_weight(const marsad_linker *l, const lk_term *t)
{
	return sqrt(lk_weight(&l->dict, l->n, t) * t->tf);
}

static int make_centroid(const marsad_linker *l, const marsad_story *s,
			 centroid *c)
{
	size_t cap = 0, n = 0;
	lk_term *all = NULL;
	for (size_t i = 0; i < s->n_articles; i++) {
		const lk_article *a = &l->art[s->articles[i]];
		double norm = 0;
		for (uint32_t j = 0; j < a->n_terms; j++) {
			double w = topic_weight(l, &a->terms[j]);
			norm += w * w;
		}
		norm = sqrt(norm);
		if (norm <= 0)
			continue;
		if (n + a->n_terms > cap) {
			cap = (n + a->n_terms) * 2;
			lk_term *p = realloc(all, cap * sizeof *p);
			if (!p) {
				free(all);
				return MARSAD_ENOMEM;
			}
			all = p;
		}
		for (uint32_t j = 0; j < a->n_terms; j++) {
			all[n].id = a->terms[j].id;
			all[n++].tf = (float)(topic_weight(l, &a->terms[j]) /
					      norm);
		}
	}
	size_t m = 0;
	if (n) {
		qsort(all, n, sizeof *all, by_term_id);
		for (size_t i = 0; i < n; i++) {
			if (m && LK_ID(all[m - 1].id) == LK_ID(all[i].id)) {
				all[m - 1].tf += all[i].tf;
				all[m - 1].id |= all[i].id & LK_NAME_BIT;
			} else {
				all[m++] = all[i];
			}
		}
	}
	double norm = 0;
	for (size_t i = 0; i < m; i++)
		norm += (double)all[i].tf * all[i].tf;
	norm = sqrt(norm);
	for (size_t i = 0; i < m; i++)
		all[i].tf = (float)(all[i].tf / norm);
	c->t = all;
	c->n = m;
	/* Keys: the heaviest names held by more articles than this story's,
	 * but not by so many that they name no topic. */
	float best[TOPIC_KEYS];
	size_t df_max = l->n / TOPIC_DF_SHARE;
	if (df_max < TOPIC_DF_FLOOR)
		df_max = TOPIC_DF_FLOOR;
	c->n_key = 0;
	for (size_t i = 0; i < m; i++) {
		uint32_t id = LK_ID(all[i].id);
		if (!(all[i].id & LK_NAME_BIT) ||
		    l->dict.df[id] <= s->n_articles || l->dict.df[id] > df_max)
			continue;
		float w = all[i].tf;
		if (c->n_key == TOPIC_KEYS && w <= best[c->n_key - 1])
			continue;
		size_t p = c->n_key < TOPIC_KEYS ? c->n_key++ : c->n_key - 1;
		while (p > 0 && best[p - 1] < w) {
			best[p] = best[p - 1];
			c->key[p] = c->key[p - 1];
			p--;
		}
		best[p] = w;
		c->key[p] = id;
	}
	return 0;
}

/* Cosine of two centroids; *names receives the number of names they
 * share and names_out (may be NULL) the first REASON_NAMES of them. */
static double centroid_cos(const centroid *a, const centroid *b,
			   size_t *names, uint32_t *names_out)
{
	double dot = 0;
	size_t i = 0, j = 0;
	*names = 0;
	while (i < a->n && j < b->n) {
		uint32_t x = LK_ID(a->t[i].id), y = LK_ID(b->t[j].id);
		if (x < y) {
			i++;
		} else if (x > y) {
			j++;
		} else {
			dot += (double)a->t[i].tf * b->t[j].tf;
			if ((a->t[i].id & b->t[j].id) & LK_NAME_BIT) {
				if (names_out && *names < REASON_NAMES)
					names_out[*names] = x;
				(*names)++;
			}
			i++;
			j++;
		}
	}
	return dot;
}

static int add_tlink(marsad_linker *l, size_t *cap, int64_t a, int64_t b,
		     double sim, const uint32_t *names, size_t n_names,
		     size_t passages)
{
	if (l->n_tlink == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		marsad_topic_link *p = realloc(l->tlink, c * sizeof *p);
		if (!p)
			return MARSAD_ENOMEM;
		l->tlink = p;
		*cap = c;
	}
	marsad_buf r = MARSAD_BUF_INIT;
	int rc = 0;
	if (n_names) {
		rc = marsad_buf_append(&r, "shared names: ", 14);
		for (size_t i = 0; i < n_names && i < REASON_NAMES && !rc; i++) {
			const char *w = l->dict.word[names[i]];
			if (i)
				rc = marsad_buf_append(&r, ", ", 2);
			if (!rc)
				rc = marsad_buf_append(&r, w, strlen(w));
		}
	}
	if (!rc && passages) {
		char tail[64];
		int k = snprintf(tail, sizeof tail, "%sshared passages: %zu",
				 n_names ? "; " : "", passages);
		rc = marsad_buf_append(&r, tail, (size_t)k);
	}
	char *reason = rc ? NULL : marsad_buf_steal(&r, NULL);
	if (!reason) {
		marsad_buf_clear(&r);
		return MARSAD_ENOMEM;
	}
	l->tlink[l->n_tlink++] = (marsad_topic_link){a, b, sim, reason};
	return 0;
}

/* Union-find over story indexes, for topics. */
static size_t sroot(size_t *p, size_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

/* Two story ids, a < b. */
struct spair {
	int64_t a, b;
};

static int by_spair(const void *x, const void *y)
{
	const struct spair *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

static size_t story_index(const marsad_linker *l, int64_t id)
{
	size_t lo = 0, hi = l->n_story;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->story[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int build_topics(marsad_linker *l)
{
	size_t ns = l->n_story, cap = 0;
	centroid *c = calloc(ns ? ns : 1, sizeof *c);
	lk_vec *post = calloc(l->dict.n ? l->dict.n : 1, sizeof *post);
	size_t *par = malloc((ns ? ns : 1) * sizeof *par);
	size_t *seen = malloc((ns ? ns : 1) * sizeof *seen);
	size_t *hits = malloc((ns ? ns : 1) * sizeof *hits);
	/* each story met once per story: at most ns, and at most
	 * TOPIC_KEYS · TOPIC_SCAN */
	size_t *met = malloc((ns ? ns : 1) * sizeof *met);
	int rc = c && post && par && seen && hits && met ? 0 : MARSAD_ENOMEM;
	for (size_t s = 0; s < ns && rc == 0; s++) {
		par[s] = s;
		seen[s] = SIZE_MAX;
		rc = make_centroid(l, &l->story[s], &c[s]);
	}
	for (size_t s = 0; s < ns && rc == 0; s++) {
		/* Stories sharing TOPIC_NAMES keys with this one are compared. */
		size_t n_met = 0;
		for (size_t t = 0; t < c[s].n_key; t++) {
			lk_vec *p = &post[c[s].key[t]];
			uint32_t from = p->n > TOPIC_SCAN ? p->n - TOPIC_SCAN : 0;
			for (uint32_t k = from; k < p->n; k++) {
				size_t o = p->v[k];
				if (seen[o] != s) {
					seen[o] = s;
					hits[o] = 0;
					met[n_met++] = o;
				}
				hits[o]++;
			}
		}
		for (size_t k = 0; k < n_met && rc == 0; k++) {
			size_t o = met[k];
			if (hits[o] < TOPIC_NAMES)
				continue;
			size_t n_names;
			uint32_t names[REASON_NAMES];
			double sim = centroid_cos(&c[s], &c[o], &n_names, names);
			if (sim < l->o.topic_threshold || n_names < TOPIC_NAMES)
				continue;
			rc = add_tlink(l, &cap, l->story[o].id, l->story[s].id,
				       sim, names, n_names, 0);
			par[sroot(par, s)] = sroot(par, o);
		}
		for (size_t t = 0; t < c[s].n_key && rc == 0; t++)
			rc = lk_vec_push(&post[c[s].key[t]], (uint32_t)s);
	}
	/* Copied passages between stories thread them too: the pairs of
	 * stories of every copy, sorted, give each pair's passage count. */
	struct spair *sp = NULL;
	size_t n_sp = 0;
	if (rc == 0 && l->n_copy &&
	    !(sp = malloc(l->n_copy * sizeof *sp)))
		rc = MARSAD_ENOMEM;
	for (size_t k = 0; rc == 0 && k < l->n_copy; k++) {
		int64_t a = l->art[l->copy[k].from].story;
		int64_t b = l->art[l->copy[k].to].story;
		if (a != b)
			sp[n_sp++] = (struct spair){a < b ? a : b, a < b ? b : a};
	}
	if (n_sp)
		qsort(sp, n_sp, sizeof *sp, by_spair);
	for (size_t k = 0; rc == 0 && k < n_sp;) {
		size_t e = k;
		while (e < n_sp && sp[e].a == sp[k].a && sp[e].b == sp[k].b)
			e++;
		size_t ia = story_index(l, sp[k].a), ib = story_index(l, sp[k].b);
		if (sroot(par, ia) != sroot(par, ib)) {
			size_t n_names;
			uint32_t names[REASON_NAMES];
			double sim = centroid_cos(&c[ia], &c[ib], &n_names, names);
			rc = add_tlink(l, &cap, sp[k].a, sp[k].b, sim, names,
				       n_names, e - k);
			par[sroot(par, ia)] = sroot(par, ib);
		}
		k = e;
	}
	free(sp);
	/* A topic's id is its smallest story id (stories are sorted by id):
	 * it stays while the topic grows, so saving rewrites only the
	 * stories whose topic really changed. */
	if (rc == 0) {
		int64_t *tid = calloc(ns ? ns : 1, sizeof *tid);
		if (!tid) {
			rc = MARSAD_ENOMEM;
		} else {
			for (size_t s = 0; s < ns; s++) {
				size_t r = sroot(par, s);
				if (!tid[r])
					tid[r] = l->story[s].id;
				l->story[s].topic = tid[r];
			}
			free(tid);
		}
	}
	if (post)
		for (size_t i = 0; i < l->dict.n; i++)
			free(post[i].v);
	free(post);
	for (size_t s = 0; c && s < ns; s++)
		free(c[s].t);
	free(c);
	free(par);
	free(seen);
	free(hits);
	free(met);
	return rc;
}

int marsad_linker_settle(marsad_linker *l)
{
	if (!l)
		return MARSAD_EINVAL;
	int rc = build_stories(l);
	if (rc == 0)
		rc = build_topics(l);
	return rc;
}

/* ---- explanations -------------------------------------------------------- */

struct shared {
	uint32_t id;
	double w;
};

static int by_w_desc(const void *x, const void *y)
{
	double a = ((const struct shared *)x)->w, b = ((const struct shared *)y)->w;
	return (a < b) - (a > b);
}

int marsad_linker_why(const marsad_linker *l, size_t a, size_t b,
		      char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (!l || a >= l->n || b >= l->n)
		return MARSAD_EINVAL;
	const lk_article *A = &l->art[a], *B = &l->art[b];
	size_t cap = A->n_terms < B->n_terms ? A->n_terms : B->n_terms;
	struct shared *sh = malloc((cap ? cap : 1) * sizeof *sh);
	json_t *o = json_object(), *terms = json_array(), *names = json_array();
	json_t *copies = json_array();
	marsad_copy *cp = NULL;
	size_t n_cp = 0, n_sh = 0;
	int rc = sh && o && terms && names && copies ? 0 : MARSAD_ENOMEM;
	double na = lk_norm(&l->dict, l->n, A), nb = lk_norm(&l->dict, l->n, B);
	for (uint32_t i = 0, j = 0; rc == 0 && i < A->n_terms && j < B->n_terms;) {
		uint32_t x = LK_ID(A->terms[i].id), y = LK_ID(B->terms[j].id);
		if (x != y) {
			x < y ? i++ : j++;
			continue;
		}
		double w = lk_weight(&l->dict, l->n, &A->terms[i]) *
			   lk_weight(&l->dict, l->n, &B->terms[j]);
		sh[n_sh].id = x;
		sh[n_sh++].w = na > 0 && nb > 0 ? w / (na * nb) : 0;
		if ((A->terms[i].id & B->terms[j].id) & LK_NAME_BIT)
			json_array_append_new(names,
					      json_string(l->dict.word[x]));
		i++;
		j++;
	}
	if (rc == 0) {
		qsort(sh, n_sh, sizeof *sh, by_w_desc);
		for (size_t i = 0; i < n_sh && i < WHY_TERMS; i++)
			json_array_append_new(terms,
				json_pack("{s:s, s:f}", "term",
					  l->dict.word[sh[i].id], "weight",
					  round(sh[i].w * 1e4) / 1e4));
		rc = lk_align(l, (uint32_t)a, (uint32_t)b, &cp, &n_cp);
	}
	for (size_t i = 0; i < n_cp && rc == 0; i++)
		json_array_append_new(copies,
			json_pack("{s:I, s:I, s:I, s:I, s:f}",
				  "a_start", (json_int_t)cp[i].from_start,
				  "a_end", (json_int_t)cp[i].from_end,
				  "b_start", (json_int_t)cp[i].to_start,
				  "b_end", (json_int_t)cp[i].to_end,
				  "similarity",
				  round(cp[i].similarity * 1e3) / 1e3));
	if (rc == 0) {
		double sim = a == b ? 1 : lk_cosine(&l->dict, l->n, A, B);
		json_object_set_new(o, "a", json_string(A->key));
		json_object_set_new(o, "b", json_string(B->key));
		json_object_set_new(o, "similarity",
				    json_real(round(sim * 1e4) / 1e4));
		json_object_set_new(o, "hours_apart",
			A->t == LK_NO_TIME || B->t == LK_NO_TIME
			? json_null()
			: json_real(round(fabs((double)(A->t - B->t)) / 36.0) /
				    100));
		json_object_set_new(o, "same_story",
			json_boolean(marsad_linker_story_of(l, a) ==
				     marsad_linker_story_of(l, b)));
		json_object_set_new(o, "shared_terms", terms);
		json_object_set_new(o, "shared_names", names);
		json_object_set_new(o, "copies", copies);
		terms = names = copies = NULL;
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!s)
			rc = MARSAD_ENOMEM;
		*out = s;
		if (s && len)
			*len = strlen(s);
	}
	json_decref(o);
	json_decref(terms);
	json_decref(names);
	json_decref(copies);
	free(cp);
	free(sh);
	return rc;
}
