/*
 * test_summary_store.c — summaries of stored stories and topics
 * (summary.h: marsad_summary_load, _load_topic, _store): a story loaded
 * from what the store holds is summarized exactly as the articles it was
 * made from; only stories whose article set changed are summarized again;
 * a topic's summary covers its stories; the seeds as five stories of one
 * topic.
 */
#include <jansson.h>
#include <sqlite3.h>

#include "check.h"
#include "marsad/article.h"
#include "marsad/store.h"
#include "marsad/summary.h"

/* The seeds with the publication dates they imply (tests/golden/dates.tsv). */
static const struct seed {
	const char *file, *published;
} seeds[] = {
	{"000_fe3672199b4635b3", "2022-11-02"},
	{"001_6f70dd8932d5d552", "2022-12-15"},
	{"002_7bbecfa491803025", "2024-07-18"},
	{"003_f13009966aefca6f", "2022-11-14"},
	{"004_87ffb09050df82ad", "2021-12-09"},
};
#define N_SEEDS (sizeof seeds / sizeof *seeds)

static marsad_article *seed_article(size_t i)
{
	char file[64];
	size_t n;
	snprintf(file, sizeof file, "%s.txt", seeds[i].file);
	char *buf = read_seed(file, &n);
	marsad_doc *d;
	marsad_read_error err;
	marsad_article *a = NULL;
	if (buf && marsad_read_memory("txt", file, buf, n, &d, &err) == 0) {
		free(d->key);
		free(d->published);
		free(d->outlet);
		d->key = strdup(seeds[i].file);
		d->published = strdup(seeds[i].published);
		d->outlet = strdup(seeds[i].file); /* five outlets */
		if (marsad_article_build(NULL, d, &a) < 0)
			a = NULL;
	}
	free(buf);
	return a;
}

static int sql(marsad_store *s, const char *q)
{
	return sqlite3_exec(marsad_store_db(s), q, NULL, NULL, NULL) == SQLITE_OK;
}

/* An integer the query gives, -1 on failure. */
static long long sql_int(marsad_store *s, const char *q)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(marsad_store_db(s), q, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *json_of(marsad_summary *s)
{
	const marsad_summary_result *r;
	char *js = NULL;
	if (marsad_summary_get(s, &r) < 0 || marsad_summary_json(r, &js, NULL) < 0)
		return NULL;
	return js;
}

/* The stored story or topic summary object, as text. */
static char *stored(marsad_store *s, const char *q)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(marsad_store_db(s), q, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static int summary_has(const json_t *o, const char *w1, const char *w2)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(o, "summary"), i, x) {
		const char *t = json_string_value(json_object_get(x, "text"));
		if (t && strstr(t, w1) && (!w2 || strstr(t, w2)))
			return 1;
	}
	return 0;
}

/* Every seed story loaded from the store summarizes as the article
 * itself does (arts[i] is story i + 1). */
static void check_loaded(marsad_store *s, marsad_article **arts)
{
	for (size_t i = 0; i < N_SEEDS; i++) {
		marsad_summary *built, *loaded;
		CHECK(marsad_summary_new(NULL, &built) == 0);
		CHECK(marsad_summary_add(built, arts[i]) == 0);
		CHECK(marsad_summary_load(s, (int64_t)i + 1, NULL, &loaded) == 0);
		CHECK(marsad_summary_count(loaded) == 1);
		char *a = json_of(built), *b = json_of(loaded);
		CHECK(a && b);
		if (a && b)
			CHECK_STR(b, a);
		free(a);
		free(b);
		marsad_summary_free(built);
		marsad_summary_free(loaded);
	}
}

/* A store in memory holding the seed articles (arts[i], id i + 1), or
 * NULL. */
static marsad_store *seeds_stored(marsad_article **arts)
{
	marsad_store *s;
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	for (size_t i = 0; i < N_SEEDS; i++) {
		arts[i] = seed_article(i);
		CHECK(arts[i] != NULL);
		if (!arts[i])
			return NULL;
		CHECK(marsad_store_put(s, arts[i], NULL) == MARSAD_OK);
	}
	return s;
}

