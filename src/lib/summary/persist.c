/*
 * persist.c — story and topic summaries and the store.
 *
 * A stored story is summarized from what ingest stored, never by running
 * the per-article pipeline again: the cleaned text, title, outlet and
 * date of each article, its sentence spans, its mentions (with the
 * canonical name of their entity when the article has quotations: only a
 * speaker is found by it; one query per entity and pass), its dates and
 * its quotations make the sm_doc (story.c) of the marsad_article they
 * were made from, with the words ingest kept for the article's present
 * text (summary_words, words.c; else its text is analyzed). The sets to
 * read are listed as (set, article) pairs in a temporary table, and one
 * query joined to it reads the articles of every set at once, ordered by
 * set and article (no sort: rows in their keys' order): one pass, however
 * many stories changed. The words kept for an article at ingest carry
 * its other rows too (rows.c); only an article whose words do not has
 * its sentences, mentions, dates and quotations read by four queries of
 * its own. A quotation's text is its span of the article's text; its
 * speaker is the mention of the stored speaker entity, else the mention
 * where the stored speaker's name is written next to the quotation, else
 * one spelled as it (sm_speaker_mention(); marsad_article_speaker then
 * finds its canonical name).
 *
 * What is kept:
 *   stories.headline   the summary's headline;
 *   story_summaries    the marsad_summary_json() object but its
 *                      timeline, which is kept as rows:
 *   timeline           one row per timeline point;
 *   summary_words      per article, its words as ingest prepared them
 *                      (marsad_summary_save_prepared), for the content
 *                      hash it had;
 *   summary_state      per story: a hash of its article set and the
 *                      headline written (linking rewrites stories.headline;
 *                      an unchanged story gets its own back).
 * A topic's summary is made when it is asked for
 * (marsad_summary_load_topic), from the articles its stories' stored
 * summaries show. A pass does not make it: a topic of many stories, which
 * every ingest may touch, would cost each ingest its summary, however few
 * read it (earlier versions kept it in topic_summaries, which a pass now
 * drops).
 *
 * What changed: the article set of a story is hashed as the sum of a mix
 * of each article's id and content hash, so a story is summarized again
 * when an article joins or leaves it or an article is updated. Cost of a
 * pass: one scan of story_articles and of summary_state, plus the
 * summaries of what changed.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "marsad/store.h"
#include "summary_int.h"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS summary_state(\n"
	"  story_id INTEGER PRIMARY KEY,\n"
	"  members INTEGER NOT NULL,\n" /* article-set hash */
	"  headline TEXT);\n"
	"DROP TABLE IF EXISTS topic_summaries;\n";

/* An article's words kept at ingest (words.c), for its content hash. */
static const char words_schema[] =
	"CREATE TABLE IF NOT EXISTS summary_words(\n"
	"  article_id INTEGER PRIMARY KEY\n"
	"    REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  hash INTEGER NOT NULL,\n"    /* articles.hash when written */
	"  data BLOB NOT NULL);\n";

static int db_err(int rc)
{
	return rc == SQLITE_NOMEM ? MARSAD_ENOMEM : MARSAD_EDB;
}

static int exec(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_err(rc);
}

/* Runs a prepared statement to completion and resets it. */
static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_err(rc);
}


/* ==== loading sets of stored articles ====================================
 *
 * temp.summary_members lists the (set, article) pairs to load; the five
 * queries read them in (set, article) order. A pass where every story
 * changed reads story_articles itself, each story the set of its id.
 */
static const char members_schema[] =
	"CREATE TEMP TABLE IF NOT EXISTS summary_members(\n"
	"  set_id INTEGER NOT NULL,\n"
	"  article_id INTEGER NOT NULL,\n"
	"  PRIMARY KEY(set_id, article_id)) WITHOUT ROWID;\n"
	"DELETE FROM temp.summary_members;\n";

enum { Q_SENT, Q_MENT, Q_DATE, Q_QUOTE, Q_N };

/* The articles of the sets that `members` lists, with the words kept at
 * ingest for their present text (" w.data" and WORDS_JOIN; " NULL" and
 * nothing when the store has no such table). */
#define LOAD_ART(members, words, join)                                      \
	"SELECT p.set_id, a.id, a.key, a.title, a.text, a.outlet, a.published," \
	words ", a.hash FROM " members " p JOIN articles a"                    \
	" ON a.id = p.article_id" join " ORDER BY p.set_id, p.article_id"
#define LISTED "temp.summary_members"
#define EVERY_STORY "(SELECT story_id AS set_id, article_id FROM story_articles)"
#define WORDS_JOIN " LEFT JOIN summary_words w" \
		   " ON w.article_id = a.id AND w.hash = a.hash"
/* [every story][with words] */
static const char *const load_art[2][2] = {
	{LOAD_ART(LISTED, " NULL", ""), LOAD_ART(LISTED, " w.data", WORDS_JOIN)},
	{LOAD_ART(EVERY_STORY, " NULL", ""),
	 LOAD_ART(EVERY_STORY, " w.data", WORDS_JOIN)},
};

/* The rows of article ?1 that its words do not carry. */
static const char *const load_sql[Q_N] = {
	"SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY n",
	"SELECT start, end, type, entity_id FROM mentions WHERE article_id = ?1"
	" ORDER BY n",
	"SELECT start, end, value, granularity, flags FROM dates"
	" WHERE article_id = ?1 ORDER BY n",
	"SELECT start, end, speaker, speaker_id, verb, direct FROM quotes"
	" WHERE article_id = ?1 ORDER BY n",
};

/* An entity's canonical name (entity_names). */
static const char entity_name_sql[] = "SELECT canonical FROM entities WHERE id = ?1";

/*
 * The members of sets, one statement for them all: ?1 is a JSON array of
 * [set, story] pairs (add_members). A story's set is the story itself.
 */
static const char story_members[] =
	"INSERT OR IGNORE INTO temp.summary_members(set_id, article_id)"
	" SELECT json_extract(j.value, '$[0]'), m.article_id FROM json_each(?1) j"
	" JOIN story_articles m ON m.story_id = json_extract(j.value, '$[1]')";

/*
 * A topic's set is summarized from its stories' own summaries: the
 * article of each story's headline and of each of its summary sentences
 * (keys[0]: the one whose wording is shown), for the TOPIC_STORIES
 * stories with the most articles. A topic of a few small stories thus
 * gives all its articles; one that linking grew to thousands costs as
 * much as a story of a few hundred.
 */
#define TOPIC_STORIES 40
static const char topic_members[] =
	"INSERT OR IGNORE INTO temp.summary_members(set_id, article_id)"
	" WITH s AS (SELECT json_extract(j.value, '$[0]') AS set_id,"
	" CASE WHEN json_valid(t.summary) THEN t.summary END AS summary"
	" FROM json_each(?1) j JOIN story_summaries t"
	" ON t.story_id = json_extract(j.value, '$[1]'))"
	" SELECT s.set_id, a.id FROM s, json_each(s.summary, '$.summary') k"
	" JOIN articles a ON a.key = json_extract(k.value, '$.keys[0]')"
	" UNION SELECT s.set_id, a.id FROM s JOIN articles a"
	" ON a.key = json_extract(s.summary, '$.headline_key')";

