/*
 * persist.c — the linker and the store: results saved into the store's
 * tables (copies, topics, stories, story_articles) and a linker rebuilt
 * from the stored articles, so that ingest can link incrementally.
 *
 * Two tables of the linker's own complete the store's schema:
 *   link_copy_notes(copy_id → copies.rowid, whole, credit)
 *       whether a copy is a whole-article near-duplicate and the source the
 *       copying article states;
 *   link_topic_links(story_a, story_b, similarity, reason)
 *       why two stories are one topic.
 * Saving replaces what linking wrote before in one transaction. Stories
 * are updated in place by id (a story's summary, written by a later
 * stage, survives), and stories whose ids no longer exist are deleted.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "link_int.h"
#include "marsad/store.h"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS link_copy_notes(\n"
	"  copy_id INTEGER PRIMARY KEY,\n" /* copies.rowid */
	"  whole INTEGER NOT NULL DEFAULT 0,\n"
	"  credit TEXT);\n"
	"CREATE TABLE IF NOT EXISTS link_topic_links(\n"
	"  story_a INTEGER NOT NULL,\n"
	"  story_b INTEGER NOT NULL,\n"
	"  similarity REAL NOT NULL,\n"
	"  reason TEXT NOT NULL);\n";

static int db_err(int rc)
{
	return rc == SQLITE_NOMEM ? MARSAD_ENOMEM : MARSAD_EDB;
}

/* Runs a prepared statement to completion and resets it. */
static int step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

enum {
	S_ID, S_COPY, S_NOTE, S_TOPIC, S_STORY, S_MEMBER, S_TLINK, S_N
};

static const char *const sql[S_N] = {
	"SELECT id FROM articles WHERE key = ?1",
	"INSERT INTO copies(from_id, to_id, from_start, from_end, to_start,"
	" to_end, similarity) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"INSERT INTO link_copy_notes(copy_id, whole, credit) VALUES(?1, ?2, ?3)",
	"INSERT INTO topics(id, label) VALUES(?1, ?2)",
	"INSERT INTO stories(id, topic_id, headline, first, last)"
	" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET"
	" topic_id = excluded.topic_id, headline = excluded.headline,"
	" first = excluded.first, last = excluded.last",
	"INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES(?1, ?2)",
	"INSERT INTO link_topic_links(story_a, story_b, similarity, reason)"
	" VALUES(?1, ?2, ?3, ?4)",
};

/* The store's id of every linker article (0 when not stored). */
static int map_ids(const marsad_linker *l, sqlite3_stmt *st, int64_t *ids)
{
	for (size_t i = 0; i < l->n; i++) {
		sqlite3_bind_text(st, 1, l->art[i].key, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		ids[i] = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

static int save(const marsad_linker *l, sqlite3 *db, sqlite3_stmt **st,
		int64_t *ids)
{
	int rc = map_ids(l, st[S_ID], ids);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
				  "DELETE FROM link_copy_notes;"
				  "DELETE FROM copies;"
				  "DELETE FROM link_topic_links;"
				  "DELETE FROM story_articles;"
				  "UPDATE stories SET topic_id = NULL;"
				  "DELETE FROM topics;"
				  "CREATE TEMP TABLE IF NOT EXISTS link_kept(id INTEGER"
				  " PRIMARY KEY);"
				  "DELETE FROM temp.link_kept;",
				  NULL, NULL, NULL);
	for (size_t i = 0; i < l->n_copy && rc == SQLITE_OK; i++) {
		const marsad_copy *c = &l->copy[i];
		if (!ids[c->from] || !ids[c->to])
			continue;
		sqlite3_stmt *s = st[S_COPY];
		sqlite3_bind_int64(s, 1, ids[c->from]);
		sqlite3_bind_int64(s, 2, ids[c->to]);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)c->from_start);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)c->from_end);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)c->to_start);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)c->to_end);
		sqlite3_bind_double(s, 7, c->similarity);
		if ((rc = step(s)) != SQLITE_OK)
			break;
		s = st[S_NOTE];
		sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(db));
		sqlite3_bind_int(s, 2, c->whole);
		if (c->credit)
			sqlite3_bind_text(s, 3, c->credit, -1, SQLITE_STATIC);
		rc = step(s);
	}
	/* Topics first (stories refer to them), labelled by the headline of
	 * their first story. */
	int64_t last_topic = 0;
	for (size_t i = 0; i < l->n_story && rc == SQLITE_OK; i++) {
		const marsad_story *s = &l->story[i];
		if (s->topic <= last_topic)
			continue;
		last_topic = s->topic;
		sqlite3_bind_int64(st[S_TOPIC], 1, s->topic);
		sqlite3_bind_text(st[S_TOPIC], 2, l->art[s->headline].title, -1,
				  SQLITE_STATIC);
		rc = step(st[S_TOPIC]);
	}
	for (size_t i = 0; i < l->n_story && rc == SQLITE_OK; i++) {
		const marsad_story *s = &l->story[i];
		int any = 0;
		for (size_t k = 0; k < s->n_articles; k++)
			any |= ids[s->articles[k]] != 0;
		if (!any)
			continue;
		sqlite3_stmt *q = st[S_STORY];
		sqlite3_bind_int64(q, 1, s->id);
		sqlite3_bind_int64(q, 2, s->topic);
		sqlite3_bind_text(q, 3, l->art[s->headline].title, -1,
				  SQLITE_STATIC);
		if (s->first)
			sqlite3_bind_text(q, 4, s->first, -1, SQLITE_STATIC);
		if (s->last)
			sqlite3_bind_text(q, 5, s->last, -1, SQLITE_STATIC);
		rc = step(q);
		for (size_t k = 0; k < s->n_articles && rc == SQLITE_OK; k++) {
			if (!ids[s->articles[k]])
				continue;
			sqlite3_bind_int64(st[S_MEMBER], 1, s->id);
			sqlite3_bind_int64(st[S_MEMBER], 2, ids[s->articles[k]]);
			rc = step(st[S_MEMBER]);
		}
	}
	for (size_t i = 0; i < l->n_tlink && rc == SQLITE_OK; i++) {
		const marsad_topic_link *t = &l->tlink[i];
		sqlite3_bind_int64(st[S_TLINK], 1, t->a);
		sqlite3_bind_int64(st[S_TLINK], 2, t->b);
		sqlite3_bind_double(st[S_TLINK], 3, t->similarity);
		sqlite3_bind_text(st[S_TLINK], 4, t->reason, -1, SQLITE_STATIC);
		rc = step(st[S_TLINK]);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
				  "DELETE FROM stories WHERE id NOT IN"
				  " (SELECT story_id FROM story_articles)",
				  NULL, NULL, NULL);
	return rc;
}

