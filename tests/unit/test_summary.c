/*
 * test_summary.c — the summarizer (summary.h): ROUGE on hand-computed
 * cases (golden/rouge.tsv), sentence fingerprints, and the seed articles
 * read as one story (samples/, with their publication dates): what the
 * summary covers, that nothing is said twice, where every sentence comes
 * from, the timeline's span and order, the cast's variants, and the
 * results' JSON form; the sort the summarizer's records use, and the
 * fingerprints' own.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "marsad/read.h"
#include "marsad/summary.h"
#include "summary/summary_int.h"

/* ---- ROUGE ----------------------------------------------------------------- */

/* Parses "x/y" (0 when y is 0). */
static double frac(const char *s)
{
	unsigned x, y;
	if (sscanf(s, "%u/%u", &x, &y) != 2)
		return NAN;
	return y ? (double)x / y : 0;
}

static int close_to(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void check_prf(int line, const char *name, const marsad_rouge_prf *got,
		      const char *want)
{
	char p[32], r[32];
	if (sscanf(want, "%31[^,],%31s", p, r) != 2) {
		fprintf(stderr, "rouge.tsv:%d: bad %s field\n", line, name);
		check_failed++;
		return;
	}
	double wp = frac(p), wr = frac(r);
	double wf = wp + wr > 0 ? 2 * wp * wr / (wp + wr) : 0;
	int ok = close_to(got->p, wp) && close_to(got->r, wr) && close_to(got->f, wf);
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "rouge.tsv:%d: %s got P %.4f R %.4f F %.4f, want "
			"P %.4f R %.4f F %.4f\n", line, name, got->p, got->r,
			got->f, wp, wr, wf);
}

static void rouge_case(int line, const char *cand, const char *rest)
{
	char ref[4096], want[512], mode[32] = "";
	if (sscanf(rest, "%4095[^\t]\t%511[^\t]\t%31s", ref, want, mode) < 2) {
		/* an empty reference is not a case of this file */
		fprintf(stderr, "rouge.tsv:%d: malformed\n", line);
		check_failed++;
		return;
	}
	unsigned flags = strcmp(mode, "stem") == 0     ? MARSAD_ROUGE_STEM
			 : strcmp(mode, "nostop") == 0 ? MARSAD_ROUGE_NO_STOPWORDS
						       : 0;
	marsad_rouge r;
	CHECK(marsad_summary_rouge(cand, strlen(cand), ref, strlen(ref), flags,
				   &r) == 0);
	char r1[64], r2[64], rl[64];
	if (sscanf(want, "r1=%63s r2=%63s rl=%63s", r1, r2, rl) != 3) {
		fprintf(stderr, "rouge.tsv:%d: bad expectation\n", line);
		check_failed++;
		return;
	}
	check_prf(line, "R1", &r.r1, r1);
	check_prf(line, "R2", &r.r2, r2);
	check_prf(line, "RL", &r.rl, rl);
}

static void test_rouge(void)
{
	CHECK(golden_each("golden/rouge.tsv", rouge_case) >= 15);

	/* ROUGE is symmetric in P and R */
	marsad_rouge a, b;
	const char *x = "أجرى الطرفان محادثات سرية في إسطنبول";
	const char *y = "محادثات سرية بين الطرفين";
	CHECK(marsad_summary_rouge(x, strlen(x), y, strlen(y), 0, &a) == 0);
	CHECK(marsad_summary_rouge(y, strlen(y), x, strlen(x), 0, &b) == 0);
	CHECK(close_to(a.r1.p, b.r1.r) && close_to(a.r2.r, b.r2.p) &&
	      close_to(a.rl.f, b.rl.f));

	/* bad input */
	CHECK(marsad_summary_rouge(NULL, 3, y, strlen(y), 0, &a) == MARSAD_EINVAL);
	CHECK(marsad_summary_rouge(x, strlen(x), y, strlen(y), 0, NULL) ==
	      MARSAD_EINVAL);
	const char bad[] = "\xff\xfe \xd8 محادثات \xc0\xaf";
	CHECK(marsad_summary_rouge(bad, sizeof bad - 1, y, strlen(y), 0, &a) == 0);
	CHECK(a.r1.r > 0);
}

/* ---- fingerprints ------------------------------------------------------------ */

static double fp_sim(const char *a, const char *b)
{
	uint32_t *fa, *fb;
	size_t na, nb;
	if (marsad_summary_fingerprint(a, strlen(a), &fa, &na) < 0 ||
	    marsad_summary_fingerprint(b, strlen(b), &fb, &nb) < 0)
		return -1;
	double s = marsad_summary_similarity(fa, na, fb, nb);
	free(fa);
	free(fb);
	return s;
}