static void test_seeds(void)
{
	marsad_article *arts[N_SEEDS];
	marsad_store *s = seeds_stored(arts);
	if (!s)
		return;
	/* five stories of one topic: story i + 1 holds article i + 1 */
	CHECK(sql(s, "INSERT INTO topics(id, label) VALUES(7, 'talks');"
		     "INSERT INTO stories(id, topic_id) SELECT id, 7 FROM articles;"
		     "INSERT INTO story_articles(story_id, article_id)"
		     " SELECT id, id FROM articles"));

	/* what the store holds summarizes as the articles did */
	check_loaded(s, arts);
	/* ... and the five as one */
	marsad_summary *all, *topic;
	CHECK(marsad_summary_new(NULL, &all) == 0);
	for (size_t i = 0; i < N_SEEDS; i++)
		CHECK(marsad_summary_add(all, arts[i]) == 0);

	size_t n = 99;
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == N_SEEDS);
	/* a pass summarizes stories; a topic is summarized when asked for */
	CHECK(sql_int(s, "SELECT COUNT(*) FROM sqlite_master"
			 " WHERE name = 'topic_summaries'") == 0);
	CHECK(marsad_summary_load_topic(s, 7, NULL, &topic) == 0);
	CHECK(marsad_summary_count(topic) == N_SEEDS);
	char *a = json_of(all), *b = json_of(topic);
	CHECK(a && b);
	if (a && b)
		CHECK_STR(b, a);
	json_t *o = b ? json_loads(b, 0, NULL) : NULL;
	/* the analyst's reading of the topic */
	CHECK(summary_has(o, "محادثات", "سرية"));
	CHECK(summary_has(o, "تبادل", NULL));
	CHECK(summary_has(o, "بيرنز", "ناريشكين"));
	CHECK(summary_has(o, "لافروف", NULL));
	json_t *tl = json_object_get(o, "timeline");
	const char *first = json_string_value(
		json_object_get(json_array_get(tl, 0), "date"));
	const char *last = json_string_value(json_object_get(
		json_array_get(tl, json_array_size(tl) - 1), "date"));
	CHECK(first && strcmp(first, "2021-12-07") == 0);
	CHECK(last && strncmp(last, "2024-07", 7) == 0);
	json_decref(o);
	free(a);
	free(b);
	marsad_summary_free(all);
	marsad_summary_free(topic);

	/* nothing changed: nothing is summarized */
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 0);
	/* linking rewrote a headline: it comes back */
	char *h = stored(s, "SELECT headline FROM stories WHERE id = 2");
	CHECK(sql(s, "UPDATE stories SET headline = 'x' WHERE id = 2"));
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 0);
	char *h2 = stored(s, "SELECT headline FROM stories WHERE id = 2");
	CHECK(h && h2 && strcmp(h, h2) == 0);
	free(h);
	free(h2);

	/* an article moves from story 2 to story 1: those two change */
	CHECK(sql(s, "UPDATE story_articles SET story_id = 1 WHERE story_id = 2;"
		     "DELETE FROM stories WHERE id = 2"));
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 1);
	CHECK(sql_int(s, "SELECT json_extract(summary, '$.articles') FROM"
			 " story_summaries WHERE story_id = 1") == 2);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_state") == 4);
	/* a story leaves the topic: the topic's summary is made without it,
	 * from what the stored summaries of its other stories show */
	CHECK(sql(s, "INSERT INTO topics(id, label) VALUES(8, 'other');"
		     "UPDATE stories SET topic_id = 8 WHERE id = 5"));
	CHECK(marsad_summary_load_topic(s, 7, NULL, &topic) == 0);
	CHECK(marsad_summary_count(topic) == 4);
	marsad_summary_free(topic);
	/* a topic of one story is that story: its summary is the story's,
	 * whose timeline is kept as rows, not in the stored object */
	CHECK(marsad_summary_load_topic(s, 8, NULL, &topic) == 0);
	char *one = json_of(topic);
	CHECK(one && strstr(one, "\"timeline\":[{"));
	sqlite3_stmt *st = NULL;
	CHECK(sqlite3_prepare_v2(marsad_store_db(s),
		"SELECT json_remove(?1, '$.timeline') = summary,"
		" json_type(summary, '$.timeline') IS NULL"
		" FROM story_summaries WHERE story_id = 5", -1, &st, NULL)
	      == SQLITE_OK);
	sqlite3_bind_text(st, 1, one, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_column_int(st, 0) == 1 && sqlite3_column_int(st, 1) == 1);
	sqlite3_finalize(st);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM timeline WHERE story_id = 5")
	      > 0);
	free(one);
	marsad_summary_free(topic);
	/* with `all`, every story */
	CHECK(marsad_summary_store(s, NULL, 1, &n) == 0 && n == 4);

	/* a story that is not there is empty; bad arguments */
	marsad_summary *none;
	CHECK(marsad_summary_load(s, 999, NULL, &none) == 0 &&
	      marsad_summary_count(none) == 0);
	marsad_summary_free(none);
	CHECK(marsad_summary_load_topic(s, 999, NULL, &none) == 0 &&
	      marsad_summary_count(none) == 0);
	marsad_summary_free(none);
	CHECK(marsad_summary_load(NULL, 1, NULL, &none) == MARSAD_EINVAL &&
	      none == NULL);
	CHECK(marsad_summary_store(NULL, NULL, 0, &n) == MARSAD_EINVAL && n == 0);

	for (size_t i = 0; i < N_SEEDS; i++)
		marsad_article_free(arts[i]);
	marsad_store_close(s);
}

