/*
 * select.c — a story's result from its records: headline, summary,
 * timeline, cast and quotes.
 *
 * Relevance (after MEAD, Radev et al. 2004): the story's centroid gives
 * each term idf × (occurrences per article) × (share of articles using
 * it), idf taken over the story's sentences, so a term that every outlet
 * repeats weighs most. A sentence scores its tf·idf cosine with the
 * centroid, plus W_ENT × the salience of the actors it names (actors:
 * (1 + ln mentions) × outlets naming them), plus W_POS / (1 + its
 * position in its article) (news puts the event first); sentences longer
 * than LONG_WORDS are scaled down. A group of copies (story.c) scores its
 * best member plus W_SUP × the share of the story's other articles that
 * carry it, and speaks through its member in the earliest article.
 *
 * Selection is maximal marginal relevance (Carbonell & Goldstein 1998):
 * repeatedly the group maximizing (1 − λ) · relevance − λ · its highest
 * cosine with a group already chosen, until the sentence or word budget
 * is spent. Copies can never be chosen twice: they are one group.
 *
 * Cost: one pass over the story's terms, a sort of its sentences, and
 * for each chosen sentence one pass over the candidate groups, with a
 * cosine for those that could still be chosen; the quotations are
 * grouped through the postings of their shingles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "summary_int.h"

#define W_ENT 0.3
#define W_POS 0.15
#define W_SUP 0.3
#define W_SAME 0.15  /* MMR: per sentence its least used article gave */
#define W_LEANS 0.2  /* a sentence that points back to an earlier one */
#define W_PLACE 0.5  /* a place is a setting more than an actor */
#define LONG_WORDS 55
#define LONG_TITLE 25 /* words: a lead sentence used as a title */
#define QUOTE_REPORTED 0.8 /* reported speech ranks below a direct quote */
#define IDF_MEMO 64  /* document frequencies whose idf is kept */

/* A growable array of key pointers; items refer to runs of it by offset
 * until the end, when the runs are turned into pointers. */
typedef struct keyv {
	const char **v;
	size_t n, cap;
} keyv;

static int key_push(keyv *k, const char *key)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		const char **v = realloc(k->v, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM;
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n++] = key;
	return 0;
}

/* A group of copies among the story's sentences. */
typedef struct group {
	uint32_t rep;     /* the eligible member in the earliest article */
	uint32_t first, n; /* run of members in the sorted member list */
	uint32_t n_arts;
	double score;
} group;

/* The scratch of one build. */
typedef struct build {
	marsad_summary *s;
	double *idf, *cen, cen_norm;
	double *tf;          /* scratch by term, zero between uses */
	uint32_t *touched;   /* scratch: the terms a list holds, each once */
	double *sal, sal_max;
	uint32_t *order;     /* articles in publication order */
	keyv keys;
} build;

void sm_result_clear(marsad_summary *s)
{
	s->dirty = 1;
	if (!s->res_mem[0])
		return; /* no result (a result always has res_mem[0]) */
	for (size_t i = 0; i < sizeof s->res_mem / sizeof *s->res_mem; i++) {
		free(s->res_mem[i]);
		s->res_mem[i] = NULL;
	}
	memset(&s->res, 0, sizeof s->res);
}

/* ---- order and weights -------------------------------------------------- */

/*
 * sm_sort() and qsort() take no context, so the comparators read theirs
 * from these; thread-local, as different summarizers may run in
 * different threads.
 */
static _Thread_local const marsad_summary *sort_ctx;
static _Thread_local const group *chosen_groups;
static _Thread_local const sm_date *date_ctx;
static _Thread_local const double *rank_ctx;

static int by_time(const void *pa, const void *pb)
{
	const sm_art *a = &sort_ctx->art[*(const uint32_t *)pa];
	const sm_art *b = &sort_ctx->art[*(const uint32_t *)pb];
	if (!a->published != !b->published)
		return a->published ? -1 : 1;
	int c = a->published ? strcmp(a->published, b->published) : 0;
	if (c)
		return c;
	uint32_t x = *(const uint32_t *)pa, y = *(const uint32_t *)pb;
	return (x > y) - (x < y);
}