static void test_fingerprint(void)
{
	/* the copied passage of seeds 001 and 003, as each outlet wrote it:
	 * الأمريكي/الأميركي, تحذر/تحذّر, a different opening */
	const char *a = "وسبق ونقلت وسائل إعلام عن وليام بيرنز مدير وكالة "
			"الاستخبارات المركزية والسفير الأمريكي السابق في موسكو، "
			"أنه نقل إلى نظيره الروسي سيرغي ناريشكين رسالة تحذر من "
			"عواقب استخدام روسيا أسلحة نووية ومخاطر التصعيد على "
			"الاستقرار الإستراتيجي";
	const char *b = "مدير وكالة الاستخبارات المركزية والسفير الأميركي السابق "
			"لدى موسكو وليام بيرنز، نقلا إلى نظيره الروسي سيرغي "
			"ناريشكين رسالة تحذّر من عواقب استخدام روسيا أسلحة نووية "
			"ومخاطر التصعيد على الاستقرار الاستراتيجي";
	CHECK(fp_sim(a, b) >= MARSAD_FP_COPY);
	CHECK(fp_sim(a, a) == 1);
	/* a sentence cut short by one outlet is still a copy */
	CHECK(fp_sim(a, "نقل إلى نظيره الروسي سيرغي ناريشكين رسالة تحذر من "
			"عواقب استخدام روسيا أسلحة نووية") >= MARSAD_FP_COPY);
	/* the same words in another sentence are not */
	CHECK(fp_sim(a, "قال المتحدث باسم الكرملين إن روسيا لن تستخدم أسلحة "
			"نووية في أوكرانيا وإن التصعيد مسؤولية الغرب") <
	      MARSAD_FP_COPY);

	uint32_t *f = (uint32_t *)1;
	size_t n = 1;
	CHECK(marsad_summary_fingerprint("", 0, &f, &n) == 0 && !f && n == 0);
	/* stopwords only: no index terms */
	CHECK(marsad_summary_fingerprint("في من", strlen("في من"), &f, &n) == 0 &&
	      n == 0);
	CHECK(marsad_summary_fingerprint(NULL, 0, NULL, &n) == MARSAD_EINVAL);
	CHECK(marsad_summary_similarity(NULL, 0, NULL, 0) == 0);
}

/* ---- the seeds as one story ----------------------------------------------------- */

static const struct seed {
	const char *file, *published, *outlet;
} seeds[] = {
	{"000_fe3672199b4635b3", "2022-11-02", "outlet-000"},
	{"001_6f70dd8932d5d552", "2022-12-15", "outlet-001"},
	{"002_7bbecfa491803025", "2024-07-18", "outlet-002"},
	{"003_f13009966aefca6f", "2022-11-14", "outlet-003"},
	{"004_87ffb09050df82ad", "2021-12-09", "outlet-004"},
};
#define N_SEEDS (sizeof seeds / sizeof *seeds)

static marsad_article *seed_article(size_t i)
{
	char path[256];
	snprintf(path, sizeof path, "../samples/%s.txt", seeds[i].file);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	marsad_doc *d;
	marsad_read_error err;
	marsad_article *a;
	if (marsad_read_memory("txt", path, buf, n, &d, &err) < 0)
		return NULL;
	free(d->published);
	free(d->outlet);
	d->published = strdup(seeds[i].published);
	d->outlet = strdup(seeds[i].outlet);
	return marsad_article_build(NULL, d, &a) == 0 ? a : NULL;
}

static const marsad_article *by_key(marsad_article **arts, const char *key)
{
	for (size_t i = 0; i < N_SEEDS; i++)
		if (arts[i] && strcmp(arts[i]->doc->key, key) == 0)
			return arts[i];
	return NULL;
}

/* Does some sentence of the summary contain w? */
static int mentions(const marsad_summary_result *r, const char *w)
{
	for (size_t i = 0; i < r->n_sentences; i++)
		if (strstr(r->sentences[i].text, w))
			return 1;
	return 0;
}