/* What a stored quotation adds. */
typedef struct row_extra {
	int64_t entity;   /* the speaker's entity; 0 when none */
	size_t name;      /* the speaker as written (offset in the loader's
			     names); SIZE_MAX when none */
} row_extra;

/* The queries and the arrays one article is assembled in, reused from
 * article to article. */
typedef struct loader {
	sqlite3_stmt *art;        /* the articles of the sets */
	int row;                  /* SQLITE_ROW while art is on a row */
	int64_t set, id;          /* its set and article, read once a row */
	sqlite3_stmt *q[Q_N];     /* an article's rows */
	sm_rows carried;          /* the rows its words carry */
	marsad_span *sent;
	size_t cap_sent;
	marsad_mention *ment;
	int64_t *ment_ent;        /* each mention's entity; 0 when none */
	size_t *ment_name;        /* its canonical name (offset in ent_names,
				     only for an article with quotations);
				     SIZE_MAX when none */
	char **canon;
	size_t cap_ment, cap_ment_ent, cap_ment_name, cap_canon;
	marsad_date *date;
	size_t cap_date;
	marsad_quote *quote;
	row_extra *quote_x;
	size_t cap_quote, cap_quote_x;
	marsad_buf names;         /* speakers, NUL-ended */
	size_t rows;              /* the articles read, left out or not */
	/* canonical names by entity id, read when an article with
	 * quotations first needs them (only those compare canonical names):
	 * open addressing, id 0 an empty slot */
	sqlite3_stmt *entity_name;
	int64_t *ent_id;
	size_t *ent_name;         /* offset in ent_names, SIZE_MAX: none */
	size_t ent_slots, ent_used;
	marsad_buf ent_names;     /* NUL-ended */
} loader;

static void loader_clear(loader *l)
{
	sqlite3_finalize(l->art);
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(l->q[i]);
	sm_rows_clear(&l->carried);
	sqlite3_finalize(l->entity_name);
	free(l->ent_id);
	free(l->ent_name);
	marsad_buf_clear(&l->ent_names);
	free(l->sent);
	free(l->ment);
	free(l->ment_ent);
	free(l->ment_name);
	free(l->canon);
	free(l->date);
	free(l->quote);
	free(l->quote_x);
	marsad_buf_clear(&l->names);
	memset(l, 0, sizeof *l);
}

/* Steps to the next article; 0, or a negative code on an error. */
static int next(loader *l)
{
	l->row = sqlite3_step(l->art);
	if (l->row == SQLITE_ROW) {
		l->set = sqlite3_column_int64(l->art, 0);
		l->id = sqlite3_column_int64(l->art, 1);
	}
	return l->row == SQLITE_ROW || l->row == SQLITE_DONE ? 0
							     : db_err(l->row);
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : db_err(rc);
}

/* A loader of the sets temp.summary_members lists, or with `every`, of
 * every story. */
static int loader_init(loader *l, sqlite3 *db, int every)
{
	memset(l, 0, sizeof *l);
	int words = sqlite3_table_column_metadata(db, "main", "summary_words",
						  "data", NULL, NULL, NULL,
						  NULL, NULL) == SQLITE_OK;
	int err = prepare(db, load_art[every][words], &l->art);
	for (int i = 0; err == 0 && i < Q_N; i++)
		err = prepare(db, load_sql[i], &l->q[i]);
	if (err == 0)
		err = prepare(db, entity_name_sql, &l->entity_name);
	if (err == 0)
		err = next(l);
	if (err)
		loader_clear(l);
	return err;
}

/* Query i, on the rows of article `id`. */
static sqlite3_stmt *rows_of(loader *l, int i, int64_t id)
{
	sqlite3_stmt *st = l->q[i];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	return st;
}

/* Steps st: 1 on a row, else 0 (*err set on an error). */
static int on(sqlite3_stmt *st, int *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		*err = db_err(rc);
	return 0;
}

static size_t col_size(sqlite3_stmt *st, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(st, i);
	return v < 0 ? 0 : (size_t)v;
}

/* Copies column i's text into l->names; the offset, SIZE_MAX for NULL. */
static int keep_name(loader *l, sqlite3_stmt *st, int i, size_t *off)
{
	*off = SIZE_MAX;
	const unsigned char *s = sqlite3_column_text(st, i);
	if (!s)
		return 0;
	size_t o = l->names.len;
	if (marsad_buf_append(&l->names, s,
			      (size_t)sqlite3_column_bytes(st, i)) < 0 ||
	    marsad_buf_putc(&l->names, 0) < 0)
		return MARSAD_ENOMEM;
	*off = o;
	return 0;
}

/* Copies column i's text into a fixed field of `cap` bytes (left empty
 * when it does not fit). */
static void copy_field(sqlite3_stmt *st, int i, char *field, size_t cap)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	memset(field, 0, cap);
	if (v && n < cap)
		memcpy(field, v, n);
}

static int read_sentences(loader *l, int64_t id, marsad_article *a)
{
	sqlite3_stmt *st = rows_of(l, Q_SENT, id);
	int err = 0;
	size_t n = 0;
	while (err == 0 && on(st, &err)) {
		if ((err = sm_fit(&l->sent, &l->cap_sent, n + 1,
				  sizeof *l->sent)))
			break;
		l->sent[n++] = (marsad_span){col_size(st, 0), col_size(st, 1)};
	}
	sqlite3_reset(st);
	a->sentences = l->sent;
	a->n_sentences = n;
	return err;
}

static int read_mentions(loader *l, int64_t id, marsad_article *a)
{
	sqlite3_stmt *st = rows_of(l, Q_MENT, id);
	int err = 0;
	size_t n = 0;
	while (err == 0 && on(st, &err)) {
		marsad_entity_type t = marsad_entity_type_of(
			(const char *)sqlite3_column_text(st, 2));
		if (!t)
			continue;
		if ((err = sm_fit(&l->ment, &l->cap_ment, n + 1,
				  sizeof *l->ment)) ||
		    (err = sm_fit(&l->ment_ent, &l->cap_ment_ent, n + 1,
			       sizeof *l->ment_ent)) ||
		    (err = sm_fit(&l->ment_name, &l->cap_ment_name, n + 1,
			       sizeof *l->ment_name)) ||
		    (err = sm_fit(&l->canon, &l->cap_canon, n + 1,
			       sizeof *l->canon)))
			break;
		l->ment[n] = (marsad_mention){col_size(st, 0),
					      col_size(st, 1), t, 1};
		l->ment_ent[n] = sqlite3_column_int64(st, 3);
		l->ment_name[n] = SIZE_MAX;
		n++;
	}
	sqlite3_reset(st);
	a->mentions = l->ment;
	a->n_mentions = n;
	return err;
}

