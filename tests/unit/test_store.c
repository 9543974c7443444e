/*
 * test_store.c — the store: add / update / unchanged, the schema upgrades
 * from versions 1 and 4, the "marsad" tokenizer's offsets (highlight
 * marks words as written) and its tokens (a word written as its stem
 * indexed once; an index of the earlier tokens made again), spelling
 * variants finding the same article, hostile queries never failing, and
 * the search options.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "marsad/store.h"
#include "marsad/text.h"

struct fixture {
	const char *key, *outlet, *published, *title, *text;
	const char *url; /* NULL: none */
};

static const struct fixture docs[] = {
	{"a1", "spa", "2015-07-23",
	 "العاهل السعودي يستقبل وزير الخارجية المصري",
	 "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز وزيرَ "
	 "الخارجيّة المصريَّ سامح شكري في جدة.\nوبحث اللقاء العلاقات "
	 "الثنائية بين البلدين.", "a1"},
	{"a2", "alriyadh", "2015-07-24",
	 "بايرن ميونيخ يتفق مع يوفنتوس على ضم فيدال",
	 "أعلن نادي بايرن ميونيخ الألماني اتفاقه مع يوفنتوس الإيطالي على "
	 "انتقال اللاعب التشيلي أرتورو فيدال.\nوتبلغ قيمة الصفقة ٣٥ مليون "
	 "يورو.", "http://alriyadh/a2"},
	{"a3", "okaz", "2015-07-25", "مدرسةٌ جديدة في الطائف",
	 "افتُتِحَت المدرسةُ الجديدة بحضور الأمير. وقال المدير إن المدرسة "
	 "تستقبل الطلاب في العام الدراسي المقبل.", NULL},
};

#define N_DOCS (sizeof docs / sizeof *docs)

/* An article as marsad_article_build would hand it over; hash is given. */
static marsad_store_result put(marsad_store *s, const struct fixture *f,
			       const char *text, uint64_t hash)
{
	marsad_doc d = {0};
	d.key = (char *)f->key;
	d.title = (char *)f->title;
	d.text = (char *)text;
	d.text_len = strlen(text);
	d.outlet = (char *)f->outlet;
	d.url = (char *)f->url;
	d.published = (char *)f->published;
	d.lang = "ar";
	char reason[] = "read-also prompt", line[] = "اقرأ أيضاً";
	marsad_removal r = {line, reason};
	d.removed = &r;
	d.n_removed = 1;
	marsad_span sents[2] = {{0, d.text_len / 2},
				{d.text_len / 2, d.text_len}};
	marsad_date dates[1] = {{.start = 0, .end = 4, .value = "2015-07-23",
				 .granularity = MARSAD_DATE_DAY}};
	/* The first word is an entity that speaks the whole text. */
	size_t first = strcspn(text, " ");
	marsad_mention ment[1] = {{.start = 0, .end = first,
				   .type = MARSAD_ENT_PER, .confidence = 0.9f}};
	char canon[] = "كيان", *canonical[1] = {canon};
	/* It speaks the whole text, and the same words again as an anonymous
	 * source it describes. */
	marsad_quote quote[2] = {{.start = first + 1, .end = d.text_len,
				  .speaker_start = 0, .speaker_end = first,
				  .speaker_type = MARSAD_ENT_PER, .verb = "قال",
				  .direct = 1},
				 {.start = first + 1, .end = d.text_len,
				  .source_start = 0, .source_end = first,
				  .verb = "أضاف"}};
	marsad_article a = {.doc = &d, .sentences = sents, .n_sentences = 2,
			    .dates = dates, .n_dates = 1, .mentions = ment,
			    .n_mentions = 1, .canonical = canonical,
			    .quotes = quote, .n_quotes = 2,
			    .content_hash = hash};
	marsad_store_result res = 0;
	CHECK(marsad_store_put(s, &a, &res) == MARSAD_OK);
	return res;
}

static long long scalar(marsad_store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(marsad_store_db(s), sql, -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

/* The keys found for q, space-separated, in rank order. */
static const char *keys(marsad_store *s, const char *q,
			const marsad_search_opts *o)
{
	static char out[256];
	marsad_hit *h;
	size_t n;
	out[0] = 0;
	int rc = marsad_store_search(s, q, strlen(q), o, &h, &n);
	if (rc != MARSAD_OK)
		return "(error)";
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strncat(out, h[i].key, 16);
	}
	marsad_hits_free(h, n);
	return out;
}

/* FTS5's own check of the full-text index against the articles. */
static int fts_intact(marsad_store *s)
{
	return sqlite3_exec(marsad_store_db(s),
			    "INSERT INTO articles_fts(articles_fts) "
			    "VALUES('integrity-check')",
			    NULL, NULL, NULL) == SQLITE_OK;
}

static marsad_store *fresh(void)
{
	marsad_store *s = NULL;
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	for (size_t i = 0; s && i < N_DOCS; i++)
		CHECK(put(s, &docs[i], docs[i].text, i + 1) ==
		      MARSAD_STORE_ADDED);
	return s;
}

static void test_put(void)
{
	marsad_store *s = fresh();
	if (!s)
		return;
	size_t n;
	CHECK(marsad_store_count(s, &n) == MARSAD_OK && n == N_DOCS);
	/* the id of the article each put stored, added, unchanged or
	 * updated; 0 after a put that failed */
	CHECK(marsad_store_last_id(s) ==
	      scalar(s, "SELECT id FROM articles WHERE key = 'a3'"));
	CHECK(put(s, &docs[0], docs[0].text, 1) == MARSAD_STORE_UNCHANGED);
	CHECK(marsad_store_last_id(s) ==
	      scalar(s, "SELECT id FROM articles WHERE key = 'a1'"));
	CHECK(put(s, &docs[1], "نص جديد عن كرة السلة.", 99) ==
	      MARSAD_STORE_UPDATED);
	CHECK(marsad_store_last_id(s) ==
	      scalar(s, "SELECT id FROM articles WHERE key = 'a2'"));
	marsad_doc nokey = {0};
	marsad_article bad = {.doc = &nokey};
	CHECK(marsad_store_put(s, &bad, NULL) == MARSAD_EINVAL);
	CHECK(marsad_store_last_id(s) == 0);
	CHECK(marsad_store_last_id(NULL) == 0);
	CHECK(marsad_store_count(s, &n) == MARSAD_OK && n == N_DOCS);
	CHECK(scalar(s, "SELECT count(*) FROM sentences") == 2 * N_DOCS);
	CHECK(scalar(s, "SELECT count(*) FROM dates WHERE value = '2015-07-23'"
			" AND granularity = 3") == N_DOCS);
	/* One entity for the canonical name, every spelling a variant, and
	 * the quotations' speaker linked to it; the updated article's rows
	 * were replaced, not added. */
	CHECK(scalar(s, "SELECT count(*) FROM entities") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM mentions m JOIN entities e ON "
			"e.id = m.entity_id WHERE e.canonical = 'كيان' AND "
			"m.type = 'PER'") == N_DOCS);
	CHECK(scalar(s, "SELECT count(*) FROM entity_variants") == N_DOCS + 1);
	CHECK(scalar(s, "SELECT count(*) FROM quotes WHERE speaker_id = "
			"(SELECT id FROM entities) AND verb = 'قال' AND "
			"direct = 1 AND source IS NULL") == N_DOCS);
	CHECK(scalar(s, "SELECT count(*) FROM quotes q JOIN articles a ON "
			"a.id = q.article_id WHERE q.speaker IS NULL AND "
			"q.source = substr(a.text, 1, instr(a.text, ' ') - 1)") ==
	      N_DOCS);
	CHECK(scalar(s, "SELECT count(*) FROM articles WHERE key = 'a2' "
			"AND text LIKE '%كرة السلة%'") == 1);
	/* The index follows the update: the old words are gone. */
	CHECK_STR(keys(s, "أرتورو", NULL), "");
	CHECK_STR(keys(s, "السلة", NULL), "a2");
	CHECK(scalar(s, "SELECT count(*) FROM articles WHERE removed LIKE "
			"'%read-also prompt%'") == N_DOCS);
	/* A url equal to the key is stored once and reads as the url. */
	CHECK(scalar(s, "SELECT count(*) FROM articles WHERE"
			" (key = 'a1' AND url = 'a1' AND url_stored = '')"
			" OR (key = 'a3' AND url IS NULL)") == 2);
	/* A batch that is rolled back leaves nothing. */
	CHECK(marsad_store_begin(s) == MARSAD_OK);
	struct fixture f = {"a9", "x", NULL, "عنوان", "", NULL};
	CHECK(put(s, &f, "مقال سيلغى.", 7) == MARSAD_STORE_ADDED);
	CHECK(marsad_store_rollback(s) == MARSAD_OK);
	CHECK(marsad_store_count(s, &n) == MARSAD_OK && n == N_DOCS);
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(marsad_store_db(s), "PRAGMA integrity_check",
				 -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	CHECK(scalar(s, "SELECT count(*) FROM articles_fts "
			"WHERE articles_fts MATCH 'سيلغى'") == 0);
	/* A batch indexes its new articles when it commits, also one that
	 * changed again within the batch: the index holds its last text. */
	CHECK(marsad_store_begin(s) == MARSAD_OK);
	struct fixture g = {"b1", "x", NULL, "عنوان", "", NULL};
	CHECK(put(s, &g, "نص أول عن القمح.", 7) == MARSAD_STORE_ADDED);
	CHECK(put(s, &g, "نص ثان عن الشعير.", 8) == MARSAD_STORE_UPDATED);
	CHECK(put(s, &docs[2], "نص جديد عن المدرسة والقمح.", 9) ==
	      MARSAD_STORE_UPDATED);
	CHECK(marsad_store_commit(s) == MARSAD_OK);
	CHECK_STR(keys(s, "الشعير", NULL), "b1");
	CHECK_STR(keys(s, "القمح", NULL), "a3");
	CHECK(fts_intact(s));
	marsad_store_close(s);
}

/* Every value of every row sql gives, in one string (malloc'd). */
static char *rows_text(marsad_store *s, const char *sql)
{
	marsad_buf b = MARSAD_BUF_INIT;
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(marsad_store_db(s), sql, -1, &st, NULL) ==
	      SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			marsad_buf_append(&b, v ? v : "NULL",
					  strlen(v ? v : "NULL"));
			marsad_buf_putc(&b, i + 1 < sqlite3_column_count(st)
						    ? '|' : '\n');
		}
	sqlite3_finalize(st);
	marsad_buf_putc(&b, 0);
	return b.data;
}