/* Rows that do not fit their article leave it out, never crash. */
static void test_broken_rows(void)
{
	marsad_store *s;
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	marsad_article *a = seed_article(4);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK(marsad_store_put(s, a, NULL) == MARSAD_OK);
	CHECK(sql(s, "INSERT INTO stories(id) VALUES(1);"
		     "INSERT INTO story_articles VALUES(1, 1);"
		     "UPDATE sentences SET end = 1000000 WHERE n = 0;"
		     "UPDATE mentions SET start = 999999, end = 1000001;"
		     "UPDATE quotes SET start = 5000000, speaker_id = NULL, speaker = 'x';"
		     "UPDATE dates SET start = 7000000, value = 'nonsense-too-long'"));
	size_t n;
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 1);
	CHECK(sql_int(s, "SELECT json_extract(summary, '$.articles') FROM"
			 " story_summaries WHERE story_id = 1") == 0);
	CHECK(sql(s, "UPDATE sentences SET end = start WHERE n = 0"));
	marsad_summary *l;
	CHECK(marsad_summary_load(s, 1, NULL, &l) == 0 &&
	      marsad_summary_count(l) == 1);
	marsad_summary_free(l);
	marsad_article_free(a);
	marsad_store_close(s);
}

/* A table of topic summaries that an earlier version's pass kept is
 * dropped by the next pass. */
static void test_old_topic_table(void)
{
	marsad_article *arts[N_SEEDS];
	marsad_store *s = seeds_stored(arts);
	if (!s)
		return;
	CHECK(sql(s, "INSERT INTO stories(id) VALUES(1);"
		     "INSERT INTO story_articles(story_id, article_id) VALUES(1, 1);"
		     "CREATE TABLE topic_summaries(topic_id INTEGER PRIMARY KEY,"
		     " members INTEGER NOT NULL, summary TEXT NOT NULL);"
		     "INSERT INTO topic_summaries VALUES(9, 0, '{}')"));
	size_t n;
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 1);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM sqlite_master"
			 " WHERE name = 'topic_summaries'") == 0);
	marsad_store_close(s);
	for (size_t i = 0; i < N_SEEDS; i++)
		marsad_article_free(arts[i]);
}

/* Words prepared at ingest are kept and read instead of an analysis;
 * damaged, stale or misplaced ones are passed over for the text. */