static int read_dates(loader *l, int64_t id, marsad_article *a)
{
	sqlite3_stmt *st = rows_of(l, Q_DATE, id);
	int err = 0;
	size_t n = 0;
	while (err == 0 && on(st, &err)) {
		if ((err = sm_fit(&l->date, &l->cap_date, n + 1,
				  sizeof *l->date)))
			break;
		marsad_date *x = &l->date[n++];
		x->start = col_size(st, 0);
		x->end = col_size(st, 1);
		copy_field(st, 2, x->value, sizeof x->value);
		x->granularity =
			(marsad_date_granularity)sqlite3_column_int(st, 3);
		x->flags = (unsigned)sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	a->dates = l->date;
	a->n_dates = n;
	return err;
}

static int read_quotes(loader *l, int64_t id, marsad_article *a)
{
	sqlite3_stmt *st = rows_of(l, Q_QUOTE, id);
	int err = 0;
	size_t n = 0;
	while (err == 0 && on(st, &err)) {
		if ((err = sm_fit(&l->quote, &l->cap_quote, n + 1,
				  sizeof *l->quote)) ||
		    (err = sm_fit(&l->quote_x, &l->cap_quote_x, n + 1,
			       sizeof *l->quote_x)))
			break;
		marsad_quote *q = &l->quote[n];
		memset(q, 0, sizeof *q);
		q->start = col_size(st, 0);
		q->end = col_size(st, 1);
		l->quote_x[n].entity = sqlite3_column_int64(st, 3);
		copy_field(st, 4, q->verb, sizeof q->verb);
		q->direct = sqlite3_column_int(st, 5) != 0;
		if ((err = keep_name(l, st, 2, &l->quote_x[n].name)))
			break;
		/* by start, the longer first (an enclosing quotation before
		 * the ones inside it), else as stored: an insertion sort,
		 * stable, of rows that nearly always come in that order */
		size_t k = n++;
		while (k > 0 && (l->quote[k - 1].start > q->start ||
				 (l->quote[k - 1].start == q->start &&
				  l->quote[k - 1].end < q->end)))
			k--;
		if (k < n - 1) {
			marsad_quote qv = *q;
			row_extra xv = l->quote_x[n - 1];
			memmove(&l->quote[k + 1], &l->quote[k],
				(n - 1 - k) * sizeof *l->quote);
			memmove(&l->quote_x[k + 1], &l->quote_x[k],
				(n - 1 - k) * sizeof *l->quote_x);
			l->quote[k] = qv;
			l->quote_x[k] = xv;
		}
	}
	sqlite3_reset(st);
	a->quotes = l->quote;
	a->n_quotes = n;
	return err;
}

/* The canonical name of entity `id` (> 0): *off receives its offset in
 * l->ent_names, SIZE_MAX when the entity is gone. One query per entity
 * and pass. */
static int entity_name(loader *l, int64_t id, size_t *off)
{
	if ((l->ent_used + 1) * 2 > l->ent_slots) {
		size_t slots = l->ent_slots ? l->ent_slots * 2 : 1024;
		int64_t *ids = calloc(slots, sizeof *ids);
		size_t *names = malloc(slots * sizeof *names);
		if (!ids || !names) {
			free(ids);
			free(names);
			return MARSAD_ENOMEM;
		}
		for (size_t i = 0; i < l->ent_slots; i++) {
			if (!l->ent_id[i])
				continue;
			size_t h = (size_t)marsad_mix64((uint64_t)l->ent_id[i]) &
				   (slots - 1);
			while (ids[h])
				h = (h + 1) & (slots - 1);
			ids[h] = l->ent_id[i];
			names[h] = l->ent_name[i];
		}
		free(l->ent_id);
		free(l->ent_name);
		l->ent_id = ids;
		l->ent_name = names;
		l->ent_slots = slots;
	}
	size_t h = (size_t)marsad_mix64((uint64_t)id) & (l->ent_slots - 1);
	while (l->ent_id[h] && l->ent_id[h] != id)
		h = (h + 1) & (l->ent_slots - 1);
	if (!l->ent_id[h]) {
		sqlite3_stmt *st = l->entity_name;
		sqlite3_bind_int64(st, 1, id);
		int rc = sqlite3_step(st);
		size_t o = SIZE_MAX;
		const unsigned char *name =
			rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		if (name) {
			o = l->ent_names.len;
			if (marsad_buf_append(&l->ent_names, name,
					      (size_t)sqlite3_column_bytes(st, 0)) < 0 ||
			    marsad_buf_putc(&l->ent_names, 0) < 0)
				rc = SQLITE_NOMEM;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_err(rc);
		l->ent_id[h] = id;
		l->ent_name[h] = o;
		l->ent_used++;
	}
	*off = l->ent_name[h];
	return 0;
}

/* Reads the current article's rows from the store into *a: its
 * mentions' canonical names when it has quotations, and the mention that
 * speaks for each quotation. */
static int read_rows(loader *l, marsad_article *a)
{
	int64_t id = l->id;
	marsad_buf_reset(&l->names);
	int err = read_sentences(l, id, a);
	if (err == 0)
		err = read_mentions(l, id, a);
	if (err == 0)
		err = read_dates(l, id, a);
	if (err == 0)
		err = read_quotes(l, id, a);
	/* only a quotation's speaker is found by canonical name */
	for (size_t i = 0; err == 0 && a->n_quotes && i < a->n_mentions; i++)
		if (l->ment_ent[i] > 0)
			err = entity_name(l, l->ment_ent[i], &l->ment_name[i]);
	if (err)
		return err;
	/* the names are all read: their offsets become pointers */
	for (size_t i = 0; i < a->n_mentions; i++)
		l->canon[i] = l->ment_name[i] == SIZE_MAX
				      ? NULL
				      : l->ent_names.data + l->ment_name[i];
	a->canonical = l->canon;
	for (size_t k = 0; k < a->n_quotes; k++) {
		const row_extra *x = &l->quote_x[k];
		size_t m = sm_speaker_mention(
			a, k, l->ment_ent, x->entity,
			x->name == SIZE_MAX ? NULL : l->names.data + x->name);
		if (m < a->n_mentions) {
			a->quotes[k].speaker_start = a->mentions[m].start;
			a->quotes[k].speaker_end = a->mentions[m].end;
			a->quotes[k].speaker_type = (int)a->mentions[m].type;
		}
	}
	return 0;
}

/*
 * Reads the current article into *a and *d: its rows from the words kept
 * for it when they carry them, else from the store; both point into the
 * loader and the statements, valid until the next step.
 */
static int assemble(loader *l, marsad_article *a, marsad_doc *d)
{
	sqlite3_stmt *art = l->art;
	memset(a, 0, sizeof *a);
	memset(d, 0, sizeof *d);
	a->doc = d;
	d->key = (char *)sqlite3_column_text(art, 2);
	d->title = (char *)sqlite3_column_text(art, 3);
	d->text = (char *)sqlite3_column_text(art, 4);
	d->text_len = (size_t)sqlite3_column_bytes(art, 4);
	d->outlet = (char *)sqlite3_column_text(art, 5);
	d->published = (char *)sqlite3_column_text(art, 6);
	if (!d->key || !d->text)
		return MARSAD_EINVAL;
	const void *words = sqlite3_column_blob(art, 7);
	size_t len = (size_t)sqlite3_column_bytes(art, 7);
	uint64_t hash = (uint64_t)sqlite3_column_int64(art, 8);
	int err = words ? sm_rows_decode(words, len, d, hash, &l->carried, a)
			: MARSAD_EINVAL;
	if (err == MARSAD_EINVAL) {
		marsad_doc *doc = a->doc;
		memset(a, 0, sizeof *a);
		a->doc = doc;
		err = read_rows(l, a);
	}
	return err;
}

/*
 * Reads the articles of set `set` (the sets are read in increasing id
 * order), each assembled and passed to use() with its store id and the
 * words kept for it (may be NULL); a and its rows point into the loader,
 * valid during the call. An article without its key or text, or that
 * use() finds broken (MARSAD_EINVAL: stored spans that do not fit its
 * text), is left out.
 */
typedef int (*article_fn)(void *arg, int64_t id, const marsad_article *a,
			  const void *words, size_t len);

static int read_set(loader *l, int64_t set, article_fn use, void *arg)
{
	int err = 0;
	while (err == 0 && l->row == SQLITE_ROW && l->set == set) {
		marsad_article a;
		marsad_doc d;
		l->rows++;
		err = assemble(l, &a, &d);
		if (err == 0)
			err = use(arg, l->id, &a, sqlite3_column_blob(l->art, 7),
				  (size_t)sqlite3_column_bytes(l->art, 7));
		if (err == MARSAD_EINVAL)
			err = 0;
		if (err == 0)
			err = next(l);
	}
	return err;
}

/* A JSON array of [set, story] pairs, the argument of story_members and
 * topic_members. */
typedef struct pairs {
	marsad_buf b;
} pairs;

static int pair_add(pairs *p, int64_t set, int64_t story)
{
	char item[48];
	int n = snprintf(item, sizeof item, "%s[%lld,%lld]", p->b.len ? "," : "[",
			 (long long)set, (long long)story);
	return marsad_buf_append(&p->b, item, (size_t)n);
}

/* Runs `sql` (story_members or topic_members) on the pairs, and empties
 * them. */
static int add_members(sqlite3 *db, const char *sql, pairs *p)
{
	int err = 0;
	if (p->b.len) {
		sqlite3_stmt *st;
		int rc = marsad_buf_putc(&p->b, ']') < 0
				 ? SQLITE_NOMEM
				 : sqlite3_prepare_v2(db, sql, -1, &st, NULL);
		if (rc != SQLITE_OK)
			err = db_err(rc);
		if (err == 0) {
			sqlite3_bind_text(st, 1, p->b.data, (int)p->b.len,
					  SQLITE_STATIC);
			err = run(st);
			sqlite3_finalize(st);
		}
	}
	marsad_buf_clear(&p->b);
	return err;
}

/* Analyzes article a and adds it to summarizer arg (an article_fn). */
static int add_article(void *arg, int64_t id, const marsad_article *a,
		       const void *words, size_t len)
{
	(void)id;
	sm_doc *d;
	int err = sm_doc_new(a, words, len, &d);
	if (err == 0)
		err = sm_doc_add(arg, d);
	sm_doc_free(d);
	return err;
}

/* A summarizer of the set that the members listed (one set); an empty
 * one when they listed no article. */
static int load_one(sqlite3 *db, const marsad_summary_opts *opts,
		    marsad_summary **out)
{
	marsad_summary *sum = NULL;
	loader l;
	int err = marsad_summary_new(opts, &sum);
	err = err ? err : loader_init(&l, db, 0);
	if (err == 0) {
		int64_t set = l.row == SQLITE_ROW ? l.set : 0;
		err = read_set(&l, set, add_article, sum);
		loader_clear(&l);
	}
	exec(db, "DELETE FROM temp.summary_members");
	if (err) {
		marsad_summary_free(sum);
		return err;
	}
	*out = sum;
	return 0;
}

int marsad_summary_load(struct marsad_store *store, int64_t story,
			const marsad_summary_opts *opts, marsad_summary **out)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (!store)
		return MARSAD_EINVAL;
	sqlite3 *db = marsad_store_db(store);
	pairs p = {MARSAD_BUF_INIT};
	int err = exec(db, members_schema);
	if (err == 0)
		err = pair_add(&p, story, story);
	err = err ? err : add_members(db, story_members, &p);
	marsad_buf_clear(&p.b);
	return err ? err : load_one(db, opts, out);
}

/* ==== words kept at ingest ================================================ */

int marsad_summary_save_prepared(struct marsad_store *store,
				 marsad_summary_prep *const *p, size_t n)
{
	if (!store || (n && !p))
		return MARSAD_EINVAL;
	if (n == 0)
		return 0;
	sqlite3 *db = marsad_store_db(store);
	/* by the article's id when known, else by its key */
	sqlite3_stmt *by_id = NULL, *by_key = NULL;
	int err = exec(db, words_schema);
	if (err == 0)
		err = prepare(db,
			      "INSERT OR REPLACE INTO summary_words(article_id,"
			      " hash, data) VALUES(?1, ?2, ?3)",
			      &by_id);
	if (err == 0)
		err = prepare(db,
			      "INSERT OR REPLACE INTO summary_words(article_id,"
			      " hash, data) SELECT id, ?2, ?3 FROM articles"
			      " WHERE key = ?1",
			      &by_key);
	for (size_t i = 0; err == 0 && i < n; i++) {
		int64_t article;
		uint64_t hash;
		const void *data;
		size_t len;
		const char *key = sm_prep_key(p[i], &article, &hash, &data, &len);
		sqlite3_stmt *st = article ? by_id : by_key;
		if (article)
			sqlite3_bind_int64(st, 1, article);
		else
			sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)hash);
		sqlite3_bind_blob(st, 3, data, (int)len, SQLITE_STATIC);
		err = run(st);
	}
	sqlite3_finalize(by_id);
	sqlite3_finalize(by_key);
	return err;
}

