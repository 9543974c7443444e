/*
 * store_int.h — what the store's files share: the connection wrapper, the
 * index term conventions of the "marsad" tokenizer, and the scan request
 * the ranking function fills.
 */
#ifndef MARSAD_STORE_INT_H
#define MARSAD_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "marsad/store.h"
#include "marsad/text.h"

/* One phrase's postings: rowid and the length-normalized field tf. */
typedef struct posting {
	sqlite3_int64 rowid;
	double tf;
} posting;

/*
 * The postings of one-word phrases already read, by a 64-bit hash of the
 * word (a collision has odds of about 2^-50): a word that recurs in the
 * queries of one connection is read from the index once. Of a common word
 * (see marsad_scan) only the first rows are read, and only that it is
 * common is kept. Bounded: past CACHE_POSTINGS postings or CACHE_TERMS
 * words it is emptied (fts5.c).
 */
typedef struct cached_term {
	uint64_t hash;  /* 0 = an empty slot */
	posting *p;     /* the postings, when complete */
	size_t n;       /* postings (rows read, for a common word) */
	int complete;
} cached_term;

typedef struct postings_cache {
	cached_term *slot;
	size_t cap, n_terms, n_postings;
} postings_cache;

void marsad_cache_clear(postings_cache *c);

/*
 * Token counts of title and body by article id, as the index holds them
 * (its docsize table), and publication days, read once and kept while the
 * file is unchanged: ranking needs them for every article a query
 * touches, and one scan of a table costs less than a lookup per article.
 * The postings read are kept with them.
 */
typedef struct doc_lengths {
	uint32_t (*len)[2];  /* by rowid; UINT32_MAX where there is no row */
	int32_t *day;        /* publication day by rowid (days since
				1970-01-01, NO_DAY when unknown), read on
				first use by the date prior; or NULL */
	postings_cache cache;
	uint32_t *by_row;    /* marsad_scan.by_row, n entries, or NULL */
	sqlite3_int64 n;     /* entries */
	sqlite3_int64 changes; /* sqlite3_total_changes64() when read */
	int data_version;    /* PRAGMA data_version when read */
	int loaded;
} doc_lengths;

/* The statements of a search, prepared on first use and kept with the
 * connection (search.c). */
enum {
	SQ_VERSION, SQ_SCAN, SQ_FILTER, SQ_CHOOSE, SQ_LEAD, SQ_ROW, SQ_SNIPPET, SQ_N
};

/* An article's index tokens analyzed ahead (marsad_store_analyze): of
 * its title and its text, with their lengths and hashes; and its
 * articles.removed value, so that the writer need not build it. */
struct marsad_index_terms {
	size_t len[2];
	uint64_t hash[2];
	marsad_buf tok[2];
	char *removed;            /* marsad_removed_json(), or NULL */
	marsad_index_terms *next; /* in the feed */
};

/* A 64-bit hash of the n bytes at s, never 0, in memory only (fts5.c). */
uint64_t marsad_store_hash(const char *s, size_t n);

/* What the reader and the cleaner removed from d, as the JSON array
 * [ {"line", "reason"} ] of articles.removed; malloc'd, NULL when out of
 * memory (store.c). */
char *marsad_removed_json(const marsad_doc *d);

/*
 * The ids of the entities (type, canonical name) and of the spellings
 * (entity id, surface) the store knows, so that a mention costs no lookup
 * in the tables when its entity and spelling were seen before: a map of
 * byte strings to ids, open addressing, the keys in one buffer. It holds
 * only committed rows and those of the open transaction; store.c empties
 * it on a rollback and whenever the tables may have changed behind it.
 */
typedef struct id_entry {
	uint64_t hash;  /* 0 = an empty slot */
	size_t off;     /* the key in keys.data */
	size_t len;
	sqlite3_int64 id;
} id_entry;

