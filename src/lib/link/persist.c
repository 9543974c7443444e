/*
 * persist.c — the linker and the store: results saved into the store's
 * tables (copies, topics, stories, story_articles) and a linker read back
 * from the store, so that ingest links only the new articles.
 *
 * Tables of the linker's own complete the store's schema:
 *   link_articles(article_id → articles.id, hash, credit, data)
 *       what the linker keeps of an article, as of the content hash it
 *       had: data is one BLOB of unsigned LEB128 varints
 *         n_terms, then per term (id delta << 2 | lead << 1 | name),
 *         round(tf · 1024);
 *         n_top, top term ids;
 *         n_tok, then per body term (start − previous end, zigzag:
 *         a term may share its word's span with the one before),
 *         (end − start);
 *         n_edges, then per candidate link the distance back to the
 *         earlier article's store id;
 *       followed by the n_tok − LK_SHINGLE + 1 shingle hashes as 4-byte
 *       little-endian words (hashes do not compress). About 2 KB per
 *       news article;
 *   link_terms(id, word)   the dictionary: term ids are the linker's;
 *   link_copy_notes(copy_id → copies.rowid, whole, credit);
 *   link_topic_links(story_a, story_b, similarity, reason).
 *
 * Loading reads the rows back and replays what adding did (document
 * frequencies, top-term postings, the shingle index, candidate links, the
 * copies from the copies table) without analyzing or aligning anything,
 * then names each article's story as settling does (re-weighing the
 * links: the rows keep tf rounded, so the stored stories are not always
 * what a settle gives again, and the ids the next settle keeps depend on
 * it), leaving out headlines and topics, which the settle after adding
 * makes. Saving writes the rows, words and copies added since, and
 * only the stories whose members or topic changed. A linker rebuilt from
 * the stored texts (no rows, an article changed since its row, rows
 * of another analyzer: store_meta's "link.analyzer" differs from
 * marsad_analyzer_version(), or of another format: "link.rows" is not
 * ROWS_FORMAT) gets new term ids and rewrites everything.
 */
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "link_int.h"
#include "marsad/store.h"
#include "marsad/text.h"

#define TF_SCALE 1024.0 /* tf is stored as round(tf · TF_SCALE) */
#define ANALYZER_KEY "link.analyzer" /* store_meta: the analyzer the rows'
					 terms are of */
