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

/* Members of a story, oldest publication first (unknown dates last, then
 * in order of addition). The linker sorted is per thread: linkers may
 * settle in different threads at once. */
static _Thread_local const marsad_linker *sort_ctx;
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

/* The member with a title whose cosines with the first HEADLINE_PEERS
 * members sum highest. A cosine does not depend on the order of its two
 * articles: each pair is compared once, member i's weights spread in q
 * (l->query, zero) against the later members. */
static size_t headline_of(const marsad_linker *l, double *q, const size_t *m,
			  size_t n)
{
	size_t best = m[0], k = n < HEADLINE_PEERS ? n : HEADLINE_PEERS;
	double sim[HEADLINE_PEERS][HEADLINE_PEERS];
	for (size_t i = 0; i + 1 < k; i++) {
		const lk_article *a = &l->art[m[i]];
		lk_query_set(&l->dict, l->n, a, q, NULL);
		for (size_t j = i + 1; j < k; j++)
			sim[i][j] = sim[j][i] =
				lk_query_cosine(&l->dict, l->n, a, q,
						&l->art[m[j]], 0);
		lk_query_clear(a, q);
	}
	double best_sum = -1;
	for (size_t i = 0; i < k; i++) {
		double sum = 0;
		for (size_t j = 0; j < k; j++)
			if (i != j)
				sum += sim[i][j];
		if (sum > best_sum && l->art[m[i]].title[0]) {
			best_sum = sum;
			best = m[i];
		}
	}
	return best;
}

/* ---- stories ----------------------------------------------------------- */

/*
 * Stories are grown from the candidate edges, strongest first (ties by
 * pair, so the order is total). Two stories a and b meeting on an edge of
 * cosine s are joined
 *   - when s ≥ story_threshold (single link: a wire copy or a close
 *     follow-up), unless the mean cosine over all pairs of their articles
 *     is below GUARD_SHARE · story_threshold: one close pair (a roundup
 *     quoting two events) does not chain two unrelated stories;
 *   - when s is lower but the mean cosine over all pairs of their articles
 *     is at least MEAN_SHARE · story_threshold (average link: reports of
 *     one event worded apart, each moderately like every other) and the
 *     two articles of the edge come from different outlets: an outlet
 *     reports one development once, so its two moderately similar articles
 *     are two developments of one topic (two evenings of a festival, two
 *     matches of a tournament), while near-duplicates under two URLs pass
 *     the single-link rule.
 * Neither joins two stories whose articles would then lie more than
 * story_days apart (first to last publication; unknown dates count as
 * any): a story is one event, and a chain of follow-ups, each within the
 * window of the last, is a topic. Among the whole corpus this lifts
 * B-cubed F1 of the labelled articles from 0.943 to 0.945 (precision
 * 0.962 to 0.966), and leaves both days' figure as it was.
 * Pairs less similar than LK_EDGE_MIN count 0 in the mean, whether or not
 * the candidate search compared them (it keeps no edge below it), so the
 * mean does not depend on which pairs were compared. It is summed over
 * the edges of the smaller story's articles.
 * On the labelled SaudiNewsNet days (`marsad eval stories`) the two rules
 * lift B-cubed F1 of single link from 0.956 to 0.960 among both days'
 * articles, and from 0.921 to 0.941 among the whole corpus's, where
 * single link chained up to 260 articles into one story.
 */
#define MEAN_SHARE 0.8
#define GUARD_SHARE 0.4

/*
 * A report states its event in its title and lead; a roundup, a feature
 * or a follow-up with a long background section shares much with the
 * reports of another event further down. So an edge is re-weighed as
 * strong as the two leads agree with what the articles share: when that
 * agreement (lk_query_reweigh, terms.c) is a < LEAD_SHARE, its cosine is
 * scaled by a / LEAD_SHARE. Reports of one event agree 0.4 and more (over
 * 1 where their leads hold most of what they share; an article that is
 * all lead gives 1), a roundup with an item of the other event's in its
 * tail 0.1 to 0.2. On the labelled SaudiNewsNet days this keeps a Syria
 * roundup out of the story of an item of its tail: B-cubed precision
 * 0.981 to 0.985, F1 0.960 to 0.962 (among the whole corpus 0.945 to
 * 0.948); leads of 25 to 50 terms and LEAD_SHARE 0.3 to 0.4 give the
 * same.
 */