/* ==== what changed ======================================================= */

/* A story: n articles; a changed one is summarized in the pass. */
typedef struct member_set {
	int64_t id;
	uint64_t hash;      /* the article set (see the file comment) */
	size_t n;
	int changed;
} member_set;

/* Every story with its article-set hash, by id. */
static int story_sets(sqlite3 *db, member_set **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	sqlite3_stmt *st;
	int err = prepare(db,
		"SELECT m.story_id, m.article_id, a.hash FROM story_articles m"
		" JOIN articles a ON a.id = m.article_id ORDER BY m.story_id",
		&st);
	if (err)
		return err;
	member_set *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (!n || v[n - 1].id != id) {
			if ((err = sm_fit(&v, &cap, n + 1, sizeof *v)))
				break;
			v[n++] = (member_set){.id = id};
		}
		uint64_t art = (uint64_t)sqlite3_column_int64(st, 1);
		uint64_t h = (uint64_t)sqlite3_column_int64(st, 2);
		v[n - 1].hash += marsad_mix64(art ^ marsad_mix64(h));
		v[n - 1].n++;
	}
	if (err == 0 && rc != SQLITE_DONE)
		err = db_err(rc);
	sqlite3_finalize(st);
	if (err) {
		free(v);
		return err;
	}
	*out = v;
	*n_out = n;
	return 0;
}

