/*
 * fuzz_query.c — the search query parser: any bytes are a query. The
 * expression it builds must be accepted by FTS5 (never a syntax error),
 * and a search with it must succeed, on a small in-memory store.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/store.h"

static marsad_store *store;

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_query: %s\n", why);
	abort();
}

static void setup(void)
{
	static const char *const texts[][2] = {
		{"العاهل السعودي يستقبل وزير الخارجية المصري",
		 "استقبل خادم الحرمين الشريفين الملك سلمان وزيرَ الخارجيّة "
		 "المصريَّ سامح شكري في جدة."},
		{"بايرن ميونيخ يتفق مع يوفنتوس على ضم فيدال",
		 "أعلن نادي بايرن ميونيخ اتفاقه مع يوفنتوس على انتقال "
		 "أرتورو فيدال مقابل ٣٥ مليون يورو (G20, COVID-19)."},
	};
	if (marsad_store_open(":memory:", &store) != MARSAD_OK)
		fail("cannot open a store");
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char key[8];
		snprintf(key, sizeof key, "k%zu", i);
		marsad_doc d = {.key = key,
				.title = (char *)texts[i][0],
				.text = (char *)texts[i][1],
				.text_len = strlen(texts[i][1])};
		marsad_article a = {.doc = &d, .content_hash = i};
		if (marsad_store_put(store, &a, NULL) != MARSAD_OK)
			fail("cannot store an article");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store)
		setup();
	const char *q = (const char *)data;
	marsad_buf e = MARSAD_BUF_INIT;
	if (marsad_search_expr(q, size, &e) != MARSAD_OK)
		fail("marsad_search_expr failed");
	if (e.len) {
		sqlite3_stmt *st;
		sqlite3 *db = marsad_store_db(store);
		if (sqlite3_prepare_v2(db,
				       "SELECT count(*) FROM articles_fts "
				       "WHERE articles_fts MATCH ?1",
				       -1, &st, NULL) != SQLITE_OK)
			fail("prepare");
		sqlite3_bind_text(st, 1, e.data, (int)e.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			fail(sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
	marsad_buf_clear(&e);
	marsad_hit *h;
	size_t n;
	marsad_search_opts o = {.limit = 5};
	if (marsad_store_search(store, q, size, &o, &h, &n) != MARSAD_OK)
		fail("marsad_store_search failed");
	marsad_hits_free(h, n);
	return 0;
}
