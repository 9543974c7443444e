/*
 * schema.c — the store's schema and its migrations.
 *
 * steps[v] takes a file from schema version v to v + 1; a new file is
 * version 0 and runs them all, so a fresh store and an upgraded one are
 * built by the same statements. PRAGMA user_version records the version
 * reached. A step is never edited once released: a change is a new step.
 *
 * Version 1: articles and their sentences.
 * Version 2: what the cleaner removed and the language of each article;
 *            the full-text index (FTS5, tokenizer "marsad", external
 *            content kept in sync by triggers); the tables the later
 *            stages fill: entities and their spellings, mentions, dates,
 *            quotes, copies, topics, stories.
 * Version 3: new articles are indexed by the store itself, a batch of
 *            them in one statement when it commits, instead of one by one
 *            by a trigger: FTS5 (3.40) writes its pending terms out as a
 *            new segment at every statement savepoint, and the trigger made
 *            each article a segment of its own, to be merged again (see
 *            store.c). Updates and deletes, rare, still follow through
 *            their triggers.
 * Version 4: the timeline is found by story (a summary replaces its
 *            story's points; without the index every story scanned the
 *            whole table).
 * Version 5: smaller and faster to fill. Mentions, quotes and dates keep
 *            their byte spans in articles.text, not a copy of the text
 *            (read it as CAST(substr(CAST(a.text AS BLOB), start + 1,
 *            end - start) AS TEXT)). articles.url is stored only when it
 *            differs from the key (url_stored: '' for "the key", NULL for
 *            none); the column url reads as before. The indexes that no
 *            query used are gone (url, published, outlet, dates by value,
 *            mentions by entity: search filters by rowid, and entities
 *            are never deleted). The full-text index keeps up to 32 MiB
 *            of new terms in memory before writing a segment (FTS5's
 *            default, 1 MiB, made several per batch) and merges 8
 *            segments of a level at a time instead of 4.
 * Version 6: stories are found by topic (deleting a topic sets its
 *            stories' topic_id to NULL; without the index each deletion
 *            scanned every story).
 * Version 7: mentions, dates and quotes are kept in one b-tree each,
 *            keyed by (article_id, n), n their order in the article
 *            (WITHOUT ROWID), instead of a table and an index on
 *            article_id: every row an ingest writes went into two
 *            b-trees, and every read is by article.
 * Version 8: store_meta, small values kept by key: the analyzer the
 *            full-text index and the linker's rows were made with
 *            (marsad_analyzer_version()), so that a new analyzer makes
 *            them again instead of matching its tokens against old ones.
 *            The tokens a word gives in the index are versioned the same
 *            way, by a key and not by a step (index.tokens,
 *            MARSAD_INDEX_TOKENS: 2 since a word written as its stem is
 *            one token): a new tokenizer needs the index made again, and
 *            no table changes.
 * Version 9: no table changes. Index tokens 2 (a word written as its stem
 *            is one token, "#word") made the index unreadable to a marsad
 *            that knows only its analyzer key: the version step has it
 *            refuse the file instead of missing a third of the words and
 *            corrupting the index on update.
 * Version 10: a story's summary (the JSON object of
 *            marsad_summary_json()) is kept in story_summaries, not in
 *            its stories row: linking rewrites the rows of the stories it
 *            keeps or moves between topics, and each rewrite wrote the
 *            summary again (a few KiB a story; a third of what a 31k
 *            ingest wrote for summaries).
 * Version 11: a quotation an anonymous source gave keeps the words that
 *            describe the source (quotes.source: "مصدر عسكري"); the rows
 *            of a store upgraded have none until their article is
 *            ingested changed.
 */
#include <stdio.h>

#include "store_int.h"