static int weigh(build *b)
{
	marsad_summary *s = b->s;
	b->order = malloc((s->n_art ? s->n_art : 1) * sizeof *b->order);
	b->idf = malloc((s->n_term ? s->n_term : 1) * sizeof *b->idf);
	b->cen = malloc((s->n_term ? s->n_term : 1) * sizeof *b->cen);
	b->sal = malloc((s->n_ent ? s->n_ent : 1) * sizeof *b->sal);
	/* by term, how often an article or a sentence holds it (zeroed
	 * below, with the centroid); its terms, each once */
	double *tf = b->tf = malloc((s->n_term ? s->n_term : 1) * sizeof *tf);
	uint32_t *touched = b->touched = malloc((s->n_term ? s->n_term : 1) *
						sizeof *touched);
	if (!b->order || !b->idf || !b->cen || !b->sal || !tf || !touched)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < s->n_art; i++)
		b->order[i] = (uint32_t)i;
	/* sm_sort has no context argument; a summarizer is one thread's */
	sort_ctx = s;
	sm_sort(b->order, s->n_art, sizeof *b->order, by_time);
	for (size_t i = 0; i < s->n_art; i++)
		s->art[b->order[i]].rank = (uint32_t)i;

	size_t n = 0;
	for (size_t i = 0; i < s->n_sent; i++)
		n += s->sent[i].n_terms > 0;
	/* most terms are in a sentence or two: the idf of each small
	 * document frequency is worked out once */
	double small[IDF_MEMO] = {0};
	for (size_t t = 0; t < s->n_term; t++) {
		uint32_t f = s->term[t].df_sent ? s->term[t].df_sent : 1;
		double *m = f < IDF_MEMO ? &small[f] : NULL;
		if (!m || *m == 0) {
			double v = log(1 + (double)n / f);
			if (m)
				*m = v;
			b->idf[t] = v;
		} else {
			b->idf[t] = *m;
		}
		b->cen[t] = 0;
		tf[t] = 0;
	}
	/* the mean of the articles' unit tf·idf vectors: every article
	 * weighs the same, however long */
	for (size_t a = 0; a < s->n_art; a++) {
		size_t n_touched = 0;
		const sm_art *x = &s->art[a];
		for (uint32_t i = x->first_sent; i < x->first_sent + x->n_sent; i++) {
			const uint32_t *t = s->terms.v + s->sent[i].term_off;
			for (uint32_t k = 0; k < s->sent[i].n_terms; k++) {
				if (tf[t[k]] == 0)
					touched[n_touched++] = t[k];
				tf[t[k]]++;
			}
		}
		double sq = 0;
		for (size_t k = 0; k < n_touched; k++) {
			double w = tf[touched[k]] * b->idf[touched[k]];
			sq += w * w;
		}
		double norm = sqrt(sq) * (double)s->n_art;
		for (size_t k = 0; k < n_touched; k++) {
			uint32_t t = touched[k];
			b->cen[t] += norm > 0 ? tf[t] * b->idf[t] / norm : 0;
			tf[t] = 0;
		}
	}
	double sq = 0;
	for (size_t t = 0; t < s->n_term; t++)
		sq += b->cen[t] * b->cen[t];
	b->cen_norm = sqrt(sq);
	b->sal_max = 0;
	for (size_t e = 0; e < s->n_ent; e++) {
		const sm_entity *x = &s->ent[e];
		b->sal[e] = x->mentions ? (1 + log((double)x->mentions)) *
						  (double)x->n_outlets
					: 0;
		if (2 * x->places > x->mentions)
			b->sal[e] *= W_PLACE;
		if (b->sal[e] > b->sal_max)
			b->sal_max = b->sal[e];
	}
	return 0;
}

/* Cosine with the centroid of a term list (ids in any order, repeats =
 * tf); *norm receives the list's ‖tf·idf‖. */
static double centrality(const build *b, const uint32_t *t, size_t n,
			 double *norm)
{
	double *tf = b->tf, dot = 0, sq = 0;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (tf[t[i]] == 0)
			b->touched[m++] = t[i];
		tf[t[i]]++;
	}
	for (size_t k = 0; k < m; k++) {
		uint32_t u = b->touched[k];
		double w = tf[u] * b->idf[u];
		dot += w * b->cen[u];
		sq += w * w;
		tf[u] = 0;
	}
	*norm = sqrt(sq);
	return *norm > 0 && b->cen_norm > 0 ? dot / (*norm * b->cen_norm) : 0;
}

/* tf·idf cosine of two sentences. */
static double cosine(const build *b, const sm_sent *x, const sm_sent *y)
{
	if (x->norm <= 0 || y->norm <= 0)
		return 0;
	const uint32_t *a = b->s->terms.v + x->term_off;
	const uint32_t *c = b->s->terms.v + y->term_off;
	double *tf = b->tf, dot = 0;
	for (uint32_t i = 0; i < x->n_terms; i++)
		tf[a[i]]++;
	/* each of y's terms meets x's count of it: tf_x · tf_y in all */
	for (uint32_t j = 0; j < y->n_terms; j++)
		dot += tf[c[j]] * b->idf[c[j]] * b->idf[c[j]];
	for (uint32_t i = 0; i < x->n_terms; i++)
		tf[a[i]] = 0;
	return dot / (x->norm * y->norm);
}

