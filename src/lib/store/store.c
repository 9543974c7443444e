/*
 * store.c — opening the store and writing articles.
 *
 * An article is found by key; an equal content hash makes a re-ingest a
 * no-op, a different one replaces the row in place (same id, so stories and
 * copies that name it stay valid), its sentences, and what the extraction
 * stages derived from the old text. The article's sentences, dates, entity
 * mentions and quotations are written with it, in a batch together with
 * other articles' (many rows to a statement). New rows are indexed here, a
 * batch's when it commits; an update or a delete reaches the index through
 * triggers (schema.c). An article is written whole or not at all: its
 * input is checked before anything is written, and a put that fails while
 * writing rolls back its transaction, the whole batch when one is open.
 *
 * The writer does the least it can per article: its statements are
 * prepared once, the article's own text is bound where it lies
 * (SQLITE_STATIC), the rows that follow it wait to be written 64 to a
 * statement (pending), the entity and spelling of a mention seen before
 * cost a lookup in memory instead of two in the tables (id_map; in a new
 * store, where the map knows every entity, a new one costs no lookup
 * either), and the JSON of the removed lines comes built with the index
 * tokens (marsad_store_analyze, in the builder's thread). The connection
 * is set for writing in bulk: 8 KiB pages in a new file, no zeroing of
 * deleted content, no count of SQLite's memory; the write-ahead log is
 * checkpointed by a thread of its own (on_wal_commit).
 */
#define _GNU_SOURCE /* sync_file_range() */
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "store_int.h"

int marsad_store_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return MARSAD_OK;
	case SQLITE_NOMEM:
		return MARSAD_ENOMEM;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_FULL:
		return MARSAD_EIO;
	case SQLITE_TOOBIG:
		return MARSAD_ETOOBIG;
	default:
		return MARSAD_EDB;
	}
}

/* Rows the extraction stages derived from an article's text. */
static const char *const derived_sql[] = {
	"DELETE FROM mentions WHERE article_id = ?1",
	"DELETE FROM dates WHERE article_id = ?1",
	"DELETE FROM quotes WHERE article_id = ?1",
	"DELETE FROM copies WHERE from_id = ?1 OR to_id = ?1",
	"DELETE FROM sentences WHERE article_id = ?1",
};

#define N_DERIVED (sizeof derived_sql / sizeof *derived_sql)

/*
 * The rows an article brings to the tables below wait in memory and are
 * written many at a time: one INSERT of ROWS_MAX rows (its VALUES tuple
 * repeated) pays SQLite's work per statement (the program's start, the
 * cursor, the statement journal) once for all of them, where a row
 * written alone paid it for itself, about 3,000 instructions of a row's
 * 7,700. What is left is written a row at a time when the batch commits,
 * before an update deletes an article's rows, and before the connection
 * is handed out (marsad_store_db): whoever reads the tables sees every
 * article put. Every key of these tables is its row's own (article and
 * order, or entity and spelling), so the order of writing changes no row.
 */
enum { R_SENTENCE, R_DATE, R_MENTION, R_QUOTE, R_VARIANT, R_N };

#define ROWS_MAX 64
#define COLS_MAX 10

static const marsad_rows_sql row_tables[R_N] = {
	{"INSERT INTO sentences(article_id, n, start, end) VALUES",
	 "(?,?,?,?)", 4},
	{"INSERT INTO dates(article_id, n, start, end, value, granularity, "
	 "flags) VALUES", "(?,?,?,?,?,?,?)", 7},
	{"INSERT INTO mentions(article_id, n, entity_id, start, end, type, "
	 "confidence) VALUES", "(?,?,?,?,?,?,?)", 7},
	{"INSERT INTO quotes(article_id, n, start, end, speaker, "
	 "speaker_type, speaker_id, verb, direct, source) VALUES",
	 "(?,?,?,?,?,?,?,?,?,?)", 10},
	{"INSERT OR IGNORE INTO entity_variants(entity_id, surface) VALUES",
	 "(?,?)", 2},
};

/* A value of a waiting row; text lies in its table's `text`. */
typedef struct cell {
	enum { C_NULL, C_INT, C_REAL, C_TEXT } kind;
	union {
		sqlite3_int64 i;
		double d;
		struct {
			size_t off, len;
		} t;
	} v;
} cell;

/* The rows waiting for one table, and its statements of one row and of
 * ROWS_MAX rows, prepared on first use. */
typedef struct pending {
	cell cell[ROWS_MAX * COLS_MAX];
	size_t n;
	marsad_buf text;
	sqlite3_stmt *one, *many;
} pending;

struct stmts {
	sqlite3_stmt *find, *insert, *index, *update;
	sqlite3_stmt *entity_find, *entity_add;
	sqlite3_stmt *data_version, *no_entities;
	sqlite3_stmt *derived[N_DERIVED];
	pending rows[R_N];
};

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
				  NULL);
}

