/*
 * test_link.c — linking: the passages the seed articles 001 and 003 share
 * (the Burns–Naryshkin paragraph and the Griner/Whelan sentence, with
 * their spelling variants) are found, source first; the five seeds are one
 * topic; wire copies with an agency credit point back to the agency;
 * a title that many articles hold is no copied passage;
 * two reports of one event are one story and another event is not; story
 * ids survive a later article; reports worded apart join by average link
 * across outlets, and a roundup does not chain two stories; explanations;
 * saving to and loading from a store; linking in two ingests equals
 * linking in one, the second reading the first's rows back without
 * analyzing any stored text, and a row it cannot read falls back to the
 * stored texts; bad input.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "marsad/article.h"
#include "marsad/link.h"
#include "marsad/read.h"
#include "marsad/store.h"
#include "marsad/text.h"

/* Adds an article built from fields (published may be NULL); returns its
 * id, or (size_t)-1 when the article stage refuses it. */
static size_t add(marsad_linker *l, const char *key, const char *outlet,
		  const char *published, const char *title, const char *text)
{
	marsad_doc *d = calloc(1, sizeof *d);
	d->key = strdup(key);
	d->title = strdup(title);
	d->text = strdup(text);
	d->text_len = strlen(text);
	d->outlet = outlet ? strdup(outlet) : NULL;
	d->published = published ? strdup(published) : NULL;
	marsad_article *a;
	size_t id = (size_t)-1;
	if (marsad_article_build(NULL, d, &a) == 0) {
		CHECK(marsad_linker_add(l, a, &id) == 0);
		marsad_article_free(a);
	}
	return id;
}

/* Does s[0, n) contain the NUL-terminated string w? */
static int has(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(s + i, w, m) == 0)
			return 1;
	return 0;
}

static size_t find_key(const marsad_linker *l, const char *prefix)
{
	for (size_t i = 0; i < marsad_linker_count(l); i++)
		if (strncmp(marsad_linker_key(l, i), prefix, strlen(prefix)) == 0)
			return i;
	return (size_t)-1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = 0;
	fclose(f);
	return s;
}

static void test_seeds(void)
{
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	marsad_reader *r;
	marsad_read_error err;
	CHECK(marsad_reader_open("../samples", &r, &err) == 0);
	marsad_doc *doc;
	int k;
	while ((k = marsad_reader_next(r, &doc, &err)) != 0) {
		if (k < 0)
			continue;
		marsad_article *a;
		CHECK(marsad_article_build(NULL, doc, &a) == 0);
		CHECK(marsad_linker_add(l, a, NULL) == 0);
		marsad_article_free(a);
	}
	marsad_reader_close(r);
	CHECK(marsad_linker_count(l) == 5);
	CHECK(marsad_linker_settle(l) == 0);

	size_t a1 = find_key(l, "001_"), a3 = find_key(l, "003_");
	CHECK(a1 < 5 && a3 < 5);
	char *t1 = slurp("../samples/001_6f70dd8932d5d552.txt");
	char *t3 = slurp("../samples/003_f13009966aefca6f.txt");
	CHECK(t1 && t3);
	/* The spans are in the cleaned texts; rebuild them the same way. */
	marsad_doc *d1, *d3;
	marsad_article *c1 = NULL, *c3 = NULL;
	CHECK(marsad_read_memory("txt", "001_6f70dd8932d5d552.txt", t1,
				 strlen(t1), &d1, &err) == 0);
	CHECK(marsad_read_memory("txt", "003_f13009966aefca6f.txt", t3,
				 strlen(t3), &d3, &err) == 0);
	CHECK(marsad_article_build(NULL, d1, &c1) == 0);
	CHECK(marsad_article_build(NULL, d3, &c3) == 0);
	size_t n;
	const marsad_copy *cp = marsad_linker_copies(l, &n);
	int nuclear = 0, griner = 0;
	for (size_t i = 0; c1 && c3 && i < n; i++) {
		if (!((cp[i].from == a1 && cp[i].to == a3) ||
		      (cp[i].from == a3 && cp[i].to == a1)))
			continue;
		/* times unknown, neither an agency: the one seen first */
		CHECK(cp[i].from == a1);
		const char *s1 = c1->doc->text + cp[i].from_start;
		size_t n1 = cp[i].from_end - cp[i].from_start;
		const char *s3 = c3->doc->text + cp[i].to_start;
		size_t n3 = cp[i].to_end - cp[i].to_start;
		if (has(s1, n1, "عواقب استخدام روسيا أسلحة نووية") &&
		    has(s3, n3, "عواقب استخدام روسيا أسلحة نووية"))
			nuclear = 1;
		/* غراينير in 001, غرينير in 003; الأمريكيين / الأميركيين */
		if (has(s1, n1, "الأمريكيين المعتقلين") &&
		    has(s3, n3, "الأميركيين المعتقلين") &&
		    has(s1, n1, "بريتني غراينير والعسكري السابق بول ويلان") &&
		    has(s3, n3, "بريتني غرينير والعسكري السابق بول ويلان"))
			griner = 1;
	}
	CHECK(nuclear);
	CHECK(griner);

	/* One long-running topic, with reasons. */
	const marsad_story *st = marsad_linker_stories(l, &n);
	CHECK(n >= 1);
	for (size_t i = 0; i < n; i++)
		CHECK(st[i].topic == st[0].topic);
	size_t nl;
	const marsad_topic_link *tl = marsad_linker_topic_links(l, &nl);
	CHECK(nl >= 4);
	for (size_t i = 0; i < nl; i++)
		CHECK(tl[i].reason && tl[i].reason[0]);

	/* Why 001 and 003 are linked: shared names and the copies. */
	char *js;
	CHECK(marsad_linker_why(l, a1, a3, &js, NULL) == 0);
	json_t *w = json_loads(js, 0, NULL);
	CHECK(w != NULL);
	CHECK(json_array_size(json_object_get(w, "copies")) >= 1);
	CHECK(json_array_size(json_object_get(w, "shared_terms")) >= 1);
	CHECK(json_is_null(json_object_get(w, "hours_apart")));
	json_decref(w);
	free(js);
	free(t1);
	free(t3);
	marsad_article_free(c1);
	marsad_article_free(c3);
	marsad_linker_free(l);
}