#define ROWS_KEY "link.rows" /* store_meta: the rows' format, ROWS_FORMAT */
#define ROWS_FORMAT 2        /* 2: terms carry the lead flag */
#define TOPICS_KEY "link.topics" /* store_meta: 1 while the stories saved
				    wait for their topics
				    (marsad_link_save_stories) */

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS link_copy_notes(\n"
	"  copy_id INTEGER PRIMARY KEY,\n" /* copies.rowid */
	"  whole INTEGER NOT NULL DEFAULT 0,\n"
	"  credit TEXT);\n"
	"CREATE TABLE IF NOT EXISTS link_topic_links(\n"
	"  story_a INTEGER NOT NULL,\n"
	"  story_b INTEGER NOT NULL,\n"
	"  similarity REAL NOT NULL,\n"
	"  reason TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS link_terms(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  word TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS link_articles(\n"
	"  article_id INTEGER PRIMARY KEY\n"
	"    REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  hash INTEGER NOT NULL,\n"     /* articles.hash when written */
	"  credit TEXT,\n"
	"  data BLOB NOT NULL);\n";

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

/* ---- the row BLOB ------------------------------------------------------- */

static int encode(const marsad_linker *l, const lk_article *a,
		  const int64_t *sid, int64_t me, marsad_buf *b)
{
	int rc = marsad_varint_put(b, a->n_terms);
	uint32_t prev = 0;
	for (uint32_t i = 0; i < a->n_terms && !rc; i++) {
		uint32_t id = LK_ID(a->terms[i].id), f = a->terms[i].id;
		rc = marsad_varint_put(b, (uint64_t)(id - prev) << 2 |
				       ((f & LK_LEAD_BIT) != 0) << 1 |
				       ((f & LK_NAME_BIT) != 0));
		if (!rc)
			rc = marsad_varint_put(b, (uint64_t)lrint(a->terms[i].tf *
							   TF_SCALE));
		prev = id;
	}
	if (!rc)
		rc = marsad_varint_put(b, a->n_top);
	for (uint32_t i = 0; i < a->n_top && !rc; i++)
		rc = marsad_varint_put(b, a->top[i]);
	if (!rc)
		rc = marsad_varint_put(b, a->n_tok);
	int64_t at = 0;
	for (uint32_t i = 0; i < a->n_tok && !rc; i++) {
		/* Tokens come in text order, but one written word may give
		 * several on one span (U+FDFA, the ligature of a whole
		 * phrase): the step back to a start is zigzag-coded. */
		int64_t d = (int64_t)a->start[i] - at;
		rc = marsad_varint_put(b, marsad_zigzag(d));
		if (!rc)
			rc = marsad_varint_put(b, a->end[i] - a->start[i]);
		at = a->end[i];
	}
	/* candidate links to stored earlier articles */
	uint32_t n_e = 0;
	for (uint32_t e = a->edge0; e < a->edge0 + a->n_edge; e++)
		n_e += sid[l->edge[e].a] > 0 && sid[l->edge[e].a] < me;
	if (!rc)
		rc = marsad_varint_put(b, n_e);
	for (uint32_t e = a->edge0; e < a->edge0 + a->n_edge && !rc; e++) {
		int64_t o = sid[l->edge[e].a];
		if (o > 0 && o < me)
			rc = marsad_varint_put(b, (uint64_t)(me - o));
	}
	size_t n_sh = a->n_tok >= LK_SHINGLE ? a->n_tok - LK_SHINGLE + 1 : 0;
	if (!rc && n_sh)
		rc = marsad_buf_reserve(b, n_sh * 4);
	if (!rc && n_sh) {
		unsigned char *w = (unsigned char *)b->data + b->len;
		for (size_t i = 0; i < n_sh; i++, w += 4) {
			w[0] = (unsigned char)a->sh[i];
			w[1] = (unsigned char)(a->sh[i] >> 8);
			w[2] = (unsigned char)(a->sh[i] >> 16);
			w[3] = (unsigned char)(a->sh[i] >> 24);
		}
		b->len += n_sh * 4;
		b->data[b->len] = 0;
	}
	return rc;
}

/* Fills a's terms, top terms, spans and shingles from a row; the
 * candidate links are returned as store ids in *edges (caller frees).
 * MARSAD_EDB when the BLOB is not one this file wrote. */
static int decode(const marsad_linker *l, lk_article *a, const void *data,
		  size_t len, int64_t me, int64_t **edges, uint32_t *n_edges)
{
	marsad_varint_reader r = {data, (const unsigned char *)data + len, 0};
	*edges = NULL;
	*n_edges = 0;
	a->n_terms = marsad_varint_count(&r, 2);
	a->terms = malloc((a->n_terms ? a->n_terms : 1) * sizeof *a->terms);
	if (!a->terms)
		return MARSAD_ENOMEM;
	uint64_t id = 0;
	for (uint32_t i = 0; i < a->n_terms && !r.bad; i++) {
		uint64_t v = marsad_varint_get(&r);
		id += v >> 2;
		if (id >= l->dict.n || (i && !(v >> 2)))
			r.bad = 1;
		a->terms[i].id = (uint32_t)id | (v & 2 ? LK_LEAD_BIT : 0) |
				 (v & 1 ? LK_NAME_BIT : 0);
		a->terms[i].tf = (float)(marsad_varint_get(&r) / TF_SCALE);
	}
	a->n_top = marsad_varint_count(&r, 1);
	if (a->n_top > LK_TOP)
		r.bad = 1;
	for (uint32_t i = 0; i < a->n_top && !r.bad; i++) {
		a->top[i] = (uint32_t)marsad_varint_get(&r);
		if (a->top[i] >= l->dict.n)
			r.bad = 1;
	}
	a->n_tok = r.bad ? 0 : marsad_varint_count(&r, 2);
	a->start = malloc((a->n_tok ? a->n_tok : 1) * sizeof *a->start);
	a->end = malloc((a->n_tok ? a->n_tok : 1) * sizeof *a->end);
	if (!a->start || !a->end)
		return MARSAD_ENOMEM;
	int64_t at = 0;
	for (uint32_t i = 0; i < a->n_tok && !r.bad; i++) {
		uint64_t z = marsad_varint_get(&r), span = marsad_varint_get(&r);
		if (z > 2ULL * UINT32_MAX || span > UINT32_MAX) {
			r.bad = 1;
			break;
		}
		int64_t start = at + marsad_unzigzag(z);
		int64_t end = start + (int64_t)span;
		if (start < 0 || end > UINT32_MAX)
			r.bad = 1;
		a->start[i] = (uint32_t)start;
		a->end[i] = (uint32_t)end;
		at = end;
	}
	uint32_t n_e = r.bad ? 0 : marsad_varint_count(&r, 1);
	int64_t *e = malloc((n_e ? n_e : 1) * sizeof *e);
	if (!e)
		return MARSAD_ENOMEM;
	for (uint32_t i = 0; i < n_e && !r.bad; i++)
		e[i] = me - (int64_t)marsad_varint_get(&r);
	*edges = e;
	*n_edges = n_e;
	size_t n_sh = a->n_tok >= LK_SHINGLE ? a->n_tok - LK_SHINGLE + 1 : 0;
	if (r.bad || (size_t)(r.end - r.p) != n_sh * 4)
		return MARSAD_EDB;
	if (n_sh && !(a->sh = malloc(n_sh * sizeof *a->sh)))
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < n_sh; i++, r.p += 4)
		a->sh[i] = (uint32_t)r.p[0] | (uint32_t)r.p[1] << 8 |
			   (uint32_t)r.p[2] << 16 | (uint32_t)r.p[3] << 24;
	return 0;
}

/* ---- saving ------------------------------------------------------------- */

enum {
	S_ID, S_ROW, S_TOPIC, S_STORY, S_STORY_TOPIC, S_UNMEMBER, S_UNSTORY,
	S_N
};

static const char *const sql[S_N] = {
	"SELECT id FROM articles WHERE key = ?1",
	"INSERT OR REPLACE INTO link_articles(article_id, hash, credit, data)"
	" VALUES(?1, ?2, ?3, ?4)",
	"INSERT INTO topics(id, label) VALUES(?1, ?2) ON CONFLICT(id) DO UPDATE"
	" SET label = excluded.label",
	"INSERT INTO stories(id, topic_id, headline, first, last)"
	" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET"
	" topic_id = excluded.topic_id, headline = excluded.headline,"
	" first = excluded.first, last = excluded.last",
	"UPDATE stories SET topic_id = ?2 WHERE id = ?1",
	"DELETE FROM story_articles WHERE story_id = ?1",
	"DELETE FROM stories WHERE id = ?1",
};

/*
 * Tables written many rows at a time: one INSERT of BATCH rows (its
 * VALUES tuple repeated) pays SQLite's work per statement once for them
 * (about half the cost of a dictionary word's row), the last rows go one
 * by one. A copy's rowid is given, as SQLite would choose it (one above
 * the largest), so that its note can name it.
 */
#define BATCH 64

enum { B_WORD, B_COPY, B_NOTE, B_MEMBER, B_TLINK, B_N };

static const marsad_rows_sql batched[B_N] = {
	{"INSERT OR REPLACE INTO link_terms(id, word) VALUES", "(?,?)", 2},
	{"INSERT INTO copies(rowid, from_id, to_id, from_start, from_end,"
	 " to_start, to_end, similarity) VALUES", "(?,?,?,?,?,?,?,?)", 8},
	{"INSERT INTO link_copy_notes(copy_id, whole, credit) VALUES",
	 "(?,?,?)", 3},
	{"INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES",
	 "(?,?)", 2},
	{"INSERT INTO link_topic_links(story_a, story_b, similarity, reason)"
	 " VALUES", "(?,?,?,?)", 4},
};

