/*
 * store.h — the store: one SQLite file holding the articles, their
 * sentences and what the later stages find (entities, mentions, dates,
 * quotes, copies, stories, topics), with Arabic full-text search.
 *
 * The file is in WAL mode; PRAGMA user_version holds the schema version and
 * opening an older file upgrades it step by step. Search goes through an
 * FTS5 index whose tokenizer, named "marsad", is the analyzer of text.h
 * (marsad_analyze): each word is indexed as its stem, with its normalized
 * surface form as a colocated token "=surface", at the byte offsets of the
 * word as written, so highlight() and snippet() mark the original text.
 *
 * Query language of marsad_store_search() — any text is a valid query:
 *   word            scores the articles that hold it (OR semantics: plain
 *                   words rank by relevance without all being required)
 *   "a phrase"      scores the words and, higher, the words in that order
 *   +word +"a b"    required
 *   -word -"a b"    excluded
 *   A OR B          one group: with a required member, one of A, B is
 *                   required; otherwise OR is the default and changes nothing
 *   =word           the surface form only (clitics kept), not the stem
 *   word*           words whose surface form starts with word
 * Words are analyzed like the articles, so diacritics, hamza seats, ta
 * marbuta, alef forms and clitics written or not find the same articles.
 * A query without + - = * marks also scores the words that most of its
 * best articles share (pseudo-relevance feedback): a story's other
 * reports.
 *
 * Thread safety: a marsad_store is one connection; use it from one thread
 * at a time. Several processes may open the same file (SQLite locking).
 * The first store opened in a process turns SQLite's memory statistics
 * off (SQLITE_CONFIG_MEMSTATUS; sqlite3_memory_used() then reports 0)
 * when SQLite is not yet in use: the count costs a global lock on every
 * allocation.
 */
#ifndef MARSAD_STORE_H
#define MARSAD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "marsad.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sqlite3;

/* The schema version this library writes (PRAGMA user_version). */
#define MARSAD_STORE_VERSION 11

typedef struct marsad_store marsad_store;

/*
 * Opens (creating when needed) the store at path; ":memory:" gives a
 * private in-memory store. A file written by an older version is upgraded
 * in one transaction; a file of a newer version is refused (MARSAD_EDB), as
 * is a file that is not a SQLite database. A full-text index made by
 * another analyzer (marsad_analyzer_version(), text.h) is made again from
 * the stored texts, in one transaction (a file opened read-only keeps its
 * index).
 */
int marsad_store_open(const char *path, marsad_store **out);
void marsad_store_close(marsad_store *s);

/*
 * Small values the stages keep with the store, by key (the store's own:
 * "analyzer"; the linker's: "link.analyzer"). get gives MARSAD_ENOTFOUND
 * for a key never set; set replaces the value, inside the open batch if
 * there is one.
 */
int marsad_store_meta_get(marsad_store *s, const char *key, int64_t *value);
int marsad_store_meta_set(marsad_store *s, const char *key, int64_t value);

/*
 * The SQLite connection, owned by the store and valid until it is closed:
 * for the stages that fill the entity, story and copy tables, and for
 * tests. Do not close it.
 */
struct sqlite3 *marsad_store_db(marsad_store *s);

/*
 * Batches. Between begin and commit every marsad_store_put() joins one
 * transaction: a crash or a rollback loses the whole batch and never part
 * of an article. Without begin, each put is its own transaction. A put
 * refused for its input (MARSAD_EINVAL, MARSAD_ETOOBIG) writes nothing and
 * leaves the batch open; a put that fails while writing (a database,
 * disk or memory failure) rolls the whole batch back and ends it. A
 * batch's new articles join the full-text index when it commits.
 */
int marsad_store_begin(marsad_store *s);
int marsad_store_commit(marsad_store *s);
int marsad_store_rollback(marsad_store *s);

typedef enum marsad_store_result {
	MARSAD_STORE_ADDED = 1,  /* a new key */
	MARSAD_STORE_UPDATED,    /* a known key whose content changed: its
				    text, sentences and index entries were
				    replaced, and what later stages derived
				    from the old text was dropped */
	MARSAD_STORE_UNCHANGED   /* a known key with the same content hash */
} marsad_store_result;

/*
 * Merges the full-text index into one segment (FTS5 'optimize'): a search
 * then seeks each word once instead of once per segment. It rewrites the
 * whole index, so it pays after a bulk load, not after a few articles.
 * It finishes a merge begun by marsad_store_optimize_step(). Outside a
 * batch only (MARSAD_EINVAL).
 */
int marsad_store_optimize(marsad_store *s);

/*
 * One step of the same merge, milliseconds long (FTS5's incremental
 * 'merge'), for a thread to merge the index while it waits for other
 * work; the first step begins the merge. *more is set to 1 while there is
 * more to merge, to 0 when the index is one segment. Inside a transaction
 * of the caller's (its step is then part of it) or outside.
 */
int marsad_store_optimize_step(marsad_store *s, int *more);

/* What marsad_store_ingest_end() merges of the full-text index. */
typedef enum marsad_ingest_merge {
	MARSAD_MERGE_PENDING, /* what automerge would have merged */
	MARSAD_MERGE_ALL,     /* everything into one segment (after a bulk
				 load), as marsad_store_optimize() */
	MARSAD_MERGE_NONE     /* nothing: the caller merges (after a bulk
				 load, marsad_store_optimize_step() and
				 marsad_store_optimize()) */
} marsad_ingest_merge;