static void test_prepared_words(void)
{
	marsad_article *arts[N_SEEDS];
	marsad_summary_prep *prep[N_SEEDS];
	marsad_store *s = seeds_stored(arts);
	if (!s)
		return;
	for (size_t i = 0; i < N_SEEDS; i++)
		CHECK(marsad_summary_prepare(arts[i], NULL, &prep[i]) == 0);
	CHECK(sql(s, "INSERT INTO stories(id) SELECT id FROM articles;"
		     "INSERT INTO story_articles(story_id, article_id)"
		     " SELECT id, id FROM articles"));
	CHECK(marsad_summary_save_prepared(s, prep, N_SEEDS) == 0);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_words s JOIN articles a"
			 " ON a.id = s.article_id AND a.hash = s.hash") == N_SEEDS);
	/* packed: with the hashes and fingerprints, under twice the text
	 * they come from */
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_words w JOIN articles a"
			 " ON a.id = w.article_id WHERE length(w.data) > 100 AND"
			 " length(w.data) < 2 * length(CAST(a.text AS BLOB))") ==
	      N_SEEDS);
	check_loaded(s, arts);
	/* saved again: replaced, not added */
	CHECK(marsad_summary_save_prepared(s, prep, 2) == 0);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_words") == N_SEEDS);
	/* filed under the article's id when the caller gives it: here the
	 * first seed's words under the second's id, which only an id puts
	 * there (its hash then does not match that article's) */
	CHECK(sql(s, "DELETE FROM summary_words"));
	marsad_summary_prep_set_article(prep[0], 2);
	CHECK(marsad_summary_save_prepared(s, prep, 1) == 0);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_words w JOIN articles a"
			 " ON a.id = w.article_id WHERE a.id = 2 AND a.hash != w.hash")
	      == 1);
	marsad_summary_prep_set_article(prep[0], 0); /* by key again */
	CHECK(marsad_summary_save_prepared(s, prep, N_SEEDS) == 0);
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_words s JOIN articles a"
			 " ON a.id = s.article_id AND a.hash = s.hash") == N_SEEDS);

	/* prepared with the article's input to the linker, whose shingles
	 * make the fingerprints: the very same words */
	CHECK(sql(s, "CREATE TEMP TABLE alone AS"
		     " SELECT article_id, data FROM summary_words"));
	for (size_t i = 0; i < N_SEEDS; i++) {
		marsad_link_input *in = NULL;
		marsad_summary_prep *p = NULL;
		CHECK(marsad_link_prepare(arts[i], &in) == 0);
		CHECK(marsad_summary_prepare(arts[i], in, &p) == 0);
		CHECK(marsad_summary_save_prepared(s, &p, 1) == 0);
		marsad_summary_prep_free(p);
		marsad_link_input_free(in);
	}
	CHECK(sql_int(s, "SELECT COUNT(*) FROM summary_words w JOIN temp.alone"
			 " z USING(article_id) WHERE w.data = z.data") ==
	      N_SEEDS);

	/* a quotation the words do not know (its row moved): the article is
	 * analyzed, not left out */
	CHECK(sql_int(s, "SELECT COUNT(*) FROM quotes WHERE article_id = 1") > 0);
	CHECK(sql(s, "UPDATE quotes SET start = start + 1 WHERE article_id = 1"));
	marsad_summary *moved;
	CHECK(marsad_summary_load(s, 1, NULL, &moved) == 0 &&
	      marsad_summary_count(moved) == 1);
	marsad_summary_free(moved);
	CHECK(sql(s, "UPDATE quotes SET start = start - 1 WHERE article_id = 1"));

	/* another article's words, cut short, of another format, stale */
	CHECK(sql(s, "UPDATE summary_words SET data = (SELECT data FROM"
		     " summary_words WHERE article_id = 1) WHERE article_id = 2;"
		     "UPDATE summary_words SET data = substr(data, 1, length(data) / 2)"
		     " WHERE article_id = 3;"
		     "UPDATE summary_words SET data = x'7f00' WHERE article_id = 4;"
		     "UPDATE summary_words SET hash = hash + 1 WHERE article_id = 5"));
	check_loaded(s, arts);
	/* a store without the table (an older one) */
	CHECK(sql(s, "DROP TABLE summary_words"));
	check_loaded(s, arts);
	CHECK(marsad_summary_save_prepared(s, NULL, 0) == 0);
	CHECK(marsad_summary_save_prepared(NULL, prep, 1) == MARSAD_EINVAL);
	for (size_t i = 0; i < N_SEEDS; i++) {
		marsad_summary_prep_free(prep[i]);
		marsad_article_free(arts[i]);
	}
	marsad_summary_prep *none = (marsad_summary_prep *)1;
	CHECK(marsad_summary_prepare(NULL, NULL, &none) == MARSAD_EINVAL && !none);
	marsad_store_close(s);
}