struct saver {
	marsad_linker *l;
	marsad_store *store;
	sqlite3 *db;
	sqlite3_stmt *st[S_N];
	sqlite3_stmt *one[B_N], *many[B_N]; /* a row, BATCH rows */
	const int64_t *sid; /* l->sid */
	size_t *pick;       /* the copies written (indexes into l->copy) */
	int64_t rowid0;     /* the largest rowid of copies before them */
	int64_t (*member)[2]; /* story_articles rows to write */
	size_t n_member, cap_member;
};

/* The store id of every linker article: known ones are kept in the
 * linker, the new ones looked up by key (0 when not stored). */
static int store_ids(marsad_linker *l, sqlite3_stmt *st)
{
	if (l->cap_sid < l->n) {
		size_t cap = l->n * 2;
		int64_t *p = realloc(l->sid, cap * sizeof *p);
		if (!p)
			return SQLITE_NOMEM;
		memset(p + l->cap_sid, 0, (cap - l->cap_sid) * sizeof *p);
		l->sid = p;
		l->cap_sid = cap;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->sid[i])
			continue;
		sqlite3_bind_text(st, 1, l->art[i].key, -1, SQLITE_STATIC);
		int r = sqlite3_step(st);
		l->sid[i] = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			return r;
	}
	return SQLITE_OK;
}

/* The INSERT of n rows of table b. */
static int prepare_batched(sqlite3 *db, int b, int n, sqlite3_stmt **st)
{
	return marsad_prepare_rows(db, &batched[b], n, 0, st);
}

static int prepare_all(struct saver *v)
{
	int rc = sqlite3_exec(v->db, schema, NULL, NULL, NULL);
	for (int i = 0; i < S_N && rc == SQLITE_OK; i++)
		rc = sqlite3_prepare_v2(v->db, sql[i], -1, &v->st[i], NULL);
	if (rc == SQLITE_OK)
		rc = store_ids(v->l, v->st[S_ID]);
	v->sid = v->l->sid;
	return rc;
}

static void finish(struct saver *v)
{
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(v->st[i]);
	for (int b = 0; b < B_N; b++) {
		sqlite3_finalize(v->one[b]);
		sqlite3_finalize(v->many[b]);
	}
	free(v->pick);
	free(v->member);
}

/* Binds row i of a batched table from parameter `at` on. */
typedef void bind_fn(struct saver *v, sqlite3_stmt *st, int at, size_t i);

/* Writes rows 0 .. n - 1 of table b, BATCH at a time. */
static int put_rows(struct saver *v, int b, size_t n, bind_fn *bind)
{
	int rc = SQLITE_OK, cols = batched[b].cols;
	if (n >= BATCH && !v->many[b])
		rc = prepare_batched(v->db, b, BATCH, &v->many[b]);
	if (n % BATCH && !v->one[b] && rc == SQLITE_OK)
		rc = prepare_batched(v->db, b, 1, &v->one[b]);
	size_t i = 0;
	for (; i + BATCH <= n && rc == SQLITE_OK; i += BATCH) {
		for (int k = 0; k < BATCH; k++)
			bind(v, v->many[b], k * cols + 1, i + (size_t)k);
		rc = step(v->many[b]);
	}
	for (; i < n && rc == SQLITE_OK; i++) {
		bind(v, v->one[b], 1, i);
		rc = step(v->one[b]);
	}
	return rc;
}

/* Row i: dictionary word n_words_saved + i. */
static void bind_word(struct saver *v, sqlite3_stmt *st, int at, size_t i)
{
	uint32_t w = v->l->n_words_saved + (uint32_t)i;
	sqlite3_bind_int64(st, at, w);
	sqlite3_bind_text(st, at + 1, v->l->dict.word[w], -1, SQLITE_STATIC);
}

/* Row i: copy pick[i], as rowid rowid0 + 1 + i. */
static void bind_copy(struct saver *v, sqlite3_stmt *st, int at, size_t i)
{
	const marsad_copy *c = &v->l->copy[v->pick[i]];
	sqlite3_bind_int64(st, at, v->rowid0 + 1 + (int64_t)i);
	sqlite3_bind_int64(st, at + 1, v->sid[c->from]);
	sqlite3_bind_int64(st, at + 2, v->sid[c->to]);
	sqlite3_bind_int64(st, at + 3, (sqlite3_int64)c->from_start);
	sqlite3_bind_int64(st, at + 4, (sqlite3_int64)c->from_end);
	sqlite3_bind_int64(st, at + 5, (sqlite3_int64)c->to_start);
	sqlite3_bind_int64(st, at + 6, (sqlite3_int64)c->to_end);
	sqlite3_bind_double(st, at + 7, c->similarity);
}

static void bind_note(struct saver *v, sqlite3_stmt *st, int at, size_t i)
{
	const marsad_copy *c = &v->l->copy[v->pick[i]];
	sqlite3_bind_int64(st, at, v->rowid0 + 1 + (int64_t)i);
	sqlite3_bind_int(st, at + 1, c->whole);
	if (c->credit)
		sqlite3_bind_text(st, at + 2, c->credit, -1, SQLITE_STATIC);
}

static void bind_member(struct saver *v, sqlite3_stmt *st, int at, size_t i)
{
	sqlite3_bind_int64(st, at, v->member[i][0]);
	sqlite3_bind_int64(st, at + 1, v->member[i][1]);
}

static void bind_tlink(struct saver *v, sqlite3_stmt *st, int at, size_t i)
{
	const marsad_topic_link *t = &v->l->tlink[i];
	sqlite3_bind_int64(st, at, t->a);
	sqlite3_bind_int64(st, at + 1, t->b);
	sqlite3_bind_double(st, at + 2, t->similarity);
	sqlite3_bind_text(st, at + 3, t->reason, -1, SQLITE_STATIC);
}