static int prepare_all(marsad_store *s)
{
	struct stmts *t = calloc(1, sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	s->stmts = t;
	int rc = prepare(s->db, "SELECT id, hash FROM articles WHERE key = ?1",
			 &t->find);
	if (rc == SQLITE_OK)
		rc = prepare(s->db,
			     "INSERT INTO articles(key, outlet, url_stored, "
			     "title, published, text, hash, removed, lang) "
			     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			     &t->insert);
	if (rc == SQLITE_OK)
		rc = prepare(s->db,
			     "INSERT INTO articles_fts(rowid, title, text) "
			     "SELECT id, title, text FROM articles "
			     "WHERE id > ?1",
			     &t->index);
	if (rc == SQLITE_OK)
		rc = prepare(s->db,
			     "UPDATE articles SET outlet = ?2, url_stored = ?3, "
			     "title = ?4, published = ?5, text = ?6, hash = ?7, "
			     "removed = ?8, lang = ?9 WHERE id = ?10",
			     &t->update);
	if (rc == SQLITE_OK)
		rc = prepare(s->db,
			     "SELECT id FROM entities WHERE type = ?1 "
			     "AND canonical = ?2",
			     &t->entity_find);
	if (rc == SQLITE_OK)
		rc = prepare(s->db,
			     "INSERT INTO entities(type, canonical) VALUES(?1, ?2)",
			     &t->entity_add);
	if (rc == SQLITE_OK)
		rc = prepare(s->db, "PRAGMA data_version", &t->data_version);
	if (rc == SQLITE_OK)
		rc = prepare(s->db, "SELECT NOT EXISTS (SELECT 1 FROM entities)",
			     &t->no_entities);
	for (size_t i = 0; i < N_DERIVED && rc == SQLITE_OK; i++)
		rc = prepare(s->db, derived_sql[i], &t->derived[i]);
	return rc;
}

static void finalize_all(struct stmts *t)
{
	if (!t)
		return;
	sqlite3_finalize(t->find);
	sqlite3_finalize(t->insert);
	sqlite3_finalize(t->index);
	sqlite3_finalize(t->update);
	sqlite3_finalize(t->entity_find);
	sqlite3_finalize(t->entity_add);
	sqlite3_finalize(t->data_version);
	sqlite3_finalize(t->no_entities);
	for (size_t i = 0; i < N_DERIVED; i++)
		sqlite3_finalize(t->derived[i]);
	for (int r = 0; r < R_N; r++) {
		sqlite3_finalize(t->rows[r].one);
		sqlite3_finalize(t->rows[r].many);
		marsad_buf_clear(&t->rows[r].text);
	}
	free(t);
}

/* SQLite's count of the memory it uses takes a global mutex around every
 * allocation and free, and Debian's SQLite has no lookaside: every
 * statement step allocates, and every term of the index's pending batch
 * is a block of its own. Nothing reads the count. Only possible before
 * SQLite is first used in the process (else refused: nothing changes). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* ---- kept values and the analyzer -------------------------------------- */

#define BUSY_MS 10000 /* how long a statement waits for another's lock */

static int exec(marsad_store *s, const char *sql)
{
	return marsad_store_err(sqlite3_exec(s->db, sql, NULL, NULL, NULL));
}

int marsad_store_meta_get(marsad_store *s, const char *key, int64_t *value)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db,
				    "SELECT value FROM store_meta WHERE key = ?",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW	   ? MARSAD_OK
	       : rc == SQLITE_DONE ? MARSAD_ENOTFOUND
				   : marsad_store_err(rc);
}

int marsad_store_meta_set(marsad_store *s, const char *key, int64_t value)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
		s->db, "INSERT OR REPLACE INTO store_meta(key, value) VALUES(?, ?)",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, value);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? MARSAD_OK : marsad_store_err(rc);
}

/* Whether the full-text index was made by this library's analyzer and
 * holds the tokens its tokenizer makes (MARSAD_INDEX_TOKENS). */
static int index_current(marsad_store *s, int *current)
{
	int64_t v, tokens = 1; /* not kept: the first tokens */
	int err = marsad_store_meta_get(s, "analyzer", &v);
	if (err == MARSAD_OK)
		err = marsad_store_meta_get(s, "index.tokens", &tokens);
	*current = err == MARSAD_OK &&
		   (uint64_t)v == marsad_analyzer_version() &&
		   tokens == MARSAD_INDEX_TOKENS;
	return err == MARSAD_ENOTFOUND ? MARSAD_OK : err;
}

/*
 * An index made by another analyzer or tokenizer (or before the versions
 * were kept) holds other tokens than the queries now make, and than FTS5
 * would take out of it (it deletes a row by tokenizing its text again):
 * it is made again from the articles' text (FTS5's 'rebuild', the
 * tokenizer analyzing each text) in one transaction, and stamped. A file opened read-only keeps
 * its index, and so does an open while another connection writes (maybe
 * rebuilding it): a rebuild takes seconds per ten thousand articles, and
 * waiting for it would fail other commands after BUSY_MS; the next open
 * that finds the file free rebuilds it.
 */
static int index_for_analyzer(marsad_store *s)
{
	int current, err = index_current(s, &current);
	if (err != MARSAD_OK || current)
		return err;
	if (sqlite3_db_readonly(s->db, "main") == 1)
		return MARSAD_OK;
	sqlite3_busy_timeout(s->db, 0);
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(s->db, BUSY_MS);
	if (rc == SQLITE_BUSY)
		return MARSAD_OK;
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	err = index_current(s, &current); /* another process may have */
	if (err == MARSAD_OK && !current)
		err = exec(s, "INSERT INTO articles_fts(articles_fts) "
			      "VALUES('rebuild')");
	if (err == MARSAD_OK && !current)
		err = marsad_store_meta_set(s, "analyzer",
					    (int64_t)marsad_analyzer_version());
	if (err == MARSAD_OK && !current)
		err = marsad_store_meta_set(s, "index.tokens",
					    MARSAD_INDEX_TOKENS);
	if (err == MARSAD_OK)
		err = exec(s, "COMMIT");
	if (err != MARSAD_OK)
		exec(s, "ROLLBACK");
	return err;
}

/*
 * The write-ahead log's checkpoints. After every commit (sqlite3_wal_hook(),
 * which takes the place of wal_autocheckpoint) the log's new frames are
 * handed to the disk at once: sync_file_range() starts their write-back
 * and returns, so that a checkpoint's first wait (for the log,
 * synchronous=NORMAL) finds little left to write instead of 128 MB. At
 * WAL_CHECKPOINT_FRAMES frames the log is checkpointed: fewer and larger
 * checkpoints write a page changed by several commits (the index's, the
 * tables' last pages) once, and wait less. 16,000 pages of 8 KB (128 MB;
 * SQLite's default is 1,000 pages): 64,000 and 131,072 were slower (a
 * page read looks through more of the log).
 *
 * A checkpoint writes the pages into the database and waits for the disk
 * twice (the log, then the database file): on the committing thread, the
 * only writer, those waits took 2.1 s of a 31k ingest (strace). So the
 * checkpoint is made by a thread of its own, on a connection of its own
 * to the same file (a PASSIVE checkpoint runs beside the writer: it
 * copies the frames committed so far while the next ones are written).
 * The log starts again from its beginning only at a write transaction
 * that begins when every frame is in the database, which the thread can
 * never bring about by itself: the writer has begun its next transaction
 * by the time the thread is done. So at the next commit past the limit
 * the writer checkpoints what was committed since (about a batch of
 * frames, a small wait) on its own connection, between two transactions,
 * and its next transaction restarts the log: the log stays within the
 * limit and a batch or two, as with wal_autocheckpoint. Without a thread
 * or its connection, the writer makes every checkpoint as before.
 */