/* Marks the stories (sorted by id) whose hash differs from the one
 * summary_state holds; with `all`, every story. */
static int mark_changed(sqlite3 *db, member_set *v, size_t n, int all)
{
	for (size_t i = 0; i < n; i++)
		v[i].changed = 1;
	if (all)
		return 0;
	sqlite3_stmt *st;
	int rc = prepare(db,
			 "SELECT story_id, members FROM summary_state"
			 " ORDER BY story_id",
			 &st);
	if (rc)
		return rc;
	size_t i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (i < n && v[i].id < id)
			i++;
		if (i < n && v[i].id == id &&
		    (uint64_t)sqlite3_column_int64(st, 1) == v[i].hash)
			v[i].changed = 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_err(rc);
}

/* Stories with the most articles first, then by id. */
static int by_size(const void *a, const void *b)
{
	const member_set *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int marsad_summary_load_topic(struct marsad_store *store, int64_t topic,
			      const marsad_summary_opts *opts,
			      marsad_summary **out)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (!store)
		return MARSAD_EINVAL;
	sqlite3 *db = marsad_store_db(store);
	sqlite3_stmt *st;
	int err = prepare(db,
		"SELECT s.id, COUNT(*) FROM stories s JOIN story_articles m"
		" ON m.story_id = s.id WHERE s.topic_id = ?1 GROUP BY s.id",
		&st);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, topic);
	member_set *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((err = sm_fit(&v, &cap, n + 1, sizeof *v)))
			break;
		v[n++] = (member_set){
			.id = sqlite3_column_int64(st, 0),
			.n = (size_t)sqlite3_column_int64(st, 1)};
	}
	if (err == 0 && rc != SQLITE_DONE)
		err = db_err(rc);
	sqlite3_finalize(st);
	if (n)
		qsort(v, n, sizeof *v, by_size);
	if (err == 0)
		err = exec(db, members_schema);
	/* a topic of one story is that story; of more, the articles that
	 * the stored summaries of its first TOPIC_STORIES show */
	pairs p = {MARSAD_BUF_INIT};
	for (size_t k = 0; err == 0 && k < n && k < TOPIC_STORIES; k++)
		err = pair_add(&p, n == 1 ? v[0].id : topic, v[k].id);
	if (err == 0)
		err = add_members(db, n == 1 ? story_members : topic_members, &p);
	marsad_buf_clear(&p.b);
	free(v);
	return err ? err : load_one(db, opts, out);
}

/* ==== writing ============================================================ */

/*
 * What a pass writes for a story: its object, its state (and headline,
 * written with the others' at the end of the pass, store_all) and its
 * timeline points. The rows of each table wait in the queue (out_queue)
 * and go in BATCH at a time, by one INSERT of that many rows: SQLite's
 * work per statement is paid once for them. The last rows of a pass go
 * one by one.
 */
enum { T_SUMMARY, T_STATE, T_POINT, T_N };

#define BATCH 64

static const marsad_rows_sql tables[T_N] = {
	{"INSERT OR REPLACE INTO story_summaries(story_id, summary) VALUES",
	 "(?,?)", 2},
	{"INSERT OR REPLACE INTO summary_state(story_id, members, headline)"
	 " VALUES", "(?,?,?)", 3},
	{"INSERT INTO timeline(story_id, date, text, article_id) VALUES",
	 "(?,?,?,?)", 4},
};

/* A story whose rows wait. */
typedef struct queued {
	int64_t id;
	uint64_t members;  /* its article-set hash */
	char *json;        /* its object, but its timeline */
	struct story_rows *rows;
} queued;

/* The stories written whose rows are not all inserted, in order: from
 * w[at[t]] on, table t's rows wait (of the story w[at[T_POINT]], its
 * points from `point` on). */
typedef struct out_queue {
	sqlite3 *db;
	sqlite3_stmt *one[T_N], *many[T_N]; /* the INSERT of a row, of BATCH */
	queued *w;
	size_t n, cap;
	size_t at[T_N];
	size_t point;
	size_t points;     /* the points waiting */
} out_queue;

/*
 * The pass: each changed story (in id order) is the set of its id in
 * temp.summary_members. This thread alone uses the store: it reads each
 * story's articles and writes the summaries, in story order. Workers
 * summarize, each story on the worker with the fewest articles waiting:
 * a summary depends on its story alone, so not on the number of workers.
 * The caller's other work (opts->idle) is done a step at a time while
 * this thread waits for a worker, and before it reads a story when
 * IDLE_AHEAD_JOBS stories or more wait for the workers: they have enough
 * to do. Memory: the articles of at most AHEAD_JOBS stories read ahead
 * of the writing, and of AHEAD_DOCS articles unless one story alone has
 * more.
 */
#define THREADS_MAX 8
#define AHEAD_JOBS 512
#define AHEAD_DOCS 4096
#define IDLE_AHEAD_JOBS 32

/* An analyzed article and its store id. */
typedef struct held {
	int64_t id;
	sm_doc *doc;
} held;

/* An article read for a worker: the assembled article with its rows,
 * its strings and the words kept for it copied into one block (free()
 * it), so that the worker analyzes it (sm_doc_new) while this thread
 * reads on. */
typedef struct packed {
	int64_t id;
	marsad_article a;
	marsad_doc d;
	const void *words; /* NULL: none kept */
	size_t n_words;
} packed;

/* What a story's summary writes beside its JSON, copied out of the
 * summarizer (which its worker then frees, in the thread that allocated
 * it): one block (free() it). */
typedef struct story_rows {
	const char *headline;
	size_t n_points;
	struct {
		const char *date, *text;
		int64_t article; /* its source article's id */
	} point[];             /* its timeline */
} story_rows;

/* A story's work: its articles read, then summarized, then written. */
typedef struct job {
	const member_set *set; /* the story */
	packed **arts;        /* the articles read */
	size_t n_arts, cap_arts;
	size_t n_read;        /* how many were read, for the read-ahead */
	char *json;           /* the summary object */
	story_rows *rows;
	int err;
	int done;             /* the worker is through with it */
	struct job *next;     /* in its lane */
} job;

/* A worker and the jobs it does, in order. */
typedef struct lane {
	struct pass *p;
	pthread_t thread;
	job *head, *tail;
	size_t queued;        /* articles of its jobs not yet done */
} lane;