/* The copies added since the last save whose articles are stored, with
 * their notes. */
static int save_copies(struct saver *v)
{
	marsad_linker *l = v->l;
	size_t n = 0;
	if (l->n_copy > l->n_copy_saved &&
	    !(v->pick = malloc((l->n_copy - l->n_copy_saved) *
			       sizeof *v->pick)))
		return SQLITE_NOMEM;
	for (size_t k = l->n_copy_saved; k < l->n_copy; k++)
		if (v->sid[l->copy[k].from] && v->sid[l->copy[k].to])
			v->pick[n++] = k;
	if (!n)
		return SQLITE_OK;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(v->db, "SELECT max(rowid) FROM copies", -1,
				    &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v->rowid0 = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	/* past the largest rowid, SQLite would pick at random */
	if (rc == SQLITE_OK && v->rowid0 > INT64_MAX - (int64_t)n)
		rc = SQLITE_FULL;
	if (rc == SQLITE_OK)
		rc = put_rows(v, B_COPY, n, bind_copy);
	if (rc == SQLITE_OK)
		rc = put_rows(v, B_NOTE, n, bind_note);
	return rc;
}

/* The rows, words and copies added since the last save. */
static int save_added(struct saver *v)
{
	marsad_linker *l = v->l;
	int rc = SQLITE_OK;
	if (l->rebuilt == 1) {
		/* new term ids: every row, word and copy is written again */
		rc = sqlite3_exec(v->db,
				  "DELETE FROM link_articles;"
				  "DELETE FROM link_terms;"
				  "DELETE FROM link_copy_notes;"
				  "DELETE FROM copies;",
				  NULL, NULL, NULL);
		l->rebuilt = 2;
		l->n_words_saved = 0;
		l->n_copy_saved = 0;
		for (size_t i = 0; i < l->n; i++)
			l->art[i].saved = 0;
	}
	if (rc == SQLITE_OK)
		rc = put_rows(v, B_WORD, l->dict.n - l->n_words_saved,
			      bind_word);
	if (rc == SQLITE_OK)
		l->n_words_saved = l->dict.n;
	marsad_buf b = MARSAD_BUF_INIT;
	for (size_t i = 0; i < l->n && rc == SQLITE_OK; i++) {
		lk_article *a = &l->art[i];
		if (a->saved || !v->sid[i])
			continue;
		marsad_buf_reset(&b);
		if (encode(l, a, v->sid, v->sid[i], &b)) {
			rc = SQLITE_NOMEM;
			break;
		}
		sqlite3_stmt *s = v->st[S_ROW];
		sqlite3_bind_int64(s, 1, v->sid[i]);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)a->hash);
		if (a->credit)
			sqlite3_bind_text(s, 3, a->credit, -1, SQLITE_STATIC);
		sqlite3_bind_blob(s, 4, b.data ? b.data : "", (int)b.len,
				  SQLITE_STATIC);
		rc = step(s);
		a->saved = rc == SQLITE_OK;
	}
	marsad_buf_clear(&b);
	if (rc == SQLITE_OK)
		rc = save_copies(v);
	if (rc == SQLITE_OK)
		l->n_copy_saved = l->n_copy;
	return rc;
}

/* What a save compares the settled stories with: the loaded ones. */
struct before {
	size_t *count0;      /* by story id: how many articles it had */
	size_t n_ids;
	int full;            /* a rebuild: everything is written */
};

static int before_init(const marsad_linker *l, struct before *b)
{
	b->full = l->rebuilt != 0;
	b->n_ids = (size_t)l->next_story + 1;
	b->count0 = calloc(b->n_ids, sizeof *b->count0);
	if (!b->count0)
		return SQLITE_NOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (l->art[i].story0 > 0 && l->art[i].story0 < (int64_t)b->n_ids)
			b->count0[l->art[i].story0]++;
	return SQLITE_OK;
}

/* Did story s gain or lose articles since the load? */
static int members_changed(const marsad_linker *l, const struct before *b,
			   const marsad_story *s)
{
	if (b->full || s->n_articles != b->count0[s->id])
		return 1;
	for (size_t k = 0; k < s->n_articles; k++)
		if (l->art[s->articles[k]].story0 != s->id)
			return 1;
	return 0;
}

/* The topic story id had when loaded; 0 for none (a new story). */
static int64_t topic_before(const marsad_linker *l, int64_t id)
{
	return (size_t)id < l->n_topic0 ? l->topic0[id] : 0;
}

/* Story s's row and members. Its topic is the one it had (a new story:
 * none) until save_topic writes the settled one. */
static int save_story(struct saver *v, const marsad_story *s)
{
	const marsad_linker *l = v->l;
	sqlite3_bind_int64(v->st[S_UNMEMBER], 1, s->id);
	int rc = step(v->st[S_UNMEMBER]);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *q = v->st[S_STORY];
	int64_t topic = topic_before(l, s->id);
	sqlite3_bind_int64(q, 1, s->id);
	if (topic)
		sqlite3_bind_int64(q, 2, topic);
	sqlite3_bind_text(q, 3, l->art[s->headline].title, -1, SQLITE_STATIC);
	if (s->first)
		sqlite3_bind_text(q, 4, s->first, -1, SQLITE_STATIC);
	if (s->last)
		sqlite3_bind_text(q, 5, s->last, -1, SQLITE_STATIC);
	rc = step(q);
	/* its members, written once every story is */
	if (rc == SQLITE_OK && v->n_member + s->n_articles > v->cap_member) {
		size_t cap = (v->n_member + s->n_articles) * 2;
		int64_t (*p)[2] = realloc(v->member, cap * sizeof *p);
		if (!p)
			return SQLITE_NOMEM;
		v->member = p;
		v->cap_member = cap;
	}
	for (size_t k = 0; k < s->n_articles && rc == SQLITE_OK; k++) {
		if (!v->sid[s->articles[k]])
			continue;
		v->member[v->n_member][0] = s->id;
		v->member[v->n_member++][1] = v->sid[s->articles[k]];
	}
	return rc;
}

