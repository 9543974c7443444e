/*
 * linker.c — articles in; stories, topics and explanations out.
 *
 * An article comes in two steps: marsad_link_prepare analyzes it alone
 * (terms with ids of its own, shingles, spans, stated source: the costly,
 * thread-safe part), marsad_linker_add_prepared maps its terms into the
 * dictionary and finds its copies and story links.
 *
 * Stories (online, then settled):
 *   - adding an article takes its LK_TOP strongest terms, walks their
 *     postings (the articles that have the term among their own top
 *     terms; the newest SCAN_MAX of each) and scores each article met by
 *     the weights it shares; the CAND_MAX best are compared exactly
 *     (cosine of the weighted vectors, terms.c; a pair that bounds on
 *     the cosine put below LK_EDGE_MIN is not weighed whole). A pair
 *     within story_days of each other (or of unknown date) with cosine
 *     ≥ LK_EDGE_MIN is kept as a candidate edge; at ≥ story_threshold it
 *     joins the two stories at once (union-find), so stories exist as
 *     articles arrive;
 *   - settling re-weighs every candidate edge with the final document
 *     frequencies, scaled down where one article's lead (title and first
 *     sentences) holds little of what the two share (a roundup whose
 *     tail mentions another event), and joins stories over the edges,
 *     strongest first (story.c): by single link at or above
 *     story_threshold, unless the two stories are on average far apart
 *     (a roundup between two events), and by average link a little below
 *     it, across outlets: the result depends on the set of articles,
 *     hardly on their order (only the candidate lists do). Story ids are
 *     kept: each story takes the id its oldest article had; a new story
 *     gets the next free id.
 * Single link at a fairly high threshold: a report joins a story through
 * its closest fellow report, which suits wire copies and follow-ups, and
 * the idf² weights keep two events of one topic (two attacks in one
 * country on one day) apart because their names, places and figures
 * differ. Average link below it: reports of one event worded apart (two
 * outlets' own accounts) are each moderately like every other one, where
 * a single moderate pair would chain events of one topic.
 *
 * Topics (story.c): each story's centroid (the mean of its articles'
 * unit tf·idf vectors) is compared with the stories that share at least
 * TOPIC_NAMES of its key names (its heaviest names that other articles
 * hold too, but not very common ones), over any time span; a pair whose
 * centroids have cosine ≥ topic_threshold and that shares TOPIC_NAMES
 * names that are not common, or any copied passage, is a candidate link.
 * Candidates join topics strongest first by average link (the mean
 * cosine over all pairs of the two topics' stories at least
 * topic_threshold), not by single link, whose chains of pairwise links
 * would thread a national corpus into one topic; each link inside a
 * topic keeps its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link_int.h"

#define SCAN_MAX 4000     /* newest postings walked per term */
#define CAND_MAX 100      /* candidates compared exactly per article */

void marsad_link_opts_init(marsad_link_opts *o)
{
	o->story_threshold = 0.375;
	o->story_days = 4;
	o->topic_threshold = 0.15;
	o->copy_min_terms = 12;
}

int marsad_linker_new(const marsad_link_opts *opts, marsad_linker **out)
{
	*out = NULL;
	marsad_linker *l = calloc(1, sizeof *l);
	if (!l)
		return MARSAD_ENOMEM;
	if (opts)
		l->o = *opts;
	else
		marsad_link_opts_init(&l->o);
	if (!(l->o.story_threshold > 0 && l->o.story_threshold <= 1) ||
	    !(l->o.story_days > 0) || !(l->o.topic_threshold > 0) ||
	    l->o.copy_min_terms < LK_SHINGLE) {
		free(l);
		return MARSAD_EINVAL;
	}
	l->next_story = 1;
	if (lk_copies_init(l)) {
		free(l);
		return MARSAD_ENOMEM;
	}
	*out = l;
	return 0;
}

void marsad_linker_free(marsad_linker *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		lk_article *a = &l->art[i];
		free(a->key);
		free(a->title);
		free(a->outlet);
		free(a->published);
		free(a->credit);
		free(a->terms);
		free(a->sh);
		free(a->start);
		free(a->end);
	}
	free(l->art);
	lk_dict_clear(&l->dict);
	free(l->sh);
	free(l->sh_node);
	free(l->sh_df);
	free(l->edge);
	free(l->copy);
	free(l->cand_score);
	free(l->cand_of);
	free(l->cand_met);
	free(l->query);
	free(l->shared_n);
	free(l->shared_of);
	free(l->shared_met);
	free(l->sh_pos);
	free(l->topic0);
	free(l->sid);
	lk_results_free(l);
	free(l);
}

