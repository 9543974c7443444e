/*
 * test_link_terms.c — the linker's shortcuts give what the plain
 * computations give: the cosine of one article against many
 * (lk_query_cosine, with its bounds) is lk_cosine's bit for bit at or
 * above its least and below the least otherwise, and its top terms are
 * lk_top_terms'; settling's re-weighing gives lk_cosine's cosine bit for
 * bit and the agreement of two leads as its definition works it out on
 * whole vectors; the skeleton hash is the byte-by-byte one; dates read
 * directly are the dates sscanf reads; term lists sort stably. Random
 * cases from a fixed seed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "link/link_int.h"

static uint64_t seed = 0x2545F4914F6CDD1DULL;

static uint32_t rnd(uint32_t n)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return (uint32_t)((seed * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

#define VOCAB 400
#define ARTS 120

/* Articles of 1 to 90 terms drawn from a small vocabulary, frequent words
 * more often, so that pairs share from nothing to most of their terms. */
static void fill(marsad_linker *l)
{
	for (int w = 0; w < VOCAB; w++) {
		char word[16];
		int n = snprintf(word, sizeof word, "w%d", w);
		CHECK(lk_dict_id(&l->dict, word, (size_t)n) == w);
	}
	for (int i = 0; i < ARTS; i++) {
		lk_article *a = lk_article_push(l);
		uint32_t n = 1 + rnd(90), k = 0;
		a->terms = calloc(n, sizeof *a->terms);
		for (uint32_t j = 0; j < n; j++) {
			uint32_t id = rnd(1 + rnd(VOCAB));
			a->terms[k].id = id | (rnd(4) ? 0 : LK_NAME_BIT) |
					 (rnd(3) ? 0 : LK_LEAD_BIT);
			a->terms[k++].tf = 1 + (float)rnd(1000) / 400;
		}
		lk_sort_terms(a->terms, k);
		uint32_t m = 0;
		for (uint32_t j = 0; j < k; j++)
			if (!m || LK_ID(a->terms[m - 1].id) !=
					  LK_ID(a->terms[j].id))
				a->terms[m++] = a->terms[j];
		a->n_terms = m;
		for (uint32_t j = 0; j < m; j++)
			l->dict.df[LK_ID(a->terms[j].id)]++;
		l->n++;
	}
}

static void test_query(void)
{
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	fill(l);
	for (size_t i = 0; i < l->n; i++) {
		lk_article *a = &l->art[i];
		a->n_top = (uint32_t)lk_top_terms(&l->dict, l->n, a, a->top);
		lk_find_heavy(a);
	}
	CHECK(lk_query_reserve(l) == 0);
	static const double floors[] = {0, 0.05, 0.2, 0.375, 0.6};
	size_t exact = 0, ruled_out = 0, wrong = 0, top_wrong = 0;
	for (int round = 0; round < 40; round++) {
		/* a new number of articles makes every cached norm stale */
		size_t n = l->n + (size_t)rnd(3) * 1000;
		const lk_article *a = &l->art[rnd((uint32_t)l->n)];
		uint32_t at[LK_TOP], top[LK_TOP];
		size_t k = lk_query_set(&l->dict, n, a, l->query, at);
		if (k != lk_top_terms(&l->dict, n, a, top))
			top_wrong++;
		for (size_t t = 0; t < k; t++)
			top_wrong += LK_ID(a->terms[at[t]].id) != top[t];
		for (size_t j = 0; j < l->n; j++) {
			const lk_article *b = &l->art[j];
			if (b == a)
				continue;
			double least = floors[rnd(5)];
			if (rnd(2))
				lk_norm(&l->dict, n, b); /* a cached norm too */
			double got = lk_query_cosine(&l->dict, n, a, l->query,
						     b, least);
			double want = lk_cosine(&l->dict, n, a, b);
			if (want >= least) {
				exact++;
				wrong += memcmp(&got, &want, sizeof got) != 0;
			} else {
				ruled_out++;
				wrong += !(got < least);
			}
		}
		lk_query_clear(a, l->query);
	}
	CHECK(wrong == 0);
	CHECK(top_wrong == 0);
	CHECK(exact > 1000 && ruled_out > 1000);
	for (size_t t = 0; t < l->cap_query; t++)
		if (l->query[t] != 0) {
			CHECK(!"the query weights are zero again");
			break;
		}
	marsad_linker_free(l);
}