/* Story s's topic: the topic's row, labelled with its head story's
 * headline, and the story's topic_id. */
static int save_topic(struct saver *v, const marsad_story *s)
{
	const marsad_linker *l = v->l;
	sqlite3_stmt *q = v->st[S_TOPIC];
	size_t head = lk_story_index(l, s->topic);
	const marsad_story *t = head < l->n_story ? &l->story[head] : s;
	sqlite3_bind_int64(q, 1, s->topic);
	sqlite3_bind_text(q, 2, l->art[t->headline].title, -1, SQLITE_STATIC);
	int rc = step(q);
	if (rc == SQLITE_OK) {
		q = v->st[S_STORY_TOPIC];
		sqlite3_bind_int64(q, 1, s->id);
		sqlite3_bind_int64(q, 2, s->topic);
		rc = step(q);
	}
	return rc;
}

/* The stories as of the last settle, without their topics: those whose
 * members changed since the load (all of them after a rebuild); the
 * stories that vanished are deleted. The store records that topics are
 * to follow (TOPICS_KEY). Reads no topic of the linker: the topics may be
 * settling meanwhile. */
static int save_stories(struct saver *v)
{
	marsad_linker *l = v->l;
	struct before b;
	int rc = before_init(l, &b);
	unsigned char *now = rc == SQLITE_OK ? calloc(b.n_ids, 1) : NULL;
	if (!now)
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK && b.full)
		rc = sqlite3_exec(v->db, "DELETE FROM story_articles;", NULL,
				  NULL, NULL);
	for (size_t i = 0; i < l->n_story && rc == SQLITE_OK; i++) {
		const marsad_story *s = &l->story[i];
		now[s->id] = 1;
		if (members_changed(l, &b, s))
			rc = save_story(v, s);
	}
	if (rc == SQLITE_OK)
		rc = put_rows(v, B_MEMBER, v->n_member, bind_member);
	/* stories that vanished: their articles joined others */
	for (size_t id = 1; id < b.n_ids && rc == SQLITE_OK; id++) {
		if (now[id] || !b.count0[id])
			continue;
		sqlite3_bind_int64(v->st[S_UNSTORY], 1, (sqlite3_int64)id);
		rc = step(v->st[S_UNSTORY]);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(v->db,
				  "DELETE FROM stories WHERE id NOT IN"
				  " (SELECT story_id FROM story_articles);",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK && marsad_store_meta_set(v->store, TOPICS_KEY, 1))
		rc = SQLITE_ERROR;
	free(b.count0);
	free(now);
	return rc;
}

/* The topics as of the last settle: each story's whose members or topic
 * changed since the load, the topics left unused deleted, the topic links
 * written again; the store no longer waits for them (TOPICS_KEY). */
static int save_topics(struct saver *v)
{
	marsad_linker *l = v->l;
	struct before b;
	int rc = before_init(l, &b);
	for (size_t i = 0; i < l->n_story && rc == SQLITE_OK; i++) {
		const marsad_story *s = &l->story[i];
		if (topic_before(l, s->id) != s->topic ||
		    members_changed(l, &b, s))
			rc = save_topic(v, s);
	}
	/* Topics are never deleted wholesale: deleting one makes SQLite scan
	 * the stories for its ON DELETE SET NULL (stories.topic_id has no
	 * index), so only the topics left unused are, at the end. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(v->db,
				  "DELETE FROM topics WHERE id NOT IN (SELECT"
				  " topic_id FROM stories WHERE topic_id IS NOT"
				  " NULL);"
				  "DELETE FROM link_topic_links;",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = put_rows(v, B_TLINK, l->n_tlink, bind_tlink);
	if (rc == SQLITE_OK && marsad_store_meta_set(v->store, TOPICS_KEY, 0))
		rc = SQLITE_ERROR;
	free(b.count0);
	return rc;
}

/* What was saved is now what was loaded. */
static int mark_saved(marsad_linker *l)
{
	int64_t max = 0;
	for (size_t i = 0; i < l->n_story; i++)
		if (l->story[i].id > max)
			max = l->story[i].id;
	int64_t *t = calloc((size_t)max + 1, sizeof *t);
	if (!t)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < l->n_story; i++)
		t[l->story[i].id] = l->story[i].topic;
	free(l->topic0);
	l->topic0 = t;
	l->n_topic0 = (size_t)max + 1;
	for (size_t i = 0; i < l->n; i++)
		l->art[i].story0 = l->art[i].story;
	l->rebuilt = 0;
	return 0;
}

/* Runs fn inside a savepoint, unless a transaction is already open and
 * `join` asks to write inside it (a savepoint there would make FTS5 flush
 * the batch's pending index terms as a segment of its own). */