static void check_summary(const marsad_summary_result *r,
			  marsad_article **arts)
{
	/* the analyst's reading: the talks, the exchange, Burns–Naryshkin,
	 * Lavrov */
	CHECK(r->n_sentences >= 3 && r->n_sentences <= 5);
	CHECK(mentions(r, "بيرنز"));
	CHECK(mentions(r, "ناريشكين"));
	CHECK(mentions(r, "لافروف"));
	CHECK(mentions(r, "تبادل"));
	CHECK(mentions(r, "محادثات"));

	for (size_t i = 0; i < r->n_sentences; i++) {
		const marsad_summary_sentence *x = &r->sentences[i];
		uint32_t *fx;
		size_t nx;
		CHECK(marsad_summary_fingerprint(x->text, strlen(x->text), &fx, &nx) == 0);
		/* nothing twice */
		for (size_t j = 0; j < i; j++) {
			const char *y = r->sentences[j].text;
			uint32_t *fy;
			size_t ny;
			CHECK(marsad_summary_fingerprint(y, strlen(y), &fy, &ny) == 0);
			CHECK(marsad_summary_similarity(fx, nx, fy, ny) < MARSAD_FP_COPY);
			free(fy);
		}
		/* no boilerplate, no question, no short line */
		CHECK(!strstr(x->text, "اقرأ") && !strstr(x->text, "©") &&
		      !strstr(x->text, "؟") && !strstr(x->text, "strong"));
		/* traceable: verbatim in its first article */
		CHECK(x->n_keys >= 1);
		const marsad_article *a = x->n_keys ? by_key(arts, x->keys[0]) : NULL;
		CHECK(a && strstr(a->doc->text, x->text));
		/* the Burns–Naryshkin passage is carried by 001 and 003 */
		if (strstr(x->text, "ناريشكين") && strstr(x->text, "عواقب")) {
			CHECK(x->n_keys == 2);
			CHECK_STR(x->keys[0], "003_f13009966aefca6f");
		}
		free(fx);
	}
	/* reading order: by the publication of the article shown */
	for (size_t i = 1; i < r->n_sentences; i++) {
		const marsad_article *p = by_key(arts, r->sentences[i - 1].keys[0]);
		const marsad_article *q = by_key(arts, r->sentences[i].keys[0]);
		CHECK(p && q && strcmp(p->doc->published, q->doc->published) <= 0);
	}
}

static void check_timeline(const marsad_summary_result *r)
{
	CHECK(r->n_timeline >= 5);
	if (!r->n_timeline)
		return;
	CHECK(strncmp(r->timeline[0].date, "2021-12", 7) == 0);
	CHECK(strncmp(r->timeline[r->n_timeline - 1].date, "2024-0", 6) == 0);
	size_t published = 0;
	for (size_t i = 0; i < r->n_timeline; i++) {
		const marsad_summary_point *p = &r->timeline[i];
		CHECK(i == 0 || strcmp(r->timeline[i - 1].date, p->date) <= 0);
		CHECK(p->key && p->n_keys >= 1 && p->text[0]);
		published += p->published;
		/* a date read from the text has its sentence */
		if (!p->published)
			CHECK(strlen(p->text) > 20);
	}
	/* every article's publication day is a point */
	CHECK(published == N_SEEDS);
	/* "أول أمس الثلاثاء" in 004 (Thursday 2021-12-09) is the 7th */
	CHECK_STR(r->timeline[0].date, "2021-12-07");
	CHECK(strstr(r->timeline[0].text, "أول أمس"));
	/* "في 21 أيلول/سبتمبر الماضي" in 003 */
	int sept = 0;
	for (size_t i = 0; i < r->n_timeline; i++)
		sept |= strcmp(r->timeline[i].date, "2022-09-21") == 0 &&
			strstr(r->timeline[i].text, "أيلول") != NULL;
	CHECK(sept);
}

static void check_cast(const marsad_summary_result *r)
{
	int burns = 0, griner = 0;
	for (size_t i = 0; i < r->n_cast; i++) {
		const marsad_summary_actor *a = &r->cast[i];
		CHECK(i == 0 || r->cast[i - 1].salience >= a->salience);
		if (strstr(a->name, "بيرنز")) {
			for (size_t v = 0; v < a->n_variants; v++)
				burns |= strcmp(a->variants[v], "بيل بيرنز") == 0;
			CHECK(a->outlets >= 2);
		}
		if (strstr(a->name, "بريتني"))
			griner = a->n_variants >= 3;
	}
	CHECK(burns);
	CHECK(griner);
	CHECK(r->n_quotes >= 3);
	for (size_t i = 0; i < r->n_quotes; i++)
		CHECK(r->quotes[i].speaker && r->quotes[i].speaker[0] &&
		      r->quotes[i].key);
}

/* Whether the JSON array holds keys[0, n) in order. */
static int same_keys(const json_t *a, const char *const *keys, size_t n)
{
	if (json_array_size(a) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *k = json_string_value(json_array_get(a, i));
		if (!k || strcmp(k, keys[i]) != 0)
			return 0;
	}
	return 1;
}