/* cos(x's lead, y) / cos(x, y) from whole vectors indexed by term id:
 * the lead's part of x's vector (its norm) over x's whole. */
static double lead_ratio(const double *x, const double *lead_x,
			 const double *y)
{
	double dot = 0, dot_lead = 0, x2 = 0, lead2 = 0;
	for (int t = 0; t < VOCAB; t++) {
		dot += x[t] * y[t];
		dot_lead += lead_x[t] * y[t];
		x2 += x[t] * x[t];
		lead2 += lead_x[t] * lead_x[t];
	}
	return lead2 > 0 ? dot_lead / dot * sqrt(x2 / lead2) : 0;
}

static void spread(const marsad_linker *l, size_t n, const lk_article *a,
		   double *v, double *lead)
{
	memset(v, 0, VOCAB * sizeof *v);
	memset(lead, 0, VOCAB * sizeof *lead);
	for (uint32_t i = 0; i < a->n_terms; i++) {
		uint32_t t = LK_ID(a->terms[i].id);
		v[t] = lk_weight(&l->dict, n, &a->terms[i]);
		if (a->terms[i].id & LK_LEAD_BIT)
			lead[t] = v[t];
	}
}

/* lk_query_reweigh of a and b, each cached norm and share stale or not. */
static double agree(marsad_linker *l, const lk_article *a,
		    const lk_article *b, double *sim)
{
	unsigned char lead[VOCAB] = {0};
	double all = 0, in_lead = 0, share_b = rnd(2) ? -1 : 0, got;
	lk_query_set(&l->dict, l->n, a, l->query, NULL);
	for (uint32_t i = 0; i < a->n_terms; i++) {
		double w = l->query[LK_ID(a->terms[i].id)];
		all += w * w;
		if (a->terms[i].id & LK_LEAD_BIT) {
			lead[LK_ID(a->terms[i].id)] = 1;
			in_lead += w * w;
		}
	}
	if (share_b == 0) { /* b's share known, its norm cached or stale */
		double b2 = 0, b2_lead = 0;
		for (uint32_t i = 0; i < b->n_terms; i++) {
			double w = lk_weight(&l->dict, l->n, &b->terms[i]);
			b2 += w * w;
			b2_lead += b->terms[i].id & LK_LEAD_BIT ? w * w : 0;
		}
		share_b = b2 > 0 ? sqrt(b2_lead / b2) : 0;
		if (rnd(2))
			lk_norm(&l->dict, l->n, b);
	}
	*sim = lk_query_reweigh(&l->dict, l->n, a, l->query, lead,
				all > 0 ? sqrt(in_lead / all) : 0, b, &share_b,
				&got);
	lk_query_clear(a, l->query);
	return got;
}

static void test_lead(void)
{
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	fill(l);
	CHECK(lk_query_reserve(l) == 0);
	double va[VOCAB], la[VOCAB], vb[VOCAB], lb[VOCAB], sim, sim2;
	size_t wrong = 0, shared = 0;
	for (int round = 0; round < 3; round++) {
		l->n += 1000; /* every cached norm stale */
		for (size_t i = 0; i < ARTS; i++) {
			const lk_article *a = &l->art[i];
			const lk_article *b = &l->art[rnd(ARTS)];
			spread(l, l->n, a, va, la);
			spread(l, l->n, b, vb, lb);
			double dot = 0;
			for (int t = 0; t < VOCAB; t++)
				dot += va[t] * vb[t];
			double want = 1;
			if (dot > 0) {
				double ra = lead_ratio(va, la, vb);
				double rb = lead_ratio(vb, lb, va);
				want = ra < rb ? ra : rb;
				shared++;
			}
			double got = agree(l, a, b, &sim);
			double cos = lk_cosine(&l->dict, l->n, a, b);
			wrong += fabs(got - want) > 1e-9 * (1 + want) ||
				 fabs(got - agree(l, b, a, &sim2)) > 1e-12 ||
				 memcmp(&sim, &cos, sizeof sim) != 0;
		}
	}
	l->n -= 3000;
	CHECK(wrong == 0);
	CHECK(shared > ARTS);
	/* all lead: 1; a lead without the shared terms: 0 */
	lk_article *a = &l->art[0];
	for (uint32_t i = 0; i < a->n_terms; i++)
		a->terms[i].id |= LK_LEAD_BIT;
	CHECK(fabs(agree(l, a, a, &sim) - 1) < 1e-9);
	CHECK(fabs(sim - 1) < 1e-6);
	for (uint32_t i = 0; i < a->n_terms; i++)
		a->terms[i].id = (a->terms[i].id & ~LK_LEAD_BIT) |
				 (i % 2 ? LK_LEAD_BIT : 0);
	lk_article lone = *a;
	lone.n_terms = 1; /* its one term, outside a's lead */
	CHECK(agree(l, a, &lone, &sim) == 0);
	CHECK(sim > 0);
	marsad_linker_free(l);
}