static int in_transaction(marsad_linker *l, marsad_store *store, int join,
			  int (*fn)(struct saver *))
{
	struct saver v = {.l = l, .store = store, .db = marsad_store_db(store)};
	int own = !join || sqlite3_get_autocommit(v.db);
	int rc = own ? sqlite3_exec(v.db, "SAVEPOINT link_save", NULL, NULL,
				    NULL)
		     : SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = prepare_all(&v);
	if (rc == SQLITE_OK)
		rc = fn(&v);
	finish(&v);
	if (rc == SQLITE_OK &&
	    (marsad_store_meta_set(store, ANALYZER_KEY,
				   (int64_t)marsad_analyzer_version()) ||
	     marsad_store_meta_set(store, ROWS_KEY, ROWS_FORMAT)))
		rc = SQLITE_ERROR;
	if (own && rc == SQLITE_OK)
		rc = sqlite3_exec(v.db, "RELEASE link_save", NULL, NULL, NULL);
	if (own && rc != SQLITE_OK)
		sqlite3_exec(v.db, "ROLLBACK TO link_save; RELEASE link_save",
			     NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_err(rc);
}

int marsad_link_save_added(marsad_linker *l, struct marsad_store *s)
{
	if (!l || !s)
		return MARSAD_EINVAL;
	return in_transaction(l, s, 1, save_added);
}

static int save_added_stories(struct saver *v)
{
	int rc = save_added(v);
	return rc == SQLITE_OK ? save_stories(v) : rc;
}

static int save_all(struct saver *v)
{
	int rc = save_added_stories(v);
	return rc == SQLITE_OK ? save_topics(v) : rc;
}

int marsad_link_save(marsad_linker *l, struct marsad_store *s)
{
	if (!l || !s)
		return MARSAD_EINVAL;
	/* not settled since loading: its stories are the stored ones */
	if (l->unsettled)
		return in_transaction(l, s, 0, save_added);
	int rc = in_transaction(l, s, 0, save_all);
	return rc ? rc : mark_saved(l);
}

int marsad_link_save_stories(marsad_linker *l, struct marsad_store *s)
{
	if (!l || !s)
		return MARSAD_EINVAL;
	return in_transaction(l, s, 0,
			      l->unsettled ? save_added : save_added_stories);
}

int marsad_link_save_topics(marsad_linker *l, struct marsad_store *s)
{
	if (!l || !s)
		return MARSAD_EINVAL;
	if (l->unsettled)
		return 0;
	int rc = in_transaction(l, s, 0, save_topics);
	return rc ? rc : mark_saved(l);
}

/* ---- loading ------------------------------------------------------------ */

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? strdup((const char *)s) : NULL;
}

/* Story ids and topics as stored: new stories number after them. */
static int load_story_ids(marsad_linker *l, sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT MAX(id) FROM stories", -1, &st,
				    NULL);
	int64_t max = 0;
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_err(rc);
	if (max < 0 || max > INT32_MAX)
		return MARSAD_EDB;
	l->next_story = max + 1;
	l->n_topic0 = (size_t)max + 1;
	if (!(l->topic0 = calloc(l->n_topic0, sizeof *l->topic0)))
		return MARSAD_ENOMEM;
	rc = sqlite3_prepare_v2(db, "SELECT id, topic_id FROM stories", -1,
				&st, NULL);
	while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && id <= max)
			l->topic0[id] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : db_err(rc);
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

/* One stored article analyzed again from its text (the stored removals
 * give its agency credit; the stored mentions are not read back). */
static int rebuild_one(marsad_linker *l, sqlite3_stmt *st)
{
	marsad_doc *d = calloc(1, sizeof *d);
	marsad_article a = {.doc = d};
	int err = d ? 0 : MARSAD_ENOMEM;
	if (d) {
		d->key = col_dup(st, 0);
		d->title = col_dup(st, 1);
		d->text = col_dup(st, 2);
		d->text_len = d->text ? strlen(d->text) : 0;
		d->outlet = col_dup(st, 3);
		d->published = col_dup(st, 4);
		a.content_hash = (uint64_t)sqlite3_column_int64(st, 6);
		err = load_credits(d, (const char *)sqlite3_column_text(st, 5));
		if (!d->key || !d->title || !d->text)
			err = MARSAD_ENOMEM;
	}
	size_t id;
	if (err == 0)
		err = marsad_linker_add(l, &a, &id);
	if (err == 0 && sqlite3_column_type(st, 7) != SQLITE_NULL) {
		err = marsad_linker_set_story(l, id, sqlite3_column_int64(st, 7));
		l->art[id].story0 = l->art[id].story;
	}
	marsad_doc_free(d);
	return err;
}

/* Links the stored articles after store id `after`, in id order, from
 * their texts. */
static int link_texts(marsad_linker *l, sqlite3 *db, int64_t after)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
		"SELECT a.key, a.title, a.text, a.outlet, a.published, a.removed,"
		" a.hash, (SELECT MIN(story_id) FROM story_articles s"
		"  WHERE s.article_id = a.id)"
		" FROM articles a WHERE a.id > ?1 ORDER BY a.id", -1, &st, NULL);
	int err = 0;
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, after);
	while (!err && rc == SQLITE_OK) {
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			break;
		if (r != SQLITE_ROW)
			rc = r;
		else
			err = rebuild_one(l, st);
	}
	sqlite3_finalize(st);
	return err ? err : rc == SQLITE_OK ? 0 : db_err(rc);
}

int marsad_link_rebuild(struct marsad_store *store,
			const marsad_link_opts *opts, marsad_linker **out)
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
	err = load_story_ids(l, db);
	if (!err)
		err = link_texts(l, db, 0);
	l->rebuilt = 1;
	if (!err)
		err = marsad_linker_settle(l);
	if (err) {
		marsad_linker_free(l);
		return err;
	}
	*out = l;
	return 0;
}

/*
 * Can the linker be read back from its rows? *yes when the dictionary has
 * every id and each stored article has its current row, but maybe the
 * last ones: a killed ingest can leave its last articles without rows
 * (the linker lags behind the store). *tail gets the store id after which
 * no article has a row (INT64_MAX when all have); *unstoried is set when
 * an article with a row is in no story (an ingest killed after committing
 * rows, before saving its stories). Else (an article changed since its
 * row, or rows missing in between) the linker is rebuilt.
 */