/*
 * An ingest's writes between marsad_store_ingest_begin() and
 * marsad_store_ingest_end(), on this connection:
 *   - the merging of the full-text index waits (FTS5 automerge off, and
 *     crisis merges wait until 128 segments): merging while new segments
 *     keep coming rewrites the same terms several times over. The end
 *     merges once, as `merge` says, and sets both back. An ingest killed
 *     in between leaves them so until the next one ends: searches stay
 *     right, with more segments to read.
 *   - SQLite does not check foreign keys: the store's article writes keep
 *     their references right by construction (an updated article's rows
 *     are deleted by the store itself, never by a cascade), and checking
 *     the parents of every sentence, mention, date and quote row was a
 *     fifth of storing an article. Cascades are back on after the end.
 * Outside a batch only (MARSAD_EINVAL).
 */
int marsad_store_ingest_begin(marsad_store *s);
int marsad_store_ingest_end(marsad_store *s, marsad_ingest_merge merge);

/* Stores one article under its doc->key. */
int marsad_store_put(marsad_store *s, const marsad_article *a,
		     marsad_store_result *result);

/*
 * An article's full-text index tokens, analyzed ahead of storing it: the
 * part of marsad_store_put() that needs no connection, for an ingest that
 * builds articles in several threads and stores them in one. Thread-safe.
 */
typedef struct marsad_index_terms marsad_index_terms;

int marsad_store_analyze(const marsad_article *a, marsad_index_terms **out);
void marsad_index_terms_free(marsad_index_terms *t);

/* marsad_store_put() with the article's tokens from marsad_store_analyze()
 * of that same article (or NULL); takes terms, also on failure. */
int marsad_store_put_analyzed(marsad_store *s, const marsad_article *a,
			      marsad_index_terms *terms,
			      marsad_store_result *result);

/* The store id of the article the last marsad_store_put() or
 * marsad_store_put_analyzed() stored or found unchanged; 0 after one that
 * failed, and before any. */
int64_t marsad_store_last_id(const marsad_store *s);

/* Number of articles stored. */
int marsad_store_count(marsad_store *s, size_t *n);

/* ---- search ----------------------------------------------------------- */

/*
 * Sets the connection up for a process that searches a few times and
 * ends (`marsad search`): pages are read from the file into a small page
 * cache whose memory is reused, instead of through the store's memory
 * map and 64 MiB cache. A search's pages are scattered and most are read
 * once; faulting each into the map was most of the latency of a new
 * process's first searches, while a process that goes on searching finds
 * them mapped and is faster without this (store.c). Call it before
 * searching; what the store holds and finds does not change.
 */
int marsad_store_search_mode(marsad_store *s);

#define MARSAD_SEARCH_NO_SNIPPET 0x01u /* leave snippet "" (faster) */

typedef struct marsad_search_opts {
	size_t limit;            /* hits wanted; 0 means 10 */
	const char *outlet;      /* only this outlet; NULL = any */
	const char *since;       /* YYYY-MM-DD: published on or after; NULL */
	const char *until;       /* YYYY-MM-DD: published on or before; NULL */
	const char *near;        /* YYYY-MM-DD: a mild prior for articles
				    published close to that date (a story's
				    reports come within days); NULL = none */
	const char *mark_open;   /* snippet marks around matched words as
				    written; NULL = "[" */
	const char *mark_close;  /* NULL = "]" */
	unsigned flags;          /* MARSAD_SEARCH_* */
} marsad_search_opts;

typedef struct marsad_hit {
	char *key;
	char *title;
	char *url;       /* NULL when unknown */
	char *outlet;    /* NULL when unknown */
	char *published; /* NULL when unknown */
	double score;    /* higher is better; comparable within one search */
	char *snippet;   /* an excerpt of the body with the matched words
			    marked; "" with MARSAD_SEARCH_NO_SNIPPET */
} marsad_hit;

/*
 * Searches the store (see the query language above). *hits receives up to
 * opts->limit hits, best first (free them with marsad_hits_free), *n their
 * number; a query with no searchable word gives no hits and 0. opts may be
 * NULL. Dates that are not YYYY-MM-DD give MARSAD_EINVAL.
 */
int marsad_store_search(marsad_store *s, const char *q, size_t len,
			const marsad_search_opts *opts, marsad_hit **hits,
			size_t *n);

void marsad_hits_free(marsad_hit *hits, size_t n);

/*
 * The FTS5 MATCH expression marsad_store_search() uses to select articles
 * for the query q (required and excluded parts, or else all its words),
 * appended to out; "" when q has no searchable word. Every term in it is
 * already analyzed, so that the expression is valid FTS5 syntax whatever
 * q holds. Exposed for tests and fuzzing.
 */
int marsad_search_expr(const char *q, size_t len, marsad_buf *out);

/*
 * Registers the FTS5 tokenizer "marsad" and the store's ranking function on
 * a SQLite connection (the store does this itself; the loadable extension
 * libmarsad_fts5 does it for the sqlite3 shell). MARSAD_EDB when the
 * connection has no FTS5.
 */
int marsad_fts5_register(struct sqlite3 *db);

#ifdef __cplusplus
}
#endif

#endif
