/*
 * link_int.h — what the linker's files share.
 *
 *   terms.c    the term dictionary, document frequencies, weighted term
 *              vectors and their cosine, the top-term inverted index
 *   copies.c   shingles, the sampled shingle index, passage alignment,
 *              direction and stated sources
 *   linker.c   articles in: add-time stories, accessors
 *   story.c    settling: stories, headlines, topics; explanations
 *   persist.c  the store's tables
 */
#ifndef MARSAD_LINK_INT_H
#define MARSAD_LINK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "marsad/link.h"

/* A term of an article: its id in the dictionary and its damped
 * frequency 1 + ln tf (a title occurrence counts TITLE_WEIGHT, a name
 * NAME_WEIGHT...). The top bit of id marks a name, the next one a term
 * of the article's lead: its title and first LK_LEAD_TERMS body terms. */
typedef struct lk_term {
	uint32_t id;
	float tf;
} lk_term;

#define LK_NAME_BIT 0x80000000u
#define LK_LEAD_BIT 0x40000000u
#define LK_FLAGS (LK_NAME_BIT | LK_LEAD_BIT)
#define LK_ID(x) ((x) & ~LK_FLAGS)
#define LK_ID_MAX LK_LEAD_BIT /* dictionary ids stay below the flags */
#define LK_LEAD_TERMS 40 /* body terms of a lead: its first sentence or two */
#define LK_TOP 16 /* strongest terms of an article that index it */

/* A growable array of uint32 (postings, lists). */
typedef struct lk_vec {
	uint32_t *v;
	uint32_t n, cap;
} lk_vec;

int lk_vec_push(lk_vec *a, uint32_t x);

typedef struct lk_article {
	char *key, *title, *outlet, *published, *credit;
	uint64_t hash;      /* marsad_article.content_hash */
	int64_t t;          /* unix seconds; LK_NO_TIME when unknown */
	int agency;         /* the outlet is a news agency */
	lk_term *terms;     /* sorted by id */
	uint32_t n_terms;
	uint32_t *sh;       /* shingle hash at each term position */
	uint32_t *start, *end; /* byte span of each body term */
	uint32_t n_tok;     /* body terms (positions) */
	int ordered;        /* start and end each ascending (copies.c) */
	int64_t story;      /* story id; 0 = none yet */
	int64_t story0;     /* story id as last loaded or saved; 0 = none */
	uint32_t top[LK_TOP]; /* its strongest terms when it was added */
	uint32_t n_top;
	uint32_t heavy[LK_TOP]; /* where its top terms are in terms[] */
	uint32_t n_heavy;
	uint32_t edge0, n_edge; /* its candidate edges (to earlier articles):
				   l->edge[edge0 .. edge0 + n_edge) */
	int saved;          /* its linking row is in the store */
	float norm;         /* norm of the weighted vector when there were */
	uint32_t norm_n;    /* norm_n articles (0 = never): a cache */
	uint32_t uf;        /* union-find parent (add-time stories) */
} lk_article;

#define LK_NO_TIME INT64_MIN
#define LK_EDGE_MIN 0.2 /* cosine of the candidate edges kept for settling */
#define LK_SHINGLE MARSAD_LINK_SHINGLE /* analyzer terms per shingle */

/* A distinct term of a prepared article: where it starts in the input's
 * words, its length and its hash (the dictionary's). */
typedef struct lk_word {
	uint32_t off, len, hash;
} lk_word;

/* An article prepared for adding (marsad_link_prepare): its terms with
 * ids local to it, resolved by the dictionary when it is added. */
struct marsad_link_input {
	char *key, *title, *outlet, *published, *credit;
	uint64_t hash;
	char *words;        /* its distinct terms, NUL-terminated, */
	lk_word *word;      /* by local id */
	uint32_t n_words;
	lk_term *terms;     /* local ids, sorted, merged; tf final */
	uint32_t n_terms;
	uint32_t *sh;       /* shingle hashes, n_tok - LK_SHINGLE + 1 */
	uint32_t *start, *end; /* byte span of each body term */
	uint32_t n_tok;
};
typedef struct marsad_link_input lk_input;

/* idf² of a document frequency as last computed, and the number of
 * articles then + 1 (0 = never). */
typedef struct lk_idf {
	float idf2;
	uint32_t n1;
} lk_idf;

/* A slot of the dictionary's hash table: id + 1 (0 = empty) and the
 * word's full hash, which turns away most other words met on the way. */
typedef struct lk_dict_slot {
	uint32_t id1, hash;
} lk_dict_slot;

/* The term dictionary: normalized stem → id, with document frequencies. */
typedef struct lk_dict {
	char **word;        /* by id */
	uint32_t *df;       /* by id */
	lk_vec *post;       /* by id: articles having it among their top terms */
	uint32_t n, cap;
	lk_dict_slot *slot; /* open addressing */
	uint32_t n_slots;
	lk_idf *idf;        /* by df: a cache */
	uint32_t n_idf;
} lk_dict;