/* An article of many rows in each table: N_MANY words, each a sentence,
 * a mention (of eleven entities, two spellings each), a date and a
 * quotation, some without a speaker or a verb. */
#define N_MANY 150

static void put_many(marsad_store *s, const char *key, uint64_t hash)
{
	static char text[N_MANY * 8];
	static marsad_span sents[N_MANY];
	static marsad_date dates[N_MANY];
	static marsad_mention ment[N_MANY];
	static marsad_quote quote[N_MANY];
	size_t len = 0;
	for (size_t i = 0; i < N_MANY; i++) {
		size_t start = len;
		len += (size_t)sprintf(text + len, "w%zu%c ", i % 11,
				       i % 22 < 11 ? 'a' : 'b');
		sents[i] = (marsad_span){start, len};
		dates[i] = (marsad_date){.start = start, .end = len - 1,
					 .value = "2015-07-23",
					 .granularity = MARSAD_DATE_DAY};
		if (i % 3 == 0)
			dates[i].value[0] = 0;
		ment[i] = (marsad_mention){.start = start, .end = len - 1,
					   .type = i % 2 ? MARSAD_ENT_PER
							 : MARSAD_ENT_ORG,
					   .confidence = 0.5f};
		quote[i] = (marsad_quote){.start = start, .end = len - 1,
					  .direct = (int)(i % 2)};
		if (i % 4) {
			quote[i].speaker_start = start;
			quote[i].speaker_end = len - 1;
			quote[i].speaker_type = MARSAD_ENT_PER;
			strcpy(quote[i].verb, i % 4 == 1 ? "قال" : "");
		}
	}
	marsad_doc d = {.key = (char *)key, .title = (char *)"عنوان", .text = text,
			.text_len = len};
	marsad_article a = {.doc = &d, .sentences = sents,
			    .n_sentences = N_MANY, .dates = dates,
			    .n_dates = N_MANY, .mentions = ment,
			    .n_mentions = N_MANY, .quotes = quote,
			    .n_quotes = N_MANY, .content_hash = hash};
	marsad_store_result res = 0;
	CHECK(marsad_store_put(s, &a, &res) == MARSAD_OK);
}

static const char *const many_tables[] = {
	"SELECT * FROM sentences ORDER BY 1, 2",
	"SELECT * FROM dates ORDER BY 1, 2",
	"SELECT * FROM mentions ORDER BY 1, 2",
	"SELECT * FROM quotes ORDER BY 1, 2",
	"SELECT * FROM entities ORDER BY 1",
	"SELECT * FROM entity_variants ORDER BY 1, 2",
};

/* The rows of a batch are written many at a time and those of an article
 * put alone one by one: the tables hold the same rows either way, a
 * reader of the connection sees every article put in the batch before it
 * commits, an update within the batch replaces its article's rows, and a
 * rollback leaves none. */
static void test_many_rows(void)
{
	marsad_store *one = NULL, *batch = NULL;
	CHECK(marsad_store_open(":memory:", &one) == MARSAD_OK);
	CHECK(marsad_store_open(":memory:", &batch) == MARSAD_OK);
	if (!one || !batch)
		return;
	put_many(one, "m1", 1);
	put_many(one, "m2", 2);
	put_many(one, "m3", 3);
	CHECK(marsad_store_begin(batch) == MARSAD_OK);
	put_many(batch, "m1", 1);
	put_many(batch, "m2", 1);
	CHECK(scalar(batch, "SELECT count(*) FROM sentences") == 2 * N_MANY);
	CHECK(scalar(batch, "SELECT count(*) FROM entity_variants") == 22);
	put_many(batch, "m2", 2); /* updated: its rows replaced */
	put_many(batch, "m3", 3);
	CHECK(scalar(batch, "SELECT count(*) FROM quotes") == 3 * N_MANY);
	CHECK(marsad_store_commit(batch) == MARSAD_OK);
	for (size_t i = 0; i < sizeof many_tables / sizeof *many_tables;
	     i++) {
		char *a = rows_text(one, many_tables[i]);
		char *b = rows_text(batch, many_tables[i]);
		CHECK(a && b && strlen(a) > 100);
		CHECK_STR(a, b);
		free(a);
		free(b);
	}
	CHECK(marsad_store_begin(batch) == MARSAD_OK);
	put_many(batch, "m4", 4);
	CHECK(marsad_store_rollback(batch) == MARSAD_OK);
	CHECK(scalar(batch, "SELECT count(*) FROM dates") == 3 * N_MANY);
	CHECK(scalar(batch, "SELECT count(*) FROM mentions WHERE "
			    "article_id = 4") == 0);
	marsad_store_close(one);
	marsad_store_close(batch);
}