static void check_json(const marsad_summary_result *r)
{
	char *js;
	size_t len;
	CHECK(marsad_summary_json(r, &js, &len) == 0);
	json_error_t err;
	json_t *doc = js ? json_loadb(js, len, 0, &err) : NULL;
	CHECK(doc != NULL);
	CHECK(json_is_string(json_object_get(doc, "headline")));
	json_t *sum = json_object_get(doc, "summary");
	CHECK(json_array_size(sum) == r->n_sentences);
	CHECK(json_is_array(json_object_get(json_array_get(sum, 0), "keys")));
	json_t *tl = json_array_get(json_object_get(doc, "timeline"), 0);
	CHECK(json_is_string(json_object_get(tl, "date")) &&
	      json_is_string(json_object_get(tl, "text")) &&
	      json_is_string(json_object_get(tl, "key")));
	CHECK(json_array_size(json_object_get(doc, "cast")) == r->n_cast);
	/* every list of keys as the result has it (the object writes an
	 * article's key many times over, most as a copy of the last) */
	int same = 1;
	for (size_t i = 0; i < r->n_sentences; i++)
		same &= same_keys(json_object_get(json_array_get(sum, i), "keys"),
				  r->sentences[i].keys, r->sentences[i].n_keys);
	json_t *q = json_object_get(doc, "quotes");
	for (size_t i = 0; i < r->n_quotes; i++)
		same &= same_keys(json_object_get(json_array_get(q, i), "keys"),
				  r->quotes[i].keys, r->quotes[i].n_keys);
	CHECK(same && json_array_size(q) == r->n_quotes);
	json_decref(doc);
	free(js);

	marsad_buf b = MARSAD_BUF_INIT;
	CHECK(marsad_summary_render(r, &b) == 0);
	CHECK(b.data && strstr(b.data, r->headline) && strstr(b.data, "Timeline"));
	marsad_buf_clear(&b);
}

static void test_seeds(void)
{
	marsad_article *arts[N_SEEDS];
	for (size_t i = 0; i < N_SEEDS; i++) {
		arts[i] = seed_article(i);
		CHECK(arts[i] != NULL);
		if (!arts[i])
			return;
	}
	marsad_summary *s;
	CHECK(marsad_summary_new(NULL, &s) == 0);
	for (size_t i = 0; i < N_SEEDS; i++)
		CHECK(marsad_summary_add(s, arts[i]) == 0);
	CHECK(marsad_summary_count(s) == N_SEEDS);
	const marsad_summary_result *r, *again;
	CHECK(marsad_summary_get(s, &r) == 0);
	CHECK(marsad_summary_get(s, &again) == 0 && again == r);
	CHECK(r->n_articles == N_SEEDS);
	/* the headline is one of the titles */
	int is_title = 0;
	for (size_t i = 0; i < N_SEEDS; i++)
		is_title |= strcmp(arts[i]->doc->title, r->headline) == 0;
	CHECK(is_title);
	check_summary(r, arts);
	check_timeline(r);
	check_cast(r);
	check_json(r);

	/* the order of arrival does not change what is said */
	marsad_summary *t;
	CHECK(marsad_summary_new(NULL, &t) == 0);
	for (size_t i = N_SEEDS; i-- > 0;)
		CHECK(marsad_summary_add(t, arts[i]) == 0);
	const marsad_summary_result *u;
	CHECK(marsad_summary_get(t, &u) == 0);
	CHECK(u->n_sentences == r->n_sentences);
	for (size_t i = 0; i < r->n_sentences && i < u->n_sentences; i++)
		CHECK_STR(u->sentences[i].text, r->sentences[i].text);
	CHECK_STR(u->headline, r->headline);
	marsad_summary_free(t);

	/* incremental: a story grows article by article */
	marsad_summary *g;
	CHECK(marsad_summary_new(NULL, &g) == 0);
	CHECK(marsad_summary_add(g, arts[4]) == 0);
	CHECK(marsad_summary_get(g, &u) == 0);
	CHECK(u->n_articles == 1 && u->n_sentences >= 1);
	CHECK_STR(u->headline, arts[4]->doc->title);
	for (size_t i = 0; i < 4; i++)
		CHECK(marsad_summary_add(g, arts[i]) == 0);
	CHECK(marsad_summary_get(g, &u) == 0);
	CHECK(u->n_articles == N_SEEDS && u->n_sentences == r->n_sentences);
	marsad_summary_free(g);

	marsad_summary_free(s);
	for (size_t i = 0; i < N_SEEDS; i++)
		marsad_article_free(arts[i]);
}

/* ---- copies ------------------------------------------------------------------------ */

/* Whether keys[0, n) hold both key and "copy:" key. */
static int names_copy(const char *const *keys, size_t n, const char *key)
{
	char copy[512];
	snprintf(copy, sizeof copy, "copy:%s", key);
	int orig = 0, dup = 0;
	for (size_t i = 0; i < n; i++) {
		orig |= strcmp(keys[i], key) == 0;
		dup |= strcmp(keys[i], copy) == 0;
	}
	return orig && dup;
}

/* The seed articles, each followed by a copy under another key: every
 * sentence and quotation the story shows is then a group of copies (the
 * quotations found through the postings of their shingles, select.c),
 * which names the article it is shown from and that article's copy. */