typedef struct pass {
	sqlite3_stmt *tl_del; /* a story's timeline deleted */
	out_queue out;
	member_set *sets;   /* the stories, by id */
	size_t n;
	size_t done;
	const marsad_summary_opts *opts;
	job *jobs;          /* one per changed story */
	size_t n_jobs;
	lane *lanes;
	size_t n_lanes;
	pthread_mutex_t lock; /* the lanes' queues, the jobs' done, closed */
	pthread_cond_t work;  /* a job was queued, or closed */
	pthread_cond_t finished; /* a job is done */
	int closed;           /* no more jobs; 2: skip the ones queued */
	int idle_more;        /* opts->idle has more to do */
	int every;            /* every story is summarized: the timeline
				 was emptied at once, not story by story */
} pass;

static void release(held *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sm_doc_free(h[i].doc);
}

/* Holds doc with id; frees it on failure. */
static int hold(held **h, size_t *n, size_t *cap, int64_t id, sm_doc *doc)
{
	int err = sm_fit(h, cap, *n + 1, sizeof **h);
	if (err) {
		sm_doc_free(doc);
		return err;
	}
	(*h)[(*n)++] = (held){id, doc};
	return 0;
}

/* ---- the workers' side --------------------------------------------------- */

/* Analyzes job j's articles into *h (one that sm_doc_new() finds broken
 * is left out): the docs point into the articles' blocks (free_arts()). */
static int analyze_arts(job *j, held **h, size_t *n, size_t *cap)
{
	int err = 0;
	for (size_t i = 0; i < j->n_arts; i++) {
		const packed *pk = j->arts[i];
		sm_doc *d;
		int rc = err ? 0 : sm_doc_new(&pk->a, pk->words, pk->n_words, &d);
		if (err == 0 && rc == 0)
			err = hold(h, n, cap, pk->id, d);
		else if (rc != MARSAD_EINVAL)
			err = err ? err : rc;
	}
	return err;
}

/* Lets job j's articles go. */
static void free_arts(job *j)
{
	for (size_t i = 0; i < j->n_arts; i++)
		free(j->arts[i]);
	j->n_arts = 0;
}

static size_t str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies n bytes from src to *at and moves *at past them; the copy. */
static void *put(char **at, const void *src, size_t n)
{
	void *p = *at;
	if (n)
		memcpy(p, src, n);
	*at += n;
	return p;
}

static const char *put_str(char **at, const char *s)
{
	return s ? put(at, s, strlen(s) + 1) : NULL;
}

/* The number of the summarizer's article whose key is `key`, one of the
 * summarizer's own copies (a result's); sum->n_art when none is. */
static size_t art_of(const marsad_summary *sum, const char *key)
{
	size_t a = 0;
	while (key && a < sum->n_art && sum->art[a].key != key)
		a++;
	return key ? a : sum->n_art;
}

/* j->rows from summary r of sum, whose article a is docs[a]. */
static int copy_rows(job *j, const marsad_summary *sum,
		     const marsad_summary_result *r, const held *docs)
{
	size_t size = sizeof *j->rows + r->n_timeline * sizeof j->rows->point[0] +
		      str_bytes(r->headline);
	for (size_t i = 0; i < r->n_timeline; i++)
		size += str_bytes(r->timeline[i].date) +
			str_bytes(r->timeline[i].text);
	story_rows *w = malloc(size);
	if (!w)
		return MARSAD_ENOMEM;
	char *at = (char *)&w->point[r->n_timeline];
	w->headline = put_str(&at, r->headline);
	w->n_points = r->n_timeline;
	for (size_t i = 0; i < r->n_timeline; i++) {
		w->point[i].date = put_str(&at, r->timeline[i].date);
		w->point[i].text = put_str(&at, r->timeline[i].text);
		size_t a = art_of(sum, r->timeline[i].key);
		w->point[i].article = a < sum->n_art ? docs[a].id : 0;
	}
	j->rows = w;
	return 0;
}

/* Summarizes story job j from its articles. */
static int story_job(const pass *p, job *j)
{
	held *docs = NULL;
	size_t n = 0, cap = 0;
	marsad_summary *sum = NULL;
	const marsad_summary_result *r;
	int err = analyze_arts(j, &docs, &n, &cap);
	if (err == 0)
		err = marsad_summary_new(p->opts, &sum);
	for (size_t i = 0; err == 0 && i < n; i++)
		err = sm_doc_add(sum, docs[i].doc);
	if (err == 0)
		err = marsad_summary_get(sum, &r);
	if (err == 0)
		err = sm_json(r, 0, &j->json, NULL);
	if (err == 0)
		err = copy_rows(j, sum, r, docs);
	release(docs, n);
	free(docs);
	free_arts(j);
	marsad_summary_free(sum);
	return err;
}

static void *worker_main(void *arg)
{
	lane *ln = arg;
	pass *p = ln->p;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!ln->head && !p->closed)
			pthread_cond_wait(&p->work, &p->lock);
		job *j = ln->head;
		if (!j)
			break;
		ln->head = j->next;
		if (!ln->head)
			ln->tail = NULL;
		int skip = p->closed == 2;
		pthread_mutex_unlock(&p->lock);
		if (!skip)
			j->err = story_job(p, j);
		pthread_mutex_lock(&p->lock);
		ln->queued -= j->n_read;
		j->done = 1;
		pthread_cond_broadcast(&p->finished);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* ---- this thread's side: reading and writing ---------------------------- */

/* Binds row k of table t (of story x) from parameter `at` on. */
static void bind_row(sqlite3_stmt *st, int t, int at, const queued *x,
		     size_t k)
{
	sqlite3_bind_int64(st, at, x->id);
	if (t == T_SUMMARY) {
		sqlite3_bind_text(st, at + 1, x->json, -1, SQLITE_STATIC);
	} else if (t == T_STATE) {
		sqlite3_bind_int64(st, at + 1, (sqlite3_int64)x->members);
		sqlite3_bind_text(st, at + 2, x->rows->headline, -1,
				  SQLITE_STATIC);
	} else {
		const struct story_rows *r = x->rows;
		sqlite3_bind_text(st, at + 1, r->point[k].date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, at + 2, r->point[k].text, -1, SQLITE_STATIC);
		if (r->point[k].article)
			sqlite3_bind_int64(st, at + 3, r->point[k].article);
		else
			sqlite3_bind_null(st, at + 3);
	}
}

/* The rows of table t waiting. */
static size_t waiting(const out_queue *q, int t)
{
	return t == T_POINT ? q->points : q->n - q->at[t];
}

/* Inserts the next n rows of table t (n is 1 or BATCH). */
static int insert_rows(out_queue *q, int t, int n)
{
	sqlite3_stmt **st = n == 1 ? &q->one[t] : &q->many[t];
	if (!*st) {
		int rc = marsad_prepare_rows(q->db, &tables[t], n, 0, st);
		if (rc != SQLITE_OK)
			return db_err(rc);
	}
	for (int k = 0; k < n; k++) {
		int at = k * tables[t].cols + 1;
		if (t != T_POINT) {
			bind_row(*st, t, at, &q->w[q->at[t]++], 0);
			continue;
		}
		/* the next point: past a story's last, the next story's */
		while (q->point == q->w[q->at[t]].rows->n_points) {
			q->at[t]++;
			q->point = 0;
		}
		bind_row(*st, t, at, &q->w[q->at[t]], q->point++);
		q->points--;
	}
	return run(*st);
}