/* Tokens analyzed ahead index an article as its own analysis would: the
 * index passes FTS5's integrity check (which analyzes every row again)
 * and finds the words, whether or not the title is empty. */
/* The entity and spelling ids the store remembers never outlive their
 * rows: not after a rollback, not after a write through the connection. */
static void test_entity_ids(void)
{
	marsad_store *s = NULL;
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	if (!s)
		return;
	CHECK(marsad_store_begin(s) == MARSAD_OK);
	CHECK(put(s, &docs[0], docs[0].text, 1) == MARSAD_STORE_ADDED);
	CHECK(marsad_store_rollback(s) == MARSAD_OK);
	CHECK(put(s, &docs[0], docs[0].text, 1) == MARSAD_STORE_ADDED);
	CHECK(scalar(s, "SELECT count(*) FROM entity_variants") == 1);
	CHECK(sqlite3_exec(marsad_store_db(s),
			   "DELETE FROM mentions; DELETE FROM entities;", NULL,
			   NULL, NULL) == SQLITE_OK);
	CHECK(put(s, &docs[1], docs[1].text, 2) == MARSAD_STORE_ADDED);
	CHECK(scalar(s, "SELECT count(*) FROM mentions m JOIN entities e ON"
			" e.id = m.entity_id JOIN entity_variants v ON"
			" v.entity_id = e.id") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
	marsad_store_close(s);

	/* A new store knows all its entities and looks none up; an entity
	 * written behind it, under another id, is found and not added
	 * twice. */
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	if (!s)
		return;
	CHECK(put(s, &docs[0], docs[0].text, 1) == MARSAD_STORE_ADDED);
	CHECK(sqlite3_exec(marsad_store_db(s),
			   "DELETE FROM mentions; DELETE FROM quotes;"
			   "DELETE FROM entity_variants; DELETE FROM entities;"
			   "INSERT INTO entities(id, type, canonical)"
			   " VALUES(7, 'PER', 'كيان');",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(put(s, &docs[1], docs[1].text, 2) == MARSAD_STORE_ADDED);
	CHECK(scalar(s, "SELECT count(*) FROM entities") == 1);
	CHECK(scalar(s, "SELECT entity_id FROM mentions") == 7);
	CHECK(scalar(s, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
	marsad_store_close(s);
}

static void test_analyzed(void)
{
	marsad_store *s = NULL;
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	if (!s)
		return;
	static const char *const f[][3] = {
		{"c1", "مدرسةٌ جديدة في الطائف", "افتُتِحَت المدرسةُ الجديدة."},
		{"c2", "", "وصل وزير الخارجيّة إلى جدة."},
		{"c3", "عنوان بلا نص", ""},
	};
	CHECK(marsad_store_begin(s) == MARSAD_OK);
	for (size_t i = 0; i < 3; i++) {
		marsad_doc d = {.key = (char *)f[i][0], .title = (char *)f[i][1],
				.text = (char *)f[i][2],
				.text_len = strlen(f[i][2])};
		marsad_article a = {.doc = &d, .content_hash = i + 1};
		marsad_index_terms *t = NULL;
		CHECK(marsad_store_analyze(&a, &t) == MARSAD_OK && t);
		marsad_store_result res = 0;
		CHECK(marsad_store_put_analyzed(s, &a, t, &res) == MARSAD_OK &&
		      res == MARSAD_STORE_ADDED);
	}
	CHECK(marsad_store_commit(s) == MARSAD_OK);
	CHECK(fts_intact(s));
	CHECK_STR(keys(s, "المدرسة", NULL), "c1");
	CHECK_STR(keys(s, "الخارجية", NULL), "c2");
	CHECK_STR(keys(s, "عنوان", NULL), "c3");
	marsad_store_close(s);
}

/* During an ingest: automerge and foreign-key checks are off, every
 * batch's segment stays searchable, and the end merges them (what
 * automerge would have, all into one, or none, left to steps) and turns
 * both back on. Not inside a batch. */
static void test_ingest_mode(void)
{
	const marsad_ingest_merge modes[] = {
		MARSAD_MERGE_PENDING, MARSAD_MERGE_ALL, MARSAD_MERGE_NONE};
	long long merged_all = 0;
	for (size_t mode = 0; mode < 3; mode++) {
		marsad_ingest_merge merge = modes[mode];
		marsad_store *s = NULL;
		CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
		if (!s)
			return;
		const char *automerge =
			"SELECT v FROM articles_fts_config WHERE k = 'automerge'";
		const char *crisismerge =
			"SELECT v FROM articles_fts_config WHERE k = "
			"'crisismerge'";
		const char *segments =
			"SELECT count(*) FROM articles_fts_data WHERE id > 10";
		CHECK(marsad_store_ingest_begin(s) == MARSAD_OK);
		CHECK(scalar(s, automerge) == 0);
		CHECK(scalar(s, "PRAGMA foreign_keys") == 0);
		/* one document per batch: a segment each */
		for (size_t i = 0; i < N_DOCS; i++) {
			CHECK(marsad_store_begin(s) == MARSAD_OK);
			CHECK(marsad_store_ingest_begin(s) == MARSAD_EINVAL);
			CHECK(marsad_store_ingest_end(s, merge) ==
			      MARSAD_EINVAL);
			CHECK(put(s, &docs[i], docs[i].text, i + 1) ==
			      MARSAD_STORE_ADDED);
			CHECK(marsad_store_commit(s) == MARSAD_OK);
		}
		long long three = scalar(s, segments);
		/* more one-page segments than FTS5 merges at once by default
		 * (crisismerge, 16): all wait for the end */
		for (int i = 0; i < 17; i++) {
			char key[8];
			snprintf(key, sizeof key, "n%d", i);
			struct fixture f = {key, "x", NULL, "عنوان", "", NULL};
			CHECK(put(s, &f, "مقال قصير عن الطقس.", 100 + i) ==
			      MARSAD_STORE_ADDED);
		}
		long long before = scalar(s, segments);
		CHECK(before == three + 17);
		CHECK_STR(keys(s, "فيدال", NULL), "a2");
		CHECK(marsad_store_ingest_end(s, merge) == MARSAD_OK);
		CHECK(scalar(s, automerge) == 8);
		CHECK(scalar(s, crisismerge) == 16);
		CHECK(scalar(s, "PRAGMA foreign_keys") == 1);
		if (merge == MARSAD_MERGE_NONE) {
			/* nothing merged yet; steps merge it all, searchable
			 * between any two */
			CHECK(scalar(s, segments) == before);
			int more = 1, steps = 0;
			while (more && steps < 1000) {
				CHECK(marsad_store_optimize_step(s, &more) ==
				      MARSAD_OK);
				CHECK_STR(keys(s, "فيدال", NULL), "a2");
				steps++;
			}
			CHECK(!more && steps >= 2);
			CHECK(scalar(s, segments) == merged_all);
			CHECK(marsad_store_optimize(s) == MARSAD_OK);
		}
		/* after a bulk load, one segment; else what automerge would
		 * have merged */
		CHECK(scalar(s, segments) < before);
		if (merge == MARSAD_MERGE_ALL)
			merged_all = scalar(s, segments);
		CHECK_STR(keys(s, "فيدال", NULL), "a2");
		CHECK(fts_intact(s));
		marsad_store_close(s);
	}
}

/* In a store past COMMON_MIN_ROWS articles: a word in most of them is
 * not scored when rarer ones are; a search repeated (its postings then
 * come from the connection's cache) gives the same hits and scores; and a
 * new article is found at once (the cache follows the file). */
static void test_common(void)
{
	marsad_store *s = NULL;
	CHECK(marsad_store_open(":memory:", &s) == MARSAD_OK);
	if (!s)
		return;
	CHECK(marsad_store_begin(s) == MARSAD_OK);
	for (int i = 0; i < 1200; i++) {
		char key[16], text[256];
		snprintf(key, sizeof key, "k%d", i);
		snprintf(text, sizeof text, "خبر عن المملكة رقم %d%s.", i,
			 i % 40 == 0 ? " عن الزلزال" : "");
		marsad_doc d = {.key = key, .title = "خبر", .text = text,
				.text_len = strlen(text)};
		marsad_article a = {.doc = &d, .content_hash = 1};
		CHECK(marsad_store_put(s, &a, NULL) == MARSAD_OK);
	}
	CHECK(marsad_store_commit(s) == MARSAD_OK);
	marsad_search_opts o = {.limit = 100, .flags = MARSAD_SEARCH_NO_SNIPPET};
	const char *q = "المملكة الزلزال";
	marsad_hit *h1 = NULL, *h2 = NULL;
	size_t n1 = 0, n2 = 0;
	CHECK(marsad_store_search(s, q, strlen(q), &o, &h1, &n1) == MARSAD_OK);
	CHECK(n1 == 30); /* the common word alone finds nothing */
	CHECK(marsad_store_search(s, q, strlen(q), &o, &h2, &n2) == MARSAD_OK);
	CHECK(n1 == n2);
	for (size_t i = 0; i < n1 && i < n2; i++)
		CHECK(strcmp(h1[i].key, h2[i].key) == 0 &&
		      h1[i].score == h2[i].score);
	marsad_hits_free(h1, n1);
	marsad_hits_free(h2, n2);
	/* Every word common: they are scored after all. */
	CHECK(keys(s, "المملكة", NULL)[0] != 0);
	marsad_doc d = {.key = "new", .title = "الزلزال",
			.text = "زلزال في المملكة."};
	d.text_len = strlen(d.text);
	marsad_article a = {.doc = &d, .content_hash = 2};
	CHECK(marsad_store_put(s, &a, NULL) == MARSAD_OK);
	CHECK(marsad_store_search(s, q, strlen(q), &o, &h1, &n1) == MARSAD_OK);
	CHECK(n1 == 31 && strcmp(h1[0].key, "new") == 0);
	marsad_hits_free(h1, n1);
	marsad_store_close(s);
}

/* highlight() marks the words as written, diacritics and clitics kept. */
static void test_offsets(void)
{
	marsad_store *s = fresh();
	if (!s)
		return;
	sqlite3_stmt *st;
	const char *sql =
		"SELECT highlight(articles_fts, 1, '[', ']') FROM articles_fts "
		"WHERE articles_fts MATCH ?1";
	CHECK(sqlite3_prepare_v2(marsad_store_db(s), sql, -1, &st, NULL) ==
	      SQLITE_OK);
	sqlite3_bind_text(st, 1, "مدرسه", -1, SQLITE_STATIC);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	const char *h = (const char *)sqlite3_column_text(st, 0);
	CHECK(h && strstr(h, "افتُتِحَت [المدرسةُ] الجديدة"));
	CHECK(h && strstr(h, "إن [المدرسة] تستقبل"));
	sqlite3_finalize(st);

	marsad_hit *hits;
	size_t n;
	marsad_search_opts o = {.mark_open = "<", .mark_close = ">"};
	CHECK(marsad_store_search(s, "الخارجية", strlen("الخارجية"), &o,
				  &hits, &n) == MARSAD_OK);
	CHECK(n == 1 && strstr(hits[0].snippet, "<الخارجيّة>"));
	CHECK(n == 1 && strcmp(hits[0].key, "a1") == 0 &&
	      strcmp(hits[0].outlet, "spa") == 0 && hits[0].score > 0);
	marsad_hits_free(hits, n);
	marsad_store_close(s);
}

/* Spelling variants of one word find the same article. */
static void test_variants(void)
{
	marsad_store *s = fresh();
	if (!s)
		return;
	static const char *const same[][5] = {
		{"المدرسة", "المدرسه", "مدرسة", "والمدرسة", "المَدْرَسَةُ"},
		{"الأمير", "الامير", "الأمِيرُ", "للأمير", "والامير"},
		{"أعلن", "اعلن", "أَعْلَنَ", "إعلن", "أعلن"},
		{"٣٥", "35", "۳۵", "35", "٣٥"},
		{"فيدال", "وفيدال", "لفيدال", "فِيدال", "بفيدال"},
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		char want[256];
		snprintf(want, sizeof want, "%s", keys(s, same[i][0], NULL));
		CHECK(want[0] != 0);
		for (int k = 1; k < 5; k++) {
			const char *got = keys(s, same[i][k], NULL);
			CHECK_STR(got, want);
			if (strcmp(got, want) != 0)
				fprintf(stderr, "  query [%s]\n", same[i][k]);
		}
	}
	marsad_store_close(s);
}

static void test_query_language(void)
{
	marsad_store *s = fresh();
	if (!s)
		return;
	/* OR semantics: one shared word is enough, more words rank higher. */
	CHECK_STR(keys(s, "فيدال المدرسة الأمير", NULL), "a3 a2");
	CHECK_STR(keys(s, "+فيدال المدرسة", NULL), "a2");
	CHECK_STR(keys(s, "المدرسة -الأمير", NULL), "");
	CHECK_STR(keys(s, "المدرسة فيدال -الأمير", NULL), "a2");
	CHECK_STR(keys(s, "\"بايرن ميونيخ\"", NULL), "a2");
	CHECK_STR(keys(s, "+\"ميونيخ بايرن\"", NULL), "");
	const char *either = keys(s, "+المدرسة OR +فيدال", NULL);
	CHECK(strcmp(either, "a3 a2") == 0 || strcmp(either, "a2 a3") == 0);
	CHECK_STR(keys(s, "+المدرسة OR +فيدال -ميونيخ", NULL), "a3");
	CHECK_STR(keys(s, "بايرن OR يوفنتوس", NULL), "a2");
	CHECK_STR(keys(s, "=المدرسة", NULL), "a3");
	CHECK_STR(keys(s, "=والمدرسة", NULL), "");
	CHECK_STR(keys(s, "ميون*", NULL), "a2");
	CHECK_STR(keys(s, "في من عن", NULL), ""); /* stopwords only */

	marsad_search_opts o = {.outlet = "okaz"};
	CHECK_STR(keys(s, "فيدال المدرسة", &o), "a3");
	o = (marsad_search_opts){.since = "2015-07-24", .until = "2015-07-24"};
	CHECK_STR(keys(s, "فيدال المدرسة الملك", &o), "a2");
	o = (marsad_search_opts){.limit = 1};
	CHECK_STR(keys(s, "فيدال المدرسة الأمير", &o), "a3");
	o = (marsad_search_opts){.since = "24-07-2015"};
	marsad_hit *h;
	size_t n;
	CHECK(marsad_store_search(s, "فيدال", strlen("فيدال"), &o, &h, &n) ==
	      MARSAD_EINVAL);
	/* The date prior only reorders. */
	o = (marsad_search_opts){.near = "2015-07-23"};
	const char *near = keys(s, "فيدال الملك", &o);
	CHECK(strcmp(near, "a1 a2") == 0 || strcmp(near, "a2 a1") == 0);
	marsad_store_close(s);
}

/* Whatever is pasted, a query is never an error. */
static void test_hostile(void)
{
	marsad_store *s = fresh();
	if (!s)
		return;
	static const char *const qs[] = {
		"", " ", "\"", "\"\"", "\"\"\"", "(", ")", "()", "(فيدال",
		"فيدال)", "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a AND b",
		"OR OR OR", "-", "+", "+-", "-+فيدال", "*", "**", "^", "^فيدال",
		"title:فيدال", ":", "{title text}: x", "فيدال*", "\"فيدال\"*",
		"=", "==فيدال", "\"فيدال OR\"", "فيدال NOT الملك", "- - -",
		"\x01", "\x01فيدال", "a\"b\"c", "\xff\xfe", "فيدال\xd8",
		"'; DROP TABLE articles; --", "%", "_", "\\", "\"\\\"",
		"بايرن OR", "OR بايرن", "+OR", "-OR", "\"OR\"",
	};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		marsad_hit *h;
		size_t n;
		int rc = marsad_store_search(s, qs[i], strlen(qs[i]), NULL, &h,
					     &n);
		CHECK(rc == MARSAD_OK);
		if (rc != MARSAD_OK)
			fprintf(stderr, "  query [%s]: %s\n", qs[i],
				marsad_strerror(rc));
		marsad_hits_free(h, n);
	}
	/* A very long pasted text: every article's words, many times. */
	marsad_buf b = MARSAD_BUF_INIT;
	for (int r = 0; r < 300; r++)
		for (size_t i = 0; i < N_DOCS; i++) {
			marsad_buf_append(&b, docs[i].text, strlen(docs[i].text));
			marsad_buf_append(&b, " \"( * ^ NEAR OR - ", 18);
		}
	marsad_hit *h;
	size_t n;
	CHECK(marsad_store_search(s, b.data, b.len, NULL, &h, &n) == MARSAD_OK);
	CHECK(n > 0);
	marsad_hits_free(h, n);
	marsad_buf_clear(&b);

	/* Only analyzed terms reach MATCH. */
	marsad_buf e = MARSAD_BUF_INIT;
	CHECK(marsad_search_expr("NEAR(x) ^y title:z", 18, &e) == MARSAD_OK);
	CHECK(e.data && !strstr(e.data, "NEAR(") && !strstr(e.data, "^") &&
	      !strstr(e.data, ":"));
	marsad_buf_reset(&e);
	CHECK(marsad_search_expr("في", strlen("في"), &e) == MARSAD_OK);
	CHECK(e.len == 0);
	marsad_buf_clear(&e);
	marsad_store_close(s);
}

/* A file of schema version 1, as the first release wrote it. */
static const char v1_schema[] =
	"CREATE TABLE articles(id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL UNIQUE, outlet TEXT, url TEXT,"
	" title TEXT NOT NULL DEFAULT '', published TEXT,"
	" text TEXT NOT NULL DEFAULT '', hash INTEGER NOT NULL);"
	"CREATE TABLE sentences(article_id INTEGER NOT NULL REFERENCES"
	" articles(id) ON DELETE CASCADE, n INTEGER NOT NULL,"
	" start INTEGER NOT NULL, end INTEGER NOT NULL,"
	" PRIMARY KEY(article_id, n)) WITHOUT ROWID;"
	"INSERT INTO articles(key, outlet, title, published, text, hash)"
	" VALUES('old', 'spa', 'خبر قديم', '2015-07-20',"
	" 'افتتح الأمير المعرض الدولي للكتاب.', 5);"
	"PRAGMA user_version = 1;";

/* A file written by an older marsad (its whole schema and rows in sql),
 * then opened, which upgrades it; its name in path. */
static marsad_store *old_store(const char *sql, char *path, size_t cap)
{
	snprintf(path, cap, "/tmp/marsad-test-store-%d.db", (int)getpid());
	unlink(path);
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(marsad_fts5_register(db) == MARSAD_OK);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	marsad_store *s = NULL;
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	return s;
}

/* Removes the file at path with its WAL and shared-memory files. */
static void remove_store(const char *path)
{
	char side[80];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* A new store at /tmp/marsad-test-NAME-PID.db (its path to path) holding
 * the test documents; NULL when it cannot be opened. */
static marsad_store *filled_store(const char *name, char *path, size_t cap)
{
	snprintf(path, cap, "/tmp/marsad-test-%s-%d.db", name, (int)getpid());
	remove_store(path);
	marsad_store *s = NULL;
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	for (size_t i = 0; s && i < N_DOCS; i++)
		put(s, &docs[i], docs[i].text, i + 1);
	return s;
}

/* A store set up for searching finds what it found before, snippets
 * and scores alike, and still takes articles. */
static void test_search_mode(void)
{
	char path[64];
	marsad_store *s = filled_store("search-mode", path, sizeof path);
	if (!s)
		return;
	static const char *const queries[] = {
		"المدرسة الجديدة", "وزير الخارجية", "\"بايرن ميونيخ\" -فيدال",
		"يوفنتوس OR +الطائف"};
	enum { NQ = sizeof queries / sizeof *queries };
	marsad_hit *before[NQ], *after[NQ];
	size_t n_before[NQ], n_after[NQ];
	size_t found = 0;
	for (int i = 0; i < NQ; i++) {
		CHECK(marsad_store_search(s, queries[i], strlen(queries[i]),
					  NULL, &before[i], &n_before[i]) ==
		      MARSAD_OK);
		found += n_before[i];
	}
	CHECK(found >= NQ - 1); /* the excluded word empties one */
	CHECK(marsad_store_search_mode(s) == MARSAD_OK);
	CHECK(scalar(s, "PRAGMA mmap_size") == 0);
	for (int i = 0; i < NQ; i++) {
		CHECK(marsad_store_search(s, queries[i], strlen(queries[i]),
					  NULL, &after[i], &n_after[i]) ==
		      MARSAD_OK);
		CHECK(n_before[i] == n_after[i]);
		for (size_t k = 0; k < n_before[i] && k < n_after[i]; k++)
			CHECK(strcmp(before[i][k].key, after[i][k].key) == 0 &&
			      before[i][k].score == after[i][k].score &&
			      strcmp(before[i][k].snippet,
				     after[i][k].snippet) == 0);
		marsad_hits_free(before[i], n_before[i]);
		marsad_hits_free(after[i], n_after[i]);
	}
	struct fixture f = {"later", "spa", "2015-07-26", "مدرسة أخرى", "",
			    NULL};
	CHECK(put(s, &f, "افتتح الأمير المعرض.", 99) == MARSAD_STORE_ADDED);
	CHECK_STR(keys(s, "المعرض", NULL), "later");
	marsad_store_close(s);
	CHECK(marsad_store_search_mode(NULL) == MARSAD_EINVAL);
	remove_store(path);
}

static void test_upgrade(void)
{
	char path[64];
	marsad_store *s = old_store(v1_schema, path, sizeof path);
	if (!s)
		return;
	CHECK(scalar(s, "PRAGMA user_version") == MARSAD_STORE_VERSION);
	CHECK_STR(keys(s, "المعرض", NULL), "old"); /* indexed on upgrade */
	struct fixture f = {"old", "spa", "2015-07-20", "خبر قديم", "",
			    NULL};
	CHECK(put(s, &f, "افتتح الأمير المعرض الدولي للكتاب.", 5) ==
	      MARSAD_STORE_UNCHANGED);
	CHECK(scalar(s, "SELECT count(*) FROM stories") == 0);
	marsad_store_close(s);

	/* Reopening a current file changes nothing. */
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	CHECK(s && scalar(s, "SELECT count(*) FROM articles") == 1);
	marsad_store_close(s);

	/* A file from a newer marsad is refused, not damaged. */
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	s = NULL;
	CHECK(marsad_store_open(path, &s) == MARSAD_EDB && s == NULL);
	unlink(path);

	/* Not a database at all. */
	FILE *fp = fopen(path, "w");
	if (fp) {
		fputs("this is not a database file, just some text.\n", fp);
		for (int i = 0; i < 100; i++)
			fputs("padding padding padding padding\n", fp);
		fclose(fp);
	}
	CHECK(marsad_store_open(path, &s) < 0 && s == NULL);
	remove_store(path);
}

/* Takes article `key` out of the full-text index of the file at path,
 * and stamps the index as made by analyzer `version` (0: leaves the
 * stamp). */
static void tamper(const char *path, const char *key, long long version)
{
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(marsad_fts5_register(db) == MARSAD_OK);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
		 "SELECT 'delete', id, title, text FROM articles "
		 "WHERE key = '%s'", key);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	if (version) {
		snprintf(sql, sizeof sql,
			 "UPDATE store_meta SET value = %lld "
			 "WHERE key = 'analyzer'", version);
		CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	}
	sqlite3_close(db);
}

/* An index made by another analyzer is made again when the store opens;
 * one made by this analyzer is left as it is. */
static void test_analyzer_version(void)
{
	char path[64];
	marsad_store *s = filled_store("analyzer", path, sizeof path);
	if (!s)
		return;
	int64_t v = 0;
	CHECK(marsad_store_meta_get(s, "analyzer", &v) == MARSAD_OK);
	CHECK((uint64_t)v == marsad_analyzer_version() && v > 0);
	CHECK(marsad_store_meta_get(s, "no such key", &v) ==
	      MARSAD_ENOTFOUND);
	CHECK_STR(keys(s, "فيدال", NULL), "a2");
	marsad_store_close(s);

	/* same analyzer: the index is trusted (a2 stays out of it) */
	tamper(path, "a2", 0);
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	CHECK_STR(keys(s, "فيدال", NULL), "");
	marsad_store_close(s);

	/* another analyzer: made again from the texts, stamped */
	tamper(path, "a1", 12345);
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	CHECK_STR(keys(s, "فيدال", NULL), "a2");
	CHECK_STR(keys(s, "شكري", NULL), "a1");
	CHECK(fts_intact(s));
	CHECK(marsad_store_meta_get(s, "analyzer", &v) == MARSAD_OK &&
	      (uint64_t)v == marsad_analyzer_version());
	CHECK(marsad_store_meta_set(s, "x", -7) == MARSAD_OK);
	CHECK(marsad_store_meta_get(s, "x", &v) == MARSAD_OK && v == -7);
	marsad_store_close(s);

	/* another connection writing: the open does not wait to rebuild,
	 * and the next open, the file free, does */
	tamper(path, "a2", 999);
	sqlite3 *writer;
	CHECK(sqlite3_open(path, &writer) == SQLITE_OK);
	CHECK(sqlite3_exec(writer, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	      SQLITE_OK);
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	CHECK_STR(keys(s, "فيدال", NULL), "");
	CHECK(marsad_store_meta_get(s, "analyzer", &v) == MARSAD_OK &&
	      v == 999);
	marsad_store_close(s);
	sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(writer);
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	CHECK_STR(keys(s, "فيدال", NULL), "a2");
	CHECK(marsad_store_meta_get(s, "analyzer", &v) == MARSAD_OK &&
	      (uint64_t)v == marsad_analyzer_version());
	marsad_store_close(s);
	remove_store(path);
}

/* The index's first tokens (no "index.tokens"): every word as its stem
 * and, colocated, a word of a surface token as "=" + its surface. */
struct first_ctx {
	void *fts;
	int (*emit)(void *, int, const char *, int, int, int);
};

static int first_token(void *ctx, const marsad_token *t)
{
	struct first_ctx *c = ctx;
	char surface[MARSAD_TOKEN_MAX + 2] = "=";
	int start = (int)t->start, end = (int)t->end;
	if (c->emit(c->fts, 0, t->stem, (int)t->stem_len, start, end) !=
	    SQLITE_OK)
		return 1;
	if (t->kind != MARSAD_TOKEN_ARABIC && t->norm_len == t->stem_len &&
	    memcmp(t->norm, t->stem, t->norm_len) == 0)
		return 0;
	memcpy(surface + 1, t->norm, t->norm_len);
	return c->emit(c->fts, FTS5_TOKEN_COLOCATED, surface,
		       (int)t->norm_len + 1, start, end) != SQLITE_OK;
}

static int first_create(void *p, const char **argv, int argc,
			Fts5Tokenizer **out)
{
	*out = p;
	return SQLITE_OK;
}

static void first_delete(Fts5Tokenizer *t)
{
}

static int first_tokenize(Fts5Tokenizer *t, void *fts, int flags,
			  const char *text, int n,
			  int (*emit)(void *, int, const char *, int, int, int))
{
	struct first_ctx c = {fts, emit};
	return marsad_analyze(text, (size_t)n, 0, first_token, &c) < 0
		       ? SQLITE_ERROR
		       : SQLITE_OK;
}

/* Makes the index of the file at path again with the first tokens, and
 * takes its stamp away, as a marsad before index.tokens 2 left it. */
static void index_as_first(const char *path)
{
	static fts5_tokenizer first = {first_create, first_delete,
				       first_tokenize};
	static char instance;
	sqlite3 *db;
	sqlite3_stmt *st;
	fts5_api *api = NULL;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) ==
	      SQLITE_OK);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	CHECK(api && api->xCreateTokenizer(api, "marsad", &instance, &first,
					   NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(db,
			   "INSERT INTO articles_fts(articles_fts) "
			   "VALUES('rebuild');"
			   "DELETE FROM store_meta WHERE key = 'index.tokens';"
			   "CREATE VIRTUAL TABLE temp.first USING "
			   "fts5vocab(main, articles_fts, row);",
			   NULL, NULL, NULL) == SQLITE_OK);
	/* the stem of a word written as its stem, beside its surface */
	CHECK(sqlite3_prepare_v2(db,
				 "SELECT count(*) FROM temp.first WHERE term "
				 "IN ('فيدال', '=فيدال', '#فيدال')",
				 -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_column_int(st, 0) == 2);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* How many times the index holds term. */
static long long instances(marsad_store *s, const char *term)
{
	sqlite3_exec(marsad_store_db(s),
		     "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING "
		     "fts5vocab(main, articles_fts, row)",
		     NULL, NULL, NULL);
	char *sql = sqlite3_mprintf(
		"SELECT coalesce(sum(cnt), 0) FROM temp.vocab WHERE term = %Q",
		term);
	long long n = sql ? scalar(s, sql) : -1;
	sqlite3_free(sql);
	return n;
}

/* A word written as its stem is indexed once, as the self token, and
 * every query finds it as before; an index of the first tokens is made
 * again when the store opens, and searches the same. */
static void test_index_tokens(void)
{
	static const char *const qs[] = {
		"فيدال", "وفيدال", "=فيدال", "=وفيدال", "فيد*", "=فيد*",
		"المدرسة", "=المدرسة", "مدرسة جديدة", "\"بايرن ميونيخ\"",
		"+فيدال المدرسة", "المدرسة -الأمير", "+يوفنتوس OR +شكري",
		"الأمير الطائف", "=الطائف",
	};
	enum { N_QS = sizeof qs / sizeof *qs };
	char path[64], want[N_QS][256];
	marsad_store *s = filled_store("tokens", path, sizeof path);
	if (!s)
		return;
	/* a2's title and text: "فيدال" twice, as written */
	CHECK(instances(s, "#فيدال") == 2);
	CHECK(instances(s, "فيدال") == 0 && instances(s, "=فيدال") == 0);
	/* a3's "المدرسة" and "مدرسة": stem and surface */
	CHECK(instances(s, "=المدرسه") == 2 && instances(s, "=مدرسه") == 1);
	CHECK(instances(s, "#مدرس") == 0 && instances(s, "مدرس") == 3);
	for (int i = 0; i < N_QS; i++)
		snprintf(want[i], sizeof want[i], "%s", keys(s, qs[i], NULL));
	CHECK_STR(want[0], "a2");
	CHECK_STR(want[1], "a2");
	CHECK_STR(want[2], "a2");
	CHECK_STR(want[3], "");
	CHECK_STR(want[4], "a2");
	CHECK_STR(want[5], "a2");
	CHECK_STR(want[14], "a3");
	int64_t v = 0;
	CHECK(marsad_store_meta_get(s, "index.tokens", &v) == MARSAD_OK &&
	      v == 2);
	marsad_store_close(s);

	index_as_first(path);
	CHECK(marsad_store_open(path, &s) == MARSAD_OK);
	if (!s)
		return;
	CHECK(marsad_store_meta_get(s, "index.tokens", &v) == MARSAD_OK &&
	      v == 2);
	CHECK(instances(s, "#فيدال") == 2 && instances(s, "فيدال") == 0);
	CHECK(fts_intact(s));
	for (int i = 0; i < N_QS; i++) {
		const char *got = keys(s, qs[i], NULL);
		CHECK_STR(got, want[i]);
		if (strcmp(got, want[i]) != 0)
			fprintf(stderr, "  query [%s]\n", qs[i]);
	}
	/* an update takes the new tokens out of the index again */
	CHECK(put(s, &docs[1], "نص جديد عن روسيا.", 99) ==
	      MARSAD_STORE_UPDATED);
	CHECK(fts_intact(s));
	CHECK_STR(keys(s, "فيدال", NULL), "a2"); /* its title */
	CHECK_STR(keys(s, "روسيا", NULL), "a2");
	marsad_store_close(s);
	remove_store(path);
}

/* A file of schema version 4 (the last before mentions, quotes and dates
 * lost their copies of the text and url its copy of the key), with one
 * article of each kind of url and what extraction wrote for the first. */
static const char v4_schema[] =
	"CREATE TABLE articles(id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL UNIQUE, outlet TEXT, url TEXT,"
	" title TEXT NOT NULL DEFAULT '', published TEXT,"
	" text TEXT NOT NULL DEFAULT '', hash INTEGER NOT NULL,"
	" removed TEXT NOT NULL DEFAULT '[]', lang TEXT);"
	"CREATE TABLE sentences(article_id INTEGER NOT NULL REFERENCES"
	" articles(id) ON DELETE CASCADE, n INTEGER NOT NULL,"
	" start INTEGER NOT NULL, end INTEGER NOT NULL,"
	" PRIMARY KEY(article_id, n)) WITHOUT ROWID;"
	"CREATE INDEX articles_url ON articles(url);"
	"CREATE INDEX articles_published ON articles(published);"
	"CREATE INDEX articles_outlet ON articles(outlet, published);"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,"
	" content='articles', content_rowid='id', tokenize='marsad');"
	"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	" VALUES('delete', old.id, old.title, old.text); END;"
	"CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles"
	" BEGIN INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	" VALUES('delete', old.id, old.title, old.text);"
	" INSERT INTO articles_fts(rowid, title, text)"
	" VALUES(new.id, new.title, new.text); END;"
	"CREATE TABLE entities(id INTEGER PRIMARY KEY, type TEXT NOT NULL,"
	" canonical TEXT NOT NULL, UNIQUE(type, canonical));"
	"CREATE TABLE entity_variants(entity_id INTEGER NOT NULL REFERENCES"
	" entities(id) ON DELETE CASCADE, surface TEXT NOT NULL,"
	" PRIMARY KEY(entity_id, surface)) WITHOUT ROWID;"
	"CREATE TABLE mentions(article_id INTEGER NOT NULL REFERENCES"
	" articles(id) ON DELETE CASCADE, entity_id INTEGER REFERENCES"
	" entities(id) ON DELETE SET NULL, start INTEGER NOT NULL,"
	" end INTEGER NOT NULL, text TEXT NOT NULL, type TEXT NOT NULL,"
	" confidence REAL);"
	"CREATE INDEX mentions_article ON mentions(article_id);"
	"CREATE INDEX mentions_entity ON mentions(entity_id);"
	"CREATE TABLE dates(article_id INTEGER NOT NULL REFERENCES"
	" articles(id) ON DELETE CASCADE, start INTEGER NOT NULL,"
	" end INTEGER NOT NULL, text TEXT NOT NULL, value TEXT NOT NULL,"
	" granularity INTEGER NOT NULL, flags INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX dates_article ON dates(article_id);"
	"CREATE INDEX dates_value ON dates(value);"
	"CREATE TABLE quotes(article_id INTEGER NOT NULL REFERENCES"
	" articles(id) ON DELETE CASCADE, start INTEGER NOT NULL,"
	" end INTEGER NOT NULL, text TEXT NOT NULL, speaker TEXT,"
	" speaker_type TEXT, speaker_id INTEGER REFERENCES entities(id)"
	" ON DELETE SET NULL, verb TEXT, direct INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX quotes_article ON quotes(article_id);"
	"CREATE TABLE copies(from_id INTEGER NOT NULL REFERENCES articles(id)"
	" ON DELETE CASCADE, to_id INTEGER NOT NULL REFERENCES articles(id)"
	" ON DELETE CASCADE, from_start INTEGER NOT NULL,"
	" from_end INTEGER NOT NULL, to_start INTEGER NOT NULL,"
	" to_end INTEGER NOT NULL, similarity REAL NOT NULL);"
	"CREATE INDEX copies_from ON copies(from_id);"
	"CREATE INDEX copies_to ON copies(to_id);"
	"CREATE TABLE topics(id INTEGER PRIMARY KEY, label TEXT);"
	"CREATE TABLE stories(id INTEGER PRIMARY KEY, topic_id INTEGER"
	" REFERENCES topics(id) ON DELETE SET NULL, headline TEXT,"
	" first TEXT, last TEXT, summary TEXT);"
	"CREATE TABLE story_articles(story_id INTEGER NOT NULL REFERENCES"
	" stories(id) ON DELETE CASCADE, article_id INTEGER NOT NULL"
	" REFERENCES articles(id) ON DELETE CASCADE,"
	" PRIMARY KEY(story_id, article_id)) WITHOUT ROWID;"
	"CREATE INDEX story_articles_article ON story_articles(article_id);"
	"CREATE TABLE timeline(story_id INTEGER NOT NULL REFERENCES"
	" stories(id) ON DELETE CASCADE, date TEXT NOT NULL,"
	" text TEXT NOT NULL, article_id INTEGER REFERENCES articles(id)"
	" ON DELETE CASCADE);"
	"CREATE INDEX timeline_story ON timeline(story_id);"
	"INSERT INTO articles(id, key, outlet, url, title, published, text,"
	" hash) VALUES"
	" (1, 'http://a/1', 'spa', 'http://a/1', 'خبر', '2015-07-20',"
	" 'قال بوتين إن المحادثات مستمرة.', 5),"
	" (2, 'k2', 'okaz', 'http://b/2', 'خبر ثان', NULL,"
	" 'افتتح الأمير المعرض الدولي للكتاب.', 6),"
	" (3, 'k3', NULL, NULL, 'خبر ثالث', NULL, 'نص قصير.', 7);"
	"INSERT INTO articles_fts(articles_fts) VALUES('rebuild');"
	"INSERT INTO entities VALUES(1, 'PER', 'فلاديمير بوتين');"
	"INSERT INTO entity_variants VALUES(1, 'بوتين');"
	"INSERT INTO mentions VALUES(1, 1, 7, 17, 'بوتين', 'PER', 0.9);"
	"INSERT INTO quotes VALUES(1, 18, 55, 'إن المحادثات مستمرة.', 'بوتين',"
	" 'PER', 1, 'قال', 0);"
	"INSERT INTO dates VALUES(2, 0, 4, 'افتتح', '', 0, 0);"
	"INSERT INTO stories VALUES(1, NULL, 'خبر', '2015-07-20',"
	" '2015-07-20', '{\"summary\":[]}'), (2, NULL, 'خبر ثان', NULL,"
	" NULL, NULL);"
	"INSERT INTO story_articles VALUES(1, 1), (2, 2);"
	"PRAGMA user_version = 4;";

static void test_upgrade_v4(void)
{
	char path[64];
	marsad_store *s = old_store(v4_schema, path, sizeof path);
	if (!s)
		return;
	CHECK(scalar(s, "PRAGMA user_version") == MARSAD_STORE_VERSION);
	/* url reads as before; only the url that is not the key is kept. */
	CHECK(scalar(s, "SELECT count(*) FROM articles WHERE"
			" (id = 1 AND url = 'http://a/1' AND url_stored = '')"
			" OR (id = 2 AND url = 'http://b/2'"
			" AND url_stored = 'http://b/2')"
			" OR (id = 3 AND url IS NULL AND url_stored IS NULL)") == 3);
	/* Spans and links kept, copies of the text gone. */
	CHECK(scalar(s, "SELECT count(*) FROM mentions WHERE article_id = 1"
			" AND entity_id = 1 AND start = 7 AND end = 17"
			" AND type = 'PER'") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM quotes WHERE start = 18"
			" AND end = 55 AND speaker = 'بوتين' AND speaker_id = 1"
			" AND verb = 'قال' AND direct = 0") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM pragma_table_info('mentions')"
			" WHERE name = 'text'") == 0);
	CHECK(scalar(s, "SELECT count(*) FROM pragma_table_info('quotes')"
			" WHERE name = 'text'") == 0);
	CHECK(scalar(s, "SELECT count(*) FROM dates") == 1);
	/* Schema 7: numbered in their article, one b-tree per table. */
	CHECK(scalar(s, "SELECT count(*) FROM mentions m JOIN quotes q"
			" USING (article_id, n) JOIN dates d ON d.n = m.n"
			" WHERE m.n = 0") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM sqlite_schema WHERE name IN"
			" ('mentions_article', 'dates_article',"
			" 'quotes_article')") == 0);
	/* The text of a span, read from the article. */
	CHECK(scalar(s, "SELECT CAST(substr(CAST(a.text AS BLOB), m.start + 1,"
			" m.end - m.start) AS TEXT) = 'بوتين' FROM mentions m"
			" JOIN articles a ON a.id = m.article_id") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM sqlite_schema WHERE name IN"
			" ('articles_url', 'articles_published',"
			" 'articles_outlet', 'dates_value', 'mentions_entity')")
	      == 0);
	CHECK_STR(keys(s, "المعرض", NULL), "k2");
	/* Schema 10: a summary in a table of its own, the column gone. */
	CHECK(scalar(s, "SELECT count(*) FROM story_summaries WHERE"
			" story_id = 1 AND summary = '{\"summary\":[]}'") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM story_summaries") == 1);
	CHECK(scalar(s, "SELECT count(*) FROM pragma_table_info('stories')"
			" WHERE name = 'summary'") == 0);
	CHECK(sqlite3_exec(marsad_store_db(s), "DELETE FROM stories WHERE"
			   " id = 1", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(scalar(s, "SELECT count(*) FROM story_summaries") == 0);
	/* Writing goes on: an updated article keeps its url and id. */
	struct fixture f = {"http://a/1", "spa", "2015-07-20", "خبر", "",
			    "http://a/1"};
	CHECK(put(s, &f, "قال بوتين إن المحادثات انتهت.", 9) ==
	      MARSAD_STORE_UPDATED);
	CHECK(scalar(s, "SELECT count(*) FROM articles WHERE id = 1 AND"
			" url = key AND url_stored = ''") == 1);
	CHECK_STR(keys(s, "انتهت", NULL), "http://a/1");
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(marsad_store_db(s), "PRAGMA integrity_check",
				 -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW &&
	      strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0);
	sqlite3_finalize(st);
	marsad_store_close(s);
	remove_store(path);
}

int main(void)
{
	test_put();
	test_entity_ids();
	test_analyzed();
	test_many_rows();
	test_ingest_mode();
	test_common();
	test_search_mode();
	test_offsets();
	test_variants();
	test_query_language();
	test_hostile();
	test_upgrade();
	test_upgrade_v4();
	test_analyzer_version();
	test_index_tokens();
	CHECK_DONE();
}
