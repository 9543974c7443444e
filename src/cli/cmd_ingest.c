/*
 * cmd_ingest.c — `marsad [--db FILE] ingest [--json] [--batch N] [--jobs N]
 *                [--no-link] [--no-summary] PATH...`
 *
 * Every path goes through a reader (file, directory or "-"); each document
 * is shown to one cleaner (which learns the repeated lines of its outlet),
 * built into an article (clean, sentences, dates, entities, quotes, and
 * the analysis of its words for the full-text index) and stored. Articles
 * are committed in batches of N (default 500): a killed ingest loses at
 * most the batch in progress, never part of an article, and running it
 * again completes it. Prints the numbers of articles added,
 * updated, unchanged and rejected; each rejected record gets one stderr
 * line "marsad: FILE:LINE: why". Exit 0 when any article was read, 1 when
 * none could be. The full-text index's merging waits for the end of the
 * ingest, and SQLite's foreign-key checks are off until then
 * (marsad_store_ingest_begin); after a bulk load (a quarter of the store
 * or more is new) the index is merged into one segment.
 *
 * Linking (unless --no-link) happens as articles are stored: the linker is
 * read back from the store (marsad_link_load: the rows it keeps per
 * article, nothing analyzed again) before the first article the store
 * adds, or at the start when the stored links are not complete
 * (marsad_link_pending: articles without their rows or stories), so that
 * an ingest that adds nothing to a linked store reads, settles and saves
 * nothing of it. The builders prepare each article for
 * it (marsad_link_prepare: its terms, shingles and spans) and for the
 * summaries (marsad_summary_prepare: its words), and every new article is
 * added to it in input order, so the result does not depend on --jobs.
 * Each batch commits the articles with their words for summaries
 * (marsad_summary_save_prepared) and the linking rows and copied passages
 * (marsad_link_save_added) of every article the linker has added by then:
 * it may lag behind the store by up to LINK_LAG articles. At the end the
 * linker settles in a thread of its own, its stories first, while the
 * store merges its full-text index; the stories that changed are saved
 * and summarized while the thread settles the topics, which are saved
 * last (marsad_link_save_stories, _topics). After a bulk load the merge
 * is made by steps, which go on between the summarizing pass's own
 * writes while its threads have enough to do, and while the topics
 * settle, so that the calling thread and the cores are not idle. A killed ingest thus leaves whole batches of articles, all
 * with their rows but maybe the last ones, which the next ingest links
 * from their stored text (marsad_link_load); it settles them all into
 * stories. A changed article (updated) cannot be taken out of a linker:
 * then the linking is rebuilt from the stored texts at the end.
 * --no-summary links but neither prepares words nor summarizes: the
 * stories it changed are summarized by the next ingest that does (their
 * articles' text analyzed then), or by `marsad stories --relink`.
 *
 * A pipeline of threads: one reader, --jobs builders (default: the online
 * processors), one writer, the calling thread, which alone uses the
 * store, and one linker thread. The first three share a ring of RING
 * slots, so memory stays bounded however large the input: the reader
 * fills a slot per record, a builder turns its document into an article,
 * and the writer stores the slots strictly in input order, commits the
 * batches and prints the rejects. The writer hands each article the store
 * added to the linker thread, which adds it to the linker while the
 * writer stores the next ones and commits; to save the linker's rows the
 * writer pauses it between two articles (struct linking). The database,
 * the counts and the messages are the same whatever the number of jobs.
 *
 * The cleaner's learning is not thread-safe, and an article must always be
 * cleaned with the same knowledge. So the reader cuts the input into
 * chunks of CHUNK records; before a chunk is handed to the builders it
 * waits until every earlier record is built, then shows the cleaner all of
 * the chunk's documents. An article is thus cleaned with what was learnt
 * from every document up to the end of its chunk: a rule that depends only
 * on the input, not on the timing.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "marsad/article.h"
#include "marsad/clean.h"
#include "marsad/link.h"
#include "marsad/read.h"
#include "marsad/store.h"
#include "marsad/summary.h"

/* Articles per transaction. The full-text index writes a segment per
 * commit, and the merge at the end reads them all again: 1,500 articles
 * a commit took 5% fewer instructions on the writing thread than 500. */
#define BATCH_DEFAULT 1500
/* After an ingest that added this share of the store or more (a bulk
 * load), the index is merged into one segment: a second or so per 100 MB
 * of text, repaid by faster searches. */