static void test_copies(void)
{
	marsad_article *arts[2 * N_SEEDS];
	for (size_t i = 0; i < 2 * N_SEEDS; i++) {
		arts[i] = seed_article(i / 2);
		CHECK(arts[i] != NULL);
		if (!arts[i])
			return;
	}
	marsad_summary *s;
	CHECK(marsad_summary_new(NULL, &s) == 0);
	for (size_t i = 0; i < 2 * N_SEEDS; i++) {
		if (i % 2) {
			char copy[512];
			snprintf(copy, sizeof copy, "copy:%s", arts[i]->doc->key);
			free(arts[i]->doc->key);
			arts[i]->doc->key = strdup(copy);
		}
		CHECK(marsad_summary_add(s, arts[i]) == 0);
	}
	const marsad_summary_result *r;
	CHECK(marsad_summary_get(s, &r) == 0);
	CHECK(r->n_articles == 2 * N_SEEDS);
	CHECK(r->n_sentences >= 1 && r->n_quotes >= 3);
	for (size_t i = 0; i < r->n_sentences; i++)
		CHECK(names_copy(r->sentences[i].keys, r->sentences[i].n_keys,
				 r->sentences[i].keys[0]));
	for (size_t i = 0; i < r->n_quotes; i++)
		CHECK(names_copy(r->quotes[i].keys, r->quotes[i].n_keys,
				 r->quotes[i].key));
	marsad_summary_free(s);
	for (size_t i = 0; i < 2 * N_SEEDS; i++)
		marsad_article_free(arts[i]);
}

/* ---- what never enters a summary ------------------------------------------------- */

static marsad_article *outlet_article(const char *key, const char *outlet,
				      const char *text, const char *published)
{
	marsad_doc *d;
	marsad_read_error err;
	marsad_article *a;
	if (marsad_read_memory("txt", key, text, strlen(text), &d, &err) < 0)
		return NULL;
	free(d->key);
	d->key = strdup(key);
	free(d->outlet);
	d->outlet = outlet ? strdup(outlet) : NULL;
	d->published = published ? strdup(published) : NULL;
	return marsad_article_build(NULL, d, &a) == 0 ? a : NULL;
}

static marsad_article *text_article(const char *key, const char *text,
				    const char *published)
{
	return outlet_article(key, NULL, text, published);
}

/* The summary of article a alone (*s to free), NULL when it fails. */
static const marsad_summary_result *summary_of(const marsad_article *a,
					       marsad_summary **s)
{
	const marsad_summary_result *r = NULL;
	*s = NULL;
	if (!a || marsad_summary_new(NULL, s) < 0)
		return NULL;
	if (marsad_summary_add(*s, a) < 0 || marsad_summary_get(*s, &r) < 0)
		return NULL;
	return r;
}

static void test_exclusions(void)
{
	marsad_article *a = text_article(
		"a",
		"افتتاح مستشفى جديد في الرياض\n"
		"عمر عريبي- سبق- الرياض: افتتح وزير الصحة اليوم مستشفى جديدا "
		"في شمال الرياض بسعة خمسمئة سرير لخدمة سكان المنطقة.\n"
		"تفاصيل الافتتاح\n"
		"هل تعتقد أن المستشفى الجديد سيخفف الضغط عن مستشفيات المدينة؟\n"
		"وأوضح الوزير أن المستشفى يضم أقساما للطوارئ والعناية المركزة "
		"وجراحة القلب وأنه سيعمل على مدار الساعة.\n"
		"للتواصل مع المحرر اكتب إلى news@example.com أو زر موقعنا.\n",
		"2015-07-23");
	marsad_summary *s;
	const marsad_summary_result *r = summary_of(a, &s);
	CHECK(r != NULL);
	if (!r) {
		marsad_summary_free(s);
		marsad_article_free(a);
		return;
	}
	CHECK(r->n_sentences == 2);
	int byline = 0, question = 0, heading = 0, mail = 0, stripped = 0;
	for (size_t i = 0; i < r->n_sentences; i++) {
		const char *t = r->sentences[i].text;
		byline |= strstr(t, "عريبي") != NULL;
		stripped |= strncmp(t, "افتتح وزير الصحة", strlen("افتتح وزير الصحة")) == 0;
		question |= strstr(t, "هل تعتقد") != NULL;
		heading |= strcmp(t, "تفاصيل الافتتاح") == 0;
		mail |= strstr(t, "@") != NULL;
	}
	CHECK(!byline && stripped && !question && !heading && !mail);
	CHECK_STR(r->headline, "افتتاح مستشفى جديد في الرياض");
	/* the publication day, and "اليوم" in the text */
	CHECK(r->n_timeline >= 1 && strcmp(r->timeline[0].date, "2015-07-23") == 0);
	marsad_summary_free(s);
	marsad_article_free(a);
}

/* Site furniture (a breadcrumb, an address, ©) anywhere in a sentence,
 * its first or last bytes included, keeps it out; Latin words do not. */