#define LEAD_SHARE 0.35

/* Edges around each article (both directions): off[i] .. off[i + 1]
 * index nb (the other article) and w (the edge's cosine, 0 below
 * LK_EDGE_MIN). */
typedef struct adjacency {
	uint32_t *off, *nb;
	float *w;
} adjacency;

static int make_adjacency(const marsad_linker *l, adjacency *g)
{
	size_t n = l->n, m = l->n_edge;
	g->off = calloc(n + 2, sizeof *g->off);
	g->nb = malloc((m ? 2 * m : 1) * sizeof *g->nb);
	g->w = malloc((m ? 2 * m : 1) * sizeof *g->w);
	if (!g->off || !g->nb || !g->w)
		return MARSAD_ENOMEM;
	for (size_t e = 0; e < m; e++) {
		g->off[l->edge[e].a + 2]++;
		g->off[l->edge[e].b + 2]++;
	}
	for (size_t i = 2; i < n + 2; i++)
		g->off[i] += g->off[i - 1];
	/* off[i + 1] is now where article i's edges start: fill it
	 * forward, which leaves off[i + 1] where they end */
	for (size_t e = 0; e < m; e++) {
		const lk_edge *x = &l->edge[e];
		float w = x->sim >= LK_EDGE_MIN ? x->sim : 0;
		uint32_t p = g->off[x->a + 1]++;
		g->nb[p] = x->b;
		g->w[p] = w;
		p = g->off[x->b + 1]++;
		g->nb[p] = x->a;
		g->w[p] = w;
	}
	return 0;
}

static void adjacency_free(adjacency *g)
{
	free(g->off);
	free(g->nb);
	free(g->w);
}

/* Mean cosine over all pairs of the stories rooted at ra and rb (members
 * in the circular lists `next`, sizes in `size`). */
static double mean_link(lk_article *art, const adjacency *g,
			const uint32_t *next, const uint32_t *size,
			uint32_t ra, uint32_t rb)
{
	uint32_t small = size[ra] <= size[rb] ? ra : rb;
	uint32_t other = small == ra ? rb : ra, x = small;
	double sum = 0;
	do {
		for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++)
			if (root(art, g->nb[k]) == other)
				sum += g->w[k];
		x = next[x];
	} while (x != small);
	return sum / ((double)size[ra] * size[rb]);
}

static int same_outlet(const lk_article *a, const lk_article *b)
{
	return a->outlet && b->outlet && strcmp(a->outlet, b->outlet) == 0;
}

/* Strongest first; ties by pair, so that the order is total. */
static int by_edge_desc(const void *x, const void *y)
{
	const lk_edge *p = x, *q = y;
	if (p->sim != q->sim)
		return (p->sim < q->sim) - (p->sim > q->sim);
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* The first and last known publication of a story (first > last while
 * none is known). */
typedef struct span {
	int64_t first, last;
} span;

/* Whether the stories of spans a and b, joined, lie within `days`. */
static int spans_fit(span a, span b, double days)
{
	int64_t first = a.first < b.first ? a.first : b.first;
	int64_t last = a.last > b.last ? a.last : b.last;
	return first > last || (double)(last - first) <= days * 86400;
}

/* Joins the articles into stories over the re-weighed edges (see
 * above); each story's root is its oldest article. */
static int join_stories(marsad_linker *l)
{
	size_t n = l->n, m = l->n_edge;
	adjacency g = {0};
	lk_edge *order = malloc((m ? m : 1) * sizeof *order);
	uint32_t *next = malloc((n ? n : 1) * sizeof *next);
	uint32_t *size = malloc((n ? n : 1) * sizeof *size);
	span *when = malloc((n ? n : 1) * sizeof *when);
	int rc = order && next && size && when ? make_adjacency(l, &g)
					       : MARSAD_ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++) {
		l->art[i].uf = next[i] = (uint32_t)i;
		size[i] = 1;
		int64_t t = l->art[i].t;
		when[i] = t == LK_NO_TIME ? (span){INT64_MAX, INT64_MIN}
					  : (span){t, t};
	}
	if (rc == 0 && m) {
		memcpy(order, l->edge, m * sizeof *order);
		qsort(order, m, sizeof *order, by_edge_desc);
	}
	double single = l->o.story_threshold;
	for (size_t k = 0; k < m && rc == 0; k++) {
		const lk_edge *x = &order[k];
		uint32_t ra = root(l->art, x->a), rb = root(l->art, x->b);
		if (ra == rb || !spans_fit(when[ra], when[rb], l->o.story_days))
			continue;
		double mean = mean_link(l->art, &g, next, size, ra, rb);
		if (x->sim >= single ? mean < GUARD_SHARE * single
				     : mean < MEAN_SHARE * single ||
					       same_outlet(&l->art[x->a],
							   &l->art[x->b]))
			continue;
		/* the older article's root stays the root */
		if (rb < ra) {
			uint32_t t = ra;
			ra = rb;
			rb = t;
		}
		l->art[rb].uf = ra;
		size[ra] += size[rb];
		if (when[rb].first < when[ra].first)
			when[ra].first = when[rb].first;
		if (when[rb].last > when[ra].last)
			when[ra].last = when[rb].last;
		uint32_t t = next[ra];
		next[ra] = next[rb];
		next[rb] = t;
	}
	adjacency_free(&g);
	free(order);
	free(next);
	free(size);
	free(when);
	return rc;
}