#define WAL_CHECKPOINT_FRAMES 16000

struct checkpointer {
	sqlite3 *db; /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int asked;   /* a checkpoint is asked for or under way */
	int done;    /* one was made since the writer's last */
	int stop;
};

static void *checkpointer_main(void *arg)
{
	struct checkpointer *c = arg;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->asked && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stop)
			break;
		pthread_mutex_unlock(&c->lock);
		sqlite3_wal_checkpoint_v2(c->db, "main",
					  SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->asked = 0;
		c->done = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* Starts the checkpointer of the file at path; NULL when it cannot. */
static struct checkpointer *checkpointer_start(const char *path)
{
	struct checkpointer *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	/* A read opens the log: a checkpoint needs it open. */
	if (sqlite3_open_v2(path, &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA schema_version", NULL, NULL, NULL) !=
		    SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->wake);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

/* Lets a checkpoint under way end, stops the thread and closes its
 * connection (before the writer's, so that the writer's close, the last,
 * checkpoints the log and removes it). */
static void checkpointer_stop(struct checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	sqlite3_close(c->db);
	free(c);
}

/* Whether the writer checkpoints now: when the thread has made one since
 * its last (or there is no thread); else the thread is asked for one,
 * unless it is making one. */
static int writer_checkpoints(marsad_store *s, sqlite3 *db,
			      const char *schema)
{
	struct checkpointer *c = s->ckpt;
	if (!c && !s->ckpt_failed) {
		const char *path = sqlite3_db_filename(db, schema);
		c = s->ckpt = path && *path ? checkpointer_start(path) : NULL;
		s->ckpt_failed = !c;
	}
	if (!c)
		return 1;
	pthread_mutex_lock(&c->lock);
	int now = c->done; /* and not asked: both are never set */
	if (now)
		c->done = 0;
	else if (!c->asked) {
		c->asked = 1;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->lock);
	return now;
}

static int on_wal_commit(void *arg, sqlite3 *db, const char *schema,
			 int frames)
{
	marsad_store *s = arg;
	if (s->wal_fd < 0) {
		const char *path = sqlite3_db_filename(db, schema);
		char *wal = path && *path ? sqlite3_mprintf("%s-wal", path)
					  : NULL;
		if (wal)
			s->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
		sqlite3_free(wal);
	}
	if (s->wal_fd >= 0)
		sync_file_range(s->wal_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	if (frames >= WAL_CHECKPOINT_FRAMES && writer_checkpoints(s, db, schema))
		sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE,
					  NULL, NULL);
	return SQLITE_OK;
}

int marsad_store_open(const char *path, marsad_store **out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	*out = NULL;
	if (!path)
		return MARSAD_EINVAL;
	pthread_once(&once, configure_sqlite);
	marsad_store *s = calloc(1, sizeof *s);
	if (!s)
		return MARSAD_ENOMEM;
	s->feed = calloc(1, sizeof *s->feed);
	if (!s->feed) {
		free(s);
		return MARSAD_ENOMEM;
	}
	s->wal_fd = -1;
	/* NOMUTEX: a store is one thread's at a time (store.h), so SQLite's
	 * per-call connection mutex only costs (a lock and an unlock around
	 * every sqlite3_column_*() and bind call). */
	int rc = sqlite3_open_v2(path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_extended_result_codes(s->db, 1);
	if (rc == SQLITE_OK)
		rc = marsad_fts5_register_feed(s->db, s->feed) == MARSAD_OK
			     ? SQLITE_OK
			     : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(s->db, BUSY_MS);
	/* WAL: readers go on while a batch is written, and a killed writer
	 * leaves the last committed batch intact. synchronous=NORMAL keeps
	 * that; only a power cut may lose the last batches, never consistency.
	 * The journal mode is read back through exec and needs no check: an
	 * in-memory store keeps "memory". The page size counts only in a
	 * new file (an older one keeps its own): 8 KiB pages hold an
	 * article's text with fewer overflow pages and took 1.5% fewer
	 * instructions to fill than 4 KiB. Debian's SQLite zeroes deleted
	 * content (SECURE_DELETE): the store holds published news, and the
	 * zeroing wrote every page of the index segments a merge frees.
	 * Temporary files stay in memory (temp_store): the journal of each
	 * statement and savepoint that may roll back within a transaction
	 * (index merges, linking's and summarizing's savepoints) took the
	 * old content of every page they changed, 1 GB of writes to temporary
	 * files in a 31k ingest, while what they hold at one time is small
	 * (the peak memory did not change). The log is checkpointed as
	 * on_wal_commit() says. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db,
				  "PRAGMA page_size = 8192;"
				  "PRAGMA journal_mode = WAL;"
				  "PRAGMA synchronous = NORMAL;"
				  "PRAGMA secure_delete = OFF;"
				  "PRAGMA mmap_size = 1073741824;"
				  "PRAGMA cache_size = -65536;"
				  "PRAGMA temp_store = MEMORY;"
				  "PRAGMA foreign_keys = ON;",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		sqlite3_wal_hook(s->db, on_wal_commit, s);
	int err = rc == SQLITE_OK ? marsad_schema_upgrade(s->db)
				  : marsad_store_err(rc);
	if (err == MARSAD_OK)
		err = index_for_analyzer(s);
	if (err == MARSAD_OK && prepare_all(s) != SQLITE_OK)
		err = MARSAD_EDB;
	if (err != MARSAD_OK) {
		marsad_store_close(s);
		return err;
	}
	*out = s;
	return MARSAD_OK;
}

static void ids_clear(id_map *m);

void marsad_store_close(marsad_store *s)
{
	if (!s)
		return;
	if (s->in_batch)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	finalize_all(s->stmts);
	ids_clear(&s->ids);
	marsad_search_clear(s);
	checkpointer_stop(s->ckpt);
	sqlite3_close(s->db);
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	marsad_feed_clear(s->feed);
	free(s->feed);
	free(s);
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* ---- rows written many at a time (pending) ------------------------------ */

/* The cells of a new row of table r, to be filled; row_added() then. */
static cell *row_new(marsad_store *s, int r)
{
	pending *p = &s->stmts->rows[r];
	return &p->cell[p->n * (size_t)row_tables[r].cols];
}

static void set_int(cell *c, sqlite3_int64 v)
{
	c->kind = C_INT;
	c->v.i = v;
}

static void set_real(cell *c, double v)
{
	c->kind = C_REAL;
	c->v.d = v;
}

static void set_null(cell *c)
{
	c->kind = C_NULL;
}

/* The n bytes at t, copied: the row outlives the article. */
static int set_text(marsad_store *s, int r, cell *c, const char *t, size_t n)
{
	marsad_buf *b = &s->stmts->rows[r].text;
	c->kind = C_TEXT;
	c->v.t.off = b->len;
	c->v.t.len = n;
	return marsad_buf_append(b, t, n) < 0 ? SQLITE_NOMEM : SQLITE_OK;
}

static void bind_cell(sqlite3_stmt *st, int i, const cell *c,
		      const char *text)
{
	switch (c->kind) {
	case C_INT:
		sqlite3_bind_int64(st, i, c->v.i);
		break;
	case C_REAL:
		sqlite3_bind_double(st, i, c->v.d);
		break;
	case C_TEXT: /* "" for an empty one: a NULL pointer binds NULL */
		sqlite3_bind_text(st, i, c->v.t.len ? text + c->v.t.off : "",
				  (int)c->v.t.len, SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(st, i);
	}
}

/* Writes rows [from, from + n) of table r in one statement (`one` or
 * `many`, n 1 or ROWS_MAX). */
static int write_rows(marsad_store *s, int r, size_t from, int n)
{
	pending *p = &s->stmts->rows[r];
	sqlite3_stmt **st = n == 1 ? &p->one : &p->many;
	int cols = row_tables[r].cols;
	int rc = *st ? SQLITE_OK
		     : marsad_prepare_rows(s->db, &row_tables[r], n,
					   SQLITE_PREPARE_PERSISTENT, st);
	if (rc != SQLITE_OK)
		return rc;
	const cell *c = &p->cell[from * (size_t)cols];
	for (int i = 0; i < n * cols; i++)
		bind_cell(*st, i + 1, &c[i], p->text.data);
	return step_done(*st);
}

/* Writes the waiting rows of table r: ROWS_MAX of them in one statement,
 * fewer one by one. They are gone also when that fails (the batch then
 * fails with them). */
static int rows_write(marsad_store *s, int r)
{
	pending *p = &s->stmts->rows[r];
	int rc = SQLITE_OK;
	size_t i = 0;
	if (p->n == ROWS_MAX) {
		rc = write_rows(s, r, 0, ROWS_MAX);
		i = ROWS_MAX;
	}
	for (; i < p->n && rc == SQLITE_OK; i++)
		rc = write_rows(s, r, i, 1);
	p->n = 0;
	marsad_buf_reset(&p->text);
	return rc;
}

/* Ends the row row_new() gave; writes the table's rows when they are
 * ROWS_MAX. */
static int row_added(marsad_store *s, int r)
{
	pending *p = &s->stmts->rows[r];
	return ++p->n == ROWS_MAX ? rows_write(s, r) : SQLITE_OK;
}

/* Writes every waiting row. */
static int rows_write_all(marsad_store *s)
{
	int rc = SQLITE_OK;
	for (int r = 0; r < R_N && rc == SQLITE_OK; r++)
		if (s->stmts->rows[r].n)
			rc = rows_write(s, r);
	return rc;
}

static int rows_waiting(const marsad_store *s)
{
	for (int r = 0; r < R_N; r++)
		if (s->stmts->rows[r].n)
			return 1;
	return 0;
}

static void rows_drop(marsad_store *s)
{
	for (int r = 0; r < R_N; r++) {
		s->stmts->rows[r].n = 0;
		marsad_buf_reset(&s->stmts->rows[r].text);
	}
}

int marsad_prepare_rows(sqlite3 *db, const marsad_rows_sql *t, int n,
			unsigned flags, sqlite3_stmt **st)
{
	marsad_buf q = MARSAD_BUF_INIT;
	int rc = marsad_buf_append(&q, t->head, strlen(t->head));
	for (int i = 0; i < n && !rc; i++)
		rc = (i && marsad_buf_putc(&q, ',')) ||
		     marsad_buf_append(&q, t->tuple, strlen(t->tuple));
	rc = rc ? SQLITE_NOMEM
		: sqlite3_prepare_v3(db, q.data, -1, flags, st, NULL);
	marsad_buf_clear(&q);
	return rc;
}

static void ids_mark(marsad_store *s);

/* Whoever reads the tables through the connection sees every article put:
 * the waiting rows are written first. A failure to write them fails the
 * batch's next put or commit. */
sqlite3 *marsad_store_db(marsad_store *s)
{
	if (!s)
		return NULL;
	if (!s->failed && rows_waiting(s)) {
		/* the writes are the store's own, unless others came first */
		int own = sqlite3_total_changes64(s->db) == s->ids.changes;
		s->failed = rows_write_all(s);
		if (own)
			ids_mark(s);
	}
	return s->db;
}

/*
 * A search reads a few hundred pages scattered over the file (the rows of
 * its hits, the doclists of its words), most of them once. Through the
 * memory map each is a page fault on a page the process has not mapped
 * yet; with pread() a copy into the page cache. On the measuring machine
 * (a virtual machine, where a fault is dear) a fault on the mapped file
 * took 50-100 us, the first in each 2 MB of the file 170-600 us, a
 * pread() of an 8 KiB page 4 us, and a fresh page of heap 6-12 us at its
 * first touch: hence a small cache, whose memory is touched once and then
 * reused (64 MiB of cache without the map was slower than the map). The
 * 151 story queries of `marsad eval search` in a new process: processor
 * time p99 16.8 -> 11.2 ms, p50 2.83 -> 3.43 ms (median of 5 runs). A
 * process that goes on searching gains by the map, which costs nothing
 * once mapped: with --warm, p50 1.94 -> 3.15 ms in this mode.
 */
int marsad_store_search_mode(marsad_store *s)
{
	if (!s)
		return MARSAD_EINVAL;
	/* 512 KiB: the pages read over and over (the roots and inner pages
	 * of the article and index trees) stay, and the rest recycle the
	 * same memory. */
	return exec(s, "PRAGMA mmap_size = 0; PRAGMA cache_size = -512;");
}

/* ---- entity and spelling ids (id_map) ---------------------------------- */

/* Past this many key bytes the map is emptied and starts again: it is a
 * cache (all of SaudiNewsNet's 62,524 entities and 69,142 spellings take
 * 4 MB of keys). */
#define IDS_KEYS_MAX ((size_t)64 << 20)

static void ids_clear(id_map *m)
{
	free(m->slot);
	marsad_buf_clear(&m->keys);
	m->slot = NULL;
	m->cap = m->n = 0;
	m->known = m->complete = 0;
}

/* The slot of key k (hash h): its entry, or the empty slot where it goes. */
static id_entry *ids_slot(const id_map *m, uint64_t h, const char *k,
			  size_t n)
{
	size_t i = h & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		id_entry *e = &m->slot[i];
		if (!e->hash || (e->hash == h && e->len == n &&
				 memcmp(m->keys.data + e->off, k, n) == 0))
			return e;
	}
}

static sqlite3_int64 ids_get(const id_map *m, const char *k, size_t n)
{
	if (!m->cap)
		return 0;
	const id_entry *e = ids_slot(m, marsad_store_hash(k, n), k, n);
	return e->hash ? e->id : 0;
}

/* Doubles the slots; keeps the load at one half or less. */
static int ids_grow(id_map *m)
{
	size_t cap = m->cap ? 2 * m->cap : 4096;
	id_entry *slot = calloc(cap, sizeof *slot), *old = m->slot;
	if (!slot)
		return -1;
	size_t old_cap = m->cap;
	m->slot = slot;
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].hash)
			*ids_slot(m, old[i].hash, m->keys.data + old[i].off,
				  old[i].len) = old[i];
	free(old);
	return 0;
}

/* Remembers k → id; when memory is short it stays unknown, and the map
 * is no longer complete. */
static void ids_put(id_map *m, const char *k, size_t n, sqlite3_int64 id)
{
	if (m->keys.len + n > IDS_KEYS_MAX)
		ids_clear(m);
	if (2 * (m->n + 1) > m->cap && ids_grow(m) != 0) {
		m->complete = 0;
		return;
	}
	uint64_t h = marsad_store_hash(k, n);
	id_entry *e = ids_slot(m, h, k, n);
	if (e->hash) {
		e->id = id;
		return;
	}
	size_t off = m->keys.len;
	if (marsad_buf_append(&m->keys, k, n) < 0) {
		m->complete = 0;
		return;
	}
	*e = (id_entry){h, off, n, id};
	m->n++;
}

/* Empties the map when the tables may have changed behind it: another
 * connection committed (PRAGMA data_version) or this one was written
 * through marsad_store_db() (its total changes moved since the store's own
 * last write). Called inside the write transaction. */
static int ids_check(marsad_store *s)
{
	sqlite3_stmt *st = s->stmts->data_version;
	int rc = sqlite3_step(st);
	int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc;
	if (version != s->ids.data_version ||
	    sqlite3_total_changes64(s->db) != s->ids.changes)
		ids_clear(&s->ids);
	s->ids.data_version = version;
	if (s->ids.known)
		return SQLITE_OK;
	/* An empty map of an empty table (a new store) stays complete as
	 * it learns every entity written: the bulk load of a new store then
	 * looks none up. */
	st = s->stmts->no_entities;
	rc = sqlite3_step(st);
	s->ids.complete = rc == SQLITE_ROW && s->ids.n == 0 &&
			  sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc;
	s->ids.known = 1;
	return SQLITE_OK;
}

/* After the store's own writes. */
static void ids_mark(marsad_store *s)
{
	s->ids.changes = sqlite3_total_changes64(s->db);
}

/* The key of an entity in the map: its type name, a NUL, its name. */
static int entity_key(marsad_buf *k, const char *type, const char *name,
		      size_t n)
{
	marsad_buf_reset(k);
	return marsad_buf_append(k, type, strlen(type) + 1) < 0 ||
			       marsad_buf_append(k, name, n) < 0
		       ? SQLITE_NOMEM
		       : SQLITE_OK;
}

/* The key of a spelling: a byte 1 (no type name starts so), the entity
 * id, the surface. */
static int variant_key(marsad_buf *k, sqlite3_int64 entity,
		       const char *surface, size_t n)
{
	marsad_buf_reset(k);
	return marsad_buf_putc(k, 1) < 0 ||
			       marsad_buf_append(k, &entity, sizeof entity) < 0 ||
			       marsad_buf_append(k, surface, n) < 0
		       ? SQLITE_NOMEM
		       : SQLITE_OK;
}

/* The entity (type, the n bytes of name), created when new; *id receives
 * its id. */
static int entity_id(marsad_store *s, marsad_buf *key, const char *type,
		     const char *name, size_t n, sqlite3_int64 *id)
{
	int rc = entity_key(key, type, name, n);
	if (rc != SQLITE_OK)
		return rc;
	if ((*id = ids_get(&s->ids, key->data, key->len)))
		return SQLITE_OK;
	/* A lookup, then an insert: cheaper than an upsert with RETURNING,
	 * which builds a table for its one row. A complete map saves the
	 * lookup. */
	sqlite3_stmt *st = s->stmts->entity_find;
	rc = SQLITE_DONE;
	if (!s->ids.complete) {
		sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, (int)n, SQLITE_STATIC);
		rc = sqlite3_step(st);
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
	}
	if (rc == SQLITE_DONE) {
		st = s->stmts->entity_add;
		sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, (int)n, SQLITE_STATIC);
		if ((rc = step_done(st)) != SQLITE_OK)
			return rc;
		*id = sqlite3_last_insert_rowid(s->db);
	} else if (rc != SQLITE_ROW) {
		return rc;
	}
	ids_put(&s->ids, key->data, key->len, *id);
	return SQLITE_OK;
}

/* Records the n bytes of surface as a spelling of the entity. */
static int add_variant(marsad_store *s, marsad_buf *key, sqlite3_int64 entity,
		       const char *surface, size_t n)
{
	int rc = variant_key(key, entity, surface, n);
	if (rc != SQLITE_OK)
		return rc;
	if (ids_get(&s->ids, key->data, key->len))
		return SQLITE_OK;
	cell *c = row_new(s, R_VARIANT);
	set_int(&c[0], entity);
	rc = set_text(s, R_VARIANT, &c[1], surface, n);
	if (rc == SQLITE_OK)
		rc = row_added(s, R_VARIANT);
	if (rc == SQLITE_OK)
		ids_put(&s->ids, key->data, key->len, 1);
	return rc;
}

/*
 * Indexes the rows added since the last call, in one statement: FTS5
 * (3.40) writes its pending terms out as a segment at every statement
 * savepoint, which the writes of the next article open, so indexing each
 * row as it is written made a segment per article, all to be merged again.
 * A batch's new rows are indexed when it commits (schema.c, version 3).
 */
static int index_new_rows(marsad_store *s)
{
	if (!s->unindexed)
		return SQLITE_OK;
	sqlite3_bind_int64(s->stmts->index, 1, s->indexed_up_to);
	int rc = step_done(s->stmts->index);
	if (rc == SQLITE_OK)
		s->unindexed = 0;
	marsad_feed_clear(s->feed); /* what the tokenizer did not ask for */
	return rc;
}

int marsad_store_begin(marsad_store *s)
{
	if (!s || s->in_batch)
		return MARSAD_EINVAL;
	int err = exec(s, "BEGIN IMMEDIATE");
	s->in_batch = err == MARSAD_OK;
	return err;
}

int marsad_store_commit(marsad_store *s)
{
	if (!s || !s->in_batch)
		return MARSAD_EINVAL;
	int rc = s->failed;
	if (rc == SQLITE_OK)
		rc = rows_write_all(s);
	if (rc == SQLITE_OK)
		rc = index_new_rows(s);
	int err = marsad_store_err(rc);
	if (err == MARSAD_OK)
		err = exec(s, "COMMIT");
	if (err == MARSAD_OK)
		s->in_batch = 0;
	ids_mark(s);
	return err;
}

/* Forgets what the transaction held, rolled back. */
static void rolled_back(marsad_store *s)
{
	s->in_batch = 0;
	s->unindexed = 0;
	s->failed = SQLITE_OK;
	marsad_feed_clear(s->feed);
	ids_clear(&s->ids);
	rows_drop(s);
}

int marsad_store_rollback(marsad_store *s)
{
	if (!s || !s->in_batch)
		return MARSAD_EINVAL;
	rolled_back(s);
	return exec(s, "ROLLBACK");
}

/* FTS5 settings: the automerge of schema 5, and the pages one 'merge'
 * command writes at most (it is repeated until it has nothing to do).
 * FTS5 also merges a level as soon as it holds crisismerge segments (16
 * by default), automerge or not: a bulk load of 62 batches merged 48 of
 * them once before the end merged everything again. During an ingest the
 * limit is FTS_CRISISMERGE_INGEST: no crisis merge before 64,000 articles
 * in batches of 500, and fewer segments than FTS5's 2,000 at any size. */
#define FTS_AUTOMERGE "8"
#define FTS_MERGE_PAGES "1000"
#define FTS_CRISISMERGE "16"
#define FTS_CRISISMERGE_INGEST "128"
int marsad_store_ingest_begin(marsad_store *s)
{
	if (!s || s->in_batch)
		return MARSAD_EINVAL;
	int err = exec(s, "PRAGMA foreign_keys = OFF;"
			  "INSERT INTO articles_fts(articles_fts, rank) "
			  "VALUES('automerge', 0);"
			  "INSERT INTO articles_fts(articles_fts, rank) "
			  "VALUES('crisismerge', " FTS_CRISISMERGE_INGEST ")");
	ids_mark(s);
	return err;
}

/* The merges automerge would have made, made now: 'merge' until it finds
 * nothing to merge, which it shows by counting fewer than two changes
 * (FTS5 documentation, "The 'merge' Command"). */
static int merge_pending(marsad_store *s)
{
	sqlite3_int64 before;
	int err;
	do {
		before = sqlite3_total_changes64(s->db);
		err = exec(s, "INSERT INTO articles_fts(articles_fts, rank) "
			      "VALUES('merge', " FTS_MERGE_PAGES ")");
	} while (err == MARSAD_OK &&
		 sqlite3_total_changes64(s->db) - before >= 2);
	return err;
}

int marsad_store_ingest_end(marsad_store *s, marsad_ingest_merge merge)
{
	if (!s || s->in_batch)
		return MARSAD_EINVAL;
	int err = exec(s, "PRAGMA foreign_keys = ON");
	if (err == MARSAD_OK && merge == MARSAD_MERGE_ALL)
		err = marsad_store_optimize(s);
	else if (err == MARSAD_OK && merge == MARSAD_MERGE_PENDING)
		err = merge_pending(s);
	if (err == MARSAD_OK)
		err = exec(s, "INSERT INTO articles_fts(articles_fts, rank) "
			      "VALUES('automerge', " FTS_AUTOMERGE ");"
			      "INSERT INTO articles_fts(articles_fts, rank) "
			      "VALUES('crisismerge', " FTS_CRISISMERGE ")");
	ids_mark(s);
	return err;
}

/*
 * FTS5's incremental optimize: a 'merge' with a negative number of pages
 * puts every segment on one level and begins merging them into one; each
 * 'merge' with a positive number goes on, until one finds nothing left
 * (fewer than two changes, as in merge_pending). OPTIMIZE_STEP_PAGES
 * leaf pages a step: milliseconds. Merging by steps writes what one
 * 'optimize' writes, and an 'optimize' run in the middle would begin
 * again from the segments as they are.
 */
#define OPTIMIZE_STEP_PAGES "256"

int marsad_store_optimize_step(marsad_store *s, int *more)
{
	*more = 0;
	if (!s)
		return MARSAD_EINVAL;
	sqlite3_int64 before = sqlite3_total_changes64(s->db);
	int err = exec(s, s->optimizing
				  ? "INSERT INTO articles_fts(articles_fts, rank)"
				    " VALUES('merge', " OPTIMIZE_STEP_PAGES ")"
				  : "INSERT INTO articles_fts(articles_fts, rank)"
				    " VALUES('merge', -" OPTIMIZE_STEP_PAGES ")");
	if (err != MARSAD_OK)
		return err;
	*more = sqlite3_total_changes64(s->db) - before >= 2;
	s->optimizing = *more;
	ids_mark(s);
	return MARSAD_OK;
}

int marsad_store_optimize(marsad_store *s)
{
	if (!s || s->in_batch)
		return MARSAD_EINVAL;
	int more, err;
	do
		err = marsad_store_optimize_step(s, &more);
	while (err == MARSAD_OK && more);
	return err;
}

char *marsad_removed_json(const marsad_doc *d)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < d->n_removed; i++) {
		const marsad_removal *r = &d->removed[i];
		if (json_array_append_new(
			    a, json_pack("{s:s, s:s}", "line",
					 r->line ? r->line : "", "reason",
					 r->reason ? r->reason : "")) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return s;
}

/* ---- one article ---------------------------------------------------------- */

/*
 * The mentions (each linked to the entity of its canonical name within
 * the article, its spelling kept as a variant) and the quotations (the
 * speaker linked when its span is a mention's). The cross-article entity
 * index may merge entities later.
 */
static int write_extracted(marsad_store *s, const marsad_article *a,
			   sqlite3_int64 id)
{
	const marsad_doc *d = a->doc;
	sqlite3_int64 *ent = a->n_mentions ? calloc(a->n_mentions, sizeof *ent)
					   : NULL;
	if (a->n_mentions && !ent)
		return SQLITE_NOMEM;
	marsad_buf key = {0};
	int rc = SQLITE_OK;
	for (size_t i = 0; i < a->n_mentions && rc == SQLITE_OK; i++) {
		const marsad_mention *m = &a->mentions[i];
		if (!marsad_article_mention_kept(a, i))
			continue;
		const char *type = marsad_entity_type_name(m->type);
		const char *surface = d->text + m->start;
		size_t n = m->end - m->start, name_len;
		const char *name = marsad_article_entity_name(a, i, &name_len);
		rc = entity_id(s, &key, type, name, name_len, &ent[i]);
		if (rc == SQLITE_OK)
			rc = add_variant(s, &key, ent[i], surface, n);
		if (rc != SQLITE_OK)
			break;
		cell *c = row_new(s, R_MENTION);
		set_int(&c[0], id);
		set_int(&c[1], (sqlite3_int64)i);
		set_int(&c[2], ent[i]);
		set_int(&c[3], (sqlite3_int64)m->start);
		set_int(&c[4], (sqlite3_int64)m->end);
		set_real(&c[6], m->confidence);
		rc = set_text(s, R_MENTION, &c[5], type, strlen(type));
		if (rc == SQLITE_OK)
			rc = row_added(s, R_MENTION);
	}
	marsad_buf_clear(&key);
	for (size_t i = 0; i < a->n_quotes && rc == SQLITE_OK; i++) {
		const marsad_quote *q = &a->quotes[i];
		if (!marsad_article_span_ok(a, q->start, q->end))
			continue;
		cell *c = row_new(s, R_QUOTE);
		set_int(&c[0], id);
		set_int(&c[1], (sqlite3_int64)i);
		set_int(&c[2], (sqlite3_int64)q->start);
		set_int(&c[3], (sqlite3_int64)q->end);
		set_null(&c[4]);
		set_null(&c[5]);
		set_null(&c[6]);
		set_null(&c[7]);
		set_int(&c[8], q->direct != 0);
		set_null(&c[9]);
		if (q->source_end > q->source_start &&
		    marsad_article_span_ok(a, q->source_start, q->source_end))
			rc = set_text(s, R_QUOTE, &c[9],
				      d->text + q->source_start,
				      q->source_end - q->source_start);
		if (marsad_article_span_ok(a, q->speaker_start,
					   q->speaker_end)) {
			rc = set_text(s, R_QUOTE, &c[4],
				      d->text + q->speaker_start,
				      q->speaker_end - q->speaker_start);
			const char *type = marsad_entity_type_name(
				(marsad_entity_type)q->speaker_type);
			if (*type && rc == SQLITE_OK)
				rc = set_text(s, R_QUOTE, &c[5], type,
					      strlen(type));
			size_t k = marsad_article_speaker_mention(a, q);
			if (k < a->n_mentions && ent[k])
				set_int(&c[6], ent[k]);
		}
		if (q->verb[0] && rc == SQLITE_OK)
			rc = set_text(s, R_QUOTE, &c[7], q->verb,
				      strlen(q->verb));
		if (rc == SQLITE_OK)
			rc = row_added(s, R_QUOTE);
	}
	free(ent);
	return rc;
}

/* Binds articles.url_stored: NULL without a url, '' when it is the key. */
static void bind_url(sqlite3_stmt *st, int i, const marsad_doc *d)
{
	if (!d->url || !*d->url)
		sqlite3_bind_null(st, i);
	else if (strcmp(d->url, d->key) == 0)
		sqlite3_bind_text(st, i, "", 0, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, i, d->url, -1, SQLITE_STATIC);
}

/* Writes the row (insert when *idp is 0; *idp then receives its id),
 * the sentences, the dates, the mentions and the quotations; takes
 * terms->removed when there is one. */
static int write_article(marsad_store *s, const marsad_article *a,
			 marsad_index_terms *terms, sqlite3_int64 *idp)
{
	sqlite3_int64 id = *idp;
	struct stmts *t = s->stmts;
	const marsad_doc *d = a->doc;
	char *removed = terms && terms->removed ? terms->removed
						: marsad_removed_json(d);
	if (terms)
		terms->removed = NULL;
	if (!removed)
		return SQLITE_NOMEM;
	/* The update trigger takes the old words out of the index: they
	 * must be in it; the old rows deleted below, in their tables. */
	int rc = id ? index_new_rows(s) : SQLITE_OK;
	if (rc == SQLITE_OK && id)
		rc = rows_write_all(s);
	if (rc != SQLITE_OK) {
		free(removed);
		return rc;
	}
	sqlite3_stmt *st = id ? t->update : t->insert;
	sqlite3_clear_bindings(st);
	marsad_bind_text(st, 1, d->key);
	marsad_bind_text(st, 2, d->outlet && *d->outlet ? d->outlet : NULL);
	bind_url(st, 3, d);
	marsad_bind_text(st, 4, d->title ? d->title : "");
	marsad_bind_text(st, 5, d->published);
	sqlite3_bind_text(st, 6, d->text ? d->text : "",
			  d->text ? (int)d->text_len : 0, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)a->content_hash);
	marsad_bind_text(st, 8, removed);
	marsad_bind_text(st, 9, d->lang);
	if (id)
		sqlite3_bind_int64(st, 10, id);
	rc = step_done(st);
	free(removed);
	if (rc != SQLITE_OK)
		return rc;
	if (id) {
		for (size_t i = 0; i < N_DERIVED && rc == SQLITE_OK; i++) {
			sqlite3_bind_int64(t->derived[i], 1, id);
			rc = step_done(t->derived[i]);
		}
	} else {
		id = *idp = sqlite3_last_insert_rowid(s->db);
		if (!s->unindexed) {
			/* A new row takes the next rowid: this one and every
			 * later one are to be indexed. */
			s->unindexed = 1;
			s->indexed_up_to = id - 1;
		}
	}
	for (size_t i = 0; i < a->n_sentences && rc == SQLITE_OK; i++) {
		cell *c = row_new(s, R_SENTENCE);
		set_int(&c[0], id);
		set_int(&c[1], (sqlite3_int64)i);
		set_int(&c[2], (sqlite3_int64)a->sentences[i].start);
		set_int(&c[3], (sqlite3_int64)a->sentences[i].end);
		rc = row_added(s, R_SENTENCE);
	}
	for (size_t i = 0; i < a->n_dates && rc == SQLITE_OK; i++) {
		const marsad_date *dt = &a->dates[i];
		if (!marsad_article_span_ok(a, dt->start, dt->end))
			continue;
		cell *c = row_new(s, R_DATE);
		set_int(&c[0], id);
		set_int(&c[1], (sqlite3_int64)i);
		set_int(&c[2], (sqlite3_int64)dt->start);
		set_int(&c[3], (sqlite3_int64)dt->end);
		set_int(&c[5], (int)dt->granularity);
		set_int(&c[6], (int)dt->flags);
		rc = set_text(s, R_DATE, &c[4], dt->value, strlen(dt->value));
		if (rc == SQLITE_OK)
			rc = row_added(s, R_DATE);
	}
	if (rc == SQLITE_OK)
		rc = write_extracted(s, a, id);
	return rc;
}