/* What the pass writes does not depend on how many threads summarize:
 * five stories, with 1, 2 and 8 threads. */
static void test_threads(void)
{
	marsad_article *arts[N_SEEDS];
	marsad_store *s = seeds_stored(arts);
	if (!s)
		return;
	CHECK(sql(s, "INSERT INTO stories(id) SELECT id FROM articles;"
		     "INSERT INTO story_articles(story_id, article_id)"
		     " SELECT id, id FROM articles"));
	static const char all[] =
		"SELECT group_concat(x, '|') FROM (SELECT summary AS x FROM"
		" (SELECT * FROM story_summaries ORDER BY story_id)"
		" UNION ALL SELECT date || text FROM (SELECT * FROM timeline"
		" ORDER BY story_id, date, text))";
	char *first = NULL;
	static const size_t threads[] = {1, 2, 8};
	for (size_t i = 0; i < sizeof threads / sizeof *threads; i++) {
		marsad_summary_opts o;
		marsad_summary_opts_init(&o);
		o.threads = threads[i];
		size_t n;
		CHECK(marsad_summary_store(s, &o, 1, &n) == 0 && n == N_SEEDS);
		char *now = stored(s, all);
		CHECK(now && strstr(now, "بيرنز"));
		if (!first)
			first = now;
		else if (now)
			CHECK_STR(now, first);
		if (now != first)
			free(now);
	}
	free(first);
	for (size_t i = 0; i < N_SEEDS; i++)
		marsad_article_free(arts[i]);
	marsad_store_close(s);
}

/* Story id as the store keeps it (its object, its headline, its
 * timeline in the order written: "date|text" lines) and as a summary of
 * its stored articles makes it. */
static void check_story(marsad_store *s, int64_t id)
{
	char q[200];
	snprintf(q, sizeof q,
		 "SELECT group_concat(date || '|' || text, char(10)) FROM"
		 " (SELECT * FROM timeline WHERE story_id = %lld ORDER BY rowid)",
		 (long long)id);
	char *rows = stored(s, q);
	marsad_summary *loaded;
	const marsad_summary_result *r;
	CHECK(marsad_summary_load(s, id, NULL, &loaded) == 0);
	CHECK(marsad_summary_get(loaded, &r) == 0);
	marsad_buf want = MARSAD_BUF_INIT;
	for (size_t i = 0; i < r->n_timeline; i++) {
		if (i)
			marsad_buf_putc(&want, '\n');
		marsad_buf_append(&want, r->timeline[i].date,
				  strlen(r->timeline[i].date));
		marsad_buf_putc(&want, '|');
		marsad_buf_append(&want, r->timeline[i].text,
				  strlen(r->timeline[i].text));
	}
	CHECK(r->n_timeline > 0 && rows && want.data);
	if (rows && want.data)
		CHECK_STR(rows, want.data);
	free(rows);
	marsad_buf_clear(&want);

	char *json = json_of(loaded);
	sqlite3_stmt *st = NULL;
	CHECK(sqlite3_prepare_v2(marsad_store_db(s),
		"SELECT json_remove(?1, '$.timeline') = t.summary"
		" AND s.headline = ?2 FROM story_summaries t"
		" JOIN summary_state s USING (story_id) WHERE story_id = ?3",
		-1, &st, NULL) == SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->headline, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1);
	sqlite3_finalize(st);
	free(json);
	marsad_summary_free(loaded);
}

/* 70 stories of the seeds (story k holds seed (k − 1) mod 5): their
 * objects, states and timelines, written many rows a statement, are each
 * story's own, in order; after some stories change, again. */
