/*
 * persist.c — story summaries and the store.
 *
 * A stored story is summarized from its stored articles: each is rebuilt
 * through the per-article path (article.h) from its cleaned text, so the
 * summary sees the same sentences, dates, entities and quotes as ingest
 * did, and handed to a summarizer (story.c). What is kept:
 *   stories.headline   the summary's headline;
 *   stories.summary    the whole marsad_summary_json() object (summary,
 *                      timeline, cast, quotes and the article count that
 *                      tells a stale summary);
 *   timeline           one row per timeline point.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/store.h"
#include "marsad/summary.h"

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? strdup((const char *)s) : NULL;
}

int marsad_summary_load(struct marsad_store *store, int64_t story,
			const marsad_summary_opts *opts, marsad_summary **out)
{
	*out = NULL;
	sqlite3 *db = marsad_store_db(store);
	marsad_summary *sum;
	int err = marsad_summary_new(opts, &sum);
	if (err)
		return err;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			"SELECT a.key, a.title, a.text, a.url, a.outlet,"
			" a.published FROM story_articles s JOIN articles a"
			" ON a.id = s.article_id WHERE s.story_id = ?1"
			" ORDER BY a.id", -1, &st, NULL) != SQLITE_OK) {
		marsad_summary_free(sum);
		return MARSAD_EDB;
	}
	sqlite3_bind_int64(st, 1, story);
	int r;
	while (err == 0 && (r = sqlite3_step(st)) == SQLITE_ROW) {
		marsad_doc *d = calloc(1, sizeof *d);
		if (!d) {
			err = MARSAD_ENOMEM;
			break;
		}
		d->key = col_dup(st, 0);
		d->title = col_dup(st, 1);
		d->text = col_dup(st, 2);
		d->url = col_dup(st, 3);
		d->outlet = col_dup(st, 4);
		d->published = col_dup(st, 5);
		if (!d->key || !d->title || !d->text) {
			marsad_doc_free(d);
			err = MARSAD_ENOMEM;
			break;
		}
		d->text_len = strlen(d->text);
		marsad_article *a;
		err = marsad_article_build(NULL, d, &a);
		if (err == 0)
			err = marsad_summary_add(sum, a);
		marsad_article_free(a);
	}
	if (err == 0 && r != SQLITE_DONE)
		err = MARSAD_EDB;
	sqlite3_finalize(st);
	if (err) {
		marsad_summary_free(sum);
		return err;
	}
	*out = sum;
	return 0;
}

/* Writes one story's summary; inside the caller's transaction. */
static int save_story(sqlite3 *db, int64_t story, marsad_summary *sum)
{
	const marsad_summary_result *r;
	char *json;
	int err = marsad_summary_get(sum, &r);
	if (err == 0)
		err = marsad_summary_json(r, &json, NULL);
	if (err)
		return err;
	sqlite3_stmt *up = NULL, *del = NULL, *ins = NULL;
	int rc = sqlite3_prepare_v2(db,
		"UPDATE stories SET headline = ?2, summary = ?3 WHERE id = ?1",
		-1, &up, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"DELETE FROM timeline WHERE story_id = ?1", -1, &del,
			NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"INSERT INTO timeline(story_id, date, text, article_id)"
			" VALUES(?1, ?2, ?3,"
			" (SELECT id FROM articles WHERE key = ?4))",
			-1, &ins, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(up, 1, story);
		sqlite3_bind_text(up, 2, r->headline, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 3, json, -1, SQLITE_STATIC);
		rc = sqlite3_step(up) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(del, 1, story);
		rc = sqlite3_step(del) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < r->n_timeline; i++) {
		const marsad_summary_point *p = &r->timeline[i];
		sqlite3_bind_int64(ins, 1, story);
		sqlite3_bind_text(ins, 2, p->date, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, p->text, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, p->key, -1, SQLITE_STATIC);
		rc = sqlite3_step(ins) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(ins);
	}
	sqlite3_finalize(up);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	free(json);
	return rc == SQLITE_OK ? 0 : MARSAD_EDB;
}

/* Non-zero when the stored summary object was made from `members`
 * articles. */
static int is_fresh(const unsigned char *stored, sqlite3_int64 members)
{
	if (!stored)
		return 0;
	json_t *o = json_loads((const char *)stored, 0, NULL);
	json_t *n = json_object_get(o, "articles");
	int fresh = json_is_integer(n) && json_integer_value(n) == members;
	json_decref(o);
	return fresh;
}

int marsad_summary_store(struct marsad_store *store,
			 const marsad_summary_opts *opts, int all,
			 size_t *n_done)
{
	if (n_done)
		*n_done = 0;
	sqlite3 *db = marsad_store_db(store);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			"SELECT s.id, s.summary, (SELECT COUNT(*) FROM"
			" story_articles m WHERE m.story_id = s.id)"
			" FROM stories s ORDER BY s.id", -1, &st, NULL)
	    != SQLITE_OK)
		return MARSAD_EDB;
	/* The stale ids first: the statement must be done before writing. */
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int err = 0, r;
	while (err == 0 && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (!all && is_fresh(sqlite3_column_text(st, 1),
				     sqlite3_column_int64(st, 2)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *p = realloc(ids, cap * sizeof *ids);
			if (!p) {
				err = MARSAD_ENOMEM;
				break;
			}
			ids = p;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (err == 0 && r != SQLITE_DONE)
		err = MARSAD_EDB;
	sqlite3_finalize(st);
	if (err == 0 && n &&
	    sqlite3_exec(db, "SAVEPOINT summary_store", NULL, NULL, NULL) !=
		    SQLITE_OK)
		err = MARSAD_EDB;
	for (size_t i = 0; err == 0 && i < n; i++) {
		marsad_summary *sum;
		err = marsad_summary_load(store, ids[i], opts, &sum);
		if (err == 0)
			err = save_story(db, ids[i], sum);
		marsad_summary_free(sum);
		if (err == 0 && n_done)
			(*n_done)++;
	}
	if (n)
		sqlite3_exec(db, err ? "ROLLBACK TO summary_store;"
				       " RELEASE summary_store"
				     : "RELEASE summary_store",
			     NULL, NULL, NULL);
	free(ids);
	return err;
}