/* Spreads a's weights into q (lk_query_set) and marks its lead's terms
 * in lead; returns the share of its norm that its lead holds. */
static double lead_set(const marsad_linker *l, const lk_article *a,
		       double *q, unsigned char *lead)
{
	lk_query_set(&l->dict, l->n, a, q, NULL);
	double all = 0, in_lead = 0;
	for (uint32_t i = 0; i < a->n_terms; i++) {
		uint32_t id = LK_ID(a->terms[i].id);
		all += q[id] * q[id];
		if (a->terms[i].id & LK_LEAD_BIT) {
			lead[id] = 1;
			in_lead += q[id] * q[id];
		}
	}
	return all > 0 ? sqrt(in_lead / all) : 0;
}

static void lead_clear(const lk_article *a, double *q, unsigned char *lead)
{
	lk_query_clear(a, q);
	for (uint32_t i = 0; i < a->n_terms; i++)
		lead[LK_ID(a->terms[i].id)] = 0;
}

/* Re-weighs the edges and joins the stories over them, then names them:
 * each article's story id (art[].story), each story rooted in the
 * union-find (art[].uf) at its oldest article. */
static int build_stories(marsad_linker *l)
{
	size_t n = l->n;
	int rc = lk_query_reserve(l);
	/* by article: the share of its norm its lead holds, -1 = not yet;
	 * by term: the query article's lead */
	double *share = malloc((n ? n : 1) * sizeof *share);
	unsigned char *lead = calloc(l->dict.n ? l->dict.n : 1, 1);
	if (rc || !share || !lead) {
		free(share);
		free(lead);
		return MARSAD_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		share[i] = -1;
	/* An article's edges to earlier ones lie together: its weights are
	 * spread once for them. */
	const lk_article *q = NULL;
	for (size_t e = 0; e < l->n_edge; e++) {
		lk_edge *g = &l->edge[e];
		if (q != &l->art[g->b]) {
			if (q)
				lead_clear(q, l->query, lead);
			q = &l->art[g->b];
			share[g->b] = lead_set(l, q, l->query, lead);
		}
		double agree, sim = lk_query_reweigh(&l->dict, n, q, l->query,
						     lead, share[g->b],
						     &l->art[g->a],
						     &share[g->a], &agree);
		g->sim = (float)(agree < LEAD_SHARE ? sim * agree / LEAD_SHARE
						    : sim);
	}
	if (q)
		lead_clear(q, l->query, lead);
	free(share);
	free(lead);
	rc = join_stories(l);
	if (rc)
		return rc;
	/* Roots are the oldest article of their component (joining keeps the
	 * smaller index), so walking articles in order meets each component
	 * at its oldest article first. */
	size_t claimed_n = (size_t)l->next_story + 1;
	unsigned char *claimed = calloc(claimed_n, 1);
	int64_t *id_of_root = calloc(n ? n : 1, sizeof *id_of_root);
	if (!claimed || !id_of_root) {
		free(claimed);
		free(id_of_root);
		return MARSAD_ENOMEM;
	}
	/* First choice: the id the oldest article had. */
	for (size_t i = 0; i < n; i++) {
		if (root(l->art, (uint32_t)i) != i)
			continue;
		int64_t old = l->art[i].story;
		if (old > 0 && old < (int64_t)claimed_n && !claimed[old]) {
			claimed[old] = 1;
			id_of_root[i] = old;
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
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		if (r == i && !id_of_root[r])
			id_of_root[r] = l->next_story++;
	}
	for (size_t i = 0; i < n; i++)
		l->art[i].story = id_of_root[root(l->art, (uint32_t)i)];
	free(claimed);
	free(id_of_root);
	return 0;
}

/* The stories as build_stories joined and named them: l->story by id,
 * each with its members oldest first, its headline and its dates. */
static int lay_out_stories(marsad_linker *l)
{
	size_t n = l->n, n_story = 0;
	lk_results_free(l);
	size_t *count = calloc(n ? n : 1, sizeof *count);
	if (!count)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		count[r]++;
		n_story += r == i;
	}
	l->story = calloc(n_story ? n_story : 1, sizeof *l->story);
	l->story_members = malloc((n ? n : 1) * sizeof *l->story_members);
	size_t *slot = calloc(n ? n : 1, sizeof *slot);
	if (!l->story || !l->story_members || !slot) {
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
		s->id = l->art[i].story;
		s->articles = l->story_members + off;
		slot[i] = off;
		off += count[i];
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(l->art, (uint32_t)i);
		l->story_members[slot[r]++] = i;
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
		st->headline = headline_of(l, l->query, m, st->n_articles);
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
	free(count);
	free(slot);
	return 0;
}

/* ---- topics -------------------------------------------------------------- */

/* A story's centroid: every term of its articles with the mean of their
 * unit-vector weights (tf holds the weight; sorted by id), its names that
 * are not common (common_df: the names topics are found and explained
 * by), and the keys it is found by: its heaviest names that some other
 * article holds. */
typedef struct centroid {
	lk_term *t;         /* one allocation with names */
	size_t n;
	uint32_t *names;    /* term ids, ascending */
	size_t n_names;
	uint32_t key[TOPIC_KEYS];
	size_t n_key;
} centroid;

/*
 * Topics weigh terms by plain tf·idf: a topic is a theme, which the
 * vocabulary its stories share describes, where a story is an event that
 * its rarest words (idf², terms.c) single out.
 */
static double topic_weight(const marsad_linker *l, const lk_term *t)
{
	return sqrt(lk_weight(&l->dict, l->n, t) * t->tf);
}

/* Names more common than this (document frequency) name no topic: in
 * more than 1/TOPIC_DF_SHARE of all articles (السعودية, الرياض, المملكة
 * in a national corpus), and more than TOPIC_DF_FLOOR. */
static size_t common_df(const marsad_linker *l)
{
	size_t df_max = l->n / TOPIC_DF_SHARE;
	return df_max < TOPIC_DF_FLOOR ? TOPIC_DF_FLOOR : df_max;
}

/* make_centroid's scratch, kept from one story to the next: by term id,
 * the index + 1 of its entry among the story's terms (0 = none; all zero
 * between stories); the story's terms being added up; an article's topic
 * weights. */
typedef struct centroid_work {
	uint32_t *at;
	lk_term *all;
	size_t cap;
	double *tw;
	size_t cap_w;
} centroid_work;

static void centroid_work_clear(centroid_work *w)
{
	free(w->at);
	free(w->all);
	free(w->tw);
}

/*
 * The articles' unit vectors are added up term by term in the order of
 * the story's articles, as a stable sort of all their terms by id and a
 * merge would add them, but each goes straight to its term's entry, so
 * that only the story's distinct terms are sorted. The centroid is one
 * allocation: its terms, then its names.
 */
static int make_centroid(const marsad_linker *l, const marsad_story *s,
			 size_t df_max, centroid_work *w, centroid *c)
{
	size_t m = 0;
	int rc = 0;
	for (size_t i = 0; i < s->n_articles && rc == 0; i++) {
		const lk_article *a = &l->art[s->articles[i]];
		rc = lk_grow((void **)&w->tw, &w->cap_w, a->n_terms,
			     sizeof *w->tw, 256, 0);
		if (rc == 0)
			rc = lk_grow((void **)&w->all, &w->cap, m + a->n_terms,
				     sizeof *w->all, 1024, 0);
		if (rc)
			break;
		double *tw = w->tw, norm = 0;
		for (uint32_t j = 0; j < a->n_terms; j++) {
			tw[j] = topic_weight(l, &a->terms[j]);
			norm += tw[j] * tw[j];
		}
		norm = sqrt(norm);
		if (norm <= 0)
			continue;
		for (uint32_t j = 0; j < a->n_terms; j++) {
			uint32_t id = a->terms[j].id, *e = &w->at[LK_ID(id)];
			float x = (float)(tw[j] / norm);
			if (*e) {
				w->all[*e - 1].tf += x;
				w->all[*e - 1].id |= id & LK_FLAGS;
			} else {
				w->all[m] = (lk_term){id, x};
				*e = (uint32_t)++m;
			}
		}
	}
	const lk_term *all = w->all;
	for (size_t i = 0; i < m; i++)
		w->at[LK_ID(all[i].id)] = 0;
	if (rc || lk_sort_terms(w->all, m))
		return MARSAD_ENOMEM;
	double norm = 0;
	size_t n_names = 0;
	for (size_t i = 0; i < m; i++) {
		norm += (double)all[i].tf * all[i].tf;
		n_names += all[i].id & LK_NAME_BIT &&
			   l->dict.df[LK_ID(all[i].id)] <= df_max;
	}
	norm = sqrt(norm);
	size_t size = m * sizeof *c->t + n_names * sizeof *c->names;
	c->t = malloc(size ? size : 1);
	if (!c->t)
		return MARSAD_ENOMEM;
	c->n = m;
	c->names = (uint32_t *)(c->t + m);
	/* Names: those not common. Keys: the heaviest of them held by more
	 * articles than this story's. */
	float best[TOPIC_KEYS];
	c->n_names = c->n_key = 0;
	for (size_t i = 0; i < m; i++) {
		uint32_t id = LK_ID(all[i].id);
		float x = (float)(all[i].tf / norm);
		c->t[i] = (lk_term){all[i].id, x};
		if (!(all[i].id & LK_NAME_BIT) || l->dict.df[id] > df_max)
			continue;
		c->names[c->n_names++] = id;
		if (l->dict.df[id] <= s->n_articles)
			continue;
		if (c->n_key == TOPIC_KEYS && x <= best[c->n_key - 1])
			continue;
		size_t p = c->n_key < TOPIC_KEYS ? c->n_key++ : c->n_key - 1;
		while (p > 0 && best[p - 1] < x) {
			best[p] = best[p - 1];
			c->key[p] = c->key[p - 1];
			p--;
		}
		best[p] = x;
		c->key[p] = id;
	}
	return 0;
}

/* Dot product of two term vectors sorted by id. */
static double vec_dot(const lk_term *a, size_t na, const lk_term *b,
		      size_t nb)
{
	if (!na || !nb)
		return 0;
	double dot = 0;
	size_t i = 0, j = 0;
	uint32_t x = LK_ID(a[0].id), y = LK_ID(b[0].id);
	for (;;) {
		if (x < y) {
			if (++i == na)
				break;
			x = LK_ID(a[i].id);
		} else if (x > y) {
			if (++j == nb)
				break;
			y = LK_ID(b[j].id);
		} else {
			dot += (double)a[i].tf * b[j].tf;
			if (++i == na || ++j == nb)
				break;
			x = LK_ID(a[i].id);
			y = LK_ID(b[j].id);
		}
	}
	return dot;
}

/* The names two centroids share that are not common: how many, and the
 * first REASON_NAMES of them. */
static size_t shared_names(const centroid *a, const centroid *b,
			   uint32_t out[REASON_NAMES])
{
	size_t n = 0;
	for (size_t i = 0, j = 0; i < a->n_names && j < b->n_names;) {
		uint32_t x = a->names[i], y = b->names[j];
		if (x != y) {
			x < y ? i++ : j++;
			continue;
		}
		if (n < REASON_NAMES)
			out[n] = x;
		n++;
		i++;
		j++;
	}
	return n;
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

/* A candidate topic link between stories a < b (indexes), with its
 * evidence. */
typedef struct tcand {
	uint32_t a, b;
	float sim;          /* cosine of their centroids */
	uint32_t passages;  /* copied passages between them */
} tcand;

static int by_pair(const void *x, const void *y)
{
	const tcand *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* Strongest first; ties by pair, so that the order is total. */
static int by_sim_desc(const void *x, const void *y)
{
	const tcand *p = x, *q = y;
	if (p->sim != q->sim)
		return (p->sim < q->sim) - (p->sim > q->sim);
	return by_pair(x, y);
}

static int push_cand(tcand **v, size_t *n, size_t *cap, tcand c)
{
	if (*n == *cap) {
		size_t k = *cap ? *cap * 2 : 256;
		tcand *p = realloc(*v, k * sizeof *p);
		if (!p)
			return MARSAD_ENOMEM;
		*v = p;
		*cap = k;
	}
	(*v)[(*n)++] = c;
	return 0;
}

/* A map from pairs of story indexes a < b to a value: open addressing,
 * linear probing, sized once for the most it will hold (then at most half
 * full). Key 0, which is no pair, marks an empty slot. */
typedef struct pair_slot {
	uint64_t key, val;
} pair_slot;

typedef struct pair_map {
	pair_slot *slot;
	size_t mask;
} pair_map;

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 32 | b;
}

static int pair_map_init(pair_map *m, size_t most)
{
	size_t n = 16;
	while (n < 2 * most)
		n *= 2;
	m->slot = calloc(n, sizeof *m->slot);
	m->mask = n - 1;
	return m->slot ? 0 : MARSAD_ENOMEM;
}

/* The slot of key: its own, or the empty one where it goes. */
static pair_slot *pair_at(const pair_map *m, uint64_t key)
{
	size_t h = (size_t)(key * 0x9E3779B97F4A7C15ull >> 32) & m->mask;
	while (m->slot[h].key && m->slot[h].key != key)
		h = (h + 1) & m->mask;
	return &m->slot[h];
}

size_t lk_story_index(const marsad_linker *l, int64_t id)
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

/* A topic being built: the sum of its stories' unit centroids (sorted by
 * id; NULL while it is one story: its centroid) and how many. */
typedef struct tsum {
	lk_term *t;
	size_t n, k;
} tsum;

/* a += b, both sorted by id. */
static int sum_merge(tsum *a, const lk_term *bt, size_t bn, size_t bk,
		     const centroid *ca)
{
	const lk_term *at = a->t ? a->t : ca->t;
	size_t an = a->t ? a->n : ca->n, m = 0;
	lk_term *out = malloc((an + bn ? an + bn : 1) * sizeof *out);
	if (!out)
		return MARSAD_ENOMEM;
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		uint32_t x = LK_ID(at[i].id), y = LK_ID(bt[j].id);
		if (x < y) {
			out[m++] = at[i++];
		} else if (y < x) {
			out[m++] = bt[j++];
		} else {
			out[m] = at[i++];
			out[m++].tf += bt[j++].tf;
		}
	}
	memcpy(out + m, at + i, (an - i) * sizeof *out);
	m += an - i;
	memcpy(out + m, bt + j, (bn - j) * sizeof *out);
	m += bn - j;
	free(a->t);
	a->t = out;
	a->n = m;
	a->k += bk;
	return 0;
}

/*
 * Candidate links: stories sharing TOPIC_NAMES key names whose centroids
 * have cosine ≥ topic_threshold (keys are names that are not common: the
 * two share TOPIC_NAMES of those), and stories sharing a copied passage;
 * pushed with their pair in story indexes, once a pair.
 */
static int topic_candidates(marsad_linker *l, centroid *c, tcand **out,
			    size_t *n_out)
{
	size_t ns = l->n_story, cap = 0;
	double *q = l->query; /* zero; room for every term (build_stories) */
	lk_vec *post = calloc(l->dict.n ? l->dict.n : 1, sizeof *post);
	size_t *seen = malloc((ns ? ns : 1) * sizeof *seen);
	size_t *hits = malloc((ns ? ns : 1) * sizeof *hits);
	/* each story met once per story: at most ns, and at most
	 * TOPIC_KEYS · TOPIC_SCAN */
	size_t *met = malloc((ns ? ns : 1) * sizeof *met);
	int rc = post && seen && hits && met ? 0 : MARSAD_ENOMEM;
	for (size_t s = 0; s < ns && rc == 0; s++)
		seen[s] = SIZE_MAX;
	for (size_t s = 0; s < ns && rc == 0; s++) {
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
		/* vec_dot(c[s], c[o]) with c[s] spread in q (the same sum in
		 * the same order: q adds an exact 0 for the other terms) */
		int spread = 0;
		for (size_t k = 0; k < n_met && rc == 0; k++) {
			size_t o = met[k];
			if (hits[o] < TOPIC_NAMES)
				continue;
			if (!spread) {
				for (size_t i = 0; i < c[s].n; i++)
					q[LK_ID(c[s].t[i].id)] = c[s].t[i].tf;
				spread = 1;
			}
			double sim = 0;
			for (size_t j = 0; j < c[o].n; j++)
				sim += q[LK_ID(c[o].t[j].id)] * c[o].t[j].tf;
			if (sim < l->o.topic_threshold)
				continue;
			rc = push_cand(out, n_out, &cap,
				       (tcand){(uint32_t)o, (uint32_t)s,
					       (float)sim, 0});
		}
		for (size_t i = 0; spread && i < c[s].n; i++)
			q[LK_ID(c[s].t[i].id)] = 0;
		for (size_t t = 0; t < c[s].n_key && rc == 0; t++)
			rc = lk_vec_push(&post[c[s].key[t]], (uint32_t)s);
	}
	if (post)
		for (size_t i = 0; i < l->dict.n; i++)
			free(post[i].v);
	free(post);
	free(seen);
	free(hits);
	free(met);
	/* Copied passages: a pair of stories of a copy counts it on its
	 * candidate by names, else on one of its own, with its similarity
	 * worked out as a candidate's by names. */
	size_t *story_at = malloc((l->n ? l->n : 1) * sizeof *story_at);
	pair_map pairs = {0};
	if (rc == 0)
		rc = story_at ? pair_map_init(&pairs, *n_out + l->n_copy)
			      : MARSAD_ENOMEM;
	for (size_t s = 0; s < ns && rc == 0; s++)
		for (size_t i = 0; i < l->story[s].n_articles; i++)
			story_at[l->story[s].articles[i]] = s;
	for (size_t k = 0; k < *n_out && rc == 0; k++) {
		uint64_t key = pair_key((*out)[k].a, (*out)[k].b);
		pair_slot *p = pair_at(&pairs, key);
		p->key = key;
		p->val = k;
	}
	for (size_t k = 0; rc == 0 && k < l->n_copy; k++) {
		size_t ia = story_at[l->copy[k].from];
		size_t ib = story_at[l->copy[k].to];
		if (ia == ib)
			continue;
		if (ia > ib) {
			size_t t = ia;
			ia = ib;
			ib = t;
		}
		uint64_t key = pair_key((uint32_t)ia, (uint32_t)ib);
		pair_slot *p = pair_at(&pairs, key);
		if (p->key) {
			(*out)[p->val].passages++;
			continue;
		}
		p->key = key;
		p->val = *n_out;
		const centroid *x = &c[ia], *y = &c[ib];
		rc = push_cand(out, n_out, &cap,
			       (tcand){(uint32_t)ia, (uint32_t)ib,
				       (float)vec_dot(x->t, x->n, y->t, y->n),
				       1});
	}
	free(story_at);
	free(pairs.slot);
	return rc;
}

/*
 * Topics by average link over the candidate links: strongest first, a
 * link joins its two topics when the mean cosine over all pairs of their
 * stories, Σa·Σb / (|a|·|b|) with Σ the sum of a topic's unit centroids,
 * is at least topic_threshold. A chain of pairwise links (A like B, B
 * like C...) thus never joins a whole corpus: each join must hold for
 * the topics as wholes. The links inside the final topics are kept with
 * their reasons.
 * Two topics found too far apart stay so until one of them grows: a
 * topic is known by its root and its number of stories, which only grows
 * while it is a root, and the pair is not weighed again while both are
 * what they were (over all 31k articles of SaudiNewsNet, 13.7k of the
 * 29.8k weighings, with 61% of the terms they walk).
 */
static int build_topics(marsad_linker *l)
{
	size_t ns = l->n_story, cap = 0, n_cand = 0, df_max = common_df(l);
	centroid *c = calloc(ns ? ns : 1, sizeof *c);
	size_t *par = malloc((ns ? ns : 1) * sizeof *par);
	tsum *sum = calloc(ns ? ns : 1, sizeof *sum);
	centroid_work w = {.at = calloc(l->dict.n ? l->dict.n : 1,
					sizeof *w.at)};
	tcand *cand = NULL;
	pair_map apart = {0}; /* topic pair → their sizes when weighed */
	int rc = c && par && sum && w.at ? 0 : MARSAD_ENOMEM;
	for (size_t s = 0; s < ns && rc == 0; s++) {
		par[s] = s;
		sum[s].k = 1;
		rc = make_centroid(l, &l->story[s], df_max, &w, &c[s]);
	}
	centroid_work_clear(&w);
	if (rc == 0)
		rc = topic_candidates(l, c, &cand, &n_cand);
	if (rc == 0 && n_cand)
		qsort(cand, n_cand, sizeof *cand, by_sim_desc);
	if (rc == 0)
		rc = pair_map_init(&apart, n_cand);
	for (size_t k = 0; k < n_cand && rc == 0; k++) {
		size_t ra = sroot(par, cand[k].a), rb = sroot(par, cand[k].b);
		if (ra == rb)
			continue;
		/* the smaller story index (the older story) stays the root */
		if (rb < ra) {
			size_t t = ra;
			ra = rb;
			rb = t;
		}
		tsum *A = &sum[ra], *B = &sum[rb];
		uint64_t key = pair_key((uint32_t)ra, (uint32_t)rb);
		uint64_t sizes = (uint64_t)A->k << 32 | B->k;
		pair_slot *seen = pair_at(&apart, key);
		if (seen->key == key && seen->val == sizes)
			continue;
		const lk_term *bt = B->t ? B->t : c[rb].t;
		size_t bn = B->t ? B->n : c[rb].n;
		double avg = vec_dot(A->t ? A->t : c[ra].t,
				     A->t ? A->n : c[ra].n, bt, bn) /
			     ((double)A->k * B->k);
		if (avg < l->o.topic_threshold) {
			seen->key = key;
			seen->val = sizes;
			continue;
		}
		rc = sum_merge(A, bt, bn, B->k, &c[ra]);
		free(B->t);
		B->t = NULL;
		par[rb] = ra;
	}
	for (size_t k = 0; k < n_cand && rc == 0; k++) {
		size_t a = cand[k].a, b = cand[k].b;
		if (sroot(par, a) != sroot(par, b))
			continue;
		uint32_t names[REASON_NAMES];
		size_t n_names = shared_names(&c[a], &c[b], names);
		rc = add_tlink(l, &cap, l->story[a].id, l->story[b].id,
			       cand[k].sim, names, n_names, cand[k].passages);
	}
	/* A topic's id is its smallest story id (stories are sorted by id):
	 * it stays while the topic grows, so saving rewrites only the
	 * stories whose topic really changed. */
	for (size_t s = 0; s < ns && rc == 0; s++)
		l->story[s].topic = l->story[sroot(par, s)].id;
	for (size_t s = 0; s < ns; s++) {
		if (c)
			free(c[s].t);
		if (sum)
			free(sum[s].t);
	}
	free(c);
	free(sum);
	free(par);
	free(cand);
	free(apart.slot);
	return rc;
}

int marsad_linker_settle_stories(marsad_linker *l)
{
	if (!l)
		return MARSAD_EINVAL;
	l->unsettled = 0;
	int rc = build_stories(l);
	return rc ? rc : lay_out_stories(l);
}

int marsad_linker_settle_topics(marsad_linker *l)
{
	return l ? build_topics(l) : MARSAD_EINVAL;
}

int marsad_linker_settle(marsad_linker *l)
{
	int rc = marsad_linker_settle_stories(l);
	return rc ? rc : marsad_linker_settle_topics(l);
}

int lk_settle_stories(marsad_linker *l)
{
	lk_results_free(l);
	int rc = build_stories(l);
	l->unsettled = 1;
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