/* ---- time -------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Does s hold digits where pattern has '9' and pattern's other bytes
 * where it has them? Then sscanf's "%Nd" fields read exactly those
 * digits. */
static int shaped(const char *s, const char *pattern)
{
	for (; *pattern; s++, pattern++)
		if (*pattern == '9' ? *s < '0' || *s > '9' : *s != *pattern)
			return 0;
	return 1;
}

/* The number the digits s[0 .. n) write. */
static int digits(const char *s, int n)
{
	int v = 0;
	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* "YYYY-MM-DD" optionally followed by "THH:MM:SS" (or a space) → unix
 * seconds; LK_NO_TIME when it is not such a date. The usual shape is read
 * directly, any other as sscanf reads it. */
int64_t lk_parse_time(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (s && shaped(s, "9999-99-99")) {
		y = digits(s, 4);
		mo = digits(s + 5, 2);
		d = digits(s + 8, 2);
	} else if (!s || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3) {
		return LK_NO_TIME;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return LK_NO_TIME;
	if (shaped(s, "9999-99-99T99:99:99") ||
	    shaped(s, "9999-99-99 99:99:99")) {
		h = digits(s + 11, 2);
		mi = digits(s + 14, 2);
		se = digits(s + 17, 2);
	} else if (strlen(s) >= 19 && (s[10] == 'T' || s[10] == ' ') &&
		   sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &se) != 3) {
		h = mi = se = 0;
	}
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

int lk_in_window(const marsad_linker *l, const lk_article *a,
		     const lk_article *b)
{
	if (a->t == LK_NO_TIME || b->t == LK_NO_TIME)
		return 1;
	double gap = (double)(a->t > b->t ? a->t - b->t : b->t - a->t);
	return gap <= l->o.story_days * 86400;
}

/* ---- union-find -------------------------------------------------------- */

uint32_t lk_find(lk_article *art, uint32_t x)
{
	while (art[x].uf != x) {
		art[x].uf = art[art[x].uf].uf;
		x = art[x].uf;
	}
	return x;
}

/* Joins the add-time stories of x and y; the joined story keeps the
 * smaller (older) id. */
static void join(marsad_linker *l, uint32_t x, uint32_t y)
{
	uint32_t rx = lk_find(l->art, x), ry = lk_find(l->art, y);
	if (rx == ry)
		return;
	int64_t sx = l->art[rx].story, sy = l->art[ry].story;
	l->art[ry].uf = rx;
	l->art[rx].story = sx && (!sy || sx < sy) ? sx : sy;
}

/* ---- adding ------------------------------------------------------------ */

int lk_add_edge(marsad_linker *l, uint32_t a, uint32_t b, double sim)
{
	if (l->n_edge == l->cap_edge) {
		size_t cap = l->cap_edge ? l->cap_edge * 2 : 1024;
		lk_edge *e = realloc(l->edge, cap * sizeof *e);
		if (!e)
			return MARSAD_ENOMEM;
		l->edge = e;
		l->cap_edge = cap;
	}
	l->edge[l->n_edge++] = (lk_edge){a, b, (float)sim};
	return 0;
}

struct cand {
	uint32_t id;
	float score;
};

/* Higher score first; of equal scores, the older article. */
static int better(struct cand x, struct cand y)
{
	return x.score > y.score || (x.score == y.score && x.id < y.id);
}

int lk_query_reserve(marsad_linker *l)
{
	return lk_grow((void **)&l->query, &l->cap_query, l->dict.n,
		       sizeof *l->query, 1024, 1);
}

/* Room in the candidate scratch for every article: three arrays of one
 * capacity, cap_cand, which the last (zeroed) grows. */
static int reserve_cand(marsad_linker *l)
{
	size_t cap_score = l->cap_cand, cap_met = l->cap_cand;
	if (lk_grow((void **)&l->cand_score, &cap_score, l->n,
		    sizeof *l->cand_score, 256, 0) ||
	    lk_grow((void **)&l->cand_met, &cap_met, l->n, sizeof *l->cand_met,
		    256, 0))
		return MARSAD_ENOMEM;
	return lk_grow((void **)&l->cand_of, &l->cap_cand, l->n,
		       sizeof *l->cand_of, 256, 1);
}

/* Finds the story links of the newest article and indexes it. */
static int link_story(marsad_linker *l, uint32_t id)
{
	lk_article *a = &l->art[id];
	uint32_t *top = a->top;
	if (reserve_cand(l) || lk_query_reserve(l))
		return MARSAD_ENOMEM;
	size_t k = lk_query_set(&l->dict, l->n, a, l->query, a->heavy);
	a->n_top = a->n_heavy = (uint32_t)k;
	for (size_t i = 0; i < k; i++)
		top[i] = LK_ID(a->terms[a->heavy[i]].id);
	/* Each article met sums the weights of the top terms it shares, in
	 * the order of the terms. */
	float *score = l->cand_score;
	uint32_t *of = l->cand_of, *met = l->cand_met, n_met = 0;
	for (size_t t = 0; t < k; t++) {
		const lk_vec *p = &l->dict.post[top[t]];
		lk_term key = {top[t], 1};
		float w = (float)lk_weight(&l->dict, l->n, &key);
		uint32_t from = p->n > SCAN_MAX ? p->n - SCAN_MAX : 0;
		for (uint32_t i = from; i < p->n; i++) {
			uint32_t o = p->v[i];
			if (of[o] == id + 1) {
				score[o] += w;
			} else {
				of[o] = id + 1;
				score[o] = w;
				met[n_met++] = o;
			}
		}
	}
	/* The CAND_MAX best, best first. */
	struct cand best[CAND_MAX];
	size_t n = 0;
	for (uint32_t i = 0; i < n_met; i++) {
		struct cand x = {met[i], score[met[i]]};
		if (n == CAND_MAX && !better(x, best[n - 1]))
			continue;
		size_t p = n < CAND_MAX ? n++ : n - 1;
		for (; p > 0 && better(x, best[p - 1]); p--)
			best[p] = best[p - 1];
		best[p] = x;
	}
	int rc = 0;
	a->edge0 = (uint32_t)l->n_edge;
	for (size_t i = 0; i < n && rc == 0; i++) {
		lk_article *b = &l->art[best[i].id];
		if (!lk_in_window(l, a, b))
			continue;
		double sim = lk_query_cosine(&l->dict, l->n, a, l->query, b,
					     LK_EDGE_MIN);
		if (sim < LK_EDGE_MIN)
			continue;
		rc = lk_add_edge(l, best[i].id, id, sim);
		if (rc == 0 && sim >= l->o.story_threshold)
			join(l, best[i].id, id);
	}
	a->n_edge = (uint32_t)(l->n_edge - a->edge0);
	lk_query_clear(a, l->query);
	return rc;
}

int lk_index_top(marsad_linker *l, uint32_t id)
{
	lk_article *a = &l->art[id];
	if (!a->n_top)
		a->n_top = (uint32_t)lk_top_terms(&l->dict, l->n, a, a->top);
	if (!a->n_heavy)
		lk_find_heavy(a);
	int rc = 0;
	for (uint32_t t = 0; t < a->n_top && rc == 0; t++)
		rc = lk_vec_push(&l->dict.post[a->top[t]], id);
	return rc;
}

/* ---- preparing and adding -------------------------------------------- */

/* The stated source of an article: the first credit line the cleaner
 * removed ("(العربي الجديد، رويترز)" → "العربي الجديد، رويترز"), else
 * one written in the text. */
static char *find_credit(const marsad_article *a)
{
	const marsad_doc *d = a->doc;
	for (size_t i = 0; i < d->n_removed; i++) {
		const marsad_removal *r = &d->removed[i];
		if (!r->reason || strcmp(r->reason, "agency credit") != 0)
			continue;
		const char *s = r->line;
		size_t n = strlen(s);
		while (n && (s[n - 1] == ')' || s[n - 1] == ' '))
			n--;
		while (n && (*s == '(' || *s == ' ')) {
			s++;
			n--;
		}
		if (n) {
			char *c = malloc(n + 1);
			if (c) {
				memcpy(c, s, n);
				c[n] = 0;
			}
			return c;
		}
	}
	return lk_credit_in_text(a->text_words, d->text, d->text_len);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void marsad_link_input_free(marsad_link_input *in)
{
	if (!in)
		return;
	free(in->key);
	free(in->title);
	free(in->outlet);
	free(in->published);
	free(in->credit);
	free(in->words);
	free(in->word);
	free(in->terms);
	free(in->sh);
	free(in->start);
	free(in->end);
	free(in);
}

const uint32_t *marsad_link_input_shingles(const marsad_link_input *in,
					   const uint32_t **start, size_t *n)
{
	*start = in->start;
	*n = in->n_tok;
	return in->sh;
}

int marsad_link_prepare(const marsad_article *art, marsad_link_input **out)
{
	*out = NULL;
	if (!art || !art->doc || !art->doc->key || !art->doc->key[0])
		return MARSAD_EINVAL;
	const marsad_doc *d = art->doc;
	lk_input *in = calloc(1, sizeof *in);
	if (!in)
		return MARSAD_ENOMEM;
	in->key = strdup(d->key);
	in->title = strdup(d->title ? d->title : "");
	in->outlet = dup_or_null(d->outlet);
	in->published = dup_or_null(d->published);
	in->credit = find_credit(art);
	in->hash = art->content_hash;
	int rc = in->key && in->title && (in->outlet || !d->outlet) &&
			 (in->published || !d->published)
		 ? 0 : MARSAD_ENOMEM;
	if (rc == 0)
		rc = lk_prepare_terms(in, art);
	if (rc) {
		marsad_link_input_free(in);
		return rc;
	}
	*out = in;
	return 0;
}

lk_article *lk_article_push(marsad_linker *l)
{
	if (l->n >= UINT32_MAX - 1)
		return NULL;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		lk_article *p = realloc(l->art, cap * sizeof *p);
		if (!p)
			return NULL;
		l->art = p;
		l->cap = cap;
	}
	lk_article *a = &l->art[l->n];
	memset(a, 0, sizeof *a);
	return a;
}

int marsad_linker_add_prepared(marsad_linker *l, marsad_link_input *in,
			       size_t *id)
{
	if (id)
		*id = 0;
	if (!l || !in) {
		marsad_link_input_free(in);
		return MARSAD_EINVAL;
	}
	lk_article *a = lk_article_push(l);
	int rc = a ? lk_intern(l, in, a) : MARSAD_ENOMEM;
	if (rc) {
		marsad_link_input_free(in);
		return rc;
	}
	a->key = in->key;
	a->title = in->title;
	a->outlet = in->outlet;
	a->published = in->published;
	a->credit = in->credit;
	a->hash = in->hash;
	in->key = in->title = in->outlet = in->published = in->credit = NULL;
	marsad_link_input_free(in);
	a->t = lk_parse_time(a->published);
	a->agency = lk_is_agency(a->outlet);
	a->uf = (uint32_t)l->n;
	a->story = l->next_story++;
	uint32_t me = (uint32_t)l->n++;
	rc = lk_copies_add(l, me);
	if (rc == 0)
		rc = link_story(l, me);
	if (rc == 0)
		rc = lk_index_top(l, me);
	if (id)
		*id = me;
	return rc;
}

int marsad_linker_add(marsad_linker *l, const marsad_article *art,
		      size_t *id)
{
	if (id)
		*id = 0;
	if (!l)
		return MARSAD_EINVAL;
	marsad_link_input *in;
	int rc = marsad_link_prepare(art, &in);
	return rc ? rc : marsad_linker_add_prepared(l, in, id);
}

/* ---- accessors --------------------------------------------------------- */

size_t marsad_linker_count(const marsad_linker *l)
{
	return l ? l->n : 0;
}

#define FIELD(name, expr)                                                  \
	const char *marsad_linker_##name(const marsad_linker *l, size_t id) \
	{                                                                  \
		return l && id < l->n ? l->art[id].expr : NULL;            \
	}
FIELD(key, key)
FIELD(title, title)
FIELD(outlet, outlet)
FIELD(published, published)
FIELD(credit, credit)

int marsad_linker_set_story(marsad_linker *l, size_t id, int64_t story)
{
	if (!l || id >= l->n || story < 1)
		return MARSAD_EINVAL;
	l->art[id].story = story;
	if (story >= l->next_story)
		l->next_story = story + 1;
	return 0;
}

int64_t marsad_linker_story_of(const marsad_linker *l, size_t id)
{
	if (!l || id >= l->n)
		return -1;
	size_t r = id;
	while (l->art[r].uf != r)
		r = l->art[r].uf;
	return l->art[r].story;
}

int marsad_linker_similarity(const marsad_linker *l, size_t a, size_t b,
			     double *sim)
{
	*sim = 0;
	if (!l || a >= l->n || b >= l->n)
		return MARSAD_EINVAL;
	*sim = a == b ? 1 : lk_cosine(&l->dict, l->n, &l->art[a], &l->art[b]);
	return 0;
}

const marsad_copy *marsad_linker_copies(const marsad_linker *l, size_t *n)
{
	*n = l ? l->n_copy : 0;
	return l ? l->copy : NULL;
}

const marsad_story *marsad_linker_stories(const marsad_linker *l, size_t *n)
{
	*n = l ? l->n_story : 0;
	return l ? l->story : NULL;
}

const marsad_topic_link *marsad_linker_topic_links(const marsad_linker *l,
						   size_t *n)
{
	*n = l ? l->n_tlink : 0;
	return l ? l->tlink : NULL;
}