/* A wire story, an outlet's copy of it crediting the agency (published
 * earlier by the crawl clock), an unrelated event of the same topic. */
static const char wire[] =
	"استقبل أمير منطقة الجوف الأمير فهد بن بدر بن عبدالعزيز في مكتبه "
	"بمقر الإمارة اليوم رئيس وأعضاء مجلس إدارة الغرفة التجارية الصناعية "
	"بالجوف الذين قدموا للسلام عليه وتهنئته بعيد الفطر المبارك، واطلع "
	"سموه على خطط الغرفة لدعم المشروعات الصغيرة في مدن ومحافظات المنطقة "
	"خلال العام المقبل.\n";
static const char other[] =
	"أعلنت وزارة الصحة تسجيل حالات جديدة من فيروس كورونا في مدينة "
	"الرياض، وقال المتحدث باسم الوزارة إن الفرق الطبية تتابع المخالطين "
	"في المستشفيات الحكومية والخاصة وإن الوضع تحت السيطرة.\n";

static void test_wire(void)
{
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	size_t copy_text_len = sizeof wire + 64;
	char *copy_text = malloc(copy_text_len);
	snprintf(copy_text, copy_text_len, "%s(واس)\n", wire);
	size_t b = add(l, "paper-1", "alyaum", "2015-07-23T10:00:00Z",
		       "أمير الجوف يستقبل رئيس الغرفة التجارية", copy_text);
	size_t a = add(l, "was-1", "was", "2015-07-23T11:00:00Z",
		       "أمير الجوف يستقبل رئيس وأعضاء الغرفة التجارية", wire);
	size_t c = add(l, "paper-2", "okaz", "2015-07-23T12:00:00Z",
		       "تسجيل حالات كورونا جديدة في الرياض", other);
	CHECK(marsad_linker_settle(l) == 0);
	size_t n;
	const marsad_copy *cp = marsad_linker_copies(l, &n);
	CHECK(n >= 1);
	for (size_t i = 0; i < n; i++) {
		CHECK(cp[i].from == a && cp[i].to == b);
		CHECK(cp[i].whole);
		CHECK(cp[i].credit && strcmp(cp[i].credit, "واس") == 0);
	}
	CHECK(marsad_linker_story_of(l, a) == marsad_linker_story_of(l, b));
	CHECK(marsad_linker_story_of(l, a) != marsad_linker_story_of(l, c));
	double sim;
	CHECK(marsad_linker_similarity(l, a, b, &sim) == 0 && sim > 0.8);
	CHECK(marsad_linker_similarity(l, a, c, &sim) == 0 && sim < 0.1);
	CHECK(marsad_linker_similarity(l, a, 99, &sim) == MARSAD_EINVAL);

	/* Story ids are stable: a later report joins the existing story and
	 * a later unrelated article gets a new id. */
	int64_t before = marsad_linker_story_of(l, a);
	size_t d = add(l, "paper-3", "alriyadh", "2015-07-24T08:00:00Z",
		       "أمير الجوف يستقبل الغرفة التجارية", wire);
	size_t e = add(l, "paper-4", "sabq", "2015-07-24T09:00:00Z",
		       "مباراة ودية للهلال في لندن",
		       "يلعب فريق الهلال مباراة ودية استعدادا للموسم الجديد "
		       "في العاصمة البريطانية لندن الأسبوع المقبل.");
	CHECK(marsad_linker_settle(l) == 0);
	CHECK(marsad_linker_story_of(l, a) == before);
	CHECK(marsad_linker_story_of(l, d) == before);
	CHECK(marsad_linker_story_of(l, e) != before);
	/* Outside the time window: not the same story. */
	size_t f = add(l, "paper-5", "alriyadh", "2016-01-01T08:00:00Z",
		       "أمير الجوف يستقبل الغرفة التجارية", wire);
	CHECK(marsad_linker_settle(l) == 0);
	CHECK(marsad_linker_story_of(l, f) != before);
	free(copy_text);
	marsad_linker_free(l);
}