typedef struct id_map {
	id_entry *slot;
	size_t cap, n;
	marsad_buf keys;
	sqlite3_int64 changes; /* sqlite3_total_changes64() after the
				  store's last write */
	int data_version;      /* PRAGMA data_version then */
	int known;             /* `complete` was found since the last
				  emptying */
	int complete;          /* every entity of the table is in the map
				  (it was empty when the map was): an entity
				  not in it is new */
} id_map;

/* The tokens analyzed ahead of the rows a connection is about to index,
 * in row order; its tokenizer replays the head's fields when they are the
 * texts it is handed (fts5.c). */
typedef struct index_feed {
	marsad_index_terms *head, *tail;
	int field; /* of the head: 0 title, 1 text, 2 done */
} index_feed;

void marsad_feed_push(index_feed *f, marsad_index_terms *t);
void marsad_feed_clear(index_feed *f);

/* marsad_fts5_register() with the connection's feed (NULL: none). */
int marsad_fts5_register_feed(sqlite3 *db, index_feed *feed);

struct marsad_store {
	sqlite3 *db;
	index_feed *feed;    /* the tokenizer's, for the new rows */
	int in_batch;        /* between marsad_store_begin and commit */
	int unindexed;       /* rows past indexed_up_to await the index */
	sqlite3_int64 indexed_up_to;
	int optimizing;      /* an incremental optimize is under way */
	int failed;          /* SQLITE_OK, or the error of writing the
				batch's waiting rows for marsad_store_db():
				its next put or commit fails with it */
	int wal_fd;          /* the write-ahead log, read-only, or -1 */
	struct checkpointer *ckpt; /* its checkpoints' thread (store.c), or
				      NULL */
	int ckpt_failed;     /* it could not be started: the writer
				checkpoints */
	struct stmts *stmts; /* store.c's prepared statements */
	id_map ids;          /* store.c */
	sqlite3_int64 last_id; /* marsad_store_last_id() */
	doc_lengths lengths; /* search.c */
	sqlite3_stmt *search[SQ_N];
};

/*
 * Index terms. A word is indexed as its stem and, colocated with it, as
 * MARSAD_SURFACE_MARK followed by its normalized surface form; a word that
 * has a surface token and whose surface is its stem (no clitic or affix
 * removed: "روسيا", a third of the Arabic words) as one token instead,
 * MARSAD_SELF_MARK followed by that form. So a stem S is found as S or
 * MARSAD_SELF_MARK + S, a surface w as MARSAD_SURFACE_MARK + w or
 * MARSAD_SELF_MARK + w (marsad_fts5_query_term()): the same words at the
 * same positions as when every such word had both tokens. A query string that starts with
 * MARSAD_PREANALYZED holds query terms separated by spaces, each an index
 * term or alternatives separated by MARSAD_ALTERNATIVE, passed through
 * verbatim (the alternatives colocated: FTS5 matches a phrase token by any
 * of them, sqlite.org/fts5.html "Synonym Support"): the search module
 * analyzes the user's words once and never hands raw text to MATCH. None
 * of these bytes is ever part of a term the analyzer makes.
 */
#define MARSAD_SURFACE_MARK '='
#define MARSAD_SELF_MARK '#'
#define MARSAD_PREANALYZED '\x01'
#define MARSAD_ALTERNATIVE '|'

/* The index version: the tokens a word gives (store_meta "index.tokens";
 * 1, or none: stem and surface always). A store whose index has another
 * is indexed again on open (store.c), as for another analyzer: FTS5
 * deletes a row by tokenizing its text again. */
#define MARSAD_INDEX_TOKENS 2

/* Non-zero when the word t is indexed with a surface token besides its
 * stem, or with the self token (fts5.c); the query side asks the same
 * question. */
int marsad_fts5_has_surface(const marsad_token *t);

/* The bytes of a query term, at most: two index terms, a separator, a
 * NUL. */
#define MARSAD_QUERY_TERM_MAX (2 * (MARSAD_TOKEN_MAX + 1) + 2)

