/*
 * fuzz_summary_words.c — the words an article keeps for summaries
 * (summary_words, words.c), read back damaged. One article is stored with
 * the words ingest prepares for it; the input then changes that BLOB
 * before the article's story is loaded and summarized:
 *   "R" + bytes   the BLOB is the bytes themselves;
 *   otherwise     every 3 bytes (position low, high, value) XOR one byte
 *                 of the true BLOB, and a last lone byte v cuts it to
 *                 len · v / 256 bytes.
 * Loading must succeed whatever the BLOB holds (a BLOB that does not fit
 * the article is passed over for its text), and the summary's JSON must
 * parse and name only the article; with the true BLOB (empty input) it is
 * the summary of the article itself.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/read.h"
#include "marsad/store.h"
#include "marsad/summary.h"

static const char article[] =
	"موسكو تؤكد استمرار الاتصالات مع واشنطن\n"
	"قال نائب وزير الخارجية الروسي سيرغي ريابكوف، أمس الخميس، إن "
	"الاتصالات مع الولايات المتحدة مستمرة عبر القنوات الدبلوماسية. "
	"وأضاف ريابكوف: «لا نرى بديلاً عن الحوار في هذه المرحلة الصعبة». "
	"وأشار إلى أن جولة جديدة من المحادثات قد تعقد في جنيف في العاشر من "
	"كانون الأول/ديسمبر المقبل بحضور خبراء من البلدين.\n"
	"من جهته، أعلن المتحدث باسم الكرملين دميتري بيسكوف أن الرئيس لم "
	"يتخذ قراراً بعد بشأن القمة.\n";

static void fail(void)
{
	abort();
}

/* The article, built once. */
static marsad_article *the_article(void)
{
	static marsad_article *a;
	if (a)
		return a;
	marsad_doc *d;
	marsad_read_error err;
	if (marsad_read_memory("txt", "a", article, sizeof article - 1, &d,
			       &err) < 0)
		fail();
	free(d->published);
	d->published = strdup("2021-11-26");
	if (marsad_article_build(NULL, d, &a) < 0)
		fail();
	return a;
}

/* The BLOB the input asks for, from the true one (malloc'd, *len). */
static unsigned char *damage(const uint8_t *data, size_t size,
			     const unsigned char *blob, size_t blob_len,
			     size_t *len)
{
	if (size && data[0] == 'R') {
		*len = size - 1;
		unsigned char *b = malloc(size);
		if (b && size > 1)
			memcpy(b, data + 1, size - 1);
		return b;
	}
	unsigned char *b = malloc(blob_len + 1);
	if (!b)
		return NULL;
	memcpy(b, blob, blob_len);
	*len = blob_len;
	size_t i = 0;
	for (; i + 3 <= size && blob_len; i += 3)
		b[(data[i] | (size_t)data[i + 1] << 8) % blob_len] ^= data[i + 2];
	if (i < size)
		*len = blob_len * data[i] / 256;
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_article *a = the_article();
	marsad_store *s;
	marsad_summary_prep *prep;
	if (marsad_store_open(":memory:", &s) < 0 ||
	    marsad_store_put(s, a, NULL) < 0 ||
	    marsad_summary_prepare(a, NULL, &prep) < 0 ||
	    marsad_summary_save_prepared(s, &prep, 1) < 0)
		fail();
	marsad_summary_prep_free(prep);
	sqlite3 *db = marsad_store_db(s);
	if (sqlite3_exec(db, "INSERT INTO stories(id) VALUES(1);"
			     "INSERT INTO story_articles VALUES(1, 1)",
			 NULL, NULL, NULL) != SQLITE_OK)
		fail();

	/* the true BLOB, damaged as the input says */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT data FROM summary_words", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		fail();
	size_t len;
	unsigned char *b = damage(data, size, sqlite3_column_blob(st, 0),
				  (size_t)sqlite3_column_bytes(st, 0), &len);
	sqlite3_finalize(st);
	if (!b ||
	    sqlite3_prepare_v2(db, "UPDATE summary_words SET data = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		fail();
	sqlite3_bind_blob(st, 1, b, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail();
	sqlite3_finalize(st);

	marsad_summary *sum;
	const marsad_summary_result *r;
	char *json;
	if (marsad_summary_load(s, 1, NULL, &sum) < 0 ||
	    marsad_summary_count(sum) != 1 || marsad_summary_get(sum, &r) < 0 ||
	    marsad_summary_json(r, &json, NULL) < 0)
		fail();
	json_t *o = json_loads(json, 0, NULL);
	if (!o)
		fail();
	if (size == 0) { /* the true BLOB: what summarizing the article gives */
		marsad_summary *own;
		const marsad_summary_result *ro;
		char *jo;
		if (marsad_summary_new(NULL, &own) < 0 ||
		    marsad_summary_add(own, a) < 0 ||
		    marsad_summary_get(own, &ro) < 0 ||
		    marsad_summary_json(ro, &jo, NULL) < 0 || strcmp(jo, json) != 0)
			fail();
		free(jo);
		marsad_summary_free(own);
	}
	json_t *sents = json_object_get(o, "summary"), *x;
	size_t i;
	json_array_foreach(sents, i, x) {
		const char *k = json_string_value(
			json_array_get(json_object_get(x, "keys"), 0));
		if (!k || strcmp(k, "a") != 0)
			fail();
	}
	json_decref(o);
	free(json);
	marsad_summary_free(sum);
	free(b);
	marsad_store_close(s);
	return 0;
}