/* A stock phrase: an official's title, as hundreds of reports write it. */
static const char title_formula[] =
	"صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب "
	"رئيس مجلس الوزراء وزير الداخلية رئيس مجلس الشؤون السياسية والأمنية";

/* Words of article k that no other article holds: three letters each
 * (none of them an affix the stemmer would take), from k and the word's
 * place, separated by spaces, a full stop after every eighth. */
static void own_words(char *out, size_t cap, unsigned k, unsigned n)
{
	static const char *const letter[] = {
		"ج", "ح", "خ", "د", "ذ", "ر", "ز", "ش",
		"ص", "ض", "ط", "ظ", "ع", "غ", "ق",
	};
	size_t used = 0;
	out[0] = 0;
	for (unsigned w = 0; w < n; w++) {
		unsigned x = k * n + w;
		used += (size_t)snprintf(out + used, cap - used, "%s%s%s%s ",
					 letter[x / 225 % 15],
					 letter[x / 15 % 15], letter[x % 15],
					 w % 8 == 7 ? "." : "");
	}
}

/* Into text (8 KB): the wire report between words of article k's own
 * and k + 1's, and the title, before them (title_first) or after. */
static void wire_with_title(char *text, unsigned k, int title_first)
{
	char own[512], own2[512];
	own_words(own, sizeof own, k, 24);
	own_words(own2, sizeof own2, k + 1, 24);
	if (title_first)
		snprintf(text, 8192, "استقبل %s اليوم\n%s\n%s\n%s\n",
			 title_formula, own, wire, own2);
	else
		snprintf(text, 8192, "%s\n%s\n%s\nوكان قد استقبل %s أمس\n",
			 own, wire, own2, title_formula);
}

/*
 * A shingle many articles hold is no evidence of copying: two articles
 * that share a passage and, elsewhere, the title of an official that
 * more than 64 other articles carry are a copy of the passage only, and
 * articles that share nothing but the title are no copy at all.
 */
static void test_stock_phrase(void)
{
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	char key[32], own[512], text[8192];
	for (unsigned k = 0; k < 80; k++) {
		own_words(own, sizeof own, k, 24);
		snprintf(key, sizeof key, "formula-%u", k);
		snprintf(text, sizeof text, "استقبل %s اليوم %s\n",
			 title_formula, own);
		add(l, key, k % 2 ? "alyaum" : "okaz", "2015-07-23T10:00:00Z",
		    "استقبال", text);
	}
	size_t n_before;
	marsad_linker_copies(l, &n_before);
	wire_with_title(text, 100, 1);
	size_t a = add(l, "first", "was", "2015-07-24T10:00:00Z",
		       "أمير الجوف يستقبل الغرفة التجارية", text);
	wire_with_title(text, 102, 0);
	size_t b = add(l, "second", "alriyadh", "2015-07-24T11:00:00Z",
		       "أمير الجوف يستقبل الغرفة التجارية", text);
	size_t n;
	const marsad_copy *cp = marsad_linker_copies(l, &n);
	int passage = 0;
	for (size_t i = n_before; i < n; i++) {
		/* no copy but between the two */
		CHECK(cp[i].from == a && cp[i].to == b);
		const char *to = text + cp[i].to_start;
		size_t len = cp[i].to_end - cp[i].to_start;
		CHECK(!has(to, len, "نايف"));
		passage |= has(to, len, "الغرفة التجارية");
	}
	CHECK(passage);
	marsad_linker_free(l);
}