#define OPTIMIZE_SHARE 4 /* 1/4 */
#define JOBS_MAX 256
/* Articles the linker may lag behind the writer. */
#define LINK_LAG 1024
/* Records observed together before they are built (see above). */
#define CHUNK 128
/* Slots: chunks being built and written while the next one is read.
 * Eight chunks let the builders go on while the writer commits a batch
 * (a tenth of a second and more): with two, they waited for it, and the
 * two cores were busy 75% of an ingest instead of 79%. */
#define RING (8 * CHUNK)
/* A reader that reports this many errors in a row without a document is
 * taken to be stuck (an unreadable device) and its path is abandoned. */
#define ERRORS_IN_A_ROW_MAX 10000

/* One record on its way: a document to build, or a reader's error. */
struct slot {
	marsad_doc *doc;         /* read, then taken by the build */
	marsad_article *article; /* built */
	marsad_index_terms *terms; /* its index tokens, analyzed ahead */
	marsad_link_input *link; /* what the linker needs, prepared ahead */
	marsad_summary_prep *words; /* its words for summaries, ahead */
	int rc;                  /* negative: rejected, marsad_strerror(rc) */
	char *message;           /* the reader's own words, or NULL */
	char *where;             /* file name */
	size_t record;           /* line or record, 0 for a whole file */
	int built;
};

/*
 * Sequence numbers of records, in input order: the reader has filled the
 * slots up to `filled` and handed the builders those up to `ready`; the
 * builders have taken those up to `claimed` and finished `built` of them;
 * the writer has stored those up to `written`. Slot of record i: i % RING.
 */
struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t to_read, to_build, to_write;
	struct slot ring[RING];
	uint64_t filled, ready, claimed, built, written;
	int eof;  /* the reader is done: `ready` is final */
	int stop; /* the writer failed: everyone quits */
};

/*
 * The linker's thread and what the writer handed it: the inputs numbered
 * [added, handed) wait in a ring of LINK_LAG; in[i % LINK_LAG] is input i.
 * The thread adds them in order, one at a time (`adding`); a full ring
 * makes the writer wait. To save the linker's rows the writer pauses it
 * between two articles: the linker is then the writer's alone.
 */
struct linking {
	pthread_mutex_t lock;
	pthread_cond_t to_add, to_hand, to_save;
	pthread_t thread;
	int running; /* else the writer adds the articles itself */
	int done;    /* no more inputs: the thread ends when it has all */
	int paused, adding;
	marsad_link_input *in[LINK_LAG];
	uint64_t handed, added;
	int rc; /* the first adding error, or 0 */
};

struct ingest {
	marsad_store *store;
	marsad_cleaner *cleaner;
	int link;           /* linking asked for */
	const marsad_link_opts *link_opts;
	marsad_linker *linker; /* NULL: not loaded (yet) */
	struct linking lt;  /* adds to `linker`, started with it */
	sqlite3_stmt *known; /* is a key stored? (link_on_demand) */
	int load_failed;    /* the linker could not be read */
	int relink;         /* an article changed: relink from the texts */
	char **paths;
	int n_paths;
	struct pipeline p;
	cli_ingest_counts n;
	size_t batch, in_batch;
	/* the batch's words for summaries, kept at its commit */
	marsad_summary_prep **words;
	size_t n_words;
	int progress;       /* stderr is a terminal */
	time_t last_shown;
};

/* ---- the reader thread ------------------------------------------------ */

/* Waits for a free slot and fills it; returns 0, or -1 when stopped. */
static int put_slot(struct ingest *g, marsad_doc *doc, const char *where,
		    size_t record, const char *message, int rc)
{
	struct pipeline *p = &g->p;
	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->filled - p->written >= RING)
		pthread_cond_wait(&p->to_read, &p->lock);
	int stop = p->stop;
	pthread_mutex_unlock(&p->lock);
	if (stop) {
		marsad_doc_free(doc);
		return -1;
	}
	/* Free and not yet handed on: the slot is the reader's alone. */
	struct slot *s = &p->ring[p->filled % RING];
	*s = (struct slot){.doc = doc, .rc = rc, .record = record};
	s->where = strdup(where);
	if (message && *message)
		s->message = strdup(message);
	p->filled++;
	return 0;
}

/* Hands the filled slots to the builders, once the cleaner has seen their
 * documents (and every earlier one is built: nobody cleans meanwhile). */