/* The skeleton hash as first written: each byte looked at alone. */
static uint32_t skeleton_plain(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i > 0 && i + 1 < n && c == 0xD8 &&
		    (unsigned char)s[i + 1] == 0xA7) {
			i++;
			continue;
		}
		if (i > 0 && i + 1 < n && c == 0xD9 &&
		    ((unsigned char)s[i + 1] == 0x88 ||
		     (unsigned char)s[i + 1] == 0x8A)) {
			i++;
			continue;
		}
		h ^= c;
		h *= 16777619u;
	}
	return h;
}

static void test_skeleton(void)
{
	static const unsigned char bytes[] = {0xD8, 0xD9, 0xA7, 0x88, 0x8A,
					      0x84, 0x85, 'a', 0};
	size_t differ = 0;
	for (int i = 0; i < 200000; i++) {
		char s[12];
		size_t n = rnd(sizeof s + 1);
		for (size_t j = 0; j < n; j++)
			s[j] = (char)bytes[rnd(sizeof bytes)];
		differ += marsad_skeleton_hash(s, n) != skeleton_plain(s, n);
	}
	CHECK(differ == 0);
	CHECK(marsad_skeleton_hash("الأمريكيين", strlen("الأمريكيين")) ==
	      marsad_skeleton_hash("الأميركيين", strlen("الأميركيين")));
}

/* lk_parse_time as sscanf alone reads a date. */
static int64_t time_plain(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31)
		return LK_NO_TIME;
	if (strlen(s) >= 19 && (s[10] == 'T' || s[10] == ' ') &&
	    sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &se) != 3)
		h = mi = se = 0;
	int64_t yy = y - (mo <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + se;
}

static void test_time(void)
{
	static const char *const fixed[] = {
		"2015-07-23", "2015-07-23T10:20:30", "2015-07-23 10:20:30",
		"2015-7-23", "2015-07-23T1:2:3", "2015-13-01", "2015-07-00",
		" 2015-07-23", "+2015-07-23", "2015-07-23T10:20", "abc", "",
		"2015-07-23T10:20:30Z", "2015-07-23X10:20:30"};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		CHECK(lk_parse_time(fixed[i]) == time_plain(fixed[i]));
	static const char chars[] = "0123456789-: T+";
	size_t differ = 0;
	for (int i = 0; i < 100000; i++) {
		char s[24] = "2015-07-23T10:20:30";
		for (int k = (int)rnd(4); k > 0; k--)
			s[rnd(20)] = chars[rnd(sizeof chars - 1)];
		differ += lk_parse_time(s) != time_plain(s);
	}
	CHECK(differ == 0);
	CHECK(lk_parse_time(NULL) == LK_NO_TIME);
}

static void test_sort(void)
{
	size_t unstable = 0;
	for (int round = 0; round < 300; round++) {
		size_t n = rnd(400);
		lk_term *t = malloc((n ? n : 1) * sizeof *t);
		for (size_t i = 0; i < n; i++) {
			t[i].id = rnd(round % 2 ? 70000 : 50) |
				  (rnd(2) ? LK_NAME_BIT : 0);
			t[i].tf = (float)i; /* the original position */
		}
		if (round % 3 == 0) /* sorted already */
			for (size_t i = 0; i < n; i++)
				t[i].id = (uint32_t)i;
		CHECK(lk_sort_terms(t, n) == 0);
		for (size_t i = 1; i < n; i++)
			unstable += LK_ID(t[i - 1].id) > LK_ID(t[i].id) ||
				    (LK_ID(t[i - 1].id) == LK_ID(t[i].id) &&
				     t[i - 1].tf > t[i].tf);
		free(t);
	}
	CHECK(unstable == 0);
}

int main(void)
{
	test_query();
	test_lead();
	test_skeleton();
	test_time();
	test_sort();
	CHECK_DONE();
}