/* Two reports of one event worded apart (the Jouf emir receiving the
 * chamber of commerce). */
static const char report_a[] =
	"استقبل أمير منطقة الجوف الأمير فهد بن بدر في مكتبه رئيس وأعضاء "
	"مجلس إدارة الغرفة التجارية بالجوف، واطلع على خطط الغرفة لدعم "
	"المشروعات الصغيرة في محافظات المنطقة.\n";
static const char report_b[] =
	"التقى الأمير فهد بن بدر أمير الجوف أعضاء الغرفة التجارية الذين "
	"هنأوه بعيد الفطر، وأكد حرص الإمارة على تشجيع الشباب على إقامة "
	"المشروعات الصغيرة.\n";

/* Similarity of the two reports, and whether a linker with story
 * threshold `threshold` puts them in one story (outlets as given). */
static int one_story(double threshold, const char *outlet_b, double *sim)
{
	marsad_link_opts o;
	marsad_link_opts_init(&o);
	if (threshold > 0)
		o.story_threshold = threshold;
	marsad_linker *l;
	CHECK(marsad_linker_new(&o, &l) == 0);
	size_t a = add(l, "r-a", "alyaum", "2015-07-23T10:00:00Z",
		       "أمير الجوف يستقبل الغرفة التجارية", report_a);
	size_t b = add(l, "r-b", outlet_b, "2015-07-23T12:00:00Z",
		       "فهد بن بدر يلتقي أعضاء غرفة الجوف", report_b);
	add(l, "r-c", "okaz", "2015-07-23T12:00:00Z",
	    "تسجيل حالات كورونا جديدة في الرياض", other);
	CHECK(marsad_linker_settle(l) == 0);
	CHECK(marsad_linker_similarity(l, a, b, sim) == 0);
	int same = marsad_linker_story_of(l, a) == marsad_linker_story_of(l, b);
	marsad_linker_free(l);
	return same;
}

/*
 * How stories join (story.c): two reports worded apart whose cosine is
 * below the story threshold but at least 0.8 of it join when they come
 * from two outlets, not from one, nor when it is further below; a roundup
 * close to two stories joins one of them, not both; a chain of reports
 * does not stretch a story past the time window.
 */
static void test_story_rules(void)
{
	double s;
	one_story(0, "sabq", &s);
	CHECK(s > 0.2 && s < 0.6);
	double sim;
	CHECK(one_story(s / 0.9, "sabq", &sim));
	CHECK(!one_story(s / 0.9, "alyaum", &sim));
	CHECK(!one_story(s / 0.7, "sabq", &sim));

	/* four copies of one event, three of another, and a roundup of
	 * both: close enough to each to join it by a single link */
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	static const char *outlets[] = {"alyaum", "okaz", "sabq", "alriyadh"};
	size_t x[4], y[3];
	char key[16];
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "x%d", i);
		x[i] = add(l, key, outlets[i], "2015-07-23T10:00:00Z",
			   "أمير الجوف يستقبل الغرفة التجارية", wire);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "y%d", i);
		y[i] = add(l, key, outlets[i], "2015-07-23T11:00:00Z",
			   "تسجيل حالات كورونا جديدة في الرياض", other);
	}
	char both[sizeof wire + sizeof other];
	snprintf(both, sizeof both, "%s%s", wire, other);
	size_t r = add(l, "roundup", "almadina", "2015-07-23T12:00:00Z",
		       "أخبار المناطق", both);
	CHECK(marsad_linker_settle(l) == 0);
	double sx, sy;
	CHECK(marsad_linker_similarity(l, r, x[0], &sx) == 0 && sx >= 0.375);
	CHECK(marsad_linker_similarity(l, r, y[0], &sy) == 0 && sy >= 0.375);
	int64_t sr = marsad_linker_story_of(l, r);
	int64_t s_x = marsad_linker_story_of(l, x[0]);
	int64_t s_y = marsad_linker_story_of(l, y[0]);
	CHECK(s_x != s_y);
	CHECK(sr == s_x || sr == s_y);
	for (int i = 1; i < 4; i++)
		CHECK(marsad_linker_story_of(l, x[i]) == s_x);
	for (int i = 1; i < 3; i++)
		CHECK(marsad_linker_story_of(l, y[i]) == s_y);
	marsad_linker_free(l);

	/* one text on days 0, 3 and 6: each pair of neighbours lies within
	 * the 4-day window, but a story never spans more than it; the one
	 * undated copy may join either */
	CHECK(marsad_linker_new(NULL, &l) == 0);
	static const char *days[] = {"2015-07-20T10:00:00Z",
				     "2015-07-23T10:00:00Z",
				     "2015-07-26T10:00:00Z", NULL};
	size_t z[4];
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "z%d", i);
		z[i] = add(l, key, outlets[i], days[i],
			   "أمير الجوف يستقبل الغرفة التجارية", wire);
	}
	CHECK(marsad_linker_settle(l) == 0);
	int64_t s0 = marsad_linker_story_of(l, z[0]);
	int64_t s1 = marsad_linker_story_of(l, z[1]);
	int64_t s2 = marsad_linker_story_of(l, z[2]);
	CHECK(s0 != s2);
	CHECK(s1 == s0 || s1 == s2);
	int64_t s3 = marsad_linker_story_of(l, z[3]);
	CHECK(s3 == s0 || s3 == s2);
	marsad_linker_free(l);
}