static int hand_on(struct ingest *g)
{
	struct pipeline *p = &g->p;
	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->built < p->ready)
		pthread_cond_wait(&p->to_read, &p->lock);
	int stop = p->stop;
	pthread_mutex_unlock(&p->lock);
	if (stop)
		return -1;
	for (uint64_t i = p->ready; i < p->filled; i++) {
		struct slot *s = &p->ring[i % RING];
		if (!s->doc)
			continue;
		int rc = marsad_cleaner_observe(g->cleaner, s->doc->outlet,
						s->doc->text,
						s->doc->text_len);
		if (rc < 0) {
			marsad_doc_free(s->doc);
			s->doc = NULL;
			s->rc = rc;
		}
	}
	pthread_mutex_lock(&p->lock);
	p->ready = p->filled;
	pthread_cond_broadcast(&p->to_build);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/* One record read (rc 1, doc set) or refused (rc < 0). */
static int take_record(struct ingest *g, int rc, marsad_doc *doc,
		       const marsad_read_error *err, const char *path)
{
	const char *where = err->path[0] ? err->path : path;
	if (rc < 0 && put_slot(g, NULL, where, err->record, err->message, rc))
		return -1;
	if (rc > 0 && put_slot(g, doc, doc->path ? doc->path : "-",
			       doc->record, NULL, 0))
		return -1;
	if (g->p.filled - g->p.ready >= CHUNK)
		return hand_on(g);
	return 0;
}

/* Reads one path into the pipeline; -1 when the pipeline stopped. */
static int read_path(struct ingest *g, const char *path)
{
	marsad_reader *r = NULL;
	marsad_read_error err;
	memset(&err, 0, sizeof err);
	int rc = marsad_reader_open(path, &r, &err);
	if (rc < 0)
		return take_record(g, rc, NULL, &err, path);
	size_t errors_in_a_row = 0;
	int stopped = 0;
	while (!stopped) {
		marsad_doc *doc = NULL;
		memset(&err, 0, sizeof err);
		rc = marsad_reader_next(r, &doc, &err);
		if (rc == 0)
			break;
		if (rc > 0 && !doc)
			continue; /* nothing to store, nothing wrong */
		stopped = take_record(g, rc, doc, &err, path) < 0;
		if (rc > 0)
			errors_in_a_row = 0;
		else if (++errors_in_a_row >= ERRORS_IN_A_ROW_MAX)
			break;
	}
	marsad_reader_close(r);
	return stopped ? -1 : 0;
}