/* A candidate story link, re-weighed at settle. */
typedef struct lk_edge {
	uint32_t a, b;
	float sim;
} lk_edge;

/* A slot of the shingle index (open addressing): a sampled shingle hash
 * and its postings, a list of nodes newest first; n = 0 is an empty slot.
 * One allocation for all postings: most shingles are held by one article,
 * and a vector of their own would cost them far more than the posting. */
typedef struct lk_sh_slot {
	uint32_t key, n;
	uint32_t head;      /* its newest node, an index into sh_node */
} lk_sh_slot;

typedef struct lk_sh_node {
	uint32_t art;       /* the article holding the shingle */
	uint32_t next;      /* the next older node + 1; 0 = none */
} lk_sh_node;

struct marsad_linker {
	marsad_link_opts o;
	lk_article *art;
	size_t n, cap;
	lk_dict dict;

	/* sampled shingle index: hash → postings (articles) */
	lk_sh_slot *sh;
	size_t sh_slots, sh_used;
	lk_sh_node *sh_node;
	size_t n_sh_node, cap_sh_node;

	/* how many articles hold each shingle: a count-min sketch
	 * (copies.c) */
	uint8_t *sh_df;

	lk_edge *edge;
	size_t n_edge, cap_edge;

	marsad_copy *copy;
	size_t n_copy, cap_copy;

	int64_t next_story;

	/* adding's scratch, by article: the score of each earlier article
	 * the newest one met, where cand_of holds the newest one's id + 1;
	 * the articles met, in order */
	float *cand_score;
	uint32_t *cand_of;
	uint32_t *cand_met;
	size_t cap_cand;
	/* lk_copies_add's scratch, by article: the number of the newest
	 * one's sampled shingles it holds, where shared_of holds the newest
	 * one's id + 1; the articles met, in order; the newest one's shingle
	 * table */
	uint32_t *shared_n, *shared_of, *shared_met;
	size_t cap_shared;
	uint32_t *sh_pos;
	size_t cap_sh_pos;
	/* by term: the newest article's weights (lk_query_set), else 0 */
	double *query;
	size_t cap_query;

	/* persistence (persist.c) */
	int rebuilt;        /* built from the stored texts: saving rewrites
			       every row (dictionary ids are new) */
	uint32_t n_words_saved; /* dictionary words in the store */
	size_t n_copy_saved;    /* copies in the store */
	int64_t *sid;       /* by article: its store id, 0 = not known yet */
	size_t cap_sid;
	int64_t *topic0;    /* by story id < n_topic0: topic when loaded */
	size_t n_topic0;
	int unsettled;      /* stories joined and named (lk_settle_stories)
			       but no results: saving leaves the stored
			       stories */

	/* results of settle */
	marsad_story *story;
	size_t n_story;
	size_t *story_members; /* storage of every story's article list */
	marsad_topic_link *tlink;
	size_t n_tlink;
};

/* ---- terms.c ---------------------------------------------------------- */

void lk_dict_clear(lk_dict *d);
/* The id of w (added with df 0 when new), or -1 when out of memory. */
int64_t lk_dict_id(lk_dict *d, const char *w, size_t len);

/* idf² of document frequency df with n articles known, computed and
 * cached (lk_weight's slow path). */
float lk_idf2_new(const lk_dict *d, size_t n, uint32_t df);

/* Term weight of t in an article under the current frequencies, with
 * n articles known. */
static inline double lk_weight(const lk_dict *d, size_t n, const lk_term *t)
{
	uint32_t df = d->df[LK_ID(t->id)];
	float v = df < d->n_idf && d->idf[df].n1 == (uint32_t)n + 1
		  ? d->idf[df].idf2 : lk_idf2_new(d, n, df);
	return t->tf * (double)v;
}

/* Euclidean norm of an article's weighted vector. */
double lk_norm(const lk_dict *d, size_t n, const lk_article *a);
/* Cosine of two articles' weighted vectors. */
double lk_cosine(const lk_dict *d, size_t n, const lk_article *a,
		 const lk_article *b);
/* The ids of a's LK_TOP strongest terms, strongest first; returns how
 * many (at most LK_TOP). */
size_t lk_top_terms(const lk_dict *d, size_t n, const lk_article *a,
		    uint32_t out[LK_TOP]);

/* The positions in a's terms of its top terms (a->top) into a->heavy,
 * each once (a row read back may hold any ids). */
void lk_find_heavy(lk_article *a);

/* One article compared with many: lk_query_set spreads a's weights
 * under n articles into q (by term id, zero elsewhere; room for every
 * term of the dictionary, lk_query_reserve) and keeps a's norm; with at,
 * it also returns a's top terms as lk_top_terms does, but as positions in
 * a's terms. lk_query_cosine is then lk_cosine(d, n, a, b), bit for bit,
 * when that is at least `least` (always, with least 0), and some value
 * below it otherwise, found without weighing all of b's terms when a
 * bound rules it out; lk_query_clear zeroes q again. */
