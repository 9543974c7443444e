/*
 * summary_int.h — what the summarizer's files share.
 *
 *   fingerprint.c  term hashes, shingles, the overlap coefficient
 *   words.c        an article's words kept at ingest: prepared, packed
 *                  into a BLOB and read back
 *   rows.c         the article's rows as the store keeps them, carried
 *                  in the same BLOB; the speaker of a stored quotation
 *   story.c        an article analyzed once, whatever story it joins (an
 *                  sm_doc); a story's records: articles and their
 *                  sentences, terms, entities, dates and quotes, added one
 *                  analyzed article at a time; copies among sentences
 *                  (shingle postings, which select.c's quotations use
 *                  too; union-find)
 *   select.c       scoring and the result: headline, summary (centroid,
 *                  entity salience, MMR), timeline, cast, quotes
 *   render.c       the result as JSON and as text
 *   rouge.c        ROUGE-1, -2 and -L
 */
#ifndef MARSAD_SUMMARY_INT_H
#define MARSAD_SUMMARY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "marsad/entity.h"
#include "marsad/link.h"
#include "marsad/summary.h"

/* ---- fingerprint.c ---------------------------------------------------- */

/* FNV-1a of a term, 32 bits (ROUGE). */
uint32_t sm_hash(const char *s, size_t len);

/*
 * The summary's name for stem s[0, n): SM_STEM_BITS bits that the story
 * dictionary and the kept words (5 bytes a stem) use instead of the
 * stem's bytes. A multiply per 8 bytes (the last 8 read overlapping those
 * before; a stem of 4 to 7 bytes as its first 4 and last 4, of fewer as
 * its bytes), the product's halves mixed and cut: two stems of a story
 * share one with a chance of about n²/2⁴¹ for n distinct stems (one in
 * 50,000 for a story of 3,000 stems; the two would count as one term).
 * Little-endian whatever the machine: the value is stored. Inline:
 * called for every term.
 */
#define SM_STEM_BITS 40
static inline uint64_t sm_stem_id(const char *s, size_t n)
{
	const uint64_t mul = 0x9e3779b97f4a7c15u;
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = (n + 1) * mul, w = 0;
	if (n >= 4) {
		if (n >= 8) {
			for (size_t i = 8; i < n; i += 8) {
				h = (h ^ marsad_load_le64(p + i - 8)) * mul;
				h ^= h >> 32;
			}
			w = marsad_load_le64(p + n - 8);
		} else {
			w = (uint64_t)marsad_load_le32(p) << 32 |
			    marsad_load_le32(p + n - 4);
		}
	} else if (n) {
		w = (uint64_t)p[0] << 16 | (uint64_t)p[n / 2] << 8 | p[n - 1];
	}
	h = (h ^ w) * mul;
	return (h ^ (h >> 32)) & (((uint64_t)1 << SM_STEM_BITS) - 1);
}

/* Sorts v[0, n) ascending: quicksort down to runs of 16, which insertion
 * sort finishes (fingerprint.c). */
void sm_sort_u32(uint32_t *v, size_t n);

/* qsort(), stably: an insertion sort for up to SM_SORT_SMALL elements of
 * up to SM_SORT_SIZE bytes (a story's articles, sentence groups, timeline
 * points, entities: mostly a handful, where qsort() costs a merge sort's
 * setup), else qsort() (glibc's merge sort, stable). */
#define SM_SORT_SMALL 16
#define SM_SORT_SIZE 64
void sm_sort(void *base, size_t n, size_t size,
	     int (*cmp)(const void *, const void *));

/* The fingerprint of a sequence of term hashes (see summary.h): appended
 * to *out (a growable array of *n entries, *cap allocated), distinct
 * within what this call appends, in no particular order. */
int sm_shingles(const uint32_t *terms, size_t n_terms, uint32_t **out,
		size_t *n, size_t *cap);

/* sm_shingles() of n_terms terms (MARSAD_LINK_SHINGLE or more) whose
 * shingles copy detection has hashed already: sh, n_terms −
 * MARSAD_LINK_SHINGLE + 1 of them. */
int sm_shingles_of(const uint32_t *sh, size_t n_terms, uint32_t **out,
		   size_t *n, size_t *cap);

/* The overlap coefficient of two sets of distinct hashes, in any order
 * (marsad_summary_similarity()). */