static void score_sentences(build *b)
{
	marsad_summary *s = b->s;
	for (size_t i = 0; i < s->n_sent; i++) {
		sm_sent *x = &s->sent[i];
		double c = centrality(b, s->terms.v + x->term_off, x->n_terms,
				      &x->norm);
		double ent = 0;
		for (uint32_t k = 0; k < x->n_ent && b->sal_max > 0; k++)
			ent += b->sal[s->ents.v[x->ent_off + k]] / (2 * b->sal_max);
		if (ent > 1)
			ent = 1;
		x->score = c + W_ENT * ent + W_POS / (1.0 + x->pos);
		if (x->words > LONG_WORDS)
			x->score *= (double)LONG_WORDS / x->words;
		if (x->flags & SM_LEANS)
			x->score -= W_LEANS;
	}
}

/* ---- groups of copies --------------------------------------------------- */

static int by_group(const void *pa, const void *pb)
{
	const sm_sent *sent = sort_ctx->sent;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	uint32_t ra = sent[a].parent, rb = sent[b].parent;
	if (ra != rb)
		return (ra > rb) - (ra < rb);
	uint32_t ka = sort_ctx->art[sent[a].art].rank;
	uint32_t kb = sort_ctx->art[sent[b].art].rank;
	if (ka != kb)
		return (ka > kb) - (ka < kb);
	return (a > b) - (a < b);
}

/* The groups of content sentences; *members receives the sorted member
 * list the groups' runs index. */
static int make_groups(build *b, uint32_t **members, group **out, size_t *n)
{
	marsad_summary *s = b->s;
	*members = malloc((s->n_sent ? s->n_sent : 1) * sizeof **members);
	*out = malloc((s->n_sent ? s->n_sent : 1) * sizeof **out);
	*n = 0;
	if (!*members || !*out)
		return MARSAD_ENOMEM;
	size_t m = 0;
	for (uint32_t i = 0; i < s->n_sent; i++) {
		if (!(s->sent[i].flags & SM_CONTENT))
			continue;
		/* full path compression: parent is then the root */
		s->sent[i].parent = sm_find(s->sent, i);
		(*members)[m++] = i;
	}
	sort_ctx = s;
	sm_sort(*members, m, sizeof **members, by_group);
	double others = s->n_art > 1 ? (double)(s->n_art - 1) : 1;
	for (size_t i = 0; i < m;) {
		size_t j = i;
		uint32_t root = s->sent[(*members)[i]].parent;
		group g = {SM_NONE, (uint32_t)i, 0, 0, 0};
		uint32_t last_art = SM_NONE;
		for (; j < m && s->sent[(*members)[j]].parent == root; j++) {
			const sm_sent *x = &s->sent[(*members)[j]];
			if (x->art != last_art)
				g.n_arts++;
			last_art = x->art;
			if (!(x->flags & SM_ELIGIBLE))
				continue;
			if (g.rep == SM_NONE)
				g.rep = (*members)[j];
			if (x->score > g.score)
				g.score = x->score;
		}
		g.n = (uint32_t)(j - i);
		g.score += W_SUP * (g.n_arts - 1) / others;
		(*out)[(*n)++] = g;
		i = j;
	}
	return 0;
}

/*
 * Appends to the key list the articles that carry the group's shown
 * sentence: the one it is shown from first, then, in publication order,
 * every article with a member that is itself a copy of it (a group can
 * chain copies of copies; only direct copies name their article).
 * Returns how many (SIZE_MAX when out of memory).
 */
static size_t group_keys(build *b, const uint32_t *members, const group *g)
{
	const marsad_summary *s = b->s;
	const sm_sent *rep = &s->sent[g->rep];
	if (key_push(&b->keys, s->art[rep->art].key) < 0)
		return SIZE_MAX;
	size_t k = 1;
	uint32_t last = rep->art;
	for (uint32_t i = 0; i < g->n; i++) {
		const sm_sent *x = &s->sent[members[g->first + i]];
		if (x->art == last || x->art == rep->art ||
		    sm_overlap(s->fps.v + rep->fp_off, rep->n_fp,
			       s->fps.v + x->fp_off, x->n_fp) < s->o.copy_threshold)
			continue;
		last = x->art;
		if (key_push(&b->keys, s->art[x->art].key) < 0)
			return SIZE_MAX;
		k++;
	}
	return k;
}

/* ---- the summary -------------------------------------------------------- */

typedef struct chosen {
	size_t group;
	size_t key_off, n_keys;
} chosen;