size_t lk_query_set(const lk_dict *d, size_t n, const lk_article *a,
		    double *q, uint32_t at[LK_TOP]);
double lk_query_cosine(const lk_dict *d, size_t n, const lk_article *a,
		       const double *q, const lk_article *b, double least);
void lk_query_clear(const lk_article *a, double *q);
/* Settling's re-weighing of an edge: lk_query_cosine(d, n, a, q, b, 0),
 * bit for bit, and in *agree how well the leads of a and b agree with
 * what the two share (story.c): for each article, the share of the dot
 * product that its lead's terms hold divided by the share of its norm
 * that they hold (|lead| / |whole|), the smaller of the two; 1 when the
 * two share no term. An article whose lead holds its whole weight gives
 * 1, one whose lead holds nothing of what the two share 0. lead marks
 * a's lead terms by term id (non-zero), share_a is a's share; *share_b
 * is b's, worked out and kept there when negative. */
double lk_query_reweigh(const lk_dict *d, size_t n, const lk_article *a,
			const double *q, const unsigned char *lead,
			double share_a, const lk_article *b, double *share_b,
			double *agree);

/* Sorts terms by id, equal ids in the order they had. */
int lk_sort_terms(lk_term *t, size_t n);
/* Sorts terms by id and merges the entries of one id, adding their tf in
 * that order; a term is a name when any entry was. *n becomes the number
 * of distinct ids. */
int lk_merge_terms(lk_term *t, size_t *n);
/* Fills in's terms (a's title and body), body spans and shingles, from
 * a's analyses when it has them. Needs no linker. */
int lk_prepare_terms(lk_input *in, const marsad_article *a);
/* Moves in's terms, shingles and spans into a, with dictionary ids; the
 * dictionary learns the new words and their document frequencies. */
int lk_intern(marsad_linker *l, lk_input *in, lk_article *a);

/* ---- copies.c ---------------------------------------------------------- */

/* Non-zero when an outlet name is a news agency's. */
int lk_is_agency(const char *outlet);
/* The stated source written in a text ("(واس)", "وكالة الأنباء
 * السعودية"), as a new string, or NULL. */
char *lk_credit_in_text(const marsad_analysis *words, const char *s,
			size_t len);
/* Makes a new linker's count of the articles holding each shingle. */
int lk_copies_init(marsad_linker *l);
/* Finds the passages article `id` shares with earlier ones and records
 * them; indexes its sampled shingles and counts its shingles. */
int lk_copies_add(marsad_linker *l, uint32_t id);
/* Indexes article id's sampled shingles and counts its shingles only
 * (its passages are known: an article read back from the store). */
int lk_copies_index(marsad_linker *l, uint32_t id);
/* Appends a copy to the linker's list. */
int lk_copy_push(marsad_linker *l, const marsad_copy *c);
/* The passages two articles share, appended to *out (caller frees),
 * judged by the shingles' document frequencies as they now are; used by
 * explanations. */
int lk_align(const marsad_linker *l, uint32_t a, uint32_t b,
	     marsad_copy **out, size_t *n);

/* ---- linker.c ---------------------------------------------------------- */

/* Root of x in the union-find over articles (path halving). */
uint32_t lk_find(lk_article *art, uint32_t x);
/* "YYYY-MM-DD[THH:MM:SS]" → unix seconds, LK_NO_TIME when not a date. */
int64_t lk_parse_time(const char *s);
/* A new article slot at the end of l->art (zeroed), or NULL. */
lk_article *lk_article_push(marsad_linker *l);
/* Indexes the newest article by its strongest terms (recording them). */
int lk_index_top(marsad_linker *l, uint32_t id);
int lk_add_edge(marsad_linker *l, uint32_t a, uint32_t b, double sim);
/* Room in l->query for every term of the dictionary. */
int lk_query_reserve(marsad_linker *l);

/* Makes room for `need` elements of `size` bytes in the array *p of *cap
 * elements, its capacity doubled from `first` as often as needed; with
 * `zero` the elements past the old capacity are zeroed. 0, or
 * MARSAD_ENOMEM with *p and *cap as they were. */
int lk_grow(void **p, size_t *cap, size_t need, size_t size, size_t first,
	    int zero);
/* ---- story.c ------------------------------------------------------------ */

/* The part of settling that names each article's story (art[].story and
 * the union-find art[].uf, as marsad_linker_settle leaves them), without
 * the results (stories, headlines, topics): what adding more articles and
 * settling again need of a linker read back from the store. */
int lk_settle_stories(marsad_linker *l);
/* Frees the results of the last settle. */
void lk_results_free(marsad_linker *l);
/* Where story `id` is, or would go, in l->story (sorted by id). */
size_t lk_story_index(const marsad_linker *l, int64_t id);

/* Are two articles close enough in time to report one story? */
int lk_in_window(const marsad_linker *l, const lk_article *a,
		 const lk_article *b);

#endif