/* Inserts the waiting rows, BATCH at a time, and with `all` the last
 * ones one by one; lets go of the stories all of whose rows are in. */
static int out_write(out_queue *q, int all)
{
	int err = 0;
	for (int t = 0; t < T_N && err == 0; t++) {
		while (err == 0 && waiting(q, t) >= BATCH)
			err = insert_rows(q, t, BATCH);
		while (err == 0 && all && waiting(q, t))
			err = insert_rows(q, t, 1);
	}
	if (err == 0 && q->points == 0) /* past the last story's points */
		q->at[T_POINT] = q->n, q->point = 0;
	size_t gone = q->n;
	for (int t = 0; t < T_N; t++)
		gone = q->at[t] < gone ? q->at[t] : gone;
	for (size_t i = 0; i < gone; i++) {
		free(q->w[i].json);
		free(q->w[i].rows);
	}
	q->n -= gone;
	if (gone && q->n)
		memmove(q->w, q->w + gone, q->n * sizeof *q->w);
	for (int t = 0; t < T_N; t++)
		q->at[t] -= gone;
	return err;
}

static void out_clear(out_queue *q)
{
	for (int t = 0; t < T_N; t++) {
		sqlite3_finalize(q->one[t]);
		sqlite3_finalize(q->many[t]);
	}
	for (size_t i = 0; i < q->n; i++) {
		free(q->w[i].json);
		free(q->w[i].rows);
	}
	free(q->w);
	memset(q, 0, sizeof *q);
}

/* Deletes story j's timeline when the pass did not empty it, and queues
 * its rows (its JSON and rows are the queue's now). */
static int save_story(pass *p, job *j)
{
	int64_t id = j->set->id;
	int err = 0;
	if (!p->every) {
		sqlite3_bind_int64(p->tl_del, 1, id);
		err = run(p->tl_del);
	}
	out_queue *q = &p->out;
	if (err == 0)
		err = sm_fit(&q->w, &q->cap, q->n + 1, sizeof *q->w);
	if (err)
		return err;
	q->w[q->n++] = (queued){id, j->set->hash, j->json, j->rows};
	q->points += j->rows->n_points;
	j->json = NULL;
	j->rows = NULL;
	p->done++;
	for (int t = 0; t < T_N; t++)
		if (waiting(q, t) >= BATCH)
			return out_write(q, 0);
	return 0;
}

static void job_clear(job *j)
{
	free_arts(j);
	free(j->arts);
	free(j->json);
	free(j->rows);
	memset(j, 0, sizeof *j);
}

static int is_done(pass *p, const job *j)
{
	pthread_mutex_lock(&p->lock);
	int done = j->done;
	pthread_mutex_unlock(&p->lock);
	return done;
}

/* One step of the caller's other work (opts->idle); 0 or its failure. */
static int idle_step(pass *p)
{
	int rc = p->opts->idle(p->opts->idle_arg);
	p->idle_more = rc > 0;
	return rc < 0 ? rc : 0;
}

/* Waits for job j, doing the caller's other work meanwhile while it has
 * some; returns 0 or the first failure of that work. */
static int wait_done(pass *p, job *j)
{
	int err = 0;
	while (err == 0 && p->idle_more && !is_done(p, j))
		err = idle_step(p);
	pthread_mutex_lock(&p->lock);
	while (!j->done)
		pthread_cond_wait(&p->finished, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return err;
}

/* Waits for job *written, writes it and lets it go. */
static int write_next(pass *p, size_t *written, size_t *ahead_docs)
{
	job *j = &p->jobs[*written];
	int err = wait_done(p, j);
	if (err == 0)
		err = j->err;
	if (err == 0)
		err = save_story(p, j);
	*ahead_docs -= j->n_read;
	job_clear(j);
	(*written)++;
	return err;
}

/* Copies article a, its rows and words into a block for job arg (an
 * article_fn). The arrays come first: their items hold size_t, so each
 * array's size keeps the next one aligned. */
static int pack_article(void *arg, int64_t id, const marsad_article *a,
			const void *words, size_t len)
{
	job *j = arg;
	const marsad_doc *d = a->doc;
	size_t size = sizeof(packed) +
		      a->n_sentences * sizeof *a->sentences +
		      a->n_mentions * (sizeof *a->mentions + sizeof(char *) +
				       sizeof(size_t)) +
		      a->n_dates * sizeof *a->dates +
		      a->n_quotes * sizeof *a->quotes + (words ? len : 0) +
		      d->text_len + 1 + str_bytes(d->key) + str_bytes(d->title) +
		      str_bytes(d->outlet) + str_bytes(d->published);
	for (size_t i = 0; a->canonical && i < a->n_mentions; i++)
		size += str_bytes(a->canonical[i]);
	packed *pk = sm_fit(&j->arts, &j->cap_arts, j->n_arts + 1,
			 sizeof *j->arts) == 0 ? malloc(size) : NULL;
	if (!pk)
		return MARSAD_ENOMEM;
	char *at = (char *)(pk + 1);
	pk->id = id;
	pk->a = *a;
	pk->a.doc = &pk->d;
	pk->a.sentences = put(&at, a->sentences,
			      a->n_sentences * sizeof *a->sentences);
	pk->a.mentions = put(&at, a->mentions,
			     a->n_mentions * sizeof *a->mentions);
	char **canon = a->canonical ? put(&at, a->canonical,
					  a->n_mentions * sizeof(char *))
				    : NULL;
	pk->a.entity_of = a->entity_of
				  ? put(&at, a->entity_of,
					a->n_mentions * sizeof *a->entity_of)
				  : NULL;
	pk->a.dates = put(&at, a->dates, a->n_dates * sizeof *a->dates);
	pk->a.quotes = put(&at, a->quotes, a->n_quotes * sizeof *a->quotes);
	memset(&pk->d, 0, sizeof pk->d);
	pk->d.text = put(&at, d->text, d->text_len);
	*at++ = 0;
	pk->d.text_len = d->text_len;
	pk->d.key = (char *)put_str(&at, d->key);
	pk->d.title = (char *)put_str(&at, d->title);
	pk->d.outlet = (char *)put_str(&at, d->outlet);
	pk->d.published = (char *)put_str(&at, d->published);
	for (size_t i = 0; canon && i < a->n_mentions; i++)
		canon[i] = (char *)put_str(&at, a->canonical[i]);
	pk->a.canonical = canon;
	pk->words = words ? put(&at, words, len) : NULL;
	pk->n_words = words ? len : 0;
	j->arts[j->n_arts++] = pk;
	return 0;
}

/* Reads story job j's articles into it (its story's set). */
static int read_job(loader *l, job *j)
{
	int err = read_set(l, j->set->id, pack_article, j);
	j->n_read = j->n_arts;
	return err;
}

/* The lane with the fewest articles waiting; the first of those. */
static lane *pick_lane(pass *p)
{
	lane *best = &p->lanes[0];
	pthread_mutex_lock(&p->lock);
	for (size_t i = 1; i < p->n_lanes; i++)
		if (p->lanes[i].queued < best->queued)
			best = &p->lanes[i];
	pthread_mutex_unlock(&p->lock);
	return best;
}

static void queue(pass *p, lane *ln, job *j)
{
	pthread_mutex_lock(&p->lock);
	if (ln->tail)
		ln->tail->next = j;
	else
		ln->head = j;
	ln->tail = j;
	ln->queued += j->n_read;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
}

static size_t threads_of(const marsad_summary_opts *opts, size_t jobs)
{
	size_t n = opts ? opts->threads : 0;
	if (n == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		n = cpus < 1 ? 1 : (size_t)cpus;
	}
	n = n > THREADS_MAX ? THREADS_MAX : n;
	return n > jobs ? (jobs ? jobs : 1) : n;
}

/* Reads every job's story, has the workers summarize it, writes it. */
static int run_jobs(sqlite3 *db, pass *p)
{
	size_t want = threads_of(p->opts, p->n_jobs);
	p->lanes = calloc(want, sizeof *p->lanes);
	if (!p->lanes)
		return MARSAD_ENOMEM;
	loader l;
	int err = loader_init(&l, db, p->every);
	if (err)
		return err;
	for (; p->n_lanes < want; p->n_lanes++) {
		lane *ln = &p->lanes[p->n_lanes];
		ln->p = p;
		if (pthread_create(&ln->thread, NULL, worker_main, ln) != 0)
			break;
	}
	if (p->n_lanes == 0)
		err = MARSAD_ENOMEM;
	size_t written = 0, ahead_docs = 0;
	for (size_t i = 0; err == 0 && i < p->n_jobs; i++) {
		while (err == 0 && written < i &&
		       (i - written >= AHEAD_JOBS || ahead_docs >= AHEAD_DOCS))
			err = write_next(p, &written, &ahead_docs);
		/* the workers have enough: the caller's other work first */
		if (err == 0 && p->idle_more && i - written >= IDLE_AHEAD_JOBS)
			err = idle_step(p);
		job *j = &p->jobs[i];
		if (err == 0)
			err = read_job(&l, j);
		if (err)
			break;
		ahead_docs += j->n_read;
		queue(p, pick_lane(p), j);
		while (err == 0 && written <= i && is_done(p, &p->jobs[written]))
			err = write_next(p, &written, &ahead_docs);
	}
	while (err == 0 && written < p->n_jobs)
		err = write_next(p, &written, &ahead_docs);
	if (err == 0)
		err = out_write(&p->out, 1);
	pthread_mutex_lock(&p->lock);
	p->closed = err ? 2 : 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < p->n_lanes; i++)
		pthread_join(p->lanes[i].thread, NULL);
	loader_clear(&l);
	return err;
}