static void test_many_rows(void)
{
	marsad_article *arts[N_SEEDS];
	marsad_store *s = seeds_stored(arts);
	if (!s)
		return;
	CHECK(sql(s, "WITH RECURSIVE k(id) AS (SELECT 1 UNION ALL"
		     " SELECT id + 1 FROM k WHERE id < 70)"
		     " INSERT INTO stories(id) SELECT id FROM k;"
		     "INSERT INTO story_articles(story_id, article_id)"
		     " SELECT id, (id - 1) % 5 + 1 FROM stories"));
	size_t n;
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 70);
	/* full batches, and the last rows one by one */
	long long points = sql_int(s, "SELECT COUNT(*) FROM timeline");
	CHECK(points > 2 * 64 && points % 64 != 0);
	for (int64_t id = 1; id <= 70; id++)
		check_story(s, id);
	/* stories 1 … 10 take a second seed: their points change */
	CHECK(sql(s, "INSERT INTO story_articles(story_id, article_id)"
		     " SELECT id, id % 5 + 1 FROM stories WHERE id <= 10"));
	CHECK(marsad_summary_store(s, NULL, 0, &n) == 0 && n == 10);
	for (int64_t id = 1; id <= 70; id++)
		check_story(s, id);
	for (size_t i = 0; i < N_SEEDS; i++)
		marsad_article_free(arts[i]);
	marsad_store_close(s);
}

/* The caller's other work (opts->idle) while the pass waits: a step at a
 * time, never again once it said it had no more, and the summaries the
 * same as without it; a failing step fails the pass, which then writes
 * nothing. */
struct idle_count {
	int calls, budget, fail;
};

static int count_step(void *arg)
{
	struct idle_count *c = arg;
	CHECK(c->calls < c->budget);
	c->calls++;
	if (c->fail)
		return MARSAD_EIO;
	return c->calls < c->budget;
}

static void test_idle(void)
{
	marsad_article *arts[N_SEEDS];
	marsad_store *s = seeds_stored(arts);
	if (!s)
		return;
	CHECK(sql(s, "INSERT INTO stories(id) VALUES(1), (2), (3), (4), (5);"
		     "INSERT INTO story_articles(story_id, article_id)"
		     " SELECT id, id FROM articles"));
	static const char all[] =
		"SELECT group_concat(x, '|') FROM (SELECT summary AS x FROM"
		" (SELECT * FROM story_summaries ORDER BY story_id))";
	size_t n;
	CHECK(marsad_summary_store(s, NULL, 1, &n) == 0 && n == N_SEEDS);
	char *plain = stored(s, all);
	CHECK(plain && strstr(plain, "بيرنز"));
	for (int budget = 1; budget <= 3; budget++) {
		struct idle_count c = {0, budget, 0};
		marsad_summary_opts o;
		marsad_summary_opts_init(&o);
		o.threads = 1;
		o.idle = count_step;
		o.idle_arg = &c;
		CHECK(marsad_summary_store(s, &o, 1, &n) == 0 && n == N_SEEDS);
		char *now = stored(s, all);
		CHECK(now && plain && strcmp(now, plain) == 0);
		free(now);
	}
	CHECK(sql(s, "DELETE FROM story_summaries;"
		     "DELETE FROM summary_state"));
	struct idle_count c = {0, 1000, 1};
	marsad_summary_opts o;
	marsad_summary_opts_init(&o);
	o.idle = count_step;
	o.idle_arg = &c;
	int rc = marsad_summary_store(s, &o, 1, &n);
	CHECK(c.calls <= 1);
	CHECK(c.calls == 0 ? rc == 0 : rc == MARSAD_EIO && n == 0);
	char *left = stored(s, "SELECT count(*) FROM story_summaries");
	CHECK(left && strcmp(left, rc ? "0" : "5") == 0);
	free(left);
	free(plain);
	for (size_t i = 0; i < N_SEEDS; i++)
		marsad_article_free(arts[i]);
	marsad_store_close(s);
}

int main(void)
{
	test_seeds();
	test_broken_rows();
	test_prepared_words();
	test_old_topic_table();
	test_threads();
	test_many_rows();
	test_idle();
	CHECK_DONE();
}