static void test_furniture(void)
{
	marsad_article *a = text_article(
		"f",
		"افتتاح مستشفى جديد في الرياض\n"
		"افتتح وزير الصحة اليوم مستشفى جديدا في شمال الرياض بسعة "
		"خمسمئة سرير لخدمة سكان المنطقة.\n"
		"وللمزيد من الأخبار والصور عن المستشفى الجديد زوروا موقعنا "
		"http://example.com\n"
		"www.example.com موقع الصحيفة الرسمي لأخبار المستشفيات في "
		"المملكة.\n"
		"جميع الحقوق محفوظة لصحيفة الرياض اليومية ولا يجوز النقل © 2015.\n"
		"الرئيسية > أخبار محلية > افتتاح المستشفى الجديد في الرياض "
		"بحضور الوزير.\n"
		"وقال مقدم برنامج what show الشهير إن المستشفى يخدم مئات "
		"الآلاف من السكان.\n",
		"2015-07-23");
	marsad_summary *s;
	const marsad_summary_result *r = summary_of(a, &s);
	CHECK(r && r->n_sentences == 2);
	int latin = 0;
	for (size_t i = 0; r && i < r->n_sentences; i++) {
		const char *t = r->sentences[i].text;
		CHECK(!strstr(t, "http") && !strstr(t, "www.") &&
		      !strstr(t, "©") && !strstr(t, ">"));
		latin |= strstr(t, "what show") != NULL;
	}
	CHECK(latin);
	marsad_summary_free(s);
	marsad_article_free(a);

	/* the sign at every byte offset of a 16-byte block: after a number of
	 * 1 … 16 digits, and at the end of a sentence that long */
	for (int pad = 1; pad <= 16; pad++) {
		for (int at_end = 0; at_end < 2; at_end++) {
			char text[1024];
			snprintf(text, sizeof text,
				 "افتتاح مستشفى جديد في الرياض\n"
				 "افتتح وزير الصحة اليوم مستشفى جديدا في شمال "
				 "الرياض بسعة خمسمئة سرير لخدمة سكان المنطقة.\n"
				 "%.*s %s وزارة الصحة تعلن افتتاح مستشفى جديد "
				 "في الرياض%s.\n",
				 pad, "1234567890123456", at_end ? "" : "©",
				 at_end ? " ©" : "");
			a = text_article("p", text, "2015-07-23");
			r = summary_of(a, &s);
			CHECK(r && r->n_sentences == 1);
			marsad_summary_free(s);
			marsad_article_free(a);
		}
	}
}

/* A title that is its outlet's own name (written with a diacritic and a
 * colon here) never heads a story; the same words from another outlet
 * can. */
static void test_outlet_title(void)
{
	static const char body[] =
		"افتتح وزير الصحة اليوم مستشفى جديدا في شمال الرياض بسعة "
		"خمسمئة سرير لخدمة سكان المنطقة.\n";
	char text[512];
	snprintf(text, sizeof text, "صَحيفة الشرق الأوسط:\n%s", body);
	marsad_article *own = outlet_article("own", "صحيفة الشرق الأوسط", text,
					     "2015-07-23");
	marsad_article *other = outlet_article("other", "سبق", text,
					       "2015-07-23");
	marsad_summary *s;
	const marsad_summary_result *r = summary_of(own, &s);
	/* the story is headed by its sentence instead */
	CHECK(r && r->n_sentences == 1 &&
	      strcmp(r->headline, r->sentences[0].text) == 0);
	marsad_summary_free(s);
	r = summary_of(other, &s);
	CHECK(r && strcmp(r->headline, "صَحيفة الشرق الأوسط:") == 0);
	marsad_summary_free(s);
	marsad_article_free(own);
	marsad_article_free(other);
}

static void test_edges(void)
{
	marsad_summary *s;
	const marsad_summary_result *r;
	marsad_summary_opts o;
	marsad_summary_opts_init(&o);
	CHECK(o.max_sentences == 5 && o.max_words == 120);
	o.max_sentences = 0;
	CHECK(marsad_summary_new(&o, &s) == MARSAD_EINVAL && s == NULL);
	marsad_summary_opts_init(&o);
	o.copy_threshold = 1.5;
	CHECK(marsad_summary_new(&o, &s) == MARSAD_EINVAL);
	CHECK(marsad_summary_new(NULL, NULL) == MARSAD_EINVAL);
	marsad_summary_free(NULL);

	/* an empty story */
	CHECK(marsad_summary_new(NULL, &s) == 0);
	CHECK(marsad_summary_get(s, &r) == 0);
	CHECK(r->n_articles == 0 && r->n_sentences == 0 && r->n_timeline == 0 &&
	      strcmp(r->headline, "") == 0 && r->headline_key == NULL);
	CHECK(marsad_summary_add(s, NULL) == MARSAD_EINVAL);
	CHECK(marsad_summary_get(NULL, &r) == MARSAD_EINVAL);

	/* articles with nothing to say, an unknown date, a generic title */
	marsad_article *a = text_article("empty", "عاجل\n", NULL);
	marsad_article *b = text_article("ticker", "أخبار\n\nنص قصير.\n", NULL);
	CHECK(a && b);
	if (a && b) {
		CHECK(marsad_summary_add(s, a) == 0);
		CHECK(marsad_summary_add(s, b) == 0);
		CHECK(marsad_summary_get(s, &r) == 0);
		CHECK(r->n_articles == 2 && r->n_sentences == 0 && r->n_timeline == 0);
		/* a ticker name never heads a story */
		CHECK_STR(r->headline, "");
		/* a broken span is refused and changes nothing */
		CHECK(b->n_sentences > 0);
		if (b->n_sentences) {
			b->sentences[0].end = b->doc->text_len + 10;
			CHECK(marsad_summary_add(s, b) == MARSAD_EINVAL);
			CHECK(marsad_summary_count(s) == 2);
		}
	}
	marsad_article_free(a);
	marsad_article_free(b);
	marsad_summary_free(s);
}