/* A job for every changed story, in id order, and their members: each
 * story is the set of its id. */
static int plan(sqlite3 *db, pass *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->sets[i].changed;
	p->jobs = calloc(n ? n : 1, sizeof *p->jobs);
	if (!p->jobs)
		return MARSAD_ENOMEM;
	pairs stories = {MARSAD_BUF_INIT};
	int err = 0;
	for (size_t i = 0; err == 0 && i < p->n; i++) {
		if (!p->sets[i].changed)
			continue;
		if (n < p->n)
			err = pair_add(&stories, p->sets[i].id, p->sets[i].id);
		p->jobs[p->n_jobs++].set = &p->sets[i];
	}
	p->every = n == p->n;
	if (err == 0 && !p->every)
		err = add_members(db, story_members, &stories);
	if (err == 0 && p->every)
		err = exec(db, "DELETE FROM timeline");
	marsad_buf_clear(&stories.b);
	return err;
}

/* Summarizes the changed stories; in the caller's savepoint. */
static int store_all(sqlite3 *db, pass *p, int all)
{
	int err = mark_changed(db, p->sets, p->n, all);
	if (err == 0)
		err = plan(db, p);
	if (err == 0)
		err = run_jobs(db, p);
	/* the headlines of the stories summarized now, and of those whose
	 * headline linking rewrote (it does for every story it keeps) */
	if (err == 0)
		err = exec(db,
			"DELETE FROM temp.summary_members;"
			"DELETE FROM summary_state WHERE story_id NOT IN"
			" (SELECT id FROM stories);"
			"UPDATE stories SET headline = t.headline FROM summary_state t"
			" WHERE t.story_id = stories.id"
			" AND stories.headline IS NOT t.headline;");
	return err;
}

/* Whether the connection checks foreign keys. */
static int checks_foreign_keys(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (prepare(db, "PRAGMA foreign_keys", &st))
		return 0;
	int on = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return on;
}

/*
 * The pass writes with the connection's foreign-key checks off, as an
 * ingest stores its articles (store.h), and sets them back after: each
 * row it writes names a story of the pass and (a timeline point) an
 * article of that story, both read in the same transaction, and its
 * deletes (a story's timeline, the state of stories gone) are of rows
 * that nothing references. Checking each row's parents was a twentieth
 * of the pass. A pass inside the caller's transaction, where SQLite keeps
 * the setting as it is, checks them.
 */
int marsad_summary_store(struct marsad_store *store,
			 const marsad_summary_opts *opts, int all,
			 size_t *n_done)
{
	if (n_done)
		*n_done = 0;
	if (!store)
		return MARSAD_EINVAL;
	sqlite3 *db = marsad_store_db(store);
	int fk = checks_foreign_keys(db);
	if (fk)
		exec(db, "PRAGMA foreign_keys = OFF");
	int err = exec(db, "SAVEPOINT summary_store");
	if (err) {
		if (fk)
			exec(db, "PRAGMA foreign_keys = ON");
		return err;
	}
	err = exec(db, schema);
	if (err == 0)
		err = exec(db, words_schema);
	if (err == 0)
		err = exec(db, members_schema);
	pass p;
	memset(&p, 0, sizeof p);
	p.opts = opts;
	p.idle_more = opts && opts->idle;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.finished, NULL);
	p.out.db = db;
	if (err == 0)
		err = prepare(db, "DELETE FROM timeline WHERE story_id = ?1",
			      &p.tl_del);
	if (err == 0)
		err = story_sets(db, &p.sets, &p.n);
	if (err == 0)
		err = store_all(db, &p, all);
	for (size_t i = 0; i < p.n_jobs; i++)
		job_clear(&p.jobs[i]);
	free(p.jobs);
	free(p.lanes);
	free(p.sets);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.finished);
	out_clear(&p.out);
	sqlite3_finalize(p.tl_del);
	exec(db, err ? "ROLLBACK TO summary_store; RELEASE summary_store"
		     : "RELEASE summary_store");
	if (fk)
		exec(db, "PRAGMA foreign_keys = ON");
	if (n_done && err == 0)
		*n_done = p.done;
	return err;
}