static const char *const steps[] = {
	/* 0 → 1 */
	"CREATE TABLE articles(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  outlet TEXT,\n"
	"  url TEXT,\n"
	"  title TEXT NOT NULL DEFAULT '',\n"
	"  published TEXT,\n"            /* YYYY-MM-DD[THH:MM:SSZ] */
	"  text TEXT NOT NULL DEFAULT '',\n" /* the cleaned body */
	"  hash INTEGER NOT NULL);\n"    /* marsad_article.content_hash */
	"CREATE TABLE sentences(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"        /* 0-based, in text order */
	"  start INTEGER NOT NULL,\n"    /* byte span in articles.text */
	"  end INTEGER NOT NULL,\n"
	"  PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n",

	/* 1 → 2 */
	"ALTER TABLE articles ADD COLUMN removed TEXT NOT NULL DEFAULT '[]';\n"
	"ALTER TABLE articles ADD COLUMN lang TEXT;\n"
	"CREATE INDEX articles_url ON articles(url);\n"
	"CREATE INDEX articles_published ON articles(published);\n"
	"CREATE INDEX articles_outlet ON articles(outlet, published);\n"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,\n"
	"  content='articles', content_rowid='id', tokenize='marsad');\n"
	"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN\n"
	"  INSERT INTO articles_fts(rowid, title, text)\n"
	"    VALUES(new.id, new.title, new.text);\n"
	"END;\n"
	"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN\n"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)\n"
	"    VALUES('delete', old.id, old.title, old.text);\n"
	"END;\n"
	"CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles\n"
	"BEGIN\n"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)\n"
	"    VALUES('delete', old.id, old.title, old.text);\n"
	"  INSERT INTO articles_fts(rowid, title, text)\n"
	"    VALUES(new.id, new.title, new.text);\n"
	"END;\n"
	"INSERT INTO articles_fts(articles_fts) VALUES('rebuild');\n"
	"CREATE TABLE entities(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  type TEXT NOT NULL,\n"        /* PER | LOC | ORG */
	"  canonical TEXT NOT NULL,\n"
	"  UNIQUE(type, canonical));\n"
	"CREATE TABLE entity_variants(\n"
	"  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,\n"
	"  surface TEXT NOT NULL,\n"
	"  PRIMARY KEY(entity_id, surface)) WITHOUT ROWID;\n"
	"CREATE TABLE mentions(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,\n"
	"  start INTEGER NOT NULL,\n"    /* byte span in articles.text */
	"  end INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  type TEXT NOT NULL,\n"       /* PER | LOC | ORG */
	"  confidence REAL);\n"
	"CREATE INDEX mentions_article ON mentions(article_id);\n"
	"CREATE INDEX mentions_entity ON mentions(entity_id);\n"
	"CREATE TABLE dates(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  value TEXT NOT NULL,\n"       /* YYYY | YYYY-MM | YYYY-MM-DD | '' */
	"  granularity INTEGER NOT NULL,\n" /* marsad_date_granularity */
	"  flags INTEGER NOT NULL DEFAULT 0);\n" /* MARSAD_DATE_* */
	"CREATE INDEX dates_article ON dates(article_id);\n"
	"CREATE INDEX dates_value ON dates(value);\n"
	"CREATE TABLE quotes(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  speaker TEXT,\n"              /* as written, or NULL */
	"  speaker_type TEXT,\n"         /* PER | ORG | LOC, or NULL */
	"  speaker_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,\n"
	"  verb TEXT,\n"
	"  direct INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX quotes_article ON quotes(article_id);\n"
	"CREATE TABLE copies(\n"         /* a passage of `to` copied from `from` */
	"  from_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  to_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  from_start INTEGER NOT NULL,\n"
	"  from_end INTEGER NOT NULL,\n"
	"  to_start INTEGER NOT NULL,\n"
	"  to_end INTEGER NOT NULL,\n"
	"  similarity REAL NOT NULL);\n"
	"CREATE INDEX copies_from ON copies(from_id);\n"
	"CREATE INDEX copies_to ON copies(to_id);\n"
	"CREATE TABLE topics(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  label TEXT);\n"
	"CREATE TABLE stories(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  topic_id INTEGER REFERENCES topics(id) ON DELETE SET NULL,\n"
	"  headline TEXT,\n"
	"  first TEXT,\n"                /* first and last publication dates */
	"  last TEXT,\n"
	"  summary TEXT);\n"             /* JSON: [ {text, keys} ] */
	"CREATE TABLE story_articles(\n"
	"  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  PRIMARY KEY(story_id, article_id)) WITHOUT ROWID;\n"
	"CREATE INDEX story_articles_article ON story_articles(article_id);\n"
	"CREATE TABLE timeline(\n"
	"  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE);\n",

	/* 2 → 3 */
	"DROP TRIGGER articles_fts_ai;\n",

	/* 3 → 4 */
	"CREATE INDEX timeline_story ON timeline(story_id);\n",

	/* 4 → 5 */
	"DROP INDEX articles_url;\n"
	"DROP INDEX articles_published;\n"
	"DROP INDEX articles_outlet;\n"
	"DROP INDEX dates_value;\n"
	"DROP INDEX mentions_entity;\n"
	"ALTER TABLE articles ADD COLUMN url_stored TEXT;\n"
	"UPDATE articles SET url_stored = CASE url WHEN key THEN '' WHEN ''\n"
	"  THEN NULL ELSE url END WHERE url IS NOT NULL;\n"
	"ALTER TABLE articles DROP COLUMN url;\n"
	"ALTER TABLE articles ADD COLUMN url TEXT GENERATED ALWAYS AS\n"
	"  (CASE url_stored WHEN '' THEN key ELSE url_stored END) VIRTUAL;\n"
	"ALTER TABLE mentions DROP COLUMN text;\n"
	"ALTER TABLE quotes DROP COLUMN text;\n"
	"ALTER TABLE dates DROP COLUMN text;\n"
	"INSERT INTO articles_fts(articles_fts, rank) VALUES('hashsize', 33554432);\n"
	"INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 8);\n",

	/* 5 → 6 */
	"CREATE INDEX stories_topic ON stories(topic_id);\n",

	/* 6 → 7 (n second: SQLite 3.40's integrity_check misreads a WITHOUT
	 * ROWID table whose key columns are not its first ones) */
	"CREATE TABLE mentions_7(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL,\n"
	"  type TEXT NOT NULL,\n"
	"  confidence REAL,\n"
	"  PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
	"INSERT INTO mentions_7 SELECT article_id,\n"
	"  row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1,\n"
	"  entity_id, start, end, type, confidence FROM mentions;\n"
	"DROP TABLE mentions;\n"
	"ALTER TABLE mentions_7 RENAME TO mentions;\n"
	"CREATE TABLE dates_7(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL,\n"
	"  value TEXT NOT NULL,\n"
	"  granularity INTEGER NOT NULL,\n"
	"  flags INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
	"INSERT INTO dates_7 SELECT article_id,\n"
	"  row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1,\n"
	"  start, end, value, granularity, flags FROM dates;\n"
	"DROP TABLE dates;\n"
	"ALTER TABLE dates_7 RENAME TO dates;\n"
	"CREATE TABLE quotes_7(\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL,\n"
	"  speaker TEXT,\n"
	"  speaker_type TEXT,\n"
	"  speaker_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,\n"
	"  verb TEXT,\n"
	"  direct INTEGER NOT NULL DEFAULT 1,\n"
	"  PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
	"INSERT INTO quotes_7 SELECT article_id,\n"
	"  row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1,\n"
	"  start, end, speaker, speaker_type, speaker_id, verb, direct\n"
	"  FROM quotes;\n"
	"DROP TABLE quotes;\n"
	"ALTER TABLE quotes_7 RENAME TO quotes;\n",
	/* 7 → 8 */
	"CREATE TABLE store_meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value INTEGER NOT NULL) WITHOUT ROWID;\n",
	/* 8 → 9: no table changes (see version 9) */
	"",
	/* 9 → 10 */
	"CREATE TABLE story_summaries(\n"
	"  story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,\n"
	"  summary TEXT NOT NULL);\n"   /* JSON: marsad_summary_json() */
	"INSERT INTO story_summaries SELECT id, summary FROM stories\n"
	"  WHERE summary IS NOT NULL;\n"
	"ALTER TABLE stories DROP COLUMN summary;\n",
	/* 10 → 11 */
	"ALTER TABLE quotes ADD COLUMN source TEXT;\n",
};

_Static_assert(sizeof steps / sizeof *steps == MARSAD_STORE_VERSION,
	       "one migration step per schema version");

static int user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int marsad_schema_upgrade(sqlite3 *db)
{
	/* A current file needs no write lock: readers open it while a
	 * writer works, and a read-only file opens for search. */
	int v, rc = user_version(db, &v);
	if (rc == SQLITE_OK && v == MARSAD_STORE_VERSION)
		return MARSAD_OK;
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	rc = user_version(db, &v); /* another process may have upgraded it */
	if (rc == SQLITE_OK && (v < 0 || v > MARSAD_STORE_VERSION))
		rc = SQLITE_MISMATCH; /* written by a newer marsad */
	for (; rc == SQLITE_OK && v < MARSAD_STORE_VERSION; v++)
		rc = sqlite3_exec(db, steps[v], NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
			 MARSAD_STORE_VERSION);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return marsad_store_err(rc);
	}
	return MARSAD_OK;
}