static int64_t count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_store(void)
{
	marsad_store *s;
	CHECK(marsad_store_open(":memory:", &s) == 0);
	marsad_linker *l;
	CHECK(marsad_linker_new(NULL, &l) == 0);
	const char *keys[] = {"w1", "w2", "w3"};
	const char *texts[] = {wire, wire, other};
	for (int i = 0; i < 3; i++) {
		marsad_doc *d = calloc(1, sizeof *d);
		d->key = strdup(keys[i]);
		d->title = strdup(i < 2 ? "أمير الجوف يستقبل الغرفة التجارية"
					: "كورونا في الرياض");
		d->text = strdup(texts[i]);
		d->text_len = strlen(texts[i]);
		d->published = strdup(i ? "2015-07-24" : "2015-07-23");
		marsad_article *a;
		marsad_store_result res;
		CHECK(marsad_article_build(NULL, d, &a) == 0);
		CHECK(marsad_store_put(s, a, &res) == 0);
		CHECK(marsad_linker_add(l, a, NULL) == 0);
		marsad_article_free(a);
	}
	CHECK(marsad_linker_settle(l) == 0);
	CHECK(marsad_link_save(l, s) == 0);
	sqlite3 *db = marsad_store_db(s);
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(db,
		"SELECT (SELECT COUNT(*) FROM stories),"
		" (SELECT COUNT(*) FROM story_articles),"
		" (SELECT COUNT(*) FROM copies),"
		" (SELECT COUNT(*) FROM link_copy_notes WHERE whole = 1)",
		-1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK(sqlite3_column_int(st, 0) == 2);
	CHECK(sqlite3_column_int(st, 1) == 3);
	CHECK(sqlite3_column_int(st, 2) >= 1);
	CHECK(sqlite3_column_int(st, 3) >= 1);
	sqlite3_finalize(st);
	int64_t story = marsad_linker_story_of(l, 0);
	marsad_linker_free(l);

	/* Linked complete: an ingest that adds nothing needs no linker. */
	int pending;
	CHECK(marsad_link_pending(s, &pending) == 0 && pending == 0);

	/* Reloaded: the same stories under the same ids; saving again
	 * replaces rather than duplicates. */
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_linker_count(l) == 3);
	CHECK(marsad_linker_story_of(l, 0) == story);
	CHECK(marsad_linker_story_of(l, 1) == story);
	CHECK(marsad_link_save(l, s) == 0);
	CHECK(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM story_articles",
				 -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 3);
	sqlite3_finalize(st);
	marsad_linker_free(l);

	/* The last article without its story (an ingest killed between its
	 * rows and its stories), or without its row: links are pending. */
	CHECK(sqlite3_exec(db, "SAVEPOINT t; DELETE FROM story_articles WHERE"
			       " article_id = (SELECT max(id) FROM articles)",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(marsad_link_pending(s, &pending) == 0 && pending == 1);
	CHECK(sqlite3_exec(db, "ROLLBACK TO t; DELETE FROM link_articles WHERE"
			       " article_id = (SELECT max(id) FROM articles)",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(marsad_link_pending(s, &pending) == 0 && pending == 1);
	CHECK(sqlite3_exec(db, "ROLLBACK TO t; RELEASE t", NULL, NULL,
			   NULL) == SQLITE_OK);
	CHECK(marsad_link_pending(s, &pending) == 0 && pending == 0);

	/* Rows are read back as they are while this analyzer made them (the
	 * words, spoilt here, stay), and made again from the texts when
	 * another one did. */
	int64_t v;
	CHECK(marsad_store_meta_get(s, "link.analyzer", &v) == 0 &&
	      (uint64_t)v == marsad_analyzer_version());
	const char *spoilt = "SELECT count(*) FROM link_terms WHERE word "
			     "LIKE 'spoilt%'";
	CHECK(sqlite3_exec(db, "UPDATE link_terms SET word = 'spoilt' || id",
			   NULL, NULL, NULL) == SQLITE_OK);
	int64_t n_terms = count(db, "SELECT count(*) FROM link_terms");
	CHECK(n_terms > 10 && count(db, spoilt) == n_terms);
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_link_save(l, s) == 0);
	marsad_linker_free(l);
	CHECK(count(db, spoilt) == n_terms);
	CHECK(marsad_store_meta_set(s, "link.analyzer", 1) == 0);
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_linker_story_of(l, 0) == story);
	CHECK(marsad_link_save(l, s) == 0);
	marsad_linker_free(l);
	CHECK(count(db, spoilt) == 0);
	CHECK(marsad_store_meta_get(s, "link.analyzer", &v) == 0 &&
	      (uint64_t)v == marsad_analyzer_version());
	marsad_store_close(s);
}

/* The articles of the incremental test: the five samples, two wire
 * copies of one event and an unrelated one. */
#define N_INC 8
static marsad_article *inc[N_INC];

static void build_inc(void)
{
	marsad_reader *r;
	marsad_read_error err;
	size_t n = 0;
	CHECK(marsad_reader_open("../samples", &r, &err) == 0);
	marsad_doc *doc;
	int k;
	while ((k = marsad_reader_next(r, &doc, &err)) != 0 && n < 5)
		if (k > 0)
			CHECK(marsad_article_build(NULL, doc, &inc[n++]) == 0);
	marsad_reader_close(r);
	CHECK(n == 5);
	const char *texts[] = {wire, wire, other};
	const char *keys[] = {"w1", "w2", "w3"};
	for (int i = 0; i < 3; i++) {
		marsad_doc *d = calloc(1, sizeof *d);
		d->key = strdup(keys[i]);
		d->title = strdup(i < 2 ? "أمير الجوف يستقبل الغرفة التجارية"
					: "كورونا في الرياض");
		/* U+FDFA, one written sign read as several words on one
		 * span, leads the first wire copy (read back from its row
		 * below) */
		char *t = malloc(strlen(texts[i]) + 32);
		sprintf(t, "%s%s", i == 0 ? "قال الرسول \xef\xb7\xba " : "",
			texts[i]);
		d->text = t;
		d->text_len = strlen(t);
		d->outlet = strdup(i == 0 ? "was" : "okaz");
		d->published = strdup(i ? "2015-07-24" : "2015-07-23");
		CHECK(marsad_article_build(NULL, d, &inc[5 + i]) == 0);
	}
}

/* Stores articles [from, to) and adds them to l, prepared apart as
 * ingest does, committing them with their rows. */
static void store_and_add(marsad_store *s, marsad_linker *l, size_t from,
			  size_t to)
{
	CHECK(marsad_store_begin(s) == 0);
	for (size_t i = from; i < to; i++) {
		marsad_store_result res;
		marsad_link_input *in;
		CHECK(marsad_store_put(s, inc[i], &res) == 0);
		CHECK(res == MARSAD_STORE_ADDED);
		CHECK(marsad_link_prepare(inc[i], &in) == 0);
		CHECK(marsad_linker_add_prepared(l, in, NULL) == 0);
	}
	CHECK(marsad_link_save_added(l, s) == 0);
	CHECK(marsad_store_commit(s) == 0);
}

/* store_and_add, then settles and saves. */
static void ingest(marsad_store *s, marsad_linker *l, size_t from, size_t to)
{
	store_and_add(s, l, from, to);
	CHECK(marsad_linker_settle(l) == 0);
	CHECK(marsad_link_save(l, s) == 0);
}

/* Do two linkers over the same articles (same order) agree on stories,
 * copies and similarities? */
static int same_links(const marsad_linker *a, const marsad_linker *b)
{
	size_t n = marsad_linker_count(a), na, nb;
	int ok = n == marsad_linker_count(b);
	for (size_t i = 0; ok && i < n; i++) {
		ok = strcmp(marsad_linker_key(a, i), marsad_linker_key(b, i)) == 0;
		for (size_t j = 0; ok && j < n; j++) {
			double x, y;
			marsad_linker_similarity(a, i, j, &x);
			marsad_linker_similarity(b, i, j, &y);
			ok = (marsad_linker_story_of(a, i) ==
			      marsad_linker_story_of(a, j)) ==
				     (marsad_linker_story_of(b, i) ==
				      marsad_linker_story_of(b, j)) &&
			     x - y < 1e-3 && y - x < 1e-3;
		}
	}
	const marsad_copy *ca = marsad_linker_copies(a, &na);
	const marsad_copy *cb = marsad_linker_copies(b, &nb);
	ok = ok && na == nb;
	for (size_t k = 0; ok && k < na; k++)
		ok = ca[k].from == cb[k].from && ca[k].to == cb[k].to &&
		     ca[k].from_start == cb[k].from_start &&
		     ca[k].to_end == cb[k].to_end && ca[k].whole == cb[k].whole;
	return ok;
}

static void test_incremental(void)
{
	build_inc();
	marsad_linker *one;
	CHECK(marsad_linker_new(NULL, &one) == 0);
	for (size_t i = 0; i < N_INC; i++)
		CHECK(marsad_linker_add(one, inc[i], NULL) == 0);
	CHECK(marsad_linker_settle(one) == 0);

	/* First ingest: the samples and the first wire copy. */
	marsad_store *s;
	CHECK(marsad_store_open(":memory:", &s) == 0);
	sqlite3 *db = marsad_store_db(s);
	marsad_linker *l;
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_linker_count(l) == 0);
	ingest(s, l, 0, 6);
	int64_t seed_story = marsad_linker_story_of(l, 0);
	marsad_linker_free(l);
	CHECK(count(db, "SELECT count(*) FROM link_articles") == 6);

	/* The second reads the rows back: emptying the stored texts changes
	 * nothing (nothing is analyzed again). */
	CHECK(sqlite3_exec(db, "UPDATE articles SET text = ''", NULL, NULL,
			   NULL) == SQLITE_OK);
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_linker_count(l) == 6);
	CHECK(marsad_linker_story_of(l, 0) == seed_story);
	ingest(s, l, 6, N_INC);
	CHECK(same_links(one, l));
	CHECK(marsad_linker_story_of(l, 0) == seed_story);
	size_t n_copies;
	marsad_linker_copies(l, &n_copies);
	CHECK(count(db, "SELECT count(*) FROM copies") == (int64_t)n_copies);
	CHECK(count(db, "SELECT count(*) FROM story_articles") == N_INC);
	CHECK(count(db, "SELECT count(*) FROM link_articles") == N_INC);
	/* the two wire copies are one story, saved as such */
	CHECK(count(db, "SELECT count(DISTINCT story_id) FROM story_articles s"
			" JOIN articles a ON a.id = s.article_id"
			" WHERE a.key IN ('w1', 'w2')") == 1);
	/* topic ids are story ids: each topic row is its first story's */
	CHECK(count(db, "SELECT count(*) FROM topics t WHERE NOT EXISTS"
			" (SELECT 1 FROM stories s WHERE s.id = t.id"
			"  AND s.topic_id = t.id)") == 0);
	marsad_linker_free(l);

	/* A row that cannot be read: the linker is rebuilt from the texts
	 * (empty now, so the samples' copies are gone), and saving rewrites
	 * every row. */
	CHECK(sqlite3_exec(db, "UPDATE link_articles SET data = x'05ff'"
			       " WHERE article_id = 1", NULL, NULL,
			   NULL) == SQLITE_OK);
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_linker_count(l) == N_INC);
	CHECK(marsad_link_save(l, s) == 0);
	marsad_linker_free(l);
	CHECK(count(db, "SELECT count(*) FROM link_articles WHERE"
			" length(data) > 2") == N_INC);
	CHECK(marsad_link_load(s, NULL, &l) == 0);
	CHECK(marsad_linker_count(l) == N_INC);
	marsad_linker_free(l);

	marsad_store_close(s);
	marsad_linker_free(one);
	for (size_t i = 0; i < N_INC; i++)
		marsad_article_free(inc[i]);
}