double sm_overlap(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* A growable array of uint32. */
typedef struct sm_vec {
	uint32_t *v;
	size_t n, cap;
} sm_vec;

/* sm_vec_reserve() when a must grow. */
int sm_vec_grow(sm_vec *a, size_t extra);

/* Grows a so that `extra` more entries fit (inline: called per sentence
 * and per fingerprint, nearly always with room). */
static inline int sm_vec_reserve(sm_vec *a, size_t extra)
{
	return a->n + extra <= a->cap ? 0 : sm_vec_grow(a, extra);
}

/* Appends x (inline: the summarizer pushes once per analyzer token). */
static inline int sm_vec_push(sm_vec *a, uint32_t x)
{
	if (a->n == a->cap && sm_vec_grow(a, 1) < 0)
		return MARSAD_ENOMEM;
	a->v[a->n++] = x;
	return 0;
}

/* ---- story.c ------------------------------------------------------------ */

#define SM_NONE UINT32_MAX

typedef struct sm_art {
	char *key, *title, *outlet, *published; /* published NULL: unknown */
	uint32_t outlet_id;      /* distinct outlets of the story, from 0 */
	uint32_t first_sent, n_sent;
	uint32_t title_off, n_title; /* title term ids in s->terms */
	uint32_t title_words;
	int title_ok;            /* a title that can head the story */
	uint32_t rank;           /* position in publication order (result) */
} sm_art;

/* Sentence flags. */
#define SM_ELIGIBLE 0x01u /* may appear in the summary */
#define SM_CONTENT  0x02u /* not boilerplate and long enough: may carry a
			     timeline point */
#define SM_LEANS    0x04u /* opens by pointing back ("وأضاف", "المصدر
			     نفسه"): weak alone */

typedef struct sm_sent {
	uint32_t art, pos;       /* article and position in it */
	uint32_t words;          /* words, stopwords included */
	uint32_t term_off, n_terms; /* term ids, as the sentence has them,
				       in s->terms */
	uint32_t fp_off, n_fp;   /* fingerprint in s->fps */
	uint32_t ent_off, n_ent; /* distinct entity ids in s->ents */
	uint32_t text;           /* offset in s->pool, SM_NONE: not kept */
	uint32_t parent;         /* union-find over copies */
	unsigned flags;          /* SM_* */
	double score;            /* result scratch */
	double norm;             /* result scratch: ‖tf·idf‖ */
} sm_sent;

typedef struct sm_date {
	uint32_t sent;
	char value[11];
	marsad_date_granularity granularity;
} sm_date;

typedef struct sm_quote {
	uint32_t art, start;
	uint32_t text;           /* offset in s->pool */
	uint32_t entity;         /* speaker's entity id */
	uint32_t fp_off, n_fp;
	char verb[32];
	int direct;
} sm_quote;

typedef struct sm_entity {
	uint32_t mentions, articles, last_art;
	uint32_t places;         /* mentions tagged LOC */
	uint32_t n_outlets;      /* distinct outlets naming it */
	uint64_t outlet_bits;    /* which of the outlet ids below 64: a
				    story has a few outlets, and an entity
				    then no list of its own */
	sm_vec more_outlets;     /* the outlet ids from 64 on */
} sm_entity;

/* A term of the story's dictionary, with its counts. */
typedef struct sm_term {
	uint64_t stem;           /* sm_stem_id() of its stem */
	uint32_t df_sent;        /* sentences holding it */
	uint32_t counted;        /* the last sentence counted in df_sent + 1 */
} sm_term;

/* A slot of the shingle postings: a shingle and the head of its list
 * (node + 1; 0: an empty slot). */
typedef struct sm_post {
	uint32_t key, head;
} sm_post;

/* A posting: a record holding the shingle, and the next (node + 1; 0:
 * the last). */
typedef struct sm_node {
	uint32_t rec, next;
} sm_node;

/* Shingle postings (story.c): for each shingle, the records (sentences,
 * quotations: numbered from 0) whose fingerprints hold it, the latest
 * first. Zeroed: empty. */
typedef struct sm_postings {
	sm_post *sh;             /* open addressing by shingle */
	size_t slots, used;
	sm_node *node;
	size_t n_node, cap_node;
} sm_postings;

struct marsad_summary {
	marsad_summary_opts o;
	sm_art *art;
	size_t n_art, cap_art;
	char **outlets;          /* by outlet id */
	size_t n_outlets, cap_outlets;

	sm_sent *sent;
	size_t n_sent, cap_sent;
	sm_vec terms, fps, ents; /* pools the records point into */
	marsad_buf pool;         /* kept texts, each NUL-terminated */

	sm_term *term;           /* the dictionary, by id */
	size_t n_term, cap_term;
	uint32_t *slot;          /* open addressing: id + 1, 0 empty */
	size_t n_slots;

	sm_postings post;        /* the content sentences' shingles */
	uint32_t *count;         /* scratch by sentence: shared shingles */
	sm_vec touched;          /* scratch: the sentences counted, room
				    for every one (n unused) */
	size_t cap_count;

	sm_date *date;
	size_t n_date, cap_date;
	sm_quote *quote;
	size_t n_quote, cap_quote;

	marsad_entity_index *ix;
	sm_entity *ent;          /* by entity id */
	size_t n_ent, cap_ent;

	int failed;              /* an add ran out of memory half way */

	/* the result (select.c), rebuilt when dirty */
	int dirty;
	marsad_summary_result res;
	void *res_mem[8];        /* what the result's arrays live in */
};

/*
 * An article analyzed once, what joining any story needs: a story's
 * summary and its topic's add the same sm_doc. Its strings are the
 * article's (sm_doc_new()).
 */
typedef struct sm_dterm {
	uint64_t id;             /* sm_stem_id() of the stem: what the story
				    dictionary knows it by */
	uint32_t link;           /* the stem's skeleton hash (text.h), its
				    shingles' input: while the words are
				    worked out (0 when read back, their
				    fingerprints made) */
	uint32_t stem;           /* the stem's number, below d->n_stems: the
				    terms of one stem share it, numbered in
				    order of first use */
} sm_dterm;

typedef struct sm_dsent {
	uint32_t start, end;     /* its text, a leading byline left out */
	uint32_t words, n_terms; /* its terms follow the previous sentence's */
	uint32_t ment_off, n_ment; /* the mentions starting in it, in d->ment */
	uint32_t fp_off, n_fp;   /* its fingerprint in d->fps */
	unsigned flags;          /* SM_* */
} sm_dsent;

typedef struct sm_dquote {
	uint32_t start, end;     /* its text */
	uint32_t mention;        /* whose entity is the speaker */
	uint32_t words, term_off, n_terms; /* a run of d->term */
	uint32_t fp_off, n_fp;   /* its fingerprint in d->fps */
	char verb[32];
	int direct;
} sm_dquote;

/* A quotation's words, its run of d->term and its fingerprint, found by
 * its span. */
typedef struct sm_qspan {
	uint32_t start, end;
	uint32_t words, term_off, n_terms;
	uint32_t fp_off, n_fp;   /* its fingerprint in d->fps */
} sm_qspan;

typedef struct sm_doc {
	/* the article's own strings (outlet: the key when unknown; title ""
	 * when none) */
	const char *key, *title, *outlet, *published;
	const char *text;
	size_t text_len;
	sm_dterm *term;          /* the title's terms, then each sentence's */
	size_t n_term, cap_term;
	size_t n_stems;          /* the numbers their stems take */
	uint32_t title_words, n_title;
	int title_ok;
	sm_dsent *sent;          /* one per sentence of the article */
	size_t n_sent;
	uint32_t *ment;
	size_t n_ment, cap_ment;
	marsad_entity_mention *dm; /* distinct spellings and types */
	size_t n_dm, n_mentions;
	size_t *of;              /* mention i is dm[of[i]] */
	size_t *dm_entity;       /* dm[k]'s entity within the article (its
				    first mention's entity_of); NULL when
				    not known */
	sm_date *date;           /* sent: the sentence of the article */
	size_t n_date, cap_date;
	sm_dquote *quote;        /* the ones that may enter a result */
	size_t n_quote, cap_quote;
	sm_qspan *qspan;         /* every quotation of the article's */
	size_t n_qspan, cap_qspan;
	sm_vec fps;              /* the fingerprints of its sentences and
				    quotations: they depend on its terms
				    alone, so they are words (kept at ingest)
				    and each story it joins copies them */
} sm_doc;

/*
 * Article a (valid as marsad_summary_add() wants it, else MARSAD_EINVAL)
 * as an sm_doc (*out, sm_doc_free() it). Its words come from `words`
 * (what marsad_summary_prepare() made of this article, len bytes) when
 * that is given and fits the article, else from analyzing it (with the
 * article's own analysis when it has one). It points into the article,
 * which must outlive it: adding it to a story copies what the story
 * keeps.
 */
int sm_doc_new(const marsad_article *a, const void *words, size_t len,
	       sm_doc **out);
void sm_doc_free(sm_doc *d);

/* Whether article a is one marsad_summary_add() takes: a key, spans
 * inside the text, sentences in order. */
int sm_article_valid(const marsad_article *a);

/* Fills d's words (terms, title counts, sentences but for their
 * mentions, quotations' words, the fingerprints of both) by analyzing
 * article a; the fingerprints take copy detection's shingles from `in`,
 * a's input to the linker, when it is given (may be NULL). */
int sm_doc_words(sm_doc *d, const marsad_article *a,
		 const marsad_link_input *in);

/* The words of quotation q in d, or NULL when d's words do not hold it. */
const sm_qspan *sm_quote_words(const sm_doc *d, const marsad_quote *q);

/* ---- words.c ------------------------------------------------------------ */

/* d's words (of article a, as sm_doc_words() made them: stems numbered
 * in order of first use) as a BLOB appended to out. */
int sm_words_encode(const sm_doc *d, const marsad_article *a,
		    marsad_buf *out);

/* Fills d's words from a BLOB of sm_words_encode(); MARSAD_EINVAL when it
 * is damaged, of another format version or does not fit article a (its
 * sentences or quotations), and d's words are then partly filled. */
int sm_words_decode(sm_doc *d, const marsad_article *a, const void *p,
		    size_t len);

/* Where the rows section of a BLOB of sm_words_encode() lies: 1 and *r
 * over it when the BLOB carries the article's rows (rows.c), else 0. */
int sm_words_rows(const void *p, size_t len, marsad_varint_reader *r);

/* ---- rows.c ------------------------------------------------------------- */

/*
 * The mention that speaks for quotation k of article a (a stored one:
 * its mentions and quotations as persist.c reads them), found from what
 * the store keeps of the speaker: the first mention of the speaker's
 * entity (speaker, compared with entity[i], mention i's; 0: none); else
 * the mention holding the speaker's spelling `name` (NULL: none) where it
 * is written next to the quotation; else one spelled as it.
 * a->n_mentions when none.
 */
size_t sm_speaker_mention(const marsad_article *a, size_t k,
			  const int64_t *entity, int64_t speaker,
			  const char *name);

/* Appends article a's rows (the rows section) to out, or nothing when
 * the store would not keep them all as they are. */
int sm_rows_encode(const marsad_article *a, marsad_buf *out);

/* Grows *arr (items of `size` bytes, *cap allocated, 64 at first,
 * doubling) to hold n. */
int sm_fit(void *arr, size_t *cap, size_t n, size_t size);

/* Arrays an article's rows are read into, reused from article to
 * article (sm_rows_clear() them). */
typedef struct sm_rows {
	marsad_span *sent;
	marsad_mention *ment;
	char **canon;
	size_t *entity_of;
	size_t *name_at;
	marsad_date *date;
	marsad_quote *quote;
	size_t cap_sent, cap_ment, cap_canon, cap_entity_of, cap_name_at,
		cap_date, cap_quote;
	marsad_buf names;        /* canonical names, NUL-ended */
} sm_rows;

void sm_rows_clear(sm_rows *r);

/* Fills a's sentences, mentions, canonical names, the mentions'
 * entities within the article (when carried), dates and quotations
 * (pointing into r) from the rows a BLOB of sm_words_encode() carries
 * for the article whose document is d and content hash `hash`: 0, or
 * MARSAD_EINVAL when it carries none, or another article's, or they are
 * damaged (a is then partly filled). */
int sm_rows_decode(const void *p, size_t len, const marsad_doc *d,
		   uint64_t hash, sm_rows *r, marsad_article *a);

/* What prepared words p are for: the article's key (returned), its store
 * id (0: not known), its content hash, and the BLOB. */
const char *sm_prep_key(const marsad_summary_prep *p, int64_t *article,
			uint64_t *hash, const void **data, size_t *len);

/* Adds an analyzed article to the story: marsad_summary_add() without
 * the analysis. */
int sm_doc_add(marsad_summary *s, const sm_doc *d);

uint32_t sm_find(sm_sent *sent, uint32_t x);
const char *sm_text(const marsad_summary *s, uint32_t off);

/* Room in p for n more postings. */
int sm_postings_reserve(sm_postings *p, size_t n);

/* Counts in count[] (by record, zero on entry) the shingles of fp[0, n)
 * (distinct) that each record posted before shares, lists each record it
 * counted in touched[] (returns how many: the caller zeroes their counts)
 * and posts record x under them, where sm_postings_reserve() made room. */
size_t sm_postings_add(sm_postings *p, const uint32_t *fp, uint32_t n,
		       uint32_t x, uint32_t *count, uint32_t *touched);

void sm_postings_clear(sm_postings *p);

/* ---- select.c ------------------------------------------------------------ */

/* Frees the last result. */
void sm_result_clear(marsad_summary *s);

/* ---- render.c ------------------------------------------------------------ */

/* marsad_summary_json(), with its "timeline" array only when `timeline`
 * (a stored story keeps its points as rows of the timeline table). */
int sm_json(const marsad_summary_result *r, int timeline, char **out,
	    size_t *len);

#endif