static int rows_current(sqlite3 *db, int *yes, int64_t *tail, int *unstoried)
{
	sqlite3_stmt *st;
	*yes = *unstoried = 0;
	*tail = INT64_MAX;
	int rc = sqlite3_prepare_v2(db,
		"SELECT (SELECT count(*) FROM articles a JOIN link_articles r"
		"  ON r.article_id = a.id WHERE r.hash IS NOT a.hash),"
		" (SELECT count(*) FROM link_terms),"
		" (SELECT coalesce(max(id) + 1, 0) FROM link_terms),"
		" (SELECT count(*) FROM link_articles),"
		" (SELECT coalesce(max(article_id), 0) FROM link_articles),"
		" (SELECT min(a.id) FROM articles a WHERE NOT EXISTS"
		"  (SELECT 1 FROM link_articles r WHERE r.article_id = a.id)),"
		" EXISTS(SELECT 1 FROM link_articles r WHERE NOT EXISTS"
		"  (SELECT 1 FROM story_articles s"
		"   WHERE s.article_id = r.article_id))",
		-1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		int whole = sqlite3_column_int64(st, 0) == 0 && /* none stale */
			    sqlite3_column_int64(st, 1) ==
				    sqlite3_column_int64(st, 2);
		int64_t rows = sqlite3_column_int64(st, 3);
		int64_t last = sqlite3_column_int64(st, 4);
		if (sqlite3_column_type(st, 5) == SQLITE_NULL) {
			/* every article has a row, or there is none */
			*yes = whole && (rows > 0 ||
					 sqlite3_column_int64(st, 1) == 0);
		} else {
			/* only the articles after the last row lack one */
			*yes = whole && rows > 0 &&
			       sqlite3_column_int64(st, 5) > last;
			*tail = last;
		}
		*unstoried = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	return rc;
}

/* How marsad_link_load reads a linker from the store. */
enum plan {
	PLAN_ROWS,    /* every stored article has its current row and its
			 story: rows read back, stories named
			 (lk_settle_stories) */
	PLAN_SETTLE,  /* the same, but some article is in no story, or the
			 stories wait for their topics: rows read back, then
			 settled */
	PLAN_TAIL,    /* the last articles have no row: the others' rows
			 read back, those linked from their texts, settled */
	PLAN_REBUILD, /* linked again from the texts */
};

/* Were the rows made by this analyzer, in this format? (*yes 0 when the
 * store does not say.) */
static int rows_made_here(marsad_store *store, int *yes)
{
	int64_t made_by, format;
	int err = marsad_store_meta_get(store, ANALYZER_KEY, &made_by);
	if (!err)
		err = marsad_store_meta_get(store, ROWS_KEY, &format);
	if (err && err != MARSAD_ENOTFOUND)
		return err;
	/* rows of another analyzer's terms (or of an unknown one) would
	 * never meet the new articles' terms; rows of another format are
	 * read wrongly */
	*yes = !err && (uint64_t)made_by == marsad_analyzer_version() &&
	       format == ROWS_FORMAT;
	return 0;
}

/* Do the stored stories wait for their topics (an ingest killed between
 * marsad_link_save_stories and _topics)? */
static int topics_pending(marsad_store *store, int *yes)
{
	int64_t v = 0;
	int err = marsad_store_meta_get(store, TOPICS_KEY, &v);
	*yes = err == 0 && v != 0;
	return err == MARSAD_ENOTFOUND ? 0 : err;
}

/* The plan for a store whose linker tables exist; *tail as rows_current
 * gives it. */
static int plan_load(marsad_store *store, enum plan *plan, int64_t *tail)
{
	int current, unstoried, here, topics;
	int rc = rows_current(marsad_store_db(store), &current, tail,
			      &unstoried);
	if (rc != SQLITE_OK)
		return db_err(rc);
	int err = rows_made_here(store, &here);
	if (!err)
		err = topics_pending(store, &topics);
	if (err)
		return err;
	if (!current || !here)
		*plan = PLAN_REBUILD;
	else if (*tail != INT64_MAX)
		*plan = PLAN_TAIL;
	else
		*plan = unstoried || topics ? PLAN_SETTLE : PLAN_ROWS;
	return 0;
}

static int load_words(marsad_linker *l, sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT id, word FROM link_terms"
				    " ORDER BY id", -1, &st, NULL);
	int err = rc == SQLITE_OK ? 0 : db_err(rc);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(st, 1);
		int64_t id = lk_dict_id(&l->dict, w ? w : "", w ? strlen(w) : 0);
		if (id < 0)
			err = MARSAD_ENOMEM;
		else if (id != sqlite3_column_int64(st, 0))
			err = MARSAD_EDB; /* a gap or a repeated word */
	}
	if (!err && rc != SQLITE_DONE)
		err = db_err(rc);
	sqlite3_finalize(st);
	l->n_words_saved = l->dict.n;
	return err;
}