static void *reader_main(void *arg)
{
	struct ingest *g = arg;
	int rc = 0;
	for (int i = 0; i < g->n_paths && rc == 0; i++)
		rc = read_path(g, g->paths[i]);
	if (rc == 0)
		hand_on(g);
	struct pipeline *p = &g->p;
	pthread_mutex_lock(&p->lock);
	p->eof = 1;
	pthread_cond_broadcast(&p->to_build);
	pthread_cond_broadcast(&p->to_write);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* ---- the builder threads ----------------------------------------------- */

static void *builder_main(void *arg)
{
	struct ingest *g = arg;
	struct pipeline *p = &g->p;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && !p->eof && p->claimed == p->ready)
			pthread_cond_wait(&p->to_build, &p->lock);
		if (p->stop || p->claimed == p->ready)
			break;
		uint64_t i = p->claimed++;
		pthread_mutex_unlock(&p->lock);
		struct slot *s = &p->ring[i % RING];
		if (s->doc) {
			/* takes the document, also on failure */
			s->rc = marsad_article_build(g->cleaner, s->doc,
						     &s->article);
			s->doc = NULL;
			/* Without its tokens, the writer analyzes it. */
			if (s->rc >= 0)
				marsad_store_analyze(s->article, &s->terms);
			/* (an article without a key is refused later) */
			if (s->rc >= 0 && g->link &&
			    s->article->doc->key && *s->article->doc->key)
				s->rc = marsad_link_prepare(s->article,
							    &s->link);
			/* Without its words, summarizing analyzes it. */
			if (s->rc >= 0 && g->words)
				marsad_summary_prepare(s->article, s->link,
						       &s->words);
		}
		pthread_mutex_lock(&p->lock);
		s->built = 1;
		p->built++;
		if (i == p->written)
			pthread_cond_signal(&p->to_write);
		if (p->built == p->ready)
			pthread_cond_signal(&p->to_read);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* ---- the linker thread --------------------------------------------------- */

static void *linking_main(void *arg)
{
	struct ingest *g = arg;
	struct linking *t = &g->lt;
	pthread_mutex_lock(&t->lock);
	for (;;) {
		while (!(t->done && t->added == t->handed) &&
		       (t->paused || t->added == t->handed))
			pthread_cond_wait(&t->to_add, &t->lock);
		if (t->added == t->handed)
			break; /* done */
		marsad_link_input *in = t->in[t->added % LINK_LAG];
		int failed = t->rc < 0;
		t->adding = 1;
		pthread_mutex_unlock(&t->lock);
		int rc = 0;
		if (failed) /* the ingest stops: nothing more to link */
			marsad_link_input_free(in);
		else
			rc = marsad_linker_add_prepared(g->linker, in, NULL);
		pthread_mutex_lock(&t->lock);
		if (rc < 0 && t->rc == 0)
			t->rc = rc;
		t->adding = 0;
		t->added++;
		pthread_cond_broadcast(&t->to_hand);
		if (t->paused)
			pthread_cond_signal(&t->to_save);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

/* Starts the linker's thread; without one, the writer adds the articles
 * itself. */
static void linking_start(struct ingest *g)
{
	struct linking *t = &g->lt;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->to_add, NULL);
	pthread_cond_init(&t->to_hand, NULL);
	pthread_cond_init(&t->to_save, NULL);
	t->running = pthread_create(&t->thread, NULL, linking_main, g) == 0;
}

/* Hands an added article's input to the linker (which takes it). */
static int link_added(struct ingest *g, marsad_link_input *in)
{
	struct linking *t = &g->lt;
	if (!t->running)
		return marsad_linker_add_prepared(g->linker, in, NULL);
	pthread_mutex_lock(&t->lock);
	while (t->handed - t->added == LINK_LAG)
		pthread_cond_wait(&t->to_hand, &t->lock);
	t->in[t->handed++ % LINK_LAG] = in;
	pthread_cond_signal(&t->to_add);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

/* Pauses the linker between two articles and returns the first error
 * adding met; the linker is the calling thread's until linking_resume. */
static int linking_pause(struct ingest *g)
{
	struct linking *t = &g->lt;
	if (!t->running)
		return 0;
	pthread_mutex_lock(&t->lock);
	t->paused = 1;
	while (t->adding)
		pthread_cond_wait(&t->to_save, &t->lock);
	int rc = t->rc;
	pthread_mutex_unlock(&t->lock);
	return rc;
}

static void linking_resume(struct ingest *g)
{
	struct linking *t = &g->lt;
	if (!t->running)
		return;
	pthread_mutex_lock(&t->lock);
	t->paused = 0;
	pthread_cond_signal(&t->to_add);
	pthread_mutex_unlock(&t->lock);
}

/* Lets the linker add everything handed over and ends its thread;
 * returns the first adding error. */
static int linking_stop(struct ingest *g)
{
	struct linking *t = &g->lt;
	if (t->running) {
		pthread_mutex_lock(&t->lock);
		t->done = 1;
		pthread_cond_signal(&t->to_add);
		pthread_mutex_unlock(&t->lock);
		pthread_join(t->thread, NULL);
		t->running = 0;
	}
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->to_add);
	pthread_cond_destroy(&t->to_hand);
	pthread_cond_destroy(&t->to_save);
	return t->rc;
}

/* Reads the linker back from the store and starts its thread. */
static int link_load(struct ingest *g)
{
	int rc = marsad_link_load(g->store, g->link_opts, &g->linker);
	if (rc < 0)
		g->load_failed = 1;
	else
		linking_start(g);
	return rc;
}

/*
 * Loads the linker before an article whose key is not stored: the store
 * will add it (its own test). Asked of each article until the linker is
 * loaded, which is then read from the store as the ingest found it (the
 * batch so far holds only unchanged articles, which write nothing).
 */
static int link_on_demand(struct ingest *g, const marsad_article *a)
{
	if (!g->known &&
	    sqlite3_prepare_v2(marsad_store_db(g->store),
			       "SELECT 1 FROM articles WHERE key = ?1", -1,
			       &g->known, NULL) != SQLITE_OK)
		return MARSAD_EDB;
	sqlite3_bind_text(g->known, 1, a->doc->key, -1, SQLITE_STATIC);
	int r = sqlite3_step(g->known);
	sqlite3_reset(g->known);
	if (r == SQLITE_ROW)
		return 0;
	return r == SQLITE_DONE ? link_load(g) : MARSAD_EDB;
}

/* ---- the writer: the calling thread ------------------------------------ */

static void reject(struct ingest *g, const char *path, size_t record,
		   const char *why)
{
	g->n.rejected++;
	if (g->progress)
		fputs("\r\033[K", stderr);
	if (record)
		fprintf(stderr, "marsad: %s:%zu: %s\n", path, record, why);
	else
		fprintf(stderr, "marsad: %s: %s\n", path, why);
}

static void show_progress(struct ingest *g, int last)
{
	time_t now = time(NULL);
	if (!g->progress || (!last && now == g->last_shown))
		return;
	g->last_shown = now;
	fprintf(stderr, "\r\033[Kingest: %zu added, %zu updated, %zu unchanged, "
			"%zu rejected%s",
		g->n.added, g->n.updated, g->n.unchanged, g->n.rejected,
		last ? "\n" : "");
}

/* Why an article built without error is not stored, or NULL. */
static const char *refusal(const marsad_article *a)
{
	if (!a->doc->key || !*a->doc->key)
		return "article has no key";
	if ((!a->doc->title || !*a->doc->title) && a->doc->text_len == 0)
		return "empty article (no title and no text)";
	return NULL;
}

static void words_clear(struct ingest *g)
{
	for (size_t i = 0; i < g->n_words; i++)
		marsad_summary_prep_free(g->words[i]);
	g->n_words = 0;
}

/* Commits the batch with the linking rows, copies and words for summaries
 * of its articles. */
static int commit(struct ingest *g)
{
	int rc = marsad_summary_save_prepared(g->store, g->words, g->n_words);
	words_clear(g);
	if (g->linker) {
		int added = linking_pause(g);
		if (rc == 0)
			rc = added;
		if (rc == 0 && !g->relink)
			rc = marsad_link_save_added(g->linker, g->store);
		linking_resume(g);
	}
	if (rc < 0)
		marsad_store_rollback(g->store);
	else
		rc = marsad_store_commit(g->store);
	g->in_batch = 0;
	return rc;
}

/*
 * Stores one record, in input order. Per-article steps that need the
 * article stored (and the ones before it) belong here, after the put. A
 * negative return is a store failure that ends the ingest (the records
 * themselves are only rejected).
 */
static int write_slot(struct ingest *g, struct slot *s)
{
	const char *where = s->where ? s->where : "-";
	if (s->rc < 0 || !s->article) {
		reject(g, where, s->record,
		       s->message ? s->message
				  : marsad_strerror(s->rc < 0 ? s->rc
							      : MARSAD_ENOMEM));
		return 0;
	}
	const char *why = refusal(s->article);
	if (why) {
		reject(g, where, s->record, why);
		return 0;
	}
	int rc;
	if (g->in_batch == 0 && (rc = marsad_store_begin(g->store)) < 0)
		return rc;
	/* not after an update: every article is then linked again at the
	 * end, from the texts */
	if (g->link && !g->linker && !g->relink &&
	    (rc = link_on_demand(g, s->article)) < 0)
		return rc;
	marsad_store_result res;
	rc = marsad_store_put_analyzed(g->store, s->article, s->terms, &res);
	s->terms = NULL; /* taken */
	if (rc == MARSAD_ETOOBIG || rc == MARSAD_EINVAL) {
		reject(g, where, s->record, marsad_strerror(rc));
		return 0;
	}
	if (rc < 0)
		return rc;
	if (res == MARSAD_STORE_ADDED)
		g->n.added++;
	else if (res == MARSAD_STORE_UPDATED)
		g->n.updated++;
	else
		g->n.unchanged++;
	if (g->linker && res == MARSAD_STORE_ADDED) {
		rc = link_added(g, s->link);
		s->link = NULL; /* taken */
		if (rc < 0)
			return rc;
	}
	if (s->words && res != MARSAD_STORE_UNCHANGED) {
		marsad_summary_prep_set_article(s->words,
						marsad_store_last_id(g->store));
		g->words[g->n_words++] = s->words;
		s->words = NULL; /* taken */
	}
	g->relink |= res == MARSAD_STORE_UPDATED;
	if (++g->in_batch >= g->batch && (rc = commit(g)) < 0)
		return rc;
	show_progress(g, 0);
	return 0;
}

static void slot_clear(struct slot *s)
{
	marsad_doc_free(s->doc);
	marsad_article_free(s->article);
	marsad_index_terms_free(s->terms);
	marsad_link_input_free(s->link);
	marsad_summary_prep_free(s->words);
	free(s->message);
	free(s->where);
	memset(s, 0, sizeof *s);
}

/* Writes every record as it is built, in order; returns 0 or the store's
 * error. */
static int write_all(struct ingest *g)
{
	struct pipeline *p = &g->p;
	int rc = 0;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct slot *s = &p->ring[p->written % RING];
		while (!(p->written < p->ready && s->built) &&
		       !(p->eof && p->written == p->ready))
			pthread_cond_wait(&p->to_write, &p->lock);
		if (p->written == p->ready)
			break; /* eof */
		pthread_mutex_unlock(&p->lock);
		rc = write_slot(g, s);
		slot_clear(s);
		pthread_mutex_lock(&p->lock);
		p->written++;
		pthread_cond_signal(&p->to_read);
		if (rc < 0) {
			p->stop = 1;
			pthread_cond_broadcast(&p->to_read);
			pthread_cond_broadcast(&p->to_build);
			break;
		}
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

/* Runs the reader and the builders, writes, and joins them. */
static int run(struct ingest *g, int jobs)
{
	struct pipeline *p = &g->p;
	pthread_t reader, builders[JOBS_MAX];
	int started = 0, rc = 0;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->to_read, NULL);
	pthread_cond_init(&p->to_build, NULL);
	pthread_cond_init(&p->to_write, NULL);
	if (pthread_create(&reader, NULL, reader_main, g) != 0) {
		rc = MARSAD_ENOMEM;
		goto done;
	}
	for (; started < jobs; started++)
		if (pthread_create(&builders[started], NULL, builder_main, g) !=
		    0)
			break;
	if (started == 0) {
		/* No builder: stop the reader before it waits for one. */
		pthread_mutex_lock(&p->lock);
		p->stop = 1;
		pthread_cond_broadcast(&p->to_read);
		pthread_mutex_unlock(&p->lock);
		rc = MARSAD_ENOMEM;
	} else {
		rc = write_all(g);
	}
	pthread_join(reader, NULL);
	for (int i = 0; i < started; i++)
		pthread_join(builders[i], NULL);
	/* What a stop left in the ring. */
	for (size_t i = 0; i < RING; i++)
		slot_clear(&p->ring[i]);
done:
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->to_read);
	pthread_cond_destroy(&p->to_build);
	pthread_cond_destroy(&p->to_write);
	return rc;
}

/* ---- linking at the end ------------------------------------------------- */

void cli_ingest_opts_init(cli_ingest_opts *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = cpus < 1 ? 1 : cpus > JOBS_MAX ? JOBS_MAX : (int)cpus;
	o->batch = BATCH_DEFAULT;
	o->link = 1;
	o->summarize = 1;
	o->link_opts = NULL;
	o->progress = isatty(STDERR_FILENO);
}

/* Did the ingest add a quarter of the store or more (OPTIMIZE_SHARE)? */
static int bulk_load(marsad_store *store, const cli_ingest_counts *n)
{
	size_t total, changed = n->added + n->updated;
	return changed > 0 && marsad_store_count(store, &total) == MARSAD_OK &&
	       changed * OPTIMIZE_SHARE >= total;
}

/*
 * A linker settling in a thread of its own: its stories, then its topics
 * (marsad_linker_settle_stories, _topics). The settle computes on the
 * linker alone, never on the store; the calling thread reads the linker
 * only to save its stories once they are settled (which reads no topic),
 * and nothing more until the thread is joined.
 */
struct settle {
	marsad_linker *linker;
	pthread_t thread;
	int threaded;      /* the thread runs, to be joined */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int stories, topics; /* under lock: 1 when done */
	int rc;            /* under lock: the first failure, 0 */
};

static void settle_mark(struct settle *s, int *half, int rc)
{
	pthread_mutex_lock(&s->lock);
	*half = 1;
	if (s->rc == 0)
		s->rc = rc;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

static void *settle_main(void *arg)
{
	struct settle *s = arg;
	int rc = marsad_linker_settle_stories(s->linker);
	settle_mark(s, &s->stories, rc);
	if (rc == 0)
		rc = marsad_linker_settle_topics(s->linker);
	settle_mark(s, &s->topics, rc);
	return NULL;
}

/* Starts settling linker l in a thread; without a thread, settles it
 * here. */
static void settle_start(struct settle *s, marsad_linker *l)
{
	*s = (struct settle){.linker = l};
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	s->threaded = pthread_create(&s->thread, NULL, settle_main, s) == 0;
	if (!s->threaded)
		settle_main(s);
}

/* Is that half of the settle done? */
static int settle_done(struct settle *s, const int *half)
{
	pthread_mutex_lock(&s->lock);
	int done = *half;
	pthread_mutex_unlock(&s->lock);
	return done;
}

/* Waits for that half; returns the settle's result so far. */
static int settle_wait(struct settle *s, const int *half)
{
	pthread_mutex_lock(&s->lock);
	while (!*half)
		pthread_cond_wait(&s->changed, &s->lock);
	int rc = s->rc;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* Joins the thread (a no-op when there is none); the settle's result. */
static int settle_end(struct settle *s)
{
	int rc = settle_wait(s, &s->topics);
	if (s->threaded)
		pthread_join(s->thread, NULL);
	s->threaded = 0;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->changed);
	return rc;
}

/* One step of the full-text index's merge into one segment, for the
 * summarizing pass to make while it waits (marsad_summary_opts.idle). */
static int merge_step(void *store)
{
	int more, rc = marsad_store_optimize_step(store, &more);
	return rc < 0 ? rc : more;
}

/* Merge steps, while there are more and that half of the settle is not
 * done. */
static int merge_while(struct ingest *g, struct settle *s, const int *half,
		       int more)
{
	int rc = 0;
	while (rc >= 0 && more && !settle_done(s, half))
		rc = marsad_store_optimize_step(g->store, &more);
	return rc;
}

/*
 * Ends the ingest on the store while the linker, when it added articles
 * and is not rebuilt from the texts, settles in a thread of its own
 * (s->linker NULL when none does). After a bulk load the full-text index
 * is merged into one segment (seconds): by steps while the stories
 * settle, then in the waits of the summarizing pass and while the topics
 * settle, and what is left at the end (*merging is set to 1: the caller
 * finishes it). Returns the store's result.
 */
static int end_ingest(struct ingest *g, struct settle *s, int *merging)
{
	s->linker = NULL;
	if (g->linker && !g->relink && g->n.added)
		settle_start(s, g->linker);
	*merging = bulk_load(g->store, &g->n);
	int rc = s->linker ? merge_while(g, s, &s->stories, *merging) : 0;
	if (rc >= 0)
		rc = marsad_store_ingest_end(g->store,
					     *merging ? MARSAD_MERGE_NONE
						      : MARSAD_MERGE_PENDING);
	return rc;
}

/* Saves the stories that changed in the linker (settled by end_ingest
 * when `s` settles it); after an update, links every stored article
 * again from its text and saves it all instead. Without a linker (nothing
 * added, the stored links complete) nothing changed. */
static int link_stories(struct ingest *g, struct settle *s)
{
	if (g->relink) {
		marsad_linker_free(g->linker);
		g->linker = NULL;
		int rc = marsad_link_rebuild(g->store, g->link_opts, &g->linker);
		return rc ? rc : marsad_link_save(g->linker, g->store);
	}
	if (!g->linker)
		return 0;
	if (!s->linker) /* nothing settled here: what the load settled */
		return marsad_link_save(g->linker, g->store);
	int rc = settle_wait(s, &s->stories);
	return rc ? rc : marsad_link_save_stories(g->linker, g->store);
}

/* Once the topics are settled (merging meanwhile), saves them. */
static int link_topics(struct ingest *g, struct settle *s, int merging)
{
	if (!s->linker)
		return 0;
	int rc = merge_while(g, s, &s->topics, merging);
	int settled = settle_end(s);
	s->linker = NULL;
	if (rc >= 0)
		rc = settled;
	return rc ? rc : marsad_link_save_topics(g->linker, g->store);
}

int cli_ingest(struct marsad_store *store, char **paths, int n_paths,
	       const cli_ingest_opts *o, cli_ingest_counts *n)
{
	struct ingest g = {.store = store, .paths = paths, .n_paths = n_paths,
			   .batch = o->batch, .progress = o->progress,
			   .link = o->link, .link_opts = o->link_opts};
	memset(n, 0, sizeof *n);
	int rc = marsad_cleaner_new(&g.cleaner);
	if (rc < 0) {
		cli_error("ingest", "%s", marsad_strerror(rc));
		return rc;
	}
	int pending = 0;
	if (o->link && (rc = marsad_link_pending(store, &pending)) >= 0 &&
	    pending)
		rc = marsad_link_load(store, o->link_opts, &g.linker);
	if (rc < 0) {
		cli_error("ingest", "cannot read the links: %s",
			  marsad_strerror(rc));
		marsad_cleaner_free(g.cleaner);
		return rc;
	}
	if (o->link && o->summarize &&
	    !(g.words = calloc(g.batch, sizeof *g.words))) {
		cli_error("ingest", "%s", marsad_strerror(MARSAD_ENOMEM));
		marsad_cleaner_free(g.cleaner);
		marsad_linker_free(g.linker);
		return MARSAD_ENOMEM;
	}
	rc = marsad_store_ingest_begin(store);
	if (rc >= 0) {
		if (g.linker)
			linking_start(&g);
		rc = run(&g, o->jobs);
		sqlite3_finalize(g.known);
		if (g.linker) {
			int added = linking_stop(&g);
			rc = rc < 0 ? rc : added;
		}
	}
	if (rc >= 0 && g.in_batch)
		rc = commit(&g);
	int merging = 0;
	struct settle settle = {.linker = NULL};
	if (rc >= 0)
		rc = end_ingest(&g, &settle, &merging);
	show_progress(&g, 1);
	if (rc < 0 && g.load_failed) {
		cli_error("ingest", "cannot read the links: %s",
			  marsad_strerror(rc));
	} else if (rc < 0) {
		cli_error("ingest", "cannot store articles: %s",
			  marsad_strerror(rc));
	} else if (o->link && (rc = link_stories(&g, &settle)) < 0) {
		/* the articles are stored; only their linking failed */
		cli_error("ingest", "cannot link: %s", marsad_strerror(rc));
	} else if (o->link && o->summarize) {
		/* the stories, while their topics settle */
		marsad_summary_opts so;
		marsad_summary_opts_init(&so);
		so.threads = (size_t)o->jobs; /* the builders' cores */
		so.idle = merging ? merge_step : NULL;
		so.idle_arg = store;
		if ((rc = marsad_summary_store(store, &so, 0, NULL)) < 0)
			cli_error("ingest", "cannot summarize: %s",
				  marsad_strerror(rc));
	}
	if (rc >= 0 && (rc = link_topics(&g, &settle, merging)) < 0)
		cli_error("ingest", "cannot link: %s", marsad_strerror(rc));
	if (settle.linker) /* a failure before: the thread is joined */
		settle_end(&settle);
	if (rc >= 0 && merging && (rc = marsad_store_optimize(store)) < 0)
		cli_error("ingest", "cannot merge the index: %s",
			  marsad_strerror(rc));
	*n = g.n;
	words_clear(&g); /* a failed batch's */
	free(g.words);
	marsad_cleaner_free(g.cleaner);
	marsad_linker_free(g.linker);
	return rc;
}

/* ---- the command ------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: marsad [--db FILE] ingest [--json] "
			"[--batch N] [--jobs N] [--no-link] [--no-summary] "
			"PATH...\n");
}

/* The value of a numeric option from 1 to max, or 0 when it is not one. */
static long number(const char *opt, const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && !*end && v >= 1 && v <= max)
		return v;
	cli_error(opt, "not a number from 1 to %ld: %s", max, s);
	return 0;
}

int cmd_ingest(cli *c, int argc, char **argv)
{
	cli_ingest_opts o;
	cli_ingest_opts_init(&o);
	int first = 1;
	for (; first < argc; first++) {
		const char *a = argv[first];
		if (strcmp(a, "--") == 0) {
			first++;
			break;
		}
		if (strcmp(a, "--batch") == 0 && first + 1 < argc) {
			long v = number(a, argv[++first], 1000000);
			if (!v)
				return EXIT_USAGE;
			o.batch = (size_t)v;
		} else if (strcmp(a, "--no-link") == 0) {
			o.link = 0;
		} else if (strcmp(a, "--no-summary") == 0) {
			o.summarize = 0;
		} else if (strcmp(a, "--jobs") == 0 && first + 1 < argc) {
			if (!(o.jobs = (int)number(a, argv[++first], JOBS_MAX)))
				return EXIT_USAGE;
		} else if (a[0] == '-' && a[1] == '-') {
			cli_error(a, "unknown option");
			usage();
			return EXIT_USAGE;
		} else {
			break;
		}
	}
	if (first >= argc) {
		usage();
		return EXIT_USAGE;
	}
	marsad_store *store;
	int rc = cli_open_store(c, &store);
	if (rc < 0)
		return EXIT_FAIL;
	/* Ingest reads back little but writes a lot: without the store's
	 * memory map (kept for a process that goes on reading, where it
	 * saves a copy per page read) the pages it touches stay in the page
	 * cache instead of mapped into the process, which halves its peak
	 * resident memory on a large batch. */
	sqlite3_exec(marsad_store_db(store), "PRAGMA mmap_size = 0", NULL,
		     NULL, NULL);
	cli_ingest_counts n;
	rc = cli_ingest(store, argv + first, argc - first, &o, &n);
	marsad_store_close(store); /* rolls back a batch left open */
	if (rc < 0)
		return EXIT_FAIL;
	if (c->json) {
		json_t *j = json_pack("{s:I, s:I, s:I, s:I}", "added",
				      (json_int_t)n.added, "updated",
				      (json_int_t)n.updated, "unchanged",
				      (json_int_t)n.unchanged, "rejected",
				      (json_int_t)n.rejected);
		if (!j || cli_print_json(j) != EXIT_OK)
			return EXIT_FAIL;
	} else {
		printf("%zu added, %zu updated, %zu unchanged, %zu rejected\n",
		       n.added, n.updated, n.unchanged, n.rejected);
	}
	if (n.added + n.updated + n.unchanged == 0) {
		cli_error("ingest", "no article could be read");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