/* Non-zero when a string of n bytes fits in a column (SQLITE_LIMIT_LENGTH):
 * checked before writing, so that a put fails on its input before it has
 * written anything. */
static int fits(marsad_store *s, size_t n)
{
	return n < (size_t)sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, -1);
}

static int too_big(marsad_store *s, const marsad_article *a)
{
	const marsad_doc *d = a->doc;
	return !fits(s, d->text_len) || !fits(s, strlen(d->key)) ||
	       (d->title && !fits(s, strlen(d->title))) ||
	       (d->url && !fits(s, strlen(d->url)));
}

static int put(marsad_store *s, const marsad_article *a,
	       marsad_index_terms **terms, marsad_store_result *result);

int marsad_store_put(marsad_store *s, const marsad_article *a,
		     marsad_store_result *result)
{
	return marsad_store_put_analyzed(s, a, NULL, result);
}

int marsad_store_put_analyzed(marsad_store *s, const marsad_article *a,
			      marsad_index_terms *terms,
			      marsad_store_result *result)
{
	int err = put(s, a, &terms, result);
	marsad_index_terms_free(terms); /* when put() did not take them */
	return err;
}

/* Stores a; a new row's *terms are taken for its index entry. */
static int put(marsad_store *s, const marsad_article *a,
	       marsad_index_terms **terms, marsad_store_result *result)
{
	if (result)
		*result = 0;
	if (!s)
		return MARSAD_EINVAL;
	s->last_id = 0;
	if (!a || !a->doc || !a->doc->key || !*a->doc->key)
		return MARSAD_EINVAL;
	if (a->doc->text_len > (size_t)INT32_MAX || too_big(s, a))
		return MARSAD_ETOOBIG;
	struct stmts *t = s->stmts;
	sqlite3_int64 id = 0, hash = 0;
	sqlite3_bind_text(t->find, 1, a->doc->key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(t->find);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(t->find, 0);
		hash = sqlite3_column_int64(t->find, 1);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(t->find);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	if (id && hash == (sqlite3_int64)a->content_hash) {
		s->last_id = id;
		if (result)
			*result = MARSAD_STORE_UNCHANGED;
		return MARSAD_OK;
	}
	/* No savepoint per article: FTS5 (3.40) writes its pending terms out
	 * as a new segment at every savepoint, which made each article a
	 * segment to merge. A failure here is the database's (the input was
	 * checked above), and it ends the batch instead. */
	int own = !s->in_batch;
	if (own && (rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL,
				      NULL)) != SQLITE_OK)
		return marsad_store_err(rc);
	rc = s->failed ? s->failed : ids_check(s);
	sqlite3_int64 stored = id; /* the new row's id once written */
	if (rc == SQLITE_OK)
		rc = write_article(s, a, *terms, &stored);
	if (rc == SQLITE_OK && !id && *terms) {
		marsad_feed_push(s->feed, *terms); /* for index_new_rows() */
		*terms = NULL;
	}
	if (rc == SQLITE_OK && own)
		rc = rows_write_all(s);
	if (rc == SQLITE_OK && own)
		rc = index_new_rows(s);
	if (rc == SQLITE_OK && own)
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		rolled_back(s);
		return marsad_store_err(rc);
	}
	ids_mark(s);
	s->last_id = stored;
	if (result)
		*result = id ? MARSAD_STORE_UPDATED : MARSAD_STORE_ADDED;
	return MARSAD_OK;
}

int64_t marsad_store_last_id(const marsad_store *s)
{
	return s ? s->last_id : 0;
}

int marsad_store_count(marsad_store *s, size_t *n)
{
	*n = 0;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles", -1,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? MARSAD_OK : marsad_store_err(rc);
}