/* The first column of the first row of sql, as text (free it). */
static char *text_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *t = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		t = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return t;
}

/* Settled and saved in halves, the stories first (ingest summarizes them
 * while the topics settle): the same stories and topics as settled and
 * saved at once; a store left between the two saves is pending, and
 * loading it settles it again. */
static void test_halves(void)
{
	static const char *const tables =
		"SELECT (SELECT group_concat(x, '|') FROM (SELECT id || ','"
		" || ifnull(topic_id, '-') || ',' || headline AS x FROM stories"
		" ORDER BY id)) || '#' || (SELECT group_concat(id || label, '|')"
		" FROM topics) || '#' || (SELECT group_concat(story_id || ','"
		" || article_id, '|') FROM story_articles) || '#' || (SELECT"
		" group_concat(story_a || ',' || story_b || reason, '|') FROM"
		" link_topic_links)";
	build_inc();
	marsad_store *whole, *halves;
	marsad_linker *a, *b;
	CHECK(marsad_store_open(":memory:", &whole) == 0);
	CHECK(marsad_store_open(":memory:", &halves) == 0);
	CHECK(marsad_link_load(whole, NULL, &a) == 0);
	CHECK(marsad_link_load(halves, NULL, &b) == 0);
	ingest(whole, a, 0, N_INC);
	store_and_add(halves, b, 0, N_INC);
	sqlite3 *db = marsad_store_db(halves);
	int pending;
	CHECK(marsad_linker_settle_stories(b) == 0);
	CHECK(marsad_link_save_stories(b, halves) == 0);
	CHECK(count(db, "SELECT count(*) FROM stories") > 1);
	CHECK(count(db, "SELECT count(*) FROM stories WHERE topic_id IS NULL")
	      == count(db, "SELECT count(*) FROM stories"));
	CHECK(marsad_link_pending(halves, &pending) == 0 && pending == 1);
	CHECK(marsad_linker_settle_topics(b) == 0);
	CHECK(marsad_link_save_topics(b, halves) == 0);
	CHECK(marsad_link_pending(halves, &pending) == 0 && pending == 0);
	char *x = text_of(marsad_store_db(whole), tables), *y = text_of(db, tables);
	CHECK(x && y && strchr(x, '#') != x);
	if (x && y)
		CHECK_STR(y, x);
	marsad_linker_free(b);

	/* killed between the two: the next load settles the topics again */
	CHECK(sqlite3_exec(db, "UPDATE stories SET topic_id = NULL;"
			       " DELETE FROM topics; DELETE FROM link_topic_links;"
			       " UPDATE store_meta SET value = 1"
			       " WHERE key = 'link.topics'",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(marsad_link_pending(halves, &pending) == 0 && pending == 1);
	CHECK(marsad_link_load(halves, NULL, &b) == 0);
	CHECK(marsad_link_save(b, halves) == 0);
	char *z = text_of(db, tables);
	CHECK(x && z);
	if (x && z)
		CHECK_STR(z, x);
	free(x);
	free(y);
	free(z);
	marsad_linker_free(a);
	marsad_linker_free(b);
	marsad_store_close(whole);
	marsad_store_close(halves);
	for (size_t i = 0; i < N_INC; i++)
		marsad_article_free(inc[i]);
}

static void test_bad_input(void)
{
	marsad_linker *l;
	marsad_link_opts o;
	marsad_link_opts_init(&o);
	o.story_threshold = 0;
	CHECK(marsad_linker_new(&o, &l) == MARSAD_EINVAL && l == NULL);
	CHECK(marsad_linker_new(NULL, &l) == 0);
	marsad_article a = {0};
	CHECK(marsad_linker_add(l, &a, NULL) == MARSAD_EINVAL);
	/* Empty, symbol soup, one huge word, invalid UTF-8 (repaired by the
	 * reader; here as the analyzer sees it). */
	size_t added = 0;
	added += add(l, "e", NULL, NULL, "", "") != (size_t)-1;
	added += add(l, "s", NULL, "not a date", "!!!",
		     "((((( ))))) ... ،،، ؟؟؟") != (size_t)-1;
	size_t big = 300000;
	char *huge = malloc(big + 1);
	for (size_t i = 0; i < big; i += 2) {
		huge[i] = (char)0xd8;
		huge[i + 1] = (char)0xb3;
	}
	huge[big] = 0;
	added += add(l, "h", NULL, NULL, "س", huge) != (size_t)-1;
	added += add(l, "h2", NULL, NULL, "س", huge) != (size_t)-1;
	free(huge);
	CHECK(added >= 2);
	CHECK(marsad_linker_count(l) == added);
	CHECK(marsad_linker_settle(l) == 0);
	size_t n;
	marsad_linker_stories(l, &n);
	CHECK(n >= 1 && n <= added);
	CHECK(marsad_linker_key(l, 99) == NULL);
	CHECK(marsad_linker_story_of(l, 99) == -1);
	char *js;
	CHECK(marsad_linker_why(l, 0, 99, &js, NULL) == MARSAD_EINVAL);
	CHECK(js == NULL);
	marsad_linker_free(l);
	marsad_linker_free(NULL);
}

int main(void)
{
	test_seeds();
	test_wire();
	test_stock_phrase();
	test_story_rules();
	test_store();
	test_incremental();
	test_halves();
	test_bad_input();
	CHECK_DONE();
}