/* Strings in the JSON: quotes, backslashes and control characters
 * escaped, UTF-8 of every length kept, an invalid byte (a lone
 * continuation, a lead byte cut short, an overlong form) U+FFFD. */
static void test_json_strings(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"", "\"\""},
		{"plain", "\"plain\""},
		{"\xd8\xae\xd8\xa8\xd8\xb1 \"q\" a\\b", "\"\xd8\xae\xd8\xa8\xd8\xb1 \\\"q\\\" a\\\\b\""},
		{"l1\nl2\tt\r\x01\x1f", "\"l1\\nl2\\tt\\r\\u0001\\u001F\""},
		{"\xe2\x80\x9c\xf0\x9f\x93\xb0", "\"\xe2\x80\x9c\xf0\x9f\x93\xb0\""},
		{"a\x80z", "\"a\xef\xbf\xbdz\""},
		{"\xd8", "\"\xef\xbf\xbd\""},
		{"\xd8z", "\"\xef\xbf\xbdz\""},
		{"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
		{"\xd9\x88\xe2\x80", "\"\xd9\x88\xef\xbf\xbd\xef\xbf\xbd\""},
		/* longer than 16 bytes: what a 16-byte step must stop at, at
		 * several offsets, and a letter across a step's edge */
		{"\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1", "\"\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1\""},
		{"\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1\"\xd8\xae\xd8\xa8\xd8\xb1", "\"\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1 \xd8\xae\xd8\xa8\xd8\xb1\\\"\xd8\xae\xd8\xa8\xd8\xb1\""},
		{"abcdefghijklmno\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1", "\"abcdefghijklmno\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\""},
		{"abcdefghijklmnop\xd8\xae\xd8\xa8\xd8\xb1\t\xd8\xae\xd8\xa8\xd8\xb1", "\"abcdefghijklmnop\xd8\xae\xd8\xa8\xd8\xb1\\t\xd8\xae\xd8\xa8\xd8\xb1\""},
		{"\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\xc1\xbf\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1", "\"\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\xef\xbf\xbd\xef\xbf\xbd\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\""},
		{"\xd8\xae\xd8\xa8\xd8\xb1z\xa8y\xd8\xae\xd8\xa8\xd8\xb1", "\"\xd8\xae\xd8\xa8\xd8\xb1z\xef\xbf\xbdy\xd8\xae\xd8\xa8\xd8\xb1\""},
		{"\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\xd8\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1", "\"\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\xef\xbf\xbd\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\""},
		{"\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\xe2\x80\x9c\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\\", "\"\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\xe2\x80\x9c\xd8\xae\xd8\xa8\xd8\xb1\xd8\xae\xd8\xa8\xd8\xb1\\\\\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		marsad_summary_result r;
		memset(&r, 0, sizeof r);
		r.headline = cases[i].in;
		char *js;
		size_t len;
		CHECK(marsad_summary_json(&r, &js, &len) == 0);
		if (!js)
			continue;
		const char *h = strstr(js, "\"headline\":");
		const char *end = strstr(js, ",\"headline_key\"");
		CHECK(h && end);
		if (h && end) {
			h += strlen("\"headline\":");
			char got[256] = {0};
			size_t n = (size_t)(end - h);
			memcpy(got, h, n < sizeof got - 1 ? n : sizeof got - 1);
			CHECK_STR(got, cases[i].out);
		}
		json_error_t err;
		json_t *doc = json_loadb(js, len, 0, &err);
		CHECK(doc != NULL);
		json_decref(doc);
		free(js);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* sm_sort_u32() sorts as qsort() does: every length up to a few hundred,
 * values drawn from a small and a large range (many and few repeats),
 * already sorted and reversed input. */
/* An element and its place before sorting. */
struct keyed {
	uint32_t key, at;
};

static int by_key_field(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void test_sort(void)
{
	static uint32_t v[400], w[400];
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	int ok = 1;
	for (size_t n = 0; n < 400; n++) {
		for (int kind = 0; kind < 4; kind++) {
			for (size_t i = 0; i < n; i++) {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				v[i] = kind == 0   ? (uint32_t)(seed % 5)
				       : kind == 1 ? (uint32_t)seed
				       : kind == 2 ? (uint32_t)i
						   : (uint32_t)(n - i);
			}
			memcpy(w, v, n * sizeof *v);
			sm_sort_u32(v, n);
			qsort(w, n, sizeof *w, cmp_u32);
			ok &= n == 0 || memcmp(v, w, n * sizeof *v) == 0;
		}
	}
	CHECK(ok);

	/* sm_sort(): stable, below and above the insertion sort's limit,
	 * of elements up to and past its size */
	ok = 1;
	for (size_t n = 0; n < 3 * SM_SORT_SMALL; n++) {
		struct big {
			uint32_t key, at;
			char pad[SM_SORT_SIZE];
		} big[3 * SM_SORT_SMALL];
		struct keyed k[3 * SM_SORT_SMALL];
		for (size_t i = 0; i < n; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			k[i] = (struct keyed){(uint32_t)(seed % 4), (uint32_t)i};
			big[i] = (struct big){k[i].key, (uint32_t)i, {0}};
		}
		sm_sort(k, n, sizeof *k, by_key_field);
		sm_sort(big, n, sizeof *big, by_key_field);
		for (size_t i = 1; i < n; i++) {
			ok &= k[i - 1].key < k[i].key ||
			      (k[i - 1].key == k[i].key &&
			       k[i - 1].at < k[i].at);
			ok &= big[i - 1].key <= big[i].key;
		}
	}
	CHECK(ok);
}

/* The overlap coefficient of two sets in any order, as a count pair by
 * pair gives it: sets of every size up to past the table on the stack,
 * overlapping by a part, either one the smaller. */
static void test_overlap(void)
{
	static uint32_t a[700], b[700];
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	int ok = 1;
	for (size_t na = 1; na < 700; na += 37)
		for (size_t nb = 1; nb < 700; nb += 53) {
			for (size_t i = 0; i < na; i++)
				a[i] = (uint32_t)(i * 2654435761u); /* distinct */
			for (size_t j = 0; j < nb; j++) {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				/* a third of b from a, the rest new */
				b[j] = seed % 3 == 0 ? a[seed % na]
						     : (uint32_t)(j * 2654435761u + 1);
			}
			size_t m = 0; /* b made distinct */
			for (size_t j = 0; j < nb; j++) {
				size_t k = 0;
				while (k < m && b[k] != b[j])
					k++;
				if (k == m)
					b[m++] = b[j];
			}
			size_t common = 0;
			for (size_t i = 0; i < na; i++)
				for (size_t j = 0; j < m; j++)
					common += a[i] == b[j];
			double want = (double)common / (double)(na < m ? na : m);
			ok &= sm_overlap(a, na, b, m) == want &&
			      marsad_summary_similarity(b, m, a, na) == want;
		}
	CHECK(ok);
	CHECK(sm_overlap(a, 0, b, 3) == 0 && sm_overlap(NULL, 3, b, 3) == 0);
}

/* sm_shingles() gives the distinct window hashes, in any order: term runs
 * of every length up to a few hundred (below and above what its table on
 * the stack holds), of distinct terms and of a few repeated ones. */
static void test_shingles(void)
{
	static uint32_t terms[400], want[400];
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	int ok = 1;
	for (size_t n = MARSAD_LINK_SHINGLE; n < 400; n++) {
		for (int kind = 0; kind < 2; kind++) {
			for (size_t i = 0; i < n; i++) {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				terms[i] = kind == 0 ? (uint32_t)seed
						     : (uint32_t)(seed % 3);
			}
			size_t count = n - MARSAD_LINK_SHINGLE + 1, m = 0;
			for (size_t i = 0; i < count; i++)
				want[i] = marsad_link_shingle_hash(terms + i);
			qsort(want, count, sizeof *want, cmp_u32);
			for (size_t i = 0; i < count; i++)
				if (m == 0 || want[i] != want[m - 1])
					want[m++] = want[i];
			/* appended after what the array holds */
			uint32_t *fp = NULL;
			size_t nfp = 0, cap = 0;
			ok &= sm_shingles(terms, 1, &fp, &nfp, &cap) == 0 &&
			      nfp == 1;
			ok &= sm_shingles(terms, n, &fp, &nfp, &cap) == 0 &&
			      nfp == 1 + m;
			/* the same set, each once, in whatever order */
			if (nfp == 1 + m)
				qsort(fp + 1, m, sizeof *fp, cmp_u32);
			ok &= nfp == 1 + m &&
			      memcmp(fp + 1, want, m * sizeof *want) == 0;
			free(fp);
		}
	}
	CHECK(ok);
}

int main(void)
{
	test_sort();
	test_overlap();
	test_shingles();
	test_rouge();
	test_fingerprint();
	test_seeds();
	test_copies();
	test_exclusions();
	test_furniture();
	test_outlet_title();
	test_edges();
	test_json_strings();
	CHECK_DONE();
}