/* Writes to out (MARSAD_QUERY_TERM_MAX bytes) the query term that finds
 * the word t wherever it is indexed: its stem, or with surface its
 * surface form as written, each with the self token as the alternative
 * when t has a surface token (else its stem alone); NUL-terminated,
 * returns its length. */
size_t marsad_fts5_query_term(const marsad_token *t, int surface, char *out);

/* The ranking function's pointer type (sqlite3_bind_pointer). */
#define MARSAD_SCAN_PTR "marsad_scan"

typedef struct scan_doc {
	sqlite3_int64 rowid;
	double score;
} scan_doc;

/*
 * A scan request: `SELECT marsad_scan(articles_fts, ?2) FROM articles_fts
 * WHERE articles_fts MATCH ?1 LIMIT 1`, with ?1 an OR of one-term or phrase
 * queries and ?2 this request, gives every article holding any of them its
 * BM25F score. A one-word query term of alternatives is in ?1 as one
 * phrase each, in their order, read apart and taken together: its rows are
 * those holding any, its tf their sum. Per scored term or phrase p with
 * weight w[p],
 *   tf'   = Σ_col w_col · tf_col / (1 − b + b · len_col / avglen_col)
 *   score += w[p] · idf(p) · tf' · (k1 + 1) / (tf' + k1)
 *   idf   = ln(1 + (N − df + 0.5) / (df + 0.5))
 * (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
 * Beyond", 2009, §3.5). Reading each phrase's whole doclist once through
 * xQueryPhrase costs one pass over its postings, far less than ranking the
 * rows of an OR query one by one.
 *
 * In a collection of common_min_rows articles or more, a phrase found in
 * more than common_share of them carries little evidence (idf < ln 11 for
 * 0.1) and most of the cost: its pass stops there and it is not scored,
 * unless every phrase is that common. This is a stopword list drawn from
 * the collection itself (R. T.-W. Lo, B. He, I. Ounis, "Automatically
 * building a stopword list for an information retrieval system", 2005).
 * With a cache, one-word phrases are read from it when they can be, and
 * what is read is put in it.
 */
typedef struct marsad_scan {
	const double *weight; /* per scored term or phrase of ?1, in order */
	int n_weight;
	double k1, b, w_col[2];
	double common_share;
	sqlite3_int64 common_min_rows;
	int only_rare;        /* common phrases are never scored, even when
				 all are */
	char *const *term;    /* per scored term or phrase: its query term
				 when it is one word, else NULL; or NULL */
	postings_cache *cache; /* or NULL */
	const doc_lengths *lengths; /* known lengths, or NULL: ask FTS5 */
	scan_doc *docs;       /* out: the articles scored, unordered */
	size_t n_docs, cap;
	uint32_t *by_row;     /* or NULL: index in docs + 1 by rowid, below
				 n_by_row; all 0 again once sealed */
	sqlite3_int64 n_by_row;
	uint32_t *slots;      /* open addressing on the other rowids */
	size_t n_slots;
	int rc;               /* out: SQLITE_OK or the first error */
} marsad_scan;

/* Ends the adding: zeroes the entries of by_row (the caller's, kept for
 * the next scan) and lets it go; sc->docs may then be reordered. */
void marsad_scan_seal(marsad_scan *sc);
/* Seals sc and frees what it holds. */
void marsad_scan_clear(marsad_scan *sc);

/* Adds score to the article's (scoring it when it was not). */
int marsad_scan_add(marsad_scan *sc, sqlite3_int64 rowid, double score);

#define NO_DAY INT32_MIN

/* Frees what search.c keeps with the store (marsad_store_close). */
void marsad_search_clear(marsad_store *s);

/* Brings db to MARSAD_STORE_VERSION (schema.c), all steps in one
 * transaction; a file of a newer version is refused. */
int marsad_schema_upgrade(sqlite3 *db);

/* Maps an SQLite result code to MARSAD_E*. */
int marsad_store_err(int rc);

/* Binds s as text, or NULL when s is NULL; s must outlive the step. */
static inline void marsad_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

#endif