/* The linker id of store id `sid` among the loaded ones (sorted), or -1. */
static int64_t linker_id(const int64_t *sid, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sid[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sid[lo] == id ? (int64_t)lo : -1;
}

/* One article from its row: replays what adding it did, without the
 * analysis and the alignments. */
static int load_one(marsad_linker *l, sqlite3_stmt *st, const int64_t *sid)
{
	lk_article *a = lk_article_push(l);
	if (!a)
		return MARSAD_ENOMEM;
	int64_t me = sqlite3_column_int64(st, 0);
	a->key = col_dup(st, 1);
	a->title = col_dup(st, 2);
	a->outlet = col_dup(st, 3);
	a->published = col_dup(st, 4);
	a->hash = (uint64_t)sqlite3_column_int64(st, 5);
	a->credit = col_dup(st, 6);
	int64_t *edges = NULL;
	uint32_t n_edges = 0;
	int err = a->key ? 0 : MARSAD_ENOMEM;
	if (!a->title && !err)
		err = (a->title = strdup("")) ? 0 : MARSAD_ENOMEM;
	if (!err)
		err = decode(l, a, sqlite3_column_blob(st, 7),
			     (size_t)sqlite3_column_bytes(st, 7), me, &edges,
			     &n_edges);
	uint32_t id = (uint32_t)l->n++; /* owned by the linker from here */
	if (err) {
		free(edges);
		return err;
	}
	for (uint32_t i = 0; i < a->n_terms; i++)
		l->dict.df[LK_ID(a->terms[i].id)]++;
	a->t = lk_parse_time(a->published);
	a->agency = lk_is_agency(a->outlet);
	a->uf = id;
	a->story = a->story0 = sqlite3_column_type(st, 8) == SQLITE_NULL
				       ? 0 : sqlite3_column_int64(st, 8);
	a->edge0 = (uint32_t)l->n_edge;
	for (uint32_t e = 0; e < n_edges && !err; e++) {
		int64_t o = linker_id(sid, id, edges[e]);
		if (o >= 0)
			err = lk_add_edge(l, (uint32_t)o, id, 0);
	}
	free(edges);
	a = &l->art[id];
	a->n_edge = (uint32_t)(l->n_edge - a->edge0);
	a->saved = 1;
	if (!err)
		err = lk_copies_index(l, id);
	if (!err)
		err = lk_index_top(l, id);
	return err;
}

static int load_copies(marsad_linker *l, sqlite3 *db, const int64_t *sid)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db,
		"SELECT c.from_id, c.to_id, c.from_start, c.from_end, c.to_start,"
		" c.to_end, c.similarity, coalesce(n.whole, 0) FROM copies c"
		" LEFT JOIN link_copy_notes n ON n.copy_id = c.rowid"
		" ORDER BY c.rowid", -1, &st, NULL);
	int err = rc == SQLITE_OK ? 0 : db_err(rc);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t f = linker_id(sid, l->n, sqlite3_column_int64(st, 0));
		int64_t t = linker_id(sid, l->n, sqlite3_column_int64(st, 1));
		if (f < 0 || t < 0)
			continue;
		marsad_copy c = {
			.from = (size_t)f, .to = (size_t)t,
			.from_start = (size_t)sqlite3_column_int64(st, 2),
			.from_end = (size_t)sqlite3_column_int64(st, 3),
			.to_start = (size_t)sqlite3_column_int64(st, 4),
			.to_end = (size_t)sqlite3_column_int64(st, 5),
			.similarity = sqlite3_column_double(st, 6),
			.whole = sqlite3_column_int(st, 7),
			.credit = l->art[t].credit};
		err = lk_copy_push(l, &c);
	}
	if (!err && rc != SQLITE_DONE)
		err = db_err(rc);
	sqlite3_finalize(st);
	l->n_copy_saved = l->n_copy;
	return err;
}

static int load_rows(marsad_linker *l, sqlite3 *db)
{
	size_t n = 0, cap = 1024;
	int64_t *sid = malloc(cap * sizeof *sid);
	int err = sid ? load_story_ids(l, db) : MARSAD_ENOMEM;
	if (!err)
		err = load_words(l, db);
	sqlite3_stmt *st = NULL;
	int rc = err ? SQLITE_OK : sqlite3_prepare_v2(db,
		"SELECT a.id, a.key, a.title, a.outlet, a.published, r.hash,"
		" r.credit, r.data, (SELECT MIN(story_id) FROM story_articles s"
		"  WHERE s.article_id = a.id)"
		" FROM articles a JOIN link_articles r ON r.article_id = a.id"
		" ORDER BY a.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		err = db_err(rc);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *p = realloc(sid, (cap *= 2) * sizeof *p);
			if (!p) {
				err = MARSAD_ENOMEM;
				break;
			}
			sid = p;
		}
		sid[n++] = sqlite3_column_int64(st, 0);
		err = load_one(l, st, sid);
	}
	if (!err && rc != SQLITE_DONE)
		err = db_err(rc);
	sqlite3_finalize(st);
	if (!err)
		err = load_copies(l, db, sid);
	/* the store ids of the loaded articles, kept for saving; the rest
	 * are not known yet */
	if (sid)
		memset(sid + n, 0, (cap - n) * sizeof *sid);
	l->sid = sid;
	l->cap_sid = sid ? cap : 0;
	return err;
}

/*
 * Reads a few rows of indexes, whatever the size of the store: the
 * articles stored last (the highest ids) are the ones an ingest without
 * linking, or a killed one, leaves without rows or without stories.
 */
int marsad_link_pending(struct marsad_store *store, int *pending)
{
	*pending = 0;
	if (!store)
		return MARSAD_EINVAL;
	sqlite3 *db = marsad_store_db(store);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db,
		"SELECT (SELECT max(id) FROM articles), EXISTS(SELECT 1 FROM"
		" sqlite_master WHERE type = 'table' AND name = 'link_articles')",
		-1, &st, NULL);
	int64_t last = 0;
	int tables = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		tables = sqlite3_column_int(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_err(rc);
	if (!last || !tables) {
		*pending = last != 0;
		return 0;
	}
	/* the last article's row, and the last row's story */
	rc = sqlite3_prepare_v2(db,
		"SELECT coalesce((SELECT max(article_id) FROM link_articles), 0),"
		" EXISTS(SELECT 1 FROM story_articles WHERE article_id ="
		"  (SELECT max(article_id) FROM link_articles))",
		-1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*pending = sqlite3_column_int64(st, 0) != last ||
			   !sqlite3_column_int(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_err(rc);
	int here, topics;
	int err = *pending ? 0 : rows_made_here(store, &here);
	if (!err && !*pending)
		*pending = !here;
	if (!err && !*pending && (err = topics_pending(store, &topics)) == 0)
		*pending = topics;
	return err;
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
	enum plan plan;
	int64_t tail;
	int err = plan_load(store, &plan, &tail);
	if (err)
		return err;
	if (plan == PLAN_REBUILD)
		return marsad_link_rebuild(store, opts, out);
	marsad_linker *l;
	err = marsad_linker_new(opts, &l);
	if (err)
		return err;
	err = load_rows(l, db);
	if (!err && plan == PLAN_TAIL)
		err = link_texts(l, db, tail);
	if (!err)
		err = plan == PLAN_ROWS ? lk_settle_stories(l)
					: marsad_linker_settle(l);
	if (err) {
		marsad_linker_free(l);
		/* a row this version cannot read: link from the texts */
		return err == MARSAD_EDB ? marsad_link_rebuild(store, opts, out)
					 : err;
	}
	*out = l;
	return 0;
}