static int by_reading(const void *pa, const void *pb)
{
	const sm_sent *x = &sort_ctx->sent[chosen_groups[((const chosen *)pa)->group].rep];
	const sm_sent *y = &sort_ctx->sent[chosen_groups[((const chosen *)pb)->group].rep];
	uint32_t rx = sort_ctx->art[x->art].rank, ry = sort_ctx->art[y->art].rank;
	if (rx != ry)
		return (rx > ry) - (rx < ry);
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* How many chosen sentences the least used article of a group already
 * gave: 0 when the group would bring in a new article. */
static uint32_t least_used(const marsad_summary *s, const uint32_t *members,
			   const group *g, const uint32_t *used)
{
	uint32_t least = UINT32_MAX;
	for (uint32_t k = 0; k < g->n; k++) {
		uint32_t u = used[s->sent[members[g->first + k]].art];
		if (u < least)
			least = u;
	}
	return least == UINT32_MAX ? 0 : least;
}

static int summarize(build *b, const uint32_t *members, const group *g,
		     size_t n_groups, chosen **out, size_t *n_out)
{
	marsad_summary *s = b->s;
	size_t max = s->o.max_sentences;
	chosen *ch = calloc(max, sizeof *ch);
	unsigned char *taken = calloc(n_groups ? n_groups : 1, 1);
	uint32_t *used = calloc(s->n_art ? s->n_art : 1, sizeof *used);
	/* by group: its highest cosine with the first upto[i] chosen groups.
	 * A group is brought up to date only when it could still win the
	 * round: its value with a lower similarity (and without the penalty
	 * of its least used article) bounds the true one from above, so one
	 * that cannot beat the best so far costs no cosine. */
	double *sim = calloc(n_groups ? n_groups : 1, sizeof *sim);
	size_t *upto = calloc(n_groups ? n_groups : 1, sizeof *upto);
	if (!ch || !taken || !used || !sim || !upto) {
		free(ch);
		free(taken);
		free(used);
		free(sim);
		free(upto);
		return MARSAD_ENOMEM;
	}
	double top = 0;
	for (size_t i = 0; i < n_groups; i++)
		if (g[i].rep != SM_NONE && g[i].score > top)
			top = g[i].score;
	double lambda = s->o.redundancy;
	size_t n = 0, words = 0;
	while (n < max && words < s->o.max_words) {
		size_t best = SIZE_MAX;
		double best_v = -INFINITY;
		for (size_t i = 0; i < n_groups; i++) {
			if (taken[i] || g[i].rep == SM_NONE)
				continue;
			double lead = (1 - lambda) *
				      (top > 0 ? g[i].score / top : 0);
			if (lead - lambda * sim[i] <= best_v)
				continue;
			double same = W_SAME * (double)least_used(s, members,
								   &g[i], used);
			if (lead - lambda * sim[i] - same <= best_v)
				continue;
			for (; upto[i] < n; upto[i]++) {
				const group *c = &g[ch[upto[i]].group];
				double cos = cosine(b, &s->sent[g[i].rep],
						    &s->sent[c->rep]);
				if (cos > sim[i])
					sim[i] = cos;
			}
			double v = lead - lambda * sim[i] - same;
			if (v > best_v) {
				best_v = v;
				best = i;
			}
		}
		if (best == SIZE_MAX)
			break;
		taken[best] = 1;
		for (uint32_t k = 0; k < g[best].n; k++)
			used[s->sent[members[g[best].first + k]].art]++;
		ch[n].group = best;
		ch[n].key_off = b->keys.n;
		ch[n].n_keys = group_keys(b, members, &g[best]);
		if (ch[n].n_keys == SIZE_MAX) {
			free(ch);
			free(taken);
			free(used);
			free(sim);
			free(upto);
			return MARSAD_ENOMEM;
		}
		words += s->sent[g[best].rep].words;
		n++;
	}
	free(taken);
	free(used);
	free(sim);
	free(upto);
	sort_ctx = s;
	chosen_groups = g;
	sm_sort(ch, n, sizeof *ch, by_reading);
	*out = ch;
	*n_out = n;
	return 0;
}

/* ---- the headline ------------------------------------------------------- */

static double title_score(const build *b, const sm_art *a)
{
	double norm;
	double c = centrality(b, b->s->terms.v + a->title_off, a->n_title, &norm);
	return a->title_words > LONG_TITLE ? c / 2 : c;
}

/* The article whose title heads the story, SM_NONE when no title can. */
static uint32_t headline(const build *b, const uint32_t *arts, size_t n)
{
	uint32_t best = SM_NONE;
	double best_v = -1;
	for (size_t i = 0; i < n; i++) {
		const sm_art *a = &b->s->art[arts[i]];
		if (!a->title_ok)
			continue;
		double v = title_score(b, a);
		if (v > best_v) {
			best_v = v;
			best = arts[i];
		}
	}
	return best;
}

/* ---- the timeline ------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* Reads one to `max` ASCII digits at v into *out; what follows them, NULL
 * when there is no digit. */
static const char *digits(const char *v, int max, unsigned *out)
{
	int i = 0;
	*out = 0;
	for (; i < max && v[i] >= '0' && v[i] <= '9'; i++)
		*out = *out * 10 + (unsigned)(v[i] - '0');
	return i ? v + i : NULL;
}

/* The last day a "YYYY-MM-DD" or "YYYY-MM" value covers, in days; 0 with
 * *ok 0 when it is neither. */
static long value_days(const char *v, int *ok)
{
	unsigned y, m, d = 0;
	*ok = 0;
	const char *q = digits(v, 4, &y);
	if (!q || *q != '-' || !(q = digits(q + 1, 2, &m)) || m < 1 || m > 12)
		return 0;
	if (*q == '-') {
		if (!digits(q + 1, 2, &d) || d < 1 || d > 31)
			return 0;
	} else if (*q) {
		return 0;
	}
	*ok = 1;
	if (d)
		return days_from_civil(y, m, d);
	/* the first of next month, minus one */
	return days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
}

typedef struct tpoint {
	char date[11];
	marsad_date_granularity gran;
	int published;
	const char *text;
	uint32_t art, pos;   /* for ordering */
	size_t key_off, n_keys;
	double score;
} tpoint;

static int by_date(const void *pa, const void *pb)
{
	const tpoint *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);
	if (c)
		return c;
	if (a->published != b->published)
		return b->published - a->published;
	uint32_t ra = sort_ctx->art[a->art].rank, rb = sort_ctx->art[b->art].rank;
	if (ra != rb)
		return (ra > rb) - (ra < rb);
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int by_score(const void *pa, const void *pb)
{
	const tpoint *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return by_date(pa, pb);
}

/* A publication "YYYY-MM-DD…" as its date; 0 when it has none. */
static int pub_day(const char *p, char out[11])
{
	int ok = 0;
	if (p && strlen(p) >= 10) {
		memcpy(out, p, 10);
		out[10] = 0;
		value_days(out, &ok);
	}
	return ok;
}

/* One point per publication day: the best title of the day, with every
 * article of the day. */
static int published_points(build *b, tpoint *pt, size_t *n)
{
	marsad_summary *s = b->s;
	for (size_t i = 0; i < s->n_art;) {
		char day[11];
		if (!pub_day(s->art[b->order[i]].published, day)) {
			i++;
			continue;
		}
		size_t j = i;
		char other[11];
		while (j < s->n_art && pub_day(s->art[b->order[j]].published, other) &&
		       strcmp(other, day) == 0)
			j++;
		uint32_t head = headline(b, b->order + i, j - i);
		if (head == SM_NONE)
			head = b->order[i];
		tpoint *p = &pt[(*n)++];
		memset(p, 0, sizeof *p);
		memcpy(p->date, day, sizeof p->date);
		p->gran = MARSAD_DATE_DAY;
		p->published = 1;
		p->text = s->art[head].title;
		p->art = head;
		p->key_off = b->keys.n;
		if (key_push(&b->keys, s->art[head].key) < 0)
			return MARSAD_ENOMEM;
		for (size_t k = i; k < j; k++)
			if (b->order[k] != head &&
			    key_push(&b->keys, s->art[b->order[k]].key) < 0)
				return MARSAD_ENOMEM;
		p->n_keys = j - i;
		i = j;
	}
	return 0;
}

static int by_value_group(const void *pa, const void *pb)
{
	const sm_date *a = &date_ctx[*(const uint32_t *)pa];
	const sm_date *b = &date_ctx[*(const uint32_t *)pb];
	int c = strcmp(a->value, b->value);
	if (c)
		return c;
	const sm_sent *x = &sort_ctx->sent[a->sent], *y = &sort_ctx->sent[b->sent];
	if (x->parent != y->parent)
		return (x->parent > y->parent) - (x->parent < y->parent);
	uint32_t rx = sort_ctx->art[x->art].rank, ry = sort_ctx->art[y->art].rank;
	if (rx != ry)
		return (rx > ry) - (rx < ry);
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Points for the dates written in the text, one per date and group of
 * copies, background (before the lookback) left out. */
static int mention_points(build *b, tpoint *pt, size_t *n)
{
	marsad_summary *s = b->s;
	long first = 0;
	int have_first = 0;
	for (size_t i = 0; i < s->n_art && !have_first; i++) {
		char day[11];
		if (pub_day(s->art[b->order[i]].published, day))
			first = value_days(day, &have_first);
	}
	uint32_t *idx = malloc((s->n_date ? s->n_date : 1) * sizeof *idx);
	if (!idx)
		return MARSAD_ENOMEM;
	size_t m = 0;
	for (uint32_t i = 0; i < s->n_date; i++) {
		int ok;
		long d = value_days(s->date[i].value, &ok);
		if (ok && (!have_first || d >= first - (long)s->o.lookback_days))
			idx[m++] = i;
	}
	date_ctx = s->date;
	sort_ctx = s;
	sm_sort(idx, m, sizeof *idx, by_value_group);
	for (size_t i = 0; i < m;) {
		const sm_date *d = &s->date[idx[i]];
		uint32_t root = s->sent[d->sent].parent;
		size_t j = i;
		tpoint *p = &pt[(*n)++];
		memset(p, 0, sizeof *p);
		memcpy(p->date, d->value, sizeof p->date);
		p->gran = d->granularity;
		p->text = sm_text(s, s->sent[d->sent].text);
		p->art = s->sent[d->sent].art;
		p->pos = s->sent[d->sent].pos;
		p->key_off = b->keys.n;
		uint32_t last = SM_NONE;
		for (; j < m && strcmp(s->date[idx[j]].value, d->value) == 0 &&
		       s->sent[s->date[idx[j]].sent].parent == root;
		     j++) {
			const sm_sent *x = &s->sent[s->date[idx[j]].sent];
			if (x->score > p->score)
				p->score = x->score;
			if (x->art == last)
				continue;
			last = x->art;
			if (key_push(&b->keys, s->art[x->art].key) < 0) {
				free(idx);
				return MARSAD_ENOMEM;
			}
			p->n_keys++;
		}
		i = j;
	}
	free(idx);
	return 0;
}

static int timeline(build *b, tpoint **out, size_t *n_out)
{
	marsad_summary *s = b->s;
	tpoint *pt = malloc((s->n_art + s->n_date + 1) * sizeof *pt);
	if (!pt)
		return MARSAD_ENOMEM;
	size_t n_pub = 0, n = 0;
	int rc = published_points(b, pt, &n_pub);
	if (rc == 0)
		rc = mention_points(b, pt + n_pub, &n);
	if (rc < 0) {
		free(pt);
		return rc;
	}
	size_t room = s->o.max_timeline > n_pub ? s->o.max_timeline - n_pub : 0;
	sort_ctx = s;
	if (n > room) {
		sm_sort(pt + n_pub, n, sizeof *pt, by_score);
		n = room;
	}
	sm_sort(pt, n_pub + n, sizeof *pt, by_date);
	*out = pt;
	*n_out = n_pub + n;
	return 0;
}

/* ---- cast and quotes ---------------------------------------------------- */

/* By decreasing rank_ctx[], then index. */
static int by_rank(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	if (rank_ctx[a] != rank_ctx[b])
		return rank_ctx[a] < rank_ctx[b] ? 1 : -1;
	return (a > b) - (a < b);
}

static int cast(build *b, marsad_summary_actor **out, size_t *n_out)
{
	marsad_summary *s = b->s;
	*n_out = 0;
	uint32_t *ids = malloc((s->n_ent ? s->n_ent : 1) * sizeof *ids);
	*out = calloc(s->o.max_cast ? s->o.max_cast : 1, sizeof **out);
	if (!ids || !*out) {
		free(ids);
		return MARSAD_ENOMEM;
	}
	size_t m = 0;
	/* an actor of a story is named by two of its articles (or twice in a
	 * story of one article) */
	for (uint32_t e = 0; e < s->n_ent; e++)
		if (s->n_art > 1 ? s->ent[e].articles >= 2 : s->ent[e].mentions >= 2)
			ids[m++] = e;
	rank_ctx = b->sal;
	sm_sort(ids, m, sizeof *ids, by_rank);
	for (size_t i = 0; i < m && *n_out < s->o.max_cast; i++) {
		marsad_entity v;
		if (marsad_entity_index_get_arabic(s->ix, ids[i], &v) < 0)
			continue;
		const sm_entity *e = &s->ent[ids[i]];
		(*out)[(*n_out)++] = (marsad_summary_actor){
			v.canonical, (marsad_entity_type)v.type, v.variants,
			v.n_variants, e->mentions, e->articles, e->n_outlets,
			b->sal[ids[i]]};
	}
	free(ids);
	return 0;
}

typedef struct qgroup {
	uint32_t q;       /* the quote shown: the earliest copy */
	sm_vec arts;      /* every article carrying it */
	double rank;
	int taken;
} qgroup;

static int by_quote_time(const void *pa, const void *pb)
{
	const sm_quote *a = &sort_ctx->quote[((const qgroup *)pa)->q];
	const sm_quote *b = &sort_ctx->quote[((const qgroup *)pb)->q];
	uint32_t ra = sort_ctx->art[a->art].rank, rb = sort_ctx->art[b->art].rank;
	if (ra != rb)
		return (ra > rb) - (ra < rb);
	return (a->start > b->start) - (a->start < b->start);
}

/*
 * The quotations, copies joined, each group shown by its earliest copy:
 * a quotation joins the first group whose shown quotation it copies. The
 * quotations are posted by shingle as they come, so that only the groups
 * whose shown quotation shares a shingle with it, its few copies, are
 * compared: not every group, which a story of many quotations made
 * quadratic.
 */
static int quote_groups(build *b, qgroup **out, size_t *n_out)
{
	marsad_summary *s = b->s;
	size_t nq = s->n_quote, shingles = 0;
	for (size_t i = 0; i < nq; i++)
		shingles += s->quote[i].n_fp;
	qgroup *g = calloc(nq ? nq : 1, sizeof *g);
	/* by quotation: shingles shared (zero between uses), the group it
	 * is shown by (SM_NONE: none); the quotations counted */
	uint32_t *count = calloc(nq ? nq : 1, sizeof *count);
	uint32_t *shows = malloc((nq ? nq : 1) * sizeof *shows);
	uint32_t *touched = malloc((nq ? nq : 1) * sizeof *touched);
	sm_postings post = {0};
	size_t n = 0;
	int rc = g && count && shows && touched ? 0 : MARSAD_ENOMEM;
	if (rc == 0)
		rc = sm_postings_reserve(&post, shingles);
	for (uint32_t i = 0; rc == 0 && i < nq; i++) {
		const sm_quote *q = &s->quote[i];
		size_t k = sm_postings_add(&post, s->fps.v + q->fp_off, q->n_fp,
					   i, count, touched);
		size_t c = n;
		for (size_t t = 0; t < k; t++) {
			uint32_t j = touched[t];
			const sm_quote *o = &s->quote[j];
			if (shows[j] != SM_NONE && shows[j] < c &&
			    sm_overlap(s->fps.v + q->fp_off, q->n_fp,
				       s->fps.v + o->fp_off,
				       o->n_fp) >= s->o.copy_threshold)
				c = shows[j];
			count[j] = 0;
		}
		shows[i] = SM_NONE;
		if (c == n) {
			shows[i] = (uint32_t)n;
			g[n++].q = i;
		} else if (s->art[q->art].rank <
			   s->art[s->quote[g[c].q].art].rank) {
			shows[g[c].q] = SM_NONE;
			shows[i] = (uint32_t)c;
			g[c].q = i;
		}
		int seen = 0;
		for (size_t a = 0; a < g[c].arts.n; a++)
			seen |= g[c].arts.v[a] == q->art;
		if (!seen)
			rc = sm_vec_push(&g[c].arts, q->art);
		double r = b->sal[q->entity] * (q->direct ? 1 : QUOTE_REPORTED);
		if (r > g[c].rank)
			g[c].rank = r;
	}
	free(count);
	free(shows);
	free(touched);
	sm_postings_clear(&post);
	*out = g;
	*n_out = n;
	return rc;
}

/*
 * The quotations: greedily the group of highest speaker salience (a
 * direct quotation above reported speech), divided by 1 + the quotations
 * of that speaker already taken, so that one voice does not fill the
 * list; then in time order. *key_off receives where each quote's keys
 * start in the key list.
 */
static int quotes(build *b, marsad_summary_quote **out, size_t **key_off,
		  size_t *n_out)
{
	marsad_summary *s = b->s;
	size_t max = s->o.max_quotes, n = 0;
	*n_out = 0;
	*out = calloc(max ? max : 1, sizeof **out);
	*key_off = calloc(max ? max : 1, sizeof **key_off);
	uint32_t *said = calloc(s->n_ent ? s->n_ent : 1, sizeof *said);
	qgroup *g = NULL;
	int rc = *out && *key_off && said ? quote_groups(b, &g, &n) : MARSAD_ENOMEM;
	size_t taken = 0;
	for (; rc == 0 && taken < max && taken < n; taken++) {
		size_t best = 0;
		double best_v = -1;
		for (size_t i = 0; i < n; i++) {
			double v = g[i].rank / (1 + said[s->quote[g[i].q].entity]);
			if (!g[i].taken && v > best_v) {
				best_v = v;
				best = i;
			}
		}
		g[best].taken = 1;
		said[s->quote[g[best].q].entity]++;
	}
	/* the taken groups first, in time order */
	size_t m = 0;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (g[i].taken) {
			qgroup t = g[m];
			g[m++] = g[i];
			g[i] = t;
		}
	sort_ctx = s;
	if (rc == 0)
		sm_sort(g, m, sizeof *g, by_quote_time);
	for (size_t i = 0; rc == 0 && i < m; i++) {
		const sm_quote *q = &s->quote[g[i].q];
		/* the name alone: a full view (Latin spelling and all) would
		 * cost more than the rest of the result */
		const char *speaker = marsad_entity_index_canonical(s->ix, q->entity);
		if (!speaker)
			continue;
		/* the article shown first, then the others by time */
		sm_vec *a = &g[i].arts;
		for (size_t x = 0; x < a->n; x++)
			if (a->v[x] == q->art) {
				a->v[x] = a->v[0];
				a->v[0] = q->art;
			}
		for (size_t x = 2; x < a->n; x++) {
			uint32_t t = a->v[x];
			size_t y = x;
			for (; y > 1 && s->art[a->v[y - 1]].rank > s->art[t].rank; y--)
				a->v[y] = a->v[y - 1];
			a->v[y] = t;
		}
		(*key_off)[*n_out] = b->keys.n;
		for (size_t x = 0; rc == 0 && x < a->n; x++)
			rc = key_push(&b->keys, s->art[a->v[x]].key);
		(*out)[(*n_out)++] = (marsad_summary_quote){
			speaker, sm_text(s, q->text), q->verb, q->direct,
			NULL, NULL, a->n};
	}
	for (size_t i = 0; g && i < n; i++)
		free(g[i].arts.v);
	free(g);
	free(said);
	return rc;
}

/* ---- the result --------------------------------------------------------- */

static int assemble(build *b)
{
	marsad_summary *s = b->s;
	marsad_summary_result *r = &s->res;
	uint32_t *members = NULL;
	group *g = NULL;
	size_t n_groups = 0, n_ch = 0, n_tl = 0, n_cast = 0, n_q = 0;
	chosen *ch = NULL;
	tpoint *tl = NULL;
	marsad_summary_actor *actors = NULL;
	marsad_summary_quote *qs = NULL;
	size_t *q_off = NULL;
	marsad_summary_sentence *sent = NULL;
	marsad_summary_point *pts = NULL;

	int rc = weigh(b);
	if (rc == 0) {
		score_sentences(b);
		rc = make_groups(b, &members, &g, &n_groups);
	}
	if (rc == 0)
		rc = summarize(b, members, g, n_groups, &ch, &n_ch);
	if (rc == 0)
		rc = timeline(b, &tl, &n_tl);
	if (rc == 0)
		rc = cast(b, &actors, &n_cast);
	if (rc == 0)
		rc = quotes(b, &qs, &q_off, &n_q);
	if (rc == 0) {
		sent = calloc(n_ch ? n_ch : 1, sizeof *sent);
		pts = calloc(n_tl ? n_tl : 1, sizeof *pts);
		if (!sent || !pts)
			rc = MARSAD_ENOMEM;
	}
	if (rc == 0) {
		/* the key list is complete: runs become pointers */
		const char *const *kv = b->keys.v;
		for (size_t i = 0; i < n_ch; i++) {
			const sm_sent *x = &s->sent[g[ch[i].group].rep];
			sent[i] = (marsad_summary_sentence){sm_text(s, x->text),
							    kv + ch[i].key_off,
							    ch[i].n_keys,
							    g[ch[i].group].score};
		}
		for (size_t i = 0; i < n_tl; i++) {
			marsad_summary_point *p = &pts[i];
			memcpy(p->date, tl[i].date, sizeof p->date);
			p->granularity = tl[i].gran;
			p->published = tl[i].published;
			p->text = tl[i].text;
			p->keys = kv + tl[i].key_off;
			p->n_keys = tl[i].n_keys;
			p->key = p->n_keys ? p->keys[0] : NULL;
		}
		for (size_t i = 0; i < n_q; i++) {
			qs[i].keys = kv + q_off[i];
			qs[i].key = qs[i].n_keys ? qs[i].keys[0] : NULL;
		}
		uint32_t head = headline(b, b->order, s->n_art);
		if (head != SM_NONE) {
			r->headline = s->art[head].title;
			r->headline_key = s->art[head].key;
		} else if (n_ch) {
			r->headline = sent[0].text;
			r->headline_key = sent[0].keys[0];
		} else {
			r->headline = "";
		}
		r->sentences = sent;
		r->n_sentences = n_ch;
		r->timeline = pts;
		r->n_timeline = n_tl;
		r->cast = actors;
		r->n_cast = n_cast;
		r->quotes = qs;
		r->n_quotes = n_q;
		r->n_articles = s->n_art;
		s->res_mem[0] = sent;
		s->res_mem[1] = pts;
		s->res_mem[2] = actors;
		s->res_mem[3] = qs;
		s->res_mem[4] = b->keys.v;
		b->keys.v = NULL;
		sent = NULL;
		pts = NULL;
		actors = NULL;
		qs = NULL;
	}
	free(sent);
	free(pts);
	free(actors);
	free(qs);
	free(q_off);
	free(members);
	free(g);
	free(ch);
	free(tl);
	return rc;
}

int marsad_summary_get(marsad_summary *s,
			  const marsad_summary_result **out)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (!s)
		return MARSAD_EINVAL;
	if (s->failed)
		return MARSAD_ENOMEM;
	if (s->dirty) {
		sm_result_clear(s);
		build b = {.s = s};
		int rc = assemble(&b);
		free(b.idf);
		free(b.cen);
		free(b.tf);
		free(b.touched);
		free(b.sal);
		free(b.order);
		free(b.keys.v);
		if (rc < 0) {
			sm_result_clear(s);
			return rc;
		}
		s->dirty = 0;
	}
	*out = &s->res;
	return 0;
}