int marsad_link_save(const marsad_linker *l, struct marsad_store *store)
{
	if (!l || !store)
		return MARSAD_EINVAL;
	sqlite3 *db = marsad_store_db(store);
	int rc = sqlite3_exec(db, schema, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_err(rc);
	sqlite3_stmt *st[S_N] = {0};
	int64_t *ids = calloc(l->n ? l->n : 1, sizeof *ids);
	if (!ids)
		return MARSAD_ENOMEM;
	rc = sqlite3_exec(db, "SAVEPOINT link_save", NULL, NULL, NULL);
	for (int i = 0; i < S_N && rc == SQLITE_OK; i++)
		rc = sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL);
	if (rc == SQLITE_OK)
		rc = save(l, db, st, ids);
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(st[i]);
	free(ids);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "RELEASE link_save", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int err = db_err(rc);
		sqlite3_exec(db, "ROLLBACK TO link_save; RELEASE link_save",
			     NULL, NULL, NULL);
		return err;
	}
	return 0;
}

/* ---- loading ------------------------------------------------------------ */

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? strdup((const char *)s) : NULL;
}

/* The agency credits among the stored removals ([ {"line", "reason"} ]),
 * as the document's removals. */
static int load_credits(marsad_doc *d, const char *removed)
{
	json_t *a = removed ? json_loads(removed, 0, NULL) : NULL;
	size_t i;
	json_t *r;
	int rc = 0;
	json_array_foreach(a, i, r) {
		const char *reason = json_string_value(json_object_get(r, "reason"));
		const char *line = json_string_value(json_object_get(r, "line"));
		if (!reason || !line || strcmp(reason, "agency credit") != 0)
			continue;
		marsad_removal *p = realloc(d->removed,
					    (d->n_removed + 1) * sizeof *p);
		char *copy = p ? strdup(line) : NULL;
		if (p)
			d->removed = p;
		if (!copy) {
			rc = MARSAD_ENOMEM;
			break;
		}
		d->removed[d->n_removed].line = copy;
		d->removed[d->n_removed++].reason = "agency credit";
	}
	json_decref(a);
	return rc;
}

int marsad_link_load(struct marsad_store *store, const marsad_link_opts *opts,
		     marsad_linker **out)
{
	*out = NULL;
	if (!store)
		return MARSAD_EINVAL;
	sqlite3 *db = marsad_store_db(store);
	int rc = sqlite3_exec(db, schema, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_err(rc);
	marsad_linker *l;
	int err = marsad_linker_new(opts, &l);
	if (err)
		return err;
	sqlite3_stmt *st;
	/* Stored story ids stay reserved: new stories number after them. */
	rc = sqlite3_prepare_v2(db, "SELECT MAX(id) FROM stories", -1, &st,
				NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		l->next_story = sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
		"SELECT a.key, a.title, a.text, a.outlet, a.published, a.removed,"
		" (SELECT MIN(story_id) FROM story_articles s"
		"  WHERE s.article_id = a.id)"
		" FROM articles a ORDER BY a.id", -1, &st, NULL);
	while (rc == SQLITE_OK && err == 0) {
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			break;
		if (r != SQLITE_ROW) {
			rc = r;
			break;
		}
		marsad_doc *d = calloc(1, sizeof *d);
		marsad_article a = {.doc = d};
		if (d) {
			d->key = col_dup(st, 0);
			d->title = col_dup(st, 1);
			d->text = col_dup(st, 2);
			d->text_len = d->text ? strlen(d->text) : 0;
			d->outlet = col_dup(st, 3);
			d->published = col_dup(st, 4);
			err = load_credits(d, (const char *)sqlite3_column_text(st, 5));
		}
		if (!d || !d->key || !d->title || !d->text)
			err = MARSAD_ENOMEM;
		size_t id;
		if (err == 0)
			err = marsad_linker_add(l, &a, &id);
		if (err == 0 && sqlite3_column_type(st, 6) != SQLITE_NULL)
			err = marsad_linker_set_story(l, id,
						      sqlite3_column_int64(st, 6));
		marsad_doc_free(d);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && !err)
		err = db_err(rc);
	if (!err)
		err = marsad_linker_settle(l);
	if (err) {
		marsad_linker_free(l);
		return err;
	}
	*out = l;
	return 0;
}
